/**
 * Writes of the OParl import. Each object is written with its embedded children in ONE transaction
 * (`withTransaction`); references are resolved beforehand (crawl.ts), so a write reads nothing from the
 * source. Rows are written directly, not through the services: the source's data is taken as it is
 * (the services' rules are for people entering data, e.g. vote counts against attendance), but the
 * database's own constraints hold and every repair is reported. Statements per object are few: the
 * children of a new meeting (agenda items, votes, conflicts, attendance …) are inserted one statement
 * per kind.
 */
import { createHash } from 'node:crypto';
import { and, eq, getTableColumns, inArray, ne, type SQL, sql } from 'drizzle-orm';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from '../db/open.ts';
import {
  addenda,
  agendaItemAttachments,
  agendaItems,
  attendance,
  bodies,
  conflicts,
  consultations,
  files,
  importLinks,
  legislativeTerms,
  locations,
  meetings,
  memberships,
  organizations,
  paperFiles,
  paperNumberCounters,
  papers,
  persons,
  rooms,
  voteBallots,
  voteFactionResults,
  votes,
} from '../db/schema.ts';
import { formatPaperReference, parsePaperReference } from '../domain/paper-reference.ts';
import {
  consultationRole,
  familyName,
  fileNameOf,
  freeSlug,
  jurisdictionOf,
  meetingState,
  membershipRole,
  type OrganizationKind,
  organizationKind,
  voteFromResult,
} from './map.ts';
import { embedded, first, type Json, type NObject, ref, refs, str, text } from './normalize.ts';
import type { Report } from './report.ts';

/** Where defects go: the run's report, or a transaction that tells them only if it commits. */
export type DefectSink = Pick<Report, 'defect'>;

export type LocalTable =
  | 'bodies'
  | 'legislative_terms'
  | 'organizations'
  | 'persons'
  | 'memberships'
  | 'locations'
  | 'rooms'
  | 'meetings'
  | 'agenda_items'
  | 'papers'
  | 'consultations'
  | 'files';

export interface Link {
  table: LocalTable;
  id: number;
  hash: string;
  parent: string | null;
}

/** Bump when the mapping changes: every object is then written again once. */
const MAPPING_VERSION = '1';

export function contentHash(o: unknown): string {
  return createHash('sha256').update(MAPPING_VERSION).update(JSON.stringify(o)).digest('base64url').slice(0, 32);
}

/** File content fetched before the transaction (crawl.ts), by the File's OParl id. */
export interface FileContent {
  content: Uint8Array;
  mimeType?: string | undefined;
}

/** What the writes need from the run: the link table in memory, the body, the report. */
export interface StoreContext {
  sourceBody: string;
  bodyId: number;
  report: Report;
  links: Map<string, Link>;
  /** Children by parent id (agenda items of a meeting …). */
  children: Map<string, Set<string>>;
  /** Kind and office number of the body's organisations, by local id. */
  organizations: Map<number, { kind: OrganizationKind; officeNumber: string | null }>;
  fileContents: Map<string, FileContent>;
  noFiles: boolean;
  /** The body's papers by reference and number, read once (papers.ts allocates numbers per office and year). */
  papers?: PaperIndex;
  /** Rooms → their building (meetings take both). */
  roomLocations: Map<number, number>;
  /** Organisations whose genitive was taken from a meeting name in this run. */
  genitives: Set<number>;
  /** Ids taken from the tables' sequences ahead of their rows (`Tx.insert`), by table name. */
  ids?: Map<string, { free: number[]; block: number }>;
  /**
   * Agenda items not yet imported that a paper's consultation names (papers are read before meetings):
   * by the item's OParl id, the paper and the consultations. The item gets its paper when it is
   * written, and the consultations their item in the same transaction.
   */
  itemsAwaited?: Map<string, { paperId: number; consultationIds: number[]; meeting: string | undefined }>;
}

export interface PaperIndex {
  byReference: Map<string, number>;
  byNumber: Map<string, number>;
  byId: Map<number, { officeId: number; year: number; number: number; reference: string }>;
}

async function paperIndex(tx: Tx): Promise<PaperIndex> {
  if (tx.ctx.papers) return tx.ctx.papers;
  const rows = await tx.db
    .select({
      id: papers.id,
      officeId: papers.officeId,
      year: papers.referenceYear,
      number: papers.referenceNumber,
      reference: papers.reference,
    })
    .from(papers)
    .where(eq(papers.bodyId, tx.ctx.bodyId));
  const index: PaperIndex = { byReference: new Map(), byNumber: new Map(), byId: new Map() };
  for (const r of rows) indexPaper(index, r.id, r);
  tx.ctx.papers = index;
  return index;
}

function indexPaper(
  index: PaperIndex,
  id: number,
  p: { officeId: number; year: number; number: number; reference: string },
) {
  const old = index.byId.get(id);
  if (old) {
    index.byReference.delete(old.reference);
    index.byNumber.delete(`${old.officeId}/${old.year}/${old.number}`);
  }
  index.byId.set(id, p);
  index.byReference.set(p.reference, id);
  index.byNumber.set(`${p.officeId}/${p.year}/${p.number}`, id);
}

export function lookup(tx: Tx, url: string | undefined, ...tables: LocalTable[]): number | undefined {
  const link = tx.get(url);
  if (!link) return undefined;
  return tables.length === 0 || tables.includes(link.table) ? link.id : undefined;
}

/** Tables whose new rows `Tx` collects and writes at the end of the transaction, parents first. */
const QUEUED_TABLES: PgTable[] = [
  organizations,
  persons,
  memberships,
  files,
  papers,
  meetings,
  agendaItems,
  paperFiles,
  consultations,
  votes,
  voteFactionResults,
  voteBallots,
  conflicts,
  addenda,
  agendaItemAttachments,
  attendance,
];

/** The queued tables in an order where every row's foreign keys point to rows written before (or in the same statement). */
export const INSERT_ORDER: PgTable[] = (() => {
  const name = (t: PgTable) => getTableConfig(t).name;
  const byName = new Map(QUEUED_TABLES.map((t) => [name(t), t]));
  const order: PgTable[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (t: PgTable) => {
    const n = name(t);
    if (state.get(n) === 'done') return;
    if (state.get(n) === 'visiting') throw new Error(`Fremdschlüsselkreis bei ${n}`);
    state.set(n, 'visiting');
    for (const fk of getTableConfig(t).foreignKeys) {
      const target = byName.get(name(fk.reference().foreignTable));
      if (target && target !== t) visit(target);
    }
    state.set(n, 'done');
    order.push(t);
  };
  for (const t of QUEUED_TABLES) visit(t);
  return order;
})();

const tableNames = new Map<PgTable, string>();
function tableName(table: PgTable): string {
  let name = tableNames.get(table);
  if (name === undefined) {
    name = getTableConfig(table).name;
    tableNames.set(table, name);
  }
  return name;
}

/** At most this many bound parameters per statement (PostgreSQL's limit is 65,535). */
const MAX_PARAMETERS = 60_000;

type Row = Record<string, unknown>;

/**
 * The text with lone UTF-16 surrogates replaced by U+FFFD, as the driver's UTF-8 encoding does for a
 * normal parameter; JSON.stringify would keep them as `\ud800`, which PostgreSQL's json type refuses.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
export const wellFormed = (text: string) => text.replace(LONE_SURROGATE, '\uFFFD');

const hasBytes = (table: PgTable) => Object.values(getTableColumns(table)).some((c) => c.getSQLType() === 'bytea');

/**
 * Rows of one table in as few statements as possible. Rows with the same columns go together as ONE
 * JSON parameter unpacked by `json_populate_recordset` (building a statement with a parameter per
 * value cost more time in drizzle than the database took to run it); a column a row leaves out gets
 * its default, as in a normal insert, because rows leaving out different columns go in different
 * statements. Tables with binary columns (file contents) use a normal multi-row insert.
 */
async function insertQueued(db: Executor, table: PgTable, rows: Row[], ignoreConflicts: boolean | SQL) {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const key = Object.keys(row)
      .filter((k) => row[k] !== undefined)
      .sort()
      .join(',');
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  const columns = getTableColumns(table);
  for (const [key, group] of groups) {
    const used = key.split(',').map((k) => [k, columns[k]] as const);
    const hasIds = key.split(',').includes('id');
    if (hasBytes(table)) {
      const chunk = Math.max(1, Math.floor(MAX_PARAMETERS / used.length));
      for (let i = 0; i < group.length; i += chunk) {
        const builder = hasIds ? db.insert(table).overridingSystemValue() : db.insert(table);
        // biome-ignore lint/suspicious/noExplicitAny: rows of any queued table
        const statement = builder.values(group.slice(i, i + chunk) as any);
        if (typeof ignoreConflicts !== 'boolean') throw new Error('nur „on conflict do nothing“ mit Binärspalten');
        await (ignoreConflicts ? statement.onConflictDoNothing() : statement);
      }
      continue;
    }
    const json = group.map((row) => {
      const out: Row = {};
      for (const [k, column] of used) {
        if (!column) throw new Error(`${tableName(table)} hat keine Spalte ${k}`);
        const value = row[k];
        const driver =
          value === null || column.getSQLType().startsWith('json')
            ? value
            : value instanceof Date
              ? value.toISOString()
              : column.mapToDriverValue(value);
        out[column.name] = typeof driver === 'string' ? wellFormed(driver) : driver;
      }
      return out;
    });
    const list = sql.raw(used.map(([, c]) => `"${c?.name}"`).join(', '));
    const onConflict =
      typeof ignoreConflicts === 'boolean'
        ? sql.raw(ignoreConflicts ? ' on conflict do nothing' : '')
        : ignoreConflicts;
    await db.execute(
      sql`insert into ${table} (${list}) ${sql.raw(hasIds ? 'overriding system value ' : '')}select ${list} from json_populate_recordset(null::${table}, ${JSON.stringify(json)}::json)${onConflict}`,
    );
  }
}

/**
 * One transaction's writes, for one object or for a page of objects. New rows of the QUEUED_TABLES get
 * their ids from the table's sequence right away and are written at the end (`flush`), one statement per
 * table, so a page of 100 papers costs a handful of statements instead of several hundred. Updates and
 * deletions of existing rows run at once. The links it sets are applied to the cache only after commit.
 */
export class Tx {
  private readonly pending = new Map<string, Link & { modified: string | null }>();
  private readonly removed = new Set<string>();
  private readonly callbacks: (() => void)[] = [];
  /** Defects found while writing, told to the report when the transaction commits. */
  private readonly defects: Parameters<Report['defect']>[] = [];
  private readonly queue = new Map<PgTable, { rows: Row[]; ignoreConflicts: boolean }>();
  /** Agenda items a paper is treated under (item id → paper id), written after the new rows. */
  private readonly itemPapers = new Map<number, number>();
  /** Consultations whose agenda item is new in this transaction (consultation id → item id). */
  private readonly consultationItems = new Map<number, number>();
  /** Statements that need the new rows in place (an existing row pointing to a new one). */
  private readonly afterInserts: (() => Promise<unknown>)[] = [];
  /** Paper number counters to raise, by office and year. */
  private readonly numbers = new Map<string, { officeId: number; year: number; lastNumber: number }>();
  readonly written: Record<string, number> = {};
  /** Organisations whose genitive this transaction has set (once per page, not per meeting). */
  readonly genitives = new Set<number>();

  /** Runs `fn` when the transaction has committed (caches that must not learn rolled-back rows). */
  afterCommit(fn: () => void) {
    this.callbacks.push(fn);
  }

  constructor(
    readonly db: Executor,
    readonly ctx: StoreContext,
  ) {}

  defect(...args: Parameters<Report['defect']>) {
    this.defects.push(args);
  }

  count(kind: string) {
    this.written[kind] = (this.written[kind] ?? 0) + 1;
  }

  link(source: string, table: LocalTable, id: number, hash: string, parent: string | null, modified?: unknown) {
    this.removed.delete(source);
    this.pending.set(source, { table, id, hash, parent, modified: typeof modified === 'string' ? modified : null });
  }

  unlink(source: string) {
    this.pending.delete(source);
    this.removed.add(source);
  }

  /** The link as this transaction sees it. */
  get(source: string | undefined): Link | undefined {
    if (!source) return undefined;
    if (this.removed.has(source)) return undefined;
    return this.pending.get(source) ?? this.ctx.links.get(source);
  }

  /** `n` new ids of a table, from its sequence (taken in blocks; an id of a rolled-back row is never reused). */
  async newIds(table: PgTable, n: number): Promise<number[]> {
    const name = tableName(table);
    this.ctx.ids ??= new Map();
    const pool = this.ctx.ids.get(name) ?? { free: [], block: 16 };
    this.ctx.ids.set(name, pool);
    if (pool.free.length < n) {
      const take = Math.max(n - pool.free.length, pool.block);
      pool.block = Math.min(pool.block * 2, 1024);
      const result = await this.db.execute(
        sql`select nextval(pg_get_serial_sequence(${name}, 'id'))::integer as id from generate_series(1, ${take})`,
      );
      for (const r of (result as unknown as { rows: { id: number }[] }).rows) pool.free.push(Number(r.id));
    }
    return pool.free.splice(0, n);
  }

  /** A new row with an id: queued, written by `flush`. */
  async insert(table: PgTable, values: Row): Promise<number> {
    const [id] = await this.insertRows(table, [values]);
    return id as number;
  }

  /** New rows with ids, in order: queued, written by `flush`. */
  async insertRows(table: PgTable, rows: Row[]): Promise<number[]> {
    if (!rows.length) return [];
    const ids = await this.newIds(table, rows.length);
    this.enqueue(
      table,
      rows.map((r, i) => ({ ...r, id: ids[i] })),
    );
    return ids;
  }

  /** New rows without an id of their own (link tables): queued, written by `flush`. */
  enqueue(table: PgTable, rows: Row[], ignoreConflicts = false) {
    if (!rows.length) return;
    if (!INSERT_ORDER.includes(table)) throw new Error(`${tableName(table)} wird nicht gesammelt geschrieben`);
    const entry = this.queue.get(table) ?? { rows: [], ignoreConflicts };
    entry.rows.push(...rows);
    this.queue.set(table, entry);
  }

  /** A paper number taken from the source: the office's counter for the year is raised to it (in `flush`). */
  numberTaken(officeId: number, year: number, number: number) {
    const key = `${officeId}/${year}`;
    const known = this.numbers.get(key);
    if (!known || known.lastNumber < number) this.numbers.set(key, { officeId, year, lastNumber: number });
  }

  /** The counters raised by `numberTaken`, one statement. */
  async flushNumbers() {
    if (!this.numbers.size) return;
    const rows = [...this.numbers.values()];
    this.numbers.clear();
    await this.db
      .insert(paperNumberCounters)
      .values(rows)
      .onConflictDoUpdate({
        target: [paperNumberCounters.officeId, paperNumberCounters.year],
        set: { lastNumber: sql`greatest(${paperNumberCounters.lastNumber}, excluded.last_number)` },
      });
  }

  /** Runs `statement` in `flush`, after the new rows are written. */
  later(statement: () => Promise<unknown>) {
    this.afterInserts.push(statement);
  }

  /** The agenda items a paper is treated under (`agenda_items.paper_id`), set at the end. */
  treatedUnder(paperId: number, itemIds: number[]) {
    for (const item of itemIds) this.itemPapers.set(item, paperId);
  }

  /** A consultation of an earlier transaction is held at this (new) agenda item. */
  heldAt(consultationIds: number[], itemId: number) {
    for (const c of consultationIds) this.consultationItems.set(c, itemId);
  }

  async flush() {
    await this.flushNumbers();
    for (const table of INSERT_ORDER) {
      const entry = this.queue.get(table);
      if (!entry) continue;
      await insertQueued(this.db, table, entry.rows, entry.ignoreConflicts);
    }
    this.queue.clear();
    for (const statement of this.afterInserts.splice(0)) await statement();
    if (this.itemPapers.size) {
      const pairs = JSON.stringify([...this.itemPapers].map(([item, paper]) => ({ item, paper })));
      await this.db.execute(
        sql`update agenda_items as a set paper_id = v.paper from json_to_recordset(${pairs}::json) as v(item integer, paper integer)
            where a.id = v.item and a.paper_id is distinct from v.paper`,
      );
      this.itemPapers.clear();
    }
    if (this.consultationItems.size) {
      const pairs = JSON.stringify([...this.consultationItems].map(([consultation, item]) => ({ consultation, item })));
      await this.db.execute(
        sql`update consultations as c set agenda_item_id = v.item
            from json_to_recordset(${pairs}::json) as v(consultation integer, item integer)
            where c.id = v.consultation and c.agenda_item_id is distinct from v.item`,
      );
      this.consultationItems.clear();
    }
    const { sourceBody } = this.ctx;
    if (this.removed.size) {
      await this.db
        .delete(importLinks)
        .where(and(eq(importLinks.sourceBody, sourceBody), inArray(importLinks.source, [...this.removed])));
    }
    if (this.pending.size) {
      const values = [...this.pending].map(([source, l]) => ({
        sourceBody,
        source,
        localTable: l.table,
        localId: l.id,
        parent: l.parent,
        hash: l.hash,
        sourceModified: l.modified,
      }));
      await insertQueued(
        this.db,
        importLinks,
        values,
        sql` on conflict (source_body, source) do update set local_table = excluded.local_table,
          local_id = excluded.local_id, parent = excluded.parent, hash = excluded.hash,
          source_modified = excluded.source_modified, modified_at = now()`,
      );
    }
  }

  /** After commit: the cache learns what was written. */
  commit() {
    for (const args of this.defects) this.ctx.report.defect(...args);
    for (const fn of this.callbacks) fn();
    const { links, children } = this.ctx;
    for (const source of this.removed) {
      const old = links.get(source);
      if (old?.parent) children.get(old.parent)?.delete(source);
      links.delete(source);
    }
    for (const [source, l] of this.pending) {
      const old = links.get(source);
      if (old?.parent && old.parent !== l.parent) children.get(old.parent)?.delete(source);
      links.set(source, { table: l.table, id: l.id, hash: l.hash, parent: l.parent });
      if (l.parent) {
        const set = children.get(l.parent) ?? new Set<string>();
        set.add(source);
        children.set(l.parent, set);
      }
    }
  }
}

/** Runs `fn` in one transaction; the link cache changes only when it commits. */
export async function withTransaction<T>(
  db: Executor,
  ctx: StoreContext,
  fn: (tx: Tx) => Promise<T>,
): Promise<{ result: T; written: Record<string, number> }> {
  let txRef: Tx | undefined;
  const result = await db.transaction(async (t) => {
    // The commit need not wait for the disk: a crash loses at most the last moments' pages, together
    // with their import links (same transaction), and the next run reads them again.
    await t.execute(sql`set local synchronous_commit = off`);
    const tx = new Tx(t as unknown as Executor, ctx);
    txRef = tx;
    const value = await fn(tx);
    await tx.flush();
    return value;
  });
  txRef?.commit();
  return { result, written: txRef?.written ?? {} };
}

// ---------------------------------------------------------------------------------------------- helpers

const dateOf = (o: Json, key: string) => str(o, key);
const createdOf = (o: Json): Date | undefined => {
  const c = str(o, 'created');
  if (!c) return undefined;
  const d = new Date(c);
  return Number.isNaN(d.getTime()) ? undefined : d;
};
/**
 * Creation time on insert: the source's, where it has one, else now. Always set, so that the queued rows
 * of a table have the same columns and go in one statement (a sub-item in a statement before its
 * parent's would break the foreign key).
 */
const created = (o: Json) => ({ createdAt: createdOf(o) ?? new Date() });

function datesInOrder(report: DefectSink, id: string, start: string | undefined, end: string | undefined) {
  if (start && end && end < start) {
    report.defect(id, 'end_before_start', `Ende ${end} liegt vor dem Beginn ${start}`, 'Ende ignoriert');
    return { startDate: start, endDate: null };
  }
  return { startDate: start ?? null, endDate: end ?? null };
}

async function insertOne<T extends { id: number }>(q: Promise<T[]>): Promise<number> {
  const [row] = await q;
  if (!row) throw new Error('Einfügen ohne Ergebnis');
  return row.id;
}

// ---------------------------------------------------------------------------------------------- body

export async function writeBody(tx: Tx, o: NObject, hash: string, slugWish: string | undefined): Promise<number> {
  const report = tx;
  let name = str(o, 'name');
  if (!name) {
    name = str(o, 'shortName') ?? new URL(o.id).hostname;
    report.defect(o.id, 'name_missing', 'Körperschaft ohne Namen', `„${name}“ verwendet`);
  }
  const values = {
    name,
    shortName: str(o, 'shortName') ?? null,
    jurisdiction: jurisdictionOf(o),
    website: str(o, 'website') ?? null,
  };
  const existing = tx.get(o.id);
  let id: number;
  if (existing) {
    id = existing.id;
    await tx.db.update(bodies).set(values).where(eq(bodies.id, id));
  } else {
    const taken = new Set((await tx.db.select({ slug: bodies.slug }).from(bodies)).map((b) => b.slug));
    const slug = freeSlug(slugWish ?? name, (s) => taken.has(s));
    if (slugWish && slug !== slugWish) {
      report.defect(o.id, 'slug_taken', `Kurzname „${slugWish}“ ist vergeben oder reserviert`, `„${slug}“ verwendet`);
    }
    id = await insertOne(
      tx.db
        .insert(bodies)
        .values({ ...values, slug, ...created(o) })
        .returning({ id: bodies.id }),
    );
  }
  tx.link(o.id, 'bodies', id, hash, null, o.modified);
  tx.count('bodies');
  return id;
}

// ---------------------------------------------------------------------------------------------- terms

export async function writeTerm(tx: Tx, o: NObject, hash: string, parent: string | null): Promise<number | undefined> {
  const { bodyId } = tx.ctx;
  const report = tx;
  const name = str(o, 'name') ?? (o.startDate ? `Wahlperiode ab ${o.startDate}` : undefined);
  const start = dateOf(o, 'startDate');
  if (!name || !start) {
    report.defect(o.id, 'term_incomplete', 'Wahlperiode ohne Namen oder Beginn', 'übersprungen');
    return undefined;
  }
  if (!str(o, 'name')) report.defect(o.id, 'name_missing', 'Wahlperiode ohne Namen', `„${name}“ verwendet`);
  const dates = datesInOrder(report, o.id, start, dateOf(o, 'endDate'));
  const values = { bodyId, name, startDate: start, endDate: dates.endDate };
  const existing = tx.get(o.id);
  let id: number;
  if (existing) {
    id = existing.id;
    await tx.db.update(legislativeTerms).set(values).where(eq(legislativeTerms.id, id));
  } else {
    const [same] = await tx.db
      .select({ id: legislativeTerms.id })
      .from(legislativeTerms)
      .where(and(eq(legislativeTerms.bodyId, bodyId), eq(legislativeTerms.name, name)));
    if (same) {
      id = same.id;
      await tx.db.update(legislativeTerms).set(values).where(eq(legislativeTerms.id, id));
    } else {
      id = await insertOne(
        tx.db
          .insert(legislativeTerms)
          .values({ ...values, ...created(o) })
          .returning({ id: legislativeTerms.id }),
      );
    }
  }
  tx.link(o.id, 'legislative_terms', id, hash, parent, o.modified);
  tx.count('legislative_terms');
  return id;
}

// ---------------------------------------------------------------------------------------------- organizations

export async function writeOrganization(tx: Tx, o: NObject, hash: string): Promise<number | undefined> {
  const { bodyId } = tx.ctx;
  const report = tx;
  let name = str(o, 'name');
  if (!name) {
    name = str(o, 'shortName');
    if (!name) {
      report.defect(o.id, 'name_missing', 'Organisation ohne Namen', 'übersprungen');
      return undefined;
    }
    report.defect(o.id, 'name_missing', 'Organisation ohne Namen', `Kurzname „${name}“ verwendet`);
  }
  const kind = organizationKind(o, report);
  const existing = tx.get(o.id);
  let officeNumber = str(o, 'ratsinfo:officeNumber') ?? null;
  if (officeNumber) {
    for (const [id, info] of tx.ctx.organizations) {
      if (info.officeNumber === officeNumber && id !== existing?.id) {
        report.defect(o.id, 'office_number_taken', `Amtsnummer ${officeNumber} doppelt`, 'ignoriert');
        officeNumber = null;
        break;
      }
    }
  }
  const parentSource = ref(o.subOrganizationOf);
  let parentId = parentSource && parentSource !== o.id ? (tx.get(parentSource)?.id ?? null) : null;
  if (parentSource && parentSource !== o.id && tx.get(parentSource)?.table !== 'organizations') parentId = null;
  const dates = datesInOrder(report, o.id, dateOf(o, 'startDate'), dateOf(o, 'endDate'));
  const statutory = o['ratsinfo:statutoryMembers'];
  const values = {
    bodyId,
    kind,
    name,
    shortName: str(o, 'shortName') ?? null,
    officeNumber,
    parentId,
    committeeClass: str(o, 'ratsinfo:committeeClass') ?? null,
    statutoryMembers: typeof statutory === 'number' && Number.isInteger(statutory) && statutory > 0 ? statutory : null,
    ...dates,
    website: str(o, 'website') ?? null,
  };
  let id: number;
  if (existing) {
    id = existing.id;
    // After the new rows: its parent may be a new organisation of the same page.
    tx.later(() => tx.db.update(organizations).set(values).where(eq(organizations.id, id)));
  } else {
    id = await tx.insert(organizations, { ...values, ...created(o) });
  }
  tx.ctx.organizations.set(id, { kind, officeNumber });
  tx.link(o.id, 'organizations', id, hash, null, o.modified);
  tx.count('organizations');
  return id;
}

// ---------------------------------------------------------------------------------------------- persons

export async function writePerson(tx: Tx, o: NObject, hash: string): Promise<number | undefined> {
  const { bodyId } = tx.ctx;
  const report = tx;
  const family = familyName(o, report);
  if (!family) {
    report.defect(o.id, 'name_missing', 'Person ohne Namen', 'übersprungen');
    return undefined;
  }
  const title = Array.isArray(o.title)
    ? (o.title as unknown[]).filter((t) => typeof t === 'string').join(' ')
    : str(o, 'title');
  const values = {
    bodyId,
    formOfAddress: str(o, 'formOfAddress') ?? null,
    title: title || null,
    givenName: str(o, 'givenName') ?? null,
    familyName: family,
    officeTitle: first(o, 'status') ?? null,
    gender: str(o, 'gender') ?? null,
    email: first(o, 'email') ?? null,
    phone: first(o, 'phone') ?? null,
  };
  const existing = tx.get(o.id);
  let id: number;
  if (existing) {
    id = existing.id;
    await tx.db.update(persons).set(values).where(eq(persons.id, id));
  } else {
    id = await tx.insert(persons, { ...values, ...created(o) });
  }
  tx.link(o.id, 'persons', id, hash, null, o.modified);
  tx.count('persons');
  const list = embedded(o, 'membership');
  const keep = new Set<string>();
  const fresh: { m: NObject; hash: string; values: typeof memberships.$inferInsert }[] = [];
  for (const m of list) {
    if (m.deleted) continue;
    keep.add(m.id);
    const hash = contentHash(m);
    const link = tx.get(m.id);
    if (link) {
      await writeMembership(tx, m, id, o.id);
      continue;
    }
    const values = membershipValues(tx, m, id);
    if (values) fresh.push({ m, hash, values: { ...values, ...created(m) } });
  }
  // New memberships of a person: one statement.
  if (fresh.length) {
    const ids = await tx.insertRows(
      memberships,
      fresh.map((f) => f.values),
    );
    fresh.forEach((f, i) => {
      tx.link(f.m.id, 'memberships', ids[i] as number, f.hash, o.id, f.m.modified);
      tx.count('memberships');
    });
  }
  if (Array.isArray(o.membership)) await deleteStaleChildren(tx, o.id, keep, ['memberships']);
  return id;
}

/** The row of a membership, or undefined (reported) when its organisation is unknown. */
function membershipValues(tx: Tx, m: NObject, personId: number) {
  const report = tx;
  const organizationId = lookup(tx, ref(m.organization), 'organizations');
  if (organizationId === undefined) {
    report.defect(
      m.id,
      'reference_missing',
      `Gremium ${ref(m.organization) ?? '(keins)'} nicht gefunden`,
      'Mitgliedschaft übersprungen',
    );
    return undefined;
  }
  const { role, label } = membershipRole(m);
  let onBehalfOfId = lookup(tx, ref(m.onBehalfOf), 'organizations') ?? null;
  if (onBehalfOfId != null && tx.ctx.organizations.get(onBehalfOfId)?.kind !== 'faction') {
    report.defect(m.id, 'on_behalf_of_not_faction', `onBehalfOf ${ref(m.onBehalfOf)} ist keine Fraktion`, 'ignoriert');
    onBehalfOfId = null;
  }
  let deputyOfPersonId = lookup(tx, ref(m['ratsinfo:deputyOf']), 'persons') ?? null;
  if (deputyOfPersonId === personId) deputyOfPersonId = null;
  const dates = datesInOrder(report, m.id, dateOf(m, 'startDate'), dateOf(m, 'endDate'));
  const voting = m.votingRight;
  return {
    personId,
    organizationId,
    termId: lookup(tx, ref(m['ratsinfo:legislativeTerm']), 'legislative_terms') ?? null,
    role,
    roleLabel: label,
    votingRight: typeof voting === 'boolean' ? voting : ['chair', 'vice_chair', 'member'].includes(role),
    appointedCitizen: m['ratsinfo:appointedCitizen'] === true,
    onBehalfOfId,
    deputyOfPersonId,
    ...dates,
  };
}

export async function writeMembership(tx: Tx, m: NObject, personId: number, parent: string | null) {
  const hash = contentHash(m);
  const existing = tx.get(m.id);
  if (existing && existing.hash === hash && existing.id) return existing.id;
  const values = membershipValues(tx, m, personId);
  if (!values) return undefined;
  let id: number;
  if (existing) {
    id = existing.id;
    // After the new rows: the person it deputises for may be new on the same page.
    tx.later(() => tx.db.update(memberships).set(values).where(eq(memberships.id, id)));
  } else {
    id = await tx.insert(memberships, { ...values, ...created(m) });
  }
  tx.link(m.id, 'memberships', id, hash, parent, m.modified);
  tx.count('memberships');
  return id;
}

// ---------------------------------------------------------------------------------------------- locations

/** Location → a building (locations) or, with `room`, a room in a building found by its address. */
export async function writeLocation(tx: Tx, o: NObject, hash: string, parent: string | null) {
  const { bodyId } = tx.ctx;
  const report = tx;
  const description = str(o, 'description');
  const roomText = str(o, 'room');
  const street = str(o, 'streetAddress') ?? null;
  const postalCode = str(o, 'postalCode') ?? null;
  const locality = str(o, 'locality') ?? null;
  let name = description?.split(',')[0]?.trim();
  if (roomText && name === roomText) name = undefined;
  if (!name) {
    name = street ?? locality ?? roomText;
    if (!name) {
      report.defect(o.id, 'name_missing', 'Ort ohne Beschreibung und Adresse', 'übersprungen');
      return undefined;
    }
  }
  const geometry = (o.geojson as Json | undefined) ?? null;
  const building = { bodyId, name, streetAddress: street, postalCode, locality, geometry };
  const existing = tx.get(o.id);
  const findBuilding = async () => {
    const [same] = await tx.db
      .select({ id: locations.id })
      .from(locations)
      .where(
        and(
          eq(locations.bodyId, bodyId),
          eq(locations.name, name as string),
          sql`${locations.streetAddress} is not distinct from ${street}`,
          sql`${locations.postalCode} is not distinct from ${postalCode}`,
          sql`${locations.locality} is not distinct from ${locality}`,
        ),
      )
      .limit(1);
    return same?.id;
  };
  if (!roomText) {
    let id: number;
    if (existing?.table === 'locations') {
      id = existing.id;
      await tx.db.update(locations).set(building).where(eq(locations.id, id));
    } else {
      const same = await findBuilding();
      if (same !== undefined) {
        id = same;
        if (geometry) await tx.db.update(locations).set({ geometry }).where(eq(locations.id, id));
      } else {
        id = await insertOne(
          tx.db
            .insert(locations)
            .values({ ...building, ...created(o) })
            .returning({ id: locations.id }),
        );
      }
    }
    tx.link(o.id, 'locations', id, hash, parent, o.modified);
    tx.count('locations');
    return { table: 'locations' as const, id };
  }
  // A room: "großer Sitzungssaal (2. OG)" → name and description.
  const m = /^(.*?)\s*\(([^()]*)\)$/.exec(roomText);
  const roomName = (m?.[1] || roomText).trim();
  const roomDescription = m?.[2]?.trim() || null;
  let locationId =
    existing?.table === 'rooms'
      ? (await tx.db.select({ l: rooms.locationId }).from(rooms).where(eq(rooms.id, existing.id)))[0]?.l
      : undefined;
  if (locationId === undefined) {
    locationId =
      (await findBuilding()) ??
      (await insertOne(tx.db.insert(locations).values(building).returning({ id: locations.id })));
  }
  let id: number;
  if (existing?.table === 'rooms') {
    id = existing.id;
    await tx.db.update(rooms).set({ name: roomName, description: roomDescription }).where(eq(rooms.id, id));
  } else {
    const [same] = await tx.db
      .select({ id: rooms.id })
      .from(rooms)
      .where(and(eq(rooms.locationId, locationId), eq(rooms.name, roomName)));
    id =
      same?.id ??
      (await insertOne(
        tx.db
          .insert(rooms)
          .values({ locationId, name: roomName, description: roomDescription, ...created(o) })
          .returning({ id: rooms.id }),
      ));
  }
  tx.link(o.id, 'rooms', id, hash, parent, o.modified);
  tx.count('rooms');
  return { table: 'rooms' as const, id, locationId };
}

// ---------------------------------------------------------------------------------------------- files

/** Stores a File (metadata and, unless --no-files, the content fetched before). */
export async function writeFile(tx: Tx, f: NObject, parent: string): Promise<number> {
  const hash = contentHash(f);
  const existing = tx.get(f.id);
  if (existing?.table === 'files' && existing.hash === hash) return existing.id;
  const fetched = tx.ctx.fileContents.get(f.id);
  const content = fetched?.content ?? new Uint8Array(0);
  const declaredSize = typeof f.size === 'number' && f.size >= 0 ? f.size : 0;
  const sha256 = fetched
    ? createHash('sha256').update(content).digest('hex')
    : (str(f, 'ratsinfo:sha256Checksum') ?? '');
  const values = {
    bodyId: tx.ctx.bodyId,
    name: str(f, 'name') ?? fileNameOf(f),
    fileName: fileNameOf(f),
    mimeType: str(f, 'mimeType') ?? fetched?.mimeType ?? 'application/octet-stream',
    size: fetched ? content.byteLength : declaredSize,
    sha256,
    content,
    text: text(f, 'text') ?? null,
  };
  let id: number;
  if (existing?.table === 'files') {
    id = existing.id;
    await tx.db.update(files).set(values).where(eq(files.id, id));
  } else {
    id = await tx.insert(files, { ...values, ...created(f) });
  }
  tx.link(f.id, 'files', id, hash, parent, f.modified);
  tx.count('files');
  return id;
}

// ---------------------------------------------------------------------------------------------- meetings

const ATTENDANCE_ROLES = ['chair', 'member', 'substitute', 'advisory_member', 'administration', 'guest'] as const;
const ATTENDANCE_STATUS = ['present', 'excused', 'absent'] as const;
const TIME = /^\d{2}:\d{2}(:\d{2})?$/;

/** True when the object comes from Ratsinfo's own API (its generated documents are made again here). */
export const fromRatsinfo = (o: Json) => Object.keys(o).some((k) => k.startsWith('ratsinfo:'));

/** Positions 1..n from `order` (0-based by the spec; 1-based servers reported), else the list order. */
export function agendaPositions(report: DefectSink, meetingId: string, items: NObject[]): number[] {
  const orders = items.map((i) => (typeof i.order === 'number' && Number.isInteger(i.order) ? i.order : undefined));
  const known = orders.filter((o): o is number => o !== undefined);
  if (items.length === 0) return [];
  if (known.length !== items.length || new Set(known).size !== known.length) {
    report.defect(
      meetingId,
      'order_invalid',
      known.length !== items.length ? 'TOPs ohne order' : 'TOPs mit gleicher order',
      'Reihenfolge der Liste übernommen',
    );
    return items.map((_, i) => i + 1);
  }
  const min = Math.min(...known);
  if (min === 1) {
    report.defect(meetingId, 'order_from_one', 'order beginnt bei 1', 'übernommen');
  } else if (min !== 0) {
    report.defect(meetingId, 'order_invalid', `order beginnt bei ${min}`, 'Reihenfolge übernommen');
  }
  const sorted = [...known].sort((a, b) => a - b);
  return orders.map((o) => sorted.indexOf(o as number) + 1);
}

interface VoteJson {
  method?: unknown;
  subject?: unknown;
  yes?: unknown;
  no?: unknown;
  abstain?: unknown;
  unanimous?: unknown;
  outcome?: unknown;
  byFaction?: { organization?: unknown; yes?: unknown; no?: unknown; abstain?: unknown }[];
  ballots?: { person?: unknown; choice?: unknown }[];
}

const count = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null);

export async function writeMeeting(tx: Tx, o: NObject, hash: string): Promise<number | undefined> {
  const { bodyId } = tx.ctx;
  const report = tx;
  const orgRefs = refs(o, 'organization');
  const orgIds = orgRefs.map((r) => lookup(tx, r, 'organizations')).filter((x): x is number => x !== undefined);
  const organizationId = orgIds[0];
  if (organizationId === undefined) {
    report.defect(o.id, 'organization_missing', 'Sitzung ohne auffindbares Gremium', 'übersprungen');
    return undefined;
  }
  if (orgIds.length > 1) {
    report.defect(
      o.id,
      'several_organizations',
      `Sitzung mehrerer Gremien (${orgRefs.length})`,
      'dem ersten zugeordnet',
    );
  }
  const startText = str(o, 'start');
  if (!startText) {
    report.defect(o.id, 'start_missing', 'Sitzung ohne gültigen Beginn', 'übersprungen');
    return undefined;
  }
  const startAt = new Date(startText);
  let endAt = str(o, 'end') ? new Date(str(o, 'end') as string) : null;
  if (endAt && endAt < startAt) {
    report.defect(o.id, 'end_before_start', 'Sitzungsende vor dem Beginn', 'Ende ignoriert');
    endAt = null;
  }
  const items = embedded(o, 'agendaItem').filter((i) => !i.deleted);
  const locationRef = ref(o.location);
  const loc = tx.get(locationRef);
  let locationId: number | null = null;
  let roomId: number | null = null;
  if (loc?.table === 'locations') locationId = loc.id;
  else if (loc?.table === 'rooms') {
    roomId = loc.id;
    locationId =
      tx.ctx.roomLocations.get(loc.id) ??
      (await tx.db.select({ l: rooms.locationId }).from(rooms).where(eq(rooms.id, loc.id)))[0]?.l ??
      null;
    if (locationId != null) tx.ctx.roomLocations.set(loc.id, locationId);
  }
  const state = meetingState(o, startAt.getTime(), items.length > 0);
  // Another system's finished minutes are its published minutes (migration 0017): published here too, from
  // the first import that sees them finished.
  const modified = new Date(str(o, 'modified') ?? Number.NaN);
  const publishedAt = state === 'minutes_signed' ? (Number.isNaN(modified.getTime()) ? new Date() : modified) : null;
  const values = {
    bodyId,
    organizationId,
    state,
    cancelled: o.cancelled === true,
    startAt,
    endAt,
    locationId,
    roomId,
    invitationSentOn: str(o, 'ratsinfo:invitationSentOn') ?? null,
    supplementSentOn: str(o, 'ratsinfo:supplementSentOn') ?? null,
    minutesDate: str(o, 'ratsinfo:minutesDate') ?? null,
  };
  const existing = tx.get(o.id);
  let id: number;
  if (existing) {
    id = existing.id;
    await tx.db
      .update(meetings)
      .set({
        ...values,
        minutesPublishedAt: publishedAt ? sql`coalesce(${meetings.minutesPublishedAt}, ${publishedAt})` : null,
        version: sql`${meetings.version} + 1`,
      })
      .where(eq(meetings.id, id));
  } else {
    id = await tx.insert(meetings, { ...values, minutesPublishedAt: publishedAt, ...created(o) });
  }
  tx.link(o.id, 'meetings', id, hash, null, o.modified);
  tx.count('meetings');

  // The genitive of the committee, which Ratsinfo's meeting names carry ("Sitzung des Ausschusses …").
  const name = str(o, 'name');
  if (
    fromRatsinfo(o) &&
    name?.startsWith('Sitzung ') &&
    !tx.ctx.genitives.has(organizationId) &&
    !tx.genitives.has(organizationId)
  ) {
    tx.genitives.add(organizationId);
    tx.afterCommit(() => tx.ctx.genitives.add(organizationId));
    const genitive = name.slice('Sitzung '.length);
    await tx.db
      .update(organizations)
      .set({ nameGenitive: genitive })
      .where(
        and(
          eq(organizations.id, organizationId),
          sql`${organizations.nameGenitive} is null`,
          ne(organizations.name, genitive),
        ),
      );
  }

  await writeAttendance(tx, o, id, existing !== undefined);
  await writeAgenda(tx, o, id, items, existing !== undefined);

  // Documents: Ratsinfo makes its own; another system's are kept as files of the meeting.
  const docs = fromRatsinfo(o)
    ? []
    : [
        ...embedded(o, 'invitation'),
        ...embedded(o, 'resultsProtocol'),
        ...embedded(o, 'verbatimProtocol'),
        ...embedded(o, 'auxiliaryFile'),
      ];
  const keep = new Set<string>(items.map((i) => i.id));
  for (const f of docs) {
    keep.add(f.id);
    await writeFile(tx, f, o.id);
  }
  for (const i of items) for (const f of itemFiles(i)) keep.add(f.id);
  if (existing) await deleteStaleChildren(tx, o.id, keep, ['agenda_items', 'files']);
  return id;
}

function itemFiles(i: NObject): NObject[] {
  const list = embedded(i, 'auxiliaryFile');
  if (!fromRatsinfo(i)) list.push(...embedded(i, 'resolutionFile'));
  return list;
}

async function writeAttendance(tx: Tx, o: NObject, meetingId: number, replace: boolean) {
  const report = tx;
  if (replace) await tx.db.delete(attendance).where(eq(attendance.meetingId, meetingId));
  const rows: (typeof attendance.$inferInsert)[] = [];
  const seen = new Set<number>();
  const vendor = o['ratsinfo:attendance'];
  if (Array.isArray(vendor)) {
    for (const a of vendor as Json[]) {
      const personId = lookup(tx, ref(a.person), 'persons');
      if (personId === undefined || seen.has(personId)) continue;
      seen.add(personId);
      const role = (ATTENDANCE_ROLES as readonly unknown[]).includes(a.role)
        ? (a.role as (typeof ATTENDANCE_ROLES)[number])
        : 'member';
      const status = (ATTENDANCE_STATUS as readonly unknown[]).includes(a.status)
        ? (a.status as (typeof ATTENDANCE_STATUS)[number])
        : 'present';
      let substitute = lookup(tx, ref(a.substituteFor), 'persons') ?? null;
      if (substitute === personId) substitute = null;
      const arrived = typeof a.arrivedAt === 'string' && TIME.test(a.arrivedAt) ? a.arrivedAt : null;
      let left = typeof a.leftAt === 'string' && TIME.test(a.leftAt) ? a.leftAt : null;
      if (arrived && left && left < arrived) left = null;
      rows.push({
        meetingId,
        personId,
        role,
        status,
        votingRight: a.votingRight === true,
        substituteForPersonId: substitute,
        arrivedAt: arrived,
        leftAt: left,
        position: rows.length + 1,
      });
    }
  } else {
    for (const p of refs(o, 'participant')) {
      const personId = lookup(tx, p, 'persons');
      if (personId === undefined) {
        report.defect(o.id, 'reference_missing', `Teilnehmer ${p} nicht gefunden`, 'ignoriert');
        continue;
      }
      if (seen.has(personId)) continue;
      seen.add(personId);
      rows.push({
        meetingId,
        personId,
        role: 'member',
        status: 'present',
        votingRight: true,
        position: rows.length + 1,
      });
    }
  }
  tx.enqueue(attendance, rows);
}

interface ItemPlan {
  o: NObject;
  hash: string;
  id?: number;
  changed: boolean;
  values: Omit<typeof agendaItems.$inferInsert, 'meetingId'>;
}

async function writeAgenda(tx: Tx, meeting: NObject, meetingId: number, items: NObject[], existingMeeting: boolean) {
  const report = tx;
  const positions = agendaPositions(report, meeting.id, items);
  const numbers = new Set<string>();
  const plans: ItemPlan[] = items.map((o, index) => {
    const position = positions[index] as number;
    let number = str(o, 'number');
    if (!number) {
      number = String(position);
      report.defect(o.id, 'number_missing', 'TOP ohne Nummer', `Position ${number} als Nummer verwendet`);
    }
    if (numbers.has(number)) {
      const again = `${number} (${position})`;
      report.defect(o.id, 'number_duplicate', `TOP-Nummer ${number} doppelt`, `als „${again}“ übernommen`);
      number = again;
    }
    numbers.add(number);
    let title = str(o, 'name');
    if (!title) {
      title = `TOP ${number}`;
      report.defect(o.id, 'name_missing', 'TOP ohne Titel', `„${title}“ verwendet`);
    }
    const resolutionText = text(o, 'resolutionText') ?? null;
    const kind = str(o, 'ratsinfo:resolutionKind');
    const resolutionKind =
      kind === 'decision' || kind === 'recommendation' || kind === 'notice' ? kind : resolutionText ? 'decision' : null;
    const hash = contentHash(o);
    const link = tx.get(o.id);
    return {
      o,
      hash,
      ...(link?.table === 'agenda_items' ? { id: link.id } : {}),
      changed: !(link?.table === 'agenda_items' && link.hash === hash),
      values: {
        parentId: null,
        number,
        position,
        public: o.public !== false,
        title,
        subtitle: text(o, 'ratsinfo:subtitle') ?? null,
        supplement: o['ratsinfo:supplement'] === true,
        minutesText: text(o, 'ratsinfo:minutesText') ?? null,
        resolutionKind: resolutionText ? resolutionKind : null,
        resolutionText: resolutionKind ? resolutionText : null,
      },
    };
  });
  const imported = [...(tx.ctx.children.get(meeting.id) ?? [])]
    .map((source) => tx.get(source))
    .filter((l): l is Link => l?.table === 'agenda_items')
    .map((l) => l.id);
  if (existingMeeting && imported.length) {
    // Free the imported items' positions and numbers before they are given again (both unique per
    // meeting). Items added here by hand keep theirs (a clash then fails the object, reported).
    await tx.db
      .update(agendaItems)
      .set({ position: sql`-${agendaItems.position}`, number: sql`'\u0001' || ${agendaItems.number}` })
      .where(and(eq(agendaItems.meetingId, meetingId), inArray(agendaItems.id, imported)));
  }
  // Items that left the agenda go before the others take their places.
  if (existingMeeting) {
    await deleteStaleChildren(
      tx,
      meeting.id,
      new Set([...items.map((i) => i.id), ...items.flatMap((i) => itemFiles(i).map((f) => f.id))]),
      ['agenda_items'],
    );
  }
  const fresh = plans.filter((p) => p.id === undefined);
  const freshIds = await tx.newIds(agendaItems, fresh.length);
  fresh.forEach((p, i) => {
    p.id = freshIds[i];
  });
  // Parents (Ratsinfo's sub-items), within this meeting: a new item is written with its parent; an
  // existing one gets it after the new rows are in (its parent may be one of them).
  const parentOf = new Map<ItemPlan, number>();
  for (const p of plans) {
    const parent = lookupIn(tx, plans, ref(p.o['ratsinfo:parent']));
    if (parent !== undefined && parent !== p.id) parentOf.set(p, parent);
  }
  // A new item a paper read earlier is consulted at: its paper on insert, the consultations its id.
  const awaited = tx.ctx.itemsAwaited;
  const paperOf = (p: ItemPlan) => {
    const wait = awaited?.get(p.o.id);
    if (!wait) return null;
    tx.heldAt(wait.consultationIds, p.id as number);
    tx.afterCommit(() => awaited?.delete(p.o.id));
    return wait.paperId;
  };
  tx.enqueue(
    agendaItems,
    fresh.map((p) => ({
      ...p.values,
      parentId: parentOf.get(p) ?? null,
      paperId: paperOf(p),
      id: p.id,
      meetingId,
      ...created(p.o),
    })),
  );
  for (const p of plans) {
    const id = p.id as number;
    if (!fresh.includes(p)) {
      await tx.db
        .update(agendaItems)
        .set(p.changed ? p.values : { position: p.values.position, number: p.values.number })
        .where(eq(agendaItems.id, id));
      const parent = parentOf.get(p);
      if (parent !== undefined)
        tx.later(() => tx.db.update(agendaItems).set({ parentId: parent }).where(eq(agendaItems.id, id)));
    }
    tx.link(p.o.id, 'agenda_items', id, p.hash, meeting.id, p.o.modified);
    tx.count('agenda_items');
  }
  const changed = plans.filter((p) => p.changed && p.id !== undefined);
  const changedIds = changed.map((p) => p.id as number);
  if (changedIds.length && existingMeeting) {
    await tx.db.delete(votes).where(inArray(votes.agendaItemId, changedIds));
    await tx.db.delete(conflicts).where(inArray(conflicts.agendaItemId, changedIds));
    await tx.db.delete(addenda).where(inArray(addenda.agendaItemId, changedIds));
    await tx.db.delete(agendaItemAttachments).where(inArray(agendaItemAttachments.agendaItemId, changedIds));
  }
  await writeItemChildren(tx, changed);
}

function lookupIn(tx: Tx, plans: ItemPlan[], source: string | undefined): number | undefined {
  if (!source) return undefined;
  return plans.find((p) => p.o.id === source)?.id ?? lookup(tx, source, 'agenda_items');
}

/** Votes, conflicts, addenda and attachments of the changed items: one statement per kind. */
async function writeItemChildren(tx: Tx, plans: ItemPlan[]) {
  const report = tx;
  const voteRows: (typeof votes.$inferInsert)[] = [];
  const voteExtras: {
    faction: { organization: number; yes: number; no: number; abstain: number }[];
    ballots: { person: number; choice: 'yes' | 'no' | 'abstain' }[];
  }[] = [];
  const conflictRows: (typeof conflicts.$inferInsert)[] = [];
  const addendumRows: (typeof addenda.$inferInsert)[] = [];
  const attachmentRows: (typeof agendaItemAttachments.$inferInsert)[] = [];
  for (const p of plans) {
    const itemId = p.id as number;
    const o = p.o;
    const list = Array.isArray(o['ratsinfo:votes']) ? (o['ratsinfo:votes'] as VoteJson[]) : [];
    list.forEach((v, index) => {
      const yes = count(v.yes);
      const no = count(v.no);
      const abstain = count(v.abstain);
      const outcome =
        v.outcome === 'accepted' || v.outcome === 'rejected' || v.outcome === 'noted'
          ? v.outcome
          : yes !== null && no !== null
            ? yes > no
              ? 'accepted'
              : 'rejected'
            : 'accepted';
      voteRows.push({
        agendaItemId: itemId,
        position: index + 1,
        method: v.method === 'roll_call' || v.method === 'secret' ? v.method : 'open',
        subject: typeof v.subject === 'string' ? v.subject : null,
        yes,
        no,
        abstain,
        unanimous: v.unanimous === true,
        outcome,
      });
      const faction = (v.byFaction ?? []).flatMap((f) => {
        const organization = lookup(tx, ref(f.organization), 'organizations');
        if (organization === undefined) return [];
        return [{ organization, yes: count(f.yes) ?? 0, no: count(f.no) ?? 0, abstain: count(f.abstain) ?? 0 }];
      });
      const ballots = (v.ballots ?? []).flatMap((b) => {
        const person = lookup(tx, ref(b.person), 'persons');
        const choice: 'yes' | 'no' | 'abstain' | undefined =
          b.choice === 'yes' || b.choice === 'no' || b.choice === 'abstain' ? b.choice : undefined;
        return person === undefined || !choice ? [] : [{ person, choice }];
      });
      voteExtras.push({ faction, ballots });
    });
    const result = str(o, 'result');
    if (list.length === 0 && result && !fromRatsinfo(o)) {
      const vote = voteFromResult(result);
      if (vote) {
        voteRows.push({
          agendaItemId: itemId,
          position: 1,
          method: 'open',
          unanimous: vote.unanimous,
          outcome: vote.outcome,
        });
        voteExtras.push({ faction: [], ballots: [] });
      } else {
        report.defect(o.id, 'result_unmapped', `Ergebnis „${result}“ nicht als Abstimmung lesbar`, 'ignoriert');
      }
    }
    const seen = new Set<number>();
    for (const c of Array.isArray(o['ratsinfo:conflictsOfInterest'])
      ? (o['ratsinfo:conflictsOfInterest'] as Json[])
      : []) {
      const personId = lookup(tx, ref(c.person), 'persons');
      if (personId === undefined || seen.has(personId)) continue;
      seen.add(personId);
      conflictRows.push({ agendaItemId: itemId, personId, note: typeof c.note === 'string' ? c.note : null });
    }
    (Array.isArray(o['ratsinfo:addenda']) ? (o['ratsinfo:addenda'] as Json[]) : []).forEach((a, index) => {
      if (typeof a.text !== 'string' || !a.text.trim()) return;
      addendumRows.push({
        agendaItemId: itemId,
        position: index + 1,
        text: a.text,
        ...(typeof a.heading === 'string' ? { heading: a.heading } : {}),
      });
    });
    let n = 0;
    for (const f of itemFiles(o)) {
      const fileId = await writeFile(tx, f, o.id);
      if (attachmentRows.some((r) => r.agendaItemId === itemId && r.fileId === fileId)) continue;
      n++;
      attachmentRows.push({ agendaItemId: itemId, fileId, label: `Anlage ${n}`, position: n });
    }
  }
  if (voteRows.length) {
    const ids = await tx.insertRows(votes, voteRows);
    const factionRows = voteExtras.flatMap((x, i) =>
      x.faction.map((f) => ({
        voteId: ids[i] as number,
        factionId: f.organization,
        yes: f.yes,
        no: f.no,
        abstain: f.abstain,
      })),
    );
    const ballotRows = voteExtras.flatMap((x, i) =>
      x.ballots.map((b) => ({ voteId: ids[i] as number, personId: b.person, choice: b.choice })),
    );
    tx.enqueue(voteFactionResults, factionRows, true);
    tx.enqueue(voteBallots, ballotRows, true);
  }
  tx.enqueue(conflicts, conflictRows);
  tx.enqueue(addenda, addendumRows);
  tx.enqueue(agendaItemAttachments, attachmentRows);
}

// ---------------------------------------------------------------------------------------------- papers

/** The office papers without a usable `underDirectionOf` are filed under (one per body, made when needed). */
async function importOffice(tx: Tx): Promise<number> {
  const key = `${tx.ctx.sourceBody}#verwaltung`;
  const known = tx.get(key);
  if (known) return known.id;
  const id = await insertOne(
    tx.db
      .insert(organizations)
      .values({ bodyId: tx.ctx.bodyId, kind: 'office', name: 'Verwaltung (importiert)' })
      .returning({ id: organizations.id }),
  );
  tx.ctx.organizations.set(id, { kind: 'office', officeNumber: null });
  tx.link(key, 'organizations', id, 'synthetic', null);
  return id;
}

export async function writePaper(tx: Tx, o: NObject, hash: string): Promise<number | undefined> {
  const { bodyId } = tx.ctx;
  const report = tx;
  const existing = tx.get(o.id);
  let officeId = refs(o, 'underDirectionOf')
    .map((r) => lookup(tx, r, 'organizations'))
    .find((x) => x !== undefined);
  if (officeId === undefined) {
    officeId = await importOffice(tx);
    report.defect(
      o.id,
      'office_missing',
      'Vorlage ohne auffindbares federführendes Amt',
      'der Verwaltung (importiert) zugeordnet',
    );
  }
  const referenceText = str(o, 'reference');
  const date = str(o, 'date');
  let title = str(o, 'name');
  if (!title) {
    title = referenceText ?? 'Vorlage ohne Titel';
    report.defect(o.id, 'name_missing', 'Vorlage ohne Titel', `„${title}“ verwendet`);
  }
  let paperType = str(o, 'paperType');
  if (!paperType) {
    paperType = 'Vorlage';
    report.defect(o.id, 'paper_type_missing', 'Vorlage ohne paperType', '„Vorlage“ verwendet');
  }
  const officeNumber = tx.ctx.organizations.get(officeId)?.officeNumber ?? null;
  const parsed = referenceText ? parsePaperReference(referenceText) : undefined;
  let year: number | undefined;
  let number: number | undefined;
  const index = await paperIndex(tx);
  if (parsed && officeNumber && parsed.office === officeNumber) {
    const taken = index.byNumber.get(`${officeId}/${parsed.year}/${parsed.number}`);
    if (taken === undefined || taken === existing?.id) {
      year = parsed.year;
      number = parsed.number;
      tx.numberTaken(officeId, year, number);
    }
  }
  if (year === undefined || number === undefined) {
    const old = existing ? index.byId.get(existing.id) : undefined;
    if (old && old.officeId === officeId) {
      year = old.year;
      number = old.number;
    } else {
      year = Number(
        date?.slice(0, 4) ??
          str(o, 'created')?.slice(0, 4) ??
          /\b(19|20)\d{2}\b/.exec(referenceText ?? '')?.[0] ??
          new Date().getFullYear(),
      );
      await tx.flushNumbers();
      const [counter] = await tx.db
        .insert(paperNumberCounters)
        .values({ officeId, year, lastNumber: 1 })
        .onConflictDoUpdate({
          target: [paperNumberCounters.officeId, paperNumberCounters.year],
          set: { lastNumber: sql`${paperNumberCounters.lastNumber} + 1` },
        })
        .returning({ lastNumber: paperNumberCounters.lastNumber });
      number = counter?.lastNumber ?? 1;
    }
  }
  let reference = referenceText ?? formatPaperReference({ office: officeNumber ?? 'I', number, year });
  if (!referenceText)
    report.defect(o.id, 'reference_missing', 'Vorlage ohne Aktenzeichen (reference)', `„${reference}“ vergeben`);
  for (let n = 2; ; n++) {
    const taken = index.byReference.get(reference);
    if (taken === undefined || taken === existing?.id) break;
    const again = `${referenceText ?? reference} (${n})`;
    if (n === 2)
      report.defect(
        o.id,
        'reference_duplicate',
        `Aktenzeichen „${referenceText ?? reference}“ doppelt`,
        `als „${again}“ übernommen`,
      );
    reference = again;
  }
  const values = {
    bodyId,
    officeId,
    referenceYear: year,
    referenceNumber: number,
    reference,
    paperType,
    title,
    text: text(o, 'ratsinfo:text') ?? null,
    date: date ?? null,
    originatorId:
      refs(o, 'originatorOrganization')
        .map((r) => lookup(tx, r, 'organizations'))
        .find((x) => x !== undefined) ?? null,
    public: o.public !== false,
  };
  let id: number;
  if (existing) {
    id = existing.id;
    await tx.db.update(papers).set(values).where(eq(papers.id, id));
    await tx.db.delete(paperFiles).where(eq(paperFiles.paperId, id));
  } else {
    id = await tx.insert(papers, { ...values, ...created(o) });
  }
  tx.link(o.id, 'papers', id, hash, null, o.modified);
  const indexed = { officeId, year, number, reference };
  // Known at once to the papers after it in the same transaction; after any rolled-back transaction the
  // index is read again (crawl.ts, forgetUncommitted), so it never keeps a paper that is not there.
  indexPaper(index, id, indexed);
  tx.count('papers');

  const keep = new Set<string>();
  const fileIds: number[] = [];
  for (const f of [...embedded(o, 'mainFile'), ...embedded(o, 'auxiliaryFile')]) {
    keep.add(f.id);
    const fileId = await writeFile(tx, f, o.id);
    if (!fileIds.includes(fileId)) fileIds.push(fileId);
  }
  tx.enqueue(
    paperFiles,
    fileIds.map((fileId, i) => ({ paperId: id, fileId, position: i + 1 })),
  );

  const list = embedded(o, 'consultation').filter((c) => !c.deleted);
  const importedConsultations = [...(tx.ctx.children.get(o.id) ?? [])]
    .map((source) => tx.get(source))
    .filter((l): l is Link => l?.table === 'consultations')
    .map((l) => l.id);
  if (existing && importedConsultations.length) {
    await tx.db
      .update(consultations)
      .set({ position: sql`-${consultations.position}` })
      .where(and(eq(consultations.paperId, id), inArray(consultations.id, importedConsultations)));
  }
  const items: number[] = [];
  /** Consultations at agenda items not imported yet (their meeting comes later). */
  const awaited: { item: string; consultation: string; meeting: string | undefined }[] = [];
  const fresh: { c: NObject; values: typeof consultations.$inferInsert }[] = [];
  let position = 0;
  for (const c of list) {
    const organizationId = refs(c, 'organization')
      .map((r) => lookup(tx, r, 'organizations'))
      .find((x) => x !== undefined);
    if (organizationId === undefined) {
      report.defect(c.id, 'organization_missing', 'Beratung ohne auffindbares Gremium', 'übersprungen');
      continue;
    }
    keep.add(c.id);
    position++;
    const itemSource = ref(c.agendaItem);
    const agendaItemId = lookup(tx, itemSource, 'agenda_items') ?? null;
    if (agendaItemId != null) items.push(agendaItemId);
    else if (itemSource) awaited.push({ item: itemSource, consultation: c.id, meeting: ref(c.meeting) });
    const values = {
      paperId: id,
      organizationId,
      position,
      role: consultationRole(c),
      agendaItemId,
      status: str(c, 'ratsinfo:status') ?? 'open',
    };
    const link = tx.get(c.id);
    if (link?.table === 'consultations') {
      await tx.db.update(consultations).set(values).where(eq(consultations.id, link.id));
      tx.link(c.id, 'consultations', link.id, contentHash(c), o.id, c.modified);
      tx.count('consultations');
    } else {
      fresh.push({ c, values: { ...values, ...created(c) } });
    }
  }
  // New consultations of a paper: one statement.
  if (fresh.length) {
    const ids = await tx.insertRows(
      consultations,
      fresh.map((f) => f.values),
    );
    fresh.forEach((f, i) => {
      tx.link(f.c.id, 'consultations', ids[i] as number, contentHash(f.c), o.id, f.c.modified);
      tx.count('consultations');
    });
  }
  if (existing) await deleteStaleChildren(tx, o.id, keep, ['consultations', 'files']);
  tx.treatedUnder(id, items);
  if (awaited.length) {
    const byItem = new Map<string, { paperId: number; consultationIds: number[]; meeting: string | undefined }>();
    for (const a of awaited) {
      const consultationId = tx.get(a.consultation)?.id;
      if (consultationId === undefined) continue;
      const wait = byItem.get(a.item) ?? { paperId: id, consultationIds: [], meeting: a.meeting };
      wait.consultationIds.push(consultationId);
      byItem.set(a.item, wait);
    }
    tx.afterCommit(() => {
      tx.ctx.itemsAwaited ??= new Map();
      for (const [item, wait] of byItem) {
        // Another paper at the same item (a motion and its amendment): its consultations wait too.
        const earlier = tx.ctx.itemsAwaited.get(item);
        if (earlier)
          wait.consultationIds.push(...earlier.consultationIds.filter((c) => !wait.consultationIds.includes(c)));
        tx.ctx.itemsAwaited.set(item, wait);
      }
    });
  }
  return id;
}

// ---------------------------------------------------------------------------------------------- deletion

/** Deletes children that the parent no longer embeds. */
export async function deleteStaleChildren(tx: Tx, parent: string, keep: Set<string>, tables: LocalTable[]) {
  const known = tx.ctx.children.get(parent);
  if (!known) return;
  for (const source of [...known]) {
    if (keep.has(source)) continue;
    const link = tx.get(source);
    if (!link || !tables.includes(link.table)) continue;
    await deleteLocal(tx, source, link);
  }
}

/**
 * Deletes the local row of an OParl object and what hangs only on it (an agenda item's votes, a
 * meeting's agenda and attendance, a paper's consultations). A row still used elsewhere (a person
 * named in minutes) is kept and reported: nothing is left half-deleted (savepoint).
 */
export async function deleteLocal(tx: Tx, source: string, link: Link): Promise<boolean> {
  const report = tx;
  try {
    await tx.db.transaction(async (t) => {
      const db = t as unknown as Executor;
      await deleteRows(db, link.table, link.id);
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } })?.cause ?? error;
    if ((cause as { code?: string })?.code === '23503') {
      report.defect(source, 'still_referenced', 'gelöschtes Objekt wird noch verwendet', 'nicht gelöscht');
      return false;
    }
    throw error;
  }
  tx.unlink(source);
  await unlinkTree(tx, source);
  tx.count(`deleted:${link.table}`);
  return true;
}

/** Forgets the links of an object's children; their files go too unless something else uses them. */
async function unlinkTree(tx: Tx, source: string) {
  for (const child of [...(tx.ctx.children.get(source) ?? [])]) {
    const l = tx.get(child);
    if (!l) continue;
    if (l.table === 'files') {
      const used = await tx.db.execute(
        sql`select 1 from paper_files where file_id = ${l.id} union all select 1 from agenda_item_attachments where file_id = ${l.id} limit 1`,
      );
      if (((used as unknown as { rows: unknown[] }).rows ?? []).length) continue;
      await tx.db.delete(files).where(eq(files.id, l.id));
    }
    tx.unlink(child);
    await unlinkTree(tx, child);
  }
}

async function deleteRows(db: Executor, table: LocalTable, id: number): Promise<void> {
  switch (table) {
    case 'agenda_items': {
      await db.delete(votes).where(eq(votes.agendaItemId, id));
      await db.delete(conflicts).where(eq(conflicts.agendaItemId, id));
      await db.delete(addenda).where(eq(addenda.agendaItemId, id));
      await db.delete(agendaItemAttachments).where(eq(agendaItemAttachments.agendaItemId, id));
      await db.update(consultations).set({ agendaItemId: null }).where(eq(consultations.agendaItemId, id));
      await db.update(agendaItems).set({ parentId: null }).where(eq(agendaItems.parentId, id));
      await db.execute(sql`update rapporteurs set agenda_item_id = null where agenda_item_id = ${id}`);
      // A resolution the back office tracks from the item stays, without its source item (migration 0018).
      await db.execute(sql`update tracked_resolutions set agenda_item_id = null where agenda_item_id = ${id}`);
      await db.delete(agendaItems).where(eq(agendaItems.id, id));
      return;
    }
    case 'meetings': {
      const items = await db.select({ id: agendaItems.id }).from(agendaItems).where(eq(agendaItems.meetingId, id));
      await db.update(agendaItems).set({ parentId: null }).where(eq(agendaItems.meetingId, id));
      for (const item of items) await deleteRows(db, 'agenda_items', item.id);
      await db.delete(attendance).where(eq(attendance.meetingId, id));
      await db.execute(sql`delete from rapporteurs where meeting_id = ${id}`);
      await db.execute(sql`delete from minutes_signatures where meeting_id = ${id}`);
      await db.delete(meetings).where(eq(meetings.id, id));
      return;
    }
    case 'papers': {
      await db.delete(consultations).where(eq(consultations.paperId, id));
      await db.delete(paperFiles).where(eq(paperFiles.paperId, id));
      await db.update(agendaItems).set({ paperId: null }).where(eq(agendaItems.paperId, id));
      await db.delete(papers).where(eq(papers.id, id));
      return;
    }
    case 'consultations':
      await db.delete(consultations).where(eq(consultations.id, id));
      return;
    case 'memberships':
      await db.delete(memberships).where(eq(memberships.id, id));
      return;
    case 'persons':
      await db.delete(memberships).where(eq(memberships.personId, id));
      await db.delete(persons).where(eq(persons.id, id));
      return;
    case 'organizations':
      await db.delete(memberships).where(eq(memberships.organizationId, id));
      await db.delete(organizations).where(eq(organizations.id, id));
      return;
    case 'files':
      await db.delete(paperFiles).where(eq(paperFiles.fileId, id));
      await db.delete(agendaItemAttachments).where(eq(agendaItemAttachments.fileId, id));
      await db.delete(files).where(eq(files.id, id));
      return;
    case 'rooms':
      await db.update(meetings).set({ roomId: null }).where(eq(meetings.roomId, id));
      await db.delete(rooms).where(eq(rooms.id, id));
      return;
    case 'locations':
      await db.update(meetings).set({ locationId: null, roomId: null }).where(eq(meetings.locationId, id));
      await db.delete(rooms).where(eq(rooms.locationId, id));
      await db.delete(locations).where(eq(locations.id, id));
      return;
    case 'legislative_terms':
      await db.update(memberships).set({ termId: null }).where(eq(memberships.termId, id));
      await db.delete(legislativeTerms).where(eq(legislativeTerms.id, id));
      return;
    case 'bodies':
      throw Object.assign(new Error('Körperschaften werden nicht gelöscht'), { code: '23503' });
  }
}
