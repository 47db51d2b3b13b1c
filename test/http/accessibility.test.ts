/**
 * The accessibility statement and its feedback route (BITV NRW), linked from every page.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Database } from '../../src/db/open.ts';
import { accessibilityFeedback, auditLog } from '../../src/db/schema.ts';
import { loadDemo } from '../../src/demo/load.ts';
import { createApp } from '../../src/http/app.tsx';
import { backends } from '../helpers/db.ts';
import { rowCounts } from '../helpers/fixtures.ts';

for (const backend of backends()) {
  describe(`Erklärung zur Barrierefreiheit and feedback (${backend.name})`, () => {
    let database: Database;
    let app: ReturnType<typeof createApp>;

    before(async () => {
      database = await backend.open();
      await loadDemo(database.db);
      app = createApp({ db: database.db });
    });
    after(() => database?.close());

    const post = (fields: Record<string, string>) =>
      app.request('/barrierefreiheit/rueckmeldung', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });

    test('every page links the statement and the feedback form', async () => {
      for (const path of ['/', '/kreis-mettmann/sitzungen/1', '/gibt-es-nicht', '/barrierefreiheit']) {
        const html = await (await app.request(path)).text();
        assert.ok(html.includes('href="/barrierefreiheit"'), `statement linked from ${path}`);
        assert.ok(html.includes('href="/barrierefreiheit/rueckmeldung"'), `feedback linked from ${path}`);
      }
      const statement = await app.request('/barrierefreiheit');
      assert.equal(statement.status, 200);
      const text = await statement.text();
      assert.match(text, /<h1>Erklärung zur Barrierefreiheit<\/h1>/);
      assert.match(text, /BITV NRW/);
      assert.match(text, /Durchsetzungsverfahren/);
    });

    test('the form has labelled fields and keeps the page it was opened for', async () => {
      const html = await (
        await app.request('/barrierefreiheit/rueckmeldung?seite=%2Fkreis-mettmann%2Fsitzungen%2F1')
      ).text();
      for (const field of ['message', 'pageUrl', 'contact']) {
        assert.match(html, new RegExp(`<label for="${field}">`), `label for ${field}`);
        assert.match(html, new RegExp(`id="${field}"`));
      }
      assert.match(html, /value="\/kreis-mettmann\/sitzungen\/1"/);
    });

    test('valid feedback is stored, audited, and thanked for', async () => {
      const res = await post({
        message: 'Die Tabelle der Sitzungen ist mit der Tastatur schwer zu bedienen – „Ältere“ fehlt.',
        pageUrl: '/',
        contact: 'leser@example.org',
      });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), '/barrierefreiheit/rueckmeldung?danke');
      const rows = await database.db.select().from(accessibilityFeedback);
      assert.equal(rows.length, 1);
      assert.equal(
        rows[0]?.message,
        'Die Tabelle der Sitzungen ist mit der Tastatur schwer zu bedienen – „Ältere“ fehlt.',
      );
      assert.equal(rows[0]?.contact, 'leser@example.org');
      const audited = (await database.db.select().from(auditLog)).filter((a) => a.entity === 'accessibility_feedback');
      assert.equal(audited.length, 1);
      assert.match(await (await app.request('/barrierefreiheit/rueckmeldung?danke')).text(), /Vielen Dank/);
    });

    test('invalid feedback: 422, German messages, input kept, nothing written', async () => {
      const before = await rowCounts(database.db);
      const res = await post({ message: 'zu kurz', pageUrl: 'x'.repeat(600), contact: '<script>alert(1)</script>' });
      assert.equal(res.status, 422);
      const html = await res.text();
      assert.match(html, /Bitte beschreiben Sie die Barriere in mindestens 10 Zeichen\./);
      assert.match(html, /Die Adresse ist zu lang/);
      assert.match(html, /role="alert"/);
      assert.match(html, /aria-describedby="fehler-message"/);
      assert.match(html, />zu kurz<\/textarea>/, 'the text typed is kept');
      assert.ok(!html.includes('<script>alert(1)</script>'), 'input is escaped');
      assert.deepEqual(await rowCounts(database.db), before);
    });

    test('an oversized request is refused', async () => {
      const before = await rowCounts(database.db);
      const res = await post({ message: 'x'.repeat(40_000) });
      assert.equal(res.status, 413);
      assert.deepEqual(await rowCounts(database.db), before);
    });
  });
}
