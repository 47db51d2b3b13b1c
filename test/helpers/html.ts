/**
 * Reading HTML pages in tests: the visible text, and a GET that checks status, type and language.
 */
import assert from 'node:assert/strict';

/** The five entities hono/jsx writes, decoded. */
export function decode(html: string): string {
  return html
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The visible text of an HTML page or fragment, whitespace collapsed. */
export function textOf(html: string): string {
  return decode(
    html
      .replace(/<style[\s\S]*?<\/style>/g, ' ')
      .replace(/<title>[\s\S]*?<\/title>/g, ' ')
      .replace(/<[^>]*>/g, ' '),
  )
    .replace(/\s+/g, ' ')
    .trim();
}

/** GET a page through the app: asserts the status, an HTML content type and `lang="de"`. */
export async function getHtml(
  app: { request(path: string): Response | Promise<Response> },
  path: string,
  status = 200,
): Promise<string> {
  const res = await app.request(path);
  const body = await res.text();
  assert.equal(res.status, status, `${path}: ${body.slice(0, 500)}`);
  assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
  assert.match(body, /<html lang="de"/);
  return body;
}
