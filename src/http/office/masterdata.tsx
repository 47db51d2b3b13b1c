/**
 * The back office pages of a body's master data (Stammdaten) under /verwaltung/stammdaten/{körperschaft}:
 * organisations (council, committees, factions, offices), legislative terms, persons, memberships
 * (roles, from/until, deputies, on behalf of a faction), locations with their rooms.
 *
 * Every list searches (q), sorts by its column headers (aria-sort) and pages; every form is checked by
 * the service and shown again with the German message next to each field and the input kept; every
 * edit form carries the version it was loaded from, so a save against a row changed meanwhile is
 * refused (409) with the other person's change shown next to the fields. Reading: any role of the body
 * (`masterdata.read`); writing: admin and clerk (`masterdata.edit`).
 */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { isDomainError } from '../../domain/errors.ts';
import { can } from '../../domain/permissions.ts';
import type { ServiceContext } from '../../services/context.ts';
import {
  allBodies,
  type BodyRef,
  bodyBySlug,
  type Choices,
  choicesFor,
  createLocationIn,
  createMembershipIn,
  createOrganizationIn,
  createPersonIn,
  createRoomIn,
  createTermIn,
  FORMS_OF_ADDRESS,
  getLocationOf,
  getMembershipOf,
  getOrganizationOf,
  getPersonOf,
  getRoomOf,
  getTermOf,
  type ListResult,
  listLocations,
  listMemberships,
  listOrganizations,
  listPersons,
  listTerms,
  MEMBERSHIP_ROLES,
  type MembershipListRow,
  ORGANIZATION_KINDS,
  type OrganizationKind,
  organizationChoices,
  personLabel,
  roomsOf,
  updateLocationIn,
  updateMembershipIn,
  updateOrganizationIn,
  updatePersonIn,
  updateRoomIn,
  updateTermIn,
} from '../../services/masterdata-edit.ts';
import type { AppEnv } from '../env.ts';
import { ErrorSummary, OnceField } from './forms.tsx';
import { OfficeLayout } from './layout.tsx';
import {
  type Column,
  type Errors,
  type FieldSpec,
  FormField,
  germanDate,
  type ListState,
  Pages,
  ReadOnlyFields,
  readListState,
  SearchForm,
  SortableTable,
  type Values,
} from './masterdata-ui.tsx';
import { route } from './router.tsx';
import { LOGIN_PATH } from './session.ts';

export const MASTERDATA_PATH = '/verwaltung/stammdaten';

const ctxOf = (c: Context<AppEnv>): ServiceContext => ({
  db: c.var.db,
  actor: c.var.session ? `user:${c.var.session.account.id}` : 'anonymous',
});

/**
 * The body of the address, as the permission target. An unknown body is "any body": whoever may do the
 * action somewhere is told it does not exist (404, by the handler); others are refused as before.
 */
const bodyTarget = async (c: Context<AppEnv>) => ({
  bodyId: (await bodyBySlug(c.var.db, c.req.param('body') ?? ''))?.id,
});

function mayEdit(c: Context<AppEnv>, body: BodyRef): boolean {
  return can(c.var.session?.actor ?? null, 'masterdata.edit', { bodyId: body.id });
}

type Section = 'organisationen' | 'wahlperioden' | 'personen' | 'mitgliedschaften' | 'orte';

const SECTIONS: Record<Section, { title: string; create: string; empty: string }> = {
  organisationen: {
    title: 'Gremien und Organisationen',
    create: 'Organisation anlegen',
    empty: 'Es gibt noch keine Gremien oder Organisationen.',
  },
  wahlperioden: { title: 'Wahlperioden', create: 'Wahlperiode anlegen', empty: 'Es gibt noch keine Wahlperiode.' },
  personen: { title: 'Personen', create: 'Person anlegen', empty: 'Es gibt noch keine Personen.' },
  mitgliedschaften: {
    title: 'Mitgliedschaften',
    create: 'Mitgliedschaft anlegen',
    empty: 'Es gibt noch keine Mitgliedschaften.',
  },
  orte: { title: 'Sitzungsorte und Räume', create: 'Sitzungsort anlegen', empty: 'Es gibt noch keine Sitzungsorte.' },
};

const sectionBase = (body: BodyRef, section: Section) => `${MASTERDATA_PATH}/${body.slug}/${section}`;

/** The frame of every master data page: the office layout, the way back, the sections of the body. */
function Frame(props: {
  c: Context<AppEnv>;
  body: BodyRef;
  section: Section;
  title: string;
  current?: boolean;
  children: Child;
}) {
  return (
    <OfficeLayout title={`${props.title} – ${props.body.name}`} session={props.c.var.session}>
      <nav aria-label="Brotkrumen" class="subnav">
        <ul>
          <li>
            <a href={MASTERDATA_PATH}>Stammdaten</a>
          </li>
          <li>{props.body.name}</li>
        </ul>
      </nav>
      <nav aria-label={`Stammdaten ${props.body.name}`} class="subnav">
        <ul>
          {(Object.keys(SECTIONS) as Section[]).map((s) => (
            <li>
              <a
                href={sectionBase(props.body, s)}
                aria-current={s === props.section && props.current !== false ? 'page' : undefined}
              >
                {SECTIONS[s].title}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {props.children}
    </OfficeLayout>
  );
}

function Notice(props: { c: Context<AppEnv> }) {
  const q = (name: string) => props.c.req.query(name) !== undefined;
  const text = q('angelegt')
    ? 'Angelegt.'
    : q('gespeichert')
      ? 'Gespeichert.'
      : q('mitglied')
        ? 'Die Mitgliedschaft wurde gespeichert.'
        : q('raum')
          ? 'Der Raum wurde gespeichert.'
          : undefined;
  return text ? (
    <p class="notice" role="status">
      {text}
    </p>
  ) : null;
}

function notFoundPage(c: Context<AppEnv>, message: string) {
  return c.html(
    <OfficeLayout title="Nicht gefunden" session={c.var.session}>
      <h1>Nicht gefunden</h1>
      <p>{message}</p>
      <p>
        <a href={MASTERDATA_PATH}>Zu den Stammdaten</a>
      </p>
    </OfficeLayout>,
    404,
  );
}

function positiveId(value: string | undefined): number | undefined {
  return value && /^\d{1,9}$/.test(value) && Number(value) > 0 ? Number(value) : undefined;
}

async function formValues(c: Context<AppEnv>): Promise<Values> {
  const form = await c.req.parseBody();
  const values: Values = {};
  for (const [k, v] of Object.entries(form)) if (typeof v === 'string' && k !== '_csrf') values[k] = v;
  return values;
}

/** A row as form values: strings, '' for none, '1' for true. */
function valuesOf(row: Record<string, unknown>): Values {
  const values: Values = {};
  for (const [k, v] of Object.entries(row)) {
    if (v === null || v === undefined || v === false) values[k] = '';
    else if (v === true) values[k] = '1';
    else if (typeof v === 'string' || typeof v === 'number') values[k] = String(v);
  }
  return values;
}

// ---------------------------------------------------------------------------------------------------
// Field specs

function organizationSpecs(choices: Choices, selfId?: number): FieldSpec[] {
  return [
    {
      key: 'kind',
      label: 'Art',
      type: 'select',
      required: true,
      options: Object.entries(ORGANIZATION_KINDS).map(([value, label]) => ({ value, label })),
    },
    { key: 'name', label: 'Name', type: 'text', required: true, hint: 'z. B. „Ausschuss für Digitalisierung“' },
    { key: 'shortName', label: 'Kurzname', type: 'text' },
    {
      key: 'nameGenitive',
      label: 'Name im Genitiv',
      type: 'text',
      hint: 'für Einladungen und Niederschriften, z. B. „des Ausschusses für Digitalisierung“',
    },
    {
      key: 'nameNominative',
      label: 'Name mit Artikel',
      type: 'text',
      hint: 'für Briefköpfe, z. B. „Der Kreistag“',
    },
    { key: 'officeNumber', label: 'Amtsnummer', type: 'text', hint: 'für Vorlagennummern, z. B. „10“' },
    {
      key: 'parentId',
      label: 'Gehört zu',
      type: 'select',
      empty: '– keiner –',
      hint: 'Bei Ausschüssen und Fraktionen: der Rat oder Kreistag.',
      options: choices.organizations
        .filter((o) => o.id !== selfId)
        .map((o) => ({ value: String(o.id), label: o.name, group: ORGANIZATION_KINDS[o.kind] })),
    },
    {
      key: 'statutoryMembers',
      label: 'Sollstärke (Sitze)',
      type: 'number',
      hint: 'Gesetzliche Mitgliederzahl einschließlich Vorsitz; zählt für die Beschlussfähigkeit.',
    },
    { key: 'startDate', label: 'Beginn', type: 'date' },
    { key: 'endDate', label: 'Ende', type: 'date' },
    { key: 'website', label: 'Webseite', type: 'url', hint: 'mit https://' },
  ];
}

const termSpecs: FieldSpec[] = [
  { key: 'name', label: 'Name', type: 'text', required: true, hint: 'z. B. „Wahlperiode 2020–2025“' },
  { key: 'startDate', label: 'Beginn', type: 'date', required: true },
  { key: 'endDate', label: 'Ende', type: 'date' },
];

const personSpecs: FieldSpec[] = [
  {
    key: 'formOfAddress',
    label: 'Anrede',
    type: 'select',
    empty: '– keine –',
    options: FORMS_OF_ADDRESS.map((f) => ({ value: f, label: f })),
  },
  { key: 'title', label: 'Titel', type: 'text', hint: 'z. B. „Dr.“' },
  { key: 'givenName', label: 'Vorname', type: 'text' },
  { key: 'familyName', label: 'Nachname', type: 'text', required: true },
  { key: 'officeTitle', label: 'Amtsbezeichnung', type: 'text', hint: 'wie in der Niederschrift, z. B. „Landrat“' },
  { key: 'email', label: 'E-Mail', type: 'email' },
  { key: 'phone', label: 'Telefon', type: 'tel' },
  { key: 'fax', label: 'Fax', type: 'tel' },
];

function membershipSpecs(choices: Choices): FieldSpec[] {
  const people = choices.persons.map((p) => ({ value: String(p.id), label: p.name }));
  return [
    { key: 'personId', label: 'Person', type: 'select', required: true, empty: '– bitte wählen –', options: people },
    {
      key: 'organizationId',
      label: 'Gremium oder Organisation',
      type: 'select',
      required: true,
      empty: '– bitte wählen –',
      options: choices.organizations.map((o) => ({
        value: String(o.id),
        label: o.name,
        group: ORGANIZATION_KINDS[o.kind],
      })),
    },
    {
      key: 'role',
      label: 'Rolle',
      type: 'select',
      required: true,
      options: Object.entries(MEMBERSHIP_ROLES).map(([value, label]) => ({ value, label })),
    },
    { key: 'roleLabel', label: 'Eigene Bezeichnung der Rolle', type: 'text', hint: 'z. B. „Landrat“ (optional)' },
    { key: 'votingRight', label: 'Stimmberechtigt', type: 'checkbox' },
    { key: 'appointedCitizen', label: 'Sachkundige Bürgerin oder sachkundiger Bürger', type: 'checkbox' },
    {
      key: 'onBehalfOfId',
      label: 'Für die Fraktion',
      type: 'select',
      empty: '– keine –',
      options: choices.organizations
        .filter((o) => o.kind === 'faction')
        .map((o) => ({ value: String(o.id), label: o.name })),
    },
    {
      key: 'deputyOfPersonId',
      label: 'Vertritt',
      type: 'select',
      empty: '– niemanden persönlich –',
      hint: 'Nur bei stellvertretenden Mitgliedern: das Mitglied, das diese Person vertritt.',
      options: people,
    },
    {
      key: 'termId',
      label: 'Wahlperiode',
      type: 'select',
      empty: '– keine –',
      options: choices.terms.map((t) => ({ value: String(t.id), label: t.name })),
    },
    { key: 'startDate', label: 'Von', type: 'date' },
    { key: 'endDate', label: 'Bis', type: 'date' },
  ];
}

const locationSpecs: FieldSpec[] = [
  { key: 'name', label: 'Name', type: 'text', required: true, hint: 'z. B. „Kreishaus Mettmann“' },
  { key: 'streetAddress', label: 'Straße und Hausnummer', type: 'text' },
  { key: 'postalCode', label: 'Postleitzahl', type: 'text', autocomplete: 'off' },
  { key: 'locality', label: 'Ort', type: 'text' },
];

const roomSpecs: FieldSpec[] = [
  { key: 'name', label: 'Name des Raums', type: 'text', required: true, hint: 'z. B. „Großer Sitzungssaal“' },
  { key: 'description', label: 'Beschreibung', type: 'text', hint: 'z. B. Etage, Barrierefreiheit' },
];

// ---------------------------------------------------------------------------------------------------
// Forms

interface FormState {
  values: Values;
  errors?: Errors | undefined;
  /** The message of a refused save (conflict, duplicate). */
  message?: string | undefined;
  /** After a conflict: the values stored meanwhile, per field that differs from the input. */
  stored?: Values | undefined;
  version?: string | undefined;
  status?: 200 | 404 | 409 | 422;
}

function EditForm(props: {
  action: string;
  specs: FieldSpec[];
  state: FormState;
  csrf: string;
  submit: string;
  hidden?: Record<string, string>;
}) {
  const labels = Object.fromEntries(props.specs.map((s) => [s.key, s.label]));
  return (
    <>
      <ErrorSummary errors={props.state.errors ?? {}} labels={labels} message={props.state.message} />
      <form method="post" action={props.action} novalidate>
        <input type="hidden" name="_csrf" value={props.csrf} />
        <OnceField />
        {props.state.version !== undefined ? <input type="hidden" name="version" value={props.state.version} /> : null}
        {Object.entries(props.hidden ?? {}).map(([k, v]) => (
          <input type="hidden" name={k} value={v} />
        ))}
        {props.specs.map((spec) => (
          <FormField
            spec={spec}
            value={props.state.values[spec.key] ?? ''}
            error={props.state.errors?.[spec.key]}
            stored={props.state.stored?.[spec.key]}
          />
        ))}
        <button type="submit">{props.submit}</button>
      </form>
    </>
  );
}

/** The German conflict message and, per field, what is stored now where it differs from the input. */
function conflictState(
  input: Values,
  current: Record<string, unknown> & { version: string },
  specs: FieldSpec[],
  message: string,
): FormState {
  const now = valuesOf(current);
  const stored: Values = {};
  for (const spec of specs) {
    const mine = (input[spec.key] ?? '').trim();
    const theirs = now[spec.key] ?? '';
    const same = spec.type === 'date' ? mine === theirs || germanDate(theirs || null) === mine : mine === theirs;
    if (!same) stored[spec.key] = displayValueOf(spec, theirs);
  }
  return {
    values: input,
    stored,
    version: current.version,
    status: 409,
    message: `${message} Ihre Eingaben stehen unten; wo inzwischen etwas anderes gespeichert ist, steht es beim Feld. Wenn Sie jetzt erneut speichern, ersetzen Ihre Eingaben den neuen Stand.`,
  };
}

function displayValueOf(spec: FieldSpec, value: string): string {
  if (spec.type === 'checkbox') return value === '1' ? 'ja' : 'nein';
  if (spec.type === 'select') return spec.options.find((o) => o.value === value)?.label ?? value;
  if (spec.type === 'date') return value ? germanDate(value) : '';
  return value;
}

/** What a refused save shows: field errors (422), a conflict (409), or a missing row (404). */
async function refusedSave(
  error: unknown,
  input: Values,
  specs: FieldSpec[],
  current: () => Promise<Record<string, unknown> & { version: string }>,
): Promise<FormState | undefined> {
  if (!isDomainError(error)) return undefined;
  if (error.id === 'validation.failed') {
    return {
      values: input,
      errors: (error.details.fields ?? {}) as Errors,
      version: input.version,
      status: 422,
    };
  }
  if (error.id === 'conflict.stale') return conflictState(input, await current(), specs, error.message);
  if (error.id === 'storage.duplicate' || error.id === 'storage.reference_missing') {
    return { values: input, message: error.message, version: input.version, status: 409 };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// Sections: what differs between organisations, terms, persons, memberships and locations

interface SectionSpec {
  section: Section;
  /** German noun with article for headings: "Neue Organisation". */
  newTitle: string;
  specs: (c: Context<AppEnv>, body: BodyRef, id?: number) => Promise<FieldSpec[]>;
  defaults?: (c: Context<AppEnv>) => Values;
  get: (c: Context<AppEnv>, body: BodyRef, id: number) => Promise<Record<string, unknown> & { version: string }>;
  title: (c: Context<AppEnv>, body: BodyRef, row: Record<string, unknown>) => string | Promise<string>;
  create: (ctx: ServiceContext, body: BodyRef, input: Values) => Promise<{ id: number }>;
  update: (ctx: ServiceContext, body: BodyRef, id: number, version: string, input: Values) => Promise<unknown>;
  /** Related lists below the form (members of an organisation, rooms of a location). */
  related?: (c: Context<AppEnv>, body: BodyRef, row: Record<string, unknown>) => Promise<Child>;
  /** Where a created or saved row leads (default: its own page). */
  after?: (body: BodyRef, input: Values, id: number, created: boolean) => string | undefined;
  list: (c: Context<AppEnv>, body: BodyRef) => Promise<{ content: Child; result: ListResult<unknown> }>;
}

const choicesOf = (c: Context<AppEnv>, body: BodyRef) => choicesFor(c.var.db, body.id);

function MembersTable(props: {
  body: BodyRef;
  rows: MembershipListRow[];
  show: 'person' | 'organization';
  caption: string;
}) {
  return (
    <table>
      <caption class="muted">{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{props.show === 'person' ? 'Person' : 'Gremium'}</th>
          <th scope="col">Rolle</th>
          <th scope="col">Für Fraktion</th>
          <th scope="col">Vertritt</th>
          <th scope="col">Stimmrecht</th>
          <th scope="col">Von</th>
          <th scope="col">Bis</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((m) => (
          <tr>
            <td>
              <a href={`${sectionBase(props.body, 'mitgliedschaften')}/${m.id}`}>
                {props.show === 'person' ? m.personName : m.organizationName}
              </a>
            </td>
            <td>
              {MEMBERSHIP_ROLES[m.role]}
              {m.roleLabel ? ` (${m.roleLabel})` : ''}
              {m.appointedCitizen ? ', sachkundige/r Bürger/in' : ''}
            </td>
            <td>{m.onBehalfOfName ?? '–'}</td>
            <td>{m.deputyOfName ?? '–'}</td>
            <td>{m.votingRight ? 'ja' : 'nein'}</td>
            <td>{germanDate(m.startDate)}</td>
            <td>{germanDate(m.endDate)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function stateOf(result: ListResult<unknown>, filters?: Record<string, string | undefined>): ListState {
  return { q: result.q, sort: result.sort, desc: result.desc, page: result.page, ...(filters ? { filters } : {}) };
}

function ListBody<T>(props: {
  c: Context<AppEnv>;
  body: BodyRef;
  section: Section;
  result: ListResult<T>;
  columns: Column<T>[];
  searchLabel: string;
  filters?: Record<string, string | undefined>;
  filterControls?: Child;
  caption: string;
}) {
  const base = sectionBase(props.body, props.section);
  const state = stateOf(props.result as ListResult<unknown>, props.filters);
  const searching = Boolean(props.result.q) || Object.values(props.filters ?? {}).some(Boolean);
  return (
    <>
      <SearchForm base={base} state={state} label={props.searchLabel}>
        {props.filterControls}
      </SearchForm>
      {props.result.total === 0 ? (
        <p role="status">
          {searching
            ? `Keine Einträge gefunden${props.result.q ? ` für „${props.result.q}“` : ''}. Versuchen Sie einen anderen Suchbegriff.`
            : SECTIONS[props.section].empty}
        </p>
      ) : (
        <>
          <p role="status" class="muted">
            {props.result.total === 1 ? '1 Eintrag' : `${props.result.total} Einträge`}
            {props.result.q ? ` für „${props.result.q}“` : ''}
          </p>
          <SortableTable
            caption={props.caption}
            base={base}
            state={state}
            columns={props.columns}
            rows={props.result.rows}
          />
          <Pages base={base} state={state} result={props.result as ListResult<unknown>} />
        </>
      )}
    </>
  );
}

function listQuery(c: Context<AppEnv>) {
  const s = readListState((n) => c.req.query(n));
  return { q: s.q, sort: s.sort, desc: s.sort === undefined ? undefined : s.desc, page: s.page };
}

const organizationSection: SectionSpec = {
  section: 'organisationen',
  newTitle: 'Neue Organisation',
  specs: async (c, body, id) => organizationSpecs(await choicesOf(c, body), id),
  defaults: () => ({ kind: 'committee' }),
  get: (c, body, id) => getOrganizationOf(c.var.db, body.id, id),
  title: (_c, _body, row) => String(row.name),
  create: (ctx, body, input) => createOrganizationIn(ctx, body.id, input),
  update: (ctx, body, id, version, input) => updateOrganizationIn(ctx, body.id, id, version, input),
  related: async (c, body, row) => {
    const members = await listMemberships(c.var.db, body.id, {
      organizationId: Number(row.id),
      sort: 'role',
      pageSize: 100,
    });
    return (
      <section aria-labelledby="mitglieder">
        <h2 id="mitglieder">Mitglieder</h2>
        {mayEdit(c, body) ? (
          <p>
            <a href={`${sectionBase(body, 'mitgliedschaften')}/neu?organisation=${row.id}`}>Mitglied hinzufügen</a>
          </p>
        ) : null}
        {members.total === 0 ? (
          <p>Dieses Gremium hat noch keine Mitglieder.</p>
        ) : (
          <>
            <MembersTable body={body} rows={members.rows} show="person" caption={`Mitglieder: ${members.total}`} />
            {members.total > members.rows.length ? (
              <p>
                <a href={`${sectionBase(body, 'mitgliedschaften')}?organisation=${row.id}`}>
                  Alle {members.total} Mitgliedschaften
                </a>
              </p>
            ) : null}
          </>
        )}
      </section>
    );
  },
  list: async (c, body) => {
    const kindParam = c.req.query('art');
    const kind = kindParam && kindParam in ORGANIZATION_KINDS ? (kindParam as OrganizationKind) : undefined;
    const result = await listOrganizations(c.var.db, body.id, { ...listQuery(c), kind });
    const base = sectionBase(body, 'organisationen');
    return {
      result,
      content: (
        <ListBody
          c={c}
          body={body}
          section="organisationen"
          result={result}
          searchLabel="Name, Kurzname oder Amtsnummer"
          caption="Gremien und Organisationen"
          filters={{ art: kind }}
          filterControls={
            <>
              <label for="art">Art</label>
              <select id="art" name="art">
                <option value="">alle</option>
                {Object.entries(ORGANIZATION_KINDS).map(([value, label]) => (
                  <option value={value} selected={value === kind}>
                    {label}
                  </option>
                ))}
              </select>
            </>
          }
          columns={[
            { label: 'Name', sort: 'name', cell: (r) => <a href={`${base}/${r.id}`}>{r.name}</a> },
            { label: 'Art', sort: 'kind', cell: (r) => ORGANIZATION_KINDS[r.kind] },
            { label: 'Kurzname', cell: (r) => r.shortName ?? '–' },
            { label: 'Amtsnummer', sort: 'officeNumber', cell: (r) => r.officeNumber ?? '–' },
            { label: 'Gehört zu', cell: (r) => r.parentName ?? '–' },
            { label: 'Aktuelle Mitglieder', cell: (r) => String(r.currentMembers) },
            { label: 'Beginn', sort: 'startDate', cell: (r) => germanDate(r.startDate) },
            { label: 'Ende', cell: (r) => germanDate(r.endDate) },
          ]}
        />
      ),
    };
  },
};

const termSection: SectionSpec = {
  section: 'wahlperioden',
  newTitle: 'Neue Wahlperiode',
  specs: async () => termSpecs,
  get: (c, body, id) => getTermOf(c.var.db, body.id, id),
  title: (_c, _body, row) => String(row.name),
  create: (ctx, body, input) => createTermIn(ctx, body.id, input),
  update: (ctx, body, id, version, input) => updateTermIn(ctx, body.id, id, version, input),
  list: async (c, body) => {
    const result = await listTerms(c.var.db, body.id, listQuery(c));
    const base = sectionBase(body, 'wahlperioden');
    return {
      result,
      content: (
        <ListBody
          c={c}
          body={body}
          section="wahlperioden"
          result={result}
          searchLabel="Name"
          caption="Wahlperioden"
          columns={[
            { label: 'Name', sort: 'name', cell: (r) => <a href={`${base}/${r.id}`}>{r.name}</a> },
            { label: 'Beginn', sort: 'startDate', cell: (r) => germanDate(r.startDate) },
            { label: 'Ende', sort: 'endDate', cell: (r) => germanDate(r.endDate) },
          ]}
        />
      ),
    };
  },
};

const personSection: SectionSpec = {
  section: 'personen',
  newTitle: 'Neue Person',
  specs: async () => personSpecs,
  get: (c, body, id) => getPersonOf(c.var.db, body.id, id),
  title: (_c, _body, row) => personLabel(row as Parameters<typeof personLabel>[0]),
  create: (ctx, body, input) => createPersonIn(ctx, body.id, input),
  update: (ctx, body, id, version, input) => updatePersonIn(ctx, body.id, id, version, input),
  related: async (c, body, row) => {
    const held = await listMemberships(c.var.db, body.id, { personId: Number(row.id), pageSize: 100 });
    return (
      <section aria-labelledby="mandate">
        <h2 id="mandate">Mitgliedschaften</h2>
        {mayEdit(c, body) ? (
          <p>
            <a href={`${sectionBase(body, 'mitgliedschaften')}/neu?person=${row.id}`}>Mitgliedschaft hinzufügen</a>
          </p>
        ) : null}
        {held.total === 0 ? (
          <p>Diese Person hat keine Mitgliedschaften.</p>
        ) : (
          <MembersTable body={body} rows={held.rows} show="organization" caption={`Mitgliedschaften: ${held.total}`} />
        )}
      </section>
    );
  },
  list: async (c, body) => {
    const result = await listPersons(c.var.db, body.id, listQuery(c));
    const base = sectionBase(body, 'personen');
    return {
      result,
      content: (
        <ListBody
          c={c}
          body={body}
          section="personen"
          result={result}
          searchLabel="Name, Amtsbezeichnung oder E-Mail"
          caption="Personen"
          columns={[
            {
              label: 'Nachname, Vorname',
              sort: 'name',
              cell: (r) => (
                <a href={`${base}/${r.id}`}>
                  {r.familyName}
                  {r.givenName ? `, ${r.givenName}` : ''}
                </a>
              ),
            },
            { label: 'Titel', cell: (r) => r.title ?? '–' },
            { label: 'Amtsbezeichnung', cell: (r) => r.officeTitle ?? '–' },
            { label: 'E-Mail', sort: 'email', cell: (r) => r.email ?? '–' },
            { label: 'Aktuelle Mitgliedschaften', cell: (r) => String(r.currentMemberships) },
          ]}
        />
      ),
    };
  },
};

const membershipSection: SectionSpec = {
  section: 'mitgliedschaften',
  newTitle: 'Neue Mitgliedschaft',
  specs: async (c, body) => membershipSpecs(await choicesOf(c, body)),
  defaults: (c) => ({
    role: 'member',
    votingRight: '1',
    organizationId: positiveId(c.req.query('organisation'))?.toString() ?? '',
    personId: positiveId(c.req.query('person'))?.toString() ?? '',
    zurueck: c.req.query('organisation') ? 'organisation' : c.req.query('person') ? 'person' : '',
  }),
  get: (c, body, id) => getMembershipOf(c.var.db, body.id, id),
  title: async (c, body, row) => {
    const [person, organization] = await Promise.all([
      getPersonOf(c.var.db, body.id, Number(row.personId)),
      getOrganizationOf(c.var.db, body.id, Number(row.organizationId)),
    ]);
    return `Mitgliedschaft: ${personLabel(person)}, ${organization.name}`;
  },
  create: (ctx, body, input) => createMembershipIn(ctx, body.id, input),
  update: (ctx, body, id, version, input) => updateMembershipIn(ctx, body.id, id, version, input),
  after: (body, input) => {
    if (input.zurueck === 'organisation' && positiveId(input.organizationId)) {
      return `${sectionBase(body, 'organisationen')}/${input.organizationId}?mitglied=gespeichert#mitglieder`;
    }
    if (input.zurueck === 'person' && positiveId(input.personId)) {
      return `${sectionBase(body, 'personen')}/${input.personId}?mitglied=gespeichert#mandate`;
    }
    return undefined;
  },
  list: async (c, body) => {
    const organizationId = positiveId(c.req.query('organisation'));
    const [result, organizations] = await Promise.all([
      listMemberships(c.var.db, body.id, { ...listQuery(c), organizationId }),
      organizationChoices(c.var.db, body.id),
    ]);
    return {
      result,
      content: (
        <ListBody
          c={c}
          body={body}
          section="mitgliedschaften"
          result={result}
          searchLabel="Person, Gremium oder Fraktion"
          caption="Mitgliedschaften"
          filters={{ organisation: organizationId?.toString() }}
          filterControls={
            <>
              <label for="organisation">Gremium</label>
              <select id="organisation" name="organisation">
                <option value="">alle</option>
                {organizations.map((o) => (
                  <option value={String(o.id)} selected={o.id === organizationId}>
                    {o.name}
                  </option>
                ))}
              </select>
            </>
          }
          columns={[
            {
              label: 'Person',
              sort: 'person',
              cell: (r) => <a href={`${sectionBase(body, 'mitgliedschaften')}/${r.id}`}>{r.personName}</a>,
            },
            { label: 'Gremium', sort: 'organization', cell: (r) => r.organizationName },
            {
              label: 'Rolle',
              sort: 'role',
              cell: (r) => `${MEMBERSHIP_ROLES[r.role]}${r.roleLabel ? ` (${r.roleLabel})` : ''}`,
            },
            { label: 'Für Fraktion', cell: (r) => r.onBehalfOfName ?? '–' },
            { label: 'Vertritt', cell: (r) => r.deputyOfName ?? '–' },
            { label: 'Stimmrecht', cell: (r) => (r.votingRight ? 'ja' : 'nein') },
            { label: 'Von', sort: 'startDate', cell: (r) => germanDate(r.startDate) },
            { label: 'Bis', sort: 'endDate', cell: (r) => germanDate(r.endDate) },
          ]}
        />
      ),
    };
  },
};

const locationSection: SectionSpec = {
  section: 'orte',
  newTitle: 'Neuer Sitzungsort',
  specs: async () => locationSpecs,
  get: (c, body, id) => getLocationOf(c.var.db, body.id, id),
  title: (_c, _body, row) => String(row.name),
  create: (ctx, body, input) => createLocationIn(ctx, body.id, input),
  update: (ctx, body, id, version, input) => updateLocationIn(ctx, body.id, id, version, input),
  related: async (c, body, row) => roomsSection(c, body, Number(row.id)),
  list: async (c, body) => {
    const result = await listLocations(c.var.db, body.id, listQuery(c));
    const base = sectionBase(body, 'orte');
    return {
      result,
      content: (
        <ListBody
          c={c}
          body={body}
          section="orte"
          result={result}
          searchLabel="Name oder Anschrift"
          caption="Sitzungsorte"
          columns={[
            { label: 'Name', sort: 'name', cell: (r) => <a href={`${base}/${r.id}`}>{r.name}</a> },
            { label: 'Straße', sort: 'streetAddress', cell: (r) => r.streetAddress ?? '–' },
            {
              label: 'Ort',
              sort: 'locality',
              cell: (r) => [r.postalCode, r.locality].filter(Boolean).join(' ') || '–',
            },
            { label: 'Räume', cell: (r) => String(r.rooms) },
          ]}
        />
      ),
    };
  },
};

async function roomsSection(c: Context<AppEnv>, body: BodyRef, locationId: number, state?: FormState) {
  const list = await roomsOf(c.var.db, locationId);
  const base = `${sectionBase(body, 'orte')}/${locationId}/raeume`;
  return (
    <section aria-labelledby="raeume">
      <h2 id="raeume">Räume</h2>
      {list.length === 0 ? (
        <p>Für diesen Ort sind noch keine Räume angelegt.</p>
      ) : (
        <table>
          <caption class="muted">Räume: {list.length}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Beschreibung</th>
            </tr>
          </thead>
          <tbody>
            {list.map((r) => (
              <tr>
                <td>
                  <a href={`${base}/${r.id}`}>{r.name}</a>
                </td>
                <td>{r.description ?? '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {mayEdit(c, body) && c.var.session ? (
        <>
          <h3>Raum anlegen</h3>
          <EditForm
            action={base}
            specs={roomSpecs}
            state={state ?? { values: {} }}
            csrf={c.var.session.csrfToken}
            submit="Raum anlegen"
          />
        </>
      ) : null}
    </section>
  );
}

const SECTION_SPECS: SectionSpec[] = [
  organizationSection,
  termSection,
  personSection,
  membershipSection,
  locationSection,
];

// ---------------------------------------------------------------------------------------------------
// Routes

route('GET', MASTERDATA_PATH, 'masterdata.read', async (c) => {
  const session = c.var.session;
  if (!session) return c.redirect(LOGIN_PATH, 303);
  const readable = (await allBodies(c.var.db)).filter((b) => can(session.actor, 'masterdata.read', { bodyId: b.id }));
  return c.html(
    <OfficeLayout title="Stammdaten" session={session}>
      <h1>Stammdaten</h1>
      {readable.length === 0 ? (
        <p>Sie haben in keiner Körperschaft eine Rolle.</p>
      ) : (
        readable.map((b) => (
          <section aria-labelledby={`k-${b.id}`}>
            <h2 id={`k-${b.id}`}>{b.name}</h2>
            <ul>
              {(Object.keys(SECTIONS) as Section[]).map((s) => (
                <li>
                  <a href={sectionBase(b, s)}>{SECTIONS[s].title}</a>
                </li>
              ))}
            </ul>
          </section>
        ))
      )}
    </OfficeLayout>,
  );
});

async function bodyOf(c: Context<AppEnv>): Promise<BodyRef | undefined> {
  return bodyBySlug(c.var.db, c.req.param('body') ?? '');
}

const NO_BODY = 'Diese Körperschaft gibt es nicht.';

for (const spec of SECTION_SPECS) {
  const path = `${MASTERDATA_PATH}/:body/${spec.section}`;
  const meta = SECTIONS[spec.section];

  route(
    'GET',
    path,
    'masterdata.read',
    async (c) => {
      const body = await bodyOf(c);
      if (!body) return notFoundPage(c, NO_BODY);
      const { content } = await spec.list(c, body);
      return c.html(
        <Frame c={c} body={body} section={spec.section} title={meta.title}>
          <h1>{meta.title}</h1>
          <Notice c={c} />
          {mayEdit(c, body) ? (
            <p>
              <a href={`${sectionBase(body, spec.section)}/neu`}>{meta.create}</a>
            </p>
          ) : null}
          {content}
        </Frame>,
      );
    },
    bodyTarget,
  );

  const newPage = async (c: Context<AppEnv>, body: BodyRef, state: FormState) => {
    const session = c.var.session;
    if (!session) return c.redirect(LOGIN_PATH, 303);
    return c.html(
      <Frame c={c} body={body} section={spec.section} title={spec.newTitle} current={false}>
        <h1>{spec.newTitle}</h1>
        <EditForm
          action={sectionBase(body, spec.section)}
          specs={await spec.specs(c, body)}
          state={state}
          csrf={session.csrfToken}
          submit={meta.create}
          hidden={state.values.zurueck ? { zurueck: state.values.zurueck } : {}}
        />
        <p>
          <a href={sectionBase(body, spec.section)}>Abbrechen und zurück zur Liste</a>
        </p>
      </Frame>,
      state.status ?? 200,
    );
  };

  route(
    'GET',
    `${path}/neu`,
    'masterdata.edit',
    async (c) => {
      const body = await bodyOf(c);
      if (!body) return notFoundPage(c, NO_BODY);
      return newPage(c, body, { values: spec.defaults?.(c) ?? {} });
    },
    bodyTarget,
  );

  route(
    'POST',
    path,
    'masterdata.edit',
    async (c) => {
      const body = await bodyOf(c);
      if (!body) return notFoundPage(c, NO_BODY);
      const input = await formValues(c);
      try {
        const created = await spec.create(ctxOf(c), body, input);
        const to =
          spec.after?.(body, input, created.id, true) ?? `${sectionBase(body, spec.section)}/${created.id}?angelegt`;
        return c.redirect(to, 303);
      } catch (error) {
        const state = await refusedSave(error, input, await spec.specs(c, body), async () => ({ version: '' }));
        if (!state) throw error;
        return newPage(c, body, { ...state, version: undefined });
      }
    },
    bodyTarget,
  );

  const detailPage = async (c: Context<AppEnv>, body: BodyRef, id: number, state?: FormState) => {
    const session = c.var.session;
    if (!session) return c.redirect(LOGIN_PATH, 303);
    let row: Record<string, unknown> & { version: string };
    try {
      row = await spec.get(c, body, id);
    } catch (error) {
      if (isDomainError(error) && error.id.endsWith('.not_found')) return notFoundPage(c, error.message);
      throw error;
    }
    const title = await spec.title(c, body, row);
    const specs = await spec.specs(c, body, id);
    const editable = mayEdit(c, body);
    return c.html(
      <Frame c={c} body={body} section={spec.section} title={title} current={false}>
        <h1>{title}</h1>
        <Notice c={c} />
        {editable ? (
          <EditForm
            action={`${sectionBase(body, spec.section)}/${id}`}
            specs={specs}
            state={state ?? { values: valuesOf(row), version: row.version }}
            csrf={session.csrfToken}
            submit="Änderungen speichern"
          />
        ) : (
          <ReadOnlyFields specs={specs} values={valuesOf(row)} />
        )}
        {spec.related ? await spec.related(c, body, row) : null}
        {can(session.actor, 'audit.read', { bodyId: body.id }) ? (
          <p>
            <a
              href={`/verwaltung/verlauf/${({ organisationen: 'organization', wahlperioden: 'term', personen: 'person', mitgliedschaften: 'membership', orte: 'location' } as Record<string, string>)[spec.section]}/${id}`}
            >
              Verlauf (Änderungsprotokoll)
            </a>
          </p>
        ) : null}
        <p>
          <a href={sectionBase(body, spec.section)}>Zurück zur Liste: {meta.title}</a>
        </p>
      </Frame>,
      state?.status ?? 200,
    );
  };

  route(
    'GET',
    `${path}/:id`,
    'masterdata.read',
    async (c) => {
      const body = await bodyOf(c);
      if (!body) return notFoundPage(c, NO_BODY);
      const id = positiveId(c.req.param('id'));
      if (id === undefined) return notFoundPage(c, 'Diesen Eintrag gibt es nicht.');
      return detailPage(c, body, id);
    },
    bodyTarget,
  );

  route(
    'POST',
    `${path}/:id`,
    'masterdata.edit',
    async (c) => {
      const body = await bodyOf(c);
      if (!body) return notFoundPage(c, NO_BODY);
      const id = positiveId(c.req.param('id'));
      if (id === undefined) return notFoundPage(c, 'Diesen Eintrag gibt es nicht.');
      const input = await formValues(c);
      try {
        await spec.update(ctxOf(c), body, id, input.version ?? '', input);
        const to = spec.after?.(body, input, id, false) ?? `${sectionBase(body, spec.section)}/${id}?gespeichert`;
        return c.redirect(to, 303);
      } catch (error) {
        if (isDomainError(error) && error.id.endsWith('.not_found')) return notFoundPage(c, error.message);
        const state = await refusedSave(error, input, await spec.specs(c, body, id), () => spec.get(c, body, id));
        if (!state) throw error;
        return detailPage(c, body, id, state);
      }
    },
    bodyTarget,
  );
}

// Rooms: created on their location's page, edited on their own.

const roomsPath = `${MASTERDATA_PATH}/:body/orte/:id/raeume`;

route(
  'POST',
  roomsPath,
  'masterdata.edit',
  async (c) => {
    const body = await bodyOf(c);
    if (!body) return notFoundPage(c, NO_BODY);
    const locationId = positiveId(c.req.param('id'));
    if (locationId === undefined) return notFoundPage(c, 'Diesen Sitzungsort gibt es nicht.');
    const input = await formValues(c);
    try {
      await createRoomIn(ctxOf(c), body.id, locationId, input);
      return c.redirect(`${sectionBase(body, 'orte')}/${locationId}?raum=angelegt#raeume`, 303);
    } catch (error) {
      if (isDomainError(error) && error.id.endsWith('.not_found')) return notFoundPage(c, error.message);
      const state = await refusedSave(error, input, roomSpecs, async () => ({ version: '' }));
      if (!state) throw error;
      const session = c.var.session;
      if (!session) return c.redirect(LOGIN_PATH, 303);
      const location = await getLocationOf(c.var.db, body.id, locationId);
      return c.html(
        <Frame c={c} body={body} section="orte" title={location.name} current={false}>
          <h1>{location.name}</h1>
          <ReadOnlyFields specs={locationSpecs} values={valuesOf(location)} />
          {await roomsSection(c, body, locationId, { ...state, version: undefined })}
          <p>
            <a href={`${sectionBase(body, 'orte')}/${locationId}`}>Zurück zum Sitzungsort</a>
          </p>
        </Frame>,
        state.status ?? 422,
      );
    }
  },
  bodyTarget,
);

async function roomPage(c: Context<AppEnv>, body: BodyRef, locationId: number, roomId: number, state?: FormState) {
  const session = c.var.session;
  if (!session) return c.redirect(LOGIN_PATH, 303);
  let location: Awaited<ReturnType<typeof getLocationOf>>;
  let room: Awaited<ReturnType<typeof getRoomOf>>;
  try {
    location = await getLocationOf(c.var.db, body.id, locationId);
    room = await getRoomOf(c.var.db, body.id, locationId, roomId);
  } catch (error) {
    if (isDomainError(error) && error.id.endsWith('.not_found')) return notFoundPage(c, error.message);
    throw error;
  }
  const title = `${room.name} (${location.name})`;
  return c.html(
    <Frame c={c} body={body} section="orte" title={title} current={false}>
      <h1>{title}</h1>
      <Notice c={c} />
      {mayEdit(c, body) ? (
        <EditForm
          action={`${sectionBase(body, 'orte')}/${locationId}/raeume/${roomId}`}
          specs={roomSpecs}
          state={state ?? { values: valuesOf(room), version: room.version }}
          csrf={session.csrfToken}
          submit="Änderungen speichern"
        />
      ) : (
        <ReadOnlyFields specs={roomSpecs} values={valuesOf(room)} />
      )}
      <p>
        <a href={`${sectionBase(body, 'orte')}/${locationId}`}>Zurück zu {location.name}</a>
      </p>
    </Frame>,
    state?.status ?? 200,
  );
}

route(
  'GET',
  `${roomsPath}/:room`,
  'masterdata.read',
  async (c) => {
    const body = await bodyOf(c);
    if (!body) return notFoundPage(c, NO_BODY);
    const locationId = positiveId(c.req.param('id'));
    const roomId = positiveId(c.req.param('room'));
    if (locationId === undefined || roomId === undefined) return notFoundPage(c, 'Diesen Raum gibt es nicht.');
    return roomPage(c, body, locationId, roomId);
  },
  bodyTarget,
);

route(
  'POST',
  `${roomsPath}/:room`,
  'masterdata.edit',
  async (c) => {
    const body = await bodyOf(c);
    if (!body) return notFoundPage(c, NO_BODY);
    const locationId = positiveId(c.req.param('id'));
    const roomId = positiveId(c.req.param('room'));
    if (locationId === undefined || roomId === undefined) return notFoundPage(c, 'Diesen Raum gibt es nicht.');
    const input = await formValues(c);
    try {
      await updateRoomIn(ctxOf(c), body.id, locationId, roomId, input.version ?? '', input);
      return c.redirect(`${sectionBase(body, 'orte')}/${locationId}/raeume/${roomId}?gespeichert`, 303);
    } catch (error) {
      if (isDomainError(error) && error.id.endsWith('.not_found')) return notFoundPage(c, error.message);
      const state = await refusedSave(error, input, roomSpecs, () => getRoomOf(c.var.db, body.id, locationId, roomId));
      if (!state) throw error;
      return roomPage(c, body, locationId, roomId, state);
    }
  },
  bodyTarget,
);
