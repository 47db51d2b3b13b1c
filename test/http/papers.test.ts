/**
 * Public paper pages (Vorlagen): the list of a body's papers and the paper page with its consultation
 * path, on every storage backend. Nothing of a non-public paper, nor the item number or result of a
 * consultation at a non-public agenda item, may reach a public page.
 */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../src/db/open.ts';
import { bodies, meetings, papers } from '../../src/db/schema.ts';
import { loadDemo } from '../../src/demo/load.ts';
import { createApp } from '../../src/http/app.tsx';
import { importDataset } from '../../src/services/dataset/import.ts';
import type { DatasetInput } from '../../src/services/dataset/schema.ts';
import { backends } from '../helpers/db.ts';
import { getHtml, textOf } from '../helpers/html.ts';

/** Every string that must never reach a public page starts with this. */
const SECRET = 'ZZVERTRAULICH';

type App = ReturnType<typeof createApp>;

/** Paper links on a page, in order. */
function paperLinks(html: string, slug: string): number[] {
  return [...html.matchAll(new RegExp(`href="/${slug}/vorlagen/(\\d+)"`, 'g'))].map((m) => Number(m[1]));
}

/** The visible text of each row of the Beratungsfolge table. */
function consultationRows(html: string): string[] {
  const start = html.indexOf('id="beratungsfolge"');
  assert.ok(start >= 0, 'the page has a Beratungsfolge');
  const section = html.slice(start, html.indexOf('</section>', start));
  const body = section.slice(section.indexOf('<tbody>'));
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => textOf(m[1] ?? ''));
}

function assertNoStackTrace(body: string) {
  assert.doesNotMatch(body, /^\s+at /m);
  assert.doesNotMatch(body, /\.(ts|tsx|js|mjs):\d+:\d+/);
  assert.doesNotMatch(body, /\b(TypeError|ReferenceError|DomainError)\b/);
}

async function paperId(database: Database, slug: string, reference: string): Promise<number> {
  const [row] = await database.db
    .select({ id: papers.id })
    .from(papers)
    .innerJoin(bodies, eq(bodies.id, papers.bodyId))
    .where(and(eq(bodies.slug, slug), eq(papers.reference, reference)));
  assert.ok(row, `paper ${reference} of ${slug}`);
  return row.id;
}

const marker = (what: string) => `${SECRET}-${what}`;

/**
 * A body with a public paper (text, file, originator), a non-public paper (everything marked), and a
 * public paper consulted at a non-public agenda item whose title, number context and result are marked.
 */
function secretPapersDataset(): DatasetInput {
  return {
    body: { slug: 'vorlagenstadt', name: 'Stadt Vorlagenstadt', jurisdiction: 'nrw-gemeinde' },
    organizations: [
      { key: 'rat', kind: 'council', name: 'Rat der Stadt', nameGenitive: 'des Rates der Stadt' },
      { key: 'bau', kind: 'committee', name: 'Bauausschuss', parent: 'rat' },
      { key: 'gruene', kind: 'faction', name: 'Fraktion Die Grünen', parent: 'rat' },
      { key: 'amt', kind: 'office', name: 'Bauamt', officeNumber: '61' },
    ],
    files: [
      { key: 'f-plan', name: 'Lageplan Spielplatz', fileName: 'Lageplan.pdf', mimeType: 'text/plain', content: 'x' },
      {
        key: 'f-secret',
        name: marker('anlage'),
        fileName: `${marker('datei')}.pdf`,
        mimeType: 'text/plain',
        content: marker('inhalt'),
      },
    ],
    papers: [
      {
        key: 'p-public',
        office: 'amt',
        reference: '61/001/2024',
        year: 2024,
        paperType: 'Antrag',
        title: 'Neuer Spielplatz <b>am Markt</b>',
        text: ['Der Rat möge beschließen:', 'Am Markt wird ein Spielplatz gebaut.'],
        date: '2024-02-20',
        originator: 'gruene',
        files: ['f-plan'],
        consultations: [
          { organization: 'bau', role: 'preliminary', status: 'recommended', meeting: 'm', agendaNumber: '1' },
          { organization: 'rat', role: 'decision', status: 'open' },
        ],
      },
      {
        key: 'p-secret',
        office: 'amt',
        reference: '61/002/2024',
        year: 2024,
        paperType: 'Beschlussvorlage',
        title: marker('vorlagentitel'),
        text: [marker('vorlagentext')],
        date: '2024-02-21',
        public: false,
        files: ['f-secret'],
        consultations: [{ organization: 'rat', role: 'decision', status: 'decided', meeting: 'm', agendaNumber: '3' }],
      },
      {
        key: 'p-on-secret',
        office: 'amt',
        reference: '61/003/2024',
        year: 2024,
        paperType: 'Mitteilungsvorlage',
        title: 'Grundstücksangelegenheit',
        text: ['Die Verwaltung berichtet.'],
        date: '2024-02-22',
        consultations: [{ organization: 'rat', role: 'decision', status: 'decided', meeting: 'm', agendaNumber: '4' }],
      },
    ],
    meetings: [
      {
        key: 'm',
        organization: 'rat',
        state: 'minutes_signed',
        startAt: '2024-03-12T18:00:00+01:00',
        agenda: [
          { number: '1', public: true, title: 'Neuer Spielplatz', paper: 'p-public' },
          { number: '2', public: true, title: 'Mitteilungen' },
          { number: '3', public: false, title: marker('top-3'), paper: 'p-secret' },
          {
            number: '4',
            public: false,
            title: marker('top-4'),
            subtitle: marker('untertitel-4'),
            paper: 'p-on-secret',
            minutesText: [marker('niederschrift-4')],
            resolution: { kind: 'decision', text: [marker('beschluss-4')] },
          },
        ],
      },
    ],
  };
}

function manyPapersDataset(count: number): DatasetInput {
  return {
    body: { slug: 'vorlagenreich', name: 'Gemeinde Vorlagenreich', jurisdiction: 'nrw-gemeinde' },
    organizations: [{ key: 'amt', kind: 'office', name: 'Hauptamt', officeNumber: '10' }],
    papers: Array.from({ length: count }, (_, i) => ({
      key: `p${i + 1}`,
      office: 'amt',
      reference: `10/${String(i + 1).padStart(3, '0')}/2024`,
      year: 2024,
      paperType: 'Mitteilungsvorlage',
      title: `Mitteilung Nummer ${i + 1}`,
      date: `2024-01-${String(i + 1).padStart(2, '0')}`,
    })),
  };
}

for (const backend of backends()) {
  describe(`public paper pages (${backend.name})`, () => {
    let database: Database;
    let app: App;
    const logged: unknown[] = [];
    let demoMeetingId: number;

    before(async () => {
      database = await backend.open();
      const demo = await loadDemo(database.db);
      assert.equal(demo.loaded, true);
      const [meeting] = await database.db
        .select({ id: meetings.id })
        .from(meetings)
        .where(eq(meetings.bodyId, demo.bodyId));
      assert.ok(meeting);
      demoMeetingId = meeting.id;
      const ctx = { db: database.db, actor: 'test' };
      await importDataset(ctx, secretPapersDataset());
      await importDataset(ctx, manyPapersDataset(30));
      app = createApp({ db: database.db, logError: (error) => logged.push(error) });
    });

    after(async () => {
      await database?.close();
    });

    test('the demo list shows all 7 papers, newest first, each linked to its page', async () => {
      const html = await getHtml(app, '/kreis-mettmann/vorlagen');
      const text = textOf(html);
      assert.ok(text.includes('7 Vorlagen, neueste zuerst'), text);
      const references = [
        '10/009/2021', // the only dated paper
        '20/003/2021',
        '10/007/2021',
        '10/006/2021',
        '10/005/2021',
        '10/003/2021',
        '10/002/2021',
      ];
      const expected = await Promise.all(references.map((r) => paperId(database, 'kreis-mettmann', r)));
      assert.deepEqual(paperLinks(html, 'kreis-mettmann'), expected);
      for (const [index, reference] of references.entries()) {
        assert.ok(html.includes(`<a href="/kreis-mettmann/vorlagen/${expected[index]}">${reference}</a>`), reference);
      }
      assert.ok(text.includes('Nachtragshaushalt 2021'));
      assert.ok(text.includes('11.02.2021'), 'the date of the dated paper');
      assert.ok(!html.includes('Ältere'), 'one page only');
    });

    test('the page of 20/003/2021 shows its consultation path with meeting links and German statuses', async () => {
      const id = await paperId(database, 'kreis-mettmann', '20/003/2021');
      const html = await getHtml(app, `/kreis-mettmann/vorlagen/${id}`);
      const text = textOf(html);
      assert.match(html, /<h1>Nachtragshaushalt 2021<\/h1>/);
      assert.ok(text.includes('Vorlagen › 20/003/2021'), text);
      assert.ok(html.includes('<a href="/kreis-mettmann/vorlagen">Vorlagen</a>'), 'breadcrumb links to the list');
      assert.ok(text.includes('Vorlage Nr. 20/003/2021'), text);
      assert.ok(text.includes('Art Beschlussvorlage'), text);
      assert.ok(!text.includes('Antragsteller'), 'no originator set');
      const rows = consultationRows(html);
      assert.equal(rows.length, 3, rows.join(' | '));
      assert.equal(rows[0], 'Ausschuss für Digitalisierung Vorberatung Donnerstag, den 18.02.2021 7 empfohlen');
      assert.ok(rows[1]?.startsWith('Kreisausschuss'), rows[1]);
      assert.ok(rows[1]?.includes('Vorberatung') && rows[1]?.endsWith('noch nicht beraten'), rows[1]);
      assert.ok(rows[2]?.startsWith('Kreistag'), rows[2]);
      assert.ok(rows[2]?.includes('Entscheidung') && rows[2]?.endsWith('noch nicht beraten'), rows[2]);
      assert.ok(
        html.includes(`<a href="/kreis-mettmann/sitzungen/${demoMeetingId}">Donnerstag, den 18.02.2021</a>`),
        'the meeting date links to the meeting page',
      );
      // The linked meeting page exists.
      await getHtml(app, `/kreis-mettmann/sitzungen/${demoMeetingId}`);
    });

    test('a paper with originator and date shows them; decided and noted statuses are German', async () => {
      const inquiry = await getHtml(
        app,
        `/kreis-mettmann/vorlagen/${await paperId(database, 'kreis-mettmann', '10/009/2021')}`,
      );
      const text = textOf(inquiry);
      assert.ok(text.includes('Datum 11.02.2021'), text);
      assert.ok(text.includes('Antragsteller'), text);
      assert.deepEqual(consultationRows(inquiry), [
        'Ausschuss für Digitalisierung Kenntnisnahme Donnerstag, den 18.02.2021 11.1 zur Kenntnis genommen',
      ]);
      const decided = await getHtml(
        app,
        `/kreis-mettmann/vorlagen/${await paperId(database, 'kreis-mettmann', '10/002/2021')}`,
      );
      assert.deepEqual(consultationRows(decided), [
        'Ausschuss für Digitalisierung Entscheidung Donnerstag, den 18.02.2021 2 beschlossen',
      ]);
    });

    test('a public paper: text as paragraphs, escaped title, originator and files', async () => {
      const id = await paperId(database, 'vorlagenstadt', '61/001/2024');
      const html = await getHtml(app, `/vorlagenstadt/vorlagen/${id}`);
      const text = textOf(html);
      assert.ok(html.includes('<h1>Neuer Spielplatz &lt;b&gt;am Markt&lt;/b&gt;</h1>'), 'the title is escaped');
      assert.ok(html.includes('<p>Der Rat möge beschließen:</p>'));
      assert.ok(html.includes('<p>Am Markt wird ein Spielplatz gebaut.</p>'));
      assert.ok(text.includes('Datum 20.02.2024'), text);
      assert.ok(text.includes('Amt Bauamt'), text);
      assert.ok(text.includes('Antragsteller Fraktion Die Grünen'), text);
      // The file is linked for download under its file name, with its type (as stored) and size.
      assert.ok(text.includes('Lageplan Spielplatz (Text, 1 Byte)'), text);
      const link =
        /<a href="(\/vorlagenstadt\/dateien\/\d+\/Lageplan\.pdf)" type="text\/plain">Lageplan Spielplatz<\/a>/.exec(
          html,
        );
      assert.ok(link, 'the file is linked');
      const file = await app.request(link[1] as string);
      assert.equal(file.status, 200);
      assert.equal(await file.text(), 'x');
      assert.deepEqual(consultationRows(html), [
        'Bauausschuss Vorberatung Dienstag, den 12.03.2024 1 empfohlen',
        'Rat der Stadt Entscheidung noch kein Termin – noch nicht beraten',
      ]);
      assert.ok(!html.includes(SECRET));
    });

    test('a non-public paper is a 404 that reveals nothing, and is missing from the list and its count', async () => {
      const secretId = await paperId(database, 'vorlagenstadt', '61/002/2024');
      const html = await getHtml(app, `/vorlagenstadt/vorlagen/${secretId}`, 404);
      const missing = await getHtml(app, '/vorlagenstadt/vorlagen/999999', 404);
      assert.equal(textOf(html), textOf(missing), 'the same page as for a paper that does not exist');
      assert.ok(textOf(html).includes('Diese Vorlage gibt es nicht.'));
      assert.ok(!html.includes(SECRET) && !html.includes('61/002/2024'));
      assertNoStackTrace(html);

      const list = await getHtml(app, '/vorlagenstadt/vorlagen');
      assert.ok(textOf(list).includes('2 Vorlagen, neueste zuerst'), textOf(list));
      assert.deepEqual(paperLinks(list, 'vorlagenstadt'), [
        await paperId(database, 'vorlagenstadt', '61/003/2024'),
        await paperId(database, 'vorlagenstadt', '61/001/2024'),
      ]);
      assert.ok(!list.includes(SECRET) && !list.includes('61/002/2024'));
    });

    test('a consultation at a non-public item shows body and date, but no item number, title or result', async () => {
      const id = await paperId(database, 'vorlagenstadt', '61/003/2024');
      const html = await getHtml(app, `/vorlagenstadt/vorlagen/${id}`);
      assert.ok(!html.includes(SECRET), 'no marker of the non-public item');
      const rows = consultationRows(html);
      assert.deepEqual(rows, ['Rat der Stadt Entscheidung Dienstag, den 12.03.2024 – nicht öffentlich beraten']);
      assert.doesNotMatch(rows[0] ?? '', /(^| )4( |$)/, 'no item number');
      assert.ok(!textOf(html).includes('beschlossen'), 'no result');
    });

    test('a paper is only found under its own body; bad ids are German 404 pages', async () => {
      const before = logged.length;
      const demoPaper = await paperId(database, 'kreis-mettmann', '20/003/2021');
      const paths = [
        `/vorlagenstadt/vorlagen/${demoPaper}`,
        `/gibt-es-nicht/vorlagen/${demoPaper}`,
        ...['abc', '0', '-1', '1.5', `${demoPaper}x`, '99999999999999999999'].map(
          (id) => `/kreis-mettmann/vorlagen/${id}`,
        ),
      ];
      for (const path of paths) {
        const html = await getHtml(app, path, 404);
        const text = textOf(html);
        assert.ok(text.includes('Diese Vorlage gibt es nicht.'), `${path}: ${text}`);
        assert.ok(!text.includes('Nachtragshaushalt'), path);
        assertNoStackTrace(html);
      }
      const unknownBody = await getHtml(app, '/gibt-es-nicht/vorlagen', 404);
      assert.ok(textOf(unknownBody).includes('Diese Körperschaft gibt es nicht.'));
      assert.equal(logged.length, before, 'an expected 404 is not reported as an unexpected error');
    });

    test('an invalid page number is a 400 with a German message', async () => {
      for (const seite of ['abc', '0', '-1', '1.5']) {
        const html = await getHtml(app, `/kreis-mettmann/vorlagen?seite=${seite}`, 400);
        assert.ok(textOf(html).includes('Die Seitenzahl muss eine positive ganze Zahl sein.'), seite);
        assertNoStackTrace(html);
      }
    });

    test('30 papers: 25 on page 1, 5 on page 2, newest first; a page beyond the last says so', async () => {
      const ids = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          paperId(database, 'vorlagenreich', `10/${String(30 - i).padStart(3, '0')}/2024`),
        ),
      );
      const first = await getHtml(app, '/vorlagenreich/vorlagen');
      assert.ok(textOf(first).includes('30 Vorlagen, neueste zuerst – Seite 1 von 2'), textOf(first));
      assert.deepEqual(paperLinks(first, 'vorlagenreich'), ids.slice(0, 25));
      assert.ok(first.includes('href="/vorlagenreich/vorlagen?seite=2"'));
      assert.ok(textOf(first).includes('30.01.2024'));

      const second = await getHtml(app, '/vorlagenreich/vorlagen?seite=2');
      assert.ok(textOf(second).includes('Seite 2 von 2'));
      assert.deepEqual(paperLinks(second, 'vorlagenreich'), ids.slice(25));
      assert.ok(second.includes('href="/vorlagenreich/vorlagen?seite=1"'));
      assert.ok(!second.includes('Ältere'));

      const beyond = await getHtml(app, '/vorlagenreich/vorlagen?seite=3');
      assert.deepEqual(paperLinks(beyond, 'vorlagenreich'), []);
      assert.ok(textOf(beyond).includes('Auf Seite 3 gibt es keine Vorlagen mehr'));
    });
  });

  describe(`public paper pages: empty body (${backend.name})`, () => {
    let database: Database;
    let app: App;

    before(async () => {
      database = await backend.open();
      await importDataset(
        { db: database.db, actor: 'test' },
        {
          body: { slug: 'leerstadt', name: 'Gemeinde Leerstadt', jurisdiction: 'nrw-gemeinde' },
          organizations: [{ key: 'amt', kind: 'office', name: 'Hauptamt', officeNumber: '10' }],
          papers: [
            {
              key: 'p',
              office: 'amt',
              reference: '10/001/2024',
              year: 2024,
              paperType: 'Beschlussvorlage',
              title: marker('einzige'),
              public: false,
            },
          ],
        },
      );
      app = createApp({ db: database.db, logError: () => {} });
    });

    after(async () => {
      await database?.close();
    });

    test('a body with only non-public papers says that none are published', async () => {
      const html = await getHtml(app, '/leerstadt/vorlagen');
      assert.ok(textOf(html).includes('Es sind noch keine Vorlagen veröffentlicht.'));
      assert.ok(!html.includes(SECRET) && !html.includes('10/001/2024'));
      assert.ok(!textOf(html).includes('1 Vorlage'));
    });
  });
}
