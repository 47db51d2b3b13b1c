/**
 * Finishing the minutes through the back office pages and the JSON API (issue 6, part 6), on every storage
 * backend: the clerk submits, the chair and the Schriftführer each sign with their own login (the buttons
 * they see name their role), a member and the wrong person are refused, the versions are listed and shown
 * from the stored content (HTML and PDF, hash checked), a correction needs its reason, publishing works once,
 * two clerks at once get 409 `conflict.stale`; the API's error ids.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import type { Database } from '../../src/db/open.ts';
import { auditLog, bodies, meetings, persons } from '../../src/db/schema.ts';
import { createApp } from '../../src/http/app.tsx';
import { createAccount, createSession } from '../../src/services/accounts.ts';
import { importDataset } from '../../src/services/dataset/import.ts';
import { loadMeetingRecord } from '../../src/services/meetings-record.ts';
import { backends } from '../helpers/db.ts';
import { rowCounts } from '../helpers/fixtures.ts';
import { textOf } from '../helpers/html.ts';
import { FAST, PASSWORD } from './helpers.ts';
import { townWithSecretary } from './minutes-fixtures.ts';

type As = { cookie: string; csrf: string };

for (const backend of backends()) {
  describe(`finishing the minutes: pages and API (${backend.name})`, () => {
    let database: Database;
    let app: ReturnType<typeof createApp>;
    let meetingId: number;
    let bodyId: number;
    const itemIds: Record<string, number> = {};
    const account: Record<string, number> = {};

    before(async () => {
      database = await backend.open();
      app = createApp({ db: database.db, logError: () => {} });
      bodyId = (await importDataset({ db: database.db, actor: 'test' }, townWithSecretary())).bodyId;
      const [m] = await database.db.select().from(meetings).where(eq(meetings.bodyId, bodyId));
      assert.ok(m);
      meetingId = m.id;
      const person = Object.fromEntries(
        (await database.db.select().from(persons).where(eq(persons.bodyId, bodyId))).map((p) => [p.familyName, p.id]),
      );
      for (const i of (await loadMeetingRecord(database.db, meetingId))?.items ?? []) itemIds[i.number] = i.id;
      const make = async (login: string, role: 'clerk' | 'chair' | 'member', personId: number | null) => {
        const created = await createAccount(
          { db: database.db, actor: 'test' },
          {
            login,
            displayName: `Konto ${login}`,
            password: PASSWORD,
            roles: [{ bodyId, role }],
            installationAdmin: false,
            mustChangePassword: false,
            personId,
          },
          FAST,
        );
        account[login] = created.id;
      };
      await make('clerk', 'clerk', null);
      await make('clerk2', 'clerk', null);
      await make('acker', 'chair', person.Acker ?? null);
      await make('boehm', 'chair', person.Böhm ?? null);
      await make('member', 'member', person.Eßer ?? null);
      await make('gast', 'clerk', person.Gast ?? null);
    });
    after(async () => {
      await database?.close();
    });

    async function as(login: string): Promise<As> {
      const session = await createSession({ db: database.db, actor: 'test' }, account[login] as number);
      return { cookie: `ratsinfo_session=${session.token}`, csrf: session.csrfToken };
    }
    const page = async (who: As, path: string) => {
      const res = await app.request(path, { headers: { cookie: who.cookie } });
      return { res, html: await res.text() };
    };
    const post = async (who: As, path: string, form: Record<string, string>) => {
      const res = await app.request(path, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          origin: 'http://localhost',
          cookie: who.cookie,
        },
        body: new URLSearchParams({ ...form, _csrf: who.csrf }),
      });
      return { res, html: await res.text() };
    };
    const api = async (who: As, method: string, path: string, body?: unknown) => {
      const res = await app.request(path, {
        method,
        headers: {
          'content-type': 'application/json',
          origin: 'http://localhost',
          cookie: who.cookie,
          'x-csrf-token': who.csrf,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { res, json: (await res.json()) as Record<string, unknown> & { error?: { id: string; message: string } } };
    };
    const version = async () => {
      const [m] = await database.db.select().from(meetings).where(eq(meetings.id, meetingId));
      return String(m?.version ?? 0);
    };
    const base = () => `/verwaltung/sitzungen/${meetingId}/niederschrift`;

    test('the clerk submits on the status page; the record pages then offer no forms', async () => {
      const clerk = await as('clerk');
      const { res, html } = await page(clerk, `${base()}/abschluss`);
      assert.equal(res.status, 200);
      const text = textOf(html);
      assert.match(text, /Sitzung abgehalten, Niederschrift in Arbeit/);
      assert.match(text, /Es fehlt die Unterschrift des Vorsitzes \(Anna Acker\)/);
      assert.match(text, /Es fehlt die Unterschrift der Schriftführung \(Gustav Gast\)/);
      assert.match(html, /Zur Unterschrift vorlegen/);
      assert.doesNotMatch(html, /unterschreiben<\/button>/);
      const submitted = await post(clerk, `${base()}/abschluss/vorlegen`, { version: await version() });
      assert.equal(submitted.res.status, 303, textOf(submitted.html));
      const after = await page(clerk, submitted.res.headers.get('location') ?? '');
      assert.match(textOf(after.html), /Die Niederschrift wurde zur Unterschrift vorgelegt\./);
      assert.match(after.html, /Vorlage zurücknehmen/);
      const record = await page(clerk, base());
      assert.match(textOf(record.html), /Die Niederschrift liegt zur Unterschrift vor/);
      assert.doesNotMatch(record.html, /action="[^"]*\/anwesenheit"/, 'no attendance form while submitted');
      const item = await page(clerk, `${base()}/${itemIds['2']}`);
      assert.doesNotMatch(item.html, /name="niederschrift"/, 'no texts form while submitted');
      // A write anyway: 409, minutes.submitted.
      const refused = await api(clerk, 'PATCH', `/api/v1/meetings/${meetingId}/items/${itemIds['2']}`, {
        version: Number(await version()),
        minutesText: 'Geändert',
      });
      assert.equal(refused.res.status, 409);
      assert.equal(refused.json.error?.id, 'minutes.submitted');
    });

    test('who signs: a member gets 403, the wrong chair 403 with the reason, the right ones each sign', async () => {
      const member = await as('member');
      const before = await rowCounts(database.db);
      const byMember = await post(member, `${base()}/abschluss/unterschreiben`, { version: await version() });
      assert.equal(byMember.res.status, 403);
      assert.match(textOf(byMember.html), /Berechtigung/);
      const boehm = await as('boehm');
      const wrong = await post(boehm, `${base()}/abschluss/unterschreiben`, { version: await version() });
      assert.equal(wrong.res.status, 403);
      assert.match(textOf(wrong.html), /Bernd Böhm hat in dieser Sitzung weder den Vorsitz noch die Schriftführung/);
      const viaApi = await api(boehm, 'POST', `/api/v1/meetings/${meetingId}/minutes/sign`, {
        version: Number(await version()),
      });
      assert.equal(viaApi.res.status, 403);
      assert.equal(viaApi.json.error?.id, 'minutes.signer');
      const memberApi = await api(member, 'POST', `/api/v1/meetings/${meetingId}/minutes/sign`, {
        version: Number(await version()),
      });
      assert.equal(memberApi.res.status, 403);
      assert.equal(memberApi.json.error?.id, 'permission.denied');
      const afterCounts = await rowCounts(database.db);
      // The only new row: boehm's session.
      assert.deepEqual({ ...afterCounts, sessions: (afterCounts.sessions ?? 0) - 1 }, before, 'nothing written');

      const acker = await as('acker');
      const status = await page(acker, `${base()}/abschluss`);
      assert.match(status.html, /Als Vorsitz unterschreiben/);
      assert.doesNotMatch(status.html, /Als Schriftführung unterschreiben/);
      const signed = await post(acker, `${base()}/abschluss/unterschreiben`, {
        version: await version(),
        rolle: 'chair',
      });
      assert.equal(signed.res.status, 303, textOf(signed.html));
      const again = await api(acker, 'POST', `/api/v1/meetings/${meetingId}/minutes/sign`, {
        version: Number(await version()),
      });
      assert.equal(again.res.status, 409);
      assert.equal(again.json.error?.id, 'minutes.already_signed');

      const gast = await as('gast');
      const mine = await api(gast, 'GET', `/api/v1/meetings/${meetingId}/minutes`);
      assert.deepEqual(mine.json.viewerMaySign, ['secretary']);
      const second = await api(gast, 'POST', `/api/v1/meetings/${meetingId}/minutes/sign`, {
        version: mine.json.version,
      });
      assert.equal(second.res.status, 200, JSON.stringify(second.json));
      assert.equal(second.json.state, 'minutes_signed');
      assert.equal(second.json.signed, true);
      assert.equal(second.json.published, false);
      assert.deepEqual(
        (second.json.signatures as Array<{ role: string; name: string }>).map((s) => `${s.role}: ${s.name}`),
        ['chair: Anna Acker', 'secretary: Gustav Gast'],
      );
    });

    test('the versions: listed with the hash, shown from the stored content as HTML and PDF', async () => {
      const member = await as('member');
      const list = await page(member, `${base()}/fassungen`);
      assert.equal(list.res.status, 200);
      assert.match(textOf(list.html), /Fassung 1/);
      assert.match(textOf(list.html), /geprüft/);
      const one = await page(member, `${base()}/fassungen/1`);
      assert.equal(one.res.status, 200);
      assert.match(textOf(one.html), /Prüfsumme geprüft/);
      const html = await page(member, `${base()}/fassungen/1/niederschrift.html`);
      assert.equal(html.res.status, 200);
      assert.match(textOf(html.html), /Fassung 1 der Niederschrift, gespeichert am .* Prüfsumme \(SHA-256\) geprüft/);
      assert.match(textOf(html.html), /Zu Punkt 2/);
      assert.match(textOf(html.html), /gez\./);
      const pdf = await app.request(`${base()}/fassungen/1/niederschrift.pdf`, { headers: { cookie: member.cookie } });
      assert.equal(pdf.status, 200);
      assert.equal(pdf.headers.get('content-type'), 'application/pdf');
      assert.equal(
        Buffer.from(await pdf.arrayBuffer())
          .subarray(0, 5)
          .toString(),
        '%PDF-',
      );
      const missing = await page(member, `${base()}/fassungen/7`);
      assert.equal(missing.res.status, 404);
      const json = await api(member, 'GET', `/api/v1/meetings/${meetingId}/minutes/versions/1`);
      assert.equal(json.res.status, 200);
      assert.equal(json.json.hashValid, true);
      assert.match(String(json.json.contentHash), /^[0-9a-f]{64}$/);
    });

    test('a correction: the reason is required; the new version lists it; version 1 stays', async () => {
      const clerk = await as('clerk');
      const form = await page(clerk, `${base()}/berichtigung?punkt=${itemIds['1']}`);
      assert.equal(form.res.status, 200);
      assert.match(form.html, /name="begruendung"/);
      const before = await rowCounts(database.db);
      const noReason = await post(clerk, `${base()}/berichtigung`, {
        version: await version(),
        punkt: String(itemIds['1']),
        niederschrift: 'Die Vorsitzende eröffnet die Sitzung um 17:03 Uhr.',
        beschluss: '',
        begruendung: '',
      });
      assert.equal(noReason.res.status, 422);
      assert.match(textOf(noReason.html), /Bitte begründen Sie die Berichtigung/);
      assert.match(noReason.html, /id="begruendung"[^>]*aria-invalid="true"/);
      assert.deepEqual(await rowCounts(database.db), before, 'nothing written');
      const ok = await post(clerk, `${base()}/berichtigung`, {
        version: await version(),
        punkt: String(itemIds['1']),
        niederschrift: 'Die Vorsitzende eröffnet die Sitzung um 17:03 Uhr.',
        beschluss: '',
        begruendung: 'Uhrzeit der Eröffnung ergänzt',
      });
      assert.equal(ok.res.status, 303, textOf(ok.html));
      const list = await page(clerk, ok.res.headers.get('location') ?? '');
      assert.match(textOf(list.html), /Die Berichtigung wurde als neue Fassung gespeichert/);
      assert.match(textOf(list.html), /Fassung 2/);
      assert.match(textOf(list.html), /Uhrzeit der Eröffnung ergänzt/);
      const v1 = await page(clerk, `${base()}/fassungen/1/niederschrift.html`);
      assert.doesNotMatch(textOf(v1.html), /17:03/);
      const v2 = await page(clerk, `${base()}/fassungen/2/niederschrift.html`);
      assert.match(textOf(v2.html), /17:03/);
      assert.match(textOf(v2.html), /Berichtigt am/);
    });

    test('publishing through the API, once; two clerks at once: one gets 409 conflict.stale', async () => {
      const clerk = await as('clerk');
      const clerk2 = await as('clerk2');
      const status = await api(clerk, 'GET', `/api/v1/meetings/${meetingId}/minutes`);
      const loaded = status.json.version;
      const first = await api(clerk, 'POST', `/api/v1/meetings/${meetingId}/minutes/publish`, { version: loaded });
      assert.equal(first.res.status, 200, JSON.stringify(first.json));
      assert.equal(first.json.published, true);
      const before = await rowCounts(database.db);
      const second = await api(clerk2, 'POST', `/api/v1/meetings/${meetingId}/minutes/corrections`, {
        version: loaded,
        reason: 'Gleichzeitig',
        changes: [{ itemId: itemIds['1'], minutesText: 'Anders' }],
      });
      assert.equal(second.res.status, 409);
      assert.equal(second.json.error?.id, 'conflict.stale');
      assert.equal(second.json.error && 'currentVersion' in second.json.error, true);
      assert.deepEqual(await rowCounts(database.db), before, 'nothing written');
      const twice = await api(clerk, 'POST', `/api/v1/meetings/${meetingId}/minutes/publish`, {
        version: first.json.version,
      });
      assert.equal(twice.res.status, 409);
      assert.equal(twice.json.error?.id, 'minutes.already_published');
      const notJson = await app.request(`/api/v1/meetings/${meetingId}/minutes/publish`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin: 'http://localhost',
          cookie: clerk.cookie,
          'x-csrf-token': clerk.csrf,
        },
        body: '[1]',
      });
      assert.equal(notJson.status, 400);
      const page1 = await page(clerk, `${base()}/abschluss`);
      assert.match(textOf(page1.html), /veröffentlicht am/);
      assert.doesNotMatch(page1.html, /Veröffentlichen<\/button>/);
    });

    test('taking the publication back: a reason is required, a member is refused, then not public; publish again', async () => {
      const clerk = await as('clerk');
      let status = await page(clerk, `${base()}/abschluss`);
      assert.match(status.html, /Veröffentlichung zurücknehmen<\/button>/);
      assert.match(status.html, /<label for="begruendung">Begründung<\/label>/);
      const url = `${base()}/abschluss/veroeffentlichung-zuruecknehmen`;
      const member = await as('member');
      let counts = await rowCounts(database.db);
      const empty = await post(clerk, url, { version: await version(), begruendung: '  ' });
      assert.equal(empty.res.status, 422);
      assert.match(textOf(empty.html), /Nicht ausgeführt: Bitte geben Sie an, warum die Veröffentlichung/);
      const refused = await post(member, url, { version: await version(), begruendung: 'Ich will das nicht.' });
      assert.equal(refused.res.status, 403);
      assert.match(textOf(refused.html), /Veröffentlichung der Niederschrift zurücknehmen/);
      assert.deepEqual(await rowCounts(database.db), counts, 'nothing written');
      const [slug] = (await database.db.select().from(bodies).where(eq(bodies.id, bodyId))).map((b) => b.slug);
      assert.equal((await app.request(`/${slug}/sitzungen/${meetingId}/niederschrift.pdf`)).status, 200);

      const done = await post(clerk, url, { version: await version(), begruendung: 'Versehentlich veröffentlicht.' });
      assert.equal(done.res.status, 303);
      status = await page(clerk, done.res.headers.get('location') ?? '');
      assert.match(textOf(status.html), /Die Veröffentlichung wurde zurückgenommen/);
      assert.match(status.html, /Veröffentlichen<\/button>/, 'can be published again');
      assert.equal((await app.request(`/${slug}/sitzungen/${meetingId}/niederschrift.pdf`)).status, 404);
      const entries = await database.db.select().from(auditLog).where(eq(auditLog.action, 'unpublish'));
      assert.equal(entries.length, 1);
      assert.equal((entries[0]?.after as { reason?: string } | undefined)?.reason, 'Versehentlich veröffentlicht.');

      counts = await rowCounts(database.db);
      const twice = await api(clerk, 'POST', `/api/v1/meetings/${meetingId}/minutes/unpublish`, {
        version: Number(await version()),
        reason: 'Noch einmal',
      });
      assert.equal(twice.res.status, 409);
      assert.equal(twice.json.error?.id, 'minutes.not_published');
      assert.deepEqual(await rowCounts(database.db), counts, 'nothing written');
      const again = await api(clerk, 'POST', `/api/v1/meetings/${meetingId}/minutes/publish`, {
        version: Number(await version()),
      });
      assert.equal(again.res.status, 200);
      assert.equal(again.json.published, true);
      assert.equal((await app.request(`/${slug}/sitzungen/${meetingId}/niederschrift.pdf`)).status, 200);
    });
  });
}
