/**
 * OParl's date formats (spec 2.4): a date-time is `yyyy-mm-ddThh:mm:ss±hh:mm`, here in German time
 * (Europe/Berlin, +01:00 or +02:00); a date is `yyyy-mm-dd`.
 */
import { TIME_ZONE } from '../domain/format.ts';

const parts = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** Offset of German time from UTC in minutes, per UTC hour (German offsets change only on the hour). */
const offsets = new Map<number, number>();
/** Offset per UTC day when it is the same all day (every day but the two of a year with a change), else null. */
const dayOffsets = new Map<number, number | null>();

function offsetMinutes(epochSeconds: number): number {
  const day = Math.floor(epochSeconds / 86400);
  let offset = dayOffsets.get(day);
  if (offset === undefined) {
    const first = hourOffsetMinutes(day * 86400);
    offset = first === hourOffsetMinutes(day * 86400 + 23 * 3600) ? first : null;
    if (dayOffsets.size > 100_000) dayOffsets.clear();
    dayOffsets.set(day, offset);
  }
  return offset ?? hourOffsetMinutes(epochSeconds);
}

function hourOffsetMinutes(epochSeconds: number): number {
  const hour = Math.floor(epochSeconds / 3600);
  let offset = offsets.get(hour);
  if (offset === undefined) {
    const p = Object.fromEntries(parts.formatToParts(hour * 3600 * 1000).map((x) => [x.type, x.value]));
    const local = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute));
    offset = Math.round((local - hour * 3600 * 1000) / 60000);
    if (offsets.size > 100_000) offsets.clear();
    offsets.set(hour, offset);
  }
  return offset;
}

/** Recently formatted times: many objects of a page share them (a meeting's items, a generated load). */
const formatted = new Map<number, string>();

/** "2021-02-18T16:00:00+01:00" from whole seconds since the epoch. */
export function dateTime(epochSeconds: number): string {
  let text = formatted.get(epochSeconds);
  if (text === undefined) {
    text = formatDateTime(epochSeconds);
    if (formatted.size >= 50_000) formatted.clear();
    formatted.set(epochSeconds, text);
  }
  return text;
}

function formatDateTime(epochSeconds: number): string {
  const offset = offsetMinutes(epochSeconds);
  const local = new Date((epochSeconds + offset * 60) * 1000).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The ISO calendar day ("2021-02-18") of a time in Germany. */
export function germanDay(epochSeconds: number): string {
  return dateTime(epochSeconds).slice(0, 10);
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A filter value: a full date-time with a time zone (spec 2.5), whole seconds since the epoch (fractions
 * cut off, as the API prints whole seconds). A space where the offset's "+" belongs (an unencoded "+"
 * in a query string) is read as "+". Undefined when it is not a valid date-time.
 */
export function parseDateTime(raw: string): number | undefined {
  const value = raw.trim().replace(/ (\d{2}:\d{2})$/, '+$1');
  const m = DATE_TIME.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const local = Date.UTC(year, month - 1, day, hour, minute, second);
  if (new Date(local).getUTCDate() !== day) return undefined;
  const zone = m[8] as string;
  let offset = 0;
  if (zone !== 'Z') {
    const [h, mi] = zone.slice(1).split(':').map(Number) as [number, number];
    if (h > 23 || mi > 59) return undefined;
    offset = (zone.startsWith('-') ? -1 : 1) * (h * 60 + mi);
  }
  return Math.floor(local / 1000) - offset * 60;
}
