/**
 * Back office pages for resolution tracking (Beschlusskontrolle, issue 6 part 7):
 *
 *   GET  /verwaltung/beschlusskontrolle                 overview per body: filters, sort, pages (open ones by default)
 *   GET  /verwaltung/beschlusskontrolle/druck           the same selection as a print view (all rows, print CSS)
 *   GET  /verwaltung/beschlusskontrolle/uebersicht.pdf  the same selection as the PDF paper for the committee
 *   GET  /verwaltung/beschlusskontrolle/neu/:itemId     "Auftrag anlegen" from an agenda item (form)
 *   POST /verwaltung/beschlusskontrolle/neu/:itemId     create it
 *   GET  /verwaltung/beschlusskontrolle/:id             one resolution or task (forms for the clerk)
 *   POST /verwaltung/beschlusskontrolle/:id             edit (kind, title, text, office, due date)
 *   POST /verwaltung/beschlusskontrolle/:id/status      change the status with a Sachstand
 *
 * Reading needs `resolution.read` (every role of the body; never the public: there is no public surface for
 * resolution tracking), writing `resolution.track` (clerk). Writes go through src/services/resolutions.ts;
 * every form carries the CSRF token and the row's version (optimistic locking).
 */
import type { Context } from 'hono';
import { fileNamePart } from '../../documents/builders.ts';
import { renderResolutionOverviewPdf } from '../../documents/resolutions-pdf.ts';
import { isDomainError } from '../../domain/errors.ts';
import { formatDate, formatIsoDate } from '../../domain/format.ts';
import { type Action, can } from '../../domain/permissions.ts';
import { bodyNames, type Session } from '../../services/accounts.ts';
import type { ServiceContext } from '../../services/context.ts';
import { localToday } from '../../services/meetings-office.ts';
import {
  agendaItemBody,
  changeResolutionStatus,
  createTrackedResolution,
  defaultKind,
  defaultTitle,
  listTrackedResolutions,
  loadTrackedResolution,
  RESOLUTION_KIND_LABELS,
  RESOLUTION_KINDS,
  RESOLUTION_STATUS_LABELS,
  RESOLUTION_STATUSES,
  type ResolutionKind,
  type ResolutionRow,
  type ResolutionSortKey,
  type ResolutionSource,
  type ResolutionStatus,
  resolutionBody,
  resolutionOptions,
  resolutionSource,
  updateTrackedResolution,
} from '../../services/resolutions.ts';
import type { AppEnv } from '../env.ts';
import { Alert, CsrfField, ErrorSummary, ErrorText, formOf, invalid, NOT_SAVED, type Values } from './forms.tsx';
import { OfficeLayout } from './layout.tsx';
import { positiveId } from './request.ts';
import { refusePage, route } from './router.tsx';

export const RESOLUTIONS_BASE = '/verwaltung/beschlusskontrolle';
const BASE = RESOLUTIONS_BASE;
const PAGE_SIZE = 25;
/** The print view and the PDF hold the whole selection, up to this many rows. */
const PRINT_LIMIT = 500;

const ctxOf = (c: Context<AppEnv>): ServiceContext => ({
  db: c.var.db,
  actor: c.var.session ? `user:${c.var.session.account.id}` : 'anonymous',
});

// ---------------------------------------------------------------------------------------------------
// Parameters of the overview (German names in the address)

/** The status filter: absent = open (offen and in Bearbeitung). */
const STATUS_PARAM: Record<string, readonly ResolutionStatus[]> = {
  offen: ['open'],
  'in-bearbeitung': ['in_progress'],
  erledigt: ['done'],
  entfallen: ['dropped'],
  alle: RESOLUTION_STATUSES,
};
const STATUS_CHOICES: Array<[string, string]> = [
  ['', 'offen und in Bearbeitung'],
  ['offen', 'offen'],
  ['in-bearbeitung', 'in Bearbeitung'],
  ['erledigt', 'erledigt'],
  ['entfallen', 'entfallen'],
  ['alle', 'alle'],
];
/** How the status filter reads in the title of the printed overview: "die offenen Beschlüsse". */
const STATUS_ADJECTIVE: Record<string, string> = {
  '': 'offenen ',
  offen: 'offenen ',
  'in-bearbeitung': 'in Bearbeitung befindlichen ',
  erledigt: 'erledigten ',
  entfallen: 'entfallenen ',
  alle: '',
};
const KIND_PARAM: Record<string, ResolutionKind> = {
  beschluss: 'decision',
  pruefauftrag: 'review',
  arbeitsauftrag: 'task',
};
const SORT_PARAM: Record<ResolutionSortKey, string> = {
  due: 'frist',
  meeting: 'sitzung',
  office: 'amt',
  status: 'status',
};

interface ListParams {
  status: string;
  kind: string;
  officeId: number | undefined;
  organizationId: number | undefined;
  year: number | undefined;
  overdue: boolean;
  q: string;
  sort: ResolutionSortKey;
  direction: 'asc' | 'desc';
  page: number;
}

function listParams(c: Context<AppEnv>): ListParams {
  const status = c.req.query('status') ?? '';
  const kind = c.req.query('art') ?? '';
  const sortParam = c.req.query('sortierung');
  return {
    status: status in STATUS_PARAM ? status : '',
    kind: kind in KIND_PARAM ? kind : '',
    officeId: positiveId(c.req.query('amt')),
    organizationId: positiveId(c.req.query('gremium')),
    year: positiveId(c.req.query('jahr')),
    overdue: c.req.query('ueberfaellig') === '1',
    q: (c.req.query('q') ?? '').trim().slice(0, 200),
    sort: (Object.keys(SORT_PARAM) as ResolutionSortKey[]).find((k) => SORT_PARAM[k] === sortParam) ?? 'due',
    direction: c.req.query('richtung') === 'ab' ? 'desc' : 'asc',
    page: positiveId(c.req.query('seite')) ?? 1,
  };
}

function query(bodyId: number, p: ListParams, change: Partial<ListParams>, showBody: boolean): string {
  const v = { ...p, ...change };
  const q = new URLSearchParams();
  if (showBody) q.set('koerperschaft', String(bodyId));
  if (v.status) q.set('status', v.status);
  if (v.kind) q.set('art', v.kind);
  if (v.officeId) q.set('amt', String(v.officeId));
  if (v.organizationId) q.set('gremium', String(v.organizationId));
  if (v.year) q.set('jahr', String(v.year));
  if (v.overdue) q.set('ueberfaellig', '1');
  if (v.q) q.set('q', v.q);
  if (v.sort !== 'due') q.set('sortierung', SORT_PARAM[v.sort]);
  if (v.direction === 'desc') q.set('richtung', 'ab');
  if (v.page > 1) q.set('seite', String(v.page));
  const text = q.toString();
  return text ? `?${text}` : '';
}

/** The bodies where the session may do `action`, by name. */
async function bodiesFor(c: Context<AppEnv>, action: Action): Promise<Array<{ id: number; name: string }>> {
  const session = c.var.session;
  if (!session) return [];
  const names = await bodyNames(c.var.db);
  return [...names.entries()]
    .filter(([id]) => can(session.actor, action, { bodyId: id }))
    .map(([id, name]) => ({ id, name }));
}

/** The body of the overview: `?koerperschaft=`, else the first one the session may read. */
async function chosenBody(c: Context<AppEnv>): Promise<number | undefined> {
  const explicit = c.req.query('koerperschaft');
  if (explicit !== undefined) return positiveId(explicit) ?? -1;
  return (await bodiesFor(c, 'resolution.read'))[0]?.id;
}

const bodyTarget = async (c: Context<AppEnv>) => ({ bodyId: await chosenBody(c) });

/** A route on one resolution: its body; none: "any body" (the 404 page then tells nothing). */
const resolutionTarget = async (c: Context<AppEnv>) => {
  const id = positiveId(c.req.param('id'));
  return { bodyId: id === undefined ? undefined : await resolutionBody(c.var.db, id) };
};

const itemTarget = async (c: Context<AppEnv>) => {
  const id = positiveId(c.req.param('itemId'));
  return { bodyId: id === undefined ? undefined : await agendaItemBody(c.var.db, id) };
};

function notFoundPage(c: Context<AppEnv>, what = 'Diesen Beschluss oder Auftrag gibt es nicht.') {
  return c.html(
    <OfficeLayout title="Nicht gefunden" session={c.var.session}>
      <h1>Nicht gefunden</h1>
      <p>{what}</p>
      <p>
        <a href={BASE}>Zur Beschlusskontrolle</a>
      </p>
    </OfficeLayout>,
    404,
  );
}

/** Service field → form field. */
const FORM_FIELD: Record<string, string> = {
  agendaItemId: 'titel',
  kind: 'art',
  title: 'titel',
  text: 'text',
  officeId: 'amt',
  dueDate: 'frist',
  status: 'status',
  report: 'sachstand',
  reportDate: 'datum',
  doneDate: 'datum',
  version: 'titel',
};

function fieldErrors(error: unknown): Values | undefined {
  if (!isDomainError(error) || error.id !== 'validation.failed') return undefined;
  const fields = (error.details.fields ?? {}) as Values;
  const out: Values = {};
  for (const [k, v] of Object.entries(fields)) out[FORM_FIELD[k] ?? k] ??= v;
  return out;
}

const meetingLabel = (r: ResolutionRow) => (r.meeting ? `Sitzung vom ${formatDate(r.meeting.startAt)}` : '–');

/** "30.06.2021" with "überfällig" in words (not by colour alone). */
function Due(props: { row: ResolutionRow }) {
  const { row } = props;
  if (!row.dueDate) return <span class="muted">ohne Frist</span>;
  return (
    <>
      {formatIsoDate(row.dueDate)}
      {row.overdue ? (
        <>
          {' '}
          <strong class="overdue">(überfällig)</strong>
        </>
      ) : null}
    </>
  );
}

const styles = `
.filters { display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); gap: 0 1rem; align-items: end; }
.filters .check { display: flex; gap: .4rem; align-items: center; margin-top: .75rem; }
.filters .check label { display: inline; margin: 0; }
.overdue { color: #a4000f; }
tr.is-overdue td:first-child { border-left: 4px solid #a4000f; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
.pages { list-style: none; display: flex; gap: 1rem; padding: 0; }
`;

// ---------------------------------------------------------------------------------------------------
// Overview

interface Overview {
  bodyId: number;
  body: { id: number; name: string };
  readable: Array<{ id: number; name: string }>;
  p: ListParams;
  options: Awaited<ReturnType<typeof resolutionOptions>>;
  list: Awaited<ReturnType<typeof listTrackedResolutions>>;
}

async function overview(c: Context<AppEnv>, all: boolean): Promise<Overview | undefined> {
  const readable = await bodiesFor(c, 'resolution.read');
  const bodyId = await chosenBody(c);
  const body = readable.find((b) => b.id === bodyId);
  if (!body || bodyId === undefined) return undefined;
  const p = listParams(c);
  const [options, list] = await Promise.all([
    resolutionOptions(c.var.db, bodyId),
    listTrackedResolutions(c.var.db, {
      bodyId,
      statuses: STATUS_PARAM[p.status],
      kind: KIND_PARAM[p.kind],
      officeId: p.officeId,
      organizationId: p.organizationId,
      year: p.year,
      overdue: p.overdue,
      q: p.q,
      sort: p.sort,
      direction: p.direction,
      page: all ? 1 : p.page,
      pageSize: all ? PRINT_LIMIT : PAGE_SIZE,
    }),
  ]);
  return { bodyId, body, readable, p, options, list };
}

/** The title of the printed overview, as the paper's title (item 9 of the reference meeting). */
function overviewTitle(o: Overview): string {
  const committee = o.options.committees.find((x) => x.id === o.p.organizationId);
  const whose = committee ? ` ${committee.nameGenitive ?? `des Gremiums „${committee.name}“`}` : ' aller Gremien';
  const year = o.p.year ? ` aus dem Jahr ${o.p.year}` : '';
  return `Übersicht über die ${STATUS_ADJECTIVE[o.p.status] ?? ''}Beschlüsse, Prüf- und Arbeitsaufträge${whose}${year}`;
}

/** The other filters in words, for the print view and the PDF. */
function filtersInWords(o: Overview): string {
  const parts = [`Stand: ${formatIsoDate(localToday())}`];
  const office = o.options.offices.find((x) => x.id === o.p.officeId);
  if (office) parts.push(`zuständig: ${office.name}`);
  if (o.p.kind) parts.push(`nur ${RESOLUTION_KIND_LABELS[KIND_PARAM[o.p.kind] as ResolutionKind]}`);
  if (o.p.overdue) parts.push('nur überfällige');
  if (o.p.q) parts.push(`Suche: „${o.p.q}“`);
  parts.push(o.list.total === 1 ? '1 Eintrag' : `${o.list.total} Einträge`);
  if (o.list.total > o.list.rows.length) parts.push(`die ersten ${o.list.rows.length} sind aufgeführt`);
  return parts.join(' · ');
}

function Filters(props: { o: Overview }) {
  const { o } = props;
  const { p } = o;
  return (
    <form method="get" action={BASE} class="filters" aria-label="Beschlüsse und Aufträge filtern">
      {o.readable.length > 1 ? (
        <div>
          <label for="koerperschaft">Körperschaft</label>
          <select id="koerperschaft" name="koerperschaft">
            {o.readable.map((b) => (
              <option value={String(b.id)} selected={b.id === o.bodyId}>
                {b.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div>
        <label for="q">Suche (Titel, Text)</label>
        <input id="q" name="q" type="search" value={p.q} />
      </div>
      <div>
        <label for="status">Status</label>
        <select id="status" name="status">
          {STATUS_CHOICES.map(([value, label]) => (
            <option value={value} selected={value === p.status}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for="gremium">Gremium</label>
        <select id="gremium" name="gremium">
          <option value="">alle Gremien</option>
          {o.options.committees.map((x) => (
            <option value={String(x.id)} selected={x.id === p.organizationId}>
              {x.name}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for="amt">Zuständiges Amt</label>
        <select id="amt" name="amt">
          <option value="">alle Ämter</option>
          {o.options.offices.map((x) => (
            <option value={String(x.id)} selected={x.id === p.officeId}>
              {x.officeNumber ? `${x.officeNumber} – ${x.name}` : x.name}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for="jahr">Jahr der Sitzung</label>
        <select id="jahr" name="jahr">
          <option value="">alle Jahre</option>
          {o.options.years.map((y) => (
            <option value={String(y)} selected={y === p.year}>
              {y}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for="art">Art</label>
        <select id="art" name="art">
          <option value="">alle Arten</option>
          {Object.entries(KIND_PARAM).map(([value, kind]) => (
            <option value={value} selected={value === p.kind}>
              {RESOLUTION_KIND_LABELS[kind]}
            </option>
          ))}
        </select>
      </div>
      <div class="check">
        <input id="ueberfaellig" name="ueberfaellig" type="checkbox" value="1" checked={p.overdue} />
        <label for="ueberfaellig">nur überfällige</label>
      </div>
      {p.sort !== 'due' ? <input type="hidden" name="sortierung" value={SORT_PARAM[p.sort]} /> : null}
      {p.direction === 'desc' ? <input type="hidden" name="richtung" value="ab" /> : null}
      <div>
        <button type="submit">Anzeigen</button>
      </div>
    </form>
  );
}

route(
  'GET',
  BASE,
  'resolution.read',
  async (c) => {
    const session = c.var.session as Session;
    const o = await overview(c, false);
    if (!o) return notFoundPage(c, 'Diese Körperschaft gibt es nicht.');
    const { p, list, bodyId } = o;
    const showBody = o.readable.length > 1;
    const pages = Math.max(1, Math.ceil(list.total / PAGE_SIZE));
    const filtered = Boolean(p.status || p.kind || p.officeId || p.organizationId || p.year || p.overdue || p.q);
    const href = (change: Partial<ListParams>) => `${BASE}${query(bodyId, p, change, showBody)}`;
    const header = (key: ResolutionSortKey, label: string) => {
      const active = p.sort === key;
      const next = active && p.direction === 'asc' ? 'desc' : 'asc';
      return (
        <th scope="col" aria-sort={active ? (p.direction === 'asc' ? 'ascending' : 'descending') : undefined}>
          <a href={href({ sort: key, direction: next, page: 1 })}>
            {label}
            <span class="skip">
              {active
                ? p.direction === 'asc'
                  ? ', aufsteigend sortiert; absteigend sortieren'
                  : ', absteigend sortiert; aufsteigend sortieren'
                : `, nach ${label} sortieren`}
            </span>
          </a>
          {active ? <span aria-hidden="true">{p.direction === 'asc' ? ' ▲' : ' ▼'}</span> : null}
        </th>
      );
    };
    const printQuery = query(bodyId, p, { page: 1 }, showBody);
    return c.html(
      <OfficeLayout title={`Beschlusskontrolle – ${o.body.name}`} session={session}>
        <style>{styles}</style>
        <h1>Beschlusskontrolle</h1>
        <p>
          {o.body.name}: Beschlüsse, Prüf- und Arbeitsaufträge der Gremien mit zuständigem Amt, Frist und Sachstand.
          Neue Einträge legen Sie aus der Niederschrift an („Beschluss oder Auftrag verfolgen“ beim Tagesordnungspunkt).
        </p>
        <Filters o={o} />
        {filtered ? (
          <p>
            <a href={`${BASE}${showBody ? `?koerperschaft=${bodyId}` : ''}`}>Filter zurücksetzen</a>
          </p>
        ) : null}
        <p>
          Drucken: <a href={`${BASE}/druck${printQuery}`}>Druckansicht</a> ·{' '}
          <a href={`${BASE}/uebersicht.pdf${printQuery}`}>PDF „{overviewTitle(o)}“</a>
        </p>
        {list.total === 0 ? (
          <p role="status">
            {filtered
              ? 'Kein Beschluss und kein Auftrag passt zu diesen Filtern. Ändern Sie die Angaben oder setzen Sie die Filter zurück.'
              : 'Es gibt keine offenen Beschlüsse oder Aufträge. Zeigen Sie mit dem Status „alle“ auch erledigte an.'}
          </p>
        ) : list.rows.length === 0 ? (
          <p role="status">
            Auf Seite {p.page} gibt es keine Einträge mehr. <a href={href({ page: 1 })}>Zur ersten Seite</a>
          </p>
        ) : (
          <>
            <p role="status">
              {list.total === 1 ? '1 Eintrag' : `${list.total} Einträge`}
              {pages > 1 ? ` – Seite ${p.page} von ${pages}` : ''}
              {list.rows.some((r) => r.overdue) ? ' – überfällige sind mit „(überfällig)“ markiert' : ''}
            </p>
            <table>
              <caption class="skip">Beschlusskontrolle von {o.body.name}</caption>
              <thead>
                <tr>
                  {header('meeting', 'Sitzung / TOP')}
                  <th scope="col">Beschluss / Auftrag</th>
                  {header('office', 'Zuständiges Amt')}
                  {header('due', 'Frist')}
                  {header('status', 'Status')}
                  <th scope="col">Sachstand</th>
                </tr>
              </thead>
              <tbody>
                {list.rows.map((r) => (
                  <tr class={r.overdue ? 'is-overdue' : undefined}>
                    <td>
                      {meetingLabel(r)}
                      {r.item ? <br /> : null}
                      {r.item ? `TOP ${r.item.number}` : null}
                      {r.paper ? <br /> : null}
                      {r.paper ? `Vorlage ${r.paper.reference}` : null}
                      <br />
                      <span class="muted">{r.committee.name}</span>
                    </td>
                    <td>
                      {RESOLUTION_KIND_LABELS[r.kind]}: <a href={`${BASE}/${r.id}`}>{r.title}</a>
                      {r.public ? null : <span class="muted"> (nicht öffentlich)</span>}
                    </td>
                    <td>{r.office?.name ?? '–'}</td>
                    <td>
                      <Due row={r} />
                    </td>
                    <td>{RESOLUTION_STATUS_LABELS[r.status]}</td>
                    <td>
                      {r.report ?? '–'}
                      {r.reportDate ? <span class="muted"> (Stand {formatIsoDate(r.reportDate)})</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {pages > 1 ? (
              <nav aria-label="Seiten">
                <ul class="pages">
                  {p.page > 1 ? (
                    <li>
                      <a href={href({ page: p.page - 1 })} rel="prev">
                        Vorherige Seite
                      </a>
                    </li>
                  ) : null}
                  <li aria-current="page">
                    Seite {p.page} von {pages}
                  </li>
                  {p.page < pages ? (
                    <li>
                      <a href={href({ page: p.page + 1 })} rel="next">
                        Nächste Seite
                      </a>
                    </li>
                  ) : null}
                </ul>
              </nav>
            ) : null}
          </>
        )}
      </OfficeLayout>,
    );
  },
  bodyTarget,
);

const printStyles = `
body { font: 11pt/1.4 "Noto Sans", system-ui, sans-serif; color: #000; margin: 1.5cm; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #888; padding: .3rem .4rem; text-align: left; vertical-align: top; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
h1 { font-size: 16pt; }
.muted { color: #444; }
a { color: #0b4f8a; }
@page { size: A4 landscape; margin: 1.5cm; }
@media print { .no-print { display: none; } body { margin: 0; } a { color: #000; text-decoration: none; } }
`;

route(
  'GET',
  `${BASE}/druck`,
  'resolution.read',
  async (c) => {
    const o = await overview(c, true);
    if (!o) return notFoundPage(c, 'Diese Körperschaft gibt es nicht.');
    const title = overviewTitle(o);
    const back = `${BASE}${query(o.bodyId, o.p, { page: 1 }, o.readable.length > 1)}`;
    return c.html(
      <html lang="de">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="robots" content="noindex" />
          <title>{`${title} – Druckansicht – Ratsinfo`}</title>
          <style>{printStyles}</style>
        </head>
        <body>
          <nav class="no-print" aria-label="Druckansicht">
            <p>
              <a href={back}>Zurück zur Beschlusskontrolle</a> · Drucken Sie diese Seite mit der Druckfunktion Ihres
              Browsers (Strg+P) ·{' '}
              <a href={`${BASE}/uebersicht.pdf${query(o.bodyId, o.p, { page: 1 }, o.readable.length > 1)}`}>als PDF</a>
            </p>
          </nav>
          <main>
            <p>{o.body.name}</p>
            <h1>{title}</h1>
            <p class="muted">{filtersInWords(o)}</p>
            {o.list.rows.length === 0 ? (
              <p>Es gibt keine Beschlüsse oder Aufträge, die zu dieser Auswahl passen.</p>
            ) : (
              <table>
                <thead>
                  <tr>
                    <th scope="col">Sitzung / TOP / Vorlage</th>
                    <th scope="col">Beschluss / Auftrag</th>
                    <th scope="col">Zuständiges Amt</th>
                    <th scope="col">Frist</th>
                    <th scope="col">Sachstand</th>
                  </tr>
                </thead>
                <tbody>
                  {o.list.rows.map((r) => (
                    <tr>
                      <td>
                        {meetingLabel(r)}
                        {r.item ? (
                          <>
                            <br />
                            TOP {r.item.number}
                          </>
                        ) : null}
                        {r.paper ? (
                          <>
                            <br />
                            Vorlage {r.paper.reference}
                          </>
                        ) : null}
                        {r.public ? null : (
                          <>
                            <br />
                            <span class="muted">nicht öffentlich</span>
                          </>
                        )}
                      </td>
                      <td>
                        <strong>
                          {RESOLUTION_KIND_LABELS[r.kind]}: {r.title}
                        </strong>
                        {r.text ? <p>{r.text}</p> : null}
                      </td>
                      <td>{r.office?.name ?? '–'}</td>
                      <td>
                        <Due row={r} />
                        <br />
                        {RESOLUTION_STATUS_LABELS[r.status]}
                      </td>
                      <td>
                        {r.report ?? '–'}
                        {r.reportDate ? <span class="muted"> (Stand {formatIsoDate(r.reportDate)})</span> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </main>
        </body>
      </html>,
    );
  },
  bodyTarget,
);

route(
  'GET',
  `${BASE}/uebersicht.pdf`,
  'resolution.read',
  async (c) => {
    const o = await overview(c, true);
    if (!o) return notFoundPage(c, 'Diese Körperschaft gibt es nicht.');
    const pdf = await renderResolutionOverviewPdf({
      title: overviewTitle(o),
      bodyName: o.body.name,
      subtitle: filtersInWords(o),
      rows: o.list.rows,
    });
    const committee = o.options.committees.find((x) => x.id === o.p.organizationId);
    const name = [
      'Beschlusskontrolle',
      fileNamePart(committee?.name ?? o.body.name),
      o.p.year ? String(o.p.year) : localToday(),
    ].join('_');
    return c.body(new Uint8Array(pdf.buffer as ArrayBuffer, pdf.byteOffset, pdf.byteLength), 200, {
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="${name}.pdf"`,
      'cache-control': 'private, no-store',
    });
  },
  bodyTarget,
);

// ---------------------------------------------------------------------------------------------------
// Forms

function KindSelect(props: { value: string; errors: Values }) {
  return (
    <div class="field">
      <label for="art">Art</label>
      <select id="art" name="art" {...invalid(props.errors.art, 'art')}>
        {RESOLUTION_KINDS.map((k) => (
          <option value={k} selected={k === props.value}>
            {RESOLUTION_KIND_LABELS[k]}
          </option>
        ))}
      </select>
      <ErrorText id="art" error={props.errors.art} />
    </div>
  );
}

function EditFields(props: {
  values: Values;
  errors: Values;
  offices: Array<{ id: number; name: string; officeNumber: string | null }>;
}) {
  const { values, errors } = props;
  return (
    <>
      <KindSelect value={values.art ?? 'task'} errors={errors} />
      <div class="field">
        <label for="titel">Kurzer Titel</label>
        <input id="titel" name="titel" type="text" value={values.titel ?? ''} {...invalid(errors.titel, 'titel')} />
        <ErrorText id="titel" error={errors.titel} />
      </div>
      <div class="field">
        <label for="text">Beschluss- oder Auftragstext</label>
        <textarea id="text" name="text" rows={6} {...invalid(errors.text, 'text')}>
          {values.text ?? ''}
        </textarea>
        <ErrorText id="text" error={errors.text} />
      </div>
      <div class="field">
        <label for="amt">Zuständiges Amt</label>
        <select id="amt" name="amt" {...invalid(errors.amt, 'amt')}>
          <option value="">– noch keines –</option>
          {props.offices.map((x) => (
            <option value={String(x.id)} selected={String(x.id) === values.amt}>
              {x.officeNumber ? `${x.officeNumber} – ${x.name}` : x.name}
            </option>
          ))}
        </select>
        <ErrorText id="amt" error={errors.amt} />
      </div>
      <div class="field">
        <label for="frist">Frist (TT.MM.JJJJ, freiwillig)</label>
        <input
          id="frist"
          name="frist"
          type="text"
          inputmode="numeric"
          value={values.frist ?? ''}
          {...invalid(errors.frist, 'frist')}
        />
        <ErrorText id="frist" error={errors.frist} />
      </div>
    </>
  );
}

const officeIdOf = (v: Values): number | null => {
  const value = (v.amt ?? '').trim();
  return value === '' ? null : (positiveId(value) ?? -1);
};

// ---------------------------------------------------------------------------------------------------
// Create from an agenda item

async function createPage(
  c: Context<AppEnv>,
  source: ResolutionSource,
  options: { values?: Values; errors?: Values; error?: string; status?: 200 | 409 | 422 } = {},
) {
  const session = c.var.session as Session;
  const errors = options.errors ?? {};
  const { offices } = await resolutionOptions(c.var.db, source.bodyId);
  const values = options.values ?? {
    art: defaultKind(source),
    titel: defaultTitle(source),
    text: source.item.resolutionText ?? '',
    amt: '',
    frist: '',
  };
  const meeting = `${source.organizationName} am ${formatDate(source.meetingStart)}`;
  const itemPage = `/verwaltung/sitzungen/${source.meetingId}/niederschrift/${source.item.id}`;
  return c.html(
    <OfficeLayout title={`Beschluss oder Auftrag verfolgen – TOP ${source.item.number}`} session={session}>
      <nav aria-label="Brotkrumen">
        <a href={BASE}>Beschlusskontrolle</a> › Beschluss oder Auftrag verfolgen
      </nav>
      <h1>Beschluss oder Auftrag verfolgen</h1>
      <p>
        Aus{' '}
        <a href={itemPage}>
          TOP {source.item.number}: {source.item.title}
        </a>{' '}
        der Sitzung {meeting}
        {source.paper ? ` (Vorlage ${source.paper.reference})` : ''}
        {source.item.public ? '' : ' – nicht öffentlicher Teil: der Eintrag bleibt nicht öffentlich'}.
      </p>
      <Alert error={options.error} />
      {source.tracked.length > 0 ? (
        <>
          <h2>Schon verfolgt</h2>
          <ul>
            {source.tracked.map((t) => (
              <li>
                <a href={`${BASE}/${t.id}`}>
                  {RESOLUTION_KIND_LABELS[t.kind]}: {t.title}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {!source.held ? (
        <p class="notice" role="status">
          {source.cancelled
            ? 'Die Sitzung ist abgesagt; aus ihren Tagesordnungspunkten gibt es keine Beschlüsse oder Aufträge.'
            : 'Die Sitzung hat noch nicht stattgefunden. Beschlüsse und Aufträge werden nach der Sitzung aus der Niederschrift übernommen.'}
        </p>
      ) : (
        <>
          <h2>Neuer Eintrag</h2>
          <p>
            Der Text ist der Beschlusstext des Tagesordnungspunkts; für einen Prüf- oder Arbeitsauftrag aus der Beratung
            beschreiben Sie den Auftrag.
          </p>
          <ErrorSummary errors={errors} title={NOT_SAVED} />
          <form method="post" action={`${BASE}/neu/${source.item.id}`} novalidate>
            <CsrfField session={session} />
            <EditFields values={values} errors={errors} offices={offices} />
            <button type="submit">Eintrag anlegen</button>
          </form>
        </>
      )}
      <p>
        <a href={itemPage}>Zurück zum Tagesordnungspunkt</a>
      </p>
    </OfficeLayout>,
    options.status ?? 200,
  );
}

async function sourceOf(c: Context<AppEnv>) {
  const id = positiveId(c.req.param('itemId'));
  return id === undefined ? undefined : resolutionSource(c.var.db, id);
}

route(
  'GET',
  `${BASE}/neu/:itemId`,
  'resolution.track',
  async (c) => {
    const source = await sourceOf(c);
    return source ? createPage(c, source) : notFoundPage(c, 'Diesen Tagesordnungspunkt gibt es nicht.');
  },
  itemTarget,
);

route(
  'POST',
  `${BASE}/neu/:itemId`,
  'resolution.track',
  async (c) => {
    const session = c.var.session as Session;
    const source = await sourceOf(c);
    if (!source) return notFoundPage(c, 'Diesen Tagesordnungspunkt gibt es nicht.');
    const values = await formOf(c);
    try {
      const created = await createTrackedResolution(ctxOf(c), session.actor, {
        agendaItemId: source.item.id,
        kind: (values.art ?? '') as ResolutionKind,
        title: values.titel ?? '',
        text: values.text ?? null,
        officeId: officeIdOf(values),
        dueDate: values.frist ?? null,
      });
      return c.redirect(`${BASE}/${created.id}?meldung=angelegt`, 303);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      if (error.id === 'permission.denied') return refusePage(c, 403, error.id, error.message);
      const errors = fieldErrors(error);
      return createPage(c, source, {
        values,
        ...(errors ? { errors } : {}),
        error: errors ? 'Nicht gespeichert.' : error.message,
        status: 422,
      });
    }
  },
  itemTarget,
);

// ---------------------------------------------------------------------------------------------------
// One resolution

const NOTICES: Record<string, string> = {
  angelegt: 'Der Eintrag wurde angelegt.',
  gespeichert: 'Die Änderungen wurden gespeichert.',
  status: 'Status und Sachstand wurden gespeichert.',
};

function editValues(r: ResolutionRow): Values {
  return {
    art: r.kind,
    titel: r.title,
    text: r.text ?? '',
    amt: r.office ? String(r.office.id) : '',
    frist: r.dueDate ? formatIsoDate(r.dueDate) : '',
  };
}

async function detailPage(
  c: Context<AppEnv>,
  r: ResolutionRow,
  options: {
    values?: Values;
    errors?: Values;
    error?: string;
    status?: 200 | 409 | 422;
    form?: 'edit' | 'status';
  } = {},
) {
  const session = c.var.session as Session;
  const mayTrack = can(session.actor, 'resolution.track', { bodyId: r.bodyId });
  const errors = options.errors ?? {};
  const notice = options.error ? undefined : NOTICES[c.req.query('meldung') ?? ''];
  const editing = options.form === 'edit' ? (options.values ?? editValues(r)) : editValues(r);
  const statusValues =
    options.form === 'status' && options.values
      ? options.values
      : { status: r.status, sachstand: r.report ?? '', datum: formatIsoDate(localToday()) };
  const editErrors = options.form === 'edit' ? errors : {};
  const statusErrors = options.form === 'status' ? errors : {};
  const { offices } = mayTrack ? await resolutionOptions(c.var.db, r.bodyId) : { offices: [] };
  const itemPage = r.meeting && r.item ? `/verwaltung/sitzungen/${r.meeting.id}/niederschrift/${r.item.id}` : null;
  const heading = `${RESOLUTION_KIND_LABELS[r.kind]}: ${r.title}`;
  return c.html(
    <OfficeLayout title={`${heading} – Beschlusskontrolle`} session={session}>
      <style>{styles}</style>
      <nav aria-label="Brotkrumen">
        <a href={BASE}>Beschlusskontrolle</a> › {RESOLUTION_KIND_LABELS[r.kind]}
      </nav>
      <h1>{heading}</h1>
      <Alert error={options.error} notice={notice} />
      <dl class="facts">
        <dt>Gremium</dt>
        <dd>{r.committee.name}</dd>
        <dt>Sitzung / TOP</dt>
        <dd>
          {itemPage ? (
            <a href={itemPage}>
              {meetingLabel(r)}, TOP {r.item?.number}: {r.item?.title}
            </a>
          ) : (
            '–'
          )}
        </dd>
        {r.paper ? (
          <>
            <dt>Vorlage</dt>
            <dd>
              <a href={`/verwaltung/vorlagen/${r.paper.id}`}>{r.paper.reference}</a>
            </dd>
          </>
        ) : null}
        <dt>Öffentlich</dt>
        <dd>{r.public ? 'ja' : 'nein (aus dem nicht öffentlichen Teil)'}</dd>
        <dt>Zuständiges Amt</dt>
        <dd>{r.office?.name ?? '–'}</dd>
        <dt>Frist</dt>
        <dd>
          <Due row={r} />
        </dd>
        <dt>Status</dt>
        <dd>{RESOLUTION_STATUS_LABELS[r.status]}</dd>
        <dt>Sachstand</dt>
        <dd>
          {r.report ?? '–'}
          {r.reportDate ? <span class="muted"> (Stand {formatIsoDate(r.reportDate)})</span> : null}
        </dd>
        {r.doneDate ? (
          <>
            <dt>Erledigt am</dt>
            <dd>{formatIsoDate(r.doneDate)}</dd>
          </>
        ) : null}
      </dl>
      <h2>Text</h2>
      <p>{r.text ?? '–'}</p>
      {mayTrack ? (
        <>
          <section aria-labelledby="status-titel">
            <h2 id="status-titel">Status und Sachstand</h2>
            <ErrorSummary errors={statusErrors} title={NOT_SAVED} />
            <form method="post" action={`${BASE}/${r.id}/status`} novalidate>
              <CsrfField session={session} version={r.version} />
              <div class="field">
                <label for="status">Status</label>
                <select id="status" name="status" {...invalid(statusErrors.status, 'status')}>
                  {RESOLUTION_STATUSES.map((s) => (
                    <option value={s} selected={s === statusValues.status}>
                      {RESOLUTION_STATUS_LABELS[s]}
                    </option>
                  ))}
                </select>
                <ErrorText id="status" error={statusErrors.status} />
              </div>
              <div class="field">
                <label for="sachstand">Sachstand</label>
                <textarea id="sachstand" name="sachstand" rows={4} {...invalid(statusErrors.sachstand, 'sachstand')}>
                  {statusValues.sachstand ?? ''}
                </textarea>
                <ErrorText id="sachstand" error={statusErrors.sachstand} />
              </div>
              <div class="field">
                <label for="datum">Stand vom (TT.MM.JJJJ)</label>
                <input
                  id="datum"
                  name="datum"
                  type="text"
                  inputmode="numeric"
                  value={statusValues.datum ?? ''}
                  {...invalid(statusErrors.datum, 'datum')}
                />
                <ErrorText id="datum" error={statusErrors.datum} />
              </div>
              <button type="submit">Status speichern</button>
            </form>
          </section>
          <section aria-labelledby="bearbeiten-titel">
            <h2 id="bearbeiten-titel">Bearbeiten</h2>
            <ErrorSummary errors={editErrors} title={NOT_SAVED} />
            <form method="post" action={`${BASE}/${r.id}`} novalidate>
              <CsrfField session={session} version={r.version} />
              <EditFields values={editing} errors={editErrors} offices={offices} />
              <button type="submit">Änderungen speichern</button>
            </form>
          </section>
        </>
      ) : null}
      <p>
        <a href={BASE}>Zurück zur Beschlusskontrolle</a>
      </p>
    </OfficeLayout>,
    options.status ?? 200,
  );
}

async function resolutionOr404(c: Context<AppEnv>) {
  const id = positiveId(c.req.param('id'));
  return id === undefined ? undefined : loadTrackedResolution(c.var.db, id);
}

route(
  'GET',
  `${BASE}/:id`,
  'resolution.read',
  async (c) => {
    const r = await resolutionOr404(c);
    return r ? detailPage(c, r) : notFoundPage(c);
  },
  resolutionTarget,
);

async function detailWrite(
  c: Context<AppEnv>,
  form: 'edit' | 'status',
  write: (r: ResolutionRow, v: Values, session: Session) => Promise<unknown>,
) {
  const session = c.var.session as Session;
  const r = await resolutionOr404(c);
  if (!r) return notFoundPage(c);
  const values = await formOf(c);
  try {
    await write(r, values, session);
    return c.redirect(`${BASE}/${r.id}?meldung=${form === 'edit' ? 'gespeichert' : 'status'}`, 303);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    if (error.id === 'permission.denied') return refusePage(c, 403, error.id, error.message);
    const errors = fieldErrors(error);
    // A stale form: the page shows the row as it is now, the form keeps what was entered.
    const current = (await resolutionOr404(c)) ?? r;
    return detailPage(c, current, {
      values,
      ...(errors ? { errors } : {}),
      error: errors ? 'Nicht gespeichert.' : error.message,
      status: error.id === 'conflict.stale' ? 409 : 422,
      form,
    });
  }
}

const versionOf = (v: Values) => positiveId(v.version) ?? 0;

route(
  'POST',
  `${BASE}/:id`,
  'resolution.track',
  (c) =>
    detailWrite(c, 'edit', (r, v, s) =>
      updateTrackedResolution(ctxOf(c), s.actor, r.id, {
        version: versionOf(v),
        kind: (v.art ?? '') as ResolutionKind,
        title: v.titel ?? '',
        text: v.text ?? null,
        officeId: officeIdOf(v),
        dueDate: v.frist ?? null,
      }),
    ),
  resolutionTarget,
);

route(
  'POST',
  `${BASE}/:id/status`,
  'resolution.track',
  (c) =>
    detailWrite(c, 'status', (r, v, s) =>
      changeResolutionStatus(ctxOf(c), s.actor, r.id, {
        version: versionOf(v),
        status: (v.status ?? '') as ResolutionStatus,
        report: v.sachstand ?? '',
        reportDate: v.datum ?? null,
      }),
    ),
  resolutionTarget,
);
