/**
 * Reads persons for the public portal.
 *
 * Who is public: a person who holds or held a membership in a council, committee or faction of the
 * body. Staff known only from administrative offices and guests known only from external organisations
 * (e.g. the KRZN) are not public figures and do not exist for a public reader. Secretaries
 * (Schriftführung) of a committee are listed: their committee function is named in every public
 * minutes anyway; only that function is shown, never their office or their contact data.
 *
 * Contact data (email, phone, fax) is never selected here.
 */
import { type AnyColumn, and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../open.ts';
import { bodies, legislativeTerms, memberships, organizations, persons } from '../schema.ts';
import { membershipEnd, membershipStart } from './memberships.ts';
import { PUBLIC_ORGANIZATION_KINDS, personPublic } from './visibility.ts';

export type MembershipRole = (typeof memberships.$inferSelect)['role'];
type OrganizationKind = (typeof organizations.$inferSelect)['kind'];

export interface PublicPersonEntry {
  id: number;
  title: string | null;
  givenName: string | null;
  familyName: string;
}

export interface PersonList {
  body: { id: number; slug: string; name: string };
  total: number;
  entries: PublicPersonEntry[];
}

export interface PublicMembership {
  id: number;
  organization: { id: number; name: string; kind: OrganizationKind };
  role: MembershipRole;
  roleLabel: string | null;
  votingRight: boolean;
  appointedCitizen: boolean;
  faction: { id: number; name: string } | null;
  deputyOf: { id: number; title: string | null; givenName: string | null; familyName: string } | null;
  /** ISO dates; the membership's own, else its legislative term's. */
  startDate: string | null;
  endDate: string | null;
}

export interface PublicPerson extends PublicPersonEntry {
  body: { id: number; slug: string; name: string };
  formOfAddress: string | null;
  memberships: PublicMembership[];
}

const collator = new Intl.Collator('de', { sensitivity: 'variant' });

/** German order: family name, then given name, then id (stable). */
export function comparePersons(a: PublicPersonEntry, b: PublicPersonEntry): number {
  return (
    collator.compare(a.familyName, b.familyName) ||
    collator.compare(a.givenName ?? '', b.givenName ?? '') ||
    a.id - b.id
  );
}

/**
 * Letters folded to their base letter for German alphabetical order (DIN 5007-1: "Ä" as "A"), both cases
 * listed because `lower()` leaves non-ASCII letters alone in a database with the "C" locale.
 */
const FOLD: Record<string, string> = {
  a: 'ÄÀÁÂÃÅĀĂĄäàáâãåāăą',
  c: 'ÇĆČçćč',
  d: 'ĎĐďđ',
  e: 'ÈÉÊËĒĖĘĚèéêëēėęě',
  g: 'ĞğĢģ',
  i: 'ÌÍÎÏĪİìíîïīı',
  l: 'ŁĹĽłĺľ',
  n: 'ÑŃŇñńň',
  o: 'ÖÒÓÔÕØŌŐöòóôõøōő',
  r: 'ŘŔřŕ',
  s: 'ŚŠŞȘśšşș',
  t: 'ŤŢȚťţț',
  u: 'ÜÙÚÛŪŮŰüùúûūůű',
  y: 'ÝŸýÿ',
  z: 'ŹŻŽźżž',
};
/** Combining diacritical marks (decomposed input, "u" + U+0308): dropped, as they have no counterpart. */
const COMBINING = Array.from({ length: 0x70 }, (_, i) => String.fromCodePoint(0x300 + i)).join('');
const FOLD_FROM = Object.values(FOLD).join('') + COMBINING;
const FOLD_TO = Object.entries(FOLD)
  .map(([base, letters]) => base.repeat([...letters].length))
  .join('');

/**
 * A sort key for German alphabetical order that PGlite (no ICU collations) and PostgreSQL 15 compute alike:
 * lower case, umlauts and accents as their base letter, "ß" as "ss", "æ"/"œ" as "ae"/"oe". Order by it,
 * then by the raw value `collate "C"` to break ties deterministically (e.g. "Muller" before "Müller").
 */
export function germanSortKey(value: SQL | AnyColumn): SQL<string> {
  return sql<string>`replace(replace(replace(replace(replace(replace(translate(lower(${value}), ${FOLD_FROM}, ${FOLD_TO}),
    'ß', 'ss'), 'ẞ', 'ss'), 'æ', 'ae'), 'Æ', 'ae'), 'œ', 'oe'), 'Œ', 'oe')`;
}

/** ORDER BY terms for persons in German order: family name, given name, then stable tie-breakers. */
export function personOrder(direction: 'asc' | 'desc' = 'asc'): SQL[] {
  const dir = sql.raw(direction);
  return [
    sql`${germanSortKey(persons.familyName)} ${dir}`,
    sql`${germanSortKey(sql`coalesce(${persons.givenName}, '')`)} ${dir}`,
    sql`${persons.familyName} collate "C" ${dir}`,
    sql`coalesce(${persons.givenName}, '') collate "C" ${dir}`,
    sql`${persons.id} ${dir}`,
  ];
}

/**
 * personOrder for the persons table under an alias in hand-written SQL (`bp` in `… join persons bp`), as
 * one ORDER BY list. `alias` is a constant of the caller, never user input.
 */
export function personOrderOf(alias: string): SQL {
  const t = sql.raw(alias);
  return sql.join(
    [
      germanSortKey(sql`${t}.family_name`),
      germanSortKey(sql`coalesce(${t}.given_name, '')`),
      sql`${t}.family_name collate "C"`,
      sql`coalesce(${t}.given_name, '') collate "C"`,
      sql`${t}.id`,
    ],
    sql`, `,
  );
}

async function bodyBySlug(db: Executor, slug: string) {
  const [body] = await db
    .select({ id: bodies.id, slug: bodies.slug, name: bodies.name })
    .from(bodies)
    .where(eq(bodies.slug, slug));
  return body;
}

/**
 * The public persons of a body, in German alphabetical order (family name, then given name; `order`
 * 'desc' for Z–A), one page of them, sorted and paginated in the database. Undefined when the body does
 * not exist.
 */
export async function listPublicPersons(
  db: Executor,
  opts: { bodySlug: string; limit: number; offset: number; order?: 'asc' | 'desc' },
): Promise<PersonList | undefined> {
  const body = await bodyBySlug(db, opts.bodySlug);
  if (!body) return undefined;
  const where = and(eq(persons.bodyId, body.id), personPublic(sql`${persons.id}`));
  const [totalRow] = await db.select({ n: sql<number>`cast(count(*) as integer)` }).from(persons).where(where);
  const total = Number(totalRow?.n ?? 0);
  const entries =
    total > opts.offset
      ? await db
          .select({
            id: persons.id,
            title: persons.title,
            givenName: persons.givenName,
            familyName: persons.familyName,
          })
          .from(persons)
          .where(where)
          .orderBy(...personOrder(opts.order))
          .limit(opts.limit)
          .offset(opts.offset)
      : [];
  return { body, total, entries };
}

/**
 * A public person of a body with their memberships in councils, committees and factions; undefined
 * when the body or person does not exist, the person belongs to another body, or is not public.
 */
export async function loadPublicPerson(
  db: Executor,
  bodySlug: string,
  personId: number,
): Promise<PublicPerson | undefined> {
  const body = await bodyBySlug(db, bodySlug);
  if (!body) return undefined;
  const [person] = await db
    .select({
      id: persons.id,
      formOfAddress: persons.formOfAddress,
      title: persons.title,
      givenName: persons.givenName,
      familyName: persons.familyName,
    })
    .from(persons)
    .where(and(eq(persons.id, personId), eq(persons.bodyId, body.id)));
  if (!person) return undefined;

  const faction = alias(organizations, 'faction');
  const deputyOf = alias(persons, 'deputy_of');
  const rows = await db
    .select({
      id: memberships.id,
      orgId: organizations.id,
      orgName: organizations.name,
      orgKind: organizations.kind,
      role: memberships.role,
      roleLabel: memberships.roleLabel,
      votingRight: memberships.votingRight,
      appointedCitizen: memberships.appointedCitizen,
      factionId: faction.id,
      factionName: faction.name,
      deputyId: deputyOf.id,
      deputyTitle: deputyOf.title,
      deputyGivenName: deputyOf.givenName,
      deputyFamilyName: deputyOf.familyName,
      startDate: membershipStart,
      endDate: membershipEnd,
    })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .leftJoin(legislativeTerms, eq(legislativeTerms.id, memberships.termId))
    .leftJoin(faction, and(eq(faction.id, memberships.onBehalfOfId), eq(faction.bodyId, body.id)))
    .leftJoin(deputyOf, and(eq(deputyOf.id, memberships.deputyOfPersonId), eq(deputyOf.bodyId, body.id)))
    .where(
      and(
        eq(memberships.personId, person.id),
        eq(organizations.bodyId, body.id),
        inArray(organizations.kind, [...PUBLIC_ORGANIZATION_KINDS]),
      ),
    )
    .orderBy(asc(memberships.id));
  if (rows.length === 0) return undefined;

  return {
    ...person,
    body,
    memberships: rows.map((r) => ({
      id: r.id,
      organization: { id: r.orgId, name: r.orgName, kind: r.orgKind },
      role: r.role,
      roleLabel: r.roleLabel,
      votingRight: r.votingRight,
      appointedCitizen: r.appointedCitizen,
      faction: r.factionId != null && r.factionName != null ? { id: r.factionId, name: r.factionName } : null,
      deputyOf:
        r.deputyId != null && r.deputyFamilyName != null
          ? { id: r.deputyId, title: r.deputyTitle, givenName: r.deputyGivenName, familyName: r.deputyFamilyName }
          : null,
      startDate: normalizeDate(r.startDate),
      endDate: normalizeDate(r.endDate),
    })),
  };
}

/** Raw SQL date results arrive as strings on both drivers; be safe against Date objects. */
function normalizeDate(value: unknown): string | null {
  if (value == null) return null;
  if (value instanceof Date) {
    // node-postgres parses a bare date as local midnight.
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
  }
  return String(value).slice(0, 10);
}
