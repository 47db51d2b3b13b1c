/**
 * Benchmark: portal pages under load on a generated large city (`ratsinfo generate large-city`).
 *
 *   node --import tsx bench/portal-load.ts [--scale=1] [--seed=1] [--duration=20] [--connections=50]
 *     [--warmup=3] [--backend=pglite|postgres|both] [--page-cache=on|off|both] [--fresh] [--drop]
 *   npm run bench -- --only=portal-load [same options]
 *
 * Per backend (PGlite always; PostgreSQL when DATABASE_URL is set):
 * 1. The dataset: generated once and kept for later runs, keyed by generator version, scale and seed —
 *    PGlite in `<tmp>/ratsinfo-bench-large-city-v<version>-scale<scale>-seed<seed>/`, PostgreSQL in the
 *    database `ratsinfo_bench_city_v<version>_s<scale × 1000>_seed<seed>` on the DATABASE_URL server.
 *    `--fresh` generates again; `--drop` removes the dataset at the end. The generation time (rows/s) is
 *    recorded when it happens and reported from the record when the dataset is reused.
 * 2. `node bin/ratsinfo.js serve` as a separate process on a free port of 127.0.0.1.
 * 3. Per page type — meeting page, paper page, search page (`/suche?q=…`) — a warm-up, then autocannon
 *    with `--connections` connections for `--duration` seconds over a fixed, rotating list of URLs (500
 *    meetings with signed minutes and 500 public papers spread over the whole city, 24 search queries).
 *    Latency percentiles are computed from every response time (autocannon's own summary has no p95).
 * 4. Twice per backend (`--page-cache=both`, the default): as installed (the cache of rendered public pages
 *    on, src/http/page-cache.ts) and with `PAGE_CACHE_MB=0`, which shows what rendering costs. With the
 *    Before the warm-up every URL of the list is requested once (8 at a time), so both runs measure the
 *    steady state: with the cache, pages that readers ask for again; without it, warm database buffers.
 *    The cold cost of a page (one render) is what the cache-off rows show.
 *
 * Targets (issue 4, PostgreSQL, 50 connections): meeting and paper pages p99 < 50 ms, search p95 < 100 ms.
 * Only 127.0.0.1; the server is killed on exit or Ctrl-C.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase } from '../src/db/open.ts';
import { describeSummary, GENERATOR_VERSION, generateLargeCity } from '../src/generate/large-city.ts';
import {
  cpuBusy,
  formatMachineFacts,
  freePort,
  intOption,
  isAborting,
  isMain,
  machineFacts,
  ms,
  onCleanup,
  percentile,
  projectRoot,
  table,
} from './lib.ts';

export const PAGE_TARGETS = {
  meeting: { percentile: 'p99', ms: 50 },
  paper: { percentile: 'p99', ms: 50 },
  search: { percentile: 'p95', ms: 100 },
} as const;

export type PageKind = keyof typeof PAGE_TARGETS;
export type Backend = 'pglite' | 'postgres';

/** Words people search for in a council information system. */
export const SEARCH_QUERIES = [
  'Haushalt',
  'Haushaltssatzung',
  'Nachtragshaushalt',
  'Bebauungsplan',
  'Straßenausbau',
  'Radweg',
  'Fahrradstraße',
  'Schulentwicklungsplanung',
  'Kita',
  'Bürgerhaus',
  'Baumschutzsatzung',
  'Feuerwehrgerätehaus',
  'Digitalisierung',
  'Kunstrasenplatz',
  'Hallenbad',
  'Mühlenbach',
  'Lindenallee',
  'Radweg Lindenallee',
  'Grundschule Kirchberg',
  'Klimaschutzkonzept',
  'Jugendparlament',
  'Trinkwasserbrunnen',
  'Gewerbesteuer',
  'Photovoltaik',
];

export type CacheMode = 'on' | 'off';

export interface PortalLoadOptions {
  scale: number;
  seed: number;
  duration: number;
  connections: number;
  warmup: number;
  backends: Backend[];
  /** Runs with the page cache as installed (on) and/or turned off; default both. */
  pageCache?: CacheMode[] | undefined;
  databaseUrl?: string | undefined;
  fresh: boolean;
  drop: boolean;
  log?: (line: string) => void;
}

export interface PageSeries {
  backend: Backend;
  cache: CacheMode;
  page: PageKind;
  measured: boolean;
  note: string;
  urls: number;
  requests: number;
  perSecond: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  /** Busy share of all CPUs during the run (server, load generator, database and anything else). */
  cpuBusy: number;
}

export interface GenerationRecord {
  backend: Backend;
  reused: boolean;
  /** When the dataset was generated (ISO). */
  generatedAt: string;
  rows: number;
  seconds: number;
  writeSeconds: number;
  rowsPerSecond: number;
  summary: string;
}

export interface PortalLoadResult {
  options: Omit<PortalLoadOptions, 'log' | 'databaseUrl'>;
  generation: GenerationRecord[];
  series: PageSeries[];
}

// --- autocannon (CommonJS, no types of its own) ---------------------------------------------------

interface AutocannonResult {
  requests: { average: number; total: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
}
interface AutocannonInstance {
  on(event: 'response', listener: (client: unknown, status: number, bytes: number, time: number) => void): void;
  stop(): void;
}
type Autocannon = (
  options: Record<string, unknown>,
  done: (error: Error | null, result: AutocannonResult) => void,
) => AutocannonInstance;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

function load(
  base: string,
  paths: readonly string[],
  options: { connections: number; duration: number },
): Promise<{ result: AutocannonResult; times: number[]; statuses: Map<number, number> }> {
  const times: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  return new Promise((resolve, reject) => {
    let dispose = () => {};
    const instance = autocannon(
      {
        url: base,
        connections: options.connections,
        duration: options.duration,
        timeout: 30,
        requests: [
          {
            method: 'GET',
            setupRequest: (request: { path: string }) => {
              request.path = paths[next++ % paths.length] as string;
              return request;
            },
          },
        ],
      },
      (error, result) => {
        dispose();
        if (error) reject(error);
        else resolve({ result, times, statuses });
      },
    );
    instance.on('response', (_client, status, _bytes, time) => {
      times.push(time);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    });
    dispose = onCleanup(() => instance.stop());
  });
}

// --- datasets --------------------------------------------------------------------------------------

function scaleKey(scale: number): string {
  return String(Math.round(scale * 1000));
}

function recordFile(key: string): string {
  return join(tmpdir(), `ratsinfo-bench-${key}.json`);
}

function readRecord(key: string): GenerationRecord | undefined {
  const file = recordFile(key);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as GenerationRecord;
  } catch {
    return undefined;
  }
}

async function generateInto(
  backend: Backend,
  open: () => Promise<Awaited<ReturnType<typeof openDatabase>>>,
  options: PortalLoadOptions,
  log: (line: string) => void,
): Promise<GenerationRecord> {
  const database = await open();
  try {
    const summary = await generateLargeCity(database, { scale: options.scale, seed: options.seed }, log);
    return {
      backend,
      reused: false,
      generatedAt: new Date().toISOString(),
      rows: summary.rows,
      seconds: summary.seconds.total,
      writeSeconds: summary.seconds.write,
      rowsPerSecond: Math.round(summary.rows / summary.seconds.write),
      summary: describeSummary(summary),
    };
  } finally {
    await database.close();
  }
}

/** The PGlite dataset: a data dir, kept between runs. */
export async function pgliteDataset(options: PortalLoadOptions, log: (line: string) => void) {
  const key = `large-city-v${GENERATOR_VERSION}-scale${scaleKey(options.scale)}-seed${options.seed}`;
  const dataDir = join(tmpdir(), `ratsinfo-bench-${key}`);
  const marker = join(dataDir, 'generated.json');
  if (options.fresh) rmSync(dataDir, { recursive: true, force: true });
  let record = existsSync(marker) ? readRecord(key) : undefined;
  if (record) {
    record = { ...record, reused: true };
    log(`portal-load: PGlite dataset reused: ${dataDir} (generated ${record.generatedAt})`);
  } else {
    rmSync(dataDir, { recursive: true, force: true });
    log(`portal-load: generating the PGlite dataset in ${dataDir} …`);
    record = await generateInto('pglite', () => openDatabase({ dataDir }), options, log);
    writeFileSync(recordFile(key), JSON.stringify(record));
    writeFileSync(marker, JSON.stringify({ generatedAt: record.generatedAt }));
  }
  return {
    record,
    env: { DATA_DIR: dataDir },
    open: () => openDatabase({ dataDir, migrate: false }),
    drop: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

/** The PostgreSQL dataset: a database on the DATABASE_URL server, kept between runs. */
export async function postgresDataset(options: PortalLoadOptions, log: (line: string) => void) {
  const url = options.databaseUrl as string;
  const name = `ratsinfo_bench_city_v${GENERATOR_VERSION}_s${scaleKey(options.scale)}_seed${options.seed}`;
  const target = new URL(url);
  target.pathname = `/${name}`;
  const admin = async <T>(fn: (client: pg.Client) => Promise<T>) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };
  // Two benchmarks (portal-load, oparl-crawl) may prepare the same dataset at once: the second waits for
  // the first instead of dropping the database it is generating. A session lock, held until this is done.
  const lock = new pg.Client({ connectionString: url });
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock(hashtext($1))', [name]);
    return await preparePostgresDataset(options, log, { name, target, admin });
  } finally {
    await lock.end();
  }
}

async function preparePostgresDataset(
  options: PortalLoadOptions,
  log: (line: string) => void,
  {
    name,
    target,
    admin,
  }: { name: string; target: URL; admin: <T>(fn: (client: pg.Client) => Promise<T>) => Promise<T> },
) {
  if (options.fresh) await admin((c) => c.query(`drop database if exists ${name} with (force)`));
  const exists = await admin(
    async (c) => (await c.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1,
  );
  let complete = false;
  if (exists) {
    const client = new pg.Client({ connectionString: target.toString() });
    await client.connect();
    try {
      // The generation is one transaction: its audit entry means the dataset is complete.
      complete =
        ((
          await client
            .query(`select 1 from audit_log where actor = 'cli:generate' and action = 'generate'`)
            .catch(() => ({
              rowCount: 0,
            }))
        ).rowCount ?? 0) > 0;
    } finally {
      await client.end();
    }
  }
  let record = complete ? readRecord(name) : undefined;
  if (complete) {
    record = record ? { ...record, reused: true } : undefined;
    log(`portal-load: PostgreSQL dataset reused: database ${name}`);
  } else {
    await admin(async (c) => {
      await c.query(`drop database if exists ${name} with (force)`);
      await c.query(`create database ${name}`);
    });
    log(`portal-load: generating the PostgreSQL dataset in database ${name} …`);
    record = await generateInto('postgres', () => openDatabase({ databaseUrl: target.toString() }), options, log);
    writeFileSync(recordFile(name), JSON.stringify(record));
  }
  return {
    record,
    env: { DATABASE_URL: target.toString() },
    open: () => openDatabase({ databaseUrl: target.toString(), migrate: false }),
    drop: () => admin(async (c) => void (await c.query(`drop database if exists ${name} with (force)`))),
  };
}

/** Evenly spread ids: `count` of the list, from first to last. */
function spread<T>(list: readonly T[], count: number): T[] {
  if (list.length <= count) return [...list];
  return Array.from({ length: count }, (_, i) => list[Math.floor((i * list.length) / count)] as T);
}

async function pagePaths(open: () => Promise<Awaited<ReturnType<typeof openDatabase>>>) {
  const database = await open();
  try {
    const rows = async (query: ReturnType<typeof sql>) =>
      ((await database.db.execute(query)) as unknown as { rows: { id: number | string }[] }).rows.map((r) =>
        Number(r.id),
      );
    const meetings = await rows(
      sql`select m.id from meetings m join bodies b on b.id = m.body_id where b.slug = 'grossstadt' and m.state = 'minutes_signed' order by m.id`,
    );
    const papers = await rows(
      sql`select p.id from papers p join bodies b on b.id = p.body_id where b.slug = 'grossstadt' and p.public order by p.id`,
    );
    return {
      meeting: spread(meetings, 500).map((id) => `/grossstadt/sitzungen/${id}`),
      paper: spread(papers, 500).map((id) => `/grossstadt/vorlagen/${id}`),
      search: SEARCH_QUERIES.map((q) => `/suche?q=${encodeURIComponent(q)}`),
    } satisfies Record<PageKind, string[]>;
  } finally {
    await database.close();
  }
}

// --- the server ------------------------------------------------------------------------------------

export interface Server {
  base: string;
  output: string[];
  stop(): Promise<void>;
}

export async function startServer(env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' };
  if (!env.DATABASE_URL) delete childEnv.DATABASE_URL;
  // BENCH_SERVER_DIR: run the server of another checkout (e.g. a worktree of a commit to compare with).
  const child: ChildProcess = spawn(process.execPath, ['bin/ratsinfo.js', 'serve'], {
    cwd: process.env.BENCH_SERVER_DIR || projectRoot,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  let running = true;
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      running = false;
      resolve(code);
    });
  });
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString('utf8'));
    if (output.length > 200) output.splice(0, output.length - 200);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const dispose = onCleanup(() => {
    if (running) child.kill('SIGKILL');
  });
  const started = await Promise.race([
    new Promise<boolean>((resolve) => {
      const check = () => {
        if (output.join('').includes('Ratsinfo läuft auf')) resolve(true);
        else if (running) setTimeout(check, 50);
      };
      check();
    }),
    exited.then(() => false),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 180_000).unref()),
  ]);
  if (!started) {
    child.kill('SIGKILL');
    throw new Error(`ratsinfo serve did not start:\n${output.join('').slice(-2000)}`);
  }
  return {
    base: `http://127.0.0.1:${port}`,
    output,
    async stop() {
      child.kill('SIGTERM');
      const code = await Promise.race([
        exited,
        new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 30_000).unref()),
      ]);
      if (code === 'timeout') {
        child.kill('SIGKILL');
        await exited;
      }
      dispose();
    },
  };
}

/**
 * Waits until the server has answered what is still queued: a run ends with requests in flight (the
 * server keeps working on them after autocannon closed the connections), and PGlite answers one query
 * after the other, so /healthz comes back only when that backlog is done.
 */
async function settle(base: string): Promise<void> {
  await status(base, '/healthz');
}

/** One GET on a fresh connection (no keep-alive): the status, or 0 when the connection failed. */
function statusOnce(base: string, path: string): Promise<number> {
  return new Promise((resolve) => {
    const request = get(`${base}${path}`, { agent: false, timeout: 120_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve(0));
    });
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', () => resolve(0));
  });
}

/** Requests every path once, `parallel` at a time; throws when one does not answer 200. */
async function prime(base: string, paths: readonly string[], parallel = 8): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < paths.length) {
      const path = paths[next++] as string;
      const code = await status(base, path);
      if (code !== 200) throw new Error(`GET ${path}: ${code}`);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

async function status(base: string, path: string): Promise<number> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const code = await statusOnce(base, path);
    if (code !== 0) return code;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`GET ${path}: no answer from the server`);
}

// --- the benchmark -----------------------------------------------------------------------------------

export async function benchPortalLoad(options: PortalLoadOptions): Promise<PortalLoadResult> {
  const log = options.log ?? ((line: string) => console.error(line));
  const generation: GenerationRecord[] = [];
  const series: PageSeries[] = [];
  for (const backend of options.backends) {
    const dataset = backend === 'pglite' ? await pgliteDataset(options, log) : await postgresDataset(options, log);
    if (dataset.record) generation.push(dataset.record);
    const paths = await pagePaths(dataset.open);
    for (const cache of options.pageCache ?? (['on', 'off'] as const)) {
      const server = await startServer({ ...dataset.env, PAGE_CACHE_MB: cache === 'on' ? '64' : '0' });
      try {
        for (const page of Object.keys(PAGE_TARGETS) as PageKind[]) {
          const list = paths[page];
          const first = list[0];
          const firstStatus = first ? await status(server.base, first) : 404;
          const empty: PageSeries = {
            backend,
            cache,
            page,
            measured: false,
            note: '',
            urls: list.length,
            requests: 0,
            perSecond: 0,
            p50: Number.NaN,
            p90: Number.NaN,
            p95: Number.NaN,
            p99: Number.NaN,
            max: Number.NaN,
            errors: 0,
            timeouts: 0,
            non2xx: 0,
            cpuBusy: Number.NaN,
          };
          if (firstStatus !== 200) {
            series.push({ ...empty, note: `not measured: ${first ?? page} answered ${firstStatus}` });
            log(`portal-load: ${backend} ${page} cache ${cache}: not measured (${first} → ${firstStatus})`);
            continue;
          }
          log(`portal-load: ${backend} ${page} cache ${cache}: every URL once, then warm-up ${options.warmup} s …`);
          await prime(server.base, list);
          await load(server.base, list, { connections: options.connections, duration: options.warmup });
          await settle(server.base);
          log(
            `portal-load: ${backend} ${page} cache ${cache}: ${options.connections} connections for ${options.duration} s …`,
          );
          const busy = cpuBusy();
          const { result, times, statuses } = await load(server.base, list, {
            connections: options.connections,
            duration: options.duration,
          });
          const cpu = busy();
          await settle(server.base);
          const sorted = times.sort((a, b) => a - b);
          const others = [...statuses.entries()].filter(([s]) => s < 200 || s >= 300);
          series.push({
            ...empty,
            measured: true,
            note: others.length > 0 ? `status ${others.map(([s, n]) => `${s}×${n}`).join(', ')}` : '',
            requests: result.requests.total,
            perSecond: result.requests.total / Math.max(1, result.duration),
            p50: percentile(sorted, 50),
            p90: percentile(sorted, 90),
            p95: percentile(sorted, 95),
            p99: percentile(sorted, 99),
            max: sorted[sorted.length - 1] ?? Number.NaN,
            errors: result.errors,
            timeouts: result.timeouts,
            non2xx: result.non2xx,
            cpuBusy: cpu,
          });
        }
      } finally {
        await server.stop();
      }
    }
    if (options.drop) await dataset.drop();
  }
  const { log: _log, databaseUrl: _url, ...rest } = options;
  return { options: rest, generation, series };
}

export function verdict(s: PageSeries): string {
  if (!s.measured) return s.note;
  const target = PAGE_TARGETS[s.page];
  const value = s[target.percentile];
  if (s.backend !== 'postgres') return '(target applies to PostgreSQL)';
  return value < target.ms ? 'met' : 'MISSED';
}

export function formatPortalLoad(result: PortalLoadResult): string {
  const o = result.options;
  const lines = [
    `scale ${o.scale}, seed ${o.seed}; ${o.connections} connections, ${o.duration} s per page type after ${o.warmup} s warm-up`,
    '',
    table(
      ['generation', 'reused', 'generated at', 'rows', 'total s', 'write s', 'rows/s (write)'],
      result.generation.map((g) => [
        g.backend,
        g.reused ? 'yes' : 'no',
        g.generatedAt,
        String(g.rows),
        g.seconds.toFixed(1),
        g.writeSeconds.toFixed(1),
        String(g.rowsPerSecond),
      ]),
    ),
    '',
    table(
      [
        'backend',
        'cache',
        'page',
        'target',
        'req/s',
        'p50',
        'p90',
        'p95',
        'p99',
        'max',
        'requests',
        'errors',
        'non-2xx',
        'CPU %',
        'verdict',
      ],
      result.series.map((s) => {
        const t = PAGE_TARGETS[s.page];
        return [
          s.backend,
          s.cache,
          s.page,
          `${t.percentile} < ${t.ms}`,
          s.measured ? s.perSecond.toFixed(0) : '–',
          ms(s.p50),
          ms(s.p90),
          ms(s.p95),
          ms(s.p99),
          ms(s.max),
          String(s.requests),
          String(s.errors + s.timeouts),
          String(s.non2xx),
          Number.isFinite(s.cpuBusy) ? String(s.cpuBusy) : '–',
          verdict(s),
        ];
      }),
    ),
    'Latencies in ms, measured by autocannon in the benchmark process against `ratsinfo serve` in its own process.',
  ];
  return lines.join('\n');
}

function numberOption(argv: readonly string[], flag: string, fallback: number): number {
  const raw = argv.find((a) => a.startsWith(`--${flag}=`))?.slice(flag.length + 3);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${flag} must be a positive number, not "${raw}"`);
  return value;
}

function cacheModes(value: string): CacheMode[] {
  if (value === 'both') return ['on', 'off'];
  if (value === 'on' || value === 'off') return [value];
  throw new Error(`--page-cache must be on, off or both, not "${value}"`);
}

/** Options from argv and the environment (DATABASE_URL adds PostgreSQL). */
export function portalLoadOptions(argv: readonly string[]): PortalLoadOptions {
  const databaseUrl = process.env.DATABASE_URL?.trim() || undefined;
  const backend =
    argv.find((a) => a.startsWith('--backend='))?.slice('--backend='.length) ?? (databaseUrl ? 'both' : 'pglite');
  if (!['pglite', 'postgres', 'both'].includes(backend)) throw new Error(`unknown --backend=${backend}`);
  if (backend !== 'pglite' && !databaseUrl) throw new Error('--backend=postgres needs DATABASE_URL');
  return {
    scale: numberOption(argv, 'scale', 1),
    seed: intOption(argv, 'seed', 'BENCH_SEED', 1),
    duration: intOption(argv, 'duration', 'BENCH_DURATION', 20),
    connections: intOption(argv, 'connections', 'BENCH_CONNECTIONS', 50),
    warmup: intOption(argv, 'warmup', 'BENCH_WARMUP', 3),
    backends: backend === 'both' ? ['pglite', 'postgres'] : [backend as Backend],
    pageCache: cacheModes(argv.find((a) => a.startsWith('--page-cache='))?.slice('--page-cache='.length) ?? 'both'),
    databaseUrl,
    fresh: argv.includes('--fresh'),
    drop: argv.includes('--drop'),
  };
}

if (isMain(import.meta.url)) {
  const options = portalLoadOptions(process.argv.slice(2));
  console.log(formatMachineFacts(machineFacts()));
  benchPortalLoad(options).then(
    (result) => {
      console.log('');
      console.log(formatPortalLoad(result));
      for (const g of result.generation) console.log(`\n${g.backend}: ${g.summary}`);
      const facts = machineFacts();
      console.log(`finished ${facts.date}, load average now ${facts.loadAverage.join(' / ')}`);
    },
    (error: unknown) => {
      if (!isAborting()) console.error(error);
      process.exitCode = 1;
    },
  );
}
