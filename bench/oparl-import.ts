/**
 * Benchmark: the OParl import (issue 5, part 3) from a local server, objects per second.
 *
 *   node --import tsx bench/oparl-import.ts [--scale=0.05] [--seed=1] [--backend=pglite|postgres] [--no-files] [--fresh]
 *   npm run bench -- --only=oparl-import [same options]
 *
 * 1. The source: the generated large city of bench/portal-load.ts (`ratsinfo generate large-city` at
 *    `--scale`, default 0.05), kept between runs (PGlite in the OS temp dir, or a database on DATABASE_URL
 *    with `--backend=postgres`), served by `node bin/ratsinfo.js serve` as a separate process on 127.0.0.1.
 * 2. The target: an empty database (a fresh PGlite data dir, or a fresh database on DATABASE_URL),
 *    migrated before the clock starts.
 * 3. The import: `importOparl` from the server's `/oparl/v1.1` without rate limit (the polite default
 *    of 4 requests/s is for other people's servers), file contents downloaded unless `--no-files`.
 *    Then a second, incremental run over the unchanged data.
 *
 * Counting: objects are the OParl objects read, embedded ones included (a meeting with 10 agenda items
 * and 3 files is 14), as the importer's progress counts them. objects/s = objects ÷ wall time of the
 * whole import (HTTP, JSON, mapping, writes; the server's CPU shares the machine).
 *
 * Target (issue 5): at least 2,000 objects/s.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase } from '../src/db/open.ts';
import { importOparl } from '../src/import/crawl.ts';
import { cpuBusy, formatMachineFacts, intOption, isMain, machineFacts, table } from './lib.ts';
import { type Backend, type PortalLoadOptions, pgliteDataset, postgresDataset, startServer } from './portal-load.ts';

export const IMPORT_TARGET_OBJECTS_PER_SECOND = 2000;

export interface OparlImportOptions {
  scale: number;
  seed: number;
  backend: Backend;
  noFiles: boolean;
  fresh: boolean;
  databaseUrl?: string | undefined;
  log?: (line: string) => void;
}

export interface OparlImportResult {
  options: Omit<OparlImportOptions, 'log' | 'databaseUrl'>;
  dataset: string;
  first: {
    seconds: number;
    objects: number;
    objectsPerSecond: number;
    requests: number;
    written: number;
    defects: number;
    failed: number;
    cpuBusy: number;
  };
  second: { seconds: number; objects: number; requests: number; written: number };
}

export function oparlImportOptions(argv: readonly string[]): OparlImportOptions {
  const value = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const backend = (value('backend') ?? (process.env.DATABASE_URL ? 'postgres' : 'pglite')) as Backend;
  if (backend !== 'pglite' && backend !== 'postgres') throw new Error(`unknown --backend=${backend}`);
  return {
    scale: Number(value('scale') ?? 0.05),
    seed: intOption(argv, 'seed', 'BENCH_SEED', 1),
    backend,
    noFiles: argv.includes('--no-files'),
    fresh: argv.includes('--fresh'),
    databaseUrl: process.env.DATABASE_URL?.trim() || undefined,
  };
}

async function emptyTarget(backend: Backend, databaseUrl: string | undefined) {
  if (backend === 'pglite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'ratsinfo-bench-import-'));
    const database = await openDatabase({ dataDir });
    return { database, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  if (!databaseUrl) throw new Error('--backend=postgres needs DATABASE_URL');
  const name = `ratsinfo_bench_import_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString() });
  return {
    database,
    drop: async () => {
      const c = new pg.Client({ connectionString: databaseUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export async function benchOparlImport(options: OparlImportOptions): Promise<OparlImportResult> {
  const log = options.log ?? ((line: string) => console.error(line));
  const datasetOptions: PortalLoadOptions = {
    scale: options.scale,
    seed: options.seed,
    duration: 0,
    connections: 1,
    warmup: 0,
    backends: [options.backend],
    databaseUrl: options.databaseUrl,
    fresh: options.fresh,
    drop: false,
    log,
  };
  const dataset =
    options.backend === 'pglite'
      ? await pgliteDataset(datasetOptions, log)
      : await postgresDataset(datasetOptions, log);
  const server = await startServer(dataset.env);
  const target = await emptyTarget(options.backend, options.databaseUrl);
  try {
    const url = `${server.base}/oparl/v1.1`;
    log(`oparl-import: importing ${url} into an empty ${options.backend} database …`);
    const busy = cpuBusy();
    let last = 0;
    const started = performance.now();
    const first = await importOparl(target.database.db, {
      url,
      rate: Number.POSITIVE_INFINITY,
      noFiles: options.noFiles,
      onProgress: (report) => {
        if (performance.now() - last > 5000) {
          last = performance.now();
          log(`  … ${report.objectsRead} objects, ${report.progress.requests} requests`);
        }
      },
    });
    const seconds = (performance.now() - started) / 1000;
    const cpu = busy();
    const objects = first.report.objectsRead;
    const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
    log(`oparl-import: second run (incremental, nothing changed) …`);
    const started2 = performance.now();
    const second = await importOparl(target.database.db, {
      url,
      rate: Number.POSITIVE_INFINITY,
      noFiles: options.noFiles,
    });
    const seconds2 = (performance.now() - started2) / 1000;
    return {
      options: {
        scale: options.scale,
        seed: options.seed,
        backend: options.backend,
        noFiles: options.noFiles,
        fresh: options.fresh,
      },
      dataset: dataset.record?.summary ?? '(unknown)',
      first: {
        seconds,
        objects,
        objectsPerSecond: Math.round(objects / seconds),
        requests: first.requests,
        written: sum(first.report.progress.written),
        defects: first.report.defects.length,
        failed: first.report.progress.failed,
        cpuBusy: cpu,
      },
      second: {
        seconds: seconds2,
        objects: second.report.objectsRead,
        requests: second.requests,
        written: sum(second.report.progress.written),
      },
    };
  } finally {
    await target.database.close();
    await target.drop();
    await server.stop();
  }
}

export function formatOparlImport(result: OparlImportResult): string {
  const f = result.first;
  const verdict = f.objectsPerSecond >= IMPORT_TARGET_OBJECTS_PER_SECOND ? 'met' : 'MISSED';
  return [
    `dataset: ${result.dataset}`,
    `backend ${result.options.backend}, scale ${result.options.scale}, seed ${result.options.seed}${result.options.noFiles ? ', --no-files' : ', files downloaded'}`,
    table(
      ['run', 'seconds', 'objects', 'objects/s', 'requests', 'rows written', 'defects', 'failed', 'target ≥ 2,000/s'],
      [
        [
          'first (empty target)',
          f.seconds.toFixed(1),
          String(f.objects),
          String(f.objectsPerSecond),
          String(f.requests),
          String(f.written),
          String(f.defects),
          String(f.failed),
          verdict,
        ],
        [
          'second (incremental, unchanged)',
          result.second.seconds.toFixed(1),
          String(result.second.objects),
          '–',
          String(result.second.requests),
          String(result.second.written),
          '–',
          '–',
          '–',
        ],
      ],
    ),
    `CPU busy during the first run (all cores, server included): ${f.cpuBusy} %`,
  ].join('\n');
}

if (isMain(import.meta.url)) {
  const options = oparlImportOptions(process.argv.slice(2));
  console.log(formatMachineFacts(machineFacts()));
  const result = await benchOparlImport(options);
  console.log('');
  console.log('== oparl-import ==');
  console.log(formatOparlImport(result));
  process.exit(0);
}
