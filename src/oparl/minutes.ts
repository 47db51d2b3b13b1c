/**
 * The plain text of a meeting's PUBLIC minutes (`Meeting.resultsProtocol.text`): the same document the
 * portal serves as `niederschrift.txt` (documents/service.ts: read with public visibility, built, redacted,
 * rendered as text). Stored in the database once rendered (migration 0011, `oparl_minutes_texts`) under
 * the meeting's exact effective modification time, and used only while that time is unchanged (a change
 * of the names, papers or settings the text shows drops the body's texts: triggers of 0011). Texts to
 * render are read for the meetings of a page together (`loadMeetings` of meetings.ts, what the portal's
 * pages and documents read one at a time). No copy is kept in memory: it could not tell when a name changed.
 */
import type { Executor } from '../db/open.ts';
import { loadMeetings } from '../db/repositories/meetings.ts';
import { load, meetingsWithoutMinutesText, storeMinutesTexts } from '../db/repositories/oparl.ts';
import { buildMinutes } from '../documents/builders.ts';
import { redact } from '../documents/redact.ts';
import { renderText } from '../documents/render-text.ts';
import { availableDocuments } from '../documents/service.ts';

/** A meeting whose minutes' text is wanted: its row's stored text (when valid) and exact time. */
export interface MinutesRequest {
  meetingId: number;
  /** The stored text, when the database holds one rendered at the meeting's present time. */
  storedMinutesText?: string | null | undefined;
  /** The meeting's exact modification time, read with the row (before the meeting is read to render). */
  modifiedStamp?: string | undefined;
}

/**
 * The public minutes' texts of meetings, by meeting id: the stored text where the database has a valid
 * one (migration 0011), else rendered, and then stored for the next reader.
 */
export async function publicMinutesTexts(
  db: Executor,
  meetings: readonly MinutesRequest[],
): Promise<Map<number, string | undefined>> {
  const result = new Map<number, string | undefined>();
  const missing = meetings.filter((m) => m.storedMinutesText == null);
  for (const m of meetings) if (m.storedMinutesText != null) result.set(m.meetingId, m.storedMinutesText);
  if (missing.length === 0) return result;
  const records = await loadMeetings(
    db,
    missing.map((m) => m.meetingId),
    'public',
  );
  const toStore: { meetingId: number; stamp: string; text: string }[] = [];
  for (const { meetingId, modifiedStamp } of missing) {
    const meeting = records.get(meetingId);
    const text =
      meeting && availableDocuments(meeting, 'public').minutes
        ? renderText(redact(buildMinutes(meeting), meeting.body.settings))
        : undefined;
    result.set(meetingId, text);
    // Stored under the time read with the row, before the meeting was read for the text.
    if (text !== undefined && modifiedStamp) toStore.push({ meetingId, stamp: modifiedStamp, text });
  }
  try {
    await storeMinutesTexts(db, toStore);
  } catch (error) {
    // A cache: a reader's answer does not fail because the text could not be kept (e.g. a database
    // opened read-only); the next reader renders it again.
    console.warn('OParl: Niederschriftstexte konnten nicht gespeichert werden:', (error as Error).message);
  }
  return result;
}

/**
 * Stores the texts of a body's published minutes that have none (or an outdated one): for loaders that
 * write meetings in bulk (the generator, the demo data), so that the API's first reader finds them.
 * Returns how many were stored.
 */
export async function storeBodyMinutesTexts(db: Executor, bodyId: number, batch = 100): Promise<number> {
  const ids = await meetingsWithoutMinutesText(db, bodyId);
  for (let i = 0; i < ids.length; i += batch) {
    const rows = await load.minutesOfMeetings(db, ids.slice(i, i + batch));
    await publicMinutesTexts(db, rows);
  }
  return ids.length;
}
