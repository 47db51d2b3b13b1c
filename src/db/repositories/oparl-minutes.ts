/**
 * Meetings as `loadMeeting(db, id, 'public')` reads them (meetings.ts), for many meetings in three
 * statements: the OParl API renders the public minutes' text of a whole page of meetings
 * (`Meeting.resultsProtocol.text`), and one `loadMeeting` per meeting would cost three statements each.
 *
 * The same rule as meetings.ts: the content of a non-public item is never selected (its votes, conflicts,
 * addenda and attachments only `where agenda_items.public`); its number and title only where the body
 * publishes non-public agenda titles. The result is typed as `MeetingRecord`, and test/oparl/minutes.test.ts
 * compares it with `loadMeeting` for every meeting of the test data: a change there shows here.
 */
import { asc, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { bodySettings } from '../../domain/body-settings.ts';
import type { Executor } from '../open.ts';
import {
  agendaItems,
  attendance,
  bodies,
  locations,
  meetings,
  organizations,
  papers,
  persons,
  rooms,
} from '../schema.ts';
import { type MeetingRecord, personColumns } from './meetings.ts';

type Item = MeetingRecord['items'][number];

/** `json_build_object` of a person's name columns, for the alias `table` of persons (as meetings.ts). */
function personJson(table: string) {
  const t = sql.raw(table);
  return sql`json_build_object('id', ${t}.id, 'formOfAddress', ${t}.form_of_address, 'title', ${t}.title,
    'givenName', ${t}.given_name, 'familyName', ${t}.family_name, 'officeTitle', ${t}.office_title)`;
}

/** The meetings with these ids, read for the public, by id; missing ids are left out. */
export async function loadPublicMeetings(db: Executor, ids: readonly number[]): Promise<Map<number, MeetingRecord>> {
  const result = new Map<number, MeetingRecord>();
  if (ids.length === 0) return result;
  const wanted = [...new Set(ids)];
  const substitute = alias(persons, 'substitute_for');
  const contact = alias(persons, 'contact');
  const parent = alias(organizations, 'parent');
  const heads = await db
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
      parent: {
        id: parent.id,
        name: parent.name,
        nameGenitive: parent.nameGenitive,
        nameNominative: parent.nameNominative,
      },
      rapporteurs: sql<
        MeetingRecord['rapporteurs']
      >`(select coalesce(json_agg(json_build_object('person', ${personJson('rp')},
          'toOrganization', json_build_object('id', ro.id, 'name', ro.name), 'factionId', r.faction_id,
          'agendaItemId', r.agenda_item_id) order by rp.family_name), '[]'::json)
        from rapporteurs r join persons rp on rp.id = r.person_id join organizations ro on ro.id = r.to_organization_id
        where r.meeting_id = ${meetings.id})`,
      signatures: sql<
        MeetingRecord['signatures']
      >`(select coalesce(json_agg(json_build_object('role', g.role, 'person', ${personJson('gp')},
          'signedAt', g.signed_at) order by g.position), '[]'::json)
        from minutes_signatures g join persons gp on gp.id = g.person_id where g.meeting_id = ${meetings.id})`,
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
    .leftJoin(parent, eq(parent.id, organizations.parentId))
    .where(inArray(meetings.id, wanted));
  if (heads.length === 0) return result;

  const attendanceRows = await db
    .select({
      meetingId: attendance.meetingId,
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
    .where(inArray(attendance.meetingId, wanted))
    .orderBy(asc(attendance.meetingId), asc(attendance.position));

  // The public reader's rule of loadMeeting: nested content only of public items.
  const readable = sql`${agendaItems.public}`;
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
      votes: sql<Item['votes']>`(select coalesce(json_agg(json_build_object(
          'id', v.id, 'method', v.method, 'subject', v.subject, 'yes', v.yes, 'no', v.no, 'abstain', v.abstain,
          'unanimous', v.unanimous, 'outcome', v.outcome,
          'byFaction', (select coalesce(json_agg(json_build_object(
              'faction', json_build_object('id', o.id, 'name', o.name, 'shortName', o.short_name),
              'yes', f.yes, 'no', f.no, 'abstain', f.abstain) order by o.name), '[]'::json)
            from vote_faction_results f join organizations o on o.id = f.faction_id where f.vote_id = v.id),
          'ballots', (select coalesce(json_agg(json_build_object('person', ${personJson('bp')}, 'choice', b.choice)
              order by bp.family_name, bp.id), '[]'::json)
            from vote_ballots b join persons bp on bp.id = b.person_id where b.vote_id = v.id)
        ) order by v.position), '[]'::json)
        from votes v where v.agenda_item_id = ${agendaItems.id} and ${readable})`,
      conflicts: sql<
        Item['conflicts']
      >`(select coalesce(json_agg(json_build_object('person', ${personJson('cp')}, 'note', c.note)
          order by cp.family_name, cp.id), '[]'::json)
        from conflicts c join persons cp on cp.id = c.person_id where c.agenda_item_id = ${agendaItems.id} and ${readable})`,
      addenda: sql<
        Item['addenda']
      >`(select coalesce(json_agg(json_build_object('id', a.id, 'heading', a.heading, 'text', a.text)
          order by a.position), '[]'::json)
        from addenda a where a.agenda_item_id = ${agendaItems.id} and ${readable})`,
      attachments: sql<Item['attachments']>`(select coalesce(json_agg(json_build_object('label', t.label,
          'file', json_build_object('id', fl.id, 'name', fl.name, 'fileName', fl.file_name, 'mimeType', fl.mime_type, 'size', fl.size))
          order by t.position), '[]'::json)
        from agenda_item_attachments t join files fl on fl.id = t.file_id
        where t.agenda_item_id = ${agendaItems.id} and ${readable})`,
    })
    .from(agendaItems)
    .leftJoin(papers, eq(papers.id, agendaItems.paperId))
    .where(inArray(agendaItems.meetingId, wanted))
    .orderBy(asc(agendaItems.meetingId), asc(agendaItems.position));

  for (const head of heads) {
    const settings = bodySettings(head.body.settings);
    const parentOrganization = head.parent?.id != null ? head.parent : null;
    const ownItems = itemRows.filter((r) => r.item.meetingId === head.meeting.id);
    const readableIds = ownItems.filter((r) => r.item.public).map((r) => r.item.id);
    const items = ownItems.flatMap(({ item, paper, ...nested }): Item[] => {
      if (!item.public) {
        if (!settings.publishNonPublicAgendaTitles) return [];
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
          paper: paper?.public ? paper : null,
          minutesText: item.minutesText,
          resolutionKind: item.resolutionKind,
          resolutionText: item.resolutionText,
          votes: nested.votes,
          conflicts: nested.conflicts,
          addenda: nested.addenda,
          attachments: nested.attachments,
          redacted: false,
        },
      ];
    });
    const { meeting } = head;
    result.set(meeting.id, {
      id: meeting.id,
      state: meeting.state,
      cancelled: meeting.cancelled,
      startAt: meeting.startAt,
      endAt: meeting.endAt,
      invitationSentOn: meeting.invitationSentOn,
      invitationUrgent: meeting.invitationUrgent,
      supplementSentOn: meeting.supplementSentOn,
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
      attendance: attendanceRows
        .filter((a) => a.meetingId === meeting.id)
        .map(({ meetingId: _, ...a }) => ({
          ...a,
          substituteFor: a.substituteFor?.id != null ? a.substituteFor : null,
        })),
      items,
      hasNonPublicPart: ownItems.some((r) => !r.item.public),
      rapporteurs: head.rapporteurs.filter((r) => r.agendaItemId == null || readableIds.includes(r.agendaItemId)),
      signatures: head.signatures,
    });
  }
  return result;
}
