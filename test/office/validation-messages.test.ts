/**
 * The German messages of bad input in the back office, on every storage backend, each with nothing
 * written: an impossible date is said to be one (not "please enter"), in the format the caller takes
 * (forms TT.MM.JJJJ, the JSON API JJJJ-MM-TT); an invitation's day of dispatch must fit the meeting
 * (not after it, not more than a year before it; a day some days ago is fine); vote counts below 0 and
 * over the present voters are said in one clean sentence; a bad time in the attendance names the person.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../../src/db/open.ts';
import { agendaItems, bodies, meetings, organizations } from '../../src/db/schema.ts';
import { addDays } from '../../src/domain/rules/dates.ts';
import { createApp } from '../../src/http/app.tsx';
import { createApiToken } from '../../src/services/accounts.ts';
import { importDataset } from '../../src/services/dataset/import.ts';
import { addOfficeAgendaItem, createOfficeMeeting, localToday } from '../../src/services/meetings-office.ts';
import { loadMeetingRecord } from '../../src/services/meetings-record.ts';
import { backends } from '../helpers/db.ts';
import { rowCounts, smallTown } from '../helpers/fixtures.ts';
import { textOf } from '../helpers/html.ts';
import { Browser, makeAccount } from './helpers.ts';

type Json = { error?: { id: string; message: string; fields?: Record<string, string> } } & Record<string, unknown>;

const german = (iso: string) => iso.split('-').reverse().join('.');
const versionOf = (html: string) => /name="version" value="(\d+)"/.exec(html)?.[1] ?? '';
const occurrences = (text: string, part: string) => text.split(part).length - 1;

for (const backend of backends()) {
  describe(`validation messages of the back office (${backend.name})`, () => {
    let database: Database;
    let app: ReturnType<typeof createApp>;
    let bodyId: number;
    let committee: number;
    let office: number;
    let heldMeeting: number;
    let slug: string;
    let token: string;
    const clerkActor = () => ({ installationAdmin: false, roles: [{ bodyId, role: 'clerk' as const }] });

    before(async () => {
      database = await backend.open();
      app = createApp({ db: database.db, logError: (e) => console.error(e), pageCacheBytes: false });
      bodyId = (await importDataset({ db: database.db, actor: 'test' }, smallTown())).bodyId;
      const org = async (name: string) => {
        const [row] = await database.db
          .select({ id: organizations.id })
          .from(organizations)
          .where(and(eq(organizations.bodyId, bodyId), eq(organizations.name, name)));
        return row?.id ?? 0;
      };
      committee = await org('Finanzausschuss');
      office = await org('Kämmerei');
      const [m] = await database.db.select().from(meetings).where(eq(meetings.bodyId, bodyId));
      heldMeeting = m?.id ?? 0;
      const [body] = await database.db.select().from(bodies).where(eq(bodies.id, bodyId));
      slug = body?.slug ?? '';
      const clerk = await makeAccount(database.db, 'sd', [{ bodyId, role: 'clerk' }]);
      token = (await createApiToken({ db: database.db, actor: 'test' }, clerk.id, 'Test')).token;
    });
    after(async () => {
      await database?.close();
    });

    async function call(method: string, path: string, body: unknown) {
      const res = await app.request(path, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, json: (await res.json()) as Json };
    }

    /** A planned meeting 60 days ahead with one item (ready to be invited to). */
    async function plannedMeeting() {
      const ctx = { db: database.db, actor: 'test' };
      const day = addDays(localToday(), 60);
      const m = await createOfficeMeeting(ctx, clerkActor(), {
        bodyId,
        organizationId: committee,
        date: day,
        startTime: '17:00',
      });
      const { meeting } = await addOfficeAgendaItem(ctx, clerkActor(), m.id, {
        version: m.version,
        title: 'Eröffnung',
        public: true,
      });
      return { id: meeting.id, version: meeting.version, day };
    }

    test('meeting form: an impossible date is said to be one, an empty one is asked for; nothing written', async () => {
      const clerk = new Browser(app);
      await clerk.login('sd');
      await clerk.get('/verwaltung/sitzungen/neu');
      const counts = await rowCounts(database.db);
      for (const datum of ['2026-02-31', '31.02.2026']) {
        const bad = await clerk.post('/verwaltung/sitzungen', {
          koerperschaft: String(bodyId),
          gremium: String(committee),
          datum,
          beginn: '17:00',
        });
        assert.equal(bad.res.status, 422);
        const text = textOf(bad.html);
        assert.match(
          text,
          new RegExp(`„${datum.replace(/\./g, '\\.')}“ ist kein gültiges Datum \\(TT\\.MM\\.JJJJ\\)\\.`),
        );
        assert.doesNotMatch(text, /Bitte geben Sie das Datum der Sitzung an/);
      }
      const empty = await clerk.post('/verwaltung/sitzungen', {
        koerperschaft: String(bodyId),
        gremium: String(committee),
        datum: '',
        beginn: '17:00',
      });
      assert.equal(empty.res.status, 422);
      assert.match(textOf(empty.html), /Bitte geben Sie das Datum der Sitzung an \(TT\.MM\.JJJJ\)\./);
      assert.deepEqual(await rowCounts(database.db), counts);
    });

    test('invitation form: the day of dispatch must be a real date, not after the meeting, not a year before it', async () => {
      const clerk = new Browser(app);
      await clerk.login('sd');
      const meeting = await plannedMeeting();
      const page = await clerk.get(`/verwaltung/sitzungen/${meeting.id}`);
      const version = versionOf(page.html);
      const counts = await rowCounts(database.db);
      const yearBefore = `${Number(meeting.day.slice(0, 4)) - 1}${meeting.day.slice(4)}`;
      const cases: Array<[string, string]> = [
        ['2026-02-31', '„2026-02-31“ ist kein gültiges Datum (TT.MM.JJJJ).'],
        [
          '1999-01-10',
          `Das Versanddatum 10.01.1999 liegt mehr als ein Jahr vor der Sitzung am ${german(meeting.day)}; bitte prüfen Sie das Datum.`,
        ],
        [
          addDays(yearBefore, -1),
          `Das Versanddatum ${german(addDays(yearBefore, -1))} liegt mehr als ein Jahr vor der Sitzung am ${german(meeting.day)}; bitte prüfen Sie das Datum.`,
        ],
        [
          addDays(meeting.day, 1),
          `Die Einladung kann nicht nach dem Tag der Sitzung (${german(meeting.day)}) versandt werden.`,
        ],
      ];
      for (const [versand, message] of cases) {
        const bad = await clerk.post(`/verwaltung/sitzungen/${meeting.id}/einladung`, { version, versand });
        assert.equal(bad.res.status, 422, versand);
        assert.ok(textOf(bad.html).includes(message), `${versand}: ${message}`);
        assert.doesNotMatch(textOf(bad.html), /Bitte geben Sie das Versanddatum an/);
        assert.match(bad.html, /id="versand"[^>]*aria-invalid="true"/);
      }
      assert.deepEqual(await rowCounts(database.db), counts);
      const [still] = await database.db.select().from(meetings).where(eq(meetings.id, meeting.id));
      assert.equal(still?.invitationSentOn, null);
      // Sent on paper three days ago: recorded.
      const sent = addDays(localToday(), -3);
      const ok = await clerk.post(`/verwaltung/sitzungen/${meeting.id}/einladung`, { version, versand: sent });
      assert.equal(ok.res.status, 303, textOf(ok.html));
      const [invited] = await database.db.select().from(meetings).where(eq(meetings.id, meeting.id));
      assert.equal(invited?.invitationSentOn, sent);
    });

    test('attendance: a bad time names the person, at the field and in the summary; nothing written', async () => {
      const clerk = new Browser(app);
      await clerk.login('sd');
      const page = await clerk.get(`/verwaltung/sitzungen/${heldMeeting}/niederschrift`);
      const r = await loadMeetingRecord(database.db, heldMeeting);
      assert.ok(r);
      const counts = await rowCounts(database.db);
      const bad = await clerk.post(`/verwaltung/sitzungen/${heldMeeting}/anwesenheit`, {
        version: versionOf(page.html),
        'p0-status': 'present',
        'p0-kommt': '7 Uhr',
        'p0-geht': '25:00',
        'p1-status': 'present',
        'p2-status': 'present',
        'p3-status': 'excused',
        'p4-status': 'present',
        'x0-person': '',
      });
      assert.equal(bad.res.status, 422);
      const name = r.roster[0]?.name ?? '';
      assert.ok(name);
      const text = textOf(bad.html);
      const arrival = `Ankunft von ${name}: Die Uhrzeit muss die Form HH:MM haben.`;
      const leaving = `Weggang von ${name}: Die Uhrzeit muss die Form HH:MM haben.`;
      assert.equal(occurrences(text, arrival), 2, text);
      assert.equal(occurrences(text, leaving), 2, text);
      assert.match(bad.html, /id="p0-kommt"[^>]*aria-invalid="true"/);
      assert.deepEqual(await rowCounts(database.db), counts);
    });

    test('vote form: counts below 0 and over the present voters said in one clean sentence; nothing written', async () => {
      const clerk = new Browser(app);
      await clerk.login('sd');
      const [item] = await database.db
        .select()
        .from(agendaItems)
        .where(eq(agendaItems.meetingId, heldMeeting))
        .orderBy(asc(agendaItems.position));
      assert.ok(item);
      const url = `/verwaltung/sitzungen/${heldMeeting}/niederschrift/${item.id}`;
      const page = await clerk.get(url);
      assert.equal(page.res.status, 200);
      const counts = await rowCounts(database.db);
      const vote = (ja: string) =>
        clerk.post(`${url}/abstimmung`, {
          version: versionOf(page.html),
          art: 'offen',
          ergebnis: 'stimmen',
          ja,
          nein: '0',
          enthaltung: '0',
        });
      const negative = await vote('-1');
      assert.equal(negative.res.status, 422);
      assert.ok(textOf(negative.html).includes('Die Zahl der Ja-Stimmen muss eine ganze Zahl ab 0 sein.'));
      assert.doesNotMatch(textOf(negative.html), /muss eine ganze Zahl sein/);
      const tooMany = await vote('100');
      assert.equal(tooMany.res.status, 422);
      const text = textOf(tooMany.html);
      assert.ok(
        text.includes('Es wurden 100 Stimmen gezählt, aber nur 4 Personen sind anwesend und stimmberechtigt.'),
        text,
      );
      assert.doesNotMatch(text, /stimmberechtigt\. \(/);
      assert.deepEqual(await rowCounts(database.db), counts);
    });

    test('JSON API: date messages name JJJJ-MM-TT, the format the API takes; nothing written', async () => {
      const counts = await rowCounts(database.db);
      const paper = await call('POST', '/api/v1/papers', {
        bodyId,
        officeId: office,
        year: 2026,
        paperType: 'Beschlussvorlage',
        title: 'Radweg',
        date: '2026-02-31',
        public: true,
      });
      assert.equal(paper.status, 422);
      assert.equal(paper.json.error?.fields?.date, '„2026-02-31“ ist kein gültiges Datum (JJJJ-MM-TT).');
      const meeting = await call('POST', '/api/v1/meetings', {
        bodyId,
        organizationId: committee,
        date: '2026-02-31',
        startTime: '17:00',
      });
      assert.equal(meeting.status, 422);
      assert.equal(meeting.json.error?.fields?.date, '„2026-02-31“ ist kein gültiges Datum (JJJJ-MM-TT).');
      const undated = await call('POST', '/api/v1/meetings', { bodyId, organizationId: committee, startTime: '17:00' });
      assert.equal(undated.status, 422);
      assert.equal(undated.json.error?.fields?.date, 'Bitte geben Sie das Datum der Sitzung an (JJJJ-MM-TT).');
      const [item] = await database.db.select().from(agendaItems).where(eq(agendaItems.meetingId, heldMeeting));
      const resolution = await call('POST', '/api/v1/resolutions', {
        agendaItemId: item?.id,
        kind: 'task',
        text: 'Bitte prüfen.',
        dueDate: '2026-02-31',
      });
      assert.equal(resolution.status, 422);
      assert.equal(resolution.json.error?.fields?.dueDate, 'Die Frist muss ein gültiges Datum sein (JJJJ-MM-TT).');
      const masterdata = `/api/v1/stammdaten/${slug}/wahlperioden`;
      const term = await call('POST', masterdata, { name: 'Wahlperiode 2026–2031', startDate: '2026-02-31' });
      assert.equal(term.status, 422);
      assert.equal(
        term.json.error?.fields?.startDate,
        '„2026-02-31“ ist kein gültiges Datum; bitte im Format JJJJ-MM-TT angeben.',
      );
      const listed = await app.request(masterdata, { headers: { authorization: `Bearer ${token}` } });
      const first = ((await listed.json()) as { items: Array<{ id: number; version: string }> }).items[0];
      assert.ok(first);
      const patched = await call('PATCH', `${masterdata}/${first.id}`, {
        version: first.version,
        endDate: '31.02.2026',
      });
      assert.equal(patched.status, 422);
      assert.equal(
        patched.json.error?.fields?.endDate,
        '„31.02.2026“ ist kein gültiges Datum; bitte im Format JJJJ-MM-TT angeben.',
      );
      const audit = await app.request(`/api/v1/audit?bodyId=${bodyId}&from=2026-02-31&to=gestern`, {
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(audit.status, 422);
      assert.deepEqual(((await audit.json()) as Json).error?.fields, {
        from: 'Bitte geben Sie das Datum als JJJJ-MM-TT an.',
        to: 'Bitte geben Sie das Datum als JJJJ-MM-TT an.',
      });
      assert.deepEqual(await rowCounts(database.db), counts);

      const planned = await plannedMeeting();
      const before = await rowCounts(database.db);
      const badDay = await call('POST', `/api/v1/meetings/${planned.id}/invite`, {
        version: planned.version,
        date: '2026-02-31',
      });
      assert.equal(badDay.status, 422);
      assert.equal(badDay.json.error?.fields?.date, '„2026-02-31“ ist kein gültiges Datum (JJJJ-MM-TT).');
      const early = await call('POST', `/api/v1/meetings/${planned.id}/invite`, {
        version: planned.version,
        date: '1999-01-10',
      });
      assert.equal(early.status, 422);
      assert.equal(
        early.json.error?.fields?.date,
        `Das Versanddatum 10.01.1999 liegt mehr als ein Jahr vor der Sitzung am ${german(planned.day)}; bitte prüfen Sie das Datum.`,
      );
      assert.deepEqual(await rowCounts(database.db), before);
    });
  });
}
