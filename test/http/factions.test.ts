/**
 * Faction pages (Fraktionen), on every storage backend: the list with seats in the council on a date,
 * the faction page with its members and mandates on a date (periods of memberships and terms), its
 * public papers only, and its votes only at public items of signed minutes; links from the body, council
 * and person pages; the demo data's last composition.
 */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../src/db/open.ts';
import { bodies, organizations, persons } from '../../src/db/schema.ts';
import { loadDemo } from '../../src/demo/load.ts';
import { createApp } from '../../src/http/app.tsx';
import { importDataset } from '../../src/services/dataset/import.ts';
import type { DatasetInput } from '../../src/services/dataset/schema.ts';
import { backends } from '../helpers/db.ts';
import { decode, getHtml, textOf } from '../helpers/html.ts';

type App = ReturnType<typeof createApp>;

const SLUG = 'fraktionsstadt';
const SECRET = 'ZZVERTRAULICH';

/**
 * A town with two terms (2014–2020 and from 2020 on, open), three factions, a council and a committee:
 * - Offene Liste: Adler (council both terms, faction chair from 2020-11-01), Berg (council, first term
 *   only), Ernst (council from 2022-05-01, a successor);
 * - Ökologische Fraktion: Cramer (council and committee, second term), Dahl (committee, sachkundige
 *   Bürgerin);
 * - Zukunftsfraktion: no seats.
 * Papers: 12 public papers of the Offene Liste and a non-public one; a paper of the Ökologische Fraktion.
 * Votes by faction: at a public item of signed minutes (shown), at a non-public item of the same
 * meeting and at a public item of minutes not yet signed (both never shown).
 */
function factionTown(): DatasetInput {
  const term1 = 't1';
  const term2 = 't2';
  return {
    body: { slug: SLUG, name: 'Stadt Fraktionsstadt', jurisdiction: 'nrw-gemeinde' },
    terms: [
      { key: term1, name: 'Wahlperiode 2014–2020', startDate: '2014-06-01', endDate: '2020-10-31' },
      { key: term2, name: 'Wahlperiode ab 2020', startDate: '2020-11-01', endDate: null },
    ],
    organizations: [
      { key: 'rat', kind: 'council', name: 'Rat der Stadt', statutoryMembers: 20 },
      { key: 'umwelt', kind: 'committee', name: 'Umweltausschuss', parent: 'rat' },
      { key: 'ol', kind: 'faction', name: 'Offene Liste', parent: 'rat', startDate: '2014-06-01' },
      { key: 'oeko', kind: 'faction', name: 'Ökologische Fraktion', shortName: 'ÖKO', parent: 'rat' },
      { key: 'zukunft', kind: 'faction', name: 'Zukunftsfraktion', parent: 'rat' },
      { key: 'amt', kind: 'office', name: 'Hauptamt', officeNumber: '10' },
    ],
    persons: [
      { key: 'buerg', givenName: 'Bea', familyName: 'Bürgermeisterin', formOfAddress: 'Frau' },
      { key: 'adler', givenName: 'Anton', familyName: 'Adler', formOfAddress: 'Herr' },
      { key: 'berg', givenName: 'Berta', familyName: 'Berg', formOfAddress: 'Frau' },
      { key: 'cramer', givenName: 'Carl', familyName: 'Cramer', formOfAddress: 'Herr' },
      { key: 'dahl', givenName: 'Dora', familyName: 'Dahl', formOfAddress: 'Frau' },
      { key: 'ernst', givenName: 'Emil', familyName: 'Ernst', formOfAddress: 'Herr' },
    ],
    memberships: [
      { person: 'buerg', organization: 'rat', term: term2, role: 'chair', votingRight: true },
      { person: 'adler', organization: 'rat', term: term1, role: 'member', votingRight: true, onBehalfOf: 'ol' },
      { person: 'adler', organization: 'rat', term: term2, role: 'member', votingRight: true, onBehalfOf: 'ol' },
      {
        person: 'adler',
        organization: 'ol',
        role: 'chair',
        roleLabel: 'Fraktionsvorsitzender',
        votingRight: true,
        startDate: '2020-11-01',
      },
      { person: 'berg', organization: 'rat', term: term1, role: 'member', votingRight: true, onBehalfOf: 'ol' },
      {
        person: 'ernst',
        organization: 'rat',
        term: term2,
        role: 'member',
        votingRight: true,
        onBehalfOf: 'ol',
        startDate: '2022-05-01',
      },
      { person: 'cramer', organization: 'rat', term: term2, role: 'member', votingRight: true, onBehalfOf: 'oeko' },
      { person: 'cramer', organization: 'umwelt', term: term2, role: 'chair', votingRight: true, onBehalfOf: 'oeko' },
      {
        person: 'dahl',
        organization: 'umwelt',
        term: term2,
        role: 'member',
        votingRight: true,
        appointedCitizen: true,
        onBehalfOf: 'oeko',
      },
    ],
    papers: [
      ...Array.from({ length: 12 }, (_, i) => ({
        key: `ol-${i + 1}`,
        office: 'amt',
        year: 2023,
        paperType: 'Antrag',
        title: `Antrag der Offenen Liste Nr. ${i + 1}`,
        date: `2023-${String(i + 1).padStart(2, '0')}-15`,
        originator: 'ol',
      })),
      {
        key: 'ol-geheim',
        office: 'amt',
        year: 2023,
        paperType: 'Antrag',
        title: `${SECRET}-antrag`,
        date: '2023-12-20',
        originator: 'ol',
        public: false,
      },
      {
        key: 'oeko-1',
        office: 'amt',
        year: 2024,
        paperType: 'Anfrage',
        title: 'Anfrage zum Baumschutz',
        originator: 'oeko',
      },
    ],
    meetings: [
      {
        key: 'signed',
        organization: 'rat',
        state: 'minutes_signed',
        startAt: '2023-03-09T18:00:00+01:00',
        agenda: [
          {
            number: '1',
            public: true,
            title: 'Radweg am Markt',
            votes: [
              {
                yes: 3,
                no: 1,
                abstain: 0,
                byFaction: [
                  { faction: 'ol', yes: 2 },
                  { faction: 'oeko', no: 1 },
                ],
              },
            ],
          },
          {
            number: '2',
            public: false,
            title: `${SECRET}-personalie`,
            votes: [{ yes: 1, no: 2, abstain: 0, byFaction: [{ faction: 'ol', no: 2 }] }],
          },
        ],
      },
      {
        key: 'unsigned',
        organization: 'rat',
        state: 'held',
        startAt: '2024-03-07T18:00:00+01:00',
        agenda: [
          {
            number: '1',
            public: true,
            title: `${SECRET}-noch-nicht-veroeffentlicht`,
            votes: [{ yes: 2, no: 0, abstain: 0, byFaction: [{ faction: 'ol', yes: 2 }] }],
          },
        ],
      },
    ],
  };
}

/** The visible text of each row of the tables in a section (by the id of its heading). */
function sectionRows(html: string, id: string): string[] {
  const start = html.indexOf(`id="${id}"`);
  assert.ok(start >= 0, `section ${id}`);
  const section = html.slice(start, html.indexOf('</section>', start));
  return [...section.matchAll(/<tbody>([\s\S]*?)<\/tbody>/g)].flatMap((body) =>
    [...(body[1] ?? '').matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => textOf(m[1] ?? '')),
  );
}

/** The rows of the faction list: name, seats, period. */
function factionRows(html: string): string[] {
  const body = html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>'));
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => textOf(m[1] ?? ''));
}

for (const backend of backends()) {
  describe(`faction pages (${backend.name})`, () => {
    let database: Database;
    let app: App;
    const ids: Record<string, number> = {};
    const logged: unknown[] = [];

    async function orgId(slug: string, name: string): Promise<number> {
      const [row] = await database.db
        .select({ id: organizations.id })
        .from(organizations)
        .innerJoin(bodies, eq(bodies.id, organizations.bodyId))
        .where(and(eq(bodies.slug, slug), eq(organizations.name, name)));
      assert.ok(row, `${slug}: ${name}`);
      return row.id;
    }

    before(async () => {
      database = await backend.open();
      assert.equal((await loadDemo(database.db)).loaded, true);
      await importDataset({ db: database.db, actor: 'test' }, factionTown());
      for (const name of [
        'Offene Liste',
        'Ökologische Fraktion',
        'Zukunftsfraktion',
        'Rat der Stadt',
        'Umweltausschuss',
      ])
        ids[name] = await orgId(SLUG, name);
      for (const name of ['AfD-Fraktion', 'CDU-Fraktion', 'Fraktion BÜNDNIS 90/DIE GRÜNEN', 'Kreistag'])
        ids[name] = await orgId('kreis-mettmann', name);
      app = createApp({ db: database.db, logError: (error) => logged.push(error) });
    });

    after(async () => {
      await database?.close();
      assert.deepEqual(logged, [], 'no unexpected errors');
    });

    test('the list: factions with their council seats today, by seats or by name', async () => {
      const html = await getHtml(app, `/${SLUG}/fraktionen`);
      assert.match(html, /<h1>Fraktionen<\/h1>/);
      assert.ok(html.includes(`<a href="/${SLUG}">Stadt Fraktionsstadt</a>`), 'breadcrumb to the body');
      // Today: Adler and Ernst for the Offene Liste (Berg's term ended), Cramer for the Ökologische
      // Fraktion (his committee chair is no council seat); the mayor sits for no faction.
      assert.deepEqual(factionRows(html), [
        'Offene Liste 2 seit 01.06.2014',
        'Ökologische Fraktion (ÖKO) 1 –',
        'Zukunftsfraktion 0 –',
      ]);
      assert.match(html, /<th scope="col" aria-sort="descending">\s*Sitze/);
      assert.ok(html.includes(`href="/${SLUG}/fraktionen/${ids['Offene Liste']}"`));
      assert.match(html, /<label for="f-stichtag">Stichtag<\/label>/);

      const byName = await getHtml(app, `/${SLUG}/fraktionen?sortierung=name`);
      assert.deepEqual(
        factionRows(byName).map((r) => r.split(' ')[0]),
        ['Offene', 'Ökologische', 'Zukunftsfraktion'],
        'Ö sorts as O: "Of" before "Ök"',
      );
      assert.match(byName, /<th scope="col" aria-sort="ascending">\s*Fraktion/);

      const first = await getHtml(app, `/${SLUG}/fraktionen?stichtag=2019-01-01`);
      assert.deepEqual(factionRows(first), [
        'Offene Liste 2 seit 01.06.2014',
        'Ökologische Fraktion (ÖKO) 0 –',
        'Zukunftsfraktion 0 –',
      ]);
      assert.ok(textOf(first).includes('Stand: 01.01.2019'));
    });

    test('the faction page: members and mandates today, with roles and periods', async () => {
      const html = await getHtml(app, `/${SLUG}/fraktionen/${ids['Offene Liste']}`);
      assert.match(html, /<h1>Offene Liste<\/h1>/);
      assert.ok(html.includes(`<a href="/${SLUG}/fraktionen">Fraktionen</a>`), 'breadcrumb to the list');
      const rows = sectionRows(html, 'mitglieder');
      assert.deepEqual(rows, [
        'Anton Adler Fraktionsvorsitzender (Vorsitz) seit 01.11.2020',
        'Rat der Stadt Anton Adler Mitglied seit 01.11.2020',
        'Rat der Stadt Emil Ernst Mitglied seit 01.05.2022',
      ]);
      assert.ok(textOf(html).includes('2 stimmberechtigte Sitze in der Vertretung'));
      const adler = /<a href="\/fraktionsstadt\/personen\/(\d+)">Anton Adler<\/a>/.exec(html);
      assert.ok(adler, 'members link to their person page');
      await getHtml(app, `/${SLUG}/personen/${adler[1]}`);

      const oeko = sectionRows(await getHtml(app, `/${SLUG}/fraktionen/${ids['Ökologische Fraktion']}`), 'mitglieder');
      assert.deepEqual(oeko, [
        'Rat der Stadt Carl Cramer Mitglied seit 01.11.2020',
        'Umweltausschuss Carl Cramer Vorsitz seit 01.11.2020',
        'Umweltausschuss Dora Dahl Mitglied, sachkundige Bürgerin seit 01.11.2020',
      ]);
    });

    test('the faction page on a Stichtag: who was in office then', async () => {
      const html = await getHtml(app, `/${SLUG}/fraktionen/${ids['Offene Liste']}?stichtag=2019-01-01`);
      assert.ok(textOf(html).includes('Stand: 01.01.2019'));
      assert.deepEqual(sectionRows(html, 'mitglieder'), [
        'Rat der Stadt Anton Adler Mitglied 01.06.2014 – 31.10.2020',
        'Rat der Stadt Berta Berg Mitglied 01.06.2014 – 31.10.2020',
      ]);
      const before = await getHtml(app, `/${SLUG}/fraktionen/${ids['Offene Liste']}?stichtag=2010-01-01`);
      assert.ok(textOf(before).includes('Zu diesem Stichtag sind keine Mitglieder erfasst.'));
      const none = await getHtml(app, `/${SLUG}/fraktionen/${ids.Zukunftsfraktion}`);
      assert.ok(textOf(none).includes('Zu diesem Stichtag sind keine Mitglieder erfasst.'));
    });

    test('papers: only public ones, newest first, 10 a page', async () => {
      const path = `/${SLUG}/fraktionen/${ids['Offene Liste']}`;
      const first = await getHtml(app, path);
      const rows = sectionRows(first, 'vorlagen');
      assert.equal(rows.length, 10);
      assert.match(rows[0] ?? '', /^15\.12\.2023 .* Antrag der Offenen Liste Nr\. 12 Antrag$/);
      assert.ok(textOf(first).includes('12 Vorlagen, neueste zuerst'), 'the non-public paper is not counted');
      const next = /<a href="([^"]*vorlagenseite=2[^"]*)">Nächste Seite/.exec(first)?.[1];
      assert.ok(next);
      const second = sectionRows(await getHtml(app, decode(next)), 'vorlagen');
      assert.equal(second.length, 2);
      assert.match(second[1] ?? '', /Antrag der Offenen Liste Nr\. 1 Antrag$/);
      for (const html of [first, await getHtml(app, decode(next))]) assert.ok(!html.includes(SECRET));
      const beyond = await getHtml(app, `${path}?vorlagenseite=5`);
      assert.ok(textOf(beyond).includes('Auf Seite 5 gibt es keine Vorlagen mehr.'));
      const none = await getHtml(app, `/${SLUG}/fraktionen/${ids.Zukunftsfraktion}`);
      assert.ok(textOf(none).includes('Von dieser Fraktion sind keine öffentlichen Vorlagen erfasst.'));
    });

    test('votes: only at public items of signed minutes', async () => {
      const html = await getHtml(app, `/${SLUG}/fraktionen/${ids['Offene Liste']}`);
      assert.deepEqual(sectionRows(html, 'abstimmungen'), [
        'Donnerstag, den 09.03.2023, 18:00 Uhr Rat der Stadt 1. Radweg am Markt 2 Ja, 0 Nein, 0 Enthaltungen angenommen',
      ]);
      assert.ok(!html.includes(SECRET));
      const oeko = await getHtml(app, `/${SLUG}/fraktionen/${ids['Ökologische Fraktion']}`);
      assert.deepEqual(sectionRows(oeko, 'abstimmungen'), [
        'Donnerstag, den 09.03.2023, 18:00 Uhr Rat der Stadt 1. Radweg am Markt 0 Ja, 1 Nein, 0 Enthaltungen angenommen',
      ]);
    });

    test('the demo: the last recorded composition, and the AfD’s abstention', async () => {
      const list = await getHtml(app, '/kreis-mettmann/fraktionen');
      assert.ok(textOf(list).includes('Stand: 31.10.2025 (letzte erfasste Besetzung'), textOf(list));
      assert.deepEqual(factionRows(list), [
        'CDU-Fraktion (CDU) 1 –',
        'Fraktion BÜNDNIS 90/DIE GRÜNEN (GRÜNE) 1 –',
        'AfD-Fraktion (AfD) 0 –',
      ]);
      const gruene = await getHtml(app, `/kreis-mettmann/fraktionen/${ids['Fraktion BÜNDNIS 90/DIE GRÜNEN']}`);
      assert.deepEqual(sectionRows(gruene, 'mitglieder'), [
        'Kreistag Dr. Tina Guenther Mitglied 01.11.2020 – 31.10.2025',
        'Ausschuss für Digitalisierung Dr. Tina Guenther Mitglied 01.11.2020 – 31.10.2025',
      ]);
      assert.match(
        sectionRows(gruene, 'vorlagen')[0] ?? '',
        /^11\.02\.2021 10\/009\/2021 Software-Umstellung Gesundheitsamt Anfrage$/,
      );
      const afd = await getHtml(app, `/kreis-mettmann/fraktionen/${ids['AfD-Fraktion']}`);
      assert.deepEqual(sectionRows(afd, 'abstimmungen'), [
        'Donnerstag, den 18.02.2021, 16:30 Uhr Ausschuss für Digitalisierung 7. Nachtragshaushalt 2021 0 Ja, 0 Nein, 1 Enthaltung angenommen',
      ]);
    });

    test('links: body page, seat distribution of the council, person page', async () => {
      const body = await getHtml(app, `/${SLUG}`);
      assert.ok(body.includes(`href="/${SLUG}/fraktionen"`));
      const council = await getHtml(app, `/${SLUG}/gremien/${ids['Rat der Stadt']}`);
      assert.ok(council.includes(`<a href="/${SLUG}/fraktionen/${ids['Offene Liste']}">Offene Liste</a>`));
      assert.ok(council.includes(`<a href="/${SLUG}/fraktionen/${ids['Ökologische Fraktion']}">ÖKO</a>`));
      const [adler] = await database.db
        .select({ id: persons.id })
        .from(persons)
        .innerJoin(bodies, eq(bodies.id, persons.bodyId))
        .where(and(eq(bodies.slug, SLUG), eq(persons.familyName, 'Adler')));
      assert.ok(adler);
      const person = await getHtml(app, `/${SLUG}/personen/${adler.id}`);
      assert.ok(person.includes(`<a href="/${SLUG}/fraktionen/${ids['Offene Liste']}">Offene Liste</a>`));
      // The faction membership itself links to the faction page, not to a Gremium page.
      assert.ok(!person.includes(`/${SLUG}/gremien/${ids['Offene Liste']}"`));
    });

    test('unknown ids, other bodies, Gremien and bad input are 4xx with a German message', async () => {
      const cases: [string, number, string][] = [
        ['/gibt-es-nicht/fraktionen', 404, 'Diese Körperschaft gibt es nicht.'],
        [`/gibt-es-nicht/fraktionen/${ids['Offene Liste']}`, 404, 'Diese Körperschaft gibt es nicht.'],
        [`/kreis-mettmann/fraktionen/${ids['Offene Liste']}`, 404, 'Diese Fraktion gibt es nicht.'],
        [`/${SLUG}/fraktionen/${ids['Rat der Stadt']}`, 404, 'Diese Fraktion gibt es nicht.'],
        [`/${SLUG}/fraktionen/abc`, 404, 'Diese Fraktion gibt es nicht.'],
        [`/${SLUG}/fraktionen/0`, 404, 'Diese Fraktion gibt es nicht.'],
        [`/${SLUG}/fraktionen?stichtag=2021-02-30`, 400, 'Der Stichtag muss ein gültiges Datum'],
        [`/${SLUG}/fraktionen?sortierung=farbe`, 400, 'Die Sortierung muss'],
        [`/${SLUG}/fraktionen/${ids['Offene Liste']}?stichtag=kaputt`, 400, 'Der Stichtag muss ein gültiges Datum'],
        [`/${SLUG}/fraktionen/${ids['Offene Liste']}?vorlagenseite=0`, 400, 'Die Seitenzahl muss'],
        [`/${SLUG}/fraktionen/${ids['Offene Liste']}?abstimmungsseite=x`, 400, 'Die Seitenzahl muss'],
      ];
      for (const [path, status, message] of cases) {
        const html = await getHtml(app, path, status);
        assert.ok(textOf(html).includes(message), `${path}: ${textOf(html)}`);
        assert.doesNotMatch(html, /DomainError|\.tsx?:\d+/);
      }
    });
  });
}
