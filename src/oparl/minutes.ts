/**
 * The plain text of a meeting's PUBLIC minutes (`Meeting.resultsProtocol.text`): the same document the
 * portal serves as `niederschrift.txt` (documents/service.ts: read with public visibility, built, redacted,
 * rendered as text). The meetings of a page are read together (`loadMeetings` of meetings.ts, what the
 * portal's pages and documents read one at a time); texts are kept in
 * memory, keyed by the meeting and its effective modification time, so a change anywhere in the meeting
 * makes a new text.
 */
import type { Executor } from '../db/open.ts';
import { loadMeetings } from '../db/repositories/meetings.ts';
import { buildMinutes } from '../documents/builders.ts';
import { redact } from '../documents/redact.ts';
import { renderText } from '../documents/render-text.ts';
import { availableDocuments } from '../documents/service.ts';

const MAX_ENTRIES = 2000;
/** Per database (tests open many), then per meeting and modification time. */
const caches = new WeakMap<Executor, Map<string, string | undefined>>();

function cacheOf(db: Executor) {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  return cache;
}

/** The public minutes' texts of meetings (`modified`: their effective modification time), by meeting id. */
export async function publicMinutesTexts(
  db: Executor,
  meetings: readonly { meetingId: number; modified: number }[],
): Promise<Map<number, string | undefined>> {
  const cache = cacheOf(db);
  const result = new Map<number, string | undefined>();
  const missing: { meetingId: number; key: string }[] = [];
  for (const { meetingId, modified } of meetings) {
    const key = `${meetingId}@${modified}`;
    if (cache.has(key)) {
      const text = cache.get(key);
      // Most recently used last.
      cache.delete(key);
      cache.set(key, text);
      result.set(meetingId, text);
    } else missing.push({ meetingId, key });
  }
  if (missing.length === 0) return result;
  const records = await loadMeetings(
    db,
    missing.map((m) => m.meetingId),
    'public',
  );
  for (const { meetingId, key } of missing) {
    const meeting = records.get(meetingId);
    const text =
      meeting && availableDocuments(meeting, 'public').minutes
        ? renderText(redact(buildMinutes(meeting), meeting.body.settings))
        : undefined;
    result.set(meetingId, text);
    cache.set(key, text);
    if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  }
  return result;
}
