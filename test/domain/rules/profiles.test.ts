import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  isJurisdictionId,
  JURISDICTION_IDS,
  minimumCount,
  PROFILES,
  type ProfileRegistry,
  profileRule,
  type RuleKey,
  ruleInForce,
  sachkundigeBuergerMayVote,
} from '../../../src/domain/rules/profiles.ts';

test('isJurisdictionId accepts exactly the built-in ids', () => {
  assert.equal(isJurisdictionId('nrw-kreis'), true);
  assert.equal(isJurisdictionId('nrw-gemeinde'), true);
  assert.equal(isJurisdictionId('bw-gemeinde'), false);
  assert.equal(isJurisdictionId('NRW-KREIS'), false);
  assert.equal(isJurisdictionId(undefined), false);
  assert.equal(isJurisdictionId(42), false);
});

test('every rule version carries a norm and a valid validFrom, and lists are sorted by validFrom', () => {
  for (const id of JURISDICTION_IDS) {
    const profile = PROFILES[id];
    assert.equal(profile.id, id);
    for (const key of Object.keys(profile.rules) as RuleKey[]) {
      const versions = profile.rules[key];
      assert.ok(versions.length > 0, `${id}.${key} has no version`);
      for (const version of versions) {
        assert.match(version.norm, /NRW/, `${id}.${key} norm "${version.norm}"`);
        assert.match(version.validFrom, /^\d{4}-\d{2}-\d{2}$/);
      }
      const dates = versions.map((v) => v.validFrom);
      assert.deepEqual(dates, [...dates].sort(), `${id}.${key} not sorted`);
    }
  }
});

test('quorum and majority norms per jurisdiction', () => {
  assert.equal(profileRule('nrw-kreis', 'quorum', '2021-02-18').norm, '§ 34 Abs. 1 KrO NRW');
  assert.equal(profileRule('nrw-gemeinde', 'quorum', '2021-02-18').norm, '§ 49 Abs. 1 GO NRW');
  assert.equal(profileRule('nrw-gemeinde', 'majority', '2021-02-18').norm, '§ 50 Abs. 1 GO NRW');
  assert.equal(profileRule('nrw-gemeinde', 'conflictOfInterest', '2021-02-18').norm, '§ 31 GO NRW');
  assert.equal(profileRule('nrw-kreis', 'conflictOfInterest', '2021-02-18').norm, '§ 28 KrO NRW');
  const quorum = profileRule('nrw-kreis', 'quorum', '2021-02-18').value;
  assert.equal(quorum.comparison, 'more_than');
  assert.deepEqual(quorum.fraction, { numerator: 1, denominator: 2 });
  assert.equal(quorum.chairCounts, true);
});

test('invitation deadline is marked as a GeschO default, 7 calendar days / 3 working days', () => {
  const rule = profileRule('nrw-gemeinde', 'invitationDeadline', '2024-06-01');
  assert.equal(rule.source, 'gescho_default');
  assert.deepEqual(rule.value, { days: 7, unit: 'calendar', urgentDays: 3, urgentUnit: 'working' });
  assert.equal(profileRule('nrw-kreis', 'quorum', '2024-06-01').source, 'law');
});

test('secret vote needs a request of 1/5', () => {
  assert.deepEqual(profileRule('nrw-kreis', 'secretVoteRequest', '2021-02-18').value.fraction, {
    numerator: 1,
    denominator: 5,
  });
});

test('sachkundige Bürger: no vote in the Kreisausschuss, but in other Kreis committees', () => {
  assert.equal(sachkundigeBuergerMayVote('nrw-kreis', 'kreisausschuss', '2021-02-18').mayVote, false);
  assert.equal(sachkundigeBuergerMayVote('nrw-kreis', 'committee', '2021-02-18').mayVote, true);
  assert.equal(sachkundigeBuergerMayVote('nrw-kreis', 'council', '2021-02-18').mayVote, false);
});

test('sachkundige Bürger: no vote in Haupt-, Finanz-, Rechnungsprüfungsausschuss of a Gemeinde', () => {
  for (const kind of ['hauptausschuss', 'finanzausschuss', 'rechnungspruefungsausschuss'] as const) {
    const result = sachkundigeBuergerMayVote('nrw-gemeinde', kind, '2021-02-18');
    assert.equal(result.mayVote, false, kind);
    assert.equal(result.norm, '§ 58 Abs. 3 GO NRW');
  }
  assert.equal(sachkundigeBuergerMayVote('nrw-gemeinde', 'committee', '2021-02-18').mayVote, true);
  // The Kreisausschuss exclusion is a Kreis rule only.
  assert.equal(sachkundigeBuergerMayVote('nrw-gemeinde', 'kreisausschuss', '2021-02-18').mayVote, true);
});

test('profileRule picks the version in force on the date (test-only dated version)', () => {
  const base = PROFILES['nrw-gemeinde'];
  const testProfiles: ProfileRegistry = {
    ...PROFILES,
    'nrw-gemeinde': {
      ...base,
      rules: {
        ...base.rules,
        invitationDeadline: [
          ...base.rules.invitationDeadline,
          {
            value: { days: 10, unit: 'calendar', urgentDays: 24, urgentUnit: 'hours' },
            norm: 'GeschO (Änderung)',
            validFrom: '2023-01-01',
            source: 'gescho_default',
          },
        ],
      },
    },
  };
  const before = profileRule('nrw-gemeinde', 'invitationDeadline', '2022-12-31', testProfiles);
  const onTheDay = profileRule('nrw-gemeinde', 'invitationDeadline', '2023-01-01', testProfiles);
  const later = profileRule('nrw-gemeinde', 'invitationDeadline', '2025-05-05', testProfiles);
  assert.equal(before.value.days, 7);
  assert.equal(onTheDay.value.days, 10);
  assert.equal(onTheDay.norm, 'GeschO (Änderung)');
  assert.equal(later.value.urgentUnit, 'hours');
  // The other profile is untouched.
  assert.equal(profileRule('nrw-kreis', 'invitationDeadline', '2025-05-05', testProfiles).value.days, 7);
});

test('ruleInForce ignores list order and returns undefined before the first version', () => {
  const versions = [
    { value: 'c', norm: 'n3', validFrom: '2024-01-01', source: 'law' as const },
    { value: 'a', norm: 'n1', validFrom: '2000-01-01', source: 'law' as const },
    { value: 'b', norm: 'n2', validFrom: '2010-06-15', source: 'law' as const },
  ];
  assert.equal(ruleInForce(versions, '2010-06-14')?.value, 'a');
  assert.equal(ruleInForce(versions, '2010-06-15')?.value, 'b');
  assert.equal(ruleInForce(versions, '2030-01-01')?.value, 'c');
  assert.equal(ruleInForce(versions, '1999-12-31'), undefined);
});

test('profileRule rejects unknown profiles, invalid dates and dates before the first version', () => {
  assert.throws(() => profileRule('bw-gemeinde' as never, 'quorum', '2021-02-18'), RangeError);
  assert.throws(() => profileRule('nrw-kreis', 'quorum', '18.02.2021'), RangeError);
  assert.throws(() => profileRule('nrw-kreis', 'quorum', '2021-02-30'), RangeError);
  assert.throws(() => profileRule('nrw-kreis', 'quorum', '1980-01-01'), /No version of rule "quorum"/);
});

test('minimumCount: more than half and at least a fifth', () => {
  assert.equal(minimumCount(18, { numerator: 1, denominator: 2 }, 'more_than'), 10);
  assert.equal(minimumCount(17, { numerator: 1, denominator: 2 }, 'more_than'), 9);
  assert.equal(minimumCount(1, { numerator: 1, denominator: 2 }, 'more_than'), 1);
  assert.equal(minimumCount(18, { numerator: 1, denominator: 2 }, 'at_least'), 9);
  assert.equal(minimumCount(18, { numerator: 1, denominator: 5 }, 'at_least'), 4);
  assert.equal(minimumCount(20, { numerator: 1, denominator: 5 }, 'at_least'), 4);
});
