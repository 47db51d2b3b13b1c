/**
 * The JSON API for meetings under /api/v1/meetings: the operations of the back office pages (list with
 * filters, sort and pages; one meeting with its agenda; plan, update, cancel, move; agenda items add,
 * update, move, remove; invitation and supplement). Session (with the X-CSRF-Token header) or
 * `Authorization: Bearer <API token>`, as /api/v1/konto.
 *
 * Errors are `{ "error": { "id", "message", … } }` with stable ids: `validation.failed` (422, with
 * `fields`; 400 for a body that is not a JSON object), `conflict.stale` (409, with `currentVersion`),
 * `meeting.deadline_missed` (422, with `check` and `needsConfirmation`: send `confirm: true` and a
 * `reason`), `permission.denied` (403), `auth.required` (401), `not_found` (404), other rule ids (422).
 *
 * @example
 *   POST /api/v1/meetings {"bodyId":1,"organizationId":4,"date":"2027-03-04","startTime":"17:00"} → 201 {…,"version":1}
 *   POST /api/v1/meetings/9/agenda-items {"version":1,"title":"Formalien","public":true} → 201 {…,"version":2}
 *   POST /api/v1/meetings/9/invite {"version":2,"date":"2027-02-25"} → 422 {"error":{"id":"meeting.deadline_missed",…}}
 */
import type { Context } from 'hono';
import { isDomainError } from '../../domain/errors.ts';
import { type Action, can } from '../../domain/permissions.ts';
import { bodyNames } from '../../services/accounts.ts';
import type { ServiceContext } from '../../services/context.ts';
import {
  addOfficeAgendaItem,
  cancelMeeting,
  createOfficeMeeting,
  inviteMeeting,
  issueSupplement,
  listOfficeMeetings,
  loadOfficeMeeting,
  MEETING_SORT_KEYS,
  MEETING_STATUSES,
  meetingBody,
  moveMeeting,
  moveOfficeAgendaItem,
  type OfficeMeeting,
  parseDateInput,
  removeOfficeAgendaItem,
  updateOfficeAgendaItem,
  updateOfficeMeeting,
} from '../../services/meetings-office.ts';
import type { AppEnv } from '../env.ts';
import { api } from './api.ts';
import { domainErrorJson, jsonBody, notJson, positiveId } from './request.ts';
import { refuseJson, requirePermission } from './session.ts';

const BASE = '/api/v1/meetings';

const ctxOf = (c: Context<AppEnv>): ServiceContext => ({
  db: c.var.db,
  actor: c.var.session ? `user:${c.var.session.account.id}` : 'anonymous',
});

const notFound = (c: Context<AppEnv>, message = 'Diese Sitzung gibt es nicht.') =>
  c.json({ error: { id: 'not_found', message } }, 404);

function errorJson(c: Context<AppEnv>, error: unknown): Response {
  if (isDomainError(error) && error.id === 'meeting.deadline_missed') {
    return c.json(
      { error: { id: error.id, message: error.message, check: error.details.check, needsConfirmation: true } },
      422,
    );
  }
  return domainErrorJson(c, error, notFound);
}

const meetingTarget = async (c: Context<AppEnv>) => {
  const id = positiveId(c.req.param('id'));
  return { bodyId: id === undefined ? undefined : await meetingBody(c.var.db, id) };
};

const guard = (action: Action, target?: Parameters<typeof requirePermission>[2]) =>
  requirePermission(action, refuseJson, target);

const present = (m: OfficeMeeting) => ({
  id: m.id,
  bodyId: m.bodyId,
  organizationId: m.organizationId,
  organizationName: m.organizationName,
  startAt: m.startAt.toISOString(),
  endAt: m.endAt?.toISOString() ?? null,
  date: m.date,
  startTime: m.startTime,
  endTime: m.endTime || null,
  locationId: m.locationId,
  roomId: m.roomId,
  location: m.location,
  state: m.state,
  status: m.status,
  cancelled: m.cancelled,
  invitationSentOn: m.invitationSentOn,
  invitationUrgent: m.invitationUrgent,
  supplementSentOn: m.supplementSentOn,
  version: m.version,
  agendaItems: m.items,
});

async function answer(c: Context<AppEnv>, id: number, status: 200 | 201 = 200, extra: Record<string, unknown> = {}) {
  const meeting = await loadOfficeMeeting(c.var.db, id);
  return meeting ? c.json({ ...present(meeting), ...extra }, status) : notFound(c);
}

const actorOf = (c: Context<AppEnv>) => {
  const session = c.var.session;
  if (!session) throw new Error('guarded route without a session');
  return session.actor;
};

const num = (v: unknown) => (typeof v === 'number' ? v : (v as number));
const optionalText = (v: unknown) => (typeof v === 'string' ? v : v == null ? null : String(v));
const optionalId = (v: unknown) => (typeof v === 'number' ? v : v == null ? null : -1);

// ---------------------------------------------------------------------------------------------------
// Read

api.get(BASE, guard('meeting.read'), async (c) => {
  const session = c.var.session;
  if (!session) return notFound(c);
  const readable = [...(await bodyNames(c.var.db)).keys()].filter((id) =>
    can(session.actor, 'meeting.read', { bodyId: id }),
  );
  const explicit = c.req.query('bodyId');
  const bodyId = explicit !== undefined ? (positiveId(explicit) ?? -1) : (readable[0] ?? -1);
  if (!readable.includes(bodyId)) {
    return c.json(
      { error: { id: 'permission.denied', message: 'Die Sitzungen dieser Körperschaft dürfen Sie nicht lesen.' } },
      403,
    );
  }
  const fields: Record<string, string> = {};
  const from = c.req.query('from');
  const to = c.req.query('to');
  if (from && !parseDateInput(from)) fields.from = 'Das Datum muss die Form JJJJ-MM-TT haben.';
  if (to && !parseDateInput(to)) fields.to = 'Das Datum muss die Form JJJJ-MM-TT haben.';
  const status = c.req.query('status');
  if (status && !(MEETING_STATUSES as readonly string[]).includes(status)) {
    fields.status = `Erlaubt sind ${MEETING_STATUSES.join(', ')}.`;
  }
  const sort = c.req.query('sort') ?? 'date';
  if (!(MEETING_SORT_KEYS as readonly string[]).includes(sort))
    fields.sort = `Erlaubt sind ${MEETING_SORT_KEYS.join(', ')}.`;
  if (Object.keys(fields).length > 0) {
    return c.json({ error: { id: 'validation.failed', message: 'Ungültige Abfrage.', fields } }, 422);
  }
  const pageSize = Math.min(100, positiveId(c.req.query('pageSize')) ?? 25);
  const list = await listOfficeMeetings(c.var.db, {
    bodyId,
    organizationId: positiveId(c.req.query('organizationId')),
    from: from ? parseDateInput(from) : undefined,
    to: to ? parseDateInput(to) : undefined,
    status: status as (typeof MEETING_STATUSES)[number] | undefined,
    sort: sort as (typeof MEETING_SORT_KEYS)[number],
    direction:
      c.req.query('direction') === 'asc'
        ? 'asc'
        : c.req.query('direction') === 'desc'
          ? 'desc'
          : sort === 'date'
            ? 'desc'
            : 'asc',
    page: positiveId(c.req.query('page')) ?? 1,
    pageSize,
  });
  return c.json({
    bodyId,
    total: list.total,
    page: list.page,
    pageSize: list.pageSize,
    items: list.rows.map((r) => ({ ...r, startAt: r.startAt.toISOString(), endAt: r.endAt?.toISOString() ?? null })),
  });
});

api.get(`${BASE}/:id`, guard('meeting.read', meetingTarget), async (c) => {
  const id = positiveId(c.req.param('id'));
  return id === undefined ? notFound(c) : answer(c, id);
});

// ---------------------------------------------------------------------------------------------------
// Write

/** Runs a write on one meeting and answers with the meeting as it is afterwards. */
async function meetingWrite(
  c: Context<AppEnv>,
  write: (id: number, body: Record<string, unknown>) => Promise<unknown>,
  status: 200 | 201 = 200,
  needsBody = true,
) {
  const id = positiveId(c.req.param('id'));
  if (id === undefined || !(await meetingBody(c.var.db, id))) return notFound(c);
  const body = needsBody ? await jsonBody(c) : ((await jsonBody(c)) ?? {});
  if (!body) return notJson(c);
  try {
    const result = await write(id, body);
    const check = (result as { check?: { ok: boolean; message: string } } | undefined)?.check;
    return answer(c, id, status, check ? { deadline: { ok: check.ok, message: check.message } } : {});
  } catch (error) {
    return errorJson(c, error);
  }
}

/** The API takes and names ISO dates in its messages. */
const API_DATE = 'JJJJ-MM-TT' as const;

const meetingFields = (body: Record<string, unknown>) => ({
  organizationId: optionalId(body.organizationId),
  date: optionalText(body.date),
  startTime: optionalText(body.startTime),
  endTime: optionalText(body.endTime),
  locationId: optionalId(body.locationId),
  roomId: optionalId(body.roomId),
  dateFormat: API_DATE,
});

api.post(
  BASE,
  guard('meeting.plan', async (c) => {
    const body = await jsonBody(c);
    return { bodyId: typeof body?.bodyId === 'number' ? body.bodyId : undefined };
  }),
  async (c) => {
    const body = await jsonBody(c);
    if (!body) return notJson(c);
    try {
      const created = await createOfficeMeeting(ctxOf(c), actorOf(c), {
        bodyId: num(body.bodyId),
        ...meetingFields(body),
      });
      return answer(c, created.id, 201);
    } catch (error) {
      return errorJson(c, error);
    }
  },
);

api.patch(`${BASE}/:id`, guard('meeting.plan', meetingTarget), async (c) => {
  const id = positiveId(c.req.param('id'));
  const current = id === undefined ? undefined : await loadOfficeMeeting(c.var.db, id);
  if (!current) return notFound(c);
  return meetingWrite(c, (meetingId, body) => {
    const pick = (key: string, fallback: unknown) => (key in body ? body[key] : fallback);
    return updateOfficeMeeting(ctxOf(c), actorOf(c), meetingId, {
      version: num(body.version),
      ...meetingFields({
        organizationId: pick('organizationId', current.organizationId),
        date: pick('date', current.date),
        startTime: pick('startTime', current.startTime),
        endTime: pick('endTime', current.endTime || null),
        locationId: pick('locationId', current.locationId),
        roomId: pick('roomId', current.roomId),
      }),
    });
  });
});

api.post(`${BASE}/:id/cancel`, guard('meeting.plan', meetingTarget), (c) =>
  meetingWrite(c, (id, body) =>
    cancelMeeting(ctxOf(c), actorOf(c), id, { version: num(body.version), reason: optionalText(body.reason) ?? '' }),
  ),
);

api.post(`${BASE}/:id/move`, guard('meeting.plan', meetingTarget), (c) =>
  meetingWrite(c, (id, body) =>
    moveMeeting(ctxOf(c), actorOf(c), id, {
      version: num(body.version),
      date: optionalText(body.date) ?? '',
      dateFormat: API_DATE,
      startTime: optionalText(body.startTime) ?? '',
      endTime: optionalText(body.endTime),
      reason: optionalText(body.reason),
    }),
  ),
);

const itemFields = (body: Record<string, unknown>) => ({
  title: optionalText(body.title),
  subtitle: optionalText(body.subtitle),
  public: typeof body.public === 'boolean' ? body.public : null,
  paperId: optionalId(body.paperId),
});

api.post(`${BASE}/:id/agenda-items`, guard('agenda.edit', meetingTarget), (c) =>
  meetingWrite(
    c,
    (id, body) =>
      addOfficeAgendaItem(ctxOf(c), actorOf(c), id, {
        version: num(body.version),
        ...itemFields(body),
        parentId: optionalId(body.parentId),
      }),
    201,
  ),
);

api.patch(`${BASE}/:id/agenda-items/:itemId`, guard('agenda.edit', meetingTarget), async (c) => {
  const id = positiveId(c.req.param('id'));
  const itemId = positiveId(c.req.param('itemId')) ?? 0;
  const current = (id === undefined ? undefined : await loadOfficeMeeting(c.var.db, id))?.items.find(
    (i) => i.id === itemId,
  );
  if (!current) return notFound(c, 'Diesen Tagesordnungspunkt gibt es in der Sitzung nicht.');
  return meetingWrite(c, (meetingId, body) => {
    const pick = (key: string, fallback: unknown) => (key in body ? body[key] : fallback);
    return updateOfficeAgendaItem(ctxOf(c), actorOf(c), meetingId, itemId, {
      version: num(body.version),
      ...itemFields({
        title: pick('title', current.title),
        subtitle: pick('subtitle', current.subtitle),
        public: pick('public', current.public),
        paperId: pick('paperId', current.paperId),
      }),
    });
  });
});

api.post(`${BASE}/:id/agenda-items/:itemId/move`, guard('agenda.edit', meetingTarget), (c) =>
  meetingWrite(c, (id, body) =>
    moveOfficeAgendaItem(ctxOf(c), actorOf(c), id, positiveId(c.req.param('itemId')) ?? 0, {
      version: num(body.version),
      direction: String(body.direction ?? ''),
    }),
  ),
);

api.delete(`${BASE}/:id/agenda-items/:itemId`, guard('agenda.edit', meetingTarget), (c) =>
  meetingWrite(
    c,
    (id, body) =>
      removeOfficeAgendaItem(ctxOf(c), actorOf(c), id, positiveId(c.req.param('itemId')) ?? 0, {
        version: num(body.version ?? positiveId(c.req.query('version'))),
      }),
    200,
    false,
  ),
);

api.post(`${BASE}/:id/invite`, guard('meeting.invite', meetingTarget), (c) =>
  meetingWrite(c, (id, body) =>
    inviteMeeting(ctxOf(c), actorOf(c), id, {
      version: num(body.version),
      date: optionalText(body.date),
      dateFormat: API_DATE,
      urgent: body.urgent === true,
      confirm: body.confirm === true,
      reason: optionalText(body.reason),
    }),
  ),
);

api.post(`${BASE}/:id/supplement`, guard('meeting.invite', meetingTarget), (c) =>
  meetingWrite(c, (id, body) =>
    issueSupplement(ctxOf(c), actorOf(c), id, {
      version: num(body.version),
      date: optionalText(body.date),
      dateFormat: API_DATE,
    }),
  ),
);
