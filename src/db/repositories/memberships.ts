/**
 * Reads of memberships.
 */
import { and, asc, eq, gte, isNull, lte, or } from 'drizzle-orm';
import type { Executor } from '../open.ts';
import { memberships, persons } from '../schema.ts';
import { personColumns } from './meetings.ts';

/**
 * The persons holding a role in an organisation on a date (membership from/to, open ends allowed),
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
    .where(
      and(
        eq(memberships.organizationId, organizationId),
        eq(memberships.role, role),
        or(isNull(memberships.startDate), lte(memberships.startDate, onDate)),
        or(isNull(memberships.endDate), gte(memberships.endDate, onDate)),
      ),
    )
    .orderBy(asc(memberships.id));
}
