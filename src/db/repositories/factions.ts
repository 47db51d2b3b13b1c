/**
 * Reads of factions (Fraktionen) for the public portal: a body's factions with their seats in the
 * council, one faction's members and mandates on a date, its papers and how it voted.
 *
 * Members of a faction are of two kinds, and real data has either: memberships in the faction itself
 * (OParl imports: Fraktionsvorsitz, Mitglied) and memberships in a council or committee on behalf of the
 * faction (the seats it holds). A membership's period is its own dates, else its term's
 * (`membershipInEffectOn`).
 *
 * Visibility: public papers only (`papers.public`, as in the papers repository); vote results only of
 * public agenda items of meetings whose minutes are published (as on the meeting page).
 */
import { and, asc, desc, eq, inArray, lt, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../open.ts';
import {
  agendaItems,
  legislativeTerms,
  meetings,
  memberships,
  organizations,
  papers,
  persons,
  voteFactionResults,
  votes,
} from '../schema.ts';
import { membershipEnd, membershipInEffectOn, membershipStart } from './memberships.ts';
import { germanSortKey, personOrder } from './persons.ts';
import { minutesPublicSql } from './visibility.ts';

export type MembershipRole = (typeof memberships.$inferSelect)['role'];

export interface FactionRef {
  id: number;
  name: string;
  shortName: string | null;
  /** The organisation's own period (ISO dates), when recorded. */
  startDate: string | null;
  endDate: string | null;
  /** The council (or other organisation) the faction sits in, when recorded. */
  parent: { id: number; name: string } | null;
}

export interface FactionListEntry extends FactionRef {
  /** Voting seats in the council on the reference date. */
  seats: number;
}

export interface FactionPerson {
  personId: number;
  title: string | null;
  givenName: string | null;
  familyName: string;
  formOfAddress: string | null;
  role: MembershipRole;
  roleLabel: string | null;
  appointedCitizen: boolean;
  startDate: string | null;
  endDate: string | null;
}

export interface FactionMandate extends FactionPerson {
  organization: { id: number; name: string; kind: 'council' | 'committee' };
  votingRight: boolean;
}

/** Voting roles: the seats of a council (as in the seat distribution of the council page). */
const SEAT_ROLES = ['chair', 'vice_chair', 'member'] as const;
const GREMIUM_KINDS = ['council', 'committee'] as const;

const ROLE_ORDER = sql`case ${memberships.role} when 'chair' then 0 when 'vice_chair' then 1 when 'member' then 2
  when 'deputy_member' then 3 when 'advisory_member' then 4 when 'secretary' then 5 else 6 end`;

/** Raw SQL dates arrive as strings on both drivers; be safe against Date objects. */
function isoDateOf(value: unknown): string | null {
  if (value == null) return null;
  if (value instanceof Date) {
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
  }
  return String(value).slice(0, 10);
}

const parent = alias(organizations, 'parent');
const council = alias(organizations, 'council');
const factionColumns = {
  id: organizations.id,
  name: organizations.name,
  shortName: organizations.shortName,
  startDate: organizations.startDate,
  endDate: organizations.endDate,
  parentId: parent.id,
  parentName: parent.name,
};

function toFactionRef(r: {
  id: number;
  name: string;
  shortName: string | null;
  startDate: string | null;
  endDate: string | null;
  parentId: number | null;
  parentName: string | null;
}): FactionRef {
  return {
    id: r.id,
    name: r.name,
    shortName: r.shortName,
    startDate: isoDateOf(r.startDate),
    endDate: isoDateOf(r.endDate),
    parent: r.parentId != null && r.parentName != null ? { id: r.parentId, name: r.parentName } : null,
  };
}

/**
 * SQL condition on a membership (joined with its organisation as `council`): a voting seat
 * in a council on behalf of the faction `factionId` (a column or value). Where the faction names its council (parent), only seats in that council count.
 */
function councilSeat(factionId: SQL | number, factionParentId: SQL | null) {
  return and(
    sql`${memberships.onBehalfOfId} = ${factionId}`,
    eq(council.kind, 'council'),
    inArray(memberships.role, [...SEAT_ROLES]),
    eq(memberships.votingRight, true),
    factionParentId ? sql`(${factionParentId} is null or ${council.id} = ${factionParentId})` : undefined,
  );
}

/**
 * The factions of a body with their voting seats in the council on an ISO date, by seats (most first)
 * or by name (German order).
 */
export async function listFactions(
  db: Executor,
  bodyId: number,
  onDate: string,
  order: 'seats' | 'name' = 'seats',
): Promise<FactionListEntry[]> {
  const seatCount = db
    .select({ n: sql<number>`cast(count(*) as integer)` })
    .from(memberships)
    .innerJoin(council, eq(council.id, memberships.organizationId))
    .leftJoin(legislativeTerms, eq(legislativeTerms.id, memberships.termId))
    .where(
      and(
        councilSeat(sql`${organizations.id}`, sql`${organizations.parentId}`),
        eq(council.bodyId, bodyId),
        membershipInEffectOn(onDate),
      ),
    );
  const seats = sql<number>`(${seatCount})`;
  const rows = await db
    .select({ ...factionColumns, seats })
    .from(organizations)
    .leftJoin(parent, eq(parent.id, organizations.parentId))
    .where(and(eq(organizations.bodyId, bodyId), eq(organizations.kind, 'faction')))
    .orderBy(
      ...(order === 'seats' ? [sql`${seats} desc`] : []),
      germanSortKey(organizations.name),
      asc(organizations.id),
    );
  return rows.map((r) => ({ ...toFactionRef(r), seats: Number(r.seats) }));
}

/**
 * The latest effective end date before `before` of a council seat held for any faction of the body: the
 * last day the factions' seats were recorded, when none are today. Undefined when there is none.
 */
export async function lastFactionSeatDate(db: Executor, bodyId: number, before: string): Promise<string | undefined> {
  const faction = alias(organizations, 'faction');
  const [row] = await db
    .select({ last: sql<string | null>`max(${membershipEnd})` })
    .from(memberships)
    .innerJoin(council, eq(council.id, memberships.organizationId))
    .innerJoin(faction, eq(faction.id, memberships.onBehalfOfId))
    .leftJoin(legislativeTerms, eq(legislativeTerms.id, memberships.termId))
    .where(
      and(
        councilSeat(sql`${faction.id}`, sql`${faction.parentId}`),
        eq(council.bodyId, bodyId),
        eq(faction.bodyId, bodyId),
        eq(faction.kind, 'faction'),
        lt(membershipEnd, before),
      ),
    );
  return isoDateOf(row?.last) ?? undefined;
}

/** A faction of the body; undefined for other kinds, bodies or ids. */
export async function findFaction(db: Executor, bodyId: number, factionId: number): Promise<FactionRef | undefined> {
  const [row] = await db
    .select(factionColumns)
    .from(organizations)
    .leftJoin(parent, eq(parent.id, organizations.parentId))
    .where(and(eq(organizations.id, factionId), eq(organizations.bodyId, bodyId), eq(organizations.kind, 'faction')));
  return row ? toFactionRef(row) : undefined;
}

const personFields = {
  personId: persons.id,
  title: persons.title,
  givenName: persons.givenName,
  familyName: persons.familyName,
  formOfAddress: persons.formOfAddress,
  role: memberships.role,
  roleLabel: memberships.roleLabel,
  appointedCitizen: memberships.appointedCitizen,
  startDate: membershipStart,
  endDate: membershipEnd,
};

/** Memberships in the faction itself in effect on an ISO date, by role, then name. */
export async function factionMembersOn(db: Executor, factionId: number, onDate: string): Promise<FactionPerson[]> {
  const rows = await db
    .select(personFields)
    .from(memberships)
    .innerJoin(persons, eq(persons.id, memberships.personId))
    .leftJoin(legislativeTerms, eq(legislativeTerms.id, memberships.termId))
    .where(and(eq(memberships.organizationId, factionId), membershipInEffectOn(onDate)))
    .orderBy(ROLE_ORDER, ...personOrder(), asc(memberships.id));
  return rows.map((r) => ({ ...r, startDate: isoDateOf(r.startDate), endDate: isoDateOf(r.endDate) }));
}

/**
 * Council and committee memberships of the body held on behalf of the faction on an ISO date: the
 * council first, then the committees by name; in each by role, then name.
 */
export async function factionMandatesOn(
  db: Executor,
  bodyId: number,
  factionId: number,
  onDate: string,
): Promise<FactionMandate[]> {
  const rows = await db
    .select({
      ...personFields,
      votingRight: memberships.votingRight,
      organizationId: organizations.id,
      organizationName: organizations.name,
      organizationKind: organizations.kind,
    })
    .from(memberships)
    .innerJoin(persons, eq(persons.id, memberships.personId))
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .leftJoin(legislativeTerms, eq(legislativeTerms.id, memberships.termId))
    .where(
      and(
        eq(memberships.onBehalfOfId, factionId),
        eq(organizations.bodyId, bodyId),
        inArray(organizations.kind, [...GREMIUM_KINDS]),
        membershipInEffectOn(onDate),
      ),
    )
    .orderBy(
      sql`case when ${organizations.kind} = 'council' then 0 else 1 end`,
      germanSortKey(organizations.name),
      asc(organizations.id),
      ROLE_ORDER,
      ...personOrder(),
      asc(memberships.id),
    );
  return rows.map(({ organizationId, organizationName, organizationKind, ...r }) => ({
    ...r,
    startDate: isoDateOf(r.startDate),
    endDate: isoDateOf(r.endDate),
    organization: { id: organizationId, name: organizationName, kind: organizationKind as 'council' | 'committee' },
  }));
}

/**
 * The latest effective end date before `before` of a membership in the faction or a mandate held for it:
 * the faction's last recorded composition. Undefined when there is none.
 */
export async function lastFactionDate(
  db: Executor,
  bodyId: number,
  factionId: number,
  before: string,
): Promise<string | undefined> {
  const [row] = await db
    .select({ last: sql<string | null>`max(${membershipEnd})` })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .leftJoin(legislativeTerms, eq(legislativeTerms.id, memberships.termId))
    .where(
      and(
        eq(organizations.bodyId, bodyId),
        sql`(${memberships.organizationId} = ${factionId} or (${memberships.onBehalfOfId} = ${factionId}
          and ${organizations.kind} in ('council', 'committee')))`,
        lt(membershipEnd, before),
      ),
    );
  return isoDateOf(row?.last) ?? undefined;
}

export interface FactionPaper {
  id: number;
  reference: string;
  paperType: string;
  title: string;
  date: string | null;
}

/** The public papers the faction submitted (Anträge, Anfragen), newest first, one page of them. */
export async function listFactionPapers(
  db: Executor,
  bodyId: number,
  factionId: number,
  page: { limit: number; offset: number },
): Promise<{ total: number; entries: FactionPaper[] }> {
  // A non-public paper does not exist for a public reader (as in the papers repository).
  const where = and(eq(papers.bodyId, bodyId), eq(papers.originatorId, factionId), eq(papers.public, true));
  const [totalRow] = await db.select({ n: sql<number>`cast(count(*) as integer)` }).from(papers).where(where);
  const total = Number(totalRow?.n ?? 0);
  if (total <= page.offset) return { total, entries: [] };
  const entries = await db
    .select({
      id: papers.id,
      reference: papers.reference,
      paperType: papers.paperType,
      title: papers.title,
      date: papers.date,
    })
    .from(papers)
    .where(where)
    .orderBy(
      sql`${papers.date} is null`,
      desc(papers.date),
      desc(papers.referenceYear),
      desc(papers.reference),
      desc(papers.id),
    )
    .limit(page.limit)
    .offset(page.offset);
  return { total, entries };
}

export interface FactionVote {
  meeting: { id: number; startAt: Date; organization: { id: number; name: string } };
  item: { number: string; title: string };
  subject: string | null;
  outcome: (typeof votes.$inferSelect)['outcome'];
  yes: number;
  no: number;
  abstain: number;
}

/**
 * How the faction voted, as recorded per faction: only at public agenda items of meetings whose minutes
 * are published (signed and published). Newest meeting first, then in agenda order; one page of them.
 */
export async function listFactionVotes(
  db: Executor,
  bodyId: number,
  factionId: number,
  page: { limit: number; offset: number },
): Promise<{ total: number; entries: FactionVote[] }> {
  const where = and(
    eq(voteFactionResults.factionId, factionId),
    eq(agendaItems.public, true),
    minutesPublicSql(),
    eq(meetings.bodyId, bodyId),
  );
  const [totalRow] = await db
    .select({ n: sql<number>`cast(count(*) as integer)` })
    .from(voteFactionResults)
    .innerJoin(votes, eq(votes.id, voteFactionResults.voteId))
    .innerJoin(agendaItems, eq(agendaItems.id, votes.agendaItemId))
    .innerJoin(meetings, eq(meetings.id, agendaItems.meetingId))
    .where(where);
  const total = Number(totalRow?.n ?? 0);
  if (total <= page.offset) return { total, entries: [] };
  const rows = await db
    .select({
      meetingId: meetings.id,
      startAt: meetings.startAt,
      organizationId: organizations.id,
      organizationName: organizations.name,
      number: agendaItems.number,
      title: agendaItems.title,
      subject: votes.subject,
      outcome: votes.outcome,
      yes: voteFactionResults.yes,
      no: voteFactionResults.no,
      abstain: voteFactionResults.abstain,
    })
    .from(voteFactionResults)
    .innerJoin(votes, eq(votes.id, voteFactionResults.voteId))
    .innerJoin(agendaItems, eq(agendaItems.id, votes.agendaItemId))
    .innerJoin(meetings, eq(meetings.id, agendaItems.meetingId))
    .innerJoin(organizations, eq(organizations.id, meetings.organizationId))
    .where(where)
    .orderBy(desc(meetings.startAt), desc(meetings.id), asc(agendaItems.position), asc(votes.position), asc(votes.id))
    .limit(page.limit)
    .offset(page.offset);
  return {
    total,
    entries: rows.map((r) => ({
      meeting: {
        id: r.meetingId,
        startAt: r.startAt,
        organization: { id: r.organizationId, name: r.organizationName },
      },
      item: { number: r.number, title: r.title },
      subject: r.subject,
      outcome: r.outcome,
      yes: r.yes,
      no: r.no,
      abstain: r.abstain,
    })),
  };
}
