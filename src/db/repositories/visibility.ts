/**
 * THE visibility gate: every rule that decides what a reader may see, as SQL conditions, in this one
 * module. Pages (meetings, papers, persons, bodies), search, file downloads, feeds, calendars, sitemaps
 * and the OParl API all build their WHERE clauses from these functions, so non-public content stays in
 * the database and a rule changed here changes everywhere at once.
 *
 * The conditions name the real tables (`papers`, `agenda_items`, `meetings`, `files`, …); a query may
 * alias `agenda_items` and `meetings` by passing the aliases. For members and staff (`Visibility` other
 * than 'public') every condition is `true`: who may read non-public content of which body is decided by
 * the caller (the back office), not here.
 *
 * The rules (rules-nrw, GO NRW § 48: the agenda is public, non-public items keep their content private):
 * - Papers: public papers only.
 * - Agenda items: a non-public item's content (paper link, minutes, resolution, votes, conflicts,
 *   addenda, attachments) never; public items are published with the agenda, i.e. once the meeting is
 *   invited (not while it is planned); their minutes content once the minutes are signed and published.
 * - Consultations: of a public paper, and not at a non-public agenda item.
 * - Persons: only with a membership in a council, committee or faction of their own body (public
 *   figures); never their contact data. Memberships: only in those kinds of organisation.
 * - Stored files: of a public paper, or attached to a public item of a meeting whose minutes are published.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Visibility } from '../../domain/visibility.ts';

/**
 * The meeting state the minutes must be in to be public (signed). Signed alone is not enough: the clerk
 * publishes them (`meetings.minutes_published_at`, migration 0017). Use `minutesPublished()` (SQL) or
 * `minutesArePublished()` (a loaded row), never this constant alone.
 */
export const MINUTES_PUBLISHED_STATE = 'minutes_signed';

/**
 * The condition of public minutes on a meeting row (table or alias `meeting`), as SQL for every reader:
 * signed AND published. The one place of the rule; `minutesPublished()` applies it for the public only.
 */
export function minutesPublicSql(meeting = 'meetings'): SQL {
  const m = sql.raw(meeting);
  return sql`(${m}.state = ${MINUTES_PUBLISHED_STATE} and ${m}.minutes_published_at is not null)`;
}

/** The same rule on a loaded meeting: its minutes (and all recorded in them) are public. */
export function minutesArePublished(meeting: { state: string; minutesPublishedAt: Date | string | null }): boolean {
  return meeting.state === MINUTES_PUBLISHED_STATE && meeting.minutesPublishedAt != null;
}

/** Organisation kinds whose members are public figures. */
export const PUBLIC_ORGANIZATION_KINDS = ['council', 'committee', 'faction'] as const;

const publicKindsList = sql.raw(PUBLIC_ORGANIZATION_KINDS.map((k) => `'${k}'`).join(', '));

/** Table names (or aliases) of the agenda item and its meeting in the query. */
export interface ItemTables {
  item?: string;
  meeting?: string;
}

/** Row of `papers` in scope: the paper may be read. */
export function paperReadable(visibility: Visibility): SQL {
  return visibility === 'public' ? sql`papers.public = true` : sql`true`;
}

/** Row of the agenda item in scope: its content may be read (a public item; the meeting's state aside). */
export function itemContentReadable(visibility: Visibility, tables: ItemTables = {}): SQL {
  const item = sql.raw(tables.item ?? 'agenda_items');
  return visibility === 'public' ? sql`${item}.public = true` : sql`true`;
}

/** Rows of the agenda item and its meeting in scope: the item is published (public, agenda out). */
export function agendaItemFindable(visibility: Visibility, tables: ItemTables = {}): SQL {
  const meeting = sql.raw(tables.meeting ?? 'meetings');
  return visibility === 'public'
    ? sql`(${itemContentReadable(visibility, tables)} and ${meeting}.state <> 'planned')`
    : sql`true`;
}

/** Row of the meeting in scope: its minutes are published. */
export function minutesPublished(visibility: Visibility, tables: Pick<ItemTables, 'meeting'> = {}): SQL {
  return visibility === 'public' ? minutesPublicSql(tables.meeting ?? 'meetings') : sql`true`;
}

/**
 * Rows of the agenda item and its meeting in scope: the item's minutes content (text, resolution, votes,
 * addenda, attachments) may be read.
 */
export function itemMinutesReadable(visibility: Visibility, tables: ItemTables = {}): SQL {
  return visibility === 'public'
    ? sql`(${itemContentReadable(visibility, tables)} and ${minutesPublished(visibility, tables)})`
    : sql`true`;
}

/**
 * Rows of `consultations`, `papers` and (left-joined, may be null) `agenda_items` in scope: the
 * consultation may be read.
 */
export function consultationReadable(visibility: Visibility): SQL {
  return visibility === 'public'
    ? sql`(${paperReadable(visibility)} and (agenda_items.id is null or ${itemContentReadable(visibility)}))`
    : sql`true`;
}

/**
 * The person with this id (an SQL expression) is a public figure: a membership in a council, committee or
 * faction of the person's own body. (A scalar subquery rather than EXISTS: evaluated per row with the
 * memberships_person index, never planned as a hash over all memberships.)
 */
export function personPublic(personId: SQL): SQL {
  return sql`coalesce((select true from memberships vm join persons vp on vp.id = vm.person_id
    join organizations vo on vo.id = vm.organization_id
    where vm.person_id = ${personId} and vo.body_id = vp.body_id and vo.kind in (${publicKindsList}) limit 1), false)`;
}

/** Row of `organizations` in scope: its memberships are public (with `persons` of the member in scope: same body). */
export const membershipPublic: SQL = sql`(organizations.kind in (${publicKindsList}) and organizations.body_id = persons.body_id)`;

/** Row of `organizations` in scope: a kind whose members are public figures. */
export const organizationOfPublicFigures: SQL = sql`organizations.kind in (${publicKindsList})`;

/**
 * Row of `files` in scope: the stored file may be downloaded (a file of a readable paper, or an attachment
 * of an item whose minutes may be read). Used where neither `papers` nor `agenda_items`/`meetings` is in
 * the outer query.
 */
export function fileReadable(visibility: Visibility): SQL {
  if (visibility !== 'public') return sql`true`;
  return sql`(coalesce((select true from paper_files vpf join papers on papers.id = vpf.paper_id
      where vpf.file_id = files.id and ${paperReadable(visibility)} limit 1), false)
    or coalesce((select true from agenda_item_attachments vat join agenda_items on agenda_items.id = vat.agenda_item_id
      join meetings on meetings.id = agenda_items.meeting_id
      where vat.file_id = files.id and ${itemMinutesReadable(visibility)} limit 1), false))`;
}
