/**
 * Use cases for meetings: planning, the agenda, attendance, the minutes per item (text, resolution,
 * votes, addenda, attachments, conflicts of interest), rapporteurs and signatures.
 */
import { and, eq, sql } from 'drizzle-orm';
import {
  addenda,
  agendaItemAttachments,
  agendaItems,
  attendance,
  conflicts,
  files,
  locations,
  meetings,
  minutesSignatures,
  rapporteurs,
  rooms,
  voteBallots,
  voteFactionResults,
  votes,
} from '../db/schema.ts';
import { DomainError } from '../domain/errors.ts';
import { decideVote, validateVoteCounts } from '../domain/rules/vote.ts';
import { audit, found, inTransaction, type ServiceContext } from './context.ts';
import { getOrganization, getPerson } from './masterdata.ts';
import { getPaper } from './papers.ts';

type MeetingState = (typeof meetings.$inferSelect)['state'];

export interface CreateMeetingInput {
  organizationId: number;
  startAt: Date;
  endAt?: Date | null;
  state?: MeetingState;
  cancelled?: boolean;
  locationId?: number | null;
  roomId?: number | null;
  invitationSentOn?: string | null;
  invitationUrgent?: boolean;
  supplementSentOn?: string | null;
  minutesPlace?: string | null;
  minutesDate?: string | null;
  /** When signed minutes were published (migration 0017); null: not published. */
  minutesPublishedAt?: Date | null;
  contactPersonId?: number | null;
  publicPartClosingNote?: string | null;
}

export async function getMeeting(ctx: ServiceContext, id: number) {
  const [row] = await ctx.db.select().from(meetings).where(eq(meetings.id, id));
  return found(row, 'meeting', id);
}

export function createMeeting(ctx: ServiceContext, input: CreateMeetingInput) {
  return inTransaction(ctx, async (tx) => {
    const organization = await getOrganization(tx, input.organizationId);
    if (organization.kind !== 'council' && organization.kind !== 'committee') {
      throw new DomainError('meeting.not_a_committee', `„${organization.name}“ ist kein Gremium, das tagt.`);
    }
    if (Number.isNaN(input.startAt.getTime())) {
      throw new DomainError('meeting.invalid_start', 'Der Sitzungsbeginn ist kein gültiger Zeitpunkt.');
    }
    if (input.endAt && input.endAt < input.startAt) {
      throw new DomainError('meeting.invalid_dates', 'Das Sitzungsende liegt vor dem Beginn.');
    }
    if (input.locationId != null) {
      const [location] = await tx.db.select().from(locations).where(eq(locations.id, input.locationId));
      if (found(location, 'location', input.locationId).bodyId !== organization.bodyId) {
        throw new DomainError('meeting.body_mismatch', 'Der Sitzungsort gehört zu einer anderen Körperschaft.');
      }
    }
    if (input.roomId != null) {
      const [room] = await tx.db.select().from(rooms).where(eq(rooms.id, input.roomId));
      if (found(room, 'room', input.roomId).locationId !== input.locationId) {
        throw new DomainError('meeting.room_not_in_location', 'Der Raum liegt nicht im gewählten Sitzungsort.');
      }
    }
    if (input.contactPersonId != null) {
      const contact = await getPerson(tx, input.contactPersonId);
      if (contact.bodyId !== organization.bodyId) {
        throw new DomainError('meeting.body_mismatch', 'Die Kontaktperson gehört zu einer anderen Körperschaft.');
      }
    }
    const [row] = await tx.db
      .insert(meetings)
      .values({ ...input, bodyId: organization.bodyId })
      .returning();
    const meeting = found(row, 'meeting', 'neu');
    await audit(tx, {
      bodyId: meeting.bodyId,
      action: 'create',
      entity: 'meeting',
      entityId: meeting.id,
      after: meeting,
    });
    return meeting;
  });
}

export async function getAgendaItem(ctx: ServiceContext, id: number) {
  const [row] = await ctx.db.select().from(agendaItems).where(eq(agendaItems.id, id));
  return found(row, 'agenda_item', id);
}

export interface AddAgendaItemInput {
  meetingId: number;
  parentId?: number | null;
  number: string;
  public: boolean;
  title: string;
  subtitle?: string | null;
  paperId?: number | null;
  supplement?: boolean;
  minutesText?: string | null;
  resolutionKind?: 'decision' | 'recommendation' | 'notice' | null;
  resolutionText?: string | null;
}

/** Appends an item to the agenda (position = last + 1). */
export function addAgendaItem(ctx: ServiceContext, input: AddAgendaItemInput) {
  return inTransaction(ctx, async (tx) => {
    const meeting = await getMeeting(tx, input.meetingId);
    if (!/^\d+(\.\d+)*$/.test(input.number)) {
      throw new DomainError(
        'agenda_item.invalid_number',
        `„${input.number}“ ist keine gültige TOP-Nummer (z. B. 1 oder 1.1).`,
      );
    }
    if (!input.title.trim())
      throw new DomainError('agenda_item.title_missing', 'Der Titel des Tagesordnungspunkts fehlt.');
    const [taken] = await tx.db
      .select({ id: agendaItems.id })
      .from(agendaItems)
      .where(and(eq(agendaItems.meetingId, meeting.id), eq(agendaItems.number, input.number)));
    if (taken) {
      throw new DomainError(
        'agenda_item.number_taken',
        `Die Tagesordnung dieser Sitzung hat bereits einen Punkt ${input.number}.`,
        { number: input.number },
      );
    }
    if (input.parentId != null) {
      const parent = await getAgendaItem(tx, input.parentId);
      if (parent.meetingId !== meeting.id) {
        throw new DomainError(
          'agenda_item.parent_in_other_meeting',
          'Der übergeordnete Punkt gehört zu einer anderen Sitzung.',
        );
      }
      if (
        !input.number.startsWith(`${parent.number}.`) ||
        input.number.split('.').length !== parent.number.split('.').length + 1
      ) {
        throw new DomainError(
          'agenda_item.number_outside_parent',
          `Ein Unterpunkt von ${parent.number} braucht eine Nummer wie ${parent.number}.1.`,
          { number: input.number, parent: parent.number },
        );
      }
      if (input.public && !parent.public) {
        throw new DomainError(
          'agenda_item.public_under_non_public',
          'Ein öffentlicher Unterpunkt kann nicht unter einem nicht öffentlichen Punkt stehen.',
        );
      }
    } else if (input.number.includes('.')) {
      throw new DomainError(
        'agenda_item.parent_missing',
        `Zum Unterpunkt ${input.number} fehlt der übergeordnete Punkt.`,
      );
    }
    if (input.paperId != null) {
      const paper = await getPaper(tx, input.paperId);
      if (paper.bodyId !== meeting.bodyId) {
        throw new DomainError('agenda_item.body_mismatch', 'Die Vorlage gehört zu einer anderen Körperschaft.');
      }
    }
    if ((input.resolutionKind == null) !== (input.resolutionText == null)) {
      throw new DomainError('agenda_item.resolution_incomplete', 'Zu einem Beschluss gehören Art und Text.');
    }
    const [{ next } = { next: 1 }] = await tx.db
      .select({ next: sql<number>`coalesce(max(${agendaItems.position}), 0)::int + 1` })
      .from(agendaItems)
      .where(eq(agendaItems.meetingId, meeting.id));
    const [row] = await tx.db
      .insert(agendaItems)
      .values({ ...input, position: Number(next) })
      .returning();
    const item = found(row, 'agenda_item', input.number);
    await audit(tx, {
      bodyId: meeting.bodyId,
      action: 'create',
      entity: 'agenda_item',
      entityId: item.id,
      after: item,
    });
    return item;
  });
}

export interface RecordAttendanceInput {
  meetingId: number;
  personId: number;
  role: (typeof attendance.$inferInsert)['role'];
  status: (typeof attendance.$inferInsert)['status'];
  votingRight: boolean;
  substituteForPersonId?: number | null;
  function?: string | null;
  arrivedAt?: string | null;
  leftAt?: string | null;
}

export function recordAttendance(ctx: ServiceContext, input: RecordAttendanceInput) {
  return inTransaction(ctx, async (tx) => {
    const meeting = await getMeeting(tx, input.meetingId);
    const person = await getPerson(tx, input.personId);
    if (person.bodyId !== meeting.bodyId) {
      throw new DomainError('attendance.body_mismatch', 'Die Person gehört zu einer anderen Körperschaft.');
    }
    const [duplicate] = await tx.db
      .select({ id: attendance.id })
      .from(attendance)
      .where(and(eq(attendance.meetingId, meeting.id), eq(attendance.personId, person.id)));
    if (duplicate) {
      throw new DomainError('attendance.duplicate', 'Die Anwesenheit dieser Person ist für die Sitzung schon erfasst.');
    }
    if (input.substituteForPersonId != null) {
      if (input.substituteForPersonId === input.personId) {
        throw new DomainError('attendance.substitute_for_self', 'Eine Person kann sich nicht selbst vertreten.');
      }
      const replaced = await getPerson(tx, input.substituteForPersonId);
      if (replaced.bodyId !== meeting.bodyId) {
        throw new DomainError(
          'attendance.body_mismatch',
          'Die vertretene Person gehört zu einer anderen Körperschaft.',
        );
      }
    }
    if (input.arrivedAt && input.leftAt && input.leftAt < input.arrivedAt) {
      throw new DomainError('attendance.invalid_times', 'Die Person kann nicht gehen, bevor sie gekommen ist.');
    }
    const [{ next } = { next: 1 }] = await tx.db
      .select({ next: sql<number>`coalesce(max(${attendance.position}), 0)::int + 1` })
      .from(attendance)
      .where(eq(attendance.meetingId, meeting.id));
    const [row] = await tx.db
      .insert(attendance)
      .values({ ...input, position: Number(next) })
      .returning();
    const created = found(row, 'attendance', 'neu');
    await audit(tx, {
      bodyId: meeting.bodyId,
      action: 'create',
      entity: 'attendance',
      entityId: created.id,
      after: created,
    });
    return created;
  });
}

export function declareConflict(
  ctx: ServiceContext,
  input: { agendaItemId: number; personId: number; note?: string | null },
) {
  return inTransaction(ctx, async (tx) => {
    const item = await getAgendaItem(tx, input.agendaItemId);
    const meeting = await getMeeting(tx, item.meetingId);
    const person = await getPerson(tx, input.personId);
    if (person.bodyId !== meeting.bodyId) {
      throw new DomainError('conflict.body_mismatch', 'Die Person gehört zu einer anderen Körperschaft.');
    }
    await tx.db.insert(conflicts).values(input);
    await audit(tx, {
      bodyId: meeting.bodyId,
      action: 'create',
      entity: 'conflict',
      entityId: `${item.id}:${person.id}`,
      after: input,
    });
  });
}

export interface RecordVoteInput {
  agendaItemId: number;
  method?: 'open' | 'roll_call' | 'secret';
  subject?: string | null;
  yes?: number | null;
  no?: number | null;
  abstain?: number | null;
  unanimous?: boolean;
  /** 'noted' for a Kenntnisnahme; for counted votes the outcome is computed and, if given, checked. */
  outcome?: 'accepted' | 'rejected' | 'noted' | null;
  byFaction?: { factionId: number; yes: number; no: number; abstain: number }[];
  ballots?: { personId: number; choice: 'yes' | 'no' | 'abstain' }[];
}

/**
 * The persons entitled to vote on an item: present with a voting right, not declared biased.
 * Without recorded attendance the committee's statutory size is the bound, if known.
 */
async function entitledVoters(ctx: ServiceContext, meetingId: number, agendaItemId: number, organizationId: number) {
  const present = await ctx.db
    .select({
      personId: attendance.personId,
      status: attendance.status,
      votingRight: attendance.votingRight,
      substituteFor: attendance.substituteForPersonId,
    })
    .from(attendance)
    .where(eq(attendance.meetingId, meetingId));
  if (present.length === 0) {
    const organization = await getOrganization(ctx, organizationId);
    return organization.statutoryMembers ?? undefined;
  }
  const biased = new Set(
    (
      await ctx.db
        .select({ personId: conflicts.personId })
        .from(conflicts)
        .where(eq(conflicts.agendaItemId, agendaItemId))
    ).map((c) => c.personId),
  );
  const voting = present.filter((a) => a.status === 'present' && a.votingRight && !biased.has(a.personId));
  const votingIds = new Set(voting.map((a) => a.personId));
  // One seat, one vote: a substitute adds no vote while the member they stand in for votes in person.
  return voting.filter((a) => a.substituteFor == null || !votingIds.has(a.substituteFor)).length;
}

export function recordVote(ctx: ServiceContext, input: RecordVoteInput) {
  return inTransaction(ctx, async (tx) => {
    const item = await getAgendaItem(tx, input.agendaItemId);
    const meeting = await getMeeting(tx, item.meetingId);
    const counted = input.yes != null || input.no != null || input.abstain != null;
    let outcome: 'accepted' | 'rejected' | 'noted';
    const yes = input.yes ?? null;
    const no = input.no ?? null;
    const abstain = input.abstain ?? null;
    if (input.outcome === 'noted') {
      if (counted || input.unanimous || input.byFaction?.length || input.ballots?.length) {
        throw new DomainError('vote.noted_with_counts', 'Eine Kenntnisnahme hat kein Stimmenergebnis.');
      }
      outcome = 'noted';
    } else if (counted) {
      const counts = { yes: yes ?? 0, no: no ?? 0, abstain: abstain ?? 0 };
      const entitled = await entitledVoters(tx, meeting.id, item.id, meeting.organizationId);
      const problems = validateVoteCounts(counts, entitled);
      const [first] = problems;
      if (first) {
        const id = first.code === 'exceeds_entitled' ? 'vote.more_votes_than_entitled' : 'vote.invalid_counts';
        throw new DomainError(id, first.message, { ...counts, entitled, problems });
      }
      const decision = decideVote(counts);
      outcome = decision.outcome;
      if (input.outcome && input.outcome !== outcome) {
        throw new DomainError(
          'vote.outcome_mismatch',
          `Bei ${counts.yes} Ja- und ${counts.no} Nein-Stimmen ist der Antrag ${outcome === 'accepted' ? 'angenommen' : 'abgelehnt'}.`,
          { ...counts, given: input.outcome, computed: outcome },
        );
      }
      if (input.unanimous && !decision.unanimous) {
        throw new DomainError('vote.not_unanimous', 'Bei Gegenstimmen ist ein Beschluss nicht einstimmig.', counts);
      }
    } else if (input.unanimous) {
      // "einstimmig" without recorded numbers.
      outcome = 'accepted';
    } else if (input.outcome) {
      outcome = input.outcome;
    } else {
      throw new DomainError(
        'vote.result_missing',
        'Es fehlt das Abstimmungsergebnis (Stimmen, einstimmig oder Kenntnisnahme).',
      );
    }

    for (const f of input.byFaction ?? []) {
      const faction = await getOrganization(tx, f.factionId);
      if (faction.kind !== 'faction' || faction.bodyId !== meeting.bodyId) {
        throw new DomainError('vote.not_a_faction', `„${faction.name}“ ist keine Fraktion dieser Körperschaft.`);
      }
      if ([f.yes, f.no, f.abstain].some((n) => !Number.isInteger(n) || n < 0)) {
        throw new DomainError('vote.invalid_counts', 'Stimmenzahlen müssen ganze Zahlen ab 0 sein.');
      }
    }
    if (input.byFaction?.length && counted) {
      const sum = (k: 'yes' | 'no' | 'abstain') => (input.byFaction ?? []).reduce((s, f) => s + f[k], 0);
      if (sum('yes') > (yes ?? 0) || sum('no') > (no ?? 0) || sum('abstain') > (abstain ?? 0)) {
        throw new DomainError(
          'vote.faction_counts_exceed',
          'Die Stimmen der Fraktionen übersteigen das Gesamtergebnis.',
        );
      }
    }
    if (input.ballots?.length && input.method !== 'roll_call') {
      throw new DomainError(
        'vote.ballots_not_roll_call',
        'Einzelstimmen werden nur bei namentlicher Abstimmung erfasst.',
      );
    }

    const [{ next } = { next: 1 }] = await tx.db
      .select({ next: sql<number>`coalesce(max(${votes.position}), 0)::int + 1` })
      .from(votes)
      .where(eq(votes.agendaItemId, item.id));
    const [row] = await tx.db
      .insert(votes)
      .values({
        agendaItemId: item.id,
        position: Number(next),
        method: input.method ?? 'open',
        subject: input.subject ?? null,
        yes,
        no,
        abstain,
        unanimous: input.unanimous ?? false,
        outcome,
      })
      .returning();
    const vote = found(row, 'vote', 'neu');
    if (input.byFaction?.length) {
      await tx.db.insert(voteFactionResults).values(input.byFaction.map((f) => ({ ...f, voteId: vote.id })));
    }
    if (input.ballots?.length) {
      for (const b of input.ballots) {
        if ((await getPerson(tx, b.personId)).bodyId !== meeting.bodyId) {
          throw new DomainError('vote.body_mismatch', 'Die Person gehört zu einer anderen Körperschaft.');
        }
      }
      await tx.db.insert(voteBallots).values(input.ballots.map((b) => ({ ...b, voteId: vote.id })));
    }
    await audit(tx, {
      bodyId: meeting.bodyId,
      action: 'create',
      entity: 'vote',
      entityId: vote.id,
      after: { ...vote, byFaction: input.byFaction ?? [], ballots: input.ballots ?? [] },
    });
    return vote;
  });
}

export function addAddendum(ctx: ServiceContext, input: { agendaItemId: number; heading?: string; text: string }) {
  return inTransaction(ctx, async (tx) => {
    const item = await getAgendaItem(tx, input.agendaItemId);
    const meeting = await getMeeting(tx, item.meetingId);
    if (!input.text.trim()) throw new DomainError('addendum.text_missing', 'Der Text der Ergänzung fehlt.');
    const [{ next } = { next: 1 }] = await tx.db
      .select({ next: sql<number>`coalesce(max(${addenda.position}), 0)::int + 1` })
      .from(addenda)
      .where(eq(addenda.agendaItemId, item.id));
    const [row] = await tx.db
      .insert(addenda)
      .values({
        agendaItemId: item.id,
        position: Number(next),
        text: input.text,
        ...(input.heading ? { heading: input.heading } : {}),
      })
      .returning();
    const addendum = found(row, 'addendum', 'neu');
    await audit(tx, {
      bodyId: meeting.bodyId,
      action: 'create',
      entity: 'addendum',
      entityId: addendum.id,
      after: addendum,
    });
    return addendum;
  });
}

export function addAttachment(ctx: ServiceContext, input: { agendaItemId: number; fileId: number; label: string }) {
  return inTransaction(ctx, async (tx) => {
    const item = await getAgendaItem(tx, input.agendaItemId);
    const meeting = await getMeeting(tx, item.meetingId);
    const [file] = await tx.db.select({ bodyId: files.bodyId }).from(files).where(eq(files.id, input.fileId));
    if (found(file, 'file', input.fileId).bodyId !== meeting.bodyId) {
      throw new DomainError('attachment.body_mismatch', 'Die Datei gehört zu einer anderen Körperschaft.');
    }
    const [{ next } = { next: 1 }] = await tx.db
      .select({ next: sql<number>`coalesce(max(${agendaItemAttachments.position}), 0)::int + 1` })
      .from(agendaItemAttachments)
      .where(eq(agendaItemAttachments.agendaItemId, item.id));
    await tx.db.insert(agendaItemAttachments).values({ ...input, position: Number(next) });
    await audit(tx, {
      bodyId: meeting.bodyId,
      action: 'attach_file',
      entity: 'agenda_item',
      entityId: item.id,
      after: input,
    });
  });
}

export function addRapporteur(
  ctx: ServiceContext,
  input: {
    meetingId: number;
    personId: number;
    toOrganizationId: number;
    factionId?: number | null;
    agendaItemId?: number | null;
  },
) {
  return inTransaction(ctx, async (tx) => {
    const meeting = await getMeeting(tx, input.meetingId);
    const person = await getPerson(tx, input.personId);
    const to = await getOrganization(tx, input.toOrganizationId);
    if (person.bodyId !== meeting.bodyId || to.bodyId !== meeting.bodyId) {
      throw new DomainError('rapporteur.body_mismatch', 'Person oder Gremium gehören zu einer anderen Körperschaft.');
    }
    if (input.factionId != null) {
      const faction = await getOrganization(tx, input.factionId);
      if (faction.kind !== 'faction')
        throw new DomainError('rapporteur.not_a_faction', `„${faction.name}“ ist keine Fraktion.`);
    }
    await tx.db.insert(rapporteurs).values(input);
    await audit(tx, {
      bodyId: meeting.bodyId,
      action: 'create',
      entity: 'rapporteur',
      entityId: `${meeting.id}:${person.id}`,
      after: input,
    });
  });
}

/**
 * Records a signature of the minutes. The chair signs as 'chair', the Schriftführer as 'secretary'.
 * (The signing workflow with logins and frozen versions belongs to the back office.)
 */
export function recordSignature(
  ctx: ServiceContext,
  input: { meetingId: number; role: 'chair' | 'secretary'; personId: number; signedAt: Date },
) {
  return inTransaction(ctx, async (tx) => {
    const meeting = await getMeeting(tx, input.meetingId);
    const person = await getPerson(tx, input.personId);
    if (person.bodyId !== meeting.bodyId) {
      throw new DomainError('signature.body_mismatch', 'Die Person gehört zu einer anderen Körperschaft.');
    }
    const [existing] = await tx.db
      .select({ personId: minutesSignatures.personId })
      .from(minutesSignatures)
      .where(and(eq(minutesSignatures.meetingId, meeting.id), eq(minutesSignatures.role, input.role)));
    if (existing) {
      throw new DomainError('signature.duplicate', 'Diese Unterschrift ist für die Niederschrift schon geleistet.');
    }
    const position = input.role === 'chair' ? 1 : 2;
    await tx.db.insert(minutesSignatures).values({ ...input, position });
    await audit(tx, { bodyId: meeting.bodyId, action: 'sign', entity: 'meeting', entityId: meeting.id, after: input });
  });
}
