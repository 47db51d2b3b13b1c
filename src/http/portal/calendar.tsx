/**
 * The public calendar pages:
 * - `GET /kalender?monat=JJJJ-MM`: a month as a calendar grid (Monday to Sunday), every meeting with its
 *   time and Gremium, linked to the meeting page, cancelled ones marked;
 * - `GET /kalender/liste?von=&bis=&sortierung=&seite=`: the same meetings as a paginated list (from today
 *   on unless asked otherwise);
 * - `GET /{body}/kalender`, `…/kalender/liste`: the same with the body preset.
 *
 * Filters (GET form): `koerperschaft` (slug), `gremium` (id of a council or committee). Both pages show
 * the meetings per month of a year (`?jahr=`, else the year shown) as an SVG bar chart with a table of
 * the same numbers, and link the iCalendar subscriptions. Only date, time, Gremium, place and
 * cancellation of a meeting are shown here (repositories/calendar.ts), never agenda content.
 */
import { type Context, Hono } from 'hono';
import type { Child } from 'hono/jsx';
import { listBodies } from '../../db/repositories/bodies.ts';
import {
  type CalendarGremium,
  type CalendarMeeting,
  findCalendarGremium,
  listCalendarGremien,
  listCalendarMeetings,
  localMidnight,
  meetingsPerMonth,
} from '../../db/repositories/calendar.ts';
import { type BodyRef, findBodyBySlug } from '../../db/repositories/organizations.ts';
import { DomainError } from '../../domain/errors.ts';
import { formatIsoDate, formatTime, formatWeekdayDate, TIME_ZONE } from '../../domain/format.ts';
import type { AppEnv } from '../env.ts';
import { Layout } from './layout.tsx';
import { MONTH_NAMES, MonthChart, MonthTable } from './month-chart.tsx';

const PAGE_SIZE = 25;
/** Upper bound of meetings drawn in one month grid (a month of a very large installation). */
const MONTH_MAX = 1000;

const WEEKDAYS = [
  ['Mo', 'Montag'],
  ['Di', 'Dienstag'],
  ['Mi', 'Mittwoch'],
  ['Do', 'Donnerstag'],
  ['Fr', 'Freitag'],
  ['Sa', 'Samstag'],
  ['So', 'Sonntag'],
] as const;

const dayKey = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar day of an instant in the councils' time zone, "2024-11-14". */
export function localDay(at: Date): string {
  return dayKey.format(at).slice(0, 10);
}

/** Today's calendar date in the councils' time zone. */
export function todayIso(): string {
  return localDay(new Date());
}

/** A valid calendar date "YYYY-MM-DD", else undefined. */
export function parseIsoDate(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value ? value : undefined;
}

function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

interface Month {
  year: number;
  /** 1 … 12 */
  month: number;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const monthParam = (m: Month) => `${pad(m.year, 4)}-${pad(m.month)}`;
const monthName = (m: Month) => `${MONTH_NAMES[m.month - 1]} ${m.year}`;
const shiftMonth = (m: Month, by: number): Month => {
  const index = m.year * 12 + (m.month - 1) + by;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
};

function invalid(message: string): DomainError {
  return new DomainError('validation.invalid_input', message);
}

function parseMonth(value: string | undefined): Month {
  if (value === undefined || value === '') {
    const [year, month] = todayIso().split('-').map(Number);
    return { year: year ?? 1970, month: month ?? 1 };
  }
  const match = /^(\d{4})-(\d{2})$/.exec(value);
  const year = Number(match?.[1]);
  const month = Number(match?.[2]);
  if (!match || year < 1000 || month < 1 || month > 12) {
    throw invalid('Der Monat muss im Format JJJJ-MM angegeben werden, zum Beispiel 2021-02.');
  }
  return { year, month };
}

function parseYear(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d{4}$/.test(value) || Number(value) < 1000) {
    throw invalid('Das Jahr muss vierstellig angegeben werden, zum Beispiel 2021.');
  }
  return Number(value);
}

function positiveInt(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d{1,9}$/.test(value) || Number(value) < 1) {
    throw invalid('Die Seitenzahl muss eine positive ganze Zahl sein.');
  }
  return Number(value);
}

interface Filters {
  /** The body chosen in the form, or preset by the path (`/{body}/kalender`). */
  body: BodyRef | undefined;
  gremium: CalendarGremium | undefined;
  /** True on `/{body}/kalender`: the body is part of the path, not a query parameter. */
  preset: boolean;
  /** A note when a filter was dropped (a Gremium of another body). */
  notice: string | undefined;
}

async function readFilters(c: Context<AppEnv>, presetSlug: string | undefined): Promise<Filters> {
  const db = c.var.db;
  const slug = presetSlug ?? c.req.query('koerperschaft') ?? '';
  let body: BodyRef | undefined;
  if (slug !== '') {
    body = /^[a-z0-9-]{1,100}$/.test(slug) ? await findBodyBySlug(db, slug) : undefined;
    if (!body) throw new DomainError('body.not_found', 'Diese Körperschaft gibt es nicht.');
  }
  const gremiumParam = c.req.query('gremium') ?? '';
  let gremium: CalendarGremium | undefined;
  let notice: string | undefined;
  if (gremiumParam !== '') {
    if (!/^\d{1,9}$/.test(gremiumParam)) throw invalid('Das Gremium muss als Nummer angegeben werden.');
    gremium = await findCalendarGremium(db, Number(gremiumParam));
    if (!gremium) throw new DomainError('organization.not_found', 'Dieses Gremium gibt es nicht.');
    if (body && gremium.body.id !== body.id) {
      // Without JavaScript, a reader who switches the body keeps the old Gremium selected: show the body.
      notice = `Das Gremium „${gremium.name}“ gehört nicht zu ${body.name}; gezeigt werden alle Gremien von ${body.name}.`;
      gremium = undefined;
    }
  }
  return { body, gremium, preset: presetSlug !== undefined, notice };
}

function basePath(f: Filters): string {
  return f.preset && f.body ? `/${f.body.slug}/kalender` : '/kalender';
}

/** A link to a calendar page with the current filters and the given parameters. */
function href(f: Filters, path: string, params: Record<string, string | number | undefined>): string {
  const query = new URLSearchParams();
  if (!f.preset && f.body) query.set('koerperschaft', f.body.slug);
  if (f.gremium) query.set('gremium', String(f.gremium.id));
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') query.set(key, String(value));
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

function scopeText(f: Filters): string {
  if (f.gremium) return `${f.gremium.name} (${f.gremium.body.name})`;
  if (f.body) return f.body.name;
  return 'alle Körperschaften';
}

const meetingPath = (m: CalendarMeeting) => `/${m.body.slug}/sitzungen/${m.id}`;

function Breadcrumbs(props: { filters: Filters; current: string }) {
  const { filters } = props;
  return (
    <nav aria-label="Brotkrumen">
      <a href="/">Startseite</a> ›{' '}
      {filters.preset && filters.body ? (
        <>
          <a href={`/${filters.body.slug}`}>{filters.body.name}</a> ›{' '}
        </>
      ) : null}
      {props.current}
    </nav>
  );
}

/** The filter form (GET): body (unless preset) and Gremium, plus the page's own fields. */
async function FilterForm(props: { c: Context<AppEnv>; filters: Filters; action: string; children?: Child }) {
  const { filters } = props;
  const db = props.c.var.db;
  const [allBodies, gremien] = await Promise.all([
    filters.preset ? Promise.resolve([]) : listBodies(db),
    listCalendarGremien(db, filters.body?.id),
  ]);
  const groups = new Map<number, { name: string; gremien: CalendarGremium[] }>();
  for (const g of gremien) {
    const group = groups.get(g.body.id) ?? { name: g.body.name, gremien: [] };
    group.gremien.push(g);
    groups.set(g.body.id, group);
  }
  const option = (g: CalendarGremium) => (
    <option value={String(g.id)} selected={filters.gremium?.id === g.id}>
      {g.name}
    </option>
  );
  return (
    <form method="get" action={props.action} class="filters" aria-label="Sitzungen auswählen">
      {filters.preset ? null : (
        <p>
          <label for="f-koerperschaft">Körperschaft</label>{' '}
          <select id="f-koerperschaft" name="koerperschaft">
            <option value="">Alle Körperschaften</option>
            {allBodies.map((b) => (
              <option value={b.slug} selected={filters.body?.slug === b.slug}>
                {b.name}
              </option>
            ))}
          </select>
        </p>
      )}
      <p>
        <label for="f-gremium">Gremium</label>{' '}
        <select id="f-gremium" name="gremium">
          <option value="">Alle Gremien</option>
          {filters.body
            ? gremien.map(option)
            : [...groups.values()].map((group) => <optgroup label={group.name}>{group.gremien.map(option)}</optgroup>)}
        </select>
      </p>
      {props.children}
      <p>
        <button type="submit">Anzeigen</button>
      </p>
    </form>
  );
}

function Subscriptions(props: { filters: Filters }) {
  const { body } = props.filters;
  return (
    <p class="subscribe">
      Abonnieren:{' '}
      {body ? (
        <>
          <a href={`/${body.slug}/kalender.ics`} type="text/calendar">
            Sitzungskalender {body.name} (iCalendar)
          </a>
          {' · '}
        </>
      ) : null}
      <a href="/kalender.ics" type="text/calendar">
        Alle Sitzungen (iCalendar)
      </a>
    </p>
  );
}

/** Meetings per month of a year, as a chart and a table, with links to the neighbouring years. */
async function MonthsSection(props: {
  c: Context<AppEnv>;
  filters: Filters;
  year: number;
  yearHref: (year: number) => string;
}) {
  const { filters, year } = props;
  const counts = await meetingsPerMonth(props.c.var.db, {
    year,
    bodyId: filters.gremium ? undefined : filters.body?.id,
    organizationId: filters.gremium?.id,
  });
  const total = counts.reduce((sum, n) => sum + n, 0);
  const base = basePath(filters);
  return (
    <section aria-labelledby="je-monat">
      <h2 id="je-monat">Sitzungen je Monat {year}</h2>
      <p class="muted">{scopeText(filters)}; abgesagte Sitzungen nicht mitgezählt.</p>
      {total === 0 ? (
        <p>Im Jahr {year} sind keine Sitzungen erfasst.</p>
      ) : (
        <>
          <MonthChart year={year} counts={counts} />
          <details>
            <summary>Die Zahlen als Tabelle</summary>
            <MonthTable
              year={year}
              counts={counts}
              caption={`Sitzungen je Monat ${year}`}
              monthHref={(month) => href(filters, base, { monat: monthParam({ year, month }) })}
            />
          </details>
        </>
      )}
      <nav class="pages" aria-label="Jahre">
        <a href={props.yearHref(year - 1)}>← {year - 1}</a>
        <a href={props.yearHref(year + 1)}>{year + 1} →</a>
      </nav>
    </section>
  );
}

function MeetingEntry(props: { meeting: CalendarMeeting; showBody: boolean }) {
  const m = props.meeting;
  return (
    <li>
      <a href={meetingPath(m)}>
        {formatTime(m.startAt)} Uhr {m.organization.name}
      </a>
      {m.cancelled ? <strong> (abgesagt)</strong> : null}
      {props.showBody ? <span class="muted"> – {m.body.name}</span> : null}
    </li>
  );
}

/** The weeks of a month: rows of seven ISO dates (Monday first), null outside the month. */
function weeksOf(m: Month): (string | null)[][] {
  const days = new Date(Date.UTC(m.year, m.month, 0)).getUTCDate();
  const lead = (new Date(Date.UTC(m.year, m.month - 1, 1)).getUTCDay() + 6) % 7;
  const cells: (string | null)[] = Array.from({ length: lead }, () => null);
  for (let day = 1; day <= days; day++) cells.push(`${monthParam(m)}-${pad(day)}`);
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: (string | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

const cellList = 'list-style: none; padding: 0; margin: .25rem 0 0';

async function monthPage(c: Context<AppEnv>, presetSlug?: string) {
  const filters = await readFilters(c, presetSlug);
  const month = parseMonth(c.req.query('monat'));
  const year = parseYear(c.req.query('jahr'), month.year);
  const next = shiftMonth(month, 1);
  const { total, entries } = await listCalendarMeetings(c.var.db, {
    bodyId: filters.gremium ? undefined : filters.body?.id,
    organizationId: filters.gremium?.id,
    from: localMidnight(`${monthParam(month)}-01`),
    to: localMidnight(`${monthParam(next)}-01`),
    order: 'asc',
    limit: MONTH_MAX,
    offset: 0,
  });
  const byDay = new Map<string, CalendarMeeting[]>();
  for (const m of entries) {
    const key = localDay(m.startAt);
    byDay.set(key, [...(byDay.get(key) ?? []), m]);
  }
  const base = basePath(filters);
  const today = todayIso();
  const name = monthName(month);
  const showBody = !filters.body && !filters.gremium;
  const title = `Sitzungskalender ${name}`;
  return c.html(
    <Layout title={filters.body ? `${title} – ${filters.body.name}` : title}>
      <Breadcrumbs filters={filters} current="Sitzungskalender" />
      <h1>{title}</h1>
      <p>
        {scopeText(filters)} ·{' '}
        <a
          href={href(filters, `${base}/liste`, {
            von: `${monthParam(month)}-01`,
            bis: addDays(`${monthParam(next)}-01`, -1),
          })}
        >
          Als Liste anzeigen
        </a>
      </p>
      {filters.notice ? <p class="error">{filters.notice}</p> : null}
      <FilterForm c={c} filters={filters} action={base}>
        <input type="hidden" name="monat" value={monthParam(month)} />
      </FilterForm>
      <nav class="pages" aria-label="Monate">
        <a href={href(filters, base, { monat: monthParam(shiftMonth(month, -1)) })}>
          ← {monthName(shiftMonth(month, -1))}
        </a>
        <a href={href(filters, base, {})}>Aktueller Monat</a>
        <a href={href(filters, base, { monat: monthParam(next) })}>{monthName(next)} →</a>
      </nav>
      {total === 0 ? <p>Im {name} sind keine Sitzungen erfasst.</p> : null}
      {total > entries.length ? (
        <p>
          Gezeigt werden die ersten {entries.length} von {total} Sitzungen dieses Monats; bitte wählen Sie eine
          Körperschaft oder ein Gremium.
        </p>
      ) : null}
      <table class="calendar" style="table-layout: fixed; overflow-wrap: anywhere">
        <caption>
          Sitzungen im {name} ({scopeText(filters)})
        </caption>
        <thead>
          <tr>
            {WEEKDAYS.map(([short, long]) => (
              <th scope="col">
                <abbr title={long}>{short}</abbr>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeksOf(month).map((week) => (
            <tr>
              {week.map((day) => {
                if (day === null) return <td />;
                const meetingsOfDay = byDay.get(day) ?? [];
                return (
                  <td {...(day === today ? { 'aria-current': 'date', style: 'background: #f3f6f9' } : {})}>
                    <time datetime={day}>{Number(day.slice(8))}</time>
                    {meetingsOfDay.length > 0 ? (
                      <ul style={cellList}>
                        {meetingsOfDay.map((m) => (
                          <MeetingEntry meeting={m} showBody={showBody} />
                        ))}
                      </ul>
                    ) : null}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <Subscriptions filters={filters} />
      <MonthsSection
        c={c}
        filters={filters}
        year={year}
        yearHref={(y) => href(filters, base, { monat: monthParam(month), jahr: y })}
      />
    </Layout>,
  );
}

type Sort = 'datum' | 'datum-absteigend';

async function listPage(c: Context<AppEnv>, presetSlug?: string) {
  const filters = await readFilters(c, presetSlug);
  const vonParam = c.req.query('von');
  const bisParam = c.req.query('bis') ?? '';
  // No `von` at all: from today on; an emptied field: no lower bound.
  const von = vonParam === undefined ? todayIso() : vonParam === '' ? undefined : parseIsoDate(vonParam);
  if (vonParam !== undefined && vonParam !== '' && !von) {
    throw invalid('Das Datum „von“ muss ein gültiges Datum im Format JJJJ-MM-TT sein, zum Beispiel 2021-02-18.');
  }
  const bis = bisParam === '' ? undefined : parseIsoDate(bisParam);
  if (bisParam !== '' && !bis) {
    throw invalid('Das Datum „bis“ muss ein gültiges Datum im Format JJJJ-MM-TT sein, zum Beispiel 2021-02-18.');
  }
  if (von && bis && bis < von) throw invalid('Das Datum „bis“ darf nicht vor dem Datum „von“ liegen.');
  const sortParam = c.req.query('sortierung') ?? '';
  if (!['', 'datum', 'datum-absteigend'].includes(sortParam)) {
    throw invalid('Die Sortierung muss „datum“ oder „datum-absteigend“ sein.');
  }
  const sort: Sort = sortParam === 'datum-absteigend' ? 'datum-absteigend' : 'datum';
  const page = positiveInt(c.req.query('seite'), 1);
  const year = parseYear(c.req.query('jahr'), Number((von ?? bis ?? todayIso()).slice(0, 4)));

  const { total, entries } = await listCalendarMeetings(c.var.db, {
    bodyId: filters.gremium ? undefined : filters.body?.id,
    organizationId: filters.gremium?.id,
    from: von ? localMidnight(von) : undefined,
    to: bis ? localMidnight(addDays(bis, 1)) : undefined,
    order: sort === 'datum' ? 'asc' : 'desc',
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const base = basePath(filters);
  const path = `${base}/liste`;
  // The parameters that define this list (for links to other pages and sort orders).
  const keep = {
    von: vonParam === undefined ? undefined : (von ?? ''),
    bis,
    sortierung: sort === 'datum' ? undefined : sort,
  };
  const link = (params: Record<string, string | number | undefined>) => {
    const url = href(filters, path, { ...keep, ...params });
    // An emptied `von` must survive as `von=` (else the list starts today again).
    return keep.von === '' && !url.includes('von=') ? `${url}${url.includes('?') ? '&' : '?'}von=` : url;
  };
  const range =
    von && bis
      ? `vom ${formatIsoDate(von)} bis ${formatIsoDate(bis)}`
      : von
        ? `ab ${formatIsoDate(von)}`
        : bis
          ? `bis ${formatIsoDate(bis)}`
          : 'alle Termine';
  const showBody = !filters.body && !filters.gremium;
  return c.html(
    <Layout title={filters.body ? `Sitzungen als Liste – ${filters.body.name}` : 'Sitzungen als Liste'}>
      <Breadcrumbs filters={filters} current="Sitzungskalender als Liste" />
      <h1>Sitzungskalender als Liste</h1>
      <p>
        {scopeText(filters)}, {range} ·{' '}
        <a href={href(filters, base, { monat: (von ?? bis ?? todayIso()).slice(0, 7) })}>Als Monat anzeigen</a>
      </p>
      {filters.notice ? <p class="error">{filters.notice}</p> : null}
      <FilterForm c={c} filters={filters} action={path}>
        <p>
          <label for="f-von">von</label> <input id="f-von" name="von" type="date" value={von ?? ''} />{' '}
          <label for="f-bis">bis</label> <input id="f-bis" name="bis" type="date" value={bis ?? ''} />
        </p>
        <p>
          <label for="f-sortierung">Reihenfolge</label>{' '}
          <select id="f-sortierung" name="sortierung">
            <option value="datum" selected={sort === 'datum'}>
              Älteste zuerst
            </option>
            <option value="datum-absteigend" selected={sort === 'datum-absteigend'}>
              Neueste zuerst
            </option>
          </select>
        </p>
      </FilterForm>
      {total === 0 ? (
        <p>In diesem Zeitraum sind keine Sitzungen erfasst.</p>
      ) : entries.length === 0 ? (
        <p>
          Auf Seite {page} gibt es keine Sitzungen mehr (
          {pages === 1 ? 'es gibt nur eine Seite' : `es gibt ${pages} Seiten`}
          ). <a href={link({})}>Zur ersten Seite</a>
        </p>
      ) : (
        <>
          <p class="muted">
            {total === 1 ? '1 Sitzung' : `${total} Sitzungen`}, {sort === 'datum' ? 'älteste' : 'neueste'} zuerst
            {pages > 1 ? ` – Seite ${page} von ${pages}` : ''}
          </p>
          <table>
            <caption class="skip">
              Sitzungen {range} ({scopeText(filters)})
            </caption>
            <thead>
              <tr>
                <th scope="col" aria-sort={sort === 'datum' ? 'ascending' : 'descending'}>
                  Datum{' '}
                  <a class="sort" href={link({ sortierung: sort === 'datum' ? 'datum-absteigend' : 'datum' })}>
                    {sort === 'datum' ? 'neueste zuerst zeigen' : 'älteste zuerst zeigen'}
                  </a>
                </th>
                <th scope="col">Gremium</th>
                <th scope="col">Ort</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((m) => (
                <tr>
                  <td>
                    <a href={meetingPath(m)}>
                      {formatWeekdayDate(m.startAt)}, {formatTime(m.startAt)} Uhr
                    </a>
                    {m.cancelled ? <strong> (abgesagt)</strong> : null}
                  </td>
                  <td>
                    {m.organization.name}
                    {showBody ? (
                      <>
                        <br />
                        <span class="muted">{m.body.name}</span>
                      </>
                    ) : null}
                  </td>
                  <td>{m.locationName ?? '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {pages > 1 ? (
            <nav class="pages" aria-label="Seiten">
              {page > 1 ? <a href={link({ seite: page - 1 })}>← Vorherige Seite</a> : null}
              {page < pages ? <a href={link({ seite: page + 1 })}>Nächste Seite →</a> : null}
            </nav>
          ) : null}
        </>
      )}
      <Subscriptions filters={filters} />
      <MonthsSection c={c} filters={filters} year={year} yearHref={(y) => link({ jahr: y })} />
    </Layout>,
  );
}

export const calendarPortal = new Hono<AppEnv>();

calendarPortal.get('/kalender', (c) => monthPage(c));
calendarPortal.get('/kalender/liste', (c) => listPage(c));
calendarPortal.get('/:body/kalender', (c) => monthPage(c, c.req.param('body')));
calendarPortal.get('/:body/kalender/liste', (c) => listPage(c, c.req.param('body')));
