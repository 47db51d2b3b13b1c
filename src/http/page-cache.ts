/**
 * A cache of rendered public responses (portal pages, documents, feeds, calendars, sitemaps), in the
 * server's memory, keyed by the request and checked against the database's data version.
 *
 * Why: a meeting page costs ~30 ms of CPU to build (planning and running the nested queries, rendering the
 * JSX), while the same bytes are asked for again and again (the recent meetings, the start page). A hit
 * costs one tiny query and a copy.
 *
 * Correct by construction, not by expiry:
 * - Every committed change of shown content bumps `data_version` (migration 0007: a statement-level
 *   trigger on every content table, inside the writing transaction). Each request reads the version
 *   FIRST, then looks up or renders; an entry is served only for the version it was rendered under. A
 *   render that started before a change but finished after it is stored under the old version, which no
 *   later request asks for (read committed: a statement never sees less than an earlier one did). So a
 *   depublished item disappears with the commit that depublishes it, in every process sharing the database.
 * - Only anonymous requests (no Cookie, no Authorization) are served from or stored in the cache: once
 *   there are logins, what a member may read never lands in it.
 * - Only complete 200 responses without Set-Cookie are stored; errors never.
 * - Entries also expire after `ttlMs` (default 60 s): pages that depend on the clock (the start page's
 *   "upcoming meetings", the current month of the calendar) are at most that old.
 *
 * The version reads are coalesced: a request waits for a read that STARTED after it arrived (the one in
 * flight is joined only by requests that came before it started), so under load there is about one tiny
 * query per database round trip instead of one per request, and still no request can miss a change
 * committed before it arrived.
 *
 * Concurrent misses of the same page under the same version wait for one render (single flight). Size is
 * bounded in bytes (least recently used entries go first); one response larger than an eighth of the
 * budget is not stored. The response carries `X-Cache: hit | miss` for operators and tests, and a weak
 * ETag (from the bytes) where the route set none, so browsers revalidate with 304s.
 */
import type { MiddlewareHandler } from 'hono';
import { LRUCache } from 'lru-cache';
import { contentEtag, notModified } from './cache.ts';

export interface PageCacheOptions {
  /** Reads the current data version (one row; see migration 0007). */
  version: () => Promise<string>;
  /** Memory budget in bytes (bodies plus headers). */
  maxBytes: number;
  /** Lifetime of an entry in milliseconds. */
  ttlMs?: number;
  /** Path prefixes never cached (APIs with their own caching, health checks). */
  skip?: readonly string[];
}

interface Entry {
  version: string;
  status: number;
  headers: Array<[string, string]>;
  body: Uint8Array;
  etag: string;
  lastModified: Date | undefined;
}

interface Conditions {
  ifNoneMatch: string | undefined;
  ifModifiedSince: string | undefined;
}

const DEFAULT_TTL_MS = 60_000;
/** Headers of a response that describe its body and its caching: all others are not replayed. */
const REPLAYED = new Set([
  'content-type',
  'content-disposition',
  'content-language',
  'cache-control',
  'last-modified',
  'etag',
  'link',
  'access-control-allow-origin',
  'x-robots-tag',
]);

/**
 * Wraps a read so that concurrent callers share reads, each caller getting the result of a read that
 * started after its call: when none is in flight, one starts at once; otherwise the caller joins the
 * single queued read, which starts when the one in flight settles.
 */
export function coalesceReads<T>(read: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | undefined;
  let queued: Promise<T> | undefined;
  const start = (): Promise<T> => {
    const running: Promise<T> = read().finally(() => {
      if (inFlight === running) inFlight = undefined;
    });
    inFlight = running;
    return running;
  };
  const ignore = () => {};
  return () => {
    if (!inFlight) return start();
    queued ??= inFlight.then(ignore, ignore).then(() => {
      queued = undefined;
      return start();
    });
    return queued;
  };
}

export function pageCache(options: PageCacheOptions): MiddlewareHandler {
  const readVersion = coalesceReads(options.version);
  const maxEntrySize = Math.max(1, Math.floor(options.maxBytes / 8));
  const entries = new LRUCache<string, Entry>({
    maxSize: options.maxBytes,
    sizeCalculation: (entry) =>
      entry.body.byteLength + entry.headers.reduce((n, [k, v]) => n + k.length + v.length, 0) + 100,
    ttl: options.ttlMs ?? DEFAULT_TTL_MS,
  });
  const rendering = new Map<string, Promise<Entry | undefined>>();
  const skip = options.skip ?? [];

  const respond = (entry: Entry, conditions: Conditions, head: boolean, state: 'hit' | 'miss') => {
    const headers = new Headers(entry.headers);
    headers.set('X-Cache', state);
    if (notModified(conditions, { etag: entry.etag, lastModified: entry.lastModified })) {
      const validators = new Headers();
      for (const name of ['etag', 'cache-control', 'last-modified']) {
        const value = headers.get(name);
        if (value) validators.set(name, value);
      }
      validators.set('X-Cache', state);
      return new Response(null, { status: 304, headers: validators });
    }
    return new Response(head ? null : entry.body, { status: entry.status, headers });
  };

  return async (c, next) => {
    const method = c.req.method;
    const path = c.req.path;
    if (
      (method !== 'GET' && method !== 'HEAD') ||
      c.req.header('cookie') !== undefined ||
      c.req.header('authorization') !== undefined ||
      skip.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))
    ) {
      await next();
      return;
    }
    // The origin is part of the key: without PUBLIC_URL, feeds and sitemaps carry the request's host.
    const url = new URL(c.req.url);
    const key = `${url.origin}${url.pathname}${url.search}`;
    const version = await readVersion();
    const conditions: Conditions = {
      ifNoneMatch: c.req.header('if-none-match'),
      ifModifiedSince: c.req.header('if-modified-since'),
    };
    const head = method === 'HEAD';

    const cached = entries.get(key);
    if (cached && cached.version === version) {
      c.res = respond(cached, conditions, head, 'hit');
      return;
    }
    const flightKey = `${version} ${key}`;
    const inFlight = rendering.get(flightKey);
    if (inFlight) {
      const entry = await inFlight;
      if (entry) {
        c.res = respond(entry, conditions, head, 'hit');
        return;
      }
    }

    let settle: (entry: Entry | undefined) => void = () => {};
    const promise = new Promise<Entry | undefined>((resolve) => {
      settle = resolve;
    });
    if (!inFlight) rendering.set(flightKey, promise);
    let entry: Entry | undefined;
    try {
      // Rendered as GET so that HEAD requests can fill the cache for GETs and the other way round.
      await next();
      const res = c.res;
      if (res.status === 200 && !res.headers.has('set-cookie') && res.body !== null) {
        const body = new Uint8Array(await res.arrayBuffer());
        const headers: Array<[string, string]> = [];
        res.headers.forEach((value, name) => {
          if (REPLAYED.has(name)) headers.push([name, value]);
        });
        const etag = res.headers.get('etag') ?? contentEtag(body);
        if (!res.headers.has('etag')) headers.push(['etag', etag]);
        const lastModified = res.headers.get('last-modified');
        entry = {
          version,
          status: 200,
          headers,
          body,
          etag,
          lastModified: lastModified ? new Date(lastModified) : undefined,
        };
        if (body.byteLength <= maxEntrySize) entries.set(key, entry);
        c.res = respond(entry, conditions, head, 'miss');
      }
    } finally {
      settle(entry);
      if (!inFlight) rendering.delete(flightKey);
    }
  };
}
