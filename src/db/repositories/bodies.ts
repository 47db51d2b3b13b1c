/**
 * Reads of bodies (tenants).
 */
import type { Executor } from '../open.ts';
import { bodies } from '../schema.ts';

/** True when the database holds no body at all (a fresh installation). */
export async function isEmpty(db: Executor): Promise<boolean> {
  const rows = await db.select({ id: bodies.id }).from(bodies).limit(1);
  return rows.length === 0;
}
