/**
 * Atom 1.0 (RFC 4287) serialisation. Pure functions, no I/O; every text and attribute is XML-escaped,
 * and characters XML 1.0 does not allow are dropped.
 */

/** Text or attribute content for XML 1.0. */
export function escapeXml(value: string): string {
  return (
    value
      // biome-ignore lint/suspicious/noControlCharactersInRegex: characters not allowed in XML 1.0 are dropped
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

/** RFC 3339 date-time in UTC without fractional seconds: "2021-03-03T10:00:00Z". */
export function atomDate(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export interface AtomLink {
  rel: 'self' | 'alternate' | 'enclosure' | 'related';
  href: string;
  type?: string | undefined;
  title?: string | undefined;
}

export interface AtomEntry {
  id: string;
  title: string;
  updated: Date;
  /** RFC 3339 date-time, already formatted (e.g. with a local offset), or a Date. */
  published?: Date | string | undefined;
  links: AtomLink[];
  /** Category terms (RFC 4287 4.2.2), e.g. the paper type. */
  categories?: string[] | undefined;
  summary?: string | undefined;
}

export interface AtomFeed {
  id: string;
  title: string;
  subtitle?: string | undefined;
  updated: Date;
  author: string;
  links: AtomLink[];
  entries: AtomEntry[];
}

function link(l: AtomLink, indent: string): string {
  const attributes = [`rel="${escapeXml(l.rel)}"`, `href="${escapeXml(l.href)}"`];
  if (l.type) attributes.push(`type="${escapeXml(l.type)}"`);
  if (l.title) attributes.push(`title="${escapeXml(l.title)}"`);
  return `${indent}<link ${attributes.join(' ')}/>`;
}

const element = (indent: string, name: string, text: string) => `${indent}<${name}>${escapeXml(text)}</${name}>`;

/** The feed document, UTF-8. */
export function renderAtom(feed: AtomFeed): string {
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de">',
    element('  ', 'id', feed.id),
    element('  ', 'title', feed.title),
  ];
  if (feed.subtitle) lines.push(element('  ', 'subtitle', feed.subtitle));
  lines.push(element('  ', 'updated', atomDate(feed.updated)));
  lines.push('  <author>', element('    ', 'name', feed.author), '  </author>');
  lines.push('  <generator>Ratsinfo</generator>');
  for (const l of feed.links) lines.push(link(l, '  '));
  for (const entry of feed.entries) {
    lines.push('  <entry>', element('    ', 'id', entry.id), element('    ', 'title', entry.title));
    lines.push(element('    ', 'updated', atomDate(entry.updated)));
    if (entry.published) {
      const published = typeof entry.published === 'string' ? entry.published : atomDate(entry.published);
      lines.push(element('    ', 'published', published));
    }
    for (const l of entry.links) lines.push(link(l, '    '));
    for (const term of entry.categories ?? []) lines.push(`    <category term="${escapeXml(term)}"/>`);
    if (entry.summary) lines.push(`    <summary type="text">${escapeXml(entry.summary)}</summary>`);
    lines.push('  </entry>');
  }
  lines.push('</feed>', '');
  return lines.join('\n');
}
