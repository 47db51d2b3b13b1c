/**
 * Procedural rules (NRW first): pure functions, jurisdiction profiles as data.
 */

export {
  addDays,
  assertIsoDate,
  daysBetween,
  formatGermanDate,
  type LocalDateTime,
  parseLocalDateTime,
  weekdayOf,
} from './dates.ts';
export {
  checkInvitationDeadline,
  type DayUnit,
  type DeadlineSettingsProblem,
  fullDaysBetween,
  type InvitationDeadlineCheck,
  type InvitationDeadlineInput,
  type InvitationDeadlineSettings,
  latestDispatchDate,
  nrwHolidaysBetween,
  type UrgentDeadlineUnit,
  validateInvitationDeadlineSettings,
} from './deadline.ts';
export {
  easterSunday,
  isNrwWorkingDay,
  nrwPublicHolidayName,
  nrwPublicHolidays,
  type PublicHoliday,
} from './holidays.ts';
export {
  type BodyKind,
  type ConflictOfInterestRule,
  type Fraction,
  isJurisdictionId,
  JURISDICTION_IDS,
  type JurisdictionId,
  type JurisdictionProfile,
  type MajorityRule,
  minimumCount,
  PROFILES,
  type ProfileRegistry,
  profileRule,
  type QuorumRule,
  type RuleKey,
  type RuleSource,
  type RuleValues,
  type RuleVersion,
  ruleInForce,
  type SachkundigeBuergerRule,
  type SecretVoteRequestRule,
  sachkundigeBuergerMayVote,
} from './profiles.ts';
export {
  computeQuorum,
  type PersonId,
  type QuorumAttendee,
  type QuorumExclusion,
  type QuorumExclusionReason,
  type QuorumInput,
  type QuorumResult,
} from './quorum.ts';
export {
  decideVote,
  type FactionVote,
  NRW_MAJORITY_RULE,
  type PhraseVoteOptions,
  phraseFactionBreakdown,
  phraseVoteResult,
  secretVoteRequestThreshold,
  type VoteCountProblem,
  type VoteCounts,
  type VoteDecision,
  type VoteResult,
  validateVoteCounts,
} from './vote.ts';
