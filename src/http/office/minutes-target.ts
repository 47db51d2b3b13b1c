/**
 * The target of the minutes' routes (pages and API): the meeting's body and whether its minutes are signed,
 * so that `can()` decides "signed only" (publish, correct) and "unsigned only" (submit, sign) at the guard.
 */

import { eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { meetings } from '../../db/schema.ts';
import { SIGNED_STATE } from '../../domain/meeting-state.ts';
import type { Target } from '../../domain/permissions.ts';
import type { AppEnv } from '../env.ts';
import { positiveId } from './request.ts';

export async function minutesTarget(c: Context<AppEnv>): Promise<Target> {
  const id = positiveId(c.req.param('id'));
  if (id === undefined) return { bodyId: undefined };
  const [row] = await c.var.db
    .select({ bodyId: meetings.bodyId, state: meetings.state })
    .from(meetings)
    .where(eq(meetings.id, id));
  return row ? { bodyId: row.bodyId, signed: row.state === SIGNED_STATE } : { bodyId: undefined };
}
