/**
 * German formatting of names, dates and times, in the time zone of German councils.
 */
export const TIME_ZONE = 'Europe/Berlin';

const weekdayDate = new Intl.DateTimeFormat('de-DE', {
  timeZone: TIME_ZONE,
  weekday: 'long',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});
const shortDate = new Intl.DateTimeFormat('de-DE', {
  timeZone: TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});
const clock = new Intl.DateTimeFormat('de-DE', {
  timeZone: TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** "Donnerstag, den 18.02.2021" */
export function formatWeekdayDate(at: Date): string {
  const parts = Object.fromEntries(weekdayDate.formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.weekday}, den ${parts.day}.${parts.month}.${parts.year}`;
}

/** "18.02.2021" */
export function formatDate(at: Date): string {
  return shortDate.format(at);
}

/** "18.02.2021" from an ISO calendar date "2021-02-18" (no time zone involved). */
export function formatIsoDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${d}.${m}.${y}`;
}

/** "16:30" */
export function formatTime(at: Date): string {
  return clock.format(at);
}

export interface NameParts {
  title?: string | null;
  givenName?: string | null;
  familyName: string;
  formOfAddress?: string | null;
}

/** "Dr. Tina Guenther"; "Horn" when the given name is unknown. */
export function fullName(p: NameParts): string {
  return [p.title, p.givenName, p.familyName].filter(Boolean).join(' ');
}

/** "Herrn Burghaus" (dative/accusative form of address, as in "Stellvertreter für Herrn Burghaus"). */
export function addressedName(p: NameParts): string {
  const address = p.formOfAddress === 'Herr' ? 'Herrn' : p.formOfAddress;
  return [address, p.title, p.familyName].filter(Boolean).join(' ');
}

/**
 * The id of an agenda item in a page or document: `top-11-1` for item "11.1". The meeting page, the
 * minutes in HTML and the search's links use the same ids.
 */
export function itemAnchor(number: string): string {
  return `top-${number.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'x'}`;
}
