/**
 * Public file downloads (Anlagen of papers and of the minutes): `GET /:body/dateien/:id/:fileName`.
 *
 * Whether a file is public is decided by the repository's one gate (repositories/files.ts); a file that
 * is not public answers exactly like one that does not exist (404, same page). A wrong or outdated file
 * name in the URL redirects to the canonical one, so links stay readable and stable. Responses carry
 * the stored type, an inline Content-Disposition with an RFC 6266 `filename*`, the length, a strong
 * ETag from the stored SHA-256 (a 304 needs no content read), `nosniff`, and for markup types (HTML,
 * SVG, XML) a sandboxing Content-Security-Policy: an uploaded HTML file can show, but never run script
 * or act as a page of this site.
 */
import { Hono } from 'hono';
import { loadPublicFile } from '../../db/repositories/files.ts';
import { DomainError } from '../../domain/errors.ts';
import { cachedResponse, MAX_AGE, notModified, sha256Etag } from '../cache.ts';
import type { AppEnv } from '../env.ts';

/** Root-relative URL of a file's download: `/kreis-mettmann/dateien/12/Anlage_1_KGSt_OZG.txt`. */
export function filePath(bodySlug: string, file: { id: number; fileName: string }): string {
  return `/${bodySlug}/dateien/${file.id}/${encodeURIComponent(file.fileName)}`;
}

const sizeFormat = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 1 });

/** "512 Byte", "12 KB", "1,2 MB" (binary units, as file managers show them). */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} Byte`;
  if (bytes < 1024 * 1024) return `${sizeFormat.format(bytes / 1024)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${sizeFormat.format(bytes / (1024 * 1024))} MB`;
  return `${sizeFormat.format(bytes / (1024 * 1024 * 1024))} GB`;
}

const TYPE_LABELS: Record<string, string> = {
  'application/pdf': 'PDF',
  'text/plain': 'Text',
  'text/html': 'HTML',
  'text/csv': 'CSV',
  'application/rtf': 'RTF',
  'application/msword': 'Word',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word',
  'application/vnd.ms-excel': 'Excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel',
  'application/vnd.ms-powerpoint': 'PowerPoint',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PowerPoint',
  'application/vnd.oasis.opendocument.text': 'OpenDocument-Text',
  'application/vnd.oasis.opendocument.spreadsheet': 'OpenDocument-Tabelle',
  'application/vnd.oasis.opendocument.presentation': 'OpenDocument-Präsentation',
  'application/zip': 'ZIP-Archiv',
  'image/png': 'PNG-Bild',
  'image/jpeg': 'JPEG-Bild',
  'image/gif': 'GIF-Bild',
  'image/svg+xml': 'SVG-Grafik',
  'image/tiff': 'TIFF-Bild',
};

/** The kind of a file in German words: "PDF", "Word", "PNG-Bild"; else the extension ("DWG") or "Datei". */
export function fileTypeLabel(mimeType: string, fileName: string): string {
  const essence = mimeType.split(';')[0]?.trim().toLowerCase() ?? '';
  const known = TYPE_LABELS[essence];
  if (known) return known;
  const extension = /\.([A-Za-z0-9]{1,8})$/.exec(fileName)?.[1];
  return extension ? extension.toUpperCase() : 'Datei';
}

/** A download link with type and size: "Präsentation KRZN (PDF, 1,2 MB)". */
export function FileLink(props: {
  bodySlug: string;
  file: { id: number; name: string; fileName: string; mimeType: string; size: number };
}) {
  const { file } = props;
  return (
    <>
      <a href={filePath(props.bodySlug, file)} type={safeContentType(file.mimeType)}>
        {file.name}
      </a>{' '}
      <span class="muted">
        ({fileTypeLabel(file.mimeType, file.fileName)}, {formatSize(file.size)})
      </span>
    </>
  );
}

/** The stored MIME type when it is a well-formed `type/subtype` (with parameters), else octet-stream. */
export function safeContentType(mimeType: string): string {
  const value = mimeType.trim();
  return /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*(\s*;\s*[a-z0-9_-]+=("[^"\\\r\n]*"|[a-z0-9!#$&^_.+-]+))*$/i.test(
    value,
  )
    ? value
    : 'application/octet-stream';
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A text type without a charset gets `charset=utf-8` when its bytes are valid UTF-8 (browsers would
 * otherwise guess, often windows-1252, and show broken umlauts); anything else is served as stored.
 */
function withCharset(contentType: string, content: Uint8Array): string {
  if (!/^text\//i.test(contentType) || /;\s*charset=/i.test(contentType)) return contentType;
  try {
    utf8.decode(content);
    return `${contentType}; charset=utf-8`;
  } catch {
    return contentType;
  }
}

/** Types a browser would render as a document that can run script. */
function isMarkup(contentType: string): boolean {
  const essence = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return (
    essence === 'text/html' ||
    essence === 'application/xhtml+xml' ||
    essence === 'text/xml' ||
    essence === 'application/xml' ||
    essence.endsWith('+xml')
  );
}

/**
 * A sandbox for markup files: no script, no forms, no plugins, an opaque origin (no cookies or storage
 * of this site), nothing loaded from anywhere but inline styles and data: images.
 */
export const MARKUP_CSP = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:";

const transliteration: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', Ä: 'Ae', Ö: 'Oe', Ü: 'Ue', ß: 'ss' };

/**
 * Content-Disposition (RFC 6266): `inline`, an ASCII `filename` for old clients (umlauts transliterated,
 * anything else non-ASCII, quotes, backslashes and controls as "_") and the exact name as `filename*`
 * (RFC 8187, UTF-8, percent-encoded).
 */
export function contentDisposition(fileName: string): string {
  const ascii = fileName
    .normalize('NFC')
    .replace(/[äöüÄÖÜß]/g, (ch) => transliteration[ch] ?? '_')
    .replace(/[^\u0020-\u007e]|["\\]/gu, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `inline; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

const notFound = () => new DomainError('file.not_found', 'Diese Datei gibt es nicht.');

export const filesPortal = new Hono<AppEnv>();

filesPortal.get('/:body/dateien/:id/:fileName', async (c) => {
  const rawId = c.req.param('id');
  if (!/^\d{1,9}$/.test(rawId) || Number(rawId) < 1) throw notFound();
  const bodySlug = c.req.param('body');
  const head = await loadPublicFile(c.var.db, bodySlug, Number(rawId), { withContent: false });
  if (!head) throw notFound();
  const canonical = filePath(bodySlug, head);
  if (c.req.param('fileName') !== head.fileName) return c.redirect(canonical, 301);

  const etag = sha256Etag(head.sha256);
  const conditions = { ifNoneMatch: c.req.header('if-none-match'), ifModifiedSince: c.req.header('if-modified-since') };
  const file = notModified(conditions, { etag, lastModified: head.modifiedAt })
    ? { ...head, content: new Uint8Array() }
    : await loadPublicFile(c.var.db, bodySlug, head.id);
  if (!file) throw notFound();
  const contentType = withCharset(safeContentType(file.mimeType), file.content);
  const headers: Record<string, string> = {
    'Content-Type': contentType,
    'Content-Disposition': contentDisposition(file.fileName),
    'Content-Length': String(file.content.byteLength),
    'X-Content-Type-Options': 'nosniff',
  };
  if (isMarkup(contentType)) headers['Content-Security-Policy'] = MARKUP_CSP;
  return cachedResponse(c, {
    body: file.content,
    headers,
    etag,
    lastModified: file.modifiedAt,
    maxAge: MAX_AGE.file,
  });
});
