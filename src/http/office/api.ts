/**
 * The back office JSON API under /api/v1 (for integrations and automation): the same sessions as the
 * browser, or `Authorization: Bearer <API token>`. Refusals are JSON `{ error: { id, message } }`.
 * This part holds the account endpoint; the operations of the back office follow it (issue 6).
 */
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { once } from './once.ts';
import { csrfProtection, limitBody, loadSession, officeHeaders, refuseJson, requirePermission } from './session.ts';

export const api = new Hono<AppEnv>();

// '/api/v1/*' also matches '/api/v1' itself.
api.use('/api/v1/*', officeHeaders, loadSession, limitBody(refuseJson), csrfProtection(refuseJson), once(refuseJson));

/** Who is calling: the account and its roles per body. */
api.get('/api/v1/konto', requirePermission(null, refuseJson), (c) => {
  const session = c.var.session;
  if (!session) return refuseJson(c, 401, 'auth.required', 'Bitte melden Sie sich an.');
  const { id, login, displayName, personId, installationAdmin, mustChangePassword, roles } = session.account;
  return c.json({ id, login, displayName, personId, installationAdmin, mustChangePassword, roles });
});
