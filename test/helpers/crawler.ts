/**
 * A crawler over the app's public surface, in-process (`app.request`, no port): from the seeds it
 * follows every same-origin link it finds — `href`/`src` attributes in HTML and XML (pages, feeds,
 * sitemap `<loc>`), absolute URLs in any text (iCalendar URL and DESCRIPTION fields, robots.txt) —
 * and keeps every response as readable text: HTML, XML, ICS, text as they are, PDFs through
 * `pdftotext` and `pdfinfo` (Debian poppler-utils), other files as UTF-8.
 *
 * Of the links to one path with different queries (pagination, calendar months and filters, search
 * filters) the first `queriesPerPath` found are followed, breadth-first, so endless "next month"
 * chains and filter combinations end; every path without a query is followed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CrawledResource {
  /** Path and query, "/kreis-mettmann/sitzungen/1". */
  url: string;
  status: number;
  contentType: string;
  /** Every response header as "name: value" lines. */
  headers: string;
  /** What a reader gets to see: the body as text (PDFs: their text and metadata). */
  text: string;
  /** Where the link was found first (undefined for seeds). */
  from?: string;
}

export interface CrawlResult {
  resources: Map<string, CrawledResource>;
  /** The page limit was reached before every link was followed. */
  truncated: boolean;
}

export interface CrawlOptions {
  seeds?: string[];
  /** At most this many requests (default 3,000). */
  maxRequests?: number;
  /** At most this many query variants per path (default 12). */
  queriesPerPath?: number;
  /** Origins that count as this site in absolute links (default http://localhost, as `app.request` uses). */
  origins?: string[];
}

type App = { request(path: string): Response | Promise<Response> };

/** Whether pdftotext and pdfinfo can be run. */
export function hasPoppler(): boolean {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    execFileSync('pdfinfo', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const POPPLER_HINT = 'pdftotext/pdfinfo fehlen: Debian/Ubuntu `apt-get install poppler-utils`.';

/** The text and the metadata of a PDF, as poppler reads them. */
export function pdfText(bytes: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'ratsinfo-crawl-'));
  const file = join(dir, 'file.pdf');
  try {
    writeFileSync(file, bytes);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    const info = execFileSync('pdfinfo', ['-enc', 'UTF-8', file], { encoding: 'utf8' });
    return `${text}\n${info}`;
  } catch (error) {
    throw new Error(`${POPPLER_HINT} (${String(error)})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** iCalendar folds long lines (CRLF + space); unfolded, and the escapes of TEXT values undone. */
function unfoldIcs(text: string): string {
  return text
    .replace(/\r?\n[ \t]/g, '')
    .replace(/\\([,;\\])/g, '$1')
    .replace(/\\n/gi, '\n');
}

/** Every link target in a body: attributes, sitemap locations, absolute URLs in text. */
export function linksIn(text: string, contentType: string): string[] {
  const found: string[] = [];
  const body = contentType.includes('text/calendar') ? unfoldIcs(text) : text;
  if (/html|xml/.test(contentType)) {
    for (const m of body.matchAll(/\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')/gi)) {
      found.push(decodeEntities(m[1] ?? m[2] ?? ''));
    }
    for (const m of body.matchAll(/<loc>\s*([^<\s]+)\s*<\/loc>/gi)) found.push(decodeEntities(m[1] ?? ''));
  }
  for (const m of body.matchAll(/https?:\/\/[^\s"'<>\\]+/g)) found.push(decodeEntities(m[0]));
  // robots.txt: "Sitemap: /sitemap.xml" may be relative.
  for (const m of body.matchAll(/^(?:Sitemap|Allow):\s*(\/\S*)/gim)) found.push(m[1] ?? '');
  return found;
}

/** The path and query of a same-site link, without fragment; undefined for other sites and schemes. */
function normalise(link: string, base: string, origins: Set<string>): string | undefined {
  if (!link || /^(mailto|tel|javascript|data):/i.test(link)) return undefined;
  let url: URL;
  try {
    url = new URL(link, base);
  } catch {
    return undefined;
  }
  if (!origins.has(url.origin)) return undefined;
  return `${url.pathname}${url.search}`;
}

/** The path of a link with a query; undefined without a query. */
function queriedPath(pathAndQuery: string): string | undefined {
  const url = new URL(pathAndQuery, 'http://x');
  return url.search ? url.pathname : undefined;
}

async function readBody(res: Response, contentType: string): Promise<string> {
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (contentType.startsWith('application/pdf') || (bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44)) {
    // "%PDF": what a reader sees is the text, not the compressed streams.
    return pdfText(bytes);
  }
  return new TextDecoder('utf-8').decode(bytes);
}

/** GET one path and keep it as a crawled resource. */
export async function fetchResource(app: App, path: string, from?: string): Promise<CrawledResource> {
  const res = await app.request(path);
  const contentType = res.headers.get('content-type') ?? '';
  const headers = [...res.headers.entries()].map(([k, v]) => `${k}: ${v}`).join('\n');
  const text = await readBody(res, contentType);
  return { url: path, status: res.status, contentType, headers, text, ...(from ? { from } : {}) };
}

/** Crawls breadth-first from the seeds (default `/`, `/robots.txt`, `/sitemap.xml`). */
export async function crawl(app: App, options: CrawlOptions = {}): Promise<CrawlResult> {
  const origins = new Set(options.origins ?? ['http://localhost']);
  const base = [...origins][0] ?? 'http://localhost';
  const maxRequests = options.maxRequests ?? 3000;
  const perPath = options.queriesPerPath ?? 12;
  const resources = new Map<string, CrawledResource>();
  const queued = new Set<string>();
  const variants = new Map<string, number>();
  const queue: { path: string; from?: string }[] = [];
  const enqueue = (path: string, from?: string) => {
    if (queued.has(path)) return;
    const queried = queriedPath(path);
    if (queried) {
      const n = variants.get(queried) ?? 0;
      if (n >= perPath) return;
      variants.set(queried, n + 1);
    }
    queued.add(path);
    queue.push(from ? { path, from } : { path });
  };
  for (const seed of options.seeds ?? ['/', '/robots.txt', '/sitemap.xml']) enqueue(seed);
  let truncated = false;
  while (queue.length > 0) {
    if (resources.size >= maxRequests) {
      truncated = true;
      break;
    }
    const next = queue.shift() as { path: string; from?: string };
    const resource = await fetchResource(app, next.path, next.from);
    resources.set(next.path, resource);
    if (resource.status >= 300 && resource.status < 400) {
      const location = /^location: (.*)$/m.exec(resource.headers)?.[1];
      const target = location ? normalise(location, `${base}${next.path}`, origins) : undefined;
      if (target) enqueue(target, next.path);
      continue;
    }
    for (const link of linksIn(resource.text, resource.contentType)) {
      const target = normalise(link, `${base}${next.path}`, origins);
      if (target) enqueue(target, next.path);
    }
  }
  return { resources, truncated };
}
