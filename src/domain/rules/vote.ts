/**
 * Votes on resolutions: the majority decision, its German phrasing for the minutes, and count checks.
 */

import { type JurisdictionId, type MajorityRule, minimumCount, profileRule } from './profiles.ts';

/** Counted votes of one open vote. */
export interface VoteCounts {
  yes: number;
  no: number;
  abstain: number;
  /** Invalid votes (secret ballots); 0 if omitted. */
  invalid?: number;
}

/** A vote result: counted votes, or 'noted' for an item that was only taken note of (Kenntnisnahme). */
export type VoteResult = ({ kind: 'vote' } & VoteCounts) | { kind: 'noted' };

/** Result of `decideVote`. */
export interface VoteDecision {
  outcome: 'accepted' | 'rejected';
  /** No vote against and at least one yes; abstentions allowed ("einstimmig bei 1 Enthaltung"). */
  unanimous: boolean;
  /** Yes and the votes against it are equal and not zero (Stimmengleichheit). */
  tie: boolean;
  /** Votes that count for the majority (under NRW law: yes + no). */
  votesCounted: number;
  yes: number;
  no: number;
  abstain: number;
  invalid: number;
}

/** A problem found by `validateVoteCounts`. */
export interface VoteCountProblem {
  code: 'not_integer' | 'negative' | 'exceeds_entitled' | 'invalid_entitled';
  field: keyof VoteCounts | 'entitledVoters';
  /** German message for the clerk. */
  message: string;
}

/** Votes of one faction, for the per-faction lines in the minutes. */
export interface FactionVote {
  faction: string;
  yes?: number;
  no?: number;
  abstain?: number;
}

/** Options of `phraseVoteResult`. */
export interface PhraseVoteOptions {
  /** Append the counts: "mehrheitlich angenommen (12 Ja, 3 Nein, 2 Enthaltungen)". */
  withCounts?: boolean;
  /**
   * Mention abstentions in a unanimous result ("einstimmig bei 1 Enthaltung angenommen"); default true.
   * Set to false when the abstentions are listed per faction below, as in "einstimmig angenommen" +
   * "1 Enthaltung AfD-Fraktion".
   */
  mentionAbstentions?: boolean;
  /** Majority rule; defaults to the NRW rule (abstentions and invalid votes do not count). */
  rule?: MajorityRule;
}

/** The NRW majority rule (§ 50 Abs. 1 GO NRW, § 35 Abs. 1 KrO NRW). */
export const NRW_MAJORITY_RULE: MajorityRule = { abstentionsCount: false, invalidVotesCount: false, tie: 'rejected' };

const FIELD_LABELS: Record<keyof VoteCounts, string> = {
  yes: 'Ja-Stimmen',
  no: 'Nein-Stimmen',
  abstain: 'Enthaltungen',
  invalid: 'ungültigen Stimmen',
};

/** "1 Enthaltung", "2 Enthaltungen", "0 Enthaltungen". */
function countNoun(count: number, singular: string, plural: string): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/**
 * Checks vote counts: each must be a non-negative integer, and if `entitledVoters` is given, the total
 * (yes + no + abstain + invalid) must not exceed it. Pure; returns an empty list if all is well.
 */
export function validateVoteCounts(counts: VoteCounts, entitledVoters?: number): VoteCountProblem[] {
  const problems: VoteCountProblem[] = [];
  const fields: Array<keyof VoteCounts> = ['yes', 'no', 'abstain', 'invalid'];
  for (const field of fields) {
    const value: unknown = counts[field];
    if (field === 'invalid' && value === undefined) {
      continue;
    }
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      problems.push({
        code: 'not_integer',
        field,
        message: `Die Zahl der ${FIELD_LABELS[field]} muss eine ganze Zahl ab 0 sein.`,
      });
    } else if (value < 0) {
      problems.push({
        code: 'negative',
        field,
        message: `Die Zahl der ${FIELD_LABELS[field]} darf nicht negativ sein.`,
      });
    }
  }
  if (entitledVoters !== undefined) {
    if (!isNonNegativeInteger(entitledVoters)) {
      problems.push({
        code: 'invalid_entitled',
        field: 'entitledVoters',
        message: 'Die Zahl der Stimmberechtigten muss eine ganze Zahl ab 0 sein.',
      });
    } else if (problems.length === 0) {
      const total = counts.yes + counts.no + counts.abstain + (counts.invalid ?? 0);
      if (total > entitledVoters) {
        problems.push({
          code: 'exceeds_entitled',
          field: 'entitledVoters',
          message: `Es wurden ${total} Stimmen gezählt, aber nur ${countNoun(entitledVoters, 'Person ist', 'Personen sind')} stimmberechtigt.`,
        });
      }
    }
  }
  return problems;
}

/**
 * Decides a vote by majority of the votes cast: accepted if yes > no. Abstentions and invalid votes do
 * not count (unless `rule` says otherwise); a tie rejects; no votes at all (everybody abstains) rejects.
 * @throws RangeError if a count is negative or not an integer (see `validateVoteCounts`).
 */
export function decideVote(counts: VoteCounts, rule: MajorityRule = NRW_MAJORITY_RULE): VoteDecision {
  const problems = validateVoteCounts(counts);
  if (problems.length > 0) {
    throw new RangeError(`Invalid vote counts: ${problems.map((p) => `${p.field} (${p.code})`).join(', ')}`);
  }
  const { yes, no, abstain } = counts;
  const invalid = counts.invalid ?? 0;
  const against = no + (rule.abstentionsCount ? abstain : 0) + (rule.invalidVotesCount ? invalid : 0);
  return {
    outcome: yes > against ? 'accepted' : 'rejected',
    unanimous: no === 0 && yes >= 1,
    tie: yes === against && yes > 0,
    votesCounted: yes + against,
    yes,
    no,
    abstain,
    invalid,
  };
}

function formatCounts(decision: VoteDecision): string {
  const parts = [
    `${decision.yes} Ja`,
    `${decision.no} Nein`,
    countNoun(decision.abstain, 'Enthaltung', 'Enthaltungen'),
  ];
  if (decision.invalid > 0) {
    parts.push(countNoun(decision.invalid, 'ungültige Stimme', 'ungültige Stimmen'));
  }
  return `(${parts.join(', ')})`;
}

/**
 * The result line of the minutes ("Abstimmungsergebnis: …"):
 * "einstimmig angenommen", "einstimmig bei 1 Enthaltung angenommen", "einstimmig bei 2 Enthaltungen
 * angenommen", "mehrheitlich angenommen", "abgelehnt", "zur Kenntnis genommen" (kind 'noted');
 * with `withCounts`: "mehrheitlich angenommen (12 Ja, 3 Nein, 2 Enthaltungen)".
 * @throws RangeError for invalid counts.
 */
export function phraseVoteResult(result: VoteResult | VoteCounts, options: PhraseVoteOptions = {}): string {
  if ('kind' in result && result.kind === 'noted') {
    return 'zur Kenntnis genommen';
  }
  const counts = result as VoteCounts;
  const decision = decideVote(counts, options.rule);
  let phrase: string;
  if (decision.outcome === 'rejected') {
    phrase = 'abgelehnt';
  } else if (decision.unanimous) {
    phrase =
      decision.abstain > 0 && options.mentionAbstentions !== false
        ? `einstimmig bei ${countNoun(decision.abstain, 'Enthaltung', 'Enthaltungen')} angenommen`
        : 'einstimmig angenommen';
  } else {
    phrase = 'mehrheitlich angenommen';
  }
  return options.withCounts === true ? `${phrase} ${formatCounts(decision)}` : phrase;
}

/**
 * Per-faction lines as printed below the result: first all votes against, then all abstentions, each in
 * the order of the input, e.g. ["2 Gegenstimmen SPD-Fraktion", "1 Enthaltung AfD-Fraktion"]. Yes votes
 * and zero counts are not listed.
 * @throws RangeError if a count is negative or not an integer.
 */
export function phraseFactionBreakdown(byFaction: FactionVote[]): string[] {
  for (const entry of byFaction) {
    for (const value of [entry.yes, entry.no, entry.abstain]) {
      if (value !== undefined && !isNonNegativeInteger(value)) {
        throw new RangeError(`Invalid vote count ${value} for faction "${entry.faction}"`);
      }
    }
  }
  const against = byFaction
    .filter((entry) => (entry.no ?? 0) > 0)
    .map((entry) => `${countNoun(entry.no ?? 0, 'Gegenstimme', 'Gegenstimmen')} ${entry.faction}`);
  const abstentions = byFaction
    .filter((entry) => (entry.abstain ?? 0) > 0)
    .map((entry) => `${countNoun(entry.abstain ?? 0, 'Enthaltung', 'Enthaltungen')} ${entry.faction}`);
  return [...against, ...abstentions];
}

/**
 * How many members must request a secret vote (at least 1/5 of the members in NRW), with the norm.
 * Example: 18 members → 4.
 * @throws RangeError if members is not a positive integer, or for an unknown profile or invalid date.
 */
export function secretVoteRequestThreshold(
  members: number,
  profile: JurisdictionId,
  date: string,
): { required: number; norm: string } {
  if (!Number.isInteger(members) || members <= 0) {
    throw new RangeError(`members must be a positive integer, got ${members}`);
  }
  const rule = profileRule(profile, 'secretVoteRequest', date);
  return { required: minimumCount(members, rule.value.fraction, 'at_least'), norm: rule.norm };
}
