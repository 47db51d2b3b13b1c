/**
 * Public holidays in Nordrhein-Westfalen (Feiertagsgesetz NW) and the working-day test used for
 * invitation deadlines.
 */

import { addDays, assertIsoDate, weekdayOf } from './dates.ts';

/** One public holiday: ISO date and German name. */
export interface PublicHoliday {
  date: string;
  name: string;
}

function assertYear(year: number): void {
  // The Gregorian Easter rule applies from 1583; four-digit ISO dates end at 9999.
  if (!Number.isInteger(year) || year < 1583 || year > 9999) {
    throw new RangeError(`Year must be an integer between 1583 and 9999, got ${year}`);
  }
}

/**
 * Easter Sunday of a year (Gregorian calendar), computed with the anonymous Gregorian algorithm
 * (Meeus/Jones/Butcher, a refinement of Gauss's Easter formula).
 * @returns ISO date, e.g. '2021-04-04'.
 */
export function easterSunday(year: number): string {
  assertYear(year);
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The statutory public holidays in NRW for a year, sorted by date: Neujahr, Karfreitag, Ostermontag,
 * Tag der Arbeit, Christi Himmelfahrt, Pfingstmontag, Fronleichnam, Tag der Deutschen Einheit,
 * Allerheiligen, 1. and 2. Weihnachtstag. (Easter and Whit Sunday are Sundays anyway.)
 */
export function nrwPublicHolidays(year: number): PublicHoliday[] {
  const easter = easterSunday(year);
  const holidays: PublicHoliday[] = [
    { date: `${year}-01-01`, name: 'Neujahr' },
    { date: addDays(easter, -2), name: 'Karfreitag' },
    { date: addDays(easter, 1), name: 'Ostermontag' },
    { date: `${year}-05-01`, name: 'Tag der Arbeit' },
    { date: addDays(easter, 39), name: 'Christi Himmelfahrt' },
    { date: addDays(easter, 50), name: 'Pfingstmontag' },
    { date: addDays(easter, 60), name: 'Fronleichnam' },
    { date: `${year}-10-03`, name: 'Tag der Deutschen Einheit' },
    { date: `${year}-11-01`, name: 'Allerheiligen' },
    { date: `${year}-12-25`, name: '1. Weihnachtstag' },
    { date: `${year}-12-26`, name: '2. Weihnachtstag' },
  ];
  return holidays.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
}

/** The name of the NRW public holiday on that date, or undefined if it is none. */
export function nrwPublicHolidayName(isoDate: string): string | undefined {
  assertIsoDate(isoDate);
  const year = Number(isoDate.slice(0, 4));
  return nrwPublicHolidays(year).find((holiday) => holiday.date === isoDate)?.name;
}

/** True for Monday–Friday unless the day is a public holiday in NRW. */
export function isNrwWorkingDay(isoDate: string): boolean {
  const weekday = weekdayOf(isoDate);
  if (weekday === 0 || weekday === 6) {
    return false;
  }
  return nrwPublicHolidayName(isoDate) === undefined;
}
