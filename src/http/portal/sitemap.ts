/**
 * Sitemaps for search engines, and robots.txt pointing to them:
 * - `GET /sitemap.xml`: every public page with its lastmod; when there are more than 50,000, a sitemap
 *   index of `/sitemap-1.xml`, `/sitemap-2.xml`, … (each at most 50,000 URLs);
 * - `GET /sitemap-{n}.xml`: page n of the URLs;
 * - `GET /robots.txt`: allows crawling except the search (endless result pages), names the sitemap.
 *
 * Pages listed: the start page, the meeting list, the calendar, the accessibility statement; per body
 * its page, paper list, person list and faction list; and every council, committee, faction, public
 * person, meeting and public paper (which ones are public is decided in repositories/sitemap.ts).
 * The URLs are ordered by section and id, so a page of the sitemap keeps its URLs while data is added.
 * Absolute URLs from PUBLIC_URL, else the request's origin.
 */
import { type Context, Hono } from 'hono';
import type { Executor } from '../../db/open.ts';
import {
  SITEMAP_SECTIONS,
  sectionCount,
  sectionEntries,
  sectionLastModified,
  sitemapBodies,
} from '../../db/repositories/sitemap.ts';
import { DomainError } from '../../domain/errors.ts';
import { renderSitemapIndex, renderUrlSet, SITEMAP_MAX_URLS } from '../../presenters/sitemap.ts';
import { cachedResponse, latest, MAX_AGE } from '../cache.ts';
import { type AppEnv, publicOrigin } from '../env.ts';

/** Pages of the installation that are not about one body. */
const FIXED_PAGES = ['/', '/sitzungen', '/kalender', '/barrierefreiheit'];
/** Pages of each body, after its slug. */
const BODY_PAGES = ['', '/vorlagen', '/personen', '/fraktionen'];

export interface SitemapPage {
  path: string;
  lastModified?: Date | undefined;
}

interface Section {
  count: number;
  entries(offset: number, limit: number): Promise<SitemapPage[]>;
  lastModified(offset: number, limit: number): Promise<Date | undefined>;
}

function inMemory(pages: SitemapPage[]): Section {
  return {
    count: pages.length,
    entries: async (offset, limit) => pages.slice(offset, offset + limit),
    lastModified: async (offset, limit) => latest(...pages.slice(offset, offset + limit).map((p) => p.lastModified)),
  };
}

export interface Sitemap {
  /** Number of URLs in all. */
  total: number;
  /** Number of URL sets (at least 1). */
  pageCount: number;
  /** The URLs of URL set `page` (1-based). */
  entries(page: number): Promise<SitemapPage[]>;
  /** The latest lastmod in URL set `page` (1-based). */
  lastModified(page: number): Promise<Date | undefined>;
}

/** The sitemap of the installation, split into URL sets of `pageSize` URLs. */
export async function loadSitemap(db: Executor, pageSize: number = SITEMAP_MAX_URLS): Promise<Sitemap> {
  const bodies = await sitemapBodies(db);
  const counts = await Promise.all(SITEMAP_SECTIONS.map((name) => sectionCount(db, name)));
  const sections: Section[] = [
    inMemory(FIXED_PAGES.map((path) => ({ path }))),
    inMemory(
      bodies.flatMap((b) =>
        BODY_PAGES.map((suffix) => ({
          path: `/${b.slug}${suffix}`,
          // The body page shows the body itself; the lists have no single date.
          lastModified: suffix === '' ? b.modifiedAt : undefined,
        })),
      ),
    ),
    ...SITEMAP_SECTIONS.map(
      (name, index): Section => ({
        count: counts[index] ?? 0,
        entries: (offset, limit) => sectionEntries(db, name, offset, limit),
        lastModified: (offset, limit) => sectionLastModified(db, name, offset, limit),
      }),
    ),
  ];
  const total = sections.reduce((sum, s) => sum + s.count, 0);

  /** The part of each section that falls into URL set `page`. */
  function slices(page: number): { section: Section; offset: number; limit: number }[] {
    const from = (page - 1) * pageSize;
    const to = from + pageSize;
    const result: { section: Section; offset: number; limit: number }[] = [];
    let start = 0;
    for (const section of sections) {
      const end = start + section.count;
      const offset = Math.max(from, start) - start;
      const limit = Math.min(to, end) - start - offset;
      if (limit > 0) result.push({ section, offset, limit });
      start = end;
    }
    return result;
  }

  return {
    total,
    pageCount: Math.max(1, Math.ceil(total / pageSize)),
    async entries(page) {
      const parts = await Promise.all(slices(page).map((s) => s.section.entries(s.offset, s.limit)));
      return parts.flat();
    },
    async lastModified(page) {
      return latest(...(await Promise.all(slices(page).map((s) => s.section.lastModified(s.offset, s.limit)))));
    },
  };
}

function xmlResponse(c: Context<AppEnv>, xml: string, lastModified: Date | undefined) {
  return cachedResponse(c, {
    body: xml,
    headers: { 'Content-Type': 'application/xml; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
    lastModified,
    maxAge: MAX_AGE.sitemap,
  });
}

async function urlSetResponse(c: Context<AppEnv>, sitemap: Sitemap, page: number) {
  const origin = publicOrigin(c);
  const entries = await sitemap.entries(page);
  const xml = renderUrlSet(entries.map((e) => ({ loc: `${origin}${e.path}`, lastModified: e.lastModified })));
  return xmlResponse(c, xml, latest(...entries.map((e) => e.lastModified)));
}

export const sitemap = new Hono<AppEnv>();

sitemap.get('/sitemap.xml', async (c) => {
  const map = await loadSitemap(c.var.db);
  if (map.pageCount === 1) return urlSetResponse(c, map, 1);
  const origin = publicOrigin(c);
  const pages = Array.from({ length: map.pageCount }, (_, i) => i + 1);
  const lastModified = await Promise.all(pages.map((page) => map.lastModified(page)));
  const xml = renderSitemapIndex(
    pages.map((page, i) => ({ loc: `${origin}/sitemap-${page}.xml`, lastModified: lastModified[i] })),
  );
  return xmlResponse(c, xml, latest(...lastModified));
});

sitemap.get('/:file{sitemap-[1-9][0-9]{0,5}\\.xml}', async (c) => {
  const page = Number(/^sitemap-(\d+)\.xml$/.exec(c.req.param('file'))?.[1]);
  const map = await loadSitemap(c.var.db);
  if (!(page >= 1 && page <= map.pageCount)) {
    throw new DomainError('sitemap.not_found', 'Diese Sitemap gibt es nicht.');
  }
  return urlSetResponse(c, map, page);
});

sitemap.get('/robots.txt', (c) =>
  cachedResponse(c, {
    body: [
      '# Ratsinfo: alle öffentlichen Seiten stehen in der Sitemap.',
      'User-agent: *',
      'Disallow: /suche',
      '',
      `Sitemap: ${publicOrigin(c)}/sitemap.xml`,
      '',
    ].join('\n'),
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
    maxAge: MAX_AGE.sitemap,
  }),
);
