/**
 * Back-office use cases for meetings (Sitzungen) and their agenda (Tagesordnung): plan, edit, cancel and
 * move a meeting; add, change, nest, reorder and remove agenda items; issue the invitation (with the
 * invitation deadline checked and explained) and supplements (Nachtrag). Each write is one transaction,
 * asks `can()` itself (the routes ask first; the API's targets come from the request) and writes one
 * audit log entry with before/after.
 *
 * Optimistic locking: a meeting and its agenda are one unit. `meetings.version` is compared with the
 * version the form or API call was loaded from; every write here updates the meeting row, and a trigger
 * raises the version on every update of the row (migration 0015: also the import's writes and the touch
 * of the meeting when its items change). The row is locked with `select … for update` first, so of two
 * concurrent writes from one version exactly one wins; the other gets `conflict.stale`, nothing written.
 *
 * The agenda is a tree of one level (items and sub-items). Every structural change rewrites positions
 * (pre-order, 1…n) and numbers ("1", "2", "2.1", …) from the tree; public items always come before
 * non-public ones (`agenda_item.public_order`).
 *
 * @example
 *   const m = await createOfficeMeeting(ctx, clerk, { bodyId, organizationId, date: '2027-03-04', startTime: '17:00' });
 *   const { meeting } = await addOfficeAgendaItem(ctx, clerk, m.id, { version: m.version, title: 'Formalien', public: true });
 *   await inviteMeeting(ctx, clerk, m.id, { version: meeting.version, date: '2027-02-20' }); // ok, or meeting.deadline_missed
 */

import { and, asc, count, desc, eq, gte, inArray, lt, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../db/open.ts';
import {
  accounts,
  agendaItems,
  auditLog,
  bodies,
  consultations,
  locations,
  meetings,
  organizations,
  papers,
  rooms,
} from '../db/schema.ts';
import { bodySettings, effectiveInvitationDeadline, organizationSettings } from '../domain/body-settings.ts';
import { DomainError } from '../domain/errors.ts';
import { formatDate, formatTime, TIME_ZONE } from '../domain/format.ts';
import { HELD_STATES } from '../domain/meeting-state.ts';
import { type Action, type Actor, can, refusal } from '../domain/permissions.ts';
import { checkInvitationDeadline, type InvitationDeadlineCheck } from '../domain/rules/deadline.ts';
import type { JurisdictionId } from '../domain/rules/profiles.ts';
import { audit, found, inTransaction, type ServiceContext } from './context.ts';
import { lastWriter } from './optimistic-locking.ts';

export type FieldErrors = Record<string, string>;

export function validationFailed(fields: FieldErrors): DomainError {
  const messages = Object.values(fields);
  return new DomainError(
    'validation.failed',
    messages.length === 1 ? (messages[0] as string) : `Bitte prüfen Sie die Eingaben: ${messages.join(' ')}`,
    { fields },
  );
}

function permitted(who: Actor, action: Action, bodyId: number) {
  if (!can(who, action, { bodyId })) {
    throw new DomainError('permission.denied', refusal(who, action, { bodyId }));
  }
}

// ---------------------------------------------------------------------------------------------------
// Local time (Europe/Berlin)

const localParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The local date and time of an instant: { date: '2027-03-04', time: '17:00' }. */
export function localDateTime(at: Date): { date: string; time: string } {
  const p = Object.fromEntries(localParts.formatToParts(at).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

/** The instant of a local date and time in Europe/Berlin (daylight saving time included). */
export function localToInstant(date: string, time: string): Date {
  const naive = Date.parse(`${date}T${time}:00Z`);
  let guess = naive;
  for (let i = 0; i < 2; i += 1) {
    const local = localDateTime(new Date(guess));
    const shown = Date.parse(`${local.date}T${local.time}:00Z`);
    guess += naive - shown;
  }
  return new Date(guess);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** '2027-03-04' or '04.03.2027' → '2027-03-04'; undefined when it is not a real date. */
export function parseDateInput(value: string | null | undefined): string | undefined {
  const text = (value ?? '').trim();
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  const iso = german ? `${german[3]}-${german[2]?.padStart(2, '0')}-${german[1]?.padStart(2, '0')}` : text;
  if (!ISO_DATE.test(iso)) return undefined;
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso) return undefined;
  const year = Number(iso.slice(0, 4));
  return year >= 1950 && year <= 2200 ? iso : undefined;
}

/**
 * A zod field for a date as JJJJ-MM-TT or TT.MM.JJJJ (a form's field may be plain text) → ISO; blank → none;
 * anything else an issue `date` (the caller says it in words).
 */
export const optionalDateField = z
  .string()
  .nullable()
  .optional()
  .transform((value, context) => {
    if (value == null || value.trim() === '') return null;
    const parsed = parseDateInput(value);
    if (!parsed) {
      context.addIssue({ code: 'custom', message: 'date' });
      return z.NEVER;
    }
    return parsed;
  });

/**
 * The date format a caller takes, named in its messages: the back-office forms say TT.MM.JJJJ (they take
 * JJJJ-MM-TT too), the JSON API says JJJJ-MM-TT, the format it documents.
 */
export type DateFormat = 'TT.MM.JJJJ' | 'JJJJ-MM-TT';

/** „2026-02-31“ ist kein gültiges Datum (TT.MM.JJJJ). */
export function invalidDateMessage(value: string, format: DateFormat = 'TT.MM.JJJJ'): string {
  return `„${value.trim()}“ ist kein gültiges Datum (${format}).`;
}

/**
 * Reads a required date field: the ISO date, or the German message for the field. Empty says what is
 * missing ("Bitte geben Sie `what` an (TT.MM.JJJJ)."), anything else that is not a real date says so.
 */
export function checkDateInput(
  value: string | null | undefined,
  what: string,
  format: DateFormat = 'TT.MM.JJJJ',
): { date: string; error?: undefined } | { date?: undefined; error: string } {
  const date = parseDateInput(value);
  if (date) return { date };
  if (!(value ?? '').trim()) return { error: `Bitte geben Sie ${what} an (${format}).` };
  return { error: invalidDateMessage(value ?? '', format) };
}

/** '9:30', '09:30', '09.30' → '09:30'; undefined otherwise. */
export function parseTimeInput(value: string | null | undefined): string | undefined {
  const text = (value ?? '').trim().replace('.', ':');
  const padded = /^\d:\d\d$/.test(text) ? `0${text}` : text;
  return TIME.test(padded) ? padded : undefined;
}

/** Today in Europe/Berlin, 'YYYY-MM-DD'. */
export const localToday = () => localDateTime(new Date()).date;

// ---------------------------------------------------------------------------------------------------
// States

/** The state shown for a meeting: cancelled wins over the state of the workflow. */
export type MeetingStatus = 'planned' | 'invited' | 'held' | 'cancelled';
export const MEETING_STATUSES: readonly MeetingStatus[] = ['planned', 'invited', 'held', 'cancelled'];

export const MEETING_STATUS_LABELS: Record<MeetingStatus, string> = {
  planned: 'geplant',
  invited: 'eingeladen',
  held: 'abgehalten',
  cancelled: 'abgesagt',
};

export function statusOf(m: { state: string; cancelled: boolean }): MeetingStatus {
  if (m.cancelled) return 'cancelled';
  if ((HELD_STATES as readonly string[]).includes(m.state)) return 'held';
  return m.state === 'invited' ? 'invited' : 'planned';
}

function statusCondition(status: MeetingStatus): SQL | undefined {
  switch (status) {
    case 'cancelled':
      return eq(meetings.cancelled, true);
    case 'held':
      return and(eq(meetings.cancelled, false), inArray(meetings.state, HELD_STATES));
    default:
      return and(eq(meetings.cancelled, false), eq(meetings.state, status));
  }
}

// ---------------------------------------------------------------------------------------------------
// Reads

export const MEETING_SORT_KEYS = ['date', 'organization', 'status'] as const;
export type MeetingSortKey = (typeof MEETING_SORT_KEYS)[number];

export interface MeetingListQuery {
  bodyId: number;
  organizationId?: number | undefined;
  /** Local dates, both included. */
  from?: string | undefined;
  to?: string | undefined;
  status?: MeetingStatus | undefined;
  sort?: MeetingSortKey;
  direction?: 'asc' | 'desc';
  page?: number;
  pageSize?: number;
}

export interface MeetingListRow {
  id: number;
  organizationId: number;
  organizationName: string;
  startAt: Date;
  endAt: Date | null;
  status: MeetingStatus;
  state: string;
  cancelled: boolean;
  invitationSentOn: string | null;
  location: string | null;
  items: number;
}

/** A body's meetings with filters, sort and pages; a page beyond the end is empty (`total` tells). */
export async function listOfficeMeetings(db: Executor, q: MeetingListQuery) {
  const pageSize = Math.min(100, Math.max(1, q.pageSize ?? 25));
  const page = Math.max(1, q.page ?? 1);
  const conditions: SQL[] = [eq(meetings.bodyId, q.bodyId)];
  if (q.organizationId) conditions.push(eq(meetings.organizationId, q.organizationId));
  if (q.from) conditions.push(gte(meetings.startAt, localToInstant(q.from, '00:00')));
  if (q.to) {
    const next = new Date(`${q.to}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    conditions.push(lt(meetings.startAt, localToInstant(next.toISOString().slice(0, 10), '00:00')));
  }
  if (q.status) {
    const condition = statusCondition(q.status);
    if (condition) conditions.push(condition);
  }
  const where = and(...conditions);
  const dir = q.direction === 'asc' ? asc : desc;
  const statusRank = sql`case when ${meetings.cancelled} then 4 when ${meetings.state} = 'planned' then 1 when ${meetings.state} = 'invited' then 2 else 3 end`;
  const order: SQL[] =
    q.sort === 'organization'
      ? [dir(organizations.name), desc(meetings.startAt)]
      : q.sort === 'status'
        ? [dir(statusRank), desc(meetings.startAt)]
        : [dir(meetings.startAt)];
  const [totals] = await db
    .select({ n: count() })
    .from(meetings)
    .innerJoin(organizations, eq(organizations.id, meetings.organizationId))
    .where(where);
  const rows = await db
    .select({
      id: meetings.id,
      organizationId: meetings.organizationId,
      organizationName: organizations.name,
      startAt: meetings.startAt,
      endAt: meetings.endAt,
      state: meetings.state,
      cancelled: meetings.cancelled,
      invitationSentOn: meetings.invitationSentOn,
      location: sql<
        string | null
      >`(select concat_ws(', ', l.name, r.name) from ${locations} l left join ${rooms} r on r.id = ${meetings.roomId} where l.id = ${meetings.locationId})`,
      items: sql<number>`(select count(*)::int from ${agendaItems} a where a.meeting_id = ${meetings.id})`,
    })
    .from(meetings)
    .innerJoin(organizations, eq(organizations.id, meetings.organizationId))
    .where(where)
    .orderBy(...order, asc(meetings.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return {
    total: Number(totals?.n ?? 0),
    page,
    pageSize,
    rows: rows.map((r): MeetingListRow => ({ ...r, items: Number(r.items), status: statusOf(r) })),
  };
}

/** The body of a meeting; undefined when there is no such meeting. */
export async function meetingBody(db: Executor, id: number): Promise<number | undefined> {
  const [row] = await db.select({ bodyId: meetings.bodyId }).from(meetings).where(eq(meetings.id, id));
  return row?.bodyId;
}

export interface OfficeAgendaItem {
  id: number;
  parentId: number | null;
  number: string;
  position: number;
  public: boolean;
  title: string;
  subtitle: string | null;
  paperId: number | null;
  paperReference: string | null;
  paperTitle: string | null;
  supplement: boolean;
  version: number;
}

/** Committees and councils of a body (those that meet), locations with rooms, for the forms. */
export async function meetingFormOptions(db: Executor, bodyId: number) {
  const orgs = await db
    .select({ id: organizations.id, name: organizations.name, kind: organizations.kind })
    .from(organizations)
    .where(and(eq(organizations.bodyId, bodyId), inArray(organizations.kind, ['council', 'committee'])))
    .orderBy(asc(organizations.name));
  const places = await db
    .select({ id: locations.id, description: locations.name })
    .from(locations)
    .where(eq(locations.bodyId, bodyId))
    .orderBy(asc(locations.name), asc(locations.id));
  const roomRows = places.length
    ? await db
        .select({ id: rooms.id, locationId: rooms.locationId, name: rooms.name })
        .from(rooms)
        .where(
          inArray(
            rooms.locationId,
            places.map((p) => p.id),
          ),
        )
        .orderBy(asc(rooms.name))
    : [];
  return {
    organizations: orgs,
    locations: places.map((p) => ({
      id: p.id,
      name: p.description,
      rooms: roomRows.filter((r) => r.locationId === p.id),
    })),
  };
}

/** Papers of a body for linking to an agenda item, newest first. */
export async function linkablePapers(db: Executor, bodyId: number, limit = 200) {
  return db
    .select({ id: papers.id, reference: papers.reference, title: papers.title, public: papers.public })
    .from(papers)
    .where(eq(papers.bodyId, bodyId))
    .orderBy(desc(papers.id))
    .limit(limit);
}

async function bodyOf(db: Executor, bodyId: number) {
  const [row] = await db.select().from(bodies).where(eq(bodies.id, bodyId));
  return found(row, 'body', bodyId);
}

/** The invitation deadline check for a meeting if the invitation went out on `dispatchDate`. */
export async function deadlineCheck(
  db: Executor,
  meeting: { bodyId: number; organizationId: number; startAt: Date },
  dispatchDate: string,
  urgent = false,
): Promise<InvitationDeadlineCheck & { message: string }> {
  const body = await bodyOf(db, meeting.bodyId);
  const [org] = await db.select().from(organizations).where(eq(organizations.id, meeting.organizationId));
  const local = localDateTime(meeting.startAt);
  const settings = effectiveInvitationDeadline({
    jurisdiction: body.jurisdiction as JurisdictionId,
    body: bodySettings(body.settings),
    organization: organizationSettings(org?.settings),
    onDate: local.date,
  });
  const check = checkInvitationDeadline({
    dispatchDate,
    meetingDate: `${local.date}T${local.time}`,
    settings,
    urgent,
  });
  return { ...check, message: deadlineMessage(check) };
}

export const UNIT_WORDS: Record<string, [string, string]> = {
  calendar: ['Kalendertag', 'Kalendertagen'],
  working: ['Arbeitstag', 'Arbeitstagen'],
  hours: ['Stunde', 'Stunden'],
};

/** "Die Ladungsfrist von 7 Kalendertagen ist eingehalten. …" with the rule's explanation. */
export function deadlineMessage(check: InvitationDeadlineCheck): string {
  const words = UNIT_WORDS[check.unit] ?? ['Tag', 'Tagen'];
  const amount = `${check.requiredDays} ${check.requiredDays === 1 ? words[0] : words[1]}`;
  const name = check.urgent ? 'verkürzte Ladungsfrist (Dringlichkeit)' : 'Ladungsfrist';
  return `Die ${name} von ${amount} ist ${check.ok ? 'eingehalten' : 'nicht eingehalten'}. ${check.explanation}`;
}

export interface OfficeMeeting {
  id: number;
  bodyId: number;
  bodyName: string;
  bodySlug: string;
  organizationId: number;
  organizationName: string;
  startAt: Date;
  endAt: Date | null;
  date: string;
  startTime: string;
  endTime: string;
  locationId: number | null;
  roomId: number | null;
  location: string | null;
  state: string;
  status: MeetingStatus;
  cancelled: boolean;
  invitationSentOn: string | null;
  invitationUrgent: boolean;
  supplementSentOn: string | null;
  version: number;
  items: OfficeAgendaItem[];
  /** Latest entries of the audit log for cancel, move, invite and supplement, newest first. */
  events: Array<{ action: string; at: Date; who: string; after: Record<string, unknown> | null }>;
}

/** One meeting with its agenda (both parts) and the events of its life. */
export async function loadOfficeMeeting(db: Executor, id: number): Promise<OfficeMeeting | undefined> {
  const [row] = await db
    .select({
      meeting: meetings,
      bodyName: bodies.name,
      bodySlug: bodies.slug,
      organizationName: organizations.name,
      locationName: locations.name,
      roomName: rooms.name,
    })
    .from(meetings)
    .innerJoin(bodies, eq(bodies.id, meetings.bodyId))
    .innerJoin(organizations, eq(organizations.id, meetings.organizationId))
    .leftJoin(locations, eq(locations.id, meetings.locationId))
    .leftJoin(rooms, eq(rooms.id, meetings.roomId))
    .where(eq(meetings.id, id));
  if (!row) return undefined;
  const m = row.meeting;
  const items = await db
    .select({
      id: agendaItems.id,
      parentId: agendaItems.parentId,
      number: agendaItems.number,
      position: agendaItems.position,
      public: agendaItems.public,
      title: agendaItems.title,
      subtitle: agendaItems.subtitle,
      paperId: agendaItems.paperId,
      paperReference: papers.reference,
      paperTitle: papers.title,
      supplement: agendaItems.supplement,
      version: agendaItems.version,
    })
    .from(agendaItems)
    .leftJoin(papers, eq(papers.id, agendaItems.paperId))
    .where(eq(agendaItems.meetingId, id))
    .orderBy(asc(agendaItems.position));
  const eventRows = await db
    .select({
      action: auditLog.action,
      at: auditLog.at,
      actor: auditLog.actor,
      after: auditLog.after,
      name: accounts.displayName,
    })
    .from(auditLog)
    .leftJoin(accounts, sql`${auditLog.actor} = 'user:' || ${accounts.id}`)
    .where(
      and(
        eq(auditLog.entity, 'meeting'),
        eq(auditLog.entityId, String(id)),
        inArray(auditLog.action, ['create', 'cancel', 'move', 'invite', 'supplement']),
      ),
    )
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(20);
  const start = localDateTime(m.startAt);
  return {
    id: m.id,
    bodyId: m.bodyId,
    bodyName: row.bodyName,
    bodySlug: row.bodySlug,
    organizationId: m.organizationId,
    organizationName: row.organizationName,
    startAt: m.startAt,
    endAt: m.endAt,
    date: start.date,
    startTime: start.time,
    endTime: m.endAt ? localDateTime(m.endAt).time : '',
    locationId: m.locationId,
    roomId: m.roomId,
    location: [row.locationName, row.roomName].filter(Boolean).join(', ') || null,
    state: m.state,
    status: statusOf(m),
    cancelled: m.cancelled,
    invitationSentOn: m.invitationSentOn,
    invitationUrgent: m.invitationUrgent,
    supplementSentOn: m.supplementSentOn,
    version: m.version,
    items,
    events: eventRows.map((e) => ({
      action: e.action,
      at: e.at,
      who:
        e.name ??
        (e.actor.startsWith('user:')
          ? 'ein gelöschtes Konto'
          : e.actor.startsWith('system:demo')
            ? 'Demodaten'
            : 'Datenübernahme'),
      after: (e.after as Record<string, unknown> | null) ?? null,
    })),
  };
}

// ---------------------------------------------------------------------------------------------------
// Writes: locking

type MeetingRow = typeof meetings.$inferSelect;

/** Locks the meeting, compares the version; throws meeting.not_found or conflict.stale. */
async function lockMeeting(tx: ServiceContext, id: number, version: unknown): Promise<MeetingRow> {
  const [row] = await tx.db.select().from(meetings).where(eq(meetings.id, id)).for('update');
  const meeting = found(row, 'meeting', id);
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    throw validationFailed({ version: 'Die Fassung des Formulars fehlt. Bitte öffnen Sie die Sitzung neu.' });
  }
  if (meeting.version !== version) {
    const { who, at } = await lastWriter(tx, 'meeting', id);
    const when = at ? ` am ${formatDate(at)} um ${formatTime(at)} Uhr` : '';
    throw new DomainError(
      'conflict.stale',
      `Die Sitzung wurde inzwischen von ${who}${when} geändert, nachdem Sie die Seite geöffnet haben. ` +
        'Ihre Änderung wurde nicht gespeichert. Bitte prüfen Sie den aktuellen Stand und wiederholen Sie sie, falls sie noch nötig ist.',
      {
        entity: 'meeting',
        id,
        expected: version,
        currentVersion: meeting.version,
        changedBy: who,
        changedAt: at ?? null,
      },
    );
  }
  return meeting;
}

/** Writes the meeting's new values (the trigger of migration 0015 raises the version); returns the row. */
async function saveMeeting(tx: ServiceContext, before: MeetingRow, values: Partial<MeetingRow>): Promise<MeetingRow> {
  const [after] = await tx.db
    .update(meetings)
    .set({
      ...values,
      modifiedAt: sql`greatest(clock_timestamp(), ${meetings.modifiedAt} + interval '1 microsecond')`,
    })
    .where(eq(meetings.id, before.id))
    .returning();
  return found(after, 'meeting', before.id);
}

function notHeld(meeting: MeetingRow, what: string) {
  if (meeting.cancelled) {
    throw new DomainError('meeting.cancelled', `Die Sitzung ist abgesagt; ${what} ist nicht mehr möglich.`);
  }
  if ((HELD_STATES as readonly string[]).includes(meeting.state)) {
    throw new DomainError('meeting.held', `Die Sitzung hat bereits stattgefunden; ${what} ist nicht mehr möglich.`);
  }
}

// ---------------------------------------------------------------------------------------------------
// Plan, edit, cancel, move

export interface MeetingInput {
  organizationId?: number | null;
  /** 'YYYY-MM-DD' or 'TT.MM.JJJJ' (local). */
  date?: string | null;
  /** The date format named in messages (the API's is JJJJ-MM-TT); default TT.MM.JJJJ. */
  dateFormat?: DateFormat;
  /** 'HH:MM' (local). */
  startTime?: string | null;
  endTime?: string | null;
  locationId?: number | null;
  roomId?: number | null;
}

interface CheckedMeeting {
  organizationId: number;
  startAt: Date;
  endAt: Date | null;
  locationId: number | null;
  roomId: number | null;
}

async function checkMeetingInput(tx: ServiceContext, bodyId: number, input: MeetingInput): Promise<CheckedMeeting> {
  const fields: FieldErrors = {};
  let organizationId = 0;
  if (!input.organizationId) {
    fields.organizationId = 'Bitte wählen Sie das Gremium, das tagt.';
  } else {
    const [org] = await tx.db.select().from(organizations).where(eq(organizations.id, input.organizationId));
    if (!org || org.bodyId !== bodyId) fields.organizationId = 'Dieses Gremium gibt es in der Körperschaft nicht.';
    else if (org.kind !== 'council' && org.kind !== 'committee') {
      fields.organizationId = `„${org.name}“ ist kein Gremium, das tagt (nur Rat, Kreistag und Ausschüsse).`;
    } else organizationId = org.id;
  }
  const { date, error: dateError } = checkDateInput(input.date, 'das Datum der Sitzung', input.dateFormat);
  if (dateError) fields.date = dateError;
  const start = parseTimeInput(input.startTime);
  if (!start) fields.startTime = 'Bitte geben Sie den Beginn als Uhrzeit an (z. B. 17:00).';
  let end: string | undefined;
  if ((input.endTime ?? '').trim()) {
    end = parseTimeInput(input.endTime);
    if (!end) fields.endTime = 'Das Ende muss eine Uhrzeit sein (z. B. 19:30) oder leer bleiben.';
    else if (start && end <= start) fields.endTime = 'Das Ende muss nach dem Beginn liegen.';
  }
  let locationId: number | null = null;
  if (input.locationId) {
    const [place] = await tx.db.select().from(locations).where(eq(locations.id, input.locationId));
    if (!place || place.bodyId !== bodyId) fields.locationId = 'Diesen Sitzungsort gibt es in der Körperschaft nicht.';
    else locationId = place.id;
  }
  let roomId: number | null = null;
  if (input.roomId) {
    const [room] = await tx.db.select().from(rooms).where(eq(rooms.id, input.roomId));
    if (!locationId && !fields.locationId) fields.roomId = 'Bitte wählen Sie zum Raum auch den Sitzungsort.';
    else if (!room || room.locationId !== locationId)
      fields.roomId = 'Dieser Raum liegt nicht im gewählten Sitzungsort.';
    else roomId = room.id;
  }
  if (Object.keys(fields).length > 0) throw validationFailed(fields);
  return {
    organizationId,
    startAt: localToInstant(date as string, start as string),
    endAt: end ? localToInstant(date as string, end) : null,
    locationId,
    roomId,
  };
}

/** Plans a meeting of a council or committee of the body. */
export function createOfficeMeeting(ctx: ServiceContext, who: Actor, input: MeetingInput & { bodyId: number }) {
  return inTransaction(ctx, async (tx) => {
    permitted(who, 'meeting.plan', input.bodyId);
    const checked = await checkMeetingInput(tx, input.bodyId, input);
    const [row] = await tx.db
      .insert(meetings)
      .values({ ...checked, bodyId: input.bodyId, state: 'planned' })
      .returning();
    const meeting = found(row, 'meeting', 'neu');
    await audit(tx, {
      bodyId: meeting.bodyId,
      action: 'create',
      entity: 'meeting',
      entityId: meeting.id,
      after: meeting,
    });
    return meeting;
  });
}

/**
 * Edits a meeting (committee, time, place). Once invited, the date cannot change here: moving a meeting
 * is its own step (`moveMeeting`), because the invitation must then be issued again.
 */
export function updateOfficeMeeting(
  ctx: ServiceContext,
  who: Actor,
  id: number,
  input: MeetingInput & { version: number },
) {
  return inTransaction(ctx, async (tx) => {
    const before = await lockMeeting(tx, id, input.version);
    permitted(who, 'meeting.plan', before.bodyId);
    notHeld(before, 'eine Änderung der Sitzungsdaten');
    const checked = await checkMeetingInput(tx, before.bodyId, input);
    if (before.invitationSentOn && localDateTime(checked.startAt).date !== localDateTime(before.startAt).date) {
      throw validationFailed({
        date: 'Zu dieser Sitzung ist bereits eingeladen. Einen neuen Termin legen Sie mit „Sitzung verlegen“ fest; danach wird neu eingeladen.',
      });
    }
    if (before.invitationSentOn && checked.organizationId !== before.organizationId) {
      throw validationFailed({ organizationId: 'Zu dieser Sitzung ist bereits eingeladen; das Gremium bleibt.' });
    }
    const after = await saveMeeting(tx, before, checked);
    await audit(tx, { bodyId: before.bodyId, action: 'update', entity: 'meeting', entityId: id, before, after });
    return after;
  });
}

const reasonText = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/** Cancels a meeting (with a reason, kept in the audit log and shown on the meeting's page). */
export function cancelMeeting(ctx: ServiceContext, who: Actor, id: number, input: { version: number; reason: string }) {
  return inTransaction(ctx, async (tx) => {
    const before = await lockMeeting(tx, id, input.version);
    permitted(who, 'meeting.plan', before.bodyId);
    notHeld(before, 'eine Absage');
    const reason = reasonText(input.reason);
    if (!reason || reason.length > 2000) {
      throw validationFailed({ reason: 'Bitte geben Sie einen Grund für die Absage an (höchstens 2.000 Zeichen).' });
    }
    const after = await saveMeeting(tx, before, { cancelled: true });
    await audit(tx, {
      bodyId: before.bodyId,
      action: 'cancel',
      entity: 'meeting',
      entityId: id,
      before,
      after: { ...after, reason },
    });
    return after;
  });
}

/**
 * Moves a meeting to a new date (and time). An invitation already issued no longer holds: the
 * invitation and supplement dates are cleared, the state goes back to planned, and all items are part
 * of the new invitation (no supplement marks).
 */
export function moveMeeting(
  ctx: ServiceContext,
  who: Actor,
  id: number,
  input: {
    version: number;
    date: string;
    startTime: string;
    endTime?: string | null;
    reason?: string | null;
    dateFormat?: DateFormat;
  },
) {
  return inTransaction(ctx, async (tx) => {
    const before = await lockMeeting(tx, id, input.version);
    permitted(who, 'meeting.plan', before.bodyId);
    notHeld(before, 'eine Verlegung');
    const checked = await checkMeetingInput(tx, before.bodyId, {
      organizationId: before.organizationId,
      date: input.date,
      ...(input.dateFormat ? { dateFormat: input.dateFormat } : {}),
      startTime: input.startTime,
      endTime: input.endTime,
      locationId: before.locationId,
      roomId: before.roomId,
    });
    if (checked.startAt.getTime() === before.startAt.getTime()) {
      throw validationFailed({ date: 'Der neue Termin ist derselbe wie der bisherige.' });
    }
    const after = await saveMeeting(tx, before, {
      startAt: checked.startAt,
      endAt: checked.endAt,
      state: 'planned',
      invitationSentOn: null,
      invitationUrgent: false,
      supplementSentOn: null,
    });
    await tx.db
      .update(agendaItems)
      .set({ supplement: false })
      .where(and(eq(agendaItems.meetingId, id), eq(agendaItems.supplement, true)));
    await audit(tx, {
      bodyId: before.bodyId,
      action: 'move',
      entity: 'meeting',
      entityId: id,
      before,
      after: {
        ...after,
        reason: reasonText(input.reason) || null,
        reinvitationNeeded: before.invitationSentOn !== null,
      },
    });
    return after;
  });
}

// ---------------------------------------------------------------------------------------------------
// Agenda

type ItemRow = typeof agendaItems.$inferSelect;
interface Node {
  item: ItemRow;
  children: Node[];
}

async function agendaTree(tx: ServiceContext, meetingId: number): Promise<Node[]> {
  const rows = await tx.db
    .select()
    .from(agendaItems)
    .where(eq(agendaItems.meetingId, meetingId))
    .orderBy(asc(agendaItems.position));
  const top: Node[] = [];
  const byId = new Map<number, Node>();
  for (const item of rows) byId.set(item.id, { item, children: [] });
  for (const item of rows) {
    const node = byId.get(item.id) as Node;
    const parent = item.parentId == null ? undefined : byId.get(item.parentId);
    if (parent) parent.children.push(node);
    else top.push(node);
  }
  return top;
}

const PUBLIC_ORDER_MESSAGE =
  'Öffentliche Punkte stehen vor den nicht öffentlichen: ein nicht öffentlicher Punkt kann nicht vor einen öffentlichen rücken und umgekehrt. Ändern Sie dazu, ob der Punkt öffentlich ist.';

/** Rewrites positions, numbers and parents from the tree (two statements: the unique keys are per row). */
async function writeTree(tx: ServiceContext, meetingId: number, tree: Node[]) {
  const publicFlags = tree.map((n) => n.item.public);
  if (publicFlags.some((p, i) => p && i > 0 && !publicFlags[i - 1])) {
    throw new DomainError('agenda_item.public_order', PUBLIC_ORDER_MESSAGE);
  }
  const rows: Array<{ id: number; position: number; number: string; parent: number | null }> = [];
  tree.forEach((node, i) => {
    rows.push({ id: node.item.id, position: rows.length + 1, number: String(i + 1), parent: null });
    node.children.forEach((child, j) => {
      rows.push({ id: child.item.id, position: rows.length + 1, number: `${i + 1}.${j + 1}`, parent: node.item.id });
    });
  });
  const changed = rows.filter((r) => {
    const node = findNode(tree, r.id)?.item;
    return !node || node.position !== r.position || node.number !== r.number || (node.parentId ?? null) !== r.parent;
  });
  if (changed.length === 0) return;
  const json = JSON.stringify(changed);
  await tx.db.execute(sql`update agenda_items a set position = -v.position, number = '~' || a.id
    from json_to_recordset(${json}::json) as v(id int, position int, number text, parent int)
    where a.id = v.id and a.meeting_id = ${meetingId}`);
  await tx.db.execute(sql`update agenda_items a set position = v.position, number = v.number, parent_id = v.parent
    from json_to_recordset(${json}::json) as v(id int, position int, number text, parent int)
    where a.id = v.id and a.meeting_id = ${meetingId}`);
}

function findNode(tree: Node[], id: number): Node | undefined {
  for (const node of tree) {
    if (node.item.id === id) return node;
    const child = node.children.find((c) => c.item.id === id);
    if (child) return child;
  }
  return undefined;
}

function ids(tree: Node[]): number[] {
  return tree.flatMap((n) => [n.item.id, ...n.children.map((c) => c.item.id)]);
}

export interface AgendaItemInput {
  title?: string | null;
  subtitle?: string | null;
  public?: boolean | null;
  paperId?: number | null;
  /** A top-level item of the same meeting: the new item becomes its sub-item (one level only). */
  parentId?: number | null;
}

/** Standard items offered as buttons (title, public). */
export const STANDARD_ITEMS = [
  {
    key: 'formalien',
    title: 'Eröffnung, Feststellung der ordnungsgemäßen Einladung und der Beschlussfähigkeit',
    public: true,
  },
  { key: 'niederschrift', title: 'Genehmigung der Niederschrift über die letzte Sitzung', public: true },
  { key: 'mitteilungen', title: 'Mitteilungen und Anfragen', public: true },
  { key: 'mitteilungen-nicht-oeffentlich', title: 'Mitteilungen und Anfragen', public: false },
] as const;

async function checkItemInput(tx: ServiceContext, meeting: MeetingRow, input: AgendaItemInput) {
  const fields: FieldErrors = {};
  const title = (input.title ?? '').trim();
  if (!title || title.length > 1000) fields.title = 'Bitte geben Sie einen Titel an (höchstens 1.000 Zeichen).';
  const subtitle = (input.subtitle ?? '').trim();
  if (subtitle.length > 1000) fields.subtitle = 'Der Zusatz ist zu lang (höchstens 1.000 Zeichen).';
  if (typeof input.public !== 'boolean')
    fields.public = 'Bitte wählen Sie den öffentlichen oder den nicht öffentlichen Teil.';
  let paper: { id: number; public: boolean; reference: string | null } | undefined;
  if (input.paperId) {
    const [row] = await tx.db
      .select({ id: papers.id, bodyId: papers.bodyId, public: papers.public, reference: papers.reference })
      .from(papers)
      .where(eq(papers.id, input.paperId));
    if (!row || row.bodyId !== meeting.bodyId) fields.paperId = 'Diese Vorlage gibt es in der Körperschaft nicht.';
    else paper = row;
  }
  if (paper && input.public === true && !paper.public) {
    fields.public =
      `Die Vorlage ${paper.reference ?? ''} ist nicht öffentlich; sie gehört in den nicht öffentlichen Teil.`.replace(
        '  ',
        ' ',
      );
  }
  if (Object.keys(fields).length > 0) throw validationFailed(fields);
  return { title, subtitle: subtitle || null, public: input.public as boolean, paperId: paper?.id ?? null };
}

/** Links the paper's open consultation in the meeting's committee to the item (if there is one and it is free). */
async function linkConsultation(tx: ServiceContext, meeting: MeetingRow, itemId: number, paperId: number | null) {
  await tx.db.update(consultations).set({ agendaItemId: null }).where(eq(consultations.agendaItemId, itemId));
  if (paperId == null) return;
  const [free] = await tx.db
    .select({ id: consultations.id })
    .from(consultations)
    .where(
      and(
        eq(consultations.paperId, paperId),
        eq(consultations.organizationId, meeting.organizationId),
        sql`${consultations.agendaItemId} is null`,
      ),
    )
    .orderBy(asc(consultations.position))
    .limit(1);
  if (free) await tx.db.update(consultations).set({ agendaItemId: itemId }).where(eq(consultations.id, free.id));
}

/**
 * Adds an item: at the end of its part (public items before non-public ones), or as the last sub-item
 * of `parentId` (with the parent's publicity). After the invitation it is marked as supplement.
 */
export function addOfficeAgendaItem(
  ctx: ServiceContext,
  who: Actor,
  meetingId: number,
  input: AgendaItemInput & { version: number },
) {
  return inTransaction(ctx, async (tx) => {
    const before = await lockMeeting(tx, meetingId, input.version);
    permitted(who, 'agenda.edit', before.bodyId);
    notHeld(before, 'eine Änderung der Tagesordnung');
    const tree = await agendaTree(tx, meetingId);
    let parent: Node | undefined;
    if (input.parentId) {
      parent = tree.find((n) => n.item.id === input.parentId);
      if (!parent) {
        throw validationFailed({
          parentId: findNode(tree, input.parentId)
            ? 'Unterpunkte gibt es nur eine Ebene tief: wählen Sie einen Hauptpunkt.'
            : 'Diesen Tagesordnungspunkt gibt es in der Sitzung nicht.',
        });
      }
    }
    const values = await checkItemInput(tx, before, {
      ...input,
      public: parent ? (input.public ?? parent.item.public) : input.public,
    });
    if (parent && values.public !== parent.item.public) {
      throw validationFailed({
        public: `Ein Unterpunkt gehört zum selben Teil wie TOP ${parent.item.number} (${parent.item.public ? 'öffentlich' : 'nicht öffentlich'}).`,
      });
    }
    const [row] = await tx.db
      .insert(agendaItems)
      .values({
        meetingId,
        number: `~new-${Date.now()}-${Math.random()}`,
        position: -1_000_000,
        public: values.public,
        title: values.title,
        subtitle: values.subtitle,
        paperId: values.paperId,
        parentId: parent?.item.id ?? null,
        supplement: before.invitationSentOn !== null,
      })
      .returning();
    const item = found(row, 'agenda_item', 'neu');
    const node: Node = { item, children: [] };
    if (parent) parent.children.push(node);
    else {
      const firstNonPublic = tree.findIndex((n) => !n.item.public);
      if (values.public && firstNonPublic >= 0) tree.splice(firstNonPublic, 0, node);
      else tree.push(node);
    }
    await writeTree(tx, meetingId, tree);
    await linkConsultation(tx, before, item.id, values.paperId);
    const after = await saveMeeting(tx, before, {});
    const [stored] = await tx.db.select().from(agendaItems).where(eq(agendaItems.id, item.id));
    await audit(tx, {
      bodyId: before.bodyId,
      action: 'create',
      entity: 'agenda_item',
      entityId: item.id,
      after: { ...stored, meetingId },
    });
    return { meeting: after, item: found(stored, 'agenda_item', item.id) };
  });
}

/**
 * Changes an item's title, addition, paper or part. An item that changes part moves (with its
 * sub-items) to the end of the public part or the start of the non-public part.
 */
export function updateOfficeAgendaItem(
  ctx: ServiceContext,
  who: Actor,
  meetingId: number,
  itemId: number,
  input: AgendaItemInput & { version: number },
) {
  return inTransaction(ctx, async (tx) => {
    const before = await lockMeeting(tx, meetingId, input.version);
    permitted(who, 'agenda.edit', before.bodyId);
    notHeld(before, 'eine Änderung der Tagesordnung');
    const tree = await agendaTree(tx, meetingId);
    const node = findNode(tree, itemId);
    if (!node)
      throw new DomainError('agenda_item.not_found', 'Diesen Tagesordnungspunkt gibt es in der Sitzung nicht.');
    const values = await checkItemInput(tx, before, input);
    const old = node.item;
    if (values.public !== old.public) {
      if (old.parentId != null) {
        throw validationFailed({
          public: 'Ein Unterpunkt gehört zum selben Teil wie sein Hauptpunkt; ändern Sie den Hauptpunkt.',
        });
      }
      if (values.public) {
        const childPapers = node.children.map((c) => c.item.paperId).filter((id): id is number => id != null);
        const hidden = childPapers.length
          ? await tx.db
              .select({ reference: papers.reference })
              .from(papers)
              .where(and(inArray(papers.id, childPapers), eq(papers.public, false)))
          : [];
        if (hidden.length > 0) {
          throw validationFailed({
            public: `Ein Unterpunkt verweist auf die nicht öffentliche Vorlage ${hidden.map((h) => h.reference ?? '').join(', ')}; der Punkt bleibt im nicht öffentlichen Teil.`,
          });
        }
      }
      // Sub-items follow their item. Either way the item lands at the border of the two parts: the end
      // of the public part or the start of the non-public part.
      tree.splice(tree.indexOf(node), 1);
      const firstNonPublic = tree.findIndex((n) => !n.item.public);
      tree.splice(firstNonPublic >= 0 ? firstNonPublic : tree.length, 0, node);
      node.item = { ...node.item, public: values.public };
      for (const child of node.children) child.item = { ...child.item, public: values.public };
      if (node.children.length > 0) {
        await tx.db.update(agendaItems).set({ public: values.public }).where(eq(agendaItems.parentId, old.id));
      }
    }
    await tx.db
      .update(agendaItems)
      .set({ ...values, version: old.version + 1, modifiedAt: sql`clock_timestamp()` })
      .where(eq(agendaItems.id, itemId));
    await writeTree(tx, meetingId, tree);
    if (values.paperId !== old.paperId) await linkConsultation(tx, before, itemId, values.paperId);
    const after = await saveMeeting(tx, before, {});
    const [stored] = await tx.db.select().from(agendaItems).where(eq(agendaItems.id, itemId));
    await audit(tx, {
      bodyId: before.bodyId,
      action: 'update',
      entity: 'agenda_item',
      entityId: itemId,
      before: old,
      after: stored,
    });
    return { meeting: after, item: found(stored, 'agenda_item', itemId) };
  });
}

export type MoveDirection = 'up' | 'down' | 'in' | 'out';
export const MOVE_DIRECTIONS: readonly MoveDirection[] = ['up', 'down', 'in', 'out'];

/**
 * Moves an item one place up or down among its siblings (sub-items travel with their item), makes it a
 * sub-item of the item before it (`in`) or a main item again, right after its former parent (`out`).
 */
export function moveOfficeAgendaItem(
  ctx: ServiceContext,
  who: Actor,
  meetingId: number,
  itemId: number,
  input: { version: number; direction: string },
) {
  return inTransaction(ctx, async (tx) => {
    const before = await lockMeeting(tx, meetingId, input.version);
    permitted(who, 'agenda.edit', before.bodyId);
    notHeld(before, 'eine Änderung der Tagesordnung');
    if (!(MOVE_DIRECTIONS as readonly string[]).includes(input.direction)) {
      throw validationFailed({ direction: 'Bitte wählen Sie: nach oben, nach unten, einrücken oder ausrücken.' });
    }
    const tree = await agendaTree(tx, meetingId);
    const node = findNode(tree, itemId);
    if (!node)
      throw new DomainError('agenda_item.not_found', 'Diesen Tagesordnungspunkt gibt es in der Sitzung nicht.');
    const orderBefore = ids(tree);
    const parent = tree.find((n) => n.children.includes(node));
    const siblings = parent ? parent.children : tree;
    const index = siblings.indexOf(node);
    const refuse = (message: string) => {
      throw new DomainError('agenda_item.cannot_move', message);
    };
    switch (input.direction) {
      case 'up':
      case 'down': {
        const other = input.direction === 'up' ? index - 1 : index + 1;
        if (other < 0 || other >= siblings.length) {
          refuse(
            `TOP ${node.item.number} steht bereits ${input.direction === 'up' ? 'ganz oben' : 'ganz unten'}${parent ? ` unter TOP ${parent.item.number}` : ''}.`,
          );
        }
        const neighbour = siblings[other] as Node;
        if (!parent && neighbour.item.public !== node.item.public) {
          throw new DomainError('agenda_item.public_order', PUBLIC_ORDER_MESSAGE);
        }
        siblings[other] = node;
        siblings[index] = neighbour;
        break;
      }
      case 'in': {
        if (parent) refuse(`TOP ${node.item.number} ist bereits ein Unterpunkt; tiefer als eine Ebene geht es nicht.`);
        if (node.children.length > 0)
          refuse(`TOP ${node.item.number} hat selbst Unterpunkte und kann nicht eingerückt werden.`);
        const previous = tree[index - 1];
        if (!previous) refuse(`Vor TOP ${node.item.number} steht kein Punkt, unter den er eingerückt werden könnte.`);
        if ((previous as Node).item.public !== node.item.public) {
          throw new DomainError(
            'agenda_item.public_order',
            `TOP ${node.item.number} kann nicht unter TOP ${(previous as Node).item.number} rücken: ein Unterpunkt gehört zum selben Teil (öffentlich oder nicht öffentlich) wie sein Hauptpunkt.`,
          );
        }
        tree.splice(index, 1);
        (previous as Node).children.push(node);
        break;
      }
      case 'out': {
        if (!parent) refuse(`TOP ${node.item.number} ist bereits ein Hauptpunkt.`);
        const p = parent as Node;
        p.children.splice(index, 1);
        // Later siblings stay under the parent; the item follows its former parent.
        tree.splice(tree.indexOf(p) + 1, 0, node);
        break;
      }
    }
    const numbersBefore = new Map(
      tree.flatMap((n) => [n, ...n.children]).map((n) => [n.item.id, n.item.number] as const),
    );
    await writeTree(tx, meetingId, tree);
    const after = await saveMeeting(tx, before, {});
    await audit(tx, {
      bodyId: before.bodyId,
      action: 'reorder_agenda',
      entity: 'meeting',
      entityId: meetingId,
      before: { order: orderBefore, numbers: Object.fromEntries(numbersBefore) },
      after: { order: ids(tree), item: itemId, direction: input.direction },
    });
    return after;
  });
}

/** Removes an item (and its sub-items); not after the meeting was held. */
export function removeOfficeAgendaItem(
  ctx: ServiceContext,
  who: Actor,
  meetingId: number,
  itemId: number,
  input: { version: number },
) {
  return inTransaction(ctx, async (tx) => {
    const before = await lockMeeting(tx, meetingId, input.version);
    permitted(who, 'agenda.edit', before.bodyId);
    notHeld(before, 'das Entfernen eines Tagesordnungspunkts');
    const tree = await agendaTree(tx, meetingId);
    const node = findNode(tree, itemId);
    if (!node)
      throw new DomainError('agenda_item.not_found', 'Diesen Tagesordnungspunkt gibt es in der Sitzung nicht.');
    const removed = [node.item, ...node.children.map((c) => c.item)];
    const removedIds = removed.map((r) => r.id);
    await tx.db
      .update(consultations)
      .set({ agendaItemId: null })
      .where(inArray(consultations.agendaItemId, removedIds));
    const children = node.children.map((c) => c.item.id);
    if (children.length > 0) await tx.db.delete(agendaItems).where(inArray(agendaItems.id, children));
    await tx.db.delete(agendaItems).where(eq(agendaItems.id, itemId));
    const parent = tree.find((n) => n.children.includes(node));
    if (parent) parent.children.splice(parent.children.indexOf(node), 1);
    else tree.splice(tree.indexOf(node), 1);
    await writeTree(tx, meetingId, tree);
    const after = await saveMeeting(tx, before, {});
    await audit(tx, {
      bodyId: before.bodyId,
      action: 'delete',
      entity: 'agenda_item',
      entityId: itemId,
      before: { ...node.item, children: node.children.map((c) => c.item) },
    });
    return after;
  });
}

// ---------------------------------------------------------------------------------------------------
// Invitation and supplement

export interface InviteInput {
  version: number;
  /** Day of dispatch (local); default today. At most a year before the meeting's day, not after it. */
  date?: string | null;
  /** The date format named in messages (the API's is JJJJ-MM-TT); default TT.MM.JJJJ. */
  dateFormat?: DateFormat;
  /** The shortened deadline for an urgent meeting (the urgency is stated with `reason`). */
  urgent?: boolean;
  /** Invite although the deadline is missed (needs `reason`). */
  confirm?: boolean;
  reason?: string | null;
}

/**
 * Issues the invitation: records the day of dispatch and checks the invitation deadline of the body (or
 * committee). A missed deadline is refused with `meeting.deadline_missed` (the check in `details`) unless
 * confirmed with a reason; an urgent invitation needs its reason too (it is stated in the invitation).
 */
export function inviteMeeting(ctx: ServiceContext, who: Actor, id: number, input: InviteInput) {
  return inTransaction(ctx, async (tx) => {
    const before = await lockMeeting(tx, id, input.version);
    permitted(who, 'meeting.invite', before.bodyId);
    notHeld(before, 'eine Einladung');
    if (before.invitationSentOn) {
      throw new DomainError(
        'meeting.already_invited',
        `Zu dieser Sitzung wurde bereits am ${formatIsoDate(before.invitationSentOn)} eingeladen. Später aufgenommene Punkte gehen mit einem Nachtrag hinaus.`,
      );
    }
    const { date, error: dateError } = input.date
      ? checkDateInput(input.date, 'das Versanddatum', input.dateFormat)
      : { date: localToday() };
    const reason = reasonText(input.reason);
    const fields: FieldErrors = {};
    if (dateError) fields.date = dateError;
    else if (date) {
      const problem = implausibleDispatch(date, localDateTime(before.startAt).date);
      if (problem) fields.date = problem;
    }
    if (input.urgent && !reason)
      fields.reason = 'Bei einer dringlichen Sitzung ist die Dringlichkeit zu begründen (sie steht in der Einladung).';
    if (reason.length > 2000) fields.reason = 'Die Begründung ist zu lang (höchstens 2.000 Zeichen).';
    if (Object.keys(fields).length > 0) throw validationFailed(fields);
    const [items] = await tx.db.select({ n: count() }).from(agendaItems).where(eq(agendaItems.meetingId, id));
    if (Number(items?.n ?? 0) === 0) {
      throw new DomainError(
        'meeting.agenda_empty',
        'Die Tagesordnung ist leer. Bitte legen Sie zuerst die Tagesordnungspunkte an.',
      );
    }
    const check = await deadlineCheck(tx.db, before, date as string, input.urgent === true);
    if (!check.ok && !(input.confirm === true && reason)) {
      throw new DomainError(
        'meeting.deadline_missed',
        `${check.message} Eine Einladung trotz verfehlter Frist ist nur mit ausdrücklicher Bestätigung und Begründung möglich.`,
        { check, needsConfirmation: true },
      );
    }
    const after = await saveMeeting(tx, before, {
      state: 'invited',
      invitationSentOn: date as string,
      invitationUrgent: input.urgent === true,
    });
    await tx.db
      .update(agendaItems)
      .set({ supplement: false })
      .where(and(eq(agendaItems.meetingId, id), eq(agendaItems.supplement, true)));
    await audit(tx, {
      bodyId: before.bodyId,
      action: 'invite',
      entity: 'meeting',
      entityId: id,
      before,
      after: {
        ...after,
        deadline: {
          ok: check.ok,
          requiredDays: check.requiredDays,
          countedDays: check.countedDays,
          unit: check.unit,
          message: check.message,
        },
        reason: reason || null,
        confirmedLate: !check.ok,
      },
    });
    return { meeting: after, check };
  });
}

/** Issues the supplement (Nachtrag): records its day; needs items added after the invitation. */
export function issueSupplement(
  ctx: ServiceContext,
  who: Actor,
  id: number,
  input: { version: number; date?: string | null; dateFormat?: DateFormat },
) {
  return inTransaction(ctx, async (tx) => {
    const before = await lockMeeting(tx, id, input.version);
    permitted(who, 'meeting.invite', before.bodyId);
    notHeld(before, 'ein Nachtrag');
    if (!before.invitationSentOn) {
      throw new DomainError(
        'meeting.not_invited',
        'Zu dieser Sitzung ist noch nicht eingeladen; alle Punkte gehen mit der Einladung hinaus.',
      );
    }
    const { date, error: dateError } = input.date
      ? checkDateInput(input.date, 'das Versanddatum des Nachtrags', input.dateFormat)
      : { date: localToday() };
    if (!date) throw validationFailed({ date: dateError ?? '' });
    if (date < before.invitationSentOn) {
      throw validationFailed({ date: 'Der Nachtrag kann nicht vor der Einladung versandt werden.' });
    }
    const meetingDay = localDateTime(before.startAt).date;
    if (date > meetingDay) {
      throw validationFailed({
        date: `Der Nachtrag kann nicht nach dem Tag der Sitzung (${formatIsoDate(meetingDay)}) versandt werden.`,
      });
    }
    const supplements = await tx.db
      .select({ id: agendaItems.id, number: agendaItems.number })
      .from(agendaItems)
      .where(and(eq(agendaItems.meetingId, id), eq(agendaItems.supplement, true)));
    if (supplements.length === 0) {
      throw new DomainError(
        'meeting.no_supplement_items',
        'Seit der Einladung wurde kein Punkt aufgenommen; ein Nachtrag ist nicht nötig.',
      );
    }
    const after = await saveMeeting(tx, before, { supplementSentOn: date });
    await audit(tx, {
      bodyId: before.bodyId,
      action: 'supplement',
      entity: 'meeting',
      entityId: id,
      before,
      after: { ...after, items: supplements.map((s) => s.number) },
    });
    return after;
  });
}

/**
 * Whether the day of dispatch of an invitation fits its meeting: not after the meeting's day, not more
 * than a year before it (a typo like 1999 for 2026). Earlier days within the year are fine: a clerk
 * records an invitation sent on paper some days ago. Returns the German message, or undefined.
 */
function implausibleDispatch(dispatch: string, meetingDay: string): string | undefined {
  if (dispatch > meetingDay) {
    return `Die Einladung kann nicht nach dem Tag der Sitzung (${formatIsoDate(meetingDay)}) versandt werden.`;
  }
  const yearBefore = `${String(Number(meetingDay.slice(0, 4)) - 1).padStart(4, '0')}${meetingDay.slice(4)}`;
  if (dispatch < yearBefore) {
    return `Das Versanddatum ${formatIsoDate(dispatch)} liegt mehr als ein Jahr vor der Sitzung am ${formatIsoDate(meetingDay)}; bitte prüfen Sie das Datum.`;
  }
  return undefined;
}

function formatIsoDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
}
