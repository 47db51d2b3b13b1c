/**
 * Stored files (Anlagen) for public download, behind `fileReadable('public')` of the one visibility gate
 * (visibility.ts): a file is public only when it is
 * - a file of a public paper, or
 * - an attachment of a public agenda item of a meeting whose minutes are published (attachments belong to
 *   the minutes, which are public once signed and published, as in documents/service.ts).
 * Anything else (a file of a non-public paper or item, of minutes not yet published, or of nothing at all)
 * does not exist for a public reader: the same `undefined` as an unknown id.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '../open.ts';
import { agendaItemAttachments, agendaItems, bodies, files, meetings } from '../schema.ts';
import { fileReadable, itemMinutesReadable } from './visibility.ts';

export interface PublicFileHead {
  id: number;
  /** Display name ("Präsentation KRZN"). */
  name: string;
  /** File name for downloads ("Anlage_2_Praesentation_KRZN.pdf"). */
  fileName: string;
  mimeType: string;
  size: number;
  /** SHA-256 of the content, hex. */
  sha256: string;
  modifiedAt: Date;
}

export interface PublicFile extends PublicFileHead {
  content: Uint8Array;
}

const headColumns = {
  id: files.id,
  name: files.name,
  fileName: files.fileName,
  mimeType: files.mimeType,
  size: files.size,
  sha256: files.sha256,
  modifiedAt: files.modifiedAt,
};

/**
 * A file of the body with this slug that the public may download, with its content; `undefined` when
 * there is no such file, it belongs to another body, or it is not public (the caller cannot tell which).
 * `withContent: false` reads only the head (for a redirect or a 304 without reading the bytes).
 */
export async function loadPublicFile(
  db: Executor,
  bodySlug: string,
  fileId: number,
  options: { withContent: false },
): Promise<PublicFileHead | undefined>;
export async function loadPublicFile(
  db: Executor,
  bodySlug: string,
  fileId: number,
  options?: { withContent?: true },
): Promise<PublicFile | undefined>;
export async function loadPublicFile(
  db: Executor,
  bodySlug: string,
  fileId: number,
  options: { withContent?: boolean } = {},
): Promise<PublicFileHead | PublicFile | undefined> {
  const where = and(eq(files.id, fileId), eq(bodies.slug, bodySlug), fileReadable('public'));
  if (options.withContent === false) {
    const [head] = await db.select(headColumns).from(files).innerJoin(bodies, eq(bodies.id, files.bodyId)).where(where);
    return head;
  }
  const [row] = await db
    .select({ ...headColumns, content: files.content })
    .from(files)
    .innerJoin(bodies, eq(bodies.id, files.bodyId))
    .where(where);
  return row;
}

export interface PublicAttachment {
  /** "Anlage 1" */
  label: string;
  /** Number of the agenda item it belongs to ("5"). */
  itemNumber: string;
  itemTitle: string;
  file: Omit<PublicFileHead, 'sha256' | 'modifiedAt'>;
}

/**
 * The attachments of a meeting that the public may download, in agenda order: none before the minutes
 * are signed, none of a non-public item (the same condition as the download gate).
 */
export async function publicMeetingAttachments(db: Executor, meetingId: number): Promise<PublicAttachment[]> {
  const rows = await db
    .select({
      label: agendaItemAttachments.label,
      itemNumber: agendaItems.number,
      itemTitle: agendaItems.title,
      file: { id: files.id, name: files.name, fileName: files.fileName, mimeType: files.mimeType, size: files.size },
    })
    .from(agendaItemAttachments)
    .innerJoin(agendaItems, eq(agendaItems.id, agendaItemAttachments.agendaItemId))
    .innerJoin(meetings, eq(meetings.id, agendaItems.meetingId))
    .innerJoin(files, eq(files.id, agendaItemAttachments.fileId))
    .where(and(eq(meetings.id, meetingId), itemMinutesReadable('public')))
    .orderBy(asc(agendaItems.position), asc(agendaItemAttachments.position));
  return rows;
}
