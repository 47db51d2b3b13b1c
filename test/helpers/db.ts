/**
 * Storage backends for tests. Every storage test runs on PGlite, and also on PostgreSQL when
 * DATABASE_URL is set (as in CI): each test database there is a fresh database of its own, dropped
 * afterwards.
 *
 * A fresh PGlite with migrations takes seconds; a migrated template data dir is cached in the OS temp
 * dir (keyed by the migrations' content) and loaded for each test database instead.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { type Database, type Executor, openDatabase, pgliteExtensions } from '../../src/db/open.ts';
import { schema } from '../../src/db/schema.ts';

export interface Backend {
  name: 'pglite' | 'postgres';
  open(): Promise<Database>;
}

const migrationsDir = new URL('../../src/db/migrations/', import.meta.url);

function migrationsHash(): string {
  const hash = createHash('sha256');
  // The template is a PGlite data dir: a different PGlite version may not read it.
  const pgliteEntry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  hash.update(readFileSync(join(pgliteEntry.slice(0, pgliteEntry.lastIndexOf('/dist/')), 'package.json')));
  for (const file of readdirSync(migrationsDir)
    .filter((f) => f.endsWith('.sql'))
    .sort()) {
    hash.update(file).update(readFileSync(new URL(file, migrationsDir)));
  }
  return hash.digest('hex').slice(0, 16);
}

let template: Promise<Blob> | undefined;

async function pgliteTemplate(): Promise<Blob> {
  const path = join(tmpdir(), `ratsinfo-test-template-${migrationsHash()}.tar`);
  if (existsSync(path)) return new Blob([readFileSync(path)]);
  const database = await openDatabase({});
  const client = (database.db as unknown as { $client: PGlite }).$client;
  const dump = await client.dumpDataDir('none');
  await database.close();
  const temp = `${path}.${process.pid}`;
  writeFileSync(temp, Buffer.from(await dump.arrayBuffer()));
  renameSync(temp, path);
  // Templates of earlier migrations or PGlite versions are of no use any more.
  for (const old of readdirSync(tmpdir()).filter((f) => /^ratsinfo-test-template-[0-9a-f]+\.tar$/.test(f))) {
    if (join(tmpdir(), old) !== path) rmSync(join(tmpdir(), old), { force: true });
  }
  return dump;
}

async function openPgliteFromTemplate(): Promise<Database> {
  template ??= pgliteTemplate();
  const client = await PGlite.create({ loadDataDir: await template, extensions: await pgliteExtensions() });
  const db = drizzlePglite(client, { schema });
  return { db: db as unknown as Executor, kind: 'pglite', close: () => client.close() };
}

async function openPostgresTestDatabase(url: string): Promise<Database> {
  const name = `ratsinfo_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const target = new URL(url);
  target.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: target.toString() });
  return {
    ...database,
    async close() {
      await database.close();
      const dropper = new pg.Client({ connectionString: url });
      await dropper.connect();
      try {
        await dropper.query(`drop database if exists ${name} with (force)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

/** PGlite always; PostgreSQL too when DATABASE_URL is set. */
export function backends(): Backend[] {
  const list: Backend[] = [{ name: 'pglite', open: openPgliteFromTemplate }];
  const url = process.env.DATABASE_URL;
  if (url) list.push({ name: 'postgres', open: () => openPostgresTestDatabase(url) });
  return list;
}
