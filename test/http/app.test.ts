/**
 * The public portal as a visitor sees it: the app is driven through `app.request` (no port) on a
 * migrated database with the demo data, on every storage backend.
 */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { asc, eq } from 'drizzle-orm';
import type { Database } from '../../src/db/open.ts';
import { meetings } from '../../src/db/schema.ts';
import { kreisMettmann } from '../../src/demo/kreis-mettmann.ts';
import { loadDemo } from '../../src/demo/load.ts';
import { createApp } from '../../src/http/app.tsx';
import { importDataset } from '../../src/services/dataset/import.ts';
import type { DatasetAgendaItem, DatasetInput } from '../../src/services/dataset/schema.ts';
import { backends } from '../helpers/db.ts';
import { getHtml, textOf } from '../helpers/html.ts';

/** Every string that must never reach a public page starts with this. */
const SECRET = 'ZZGEHEIM';

type App = ReturnType<typeof createApp>;

/** Agenda numbers in document order, as printed ("1.1"). */
function agendaNumbers(html: string): string[] {
  return [...html.matchAll(/<span class="num">([^<]*)\.<\/span>/g)].map((m) => m[1] ?? '');
}

/** The visible text of one agenda entry: from its number up to the next number or the end of the list. */
function agendaEntry(html: string, number: string): string {
  const marker = `<span class="num">${number}.</span>`;
  const start = html.indexOf(marker);
  assert.ok(start >= 0, `agenda item ${number} is missing`);
  const ends = ['<span class="num">', '</ol>']
    .map((end) => html.indexOf(end, start + marker.length))
    .filter((i) => i >= 0);
  return textOf(html.slice(start, Math.min(...ends)));
}

/** Meeting links on a list page, in order: [body slug, meeting id]. */
function meetingLinks(html: string): Array<{ slug: string; id: number }> {
  return [...html.matchAll(/href="\/([a-z0-9-]+)\/sitzungen\/(\d+)"/g)].map((m) => ({
    slug: m[1] ?? '',
    id: Number(m[2]),
  }));
}

function assertNoStackTrace(body: string) {
  assert.doesNotMatch(body, /^\s+at /m);
  assert.doesNotMatch(body, /\.(ts|tsx|js|mjs):\d+:\d+/);
  assert.doesNotMatch(body, /\b(TypeError|ReferenceError|DomainError)\b/);
}

async function getJson(app: App, path: string, status: number, headers: Record<string, string> = {}) {
  const res = await app.request(path, { headers });
  assert.equal(res.status, status, path);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
  return (await res.json()) as { error?: { id: string; message: string }; status?: string };
}

async function meetingIdsOf(database: Database, bodyId: number): Promise<number[]> {
  const rows = await database.db
    .select({ id: meetings.id })
    .from(meetings)
    .where(eq(meetings.bodyId, bodyId))
    .orderBy(asc(meetings.startAt));
  return rows.map((r) => r.id);
}

/**
 * A small body with one meeting that has public and non-public items. Everything of the non-public
 * items carries a SECRET marker; so do non-public papers. The office number makes paper references
 * unique per body.
 */
function secretDataset(slug: string, officeNumber: string, publishTitles: boolean | undefined): DatasetInput {
  const ref = (n: number) => `${officeNumber}/${n}/2024`;
  const marker = (what: string) => `${SECRET}-${slug}-${what}`;
  const agenda: DatasetAgendaItem[] = [
    {
      number: '1',
      public: true,
      title: 'Spielplatz <script>alert("x")</script> & Co.',
      paper: 'p-public',
      minutesText: ['Die Verwaltung berichtet.'],
      resolution: { kind: 'decision', text: ['Der Rat beschließt den Spielplatz.'] },
    },
    { number: '2', public: true, title: 'Bericht mit vertraulicher Vorlage', paper: 'p-secret-on-public' },
    {
      number: '3',
      public: false,
      title: marker('titel-3'),
      subtitle: marker('untertitel-3'),
      paper: 'p-secret',
      minutesText: [marker('niederschrift-3')],
      resolution: { kind: 'decision', text: [marker('beschluss-3')] },
      addenda: [{ text: [marker('ergaenzung-3')] }],
      items: [{ number: '3.1', public: false, title: marker('titel-3-1'), minutesText: [marker('niederschrift-3-1')] }],
    },
    {
      number: '4',
      public: false,
      title: marker('titel-4'),
      paper: 'p-public-on-secret',
      resolution: { kind: 'notice', text: [marker('beschluss-4')] },
    },
  ];
  const paper = (key: string, n: number, title: string, isPublic: boolean) => ({
    key,
    office: 'amt',
    reference: ref(n),
    year: 2024,
    paperType: 'Beschlussvorlage',
    title,
    text: [isPublic ? 'Sachverhalt.' : marker(`vorlagentext-${n}`)],
    public: isPublic,
  });
  return {
    body: {
      slug,
      name: `Gemeinde ${slug}`,
      jurisdiction: 'nrw-gemeinde',
      settings: publishTitles === undefined ? {} : { publishNonPublicAgendaTitles: publishTitles },
    },
    organizations: [
      { key: 'rat', kind: 'council', name: `Rat ${slug}`, nameGenitive: `des Rates ${slug}` },
      { key: 'amt', kind: 'office', name: `Amt ${officeNumber}`, officeNumber },
    ],
    locations: [{ key: 'rathaus', name: `Rathaus ${slug}` }],
    papers: [
      paper('p-public', 101, 'Neuer Spielplatz', true),
      paper('p-secret-on-public', 102, marker('vorlage-102'), false),
      paper('p-secret', 103, marker('vorlage-103'), false),
      paper('p-public-on-secret', 104, 'Öffentliche Vorlage zu einem nicht öffentlichen Punkt', true),
    ],
    meetings: [
      {
        key: 'm',
        organization: 'rat',
        state: 'minutes_drafted',
        startAt: publishTitles ? '2024-03-12T18:00:00+01:00' : '2024-03-05T18:00:00+01:00',
        location: 'rathaus',
        agenda,
      },
    ],
  };
}

function paginationDataset(count: number): DatasetInput {
  return {
    body: { slug: 'seitenweise', name: 'Gemeinde Seitenweise', jurisdiction: 'nrw-gemeinde' },
    organizations: [{ key: 'a', kind: 'committee', name: 'Ausschuss für Seiten' }],
    meetings: Array.from({ length: count }, (_, i) => ({
      key: `m${i + 1}`,
      organization: 'a',
      state: 'planned' as const,
      startAt: `2024-01-${String(i + 1).padStart(2, '0')}T17:00:00+01:00`,
    })),
  };
}

/** Every agenda item of the demo meeting, depth first, as in the dataset. */
function demoAgenda(): DatasetAgendaItem[] {
  const flat: DatasetAgendaItem[] = [];
  const walk = (items: DatasetAgendaItem[]) => {
    for (const item of items) {
      flat.push(item);
      walk(item.items ?? []);
    }
  };
  walk((kreisMettmann.meetings?.[0]?.agenda ?? []) as DatasetAgendaItem[]);
  return flat;
}

const demoPaperReference = new Map((kreisMettmann.papers ?? []).map((p) => [p.key, p.reference ?? '']));

for (const backend of backends()) {
  describe(`public portal (${backend.name})`, () => {
    let database: Database;
    let app: App;
    const logged: unknown[] = [];
    let demoId: number;
    let hiddenId: number; // body with default settings: non-public titles not published
    let titlesId: number; // body that publishes non-public titles

    before(async () => {
      database = await backend.open();
      const demo = await loadDemo(database.db);
      assert.equal(demo.loaded, true);
      [demoId] = (await meetingIdsOf(database, demo.bodyId)) as [number];
      const ctx = { db: database.db, actor: 'test' };
      const hidden = await importDataset(ctx, secretDataset('geheimhausen', '31', undefined));
      [hiddenId] = (await meetingIdsOf(database, hidden.bodyId)) as [number];
      const titles = await importDataset(ctx, secretDataset('titelstadt', '32', true));
      [titlesId] = (await meetingIdsOf(database, titles.bodyId)) as [number];
      app = createApp({ db: database.db, logError: (error) => logged.push(error) });
    });

    after(async () => {
      await database?.close();
    });

    test('GET /healthz answers 200 {"status":"ok"}', async () => {
      assert.deepEqual(await getJson(app, '/healthz', 200), { status: 'ok' });
    });

    test('the meeting list shows all meetings, newest first, with links to their pages', async () => {
      const html = await getHtml(app, '/sitzungen');
      const text = textOf(html);
      assert.match(text, /Sitzungen/);
      assert.match(text, /3 Sitzungen, neueste zuerst/);
      assert.ok(text.includes('Donnerstag, den 18.02.2021, 16:30 Uhr'), text);
      assert.ok(text.includes('Ausschuss für Digitalisierung'), text);
      assert.ok(text.includes('Kreis Mettmann'), text);
      assert.ok(text.includes('Kreishaus Mettmann'), text);
      assert.deepEqual(meetingLinks(html), [
        { slug: 'titelstadt', id: titlesId },
        { slug: 'geheimhausen', id: hiddenId },
        { slug: 'kreis-mettmann', id: demoId },
      ]);
      // The link around the demo meeting's date leads to its page.
      assert.ok(
        html.includes(`<a href="/kreis-mettmann/sitzungen/${demoId}">Donnerstag, den 18.02.2021, 16:30 Uhr</a>`),
        'the date of the demo meeting links to its page',
      );
      assert.ok(!html.includes(SECRET));
    });

    test('the demo meeting page shows date, place with room, and the whole agenda in both parts', async () => {
      const html = await getHtml(app, `/kreis-mettmann/sitzungen/${demoId}`);
      const text = textOf(html);
      assert.ok(text.includes('Sitzung des Ausschusses für Digitalisierung'), text);
      assert.ok(text.includes('Donnerstag, den 18.02.2021, 16:30 Uhr'));
      assert.ok(
        text.includes(
          'Sitzungsort Kreishaus Mettmann, Düsseldorfer Straße 26, 40822 Mettmann, Zimmer 1.601 (großer Sitzungssaal)',
        ),
        text,
      );
      assert.ok(text.includes('Niederschrift unterzeichnet'), 'state of the meeting');

      const expectedNumbers = ['1', '1.1', '1.2', '1.3', '1.4', '1.5', '1.6', '2', '3', '4', '5', '6', '7', '8', '9'];
      expectedNumbers.push('10', '11', '11.1', '12', '13');
      assert.deepEqual(agendaNumbers(html), expectedNumbers);

      // Items 1–11.1 are in the public part, 12 and 13 in the non-public part (titles published by Mettmann).
      const split = html.indexOf('id="nichtoeffentlich"');
      assert.ok(html.indexOf('id="oeffentlich"') >= 0 && split > 0, 'both agenda parts are shown');
      assert.deepEqual(agendaNumbers(html.slice(0, split)), expectedNumbers.slice(0, -2));
      assert.deepEqual(agendaNumbers(html.slice(split)), ['12', '13']);
      assert.ok(text.includes('Öffentlicher Teil'));
      assert.ok(text.includes('Nicht öffentlicher Teil'));

      const items = demoAgenda();
      assert.equal(items.length, expectedNumbers.length);
      for (const item of items) {
        const entry = agendaEntry(html, item.number);
        assert.ok(entry.startsWith(`${item.number}. ${item.title}`), `${item.number}: ${entry}`);
        if (item.paper) {
          const reference = demoPaperReference.get(item.paper);
          assert.ok(reference, `paper ${item.paper} has a reference`);
          assert.ok(entry.includes(`Vorlage ${reference}`), `${item.number} names its paper ${reference}: ${entry}`);
        } else {
          assert.ok(!entry.includes('Vorlage '), `${item.number} has no paper: ${entry}`);
        }
      }
      assert.ok(agendaEntry(html, '11.1').includes('hier: Anfrage der Fraktion BÜNDNIS 90/DIE GRÜNEN vom 11.02.2021'));
      assert.ok(agendaEntry(html, '11.1').includes('(Nachtrag)'));
    });

    test('text from the database is HTML-escaped', async () => {
      const html = await getHtml(app, `/geheimhausen/sitzungen/${hiddenId}`);
      assert.ok(!html.includes('<script>alert'), 'no markup injected from an agenda title');
      assert.ok(html.includes('&lt;script&gt;'));
      assert.ok(agendaEntry(html, '1').startsWith('1. Spielplatz <script>alert("x")</script> & Co.'));
    });

    test('default settings: nothing of a non-public item appears on public pages, not even its title', async () => {
      const html = await getHtml(app, `/geheimhausen/sitzungen/${hiddenId}`);
      const text = textOf(html);
      assert.deepEqual(agendaNumbers(html), ['1', '2']);
      assert.ok(agendaEntry(html, '1').includes('Vorlage 31/101/2024'), 'a public paper is referenced');
      assert.ok(agendaEntry(html, '2').startsWith('2. Bericht mit vertraulicher Vorlage'));
      // A non-public paper is not named even on a public item.
      for (const hidden of [SECRET, '31/102/2024', '31/103/2024', '31/104/2024']) {
        assert.ok(!html.includes(hidden), `${hidden} must not be on the page`);
      }
      assert.ok(!text.includes('Nicht öffentlicher Teil'), text);
    });

    test('publishNonPublicAgendaTitles: only number and title of non-public items, nothing else', async () => {
      const html = await getHtml(app, `/titelstadt/sitzungen/${titlesId}`);
      assert.deepEqual(agendaNumbers(html), ['1', '2', '3', '3.1', '4']);
      const split = html.indexOf('id="nichtoeffentlich"');
      assert.ok(split > 0, 'the non-public part is shown');
      assert.deepEqual(agendaNumbers(html.slice(split)), ['3', '3.1', '4']);
      const m = (what: string) => `${SECRET}-titelstadt-${what}`;
      assert.equal(agendaEntry(html, '3'), `3. ${m('titel-3')}`);
      assert.equal(agendaEntry(html, '3.1'), `3.1. ${m('titel-3-1')}`);
      assert.equal(agendaEntry(html, '4'), `4. ${m('titel-4')}`);
      // Everything else of those items stays out: subtitle, paper, minutes text, resolution, addenda.
      const found = [...html.matchAll(new RegExp(`${SECRET}-titelstadt-[a-z0-9-]+`, 'g'))].map((x) => x[0]);
      assert.deepEqual([...new Set(found)].sort(), [m('titel-3'), m('titel-3-1'), m('titel-4')].sort());
      for (const hidden of ['32/102/2024', '32/103/2024', '32/104/2024']) {
        assert.ok(!html.includes(hidden), `${hidden} must not be on the page`);
      }
      assert.ok(agendaEntry(html, '1').includes('Vorlage 32/101/2024'));
    });

    test('a meeting is only found under its own body', async () => {
      for (const path of [
        `/kreis-mettmann/sitzungen/${hiddenId}`,
        `/titelstadt/sitzungen/${demoId}`,
        `/gibt-es-nicht/sitzungen/${demoId}`,
      ]) {
        const html = await getHtml(app, path, 404);
        assert.ok(textOf(html).includes('Diese Sitzung gibt es nicht.'), path);
        assert.ok(!html.includes(SECRET), path);
        assert.ok(!html.includes('Tagesordnung'), path);
      }
    });

    test('a non-numeric or unknown meeting id is a German 404 page without stack trace', async () => {
      const before = logged.length;
      for (const id of ['abc', '0', '-1', '1.5', '12abc', '999999', '99999999999999999999', `${demoId}x`]) {
        const html = await getHtml(app, `/kreis-mettmann/sitzungen/${id}`, 404);
        const text = textOf(html);
        assert.ok(text.includes('Nicht gefunden'), `${id}: ${text}`);
        assert.ok(text.includes('Diese Sitzung gibt es nicht.'), `${id}: ${text}`);
        assertNoStackTrace(html);
      }
      const json = await getJson(app, '/kreis-mettmann/sitzungen/999999', 404, { accept: 'application/json' });
      assert.equal(json.error?.id, 'meeting.not_found');
      assert.equal(logged.length, before, 'an expected 404 is not reported as an unexpected error');
    });

    test('an invalid page number is a 400 with a German message', async () => {
      for (const seite of ['abc', '0', '-1', '1.5', '']) {
        if (seite === '') {
          // An empty value means the first page.
          await getHtml(app, '/sitzungen?seite=');
          continue;
        }
        const html = await getHtml(app, `/sitzungen?seite=${seite}`, 400);
        assert.ok(textOf(html).includes('Die Seitenzahl muss eine positive ganze Zahl sein.'), seite);
        assertNoStackTrace(html);
      }
      const json = await getJson(app, '/sitzungen?seite=abc', 400, { accept: 'application/json' });
      assert.equal(json.error?.id, 'validation.invalid_input');
      assert.equal(json.error?.message, 'Die Seitenzahl muss eine positive ganze Zahl sein.');
    });

    test('a page beyond the last shows no meetings and does not fail', async () => {
      const html = await getHtml(app, '/sitzungen?seite=2');
      assert.deepEqual(meetingLinks(html), []);
      assert.ok(!html.includes('Ältere'));
    });

    test('an unknown path is a 404 page, or JSON for API clients', async () => {
      const html = await getHtml(app, '/gibt/es/nicht', 404);
      assert.ok(textOf(html).includes('Seite nicht gefunden'));
      assert.ok(html.includes('href="/"'), 'links back to the start page');
      for (const [path, headers] of [
        ['/gibt/es/nicht', { accept: 'application/json' }],
        ['/api/gibt-es-nicht', {}],
      ] as const) {
        const json = await getJson(app, path, 404, headers);
        assert.equal(json.error?.id, 'not_found');
        assert.equal(typeof json.error?.message, 'string');
      }
    });
  });

  describe(`public portal: pagination (${backend.name})`, () => {
    let database: Database;
    let app: App;
    let ids: number[]; // oldest first

    before(async () => {
      database = await backend.open();
      const { bodyId } = await importDataset({ db: database.db, actor: 'test' }, paginationDataset(30));
      ids = await meetingIdsOf(database, bodyId);
      assert.equal(ids.length, 30);
      app = createApp({ db: database.db, logError: () => {} });
    });

    after(async () => {
      await database?.close();
    });

    test('page 1 lists the newest 25 meetings and links to page 2', async () => {
      const html = await getHtml(app, '/sitzungen');
      const text = textOf(html);
      assert.ok(text.includes('30 Sitzungen, neueste zuerst – Seite 1 von 2'), text);
      assert.deepEqual(
        meetingLinks(html).map((l) => l.id),
        ids.slice(5).reverse(),
      );
      assert.match(html, /<a href="\/sitzungen\?seite=2">Ältere →<\/a>/);
      assert.ok(!html.includes('Neuere'));
      assert.ok(text.includes('Dienstag, den 30.01.2024, 17:00 Uhr'));
      assert.ok(!text.includes('den 05.01.2024'));
    });

    test('page 2 lists the remaining 5 and links back to page 1', async () => {
      const html = await getHtml(app, '/sitzungen?seite=2');
      const text = textOf(html);
      assert.ok(text.includes('30 Sitzungen, neueste zuerst – Seite 2 von 2'), text);
      assert.deepEqual(
        meetingLinks(html).map((l) => l.id),
        ids.slice(0, 5).reverse(),
      );
      assert.match(html, /<a href="\/sitzungen\?seite=1">← Neuere<\/a>/);
      assert.ok(!html.includes('Ältere'));
      assert.ok(text.includes('Freitag, den 05.01.2024, 17:00 Uhr'));
      assert.ok(text.includes('Montag, den 01.01.2024, 17:00 Uhr'));
    });

    test('page 3 (beyond the last) lists nothing and does not fail', async () => {
      const html = await getHtml(app, '/sitzungen?seite=3');
      assert.deepEqual(meetingLinks(html), []);
      assert.match(html, /Auf Seite 3 gibt es keine Sitzungen mehr \(es gibt 2 Seiten\)/);
      assert.doesNotMatch(html, /Seite 3 von 2/);
    });
  });

  describe(`unexpected errors (${backend.name})`, () => {
    test('a failing database gives 500 with a German message, no details, and is reported to logError', async () => {
      const database = await backend.open();
      const logged: unknown[] = [];
      const app = createApp({ db: database.db, logError: (error) => logged.push(error) });
      await database.close();

      const html = await getHtml(app, '/', 500);
      const text = textOf(html);
      assert.ok(text.includes('Ein interner Fehler ist aufgetreten. Bitte versuchen Sie es später erneut.'), text);
      assertNoStackTrace(html);
      assert.equal(logged.length, 1);
      const error = logged[0];
      assert.ok(error instanceof Error, 'logError receives the error itself');
      assert.ok(!html.includes(error.message), 'the internal error message is not shown');

      const json = await getJson(app, '/healthz', 500);
      assert.equal(json.error?.id, 'internal_error');
      assert.match(json.error?.message ?? '', /interner Fehler/);
      assert.ok(!JSON.stringify(json).includes((logged[1] as Error).message));
      assert.equal(logged.length, 2);
    });
  });
}
