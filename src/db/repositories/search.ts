/**
 * Full-text search over papers, agenda items, minutes (text, resolution, addenda) and file text
 * (docs/search.md). Visibility is applied HERE, in SQL, in every branch of the search, in the count and in
 * the suggestions: a public reader finds only what the portal shows.
 *
 * The documents' tsvectors are generated columns (migration 0004_search): german configuration over the
 * text folded by `search_fold` (ae/oe/ue → ä/ö/ü), weight A for titles. A query word is matched by its stem,
 * as a prefix (`haushalt:*` finds "Haushaltspläne"), and as the head or part of a compound found in the
 * vocabulary `search_terms` ("Nachtragshaushalt"); a "quoted phrase" is matched exactly (stems in order).
 */
import { type SQL, sql } from 'drizzle-orm';
import { DomainError } from '../../domain/errors.ts';
import type { Visibility } from '../../domain/visibility.ts';
import type { Executor } from '../open.ts';
import { agendaItemFindable, itemMinutesReadable, paperReadable } from './visibility.ts';

export type SearchKind = 'paper' | 'agenda_item' | 'minutes' | 'file';
export const SEARCH_KINDS: readonly SearchKind[] = ['paper', 'agenda_item', 'minutes', 'file'];
export type SearchSort = 'relevance' | 'date';

/** Longest query accepted, in characters. */
export const MAX_QUERY_LENGTH = 200;
/** Most search terms (words and phrases) in one query. */
export const MAX_QUERY_TERMS = 12;
/** Results per page at most. */
export const MAX_PAGE_SIZE = 50;
/** Hits are counted up to this many ("mehr als 1.000 Treffer"); no page goes beyond them. */
export const MAX_TOTAL = 1_000;

/** A piece of a title or snippet; `hit` pieces match the query (the page marks them). */
export interface Segment {
  text: string;
  hit: boolean;
}

export interface SearchTerm {
  text: string;
  /** A "quoted phrase": its words in this order, exact stems, no prefixes or compounds. */
  phrase: boolean;
  /** `-word` or `-"phrase"`: documents containing it are left out. */
  exclude: boolean;
}

/** A query split into terms. Throws `search.query_too_long` (German message) when it is too long. */
export function parseSearchQuery(input: string): SearchTerm[] {
  const query = input
    .replace(/[„“”«»]/g, '"')
    .replace(/\p{Cc}/gu, ' ')
    .trim();
  if (query.length > MAX_QUERY_LENGTH) {
    throw new DomainError(
      'search.query_too_long',
      `Die Suchanfrage ist zu lang: höchstens ${MAX_QUERY_LENGTH} Zeichen, es sind ${query.length}.`,
      { maxLength: MAX_QUERY_LENGTH, length: query.length },
    );
  }
  const terms: SearchTerm[] = [];
  for (const match of query.matchAll(/(-?)"([^"]*)"?|(\S+)/g)) {
    if (match[3] !== undefined) {
      const exclude = match[3].startsWith('-') && match[3].length > 1;
      // Punctuation around a word is not part of it ("Haushalt," or "(Kita)").
      const text = (exclude ? match[3].slice(1) : match[3]).replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
      if (text) terms.push({ text, phrase: false, exclude });
    } else {
      const text = (match[2] ?? '').trim().replace(/\s+/g, ' ');
      if (text) terms.push({ text, phrase: true, exclude: match[1] === '-' });
    }
  }
  if (terms.length > MAX_QUERY_TERMS) {
    throw new DomainError(
      'search.query_too_long',
      `Die Suchanfrage hat zu viele Begriffe: höchstens ${MAX_QUERY_TERMS}, es sind ${terms.length}.`,
      { maxTerms: MAX_QUERY_TERMS, terms: terms.length },
    );
  }
  return terms;
}

export interface SearchFilters {
  /** Only this body (tenant). */
  bodyId?: number | undefined;
  /** Only this council or committee (Gremium): meetings it held, papers on its consultation path. */
  organizationId?: number | undefined;
  kind?: SearchKind | undefined;
  /** ISO calendar dates, inclusive: the paper's date, the meeting's day (Europe/Berlin). */
  from?: string | undefined;
  to?: string | undefined;
}

export interface SearchOptions extends SearchFilters {
  query: string;
  visibility: Visibility;
  sort?: SearchSort | undefined;
  limit: number;
  offset: number;
}

interface HitBase {
  id: number;
  title: Segment[];
  /** A passage of the text with the matches; empty when there is no text. */
  snippet: Segment[];
  /** ISO calendar date: the paper's date, the meeting's day. */
  date: string | null;
  body: { slug: string; name: string };
}

export interface MeetingRef {
  id: number;
  startAt: Date;
  organization: { id: number; name: string };
}

export type SearchHit =
  | (HitBase & { kind: 'paper'; reference: string; paperType: string })
  | (HitBase & { kind: 'agenda_item'; meeting: MeetingRef; itemNumber: string })
  | (HitBase & {
      kind: 'minutes';
      meeting: MeetingRef;
      itemNumber: string;
      itemTitle: string;
      /** The heading of an addendum ("Ergänzende Antwort zur Niederschrift"); null for the item's own minutes. */
      addendum: string | null;
    })
  | (HitBase & {
      kind: 'file';
      fileName: string;
      mimeType: string;
      size: number;
      /** Where the file is attached (for a public reader: something public). */
      paper: { id: number; reference: string } | null;
      meeting: (MeetingRef & { itemNumber: string }) | null;
    });

export interface SearchResult {
  terms: SearchTerm[];
  /** False when the query had no searchable word (empty, only very common words, only exclusions). */
  searchable: boolean;
  /** Hits, counted up to MAX_TOTAL. */
  total: number;
  /** There are more hits than `total` (MAX_TOTAL): "mehr als 10.000 Treffer". */
  totalIsLowerBound: boolean;
  hits: SearchHit[];
  /** When nothing was found: the query with a similar word from the readable titles ("Meinten Sie …"). */
  suggestions: string[];
  /** When nothing was found with filters: how many hits there are without them. */
  totalWithoutFilters: number | null;
}

// Markers for highlighted words in ts_headline's output; removed from the source text beforehand. Its
// parser takes "<…>" for markup and "&…;" for entities and leaves them out of fragments: "<" and "&" are
// handed over as stand-ins and restored, so that a snippet is the document's text as it is.
const START = '\u0001';
const STOP = '\u0002';
const LT = '\u0003';
const AMP = '\u0004';
const CONTROL_FROM = `<&${START}${STOP}${LT}${AMP}`;
const CONTROL_TO = `${LT}${AMP}`;
const TITLE_OPTIONS = `HighlightAll=true, StartSel="${START}", StopSel="${STOP}"`;
const SNIPPET_OPTIONS = `StartSel="${START}", StopSel="${STOP}", MaxWords=30, MinWords=12, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "`;
/** Text given to ts_headline at most (it parses all it gets); a match further on shows the beginning. */
const SNIPPET_SOURCE_CHARS = 20_000;
/**
 * Similar vocabulary stems tried per query word for a suggestion. Generous, so that similar stems of
 * non-public documents (which are tried and dropped) cannot crowd out the readable ones.
 */
const MAX_SUGGESTION_CANDIDATES = 20;
/** Compounds a query word expands to at most. */
const MAX_EXPANSIONS = 60;

// ---------------------------------------------------------------------------------------------------
// Visibility: the conditions of the one gate (visibility.ts): papers readable, agenda items findable
// once their agenda is published (never a non-public item, titles included), minutes content once signed,
// files through something readable they are attached to.

// ---------------------------------------------------------------------------------------------------
// Queries

/** A lexeme quoted for the tsquery input syntax. */
function lexeme(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** "Bürgerhaus" → "Buergerhaus": the spelling without umlauts and ß. */
function transliterated(text: string): string {
  const map: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', Ä: 'Ae', Ö: 'Oe', Ü: 'Ue', ß: 'ss' };
  return text.replace(/[äöüÄÖÜß]/g, (c) => map[c] ?? c);
}

interface AnalysedTerm {
  term: SearchTerm;
  /** tsquery text matching the term in documents; null when nothing of it is searchable (stop words). */
  match: string | null;
  /** tsquery text for highlighting in the original (unfolded) text. */
  highlight: string | null;
  /** The stem of a single word (for suggestions); null for phrases and words with inner punctuation. */
  stem: string | null;
}

type Row = Record<string, unknown>;

async function rows<T = Row>(db: Executor, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

function textArray(values: readonly string[]): SQL {
  return values.length === 0
    ? sql`array[]::text[]`
    : sql`array[${sql.join(
        values.map((v) => sql`${v}`),
        sql`, `,
      )}]::text[]`;
}

/**
 * Stems, phrase queries and compound expansions of the terms, in one statement. A single word becomes
 * `stem:*` (from 3 letters) or'ed with the vocabulary's words that end with the stem (from 4 letters) or
 * contain it (from 6 letters); a word with inner punctuation ("Schul-Entwicklungsplan", "10/002/2021") and
 * a phrase become a phrase query.
 */
async function analyse(db: Executor, terms: SearchTerm[]): Promise<AnalysedTerm[]> {
  if (terms.length === 0) return [];
  const result = await rows<{
    ord: number;
    lexemes: string[];
    phrase: string;
    raw_phrase: string;
    spelled_phrase: string;
    expansions: string[];
  }>(
    db,
    sql`with t as (
        select w, spelled, ord
        from unnest(${textArray(terms.map((t) => t.text))}, ${textArray(terms.map((t) => transliterated(t.text)))})
          with ordinality as t(w, spelled, ord)
      ), l as (
        select t.ord, t.w,
          array(select x from unnest(tsvector_to_array(to_tsvector('german', search_fold(t.w)))) x) as lexemes,
          phraseto_tsquery('german', search_fold(t.w))::text as phrase,
          phraseto_tsquery('german', t.w)::text as raw_phrase,
          phraseto_tsquery('german', t.spelled)::text as spelled_phrase
        from t
      )
      select l.ord::int as ord, l.lexemes, l.phrase, l.raw_phrase, l.spelled_phrase,
        case when cardinality(l.lexemes) = 1 and length(l.lexemes[1]) >= 4 then array(
          select s.term from search_terms s, (select replace(replace(replace(l.lexemes[1], '\\', '\\\\'), '%', '\\%'), '_', '\\_') as e) p
          where s.term like '%' || p.e || case when length(l.lexemes[1]) >= 6 then '%' else '' end
            and s.term not like p.e || '%'
          order by length(s.term), s.term limit ${MAX_EXPANSIONS}
        ) else array[]::text[] end as expansions
      from l order by l.ord`,
  );
  return terms.map((term, index) => {
    const row = result.find((r) => Number(r.ord) === index + 1);
    if (!row || row.phrase === '') return { term, match: null, highlight: null, stem: null };
    const single = !term.phrase && row.lexemes.length === 1 && /^[\p{L}\p{N}]+$/u.test(term.text);
    // Highlighting parses the original text, where "Buergerhaus" is not folded: the query's own and its
    // transliterated spelling are looked for there as well.
    const highlight = (match: string) =>
      [...new Set([match, row.raw_phrase, row.spelled_phrase].filter(Boolean))].join(' | ');
    if (!single) return { term, match: row.phrase, highlight: highlight(row.phrase), stem: null };
    const stem = row.lexemes[0] as string;
    const alternatives = [stem.length >= 3 ? `${lexeme(stem)}:*` : lexeme(stem), ...row.expansions.map(lexeme)];
    const match = alternatives.join(' | ');
    return { term, match, highlight: highlight(match), stem };
  });
}

interface PreparedQuery {
  /** tsquery text: every positive term, none of the excluded ones. */
  match: string;
  /** tsquery text per positive term (relevance: how many of them a title has). */
  terms: string[];
  highlight: string;
}

function prepare(analysed: AnalysedTerm[]): PreparedQuery | undefined {
  const positive = analysed.filter((a) => !a.term.exclude && a.match);
  if (positive.length === 0) return undefined;
  const negative = analysed.filter((a) => a.term.exclude && a.match);
  return {
    match: [...positive.map((a) => `(${a.match})`), ...negative.map((a) => `!(${a.match})`)].join(' & '),
    terms: positive.map((a) => a.match as string),
    highlight: positive.map((a) => `(${a.highlight})`).join(' | '),
  };
}

const berlinDay = (column: SQL) => sql`(${column} at time zone 'Europe/Berlin')::date`;

function dateRange(day: SQL, filters: SearchFilters): SQL {
  return sql.join(
    [
      filters.from ? sql` and ${day} >= ${filters.from}::date` : sql``,
      filters.to ? sql` and ${day} <= ${filters.to}::date` : sql``,
    ],
    sql``,
  );
}

/**
 * Which hits a query returns: all; only those with every (positive) term in their title (papers, agenda
 * items; files: their name); or only the others (minutes and addenda always).
 */
type Tier = 'all' | 'title' | 'rest';

/** Order of the kinds among hits of the same day: the paper is what a reader usually looks for. */
const KIND_ORDER = { paper: 1, agenda_item: 2, minutes: 3, addendum: 4, file: 5 } as const;

interface BranchOptions {
  tier: Tier;
  /**
   * Each kind's hits newest first, at most this many (the page query): the database walks the date
   * index and stops early for a common word, or sorts the few hits of a rare one. Without it: unordered.
   */
  limit?: number;
  /** The tsquery as an SQL expression instead of `query.match` (tier 'all' only). */
  q?: SQL;
}

/**
 * The matching documents a reader may read, one SELECT per kind, UNION ALL: tier (0 title, 1 rest),
 * kind_order, kind, id, day (the paper's date, the meeting's day in Europe/Berlin, a file's newest
 * paper or meeting), sort_key (within a kind: date or meeting start). `kind` values: paper,
 * agenda_item, minutes, addendum (shown as minutes), file.
 */
function hitsQuery(query: PreparedQuery, visibility: Visibility, filters: SearchFilters, options: BranchOptions): SQL {
  const q = options.q ?? sql`${query.match}::tsquery`;
  const allInTitle = sql`${query.terms.map((t) => `(${t})`).join(' & ')}::tsquery`;
  const excludes = query.match.includes('!(');
  const tierNo = sql.raw(options.tier === 'rest' ? '1' : '0');
  const branches: SQL[] = [];
  const wants = (kind: SearchKind) => !filters.kind || filters.kind === kind;
  /**
   * The match condition of a kind in the tier. Where the title is part of the document's vector
   * (papers, files), the title tier needs the full vector only to check excluded words.
   */
  const matches = (vector: SQL, title: SQL, titleIsPart: boolean) => {
    if (options.tier === 'all') return sql`${vector} @@ ${q}`;
    if (options.tier === 'rest') return sql`${vector} @@ ${q} and not (${title} @@ ${allInTitle})`;
    return titleIsPart && !excludes
      ? sql`${title} @@ ${allInTitle}`
      : sql`${vector} @@ ${q} and ${title} @@ ${allInTitle}`;
  };
  const ordered = (order: SQL) => (options.limit != null ? sql` order by ${order} limit ${options.limit}` : sql``);
  const select = (kind: keyof typeof KIND_ORDER, id: SQL, day: SQL, sortKey: SQL) =>
    sql`select ${tierNo} as tier, ${sql.raw(String(KIND_ORDER[kind]))} as kind_order, ${sql.raw(`'${kind}'`)} as kind,
      ${id} as id, ${day} as day, ${sortKey} as sort_key`;
  const body = (column: SQL) => (filters.bodyId != null ? sql` and ${column} = ${filters.bodyId}` : sql``);
  const meetingDay = berlinDay(sql`meetings.start_at`);
  const meetingFilters = sql`${body(sql`meetings.body_id`)}${
    filters.organizationId != null ? sql` and meetings.organization_id = ${filters.organizationId}` : sql``
  }${dateRange(meetingDay, filters)}`;
  const paperFilters = sql`${body(sql`papers.body_id`)}${
    filters.organizationId != null
      ? sql` and exists (select 1 from consultations c where c.paper_id = papers.id and c.organization_id = ${filters.organizationId})`
      : sql``
  }${dateRange(sql`papers.date`, filters)}`;
  const byMeeting = (id: SQL) => sql`meetings.start_at desc, ${id} desc`;

  if (wants('paper')) {
    branches.push(sql`(${select('paper', sql`papers.id`, sql`papers.date`, sql`papers.date::timestamptz`)}
      from papers where ${matches(sql`papers.search_vector`, sql`papers.title_vector`, true)}
        and ${paperReadable(visibility)}${paperFilters}${ordered(sql`papers.date desc nulls last, papers.id desc`)})`);
  }
  // An agenda item's vector is its title: all its hits are title hits.
  if (wants('agenda_item') && options.tier !== 'rest') {
    branches.push(sql`(${select('agenda_item', sql`agenda_items.id`, meetingDay, sql`meetings.start_at`)}
      from agenda_items join meetings on meetings.id = agenda_items.meeting_id
      where agenda_items.search_vector @@ ${q} and ${agendaItemFindable(visibility)}${meetingFilters}${ordered(
        byMeeting(sql`agenda_items.id`),
      )})`);
  }
  // Minutes and addenda have no title of their own: they belong to the rest (their item is a title hit).
  if (wants('minutes') && options.tier !== 'title') {
    branches.push(sql`(${select('minutes', sql`agenda_items.id`, meetingDay, sql`meetings.start_at`)}
      from agenda_items join meetings on meetings.id = agenda_items.meeting_id
      where agenda_items.minutes_vector @@ ${q}
        and ${itemMinutesReadable(visibility)}${meetingFilters}${ordered(byMeeting(sql`agenda_items.id`))})`);
    branches.push(sql`(${select('addendum', sql`addenda.id`, meetingDay, sql`meetings.start_at`)}
      from addenda join agenda_items on agenda_items.id = addenda.agenda_item_id
        join meetings on meetings.id = agenda_items.meeting_id
      where addenda.search_vector @@ ${q}
        and ${itemMinutesReadable(visibility)}${meetingFilters}${ordered(byMeeting(sql`addenda.id`))})`);
  }
  if (wants('file')) {
    // A file is found through something it is attached to that the reader may read (and that passes the
    // filters); its day is the newest such paper's or meeting's.
    const contextRequired = visibility === 'public' || filters.organizationId != null || filters.from || filters.to;
    branches.push(sql`(${select('file', sql`files.id`, sql`ctx.day`, sql`ctx.day::timestamptz`)}
      from files ${contextRequired ? sql`join lateral` : sql`left join lateral`} (
        select max(day) as day from (
          select papers.date as day from paper_files join papers on papers.id = paper_files.paper_id
          where paper_files.file_id = files.id and ${paperReadable(visibility)}${paperFilters}
          union all
          select ${meetingDay} from agenda_item_attachments
            join agenda_items on agenda_items.id = agenda_item_attachments.agenda_item_id
            join meetings on meetings.id = agenda_items.meeting_id
          where agenda_item_attachments.file_id = files.id and ${itemMinutesReadable(visibility)}${meetingFilters}
        ) c having ${contextRequired ? sql`count(*) > 0` : sql`true`}
      ) ctx on true
      where ${matches(sql`files.search_vector`, sql`files.name_vector`, true)}${body(sql`files.body_id`)}${ordered(
        sql`ctx.day desc nulls last, files.id desc`,
      )})`);
  }
  // Nothing of this tier for the kind asked for: a query without rows.
  if (branches.length === 0) {
    return sql`select 0 as tier, 0 as kind_order, null::text as kind, null::int as id, null::date as day,
      null::timestamptz as sort_key where false`;
  }
  return sql.join(branches, sql` union all `);
}

/**
 * Runs `fn` with sequential scans discouraged for its statements: for a common word the planner would
 * otherwise read every row's full tsvector (decompressing the long texts') instead of using the GIN
 * index, which answers plain word queries without reading the vectors at all.
 */
async function withIndexes<T>(db: Executor, fn: (tx: Executor) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    // A page or a capped count needs few rows: no parallel workers to start.
    await tx.execute(
      sql`select set_config('enable_seqscan', 'off', true), set_config('max_parallel_workers_per_gather', '0', true)`,
    );
    return fn(tx as unknown as Executor);
  });
}

/** Hits counted up to `cap` (the count stops there: a common word has tens of thousands). */
async function countHits(
  db: Executor,
  query: PreparedQuery,
  visibility: Visibility,
  filters: SearchFilters,
  cap: number,
  tier: Tier = 'all',
): Promise<number> {
  const [row] = await rows<{ n: number }>(
    db,
    sql`select count(*)::int as n from (select 1 from (${hitsQuery(query, visibility, filters, { tier })}) hits limit ${cap}) c`,
  );
  return Number(row?.n ?? 0);
}

/** The first hit (kind and id), or undefined: cheaper than counting. */
async function firstHit(db: Executor, query: PreparedQuery, visibility: Visibility, filters: SearchFilters) {
  return withIndexes(db, async (tx) => {
    const [row] = await rows<PageRow>(
      tx,
      sql`select kind, id from (${hitsQuery(query, visibility, filters, { tier: 'all' })}) hits limit 1`,
    );
    return row;
  });
}

/**
 * One page of hits. By relevance: the hits with every word in their title first (papers, then agenda
 * items, then files by name), then the others (papers by their text, minutes, addenda, files by their
 * text), each kind newest first. By date: newest first, papers before agenda items, minutes, addenda and
 * files of the same day. Each kind contributes at most offset + limit hits, and is walked in date order
 * or sorted from its few hits, as the planner estimates: a page costs about the same for a word with a
 * hundred hits as for one with fifty thousand.
 */
async function pageOf(
  db: Executor,
  query: PreparedQuery,
  visibility: Visibility,
  filters: SearchFilters,
  sort: SearchSort,
  limit: number,
  offset: number,
): Promise<PageRow[]> {
  const tier = (tier: Tier, tierLimit: number, tierOffset: number) =>
    rows<PageRow>(
      db,
      sql`select kind, id from (${hitsQuery(query, visibility, filters, { tier, limit: tierOffset + tierLimit })}) hits
        order by ${sort === 'date' ? sql`day desc nulls last, kind_order` : sql`kind_order, day desc nulls last`},
          sort_key desc nulls last, id desc
        limit ${tierLimit} offset ${tierOffset}`,
    );
  if (sort === 'date') return tier('all', limit, offset);
  // The rest only when the title hits do not fill the page: its condition ("in the text, not in the
  // title") is one the planner cannot estimate, and a common word's title hits fill many pages.
  const titled = await tier('title', limit, offset);
  if (titled.length === limit) return titled;
  const titledTotal =
    titled.length > 0 ? offset + titled.length : await countHits(db, query, visibility, filters, offset, 'title');
  return [...titled, ...(await tier('rest', limit - titled.length, Math.max(0, offset - titledTotal)))];
}

/** Splits ts_headline output at the markers into segments. */
function segments(output: string | null | undefined): Segment[] {
  if (!output) return [];
  const marked = output.replaceAll(LT, '<').replaceAll(AMP, '&');
  const result: Segment[] = [];
  for (const [index, part] of marked.split(START).entries()) {
    const [hit, rest] =
      index === 0 ? ['', part] : [part.slice(0, part.indexOf(STOP)), part.slice(part.indexOf(STOP) + 1)];
    const closed = index === 0 || part.includes(STOP);
    if (!closed) {
      result.push({ text: part.replaceAll(STOP, ''), hit: false });
      continue;
    }
    if (hit) result.push({ text: hit, hit: true });
    if (rest) result.push({ text: rest.replaceAll(STOP, ''), hit: false });
  }
  // Adjacent pieces of the same kind merged (ts_headline marks each word of a phrase on its own).
  return result.reduce<Segment[]>((acc, s) => {
    const last = acc[acc.length - 1];
    if (last && last.hit === s.hit) last.text += s.text;
    else acc.push({ ...s });
    return acc;
  }, []);
}

/** A snippet with "…" where the passage does not start or end with the text. */
function snippet(marked: string | null, head: string | null, tail: string | null): Segment[] {
  const parts = segments(marked);
  if (parts.length === 0) return parts;
  // Compared by letters and digits only: ts_headline leaves out punctuation at the edges.
  const plain = (s: string) => s.replace(/[^\p{L}\p{N}]+/gu, '');
  const joined = plain(parts.map((p) => p.text).join(''));
  const first = parts[0] as Segment;
  const last = parts[parts.length - 1] as Segment;
  if (head != null && !plain(head).startsWith(joined.slice(0, 20))) {
    parts.unshift({ text: '… ', hit: false });
    first.text = first.text.trimStart();
  }
  if (tail != null && !plain(tail).endsWith(joined.slice(-20))) {
    last.text = last.text.trimEnd();
    parts.push({ text: ' …', hit: false });
  }
  return parts;
}

/** ts_headline over a text without the marker characters. */
function headline(text: SQL, hq: SQL, options: string, limit?: number): SQL {
  const source = limit ? sql`left(${text}, ${limit})` : text;
  return sql`ts_headline('german', translate(${source}, ${CONTROL_FROM}, ${CONTROL_TO}), ${hq}, ${options})`;
}
/** Start and end of a text (for the snippet's "…"). */
function ends(text: SQL) {
  return sql`left(${text}, 200) as head, right(${text}, 200) as tail`;
}

interface PageRow {
  kind: string;
  id: number;
}

const meetingColumns = sql`meetings.id as meeting_id, meetings.start_at, organizations.id as organization_id,
  organizations.name as organization_name, to_char(${berlinDay(sql`meetings.start_at`)}, 'YYYY-MM-DD') as day,
  bodies.slug as body_slug, bodies.name as body_name`;

function meetingRef(r: Row): MeetingRef {
  return {
    id: Number(r.meeting_id),
    startAt: new Date(r.start_at as string | Date),
    organization: { id: Number(r.organization_id), name: String(r.organization_name) },
  };
}

/** Titles, snippets and references of one page of hits, in the page's order. */
async function details(db: Executor, page: PageRow[], hq: SQL, visibility: Visibility): Promise<SearchHit[]> {
  const ids = (kind: string) => page.filter((p) => p.kind === kind).map((p) => Number(p.id));
  const idList = (list: number[]) =>
    sql`array[${sql.join(
      list.map((id) => sql`${id}`),
      sql`, `,
    )}]::int[]`;
  const found = new Map<string, SearchHit>();
  const key = (kind: string, id: number) => `${kind}:${id}`;
  const body = (r: Row) => ({ slug: String(r.body_slug), name: String(r.body_name) });

  const paperIds = ids('paper');
  if (paperIds.length > 0) {
    for (const r of await rows(
      db,
      sql`select papers.id, papers.reference, papers.paper_type, to_char(papers.date, 'YYYY-MM-DD') as day,
          bodies.slug as body_slug, bodies.name as body_name,
          ${headline(sql`papers.title`, hq, TITLE_OPTIONS)} as title,
          ${headline(sql`papers.text`, hq, SNIPPET_OPTIONS, SNIPPET_SOURCE_CHARS)} as snippet, ${ends(sql`papers.text`)}
        from papers join bodies on bodies.id = papers.body_id
        where papers.id = any(${idList(paperIds)}) and ${paperReadable(visibility)}`,
    )) {
      found.set(key('paper', Number(r.id)), {
        kind: 'paper',
        id: Number(r.id),
        title: segments(r.title as string),
        snippet: snippet(r.snippet as string | null, r.head as string | null, r.tail as string | null),
        date: (r.day as string | null) ?? null,
        body: body(r),
        reference: String(r.reference),
        paperType: String(r.paper_type),
      });
    }
  }

  const itemIds = ids('agenda_item');
  if (itemIds.length > 0) {
    for (const r of await rows(
      db,
      sql`select agenda_items.id, agenda_items.number, ${meetingColumns},
          ${headline(sql`agenda_items.title`, hq, TITLE_OPTIONS)} as title,
          ${headline(sql`agenda_items.subtitle`, hq, TITLE_OPTIONS)} as snippet
        from agenda_items join meetings on meetings.id = agenda_items.meeting_id
          join organizations on organizations.id = meetings.organization_id join bodies on bodies.id = meetings.body_id
        where agenda_items.id = any(${idList(itemIds)}) and ${agendaItemFindable(visibility)}`,
    )) {
      found.set(key('agenda_item', Number(r.id)), {
        kind: 'agenda_item',
        id: Number(r.id),
        title: segments(r.title as string),
        snippet: segments(r.snippet as string | null),
        date: String(r.day),
        body: body(r),
        meeting: meetingRef(r),
        itemNumber: String(r.number),
      });
    }
  }

  const minutesIds = ids('minutes');
  if (minutesIds.length > 0) {
    const text = sql`concat_ws(E'\n\n', agenda_items.resolution_text, agenda_items.minutes_text)`;
    for (const r of await rows(
      db,
      sql`select agenda_items.id, agenda_items.number, agenda_items.title as item_title, ${meetingColumns},
          ${headline(sql`agenda_items.title`, hq, TITLE_OPTIONS)} as title,
          ${headline(text, hq, SNIPPET_OPTIONS, SNIPPET_SOURCE_CHARS)} as snippet, ${ends(text)}
        from agenda_items join meetings on meetings.id = agenda_items.meeting_id
          join organizations on organizations.id = meetings.organization_id join bodies on bodies.id = meetings.body_id
        where agenda_items.id = any(${idList(minutesIds)}) and ${itemMinutesReadable(visibility)}`,
    )) {
      found.set(key('minutes', Number(r.id)), {
        kind: 'minutes',
        id: Number(r.id),
        title: segments(r.title as string),
        snippet: snippet(r.snippet as string | null, r.head as string | null, r.tail as string | null),
        date: String(r.day),
        body: body(r),
        meeting: meetingRef(r),
        itemNumber: String(r.number),
        itemTitle: String(r.item_title),
        addendum: null,
      });
    }
  }

  const addendumIds = ids('addendum');
  if (addendumIds.length > 0) {
    for (const r of await rows(
      db,
      sql`select addenda.id, addenda.heading, agenda_items.number, agenda_items.title as item_title, ${meetingColumns},
          ${headline(sql`agenda_items.title`, hq, TITLE_OPTIONS)} as title,
          ${headline(sql`addenda.text`, hq, SNIPPET_OPTIONS, SNIPPET_SOURCE_CHARS)} as snippet, ${ends(sql`addenda.text`)}
        from addenda join agenda_items on agenda_items.id = addenda.agenda_item_id
          join meetings on meetings.id = agenda_items.meeting_id
          join organizations on organizations.id = meetings.organization_id join bodies on bodies.id = meetings.body_id
        where addenda.id = any(${idList(addendumIds)}) and ${itemMinutesReadable(visibility)}`,
    )) {
      found.set(key('addendum', Number(r.id)), {
        kind: 'minutes',
        id: Number(r.id),
        title: segments(r.title as string),
        snippet: snippet(r.snippet as string | null, r.head as string | null, r.tail as string | null),
        date: String(r.day),
        body: body(r),
        meeting: meetingRef(r),
        itemNumber: String(r.number),
        itemTitle: String(r.item_title),
        addendum: String(r.heading),
      });
    }
  }

  const fileIds = ids('file');
  if (fileIds.length > 0) {
    // The context shown: the newest readable paper or minutes the file is attached to.
    for (const r of await rows(
      db,
      sql`select files.id, files.file_name, files.mime_type, files.size, bodies.slug as body_slug, bodies.name as body_name,
          ${headline(sql`files.name`, hq, TITLE_OPTIONS)} as title,
          ${headline(sql`files.text`, hq, SNIPPET_OPTIONS, SNIPPET_SOURCE_CHARS)} as snippet, ${ends(sql`files.text`)},
          ctx.*
        from files join bodies on bodies.id = files.body_id
        left join lateral (
          select * from (
            select to_char(papers.date, 'YYYY-MM-DD') as day, papers.id as paper_id, papers.reference,
              null::int as meeting_id, null::timestamptz as start_at, null::int as organization_id,
              null::text as organization_name, null::text as item_number
            from paper_files join papers on papers.id = paper_files.paper_id
            where paper_files.file_id = files.id and ${paperReadable(visibility)}
            union all
            select to_char(${berlinDay(sql`meetings.start_at`)}, 'YYYY-MM-DD'), null, null, meetings.id, meetings.start_at,
              organizations.id, organizations.name, agenda_items.number
            from agenda_item_attachments join agenda_items on agenda_items.id = agenda_item_attachments.agenda_item_id
              join meetings on meetings.id = agenda_items.meeting_id
              join organizations on organizations.id = meetings.organization_id
            where agenda_item_attachments.file_id = files.id and ${itemMinutesReadable(visibility)}
          ) c order by day desc nulls last limit 1
        ) ctx on true
        where files.id = any(${idList(fileIds)})`,
    )) {
      if (visibility === 'public' && r.paper_id == null && r.meeting_id == null) continue;
      found.set(key('file', Number(r.id)), {
        kind: 'file',
        id: Number(r.id),
        title: segments(r.title as string),
        snippet: snippet(r.snippet as string | null, r.head as string | null, r.tail as string | null),
        date: (r.day as string | null) ?? null,
        body: body(r),
        fileName: String(r.file_name),
        mimeType: String(r.mime_type),
        size: Number(r.size),
        paper: r.paper_id != null ? { id: Number(r.paper_id), reference: String(r.reference) } : null,
        meeting: r.meeting_id != null ? { ...meetingRef(r), itemNumber: String(r.item_number) } : null,
      });
    }
  }
  return page.flatMap((p) => found.get(key(p.kind, Number(p.id))) ?? []);
}

/** The readable text of one hit (title and text), for picking a word out of it. */
async function hitText(db: Executor, hit: PageRow): Promise<string> {
  const id = Number(hit.id);
  const text: Record<string, SQL> = {
    paper: sql`select title || ' ' || coalesce(text, '') as t from papers where id = ${id}`,
    agenda_item: sql`select title || ' ' || coalesce(subtitle, '') as t from agenda_items where id = ${id}`,
    minutes: sql`select concat_ws(' ', resolution_text, minutes_text) as t from agenda_items where id = ${id}`,
    addendum: sql`select text as t from addenda where id = ${id}`,
    file: sql`select name || ' ' || coalesce(text, '') as t from files where id = ${id}`,
  };
  const query = text[hit.kind];
  if (!query) return '';
  const [row] = await rows<{ t: string }>(db, sql`select left(t, ${SNIPPET_SOURCE_CHARS}) as t from (${query}) x`);
  return row?.t ?? '';
}

/**
 * The spelling-folded form a stem is a prefix of (the way the german stemmer works): lower case, ae/oe/ue
 * after a consonant as umlauts (as search_fold does), then without umlauts, ß as ss.
 */
function stemForm(word: string): string {
  return word
    .toLowerCase()
    .replace(/(^|[^aeiouyäöüq])ae/g, '$1ä')
    .replace(/(^|[^aeiouyäöüq])oe/g, '$1ö')
    .replace(/(^|[^aeiouyäöüq])ue/g, '$1ü')
    .replace(/ä/g, 'a')
    .replace(/ö/g, 'o')
    .replace(/ü/g, 'u')
    .replace(/ß/g, 'ss');
}

/**
 * "Meinten Sie …": for a query word, stems of the vocabulary that look alike (trigram similarity), best
 * first; the first one that gives hits with the rest of the query is suggested, spelled as a readable
 * document writes it. The vocabulary holds non-public words too, but a word is only suggested when the
 * reader can find it, and its spelling is taken from a document the reader may read.
 */
async function suggestions(
  db: Executor,
  analysed: AnalysedTerm[],
  visibility: Visibility,
  filters: SearchFilters,
): Promise<string[]> {
  const render = (list: SearchTerm[]) =>
    list.map((t) => `${t.exclude ? '-' : ''}${t.phrase || /\s/.test(t.text) ? `"${t.text}"` : t.text}`).join(' ');
  const terms = analysed.map((a) => a.term);
  const result: string[] = [];
  for (const [index, current] of analysed.entries()) {
    const stem = current.stem;
    if (!stem || current.term.exclude || current.term.text.length < 4) continue;
    // The query's other terms, with each candidate in place of this one: which candidates give hits, in
    // one statement.
    const rest = analysed
      .filter((a, i) => i !== index && a.match)
      .map((a) => (a.term.exclude ? `!(${a.match})` : `(${a.match})`))
      .join(' & ');
    const candidateQuery = rest
      ? sql`(${rest}::tsquery && to_tsquery('simple', c.term))`
      : sql`to_tsquery('simple', c.term)`;
    const found = await withIndexes(db, (tx) =>
      rows<{ term: string }>(
        tx,
        sql`with c as (
            select term, similarity(term, ${stem}) as s from search_terms where term % ${stem} and term <> ${stem}
            order by s desc, term limit ${MAX_SUGGESTION_CANDIDATES}
          )
          select c.term from c
          where exists (select 1 from (${hitsQuery({ match: '', terms: [], highlight: '' }, visibility, filters, {
            tier: 'all',
            q: candidateQuery,
          })}) hits)
          order by c.s desc, c.term`,
      ),
    );
    for (const { term: candidate } of found) {
      const replaced = analysed.map((a, i) =>
        i === index ? { ...a, match: lexeme(candidate), highlight: lexeme(candidate) } : a,
      );
      const prepared = prepare(replaced);
      const hit = prepared ? await firstHit(db, prepared, visibility, filters) : undefined;
      if (!hit) continue;
      const words = (await hitText(db, hit)).split(/[^\p{L}\p{N}-]+/u).filter(Boolean);
      const spelled = words
        .filter((w) => stemForm(w).startsWith(candidate))
        .sort((a, b) => a.length - b.length || a.localeCompare(b, 'de'))[0];
      if (!spelled) continue;
      result.push(render(terms.map((t, i) => (i === index ? { ...t, text: spelled } : t))));
      break;
    }
    if (result.length >= 3) break;
  }
  return result;
}

function hasFilters(filters: SearchFilters): boolean {
  return filters.organizationId != null || filters.kind != null || filters.from != null || filters.to != null;
}

/**
 * Searches what the reader may read, by relevance (title hits first, see `pageOf`) or by date; one page,
 * with the number of hits counted up to MAX_TOTAL. When nothing is found: suggestions, and the count
 * without the filters (Gremium, kind, dates; the body stays).
 */
export async function search(db: Executor, options: SearchOptions): Promise<SearchResult> {
  const terms = parseSearchQuery(options.query);
  const filters: SearchFilters = {
    bodyId: options.bodyId,
    organizationId: options.organizationId,
    kind: options.kind,
    from: options.from,
    to: options.to,
  };
  const limit = Math.min(Math.max(1, Math.trunc(options.limit)), MAX_PAGE_SIZE);
  const offset = Math.max(0, Math.trunc(options.offset));
  const empty: SearchResult = {
    terms,
    searchable: false,
    total: 0,
    totalIsLowerBound: false,
    hits: [],
    suggestions: [],
    totalWithoutFilters: null,
  };
  const analysed = await analyse(db, terms);
  const prepared = prepare(analysed);
  if (!prepared) return empty;
  const hq = sql`${prepared.highlight}::tsquery`;
  const visibility = options.visibility;
  const { page, total } = await withIndexes(db, async (tx) => ({
    total: await countHits(tx, prepared, visibility, filters, MAX_TOTAL + 1),
    page: await pageOf(tx, prepared, visibility, filters, options.sort ?? 'relevance', limit, offset),
  }));
  const hits = await details(db, page, hq, visibility);
  const result: SearchResult = {
    terms,
    searchable: true,
    total: Math.min(total, MAX_TOTAL),
    totalIsLowerBound: total > MAX_TOTAL,
    hits,
    suggestions: [],
    totalWithoutFilters: null,
  };
  if (total === 0) {
    if (hasFilters(filters)) {
      result.totalWithoutFilters = await withIndexes(db, (tx) =>
        countHits(tx, prepared, visibility, { bodyId: filters.bodyId }, MAX_TOTAL + 1),
      );
    }
    result.suggestions = await suggestions(db, analysed, visibility, filters);
  }
  return result;
}

export interface SearchScope {
  id: number;
  slug: string;
  name: string;
  /** Councils first, then committees, by name. */
  gremien: { id: number; name: string }[];
}

/** The bodies and their councils and committees, for the search filters. */
export async function searchScopes(db: Executor): Promise<SearchScope[]> {
  const result = await rows<{
    id: number;
    slug: string;
    name: string;
    org_id: number | null;
    org_name: string | null;
    council: boolean | null;
  }>(
    db,
    sql`select bodies.id, bodies.slug, bodies.name, organizations.id as org_id, organizations.name as org_name,
        organizations.kind = 'council' as council
      from bodies left join organizations
        on organizations.body_id = bodies.id and organizations.kind in ('council', 'committee')`,
  );
  // German collation ("Ä" with "A"), whatever the database's collation.
  const collator = new Intl.Collator('de');
  const scopes = new Map<number, SearchScope & { councils: Set<number> }>();
  for (const r of result) {
    const id = Number(r.id);
    let scope = scopes.get(id);
    if (!scope) {
      scope = { id, slug: r.slug, name: r.name, gremien: [], councils: new Set() };
      scopes.set(id, scope);
    }
    if (r.org_id == null) continue;
    scope.gremien.push({ id: Number(r.org_id), name: String(r.org_name) });
    if (r.council) scope.councils.add(Number(r.org_id));
  }
  return [...scopes.values()]
    .sort((a, b) => collator.compare(a.name, b.name) || a.id - b.id)
    .map(({ councils, ...scope }) => ({
      ...scope,
      gremien: scope.gremien.sort(
        (a, b) =>
          Number(councils.has(b.id)) - Number(councils.has(a.id)) || collator.compare(a.name, b.name) || a.id - b.id,
      ),
    }));
}
