/**
 * Opens the database: PostgreSQL when a connection URL is given, otherwise the embedded PGlite in a
 * data directory (guarded by a lock file so that a second process fails with a clear message).
 * Applies the committed migrations either way.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { acquireDataDirLock } from './lock.ts';
import { schema } from './schema.ts';

export type Schema = typeof schema;
/** The database or an open transaction: repositories take either. */
export type Executor = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Executor;
  kind: 'pglite' | 'postgres';
  /** Closes the connection and releases the data directory lock. */
  close(): Promise<void>;
}

export interface OpenOptions {
  /** PostgreSQL connection URL; when set, PGlite is not used. */
  databaseUrl?: string | undefined;
  /** PGlite data directory; omit for an in-memory database (tests). */
  dataDir?: string | undefined;
  /** Apply pending migrations (default true). */
  migrate?: boolean;
}

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));
/** Any constant: serialises migrations of app instances that start at the same time on PostgreSQL. */
const MIGRATION_LOCK_KEY = 727_101;

export async function openDatabase(options: OpenOptions): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options.migrate ?? true) : openPglite(options);
}

/**
 * The PostgreSQL extensions the schema uses, for PGlite (which loads an extension's code only when it is
 * passed here): pg_trgm for the search (trigram indexes). Every PGlite instance on a Ratsinfo data dir
 * needs them, also one restored from a dump.
 */
export async function pgliteExtensions() {
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  return { pg_trgm };
}

async function openPglite(options: OpenOptions): Promise<Database> {
  let releaseLock: (() => void) | undefined;
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    releaseLock = acquireDataDirLock(options.dataDir);
  }
  try {
    // Each backend's driver is loaded only when used: start-up time.
    const [{ PGlite }, { drizzle: drizzlePglite }, { migrate: migratePglite }, extensions] = await Promise.all([
      import('@electric-sql/pglite'),
      import('drizzle-orm/pglite'),
      import('drizzle-orm/pglite/migrator'),
      pgliteExtensions(),
    ]);
    const client = await PGlite.create(options.dataDir ?? 'memory://', { extensions });
    const db = drizzlePglite(client, { schema });
    if (options.migrate ?? true) await migratePglite(db, { migrationsFolder });
    return {
      db: db as unknown as Executor,
      kind: 'pglite',
      async close() {
        try {
          await client.close();
        } finally {
          releaseLock?.();
        }
      },
    };
  } catch (error) {
    releaseLock?.();
    throw error;
  }
}

async function openPostgres(url: string, runMigrations: boolean): Promise<Database> {
  const [{ default: pg }, { drizzle: drizzleNodePg }, { migrate: migrateNodePg }] = await Promise.all([
    import('pg'),
    import('drizzle-orm/node-postgres'),
    import('drizzle-orm/node-postgres/migrator'),
  ]);
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  // An idle connection the server drops (restart, terminated backend) is reported here; without a
  // listener the pool's 'error' event would end the process. The pool replaces the connection.
  pool.on('error', (error) => console.error(`PostgreSQL-Verbindung getrennt: ${error.message}`));
  try {
    const db = drizzleNodePg(pool, { schema });
    if (runMigrations) {
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        try {
          await migrateNodePg(drizzleNodePg(client, { schema }), { migrationsFolder });
        } finally {
          await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
        }
      } finally {
        client.release();
      }
    }
    await db.execute(sql`select 1`);
    return { db: db as unknown as Executor, kind: 'postgres', close: () => pool.end() };
  } catch (error) {
    await pool.end().catch(() => {});
    throw error;
  }
}
