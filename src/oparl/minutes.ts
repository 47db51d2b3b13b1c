/**
 * The plain text of a meeting's PUBLIC minutes (`Meeting.resultsProtocol.text`): the same document the
 * portal serves as `niederschrift.txt` (documents/service.ts: read with public visibility, redacted,
 * rendered as text). Rendering reads the whole meeting, so texts are kept in memory, keyed by the
 * meeting and its effective modification time: a change anywhere in the meeting makes a new text.
 */
import type { Executor } from '../db/open.ts';
import { meetingDocument } from '../documents/service.ts';

const MAX_ENTRIES = 2000;
/** Per database (tests open many), then per meeting and modification time. */
const caches = new WeakMap<Executor, Map<string, Promise<string | undefined>>>();

/** The public minutes' text, or undefined when the minutes are not public. */
export function publicMinutesText(db: Executor, meetingId: number, modified: number): Promise<string | undefined> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  const key = `${meetingId}@${modified}`;
  let text = cache.get(key);
  if (text) {
    // Most recently used last.
    cache.delete(key);
    cache.set(key, text);
    return text;
  }
  text = render(db, meetingId);
  cache.set(key, text);
  text.catch(() => cache.delete(key));
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  return text;
}

async function render(db: Executor, meetingId: number): Promise<string | undefined> {
  const found = await meetingDocument(db, { meetingId, kind: 'minutes', visibility: 'public' });
  if (!found) return undefined;
  const { renderText } = await import('../documents/render-text.ts');
  return renderText(found.model);
}
