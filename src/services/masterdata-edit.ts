/**
 * Master data in the back office and the API: list (search, sort, pages), get, create and update of a
 * body's organisations, legislative terms, persons, memberships, locations and rooms.
 *
 * Input comes raw (form strings or JSON values) and is checked field by field: every problem is a
 * German message for its field, all of them at once, thrown as `validation.failed` with
 * `details.fields` before anything is written. Creates go through the use cases of masterdata.ts; updates
 * through `updateVersioned` (optimistic locking, one transaction, audit log with before and after).
 * Every function takes the body the request is about and treats rows of another body as missing.
 */
import { and, count, eq, getTableColumns, inArray, ne, or, type SQL, sql } from 'drizzle-orm';
import { alias, type PgColumn } from 'drizzle-orm/pg-core';
import type { Executor } from '../db/open.ts';
import { germanSortKey } from '../db/repositories/persons.ts';
import { bodies, legislativeTerms, locations, memberships, organizations, persons, rooms } from '../db/schema.ts';
import { DomainError } from '../domain/errors.ts';
import { inTransaction, type ServiceContext } from './context.ts';
import {
  createLocation,
  createMembership,
  createOrganization,
  createPerson,
  createRoom,
  createTerm,
} from './masterdata.ts';
import type { DateFormat } from './meetings-office.ts';
import { updateVersioned, versionOf } from './optimistic-locking.ts';

// ---------------------------------------------------------------------------------------------------
// Labels

export type OrganizationKind = (typeof organizations.$inferSelect)['kind'];
export type MembershipRole = (typeof memberships.$inferSelect)['role'];

export const ORGANIZATION_KINDS: Record<OrganizationKind, string> = {
  council: 'Vertretung (Rat, Kreistag)',
  committee: 'Ausschuss',
  faction: 'Fraktion',
  office: 'Verwaltungseinheit (Amt)',
  external: 'Externe Organisation',
};

export const MEMBERSHIP_ROLES: Record<MembershipRole, string> = {
  chair: 'Vorsitz',
  vice_chair: 'stellv. Vorsitz',
  member: 'Mitglied',
  deputy_member: 'stellv. Mitglied',
  advisory_member: 'beratendes Mitglied',
  secretary: 'Schriftführung',
  deputy_secretary: 'stellv. Schriftführung',
};

const DEPUTY_ROLES: MembershipRole[] = ['deputy_member', 'deputy_secretary'];

export const FORMS_OF_ADDRESS = ['Frau', 'Herr'] as const;

// ---------------------------------------------------------------------------------------------------
// Field checks

export type FieldErrors = Record<string, string>;
type Raw = Record<string, unknown>;

/** The error of bad input: one German message per field in `details.fields`. */
export function validationFailed(fields: FieldErrors): DomainError {
  const count = Object.keys(fields).length;
  return new DomainError(
    'validation.failed',
    count === 1
      ? 'Eine Angabe ist nicht in Ordnung; bitte prüfen Sie das markierte Feld.'
      : `${count} Angaben sind nicht in Ordnung; bitte prüfen Sie die markierten Felder.`,
    { fields },
  );
}

/** How a caller writes: the date format its messages name (the JSON API's is JJJJ-MM-TT); default TT.MM.JJJJ. */
export interface WriteOptions {
  dateFormat?: DateFormat;
}

class Checker {
  readonly errors: FieldErrors = {};
  constructor(
    private readonly raw: Raw,
    private readonly dateFormat: DateFormat = 'TT.MM.JJJJ',
  ) {}

  private value(key: string): unknown {
    return this.raw[key];
  }

  fail(key: string, message: string) {
    this.errors[key] ??= message;
  }

  ok(key: string) {
    return this.errors[key] === undefined;
  }

  text(key: string, options: { required?: string; max?: number } = {}): string | null {
    const v = this.value(key);
    if (v !== undefined && v !== null && typeof v !== 'string' && typeof v !== 'number') {
      this.fail(key, 'Bitte geben Sie einen Text an.');
      return null;
    }
    const s = v === undefined || v === null ? '' : String(v).normalize('NFC').trim();
    if (s === '') {
      if (options.required) this.fail(key, options.required);
      return null;
    }
    const max = options.max ?? 300;
    if (s.length > max) this.fail(key, `Höchstens ${max} Zeichen (jetzt ${s.length}).`);
    return s;
  }

  /** A calendar date: "2021-02-18" or "18.02.2021"; a bad one is said in the caller's format. */
  date(key: string, options: { required?: string } = {}): string | null {
    const s = this.text(key, options.required ? { required: options.required } : {});
    if (s === null) return null;
    let iso = s;
    const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s);
    if (german) iso = `${german[3]}-${german[2]?.padStart(2, '0')}-${german[1]?.padStart(2, '0')}`;
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
    const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
    if (!m || !d || d.toISOString().slice(0, 10) !== iso || Number(m[1]) < 1800 || Number(m[1]) > 2200) {
      this.fail(key, `„${s}“ ist kein gültiges Datum; bitte im Format ${this.dateFormat} angeben.`);
      return null;
    }
    return iso;
  }

  integer(key: string, options: { min: number; max: number; message: string }): number | null {
    const v = this.value(key);
    if (v === undefined || v === null || v === '') return null;
    const s = String(v).trim();
    if (!/^-?\d+$/.test(s) || Number(s) < options.min || Number(s) > options.max) {
      this.fail(key, options.message);
      return null;
    }
    return Number(s);
  }

  /** A reference to another row: a positive id, or null. */
  id(key: string, options: { required?: string } = {}): number | null {
    const v = this.value(key);
    if (v === undefined || v === null || v === '') {
      if (options.required) this.fail(key, options.required);
      return null;
    }
    const s = String(v).trim();
    if (!/^\d{1,9}$/.test(s) || Number(s) < 1) {
      this.fail(key, 'Bitte wählen Sie einen Eintrag aus der Liste.');
      return null;
    }
    return Number(s);
  }

  bool(key: string): boolean {
    const v = this.value(key);
    return v === true || v === 'true' || v === '1' || v === 'on';
  }

  oneOf<T extends string>(key: string, values: readonly T[], message: string): T | null {
    const v = this.value(key);
    if (typeof v === 'string' && (values as readonly string[]).includes(v)) return v as T;
    this.fail(key, message);
    return null;
  }

  datesInOrder(startKey: string, start: string | null, endKey: string, end: string | null, message: string) {
    if (start && end && end < start && this.ok(startKey)) this.fail(endKey, message);
  }

  throwIfAny() {
    if (Object.keys(this.errors).length > 0) throw validationFailed(this.errors);
  }
}

/** The current values of a row as raw input, so a partial update (the API's PATCH) keeps what it omits. */
function merged(before: Raw | undefined, raw: Raw, partial: boolean): Raw {
  return partial && before ? { ...before, ...raw } : raw;
}

// ---------------------------------------------------------------------------------------------------
// Lists: search, sort, pages

export const PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;

export interface ListQuery {
  q?: string | undefined;
  sort?: string | undefined;
  desc?: boolean | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
}

export interface ListResult<T> {
  rows: T[];
  total: number;
  page: number;
  pages: number;
  pageSize: number;
  q: string;
  sort: string;
  desc: boolean;
}

/** A sort column: the ORDER BY terms for ascending order. */
type Sorts = Record<string, (dir: SQL) => SQL[]>;

const asc = sql.raw('asc');
const descending = sql.raw('desc');

/** ORDER BY terms for a text column in German order, nulls last, with a deterministic tie-break. */
function textOrder(column: SQL | PgColumn) {
  return (dir: SQL) => [
    sql`${germanSortKey(sql`coalesce(${column}, '')`)} ${dir}`,
    sql`coalesce(${column}, '') collate "C" ${dir}`,
  ];
}

/** ORDER BY terms for a column that holds folded text already (migration 0012): no folding per row. */
function keyOrder(column: SQL | PgColumn) {
  return (dir: SQL) => [sql`${column} collate "C" ${dir}`];
}

function dateOrder(column: SQL | PgColumn) {
  return (dir: SQL) => [sql`${column} ${dir} nulls last`];
}

/** A column that holds folded text already (the `search_text` and `sort_key` columns of migration 0012). */
export class Folded {
  constructor(readonly column: SQL | PgColumn) {}
}
export const folded = (column: SQL | PgColumn) => new Folded(column);

/**
 * The folded text (ratsinfo_german_key: umlauts as their base letter) with "ae", "oe" and "ue" as their
 * base letter too, so that the transliterated and the umlaut spelling meet: "oezdemir" and "özdemir" both
 * become "ozdemir", "guenther" and "günther" "gunther", "viehoever" and "viehöver" "viehover".
 */
const digraphsFolded = (value: SQL) => sql`replace(replace(replace(${value}, 'ae', 'a'), 'oe', 'o'), 'ue', 'u')`;

/** A search word that may be spelt the other way: an umlaut (also decomposed, "u" + U+0308) or "ae", "oe", "ue". */
const UMLAUT_OR_DIGRAPH = /[äöüÄÖÜ]|\u0308|ae|oe|ue/i;

/**
 * Every word of `q` must be found in one of the columns, both sides folded: case ignored, umlauts and accents
 * as their base letter, "ß" as "ss" ("bohm" finds "Böhm", "strasse" "Straße"), and the transliterations
 * "ae", "oe", "ue" as their umlaut ("Oezdemir" finds "Özdemir", "Günther" finds "Guenther"). The plain
 * fold is tried too, so that a word that splits a digraph ("el" in "Michael") still finds it.
 * Folded columns are compared as they are; others are folded per row (fine for short lists).
 */
export function searchCondition(q: string, columns: Array<SQL | PgColumn | Folded>): SQL | undefined {
  const words = q.split(/\s+/).filter(Boolean).slice(0, 8);
  if (words.length === 0) return undefined;
  return and(
    ...words.map((word) => {
      const pattern = `%${word.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
      // Folded once per query (an InitPlan), not per row.
      const wanted = sql`(select ratsinfo_german_key(${pattern}::text))`;
      // Only a word with an umlaut or "ae", "oe", "ue" needs the second comparison (it costs per row).
      const spellings = UMLAUT_OR_DIGRAPH.test(word);
      const wantedDigraphs = sql`(select ${digraphsFolded(sql`ratsinfo_german_key(${pattern}::text)`)})`;
      return or(
        ...columns.map((column) => {
          const value =
            column instanceof Folded
              ? sql`coalesce(${column.column}, '')`
              : germanSortKey(sql`coalesce(${column}, '')`);
          return spellings
            ? sql`(${value} like ${wanted} or ${digraphsFolded(value)} like ${wantedDigraphs})`
            : sql`${value} like ${wanted}`;
        }),
      );
    }),
  );
}

function normalizeQuery(query: ListQuery, sorts: Sorts, defaultSort: string) {
  const sort = query.sort && query.sort in sorts ? query.sort : defaultSort;
  const pageSize = Math.min(Math.max(Math.trunc(query.pageSize ?? PAGE_SIZE), 1), MAX_PAGE_SIZE);
  const page = Math.max(Math.trunc(query.page ?? 1), 1);
  return { q: (query.q ?? '').trim().slice(0, 200), sort, desc: query.desc === true, page, pageSize };
}

async function paged<T>(
  query: ListQuery,
  sorts: Sorts,
  defaultSort: string,
  idColumn: PgColumn,
  run: (where: (search: Array<SQL | PgColumn | Folded>) => SQL | undefined) => {
    total: () => Promise<number>;
    rows: (order: SQL[], limit: number, offset: number) => Promise<T[]>;
  },
): Promise<ListResult<T>> {
  const n = normalizeQuery(query, sorts, defaultSort);
  const { total, rows } = run((columns) => searchCondition(n.q, columns));
  const all = await total();
  const pages = Math.max(1, Math.ceil(all / n.pageSize));
  const page = Math.min(n.page, pages);
  const dir = n.desc ? descending : asc;
  const order = [...(sorts[n.sort]?.(dir) ?? []), sql`${idColumn} ${dir}`];
  return { ...n, page, pages, total: all, rows: await rows(order, n.pageSize, (page - 1) * n.pageSize) };
}

const personName = sql<string>`concat_ws(' ', ${persons.title}, ${persons.givenName}, ${persons.familyName})`;

// ---------------------------------------------------------------------------------------------------
// Bodies

export interface BodyRef {
  id: number;
  slug: string;
  name: string;
}

export async function bodyBySlug(db: Executor, slug: string): Promise<BodyRef | undefined> {
  const [row] = await db
    .select({ id: bodies.id, slug: bodies.slug, name: bodies.name })
    .from(bodies)
    .where(eq(bodies.slug, slug));
  return row;
}

export async function allBodies(db: Executor): Promise<BodyRef[]> {
  const rows = await db.select({ id: bodies.id, slug: bodies.slug, name: bodies.name }).from(bodies);
  return rows.sort((a, b) => a.name.localeCompare(b.name, 'de'));
}

function notFound(entity: string, label: string, id: number): DomainError {
  return new DomainError(`${entity}.not_found`, `${label} ${id} gibt es in dieser Körperschaft nicht.`, { id });
}

// ---------------------------------------------------------------------------------------------------
// Organisations

/** A row without the stored sort and search keys (they are for queries, not for people or the API). */
type WithoutKeys<T> = Omit<T, 'sortKey' | 'searchText'>;

function withoutKeys<T extends { sortKey?: unknown; searchText?: unknown }>(row: T): WithoutKeys<T> {
  const { sortKey: _sortKey, searchText: _searchText, ...rest } = row;
  return rest;
}

export type OrganizationRow = WithoutKeys<typeof organizations.$inferSelect> & { version: string };

export interface OrganizationListRow {
  id: number;
  name: string;
  kind: OrganizationKind;
  shortName: string | null;
  officeNumber: string | null;
  parentName: string | null;
  startDate: string | null;
  endDate: string | null;
  currentMembers: number;
}

/** A membership (alias m in the count subqueries; column names qualified by hand there) not ended yet. */
const CURRENT = sql.raw('(m.end_date is null or m.end_date >= current_date)');

const organizationSorts: Sorts = {
  name: (dir) => [...keyOrder(organizations.sortKey)(dir), sql`${organizations.name} collate "C" ${dir}`],
  kind: (dir) => [sql`${organizations.kind} ${dir}`, ...keyOrder(organizations.sortKey)(asc)],
  officeNumber: textOrder(organizations.officeNumber),
  startDate: dateOrder(organizations.startDate),
};

export function listOrganizations(
  db: Executor,
  bodyId: number,
  query: ListQuery & { kind?: OrganizationKind | undefined },
): Promise<ListResult<OrganizationListRow>> {
  const parent = alias(organizations, 'parent');
  return paged(query, organizationSorts, 'name', organizations.id, (search) => {
    const where = and(
      eq(organizations.bodyId, bodyId),
      query.kind ? eq(organizations.kind, query.kind) : undefined,
      search([folded(organizations.searchText)]),
    );
    return {
      total: async () => Number((await db.select({ n: count() }).from(organizations).where(where))[0]?.n ?? 0),
      rows: (order, limit, offset) =>
        db
          .select({
            id: organizations.id,
            name: organizations.name,
            kind: organizations.kind,
            shortName: organizations.shortName,
            officeNumber: organizations.officeNumber,
            parentName: parent.name,
            startDate: organizations.startDate,
            endDate: organizations.endDate,
            currentMembers: sql<number>`(select count(*)::int from "memberships" m where m.organization_id = "organizations"."id" and ${CURRENT})`,
          })
          .from(organizations)
          .leftJoin(parent, eq(parent.id, organizations.parentId))
          .where(where)
          .orderBy(...order)
          .limit(limit)
          .offset(offset),
    };
  });
}

export async function getOrganizationOf(db: Executor, bodyId: number, id: number): Promise<OrganizationRow> {
  const [row] = await db
    .select({ ...getTableColumns(organizations), version: versionOf(organizations) })
    .from(organizations)
    .where(and(eq(organizations.id, id), eq(organizations.bodyId, bodyId)));
  if (!row) throw notFound('organization', 'Die Organisation', id);
  return withoutKeys(row);
}

async function organizationValues(
  tx: ServiceContext,
  bodyId: number,
  raw: Raw,
  id?: number,
  options: WriteOptions = {},
) {
  const c = new Checker(raw, options.dateFormat);
  const kind = c.oneOf('kind', Object.keys(ORGANIZATION_KINDS) as OrganizationKind[], 'Bitte wählen Sie die Art.');
  const name = c.text('name', { required: 'Bitte geben Sie den Namen an.', max: 200 });
  const shortName = c.text('shortName', { max: 50 });
  const nameGenitive = c.text('nameGenitive', { max: 250 });
  const nameNominative = c.text('nameNominative', { max: 250 });
  const officeNumber = c.text('officeNumber', { max: 20 });
  const parentId = c.id('parentId');
  const statutoryMembers = c.integer('statutoryMembers', {
    min: 1,
    max: 999,
    message: 'Die Sollstärke ist eine ganze Zahl von 1 bis 999.',
  });
  const startDate = c.date('startDate');
  const endDate = c.date('endDate');
  const website = c.text('website', { max: 500 });
  c.datesInOrder('startDate', startDate, 'endDate', endDate, 'Das Ende liegt vor dem Beginn.');
  if (website && !/^https?:\/\/[^\s/]+\.[^\s]+$/.test(website)) {
    c.fail('website', 'Bitte eine vollständige Adresse angeben, die mit https:// oder http:// beginnt.');
  }
  if (officeNumber) {
    const [taken] = await tx.db
      .select({ name: organizations.name })
      .from(organizations)
      .where(
        and(
          eq(organizations.bodyId, bodyId),
          eq(organizations.officeNumber, officeNumber),
          id === undefined ? undefined : ne(organizations.id, id),
        ),
      );
    if (taken) c.fail('officeNumber', `Die Amtsnummer „${officeNumber}“ ist bereits an „${taken.name}“ vergeben.`);
  }
  if (parentId !== null) {
    const [parentRow] = await tx.db
      .select({ id: organizations.id })
      .from(organizations)
      .where(and(eq(organizations.id, parentId), eq(organizations.bodyId, bodyId)));
    if (!parentRow) c.fail('parentId', 'Diese übergeordnete Organisation gibt es in dieser Körperschaft nicht.');
    else if (id !== undefined && (await ancestors(tx.db, parentId)).includes(id)) {
      c.fail(
        'parentId',
        'Eine Organisation kann nicht sich selbst oder einer ihrer untergeordneten Organisationen untergeordnet werden.',
      );
    }
  }
  c.throwIfAny();
  return {
    kind: kind as OrganizationKind,
    name: name as string,
    shortName,
    nameGenitive,
    nameNominative,
    officeNumber,
    parentId,
    statutoryMembers,
    startDate,
    endDate,
    website,
  };
}

/** The organisation and its parents, up the tree (stops at a cycle). */
async function ancestors(db: Executor, id: number): Promise<number[]> {
  const seen: number[] = [];
  let current: number | null = id;
  while (current !== null && !seen.includes(current) && seen.length < 50) {
    seen.push(current);
    const [row]: Array<{ parentId: number | null }> = await db
      .select({ parentId: organizations.parentId })
      .from(organizations)
      .where(eq(organizations.id, current));
    current = row?.parentId ?? null;
  }
  return seen;
}

export async function createOrganizationIn(
  ctx: ServiceContext,
  bodyId: number,
  raw: Raw,
  options: WriteOptions = {},
): Promise<OrganizationRow> {
  return inTransaction(ctx, async (tx) => {
    const values = await organizationValues(tx, bodyId, raw, undefined, options);
    const created = await createOrganization(tx, { ...values, bodyId });
    return getOrganizationOf(tx.db, bodyId, created.id);
  });
}

export async function updateOrganizationIn(
  ctx: ServiceContext,
  bodyId: number,
  id: number,
  version: string,
  raw: Raw,
  options: { partial?: boolean } & WriteOptions = {},
): Promise<OrganizationRow> {
  const current = await getOrganizationOf(ctx.db, bodyId, id);
  const saved = await updateVersioned(ctx, {
    table: organizations,
    entity: 'organization',
    id,
    version,
    label: (row) => `Die Organisation „${row.name}“`,
    bodyId: (row) => row.bodyId,
    change: (before, tx) =>
      organizationValues(tx, bodyId, merged(current as Raw, raw, options.partial ?? false), before.id, options),
  });
  return withoutKeys(saved);
}

// ---------------------------------------------------------------------------------------------------
// Legislative terms

export type TermRow = typeof legislativeTerms.$inferSelect & { version: string };

const termSorts: Sorts = {
  name: textOrder(legislativeTerms.name),
  startDate: dateOrder(legislativeTerms.startDate),
  endDate: dateOrder(legislativeTerms.endDate),
};

export function listTerms(db: Executor, bodyId: number, query: ListQuery): Promise<ListResult<TermRow>> {
  return paged(
    { ...query, desc: query.sort === undefined ? true : query.desc },
    termSorts,
    'startDate',
    legislativeTerms.id,
    (search) => {
      const where = and(eq(legislativeTerms.bodyId, bodyId), search([legislativeTerms.name]));
      return {
        total: async () => Number((await db.select({ n: count() }).from(legislativeTerms).where(where))[0]?.n ?? 0),
        rows: (order, limit, offset) =>
          db
            .select({ ...getTableColumns(legislativeTerms), version: versionOf(legislativeTerms) })
            .from(legislativeTerms)
            .where(where)
            .orderBy(...order)
            .limit(limit)
            .offset(offset),
      };
    },
  );
}

export async function getTermOf(db: Executor, bodyId: number, id: number): Promise<TermRow> {
  const [row] = await db
    .select({ ...getTableColumns(legislativeTerms), version: versionOf(legislativeTerms) })
    .from(legislativeTerms)
    .where(and(eq(legislativeTerms.id, id), eq(legislativeTerms.bodyId, bodyId)));
  if (!row) throw notFound('term', 'Die Wahlperiode', id);
  return row;
}

async function termValues(tx: ServiceContext, bodyId: number, raw: Raw, id?: number, options: WriteOptions = {}) {
  const c = new Checker(raw, options.dateFormat);
  const name = c.text('name', { required: 'Bitte geben Sie den Namen an, z. B. „Wahlperiode 2020–2025“.', max: 100 });
  const startDate = c.date('startDate', { required: 'Bitte geben Sie den Beginn an.' });
  const endDate = c.date('endDate');
  c.datesInOrder('startDate', startDate, 'endDate', endDate, 'Das Ende der Wahlperiode liegt vor ihrem Beginn.');
  if (name) {
    const [taken] = await tx.db
      .select({ id: legislativeTerms.id })
      .from(legislativeTerms)
      .where(
        and(
          eq(legislativeTerms.bodyId, bodyId),
          eq(legislativeTerms.name, name),
          id === undefined ? undefined : ne(legislativeTerms.id, id),
        ),
      );
    if (taken) c.fail('name', `Eine Wahlperiode „${name}“ gibt es schon.`);
  }
  if (id !== undefined && startDate) {
    // Memberships of the term with dates of their own must stay inside it (without, they follow the term).
    const outside = async (condition: SQL) =>
      Number(
        (
          await tx.db
            .select({ n: count() })
            .from(memberships)
            .where(and(eq(memberships.termId, id), condition))
        )[0]?.n ?? 0,
      );
    const early = await outside(sql`${memberships.startDate} < ${startDate}`);
    if (early > 0) {
      c.fail(
        'startDate',
        early === 1
          ? 'Eine Mitgliedschaft dieser Wahlperiode beginnt vor dem neuen Beginn; bitte passen Sie zuerst sie an.'
          : `${early} Mitgliedschaften dieser Wahlperiode beginnen vor dem neuen Beginn; bitte passen Sie zuerst sie an.`,
      );
    }
    const late = endDate ? await outside(sql`${memberships.endDate} > ${endDate}`) : 0;
    if (late > 0) {
      c.fail(
        'endDate',
        late === 1
          ? 'Eine Mitgliedschaft dieser Wahlperiode endet nach dem neuen Ende; bitte passen Sie zuerst sie an.'
          : `${late} Mitgliedschaften dieser Wahlperiode enden nach dem neuen Ende; bitte passen Sie zuerst sie an.`,
      );
    }
  }
  c.throwIfAny();
  return { name: name as string, startDate: startDate as string, endDate };
}

export async function createTermIn(
  ctx: ServiceContext,
  bodyId: number,
  raw: Raw,
  options: WriteOptions = {},
): Promise<TermRow> {
  return inTransaction(ctx, async (tx) => {
    const created = await createTerm(tx, { ...(await termValues(tx, bodyId, raw, undefined, options)), bodyId });
    return getTermOf(tx.db, bodyId, created.id);
  });
}

export async function updateTermIn(
  ctx: ServiceContext,
  bodyId: number,
  id: number,
  version: string,
  raw: Raw,
  options: { partial?: boolean } & WriteOptions = {},
): Promise<TermRow> {
  const current = await getTermOf(ctx.db, bodyId, id);
  return updateVersioned(ctx, {
    table: legislativeTerms,
    entity: 'term',
    id,
    version,
    label: (row) => `Die Wahlperiode „${row.name}“`,
    bodyId: (row) => row.bodyId,
    change: (before, tx) =>
      termValues(tx, bodyId, merged(current as Raw, raw, options.partial ?? false), before.id, options),
  });
}

// ---------------------------------------------------------------------------------------------------
// Persons

export type PersonRow = WithoutKeys<typeof persons.$inferSelect> & { version: string };

export interface PersonListRow {
  id: number;
  formOfAddress: string | null;
  title: string | null;
  givenName: string | null;
  familyName: string;
  officeTitle: string | null;
  email: string | null;
  currentMemberships: number;
}

const personSorts: Sorts = {
  name: keyOrder(persons.sortKey),
  email: (dir) => [sql`lower(coalesce(${persons.email}, '')) collate "C" ${dir}`],
};

export function listPersons(db: Executor, bodyId: number, query: ListQuery): Promise<ListResult<PersonListRow>> {
  return paged(query, personSorts, 'name', persons.id, (search) => {
    const where = and(eq(persons.bodyId, bodyId), search([folded(persons.searchText)]));
    return {
      total: async () => Number((await db.select({ n: count() }).from(persons).where(where))[0]?.n ?? 0),
      rows: (order, limit, offset) =>
        db
          .select({
            id: persons.id,
            formOfAddress: persons.formOfAddress,
            title: persons.title,
            givenName: persons.givenName,
            familyName: persons.familyName,
            officeTitle: persons.officeTitle,
            email: persons.email,
            currentMemberships: sql<number>`(select count(*)::int from "memberships" m where m.person_id = "persons"."id" and ${CURRENT})`,
          })
          .from(persons)
          .where(where)
          .orderBy(...order)
          .limit(limit)
          .offset(offset),
    };
  });
}

export async function getPersonOf(db: Executor, bodyId: number, id: number): Promise<PersonRow> {
  const [row] = await db
    .select({ ...getTableColumns(persons), version: versionOf(persons) })
    .from(persons)
    .where(and(eq(persons.id, id), eq(persons.bodyId, bodyId)));
  if (!row) throw notFound('person', 'Die Person', id);
  return withoutKeys(row);
}

export function personLabel(p: { title: string | null; givenName: string | null; familyName: string }): string {
  return [p.title, p.givenName, p.familyName].filter(Boolean).join(' ');
}

function personValues(raw: Raw) {
  const c = new Checker(raw);
  const form = raw.formOfAddress;
  const formOfAddress =
    form === undefined || form === null || form === ''
      ? null
      : c.oneOf('formOfAddress', FORMS_OF_ADDRESS, 'Bitte wählen Sie „Frau“, „Herr“ oder keine Anrede.');
  const title = c.text('title', { max: 50 });
  const givenName = c.text('givenName', { max: 100 });
  const familyName = c.text('familyName', { required: 'Bitte geben Sie den Nachnamen an.', max: 100 });
  const officeTitle = c.text('officeTitle', { max: 100 });
  const email = c.text('email', { max: 254 });
  const phone = c.text('phone', { max: 50 });
  const fax = c.text('fax', { max: 50 });
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    c.fail('email', `„${email}“ ist keine gültige E-Mail-Adresse.`);
  }
  for (const [key, value] of [
    ['phone', phone],
    ['fax', fax],
  ] as const) {
    if (value && !/^[+0-9][0-9 ()/-]{3,}$/.test(value)) {
      c.fail(key, 'Bitte nur Ziffern, Leerzeichen und + ( ) / - angeben, z. B. 02104 99-1234.');
    }
  }
  c.throwIfAny();
  return { formOfAddress, title, givenName, familyName: familyName as string, officeTitle, email, phone, fax };
}

export async function createPersonIn(ctx: ServiceContext, bodyId: number, raw: Raw): Promise<PersonRow> {
  const values = personValues(raw);
  return inTransaction(ctx, async (tx) => {
    const created = await createPerson(tx, { ...values, bodyId });
    return getPersonOf(tx.db, bodyId, created.id);
  });
}

export async function updatePersonIn(
  ctx: ServiceContext,
  bodyId: number,
  id: number,
  version: string,
  raw: Raw,
  options: { partial?: boolean } = {},
): Promise<PersonRow> {
  const current = await getPersonOf(ctx.db, bodyId, id);
  const saved = await updateVersioned(ctx, {
    table: persons,
    entity: 'person',
    id,
    version,
    label: (row) => `Die Person „${personLabel(row)}“`,
    bodyId: (row) => row.bodyId,
    change: async () => personValues(merged(current as Raw, raw, options.partial ?? false)),
  });
  return withoutKeys(saved);
}

// ---------------------------------------------------------------------------------------------------
// Memberships

export type MembershipRow = typeof memberships.$inferSelect & { version: string };

export interface MembershipListRow {
  id: number;
  personId: number;
  personName: string;
  organizationId: number;
  organizationName: string;
  role: MembershipRole;
  roleLabel: string | null;
  votingRight: boolean;
  appointedCitizen: boolean;
  onBehalfOfName: string | null;
  deputyOfName: string | null;
  termName: string | null;
  startDate: string | null;
  endDate: string | null;
}

const faction = alias(organizations, 'faction');
const deputyOf = alias(persons, 'deputy_of');

const roleOrder = sql.raw(
  `case "memberships"."role" ${Object.keys(MEMBERSHIP_ROLES)
    .map((r, i) => `when '${r}' then ${i}`)
    .join(' ')} end`,
);

const membershipSorts: Sorts = {
  person: keyOrder(persons.sortKey),
  organization: (dir) => [
    ...keyOrder(organizations.sortKey)(dir),
    sql`${roleOrder} asc`,
    ...keyOrder(persons.sortKey)(asc),
  ],
  role: (dir) => [sql`${roleOrder} ${dir}`, ...keyOrder(persons.sortKey)(asc)],
  startDate: dateOrder(memberships.startDate),
  endDate: dateOrder(memberships.endDate),
};

export function listMemberships(
  db: Executor,
  bodyId: number,
  query: ListQuery & { organizationId?: number | undefined; personId?: number | undefined },
): Promise<ListResult<MembershipListRow>> {
  return paged(query, membershipSorts, 'organization', memberships.id, (search) => {
    const where = and(
      eq(organizations.bodyId, bodyId),
      query.organizationId ? eq(memberships.organizationId, query.organizationId) : undefined,
      query.personId ? eq(memberships.personId, query.personId) : undefined,
      search([folded(persons.searchText), folded(organizations.searchText), folded(faction.searchText)]),
    );
    const from = () =>
      db
        .select({
          id: memberships.id,
          personId: memberships.personId,
          personName: personName,
          organizationId: memberships.organizationId,
          organizationName: organizations.name,
          role: memberships.role,
          roleLabel: memberships.roleLabel,
          votingRight: memberships.votingRight,
          appointedCitizen: memberships.appointedCitizen,
          onBehalfOfName: sql<string | null>`coalesce(${faction.shortName}, ${faction.name})`,
          deputyOfName: sql<
            string | null
          >`concat_ws(' ', ${deputyOf.title}, ${deputyOf.givenName}, ${deputyOf.familyName})`,
          termName: legislativeTerms.name,
          startDate: memberships.startDate,
          endDate: memberships.endDate,
        })
        .from(memberships)
        .innerJoin(persons, eq(persons.id, memberships.personId))
        .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
        .leftJoin(faction, eq(faction.id, memberships.onBehalfOfId))
        .leftJoin(deputyOf, eq(deputyOf.id, memberships.deputyOfPersonId))
        .leftJoin(legislativeTerms, eq(legislativeTerms.id, memberships.termId));
    return {
      total: async () =>
        Number(
          (
            await db
              .select({ n: count() })
              .from(memberships)
              .innerJoin(persons, eq(persons.id, memberships.personId))
              .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
              .leftJoin(faction, eq(faction.id, memberships.onBehalfOfId))
              .where(where)
          )[0]?.n ?? 0,
        ),
      rows: async (order, limit, offset) =>
        (
          await from()
            .where(where)
            .orderBy(...order)
            .limit(limit)
            .offset(offset)
        ).map((r) => ({
          ...r,
          deputyOfName: r.deputyOfName === '' ? null : r.deputyOfName,
        })),
    };
  });
}

export async function getMembershipOf(db: Executor, bodyId: number, id: number): Promise<MembershipRow> {
  const [row] = await db
    .select({ ...getTableColumns(memberships), version: versionOf(memberships) })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(and(eq(memberships.id, id), eq(organizations.bodyId, bodyId)));
  if (!row) throw notFound('membership', 'Die Mitgliedschaft', id);
  return row;
}

/**
 * Another membership of the person in the organisation with the same role (a deputy: for the same
 * person) whose period overlaps; open starts and ends overlap everything on their side. The person's row
 * is locked first, so two clerks saving the same membership at once cannot both pass.
 */
async function overlappingMembership(
  tx: ServiceContext,
  m: {
    selfId: number | undefined;
    personId: number;
    organizationId: number;
    role: MembershipRole;
    deputyOfPersonId: number | null;
    startDate: string | null;
    endDate: string | null;
  },
) {
  await tx.db.select({ id: persons.id }).from(persons).where(eq(persons.id, m.personId)).for('update');
  const [twin] = await tx.db
    .select({ id: memberships.id, startDate: memberships.startDate, endDate: memberships.endDate })
    .from(memberships)
    .where(
      and(
        eq(memberships.personId, m.personId),
        eq(memberships.organizationId, m.organizationId),
        eq(memberships.role, m.role),
        m.deputyOfPersonId === null
          ? sql`${memberships.deputyOfPersonId} is null`
          : eq(memberships.deputyOfPersonId, m.deputyOfPersonId),
        m.selfId === undefined ? undefined : ne(memberships.id, m.selfId),
        m.endDate === null
          ? undefined
          : sql`(${memberships.startDate} is null or ${memberships.startDate} <= ${m.endDate})`,
        m.startDate === null
          ? undefined
          : sql`(${memberships.endDate} is null or ${memberships.endDate} >= ${m.startDate})`,
      ),
    )
    .orderBy(memberships.id)
    .limit(1);
  return twin;
}

async function membershipValues(
  tx: ServiceContext,
  bodyId: number,
  raw: Raw,
  options: WriteOptions = {},
  selfId?: number,
) {
  const c = new Checker(raw, options.dateFormat);
  const personId = c.id('personId', { required: 'Bitte wählen Sie die Person.' });
  const organizationId = c.id('organizationId', { required: 'Bitte wählen Sie das Gremium.' });
  const role = c.oneOf('role', Object.keys(MEMBERSHIP_ROLES) as MembershipRole[], 'Bitte wählen Sie die Rolle.');
  const roleLabel = c.text('roleLabel', { max: 100 });
  const votingRight = c.bool('votingRight');
  const appointedCitizen = c.bool('appointedCitizen');
  const termId = c.id('termId');
  const onBehalfOfId = c.id('onBehalfOfId');
  const deputyOfPersonId = c.id('deputyOfPersonId');
  const startDate = c.date('startDate');
  const endDate = c.date('endDate');
  c.datesInOrder('startDate', startDate, 'endDate', endDate, 'Das Ende der Mitgliedschaft liegt vor ihrem Beginn.');

  const ids = [personId, deputyOfPersonId].filter((v): v is number => v !== null);
  const people = ids.length
    ? await tx.db
        .select({ id: persons.id })
        .from(persons)
        .where(and(inArray(persons.id, ids), eq(persons.bodyId, bodyId)))
    : [];
  const has = (pid: number) => people.some((p) => p.id === pid);
  if (personId !== null && !has(personId)) c.fail('personId', 'Diese Person gibt es in dieser Körperschaft nicht.');
  let organization: { id: number; kind: OrganizationKind } | undefined;
  if (organizationId !== null) {
    [organization] = await tx.db
      .select({ id: organizations.id, kind: organizations.kind })
      .from(organizations)
      .where(and(eq(organizations.id, organizationId), eq(organizations.bodyId, bodyId)));
    if (!organization) c.fail('organizationId', 'Dieses Gremium gibt es in dieser Körperschaft nicht.');
  }
  if (termId !== null) {
    const [term] = await tx.db
      .select()
      .from(legislativeTerms)
      .where(and(eq(legislativeTerms.id, termId), eq(legislativeTerms.bodyId, bodyId)));
    if (!term) c.fail('termId', 'Diese Wahlperiode gibt es in dieser Körperschaft nicht.');
    else if (c.ok('startDate') && c.ok('endDate')) {
      const start = startDate ?? term.startDate;
      const end = endDate ?? term.endDate;
      if (start < term.startDate) {
        c.fail('startDate', `Der Beginn liegt vor dem Beginn der ${term.name} (${german(term.startDate)}).`);
      }
      if (term.endDate != null && (end == null || end > term.endDate)) {
        c.fail('endDate', `Das Ende liegt nach dem Ende der ${term.name} (${german(term.endDate)}).`);
      }
    }
  }
  if (onBehalfOfId !== null) {
    const [f] = await tx.db
      .select({ kind: organizations.kind, name: organizations.name })
      .from(organizations)
      .where(and(eq(organizations.id, onBehalfOfId), eq(organizations.bodyId, bodyId)));
    if (!f) c.fail('onBehalfOfId', 'Diese Fraktion gibt es in dieser Körperschaft nicht.');
    else if (f.kind !== 'faction') c.fail('onBehalfOfId', `„${f.name}“ ist keine Fraktion.`);
  }
  if (deputyOfPersonId !== null) {
    if (role !== null && !DEPUTY_ROLES.includes(role)) {
      c.fail(
        'deputyOfPersonId',
        'Wen jemand vertritt, gibt es nur bei den Rollen „stellv. Mitglied“ und „stellv. Schriftführung“.',
      );
    } else if (deputyOfPersonId === personId) {
      c.fail('deputyOfPersonId', 'Eine Person kann nicht ihre eigene Stellvertretung sein.');
    } else if (!has(deputyOfPersonId)) {
      c.fail('deputyOfPersonId', 'Diese Person gibt es in dieser Körperschaft nicht.');
    } else if (organization) {
      const [held] = await tx.db
        .select({ id: memberships.id })
        .from(memberships)
        .where(
          and(
            eq(memberships.personId, deputyOfPersonId),
            eq(memberships.organizationId, organization.id),
            sql`${memberships.role} not in ('deputy_member', 'deputy_secretary')`,
          ),
        )
        .limit(1);
      if (!held) c.fail('deputyOfPersonId', 'Die vertretene Person ist kein Mitglied dieses Gremiums.');
    }
  }
  if (c.ok('personId') && c.ok('organizationId') && c.ok('role') && c.ok('startDate') && c.ok('endDate')) {
    const twin = await overlappingMembership(tx, {
      selfId,
      personId: personId as number,
      organizationId: organizationId as number,
      role: role as MembershipRole,
      deputyOfPersonId,
      startDate,
      endDate,
    });
    if (twin) {
      const since = twin.startDate ? ` seit ${german(twin.startDate)}` : '';
      const until = twin.endDate ? ` bis ${german(twin.endDate)}` : '';
      c.fail(
        'personId',
        `Diese Person hat in diesem Zeitraum schon die Rolle „${MEMBERSHIP_ROLES[role as MembershipRole]}“ in diesem Gremium (Mitgliedschaft${since}${until}). Ändern Sie diese Mitgliedschaft oder wählen Sie einen Zeitraum, der sich nicht überschneidet.`,
      );
    }
  }
  c.throwIfAny();
  return {
    personId: personId as number,
    organizationId: organizationId as number,
    role: role as MembershipRole,
    roleLabel,
    votingRight,
    appointedCitizen,
    termId,
    onBehalfOfId,
    deputyOfPersonId,
    startDate,
    endDate,
  };
}

function german(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
}

export async function createMembershipIn(
  ctx: ServiceContext,
  bodyId: number,
  raw: Raw,
  options: WriteOptions = {},
): Promise<MembershipRow> {
  return inTransaction(ctx, async (tx) => {
    const created = await createMembership(tx, await membershipValues(tx, bodyId, raw, options));
    return getMembershipOf(tx.db, bodyId, created.id);
  });
}

export async function updateMembershipIn(
  ctx: ServiceContext,
  bodyId: number,
  id: number,
  version: string,
  raw: Raw,
  options: { partial?: boolean } & WriteOptions = {},
): Promise<MembershipRow> {
  const current = await getMembershipOf(ctx.db, bodyId, id);
  return updateVersioned(ctx, {
    table: memberships,
    entity: 'membership',
    id,
    version,
    label: 'Die Mitgliedschaft',
    bodyId: () => bodyId,
    change: (_before, tx) =>
      membershipValues(tx, bodyId, merged(current as Raw, raw, options.partial ?? false), options, id),
  });
}

// ---------------------------------------------------------------------------------------------------
// Locations and rooms

export type LocationRow = typeof locations.$inferSelect & { version: string };
export type RoomRow = typeof rooms.$inferSelect & { version: string };

export interface LocationListRow {
  id: number;
  name: string;
  streetAddress: string | null;
  postalCode: string | null;
  locality: string | null;
  rooms: number;
}

const locationSorts: Sorts = {
  name: textOrder(locations.name),
  streetAddress: textOrder(locations.streetAddress),
  locality: (dir) => [...textOrder(locations.locality)(dir), ...textOrder(locations.name)(asc)],
};

export function listLocations(db: Executor, bodyId: number, query: ListQuery): Promise<ListResult<LocationListRow>> {
  return paged(query, locationSorts, 'name', locations.id, (search) => {
    const where = and(
      eq(locations.bodyId, bodyId),
      search([locations.name, locations.streetAddress, locations.postalCode, locations.locality]),
    );
    return {
      total: async () => Number((await db.select({ n: count() }).from(locations).where(where))[0]?.n ?? 0),
      rows: (order, limit, offset) =>
        db
          .select({
            id: locations.id,
            name: locations.name,
            streetAddress: locations.streetAddress,
            postalCode: locations.postalCode,
            locality: locations.locality,
            rooms: sql<number>`(select count(*)::int from "rooms" r where r.location_id = "locations"."id")`,
          })
          .from(locations)
          .where(where)
          .orderBy(...order)
          .limit(limit)
          .offset(offset),
    };
  });
}

export async function getLocationOf(db: Executor, bodyId: number, id: number): Promise<LocationRow> {
  const [row] = await db
    .select({ ...getTableColumns(locations), version: versionOf(locations) })
    .from(locations)
    .where(and(eq(locations.id, id), eq(locations.bodyId, bodyId)));
  if (!row) throw notFound('location', 'Den Sitzungsort', id);
  return row;
}

export async function roomsOf(db: Executor, locationId: number): Promise<RoomRow[]> {
  const rows = await db
    .select({ ...getTableColumns(rooms), version: versionOf(rooms) })
    .from(rooms)
    .where(eq(rooms.locationId, locationId));
  return rows.sort((a, b) => a.name.localeCompare(b.name, 'de'));
}

function locationValues(raw: Raw) {
  const c = new Checker(raw);
  const name = c.text('name', { required: 'Bitte geben Sie den Namen an, z. B. „Kreishaus Mettmann“.', max: 200 });
  const streetAddress = c.text('streetAddress', { max: 200 });
  const postalCode = c.text('postalCode', { max: 10 });
  const locality = c.text('locality', { max: 100 });
  if (postalCode && !/^\d{5}$/.test(postalCode)) c.fail('postalCode', 'Eine Postleitzahl hat fünf Ziffern.');
  c.throwIfAny();
  return { name: name as string, streetAddress, postalCode, locality };
}

export async function createLocationIn(ctx: ServiceContext, bodyId: number, raw: Raw): Promise<LocationRow> {
  const values = locationValues(raw);
  return inTransaction(ctx, async (tx) => {
    const created = await createLocation(tx, { ...values, bodyId });
    return getLocationOf(tx.db, bodyId, created.id);
  });
}

export async function updateLocationIn(
  ctx: ServiceContext,
  bodyId: number,
  id: number,
  version: string,
  raw: Raw,
  options: { partial?: boolean } = {},
): Promise<LocationRow> {
  const current = await getLocationOf(ctx.db, bodyId, id);
  return updateVersioned(ctx, {
    table: locations,
    entity: 'location',
    id,
    version,
    label: (row) => `Der Sitzungsort „${row.name}“`,
    bodyId: (row) => row.bodyId,
    change: async () => locationValues(merged(current as Raw, raw, options.partial ?? false)),
  });
}

export async function getRoomOf(db: Executor, bodyId: number, locationId: number, id: number): Promise<RoomRow> {
  const [row] = await db
    .select({ ...getTableColumns(rooms), version: versionOf(rooms) })
    .from(rooms)
    .innerJoin(locations, eq(locations.id, rooms.locationId))
    .where(and(eq(rooms.id, id), eq(rooms.locationId, locationId), eq(locations.bodyId, bodyId)));
  if (!row) throw notFound('room', 'Den Raum', id);
  return row;
}

async function roomValues(tx: ServiceContext, locationId: number, raw: Raw, id?: number) {
  const c = new Checker(raw);
  const name = c.text('name', { required: 'Bitte geben Sie den Namen des Raums an.', max: 100 });
  const description = c.text('description', { max: 500 });
  if (name) {
    const [taken] = await tx.db
      .select({ id: rooms.id })
      .from(rooms)
      .where(
        and(eq(rooms.locationId, locationId), eq(rooms.name, name), id === undefined ? undefined : ne(rooms.id, id)),
      );
    if (taken) c.fail('name', `Den Raum „${name}“ gibt es an diesem Ort schon.`);
  }
  c.throwIfAny();
  return { name: name as string, description };
}

export async function createRoomIn(
  ctx: ServiceContext,
  bodyId: number,
  locationId: number,
  raw: Raw,
): Promise<RoomRow> {
  await getLocationOf(ctx.db, bodyId, locationId);
  return inTransaction(ctx, async (tx) => {
    const created = await createRoom(tx, { ...(await roomValues(tx, locationId, raw)), locationId });
    return getRoomOf(tx.db, bodyId, locationId, created.id);
  });
}

export async function updateRoomIn(
  ctx: ServiceContext,
  bodyId: number,
  locationId: number,
  id: number,
  version: string,
  raw: Raw,
  options: { partial?: boolean } = {},
): Promise<RoomRow> {
  const current = await getRoomOf(ctx.db, bodyId, locationId, id);
  return updateVersioned(ctx, {
    table: rooms,
    entity: 'room',
    id,
    version,
    label: (row) => `Der Raum „${row.name}“`,
    bodyId: () => bodyId,
    change: (before, tx) =>
      roomValues(tx, locationId, merged(current as Raw, raw, options.partial ?? false), before.id),
  });
}

// ---------------------------------------------------------------------------------------------------
// Choices for the forms

export interface Choices {
  organizations: Array<{ id: number; name: string; kind: OrganizationKind }>;
  persons: Array<{ id: number; name: string }>;
  terms: Array<{ id: number; name: string }>;
}

/** The organisations of a body in German order (for filters and selects). */
export function organizationChoices(db: Executor, bodyId: number): Promise<Choices['organizations']> {
  return db
    .select({ id: organizations.id, name: organizations.name, kind: organizations.kind })
    .from(organizations)
    .where(eq(organizations.bodyId, bodyId))
    .orderBy(...keyOrder(organizations.sortKey)(asc), organizations.id);
}

export async function choicesFor(db: Executor, bodyId: number): Promise<Choices> {
  const [orgs, people, terms] = await Promise.all([
    db
      .select({ id: organizations.id, name: organizations.name, kind: organizations.kind })
      .from(organizations)
      .where(eq(organizations.bodyId, bodyId))
      .orderBy(...keyOrder(organizations.sortKey)(asc), organizations.id),
    db
      .select({ id: persons.id, title: persons.title, givenName: persons.givenName, familyName: persons.familyName })
      .from(persons)
      .where(eq(persons.bodyId, bodyId))
      .orderBy(...(personSorts.name?.(asc) ?? []), persons.id),
    db
      .select({ id: legislativeTerms.id, name: legislativeTerms.name })
      .from(legislativeTerms)
      .where(eq(legislativeTerms.bodyId, bodyId))
      .orderBy(sql`${legislativeTerms.startDate} desc`),
  ]);
  return {
    organizations: orgs,
    persons: people.map((p) => ({
      id: p.id,
      name: `${p.familyName}${p.givenName ? `, ${p.givenName}` : ''}${p.title ? ` (${p.title})` : ''}`,
    })),
    terms,
  };
}
