/**
 * During and after a meeting (issue 6, part 5): attendance with the quorum explained, and per agenda item
 * the minutes' and resolution's texts, the vote (counts, unanimous, by faction, roll call or secret),
 * conflicts of interest and addenda. Each write is one transaction, asks `can()` itself, locks the
 * meeting on `meetings.version` (as src/services/meetings-office.ts: `conflict.stale` on a changed
 * meeting, nothing written), refuses everything once the minutes are signed (`minutes.signed`, 403) or
 * submitted for signature (`minutes.submitted`, 409; src/services/minutes-finish.ts) and writes one audit log
 * entry with before/after. Saving the attendance moves a planned or invited meeting to `held`
 * (src/domain/meeting-state.ts).
 *
 * Votes are checked against the present entitled voters: present, with a voting right, not declared
 * biased for the item, one vote per seat (a substitute adds none while the member votes in person).
 * Bad counts are `validation.failed` with German messages per field (from `validateVoteCounts`).
 *
 * @example
 *   await saveAttendance(ctx, clerk, meetingId, { version, entries: [{ personId: 4, status: 'present', role: 'member' }] });
 *   await recordItemVote(ctx, clerk, meetingId, itemId, { version, yes: 8, no: 0, abstain: 1 }); // einstimmig bei 1 Enthaltung angenommen
 */
import { createHash } from 'node:crypto';
import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Executor } from '../db/open.ts';
import { membershipInEffectOn } from '../db/repositories/memberships.ts';
import {
  addenda,
  agendaItemAttachments,
  agendaItems,
  attendance,
  bodies,
  conflicts,
  consultations,
  files,
  legislativeTerms,
  meetings,
  memberships,
  organizations,
  paperFiles,
  persons,
  voteBallots,
  voteFactionResults,
  votes,
} from '../db/schema.ts';
import { DomainError } from '../domain/errors.ts';
import { formatDate, formatTime, fullName } from '../domain/format.ts';
import { nextState, recordEditable } from '../domain/meeting-state.ts';
import { type Action, type Actor, can, refusal } from '../domain/permissions.ts';
import { computeQuorum, type QuorumResult } from '../domain/rules/quorum.ts';
import {
  decideVote,
  phraseFactionBreakdown,
  phraseVoteResult,
  type VoteCounts,
  validateVoteCounts,
} from '../domain/rules/vote.ts';
import { audit, found, inTransaction, type ServiceContext } from './context.ts';
import { recordVote } from './meetings.ts';
import { localDateTime, validationFailed } from './meetings-office.ts';
import { lastWriter } from './optimistic-locking.ts';
import { checkFiles, type UploadedFile } from './papers-office.ts';

type MeetingRow = typeof meetings.$inferSelect;
export type AttendanceRole = (typeof attendance.$inferSelect)['role'];
export type AttendanceStatus = (typeof attendance.$inferSelect)['status'];

export const ATTENDANCE_STATUS_LABELS: Record<AttendanceStatus, string> = {
  present: 'anwesend',
  excused: 'entschuldigt',
  absent: 'abwesend (nicht entschuldigt)',
};
export const ATTENDANCE_ROLE_LABELS: Record<AttendanceRole, string> = {
  chair: 'Vorsitz',
  member: 'Mitglied',
  substitute: 'Vertretung',
  advisory_member: 'beratendes Mitglied',
  administration: 'Verwaltung',
  guest: 'Gast',
};
export const VOTE_METHOD_LABELS = { open: 'offen', roll_call: 'namentlich', secret: 'geheim' } as const;
export const CHOICE_LABELS = { yes: 'Ja', no: 'Nein', abstain: 'Enthaltung' } as const;
export type ResolutionKind = NonNullable<(typeof agendaItems.$inferSelect)['resolutionKind']>;
export const RESOLUTION_KIND_LABELS: Record<ResolutionKind, string> = {
  decision: 'Beschluss',
  recommendation: 'Empfehlung (Beschlussempfehlung)',
  notice: 'Kenntnisnahme',
};
/** The resolution kind an item's consultation role suggests (Vorberatung → Empfehlung). */
const KIND_OF_ROLE: Record<string, ResolutionKind> = {
  decision: 'decision',
  preliminary: 'recommendation',
  notice: 'notice',
};

const SIGNED = 'minutes_signed';

// ---------------------------------------------------------------------------------------------------
// Read

export interface RosterEntry {
  personId: number;
  name: string;
  role: AttendanceRole;
  votingRight: boolean;
  faction: string | null;
}

export interface AttendanceEntry {
  personId: number;
  name: string;
  role: AttendanceRole;
  status: AttendanceStatus;
  votingRight: boolean;
  substituteForPersonId: number | null;
  substituteForName: string | null;
  function: string | null;
  arrivedAt: string | null;
  leftAt: string | null;
}

export interface RecordVote {
  id: number;
  position: number;
  subject: string | null;
  method: 'open' | 'roll_call' | 'secret';
  yes: number | null;
  no: number | null;
  abstain: number | null;
  unanimous: boolean;
  outcome: 'accepted' | 'rejected' | 'noted';
  /** German result line: "einstimmig bei 1 Enthaltung angenommen (8 Ja, 0 Nein, 1 Enthaltung)". */
  phrase: string;
  factionLines: string[];
  byFaction: Array<{ factionId: number; faction: string; yes: number; no: number; abstain: number }>;
  ballots: Array<{ personId: number; name: string; choice: 'yes' | 'no' | 'abstain' }>;
}

export interface RecordItem {
  id: number;
  number: string;
  title: string;
  public: boolean;
  minutesText: string | null;
  resolutionKind: ResolutionKind | null;
  /** The kind the form offers when none is stored: from the paper's consultation role, else Beschluss. */
  suggestedResolutionKind: ResolutionKind;
  resolutionText: string | null;
  votes: RecordVote[];
  conflicts: Array<{ personId: number; name: string; note: string | null }>;
  addenda: Array<{ id: number; heading: string; text: string }>;
  /** Anlagen zur Niederschrift, in their order. */
  attachments: RecordAttachment[];
}

export interface RecordAttachment {
  fileId: number;
  label: string;
  position: number;
  name: string;
  fileName: string;
  mimeType: string;
  size: number;
}

export interface MeetingRecord {
  id: number;
  bodyId: number;
  organizationId: number;
  organizationName: string;
  startAt: Date;
  date: string;
  state: string;
  cancelled: boolean;
  signed: boolean;
  /** Submitted for signature (src/services/minutes-finish.ts): nothing may change until withdrawn. */
  submitted: boolean;
  /** The meeting's day is still to come: attendance, votes, conflicts and addenda wait for it. */
  upcoming: boolean;
  version: number;
  /** Members of the committee on the meeting's date (not deputies). */
  roster: RosterEntry[];
  /** Persons of the body to choose from for substitutes, guests and administration (deputies first). */
  persons: Array<{ id: number; name: string; deputy: boolean }>;
  factions: Array<{ id: number; name: string }>;
  attendance: AttendanceEntry[];
  statutoryMembers: number;
  quorum: QuorumResult | undefined;
  items: RecordItem[];
}

const nameOf = (p: { title: string | null; givenName: string | null; familyName: string }) => fullName(p);

/** Everything the record pages show; undefined if there is no such meeting. */
export async function loadMeetingRecord(db: Executor, meetingId: number): Promise<MeetingRecord | undefined> {
  const [row] = await db
    .select({
      meeting: meetings,
      organizationName: organizations.name,
      statutoryMembers: organizations.statutoryMembers,
      jurisdiction: bodies.jurisdiction,
    })
    .from(meetings)
    .innerJoin(organizations, eq(organizations.id, meetings.organizationId))
    .innerJoin(bodies, eq(bodies.id, meetings.bodyId))
    .where(eq(meetings.id, meetingId));
  if (!row) return undefined;
  const m = row.meeting;
  const date = localDateTime(m.startAt).date;
  const memberRows = await db
    .select({
      personId: persons.id,
      title: persons.title,
      givenName: persons.givenName,
      familyName: persons.familyName,
      role: memberships.role,
      votingRight: memberships.votingRight,
      faction: organizations.name,
    })
    .from(memberships)
    .innerJoin(persons, eq(persons.id, memberships.personId))
    .leftJoin(legislativeTerms, eq(legislativeTerms.id, memberships.termId))
    .leftJoin(organizations, eq(organizations.id, memberships.onBehalfOfId))
    .where(and(eq(memberships.organizationId, m.organizationId), membershipInEffectOn(date)))
    .orderBy(sql`${persons.sortKey} collate "C"`, asc(persons.id));
  const roster: RosterEntry[] = [];
  const deputies = new Set<number>();
  const seen = new Set<number>();
  const ROLE_ORDER = { chair: 0, vice_chair: 1, member: 1, advisory_member: 2 } as Record<string, number>;
  for (const r of memberRows) {
    if (r.role === 'deputy_member') {
      deputies.add(r.personId);
      continue;
    }
    if (!(r.role in ROLE_ORDER) || seen.has(r.personId)) continue;
    seen.add(r.personId);
    roster.push({
      personId: r.personId,
      name: nameOf(r),
      role: r.role === 'chair' ? 'chair' : r.role === 'advisory_member' ? 'advisory_member' : 'member',
      votingRight: r.votingRight,
      faction: r.faction,
    });
  }
  roster.sort((a, b) => (ROLE_ORDER[a.role] ?? 1) - (ROLE_ORDER[b.role] ?? 1));
  const personRows = await db
    .select({ id: persons.id, title: persons.title, givenName: persons.givenName, familyName: persons.familyName })
    .from(persons)
    .where(eq(persons.bodyId, m.bodyId))
    .orderBy(sql`${persons.sortKey} collate "C"`, asc(persons.id))
    .limit(1000);
  const people = personRows
    .filter((p) => !seen.has(p.id))
    .map((p) => ({ id: p.id, name: nameOf(p), deputy: deputies.has(p.id) }))
    .sort((a, b) => Number(b.deputy) - Number(a.deputy));
  const factions = await db
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .where(and(eq(organizations.bodyId, m.bodyId), eq(organizations.kind, 'faction')))
    .orderBy(asc(organizations.name));

  const substituteFor = db
    .select({ id: persons.id, title: persons.title, givenName: persons.givenName, familyName: persons.familyName })
    .from(persons)
    .as('replaced');
  const attendanceRows = await db
    .select({
      a: attendance,
      title: persons.title,
      givenName: persons.givenName,
      familyName: persons.familyName,
      sTitle: substituteFor.title,
      sGiven: substituteFor.givenName,
      sFamily: substituteFor.familyName,
    })
    .from(attendance)
    .innerJoin(persons, eq(persons.id, attendance.personId))
    .leftJoin(substituteFor, eq(substituteFor.id, attendance.substituteForPersonId))
    .where(eq(attendance.meetingId, m.id))
    .orderBy(asc(attendance.position));
  const entries: AttendanceEntry[] = attendanceRows.map((r) => ({
    personId: r.a.personId,
    name: nameOf(r),
    role: r.a.role,
    status: r.a.status,
    votingRight: r.a.votingRight,
    substituteForPersonId: r.a.substituteForPersonId,
    substituteForName: r.sFamily ? nameOf({ title: r.sTitle, givenName: r.sGiven, familyName: r.sFamily }) : null,
    function: r.a.function,
    arrivedAt: r.a.arrivedAt?.slice(0, 5) ?? null,
    leftAt: r.a.leftAt?.slice(0, 5) ?? null,
  }));
  const voting = roster.filter((r) => r.votingRight).length;
  const statutoryMembers = Math.max(row.statutoryMembers ?? voting, 1);
  const quorum = entries.length > 0 ? quorumOf(entries, statutoryMembers, row.jurisdiction, date) : undefined;

  const itemRows = await db
    .select()
    .from(agendaItems)
    .where(eq(agendaItems.meetingId, m.id))
    .orderBy(asc(agendaItems.position));
  const itemIds = itemRows.map((i) => i.id);
  const voteRows = itemIds.length
    ? await db
        .select()
        .from(votes)
        .where(inArray(votes.agendaItemId, itemIds))
        .orderBy(asc(votes.agendaItemId), asc(votes.position))
    : [];
  const voteIds = voteRows.map((v) => v.id);
  const factionRows = voteIds.length
    ? await db
        .select({ r: voteFactionResults, name: organizations.name })
        .from(voteFactionResults)
        .innerJoin(organizations, eq(organizations.id, voteFactionResults.factionId))
        .where(inArray(voteFactionResults.voteId, voteIds))
        .orderBy(asc(organizations.name))
    : [];
  const ballotRows = voteIds.length
    ? await db
        .select({
          b: voteBallots,
          title: persons.title,
          givenName: persons.givenName,
          familyName: persons.familyName,
        })
        .from(voteBallots)
        .innerJoin(persons, eq(persons.id, voteBallots.personId))
        .where(inArray(voteBallots.voteId, voteIds))
        .orderBy(sql`${persons.sortKey} collate "C"`)
    : [];
  const conflictRows = itemIds.length
    ? await db
        .select({
          c: conflicts,
          title: persons.title,
          givenName: persons.givenName,
          familyName: persons.familyName,
        })
        .from(conflicts)
        .innerJoin(persons, eq(persons.id, conflicts.personId))
        .where(inArray(conflicts.agendaItemId, itemIds))
    : [];
  const addendumRows = itemIds.length
    ? await db.select().from(addenda).where(inArray(addenda.agendaItemId, itemIds)).orderBy(asc(addenda.position))
    : [];
  const attachmentRows = itemIds.length
    ? await db
        .select({
          agendaItemId: agendaItemAttachments.agendaItemId,
          fileId: files.id,
          label: agendaItemAttachments.label,
          position: agendaItemAttachments.position,
          name: files.name,
          fileName: files.fileName,
          mimeType: files.mimeType,
          size: files.size,
        })
        .from(agendaItemAttachments)
        .innerJoin(files, eq(files.id, agendaItemAttachments.fileId))
        .where(inArray(agendaItemAttachments.agendaItemId, itemIds))
        .orderBy(asc(agendaItemAttachments.position), asc(files.id))
    : [];
  const paperIds = itemRows.map((i) => i.paperId).filter((id): id is number => id != null);
  const roleRows = paperIds.length
    ? await db
        .select({
          paperId: consultations.paperId,
          agendaItemId: consultations.agendaItemId,
          organizationId: consultations.organizationId,
          role: consultations.role,
        })
        .from(consultations)
        .where(
          and(
            inArray(consultations.paperId, paperIds),
            or(inArray(consultations.agendaItemId, itemIds), eq(consultations.organizationId, m.organizationId)),
          ),
        )
        .orderBy(asc(consultations.position))
    : [];
  const suggestedKind = (i: (typeof itemRows)[number]): ResolutionKind => {
    const own =
      roleRows.find((c) => c.agendaItemId === i.id) ??
      roleRows.find((c) => c.paperId === i.paperId && c.organizationId === m.organizationId);
    return (own && KIND_OF_ROLE[own.role]) || 'decision';
  };
  const items: RecordItem[] = itemRows.map((i) => ({
    id: i.id,
    number: i.number,
    title: i.title,
    public: i.public,
    minutesText: i.minutesText,
    resolutionKind: i.resolutionKind,
    suggestedResolutionKind: i.resolutionKind ?? suggestedKind(i),
    resolutionText: i.resolutionText,
    votes: voteRows
      .filter((v) => v.agendaItemId === i.id)
      .map((v) => {
        const byFaction = factionRows
          .filter((f) => f.r.voteId === v.id)
          .map((f) => ({ factionId: f.r.factionId, faction: f.name, yes: f.r.yes, no: f.r.no, abstain: f.r.abstain }));
        return {
          id: v.id,
          position: v.position,
          subject: v.subject,
          method: v.method,
          yes: v.yes,
          no: v.no,
          abstain: v.abstain,
          unanimous: v.unanimous,
          outcome: v.outcome,
          phrase: phraseOf(v),
          factionLines: phraseFactionBreakdown(byFaction),
          byFaction,
          ballots: ballotRows
            .filter((b) => b.b.voteId === v.id)
            .map((b) => ({ personId: b.b.personId, name: nameOf(b), choice: b.b.choice })),
        };
      }),
    conflicts: conflictRows
      .filter((c) => c.c.agendaItemId === i.id)
      .map((c) => ({ personId: c.c.personId, name: nameOf(c), note: c.c.note })),
    addenda: addendumRows
      .filter((a) => a.agendaItemId === i.id)
      .map((a) => ({ id: a.id, heading: a.heading, text: a.text })),
    attachments: attachmentRows.filter((a) => a.agendaItemId === i.id).map(({ agendaItemId: _, ...a }) => a),
  }));
  return {
    id: m.id,
    bodyId: m.bodyId,
    organizationId: m.organizationId,
    organizationName: row.organizationName,
    startAt: m.startAt,
    date,
    state: m.state,
    cancelled: m.cancelled,
    signed: m.state === SIGNED,
    submitted: !recordEditable(m.state) && m.state !== SIGNED,
    upcoming: meetingUpcoming(m.startAt),
    version: m.version,
    roster,
    persons: people,
    factions,
    attendance: entries,
    statutoryMembers,
    quorum,
    items,
  };
}

function phraseOf(v: { yes: number | null; no: number | null; abstain: number | null; outcome: string }): string {
  if (v.outcome === 'noted') return 'zur Kenntnis genommen';
  if (v.yes == null && v.no == null && v.abstain == null) {
    return v.outcome === 'accepted' ? 'einstimmig angenommen' : 'abgelehnt';
  }
  return phraseVoteResult({ yes: v.yes ?? 0, no: v.no ?? 0, abstain: v.abstain ?? 0 }, { withCounts: true });
}

function quorumOf(
  entries: Array<Pick<AttendanceEntry, 'personId' | 'name' | 'status' | 'votingRight' | 'substituteForPersonId'>>,
  statutoryMembers: number,
  profile: 'nrw-kreis' | 'nrw-gemeinde',
  date: string,
  biased: ReadonlySet<number> = new Set(),
): QuorumResult {
  const attendees = entries.map((e) => ({
    personId: e.personId,
    name: e.name,
    present: e.status === 'present',
    votingRight: e.votingRight,
    biased: biased.has(e.personId),
    substituteFor: e.substituteForPersonId,
  }));
  const counted = attendees.filter((a) => a.present && a.votingRight && !a.biased).length;
  return computeQuorum({ statutoryMembers: Math.max(statutoryMembers, counted), attendees, profile, date });
}

// ---------------------------------------------------------------------------------------------------
// Writes: locking and rules

function permitted(who: Actor, action: Action, bodyId: number) {
  if (!can(who, action, { bodyId })) {
    throw new DomainError('permission.denied', refusal(who, action, { bodyId }));
  }
}

/**
 * Locks the meeting and compares the version; refuses signed minutes (`minutes.signed`), submitted ones
 * (`minutes.submitted`: withdraw the submission first, src/services/minutes-finish.ts) and cancelled meetings.
 */
async function lockMeeting(tx: ServiceContext, who: Actor, id: number, version: unknown, action: Action) {
  const [row] = await tx.db.select().from(meetings).where(eq(meetings.id, id)).for('update');
  const meeting = found(row, 'meeting', id);
  permitted(who, action, meeting.bodyId);
  if (meeting.state === SIGNED) {
    throw new DomainError(
      'minutes.signed',
      refusal(who, action === 'attendance.record' ? 'minutes.edit' : action, {
        bodyId: meeting.bodyId,
        signed: true,
      }),
    );
  }
  if (!recordEditable(meeting.state)) {
    throw new DomainError(
      'minutes.submitted',
      'Die Niederschrift liegt dem Vorsitz und der Schriftführung zur Unterschrift vor; solange kann nichts geändert werden. ' +
        'Nehmen Sie die Vorlage zurück (Abschluss der Niederschrift), um sie zu ändern; bereits gegebene Unterschriften entfallen dann.',
    );
  }
  if (meeting.cancelled) {
    throw new DomainError('meeting.cancelled', 'Die Sitzung ist abgesagt; eine Niederschrift gibt es nicht.');
  }
  await assertMeetingVersion(tx, meeting, version);
  return meeting;
}

/** The persons of a body by id, with their names as the record shows them. */
async function personNamesOfBody(db: Executor, bodyId: number): Promise<Map<number, string>> {
  const rows = await db
    .select({ id: persons.id, title: persons.title, givenName: persons.givenName, familyName: persons.familyName })
    .from(persons)
    .where(eq(persons.bodyId, bodyId));
  return new Map(rows.map((p) => [p.id, nameOf(p)]));
}

/** Whether the meeting's day (Europe/Berlin) is still to come. */
export function meetingUpcoming(startAt: Date, now = new Date()): boolean {
  return localDateTime(startAt).date > localDateTime(now).date;
}

/**
 * What happened at a meeting (attendance, votes, conflicts of interest, addenda) is recorded from the
 * meeting's day on (Europe/Berlin), never for a meeting still to come: `meeting.not_yet_held` (409).
 * Texts and attachments may be prepared before; removing a mistaken entry is always possible.
 */
export function assertMeetingDayReached(meeting: { startAt: Date }, what: string, now = new Date()): void {
  if (!meetingUpcoming(meeting.startAt, now)) return;
  throw new DomainError(
    'meeting.not_yet_held',
    `Die Sitzung findet erst am ${formatDate(meeting.startAt)} statt; ${what} lässt sich ab dem Sitzungstag erfassen.`,
    { meetingDate: localDateTime(meeting.startAt).date },
  );
}

/**
 * Refuses a write carrying a version other than the (locked) meeting's: `validation.failed` without one,
 * `conflict.stale` (409) naming who changed the meeting when. Shared with src/services/minutes-finish.ts.
 */
export async function assertMeetingVersion(tx: ServiceContext, meeting: MeetingRow, version: unknown): Promise<void> {
  const id = meeting.id;
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    throw validationFailed({ version: 'Die Fassung des Formulars fehlt. Bitte öffnen Sie die Seite neu.' });
  }
  if (meeting.version !== version) {
    const { who: by, at } = await lastWriter(tx, 'meeting', id);
    const when = at ? ` am ${formatDate(at)} um ${formatTime(at)} Uhr` : '';
    throw new DomainError(
      'conflict.stale',
      `Die Sitzung wurde inzwischen von ${by}${when} geändert, nachdem Sie die Seite geöffnet haben. ` +
        'Ihre Änderung wurde nicht gespeichert. Bitte prüfen Sie den aktuellen Stand und wiederholen Sie sie, falls sie noch nötig ist.',
      {
        entity: 'meeting',
        id,
        expected: version,
        currentVersion: meeting.version,
        changedBy: by,
        changedAt: at ?? null,
      },
    );
  }
}

/** Touches the meeting (the trigger of migration 0015 raises its version), with a change of state if given. */
export async function touchMeeting(
  tx: ServiceContext,
  meeting: MeetingRow,
  change: Partial<Pick<MeetingRow, 'state' | 'minutesPublishedAt' | 'minutesDate'>> = {},
): Promise<MeetingRow> {
  const [after] = await tx.db
    .update(meetings)
    .set({ ...change, modifiedAt: sql`greatest(clock_timestamp(), ${meetings.modifiedAt} + interval '1 microsecond')` })
    .where(eq(meetings.id, meeting.id))
    .returning();
  return found(after, 'meeting', meeting.id);
}

async function itemOf(tx: ServiceContext, meeting: MeetingRow, itemId: number) {
  const [item] = await tx.db
    .select()
    .from(agendaItems)
    .where(and(eq(agendaItems.id, itemId), eq(agendaItems.meetingId, meeting.id)));
  if (!item) throw new DomainError('agenda_item.not_found', 'Diesen Tagesordnungspunkt gibt es in der Sitzung nicht.');
  return item;
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

// ---------------------------------------------------------------------------------------------------
// Attendance

export interface AttendanceInput {
  personId: number;
  role: AttendanceRole;
  status: AttendanceStatus;
  /** Default: members and chairs by their membership, substitutes yes, everybody else no. */
  votingRight?: boolean | null;
  substituteForPersonId?: number | null;
  function?: string | null;
  arrivedAt?: string | null;
  leftAt?: string | null;
}

/** "Es wurden 6 Stimmen gezählt, aber nur 5 Personen sind anwesend und stimmberechtigt." */
function tooManyVotes(counts: VoteCounts, voters: number, withoutBiased: boolean): string {
  const total = counts.yes + counts.no + counts.abstain + (counts.invalid ?? 0);
  const who = voters === 1 ? '1 Person ist' : `${voters} Personen sind`;
  const what = withoutBiased ? 'anwesend, stimmberechtigt und nicht befangen' : 'anwesend und stimmberechtigt';
  return `Es wurden ${total} Stimmen gezählt, aber nur ${who} ${what}.`;
}

/**
 * Replaces the meeting's attendance list with `entries` (in their order). Field errors are keyed
 * `entries.<index>.<field>`.
 */
export function saveAttendance(
  ctx: ServiceContext,
  who: Actor,
  meetingId: number,
  input: { version: number; entries: AttendanceInput[] },
) {
  return inTransaction(ctx, async (tx) => {
    const meeting = await lockMeeting(tx, who, meetingId, input.version, 'attendance.record');
    assertMeetingDayReached(meeting, 'die Anwesenheit');
    const record = found(await loadMeetingRecord(tx.db, meetingId), 'meeting', meetingId);
    const roster = new Map(record.roster.map((r) => [r.personId, r]));
    const bodyPersons = await personNamesOfBody(tx.db, meeting.bodyId);
    const fields: Record<string, string> = {};
    const seen = new Set<number>();
    const entries = Array.isArray(input.entries) ? input.entries : [];
    entries.forEach((e, index) => {
      const key = `entries.${index}`;
      if (e === null || typeof e !== 'object') {
        fields[key] = 'Jeder Eintrag der Anwesenheit muss ein Objekt sein.';
        return;
      }
      for (const t of ['arrivedAt', 'leftAt', 'function'] as const) {
        if (e[t] != null && typeof e[t] !== 'string') fields[`${key}.${t}`] = 'Bitte geben Sie einen Text an.';
      }
      if (!Number.isInteger(e.personId) || !bodyPersons.has(e.personId)) {
        fields[`${key}.personId`] = 'Diese Person gibt es in der Körperschaft nicht.';
        return;
      }
      if (seen.has(e.personId)) fields[`${key}.personId`] = 'Die Person steht doppelt in der Liste.';
      seen.add(e.personId);
      if (!(e.role in ATTENDANCE_ROLE_LABELS)) fields[`${key}.role`] = 'Bitte wählen Sie eine Rolle.';
      if (!(e.status in ATTENDANCE_STATUS_LABELS))
        fields[`${key}.status`] = 'Bitte wählen Sie anwesend, entschuldigt oder abwesend.';
      // Time messages name the person: the error summary lists them apart from their row.
      const name = bodyPersons.get(e.personId);
      for (const t of ['arrivedAt', 'leftAt'] as const) {
        const value = e[t];
        const when = t === 'arrivedAt' ? 'Ankunft' : 'Weggang';
        if (value && !TIME.test(value)) {
          fields[`${key}.${t}`] = `${when} von ${name}: Die Uhrzeit muss die Form HH:MM haben.`;
        }
        if (value && e.status !== 'present') {
          fields[`${key}.${t}`] = `${when} von ${name}: Uhrzeiten gibt es nur für Anwesende.`;
        }
      }
      if (e.arrivedAt && e.leftAt && TIME.test(e.arrivedAt) && TIME.test(e.leftAt) && e.leftAt < e.arrivedAt) {
        fields[`${key}.leftAt`] = `Weggang von ${name}: Das Ende der Teilnahme liegt vor dem Beginn.`;
      }
      if (e.substituteForPersonId != null) {
        if (e.substituteForPersonId === e.personId) {
          fields[`${key}.substituteForPersonId`] = 'Eine Person kann sich nicht selbst vertreten.';
        } else if (!roster.get(e.substituteForPersonId)?.votingRight) {
          fields[`${key}.substituteForPersonId`] =
            'Vertreten werden kann nur ein stimmberechtigtes Mitglied des Gremiums.';
        } else {
          const member = entries.find((x) => x.personId === e.substituteForPersonId);
          if (member?.status === 'present' && e.status === 'present') {
            fields[`${key}.substituteForPersonId`] =
              `${roster.get(e.substituteForPersonId)?.name} ist selbst anwesend; eine Vertretung ist nicht nötig.`;
          }
        }
      }
      if (e.role === 'substitute' && e.substituteForPersonId == null) {
        fields[`${key}.substituteForPersonId`] = 'Bitte geben Sie an, wen die Vertretung vertritt.';
      }
    });
    if (Object.keys(fields).length > 0) throw validationFailed(fields);

    const before = await tx.db
      .select()
      .from(attendance)
      .where(eq(attendance.meetingId, meeting.id))
      .orderBy(asc(attendance.position));
    await tx.db.delete(attendance).where(eq(attendance.meetingId, meeting.id));
    const values = entries.map((e, index) => ({
      meetingId: meeting.id,
      personId: e.personId,
      role: e.role,
      status: e.status,
      votingRight:
        e.votingRight ??
        (e.role === 'substitute'
          ? true
          : e.role === 'chair' || e.role === 'member'
            ? (roster.get(e.personId)?.votingRight ?? true)
            : false),
      substituteForPersonId: e.substituteForPersonId ?? null,
      function: e.function?.trim() || null,
      arrivedAt: e.status === 'present' ? e.arrivedAt || null : null,
      leftAt: e.status === 'present' ? e.leftAt || null : null,
      position: index + 1,
    }));
    const stored = values.length ? await tx.db.insert(attendance).values(values).returning() : [];
    // Recording the attendance means the meeting took place: planned or invited → held.
    const state = stored.length > 0 ? nextState(meeting.state, 'record') : undefined;
    const after = await touchMeeting(tx, meeting, state && state !== meeting.state ? { state } : {});
    await audit(tx, {
      bodyId: meeting.bodyId,
      action: 'attendance',
      entity: 'meeting',
      entityId: meeting.id,
      before: { attendance: before, state: meeting.state },
      after: { attendance: stored, state: after.state },
    });
    return { meeting: after, attendance: stored };
  });
}

// ---------------------------------------------------------------------------------------------------
// Minutes and resolution texts

/** The kind a resolution of the item gets unless one is chosen: by the paper's consultation role, else Beschluss. */
async function suggestedKindOf(
  tx: ServiceContext,
  meeting: MeetingRow,
  item: typeof agendaItems.$inferSelect,
): Promise<ResolutionKind> {
  if (item.paperId == null) return 'decision';
  const rows = await tx.db
    .select({ agendaItemId: consultations.agendaItemId, role: consultations.role })
    .from(consultations)
    .where(
      and(
        eq(consultations.paperId, item.paperId),
        or(eq(consultations.agendaItemId, item.id), eq(consultations.organizationId, meeting.organizationId)),
      ),
    )
    .orderBy(asc(consultations.position));
  const own = rows.find((c) => c.agendaItemId === item.id) ?? rows[0];
  return (own && KIND_OF_ROLE[own.role]) || 'decision';
}

/**
 * Saves the minutes' and the resolution's texts. The resolution's kind (Beschluss, Empfehlung,
 * Kenntnisnahme) is what the printed minutes head it with: without one given, the stored one or the one
 * the paper's consultation role suggests; without a resolution text there is no kind.
 */
export function saveItemTexts(
  ctx: ServiceContext,
  who: Actor,
  meetingId: number,
  itemId: number,
  input: {
    version: number;
    minutesText?: string | null;
    resolutionText?: string | null;
    resolutionKind?: string | null;
  },
) {
  return inTransaction(ctx, async (tx) => {
    const meeting = await lockMeeting(tx, who, meetingId, input.version, 'minutes.edit');
    const item = await itemOf(tx, meeting, itemId);
    const fields: Record<string, string> = {};
    for (const k of ['minutesText', 'resolutionText'] as const) {
      const v = input[k];
      if (v != null && typeof v !== 'string') fields[k] = 'Bitte geben Sie einen Text ein.';
      else if (typeof v === 'string' && v.length > 100_000)
        fields[k] = 'Der Text ist zu lang (höchstens 100.000 Zeichen).';
    }
    const kind = input.resolutionKind;
    if (kind != null && kind !== '' && !(typeof kind === 'string' && kind in RESOLUTION_KIND_LABELS)) {
      fields.resolutionKind = 'Bitte wählen Sie Beschluss, Empfehlung oder Kenntnisnahme.';
    }
    if (Object.keys(fields).length > 0) throw validationFailed(fields);
    const resolutionText = input.resolutionText?.trim() || null;
    const values = {
      minutesText: input.minutesText?.trim() || null,
      resolutionKind: resolutionText
        ? kind
          ? (kind as ResolutionKind)
          : (item.resolutionKind ?? (await suggestedKindOf(tx, meeting, item)))
        : null,
      resolutionText,
    };
    const [stored] = await tx.db
      .update(agendaItems)
      .set({ ...values, version: item.version + 1, modifiedAt: sql`clock_timestamp()` })
      .where(eq(agendaItems.id, item.id))
      .returning();
    const after = await touchMeeting(tx, meeting);
    await audit(tx, {
      bodyId: meeting.bodyId,
      action: 'minutes',
      entity: 'agenda_item',
      entityId: item.id,
      before: {
        minutesText: item.minutesText,
        resolutionKind: item.resolutionKind,
        resolutionText: item.resolutionText,
      },
      after: values,
    });
    return { meeting: after, item: found(stored, 'agenda_item', item.id) };
  });
}

// ---------------------------------------------------------------------------------------------------
// Votes

export interface VoteInput {
  version: number;
  method?: 'open' | 'roll_call' | 'secret' | null;
  subject?: string | null;
  /** Only taken note of (Kenntnisnahme): no counts. */
  noted?: boolean;
  /** "einstimmig" without numbers (open votes only). */
  unanimous?: boolean;
  yes?: number | null;
  no?: number | null;
  abstain?: number | null;
  byFaction?: Array<{ factionId: number; yes?: number | null; no?: number | null; abstain?: number | null }>;
  /** Roll call: one ballot per person; the counts are taken from them. */
  ballots?: Array<{ personId: number; choice: 'yes' | 'no' | 'abstain' }>;
}

/** The persons entitled to vote on an item: present, voting right, not biased, one vote per seat. */
async function entitled(tx: ServiceContext, meetingId: number, itemId: number) {
  const rows = await tx.db.select().from(attendance).where(eq(attendance.meetingId, meetingId));
  const biased = new Set(
    (
      await tx.db.select({ personId: conflicts.personId }).from(conflicts).where(eq(conflicts.agendaItemId, itemId))
    ).map((c) => c.personId),
  );
  const voting = rows.filter((a) => a.status === 'present' && a.votingRight && !biased.has(a.personId));
  const ids = new Set(voting.map((a) => a.personId));
  const voters = voting.filter((a) => a.substituteForPersonId == null || !ids.has(a.substituteForPersonId));
  return { recorded: rows.length > 0, voters: new Set(voters.map((v) => v.personId)), biased };
}

const COUNT_FIELDS = ['yes', 'no', 'abstain'] as const;

/** Records a vote on an item (appended after earlier votes on it, e.g. on an amendment). */
export function recordItemVote(ctx: ServiceContext, who: Actor, meetingId: number, itemId: number, input: VoteInput) {
  return inTransaction(ctx, async (tx) => {
    const meeting = await lockMeeting(tx, who, meetingId, input.version, 'vote.record');
    assertMeetingDayReached(meeting, 'eine Abstimmung');
    const item = await itemOf(tx, meeting, itemId);
    const method = input.method ?? 'open';
    const fields: Record<string, string> = {};
    if (!(method in VOTE_METHOD_LABELS)) fields.method = 'Bitte wählen Sie offen, namentlich oder geheim.';
    const { recorded, voters, biased } = await entitled(tx, meeting.id, item.id);
    if (!recorded) {
      throw validationFailed({
        attendance:
          'Erfassen Sie zuerst die Anwesenheit; die Stimmen werden an den anwesenden Stimmberechtigten geprüft.',
      });
    }
    const ballots = (Array.isArray(input.ballots) ? input.ballots : []).filter(
      (b): b is { personId: number; choice: 'yes' | 'no' | 'abstain' } => b !== null && typeof b === 'object',
    );
    let counts: VoteCounts | undefined;
    if (method === 'roll_call' && !input.noted) {
      if (ballots.length === 0) fields.ballots = 'Bei namentlicher Abstimmung wird die Stimme jeder Person erfasst.';
      const names = await personNamesOfBody(tx.db, meeting.bodyId);
      const seen = new Set<number>();
      ballots.forEach((b, index) => {
        const name = names.get(b.personId) ?? `Person ${b.personId}`;
        if (biased.has(b.personId)) {
          fields[`ballots.${index}`] = `${name} hat sich für befangen erklärt und darf nicht mitstimmen.`;
        } else if (!voters.has(b.personId)) {
          fields[`ballots.${index}`] = `${name} ist nicht als anwesendes stimmberechtigtes Mitglied erfasst.`;
        } else if (seen.has(b.personId)) {
          fields[`ballots.${index}`] = `${name} hat bereits eine Stimme.`;
        } else if (!(b.choice in CHOICE_LABELS)) {
          fields[`ballots.${index}`] = `Bitte wählen Sie Ja, Nein oder Enthaltung für ${name}.`;
        }
        seen.add(b.personId);
      });
      counts = {
        yes: ballots.filter((b) => b.choice === 'yes').length,
        no: ballots.filter((b) => b.choice === 'no').length,
        abstain: ballots.filter((b) => b.choice === 'abstain').length,
      };
    } else if (ballots.length > 0) {
      fields.ballots = 'Einzelstimmen werden nur bei namentlicher Abstimmung erfasst.';
    }
    const given = COUNT_FIELDS.some((k) => input[k] != null);
    if (input.noted) {
      if (given || input.unanimous) fields.noted = 'Eine Kenntnisnahme hat kein Stimmenergebnis.';
    } else if (method !== 'roll_call') {
      if (given) {
        counts = { yes: input.yes ?? 0, no: input.no ?? 0, abstain: input.abstain ?? 0 };
      } else if (input.unanimous && method === 'open') {
        counts = undefined;
      } else {
        fields.yes =
          'Bitte geben Sie die Stimmen an (Ja, Nein, Enthaltungen), „einstimmig“ oder „zur Kenntnis genommen“.';
      }
    }
    if (counts) {
      for (const p of validateVoteCounts(counts, voters.size)) {
        fields[p.field === 'entitledVoters' ? 'yes' : p.field] =
          p.code === 'exceeds_entitled' ? tooManyVotes(counts, voters.size, biased.size > 0) : p.message;
      }
      if (input.unanimous && Object.keys(fields).length === 0 && !decideVote(counts).unanimous) {
        fields.unanimous = 'Bei Gegenstimmen (oder ohne Ja-Stimme) ist ein Beschluss nicht einstimmig.';
      }
    }
    const byFaction = (Array.isArray(input.byFaction) ? input.byFaction : []).filter(
      (f) => f !== null && typeof f === 'object' && COUNT_FIELDS.some((k) => (f[k] ?? 0) !== 0),
    );
    if (byFaction.length > 0) {
      const known = new Set(
        (
          await tx.db
            .select({ id: organizations.id })
            .from(organizations)
            .where(and(eq(organizations.bodyId, meeting.bodyId), eq(organizations.kind, 'faction')))
        ).map((o) => o.id),
      );
      if (byFaction.some((f) => !known.has(f.factionId))) {
        fields.byFaction = 'Stimmen je Fraktion gibt es nur für Fraktionen dieser Körperschaft.';
      }
    }
    if (byFaction.length > 0 && counts) {
      for (const k of COUNT_FIELDS) {
        const sum = byFaction.reduce((s, f) => s + (f[k] ?? 0), 0);
        if (byFaction.some((f) => !Number.isInteger(f[k] ?? 0) || (f[k] ?? 0) < 0)) {
          fields[`byFaction.${k}`] = 'Die Stimmen je Fraktion müssen ganze Zahlen ab 0 sein.';
        } else if (sum > counts[k]) {
          fields[`byFaction.${k}`] =
            `Die Fraktionen haben zusammen ${sum} ${{ yes: 'Ja-Stimmen', no: 'Nein-Stimmen', abstain: 'Enthaltungen' }[k]}, das Ergebnis nur ${counts[k]}.`;
        }
      }
    } else if (byFaction.length > 0) {
      fields.byFaction = 'Stimmen je Fraktion gibt es nur zu einem Ergebnis mit Zahlen.';
    }
    if (Object.keys(fields).length > 0) throw validationFailed(fields);

    const vote = await recordVote(tx, {
      agendaItemId: item.id,
      method,
      subject: input.subject?.trim() || null,
      ...(counts ? counts : {}),
      unanimous: input.noted ? false : counts ? decideVote(counts).unanimous : true,
      outcome: input.noted ? 'noted' : null,
      byFaction: byFaction.map((f) => ({
        factionId: f.factionId,
        yes: f.yes ?? 0,
        no: f.no ?? 0,
        abstain: f.abstain ?? 0,
      })),
      ballots: method === 'roll_call' ? ballots : [],
    });
    const after = await touchMeeting(tx, meeting);
    const phrase = phraseOf(vote);
    return { meeting: after, vote, phrase };
  });
}

/** Removes a vote recorded by mistake. */
export function removeItemVote(
  ctx: ServiceContext,
  who: Actor,
  meetingId: number,
  itemId: number,
  voteId: number,
  input: { version: number },
) {
  return inTransaction(ctx, async (tx) => {
    const meeting = await lockMeeting(tx, who, meetingId, input.version, 'vote.record');
    const item = await itemOf(tx, meeting, itemId);
    const [vote] = await tx.db
      .select()
      .from(votes)
      .where(and(eq(votes.id, voteId), eq(votes.agendaItemId, item.id)));
    if (!vote) throw new DomainError('vote.not_found', 'Diese Abstimmung gibt es zu dem Punkt nicht.');
    // The faction counts and ballots go with the vote (on delete cascade): kept in the audit entry.
    const byFaction = await tx.db.select().from(voteFactionResults).where(eq(voteFactionResults.voteId, vote.id));
    const ballots = await tx.db.select().from(voteBallots).where(eq(voteBallots.voteId, vote.id));
    await tx.db.delete(votes).where(eq(votes.id, vote.id));
    const after = await touchMeeting(tx, meeting);
    await audit(tx, {
      bodyId: meeting.bodyId,
      action: 'delete',
      entity: 'vote',
      entityId: vote.id,
      before: { ...vote, byFaction, ballots },
    });
    return { meeting: after };
  });
}

// ---------------------------------------------------------------------------------------------------
// Conflicts of interest and addenda

export function declareItemConflict(
  ctx: ServiceContext,
  who: Actor,
  meetingId: number,
  itemId: number,
  input: { version: number; personId: number; note?: string | null },
) {
  return inTransaction(ctx, async (tx) => {
    const meeting = await lockMeeting(tx, who, meetingId, input.version, 'vote.record');
    assertMeetingDayReached(meeting, 'eine Befangenheit');
    const item = await itemOf(tx, meeting, itemId);
    const [person] = Number.isInteger(input.personId)
      ? await tx.db
          .select()
          .from(persons)
          .where(and(eq(persons.id, input.personId), eq(persons.bodyId, meeting.bodyId)))
      : [];
    if (!person) throw validationFailed({ personId: 'Bitte wählen Sie die Person, die sich für befangen erklärt.' });
    const [existing] = await tx.db
      .select()
      .from(conflicts)
      .where(and(eq(conflicts.agendaItemId, item.id), eq(conflicts.personId, person.id)));
    if (existing)
      throw validationFailed({ personId: `${nameOf(person)} ist für diesen Punkt bereits als befangen erfasst.` });
    const values = { agendaItemId: item.id, personId: person.id, note: input.note?.trim() || null };
    await tx.db.insert(conflicts).values(values);
    const after = await touchMeeting(tx, meeting);
    await audit(tx, {
      bodyId: meeting.bodyId,
      action: 'create',
      entity: 'conflict',
      entityId: `${item.id}:${person.id}`,
      after: values,
    });
    return { meeting: after };
  });
}

export function addItemAddendum(
  ctx: ServiceContext,
  who: Actor,
  meetingId: number,
  itemId: number,
  input: { version: number; heading?: string | null; text: string },
) {
  return inTransaction(ctx, async (tx) => {
    const meeting = await lockMeeting(tx, who, meetingId, input.version, 'minutes.edit');
    assertMeetingDayReached(meeting, 'eine Ergänzung');
    const item = await itemOf(tx, meeting, itemId);
    const text = typeof input.text === 'string' ? input.text.trim() : '';
    if (!text) throw validationFailed({ text: 'Bitte geben Sie den Text der Ergänzung ein.' });
    const [{ next } = { next: 1 }] = await tx.db
      .select({ next: sql<number>`coalesce(max(${addenda.position}), 0)::int + 1` })
      .from(addenda)
      .where(eq(addenda.agendaItemId, item.id));
    const [row] = await tx.db
      .insert(addenda)
      .values({
        agendaItemId: item.id,
        position: Number(next),
        text,
        ...(input.heading?.trim() ? { heading: input.heading.trim() } : {}),
      })
      .returning();
    const addendum = found(row, 'addendum', 'neu');
    const after = await touchMeeting(tx, meeting);
    await audit(tx, {
      bodyId: meeting.bodyId,
      action: 'create',
      entity: 'addendum',
      entityId: addendum.id,
      after: addendum,
    });
    return { meeting: after, addendum };
  });
}

/** Removes a conflict of interest recorded by mistake: the person votes on the item again. */
export function removeItemConflict(
  ctx: ServiceContext,
  who: Actor,
  meetingId: number,
  itemId: number,
  personId: number,
  input: { version: number },
) {
  return inTransaction(ctx, async (tx) => {
    const meeting = await lockMeeting(tx, who, meetingId, input.version, 'vote.record');
    const item = await itemOf(tx, meeting, itemId);
    const [conflict] = await tx.db
      .select()
      .from(conflicts)
      .where(and(eq(conflicts.agendaItemId, item.id), eq(conflicts.personId, personId)));
    if (!conflict) {
      throw new DomainError('conflict.not_found', 'Diese Person ist für den Punkt nicht als befangen erfasst.');
    }
    await tx.db.delete(conflicts).where(and(eq(conflicts.agendaItemId, item.id), eq(conflicts.personId, personId)));
    const after = await touchMeeting(tx, meeting);
    await audit(tx, {
      bodyId: meeting.bodyId,
      action: 'delete',
      entity: 'conflict',
      entityId: `${item.id}:${personId}`,
      before: conflict,
    });
    return { meeting: after };
  });
}

async function addendumOf(tx: ServiceContext, itemId: number, addendumId: number) {
  const [row] = await tx.db
    .select()
    .from(addenda)
    .where(and(eq(addenda.id, addendumId), eq(addenda.agendaItemId, itemId)));
  if (!row) throw new DomainError('addendum.not_found', 'Diese Ergänzung gibt es zu dem Punkt nicht.');
  return row;
}

/** Changes an addendum's heading and text. */
export function updateItemAddendum(
  ctx: ServiceContext,
  who: Actor,
  meetingId: number,
  itemId: number,
  addendumId: number,
  input: { version: number; heading?: string | null; text: string },
) {
  return inTransaction(ctx, async (tx) => {
    const meeting = await lockMeeting(tx, who, meetingId, input.version, 'minutes.edit');
    const item = await itemOf(tx, meeting, itemId);
    const before = await addendumOf(tx, item.id, addendumId);
    const text = typeof input.text === 'string' ? input.text.trim() : '';
    if (!text) throw validationFailed({ text: 'Bitte geben Sie den Text der Ergänzung ein.' });
    const heading = typeof input.heading === 'string' && input.heading.trim() ? input.heading.trim() : before.heading;
    const [row] = await tx.db
      .update(addenda)
      .set({ heading, text, modifiedAt: sql`clock_timestamp()` })
      .where(eq(addenda.id, before.id))
      .returning();
    const addendum = found(row, 'addendum', before.id);
    const after = await touchMeeting(tx, meeting);
    await audit(tx, {
      bodyId: meeting.bodyId,
      action: 'update',
      entity: 'addendum',
      entityId: before.id,
      before,
      after: addendum,
    });
    return { meeting: after, addendum };
  });
}

/** Removes an addendum recorded by mistake. */
export function removeItemAddendum(
  ctx: ServiceContext,
  who: Actor,
  meetingId: number,
  itemId: number,
  addendumId: number,
  input: { version: number },
) {
  return inTransaction(ctx, async (tx) => {
    const meeting = await lockMeeting(tx, who, meetingId, input.version, 'minutes.edit');
    const item = await itemOf(tx, meeting, itemId);
    const before = await addendumOf(tx, item.id, addendumId);
    await tx.db.delete(addenda).where(eq(addenda.id, before.id));
    const after = await touchMeeting(tx, meeting);
    await audit(tx, { bodyId: meeting.bodyId, action: 'delete', entity: 'addendum', entityId: before.id, before });
    return { meeting: after };
  });
}

// ---------------------------------------------------------------------------------------------------
// Attachments to the minutes (Anlagen zur Niederschrift)

const MAX_LABEL = 200;

async function attachmentsOf(tx: ServiceContext, itemId: number) {
  return tx.db
    .select()
    .from(agendaItemAttachments)
    .where(eq(agendaItemAttachments.agendaItemId, itemId))
    .orderBy(asc(agendaItemAttachments.position), asc(agendaItemAttachments.fileId));
}

/**
 * Uploads files as attachments of the item (Anlagen zur Niederschrift), after the ones it has. Each gets
 * the label given (one file only) or "Anlage n – <file name>"; the files have the limits of a paper's
 * (src/services/papers-office.ts: at most 10 of 10 MB). Public once the minutes are published, for public
 * items only (src/db/repositories/visibility.ts `fileReadable`).
 */
export function addItemAttachments(
  ctx: ServiceContext,
  who: Actor,
  meetingId: number,
  itemId: number,
  input: { version: number; label?: string | null; files: UploadedFile[] },
) {
  return inTransaction(ctx, async (tx) => {
    const meeting = await lockMeeting(tx, who, meetingId, input.version, 'minutes.edit');
    const item = await itemOf(tx, meeting, itemId);
    const uploads = Array.isArray(input.files) ? input.files : [];
    if (uploads.length === 0) throw validationFailed({ files: 'Bitte wählen Sie mindestens eine Datei.' });
    const checked = checkFiles(uploads);
    const label = typeof input.label === 'string' ? input.label.trim() : '';
    if (label.length > MAX_LABEL)
      throw validationFailed({ label: `Die Bezeichnung ist zu lang (höchstens ${MAX_LABEL} Zeichen).` });
    if (label && checked.length > 1) {
      throw validationFailed({
        label:
          'Eine Bezeichnung gilt für eine Datei; laden Sie mehrere Dateien ohne Bezeichnung hoch und benennen Sie sie danach.',
      });
    }
    const existing = await attachmentsOf(tx, item.id);
    let position = Math.max(0, ...existing.map((a) => a.position));
    const added: Array<{ fileId: number; label: string; position: number; fileName: string; sha256: string }> = [];
    for (const file of checked) {
      position += 1;
      const sha256 = createHash('sha256').update(file.content).digest('hex');
      const [row] = await tx.db
        .insert(files)
        .values({
          bodyId: meeting.bodyId,
          name: file.name,
          fileName: file.fileName,
          mimeType: file.mimeType,
          size: file.content.byteLength,
          sha256,
          content: file.content,
          text: file.mimeType === 'text/plain' ? new TextDecoder().decode(file.content) : null,
        })
        .returning({ id: files.id });
      const fileId = found(row, 'file', 'neu').id;
      const entry = {
        fileId,
        label: label || `Anlage ${position} – ${file.name}`,
        position,
        fileName: file.fileName,
        sha256,
      };
      await tx.db.insert(agendaItemAttachments).values({ agendaItemId: item.id, fileId, label: entry.label, position });
      added.push(entry);
    }
    const after = await touchMeeting(tx, meeting);
    await audit(tx, {
      bodyId: meeting.bodyId,
      action: 'attach_file',
      entity: 'agenda_item',
      entityId: item.id,
      after: { attachments: added },
    });
    return { meeting: after, attachments: added };
  });
}

async function attachmentOf(tx: ServiceContext, itemId: number, fileId: number) {
  const [row] = await tx.db
    .select()
    .from(agendaItemAttachments)
    .where(and(eq(agendaItemAttachments.agendaItemId, itemId), eq(agendaItemAttachments.fileId, fileId)));
  if (!row) throw new DomainError('attachment.not_found', 'Diese Anlage gibt es zu dem Punkt nicht.');
  return row;
}

/** Renames an attachment and/or moves it one place up or down (the others keep their order). */
export function editItemAttachment(
  ctx: ServiceContext,
  who: Actor,
  meetingId: number,
  itemId: number,
  fileId: number,
  input: { version: number; label?: string | null; move?: 'up' | 'down' | null },
) {
  return inTransaction(ctx, async (tx) => {
    const meeting = await lockMeeting(tx, who, meetingId, input.version, 'minutes.edit');
    const item = await itemOf(tx, meeting, itemId);
    const target = await attachmentOf(tx, item.id, fileId);
    const fields: Record<string, string> = {};
    const label = input.label == null ? undefined : typeof input.label === 'string' ? input.label.trim() : '';
    if (label !== undefined && !label)
      fields.label = 'Bitte geben Sie eine Bezeichnung ein („Anlage 1 – Präsentation“).';
    else if (label && label.length > MAX_LABEL)
      fields.label = `Die Bezeichnung ist zu lang (höchstens ${MAX_LABEL} Zeichen).`;
    if (input.move != null && input.move !== 'up' && input.move !== 'down')
      fields.move = 'Eine Anlage wird nach oben (up) oder nach unten (down) verschoben.';
    if (Object.keys(fields).length > 0) throw validationFailed(fields);
    const list = await attachmentsOf(tx, item.id);
    const before = list.map((a) => ({ fileId: a.fileId, label: a.label, position: a.position }));
    const order = [...list];
    const at = order.findIndex((a) => a.fileId === target.fileId);
    const to = input.move === 'up' ? at - 1 : input.move === 'down' ? at + 1 : at;
    if (to >= 0 && to < order.length && to !== at) {
      const [moved] = order.splice(at, 1);
      if (moved) order.splice(to, 0, moved);
    }
    // Positions 1..n in the new order (first out of the way: the key does not include the position).
    const afterList = order.map((a, index) => ({
      fileId: a.fileId,
      label: a.fileId === target.fileId && label ? label : a.label,
      position: index + 1,
    }));
    for (const a of afterList) {
      await tx.db
        .update(agendaItemAttachments)
        .set({ label: a.label, position: a.position })
        .where(and(eq(agendaItemAttachments.agendaItemId, item.id), eq(agendaItemAttachments.fileId, a.fileId)));
    }
    const after = await touchMeeting(tx, meeting);
    await audit(tx, {
      bodyId: meeting.bodyId,
      action: 'update',
      entity: 'agenda_item',
      entityId: item.id,
      before: { attachments: before },
      after: { attachments: afterList },
    });
    return { meeting: after };
  });
}

/** Removes an attachment; its file goes too unless a paper or another item uses it. */
export function removeItemAttachment(
  ctx: ServiceContext,
  who: Actor,
  meetingId: number,
  itemId: number,
  fileId: number,
  input: { version: number },
) {
  return inTransaction(ctx, async (tx) => {
    const meeting = await lockMeeting(tx, who, meetingId, input.version, 'minutes.edit');
    const item = await itemOf(tx, meeting, itemId);
    const target = await attachmentOf(tx, item.id, fileId);
    await tx.db
      .delete(agendaItemAttachments)
      .where(and(eq(agendaItemAttachments.agendaItemId, item.id), eq(agendaItemAttachments.fileId, fileId)));
    const [file] = await tx.db
      .select({ id: files.id, name: files.name, fileName: files.fileName, sha256: files.sha256 })
      .from(files)
      .where(eq(files.id, fileId));
    const [usedByPaper] = await tx.db.select().from(paperFiles).where(eq(paperFiles.fileId, fileId)).limit(1);
    const [usedByItem] = await tx.db
      .select()
      .from(agendaItemAttachments)
      .where(eq(agendaItemAttachments.fileId, fileId))
      .limit(1);
    const fileRemoved = !usedByPaper && !usedByItem;
    if (fileRemoved) await tx.db.delete(files).where(eq(files.id, fileId));
    const after = await touchMeeting(tx, meeting);
    await audit(tx, {
      bodyId: meeting.bodyId,
      action: 'detach_file',
      entity: 'agenda_item',
      entityId: item.id,
      before: { attachment: target, file },
      after: { fileRemoved },
    });
    return { meeting: after };
  });
}

/** The stored content of an item's attachment, for the back office download; undefined if there is none. */
export async function loadItemAttachmentFile(db: Executor, meetingId: number, itemId: number, fileId: number) {
  const [row] = await db
    .select({ fileName: files.fileName, mimeType: files.mimeType, size: files.size, content: files.content })
    .from(agendaItemAttachments)
    .innerJoin(agendaItems, eq(agendaItems.id, agendaItemAttachments.agendaItemId))
    .innerJoin(files, eq(files.id, agendaItemAttachments.fileId))
    .where(
      and(
        eq(agendaItemAttachments.agendaItemId, itemId),
        eq(agendaItemAttachments.fileId, fileId),
        eq(agendaItems.meetingId, meetingId),
      ),
    );
  return row;
}
