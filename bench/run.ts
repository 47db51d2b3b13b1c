/**
 * Runs all benchmarks and prints a summary: `npm run bench` (= node --import tsx bench/run.ts).
 *
 *   npm run bench -- [--runs=10] [--reads=200] [--warmup=20] [--no-phases] [--from-source] [--only=startup|meeting-read|documents]
 *   npm run bench -- --only=search   (search latency on an existing database: DATABASE_URL or DATA_DIR; bench/search.ts)
 *   npm run bench -- --only=portal-load [--scale=1] [--duration=20] …   (pages under load on a generated large city, minutes; bench/portal-load.ts)
 *   npm run bench -- --only=oparl-crawl [--scale=1] [--concurrency=6] …   (a full OParl crawl of a generated large city; bench/oparl-crawl.ts)
 *   npm run bench -- --only=oparl-import [--scale=0.05] [--no-files] …   (the OParl import from a local server; bench/oparl-import.ts)
 *
 * Env: BENCH_RUNS, BENCH_READS, BENCH_WARMUP; DATABASE_URL adds the PostgreSQL run of meeting-read.
 * Each benchmark also runs alone: `node --import tsx bench/startup.ts`, `node --import tsx bench/meeting-read.ts`.
 */

import { benchDocuments, DOCUMENT_TARGETS_MS, type DocumentsResult, formatDocuments } from './documents.ts';
import { cpuBusy, formatMachineFacts, intOption, isAborting, machineFacts, ms, table } from './lib.ts';
import { benchMeetingRead, formatMeetingRead, MEETING_READ_TARGET_MS, type MeetingReadResult } from './meeting-read.ts';
import { benchOparlCrawl, formatOparlCrawl, oparlCrawlOptions } from './oparl-crawl.ts';
import { benchOparlImport, formatOparlImport, oparlImportOptions } from './oparl-import.ts';
import { benchPortalLoad, formatPortalLoad, portalLoadOptions } from './portal-load.ts';
import { benchSearch, formatSearch } from './search.ts';
import { benchStartup, formatStartup, STARTUP_TARGET_MS, type StartupResult } from './startup.ts';

async function main(argv: string[]): Promise<number> {
  const only = argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  if (
    only &&
    !['startup', 'meeting-read', 'documents', 'search', 'portal-load', 'oparl-crawl', 'oparl-import'].includes(only)
  )
    throw new Error(`unknown --only=${only}`);
  const runs = intOption(argv, 'runs', 'BENCH_RUNS', 10);
  const reads = intOption(argv, 'reads', 'BENCH_READS', 200);
  const warmup = intOption(argv, 'warmup', 'BENCH_WARMUP', 20);
  const databaseUrl = process.env.DATABASE_URL?.trim() || undefined;
  const log = (line: string) => console.error(line);

  console.log('Ratsinfo benchmarks');
  console.log('');
  console.log(formatMachineFacts(machineFacts()));

  const busy: Record<string, number> = {};
  let startup: StartupResult | undefined;
  if (!only || only === 'startup') {
    const busyUntilNow = cpuBusy();
    startup = await benchStartup({
      runs,
      phases: !argv.includes('--no-phases'),
      fromSource: argv.includes('--from-source'),
      log,
    });
    console.log('');
    busy.startup = busyUntilNow();
    console.log('== startup ==');
    console.log(formatStartup(startup));
  }
  let reading: MeetingReadResult | undefined;
  if (!only || only === 'meeting-read') {
    const busyUntilNow = cpuBusy();
    reading = await benchMeetingRead({ reads, warmup, databaseUrl, log });
    busy['meeting-read'] = busyUntilNow();
    console.log('');
    console.log('== meeting-read ==');
    console.log(formatMeetingRead(reading));
    if (!databaseUrl) console.log('(DATABASE_URL not set: PostgreSQL skipped)');
  }

  let documents: DocumentsResult | undefined;
  if (!only || only === 'documents') {
    const busyUntilNow = cpuBusy();
    documents = await benchDocuments({ renders: 20 });
    busy.documents = busyUntilNow();
    console.log('');
    console.log('== documents ==');
    console.log(formatDocuments(documents));
  }

  // Only on request: it needs an existing (large) database, see bench/search.ts.
  if (only === 'search') {
    const busyUntilNow = cpuBusy();
    const result = await benchSearch({
      databaseUrl,
      dataDir: databaseUrl ? undefined : process.env.DATA_DIR?.trim() || undefined,
      rounds: intOption(argv, 'rounds', 'BENCH_ROUNDS', 5),
      warmup: intOption(argv, 'warmup', 'BENCH_WARMUP', 1),
      log,
    });
    busy.search = busyUntilNow();
    console.log('');
    console.log('== search ==');
    console.log(formatSearch(result));
  }

  // Only on request: it generates (or reuses) a large city and takes minutes, see bench/portal-load.ts.
  if (only === 'portal-load') {
    const busyUntilNow = cpuBusy();
    const result = await benchPortalLoad({ ...portalLoadOptions(argv), log });
    busy['portal-load'] = busyUntilNow();
    console.log('');
    console.log('== portal-load ==');
    console.log(formatPortalLoad(result));
  }

  // Only on request: it generates (or reuses) a large city, see bench/oparl-crawl.ts.
  if (only === 'oparl-crawl') {
    const busyUntilNow = cpuBusy();
    const result = await benchOparlCrawl({ ...oparlCrawlOptions(argv), log });
    busy['oparl-crawl'] = busyUntilNow();
    console.log('');
    console.log('== oparl-crawl ==');
    console.log(formatOparlCrawl(result));
  }

  // Only on request: it generates (or reuses) a large city, see bench/oparl-import.ts.
  if (only === 'oparl-import') {
    const busyUntilNow = cpuBusy();
    const result = await benchOparlImport({ ...oparlImportOptions(argv), log });
    busy['oparl-import'] = busyUntilNow();
    console.log('');
    console.log('== oparl-import ==');
    console.log(formatOparlImport(result));
  }

  const rows: string[][] = [];
  if (startup) {
    const h = startup.healthy;
    rows.push([
      'startup: spawn → /healthz 200',
      `< ${STARTUP_TARGET_MS}`,
      ms(h.median),
      ms(h.p90),
      ms(h.p99),
      ms(h.max),
      h.max < STARTUP_TARGET_MS ? 'met' : h.median < STARTUP_TARGET_MS ? 'median only' : 'MISSED',
    ]);
  }
  for (const s of reading?.series ?? []) {
    const target = s.backend === 'pglite' ? `< ${MEETING_READ_TARGET_MS}` : '–';
    const verdict =
      s.backend !== 'pglite'
        ? '(no target)'
        : s.stats.p99 < MEETING_READ_TARGET_MS
          ? 'met'
          : s.stats.median < MEETING_READ_TARGET_MS
            ? 'median only'
            : 'MISSED';
    rows.push([
      `meeting-read: ${s.backend}, ${s.visibility}`,
      target,
      ms(s.stats.median),
      ms(s.stats.p90),
      ms(s.stats.p99),
      ms(s.stats.max),
      verdict,
    ]);
  }
  for (const format of ['pdf', 'html'] as const) {
    const d = documents?.stats[format];
    const target = DOCUMENT_TARGETS_MS[format];
    if (!d || target === null) continue;
    rows.push([
      `documents: demo minutes → ${format}`,
      `< ${target}`,
      ms(d.median),
      ms(d.p90),
      ms(d.p99),
      ms(d.max),
      d.median < target ? 'met' : 'MISSED',
    ]);
  }
  console.log('');
  console.log('== summary (ms) ==');
  console.log(
    table(
      [
        'benchmark',
        'target',
        'median',
        'p90',
        'p99',
        'max',
        'target met? (startup: max; reads: p99; documents: median)',
      ],
      rows,
    ),
  );
  const facts = machineFacts();
  console.log(`finished ${facts.date}, load average now ${facts.loadAverage.join(' / ')}`);
  console.log(
    `CPU busy (all ${facts.cpuCount} cores, this benchmark and anything else): ${Object.entries(busy)
      .map(([name, percent]) => `${name} ${percent} %`)
      .join(', ')}`,
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (!isAborting()) console.error(error);
    process.exitCode = 1;
  },
);
