/**
 * The paper pages of the back office over HTTP, as a browser uses them, on every storage backend: the
 * list (search, filters, sort with aria-sort, pages, empty states), creating a paper with the next
 * number (form errors in German with the input kept; files as multipart), the detail page with its
 * consultation path, files and history, editing with optimistic locking (a stale save: 409, the input
 * kept, nothing changed), members reading non-public papers (read-only), the public never.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../src/db/open.ts';
import { bodies, organizations, papers } from '../../src/db/schema.ts';
import type { Actor } from '../../src/domain/permissions.ts';
import { createApp } from '../../src/http/app.tsx';
import { importDataset } from '../../src/services/dataset/import.ts';
import { createOfficePaper, MAX_FILE_BYTES } from '../../src/services/papers-office.ts';
import { backends } from '../helpers/db.ts';
import { rowCounts, smallTown } from '../helpers/fixtures.ts';
import { decode, textOf } from '../helpers/html.ts';
import { Browser, makeAccount } from './helpers.ts';

for (const backend of backends()) {
  describe(`paper pages of the back office (${backend.name})`, () => {
    let database: Database;
    let app: ReturnType<typeof createApp>;
    let bodyId: number;
    let slug: string;
    let office: number;
    let committee: number;
    let council: number;
    let clerkActor: Actor;

    const orgId = async (name: string) => {
      const [row] = await database.db
        .select({ id: organizations.id })
        .from(organizations)
        .where(and(eq(organizations.bodyId, bodyId), eq(organizations.name, name)));
      assert.ok(row, name);
      return row.id;
    };

    before(async () => {
      database = await backend.open();
      app = createApp({ db: database.db, logError: (e) => console.error(e), pageCacheBytes: false });
      bodyId = (await importDataset({ db: database.db, actor: 'test' }, smallTown())).bodyId;
      const [body] = await database.db.select().from(bodies).where(eq(bodies.id, bodyId));
      slug = body?.slug ?? '';
      office = await orgId('Kämmerei');
      committee = await orgId('Finanzausschuss');
      council = await orgId('Rat');
      clerkActor = { installationAdmin: false, roles: [{ bodyId, role: 'clerk' }] };
      await makeAccount(database.db, 'clara', [{ bodyId, role: 'clerk' }]);
      await makeAccount(database.db, 'moritz', [{ bodyId, role: 'member' }]);
      await makeAccount(database.db, 'kurt', [{ bodyId, role: 'clerk' }]);
    });
    after(async () => {
      await database?.close();
    });

    /** A multipart form post (file upload) as the browser sends it. */
    async function postMultipart(browser: Browser, path: string, form: FormData) {
      form.append('_csrf', browser.csrf ?? '');
      const res = await app.request(path, {
        method: 'POST',
        headers: { origin: browser.origin, cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
        body: form,
      });
      return { res, html: await res.text() };
    }

    const inputValue = (html: string, id: string) =>
      decode(new RegExp(`id="${id}" name="${id}"[^>]*value="([^"]*)"`).exec(html)?.[1] ?? '');

    test('a clerk creates a paper with the next number, adds a consultation path, sees it in the history', async () => {
      const clerk = new Browser(app);
      await clerk.login('clara');
      const start = await clerk.get('/verwaltung');
      assert.match(start.html, /<a href="\/verwaltung\/vorlagen">Vorlagen<\/a>/, 'nav entry');

      const form = await clerk.get('/verwaltung/vorlagen/neu');
      assert.equal(form.res.status, 200);
      assert.match(textOf(form.html), /20 – Kämmerei \(nächste Nummer 20\/001\/\d{4}\)/);
      assert.match(form.html, /enctype="multipart\/form-data"/);

      const created = await clerk.post('/verwaltung/vorlagen', {
        koerperschaft: String(bodyId),
        amt: String(office),
        jahr: '2026',
        art: 'Beschlussvorlage',
        titel: 'Sanierung der Turnhalle',
        datum: '2026-03-02',
        text: 'Erster Absatz.\n\nZweiter Absatz.',
        oeffentlich: 'ja',
      });
      assert.equal(created.res.status, 303, textOf(created.html));
      const location = created.res.headers.get('location') ?? '';
      assert.match(location, /^\/verwaltung\/vorlagen\/\d+\?meldung=angelegt$/);
      const id = Number(/vorlagen\/(\d+)/.exec(location)?.[1]);
      const detail = await clerk.get(location);
      const text = textOf(detail.html);
      assert.match(text, /Vorlage 20\/001\/2026: Sanierung der Turnhalle/);
      assert.match(text, /Die Vorlage wurde angelegt\./);
      assert.match(text, /Noch keine Beratungsfolge\./);
      assert.match(detail.html, /<p[^>]*>Zweiter Absatz\.<\/p>/);

      const version = () => /name="version" value="(\d+)"/.exec(detail.html)?.[1] ?? '';
      for (const [organization, role] of [
        [committee, 'preliminary'],
        [council, 'decision'],
      ] as const) {
        const page = await clerk.get(`/verwaltung/vorlagen/${id}`);
        const v = /name="version" value="(\d+)"/.exec(page.html)?.[1] ?? '';
        const added = await clerk.post(`/verwaltung/vorlagen/${id}/beratungen`, {
          version: v,
          gremium: String(organization),
          rolle: role,
        });
        assert.equal(added.res.status, 303, textOf(added.html));
      }
      assert.ok(version());
      let page = await clerk.get(`/verwaltung/vorlagen/${id}`);
      assert.match(textOf(page.html), /1 Finanzausschuss .*Vorberatung.* 2 Rat .*Entscheidung/);
      // Move the council up, then set the committee's status.
      const councilId =
        /\/beratungen\/(\d+)\/verschieben"[^<]*(?:<input[^>]*>\s*)+?<input type="hidden" name="richtung" value="hoch"/.exec(
          page.html,
        )?.[1];
      assert.match(page.html, /aria-label="Nach oben: Rat"/);
      assert.ok(councilId, 'an up button for the council');
      let v = /name="version" value="(\d+)"/.exec(page.html)?.[1] ?? '';
      const moved = await clerk.post(`/verwaltung/vorlagen/${id}/beratungen/${councilId}/verschieben`, {
        version: v,
        richtung: 'hoch',
      });
      assert.equal(moved.res.status, 303);
      page = await clerk.get(`/verwaltung/vorlagen/${id}`);
      assert.match(textOf(page.html), /1 Rat .* 2 Finanzausschuss/);
      v = /name="version" value="(\d+)"/.exec(page.html)?.[1] ?? '';
      const committeeId = /\/beratungen\/(\d+)" id="beratung-\d+"/.exec(
        page.html.slice(page.html.indexOf('Finanzausschuss</th>')),
      )?.[1];
      const status = await clerk.post(`/verwaltung/vorlagen/${id}/beratungen/${committeeId}`, {
        version: v,
        rolle: 'preliminary',
        status: 'recommended',
      });
      assert.equal(status.res.status, 303);
      page = await clerk.get(`/verwaltung/vorlagen/${id}`);
      const history = textOf(page.html.slice(page.html.indexOf('<h2>Verlauf</h2>')));
      assert.match(history, /Konto clara: Vorlage angelegt \(20\/001\/2026\)/);
      assert.match(history, /Konto clara: Beratung hinzugefügt: Finanzausschuss \(Vorberatung, offen\)/);
      assert.match(history, /Konto clara: Reihenfolge der Beratungsfolge geändert: Rat → Finanzausschuss/);
      assert.match(history, /Beratung Finanzausschuss geändert: Status: „offen“ → „empfohlen“/);

      // The next paper of the office and year gets the next number.
      const second = await clerk.post('/verwaltung/vorlagen', {
        koerperschaft: String(bodyId),
        amt: String(office),
        jahr: '2026',
        art: 'Mitteilungsvorlage',
        titel: 'Zweite Vorlage',
        oeffentlich: 'nein',
      });
      const next = await clerk.get(second.res.headers.get('location') ?? '');
      assert.match(textOf(next.html), /Vorlage 20\/002\/2026: Zweite Vorlage/);
      assert.match(textOf(next.html), /Sichtbarkeit nicht öffentlich/);
    });

    test('form errors: German messages at the fields, the input kept, nothing written', async () => {
      const clerk = new Browser(app);
      await clerk.login('clara');
      await clerk.get('/verwaltung/vorlagen/neu');
      const before = await rowCounts(database.db);
      const res = await clerk.post('/verwaltung/vorlagen', {
        koerperschaft: String(bodyId),
        amt: '',
        jahr: '26',
        art: 'Antrag',
        titel: '',
        datum: '2026-02-31',
        text: 'Mein Text bleibt.',
        oeffentlich: 'nein',
      });
      assert.equal(res.res.status, 422);
      const text = textOf(res.html);
      assert.match(text, /Die Vorlage wurde nicht angelegt/);
      assert.match(text, /Bitte wählen Sie das Amt/);
      assert.match(text, /Bitte geben Sie einen Titel an/);
      assert.match(text, /vierstellige Jahreszahl/);
      assert.match(text, /„2026-02-31“ ist kein gültiges Datum \(TT\.MM\.JJJJ\)\./);
      assert.match(
        res.html,
        /id="titel" name="titel" type="text" value="" required="" aria-invalid="true" aria-describedby="titel-fehler"/,
      );
      assert.match(res.html, /Mein Text bleibt\./);
      assert.match(res.html, /id="oeffentlich-nein" name="oeffentlich" value="nein" checked/);
      assert.match(res.html, /role="alert"/);
      assert.deepEqual(await rowCounts(database.db), before);
    });

    test('files: uploaded as multipart, listed, downloaded as attachment; too large refused', async () => {
      const clerk = new Browser(app);
      await clerk.login('clara');
      await clerk.get('/verwaltung/vorlagen/neu');
      const form = new FormData();
      for (const [k, v] of Object.entries({
        koerperschaft: String(bodyId),
        amt: String(office),
        jahr: '2027',
        art: 'Beschlussvorlage',
        titel: 'Mit Anlage',
        oeffentlich: 'ja',
      })) {
        form.append(k, v);
      }
      form.append('dateien', new File(['Inhalt der Anlage'], 'Anlage 1.txt', { type: 'text/plain' }));
      form.append('dateien', new File([new Uint8Array([1, 2, 3])], 'Plan.bin', { type: 'application/octet-stream' }));
      const created = await postMultipart(clerk, '/verwaltung/vorlagen', form);
      assert.equal(created.res.status, 303, textOf(created.html));
      const location = created.res.headers.get('location') ?? '';
      const detail = await clerk.get(location);
      assert.match(textOf(detail.html), /Anlage 1\.txt \(17 Byte\).*Plan\.bin \(3 Byte\)/);
      const href = /href="(\/verwaltung\/vorlagen\/\d+\/dateien\/\d+)">Anlage 1\.txt/.exec(detail.html)?.[1] ?? '';
      const download = await clerk.get(href);
      assert.equal(download.res.status, 200);
      assert.equal(download.html, 'Inhalt der Anlage');
      assert.match(
        download.res.headers.get('content-disposition') ?? '',
        /^attachment; filename\*=UTF-8''Anlage%201\.txt$/,
      );

      const id = Number(/vorlagen\/(\d+)/.exec(location)?.[1]);
      const before = await rowCounts(database.db);
      const big = new FormData();
      big.append('version', /name="version" value="(\d+)"/.exec(detail.html)?.[1] ?? '');
      big.append('dateien', new File([new Uint8Array(MAX_FILE_BYTES + 1)], 'riesig.pdf', { type: 'application/pdf' }));
      const refused = await postMultipart(clerk, `/verwaltung/vorlagen/${id}/dateien`, big);
      assert.equal(refused.res.status, 422);
      assert.match(textOf(refused.html), /Die Datei „riesig\.pdf“ ist zu groß \(höchstens 10 MB je Datei\)/);
      assert.deepEqual(await rowCounts(database.db), before);
    });

    test('two clerks edit the same paper: the second save is refused (409), the input kept, nothing changed', async () => {
      const paper = await createOfficePaper({ db: database.db, actor: 'test' }, clerkActor, {
        bodyId,
        officeId: office,
        year: 2028,
        paperType: 'Beschlussvorlage',
        title: 'Ursprünglicher Titel',
        public: true,
      });
      const clara = new Browser(app);
      const kurt = new Browser(app);
      await clara.login('clara');
      await kurt.login('kurt');
      const claraForm = await clara.get(`/verwaltung/vorlagen/${paper.id}/bearbeiten`);
      const kurtForm = await kurt.get(`/verwaltung/vorlagen/${paper.id}/bearbeiten`);
      assert.equal(inputValue(claraForm.html, 'titel'), 'Ursprünglicher Titel');
      assert.match(kurtForm.html, /name="version" value="1"/);
      const fields = { art: 'Beschlussvorlage', datum: '', text: '', oeffentlich: 'ja', version: '1' };
      const first = await clara.post(`/verwaltung/vorlagen/${paper.id}`, { ...fields, titel: 'Titel von Clara' });
      assert.equal(first.res.status, 303);
      const before = await rowCounts(database.db);
      const second = await kurt.post(`/verwaltung/vorlagen/${paper.id}`, { ...fields, titel: 'Titel von Kurt' });
      assert.equal(second.res.status, 409);
      const text = textOf(second.html);
      assert.match(
        text,
        /Die Vorlage wurde inzwischen von Konto clara am .* geändert\. Ihre Änderungen wurden nicht gespeichert/,
      );
      assert.match(text, /Aktueller Stand \(Fassung 2\)/);
      assert.match(text, /Titel von Clara \(Ihre Eingabe weicht ab\)/);
      assert.equal(inputValue(second.html, 'titel'), 'Titel von Kurt', 'the input is kept');
      assert.match(second.html, /name="version" value="2"/, 'a deliberate second save overwrites');
      assert.deepEqual(await rowCounts(database.db), before);
      const [stored] = await database.db.select().from(papers).where(eq(papers.id, paper.id));
      assert.equal(stored?.title, 'Titel von Clara');
      // A stale consultation change is refused on the detail page, too.
      const stale = await kurt.post(`/verwaltung/vorlagen/${paper.id}/beratungen`, {
        version: '1',
        gremium: String(committee),
        rolle: 'decision',
      });
      assert.equal(stale.res.status, 409);
      assert.match(textOf(stale.html), /inzwischen von jemand anderem geändert/);
      assert.deepEqual(await rowCounts(database.db), before);
    });

    test('a member reads non-public papers read-only and may not write; the public never sees them', async () => {
      const paper = await createOfficePaper({ db: database.db, actor: 'test' }, clerkActor, {
        bodyId,
        officeId: office,
        year: 2029,
        paperType: 'Beschlussvorlage',
        title: 'Vertraulicher Grundstücksverkauf',
        text: 'Kaufpreis 1,2 Mio. Euro',
        public: false,
      });
      const member = new Browser(app);
      await member.login('moritz');
      const list = await member.get('/verwaltung/vorlagen?q=Grundst%C3%BCcksverkauf');
      assert.match(textOf(list.html), /Vertraulicher Grundstücksverkauf \(nicht öffentlich\)/);
      const detail = await member.get(`/verwaltung/vorlagen/${paper.id}`);
      assert.equal(detail.res.status, 200);
      assert.match(textOf(detail.html), /Kaufpreis 1,2 Mio\. Euro/);
      assert.doesNotMatch(detail.html, /<form method="post" action="\/verwaltung\/vorlagen/, 'no write forms');
      assert.doesNotMatch(detail.html, /bearbeiten/);
      const before = await rowCounts(database.db);
      const edit = await member.post(`/verwaltung/vorlagen/${paper.id}`, {
        version: '1',
        art: 'Antrag',
        titel: 'Geändert',
        oeffentlich: 'ja',
      });
      assert.equal(edit.res.status, 403);
      assert.match(textOf(edit.html), /keine Berechtigung für „Vorlage bearbeiten“/);
      const create = await member.post('/verwaltung/vorlagen', { koerperschaft: String(bodyId), titel: 'x' });
      assert.equal(create.res.status, 403);
      assert.equal((await member.get(`/verwaltung/vorlagen/${paper.id}/bearbeiten`)).res.status, 403);
      assert.deepEqual(await rowCounts(database.db) /* the sessions of the logins above are older */, before);

      const visitor = await app.request(`/verwaltung/vorlagen/${paper.id}`);
      assert.equal(visitor.status, 303);
      assert.match(visitor.headers.get('location') ?? '', /^\/verwaltung\/anmelden\?weiter=/);
      const portal = await app.request(`/${slug}/vorlagen/${paper.id}`);
      assert.equal(portal.status, 404);
      assert.doesNotMatch(await portal.text(), /Grundstücksverkauf|Kaufpreis/);
    });

    test('the list: search, filters, sort (aria-sort), pages and empty states', async () => {
      const fresh = (await importDataset({ db: database.db, actor: 'test' }, smallTown())).bodyId;
      const [amt] = await database.db
        .select({ id: organizations.id })
        .from(organizations)
        .where(and(eq(organizations.bodyId, fresh), eq(organizations.kind, 'office')));
      const who: Actor = { installationAdmin: false, roles: [{ bodyId: fresh, role: 'clerk' }] };
      for (let i = 1; i <= 26; i += 1) {
        await createOfficePaper({ db: database.db, actor: 'test' }, who, {
          bodyId: fresh,
          officeId: amt?.id ?? 0,
          year: 2026,
          paperType: i % 2 === 0 ? 'Antrag' : 'Beschlussvorlage',
          title: `Vorlage Nummer ${String(i).padStart(2, '0')}`,
          public: true,
        });
      }
      await makeAccount(database.db, 'frieda', [{ bodyId: fresh, role: 'member' }]);
      const reader = new Browser(app);
      await reader.login('frieda');
      const first = await reader.get('/verwaltung/vorlagen');
      assert.equal(first.res.status, 200);
      let text = textOf(first.html);
      assert.match(text, /27 Vorlagen – Seite 1 von 2/);
      assert.match(
        first.html,
        /<th scope="col" aria-sort="descending"><a href="\/verwaltung\/vorlagen\?richtung=auf">Nummer/,
      );
      assert.match(text, /^.*20\/026\/2026 Vorlage Nummer 26/);
      assert.doesNotMatch(text, /Neue Vorlage anlegen/, 'members do not create');
      const second = await reader.get('/verwaltung/vorlagen?seite=2');
      text = textOf(second.html);
      assert.match(text, /Seite 2 von 2/);
      assert.match(text, /20\/001\/2024 Haushaltssatzung 2025/);
      assert.match(second.html, /aria-current="page"/);

      const byTitle = await reader.get('/verwaltung/vorlagen?sortierung=titel&richtung=auf&art=Antrag');
      assert.match(byTitle.html, /<th scope="col" aria-sort="ascending"><a href="[^"]*">Titel/);
      const titles = [...byTitle.html.matchAll(/<td>(Vorlage Nummer \d+)/g)].map((m) => m[1]);
      assert.equal(titles.length, 13);
      assert.deepEqual(titles, [...titles].sort());
      assert.match(textOf(byTitle.html), /Filter zurücksetzen/);

      const none = await reader.get('/verwaltung/vorlagen?q=gibt-es-nicht');
      assert.match(textOf(none.html), /Keine Vorlage passt zu Suche und Filtern/);
      const status = await reader.get('/verwaltung/vorlagen?status=in_consultation');
      assert.match(textOf(status.html), /1 Vorlage/);
      const beyond = await reader.get('/verwaltung/vorlagen?seite=9');
      assert.match(textOf(beyond.html), /Auf Seite 9 gibt es keine Vorlagen mehr/);
      // Another body's papers are not this member's.
      assert.equal((await reader.get(`/verwaltung/vorlagen?koerperschaft=${bodyId}`)).res.status, 403);
    });
  });
}
