/**
 * Plain calendar arithmetic on ISO date strings ('YYYY-MM-DD').
 *
 * Dates are treated as calendar days without a time zone: every computation goes through
 * `Date.UTC`, so daylight-saving changes and the server's time zone never shift a day.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;
const MS_PER_DAY = 24 * 60 * 60 * 1000;

/** German weekday names, index 0 = Sunday (as `Date#getUTCDay`). */
const GERMAN_WEEKDAYS = ['Sonntag', 'Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag'] as const;

/**
 * Converts an ISO date ('YYYY-MM-DD') to the number of days since 1970-01-01.
 * @throws RangeError if the string is not a valid calendar date.
 */
export function toDayNumber(isoDate: string): number {
  const match = ISO_DATE.exec(isoDate);
  if (!match) {
    throw new RangeError(`Invalid ISO date "${isoDate}", expected YYYY-MM-DD`);
  }
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw new RangeError(`Invalid calendar date "${isoDate}"`);
  }
  return Math.round(date.getTime() / MS_PER_DAY);
}

/** Converts a day number (days since 1970-01-01) back to 'YYYY-MM-DD'. */
export function fromDayNumber(dayNumber: number): string {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

/**
 * Checks that a string is a valid ISO calendar date and returns it unchanged.
 * @throws RangeError if it is not.
 */
export function assertIsoDate(isoDate: string): string {
  toDayNumber(isoDate);
  return isoDate;
}

/** Returns the ISO date `days` days after `isoDate` (negative values go back). */
export function addDays(isoDate: string, days: number): string {
  return fromDayNumber(toDayNumber(isoDate) + days);
}

/** Number of days from `from` to `to` (positive if `to` is later). */
export function daysBetween(from: string, to: string): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** Day of the week, 0 = Sunday … 6 = Saturday. */
export function weekdayOf(isoDate: string): number {
  // 1970-01-01 was a Thursday (4).
  return (((toDayNumber(isoDate) + 4) % 7) + 7) % 7;
}

/** Formats an ISO date the way German minutes do: "Donnerstag, 18.02.2021". */
export function formatGermanDate(isoDate: string): string {
  const [year, month, day] = assertIsoDate(isoDate).split('-');
  return `${GERMAN_WEEKDAYS[weekdayOf(isoDate)]}, ${day}.${month}.${year}`;
}

/** A point in (local, wall-clock) time: an ISO date and the minutes since midnight. */
export interface LocalDateTime {
  date: string;
  /** Minutes after midnight, 0 … 1439; null if the input carried no time of day. */
  minutes: number | null;
}

/**
 * Parses 'YYYY-MM-DD', 'YYYY-MM-DDTHH:mm' or 'YYYY-MM-DDTHH:mm:ss' (no time zone; local wall-clock time).
 * Seconds are ignored.
 * @throws RangeError on any other format or an impossible date/time.
 */
export function parseLocalDateTime(value: string): LocalDateTime {
  if (ISO_DATE.test(value)) {
    return { date: assertIsoDate(value), minutes: null };
  }
  const match = ISO_DATE_TIME.exec(value);
  if (!match) {
    throw new RangeError(`Invalid date/time "${value}", expected YYYY-MM-DD or YYYY-MM-DDTHH:mm`);
  }
  const date = assertIsoDate(match[1] ?? '');
  const hours = Number(match[2]);
  const minutes = Number(match[3]);
  if (hours > 23 || minutes > 59) {
    throw new RangeError(`Invalid time of day in "${value}"`);
  }
  return { date, minutes: hours * 60 + minutes };
}

/** Formats minutes after midnight as "HH:mm". */
export function formatTimeOfDay(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return `${String(hours).padStart(2, '0')}:${String(rest).padStart(2, '0')}`;
}
