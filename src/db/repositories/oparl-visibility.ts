/**
 * What the OParl API may show, as SQL conditions: the SAME rules as the portal's query layer, in one
 * place for the API. Each condition names the rule it mirrors. They are written against the real table
 * names (`papers`, `agenda_items`, `meetings`, …), so a query using them must select FROM those tables
 * without aliases.
 *
 * - Papers: `paperReadable('public')` of papers.ts.
 * - Agenda items: only public items (meetings.ts: a public reader never gets a non-public item's content;
 *   the API leaves such items out altogether, titles included), and only once the meeting is invited
 *   (the agenda is published with the invitation: meeting page, feeds.ts).
 * - Minutes content (course of discussion, resolutions, votes, conflicts of interest, attendance,
 *   attachments, the minutes themselves): only once the minutes are signed (documents/service.ts,
 *   meeting page).
 * - Consultations: of a public paper, not at a non-public agenda item (papers.ts withholds those).
 * - Persons: only with a membership in a council, committee or faction of their body (persons.ts);
 *   never their contact data.
 * - Memberships: only in councils, committees and factions (persons.ts).
 * - Stored files: of a public paper, or attached to a public item of a meeting whose minutes are signed
 *   (the download gate of files.ts). `storedFilePublic` is the one place to swap for that gate's SQL.
 */
import { type SQL, sql } from 'drizzle-orm';
import { paperReadable } from './papers.ts';
import { PUBLIC_ORGANIZATION_KINDS } from './persons.ts';

/** Organisation kinds whose members are public figures (persons.ts). */
const publicKindsList = sql.raw(PUBLIC_ORGANIZATION_KINDS.map((k) => `'${k}'`).join(', '));

/** The meeting state from which the minutes (and everything recorded in them) are public. */
export const MINUTES_PUBLISHED_STATE = 'minutes_signed';

/** Row of `papers` in scope: the paper is public (the portal's rule, papers.ts). */
export const paperPublic: SQL = paperReadable('public');

/** Rows of `agenda_items` and `meetings` in scope: the item is public and its agenda published. */
export const agendaItemPublic: SQL = sql`(agenda_items.public = true and meetings.state <> 'planned')`;

/** Row of `meetings` in scope: its minutes are published. */
export const minutesPublished: SQL = sql`meetings.state = 'minutes_signed'`;

/**
 * Rows of `consultations`, `papers` and (left-joined) `agenda_items` in scope: the consultation is
 * public (a public paper, not at a non-public agenda item).
 */
export const consultationPublic: SQL = sql`(${paperPublic} and (agenda_items.id is null or agenda_items.public = true))`;

/**
 * The person with this id (an SQL expression) is public: a membership in a council, committee or
 * faction of the person's own body. (A scalar subquery rather than EXISTS: evaluated per row with the
 * memberships_person index, never planned as a hash over all memberships.)
 */
export function personPublic(personId: SQL): SQL {
  return sql`coalesce((select true from memberships vm join persons vp on vp.id = vm.person_id
    join organizations vo on vo.id = vm.organization_id
    where vm.person_id = ${personId} and vo.body_id = vp.body_id and vo.kind in (${publicKindsList}) limit 1), false)`;
}

/** Rows of `memberships` and `organizations` (its organisation) and `persons` in scope: public. */
export const membershipPublic: SQL = sql`(organizations.kind in (${publicKindsList}) and organizations.body_id = persons.body_id)`;

/**
 * Row of `files` in scope: the stored file is public (the download gate of files.ts: a file of a public
 * paper, or an attachment of a public item whose minutes are published). Used where neither `papers`
 * nor `agenda_items`/`meetings` is in the outer query.
 */
export const storedFilePublic: SQL = sql`(coalesce((select true from paper_files vpf join papers on papers.id = vpf.paper_id
      where vpf.file_id = files.id and ${paperPublic} limit 1), false)
    or coalesce((select true from agenda_item_attachments vat join agenda_items on agenda_items.id = vat.agenda_item_id
      join meetings on meetings.id = agenda_items.meeting_id
      where vat.file_id = files.id and ${agendaItemPublic} and ${minutesPublished} limit 1), false))`;
