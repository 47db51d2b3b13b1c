/**
 * The JSON API for papers under /api/v1/papers: the operations of the back office pages (list with
 * search, filters, sort and pages; one paper; create; update with optimistic locking; the consultation
 * path). Session (with the X-CSRF-Token header) or `Authorization: Bearer <API token>`, as /api/v1/konto.
 *
 * Errors are `{ "error": { "id", "message", … } }` with stable ids: `validation.failed` (422, with
 * `fields`: German message per field; 400 for a body that is not JSON), `conflict.stale` (409, with
 * `currentVersion`), `permission.denied` (403), `auth.required` (401), `not_found` (404).
 *
 * @example
 *   POST /api/v1/papers {"bodyId":1,"officeId":7,"year":2026,"paperType":"Beschlussvorlage","title":"Radweg","public":true}
 *   → 201 {"id":42,"reference":"20/004/2026","version":1,…}
 *   PATCH /api/v1/papers/42 {"version":1,"title":"Radweg Süd"} → 200 {…,"version":2}
 *   PATCH /api/v1/papers/42 {"version":1,"title":"Radweg Nord"} → 409 {"error":{"id":"conflict.stale",…}}
 */
import type { Context } from 'hono';
import type { Action } from '../../domain/permissions.ts';
import { can } from '../../domain/permissions.ts';
import { bodyNames } from '../../services/accounts.ts';
import type { ServiceContext } from '../../services/context.ts';
import {
  addPaperConsultation,
  createOfficePaper,
  removePaperConsultation,
  reorderPaperConsultations,
  updateOfficePaper,
  updatePaperConsultation,
} from '../../services/papers-office.ts';
import {
  listOfficePapers,
  loadOfficePaper,
  type OfficePaper,
  PAPER_STATUSES,
  paperBody,
  SORT_KEYS,
} from '../../services/papers-read.ts';
import type { AppEnv } from '../env.ts';
import { api } from './api.ts';
import { domainErrorJson, jsonBody, notJson, positiveId } from './request.ts';
import { refuseJson, requirePermission } from './session.ts';

const BASE = '/api/v1/papers';

const ctxOf = (c: Context<AppEnv>): ServiceContext => ({
  db: c.var.db,
  actor: c.var.session ? `user:${c.var.session.account.id}` : 'anonymous',
});

const notFound = (c: Context<AppEnv>, message = 'Diese Vorlage gibt es nicht.') =>
  c.json({ error: { id: 'not_found', message } }, 404);

/** A domain error as the API's JSON; anything else goes to the app's error handler. */
const errorJson = (c: Context<AppEnv>, error: unknown): Response => domainErrorJson(c, error, notFound);

/** The paper's body, for the permission check; undefined (any body) when there is no such paper: then 404. */
const paperTarget = async (c: Context<AppEnv>) => {
  const id = positiveId(c.req.param('id'));
  return { bodyId: id === undefined ? undefined : await paperBody(c.var.db, id) };
};

const guard = (action: Action, target?: Parameters<typeof requirePermission>[2]) =>
  requirePermission(action, refuseJson, target);

/** The bodies where the caller may read papers; the list's default is the first. */
async function readableBodies(c: Context<AppEnv>): Promise<number[]> {
  const session = c.var.session;
  if (!session) return [];
  return [...(await bodyNames(c.var.db)).keys()].filter((id) => can(session.actor, 'paper.read', { bodyId: id }));
}

const listBody = async (c: Context<AppEnv>) => {
  const explicit = c.req.query('bodyId');
  if (explicit !== undefined) return positiveId(explicit) ?? -1;
  return (await readableBodies(c))[0] ?? -1;
};

/** The permission target of the list: an unknown body is "any body" (the handler answers 404). */
const listTarget = async (c: Context<AppEnv>) => {
  const bodyId = await listBody(c);
  return { bodyId: (await bodyNames(c.var.db)).has(bodyId) ? bodyId : undefined };
};

const present = (paper: OfficePaper) => {
  const { body, ...rest } = paper;
  return { ...rest, bodyId: body.id, body };
};

// ---------------------------------------------------------------------------------------------------
// Read

api.get(BASE, guard('paper.read', listTarget), async (c) => {
  const bodyId = await listBody(c);
  const bodies = await bodyNames(c.var.db);
  if (!bodies.has(bodyId)) return notFound(c, 'Diese Körperschaft gibt es nicht.');
  const sort = c.req.query('sort');
  const status = c.req.query('status');
  const pageSize = Math.min(100, positiveId(c.req.query('pageSize')) ?? 25);
  const problems: Record<string, string> = {};
  if (sort !== undefined && !SORT_KEYS.includes(sort as never)) {
    problems.sort = `Sortierung nach ${SORT_KEYS.join(', ')}.`;
  }
  if (status !== undefined && !PAPER_STATUSES.includes(status as never)) {
    problems.status = `Stand ist einer von ${PAPER_STATUSES.join(', ')}.`;
  }
  for (const key of ['officeId', 'year', 'page', 'pageSize']) {
    const value = c.req.query(key);
    if (value !== undefined && positiveId(value) === undefined) problems[key] = 'Eine positive ganze Zahl.';
  }
  const direction = c.req.query('direction');
  if (direction !== undefined && direction !== 'asc' && direction !== 'desc') problems.direction = 'asc oder desc.';
  if (Object.keys(problems).length > 0) {
    return c.json(
      { error: { id: 'validation.failed', message: 'Ungültige Abfrageparameter.', fields: problems } },
      422,
    );
  }
  const list = await listOfficePapers(c.var.db, {
    bodyId,
    q: c.req.query('q'),
    type: c.req.query('type') || undefined,
    officeId: positiveId(c.req.query('officeId')),
    year: positiveId(c.req.query('year')),
    status: status as (typeof PAPER_STATUSES)[number] | undefined,
    sort: sort as (typeof SORT_KEYS)[number] | undefined,
    direction: direction as 'asc' | 'desc' | undefined,
    page: positiveId(c.req.query('page')) ?? 1,
    pageSize,
  });
  return c.json({ bodyId, total: list.total, page: list.page, pageSize: list.pageSize, items: list.rows });
});

api.get(`${BASE}/:id`, guard('paper.read', paperTarget), async (c) => {
  const id = positiveId(c.req.param('id'));
  const paper = id === undefined ? undefined : await loadOfficePaper(c.var.db, id);
  return paper ? c.json(present(paper)) : notFound(c);
});

api.get(`${BASE}/:id/consultations`, guard('paper.read', paperTarget), async (c) => {
  const id = positiveId(c.req.param('id'));
  const paper = id === undefined ? undefined : await loadOfficePaper(c.var.db, id);
  return paper ? c.json({ version: paper.version, items: paper.consultations }) : notFound(c);
});

// ---------------------------------------------------------------------------------------------------
// Write

const str = (v: unknown) => (typeof v === 'string' ? v : (v as string));
const num = (v: unknown) => (typeof v === 'number' ? v : (v as number));
const optionalVersion = (v: unknown) => (v === undefined ? undefined : num(v));

api.post(
  BASE,
  guard('paper.create', async (c) => {
    const body = await jsonBody(c);
    return { bodyId: typeof body?.bodyId === 'number' ? body.bodyId : undefined };
  }),
  async (c) => {
    const session = c.var.session;
    const body = await jsonBody(c);
    if (!session || !body) return notJson(c);
    try {
      const created = await createOfficePaper(ctxOf(c), session.actor, {
        bodyId: num(body.bodyId),
        officeId: num(body.officeId),
        year: num(body.year),
        paperType: str(body.paperType),
        title: str(body.title),
        text: body.text as string | null | undefined,
        date: body.date as string | null | undefined,
        dateFormat: 'JJJJ-MM-TT',
        public: body.public === undefined ? true : (body.public as boolean),
      });
      const paper = await loadOfficePaper(c.var.db, created.id);
      return c.json(paper ? present(paper) : created, 201);
    } catch (error) {
      return errorJson(c, error);
    }
  },
);

api.patch(`${BASE}/:id`, guard('paper.edit', paperTarget), async (c) => {
  const session = c.var.session;
  const id = positiveId(c.req.param('id'));
  const current = id === undefined ? undefined : await loadOfficePaper(c.var.db, id);
  if (!current || id === undefined) return notFound(c);
  const body = await jsonBody(c);
  if (!session || !body) return notJson(c);
  const pick = <K extends string>(key: K, fallback: unknown) => (key in body ? body[key] : fallback);
  try {
    await updateOfficePaper(ctxOf(c), session.actor, id, {
      version: num(body.version),
      paperType: str(pick('paperType', current.paperType)),
      title: str(pick('title', current.title)),
      text: pick('text', current.text) as string | null,
      date: pick('date', current.date) as string | null,
      dateFormat: 'JJJJ-MM-TT',
      public: pick('public', current.public) as boolean,
    });
    const paper = await loadOfficePaper(c.var.db, id);
    return c.json(paper ? present(paper) : {});
  } catch (error) {
    return errorJson(c, error);
  }
});

/** Runs a consultation write and answers with the paper's path as it is afterwards. */
async function consultationWrite(
  c: Context<AppEnv>,
  write: (paperId: number, body: Record<string, unknown>) => Promise<unknown>,
  status: 200 | 201 = 200,
  needsBody = true,
) {
  const session = c.var.session;
  const id = positiveId(c.req.param('id'));
  if (id === undefined || !(await paperBody(c.var.db, id))) return notFound(c);
  const body = needsBody ? await jsonBody(c) : ((await jsonBody(c)) ?? {});
  if (!session || !body) return notJson(c);
  try {
    await write(id, body);
    const paper = await loadOfficePaper(c.var.db, id);
    return c.json({ version: paper?.version, items: paper?.consultations ?? [] }, status);
  } catch (error) {
    return errorJson(c, error);
  }
}

const actorOf = (c: Context<AppEnv>) => {
  const session = c.var.session;
  if (!session) throw new Error('guarded route without a session');
  return session.actor;
};

api.post(`${BASE}/:id/consultations`, guard('paper.edit', paperTarget), (c) =>
  consultationWrite(
    c,
    (id, body) =>
      addPaperConsultation(
        ctxOf(c),
        actorOf(c),
        id,
        { organizationId: num(body.organizationId), role: str(body.role), status: body.status as string | undefined },
        optionalVersion(body.version),
      ),
    201,
  ),
);

api.put(`${BASE}/:id/consultations/order`, guard('paper.edit', paperTarget), (c) =>
  consultationWrite(c, (id, body) =>
    reorderPaperConsultations(
      ctxOf(c),
      actorOf(c),
      id,
      Array.isArray(body.order) ? body.order.map(num) : [],
      optionalVersion(body.version),
    ),
  ),
);

api.patch(`${BASE}/:id/consultations/:consultationId`, guard('paper.edit', paperTarget), (c) =>
  consultationWrite(c, (id, body) =>
    updatePaperConsultation(
      ctxOf(c),
      actorOf(c),
      id,
      positiveId(c.req.param('consultationId')) ?? 0,
      { role: body.role as string | undefined, status: body.status as string | undefined },
      optionalVersion(body.version),
    ),
  ),
);

api.delete(`${BASE}/:id/consultations/:consultationId`, guard('paper.edit', paperTarget), (c) =>
  consultationWrite(
    c,
    (id, body) =>
      removePaperConsultation(
        ctxOf(c),
        actorOf(c),
        id,
        positiveId(c.req.param('consultationId')) ?? 0,
        optionalVersion(body.version ?? positiveId(c.req.query('version'))),
      ),
    200,
    false,
  ),
);
