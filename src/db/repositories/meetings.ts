/**
 * Reads meetings for presenters and documents. Visibility is applied HERE, in the query layer: a
 * public reader never receives the content of a non-public agenda item (only its number and title,
 * and only where the body publishes non-public agenda titles).
 */
import { asc, count, desc, eq, inArray, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { bodySettings } from '../../domain/body-settings.ts';
import type { Visibility } from '../../domain/visibility.ts';
import type { Executor } from '../open.ts';
import {
  addenda,
  agendaItemAttachments,
  agendaItems,
  attendance,
  bodies,
  conflicts,
  files,
  locations,
  meetings,
  minutesSignatures,
  organizations,
  papers,
  persons,
  rapporteurs,
  rooms,
  voteBallots,
  voteFactionResults,
  votes,
} from '../schema.ts';

const personColumns = {
  id: persons.id,
  formOfAddress: persons.formOfAddress,
  title: persons.title,
  givenName: persons.givenName,
  familyName: persons.familyName,
  officeTitle: persons.officeTitle,
};

export type PersonRef = {
  id: number;
  formOfAddress: string | null;
  title: string | null;
  givenName: string | null;
  familyName: string;
  officeTitle: string | null;
};

export interface MeetingListEntry {
  id: number;
  startAt: Date;
  state: (typeof meetings.$inferSelect)['state'];
  cancelled: boolean;
  organization: { id: number; name: string };
  body: { id: number; slug: string; name: string };
  locationName: string | null;
}

/** Meetings newest first; paginated. */
export async function listMeetings(
  db: Executor,
  options: { bodyId?: number; limit: number; offset: number; order?: 'asc' | 'desc' },
): Promise<{ total: number; entries: MeetingListEntry[] }> {
  const where: SQL | undefined = options.bodyId != null ? eq(meetings.bodyId, options.bodyId) : undefined;
  const [totalRow] = await db.select({ n: count() }).from(meetings).where(where);
  const rows = await db
    .select({
      id: meetings.id,
      startAt: meetings.startAt,
      state: meetings.state,
      cancelled: meetings.cancelled,
      organization: { id: organizations.id, name: organizations.name },
      body: { id: bodies.id, slug: bodies.slug, name: bodies.name },
      locationName: locations.name,
    })
    .from(meetings)
    .innerJoin(organizations, eq(organizations.id, meetings.organizationId))
    .innerJoin(bodies, eq(bodies.id, meetings.bodyId))
    .leftJoin(locations, eq(locations.id, meetings.locationId))
    .where(where)
    .orderBy(options.order === 'asc' ? asc(meetings.startAt) : desc(meetings.startAt), asc(meetings.id))
    .limit(options.limit)
    .offset(options.offset);
  return { total: Number(totalRow?.n ?? 0), entries: rows };
}

export type MeetingRecord = NonNullable<Awaited<ReturnType<typeof loadMeeting>>>;
export type AgendaItemRecord = MeetingRecord['items'][number];

/**
 * The whole meeting: header, attendance, agenda with minutes, votes, addenda, attachments,
 * rapporteurs and signatures. `undefined` when there is no such meeting.
 */
export async function loadMeeting(db: Executor, meetingId: number, visibility: Visibility) {
  const substitute = alias(persons, 'substitute_for');
  const contact = alias(persons, 'contact');
  const [head] = await db
    .select({
      meeting: meetings,
      body: { id: bodies.id, slug: bodies.slug, name: bodies.name, seat: bodies.seat, settings: bodies.settings },
      organization: {
        id: organizations.id,
        kind: organizations.kind,
        name: organizations.name,
        nameGenitive: organizations.nameGenitive,
        nameNominative: organizations.nameNominative,
        parentId: organizations.parentId,
      },
      location: {
        id: locations.id,
        name: locations.name,
        streetAddress: locations.streetAddress,
        postalCode: locations.postalCode,
        locality: locations.locality,
      },
      room: { id: rooms.id, name: rooms.name, description: rooms.description },
      contact: {
        ...personColumns,
        phone: contact.phone,
        fax: contact.fax,
        email: contact.email,
        id: contact.id,
        familyName: contact.familyName,
        givenName: contact.givenName,
        title: contact.title,
        formOfAddress: contact.formOfAddress,
        officeTitle: contact.officeTitle,
      },
    })
    .from(meetings)
    .innerJoin(bodies, eq(bodies.id, meetings.bodyId))
    .innerJoin(organizations, eq(organizations.id, meetings.organizationId))
    .leftJoin(locations, eq(locations.id, meetings.locationId))
    .leftJoin(rooms, eq(rooms.id, meetings.roomId))
    .leftJoin(contact, eq(contact.id, meetings.contactPersonId))
    .where(eq(meetings.id, meetingId));
  if (!head) return undefined;
  const settings = bodySettings(head.body.settings);

  const parentOrganization = head.organization.parentId
    ? ((
        await db
          .select({
            id: organizations.id,
            name: organizations.name,
            nameGenitive: organizations.nameGenitive,
            nameNominative: organizations.nameNominative,
          })
          .from(organizations)
          .where(eq(organizations.id, head.organization.parentId))
      )[0] ?? null)
    : null;

  const attendanceRows = await db
    .select({
      person: personColumns,
      role: attendance.role,
      status: attendance.status,
      votingRight: attendance.votingRight,
      function: attendance.function,
      arrivedAt: attendance.arrivedAt,
      leftAt: attendance.leftAt,
      substituteFor: {
        id: substitute.id,
        formOfAddress: substitute.formOfAddress,
        title: substitute.title,
        givenName: substitute.givenName,
        familyName: substitute.familyName,
        officeTitle: substitute.officeTitle,
      },
    })
    .from(attendance)
    .innerJoin(persons, eq(persons.id, attendance.personId))
    .leftJoin(substitute, eq(substitute.id, attendance.substituteForPersonId))
    .where(eq(attendance.meetingId, meetingId))
    .orderBy(asc(attendance.position));

  const itemRows = await db
    .select({
      item: agendaItems,
      paper: {
        id: papers.id,
        reference: papers.reference,
        title: papers.title,
        paperType: papers.paperType,
        public: papers.public,
      },
    })
    .from(agendaItems)
    .leftJoin(papers, eq(papers.id, agendaItems.paperId))
    .where(eq(agendaItems.meetingId, meetingId))
    .orderBy(asc(agendaItems.position));

  const mayRead = (item: typeof agendaItems.$inferSelect) => item.public || visibility !== 'public';
  const readable = itemRows.filter((r) => mayRead(r.item)).map((r) => r.item.id);

  const [voteRows, factionRows, ballotRows, conflictRows, addendumRows, attachmentRows] = readable.length
    ? await Promise.all([
        db.select().from(votes).where(inArray(votes.agendaItemId, readable)).orderBy(asc(votes.position)),
        db
          .select({
            voteId: voteFactionResults.voteId,
            faction: { id: organizations.id, name: organizations.name, shortName: organizations.shortName },
            yes: voteFactionResults.yes,
            no: voteFactionResults.no,
            abstain: voteFactionResults.abstain,
          })
          .from(voteFactionResults)
          .innerJoin(votes, eq(votes.id, voteFactionResults.voteId))
          .innerJoin(organizations, eq(organizations.id, voteFactionResults.factionId))
          .where(inArray(votes.agendaItemId, readable))
          .orderBy(asc(organizations.name)),
        db
          .select({ voteId: voteBallots.voteId, person: personColumns, choice: voteBallots.choice })
          .from(voteBallots)
          .innerJoin(votes, eq(votes.id, voteBallots.voteId))
          .innerJoin(persons, eq(persons.id, voteBallots.personId))
          .where(inArray(votes.agendaItemId, readable))
          .orderBy(asc(persons.familyName)),
        db
          .select({ agendaItemId: conflicts.agendaItemId, person: personColumns, note: conflicts.note })
          .from(conflicts)
          .innerJoin(persons, eq(persons.id, conflicts.personId))
          .where(inArray(conflicts.agendaItemId, readable)),
        db.select().from(addenda).where(inArray(addenda.agendaItemId, readable)).orderBy(asc(addenda.position)),
        db
          .select({
            agendaItemId: agendaItemAttachments.agendaItemId,
            label: agendaItemAttachments.label,
            file: {
              id: files.id,
              name: files.name,
              fileName: files.fileName,
              mimeType: files.mimeType,
              size: files.size,
            },
          })
          .from(agendaItemAttachments)
          .innerJoin(files, eq(files.id, agendaItemAttachments.fileId))
          .where(inArray(agendaItemAttachments.agendaItemId, readable))
          .orderBy(asc(agendaItemAttachments.position)),
      ])
    : [[], [], [], [], [], []];

  const items = itemRows.flatMap(({ item, paper }) => {
    if (!mayRead(item)) {
      if (!settings.publishNonPublicAgendaTitles) return [];
      // Title only: no paper, no text, no votes.
      return [
        {
          id: item.id,
          parentId: item.parentId,
          number: item.number,
          position: item.position,
          public: false,
          title: item.title,
          subtitle: null,
          supplement: item.supplement,
          paper: null,
          minutesText: null,
          resolutionKind: null,
          resolutionText: null,
          votes: [],
          conflicts: [],
          addenda: [],
          attachments: [],
          redacted: true,
        },
      ];
    }
    return [
      {
        id: item.id,
        parentId: item.parentId,
        number: item.number,
        position: item.position,
        public: item.public,
        title: item.title,
        subtitle: item.subtitle,
        supplement: item.supplement,
        paper: paper && (paper.public || visibility !== 'public') ? paper : null,
        minutesText: item.minutesText,
        resolutionKind: item.resolutionKind,
        resolutionText: item.resolutionText,
        votes: voteRows
          .filter((v) => v.agendaItemId === item.id)
          .map((v) => ({
            id: v.id,
            method: v.method,
            subject: v.subject,
            yes: v.yes,
            no: v.no,
            abstain: v.abstain,
            unanimous: v.unanimous,
            outcome: v.outcome,
            byFaction: factionRows.filter((f) => f.voteId === v.id).map(({ voteId: _, ...f }) => f),
            // A secret vote has no ballots; roll-call ballots are part of the public record.
            ballots: ballotRows.filter((b) => b.voteId === v.id).map(({ voteId: _, ...b }) => b),
          })),
        conflicts: conflictRows.filter((c) => c.agendaItemId === item.id).map(({ agendaItemId: _, ...c }) => c),
        addenda: addendumRows
          .filter((a) => a.agendaItemId === item.id)
          .map((a) => ({ id: a.id, heading: a.heading, text: a.text })),
        attachments: attachmentRows.filter((a) => a.agendaItemId === item.id).map(({ agendaItemId: _, ...a }) => a),
        redacted: false,
      },
    ];
  });

  const rapporteurRows = await db
    .select({
      person: personColumns,
      toOrganization: { id: organizations.id, name: organizations.name },
      factionId: rapporteurs.factionId,
      agendaItemId: rapporteurs.agendaItemId,
    })
    .from(rapporteurs)
    .innerJoin(persons, eq(persons.id, rapporteurs.personId))
    .innerJoin(organizations, eq(organizations.id, rapporteurs.toOrganizationId))
    .where(eq(rapporteurs.meetingId, meetingId));

  const signatureRows = await db
    .select({ role: minutesSignatures.role, person: personColumns, signedAt: minutesSignatures.signedAt })
    .from(minutesSignatures)
    .innerJoin(persons, eq(persons.id, minutesSignatures.personId))
    .where(eq(minutesSignatures.meetingId, meetingId))
    .orderBy(asc(minutesSignatures.position));

  const { meeting } = head;
  return {
    id: meeting.id,
    state: meeting.state,
    cancelled: meeting.cancelled,
    startAt: meeting.startAt,
    endAt: meeting.endAt,
    invitationSentOn: meeting.invitationSentOn,
    invitationUrgent: meeting.invitationUrgent,
    minutesPlace: meeting.minutesPlace,
    minutesDate: meeting.minutesDate,
    publicPartClosingNote: meeting.publicPartClosingNote,
    version: meeting.version,
    modifiedAt: meeting.modifiedAt,
    body: { id: head.body.id, slug: head.body.slug, name: head.body.name, seat: head.body.seat, settings },
    organization: { ...head.organization, parent: parentOrganization },
    location: head.location,
    room: head.room,
    contact: head.contact,
    attendance: attendanceRows.map((a) => ({
      ...a,
      substituteFor: a.substituteFor?.id != null ? a.substituteFor : null,
    })),
    items,
    /** Whether the meeting has a non-public part at all (published minutes show it as "[...]"). */
    hasNonPublicPart: itemRows.some((r) => !r.item.public),
    rapporteurs: rapporteurRows.filter((r) => r.agendaItemId == null || readable.includes(r.agendaItemId)),
    signatures: signatureRows,
  };
}
