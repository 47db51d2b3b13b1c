/**
 * Full-text search on a German corpus (test/fixtures/search-corpus.ts), on every storage backend:
 * stemming, compounds, phrases, exclusions, umlaut spellings, filters, sorting, pagination, snippets,
 * suggestions; and visibility: nothing a public reader may not read is found, counted, highlighted or
 * suggested, and a meeting's agenda and minutes become findable only when they are published.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../src/db/open.ts';
import { type SearchHit, type SearchOptions, type SearchResult, search } from '../../src/db/repositories/search.ts';
import { bodies, meetings, organizations, papers } from '../../src/db/schema.ts';
import { isDomainError } from '../../src/domain/errors.ts';
import { importDataset } from '../../src/services/dataset/import.ts';
import { MARKERS, NEIGHBOUR_TOWN, neighbourTown, SEARCH_TOWN, searchTown } from '../fixtures/search-corpus.ts';
import { backends } from '../helpers/db.ts';

const plain = (segments: { text: string }[]) => segments.map((s) => s.text).join('');
const marked = (segments: { text: string; hit: boolean }[]) => segments.filter((s) => s.hit).map((s) => s.text);
/** "paper: Nachtragshaushalt 2025" – kind and title of a hit. */
const label = (hit: SearchHit) => `${hit.kind}: ${plain(hit.title)}`;

async function find(
  db: Executor,
  query: string,
  options: Partial<Omit<SearchOptions, 'query'>> = {},
): Promise<SearchResult & { labels: string[] }> {
  const result = await search(db, { query, visibility: 'public', limit: 50, offset: 0, ...options });
  return { ...result, labels: result.hits.map(label) };
}

async function bodyId(db: Executor, slug: string): Promise<number> {
  const [row] = await db.select({ id: bodies.id }).from(bodies).where(eq(bodies.slug, slug));
  assert.ok(row, slug);
  return row.id;
}

async function organizationId(db: Executor, slug: string, name: string): Promise<number> {
  const [row] = await db
    .select({ id: organizations.id })
    .from(organizations)
    .innerJoin(bodies, eq(bodies.id, organizations.bodyId))
    .where(and(eq(bodies.slug, slug), eq(organizations.name, name)));
  assert.ok(row, name);
  return row.id;
}

/** Every text of a result a user sees: titles, snippets, suggestions. */
function visibleText(result: SearchResult): string {
  return [...result.hits.flatMap((h) => [plain(h.title), plain(h.snippet)]), ...result.suggestions].join('\n');
}

for (const backend of backends()) {
  describe(`search quality (${backend.name})`, () => {
    let database: Database;
    let db: Executor;

    before(async () => {
      database = await backend.open();
      db = database.db;
      const ctx = { db, actor: 'test' };
      await importDataset(ctx, searchTown());
      await importDataset(ctx, neighbourTown());
    });
    after(() => database?.close());

    test('a word finds its inflected forms (german stemming)', async () => {
      const plan = await find(db, 'Haushaltsplan');
      assert.ok(plan.labels.includes('paper: Haushaltssatzung und Haushaltspläne 2026'), plan.labels.join(' | '));
      // "Haushaltsplans" only in the paper's text.
      assert.ok(plan.labels.includes('paper: Nachtragshaushalt 2025'), plan.labels.join(' | '));
      assert.ok(plan.labels.includes('file: Haushaltsplan-Entwurf Nachtrag'), plan.labels.join(' | '));
      const trees = await find(db, 'Bäume', { kind: 'paper' });
      assert.deepEqual(trees.labels, ['paper: Baumschutzsatzung']);
      const kinder = await find(db, 'Kinder', { kind: 'paper' });
      assert.ok(kinder.labels.includes('paper: Schulentwicklungsplan 2025 bis 2030'), kinder.labels.join(' | '));
    });

    test('a word finds compounds that contain it, at the start, the end or inside', async () => {
      const budget = await find(db, 'Haushalt', { bodyId: await bodyId(db, SEARCH_TOWN) });
      for (const expected of [
        'paper: Nachtragshaushalt 2025',
        'agenda_item: Nachtragshaushalt 2025',
        'minutes: Nachtragshaushalt 2025',
        'paper: Haushaltssatzung und Haushaltspläne 2026',
        'agenda_item: Haushaltssatzung 2026',
        'file: Haushaltsplan-Entwurf Nachtrag',
      ]) {
        assert.ok(budget.labels.includes(expected), `${expected} in ${budget.labels.join(' | ')}`);
      }
      const paper = budget.hits.find((h) => label(h) === 'paper: Nachtragshaushalt 2025');
      assert.deepEqual(marked(paper?.title ?? []), ['Nachtragshaushalt']);
      assert.ok(marked(paper?.snippet ?? []).includes('Nachtragshaushaltssatzung'), plain(paper?.snippet ?? []));

      // "Verkehr" inside "Radverkehrskonzept", "Radverkehr".
      const traffic = await find(db, 'Verkehr');
      assert.ok(traffic.labels.includes('paper: Radverkehrskonzept für die Innenstadt'), traffic.labels.join(' | '));
      assert.ok(traffic.labels.includes('agenda_item: Bericht zum Radverkehr'), traffic.labels.join(' | '));

      // "Baum" at the end of "Straßenbäume", "Schule" at the end of "Grundschulen": highlighted as matches.
      const tree = await find(db, 'Baum', { kind: 'paper' });
      const treePaper = tree.hits.find((h) => label(h) === 'paper: Baumschutzsatzung');
      assert.ok(treePaper, tree.labels.join(' | '));
      assert.ok(marked(treePaper.snippet).includes('Straßenbäume'), plain(treePaper.snippet));
      const school = await find(db, 'Schule', { kind: 'paper' });
      const schoolPaper = school.hits.find((h) => label(h) === 'paper: Schulentwicklungsplan 2025 bis 2030');
      assert.ok(schoolPaper, school.labels.join(' | '));
      assert.ok(marked(schoolPaper.snippet).includes('Grundschulen'), plain(schoolPaper.snippet));

      // A compound at its start and its parts joined by a hyphen.
      const kita = await find(db, 'Kita');
      assert.ok(kita.labels.includes('paper: Kitagebühren ab dem Kindergartenjahr 2025/2026'), kita.labels.join(' | '));
      assert.ok(kita.labels.includes('agenda_item: Kita-Bedarfsplanung 2026'), kita.labels.join(' | '));
    });

    test('a "quoted phrase" matches its words in order, exactly', async () => {
      const phrase = await find(db, '"Haushaltssatzung 2026"', { bodyId: await bodyId(db, SEARCH_TOWN) });
      assert.deepEqual(phrase.labels.sort(), [
        'agenda_item: Haushaltssatzung 2026',
        'paper: Haushaltssatzung und Haushaltspläne 2026', // by its text "der Haushaltssatzung 2026 wird"
      ]);
      assert.equal((await find(db, '"2026 Haushaltssatzung"')).total, 0);
      const words = await find(db, '"Sanierung des Bürgerhauses"');
      assert.deepEqual(words.labels, ['paper: Sanierung des Bürgerhauses Nord']);
      assert.deepEqual(marked(words.hits[0]?.title ?? []), ['Sanierung', 'Bürgerhauses']);
      // In quotes no compounds: no public document has the word "Haushalt" on its own.
      const exact = await find(db, '"Haushalt"');
      assert.equal(exact.total, 0);
      assert.ok((await find(db, 'Haushalt')).total > 0);
    });

    test('a word with a minus leaves out what contains it', async () => {
      const all = await find(db, 'Haushalt');
      const without = await find(db, 'Haushalt -Nachtrag');
      assert.ok(without.total > 0 && without.total < all.total, `${without.total} of ${all.total}`);
      assert.ok(without.labels.includes('paper: Haushaltssatzung und Haushaltspläne 2026'));
      for (const hit of without.hits) assert.doesNotMatch(visibleText({ ...without, hits: [hit] }), /Nachtrag/);
    });

    test('umlauts, ß and their transliterations find the same', async () => {
      const expected = ['minutes: Nachtragshaushalt 2025', 'paper: Sanierung des Bürgerhauses Nord'];
      for (const query of ['Bürgerhaus', 'Buergerhaus', 'BÜRGERHAUS', 'bürgerhäuser']) {
        assert.deepEqual((await find(db, query)).labels.sort(), expected, query);
      }
      // The minutes write "Buergerhaus"; it is highlighted whichever spelling was searched.
      for (const query of ['Bürgerhaus', 'Buergerhaus']) {
        const minutes = (await find(db, query, { kind: 'minutes' })).hits[0];
        assert.ok(minutes && marked(minutes.snippet).includes('Buergerhaus'), query);
      }
      const street = [
        'file: Präsentation Radverkehr',
        'agenda_item: Straßenausbau Lindenstraße',
        'paper: Straßenausbau Lindenstraße',
      ];
      for (const query of ['Lindenstraße', 'Lindenstrasse', 'LINDENSTRASSE']) {
        assert.deepEqual((await find(db, query)).labels.sort(), street.sort(), query);
      }
      assert.deepEqual((await find(db, 'Strassenausbau')).labels.sort(), [
        'agenda_item: Straßenausbau Lindenstraße',
        'paper: Straßenausbau Lindenstraße',
      ]);
    });

    test('filters: body, Gremium, kind and dates', async () => {
      const neighbour = await find(db, 'Haushaltssatzung', { bodyId: await bodyId(db, NEIGHBOUR_TOWN) });
      assert.deepEqual(neighbour.labels.sort(), [
        'agenda_item: Haushaltssatzung 2026',
        'paper: Haushaltssatzung 2026 der Gemeinde Nachbarort',
      ]);
      assert.ok(neighbour.hits.every((h) => h.body.slug === NEIGHBOUR_TOWN));

      // The Finanzausschuss: its meeting's items and minutes, the paper it consulted and that paper's file.
      const finance = await find(db, 'Haushalt', {
        organizationId: await organizationId(db, SEARCH_TOWN, 'Finanzausschuss'),
      });
      assert.deepEqual(finance.labels.sort(), [
        'agenda_item: Nachtragshaushalt 2025',
        'file: Haushaltsplan-Entwurf Nachtrag',
        'minutes: Nachtragshaushalt 2025',
        'paper: Nachtragshaushalt 2025',
      ]);

      const onlyPapers = await find(db, 'Haushalt', { kind: 'paper' });
      assert.ok(onlyPapers.total > 0 && onlyPapers.hits.every((h) => h.kind === 'paper'));
      const onlyMinutes = await find(db, 'Schule', { kind: 'minutes' });
      assert.deepEqual(onlyMinutes.labels, ['minutes: Nachtragshaushalt 2025']);
      assert.equal(
        onlyMinutes.hits[0]?.kind === 'minutes' ? onlyMinutes.hits[0].addendum : null,
        'Ergänzende Antwort zur Niederschrift',
      );

      const autumn = await find(db, 'Haushalt', { from: '2025-06-01', to: '2025-10-31' });
      assert.deepEqual(autumn.labels, ['paper: Haushaltssatzung und Haushaltspläne 2026']);
      // Bounds are inclusive; the meeting's day counts in German time.
      const day = await find(db, 'Haushalt', { from: '2025-03-20', to: '2025-03-20' });
      // The file is attached to a paper of 03.03.2025 only: outside the range.
      assert.deepEqual(day.labels.sort(), ['agenda_item: Nachtragshaushalt 2025', 'minutes: Nachtragshaushalt 2025']);
      assert.ok(
        day.hits.every((h) => h.date === '2025-03-20'),
        day.hits.map((h) => h.date).join(),
      );
    });

    test('sorted by relevance (title matches first) or by date, newest first', async () => {
      // In the paper's title and text, in the minutes' text only.
      assert.deepEqual((await find(db, 'Bürgerhaus')).labels, [
        'paper: Sanierung des Bürgerhauses Nord',
        'minutes: Nachtragshaushalt 2025',
      ]);
      // The file has it in its text only, the paper and the item in their titles.
      assert.equal((await find(db, 'Lindenstrasse')).labels.at(-1), 'file: Präsentation Radverkehr');
      const byDate = await find(db, 'Haushalt', { sort: 'date' });
      const dates = byDate.hits.map((h) => h.date ?? '');
      assert.ok(dates.length >= 7);
      assert.deepEqual(dates, [...dates].sort().reverse(), dates.join());
    });

    test('pages of hits add up to all hits, with the same total on every page', async () => {
      const all = await find(db, 'Haushalt');
      assert.ok(all.total >= 7, String(all.total));
      assert.equal(all.total, all.hits.length);
      const pages: SearchHit[] = [];
      for (let offset = 0; offset < all.total; offset += 3) {
        const page = await find(db, 'Haushalt', { limit: 3, offset });
        assert.equal(page.total, all.total);
        assert.ok(page.hits.length <= 3);
        pages.push(...page.hits);
      }
      assert.deepEqual(
        pages.map((h) => `${h.kind}:${h.id}`),
        all.hits.map((h) => `${h.kind}:${h.id}`),
      );
      const beyond = await find(db, 'Haushalt', { limit: 3, offset: 300 });
      assert.equal(beyond.hits.length, 0);
      assert.equal(beyond.total, all.total);
    });

    test('titles and snippets keep the text as it is, markup included, with the matches marked', async () => {
      const result = await find(db, 'Sondernutzung');
      const paper = result.hits.find((h) => h.kind === 'paper');
      assert.ok(paper);
      assert.equal(plain(paper.title), 'Satzung über <b>Sondernutzungen</b> & Gebühren');
      assert.deepEqual(marked(paper.title), ['Sondernutzungen']);
      assert.ok(
        plain(paper.snippet).startsWith(
          'Markup im Text bleibt Text: <script>alert("Sondernutzung")</script> und <img src=x',
        ),
        plain(paper.snippet),
      );
      assert.deepEqual(marked(paper.snippet), ['Sondernutzung']);
      // Control characters in a document cannot fake a highlight; they are left out.
      const title = 'Satzung über <b>Sondernutzungen</b> & Gebühren';
      const control = (code: number) => String.fromCharCode(code);
      await db
        .update(papers)
        .set({ title: `${title} ${control(1)}Abgabe${control(2)}${control(3)}${control(4)}` })
        .where(eq(papers.title, title));
      try {
        const [faked] = (await find(db, 'Sondernutzung', { kind: 'paper' })).hits;
        assert.equal(plain(faked?.title ?? []), `${title} Abgabe`);
        assert.deepEqual(marked(faked?.title ?? []), ['Sondernutzungen']);
      } finally {
        await db
          .update(papers)
          .set({ title })
          .where(eq(papers.title, `${title} ${control(1)}Abgabe${control(2)}${control(3)}${control(4)}`));
      }
    });

    test('nothing found: a similar word from the titles, and the count without the filters', async () => {
      const typo = await find(db, 'Baumschutzsatzng');
      assert.equal(typo.total, 0);
      assert.ok(typo.suggestions.includes('Baumschutzsatzung'), typo.suggestions.join());
      const filtered = await find(db, 'Nachtragshaushalt', { kind: 'file', from: '2026-01-01' });
      assert.equal(filtered.total, 0);
      assert.equal(filtered.totalWithoutFilters, (await find(db, 'Nachtragshaushalt')).total);
    });

    test('a query without searchable words, and one too long, are told apart', async () => {
      assert.equal((await find(db, 'und der die')).searchable, false);
      assert.equal((await find(db, '-Haushalt')).searchable, false);
      assert.equal((await find(db, '   ')).searchable, false);
      for (const query of ['a'.repeat(201), Array.from({ length: 13 }, (_, i) => `wort${i}`).join(' ')]) {
        await assert.rejects(find(db, query), (error: unknown) => {
          assert.ok(isDomainError(error));
          assert.equal(error.id, 'search.query_too_long');
          assert.match(error.message, /zu (lang|viele)/);
          return true;
        });
      }
    });

    test('rows written by plain SQL are found too, their compounds included', async () => {
      const [office] = await db
        .select({ id: organizations.id, bodyId: organizations.bodyId })
        .from(organizations)
        .innerJoin(bodies, eq(bodies.id, organizations.bodyId))
        .where(and(eq(bodies.slug, SEARCH_TOWN), eq(organizations.officeNumber, '61')));
      assert.ok(office);
      await db.execute(sql`insert into papers (body_id, office_id, reference_year, reference_number, reference, paper_type, title)
        values (${office.bodyId}, ${office.id}, 2030, 999, '61/999/2030', 'Beschlussvorlage', 'Regenrückhaltebecken am Mühlenbach')`);
      const result = await find(db, 'Rückhaltebecken');
      assert.deepEqual(result.labels, ['paper: Regenrückhaltebecken am Mühlenbach']);
      await db.execute(sql`update papers set title = 'Hochwasserschutz am Mühlenbach' where reference = '61/999/2030'`);
      assert.equal((await find(db, 'Rückhaltebecken')).total, 0);
      assert.deepEqual((await find(db, 'Wasserschutz')).labels, ['paper: Hochwasserschutz am Mühlenbach']);
    });

    test('a word with very many hits: counted up to 1,000, pages up to there, newest first', async () => {
      const [office] = await db
        .select({ id: organizations.id, bodyId: organizations.bodyId })
        .from(organizations)
        .innerJoin(bodies, eq(bodies.id, organizations.bodyId))
        .where(and(eq(bodies.slug, SEARCH_TOWN), eq(organizations.officeNumber, '20')));
      assert.ok(office);
      // 1,010 papers by plain SQL, one a day from 2000-01-01 on; every third also in a non-public one.
      await db.execute(sql`insert into papers (body_id, office_id, reference_year, reference_number, reference,
          paper_type, title, date, public)
        select ${office.bodyId}, ${office.id}, 1999, n, '20/' || n || '/1999', 'Mitteilungsvorlage',
          'Winterdienstbericht Nummer ' || n, date '2000-01-01' + n, true
        from generate_series(1, 1010) n`);
      await db.execute(sql`insert into papers (body_id, office_id, reference_year, reference_number, reference,
          paper_type, title, date, public)
        select ${office.bodyId}, ${office.id}, 1998, n, '20/' || n || '/1998', 'Mitteilungsvorlage',
          'Winterdienstbericht geheim ' || n, date '2000-01-01' + n, false
        from generate_series(1, 30) n`);
      const first = await find(db, 'Winterdienst', { limit: 20 });
      assert.equal(first.total, 1000);
      assert.equal(first.totalIsLowerBound, true);
      assert.deepEqual(
        first.hits.map((h) => h.date),
        Array.from({ length: 20 }, (_, i) => new Date(Date.UTC(2000, 0, 1 + 1010 - i)).toISOString().slice(0, 10)),
      );
      const last = await find(db, 'Winterdienst', { limit: 20, offset: 980 });
      assert.equal(last.hits.length, 20);
      assert.ok(last.hits.every((h) => plain(h.title).startsWith('Winterdienstbericht Nummer ')));
      // A filter that leaves fewer: the exact number.
      const range = await find(db, 'Winterdienst', { from: '2000-01-02', to: '2000-01-31' });
      assert.equal(range.total, 30);
      assert.equal(range.totalIsLowerBound, false);
      const staff = await search(db, {
        query: 'Winterdienst',
        visibility: 'staff',
        from: '2000-01-02',
        to: '2000-01-31',
        limit: 50,
        offset: 0,
      });
      assert.equal(staff.total, 60);
    });
  });

  describe(`search visibility (${backend.name})`, () => {
    let database: Database;
    let db: Executor;

    before(async () => {
      database = await backend.open();
      db = database.db;
      await importDataset({ db, actor: 'test' }, searchTown());
    });
    after(() => database?.close());

    test('nothing a public reader may not read is found, though staff find every marker', async () => {
      for (const [what, marker] of Object.entries(MARKERS)) {
        const staff = await search(db, { query: marker, visibility: 'staff', limit: 10, offset: 0 });
        assert.ok(staff.total >= 1, `${what}: the marker is indexed`);
        const publicResult = await find(db, marker);
        assert.equal(publicResult.total, 0, what);
        assert.deepEqual(publicResult.hits, [], what);
        // Nor a part of it, nor a typo of it.
        const part = await find(db, marker.slice(2));
        assert.doesNotMatch(visibleText(part), new RegExp(marker, 'i'), what);
        const typo = await find(db, `${marker.slice(0, -2)}x${marker.slice(-1)}`);
        assert.equal(typo.total, 0, what);
        // A suggestion, if any, is a word of a public document, never the marker.
        assert.doesNotMatch(visibleText(typo), new RegExp(marker, 'i'), what);
        for (const suggestion of typo.suggestions) assert.ok((await find(db, suggestion)).total > 0, suggestion);
      }
    });

    test('counts leave out what may not be read', async () => {
      for (const query of ['Haushalt', 'Straße', 'Gutachten']) {
        const publicResult = await find(db, query);
        const staff = await search(db, { query, visibility: 'staff', limit: 50, offset: 0 });
        assert.equal(publicResult.total, publicResult.hits.length, query);
        assert.ok(staff.total > publicResult.total, `${query}: staff ${staff.total}, public ${publicResult.total}`);
        for (const marker of Object.values(MARKERS)) {
          assert.doesNotMatch(visibleText(publicResult), new RegExp(marker, 'i'), `${query}: ${marker}`);
        }
        for (const kind of ['paper', 'agenda_item', 'minutes', 'file'] as const) {
          const ofKind = await find(db, query, { kind });
          assert.equal(ofKind.total, publicResult.hits.filter((h) => h.kind === kind).length, `${query}, ${kind}`);
        }
      }
    });

    test('an agenda is found once published, minutes and their attachments once signed', async () => {
      const meetingOf = async (title: string) => {
        const [row] = await db
          .execute<{ meeting_id: number }>(sql`select meeting_id from agenda_items where title = ${title}`)
          .then((r) => (r as unknown as { rows: { meeting_id: number }[] }).rows);
        assert.ok(row, title);
        return Number(row.meeting_id);
      };
      const planned = await meetingOf(`${MARKERS.plannedAgenda} der Gesamtschule`);
      assert.equal((await find(db, MARKERS.plannedAgenda)).total, 0);
      await db.update(meetings).set({ state: 'invited' }).where(eq(meetings.id, planned));
      assert.deepEqual((await find(db, MARKERS.plannedAgenda)).labels, [
        `agenda_item: ${MARKERS.plannedAgenda} der Gesamtschule`,
      ]);

      const held = await meetingOf('Straßenausbau Lindenstraße');
      assert.equal((await find(db, MARKERS.unsignedMinutes)).total, 0);
      assert.equal((await find(db, MARKERS.fileOfUnsignedMinutes)).total, 0);
      await db
        .update(meetings)
        .set({ state: 'minutes_signed', minutesPublishedAt: new Date() })
        .where(eq(meetings.id, held));
      assert.deepEqual((await find(db, MARKERS.unsignedMinutes)).labels, ['minutes: Straßenausbau Lindenstraße']);
      const file = (await find(db, MARKERS.fileOfUnsignedMinutes)).hits[0];
      assert.ok(file?.kind === 'file' && file.meeting?.id === held && file.date === '2025-06-05');

      // Non-public stays non-public, whatever the meeting's state.
      assert.equal((await find(db, MARKERS.nonPublicItem)).total, 0);
      assert.equal((await find(db, MARKERS.fileOfNonPublicItem)).total, 0);
      await db
        .update(papers)
        .set({ public: true })
        .where(eq(papers.title, `Grundstücksankauf ${MARKERS.nonPublicPaper}`));
      assert.equal((await find(db, MARKERS.nonPublicPaper)).total, 1);
      assert.equal((await find(db, MARKERS.fileOfNonPublicPaper)).total, 1);
    });
  });
}
