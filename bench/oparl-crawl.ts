/**
 * Benchmark: a full crawl of the OParl API (issue 5) on a generated large city, as a harvester does it.
 *
 *   node --import tsx bench/oparl-crawl.ts [--scale=1] [--seed=1] [--concurrency=6] [--limit=N]
 *     [--backend=pglite|postgres|both] [--fresh] [--drop]
 *   npm run bench -- --only=oparl-crawl [same options]
 *
 * Per backend (PostgreSQL when DATABASE_URL is set, else PGlite; `--backend=both` runs both):
 * 1. The dataset of bench/portal-load.ts (`ratsinfo generate large-city`), generated once and kept:
 *    PGlite in `<tmp>/ratsinfo-bench-large-city-v<version>-scale<scale>-seed<seed>/`, PostgreSQL in the
 *    database `ratsinfo_bench_city_v<version>_s<scale × 1000>_seed<seed>`; `--fresh`, `--drop` as there.
 * 2. `node bin/ratsinfo.js serve` as a separate process on a free port of 127.0.0.1.
 * 3. The crawl: `GET /oparl/v1.1` (System), its body list, every body, then every external list of every
 *    body (organization, person, meeting, paper, legislativeTerm, agendaItem, consultation, file, location,
 *    membership), each followed through `links.next` to its end. A list's pages depend on each other (the
 *    next link is in the page), so the lists are walked side by side: `--concurrency` lists at a time
 *    (default 6), one request each, on keep-alive connections, asking for gzip like a harvester. The page
 *    size is the server's default (`--limit=N` adds `limit=N` to each list's first page).
 *
 * Counting: "objects" are the entries of the lists' `data` (every object of the API is in exactly one list,
 * so each is counted once), plus the System object and the bodies fetched on their own. Objects embedded in
 * them (agenda items and files in a meeting, consultations in a paper, …) are counted separately as
 * "embedded": they are the same objects as in their own lists. objects/s = objects ÷ wall time of the
 * whole crawl. A page's latency is from sending the request to the last byte of the (compressed) answer;
 * decompressing and parsing happen after the clock stops. Duplicates (an id twice in a list) and non-200
 * answers are counted and reported; a list whose page fails is not followed further.
 *
 * Target (issue 5, PostgreSQL, the large city at scale 1): at least 5,000 objects/s, list pages p99 < 100 ms.
 * Only 127.0.0.1: a link to any other origin stops the crawl. The server is killed on exit or Ctrl-C.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { gunzipSync } from 'node:zlib';
import pg from 'pg';
import {
  cpuBusy,
  formatMachineFacts,
  intOption,
  isAborting,
  isMain,
  machineFacts,
  ms,
  percentile,
  table,
} from './lib.ts';
import {
  type Backend,
  type GenerationRecord,
  type PortalLoadOptions,
  pgliteDataset,
  postgresDataset,
  startServer,
} from './portal-load.ts';

export const CRAWL_TARGET = { objectsPerSecond: 5000, pageP99Ms: 100 } as const;

/** The Body properties that hold the URLs of its external lists, and the list's name in reports. */
const BODY_LISTS = [
  ['organization', 'organization'],
  ['person', 'person'],
  ['meeting', 'meeting'],
  ['paper', 'paper'],
  ['legislativeTermList', 'legislativeTerm'],
  ['agendaItem', 'agendaItem'],
  ['consultation', 'consultation'],
  ['file', 'file'],
  ['locationList', 'location'],
  ['membership', 'membership'],
] as const;

export interface OparlCrawlOptions {
  scale: number;
  seed: number;
  concurrency: number;
  limit?: number | undefined;
  backends: Backend[];
  databaseUrl?: string | undefined;
  fresh: boolean;
  drop: boolean;
  log?: (line: string) => void;
}

export interface ListSeries {
  list: string;
  pages: number;
  objects: number;
  embedded: number;
  duplicates: number;
  failures: number;
  bytes: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface CrawlSeries {
  backend: Backend;
  seconds: number;
  requests: number;
  objects: number;
  embedded: number;
  objectsPerSecond: number;
  failures: number;
  duplicates: number;
  /** All list pages together (the System and body objects left out). */
  pages: { p50: number; p95: number; p99: number; max: number };
  lists: ListSeries[];
  cpuBusy: number;
  /** CPU seconds of the server process during the crawl (NaN when not measurable). */
  serverCpu: number;
  /** CPU seconds of the server's PostgreSQL sessions during the crawl (NaN when not measurable). */
  databaseCpu: number;
  loadBefore: number[];
  loadAfter: number[];
}

export interface OparlCrawlResult {
  options: Omit<OparlCrawlOptions, 'log' | 'databaseUrl'>;
  generation: GenerationRecord[];
  series: CrawlSeries[];
}

// biome-ignore lint/suspicious/noExplicitAny: JSON of any shape.
type Json = any;

// --- CPU time of the server and its database sessions (Linux /proc; best effort) --------------------

const TICKS_PER_SECOND = 100;

/** User + system CPU seconds of a process, or undefined when it cannot be read. */
function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** The `ratsinfo serve` child of this process. */
function serverPid(): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid && cmdline.includes('bin/ratsinfo.js')) return Number(entry);
    } catch {
      // gone or not readable
    }
  }
  return undefined;
}

/**
 * CPU seconds of the PostgreSQL sessions on a database while a crawl runs, sampled every second (the
 * server closes idle connections, and an ended session's time can no longer be read: at most the last
 * second of such a session is missed). NaN when the sessions are not visible in /proc.
 */
function databaseCpuMeter(databaseUrl: string): { stop(): Promise<number> } {
  const first = new Map<number, number>();
  const latest = new Map<number, number>();
  let running = true;
  let sampled = false;
  const sample = async () => {
    const snapshot = await cpuSnapshot(databaseUrl).catch(() => undefined);
    if (!snapshot) return;
    for (const [pid, seconds] of snapshot.database) {
      if (!sampled && !first.has(pid)) first.set(pid, seconds);
      latest.set(pid, seconds);
    }
    sampled = true;
  };
  const loop = (async () => {
    while (running) {
      await sample();
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await sample();
      if (latest.size === 0) return Number.NaN;
      let total = 0;
      for (const [pid, seconds] of latest) total += seconds - (first.get(pid) ?? 0);
      return total;
    },
  };
}

/**
 * CPU seconds so far of the server process and of the PostgreSQL sessions on the dataset's database
 * (when the database server runs on this machine, visible in /proc).
 */
async function cpuSnapshot(
  databaseUrl: string | undefined,
): Promise<{ server?: number; database: Map<number, number> }> {
  const pid = serverPid();
  const server = pid ? cpuSeconds(pid) : undefined;
  const database = new Map<number, number>();
  if (databaseUrl) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ pid: number }>(
        'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
      );
      for (const row of rows) {
        const seconds = cpuSeconds(row.pid);
        if (seconds !== undefined) database.set(row.pid, seconds);
      }
    } finally {
      await client.end();
    }
  }
  return server === undefined ? { database } : { server, database };
}

interface Fetched {
  status: number;
  ms: number;
  bytes: number;
  json: Json;
}

function fetchJson(agent: Agent, url: URL): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(
      url,
      { agent, headers: { 'Accept-Encoding': 'gzip', Accept: 'application/json' }, timeout: 120_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const elapsed = performance.now() - started;
          const raw = Buffer.concat(chunks);
          try {
            const body = res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
            resolve({ status: res.statusCode ?? 0, ms: elapsed, bytes: raw.length, json: JSON.parse(body.toString()) });
          } catch (error) {
            reject(error);
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout: ${url}`)));
    req.on('error', reject);
    req.end();
  });
}

/** Objects embedded in an object (any nested object with an `id` and a `type`), recursively. */
function countEmbedded(value: Json, top = true): number {
  if (Array.isArray(value)) return value.reduce((n: number, v: Json) => n + countEmbedded(v, false), 0);
  if (value === null || typeof value !== 'object') return 0;
  let n = !top && typeof value.id === 'string' && typeof value.type === 'string' ? 1 : 0;
  for (const [key, v] of Object.entries(value)) if (key !== 'geojson') n += countEmbedded(v, false);
  return n;
}

interface ListState {
  name: string;
  times: number[];
  objects: number;
  embedded: number;
  duplicates: number;
  failures: number;
  bytes: number;
  ids: Set<string>;
}

/** The crawl against a running server at `base`. */
export async function crawl(
  base: string,
  options: { concurrency: number; limit?: number | undefined; log: (line: string) => void },
): Promise<Omit<CrawlSeries, 'backend' | 'cpuBusy' | 'serverCpu' | 'databaseCpu' | 'loadBefore' | 'loadAfter'>> {
  const origin = new URL(base).origin;
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency + 1 });
  const states = new Map<string, ListState>();
  const state = (name: string) => {
    let s = states.get(name);
    if (!s) {
      s = { name, times: [], objects: 0, embedded: 0, duplicates: 0, failures: 0, bytes: 0, ids: new Set() };
      states.set(name, s);
    }
    return s;
  };
  let requests = 0;
  let singles = 0;
  let failures = 0;
  const get = async (href: string) => {
    const url = new URL(href);
    if (url.origin !== origin) throw new Error(`a link leaves the server under test: ${href}`);
    requests++;
    return fetchJson(agent, url);
  };

  /** Follows one list from its first page to its last. */
  const walk = async (name: string, first: string) => {
    const s = state(name);
    let next: string | undefined = first;
    while (next) {
      const page = await get(next);
      s.bytes += page.bytes;
      if (page.status !== 200 || !Array.isArray(page.json?.data)) {
        s.failures++;
        failures++;
        options.log(`oparl-crawl: ${next} answered ${page.status}: ${JSON.stringify(page.json).slice(0, 200)}`);
        return;
      }
      s.times.push(page.ms);
      for (const object of page.json.data as Json[]) {
        s.objects++;
        if (s.ids.has(object.id)) s.duplicates++;
        else s.ids.add(object.id);
        s.embedded += countEmbedded(object);
      }
      next = page.json.links?.next;
    }
  };

  const started = performance.now();
  const system = await get(`${base}/oparl/v1.1`);
  if (system.status !== 200) throw new Error(`GET /oparl/v1.1 answered ${system.status}`);
  singles++;
  const firstPage = (url: string) =>
    options.limit ? `${url}${url.includes('?') ? '&' : '?'}limit=${options.limit}` : url;
  await walk('body', firstPage(system.json.body));
  const chains: [string, string][] = [];
  for (const id of state('body').ids) {
    const body = await get(id);
    if (body.status !== 200) throw new Error(`GET ${id} answered ${body.status}`);
    singles++;
    for (const [property, name] of BODY_LISTS) {
      const url = body.json[property];
      if (typeof url === 'string') chains.push([name, firstPage(url)]);
    }
  }
  // Longest lists first, so that the crawl does not end waiting for one long list started last.
  const order = ['agendaItem', 'file', 'consultation', 'paper', 'meeting', 'membership'];
  const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
  chains.sort((a, b) => rank(a[0]) - rank(b[0]));
  let progress = 0;
  const ticker = setInterval(() => {
    const objects = [...states.values()].reduce((n, s) => n + s.objects, 0);
    const seconds = (performance.now() - started) / 1000;
    if (objects !== progress)
      options.log(
        `oparl-crawl: ${seconds.toFixed(0)} s, ${requests} requests, ${objects} objects (${Math.round(objects / seconds)}/s)`,
      );
    progress = objects;
  }, 15_000);
  try {
    await Promise.all(
      Array.from({ length: Math.min(options.concurrency, chains.length) }, async () => {
        for (let chain = chains.shift(); chain; chain = chains.shift()) await walk(chain[0], chain[1]);
      }),
    );
  } finally {
    clearInterval(ticker);
    agent.destroy();
  }
  const seconds = (performance.now() - started) / 1000;

  const summary = (times: number[]) => {
    const sorted = [...times].sort((a, b) => a - b);
    return {
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      max: sorted.at(-1) ?? Number.NaN,
    };
  };
  const lists = [...states.values()].map(
    (s): ListSeries => ({
      list: s.name,
      pages: s.times.length,
      objects: s.objects,
      embedded: s.embedded,
      duplicates: s.duplicates,
      failures: s.failures,
      bytes: s.bytes,
      ...summary(s.times),
    }),
  );
  const objects = lists.reduce((n, l) => n + l.objects, 0) + singles;
  return {
    seconds,
    requests,
    objects,
    embedded: lists.reduce((n, l) => n + l.embedded, 0),
    objectsPerSecond: objects / seconds,
    failures,
    duplicates: lists.reduce((n, l) => n + l.duplicates, 0),
    pages: summary([...states.values()].flatMap((s) => s.times)),
    lists,
  };
}

export async function benchOparlCrawl(options: OparlCrawlOptions): Promise<OparlCrawlResult> {
  const log = options.log ?? ((line: string) => console.error(line));
  const generation: GenerationRecord[] = [];
  const series: CrawlSeries[] = [];
  // The dataset helpers of portal-load.ts: the same datasets, shared by both benchmarks.
  const datasetOptions: PortalLoadOptions = {
    scale: options.scale,
    seed: options.seed,
    duration: 1,
    connections: 1,
    warmup: 0,
    backends: options.backends,
    databaseUrl: options.databaseUrl,
    fresh: options.fresh,
    drop: options.drop,
  };
  for (const backend of options.backends) {
    const dataset =
      backend === 'pglite' ? await pgliteDataset(datasetOptions, log) : await postgresDataset(datasetOptions, log);
    if (dataset.record) generation.push(dataset.record);
    // PUBLIC_URL would point the links elsewhere: the crawl stays on the server under test.
    const server = await startServer({ ...dataset.env, PUBLIC_URL: '' });
    try {
      log(`oparl-crawl: ${backend}: crawling ${server.base}/oparl/v1.1 with ${options.concurrency} lists at a time …`);
      const databaseUrl = 'DATABASE_URL' in dataset.env ? dataset.env.DATABASE_URL : undefined;
      const loadBefore = machineFacts().loadAverage;
      const before = await cpuSnapshot(undefined);
      const meter = databaseUrl ? databaseCpuMeter(databaseUrl) : undefined;
      const busy = cpuBusy();
      const result = await crawl(server.base, { concurrency: options.concurrency, limit: options.limit, log });
      const cpu = busy();
      const after = await cpuSnapshot(undefined);
      const databaseCpu = meter ? await meter.stop() : Number.NaN;
      const serverCpu =
        after.server !== undefined && before.server !== undefined ? after.server - before.server : Number.NaN;
      series.push({
        backend,
        ...result,
        cpuBusy: cpu,
        serverCpu,
        databaseCpu,
        loadBefore,
        loadAfter: machineFacts().loadAverage,
      });
    } finally {
      await server.stop();
    }
    if (options.drop) await dataset.drop();
  }
  const { log: _log, databaseUrl: _url, ...rest } = options;
  return { options: rest, generation, series };
}

export function crawlVerdict(s: CrawlSeries): string {
  if (s.backend !== 'postgres') return '(targets apply to PostgreSQL)';
  const rate = s.objectsPerSecond >= CRAWL_TARGET.objectsPerSecond;
  const p99 = Math.max(...s.lists.filter((l) => l.list !== 'body').map((l) => l.p99)) < CRAWL_TARGET.pageP99Ms;
  return rate && p99 ? 'met' : `MISSED (${rate ? '' : 'objects/s '}${p99 ? '' : 'p99 of a list'})`.replace(' )', ')');
}

export function formatOparlCrawl(result: OparlCrawlResult): string {
  const o = result.options;
  const lines = [
    `scale ${o.scale}, seed ${o.seed}; ${o.concurrency} lists at a time; page size ${o.limit ?? 'server default'}`,
    '',
  ];
  for (const s of result.series) {
    lines.push(
      `${s.backend}: ${s.objects} objects (+${s.embedded} embedded) in ${s.seconds.toFixed(1)} s = ${Math.round(s.objectsPerSecond)} objects/s; verdict: ${crawlVerdict(s)}`,
      `  ${s.requests} requests, ${s.failures} failed, ${s.duplicates} duplicates; all list pages: p50 ${ms(s.pages.p50)}, p95 ${ms(s.pages.p95)}, p99 ${ms(s.pages.p99)}, max ${ms(s.pages.max)} ms`,
      `  CPU: ${s.cpuBusy} % of the machine; server process ${s.serverCpu.toFixed(1)} s, its PostgreSQL sessions ${s.databaseCpu.toFixed(1)} s (${((1000 * (s.serverCpu + s.databaseCpu)) / s.objects).toFixed(2)} ms per object); load average ${s.loadBefore.join(' / ')} → ${s.loadAfter.join(' / ')}`,
      '',
      table(
        ['list', 'pages', 'objects', 'embedded', 'dup', 'failed', 'MB (gzip)', 'p50', 'p95', 'p99', 'max'],
        s.lists.map((l) => [
          l.list,
          String(l.pages),
          String(l.objects),
          String(l.embedded),
          String(l.duplicates),
          String(l.failures),
          (l.bytes / 1e6).toFixed(1),
          ms(l.p50),
          ms(l.p95),
          ms(l.p99),
          ms(l.max),
        ]),
      ),
      '',
    );
  }
  lines.push(
    `Targets (PostgreSQL, scale 1): ≥ ${CRAWL_TARGET.objectsPerSecond} objects/s, list pages p99 < ${CRAWL_TARGET.pageP99Ms} ms. Latencies in ms, measured in the benchmark process against \`ratsinfo serve\` in its own process.`,
  );
  return lines.join('\n');
}

function numberOption(argv: readonly string[], flag: string, fallback: number): number {
  const raw = argv.find((a) => a.startsWith(`--${flag}=`))?.slice(flag.length + 3);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${flag} must be a positive number, not "${raw}"`);
  return value;
}

/** Options from argv and the environment (DATABASE_URL: PostgreSQL, else PGlite). */
export function oparlCrawlOptions(argv: readonly string[]): OparlCrawlOptions {
  const databaseUrl = process.env.DATABASE_URL?.trim() || undefined;
  const backend =
    argv.find((a) => a.startsWith('--backend='))?.slice('--backend='.length) ?? (databaseUrl ? 'postgres' : 'pglite');
  if (!['pglite', 'postgres', 'both'].includes(backend)) throw new Error(`unknown --backend=${backend}`);
  if (backend !== 'pglite' && !databaseUrl) throw new Error('--backend=postgres needs DATABASE_URL');
  const limitGiven = argv.some((a) => a.startsWith('--limit='));
  return {
    scale: numberOption(argv, 'scale', 1),
    seed: intOption(argv, 'seed', 'BENCH_SEED', 1),
    concurrency: intOption(argv, 'concurrency', 'BENCH_CONCURRENCY', 6),
    limit: limitGiven ? intOption(argv, 'limit', 'BENCH_LIMIT', 100) : undefined,
    backends: backend === 'both' ? ['pglite', 'postgres'] : [backend as Backend],
    databaseUrl,
    fresh: argv.includes('--fresh'),
    drop: argv.includes('--drop'),
  };
}

if (isMain(import.meta.url)) {
  const options = oparlCrawlOptions(process.argv.slice(2));
  console.log(formatMachineFacts(machineFacts()));
  benchOparlCrawl(options).then(
    (result) => {
      console.log('');
      console.log(formatOparlCrawl(result));
      for (const g of result.generation) console.log(`\n${g.backend}: ${g.summary}`);
      const facts = machineFacts();
      console.log(`finished ${facts.date}, load average now ${facts.loadAverage.join(' / ')}`);
      // Timers of the server helpers (start-up and stop timeouts) would keep the process for minutes.
      process.exit(0);
    },
    (error: unknown) => {
      if (!isAborting()) console.error(error);
      process.exit(1);
    },
  );
}
