/**
 * Builders: meeting data → document model. They build the FULL variant from what they are given; the
 * public variant is `redact(model, settings)` (redact.ts). All German phrasing happens here (and in the
 * rules it calls), never in a renderer.
 */
import type { AgendaItemRecord, MeetingRecord, PersonRef } from '../db/repositories/meetings.ts';
import { addressedName, formatDate, formatIsoDate, formatTime, formatWeekdayDate, fullName } from '../domain/format.ts';
import { phraseFactionBreakdown, phraseVoteResult } from '../domain/rules/vote.ts';
import type {
  AgendaBlock,
  AgendaEntry,
  AttendanceBlock,
  Block,
  DocumentKind,
  DocumentMeta,
  DocumentModel,
  FactsBlock,
  ItemContent,
  ItemSectionBlock,
  LetterheadBlock,
  SignaturesBlock,
} from './model.ts';

type Item = AgendaItemRecord;
type Vote = Item['votes'][number];

const PART_LABEL = { true: 'Öffentlicher Teil', false: 'Nicht öffentlicher Teil' } as const;
const partLabel = (isPublic: boolean) => PART_LABEL[String(isPublic) as 'true' | 'false'];

const RESOLUTION_HEADING = { decision: 'Beschluss:', recommendation: 'Beschlussvorschlag:', notice: null } as const;

/** Attendance groups in the order the minutes print them. */
const ATTENDANCE_GROUPS: { label: string; roles: string[] }[] = [
  { label: 'Vorsitz', roles: ['chair'] },
  { label: 'Mitglieder', roles: ['member', 'substitute'] },
  { label: 'Beratende Mitglieder', roles: ['advisory_member'] },
  { label: 'Verwaltung', roles: ['administration'] },
  { label: 'Gäste', roles: ['guest'] },
];

/** "Ausschuss für Digitalisierung" → "Ausschuss-fuer-Digitalisierung" (file names). */
export function fileNamePart(text: string): string {
  return text
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/Ä/g, 'Ae')
    .replace(/Ö/g, 'Oe')
    .replace(/Ü/g, 'Ue')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

const berlinDay = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Europe/Berlin',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** ISO date of the meeting day in Germany. */
export function meetingDay(meeting: MeetingRecord): string {
  const parts = Object.fromEntries(berlinDay.formatToParts(meeting.startAt).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

const paragraphs = (text: string | null | undefined) =>
  text
    ? text
        .split(/\n\s*\n/)
        .map((p) => p.trim())
        .filter(Boolean)
    : [];

function meta(
  meeting: MeetingRecord,
  kind: DocumentKind,
  name: string,
  date: string | null,
  suffix = '',
): DocumentMeta {
  const committee = meeting.organization.nameGenitive ?? meeting.organization.name;
  const day = formatIsoDate(meetingDay(meeting));
  const title = `${name} ${kind === 'extract' ? 'aus der' : 'zur'} Sitzung ${committee} am ${day}${suffix}`;
  return {
    kind,
    variant: 'full',
    title,
    author: meeting.body.name,
    subject: `${name}, ${meeting.organization.name}, ${day}`,
    lang: 'de-DE',
    date,
    fileBaseName: [name, fileNamePart(meeting.organization.name), meetingDay(meeting)].join('_'),
    keywords: [name, meeting.organization.name, meeting.body.name, day],
  };
}

function letterhead(meeting: MeetingRecord, placeAndDate: string | null): LetterheadBlock {
  const lines = [meeting.body.name];
  const council = meeting.organization.parent;
  if (council) lines.push(council.nameNominative ?? council.name);
  lines.push(meeting.organization.name);
  const contact = meeting.contact;
  return {
    type: 'letterhead',
    lines,
    contact: contact
      ? [
          { label: 'Es informiert Sie:', value: fullName(contact) },
          { label: 'Telefon:', value: contact.phone ?? '' },
          { label: 'Fax:', value: contact.fax ?? '' },
          { label: 'E-Mail:', value: contact.email ?? '' },
        ]
      : [],
    placeAndDate,
  };
}

function placeAndDate(meeting: MeetingRecord, isoDate: string | null | undefined): string | null {
  const place = meeting.minutesPlace ?? meeting.body.seat;
  if (!isoDate) return null;
  return place ? `${place}, den ${formatIsoDate(isoDate)}` : formatIsoDate(isoDate);
}

function facts(meeting: MeetingRecord): FactsBlock {
  const end = meeting.endAt ? ` bis ${formatTime(meeting.endAt)} Uhr` : '';
  const rows = [
    {
      label: 'Sitzungstermin',
      value: `${formatWeekdayDate(meeting.startAt)}, ${formatTime(meeting.startAt)} Uhr${end}`,
    },
  ];
  const { location, room } = meeting;
  if (location) {
    const parts = [
      location.name,
      location.streetAddress,
      [location.postalCode, location.locality].filter(Boolean).join(' '),
      room ? [room.name, room.description ? `(${room.description})` : ''].filter(Boolean).join(' ') : '',
    ].filter(Boolean);
    rows.push({ label: 'Sitzungsort', value: parts.join(', ') });
  }
  return { type: 'facts', rows };
}

function attendance(meeting: MeetingRecord): AttendanceBlock {
  const present = meeting.attendance.filter((a) => a.status === 'present');
  return {
    type: 'attendance',
    heading: 'Anwesend waren:',
    groups: ATTENDANCE_GROUPS.map((group) => ({
      label: group.label,
      entries: present
        .filter((a) => group.roles.includes(a.role))
        .map((a) => ({
          name: fullName(a.person),
          notes: [
            ...(a.substituteFor ? [`${substituteNoun(a.person)} für ${addressedName(a.substituteFor)}`] : []),
            ...(a.arrivedAt ? [`ab ${a.arrivedAt.slice(0, 5)} Uhr`] : []),
            ...(a.leftAt ? [`bis ${a.leftAt.slice(0, 5)} Uhr`] : []),
          ],
        })),
    })).filter((g) => g.entries.length > 0),
  };
}

function substituteNoun(person: PersonRef): string {
  return person.formOfAddress === 'Frau' ? 'Stellvertreterin' : 'Stellvertreter';
}

const depthOf = (item: Item) => item.number.split('.').length - 1;

function agendaEntry(item: Item): AgendaEntry {
  return {
    number: item.number,
    title: item.title,
    subtitle: item.subtitle,
    paperReference: item.paper?.reference ?? null,
    depth: depthOf(item),
    supplement: item.supplement,
    public: item.public,
  };
}

function agenda(items: Item[]): AgendaBlock {
  const parts = [true, false]
    .map((isPublic) => ({
      label: partLabel(isPublic),
      public: isPublic,
      entries: items.filter((i) => i.public === isPublic).map(agendaEntry),
    }))
    .filter((p) => p.entries.length > 0);
  return { type: 'agenda', heading: 'Tagesordnung', parts };
}

/** "Abstimmungsergebnis: …" with the per-faction lines and, for roll-call votes, the names. */
export function voteBlock(vote: Vote): ItemContent {
  const factionLines = phraseFactionBreakdown(
    vote.byFaction.map((f) => ({ faction: f.faction.name, yes: f.yes, no: f.no, abstain: f.abstain })),
  );
  let result: string;
  if (vote.outcome === 'noted') {
    result = phraseVoteResult({ kind: 'noted' });
  } else if (vote.yes == null && vote.no == null && vote.abstain == null) {
    result = vote.unanimous ? 'einstimmig angenommen' : vote.outcome === 'accepted' ? 'angenommen' : 'abgelehnt';
  } else {
    const counts = { yes: vote.yes ?? 0, no: vote.no ?? 0, abstain: vote.abstain ?? 0 };
    const abstentionsListed = vote.byFaction.reduce((sum, f) => sum + f.abstain, 0) === counts.abstain;
    const unanimous = vote.unanimous || (counts.no === 0 && counts.yes > 0);
    result = phraseVoteResult(counts, {
      mentionAbstentions: !(unanimous && abstentionsListed && counts.abstain > 0),
      withCounts: !unanimous,
    });
  }
  const details = [...factionLines];
  if (vote.method === 'secret') details.push('(geheime Abstimmung)');
  if (vote.method === 'roll_call') {
    details.push('(namentliche Abstimmung)');
    for (const [choice, label] of [
      ['yes', 'Ja'],
      ['no', 'Nein'],
      ['abstain', 'Enthaltung'],
    ] as const) {
      const names = vote.ballots.filter((b) => b.choice === choice).map((b) => fullName(b.person));
      if (names.length) details.push(`${label}: ${names.join(', ')}`);
    }
  }
  const subject = vote.subject ? `${vote.subject}: ` : '';
  return { type: 'vote', result: `Abstimmungsergebnis: ${subject}${result}`, details };
}

/** Does the item have anything to print beyond its title? */
function hasContent(item: Item) {
  return Boolean(
    item.minutesText ||
      item.resolutionText ||
      item.votes.length ||
      item.addenda.length ||
      item.attachments.length ||
      item.conflicts.length,
  );
}

function itemHeading(item: Item): string {
  const title = item.subtitle ? `${item.title} ${item.subtitle}` : item.title;
  return `Zu Punkt ${item.number}: ${title}${item.paper ? ` - Vorlage Nr. ${item.paper.reference}` : ''}`;
}

/** The section of one item; `withDiscussion` false leaves out the course of discussion (extracts). */
function itemSection(item: Item, withDiscussion = true): ItemSectionBlock {
  const content: ItemContent[] = [];
  // Declared conflicts of interest are recorded in the minutes (§ 31 GO NRW, § 28 KrO NRW).
  for (const conflict of item.conflicts) {
    content.push({
      type: 'paragraph',
      text: `${fullName(conflict.person)} erklärt sich für befangen und wirkt an Beratung und Entscheidung nicht mit.${conflict.note ? ` (${conflict.note})` : ''}`,
    });
  }
  if (withDiscussion) {
    for (const text of paragraphs(item.minutesText)) content.push({ type: 'paragraph', text });
    for (const addendum of item.addenda) {
      content.push({ type: 'addendum', heading: `${addendum.heading}:`, paragraphs: paragraphs(addendum.text) });
    }
  }
  if (item.resolutionKind && item.resolutionText) {
    content.push({
      type: 'resolution',
      heading: RESOLUTION_HEADING[item.resolutionKind],
      paragraphs: paragraphs(item.resolutionText),
    });
  }
  for (const vote of item.votes) content.push(voteBlock(vote));
  return {
    type: 'item',
    number: item.number,
    heading: itemHeading(item),
    public: item.public,
    content,
    attachments: item.attachments.map((a) => ({ label: a.label, name: a.file.name, fileName: a.file.fileName })),
  };
}

function signatures(meeting: MeetingRecord): SignaturesBlock | null {
  if (meeting.signatures.length === 0) return null;
  return {
    type: 'signatures',
    entries: meeting.signatures.map((s) => ({
      prefix: 'gez.',
      name: fullName(s.person),
      role: s.role === 'chair' ? 'Vorsitz' : 'Schriftführung',
    })),
  };
}

/**
 * "Berichtigt am 01.12.2026." (or "am 01.12.2026 und 03.12.2026") after corrections of signed minutes: the
 * public and the versions say only when, never why (a reason may be about a non-public item).
 */
export function correctionNote(corrections: readonly (string | Date)[]): string | null {
  if (corrections.length === 0) return null;
  const days = [...new Set(corrections.map((at) => formatDate(new Date(at))))];
  const list = days.length === 1 ? days[0] : `${days.slice(0, -1).join(', ')} und ${days.at(-1)}`;
  return `Berichtigt am ${list}.`;
}

/**
 * The Niederschrift: letterhead, title, time and place, attendance, the agenda in two parts, one
 * section per item (top-level items always, sub-items when they have content), the note closing the
 * public part, the signatures.
 */
export function buildMinutes(meeting: MeetingRecord): DocumentModel {
  const signed = meeting.state === 'minutes_signed';
  const name = 'Niederschrift';
  const blocks: Block[] = [
    letterhead(meeting, placeAndDate(meeting, meeting.minutesDate)),
    {
      type: 'title',
      text: signed ? name : `${name} (Entwurf)`,
      subtitle: `zur Sitzung ${meeting.organization.nameGenitive ?? meeting.organization.name}`,
    },
    facts(meeting),
    attendance(meeting),
    agenda(meeting.items),
  ];
  for (const isPublic of [true, false]) {
    const items = meeting.items.filter((i) => i.public === isPublic && (depthOf(i) === 0 || hasContent(i)));
    const partExists = items.length > 0 || (!isPublic && meeting.hasNonPublicPart);
    if (!partExists) continue;
    blocks.push({ type: 'part-heading', text: partLabel(isPublic), public: isPublic });
    for (const item of items) blocks.push(itemSection(item));
    if (isPublic) {
      for (const text of paragraphs(meeting.publicPartClosingNote)) blocks.push({ type: 'paragraph', text });
    }
  }
  const correction = correctionNote(meeting.minutesCorrections);
  if (correction) blocks.push({ type: 'paragraph', text: correction });
  const signatureBlock = signatures(meeting);
  if (signatureBlock) blocks.push(signatureBlock);
  return { meta: meta(meeting, 'minutes', name, meeting.minutesDate), blocks };
}

export interface Convener {
  person: PersonRef;
  /** "Vorsitzender", "Landrat" … */
  roleLabel: string;
}

/**
 * The Einladung: letterhead, title, time and place, the invitation sentence (with the urgency where the
 * deadline was shortened), the agenda in both parts, the convener's signature.
 */
export function buildInvitation(meeting: MeetingRecord, convener: Convener | null): DocumentModel {
  const committee = meeting.organization.nameGenitive ?? meeting.organization.name;
  const name = 'Einladung';
  const blocks: Block[] = [
    letterhead(meeting, placeAndDate({ ...meeting, minutesPlace: null }, meeting.invitationSentOn)),
    { type: 'title', text: name, subtitle: `zur Sitzung ${committee}` },
    facts(meeting),
    {
      type: 'paragraph',
      text: `Zur Sitzung ${committee} lade ich ein. Die Tagesordnung ist nachstehend aufgeführt.`,
    },
  ];
  if (meeting.invitationUrgent) {
    blocks.push({
      type: 'paragraph',
      text: 'Die Sitzung ist dringlich; die Ladungsfrist ist daher nach der Geschäftsordnung verkürzt.',
    });
  }
  // Items added after the invitation go out with the Nachtrag, not with the invitation.
  blocks.push(agenda(meeting.items.filter((i) => !i.supplement)));
  if (convener) {
    blocks.push({
      type: 'signatures',
      entries: [{ prefix: 'gez.', name: fullName(convener.person), role: convener.roleLabel }],
    });
  }
  return { meta: meta(meeting, 'invitation', name, meeting.invitationSentOn), blocks };
}

/** The Nachtrag: the items added after the invitation (with their parents for context). */
export function buildSupplement(meeting: MeetingRecord, convener: Convener | null, date: string | null): DocumentModel {
  const committee = meeting.organization.nameGenitive ?? meeting.organization.name;
  const added = meeting.items.filter((i) => i.supplement);
  const parentIds = new Set(added.map((i) => i.parentId).filter((id): id is number => id != null));
  const listed = meeting.items.filter((i) => i.supplement || parentIds.has(i.id));
  const name = 'Nachtrag';
  const blocks: Block[] = [
    letterhead(meeting, placeAndDate({ ...meeting, minutesPlace: null }, date)),
    { type: 'title', text: 'Nachtrag zur Tagesordnung', subtitle: `der Sitzung ${committee}` },
    facts(meeting),
    {
      type: 'paragraph',
      text:
        listed.length > 0
          ? 'Die Tagesordnung wird um die folgenden Punkte ergänzt.'
          : 'Zu dieser Sitzung gibt es keine nachträglich aufgenommenen Punkte.',
    },
    agenda(listed),
  ];
  if (convener) {
    blocks.push({
      type: 'signatures',
      entries: [{ prefix: 'gez.', name: fullName(convener.person), role: convener.roleLabel }],
    });
  }
  return { meta: meta(meeting, 'supplement', name, date), blocks };
}

/**
 * The Beschlussauszug of one item: its resolution and vote, for forwarding to the next body of the
 * consultation path.
 */
export function buildExtract(meeting: MeetingRecord, itemId: number): DocumentModel | undefined {
  const item = meeting.items.find((i) => i.id === itemId);
  if (!item) return undefined;
  const committee = meeting.organization.nameGenitive ?? meeting.organization.name;
  const name = 'Beschlussauszug';
  const blocks: Block[] = [
    letterhead(meeting, placeAndDate(meeting, meeting.minutesDate)),
    {
      type: 'title',
      text: name,
      subtitle: `aus der Sitzung ${committee} vom ${formatIsoDate(meetingDay(meeting))}`,
    },
    facts(meeting),
    { type: 'part-heading', text: partLabel(item.public), public: item.public },
    itemSection(item, false),
  ];
  const secretary = meeting.signatures.find((s) => s.role === 'secretary');
  if (secretary) {
    blocks.push({ type: 'paragraph', text: 'Für die Richtigkeit des Auszugs:' });
    blocks.push({
      type: 'signatures',
      entries: [{ prefix: 'gez.', name: fullName(secretary.person), role: 'Schriftführung' }],
    });
  }
  const model = { meta: meta(meeting, 'extract', name, meeting.minutesDate, `, TOP ${item.number}`), blocks };
  model.meta.fileBaseName = `${model.meta.fileBaseName}_TOP-${item.number.replace(/\./g, '-')}`;
  return model;
}
