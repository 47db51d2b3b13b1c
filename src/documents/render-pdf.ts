/**
 * PDF renderer for the document model: a tagged (accessible) A4 PDF with PDF/A-2b markers.
 *
 * - Fonts: Noto Sans from @fontsource/noto-sans (see pdf-fonts.ts), embedded as subsets. Letters outside
 *   the latin subset (Ł, ş, Đ, Greek, Cyrillic) come from the package's other subsets; such lines are
 *   wrapped here, not by pdfkit. Characters no subset has print as U+FFFD with the original as ActualText.
 * - Structure tree in reading order: Document > Div (letterhead: P, Table/TR/TH/TD), H1 (title and
 *   subtitle), Table (facts), H2 + Sect > H3 + L/LI/LBody (attendance), H2 + Sect > H3 + L/LI/Lbl/LBody
 *   (agenda, sub-items nested in the LBody), H2 (parts), Sect > H3 + P/H4 (item sections; attachments as
 *   L), P (redacted text), Div > P (signatures). Page numbers are artifacts. Bookmarks for H2/H3.
 * - Text layer: blocks side by side are only rows (label and value, number and title on one line, the
 *   paper number on the last line of the title), so pdftotext gives the model's reading order.
 * - Layout: headings are kept with the start of what follows, agenda entries, table rows, votes and
 *   signatures are kept whole, paragraphs flow across pages (at least two lines before a page break).
 * - PDF/A-2b: pdfkit's `subset: 'PDF/A-2b'` (pdfaid in XMP, sRGB output intent), PDF 1.7, every font
 *   embedded; the XMP packet is written here (escaped, with ModifyDate) to match the Info dictionary.
 *   This is markers plus the properties pdfkit can give, not a validated conformance.
 * - Deterministic: with the same creationDate and model the bytes are identical.
 */
import PDFDocument from 'pdfkit';
import type {
  AddendumBlock,
  AgendaBlock,
  AgendaEntry,
  AttendanceBlock,
  Block,
  DocumentModel,
  FactsBlock,
  ItemContent,
  ItemSectionBlock,
  LetterheadBlock,
  ResolutionBlock,
  SignaturesBlock,
  TitleBlock,
  VoteBlock,
} from './model.ts';
import { type AgendaNode, agendaTree } from './model.ts';
import { type FontFace, type FontStyle, primaryFace, splitRuns, substitute, type TextRun } from './pdf-fonts.ts';

export interface RenderPdfOptions {
  /** CreationDate and ModDate of the PDF; defaults to now. Fix it for reproducible bytes. */
  creationDate?: Date;
}

type Doc = PDFKit.PDFDocument;
type Struct = PDFKit.PDFStructureElement;

const CM = 72 / 2.54;
export const MARGINS = { top: 2 * CM, bottom: 2.5 * CM, left: 2.5 * CM, right: 2 * CM };
/** Baseline area of the footer, below the bottom margin. */
const FOOTER_Y_FROM_BOTTOM = 1.5 * CM;

const TEXT = '#000000';
const MUTED = '#4d4d4d';

export interface TextStyle {
  font: FontStyle;
  size: number;
  color: string;
  lineGap: number;
}

function style(font: FontStyle, size: number, color = TEXT, lineGap = 1.5): TextStyle {
  return { font, size, color, lineGap };
}

export const S = {
  body: style('regular', 10.5),
  bodyBold: style('bold', 10.5),
  small: style('regular', 9, MUTED, 1),
  note: style('italic', 9.5, MUTED, 1),
  letterheadFirst: style('bold', 13),
  letterhead: style('regular', 11),
  contactLabel: style('regular', 9, MUTED, 1),
  contactValue: style('regular', 9, TEXT, 1),
  placeAndDate: style('regular', 10.5),
  title: style('bold', 22, TEXT, 0),
  subtitle: style('regular', 13, TEXT, 1),
  h2: style('bold', 13.5, TEXT, 1),
  h3: style('bold', 11, TEXT, 1.5),
  h4: style('bold', 10.5),
  redacted: style('italic', 10.5, MUTED),
  footer: style('regular', 8.5, MUTED, 0),
} satisfies Record<string, TextStyle>;

/** Vertical rhythm (points). */
const GAP = {
  paragraph: 7,
  beforeH2: 20,
  beforeH3: 16,
  beforeH4: 9,
  afterHeading: 5,
  row: 3,
  listItem: 2.5,
  block: 14,
};

/** Width of the label column of facts and attendance (values start here). */
const LABEL_COLUMN = 3.9 * CM;
/** Agenda: width of one number column, and of the paper reference column at the right. */
const AGENDA_NUMBER = 1.2 * CM;
const AGENDA_REFERENCE = 2.9 * CM;

/**
 * Text as the fonts can print it. Tabs and other control characters have no glyph (they would print as
 * boxes): tabs, vertical tabs and form feeds become spaces, CR LF and CR line breaks, other C0 controls
 * are left out. The hyphen variants U+2010/U+2011 (Word's "geschützter Bindestrich") and the figure and
 * horizontal bars, which no subset has, become the hyphen-minus, en and em dash they look like.
 */
function printable(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\t\v\f]/g, ' ')
    .replace(/[^\P{Cc}\n]/gu, '') // control characters except the line break
    .replace(/[\u2010\u2011]/g, '-')
    .replace(/\u2012/g, '\u2013')
    .replace(/\u2015/g, '\u2014');
}

interface PrintOptions {
  width: number;
  align?: 'left' | 'right' | 'center';
  lineBreak?: boolean;
}

export class Writer {
  private readonly registered = new Set<string>();
  private outlineSection: PDFKit.PDFOutline | null = null;

  constructor(readonly doc: Doc) {}

  get left(): number {
    return this.doc.page.margins.left;
  }

  get width(): number {
    const { page } = this.doc;
    return page.width - page.margins.left - page.margins.right;
  }

  get top(): number {
    return this.doc.page.margins.top;
  }

  get maxY(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  private useFace(face: FontFace, size: number): void {
    if (!this.registered.has(face.name)) {
      // pdfkit accepts a parsed fontkit font as source (parsed once per process).
      this.doc.registerFont(face.name, face.font as unknown as PDFKit.Mixins.PDFFontSource);
      this.registered.add(face.name);
    }
    this.doc.font(face.name).fontSize(size);
  }

  /**
   * Prints text at (x, y). Runs needing a fallback subset are printed as continued text; characters no
   * subset has are printed as a stand-in inside a Span whose ActualText is the original text.
   */
  print(text: string, st: TextStyle, x: number, y: number, options: PrintOptions): void {
    const { doc } = this;
    doc.fillColor(st.color);
    printable(text)
      .split('\n')
      .forEach((line, lineIndex) => {
        const top = lineIndex === 0 ? y : doc.y;
        const runs = splitRuns(line, st.font);
        const only = runs[0];
        if (runs.length === 0) {
          this.useFace(primaryFace(st.font), st.size);
          doc.y = top + doc.currentLineHeight(true) + st.lineGap;
        } else if (runs.length === 1 && only && !only.missing) {
          // The common case: one face, pdfkit wraps and flows the text across pages.
          this.useFace(only.face, st.size);
          const textOptions: PDFKit.Mixins.TextOptions = {
            width: options.width,
            align: options.align ?? 'left',
            lineGap: st.lineGap,
          };
          if (options.lineBreak === false) textOptions.lineBreak = false;
          doc.text(only.text, x, top, textOptions);
        } else {
          this.printMixed(runs, st, x, top, options);
        }
      });
  }

  /**
   * Text that needs several faces, wrapped here: pdfkit's continued text breaks lines between two
   * calls (inside a word like "Łukasz", whose "Ł" comes from latin-ext) and loses its x position at
   * line breaks. Words break after white space and after hyphens; characters no subset has are printed
   * as stand-ins in a Span whose ActualText is the original text.
   */
  private printMixed(runs: TextRun[], st: TextStyle, x: number, top: number, options: PrintOptions): void {
    const { doc } = this;
    const faces: TextRun[] = [];
    for (const run of runs) faces.push(...Array.from(run.text, () => run));
    const line = runs.map((run) => run.text).join('');
    // Words with their trailing white space; each word as segments of one run.
    const words: { segments: { run: TextRun; text: string; width: number }[]; width: number; trail: number }[] = [];
    const tokens = line.split(/(?<=\s)(?=\S)|(?<=[-\u2013\u2014/])(?=[^\s\-\u2013\u2014/])/u);
    let offset = 0;
    for (const token of tokens) {
      const segments: { run: TextRun; text: string; width: number }[] = [];
      for (const char of token) {
        const run = faces[offset++] as TextRun;
        const last = segments[segments.length - 1];
        if (last && last.run === run) last.text += char;
        else segments.push({ run, text: char, width: 0 });
      }
      let width = 0;
      for (const segment of segments) {
        this.useFace(segment.run.face, st.size);
        segment.width = doc.widthOfString(segment.run.missing ? substitute(segment.text) : segment.text);
        width += segment.width;
      }
      const trailing = /\s+$/u.exec(token)?.[0] ?? '';
      this.useFace(primaryFace(st.font), st.size);
      words.push({ segments, width, trail: trailing ? doc.widthOfString(trailing) : 0 });
    }
    // Greedy lines.
    const lines: (typeof words)[] = [];
    let current: typeof words = [];
    let used = 0;
    for (const word of words) {
      if (current.length > 0 && options.lineBreak !== false && used + word.width - word.trail > options.width) {
        lines.push(current);
        current = [];
        used = 0;
      }
      current.push(word);
      used += word.width;
    }
    if (current.length > 0) lines.push(current);
    // Print line by line, starting a new page when a line does not fit.
    this.useFace(primaryFace(st.font), st.size);
    const lineHeight = doc.currentLineHeight(true) + st.lineGap;
    let y = top;
    for (const lineWords of lines) {
      if (options.lineBreak !== false && y + lineHeight > this.maxY && y > this.top) {
        (doc as unknown as { continueOnNewPage(): void }).continueOnNewPage();
        y = this.top;
      }
      const last = lineWords[lineWords.length - 1];
      const lineWidth = lineWords.reduce((sum, word) => sum + word.width, 0) - (last?.trail ?? 0);
      let segmentX = x;
      if (options.align === 'right') segmentX = x + options.width - lineWidth;
      else if (options.align === 'center') segmentX = x + (options.width - lineWidth) / 2;
      for (const word of lineWords) {
        for (const segment of word.segments) {
          this.useFace(segment.run.face, st.size);
          if (segment.run.missing) doc.markContent('Span', { actual: segment.text });
          const shown = segment.run.missing ? substitute(segment.text) : segment.text;
          doc.text(shown, segmentX, y, { lineBreak: false, lineGap: st.lineGap });
          if (segment.run.missing) doc.endMarkedContent();
          segmentX += segment.width;
        }
      }
      y += lineHeight;
    }
    doc.x = x;
    doc.y = y;
  }

  /** Height of the text when printed in the style and width (primary face metrics). */
  height(text: string, st: TextStyle, width: number): number {
    this.useFace(primaryFace(st.font), st.size);
    return this.doc.heightOfString(printable(text), { width, lineGap: st.lineGap });
  }

  lineHeight(st: TextStyle): number {
    this.useFace(primaryFace(st.font), st.size);
    return this.doc.currentLineHeight(true) + st.lineGap;
  }

  /** Height of the first lines of a paragraph that must not be left alone at the bottom of a page. */
  leadHeight(text: string, st: TextStyle, width: number, lines = 2): number {
    return Math.min(this.height(text, st, width), lines * this.lineHeight(st));
  }

  get atPageTop(): boolean {
    return this.doc.y <= this.top + 0.5;
  }

  /**
   * Starts a block: adds `spaceBefore` unless at the top of a page, and starts a new page first if
   * `needed` points (the block, or the part of it that must stay together) do not fit any more.
   */
  startBlock(spaceBefore: number, needed: number): void {
    if (this.atPageTop) return;
    if (this.doc.y + spaceBefore + needed > this.maxY) {
      this.doc.addPage();
      return;
    }
    this.doc.y += spaceBefore;
  }

  /** A structure element with content: the closure runs now, marked as content of the element. */
  content(parent: Struct, type: string, draw: () => void, options: Record<string, unknown> = {}): Struct {
    const element = this.doc.struct(type, options as PDFKit.Mixins.StructureElementOptions, draw);
    parent.add(element);
    return element;
  }

  /** A structure element whose content is drawn by several closures (each its own marked sequence). */
  contents(parent: Struct, type: string, draws: (() => void)[]): Struct {
    const element = this.element(parent, type);
    for (const draw of draws) element.add(draw);
    return element;
  }

  /** An empty structure element to add children to. */
  element(parent: Struct, type: string, options: Record<string, unknown> = {}): Struct {
    const element = this.doc.struct(type, options as PDFKit.Mixins.StructureElementOptions);
    parent.add(element);
    return element;
  }

  /** A paragraph of body width at the current position, flowing across pages. */
  paragraph(parent: Struct, text: string, st: TextStyle = S.body, spaceBefore = GAP.paragraph, type = 'P'): void {
    if (text.trim() === '') return;
    this.startBlock(spaceBefore, this.leadHeight(text, st, this.width));
    this.content(parent, type, () => this.print(text, st, this.left, this.doc.y, { width: this.width }));
  }

  /** A heading kept together with `keep` points of what follows it. */
  heading(
    parent: Struct,
    level: 1 | 2 | 3 | 4,
    text: string,
    st: TextStyle,
    spaceBefore: number,
    keep: number,
    bookmark = true,
  ): void {
    const height = this.height(text, st, this.width);
    this.startBlock(spaceBefore, height + GAP.afterHeading + keep);
    if (bookmark) this.bookmark(level, text);
    this.content(parent, `H${level}`, () => this.print(text, st, this.left, this.doc.y, { width: this.width }));
    this.doc.y += GAP.afterHeading;
  }

  /** Bookmarks (outline): parts and top-level headings at the first level, items below the part. */
  private bookmark(level: number, text: string): void {
    if (level === 1 || level === 4) return;
    const { doc } = this;
    // pdfkit's outline options (top/left of the destination) are missing from @types/pdfkit.
    const target = { top: doc.y, left: doc.page.width } as unknown as { expanded?: boolean };
    if (level === 2) {
      this.outlineSection = doc.outline.addItem(text, target);
    } else {
      (this.outlineSection ?? doc.outline).addItem(text, target);
    }
  }

  /** Ends the bookmark section (the next H3 bookmarks go to the top level). */
  endBookmarkSection(): void {
    this.outlineSection = null;
  }

  /** Decoration (rules, page numbers): marked as artifact, outside the structure tree. */
  artifact(draw: () => void, type: 'Pagination' | 'Layout' = 'Layout'): void {
    this.doc.markContent('Artifact', { type });
    draw();
    this.doc.endMarkedContent();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Blocks

function renderLetterhead(w: Writer, root: Struct, block: LetterheadBlock): void {
  const { doc } = w;
  w.startBlock(GAP.block, 0); // the letterhead comes first; anywhere else it gets some space
  const div = w.element(root, 'Div');
  // Body, council and committee at the top left.
  const leftWidth = w.width * 0.55;
  block.lines.forEach((line, index) => {
    const st = index === 0 ? S.letterheadFirst : S.letterhead;
    w.content(div, 'P', () => w.print(line, st, w.left, doc.y, { width: leftWidth }));
    if (index === 0) doc.y += 2;
  });
  // Contact block and date in the right column, below the body lines (so the text layer stays in order).
  const columnX = w.left + w.width * 0.45;
  const columnWidth = w.left + w.width - columnX;
  const labelWidth = 2.9 * CM;
  const contact = block.contact.filter((line) => line.label.trim() !== '' || line.value.trim() !== '');
  if (contact.length > 0) {
    doc.y += 12;
    const table = w.element(div, 'Table');
    for (const line of contact) {
      const y = doc.y;
      const tr = w.element(table, 'TR');
      let bottom = y;
      w.content(
        tr,
        'TH',
        () => {
          w.print(line.label, S.contactLabel, columnX, y, { width: labelWidth - 4 });
          bottom = Math.max(bottom, doc.y);
        },
        { scope: 'Row' },
      );
      if (line.value.trim() !== '') {
        w.content(tr, 'TD', () => {
          w.print(line.value, S.contactValue, columnX + labelWidth, y, { width: columnWidth - labelWidth });
          bottom = Math.max(bottom, doc.y);
        });
      } else {
        w.element(tr, 'TD');
        bottom = Math.max(bottom, y + w.lineHeight(S.contactValue));
      }
      doc.y = bottom + 1;
    }
  }
  if (block.placeAndDate) {
    const text = block.placeAndDate;
    doc.y += 10;
    w.content(div, 'P', () => w.print(text, S.placeAndDate, columnX, doc.y, { width: columnWidth }));
  }
  doc.y += 26;
}

function renderTitle(w: Writer, root: Struct, block: TitleBlock): void {
  const { doc } = w;
  const subtitle = block.subtitle;
  const needed =
    w.height(block.text, S.title, w.width) + (subtitle ? w.height(subtitle, S.subtitle, w.width) + 4 : 0) + 60;
  w.startBlock(GAP.block, needed);
  const draws: (() => void)[] = [() => w.print(block.text, S.title, w.left, doc.y, { width: w.width })];
  if (subtitle) {
    draws.push(() => {
      doc.y += 4;
      w.print(subtitle, S.subtitle, w.left, doc.y, { width: w.width });
    });
  }
  w.contents(root, 'H1', draws);
  doc.y += 12;
}

/** Label–value rows as a table: TR > TH (row header) + TD. */
function renderFacts(w: Writer, root: Struct, block: FactsBlock): void {
  const { doc } = w;
  if (block.rows.length === 0) return;
  const valueX = w.left + LABEL_COLUMN;
  const valueWidth = w.width - LABEL_COLUMN;
  w.startBlock(GAP.paragraph, w.lineHeight(S.body) * 2);
  const table = w.element(root, 'Table');
  block.rows.forEach((row, index) => {
    const height = Math.max(
      w.height(row.label, S.bodyBold, LABEL_COLUMN - 8),
      w.height(row.value || ' ', S.body, valueWidth),
    );
    w.startBlock(index === 0 ? 0 : GAP.row, height);
    const y = doc.y;
    let bottom = y;
    const tr = w.element(table, 'TR');
    w.content(
      tr,
      'TH',
      () => {
        w.print(row.label, S.bodyBold, w.left, y, { width: LABEL_COLUMN - 8 });
        bottom = Math.max(bottom, doc.y);
      },
      { scope: 'Row' },
    );
    w.content(tr, 'TD', () => {
      if (row.value !== '') w.print(row.value, S.body, valueX, y, { width: valueWidth });
      bottom = Math.max(bottom, doc.y);
    });
    doc.y = bottom;
  });
}

/** "Anwesend waren:" (H2), each group as H3 in the label column with its names (L > LI > LBody) beside it. */
function renderAttendance(w: Writer, root: Struct, block: AttendanceBlock): void {
  const { doc } = w;
  const nameX = w.left + LABEL_COLUMN;
  const nameWidth = w.width - LABEL_COLUMN;
  const noteIndent = 10;
  const groups = block.groups.filter((group) => group.label.trim() !== '' || group.entries.length > 0);
  const firstLine = w.lineHeight(S.bodyBold) * 2;
  w.heading(root, 2, block.heading, S.h2, GAP.beforeH2, firstLine);
  const section = w.element(root, 'Sect');
  groups.forEach((group, groupIndex) => {
    const entryHeight = (entry: { name: string; notes: string[] }): number =>
      w.height(entry.name || ' ', S.body, nameWidth) +
      entry.notes.reduce((sum, note) => sum + w.height(note, S.note, nameWidth - noteIndent), 0);
    const first = group.entries[0];
    const labelHeight = w.height(group.label || ' ', S.bodyBold, LABEL_COLUMN - 8);
    w.startBlock(groupIndex === 0 ? 0 : 8, Math.max(labelHeight, first ? entryHeight(first) : 0));
    const y = doc.y;
    // The group label is a heading in the label column; the first name stands on the same line.
    w.content(section, 'H3', () => w.print(group.label, S.bodyBold, w.left, y, { width: LABEL_COLUMN - 8 }));
    const labelBottom = doc.y;
    const labelPage = doc.page;
    doc.y = y;
    if (group.entries.length > 0) {
      const list = w.element(section, 'L');
      group.entries.forEach((entry, index) => {
        if (index > 0) w.startBlock(GAP.listItem, entryHeight(entry));
        const li = w.element(list, 'LI');
        const draws: (() => void)[] = [() => w.print(entry.name, S.body, nameX, doc.y, { width: nameWidth })];
        for (const note of entry.notes) {
          draws.push(() => w.print(note, S.note, nameX + noteIndent, doc.y, { width: nameWidth - noteIndent }));
        }
        w.contents(li, 'LBody', draws);
      });
    }
    if (doc.page === labelPage) doc.y = Math.max(doc.y, labelBottom);
  });
  w.endBookmarkSection();
}

function agendaGeometry(w: Writer, depth: number) {
  const numberX = w.left + depth * AGENDA_NUMBER;
  const textX = numberX + AGENDA_NUMBER;
  const referenceX = w.left + w.width - AGENDA_REFERENCE;
  const textWidth = referenceX - 10 - textX;
  return { numberX, textX, textWidth, referenceX };
}

/** Whether the paper reference fits the reference column (else it gets its own line below the title). */
function referenceFits(w: Writer, reference: string): boolean {
  w.height(reference, S.body, AGENDA_REFERENCE); // selects the font
  return w.doc.widthOfString(reference) <= AGENDA_REFERENCE;
}

function agendaEntryHeight(w: Writer, entry: AgendaEntry, level: number): number {
  const { textWidth } = agendaGeometry(w, level);
  let height = w.height(entry.title || ' ', S.body, textWidth);
  if (entry.paperReference && !referenceFits(w, entry.paperReference)) {
    height += w.height(entry.paperReference, S.body, textWidth);
  }
  if (entry.subtitle) height += w.height(entry.subtitle, S.body, textWidth);
  return height;
}

function renderAgendaList(w: Writer, parent: Struct, nodes: AgendaNode[], level: number): void {
  const { doc } = w;
  const list = w.element(parent, 'L');
  for (const node of nodes) {
    const { entry } = node;
    const { numberX, textX, textWidth, referenceX } = agendaGeometry(w, level);
    w.startBlock(GAP.listItem, agendaEntryHeight(w, entry, level));
    const y = doc.y;
    const li = w.element(list, 'LI');
    if (entry.number !== '') {
      // "1." and "1.1." as in printed agendas.
      w.content(li, 'Lbl', () => w.print(`${entry.number}.`, S.body, numberX, y, { width: AGENDA_NUMBER - 4 }));
    }
    const draws: (() => void)[] = [() => w.print(entry.title, S.body, textX, y, { width: textWidth })];
    const reference = entry.paperReference;
    const ownLine = reference !== null && !referenceFits(w, reference);
    if (reference && ownLine) {
      draws.push(() => w.print(reference, S.body, textX, doc.y, { width: textWidth, align: 'right' }));
    } else if (reference) {
      // On the last line of the title, at the right: it reads after the title in the text layer.
      draws.push(() => {
        const after = doc.y;
        const lastLine = after - w.lineHeight(S.body);
        w.print(reference, S.body, referenceX, lastLine, { width: AGENDA_REFERENCE, align: 'right', lineBreak: false });
        doc.y = after;
      });
    }
    const subtitle = entry.subtitle;
    if (subtitle) draws.push(() => w.print(subtitle, S.body, textX, doc.y, { width: textWidth }));
    const body = w.contents(li, 'LBody', draws);
    if (node.children.length > 0) renderAgendaList(w, body, node.children, level + 1);
  }
}

function renderAgenda(w: Writer, root: Struct, block: AgendaBlock): void {
  const firstPart = block.parts[0];
  const firstEntry = firstPart?.entries[0];
  const keep =
    (firstPart ? w.height(firstPart.label, S.h3, w.width) + GAP.afterHeading + GAP.beforeH3 : 0) +
    (firstEntry ? agendaEntryHeight(w, firstEntry, 0) : 0);
  w.heading(root, 2, block.heading, S.h2, GAP.beforeH2, keep);
  const section = w.element(root, 'Sect');
  block.parts.forEach((part, index) => {
    const first = part.entries[0];
    const keep = first ? agendaEntryHeight(w, first, 0) : 0;
    w.heading(section, 3, part.label, S.h3, index === 0 ? 4 : GAP.beforeH3, keep, false);
    if (part.entries.length > 0) renderAgendaList(w, section, agendaTree(part.entries), 0);
  });
  w.endBookmarkSection();
}

function contentLead(w: Writer, content: ItemContent | undefined): number {
  if (!content) return 0;
  switch (content.type) {
    case 'paragraph':
      return GAP.paragraph + w.leadHeight(content.text, S.body, w.width);
    case 'resolution':
    case 'addendum':
      return (
        (content.heading ? GAP.beforeH4 + w.height(content.heading, S.h4, w.width) + GAP.afterHeading : 0) +
        w.leadHeight(content.paragraphs[0] ?? '', S.body, w.width)
      );
    case 'vote':
      return GAP.paragraph + w.leadHeight(content.result, S.bodyBold, w.width);
  }
}

function blockLead(w: Writer, block: Block | undefined): number {
  if (!block) return 0;
  switch (block.type) {
    case 'item':
      return (
        GAP.beforeH3 + w.height(block.heading, S.h3, w.width) + GAP.afterHeading + contentLead(w, block.content[0])
      );
    case 'paragraph':
      return GAP.paragraph + w.leadHeight(block.text, S.body, w.width);
    case 'redacted':
      return GAP.block + w.lineHeight(S.redacted);
    case 'signatures':
      return GAP.block + w.lineHeight(S.body) * 3;
    default:
      return w.lineHeight(S.body) * 2;
  }
}

function renderResolution(w: Writer, parent: Struct, block: ResolutionBlock | AddendumBlock): void {
  const first = block.paragraphs[0] ?? '';
  if (block.heading) {
    w.heading(parent, 4, block.heading, S.h4, GAP.beforeH4, w.leadHeight(first, S.body, w.width));
  }
  block.paragraphs.forEach((text, index) => {
    w.paragraph(parent, text, S.body, index === 0 && block.heading ? 0 : GAP.paragraph);
  });
}

function renderVote(w: Writer, parent: Struct, block: VoteBlock): void {
  const details = block.details.filter((line) => line.trim() !== '');
  const height =
    w.height(block.result, S.bodyBold, w.width) +
    details.reduce((sum, line) => sum + 2 + w.height(line, S.body, w.width), 0);
  // A vote is short: keep it together when it fits on a page.
  w.startBlock(GAP.paragraph + 2, Math.min(height, w.maxY - w.top));
  w.paragraph(parent, block.result, S.bodyBold, 0);
  for (const line of details) w.paragraph(parent, line, S.body, 2);
}

function renderItem(w: Writer, root: Struct, block: ItemSectionBlock, next: Block | undefined): void {
  const sect = w.element(root, 'Sect');
  // Kept with its first content; an item without content ("Nachträge") is kept with the next block.
  const keep =
    block.content.length > 0
      ? contentLead(w, block.content[0])
      : block.attachments.length > 0
        ? w.lineHeight(S.body) + GAP.paragraph
        : blockLead(w, next);
  w.heading(sect, 3, block.heading, S.h3, GAP.beforeH3, keep);
  block.content.forEach((content, index) => {
    switch (content.type) {
      case 'paragraph':
        w.paragraph(sect, content.text, S.body, index === 0 ? 0 : GAP.paragraph);
        break;
      case 'resolution':
      case 'addendum':
        renderResolution(w, sect, content);
        break;
      case 'vote':
        renderVote(w, sect, content);
        break;
    }
  });
  if (block.attachments.length > 0) {
    const { doc } = w;
    const labelWidth = 2.4 * CM;
    w.startBlock(GAP.paragraph, w.lineHeight(S.body));
    const list = w.element(sect, 'L');
    block.attachments.forEach((attachment, index) => {
      const height = w.height(attachment.name || ' ', S.body, w.width - labelWidth);
      w.startBlock(index === 0 ? 0 : GAP.listItem, height);
      const y = doc.y;
      const li = w.element(list, 'LI');
      w.content(li, 'Lbl', () => w.print(`${attachment.label}:`, S.body, w.left, y, { width: labelWidth - 6 }));
      w.content(li, 'LBody', () =>
        w.print(attachment.name, S.body, w.left + labelWidth, y, { width: w.width - labelWidth }),
      );
    });
  }
}

function renderSignatures(w: Writer, root: Struct, block: SignaturesBlock): void {
  const { doc } = w;
  const entries = block.entries.filter((entry) => entry.prefix || entry.name || entry.role);
  if (entries.length === 0) return;
  // One below the other ("gez." above the name): each signature stays together on a page.
  const div = w.element(root, 'Div');
  entries.forEach((entry, index) => {
    const lines = [
      { text: entry.prefix, st: S.body },
      { text: entry.name, st: S.body },
      { text: entry.role, st: S.small },
    ].filter((line) => line.text.trim() !== '');
    const height = lines.reduce((sum, line) => sum + w.height(line.text, line.st, w.width / 2), 0);
    w.startBlock(index === 0 ? 34 : 22, height);
    const draws = lines.map((line) => () => w.print(line.text, line.st, w.left, doc.y, { width: w.width / 2 }));
    w.contents(div, 'P', draws);
  });
}

function renderBlocks(w: Writer, root: Struct, blocks: Block[]): void {
  const { doc } = w;
  blocks.forEach((block, index) => {
    const next = blocks[index + 1];
    switch (block.type) {
      case 'letterhead':
        renderLetterhead(w, root, block);
        break;
      case 'title':
        renderTitle(w, root, block);
        break;
      case 'facts':
        renderFacts(w, root, block);
        break;
      case 'attendance':
        renderAttendance(w, root, block);
        break;
      case 'agenda':
        renderAgenda(w, root, block);
        break;
      case 'part-heading':
        w.heading(root, 2, block.text, S.h2, GAP.beforeH2 + 6, blockLead(w, next));
        break;
      case 'paragraph':
        w.paragraph(root, block.text);
        break;
      case 'item':
        renderItem(w, root, block, next);
        break;
      case 'redacted':
        w.paragraph(root, block.text, S.redacted, GAP.block);
        break;
      case 'signatures':
        renderSignatures(w, root, block);
        break;
      default: {
        const unknown: never = block;
        throw new Error(`Unbekannter Blocktyp: ${(unknown as { type: string }).type}`);
      }
    }
    if (doc.y > w.maxY) doc.addPage();
  });
}

/** "Seite 2 von 8" at the bottom right of every page, as pagination artifact. */
export function renderPageNumbers(w: Writer): void {
  const { doc } = w;
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index++) {
    doc.switchToPage(index);
    const { margins } = doc.page;
    const bottom = margins.bottom;
    margins.bottom = 0; // writing below the bottom margin must not add a page
    const y = doc.page.height - FOOTER_Y_FROM_BOTTOM;
    w.artifact(() => {
      w.print(`Seite ${index + 1} von ${range.count}`, S.footer, w.left, y, {
        width: w.width,
        align: 'right',
        lineBreak: false,
      });
    }, 'Pagination');
    margins.bottom = bottom;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Metadata

function xml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function xmpDate(date: Date): string {
  return `${date.toISOString().split('.')[0]}Z`;
}

export interface Info {
  Title: string;
  Author: string;
  Subject: string;
  Keywords: string;
  Creator: string;
  Producer: string;
  CreationDate: Date;
  ModDate: Date;
}

/** The XMP description of the Info dictionary (pdfkit's own one does not escape and lacks ModifyDate). */
export function xmpInfo(info: Info, keywords: string[], lang: string): string {
  const li = (text: string) => `<rdf:li>${xml(text)}</rdf:li>`;
  const alt = (text: string) => `<rdf:Alt><rdf:li xml:lang="x-default">${xml(text)}</rdf:li></rdf:Alt>`;
  return [
    '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">',
    `<xmp:CreateDate>${xmpDate(info.CreationDate)}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${xmpDate(info.ModDate)}</xmp:ModifyDate>`,
    `<xmp:MetadataDate>${xmpDate(info.ModDate)}</xmp:MetadataDate>`,
    `<xmp:CreatorTool>${xml(info.Creator)}</xmp:CreatorTool>`,
    '</rdf:Description>',
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    '<dc:format>application/pdf</dc:format>',
    `<dc:title>${alt(info.Title)}</dc:title>`,
    `<dc:creator><rdf:Seq>${li(info.Author)}</rdf:Seq></dc:creator>`,
    `<dc:description>${alt(info.Subject)}</dc:description>`,
    keywords.length > 0 ? `<dc:subject><rdf:Bag>${keywords.map(li).join('')}</rdf:Bag></dc:subject>` : '',
    `<dc:language><rdf:Bag>${li(lang)}</rdf:Bag></dc:language>`,
    '</rdf:Description>',
    '<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">',
    `<pdf:Producer>${xml(info.Producer)}</pdf:Producer>`,
    `<pdf:Keywords>${xml(info.Keywords)}</pdf:Keywords>`,
    '</rdf:Description>',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

// ---------------------------------------------------------------------------------------------------------

/** Renders the document model as a tagged A4 PDF (PDF/A-2b markers). */
export async function renderPdf(model: DocumentModel, options: RenderPdfOptions = {}): Promise<Buffer> {
  const { meta } = model;
  const date = options.creationDate ?? new Date();
  const info: Info = {
    Title: meta.title,
    Author: meta.author,
    Subject: meta.subject,
    Keywords: meta.keywords.join(', '),
    Creator: 'Ratsinfo',
    Producer: 'Ratsinfo (PDFKit)',
    CreationDate: date,
    ModDate: date,
  };
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGINS,
    pdfVersion: '1.7',
    subset: 'PDF/A-2b',
    tagged: true,
    lang: meta.lang,
    displayTitle: true,
    bufferPages: true,
    info,
  });
  // pdfkit writes the XMP Info description from this method at the end; ours escapes the text.
  (doc as unknown as { _addInfo: () => void })._addInfo = () => doc.appendXML(xmpInfo(info, meta.keywords, meta.lang));

  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const w = new Writer(doc);
  const root = doc.struct('Document');
  doc.addStructure(root);
  renderBlocks(w, root, model.blocks);
  renderPageNumbers(w);
  root.end();
  doc.end();
  return done;
}
