/**
 * The JSON API of master data under /api/v1/stammdaten/{körperschaft}: the same operations as the back
 * office pages, for integrations and automation (session or `Authorization: Bearer <API token>`).
 *
 *   GET    …/{collection}?q=&sort=name|-name&page=&pageSize=   list (pageSize 1–100, default 25)
 *   GET    …/{collection}/{id}                                  one row, with its `version`
 *   POST   …/{collection}                                       create (JSON object) → 201
 *   PATCH  …/{collection}/{id}                                  update: `version` plus the fields to change
 *   GET|POST …/orte/{id}/raeume, GET|PATCH …/orte/{id}/raeume/{raum}   rooms of a location
 *
 * Collections: organisationen (filter `kind`), wahlperioden, personen, mitgliedschaften (filters
 * `organizationId`, `personId`), orte. Field names are those of the rows (`name`, `startDate`, …).
 * Errors: `{ error: { id, message, fields?, current? } }` with stable ids: `validation.failed` (422, one
 * German message per field), `conflict.stale` (409, `current` is the row as stored now), `*.not_found`
 * (404), `auth.required` (401), `permission.denied` (403), `csrf.invalid` (403, a session cookie without
 * the X-CSRF-Token header).
 */
import type { Context } from 'hono';
import type { Executor } from '../../db/open.ts';
import { type DomainError, isDomainError, statusForError } from '../../domain/errors.ts';
import type { Action } from '../../domain/permissions.ts';
import type { ServiceContext } from '../../services/context.ts';
import {
  bodyBySlug,
  createLocationIn,
  createMembershipIn,
  createOrganizationIn,
  createPersonIn,
  createRoomIn,
  createTermIn,
  getLocationOf,
  getMembershipOf,
  getOrganizationOf,
  getPersonOf,
  getRoomOf,
  getTermOf,
  type ListQuery,
  type ListResult,
  listLocations,
  listMemberships,
  listOrganizations,
  listPersons,
  listTerms,
  MAX_PAGE_SIZE,
  ORGANIZATION_KINDS,
  type OrganizationKind,
  roomsOf,
  updateLocationIn,
  updateMembershipIn,
  updateOrganizationIn,
  updatePersonIn,
  updateRoomIn,
  updateTermIn,
  validationFailed,
} from '../../services/masterdata-edit.ts';
import type { DateFormat } from '../../services/meetings-office.ts';
import type { AppEnv } from '../env.ts';
import { api } from './api.ts';
import { refuseJson, requirePermission } from './session.ts';

type Raw = Record<string, unknown>;
type Update = (
  ctx: ServiceContext,
  bodyId: number,
  id: number,
  version: string,
  raw: Raw,
  o: { partial: boolean; dateFormat: DateFormat },
) => Promise<unknown>;

interface Collection {
  list: (db: Executor, bodyId: number, query: ListQuery, c: Context<AppEnv>) => Promise<ListResult<unknown>>;
  get: (db: Executor, bodyId: number, id: number) => Promise<unknown>;
  create: (ctx: ServiceContext, bodyId: number, raw: Raw, o: { dateFormat: DateFormat }) => Promise<unknown>;
  update: Update;
}

const optionalId = (value: string | undefined, key: string): number | undefined => {
  if (value === undefined || value === '') return undefined;
  if (!/^\d{1,9}$/.test(value)) throw validationFailed({ [key]: 'Bitte eine positive ganze Zahl angeben.' });
  return Number(value);
};

const COLLECTIONS: Record<string, Collection> = {
  organisationen: {
    list: (db, bodyId, query, c) => {
      const kind = c.req.query('kind');
      if (kind && !(kind in ORGANIZATION_KINDS)) {
        throw validationFailed({ kind: `Unbekannte Art; möglich: ${Object.keys(ORGANIZATION_KINDS).join(', ')}.` });
      }
      return listOrganizations(db, bodyId, { ...query, kind: kind ? (kind as OrganizationKind) : undefined });
    },
    get: getOrganizationOf,
    create: createOrganizationIn,
    update: updateOrganizationIn,
  },
  wahlperioden: { list: listTerms, get: getTermOf, create: createTermIn, update: updateTermIn },
  personen: { list: listPersons, get: getPersonOf, create: createPersonIn, update: updatePersonIn },
  mitgliedschaften: {
    list: (db, bodyId, query, c) =>
      listMemberships(db, bodyId, {
        ...query,
        organizationId: optionalId(c.req.query('organizationId'), 'organizationId'),
        personId: optionalId(c.req.query('personId'), 'personId'),
      }),
    get: getMembershipOf,
    create: createMembershipIn,
    update: updateMembershipIn,
  },
  orte: { list: listLocations, get: getLocationOf, create: createLocationIn, update: updateLocationIn },
};

const BASE = '/api/v1/stammdaten/:body';

/** The API takes and names ISO dates in its messages. */
const API_DATE: DateFormat = 'JJJJ-MM-TT';

const ctxOf = (c: Context<AppEnv>): ServiceContext => ({
  db: c.var.db,
  actor: c.var.session ? `user:${c.var.session.account.id}` : 'anonymous',
});

const bodyTarget = async (c: Context<AppEnv>) => ({
  bodyId: (await bodyBySlug(c.var.db, c.req.param('body') ?? ''))?.id,
});

const guard = (action: Action) => requirePermission(action, refuseJson, bodyTarget);

function errorJson(c: Context<AppEnv>, error: DomainError, extra: Record<string, unknown> = {}) {
  const fields = error.details.fields;
  return c.json(
    { error: { id: error.id, message: error.message, ...(fields ? { fields } : {}), ...extra } },
    statusForError(error.id) as 400,
  );
}

/** Runs a handler; domain errors become their JSON answer (`current` added to a conflict). */
async function answer(
  c: Context<AppEnv>,
  run: (bodyId: number) => Promise<Response>,
  current?: (bodyId: number) => Promise<unknown>,
): Promise<Response> {
  const body = await bodyBySlug(c.var.db, c.req.param('body') ?? '');
  if (!body) return c.json({ error: { id: 'body.not_found', message: 'Diese Körperschaft gibt es nicht.' } }, 404);
  try {
    return await run(body.id);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    if (error.id === 'conflict.stale' && current) return errorJson(c, error, { current: await current(body.id) });
    return errorJson(c, error);
  }
}

function listQuery(c: Context<AppEnv>): ListQuery {
  const problems: Record<string, string> = {};
  const int = (key: string, max: number) => {
    const v = c.req.query(key);
    if (v === undefined || v === '') return undefined;
    if (!/^\d{1,9}$/.test(v) || Number(v) < 1 || Number(v) > max) {
      problems[key] = `Bitte eine ganze Zahl von 1 bis ${max} angeben.`;
      return undefined;
    }
    return Number(v);
  };
  const page = int('page', 1e9);
  const pageSize = int('pageSize', MAX_PAGE_SIZE);
  if (Object.keys(problems).length > 0) throw validationFailed(problems);
  const sort = c.req.query('sort');
  return {
    q: c.req.query('q'),
    sort: sort?.replace(/^-/, ''),
    desc: sort === undefined ? undefined : sort.startsWith('-'),
    page,
    pageSize,
  };
}

function listJson(c: Context<AppEnv>, result: ListResult<unknown>) {
  const { rows, total, page, pages, pageSize, q, sort, desc } = result;
  return c.json({ items: rows, total, page, pages, pageSize, q, sort: desc ? `-${sort}` : sort });
}

async function jsonObject(c: Context<AppEnv>): Promise<Raw> {
  let value: unknown;
  try {
    value = await c.req.json();
  } catch {
    value = undefined;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw validationFailed({ _: 'Der Inhalt der Anfrage muss ein JSON-Objekt sein.' });
  }
  return value as Raw;
}

function pathId(c: Context<AppEnv>, name: string): number {
  const value = c.req.param(name) ?? '';
  if (!/^\d{1,9}$/.test(value) || Number(value) < 1) throw validationFailed({ [name]: 'Keine gültige Nummer.' });
  return Number(value);
}

function versionOf(raw: Raw): string {
  const version = raw.version;
  if (typeof version !== 'string' || version === '') {
    throw validationFailed({
      version: 'Die Version fehlt: bitte den Wert von „version“ aus dem zuletzt gelesenen Stand mitsenden.',
    });
  }
  return version;
}

for (const [name, collection] of Object.entries(COLLECTIONS)) {
  const path = `${BASE}/${name}`;
  api.get(path, guard('masterdata.read'), (c) =>
    answer(c, async (bodyId) => listJson(c, await collection.list(c.var.db, bodyId, listQuery(c), c))),
  );
  api.get(`${path}/:id`, guard('masterdata.read'), (c) =>
    answer(c, async (bodyId) => c.json(await collection.get(c.var.db, bodyId, pathId(c, 'id')))),
  );
  api.post(path, guard('masterdata.edit'), (c) =>
    answer(c, async (bodyId) =>
      c.json(await collection.create(ctxOf(c), bodyId, await jsonObject(c), { dateFormat: API_DATE }), 201),
    ),
  );
  api.patch(`${path}/:id`, guard('masterdata.edit'), (c) =>
    answer(
      c,
      async (bodyId) => {
        const raw = await jsonObject(c);
        const id = pathId(c, 'id');
        return c.json(
          await collection.update(ctxOf(c), bodyId, id, versionOf(raw), raw, { partial: true, dateFormat: API_DATE }),
        );
      },
      (bodyId) => collection.get(c.var.db, bodyId, pathId(c, 'id')),
    ),
  );
}

const rooms = `${BASE}/orte/:id/raeume`;

api.get(rooms, guard('masterdata.read'), (c) =>
  answer(c, async (bodyId) => {
    const location = await getLocationOf(c.var.db, bodyId, pathId(c, 'id'));
    return c.json({ items: await roomsOf(c.var.db, location.id) });
  }),
);
api.post(rooms, guard('masterdata.edit'), (c) =>
  answer(c, async (bodyId) => c.json(await createRoomIn(ctxOf(c), bodyId, pathId(c, 'id'), await jsonObject(c)), 201)),
);
api.get(`${rooms}/:room`, guard('masterdata.read'), (c) =>
  answer(c, async (bodyId) => c.json(await getRoomOf(c.var.db, bodyId, pathId(c, 'id'), pathId(c, 'room')))),
);
api.patch(`${rooms}/:room`, guard('masterdata.edit'), (c) =>
  answer(
    c,
    async (bodyId) => {
      const raw = await jsonObject(c);
      return c.json(
        await updateRoomIn(ctxOf(c), bodyId, pathId(c, 'id'), pathId(c, 'room'), versionOf(raw), raw, {
          partial: true,
        }),
      );
    },
    (bodyId) => getRoomOf(c.var.db, bodyId, pathId(c, 'id'), pathId(c, 'room')),
  ),
);
