/**
 * Back office pages for papers (Vorlagen) of a body: the list (search, filters, sort, pages), the
 * paper with its consultation path (Beratungsfolge), files and history, creating a paper with the next
 * reference number of its office and year, editing with optimistic locking (the form carries the
 * version it was loaded from), and the consultation path (add, change role and status, move, remove).
 *
 * Reading needs `paper.read` in the paper's body (members and chairs read non-public papers here; the
 * public never reaches these pages); writing `paper.create` / `paper.edit` (clerk). Writes go through
 * src/services/papers-office.ts, one transaction each, with an audit log entry.
 */
import type { Context } from 'hono';
import { isDomainError } from '../../domain/errors.ts';
import { formatDate, formatIsoDate, formatTime } from '../../domain/format.ts';
import { type Action, can } from '../../domain/permissions.ts';
import { bodyNames, type Session } from '../../services/accounts.ts';
import type { ServiceContext } from '../../services/context.ts';
import {
  addPaperConsultation,
  addPaperFiles,
  CONSULTATION_ROLES,
  CONSULTATION_STATUSES,
  createOfficePaper,
  type FieldErrors,
  MAX_FILE_BYTES,
  movePaperConsultation,
  removePaperConsultation,
  type UploadedFile,
  updateOfficePaper,
  updatePaperConsultation,
} from '../../services/papers-office.ts';
import {
  consultingBodiesOf,
  type HistoryEntry,
  listOfficePapers,
  loadOfficePaper,
  loadPaperFile,
  nextPaperNumbers,
  type OfficePaper,
  officesOf,
  PAPER_STATUSES,
  type PaperStatus,
  paperBody,
  paperFilterOptions,
  paperHistory,
  SORT_KEYS,
  type SortKey,
} from '../../services/papers-read.ts';
import type { AppEnv } from '../env.ts';
import { Alert, CsrfField, ErrorText, type Form, field } from './forms.tsx';
import { OfficeLayout } from './layout.tsx';
import { positiveId } from './request.ts';
import { refusePage, route } from './router.tsx';

// ---------------------------------------------------------------------------------------------------
// Labels and small helpers

export const CONSULTATION_ROLE_LABELS: Record<string, string> = {
  preliminary: 'Vorberatung',
  decision: 'Entscheidung',
  notice: 'Kenntnisnahme',
};

export const CONSULTATION_STATUS_LABELS: Record<string, string> = {
  open: 'offen',
  deferred: 'vertagt',
  recommended: 'empfohlen',
  decided: 'beschlossen',
  rejected: 'abgelehnt',
  noted: 'zur Kenntnis genommen',
  withdrawn: 'zurückgezogen',
};

export const PAPER_STATUS_LABELS: Record<PaperStatus, string> = {
  new: 'ohne Beratungsfolge',
  in_consultation: 'in Beratung',
  done: 'abgeschlossen',
};

/** Types offered in the forms (the body's own types are added). */
export const PAPER_TYPES = [
  'Beschlussvorlage',
  'Mitteilungsvorlage',
  'Informationsvorlage',
  'Antrag',
  'Anfrage',
  'Stellungnahme',
];

const SORT_PARAM: Record<SortKey, string> = {
  reference: 'nummer',
  title: 'titel',
  type: 'art',
  date: 'datum',
  status: 'status',
};

const PAGE_SIZE = 25;
const BASE = '/verwaltung/vorlagen';

const ctxOf = (c: Context<AppEnv>): ServiceContext => ({
  db: c.var.db,
  actor: c.var.session ? `user:${c.var.session.account.id}` : 'anonymous',
});

/** The bodies where the session may do `action`, by name. */
async function bodiesFor(c: Context<AppEnv>, action: Action): Promise<Array<{ id: number; name: string }>> {
  const session = c.var.session;
  if (!session) return [];
  const names = await bodyNames(c.var.db);
  return [...names.entries()]
    .filter(([id]) => can(session.actor, action, { bodyId: id }))
    .map(([id, name]) => ({ id, name }));
}

/** The body a list or create page is about: `?koerperschaft=` (or the form field), else the first one allowed. */
async function chosenBody(c: Context<AppEnv>, action: Action): Promise<number | undefined> {
  let explicit = c.req.query('koerperschaft');
  if (explicit === undefined && c.req.method === 'POST') {
    explicit = field((await c.req.parseBody({ all: true })) as Form, 'koerperschaft') || undefined;
  }
  if (explicit !== undefined) return positiveId(explicit) ?? -1;
  return (await bodiesFor(c, action))[0]?.id;
}

/**
 * The target of a route on one paper: its body. No such paper: "any body", so whoever may do the action
 * somewhere gets the 404 page (and learns nothing about other bodies' papers).
 */
const paperTarget = async (c: Context<AppEnv>) => {
  const id = positiveId(c.req.param('id'));
  return { bodyId: id === undefined ? undefined : await paperBody(c.var.db, id) };
};

const bodyTarget = (action: Action) => async (c: Context<AppEnv>) => ({ bodyId: await chosenBody(c, action) });

function notFoundPage(c: Context<AppEnv>, what = 'Diese Vorlage gibt es nicht.') {
  return c.html(
    <OfficeLayout title="Nicht gefunden" session={c.var.session}>
      <h1>Nicht gefunden</h1>
      <p>{what}</p>
      <p>
        <a href={BASE}>Zu den Vorlagen</a>
      </p>
    </OfficeLayout>,
    404,
  );
}

const bytes = (n: number) =>
  n < 1024 ? `${n} Byte` : n < 1024 * 1024 ? `${Math.round(n / 1024)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;

const when = (at: Date) => `${formatDate(at)}, ${formatTime(at)} Uhr`;

function paperTypesFor(existing: string[]): string[] {
  return [...new Set([...PAPER_TYPES, ...existing])];
}

// ---------------------------------------------------------------------------------------------------
// List

interface ListParams {
  q: string;
  type: string;
  officeId: number | undefined;
  year: number | undefined;
  status: PaperStatus | undefined;
  sort: SortKey;
  direction: 'asc' | 'desc';
  page: number;
}

function listParams(c: Context<AppEnv>): ListParams {
  const sortParam = c.req.query('sortierung');
  const sort = SORT_KEYS.find((k) => SORT_PARAM[k] === sortParam) ?? 'reference';
  const status = c.req.query('status');
  return {
    q: (c.req.query('q') ?? '').trim().slice(0, 200),
    type: (c.req.query('art') ?? '').trim(),
    officeId: positiveId(c.req.query('amt')),
    year: positiveId(c.req.query('jahr')),
    status: PAPER_STATUSES.find((s) => s === status),
    sort,
    direction: c.req.query('richtung') === 'auf' ? 'asc' : 'desc',
    page: positiveId(c.req.query('seite')) ?? 1,
  };
}

function listHref(bodyId: number, p: ListParams, change: Partial<ListParams>, showBody: boolean): string {
  const v = { ...p, ...change };
  const query = new URLSearchParams();
  if (showBody) query.set('koerperschaft', String(bodyId));
  if (v.q) query.set('q', v.q);
  if (v.type) query.set('art', v.type);
  if (v.officeId) query.set('amt', String(v.officeId));
  if (v.year) query.set('jahr', String(v.year));
  if (v.status) query.set('status', v.status);
  if (v.sort !== 'reference') query.set('sortierung', SORT_PARAM[v.sort]);
  if (v.direction === 'asc') query.set('richtung', 'auf');
  if (v.page > 1) query.set('seite', String(v.page));
  const text = query.toString();
  return text ? `${BASE}?${text}` : BASE;
}

route(
  'GET',
  BASE,
  'paper.read',
  async (c) => {
    const session = c.var.session as Session;
    const readable = await bodiesFor(c, 'paper.read');
    const bodyId = await chosenBody(c, 'paper.read');
    const body = readable.find((b) => b.id === bodyId);
    if (!body || bodyId === undefined) return notFoundPage(c, 'Diese Körperschaft gibt es nicht.');
    const p = listParams(c);
    const showBody = readable.length > 1;
    const [options, list] = await Promise.all([
      paperFilterOptions(c.var.db, bodyId),
      listOfficePapers(c.var.db, {
        bodyId,
        q: p.q,
        type: p.type || undefined,
        officeId: p.officeId,
        year: p.year,
        status: p.status,
        sort: p.sort,
        direction: p.direction,
        page: p.page,
        pageSize: PAGE_SIZE,
      }),
    ]);
    const pages = Math.max(1, Math.ceil(list.total / PAGE_SIZE));
    const filtered = Boolean(p.q || p.type || p.officeId || p.year || p.status);
    const mayCreate = can(session.actor, 'paper.create', { bodyId });
    const header = (key: SortKey, label: string) => {
      const active = p.sort === key;
      const next = active && p.direction === 'desc' ? 'asc' : active ? 'desc' : key === 'title' ? 'asc' : 'desc';
      return (
        <th scope="col" aria-sort={active ? (p.direction === 'asc' ? 'ascending' : 'descending') : undefined}>
          <a href={listHref(bodyId, p, { sort: key, direction: next, page: 1 }, showBody)}>
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
    return c.html(
      <OfficeLayout title={`Vorlagen – ${body.name}`} session={session}>
        <h1>Vorlagen</h1>
        <p>{body.name}</p>
        {mayCreate ? (
          <p>
            <a href={`${BASE}/neu${showBody ? `?koerperschaft=${bodyId}` : ''}`}>Neue Vorlage anlegen</a>
          </p>
        ) : null}
        <form method="get" action={BASE} class="filters" aria-label="Vorlagen suchen und filtern">
          {showBody ? (
            <>
              <label for="koerperschaft">Körperschaft</label>
              <select id="koerperschaft" name="koerperschaft">
                {readable.map((b) => (
                  <option value={String(b.id)} selected={b.id === bodyId}>
                    {b.name}
                  </option>
                ))}
              </select>
            </>
          ) : null}
          <label for="q">Suche (Nummer, Titel, Text)</label>
          <input id="q" name="q" type="search" value={p.q} />
          <label for="art">Art</label>
          <select id="art" name="art">
            <option value="">alle Arten</option>
            {options.types.map((t) => (
              <option value={t} selected={t === p.type}>
                {t}
              </option>
            ))}
          </select>
          <label for="amt">Amt</label>
          <select id="amt" name="amt">
            <option value="">alle Ämter</option>
            {options.offices.map((o) => (
              <option value={String(o.id)} selected={o.id === p.officeId}>
                {o.officeNumber} – {o.name}
              </option>
            ))}
          </select>
          <label for="jahr">Jahr</label>
          <select id="jahr" name="jahr">
            <option value="">alle Jahre</option>
            {options.years.map((y) => (
              <option value={String(y)} selected={y === p.year}>
                {y}
              </option>
            ))}
          </select>
          <label for="status">Stand</label>
          <select id="status" name="status">
            <option value="">alle</option>
            {PAPER_STATUSES.map((s) => (
              <option value={s} selected={s === p.status}>
                {PAPER_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
          {p.sort !== 'reference' ? <input type="hidden" name="sortierung" value={SORT_PARAM[p.sort]} /> : null}
          {p.direction === 'asc' ? <input type="hidden" name="richtung" value="auf" /> : null}
          <div>
            <button type="submit">Suchen</button>
            {filtered ? (
              <>
                {' '}
                <a
                  href={listHref(
                    bodyId,
                    p,
                    { q: '', type: '', officeId: undefined, year: undefined, status: undefined, page: 1 },
                    showBody,
                  )}
                >
                  Filter zurücksetzen
                </a>
              </>
            ) : null}
          </div>
        </form>
        {list.total === 0 ? (
          <p role="status">
            {filtered
              ? 'Keine Vorlage passt zu Suche und Filtern. Ändern Sie die Angaben oder setzen Sie die Filter zurück.'
              : 'Diese Körperschaft hat noch keine Vorlagen.'}
          </p>
        ) : list.rows.length === 0 ? (
          <p role="status">
            Auf Seite {p.page} gibt es keine Vorlagen mehr (es gibt {pages === 1 ? 'nur eine Seite' : `${pages} Seiten`}
            ). <a href={listHref(bodyId, p, { page: 1 }, showBody)}>Zur ersten Seite</a>
          </p>
        ) : (
          <>
            <p role="status">
              {list.total === 1 ? '1 Vorlage' : `${list.total} Vorlagen`}
              {pages > 1 ? ` – Seite ${p.page} von ${pages}` : ''}
            </p>
            <table>
              <caption class="skip">Vorlagen von {body.name}</caption>
              <thead>
                <tr>
                  {header('reference', 'Nummer')}
                  {header('title', 'Titel')}
                  {header('type', 'Art')}
                  {header('date', 'Datum')}
                  {header('status', 'Stand')}
                </tr>
              </thead>
              <tbody>
                {list.rows.map((r) => (
                  <tr>
                    <td>
                      <a href={`${BASE}/${r.id}`}>{r.reference}</a>
                    </td>
                    <td>
                      {r.title}
                      {r.public ? null : <span class="muted"> (nicht öffentlich)</span>}
                    </td>
                    <td>{r.paperType}</td>
                    <td>{r.date ? formatIsoDate(r.date) : '–'}</td>
                    <td>{PAPER_STATUS_LABELS[r.status]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {pages > 1 ? (
              <nav aria-label="Seiten">
                <ul class="pages">
                  {p.page > 1 ? (
                    <li>
                      <a href={listHref(bodyId, p, { page: p.page - 1 }, showBody)} rel="prev">
                        Vorherige Seite
                      </a>
                    </li>
                  ) : null}
                  <li aria-current="page">
                    Seite {p.page} von {pages}
                  </li>
                  {p.page < pages ? (
                    <li>
                      <a href={listHref(bodyId, p, { page: p.page + 1 }, showBody)} rel="next">
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
  bodyTarget('paper.read'),
);

// ---------------------------------------------------------------------------------------------------
// Create

interface PaperFormValues {
  officeId: string;
  year: string;
  paperType: string;
  title: string;
  text: string;
  date: string;
  public: boolean;
}

function TextInput(props: {
  id: string;
  label: string;
  value: string;
  type?: string;
  error?: string | undefined;
  hint?: string;
  required?: boolean;
}) {
  const described = [props.hint ? `${props.id}-hinweis` : '', props.error ? `${props.id}-fehler` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div>
      <label for={props.id}>{props.label}</label>
      {props.hint ? (
        <span id={`${props.id}-hinweis`} class="muted">
          {props.hint}
        </span>
      ) : null}
      <input
        id={props.id}
        name={props.id}
        type={props.type ?? 'text'}
        value={props.value}
        required={props.required ?? false}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={described || undefined}
      />
      <ErrorText id={props.id} error={props.error} />
    </div>
  );
}

function Select(props: {
  id: string;
  label: string;
  value: string;
  options: Array<{ value: string; label: string }>;
  error?: string | undefined;
}) {
  return (
    <div>
      <label for={props.id}>{props.label}</label>
      <select
        id={props.id}
        name={props.id}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={props.error ? `${props.id}-fehler` : undefined}
      >
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
      <ErrorText id={props.id} error={props.error} />
    </div>
  );
}

/** Fields shared by the create and the edit form: type, title, date, text, public. */
function PaperFields(props: { values: PaperFormValues; errors: FieldErrors; types: string[] }) {
  const { values, errors } = props;
  return (
    <>
      <Select
        id="art"
        label="Art"
        value={values.paperType}
        options={paperTypesFor([...props.types, values.paperType].filter(Boolean)).map((t) => ({
          value: t,
          label: t,
        }))}
        error={errors.paperType}
      />
      <TextInput id="titel" label="Titel" value={values.title} error={errors.title} required />
      <TextInput id="datum" label="Datum" type="date" value={values.date} error={errors.date} />
      <div>
        <label for="text">Text</label>
        <textarea
          id="text"
          name="text"
          rows={10}
          aria-invalid={errors.text ? 'true' : undefined}
          aria-describedby={errors.text ? 'text-fehler' : 'text-hinweis'}
        >
          {values.text}
        </textarea>
        <span id="text-hinweis" class="muted">
          Absätze durch eine Leerzeile trennen.
        </span>
        <ErrorText id="text" error={errors.text} />
      </div>
      <fieldset>
        <legend>Sichtbarkeit</legend>
        <div>
          <input type="radio" id="oeffentlich-ja" name="oeffentlich" value="ja" checked={values.public} />{' '}
          <label for="oeffentlich-ja" class="inline">
            öffentlich (im Portal und über OParl sichtbar)
          </label>
        </div>
        <div>
          <input type="radio" id="oeffentlich-nein" name="oeffentlich" value="nein" checked={!values.public} />{' '}
          <label for="oeffentlich-nein" class="inline">
            nicht öffentlich (nur für Mitglieder und Verwaltung)
          </label>
        </div>
      </fieldset>
    </>
  );
}

function FileInput(props: { error?: string | undefined; hint?: string }) {
  return (
    <div>
      <label for="dateien">Dateien (Anlagen)</label>
      <div id="dateien-hinweis" class="muted">
        {props.hint ?? ''}Höchstens {MAX_FILE_BYTES / 1024 / 1024} MB je Datei, bis zu 10 Dateien.
      </div>
      <input
        id="dateien"
        name="dateien"
        type="file"
        multiple
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={props.error ? 'dateien-hinweis dateien-fehler' : 'dateien-hinweis'}
      />
      <ErrorText id="dateien" error={props.error} />
    </div>
  );
}

const todayIso = () => new Date().toISOString().slice(0, 10);

async function createPage(
  c: Context<AppEnv>,
  bodyId: number,
  options: { values?: PaperFormValues; errors?: FieldErrors; error?: string; status?: 200 | 409 | 422 } = {},
) {
  const session = c.var.session as Session;
  const creatable = await bodiesFor(c, 'paper.create');
  const body = creatable.find((b) => b.id === bodyId);
  if (!body) return notFoundPage(c, 'Diese Körperschaft gibt es nicht.');
  const year = new Date().getFullYear();
  const [offices, next, filterOptions] = await Promise.all([
    officesOf(c.var.db, bodyId),
    nextPaperNumbers(c.var.db, bodyId, year),
    paperFilterOptions(c.var.db, bodyId),
  ]);
  const values: PaperFormValues = options.values ?? {
    officeId: '',
    year: String(year),
    paperType: 'Beschlussvorlage',
    title: '',
    text: '',
    date: todayIso(),
    public: true,
  };
  const errors = options.errors ?? {};
  return c.html(
    <OfficeLayout title="Neue Vorlage" session={session}>
      <h1>Neue Vorlage</h1>
      <p>{body.name}</p>
      <Alert error={options.error} />
      {offices.length === 0 ? (
        <p role="status">
          Diese Körperschaft hat noch kein Amt mit Amtsnummer. Vorlagennummern werden je Amt und Jahr vergeben; legen
          Sie zuerst in den Stammdaten ein Amt mit Amtsnummer an.
        </p>
      ) : (
        <form method="post" action={BASE} enctype="multipart/form-data" novalidate>
          <CsrfField session={session} />
          <input type="hidden" name="koerperschaft" value={String(bodyId)} />
          <Select
            id="amt"
            label="Amt"
            value={values.officeId}
            options={[
              { value: '', label: '– bitte wählen –' },
              ...offices.map((o) => ({
                value: String(o.id),
                label: `${o.officeNumber} – ${o.name} (nächste Nummer ${o.officeNumber}/${String(next.get(o.id) ?? 1).padStart(3, '0')}/${year})`,
              })),
            ]}
            error={errors.officeId}
          />
          <TextInput
            id="jahr"
            label="Jahr der Vorlagennummer"
            value={values.year}
            error={errors.year}
            hint="Die Nummer wird beim Speichern vergeben: die nächste freie des Amts in diesem Jahr. "
            required
          />
          <PaperFields values={values} errors={errors} types={filterOptions.types} />
          <FileInput error={errors.files} />
          <button type="submit">Vorlage anlegen</button>
        </form>
      )}
      <p>
        <a href={BASE}>Zurück zu den Vorlagen</a>
      </p>
    </OfficeLayout>,
    options.status ?? 200,
  );
}

route(
  'GET',
  `${BASE}/neu`,
  'paper.create',
  async (c) => {
    const bodyId = await chosenBody(c, 'paper.create');
    if (bodyId === undefined) return notFoundPage(c, 'Diese Körperschaft gibt es nicht.');
    return createPage(c, bodyId);
  },
  bodyTarget('paper.create'),
);

/** The uploaded files of a form (an empty file input sends one nameless, empty file: ignored). */
async function uploads(form: Form): Promise<UploadedFile[]> {
  const raw = form.dateien;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const files: UploadedFile[] = [];
  for (const item of list) {
    if (typeof item === 'string' || (item.name === '' && item.size === 0)) continue;
    files.push({
      fileName: item.name,
      mimeType: item.type,
      content: new Uint8Array(await item.arrayBuffer()),
    });
  }
  return files;
}

function formValues(form: Form): PaperFormValues {
  return {
    officeId: field(form, 'amt'),
    year: field(form, 'jahr'),
    paperType: field(form, 'art'),
    title: field(form, 'titel'),
    text: field(form, 'text'),
    date: field(form, 'datum'),
    public: field(form, 'oeffentlich') !== 'nein',
  };
}

const FORM_FIELD: Record<string, string> = { order: 'reihenfolge' };

function fieldErrorsOf(error: unknown): FieldErrors | undefined {
  if (!isDomainError(error) || error.id !== 'validation.failed') return undefined;
  const fields = (error.details.fields ?? {}) as FieldErrors;
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [FORM_FIELD[k] ?? k, v]));
}

route(
  'POST',
  BASE,
  'paper.create',
  async (c) => {
    const session = c.var.session as Session;
    const form = (await c.req.parseBody({ all: true })) as Form;
    const bodyId = positiveId(field(form, 'koerperschaft'));
    if (bodyId === undefined) return notFoundPage(c, 'Diese Körperschaft gibt es nicht.');
    const values = formValues(form);
    const files = await uploads(form);
    try {
      const paper = await createOfficePaper(ctxOf(c), session.actor, {
        bodyId,
        officeId: positiveId(values.officeId) ?? 0,
        year: /^\d{4}$/.test(values.year.trim()) ? Number(values.year.trim()) : 0,
        paperType: values.paperType,
        title: values.title,
        text: values.text,
        date: values.date || null,
        public: values.public,
        files,
      });
      return c.redirect(`${BASE}/${paper.id}?meldung=angelegt`, 303);
    } catch (error) {
      const errors = fieldErrorsOf(error);
      if (errors) {
        const again = files.length > 0 ? ' Bitte wählen Sie die Dateien erneut aus.' : '';
        return createPage(c, bodyId, {
          values,
          errors,
          error: `Die Vorlage wurde nicht angelegt: ${Object.values(errors).join(' ')}${again}`,
          status: 422,
        });
      }
      throw error;
    }
  },
  bodyTarget('paper.create'),
);

// ---------------------------------------------------------------------------------------------------
// Detail: text, consultation path, files, history

const NOTICES: Record<string, string> = {
  angelegt: 'Die Vorlage wurde angelegt.',
  gespeichert: 'Die Änderungen wurden gespeichert.',
  dateien: 'Die Dateien wurden hinzugefügt.',
  beratung: 'Die Beratung wurde der Beratungsfolge hinzugefügt.',
  'beratung-geaendert': 'Die Beratung wurde geändert.',
  'beratung-entfernt': 'Die Beratung wurde aus der Beratungsfolge entfernt.',
  reihenfolge: 'Die Reihenfolge der Beratungsfolge wurde geändert.',
};

function actorLabel(entry: HistoryEntry): string {
  if (entry.actorName) return entry.actorName;
  if (entry.actor === 'system:demo') return 'Demodaten';
  if (entry.actor.startsWith('import') || entry.actor === 'cli:import') return 'Datenübernahme';
  if (entry.actor.startsWith('cli')) return 'Kommandozeile';
  return entry.actor;
}

const FIELD_LABELS: Record<string, string> = {
  paperType: 'Art',
  title: 'Titel',
  text: 'Text',
  date: 'Datum',
  public: 'Sichtbarkeit',
  role: 'Rolle',
  status: 'Status',
};

function show(key: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '–';
  if (key === 'public') return value ? 'öffentlich' : 'nicht öffentlich';
  if (key === 'role') return CONSULTATION_ROLE_LABELS[String(value)] ?? String(value);
  if (key === 'status') return CONSULTATION_STATUS_LABELS[String(value)] ?? String(value);
  if (key === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatIsoDate(value);
  const text = String(value);
  return text.length > 120 ? `${text.slice(0, 120)} …` : text;
}

function changes(before: Record<string, unknown> | null, after: Record<string, unknown> | null): string[] {
  return Object.keys(FIELD_LABELS)
    .filter((k) => before && after && k in after && JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map((k) => `${FIELD_LABELS[k]}: „${show(k, before?.[k])}“ → „${show(k, after?.[k])}“`);
}

/** What an audit entry did, in German. */
function describeChange(entry: HistoryEntry, orgNames: Map<number, string>, fileNames: Map<number, string>): string {
  const org = (row: Record<string, unknown> | null) =>
    orgNames.get(Number(row?.organizationId)) ?? `Gremium ${String(row?.organizationId ?? '?')}`;
  if (entry.entity === 'paper') {
    if (entry.action === 'create') return `Vorlage angelegt (${String(entry.after?.reference ?? '')})`;
    if (entry.action === 'update') {
      const list = changes(entry.before, entry.after);
      return list.length > 0
        ? `Vorlage geändert: ${list.join('; ')}`
        : 'Vorlage gespeichert (ohne inhaltliche Änderung)';
    }
    if (entry.action === 'attach_file') {
      const id = Number(entry.after?.fileId);
      return `Datei hinzugefügt: ${fileNames.get(id) ?? `Datei ${id}`}`;
    }
  }
  if (entry.entity === 'consultation') {
    if (entry.action === 'create') {
      return `Beratung hinzugefügt: ${org(entry.after)} (${show('role', entry.after?.role)}, ${show('status', entry.after?.status)})`;
    }
    if (entry.action === 'update') {
      const list = changes(entry.before, entry.after);
      return `Beratung ${org(entry.after)} geändert${list.length > 0 ? `: ${list.join('; ')}` : ''}`;
    }
    if (entry.action === 'delete')
      return `Beratung entfernt: ${org(entry.before)} (${show('role', entry.before?.role)})`;
  }
  return `${entry.action} ${entry.entity} ${entry.entityId}`;
}

async function detailPage(
  c: Context<AppEnv>,
  paper: OfficePaper,
  options: { error?: string; status?: 200 | 404 | 409 | 422; add?: { organizationId: string; role: string } } = {},
) {
  const session = c.var.session as Session;
  const mayEdit = can(session.actor, 'paper.edit', { bodyId: paper.body.id });
  const [bodiesList, history] = await Promise.all([
    consultingBodiesOf(c.var.db, paper.body.id),
    paperHistory(c.var.db, paper.id),
  ]);
  const orgNames = new Map(bodiesList.map((b) => [b.id, b.name]));
  const fileNames = new Map(paper.files.map((f) => [f.id, f.name]));
  const notice = NOTICES[c.req.query('meldung') ?? ''];
  const path = `${BASE}/${paper.id}`;
  // Reorder entries name consultations by their body.
  const consultationNames = new Map(paper.consultations.map((k) => [k.id, k.organization.name]));
  for (const entry of history) {
    if (entry.entity === 'consultation') {
      const row = entry.after ?? entry.before;
      consultationNames.set(Number(entry.entityId), orgNames.get(Number(row?.organizationId)) ?? entry.entityId);
    }
  }
  const describeEntry = (entry: HistoryEntry) => {
    if (entry.entity === 'paper' && entry.action === 'reorder_consultations') {
      return `Reihenfolge der Beratungsfolge geändert: ${((entry.after?.consultations as unknown[]) ?? [])
        .map((id) => consultationNames.get(Number(id)) ?? `Beratung ${String(id)}`)
        .join(' → ')}`;
    }
    return describeChange(entry, orgNames, fileNames);
  };
  const paragraphs = (paper.text ?? '')
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return c.html(
    <OfficeLayout title={`Vorlage ${paper.reference}`} session={session}>
      <nav aria-label="Brotkrumen">
        <a href={BASE}>Vorlagen</a> › {paper.reference}
      </nav>
      <h1>
        Vorlage {paper.reference}: {paper.title}
      </h1>
      <Alert error={options.error} notice={notice} />
      <dl>
        <dt>Körperschaft</dt>
        <dd>{paper.body.name}</dd>
        <dt>Art</dt>
        <dd>{paper.paperType}</dd>
        <dt>Amt</dt>
        <dd>{paper.office.name}</dd>
        {paper.originator ? (
          <>
            <dt>Antragsteller</dt>
            <dd>{paper.originator.name}</dd>
          </>
        ) : null}
        <dt>Datum</dt>
        <dd>{paper.date ? formatIsoDate(paper.date) : '–'}</dd>
        <dt>Sichtbarkeit</dt>
        <dd>{paper.public ? 'öffentlich' : 'nicht öffentlich'}</dd>
        <dt>Zuletzt geändert</dt>
        <dd>
          {when(paper.modifiedAt)} (Fassung {paper.version})
        </dd>
      </dl>
      {mayEdit ? (
        <p>
          <a href={`${path}/bearbeiten`}>Vorlage bearbeiten</a>
          {paper.public ? (
            <>
              {' · '}
              <a href={`/${paper.body.slug}/vorlagen/${paper.id}`}>Im Portal ansehen</a>
            </>
          ) : null}
        </p>
      ) : null}
      <h2>Text</h2>
      {paragraphs.length === 0 ? (
        <p class="muted">Kein Text.</p>
      ) : (
        paragraphs.map((p) => <p style="white-space: pre-line">{p}</p>)
      )}

      <h2 id="beratungsfolge">Beratungsfolge</h2>
      {paper.consultations.length === 0 ? (
        <p>Noch keine Beratungsfolge.</p>
      ) : (
        <table>
          <caption class="skip">Beratungsfolge der Vorlage {paper.reference}, in Reihenfolge</caption>
          <thead>
            <tr>
              <th scope="col">Nr.</th>
              <th scope="col">Gremium</th>
              <th scope="col">Rolle</th>
              <th scope="col">Status</th>
              <th scope="col">Sitzung</th>
              {mayEdit ? <th scope="col">Aktionen</th> : null}
            </tr>
          </thead>
          <tbody>
            {paper.consultations.map((k, index) => {
              const formId = `beratung-${k.id}`;
              return (
                <tr>
                  <td>{k.position}</td>
                  <th scope="row">{k.organization.name}</th>
                  <td>
                    {mayEdit ? (
                      <select name="rolle" form={formId} aria-label={`Rolle: ${k.organization.name}`}>
                        {CONSULTATION_ROLES.map((r) => (
                          <option value={r} selected={r === k.role}>
                            {CONSULTATION_ROLE_LABELS[r]}
                          </option>
                        ))}
                      </select>
                    ) : (
                      CONSULTATION_ROLE_LABELS[k.role]
                    )}
                  </td>
                  <td>
                    {mayEdit ? (
                      <select name="status" form={formId} aria-label={`Status: ${k.organization.name}`}>
                        {[...new Set<string>([...CONSULTATION_STATUSES, k.status])].map((s) => (
                          <option value={s} selected={s === k.status}>
                            {CONSULTATION_STATUS_LABELS[s] ?? s}
                          </option>
                        ))}
                      </select>
                    ) : (
                      (CONSULTATION_STATUS_LABELS[k.status] ?? k.status)
                    )}
                  </td>
                  <td>
                    {k.meeting ? `${formatDate(k.meeting.startAt)}${k.itemNumber ? `, TOP ${k.itemNumber}` : ''}` : '–'}
                  </td>
                  {mayEdit ? (
                    <td>
                      <form method="post" action={`${path}/beratungen/${k.id}`} id={formId}>
                        <CsrfField session={session} />
                        <input type="hidden" name="version" value={String(paper.version)} />
                        <button type="submit" aria-label={`Rolle und Status speichern: ${k.organization.name}`}>
                          Speichern
                        </button>
                      </form>{' '}
                      {index > 0 ? (
                        <form method="post" action={`${path}/beratungen/${k.id}/verschieben`}>
                          <CsrfField session={session} />
                          <input type="hidden" name="version" value={String(paper.version)} />
                          <input type="hidden" name="richtung" value="hoch" />
                          <button type="submit" aria-label={`Nach oben: ${k.organization.name}`}>
                            Nach oben
                          </button>
                        </form>
                      ) : null}{' '}
                      {index < paper.consultations.length - 1 ? (
                        <form method="post" action={`${path}/beratungen/${k.id}/verschieben`}>
                          <CsrfField session={session} />
                          <input type="hidden" name="version" value={String(paper.version)} />
                          <input type="hidden" name="richtung" value="runter" />
                          <button type="submit" aria-label={`Nach unten: ${k.organization.name}`}>
                            Nach unten
                          </button>
                        </form>
                      ) : null}{' '}
                      {k.meeting ? null : (
                        <form method="post" action={`${path}/beratungen/${k.id}/entfernen`}>
                          <CsrfField session={session} />
                          <input type="hidden" name="version" value={String(paper.version)} />
                          <button type="submit" aria-label={`Entfernen: ${k.organization.name}`}>
                            Entfernen
                          </button>
                        </form>
                      )}
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {mayEdit ? (
        bodiesList.length === 0 ? (
          <p>Diese Körperschaft hat noch keine Gremien, die beraten könnten.</p>
        ) : (
          <form method="post" action={`${path}/beratungen`}>
            <h3>Beratung hinzufügen</h3>
            <CsrfField session={session} />
            <input type="hidden" name="version" value={String(paper.version)} />
            <Select
              id="gremium"
              label="Gremium"
              value={options.add?.organizationId ?? ''}
              options={bodiesList.map((b) => ({ value: String(b.id), label: b.name }))}
            />
            <Select
              id="rolle"
              label="Rolle"
              value={options.add?.role ?? 'preliminary'}
              options={CONSULTATION_ROLES.map((r) => ({ value: r, label: CONSULTATION_ROLE_LABELS[r] ?? r }))}
            />
            <button type="submit">Beratung hinzufügen</button>
          </form>
        )
      ) : null}

      <h2>Dateien</h2>
      {paper.files.length === 0 ? (
        <p>Keine Dateien.</p>
      ) : (
        <ul>
          {paper.files.map((f) => (
            <li>
              <a href={`${path}/dateien/${f.id}`}>{f.fileName}</a> ({bytes(f.size)})
            </li>
          ))}
        </ul>
      )}
      {mayEdit ? (
        <form method="post" action={`${path}/dateien`} enctype="multipart/form-data">
          <CsrfField session={session} />
          <input type="hidden" name="version" value={String(paper.version)} />
          <FileInput />
          <button type="submit">Dateien hinzufügen</button>
        </form>
      ) : null}

      <h2>Verlauf</h2>
      {can(session.actor, 'audit.read', { bodyId: paper.body.id }) ? (
        <p>
          <a href={`/verwaltung/verlauf/paper/${paper.id}`}>Vollständiger Verlauf mit allen geänderten Feldern</a>
        </p>
      ) : null}
      {history.length === 0 ? (
        <p>Noch keine Einträge.</p>
      ) : (
        <ol>
          {history.map((entry) => (
            <li>
              <time datetime={entry.at.toISOString()}>{when(entry.at)}</time> – {actorLabel(entry)}:{' '}
              {describeEntry(entry)}
            </li>
          ))}
        </ol>
      )}
    </OfficeLayout>,
    options.status ?? 200,
  );
}

async function paperOr404(c: Context<AppEnv>): Promise<OfficePaper | undefined> {
  const id = positiveId(c.req.param('id'));
  return id === undefined ? undefined : loadOfficePaper(c.var.db, id);
}

route(
  'GET',
  `${BASE}/:id`,
  'paper.read',
  async (c) => {
    const paper = await paperOr404(c);
    return paper ? detailPage(c, paper) : notFoundPage(c);
  },
  paperTarget,
);

route(
  'GET',
  `${BASE}/:id/dateien/:fileId`,
  'paper.read',
  async (c) => {
    const id = positiveId(c.req.param('id'));
    const fileId = positiveId(c.req.param('fileId'));
    const file = id && fileId ? await loadPaperFile(c.var.db, id, fileId) : undefined;
    if (!file) return notFoundPage(c, 'Diese Datei gibt es bei dieser Vorlage nicht.');
    return new Response(file.content as Uint8Array<ArrayBuffer>, {
      headers: {
        'content-type': file.mimeType,
        'content-length': String(file.size),
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
        'cache-control': 'no-store',
      },
    });
  },
  paperTarget,
);

// ---------------------------------------------------------------------------------------------------
// Edit (optimistic locking)

function editValues(paper: OfficePaper): PaperFormValues {
  return {
    officeId: String(paper.office.id),
    year: String(paper.referenceYear),
    paperType: paper.paperType,
    title: paper.title,
    text: paper.text ?? '',
    date: paper.date ?? '',
    public: paper.public,
  };
}

async function editPage(
  c: Context<AppEnv>,
  paper: OfficePaper,
  options: {
    values?: PaperFormValues;
    errors?: FieldErrors;
    error?: string;
    status?: 200 | 409 | 422;
    /** The stored paper differs from what the form was loaded from: show it beside the user's input. */
    conflict?: boolean;
  } = {},
) {
  const session = c.var.session as Session;
  const types = (await paperFilterOptions(c.var.db, paper.body.id)).types;
  const values = options.values ?? editValues(paper);
  const current = editValues(paper);
  return c.html(
    <OfficeLayout title={`Vorlage ${paper.reference} bearbeiten`} session={session}>
      <nav aria-label="Brotkrumen">
        <a href={BASE}>Vorlagen</a> › <a href={`${BASE}/${paper.id}`}>{paper.reference}</a> › Bearbeiten
      </nav>
      <h1>Vorlage {paper.reference} bearbeiten</h1>
      <Alert error={options.error} />
      {options.conflict ? (
        <section aria-labelledby="aktuell">
          <h2 id="aktuell">Aktueller Stand (Fassung {paper.version})</h2>
          <dl>
            {(['paperType', 'title', 'date', 'public', 'text'] as const).map((key) => (
              <>
                <dt>{FIELD_LABELS[key]}</dt>
                <dd>
                  {show(key, key === 'public' ? current.public : key === 'date' ? current.date : current[key])}
                  {JSON.stringify(values[key]) !== JSON.stringify(current[key]) ? (
                    <strong> (Ihre Eingabe weicht ab)</strong>
                  ) : null}
                </dd>
              </>
            ))}
          </dl>
          <p>
            Unten stehen Ihre Eingaben. Speichern Sie erneut, um sie über den aktuellen Stand zu schreiben, oder{' '}
            <a href={`${BASE}/${paper.id}/bearbeiten`}>laden Sie den aktuellen Stand neu</a>.
          </p>
        </section>
      ) : null}
      <form method="post" action={`${BASE}/${paper.id}`} novalidate>
        <CsrfField session={session} />
        <input type="hidden" name="version" value={String(paper.version)} />
        <p>
          Nummer {paper.reference} · {paper.office.name} (Nummer und Amt bleiben)
        </p>
        <PaperFields values={values} errors={options.errors ?? {}} types={types} />
        <button type="submit">Änderungen speichern</button>
      </form>
      <p>
        <a href={`${BASE}/${paper.id}`}>Abbrechen und zur Vorlage</a>
      </p>
    </OfficeLayout>,
    options.status ?? 200,
  );
}

route(
  'GET',
  `${BASE}/:id/bearbeiten`,
  'paper.edit',
  async (c) => {
    const paper = await paperOr404(c);
    return paper ? editPage(c, paper) : notFoundPage(c);
  },
  paperTarget,
);

route(
  'POST',
  `${BASE}/:id`,
  'paper.edit',
  async (c) => {
    const session = c.var.session as Session;
    const paper = await paperOr404(c);
    if (!paper) return notFoundPage(c);
    const form = (await c.req.parseBody({ all: true })) as Form;
    const values = { ...formValues(form), officeId: String(paper.office.id), year: String(paper.referenceYear) };
    try {
      await updateOfficePaper(ctxOf(c), session.actor, paper.id, {
        version: positiveId(field(form, 'version')) ?? 0,
        paperType: values.paperType,
        title: values.title,
        text: values.text,
        date: values.date || null,
        public: values.public,
      });
      return c.redirect(`${BASE}/${paper.id}?meldung=gespeichert`, 303);
    } catch (error) {
      if (isDomainError(error) && error.id === 'conflict.stale') {
        return editPage(c, paper, { values, error: error.message, status: 409, conflict: true });
      }
      const errors = fieldErrorsOf(error);
      if (errors) {
        return editPage(c, paper, {
          values,
          errors,
          error: `Nicht gespeichert: ${Object.values(errors).join(' ')}`,
          status: 422,
        });
      }
      throw error;
    }
  },
  paperTarget,
);

// ---------------------------------------------------------------------------------------------------
// Files and consultation path (forms on the detail page)

/**
 * Runs a write from the detail page: on success back to the paper with a notice; a stale version, bad
 * input or a rule refused is shown on the paper page with what is stored now.
 */
async function detailWrite(
  c: Context<AppEnv>,
  notice: string,
  write: (paperId: number, form: Form, session: Session) => Promise<unknown>,
  keep?: (form: Form) => { organizationId: string; role: string },
) {
  const session = c.var.session as Session;
  const id = positiveId(c.req.param('id'));
  if (id === undefined) return notFoundPage(c);
  const form = (await c.req.parseBody({ all: true })) as Form;
  try {
    await write(id, form, session);
    return c.redirect(`${BASE}/${id}?meldung=${notice}#beratungsfolge`, 303);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    const paper = await loadOfficePaper(c.var.db, id);
    if (!paper || error.id === 'paper.not_found') return notFoundPage(c);
    if (error.id === 'consultation.not_found') {
      return detailPage(c, paper, { error: 'Diese Beratung gibt es bei der Vorlage nicht (mehr).', status: 404 });
    }
    if (error.id === 'permission.denied') return refusePage(c, 403, error.id, error.message);
    const status = error.id === 'conflict.stale' ? 409 : 422;
    const message =
      error.id === 'conflict.stale'
        ? 'Die Vorlage wurde inzwischen von jemand anderem geändert; Ihre Änderung wurde nicht ausgeführt. Unten sehen Sie den aktuellen Stand; bitte wiederholen Sie sie, falls sie noch nötig ist.'
        : error.message;
    return detailPage(c, paper, { error: message, status, ...(keep ? { add: keep(form) } : {}) });
  }
}

const versionOf = (form: Form) => positiveId(field(form, 'version')) ?? 0;
const consultationIdOf = (c: Context<AppEnv>) => positiveId(c.req.param('consultationId')) ?? 0;

route(
  'POST',
  `${BASE}/:id/dateien`,
  'paper.edit',
  (c) =>
    detailWrite(c, 'dateien', async (id, form, session) =>
      addPaperFiles(ctxOf(c), session.actor, id, await uploads(form), versionOf(form)),
    ),
  paperTarget,
);

route(
  'POST',
  `${BASE}/:id/beratungen`,
  'paper.edit',
  (c) =>
    detailWrite(
      c,
      'beratung',
      (id, form, session) =>
        addPaperConsultation(
          ctxOf(c),
          session.actor,
          id,
          { organizationId: positiveId(field(form, 'gremium')) ?? 0, role: field(form, 'rolle') },
          versionOf(form),
        ),
      (form) => ({ organizationId: field(form, 'gremium'), role: field(form, 'rolle') }),
    ),
  paperTarget,
);

route(
  'POST',
  `${BASE}/:id/beratungen/:consultationId`,
  'paper.edit',
  (c) =>
    detailWrite(c, 'beratung-geaendert', (id, form, session) =>
      updatePaperConsultation(
        ctxOf(c),
        session.actor,
        id,
        consultationIdOf(c),
        { role: field(form, 'rolle') || undefined, status: field(form, 'status') || undefined },
        versionOf(form),
      ),
    ),
  paperTarget,
);

route(
  'POST',
  `${BASE}/:id/beratungen/:consultationId/verschieben`,
  'paper.edit',
  (c) =>
    detailWrite(c, 'reihenfolge', (id, form, session) =>
      movePaperConsultation(
        ctxOf(c),
        session.actor,
        id,
        consultationIdOf(c),
        field(form, 'richtung') === 'hoch' ? 'up' : 'down',
        versionOf(form),
      ),
    ),
  paperTarget,
);

route(
  'POST',
  `${BASE}/:id/beratungen/:consultationId/entfernen`,
  'paper.edit',
  (c) =>
    detailWrite(c, 'beratung-entfernt', (id, form, session) =>
      removePaperConsultation(ctxOf(c), session.actor, id, consultationIdOf(c), versionOf(form)),
    ),
  paperTarget,
);
