/**
 * Loads the demo data (the reference meeting of Kreis Mettmann). Idempotent: does nothing when the
 * demo body already exists.
 */
import { eq } from 'drizzle-orm';
import type { Executor } from '../db/open.ts';
import { bodies } from '../db/schema.ts';
import { importDataset } from '../services/dataset/import.ts';
import { kreisMettmann } from './kreis-mettmann.ts';

export async function loadDemo(db: Executor): Promise<{ loaded: boolean; bodyId: number }> {
  const [existing] = await db.select({ id: bodies.id }).from(bodies).where(eq(bodies.slug, kreisMettmann.body.slug));
  if (existing) return { loaded: false, bodyId: existing.id };
  const result = await importDataset({ db, actor: 'system:demo' }, kreisMettmann);
  return { loaded: true, bodyId: result.bodyId };
}
