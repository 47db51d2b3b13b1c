/**
 * Back office pages for meetings (Sitzungen) of a body: the list (filters by committee, dates and state;
 * sort; pages), the meeting with its agenda in two parts, planning and editing (optimistic locking: every
 * form carries the meeting's version), cancel and move, the agenda (add, standard items as buttons,
 * sub-items, up/down/indent/outdent with buttons, edit, remove), the invitation with the deadline check,
 * and the supplement (Nachtrag).
 *
 * Reading needs `meeting.read` in the meeting's body (members and chairs read the non-public part here;
 * the public never reaches these pages); planning `meeting.plan`, the agenda `agenda.edit`, invitation
 * and Nachtrag `meeting.invite` (clerk). Writes go through src/services/meetings-office.ts.
 */
import type { Context } from 'hono';
import { isDomainError } from '../../domain/errors.ts';
import { formatDate, formatIsoDate, formatTime, formatWeekdayDate } from '../../domain/format.ts';
import { type Action, can } from '../../domain/permissions.ts';
import { bodyNames, type Session } from '../../services/accounts.ts';
import type { ServiceContext } from '../../services/context.ts';
import {
  addOfficeAgendaItem,
  cancelMeeting,
  createOfficeMeeting,
  deadlineCheck,
  type FieldErrors,
  inviteMeeting,
  issueSupplement,
  linkablePapers,
  listOfficeMeetings,
  loadOfficeMeeting,
  localToday,
  MEETING_STATUS_LABELS,
  MEETING_STATUSES,
  type MeetingSortKey,
  type MeetingStatus,
  meetingBody,
  meetingFormOptions,
  moveMeeting,
  moveOfficeAgendaItem,
  type OfficeAgendaItem,
  type OfficeMeeting,
  parseDateInput,
  removeOfficeAgendaItem,
  STANDARD_ITEMS,
  updateOfficeAgendaItem,
  updateOfficeMeeting,
} from '../../services/meetings-office.ts';
import type { AppEnv } from '../env.ts';
import { Alert, CsrfField, ErrorSummary, ErrorText, type Form, field, formOf, invalid, type Values } from './forms.tsx';
import { OfficeLayout } from './layout.tsx';
import { positiveId } from './request.ts';
import { refusePage, route } from './router.tsx';

const BASE = '/verwaltung/sitzungen';
const PAGE_SIZE = 25;

const ctxOf = (c: Context<AppEnv>): ServiceContext => ({
  db: c.var.db,
  actor: c.var.session ? `user:${c.var.session.account.id}` : 'anonymous',
});

function Input(props: {
  id: string;
  label: string;
  value: string | undefined;
  type?: string;
  error?: string | undefined;
  hint?: string;
  required?: boolean;
}) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.hint ? (
        <span id={`${props.id}-hinweis`} class="muted hint">
          {props.hint}
        </span>
      ) : null}
      <input
        id={props.id}
        name={props.id}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        required={props.required ?? false}
        {...invalid(props.error, props.id, props.hint ? `${props.id}-hinweis` : undefined)}
      />
      <ErrorText id={props.id} error={props.error} />
    </div>
  );
}

function Select(props: {
  id: string;
  label: string;
  value: string | undefined;
  options: Array<{ value: string; label: string }>;
  error?: string | undefined;
}) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} name={props.id} {...invalid(props.error, props.id)}>
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === (props.value ?? '')}>
            {o.label}
          </option>
        ))}
      </select>
      <ErrorText id={props.id} error={props.error} />
    </div>
  );
}

function TextArea(props: { id: string; label: string; value: string | undefined; error?: string | undefined }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <textarea id={props.id} name={props.id} rows={3} {...invalid(props.error, props.id)}>
        {props.value ?? ''}
      </textarea>
      <ErrorText id={props.id} error={props.error} />
    </div>
  );
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

/** The body a list or create page is about: `?koerperschaft=` (or the form field), else the first one allowed. */
async function chosenBody(c: Context<AppEnv>, action: Action): Promise<number | undefined> {
  let explicit = c.req.query('koerperschaft');
  if (explicit === undefined && c.req.method === 'POST') {
    explicit = field((await c.req.parseBody({ all: true })) as Form, 'koerperschaft') || undefined;
  }
  if (explicit !== undefined) return positiveId(explicit) ?? -1;
  return (await bodiesFor(c, action))[0]?.id;
}

const bodyTarget = (action: Action) => async (c: Context<AppEnv>) => ({ bodyId: await chosenBody(c, action) });

/** The meeting's body; no such meeting: "any body", so whoever may do the action somewhere gets the 404 page. */
const meetingTarget = async (c: Context<AppEnv>) => {
  const id = positiveId(c.req.param('id'));
  return { bodyId: id === undefined ? undefined : await meetingBody(c.var.db, id) };
};

function notFoundPage(c: Context<AppEnv>, what = 'Diese Sitzung gibt es nicht.') {
  return c.html(
    <OfficeLayout title="Nicht gefunden" session={c.var.session}>
      <h1>Nicht gefunden</h1>
      <p>{what}</p>
      <p>
        <a href={BASE}>Zu den Sitzungen</a>
      </p>
    </OfficeLayout>,
    404,
  );
}

const timeRange = (m: { startAt: Date; endAt: Date | null }) =>
  `${formatTime(m.startAt)}${m.endAt ? `–${formatTime(m.endAt)}` : ''} Uhr`;

const meetingTitle = (m: { organizationName: string; startAt: Date }) =>
  `${m.organizationName} am ${formatDate(m.startAt)}`;

// ---------------------------------------------------------------------------------------------------
// List

const SORT_PARAM: Record<MeetingSortKey, string> = { date: 'datum', organization: 'gremium', status: 'stand' };
const STATUS_PARAM: Record<MeetingStatus, string> = {
  planned: 'geplant',
  invited: 'eingeladen',
  held: 'abgehalten',
  cancelled: 'abgesagt',
};

interface ListParams {
  organizationId: number | undefined;
  from: string;
  to: string;
  status: MeetingStatus | undefined;
  sort: MeetingSortKey;
  direction: 'asc' | 'desc';
  page: number;
}

function listParams(c: Context<AppEnv>): ListParams {
  const sortParam = c.req.query('sortierung');
  const sort = (Object.keys(SORT_PARAM) as MeetingSortKey[]).find((k) => SORT_PARAM[k] === sortParam) ?? 'date';
  const status = c.req.query('stand');
  const defaultDirection = sort === 'date' ? 'desc' : 'asc';
  const dir = c.req.query('richtung');
  return {
    organizationId: positiveId(c.req.query('gremium')),
    from: c.req.query('von') ?? '',
    to: c.req.query('bis') ?? '',
    status: MEETING_STATUSES.find((s) => STATUS_PARAM[s] === status),
    sort,
    direction: dir === 'auf' ? 'asc' : dir === 'ab' ? 'desc' : defaultDirection,
    page: positiveId(c.req.query('seite')) ?? 1,
  };
}

function listHref(bodyId: number, p: ListParams, change: Partial<ListParams>, showBody: boolean): string {
  const v = { ...p, ...change };
  const query = new URLSearchParams();
  if (showBody) query.set('koerperschaft', String(bodyId));
  if (v.organizationId) query.set('gremium', String(v.organizationId));
  if (v.from) query.set('von', v.from);
  if (v.to) query.set('bis', v.to);
  if (v.status) query.set('stand', STATUS_PARAM[v.status]);
  if (v.sort !== 'date') query.set('sortierung', SORT_PARAM[v.sort]);
  query.set('richtung', v.direction === 'asc' ? 'auf' : 'ab');
  if (v.page > 1) query.set('seite', String(v.page));
  return `${BASE}?${query.toString()}`;
}

route(
  'GET',
  BASE,
  'meeting.read',
  async (c) => {
    const session = c.var.session as Session;
    const readable = await bodiesFor(c, 'meeting.read');
    const bodyId = await chosenBody(c, 'meeting.read');
    const body = readable.find((b) => b.id === bodyId);
    if (!body || bodyId === undefined) return notFoundPage(c, 'Diese Körperschaft gibt es nicht.');
    const p = listParams(c);
    const showBody = readable.length > 1;
    const errors: FieldErrors = {};
    const from = p.from ? parseDateInput(p.from) : undefined;
    const to = p.to ? parseDateInput(p.to) : undefined;
    if (p.from && !from) errors.von = 'Bitte geben Sie das Datum als TT.MM.JJJJ an.';
    if (p.to && !to) errors.bis = 'Bitte geben Sie das Datum als TT.MM.JJJJ an.';
    if (from && to && to < from) errors.bis = 'Das Ende des Zeitraums liegt vor seinem Anfang.';
    const [options, list] = await Promise.all([
      meetingFormOptions(c.var.db, bodyId),
      listOfficeMeetings(c.var.db, {
        bodyId,
        organizationId: p.organizationId,
        from: errors.von ? undefined : from,
        to: errors.bis ? undefined : to,
        status: p.status,
        sort: p.sort,
        direction: p.direction,
        page: p.page,
        pageSize: PAGE_SIZE,
      }),
    ]);
    const pages = Math.max(1, Math.ceil(list.total / PAGE_SIZE));
    const filtered = Boolean(p.organizationId || p.from || p.to || p.status);
    const mayPlan = can(session.actor, 'meeting.plan', { bodyId });
    const header = (key: MeetingSortKey, label: string) => {
      const active = p.sort === key;
      const next = active ? (p.direction === 'asc' ? 'desc' : 'asc') : key === 'date' ? 'desc' : 'asc';
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
      <OfficeLayout title={`Sitzungen – ${body.name}`} session={session}>
        <h1>Sitzungen</h1>
        <p>{body.name}</p>
        {mayPlan ? (
          <p>
            <a href={`${BASE}/neu${showBody ? `?koerperschaft=${bodyId}` : ''}`}>Neue Sitzung planen</a>
          </p>
        ) : null}
        <form method="get" action={BASE} class="filters" aria-label="Sitzungen filtern">
          {showBody ? (
            <Select
              id="koerperschaft"
              label="Körperschaft"
              value={String(bodyId)}
              options={readable.map((b) => ({ value: String(b.id), label: b.name }))}
            />
          ) : null}
          <Select
            id="gremium"
            label="Gremium"
            value={p.organizationId ? String(p.organizationId) : ''}
            options={[
              { value: '', label: 'alle Gremien' },
              ...options.organizations.map((o) => ({ value: String(o.id), label: o.name })),
            ]}
          />
          <Input id="von" label="von (Datum)" type="date" value={p.from} error={errors.von} />
          <Input id="bis" label="bis (Datum)" type="date" value={p.to} error={errors.bis} />
          <Select
            id="stand"
            label="Stand"
            value={p.status ? STATUS_PARAM[p.status] : ''}
            options={[
              { value: '', label: 'alle' },
              ...MEETING_STATUSES.map((s) => ({ value: STATUS_PARAM[s], label: MEETING_STATUS_LABELS[s] })),
            ]}
          />
          {p.sort !== 'date' ? <input type="hidden" name="sortierung" value={SORT_PARAM[p.sort]} /> : null}
          <input type="hidden" name="richtung" value={p.direction === 'asc' ? 'auf' : 'ab'} />
          <div>
            <button type="submit">Filtern</button>
            {filtered ? (
              <>
                {' '}
                <a href={`${BASE}${showBody ? `?koerperschaft=${bodyId}` : ''}`}>Filter zurücksetzen</a>
              </>
            ) : null}
          </div>
        </form>
        {list.total === 0 ? (
          <p role="status">
            {filtered
              ? 'Keine Sitzung passt zu den Filtern. Ändern Sie die Angaben oder setzen Sie die Filter zurück.'
              : 'Diese Körperschaft hat noch keine Sitzungen.'}
          </p>
        ) : list.rows.length === 0 ? (
          <p role="status">
            Auf Seite {p.page} gibt es keine Sitzungen mehr (es gibt{' '}
            {pages === 1 ? 'nur eine Seite' : `${pages} Seiten`}).{' '}
            <a href={listHref(bodyId, p, { page: 1 }, showBody)}>Zur ersten Seite</a>
          </p>
        ) : (
          <>
            <p role="status">
              {list.total === 1 ? '1 Sitzung' : `${list.total} Sitzungen`}
              {pages > 1 ? ` – Seite ${p.page} von ${pages}` : ''}
            </p>
            <table>
              <caption class="skip">Sitzungen von {body.name}</caption>
              <thead>
                <tr>
                  {header('date', 'Datum')}
                  {header('organization', 'Gremium')}
                  <th scope="col">Ort</th>
                  {header('status', 'Stand')}
                  <th scope="col">Punkte</th>
                </tr>
              </thead>
              <tbody>
                {list.rows.map((r) => (
                  <tr>
                    <td>
                      <a href={`${BASE}/${r.id}`}>
                        {formatDate(r.startAt)}, {timeRange(r)}
                      </a>
                    </td>
                    <td>{r.organizationName}</td>
                    <td>{r.location ?? '–'}</td>
                    <td>{MEETING_STATUS_LABELS[r.status]}</td>
                    <td>{r.items}</td>
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
  bodyTarget('meeting.read'),
);

// ---------------------------------------------------------------------------------------------------
// Plan and edit

/** Service field → form field. */
const MEETING_FIELDS: Record<string, string> = {
  organizationId: 'gremium',
  date: 'datum',
  startTime: 'beginn',
  endTime: 'ende',
  locationId: 'ort',
  roomId: 'raum',
};

function formErrors(error: unknown, map: Record<string, string>): FieldErrors | undefined {
  if (!isDomainError(error) || error.id !== 'validation.failed') return undefined;
  const fields = (error.details.fields ?? {}) as FieldErrors;
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [map[k] ?? k, v]));
}

const MEETING_LABELS: Record<string, string> = {
  gremium: 'Gremium',
  datum: 'Datum',
  beginn: 'Beginn',
  ende: 'Ende',
  ort: 'Sitzungsort',
  raum: 'Raum',
};

async function MeetingFields(props: { c: Context<AppEnv>; bodyId: number; values: Values; errors: FieldErrors }) {
  const options = await meetingFormOptions(props.c.var.db, props.bodyId);
  const { values, errors } = props;
  return (
    <>
      <Select
        id="gremium"
        label="Gremium"
        value={values.gremium}
        error={errors.gremium}
        options={[
          { value: '', label: '– bitte wählen –' },
          ...options.organizations.map((o) => ({ value: String(o.id), label: o.name })),
        ]}
      />
      <Input id="datum" label="Datum" type="date" value={values.datum} error={errors.datum} required />
      <Input id="beginn" label="Beginn (Uhrzeit)" type="time" value={values.beginn} error={errors.beginn} required />
      <Input id="ende" label="Ende (Uhrzeit, freiwillig)" type="time" value={values.ende} error={errors.ende} />
      <Select
        id="ort"
        label="Sitzungsort"
        value={values.ort}
        error={errors.ort}
        options={[
          { value: '', label: '– kein Ort –' },
          ...options.locations.map((l) => ({ value: String(l.id), label: l.name })),
        ]}
      />
      <Select
        id="raum"
        label="Raum"
        value={values.raum}
        error={errors.raum}
        options={[
          { value: '', label: '– kein Raum –' },
          ...options.locations.flatMap((l) =>
            l.rooms.map((r) => ({ value: String(r.id), label: `${l.name}: ${r.name}` })),
          ),
        ]}
      />
    </>
  );
}

const meetingInput = (v: Values) => ({
  organizationId: positiveId(v.gremium) ?? null,
  date: v.datum ?? '',
  startTime: v.beginn ?? '',
  endTime: v.ende ?? '',
  locationId: positiveId(v.ort) ?? null,
  roomId: positiveId(v.raum) ?? null,
});

async function createPage(
  c: Context<AppEnv>,
  bodyId: number,
  options: { values?: Values; errors?: FieldErrors; status?: 200 | 422 } = {},
) {
  const session = c.var.session as Session;
  const errors = options.errors ?? {};
  return c.html(
    <OfficeLayout title="Neue Sitzung planen" session={session}>
      <nav aria-label="Brotkrumen">
        <a href={BASE}>Sitzungen</a> › Neue Sitzung
      </nav>
      <h1>Neue Sitzung planen</h1>
      <ErrorSummary errors={errors} labels={MEETING_LABELS} />
      <form method="post" action={BASE} novalidate>
        <CsrfField session={session} />
        <input type="hidden" name="koerperschaft" value={String(bodyId)} />
        {await MeetingFields({ c, bodyId, values: options.values ?? {}, errors })}
        <button type="submit">Sitzung anlegen</button>
      </form>
    </OfficeLayout>,
    options.status ?? 200,
  );
}

route(
  'GET',
  `${BASE}/neu`,
  'meeting.plan',
  async (c) => {
    const bodyId = await chosenBody(c, 'meeting.plan');
    if (bodyId === undefined || bodyId < 0) return notFoundPage(c, 'Diese Körperschaft gibt es nicht.');
    return createPage(c, bodyId);
  },
  bodyTarget('meeting.plan'),
);

route(
  'POST',
  BASE,
  'meeting.plan',
  async (c) => {
    const session = c.var.session as Session;
    const values = await formOf(c);
    const bodyId = positiveId(values.koerperschaft);
    if (bodyId === undefined) return notFoundPage(c, 'Diese Körperschaft gibt es nicht.');
    try {
      const meeting = await createOfficeMeeting(ctxOf(c), session.actor, { bodyId, ...meetingInput(values) });
      return c.redirect(`${BASE}/${meeting.id}?meldung=angelegt`, 303);
    } catch (error) {
      const errors = formErrors(error, MEETING_FIELDS);
      if (errors) return createPage(c, bodyId, { values, errors, status: 422 });
      if (isDomainError(error) && error.id === 'permission.denied') return refusePage(c, 403, error.id, error.message);
      throw error;
    }
  },
  bodyTarget('meeting.plan'),
);

async function meetingOr404(c: Context<AppEnv>): Promise<OfficeMeeting | undefined> {
  const id = positiveId(c.req.param('id'));
  return id === undefined ? undefined : loadOfficeMeeting(c.var.db, id);
}

const editValues = (m: OfficeMeeting): Values => ({
  gremium: String(m.organizationId),
  datum: m.date,
  beginn: m.startTime,
  ende: m.endTime,
  ort: m.locationId ? String(m.locationId) : '',
  raum: m.roomId ? String(m.roomId) : '',
});

async function editPage(
  c: Context<AppEnv>,
  meeting: OfficeMeeting,
  options: { values?: Values; errors?: FieldErrors; error?: string; status?: 200 | 409 | 422 } = {},
) {
  const session = c.var.session as Session;
  const errors = options.errors ?? {};
  const current = editValues(meeting);
  const values = options.values ?? current;
  const differs = options.status === 409 ? Object.keys(current).filter((k) => current[k] !== (values[k] ?? '')) : [];
  const shown = (key: string) =>
    key === 'gremium'
      ? meeting.organizationName
      : key === 'ort' || key === 'raum'
        ? (meeting.location ?? '–')
        : key === 'datum'
          ? formatIsoDate(meeting.date)
          : current[key] || '–';
  return c.html(
    <OfficeLayout title={`Sitzung bearbeiten – ${meetingTitle(meeting)}`} session={session}>
      <nav aria-label="Brotkrumen">
        <a href={BASE}>Sitzungen</a> › <a href={`${BASE}/${meeting.id}`}>{meetingTitle(meeting)}</a> › Bearbeiten
      </nav>
      <h1>Sitzung bearbeiten</h1>
      <Alert error={options.error} />
      {differs.length > 0 ? (
        <p>
          Inzwischen gespeichert: {differs.map((k) => `${MEETING_LABELS[k]} „${shown(k)}“`).join(', ')}. Speichern Sie
          erneut, um Ihre Eingaben darüber zu schreiben.
        </p>
      ) : null}
      <ErrorSummary errors={errors} labels={MEETING_LABELS} />
      {meeting.invitationSentOn ? (
        <p class="notice">
          Zu dieser Sitzung ist bereits eingeladen. Einen neuen Termin legen Sie auf der Sitzungsseite mit „Sitzung
          verlegen“ fest.
        </p>
      ) : null}
      <form method="post" action={`${BASE}/${meeting.id}`} novalidate>
        <CsrfField session={session} />
        <input type="hidden" name="version" value={String(meeting.version)} />
        {await MeetingFields({ c, bodyId: meeting.bodyId, values, errors })}
        <button type="submit">Änderungen speichern</button>
      </form>
      <p>
        <a href={`${BASE}/${meeting.id}`}>Abbrechen und zur Sitzung</a>
      </p>
    </OfficeLayout>,
    options.status ?? 200,
  );
}

route(
  'GET',
  `${BASE}/:id/bearbeiten`,
  'meeting.plan',
  async (c) => {
    const meeting = await meetingOr404(c);
    return meeting ? editPage(c, meeting) : notFoundPage(c);
  },
  meetingTarget,
);

route(
  'POST',
  `${BASE}/:id`,
  'meeting.plan',
  async (c) => {
    const session = c.var.session as Session;
    const meeting = await meetingOr404(c);
    if (!meeting) return notFoundPage(c);
    const values = await formOf(c);
    try {
      await updateOfficeMeeting(ctxOf(c), session.actor, meeting.id, {
        version: positiveId(values.version) ?? 0,
        ...meetingInput(values),
      });
      return c.redirect(`${BASE}/${meeting.id}?meldung=gespeichert`, 303);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      if (error.id === 'conflict.stale') return editPage(c, meeting, { values, error: error.message, status: 409 });
      const errors = formErrors(error, MEETING_FIELDS);
      if (errors) return editPage(c, meeting, { values, errors, status: 422 });
      if (error.id === 'permission.denied') return refusePage(c, 403, error.id, error.message);
      return editPage(c, meeting, { values, error: error.message, status: 422 });
    }
  },
  meetingTarget,
);

// ---------------------------------------------------------------------------------------------------
// The meeting with its agenda

const NOTICES: Record<string, string> = {
  angelegt: 'Die Sitzung wurde angelegt. Legen Sie nun die Tagesordnung an.',
  gespeichert: 'Die Änderungen wurden gespeichert.',
  punkt: 'Der Tagesordnungspunkt wurde hinzugefügt.',
  'punkt-gespeichert': 'Der Tagesordnungspunkt wurde geändert.',
  'punkt-entfernt': 'Der Tagesordnungspunkt wurde entfernt.',
  reihenfolge: 'Die Reihenfolge wurde geändert.',
  eingeladen: 'Die Einladung wurde erfasst.',
  nachtrag: 'Der Nachtrag wurde erfasst.',
  abgesagt: 'Die Sitzung wurde abgesagt.',
  verlegt: 'Die Sitzung wurde verlegt. Bitte laden Sie erneut ein.',
};

const EVENT_LABELS: Record<string, string> = {
  create: 'Sitzung angelegt',
  cancel: 'Sitzung abgesagt',
  move: 'Sitzung verlegt',
  invite: 'Einladung versandt',
  supplement: 'Nachtrag versandt',
};

interface DetailOptions {
  error?: string;
  /** The form the error belongs to, with the user's input and field errors (form field names). */
  values?: Values;
  errors?: FieldErrors;
  /** The invitation missed its deadline: ask for the confirmation. */
  needsConfirmation?: boolean;
  status?: 200 | 404 | 409 | 422;
}

function ItemRow(props: {
  item: OfficeAgendaItem;
  meeting: OfficeMeeting;
  session: Session;
  mayEdit: boolean;
  isFirst: boolean;
  isLast: boolean;
  canIndent: boolean;
}) {
  const { item, meeting, session } = props;
  const sub = item.parentId !== null;
  const moveButton = (direction: string, text: string, label: string) => (
    <form method="post" action={`${BASE}/${meeting.id}/punkte/${item.id}/verschieben`}>
      <CsrfField session={session} />
      <input type="hidden" name="version" value={String(meeting.version)} />
      <input type="hidden" name="richtung" value={direction} />
      <button type="submit" aria-label={`TOP ${item.number} ${label}`}>
        {text}
      </button>
    </form>
  );
  return (
    <tr>
      <th scope="row" style={sub ? 'padding-left: 1.5rem' : undefined}>
        {item.number}
      </th>
      <td>
        {item.title}
        {item.subtitle ? (
          <>
            <br />
            <span class="muted">{item.subtitle}</span>
          </>
        ) : null}
        {item.paperId ? (
          <>
            <br />
            Vorlage <a href={`/verwaltung/vorlagen/${item.paperId}`}>{item.paperReference ?? item.paperId}</a>
            {item.paperTitle ? ` – ${item.paperTitle}` : ''}
          </>
        ) : null}
        {item.supplement ? <strong> (Nachtrag)</strong> : null}
      </td>
      {props.mayEdit ? (
        <td class="actions">
          {props.isFirst ? null : moveButton('hoch', 'nach oben', 'nach oben')}
          {props.isLast ? null : moveButton('runter', 'nach unten', 'nach unten')}
          {props.canIndent ? moveButton('einruecken', 'einrücken', 'als Unterpunkt einrücken') : null}
          {sub ? moveButton('ausruecken', 'ausrücken', 'als Hauptpunkt ausrücken') : null}
          <a href={`${BASE}/${meeting.id}/punkte/${item.id}`} aria-label={`TOP ${item.number} bearbeiten`}>
            bearbeiten
          </a>
          <form method="post" action={`${BASE}/${meeting.id}/punkte/${item.id}/entfernen`}>
            <CsrfField session={session} />
            <input type="hidden" name="version" value={String(meeting.version)} />
            <button type="submit" aria-label={`TOP ${item.number} entfernen`}>
              entfernen
            </button>
          </form>
        </td>
      ) : null}
    </tr>
  );
}

function AgendaPart(props: {
  title: string;
  id: string;
  items: OfficeAgendaItem[];
  meeting: OfficeMeeting;
  session: Session;
  mayEdit: boolean;
}) {
  const { items } = props;
  // Siblings over both parts: moving across the border is offered and then explained (public first).
  const siblingsOf = (item: OfficeAgendaItem) => props.meeting.items.filter((i) => i.parentId === item.parentId);
  return (
    <section aria-labelledby={props.id}>
      <h3 id={props.id}>{props.title}</h3>
      {items.length === 0 ? (
        <p>Noch keine Punkte.</p>
      ) : (
        <table>
          <caption class="skip">{props.title}</caption>
          <thead>
            <tr>
              <th scope="col">TOP</th>
              <th scope="col">Gegenstand</th>
              {props.mayEdit ? <th scope="col">Ändern</th> : null}
            </tr>
          </thead>
          <tbody>
            {items.map((item) => {
              const siblings = siblingsOf(item);
              const index = siblings.indexOf(item);
              const hasChildren = items.some((i) => i.parentId === item.id);
              return (
                <ItemRow
                  item={item}
                  meeting={props.meeting}
                  session={props.session}
                  mayEdit={props.mayEdit}
                  isFirst={index === 0}
                  isLast={index === siblings.length - 1}
                  canIndent={item.parentId === null && index > 0 && !hasChildren}
                />
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

async function detailPage(c: Context<AppEnv>, meeting: OfficeMeeting, options: DetailOptions = {}) {
  const session = c.var.session as Session;
  const actor = session.actor;
  const target = { bodyId: meeting.bodyId };
  const open = meeting.status === 'planned' || meeting.status === 'invited';
  const mayPlan = open && can(actor, 'meeting.plan', target);
  const mayEdit = open && can(actor, 'agenda.edit', target);
  const mayInvite = open && can(actor, 'meeting.invite', target);
  const values = options.values ?? {};
  const errors = options.errors ?? {};
  const publicItems = meeting.items.filter((i) => i.public);
  const nonPublicItems = meeting.items.filter((i) => !i.public);
  const supplementItems = meeting.items.filter((i) => i.supplement);
  const papers = mayEdit ? await linkablePapers(c.var.db, meeting.bodyId) : [];
  const preview =
    mayInvite && !meeting.invitationSentOn ? await deadlineCheck(c.var.db, meeting, localToday()) : undefined;
  const cancelEvent = meeting.events.find((e) => e.action === 'cancel');
  const inviteEvent = meeting.events.find((e) => e.action === 'invite');
  const notice = NOTICES[c.req.query('meldung') ?? ''];
  const title = meetingTitle(meeting);
  const versionField = <input type="hidden" name="version" value={String(meeting.version)} />;
  return c.html(
    <OfficeLayout title={`Sitzung – ${title}`} session={session}>
      <nav aria-label="Brotkrumen">
        <a href={BASE}>Sitzungen</a> › {title}
      </nav>
      <h1>Sitzung: {title}</h1>
      <Alert error={options.error} notice={options.error ? undefined : notice} />
      <dl class="facts">
        <dt>Körperschaft</dt>
        <dd>{meeting.bodyName}</dd>
        <dt>Gremium</dt>
        <dd>{meeting.organizationName}</dd>
        <dt>Termin</dt>
        <dd>
          {formatWeekdayDate(meeting.startAt)}, {timeRange(meeting)}
        </dd>
        <dt>Ort</dt>
        <dd>{meeting.location ?? '–'}</dd>
        <dt>Stand</dt>
        <dd>{MEETING_STATUS_LABELS[meeting.status]}</dd>
        {cancelEvent ? (
          <>
            <dt>Grund der Absage</dt>
            <dd>{String(cancelEvent.after?.reason ?? '–')}</dd>
          </>
        ) : null}
        <dt>Einladung</dt>
        <dd>
          {meeting.invitationSentOn
            ? `versandt am ${formatIsoDate(meeting.invitationSentOn)}${meeting.invitationUrgent ? ' (dringlich, verkürzte Frist)' : ''}`
            : 'noch nicht versandt'}
          {meeting.invitationSentOn && inviteEvent?.after?.deadline ? (
            <>
              <br />
              {String((inviteEvent.after.deadline as { message?: string }).message ?? '')}
              {inviteEvent.after.reason ? ` Begründung: ${String(inviteEvent.after.reason)}` : ''}
            </>
          ) : null}
        </dd>
        <dt>Nachtrag</dt>
        <dd>
          {meeting.supplementSentOn ? `versandt am ${formatIsoDate(meeting.supplementSentOn)}` : '–'}
          {supplementItems.length > 0
            ? ` · nachträglich aufgenommen: TOP ${supplementItems.map((i) => i.number).join(', ')}`
            : ''}
        </dd>
      </dl>
      {mayPlan ? (
        <p>
          <a href={`${BASE}/${meeting.id}/bearbeiten`}>Sitzungsdaten bearbeiten</a>
        </p>
      ) : null}
      {meeting.cancelled ? null : (
        <p>
          <a href={`${BASE}/${meeting.id}/niederschrift`}>Anwesenheit, Abstimmungen und Niederschrift</a>
        </p>
      )}
      {can(actor, 'audit.read', target) ? (
        <p>
          <a href={`/verwaltung/verlauf/meeting/${meeting.id}`}>
            Verlauf: alle Änderungen an Sitzung, Tagesordnung, Anwesenheit und Abstimmungen
          </a>
        </p>
      ) : null}

      <section aria-labelledby="tagesordnung">
        <h2 id="tagesordnung">Tagesordnung</h2>
        {meeting.items.length === 0 ? <p>Die Tagesordnung ist noch leer.</p> : null}
        <AgendaPart
          title="Öffentlicher Teil"
          id="teil-oeffentlich"
          items={publicItems}
          meeting={meeting}
          session={session}
          mayEdit={mayEdit}
        />
        <AgendaPart
          title="Nicht öffentlicher Teil"
          id="teil-nicht-oeffentlich"
          items={nonPublicItems}
          meeting={meeting}
          session={session}
          mayEdit={mayEdit}
        />
      </section>

      {mayEdit ? (
        <section aria-labelledby="punkt-neu">
          <h2 id="punkt-neu">Punkt hinzufügen</h2>
          {meeting.invitationSentOn ? (
            <p class="notice">Die Einladung ist versandt: neue Punkte werden als Nachtrag gekennzeichnet.</p>
          ) : null}
          <h3>Standardpunkte</h3>
          <ul class="inline">
            {STANDARD_ITEMS.map((s) => (
              <li>
                <form method="post" action={`${BASE}/${meeting.id}/punkte`}>
                  <CsrfField session={session} />
                  {versionField}
                  <input type="hidden" name="titel" value={s.title} />
                  <input type="hidden" name="teil" value={s.public ? 'oeffentlich' : 'nicht-oeffentlich'} />
                  <button type="submit">
                    {s.key === 'formalien'
                      ? 'Formalien'
                      : s.key === 'niederschrift'
                        ? 'Genehmigung der Niederschrift'
                        : s.public
                          ? 'Mitteilungen und Anfragen (öffentlich)'
                          : 'Mitteilungen und Anfragen (nicht öffentlich)'}{' '}
                    hinzufügen
                  </button>
                </form>
              </li>
            ))}
          </ul>
          <form method="post" action={`${BASE}/${meeting.id}/punkte`} novalidate>
            <CsrfField session={session} />
            {versionField}
            <Input id="titel" label="Titel" value={values.titel} error={errors.titel} required />
            <Input id="zusatz" label="Zusatz (zweite Zeile, freiwillig)" value={values.zusatz} error={errors.zusatz} />
            <fieldset aria-describedby={errors.teil ? 'teil-fehler' : undefined}>
              <legend>Teil der Sitzung</legend>
              <div>
                <input
                  type="radio"
                  id="teil-o"
                  name="teil"
                  value="oeffentlich"
                  checked={(values.teil ?? 'oeffentlich') === 'oeffentlich'}
                />{' '}
                <label for="teil-o" class="inline">
                  öffentlich
                </label>
              </div>
              <div>
                <input
                  type="radio"
                  id="teil-n"
                  name="teil"
                  value="nicht-oeffentlich"
                  checked={values.teil === 'nicht-oeffentlich'}
                />{' '}
                <label for="teil-n" class="inline">
                  nicht öffentlich
                </label>
              </div>
              <ErrorText id="teil" error={errors.teil} />
            </fieldset>
            <Select
              id="vorlage"
              label="Vorlage (freiwillig)"
              value={values.vorlage}
              error={errors.vorlage}
              options={[
                { value: '', label: '– keine Vorlage –' },
                ...papers.map((p) => ({
                  value: String(p.id),
                  label: `${p.reference ?? p.id} – ${p.title}${p.public ? '' : ' (nicht öffentlich)'}`,
                })),
              ]}
            />
            <Select
              id="oberpunkt"
              label="Unterpunkt von (freiwillig; er gehört zum Teil seines Hauptpunkts)"
              value={values.oberpunkt}
              error={errors.oberpunkt}
              options={[
                { value: '', label: '– eigener Hauptpunkt –' },
                ...meeting.items
                  .filter((i) => i.parentId === null)
                  .map((i) => ({ value: String(i.id), label: `TOP ${i.number} ${i.title}` })),
              ]}
            />
            <button type="submit">Punkt hinzufügen</button>
          </form>
        </section>
      ) : null}

      {mayInvite && !meeting.invitationSentOn ? (
        <section aria-labelledby="einladung">
          <h2 id="einladung">Einladung</h2>
          {preview ? <p class={preview.ok ? 'notice' : 'error'}>Bei Versand heute: {preview.message}</p> : null}
          <form method="post" action={`${BASE}/${meeting.id}/einladung`} novalidate>
            <CsrfField session={session} />
            {versionField}
            <Input
              id="versand"
              label="Versanddatum"
              type="date"
              value={values.versand ?? localToday()}
              error={errors.versand}
            />
            <div class="field">
              <input type="checkbox" id="dringlich" name="dringlich" value="ja" checked={values.dringlich === 'ja'} />{' '}
              <label for="dringlich" class="inline">
                Dringliche Sitzung (verkürzte Ladungsfrist; die Dringlichkeit steht in der Einladung)
              </label>
            </div>
            {options.needsConfirmation ? (
              <div class="field">
                <input type="checkbox" id="bestaetigen" name="bestaetigen" value="ja" />{' '}
                <label for="bestaetigen" class="inline">
                  Ich lade trotz verfehlter Ladungsfrist ein (Begründung erforderlich)
                </label>
              </div>
            ) : null}
            <TextArea
              id="begruendung"
              label="Begründung (bei Dringlichkeit oder verfehlter Frist)"
              value={values.begruendung}
              error={errors.begruendung}
            />
            <button type="submit">Einladung versenden</button>
          </form>
        </section>
      ) : null}

      {mayInvite && meeting.invitationSentOn ? (
        <section aria-labelledby="nachtrag">
          <h2 id="nachtrag">Nachtrag</h2>
          {supplementItems.length === 0 ? (
            <p>Seit der Einladung wurde kein Punkt aufgenommen.</p>
          ) : (
            <form method="post" action={`${BASE}/${meeting.id}/nachtrag`} novalidate>
              <CsrfField session={session} />
              {versionField}
              <Input
                id="nachtrag-datum"
                label="Versanddatum des Nachtrags"
                type="date"
                value={values['nachtrag-datum'] ?? localToday()}
                error={errors['nachtrag-datum']}
              />
              <button type="submit">Nachtrag versenden</button>
            </form>
          )}
        </section>
      ) : null}

      {mayPlan ? (
        <section aria-labelledby="verlegen">
          <h2 id="verlegen">Sitzung verlegen</h2>
          <p>
            {meeting.invitationSentOn
              ? 'Die Einladung gilt danach nicht mehr: es muss neu eingeladen werden.'
              : 'Neuer Termin der Sitzung.'}
          </p>
          <form method="post" action={`${BASE}/${meeting.id}/verlegen`} novalidate>
            <CsrfField session={session} />
            {versionField}
            <Input
              id="neues-datum"
              label="Neues Datum"
              type="date"
              value={values['neues-datum'] ?? ''}
              error={errors['neues-datum']}
            />
            <Input
              id="neuer-beginn"
              label="Neuer Beginn (Uhrzeit)"
              type="time"
              value={values['neuer-beginn'] ?? meeting.startTime}
              error={errors['neuer-beginn']}
            />
            <Input
              id="neues-ende"
              label="Neues Ende (Uhrzeit, freiwillig)"
              type="time"
              value={values['neues-ende'] ?? meeting.endTime}
              error={errors['neues-ende']}
            />
            <TextArea id="verlegen-grund" label="Grund (freiwillig)" value={values['verlegen-grund']} />
            <button type="submit">Sitzung verlegen</button>
          </form>
          <h2 id="absagen">Sitzung absagen</h2>
          <form method="post" action={`${BASE}/${meeting.id}/absagen`} novalidate>
            <CsrfField session={session} />
            {versionField}
            <TextArea
              id="absage-grund"
              label="Grund der Absage"
              value={values['absage-grund']}
              error={errors['absage-grund']}
            />
            <button type="submit">Sitzung absagen</button>
          </form>
        </section>
      ) : null}

      {meeting.events.length > 0 ? (
        <section aria-labelledby="verlauf">
          <h2 id="verlauf">Verlauf</h2>
          <ul>
            {[...meeting.events].reverse().map((e) => (
              <li>
                {formatDate(e.at)}, {formatTime(e.at)} Uhr – {EVENT_LABELS[e.action] ?? e.action} ({e.who})
                {e.after?.reason ? `: ${String(e.after.reason)}` : ''}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </OfficeLayout>,
    options.status ?? 200,
  );
}

route(
  'GET',
  `${BASE}/:id`,
  'meeting.read',
  async (c) => {
    const meeting = await meetingOr404(c);
    return meeting ? detailPage(c, meeting) : notFoundPage(c);
  },
  meetingTarget,
);

/**
 * Runs a write from the meeting page: on success back to the meeting with a notice; a stale version,
 * bad input or a refused rule is shown on the meeting page with what is stored now and the input kept.
 */
async function detailWrite(
  c: Context<AppEnv>,
  notice: string,
  fieldMap: Record<string, string>,
  write: (meetingId: number, values: Values, session: Session) => Promise<unknown>,
  anchor = '',
) {
  const session = c.var.session as Session;
  const id = positiveId(c.req.param('id'));
  if (id === undefined) return notFoundPage(c);
  const values = await formOf(c);
  try {
    await write(id, values, session);
    return c.redirect(`${BASE}/${id}?meldung=${notice}${anchor}`, 303);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    const meeting = await loadOfficeMeeting(c.var.db, id);
    if (!meeting || error.id === 'meeting.not_found') return notFoundPage(c);
    if (error.id === 'agenda_item.not_found') {
      return detailPage(c, meeting, { error: 'Diesen Tagesordnungspunkt gibt es (nicht mehr).', status: 404 });
    }
    if (error.id === 'permission.denied') return refusePage(c, 403, error.id, error.message);
    const errors = formErrors(error, fieldMap);
    return detailPage(c, meeting, {
      error: errors ? `Nicht gespeichert: ${Object.values(errors).join(' ')}` : error.message,
      values,
      ...(errors ? { errors } : {}),
      needsConfirmation: error.id === 'meeting.deadline_missed',
      status: error.id === 'conflict.stale' ? 409 : 422,
    });
  }
}

const versionOf = (v: Values) => positiveId(v.version) ?? 0;
const itemIdOf = (c: Context<AppEnv>) => positiveId(c.req.param('itemId')) ?? 0;
const ITEM_FIELDS: Record<string, string> = {
  title: 'titel',
  subtitle: 'zusatz',
  public: 'teil',
  paperId: 'vorlage',
  parentId: 'oberpunkt',
};
const itemInput = (v: Values) => ({
  title: v.titel ?? '',
  subtitle: v.zusatz ?? '',
  public: v.teil === 'oeffentlich' ? true : v.teil === 'nicht-oeffentlich' ? false : null,
  paperId: positiveId(v.vorlage) ?? null,
});

route(
  'POST',
  `${BASE}/:id/absagen`,
  'meeting.plan',
  (c) =>
    detailWrite(c, 'abgesagt', { reason: 'absage-grund' }, (id, v, s) =>
      cancelMeeting(ctxOf(c), s.actor, id, { version: versionOf(v), reason: v['absage-grund'] ?? '' }),
    ),
  meetingTarget,
);

route(
  'POST',
  `${BASE}/:id/verlegen`,
  'meeting.plan',
  (c) =>
    detailWrite(c, 'verlegt', { date: 'neues-datum', startTime: 'neuer-beginn', endTime: 'neues-ende' }, (id, v, s) =>
      moveMeeting(ctxOf(c), s.actor, id, {
        version: versionOf(v),
        date: v['neues-datum'] ?? '',
        startTime: v['neuer-beginn'] ?? '',
        endTime: v['neues-ende'] ?? '',
        reason: v['verlegen-grund'] ?? '',
      }),
    ),
  meetingTarget,
);

route(
  'POST',
  `${BASE}/:id/punkte`,
  'agenda.edit',
  (c) =>
    detailWrite(
      c,
      'punkt',
      ITEM_FIELDS,
      (id, v, s) =>
        addOfficeAgendaItem(ctxOf(c), s.actor, id, {
          version: versionOf(v),
          ...itemInput(v),
          // A sub-item belongs to its parent's part: the radio buttons do not apply to it.
          ...(positiveId(v.oberpunkt) ? { public: null } : {}),
          parentId: positiveId(v.oberpunkt) ?? null,
        }),
      '#tagesordnung',
    ),
  meetingTarget,
);

route(
  'POST',
  `${BASE}/:id/punkte/:itemId/verschieben`,
  'agenda.edit',
  (c) =>
    detailWrite(
      c,
      'reihenfolge',
      {},
      (id, v, s) =>
        moveOfficeAgendaItem(ctxOf(c), s.actor, id, itemIdOf(c), {
          version: versionOf(v),
          direction:
            { hoch: 'up', runter: 'down', einruecken: 'in', ausruecken: 'out' }[v.richtung ?? ''] ?? String(v.richtung),
        }),
      '#tagesordnung',
    ),
  meetingTarget,
);

route(
  'POST',
  `${BASE}/:id/punkte/:itemId/entfernen`,
  'agenda.edit',
  (c) =>
    detailWrite(
      c,
      'punkt-entfernt',
      {},
      (id, v, s) => removeOfficeAgendaItem(ctxOf(c), s.actor, id, itemIdOf(c), { version: versionOf(v) }),
      '#tagesordnung',
    ),
  meetingTarget,
);

route(
  'POST',
  `${BASE}/:id/einladung`,
  'meeting.invite',
  (c) =>
    detailWrite(c, 'eingeladen', { date: 'versand', reason: 'begruendung' }, (id, v, s) =>
      inviteMeeting(ctxOf(c), s.actor, id, {
        version: versionOf(v),
        date: v.versand || null,
        urgent: v.dringlich === 'ja',
        confirm: v.bestaetigen === 'ja',
        reason: v.begruendung ?? '',
      }),
    ),
  meetingTarget,
);

route(
  'POST',
  `${BASE}/:id/nachtrag`,
  'meeting.invite',
  (c) =>
    detailWrite(c, 'nachtrag', { date: 'nachtrag-datum' }, (id, v, s) =>
      issueSupplement(ctxOf(c), s.actor, id, { version: versionOf(v), date: v['nachtrag-datum'] || null }),
    ),
  meetingTarget,
);

// ---------------------------------------------------------------------------------------------------
// One agenda item

async function itemPage(
  c: Context<AppEnv>,
  meeting: OfficeMeeting,
  item: OfficeAgendaItem,
  options: { values?: Values; errors?: FieldErrors; error?: string; status?: 200 | 409 | 422 } = {},
) {
  const session = c.var.session as Session;
  const errors = options.errors ?? {};
  const values = options.values ?? {
    titel: item.title,
    zusatz: item.subtitle ?? '',
    teil: item.public ? 'oeffentlich' : 'nicht-oeffentlich',
    vorlage: item.paperId ? String(item.paperId) : '',
  };
  const papers = await linkablePapers(c.var.db, meeting.bodyId);
  return c.html(
    <OfficeLayout title={`TOP ${item.number} bearbeiten – ${meetingTitle(meeting)}`} session={session}>
      <nav aria-label="Brotkrumen">
        <a href={BASE}>Sitzungen</a> › <a href={`${BASE}/${meeting.id}`}>{meetingTitle(meeting)}</a> › TOP {item.number}
      </nav>
      <h1>TOP {item.number} bearbeiten</h1>
      <Alert error={options.error} />
      <ErrorSummary
        errors={errors}
        labels={{ titel: 'Titel', zusatz: 'Zusatz', teil: 'Teil der Sitzung', vorlage: 'Vorlage' }}
      />
      {options.status === 409 ? (
        <p>
          Inzwischen gespeichert: „{item.title}“ ({item.public ? 'öffentlich' : 'nicht öffentlich'}). Speichern Sie
          erneut, um Ihre Eingaben darüber zu schreiben.
        </p>
      ) : null}
      <form method="post" action={`${BASE}/${meeting.id}/punkte/${item.id}`} novalidate>
        <CsrfField session={session} />
        <input type="hidden" name="version" value={String(meeting.version)} />
        <Input id="titel" label="Titel" value={values.titel} error={errors.titel} required />
        <Input id="zusatz" label="Zusatz (zweite Zeile, freiwillig)" value={values.zusatz} error={errors.zusatz} />
        <Select
          id="teil"
          label="Teil der Sitzung"
          value={values.teil}
          error={errors.teil}
          options={[
            { value: 'oeffentlich', label: 'öffentlich' },
            { value: 'nicht-oeffentlich', label: 'nicht öffentlich' },
          ]}
        />
        <p class="muted">
          Wechselt der Punkt den Teil, rückt er ans Ende des öffentlichen bzw. an den Anfang des nicht öffentlichen
          Teils.
        </p>
        <Select
          id="vorlage"
          label="Vorlage (freiwillig)"
          value={values.vorlage}
          error={errors.vorlage}
          options={[
            { value: '', label: '– keine Vorlage –' },
            ...papers.map((p) => ({
              value: String(p.id),
              label: `${p.reference ?? p.id} – ${p.title}${p.public ? '' : ' (nicht öffentlich)'}`,
            })),
          ]}
        />
        <button type="submit">Änderungen speichern</button>
      </form>
      <p>
        <a href={`${BASE}/${meeting.id}`}>Abbrechen und zur Sitzung</a>
      </p>
    </OfficeLayout>,
    options.status ?? 200,
  );
}

async function itemOr404(c: Context<AppEnv>) {
  const meeting = await meetingOr404(c);
  const item = meeting?.items.find((i) => i.id === itemIdOf(c));
  return meeting && item ? { meeting, item } : undefined;
}

route(
  'GET',
  `${BASE}/:id/punkte/:itemId`,
  'agenda.edit',
  async (c) => {
    const found = await itemOr404(c);
    return found ? itemPage(c, found.meeting, found.item) : notFoundPage(c, 'Diesen Tagesordnungspunkt gibt es nicht.');
  },
  meetingTarget,
);

route(
  'POST',
  `${BASE}/:id/punkte/:itemId`,
  'agenda.edit',
  async (c) => {
    const session = c.var.session as Session;
    const found = await itemOr404(c);
    if (!found) return notFoundPage(c, 'Diesen Tagesordnungspunkt gibt es nicht.');
    const values = await formOf(c);
    try {
      await updateOfficeAgendaItem(ctxOf(c), session.actor, found.meeting.id, found.item.id, {
        version: versionOf(values),
        ...itemInput(values),
      });
      return c.redirect(`${BASE}/${found.meeting.id}?meldung=punkt-gespeichert#tagesordnung`, 303);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      if (error.id === 'permission.denied') return refusePage(c, 403, error.id, error.message);
      const errors = formErrors(error, ITEM_FIELDS);
      const status = error.id === 'conflict.stale' ? 409 : 422;
      return itemPage(c, found.meeting, found.item, {
        values,
        ...(errors ? { errors } : {}),
        error: errors ? 'Nicht gespeichert.' : error.message,
        status,
      });
    }
  },
  meetingTarget,
);
