/**
 * Benchmark: the full-text search as the search page calls it (`search(db, …, visibility: 'public')`,
 * 20 hits a page, with titles, snippets and the total), over a fixed list of realistic queries and filter
 * combinations, against an EXISTING database: PostgreSQL (DATABASE_URL) or a PGlite data dir (DATA_DIR;
 * no server may be running on it). Make a large one first, e.g. `ratsinfo generate large-city`.
 *
 *   DATABASE_URL=postgres://… node --import tsx bench/search.ts [--rounds=5] [--warmup=1]
 *   DATA_DIR=./data node --import tsx bench/search.ts
 *   npm run bench -- --only=search          (same variables)
 *
 * Each round runs every case once, in order; the first `warmup` rounds are not counted. Reported: p50,
 * p95, p99 and max over all timed searches, and per case min, median, max and the number of hits (counted
 * up to 1,001: "mehr als 1.000"). On a busy machine compare the minimums.
 */
import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/db/open.ts';
import { type SearchOptions, search } from '../src/db/repositories/search.ts';
import {
  formatMachineFacts,
  intOption,
  isMain,
  machineFacts,
  ms,
  percentile,
  type Stats,
  stats,
  table,
} from './lib.ts';

export const SEARCH_TARGET_MS = 100;

export interface SearchCase {
  label: string;
  options: Omit<SearchOptions, 'visibility' | 'limit' | 'offset' | 'bodyId'> & {
    offset?: number;
    /** Filter by the body with the most papers. */
    body?: boolean;
  };
}

/** Words people look for in a council information system, some with filters, a typo, a phrase. */
export const SEARCH_CASES: SearchCase[] = [
  ...[
    'Haushalt',
    'Haushaltssatzung',
    'Nachtragshaushalt',
    'Bebauungsplan',
    'Kita',
    'Schule',
    'Straßenausbau',
    'Strassenbau',
    'Radverkehr',
    'Feuerwehr',
    'Bürgerhaus',
    'Buergerhaus',
    'Stadtbibliothek',
    'Klimaschutz',
    'Spielplatz',
    'Friedhof',
    'Jahresabschluss',
    'Stellenplan',
    'Digitalisierung',
    'Förderung',
    'Vergabe Straßenbauarbeiten',
    'Sanierung Turnhalle',
    '"Sanierung des Bürgerhauses"',
    'Antrag Fraktion',
    'Haushalt -Nachtrag',
  ].map((query) => ({ label: query, options: { query } })),
  { label: 'Haushlat (typo: no hits, suggestions)', options: { query: 'Haushlat' } },
  { label: 'Xylophonorchester (no hits)', options: { query: 'Xylophonorchester' } },
  { label: 'Haushalt, by date', options: { query: 'Haushalt', sort: 'date' } },
  { label: 'Schule, page 5', options: { query: 'Schule', offset: 80 } },
  { label: 'Kita, papers only', options: { query: 'Kita', kind: 'paper' } },
  { label: 'Straße, minutes only', options: { query: 'Straße', kind: 'minutes' } },
  { label: 'Haushalt, 2020–2021', options: { query: 'Haushalt', from: '2020-01-01', to: '2021-12-31' } },
  { label: 'Feuerwehr, body filter, by date', options: { query: 'Feuerwehr', body: true, sort: 'date' } },
];

export interface CaseResult {
  label: string;
  /** "1000+" when there are more than MAX_TOTAL. */
  total: string;
  stats: Stats;
}

export interface SearchBenchResult {
  backend: 'pglite' | 'postgres';
  shape: Record<string, number>;
  overall: Stats & { p95: number };
  cases: CaseResult[];
}

/** PGlite answers without returning to the event loop: let timers and signals run between searches. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function benchSearch(options: {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  rounds: number;
  warmup: number;
  log?: (line: string) => void;
}): Promise<SearchBenchResult> {
  if (!options.databaseUrl && !options.dataDir) {
    throw new Error('bench/search.ts needs an existing database: set DATABASE_URL or DATA_DIR');
  }
  const log = options.log ?? (() => {});
  const database = await openDatabase({ databaseUrl: options.databaseUrl, dataDir: options.dataDir });
  try {
    const db = database.db;
    const count = async (query: ReturnType<typeof sql>) =>
      Number(((await db.execute(query)) as unknown as { rows: { n: number }[] }).rows[0]?.n ?? 0);
    const shape = {
      bodies: await count(sql`select count(*)::int as n from bodies`),
      meetings: await count(sql`select count(*)::int as n from meetings`),
      agendaItems: await count(sql`select count(*)::int as n from agenda_items`),
      papers: await count(sql`select count(*)::int as n from papers`),
      files: await count(sql`select count(*)::int as n from files`),
      searchTerms: await count(sql`select count(*)::int as n from search_terms`),
    };
    const bodyId = await count(
      sql`select body_id as n from papers group by body_id order by count(*) desc, body_id limit 1`,
    );
    log(`search: ${database.kind}, ${JSON.stringify(shape)}`);
    const samples = new Map<string, number[]>(SEARCH_CASES.map((c) => [c.label, []]));
    const totals = new Map<string, string>();
    for (let round = 0; round < options.warmup + options.rounds; round++) {
      for (const c of SEARCH_CASES) {
        await yieldToEventLoop();
        const { body, offset, ...rest } = c.options;
        const start = performance.now();
        const result = await search(db, {
          ...rest,
          bodyId: body ? bodyId : undefined,
          visibility: 'public',
          limit: 20,
          offset: offset ?? 0,
        });
        const elapsed = performance.now() - start;
        if (round >= options.warmup) samples.get(c.label)?.push(elapsed);
        totals.set(c.label, `${result.total}${result.totalIsLowerBound ? '+' : ''}`);
      }
      log(
        `search: round ${round + 1} of ${options.warmup + options.rounds}${round < options.warmup ? ' (warm-up)' : ''}`,
      );
    }
    return {
      backend: database.kind,
      shape,
      overall: {
        ...stats([...samples.values()].flat()),
        p95: percentile(
          [...samples.values()].flat().sort((a, b) => a - b),
          95,
        ),
      },
      cases: SEARCH_CASES.map((c) => ({
        label: c.label,
        total: totals.get(c.label) ?? '',
        stats: stats(samples.get(c.label) ?? []),
      })),
    };
  } finally {
    await database.close();
  }
}

export function formatSearch(result: SearchBenchResult): string {
  const o = result.overall;
  return [
    `${result.backend}: ${Object.entries(result.shape)
      .map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`)
      .join(', ')}`,
    '',
    table(
      ['case', 'hits', 'min', 'median', 'max'],
      result.cases.map((c) => [c.label, String(c.total), ms(c.stats.min), ms(c.stats.median), ms(c.stats.max)]),
    ),
    '',
    table(
      ['all searches (ms)', 'n', 'p50', 'p95', 'p99', 'max', `target p95 < ${SEARCH_TARGET_MS}`],
      [
        [
          result.backend,
          String(o.n),
          ms(o.median),
          ms(o.p95),
          ms(o.p99),
          ms(o.max),
          o.p95 < SEARCH_TARGET_MS ? 'met' : 'MISSED',
        ],
      ],
    ),
  ].join('\n');
}

async function main(argv: string[]) {
  const rounds = intOption(argv, 'rounds', 'BENCH_ROUNDS', 5);
  const warmup = intOption(argv, 'warmup', 'BENCH_WARMUP', 1);
  console.log(formatMachineFacts(machineFacts()));
  console.log('');
  const result = await benchSearch({
    databaseUrl: process.env.DATABASE_URL?.trim() || undefined,
    dataDir: process.env.DATABASE_URL ? undefined : process.env.DATA_DIR?.trim() || undefined,
    rounds,
    warmup,
    log: (line) => console.error(line),
  });
  console.log(formatSearch(result));
}

if (isMain(import.meta.url)) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
