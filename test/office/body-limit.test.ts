/**
 * Request bodies under /verwaltung and /api/v1 are capped before anything reads them: a request without
 * a session (the login form; anyone can send one) at 64 KB, a logged-in one at 110 MB (forms with files).
 * Over the cap: 413 with a German message (page or JSON with the id `request.too_large`), nothing done.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Database } from '../../src/db/open.ts';
import { createApp } from '../../src/http/app.tsx';
import { MAX_LOGIN_BODY_BYTES } from '../../src/http/office/session.ts';
import { importDataset } from '../../src/services/dataset/import.ts';
import { backends } from '../helpers/db.ts';
import { rowCounts, smallTown } from '../helpers/fixtures.ts';
import { textOf } from '../helpers/html.ts';
import { Browser, makeAccount } from './helpers.ts';

const [backend] = backends();

describe(`request size limits (${backend?.name})`, () => {
  let database: Database;
  let app: ReturnType<typeof createApp>;

  before(async () => {
    assert.ok(backend);
    database = await backend.open();
    app = createApp({ db: database.db, logError: () => {} });
    const { bodyId } = await importDataset({ db: database.db, actor: 'test' }, smallTown());
    await makeAccount(database.db, 'mia', [{ bodyId, role: 'member' }]);
  });
  after(async () => {
    await database?.close();
  });

  test('a login form over 64 KB: 413, a German page, no login attempt counted', async () => {
    const before = await rowCounts(database.db);
    const browser = new Browser(app);
    await browser.get('/verwaltung/anmelden');
    const { res, html } = await browser.post('/verwaltung/anmelden', {
      anmeldename: 'mia',
      passwort: 'x'.repeat(MAX_LOGIN_BODY_BYTES),
    });
    assert.equal(res.status, 413);
    assert.match(textOf(html), /Anfrage zu groß/);
    assert.match(textOf(html), /höchstens 64 KB/);
    assert.deepEqual(await rowCounts(database.db), before);
  });

  test('the same login form under the limit is read (and refused for its password)', async () => {
    const browser = new Browser(app);
    await browser.get('/verwaltung/anmelden');
    const { res } = await browser.post('/verwaltung/anmelden', { anmeldename: 'mia', passwort: 'x'.repeat(1000) });
    assert.notEqual(res.status, 413);
  });

  test('logged in, a larger form is read (not refused for its size)', async () => {
    const browser = new Browser(app);
    await browser.login('mia');
    const { res } = await browser.post('/verwaltung/passwort', {
      aktuell: 'x'.repeat(200 * 1024),
      neu: 'y',
      wiederholung: 'y',
    });
    assert.notEqual(res.status, 413);
  });

  test('the API without a session: 413 as JSON with a stable id', async () => {
    const res = await app.request('/api/v1/konto', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://localhost' },
      body: JSON.stringify({ x: 'x'.repeat(MAX_LOGIN_BODY_BYTES) }),
    });
    assert.equal(res.status, 413);
    const body = (await res.json()) as { error: { id: string; message: string } };
    assert.equal(body.error.id, 'request.too_large');
    assert.match(body.error.message, /zu groß/);
  });
});
