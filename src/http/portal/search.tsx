/**
 * The public full-text search: `GET /suche?q=…` (and `GET /{body}/suche`, the body preset), a plain GET
 * form that works without JavaScript. Filters: `koerperschaft` (slug), `gremium` (id of a council or
 * committee), `art` (vorlage | tagesordnungspunkt | niederschrift | datei), `von`/`bis` (dates),
 * `sortierung` (relevanz | datum), `seite`. What a public reader may find is decided in the repository
 * (`search(…, visibility: 'public')`); this file only presents it. Highlighted words come as segments and
 * are written as <mark> by JSX, so nothing of a document or query is ever written as markup.
 */
import { type Context, Hono } from 'hono';
import {
  MAX_QUERY_LENGTH,
  MAX_TOTAL,
  parseSearchQuery,
  type SearchHit,
  type SearchKind,
  type SearchResult,
  type SearchScope,
  type SearchSort,
  type Segment,
  search,
  searchScopes,
} from '../../db/repositories/search.ts';
import { DomainError, isDomainError } from '../../domain/errors.ts';
import { formatIsoDate, itemAnchor } from '../../domain/format.ts';
import type { AppEnv } from '../env.ts';
import { filePath, formatSize } from './files.tsx';
import { Layout } from './layout.tsx';

const PAGE_SIZE = 20;
/** Deepest page offered: hits are counted up to MAX_TOTAL; narrower searches are the better way on. */
const MAX_PAGE = Math.ceil(MAX_TOTAL / PAGE_SIZE);

const KIND_PARAMS: Record<string, SearchKind> = {
  vorlage: 'paper',
  tagesordnungspunkt: 'agenda_item',
  niederschrift: 'minutes',
  datei: 'file',
};
const KIND_OPTIONS: [string, string][] = [
  ['vorlage', 'Vorlagen'],
  ['tagesordnungspunkt', 'Tagesordnungspunkte'],
  ['niederschrift', 'Niederschriften'],
  ['datei', 'Dateien (Anlagen)'],
];
const SORT_PARAMS: Record<string, SearchSort> = { relevanz: 'relevance', datum: 'date' };

/** The form's values as given (for re-showing them), and the checked filters. */
interface Form {
  q: string;
  koerperschaft: string;
  gremium: string;
  art: string;
  von: string;
  bis: string;
  sortierung: string;
}

/** A calendar date from "2024-11-14" (date input) or "14.11.2024" (typed), else undefined. */
export function parseDateParam(value: string): string | undefined {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(value);
  const [y, m, d] = iso
    ? [iso[1], iso[2], iso[3]]
    : german
      ? [german[3], german[2]?.padStart(2, '0'), german[1]?.padStart(2, '0')]
      : [];
  if (!y || !m || !d) return undefined;
  const text = `${y}-${m}-${d}`;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text ? text : undefined;
}

function readForm(c: Context<AppEnv>, presetBody: string | undefined): Form {
  const get = (name: string) => (c.req.query(name) ?? '').trim();
  return {
    q: c.req.query('q') ?? '',
    koerperschaft: presetBody ?? get('koerperschaft'),
    gremium: get('gremium'),
    art: get('art'),
    von: get('von'),
    bis: get('bis'),
    sortierung: get('sortierung'),
  };
}

/** The query string of a search with these values (empty ones left out), for links. */
function searchHref(form: Form, page?: number): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(form)) if (value.trim()) params.set(name, value.trim());
  if (page && page > 1) params.set('seite', String(page));
  const query = params.toString();
  return query ? `/suche?${query}` : '/suche';
}

const numberFormat = new Intl.NumberFormat('de-DE');

/** "1 Treffer", "6.563 Treffer", "mehr als 10.000 Treffer". */
function hitCount(n: number, moreThan: boolean): string {
  return moreThan || n > MAX_TOTAL
    ? `mehr als ${numberFormat.format(MAX_TOTAL)} Treffer`
    : `${numberFormat.format(n)} Treffer`;
}

function Marked(props: { segments: Segment[] }) {
  return <>{props.segments.map((s) => (s.hit ? <mark>{s.text}</mark> : s.text))}</>;
}

/** Kind label, link and the line under the title of a hit. */
function describe(hit: SearchHit): { label: string; href: string; meta: string[] } {
  const date = hit.date ? formatIsoDate(hit.date) : null;
  const meetingBase = (id: number) => `/${hit.body.slug}/sitzungen/${id}`;
  switch (hit.kind) {
    case 'paper':
      return {
        label: `Vorlage ${hit.reference} · ${hit.paperType}`,
        href: `/${hit.body.slug}/vorlagen/${hit.id}`,
        meta: [date ? `vom ${date}` : null, hit.body.name].filter((x): x is string => x != null),
      };
    case 'agenda_item':
      return {
        label: `Tagesordnungspunkt ${hit.itemNumber}`,
        href: `${meetingBase(hit.meeting.id)}#${itemAnchor(hit.itemNumber)}`,
        meta: [`Sitzung am ${date}`, hit.meeting.organization.name, hit.body.name],
      };
    case 'minutes':
      return {
        label: `${hit.addendum ?? 'Niederschrift'}, TOP ${hit.itemNumber}`,
        href: `${meetingBase(hit.meeting.id)}/niederschrift.html#${itemAnchor(hit.itemNumber)}`,
        meta: [`Sitzung am ${date}`, hit.meeting.organization.name, hit.body.name],
      };
    case 'file':
      return {
        label: `Datei · ${formatSize(hit.size)}`,
        href: filePath(hit.body.slug, { id: hit.id, fileName: hit.fileName }),
        meta: [
          hit.paper
            ? `Anlage zur Vorlage ${hit.paper.reference}`
            : hit.meeting
              ? `Anlage zur Niederschrift, TOP ${hit.meeting.itemNumber}, Sitzung am ${date} (${hit.meeting.organization.name})`
              : null,
          hit.body.name,
        ].filter((x): x is string => x != null),
      };
  }
}

function Hit(props: { hit: SearchHit }) {
  const { hit } = props;
  const { label, href, meta } = describe(hit);
  return (
    <li class="hit">
      <p class="muted">{label}</p>
      <h3>
        <a href={href}>
          <Marked segments={hit.title} />
        </a>
      </h3>
      <p class="muted">{meta.join(' · ')}</p>
      {hit.kind === 'paper' ? null : hit.kind === 'file' && hit.paper ? (
        <p>
          <a href={`/${hit.body.slug}/vorlagen/${hit.paper.id}`}>Zur Vorlage {hit.paper.reference}</a>
        </p>
      ) : hit.kind === 'file' && hit.meeting ? (
        <p>
          <a href={`/${hit.body.slug}/sitzungen/${hit.meeting.id}`}>Zur Sitzung</a>
        </p>
      ) : null}
      {hit.snippet.length > 0 ? (
        <p class="snippet">
          <Marked segments={hit.snippet} />
        </p>
      ) : null}
    </li>
  );
}

function Tips() {
  return (
    <section aria-labelledby="suchtipps">
      <h2 id="suchtipps">Suchtipps</h2>
      <ul>
        <li>Mehrere Wörter: Gefunden wird, was alle Wörter enthält.</li>
        <li>
          Wortteile und Wortformen werden mitgesucht: „Haushalt“ findet auch „Nachtragshaushalt“ und „Haushaltspläne“,
          „Schule“ auch „Schulen“.
        </li>
        <li>
          Genaue Wortfolge in Anführungszeichen: <kbd>"Ausschuss für Digitalisierung"</kbd>.
        </li>
        <li>
          Ein Minus schließt ein Wort aus: <kbd>Haushalt -Nachtrag</kbd>.
        </li>
        <li>Umlaute dürfen umschrieben werden: „Strasse“ findet „Straße“, „Buergerhaus“ findet „Bürgerhaus“.</li>
        <li>Groß- und Kleinschreibung spielen keine Rolle.</li>
      </ul>
    </section>
  );
}

function SearchForm(props: { form: Form; scopes: SearchScope[] }) {
  const { form, scopes } = props;
  return (
    <form method="get" action="/suche" aria-label="Suche mit Filtern" class="filters">
      <p>
        <label for="q">Suchbegriffe</label>
        <br />
        <input id="q" name="q" type="search" value={form.q} maxlength={MAX_QUERY_LENGTH} size={40} />{' '}
        <button type="submit">Suchen</button>
      </p>
      <fieldset>
        <legend>Filter</legend>
        <p>
          <label for="koerperschaft">Körperschaft</label>
          <br />
          <select id="koerperschaft" name="koerperschaft">
            <option value="">alle</option>
            {scopes.map((b) => (
              <option value={b.slug} selected={b.slug === form.koerperschaft}>
                {b.name}
              </option>
            ))}
          </select>
        </p>
        <p>
          <label for="gremium">Gremium</label>
          <br />
          <select id="gremium" name="gremium">
            <option value="">alle</option>
            {scopes
              .filter((b) => b.gremien.length > 0)
              .map((b) => (
                <optgroup label={b.name}>
                  {b.gremien.map((g) => (
                    <option value={String(g.id)} selected={String(g.id) === form.gremium}>
                      {g.name}
                    </option>
                  ))}
                </optgroup>
              ))}
          </select>
        </p>
        <p>
          <label for="art">Art</label>
          <br />
          <select id="art" name="art">
            <option value="">alle</option>
            {KIND_OPTIONS.map(([value, label]) => (
              <option value={value} selected={value === form.art}>
                {label}
              </option>
            ))}
          </select>
        </p>
        <fieldset>
          <legend>Zeitraum</legend>
          <label for="von">von</label> <input id="von" name="von" type="date" value={form.von} />{' '}
          <label for="bis">bis</label> <input id="bis" name="bis" type="date" value={form.bis} />
        </fieldset>
        <p>
          <label for="sortierung">Sortierung</label>
          <br />
          <select id="sortierung" name="sortierung">
            <option value="relevanz" selected={form.sortierung !== 'datum'}>
              nach Relevanz
            </option>
            <option value="datum" selected={form.sortierung === 'datum'}>
              nach Datum, neueste zuerst
            </option>
          </select>
        </p>
      </fieldset>
      <p>
        <button type="submit">Suchen</button>
      </p>
    </form>
  );
}

function Results(props: { form: Form; result: SearchResult; page: number }) {
  const { form, result, page } = props;
  const pages = Math.min(MAX_PAGE, Math.max(1, Math.ceil(result.total / PAGE_SIZE)));
  const quoted = `„${form.q.trim()}“`;
  if (!result.searchable) {
    const onlyExcluded = result.terms.length > 0 && result.terms.every((t) => t.exclude);
    const noWord = !/[\p{L}\p{N}]/u.test(form.q);
    return (
      <section aria-labelledby="treffer">
        <h2 id="treffer">Keine Suche möglich</h2>
        <p>
          {onlyExcluded
            ? 'Die Suche enthält nur ausgeschlossene Begriffe (mit Minus). Bitte geben Sie auch einen Begriff an, der vorkommen soll.'
            : noWord
              ? `Die Suche nach ${quoted} enthält nur Satz- und Sonderzeichen, kein Wort und keine Zahl. Bitte geben Sie einen Begriff an.`
              : `Die Suche nach ${quoted} enthält nur sehr häufige Wörter (wie „und“, „der“, „für“), nach denen nicht gesucht wird. Bitte geben Sie einen aussagekräftigeren Begriff an.`}
        </p>
        <Tips />
      </section>
    );
  }
  if (result.total === 0) {
    return (
      <section aria-labelledby="treffer">
        <h2 id="treffer">Keine Treffer</h2>
        <p>Für {quoted} gibt es keine Treffer.</p>
        {result.suggestions.length > 0 ? (
          <p>
            Meinten Sie:{' '}
            {result.suggestions.map((s, index) => (
              <>
                {index > 0 ? ', ' : ''}
                <a href={searchHref({ ...form, q: s })}>{s}</a>
              </>
            ))}
            ?
          </p>
        ) : null}
        {result.totalWithoutFilters ? (
          <p>
            Ohne die Filter für Gremium, Art und Zeitraum gibt es{' '}
            {result.totalWithoutFilters === 1 ? 'einen Treffer' : hitCount(result.totalWithoutFilters, false)}:{' '}
            <a href={searchHref({ ...form, gremium: '', art: '', von: '', bis: '' })}>ohne diese Filter suchen</a>.
          </p>
        ) : null}
        <Tips />
      </section>
    );
  }
  if (result.hits.length === 0) {
    return (
      <section aria-labelledby="treffer">
        <h2 id="treffer">{hitCount(result.total, result.totalIsLowerBound)}</h2>
        <p>
          Auf Seite {page} gibt es keine Treffer mehr (
          {pages === 1 ? 'es gibt nur eine Seite' : `es gibt ${pages} Seiten`}
          ). <a href={searchHref(form)}>Zur ersten Seite</a>
        </p>
      </section>
    );
  }
  return (
    <section aria-labelledby="treffer">
      <h2 id="treffer">{hitCount(result.total, result.totalIsLowerBound)}</h2>
      <p class="muted">
        {form.sortierung === 'datum' ? 'Nach Datum sortiert, neueste zuerst' : 'Nach Relevanz sortiert'}
        {pages > 1 ? ` – Seite ${page} von ${pages}` : ''}
      </p>
      <ol class="hits" start={(page - 1) * PAGE_SIZE + 1}>
        {result.hits.map((hit) => (
          <Hit hit={hit} />
        ))}
      </ol>
      {pages > 1 ? (
        <nav class="pages" aria-label="Seiten">
          {page > 1 ? <a href={searchHref(form, page - 1)}>← Vorherige Seite</a> : null}
          {page < pages ? <a href={searchHref(form, page + 1)}>Nächste Seite →</a> : null}
        </nav>
      ) : null}
    </section>
  );
}

/** Checks the filters; German messages for what is wrong. */
function checkFilters(form: Form, scopes: SearchScope[]) {
  const errors: string[] = [];
  const body = form.koerperschaft ? scopes.find((b) => b.slug === form.koerperschaft) : undefined;
  if (form.koerperschaft && !body) errors.push('Diese Körperschaft gibt es nicht.');
  let organizationId: number | undefined;
  if (form.gremium) {
    const id = /^\d{1,9}$/.test(form.gremium) ? Number(form.gremium) : Number.NaN;
    const owner = scopes.find((b) => b.gremien.some((g) => g.id === id));
    if (!owner) errors.push('Dieses Gremium gibt es nicht.');
    else if (body && owner.id !== body.id) errors.push(`Das Gremium gehört nicht zu ${body.name}.`);
    else organizationId = id;
  }
  const kind = form.art ? KIND_PARAMS[form.art] : undefined;
  if (form.art && !kind)
    errors.push('Diese Art gibt es nicht: erlaubt sind Vorlagen, Tagesordnungspunkte, Niederschriften und Dateien.');
  const sort = form.sortierung ? SORT_PARAMS[form.sortierung] : 'relevance';
  if (!sort) errors.push('Sortiert werden kann nach Relevanz oder nach Datum.');
  const from = form.von ? parseDateParam(form.von) : undefined;
  const to = form.bis ? parseDateParam(form.bis) : undefined;
  if (form.von && !from) errors.push(`„${form.von}“ ist kein gültiges Datum für „von“ (z. B. 18.02.2021).`);
  if (form.bis && !to) errors.push(`„${form.bis}“ ist kein gültiges Datum für „bis“ (z. B. 18.02.2021).`);
  if (from && to && from > to) errors.push('Das Datum „von“ liegt nach dem Datum „bis“.');
  return { errors, body, organizationId, kind, sort, from, to };
}

async function searchPage(c: Context<AppEnv>, presetBody?: string) {
  const db = c.var.db;
  const scopes = await searchScopes(db);
  if (presetBody && !scopes.some((b) => b.slug === presetBody)) {
    throw new DomainError('body.not_found', 'Diese Körperschaft gibt es nicht.');
  }
  const form = readForm(c, presetBody);
  const checked = checkFilters(form, scopes);
  const errors = [...checked.errors];
  const pageParam = c.req.query('seite') ?? '';
  const page = pageParam === '' ? 1 : /^\d{1,9}$/.test(pageParam) ? Number(pageParam) : 0;
  if (page < 1) errors.push('Die Seitenzahl muss eine positive ganze Zahl sein.');
  else if (page > MAX_PAGE)
    errors.push(`Es werden höchstens ${MAX_PAGE} Seiten angezeigt; bitte grenzen Sie die Suche ein.`);
  try {
    parseSearchQuery(form.q);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    errors.push(error.message);
  }
  const query = form.q.trim();
  let result: SearchResult | undefined;
  if (errors.length === 0 && query) {
    result = await search(db, {
      query,
      visibility: 'public',
      bodyId: checked.body?.id,
      organizationId: checked.organizationId,
      kind: checked.kind,
      from: checked.from,
      to: checked.to,
      sort: checked.sort,
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    });
  }
  const body = checked.body;
  const title = query && errors.length === 0 ? `Suche: ${query}` : 'Suche';
  return c.html(
    <Layout title={body ? `${title} – ${body.name}` : title} query={form.q}>
      <nav aria-label="Brotkrumen">
        <a href="/">Startseite</a> ›{' '}
        {body ? (
          <>
            <a href={`/${body.slug}`}>{body.name}</a> ›{' '}
          </>
        ) : null}
        Suche
      </nav>
      <h1>{body ? `Suche in ${body.name}` : 'Suche'}</h1>
      <p>Gesucht wird in Vorlagen, Tagesordnungspunkten, Niederschriften und Anlagen, soweit sie öffentlich sind.</p>
      {errors.length > 0 ? (
        <div role="alert">
          <p class="error">Die Suche konnte nicht ausgeführt werden:</p>
          <ul>
            {errors.map((e) => (
              <li>{e}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <SearchForm form={form} scopes={scopes} />
      {result ? <Results form={form} result={result} page={page} /> : errors.length === 0 ? <Tips /> : null}
    </Layout>,
    errors.length > 0 ? 400 : 200,
  );
}

export const searchPortal = new Hono<AppEnv>();

searchPortal.get('/suche', (c) => searchPage(c));
searchPortal.get('/:body/suche', (c) => searchPage(c, c.req.param('body')));
