/**
 * The meeting's state machine, in one place (pure: no I/O). The states are those of `meetings.state`:
 *
 *   planned ──invite──▶ invited ──record──▶ held ──submit──▶ minutes_drafted ──sign (2nd)──▶ minutes_signed
 *      └──────────────record───────────────▲  ▲                  │
 *                                             └────withdraw──────┘
 *
 * - record: saving the attendance moves a planned or invited meeting to `held` (the meeting took place);
 * - submit (`minutes.submit`, clerk): the minutes go to the chair and the Schriftführer for signature;
 *   while submitted nothing of the record may change (`minutes.submitted`), until the clerk withdraws;
 * - withdraw (clerk): back to `held`; signatures given so far are dropped;
 * - sign (`minutes.sign`): each signature is stored; with the second (chair and secretary) the state
 *   becomes `minutes_signed` and the minutes are frozen (version 1). Corrections are new versions;
 * - publishing is no state: `meetings.minutes_published_at`, possible once signed; public minutes are
 *   signed AND published. There is no way back from signed; publishing can be taken back (with a reason,
 *   `unpublishMinutes`), which clears `minutes_published_at`.
 *
 * Cancelling and moving are the planning's business (src/services/meetings-office.ts).
 *
 * @example
 *   nextState('held', 'submit') // 'minutes_drafted'
 *   nextState('minutes_signed', 'record') // undefined: not allowed
 */

export const MEETING_STATES = ['planned', 'invited', 'held', 'minutes_drafted', 'minutes_signed'] as const;
export type MeetingState = (typeof MEETING_STATES)[number];

export type MeetingEvent = 'invite' | 'record' | 'submit' | 'withdraw' | 'sign';

/** German names of the states as the back office shows them (the minutes' side of the meeting). */
export const MINUTES_STATE_LABELS: Record<MeetingState, string> = {
  planned: 'Sitzung geplant',
  invited: 'eingeladen',
  held: 'Sitzung abgehalten, Niederschrift in Arbeit',
  minutes_drafted: 'Niederschrift zur Unterschrift vorgelegt',
  minutes_signed: 'Niederschrift unterschrieben',
};

const TRANSITIONS: Record<MeetingEvent, { from: readonly MeetingState[]; to: MeetingState | 'same' }> = {
  invite: { from: ['planned', 'invited'], to: 'invited' },
  // Recording keeps a held meeting held; it never reopens submitted or signed minutes.
  record: { from: ['planned', 'invited', 'held'], to: 'held' },
  submit: { from: ['held'], to: 'minutes_drafted' },
  withdraw: { from: ['minutes_drafted'], to: 'held' },
  sign: { from: ['minutes_drafted'], to: 'same' },
};

/**
 * The state after `event`, or undefined when the event is not possible in `state`. Signing keeps the
 * state (a first signature); `SIGNED` follows from `bothSigned`.
 */
export function nextState(state: MeetingState, event: MeetingEvent, bothSigned = false): MeetingState | undefined {
  const t = TRANSITIONS[event];
  if (!t.from.includes(state)) return undefined;
  if (event === 'sign') return bothSigned ? 'minutes_signed' : state;
  return t.to === 'same' ? state : t.to;
}

/** Whether the record (attendance, texts, votes, conflicts, addenda) may still be edited. */
export function recordEditable(state: MeetingState): boolean {
  return state !== 'minutes_drafted' && state !== 'minutes_signed';
}

/** The state in which the minutes are signed (frozen). */
export const SIGNED_STATE: MeetingState = 'minutes_signed';

/** The states of a meeting that took place (its attendance recorded, its minutes being written or signed). */
export const HELD_STATES: readonly MeetingState[] = ['held', 'minutes_drafted', 'minutes_signed'];
/** The state in which the minutes lie before the signers. */
export const SUBMITTED_STATE: MeetingState = 'minutes_drafted';
