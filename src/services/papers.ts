/**
 * Use cases for papers (Vorlagen), their reference numbers, files and consultation path.
 */
import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { consultations, files, paperFiles, paperNumberCounters, papers } from '../db/schema.ts';
import { DomainError } from '../domain/errors.ts';
import { formatPaperReference, parsePaperReference } from '../domain/paper-reference.ts';
import { audit, found, inTransaction, type ServiceContext } from './context.ts';
import { getBody, getOrganization } from './masterdata.ts';

export interface CreateFileInput {
  bodyId: number;
  name: string;
  fileName: string;
  mimeType: string;
  content: Uint8Array;
  text?: string | null;
}

export function createFile(ctx: ServiceContext, input: CreateFileInput) {
  return inTransaction(ctx, async (tx) => {
    await getBody(tx, input.bodyId);
    if (!/^[^/\\\0]+$/.test(input.fileName)) {
      throw new DomainError('file.invalid_name', `Der Dateiname „${input.fileName}“ ist ungültig.`);
    }
    const sha256 = createHash('sha256').update(input.content).digest('hex');
    const [row] = await tx.db
      .insert(files)
      .values({ ...input, size: input.content.byteLength, sha256, text: input.text ?? null })
      .returning({ id: files.id, name: files.name, fileName: files.fileName, size: files.size, sha256: files.sha256 });
    const created = found(row, 'file', 'neu');
    await audit(tx, { bodyId: input.bodyId, action: 'create', entity: 'file', entityId: created.id, after: created });
    return created;
  });
}

export interface CreatePaperInput {
  bodyId: number;
  officeId: number;
  year: number;
  /** Reference as printed ("10/002/2021") for papers that already have one (imports); else allocated. */
  reference?: string | null;
  paperType: string;
  title: string;
  text?: string | null;
  date?: string | null;
  originatorId?: number | null;
  public?: boolean;
}

/**
 * Creates a paper. Without an explicit reference the next number of the office and year is allocated
 * from a counter row that is locked until the transaction ends: numbers have no gaps (a rolled-back
 * creation releases its number) and no duplicates, also under concurrent requests.
 */
export function createPaper(ctx: ServiceContext, input: CreatePaperInput) {
  return inTransaction(ctx, async (tx) => {
    const body = await getBody(tx, input.bodyId);
    const office = await getOrganization(tx, input.officeId);
    if (office.bodyId !== body.id) {
      throw new DomainError('paper.body_mismatch', 'Das Amt gehört zu einer anderen Körperschaft.');
    }
    if (office.kind !== 'office' || !office.officeNumber) {
      throw new DomainError(
        'paper.office_without_number',
        `„${office.name}“ ist kein Amt mit Amtsnummer; Vorlagennummern werden je Amt vergeben.`,
      );
    }
    if (!input.title.trim()) throw new DomainError('paper.title_missing', 'Der Titel der Vorlage fehlt.');
    if (input.originatorId != null) {
      const originator = await getOrganization(tx, input.originatorId);
      if (originator.bodyId !== body.id) {
        throw new DomainError('paper.body_mismatch', 'Der Antragsteller gehört zu einer anderen Körperschaft.');
      }
    }

    let number: number;
    if (input.reference) {
      const parsed = parsePaperReference(input.reference);
      if (!parsed || parsed.office !== office.officeNumber || parsed.year !== input.year) {
        throw new DomainError(
          'paper.reference_mismatch',
          `Die Vorlagennummer „${input.reference}“ passt nicht zu Amt ${office.officeNumber} und Jahr ${input.year}.`,
          { reference: input.reference },
        );
      }
      number = parsed.number;
      const [taken] = await tx.db
        .select({ id: papers.id })
        .from(papers)
        .where(
          and(eq(papers.officeId, office.id), eq(papers.referenceYear, input.year), eq(papers.referenceNumber, number)),
        );
      if (taken) {
        throw new DomainError('paper.reference_taken', `Die Vorlagennummer ${input.reference} ist bereits vergeben.`, {
          reference: input.reference,
        });
      }
      // Keep the counter ahead of imported numbers.
      await tx.db
        .insert(paperNumberCounters)
        .values({ officeId: office.id, year: input.year, lastNumber: number })
        .onConflictDoUpdate({
          target: [paperNumberCounters.officeId, paperNumberCounters.year],
          set: { lastNumber: sql`greatest(${paperNumberCounters.lastNumber}, ${number})` },
        });
    } else {
      const [counter] = await tx.db
        .insert(paperNumberCounters)
        .values({ officeId: office.id, year: input.year, lastNumber: 1 })
        .onConflictDoUpdate({
          target: [paperNumberCounters.officeId, paperNumberCounters.year],
          set: { lastNumber: sql`${paperNumberCounters.lastNumber} + 1` },
        })
        .returning({ lastNumber: paperNumberCounters.lastNumber });
      number = found(counter, 'paper', `${office.officeNumber}/…/${input.year}`).lastNumber;
    }
    const reference = formatPaperReference({ office: office.officeNumber, number, year: input.year });
    const [row] = await tx.db
      .insert(papers)
      .values({
        bodyId: body.id,
        officeId: office.id,
        referenceYear: input.year,
        referenceNumber: number,
        reference,
        paperType: input.paperType,
        title: input.title,
        text: input.text ?? null,
        date: input.date ?? null,
        originatorId: input.originatorId ?? null,
        public: input.public ?? true,
      })
      .returning();
    const paper = found(row, 'paper', reference);
    await audit(tx, { bodyId: body.id, action: 'create', entity: 'paper', entityId: paper.id, after: paper });
    return paper;
  });
}

export async function getPaper(ctx: ServiceContext, id: number) {
  const [row] = await ctx.db.select().from(papers).where(eq(papers.id, id));
  return found(row, 'paper', id);
}

export function attachFileToPaper(ctx: ServiceContext, input: { paperId: number; fileId: number }) {
  return inTransaction(ctx, async (tx) => {
    const paper = await getPaper(tx, input.paperId);
    const [file] = await tx.db.select({ bodyId: files.bodyId }).from(files).where(eq(files.id, input.fileId));
    if (found(file, 'file', input.fileId).bodyId !== paper.bodyId) {
      throw new DomainError('paper.body_mismatch', 'Die Datei gehört zu einer anderen Körperschaft.');
    }
    const [{ next } = { next: 1 }] = await tx.db
      .select({ next: sql<number>`coalesce(max(${paperFiles.position}), 0)::int + 1` })
      .from(paperFiles)
      .where(eq(paperFiles.paperId, paper.id));
    await tx.db.insert(paperFiles).values({ paperId: paper.id, fileId: input.fileId, position: Number(next) });
    await audit(tx, {
      bodyId: paper.bodyId,
      action: 'attach_file',
      entity: 'paper',
      entityId: paper.id,
      after: { fileId: input.fileId },
    });
  });
}

export interface AddConsultationInput {
  paperId: number;
  organizationId: number;
  role: 'preliminary' | 'decision' | 'notice';
  status?: string;
  agendaItemId?: number | null;
}

/** Appends a body to the paper's consultation path (Beratungsfolge). */
export function addConsultation(ctx: ServiceContext, input: AddConsultationInput) {
  return inTransaction(ctx, async (tx) => {
    const paper = await getPaper(tx, input.paperId);
    const organization = await getOrganization(tx, input.organizationId);
    if (organization.bodyId !== paper.bodyId) {
      throw new DomainError('consultation.body_mismatch', 'Das Gremium gehört zu einer anderen Körperschaft.');
    }
    if (organization.kind !== 'council' && organization.kind !== 'committee') {
      throw new DomainError('consultation.not_a_committee', `„${organization.name}“ ist kein beratendes Gremium.`);
    }
    const [{ next } = { next: 1 }] = await tx.db
      .select({ next: sql<number>`coalesce(max(${consultations.position}), 0)::int + 1` })
      .from(consultations)
      .where(eq(consultations.paperId, paper.id));
    const [row] = await tx.db
      .insert(consultations)
      .values({
        paperId: paper.id,
        organizationId: organization.id,
        position: Number(next),
        role: input.role,
        status: input.status ?? 'open',
        agendaItemId: input.agendaItemId ?? null,
      })
      .returning();
    const consultation = found(row, 'consultation', 'neu');
    await audit(tx, {
      bodyId: paper.bodyId,
      action: 'create',
      entity: 'consultation',
      entityId: consultation.id,
      after: consultation,
    });
    return consultation;
  });
}
