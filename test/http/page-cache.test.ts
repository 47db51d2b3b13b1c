/**
 * The cache of rendered public responses (src/http/page-cache.ts): a repeated page is served from memory,
 * and any committed change of shown content (above all: depublishing) is visible with the next request,
 * whichever writer made it. Also: no caching for requests with credentials, errors, single flight,
 * memory bound, expiry, the host as part of the key.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import type { Database } from '../../src/db/open.ts';
import { loadDemo } from '../../src/demo/load.ts';
import { createApp } from '../../src/http/app.tsx';
import { coalesceReads, pageCache } from '../../src/http/page-cache.ts';
import { backends } from '../helpers/db.ts';

const MEETING = '/kreis-mettmann/sitzungen/1';
const ITEM = 'Einführung in die Aufgaben des Ausschusses für Digitalisierung';

for (const backend of backends()) {
  describe(`page cache (${backend.name})`, () => {
    let database: Database;
    let app: ReturnType<typeof createApp>;

    before(async () => {
      database = await backend.open();
      await loadDemo(database.db);
      app = createApp({ db: database.db });
    });
    after(() => database?.close());

    test('a repeated page is a hit with the same bytes and a validator; If-None-Match gets 304', async () => {
      const first = await app.request(MEETING);
      assert.equal(first.status, 200);
      assert.equal(first.headers.get('x-cache'), 'miss');
      const body = await first.text();
      assert.ok(body.includes(ITEM));
      const second = await app.request(MEETING);
      assert.equal(second.headers.get('x-cache'), 'hit');
      assert.equal(await second.text(), body);
      assert.match(second.headers.get('content-type') ?? '', /^text\/html/);
      const etag = second.headers.get('etag');
      assert.ok(etag, 'an ETag is added to pages');
      assert.equal(first.headers.get('etag'), etag);
      const revalidated = await app.request(MEETING, { headers: { 'If-None-Match': etag } });
      assert.equal(revalidated.status, 304);
      assert.equal(await revalidated.text(), '');
      const head = await app.request(MEETING, { method: 'HEAD' });
      assert.equal(head.status, 200);
      assert.equal(head.headers.get('x-cache'), 'hit');
    });

    test('a change by any writer is shown with the next request; a depublished item is gone everywhere', async () => {
      // Another process, the importer or psql changes the database: not through this app.
      await app.request(MEETING);
      await database.db.execute(sql`update agenda_items set title = ${`${ITEM} (geändert)`} where title = ${ITEM}`);
      const changed = await app.request(MEETING);
      assert.equal(changed.headers.get('x-cache'), 'miss');
      assert.ok((await changed.text()).includes(`${ITEM} (geändert)`));
      await database.db.execute(sql`update agenda_items set title = ${ITEM} where title = ${`${ITEM} (geändert)`}`);

      // Item 5's minutes text, in the public minutes as text and as HTML.
      const marker = '800 Homeoffice-Arbeitsplätzen';
      const pages = [`${MEETING}/niederschrift.txt`, `${MEETING}/niederschrift.html`];
      for (const path of pages) {
        const res = await app.request(path);
        assert.equal(res.status, 200, path);
        assert.ok((await res.text()).includes(marker), path);
        assert.equal((await app.request(path)).headers.get('x-cache'), 'hit', path);
      }
      await database.db.execute(sql`update agenda_items set public = false where meeting_id = 1 and number = '5'`);
      for (const path of pages) {
        const res = await app.request(path);
        assert.equal(res.status, 200, path);
        assert.ok(!(await res.text()).includes(marker), `${path} no longer shows the depublished item`);
      }
      await database.db.execute(sql`update agenda_items set public = true where meeting_id = 1 and number = '5'`);
      assert.ok((await (await app.request(pages[0] ?? '')).text()).includes(marker));
    });

    test('requests with a cookie or credentials neither read nor fill the cache', async () => {
      await app.request('/kreis-mettmann');
      for (const headers of [{ Cookie: 'session=abc' }, { Authorization: 'Bearer x' }] as Record<string, string>[]) {
        const res = await app.request('/kreis-mettmann', { headers });
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('x-cache'), null);
      }
      await database.db.execute(sql`update bodies set name = name`);
      await app.request('/kreis-mettmann/vorlagen', { headers: { Cookie: 'session=abc' } });
      assert.equal((await app.request('/kreis-mettmann/vorlagen')).headers.get('x-cache'), 'miss');
    });

    test('errors and APIs are not cached', async () => {
      for (let i = 0; i < 2; i++) {
        const missing = await app.request('/kreis-mettmann/sitzungen/99999');
        assert.equal(missing.status, 404);
        assert.equal(missing.headers.get('x-cache'), null);
        assert.equal(missing.headers.get('cache-control'), 'no-store');
        const api = await app.request('/oparl/v1.1');
        assert.equal(api.status, 200);
        assert.equal(api.headers.get('x-cache'), null);
      }
    });

    test('concurrent requests for a page not yet cached wait for one render', async () => {
      await database.db.execute(sql`update bodies set name = name`);
      const responses = await Promise.all(Array.from({ length: 12 }, () => app.request(MEETING)));
      const states = responses.map((r) => r.headers.get('x-cache'));
      assert.equal(states.filter((s) => s === 'miss').length, 1, states.join(','));
      const bodies = new Set(await Promise.all(responses.map((r) => r.text())));
      assert.equal(bodies.size, 1);
    });

    test('the cache can be turned off', async () => {
      const uncached = createApp({ db: database.db, pageCacheBytes: false });
      for (let i = 0; i < 2; i++) assert.equal((await uncached.request(MEETING)).headers.get('x-cache'), null);
    });
  });
}

describe('page cache mechanics', () => {
  function testApp(options: { maxBytes: number; ttlMs?: number }) {
    let renders = 0;
    const app = new Hono();
    app.use('*', pageCache({ version: async () => '1', ...options }));
    app.get('/page/:n', (c) => {
      renders++;
      return c.text(`${c.req.param('n')} ${'x'.repeat(Number(c.req.query('size') ?? 200))}`);
    });
    app.get('/origin', (c) => c.text(new URL(c.req.url).origin));
    return { app, renders: () => renders };
  }

  test('memory is bounded: the least recently used entries go, an oversized response is not stored', async () => {
    const { app, renders } = testApp({ maxBytes: 2000 });
    for (let n = 1; n <= 6; n++) await app.request(`/page/${n}`);
    assert.equal(renders(), 6);
    await app.request('/page/6');
    assert.equal(renders(), 6, 'a recent page is a hit');
    await app.request('/page/1');
    assert.equal(renders(), 7, 'the oldest page was evicted');
    await app.request('/page/big?size=600');
    await app.request('/page/big?size=600');
    assert.equal(renders(), 9, 'a response above an eighth of the budget is rendered each time');
  });

  test('entries expire', async () => {
    const { app, renders } = testApp({ maxBytes: 100_000, ttlMs: 30 });
    await app.request('/page/1');
    await app.request('/page/1');
    assert.equal(renders(), 1);
    await sleep(80);
    await app.request('/page/1');
    assert.equal(renders(), 2);
  });

  test('the origin is part of the key (absolute links follow the request host without PUBLIC_URL)', async () => {
    const { app } = testApp({ maxBytes: 100_000 });
    assert.equal(await (await app.request('http://a.example/origin')).text(), 'http://a.example');
    assert.equal(await (await app.request('http://b.example/origin')).text(), 'http://b.example');
    assert.equal(await (await app.request('http://a.example/origin')).text(), 'http://a.example');
  });
});

describe('coalesced version reads', () => {
  test('each caller gets a read that started after its call; callers during a read share the next one', async () => {
    let value = 0;
    const started: Array<() => void> = [];
    const read = coalesceReads(
      () =>
        new Promise<number>((resolve) => {
          const mine = ++value;
          started.push(() => resolve(mine));
        }),
    );
    const first = read();
    assert.equal(started.length, 1, 'the first call starts a read at once');
    // A change is committed now; these callers must not get the read that started before them.
    const later = [read(), read(), read()];
    assert.equal(started.length, 1, 'they wait for the read in flight to end');
    started[0]?.();
    assert.equal(await first, 1);
    await sleep(0);
    assert.equal(started.length, 2, 'one read for all of them, started after the first ended');
    started[1]?.();
    assert.deepEqual(await Promise.all(later), [2, 2, 2]);
    const alone = read();
    assert.equal(started.length, 3, 'with nothing in flight a read starts at once');
    started[2]?.();
    assert.equal(await alone, 3);
  });

  test('a failed read fails its callers only; the next call reads again', async () => {
    let calls = 0;
    const read = coalesceReads(async () => {
      calls++;
      if (calls === 1) throw new Error('verbindung weg');
      return calls;
    });
    await assert.rejects(read(), /verbindung weg/);
    assert.equal(await read(), 2);
  });
});
