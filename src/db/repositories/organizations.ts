/**
 * Reads of organisations for the public body pages: a body's council and committees, the memberships of
 * one of them (with their effective periods). Its meetings come from calendar.ts.
 *
 * A membership's period is its own start/end date where set, else that of its legislative term: the demo
 * memberships carry only the term (2020-11-01 … 2025-10-31).
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../open.ts';
import { bodies, legislativeTerms, memberships, organizations, persons } from '../schema.ts';
import { membershipEnd, membershipStart } from './memberships.ts';
import { personOrder } from './persons.ts';

export type MembershipRole = (typeof memberships.$inferSelect)['role'];

export interface BodyRef {
  id: number;
  slug: string;
  name: string;
}

export interface GremiumRef {
  id: number;
  kind: 'council' | 'committee';
  name: string;
  shortName: string | null;
}

export interface MemberEntry {
  personId: number;
  formOfAddress: string | null;
  title: string | null;
  givenName: string | null;
  familyName: string;
  role: MembershipRole;
  roleLabel: string | null;
  votingRight: boolean;
  appointedCitizen: boolean;
  faction: { id: number; name: string; shortName: string | null } | null;
  /** Effective period (ISO dates): the membership's own dates, else its term's; null = open. */
  startDate: string | null;
  endDate: string | null;
}

const GREMIUM_KINDS = ['council', 'committee'] as const;

export async function findBodyBySlug(db: Executor, slug: string): Promise<BodyRef | undefined> {
  const [row] = await db
    .select({ id: bodies.id, slug: bodies.slug, name: bodies.name })
    .from(bodies)
    .where(eq(bodies.slug, slug));
  return row;
}

/** The council(s) first, then the committees alphabetically (German collation). */
export async function listGremien(db: Executor, bodyId: number): Promise<GremiumRef[]> {
  const rows = await db
    .select({
      id: organizations.id,
      kind: organizations.kind,
      name: organizations.name,
      shortName: organizations.shortName,
    })
    .from(organizations)
    .where(and(eq(organizations.bodyId, bodyId), inArray(organizations.kind, [...GREMIUM_KINDS])))
    .orderBy(asc(organizations.id));
  const collator = new Intl.Collator('de');
  return (rows as GremiumRef[]).sort(
    (a, b) => (a.kind === b.kind ? 0 : a.kind === 'council' ? -1 : 1) || collator.compare(a.name, b.name),
  );
}

/** A council or committee of the body; undefined for other kinds, bodies or ids. */
export async function findGremium(
  db: Executor,
  bodyId: number,
  organizationId: number,
): Promise<(GremiumRef & { nameGenitive: string | null }) | undefined> {
  const [row] = await db
    .select({
      id: organizations.id,
      kind: organizations.kind,
      name: organizations.name,
      shortName: organizations.shortName,
      nameGenitive: organizations.nameGenitive,
    })
    .from(organizations)
    .where(
      and(
        eq(organizations.id, organizationId),
        eq(organizations.bodyId, bodyId),
        inArray(organizations.kind, [...GREMIUM_KINDS]),
      ),
    );
  return row as (GremiumRef & { nameGenitive: string | null }) | undefined;
}

/**
 * Every membership of the organisation, whatever its period, in German alphabetical order of family and given
 * name (personOrder, as the persons list: "Bösel" before "Buchholz").
 */
export async function listMemberships(db: Executor, organizationId: number): Promise<MemberEntry[]> {
  const faction = alias(organizations, 'faction');
  const rows = await db
    .select({
      personId: persons.id,
      formOfAddress: persons.formOfAddress,
      title: persons.title,
      givenName: persons.givenName,
      familyName: persons.familyName,
      role: memberships.role,
      roleLabel: memberships.roleLabel,
      votingRight: memberships.votingRight,
      appointedCitizen: memberships.appointedCitizen,
      factionId: faction.id,
      factionName: faction.name,
      factionShortName: faction.shortName,
      startDate: membershipStart,
      endDate: membershipEnd,
    })
    .from(memberships)
    .innerJoin(persons, eq(persons.id, memberships.personId))
    .leftJoin(faction, eq(faction.id, memberships.onBehalfOfId))
    .leftJoin(legislativeTerms, eq(legislativeTerms.id, memberships.termId))
    .where(eq(memberships.organizationId, organizationId))
    .orderBy(...personOrder(), asc(memberships.id));
  return rows.map((r) => ({
    personId: r.personId,
    formOfAddress: r.formOfAddress,
    title: r.title,
    givenName: r.givenName,
    familyName: r.familyName,
    role: r.role,
    roleLabel: r.roleLabel,
    votingRight: r.votingRight,
    appointedCitizen: r.appointedCitizen,
    faction:
      r.factionId != null && r.factionName != null
        ? { id: r.factionId, name: r.factionName, shortName: r.factionShortName }
        : null,
    startDate: r.startDate,
    endDate: r.endDate,
  }));
}

/** The memberships in effect on an ISO date (start ≤ date ≤ end, open ends included). */
export function membersOn(entries: MemberEntry[], isoDate: string): MemberEntry[] {
  return entries.filter(
    (m) => (m.startDate === null || m.startDate <= isoDate) && (m.endDate === null || m.endDate >= isoDate),
  );
}

/**
 * The most recent date before `isoDate` on which the organisation had members: the latest effective end
 * date before it (every membership ending then was in effect on that day). Undefined when there is none.
 */
export function lastDateWithMembers(entries: MemberEntry[], isoDate: string): string | undefined {
  const ends = entries
    .map((m) => m.endDate)
    .filter((d): d is string => d !== null && d < isoDate)
    .sort();
  return ends.at(-1);
}

/** Seats by faction of the voting members (chair, vice chair, members with voting right). */
export function seatDistribution(entries: MemberEntry[]): { label: string; seats: number; factionId: number | null }[] {
  const seats = new Map<number | null, { label: string; seats: number; factionId: number | null }>();
  for (const m of entries) {
    if (!m.votingRight || !['chair', 'vice_chair', 'member'].includes(m.role)) continue;
    const key = m.faction?.id ?? null;
    const label = m.faction ? (m.faction.shortName ?? m.faction.name) : 'ohne Fraktionsangabe';
    const entry = seats.get(key) ?? { label, seats: 0, factionId: key };
    entry.seats += 1;
    seats.set(key, entry);
  }
  const collator = new Intl.Collator('de');
  return [...seats.values()].sort(
    (a, b) =>
      (a.factionId === null ? 1 : 0) - (b.factionId === null ? 1 : 0) ||
      b.seats - a.seats ||
      collator.compare(a.label, b.label),
  );
}
