/**
 * The master data pages and their JSON API over HTTP, on every storage backend: lists with search, sort
 * (aria-sort) and pages; create and edit forms with German messages next to the fields, the input kept
 * and nothing written on error; CSRF; two clerks editing the same row (the second save is refused with
 * 409, names the first, keeps the input and shows what is stored now); read-only pages for members; the
 * API's list, get, create and update with stable error ids.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../src/db/open.ts';
import { memberships, organizations } from '../../src/db/schema.ts';
import { createApp } from '../../src/http/app.tsx';
import { createApiToken, createSession } from '../../src/services/accounts.ts';
import { importDataset } from '../../src/services/dataset/import.ts';
import { createPersonIn } from '../../src/services/masterdata-edit.ts';
import { backends } from '../helpers/db.ts';
import { rowCounts, smallTown } from '../helpers/fixtures.ts';
import { decode, textOf } from '../helpers/html.ts';
import { Browser, makeAccount } from './helpers.ts';

/** The value attribute of the input with this id. */
function inputValue(html: string, id: string): string | undefined {
  const tag = new RegExp(`<input[^>]*id="${id}"[^>]*>`).exec(html)?.[0];
  const value = tag ? /value="([^"]*)"/.exec(tag)?.[1] : undefined;
  return value === undefined ? undefined : decode(value);
}

for (const backend of backends()) {
  describe(`master data pages and API (${backend.name})`, () => {
    let database: Database;
    let app: ReturnType<typeof createApp>;
    let bodyId: number;
    let slug: string;
    let base: string;

    before(async () => {
      database = await backend.open();
      app = createApp({ db: database.db, logError: (e) => console.error(e) });
      const town = smallTown();
      slug = town.body.slug;
      base = `/verwaltung/stammdaten/${slug}`;
      bodyId = (await importDataset({ db: database.db, actor: 'test' }, town)).bodyId;
      await importDataset({ db: database.db, actor: 'test' }, smallTown());
      await makeAccount(database.db, 'sd-eins', [{ bodyId, role: 'clerk' }]);
      await makeAccount(database.db, 'sd-zwei', [{ bodyId, role: 'admin' }]);
      await makeAccount(database.db, 'md-mitglied', [{ bodyId, role: 'member' }]);
    });
    after(async () => {
      await database?.close();
    });

    const orgId = async (name: string) => {
      const [row] = await database.db
        .select({ id: organizations.id })
        .from(organizations)
        .where(and(eq(organizations.bodyId, bodyId), eq(organizations.name, name)));
      assert.ok(row, name);
      return row.id;
    };

    test('lists: overview, search without umlauts, sort by column header with aria-sort, pages, empty states', async () => {
      const clerk = new Browser(app, '192.0.2.11');
      await clerk.login('sd-eins');
      const start = await clerk.get('/verwaltung');
      assert.match(start.html, /href="\/verwaltung\/stammdaten">Stammdaten</);
      const overview = await clerk.get('/verwaltung/stammdaten');
      assert.equal(overview.res.status, 200);
      assert.match(overview.html, new RegExp(`href="${base}/organisationen"`));

      const persons = await clerk.get(`${base}/personen`);
      assert.equal(persons.res.status, 200);
      assert.equal(persons.html.match(/<h1[\s>]/g)?.length, 1);
      assert.match(
        persons.html,
        /<th scope="col" aria-sort="ascending"><a href="[^"]*sortierung=name&amp;richtung=ab"/,
      );
      const names = [...persons.html.matchAll(/personen\/\d+">([^<]+)</g)].map((m) => decode(m[1] ?? ''));
      assert.deepEqual(names, [
        'Acker, Anna',
        'Böhm, Bernd',
        'Çelik, Clara',
        'Dörr, Dieter',
        'Eßer, Eva',
        'Gast, Gustav',
      ]);
      const reversed = await clerk.get(`${base}/personen?sortierung=name&richtung=ab`);
      assert.match(reversed.html, /aria-sort="descending"/);
      assert.deepEqual(
        [...reversed.html.matchAll(/personen\/\d+">([^<]+)</g)].map((m) => decode(m[1] ?? '')),
        [...names].reverse(),
      );
      const search = await clerk.get(`${base}/personen?q=dorr`);
      assert.match(textOf(search.html), /1 Eintrag für „dorr“/);
      assert.match(search.html, /Dörr, Dieter/);
      assert.equal(inputValue(search.html, 'q'), 'dorr', 'the search term stays in the field');
      for (const q of ['Doerr', 'D%C3%B6rr']) {
        const spelt = await clerk.get(`${base}/personen?q=${q}`);
        assert.match(textOf(spelt.html), /1 Eintrag für „D(oe|ö)rr“/, q);
        assert.match(spelt.html, /Dörr, Dieter/, q);
      }
      const nothing = await clerk.get(`${base}/personen?q=niemand`);
      assert.match(textOf(nothing.html), /Keine Einträge gefunden für „niemand“/);
      assert.doesNotMatch(nothing.html, /<table/);
      const terms = await clerk.get(`${base}/orte`);
      assert.match(textOf(terms.html), /1 Eintrag/);

      // 30 more persons: two pages of 25.
      for (let i = 1; i <= 30; i++) {
        await createPersonIn({ db: database.db, actor: 'test' }, bodyId, {
          familyName: `Zeller ${String(i).padStart(2, '0')}`,
        });
      }
      const first = await clerk.get(`${base}/personen`);
      assert.match(textOf(first.html), /Seite 1 von 2 · Einträge 1–25 von 36/);
      const next = /<a rel="next" href="([^"]+)"/.exec(first.html)?.[1];
      assert.ok(next);
      const second = await clerk.get(decode(next));
      assert.match(textOf(second.html), /Seite 2 von 2 · Einträge 26–36 von 36/);
      assert.match(second.html, /Zeller 30/);
      assert.match(second.html, /rel="prev"/);
      // Memberships of one committee, chosen in the filter.
      const fa = await orgId('Finanzausschuss');
      const filtered = await clerk.get(`${base}/mitgliedschaften?organisation=${fa}`);
      assert.match(textOf(filtered.html), /5 Einträge/);
      assert.match(filtered.html, new RegExp(`<option value="${fa}" selected="">Finanzausschuss</option>`));
      assert.match(filtered.html, /> Suche zurücksetzen<\/a>/);
      assert.equal(filtered.html.match(/<td>Finanzausschuss<\/td>/g)?.length, 5);
      // Factions only.
      const factions = await clerk.get(`${base}/organisationen?art=faction`);
      assert.match(textOf(factions.html), /2 Einträge/);
      assert.doesNotMatch(factions.html, /Finanzausschuss/);
    });

    test('a clerk creates a committee and adds members through the forms', async () => {
      const clerk = new Browser(app, '192.0.2.12');
      await clerk.login('sd-eins');
      const form = await clerk.get(`${base}/organisationen/neu`);
      assert.equal(form.res.status, 200);
      assert.match(form.html, /<label for="name">Name<span class="muted"> \(Pflichtfeld\)<\/span><\/label>/);
      const created = await clerk.post(`${base}/organisationen`, {
        kind: 'committee',
        name: 'Ausschuss für Umwelt, Klima und Mobilität',
        shortName: 'UKM',
        parentId: String(await orgId('Rat')),
        statutoryMembers: '11',
        startDate: '2020-11-01',
      });
      assert.equal(created.res.status, 303, textOf(created.html));
      const location = created.res.headers.get('location') ?? '';
      assert.match(location, new RegExp(`^${base}/organisationen/\\d+\\?angelegt$`));
      const page = await clerk.get(location);
      assert.match(textOf(page.html), /Angelegt\./);
      assert.equal(inputValue(page.html, 'name'), 'Ausschuss für Umwelt, Klima und Mobilität');
      assert.match(textOf(page.html), /Dieses Gremium hat noch keine Mitglieder/);
      const id = Number(/organisationen\/(\d+)/.exec(location)?.[1]);

      const add = await clerk.get(`${base}/mitgliedschaften/neu?organisation=${id}`);
      assert.match(add.html, new RegExp(`<option value="${id}" selected="">`));
      assert.match(add.html, /name="zurueck" value="organisation"/);
      const persons = [...add.html.matchAll(/<option value="(\d+)">(Acker, Anna|Böhm, Bernd)<\/option>/g)];
      const [acker, boehm] = [persons[0]?.[1], persons[1]?.[1]];
      assert.ok(acker && boehm);
      const spd = String(await orgId('SPD-Fraktion'));
      const member = await clerk.post(`${base}/mitgliedschaften`, {
        zurueck: 'organisation',
        personId: acker,
        organizationId: String(id),
        role: 'member',
        votingRight: '1',
        onBehalfOfId: spd,
        startDate: '2020-11-01',
      });
      assert.equal(member.res.status, 303, textOf(member.html));
      assert.equal(member.res.headers.get('location'), `${base}/organisationen/${id}?mitglied=gespeichert#mitglieder`);
      const deputy = await clerk.post(`${base}/mitgliedschaften`, {
        zurueck: 'organisation',
        personId: boehm,
        organizationId: String(id),
        role: 'deputy_member',
        votingRight: '1',
        onBehalfOfId: spd,
        deputyOfPersonId: acker,
      });
      assert.equal(deputy.res.status, 303, textOf(deputy.html));
      const withMembers = textOf((await clerk.get(`${base}/organisationen/${id}`)).html);
      assert.match(withMembers, /Mitglieder: 2/);
      assert.match(withMembers, /Anna Acker Mitglied SPD – ja 01\.11\.2020 –/);
      assert.match(withMembers, /Bernd Böhm stellv\. Mitglied SPD Anna Acker ja – –/);
    });

    test('bad input: German messages next to the fields, input kept, 422, nothing written', async () => {
      const clerk = new Browser(app, '192.0.2.13');
      await clerk.login('sd-eins');
      await clerk.get(`${base}/organisationen/neu`);
      const before = await rowCounts(database.db);
      const { res, html } = await clerk.post(`${base}/organisationen`, {
        kind: 'committee',
        name: '',
        shortName: 'Kürzel „x“',
        officeNumber: '20',
        startDate: '2021-03-01',
        endDate: '2021-02-01',
      });
      assert.equal(res.status, 422);
      assert.deepEqual(await rowCounts(database.db), before);
      assert.match(
        html,
        /<input type="text" id="name" name="name" value="" required="" autocomplete="off" aria-invalid="true" aria-describedby="name-hinweis name-fehler"/,
      );
      // The summary of the errors takes the focus when the page loads (keyboard, screen reader).
      assert.match(html, /<div class="error-summary" role="alert"[^>]* tabindex="-1" id="fehler" autofocus="">/);
      assert.match(html, /<p id="name-fehler" class="error">Bitte geben Sie den Namen an\.<\/p>/);
      assert.match(
        html,
        /<p id="officeNumber-fehler" class="error">Die Amtsnummer „20“ ist bereits an „Kämmerei“ vergeben\.<\/p>/,
      );
      assert.match(html, /<p id="endDate-fehler" class="error">Das Ende liegt vor dem Beginn\.<\/p>/);
      assert.match(textOf(html), /Bitte prüfen Sie Ihre Angaben/);
      assert.match(html, /<a href="#name">Name: Bitte geben Sie den Namen an\.<\/a>/);
      assert.equal(inputValue(html, 'shortName'), 'Kürzel „x“', 'input kept');
      assert.equal(inputValue(html, 'startDate'), '2021-03-01');
      // Membership with a non-faction "on behalf of" and a deputy without the deputy role.
      const bad = await clerk.post(`${base}/mitgliedschaften`, {
        personId: '',
        organizationId: String(await orgId('Finanzausschuss')),
        role: 'member',
        onBehalfOfId: String(await orgId('Kämmerei')),
      });
      assert.equal(bad.res.status, 422);
      assert.match(textOf(bad.html), /Person: Bitte wählen Sie die Person\./);
      assert.match(textOf(bad.html), /„Kämmerei“ ist keine Fraktion\./);
      assert.deepEqual(await rowCounts(database.db), before);
    });

    test('CSRF: a form without the token or from another origin is refused, nothing written', async () => {
      const clerk = new Browser(app, '192.0.2.14');
      await clerk.login('sd-eins');
      const before = await rowCounts(database.db);
      const missing = await clerk.post(
        `${base}/wahlperioden`,
        { name: 'WP X', startDate: '2030-01-01' },
        { csrf: null },
      );
      assert.equal(missing.res.status, 403);
      assert.match(textOf(missing.html), /Formular ist abgelaufen/);
      const foreign = await clerk.post(
        `${base}/wahlperioden`,
        { name: 'WP X', startDate: '2030-01-01' },
        { headers: { origin: 'https://evil.example' } },
      );
      assert.equal(foreign.res.status, 403);
      assert.deepEqual(await rowCounts(database.db), before);
      const ok = await clerk.post(`${base}/wahlperioden`, { name: 'WP X', startDate: '2030-01-01' });
      assert.equal(ok.res.status, 303);
    });

    test('two clerks edit the same organisation: the second save is refused (409), nothing lost', async () => {
      const id = await orgId('Finanzausschuss');
      const first = new Browser(app, '192.0.2.15');
      const second = new Browser(app, '192.0.2.16');
      await first.login('sd-eins');
      await second.login('sd-zwei');
      const a = await first.get(`${base}/organisationen/${id}`);
      const b = await second.get(`${base}/organisationen/${id}`);
      const version = inputValue(a.html, 'version') ?? /name="version" value="([^"]+)"/.exec(a.html)?.[1];
      assert.ok(version);
      assert.equal(/name="version" value="([^"]+)"/.exec(b.html)?.[1], version);
      const form = (name: string, statutoryMembers: string, v: string) => ({
        version: v,
        kind: 'committee',
        name,
        nameGenitive: 'des Finanzausschusses',
        parentId: String(id === 0 ? '' : ''),
        statutoryMembers,
      });
      const saved = await first.post(`${base}/organisationen/${id}`, form('Finanzausschuss', '7', version));
      assert.equal(saved.res.status, 303, textOf(saved.html));
      const before = await rowCounts(database.db);
      const refused = await second.post(
        `${base}/organisationen/${id}`,
        form('Haupt- und Finanzausschuss', '5', version),
      );
      assert.equal(refused.res.status, 409);
      assert.deepEqual(await rowCounts(database.db), before, 'nothing written');
      const text = textOf(refused.html);
      assert.match(
        text,
        /Die Organisation „Finanzausschuss“ wurde inzwischen von Konto sd-eins am \d\d\.\d\d\.\d{4} um \d\d:\d\d Uhr geändert/,
      );
      assert.match(text, /Ihre Änderungen wurden nicht gespeichert/);
      assert.equal(inputValue(refused.html, 'name'), 'Haupt- und Finanzausschuss', 'the input is kept');
      assert.match(refused.html, /<p id="statutoryMembers-gespeichert" class="stored">Inzwischen gespeichert: 7<\/p>/);
      assert.match(
        refused.html,
        /<p id="name-gespeichert" class="stored">Inzwischen gespeichert: Finanzausschuss<\/p>/,
      );
      assert.doesNotMatch(refused.html, /id="shortName-gespeichert"/, 'no note where input and stored value agree');
      const [row] = await database.db.select().from(organizations).where(eq(organizations.id, id));
      assert.equal(row?.statutoryMembers, 7);
      // The form now carries the current version: saving again, knowingly, goes through.
      const fresh = /name="version" value="([^"]+)"/.exec(refused.html)?.[1];
      assert.ok(fresh && fresh !== version);
      const again = await second.post(`${base}/organisationen/${id}`, form('Haupt- und Finanzausschuss', '5', fresh));
      assert.equal(again.res.status, 303);
      const [after] = await database.db.select().from(organizations).where(eq(organizations.id, id));
      assert.equal(after?.name, 'Haupt- und Finanzausschuss');
    });

    test('members read the lists and pages without forms; rows of another body are not found', async () => {
      const member = new Browser(app, '192.0.2.17');
      await member.login('md-mitglied');
      const list = await member.get(`${base}/organisationen`);
      assert.equal(list.res.status, 200);
      assert.doesNotMatch(list.html, /Organisation anlegen/);
      const id = await orgId('SPD-Fraktion');
      const page = await member.get(`${base}/organisationen/${id}`);
      assert.equal(page.res.status, 200);
      assert.doesNotMatch(page.html, /<form method="post" action="[^"]*organisationen/);
      assert.match(textOf(page.html), /Art Fraktion/);
      const refused = await member.post(`${base}/organisationen/${id}`, { kind: 'faction', name: 'X' });
      assert.equal(refused.res.status, 403);
      assert.match(textOf(refused.html), /keine Berechtigung für „Stammdaten pflegen/);

      const clerk = new Browser(app, '192.0.2.18');
      await clerk.login('sd-eins');
      const [foreign] = await database.db
        .select({ id: organizations.id })
        .from(organizations)
        .where(and(eq(organizations.name, 'Rat')))
        .orderBy(organizations.id);
      const other = (
        await database.db.select({ id: organizations.id, bodyId: organizations.bodyId }).from(organizations)
      ).find((o) => o.bodyId !== bodyId);
      assert.ok(foreign && other);
      const missing = await clerk.get(`${base}/organisationen/${other.id}`);
      assert.equal(missing.res.status, 404);
      assert.match(textOf(missing.html), /gibt es in dieser Körperschaft nicht/);
      const unknownBody = await clerk.get('/verwaltung/stammdaten/gibt-es-nicht/personen');
      assert.equal(unknownBody.res.status, 404);
    });

    test('locations and rooms: create a room on the location page, edit it', async () => {
      const clerk = new Browser(app, '192.0.2.19');
      await clerk.login('sd-eins');
      const created = await clerk.post(`${base}/orte`, {
        name: 'Bürgerhaus Süd',
        streetAddress: 'Schulstraße 3',
        postalCode: '40822',
        locality: 'Mettmann',
      });
      assert.equal(created.res.status, 303, textOf(created.html));
      const location = created.res.headers.get('location') ?? '';
      const locationId = /orte\/(\d+)/.exec(location)?.[1];
      const page = await clerk.get(location);
      assert.match(textOf(page.html), /Für diesen Ort sind noch keine Räume angelegt/);
      const room = await clerk.post(`${base}/orte/${locationId}/raeume`, {
        name: 'Saal 1',
        description: 'Erdgeschoss, barrierefrei',
      });
      assert.equal(room.res.status, 303);
      const withRoom = await clerk.get(room.res.headers.get('location') ?? '');
      assert.match(textOf(withRoom.html), /Der Raum wurde gespeichert\./);
      const roomHref = /href="([^"]+\/raeume\/\d+)"/.exec(withRoom.html)?.[1];
      assert.ok(roomHref);
      const twice = await clerk.post(`${base}/orte/${locationId}/raeume`, { name: 'Saal 1' });
      assert.equal(twice.res.status, 422);
      assert.match(textOf(twice.html), /Den Raum „Saal 1“ gibt es an diesem Ort schon/);
      const edit = await clerk.get(roomHref);
      const version = /name="version" value="([^"]+)"/.exec(edit.html)?.[1] ?? '';
      const saved = await clerk.post(roomHref, { version, name: 'Großer Saal', description: '' });
      assert.equal(saved.res.status, 303);
      assert.match(textOf((await clerk.get(`${base}/orte`)).html), /Bürgerhaus Süd Schulstraße 3 40822 Mettmann 1/);
    });

    test('the API: list, get, create, update with version; validation.failed, conflict.stale; auth and CSRF', async () => {
      const clerk = await makeAccount(database.db, 'api-sd', [{ bodyId, role: 'clerk' }]);
      const member = await makeAccount(database.db, 'api-mitglied', [{ bodyId, role: 'member' }]);
      const { token } = await createApiToken({ db: database.db, actor: 'test' }, clerk.id, 'Test');
      const api = `/api/v1/stammdaten/${slug}`;
      const call = (path: string, init: RequestInit = {}, auth = `Bearer ${token}`) =>
        app.request(`${api}${path}`, {
          ...init,
          headers: { authorization: auth, 'content-type': 'application/json', ...(init.headers ?? {}) },
        });
      const json = async (res: Response) =>
        (await res.json()) as Record<string, unknown> & {
          error?: { id: string; message: string; fields?: Record<string, string>; current?: Record<string, unknown> };
        };

      const list = await json(await call('/personen?q=acker&sort=-name&pageSize=10'));
      assert.equal(list.total, 1);
      assert.equal(list.sort, '-name');
      assert.equal(list.pageSize, 10);
      assert.equal((list.items as Array<{ familyName: string }>)[0]?.familyName, 'Acker');
      const badPage = await call('/personen?pageSize=1000');
      assert.equal(badPage.status, 422);
      assert.equal((await json(badPage)).error?.id, 'validation.failed');

      const before = await rowCounts(database.db);
      const invalid = await call('/wahlperioden', {
        method: 'POST',
        body: JSON.stringify({ name: '', startDate: '2026-13-01' }),
      });
      assert.equal(invalid.status, 422);
      const problem = await json(invalid);
      assert.equal(problem.error?.id, 'validation.failed');
      assert.deepEqual(problem.error?.fields, {
        name: 'Bitte geben Sie den Namen an, z. B. „Wahlperiode 2020–2025“.',
        startDate: '„2026-13-01“ ist kein gültiges Datum; bitte im Format JJJJ-MM-TT angeben.',
      });
      assert.deepEqual(await rowCounts(database.db), before);

      const created = await call('/wahlperioden', {
        method: 'POST',
        body: JSON.stringify({ name: 'Wahlperiode 2025–2030', startDate: '2025-11-01' }),
      });
      assert.equal(created.status, 201);
      const term = await json(created);
      assert.equal(term.name, 'Wahlperiode 2025–2030');
      assert.match(String(term.version), /Z$/);
      const got = await json(await call(`/wahlperioden/${term.id}`));
      assert.equal(got.version, term.version);

      const noVersion = await call(`/wahlperioden/${term.id}`, {
        method: 'PATCH',
        body: JSON.stringify({ endDate: '2030-10-31' }),
      });
      assert.equal(noVersion.status, 422);
      assert.ok((await json(noVersion)).error?.fields?.version);
      const patched = await call(`/wahlperioden/${term.id}`, {
        method: 'PATCH',
        body: JSON.stringify({ version: term.version, endDate: '2030-10-31' }),
      });
      assert.equal(patched.status, 200);
      const updated = await json(patched);
      assert.equal(updated.endDate, '2030-10-31');
      assert.equal(updated.name, 'Wahlperiode 2025–2030', 'PATCH keeps what it omits');
      const countsBeforeStale = await rowCounts(database.db);
      const stale = await call(`/wahlperioden/${term.id}`, {
        method: 'PATCH',
        body: JSON.stringify({ version: term.version, name: 'Alt' }),
      });
      assert.equal(stale.status, 409);
      const conflict = await json(stale);
      assert.equal(conflict.error?.id, 'conflict.stale');
      assert.match(conflict.error?.message ?? '', /wurde inzwischen von Konto api-sd am/);
      assert.equal(conflict.error?.current?.version, updated.version);
      assert.deepEqual(await rowCounts(database.db), countsBeforeStale);

      const missing = await call('/personen/999999');
      assert.equal(missing.status, 404);
      assert.equal((await json(missing)).error?.id, 'person.not_found');

      // Refusals: no login, a member writing, a session cookie without the CSRF header.
      const anonymous = await app.request(`${api}/personen`);
      assert.equal(anonymous.status, 401);
      const memberToken = (await createApiToken({ db: database.db, actor: 'test' }, member.id, 'Test')).token;
      assert.equal((await call('/personen', {}, `Bearer ${memberToken}`)).status, 200, 'members read');
      const write = await call(
        '/personen',
        { method: 'POST', body: JSON.stringify({ familyName: 'X' }) },
        `Bearer ${memberToken}`,
      );
      assert.equal(write.status, 403);
      assert.equal((await json(write)).error?.id, 'permission.denied');
      const session = await createSession({ db: database.db, actor: 'test' }, clerk.id);
      const cookie = await app.request(`${api}/personen`, {
        method: 'POST',
        headers: {
          cookie: `ratsinfo_session=${session.token}`,
          origin: 'http://localhost',
          'content-type': 'application/json',
        },
        body: JSON.stringify({ familyName: 'X' }),
      });
      assert.equal(cookie.status, 403);
      assert.equal((await json(cookie)).error?.id, 'csrf.invalid');
      const withHeader = await app.request(`${api}/personen`, {
        method: 'POST',
        headers: {
          cookie: `ratsinfo_session=${session.token}`,
          origin: 'http://localhost',
          'x-csrf-token': session.csrfToken,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ familyName: 'Über', givenName: 'Ümit' }),
      });
      assert.equal(withHeader.status, 201);

      // Memberships and rooms through the API.
      const fa = await orgId('Rat');
      const personId = (await json(withHeader)).id;
      const m = await call('/mitgliedschaften', {
        method: 'POST',
        body: JSON.stringify({ personId, organizationId: fa, role: 'advisory_member', votingRight: false }),
      });
      assert.equal(m.status, 201, JSON.stringify(await m.clone().json()));
      const [stored] = await database.db
        .select()
        .from(memberships)
        .where(eq(memberships.personId, Number(personId)));
      assert.equal(stored?.role, 'advisory_member');
      const filtered = await json(await call(`/mitgliedschaften?organizationId=${fa}&q=über`));
      assert.equal(filtered.total, 1);
      const locations = await json(await call('/orte'));
      const locationId = (locations.items as Array<{ id: number }>)[0]?.id;
      const room = await call(`/orte/${locationId}/raeume`, {
        method: 'POST',
        body: JSON.stringify({ name: 'Sitzungszimmer 2' }),
      });
      assert.equal(room.status, 201);
      const r = await json(room);
      const renamed = await call(`/orte/${locationId}/raeume/${r.id}`, {
        method: 'PATCH',
        body: JSON.stringify({ version: r.version, description: '2. OG' }),
      });
      assert.equal(renamed.status, 200);
      assert.equal((await json(renamed)).description, '2. OG');
    });

    test('a body that does not exist: 404 in words for staff, pages and API; the public still has to log in', async () => {
      const clerk = new Browser(app);
      await clerk.login('sd-eins');
      const page = await clerk.get('/verwaltung/stammdaten/andere-stadt/personen');
      assert.equal(page.res.status, 404);
      assert.match(textOf(page.html), /Diese Körperschaft gibt es nicht\./);
      const account = await makeAccount(database.db, 'api-unbekannt', [{ bodyId, role: 'clerk' }]);
      const token = (await createApiToken({ db: database.db, actor: 'test' }, account.id, 'test')).token;
      const headers = { authorization: `Bearer ${token}` };
      const api = await app.request('/api/v1/stammdaten/andere-stadt/personen', { headers });
      assert.equal(api.status, 404);
      assert.equal(((await api.json()) as { error: { id: string } }).error.id, 'body.not_found');
      const papers = await app.request('/api/v1/papers?bodyId=999999', { headers });
      assert.equal(papers.status, 404);
      // Any role of any body learns the same; the public is sent to log in.
      const member = new Browser(app);
      await member.login('md-mitglied');
      assert.equal((await member.get('/verwaltung/stammdaten/andere-stadt/personen')).res.status, 404);
      const anonymous = await app.request('/verwaltung/stammdaten/andere-stadt/personen');
      assert.equal(anonymous.status, 303);
      assert.equal((await app.request('/api/v1/stammdaten/andere-stadt/personen')).status, 401);
    });
  });
}
