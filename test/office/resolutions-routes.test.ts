/**
 * Resolution tracking (Beschlusskontrolle) over HTTP on every storage backend: the clerk tracks a
 * resolution from the minutes' item page (link, form with CSRF, defaults from the item), bad input said in
 * German at the field with nothing written, edits and a status change with the Sachstand, a stale form
 * refused (409); the overview with filters, sort (aria-sort), pages, the empty state and "(überfällig)"
 * in words; the print view and the PDF (text extracted with pdftotext); members read the non-public entry
 * without forms and are refused writes (403, nothing written); the public is sent to the login and gets
 * 401 from the API; the JSON API with stable error ids.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../src/db/open.ts';
import { agendaItems, meetings, organizations, trackedResolutions } from '../../src/db/schema.ts';
import { loadDemo } from '../../src/demo/load.ts';
import { createApp } from '../../src/http/app.tsx';
import { createApiToken } from '../../src/services/accounts.ts';
import { importDataset } from '../../src/services/dataset/import.ts';
import { hasPoppler, POPPLER_HINT, pdfText } from '../helpers/crawler.ts';
import { backends } from '../helpers/db.ts';
import { rowCounts, smallTown } from '../helpers/fixtures.ts';
import { textOf } from '../helpers/html.ts';
import { Browser, makeAccount } from './helpers.ts';

const BASE = '/verwaltung/beschlusskontrolle';

for (const backend of backends()) {
  describe(`resolution tracking pages and API (${backend.name})`, () => {
    let database: Database;
    let app: ReturnType<typeof createApp>;
    let bodyId: number;
    let meetingId: number;
    let officeId: number;
    let committeeId: number;
    let clerkId: number;
    let memberId: number;
    const item: Record<string, number> = {};

    before(async () => {
      database = await backend.open();
      app = createApp({ db: database.db, logError: (e) => console.error(e), pageCacheBytes: false });
      bodyId = (await importDataset({ db: database.db, actor: 'test' }, smallTown())).bodyId;
      const [m] = await database.db.select().from(meetings).where(eq(meetings.bodyId, bodyId));
      meetingId = m?.id ?? 0;
      for (const i of await database.db.select().from(agendaItems).where(eq(agendaItems.meetingId, meetingId))) {
        item[i.number] = i.id;
      }
      await database.db
        .update(agendaItems)
        .set({
          resolutionKind: 'recommendation',
          resolutionText: 'Der Finanzausschuss empfiehlt dem Rat, die Haushaltssatzung 2025 zu beschließen.',
        })
        .where(eq(agendaItems.id, item['2'] ?? 0));
      const orgs = await database.db.select().from(organizations).where(eq(organizations.bodyId, bodyId));
      officeId = orgs.find((o) => o.kind === 'office')?.id ?? 0;
      committeeId = orgs.find((o) => o.kind === 'committee')?.id ?? 0;
      clerkId = (await makeAccount(database.db, 'bk-sd', [{ bodyId, role: 'clerk' }])).id;
      memberId = (await makeAccount(database.db, 'bk-mitglied', [{ bodyId, role: 'member' }])).id;
    });
    after(async () => {
      await database?.close();
    });

    const versionOf = (html: string) => /name="version" value="(\d+)"/.exec(html)?.[1] ?? '';

    test('the clerk tracks a resolution from the minutes, edits it and reports its status', async () => {
      const clerk = new Browser(app);
      await clerk.login('bk-sd');
      let page = await clerk.get(BASE);
      assert.equal(page.res.status, 200);
      assert.match(textOf(page.html), /Es gibt keine offenen Beschlüsse oder Aufträge\./, 'empty state');
      assert.match(page.html, /href="\/verwaltung\/beschlusskontrolle">Beschlusskontrolle<\/a>/, 'nav link');

      const itemPage = await clerk.get(`/verwaltung/sitzungen/${meetingId}/niederschrift/${item['2']}`);
      assert.match(itemPage.html, new RegExp(`href="${BASE}/neu/${item['2']}"`), 'link on the minutes item page');
      page = await clerk.get(`${BASE}/neu/${item['2']}`);
      assert.equal(page.res.status, 200);
      assert.match(page.html, /empfiehlt dem Rat, die Haushaltssatzung 2025 zu beschließen\./, 'text from the item');
      assert.match(page.html, /<option value="decision" selected/);

      // Without the CSRF token: refused, nothing written.
      let counts = await rowCounts(database.db);
      const noCsrf = await clerk.post(`${BASE}/neu/${item['2']}`, { art: 'decision', titel: 'x' }, { csrf: null });
      assert.equal(noCsrf.res.status, 403);
      assert.deepEqual(await rowCounts(database.db), counts);

      // Bad input: German messages at the fields, the input kept, nothing written.
      const bad = await clerk.post(`${BASE}/neu/${item['2']}`, {
        art: 'decision',
        titel: 'Haushaltssatzung 2025',
        text: 'Beschluss',
        amt: String(committeeId),
        frist: '31.02.2025',
      });
      assert.equal(bad.res.status, 422);
      const said = textOf(bad.html);
      assert.match(said, /Die Frist muss ein gültiges Datum sein \(TT\.MM\.JJJJ\)\./);
      assert.match(said, /Dieses Amt gibt es in der Körperschaft nicht\./, 'every wrong field at once');
      assert.match(bad.html, /aria-invalid="true" aria-describedby="frist-fehler"/);
      assert.match(bad.html, /aria-invalid="true" aria-describedby="amt-fehler"/);
      assert.match(bad.html, /value="31.02.2025"/);
      assert.deepEqual(await rowCounts(database.db), counts);

      const created = await clerk.post(`${BASE}/neu/${item['2']}`, {
        art: 'decision',
        titel: 'Haushaltssatzung 2025',
        text: 'Der Finanzausschuss empfiehlt dem Rat, die Haushaltssatzung 2025 zu beschließen.',
        amt: String(officeId),
        frist: '15.03.2025',
      });
      assert.equal(created.res.status, 303);
      const location = created.res.headers.get('location') ?? '';
      assert.match(location, /^\/verwaltung\/beschlusskontrolle\/\d+\?meldung=angelegt$/);
      page = await clerk.get(location);
      assert.match(textOf(page.html), /Der Eintrag wurde angelegt\./);
      assert.match(textOf(page.html), /Beschluss: Haushaltssatzung 2025/);
      assert.match(textOf(page.html), /15\.03\.2025 \(überfällig\)/, 'overdue in words');
      const id = Number(/\/(\d+)\?/.exec(location)?.[1]);
      const url = `${BASE}/${id}`;

      // Status with Sachstand; then a stale form is refused (409) and writes nothing.
      const version = versionOf(page.html);
      const status = await clerk.post(`${url}/status`, {
        version,
        status: 'in_progress',
        sachstand: 'Der Rat berät am 20.03.2025.',
        datum: '01.03.2025',
      });
      assert.equal(status.res.status, 303);
      counts = await rowCounts(database.db);
      const stale = await clerk.post(url, {
        version,
        art: 'decision',
        titel: 'Veraltet',
        text: 'x',
        amt: '',
        frist: '',
      });
      assert.equal(stale.res.status, 409);
      assert.match(textOf(stale.html), /wurde inzwischen von Konto bk-sd .* geändert/);
      assert.match(stale.html, /value="Veraltet"/, 'the input is kept');
      assert.deepEqual(await rowCounts(database.db), counts);
      const missing = await clerk.post(`${url}/status`, {
        version: versionOf((await clerk.get(url)).html),
        status: 'done',
        sachstand: '',
      });
      assert.equal(missing.res.status, 422);
      assert.match(textOf(missing.html), /Bitte geben Sie den Sachstand an/);
      assert.deepEqual(await rowCounts(database.db), counts);

      page = await clerk.get(url);
      const edit = await clerk.post(url, {
        version: versionOf(page.html),
        art: 'task',
        titel: 'Haushaltssatzung dem Rat vorlegen',
        text: 'Die Kämmerei legt die Haushaltssatzung dem Rat vor.',
        amt: String(officeId),
        frist: '2025-03-20',
      });
      assert.equal(edit.res.status, 303);
      page = await clerk.get(url);
      assert.match(textOf(page.html), /Arbeitsauftrag: Haushaltssatzung dem Rat vorlegen/);
      assert.match(textOf(page.html), /in Bearbeitung/);
      assert.match(textOf(page.html), /Der Rat berät am 20\.03\.2025\. \(Stand 01\.03\.2025\)/);
    });

    test('the overview: filters, sort with aria-sort, pages, search with umlauts; print view and PDF', async () => {
      const [row] = await database.db.select().from(trackedResolutions).where(eq(trackedResolutions.bodyId, bodyId));
      assert.ok(row);
      // More rows for pages: 30 tasks without a due date, one of them done.
      for (let n = 1; n <= 30; n += 1) {
        await database.db.insert(trackedResolutions).values({
          bodyId,
          organizationId: committeeId,
          agendaItemId: item['3'] ?? 0,
          kind: 'review',
          title: n === 7 ? 'Prüfauftrag Grundstück Mühlenstraße' : `Prüfauftrag Nr. ${n}`,
          text: 'Die Verwaltung prüft.',
          status: n === 30 ? 'done' : 'open',
          public: false,
        });
      }
      const clerk = new Browser(app);
      await clerk.login('bk-sd');
      let page = await clerk.get(BASE);
      const text = textOf(page.html);
      assert.match(text, /30 Einträge – Seite 1 von 2/);
      assert.match(
        page.html,
        /<th scope="col" aria-sort="ascending"><a href="[^"]*sortierung=frist|aria-sort="ascending"/,
      );
      assert.match(text, /Haushaltssatzung dem Rat vorlegen/);
      assert.match(text, /\(überfällig\)/);
      assert.match(text, /\(nicht öffentlich\)/);
      assert.match(page.html, /rel="next"/);
      page = await clerk.get(`${BASE}?seite=2`);
      assert.match(textOf(page.html), /Seite 2 von 2/);
      page = await clerk.get(`${BASE}?sortierung=frist&richtung=ab`);
      assert.match(page.html, /aria-sort="descending"/);
      page = await clerk.get(`${BASE}?status=erledigt`);
      assert.match(textOf(page.html), /1 Eintrag/);
      assert.match(textOf(page.html), /Prüfauftrag Nr\. 30/);
      page = await clerk.get(`${BASE}?q=muehlenstrasse`);
      assert.match(textOf(page.html), /1 Eintrag/);
      assert.match(textOf(page.html), /Prüfauftrag Grundstück Mühlenstraße/);
      page = await clerk.get(`${BASE}?amt=${officeId}&ueberfaellig=1`);
      assert.match(textOf(page.html), /1 Eintrag/);
      page = await clerk.get(`${BASE}?jahr=2023`);
      assert.match(textOf(page.html), /Kein Beschluss und kein Auftrag passt zu diesen Filtern\./);

      const print = await clerk.get(`${BASE}/druck?gremium=${committeeId}&jahr=2024`);
      assert.equal(print.res.status, 200);
      assert.match(print.html, /@media print/);
      assert.match(
        textOf(print.html),
        /Übersicht über die offenen Beschlüsse, Prüf- und Arbeitsaufträge des Finanzausschusses aus dem Jahr 2024/,
      );
      assert.match(textOf(print.html), /Prüfauftrag Nr\. 29/, 'all rows, not one page');

      const pdfRes = await app.request(`${BASE}/uebersicht.pdf?gremium=${committeeId}&jahr=2024`, {
        headers: { cookie: [...clerk.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
      assert.equal(pdfRes.status, 200);
      assert.equal(pdfRes.headers.get('content-type'), 'application/pdf');
      assert.match(pdfRes.headers.get('content-disposition') ?? '', /Beschlusskontrolle_Finanzausschuss_2024\.pdf/);
      const bytes = new Uint8Array(await pdfRes.arrayBuffer());
      assert.equal(new TextDecoder().decode(bytes.slice(0, 5)), '%PDF-');
      if (!hasPoppler()) assert.fail(POPPLER_HINT);
      const pdf = pdfText(bytes).replace(/\s+/g, ' ');
      assert.match(
        pdf,
        /Übersicht über die offenen Beschlüsse, Prüf- und Arbeitsaufträge des Finanzausschusses aus dem Jahr 2024/,
      );
      for (const heading of [
        'Sitzung / TOP / Vorlage',
        'Beschluss / Auftrag',
        'zuständiges Amt',
        'Frist',
        'Sachstand',
      ]) {
        assert.ok(pdf.includes(heading), heading);
      }
      assert.match(pdf, /Arbeitsauftrag: Haushaltssatzung dem Rat vorlegen/);
      assert.match(pdf, /14\.11\.2024, TOP 2/);
      assert.match(pdf, /Kämmerei/);
      assert.match(pdf, /20\.03\.2025 .*überfällig/, 'overdue in words, below the due date');
      assert.match(pdf, /Der Rat berät am 20\.03\.2025\./);
      assert.match(pdf, /Prüfauftrag Nr\. 29/);
      assert.doesNotMatch(pdf, /Prüfauftrag Nr\. 30/, 'done is not open');
      assert.match(pdf, /Seite 1 von \d/);
      assert.match(pdf, /Tagged: +yes/);
    });

    test('members read without forms and are refused writes; the public is refused everywhere', async () => {
      const [row] = await database.db
        .select()
        .from(trackedResolutions)
        .where(and(eq(trackedResolutions.bodyId, bodyId), eq(trackedResolutions.public, false)));
      assert.ok(row);
      const member = new Browser(app);
      await member.login('bk-mitglied');
      const read = await member.get(`${BASE}/${row.id}`);
      assert.equal(read.res.status, 200);
      assert.match(textOf(read.html), /nein \(aus dem nicht öffentlichen Teil\)/);
      assert.doesNotMatch(read.html, /<form method="post" action="\/verwaltung\/beschlusskontrolle/);
      const itemPage = await member.get(`/verwaltung/sitzungen/${meetingId}/niederschrift/${item['2']}`);
      assert.doesNotMatch(itemPage.html, /beschlusskontrolle\/neu/);
      const counts = await rowCounts(database.db);
      for (const [path, form] of [
        [`${BASE}/${row.id}`, { version: String(row.version), art: 'task', titel: 'Mitglied', text: 'x' }],
        [`${BASE}/${row.id}/status`, { version: String(row.version), status: 'done', sachstand: 'erledigt' }],
        [`${BASE}/neu/${item['2']}`, { art: 'task', titel: 'Mitglied', text: 'x' }],
      ] as const) {
        const refused = await member.post(path, form);
        assert.equal(refused.res.status, 403, path);
        assert.match(textOf(refused.html), /Beschlusskontrolle pflegen/);
      }
      const sessionsNow = (await rowCounts(database.db)).sessions;
      assert.deepEqual({ ...(await rowCounts(database.db)), sessions: counts.sessions }, counts);
      assert.equal(sessionsNow, counts.sessions);

      const anonymous = new Browser(app);
      for (const path of [BASE, `${BASE}/druck`, `${BASE}/uebersicht.pdf`, `${BASE}/${row.id}`]) {
        const res = await app.request(path);
        assert.equal(res.status, 303, path);
        assert.match(res.headers.get('location') ?? '', /^\/verwaltung\/anmelden/);
      }
      const res = await app.request('/api/v1/resolutions');
      assert.equal(res.status, 401);
      assert.equal(((await res.json()) as { error: { id: string } }).error.id, 'auth.required');
      assert.equal((await app.request(`/api/v1/resolutions/${row.id}`)).status, 401);
      await anonymous.get('/verwaltung/anmelden');
      const post = await anonymous.post(`${BASE}/${row.id}/status`, { status: 'done', sachstand: 'x' });
      assert.equal(post.res.status, 403);
      // Nothing of it on a public surface: the portal's search does not know the table.
      const search = await app.request('/suche?q=Mühlenstraße');
      assert.doesNotMatch(await search.text(), /Prüfauftrag Grundstück/);
    });

    test('the API: list with filters, get, create, patch with version, status; stable error ids', async () => {
      const token = (await createApiToken({ db: database.db, actor: 'test' }, clerkId, 'test')).token;
      const memberToken = (await createApiToken({ db: database.db, actor: 'test' }, memberId, 'test')).token;
      const call = async (method: string, path: string, body?: unknown, bearer = token) => {
        const res = await app.request(path, {
          method,
          headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
        });
        // biome-ignore lint/suspicious/noExplicitAny: JSON answers of several shapes, read field by field.
        return { status: res.status, json: (await res.json()) as any };
      };
      let a = await call('GET', `/api/v1/resolutions?bodyId=${bodyId}&q=Mühlenstraße`);
      assert.equal(a.status, 200);
      assert.equal(a.json.total, 1);
      assert.equal(a.json.items[0].public, false);
      a = await call('GET', `/api/v1/resolutions?bodyId=${bodyId}&status=done&pageSize=5`);
      assert.equal(a.json.total, 1);
      a = await call('GET', `/api/v1/resolutions?bodyId=${bodyId}&overdue=true&officeId=${officeId}`);
      assert.equal(a.json.total, 1);
      a = await call('GET', `/api/v1/resolutions?bodyId=${bodyId}&status=fertig&sort=x`);
      assert.equal(a.status, 422);
      assert.equal(a.json.error.id, 'validation.failed');
      assert.ok(a.json.error.fields.status && a.json.error.fields.sort);

      const counts = await rowCounts(database.db);
      a = await call('POST', '/api/v1/resolutions', 'kein json');
      assert.equal(a.status, 400);
      a = await call('POST', '/api/v1/resolutions', { agendaItemId: item['1'] });
      assert.equal(a.status, 422);
      assert.equal(a.json.error.id, 'validation.failed');
      assert.match(a.json.error.fields.text, /keinen Beschlusstext/);
      a = await call('POST', '/api/v1/resolutions', { agendaItemId: item['2'], kind: 'task' }, memberToken);
      assert.equal(a.status, 403);
      assert.equal(a.json.error.id, 'permission.denied');
      // Ids that are no ids of the database (not whole, beyond its integers): the fields named, not a 500.
      for (const agendaItemId of [1.5, 3_000_000_000]) {
        a = await call('POST', '/api/v1/resolutions', { agendaItemId, kind: 'task', text: 'Prüfen.' });
        assert.equal(a.status, 422, String(agendaItemId));
        assert.equal(a.json.error.id, 'validation.failed');
        assert.ok(a.json.error.fields.agendaItemId, String(agendaItemId));
      }
      a = await call('POST', '/api/v1/resolutions', { agendaItemId: item['2'], officeId: 3_000_000_000 });
      assert.equal(a.status, 422);
      assert.ok(a.json.error.fields.officeId);
      assert.deepEqual(await rowCounts(database.db), counts);

      a = await call('POST', '/api/v1/resolutions', {
        agendaItemId: item['2'],
        kind: 'review',
        title: 'Zahlen für den Rat aufbereiten',
        text: 'Die Kämmerei bereitet die Zahlen auf.',
        officeId,
        dueDate: '2025-04-30',
      });
      assert.equal(a.status, 201);
      assert.equal(a.json.kind, 'review');
      assert.equal(a.json.office.id, officeId);
      assert.equal(a.json.version, 1);
      const id = a.json.id as number;
      a = await call('GET', `/api/v1/resolutions/${id}`, undefined, memberToken);
      assert.equal(a.status, 200);
      assert.equal(a.json.title, 'Zahlen für den Rat aufbereiten');
      a = await call('PATCH', `/api/v1/resolutions/${id}`, { version: 1, dueDate: '2025-05-31' });
      assert.equal(a.status, 200);
      assert.equal(a.json.dueDate, '2025-05-31');
      assert.equal(a.json.title, 'Zahlen für den Rat aufbereiten', 'omitted fields kept');
      assert.equal(a.json.version, 2);
      a = await call('PATCH', `/api/v1/resolutions/${id}`, { version: 1, title: 'Alt' });
      assert.equal(a.status, 409);
      assert.equal(a.json.error.id, 'conflict.stale');
      assert.equal(a.json.error.currentVersion, 2);
      a = await call('POST', `/api/v1/resolutions/${id}/status`, { version: 2, status: 'erledigt', report: 'x' });
      assert.equal(a.status, 422);
      assert.ok(a.json.error.fields.status);
      a = await call('POST', `/api/v1/resolutions/${id}/status`, {
        version: 2,
        status: 'done',
        report: 'Dem Rat vorgelegt.',
        reportDate: '2025-05-02',
      });
      assert.equal(a.status, 200);
      assert.equal(a.json.status, 'done');
      assert.equal(a.json.doneDate, '2025-05-02');
      a = await call('PATCH', `/api/v1/resolutions/${id}`, { version: 3, title: 'Mitglied' }, memberToken);
      assert.equal(a.status, 403);
      a = await call('GET', '/api/v1/resolutions/999999');
      assert.equal(a.status, 404);
      assert.equal(a.json.error.id, 'not_found');

      // A planned meeting's item: the rule's own id.
      const [planned] = await database.db
        .insert(meetings)
        .values({ bodyId, organizationId: committeeId, startAt: new Date('2031-01-01T16:00:00Z') })
        .returning();
      const [future] = await database.db
        .insert(agendaItems)
        .values({ meetingId: planned?.id ?? 0, number: '1', position: 1, public: true, title: 'Zukunft' })
        .returning();
      a = await call('POST', '/api/v1/resolutions', { agendaItemId: future?.id, text: 'x' });
      assert.equal(a.status, 422);
      assert.equal(a.json.error.id, 'resolution.meeting_not_held');
    });

    test('the demo: open resolutions and tasks of the reference meeting, printed like its item 9', async () => {
      const demo = await loadDemo(database.db);
      const clerk = new Browser(app);
      await clerk.login('gramenz', 'Demo-Schriftfuehrer-2021');
      const page = await clerk.get(`${BASE}?koerperschaft=${demo.bodyId}`);
      assert.equal(page.res.status, 200);
      const text = textOf(page.html);
      assert.match(text, /3 Einträge/);
      assert.match(text, /Veränderungsantrag zum WLAN-Ausbau am BK Ratingen/);
      assert.match(text, /Anbindung des DMS an die elektronische Ausländerakte/);
      assert.match(text, /Beitritt zum gemeinnützigen Verein buergerservice\.org/);
      assert.match(text, /Vorlage 10\/003\/2021/);
      const done = await clerk.get(`${BASE}?koerperschaft=${demo.bodyId}&status=erledigt`);
      assert.match(textOf(done.html), /Zahl der bisher freigeschalteten e-ID/);
      assert.match(textOf(done.html), /ca\. 35 Mio\. eID freigeschaltet/);
      const options = textOf(page.html);
      assert.match(options, /Ausschuss für Digitalisierung/);
      const [committee] = await database.db
        .select()
        .from(organizations)
        .where(and(eq(organizations.bodyId, demo.bodyId), eq(organizations.name, 'Ausschuss für Digitalisierung')));
      const res = await app.request(
        `${BASE}/uebersicht.pdf?koerperschaft=${demo.bodyId}&gremium=${committee?.id}&jahr=2021`,
        { headers: { cookie: [...clerk.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } },
      );
      assert.equal(res.status, 200);
      if (!hasPoppler()) assert.fail(POPPLER_HINT);
      const pdf = pdfText(new Uint8Array(await res.arrayBuffer())).replace(/\s+/g, ' ');
      assert.match(
        pdf,
        /Übersicht über die offenen Beschlüsse, Prüf- und Arbeitsaufträge des Ausschusses für Digitalisierung aus dem Jahr 2021/,
      );
      assert.match(pdf, /Stabsstelle Digitalisierung/);
    });
  });
}
