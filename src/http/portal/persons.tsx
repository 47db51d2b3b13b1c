/**
 * Public person pages (Personen): the list of a body's public persons and the person page with their
 * memberships (Mandate und Funktionen) in councils, committees and factions. Who is public, and that
 * no contact data is read, is decided in the repository (`src/db/repositories/persons.ts`).
 */
import { Hono } from 'hono';
import {
  listPublicPersons,
  loadPublicPerson,
  type MembershipRole,
  type PublicMembership,
} from '../../db/repositories/persons.ts';
import { DomainError } from '../../domain/errors.ts';
import { formatIsoDate, fullName, TIME_ZONE } from '../../domain/format.ts';
import type { AppEnv } from '../env.ts';
import { Layout } from './layout.tsx';

const PAGE_SIZE = 50;

export function personsPath(bodySlug: string) {
  return `/${bodySlug}/personen`;
}

export function personPath(bodySlug: string, id: number) {
  return `/${bodySlug}/personen/${id}`;
}

export function organizationPath(bodySlug: string, id: number) {
  return `/${bodySlug}/gremien/${id}`;
}

export function factionPath(bodySlug: string, id: number) {
  return `/${bodySlug}/fraktionen/${id}`;
}

/** The page of a council or committee (`gremien`) or of a faction (`fraktionen`). */
function membershipOrganizationPath(bodySlug: string, organization: { id: number; kind: string }) {
  return organization.kind === 'faction'
    ? factionPath(bodySlug, organization.id)
    : organizationPath(bodySlug, organization.id);
}

const SORTS = { name: 'asc', 'name-absteigend': 'desc' } as const;
type Sort = keyof typeof SORTS;

export const MEMBERSHIP_ROLE_LABELS: Record<MembershipRole, string> = {
  chair: 'Vorsitz',
  vice_chair: 'stellv. Vorsitz',
  member: 'Mitglied',
  deputy_member: 'stellv. Mitglied',
  advisory_member: 'beratendes Mitglied',
  secretary: 'Schriftführung',
  deputy_secretary: 'stellv. Schriftführung',
};

/** "stellv. Mitglied (für Burghaus)", "Landrat (Vorsitz)". */
export function membershipRoleText(m: PublicMembership): string {
  let role = MEMBERSHIP_ROLE_LABELS[m.role];
  if (m.deputyOf) role = `${role} (für ${fullName(m.deputyOf)})`;
  return m.roleLabel ? `${m.roleLabel} (${role})` : role;
}

function appointedCitizenText(formOfAddress: string | null): string {
  if (formOfAddress === 'Herr') return 'sachkundiger Bürger';
  if (formOfAddress === 'Frau') return 'sachkundige Bürgerin';
  return 'sachkundige/r Bürger/in';
}

/** "seit 01.11.2020", "01.11.2020 – 31.10.2025", "bis 31.10.2025"; empty when unknown. */
export function periodText(m: { startDate: string | null; endDate: string | null }): string {
  if (m.startDate && m.endDate) return `${formatIsoDate(m.startDate)} – ${formatIsoDate(m.endDate)}`;
  if (m.startDate) return `seit ${formatIsoDate(m.startDate)}`;
  if (m.endDate) return `bis ${formatIsoDate(m.endDate)}`;
  return '';
}

/** Today's calendar date in the councils' time zone, "2021-02-18". */
function todayIso(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(now)
    .slice(0, 10);
}

const KIND_ORDER = { council: 0, committee: 1, faction: 2, office: 3, external: 4 } as const;
const collator = new Intl.Collator('de');

function sortMemberships(list: PublicMembership[]): PublicMembership[] {
  return [...list].sort(
    (a, b) =>
      KIND_ORDER[a.organization.kind] - KIND_ORDER[b.organization.kind] ||
      collator.compare(a.organization.name, b.organization.name) ||
      (b.startDate ?? '').localeCompare(a.startDate ?? '') ||
      a.id - b.id,
  );
}

function positiveInt(value: string | undefined, fallback: number): number | undefined {
  if (value === undefined || value === '') return fallback;
  return /^\d{1,9}$/.test(value) && Number(value) > 0 ? Number(value) : undefined;
}

const notFound = () => new DomainError('person.not_found', 'Diese Person gibt es nicht.');

export const personsPortal = new Hono<AppEnv>();

personsPortal.get('/:body/personen', async (c) => {
  const page = positiveInt(c.req.query('seite'), 1);
  if (page === undefined)
    throw new DomainError('validation.invalid_input', 'Die Seitenzahl muss eine positive ganze Zahl sein.');
  const sortParam = c.req.query('sortierung') || 'name';
  if (!Object.hasOwn(SORTS, sortParam)) {
    throw new DomainError('validation.invalid_input', 'Die Sortierung muss „name“ oder „name-absteigend“ sein.');
  }
  const sort = sortParam as Sort;
  const list = await listPublicPersons(c.var.db, {
    bodySlug: c.req.param('body'),
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
    order: SORTS[sort],
  });
  if (!list) throw new DomainError('body.not_found', 'Diese Körperschaft gibt es nicht.');
  const { body, total, entries } = list;
  const base = personsPath(body.slug);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const pageHref = (n: number) => {
    const query = new URLSearchParams();
    if (sort !== 'name') query.set('sortierung', sort);
    if (n > 1) query.set('seite', String(n));
    const text = query.toString();
    return text ? `${base}?${text}` : base;
  };
  return c.html(
    <Layout title={`Personen – ${body.name}`}>
      <nav aria-label="Brotkrumen">
        <a href="/">Startseite</a> › <a href={`/${body.slug}`}>{body.name}</a> › Personen
      </nav>
      <h1>Personen</h1>
      <p>{body.name}: Mitglieder der Vertretung, der Ausschüsse und der Fraktionen</p>
      {total === 0 ? (
        <p>Es sind keine Personen verzeichnet.</p>
      ) : entries.length === 0 ? (
        <p>
          Auf Seite {page} gibt es keine Personen mehr (
          {pages === 1 ? 'es gibt nur eine Seite' : `es gibt ${pages} Seiten`}
          ). <a href={pageHref(1)}>Zur ersten Seite</a>
        </p>
      ) : (
        <>
          <form method="get" action={base} class="filters">
            <label for="p-sortierung">Reihenfolge</label>{' '}
            <select id="p-sortierung" name="sortierung">
              <option value="name" selected={sort === 'name'}>
                Nachname A–Z
              </option>
              <option value="name-absteigend" selected={sort === 'name-absteigend'}>
                Nachname Z–A
              </option>
            </select>{' '}
            <button type="submit">Sortieren</button>
          </form>
          <p class="muted">
            {total === 1 ? '1 Person' : `${total} Personen`}, alphabetisch nach Nachname
            {sort === 'name-absteigend' ? ' (Z–A)' : ''}
            {pages > 1 ? ` – Seite ${page} von ${pages}` : ''}
          </p>
          <ul class="persons">
            {entries.map((p) => (
              <li>
                <a href={personPath(body.slug, p.id)}>{fullName(p)}</a>
              </li>
            ))}
          </ul>
          {pages > 1 ? (
            <nav class="pages" aria-label="Seiten">
              {page > 1 ? <a href={pageHref(page - 1)}>← Vorherige Seite</a> : null}
              {page < pages ? <a href={pageHref(page + 1)}>Nächste Seite →</a> : null}
            </nav>
          ) : null}
        </>
      )}
    </Layout>,
  );
});

function MembershipTable(props: {
  caption: string;
  memberships: PublicMembership[];
  bodySlug: string;
  formOfAddress: string | null;
}) {
  return (
    <table>
      <caption class="skip">{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">Gremium</th>
          <th scope="col">Funktion</th>
          <th scope="col">Fraktion</th>
          <th scope="col">Zeitraum</th>
        </tr>
      </thead>
      <tbody>
        {props.memberships.map((m) => (
          <tr>
            <td>
              <a href={membershipOrganizationPath(props.bodySlug, m.organization)}>{m.organization.name}</a>
            </td>
            <td>
              {membershipRoleText(m)}
              {m.appointedCitizen ? `, ${appointedCitizenText(props.formOfAddress)}` : ''}
            </td>
            <td>{m.faction ? <a href={factionPath(props.bodySlug, m.faction.id)}>{m.faction.name}</a> : '–'}</td>
            <td>{periodText(m) || '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

personsPortal.get('/:body/personen/:id', async (c) => {
  const id = positiveInt(c.req.param('id'), 0);
  const person = id ? await loadPublicPerson(c.var.db, c.req.param('body'), id) : undefined;
  if (!person) throw notFound();
  const name = fullName(person);
  const today = todayIso();
  const current = sortMemberships(person.memberships.filter((m) => m.endDate == null || m.endDate >= today));
  const past = sortMemberships(person.memberships.filter((m) => m.endDate != null && m.endDate < today));
  return c.html(
    <Layout title={`${name} – ${person.body.name}`}>
      <nav aria-label="Brotkrumen">
        <a href="/">Startseite</a> › <a href={`/${person.body.slug}`}>{person.body.name}</a> ›{' '}
        <a href={personsPath(person.body.slug)}>Personen</a> › {name}
      </nav>
      <h1>{name}</h1>
      <p>{person.body.name}</p>
      <section aria-labelledby="mandate">
        <h2 id="mandate">Mandate und Funktionen</h2>
        {current.length > 0 ? (
          <>
            <h3>Aktuell</h3>
            <MembershipTable
              caption={`Aktuelle Mandate und Funktionen von ${name}`}
              memberships={current}
              bodySlug={person.body.slug}
              formOfAddress={person.formOfAddress}
            />
          </>
        ) : (
          <p>Derzeit keine Mandate oder Funktionen.</p>
        )}
        {past.length > 0 ? (
          <>
            <h3>Früher</h3>
            <MembershipTable
              caption={`Frühere Mandate und Funktionen von ${name}`}
              memberships={past}
              bodySlug={person.body.slug}
              formOfAddress={person.formOfAddress}
            />
          </>
        ) : null}
      </section>
    </Layout>,
  );
});
