/**
 * Stored files (Anlagen) for public download. The ONE visibility gate for files is HERE, in SQL
 * (`filePublic`): a file is public only when it is
 * - a file of a public paper (the rule of `loadPaper`: `papers.public = true`), or
 * - an attachment of a public agenda item (the rule of `loadMeeting`: `agenda_items.public = true`) of a
 *   meeting whose minutes are signed (attachments belong to the minutes, which are public once signed,
 *   as in documents/service.ts).
 * Anything else (a file of a non-public paper or item, of minutes not yet signed, or of nothing at all)
 * does not exist for a public reader: the same `undefined` as an unknown id.
 */
import { and, asc, eq, exists, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../open.ts';
import { agendaItemAttachments, agendaItems, bodies, files, meetings, paperFiles, papers } from '../schema.ts';
import { paperReadable } from './papers.ts';

/** Meeting state from which its minutes, and with them the attachments, are public. */
const MINUTES_PUBLISHED = 'minutes_signed';

/** SQL condition "the attachment's agenda item and meeting are public"; rows of agenda_items and meetings in scope. */
function attachmentPublic(): SQL {
  return sql`${agendaItems.public} = true and ${meetings.state} = ${MINUTES_PUBLISHED}`;
}

/** SQL condition "the file (row of `files` in scope) may be downloaded by the public". */
function filePublic(db: Executor): SQL {
  const ofPublicPaper = exists(
    db
      .select({ one: sql`1` })
      .from(paperFiles)
      .innerJoin(papers, eq(papers.id, paperFiles.paperId))
      .where(and(eq(paperFiles.fileId, files.id), paperReadable('public'))),
  );
  const ofPublishedItem = exists(
    db
      .select({ one: sql`1` })
      .from(agendaItemAttachments)
      .innerJoin(agendaItems, eq(agendaItems.id, agendaItemAttachments.agendaItemId))
      .innerJoin(meetings, eq(meetings.id, agendaItems.meetingId))
      .where(and(eq(agendaItemAttachments.fileId, files.id), attachmentPublic())),
  );
  return sql`(${ofPublicPaper} or ${ofPublishedItem})`;
}

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
  const where = and(eq(files.id, fileId), eq(bodies.slug, bodySlug), filePublic(db));
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
    .where(and(eq(meetings.id, meetingId), attachmentPublic()))
    .orderBy(asc(agendaItems.position), asc(agendaItemAttachments.position));
  return rows;
}
