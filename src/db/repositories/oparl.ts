/**
 * Reads for the OParl API (src/oparl): every object type as a "source" (one SQL select with the
 * visibility rule, the creation time and the effective modification time), read in pages by keyset
 * (id order), by id, or by parent ids (for embedding). Visibility is applied HERE, in SQL, with the
 * conditions of oparl-visibility.ts: a column of a non-public object is never selected.
 *
 * Effective `modified` (OParl: a parent's `modified` moves when an embedded child changes): the latest
 * of the row's own `modified_at` and that of everything its output is built from (a meeting: its
 * organisation, place, agenda items and their votes, conflicts, addenda, attachments and consultations,
 * its attendance). Deletions of children bump the parent row (triggers, migration 0005), so they count
 * too. Times are whole seconds since the epoch (the API prints whole seconds, and filters compare them).
 */
import { createHash } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Executor } from '../open.ts';
import { membershipEnd, membershipStart } from './memberships.ts';
import {
  agendaItemPublic,
  consultationPublic,
  MINUTES_PUBLISHED_STATE,
  membershipPublic,
  minutesPublished,
  paperPublic,
  personPublic,
  storedFilePublic,
} from './oparl-visibility.ts';

/** Whole seconds since the epoch of a timestamp expression (a JSON/JS number on both drivers). */
const epoch = (x: SQL) => sql`extract(epoch from date_trunc('second', ${x}))::float8`;
/** An ISO calendar date ("2021-02-18") of a date expression, as text on both drivers. */
const isoDate = (x: SQL) => sql`to_char(${x}, 'YYYY-MM-DD')`;

const dialect = new PgDialect();
const statementNames = new Map<string, string>();

interface PgClient {
  query(config: string | { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
  release(): void;
}
interface PgPool {
  connect(): Promise<PgClient>;
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
  on(event: 'error', listener: (error: Error) => void): unknown;
  options: Record<string, unknown>;
}

function isPgPool(client: unknown): client is PgPool {
  return typeof client === 'object' && client !== null && 'totalCount' in client && 'connect' in client;
}

/**
 * The API's own connections, per pool of the application: read-only sessions without JIT compilation
 * and without parallel workers, with generic plans (`-c` options at connect), so that a statement is one
 * round trip (no transaction around it to set them). A page reads a few hundred rows by index: starting
 * a parallel worker (which plans priced like the whole table ask for) costs more than the read, and
 * PostgreSQL would plan most statements anew on every execution (their custom plans look cheaper than
 * the generic one), which cost a tenth of the database's time in a crawl. The generic plans of every
 * statement were checked with EXPLAIN ANALYZE at scale 1: index scans throughout. They close when idle and never keep the process alive; a connection the server drops (a
 * database dropped by a test, a restart) is replaced.
 */
const readers = new WeakMap<PgPool, PgPool>();

function readerOf(pool: PgPool): PgPool {
  let reader = readers.get(pool);
  if (!reader) {
    const Pool = pool.constructor as new (options: Record<string, unknown>) => PgPool;
    const { options: sessionOptions, max, ...connection } = pool.options;
    reader = new Pool({
      ...connection,
      max: Math.min(Number(max ?? 10), 8),
      options:
        `${sessionOptions ?? ''} -c jit=off -c max_parallel_workers_per_gather=0 -c plan_cache_mode=force_generic_plan -c default_transaction_read_only=on`.trim(),
      idleTimeoutMillis: 5_000,
      allowExitOnIdle: true,
    });
    reader.on('error', () => {});
    readers.set(pool, reader);
  }
  return reader;
}

/**
 * Runs a read. On PostgreSQL as a named prepared statement (one per distinct text: the API's queries are
 * few and complex, and planning them costs more than running them for a page) on the API's read-only
 * connections without JIT compilation (the planner's estimate for a page is that of the whole table,
 * so PostgreSQL would spend a quarter of a second compiling what runs in milliseconds). On PGlite
 * through drizzle.
 */
async function query<T>(db: Executor, statement: SQL): Promise<T[]> {
  const pool = (db as unknown as { $client?: unknown }).$client;
  if (isPgPool(pool)) {
    const { sql: text, params } = dialect.sqlToQuery(statement);
    let name = statementNames.get(text);
    if (!name) {
      name = `oparl_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
      statementNames.set(text, name);
    }
    const { rows } = await readerOf(pool).query({ name, text, values: params });
    return rows as T[];
  }
  const result = (await db.execute(statement)) as unknown as { rows: T[] };
  return result.rows;
}

// ---------------------------------------------------------------------------------------------------
// Sources
// ---------------------------------------------------------------------------------------------------

/** One object type's select: FROM with joins, key, visibility, times and the output columns. */
interface Source {
  from: SQL;
  id: SQL;
  visible: SQL;
  created: SQL;
  modified: SQL;
  columns: SQL;
  /**
   * The ids whose effective `modified` may be at or after a time (a timestamptz expression): a UNION ALL
   * of index range scans (migration 0020) over the row and every part `modified` takes the latest of.
   * Must hold every such id (more is harmless: `modified` is still compared). Lists with
   * `modified_since` read only these when they are few (see `changedIdsRead`).
   */
  changedSince?: (since: SQL) => SQL;
}

/** Changed meetings: their row, organisation, place, room and children (as `meetingModified`). */
const meetingsChangedSince = (x: SQL) => sql`select id from meetings where modified_at >= ${x}
  union all select meeting_id from oparl_meeting_children_modified where modified_at >= ${x}
  union all select m.id from organizations o join meetings m on m.organization_id = o.id where o.modified_at >= ${x}
  union all select m.id from locations l join meetings m on m.location_id = l.id where l.modified_at >= ${x}
  union all select m.id from rooms r join meetings m on m.room_id = r.id where r.modified_at >= ${x}`;

/** Changed agenda items: their row, children, meeting and its organisation (as `agendaItemModified`). */
const agendaItemsChangedSince = (x: SQL) => sql`select id from agenda_items where modified_at >= ${x}
  union all select agenda_item_id from oparl_item_children_modified where modified_at >= ${x}
  union all select a.id from meetings m join agenda_items a on a.meeting_id = m.id where m.modified_at >= ${x}
  union all select a.id from organizations o join meetings m on m.organization_id = o.id
    join agenda_items a on a.meeting_id = m.id where o.modified_at >= ${x}`;

/**
 * The latest modification of an agenda item and what its output is built from (meeting row excluded):
 * its own row and its children (votes, conflicts, addenda, attached files, consultations at it), the
 * latter kept by the triggers of migration 0011 in `oparl_item_children_modified` (one lookup by key).
 */
function itemOwnModified(item: string): SQL {
  const a = sql.raw(item);
  return sql`greatest(${a}.modified_at,
    (select ic.modified_at from oparl_item_children_modified ic where ic.agenda_item_id = ${a}.id))`;
}

/**
 * The effective modification of a meeting (row `meetings`, with `organizations`, `locations`, `rooms`
 * joined), full precision: the meeting's row, organisation, place and room, and the latest change of its
 * children (agenda items and their children, attendance), kept by the triggers of migration 0011 in
 * `oparl_meeting_children_modified` (one lookup by key instead of subqueries over all children).
 */
const meetingModified = sql`greatest(meetings.modified_at, organizations.modified_at, locations.modified_at, rooms.modified_at,
  (select mc.modified_at from oparl_meeting_children_modified mc where mc.meeting_id = meetings.id))`;

/** A timestamp at full precision as text (UTC), to be compared again later (`exactTime`). */
const exactStamp = (x: SQL) => sql`to_char(${x} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`;

/**
 * The stored text of the meeting's public minutes (migration 0011), when the minutes are published and
 * the text was rendered at the meeting's present modification time; null otherwise (then rendered).
 */
const storedMinutesText = sql`case when ${minutesPublished} then (select mt.text from oparl_minutes_texts mt
  where mt.meeting_id = meetings.id and mt.modified_at = ${meetingModified}) end`;

/** The effective modification of an agenda item (row `agenda_items` with `meetings`, `organizations`). */
const agendaItemModified = sql`greatest(${itemOwnModified('agenda_items')}, meetings.modified_at, organizations.modified_at)`;

const bodySource: Source = {
  from: sql`bodies`,
  id: sql`bodies.id`,
  visible: sql`true`,
  created: sql`bodies.created_at`,
  modified: sql`greatest(bodies.modified_at, (select max(t.modified_at) from legislative_terms t where t.body_id = bodies.id))`,
  columns: sql`bodies.slug as "slug", bodies.name as "name", bodies.short_name as "shortName",
    bodies.website as "website", bodies.jurisdiction as "jurisdiction"`,
};

const legislativeTermSource: Source = {
  from: sql`legislative_terms`,
  id: sql`legislative_terms.id`,
  visible: sql`true`,
  created: sql`legislative_terms.created_at`,
  modified: sql`legislative_terms.modified_at`,
  columns: sql`legislative_terms.body_id as "bodyId", legislative_terms.name as "name",
    ${isoDate(sql`legislative_terms.start_date`)} as "startDate", ${isoDate(sql`legislative_terms.end_date`)} as "endDate"`,
};

const organizationSource: Source = {
  from: sql`organizations join bodies on bodies.id = organizations.body_id`,
  id: sql`organizations.id`,
  visible: sql`true`,
  created: sql`organizations.created_at`,
  modified: sql`greatest(organizations.modified_at,
    (select max(om.modified_at) from memberships om where om.organization_id = organizations.id))`,
  columns: sql`organizations.body_id as "bodyId", bodies.slug as "bodySlug", organizations.kind as "kind",
    organizations.name as "name", organizations.short_name as "shortName", organizations.parent_id as "parentId",
    organizations.committee_class as "committeeClass", organizations.statutory_members as "statutoryMembers",
    organizations.office_number as "officeNumber",
    ${isoDate(sql`organizations.start_date`)} as "startDate", ${isoDate(sql`organizations.end_date`)} as "endDate",
    organizations.website as "website",
    (select coalesce(json_agg(memberships.id order by memberships.id), '[]'::json)
      from memberships join persons on persons.id = memberships.person_id
      where memberships.organization_id = organizations.id and ${membershipPublic}) as "membershipIds"`,
};

const personSource: Source = {
  from: sql`persons join bodies on bodies.id = persons.body_id`,
  id: sql`persons.id`,
  visible: personPublic(sql`persons.id`),
  created: sql`persons.created_at`,
  modified: sql`greatest(persons.modified_at,
    (select max(greatest(pm.modified_at, pt.modified_at, po.modified_at)) from memberships pm
      join organizations po on po.id = pm.organization_id
      left join legislative_terms pt on pt.id = pm.term_id where pm.person_id = persons.id))`,
  // Contact data (email, phone, fax) is never selected.
  columns: sql`persons.body_id as "bodyId", bodies.slug as "bodySlug", persons.form_of_address as "formOfAddress",
    persons.title as "title", persons.given_name as "givenName", persons.family_name as "familyName",
    persons.office_title as "officeTitle"`,
};

const membershipSource: Source = {
  from: sql`memberships join organizations on organizations.id = memberships.organization_id
    join persons on persons.id = memberships.person_id
    left join legislative_terms on legislative_terms.id = memberships.term_id`,
  id: sql`memberships.id`,
  visible: membershipPublic,
  created: sql`memberships.created_at`,
  // Its dates may come from the term, its visibility from the organisation.
  modified: sql`greatest(memberships.modified_at, legislative_terms.modified_at, organizations.modified_at)`,
  columns: sql`organizations.body_id as "bodyId", memberships.person_id as "personId",
    memberships.organization_id as "organizationId", memberships.term_id as "termId", memberships.role as "role",
    memberships.role_label as "roleLabel", memberships.voting_right as "votingRight",
    memberships.appointed_citizen as "appointedCitizen", memberships.on_behalf_of_id as "onBehalfOfId",
    case when memberships.deputy_of_person_id is not null and ${personPublic(sql`memberships.deputy_of_person_id`)}
      then memberships.deputy_of_person_id end as "deputyOfPersonId",
    ${isoDate(membershipStart)} as "startDate", ${isoDate(membershipEnd)} as "endDate"`,
};

/**
 * The meeting (row `meetings`) has a published supplement: invited, with a public item added by it.
 * Scalar subqueries instead of EXISTS here and below: evaluated per row of a page, never planned as a
 * hash over the whole table.
 */
const hasPublicSupplement = sql`(meetings.state <> 'planned' and coalesce((select true from agenda_items sa
  where sa.meeting_id = meetings.id and sa.supplement and sa.public limit 1), false))`;

/** The item (row `agenda_items` of `meetings`) has a resolution extract: minutes published, a resolution or a vote. */
const hasExtract = sql`(${minutesPublished} and (agenda_items.resolution_text is not null
  or coalesce((select true from votes ev where ev.agenda_item_id = agenda_items.id limit 1), false)))`;

/** The stored public minutes' text (or null) and the meeting's exact modification time (for storing one). */
const minutesTextColumns = sql`${storedMinutesText} as "storedMinutesText", ${exactStamp(meetingModified)} as "modifiedStamp"`;

const meetingSource: Source = {
  from: sql`meetings join bodies on bodies.id = meetings.body_id
    join organizations on organizations.id = meetings.organization_id
    left join locations on locations.id = meetings.location_id
    left join rooms on rooms.id = meetings.room_id`,
  id: sql`meetings.id`,
  visible: sql`true`,
  created: sql`meetings.created_at`,
  modified: meetingModified,
  changedSince: meetingsChangedSince,
  columns: sql`meetings.body_id as "bodyId", bodies.slug as "bodySlug", meetings.organization_id as "organizationId",
    organizations.name as "organizationName", organizations.name_genitive as "organizationNameGenitive",
    meetings.state as "state", meetings.cancelled as "cancelled",
    ${epoch(sql`meetings.start_at`)} as "startAt", ${epoch(sql`meetings.end_at`)} as "endAt",
    meetings.location_id as "locationId", meetings.room_id as "roomId",
    ${isoDate(sql`meetings.invitation_sent_on`)} as "invitationSentOn",
    ${isoDate(sql`meetings.supplement_sent_on`)} as "supplementSentOn",
    ${isoDate(sql`meetings.minutes_date`)} as "minutesDate",
    ${hasPublicSupplement} as "hasSupplement", ${minutesPublished} as "minutesPublished", ${minutesTextColumns}`,
};

/** Minutes content of an item, only once the minutes are published (null before). */
const whenSigned = (x: SQL) => sql`case when ${minutesPublished} then ${x} end`;

const agendaItemSource: Source = {
  from: sql`agenda_items join meetings on meetings.id = agenda_items.meeting_id
    join bodies on bodies.id = meetings.body_id
    join organizations on organizations.id = meetings.organization_id`,
  id: sql`agenda_items.id`,
  visible: agendaItemPublic,
  created: sql`agenda_items.created_at`,
  modified: agendaItemModified,
  changedSince: agendaItemsChangedSince,
  columns: sql`meetings.body_id as "bodyId", bodies.slug as "bodySlug", agenda_items.meeting_id as "meetingId",
    meetings.state as "meetingState", ${epoch(sql`meetings.start_at`)} as "meetingStartAt",
    organizations.name as "organizationName",
    ${isoDate(sql`meetings.minutes_date`)} as "minutesDate",
    (select pa.id from agenda_items pa where pa.id = agenda_items.parent_id and pa.public) as "parentId",
    agenda_items.number as "number",
    (select count(*) from agenda_items oa where oa.meeting_id = agenda_items.meeting_id and oa.public
      and oa.position < agenda_items.position)::int as "order",
    agenda_items.title as "title", agenda_items.subtitle as "subtitle", agenda_items.supplement as "supplement",
    (select ca.id from consultations ca join papers on papers.id = ca.paper_id
      where ca.agenda_item_id = agenda_items.id and ${paperPublic}
      order by (ca.paper_id = agenda_items.paper_id) desc nulls last, ca.id limit 1) as "consultationId",
    ${whenSigned(sql`agenda_items.minutes_text`)} as "minutesText",
    ${whenSigned(sql`agenda_items.resolution_kind`)} as "resolutionKind",
    ${whenSigned(sql`agenda_items.resolution_text`)} as "resolutionText",
    ${whenSigned(sql`(select coalesce(json_agg(json_build_object('method', v.method, 'subject', v.subject,
        'yes', v.yes, 'no', v.no, 'abstain', v.abstain, 'unanimous', v.unanimous, 'outcome', v.outcome,
        'byFaction', (select coalesce(json_agg(json_build_object('factionId', f.faction_id, 'factionName', fo.name,
            'factionShortName', fo.short_name, 'yes', f.yes, 'no', f.no, 'abstain', f.abstain) order by fo.name, fo.id), '[]'::json)
          from vote_faction_results f cross join lateral (select fo.id, fo.name, fo.short_name from organizations fo
            where fo.id = f.faction_id limit 1) fo where f.vote_id = v.id),
        'ballots', (select coalesce(json_agg(json_build_object('personId', b.person_id, 'choice', b.choice)
            order by b.person_id), '[]'::json)
          from vote_ballots b where b.vote_id = v.id and ${personPublic(sql`b.person_id`)})
      ) order by v.position), '[]'::json) from votes v where v.agenda_item_id = agenda_items.id)`)} as "votes",
    ${whenSigned(sql`(select coalesce(json_agg(json_build_object('personId', cf.person_id, 'note', cf.note)
        order by cf.person_id), '[]'::json)
      from conflicts cf where cf.agenda_item_id = agenda_items.id and ${personPublic(sql`cf.person_id`)})`)} as "conflicts",
    ${whenSigned(sql`(select coalesce(json_agg(json_build_object('heading', ad.heading, 'text', ad.text)
        order by ad.position), '[]'::json) from addenda ad where ad.agenda_item_id = agenda_items.id)`)} as "addenda",
    ${whenSigned(sql`(select coalesce(json_agg(ax.file_id order by ax.position), '[]'::json)
      from agenda_item_attachments ax where ax.agenda_item_id = agenda_items.id)`)} as "attachmentFileIds",
    ${hasExtract} as "hasExtract"`,
};

/** A consultation's output (and visibility) depends on its paper, agenda item and meeting. */
const consultationModified = sql`greatest(consultations.modified_at, papers.modified_at, agenda_items.modified_at, meetings.modified_at)`;

const paperSource: Source = {
  from: sql`papers join bodies on bodies.id = papers.body_id`,
  id: sql`papers.id`,
  visible: paperPublic,
  created: sql`papers.created_at`,
  modified: sql`greatest(papers.modified_at,
    (select max(greatest(consultations.modified_at, agenda_items.modified_at, meetings.modified_at))
      from consultations left join agenda_items on agenda_items.id = consultations.agenda_item_id
      left join meetings on meetings.id = agenda_items.meeting_id where consultations.paper_id = papers.id),
    (select max(pff.modified_at) from paper_files ppf join files pff on pff.id = ppf.file_id where ppf.paper_id = papers.id))`,
  changedSince: (x) => sql`select id from papers where modified_at >= ${x}
    union all select paper_id from consultations where modified_at >= ${x}
    union all select c.paper_id from agenda_items a join consultations c on c.agenda_item_id = a.id where a.modified_at >= ${x}
    union all select c.paper_id from meetings m join agenda_items a on a.meeting_id = m.id
      join consultations c on c.agenda_item_id = a.id where m.modified_at >= ${x}
    union all select pf.paper_id from files f join paper_files pf on pf.file_id = f.id where f.modified_at >= ${x}`,
  columns: sql`papers.body_id as "bodyId", bodies.slug as "bodySlug", papers.reference as "reference",
    papers.paper_type as "paperType", papers.title as "title", papers.text as "text",
    ${isoDate(sql`papers.date`)} as "date", papers.office_id as "officeId", papers.originator_id as "originatorId",
    (select coalesce(json_agg(ppf.file_id order by ppf.position), '[]'::json)
      from paper_files ppf where ppf.paper_id = papers.id) as "fileIds"`,
};

const consultationSource: Source = {
  from: sql`consultations join papers on papers.id = consultations.paper_id
    join bodies on bodies.id = papers.body_id
    left join agenda_items on agenda_items.id = consultations.agenda_item_id
    left join meetings on meetings.id = agenda_items.meeting_id`,
  id: sql`consultations.id`,
  visible: consultationPublic,
  created: sql`consultations.created_at`,
  modified: consultationModified,
  changedSince: (x) => sql`select id from consultations where modified_at >= ${x}
    union all select c.id from papers p join consultations c on c.paper_id = p.id where p.modified_at >= ${x}
    union all select c.id from agenda_items a join consultations c on c.agenda_item_id = a.id where a.modified_at >= ${x}
    union all select c.id from meetings m join agenda_items a on a.meeting_id = m.id
      join consultations c on c.agenda_item_id = a.id where m.modified_at >= ${x}`,
  columns: sql`papers.body_id as "bodyId", bodies.slug as "bodySlug", consultations.paper_id as "paperId",
    consultations.organization_id as "organizationId", consultations.role as "role", consultations.status as "status",
    case when agenda_items.id is not null and ${agendaItemPublic} then agenda_items.id end as "agendaItemId",
    meetings.id as "meetingId"`,
};

const storedFileSource: Source = {
  from: sql`files join bodies on bodies.id = files.body_id`,
  id: sql`files.id`,
  visible: storedFilePublic,
  created: sql`files.created_at`,
  modified: sql`greatest(files.modified_at,
    (select max(lp.modified_at) from paper_files lf join papers lp on lp.id = lf.paper_id where lf.file_id = files.id),
    (select max(greatest(la.modified_at, lm.modified_at)) from agenda_item_attachments lx
      join agenda_items la on la.id = lx.agenda_item_id join meetings lm on lm.id = la.meeting_id where lx.file_id = files.id))`,
  changedSince: (x) => sql`select id from files where modified_at >= ${x}
    union all select pf.file_id from papers p join paper_files pf on pf.paper_id = p.id where p.modified_at >= ${x}
    union all select ax.file_id from agenda_items a join agenda_item_attachments ax on ax.agenda_item_id = a.id
      where a.modified_at >= ${x}
    union all select ax.file_id from meetings m join agenda_items a on a.meeting_id = m.id
      join agenda_item_attachments ax on ax.agenda_item_id = a.id where m.modified_at >= ${x}`,
  columns: sql`files.body_id as "bodyId", bodies.slug as "bodySlug", files.name as "name",
    files.file_name as "fileName", files.mime_type as "mimeType", files.size as "size", files.sha256 as "sha256",
    files.text as "text",
    (select coalesce(json_agg(lf.paper_id order by lf.paper_id), '[]'::json) from paper_files lf
      join papers on papers.id = lf.paper_id where lf.file_id = files.id and ${paperPublic}) as "paperIds",
    (select coalesce(json_agg(lx.agenda_item_id order by lx.agenda_item_id), '[]'::json) from agenda_item_attachments lx
      join agenda_items on agenda_items.id = lx.agenda_item_id join meetings on meetings.id = agenda_items.meeting_id
      where lx.file_id = files.id and ${agendaItemPublic} and ${minutesPublished}) as "agendaItemIds"`,
};

/** Columns of a meeting document (invitation, supplement, minutes): the meeting's, for its file. */
const meetingDocumentColumns = sql`meetings.body_id as "bodyId", bodies.slug as "bodySlug", meetings.id as "meetingId",
  organizations.name as "organizationName", ${epoch(sql`meetings.start_at`)} as "meetingStartAt",
  ${isoDate(sql`meetings.invitation_sent_on`)} as "invitationSentOn",
  ${isoDate(sql`meetings.supplement_sent_on`)} as "supplementSentOn",
  ${isoDate(sql`meetings.minutes_date`)} as "minutesDate"`;

function meetingDocumentSource(visible: SQL): Source {
  return { ...meetingSource, visible, columns: meetingDocumentColumns };
}

const invitationSource = meetingDocumentSource(sql`meetings.state <> 'planned'`);
const supplementSource = meetingDocumentSource(hasPublicSupplement);
const minutesSource: Source = {
  ...meetingDocumentSource(minutesPublished),
  columns: sql`${meetingDocumentColumns}, ${minutesTextColumns}`,
};

const extractSource: Source = {
  ...agendaItemSource,
  visible: sql`(${agendaItemPublic} and ${hasExtract})`,
  columns: sql`meetings.body_id as "bodyId", bodies.slug as "bodySlug", agenda_items.meeting_id as "meetingId",
    agenda_items.number as "number", organizations.name as "organizationName",
    ${epoch(sql`meetings.start_at`)} as "meetingStartAt", ${isoDate(sql`meetings.minutes_date`)} as "minutesDate"`,
};

const locationSource: Source = {
  from: sql`locations`,
  id: sql`locations.id`,
  visible: sql`true`,
  created: sql`locations.created_at`,
  modified: sql`locations.modified_at`,
  columns: sql`locations.body_id as "bodyId", locations.name as "name", locations.street_address as "streetAddress",
    locations.postal_code as "postalCode", locations.locality as "locality", locations.geometry as "geometry",
    null::text as "roomName", null::text as "roomDescription"`,
};

const roomSource: Source = {
  from: sql`rooms join locations on locations.id = rooms.location_id`,
  id: sql`rooms.id`,
  visible: sql`true`,
  created: sql`rooms.created_at`,
  modified: sql`greatest(rooms.modified_at, locations.modified_at)`,
  columns: sql`locations.body_id as "bodyId", locations.name as "name", locations.street_address as "streetAddress",
    locations.postal_code as "postalCode", locations.locality as "locality", locations.geometry as "geometry",
    rooms.name as "roomName", rooms.description as "roomDescription"`,
};

// ---------------------------------------------------------------------------------------------------
// Rows
// ---------------------------------------------------------------------------------------------------

/** What every row has: the id and the times (whole seconds since the epoch). */
export interface RowBase {
  id: number;
  created: number;
  modified: number;
}

export interface BodyRow extends RowBase {
  slug: string;
  name: string;
  shortName: string | null;
  website: string | null;
  jurisdiction: 'nrw-kreis' | 'nrw-gemeinde';
}
export interface LegislativeTermRow extends RowBase {
  bodyId: number;
  name: string;
  startDate: string | null;
  endDate: string | null;
}
export interface OrganizationRow extends RowBase {
  bodyId: number;
  bodySlug: string;
  kind: 'council' | 'committee' | 'faction' | 'office' | 'external';
  name: string;
  shortName: string | null;
  parentId: number | null;
  committeeClass: string | null;
  statutoryMembers: number | null;
  officeNumber: string | null;
  startDate: string | null;
  endDate: string | null;
  website: string | null;
  membershipIds: number[];
}
export interface PersonRow extends RowBase {
  bodyId: number;
  bodySlug: string;
  formOfAddress: string | null;
  title: string | null;
  givenName: string | null;
  familyName: string;
  officeTitle: string | null;
}
export interface MembershipRow extends RowBase {
  bodyId: number;
  personId: number;
  organizationId: number;
  termId: number | null;
  role: 'chair' | 'vice_chair' | 'member' | 'deputy_member' | 'advisory_member' | 'secretary' | 'deputy_secretary';
  roleLabel: string | null;
  votingRight: boolean;
  appointedCitizen: boolean;
  onBehalfOfId: number | null;
  deputyOfPersonId: number | null;
  startDate: string | null;
  endDate: string | null;
}
export type MeetingState = 'planned' | 'invited' | 'held' | 'minutes_drafted' | 'minutes_signed';
export interface AttendanceRow {
  meetingId: number;
  personId: number;
  role: string;
  status: 'present' | 'excused' | 'absent';
  votingRight: boolean;
  substituteForPersonId: number | null;
  arrivedAt: string | null;
  leftAt: string | null;
}
export interface MeetingRow extends RowBase {
  bodyId: number;
  bodySlug: string;
  organizationId: number;
  organizationName: string;
  organizationNameGenitive: string | null;
  state: MeetingState;
  cancelled: boolean;
  startAt: number;
  endAt: number | null;
  locationId: number | null;
  roomId: number | null;
  invitationSentOn: string | null;
  supplementSentOn: string | null;
  minutesDate: string | null;
  hasSupplement: boolean;
  /** The minutes are public: signed and published (`minutesPublicSql`). */
  minutesPublished: boolean;
  /** The stored text of the public minutes, when valid (published minutes only). */
  storedMinutesText: string | null;
  /** The effective modification time at full precision (UTC), to store a rendered text under. */
  modifiedStamp: string;
}
export interface VoteJson {
  method: 'open' | 'roll_call' | 'secret';
  subject: string | null;
  yes: number | null;
  no: number | null;
  abstain: number | null;
  unanimous: boolean;
  outcome: 'accepted' | 'rejected' | 'noted';
  byFaction: {
    factionId: number;
    factionName: string;
    factionShortName: string | null;
    yes: number;
    no: number;
    abstain: number;
  }[];
  ballots: { personId: number; choice: 'yes' | 'no' | 'abstain' }[];
}
export interface AgendaItemRow extends RowBase {
  bodyId: number;
  bodySlug: string;
  meetingId: number;
  meetingState: MeetingState;
  meetingStartAt: number;
  organizationName: string;
  minutesDate: string | null;
  parentId: number | null;
  number: string;
  order: number;
  title: string;
  subtitle: string | null;
  supplement: boolean;
  consultationId: number | null;
  minutesText: string | null;
  resolutionKind: 'decision' | 'recommendation' | 'notice' | null;
  resolutionText: string | null;
  votes: VoteJson[] | null;
  conflicts: { personId: number; note: string | null }[] | null;
  addenda: { heading: string; text: string }[] | null;
  attachmentFileIds: number[] | null;
  hasExtract: boolean;
}
export interface PaperRow extends RowBase {
  bodyId: number;
  bodySlug: string;
  reference: string;
  paperType: string;
  title: string;
  text: string | null;
  date: string | null;
  officeId: number;
  originatorId: number | null;
  fileIds: number[];
}
export interface ConsultationRow extends RowBase {
  bodyId: number;
  bodySlug: string;
  paperId: number;
  organizationId: number;
  role: 'preliminary' | 'decision' | 'notice';
  status: string;
  agendaItemId: number | null;
  meetingId: number | null;
}
export interface StoredFileRow extends RowBase {
  bodyId: number;
  bodySlug: string;
  name: string;
  fileName: string;
  mimeType: string;
  size: number;
  sha256: string;
  text: string | null;
  paperIds: number[];
  agendaItemIds: number[];
}
export interface MeetingDocumentRow extends RowBase {
  bodyId: number;
  bodySlug: string;
  meetingId: number;
  organizationName: string;
  meetingStartAt: number;
  invitationSentOn: string | null;
  supplementSentOn: string | null;
  minutesDate: string | null;
  /** Minutes only (see MeetingRow). */
  storedMinutesText?: string | null;
  modifiedStamp?: string;
}
export interface ExtractRow extends RowBase {
  bodyId: number;
  bodySlug: string;
  meetingId: number;
  number: string;
  organizationName: string;
  meetingStartAt: number;
  minutesDate: string | null;
}
export interface LocationRow extends RowBase {
  bodyId: number;
  name: string;
  streetAddress: string | null;
  postalCode: string | null;
  locality: string | null;
  geometry: unknown;
  roomName: string | null;
  roomDescription: string | null;
}

// ---------------------------------------------------------------------------------------------------
// Streams: keyset reads of one source
// ---------------------------------------------------------------------------------------------------

/** Filters of an external list, as whole seconds since the epoch. */
export interface TimeFilter {
  createdSince?: number | undefined;
  createdUntil?: number | undefined;
  modifiedSince?: number | undefined;
  modifiedUntil?: number | undefined;
}

export interface StreamQuery {
  /** Ascending: ids greater than this. */
  after?: number | undefined;
  /** Descending: ids up to and including this. */
  atOrBefore?: number | undefined;
  direction: 'asc' | 'desc';
  limit: number;
  /** What to read: everything, id and times (tombstones), or the id only (cursors of other pages). */
  select: 'full' | 'times' | 'id';
  filter: TimeFilter;
}

/** A keyset read of one kind of row, in id order. */
export type Stream<R extends RowBase = RowBase> = (db: Executor, q: StreamQuery) => Promise<R[]>;

function filterSql(f: TimeFilter): SQL {
  const parts: SQL[] = [sql`true`];
  if (f.createdSince != null) parts.push(sql`s.created >= ${f.createdSince}`);
  if (f.createdUntil != null) parts.push(sql`s.created <= ${f.createdUntil}`);
  if (f.modifiedSince != null) parts.push(sql`s.modified >= ${f.modifiedSince}`);
  if (f.modifiedUntil != null) parts.push(sql`s.modified <= ${f.modifiedUntil}`);
  return sql.join(parts, sql` and `);
}

function boundSql(q: StreamQuery): SQL {
  if (q.direction === 'asc') return q.after != null ? sql`s.id > ${q.after}` : sql`true`;
  return q.atOrBefore != null ? sql`s.id <= ${q.atOrBefore}` : sql`true`;
}

function hasFilter(f: TimeFilter): boolean {
  return f.createdSince != null || f.createdUntil != null || f.modifiedSince != null || f.modifiedUntil != null;
}

/**
 * At most this many changed ids are read by id (`Source.changedSince`); more, and the list is read in id
 * order as without the filter (then the changed rows are many, and a page soon full — unless they are all
 * at the end: a large city asked for the changes since 2020, 0.4–0.8 s a page). At scale 1 the count
 * stops at 50,001 within about 45 ms, and fewer ids are read by id in a page's time.
 */
export const changedIdsRead = { atMost: 50000 };

/** The `changedSince` ids of a list's `modified_since`, as an SQL expression, or undefined. */
function changedIds(source: Source, q: StreamQuery): SQL | undefined {
  if (q.filter.modifiedSince == null || !source.changedSince) return undefined;
  return source.changedSince(sql`to_timestamp(${q.filter.modifiedSince})`);
}

/**
 * Whether a `modified_since` read goes by the changed ids: they exist for the source and are few. A
 * capped count (index range scans, stops at the cap).
 */
async function fewChanged(db: Executor, source: Source, q: StreamQuery): Promise<boolean> {
  const ids = changedIds(source, q);
  if (!ids) return false;
  const [row] = await query<{ n: number }>(
    db,
    sql`select count(*)::int as n from (select 1 from (${ids}) c limit ${changedIdsRead.atMost + 1}) x`,
  );
  return Number(row?.n ?? 0) <= changedIdsRead.atMost;
}

function selectSource(
  source: Source,
  scope: SQL,
  mode: 'visible' | 'hidden',
  q: StreamQuery,
  byChangedIds = false,
): SQL {
  const condition = mode === 'visible' ? source.visible : sql`not coalesce(${source.visible}, false)`;
  // Few changed ids: read by them (an index lookup each) instead of every row of the scope.
  const ids = byChangedIds ? changedIds(source, q) : undefined;
  const changed = ids ? sql` and ${source.id} = any(array(${ids}))` : sql``;
  // Hidden rows are tombstones: nothing but the id and the times is ever selected of them.
  const columns = q.select === 'full' && mode === 'visible' ? sql`, ${source.columns}` : sql``;
  // The times cost subqueries: read only when shown or filtered on.
  const times =
    q.select !== 'id' || hasFilter(q.filter)
      ? sql`, ${epoch(source.created)} as created, ${epoch(source.modified)} as modified`
      : sql``;
  const direction = q.direction === 'asc' ? sql`asc` : sql`desc`;
  return sql`select * from (select ${source.id} as id${times}${columns}
    from ${source.from} where ${scope} and ${condition}${changed}) s
    where ${filterSql(q.filter)} and ${boundSql(q)}
    order by s.id ${direction} limit ${q.limit}`;
}

/** The visible rows of a source within a scope. */
function visibleStream<R extends RowBase>(source: Source, scope: SQL): Stream<R> {
  return async (db, q) => query<R>(db, selectSource(source, scope, 'visible', q, await fewChanged(db, source, q)));
}

/** Rows of a source within a scope that exist but are not public now (depublished): tombstones. */
function hiddenStream(source: Source, scope: SQL): Stream {
  return async (db, q) => query<RowBase>(db, selectSource(source, scope, 'hidden', q, await fewChanged(db, source, q)));
}

/** Kinds of deleted objects recorded by the triggers of migration 0005 (`deleted_objects.entity`). */
export type DeletedEntity =
  | 'body'
  | 'legislativeTerm'
  | 'organization'
  | 'person'
  | 'membership'
  | 'meeting'
  | 'agendaItem'
  | 'paper'
  | 'consultation'
  | 'file'
  | 'location'
  | 'room';

/** Deleted objects of one kind (in a body, or of an organisation's meetings). */
function deletedStream(entity: DeletedEntity, scope: { bodyId?: number; organizationId?: number }): Stream {
  const where = [sql`d.entity = ${entity}`];
  if (scope.bodyId != null) where.push(sql`d.body_id = ${scope.bodyId}`);
  if (scope.organizationId != null) where.push(sql`d.organization_id = ${scope.organizationId}`);
  return (db, q) =>
    query<RowBase>(
      db,
      sql`select * from (select d.entity_id as id, ${epoch(sql`d.created_at`)} as created,
          ${epoch(sql`d.deleted_at`)} as modified
        from deleted_objects d where ${sql.join(where, sql` and `)}) s
        where ${filterSql(q.filter)} and ${boundSql(q)}
        order by s.id ${q.direction === 'asc' ? sql`asc` : sql`desc`} limit ${q.limit}`,
    );
}

/** A deleted object of a kind, or undefined. */
export async function loadDeleted(db: Executor, entity: DeletedEntity, id: number): Promise<RowBase | undefined> {
  const [row] = await deletedStream(entity, {})(db, {
    atOrBefore: id,
    direction: 'desc',
    limit: 1,
    select: 'times',
    filter: {},
  });
  return row?.id === id ? row : undefined;
}

// ---------------------------------------------------------------------------------------------------
// Lists: segments of streams
// ---------------------------------------------------------------------------------------------------

/**
 * One part of a list in id order: the visible rows, and the tombstones (hidden and deleted rows) that
 * are listed only when the client asks for changes (`modified_since`).
 */
export interface Segment {
  visible: Stream;
  tombstones: Stream[];
}

/** A list: its segments in order (most lists have one; files and locations have several kinds). */
export type ListDef = Segment[];

const inBody = (column: string, bodyId: number) => sql`${sql.raw(column)} = ${bodyId}`;

/** The external lists of a body (and of an organisation), by the name used in URLs. */
export const lists = {
  body: (): ListDef => [{ visible: visibleStream(bodySource, sql`true`), tombstones: [deletedStream('body', {})] }],
  legislativeTerm: (bodyId: number): ListDef => [
    {
      visible: visibleStream(legislativeTermSource, inBody('legislative_terms.body_id', bodyId)),
      tombstones: [deletedStream('legislativeTerm', { bodyId })],
    },
  ],
  organization: (bodyId: number): ListDef => [
    {
      visible: visibleStream(organizationSource, inBody('organizations.body_id', bodyId)),
      tombstones: [deletedStream('organization', { bodyId })],
    },
  ],
  person: (bodyId: number): ListDef => [
    {
      visible: visibleStream(personSource, inBody('persons.body_id', bodyId)),
      tombstones: [hiddenStream(personSource, inBody('persons.body_id', bodyId)), deletedStream('person', { bodyId })],
    },
  ],
  membership: (bodyId: number): ListDef => [
    {
      visible: visibleStream(membershipSource, inBody('organizations.body_id', bodyId)),
      tombstones: [
        hiddenStream(membershipSource, inBody('organizations.body_id', bodyId)),
        deletedStream('membership', { bodyId }),
      ],
    },
  ],
  meeting: (bodyId: number): ListDef => [
    {
      visible: visibleStream(meetingSource, inBody('meetings.body_id', bodyId)),
      tombstones: [deletedStream('meeting', { bodyId })],
    },
  ],
  organizationMeeting: (organizationId: number): ListDef => [
    {
      visible: visibleStream(meetingSource, inBody('meetings.organization_id', organizationId)),
      tombstones: [deletedStream('meeting', { organizationId })],
    },
  ],
  agendaItem: (bodyId: number): ListDef => [
    {
      visible: visibleStream(agendaItemSource, inBody('meetings.body_id', bodyId)),
      tombstones: [
        hiddenStream(agendaItemSource, inBody('meetings.body_id', bodyId)),
        deletedStream('agendaItem', { bodyId }),
      ],
    },
  ],
  paper: (bodyId: number): ListDef => [
    {
      visible: visibleStream(paperSource, inBody('papers.body_id', bodyId)),
      tombstones: [hiddenStream(paperSource, inBody('papers.body_id', bodyId)), deletedStream('paper', { bodyId })],
    },
  ],
  consultation: (bodyId: number): ListDef => [
    {
      visible: visibleStream(consultationSource, inBody('papers.body_id', bodyId)),
      tombstones: [
        hiddenStream(consultationSource, inBody('papers.body_id', bodyId)),
        deletedStream('consultation', { bodyId }),
      ],
    },
  ],
  file: (bodyId: number): ListDef => [
    {
      visible: visibleStream(storedFileSource, inBody('files.body_id', bodyId)),
      tombstones: [hiddenStream(storedFileSource, inBody('files.body_id', bodyId)), deletedStream('file', { bodyId })],
    },
    { visible: visibleStream(invitationSource, inBody('meetings.body_id', bodyId)), tombstones: [] },
    { visible: visibleStream(supplementSource, inBody('meetings.body_id', bodyId)), tombstones: [] },
    { visible: visibleStream(minutesSource, inBody('meetings.body_id', bodyId)), tombstones: [] },
    { visible: visibleStream(extractSource, inBody('meetings.body_id', bodyId)), tombstones: [] },
  ],
  location: (bodyId: number): ListDef => [
    {
      visible: visibleStream(locationSource, inBody('locations.body_id', bodyId)),
      tombstones: [deletedStream('location', { bodyId })],
    },
    {
      visible: visibleStream(roomSource, inBody('locations.body_id', bodyId)),
      tombstones: [deletedStream('room', { bodyId })],
    },
  ],
};

/** Segment numbers of the file list (the first part of a file list cursor). */
export const FILE_SEGMENTS = { stored: 0, invitation: 1, supplement: 2, minutes: 3, extract: 4 } as const;
/** Segment numbers of the location list. */
export const LOCATION_SEGMENTS = { location: 0, room: 1 } as const;

/** A position in a list: the segment and the id of the last row before it. */
export interface Cursor {
  segment: number;
  id: number;
}

/** A row of a list page: which segment it is from and whether it is a tombstone. */
export interface ListEntry {
  segment: number;
  tombstone: boolean;
  row: RowBase;
}

async function mergedRead(
  db: Executor,
  segment: Segment,
  q: StreamQuery,
  withTombstones: boolean,
): Promise<{ row: RowBase; tombstone: boolean }[]> {
  const reads = [segment.visible(db, q).then((rows) => rows.map((row) => ({ row, tombstone: false })))];
  if (withTombstones) {
    for (const stream of segment.tombstones) {
      const select = q.select === 'full' ? 'times' : q.select;
      reads.push(stream(db, { ...q, select }).then((rows) => rows.map((row) => ({ row, tombstone: true }))));
    }
  }
  const all = (await Promise.all(reads)).flat();
  all.sort((a, b) => (q.direction === 'asc' ? a.row.id - b.row.id : b.row.id - a.row.id));
  return all.slice(0, q.limit);
}

/**
 * A page of a list: up to `limit` entries after the cursor (from the start without one), and whether
 * more follow. Tombstones are merged in when `withTombstones`.
 */
export async function readPage(
  db: Executor,
  list: ListDef,
  options: { after?: Cursor | undefined; limit: number; filter: TimeFilter; withTombstones: boolean },
): Promise<{ entries: ListEntry[]; more: boolean }> {
  const entries: ListEntry[] = [];
  const start = options.after?.segment ?? 0;
  for (let segment = start; segment < list.length && entries.length <= options.limit; segment++) {
    const def = list[segment] as Segment;
    const rows = await mergedRead(
      db,
      def,
      {
        after: segment === start ? options.after?.id : undefined,
        direction: 'asc',
        limit: options.limit + 1 - entries.length,
        select: 'full',
        filter: options.filter,
      },
      options.withTombstones,
    );
    for (const r of rows) entries.push({ segment, ...r });
  }
  const more = entries.length > options.limit;
  return { entries: entries.slice(0, options.limit), more };
}

/**
 * Walking back from a position (inclusive; from the end without one): the cursor before the `count`
 * entries that end there, or undefined when fewer precede it (the list's first page).
 */
export async function cursorBefore(
  db: Executor,
  list: ListDef,
  options: { atOrBefore?: Cursor | undefined; count: number; filter: TimeFilter; withTombstones: boolean },
): Promise<Cursor | undefined> {
  const keys: Cursor[] = [];
  const start = options.atOrBefore?.segment ?? list.length - 1;
  for (let segment = start; segment >= 0 && keys.length <= options.count; segment--) {
    const def = list[segment] as Segment;
    const rows = await mergedRead(
      db,
      def,
      {
        atOrBefore: segment === start ? options.atOrBefore?.id : undefined,
        direction: 'desc',
        limit: options.count + 1 - keys.length,
        select: 'id',
        filter: options.filter,
      },
      options.withTombstones,
    );
    for (const r of rows) keys.push({ segment, id: r.row.id });
  }
  return keys.length > options.count ? keys[options.count] : undefined;
}

// ---------------------------------------------------------------------------------------------------
// Single objects and embedded children
// ---------------------------------------------------------------------------------------------------

/** Ids as one array parameter (one prepared statement whatever their number). */
function idArray(ids: readonly number[]): SQL {
  return sql`any(${`{${[...new Set(ids)].map((id) => Math.trunc(id)).join(',')}}`}::int[])`;
}

/**
 * All visible rows of a source within a scope, in id order. No ORDER BY/LIMIT in SQL: the rows are read
 * by the scope's index (parent ids, a body), never by walking the primary key in id order, which a
 * generic plan of a prepared statement would otherwise choose for `order by id limit n` (at the size of a
 * large city: 250,000 agenda items scanned to find the 250 of a page of meetings).
 */
async function byScope<R extends RowBase>(db: Executor, source: Source, scope: SQL): Promise<R[]> {
  const rows = await query<R>(
    db,
    sql`select ${source.id} as id, ${epoch(source.created)} as created, ${epoch(source.modified)} as modified,
      ${source.columns} from ${source.from} where ${scope} and ${source.visible}`,
  );
  return rows.sort((a, b) => a.id - b.id);
}

async function byIds<R extends RowBase>(db: Executor, source: Source, column: string, ids: readonly number[]) {
  if (ids.length === 0) return [] as R[];
  return byScope<R>(db, source, sql`${sql.raw(column)} = ${idArray(ids)}`);
}

async function one<R extends RowBase>(db: Executor, source: Source, column: string, id: number) {
  const [row] = await byIds<R>(db, source, column, [id]);
  return row;
}

/** Whether an object exists at all (public or not): tells a depublished object from a deleted one. */
export async function exists(db: Executor, table: string, id: number): Promise<boolean> {
  const rows = await query<{ one: number }>(db, sql`select 1 as one from ${sql.raw(table)} where id = ${id}`);
  return rows.length > 0;
}

/**
 * The public attendees of meetings whose minutes are published, in the minutes' order (by meeting).
 * Which of their persons are public is decided once for the page, set-based: a person is public when
 * one of their memberships is (`membershipPublic`: in a council, committee or faction of their own body,
 * the rule of `personPublic`). Per attendance row, `personPublic` would run some 500 subqueries for a
 * page of 25 meetings, and PostgreSQL plans that subquery with a scan of all organisations each time.
 * EXISTS per named person stops at the first public membership (a join with all of them read 13 per
 * person: 8 of the 12 ms of a page of 10 meetings at scale 1).
 */
async function attendanceOfMeetings(db: Executor, meetingIds: readonly number[]): Promise<AttendanceRow[]> {
  if (meetingIds.length === 0) return [];
  const ids = idArray(meetingIds);
  return query<AttendanceRow>(
    db,
    sql`with named as materialized (
        select x.person_id as id from attendance x where x.meeting_id = ${ids}
        union select x.substitute_for_person_id from attendance x
          where x.meeting_id = ${ids} and x.substitute_for_person_id is not null),
      public_persons as materialized (
        select named.id from named join persons on persons.id = named.id
        where exists (select 1 from memberships join organizations on organizations.id = memberships.organization_id
          where memberships.person_id = named.id and ${membershipPublic}))
      select at.meeting_id as "meetingId", at.person_id as "personId", at.role as "role", at.status as "status",
        at.voting_right as "votingRight",
        case when at.substitute_for_person_id in (select id from public_persons)
          then at.substitute_for_person_id end as "substituteForPersonId",
        to_char(at.arrived_at, 'HH24:MI') as "arrivedAt", to_char(at.left_at, 'HH24:MI') as "leftAt"
      from attendance at join meetings on meetings.id = at.meeting_id
      where at.meeting_id = ${ids} and ${minutesPublished} and at.person_id in (select id from public_persons)
      order by at.meeting_id, at.position`,
  );
}

export const load = {
  attendanceOfMeetings,
  body: (db: Executor, id: number) => one<BodyRow>(db, bodySource, 'bodies.id', id),
  bodies: (db: Executor) => byScope<BodyRow>(db, bodySource, sql`true`),
  legislativeTerm: (db: Executor, id: number) =>
    one<LegislativeTermRow>(db, legislativeTermSource, 'legislative_terms.id', id),
  legislativeTermsOfBodies: (db: Executor, bodyIds: number[]) =>
    byIds<LegislativeTermRow>(db, legislativeTermSource, 'legislative_terms.body_id', bodyIds),
  organization: (db: Executor, id: number) => one<OrganizationRow>(db, organizationSource, 'organizations.id', id),
  person: (db: Executor, id: number) => one<PersonRow>(db, personSource, 'persons.id', id),
  membership: (db: Executor, id: number) => one<MembershipRow>(db, membershipSource, 'memberships.id', id),
  membershipsOfPersons: (db: Executor, personIds: number[]) =>
    byIds<MembershipRow>(db, membershipSource, 'memberships.person_id', personIds),
  meeting: (db: Executor, id: number) => one<MeetingRow>(db, meetingSource, 'meetings.id', id),
  agendaItem: (db: Executor, id: number) => one<AgendaItemRow>(db, agendaItemSource, 'agenda_items.id', id),
  // The meetings too by their ids: the generic plan would otherwise hash every meeting of the database
  // to join the items' meetings (a scan of 25,000 meetings per page at the large city's size).
  agendaItemsOfMeetings: (db: Executor, meetingIds: number[]) =>
    meetingIds.length === 0
      ? Promise.resolve([] as AgendaItemRow[])
      : byScope<AgendaItemRow>(
          db,
          agendaItemSource,
          sql`agenda_items.meeting_id = ${idArray(meetingIds)} and meetings.id = ${idArray(meetingIds)}`,
        ),
  paper: (db: Executor, id: number) => one<PaperRow>(db, paperSource, 'papers.id', id),
  consultation: (db: Executor, id: number) => one<ConsultationRow>(db, consultationSource, 'consultations.id', id),
  consultationsOfPapers: (db: Executor, paperIds: number[]) =>
    byIds<ConsultationRow>(db, consultationSource, 'consultations.paper_id', paperIds),
  storedFile: (db: Executor, id: number) => one<StoredFileRow>(db, storedFileSource, 'files.id', id),
  storedFiles: (db: Executor, ids: number[]) => byIds<StoredFileRow>(db, storedFileSource, 'files.id', ids),
  invitation: (db: Executor, meetingId: number) =>
    one<MeetingDocumentRow>(db, invitationSource, 'meetings.id', meetingId),
  supplement: (db: Executor, meetingId: number) =>
    one<MeetingDocumentRow>(db, supplementSource, 'meetings.id', meetingId),
  minutes: (db: Executor, meetingId: number) => one<MeetingDocumentRow>(db, minutesSource, 'meetings.id', meetingId),
  minutesOfMeetings: (db: Executor, meetingIds: number[]) =>
    byIds<MeetingDocumentRow>(db, minutesSource, 'meetings.id', meetingIds),
  extract: (db: Executor, agendaItemId: number) => one<ExtractRow>(db, extractSource, 'agenda_items.id', agendaItemId),
  location: (db: Executor, id: number) => one<LocationRow>(db, locationSource, 'locations.id', id),
  locations: (db: Executor, ids: number[]) => byIds<LocationRow>(db, locationSource, 'locations.id', ids),
  room: (db: Executor, id: number) => one<LocationRow>(db, roomSource, 'rooms.id', id),
  rooms: (db: Executor, ids: number[]) => byIds<LocationRow>(db, roomSource, 'rooms.id', ids),
};

/**
 * Stores rendered texts of public minutes (migration 0011) under the meeting's exact modification time
 * read BEFORE the meeting was read for rendering (`modifiedStamp` of its row): a text is written only
 * while that is still the meeting's time and its minutes are published, so a change that came in between
 * leaves nothing behind. Through the application's (writable) connection; a cache, not content: no audit
 * entry, and the data version does not move.
 */
export async function storeMinutesTexts(
  db: Executor,
  texts: readonly { meetingId: number; stamp: string; text: string }[],
): Promise<void> {
  if (texts.length === 0) return;
  const json = JSON.stringify(texts.map((t) => ({ id: t.meetingId, stamp: t.stamp, text: t.text })));
  await db.execute(sql`insert into oparl_minutes_texts (meeting_id, body_id, modified_at, text)
    select meetings.id, meetings.body_id, (x.stamp::timestamp at time zone 'UTC'), x.text
    from ${meetingSource.from} join json_to_recordset(${json}::json) as x(id integer, stamp text, text text)
      on x.id = meetings.id
    where ${minutesPublished} and ${exactStamp(meetingModified)} = x.stamp
    on conflict (meeting_id) do update set body_id = excluded.body_id, modified_at = excluded.modified_at,
      text = excluded.text`);
}

/** The meetings of a body whose minutes are published and have no valid stored text, by id. */
export async function meetingsWithoutMinutesText(db: Executor, bodyId: number): Promise<number[]> {
  const rows = await query<{ id: number }>(
    db,
    sql`select meetings.id as id from ${meetingSource.from}
      where meetings.body_id = ${bodyId} and ${minutesPublished} and ${storedMinutesText} is null order by meetings.id`,
  );
  return rows.map((r) => r.id);
}

/** The state in which a meeting's minutes are public (for callers that build on a row's state). */
export const MINUTES_STATE = MINUTES_PUBLISHED_STATE;

/** The data version (migration 0007): changes with every committed change of shown content. */
export async function dataVersion(db: Executor): Promise<string> {
  const [row] = await query<{ version: string }>(db, sql`select version::text as version from data_version`);
  return row?.version ?? '0';
}

/** The first creation and the last modification of all bodies (the System object's times). */
export async function systemTimes(db: Executor): Promise<{ created: number | null; modified: number | null }> {
  const [row] = await query<{ created: number | null; modified: number | null }>(
    db,
    sql`select min(s.created) as created, max(s.modified) as modified from (select ${epoch(bodySource.created)} as created,
      ${epoch(bodySource.modified)} as modified from bodies) s`,
  );
  return row ?? { created: null, modified: null };
}
