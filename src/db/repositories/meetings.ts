/**
 * Reads meetings for presenters and documents. Visibility is applied HERE, in the query layer: a
 * public reader never receives the content of a non-public agenda item (only its number and title,
 * and only where the body publishes non-public agenda titles).
 */
import { and, asc, count, desc, eq, gte, inArray, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { bodySettings } from '../../domain/body-settings.ts';
import type { Visibility } from '../../domain/visibility.ts';
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
  type votes,
} from '../schema.ts';
import { germanSortKey, personOrderOf } from './persons.ts';
import { itemContentReadable, minutesPublicSql } from './visibility.ts';

/** The name columns of a person, as the readers return them. */
export const personColumns = {
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

/** `json_build_object` of a person's name columns, for the alias `table` of persons. */
function personJson(table: string) {
  const t = sql.raw(table);
  return sql`json_build_object('id', ${t}.id, 'formOfAddress', ${t}.form_of_address, 'title', ${t}.title,
    'givenName', ${t}.given_name, 'familyName', ${t}.family_name, 'officeTitle', ${t}.office_title)`;
}

interface VoteJson {
  id: number;
  method: (typeof votes.$inferSelect)['method'];
  subject: string | null;
  yes: number | null;
  no: number | null;
  abstain: number | null;
  unanimous: boolean;
  outcome: (typeof votes.$inferSelect)['outcome'];
  byFaction: {
    faction: { id: number; name: string; shortName: string | null };
    yes: number;
    no: number;
    abstain: number;
  }[];
  ballots: { person: PersonRef; choice: 'yes' | 'no' | 'abstain' }[];
}
interface RapporteurJson {
  person: PersonRef;
  toOrganization: { id: number; name: string };
  factionId: number | null;
  agendaItemId: number | null;
}
interface SignatureJson {
  role: 'chair' | 'secretary';
  person: PersonRef;
  /** ISO timestamp. */
  signedAt: string;
}
interface ConflictJson {
  person: PersonRef;
  note: string | null;
}
interface AddendumJson {
  id: number;
  heading: string;
  text: string;
}
interface AttachmentJson {
  label: string;
  file: { id: number; name: string; fileName: string; mimeType: string; size: number };
}

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
  options: {
    bodyId?: number;
    limit: number;
    offset: number;
    order?: 'asc' | 'desc';
    /** Only meetings starting at or after this time (upcoming meetings). */
    from?: Date;
    /** Only meetings whose minutes are published (signed and published), newest minutes first. */
    minutesPublished?: boolean;
  },
): Promise<{ total: number; entries: MeetingListEntry[] }> {
  const where: SQL | undefined = and(
    options.bodyId != null ? eq(meetings.bodyId, options.bodyId) : undefined,
    options.from ? gte(meetings.startAt, options.from) : undefined,
    options.minutesPublished ? minutesPublicSql() : undefined,
  );
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
    .orderBy(
      ...(options.minutesPublished ? [desc(meetings.minutesDate)] : []),
      options.order === 'asc' ? asc(meetings.startAt) : desc(meetings.startAt),
      asc(meetings.id),
    )
    .limit(options.limit)
    .offset(options.offset);
  return { total: Number(totalRow?.n ?? 0), entries: rows };
}

/**
 * The whole meeting: header, attendance, agenda with minutes, votes, addenda, attachments,
 * rapporteurs and signatures. `undefined` when there is no such meeting.
 */
export async function loadMeeting(
  db: Executor,
  meetingId: number,
  visibility: Visibility,
): Promise<MeetingRecord | undefined> {
  return (await loadMeetings(db, [meetingId], visibility)).get(meetingId);
}

/** Meetings by id, each as `loadMeeting` reads it; unknown ids are left out. Three statements for all. */
export async function loadMeetings(
  db: Executor,
  meetingIds: readonly number[],
  visibility: Visibility,
): Promise<Map<number, MeetingRecord>> {
  const result = new Map<number, MeetingRecord>();
  const ids = [...new Set(meetingIds)];
  if (ids.length === 0) return result;
  const heads = await readHeads(db, ids);
  if (heads.length === 0) return result;
  const found = heads.map((h) => h.meeting.id);
  const [attendanceRows, itemRows] = await Promise.all([readAttendance(db, found), readItems(db, found, visibility)]);
  const attendanceByMeeting = groupByMeeting(attendanceRows, (a) => a.meetingId);
  const itemsByMeeting = groupByMeeting(itemRows, (r) => r.item.meetingId);
  for (const head of heads) {
    const id = head.meeting.id;
    result.set(id, assemble(head, attendanceByMeeting.get(id) ?? [], itemsByMeeting.get(id) ?? [], visibility));
  }
  return result;
}

function groupByMeeting<T>(rows: T[], key: (row: T) => number): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const row of rows) {
    const list = map.get(key(row));
    if (list) list.push(row);
    else map.set(key(row), [row]);
  }
  return map;
}

/** The header: body, committee and its council, location, room, contact, rapporteurs and signatures as JSON. */
function readHeads(db: Executor, ids: number[]) {
  const contact = alias(persons, 'contact');
  const parent = alias(organizations, 'parent');
  return db
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
      rapporteurs: sql<RapporteurJson[]>`(select coalesce(json_agg(json_build_object('person', ${personJson('rp')},
          'toOrganization', json_build_object('id', ro.id, 'name', ro.name), 'factionId', r.faction_id,
          'agendaItemId', r.agenda_item_id) order by ${personOrderOf('rp')}), '[]'::json)
        from rapporteurs r join persons rp on rp.id = r.person_id join organizations ro on ro.id = r.to_organization_id
        where r.meeting_id = ${meetings.id})`,
      signatures: sql<
        SignatureJson[]
      >`(select coalesce(json_agg(json_build_object('role', g.role, 'person', ${personJson('gp')},
          'signedAt', g.signed_at) order by g.position), '[]'::json)
        from minutes_signatures g join persons gp on gp.id = g.person_id where g.meeting_id = ${meetings.id})`,
      /** Days of the corrections of signed minutes (versions 2, 3, …; migration 0017), oldest first. */
      corrections: sql<string[]>`(select coalesce(json_agg(mv.created_at order by mv.number), '[]'::json)
        from minutes_versions mv where mv.meeting_id = ${meetings.id} and mv.number > 1)`,
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
    .where(ids.length === 1 ? eq(meetings.id, ids[0] as number) : inArray(meetings.id, ids))
    .orderBy(asc(meetings.id));
}

/** An attendance entry as the reader returns it (one JSON value per row: rows are many, mapping them is not free). */
interface AttendanceEntryJson {
  person: PersonRef;
  role: (typeof attendance.$inferSelect)['role'];
  status: (typeof attendance.$inferSelect)['status'];
  votingRight: boolean;
  function: string | null;
  /** "HH:MM:SS" */
  arrivedAt: string | null;
  leftAt: string | null;
  substituteFor: PersonRef | null;
}

function readAttendance(db: Executor, ids: number[]) {
  const substitute = alias(persons, 'substitute_for');
  return db
    .select({
      meetingId: attendance.meetingId,
      entry: sql<AttendanceEntryJson>`json_build_object('person', ${personJson('persons')},
        'role', ${attendance.role}, 'status', ${attendance.status}, 'votingRight', ${attendance.votingRight},
        'function', ${attendance.function}, 'arrivedAt', ${attendance.arrivedAt}, 'leftAt', ${attendance.leftAt},
        'substituteFor', case when ${substitute.id} is not null then ${personJson('substitute_for')} end)`,
    })
    .from(attendance)
    .innerJoin(persons, eq(persons.id, attendance.personId))
    .leftJoin(substitute, eq(substitute.id, attendance.substituteForPersonId))
    .where(ids.length === 1 ? eq(attendance.meetingId, ids[0] as number) : inArray(attendance.meetingId, ids))
    .orderBy(asc(attendance.meetingId), asc(attendance.position));
}

/** The columns of an agenda item the record is built from. */
interface ItemJson {
  id: number;
  meetingId: number;
  parentId: number | null;
  number: string;
  position: number;
  public: boolean;
  title: string;
  subtitle: string | null;
  supplement: boolean;
  minutesText: string | null;
  resolutionKind: (typeof agendaItems.$inferSelect)['resolutionKind'];
  resolutionText: string | null;
}

interface PaperRefJson {
  id: number;
  reference: string;
  title: string;
  paperType: (typeof papers.$inferSelect)['paperType'];
  public: boolean;
}

/**
 * One statement for the agendas with everything per item (votes with faction results and ballots,
 * conflicts, addenda, attachments) as JSON. The nested content is selected only for items the reader
 * may read: a non-public item's content never leaves the database for a public reader. A faction's
 * organisation is looked up per result (a lateral subquery): joined, PostgreSQL builds a hash of all
 * organisations for every vote.
 */
function readItems(db: Executor, ids: number[], visibility: Visibility) {
  const readableSql = itemContentReadable(visibility);
  return db
    .select({
      item: sql<ItemJson>`json_build_object('id', ${agendaItems.id}, 'meetingId', ${agendaItems.meetingId},
        'parentId', ${agendaItems.parentId}, 'number', ${agendaItems.number}, 'position', ${agendaItems.position},
        'public', ${agendaItems.public}, 'title', ${agendaItems.title}, 'subtitle', ${agendaItems.subtitle},
        'supplement', ${agendaItems.supplement}, 'minutesText', ${agendaItems.minutesText},
        'resolutionKind', ${agendaItems.resolutionKind}, 'resolutionText', ${agendaItems.resolutionText})`,
      paper: sql<PaperRefJson | null>`case when ${papers.id} is not null then json_build_object('id', ${papers.id},
        'reference', ${papers.reference}, 'title', ${papers.title}, 'paperType', ${papers.paperType},
        'public', ${papers.public}) end`,
      votes: sql<VoteJson[]>`(select coalesce(json_agg(json_build_object(
          'id', v.id, 'method', v.method, 'subject', v.subject, 'yes', v.yes, 'no', v.no, 'abstain', v.abstain,
          'unanimous', v.unanimous, 'outcome', v.outcome,
          'byFaction', (select coalesce(json_agg(json_build_object(
              'faction', json_build_object('id', o.id, 'name', o.name, 'shortName', o.short_name),
              'yes', f.yes, 'no', f.no, 'abstain', f.abstain) order by ${germanSortKey(sql`o.name`)}, o.name collate "C", o.id), '[]'::json)
            from vote_faction_results f
              cross join lateral (select o.id, o.name, o.short_name from organizations o where o.id = f.faction_id limit 1) o
            where f.vote_id = v.id),
          'ballots', (select coalesce(json_agg(json_build_object('person', ${personJson('bp')}, 'choice', b.choice)
              order by ${personOrderOf('bp')}), '[]'::json)
            from vote_ballots b join persons bp on bp.id = b.person_id where b.vote_id = v.id)
        ) order by v.position), '[]'::json)
        from votes v where v.agenda_item_id = ${agendaItems.id} and ${readableSql})`,
      conflicts: sql<
        ConflictJson[]
      >`(select coalesce(json_agg(json_build_object('person', ${personJson('cp')}, 'note', c.note)
          order by ${personOrderOf('cp')}), '[]'::json)
        from conflicts c join persons cp on cp.id = c.person_id where c.agenda_item_id = ${agendaItems.id} and ${readableSql})`,
      addenda: sql<
        AddendumJson[]
      >`(select coalesce(json_agg(json_build_object('id', a.id, 'heading', a.heading, 'text', a.text)
          order by a.position), '[]'::json)
        from addenda a where a.agenda_item_id = ${agendaItems.id} and ${readableSql})`,
      attachments: sql<AttachmentJson[]>`(select coalesce(json_agg(json_build_object('label', t.label,
          'file', json_build_object('id', fl.id, 'name', fl.name, 'fileName', fl.file_name, 'mimeType', fl.mime_type, 'size', fl.size))
          order by t.position), '[]'::json)
        from agenda_item_attachments t join files fl on fl.id = t.file_id
        where t.agenda_item_id = ${agendaItems.id} and ${readableSql})`,
    })
    .from(agendaItems)
    .leftJoin(papers, eq(papers.id, agendaItems.paperId))
    .where(ids.length === 1 ? eq(agendaItems.meetingId, ids[0] as number) : inArray(agendaItems.meetingId, ids))
    .orderBy(asc(agendaItems.meetingId), asc(agendaItems.position));
}

type HeadRow = Awaited<ReturnType<typeof readHeads>>[number];
type AttendanceRow = Awaited<ReturnType<typeof readAttendance>>[number];
type ItemRow = Awaited<ReturnType<typeof readItems>>[number];

/** One meeting's record from its rows (attendance and items in their order). */
function assemble(head: HeadRow, attendanceRows: AttendanceRow[], itemRows: ItemRow[], visibility: Visibility) {
  const settings = bodySettings(head.body.settings);
  const parentOrganization = head.parent?.id != null ? head.parent : null;

  const mayRead = (item: ItemJson) => item.public || visibility !== 'public';
  const readable = new Set(itemRows.filter((r) => mayRead(r.item)).map((r) => r.item.id));

  const items = itemRows.flatMap(({ item, paper, ...nested }) => {
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
        votes: nested.votes,
        conflicts: nested.conflicts,
        addenda: nested.addenda,
        attachments: nested.attachments,
        redacted: false,
      },
    ];
  });

  const { meeting } = head;
  return {
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
    /** When the signed minutes were published (null: not published; see `minutesArePublished`). */
    minutesPublishedAt: meeting.minutesPublishedAt,
    /** When the signed minutes were corrected (ISO timestamps of versions 2, 3, …). */
    minutesCorrections: head.corrections,
    publicPartClosingNote: meeting.publicPartClosingNote,
    version: meeting.version,
    modifiedAt: meeting.modifiedAt,
    body: { id: head.body.id, slug: head.body.slug, name: head.body.name, seat: head.body.seat, settings },
    organization: { ...head.organization, parent: parentOrganization },
    location: head.location,
    room: head.room,
    contact: head.contact,
    attendance: attendanceRows.map((a) => a.entry),
    items,
    /** Whether the meeting has a non-public part at all (published minutes show it as "[...]"). */
    hasNonPublicPart: itemRows.some((r) => !r.item.public),
    rapporteurs: head.rapporteurs.filter((r) => r.agendaItemId == null || readable.has(r.agendaItemId)),
    signatures: head.signatures,
  };
}

export type MeetingRecord = ReturnType<typeof assemble>;
export type AgendaItemRecord = MeetingRecord['items'][number];
