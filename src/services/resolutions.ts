/**
 * Resolution tracking (Beschlusskontrolle, issue 6 part 7): each resolution or task of a committee – a
 * Beschluss, a Prüfauftrag or an Arbeitsauftrag – gets the office responsible, a due date, a status
 * (offen, in Bearbeitung, erledigt, entfallen) and a status report (Sachstand) with its date. They are
 * taken from an agenda item of a held meeting (its resolution text is the default text); the overview per
 * body lists the open ones (filters, sort, pages, umlaut-aware search) and is printed as the paper
 * "Übersicht über die offenen Beschlüsse, Prüf- und Arbeitsaufträge …" (src/documents/resolutions-pdf.ts).
 *
 * Back office only: reading needs `resolution.read` (every role of the body, never the public), writing
 * `resolution.track` (clerk). Each write is one transaction, asks `can()` itself and writes one audit log
 * entry (entity 'resolution', before/after). Bad input: `validation.failed` with German messages per field;
 * a save against a row changed since the form was loaded: `conflict.stale` (409); nothing is written then.
 * `tracked_resolutions.version` is raised by a trigger on every update (migration 0018).
 *
 * @example
 *   const r = await createTrackedResolution(ctx, clerk, { agendaItemId: 12, kind: 'task', officeId: 3, dueDate: '2021-06-30' });
 *   await changeResolutionStatus(ctx, clerk, r.id, { version: r.version, status: 'in_progress', report: 'Beauftragt.' });
 *   await listTrackedResolutions(db, { bodyId: 1 }); // open ones (offen, in Bearbeitung), by due date
 */
import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { Executor } from '../db/open.ts';
import { agendaItems, bodies, meetings, organizations, papers, trackedResolutions } from '../db/schema.ts';
import { DomainError } from '../domain/errors.ts';
import { formatDate, formatTime } from '../domain/format.ts';
import { HELD_STATES } from '../domain/meeting-state.ts';
import { type Actor, can, refusal } from '../domain/permissions.ts';
import { audit, inTransaction, type ServiceContext } from './context.ts';
import { type DateFormat, localToday, optionalDateField } from './meetings-office.ts';
import { lastWriter } from './optimistic-locking.ts';
import { type FieldErrors, validationFailed } from './papers-office.ts';

export const RESOLUTION_KINDS = ['decision', 'review', 'task'] as const;
export type ResolutionKind = (typeof RESOLUTION_KINDS)[number];
export const RESOLUTION_KIND_LABELS: Record<ResolutionKind, string> = {
  decision: 'Beschluss',
  review: 'Prüfauftrag',
  task: 'Arbeitsauftrag',
};

export const RESOLUTION_STATUSES = ['open', 'in_progress', 'done', 'dropped'] as const;
export type ResolutionStatus = (typeof RESOLUTION_STATUSES)[number];
export const RESOLUTION_STATUS_LABELS: Record<ResolutionStatus, string> = {
  open: 'offen',
  in_progress: 'in Bearbeitung',
  done: 'erledigt',
  dropped: 'entfallen',
};
/** The statuses of the default overview: not yet done. */
export const OPEN_STATUSES: readonly ResolutionStatus[] = ['open', 'in_progress'];

export const RESOLUTION_SORT_KEYS = ['due', 'meeting', 'office', 'status'] as const;
export type ResolutionSortKey = (typeof RESOLUTION_SORT_KEYS)[number];

/** Meeting states in which resolutions exist: the meeting was held. */

const MAX_TITLE = 500;
const MAX_TEXT = 20_000;

// ---------------------------------------------------------------------------------------------------
// Reads

export interface ResolutionRow {
  id: number;
  bodyId: number;
  kind: ResolutionKind;
  title: string;
  text: string | null;
  status: ResolutionStatus;
  dueDate: string | null;
  report: string | null;
  reportDate: string | null;
  doneDate: string | null;
  /** Public only when the source item is public; members read non-public ones too, the public never. */
  public: boolean;
  overdue: boolean;
  version: number;
  committee: { id: number; name: string; nameGenitive: string | null };
  office: { id: number; name: string; officeNumber: string | null } | null;
  meeting: { id: number; startAt: Date } | null;
  item: { id: number; number: string; title: string } | null;
  paper: { id: number; reference: string } | null;
}

export interface ResolutionListQuery {
  bodyId: number;
  /** Statuses to show; default: open (offen and in Bearbeitung). */
  statuses?: readonly ResolutionStatus[] | undefined;
  officeId?: number | undefined;
  /** The committee (or council) whose resolutions they are. */
  organizationId?: number | undefined;
  /** Year of the meeting the resolution was taken in. */
  year?: number | undefined;
  /** Only those past their due date and not done or dropped. */
  overdue?: boolean | undefined;
  kind?: ResolutionKind | undefined;
  /** Words to find in title and text (each word; umlauts, ß and accents folded: "Prufauftrag", "Pruefauftrag"). */
  q?: string | undefined;
  sort?: ResolutionSortKey | undefined;
  direction?: 'asc' | 'desc' | undefined;
  page?: number | undefined;
  /** At most 500. */
  pageSize?: number | undefined;
  /** Today (Europe/Berlin) for "overdue"; default the real today. */
  today?: string | undefined;
}

/** The German fold of ratsinfo_german_key, in JS, for the search words (lower case, umlauts as base letters). */
export function foldGerman(value: string): string {
  return value
    .toLowerCase()
    .replace(/ß|ẞ/g, 'ss')
    .replace(/æ/g, 'ae')
    .replace(/œ/g, 'oe')
    .normalize('NFD')
    .replace(/\p{M}/gu, '');
}

/** The fold with "ae", "oe", "ue" as their base letter, so that "Pruefauftrag" finds "Prüfauftrag". */
const foldDigraphs = (value: string) => value.replace(/ae/g, 'a').replace(/oe/g, 'o').replace(/ue/g, 'u');

const likePattern = (word: string) => `%${word.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

const office = alias(organizations, 'office');
const committee = alias(organizations, 'committee');

const overdueSql = (today: string) =>
  sql<boolean>`(${trackedResolutions.dueDate} is not null and ${trackedResolutions.dueDate} < ${today}::date and ${trackedResolutions.status} in ('open', 'in_progress'))`;

const publicSql = sql<boolean>`(${trackedResolutions.public} and coalesce(${agendaItems.public}, true))`;

function rowSelection(today: string) {
  return {
    id: trackedResolutions.id,
    bodyId: trackedResolutions.bodyId,
    kind: trackedResolutions.kind,
    title: trackedResolutions.title,
    text: trackedResolutions.text,
    status: trackedResolutions.status,
    dueDate: trackedResolutions.dueDate,
    report: trackedResolutions.report,
    reportDate: trackedResolutions.reportDate,
    doneDate: trackedResolutions.doneDate,
    public: publicSql,
    overdue: overdueSql(today),
    version: trackedResolutions.version,
    committeeId: committee.id,
    committeeName: committee.name,
    committeeGenitive: committee.nameGenitive,
    officeId: office.id,
    officeName: office.name,
    officeNumber: office.officeNumber,
    meetingId: meetings.id,
    meetingStart: meetings.startAt,
    itemId: agendaItems.id,
    itemNumber: agendaItems.number,
    itemTitle: agendaItems.title,
    paperId: papers.id,
    paperReference: papers.reference,
  };
}

function baseQuery(db: Executor, today: string) {
  return db
    .select(rowSelection(today))
    .from(trackedResolutions)
    .innerJoin(committee, eq(committee.id, trackedResolutions.organizationId))
    .leftJoin(office, eq(office.id, trackedResolutions.officeId))
    .leftJoin(agendaItems, eq(agendaItems.id, trackedResolutions.agendaItemId))
    .leftJoin(meetings, eq(meetings.id, agendaItems.meetingId))
    .leftJoin(papers, eq(papers.id, agendaItems.paperId));
}

type RawRow = Awaited<ReturnType<typeof baseQuery>>[number];

function toRow(r: RawRow): ResolutionRow {
  return {
    id: r.id,
    bodyId: r.bodyId,
    kind: r.kind,
    title: r.title,
    text: r.text,
    status: r.status,
    dueDate: r.dueDate,
    report: r.report,
    reportDate: r.reportDate,
    doneDate: r.doneDate,
    public: r.public === true,
    overdue: r.overdue === true,
    version: r.version,
    committee: { id: r.committeeId, name: r.committeeName, nameGenitive: r.committeeGenitive },
    office: r.officeId === null ? null : { id: r.officeId, name: r.officeName ?? '', officeNumber: r.officeNumber },
    meeting: r.meetingId === null || r.meetingStart === null ? null : { id: r.meetingId, startAt: r.meetingStart },
    item: r.itemId === null ? null : { id: r.itemId, number: r.itemNumber ?? '', title: r.itemTitle ?? '' },
    paper: r.paperId === null ? null : { id: r.paperId, reference: r.paperReference ?? '' },
  };
}

/**
 * The year an entry is filed under: its meeting's (Berlin time), or, for an entry without an agenda item (an
 * import removed the item), the year it was tracked.
 */
const resolutionYear = sql<number>`cast(extract(year from coalesce(${meetings.startAt}, ${trackedResolutions.createdAt}) at time zone 'Europe/Berlin') as integer)`;

/** The tracked resolutions of a body for the back office (non-public ones too), with the total matching. */
export async function listTrackedResolutions(
  db: Executor,
  query: ResolutionListQuery,
): Promise<{ total: number; page: number; pageSize: number; rows: ResolutionRow[] }> {
  const today = query.today ?? localToday();
  const statuses = query.statuses && query.statuses.length > 0 ? query.statuses : OPEN_STATUSES;
  const conditions: SQL[] = [
    eq(trackedResolutions.bodyId, query.bodyId),
    inArray(trackedResolutions.status, [...statuses]),
  ];
  if (query.officeId) conditions.push(eq(trackedResolutions.officeId, query.officeId));
  if (query.organizationId) conditions.push(eq(trackedResolutions.organizationId, query.organizationId));
  if (query.kind) conditions.push(eq(trackedResolutions.kind, query.kind));
  if (query.overdue) conditions.push(overdueSql(today));
  if (query.year) conditions.push(sql`${resolutionYear} = ${query.year}`);
  for (const word of (query.q ?? '').split(/\s+/).filter(Boolean).slice(0, 10)) {
    const folded = foldGerman(word);
    conditions.push(
      sql`(${trackedResolutions.searchText} like ${likePattern(folded)} or replace(replace(replace(${trackedResolutions.searchText}, 'ae', 'a'), 'oe', 'o'), 'ue', 'u') like ${likePattern(foldDigraphs(folded))})`,
    );
  }
  const where = and(...conditions);
  const [count] = await db
    .select({ n: sql<number>`cast(count(*) as integer)` })
    .from(trackedResolutions)
    .leftJoin(agendaItems, eq(agendaItems.id, trackedResolutions.agendaItemId))
    .leftJoin(meetings, eq(meetings.id, agendaItems.meetingId))
    .where(where);
  const total = Number(count?.n ?? 0);
  const pageSize = Math.min(500, Math.max(1, query.pageSize ?? 25));
  const page = Math.max(1, query.page ?? 1);
  const d = query.direction === 'desc' ? 'desc' : 'asc';
  const dir = d === 'asc' ? asc : desc;
  const nulls = sql.raw(`${d} nulls last`);
  const meetingOrder = [sql`${meetings.startAt} ${nulls}`, sql`${agendaItems.position} ${nulls}`];
  const order: SQL[] = {
    due: [sql`${trackedResolutions.dueDate} ${nulls}`, ...meetingOrder],
    meeting: [...meetingOrder, sql`${trackedResolutions.dueDate} asc nulls last`],
    office: [sql`${office.sortKey} collate "C" ${nulls}`, sql`${trackedResolutions.dueDate} asc nulls last`],
    status: [dir(trackedResolutions.status), sql`${trackedResolutions.dueDate} asc nulls last`],
  }[query.sort ?? 'due'];
  const rows = await baseQuery(db, today)
    .where(where)
    .orderBy(...order, asc(trackedResolutions.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { total, page, pageSize, rows: rows.map(toRow) };
}

/** One tracked resolution; undefined when there is none. */
export async function loadTrackedResolution(
  db: Executor,
  id: number,
  today = localToday(),
): Promise<ResolutionRow | undefined> {
  const [row] = await baseQuery(db, today).where(eq(trackedResolutions.id, id));
  return row ? toRow(row) : undefined;
}

/** Whether `id` can be a row's id (a positive integer of the database's `integer`); others find no row. */
const rowId = (id: unknown): id is number =>
  typeof id === 'number' && Number.isInteger(id) && id > 0 && id <= 2_147_483_647;

/** The body of a tracked resolution (for the permission check); undefined when there is none. */
export async function resolutionBody(db: Executor, id: number): Promise<number | undefined> {
  if (!rowId(id)) return undefined;
  const [row] = await db
    .select({ bodyId: trackedResolutions.bodyId })
    .from(trackedResolutions)
    .where(eq(trackedResolutions.id, id));
  return row?.bodyId;
}

/** What the filters and forms offer: the body's offices, committees with tracked resolutions, years. */
export async function resolutionOptions(db: Executor, bodyId: number) {
  const [offices, committees, years] = await Promise.all([
    db
      .select({ id: organizations.id, name: organizations.name, officeNumber: organizations.officeNumber })
      .from(organizations)
      .where(and(eq(organizations.bodyId, bodyId), eq(organizations.kind, 'office')))
      .orderBy(sql`${organizations.sortKey} collate "C"`, asc(organizations.id)),
    db
      .select({ id: organizations.id, name: organizations.name, nameGenitive: organizations.nameGenitive })
      .from(organizations)
      .where(and(eq(organizations.bodyId, bodyId), inArray(organizations.kind, ['council', 'committee'])))
      .orderBy(sql`${organizations.sortKey} collate "C"`, asc(organizations.id)),
    db
      .selectDistinct({
        year: resolutionYear,
      })
      .from(trackedResolutions)
      .leftJoin(agendaItems, eq(agendaItems.id, trackedResolutions.agendaItemId))
      .leftJoin(meetings, eq(meetings.id, agendaItems.meetingId))
      .where(eq(trackedResolutions.bodyId, bodyId))
      .orderBy(desc(sql`1`)),
  ]);
  return { offices, committees, years: years.map((y) => Number(y.year)) };
}

export interface ResolutionSource {
  bodyId: number;
  bodyName: string;
  organizationId: number;
  organizationName: string;
  meetingId: number;
  meetingStart: Date;
  meetingState: string;
  cancelled: boolean;
  item: {
    id: number;
    number: string;
    title: string;
    public: boolean;
    resolutionKind: string | null;
    resolutionText: string | null;
    minutesText: string | null;
  };
  paper: { id: number; reference: string } | null;
  /** Whether resolutions can be taken from it: the meeting was held and not cancelled. */
  held: boolean;
  /** Already tracked from this item. */
  tracked: Array<{ id: number; kind: ResolutionKind; title: string }>;
}

/** An agenda item as the source of a tracked resolution; undefined when there is none. */
export async function resolutionSource(db: Executor, agendaItemId: number): Promise<ResolutionSource | undefined> {
  if (!rowId(agendaItemId)) return undefined;
  const [row] = await db
    .select({
      bodyId: meetings.bodyId,
      bodyName: bodies.name,
      organizationId: organizations.id,
      organizationName: organizations.name,
      meetingId: meetings.id,
      meetingStart: meetings.startAt,
      meetingState: meetings.state,
      cancelled: meetings.cancelled,
      itemId: agendaItems.id,
      number: agendaItems.number,
      title: agendaItems.title,
      public: agendaItems.public,
      resolutionKind: agendaItems.resolutionKind,
      resolutionText: agendaItems.resolutionText,
      minutesText: agendaItems.minutesText,
      paperId: papers.id,
      paperReference: papers.reference,
    })
    .from(agendaItems)
    .innerJoin(meetings, eq(meetings.id, agendaItems.meetingId))
    .innerJoin(bodies, eq(bodies.id, meetings.bodyId))
    .innerJoin(organizations, eq(organizations.id, meetings.organizationId))
    .leftJoin(papers, eq(papers.id, agendaItems.paperId))
    .where(eq(agendaItems.id, agendaItemId));
  if (!row) return undefined;
  const tracked = await db
    .select({ id: trackedResolutions.id, kind: trackedResolutions.kind, title: trackedResolutions.title })
    .from(trackedResolutions)
    .where(eq(trackedResolutions.agendaItemId, agendaItemId))
    .orderBy(asc(trackedResolutions.id));
  return {
    bodyId: row.bodyId,
    bodyName: row.bodyName,
    organizationId: row.organizationId,
    organizationName: row.organizationName,
    meetingId: row.meetingId,
    meetingStart: row.meetingStart,
    meetingState: row.meetingState,
    cancelled: row.cancelled,
    item: {
      id: row.itemId,
      number: row.number,
      title: row.title,
      public: row.public,
      resolutionKind: row.resolutionKind,
      resolutionText: row.resolutionText,
      minutesText: row.minutesText,
    },
    paper: row.paperId == null ? null : { id: row.paperId, reference: row.paperReference as string },
    held: (HELD_STATES as readonly string[]).includes(row.meetingState) && !row.cancelled,
    tracked,
  };
}

/** The body of an agenda item (for the permission check of "Auftrag anlegen"). */
export async function agendaItemBody(db: Executor, agendaItemId: number): Promise<number | undefined> {
  if (!rowId(agendaItemId)) return undefined;
  const [row] = await db
    .select({ bodyId: meetings.bodyId })
    .from(agendaItems)
    .innerJoin(meetings, eq(meetings.id, agendaItems.meetingId))
    .where(eq(agendaItems.id, agendaItemId));
  return row?.bodyId;
}

/** The default title of a resolution from its item: the item's title, at most 500 characters. */
export const defaultTitle = (source: ResolutionSource) => source.item.title.slice(0, MAX_TITLE);

/** The default kind: a decision where the item has one, else a task. */
export const defaultKind = (source: ResolutionSource): ResolutionKind =>
  source.item.resolutionKind === 'decision' || source.item.resolutionKind === 'recommendation' ? 'decision' : 'task';

// ---------------------------------------------------------------------------------------------------
// Writes

const FIELD_MESSAGES: Record<string, string> = {
  agendaItemId: 'Bitte geben Sie den Tagesordnungspunkt an, aus dem der Beschluss oder Auftrag stammt.',
  kind: 'Bitte wählen Sie die Art: Beschluss, Prüfauftrag oder Arbeitsauftrag.',
  title: `Bitte geben Sie einen kurzen Titel an (höchstens ${MAX_TITLE} Zeichen).`,
  text: `Der Text ist zu lang (höchstens ${MAX_TEXT.toLocaleString('de-DE')} Zeichen).`,
  officeId: 'Bitte wählen Sie ein Amt der Körperschaft.',
  status: 'Bitte wählen Sie einen Status: offen, in Bearbeitung, erledigt oder entfallen.',
  report: `Bitte geben Sie den Sachstand an (höchstens ${MAX_TEXT.toLocaleString('de-DE')} Zeichen).`,
  version: 'Die Fassung des Formulars fehlt. Bitte öffnen Sie den Eintrag neu.',
};

/** The messages of the date fields, naming the format the caller takes (the API's is JJJJ-MM-TT). */
const dateMessages = (format: DateFormat = 'TT.MM.JJJJ'): Record<string, string> => ({
  dueDate: `Die Frist muss ein gültiges Datum sein (${format}).`,
  reportDate: `Das Datum des Sachstands muss ein gültiges Datum sein (${format}).`,
  doneDate: `Das Erledigungsdatum muss ein gültiges Datum sein (${format}).`,
});

const optionalText = (max: number) =>
  z
    .string()
    .max(max)
    .nullable()
    .optional()
    .transform((v) => (v == null || v.trim() === '' ? null : v.trim()));

const editFields = {
  kind: z.enum(RESOLUTION_KINDS),
  title: z.string().trim().min(1).max(MAX_TITLE),
  text: optionalText(MAX_TEXT),
  officeId: z.number().int().positive().nullable().optional(),
  dueDate: optionalDateField,
};

const createSchema = z.object({
  agendaItemId: z.number().int().positive(),
  kind: z.enum(RESOLUTION_KINDS).optional(),
  title: z.string().trim().max(MAX_TITLE).nullable().optional(),
  text: optionalText(MAX_TEXT),
  officeId: z.number().int().positive().nullable().optional(),
  dueDate: optionalDateField,
});

const updateSchema = z.object({ version: z.number().int().positive(), ...editFields });

const statusSchema = z.object({
  version: z.number().int().positive(),
  status: z.enum(RESOLUTION_STATUSES),
  report: z.string().trim().min(1).max(MAX_TEXT),
  reportDate: optionalDateField,
  doneDate: optionalDateField,
});

/** Validates; the German message of every wrong field (the first per field), and the data when all are right. */
function check<T>(
  schema: z.ZodType<T>,
  input: unknown,
  dateFormat?: DateFormat,
): { data: T | undefined; fields: FieldErrors } {
  const result = schema.safeParse(input);
  if (result.success) return { data: result.data, fields: {} };
  const fields: FieldErrors = {};
  const dates = dateMessages(dateFormat);
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? 'input');
    fields[key] ??= dates[key] ?? FIELD_MESSAGES[key] ?? `Ungültige Angabe (${key}).`;
  }
  return { data: undefined, fields };
}

function parse<T>(schema: z.ZodType<T>, input: unknown, dateFormat?: DateFormat): T {
  const { data, fields } = check(schema, input, dateFormat);
  if (data === undefined) throw validationFailed(fields);
  return data;
}

function permitted(who: Actor, bodyId: number) {
  if (!can(who, 'resolution.track', { bodyId })) {
    throw new DomainError('permission.denied', refusal(who, 'resolution.track', { bodyId }));
  }
}

/** Why `officeId` is no office of the body (a German message), or undefined when it is one or none is given. */
async function officeProblem(tx: ServiceContext, bodyId: number, officeId: unknown): Promise<string | undefined> {
  if (typeof officeId !== 'number' || !Number.isInteger(officeId) || officeId <= 0) return undefined;
  if (!rowId(officeId)) return 'Dieses Amt gibt es in der Körperschaft nicht.';
  const [row] = await tx.db.select().from(organizations).where(eq(organizations.id, officeId));
  return !row || row.bodyId !== bodyId || row.kind !== 'office'
    ? 'Dieses Amt gibt es in der Körperschaft nicht.'
    : undefined;
}

const notFound = (id: unknown) =>
  new DomainError('resolution.not_found', `Den Beschluss oder Auftrag ${String(id)} gibt es nicht.`, { id });

export interface CreateResolutionInput {
  agendaItemId: number;
  /** Default: Beschluss where the item has a decision or recommendation, else Arbeitsauftrag. */
  kind?: ResolutionKind | undefined;
  /** Default: the item's title. */
  title?: string | null | undefined;
  /** Default: the item's resolution text. */
  text?: string | null | undefined;
  officeId?: number | null | undefined;
  dueDate?: string | null | undefined;
  /** The date format named in messages (the API's is JJJJ-MM-TT); default TT.MM.JJJJ. */
  dateFormat?: DateFormat | undefined;
}

export type TrackedResolution = typeof trackedResolutions.$inferSelect;

const withoutSearch = (row: TrackedResolution) => {
  const { searchText: _s, ...rest } = row;
  return rest;
};

/**
 * Tracks a resolution or task from an agenda item of a held meeting. Its body, committee and publicity
 * come from the item; without a text of its own the item's resolution text is taken; there must be a text.
 */
export async function createTrackedResolution(ctx: ServiceContext, who: Actor, input: CreateResolutionInput) {
  const { data, fields } = check(createSchema, input, input.dateFormat);
  const agendaItemId = data?.agendaItemId ?? (fields.agendaItemId ? undefined : input.agendaItemId);
  if (agendaItemId === undefined) throw validationFailed(fields);
  return inTransaction(ctx, async (tx) => {
    const source = await resolutionSource(tx.db, agendaItemId);
    if (!source) {
      throw validationFailed({ ...fields, agendaItemId: 'Diesen Tagesordnungspunkt gibt es nicht.' });
    }
    permitted(who, source.bodyId);
    if (!source.held) {
      throw new DomainError(
        'resolution.meeting_not_held',
        source.cancelled
          ? 'Die Sitzung ist abgesagt; aus ihren Tagesordnungspunkten gibt es keine Beschlüsse oder Aufträge.'
          : 'Die Sitzung hat noch nicht stattgefunden. Beschlüsse und Aufträge werden nach der Sitzung aus der Niederschrift übernommen.',
      );
    }
    // Every wrong field at once: the form's, the office's and a missing text.
    const office = await officeProblem(tx, source.bodyId, input.officeId);
    if (office) fields.officeId ??= office;
    const given = typeof input.text === 'string' && input.text.trim() !== '' ? input.text.trim() : null;
    const text = (data ? data.text : given) ?? source.item.resolutionText ?? null;
    if (!text) {
      fields.text ??= 'Der Tagesordnungspunkt hat keinen Beschlusstext. Bitte beschreiben Sie den Auftrag.';
    }
    if (!data || !text || Object.keys(fields).length > 0) throw validationFailed(fields);
    const title = data.title && data.title.trim() !== '' ? data.title.trim() : defaultTitle(source);
    const officeId = data.officeId ?? null;
    const [row] = await tx.db
      .insert(trackedResolutions)
      .values({
        bodyId: source.bodyId,
        organizationId: source.organizationId,
        agendaItemId: source.item.id,
        kind: data.kind ?? defaultKind(source),
        title,
        text,
        officeId,
        dueDate: data.dueDate ?? null,
        status: 'open',
        public: source.item.public,
      })
      .returning();
    if (!row) throw notFound('neu');
    await audit(tx, {
      bodyId: row.bodyId,
      action: 'create',
      entity: 'resolution',
      entityId: row.id,
      after: withoutSearch(row),
    });
    return row;
  });
}

async function lockResolution(tx: ServiceContext, who: Actor, id: number, expected: number) {
  const [row] = await tx.db.select().from(trackedResolutions).where(eq(trackedResolutions.id, id)).for('update');
  if (!row) throw notFound(id);
  permitted(who, row.bodyId);
  if (row.version !== expected) {
    const { who: writer, at } = await lastWriter(tx, 'resolution', id);
    const when = at ? ` am ${formatDate(at)} um ${formatTime(at)} Uhr` : '';
    throw new DomainError(
      'conflict.stale',
      `„${row.title}“ wurde inzwischen von ${writer}${when} geändert, nachdem Sie das Formular geöffnet haben. ` +
        'Ihre Änderungen wurden nicht gespeichert; Ihre Eingaben sind erhalten. Bitte vergleichen Sie sie mit dem aktuellen Stand und speichern Sie erneut.',
      { currentVersion: row.version, expectedVersion: expected },
    );
  }
  return row;
}

async function write(
  tx: ServiceContext,
  before: TrackedResolution,
  values: Partial<typeof trackedResolutions.$inferInsert>,
  action: string,
) {
  const [row] = await tx.db
    .update(trackedResolutions)
    .set({
      ...values,
      modifiedAt: sql`greatest(clock_timestamp(), ${trackedResolutions.modifiedAt} + interval '1 microsecond')`,
    })
    .where(eq(trackedResolutions.id, before.id))
    .returning();
  if (!row) throw notFound(before.id);
  await audit(tx, {
    bodyId: row.bodyId,
    action,
    entity: 'resolution',
    entityId: row.id,
    before: withoutSearch(before),
    after: withoutSearch(row),
  });
  return row;
}

export interface UpdateResolutionInput {
  version: number;
  kind: ResolutionKind;
  title: string;
  text?: string | null | undefined;
  officeId?: number | null | undefined;
  dueDate?: string | null | undefined;
  /** The date format named in messages (the API's is JJJJ-MM-TT); default TT.MM.JJJJ. */
  dateFormat?: DateFormat | undefined;
}

/** Saves kind, title, text, office and due date when the row is still at `input.version`. */
export async function updateTrackedResolution(
  ctx: ServiceContext,
  who: Actor,
  id: number,
  input: UpdateResolutionInput,
) {
  const { data, fields } = check(updateSchema, input, input.dateFormat);
  if (fields.version) throw validationFailed(fields);
  return inTransaction(ctx, async (tx) => {
    const before = await lockResolution(tx, who, id, input.version);
    const office = await officeProblem(tx, before.bodyId, input.officeId);
    if (office) fields.officeId ??= office;
    if (!data || Object.keys(fields).length > 0) throw validationFailed(fields);
    return write(
      tx,
      before,
      {
        kind: data.kind,
        title: data.title,
        text: data.text ?? null,
        officeId: data.officeId ?? null,
        dueDate: data.dueDate ?? null,
      },
      'update',
    );
  });
}

export interface StatusInput {
  version: number;
  status: ResolutionStatus;
  /** The status report (Sachstand); required. */
  report: string;
  /** Date of the report; default today. */
  reportDate?: string | null | undefined;
  /** For "erledigt": when it was done; default the report's date. */
  doneDate?: string | null | undefined;
  /** The date format named in messages (the API's is JJJJ-MM-TT); default TT.MM.JJJJ. */
  dateFormat?: DateFormat | undefined;
}

/** Changes the status with a status report (Sachstand); "erledigt" records the day it was done. */
export async function changeResolutionStatus(ctx: ServiceContext, who: Actor, id: number, input: StatusInput) {
  const data = parse(statusSchema, input, input.dateFormat);
  return inTransaction(ctx, async (tx) => {
    const before = await lockResolution(tx, who, id, data.version);
    const reportDate = data.reportDate ?? localToday();
    const doneDate = data.status === 'done' ? (data.doneDate ?? reportDate) : null;
    return write(tx, before, { status: data.status, report: data.report, reportDate, doneDate }, 'status');
  });
}
