/**
 * Sitemaps (sitemaps.org protocol 0.9): a URL set of at most 50,000 URLs, and a sitemap index that
 * lists the URL sets of a larger site. Pure functions, no I/O; every value is XML-escaped.
 */
import { atomDate, escapeXml } from './atom.ts';

/** At most this many URLs in one URL set (sitemaps.org). */
export const SITEMAP_MAX_URLS = 50_000;

export const SITEMAP_NAMESPACE = 'http://www.sitemaps.org/schemas/sitemap/0.9';

export interface SitemapUrl {
  /** Absolute URL. */
  loc: string;
  /** W3C Datetime, written in UTC. */
  lastModified?: Date | undefined;
}

function entry(element: 'url' | 'sitemap', url: SitemapUrl): string {
  const lastmod = url.lastModified ? `<lastmod>${atomDate(url.lastModified)}</lastmod>` : '';
  return `  <${element}><loc>${escapeXml(url.loc)}</loc>${lastmod}</${element}>`;
}

/** A `<urlset>` document, UTF-8. */
export function renderUrlSet(urls: SitemapUrl[]): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<urlset xmlns="${SITEMAP_NAMESPACE}">`,
    ...urls.map((u) => entry('url', u)),
    '</urlset>',
    '',
  ].join('\n');
}

/** A `<sitemapindex>` document, UTF-8: `sitemaps` are the URLs of the URL sets. */
export function renderSitemapIndex(sitemaps: SitemapUrl[]): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<sitemapindex xmlns="${SITEMAP_NAMESPACE}">`,
    ...sitemaps.map((s) => entry('sitemap', s)),
    '</sitemapindex>',
    '',
  ].join('\n');
}
