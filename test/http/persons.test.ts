/**
 * Public person pages (Personen), on every storage backend: who is listed (members of councils,
 * committees and factions, including committee secretaries; never staff known only from an office nor
 * guests of external organisations), German alphabetical order, paging, the person page's memberships
 * and periods, and that no contact data reaches a public page.
 */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../src/db/open.ts';
import { comparePersons } from '../../src/db/repositories/persons.ts';
import { bodies, persons } from '../../src/db/schema.ts';
import { loadDemo } from '../../src/demo/load.ts';
import { createApp } from '../../src/http/app.tsx';
import { importDataset } from '../../src/services/dataset/import.ts';
import type { DatasetInput } from '../../src/services/dataset/schema.ts';
import { backends } from '../helpers/db.ts';
import { smallTown } from '../helpers/fixtures.ts';
import { decode, getHtml, textOf } from '../helpers/html.ts';

type App = ReturnType<typeof createApp>;

const DEMO = 'kreis-mettmann';

function withoutStyle(html: string): string {
  return html.replace(/<style[\s\S]*?<\/style>/g, '');
}

/** Names linked to person pages, in order. */
function personNames(html: string, slug: string): string[] {
  return [...html.matchAll(new RegExp(`<a href="/${slug}/personen/\\d+">([^<]*)</a>`, 'g'))].map((m) =>
    decode(m[1] ?? ''),
  );
}

/** Visible text of every table row of the membership tables. */
function membershipRows(html: string): string[] {
  return [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => textOf(m[1] ?? '')).filter((t) => !/^Gremium/.test(t));
}

async function personId(database: Database, slug: string, familyName: string): Promise<number> {
  const [row] = await database.db
    .select({ id: persons.id })
    .from(persons)
    .innerJoin(bodies, eq(bodies.id, persons.bodyId))
    .where(and(eq(bodies.slug, slug), eq(persons.familyName, familyName)));
  assert.ok(row, `person ${familyName} of ${slug}`);
  return row.id;
}

/** A council with 55 members "Mitglied 01" … "Mitglied 55", for paging. */
function manyMembers(n: number): DatasetInput {
  const keys = Array.from({ length: n }, (_, i) => `p${String(i + 1).padStart(2, '0')}`);
  return {
    body: { slug: 'personenstadt', name: 'Stadt Personenstadt', jurisdiction: 'nrw-gemeinde' },
    organizations: [{ key: 'rat', kind: 'council', name: 'Rat der Stadt' }],
    persons: keys.map((key) => ({ key, givenName: 'Mitglied', familyName: `Z${key.slice(1)}` })),
    memberships: keys.map((person) => ({
      person,
      organization: 'rat',
      role: 'member' as const,
      votingRight: true,
      startDate: '2020-11-01',
    })),
  };
}

/** Names that German order sorts differently from byte order, in German order (DIN 5007-1). */
const GERMAN_ORDER: [string, string][] = [
  ['Tom', 'Abel'],
  ['Lars', 'Ångström'],
  ['Anna', 'Ärger'],
  ['Olaf', 'Dahl'],
  ['Jan', 'de Vries'],
  ['Ewa', 'Łopata'],
  ['Udo', 'Lorenz'],
  ['Anna', 'Muller'],
  ['Hans', 'Müller'],
  ['Ida', 'Oberg'],
  ['Cem', 'Özdemir'],
  ['Uwe', 'Schulz'],
  ['Ana', 'Šimić'],
  ['Max', 'Straub'],
  ['Eva', 'Strauss'],
  ['Eva', 'Strauß'],
  ['Zoe', 'Zander'],
];

/** The names of GERMAN_ORDER as council members, stored in a scrambled order. */
function sortingTown(): DatasetInput {
  const scrambled = GERMAN_ORDER.map((name, i) => ({ name, i })).sort((a, b) => ((a.i * 7) % 17) - ((b.i * 7) % 17));
  return {
    body: { slug: 'sortierstadt', name: 'Stadt Sortierstadt', jurisdiction: 'nrw-gemeinde' },
    organizations: [{ key: 'rat', kind: 'council', name: 'Rat der Stadt' }],
    persons: scrambled.map(({ name: [givenName, familyName], i }) => ({ key: `p${i}`, givenName, familyName })),
    memberships: scrambled.map(({ i }) => ({
      person: `p${i}`,
      organization: 'rat',
      role: 'member' as const,
      votingRight: true,
      startDate: '2020-11-01',
    })),
  };
}

for (const backend of backends()) {
  describe(`public person pages (${backend.name})`, () => {
    let database: Database;
    let app: App;
    let town: DatasetInput;
    const logged: unknown[] = [];

    before(async () => {
      database = await backend.open();
      const demo = await loadDemo(database.db);
      assert.equal(demo.loaded, true);
      const ctx = { db: database.db, actor: 'test' };
      town = smallTown();
      await importDataset(ctx, town);
      await importDataset(ctx, manyMembers(55));
      await importDataset(ctx, sortingTown());
      app = createApp({ db: database.db, logError: (error) => logged.push(error) });
    });

    after(async () => {
      await database?.close();
      assert.deepEqual(logged, [], 'no unexpected errors');
    });

    test('the list holds members, deputies and secretaries in German order, not staff or guests', async () => {
      const html = await getHtml(app, `/${DEMO}/personen`);
      const names = personNames(html, DEMO);
      for (const name of ['Dr. Tina Guenther', 'Dietmar Weiß', 'Horn', 'Burghaus', 'Rüdiger Gramenz', 'Heike Becker'])
        assert.ok(names.includes(name), `${name} is listed`);
      // The Landrat chairs the Kreistag.
      assert.ok(names.includes('Thomas Hendele'));
      // Guests (KRZN) and staff known only from an office are not public figures here.
      for (const name of ['Jonas Fischer', 'Jürgen Hohl', 'Peter Herz', 'Christian Schölzel'])
        assert.ok(!names.includes(name), `${name} is not listed`);
      assert.ok(names.indexOf('Markus Bösel') >= 0);
      assert.ok(names.indexOf('Markus Bösel') < names.indexOf('Marlon Buchholz'), 'Bösel before Buchholz');
      assert.ok(names.indexOf('Düchting') < names.indexOf('Souhaila El Ghanou'), 'Düchting before El Ghanou');
      assert.ok(names.indexOf('Nicole Anfang') === 0);
      const order = [
        'Dr. Tina Guenther',
        'Sebastian Höing',
        'Horn',
        'Simons',
        'Paul Söhnchen',
        'Erhard Weber',
        'Dietmar Weiß',
      ];
      const positions = order.map((n) => names.indexOf(n));
      assert.deepEqual(
        [...positions].sort((a, b) => a - b),
        positions,
        'umlauts sort as their base letters',
      );
      // No other body's persons.
      assert.ok(!names.includes('Anna Acker'));
      assert.doesNotMatch(html, /@kreis-mettmann\.de|02104/);
    });

    test('a guest without any membership in a body of the council is not listed', async () => {
      const html = await getHtml(app, `/${town.body.slug}/personen`);
      const names = personNames(html, town.body.slug);
      assert.deepEqual(names, ['Anna Acker', 'Bernd Böhm', 'Dr. Clara Çelik', 'Dieter Dörr', 'Eva Eßer']);
    });

    test('the list is paginated, 50 a page', async () => {
      const first = personNames(await getHtml(app, '/personenstadt/personen'), 'personenstadt');
      assert.equal(first.length, 50);
      assert.equal(first[0], 'Mitglied Z01');
      const second = personNames(await getHtml(app, '/personenstadt/personen?seite=2'), 'personenstadt');
      assert.deepEqual(second, ['Mitglied Z51', 'Mitglied Z52', 'Mitglied Z53', 'Mitglied Z54', 'Mitglied Z55']);
      const beyond = await getHtml(app, '/personenstadt/personen?seite=9');
      assert.deepEqual(personNames(beyond, 'personenstadt'), []);
      assert.match(textOf(beyond), /keine Personen mehr/);
    });

    test('German order in the database: umlauts and accents as base letters, ß as ss; Z–A reverses it', async () => {
      const expected = GERMAN_ORDER.map(([given, family]) => `${given} ${family}`);
      const names = personNames(await getHtml(app, '/sortierstadt/personen'), 'sortierstadt');
      assert.deepEqual(names, expected);
      // The same order as a German collator's.
      const collated = GERMAN_ORDER.map(([givenName, familyName], id) => ({ id, title: null, givenName, familyName }))
        .sort(comparePersons)
        .map((p) => `${p.givenName} ${p.familyName}`);
      assert.deepEqual(names, collated);
      const html = await getHtml(app, '/sortierstadt/personen?sortierung=name-absteigend');
      assert.deepEqual(personNames(html, 'sortierstadt'), [...expected].reverse());
      assert.match(html, /<label for="p-sortierung">Reihenfolge<\/label>/);
      assert.ok(html.includes('<option value="name-absteigend" selected="">'));
    });

    test('sorting and paging together: Z–A, the next page keeps the order', async () => {
      const first = await getHtml(app, '/personenstadt/personen?sortierung=name-absteigend');
      const names = personNames(first, 'personenstadt');
      assert.equal(names.length, 50);
      assert.equal(names[0], 'Mitglied Z55');
      assert.equal(names[49], 'Mitglied Z06');
      assert.ok(first.includes('href="/personenstadt/personen?sortierung=name-absteigend&amp;seite=2"'));
      const second = personNames(
        await getHtml(app, '/personenstadt/personen?sortierung=name-absteigend&seite=2'),
        'personenstadt',
      );
      assert.deepEqual(second, ['Mitglied Z05', 'Mitglied Z04', 'Mitglied Z03', 'Mitglied Z02', 'Mitglied Z01']);
      const html = await getHtml(app, `/${DEMO}/personen?sortierung=vorname`, 400);
      assert.match(textOf(html), /Die Sortierung muss „name“ oder „name-absteigend“ sein/);
    });

    test('a bad page number is a 400 with a German message', async () => {
      for (const seite of ['x', '0', '-1', '1.5']) {
        const html = await getHtml(app, `/${DEMO}/personen?seite=${seite}`, 400);
        assert.match(textOf(html), /Die Seitenzahl muss eine positive ganze Zahl sein/);
      }
      await getHtml(app, '/gibt-es-nicht/personen', 404);
    });

    test("Dr. Guenther's page shows her memberships, faction and period, and no contact data", async () => {
      const id = await personId(database, DEMO, 'Guenther');
      const html = await getHtml(app, `/${DEMO}/personen/${id}`);
      assert.match(html, /<h1>Dr\. Tina Guenther<\/h1>/);
      const text = textOf(html);
      assert.match(text, /Mandate und Funktionen/);
      const rows = membershipRows(html);
      assert.equal(rows.length, 2);
      assert.ok(rows.some((r) => r.startsWith('Kreistag') && r.includes('Mitglied')));
      assert.ok(rows.some((r) => r.startsWith('Ausschuss für Digitalisierung')));
      for (const row of rows) {
        assert.match(row, /Fraktion BÜNDNIS 90\/DIE GRÜNEN/);
        assert.match(row, /01\.11\.2020 – 31\.10\.2025/);
      }
      assert.match(html, new RegExp(`href="/${DEMO}/gremien/\\d+"`));
      assert.match(html, new RegExp(`href="/${DEMO}/personen"`), 'breadcrumb to the list');
      assert.doesNotMatch(withoutStyle(html), /@|mailto:|tel:/);
    });

    test('roles: chair with role label, deputy for a person, appointed citizen, secretary', async () => {
      const hendele = membershipRows(
        await getHtml(app, `/${DEMO}/personen/${await personId(database, DEMO, 'Hendele')}`),
      );
      assert.match(hendele.join('\n'), /Kreistag Landrat \(Vorsitz\)/);
      const buchholz = membershipRows(
        await getHtml(app, `/${DEMO}/personen/${await personId(database, DEMO, 'Buchholz')}`),
      );
      assert.ok(buchholz.some((r) => r.includes('stellv. Mitglied (für Burghaus)')));
      const horn = membershipRows(await getHtml(app, `/${DEMO}/personen/${await personId(database, DEMO, 'Horn')}`));
      assert.match(horn.join('\n'), /stellv\. Mitglied, sachkundiger Bürger/);
      const becker = await getHtml(app, `/${DEMO}/personen/${await personId(database, DEMO, 'Becker')}`);
      assert.match(membershipRows(becker).join('\n'), /stellv\. Schriftführung .*18\.02\.2021 – 31\.10\.2025/);
    });

    test("Gramenz's page shows no e-mail or phone, though they are stored", async () => {
      const html = await getHtml(app, `/${DEMO}/personen/${await personId(database, DEMO, 'Gramenz')}`);
      assert.match(html, /<h1>Rüdiger Gramenz<\/h1>/);
      assert.match(textOf(html), /Schriftführung/);
      assert.doesNotMatch(withoutStyle(html), /ruediger\.gramenz|kreis-mettmann\.de|02104|99-1344|@|mailto:|tel:/);
    });

    test('unknown ids, other bodies and non-public persons are 404', async () => {
      const guenther = await personId(database, DEMO, 'Guenther');
      const acker = await personId(database, town.body.slug, 'Acker');
      await getHtml(app, `/${town.body.slug}/personen/${guenther}`, 404);
      await getHtml(app, `/${DEMO}/personen/${acker}`, 404);
      await getHtml(app, `/${DEMO}/personen/999999999`, 404);
      await getHtml(app, `/${DEMO}/personen/abc`, 404);
      await getHtml(app, `/gibt-es-nicht/personen/${guenther}`, 404);
      for (const name of ['Fischer', 'Herz']) {
        const html = await getHtml(app, `/${DEMO}/personen/${await personId(database, DEMO, name)}`, 404);
        assert.match(textOf(html), /Diese Person gibt es nicht/);
      }
      await getHtml(app, `/${town.body.slug}/personen/${await personId(database, town.body.slug, 'Gast')}`, 404);
    });
  });
}
