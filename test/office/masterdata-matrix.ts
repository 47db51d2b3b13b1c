/**
 * For the permission matrix (matrix.test.ts): rows of a body to fill the master data routes' `:body`,
 * `:id` and `:room` with, one per section.
 */
import { eq } from 'drizzle-orm';
import type { Executor } from '../../src/db/open.ts';
import {
  bodies,
  legislativeTerms,
  locations,
  memberships,
  organizations,
  persons,
  rooms,
} from '../../src/db/schema.ts';

export async function masterdataIds(db: Executor, bodyId: number) {
  const first = async (rows: Promise<Array<{ id: number }>>) => (await rows)[0]?.id ?? 0;
  const [body] = await db.select({ slug: bodies.slug }).from(bodies).where(eq(bodies.id, bodyId));
  const orte = await first(db.select({ id: locations.id }).from(locations).where(eq(locations.bodyId, bodyId)));
  return {
    slug: body?.slug ?? '',
    organisationen: await first(
      db.select({ id: organizations.id }).from(organizations).where(eq(organizations.bodyId, bodyId)),
    ),
    wahlperioden: await first(
      db.select({ id: legislativeTerms.id }).from(legislativeTerms).where(eq(legislativeTerms.bodyId, bodyId)),
    ),
    personen: await first(db.select({ id: persons.id }).from(persons).where(eq(persons.bodyId, bodyId))),
    mitgliedschaften: await first(
      db
        .select({ id: memberships.id })
        .from(memberships)
        .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
        .where(eq(organizations.bodyId, bodyId)),
    ),
    orte,
    room: await first(db.select({ id: rooms.id }).from(rooms).where(eq(rooms.locationId, orte))),
  };
}

/** The address of a master data route for the body's rows. */
export function masterdataUrl(path: string, ids: Awaited<ReturnType<typeof masterdataIds>>): string {
  const section = /^\/verwaltung\/stammdaten\/:body\/([a-z]+)/.exec(path)?.[1] as keyof typeof ids | undefined;
  return path
    .replace(':body', ids.slug)
    .replace(':id', String(section ? ids[section] : 0))
    .replace(':room', String(ids.room));
}
