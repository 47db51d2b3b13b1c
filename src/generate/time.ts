/**
 * Calendar days as numbers (days since 1970-01-01) and wall-clock times in Germany, for the generator:
 * pure functions, independent of the machine's time zone.
 */
import { nrwPublicHolidays } from '../domain/rules/holidays.ts';

const DAY_MS = 86_400_000;

export function dayOf(year: number, month: number, day: number): number {
  return Math.round(Date.UTC(year, month - 1, day) / DAY_MS);
}

export function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function dayFromIso(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  return dayOf(y as number, m as number, d as number);
}

export function yearOfDay(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOfDay(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** "18.02.2021" */
export function germanDay(day: number): string {
  const [y, m, d] = isoDay(day).split('-');
  return `${d}.${m}.${y}`;
}

/** "16:30" */
export function clockText(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function lastSunday(year: number, month: number): number {
  const last = dayOf(year, month + 1, 0);
  return last - weekdayOfDay(last);
}

const dstCache = new Map<number, [number, number]>();

/**
 * The instant of a German wall-clock time as an ISO timestamp (UTC). Summer time runs from the last
 * Sunday of March to the last Sunday of October; times between 0:00 and 3:00 on those Sundays do not
 * occur in the generated data.
 */
export function berlinInstant(day: number, minutes: number): string {
  const year = yearOfDay(day);
  let dst = dstCache.get(year);
  if (!dst) {
    dst = [lastSunday(year, 3), lastSunday(year, 10)];
    dstCache.set(year, dst);
  }
  const offset = day >= dst[0] && day < dst[1] ? 120 : 60;
  return new Date(day * DAY_MS + (minutes - offset) * 60_000).toISOString();
}

const holidayCache = new Map<number, Set<number>>();

export function isHoliday(day: number): boolean {
  const year = yearOfDay(day);
  let set = holidayCache.get(year);
  if (!set) {
    set = new Set(nrwPublicHolidays(year).map((h) => dayFromIso(h.date)));
    holidayCache.set(year, set);
  }
  return set.has(day);
}
