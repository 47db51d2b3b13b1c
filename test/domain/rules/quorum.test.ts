import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeQuorum, type QuorumAttendee } from '../../../src/domain/rules/quorum.ts';

/** `count` present voting members with ids 1 … count. */
function members(count: number, startId = 1): QuorumAttendee[] {
  return Array.from({ length: count }, (_, i) => ({
    personId: startId + i,
    name: `Mitglied ${startId + i}`,
    present: true,
    votingRight: true,
  }));
}

const DATE = '2021-02-18';

test('17 of 18 present: quorate, explanation in German', () => {
  const result = computeQuorum({
    statutoryMembers: 18,
    attendees: [...members(17), { personId: 18, name: 'Burghaus', present: false, votingRight: true }],
    profile: 'nrw-kreis',
    date: DATE,
  });
  assert.equal(result.quorate, true);
  assert.equal(result.counted, 17);
  assert.equal(result.required, 10);
  assert.equal(result.statutoryMembers, 18);
  assert.equal(result.norm, '§ 34 Abs. 1 KrO NRW');
  assert.deepEqual(result.excluded, [{ personId: 18, name: 'Burghaus', reason: 'absent' }]);
  assert.equal(
    result.explanation,
    'Beschlussfähig: 17 von 18 stimmberechtigten Mitgliedern anwesend, erforderlich sind mehr als die Hälfte (mindestens 10).',
  );
});

test('8 of 17: not quorate', () => {
  const result = computeQuorum({ statutoryMembers: 17, attendees: members(8), profile: 'nrw-gemeinde', date: DATE });
  assert.equal(result.quorate, false);
  assert.equal(result.required, 9);
  assert.equal(result.norm, '§ 49 Abs. 1 GO NRW');
  assert.match(result.explanation, /^Nicht beschlussfähig: 8 von 17 stimmberechtigten Mitgliedern anwesend/);
  assert.match(result.explanation, /mindestens 9/);
});

test('exactly half is NOT quorate, half plus one is', () => {
  const half = computeQuorum({ statutoryMembers: 18, attendees: members(9), profile: 'nrw-kreis', date: DATE });
  assert.equal(half.counted, 9);
  assert.equal(half.quorate, false);
  const halfPlusOne = computeQuorum({ statutoryMembers: 18, attendees: members(10), profile: 'nrw-kreis', date: DATE });
  assert.equal(halfPlusOne.quorate, true);
});

test('a substitute counts in place of the excused member', () => {
  // 5 seats: members 1-4 present, member 5 (Burghaus) excused, Buchholz stands in for him.
  const attendees: QuorumAttendee[] = [
    ...members(4),
    { personId: 5, name: 'Burghaus', present: false, votingRight: true },
    { personId: 'v1', name: 'Buchholz', present: true, votingRight: true, substituteFor: 5 },
  ];
  const result = computeQuorum({ statutoryMembers: 5, attendees, profile: 'nrw-kreis', date: DATE });
  assert.equal(result.counted, 5);
  assert.equal(result.quorate, true);
  assert.deepEqual(result.excluded, [{ personId: 5, name: 'Burghaus', reason: 'absent' }]);
  assert.deepEqual(result.notes, []);
});

test('a substitute for a member who is present himself is not double counted, and it is mentioned', () => {
  const attendees: QuorumAttendee[] = [
    { personId: 'v1', name: 'Buchholz', present: true, votingRight: true, substituteFor: 5 },
    ...members(5),
  ];
  const result = computeQuorum({ statutoryMembers: 5, attendees, profile: 'nrw-kreis', date: DATE });
  assert.equal(result.counted, 5);
  assert.deepEqual(result.excluded, [{ personId: 'v1', name: 'Buchholz', reason: 'no_voting_right' }]);
  assert.equal(result.notes.length, 1);
  assert.match(result.notes[0] ?? '', /Buchholz ist als Vertretung für Mitglied 5 eingetragen/);
  assert.match(result.explanation, /nur einmal gezählt/);
});

test('a member present plus his substitute would exceed the seats without the de-duplication', () => {
  // 3 seats, all 3 members present and one substitute: must not throw, counted stays 3.
  const attendees: QuorumAttendee[] = [
    ...members(3),
    { personId: 99, name: 'Vertreter', present: true, votingRight: true, substituteFor: '2' },
  ];
  const result = computeQuorum({ statutoryMembers: 3, attendees, profile: 'nrw-gemeinde', date: DATE });
  assert.equal(result.counted, 3);
});

test('two substitutes for the same absent member count once', () => {
  const attendees: QuorumAttendee[] = [
    ...members(3),
    { personId: 4, name: 'Abwesend', present: false, votingRight: true },
    { personId: 'a', name: 'Vertretung A', present: true, votingRight: true, substituteFor: 4 },
    { personId: 'b', name: 'Vertretung B', present: true, votingRight: true, substituteFor: 4 },
  ];
  const result = computeQuorum({ statutoryMembers: 4, attendees, profile: 'nrw-kreis', date: DATE });
  assert.equal(result.counted, 4);
  assert.deepEqual(
    result.excluded.map((e) => [e.personId, e.reason]),
    [
      [4, 'absent'],
      ['b', 'no_voting_right'],
    ],
  );
  assert.match(result.notes[0] ?? '', /bereits eine andere Vertretung/);
});

test('a biased member does not count and is named in the explanation', () => {
  const attendees: QuorumAttendee[] = [
    ...members(9),
    { personId: 10, name: 'Anna Befangen', present: true, votingRight: true, biased: true },
  ];
  const result = computeQuorum({ statutoryMembers: 18, attendees, profile: 'nrw-gemeinde', date: DATE });
  assert.equal(result.counted, 9);
  assert.equal(result.quorate, false);
  assert.deepEqual(result.excluded, [{ personId: 10, name: 'Anna Befangen', reason: 'biased' }]);
  assert.match(result.explanation, /Nicht mitgezählt: Anna Befangen \(befangen\)\./);
});

test('public area, not connected and no voting right are excluded with their reason', () => {
  const attendees: QuorumAttendee[] = [
    ...members(6),
    { personId: 7, name: 'Zuschauer', present: true, votingRight: true, inPublicArea: true },
    { personId: 8, name: 'Offline', present: true, votingRight: true, remoteConnected: false },
    { personId: 9, name: 'Online', present: true, votingRight: true, remoteConnected: true },
    { personId: 10, name: 'Im Saal', present: true, votingRight: true, remoteConnected: null },
    { personId: 11, name: 'Beratendes Mitglied', present: true, votingRight: false },
  ];
  const result = computeQuorum({ statutoryMembers: 12, attendees, profile: 'nrw-kreis', date: DATE });
  assert.equal(result.counted, 8);
  assert.equal(result.required, 7);
  assert.equal(result.quorate, true);
  assert.deepEqual(
    result.excluded.map((e) => [e.name, e.reason]),
    [
      ['Zuschauer', 'public_area'],
      ['Offline', 'not_connected'],
      ['Beratendes Mitglied', 'no_voting_right'],
    ],
  );
});

test('a substitute for a biased member counts (the member is prevented)', () => {
  const attendees: QuorumAttendee[] = [
    ...members(2),
    { personId: 3, name: 'Befangen', present: true, votingRight: true, biased: true },
    { personId: 'v', name: 'Vertretung', present: true, votingRight: true, substituteFor: 3 },
  ];
  const result = computeQuorum({ statutoryMembers: 3, attendees, profile: 'nrw-kreis', date: DATE });
  assert.equal(result.counted, 3);
});

test('impossible input throws RangeError', () => {
  const base = { attendees: members(2), profile: 'nrw-kreis' as const, date: DATE };
  assert.throws(() => computeQuorum({ ...base, statutoryMembers: 0 }), RangeError);
  assert.throws(() => computeQuorum({ ...base, statutoryMembers: -3 }), RangeError);
  assert.throws(() => computeQuorum({ ...base, statutoryMembers: 2.5 }), RangeError);
  assert.throws(
    () => computeQuorum({ ...base, statutoryMembers: 1 }),
    (error: unknown) => error instanceof RangeError && /only 1 statutory members/.test(error.message),
  );
  assert.throws(
    () => computeQuorum({ ...base, statutoryMembers: 5, attendees: [...members(2), ...members(1)] }),
    /more than once/,
  );
  assert.throws(() => computeQuorum({ ...base, statutoryMembers: 5, date: '2021-13-01' }), RangeError);
  assert.throws(() => computeQuorum({ ...base, statutoryMembers: 5, profile: 'xx' as never }), RangeError);
});

test('person ids 5 and "5" are the same person', () => {
  assert.throws(
    () =>
      computeQuorum({
        statutoryMembers: 5,
        attendees: [
          { personId: 5, name: 'A', present: true, votingRight: true },
          { personId: '5', name: 'A', present: true, votingRight: true },
        ],
        profile: 'nrw-kreis',
        date: DATE,
      }),
    RangeError,
  );
});
