/**
 * Loads the demo data (the reference meeting of Kreis Mettmann). Idempotent: does nothing when the
 * demo body already exists.
 */
import { eq } from 'drizzle-orm';
import type { Executor } from '../db/open.ts';
import { bodies, meetings } from '../db/schema.ts';
import { storeBodyMinutesTexts } from '../oparl/minutes.ts';
import { inTransaction } from '../services/context.ts';
import { importDataset } from '../services/dataset/import.ts';
import { freezeSignedMinutes } from '../services/minutes-finish.ts';
import { createDemoAccounts } from './accounts.ts';
import { kreisMettmann } from './kreis-mettmann.ts';
import { createDemoResolutions } from './resolutions.ts';

export async function loadDemo(db: Executor): Promise<{ loaded: boolean; bodyId: number }> {
  const [existing] = await db.select({ id: bodies.id }).from(bodies).where(eq(bodies.slug, kreisMettmann.body.slug));
  if (existing) return { loaded: false, bodyId: existing.id };
  // The demo accounts (README.md) in the same transaction as the data.
  return inTransaction({ db, actor: 'system:demo' }, async (ctx) => {
    const result = await importDataset(ctx, kreisMettmann);
    await createDemoAccounts(ctx, result.bodyId);
    // The signed reference minutes as version 1 (minutes_versions, migration 0017), as if signed here.
    for (const m of await ctx.db.select({ id: meetings.id }).from(meetings).where(eq(meetings.bodyId, result.bodyId))) {
      await freezeSignedMinutes(ctx, m.id);
    }
    // Resolution tracking (Beschlusskontrolle) of the reference meeting, so that its overview is not empty.
    await createDemoResolutions(ctx, result.bodyId);
    // The texts of the published minutes for the OParl API (migration 0011), stored with the data.
    await storeBodyMinutesTexts(ctx.db, result.bodyId);
    return { loaded: true, bodyId: result.bodyId };
  });
}
