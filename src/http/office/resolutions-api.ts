/**
 * The JSON API for resolution tracking (Beschlusskontrolle, issue 6 part 7) under /api/v1/resolutions, the
 * operations of the back office pages. Session (with the X-CSRF-Token header) or `Authorization: Bearer`.
 *
 *   GET   /api/v1/resolutions              ?bodyId&status=open,in_progress&officeId&organizationId&year&overdue=true&kind&q&sort=due|meeting|office|status&direction&page&pageSize
 *   GET   /api/v1/resolutions/:id
 *   POST  /api/v1/resolutions              {agendaItemId, kind?, title?, text?, officeId?, dueDate?}  → 201
 *   PATCH /api/v1/resolutions/:id          {version, kind?, title?, text?, officeId?, dueDate?}      (omitted: kept)
 *   POST  /api/v1/resolutions/:id/status   {version, status, report, reportDate?, doneDate?}
 *
 * Reading needs `resolution.read` in the body (never the public: 401), writing `resolution.track`. Errors:
 * `validation.failed` (422 with `fields`; 400 for a body that is not a JSON object), `conflict.stale` (409,
 * `currentVersion`), `resolution.meeting_not_held` (422), `permission.denied` (403), `auth.required` (401),
 * `not_found` (404).
 */
import type { Context } from 'hono';
import { can } from '../../domain/permissions.ts';
import { bodyNames } from '../../services/accounts.ts';
import type { ServiceContext } from '../../services/context.ts';
import {
  agendaItemBody,
  changeResolutionStatus,
  createTrackedResolution,
  listTrackedResolutions,
  loadTrackedResolution,
  RESOLUTION_KINDS,
  RESOLUTION_SORT_KEYS,
  RESOLUTION_STATUSES,
  type ResolutionKind,
  type ResolutionRow,
  type ResolutionSortKey,
  type ResolutionStatus,
  resolutionBody,
  updateTrackedResolution,
} from '../../services/resolutions.ts';
import type { AppEnv } from '../env.ts';
import { api } from './api.ts';
import { domainErrorJson, jsonBody, notJson, positiveId } from './request.ts';
import { refuseJson, requirePermission } from './session.ts';

const BASE = '/api/v1/resolutions';

const ctxOf = (c: Context<AppEnv>): ServiceContext => ({
  db: c.var.db,
  actor: c.var.session ? `user:${c.var.session.account.id}` : 'anonymous',
});

const notFound = (c: Context<AppEnv>, message = 'Diesen Beschluss oder Auftrag gibt es nicht.') =>
  c.json({ error: { id: 'not_found', message } }, 404);

const errorJson = (c: Context<AppEnv>, error: unknown): Response => domainErrorJson(c, error, notFound);

const resolutionTarget = async (c: Context<AppEnv>) => {
  const id = positiveId(c.req.param('id'));
  return { bodyId: id === undefined ? undefined : await resolutionBody(c.var.db, id) };
};

const actorOf = (c: Context<AppEnv>) => {
  const session = c.var.session;
  if (!session) throw new Error('guarded route without a session');
  return session.actor;
};

/** The list's body: `bodyId`, else the first body where the caller may read resolutions. */
async function listBody(c: Context<AppEnv>): Promise<number> {
  const explicit = c.req.query('bodyId');
  if (explicit !== undefined) return positiveId(explicit) ?? -1;
  const session = c.var.session;
  if (!session) return -1;
  const ids = [...(await bodyNames(c.var.db)).keys()];
  return ids.find((id) => can(session.actor, 'resolution.read', { bodyId: id })) ?? -1;
}

const optionalNumber = (v: unknown) => (v === undefined ? undefined : v === null ? null : (v as number));
const optionalText = (v: unknown) => (v === undefined ? undefined : v === null ? null : (v as string));

api.get(
  BASE,
  requirePermission('resolution.read', refuseJson, async (c) => ({ bodyId: await listBody(c) })),
  async (c) => {
    const bodyId = await listBody(c);
    if (!(await bodyNames(c.var.db)).has(bodyId)) return notFound(c, 'Diese Körperschaft gibt es nicht.');
    const problems: Record<string, string> = {};
    const statusParam = c.req.query('status');
    const statuses = statusParam === undefined ? undefined : statusParam.split(',').filter(Boolean);
    if (statuses?.some((s) => !RESOLUTION_STATUSES.includes(s as never))) {
      problems.status = `Status ist eine Liste aus ${RESOLUTION_STATUSES.join(', ')}.`;
    }
    const sort = c.req.query('sort');
    if (sort !== undefined && !RESOLUTION_SORT_KEYS.includes(sort as never)) {
      problems.sort = `Sortierung nach ${RESOLUTION_SORT_KEYS.join(', ')}.`;
    }
    const kind = c.req.query('kind');
    if (kind !== undefined && !RESOLUTION_KINDS.includes(kind as never)) {
      problems.kind = `Art ist eine von ${RESOLUTION_KINDS.join(', ')}.`;
    }
    const direction = c.req.query('direction');
    if (direction !== undefined && direction !== 'asc' && direction !== 'desc') problems.direction = 'asc oder desc.';
    const overdue = c.req.query('overdue');
    if (overdue !== undefined && overdue !== 'true' && overdue !== 'false') problems.overdue = 'true oder false.';
    for (const key of ['officeId', 'organizationId', 'year', 'page', 'pageSize']) {
      const value = c.req.query(key);
      if (value !== undefined && positiveId(value) === undefined) problems[key] = 'Eine positive ganze Zahl.';
    }
    if (Object.keys(problems).length > 0) {
      return c.json(
        { error: { id: 'validation.failed', message: 'Ungültige Abfrageparameter.', fields: problems } },
        422,
      );
    }
    const list = await listTrackedResolutions(c.var.db, {
      bodyId,
      statuses: statuses as ResolutionStatus[] | undefined,
      officeId: positiveId(c.req.query('officeId')),
      organizationId: positiveId(c.req.query('organizationId')),
      year: positiveId(c.req.query('year')),
      overdue: overdue === 'true',
      kind: kind as ResolutionKind | undefined,
      q: c.req.query('q'),
      sort: sort as ResolutionSortKey | undefined,
      direction: direction as 'asc' | 'desc' | undefined,
      page: positiveId(c.req.query('page')) ?? 1,
      pageSize: Math.min(100, positiveId(c.req.query('pageSize')) ?? 25),
    });
    return c.json({
      bodyId,
      total: list.total,
      page: list.page,
      pageSize: list.pageSize,
      items: list.rows,
    });
  },
);

api.get(`${BASE}/:id`, requirePermission('resolution.read', refuseJson, resolutionTarget), async (c) => {
  const id = positiveId(c.req.param('id'));
  const r = id === undefined ? undefined : await loadTrackedResolution(c.var.db, id);
  return r ? c.json(r) : notFound(c);
});

/** The item's body for the create check; no such item: any body (the service then says so, 422). */
const createTarget = async (c: Context<AppEnv>) => {
  const body = await jsonBody(c);
  const itemId = typeof body?.agendaItemId === 'number' ? body.agendaItemId : undefined;
  return { bodyId: itemId === undefined ? undefined : await agendaItemBody(c.var.db, itemId) };
};

api.post(BASE, requirePermission('resolution.track', refuseJson, createTarget), async (c) => {
  const body = await jsonBody(c);
  if (!body) return notJson(c);
  try {
    const created = await createTrackedResolution(ctxOf(c), actorOf(c), {
      agendaItemId: body.agendaItemId as number,
      kind: body.kind as ResolutionKind | undefined,
      title: optionalText(body.title),
      text: optionalText(body.text),
      officeId: optionalNumber(body.officeId),
      dueDate: optionalText(body.dueDate),
      dateFormat: 'JJJJ-MM-TT',
    });
    const r = await loadTrackedResolution(c.var.db, created.id);
    return r ? c.json(r, 201) : notFound(c);
  } catch (error) {
    return errorJson(c, error);
  }
});

/** Loads the resolution (404 if there is none), runs the write, answers with its new state. */
async function write(
  c: Context<AppEnv>,
  run: (current: ResolutionRow, body: Record<string, unknown>) => Promise<unknown>,
) {
  const id = positiveId(c.req.param('id'));
  const current = id === undefined ? undefined : await loadTrackedResolution(c.var.db, id);
  if (!current) return notFound(c);
  const body = await jsonBody(c);
  if (!body) return notJson(c);
  try {
    await run(current, body);
  } catch (error) {
    return errorJson(c, error);
  }
  const r = await loadTrackedResolution(c.var.db, current.id);
  return r ? c.json(r) : notFound(c);
}

api.patch(`${BASE}/:id`, requirePermission('resolution.track', refuseJson, resolutionTarget), (c) =>
  write(c, (r, body) =>
    updateTrackedResolution(ctxOf(c), actorOf(c), r.id, {
      version: body.version as number,
      kind: ('kind' in body ? body.kind : r.kind) as ResolutionKind,
      title: ('title' in body ? body.title : r.title) as string,
      text: 'text' in body ? optionalText(body.text) : r.text,
      officeId: 'officeId' in body ? optionalNumber(body.officeId) : (r.office?.id ?? null),
      dueDate: 'dueDate' in body ? optionalText(body.dueDate) : r.dueDate,
      dateFormat: 'JJJJ-MM-TT',
    }),
  ),
);

api.post(`${BASE}/:id/status`, requirePermission('resolution.track', refuseJson, resolutionTarget), (c) =>
  write(c, (r, body) =>
    changeResolutionStatus(ctxOf(c), actorOf(c), r.id, {
      version: body.version as number,
      status: body.status as ResolutionStatus,
      report: body.report as string,
      reportDate: optionalText(body.reportDate),
      doneDate: optionalText(body.doneDate),
      dateFormat: 'JJJJ-MM-TT',
    }),
  ),
);
