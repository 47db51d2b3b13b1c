/**
 * Bulk writing for generated datasets: rows go in large batches, inside ONE transaction on one
 * connection, past the services (which check and audit every row, far too slow for millions).
 *
 * PostgreSQL: multi-row `INSERT … OVERRIDING SYSTEM VALUE VALUES (…), (…)` with bound parameters,
 * each statement under the protocol's limit of 65,535 parameters. PGlite: `COPY … FROM '/dev/blob'`
 * (text format), which PGlite runs about twice as fast as the same rows as INSERT statements. Ids are
 * given explicitly either way; the caller resets the identity sequences afterwards.
 */
import type { Database } from '../db/open.ts';

/** One connection inside an open transaction. */
export interface SqlSession {
  kind: Database['kind'];
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Rows in COPY text format, only on PGlite. */
  copy?(table: string, columns: readonly string[], text: string): Promise<void>;
}

interface PgliteLike {
  query(text: string, params?: unknown[], options?: { blob?: Blob }): Promise<{ rows: unknown[] }>;
  transaction<T>(fn: (tx: PgliteLike) => Promise<T>): Promise<T>;
}
interface PgPoolLike {
  connect(): Promise<{ query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>; release(): void }>;
}

/**
 * Runs `fn` in one transaction on one connection of the database's own client (PGlite instance or
 * pg pool): everything commits together, or nothing does.
 */
export async function inSession<T>(database: Database, fn: (session: SqlSession) => Promise<T>): Promise<T> {
  const client = (database.db as unknown as { $client: unknown }).$client;
  if (database.kind === 'pglite') {
    const pglite = client as PgliteLike;
    return pglite.transaction(async (tx) =>
      fn({
        kind: 'pglite',
        query: async <R>(text: string, params?: unknown[]) => (await tx.query(text, params ?? [])).rows as R[],
        copy: async (table, columns, text) => {
          await tx.query(`copy ${table} (${columns.join(', ')}) from '/dev/blob'`, [], { blob: new Blob([text]) });
        },
      }),
    );
  }
  const connection = await (client as PgPoolLike).connect();
  try {
    await connection.query('begin');
    try {
      const result = await fn({
        kind: 'postgres',
        query: async <R>(text: string, params?: unknown[]) => (await connection.query(text, params ?? [])).rows as R[],
      });
      await connection.query('commit');
      return result;
    } catch (error) {
      await connection.query('rollback').catch(() => {});
      throw error;
    }
  } finally {
    connection.release();
  }
}

/**
 * Bulk-load mode. A foreign key is checked per row, which costs PGlite about a millisecond (dozens of
 * times the row itself), and row-level triggers fire per row (OParl's "touch the parent's modified_at"
 * triggers run an UPDATE for every link row and would overwrite the generated times). For the load, the
 * session runs with `session_replication_role = replica`, which needs a superuser (PGlite always is):
 * - foreign keys are verified afterwards, set-based, for every foreign key of the loaded tables;
 * - statement-level triggers of the loaded tables (the search vocabulary, OParl's stored times) are set
 *   to fire in replica mode too, and restored afterwards; row-level triggers and the statement triggers
 *   that touch parents' `modified_at` (0014) do not fire: the loader writes complete rows (parents and
 *   children with consistent times) in the same load.
 * All inside the transaction: on any failure nothing has changed.
 *
 * Returns undefined without a superuser (rows are then checked one by one), else the function that ends
 * the mode and verifies the keys; it throws when a key points nowhere.
 */
export async function bulkLoadMode(
  session: SqlSession,
  tables: readonly string[],
  options: { rebuildIndexes: boolean },
): Promise<(() => Promise<void>) | undefined> {
  const [role] = await session.query<{ superuser: string }>(`select current_setting('is_superuser') as superuser`);
  if (role?.superuser !== 'on') return undefined;
  // Inverted indexes (full-text search) cost as much to maintain row by row as the rest of the row; for
  // a large load they are dropped and built again at the end, which is several times faster.
  const indexes = options.rebuildIndexes
    ? await session.query<{ name: string; definition: string }>(
        `select i.relname as name, pg_get_indexdef(i.oid) as definition
         from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
         join pg_am am on am.oid = i.relam
         where am.amname in ('gin', 'gist') and not x.indisprimary and not x.indisunique
           and not exists (select 1 from pg_constraint c where c.conindid = i.oid)
           and t.relnamespace = 'public'::regnamespace and t.relname = any($1::text[])
         order by i.relname`,
        [tables],
      )
    : [];
  for (const index of indexes) await session.query(`drop index "${index.name}"`);
  const triggers = await session.query<{ table: string; name: string }>(
    `select c.relname as "table", t.tgname as name from pg_trigger t join pg_class c on c.oid = t.tgrelid
     where not t.tgisinternal and t.tgenabled = 'O' and (t.tgtype & 1) = 0
       and t.tgfoid <> 'oparl_touch_parents_once'::regproc
       and c.relnamespace = 'public'::regnamespace and c.relname = any($1::text[])
     order by c.relname, t.tgname`,
    [tables],
  );
  for (const t of triggers) await session.query(`alter table "${t.table}" enable always trigger "${t.name}"`);
  await session.query('set local session_replication_role = replica');
  return async () => {
    await session.query('set local session_replication_role = origin');
    for (const t of triggers) await session.query(`alter table "${t.table}" enable trigger "${t.name}"`);
    if (indexes.length > 0) await session.query(`set local maintenance_work_mem = '128MB'`);
    for (const index of indexes) await session.query(index.definition);
    const keys = await session.query<{
      name: string;
      child: string;
      parent: string;
      columns: string;
      referenced: string;
    }>(
      `select con.conname as name, cl.relname as child, pl.relname as parent,
         (select string_agg(a.attname, ',' order by k.i) from unnest(con.conkey) with ordinality k(n, i)
            join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.n) as columns,
         (select string_agg(a.attname, ',' order by k.i) from unnest(con.confkey) with ordinality k(n, i)
            join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.n) as referenced
       from pg_constraint con join pg_class cl on cl.oid = con.conrelid join pg_class pl on pl.oid = con.confrelid
       where con.contype = 'f' and cl.relname = any($1::text[]) order by cl.relname, con.conname`,
      [tables],
    );
    for (const key of keys) {
      const columns = key.columns.split(',');
      const referenced = key.referenced.split(',');
      const notNull = columns.map((c) => `c."${c}" is not null`).join(' and ');
      const match = columns.map((c, i) => `p."${referenced[i]}" = c."${c}"`).join(' and ');
      const [row] = await session.query<{ n: number }>(
        `select count(*)::int as n from "${key.child}" c where ${notNull} and not exists (select 1 from "${key.parent}" p where ${match})`,
      );
      if (Number(row?.n ?? 0) > 0) {
        throw new Error(`foreign key ${key.name}: ${row?.n} rows of ${key.child} point to no row of ${key.parent}`);
      }
    }
  };
}

/** Parameters per INSERT statement: well under PostgreSQL's limit of 65,535. */
export const MAX_PARAMETERS = 30_000;
/** Characters of COPY text per PGlite call. */
const COPY_CHUNK_CHARS = 8_000_000;

export type Value = string | number | boolean | null | Uint8Array;

/** The columns of a table as written, in row order; `id` first where the table has one. */
export type TableColumns = Record<string, readonly string[]>;

function copyText(value: Value): string {
  if (value === null) return '\\N';
  switch (typeof value) {
    case 'boolean':
      return value ? 't' : 'f';
    case 'number':
      return String(value);
    case 'string':
      return /[\\\n\r\t]/.test(value)
        ? value.replace(/[\\\n\r\t]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t'))
        : value;
    default:
      return `\\\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
  }
}

function paramValue(value: Value): unknown {
  return value instanceof Uint8Array && !Buffer.isBuffer(value)
    ? Buffer.from(value.buffer, value.byteOffset, value.byteLength)
    : value;
}

/**
 * Buffers rows per table and writes them in batches. `flush(tables)` writes the buffered rows of the
 * given tables in that order (parents before children: foreign keys are checked per statement).
 */
export class BulkWriter {
  private readonly buffers = new Map<string, Value[][]>();
  private readonly insertText = new Map<string, string>();
  readonly written: Record<string, number> = {};

  constructor(
    private readonly session: SqlSession,
    private readonly columns: TableColumns,
  ) {}

  add(table: string, row: Value[]): void {
    const columns = this.columns[table];
    if (!columns) throw new Error(`unknown table ${table}`);
    if (row.length !== columns.length) {
      throw new Error(`${table}: ${row.length} values for ${columns.length} columns`);
    }
    let buffer = this.buffers.get(table);
    if (!buffer) {
      buffer = [];
      this.buffers.set(table, buffer);
    }
    buffer.push(row);
  }

  /** Rows buffered but not yet written. */
  pending(table: string): number {
    return this.buffers.get(table)?.length ?? 0;
  }

  async flush(tables: readonly string[]): Promise<void> {
    for (const table of tables) {
      const rows = this.buffers.get(table);
      if (!rows || rows.length === 0) continue;
      this.buffers.set(table, []);
      if (this.session.copy) await this.copyRows(table, rows);
      else await this.insertRows(table, rows);
      this.written[table] = (this.written[table] ?? 0) + rows.length;
    }
  }

  private async copyRows(table: string, rows: Value[][]): Promise<void> {
    const columns = this.columns[table] as readonly string[];
    let lines: string[] = [];
    let chars = 0;
    for (const row of rows) {
      const line = row.map(copyText).join('\t');
      lines.push(line);
      chars += line.length + 1;
      if (chars >= COPY_CHUNK_CHARS) {
        await this.session.copy?.(table, columns, `${lines.join('\n')}\n`);
        lines = [];
        chars = 0;
      }
    }
    if (lines.length > 0) await this.session.copy?.(table, columns, `${lines.join('\n')}\n`);
  }

  private async insertRows(table: string, rows: Value[][]): Promise<void> {
    const columns = this.columns[table] as readonly string[];
    const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
    for (let start = 0; start < rows.length; start += perStatement) {
      const batch = rows.slice(start, start + perStatement);
      const params: unknown[] = [];
      for (const row of batch) for (const value of row) params.push(paramValue(value));
      await this.session.query(this.statement(table, columns, batch.length), params);
    }
  }

  private statement(table: string, columns: readonly string[], count: number): string {
    const key = `${table}:${count}`;
    const cached = this.insertText.get(key);
    if (cached) return cached;
    const tuples: string[] = [];
    let n = 0;
    for (let r = 0; r < count; r++) {
      const placeholders: string[] = [];
      for (let c = 0; c < columns.length; c++) placeholders.push(`$${++n}`);
      tuples.push(`(${placeholders.join(',')})`);
    }
    const overriding = columns[0] === 'id' ? ' overriding system value' : '';
    const text = `insert into ${table} (${columns.join(', ')})${overriding} values ${tuples.join(',')}`;
    // Only the full batch size recurs; remainders are built once each.
    if (this.insertText.size < 64) this.insertText.set(key, text);
    return text;
  }
}
