/**
 * Reads papers (Vorlagen) for the portal. Visibility is applied HERE, in the query layer:
 * - a non-public paper (`papers.public = false`) does not exist for a public reader;
 * - a consultation at a non-public agenda item keeps its body and meeting date, but its item number
 *   and its status (the result) never leave the database for a public reader;
 * - files are read only for a public paper (or a reader who may read a non-public one).
 */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Visibility } from '../../domain/visibility.ts';
import type { Executor } from '../open.ts';
import { agendaItems, bodies, consultations, files, meetings, organizations, paperFiles, papers } from '../schema.ts';
import { itemContentReadable, paperReadable } from './visibility.ts';

export type ConsultationRole = (typeof consultations.$inferSelect)['role'];

export interface ConsultationRecord {
  position: number;
  organization: { id: number; name: string };
  role: ConsultationRole;
  /** Stored status ('open', 'recommended', 'decided', 'noted', …); null when the reader may not know it. */
  status: string | null;
  /** Consulted (or to be consulted) at an agenda item the reader may not read: the result is withheld. */
  nonPublic: boolean;
  /** The meeting of the agenda item, when the consultation is linked to one. */
  meeting: {
    id: number;
    startAt: Date;
    state: (typeof meetings.$inferSelect)['state'];
    cancelled: boolean;
  } | null;
  /** Printed number of the agenda item; null when there is none or the reader may not know it. */
  itemNumber: string | null;
}

export interface PaperFileRecord {
  id: number;
  name: string;
  fileName: string;
  mimeType: string;
  size: number;
}

export interface PaperRecord {
  id: number;
  body: { id: number; slug: string; name: string };
  reference: string;
  paperType: string;
  title: string;
  text: string | null;
  /** ISO calendar date, "2021-02-11". */
  date: string | null;
  public: boolean;
  office: { id: number; name: string };
  originator: { id: number; name: string } | null;
  consultations: ConsultationRecord[];
  files: PaperFileRecord[];
}

/**
 * One paper of a body with its consultation path (Beratungsfolge, in order) and files.
 * `undefined` when there is no such paper, it belongs to another body, or the reader may not read it.
 */
export async function loadPaper(
  db: Executor,
  bodySlug: string,
  paperId: number,
  visibility: Visibility,
): Promise<PaperRecord | undefined> {
  const office = alias(organizations, 'office');
  const originator = alias(organizations, 'originator');
  const [head] = await db
    .select({
      id: papers.id,
      body: { id: bodies.id, slug: bodies.slug, name: bodies.name },
      reference: papers.reference,
      paperType: papers.paperType,
      title: papers.title,
      text: papers.text,
      date: papers.date,
      public: papers.public,
      office: { id: office.id, name: office.name },
      originator: { id: originator.id, name: originator.name },
    })
    .from(papers)
    .innerJoin(bodies, eq(bodies.id, papers.bodyId))
    .innerJoin(office, eq(office.id, papers.officeId))
    .leftJoin(originator, eq(originator.id, papers.originatorId))
    .where(and(eq(papers.id, paperId), eq(bodies.slug, bodySlug), paperReadable(visibility)));
  if (!head) return undefined;

  // An agenda item the reader may read; a consultation without an item has nothing to withhold.
  const itemReadable =
    visibility === 'public' ? sql`(${agendaItems.id} is null or ${itemContentReadable(visibility)})` : sql`true`;
  const rows = await db
    .select({
      position: consultations.position,
      organization: { id: organizations.id, name: organizations.name },
      role: consultations.role,
      readable: sql<boolean>`${itemReadable}`,
      status: sql<string | null>`case when ${itemReadable} then ${consultations.status} else null end`,
      itemNumber: sql<string | null>`case when ${itemReadable} then ${agendaItems.number} else null end`,
      meetingId: meetings.id,
      startAt: meetings.startAt,
      state: meetings.state,
      cancelled: meetings.cancelled,
    })
    .from(consultations)
    .innerJoin(organizations, eq(organizations.id, consultations.organizationId))
    .leftJoin(agendaItems, eq(agendaItems.id, consultations.agendaItemId))
    .leftJoin(meetings, eq(meetings.id, agendaItems.meetingId))
    .where(eq(consultations.paperId, head.id))
    .orderBy(asc(consultations.position));

  const fileRows =
    head.public || visibility !== 'public'
      ? await db
          .select({
            id: files.id,
            name: files.name,
            fileName: files.fileName,
            mimeType: files.mimeType,
            size: files.size,
          })
          .from(paperFiles)
          .innerJoin(files, eq(files.id, paperFiles.fileId))
          .where(eq(paperFiles.paperId, head.id))
          .orderBy(asc(paperFiles.position))
      : [];

  return {
    ...head,
    originator: head.originator?.id != null ? head.originator : null,
    consultations: rows.map((r) => {
      const readable = r.readable === true;
      return {
        position: r.position,
        organization: r.organization,
        role: r.role,
        status: readable ? r.status : null,
        nonPublic: !readable,
        meeting:
          r.meetingId != null && r.startAt != null && r.state != null
            ? { id: r.meetingId, startAt: r.startAt, state: r.state, cancelled: r.cancelled === true }
            : null,
        // While the agenda is unpublished (meeting planned), a public reader gets no item number either.
        itemNumber: readable && !(visibility === 'public' && r.state === 'planned') ? r.itemNumber : null,
      };
    }),
    files: fileRows,
  };
}

export interface PaperListEntry {
  id: number;
  reference: string;
  paperType: string;
  title: string;
  /** ISO calendar date, "2021-02-11". */
  date: string | null;
  body: { slug: string; name: string };
}

/**
 * The public papers of a body, newest first (by date, undated last, then by reference), paginated,
 * with the total count of public papers. `undefined` when there is no body with this slug.
 */
export async function listPapers(
  db: Executor,
  options: { bodySlug: string; limit: number; offset: number; order?: 'asc' | 'desc' },
): Promise<{ body: { id: number; slug: string; name: string }; total: number; entries: PaperListEntry[] } | undefined> {
  const [body] = await db
    .select({ id: bodies.id, slug: bodies.slug, name: bodies.name })
    .from(bodies)
    .where(eq(bodies.slug, options.bodySlug));
  if (!body) return undefined;
  const where = and(eq(papers.bodyId, body.id), paperReadable('public'));
  const [totalRow] = await db.select({ n: sql<number>`cast(count(*) as integer)` }).from(papers).where(where);
  const direction = options.order === 'asc' ? asc : desc;
  const rows = await db
    .select({
      id: papers.id,
      reference: papers.reference,
      paperType: papers.paperType,
      title: papers.title,
      date: papers.date,
    })
    .from(papers)
    .where(where)
    .orderBy(
      sql`${papers.date} is null`,
      direction(papers.date),
      direction(papers.referenceYear),
      direction(papers.reference),
      direction(papers.id),
    )
    .limit(options.limit)
    .offset(options.offset);
  return {
    body,
    total: Number(totalRow?.n ?? 0),
    entries: rows.map((r) => ({ ...r, body: { slug: body.slug, name: body.name } })),
  };
}

/** The latest public papers of all bodies (start page): newest date first, then newest created. */
export async function latestPapers(db: Executor, limit: number) {
  return db
    .select({
      id: papers.id,
      reference: papers.reference,
      title: papers.title,
      paperType: papers.paperType,
      date: papers.date,
      bodySlug: bodies.slug,
      bodyName: bodies.name,
    })
    .from(papers)
    .innerJoin(bodies, eq(bodies.id, papers.bodyId))
    .where(paperReadable('public'))
    .orderBy(sql`${papers.date} desc nulls last`, desc(papers.createdAt), desc(papers.id))
    .limit(limit);
}
