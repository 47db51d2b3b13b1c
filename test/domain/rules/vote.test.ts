import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  decideVote,
  phraseFactionBreakdown,
  phraseVoteResult,
  secretVoteRequestThreshold,
  validateVoteCounts,
} from '../../../src/domain/rules/vote.ts';

test('yes > no accepts, abstentions do not count', () => {
  const decision = decideVote({ yes: 5, no: 4, abstain: 8 });
  assert.equal(decision.outcome, 'accepted');
  assert.equal(decision.unanimous, false);
  assert.equal(decision.votesCounted, 9);
});

test('a tie rejects', () => {
  const decision = decideVote({ yes: 6, no: 6, abstain: 1 });
  assert.equal(decision.outcome, 'rejected');
  assert.equal(decision.tie, true);
  assert.equal(phraseVoteResult({ yes: 6, no: 6, abstain: 1 }), 'abgelehnt');
});

test('all abstain (0:0) rejects and is not unanimous', () => {
  const decision = decideVote({ yes: 0, no: 0, abstain: 7 });
  assert.equal(decision.outcome, 'rejected');
  assert.equal(decision.unanimous, false);
  assert.equal(decision.tie, false);
  assert.equal(phraseVoteResult({ yes: 0, no: 0, abstain: 7 }), 'abgelehnt');
});

test('invalid votes do not count', () => {
  assert.equal(decideVote({ yes: 3, no: 2, abstain: 0, invalid: 5 }).outcome, 'accepted');
  assert.equal(decideVote({ yes: 3, no: 2, abstain: 0, invalid: 5 }).invalid, 5);
});

test('a rule in which abstentions count changes the outcome', () => {
  const counts = { yes: 5, no: 4, abstain: 2 };
  assert.equal(decideVote(counts).outcome, 'accepted');
  assert.equal(
    decideVote(counts, { abstentionsCount: true, invalidVotesCount: false, tie: 'rejected' }).outcome,
    'rejected',
  );
});

test('unanimous: no votes against and at least one yes, abstentions allowed', () => {
  assert.equal(decideVote({ yes: 10, no: 0, abstain: 0 }).unanimous, true);
  assert.equal(decideVote({ yes: 10, no: 0, abstain: 1 }).unanimous, true);
  assert.equal(decideVote({ yes: 10, no: 1, abstain: 0 }).unanimous, false);
  assert.equal(decideVote({ yes: 0, no: 0, abstain: 0 }).unanimous, false);
});

test('phrasing of results', () => {
  assert.equal(phraseVoteResult({ yes: 17, no: 0, abstain: 0 }), 'einstimmig angenommen');
  assert.equal(phraseVoteResult({ yes: 16, no: 0, abstain: 1 }), 'einstimmig bei 1 Enthaltung angenommen');
  assert.equal(phraseVoteResult({ yes: 15, no: 0, abstain: 2 }), 'einstimmig bei 2 Enthaltungen angenommen');
  assert.equal(phraseVoteResult({ yes: 12, no: 3, abstain: 2 }), 'mehrheitlich angenommen');
  assert.equal(phraseVoteResult({ yes: 3, no: 12, abstain: 0 }), 'abgelehnt');
  assert.equal(phraseVoteResult({ kind: 'noted' }), 'zur Kenntnis genommen');
  assert.equal(phraseVoteResult({ kind: 'vote', yes: 4, no: 0, abstain: 0 }), 'einstimmig angenommen');
});

test('reference style: unanimous headline with the abstention listed per faction', () => {
  const counts = { yes: 17, no: 0, abstain: 1 };
  assert.equal(phraseVoteResult(counts, { mentionAbstentions: false }), 'einstimmig angenommen');
  assert.deepEqual(
    phraseFactionBreakdown([
      { faction: 'CDU-Fraktion', yes: 7 },
      { faction: 'AfD-Fraktion', abstain: 1 },
    ]),
    ['1 Enthaltung AfD-Fraktion'],
  );
});

test('detailed form with counts, singular and plural', () => {
  assert.equal(
    phraseVoteResult({ yes: 12, no: 3, abstain: 2 }, { withCounts: true }),
    'mehrheitlich angenommen (12 Ja, 3 Nein, 2 Enthaltungen)',
  );
  assert.equal(
    phraseVoteResult({ yes: 12, no: 1, abstain: 1 }, { withCounts: true }),
    'mehrheitlich angenommen (12 Ja, 1 Nein, 1 Enthaltung)',
  );
  assert.equal(
    phraseVoteResult({ yes: 9, no: 0, abstain: 0 }, { withCounts: true }),
    'einstimmig angenommen (9 Ja, 0 Nein, 0 Enthaltungen)',
  );
  assert.equal(
    phraseVoteResult({ yes: 2, no: 5, abstain: 0, invalid: 1 }, { withCounts: true }),
    'abgelehnt (2 Ja, 5 Nein, 0 Enthaltungen, 1 ungültige Stimme)',
  );
});

test('faction breakdown: singular/plural, votes against first, zero counts skipped', () => {
  assert.deepEqual(
    phraseFactionBreakdown([
      { faction: 'AfD-Fraktion', abstain: 1 },
      { faction: 'SPD-Fraktion', no: 2, abstain: 3 },
      { faction: 'FDP-Fraktion', no: 1, abstain: 0 },
      { faction: 'CDU-Fraktion', yes: 8, no: 0 },
    ]),
    [
      '2 Gegenstimmen SPD-Fraktion',
      '1 Gegenstimme FDP-Fraktion',
      '1 Enthaltung AfD-Fraktion',
      '3 Enthaltungen SPD-Fraktion',
    ],
  );
  assert.deepEqual(phraseFactionBreakdown([]), []);
  assert.throws(() => phraseFactionBreakdown([{ faction: 'X', no: -1 }]), RangeError);
});

test('validateVoteCounts: valid counts give no problems', () => {
  assert.deepEqual(validateVoteCounts({ yes: 10, no: 5, abstain: 3 }, 18), []);
  assert.deepEqual(validateVoteCounts({ yes: 0, no: 0, abstain: 0 }), []);
});

test('validateVoteCounts: negative, non-integer and too many votes', () => {
  const negative = validateVoteCounts({ yes: -1, no: 2, abstain: 0 });
  assert.deepEqual(
    negative.map((p) => [p.code, p.field]),
    [['negative', 'yes']],
  );
  assert.match(negative[0]?.message ?? '', /Ja-Stimmen darf nicht negativ/);

  const fraction = validateVoteCounts({ yes: 1, no: 2.5, abstain: Number.NaN });
  assert.deepEqual(
    fraction.map((p) => [p.code, p.field]),
    [
      ['not_integer', 'no'],
      ['not_integer', 'abstain'],
    ],
  );

  const tooMany = validateVoteCounts({ yes: 10, no: 5, abstain: 3, invalid: 1 }, 18);
  assert.deepEqual(
    tooMany.map((p) => p.code),
    ['exceeds_entitled'],
  );
  assert.match(tooMany[0]?.message ?? '', /19 Stimmen gezählt, aber nur 18/);

  assert.deepEqual(
    validateVoteCounts({ yes: 1, no: 0, abstain: 0 }, -2).map((p) => p.code),
    ['invalid_entitled'],
  );
});

test('decideVote throws RangeError on invalid counts', () => {
  assert.throws(() => decideVote({ yes: -1, no: 0, abstain: 0 }), RangeError);
  assert.throws(() => decideVote({ yes: 1.5, no: 0, abstain: 0 }), RangeError);
  assert.throws(() => phraseVoteResult({ yes: 1, no: 0, abstain: -4 }), RangeError);
});

test('secret vote request threshold: at least 1/5 of the members', () => {
  assert.deepEqual(secretVoteRequestThreshold(18, 'nrw-kreis', '2021-02-18'), { required: 4, norm: '§ 35 KrO NRW' });
  assert.equal(secretVoteRequestThreshold(20, 'nrw-gemeinde', '2021-02-18').required, 4);
  assert.equal(secretVoteRequestThreshold(21, 'nrw-gemeinde', '2021-02-18').required, 5);
  assert.throws(() => secretVoteRequestThreshold(0, 'nrw-gemeinde', '2021-02-18'), RangeError);
});
