/**
 * Reads of memberships.
 */
import { and, asc, eq, gte, isNull, lte, or, sql } from 'drizzle-orm';
import type { Executor } from '../open.ts';
import { legislativeTerms, memberships, persons } from '../schema.ts';
import { personColumns } from './meetings.ts';

/**
 * The period a membership is in effect: its own dates, else those of its legislative term (as the
 * service checks it on write). Use with `.leftJoin(legislativeTerms, eq(legislativeTerms.id, memberships.termId))`.
 */
export const membershipStart = sql<string | null>`coalesce(${memberships.startDate}, ${legislativeTerms.startDate})`;
export const membershipEnd = sql<string | null>`coalesce(${memberships.endDate}, ${legislativeTerms.endDate})`;

/** SQL condition: the membership is in effect on an ISO date (its period as above; open ends allowed). */
export function membershipInEffectOn(isoDate: string) {
  return and(
    or(isNull(membershipStart), lte(membershipStart, isoDate)),
    or(isNull(membershipEnd), gte(membershipEnd, isoDate)),
  );
}

/**
 * The persons holding a role in an organisation on a date (the membership's period, else its term's;
 * open ends allowed),
 * e.g. the chair who convenes a committee.
 */
export async function holdersOfRole(
  db: Executor,
  organizationId: number,
  role: (typeof memberships.$inferSelect)['role'],
  onDate: string,
) {
  return db
    .select({ ...personColumns, roleLabel: memberships.roleLabel })
    .from(memberships)
    .innerJoin(persons, eq(persons.id, memberships.personId))
    .leftJoin(legislativeTerms, eq(legislativeTerms.id, memberships.termId))
    .where(
      and(
        eq(memberships.organizationId, organizationId),
        eq(memberships.role, role),
        or(isNull(membershipStart), lte(membershipStart, onDate)),
        or(isNull(membershipEnd), gte(membershipEnd, onDate)),
      ),
    )
    .orderBy(asc(memberships.id));
}
