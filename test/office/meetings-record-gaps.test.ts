/**
 * Part 5's gaps, on every storage backend: the resolution's kind (default from the paper's consultation
 * role, printed in the published minutes), attachments to the minutes (upload, label, order, remove; pages
 * and the multipart API), removing a vote, a conflict of interest or an addendum recorded by mistake (a
 * confirmation page, audit entries, refused once the minutes are submitted or signed) and editing an
 * addendum. Attachments are public only for public items of published minutes: the portal's download,
 * the minutes documents and OParl show nothing before, and never those of a non-public item.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, desc, eq } from 'drizzle-orm';
import type { Database } from '../../src/db/open.ts';
import { agendaItems, auditLog, bodies, files, meetings, persons } from '../../src/db/schema.ts';
import type { Actor } from '../../src/domain/permissions.ts';
import { createApp } from '../../src/http/app.tsx';
import { createApiToken } from '../../src/services/accounts.ts';
import { importDataset } from '../../src/services/dataset/import.ts';
import { loadMeetingRecord, saveAttendance } from '../../src/services/meetings-record.ts';
import { publishMinutes, signMinutes, submitMinutes } from '../../src/services/minutes-finish.ts';
import { backends } from '../helpers/db.ts';
import { rowCounts } from '../helpers/fixtures.ts';
import { textOf } from '../helpers/html.ts';
import { Browser, makeAccount } from './helpers.ts';
import { townWithSecretary } from './minutes-fixtures.ts';

const RESOLUTION = 'Der Ausschuss empfiehlt dem Rat die Quittenbaumpflanzung.';
const PUBLIC_FILE = 'Praesentation-Kaemmerei.txt';
const SECRET_FILE = 'Kaufvertrag-Entwurf.txt';

for (const backend of backends()) {
  describe(`minutes: resolution kind, attachments, removing what was recorded by mistake (${backend.name})`, () => {
    let database: Database;
    let app: ReturnType<typeof createApp>;
    let bodyId: number;
    let slug: string;
    let meetingId: number;
    let publicItemId: number;
    let secretItemId: number;
    let clerkId: number;
    let memberId: number;
    const clerk = (): Actor => ({ installationAdmin: false, roles: [{ bodyId, role: 'clerk' }] });
    const ctx = () => ({ db: database.db, actor: 'test' });

    before(async () => {
      database = await backend.open();
      app = createApp({ db: database.db, logError: (e) => console.error(e), pageCacheBytes: false });
      bodyId = (await importDataset(ctx(), townWithSecretary())).bodyId;
      const [b] = await database.db.select().from(bodies).where(eq(bodies.id, bodyId));
      slug = b?.slug ?? '';
      const [m] = await database.db.select().from(meetings).where(eq(meetings.bodyId, bodyId));
      meetingId = m?.id ?? 0;
      const r = await loadMeetingRecord(database.db, meetingId);
      publicItemId = r?.items.find((i) => i.number === '2')?.id ?? 0;
      secretItemId = r?.items.find((i) => i.number === '3')?.id ?? 0;
      clerkId = (await makeAccount(database.db, 'sd', [{ bodyId, role: 'clerk' }])).id;
      memberId = (await makeAccount(database.db, 'mitglied', [{ bodyId, role: 'member' }])).id;
      // Everyone of the committee present: votes are checked against them.
      await saveAttendance(ctx(), clerk(), meetingId, {
        version: r?.version ?? 0,
        entries: (r?.roster ?? []).map((p) => ({ personId: p.personId, role: p.role, status: 'present' as const })),
      });
    });
    after(async () => {
      await database?.close();
    });

    const record = async () => {
      const r = await loadMeetingRecord(database.db, meetingId);
      assert.ok(r);
      return r;
    };
    const item = async (id: number) => {
      const found = (await record()).items.find((i) => i.id === id);
      assert.ok(found);
      return found;
    };
    const versionOf = (html: string) => /name="version" value="(\d+)"/.exec(html)?.[1] ?? '';
    const itemUrl = (id: number) => `/verwaltung/sitzungen/${meetingId}/niederschrift/${id}`;
    const lastAudit = async (entity: string) => {
      const [row] = await database.db
        .select()
        .from(auditLog)
        .where(eq(auditLog.entity, entity))
        .orderBy(desc(auditLog.id))
        .limit(1);
      return row;
    };

    /** A multipart form as the browser sends it (cookies and CSRF token of the logged-in browser). */
    async function upload(browser: Browser, path: string, fields: Record<string, string>, list: File[]) {
      const form = new FormData();
      form.append('_csrf', browser.csrf ?? '');
      for (const [k, v] of Object.entries(fields)) form.append(k, v);
      for (const f of list) form.append('dateien', f);
      const res = await app.request(
        path,
        {
          method: 'POST',
          headers: {
            origin: 'http://localhost',
            cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
          },
          body: form,
        },
        { incoming: { socket: { remoteAddress: browser.address } } },
      );
      return { res, html: await res.text() };
    }

    test('pages: the resolution kind, attachments, and removing a vote, a conflict and an addendum', async () => {
      const browser = new Browser(app);
      await browser.login('sd');
      const url = itemUrl(publicItemId);
      let page = await browser.get(url);
      assert.equal(page.res.status, 200);
      // The paper is consulted here in advance (Vorberatung): Empfehlung is offered.
      assert.match(page.html, /<option value="recommendation" selected="">Empfehlung/);

      // A kind that does not exist: said at the field, nothing written.
      let counts = await rowCounts(database.db);
      const bad = await browser.post(url, {
        version: versionOf(page.html),
        beschlussart: 'gutachten',
        beschluss: RESOLUTION,
      });
      assert.equal(bad.res.status, 422);
      assert.match(textOf(bad.html), /Bitte wählen Sie Beschluss, Empfehlung oder Kenntnisnahme\./);
      assert.match(bad.html, /id="beschlussart"[^>]*aria-invalid="true"/);
      assert.deepEqual(await rowCounts(database.db), counts);
      assert.equal((await item(publicItemId)).resolutionText, null);
      // Saved without choosing: the suggested kind is stored with the text.
      const saved = await browser.post(url, {
        version: versionOf(page.html),
        niederschrift: 'Die Kämmerin erläutert den Entwurf.',
        beschluss: RESOLUTION,
      });
      assert.equal(saved.res.status, 303);
      assert.equal((await item(publicItemId)).resolutionKind, 'recommendation');

      // Attachments: a public item's and a non-public item's.
      page = await browser.get(url);
      counts = await rowCounts(database.db);
      const empty = await upload(browser, `${url}/anlagen`, { version: versionOf(page.html) }, [
        new File([], 'leer.txt', { type: 'text/plain' }),
        new File(['x'], 'zwei.txt', { type: 'text/plain' }),
      ]);
      assert.equal(empty.res.status, 422);
      assert.match(textOf(empty.html), /Die Datei „leer\.txt“ ist leer\./);
      const twoLabelled = await upload(browser, `${url}/anlagen`, { version: versionOf(page.html), bezeichnung: 'X' }, [
        new File(['a'], 'a.txt', { type: 'text/plain' }),
        new File(['b'], 'b.txt', { type: 'text/plain' }),
      ]);
      assert.equal(twoLabelled.res.status, 422);
      assert.match(twoLabelled.html, /id="bezeichnung"[^>]*aria-invalid="true"/);
      const none = await upload(browser, `${url}/anlagen`, { version: versionOf(page.html) }, []);
      assert.equal(none.res.status, 422);
      assert.match(textOf(none.html), /Bitte wählen Sie mindestens eine Datei\./);
      assert.deepEqual(await rowCounts(database.db), counts);
      const uploaded = await upload(
        browser,
        `${url}/anlagen`,
        { version: versionOf(page.html), bezeichnung: 'Anlage 1 – Präsentation' },
        [new File(['Folien der Kämmerei'], PUBLIC_FILE, { type: 'text/plain' })],
      );
      assert.equal(uploaded.res.status, 303);
      page = await browser.get(url);
      const more = await upload(browser, `${url}/anlagen`, { version: versionOf(page.html) }, [
        new File(['Tabelle'], 'Tabelle.txt', { type: 'text/plain' }),
        new File(['Versehen'], 'Versehen.txt', { type: 'text/plain' }),
      ]);
      assert.equal(more.res.status, 303);
      page = await browser.get(more.res.headers.get('location') ?? url);
      assert.match(textOf(page.html), /Die Anlagen wurden hochgeladen\./);
      let list = (await item(publicItemId)).attachments;
      assert.deepEqual(
        list.map((a) => a.label),
        ['Anlage 1 – Präsentation', 'Anlage 2 – Tabelle', 'Anlage 3 – Versehen'],
      );
      const [stored] = await database.db
        .select()
        .from(files)
        .where(eq(files.id, list[0]?.fileId ?? 0));
      assert.equal(stored?.sha256.length, 64);
      assert.equal(stored?.text, 'Folien der Kämmerei');
      // The back office download.
      const download = await browser.get(`${url}/anlagen/${list[0]?.fileId}`);
      assert.equal(download.res.status, 200);
      assert.equal(download.html, 'Folien der Kämmerei');
      // Renamed and moved up; an empty label refused.
      const third = list[2]?.fileId ?? 0;
      const blank = await browser.post(`${url}/anlagen/${third}`, { version: versionOf(page.html), bezeichnung: ' ' });
      assert.equal(blank.res.status, 422);
      assert.match(blank.html, new RegExp(`id="anlage-${third}"[^>]*aria-invalid="true"`));
      const moved = await browser.post(`${url}/anlagen/${third}`, {
        version: versionOf(page.html),
        bezeichnung: 'Anlage 2 – Versehen',
        bewegen: 'up',
      });
      assert.equal(moved.res.status, 303);
      list = (await item(publicItemId)).attachments;
      assert.deepEqual(
        list.map((a) => [a.label, a.position]),
        [
          ['Anlage 1 – Präsentation', 1],
          ['Anlage 2 – Versehen', 2],
          ['Anlage 2 – Tabelle', 3],
        ],
      );
      // Removed after confirming: the link, then the page with one button.
      page = await browser.get(url);
      assert.match(page.html, new RegExp(`href="${url}/anlagen/${third}/entfernen">Anlage 2 entfernen`));
      const confirm = await browser.get(`${url}/anlagen/${third}/entfernen`);
      assert.equal(confirm.res.status, 200);
      assert.match(textOf(confirm.html), /Anlage 2 entfernen\?.*Anlage 2 – Versehen \(Versehen\.txt\)/);
      assert.match(confirm.html, /<button type="submit">Anlage 2 endgültig entfernen<\/button>/);
      const removed = await browser.post(`${url}/anlagen/${third}/entfernen`, { version: versionOf(confirm.html) });
      assert.equal(removed.res.status, 303);
      assert.deepEqual(
        (await item(publicItemId)).attachments.map((a) => a.label),
        ['Anlage 1 – Präsentation', 'Anlage 2 – Tabelle'],
      );
      assert.equal((await database.db.select().from(files).where(eq(files.id, third))).length, 0, 'file gone');
      assert.equal((await lastAudit('agenda_item'))?.action, 'detach_file');
      page = await browser.get(itemUrl(secretItemId));
      const secret = await upload(browser, `${itemUrl(secretItemId)}/anlagen`, { version: versionOf(page.html) }, [
        new File(['Kaufpreis 1 Euro'], SECRET_FILE, { type: 'text/plain' }),
      ]);
      assert.equal(secret.res.status, 303);

      // A vote recorded by mistake, removed after confirming.
      page = await browser.get(url);
      const vote = await browser.post(`${url}/abstimmung`, {
        version: versionOf(page.html),
        art: 'offen',
        ergebnis: 'stimmen',
        ja: '3',
        nein: '1',
        enthaltung: '0',
      });
      assert.equal(vote.res.status, 303);
      const voteId = (await item(publicItemId)).votes[0]?.id ?? 0;
      page = await browser.get(url);
      assert.match(page.html, new RegExp(`href="${url}/abstimmung/${voteId}/entfernen">Abstimmung 1 entfernen`));
      const voteConfirm = await browser.get(`${url}/abstimmung/${voteId}/entfernen`);
      assert.match(textOf(voteConfirm.html), /mit Mehrheit angenommen|angenommen \(3 Ja, 1 Nein, 0 Enthaltungen\)/);
      // A stale confirmation is refused (409), nothing removed.
      const stale = await browser.post(`${url}/abstimmung/${voteId}/entfernen`, {
        version: String(Number(versionOf(voteConfirm.html)) - 1),
      });
      assert.equal(stale.res.status, 409);
      assert.equal((await item(publicItemId)).votes.length, 1);
      const voteGone = await browser.post(`${url}/abstimmung/${voteId}/entfernen`, {
        version: versionOf(voteConfirm.html),
      });
      assert.equal(voteGone.res.status, 303);
      page = await browser.get(voteGone.res.headers.get('location') ?? url);
      assert.match(textOf(page.html), /Die Abstimmung wurde entfernt\./);
      assert.deepEqual((await item(publicItemId)).votes, []);
      const voteAudit = await lastAudit('vote');
      assert.deepEqual([voteAudit?.action, voteAudit?.entityId], ['delete', String(voteId)]);
      const removedVote = voteAudit?.before as { yes: number; no: number; ballots: unknown[] };
      assert.deepEqual([removedVote.yes, removedVote.no, removedVote.ballots], [3, 1, []]);

      // A conflict of interest, removed.
      const acker = (await record()).roster.find((p) => p.name === 'Anna Acker');
      assert.ok(acker);
      const conflict = await browser.post(`${url}/befangenheit`, {
        version: versionOf(page.html),
        person: String(acker.personId),
      });
      assert.equal(conflict.res.status, 303);
      page = await browser.get(url);
      const conflictConfirm = await browser.get(`${url}/befangenheit/${acker.personId}/entfernen`);
      assert.equal(conflictConfirm.res.status, 200);
      assert.match(textOf(conflictConfirm.html), /Befangenheit von Anna Acker entfernen\?/);
      const conflictGone = await browser.post(`${url}/befangenheit/${acker.personId}/entfernen`, {
        version: versionOf(conflictConfirm.html),
      });
      assert.equal(conflictGone.res.status, 303);
      assert.deepEqual((await item(publicItemId)).conflicts, []);
      assert.equal((await lastAudit('conflict'))?.action, 'delete');
      assert.equal((await browser.get(`${url}/befangenheit/${acker.personId}/entfernen`)).res.status, 404);

      // An addendum: edited, a second one removed.
      page = await browser.get(url);
      for (const text of ['Die Antwort der Verwaltung folgt.', 'Versehentlich doppelt.']) {
        const added = await browser.post(`${url}/ergaenzung`, { version: versionOf(page.html), ergaenzung: text });
        assert.equal(added.res.status, 303);
        page = await browser.get(url);
      }
      const [first, second] = (await item(publicItemId)).addenda;
      assert.ok(first && second);
      const edit = await browser.get(`${url}/ergaenzung/${first.id}`);
      assert.equal(edit.res.status, 200);
      const emptyEdit = await browser.post(`${url}/ergaenzung/${first.id}`, {
        version: versionOf(edit.html),
        ergaenzung: '',
      });
      assert.equal(emptyEdit.res.status, 422);
      assert.match(emptyEdit.html, /id="ergaenzung"[^>]*aria-invalid="true"/);
      const edited = await browser.post(`${url}/ergaenzung/${first.id}`, {
        version: versionOf(edit.html),
        ueberschrift: 'Antwort der Verwaltung',
        ergaenzung: 'Die Verwaltung antwortet: Die Mittel sind eingeplant.',
      });
      assert.equal(edited.res.status, 303);
      page = await browser.get(url);
      const addendumGone = await browser.post(`${url}/ergaenzung/${second.id}/entfernen`, {
        version: versionOf(page.html),
      });
      assert.equal(addendumGone.res.status, 303);
      assert.deepEqual(
        (await item(publicItemId)).addenda.map((a) => [a.heading, a.text]),
        [['Antwort der Verwaltung', 'Die Verwaltung antwortet: Die Mittel sind eingeplant.']],
      );
      assert.equal((await lastAudit('addendum'))?.action, 'delete');

      // A member reads: no removal links, no upload, the confirmation pages refused.
      const member = new Browser(app);
      await member.login('mitglied');
      const read = await member.get(url);
      assert.equal(read.res.status, 200);
      assert.match(textOf(read.html), /Anlage 1 – Präsentation/);
      assert.doesNotMatch(read.html, /entfernen"|enctype="multipart\/form-data"/);
      assert.equal((await member.get(`${url}/ergaenzung/${first.id}/entfernen`)).res.status, 403);
      const refused = await member.post(`${url}/anlagen/${list[0]?.fileId}/entfernen`, {
        version: versionOf(read.html),
      });
      assert.equal(refused.res.status, 403);
      assert.equal((await item(publicItemId)).attachments.length, 2);
    });

    test('the API: resolution kind, attachments (multipart), removing votes, conflicts and addenda', async () => {
      const token = (await createApiToken(ctx(), clerkId, 'test')).token;
      const memberToken = (await createApiToken(ctx(), memberId, 'test')).token;
      const call = async (method: string, path: string, body?: unknown, bearer = token) => {
        const multipart = body instanceof FormData;
        const res = await app.request(path, {
          method,
          headers: {
            authorization: `Bearer ${bearer}`,
            ...(multipart || body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined
            ? {}
            : { body: multipart ? body : typeof body === 'string' ? body : JSON.stringify(body) }),
        });
        // biome-ignore lint/suspicious/noExplicitAny: JSON answers of several shapes, read field by field.
        return { status: res.status, json: (await res.json()) as any };
      };
      const base = `/api/v1/meetings/${meetingId}/items/${publicItemId}`;
      let version = (await record()).version;
      const kind = await call('PATCH', base, { version, resolutionKind: 'gutachten' });
      assert.deepEqual([kind.status, kind.json.error.id], [422, 'validation.failed']);
      assert.match(kind.json.error.fields.resolutionKind, /Beschluss, Empfehlung oder Kenntnisnahme/);
      const patched = await call('PATCH', base, { version, resolutionKind: 'recommendation' });
      assert.equal(patched.status, 200);
      assert.equal(patched.json.resolutionKind, 'recommendation');
      assert.equal(patched.json.resolutionText, RESOLUTION);
      version = patched.json.version;

      const form = (fields: Record<string, string>, names: string[]) => {
        const f = new FormData();
        for (const [k, v] of Object.entries(fields)) f.append(k, v);
        for (const n of names) f.append('files', new File([`Inhalt ${n}`], n, { type: 'text/plain' }));
        return f;
      };
      const counts = await rowCounts(database.db);
      const noFiles = await call('POST', `${base}/attachments`, form({ version: String(version) }, []));
      assert.deepEqual([noFiles.status, noFiles.json.error.id], [422, 'validation.failed']);
      assert.match(noFiles.json.error.fields.files, /mindestens eine Datei/);
      const stale = await call('POST', `${base}/attachments`, form({ version: String(version - 1) }, ['a.txt']));
      assert.deepEqual([stale.status, stale.json.error.id], [409, 'conflict.stale']);
      const json = await call('POST', `${base}/attachments`, { version });
      assert.deepEqual([json.status, json.json.error.id], [400, 'validation.failed']);
      const denied = await call(
        'POST',
        `${base}/attachments`,
        form({ version: String(version) }, ['a.txt']),
        memberToken,
      );
      assert.deepEqual([denied.status, denied.json.error.id], [403, 'permission.denied']);
      assert.deepEqual(await rowCounts(database.db), counts);
      const added = await call(
        'POST',
        `${base}/attachments`,
        form({ version: String(version), label: 'Anlage 3 – Stellungnahme' }, ['Stellungnahme.txt']),
      );
      assert.equal(added.status, 201);
      assert.deepEqual(
        added.json.attachments.map((a: { label: string }) => a.label),
        ['Anlage 1 – Präsentation', 'Anlage 2 – Tabelle', 'Anlage 3 – Stellungnahme'],
      );
      const newId = added.json.attachments[2].fileId;
      const renamed = await call('PATCH', `${base}/attachments/${newId}`, {
        version: added.json.version,
        label: 'Anlage 3 – Stellungnahme des Kreises',
        move: 'up',
      });
      assert.equal(renamed.status, 200);
      assert.equal(renamed.json.attachments[1].label, 'Anlage 3 – Stellungnahme des Kreises');
      const unknown = await call('DELETE', `${base}/attachments/999999?version=${renamed.json.version}`);
      assert.deepEqual([unknown.status, unknown.json.error.id], [404, 'not_found']);
      const gone = await call('DELETE', `${base}/attachments/${newId}?version=${renamed.json.version}`);
      assert.equal(gone.status, 200);
      assert.equal(gone.json.attachments.length, 2);

      const vote = await call('POST', `${base}/vote`, { version: gone.json.version, noted: true });
      assert.equal(vote.status, 201);
      const voteId = vote.json.votes[0].id;
      const noVersion = await call('DELETE', `${base}/votes/${voteId}`);
      assert.deepEqual([noVersion.status, noVersion.json.error.id], [422, 'validation.failed']);
      const voteGone = await call('DELETE', `${base}/votes/${voteId}`, { version: vote.json.version });
      assert.equal(voteGone.status, 200);
      assert.deepEqual(voteGone.json.votes, []);
      const acker = (await record()).roster.find((p) => p.name === 'Anna Acker');
      const conflict = await call('POST', `${base}/conflicts`, {
        version: voteGone.json.version,
        personId: acker?.personId,
      });
      assert.equal(conflict.status, 201);
      const conflictGone = await call('DELETE', `${base}/conflicts/${acker?.personId}`, {
        version: conflict.json.version,
      });
      assert.equal(conflictGone.status, 200);
      assert.deepEqual(conflictGone.json.conflicts, []);
      const again = await call('DELETE', `${base}/conflicts/${acker?.personId}`, {
        version: conflictGone.json.version,
      });
      assert.deepEqual([again.status, again.json.error.id], [404, 'not_found']);
      const addendum = await call('POST', `${base}/addenda`, { version: conflictGone.json.version, text: 'Zweimal.' });
      assert.equal(addendum.status, 201);
      const addendumId = addendum.json.addenda.at(-1).id;
      const edited = await call('PATCH', `${base}/addenda/${addendumId}`, {
        version: addendum.json.version,
        text: 'Einmal.',
      });
      assert.equal(edited.json.addenda.at(-1).text, 'Einmal.');
      const addendumGone = await call('DELETE', `${base}/addenda/${addendumId}`, { version: edited.json.version });
      assert.equal(addendumGone.status, 200);
      assert.equal(addendumGone.json.addenda.length, 1);
    });

    test('public only once published, and never a non-public item’s; nothing changes after submitting', async () => {
      const r = await record();
      const publicFile = (await item(publicItemId)).attachments[0];
      const secretFile = (await item(secretItemId)).attachments[0];
      assert.ok(publicFile && secretFile);
      const get = async (path: string) => {
        const res = await app.request(path);
        return { status: res.status, text: await res.text() };
      };
      const download = (f: { fileId: number; fileName: string }) =>
        get(`/${slug}/dateien/${f.fileId}/${encodeURIComponent(f.fileName)}`);
      const surfaces = async () => ({
        publicDownload: await download(publicFile),
        secretDownload: await download(secretFile),
        oparlPublicFile: await get(`/oparl/v1.1/file/${publicFile.fileId}`),
        oparlSecretFile: await get(`/oparl/v1.1/file/${secretFile.fileId}`),
        oparlItem: await get(`/oparl/v1.1/agendaItem/${publicItemId}`),
        oparlSecretItem: await get(`/oparl/v1.1/agendaItem/${secretItemId}`),
        meeting: await get(`/${slug}/sitzungen/${meetingId}`),
        html: await get(`/${slug}/sitzungen/${meetingId}/niederschrift.html`),
        txt: await get(`/${slug}/sitzungen/${meetingId}/niederschrift.txt`),
        pdf: await get(`/${slug}/sitzungen/${meetingId}/niederschrift.pdf`),
      });
      let version = r.version;
      const submitted = await submitMinutes(ctx(), clerk(), meetingId, { version });
      version = submitted.meeting.version;

      // Submitted: every part-5 write refused, pages and API.
      const browser = new Browser(app);
      await browser.login('sd');
      const url = itemUrl(publicItemId);
      const page = await browser.get(url);
      assert.doesNotMatch(page.html, /entfernen"|enctype="multipart\/form-data"/);
      const token = (await createApiToken(ctx(), clerkId, 'test-2')).token;
      const counts = await rowCounts(database.db);
      const refused = await browser.post(`${url}/anlagen/${publicFile.fileId}/entfernen`, { version: String(version) });
      assert.equal(refused.res.status, 409);
      assert.match(textOf(refused.html), /zur Unterschrift vor/);
      const apiDelete = await app.request(
        `/api/v1/meetings/${meetingId}/items/${publicItemId}/attachments/${publicFile.fileId}?version=${version}`,
        { method: 'DELETE', headers: { authorization: `Bearer ${token}` } },
      );
      assert.equal(apiDelete.status, 409);
      assert.equal(((await apiDelete.json()) as { error: { id: string } }).error.id, 'minutes.submitted');
      assert.deepEqual(await rowCounts(database.db), counts, 'nothing written');

      const people = Object.fromEntries(
        (await database.db.select().from(persons).where(eq(persons.bodyId, bodyId))).map((p) => [p.familyName, p.id]),
      );
      const chair = { installationAdmin: false, roles: [{ bodyId, role: 'chair' as const }] };
      const first = await signMinutes(ctx(), { actor: chair, personId: people.Acker ?? 0 }, meetingId, { version });
      const signed = await signMinutes(ctx(), { actor: clerk(), personId: people.Gast ?? 0 }, meetingId, {
        version: first.meeting.version,
      });
      // Signed, not yet published: nothing public.
      let s = await surfaces();
      for (const k of [
        'publicDownload',
        'secretDownload',
        'oparlPublicFile',
        'oparlSecretFile',
        'html',
        'txt',
        'pdf',
      ]) {
        assert.equal(s[k as keyof typeof s].status, 404, k);
      }
      assert.doesNotMatch(s.oparlItem.text, new RegExp(`file/${publicFile.fileId}"`));
      assert.doesNotMatch(textOf(s.meeting.text), /Präsentation|Kaufvertrag/);
      assert.match(textOf((await get(`/${slug}/suche?q=K%C3%A4mmerei`)).text), /Keine Treffer/);
      // Signed: the attachments can no longer change (403).
      const signedRefusal = await browser.post(`${url}/anlagen`, { version: String(signed.meeting.version) });
      assert.equal(signedRefusal.res.status, 403);

      await publishMinutes(ctx(), clerk(), meetingId, { version: signed.meeting.version });
      s = await surfaces();
      assert.equal(s.publicDownload.status, 200);
      assert.equal(s.publicDownload.text, 'Folien der Kämmerei');
      assert.equal(s.oparlPublicFile.status, 200);
      assert.match(s.oparlItem.text, new RegExp(`file/${publicFile.fileId}"`));
      assert.match(textOf(s.meeting.text), /Anlage 1 – Präsentation/);
      // The non-public item's attachment stays private everywhere.
      assert.equal(s.secretDownload.status, 404);
      assert.equal(s.oparlSecretFile.status, 404);
      for (const [name, { text }] of Object.entries(s)) {
        assert.doesNotMatch(text, /Kaufvertrag|Kaufpreis/, name);
      }
      // The minutes print the resolution with its kind and list the attachments.
      assert.match(
        textOf(s.html.text),
        /Beschlussvorschlag: Der Ausschuss empfiehlt dem Rat die Quittenbaumpflanzung\./,
      );
      assert.match(textOf(s.html.text), /Anlage 1 – Präsentation/);
      assert.match(s.txt.text, /Beschlussvorschlag:\s+Der Ausschuss empfiehlt dem Rat die Quittenbaumpflanzung\./);
      assert.match(s.txt.text, /Anlage 1 – Präsentation/);
      assert.equal(s.pdf.status, 200);
      // The search: the public attachment's text is found, the non-public one's never.
      assert.match(
        textOf((await get(`/${slug}/suche?q=K%C3%A4mmerei`)).text),
        /1 Treffer.*Anlage zur Niederschrift, TOP 2/,
      );
      assert.match(textOf((await get(`/${slug}/suche?q=Kaufpreis`)).text), /Keine Treffer/);
      const [stored] = await database.db
        .select()
        .from(agendaItems)
        .where(and(eq(agendaItems.id, publicItemId), eq(agendaItems.resolutionKind, 'recommendation')));
      assert.equal(stored?.resolutionText, RESOLUTION);
    });
  });
}
