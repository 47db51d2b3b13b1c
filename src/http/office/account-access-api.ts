/**
 * The caller's API tokens in the JSON API: `GET /api/v1/konto/tokens` (list), `POST /api/v1/konto/tokens`
 * (`name`, `expiresOn`?: the last day it works; 201 with the token, shown once), `DELETE
 * /api/v1/konto/tokens/{id}` (revoke). Creating needs a browser session (with `X-CSRF-Token`): a token
 * cannot mint further tokens (`api_token.session_required`, 403), so a leaked token cannot be made
 * permanent; listing and revoking work with a token too (a program may retire its own key).
 *
 * @example
 *   POST /api/v1/konto/tokens {"name":"Haushaltssoftware","expiresOn":"2027-12-31"}
 *   → 201 {"id":3,"name":"Haushaltssoftware","token":"ratsinfo_…","expiresAt":"2027-12-31T23:00:00.000Z"}
 */
import type { Context } from 'hono';
import { type ApiTokenView, createOwnApiToken, listApiTokens, revokeApiToken } from '../../services/account-access.ts';
import type { AppEnv } from '../env.ts';
import { api } from './api.ts';
import { domainErrorJson, jsonBody, notJson, positiveId } from './request.ts';
import { refuseJson, requirePermission } from './session.ts';

const BASE = '/api/v1/konto/tokens';

const notFound = (c: Context<AppEnv>, message = 'Diesen API-Zugang gibt es nicht (mehr).') =>
  c.json({ error: { id: 'not_found', message } }, 404);

const present = (t: ApiTokenView) => ({
  id: t.id,
  name: t.name,
  createdAt: t.createdAt.toISOString(),
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  expiresAt: t.expiresAt?.toISOString() ?? null,
  expired: t.expired,
});

/** Any account, but not before a forced password change (as the pages). */
const own = requirePermission(null, refuseJson);

function passwordFirst(c: Context<AppEnv>): Response | Promise<Response> | undefined {
  if (!c.var.session?.account.mustChangePassword) return undefined;
  return refuseJson(
    c,
    403,
    'account.password_change_required',
    'Ihr Passwort wurde zurückgesetzt. Bitte wählen Sie zuerst ein neues Passwort.',
  );
}

api.get(BASE, own, async (c) => {
  const session = c.var.session;
  if (!session) return refuseJson(c, 401, 'auth.required', 'Bitte melden Sie sich an.');
  const refused = passwordFirst(c);
  if (refused) return refused;
  return c.json({ items: (await listApiTokens(c.var.db, session.account.id)).map(present) });
});

api.post(BASE, own, async (c) => {
  const session = c.var.session;
  if (!session) return refuseJson(c, 401, 'auth.required', 'Bitte melden Sie sich an.');
  const refused = passwordFirst(c);
  if (refused) return refused;
  if (session.via !== 'cookie') {
    return refuseJson(
      c,
      403,
      'api_token.session_required',
      'Neue API-Zugänge lassen sich nur mit einer Anmeldung im Browser anlegen, nicht mit einem API-Zugang.',
    );
  }
  const body = await jsonBody(c);
  if (!body) return notJson(c);
  const fields: Record<string, string> = {};
  if (typeof body.name !== 'string') fields.name = 'Bitte benennen Sie den Zugang.';
  if (body.expiresOn !== undefined && body.expiresOn !== null && typeof body.expiresOn !== 'string') {
    fields.expiresOn = 'Bitte geben Sie das Datum als JJJJ-MM-TT an.';
  }
  if (Object.keys(fields).length > 0) {
    return c.json({ error: { id: 'validation.failed', message: 'Bitte prüfen Sie die Angaben.', fields } }, 422);
  }
  try {
    const created = await createOwnApiToken({ db: c.var.db, actor: `user:${session.account.id}` }, session.account.id, {
      name: body.name as string,
      expiresOn: (body.expiresOn as string | null | undefined) ?? null,
    });
    const [view] = (await listApiTokens(c.var.db, session.account.id)).filter((t) => t.id === created.id);
    return c.json({ ...(view ? present(view) : { id: created.id }), token: created.token }, 201);
  } catch (error) {
    return domainErrorJson(c, error, notFound);
  }
});

api.delete(`${BASE}/:id`, own, async (c) => {
  const session = c.var.session;
  if (!session) return refuseJson(c, 401, 'auth.required', 'Bitte melden Sie sich an.');
  const refused = passwordFirst(c);
  if (refused) return refused;
  const id = positiveId(c.req.param('id'));
  if (id === undefined) return notFound(c);
  try {
    const revoked = await revokeApiToken(
      { db: c.var.db, actor: `user:${session.account.id}` },
      { ...session.actor, accountId: session.account.id },
      id,
      session.account.id,
    );
    return c.json(present(revoked));
  } catch (error) {
    return domainErrorJson(c, error, notFound);
  }
});
