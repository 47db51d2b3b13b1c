/**
 * The search page `/suche` (and `/{body}/suche`) on every storage backend: the form and its labels,
 * results with highlighted words and links, the count, pagination that keeps every parameter, filters
 * from the URL, German messages with 400 for bad input, escaping of the query and of document text, the
 * empty and the no-hit states, and nothing of what a public reader may not read.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../src/db/open.ts';
import { bodies, organizations, papers } from '../../src/db/schema.ts';
import { createApp } from '../../src/http/app.tsx';
import { importDataset } from '../../src/services/dataset/import.ts';
import {
  MARKERS,
  manyHitsTown,
  NEIGHBOUR_TOWN,
  neighbourTown,
  SEARCH_TOWN,
  searchTown,
} from '../fixtures/search-corpus.ts';
import { backends } from '../helpers/db.ts';
import { decode, getHtml, textOf } from '../helpers/html.ts';

type App = ReturnType<typeof createApp>;

/** The <main> element of a page. */
function mainOf(html: string): string {
  const start = html.indexOf('<main');
  assert.ok(start >= 0, 'the page has a main landmark');
  return html.slice(start, html.indexOf('</main>', start));
}

/** The result list items (li.hit), each as HTML. */
function hitsOf(html: string): string[] {
  return [...html.matchAll(/<li class="hit">([\s\S]*?)<\/li>/g)].map((m) => m[1] ?? '');
}

/** The link targets of the result titles, in order. */
function hitLinks(html: string): string[] {
  return hitsOf(html).map((h) => decode(/<h3><a href="([^"]*)"/.exec(h)?.[1] ?? ''));
}

function assertNoStackTrace(body: string) {
  assert.doesNotMatch(body, /^\s+at /m);
  assert.doesNotMatch(body, /\.(ts|tsx|js|mjs):\d+:\d+/);
  assert.doesNotMatch(body, /\b(TypeError|ReferenceError|DomainError|DrizzleQueryError)\b/);
}

const q = (query: string, extra: Record<string, string> = {}) =>
  `/suche?${new URLSearchParams({ q: query, ...extra }).toString()}`;

for (const backend of backends()) {
  describe(`search page (${backend.name})`, () => {
    let database: Database;
    let app: App;
    const logged: unknown[] = [];

    before(async () => {
      database = await backend.open();
      const ctx = { db: database.db, actor: 'test' };
      await importDataset(ctx, searchTown());
      await importDataset(ctx, neighbourTown());
      await importDataset(ctx, manyHitsTown(45));
      app = createApp({ db: database.db, logError: (error) => logged.push(error) });
    });
    after(async () => {
      assert.deepEqual(logged, [], 'no unexpected errors');
      await database?.close();
    });

    test('without a query: one h1, a labelled form with every filter, and search tips', async () => {
      const html = await getHtml(app, '/suche');
      const main = mainOf(html);
      assert.equal(main.match(/<h1>/g)?.length, 1);
      assert.match(main, /<h1>Suche<\/h1>/);
      assert.match(main, /<nav aria-label="Brotkrumen">/);
      for (const [id, label] of [
        ['q', 'Suchbegriffe'],
        ['koerperschaft', 'Körperschaft'],
        ['gremium', 'Gremium'],
        ['art', 'Art'],
        ['von', 'von'],
        ['bis', 'bis'],
        ['sortierung', 'Sortierung'],
      ]) {
        assert.match(main, new RegExp(`<label for="${id}">${label}</label>`), id);
        assert.match(main, new RegExp(`id="${id}" name="${id}"`), id);
      }
      assert.match(main, /<form method="get" action="\/suche"/);
      assert.match(main, /<legend>Zeitraum<\/legend>/);
      assert.match(main, /<option value="suchstadt">Stadt Suchstadt<\/option>/);
      assert.match(main, /<optgroup label="Stadt Suchstadt">[\s\S]*Finanzausschuss[\s\S]*<\/optgroup>/);
      assert.match(textOf(main), /Suchtipps/);
      assert.match(textOf(main), /„Haushalt“ findet auch „Nachtragshaushalt“/);
      assert.doesNotMatch(textOf(main), /Treffer/);
    });

    test('results: the count, linked titles and snippets with marked words, the query kept in both fields', async () => {
      const html = await getHtml(app, q('Nachtragshaushalt', { koerperschaft: SEARCH_TOWN }));
      const main = mainOf(html);
      const text = textOf(main);
      assert.match(text, /\b3 Treffer\b/);
      assert.match(text, /Nach Relevanz sortiert/);
      const links = hitLinks(html);
      assert.equal(links.length, 3);
      assert.match(links[0] ?? '', /^\/suchstadt\/vorlagen\/\d+$/, 'the paper first');
      assert.ok(
        links.some((l) => /^\/suchstadt\/sitzungen\/\d+#top-1$/.test(l)),
        'the agenda item → the item on its meeting page',
      );
      assert.ok(
        links.some((l) => /^\/suchstadt\/sitzungen\/\d+\/niederschrift\.html#top-1$/.test(l)),
        'the minutes → the item in the published minutes',
      );
      assert.match(main, /<mark>Nachtragshaushalt<\/mark> 2025/);
      assert.match(main, /<mark>Nachtragshaushaltssatzung<\/mark>/);
      assert.match(text, /Vorlage 20\/001\/2025 · Beschlussvorlage Nachtragshaushalt 2025 vom 03\.03\.2025/);
      assert.match(
        text,
        /Tagesordnungspunkt 1 Nachtragshaushalt 2025 Sitzung am 20\.03\.2025 · Finanzausschuss · Stadt Suchstadt/,
      );
      assert.match(text, /Niederschrift, TOP 1 Nachtragshaushalt 2025/);
      // The header's search field and the form's keep the query.
      assert.match(html, /id="site-search-q" name="q" type="search" value="Nachtragshaushalt"/);
      assert.match(main, /id="q" name="q" type="search" value="Nachtragshaushalt"/);
      assert.match(html, /<title>Suche: Nachtragshaushalt – Stadt Suchstadt – Ratsinfo<\/title>/);

      // A file: its download, and the paper it belongs to.
      const file = await getHtml(app, q('Brückensanierung'));
      assert.match(textOf(mainOf(file)), /\b1 Treffer\b/);
      assert.match(
        textOf(mainOf(file)),
        /Datei · \d+ Byte Haushaltsplan-Entwurf Nachtrag Anlage zur Vorlage 20\/001\/2025/,
      );
      assert.match(mainOf(file), /<mark>Brückensanierung<\/mark>/);
      const fileLinks = hitLinks(file);
      assert.match(fileLinks[0] ?? '', /^\/suchstadt\/dateien\/\d+\/Nachtrag_2025\.txt$/);

      // The links lead to pages that exist, and their anchors to an element there.
      for (const link of [...links, ...fileLinks]) {
        const [path = '', anchor] = link.split('#');
        const res = await app.request(path);
        assert.equal(res.status, 200, link);
        if (anchor) assert.ok((await res.text()).includes(` id="${anchor}"`), `${link}: the anchor exists`);
      }
    });

    test('filters from the URL: body, Gremium, kind, dates, sorting', async () => {
      const neighbour = await getHtml(app, q('Haushaltssatzung', { koerperschaft: NEIGHBOUR_TOWN }));
      assert.ok(hitLinks(neighbour).length > 0);
      assert.ok(hitLinks(neighbour).every((l) => l.startsWith(`/${NEIGHBOUR_TOWN}/`)));
      assert.match(neighbour, /<option value="nachbarort" selected="">Gemeinde Nachbarort<\/option>/);

      const [finance] = await database.db
        .select({ id: organizations.id })
        .from(organizations)
        .innerJoin(bodies, eq(bodies.id, organizations.bodyId))
        .where(and(eq(bodies.slug, SEARCH_TOWN), eq(organizations.name, 'Finanzausschuss')));
      assert.ok(finance);
      const byGremium = await getHtml(app, q('Haushalt', { gremium: String(finance.id) }));
      assert.match(textOf(mainOf(byGremium)), /\b4 Treffer\b/);
      assert.match(byGremium, new RegExp(`<option value="${finance.id}" selected="">Finanzausschuss</option>`));

      const onlyPapers = await getHtml(app, q('Haushalt', { art: 'vorlage' }));
      assert.ok(hitLinks(onlyPapers).every((l) => /\/vorlagen\/\d+$/.test(l)));
      assert.match(onlyPapers, /<option value="vorlage" selected="">Vorlagen<\/option>/);

      // German dates typed by hand work as well as the date input's.
      for (const [von, bis] of [
        ['2025-06-01', '2025-10-31'],
        ['1.6.2025', '31.10.2025'],
      ]) {
        const range = await getHtml(app, q('Haushalt', { von: von as string, bis: bis as string }));
        assert.match(textOf(mainOf(range)), /\b1 Treffer\b/, `${von}–${bis}`);
        assert.match(textOf(mainOf(range)), /Haushaltssatzung und Haushaltspläne 2026/);
      }

      const byDate = await getHtml(app, q('Haushalt', { sortierung: 'datum', koerperschaft: SEARCH_TOWN }));
      assert.match(textOf(mainOf(byDate)), /Nach Datum sortiert, neueste zuerst/);
      const dates = [...textOf(mainOf(byDate)).matchAll(/(?:Sitzung am|vom) (\d\d)\.(\d\d)\.(\d{4})/g)].map(
        (m) => `${m[3]}-${m[2]}-${m[1]}`,
      );
      assert.ok(dates.length >= 5, dates.join());
      assert.deepEqual(dates, [...dates].sort().reverse());
    });

    test('pagination: 20 a page, the other pages keep every parameter', async () => {
      const first = await getHtml(app, q('Feuerwehrgerätehaus', { sortierung: 'datum', art: 'vorlage' }));
      assert.match(textOf(mainOf(first)), /45 Treffer/);
      assert.match(textOf(mainOf(first)), /Seite 1 von 3/);
      assert.equal(hitsOf(first).length, 20);
      const next = /<a href="([^"]*)">Nächste Seite →<\/a>/.exec(first)?.[1];
      assert.ok(next, 'a link to the next page');
      const params = new URL(decode(next), 'http://x').searchParams;
      assert.equal(params.get('q'), 'Feuerwehrgerätehaus');
      assert.equal(params.get('sortierung'), 'datum');
      assert.equal(params.get('art'), 'vorlage');
      assert.equal(params.get('seite'), '2');
      const second = await getHtml(app, decode(next));
      assert.equal(hitsOf(second).length, 20);
      assert.match(second, /<ol class="hits" start="21">/);
      assert.deepEqual(
        hitLinks(second).filter((l) => hitLinks(first).includes(l)),
        [],
        'no hit twice',
      );
      const last = await getHtml(app, q('Feuerwehrgerätehaus', { sortierung: 'datum', art: 'vorlage', seite: '3' }));
      assert.equal(hitsOf(last).length, 5);
      assert.match(last, /← Vorherige Seite/);
      assert.doesNotMatch(last, /Nächste Seite/);
      const beyond = await getHtml(app, q('Feuerwehrgerätehaus', { seite: '9' }));
      assert.match(textOf(mainOf(beyond)), /Auf Seite 9 gibt es keine Treffer mehr \(es gibt 3 Seiten\)/);
    });

    test('very many hits: "mehr als 1.000 Treffer", 50 pages', async () => {
      const [office] = await database.db
        .select({ id: organizations.id, bodyId: organizations.bodyId })
        .from(organizations)
        .where(eq(organizations.name, 'Feuerwehr'));
      assert.ok(office);
      await database.db.execute(sql`insert into papers (body_id, office_id, reference_year, reference_number,
          reference, paper_type, title, date)
        select ${office.bodyId}, ${office.id}, 2023, n, '37/' || n || '/2023', 'Mitteilungsvorlage',
          'Laubbläser im Stadtpark, Einsatz ' || n, date '2023-01-01' + (n % 365)
        from generate_series(1, 1005) n`);
      const html = await getHtml(app, q('Laubbläser'));
      assert.match(textOf(mainOf(html)), /mehr als 1\.000 Treffer Nach Relevanz sortiert – Seite 1 von 50/);
      const last = await getHtml(app, q('Laubbläser', { seite: '50' }));
      assert.equal(hitsOf(last).length, 20);
      assert.doesNotMatch(last, /Nächste Seite/);
      const tooFar = await getHtml(app, q('Laubbläser', { seite: '51' }), 400);
      assert.match(textOf(mainOf(tooFar)), /Es werden höchstens 50 Seiten angezeigt/);
    });

    test('bad input: a German message, 400, the form kept, no trace', async () => {
      for (const [params, message] of [
        [{ q: 'Haushalt', von: '2025-02-30' }, /„2025-02-30“ ist kein gültiges Datum für „von“/],
        [{ q: 'Haushalt', bis: 'gestern' }, /„gestern“ ist kein gültiges Datum für „bis“/],
        [{ q: 'Haushalt', von: '2025-12-01', bis: '2025-01-01' }, /„von“ liegt nach dem Datum „bis“/],
        [{ q: 'x'.repeat(201) }, /Die Suchanfrage ist zu lang: höchstens 200 Zeichen, es sind 201/],
        [{ q: 'Haushalt', art: 'protokoll' }, /Diese Art gibt es nicht/],
        [{ q: 'Haushalt', sortierung: 'titel' }, /nach Relevanz oder nach Datum/],
        [{ q: 'Haushalt', gremium: '999999' }, /Dieses Gremium gibt es nicht/],
        [{ q: 'Haushalt', koerperschaft: 'atlantis' }, /Diese Körperschaft gibt es nicht/],
        [{ q: 'Haushalt', seite: '0' }, /Die Seitenzahl muss eine positive ganze Zahl sein/],
      ] as const) {
        const path = `/suche?${new URLSearchParams(params).toString()}`;
        const html = await getHtml(app, path, 400);
        const main = mainOf(html);
        assert.match(main, /<div role="alert">/, path);
        assert.match(textOf(main), message, path);
        assert.match(main, /<form method="get" action="\/suche"/, path);
        assert.doesNotMatch(main, /class="hit"/, path);
        assertNoStackTrace(html);
      }
      // A Gremium of another body.
      const [other] = await database.db
        .select({ id: organizations.id })
        .from(organizations)
        .innerJoin(bodies, eq(bodies.id, organizations.bodyId))
        .where(and(eq(bodies.slug, NEIGHBOUR_TOWN), eq(organizations.kind, 'council')));
      assert.ok(other);
      const wrong = await getHtml(app, q('Haushalt', { koerperschaft: SEARCH_TOWN, gremium: String(other.id) }), 400);
      assert.match(textOf(mainOf(wrong)), /Das Gremium gehört nicht zu Stadt Suchstadt/);
    });

    test('the query and document text are escaped, never markup', async () => {
      const attack = '<script>alert(1)</script>"><img src=x onerror=alert(2)>';
      const html = await getHtml(app, q(attack));
      assert.doesNotMatch(html, /<script>alert\(1\)/);
      assert.doesNotMatch(html, /<img src=x/);
      assert.match(
        html,
        /value="&lt;script&gt;alert\(1\)&lt;\/script&gt;&quot;&gt;&lt;img src=x onerror=alert\(2\)&gt;"/,
      );
      const content = await getHtml(app, q('Sondernutzung'));
      const main = mainOf(content);
      assert.doesNotMatch(main, /<script>|<b>Sondernutzungen|<img src=x/);
      assert.match(main, /Satzung über &lt;b&gt;<mark>Sondernutzungen<\/mark>&lt;\/b&gt; &amp; Gebühren/);
      assert.match(main, /&lt;script&gt;alert\(&quot;<mark>Sondernutzung<\/mark>&quot;\)&lt;\/script&gt;/);
    });

    test('no hits: said so, with a suggestion and the count without filters', async () => {
      const typo = await getHtml(app, q('Baumschutzsatzng'));
      const text = textOf(mainOf(typo));
      assert.match(text, /Keine Treffer/);
      assert.match(text, /Für „Baumschutzsatzng“ gibt es keine Treffer/);
      assert.match(typo, /Meinten Sie: <a href="\/suche\?q=Baumschutzsatzung">Baumschutzsatzung<\/a>\?/);
      assert.match(text, /Suchtipps/);

      const filtered = await getHtml(app, q('Nachtragshaushalt', { art: 'datei', von: '2026-01-01' }));
      assert.match(textOf(mainOf(filtered)), /Ohne die Filter für Gremium, Art und Zeitraum gibt es 3 Treffer/);
      assert.match(filtered, /<a href="\/suche\?q=Nachtragshaushalt">ohne diese Filter suchen<\/a>/);

      const stop = await getHtml(app, q('und der die'));
      assert.match(textOf(mainOf(stop)), /nur sehr häufige Wörter/);
      for (const signs of ['%', '(((', '&|!']) {
        const none = textOf(mainOf(await getHtml(app, q(signs))));
        assert.match(none, /enthält nur Satz- und Sonderzeichen, kein Wort und keine Zahl/, signs);
        assert.doesNotMatch(none, /sehr häufige Wörter/, signs);
      }
      const minus = await getHtml(app, q('-Haushalt'));
      assert.match(textOf(mainOf(minus)), /nur ausgeschlossene Begriffe/);
    });

    test('non-public content: not found, counted or suggested', async () => {
      for (const marker of Object.values(MARKERS)) {
        for (const query of [marker, `${marker.slice(0, -2)}x${marker.slice(-1)}`]) {
          const html = await getHtml(app, q(query));
          assert.equal(hitsOf(html).length, 0, query);
          const text = textOf(mainOf(html));
          assert.match(text, /Keine Treffer/, query);
          assert.ok(!text.replaceAll(`„${query}“`, '').includes(marker), `${query}: ${text}`);
          assert.doesNotMatch(decode(html), new RegExp(`q=${marker}`, 'i'), query);
        }
      }
      const [secret] = await database.db
        .select({ reference: papers.reference })
        .from(papers)
        .where(eq(papers.public, false));
      assert.ok(secret);
      const all = await getHtml(app, q('Haushalt'));
      for (const marker of [...Object.values(MARKERS), secret.reference]) assert.ok(!all.includes(marker), marker);
      const reference = await getHtml(app, q(secret.reference));
      assert.equal(hitsOf(reference).length, 0);
    });

    test('/{body}/suche: the body preset, with its breadcrumb; an unknown body is 404', async () => {
      const html = await getHtml(app, `/${SEARCH_TOWN}/suche?q=Haushaltssatzung`);
      const main = mainOf(html);
      assert.match(main, /<h1>Suche in Stadt Suchstadt<\/h1>/);
      assert.match(main, /<a href="\/suchstadt">Stadt Suchstadt<\/a>/);
      assert.match(main, /<option value="suchstadt" selected="">/);
      assert.ok(hitLinks(html).length > 0);
      assert.ok(hitLinks(html).every((l) => l.startsWith(`/${SEARCH_TOWN}/`)));
      const unknown = await getHtml(app, '/atlantis/suche?q=Haushalt', 404);
      assert.match(textOf(unknown), /Diese Körperschaft gibt es nicht/);
    });
  });
}
