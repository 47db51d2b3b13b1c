/**
 * A form sent twice, an API call retried: carried out once (src/http/office/once.ts), on every storage
 * backend. Forms carry a fresh `_once` key with every rendering; a repeat with the same content is led
 * where the first went (one entry, one audit row), also when both arrive at once; a refused first sending
 * (bad input) leaves the key free for the corrected form; the same key with changed content is a new
 * request. A form whose outcome was a page (the API token shown once) is not shown twice. The API's
 * `Idempotency-Key` answers a repeat with the stored answer, refuses a reused key (422) and a malformed
 * one; keys are forgotten after a day by the cleanup.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import type { Database } from '../../src/db/open.ts';
import { agendaItems, apiTokens, auditLog, meetings, submissions, trackedResolutions } from '../../src/db/schema.ts';
import { createApp } from '../../src/http/app.tsx';
import { cleanupExpired, ONCE_KEEP_MS } from '../../src/services/account-access.ts';
import { createApiToken } from '../../src/services/accounts.ts';
import { importDataset } from '../../src/services/dataset/import.ts';
import { backends } from '../helpers/db.ts';
import { rowCounts, smallTown } from '../helpers/fixtures.ts';
import { textOf } from '../helpers/html.ts';
import { Browser, makeAccount } from './helpers.ts';

const BASE = '/verwaltung/beschlusskontrolle';
const onceOf = (html: string) => /name="_once" value="([^"]+)"/.exec(html)?.[1] ?? '';

for (const backend of backends()) {
  describe(`one-time keys of forms and API requests (${backend.name})`, () => {
    let database: Database;
    let app: ReturnType<typeof createApp>;
    let itemId: number;
    let clerkId: number;

    before(async () => {
      database = await backend.open();
      app = createApp({ db: database.db, logError: (e) => console.error(e), pageCacheBytes: false });
      const bodyId = (await importDataset({ db: database.db, actor: 'test' }, smallTown())).bodyId;
      const [m] = await database.db.select().from(meetings).where(eq(meetings.bodyId, bodyId));
      const items = await database.db
        .select()
        .from(agendaItems)
        .where(eq(agendaItems.meetingId, m?.id ?? 0));
      itemId = items.find((i) => i.number === '2')?.id ?? 0;
      await database.db
        .update(agendaItems)
        .set({ resolutionKind: 'decision', resolutionText: 'Der Ausschuss beschließt die Satzung.' })
        .where(eq(agendaItems.id, itemId));
      clerkId = (await makeAccount(database.db, 'einmal-sd', [{ bodyId, role: 'clerk' }])).id;
    });
    after(async () => {
      await database?.close();
    });

    const tracked = async () => (await database.db.select().from(trackedResolutions)).length;
    const creations = async () =>
      (await database.db.select().from(auditLog)).filter((a) => a.entity === 'resolution' && a.action === 'create')
        .length;

    test('a form sent twice is carried out once and both sendings lead to the entry', async () => {
      const clerk = new Browser(app);
      await clerk.login('einmal-sd');
      const form = await clerk.get(`${BASE}/neu/${itemId}`);
      const key = onceOf(form.html);
      assert.match(key, /^[0-9a-f-]{36}$/, 'the form carries a key');
      assert.notEqual(onceOf((await clerk.get(`${BASE}/neu/${itemId}`)).html), key, 'a fresh key per rendering');
      const before = { rows: await tracked(), audit: await creations() };
      const values = { _once: key, art: 'decision', titel: 'Doppelklick', text: 'Einmal anlegen.', amt: '', frist: '' };
      const first = await clerk.post(`${BASE}/neu/${itemId}`, values);
      assert.equal(first.res.status, 303);
      const second = await clerk.post(`${BASE}/neu/${itemId}`, values);
      assert.equal(second.res.status, 303, 'the repeat is led on, not refused');
      assert.equal(second.res.headers.get('location'), first.res.headers.get('location'));
      assert.equal(await tracked(), before.rows + 1, 'one entry');
      assert.equal(await creations(), before.audit + 1, 'one audit row');

      // Both at once (a double click): still one.
      const again = onceOf((await clerk.get(`${BASE}/neu/${itemId}`)).html);
      const both = await Promise.all([
        clerk.post(`${BASE}/neu/${itemId}`, { ...values, _once: again, titel: 'Gleichzeitig' }),
        clerk.post(`${BASE}/neu/${itemId}`, { ...values, _once: again, titel: 'Gleichzeitig' }),
      ]);
      assert.deepEqual(
        both.map((b) => b.res.status),
        [303, 303],
      );
      assert.equal(both[0].res.headers.get('location'), both[1].res.headers.get('location'));
      assert.equal(await tracked(), before.rows + 2);
      assert.equal(await creations(), before.audit + 2);
    });

    test('a refused sending keeps the key free; changed content with the same key is a new request', async () => {
      const clerk = new Browser(app);
      await clerk.login('einmal-sd');
      const key = onceOf((await clerk.get(`${BASE}/neu/${itemId}`)).html);
      const counts = await rowCounts(database.db);
      const base = { _once: key, art: 'decision', titel: 'Frist', text: 'Mit Frist.', amt: '' };
      const bad = await clerk.post(`${BASE}/neu/${itemId}`, { ...base, frist: '31.02.2025' });
      assert.equal(bad.res.status, 422);
      assert.match(textOf(bad.html), /gültiges Datum/);
      assert.deepEqual(await rowCounts(database.db), counts, 'nothing written');
      assert.equal((await database.db.select().from(submissions).where(eq(submissions.key, key))).length, 0);
      const rows = await tracked();
      const fixed = await clerk.post(`${BASE}/neu/${itemId}`, { ...base, frist: '28.02.2025' });
      assert.equal(fixed.res.status, 303, 'the corrected form with its key is carried out');
      assert.equal(await tracked(), rows + 1);
      // Back in the browser, changed and sent again: the user means a second entry.
      const changed = await clerk.post(`${BASE}/neu/${itemId}`, { ...base, titel: 'Anders', frist: '28.02.2025' });
      assert.equal(changed.res.status, 303);
      assert.notEqual(changed.res.headers.get('location'), fixed.res.headers.get('location'));
      assert.equal(await tracked(), rows + 2);
    });

    test('a form whose outcome was a page is not shown twice (the API token)', async () => {
      const clerk = new Browser(app);
      await clerk.login('einmal-sd');
      const page = await clerk.get('/verwaltung/konto/token');
      const key = onceOf(page.html);
      const before = (await database.db.select().from(apiTokens).where(eq(apiTokens.accountId, clerkId))).length;
      const values = { _once: key, name: 'Haushaltssoftware', ablauf: '' };
      const first = await clerk.post('/verwaltung/konto/token', values);
      assert.equal(first.res.status, 200);
      assert.match(textOf(first.html), /Haushaltssoftware/);
      const second = await clerk.post('/verwaltung/konto/token', values);
      assert.equal(second.res.status, 409);
      assert.match(textOf(second.html), /Formular bereits abgeschickt/);
      assert.match(textOf(second.html), /kein zweites Mal ausgeführt/);
      const after = (await database.db.select().from(apiTokens).where(eq(apiTokens.accountId, clerkId))).length;
      assert.equal(after, before + 1, 'one token');
    });

    test('the API: Idempotency-Key repeats the stored answer, refuses reuse and malformed keys', async () => {
      const token = (await createApiToken({ db: database.db, actor: 'test' }, clerkId, 'einmal')).token;
      const call = async (body: unknown, key?: string) => {
        const res = await app.request('/api/v1/resolutions', {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            ...(key === undefined ? {} : { 'idempotency-key': key }),
          },
          body: JSON.stringify(body),
        });
        // biome-ignore lint/suspicious/noExplicitAny: JSON answers of several shapes, read field by field.
        return { res, json: (await res.json()) as any };
      };
      const body = { agendaItemId: itemId, kind: 'task', text: 'Prüfen und berichten.' };
      const rows = await tracked();
      const first = await call(body, 'auftrag-0001');
      assert.equal(first.res.status, 201);
      assert.equal(first.res.headers.get('idempotent-replayed'), null);
      const second = await call(body, 'auftrag-0001');
      assert.equal(second.res.status, 201);
      assert.equal(second.res.headers.get('idempotent-replayed'), 'true');
      assert.deepEqual(second.json, first.json, 'the same answer');
      assert.equal(await tracked(), rows + 1);

      const counts = await rowCounts(database.db);
      const reused = await call({ ...body, text: 'Etwas anderes.' }, 'auftrag-0001');
      assert.equal(reused.res.status, 422);
      assert.equal(reused.json.error.id, 'idempotency.key_reused');
      const malformed = await call(body, 'kurz');
      assert.equal(malformed.res.status, 422);
      assert.equal(malformed.json.error.id, 'idempotency.key_invalid');
      assert.deepEqual(await rowCounts(database.db), counts, 'nothing written');

      // A refused request keeps nothing: the same key with valid content is carried out.
      const refused = await call({ agendaItemId: itemId, kind: 'task', officeId: 3_000_000_000 }, 'auftrag-0002');
      assert.equal(refused.res.status, 422);
      assert.equal((await call(body, 'auftrag-0002')).res.status, 201);
      // Without a key every request is carried out.
      await call(body);
      await call(body);
      assert.equal(await tracked(), rows + 4);
    });

    test('keys are forgotten after a day by the cleanup', async () => {
      const now = new Date();
      await database.db.insert(submissions).values([
        {
          accountId: clerkId,
          key: 'alt-alt-alt',
          requestHash: 'x',
          createdAt: new Date(now.getTime() - ONCE_KEEP_MS - 1000),
        },
        { accountId: clerkId, key: 'neu-neu-neu', requestHash: 'x', createdAt: now },
      ]);
      const removed = await cleanupExpired(database.db, now);
      assert.ok(removed.submissions >= 1);
      const keys = (await database.db.select().from(submissions)).map((s) => s.key);
      assert.ok(keys.includes('neu-neu-neu'));
      assert.ok(!keys.includes('alt-alt-alt'));
    });
  });
}
