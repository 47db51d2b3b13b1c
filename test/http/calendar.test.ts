/**
 * Public calendar pages, on every storage backend: the month grid (days in the councils' time zone,
 * Monday first, cancelled meetings marked), the list (date range, sorting, pagination), filters by body
 * and Gremium, the body-preset variant, the meetings-per-month chart and its table, invalid input, and
 * that no agenda content of any meeting reaches a calendar page.
 */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../src/db/open.ts';
import { bodies, organizations } from '../../src/db/schema.ts';
import { createApp } from '../../src/http/app.tsx';
import { importDataset } from '../../src/services/dataset/import.ts';
import type { DatasetInput } from '../../src/services/dataset/schema.ts';
import { backends } from '../helpers/db.ts';
import { smallTown } from '../helpers/fixtures.ts';
import { decode, getHtml, textOf } from '../helpers/html.ts';

type App = ReturnType<typeof createApp>;

const SLUG = 'kalenderstadt';
const SECRET = 'ZZVERTRAULICH';
const NEXT_YEAR = new Date().getUTCFullYear() + 1;
/** Weekly meetings of the Umweltausschuss in 2023, at noon UTC (the same day in Berlin). */
const WEEKLY_2023 = Array.from({ length: 30 }, (_, i) => {
  const day = new Date(Date.UTC(2023, 0, 5 + 7 * i, 12));
  return day.toISOString().replace('.000Z', 'Z');
});

function calendarTown(): DatasetInput {
  return {
    body: { slug: SLUG, name: 'Stadt Kalenderstadt', jurisdiction: 'nrw-gemeinde' },
    organizations: [
      { key: 'rat', kind: 'council', name: 'Rat' },
      { key: 'bau', kind: 'committee', name: 'Bauausschuss', parent: 'rat' },
      { key: 'umwelt', kind: 'committee', name: 'Umweltausschuss', parent: 'rat' },
      { key: 'fraktion', kind: 'faction', name: 'Fraktion Kalenderliste', parent: 'rat' },
    ],
    locations: [{ key: 'rh', name: 'Rathaus Kalenderstadt' }],
    meetings: [
      {
        key: 'rat-nov',
        organization: 'rat',
        state: 'held',
        startAt: '2024-11-14T19:00:00+01:00',
        location: 'rh',
        agenda: [
          { number: '1', public: true, title: 'Eröffnung' },
          { number: '2', public: false, title: `${SECRET}-grundstueck` },
        ],
      },
      { key: 'bau-nov', organization: 'bau', state: 'held', startAt: '2024-11-14T17:00:00+01:00' },
      {
        key: 'umwelt-abgesagt',
        organization: 'umwelt',
        state: 'planned',
        cancelled: true,
        startAt: '2024-11-28T18:00:00+01:00',
        agenda: [{ number: '1', public: true, title: `${SECRET}-entwurf` }],
      },
      // 00:30 in Berlin: the day in Berlin counts, not the day in UTC.
      { key: 'rat-dez', organization: 'rat', state: 'invited', startAt: '2024-12-01T00:30:00+01:00' },
      { key: 'bau-1nov', organization: 'bau', state: 'held', startAt: '2024-11-01T00:30:00+01:00' },
      { key: 'umwelt-maerz', organization: 'umwelt', state: 'held', startAt: '2024-03-31T10:00:00+02:00' },
      ...WEEKLY_2023.map((startAt, i) => ({
        key: `umwelt-2023-${i}`,
        organization: 'umwelt',
        state: 'held' as const,
        startAt,
      })),
      { key: 'bau-next', organization: 'bau', state: 'planned', startAt: `${NEXT_YEAR}-02-10T18:00:00+01:00` },
      { key: 'rat-next', organization: 'rat', state: 'invited', startAt: `${NEXT_YEAR}-02-20T18:00:00+01:00` },
    ],
  };
}

/** The visible text of the day cell of an ISO date in the month grid ('' when the day has no meeting). */
function dayCell(html: string, day: string): string {
  const match = new RegExp(`<td[^>]*><time datetime="${day}">\\d+</time>([\\s\\S]*?)</td>`).exec(html);
  assert.ok(match, `a cell for ${day}`);
  return textOf(match[1] ?? '');
}

/** The cells of the grid's body, row by row: the day number, or '' outside the month. */
function gridRows(html: string): string[][] {
  const table = html.slice(html.indexOf('<table class="calendar"'), html.indexOf('</table>'));
  const body = table.slice(table.indexOf('<tbody>'));
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...(row[1] ?? '').matchAll(/<td[^>]*>([\s\S]*?)<\/td>|<td\s*\/>/g)].map(
      (cell) => /<time datetime="[^"]+">(\d+)<\/time>/.exec(cell[1] ?? '')?.[1] ?? '',
    ),
  );
}

/** The numbers in the chart's text alternative, January to December. */
function chartNumbers(html: string): number[] {
  const label = /<svg class="month-chart" role="img" aria-label="([^"]*)"/.exec(html)?.[1];
  assert.ok(label, 'the chart with its text alternative');
  const title = /<svg class="month-chart"[\s\S]*?<title>([^<]*)<\/title>/.exec(html)?.[1];
  assert.equal(title, label, 'title and aria-label say the same');
  return [
    ...decode(label).matchAll(
      /(Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember) (\d+)/g,
    ),
  ].map((m) => Number(m[2]));
}

/** The numbers of the chart's table, January to December. */
function tableNumbers(html: string): number[] {
  const table = html.slice(html.indexOf('<table class="month-table"'));
  const body = table.slice(table.indexOf('<tbody>'), table.indexOf('</tbody>'));
  return [...body.matchAll(/<tr>[\s\S]*?<td>(\d+)<\/td><\/tr>/g)].map((m) => Number(m[1]));
}

/** Meeting links of the list, with their text. */
function listEntries(html: string): string[] {
  const body = html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>'));
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => textOf(m[1] ?? ''));
}

function assertNoSecret(html: string, path: string) {
  assert.ok(!html.includes(SECRET), `${path} shows no agenda content`);
}

for (const backend of backends()) {
  describe(`calendar pages (${backend.name})`, () => {
    let database: Database;
    let app: App;
    let otherSlug: string;
    const ids: Record<string, number> = {};
    const logged: unknown[] = [];

    before(async () => {
      database = await backend.open();
      const ctx = { db: database.db, actor: 'test' };
      await importDataset(ctx, calendarTown());
      const town = smallTown();
      otherSlug = town.body.slug;
      await importDataset(ctx, town);
      for (const [slug, name] of [
        [SLUG, 'Rat'],
        [SLUG, 'Bauausschuss'],
        [SLUG, 'Umweltausschuss'],
        [SLUG, 'Fraktion Kalenderliste'],
        [otherSlug, 'Finanzausschuss'],
      ] as const) {
        const [row] = await database.db
          .select({ id: organizations.id })
          .from(organizations)
          .innerJoin(bodies, eq(bodies.id, organizations.bodyId))
          .where(and(eq(bodies.slug, slug), eq(organizations.name, name)));
        assert.ok(row);
        ids[name] = row.id;
      }
      app = createApp({ db: database.db, logError: (error) => logged.push(error) });
    });

    after(async () => {
      await database?.close();
      assert.deepEqual(logged, [], 'no unexpected errors');
    });

    test('the month grid: Monday first, days in Berlin time, times and Gremien, cancelled marked', async () => {
      const path = `/kalender?koerperschaft=${SLUG}&monat=2024-11`;
      const html = await getHtml(app, path);
      assert.match(html, /<h1>Sitzungskalender November 2024<\/h1>/);
      assert.ok(textOf(html).includes('Sitzungen im November 2024 (Stadt Kalenderstadt)'), 'caption');
      assert.match(html, /<caption>/);
      const headers = [...html.matchAll(/<th scope="col"><abbr title="([^"]+)">([^<]+)<\/abbr><\/th>/g)].map(
        (m) => `${m[2]}=${m[1]}`,
      );
      assert.deepEqual(headers, [
        'Mo=Montag',
        'Di=Dienstag',
        'Mi=Mittwoch',
        'Do=Donnerstag',
        'Fr=Freitag',
        'Sa=Samstag',
        'So=Sonntag',
      ]);
      // 1 November 2024 was a Friday; 30 November a Saturday.
      const rows = gridRows(html);
      assert.equal(rows.length, 5);
      assert.deepEqual(rows[0], ['', '', '', '', '1', '2', '3']);
      assert.deepEqual(rows[4], ['25', '26', '27', '28', '29', '30', '']);

      assert.equal(dayCell(html, '2024-11-14'), '17:00 Uhr Bauausschuss 19:00 Uhr Rat', 'in time order');
      assert.equal(dayCell(html, '2024-11-28'), '18:00 Uhr Umweltausschuss (abgesagt)');
      assert.equal(dayCell(html, '2024-11-01'), '00:30 Uhr Bauausschuss', 'UTC says 31 October; Berlin 1 November');
      assert.equal(dayCell(html, '2024-11-30'), '', 'the meeting at 00:30 on 1 December is not on 30 November');
      assert.equal(dayCell(html, '2024-11-15'), '');
      assert.match(html, new RegExp(`<a href="/${SLUG}/sitzungen/\\d+">17:00 Uhr Bauausschuss</a>`));
      const grid = html.slice(html.indexOf('<table class="calendar"'), html.indexOf('</table>'));
      assert.ok(!grid.includes('Finanzausschuss'), 'other bodies filtered out');

      assert.ok(html.includes(`href="/kalender?koerperschaft=${SLUG}&amp;monat=2024-10"`), 'previous month');
      assert.ok(html.includes(`href="/kalender?koerperschaft=${SLUG}&amp;monat=2024-12"`), 'next month');
      assert.ok(html.includes(`href="/${SLUG}/kalender.ics"`), 'the body’s iCalendar');
      assert.ok(html.includes('href="/kalender.ics"'), 'the iCalendar of all bodies');
      assertNoSecret(html, path);

      const december = await getHtml(app, `/kalender?koerperschaft=${SLUG}&monat=2024-12`);
      assert.equal(dayCell(december, '2024-12-01'), '00:30 Uhr Rat');
      assert.deepEqual(gridRows(december)[0], ['', '', '', '', '', '', '1']);
    });

    test('all bodies: every body’s meetings with the body named; the Gremium filter narrows', async () => {
      const all = await getHtml(app, '/kalender?monat=2024-11');
      assert.equal(
        dayCell(all, '2024-11-14'),
        '17:00 Uhr Bauausschuss – Stadt Kalenderstadt 17:00 Uhr Finanzausschuss – Stadt Teststadt 19:00 Uhr Rat – Stadt Kalenderstadt',
      );
      assert.ok(textOf(all).includes('Sitzungen im November 2024 (alle Körperschaften)'));
      // A labelled GET form with the bodies and the Gremien (grouped by body).
      assert.match(all, /<form method="get" action="\/kalender" class="filters"/);
      assert.match(all, /<label for="f-koerperschaft">Körperschaft<\/label> <select id="f-koerperschaft"/);
      assert.match(all, /<label for="f-gremium">Gremium<\/label> <select id="f-gremium"/);
      assert.ok(all.includes(`<option value="${SLUG}">Stadt Kalenderstadt</option>`));
      assert.ok(all.includes('<optgroup label="Stadt Kalenderstadt">'));
      assert.ok(!all.includes('Fraktion Kalenderliste'), 'factions do not meet');
      assert.ok(all.includes('<input type="hidden" name="monat" value="2024-11"/>'), 'the month is kept');

      const bau = await getHtml(app, `/kalender?koerperschaft=${SLUG}&gremium=${ids.Bauausschuss}&monat=2024-11`);
      assert.equal(dayCell(bau, '2024-11-14'), '17:00 Uhr Bauausschuss');
      assert.equal(dayCell(bau, '2024-11-28'), '');
      assert.equal(dayCell(bau, '2024-11-01'), '00:30 Uhr Bauausschuss');
      assert.ok(bau.includes(`<option value="${ids.Bauausschuss}" selected="">Bauausschuss</option>`));
      assert.ok(textOf(bau).includes('Sitzungen im November 2024 (Bauausschuss (Stadt Kalenderstadt))'));

      // Switching the body without JavaScript keeps the old Gremium: the body wins, with a note.
      const mixed = await getHtml(
        app,
        `/kalender?koerperschaft=${otherSlug}&gremium=${ids.Bauausschuss}&monat=2024-11`,
      );
      assert.ok(textOf(mixed).includes('Das Gremium „Bauausschuss“ gehört nicht zu Stadt Teststadt'));
      assert.equal(dayCell(mixed, '2024-11-14'), '17:00 Uhr Finanzausschuss');
    });

    test('without a month, the current month in Berlin is shown', async () => {
      const [year, month] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' })
        .format(new Date())
        .split('-')
        .map(Number);
      const names = [
        'Januar',
        'Februar',
        'März',
        'April',
        'Mai',
        'Juni',
        'Juli',
        'August',
        'September',
        'Oktober',
        'November',
        'Dezember',
      ];
      const html = await getHtml(app, '/kalender');
      assert.ok(html.includes(`<h1>Sitzungskalender ${names[(month ?? 1) - 1]} ${year}</h1>`), 'current month');
    });

    test('an empty month says so', async () => {
      const html = await getHtml(app, `/kalender?koerperschaft=${SLUG}&monat=2010-05`);
      assert.ok(textOf(html).includes('Im Mai 2010 sind keine Sitzungen erfasst.'));
      assert.ok(textOf(html).includes('Im Jahr 2010 sind keine Sitzungen erfasst.'));
      assert.ok(!html.includes('role="img"'));
    });

    test('meetings per month: the chart’s numbers are the table’s and the recorded meetings', async () => {
      const html = await getHtml(app, `/kalender?koerperschaft=${SLUG}&monat=2024-11`);
      assert.match(html, /<h2 id="je-monat">Sitzungen je Monat 2024<\/h2>/);
      // March: 1; November: 3 (the cancelled one not counted); December: 1.
      const expected2024 = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 3, 1];
      assert.deepEqual(chartNumbers(html), expected2024);
      assert.deepEqual(tableNumbers(html), expected2024);
      assert.equal((html.match(/<rect /g) ?? []).length, 3, 'one bar per month with meetings');
      assert.match(html, /<details><summary>Die Zahlen als Tabelle<\/summary><table class="month-table"><caption>/);
      assert.ok(html.includes(`href="/kalender?koerperschaft=${SLUG}&amp;monat=2024-03"`), 'months link to their view');

      const year2023 = await getHtml(app, `/kalender?koerperschaft=${SLUG}&monat=2024-11&jahr=2023`);
      const expected2023 = Array.from(
        { length: 12 },
        (_, month) => WEEKLY_2023.filter((d) => Number(d.slice(5, 7)) === month + 1).length,
      );
      assert.equal(
        expected2023.reduce((a, b) => a + b, 0),
        30,
      );
      assert.deepEqual(chartNumbers(year2023), expected2023);
      assert.deepEqual(tableNumbers(year2023), expected2023);
      assert.ok(textOf(year2023).includes('Zusammen 30'));

      // Filtered by Gremium, and over all bodies (Teststadt's committee met in November 2024).
      const bau = await getHtml(app, `/kalender?gremium=${ids.Bauausschuss}&monat=2024-11`);
      assert.deepEqual(chartNumbers(bau), [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0]);
      const all = await getHtml(app, '/kalender?monat=2024-11');
      assert.deepEqual(chartNumbers(all), [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 4, 1]);
      assert.deepEqual(tableNumbers(all), chartNumbers(all));
    });

    test('the list: from today on by default, oldest first', async () => {
      const html = await getHtml(app, `/kalender/liste?koerperschaft=${SLUG}`);
      const rows = listEntries(html);
      assert.equal(rows.length, 2, rows.join(' | '));
      assert.match(rows[0] ?? '', new RegExp(`, den 10\\.02\\.${NEXT_YEAR}, 18:00 Uhr Bauausschuss`));
      assert.match(rows[1] ?? '', new RegExp(`, den 20\\.02\\.${NEXT_YEAR}, 18:00 Uhr Rat`));
      assert.match(html, /<th scope="col" aria-sort="ascending">/);
      assert.ok(html.includes(`href="/${SLUG}/kalender.ics"`));
    });

    test('the list: a date range in Berlin days, cancelled marked, sorting and pages', async () => {
      const november = listEntries(
        await getHtml(app, `/kalender/liste?koerperschaft=${SLUG}&von=2024-11-01&bis=2024-11-30`),
      );
      assert.deepEqual(
        november.map((r) => r.replace(/ Rathaus Kalenderstadt$| –$/, '')),
        [
          'Freitag, den 01.11.2024, 00:30 Uhr Bauausschuss',
          'Donnerstag, den 14.11.2024, 17:00 Uhr Bauausschuss',
          'Donnerstag, den 14.11.2024, 19:00 Uhr Rat',
          'Donnerstag, den 28.11.2024, 18:00 Uhr (abgesagt) Umweltausschuss',
        ],
      );

      const base = `/kalender/liste?gremium=${ids.Umweltausschuss}&von=2023-01-01&bis=2023-12-31`;
      const first = await getHtml(app, base);
      const firstRows = listEntries(first);
      assert.equal(firstRows.length, 25);
      assert.match(firstRows[0] ?? '', /^Donnerstag, den 05\.01\.2023/);
      assert.ok(textOf(first).includes('30 Sitzungen, älteste zuerst – Seite 1 von 2'));
      const next = /<a href="([^"]*seite=2[^"]*)">Nächste Seite/.exec(first)?.[1];
      assert.ok(next, 'a link to page 2');
      const nextUrl = decode(next);
      for (const part of [`gremium=${ids.Umweltausschuss}`, 'von=2023-01-01', 'bis=2023-12-31'])
        assert.ok(nextUrl.includes(part), `${nextUrl} keeps ${part}`);
      const secondRows = listEntries(await getHtml(app, nextUrl));
      assert.equal(secondRows.length, 5);
      assert.match(secondRows[4] ?? '', /^Donnerstag, den 27\.07\.2023/);

      const descending = listEntries(await getHtml(app, `${base}&sortierung=datum-absteigend`));
      assert.match(descending[0] ?? '', /^Donnerstag, den 27\.07\.2023/);
      assert.deepEqual(descending.slice(0, 5), [...secondRows].reverse());
      assert.equal(descending[5], firstRows[24]);

      const beyond = await getHtml(app, `${base}&seite=7`);
      assert.ok(textOf(beyond).includes('Auf Seite 7 gibt es keine Sitzungen mehr'));
      const empty = await getHtml(app, `/kalender/liste?koerperschaft=${SLUG}&von=2010-01-01&bis=2010-12-31`);
      assert.ok(textOf(empty).includes('In diesem Zeitraum sind keine Sitzungen erfasst.'));

      // An emptied "von" field: all meetings, and the pages keep it so.
      const everything = await getHtml(app, `/kalender/liste?koerperschaft=${SLUG}&von=`);
      assert.ok(textOf(everything).includes('38 Sitzungen, älteste zuerst – Seite 1 von 2'));
      const everythingNext = /<a href="([^"]*seite=2[^"]*)">Nächste Seite/.exec(everything)?.[1] ?? '';
      assert.match(decode(everythingNext), /von=(&|$)/);
    });

    test('the body-preset calendar: /{body}/kalender and its list', async () => {
      const html = await getHtml(app, `/${SLUG}/kalender?monat=2024-11`);
      assert.ok(html.includes(`<a href="/${SLUG}">Stadt Kalenderstadt</a>`), 'breadcrumb to the body');
      assert.ok(!html.includes('id="f-koerperschaft"'), 'the body is part of the path');
      assert.match(html, new RegExp(`<form method="get" action="/${SLUG}/kalender"`));
      assert.equal(dayCell(html, '2024-11-14'), '17:00 Uhr Bauausschuss 19:00 Uhr Rat');
      assert.ok(html.includes(`href="/${SLUG}/kalender?monat=2024-12"`));
      const list = listEntries(await getHtml(app, `/${SLUG}/kalender/liste?von=2024-11-01&bis=2024-11-30`));
      assert.equal(list.length, 4);
      await getHtml(app, '/gibt-es-nicht/kalender', 404);
      await getHtml(app, '/gibt-es-nicht/kalender/liste', 404);
    });

    test('invalid input: 400 or 404 with a German message, no stack trace', async () => {
      const cases: [string, number, string][] = [
        ['/kalender?monat=2024-13', 400, 'Der Monat muss im Format JJJJ-MM angegeben werden'],
        ['/kalender?monat=kaputt', 400, 'Der Monat muss im Format JJJJ-MM angegeben werden'],
        ['/kalender?monat=2024-1', 400, 'Der Monat muss im Format JJJJ-MM angegeben werden'],
        ['/kalender?monat=2024-11&jahr=24', 400, 'Das Jahr muss vierstellig angegeben werden'],
        ['/kalender?gremium=abc', 400, 'Das Gremium muss als Nummer angegeben werden'],
        ['/kalender?gremium=999999', 404, 'Dieses Gremium gibt es nicht.'],
        [`/kalender?gremium=${ids['Fraktion Kalenderliste']}`, 404, 'Dieses Gremium gibt es nicht.'],
        ['/kalender?koerperschaft=gibt-es-nicht', 404, 'Diese Körperschaft gibt es nicht.'],
        ['/kalender/liste?von=2024-02-30', 400, 'Das Datum „von“ muss ein gültiges Datum'],
        ['/kalender/liste?bis=18.02.2021', 400, 'Das Datum „bis“ muss ein gültiges Datum'],
        [
          '/kalender/liste?von=2024-02-01&bis=2024-01-31',
          400,
          'Das Datum „bis“ darf nicht vor dem Datum „von“ liegen.',
        ],
        ['/kalender/liste?sortierung=titel', 400, 'Die Sortierung muss'],
        ['/kalender/liste?seite=0', 400, 'Die Seitenzahl muss eine positive ganze Zahl sein.'],
        ['/kalender/liste?seite=x', 400, 'Die Seitenzahl muss eine positive ganze Zahl sein.'],
      ];
      for (const [path, status, message] of cases) {
        const html = await getHtml(app, path, status);
        assert.ok(textOf(html).includes(message), `${path}: ${textOf(html)}`);
        assert.doesNotMatch(html, /DomainError|\.tsx?:\d+/);
      }
    });

    test('no agenda content on any calendar page, whatever the filter', async () => {
      for (const path of [
        '/kalender?monat=2024-11',
        `/kalender?koerperschaft=${SLUG}&monat=2024-11`,
        `/kalender?gremium=${ids.Rat}&monat=2024-11`,
        `/kalender?gremium=${ids.Umweltausschuss}&monat=2024-11`,
        '/kalender/liste?von=2024-01-01',
        `/${SLUG}/kalender/liste?von=2024-11-01&bis=2024-11-30`,
      ]) {
        const html = await getHtml(app, path);
        assertNoSecret(html, path);
        assert.ok(!html.includes('Eröffnung'), `${path}: not even public agenda titles`);
      }
    });
  });
}
