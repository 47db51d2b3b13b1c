/**
 * Invitation deadline (Ladungsfrist).
 *
 * The law leaves the deadline to the Geschäftsordnung, so it is a setting per body. Semantics are "full
 * days" (volle Tage): neither the day of dispatch nor the meeting day counts; only the days strictly in
 * between do. Working days are Monday–Friday except NRW public holidays.
 */

import {
  addDays,
  daysBetween,
  formatGermanDate,
  formatTimeOfDay,
  type LocalDateTime,
  parseLocalDateTime,
} from './dates.ts';
import { isNrwWorkingDay, nrwPublicHolidayName, type PublicHoliday } from './holidays.ts';

export { nrwPublicHolidays } from './holidays.ts';

/** How deadline days are counted: every calendar day, or working days (Mon–Fri without NRW holidays). */
export type DayUnit = 'calendar' | 'working';

/** Unit of the urgent deadline: days as above, or hours before the start of the meeting. */
export type UrgentDeadlineUnit = DayUnit | 'hours';

/** The invitation deadline of one body, as set by its Geschäftsordnung. */
export interface InvitationDeadlineSettings {
  /** Full days required between dispatch and meeting day. */
  days: number;
  unit: DayUnit;
  /** Shortened deadline when urgency is stated in the invitation; hours if `urgentUnit` is 'hours'. */
  urgentDays: number;
  urgentUnit: UrgentDeadlineUnit;
}

/** A problem found in deadline settings (for the service layer to report). */
export interface DeadlineSettingsProblem {
  field: keyof InvitationDeadlineSettings;
  message: string;
}

/** Input of `checkInvitationDeadline`. */
export interface InvitationDeadlineInput {
  /** 'YYYY-MM-DD' or 'YYYY-MM-DDTHH:mm' (local time; the time only matters for an hour deadline). */
  dispatchDate: string;
  /** 'YYYY-MM-DD' or 'YYYY-MM-DDTHH:mm' (local time; the time only matters for an hour deadline). */
  meetingDate: string;
  settings: InvitationDeadlineSettings;
  /** Whether the shortened deadline for urgent meetings applies. */
  urgent?: boolean;
}

/** Result of `checkInvitationDeadline`. */
export interface InvitationDeadlineCheck {
  ok: boolean;
  urgent: boolean;
  /** The unit that applied; for 'hours' `requiredDays` and `countedDays` are hours. */
  unit: UrgentDeadlineUnit;
  requiredDays: number;
  /** Full days (of `unit`) strictly between dispatch and meeting day; whole hours for 'hours'. */
  countedDays: number;
  /** Latest dispatch that still keeps the deadline: 'YYYY-MM-DD', or 'YYYY-MM-DDTHH:mm' for 'hours'. */
  latestDispatchDate: string;
  /** NRW public holidays strictly between dispatch and meeting day (they matter for working days). */
  holidaysInBetween: PublicHoliday[];
  /** German explanation for the clerk. */
  explanation: string;
}

const MINUTES_PER_DAY = 24 * 60;
const DAY_UNITS: readonly string[] = ['calendar', 'working'];
const URGENT_UNITS: readonly string[] = ['calendar', 'working', 'hours'];

/** Checks deadline settings; returns an empty list if they are usable. Pure. */
export function validateInvitationDeadlineSettings(settings: InvitationDeadlineSettings): DeadlineSettingsProblem[] {
  const problems: DeadlineSettingsProblem[] = [];
  if (!Number.isInteger(settings.days) || settings.days < 0) {
    problems.push({ field: 'days', message: 'Die Ladungsfrist muss eine ganze Zahl von Tagen ab 0 sein.' });
  }
  if (!DAY_UNITS.includes(settings.unit)) {
    problems.push({ field: 'unit', message: 'Die Ladungsfrist wird in Kalender- oder Arbeitstagen gezählt.' });
  }
  if (!Number.isInteger(settings.urgentDays) || settings.urgentDays < 0) {
    problems.push({ field: 'urgentDays', message: 'Die verkürzte Ladungsfrist muss eine ganze Zahl ab 0 sein.' });
  }
  if (!URGENT_UNITS.includes(settings.urgentUnit)) {
    problems.push({
      field: 'urgentUnit',
      message: 'Die verkürzte Ladungsfrist wird in Kalendertagen, Arbeitstagen oder Stunden gezählt.',
    });
  }
  return problems;
}

function assertValidSettings(settings: InvitationDeadlineSettings): void {
  const problems = validateInvitationDeadlineSettings(settings);
  if (problems.length > 0) {
    throw new RangeError(`Invalid invitation deadline settings: ${problems.map((p) => p.field).join(', ')}`);
  }
}

function applicableDeadline(
  settings: InvitationDeadlineSettings,
  urgent: boolean,
): { amount: number; unit: UrgentDeadlineUnit } {
  return urgent
    ? { amount: settings.urgentDays, unit: settings.urgentUnit }
    : { amount: settings.days, unit: settings.unit };
}

/**
 * Number of full days of the given unit strictly between two dates (both excluded).
 * 0 if `to` is not at least two days after `from`.
 */
export function fullDaysBetween(from: string, to: string, unit: DayUnit): number {
  const gap = daysBetween(from, to) - 1;
  if (gap <= 0) {
    return 0;
  }
  if (unit === 'calendar') {
    return gap;
  }
  let count = 0;
  for (let day = addDays(from, 1); day < to; day = addDays(day, 1)) {
    if (isNrwWorkingDay(day)) {
      count += 1;
    }
  }
  return count;
}

/** NRW public holidays strictly between two dates (both excluded), in date order. */
export function nrwHolidaysBetween(from: string, to: string): PublicHoliday[] {
  const holidays: PublicHoliday[] = [];
  for (let day = addDays(from, 1); day < to; day = addDays(day, 1)) {
    const name = nrwPublicHolidayName(day);
    if (name !== undefined) {
      holidays.push({ date: day, name });
    }
  }
  return holidays;
}

/** Minutes between two local date-times; a missing dispatch time means end of day, a missing meeting time start of day. */
function minutesBetween(dispatch: LocalDateTime, meeting: LocalDateTime): number {
  const dispatchMinutes = dispatch.minutes ?? MINUTES_PER_DAY;
  const meetingMinutes = meeting.minutes ?? 0;
  return daysBetween(dispatch.date, meeting.date) * MINUTES_PER_DAY + meetingMinutes - dispatchMinutes;
}

function latestDispatchForHours(meeting: LocalDateTime, hours: number): string {
  const total = (meeting.minutes ?? 0) - hours * 60;
  const dayOffset = Math.floor(total / MINUTES_PER_DAY);
  const minutes = total - dayOffset * MINUTES_PER_DAY;
  return `${addDays(meeting.date, dayOffset)}T${formatTimeOfDay(minutes)}`;
}

/**
 * The latest dispatch that still keeps the deadline.
 *
 * Calendar days: meeting day − days − 1 (e.g. 7 days before Thursday 18.02.2021 → Wednesday 10.02.2021).
 * Working days: the day before the earliest of the required working days, which may be a weekend day.
 * Hours: 'YYYY-MM-DDTHH:mm', counted back from the meeting start (00:00 if the meeting has no time).
 *
 * @param meetingDate 'YYYY-MM-DD' or 'YYYY-MM-DDTHH:mm'
 * @throws RangeError for an invalid date or invalid settings.
 */
export function latestDispatchDate(meetingDate: string, settings: InvitationDeadlineSettings, urgent = false): string {
  assertValidSettings(settings);
  const meeting = parseLocalDateTime(meetingDate);
  const { amount, unit } = applicableDeadline(settings, urgent);
  if (unit === 'hours') {
    return latestDispatchForHours(meeting, amount);
  }
  if (unit === 'calendar') {
    return addDays(meeting.date, -amount - 1);
  }
  // Walk back from the meeting day until `amount` working days are collected.
  let earliestCounted = meeting.date;
  for (let found = 0; found < amount; found += 1) {
    do {
      earliestCounted = addDays(earliestCounted, -1);
    } while (!isNrwWorkingDay(earliestCounted));
  }
  return addDays(earliestCounted, -1);
}

function formatGermanDateTime(value: string): string {
  const parsed = parseLocalDateTime(value);
  const date = formatGermanDate(parsed.date);
  return parsed.minutes === null ? date : `${date}, ${formatTimeOfDay(parsed.minutes)} Uhr`;
}

function describeCount(count: number, unit: UrgentDeadlineUnit): string {
  switch (unit) {
    case 'calendar':
      return count === 1 ? 'liegt 1 voller Kalendertag' : `liegen ${count} volle Kalendertage`;
    case 'working':
      return count === 1 ? 'liegt 1 Arbeitstag' : `liegen ${count} Arbeitstage`;
    case 'hours':
      return count === 1 ? 'liegt 1 Stunde' : `liegen ${count} Stunden`;
  }
}

/**
 * Checks whether an invitation kept the invitation deadline.
 *
 * Example (7 calendar days): dispatch Wednesday 10.02.2021, meeting Thursday 18.02.2021 → 7 full days in
 * between (11.–17.02.) → ok.
 *
 * @throws RangeError for invalid dates or invalid settings.
 */
export function checkInvitationDeadline(input: InvitationDeadlineInput): InvitationDeadlineCheck {
  const urgent = input.urgent === true;
  assertValidSettings(input.settings);
  const dispatch = parseLocalDateTime(input.dispatchDate);
  const meeting = parseLocalDateTime(input.meetingDate);
  const { amount, unit } = applicableDeadline(input.settings, urgent);
  const latest = latestDispatchDate(input.meetingDate, input.settings, urgent);
  const holidaysInBetween = nrwHolidaysBetween(dispatch.date, meeting.date);

  let ok: boolean;
  let counted: number;
  if (unit === 'hours') {
    const minutes = minutesBetween(dispatch, meeting);
    counted = Math.max(0, Math.floor(minutes / 60));
    ok = minutes >= amount * 60;
  } else {
    counted = fullDaysBetween(dispatch.date, meeting.date, unit);
    ok = dispatch.date < meeting.date && counted >= amount;
  }

  const title = urgent ? 'Verkürzte Ladungsfrist (Dringlichkeit)' : 'Ladungsfrist';
  const parts: string[] = [
    `${title} ${ok ? 'eingehalten' : 'nicht eingehalten'}: Versand am ${formatGermanDateTime(input.dispatchDate)}, ` +
      `Sitzung am ${formatGermanDateTime(input.meetingDate)}.`,
  ];
  if (unit !== 'hours' && dispatch.date >= meeting.date) {
    parts.push('Die Einladung wurde nicht vor dem Sitzungstag versandt.');
  } else {
    const between = unit === 'hours' ? 'Zwischen Versand und Sitzungsbeginn' : 'Dazwischen';
    const unitNote = unit === 'working' ? ' (Montag bis Freitag ohne gesetzliche Feiertage in NRW)' : '';
    parts.push(`${between} ${describeCount(counted, unit)}${unitNote}, erforderlich sind ${amount}.`);
  }
  if (unit === 'working' && holidaysInBetween.length > 0) {
    const list = holidaysInBetween.map((h) => `${h.name} (${formatGermanDate(h.date)})`).join(', ');
    parts.push(`Nicht mitgezählte Feiertage: ${list}.`);
  }
  if (unit === 'hours' && (dispatch.minutes === null || meeting.minutes === null)) {
    parts.push('Ohne Uhrzeit wird der Versand zum Tagesende und der Sitzungsbeginn zum Tagesanfang angenommen.');
  }
  parts.push(`Spätester Versand: ${formatGermanDateTime(latest)}.`);
  if (urgent) {
    parts.push('Die Dringlichkeit ist in der Einladung anzugeben.');
  }

  return {
    ok,
    urgent,
    unit,
    requiredDays: amount,
    countedDays: counted,
    latestDispatchDate: latest,
    holidaysInBetween,
    explanation: parts.join(' '),
  };
}
