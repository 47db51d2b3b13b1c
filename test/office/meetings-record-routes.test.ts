/**
 * Attendance and votes over HTTP on every storage backend: the clerk records attendance on the page
 * (a guest becomes the substitute of an excused member; the quorum said in German), a vote with one
 * abstention (the result said in German), counts over the present voters refused with the input kept
 * (422, nothing written), a stale form 409; members read without forms; the JSON API with stable ids.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import type { Database } from '../../src/db/open.ts';
import { meetings } from '../../src/db/schema.ts';
import { createApp } from '../../src/http/app.tsx';
import { createApiToken } from '../../src/services/accounts.ts';
import { importDataset } from '../../src/services/dataset/import.ts';
import { loadMeetingRecord } from '../../src/services/meetings-record.ts';
import { backends } from '../helpers/db.ts';
import { rowCounts, smallTown } from '../helpers/fixtures.ts';
import { textOf } from '../helpers/html.ts';
import { Browser, makeAccount } from './helpers.ts';

for (const backend of backends()) {
  describe(`attendance and vote pages and API (${backend.name})`, () => {
    let database: Database;
    let app: ReturnType<typeof createApp>;
    let bodyId: number;
    let meetingId: number;
    let clerkId: number;
    let memberId: number;

    before(async () => {
      database = await backend.open();
      app = createApp({ db: database.db, logError: (e) => console.error(e), pageCacheBytes: false });
      bodyId = (await importDataset({ db: database.db, actor: 'test' }, smallTown())).bodyId;
      const [m] = await database.db.select().from(meetings).where(eq(meetings.bodyId, bodyId));
      meetingId = m?.id ?? 0;
      clerkId = (await makeAccount(database.db, 'sd', [{ bodyId, role: 'clerk' }])).id;
      memberId = (await makeAccount(database.db, 'mitglied', [{ bodyId, role: 'member' }])).id;
    });
    after(async () => {
      await database?.close();
    });

    const versionOf = (html: string) => /name="version" value="(\d+)"/.exec(html)?.[1] ?? '';
    const record = async () => {
      const r = await loadMeetingRecord(database.db, meetingId);
      assert.ok(r);
      return r;
    };

    test('the clerk records attendance with a substitute and a vote with one abstention; errors said, nothing written', async () => {
      const clerk = new Browser(app);
      await clerk.login('sd');
      const meetingPage = await clerk.get(`/verwaltung/sitzungen/${meetingId}`);
      assert.match(meetingPage.html, new RegExp(`href="/verwaltung/sitzungen/${meetingId}/niederschrift"`));
      let page = await clerk.get(`/verwaltung/sitzungen/${meetingId}/niederschrift`);
      assert.equal(page.res.status, 200);
      assert.match(
        textOf(page.html),
        /Beschlussfähig: 4 von 5 stimmberechtigten Mitgliedern anwesend, erforderlich sind mehr als die Hälfte \(mindestens 3\)\./,
      );
      assert.match(page.html, /aria-label="Anwesenheit Dieter Dörr"/);
      const r = await record();
      const gast = r.attendance.find((a) => a.name === 'Gustav Gast');
      const doerr = r.roster.find((m) => m.name === 'Dieter Dörr');
      const acker = r.roster.find((m) => m.name === 'Anna Acker');
      assert.ok(gast && doerr && acker);
      const form = {
        version: versionOf(page.html),
        'p0-status': 'present',
        'p0-kommt': '17:00',
        'p1-status': 'present',
        'p2-status': 'present',
        'p3-status': 'excused',
        'p4-status': 'present',
        'x0-person': String(gast.personId),
        'x0-rolle': 'substitute',
        'x0-vertritt': String(acker.personId),
        'x0-status': 'present',
        'x0-kommt': '17:10',
        'x1-person': '',
      };
      // Acker is present herself: refused in words at the row, input kept.
      const counts = await rowCounts(database.db);
      const bad = await clerk.post(`/verwaltung/sitzungen/${meetingId}/anwesenheit`, form);
      assert.equal(bad.res.status, 422);
      assert.match(textOf(bad.html), /Anna Acker ist selbst anwesend; eine Vertretung ist nicht nötig\./);
      assert.match(bad.html, /id="x0-vertritt"[^>]*aria-invalid="true"/);
      assert.match(bad.html, /value="17:10"/);
      assert.deepEqual(await rowCounts(database.db), counts);
      const saved = await clerk.post(`/verwaltung/sitzungen/${meetingId}/anwesenheit`, {
        ...form,
        'x0-vertritt': String(doerr.personId),
      });
      assert.equal(saved.res.status, 303);
      page = await clerk.get(saved.res.headers.get('location') ?? '');
      assert.match(textOf(page.html), /Die Anwesenheit wurde gespeichert\./);
      assert.match(
        textOf(page.html),
        /Beschlussfähig: 5 von 5 stimmberechtigten Mitgliedern anwesend, erforderlich sind mehr als die Hälfte \(mindestens 3\)\./,
      );
      // The old form is stale now.
      const stale = await clerk.post(`/verwaltung/sitzungen/${meetingId}/anwesenheit`, form);
      assert.equal(stale.res.status, 409);
      assert.match(textOf(stale.html), /inzwischen .* geändert/);

      const item = (await record()).items.find((i) => i.number === '2');
      assert.ok(item);
      const itemUrl = `/verwaltung/sitzungen/${meetingId}/niederschrift/${item.id}`;
      let itemPage = await clerk.get(itemUrl);
      assert.equal(itemPage.res.status, 200);
      assert.match(itemPage.html, /<label for="stimme-\d+">Gustav Gast<\/label>/);
      const tooMany = await clerk.post(`${itemUrl}/abstimmung`, {
        version: versionOf(itemPage.html),
        art: 'offen',
        ergebnis: 'stimmen',
        ja: '5',
        nein: '1',
        enthaltung: '0',
      });
      assert.equal(tooMany.res.status, 422);
      assert.match(
        textOf(tooMany.html),
        /Es wurden 6 Stimmen gezählt, aber nur 5 Personen sind anwesend und stimmberechtigt\.(?! \()/,
      );
      assert.match(tooMany.html, /id="ja"[^>]*value="5"|value="5"[^>]*id="ja"/);
      assert.deepEqual((await record()).items.find((i) => i.id === item.id)?.votes, []);
      const vote = await clerk.post(`${itemUrl}/abstimmung`, {
        version: versionOf(itemPage.html),
        art: 'offen',
        ergebnis: 'stimmen',
        ja: '4',
        nein: '0',
        enthaltung: '1',
      });
      assert.equal(vote.res.status, 303);
      itemPage = await clerk.get(vote.res.headers.get('location') ?? '');
      assert.match(textOf(itemPage.html), /einstimmig bei 1 Enthaltung angenommen \(4 Ja, 0 Nein, 1 Enthaltung\)/);
      const texts = await clerk.post(itemUrl, {
        version: versionOf(itemPage.html),
        niederschrift: 'Der Kämmerer erläutert den Entwurf.',
        beschluss: 'Der Ausschuss empfiehlt die Haushaltssatzung.',
      });
      assert.equal(texts.res.status, 303);
      itemPage = await clerk.get(itemUrl);
      assert.match(itemPage.html, />Der Kämmerer erläutert den Entwurf\.<\/textarea>/);
      page = await clerk.get(`/verwaltung/sitzungen/${meetingId}/niederschrift`);
      assert.match(textOf(page.html), /Haushaltssatzung 2025 einstimmig bei 1 Enthaltung angenommen/);

      // A member reads the results without forms.
      const member = new Browser(app);
      await member.login('mitglied');
      const read = await member.get(itemUrl);
      assert.equal(read.res.status, 200);
      assert.doesNotMatch(read.html, /<form method="post" action="[^"]*abstimmung"/);
      assert.match(textOf(read.html), /Der Kämmerer erläutert den Entwurf\./);
      const refused = await member.post(`${itemUrl}/abstimmung`, { version: versionOf(itemPage.html), ja: '1' });
      assert.equal(refused.res.status, 403);
    });

    test('the API: attendance and votes with stable error ids', async () => {
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
      const base = `/api/v1/meetings/${meetingId}`;
      let a = await call('GET', `${base}/attendance`);
      assert.equal(a.status, 200);
      assert.match(a.json.quorum.explanation, /^Beschlussfähig: \d von 5 stimmberechtigten Mitgliedern/);
      const entries = a.json.attendance.map((x: Record<string, unknown>) => ({
        personId: x.personId,
        role: x.role,
        status: x.status,
        substituteForPersonId: x.substituteForPersonId,
      }));
      const version = a.json.version;
      const counts = await rowCounts(database.db);
      const bad = await call('PUT', `${base}/attendance`, {
        version,
        entries: [...entries, { personId: 999999, role: 'guest', status: 'present' }],
      });
      assert.equal(bad.status, 422);
      assert.equal(bad.json.error.id, 'validation.failed');
      assert.match(bad.json.error.fields[`entries.${entries.length}.personId`], /gibt es in der Körperschaft nicht/);
      assert.equal(
        (await call('PUT', `${base}/attendance`, { version: version - 1, entries })).json.error.id,
        'conflict.stale',
      );
      assert.equal((await call('PUT', `${base}/attendance`, 'kein json')).status, 400);
      const denied = await call('PUT', `${base}/attendance`, { version, entries }, memberToken);
      assert.deepEqual([denied.status, denied.json.error.id], [403, 'permission.denied']);
      assert.deepEqual(await rowCounts(database.db), counts);
      a = await call('PUT', `${base}/attendance`, { version, entries });
      assert.equal(a.status, 200);
      assert.ok(a.json.version > version);

      const itemId = (await record()).items.find((i) => i.number === '1')?.id;
      const over = await call('POST', `${base}/items/${itemId}/vote`, {
        version: a.json.version,
        yes: 9,
        no: 0,
        abstain: 0,
      });
      assert.equal(over.status, 422);
      assert.equal(over.json.error.id, 'validation.failed');
      assert.match(
        over.json.error.fields.yes,
        /^Es wurden 9 Stimmen gezählt, aber nur \d Personen sind anwesend und stimmberechtigt\.$/,
      );
      const ok = await call('POST', `${base}/items/${itemId}/vote`, { version: a.json.version, noted: true });
      assert.equal(ok.status, 201);
      assert.equal(ok.json.votes[0].phrase, 'zur Kenntnis genommen');
      assert.equal((await call('GET', `${base}/items/999999`)).json.error.id, 'not_found');
      assert.equal((await call('GET', '/api/v1/meetings/999999/attendance')).status, 404);
      const texts = await call('PATCH', `${base}/items/${itemId}`, {
        version: ok.json.version,
        minutesText: 'Eröffnet.',
      });
      assert.equal(texts.status, 200);
      assert.equal(texts.json.minutesText, 'Eröffnet.');
    });

    test('a meeting still to come: the page says from when, offers no attendance or vote forms; the API 409', async () => {
      const [m] = await database.db.select().from(meetings).where(eq(meetings.id, meetingId));
      assert.ok(m);
      await database.db
        .update(meetings)
        .set({ startAt: new Date(Date.now() + 3 * 86_400_000) })
        .where(eq(meetings.id, meetingId));
      try {
        const clerk = new Browser(app);
        await clerk.login('sd');
        const page = await clerk.get(`/verwaltung/sitzungen/${meetingId}/niederschrift`);
        assert.match(
          textOf(page.html),
          /Die Sitzung findet erst am \d\d\.\d\d\.\d{4} statt\. Anwesenheit, Abstimmungen, Befangenheiten und Ergänzungen lassen sich ab dem Sitzungstag erfassen/,
        );
        assert.doesNotMatch(page.html, /Anwesenheit speichern/);
        const itemId = (await record()).items.find((i) => i.number === '1')?.id;
        const itemPage = await clerk.get(`/verwaltung/sitzungen/${meetingId}/niederschrift/${itemId}`);
        assert.match(itemPage.html, /Texte speichern/, 'texts may be prepared');
        assert.doesNotMatch(itemPage.html, /Abstimmung speichern|Befangenheit eintragen|Ergänzung speichern/);
        const token = (await createApiToken({ db: database.db, actor: 'test' }, clerkId, 'test')).token;
        const counts = await rowCounts(database.db);
        const res = await app.request(`/api/v1/meetings/${meetingId}/items/${itemId}/vote`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ version: (await record()).version, yes: 1, no: 0, abstain: 0 }),
        });
        assert.equal(res.status, 409);
        assert.equal(((await res.json()) as { error: { id: string } }).error.id, 'meeting.not_yet_held');
        assert.deepEqual(await rowCounts(database.db), counts);
      } finally {
        await database.db.update(meetings).set({ startAt: m.startAt }).where(eq(meetings.id, meetingId));
      }
    });
  });
}
