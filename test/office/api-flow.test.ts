/**
 * Issue 6 end to end through the JSON API only (`/api/v1`), on every storage backend, on the demo data:
 * the clerk, the chair and the Schriftführer log in once each and create their own API tokens (the token
 * API needs a browser session); from then on everything is `Authorization: Bearer`. The clerk creates a
 * committee with a chair, members, the Schriftführer and a deputy, a paper with its consultation, a
 * meeting with a two-part agenda, invites, records the attendance with the deputy standing in, a vote with
 * one abstention, the minutes texts and an addendum, submits; the chair and the Schriftführer sign; the
 * clerk publishes. One refused step each: a member's token signing (403 `permission.denied`), the chair
 * signing as Schriftführung (403 `minutes.signer`), a signature on a stale version (409 `conflict.stale`),
 * editing signed minutes (403 `minutes.signed`) — each writing nothing. At the end the public OParl meeting
 * shows the public item with its result and nothing of the non-public item.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import type { Database } from '../../src/db/open.ts';
import { auditLog, meetings } from '../../src/db/schema.ts';
import { demoAccounts } from '../../src/demo/accounts.ts';
import { loadDemo } from '../../src/demo/load.ts';
import { createApp } from '../../src/http/app.tsx';
import { backends } from '../helpers/db.ts';
import { Browser } from './helpers.ts';

const password = (login: string) => demoAccounts.find((d) => d.login === login)?.password ?? '';

const COMMITTEE = 'Ausschuss für Bürgerhaushalt und Beteiligung';
const PUBLIC_TEXT = 'Die Kämmerin stellt die 41 eingegangenen Vorschläge zum Bürgerhaushalt vor.';
const RESOLUTION = 'Der Ausschuss empfiehlt dem Kreistag, die Vorschläge 3, 7 und 12 umzusetzen.';
const ADDENDUM = 'Die zugesagte Aufstellung der Kosten je Vorschlag liegt der Niederschrift als Anlage bei.';
const MARKER = 'Zitronenfalterwiese';
const SECRET_TEXT = `Der Kaufpreis für das Grundstück an der ${MARKER} wird vertraulich erörtert.`;

// biome-ignore lint/suspicious/noExplicitAny: JSON answers of many shapes, read field by field.
type Json = any;

for (const backend of backends()) {
  describe(`issue 6 end to end through /api/v1 (${backend.name})`, () => {
    let database: Database;
    let app: ReturnType<typeof createApp>;
    const errors: string[] = [];

    before(async () => {
      database = await backend.open();
      await loadDemo(database.db);
      app = createApp({ db: database.db, logError: (e) => errors.push(String(e)) });
    });
    after(async () => {
      await database?.close();
      assert.deepEqual(errors, [], 'no server errors');
    });

    /** Logs in through the form and creates an own API token with the token API (session + CSRF header). */
    async function tokenOf(login: string): Promise<string> {
      const browser = new Browser(app);
      await browser.login(login, password(login));
      const res = await app.request('/api/v1/konto/tokens', {
        method: 'POST',
        headers: {
          cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
          origin: browser.origin,
          'x-csrf-token': browser.csrf ?? '',
          'content-type': 'application/json',
        },
        body: JSON.stringify({ name: 'Ablauftest Sitzungsdienst' }),
      });
      assert.equal(res.status, 201, `token of ${login}`);
      const { token } = (await res.json()) as { token: string };
      assert.match(token, /^ratsinfo_/);
      return token;
    }

    async function call(token: string, method: string, path: string, body?: unknown) {
      const res = await app.request(path, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, json: (await res.json()) as Json };
    }

    /** Audit entries and the meeting row: what a refused write must leave alone. */
    async function footprint(meetingId: number) {
      const [m] = await database.db.select().from(meetings).where(eq(meetings.id, meetingId));
      return { audit: (await database.db.select({ id: auditLog.id }).from(auditLog)).length, meeting: m };
    }

    test('clerk, chair and Schriftführer: committee to published minutes; refusals with stable ids; OParl shows the public part', async () => {
      const clerk = await tokenOf('gramenz');
      const chair = await tokenOf('weiss');
      const member = await tokenOf('anfang');
      const as = (token: string) => ({
        get: (path: string) => call(token, 'GET', path),
        post: (path: string, body: unknown) => call(token, 'POST', path, body),
        put: (path: string, body: unknown) => call(token, 'PUT', path, body),
        patch: (path: string, body: unknown) => call(token, 'PATCH', path, body),
      });
      const c = as(clerk);

      const me = await c.get('/api/v1/konto');
      assert.equal(me.status, 200);
      const bodyId: number = me.json.roles.find((r: Json) => r.role === 'clerk').bodyId;
      const md = '/api/v1/stammdaten/kreis-mettmann';
      const personId = async (q: string) => {
        const found = await c.get(`${md}/personen?q=${encodeURIComponent(q)}`);
        assert.equal(found.json.total, 1, q);
        return found.json.items[0].id as number;
      };
      const [weiss, anfang, boesel, buchholz, gramenz] = [
        await personId('Weiß'),
        await personId('Anfang'),
        await personId('Bösel'),
        await personId('Buchholz'),
        await personId('Gramenz'),
      ];
      assert.equal(me.json.personId, gramenz, 'the clerk is the Schriftführer');

      // 1. The committee and its members.
      const kreistag = (await c.get(`${md}/organisationen?q=Kreistag&kind=council`)).json.items[0].id;
      const committee = await c.post(`${md}/organisationen`, {
        kind: 'committee',
        name: COMMITTEE,
        shortName: 'ABB',
        parentId: kreistag,
      });
      assert.equal(committee.status, 201, JSON.stringify(committee.json));
      const committeeId: number = committee.json.id;
      const membership = async (fields: Record<string, unknown>) => {
        const res = await c.post(`${md}/mitgliedschaften`, {
          organizationId: committeeId,
          votingRight: true,
          ...fields,
        });
        assert.equal(res.status, 201, JSON.stringify(res.json));
      };
      await membership({ personId: weiss, role: 'chair' });
      await membership({ personId: anfang, role: 'member' });
      await membership({ personId: boesel, role: 'member' });
      await membership({ personId: gramenz, role: 'secretary', votingRight: false });
      await membership({ personId: buchholz, role: 'deputy_member', deputyOfPersonId: anfang });
      const listed = await c.get(`${md}/mitgliedschaften?organizationId=${committeeId}`);
      assert.equal(listed.json.total, 5);

      // 2. The paper and its consultation in the committee.
      const office = (await c.get(`${md}/organisationen?kind=office&pageSize=1`)).json.items[0].id;
      const paper = await c.post('/api/v1/papers', {
        bodyId,
        officeId: office,
        year: new Date().getFullYear(),
        paperType: 'Beschlussvorlage',
        title: 'Bürgerhaushalt 2027: Vorschläge der Einwohnerinnen und Einwohner',
        text: 'Die Verwaltung legt die Vorschläge vor.',
        public: true,
      });
      assert.equal(paper.status, 201, JSON.stringify(paper.json));
      const consultation = await c.post(`/api/v1/papers/${paper.json.id}/consultations`, {
        organizationId: committeeId,
        role: 'preliminary',
      });
      assert.equal(consultation.status, 201, JSON.stringify(consultation.json));

      // 3. The meeting, today (what happened at a meeting is recorded from its day on), with a public item
      // (the paper) and a non-public one; the invitation went out two weeks ago.
      const day = new Date().toISOString().slice(0, 10);
      const dispatched = new Date(Date.now() - 14 * 86_400_000).toISOString().slice(0, 10);
      const planned = await c.post('/api/v1/meetings', {
        bodyId,
        organizationId: committeeId,
        date: day,
        startTime: '17:00',
      });
      assert.equal(planned.status, 201, JSON.stringify(planned.json));
      const meetingId: number = planned.json.id;
      const base = `/api/v1/meetings/${meetingId}`;
      let m = await c.post(`${base}/agenda-items`, {
        version: planned.json.version,
        title: 'Bürgerhaushalt 2027',
        public: true,
        paperId: paper.json.id,
      });
      assert.equal(m.status, 201, JSON.stringify(m.json));
      m = await c.post(`${base}/agenda-items`, {
        version: m.json.version,
        title: 'Grundstücksangelegenheit',
        subtitle: `hier: Ankauf an der ${MARKER}`,
        public: false,
      });
      assert.equal(m.status, 201, JSON.stringify(m.json));
      const items: Json[] = m.json.agendaItems;
      const publicItem = items.find((i) => i.title === 'Bürgerhaushalt 2027');
      const closedItem = items.find((i) => i.title === 'Grundstücksangelegenheit');
      assert.deepEqual(
        [publicItem?.number, publicItem?.public, closedItem?.number, closedItem?.public],
        ['1', true, '2', false],
      );

      // 4. The invitation.
      const invited = await c.post(`${base}/invite`, { version: m.json.version, date: dispatched });
      assert.equal(invited.status, 200, JSON.stringify(invited.json));
      assert.equal(invited.json.deadline.ok, true);

      // 5. Attendance: Anfang excused, Buchholz stands in; the Schriftführer for the administration.
      const roll = await c.get(`${base}/attendance`);
      assert.equal(roll.status, 200);
      assert.deepEqual(roll.json.roster.map((r: Json) => r.personId).sort(), [weiss, anfang, boesel].sort());
      const attendance = await c.put(`${base}/attendance`, {
        version: roll.json.version,
        entries: [
          { personId: weiss, role: 'chair', status: 'present' },
          { personId: anfang, role: 'member', status: 'excused' },
          { personId: boesel, role: 'member', status: 'present' },
          { personId: buchholz, role: 'substitute', status: 'present', substituteForPersonId: anfang },
          { personId: gramenz, role: 'administration', status: 'present', function: 'Schriftführer' },
        ],
      });
      assert.equal(attendance.status, 200, JSON.stringify(attendance.json));
      assert.match(attendance.json.quorum.explanation, /^Beschlussfähig: 3 von 3 stimmberechtigten Mitgliedern/);
      const version: number = attendance.json.version;

      // 6. The vote (first one vote too many), the texts, the addendum; the non-public text.
      const itemPath = `${base}/items/${publicItem.id}`;
      const beforeVote = await footprint(meetingId);
      const over = await c.post(`${itemPath}/vote`, { version, yes: 3, no: 0, abstain: 1 });
      assert.equal(over.status, 422);
      assert.equal(over.json.error.id, 'validation.failed');
      assert.equal(
        over.json.error.fields.yes,
        'Es wurden 4 Stimmen gezählt, aber nur 3 Personen sind anwesend und stimmberechtigt.',
      );
      assert.deepEqual(await footprint(meetingId), beforeVote);
      const vote = await c.post(`${itemPath}/vote`, { version, yes: 2, no: 0, abstain: 1 });
      assert.equal(vote.status, 201, JSON.stringify(vote.json));
      assert.equal(vote.json.votes[0].phrase, 'einstimmig bei 1 Enthaltung angenommen (2 Ja, 0 Nein, 1 Enthaltung)');
      const texts = await c.patch(itemPath, {
        version: vote.json.version,
        minutesText: PUBLIC_TEXT,
        resolutionText: RESOLUTION,
      });
      assert.equal(texts.status, 200, JSON.stringify(texts.json));
      const addendum = await c.post(`${itemPath}/addenda`, { version: texts.json.version, text: ADDENDUM });
      assert.equal(addendum.status, 201, JSON.stringify(addendum.json));
      const secret = await c.patch(`${base}/items/${closedItem.id}`, {
        version: addendum.json.version,
        minutesText: SECRET_TEXT,
      });
      assert.equal(secret.status, 200, JSON.stringify(secret.json));

      // 7. Submit; the signatories come from the memberships.
      const submitted = await c.post(`${base}/minutes/submit`, { version: secret.json.version });
      assert.equal(submitted.status, 200, JSON.stringify(submitted.json));
      assert.equal(submitted.json.submitted, true);
      assert.deepEqual(
        [
          submitted.json.signatories.chair.map((p: Json) => p.personId),
          submitted.json.signatories.secretary.map((p: Json) => p.personId),
        ],
        [[weiss], [gramenz]],
      );
      const beforeChair = submitted.json.version;

      // Refused: a member's token; the chair as Schriftführung. Nothing written.
      let print = await footprint(meetingId);
      const byMember = await as(member).post(`${base}/minutes/sign`, { version: beforeChair });
      assert.deepEqual([byMember.status, byMember.json.error.id], [403, 'permission.denied']);
      const wrongRole = await as(chair).post(`${base}/minutes/sign`, { version: beforeChair, role: 'secretary' });
      assert.deepEqual([wrongRole.status, wrongRole.json.error.id], [403, 'minutes.signer']);
      assert.match(
        wrongRole.json.error.message,
        /kann nicht als Schriftführung unterschreiben; das kann Rüdiger Gramenz/,
      );
      assert.deepEqual(await footprint(meetingId), print);

      // 8. The chair signs; the Schriftführer's older version is stale; then he signs.
      const chairSigned = await as(chair).post(`${base}/minutes/sign`, { version: beforeChair });
      assert.equal(chairSigned.status, 200, JSON.stringify(chairSigned.json));
      assert.deepEqual(
        chairSigned.json.signatures.map((s: Json) => [s.role, s.personId]),
        [['chair', weiss]],
      );
      print = await footprint(meetingId);
      const stale = await c.post(`${base}/minutes/sign`, { version: beforeChair });
      assert.deepEqual([stale.status, stale.json.error.id], [409, 'conflict.stale']);
      assert.deepEqual(await footprint(meetingId), print);
      const signed = await c.post(`${base}/minutes/sign`, { version: chairSigned.json.version });
      assert.equal(signed.status, 200, JSON.stringify(signed.json));
      assert.equal(signed.json.signed, true);
      assert.equal(signed.json.published, false);

      // Signed minutes are frozen.
      print = await footprint(meetingId);
      const edit = await c.patch(itemPath, { version: signed.json.version, minutesText: 'Nachträglich geändert.' });
      assert.deepEqual([edit.status, edit.json.error.id], [403, 'minutes.signed']);
      assert.deepEqual(await footprint(meetingId), print);

      // Signed, not yet published: OParl shows no result.
      const unpublished = await app.request(`/oparl/v1.1/meeting/${meetingId}`);
      assert.doesNotMatch(await unpublished.text(), /Enthaltung|Kämmerin/);

      // 9. The clerk publishes.
      const published = await c.post(`${base}/minutes/publish`, { version: signed.json.version });
      assert.equal(published.status, 200, JSON.stringify(published.json));
      assert.equal(published.json.published, true);
      const status = await as(member).get(`${base}/minutes`);
      assert.equal(status.json.state, 'minutes_signed');

      // 10. The public OParl meeting: the public item with result and texts, nothing of the other.
      const oparl = await app.request(`/oparl/v1.1/meeting/${meetingId}`);
      assert.equal(oparl.status, 200);
      const raw = await oparl.text();
      const meeting = JSON.parse(raw) as Json;
      const agenda: Json[] = meeting.agendaItem ?? [];
      assert.deepEqual(
        agenda.map((i) => i.name),
        ['Bürgerhaushalt 2027'],
      );
      assert.equal(agenda[0].result, 'einstimmig bei 1 Enthaltung angenommen');
      assert.equal(agenda[0].resolutionText, RESOLUTION);
      // The demo body publishes the titles of non-public items (the minutes' agenda lists "2.
      // Grundstücksangelegenheit"); their subtitle and minutes text never.
      assert.ok(!raw.includes(MARKER), 'the non-public subtitle is not in the OParl meeting');
      assert.ok(!raw.includes('vertraulich erörtert'), 'the non-public minutes text is not in the OParl meeting');
      assert.match(meeting.resultsProtocol.text, /Die Kämmerin stellt die 41 eingegangenen Vorschläge/);
      assert.match(meeting.resultsProtocol.text, /Nicht öffentlicher Teil\n\n\[\.\.\.\]/);
    });
  });
}
