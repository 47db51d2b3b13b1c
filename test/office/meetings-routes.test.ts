/**
 * The meeting pages and the meeting API over HTTP, on every storage backend: a clerk plans a meeting
 * (German field errors with the input kept), builds the agenda with the standard "Formalien" button, a
 * public item with a paper and a non-public item, reorders (public before non-public said so), issues
 * the invitation (a late one refused until confirmed with a reason), a stale form answered 409 with the
 * input kept; the list filters; members read both parts without forms; the public never; the API does
 * the same with stable error ids.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../../src/db/open.ts';
import { agendaItems, bodies, meetings, organizations } from '../../src/db/schema.ts';
import { createApp } from '../../src/http/app.tsx';
import { createApiToken } from '../../src/services/accounts.ts';
import { importDataset } from '../../src/services/dataset/import.ts';
import { createOfficePaper } from '../../src/services/papers-office.ts';
import { backends } from '../helpers/db.ts';
import { rowCounts, smallTown } from '../helpers/fixtures.ts';
import { textOf } from '../helpers/html.ts';
import { Browser, makeAccount } from './helpers.ts';

for (const backend of backends()) {
  describe(`meeting pages and API of the back office (${backend.name})`, () => {
    let database: Database;
    let app: ReturnType<typeof createApp>;
    let bodyId: number;
    let slug: string;
    let committee: number;
    let paperId: number;
    let clerkId: number;
    let memberId: number;

    before(async () => {
      database = await backend.open();
      app = createApp({ db: database.db, logError: (e) => console.error(e), pageCacheBytes: false });
      bodyId = (await importDataset({ db: database.db, actor: 'test' }, smallTown())).bodyId;
      const [body] = await database.db.select().from(bodies).where(eq(bodies.id, bodyId));
      slug = body?.slug ?? '';
      const [org] = await database.db
        .select()
        .from(organizations)
        .where(and(eq(organizations.bodyId, bodyId), eq(organizations.name, 'Finanzausschuss')));
      committee = org?.id ?? 0;
      const [office] = await database.db
        .select()
        .from(organizations)
        .where(and(eq(organizations.bodyId, bodyId), eq(organizations.name, 'Kämmerei')));
      const clerkActor = { installationAdmin: false, roles: [{ bodyId, role: 'clerk' as const }] };
      paperId = (
        await createOfficePaper({ db: database.db, actor: 'test' }, clerkActor, {
          bodyId,
          officeId: office?.id ?? 0,
          year: 2027,
          paperType: 'Beschlussvorlage',
          title: 'Radverkehrskonzept',
          public: true,
        })
      ).id;
      clerkId = (await makeAccount(database.db, 'sd', [{ bodyId, role: 'clerk' }])).id;
      memberId = (await makeAccount(database.db, 'mitglied', [{ bodyId, role: 'member' }])).id;
    });
    after(async () => {
      await database?.close();
    });

    const items = async (meetingId: number) =>
      (
        await database.db
          .select()
          .from(agendaItems)
          .where(eq(agendaItems.meetingId, meetingId))
          .orderBy(asc(agendaItems.position))
      ).map((i) => `${i.number} ${i.title}`);
    const versionOf = (html: string) => /name="version" value="(\d+)"/.exec(html)?.[1] ?? '';

    test('a clerk plans a meeting, builds a two-part agenda, issues the invitation; members read, the public never', async () => {
      const clerk = new Browser(app);
      await clerk.login('sd');
      const form = await clerk.get('/verwaltung/sitzungen/neu');
      assert.equal(form.res.status, 200);
      assert.match(form.html, /<label for="datum">Datum<\/label>/);
      // Errors: German, all at once, the input kept; nothing written.
      const counts = await rowCounts(database.db);
      const bad = await clerk.post('/verwaltung/sitzungen', {
        koerperschaft: String(bodyId),
        gremium: '',
        datum: '31.02.2027',
        beginn: '17:00',
      });
      assert.equal(bad.res.status, 422);
      assert.match(textOf(bad.html), /Bitte wählen Sie das Gremium, das tagt/);
      assert.match(textOf(bad.html), /„31\.02\.2027“ ist kein gültiges Datum \(TT\.MM\.JJJJ\)\./);
      assert.doesNotMatch(textOf(bad.html), /Bitte geben Sie das Datum der Sitzung an/);
      assert.match(bad.html, /id="datum"[^>]*value="31.02.2027"|value="31.02.2027"[^>]*id="datum"/);
      assert.match(bad.html, /aria-invalid="true"/);
      assert.deepEqual(await rowCounts(database.db), counts);
      const created = await clerk.post('/verwaltung/sitzungen', {
        koerperschaft: String(bodyId),
        gremium: String(committee),
        datum: '2027-03-04',
        beginn: '17:00',
        ende: '19:00',
      });
      assert.equal(created.res.status, 303);
      const location = created.res.headers.get('location') ?? '';
      const meetingId = Number(/sitzungen\/(\d+)/.exec(location)?.[1]);
      let page = await clerk.get(location);
      assert.match(textOf(page.html), /Die Sitzung wurde angelegt/);
      assert.match(textOf(page.html), /Donnerstag, den 04\.03\.2027, 17:00–19:00 Uhr/);
      // The standard button, an item with a paper, a non-public item.
      await clerk.post(`/verwaltung/sitzungen/${meetingId}/punkte`, {
        version: versionOf(page.html),
        titel: 'Eröffnung, Feststellung der ordnungsgemäßen Einladung und der Beschlussfähigkeit',
        teil: 'oeffentlich',
      });
      page = await clerk.get(`/verwaltung/sitzungen/${meetingId}`);
      await clerk.post(`/verwaltung/sitzungen/${meetingId}/punkte`, {
        version: versionOf(page.html),
        titel: 'Grundstücksangelegenheit',
        teil: 'nicht-oeffentlich',
      });
      page = await clerk.get(`/verwaltung/sitzungen/${meetingId}`);
      const withPaper = await clerk.post(`/verwaltung/sitzungen/${meetingId}/punkte`, {
        version: versionOf(page.html),
        titel: 'Radverkehrskonzept',
        teil: 'oeffentlich',
        vorlage: String(paperId),
      });
      assert.equal(withPaper.res.status, 303);
      assert.deepEqual(await items(meetingId), [
        '1 Eröffnung, Feststellung der ordnungsgemäßen Einladung und der Beschlussfähigkeit',
        '2 Radverkehrskonzept',
        '3 Grundstücksangelegenheit',
      ]);
      page = await clerk.get(`/verwaltung/sitzungen/${meetingId}`);
      assert.match(page.html, /<h3 id="teil-oeffentlich">Öffentlicher Teil<\/h3>/);
      assert.match(page.html, /aria-label="TOP 3 nach oben"/);
      // Public before non-public: said so; nothing changed.
      const [secret] = await database.db
        .select()
        .from(agendaItems)
        .where(and(eq(agendaItems.meetingId, meetingId), eq(agendaItems.title, 'Grundstücksangelegenheit')));
      const secretId = secret?.id;
      const refused = await clerk.post(`/verwaltung/sitzungen/${meetingId}/punkte/${secretId}/verschieben`, {
        version: versionOf(page.html),
        richtung: 'hoch',
      });
      assert.equal(refused.res.status, 422);
      assert.match(textOf(refused.html), /Öffentliche Punkte stehen vor den nicht öffentlichen/);
      // A stale form: 409, nothing changed.
      const stale = await clerk.post(`/verwaltung/sitzungen/${meetingId}/punkte`, {
        version: '1',
        titel: 'Veraltet',
        teil: 'oeffentlich',
      });
      assert.equal(stale.res.status, 409);
      assert.match(textOf(stale.html), /Die Sitzung wurde inzwischen von Konto sd am/);
      assert.equal((await items(meetingId)).length, 3);
      // A late invitation: refused with the deadline said, then confirmed with a reason.
      page = await clerk.get(`/verwaltung/sitzungen/${meetingId}`);
      const late = await clerk.post(`/verwaltung/sitzungen/${meetingId}/einladung`, {
        version: versionOf(page.html),
        versand: '2027-02-27',
      });
      assert.equal(late.res.status, 422);
      assert.match(textOf(late.html), /Die Ladungsfrist von 7 Kalendertagen ist nicht eingehalten/);
      assert.match(late.html, /id="bestaetigen"/);
      const invited = await clerk.post(`/verwaltung/sitzungen/${meetingId}/einladung`, {
        version: versionOf(late.html),
        versand: '2027-02-27',
        bestaetigen: 'ja',
        begruendung: 'Haushaltsfrist',
      });
      assert.equal(invited.res.status, 303);
      page = await clerk.get(invited.res.headers.get('location') ?? '');
      assert.match(textOf(page.html), /versandt am 27\.02\.2027/);
      assert.match(textOf(page.html), /Begründung: Haushaltsfrist/);

      // A member reads both parts, without forms; the public is sent to the login.
      const member = new Browser(app);
      await member.login('mitglied');
      const read = await member.get(`/verwaltung/sitzungen/${meetingId}`);
      assert.equal(read.res.status, 200);
      assert.match(textOf(read.html), /Grundstücksangelegenheit/);
      assert.doesNotMatch(read.html, /<form method="post" action="\/verwaltung\/sitzungen/);
      const post = await member.post(`/verwaltung/sitzungen/${meetingId}/punkte`, {
        version: '99',
        titel: 'x',
        teil: 'oeffentlich',
      });
      assert.equal(post.res.status, 403);
      const anonymous = await new Browser(app).get(`/verwaltung/sitzungen/${meetingId}`);
      assert.equal(anonymous.res.status, 303);
      // The portal shows the public part only (this body does not publish non-public titles).
      const portal = await app.request(`/${slug}/sitzungen/${meetingId}`);
      const portalText = textOf(await portal.text());
      assert.equal(portal.status, 200);
      assert.match(portalText, /Radverkehrskonzept/);
      assert.doesNotMatch(portalText, /Grundstücksangelegenheit/);

      // The list: filter by state and dates, empty states in words.
      const list = await clerk.get('/verwaltung/sitzungen?stand=eingeladen');
      assert.match(textOf(list.html), /1 Sitzung/);
      assert.match(list.html, /aria-sort="descending"/);
      const none = await clerk.get('/verwaltung/sitzungen?von=2030-01-01');
      assert.match(textOf(none.html), /Keine Sitzung passt zu den Filtern/);
      const badDate = await clerk.get('/verwaltung/sitzungen?von=morgen');
      assert.match(textOf(badDate.html), /Bitte geben Sie das Datum als TT\.MM\.JJJJ an/);
    });

    test('two clerks edit one meeting: the second save is refused (409) with the input kept and the stored values named; sub-items follow their parent', async () => {
      const first = new Browser(app);
      const second = new Browser(app);
      await first.login('sd');
      await second.login('sd');
      const created = await first.post('/verwaltung/sitzungen', {
        koerperschaft: String(bodyId),
        gremium: String(committee),
        datum: '2027-06-03',
        beginn: '17:00',
      });
      const path = created.res.headers.get('location')?.split('?')[0] ?? '';
      const a = await first.get(`${path}/bearbeiten`);
      const b = await second.get(`${path}/bearbeiten`);
      const saved = await first.post(path, {
        version: versionOf(a.html),
        gremium: String(committee),
        datum: '2027-06-03',
        beginn: '16:00',
      });
      assert.equal(saved.res.status, 303);
      const counts = await rowCounts(database.db);
      const stale = await second.post(path, {
        version: versionOf(b.html),
        gremium: String(committee),
        datum: '2027-06-03',
        beginn: '18:30',
      });
      assert.equal(stale.res.status, 409);
      assert.match(textOf(stale.html), /Die Sitzung wurde inzwischen von Konto sd am .* geändert/);
      assert.match(textOf(stale.html), /Inzwischen gespeichert: Beginn „16:00“/);
      assert.match(stale.html, /value="18:30"/);
      assert.deepEqual(await rowCounts(database.db), counts);
      // Saving again after looking overwrites deliberately.
      const again = await second.post(path, {
        version: versionOf(stale.html),
        gremium: String(committee),
        datum: '2027-06-03',
        beginn: '18:30',
      });
      assert.equal(again.res.status, 303);
      // A sub-item added under a non-public item is non-public, whatever the radio buttons said.
      let page = await first.get(path);
      await first.post(`${path}/punkte`, {
        version: versionOf(page.html),
        titel: 'Personal',
        teil: 'nicht-oeffentlich',
      });
      const meetingId = Number(path.split('/').pop());
      const [parent] = await database.db.select().from(agendaItems).where(eq(agendaItems.meetingId, meetingId));
      page = await first.get(path);
      const sub = await first.post(`${path}/punkte`, {
        version: versionOf(page.html),
        titel: 'Stellenbesetzung',
        teil: 'oeffentlich',
        oberpunkt: String(parent?.id),
      });
      assert.equal(sub.res.status, 303);
      assert.deepEqual(await items(meetingId), ['1 Personal', '1.1 Stellenbesetzung']);
      const [child] = await database.db
        .select()
        .from(agendaItems)
        .where(and(eq(agendaItems.meetingId, meetingId), eq(agendaItems.number, '1.1')));
      assert.equal(child?.public, false);
    });

    test('the API: plan, agenda, stale, deadline missed needing confirm, invite, supplement, cancel; refusals change nothing', async () => {
      const token = (await createApiToken({ db: database.db, actor: 'test' }, clerkId, 'test')).token;
      const memberToken = (await createApiToken({ db: database.db, actor: 'test' }, memberId, 'test')).token;
      const call = async (method: string, path: string, body?: unknown, bearer = token) => {
        const res = await app.request(path, {
          method,
          headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        // biome-ignore lint/suspicious/noExplicitAny: JSON answers of several shapes, read field by field.
        return { status: res.status, json: (await res.json()) as Record<string, any> };
      };
      const bad = await call('POST', '/api/v1/meetings', {
        bodyId,
        organizationId: committee,
        date: 'x',
        startTime: '',
      });
      assert.equal(bad.status, 422);
      assert.equal(bad.json.error.id, 'validation.failed');
      assert.deepEqual(Object.keys(bad.json.error.fields).sort(), ['date', 'startTime']);
      const counts = await rowCounts(database.db);
      const denied = await call(
        'POST',
        '/api/v1/meetings',
        { bodyId, organizationId: committee, date: '2027-05-06', startTime: '17:00' },
        memberToken,
      );
      assert.equal(denied.status, 403);
      assert.equal(denied.json.error.id, 'permission.denied');
      assert.deepEqual(await rowCounts(database.db), counts);
      const created = await call('POST', '/api/v1/meetings', {
        bodyId,
        organizationId: committee,
        date: '2027-05-06',
        startTime: '17:00',
      });
      assert.equal(created.status, 201);
      const id = created.json.id as number;
      let m = await call('POST', `/api/v1/meetings/${id}/agenda-items`, {
        version: created.json.version,
        title: 'Formalien',
        public: true,
      });
      assert.equal(m.status, 201);
      m = await call('POST', `/api/v1/meetings/${id}/agenda-items`, {
        version: m.json.version,
        title: 'Personal',
        public: false,
      });
      m = await call('POST', `/api/v1/meetings/${id}/agenda-items`, {
        version: m.json.version,
        title: 'Haushalt',
        public: true,
        paperId,
      });
      assert.deepEqual(
        m.json.agendaItems.map((i: { number: string; title: string }) => `${i.number} ${i.title}`),
        ['1 Formalien', '2 Haushalt', '3 Personal'],
      );
      const stale = await call('POST', `/api/v1/meetings/${id}/agenda-items`, {
        version: 1,
        title: 'Alt',
        public: true,
      });
      assert.equal(stale.status, 409);
      assert.equal(stale.json.error.id, 'conflict.stale');
      assert.equal(stale.json.error.currentVersion, m.json.version);
      const haushalt = m.json.agendaItems[1].id;
      const sub = await call('POST', `/api/v1/meetings/${id}/agenda-items/${haushalt}/move`, {
        version: m.json.version,
        direction: 'in',
      });
      assert.equal(sub.json.agendaItems[1].number, '1.1');
      const renamed = await call('PATCH', `/api/v1/meetings/${id}/agenda-items/${haushalt}`, {
        version: sub.json.version,
        title: 'Haushalt 2028',
      });
      assert.equal(renamed.json.agendaItems[1].title, 'Haushalt 2028');
      const late = await call('POST', `/api/v1/meetings/${id}/invite`, {
        version: renamed.json.version,
        date: '2027-05-01',
      });
      assert.equal(late.status, 422);
      assert.equal(late.json.error.id, 'meeting.deadline_missed');
      assert.equal(late.json.error.needsConfirmation, true);
      assert.equal(late.json.error.check.requiredDays, 7);
      const invited = await call('POST', `/api/v1/meetings/${id}/invite`, {
        version: renamed.json.version,
        date: '2027-04-20',
      });
      assert.equal(invited.status, 200);
      assert.equal(invited.json.invitationSentOn, '2027-04-20');
      assert.match(invited.json.deadline.message, /ist eingehalten/);
      const added = await call('POST', `/api/v1/meetings/${id}/agenda-items`, {
        version: invited.json.version,
        title: 'Eilantrag',
        public: true,
      });
      assert.equal(added.json.agendaItems.find((i: { title: string }) => i.title === 'Eilantrag').supplement, true);
      const supplement = await call('POST', `/api/v1/meetings/${id}/supplement`, {
        version: added.json.version,
        date: '2027-04-28',
      });
      assert.equal(supplement.json.supplementSentOn, '2027-04-28');
      const removed = await call(
        'DELETE',
        `/api/v1/meetings/${id}/agenda-items/${haushalt}?version=${supplement.json.version}`,
      );
      assert.equal(removed.status, 200);
      const moved = await call('POST', `/api/v1/meetings/${id}/move`, {
        version: removed.json.version,
        date: '2027-05-13',
        startTime: '18:00',
      });
      assert.equal(moved.json.invitationSentOn, null);
      assert.equal(moved.json.startTime, '18:00');
      const list = await call(
        'GET',
        `/api/v1/meetings?bodyId=${bodyId}&from=2027-05-01&to=2027-05-31`,
        undefined,
        memberToken,
      );
      assert.equal(list.status, 200);
      assert.ok(list.json.items.some((r: { id: number }) => r.id === id));
      const noReason = await call('POST', `/api/v1/meetings/${id}/cancel`, { version: moved.json.version });
      assert.equal(noReason.json.error.id, 'validation.failed');
      const cancelled = await call('POST', `/api/v1/meetings/${id}/cancel`, {
        version: moved.json.version,
        reason: 'Beschlussunfähig',
      });
      assert.equal(cancelled.json.status, 'cancelled');
      const [row] = await database.db.select().from(meetings).where(eq(meetings.id, id));
      assert.equal(row?.cancelled, true);
      assert.equal((await call('GET', '/api/v1/meetings/999999')).status, 404);
      const anonymous = await app.request(`/api/v1/meetings/${id}`);
      assert.equal(anonymous.status, 401);
    });
  });
}
