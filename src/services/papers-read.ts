/**
 * Back-office reads of papers (Vorlagen): the list of a body's papers with search, filters, sort and
 * pages; one paper with its consultation path, files and history (audit log). Who may read is decided
 * before (the routes and the API ask `can(actor, 'paper.read', { bodyId })`): members of a body read its
 * non-public papers too, so nothing is filtered by publicity here. Never used by a public surface.
 */

import { and, asc, desc, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../db/open.ts';
import {
  accounts,
  agendaItems,
  auditLog,
  bodies,
  consultations,
  files,
  meetings,
  organizations,
  paperFiles,
  paperNumberCounters,
  papers,
} from '../db/schema.ts';
import { folded, searchCondition } from './masterdata-edit.ts';

/** A paper's state, derived from its consultation path. */
export const PAPER_STATUSES = ['new', 'in_consultation', 'done'] as const;
export type PaperStatus = (typeof PAPER_STATUSES)[number];

/** Consultation statuses that still wait for a result. */
const PENDING = ['open', 'deferred'];

const pending = sql.raw(PENDING.map((s) => `'${s}'`).join(', '));

/** 'new' (no consultation path yet), 'in_consultation' (a consultation waits), 'done' (all have a result). */
const paperStatus = sql<PaperStatus>`case
  when not exists (select 1 from ${consultations} c where c.paper_id = ${papers.id}) then 'new'
  when exists (select 1 from ${consultations} c where c.paper_id = ${papers.id} and c.status in (${pending})) then 'in_consultation'
  else 'done' end`;

export const SORT_KEYS = ['reference', 'title', 'type', 'date', 'status'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface PaperListQuery {
  bodyId: number;
  /** Words to find in reference, title, type or text (each word, case-insensitive). */
  q?: string | undefined;
  type?: string | undefined;
  officeId?: number | undefined;
  year?: number | undefined;
  status?: PaperStatus | undefined;
  sort?: SortKey | undefined;
  direction?: 'asc' | 'desc' | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
}

export interface PaperListRow {
  id: number;
  reference: string;
  paperType: string;
  title: string;
  date: string | null;
  public: boolean;
  office: { id: number; name: string };
  status: PaperStatus;
  version: number;
}

const likePattern = (word: string) => `%${word.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

/** The papers of a body for the back office, with the total matching the filters (non-public ones too). */
export async function listOfficePapers(
  db: Executor,
  query: PaperListQuery,
): Promise<{ total: number; page: number; pageSize: number; rows: PaperListRow[] }> {
  const office = alias(organizations, 'office');
  const conditions: SQL[] = [eq(papers.bodyId, query.bodyId)];
  // Every word in the reference, type or title (folded: "gebuehren" and "Gebuhren" find "Gebühren",
  // "strasse" "Straße"; the master data lists' rule) or in the text (ILIKE: long, not stored folded).
  for (const word of (query.q ?? '').split(/\s+/).filter(Boolean).slice(0, 10)) {
    const match = or(
      searchCondition(word, [folded(papers.searchText)]),
      sql`coalesce(${papers.text}, '') ilike ${likePattern(word)}`,
    );
    if (match) conditions.push(match);
  }
  if (query.type) conditions.push(eq(papers.paperType, query.type));
  if (query.officeId) conditions.push(eq(papers.officeId, query.officeId));
  if (query.year) conditions.push(eq(papers.referenceYear, query.year));
  if (query.status) conditions.push(sql`${paperStatus} = ${query.status}`);
  const where = and(...conditions);
  const [count] = await db.select({ n: sql<number>`cast(count(*) as integer)` }).from(papers).where(where);
  const total = Number(count?.n ?? 0);
  const pageSize = query.pageSize ?? 25;
  const page = Math.max(1, query.page ?? 1);
  const dir = query.direction === 'asc' ? asc : desc;
  const order: SQL[] = {
    reference: [dir(papers.referenceYear), dir(office.officeNumber), dir(papers.referenceNumber)],
    title: [dir(sql`lower(${papers.title})`)],
    type: [dir(papers.paperType)],
    date: [query.direction === 'asc' ? sql`${papers.date} asc nulls last` : sql`${papers.date} desc nulls last`],
    status: [dir(paperStatus)],
  }[query.sort ?? 'reference'];
  const rows = await db
    .select({
      id: papers.id,
      reference: papers.reference,
      paperType: papers.paperType,
      title: papers.title,
      date: papers.date,
      public: papers.public,
      office: { id: office.id, name: office.name },
      status: paperStatus,
      version: papers.version,
    })
    .from(papers)
    .innerJoin(office, eq(office.id, papers.officeId))
    .where(where)
    .orderBy(...order, desc(papers.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { total, page, pageSize, rows };
}

/** What the list's filters offer: the body's paper types, offices with a number, years in use. */
export async function paperFilterOptions(db: Executor, bodyId: number) {
  const [types, offices, years] = await Promise.all([
    db
      .selectDistinct({ type: papers.paperType })
      .from(papers)
      .where(eq(papers.bodyId, bodyId))
      .orderBy(asc(papers.paperType)),
    officesOf(db, bodyId),
    db
      .selectDistinct({ year: papers.referenceYear })
      .from(papers)
      .where(eq(papers.bodyId, bodyId))
      .orderBy(desc(papers.referenceYear)),
  ]);
  return { types: types.map((t) => t.type), offices, years: years.map((y) => y.year) };
}

/** Offices of a body that number papers (have an office number), by number. */
export async function officesOf(db: Executor, bodyId: number) {
  const rows = await db
    .select({ id: organizations.id, name: organizations.name, officeNumber: organizations.officeNumber })
    .from(organizations)
    .where(
      and(
        eq(organizations.bodyId, bodyId),
        eq(organizations.kind, 'office'),
        sql`${organizations.officeNumber} is not null`,
      ),
    )
    .orderBy(asc(organizations.officeNumber));
  return rows.map((r) => ({ ...r, officeNumber: r.officeNumber ?? '' }));
}

/** Councils and committees of a body: who can be on a consultation path. */
export async function consultingBodiesOf(db: Executor, bodyId: number) {
  return db
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .where(and(eq(organizations.bodyId, bodyId), inArray(organizations.kind, ['council', 'committee'])))
    .orderBy(asc(organizations.name));
}

/** The number the next paper of an office and year would get (informational: allocated on saving). */
export async function nextPaperNumbers(db: Executor, bodyId: number, year: number): Promise<Map<number, number>> {
  const rows = await db
    .select({ officeId: paperNumberCounters.officeId, last: paperNumberCounters.lastNumber })
    .from(paperNumberCounters)
    .innerJoin(organizations, eq(organizations.id, paperNumberCounters.officeId))
    .where(and(eq(organizations.bodyId, bodyId), eq(paperNumberCounters.year, year)));
  return new Map(rows.map((r) => [r.officeId, r.last + 1]));
}

export interface OfficeConsultation {
  id: number;
  position: number;
  organization: { id: number; name: string };
  role: 'preliminary' | 'decision' | 'notice';
  status: string;
  meeting: { id: number; startAt: Date } | null;
  itemNumber: string | null;
}

export interface OfficePaper {
  id: number;
  body: { id: number; slug: string; name: string };
  reference: string;
  referenceYear: number;
  paperType: string;
  title: string;
  text: string | null;
  date: string | null;
  public: boolean;
  version: number;
  office: { id: number; name: string };
  originator: { id: number; name: string } | null;
  createdAt: Date;
  modifiedAt: Date;
  consultations: OfficeConsultation[];
  files: Array<{ id: number; name: string; fileName: string; mimeType: string; size: number }>;
}

/** The body a paper belongs to (for the permission check), or undefined. */
export async function paperBody(db: Executor, paperId: number): Promise<number | undefined> {
  const [row] = await db.select({ bodyId: papers.bodyId }).from(papers).where(eq(papers.id, paperId));
  return row?.bodyId;
}

/** One paper with everything the back office shows; undefined when there is none. */
export async function loadOfficePaper(db: Executor, paperId: number): Promise<OfficePaper | undefined> {
  const office = alias(organizations, 'office');
  const originator = alias(organizations, 'originator');
  const [head] = await db
    .select({
      id: papers.id,
      body: { id: bodies.id, slug: bodies.slug, name: bodies.name },
      reference: papers.reference,
      referenceYear: papers.referenceYear,
      paperType: papers.paperType,
      title: papers.title,
      text: papers.text,
      date: papers.date,
      public: papers.public,
      version: papers.version,
      office: { id: office.id, name: office.name },
      originator: { id: originator.id, name: originator.name },
      createdAt: papers.createdAt,
      modifiedAt: papers.modifiedAt,
    })
    .from(papers)
    .innerJoin(bodies, eq(bodies.id, papers.bodyId))
    .innerJoin(office, eq(office.id, papers.officeId))
    .leftJoin(originator, eq(originator.id, papers.originatorId))
    .where(eq(papers.id, paperId));
  if (!head) return undefined;
  const [path, fileRows] = await Promise.all([
    db
      .select({
        id: consultations.id,
        position: consultations.position,
        organization: { id: organizations.id, name: organizations.name },
        role: consultations.role,
        status: consultations.status,
        meetingId: meetings.id,
        startAt: meetings.startAt,
        itemNumber: agendaItems.number,
      })
      .from(consultations)
      .innerJoin(organizations, eq(organizations.id, consultations.organizationId))
      .leftJoin(agendaItems, eq(agendaItems.id, consultations.agendaItemId))
      .leftJoin(meetings, eq(meetings.id, agendaItems.meetingId))
      .where(eq(consultations.paperId, paperId))
      .orderBy(asc(consultations.position)),
    db
      .select({ id: files.id, name: files.name, fileName: files.fileName, mimeType: files.mimeType, size: files.size })
      .from(paperFiles)
      .innerJoin(files, eq(files.id, paperFiles.fileId))
      .where(eq(paperFiles.paperId, paperId))
      .orderBy(asc(paperFiles.position)),
  ]);
  return {
    ...head,
    originator: head.originator?.id != null ? head.originator : null,
    consultations: path.map(({ meetingId, startAt, ...c }) => ({
      ...c,
      meeting: meetingId != null && startAt != null ? { id: meetingId, startAt } : null,
    })),
    files: fileRows,
  };
}

/** A file of a paper with its content; undefined when the file is not one of the paper's. */
export async function loadPaperFile(db: Executor, paperId: number, fileId: number) {
  const [row] = await db
    .select({
      id: files.id,
      fileName: files.fileName,
      mimeType: files.mimeType,
      size: files.size,
      content: files.content,
    })
    .from(paperFiles)
    .innerJoin(files, eq(files.id, paperFiles.fileId))
    .where(and(eq(paperFiles.paperId, paperId), eq(paperFiles.fileId, fileId)));
  return row;
}

export interface HistoryEntry {
  id: number;
  at: Date;
  /** "user:12", "system:demo", … */
  actor: string;
  /** The account's display name, when the actor is an account. */
  actorName: string | null;
  action: string;
  entity: string;
  entityId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/**
 * The paper's history, oldest first: the audit log entries of the paper and of its consultations
 * (also of removed ones), with who made them.
 */
export async function paperHistory(db: Executor, paperId: number): Promise<HistoryEntry[]> {
  const id = String(paperId);
  const rows = await db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actor: auditLog.actor,
      actorName: accounts.displayName,
      action: auditLog.action,
      entity: auditLog.entity,
      entityId: auditLog.entityId,
      before: auditLog.before,
      after: auditLog.after,
    })
    .from(auditLog)
    .leftJoin(accounts, sql`${auditLog.actor} = 'user:' || ${accounts.id}`)
    .where(
      or(
        and(eq(auditLog.entity, 'paper'), eq(auditLog.entityId, id)),
        // Served by the partial index audit_log_consultation_paper (migration 0013).
        and(
          eq(auditLog.entity, 'consultation'),
          sql`coalesce(${auditLog.after}->>'paperId', ${auditLog.before}->>'paperId') = ${id}`,
        ),
      ),
    )
    .orderBy(asc(auditLog.at), asc(auditLog.id));
  return rows.map((r) => ({
    ...r,
    before: (r.before as Record<string, unknown> | null) ?? null,
    after: (r.after as Record<string, unknown> | null) ?? null,
  }));
}
