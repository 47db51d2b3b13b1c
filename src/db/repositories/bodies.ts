/**
 * Reads of bodies (tenants).
 */
import { asc } from 'drizzle-orm';
import type { Executor } from '../open.ts';
import { bodies } from '../schema.ts';

/** True when the database holds no body at all (a fresh installation). */
export async function isEmpty(db: Executor): Promise<boolean> {
  const rows = await db.select({ id: bodies.id }).from(bodies).limit(1);
  return rows.length === 0;
}

/** All bodies (tenants) of the installation, by name. */
export async function listBodies(db: Executor) {
  return db.select({ slug: bodies.slug, name: bodies.name }).from(bodies).orderBy(asc(bodies.name), asc(bodies.id));
}
