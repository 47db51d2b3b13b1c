/**
 * Back-office use cases for papers (Vorlagen): create with the next reference number and files, edit
 * with optimistic locking, and the consultation path (add, change role or status, remove, reorder).
 * Each write is one transaction, asks `can()` itself (the routes ask first; the API's targets come from
 * the request body), and writes an audit log entry with before/after.
 *
 * Bad input throws `validation.failed` with German messages per field (`details.fields`); a save against
 * a paper changed since the form was loaded throws `conflict.stale`; nothing is written then.
 *
 * Optimistic locking: `papers.version` is raised by a trigger on every update of the row (migration
 * 0013), and every write here first updates the paper row `where version = <the version the form was
 * loaded from>`. That update also locks the row until the transaction ends, so two writes to the same
 * paper (its consultation positions included) run one after the other.
 *
 * @example
 *   const paper = await createOfficePaper(ctx, actor, { bodyId, officeId, year: 2026, paperType: 'Beschlussvorlage', title: 'Radweg', public: true });
 *   await updateOfficePaper(ctx, actor, paper.id, { version: paper.version, title: 'Radweg Süd', … }); // ok
 *   await updateOfficePaper(ctx, actor, paper.id, { version: paper.version, … }); // throws conflict.stale
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { consultations, organizations, papers } from '../db/schema.ts';
import { DomainError } from '../domain/errors.ts';
import { formatDate, formatTime } from '../domain/format.ts';
import { type Action, type Actor, can, refusal } from '../domain/permissions.ts';
import { audit, found, inTransaction, type ServiceContext } from './context.ts';
import { type DateFormat, invalidDateMessage, optionalDateField } from './meetings-office.ts';
import { attachFileToPaper, createFile, createPaper, getPaper } from './papers.ts';
import { paperHistory } from './papers-read.ts';

/** The most a single uploaded file may have. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** The most files one request may bring. */
export const MAX_FILES_PER_REQUEST = 10;

export const CONSULTATION_ROLES = ['preliminary', 'decision', 'notice'] as const;
export type ConsultationRoleName = (typeof CONSULTATION_ROLES)[number];

/** Statuses a consultation can have in the back office (imports may bring others; they are kept). */
export const CONSULTATION_STATUSES = [
  'open',
  'deferred',
  'recommended',
  'decided',
  'rejected',
  'noted',
  'withdrawn',
] as const;
export type ConsultationStatus = (typeof CONSULTATION_STATUSES)[number];

/** Field errors as German messages, keyed by input field. */
export type FieldErrors = Record<string, string>;

/** `validation.failed` with one German message per field. */
export function validationFailed(fields: FieldErrors): DomainError {
  const messages = Object.values(fields);
  return new DomainError(
    'validation.failed',
    messages.length === 1 ? (messages[0] as string) : `Bitte prüfen Sie die Eingaben: ${messages.join(' ')}`,
    { fields },
  );
}

function permitted(who: Actor, action: Action, bodyId: number) {
  if (!can(who, action, { bodyId })) {
    throw new DomainError('permission.denied', refusal(who, action, { bodyId }));
  }
}

const paperFields = {
  paperType: z.string().trim().min(1).max(100),
  title: z.string().trim().min(1).max(500),
  text: z.string().max(200_000).nullable().optional(),
  date: optionalDateField,
  public: z.boolean(),
};

const createSchema = z.object({
  bodyId: z.number().int().positive(),
  officeId: z.number().int().positive(),
  year: z.number().int().min(1950).max(2200),
  ...paperFields,
});

const updateSchema = z.object({ version: z.number().int().positive(), ...paperFields });

const FIELD_MESSAGES: Record<string, string> = {
  bodyId: 'Bitte wählen Sie eine Körperschaft.',
  officeId: 'Bitte wählen Sie das Amt, das die Vorlage einbringt.',
  year: 'Das Jahr muss eine vierstellige Jahreszahl sein (1950 bis 2200).',
  paperType: 'Bitte geben Sie die Art der Vorlage an (höchstens 100 Zeichen).',
  title: 'Bitte geben Sie einen Titel an (höchstens 500 Zeichen).',
  text: 'Der Text ist zu lang (höchstens 200.000 Zeichen).',
  public: 'Bitte geben Sie an, ob die Vorlage öffentlich ist.',
  version: 'Die Fassung des Formulars fehlt. Bitte öffnen Sie die Vorlage neu.',
  organizationId: 'Bitte wählen Sie ein Gremium.',
  role: 'Bitte wählen Sie eine Rolle: Vorberatung, Entscheidung oder Kenntnisnahme.',
  status: 'Bitte wählen Sie einen gültigen Status.',
  order: 'Die Reihenfolge muss jede Beratung der Vorlage genau einmal nennen.',
};

/** The message for a bad date: the value when it is text, and the format the caller takes. */
function dateMessage(value: unknown, format: DateFormat = 'TT.MM.JJJJ'): string {
  return typeof value === 'string' ? invalidDateMessage(value, format) : `Das Datum muss die Form ${format} haben.`;
}

function parse<T>(schema: z.ZodType<T>, input: unknown, dateFormat?: DateFormat): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? 'input');
    fields[key] ??=
      key === 'date'
        ? dateMessage((input as { date?: unknown } | null)?.date, dateFormat)
        : (FIELD_MESSAGES[key] ?? `Ungültige Angabe (${key}).`);
  }
  throw validationFailed(fields);
}

const empty = (text: string | null | undefined) => (text == null || text.trim() === '' ? null : text);

// ---------------------------------------------------------------------------------------------------
// Files

export interface UploadedFile {
  /** The name the browser sent ("Plan.pdf"), possibly with a path. */
  fileName: string;
  mimeType: string;
  content: Uint8Array;
}

/** "C:\\Users\\x\\Plan Süd.pdf" → "Plan Süd.pdf": the last path segment, no control characters, at most 200. */
export function cleanFileName(name: string): string {
  const last = name.split(/[/\\]/).pop() ?? '';
  const printable = [...last].filter((ch) => (ch.codePointAt(0) ?? 0) >= 0x20 && ch !== '\u007f').join('');
  return printable.trim().slice(-200);
}

/** Checks uploaded files (count, name, size, mime type); also used for the minutes' attachments. */
export function checkFiles(files: readonly UploadedFile[]): Array<UploadedFile & { name: string }> {
  if (files.length > MAX_FILES_PER_REQUEST) {
    throw validationFailed({ files: `Höchstens ${MAX_FILES_PER_REQUEST} Dateien auf einmal.` });
  }
  return files.map((file) => {
    const fileName = cleanFileName(file.fileName);
    if (!fileName) throw validationFailed({ files: 'Eine Datei hat keinen gültigen Namen.' });
    if (file.content.byteLength === 0) throw validationFailed({ files: `Die Datei „${fileName}“ ist leer.` });
    if (file.content.byteLength > MAX_FILE_BYTES) {
      throw validationFailed({
        files: `Die Datei „${fileName}“ ist zu groß (höchstens ${MAX_FILE_BYTES / 1024 / 1024} MB je Datei).`,
      });
    }
    const mimeType = /^[a-z0-9.+-]+\/[a-z0-9.+-]+$/i.test(file.mimeType)
      ? file.mimeType.toLowerCase()
      : 'application/octet-stream';
    return { fileName, mimeType, content: file.content, name: fileName.replace(/\.[^.]+$/, '') || fileName };
  });
}

async function storeFiles(tx: ServiceContext, paper: { id: number; bodyId: number }, files: UploadedFile[]) {
  for (const file of checkFiles(files)) {
    const text = file.mimeType === 'text/plain' ? new TextDecoder().decode(file.content) : null;
    const stored = await createFile(tx, { bodyId: paper.bodyId, ...file, text });
    await attachFileToPaper(tx, { paperId: paper.id, fileId: stored.id });
  }
}

// ---------------------------------------------------------------------------------------------------
// Papers

export interface OfficePaperInput {
  bodyId: number;
  officeId: number;
  year: number;
  paperType: string;
  title: string;
  text?: string | null;
  /** JJJJ-MM-TT or TT.MM.JJJJ. */
  date?: string | null;
  /** The date format named in messages (the API's is JJJJ-MM-TT); default TT.MM.JJJJ. */
  dateFormat?: DateFormat;
  public: boolean;
  files?: UploadedFile[];
}

/**
 * Creates a paper with the next reference number of its office and year (the counter row stays locked
 * until the transaction ends: concurrent creations get different numbers; a failed one gives its number
 * back), and stores its files.
 */
export async function createOfficePaper(ctx: ServiceContext, who: Actor, input: OfficePaperInput) {
  const { files = [], dateFormat, ...fields } = input;
  const data = parse(createSchema, fields, dateFormat);
  return inTransaction(ctx, async (tx) => {
    permitted(who, 'paper.create', data.bodyId);
    const [office] = await tx.db.select().from(organizations).where(eq(organizations.id, data.officeId));
    if (!office || office.bodyId !== data.bodyId) {
      throw validationFailed({ officeId: 'Dieses Amt gibt es in der Körperschaft nicht.' });
    }
    if (office.kind !== 'office' || !office.officeNumber) {
      throw validationFailed({
        officeId: `„${office.name}“ hat keine Amtsnummer; Vorlagennummern werden je Amt vergeben.`,
      });
    }
    const paper = await createPaper(tx, {
      bodyId: data.bodyId,
      officeId: data.officeId,
      year: data.year,
      paperType: data.paperType,
      title: data.title,
      text: empty(data.text),
      date: data.date ?? null,
      public: data.public,
    });
    await storeFiles(tx, paper, files);
    return paper;
  });
}

export interface PaperUpdateInput {
  /** The version the form was loaded from. */
  version: number;
  paperType: string;
  title: string;
  text?: string | null;
  /** JJJJ-MM-TT or TT.MM.JJJJ. */
  date?: string | null;
  /** The date format named in messages (the API's is JJJJ-MM-TT); default TT.MM.JJJJ. */
  dateFormat?: DateFormat;
  public: boolean;
}

async function staleError(tx: ServiceContext, current: { id: number; version: number }, expected: number) {
  const last = (await paperHistory(tx.db, current.id)).at(-1);
  const who = last ? (last.actorName ?? (last.actor.startsWith('user:') ? 'einem anderen Konto' : 'einem Import')) : '';
  const by = last ? ` von ${who} am ${formatDate(last.at)} um ${formatTime(last.at)} Uhr` : '';
  return new DomainError(
    'conflict.stale',
    `Die Vorlage wurde inzwischen${by} geändert. Ihre Änderungen wurden nicht gespeichert; ` +
      'Ihre Eingaben sind erhalten. Bitte vergleichen Sie sie mit dem aktuellen Stand und speichern Sie erneut.',
    { currentVersion: current.version, expectedVersion: expected },
  );
}

/**
 * Locks the paper row until the transaction ends (`for update`: concurrent writes to one paper, its
 * consultation positions included, run one after the other) and checks the actor's permission and,
 * with `expected`, that the paper is still at that version (else `conflict.stale`).
 */
async function lockPaper(tx: ServiceContext, who: Actor, paperId: number, expected: number | undefined) {
  const [row] = await tx.db.select().from(papers).where(eq(papers.id, paperId)).for('update');
  const paper = found(row, 'paper', paperId);
  permitted(who, 'paper.edit', paper.bodyId);
  if (expected !== undefined && paper.version !== expected) throw await staleError(tx, paper, expected);
  return paper;
}

/** Raises the paper's version (the trigger does) for a change of its files or consultation path. */
async function touchPaper(tx: ServiceContext, paperId: number) {
  await tx.db.update(papers).set({ modifiedAt: sql`now()` }).where(eq(papers.id, paperId));
}

/** Saves the paper's fields when it is still at `input.version`; else `conflict.stale`, nothing written. */
export async function updateOfficePaper(ctx: ServiceContext, who: Actor, paperId: number, input: PaperUpdateInput) {
  const data = parse(updateSchema, input, input.dateFormat);
  return inTransaction(ctx, async (tx) => {
    const before = await lockPaper(tx, who, paperId, data.version);
    const [row] = await tx.db
      .update(papers)
      .set({
        paperType: data.paperType,
        title: data.title,
        text: empty(data.text),
        date: data.date ?? null,
        public: data.public,
        modifiedAt: sql`now()`,
      })
      .where(eq(papers.id, paperId))
      .returning();
    const after = found(row, 'paper', paperId);
    await audit(tx, { bodyId: after.bodyId, action: 'update', entity: 'paper', entityId: paperId, before, after });
    return after;
  });
}

/** Adds files to a paper (raises its version). */
export async function addPaperFiles(
  ctx: ServiceContext,
  who: Actor,
  paperId: number,
  files: UploadedFile[],
  version?: number,
) {
  return inTransaction(ctx, async (tx) => {
    const paper = await lockPaper(tx, who, paperId, version);
    if (files.length === 0) throw validationFailed({ files: 'Bitte wählen Sie mindestens eine Datei.' });
    await storeFiles(tx, paper, files);
    await touchPaper(tx, paperId);
    return getPaper(tx, paperId);
  });
}

// ---------------------------------------------------------------------------------------------------
// Consultation path (Beratungsfolge)

async function pathOf(tx: ServiceContext, paperId: number) {
  return tx.db
    .select()
    .from(consultations)
    .where(eq(consultations.paperId, paperId))
    .orderBy(asc(consultations.position));
}

const consultationSchema = z.object({
  organizationId: z.number().int().positive(),
  role: z.enum(CONSULTATION_ROLES),
  status: z.enum(CONSULTATION_STATUSES).optional(),
});

/** Appends a council or committee of the paper's body to its consultation path. */
export async function addPaperConsultation(
  ctx: ServiceContext,
  who: Actor,
  paperId: number,
  input: { organizationId: number; role: string; status?: string | undefined },
  version?: number,
) {
  const data = parse(consultationSchema, input);
  return inTransaction(ctx, async (tx) => {
    const paper = await lockPaper(tx, who, paperId, version);
    await touchPaper(tx, paperId);
    const [organization] = await tx.db.select().from(organizations).where(eq(organizations.id, data.organizationId));
    if (!organization || organization.bodyId !== paper.bodyId) {
      throw validationFailed({ organizationId: 'Dieses Gremium gibt es in der Körperschaft der Vorlage nicht.' });
    }
    if (organization.kind !== 'council' && organization.kind !== 'committee') {
      throw validationFailed({ organizationId: `„${organization.name}“ ist kein beratendes Gremium.` });
    }
    const path = await pathOf(tx, paperId);
    const position = Math.max(0, ...path.map((c) => c.position)) + 1;
    const [row] = await tx.db
      .insert(consultations)
      .values({
        paperId,
        organizationId: organization.id,
        position,
        role: data.role,
        status: data.status ?? 'open',
      })
      .returning();
    const created = found(row, 'consultation', 'neu');
    await audit(tx, {
      bodyId: paper.bodyId,
      action: 'create',
      entity: 'consultation',
      entityId: created.id,
      after: created,
    });
    return created;
  });
}

async function consultationOf(tx: ServiceContext, paperId: number, consultationId: number) {
  const [row] = await tx.db
    .select()
    .from(consultations)
    .where(and(eq(consultations.id, consultationId), eq(consultations.paperId, paperId)));
  return found(row, 'consultation', consultationId);
}

const consultationUpdateSchema = z.object({
  role: z.enum(CONSULTATION_ROLES).optional(),
  status: z.enum(CONSULTATION_STATUSES).optional(),
});

/** Changes the role and/or the status of one consultation. */
export async function updatePaperConsultation(
  ctx: ServiceContext,
  who: Actor,
  paperId: number,
  consultationId: number,
  input: { role?: string | undefined; status?: string | undefined },
  version?: number,
) {
  const data = parse(consultationUpdateSchema, input);
  return inTransaction(ctx, async (tx) => {
    const paper = await lockPaper(tx, who, paperId, version);
    await touchPaper(tx, paperId);
    const before = await consultationOf(tx, paperId, consultationId);
    const [row] = await tx.db
      .update(consultations)
      .set({
        ...(data.role ? { role: data.role } : {}),
        ...(data.status ? { status: data.status } : {}),
        modifiedAt: sql`now()`,
      })
      .where(eq(consultations.id, consultationId))
      .returning();
    const after = found(row, 'consultation', consultationId);
    await audit(tx, {
      bodyId: paper.bodyId,
      action: 'update',
      entity: 'consultation',
      entityId: consultationId,
      before,
      after,
    });
    return after;
  });
}

/**
 * Removes a consultation from the path (the positions after it move up). A consultation already placed
 * on an agenda is kept: the agenda item would lose its paper's consultation.
 */
export async function removePaperConsultation(
  ctx: ServiceContext,
  who: Actor,
  paperId: number,
  consultationId: number,
  version?: number,
) {
  return inTransaction(ctx, async (tx) => {
    const paper = await lockPaper(tx, who, paperId, version);
    await touchPaper(tx, paperId);
    const before = await consultationOf(tx, paperId, consultationId);
    if (before.agendaItemId !== null) {
      throw new DomainError(
        'consultation.on_agenda',
        'Diese Beratung steht schon auf einer Tagesordnung und kann nicht entfernt werden. Ändern Sie stattdessen ihren Status.',
      );
    }
    await tx.db.delete(consultations).where(eq(consultations.id, consultationId));
    await renumber(
      tx,
      (await pathOf(tx, paperId)).map((c) => c.id),
    );
    await audit(tx, {
      bodyId: paper.bodyId,
      action: 'delete',
      entity: 'consultation',
      entityId: consultationId,
      before,
    });
  });
}

/** Positions 1…n in the given order (through negative positions: (paper, position) is unique). */
async function renumber(tx: ServiceContext, ids: number[]) {
  if (ids.length === 0) return;
  await tx.db
    .update(consultations)
    .set({ position: sql`-${consultations.position}` })
    .where(inArray(consultations.id, ids));
  for (const [index, id] of ids.entries()) {
    await tx.db
      .update(consultations)
      .set({ position: index + 1 })
      .where(eq(consultations.id, id));
  }
}

async function applyOrder(tx: ServiceContext, paper: { id: number; bodyId: number }, order: number[]) {
  const path = await pathOf(tx, paper.id);
  const before = path.map((c) => c.id);
  if (
    order.length !== before.length ||
    new Set(order).size !== order.length ||
    order.some((id) => !before.includes(id))
  ) {
    throw validationFailed({ order: FIELD_MESSAGES.order as string });
  }
  await renumber(tx, order);
  await audit(tx, {
    bodyId: paper.bodyId,
    action: 'reorder_consultations',
    entity: 'paper',
    entityId: paper.id,
    before: { consultations: before },
    after: { consultations: order },
  });
  return pathOf(tx, paper.id);
}

/** Puts the paper's consultations in the given order (every consultation exactly once). */
export async function reorderPaperConsultations(
  ctx: ServiceContext,
  who: Actor,
  paperId: number,
  order: number[],
  version?: number,
) {
  return inTransaction(ctx, async (tx) => {
    const paper = await lockPaper(tx, who, paperId, version);
    await touchPaper(tx, paperId);
    return applyOrder(tx, paper, order);
  });
}

/** Moves one consultation a place up or down (at either end: the order stays as it is). */
export async function movePaperConsultation(
  ctx: ServiceContext,
  who: Actor,
  paperId: number,
  consultationId: number,
  direction: 'up' | 'down',
  version?: number,
) {
  return inTransaction(ctx, async (tx) => {
    const paper = await lockPaper(tx, who, paperId, version);
    await consultationOf(tx, paperId, consultationId);
    await touchPaper(tx, paperId);
    const ids = (await pathOf(tx, paperId)).map((c) => c.id);
    const index = ids.indexOf(consultationId);
    const other = direction === 'up' ? index - 1 : index + 1;
    if (other >= 0 && other < ids.length) {
      [ids[index], ids[other]] = [ids[other] as number, ids[index] as number];
    }
    return applyOrder(tx, paper, ids);
  });
}
