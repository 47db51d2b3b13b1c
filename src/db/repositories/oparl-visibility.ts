/**
 * What the OParl API may show: the conditions of the one visibility gate (visibility.ts) for the public
 * reader, under the names the API's queries use. Nothing is decided here. The API is stricter than the
 * portal in one point: it leaves non-public agenda items out altogether (titles included), where the
 * meeting page shows the titles the invitation published.
 */
import type { SQL } from 'drizzle-orm';
import {
  agendaItemFindable,
  consultationReadable,
  fileReadable,
  minutesPublished as minutesPublishedFor,
  paperReadable,
} from './visibility.ts';

export { MINUTES_PUBLISHED_STATE, membershipPublic, personPublic } from './visibility.ts';

/** Row of `papers` in scope: the paper is public. */
export const paperPublic: SQL = paperReadable('public');

/** Rows of `agenda_items` and `meetings` in scope: the item is public and its agenda published. */
export const agendaItemPublic: SQL = agendaItemFindable('public');

/** Row of `meetings` in scope: its minutes are published. */
export const minutesPublished: SQL = minutesPublishedFor('public');

/** Rows of `consultations`, `papers` and (left-joined) `agenda_items` in scope: the consultation is public. */
export const consultationPublic: SQL = consultationReadable('public');

/** Row of `files` in scope: the stored file is public (the download gate). */
export const storedFilePublic: SQL = fileReadable('public');
