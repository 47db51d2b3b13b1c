/**
 * Benchmark: reading the whole reference meeting (Kreis Mettmann, Ausschuss für Digitalisierung,
 * 18.02.2021: header, attendance, all agenda items with minutes, votes, ballots, addenda, attachments,
 * rapporteurs, signatures) with `loadMeeting(db, id, visibility)`, as the meeting page does.
 *
 *   node --import tsx bench/meeting-read.ts [--reads=200] [--warmup=20]   (or env BENCH_READS, BENCH_WARMUP)
 *
 * PGlite: a persistent temp data dir (as `ratsinfo serve` uses), migrations, `loadDemo`. When DATABASE_URL is
 * set, also PostgreSQL: a fresh database `ratsinfo_bench_<random>` on that server, dropped afterwards.
 * For each backend and for visibility 'staff' and 'public': the first (cold) read, `warmup` reads, then
 * `reads` timed reads, one after another.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import pg from 'pg';
import { type Database, type Executor, openDatabase } from '../src/db/open.ts';
import { loadMeeting } from '../src/db/repositories/meetings.ts';
import { bodies, meetings } from '../src/db/schema.ts';
import { kreisMettmann } from '../src/demo/kreis-mettmann.ts';
import { loadDemo } from '../src/demo/load.ts';
import type { Visibility } from '../src/domain/visibility.ts';
import {
  formatMachineFacts,
  intOption,
  isAborting,
  isMain,
  machineFacts,
  ms,
  onCleanup,
  type Stats,
  stats,
  table,
} from './lib.ts';

export const MEETING_READ_TARGET_MS = 20;
const VISIBILITIES: Visibility[] = ['staff', 'public'];

export interface MeetingReadOptions {
  reads: number;
  warmup: number;
  databaseUrl?: string | undefined;
  log?: (line: string) => void;
}

export interface ReadSeries {
  backend: 'pglite' | 'postgres';
  visibility: Visibility;
  coldMs: number;
  stats: Stats;
  shape: { items: number; redacted: number; attendance: number; votes: number; ballots: number; jsonBytes: number };
}

export interface StatementProfile {
  /** The table after the first FROM, e.g. "agenda_items". */
  label: string;
  callsPerRead: number;
  /** PGlite: own time (queries run one at a time, so waiting for an earlier one is left out); PostgreSQL: call → result. */
  medianMs: number;
}

export interface QueryProfile {
  backend: 'pglite' | 'postgres';
  reads: number;
  queriesPerRead: number;
  totalMedianMs: number;
  /** Median per read of the time during which at least one query was running. */
  inDatabaseMedianMs: number;
  /** Median per read of total − in-database time: drizzle's row mapping and loadMeeting's assembling, in JS. */
  outsideMedianMs: number;
  statements: StatementProfile[];
}

export interface MeetingReadResult {
  series: ReadSeries[];
  setup: { backend: 'pglite' | 'postgres'; openMs: number; loadDemoMs: number }[];
  profiles: QueryProfile[];
}

/** The reference meeting: the demo body's (only) meeting at the reference start time. */
async function referenceMeetingId(db: Executor): Promise<number> {
  const reference = kreisMettmann.meetings?.[0];
  if (!reference) throw new Error('the demo data set has no meeting');
  const rows = await db
    .select({ id: meetings.id })
    .from(meetings)
    .innerJoin(bodies, eq(bodies.id, meetings.bodyId))
    .where(and(eq(bodies.slug, kreisMettmann.body.slug), eq(meetings.startAt, new Date(reference.startAt))));
  const [row] = rows;
  if (!row || rows.length !== 1) throw new Error(`expected one reference meeting, found ${rows.length}`);
  return row.id;
}

function shapeOf(meeting: NonNullable<Awaited<ReturnType<typeof loadMeeting>>>): ReadSeries['shape'] {
  const votes = meeting.items.flatMap((i) => i.votes);
  return {
    items: meeting.items.length,
    redacted: meeting.items.filter((i) => i.redacted).length,
    attendance: meeting.attendance.length,
    votes: votes.length,
    ballots: votes.reduce((n, v) => n + v.ballots.length, 0),
    jsonBytes: Buffer.byteLength(JSON.stringify(meeting)),
  };
}

const median = (values: readonly number[]) => stats(values).median;

/**
 * Lets the event loop run (outside the timed part). PGlite answers a query without ever going back to
 * the event loop (its promises resolve as microtasks), so back-to-back reads would starve timers and
 * signal handlers: without this, Ctrl-C is not handled until all reads are done.
 */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * After the timed reads: `reads` more staff reads with a timer around every query the driver runs (the
 * `query` method of the PGlite client or the pg Pool behind drizzle), to split a read into time in the
 * database and time in JS. Not part of the timed numbers.
 */
async function profileQueries(
  backend: ReadSeries['backend'],
  db: Executor,
  meetingId: number,
  reads: number,
): Promise<QueryProfile> {
  const client = (db as unknown as { $client: { query: (...args: unknown[]) => Promise<unknown> } }).$client;
  const original = client.query;
  let current: { label: string; start: number; end: number }[] = [];
  client.query = async function (this: unknown, ...args: unknown[]) {
    const text = typeof args[0] === 'string' ? args[0] : String((args[0] as { text?: string }).text ?? '');
    const label = /\bfrom "([^"]+)"/i.exec(text)?.[1] ?? text.slice(0, 30);
    const entry = { label, start: performance.now(), end: Number.NaN };
    current.push(entry);
    try {
      return await original.apply(this, args);
    } finally {
      entry.end = performance.now();
    }
  };
  const totals: number[] = [];
  const inDb: number[] = [];
  const counts: number[] = [];
  const perLabel = new Map<string, { durations: number[]; calls: number }>();
  try {
    for (let r = 0; r < reads; r++) {
      await yieldToEventLoop();
      current = [];
      const start = performance.now();
      await loadMeeting(db, meetingId, 'staff');
      const total = performance.now() - start;
      const queries = [...current].sort((a, b) => a.start - b.start);
      let busy = 0;
      let coveredUntil = Number.NEGATIVE_INFINITY;
      for (const q of queries) {
        const from = Math.max(q.start, coveredUntil);
        if (q.end > from) busy += q.end - from;
        // PGlite runs one query at a time: its own time starts when the previous one ended.
        const own = backend === 'pglite' ? q.end - Math.max(q.start, coveredUntil) : q.end - q.start;
        coveredUntil = Math.max(coveredUntil, q.end);
        const slot = perLabel.get(q.label) ?? { durations: [], calls: 0 };
        slot.durations.push(own);
        slot.calls++;
        perLabel.set(q.label, slot);
      }
      totals.push(total);
      inDb.push(busy);
      counts.push(queries.length);
    }
  } finally {
    client.query = original;
  }
  return {
    backend,
    reads,
    queriesPerRead: median(counts),
    totalMedianMs: median(totals),
    inDatabaseMedianMs: median(inDb),
    outsideMedianMs: median(totals.map((t, i) => t - (inDb[i] ?? 0))),
    statements: [...perLabel].map(([label, slot]) => ({
      label,
      callsPerRead: slot.calls / reads,
      medianMs: median(slot.durations),
    })),
  };
}

async function measure(
  backend: ReadSeries['backend'],
  db: Executor,
  meetingId: number,
  options: MeetingReadOptions,
  profiles: QueryProfile[],
): Promise<ReadSeries[]> {
  const out: ReadSeries[] = [];
  for (const visibility of VISIBILITIES) {
    const t = performance.now();
    const first = await loadMeeting(db, meetingId, visibility);
    const coldMs = performance.now() - t;
    if (!first) throw new Error(`loadMeeting(${meetingId}, '${visibility}') found nothing`);
    for (let i = 0; i < options.warmup; i++) {
      await yieldToEventLoop();
      await loadMeeting(db, meetingId, visibility);
    }
    const samples: number[] = [];
    for (let i = 0; i < options.reads; i++) {
      await yieldToEventLoop();
      const start = performance.now();
      const meeting = await loadMeeting(db, meetingId, visibility);
      samples.push(performance.now() - start);
      if (!meeting) throw new Error('meeting vanished');
    }
    out.push({ backend, visibility, coldMs, stats: stats(samples), shape: shapeOf(first) });
  }
  profiles.push(await profileQueries(backend, db, meetingId, Math.min(options.reads, 100)));
  return out;
}

async function withDemo<T>(
  backend: ReadSeries['backend'],
  open: () => Promise<Database>,
  setup: MeetingReadResult['setup'],
  fn: (db: Executor, meetingId: number) => Promise<T>,
): Promise<T> {
  let t = performance.now();
  const database = await open();
  const openMs = performance.now() - t;
  try {
    t = performance.now();
    await loadDemo(database.db);
    const loadDemoMs = performance.now() - t;
    setup.push({ backend, openMs, loadDemoMs });
    return await fn(database.db, await referenceMeetingId(database.db));
  } finally {
    await database.close();
  }
}

async function benchPglite(
  options: MeetingReadOptions,
  setup: MeetingReadResult['setup'],
  profiles: QueryProfile[],
): Promise<ReadSeries[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ratsinfo-bench-read-'));
  const removeDir = () => rmSync(dataDir, { recursive: true, force: true });
  const dispose = onCleanup(removeDir);
  try {
    options.log?.(`meeting-read: PGlite in ${dataDir} (initdb, migrations, demo data) …`);
    return await withDemo(
      'pglite',
      () => openDatabase({ dataDir }),
      setup,
      (db, id) => measure('pglite', db, id, options, profiles),
    );
  } finally {
    removeDir();
    dispose();
  }
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function benchPostgres(
  url: string,
  options: MeetingReadOptions,
  setup: MeetingReadResult['setup'],
  profiles: QueryProfile[],
): Promise<ReadSeries[]> {
  const name = `ratsinfo_bench_${randomBytes(6).toString('hex')}`;
  const target = new URL(url);
  target.pathname = `/${name}`;
  options.log?.(`meeting-read: PostgreSQL ${target.host}/${name} (create, migrations, demo data) …`);
  await adminQuery(url, `create database ${name}`);
  const drop = () => adminQuery(url, `drop database if exists ${name} with (force)`);
  let opened: Database | undefined;
  // On Ctrl-C: end the pool first (src/db/open.ts gives the pool no 'error' listener, so a connection that
  // `drop … with (force)` terminates would crash this process with an unhandled 'error' event), then drop.
  const dispose = onCleanup(
    () => {},
    async () => {
      await opened?.close().catch(() => {});
      await drop();
    },
  );
  try {
    return await withDemo(
      'postgres',
      async () => {
        opened = await openDatabase({ databaseUrl: target.toString() });
        return opened;
      },
      setup,
      (db, id) => measure('postgres', db, id, options, profiles),
    );
  } finally {
    dispose();
    await drop();
  }
}

export async function benchMeetingRead(options: MeetingReadOptions): Promise<MeetingReadResult> {
  const setup: MeetingReadResult['setup'] = [];
  const profiles: QueryProfile[] = [];
  const series = await benchPglite(options, setup, profiles);
  if (options.databaseUrl) series.push(...(await benchPostgres(options.databaseUrl, options, setup, profiles)));
  return { series, setup, profiles };
}

export function formatMeetingRead(result: MeetingReadResult): string {
  const first = result.series[0];
  const out: string[] = [];
  out.push(
    `loadMeeting(db, id, visibility) of the reference meeting, ${first?.stats.n ?? 0} timed reads each ` +
      `(after a cold read and warm-up), target < ${MEETING_READ_TARGET_MS} ms warm on PGlite`,
  );
  out.push(
    table(
      ['backend', 'visibility', 'cold', 'min', 'median', 'p90', 'p99', 'max', 'mean'],
      result.series.map((s) => [
        s.backend,
        s.visibility,
        ms(s.coldMs),
        ms(s.stats.min),
        ms(s.stats.median),
        ms(s.stats.p90),
        ms(s.stats.p99),
        ms(s.stats.max),
        ms(s.stats.mean),
      ]),
    ),
  );
  out.push('(all times in ms)');
  out.push('');
  out.push('What one read returns');
  out.push(
    table(
      ['backend', 'visibility', 'items', 'redacted', 'attendance', 'votes', 'ballots', 'JSON bytes'],
      result.series.map((s) => [
        s.backend,
        s.visibility,
        String(s.shape.items),
        String(s.shape.redacted),
        String(s.shape.attendance),
        String(s.shape.votes),
        String(s.shape.ballots),
        String(s.shape.jsonBytes),
      ]),
    ),
  );
  out.push('');
  out.push(
    `Set-up (not part of the read times): ${result.setup
      .map((s) => `${s.backend}: open + migrations ${ms(s.openMs)} ms, loadDemo ${ms(s.loadDemoMs)} ms`)
      .join('; ')}`,
  );
  for (const p of result.profiles) {
    out.push('');
    out.push(
      `Where a warm staff read goes, ${p.backend} (${p.reads} further reads with a timer around each query; ` +
        `${p.queriesPerRead} queries per read): total ${ms(p.totalMedianMs)} ms = in the database ` +
        `${ms(p.inDatabaseMedianMs)} ms + outside (drizzle row mapping, assembling in JS, event loop) ` +
        `${ms(p.outsideMedianMs)} ms (medians)`,
    );
    out.push(
      table(
        ['statement (FROM …)', 'calls/read', p.backend === 'pglite' ? 'own ms (median)' : 'call → result ms (median)'],
        p.statements.map((s) => [s.label, String(s.callsPerRead), ms(s.medianMs)]),
      ),
    );
  }
  const pglite = result.series.filter((s) => s.backend === 'pglite');
  const worst = Math.max(...pglite.map((s) => s.stats.median));
  const worstP99 = Math.max(...pglite.map((s) => s.stats.p99));
  out.push(
    `target (PGlite, warm): median ${ms(worst)} ms, p99 ${ms(worstP99)} ms → ` +
      (worstP99 < MEETING_READ_TARGET_MS
        ? 'MET (p99 under 20 ms)'
        : worst < MEETING_READ_TARGET_MS
          ? 'median met, p99 not'
          : 'MISSED'),
  );
  return out.join('\n');
}

if (isMain(import.meta.url)) {
  const argv = process.argv.slice(2);
  const options: MeetingReadOptions = {
    reads: intOption(argv, 'reads', 'BENCH_READS', 200),
    warmup: intOption(argv, 'warmup', 'BENCH_WARMUP', 20),
    databaseUrl: process.env.DATABASE_URL?.trim() || undefined,
    log: (line) => console.error(line),
  };
  console.log(formatMachineFacts(machineFacts()));
  console.log('');
  benchMeetingRead(options).then(
    (result) => console.log(formatMeetingRead(result)),
    (error: unknown) => {
      if (!isAborting()) console.error(error);
      process.exitCode = 1;
    },
  );
}
