/**
 * The OParl 1.1 API under `/oparl/v1.1` (docs/oparl.md): the System object, the bodies and their
 * external lists with keyset pagination and filters, and every object under its own URL.
 *
 * Non-public objects do not exist here (404, the same as an unknown id); deleted ones answer with a
 * tombstone (spec 2.8), and both appear as tombstones in lists asked for with `modified_since`.
 */
import { type Context, Hono } from 'hono';
import { compress } from 'hono/compress';
import type { Executor } from '../db/open.ts';
import {
  type Cursor,
  cursorBefore,
  type DeletedEntity,
  dataVersion,
  exists,
  type ListDef,
  type ListEntry,
  lists,
  load,
  loadDeleted,
  type RowBase,
  readPage,
  systemTimes,
} from '../db/repositories/oparl.ts';
import { type AppEnv, publicOrigin } from '../http/env.ts';
import { CORS_HEADERS, errorResponse, jsonResponse, notFound, OparlError } from './http.ts';
import * as build from './objects.ts';
import {
  formatCursor,
  listQuery,
  MEETING_PAGE_SIZE,
  ORGANIZATION_PAGE_SIZE,
  type PageSize,
  PERSON_PAGE_SIZE,
  parseListParams,
} from './params.ts';
import * as s from './serialize.ts';
import { BODY_LISTS, type BodyList, type ObjectPath, OPARL_BASE_PATH, Urls } from './urls.ts';

type Ctx = s.SerializeContext;
type Obj = s.OparlObject;

export const oparl = new Hono<AppEnv>();

oparl.use('*', compress());

/** Absolute URLs from the configured PUBLIC_URL, else the request's own origin. */
function urlsFor(c: Context<AppEnv>): Urls {
  return new Urls(publicOrigin(c));
}

function parseId(raw: string): number {
  if (!/^[1-9][0-9]{0,9}$/.test(raw) || Number(raw) > 2_147_483_647) throw notFound();
  return Number(raw);
}

/** Object types whose rows can be depublished (exist, but are not public now), by their table. */
const TABLES: Partial<Record<DeletedEntity, string>> = {
  person: 'persons',
  membership: 'memberships',
  agendaItem: 'agenda_items',
  paper: 'papers',
  consultation: 'consultations',
  file: 'files',
};

/**
 * No public object with this id: a tombstone when it was deleted (spec 2.8: still 200), else 404 (also
 * when it exists but is not public: that is not told apart from an unknown id).
 */
async function missing(db: Executor, urls: Urls, entity: DeletedEntity, id: number): Promise<Obj> {
  const table = TABLES[entity];
  if (table && (await exists(db, table, id))) throw notFound();
  const deleted = await loadDeleted(db, entity, id);
  if (!deleted) throw notFound();
  return s.tombstone(urls, entity, deleted);
}

function context(c: Context<AppEnv>): Ctx {
  return { urls: urlsFor(c), omitInternal: false };
}

// ---------------------------------------------------------------------------------------------------
// Lists
// ---------------------------------------------------------------------------------------------------

type ListBuilder = (db: Executor, ctx: Ctx, segment: number, rows: RowBase[]) => Promise<Obj[]> | Obj[];

/** Tombstone paths of a list's segments. */
type SegmentPaths = ObjectPath[];

async function listResponse(
  c: Context<AppEnv>,
  options: {
    list: ListDef;
    url: string;
    paths: SegmentPaths;
    builder: ListBuilder;
    web?: string | undefined;
    pageSize?: PageSize | undefined;
  },
) {
  const db = c.var.db;
  const params = parseListParams(c.req.queries(), options.list.length, options.pageSize);
  const ctx: Ctx = { urls: urlsFor(c), omitInternal: params.omitInternal };
  const withTombstones = params.filter.modifiedSince != null;
  const common = { filter: params.filter, withTombstones };
  // Read before the data: cursors remembered under this version were computed from data at least as old.
  const version = await dataVersion(db);
  const cursors = new CursorMemory(db, `${options.url}${listQuery(params, undefined)}#${params.limit}`, version);
  // `page=last` is the page after the cursor of the last `limit` objects; every other page links to it
  // by that name, so only a client that asks for the last page makes the server find the list's end.
  let after = params.after;
  if (params.lastPage) {
    const knownLast = cursors.last();
    after = knownLast ? knownLast.cursor : await cursorBefore(db, options.list, { count: params.limit, ...common });
    if (!knownLast) cursors.rememberLast(after);
  }
  const knownPrev = after ? cursors.prev(after) : undefined;
  const [page, prev] = await Promise.all([
    readPage(db, options.list, { after, limit: params.limit, ...common }),
    !after
      ? undefined
      : knownPrev
        ? knownPrev.cursor
        : cursorBefore(db, options.list, { atOrBefore: after, count: params.limit, ...common }),
  ]);
  const data = await buildEntries(db, ctx, page.entries, options.paths, options.builder);
  const link = (cursor: Cursor | 'last' | undefined) => `${options.url}${listQuery(params, cursor)}`;
  const links: Record<string, string> = { first: link(undefined) };
  if (after) links.prev = link(prev ?? undefined);
  // The canonical address of the page (for `page=last` the cursor it stands for): the previous page's
  // `next` leads here.
  links.self = link(after);
  const lastEntry = page.entries.at(-1);
  if (page.more && lastEntry) {
    const next = { segment: lastEntry.segment, id: lastEntry.row.id };
    cursors.rememberPage(after, next);
    links.next = link(next);
  }
  links.last = link('last');
  if (options.web) links.web = options.web;
  return jsonResponse(c, { data, pagination: { elementsPerPage: params.limit }, links });
}

/**
 * The `prev` and `last` cursors of a list's pages, remembered per data version (migration 0007: bumped
 * by every change of shown content), so that a client walking a list through its `next` links costs one
 * page read per page instead of three reads. Per database; the oldest entries go first.
 *
 * `prev` of the page after B is the cursor of the `limit` entries before it, ending at B. When the page
 * after A was full and ended at B, those are exactly its entries, so the cursor is A — provided A is an
 * entry of the list itself (known when it was the end of a page served at this version; a client may
 * also send an id that is not in the list, and then the cursor is the entry before A, read as usual),
 * or the page after A was the first page (no A: no `prev` cursor, the link is the first page).
 */
class CursorMemory {
  private static readonly MAX_ENTRIES = 50_000;
  private static readonly memories = new WeakMap<Executor, Map<string, { version: string; cursor?: Cursor }>>();
  private readonly entries: Map<string, { version: string; cursor?: Cursor }>;

  constructor(
    db: Executor,
    private readonly list: string,
    private readonly version: string,
  ) {
    let entries = CursorMemory.memories.get(db);
    if (!entries) {
      entries = new Map();
      CursorMemory.memories.set(db, entries);
    }
    this.entries = entries;
  }

  private recall(key: string): { cursor?: Cursor } | undefined {
    const entry = this.entries.get(`${this.list} ${key}`);
    return entry?.version === this.version ? entry : undefined;
  }

  private remember(key: string, cursor: Cursor | undefined) {
    const full = `${this.list} ${key}`;
    this.entries.delete(full);
    this.entries.set(full, cursor ? { version: this.version, cursor } : { version: this.version });
    if (this.entries.size > CursorMemory.MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
  }

  /** The `prev` cursor of the page after this cursor, when known (`cursor` undefined: the first page). */
  prev(after: Cursor) {
    return this.recall(`prev ${formatCursor(after)}`);
  }

  last() {
    return this.recall('last');
  }

  rememberLast(cursor: Cursor | undefined) {
    this.remember('last', cursor);
  }

  /** A full page after `after` (undefined: the first page) ended at `end`, an entry of the list. */
  rememberPage(after: Cursor | undefined, end: Cursor) {
    if (!after || this.recall(`entry ${formatCursor(after)}`)) this.remember(`prev ${formatCursor(end)}`, after);
    this.remember(`entry ${formatCursor(end)}`, undefined);
  }
}

async function buildEntries(db: Executor, ctx: Ctx, entries: ListEntry[], paths: SegmentPaths, builder: ListBuilder) {
  const result: Obj[] = new Array(entries.length);
  const bySegment = new Map<number, { index: number; row: RowBase }[]>();
  entries.forEach((entry, index) => {
    if (entry.tombstone) {
      result[index] = s.tombstone(ctx.urls, paths[entry.segment] as ObjectPath, entry.row);
      return;
    }
    const group = bySegment.get(entry.segment) ?? [];
    group.push({ index, row: entry.row });
    bySegment.set(entry.segment, group);
  });
  for (const [segment, group] of bySegment) {
    const objects = await builder(
      db,
      ctx,
      segment,
      group.map((g) => g.row),
    );
    group.forEach((g, i) => {
      result[g.index] = objects[i] as Obj;
    });
  }
  return result;
}

// biome-ignore lint/suspicious/noExplicitAny: rows of a segment are of the segment's row type.
type AnyRows = any;

const BUILDERS: Record<BodyList, { paths: SegmentPaths; builder: ListBuilder; pageSize?: PageSize }> = {
  organization: {
    paths: ['organization'],
    builder: (_db, ctx, _s, rows: AnyRows) => build.organizations(ctx, rows),
    pageSize: ORGANIZATION_PAGE_SIZE,
  },
  person: {
    paths: ['person'],
    builder: (db, ctx, _s, rows: AnyRows) => build.persons(db, ctx, rows),
    pageSize: PERSON_PAGE_SIZE,
  },
  meeting: {
    paths: ['meeting'],
    builder: (db, ctx, _s, rows: AnyRows) => build.meetings(db, ctx, rows),
    pageSize: MEETING_PAGE_SIZE,
  },
  paper: { paths: ['paper'], builder: (db, ctx, _s, rows: AnyRows) => build.papers(db, ctx, rows) },
  legislativeTerm: {
    paths: ['legislativeTerm'],
    builder: (_db, ctx, _s, rows: AnyRows) => build.legislativeTerms(ctx, rows),
  },
  agendaItem: { paths: ['agendaItem'], builder: (db, ctx, _s, rows: AnyRows) => build.agendaItems(db, ctx, rows) },
  consultation: { paths: ['consultation'], builder: (_db, ctx, _s, rows: AnyRows) => build.consultations(ctx, rows) },
  file: {
    paths: ['file', 'file', 'file', 'file', 'file'],
    builder: (db, ctx, segment, rows: AnyRows) => {
      switch (segment) {
        case 0:
          return build.storedFiles(ctx, rows);
        case 1:
          return build.meetingDocuments(db, ctx, rows, 'invitation');
        case 2:
          return build.meetingDocuments(db, ctx, rows, 'supplement');
        case 3:
          return build.meetingDocuments(db, ctx, rows, 'minutes');
        default:
          return build.extracts(ctx, rows);
      }
    },
  },
  location: {
    paths: ['location', 'room'],
    builder: (_db, ctx, segment, rows: AnyRows) => build.locations(ctx, rows, segment === 0 ? 'location' : 'room'),
  },
  membership: { paths: ['membership'], builder: (_db, ctx, _s, rows: AnyRows) => build.memberships(ctx, rows) },
};

// ---------------------------------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------------------------------

oparl.get('/', async (c) => {
  const urls = urlsFor(c);
  const times = await systemTimes(c.var.db);
  return jsonResponse(c, s.system(urls, times), times.modified ?? undefined);
});

oparl.get('/body', (c) =>
  listResponse(c, {
    list: lists.body(),
    url: urlsFor(c).bodies(),
    paths: ['body'],
    builder: (db, ctx, _s, rows: AnyRows) => build.bodies(db, ctx, rows),
  }),
);

oparl.get('/body/:id', async (c) => {
  const id = parseId(c.req.param('id'));
  const ctx = context(c);
  const row = await load.body(c.var.db, id);
  if (!row) return jsonResponse(c, await missing(c.var.db, ctx.urls, 'body', id));
  const [object] = await build.bodies(c.var.db, ctx, [row]);
  return jsonResponse(c, object, row.modified);
});

oparl.get('/body/:id/:list', async (c) => {
  const name = c.req.param('list') as BodyList;
  if (!BODY_LISTS.includes(name)) throw notFound();
  const id = parseId(c.req.param('id'));
  const body = await load.body(c.var.db, id);
  if (!body) throw notFound();
  const urls = urlsFor(c);
  const web =
    name === 'paper'
      ? urls.web(`/${body.slug}/vorlagen`)
      : name === 'person'
        ? urls.web(`/${body.slug}/personen`)
        : undefined;
  return listResponse(c, { list: lists[name](id), url: urls.bodyList(id, name), web, ...BUILDERS[name] });
});

oparl.get('/organization/:id/meeting', async (c) => {
  const id = parseId(c.req.param('id'));
  const organization = await load.organization(c.var.db, id);
  if (!organization) throw notFound();
  return listResponse(c, {
    list: lists.organizationMeeting(id),
    url: urlsFor(c).organizationMeetings(id),
    ...BUILDERS.meeting,
  });
});

/** A single object at its URL: the same object as in its list. */
function objectRoute<R extends RowBase>(
  path: string,
  entity: DeletedEntity | null,
  read: (db: Executor, id: number) => Promise<R | undefined>,
  make: (db: Executor, ctx: Ctx, row: R) => Promise<Obj> | Obj,
) {
  oparl.get(path, async (c) => {
    const id = parseId(c.req.param('id') as string);
    const ctx = context(c);
    const row = await read(c.var.db, id);
    if (!row) {
      if (!entity) throw notFound();
      return jsonResponse(c, await missing(c.var.db, ctx.urls, entity, id));
    }
    return jsonResponse(c, await make(c.var.db, ctx, row), row.modified);
  });
}

const first = async (objects: Promise<Obj[]> | Obj[]) => (await objects)[0] as Obj;

objectRoute('/legislativeTerm/:id', 'legislativeTerm', load.legislativeTerm, (_db, ctx, row) =>
  s.legislativeTerm(ctx, row, false),
);
objectRoute('/organization/:id', 'organization', load.organization, (_db, ctx, row) => s.organization(ctx, row));
objectRoute('/person/:id', 'person', load.person, (db, ctx, row) => first(build.persons(db, ctx, [row])));
objectRoute('/membership/:id', 'membership', load.membership, (_db, ctx, row) => s.membership(ctx, row, false));
objectRoute('/meeting/:id', 'meeting', load.meeting, (db, ctx, row) => first(build.meetings(db, ctx, [row])));
objectRoute('/agendaItem/:id', 'agendaItem', load.agendaItem, (db, ctx, row) =>
  first(build.agendaItems(db, ctx, [row])),
);
objectRoute('/paper/:id', 'paper', load.paper, (db, ctx, row) => first(build.papers(db, ctx, [row])));
objectRoute('/consultation/:id', 'consultation', load.consultation, (_db, ctx, row) => s.consultation(ctx, row, false));
objectRoute('/file/:id', 'file', load.storedFile, (_db, ctx, row) => s.storedFile(ctx, row, false));
objectRoute('/location/:id', 'location', load.location, (_db, ctx, row) => s.location(ctx, row, 'location'));
objectRoute('/room/:id', 'room', load.room, (_db, ctx, row) => s.location(ctx, row, 'room'));
objectRoute('/meeting/:id/invitation', null, load.invitation, (db, ctx, row) =>
  first(build.meetingDocuments(db, ctx, [row], 'invitation')),
);
objectRoute('/meeting/:id/supplement', null, load.supplement, (db, ctx, row) =>
  first(build.meetingDocuments(db, ctx, [row], 'supplement')),
);
objectRoute('/meeting/:id/minutes', null, load.minutes, (db, ctx, row) =>
  first(build.meetingDocuments(db, ctx, [row], 'minutes')),
);
objectRoute('/agendaItem/:id/extract', null, load.extract, (_db, ctx, row) => s.extractFile(ctx, row, false));

// CORS preflight (e.g. for If-None-Match from a browser) and other methods.
oparl.options('*', () => {
  return new Response(null, {
    status: 204,
    headers: {
      ...CORS_HEADERS,
      'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
      'Access-Control-Allow-Headers': 'If-None-Match, If-Modified-Since, Accept',
      'Access-Control-Max-Age': '86400',
    },
  });
});

oparl.all('*', (c) => {
  if (c.req.path === `${OPARL_BASE_PATH}/` && (c.req.method === 'GET' || c.req.method === 'HEAD')) {
    // The System object has one URL (spec 2.3): without the slash.
    return new Response(null, { status: 301, headers: { ...CORS_HEADERS, Location: urlsFor(c).system() } });
  }
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
    const response = errorResponse(
      new OparlError(405, 'oparl.method_not_allowed', 'Die OParl-Schnittstelle kann nur gelesen werden (GET).'),
    );
    response.headers.set('Allow', 'GET, HEAD, OPTIONS');
    return response;
  }
  return errorResponse(notFound());
});

oparl.onError((error) => {
  if (error instanceof OparlError) return errorResponse(error);
  console.error(error);
  return errorResponse(
    new OparlError(
      500,
      'oparl.internal_error',
      'Ein interner Fehler ist aufgetreten. Bitte versuchen Sie es später erneut.',
    ),
  );
});
