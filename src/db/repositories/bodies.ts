/**
 * Reads of bodies (tenants).
 */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../open.ts';
import { agendaItems, bodies, consultations, meetings, papers } from '../schema.ts';

/** True when the database holds no body at all (a fresh installation). */
export async function isEmpty(db: Executor): Promise<boolean> {
  const rows = await db.select({ id: bodies.id }).from(bodies).limit(1);
  return rows.length === 0;
}

/** All bodies (tenants) of the installation, by name. */
export async function listBodies(db: Executor) {
  return db.select({ slug: bodies.slug, name: bodies.name }).from(bodies).orderBy(asc(bodies.name), asc(bodies.id));
}

export interface ConsultedPaper {
  id: number;
  reference: string;
  paperType: string;
  title: string;
  /** ISO calendar date of the paper. */
  date: string | null;
  /** Start of the latest meeting of the organisation where the paper was (or is to be) consulted. */
  lastMeetingAt: Date | null;
}

/**
 * The public papers on the consultation path (Beratungsfolge) of a council or committee, by the latest
 * meeting where they were (or are to be) consulted there, newest first (papers not yet on an agenda
 * first of all: they are still to come), one page of them. A non-public paper does not exist for a public reader (as in the papers repository); nothing of
 * the consultation's agenda item or result is read here.
 */
export async function listConsultedPapers(
  db: Executor,
  organizationId: number,
  page: { limit: number; offset: number },
): Promise<{ total: number; entries: ConsultedPaper[] }> {
  const where = and(eq(consultations.organizationId, organizationId), eq(papers.public, true));
  const [totalRow] = await db
    .select({ n: sql<number>`cast(count(distinct ${papers.id}) as integer)` })
    .from(consultations)
    .innerJoin(papers, eq(papers.id, consultations.paperId))
    .where(where);
  const total = Number(totalRow?.n ?? 0);
  if (total <= page.offset) return { total, entries: [] };
  // Seconds since the epoch: a number on both drivers (a raw timestamp would be a driver-specific string).
  const lastMeetingAt = sql<number | null>`cast(extract(epoch from max(${meetings.startAt})) as double precision)`;
  const rows = await db
    .select({
      id: papers.id,
      reference: papers.reference,
      paperType: papers.paperType,
      title: papers.title,
      date: papers.date,
      lastMeetingAt,
    })
    .from(consultations)
    .innerJoin(papers, eq(papers.id, consultations.paperId))
    .leftJoin(agendaItems, eq(agendaItems.id, consultations.agendaItemId))
    .leftJoin(meetings, eq(meetings.id, agendaItems.meetingId))
    .where(where)
    .groupBy(papers.id)
    .orderBy(
      sql`max(${meetings.startAt}) desc nulls first`,
      sql`${papers.date} desc nulls last`,
      desc(papers.referenceYear),
      desc(papers.reference),
      desc(papers.id),
    )
    .limit(page.limit)
    .offset(page.offset);
  return {
    total,
    entries: rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      paperType: r.paperType,
      title: r.title,
      date: r.date,
      lastMeetingAt: r.lastMeetingAt == null ? null : new Date(Number(r.lastMeetingAt) * 1000),
    })),
  };
}
