/**
 * Sitemaps (sitemaps.org) and robots.txt on every storage backend: every public page is listed with
 * its lastmod (the same pages the portal's own lists show), nothing non-public is, every listed URL
 * answers, and a large installation gets a sitemap index of pages of at most 50,000 URLs.
 */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq, like, sql } from 'drizzle-orm';
import type { Database } from '../../src/db/open.ts';
import { listGremien } from '../../src/db/repositories/organizations.ts';
import { listPapers } from '../../src/db/repositories/papers.ts';
import { listPublicPersons } from '../../src/db/repositories/persons.ts';
import { bodies, meetings, organizations, papers, persons } from '../../src/db/schema.ts';
import { loadDemo } from '../../src/demo/load.ts';
import { createApp } from '../../src/http/app.tsx';
import { loadSitemap } from '../../src/http/portal/sitemap.ts';
import { importDataset } from '../../src/services/dataset/import.ts';
import type { DatasetInput } from '../../src/services/dataset/schema.ts';
import { backends } from '../helpers/db.ts';
import { assertConditional } from '../helpers/http-cache.ts';
import { checkXml, xmlText } from '../helpers/xml.ts';

/** Must never appear in a sitemap. */
const SECRET = 'ZZSITEMAPGEHEIM';
const ORIGIN = 'http://localhost';

type App = ReturnType<typeof createApp>;

/** A body with a public and a non-public paper, a non-public item with a file, and a person known only from an office. */
function sitemapstadt(): DatasetInput {
  return {
    body: { slug: 'sitemapstadt', name: 'Gemeinde Sitemapstadt', jurisdiction: 'nrw-gemeinde' },
    terms: [{ key: 't', name: 'Wahlperiode 2020–2025', startDate: '2020-11-01', endDate: '2025-10-31' }],
    organizations: [
      { key: 'rat', kind: 'council', name: 'Rat' },
      { key: 'hfa', kind: 'committee', name: 'Haupt- und Finanzausschuss', parent: 'rat' },
      { key: 'spd', kind: 'faction', name: 'SPD-Fraktion', parent: 'rat' },
      { key: 'amt', kind: 'office', name: 'Hauptamt', officeNumber: '10' },
    ],
    persons: [
      { key: 'a', givenName: 'Anna', familyName: 'Ratsfrau' },
      { key: 'x', givenName: 'Xaver', familyName: `${SECRET}-Sachbearbeiter` },
    ],
    memberships: [
      { person: 'a', organization: 'rat', term: 't', role: 'member', votingRight: true, onBehalfOf: 'spd' },
      { person: 'x', organization: 'amt', role: 'member', votingRight: false },
    ],
    files: [
      {
        key: 'f-secret',
        name: `${SECRET}-anlage`,
        fileName: `${SECRET}.txt`,
        mimeType: 'text/plain',
        content: SECRET,
      },
    ],
    papers: [
      { key: 'p1', office: 'amt', reference: '10/001/2024', year: 2024, paperType: 'Antrag', title: 'Öffentlich' },
      {
        key: 'p2',
        office: 'amt',
        reference: '10/002/2024',
        year: 2024,
        paperType: 'Beschlussvorlage',
        title: `${SECRET}-vorlage`,
        public: false,
        files: ['f-secret'],
      },
    ],
    meetings: [
      {
        key: 'm1',
        organization: 'rat',
        state: 'minutes_signed',
        startAt: '2024-03-07T18:00:00+01:00',
        agenda: [
          { number: '1', public: true, title: 'Öffentlicher Punkt', paper: 'p1' },
          {
            number: '2',
            public: false,
            title: `${SECRET}-top`,
            paper: 'p2',
            attachments: [{ file: 'f-secret', label: 'Anlage 1' }],
          },
        ],
      },
      { key: 'm2', organization: 'hfa', state: 'planned', startAt: '2030-01-10T17:00:00+01:00' },
    ],
  };
}

interface UrlEntry {
  loc: string;
  lastmod: string | undefined;
}

/** GET a sitemap document, check it (well-formed, namespace, entries), and return its entries. */
async function getSitemap(app: App, path: string, root: 'urlset' | 'sitemapindex', origin = ORIGIN) {
  const res = await app.request(path);
  const xml = await res.text();
  assert.equal(res.status, 200, `${path}: ${xml.slice(0, 300)}`);
  assert.equal(res.headers.get('content-type'), 'application/xml; charset=utf-8');
  checkXml(xml);
  assert.ok(xml.includes(`<${root} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`), xml.slice(0, 200));
  const element = root === 'urlset' ? 'url' : 'sitemap';
  const entries: UrlEntry[] = [...xml.matchAll(new RegExp(`<${element}>([\\s\\S]*?)</${element}>`, 'g'))].map((m) => {
    const body = m[1] as string;
    const loc = /<loc>([^<]+)<\/loc>/.exec(body)?.[1];
    assert.ok(loc, body);
    const lastmod = /<lastmod>([^<]+)<\/lastmod>/.exec(body)?.[1];
    if (lastmod) assert.match(lastmod, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/, 'W3C datetime');
    return { loc: xmlText(loc), lastmod };
  });
  assert.ok(entries.length <= 50_000, 'at most 50,000 entries');
  for (const e of entries) assert.ok(e.loc.startsWith(`${origin}/`), e.loc);
  return { xml, entries, res };
}

async function bodyIdOf(database: Database, slug: string): Promise<number> {
  const [row] = await database.db.select({ id: bodies.id }).from(bodies).where(eq(bodies.slug, slug));
  assert.ok(row, slug);
  return row.id;
}

for (const backend of backends()) {
  describe(`sitemap and robots.txt (${backend.name})`, () => {
    let database: Database;
    let app: App;

    before(async () => {
      database = await backend.open();
      await loadDemo(database.db);
      await importDataset({ db: database.db, actor: 'test' }, sitemapstadt());
      app = createApp({ db: database.db, logError: (error) => assert.fail(String(error)) });
    });

    after(async () => {
      await database?.close();
    });

    test('/sitemap.xml lists exactly the public pages, each once, with lastmod for entity pages', async () => {
      const { entries } = await getSitemap(app, '/sitemap.xml', 'urlset');
      const paths = entries.map((e) => e.loc.slice(ORIGIN.length));
      assert.equal(new Set(paths).size, paths.length, 'no duplicates');
      const expected = ['/', '/sitzungen', '/kalender', '/barrierefreiheit'];
      for (const slug of ['kreis-mettmann', 'sitemapstadt']) {
        const bodyId = await bodyIdOf(database, slug);
        expected.push(`/${slug}`, `/${slug}/vorlagen`, `/${slug}/personen`, `/${slug}/fraktionen`);
        // The same councils, committees, persons and papers the portal's own lists show.
        for (const g of await listGremien(database.db, bodyId)) expected.push(`/${slug}/gremien/${g.id}`);
        const factions = await database.db
          .select({ id: organizations.id })
          .from(organizations)
          .where(and(eq(organizations.bodyId, bodyId), eq(organizations.kind, 'faction')));
        for (const f of factions) expected.push(`/${slug}/fraktionen/${f.id}`);
        const persons = await listPublicPersons(database.db, { bodySlug: slug, limit: 10_000, offset: 0 });
        for (const p of persons?.entries ?? []) expected.push(`/${slug}/personen/${p.id}`);
        const meetingRows = await database.db
          .select({ id: meetings.id })
          .from(meetings)
          .where(eq(meetings.bodyId, bodyId));
        for (const m of meetingRows) expected.push(`/${slug}/sitzungen/${m.id}`);
        const paperList = await listPapers(database.db, { bodySlug: slug, limit: 10_000, offset: 0 });
        for (const p of paperList?.entries ?? []) expected.push(`/${slug}/vorlagen/${p.id}`);
      }
      assert.deepEqual([...paths].sort(), [...expected].sort());

      for (const e of entries) {
        const entity = /\/(gremien|fraktionen|personen|sitzungen|vorlagen)\/\d+$/.test(e.loc);
        assert.equal(e.lastmod !== undefined, entity || /\/(kreis-mettmann|sitemapstadt)$/.test(e.loc), e.loc);
      }
    });

    test('nothing non-public: no non-public paper, no staff-only person, no file', async () => {
      const { xml } = await getSitemap(app, '/sitemap.xml', 'urlset');
      assert.ok(!xml.includes(SECRET));
      assert.ok(!xml.includes('/dateien/'));
      const [secretPaper] = await database.db
        .select({ id: papers.id })
        .from(papers)
        .where(eq(papers.reference, '10/002/2024'));
      assert.ok(secretPaper);
      assert.ok(!xml.includes(`/sitemapstadt/vorlagen/${secretPaper.id}<`), 'the non-public paper is not listed');
      const [staff] = await database.db
        .select({ id: persons.id })
        .from(persons)
        .where(like(persons.familyName, `${SECRET}%`));
      const staffId = staff?.id;
      assert.ok(staffId);
      assert.ok(!xml.includes(`/personen/${staffId}<`), 'a person known only from an office is not listed');
    });

    test('every listed URL answers 200', async () => {
      const { entries } = await getSitemap(app, '/sitemap.xml', 'urlset');
      for (const { loc } of entries) {
        const res = await app.request(loc);
        assert.equal(res.status, 200, loc);
      }
    });

    test('robots.txt names the sitemap; PUBLIC_URL makes every URL absolute on the configured host', async () => {
      const res = await app.request('/robots.txt');
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'text/plain; charset=utf-8');
      const text = await res.text();
      assert.match(text, /^User-agent: \*$/m);
      assert.match(text, /^Sitemap: http:\/\/localhost\/sitemap\.xml$/m);
      assert.doesNotMatch(text, /^Disallow: \/$/m, 'the portal may be crawled');
      const etag = res.headers.get('etag') as string;
      assert.equal((await app.request('/robots.txt', { headers: { 'If-None-Match': etag } })).status, 304);

      const publicUrl = 'https://ratsinfo.example.de';
      const proxied = createApp({ db: database.db, publicUrl });
      const forwarded = { headers: { 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-Proto': 'http' } };
      const robots = await (await proxied.request('/robots.txt', forwarded)).text();
      assert.match(robots, /^Sitemap: https:\/\/ratsinfo\.example\.de\/sitemap\.xml$/m);
      const { xml } = await getSitemap(proxied, '/sitemap.xml', 'urlset', publicUrl);
      assert.ok(!xml.includes('localhost') && !xml.includes('evil'));
    });

    test('the sitemap answers conditional requests with 304; a page beyond the last is a 404', async () => {
      await assertConditional(app, '/sitemap.xml');
      await assertConditional(app, '/sitemap-1.xml');
      for (const path of ['/sitemap-2.xml', '/sitemap-0.xml', '/sitemap-01.xml', '/sitemap-x.xml']) {
        const res = await app.request(path);
        assert.equal(res.status, 404, path);
        assert.equal(res.headers.get('cache-control'), 'no-store', path);
      }
    });

    test('split into pages: the same URLs in the same order, each page full but the last', async () => {
      const whole = await loadSitemap(database.db);
      assert.equal(whole.pageCount, 1);
      const all = await whole.entries(1);
      assert.equal(all.length, whole.total);
      const paged = await loadSitemap(database.db, 7);
      assert.equal(paged.total, whole.total);
      assert.equal(paged.pageCount, Math.ceil(whole.total / 7));
      const joined = [];
      for (let page = 1; page <= paged.pageCount; page += 1) {
        const entries = await paged.entries(page);
        assert.equal(entries.length, page < paged.pageCount ? 7 : whole.total - 7 * (paged.pageCount - 1), `${page}`);
        const latest = Math.max(...entries.map((e) => e.lastModified?.getTime() ?? 0));
        assert.equal((await paged.lastModified(page))?.getTime() ?? 0, latest, `lastmod of page ${page}`);
        joined.push(...entries);
      }
      assert.deepEqual(
        joined.map((e) => e.path),
        all.map((e) => e.path),
      );
    });
  });

  describe(`sitemap of a large installation (${backend.name})`, () => {
    let database: Database;
    let app: App;
    let publicIds: Set<number>;

    before(async () => {
      database = await backend.open();
      const { bodyId } = await importDataset(
        { db: database.db, actor: 'test' },
        {
          body: { slug: 'grossstadt', name: 'Stadt Großstadt', jurisdiction: 'nrw-gemeinde' },
          organizations: [{ key: 'amt', kind: 'office', name: 'Hauptamt', officeNumber: '10' }],
        },
      );
      const [office] = await database.db
        .select({ id: organizations.id })
        .from(organizations)
        .where(eq(organizations.bodyId, bodyId));
      assert.ok(office);
      // 50,010 papers, every 5,000th non-public: 50,000 public papers plus the fixed pages exceed one URL set.
      await database.db.execute(sql`insert into papers
          (body_id, office_id, reference_year, reference_number, reference, paper_type, title, public)
        select ${bodyId}, ${office.id}, 2024, n, '10/' || n || '/2024', 'Mitteilungsvorlage',
          'Mitteilung ' || n, n % 5000 <> 0
        from generate_series(1, 50010) as n`);
      const rows = await database.db
        .select({ id: papers.id })
        .from(papers)
        .where(and(eq(papers.bodyId, bodyId), eq(papers.public, true)));
      publicIds = new Set(rows.map((r) => r.id));
      assert.equal(publicIds.size, 50_000);
      app = createApp({ db: database.db, logError: (error) => assert.fail(String(error)) });
    });

    after(async () => {
      await database?.close();
    });

    test('a sitemap index of two URL sets: 50,000 URLs and the rest, every public paper once', async () => {
      const index = await getSitemap(app, '/sitemap.xml', 'sitemapindex');
      assert.deepEqual(
        index.entries.map((e) => e.loc),
        [`${ORIGIN}/sitemap-1.xml`, `${ORIGIN}/sitemap-2.xml`],
      );
      for (const e of index.entries) assert.ok(e.lastmod, `${e.loc} has a lastmod`);

      const first = await getSitemap(app, '/sitemap-1.xml', 'urlset');
      const second = await getSitemap(app, '/sitemap-2.xml', 'urlset');
      assert.equal(first.entries.length, 50_000);
      // 4 installation pages + 4 body pages + 50,000 papers = 50,008 URLs: 8 on the second page.
      assert.equal(second.entries.length, 8);
      const paperIds = [...first.entries, ...second.entries]
        .map((e) => /\/grossstadt\/vorlagen\/(\d+)$/.exec(e.loc)?.[1])
        .filter((id): id is string => id !== undefined)
        .map(Number);
      assert.equal(paperIds.length, 50_000);
      assert.deepEqual(new Set(paperIds), publicIds, 'every public paper once, no non-public one');
      assert.equal((await app.request('/sitemap-3.xml')).status, 404);
      assert.equal((await app.request(second.entries.at(-1)?.loc as string)).status, 200);
    });
  });
}
