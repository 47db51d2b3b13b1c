/**
 * Jurisdiction profiles: the procedural rules of a Land (and the product defaults for values the law
 * leaves to the Geschäftsordnung) as plain data.
 *
 * Every rule value is a list of dated versions. Each version carries the norm it comes from and the date
 * it is in force from; `profileRule` picks the version in force on a meeting date. A law change is a new
 * entry in the list, never an edit of an old one.
 */

import { assertIsoDate } from './dates.ts';
import type { InvitationDeadlineSettings } from './deadline.ts';

/** Identifier of a built-in jurisdiction profile. */
export type JurisdictionId = 'nrw-kreis' | 'nrw-gemeinde';

/** All built-in jurisdiction ids. */
export const JURISDICTION_IDS: readonly JurisdictionId[] = ['nrw-kreis', 'nrw-gemeinde'];

/** Type guard: is the value the id of a built-in jurisdiction profile? */
export function isJurisdictionId(value: unknown): value is JurisdictionId {
  return typeof value === 'string' && (JURISDICTION_IDS as readonly string[]).includes(value);
}

/**
 * Where a rule value comes from: the law itself, or a product default for a value the law leaves to the
 * local Geschäftsordnung (those must be overridable per body).
 */
export type RuleSource = 'law' | 'gescho_default';

/** One dated version of a rule value. */
export interface RuleVersion<T> {
  value: T;
  /** The norm, e.g. "§ 34 Abs. 1 KrO NRW". */
  norm: string;
  /** First day (ISO date) on which this version applies. */
  validFrom: string;
  source: RuleSource;
  note?: string;
}

/** A fraction such as 1/2 or 1/5. */
export interface Fraction {
  numerator: number;
  denominator: number;
}

/** Quorum (Beschlussfähigkeit): how many of the statutory members must be present. */
export interface QuorumRule {
  /** 'more_than': strictly more than the fraction (NRW); 'at_least': the fraction suffices (e.g. BW). */
  comparison: 'more_than' | 'at_least';
  fraction: Fraction;
  /** Whether the chair is one of the statutory members counted (true in NRW). */
  chairCounts: boolean;
  /** German phrase used in explanations, e.g. "mehr als die Hälfte". */
  phrase: string;
}

/** Majority rule for resolutions. */
export interface MajorityRule {
  /** Whether abstentions count as votes cast (false in NRW). */
  abstentionsCount: boolean;
  /** Whether invalid votes count as votes cast (false in NRW). */
  invalidVotesCount: boolean;
  /** What a tie means. */
  tie: 'rejected';
}

/** Request needed for a secret vote: at least this fraction of the members. */
export interface SecretVoteRequestRule {
  fraction: Fraction;
}

/** Kinds of bodies that the law treats differently. */
export type BodyKind =
  | 'council'
  | 'kreisausschuss'
  | 'hauptausschuss'
  | 'finanzausschuss'
  | 'rechnungspruefungsausschuss'
  | 'committee';

/** Voting rights of sachkundige Bürger (appointed citizen members). */
export interface SachkundigeBuergerRule {
  /** Bodies in which sachkundige Bürger cannot be voting members (the council itself included). */
  noVoteIn: BodyKind[];
  /** Whether they must be fewer than the council members in a committee. */
  mustBeFewerThanCouncilMembers: boolean;
}

/** Consequences of a conflict of interest (Befangenheit). */
export interface ConflictOfInterestRule {
  countsForQuorum: boolean;
  mayVote: boolean;
  /** Whether the member may stay in the public area while the item is dealt with. */
  mayStayInPublicArea: boolean;
}

/** The value type of every rule key. */
export interface RuleValues {
  quorum: QuorumRule;
  majority: MajorityRule;
  invitationDeadline: InvitationDeadlineSettings;
  secretVoteRequest: SecretVoteRequestRule;
  sachkundigeBuerger: SachkundigeBuergerRule;
  conflictOfInterest: ConflictOfInterestRule;
}

/** Name of a rule in a profile. */
export type RuleKey = keyof RuleValues;

/** A jurisdiction profile: for each rule key the list of its versions, sorted by validFrom. */
export interface JurisdictionProfile {
  id: JurisdictionId;
  name: string;
  rules: { [K in RuleKey]: ReadonlyArray<RuleVersion<RuleValues[K]>> };
}

/** Profiles by id; `profileRule` accepts a different registry (e.g. in tests). */
export type ProfileRegistry = Readonly<Record<JurisdictionId, JurisdictionProfile>>;

/**
 * Baseline date of the encoded NRW law: GO NRW and KrO NRW in the version published on 14.07.1994.
 * Earlier history is not modelled.
 */
const NRW_BASELINE = '1994-07-14';

const MORE_THAN_HALF: QuorumRule = {
  comparison: 'more_than',
  fraction: { numerator: 1, denominator: 2 },
  chairCounts: true,
  phrase: 'mehr als die Hälfte',
};

const SIMPLE_MAJORITY: MajorityRule = { abstentionsCount: false, invalidVotesCount: false, tie: 'rejected' };

const DEFAULT_INVITATION_DEADLINE: InvitationDeadlineSettings = {
  days: 7,
  unit: 'calendar',
  urgentDays: 3,
  urgentUnit: 'working',
};

const CONFLICT_OF_INTEREST: ConflictOfInterestRule = {
  countsForQuorum: false,
  mayVote: false,
  mayStayInPublicArea: true,
};

/** The built-in profiles. */
export const PROFILES: ProfileRegistry = {
  'nrw-kreis': {
    id: 'nrw-kreis',
    name: 'Kreis in Nordrhein-Westfalen (KrO NRW)',
    rules: {
      quorum: [
        {
          value: MORE_THAN_HALF,
          norm: '§ 34 Abs. 1 KrO NRW',
          validFrom: NRW_BASELINE,
          source: 'law',
          note: 'Mehr als die Hälfte der gesetzlichen Mitgliederzahl; der Kreisausschuss ist beschlussfähig, wenn mehr als die Hälfte seiner Mitglieder anwesend ist.',
        },
      ],
      majority: [
        {
          value: SIMPLE_MAJORITY,
          norm: '§ 35 Abs. 1 KrO NRW',
          validFrom: NRW_BASELINE,
          source: 'law',
          note: 'Stimmenmehrheit; Enthaltungen und ungültige Stimmen zählen nicht; Stimmengleichheit lehnt ab.',
        },
      ],
      invitationDeadline: [
        {
          value: DEFAULT_INVITATION_DEADLINE,
          norm: 'Geschäftsordnung des Kreistags (KrO NRW)',
          validFrom: NRW_BASELINE,
          source: 'gescho_default',
          note: 'Die Ladungsfrist regelt die Geschäftsordnung; Vorgabe 7 Kalendertage, bei Dringlichkeit 3 Arbeitstage.',
        },
      ],
      secretVoteRequest: [
        {
          value: { fraction: { numerator: 1, denominator: 5 } },
          norm: '§ 35 KrO NRW',
          validFrom: NRW_BASELINE,
          source: 'law',
          note: 'Geheime Abstimmung auf Antrag von mindestens einem Fünftel der Mitglieder.',
        },
      ],
      sachkundigeBuerger: [
        {
          value: { noVoteIn: ['council', 'kreisausschuss'], mustBeFewerThanCouncilMembers: true },
          norm: 'KrO NRW',
          validFrom: NRW_BASELINE,
          source: 'law',
          note: 'Sachkundige Bürger können Ausschüssen angehören, nicht aber dem Kreisausschuss.',
        },
      ],
      conflictOfInterest: [
        {
          value: CONFLICT_OF_INTEREST,
          norm: '§ 28 KrO NRW',
          validFrom: NRW_BASELINE,
          source: 'law',
        },
      ],
    },
  },
  'nrw-gemeinde': {
    id: 'nrw-gemeinde',
    name: 'Gemeinde in Nordrhein-Westfalen (GO NRW)',
    rules: {
      quorum: [
        {
          value: MORE_THAN_HALF,
          norm: '§ 49 Abs. 1 GO NRW',
          validFrom: NRW_BASELINE,
          source: 'law',
          note: 'Mehr als die Hälfte der gesetzlichen Mitgliederzahl, der Bürgermeister mitgezählt.',
        },
      ],
      majority: [
        {
          value: SIMPLE_MAJORITY,
          norm: '§ 50 Abs. 1 GO NRW',
          validFrom: NRW_BASELINE,
          source: 'law',
          note: 'Stimmenmehrheit; Enthaltungen und ungültige Stimmen zählen nicht; Stimmengleichheit lehnt ab.',
        },
      ],
      invitationDeadline: [
        {
          value: DEFAULT_INVITATION_DEADLINE,
          norm: 'Geschäftsordnung des Rates (GO NRW)',
          validFrom: NRW_BASELINE,
          source: 'gescho_default',
          note: 'Die Ladungsfrist regelt die Geschäftsordnung; Vorgabe 7 Kalendertage, bei Dringlichkeit 3 Arbeitstage.',
        },
      ],
      secretVoteRequest: [
        {
          value: { fraction: { numerator: 1, denominator: 5 } },
          norm: '§ 50 GO NRW',
          validFrom: NRW_BASELINE,
          source: 'law',
          note: 'Geheime Abstimmung auf Antrag von mindestens einem Fünftel der Mitglieder.',
        },
      ],
      sachkundigeBuerger: [
        {
          value: {
            noVoteIn: ['council', 'hauptausschuss', 'finanzausschuss', 'rechnungspruefungsausschuss'],
            mustBeFewerThanCouncilMembers: true,
          },
          norm: '§ 58 Abs. 3 GO NRW',
          validFrom: NRW_BASELINE,
          source: 'law',
          note: 'Nicht im Haupt-, Finanz- und Rechnungsprüfungsausschuss; ihre Zahl muss kleiner sein als die der Ratsmitglieder im Ausschuss.',
        },
      ],
      conflictOfInterest: [
        {
          value: CONFLICT_OF_INTEREST,
          norm: '§ 31 GO NRW',
          validFrom: NRW_BASELINE,
          source: 'law',
        },
      ],
    },
  },
};

/**
 * Picks the version in force on a date: the one with the latest validFrom that is not after the date.
 * Works regardless of the order of the list.
 * @returns undefined if no version is in force yet on that date.
 */
export function ruleInForce<T>(versions: ReadonlyArray<RuleVersion<T>>, onDate: string): RuleVersion<T> | undefined {
  assertIsoDate(onDate);
  let best: RuleVersion<T> | undefined;
  for (const version of versions) {
    if (version.validFrom <= onDate && (best === undefined || version.validFrom > best.validFrom)) {
      best = version;
    }
  }
  return best;
}

/**
 * The version of a rule in force on a date for a jurisdiction.
 * @param profiles registry to read from; defaults to the built-in `PROFILES` (tests may pass their own).
 * @throws RangeError for an unknown profile id, an invalid date, or a date before the first version.
 */
export function profileRule<K extends RuleKey>(
  profileId: JurisdictionId,
  key: K,
  onDate: string,
  profiles: ProfileRegistry = PROFILES,
): RuleVersion<RuleValues[K]> {
  if (!isJurisdictionId(profileId)) {
    throw new RangeError(`Unknown jurisdiction profile "${String(profileId)}"`);
  }
  const versions: ReadonlyArray<RuleVersion<RuleValues[K]>> = profiles[profileId].rules[key];
  const version = ruleInForce(versions, onDate);
  if (version === undefined) {
    throw new RangeError(`No version of rule "${key}" is in force for "${profileId}" on ${onDate}`);
  }
  return version;
}

/**
 * Whether sachkundige Bürger may vote in a body of the given kind, with the norm.
 * Example: Gemeinde, 'hauptausschuss' → { mayVote: false, norm: '§ 58 Abs. 3 GO NRW' }.
 */
export function sachkundigeBuergerMayVote(
  profileId: JurisdictionId,
  bodyKind: BodyKind,
  onDate: string,
  profiles: ProfileRegistry = PROFILES,
): { mayVote: boolean; norm: string } {
  const rule = profileRule(profileId, 'sachkundigeBuerger', onDate, profiles);
  return { mayVote: !rule.value.noVoteIn.includes(bodyKind), norm: rule.norm };
}

/**
 * Smallest whole number of persons that satisfies a fraction of a total.
 * 'more_than': strictly more than total × fraction (e.g. more than half of 18 → 10);
 * 'at_least': at least total × fraction (e.g. at least a fifth of 18 → 4).
 * Uses integer arithmetic only.
 */
export function minimumCount(total: number, fraction: Fraction, comparison: 'more_than' | 'at_least'): number {
  const product = total * fraction.numerator;
  if (comparison === 'more_than') {
    return Math.floor(product / fraction.denominator) + 1;
  }
  return Math.ceil(product / fraction.denominator);
}
