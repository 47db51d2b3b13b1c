/**
 * The JSON API for attendance and votes (issue 6, part 5), beside /api/v1/meetings:
 *
 *   GET   /api/v1/meetings/:id/attendance              the list, the roster and the quorum (explanation in German)
 *   PUT   /api/v1/meetings/:id/attendance              {version, entries: [{personId, role, status, substituteForPersonId?, arrivedAt?, leftAt?, function?}]}
 *   GET   /api/v1/meetings/:id/items/:itemId           texts, votes (with their German phrase), conflicts, addenda
 *   PATCH /api/v1/meetings/:id/items/:itemId           {version, minutesText?, resolutionText?, resolutionKind?}
 *   POST  /api/v1/meetings/:id/items/:itemId/vote      {version, method?, yes?, no?, abstain?, unanimous?, noted?, byFaction?, ballots?}
 *   DELETE /api/v1/meetings/:id/items/:itemId/votes/:voteId            {version} (or ?version=)
 *   POST  /api/v1/meetings/:id/items/:itemId/conflicts {version, personId, note?}
 *   DELETE /api/v1/meetings/:id/items/:itemId/conflicts/:personId      {version} (or ?version=)
 *   POST  /api/v1/meetings/:id/items/:itemId/addenda   {version, heading?, text}
 *   PATCH /api/v1/meetings/:id/items/:itemId/addenda/:addendumId       {version, heading?, text}
 *   DELETE /api/v1/meetings/:id/items/:itemId/addenda/:addendumId      {version} (or ?version=)
 *   POST  /api/v1/meetings/:id/items/:itemId/attachments multipart/form-data: version, files (one or more), label?
 *   PATCH /api/v1/meetings/:id/items/:itemId/attachments/:fileId       {version, label?, move?: "up"|"down"}
 *   DELETE /api/v1/meetings/:id/items/:itemId/attachments/:fileId      {version} (or ?version=)
 *
 * `resolutionKind` is decision (Beschluss), recommendation (Empfehlung) or notice (Kenntnisnahme); without
 * one a resolution text gets the stored kind or the one the paper's consultation role suggests.
 *
 * Writes answer with the new state and the meeting's new `version`. Errors: `validation.failed` (422,
 * with `fields`; 400 for a body that is not a JSON object), `conflict.stale` (409, `currentVersion`),
 * `permission.denied` (403), `minutes.signed` (403: the minutes are signed, nothing is changed any
 * more), `not_found` (404), `auth.required` (401), other rule ids (422).
 */
import type { Context } from 'hono';
import type { Action } from '../../domain/permissions.ts';
import type { ServiceContext } from '../../services/context.ts';
import { meetingBody } from '../../services/meetings-office.ts';
import {
  type AttendanceInput,
  addItemAddendum,
  addItemAttachments,
  declareItemConflict,
  editItemAttachment,
  loadMeetingRecord,
  type MeetingRecord,
  recordItemVote,
  removeItemAddendum,
  removeItemAttachment,
  removeItemConflict,
  removeItemVote,
  saveAttendance,
  saveItemTexts,
  updateItemAddendum,
  type VoteInput,
} from '../../services/meetings-record.ts';
import type { UploadedFile } from '../../services/papers-office.ts';
import type { AppEnv } from '../env.ts';
import { api } from './api.ts';
import { uploadsOf } from './meetings-record.tsx';
import { domainErrorJson, jsonBody, positiveId } from './request.ts';
import { refuseJson, requirePermission } from './session.ts';

const BASE = '/api/v1/meetings';

const ctxOf = (c: Context<AppEnv>): ServiceContext => ({
  db: c.var.db,
  actor: c.var.session ? `user:${c.var.session.account.id}` : 'anonymous',
});

const notFound = (c: Context<AppEnv>, message = 'Diese Sitzung gibt es nicht.') =>
  c.json({ error: { id: 'not_found', message } }, 404);

const errorJson = (c: Context<AppEnv>, error: unknown): Response => domainErrorJson(c, error, notFound);

const meetingTarget = async (c: Context<AppEnv>) => {
  const id = positiveId(c.req.param('id'));
  return { bodyId: id === undefined ? undefined : await meetingBody(c.var.db, id) };
};

const guard = (action: Action) => requirePermission(action, refuseJson, meetingTarget);

const actorOf = (c: Context<AppEnv>) => {
  const session = c.var.session;
  if (!session) throw new Error('guarded route without a session');
  return session.actor;
};

const attendanceJson = (r: MeetingRecord) => ({
  meetingId: r.id,
  version: r.version,
  signed: r.signed,
  statutoryMembers: r.statutoryMembers,
  quorum: r.quorum
    ? {
        quorate: r.quorum.quorate,
        counted: r.quorum.counted,
        required: r.quorum.required,
        norm: r.quorum.norm,
        explanation: r.quorum.explanation,
      }
    : null,
  roster: r.roster,
  attendance: r.attendance,
});

const itemJson = (r: MeetingRecord, itemId: number) => {
  const item = r.items.find((i) => i.id === itemId);
  return item ? { meetingId: r.id, version: r.version, signed: r.signed, ...item } : undefined;
};

/** Loads the meeting (404 if there is none), runs the write, answers with `present` of the new state. */
async function write(
  c: Context<AppEnv>,
  run: (id: number, body: Record<string, unknown>) => Promise<unknown>,
  present: (r: MeetingRecord) => unknown,
  status: 200 | 201 = 200,
  read: (c: Context<AppEnv>) => Promise<Record<string, unknown> | undefined> = jsonBody,
) {
  const id = positiveId(c.req.param('id'));
  if (id === undefined || !(await meetingBody(c.var.db, id))) return notFound(c);
  const body = await read(c);
  if (!body) {
    return c.json(
      {
        error: {
          id: 'validation.failed',
          message:
            read === uploadBody
              ? 'Dateien werden als multipart/form-data hochgeladen (Felder version, files, label).'
              : 'Der Inhalt der Anfrage muss ein JSON-Objekt sein (Content-Type: application/json).',
          fields: {},
        },
      },
      400,
    );
  }
  try {
    await run(id, body);
  } catch (error) {
    return errorJson(c, error);
  }
  const r = await loadMeetingRecord(c.var.db, id);
  return r ? c.json(present(r) as object, status) : notFound(c);
}

const num = (v: unknown) => v as number;
const text = (v: unknown) => (typeof v === 'string' ? v : v == null ? null : String(v));
const itemIdOf = (c: Context<AppEnv>) => positiveId(c.req.param('itemId')) ?? 0;
const itemAnswer = (c: Context<AppEnv>) => (r: MeetingRecord) => itemJson(r, itemIdOf(c));

api.get(`${BASE}/:id/attendance`, guard('meeting.read'), async (c) => {
  const id = positiveId(c.req.param('id'));
  const r = id === undefined ? undefined : await loadMeetingRecord(c.var.db, id);
  return r ? c.json(attendanceJson(r)) : notFound(c);
});

api.put(`${BASE}/:id/attendance`, guard('attendance.record'), (c) =>
  write(
    c,
    (id, body) =>
      saveAttendance(ctxOf(c), actorOf(c), id, {
        version: num(body.version),
        entries: (Array.isArray(body.entries) ? body.entries : []) as AttendanceInput[],
      }),
    attendanceJson,
  ),
);

api.get(`${BASE}/:id/items/:itemId`, guard('meeting.read'), async (c) => {
  const id = positiveId(c.req.param('id'));
  const r = id === undefined ? undefined : await loadMeetingRecord(c.var.db, id);
  const item = r ? itemJson(r, itemIdOf(c)) : undefined;
  return item ? c.json(item) : notFound(c, 'Diesen Tagesordnungspunkt gibt es in der Sitzung nicht.');
});

api.patch(`${BASE}/:id/items/:itemId`, guard('minutes.edit'), (c) =>
  write(
    c,
    async (id, body) => {
      const r = await loadMeetingRecord(c.var.db, id);
      const current = r?.items.find((i) => i.id === itemIdOf(c));
      return saveItemTexts(ctxOf(c), actorOf(c), id, itemIdOf(c), {
        version: num(body.version),
        minutesText: 'minutesText' in body ? text(body.minutesText) : (current?.minutesText ?? null),
        resolutionText: 'resolutionText' in body ? text(body.resolutionText) : (current?.resolutionText ?? null),
        resolutionKind: text(body.resolutionKind),
      });
    },
    itemAnswer(c),
  ),
);

api.post(`${BASE}/:id/items/:itemId/vote`, guard('vote.record'), (c) =>
  write(
    c,
    (id, body) =>
      recordItemVote(ctxOf(c), actorOf(c), id, itemIdOf(c), {
        version: num(body.version),
        method: body.method as VoteInput['method'],
        subject: text(body.subject),
        noted: body.noted === true,
        unanimous: body.unanimous === true,
        yes: body.yes as number | null,
        no: body.no as number | null,
        abstain: body.abstain as number | null,
        byFaction: (Array.isArray(body.byFaction) ? body.byFaction : []) as VoteInput['byFaction'],
        ballots: (Array.isArray(body.ballots) ? body.ballots : []) as VoteInput['ballots'],
      }),
    itemAnswer(c),
    201,
  ),
);

api.post(`${BASE}/:id/items/:itemId/conflicts`, guard('vote.record'), (c) =>
  write(
    c,
    (id, body) =>
      declareItemConflict(ctxOf(c), actorOf(c), id, itemIdOf(c), {
        version: num(body.version),
        personId: num(body.personId),
        note: text(body.note),
      }),
    itemAnswer(c),
    201,
  ),
);

api.post(`${BASE}/:id/items/:itemId/addenda`, guard('minutes.edit'), (c) =>
  write(
    c,
    (id, body) =>
      addItemAddendum(ctxOf(c), actorOf(c), id, itemIdOf(c), {
        version: num(body.version),
        heading: text(body.heading),
        text: text(body.text) ?? '',
      }),
    itemAnswer(c),
    201,
  ),
);

/** The body of a DELETE: its JSON object if any (an empty body is none), with `version` from the query else. */
async function deleteBody(c: Context<AppEnv>): Promise<Record<string, unknown> | undefined> {
  const raw = await c.req.text();
  let body: Record<string, unknown> = {};
  if (raw.trim() !== '') {
    try {
      const value: unknown = JSON.parse(raw);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
      body = value as Record<string, unknown>;
    } catch {
      return undefined;
    }
  }
  const query = c.req.query('version');
  return body.version === undefined && query !== undefined ? { ...body, version: Number(query) } : body;
}

/** The fields of a multipart upload: `version` as a number, `label`, the files. */
async function uploadBody(c: Context<AppEnv>): Promise<Record<string, unknown> | undefined> {
  if (!(c.req.header('content-type') ?? '').startsWith('multipart/form-data')) return undefined;
  const form = (await c.req.parseBody({ all: true })) as Record<string, string | File | (string | File)[]>;
  const one = (v: unknown) => (Array.isArray(v) ? v[0] : v);
  const version = one(form.version);
  const label = one(form.label);
  return {
    version: typeof version === 'string' && /^\d+$/.test(version) ? Number(version) : undefined,
    label: typeof label === 'string' ? label : null,
    files: await uploadsOf(form, 'files'),
  };
}

const keyOf = (c: Context<AppEnv>, name: string) => positiveId(c.req.param(name)) ?? 0;

api.delete(`${BASE}/:id/items/:itemId/votes/:voteId`, guard('vote.record'), (c) =>
  write(
    c,
    (id, body) =>
      removeItemVote(ctxOf(c), actorOf(c), id, itemIdOf(c), keyOf(c, 'voteId'), { version: num(body.version) }),
    itemAnswer(c),
    200,
    deleteBody,
  ),
);

api.delete(`${BASE}/:id/items/:itemId/conflicts/:personId`, guard('vote.record'), (c) =>
  write(
    c,
    (id, body) =>
      removeItemConflict(ctxOf(c), actorOf(c), id, itemIdOf(c), keyOf(c, 'personId'), { version: num(body.version) }),
    itemAnswer(c),
    200,
    deleteBody,
  ),
);

api.patch(`${BASE}/:id/items/:itemId/addenda/:addendumId`, guard('minutes.edit'), (c) =>
  write(
    c,
    (id, body) =>
      updateItemAddendum(ctxOf(c), actorOf(c), id, itemIdOf(c), keyOf(c, 'addendumId'), {
        version: num(body.version),
        heading: text(body.heading),
        text: text(body.text) ?? '',
      }),
    itemAnswer(c),
  ),
);

api.delete(`${BASE}/:id/items/:itemId/addenda/:addendumId`, guard('minutes.edit'), (c) =>
  write(
    c,
    (id, body) =>
      removeItemAddendum(ctxOf(c), actorOf(c), id, itemIdOf(c), keyOf(c, 'addendumId'), { version: num(body.version) }),
    itemAnswer(c),
    200,
    deleteBody,
  ),
);

api.post(`${BASE}/:id/items/:itemId/attachments`, guard('minutes.edit'), (c) =>
  write(
    c,
    (id, body) =>
      addItemAttachments(ctxOf(c), actorOf(c), id, itemIdOf(c), {
        version: num(body.version),
        label: text(body.label),
        files: body.files as UploadedFile[],
      }),
    itemAnswer(c),
    201,
    uploadBody,
  ),
);

api.patch(`${BASE}/:id/items/:itemId/attachments/:fileId`, guard('minutes.edit'), (c) =>
  write(
    c,
    (id, body) =>
      editItemAttachment(ctxOf(c), actorOf(c), id, itemIdOf(c), keyOf(c, 'fileId'), {
        version: num(body.version),
        label: body.label === undefined ? null : typeof body.label === 'string' ? body.label : '',
        move: body.move === undefined || body.move === null ? null : (body.move as 'up' | 'down'),
      }),
    itemAnswer(c),
  ),
);

api.delete(`${BASE}/:id/items/:itemId/attachments/:fileId`, guard('minutes.edit'), (c) =>
  write(
    c,
    (id, body) =>
      removeItemAttachment(ctxOf(c), actorOf(c), id, itemIdOf(c), keyOf(c, 'fileId'), { version: num(body.version) }),
    itemAnswer(c),
    200,
    deleteBody,
  ),
);
