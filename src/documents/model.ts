/**
 * The document model: what a Niederschrift, an Einladung, a Nachtrag or a Beschlussauszug says, as
 * blocks, before any layout. Builders (builders.ts) make it from the data; renderers (text, HTML,
 * PDF) print it; the public variant is made by ONE redaction step on this model (redact.ts).
 *
 * All strings are final German text: renderers do not phrase, they only lay out.
 */

export type DocumentKind = 'minutes' | 'invitation' | 'supplement' | 'extract';
export type DocumentVariant = 'public' | 'full';

export interface DocumentMeta {
  kind: DocumentKind;
  variant: DocumentVariant;
  /** Document title for metadata and the HTML <title>: "Niederschrift zur Sitzung des Ausschusses … am 18.02.2021". */
  title: string;
  /** The body that issues it (PDF author). */
  author: string;
  /** Subject line for metadata. */
  subject: string;
  /** BCP 47 language, always German. */
  lang: 'de-DE';
  /** Date the document was written (ISO date), if known. */
  date: string | null;
  /** Stable download name without extension: "Niederschrift_Ausschuss-fuer-Digitalisierung_2021-02-18". */
  fileBaseName: string;
  /** Keywords for metadata. */
  keywords: string[];
}

/** Who to ask, printed in the letterhead ("Es informiert Sie: …"). */
export interface ContactLine {
  label: string;
  value: string;
}

export interface LetterheadBlock {
  type: 'letterhead';
  /** "Kreis Mettmann", "Der Kreistag", "Ausschuss für Digitalisierung". */
  lines: string[];
  contact: ContactLine[];
  /** "Mettmann, den 03.03.2021". */
  placeAndDate: string | null;
}

export interface TitleBlock {
  type: 'title';
  /** "Niederschrift" */
  text: string;
  /** "zur Sitzung des Ausschusses für Digitalisierung" */
  subtitle: string | null;
}

/** Label–value lines: "Sitzungstermin" → "Donnerstag, den 18.02.2021, 16:30 Uhr". */
export interface FactsBlock {
  type: 'facts';
  rows: { label: string; value: string }[];
}

export interface AttendanceEntry {
  name: string;
  /** "Stellvertreter für Herrn Burghaus", "ab 17:10 Uhr", a function. */
  notes: string[];
}

export interface AttendanceBlock {
  type: 'attendance';
  heading: string;
  groups: { label: string; entries: AttendanceEntry[] }[];
}

export interface AgendaEntry {
  number: string;
  title: string;
  /** "hier: Anfrage der Fraktion … vom 11.02.2021" */
  subtitle: string | null;
  paperReference: string | null;
  /** Nesting depth: 0 for "1", 1 for "1.1". */
  depth: number;
  supplement: boolean;
  public: boolean;
}

export interface AgendaPart {
  /** "Öffentlicher Teil" / "Nicht öffentlicher Teil" */
  label: string;
  public: boolean;
  entries: AgendaEntry[];
}

export interface AgendaBlock {
  type: 'agenda';
  heading: string;
  parts: AgendaPart[];
}

/** "Öffentlicher Teil" before the item sections of that part. */
export interface PartHeadingBlock {
  type: 'part-heading';
  text: string;
  public: boolean;
}

export interface ParagraphBlock {
  type: 'paragraph';
  text: string;
}

/** "Beschluss:" / "Beschlussvorschlag:" / none for a Kenntnisnahme, then the text. */
export interface ResolutionBlock {
  type: 'resolution';
  heading: string | null;
  paragraphs: string[];
}

export interface VoteBlock {
  type: 'vote';
  /** "Abstimmungsergebnis: einstimmig angenommen" */
  result: string;
  /** "1 Enthaltung AfD-Fraktion", counts, roll-call lists. */
  details: string[];
}

export interface AddendumBlock {
  type: 'addendum';
  heading: string;
  paragraphs: string[];
}

export type ItemContent = ParagraphBlock | ResolutionBlock | VoteBlock | AddendumBlock;

/** One agenda item's section: "Zu Punkt 2: … - Vorlage Nr. 10/002/2021". */
export interface ItemSectionBlock {
  type: 'item';
  number: string;
  /** Heading as printed: "Zu Punkt 2: Bestellung … - Vorlage Nr. 10/002/2021". */
  heading: string;
  public: boolean;
  content: ItemContent[];
  attachments: { label: string; name: string; fileName: string }[];
}

/** Text that stands for left-out content: "[...]". */
export interface RedactedBlock {
  type: 'redacted';
  text: string;
}

export interface SignaturesBlock {
  type: 'signatures';
  entries: { prefix: string; name: string; role: string }[];
}

export type Block =
  | LetterheadBlock
  | TitleBlock
  | FactsBlock
  | AttendanceBlock
  | AgendaBlock
  | PartHeadingBlock
  | ParagraphBlock
  | ItemSectionBlock
  | RedactedBlock
  | SignaturesBlock;

export interface DocumentModel {
  meta: DocumentMeta;
  blocks: Block[];
}

export interface AgendaNode {
  entry: AgendaEntry;
  children: AgendaNode[];
}

/** The flat agenda entries as a tree by depth: "1.1" under the "1" before it. */
export function agendaTree(entries: AgendaEntry[]): AgendaNode[] {
  const roots: AgendaNode[] = [];
  const stack: AgendaNode[] = [];
  for (const entry of entries) {
    const node: AgendaNode = { entry, children: [] };
    while (stack.length > 0 && (stack.at(-1) as AgendaNode).entry.depth >= entry.depth) stack.pop();
    (stack.at(-1)?.children ?? roots).push(node);
    stack.push(node);
  }
  return roots;
}
