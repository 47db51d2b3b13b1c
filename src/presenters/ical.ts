/**
 * iCalendar (RFC 5545) serialisation: TEXT escaping, UTC date-times, line folding at 75 octets with
 * CRLF. Pure functions, no I/O. All times are written in UTC ("Z" form), so no VTIMEZONE is needed.
 */

const encoder = new TextEncoder();

/** TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma escaped; line breaks as `\n`; controls dropped. */
export function escapeText(value: string): string {
  return (
    value
      .replace(/\\/g, '\\\\')
      .replace(/;/g, '\\;')
      .replace(/,/g, '\\,')
      .replace(/\r\n|\r|\n/g, '\\n')
      // CONTROL characters other than HTAB are not allowed in a TEXT value.
      // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
      .replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, '')
  );
}

/** DATE-TIME in UTC: "20210218T153000Z". */
export function formatUtc(at: Date): string {
  return at
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/**
 * One content line folded at 75 octets (RFC 5545 3.1): continuation lines start with a space, which
 * counts towards their 75 octets; a multi-byte UTF-8 character is never split. Lines end with CRLF.
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let size = 0;
  let max = 75;
  for (const char of line) {
    const bytes = encoder.encode(char).length;
    if (size + bytes > max) {
      parts.push(current);
      current = '';
      size = 0;
      max = 74; // the leading space takes one octet
    }
    current += char;
    size += bytes;
  }
  parts.push(current);
  return `${parts.join('\r\n ')}\r\n`;
}

export interface CalendarEvent {
  uid: string;
  /** DTSTAMP and LAST-MODIFIED. */
  modifiedAt: Date;
  start: Date;
  end: Date;
  summary: string;
  location?: string | undefined;
  description?: string | undefined;
  url?: string | undefined;
  cancelled: boolean;
  /** Revision of the event (RFC 5545 SEQUENCE), starting at 0. */
  sequence?: number | undefined;
}

export interface Calendar {
  /** X-WR-CALNAME: the name calendar applications show. */
  name: string;
  /** X-WR-CALDESC, optional. */
  description?: string | undefined;
  events: CalendarEvent[];
}

/** The whole calendar as a VCALENDAR object with METHOD:PUBLISH. */
export function renderCalendar(calendar: Calendar): string {
  const lines: string[] = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Ratsinfo//Ratsinfo//DE',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(calendar.name)}`,
  ];
  if (calendar.description) lines.push(`X-WR-CALDESC:${escapeText(calendar.description)}`);
  // Hints to subscribing clients how often to reload (RFC 7986 and its common predecessor).
  lines.push('REFRESH-INTERVAL;VALUE=DURATION:PT1H', 'X-PUBLISHED-TTL:PT1H');
  for (const event of calendar.events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${escapeText(event.uid)}`,
      `DTSTAMP:${formatUtc(event.modifiedAt)}`,
      `DTSTART:${formatUtc(event.start)}`,
      `DTEND:${formatUtc(event.end)}`,
      `SUMMARY:${escapeText(event.summary)}`,
    );
    if (event.location) lines.push(`LOCATION:${escapeText(event.location)}`);
    if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
    // URL is of value type URI: not TEXT-escaped, but it must not break the line.
    if (event.url) lines.push(`URL:${event.url.replace(/[\r\n]/g, '')}`);
    lines.push(`STATUS:${event.cancelled ? 'CANCELLED' : 'CONFIRMED'}`);
    if (event.sequence != null) lines.push(`SEQUENCE:${Math.max(0, Math.trunc(event.sequence))}`);
    lines.push(`LAST-MODIFIED:${formatUtc(event.modifiedAt)}`, 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('');
}
