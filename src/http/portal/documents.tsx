/**
 * Public document downloads of a meeting: invitation, supplement, minutes and resolution extracts, as
 * PDF, HTML and text, always the public (redacted) variant, with a stable file name. Cacheable: an ETag
 * from the rendered bytes, Last-Modified from the meeting, 304 on conditional requests.
 */
import { type Context, Hono } from 'hono';
import type { DocumentKind } from '../../documents/model.ts';
import {
  DOCUMENT_FORMATS,
  DOCUMENT_SLUGS,
  type DocumentFormat,
  meetingDocument,
  renderDocument,
} from '../../documents/service.ts';
import { DomainError } from '../../domain/errors.ts';
import { cachedResponse, MAX_AGE } from '../cache.ts';
import type { AppEnv } from '../env.ts';

export const documents = new Hono<AppEnv>();

const KIND_BY_SLUG = new Map(Object.entries(DOCUMENT_SLUGS).map(([kind, slug]) => [slug, kind as DocumentKind]));

function parseFile(file: string, allowed: string[]): { slug: string; format: DocumentFormat } | undefined {
  const match = /^([a-z]+)\.([a-z]+)$/.exec(file);
  if (!match || !allowed.includes(match[1] as string)) return undefined;
  const format = match[2] as DocumentFormat;
  return DOCUMENT_FORMATS.includes(format) ? { slug: match[1] as string, format } : undefined;
}

const notFound = () =>
  new DomainError('document.not_found', 'Dieses Dokument gibt es nicht oder es ist (noch) nicht öffentlich.');

function meetingId(raw: string): number {
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1) throw notFound();
  return Number(raw);
}

async function respond(
  c: Context<AppEnv>,
  body: string,
  request: Parameters<typeof meetingDocument>[1],
  format: DocumentFormat,
  db: Parameters<typeof meetingDocument>[0],
) {
  const found = await meetingDocument(db, request);
  if (!found || found.meeting.body.slug !== body) throw notFound();
  const rendered = await renderDocument(found.model, format, { creationDate: found.meeting.modifiedAt });
  return cachedResponse(c, {
    body: rendered.body,
    headers: {
      'Content-Type': rendered.contentType,
      'Content-Disposition': `inline; filename="${rendered.fileName}"`,
      'X-Content-Type-Options': 'nosniff',
    },
    lastModified: found.meeting.modifiedAt,
    maxAge: MAX_AGE.document,
  });
}

documents.get('/:body/sitzungen/:id/:file', async (c, next) => {
  const file = parseFile(c.req.param('file'), [...KIND_BY_SLUG.keys()]);
  if (!file) return next();
  const kind = KIND_BY_SLUG.get(file.slug) as DocumentKind;
  return respond(
    c,
    c.req.param('body'),
    { meetingId: meetingId(c.req.param('id')), kind, visibility: 'public' },
    file.format,
    c.var.db,
  );
});

documents.get('/:body/sitzungen/:id/top/:number/:file', async (c) => {
  const file = parseFile(c.req.param('file'), ['beschlussauszug']);
  const number = c.req.param('number');
  if (!file || !/^\d+(\.\d+)*$/.test(number)) throw notFound();
  return respond(
    c,
    c.req.param('body'),
    { meetingId: meetingId(c.req.param('id')), kind: 'extract', itemNumber: number, visibility: 'public' },
    file.format,
    c.var.db,
  );
});
