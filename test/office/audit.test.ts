/**
 * The audit views (issue 6, part 8) on every storage backend: a meeting's log holds its agenda items'
 * entries (also of a removed item), the minutes texts and addenda of its items, newest first, in pages,
 * with who by name, when in German and the changed fields as a before/after table (long texts folded);
 * an entry of another body never shows, also not when its JSON names the meeting; members and the public
 * never reach the pages; entries without a body only for installation admins; the body-wide log with
 * filters; the JSON API with stable ids.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import type { Database } from '../../src/db/open.ts';
import { agendaItems, auditLog, meetings, organizations, persons } from '../../src/db/schema.ts';
import type { Actor } from '../../src/domain/permissions.ts';
import { createApp } from '../../src/http/app.tsx';
import { createApiToken } from '../../src/services/accounts.ts';
import { fieldChanges, readBodyLog, readObjectLog } from '../../src/services/audit-read.ts';
import { importDataset } from '../../src/services/dataset/import.ts';
import { createMembershipIn, createOrganizationIn } from '../../src/services/masterdata-edit.ts';
import {
  addOfficeAgendaItem,
  createOfficeMeeting,
  inviteMeeting,
  removeOfficeAgendaItem,
  updateOfficeAgendaItem,
  updateOfficeMeeting,
} from '../../src/services/meetings-office.ts';
import { addItemAddendum, recordItemVote, saveAttendance, saveItemTexts } from '../../src/services/meetings-record.ts';
import { publishMinutes, signMinutes, submitMinutes } from '../../src/services/minutes-finish.ts';
import { changeResolutionStatus, createTrackedResolution } from '../../src/services/resolutions.ts';
import { backends } from '../helpers/db.ts';
import { rowCounts, smallTown } from '../helpers/fixtures.ts';
import { textOf } from '../helpers/html.ts';
import { Browser, makeAccount } from './helpers.ts';
import { townWithSecretary } from './minutes-fixtures.ts';

test('fieldChanges: only changed fields, technical keys left out, creates list the filled fields', () => {
  assert.deepEqual(
    fieldChanges(
      { title: 'Alt', public: true, modifiedAt: '2026-01-01', version: 1, text: null },
      { title: 'Neu', public: true, modifiedAt: '2026-01-02', version: 2, text: '' },
    ).map((c) => [c.key, c.label, c.before, c.after]),
    [['title', 'Titel', 'Alt', 'Neu']],
  );
  assert.deepEqual(
    fieldChanges(null, { id: 4, name: 'Bauausschuss', shortName: null, kind: 'committee' }).map((c) => c.label),
    ['Name', 'Art'],
  );
  assert.deepEqual(
    fieldChanges({ attendance: [{ personId: 1 }] }, { attendance: [{ personId: 1 }, { personId: 2 }] }).map(
      (c) => c.key,
    ),
    ['attendance'],
  );
  assert.deepEqual(fieldChanges(null, null), []);
});

for (const backend of backends()) {
  describe(`audit views (${backend.name})`, () => {
    let database: Database;
    let app: ReturnType<typeof createApp>;
    let bodyId: number;
    let otherBodyId: number;
    let meetingId: number;
    let itemId: number;
    let removedItemId: number;
    let clerkId: number;
    const longText = `Der Kämmerer erläutert den Entwurf.\n\n${'Es folgt eine lange Aussprache. '.repeat(20)}`;

    before(async () => {
      database = await backend.open();
      app = createApp({ db: database.db, logError: (e) => console.error(e), pageCacheBytes: false });
      bodyId = (await importDataset({ db: database.db, actor: 'test' }, smallTown())).bodyId;
      otherBodyId = (await importDataset({ db: database.db, actor: 'test' }, smallTown({ slug: 'andere' }))).bodyId;
      const clerkAccount = await makeAccount(database.db, 'sd', [{ bodyId, role: 'clerk' }]);
      clerkId = clerkAccount.id;
      await makeAccount(database.db, 'mitglied', [{ bodyId, role: 'member' }]);
      await makeAccount(database.db, 'verwaltung', [{ bodyId, role: 'admin' }]);
      await makeAccount(database.db, 'fremd', [{ bodyId: otherBodyId, role: 'clerk' }]);
      await makeAccount(database.db, 'root', [], { installationAdmin: true });
      const clerk: Actor = { installationAdmin: false, roles: [{ bodyId, role: 'clerk' }] };
      const ctx = { db: database.db, actor: `user:${clerkId}` };
      const [committee] = (
        await database.db.select().from(organizations).where(eq(organizations.bodyId, bodyId))
      ).filter((o) => o.kind === 'committee');
      assert.ok(committee);
      const planned = await createOfficeMeeting(ctx, clerk, {
        bodyId,
        organizationId: committee.id,
        date: '2026-03-04',
        startTime: '17:00',
      });
      meetingId = planned.id;
      const first = await addOfficeAgendaItem(ctx, clerk, meetingId, {
        version: planned.version,
        title: 'Haushalt 2027',
        public: true,
      });
      itemId = first.item.id;
      const second = await addOfficeAgendaItem(ctx, clerk, meetingId, {
        version: first.meeting.version,
        title: 'Wird wieder gestrichen',
        public: true,
      });
      removedItemId = second.item.id;
      const updated = await updateOfficeAgendaItem(ctx, clerk, meetingId, itemId, {
        version: second.meeting.version,
        title: 'Haushalt 2027 (Entwurf)',
        public: true,
      });
      const removed = await removeOfficeAgendaItem(ctx, clerk, meetingId, removedItemId, {
        version: updated.meeting.version,
      });
      const texts = await saveItemTexts(ctx, clerk, meetingId, itemId, {
        version: removed.version,
        minutesText: longText,
      });
      const added = await addItemAddendum(ctx, clerk, meetingId, itemId, {
        version: texts.meeting.version,
        text: 'Nachgereichte Zahlen',
      });
      await updateOfficeMeeting(ctx, clerk, meetingId, {
        version: added.meeting.version,
        organizationId: committee.id,
        date: '2026-03-04',
        startTime: '18:00',
      });
      // An entry of the other body that names this meeting in its JSON: never in this meeting's log.
      await database.db.insert(auditLog).values({
        bodyId: otherBodyId,
        actor: 'test',
        action: 'update',
        entity: 'agenda_item',
        entityId: String(itemId),
        before: { meetingId, title: 'Fremd' },
        after: { meetingId, title: 'Fremd geändert' },
      });
      // Body-less entries (an account's): installation admins only.
      await createApiToken({ db: database.db, actor: `user:${clerkId}` }, clerkId, 'Schnittstelle');
    });
    after(async () => {
      await database?.close();
    });

    test('a meeting log: its items (also removed ones), texts and addenda, newest first, never another body', async () => {
      const clerk: Actor = { installationAdmin: false, roles: [{ bodyId, role: 'clerk' }] };
      const log = await readObjectLog(database.db, clerk, { entity: 'meeting', id: String(meetingId) });
      const kinds = log.items.map((i) => `${i.entity}:${i.action}`);
      assert.deepEqual(kinds, [
        'meeting:update',
        'addendum:create',
        'agenda_item:minutes',
        'agenda_item:delete',
        'agenda_item:update',
        'agenda_item:create',
        'agenda_item:create',
        'meeting:create',
      ]);
      assert.ok(log.items.every((i) => i.bodyId === bodyId));
      assert.ok(log.items.some((i) => i.entity === 'agenda_item' && i.entityId === String(removedItemId)));
      for (let i = 1; i < log.items.length; i++) {
        assert.ok((log.items[i - 1]?.at.getTime() ?? 0) >= (log.items[i]?.at.getTime() ?? 0), 'newest first');
      }
      assert.equal(log.items[0]?.actorName, 'Konto sd');
      // Pages of 3: 8 entries on 3 pages, a page beyond the end gives the last.
      const p2 = await readObjectLog(database.db, clerk, {
        entity: 'meeting',
        id: String(meetingId),
        page: 2,
        pageSize: 3,
      });
      assert.deepEqual([p2.total, p2.pages, p2.page, p2.items.length], [8, 3, 2, 3]);
      assert.deepEqual(
        p2.items.map((i) => i.id),
        log.items.slice(3, 6).map((i) => i.id),
      );
      const beyond = await readObjectLog(database.db, clerk, {
        entity: 'meeting',
        id: String(meetingId),
        page: 99,
        pageSize: 3,
      });
      assert.deepEqual([beyond.page, beyond.items.length], [3, 2]);
      // An item's log: its own entries and the addendum.
      const item = await readObjectLog(database.db, clerk, { entity: 'agenda_item', id: String(itemId) });
      assert.deepEqual(
        item.items.map((i) => `${i.entity}:${i.action}`),
        ['addendum:create', 'agenda_item:minutes', 'agenda_item:update', 'agenda_item:create'],
      );
      // The clerk of the other body: refused for this meeting; its own body's log does not show this one's.
      const foreign: Actor = { installationAdmin: false, roles: [{ bodyId: otherBodyId, role: 'clerk' }] };
      await assert.rejects(
        readObjectLog(database.db, foreign, { entity: 'meeting', id: String(meetingId) }),
        (e: { id?: string }) => e.id === 'permission.denied',
      );
      const other = await readBodyLog(database.db, foreign, { bodyId: otherBodyId, pageSize: 100 });
      assert.ok(other.items.every((i) => i.bodyId === otherBodyId));
      // Members may not read the log.
      const member: Actor = { installationAdmin: false, roles: [{ bodyId, role: 'member' }] };
      await assert.rejects(
        readObjectLog(database.db, member, { entity: 'meeting', id: String(meetingId) }),
        (e: { id?: string }) => e.id === 'permission.denied',
      );
      // Body-less entries: installation admins only.
      await assert.rejects(
        readBodyLog(database.db, clerk, { bodyId: null }),
        (e: { id?: string }) => e.id === 'permission.denied',
      );
      const root: Actor = { installationAdmin: true, roles: [] };
      const installation = await readBodyLog(database.db, root, { bodyId: null, entity: 'api_token' });
      assert.equal(installation.total, 1);
      assert.equal(installation.items[0]?.bodyId, null);
    });

    test('the meeting log page: who by name, German time and action, a before/after table, the long text folded', async () => {
      const browser = new Browser(app);
      await browser.login('sd');
      const meetingPage = await browser.get(`/verwaltung/sitzungen/${meetingId}`);
      assert.match(meetingPage.html, new RegExp(`href="/verwaltung/verlauf/meeting/${meetingId}"`));
      const { res, html } = await browser.get(`/verwaltung/verlauf/meeting/${meetingId}`);
      assert.equal(res.status, 200);
      const text = textOf(html);
      assert.match(text, /Verlauf: Sitzung .* am 04\.03\.2026/);
      assert.match(text, /\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} Uhr – Konto sd: Sitzung geändert/);
      assert.match(
        text,
        /Beginn 04\.03\.2026, 17:00 Uhr 04\.03\.2026, 18:00 Uhr/,
        'the start before and after, in Berlin time',
      );
      assert.match(text, /Tagesordnungspunkt „TOP 1 Haushalt 2027 \(Entwurf\)“ geändert/);
      assert.match(text, /Titel Haushalt 2027 Haushalt 2027 \(Entwurf\)/);
      assert.match(text, /Tagesordnungspunkt „TOP 2 Wird wieder gestrichen“ entfernt/);
      assert.match(text, /Niederschrift oder Beschlusstext geändert/);
      assert.match(html, /<details><summary>Der Kämmerer erläutert den Entwurf\. …/);
      assert.match(text, /Ergänzung .* angelegt/);
      assert.match(html, /<th scope="col">Vorher<\/th><th scope="col">Nachher<\/th>/);
      assert.doesNotMatch(text, /Fremd/, 'the other body’s entry is not shown');
      assert.match(html, new RegExp(`href="/verwaltung/verlauf/agenda_item/${itemId}"`));
      assert.doesNotMatch(text, /modifiedAt|version/);
      // The body-wide log with filters.
      const all = await browser.get('/verwaltung/verlauf?art=agenda_item');
      assert.equal(all.res.status, 200);
      assert.match(textOf(all.html), /Einträge 1–\d+ von \d+/);
      const headings = [...all.html.matchAll(/<h2>(.*?)<\/h2>/g)].map((m) => textOf(m[1] ?? ''));
      assert.ok(headings.length > 0);
      assert.ok(
        headings.every((h) => /Tagesordnungspunkt/.test(h)),
        headings.join('\n'),
      );
      const bad = await browser.get('/verwaltung/verlauf?von=31.02.2027');
      assert.match(textOf(bad.html), /Bitte geben Sie das Datum als TT\.MM\.JJJJ an\./);
      assert.match(bad.html, /id="von"[^>]*aria-invalid="true"/);
      const empty = await browser.get('/verwaltung/verlauf?von=01.01.2001&bis=02.01.2001');
      assert.match(textOf(empty.html), /Keine Einträge zu diesen Filtern\./);
      const byActor = await browser.get(`/verwaltung/verlauf?wer=user:${clerkId}&art=meeting`);
      assert.match(textOf(byActor.html), /Einträge 1–2 von 2/);
    });

    test('members, the other body and the public never reach the log; body-less entries for installation admins', async () => {
      const member = new Browser(app);
      await member.login('mitglied');
      const before = await rowCounts(database.db);
      for (const path of [`/verwaltung/verlauf/meeting/${meetingId}`, '/verwaltung/verlauf']) {
        const { res, html } = await member.get(path);
        assert.equal(res.status, 403, path);
        assert.match(textOf(html), /Änderungsprotokoll ansehen/);
      }
      const foreign = new Browser(app);
      await foreign.login('fremd');
      assert.equal((await foreign.get(`/verwaltung/verlauf/meeting/${meetingId}`)).res.status, 403);
      assert.equal((await foreign.get(`/verwaltung/verlauf?koerperschaft=${bodyId}`)).res.status, 403);
      const own = await foreign.get('/verwaltung/verlauf');
      assert.equal(own.res.status, 200);
      assert.doesNotMatch(textOf(own.html), /Haushalt 2027/);
      const pub = await app.request(`/verwaltung/verlauf/meeting/${meetingId}`);
      assert.equal(pub.status, 303);
      assert.equal((await app.request(`/api/v1/audit?entity=meeting&id=${meetingId}`)).status, 401);
      const after = await rowCounts(database.db);
      assert.equal(after.auditLog, (before.auditLog ?? 0) + 1, 'only the login of the other body’s clerk was written');
      const clerk = new Browser(app);
      await clerk.login('sd');
      assert.equal((await clerk.get('/verwaltung/verlauf?koerperschaft=installation')).res.status, 403);
      assert.equal((await clerk.get(`/verwaltung/verlauf/account/${clerkId}`)).res.status, 403);
      const root = new Browser(app);
      await root.login('root');
      const inst = await root.get('/verwaltung/verlauf?koerperschaft=installation&art=api_token');
      assert.equal(inst.res.status, 200);
      assert.match(textOf(inst.html), /API-Zugang „Schnittstelle“ angelegt/);
      assert.doesNotMatch(inst.html, /ratsinfo_[A-Za-z0-9_-]{20,}/, 'never the token');
      const account = await root.get(`/verwaltung/verlauf/account/${clerkId}`);
      assert.equal(account.res.status, 200);
      assert.match(textOf(account.html), /Verlauf: Konto sd/);
      assert.match(textOf(account.html), /Rollen .*Rolle: Sitzungsdienst/, 'the account’s roles in German');
      assert.doesNotMatch(textOf(account.html), /\b(clerk|installationAdmin|mustChangePassword)\b/);
      assert.equal((await root.get('/verwaltung/verlauf/meeting/999999')).res.status, 404);
      assert.equal((await root.get('/verwaltung/verlauf/Meeting%3B/1')).res.status, 404);
    });

    test('the JSON API: an object log in pages, the changes, stable ids', async () => {
      const { token } = await createApiToken({ db: database.db, actor: 'test' }, clerkId, 'Test');
      const get = (path: string) => app.request(path, { headers: { authorization: `Bearer ${token}` } });
      const res = await get(`/api/v1/audit?entity=meeting&id=${meetingId}&pageSize=2&page=2`);
      assert.equal(res.status, 200);
      const body = (await res.json()) as {
        total: number;
        pages: number;
        page: number;
        object: { bodyId: number };
        items: Array<{ entity: string; actorLabel: string; changes: Array<{ key: string }> }>;
      };
      assert.deepEqual([body.total, body.pages, body.page, body.items.length], [8, 4, 2, 2]);
      assert.equal(body.object.bodyId, bodyId);
      assert.equal(body.items[0]?.actorLabel, 'Konto sd');
      const first = (await (await get(`/api/v1/audit?entity=meeting&id=${meetingId}&pageSize=1`)).json()) as {
        items: Array<{ changes: Array<{ key: string; before: unknown; after: unknown }> }>;
      };
      assert.deepEqual(
        first.items[0]?.changes.map((c) => c.key),
        ['startAt'],
      );
      const wrong = await get('/api/v1/audit?entity=meeting');
      assert.equal(wrong.status, 422);
      assert.equal(((await wrong.json()) as { error: { id: string } }).error.id, 'validation.failed');
      assert.equal((await get('/api/v1/audit?entity=meeting&id=999999')).status, 404);
      const body2 = await get(`/api/v1/audit?bodyId=${bodyId}&type=addendum`);
      assert.equal(((await body2.json()) as { total: number }).total, 1);
      const installation = await get('/api/v1/audit?bodyId=installation');
      assert.equal(installation.status, 403);
      assert.equal(((await installation.json()) as { error: { id: string } }).error.id, 'permission.denied');
      const dates = await get(`/api/v1/audit?bodyId=${bodyId}&from=2027-13-01`);
      assert.equal(dates.status, 422);
    });
  });
}

/** The internal names that must never reach a reader of the audit pages (as whole words). */
const RAW_TOKENS =
  /\b(planned|invited|held|minutes_drafted|minutes_signed|present|excused|absent|substitute|guest|chair|member|secretary|committee|open|secret|roll_call|accepted|rejected|decision|recommendation|review|task|in_progress|done|calendar|working|minutesPublishedAt|signedAt|countedDays|requiredDays|substituteForPersonId|votingRight|arrivedAt|resolutionKind|dueDate|doneDate)\b/;

for (const backend of backends()) {
  describe(`audit views in German (${backend.name})`, () => {
    let database: Database;
    let app: ReturnType<typeof createApp>;
    let bodyId: number;
    let meetingId: number;
    let invitedId: number;
    let committeeId: number;
    let resolutionId: number;
    const person: Record<string, number> = {};

    before(async () => {
      database = await backend.open();
      app = createApp({ db: database.db, logError: (e) => console.error(e), pageCacheBytes: false });
      bodyId = (await importDataset({ db: database.db, actor: 'test' }, townWithSecretary())).bodyId;
      await makeAccount(database.db, 'sd', [{ bodyId, role: 'clerk' }]);
      const clerk: Actor = { installationAdmin: false, roles: [{ bodyId, role: 'clerk' }] };
      const chair: Actor = { installationAdmin: false, roles: [{ bodyId, role: 'chair' }] };
      const ctx = { db: database.db, actor: 'user:1' };
      for (const p of await database.db.select().from(persons).where(eq(persons.bodyId, bodyId))) {
        person[p.familyName] = p.id;
      }
      const [meeting] = await database.db.select().from(meetings).where(eq(meetings.bodyId, bodyId));
      assert.ok(meeting);
      meetingId = meeting.id;
      const item = (await database.db.select().from(agendaItems).where(eq(agendaItems.meetingId, meetingId))).find(
        (i) => i.number === '2',
      );
      assert.ok(item);
      const version = async () =>
        (await database.db.select().from(meetings).where(eq(meetings.id, meetingId)))[0]?.version ?? 0;
      // Attendance: chair, members, one excused and represented by a substitute who came late.
      await saveAttendance(ctx, clerk, meetingId, {
        version: await version(),
        entries: [
          { personId: person.Acker as number, role: 'chair', status: 'present' },
          { personId: person.Böhm as number, role: 'member', status: 'present' },
          { personId: person.Çelik as number, role: 'member', status: 'present' },
          { personId: person.Dörr as number, role: 'member', status: 'excused' },
          {
            personId: person.Eßer as number,
            role: 'substitute',
            status: 'present',
            substituteForPersonId: person.Dörr as number,
            arrivedAt: '17:25',
          },
          { personId: person.Gast as number, role: 'administration', status: 'present', function: 'Schriftführer' },
        ],
      });
      await saveItemTexts(ctx, clerk, meetingId, item.id, {
        version: await version(),
        resolutionKind: 'decision',
        resolutionText: 'Der Finanzausschuss beschließt die Haushaltssatzung.',
      });
      await recordItemVote(ctx, clerk, meetingId, item.id, {
        version: await version(),
        method: 'open',
        yes: 3,
        no: 1,
        abstain: 0,
      });
      await recordItemVote(ctx, clerk, meetingId, item.id, {
        version: await version(),
        method: 'secret',
        yes: 1,
        no: 3,
        abstain: 0,
      });
      await submitMinutes(ctx, clerk, meetingId, { version: await version() });
      await signMinutes(ctx, { actor: chair, personId: person.Acker as number }, meetingId, {
        version: await version(),
      });
      await signMinutes(ctx, { actor: chair, personId: person.Gast as number }, meetingId, {
        version: await version(),
      });
      await publishMinutes(ctx, clerk, meetingId, { version: await version() });
      // A tracked resolution of the item, done.
      const resolution = await createTrackedResolution(ctx, clerk, { agendaItemId: item.id, dueDate: '15.03.2025' });
      resolutionId = resolution.id;
      await changeResolutionStatus(ctx, clerk, resolution.id, {
        version: resolution.version,
        status: 'done',
        report: 'Bekannt gemacht im Amtsblatt.',
        reportDate: '2025-01-28',
      });
      // A new committee with a chair, a member and a secretary.
      const committee = await createOrganizationIn(ctx, bodyId, { kind: 'committee', name: 'Sozialausschuss' });
      committeeId = committee.id;
      for (const [name, role] of [
        ['Acker', 'chair'],
        ['Böhm', 'member'],
        ['Gast', 'secretary'],
      ] as const) {
        await createMembershipIn(ctx, bodyId, {
          personId: String(person[name]),
          organizationId: String(committee.id),
          role,
          startDate: '01.02.2026',
        });
      }
      // A planned meeting invited with the deadline checked.
      const planned = await createOfficeMeeting(ctx, clerk, {
        bodyId,
        organizationId: committee.id,
        date: '2026-05-20',
        startTime: '17:00',
      });
      invitedId = planned.id;
      const withItem = await addOfficeAgendaItem(ctx, clerk, planned.id, {
        version: planned.version,
        title: 'Eröffnung',
        public: true,
      });
      await inviteMeeting(ctx, clerk, planned.id, { version: withItem.meeting.version, date: '2026-05-03' });
    });
    after(async () => {
      await database?.close();
    });

    const pageText = async (path: string) => {
      const browser = new Browser(app);
      await browser.login('sd');
      const { res, html } = await browser.get(path);
      assert.equal(res.status, 200, path);
      return textOf(html);
    };
    /** A short message on failure instead of the whole page. */
    const has = (text: string, pattern: RegExp) => assert.ok(pattern.test(text), `not on the page: ${pattern}`);
    const noRawTokens = (text: string) => {
      const raw = RAW_TOKENS.exec(text);
      assert.equal(
        raw,
        null,
        `an internal name on the page: „${raw?.[0]}“ in …${text.slice(Math.max(0, (raw?.index ?? 0) - 80), (raw?.index ?? 0) + 80)}…`,
      );
    };

    test('a meeting with attendance, votes, signing and publishing: states, roles, methods and fields in German', async () => {
      const text = await pageText(`/verwaltung/verlauf/meeting/${meetingId}`);
      has(text, /Stand Sitzung abgehalten, Niederschrift in Arbeit Niederschrift zur Unterschrift vorgelegt/);
      has(text, /Stand Niederschrift zur Unterschrift vorgelegt Niederschrift unterschrieben/);
      has(text, /Rolle: Vorsitz/);
      has(text, /Rolle: Vertretung/);
      has(text, /Rolle: Verwaltung/);
      has(text, /Status: anwesend/);
      has(text, /Status: entschuldigt/);
      has(text, /Vertritt: Dieter Dörr \(\d+\)/);
      has(text, /Gekommen: 17:25 Uhr/);
      has(text, /Stimmrecht: ja/);
      has(text, /Verfahren offen/);
      has(text, /Verfahren geheim/);
      has(text, /Ergebnis angenommen/);
      has(text, /Ergebnis abgelehnt/);
      has(text, /Beschlussart – Beschluss/);
      has(text, /Unterschrift .*Rolle: Vorsitz.*Unterschrieben am: \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} Uhr/);
      has(text, /Rolle: Schriftführung/);
      has(text, /Niederschrift veröffentlicht am – \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} Uhr/);
      noRawTokens(text);
    });

    test('an invitation: the deadline check in German', async () => {
      const text = await pageText(`/verwaltung/verlauf/meeting/${invitedId}`);
      has(text, /Einladung versandt/);
      has(text, /Stand Sitzung geplant eingeladen/);
      has(text, /Ladungsfrist .*Frist eingehalten: ja/);
      has(text, /Vorgeschriebene Frist: \d+/);
      has(text, /Tatsächliche Frist: \d+/);
      has(text, /Gezählt in: (Kalendertagen|Arbeitstagen)/);
      has(text, /Einladung versandt am – 03\.05\.2026/);
      noRawTokens(text);
    });

    test('an organisation with memberships: kind and roles in German', async () => {
      const text = await pageText(`/verwaltung/verlauf/organization/${committeeId}`);
      has(text, /Art Ausschuss/);
      has(text, /Rolle Vorsitz/);
      has(text, /Rolle Mitglied/);
      has(text, /Rolle Schriftführung/);
      has(text, /Person Anna Acker \(\d+\)/);
      has(text, /Beginn 01\.02\.2026/);
      noRawTokens(text);
    });

    test('a tracked resolution: kind and status in German, the API keeps the stored values', async () => {
      const text = await pageText(`/verwaltung/verlauf/resolution/${resolutionId}`);
      has(text, /Art Beschluss/);
      has(text, /Status offen erledigt/);
      has(text, /Frist 15\.03\.2025/);
      has(text, /Erledigt am – 28\.01\.2025/);
      noRawTokens(text);
      const browser = new Browser(app);
      await browser.login('sd');
      const res = await browser.get(`/api/v1/audit?entity=resolution&id=${resolutionId}`);
      const body = JSON.parse(res.html) as {
        items: Array<{ action: string; changes: Array<{ key: string; before: unknown; after: unknown }> }>;
      };
      const status = body.items[0]?.changes.find((c) => c.key === 'status');
      assert.deepEqual([status?.before, status?.after], ['open', 'done'], 'raw values in the API');
      const meeting = await browser.get(`/api/v1/audit?entity=meeting&id=${meetingId}&pageSize=100`);
      const items = (JSON.parse(meeting.html) as { items: Array<{ action: string; after: { state?: string } }> }).items;
      assert.equal(items.find((i) => i.action === 'submit')?.after.state, 'minutes_drafted');
    });
  });
}
