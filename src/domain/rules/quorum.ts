/**
 * Quorum (Beschlussfähigkeit): who counts, how many are needed, and a German explanation.
 */

import { assertIsoDate } from './dates.ts';
import { isJurisdictionId, type JurisdictionId, minimumCount, profileRule } from './profiles.ts';

/** Identifier of a person as used by the caller. */
export type PersonId = string | number;

/** One person on the attendance list. */
export interface QuorumAttendee {
  personId: PersonId;
  name: string;
  present: boolean;
  /** Whether the person has a vote in this body (members, substitutes standing in; not advisory members or staff). */
  votingRight: boolean;
  /** Declared a conflict of interest (Befangenheit). */
  biased?: boolean;
  /** Sits in the public area (e.g. after declaring a conflict of interest). */
  inPublicArea?: boolean;
  /** Set if this person stands in for the member with this id. */
  substituteFor?: PersonId | null;
  /** Hybrid sessions: true/false for a remote participant's connection; null/undefined if in the room. */
  remoteConnected?: boolean | null;
}

/** Why a person is not counted. */
export type QuorumExclusionReason = 'absent' | 'no_voting_right' | 'biased' | 'public_area' | 'not_connected';

/** A person who is not counted, with the reason. */
export interface QuorumExclusion {
  personId: PersonId;
  name: string;
  reason: QuorumExclusionReason;
}

/** Input of `computeQuorum`. */
export interface QuorumInput {
  /** Statutory number of members (Sollstärke), the chair included. */
  statutoryMembers: number;
  attendees: QuorumAttendee[];
  profile: JurisdictionId;
  /** Meeting date (ISO), selects the rule version in force. */
  date: string;
}

/** Result of `computeQuorum`. */
export interface QuorumResult {
  quorate: boolean;
  /** Persons counted for the quorum. */
  counted: number;
  /** Minimum number needed. */
  required: number;
  statutoryMembers: number;
  excluded: QuorumExclusion[];
  /** Remarks, e.g. about a substitute whose member is present himself. */
  notes: string[];
  /** The norm applied, e.g. "§ 34 Abs. 1 KrO NRW". */
  norm: string;
  /** German explanation for the clerk and the minutes. */
  explanation: string;
}

const REASON_LABELS: Record<QuorumExclusionReason, string> = {
  absent: 'abwesend',
  no_voting_right: 'nicht stimmberechtigt',
  biased: 'befangen',
  public_area: 'im Zuschauerbereich',
  not_connected: 'nicht zugeschaltet',
};

function key(id: PersonId): string {
  return String(id);
}

/** The reason a single attendee does not count, ignoring substitutions. */
function ownExclusionReason(attendee: QuorumAttendee): QuorumExclusionReason | undefined {
  if (!attendee.present) return 'absent';
  if (!attendee.votingRight) return 'no_voting_right';
  if (attendee.biased === true) return 'biased';
  if (attendee.inPublicArea === true) return 'public_area';
  if (attendee.remoteConnected === false) return 'not_connected';
  return undefined;
}

/**
 * Computes whether a body is quorate.
 *
 * Counted are persons who are present, have a voting right, are not biased, do not sit in the public area
 * and, if taking part remotely, are connected. A substitute counts in place of the member he replaces; if
 * that member counts himself (or another substitute already stands in for him), the seat is counted once
 * and the substitute is listed as excluded ('no_voting_right') with a note.
 *
 * Example: "Beschlussfähig: 17 von 18 stimmberechtigten Mitgliedern anwesend, erforderlich sind mehr als
 * die Hälfte (mindestens 10)."
 *
 * @throws RangeError if statutoryMembers is not a positive integer, a person id appears twice, the date or
 *   profile is invalid, or more persons count than there are statutory seats.
 */
export function computeQuorum(input: QuorumInput): QuorumResult {
  const { statutoryMembers, attendees, profile, date } = input;
  if (!Number.isInteger(statutoryMembers) || statutoryMembers <= 0) {
    throw new RangeError(`statutoryMembers must be a positive integer, got ${statutoryMembers}`);
  }
  if (!isJurisdictionId(profile)) {
    throw new RangeError(`Unknown jurisdiction profile "${String(profile)}"`);
  }
  assertIsoDate(date);
  const seen = new Set<string>();
  for (const attendee of attendees) {
    if (seen.has(key(attendee.personId))) {
      throw new RangeError(`Person ${attendee.personId} appears more than once on the attendance list`);
    }
    seen.add(key(attendee.personId));
  }

  const rule = profileRule(profile, 'quorum', date);
  const names = new Map(attendees.map((a) => [key(a.personId), a.name]));
  const excluded: QuorumExclusion[] = [];
  const notes: string[] = [];
  const countedIds = new Set<string>();

  // Regular members first, so that a substitute never displaces the member himself.
  const ordered = [
    ...attendees.filter((a) => a.substituteFor == null),
    ...attendees.filter((a) => a.substituteFor != null),
  ];
  // Seats already represented: the ids of counted members and of members replaced by counted substitutes.
  const representedSeats = new Set<string>();

  for (const attendee of ordered) {
    const reason = ownExclusionReason(attendee);
    if (reason !== undefined) {
      excluded.push({ personId: attendee.personId, name: attendee.name, reason });
      continue;
    }
    if (attendee.substituteFor != null) {
      const seat = key(attendee.substituteFor);
      if (representedSeats.has(seat)) {
        const memberName = names.get(seat) ?? `Mitglied ${attendee.substituteFor}`;
        const memberCounted = countedIds.has(seat);
        notes.push(
          memberCounted
            ? `${attendee.name} ist als Vertretung für ${memberName} eingetragen, ${memberName} ist jedoch selbst anwesend; der Sitz wird nur einmal gezählt.`
            : `Für ${memberName} ist bereits eine andere Vertretung anwesend; ${attendee.name} wird nicht zusätzlich gezählt.`,
        );
        excluded.push({ personId: attendee.personId, name: attendee.name, reason: 'no_voting_right' });
        continue;
      }
      representedSeats.add(seat);
    }
    representedSeats.add(key(attendee.personId));
    countedIds.add(key(attendee.personId));
  }

  // Report exclusions in the order of the attendance list.
  const position = new Map(attendees.map((a, index) => [key(a.personId), index]));
  excluded.sort((a, b) => (position.get(key(a.personId)) ?? 0) - (position.get(key(b.personId)) ?? 0));

  const counted = countedIds.size;
  if (counted > statutoryMembers) {
    throw new RangeError(
      `${counted} persons with a voting right are present, but the body has only ${statutoryMembers} statutory members`,
    );
  }
  const { comparison, fraction, phrase } = rule.value;
  const required = minimumCount(statutoryMembers, fraction, comparison);
  const quorate = counted >= required;

  const head = quorate ? 'Beschlussfähig' : 'Nicht beschlussfähig';
  const sentences = [
    `${head}: ${counted} von ${statutoryMembers} stimmberechtigten Mitgliedern anwesend, ` +
      `erforderlich sind ${phrase} (mindestens ${required}).`,
  ];
  const presentButNotCounted = excluded.filter((e) => e.reason !== 'absent' && e.reason !== 'no_voting_right');
  if (presentButNotCounted.length > 0) {
    const list = presentButNotCounted.map((e) => `${e.name} (${REASON_LABELS[e.reason]})`).join(', ');
    sentences.push(`Nicht mitgezählt: ${list}.`);
  }
  sentences.push(...notes);

  return {
    quorate,
    counted,
    required,
    statutoryMembers,
    excluded,
    notes,
    norm: rule.norm,
    explanation: sentences.join(' '),
  };
}
