import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addDays, formatGermanDate, weekdayOf } from '../../../src/domain/rules/dates.ts';
import {
  checkInvitationDeadline,
  fullDaysBetween,
  type InvitationDeadlineSettings,
  latestDispatchDate,
  nrwPublicHolidays,
  validateInvitationDeadlineSettings,
} from '../../../src/domain/rules/deadline.ts';
import { easterSunday, isNrwWorkingDay } from '../../../src/domain/rules/holidays.ts';

const CALENDAR_7: InvitationDeadlineSettings = { days: 7, unit: 'calendar', urgentDays: 3, urgentUnit: 'working' };
const WORKING_5: InvitationDeadlineSettings = { days: 5, unit: 'working', urgentDays: 24, urgentUnit: 'hours' };

test('Easter Sunday for known years', () => {
  assert.equal(easterSunday(2021), '2021-04-04');
  assert.equal(easterSunday(2024), '2024-03-31');
  assert.equal(easterSunday(2025), '2025-04-20');
  assert.equal(easterSunday(2019), '2019-04-21');
  assert.equal(easterSunday(2000), '2000-04-23');
  assert.equal(easterSunday(2038), '2038-04-25');
  assert.equal(easterSunday(2285), '2285-03-22');
  assert.throws(() => easterSunday(1500), RangeError);
});

test('NRW public holidays 2021', () => {
  assert.deepEqual(
    nrwPublicHolidays(2021).map((h) => `${h.date} ${h.name}`),
    [
      '2021-01-01 Neujahr',
      '2021-04-02 Karfreitag',
      '2021-04-05 Ostermontag',
      '2021-05-01 Tag der Arbeit',
      '2021-05-13 Christi Himmelfahrt',
      '2021-05-24 Pfingstmontag',
      '2021-06-03 Fronleichnam',
      '2021-10-03 Tag der Deutschen Einheit',
      '2021-11-01 Allerheiligen',
      '2021-12-25 1. Weihnachtstag',
      '2021-12-26 2. Weihnachtstag',
    ],
  );
});

test('NRW holidays 2024 are sorted even when Easter falls in March', () => {
  const dates = nrwPublicHolidays(2024).map((h) => h.date);
  assert.deepEqual(dates.slice(0, 3), ['2024-01-01', '2024-03-29', '2024-04-01']);
  assert.deepEqual(dates, [...dates].sort());
  assert.ok(dates.includes('2024-05-30'), 'Fronleichnam 2024');
});

test('working days: weekends and holidays are not working days', () => {
  assert.equal(isNrwWorkingDay('2021-02-18'), true); // Thursday
  assert.equal(isNrwWorkingDay('2021-02-20'), false); // Saturday
  assert.equal(isNrwWorkingDay('2021-02-21'), false); // Sunday
  assert.equal(isNrwWorkingDay('2021-04-02'), false); // Karfreitag
  assert.equal(isNrwWorkingDay('2021-06-03'), false); // Fronleichnam
  assert.equal(isNrwWorkingDay('2021-11-01'), false); // Allerheiligen (Monday)
});

test('German date formatting and weekdays', () => {
  assert.equal(formatGermanDate('2021-02-18'), 'Donnerstag, 18.02.2021');
  assert.equal(formatGermanDate('2024-12-31'), 'Dienstag, 31.12.2024');
  assert.equal(weekdayOf('1970-01-01'), 4);
  assert.equal(weekdayOf('1969-12-28'), 0);
  assert.equal(addDays('2024-02-28', 1), '2024-02-29');
  assert.equal(addDays('2021-03-28', 1), '2021-03-29'); // DST change in Germany does not matter
});

test('calendar days: full days between dispatch and meeting, neither end counted', () => {
  // Meeting Thursday 18.02.2021; 11.–17.02. are 7 full days.
  const ok = checkInvitationDeadline({ dispatchDate: '2021-02-10', meetingDate: '2021-02-18', settings: CALENDAR_7 });
  assert.equal(ok.ok, true);
  assert.equal(ok.countedDays, 7);
  assert.equal(ok.requiredDays, 7);
  assert.equal(ok.latestDispatchDate, '2021-02-10');
  assert.equal(
    ok.explanation,
    'Ladungsfrist eingehalten: Versand am Mittwoch, 10.02.2021, Sitzung am Donnerstag, 18.02.2021. ' +
      'Dazwischen liegen 7 volle Kalendertage, erforderlich sind 7. Spätester Versand: Mittwoch, 10.02.2021.',
  );

  const late = checkInvitationDeadline({ dispatchDate: '2021-02-11', meetingDate: '2021-02-18', settings: CALENDAR_7 });
  assert.equal(late.ok, false);
  assert.equal(late.countedDays, 6);
  assert.match(late.explanation, /^Ladungsfrist nicht eingehalten/);
  assert.match(late.explanation, /Dazwischen liegen 6 volle Kalendertage, erforderlich sind 7\./);
});

test('calendar days across a month end and a leap day', () => {
  assert.equal(latestDispatchDate('2024-03-05', CALENDAR_7), '2024-02-26');
  assert.equal(fullDaysBetween('2024-02-26', '2024-03-05', 'calendar'), 7);
});

test('working days across a weekend', () => {
  // Meeting Tuesday 23.02.2021, 5 working days: Mon 22, Fri 19, Thu 18, Wed 17, Tue 16 → latest Mon 15.02.
  assert.equal(latestDispatchDate('2021-02-23', WORKING_5), '2021-02-15');
  const ok = checkInvitationDeadline({ dispatchDate: '2021-02-15', meetingDate: '2021-02-23', settings: WORKING_5 });
  assert.equal(ok.ok, true);
  assert.equal(ok.countedDays, 5);
  // 7 calendar days in between but only 5 working days:
  assert.equal(fullDaysBetween('2021-02-15', '2021-02-23', 'calendar'), 7);
  const late = checkInvitationDeadline({ dispatchDate: '2021-02-16', meetingDate: '2021-02-23', settings: WORKING_5 });
  assert.equal(late.ok, false);
  assert.equal(late.countedDays, 4);
  assert.match(
    late.explanation,
    /Dazwischen liegen 4 Arbeitstage \(Montag bis Freitag ohne gesetzliche Feiertage in NRW\), erforderlich sind 5\./,
  );
});

test('working days across the Easter holidays', () => {
  // Meeting Thursday 08.04.2021. Between 31.03. and 08.04.: Thu 01.04., Tue 06.04., Wed 07.04. are working days;
  // Karfreitag 02.04. and Ostermontag 05.04. are not.
  const check = checkInvitationDeadline({ dispatchDate: '2021-03-31', meetingDate: '2021-04-08', settings: WORKING_5 });
  assert.equal(check.ok, false);
  assert.equal(check.countedDays, 3);
  assert.deepEqual(
    check.holidaysInBetween.map((h) => h.name),
    ['Karfreitag', 'Ostermontag'],
  );
  assert.match(
    check.explanation,
    /Nicht mitgezählte Feiertage: Karfreitag \(Freitag, 02\.04\.2021\), Ostermontag \(Montag, 05\.04\.2021\)\./,
  );
  assert.equal(check.latestDispatchDate, '2021-03-29');
  assert.match(check.explanation, /Spätester Versand: Montag, 29\.03\.2021\./);
  // The same span without holidays (one week later) would have 5 working days.
  assert.equal(fullDaysBetween('2021-04-07', '2021-04-15', 'working'), 5);
});

test('latest dispatch for working days may fall on a weekend', () => {
  // Meeting Thursday 18.02.2021, 3 working days: Wed 17, Tue 16, Mon 15 → dispatch by Sunday 14.02.
  assert.equal(latestDispatchDate('2021-02-18', { ...WORKING_5, days: 3 }), '2021-02-14');
});

test('urgent variant: 3 working days from the profile default', () => {
  const urgent = checkInvitationDeadline({
    dispatchDate: '2021-02-12',
    meetingDate: '2021-02-18',
    settings: CALENDAR_7,
    urgent: true,
  });
  // Between Fri 12.02. and Thu 18.02.: Mon 15, Tue 16, Wed 17 → 3 working days.
  assert.equal(urgent.ok, true);
  assert.equal(urgent.urgent, true);
  assert.equal(urgent.unit, 'working');
  assert.equal(urgent.countedDays, 3);
  assert.equal(urgent.latestDispatchDate, '2021-02-14');
  assert.match(urgent.explanation, /^Verkürzte Ladungsfrist \(Dringlichkeit\) eingehalten/);
  assert.match(urgent.explanation, /Die Dringlichkeit ist in der Einladung anzugeben\.$/);
  // The same dispatch does not keep the regular deadline.
  assert.equal(
    checkInvitationDeadline({ dispatchDate: '2021-02-12', meetingDate: '2021-02-18', settings: CALENDAR_7 }).ok,
    false,
  );
});

test('urgent variant in hours', () => {
  const ok = checkInvitationDeadline({
    dispatchDate: '2021-02-17T16:30',
    meetingDate: '2021-02-18T16:30',
    settings: WORKING_5,
    urgent: true,
  });
  assert.equal(ok.ok, true);
  assert.equal(ok.countedDays, 24);
  assert.equal(ok.latestDispatchDate, '2021-02-17T16:30');
  assert.match(ok.explanation, /Spätester Versand: Mittwoch, 17\.02\.2021, 16:30 Uhr\./);

  const late = checkInvitationDeadline({
    dispatchDate: '2021-02-17T16:31',
    meetingDate: '2021-02-18T16:30',
    settings: WORKING_5,
    urgent: true,
  });
  assert.equal(late.ok, false);
  assert.equal(late.countedDays, 23);

  // Without times: dispatch at the end of its day, meeting at the start of its day.
  const noTimes = checkInvitationDeadline({
    dispatchDate: '2021-02-16',
    meetingDate: '2021-02-18',
    settings: WORKING_5,
    urgent: true,
  });
  assert.equal(noTimes.ok, true);
  assert.equal(noTimes.countedDays, 24);
  assert.equal(
    checkInvitationDeadline({
      dispatchDate: '2021-02-17',
      meetingDate: '2021-02-18',
      settings: WORKING_5,
      urgent: true,
    }).ok,
    false,
  );
  assert.equal(latestDispatchDate('2021-02-18', WORKING_5, true), '2021-02-17T00:00');
});

test('dispatch on or after the meeting day never keeps the deadline', () => {
  const zeroDays: InvitationDeadlineSettings = { days: 0, unit: 'calendar', urgentDays: 0, urgentUnit: 'calendar' };
  const sameDay = checkInvitationDeadline({
    dispatchDate: '2021-02-18',
    meetingDate: '2021-02-18',
    settings: zeroDays,
  });
  assert.equal(sameDay.ok, false);
  assert.match(sameDay.explanation, /nicht vor dem Sitzungstag versandt/);
  assert.equal(
    checkInvitationDeadline({ dispatchDate: '2021-02-17', meetingDate: '2021-02-18', settings: zeroDays }).ok,
    true,
  );
  assert.equal(
    checkInvitationDeadline({ dispatchDate: '2021-02-20', meetingDate: '2021-02-18', settings: CALENDAR_7 })
      .countedDays,
    0,
  );
});

test('singular wording for one day', () => {
  const oneDay: InvitationDeadlineSettings = { days: 1, unit: 'calendar', urgentDays: 1, urgentUnit: 'working' };
  const check = checkInvitationDeadline({ dispatchDate: '2021-02-16', meetingDate: '2021-02-18', settings: oneDay });
  assert.match(check.explanation, /Dazwischen liegt 1 voller Kalendertag, erforderlich sind 1\./);
});

test('invalid settings and dates are rejected', () => {
  assert.deepEqual(
    validateInvitationDeadlineSettings({
      days: -1,
      unit: 'weeks' as never,
      urgentDays: 1.5,
      urgentUnit: 'minutes' as never,
    }).map((p) => p.field),
    ['days', 'unit', 'urgentDays', 'urgentUnit'],
  );
  assert.deepEqual(validateInvitationDeadlineSettings(CALENDAR_7), []);
  assert.throws(() => latestDispatchDate('2021-02-18', { ...CALENDAR_7, days: -1 }), RangeError);
  assert.throws(
    () => checkInvitationDeadline({ dispatchDate: '2021-02-30', meetingDate: '2021-03-05', settings: CALENDAR_7 }),
    RangeError,
  );
  assert.throws(
    () => checkInvitationDeadline({ dispatchDate: '10.02.2021', meetingDate: '2021-03-05', settings: CALENDAR_7 }),
    RangeError,
  );
  assert.throws(
    () =>
      checkInvitationDeadline({ dispatchDate: '2021-02-10T25:00', meetingDate: '2021-03-05', settings: CALENDAR_7 }),
    RangeError,
  );
});
