/**
 * The one database schema of Ratsinfo, for PGlite and PostgreSQL alike.
 *
 * Migrations in `src/db/migrations/` are generated from this file with `npm run db:generate`
 * and committed; they are applied on start. Every table carries `created_at` / `modified_at`
 * (OParl needs both). Tables that hold a body's data carry `body_id`: one installation serves
 * many bodies (tenants).
 */
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  time,
  timestamp,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
});

const id = () => integer('id').primaryKey().generatedAlwaysAsIdentity();
const timestamps = () => ({
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  modifiedAt: timestamp('modified_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

export const jurisdiction = pgEnum('jurisdiction', ['nrw-kreis', 'nrw-gemeinde']);

/** A public body (Kreis, Stadt, Gemeinde): one tenant of the installation. */
export const bodies = pgTable('bodies', {
  id: id(),
  /** URL segment of the body's portal, e.g. "kreis-mettmann". */
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  shortName: text('short_name'),
  jurisdiction: jurisdiction('jurisdiction').notNull(),
  website: text('website'),
  /** Place printed on documents ("Mettmann, den 03.03.2021"). */
  seat: text('seat'),
  /** Body settings (invitation deadline, paper reference format, …); see domain/body-settings.ts. */
  settings: jsonb('settings').notNull().default({}),
  ...timestamps(),
});

export const legislativeTerms = pgTable(
  'legislative_terms',
  {
    id: id(),
    bodyId: integer('body_id')
      .notNull()
      .references(() => bodies.id),
    name: text('name').notNull(),
    startDate: date('start_date').notNull(),
    endDate: date('end_date'),
    ...timestamps(),
  },
  (t) => [
    unique('legislative_terms_body_name').on(t.bodyId, t.name),
    check('legislative_terms_dates', sql`${t.endDate} is null or ${t.endDate} >= ${t.startDate}`),
  ],
);

export const organizationKind = pgEnum('organization_kind', ['council', 'committee', 'faction', 'office', 'external']);

/** Council (Kreistag, Rat), committees, factions, administrative offices and outside organisations. */
export const organizations = pgTable(
  'organizations',
  {
    id: id(),
    bodyId: integer('body_id')
      .notNull()
      .references(() => bodies.id),
    kind: organizationKind('kind').notNull(),
    name: text('name').notNull(),
    /** The name in the genitive, stored, never guessed: "des Ausschusses für Digitalisierung". */
    nameGenitive: text('name_genitive'),
    /** The name with its article in the nominative, as in a letterhead: "Der Kreistag", "Die Bezirksvertretung". */
    nameNominative: text('name_nominative'),
    shortName: text('short_name'),
    /** Office number used in paper references ("10" in "10/002/2021"). */
    officeNumber: text('office_number'),
    /** The council a committee belongs to, or the organisation a faction sits in. */
    parentId: integer('parent_id').references((): AnyPgColumn => organizations.id),
    /** Committee class where the law treats it specially (e.g. 'kreisausschuss', 'hauptausschuss'). */
    committeeClass: text('committee_class'),
    /** Statutory number of voting members (Sollstärke), chair included; used for quorum. */
    statutoryMembers: integer('statutory_members'),
    startDate: date('start_date'),
    endDate: date('end_date'),
    website: text('website'),
    /** Per-organisation overrides of the body settings. */
    settings: jsonb('settings').notNull().default({}),
    ...timestamps(),
    /** The name folded for German order (migration 0012, `ratsinfo_german_key`); sort it `collate "C"`. */
    sortKey: text('sort_key').generatedAlwaysAs(sql`ratsinfo_german_key("name")`),
    /** Name, short name and office number folded, for the back office's search. */
    searchText: text('search_text').generatedAlwaysAs(
      sql`ratsinfo_german_key("name" || ' ' || coalesce("short_name", '') || ' ' || coalesce("office_number", ''))`,
    ),
  },
  (t) => [
    index('organizations_body').on(t.bodyId, t.kind),
    uniqueIndex('organizations_office_number').on(t.bodyId, t.officeNumber),
  ],
);

export const persons = pgTable(
  'persons',
  {
    id: id(),
    bodyId: integer('body_id')
      .notNull()
      .references(() => bodies.id),
    /** "Herr", "Frau", or null. */
    formOfAddress: text('form_of_address'),
    /** Academic title, e.g. "Dr.". */
    title: text('title'),
    givenName: text('given_name'),
    familyName: text('family_name').notNull(),
    /** Office held that is used in the minutes' text ("Landrat"). */
    officeTitle: text('office_title'),
    gender: text('gender'),
    email: text('email'),
    phone: text('phone'),
    fax: text('fax'),
    ...timestamps(),
    /** Family and given name folded for German order, joined by chr(1) (migration 0012); sort it `collate "C"`. */
    sortKey: text('sort_key').generatedAlwaysAs(
      sql`ratsinfo_german_key("family_name") || chr(1) || ratsinfo_german_key(coalesce("given_name", ''))`,
    ),
    /** Title, names, office title and e-mail folded, for the back office's search. */
    searchText: text('search_text').generatedAlwaysAs(
      sql`ratsinfo_german_key(coalesce("title", '') || ' ' || coalesce("given_name", '') || ' ' || "family_name" || ' ' || coalesce("office_title", '') || ' ' || coalesce("email", ''))`,
    ),
  },
  (t) => [
    index('persons_body_name').on(t.bodyId, t.familyName, t.givenName),
    index('persons_body_sort_key').on(t.bodyId, sql`${t.sortKey} collate "C"`, t.id),
  ],
);

export const membershipRole = pgEnum('membership_role', [
  'chair',
  'vice_chair',
  'member',
  'deputy_member',
  'advisory_member',
  'secretary',
  'deputy_secretary',
]);

export const memberships = pgTable(
  'memberships',
  {
    id: id(),
    personId: integer('person_id')
      .notNull()
      .references(() => persons.id),
    organizationId: integer('organization_id')
      .notNull()
      .references(() => organizations.id),
    termId: integer('term_id').references(() => legislativeTerms.id),
    role: membershipRole('role').notNull(),
    /** Free-text role label where the law or the body uses its own ("Landrat", "Geschäftsleiter"). */
    roleLabel: text('role_label'),
    votingRight: boolean('voting_right').notNull(),
    /** Sachkundige/r Bürger/in: an appointed citizen, not a council member. */
    appointedCitizen: boolean('appointed_citizen').notNull().default(false),
    /** The faction on whose behalf the person sits. */
    onBehalfOfId: integer('on_behalf_of_id').references(() => organizations.id),
    /** For deputies: the person they stand in for. */
    deputyOfPersonId: integer('deputy_of_person_id').references(() => persons.id),
    startDate: date('start_date'),
    endDate: date('end_date'),
    ...timestamps(),
  },
  (t) => [
    index('memberships_org').on(t.organizationId),
    index('memberships_person').on(t.personId),
    check('memberships_dates', sql`${t.endDate} is null or ${t.startDate} is null or ${t.endDate} >= ${t.startDate}`),
  ],
);

export const locations = pgTable('locations', {
  id: id(),
  bodyId: integer('body_id')
    .notNull()
    .references(() => bodies.id),
  name: text('name').notNull(),
  streetAddress: text('street_address'),
  postalCode: text('postal_code'),
  locality: text('locality'),
  /** GeoJSON geometry, [lon, lat] order. */
  geometry: jsonb('geometry'),
  ...timestamps(),
});

export const rooms = pgTable(
  'rooms',
  {
    id: id(),
    locationId: integer('location_id')
      .notNull()
      .references(() => locations.id),
    name: text('name').notNull(),
    description: text('description'),
    ...timestamps(),
  },
  (t) => [unique('rooms_location_name').on(t.locationId, t.name)],
);

export const files = pgTable(
  'files',
  {
    id: id(),
    bodyId: integer('body_id')
      .notNull()
      .references(() => bodies.id),
    /** Display name ("Präsentation KRZN"). */
    name: text('name').notNull(),
    /** File name for downloads ("Anlage_2_Praesentation_KRZN.pdf"). */
    fileName: text('file_name').notNull(),
    mimeType: text('mime_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    content: bytea('content').notNull(),
    /** Extracted plain text for search. */
    text: text('text'),
    ...timestamps(),
  },
  (t) => [index('files_body').on(t.bodyId)],
);

export const papers = pgTable(
  'papers',
  {
    id: id(),
    bodyId: integer('body_id')
      .notNull()
      .references(() => bodies.id),
    /** The office that wrote the paper; its number starts the reference. */
    officeId: integer('office_id')
      .notNull()
      .references(() => organizations.id),
    referenceYear: integer('reference_year').notNull(),
    referenceNumber: integer('reference_number').notNull(),
    /** Formatted reference, "10/002/2021". */
    reference: text('reference').notNull(),
    paperType: text('paper_type').notNull(),
    title: text('title').notNull(),
    text: text('text'),
    /** Date of the paper. */
    date: date('date'),
    /** Who submitted it, when not the administration (e.g. a faction's inquiry). */
    originatorId: integer('originator_id').references(() => organizations.id),
    public: boolean('public').notNull().default(true),
    /** Raised by every back-office write of the paper or its consultation path (optimistic locking). */
    version: integer('version').notNull().default(1),
    ...timestamps(),
    /** Reference, type and title folded (migration 0022, `ratsinfo_german_key`), for the back office's search. */
    searchText: text('search_text').generatedAlwaysAs(
      sql`ratsinfo_german_key("reference" || ' ' || "paper_type" || ' ' || "title")`,
    ),
  },
  (t) => [
    unique('papers_office_year_number').on(t.officeId, t.referenceYear, t.referenceNumber),
    uniqueIndex('papers_body_reference').on(t.bodyId, t.reference),
    check('papers_number_positive', sql`${t.referenceNumber} > 0`),
  ],
);

/** Last reference number allocated per office and year; row-locked while a paper is created. */
export const paperNumberCounters = pgTable(
  'paper_number_counters',
  {
    officeId: integer('office_id')
      .notNull()
      .references(() => organizations.id),
    year: integer('year').notNull(),
    lastNumber: integer('last_number').notNull(),
  },
  (t) => [primaryKey({ columns: [t.officeId, t.year] })],
);

export const paperFiles = pgTable(
  'paper_files',
  {
    paperId: integer('paper_id')
      .notNull()
      .references(() => papers.id),
    fileId: integer('file_id')
      .notNull()
      .references(() => files.id),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.paperId, t.fileId] })],
);

export const meetingState = pgEnum('meeting_state', [
  'planned',
  'invited',
  'held',
  'minutes_drafted',
  'minutes_signed',
]);

export const meetings = pgTable(
  'meetings',
  {
    id: id(),
    bodyId: integer('body_id')
      .notNull()
      .references(() => bodies.id),
    organizationId: integer('organization_id')
      .notNull()
      .references(() => organizations.id),
    state: meetingState('state').notNull().default('planned'),
    cancelled: boolean('cancelled').notNull().default(false),
    startAt: timestamp('start_at', { withTimezone: true, mode: 'date' }).notNull(),
    endAt: timestamp('end_at', { withTimezone: true, mode: 'date' }),
    locationId: integer('location_id').references(() => locations.id),
    roomId: integer('room_id').references(() => rooms.id),
    /** Day the invitation was dispatched. */
    invitationSentOn: date('invitation_sent_on'),
    invitationUrgent: boolean('invitation_urgent').notNull().default(false),
    /** Day the supplement (Nachtrag) to the agenda was dispatched. */
    supplementSentOn: date('supplement_sent_on'),
    /** Place and date the minutes were written ("Mettmann, den 03.03.2021"). */
    minutesPlace: text('minutes_place'),
    minutesDate: date('minutes_date'),
    /** Contact printed in the minutes' header ("Es informiert Sie"). */
    contactPersonId: integer('contact_person_id').references(() => persons.id),
    /** Procedural note that closes the public part (the public leaves, non-publicity established). */
    publicPartClosingNote: text('public_part_closing_note'),
    /** Optimistic locking. */
    version: integer('version').notNull().default(1),
    /**
     * When the signed minutes were published (migration 0017): public minutes are signed AND published
     * (`minutesPublished()` in src/db/repositories/visibility.ts). Null: not (yet) published.
     */
    minutesPublishedAt: timestamp('minutes_published_at', { withTimezone: true, mode: 'date' }),
    ...timestamps(),
  },
  (t) => [
    index('meetings_org_start').on(t.organizationId, t.startAt),
    index('meetings_body_start').on(t.bodyId, t.startAt),
    check('meetings_times', sql`${t.endAt} is null or ${t.endAt} >= ${t.startAt}`),
  ],
);

export const resolutionKind = pgEnum('resolution_kind', ['decision', 'recommendation', 'notice']);

export const agendaItems = pgTable(
  'agenda_items',
  {
    id: id(),
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id),
    parentId: integer('parent_id').references((): AnyPgColumn => agendaItems.id),
    /** Printed number, "1", "1.1", "11.1". */
    number: text('number').notNull(),
    /** Order within the meeting, 1-based, over both parts. */
    position: integer('position').notNull(),
    public: boolean('public').notNull(),
    title: text('title').notNull(),
    /** Second line of the title ("hier: Anfrage der Fraktion … vom 11.02.2021"). */
    subtitle: text('subtitle'),
    paperId: integer('paper_id').references(() => papers.id),
    /** Added after the invitation (Nachtrag). */
    supplement: boolean('supplement').notNull().default(false),
    /** Course of the discussion: the clerk's text, verbatim; paragraphs separated by a blank line. */
    minutesText: text('minutes_text'),
    resolutionKind: resolutionKind('resolution_kind'),
    resolutionText: text('resolution_text'),
    version: integer('version').notNull().default(1),
    ...timestamps(),
  },
  (t) => [
    unique('agenda_items_meeting_number').on(t.meetingId, t.number),
    unique('agenda_items_meeting_position').on(t.meetingId, t.position),
  ],
);

export const voteMethod = pgEnum('vote_method', ['open', 'roll_call', 'secret']);
export const voteOutcome = pgEnum('vote_outcome', ['accepted', 'rejected', 'noted']);

/** A vote on an agenda item (or its Kenntnisnahme, outcome 'noted'). */
export const votes = pgTable(
  'votes',
  {
    id: id(),
    agendaItemId: integer('agenda_item_id')
      .notNull()
      .references(() => agendaItems.id),
    position: integer('position').notNull().default(1),
    /** What was voted on, where an item has several votes (amendments). */
    subject: text('subject'),
    method: voteMethod('method').notNull().default('open'),
    yes: integer('yes'),
    no: integer('no'),
    abstain: integer('abstain'),
    /** Recorded as unanimous in the minutes (no votes against). */
    unanimous: boolean('unanimous').notNull().default(false),
    outcome: voteOutcome('outcome').notNull(),
    ...timestamps(),
  },
  (t) => [
    unique('votes_item_position').on(t.agendaItemId, t.position),
    check(
      'votes_counts',
      sql`coalesce(${t.yes}, 0) >= 0 and coalesce(${t.no}, 0) >= 0 and coalesce(${t.abstain}, 0) >= 0`,
    ),
  ],
);

export const voteFactionResults = pgTable(
  'vote_faction_results',
  {
    voteId: integer('vote_id')
      .notNull()
      .references(() => votes.id, { onDelete: 'cascade' }),
    factionId: integer('faction_id')
      .notNull()
      .references(() => organizations.id),
    yes: integer('yes').notNull().default(0),
    no: integer('no').notNull().default(0),
    abstain: integer('abstain').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.voteId, t.factionId] })],
);

export const ballotChoice = pgEnum('ballot_choice', ['yes', 'no', 'abstain']);

/** Individual votes of a roll-call vote (namentliche Abstimmung). */
export const voteBallots = pgTable(
  'vote_ballots',
  {
    voteId: integer('vote_id')
      .notNull()
      .references(() => votes.id, { onDelete: 'cascade' }),
    personId: integer('person_id')
      .notNull()
      .references(() => persons.id),
    choice: ballotChoice('choice').notNull(),
  },
  (t) => [primaryKey({ columns: [t.voteId, t.personId] })],
);

/** Declared conflicts of interest (Befangenheit) per agenda item. */
export const conflicts = pgTable(
  'conflicts',
  {
    agendaItemId: integer('agenda_item_id')
      .notNull()
      .references(() => agendaItems.id),
    personId: integer('person_id')
      .notNull()
      .references(() => persons.id),
    note: text('note'),
    ...timestamps(),
  },
  (t) => [primaryKey({ columns: [t.agendaItemId, t.personId] })],
);

/** "Ergänzende Antwort zur Niederschrift": text the administration adds after the meeting. */
export const addenda = pgTable(
  'addenda',
  {
    id: id(),
    agendaItemId: integer('agenda_item_id')
      .notNull()
      .references(() => agendaItems.id),
    position: integer('position').notNull(),
    heading: text('heading').notNull().default('Ergänzende Antwort zur Niederschrift'),
    text: text('text').notNull(),
    ...timestamps(),
  },
  (t) => [unique('addenda_item_position').on(t.agendaItemId, t.position)],
);

/** Attachments to an agenda item's minutes ("Anlage 1"). */
export const agendaItemAttachments = pgTable(
  'agenda_item_attachments',
  {
    agendaItemId: integer('agenda_item_id')
      .notNull()
      .references(() => agendaItems.id),
    fileId: integer('file_id')
      .notNull()
      .references(() => files.id),
    /** Label used in the text ("Anlage 1"). */
    label: text('label').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.agendaItemId, t.fileId] })],
);

/** Consultation path of a paper (Beratungsfolge). */
export const consultationRole = pgEnum('consultation_role', ['preliminary', 'decision', 'notice']);

export const consultations = pgTable(
  'consultations',
  {
    id: id(),
    paperId: integer('paper_id')
      .notNull()
      .references(() => papers.id),
    organizationId: integer('organization_id')
      .notNull()
      .references(() => organizations.id),
    position: integer('position').notNull(),
    role: consultationRole('role').notNull(),
    /** The agenda item where it was (or will be) consulted. */
    agendaItemId: integer('agenda_item_id').references(() => agendaItems.id),
    /** e.g. 'open', 'recommended', 'decided', 'noted', 'deferred'. */
    status: text('status').notNull().default('open'),
    ...timestamps(),
  },
  (t) => [unique('consultations_paper_position').on(t.paperId, t.position)],
);

export const attendanceRole = pgEnum('attendance_role', [
  'chair',
  'member',
  'substitute',
  'advisory_member',
  'administration',
  'guest',
]);
export const attendanceStatus = pgEnum('attendance_status', ['present', 'excused', 'absent']);

export const attendance = pgTable(
  'attendance',
  {
    id: id(),
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id),
    personId: integer('person_id')
      .notNull()
      .references(() => persons.id),
    /** The role in which the person attended; the minutes group by it. */
    role: attendanceRole('role').notNull(),
    status: attendanceStatus('status').notNull(),
    votingRight: boolean('voting_right').notNull(),
    substituteForPersonId: integer('substitute_for_person_id').references(() => persons.id),
    /** Function printed beside the name ("Geschäftsleiter KRZN"). */
    function: text('function'),
    arrivedAt: time('arrived_at'),
    leftAt: time('left_at'),
    /** Order in the printed list. */
    position: integer('position').notNull(),
    ...timestamps(),
  },
  (t) => [unique('attendance_meeting_person').on(t.meetingId, t.personId)],
);

/** Rapporteur (Berichterstatter) named in a meeting to report to another body. */
export const rapporteurs = pgTable(
  'rapporteurs',
  {
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id),
    personId: integer('person_id')
      .notNull()
      .references(() => persons.id),
    /** The body reported to (the Kreistag). */
    toOrganizationId: integer('to_organization_id')
      .notNull()
      .references(() => organizations.id),
    /** The faction named with the person ("Herr Gartmann (CDU)"). */
    factionId: integer('faction_id').references(() => organizations.id),
    agendaItemId: integer('agenda_item_id').references(() => agendaItems.id),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.personId, t.toOrganizationId] })],
);

/**
 * Frozen versions of signed minutes (migration 0017; src/services/minutes-finish.ts): version 1 when the
 * second signature is given, n+1 for each correction with its reason. `content` is the full document model
 * as printed, `contentHash` the SHA-256 of its canonical serialization. A trigger refuses UPDATE and DELETE.
 */
export const minutesVersions = pgTable(
  'minutes_versions',
  {
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id),
    number: integer('number').notNull(),
    content: jsonb('content').notNull(),
    contentHash: text('content_hash').notNull(),
    signatures: jsonb('signatures').notNull(),
    /** Why the minutes were corrected; null for version 1. */
    reason: text('reason'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** The actor ("user:12") and the account's display name at the time. */
    createdBy: text('created_by').notNull(),
    createdByName: text('created_by_name'),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.number] })],
);

export const signatureRole = pgEnum('signature_role', ['chair', 'secretary']);

/** Signatures of the minutes ("gez. Dietmar Weiß"). */
export const minutesSignatures = pgTable(
  'minutes_signatures',
  {
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id),
    role: signatureRole('role').notNull(),
    personId: integer('person_id')
      .notNull()
      .references(() => persons.id),
    signedAt: timestamp('signed_at', { withTimezone: true, mode: 'date' }).notNull(),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.role] })],
);

export const trackedResolutionKind = pgEnum('tracked_resolution_kind', ['decision', 'review', 'task']);
export const trackedResolutionStatus = pgEnum('tracked_resolution_status', ['open', 'in_progress', 'done', 'dropped']);

/**
 * Resolution tracking (Beschlusskontrolle, migration 0018): a resolution or a task (Prüf-/Arbeitsauftrag)
 * of a committee, usually from an agenda item, with the responsible office, due date, status and the
 * latest status report (Sachstand). Back office only; `public` is the source item's publicity.
 */
export const trackedResolutions = pgTable(
  'tracked_resolutions',
  {
    id: id(),
    bodyId: integer('body_id')
      .notNull()
      .references(() => bodies.id),
    /** The committee (or council) whose resolution or task it is. */
    organizationId: integer('organization_id')
      .notNull()
      .references(() => organizations.id),
    agendaItemId: integer('agenda_item_id').references(() => agendaItems.id),
    kind: trackedResolutionKind('kind').notNull(),
    title: text('title').notNull(),
    text: text('text'),
    /** The office responsible (an organization of kind 'office' of the body). */
    officeId: integer('office_id').references(() => organizations.id),
    dueDate: date('due_date'),
    status: trackedResolutionStatus('status').notNull().default('open'),
    /** The latest status report (Sachstand) and its date. */
    report: text('report'),
    reportDate: date('report_date'),
    doneDate: date('done_date'),
    public: boolean('public').notNull(),
    /** Raised by a trigger on every update (optimistic locking). */
    version: integer('version').notNull().default(1),
    ...timestamps(),
    /** Title and text folded (ratsinfo_german_key) for the umlaut-aware search. */
    searchText: text('search_text').generatedAlwaysAs(sql`ratsinfo_german_key("title" || ' ' || coalesce("text", ''))`),
  },
  (t) => [
    index('tracked_resolutions_body_status').on(t.bodyId, t.status, t.dueDate),
    index('tracked_resolutions_item').on(t.agendaItemId),
  ],
);

/** Feedback on barriers (Barrierefreiheit), sent from the public form; installation-wide. */
export const accessibilityFeedback = pgTable('accessibility_feedback', {
  id: id(),
  message: text('message').notNull(),
  /** The page the feedback is about, as the sender gave it. */
  pageUrl: text('page_url'),
  /** How to answer, if the sender wants an answer. */
  contact: text('contact'),
  /** 'new', 'answered', 'closed'. */
  status: text('status').notNull().default('new'),
  ...timestamps(),
});

/** Every write that matters: who, when, what (before/after). */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    bodyId: integer('body_id').references(() => bodies.id),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
  },
  (t) => [index('audit_log_entity').on(t.entity, t.entityId, t.at)],
);

/**
 * OParl import (src/import/): which local row an object of another system became. `source` is the
 * OParl id (URL) as the other system gives it; `hash` is the content hash of the normalized object
 * with its embedded children, so a second run over unchanged data writes nothing.
 */
export const importLinks = pgTable(
  'import_links',
  {
    /** The OParl id (URL) of the source body the object belongs to. */
    sourceBody: text('source_body').notNull(),
    source: text('source').notNull(),
    /** Local table ("meetings", "rooms", …) and id. */
    localTable: text('local_table').notNull(),
    localId: integer('local_id').notNull(),
    /** The object embedding this one (a meeting for its agenda items), as an OParl id, if any. */
    parent: text('parent'),
    hash: text('hash').notNull(),
    /** `modified` of the source object, as given. */
    sourceModified: text('source_modified'),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.sourceBody, t.source] }),
    index('import_links_local').on(t.localTable, t.localId),
    index('import_links_parent').on(t.sourceBody, t.parent),
  ],
);

/** One run of `ratsinfo import oparl`: the start of the last complete run is the next `modified_since`. */
export const importRuns = pgTable(
  'import_runs',
  {
    id: id(),
    sourceBody: text('source_body').notNull(),
    bodyId: integer('body_id').references(() => bodies.id),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
    /** Incremental (`modified_since`) or full. */
    since: text('since'),
    counts: jsonb('counts').notNull().default({}),
    defects: integer('defects').notNull().default(0),
  },
  (t) => [index('import_runs_source').on(t.sourceBody, t.startedAt)],
);

/**
 * Back office accounts (src/services/accounts.ts, docs/office.md). An account logs in with a password
 * (scrypt, its parameters stored with the hash); it may be linked to the person it is (to sign minutes
 * as that person). Roles are held per body (`account_roles`); an installation admin administers every
 * body (the first one comes from `ratsinfo admin create`).
 */
export const accounts = pgTable(
  'accounts',
  {
    id: id(),
    /** Login name, stored lower-case ("gramenz"). */
    login: text('login').notNull(),
    /** Name shown in the back office ("Rüdiger Gramenz"). */
    displayName: text('display_name').notNull(),
    personId: integer('person_id').references(() => persons.id),
    /** `scrypt$N$r$p$salt$hash` (base64url): never the password itself. */
    passwordHash: text('password_hash').notNull(),
    /** Set by an admin's password reset: the next login must choose a new password. */
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    installationAdmin: boolean('installation_admin').notNull().default(false),
    /** A disabled account cannot log in; its sessions end. */
    disabled: boolean('disabled').notNull().default(false),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true, mode: 'date' }),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('accounts_login').on(t.login),
    check('accounts_login_lower', sql`${t.login} = lower(${t.login})`),
  ],
);

export const accountRole = pgEnum('account_role', ['admin', 'clerk', 'chair', 'member']);

/** The roles of an account, per body. */
export const accountRoles = pgTable(
  'account_roles',
  {
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    bodyId: integer('body_id')
      .notNull()
      .references(() => bodies.id),
    role: accountRole('role').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.bodyId, t.role] }), index('account_roles_body').on(t.bodyId)],
);

/**
 * Logged-in sessions. The cookie carries a random token; only its SHA-256 is stored, so a copy of the
 * database opens no session. A session ends at `expires_at` (absolute) or after a time without use
 * (`last_seen_at`, idle).
 */
export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 of the cookie's token, hex. */
    tokenHash: text('token_hash').primaryKey(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    /** The session's CSRF token, sent in every form of the back office. */
    csrfToken: text('csrf_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true, mode: 'date' }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('sessions_account').on(t.accountId)],
);

/**
 * Failed logins, per login name and per client address (`kind`), for throttling: in the database so
 * that every process of an installation counts the same failures. Rows older than the window are
 * deleted as new ones come.
 */
export const loginFailures = pgTable(
  'login_failures',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** 'login' or 'address'. */
    kind: text('kind').notNull(),
    key: text('key').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('login_failures_key').on(t.kind, t.key, t.at)],
);

/**
 * API tokens for `/api/v1` (integrations, automation): `Authorization: Bearer <token>` acts as the
 * account. Only the token's SHA-256 is stored; the token is shown once when created.
 */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: id(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    /** What the token is for ("Schnittstelle Haushaltssoftware"). */
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'date' }),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [uniqueIndex('api_tokens_hash').on(t.tokenHash), index('api_tokens_account').on(t.accountId)],
);

/**
 * One-time keys of unsafe requests (src/http/office/once.ts): the `_once` field of every back-office form
 * and the `Idempotency-Key` header of the API. The first request with a key is carried out and its outcome
 * stored in the same transaction; a repeat (a double click, a retried API call) gets that outcome again
 * instead of doing it twice. Rows older than a day are deleted by the cleanup.
 */
export const submissions = pgTable(
  'submissions',
  {
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    /** SHA-256 of the method, path and content of the request. */
    requestHash: text('request_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    status: integer('status'),
    location: text('location'),
    contentType: text('content_type'),
    /** The answer of an API request (JSON), for the repeat. */
    body: text('body'),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.key] }), index('submissions_created_at').on(t.createdAt)],
);

export const schema = {
  bodies,
  legislativeTerms,
  organizations,
  persons,
  memberships,
  locations,
  rooms,
  files,
  papers,
  paperNumberCounters,
  paperFiles,
  meetings,
  agendaItems,
  votes,
  voteFactionResults,
  voteBallots,
  conflicts,
  addenda,
  agendaItemAttachments,
  consultations,
  attendance,
  rapporteurs,
  minutesVersions,
  minutesSignatures,
  trackedResolutions,
  accessibilityFeedback,
  auditLog,
  importLinks,
  importRuns,
  accounts,
  accountRoles,
  sessions,
  loginFailures,
  apiTokens,
  submissions,
};
