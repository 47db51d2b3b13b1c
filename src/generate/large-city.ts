/**
 * `ratsinfo generate large-city`: a reproducible large city (20 years, 60 Gremien, 25,000 meetings,
 * 250,000 agenda items, 120,000 papers at scale 1) for benchmarks and the OParl crawl. Same seed, scale
 * and end year → the same data: ids (in a database without other rows), texts, dates.
 *
 * Written past the services by the bulk writer, in ONE transaction: a failure leaves nothing behind.
 * One audit_log entry records the generation.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../db/open.ts';
import { DomainError } from '../domain/errors.ts';
import { slugProblem } from '../domain/slug.ts';
import { storeBodyMinutesTexts } from '../oparl/minutes.ts';
import { BulkWriter, bulkLoadMode, inSession } from './bulk.ts';
import { type CityPlan, planCity, targetCounts } from './city.ts';
import { CityWriter, COLUMNS, ID_TABLES, type IdTable } from './rows.ts';
import { CITY_NAME } from './vocabulary.ts';

/**
 * The default last year. Fixed (not "this year") so that the same command gives the same data on every
 * day; with 2027 the data runs from 2008 to 2027 and, as of 01.12.2026, has meetings ahead.
 */
export const DEFAULT_UNTIL_YEAR = 2027;
export const DEFAULT_SLUG = 'grossstadt';
/** Bump when the generated data changes: benchmarks key their cached datasets by it. */
export const GENERATOR_VERSION = 1;

export interface LargeCityOptions {
  scale: number;
  seed: number;
  slug: string;
  untilYear: number;
  /** The data's "today" (ISO date); default 1 December of the year before `untilYear`. */
  asOf: string;
}

export interface GenerateSummary {
  bodyId: number;
  slug: string;
  options: LargeCityOptions;
  /** Rows written per table. */
  counts: Record<string, number>;
  rows: number;
  seconds: { plan: number; write: number; analyze: number; total: number };
  backend: Database['kind'];
}

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function invalid(message: string): DomainError {
  return new DomainError('validation.invalid_input', message);
}

export function defaultAsOf(untilYear: number): string {
  return `${untilYear - 1}-12-01`;
}

/** Checks the options; German messages. */
export function validateOptions(input: Partial<LargeCityOptions>): LargeCityOptions {
  const scale = input.scale ?? 1;
  const seed = input.seed ?? 1;
  const slug = input.slug ?? DEFAULT_SLUG;
  const untilYear = input.untilYear ?? DEFAULT_UNTIL_YEAR;
  if (!Number.isFinite(scale) || scale < 0.001 || scale > 4) {
    throw invalid('--scale muss eine Zahl von 0,001 bis 4 sein (1 = 25.000 Sitzungen).');
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 31) throw invalid('--seed muss eine ganze Zahl ab 0 sein.');
  if (!SLUG.test(slug) || slug.length > 60) {
    throw invalid('--slug besteht aus Kleinbuchstaben, Ziffern und Bindestrichen (z. B. grossstadt).');
  }
  const reserved = slugProblem(slug);
  if (reserved) throw invalid(`--slug: ${reserved}`);
  if (!Number.isInteger(untilYear) || untilYear < 1990 || untilYear > 2100) {
    throw invalid('--until-year muss ein Jahr von 1990 bis 2100 sein.');
  }
  const asOf = input.asOf ?? defaultAsOf(untilYear);
  const first = `${untilYear - 19}-01-01`;
  const last = `${untilYear}-12-31`;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(asOf)) || asOf < first || asOf > last) {
    throw invalid(`--as-of muss ein Datum (JJJJ-MM-TT) zwischen ${first} und ${last} sein.`);
  }
  return { scale, seed, slug, untilYear, asOf };
}

/** Parses `--scale=0.01 --seed=2 --slug=x --until-year=2027 --as-of=2026-12-01`. */
export function parseOptions(args: readonly string[]): LargeCityOptions {
  const input: Partial<LargeCityOptions> = {};
  for (const arg of args) {
    const match = /^--([a-z-]+)=(.*)$/.exec(arg);
    if (!match) throw invalid(`Unbekannte Angabe „${arg}“. Erlaubt: --scale, --seed, --slug, --until-year, --as-of.`);
    const [, name, value = ''] = match;
    const number = Number(value.replace(',', '.'));
    switch (name) {
      case 'scale':
        input.scale = value === '' ? Number.NaN : number;
        break;
      case 'seed':
        input.seed = value === '' ? Number.NaN : number;
        break;
      case 'slug':
        input.slug = value;
        break;
      case 'until-year':
        input.untilYear = value === '' ? Number.NaN : number;
        break;
      case 'as-of':
        input.asOf = value;
        break;
      default:
        throw invalid(`Unbekannte Angabe „--${name}“. Erlaubt: --scale, --seed, --slug, --until-year, --as-of.`);
    }
  }
  return validateOptions(input);
}

function bodyName(slug: string): string {
  return slug === DEFAULT_SLUG ? `Stadt ${CITY_NAME}` : `Stadt ${CITY_NAME} (${slug})`;
}

const SLUG_QUERY = 'select 1 from bodies where slug = $1';

function slugTaken(slug: string): DomainError {
  return new DomainError(
    'body.slug_taken',
    `Der Kurzname „${slug}“ ist bereits vergeben; es wurde nichts geschrieben. Wählen Sie mit --slug einen anderen.`,
    { slug },
  );
}

const format = (n: number) => n.toLocaleString('de-DE');

/** German progress lines on stderr ("Sitzungen: 12.000 von 25.000"), at most one per tenth. */
function progressPrinter(log: (line: string) => void) {
  const last = new Map<string, number>();
  return (label: string, done: number, total: number) => {
    const step = total > 0 ? Math.floor((done / total) * 10) : 10;
    if ((last.get(label) ?? -1) >= step && done < total) return;
    last.set(label, step);
    log(`${label}: ${format(done)} von ${format(total)}`);
  };
}

/** Generates the city into the database. */
export async function generateLargeCity(
  database: Database,
  input: Partial<LargeCityOptions>,
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<GenerateSummary> {
  const options = validateOptions(input);
  const started = performance.now();
  if ((await rawRows(database, SLUG_QUERY, [options.slug])).length > 0) throw slugTaken(options.slug);
  const targets = targetCounts(options.scale);
  log(
    `Plane ${bodyName(options.slug)}: ${format(targets.gremien)} Gremien, ${format(targets.meetings)} Sitzungen, ` +
      `${format(targets.agendaItems)} Tagesordnungspunkte, ${format(targets.papers)} Vorlagen (Saat ${options.seed}, Maßstab ${String(options.scale).replace('.', ',')}, ${options.untilYear - 19}–${options.untilYear}, Stichtag ${options.asOf}) …`,
  );
  const plan: CityPlan = planCity(options);
  const planned = performance.now();
  const progress = progressPrinter(log);
  let bodyId = 0;
  const counts = await inSession(database, async (session) => {
    if ((await session.query(SLUG_QUERY, [options.slug])).length > 0) throw slugTaken(options.slug);
    // Other writers wait until the generation commits; readers are not blocked.
    const tables = Object.keys(COLUMNS);
    await session.query(`lock table ${tables.join(', ')} in exclusive mode`);
    const [maxima] = await session.query<Record<string, number | string | null>>(
      `select ${ID_TABLES.map((t) => `(select coalesce(max(id), 0) from ${t}) as ${t}`).join(', ')}`,
    );
    const offsets = Object.fromEntries(ID_TABLES.map((t) => [t, Number(maxima?.[t] ?? 0)])) as Record<IdTable, number>;
    bodyId = offsets.bodies + 1;
    const verifyForeignKeys = await bulkLoadMode(session, tables, { rebuildIndexes: targets.agendaItems >= 20_000 });
    const writer = new BulkWriter(session, COLUMNS);
    await new CityWriter(
      plan,
      writer,
      offsets,
      { slug: options.slug, name: bodyName(options.slug) },
      progress,
    ).writeAll();
    if (verifyForeignKeys) {
      log('Suchindizes werden aufgebaut, Fremdschlüssel geprüft …');
      await verifyForeignKeys();
    }
    // The rows were written without row triggers: the children's times the OParl API reads (0011) anew.
    await session.query('select oparl_children_modified_rebuild()');
    for (const table of ID_TABLES) {
      await session.query(
        `select setval(pg_get_serial_sequence('${table}', 'id'), m) from (select max(id) as m from ${table}) t where m is not null`,
      );
    }
    const written = { ...writer.written };
    await session.query(
      `insert into audit_log (body_id, actor, action, entity, entity_id, after) values ($1, 'cli:generate', 'generate', 'body', $2, $3)`,
      [
        bodyId,
        String(bodyId),
        JSON.stringify({ generator: 'large-city', version: GENERATOR_VERSION, ...options, counts: written }),
      ],
    );
    return written;
  });
  const wrote = performance.now();
  log('Statistiken werden aktualisiert (ANALYZE) …');
  await database.db.execute(sql`analyze`);
  // The texts of the published minutes, stored for the OParl API (migration 0011) as it would store them.
  log('Niederschriftstexte für OParl werden gespeichert …');
  await storeBodyMinutesTexts(database.db, bodyId);
  const done = performance.now();
  const rows = Object.values(counts).reduce((s, n) => s + n, 0);
  return {
    bodyId,
    slug: options.slug,
    options,
    counts,
    rows,
    seconds: {
      plan: (planned - started) / 1000,
      write: (wrote - planned) / 1000,
      analyze: (done - wrote) / 1000,
      total: (done - started) / 1000,
    },
    backend: database.kind,
  };
}

async function rawRows(database: Database, text: string, params: unknown[] = []): Promise<unknown[]> {
  const client = (
    database.db as unknown as { $client: { query(t: string, p: unknown[]): Promise<{ rows: unknown[] }> } }
  ).$client;
  return (await client.query(text, params)).rows;
}

const LABELS: [string, string][] = [
  ['organizations', 'Organisationen'],
  ['persons', 'Personen'],
  ['memberships', 'Mitgliedschaften'],
  ['meetings', 'Sitzungen'],
  ['agenda_items', 'Tagesordnungspunkte'],
  ['papers', 'Vorlagen'],
  ['consultations', 'Beratungen'],
  ['files', 'Dateien'],
  ['attendance', 'Anwesenheiten'],
  ['votes', 'Abstimmungen'],
  ['vote_faction_results', 'Fraktionsergebnisse'],
];

/** The German summary printed at the end. */
export function describeSummary(summary: GenerateSummary): string {
  const c = summary.counts;
  const parts = LABELS.map(([table, label]) => `${format(c[table] ?? 0)} ${label}`);
  const perSecond = Math.round(summary.rows / Math.max(0.001, summary.seconds.write));
  return [
    `${bodyName(summary.slug)} („${summary.slug}“, Körperschaft ${summary.bodyId}) erzeugt: ${parts.join(', ')}.`,
    `Insgesamt ${format(summary.rows)} Zeilen in ${summary.seconds.total.toFixed(1).replace('.', ',')} s ` +
      `(Planung ${summary.seconds.plan.toFixed(1).replace('.', ',')} s, Schreiben ${summary.seconds.write.toFixed(1).replace('.', ',')} s = ${format(perSecond)} Zeilen/s, ` +
      `ANALYZE ${summary.seconds.analyze.toFixed(1).replace('.', ',')} s; ${summary.backend === 'pglite' ? 'eingebettete Datenbank' : 'PostgreSQL'}).`,
  ].join('\n');
}
