/**
 * The JSON API for finishing the minutes (issue 6, part 6), beside /api/v1/meetings/:id/attendance:
 *
 *   GET  /api/v1/meetings/:id/minutes                     status: state, signatures, who may sign, what is missing, versions
 *   POST /api/v1/meetings/:id/minutes/submit              {version}                 held → submitted for signature
 *   POST /api/v1/meetings/:id/minutes/withdraw            {version}                 submitted → held, signatures dropped
 *   POST /api/v1/meetings/:id/minutes/sign                {version, role?}          the caller's own signature (chair|secretary)
 *   POST /api/v1/meetings/:id/minutes/publish             {version}                 signed → published
 *   POST /api/v1/meetings/:id/minutes/unpublish           {version, reason}         published → not public
 *   POST /api/v1/meetings/:id/minutes/corrections         {version, reason, changes: [{itemId, minutesText?, resolutionText?}]} → 201
 *   GET  /api/v1/meetings/:id/minutes/versions            the versions (number, createdAt, createdByName, reason, contentHash, hashValid)
 *   GET  /api/v1/meetings/:id/minutes/versions/:number    one version with its stored document model and signatures
 *
 * Writes answer with the new status (and its `version`). Errors: `validation.failed` (422, `fields`; 400 for a
 * body that is not a JSON object), `conflict.stale` (409, `currentVersion`), `permission.denied` (403: the
 * role's rule, also publishing or correcting unsigned minutes), `minutes.signed` (403: submit, withdraw or sign
 * signed minutes), `minutes.signer` (403: the caller's person may not give that signature), `minutes.submitted`
 * (409, from part 5's writes while submitted), `minutes.already_submitted`, `minutes.not_submitted`,
 * `minutes.already_signed`, `minutes.already_published` (409), `minutes.no_attendance`, `meeting.cancelled` (422),
 * `not_found` (404), `auth.required` (401).
 */
import type { Context } from 'hono';
import type { Action } from '../../domain/permissions.ts';
import type { ServiceContext } from '../../services/context.ts';
import {
  correctMinutes,
  listMinutesVersions,
  loadMinutesStatus,
  loadMinutesVersion,
  type MinutesStatus,
  publishMinutes,
  type SignatureRole,
  signMinutes,
  submitMinutes,
  unpublishMinutes,
  withdrawMinutes,
} from '../../services/minutes-finish.ts';
import type { AppEnv } from '../env.ts';
import { api } from './api.ts';
import { minutesTarget } from './minutes-target.ts';
import { domainErrorJson, jsonBody, notJson, positiveId } from './request.ts';
import { refuseJson, requirePermission } from './session.ts';

const BASE = '/api/v1/meetings/:id/minutes';

const ctxOf = (c: Context<AppEnv>): ServiceContext => ({
  db: c.var.db,
  actor: c.var.session ? `user:${c.var.session.account.id}` : 'anonymous',
});

const notFound = (c: Context<AppEnv>, message = 'Diese Sitzung gibt es nicht.') =>
  c.json({ error: { id: 'not_found', message } }, 404);

const guard = (action: Action) => requirePermission(action, refuseJson, minutesTarget);

const sessionOf = (c: Context<AppEnv>) => {
  const session = c.var.session;
  if (!session) throw new Error('guarded route without a session');
  return session;
};

/** The status as JSON (dates as ISO strings). */
export const statusJson = (s: MinutesStatus) => ({
  meetingId: s.meetingId,
  version: s.version,
  state: s.state,
  stateLabel: s.stateLabel,
  cancelled: s.cancelled,
  submitted: s.submitted,
  signed: s.signed,
  published: s.published,
  publishedAt: s.publishedAt,
  attendanceRecorded: s.attendanceRecorded,
  signatures: s.signatures,
  signatories: s.signatories,
  missing: s.missing,
  hints: s.hints,
  viewerMaySign: s.viewerMaySign,
  versions: s.versions,
});

async function write(
  c: Context<AppEnv>,
  run: (id: number, body: Record<string, unknown>) => Promise<unknown>,
  status: 200 | 201 = 200,
) {
  const id = positiveId(c.req.param('id'));
  if (id === undefined) return notFound(c);
  const body = await jsonBody(c);
  if (!body) return notJson(c);
  try {
    await run(id, body);
  } catch (error) {
    return domainErrorJson(c, error, notFound);
  }
  const s = await loadMinutesStatus(c.var.db, id, sessionOf(c).account.personId);
  return s ? c.json(statusJson(s), status) : notFound(c);
}

const num = (v: unknown) => v as number;

api.get(BASE, guard('meeting.read'), async (c) => {
  const id = positiveId(c.req.param('id'));
  const s = id === undefined ? undefined : await loadMinutesStatus(c.var.db, id, sessionOf(c).account.personId);
  return s ? c.json(statusJson(s)) : notFound(c);
});

api.post(`${BASE}/submit`, guard('minutes.submit'), (c) =>
  write(c, (id, body) => submitMinutes(ctxOf(c), sessionOf(c).actor, id, { version: num(body.version) })),
);

api.post(`${BASE}/withdraw`, guard('minutes.submit'), (c) =>
  write(c, (id, body) => withdrawMinutes(ctxOf(c), sessionOf(c).actor, id, { version: num(body.version) })),
);

api.post(`${BASE}/sign`, guard('minutes.sign'), (c) =>
  write(c, (id, body) => {
    const session = sessionOf(c);
    return signMinutes(ctxOf(c), { actor: session.actor, personId: session.account.personId }, id, {
      version: num(body.version),
      role: (body.role ?? null) as SignatureRole | null,
    });
  }),
);

api.post(`${BASE}/publish`, guard('minutes.publish'), (c) =>
  write(c, (id, body) => publishMinutes(ctxOf(c), sessionOf(c).actor, id, { version: num(body.version) })),
);

api.post(`${BASE}/unpublish`, guard('minutes.unpublish'), (c) =>
  write(c, (id, body) =>
    unpublishMinutes(ctxOf(c), sessionOf(c).actor, id, {
      version: num(body.version),
      reason: typeof body.reason === 'string' ? body.reason : '',
    }),
  ),
);

api.post(`${BASE}/corrections`, guard('minutes.correct'), (c) =>
  write(
    c,
    (id, body) =>
      correctMinutes(ctxOf(c), sessionOf(c).actor, id, {
        version: num(body.version),
        reason: typeof body.reason === 'string' ? body.reason : '',
        changes: (Array.isArray(body.changes) ? body.changes : []) as Parameters<typeof correctMinutes>[3]['changes'],
      }),
    201,
  ),
);

api.get(`${BASE}/versions`, guard('meeting.read'), async (c) => {
  const id = positiveId(c.req.param('id'));
  const s = id === undefined ? undefined : await loadMinutesStatus(c.var.db, id);
  return s
    ? c.json({ meetingId: s.meetingId, versions: await listMinutesVersions(c.var.db, s.meetingId) })
    : notFound(c);
});

api.get(`${BASE}/versions/:number`, guard('meeting.read'), async (c) => {
  const id = positiveId(c.req.param('id'));
  const number = positiveId(c.req.param('number'));
  const v = id === undefined || number === undefined ? undefined : await loadMinutesVersion(c.var.db, id, number);
  return v ? c.json(v) : notFound(c, 'Diese Fassung der Niederschrift gibt es nicht.');
});
