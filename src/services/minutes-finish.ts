/**
 * Finishing the minutes (issue 6, part 6): submit → the chair and the Schriftführer sign, each with their own
 * login → frozen (version 1: the document model as printed, with its SHA-256) → corrections only as new
 * versions with a reason → publishing makes the public variant visible (and can be taken back with a reason).
 * The states are those of
 * src/domain/meeting-state.ts; each write is one transaction, asks `can()` itself, locks the meeting on
 * `meetings.version` (`conflict.stale`, 409), and writes one audit log entry (entity `meeting`, actions
 * `submit`, `withdraw`, `sign`, `publish`, `unpublish`, `correct`).
 *
 * Who signs which signature is decided from the meeting's data (`signatoriesOf`): whom the attendance names
 * as chairing (present, role chair) and as keeping the minutes (present, function "Schriftführer(in)"); when
 * it names nobody, the holders of the chair or vice chair (secretary or deputy secretary) of the committee on
 * the meeting's date who are not recorded as excused or absent. One person gives one signature.
 *
 * @example
 *   await submitMinutes(ctx, clerk, id, { version });
 *   await signMinutes(ctx, { actor: chairActor, personId: 7 }, id, { version }); // chair
 *   await signMinutes(ctx, { actor: clerkActor, personId: 9 }, id, { version }); // secretary → signed, version 1
 *   await publishMinutes(ctx, clerk, id, { version });
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/open.ts';
import { loadMeeting } from '../db/repositories/meetings.ts';
import { membershipInEffectOn } from '../db/repositories/memberships.ts';
import { minutesArePublished } from '../db/repositories/visibility.ts';
import {
  accounts,
  agendaItems,
  attendance,
  legislativeTerms,
  meetings,
  memberships,
  minutesSignatures,
  minutesVersions,
  organizations,
  persons,
} from '../db/schema.ts';
import { buildMinutes } from '../documents/builders.ts';
import { contentHash } from '../documents/canonical.ts';
import type { DocumentModel } from '../documents/model.ts';
import { DomainError } from '../domain/errors.ts';
import { formatDate, formatTime, fullName } from '../domain/format.ts';
import { type MeetingState, MINUTES_STATE_LABELS, nextState, SIGNED_STATE } from '../domain/meeting-state.ts';
import { type Action, type Actor, can, refusal } from '../domain/permissions.ts';
import { audit, found, inTransaction, type ServiceContext } from './context.ts';
import { localDateTime, localToday, validationFailed } from './meetings-office.ts';
import { assertMeetingVersion, touchMeeting } from './meetings-record.ts';

type MeetingRow = typeof meetings.$inferSelect;
export type SignatureRole = 'chair' | 'secretary';

export const SIGNATURE_ROLE_LABELS: Record<SignatureRole, string> = {
  chair: 'Vorsitz',
  secretary: 'Schriftführung',
};
/** "des Vorsitzes", "der Schriftführung". */
const ROLE_GENITIVE: Record<SignatureRole, string> = { chair: 'des Vorsitzes', secretary: 'der Schriftführung' };

/** Who signs: the account's roles and the person it is linked to. */
export interface Signer {
  actor: Actor;
  personId: number | null;
}

// ---------------------------------------------------------------------------------------------------
// Who may sign

const SECRETARY_FUNCTION = /schriftf(ü|ue)hr/i;

/**
 * The persons who may give each signature, from the meeting's data (see the module comment), with their
 * names. Who chaired and who kept the minutes sign: when the attendance names them (present as chair,
 * present with the function "Schriftführer"), only they; else the holders of the office on the day
 * (chair and vice chair, secretary and deputy secretary), but none recorded as excused or absent.
 */
export async function signatoriesOf(
  db: Executor,
  meeting: Pick<MeetingRow, 'id' | 'organizationId' | 'startAt'>,
): Promise<Record<SignatureRole, Array<{ personId: number; name: string }>>> {
  const date = localDateTime(meeting.startAt).date;
  const held = await db
    .select({
      personId: persons.id,
      title: persons.title,
      givenName: persons.givenName,
      familyName: persons.familyName,
      role: memberships.role,
    })
    .from(memberships)
    .innerJoin(persons, eq(persons.id, memberships.personId))
    .leftJoin(legislativeTerms, eq(legislativeTerms.id, memberships.termId))
    .where(and(eq(memberships.organizationId, meeting.organizationId), membershipInEffectOn(date)))
    .orderBy(asc(memberships.id));
  const recorded = await db
    .select({
      personId: persons.id,
      title: persons.title,
      givenName: persons.givenName,
      familyName: persons.familyName,
      role: attendance.role,
      function: attendance.function,
      status: attendance.status,
    })
    .from(attendance)
    .innerJoin(persons, eq(persons.id, attendance.personId))
    .where(eq(attendance.meetingId, meeting.id))
    .orderBy(asc(attendance.position));
  const result: Record<SignatureRole, Array<{ personId: number; name: string }>> = { chair: [], secretary: [] };
  const add = (role: SignatureRole, p: { personId: number } & Parameters<typeof fullName>[0]) => {
    if (!result[role].some((x) => x.personId === p.personId)) {
      result[role].push({ personId: p.personId, name: fullName(p) });
    }
  };
  // Those the attendance names did it in this meeting; the office holders only when it names nobody.
  const present = recorded.filter((r) => r.status === 'present');
  for (const r of present) {
    if (r.role === 'chair') add('chair', r);
    if (r.function && SECRETARY_FUNCTION.test(r.function)) add('secretary', r);
  }
  const away = new Set(recorded.filter((r) => r.status !== 'present').map((r) => r.personId));
  const named = { chair: result.chair.length > 0, secretary: result.secretary.length > 0 };
  for (const m of held) {
    if (away.has(m.personId)) continue;
    if (!named.chair && (m.role === 'chair' || m.role === 'vice_chair')) add('chair', m);
    if (!named.secretary && (m.role === 'secretary' || m.role === 'deputy_secretary')) add('secretary', m);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------
// Status (what the pages and the API show)

export interface MinutesSignature {
  role: SignatureRole;
  roleLabel: string;
  personId: number;
  name: string;
  signedAt: Date;
}

export interface MinutesVersionSummary {
  number: number;
  createdAt: Date;
  createdBy: string;
  createdByName: string | null;
  reason: string | null;
  contentHash: string;
  /** Whether the stored content still has the stored hash. */
  hashValid: boolean;
}

export interface MinutesStatus {
  meetingId: number;
  bodyId: number;
  organizationName: string;
  startAt: Date;
  state: MeetingState;
  stateLabel: string;
  cancelled: boolean;
  /** Optimistic locking: every write carries it. */
  version: number;
  submitted: boolean;
  signed: boolean;
  published: boolean;
  publishedAt: Date | null;
  attendanceRecorded: boolean;
  signatures: MinutesSignature[];
  /** Who may give each signature (names), for "Es fehlt die Unterschrift …". */
  signatories: Record<SignatureRole, Array<{ personId: number; name: string }>>;
  /** German sentences: what is missing before the next step (empty when nothing is). */
  missing: string[];
  /** Hints that do not block (items without any minutes text …). */
  hints: string[];
  /** The signatures the viewing person may give now (their person is a signatory, not yet signed). */
  viewerMaySign: SignatureRole[];
  items: Array<{
    id: number;
    number: string;
    title: string;
    public: boolean;
    minutesText: string | null;
    resolutionText: string | null;
  }>;
  versions: MinutesVersionSummary[];
}

async function signaturesOf(db: Executor, meetingId: number): Promise<MinutesSignature[]> {
  const rows = await db
    .select({
      role: minutesSignatures.role,
      personId: minutesSignatures.personId,
      signedAt: minutesSignatures.signedAt,
      title: persons.title,
      givenName: persons.givenName,
      familyName: persons.familyName,
    })
    .from(minutesSignatures)
    .innerJoin(persons, eq(persons.id, minutesSignatures.personId))
    .where(eq(minutesSignatures.meetingId, meetingId))
    .orderBy(asc(minutesSignatures.position));
  return rows.map((r) => ({
    role: r.role,
    roleLabel: SIGNATURE_ROLE_LABELS[r.role],
    personId: r.personId,
    name: fullName(r),
    signedAt: r.signedAt,
  }));
}

const namesOr = (names: string[]) =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} oder ${names.at(-1)}`;

/** The minutes' status for the pages and the API; undefined if there is no such meeting. */
export async function loadMinutesStatus(
  db: Executor,
  meetingId: number,
  viewerPersonId: number | null = null,
): Promise<MinutesStatus | undefined> {
  const [row] = await db
    .select({ meeting: meetings, organizationName: organizations.name })
    .from(meetings)
    .innerJoin(organizations, eq(organizations.id, meetings.organizationId))
    .where(eq(meetings.id, meetingId));
  if (!row) return undefined;
  const m = row.meeting;
  const [present] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(attendance)
    .where(eq(attendance.meetingId, m.id));
  const attendanceRecorded = Number(present?.n ?? 0) > 0;
  const signatures = await signaturesOf(db, m.id);
  const signatories = await signatoriesOf(db, m);
  const items = await db
    .select({
      id: agendaItems.id,
      number: agendaItems.number,
      title: agendaItems.title,
      public: agendaItems.public,
      minutesText: agendaItems.minutesText,
      resolutionText: agendaItems.resolutionText,
    })
    .from(agendaItems)
    .where(eq(agendaItems.meetingId, m.id))
    .orderBy(asc(agendaItems.position));
  const versions = await listMinutesVersions(db, m.id);
  const submitted = m.state === 'minutes_drafted';
  const signed = m.state === SIGNED_STATE;
  const missing: string[] = [];
  const hints: string[] = [];
  if (m.cancelled) missing.push('Die Sitzung ist abgesagt; eine Niederschrift gibt es nicht.');
  else if (!signed && !submitted) {
    if (!attendanceRecorded) missing.push('Die Anwesenheit ist noch nicht erfasst.');
    const withoutText = items.filter((i) => !i.minutesText && !i.resolutionText).map((i) => i.number);
    if (withoutText.length > 0) {
      hints.push(
        `Ohne Text in der Niederschrift: ${withoutText.length === 1 ? 'Punkt' : 'Punkte'} ${withoutText.join(', ')}.`,
      );
    }
  }
  if (!m.cancelled && !signed) {
    for (const role of ['chair', 'secretary'] as const) {
      if (signatures.some((s) => s.role === role)) continue;
      const names = signatories[role].map((p) => p.name);
      missing.push(
        names.length > 0
          ? `Es fehlt die Unterschrift ${ROLE_GENITIVE[role]} (${namesOr(names)}).`
          : `Es fehlt die Unterschrift ${ROLE_GENITIVE[role]}; die Sitzungsdaten nennen dafür niemanden (${role === 'chair' ? 'Vorsitz in der Mitgliedschaft oder in der Anwesenheit' : 'Schriftführung in der Mitgliedschaft oder die Funktion „Schriftführer“ in der Anwesenheit'}).`,
      );
    }
  }
  const viewerMaySign: SignatureRole[] =
    submitted && viewerPersonId != null && !signatures.some((s) => s.personId === viewerPersonId)
      ? (['chair', 'secretary'] as const).filter(
          (role) =>
            !signatures.some((s) => s.role === role) && signatories[role].some((p) => p.personId === viewerPersonId),
        )
      : [];
  return {
    meetingId: m.id,
    bodyId: m.bodyId,
    organizationName: row.organizationName,
    startAt: m.startAt,
    state: m.state,
    stateLabel: m.cancelled ? 'Sitzung abgesagt' : MINUTES_STATE_LABELS[m.state],
    cancelled: m.cancelled,
    version: m.version,
    submitted,
    signed,
    published: minutesArePublished(m),
    publishedAt: m.minutesPublishedAt,
    attendanceRecorded,
    signatures,
    signatories,
    missing,
    hints,
    viewerMaySign,
    items,
    versions,
  };
}

// ---------------------------------------------------------------------------------------------------
// Versions

/** The versions of a meeting's minutes, oldest first, each with its hash checked. */
export async function listMinutesVersions(db: Executor, meetingId: number): Promise<MinutesVersionSummary[]> {
  const rows = await db
    .select()
    .from(minutesVersions)
    .where(eq(minutesVersions.meetingId, meetingId))
    .orderBy(asc(minutesVersions.number));
  return rows.map((r) => ({
    number: r.number,
    createdAt: r.createdAt,
    createdBy: r.createdBy,
    createdByName: r.createdByName,
    reason: r.reason,
    contentHash: r.contentHash,
    hashValid: contentHash(r.content) === r.contentHash,
  }));
}

export interface MinutesVersion extends MinutesVersionSummary {
  meetingId: number;
  /** The stored document model (full variant), as printed when the version was made. */
  model: DocumentModel;
  signatures: Array<{ role: SignatureRole; personId: number; name: string; signedAt: string }>;
}

/** One stored version (undefined if there is none with that number), rendered only from what is stored. */
export async function loadMinutesVersion(
  db: Executor,
  meetingId: number,
  number: number,
): Promise<MinutesVersion | undefined> {
  const [r] = await db
    .select()
    .from(minutesVersions)
    .where(and(eq(minutesVersions.meetingId, meetingId), eq(minutesVersions.number, number)));
  if (!r) return undefined;
  return {
    meetingId,
    number: r.number,
    createdAt: r.createdAt,
    createdBy: r.createdBy,
    createdByName: r.createdByName,
    reason: r.reason,
    contentHash: r.contentHash,
    hashValid: contentHash(r.content) === r.contentHash,
    model: r.content as DocumentModel,
    signatures: r.signatures as MinutesVersion['signatures'],
  };
}

async function actorName(tx: ServiceContext): Promise<string | null> {
  const user = /^user:(\d+)$/.exec(tx.actor);
  if (!user) return null;
  const [account] = await tx.db
    .select({ name: accounts.displayName })
    .from(accounts)
    .where(eq(accounts.id, Number(user[1])));
  return account?.name ?? null;
}

/**
 * Stores the next version of the minutes from the live data as printed (full variant); a correction's
 * version already carries its own "Berichtigt am …" (its time `at`).
 */
async function storeVersion(
  tx: ServiceContext,
  meetingId: number,
  options: { reason: string | null; at: Date },
): Promise<{ number: number; contentHash: string }> {
  const [last] = await tx.db
    .select({ n: sql<number>`coalesce(max(${minutesVersions.number}), 0)::int` })
    .from(minutesVersions)
    .where(eq(minutesVersions.meetingId, meetingId));
  const number = Number(last?.n ?? 0) + 1;
  const meeting = found(await loadMeeting(tx.db, meetingId, 'staff'), 'meeting', meetingId);
  const corrections =
    number > 1 ? [...meeting.minutesCorrections, options.at.toISOString()] : meeting.minutesCorrections;
  const model = buildMinutes({ ...meeting, minutesCorrections: corrections });
  // Through JSON: what is stored (jsonb) is what is hashed and later verified.
  const content = JSON.parse(JSON.stringify(model)) as DocumentModel;
  const hash = contentHash(content);
  const signatures = (await signaturesOf(tx.db, meetingId)).map((s) => ({
    role: s.role,
    personId: s.personId,
    name: s.name,
    signedAt: s.signedAt.toISOString(),
  }));
  await tx.db.insert(minutesVersions).values({
    meetingId,
    number,
    content,
    contentHash: hash,
    signatures,
    reason: options.reason,
    createdAt: options.at,
    createdBy: tx.actor,
    createdByName: await actorName(tx),
  });
  return { number, contentHash: hash };
}

// ---------------------------------------------------------------------------------------------------
// Writes

/** Locks the meeting, asks `can()` (with the minutes' signed state), refuses cancelled ones, compares the version. */
async function lockFor(tx: ServiceContext, who: Actor, id: number, version: unknown, action: Action) {
  const [row] = await tx.db.select().from(meetings).where(eq(meetings.id, id)).for('update');
  const meeting = found(row, 'meeting', id);
  const target = { bodyId: meeting.bodyId, signed: meeting.state === SIGNED_STATE };
  if (!can(who, action, target)) {
    const signedRefusal = target.signed && action !== 'minutes.correct' && action !== 'minutes.publish';
    throw new DomainError(signedRefusal ? 'minutes.signed' : 'permission.denied', refusal(who, action, target));
  }
  if (meeting.cancelled) {
    throw new DomainError('meeting.cancelled', 'Die Sitzung ist abgesagt; eine Niederschrift gibt es nicht.');
  }
  await assertMeetingVersion(tx, meeting, version);
  return meeting;
}

const notSubmitted = () =>
  new DomainError(
    'minutes.not_submitted',
    'Die Niederschrift ist nicht zur Unterschrift vorgelegt. Der Sitzungsdienst legt sie vor, wenn sie fertig ist.',
  );

/** Submits the minutes for signature: held → minutes_drafted. Needs the attendance. */
export function submitMinutes(ctx: ServiceContext, who: Actor, meetingId: number, input: { version: number }) {
  return inTransaction(ctx, async (tx) => {
    const meeting = await lockFor(tx, who, meetingId, input.version, 'minutes.submit');
    if (meeting.state === 'minutes_drafted') {
      throw new DomainError('minutes.already_submitted', 'Die Niederschrift liegt bereits zur Unterschrift vor.');
    }
    const [present] = await tx.db
      .select({ n: sql<number>`count(*)::int` })
      .from(attendance)
      .where(eq(attendance.meetingId, meeting.id));
    const next = nextState(meeting.state, 'submit');
    if (Number(present?.n ?? 0) === 0 || !next) {
      throw new DomainError(
        'minutes.no_attendance',
        'Die Niederschrift kann erst vorgelegt werden, wenn die Anwesenheit erfasst ist (Seite „Anwesenheit, Abstimmungen und Niederschrift“).',
      );
    }
    const after = await touchMeeting(tx, meeting, {
      state: next,
      ...(meeting.minutesDate ? {} : { minutesDate: localToday() }),
    });
    await audit(tx, {
      bodyId: meeting.bodyId,
      action: 'submit',
      entity: 'meeting',
      entityId: meeting.id,
      before: { state: meeting.state },
      after: { state: after.state, minutesDate: after.minutesDate },
    });
    return { meeting: after };
  });
}

/** Withdraws the submission: minutes_drafted → held; the signatures given so far are dropped. */
export function withdrawMinutes(ctx: ServiceContext, who: Actor, meetingId: number, input: { version: number }) {
  return inTransaction(ctx, async (tx) => {
    const meeting = await lockFor(tx, who, meetingId, input.version, 'minutes.submit');
    const next = nextState(meeting.state, 'withdraw');
    if (!next) throw notSubmitted();
    const dropped = await tx.db
      .delete(minutesSignatures)
      .where(eq(minutesSignatures.meetingId, meeting.id))
      .returning();
    const after = await touchMeeting(tx, meeting, { state: next });
    await audit(tx, {
      bodyId: meeting.bodyId,
      action: 'withdraw',
      entity: 'meeting',
      entityId: meeting.id,
      before: { state: meeting.state, signatures: dropped },
      after: { state: after.state, signatures: [] },
    });
    return { meeting: after, droppedSignatures: dropped.length };
  });
}

/**
 * Gives the signer's signature (`role`, or the one their person may give). With the second signature the
 * minutes are signed: state `minutes_signed` and version 1 stored. Like every change of the meeting, a
 * signature raises its version (the signatures' trigger touches the meeting): the other signer's page,
 * loaded before, gets `conflict.stale` and shows the current state to sign again.
 */
export function signMinutes(
  ctx: ServiceContext,
  signer: Signer,
  meetingId: number,
  input: { version: number; role?: SignatureRole | null },
) {
  return inTransaction(ctx, async (tx) => {
    const meeting = await lockFor(tx, signer.actor, meetingId, input.version, 'minutes.sign');
    if (meeting.state !== 'minutes_drafted') throw notSubmitted();
    if (input.role != null && input.role !== 'chair' && input.role !== 'secretary') {
      throw validationFailed({ role: 'Bitte wählen Sie Vorsitz oder Schriftführung.' });
    }
    if (signer.personId == null) {
      throw new DomainError(
        'minutes.signer',
        'Ihr Konto ist mit keiner Person verknüpft. Unterschreiben können nur der Vorsitz und die Schriftführung der Sitzung selbst, jeweils mit der eigenen Anmeldung.',
      );
    }
    const [person] = await tx.db.select().from(persons).where(eq(persons.id, signer.personId));
    const name = person ? fullName(person) : `Person ${signer.personId}`;
    const signatories = await signatoriesOf(tx.db, meeting);
    const mayGive = (['chair', 'secretary'] as const).filter((r) =>
      signatories[r].some((p) => p.personId === signer.personId),
    );
    const given = await signaturesOf(tx.db, meeting.id);
    const own = given.find((s) => s.personId === signer.personId);
    if (own) {
      throw new DomainError(
        'minutes.already_signed',
        `${name} hat die Niederschrift bereits am ${formatDate(own.signedAt)} um ${formatTime(own.signedAt)} Uhr als ${own.roleLabel} unterschrieben. Die zweite Unterschrift gibt eine andere Person.`,
      );
    }
    const wanted = input.role ?? mayGive.find((r) => !given.some((s) => s.role === r)) ?? mayGive[0];
    if (!wanted || !mayGive.includes(wanted)) {
      const role = wanted ?? input.role ?? 'chair';
      const names = signatories[role].map((p) => p.name);
      throw new DomainError(
        'minutes.signer',
        mayGive.length === 0
          ? `${name} hat in dieser Sitzung weder den Vorsitz noch die Schriftführung; unterschreiben können nur ${namesOr([...signatories.chair, ...signatories.secretary].map((p) => p.name)) || 'Vorsitz und Schriftführung'}.`
          : `${name} kann nicht als ${SIGNATURE_ROLE_LABELS[role]} unterschreiben${names.length ? `; das kann ${namesOr(names)}` : ''}.`,
      );
    }
    const existing = given.find((s) => s.role === wanted);
    if (existing) {
      throw new DomainError(
        'minutes.already_signed',
        `Die Unterschrift ${ROLE_GENITIVE[wanted]} hat ${existing.name} bereits am ${formatDate(existing.signedAt)} um ${formatTime(existing.signedAt)} Uhr gegeben.`,
      );
    }
    const signedAt = new Date();
    const signature = {
      meetingId: meeting.id,
      role: wanted,
      personId: signer.personId,
      signedAt,
      position: wanted === 'chair' ? 1 : 2,
    };
    await tx.db.insert(minutesSignatures).values(signature);
    const both = given.length + 1 >= 2;
    let version: { number: number; contentHash: string } | undefined;
    const after = await touchMeeting(
      tx,
      meeting,
      both ? { state: nextState(meeting.state, 'sign', true) ?? SIGNED_STATE } : {},
    );
    if (both) version = await storeVersion(tx, meeting.id, { reason: null, at: signedAt });
    await audit(tx, {
      bodyId: meeting.bodyId,
      action: 'sign',
      entity: 'meeting',
      entityId: meeting.id,
      before: { state: meeting.state },
      after: { state: after.state, signature, ...(version ? { version } : {}) },
    });
    return { meeting: after, role: wanted, signed: both, version };
  });
}

/** Publishes signed minutes: from now on the public variant is on every public surface. */
export function publishMinutes(ctx: ServiceContext, who: Actor, meetingId: number, input: { version: number }) {
  return inTransaction(ctx, async (tx) => {
    const meeting = await lockFor(tx, who, meetingId, input.version, 'minutes.publish');
    if (meeting.minutesPublishedAt) {
      throw new DomainError(
        'minutes.already_published',
        `Die Niederschrift ist bereits seit dem ${formatDate(meeting.minutesPublishedAt)} veröffentlicht.`,
      );
    }
    // The touch also moves `modified_at`: OParl consumers see the meeting as changed.
    const after = await touchMeeting(tx, meeting, { minutesPublishedAt: new Date() });
    await audit(tx, {
      bodyId: meeting.bodyId,
      action: 'publish',
      entity: 'meeting',
      entityId: meeting.id,
      before: { minutesPublishedAt: null },
      after: { minutesPublishedAt: after.minutesPublishedAt },
    });
    return { meeting: after };
  });
}

/**
 * Takes published minutes back from the public (published by mistake, or a court's order): from now on
 * the public surfaces show them as before publishing (signed is not public). The reason is mandatory and
 * kept in the audit log only. Publishing again is possible.
 */
export function unpublishMinutes(
  ctx: ServiceContext,
  who: Actor,
  meetingId: number,
  input: { version: number; reason: string },
) {
  return inTransaction(ctx, async (tx) => {
    const meeting = await lockFor(tx, who, meetingId, input.version, 'minutes.unpublish');
    if (!meeting.minutesPublishedAt) {
      throw new DomainError('minutes.not_published', 'Die Niederschrift ist nicht veröffentlicht.');
    }
    const reason = (input.reason ?? '').trim();
    if (!reason) {
      throw validationFailed({ reason: 'Bitte geben Sie an, warum die Veröffentlichung zurückgenommen wird.' });
    }
    if (reason.length > 2000) {
      throw validationFailed({ reason: 'Die Begründung darf höchstens 2.000 Zeichen lang sein.' });
    }
    // The touch moves `modified_at`: OParl consumers see the meeting as changed (and its minutes gone).
    const after = await touchMeeting(tx, meeting, { minutesPublishedAt: null });
    await audit(tx, {
      bodyId: meeting.bodyId,
      action: 'unpublish',
      entity: 'meeting',
      entityId: meeting.id,
      before: { minutesPublishedAt: meeting.minutesPublishedAt },
      after: { minutesPublishedAt: null, reason },
    });
    return { meeting: after };
  });
}

export interface CorrectionInput {
  version: number;
  /** Why (mandatory; kept with the version, shown in the back office only). */
  reason: string;
  changes: Array<{ itemId: number; minutesText?: string | null; resolutionText?: string | null }>;
}

/**
 * Corrects signed minutes: applies the changed texts and stores version n+1 with the reason, in one
 * transaction. Minutes signed before versions existed (imported, older installations) first get their
 * signed state stored as version 1.
 */
export function correctMinutes(ctx: ServiceContext, who: Actor, meetingId: number, input: CorrectionInput) {
  return inTransaction(ctx, async (tx) => {
    const meeting = await lockFor(tx, who, meetingId, input.version, 'minutes.correct');
    const fields: Record<string, string> = {};
    const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
    if (!reason) fields.reason = 'Bitte begründen Sie die Berichtigung.';
    else if (reason.length > 2000) fields.reason = 'Die Begründung ist zu lang (höchstens 2.000 Zeichen).';
    const changes = Array.isArray(input.changes) ? input.changes : [];
    const items = await tx.db.select().from(agendaItems).where(eq(agendaItems.meetingId, meeting.id));
    const updates: Array<{ item: (typeof items)[number]; minutesText: string | null; resolutionText: string | null }> =
      [];
    changes.forEach((change, index) => {
      const key = `changes.${index}`;
      const item = change && typeof change === 'object' ? items.find((i) => i.id === change.itemId) : undefined;
      if (!item) {
        fields[`${key}.itemId`] = 'Diesen Tagesordnungspunkt gibt es in der Sitzung nicht.';
        return;
      }
      for (const k of ['minutesText', 'resolutionText'] as const) {
        const v = change[k];
        if (v != null && typeof v !== 'string') fields[`${key}.${k}`] = 'Bitte geben Sie einen Text ein.';
        else if (typeof v === 'string' && v.length > 100_000)
          fields[`${key}.${k}`] = 'Der Text ist zu lang (höchstens 100.000 Zeichen).';
      }
      const minutesText = 'minutesText' in change ? change.minutesText?.trim() || null : item.minutesText;
      const resolutionText = 'resolutionText' in change ? change.resolutionText?.trim() || null : item.resolutionText;
      if (minutesText !== item.minutesText || resolutionText !== item.resolutionText) {
        updates.push({ item, minutesText, resolutionText });
      }
    });
    if (Object.keys(fields).length === 0 && updates.length === 0) {
      fields.changes = 'Es wurde nichts geändert: Die Texte sind dieselben wie in der unterschriebenen Fassung.';
    }
    if (Object.keys(fields).length > 0) throw validationFailed(fields);

    const at = new Date();
    const [existing] = await tx.db
      .select({ n: sql<number>`count(*)::int` })
      .from(minutesVersions)
      .where(eq(minutesVersions.meetingId, meeting.id));
    if (Number(existing?.n ?? 0) === 0) await storeVersion(tx, meeting.id, { reason: null, at });
    for (const u of updates) {
      await tx.db
        .update(agendaItems)
        .set({
          minutesText: u.minutesText,
          resolutionText: u.resolutionText,
          version: u.item.version + 1,
          modifiedAt: sql`clock_timestamp()`,
        })
        .where(eq(agendaItems.id, u.item.id));
    }
    const after = await touchMeeting(tx, meeting);
    const version = await storeVersion(tx, meeting.id, { reason, at });
    await audit(tx, {
      bodyId: meeting.bodyId,
      action: 'correct',
      entity: 'meeting',
      entityId: meeting.id,
      before: {
        items: updates.map((u) => ({
          id: u.item.id,
          minutesText: u.item.minutesText,
          resolutionText: u.item.resolutionText,
        })),
      },
      after: {
        reason,
        version,
        items: updates.map((u) => ({ id: u.item.id, minutesText: u.minutesText, resolutionText: u.resolutionText })),
      },
    });
    return { meeting: after, version };
  });
}

/**
 * Stores version 1 of minutes signed outside this workflow (the demo data, an import) if they have none:
 * for loaders, not for the back office. Returns whether one was stored.
 */
export async function freezeSignedMinutes(ctx: ServiceContext, meetingId: number): Promise<boolean> {
  return inTransaction(ctx, async (tx) => {
    const [meeting] = await tx.db.select().from(meetings).where(eq(meetings.id, meetingId)).for('update');
    if (!meeting || meeting.state !== SIGNED_STATE) return false;
    const [existing] = await tx.db
      .select({ n: sql<number>`count(*)::int` })
      .from(minutesVersions)
      .where(eq(minutesVersions.meetingId, meetingId));
    if (Number(existing?.n ?? 0) > 0) return false;
    const signatures = await signaturesOf(tx.db, meetingId);
    const at = signatures.length ? new Date(Math.max(...signatures.map((s) => s.signedAt.getTime()))) : new Date();
    await storeVersion(tx, meetingId, { reason: null, at });
    return true;
  });
}
