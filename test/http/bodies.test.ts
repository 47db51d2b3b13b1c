/**
 * Public body pages: the portal root of a body and the page of a council or committee (members by role,
 * seat distribution as SVG and table, meetings), on every storage backend.
 */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../src/db/open.ts';
import { bodies, meetings, organizations, persons } from '../../src/db/schema.ts';
import { loadDemo } from '../../src/demo/load.ts';
import { createApp } from '../../src/http/app.tsx';
import { importDataset } from '../../src/services/dataset/import.ts';
import type { DatasetInput } from '../../src/services/dataset/schema.ts';
import { backends } from '../helpers/db.ts';
import { getHtml, textOf } from '../helpers/html.ts';

type App = ReturnType<typeof createApp>;

/** The visible list items under a role heading (h3) of the members section. */
function roleGroup(html: string, heading: string): string[] {
  const start = html.indexOf(`<h3>${heading}</h3>`);
  assert.ok(start >= 0, `heading ${heading}`);
  const list = html.slice(start, html.indexOf('</ul>', start));
  return [...list.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => textOf(m[1] ?? ''));
}

const SEATS = 'Sitzverteilung: CDU 1, GRÜNE 1, ohne Fraktionsangabe 15';
const SECRET = 'ZZVERTRAULICH';
const NEXT_YEAR = new Date().getUTCFullYear() + 1;

/**
 * A Schulausschuss with 12 past meetings (monthly in 2023), 11 upcoming ones (monthly next year), and
 * papers on its consultation path: one consulted at a meeting, one not yet scheduled, a non-public one;
 * and a paper consulted only in another committee.
 */
function committeeTown(): DatasetInput {
  const month = (n: number) => String(n).padStart(2, '0');
  return {
    body: { slug: 'gremienstadt', name: 'Stadt Gremienstadt', jurisdiction: 'nrw-gemeinde' },
    organizations: [
      { key: 'rat', kind: 'council', name: 'Rat der Stadt' },
      { key: 'schule', kind: 'committee', name: 'Schulausschuss', parent: 'rat' },
      { key: 'sport', kind: 'committee', name: 'Sportausschuss', parent: 'rat' },
      { key: 'amt', kind: 'office', name: 'Schulamt', officeNumber: '40' },
    ],
    papers: [
      {
        key: 'mensa',
        office: 'amt',
        year: 2023,
        paperType: 'Beschlussvorlage',
        title: 'Neubau der Mensa',
        consultations: [{ organization: 'schule', role: 'decision', meeting: 'past-3', agendaNumber: '1' }],
      },
      {
        key: 'tablets',
        office: 'amt',
        year: 2024,
        paperType: 'Mitteilungsvorlage',
        title: 'Tablets für alle Schulen',
        consultations: [{ organization: 'schule', role: 'notice' }],
      },
      {
        key: 'geheim',
        office: 'amt',
        year: 2023,
        paperType: 'Beschlussvorlage',
        title: `${SECRET}-vorlage`,
        public: false,
        consultations: [{ organization: 'schule', role: 'decision', meeting: 'past-3', agendaNumber: '2' }],
      },
      {
        key: 'halle',
        office: 'amt',
        year: 2023,
        paperType: 'Beschlussvorlage',
        title: 'Sanierung der Sporthalle',
        consultations: [{ organization: 'sport', role: 'decision' }],
      },
    ],
    meetings: [
      ...Array.from({ length: 12 }, (_, i) => ({
        key: `past-${i + 1}`,
        organization: 'schule',
        state: 'held' as const,
        startAt: `2023-${month(i + 1)}-10T12:00:00Z`,
        agenda:
          i === 2
            ? [
                { number: '1', public: true, title: 'Neubau der Mensa', paper: 'mensa' },
                { number: '2', public: false, title: `${SECRET}-top`, paper: 'geheim' },
              ]
            : [],
      })),
      ...Array.from({ length: 11 }, (_, i) => ({
        key: `next-${i + 1}`,
        organization: 'schule',
        state: 'planned' as const,
        startAt: `${NEXT_YEAR}-${month(i + 1)}-10T12:00:00Z`,
      })),
    ],
  };
}

/** The meeting links under a heading (h3) of the meetings section. */
function meetingDates(html: string, heading: string): string[] {
  const start = html.indexOf(`<h3>${heading}</h3>`);
  assert.ok(start >= 0, heading);
  const end = html.indexOf('<h3>', start + 5);
  const part = html.slice(start, end > 0 ? end : html.indexOf('</section>', start));
  return [...part.matchAll(/<a href="\/gremienstadt\/sitzungen\/\d+">([^<]*)<\/a>/g)].map((m) => m[1] ?? '');
}

for (const backend of backends()) {
  describe(`public body pages (${backend.name})`, () => {
    let database: Database;
    let app: App;
    const ids: Record<string, number> = {};
    let meetingId: number;
    let otherCouncilId: number;

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
      const demo = await loadDemo(database.db);
      assert.equal(demo.loaded, true);
      await importDataset(
        { db: database.db, actor: 'test' },
        {
          body: { slug: 'andere-stadt', name: 'Stadt Anderswo', jurisdiction: 'nrw-gemeinde' },
          organizations: [
            { key: 'rat', kind: 'council', name: 'Rat der Stadt' },
            { key: 'zeta', kind: 'committee', name: 'Zukunftsausschuss', parent: 'rat' },
            { key: 'bau', kind: 'committee', name: 'Bauausschuss', parent: 'rat' },
          ],
        },
      );
      for (const name of [
        'Kreistag',
        'Kreisausschuss',
        'Ausschuss für Digitalisierung',
        'Ausschuss für Informationstechnik und digitale Verwaltung',
        'CDU-Fraktion',
      ]) {
        ids[name] = await orgId('kreis-mettmann', name);
      }
      otherCouncilId = await orgId('andere-stadt', 'Rat der Stadt');
      await importDataset({ db: database.db, actor: 'test' }, committeeTown());
      ids.Schulausschuss = await orgId('gremienstadt', 'Schulausschuss');
      const [meeting] = await database.db
        .select({ id: meetings.id })
        .from(meetings)
        .where(eq(meetings.organizationId, ids['Ausschuss für Digitalisierung'] ?? 0));
      assert.ok(meeting);
      meetingId = meeting.id;
      app = createApp({ db: database.db });
    });

    after(async () => {
      await database?.close();
    });

    test('the body root lists the council first, then the committees alphabetically, and its links', async () => {
      const html = await getHtml(app, '/kreis-mettmann');
      assert.match(html, /<h1>Kreis Mettmann<\/h1>|<h1>[^<]*Mettmann[^<]*<\/h1>/);
      const links = [...html.matchAll(/<a href="\/kreis-mettmann\/gremien\/(\d+)">([^<]*)<\/a>/g)].map((m) => [
        Number(m[1]),
        m[2],
      ]);
      assert.deepEqual(links, [
        [ids.Kreistag, 'Kreistag'],
        [ids['Ausschuss für Digitalisierung'], 'Ausschuss für Digitalisierung'],
        [
          ids['Ausschuss für Informationstechnik und digitale Verwaltung'],
          'Ausschuss für Informationstechnik und digitale Verwaltung',
        ],
        [ids.Kreisausschuss, 'Kreisausschuss'],
      ]);
      assert.ok(!html.includes('CDU-Fraktion'), 'factions are not Gremien');
      assert.ok(html.includes('href="/kreis-mettmann/vorlagen"'));
      assert.ok(html.includes('href="/kreis-mettmann/kalender.ics"'));
      assert.ok(html.includes('href="/kreis-mettmann/niederschriften.atom"'));

      const other = textOf(await getHtml(app, '/andere-stadt'));
      assert.ok(other.includes('Gremien Rat der Stadt Bauausschuss Zukunftsausschuss'), other);
    });

    for (const query of ['', '?stichtag=2021-02-18']) {
      test(`the committee page${query ? ` with ${query}` : ''} shows members by role, seats and meetings`, async () => {
        const html = await getHtml(app, `/kreis-mettmann/gremien/${ids['Ausschuss für Digitalisierung']}${query}`);
        const text = textOf(html);
        assert.match(html, /<h1>Ausschuss für Digitalisierung<\/h1>/);
        assert.ok(text.includes(query ? 'Stand: 18.02.2021' : 'Stand: 31.10.2025'), text);
        assert.ok(html.includes('<a href="/kreis-mettmann">'), 'breadcrumb to the body');
        assert.deepEqual(roleGroup(html, 'Vorsitz'), ['Dietmar Weiß']);
        const chair = /<a href="\/kreis-mettmann\/personen\/(\d+)">Dietmar Weiß<\/a>/.exec(html);
        assert.ok(chair, 'members link to their person pages');
        assert.match(await getHtml(app, `/kreis-mettmann/personen/${chair[1]}`), /<h1>Dietmar Weiß<\/h1>/);
        const members = roleGroup(html, 'Mitglieder');
        assert.equal(members.length, 16, members.join(' | '));
        assert.ok(members.includes('Christian Gartmann (CDU)'), members.join(' | '));
        assert.ok(members.includes('Dr. Tina Guenther (GRÜNE)'), members.join(' | '));
        assert.ok(members.includes('Sebastian Höing (sachkundiger Bürger)'), members.join(' | '));
        assert.ok(members.some((m) => m.startsWith('Paul Söhnchen (sachkundiger Bürger)')));
        const deputies = roleGroup(html, 'stellv. Mitglieder');
        assert.equal(deputies.length, 10, deputies.join(' | '));
        assert.ok(deputies.includes('Horn (sachkundiger Bürger)'), deputies.join(' | '));
        assert.ok(deputies.includes('Janssen (sachkundige Bürgerin)'), deputies.join(' | '));
        assert.equal(roleGroup(html, 'Schriftführung').length, 1);
        assert.equal(roleGroup(html, 'stellv. Schriftführung').length, 1);

        assert.ok(html.includes(`role="img" aria-label="${SEATS}"`), 'the seat chart with its text alternative');
        assert.ok(html.includes(`<title>${SEATS}</title>`));
        assert.equal((html.match(/<rect x=/g) ?? []).length, 3, 'one segment per faction');
        assert.ok(text.includes('Fraktion Sitze CDU 1 GRÜNE 1 ohne Fraktionsangabe 15'), text);

        assert.ok(
          html.includes(`<a href="/kreis-mettmann/sitzungen/${meetingId}">Donnerstag, den 18.02.2021</a>`),
          'the meeting is linked',
        );
      });
    }

    test('members are listed in German alphabetical order (ö as o: Bösel before Buchholz and Burghaus)', async () => {
      const names = new Map(
        (
          await database.db
            .select({ id: persons.id, familyName: persons.familyName, givenName: persons.givenName })
            .from(persons)
        ).map((p) => [p.id, p]),
      );
      const collator = new Intl.Collator('de');
      let both = 0;
      for (const name of [
        'Kreistag',
        'Kreisausschuss',
        'Ausschuss für Digitalisierung',
        'Ausschuss für Informationstechnik und digitale Verwaltung',
      ]) {
        for (const query of ['', '?stichtag=2021-02-18']) {
          const html = await getHtml(app, `/kreis-mettmann/gremien/${ids[name]}${query}`);
          for (const [, heading] of html.matchAll(/<h3>([^<]*)<\/h3>/g)) {
            const start = html.indexOf(`<h3>${heading}</h3>`);
            const list = html.slice(start, html.indexOf('</ul>', start));
            const group = [...list.matchAll(/<a href="\/kreis-mettmann\/personen\/(\d+)">/g)].map((m) => {
              const person = names.get(Number(m[1]));
              assert.ok(person, m[1]);
              return person;
            });
            for (let i = 1; i < group.length; i++) {
              const [a, b] = [group[i - 1], group[i]] as [
                { familyName: string; givenName: string | null },
                { familyName: string; givenName: string | null },
              ];
              assert.ok(
                (collator.compare(a.familyName, b.familyName) ||
                  collator.compare(a.givenName ?? '', b.givenName ?? '')) <= 0,
                `${name}${query}, ${heading}: ${a.familyName} before ${b.familyName}`,
              );
            }
          }
          const text = textOf(html);
          if (text.includes('Bösel') && text.includes('Buchholz')) {
            both++;
            assert.ok(text.indexOf('Bösel') < text.indexOf('Buchholz'), `${name}${query}: ${text}`);
          }
          if (text.includes('Bösel') && text.includes('Burghaus')) {
            assert.ok(text.indexOf('Bösel') < text.indexOf('Burghaus'), `${name}${query}: ${text}`);
          }
        }
      }
      assert.ok(both > 0, 'a page lists both Bösel and Buchholz');
    });

    test('before the Schriftführer was appointed, the Schriftführung is empty', async () => {
      const html = await getHtml(
        app,
        `/kreis-mettmann/gremien/${ids['Ausschuss für Digitalisierung']}?stichtag=2021-02-17`,
      );
      assert.ok(!html.includes('<h3>Schriftführung</h3>'));
      assert.ok(html.includes(SEATS));
    });

    test('a Stichtag outside the term shows no members', async () => {
      const html = await getHtml(
        app,
        `/kreis-mettmann/gremien/${ids['Ausschuss für Digitalisierung']}?stichtag=2019-01-01`,
      );
      assert.ok(textOf(html).includes('Zu diesem Stichtag sind keine Mitglieder erfasst.'));
      assert.ok(!html.includes('role="img"'));
    });

    test('the council page shows the Landrat in the chair', async () => {
      const html = await getHtml(app, `/kreis-mettmann/gremien/${ids.Kreistag}`);
      assert.match(html, /<h1>Kreistag<\/h1>/);
      assert.equal(roleGroup(html, 'Vorsitz').length, 1);
      assert.ok(roleGroup(html, 'Vorsitz')[0]?.includes('Landrat'));
      assert.ok(textOf(html).includes('Es sind noch keine Sitzungen erfasst.'));
    });

    test('unknown body, wrong ids, factions and other bodies’ councils are 404', async () => {
      for (const path of [
        '/gibt-es-nicht',
        '/gibt-es-nicht/gremien/1',
        `/kreis-mettmann/gremien/${ids['CDU-Fraktion']}`,
        `/kreis-mettmann/gremien/${otherCouncilId}`,
        '/kreis-mettmann/gremien/999999',
        '/kreis-mettmann/gremien/abc',
        '/kreis-mettmann/gremien/0',
      ]) {
        const html = await getHtml(app, path, 404);
        const text = textOf(html);
        assert.ok(
          text.includes(
            path.startsWith('/gibt') ? 'Diese Körperschaft gibt es nicht.' : 'Dieses Gremium gibt es nicht.',
          ),
          `${path}: ${text}`,
        );
      }
    });

    test('a broken Stichtag is a 400 with a German message', async () => {
      for (const value of ['kaputt', '2021-02-30', '18.02.2021']) {
        const html = await getHtml(
          app,
          `/kreis-mettmann/gremien/${ids['Ausschuss für Digitalisierung']}?stichtag=${value}`,
          400,
        );
        assert.ok(textOf(html).includes('Der Stichtag muss ein gültiges Datum'), value);
        assert.doesNotMatch(html, /DomainError|\.tsx?:\d+/);
      }
    });

    test('the body root links its persons, factions and calendar', async () => {
      const html = await getHtml(app, '/kreis-mettmann');
      for (const path of ['personen', 'fraktionen', 'kalender']) {
        assert.ok(html.includes(`href="/kreis-mettmann/${path}"`), path);
        await getHtml(app, `/kreis-mettmann/${path}`);
      }
    });

    test('a committee page: upcoming meetings, past meetings by page, papers in consultation', async () => {
      const path = `/gremienstadt/gremien/${ids.Schulausschuss}`;
      const html = await getHtml(app, path);
      const upcoming = meetingDates(html, 'Kommende Sitzungen');
      assert.equal(upcoming.length, 10, 'the next 10');
      assert.match(upcoming[0] ?? '', new RegExp(`10\\.01\\.${NEXT_YEAR}$`));
      assert.match(upcoming[9] ?? '', new RegExp(`10\\.10\\.${NEXT_YEAR}$`));
      assert.ok(
        html.includes(
          `<a href="/gremienstadt/kalender/liste?gremium=${ids.Schulausschuss}">Alle 11 kommenden Sitzungen</a>`,
        ),
      );
      const past = meetingDates(html, 'Vergangene Sitzungen');
      assert.equal(past.length, 10);
      assert.match(past[0] ?? '', /10\.12\.2023$/, 'newest first');
      assert.match(past[9] ?? '', /10\.03\.2023$/);
      assert.ok(textOf(html).includes('12 Sitzungen, neueste zuerst'));
      const next = /<a href="([^"]*sitzungsseite=2[^"]*)">Nächste Seite/.exec(html)?.[1];
      assert.equal(next, `${path}?sitzungsseite=2`);
      const second = await getHtml(app, `${path}?sitzungsseite=2`);
      assert.deepEqual(
        meetingDates(second, 'Vergangene Sitzungen').map((d) => d.slice(-10)),
        ['10.02.2023', '10.01.2023'],
      );
      const beyond = await getHtml(app, `${path}?sitzungsseite=3`);
      assert.ok(textOf(beyond).includes('Auf Seite 3 gibt es keine Sitzungen mehr.'));

      const start = html.indexOf('id="vorlagen"');
      const papers = [...html.slice(start).matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => textOf(m[1] ?? ''));
      assert.deepEqual(papers.slice(1), [
        '40/001/2024 Tablets für alle Schulen Mitteilungsvorlage noch nicht terminiert',
        '40/001/2023 Neubau der Mensa Beschlussvorlage 10.03.2023',
      ]);
      assert.ok(textOf(html).includes('2 Vorlagen'));
      assert.ok(!html.includes(SECRET), 'no non-public paper, no non-public agenda item');
      assert.ok(!html.includes('Sanierung der Sporthalle'), 'papers of other committees are not listed');
    });

    test('a broken page number on a committee page is a 400', async () => {
      for (const query of ['sitzungsseite=0', 'vorlagenseite=x']) {
        const html = await getHtml(app, `/gremienstadt/gremien/${ids.Schulausschuss}?${query}`, 400);
        assert.ok(textOf(html).includes('Die Seitenzahl muss eine positive ganze Zahl sein.'), query);
      }
    });

    test('other top-level pages still answer', async () => {
      await getHtml(app, '/');
      const res = await app.request('/kalender.ics');
      assert.equal(res.status, 200);
    });
  });
}
