/**
 * HTTP caching of public resources (feeds, calendars, documents, files, sitemaps): validators (ETag,
 * Last-Modified), conditional GET (304 Not Modified, RFC 9110 13) and Cache-Control.
 *
 * The ETag is the validator that counts: it is computed from the content (or, for stored files, is the
 * stored SHA-256), so it changes whenever a byte does. Last-Modified comes from the data's `modified_at`
 * and is only consulted when the request carries no If-None-Match (as RFC 9110 13.2.2 orders).
 * Error pages are never cached (see `noStoreOnError`).
 */
import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';

/** Cache lifetimes in seconds, per kind of resource: short, so that a correction reaches readers soon. */
export const MAX_AGE = {
  /** Atom feeds: feed readers poll, a few minutes are fine. */
  feed: 300,
  /** iCalendar subscriptions (the calendar itself asks for hourly refreshes). */
  calendar: 900,
  /** Rendered meeting documents. */
  document: 300,
  /** Stored files (attachments): the bytes never change under the same hash, but visibility may. */
  file: 3600,
  /** Sitemaps and robots.txt: crawlers come rarely. */
  sitemap: 3600,
} as const;

/** A weak ETag from the content: `W/"<22 characters of base64url SHA-256>"`. */
export function contentEtag(content: string | Uint8Array): string {
  return `W/"${createHash('sha256').update(content).digest('base64url').slice(0, 22)}"`;
}

/** A strong ETag from a stored SHA-256 (hex) of exactly the bytes served. */
export function sha256Etag(sha256: string): string {
  return `"${sha256.toLowerCase()}"`;
}

/** The latest of some dates (ignoring missing ones); undefined when there is none. */
export function latest(...dates: Array<Date | null | undefined>): Date | undefined {
  let result: Date | undefined;
  for (const date of dates) {
    if (date && !Number.isNaN(date.getTime()) && (!result || date > result)) result = date;
  }
  return result;
}

/** The opaque part of an entity tag, for weak comparison (`W/"x"` equals `"x"`). */
const opaque = (tag: string) => tag.trim().replace(/^W\//, '');

/**
 * Whether the client's copy is current: If-None-Match (weak comparison; `*` matches) decides when
 * present; otherwise If-Modified-Since against Last-Modified (whole seconds, as HTTP dates have).
 */
export function notModified(
  headers: { ifNoneMatch?: string | undefined; ifModifiedSince?: string | undefined },
  validators: { etag: string; lastModified?: Date | undefined },
): boolean {
  if (headers.ifNoneMatch !== undefined) {
    const wanted = opaque(validators.etag);
    return headers.ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === wanted);
  }
  if (headers.ifModifiedSince && validators.lastModified) {
    const since = Date.parse(headers.ifModifiedSince);
    if (Number.isNaN(since)) return false;
    return Math.floor(validators.lastModified.getTime() / 1000) * 1000 <= since;
  }
  return false;
}

export interface CachedResponse {
  body: string | Uint8Array;
  /** Content-Type and any other headers of the 200 response. */
  headers: Record<string, string>;
  /** Defaults to a weak ETag of the body. */
  etag?: string | undefined;
  lastModified?: Date | undefined;
  /** Cache-Control max-age in seconds. */
  maxAge: number;
}

/**
 * A public, cacheable 200 response with ETag, Last-Modified and Cache-Control, or a bodiless 304 with
 * the same validators when the request's conditions say the client's copy is current.
 */
export function cachedResponse<E extends { Variables: object }>(c: Context<E>, response: CachedResponse): Response {
  const etag = response.etag ?? contentEtag(response.body);
  const validators: Record<string, string> = {
    ETag: etag,
    'Cache-Control': `public, max-age=${response.maxAge}`,
  };
  if (response.lastModified) validators['Last-Modified'] = response.lastModified.toUTCString();
  const current = notModified(
    { ifNoneMatch: c.req.header('if-none-match'), ifModifiedSince: c.req.header('if-modified-since') },
    { etag, lastModified: response.lastModified },
  );
  if (current) return c.body(null, 304, validators);
  const data =
    typeof response.body === 'string'
      ? response.body
      : (response.body.buffer.slice(
          response.body.byteOffset,
          response.body.byteOffset + response.body.byteLength,
        ) as ArrayBuffer);
  return c.body(data, 200, { ...response.headers, ...validators });
}

/**
 * Error responses are never stored by browsers or proxies: a 404 is cacheable by default (RFC 9111
 * 4.2.2), and a page that was missing a minute ago may exist now.
 */
export const noStoreOnError: MiddlewareHandler = async (c, next) => {
  await next();
  if (c.res.status >= 400) c.res.headers.set('Cache-Control', 'no-store');
};
