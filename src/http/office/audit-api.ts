/**
 * The audit log in the JSON API: `GET /api/v1/audit?entity=&id=&page=&pageSize=` (an object's log with
 * its parts' entries, as the page /verwaltung/verlauf/{entity}/{id}) and `GET /api/v1/audit?bodyId=`
 * (a body's log, filters `type`, `actor`, `from`, `to`; `bodyId=installation` for the entries without
 * a body, installation admins only). Newest first; `pageSize` 1–100 (default 25). Session or
 * `Authorization: Bearer`.
 *
 * @example
 *   GET /api/v1/audit?entity=meeting&id=12
 *   → 200 {"object":{"entity":"meeting","id":"12","bodyId":1,"title":"Sitzung …"},"total":3,"page":1,"pages":1,
 *          "pageSize":25,"items":[{"id":91,"at":"…","actor":"user:4","actorName":"Rüdiger Gramenz",
 *          "action":"update","actionLabel":"geändert","entity":"meeting","entityId":"12","changes":[…],…}]}
 *
 * Errors: `validation.failed` (422, `fields`), `permission.denied` (403), `not_found` (404),
 * `auth.required` (401).
 */
import type { Context } from 'hono';
import { can } from '../../domain/permissions.ts';
import { bodyNames } from '../../services/accounts.ts';
import {
  type AuditItem,
  actionLabel,
  actorLabel,
  auditObject,
  entityLabel,
  fieldChanges,
  readBodyLog,
  readObjectLog,
} from '../../services/audit-read.ts';
import type { AppEnv } from '../env.ts';
import { api } from './api.ts';
import { domainErrorJson, positiveId } from './request.ts';
import { refuseJson, requirePermission } from './session.ts';

const notFound = (c: Context<AppEnv>, message = 'Zu diesem Objekt gibt es keinen Verlauf.') =>
  c.json({ error: { id: 'not_found', message } }, 404);

const present = (item: AuditItem) => ({
  id: item.id,
  bodyId: item.bodyId,
  at: item.at.toISOString(),
  actor: item.actor,
  actorName: item.actorName,
  actorLabel: actorLabel(item.actor, item.actorName),
  action: item.action,
  actionLabel: actionLabel(item.action),
  entity: item.entity,
  entityLabel: entityLabel(item.entity),
  entityId: item.entityId,
  changes: fieldChanges(item.before, item.after),
  before: item.before ?? null,
  after: item.after ?? null,
});

const int = (value: string | undefined) => (value === undefined ? undefined : Number(value));

/** The target for the guard: the object's body, or the named body; none (any body): the service decides. */
const target = async (c: Context<AppEnv>) => {
  const entity = c.req.query('entity');
  const id = c.req.query('id');
  if (entity !== undefined && id !== undefined) {
    const object = await auditObject(c.var.db, entity, id);
    return { bodyId: object?.bodyId ?? undefined };
  }
  const bodyId = c.req.query('bodyId');
  return { bodyId: bodyId === undefined || bodyId === 'installation' ? undefined : (positiveId(bodyId) ?? -1) };
};

api.get('/api/v1/audit', requirePermission('audit.read', refuseJson, target), async (c) => {
  const session = c.var.session;
  if (!session) return refuseJson(c, 401, 'auth.required', 'Bitte melden Sie sich an.');
  const entity = c.req.query('entity');
  const id = c.req.query('id');
  const page = int(c.req.query('page'));
  const pageSize = int(c.req.query('pageSize'));
  const fields: Record<string, string> = {};
  if (page !== undefined && !(Number.isInteger(page) && page >= 1)) fields.page = 'Eine Seitenzahl ab 1.';
  if (pageSize !== undefined && !(Number.isInteger(pageSize) && pageSize >= 1 && pageSize <= 100)) {
    fields.pageSize = 'Zwischen 1 und 100 Einträge je Seite.';
  }
  if ((entity === undefined) !== (id === undefined)) {
    fields[entity === undefined ? 'entity' : 'id'] = 'entity und id gehören zusammen.';
  }
  if (Object.keys(fields).length > 0) {
    return c.json({ error: { id: 'validation.failed', message: 'Bitte prüfen Sie die Angaben.', fields } }, 422);
  }
  try {
    if (entity !== undefined && id !== undefined) {
      const log = await readObjectLog(c.var.db, session.actor, { entity, id, page, pageSize });
      return c.json({ ...log, items: log.items.map(present) });
    }
    const explicit = c.req.query('bodyId');
    let bodyId: number | null;
    if (explicit === 'installation') bodyId = null;
    else if (explicit !== undefined) {
      const n = positiveId(explicit);
      if (n === undefined || !(await bodyNames(c.var.db)).has(n))
        return notFound(c, 'Diese Körperschaft gibt es nicht.');
      bodyId = n;
    } else {
      const first = [...(await bodyNames(c.var.db)).keys()].find((b) =>
        can(session.actor, 'audit.read', { bodyId: b }),
      );
      if (first === undefined) return notFound(c, 'Es gibt keine Körperschaft, deren Protokoll Sie lesen dürfen.');
      bodyId = first;
    }
    const log = await readBodyLog(c.var.db, session.actor, {
      bodyId,
      entity: c.req.query('type') || undefined,
      actor: c.req.query('actor') || undefined,
      from: c.req.query('from') || undefined,
      to: c.req.query('to') || undefined,
      dateFormat: 'JJJJ-MM-TT',
      page,
      pageSize,
    });
    return c.json({ bodyId, ...log, items: log.items.map(present) });
  } catch (error) {
    return domainErrorJson(c, error, notFound);
  }
});
