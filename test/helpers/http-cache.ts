/**
 * HTTP caching checks shared by the tests of feeds, calendars, documents, files and sitemaps.
 */
import assert from 'node:assert/strict';

interface App {
  request(path: string, init?: RequestInit): Response | Promise<Response>;
}

/**
 * Validators and conditional GET: ETag and Last-Modified on the 200; If-None-Match with that ETag and
 * If-Modified-Since with that date each give a bodiless 304; an older date or another ETag a 200 (the
 * ETag decides when both are sent).
 */
export async function assertConditional(app: App, path: string): Promise<void> {
  const first = await app.request(path);
  assert.equal(first.status, 200, path);
  const body = await first.text();
  const etag = first.headers.get('etag');
  const lastModified = first.headers.get('last-modified');
  assert.ok(etag && /^(W\/)?"[^"]+"$/.test(etag), `${path}: ETag ${etag}`);
  assert.ok(lastModified && !Number.isNaN(Date.parse(lastModified)), `${path}: Last-Modified ${lastModified}`);
  assert.match(first.headers.get('cache-control') ?? '', /^public, max-age=\d+$/, path);

  const same = await app.request(path);
  assert.equal(same.headers.get('etag'), etag, `${path}: the same content has the same ETag`);
  assert.equal(await same.text(), body);

  const notModified = await app.request(path, { headers: { 'If-None-Match': etag } });
  assert.equal(notModified.status, 304, path);
  assert.equal(await notModified.text(), '');
  assert.equal(notModified.headers.get('etag'), etag);
  assert.equal(notModified.headers.get('last-modified'), lastModified);
  const listed = await app.request(path, { headers: { 'If-None-Match': `"anders", ${etag}` } });
  assert.equal(listed.status, 304, `${path}: one of several ETags`);

  const byDate = await app.request(path, { headers: { 'If-Modified-Since': lastModified } });
  assert.equal(byDate.status, 304, path);
  const older = new Date(Date.parse(lastModified) - 1000).toUTCString();
  const stale = await app.request(path, { headers: { 'If-Modified-Since': older } });
  assert.equal(stale.status, 200, `${path}: modified since an earlier date`);
  assert.equal(await stale.text(), body);
  const otherEtag = await app.request(path, {
    headers: { 'If-None-Match': '"anders"', 'If-Modified-Since': lastModified },
  });
  assert.equal(otherEtag.status, 200, `${path}: If-None-Match decides over If-Modified-Since`);
}
