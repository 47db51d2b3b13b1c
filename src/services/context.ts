import type { Executor } from '../db/open.ts';
import { auditLog } from '../db/schema.ts';
import { DomainError } from '../domain/errors.ts';

/** What every use case gets: the executor (database or open transaction) and who acts. */
export interface ServiceContext {
  db: Executor;
  /** "user:12", "system:demo", "cli:admin" … */
  actor: string;
}

/**
 * Runs `fn` in a transaction (a savepoint when already inside one). A DomainError thrown inside
 * rolls everything back: no partial writes.
 */
export async function inTransaction<T>(ctx: ServiceContext, fn: (tx: ServiceContext) => Promise<T>): Promise<T> {
  try {
    return await ctx.db.transaction((tx) => fn({ ...ctx, db: tx as unknown as Executor }));
  } catch (error) {
    throw constraintError(error) ?? error;
  }
}

/**
 * A constraint the database enforced (a duplicate, also between two concurrent requests that both
 * passed the service's own check) as a DomainError with a stable id, instead of a raw SQL error.
 */
function constraintError(error: unknown): DomainError | undefined {
  if (error instanceof DomainError) return undefined;
  const cause = (error as { cause?: unknown })?.cause ?? error;
  const { code, constraint } = (cause ?? {}) as { code?: string; constraint?: string };
  if (code === '23505') {
    return new DomainError('storage.duplicate', 'Dieser Eintrag ist bereits vorhanden.', { constraint });
  }
  if (code === '23503') {
    return new DomainError('storage.reference_missing', 'Ein verknüpfter Eintrag fehlt oder wird noch verwendet.', {
      constraint,
    });
  }
  return undefined;
}

export interface AuditEntry {
  bodyId: number | null;
  action: 'create' | 'update' | 'delete' | string;
  entity: string;
  entityId: number | string;
  before?: unknown;
  after?: unknown;
}

/** Writes one audit log row in the caller's transaction. */
export async function audit(ctx: ServiceContext, entry: AuditEntry): Promise<void> {
  await ctx.db.insert(auditLog).values({
    bodyId: entry.bodyId,
    actor: ctx.actor,
    action: entry.action,
    entity: entry.entity,
    entityId: String(entry.entityId),
    before: toJson(entry.before),
    after: toJson(entry.after),
  });
}

function toJson(value: unknown): unknown {
  if (value === undefined) return null;
  // Drop binary content from the log; keep its size.
  return JSON.parse(
    JSON.stringify(value, (_key, v: unknown) => (v instanceof Uint8Array ? { bytes: v.byteLength } : v)),
  );
}

/** Throws `{entity}.not_found` when a row is missing. */
export function found<T>(row: T | undefined, entity: string, id: unknown): T {
  if (row === undefined) {
    throw new DomainError(
      `${entity}.not_found`,
      `${entityLabel[entity] ?? entity} ${String(id)} wurde nicht gefunden.`,
      {
        id,
      },
    );
  }
  return row;
}

const entityLabel: Record<string, string> = {
  body: 'Körperschaft',
  term: 'Wahlperiode',
  organization: 'Gremium/Organisation',
  person: 'Person',
  membership: 'Mitgliedschaft',
  location: 'Sitzungsort',
  room: 'Raum',
  file: 'Datei',
  paper: 'Vorlage',
  meeting: 'Sitzung',
  agenda_item: 'Tagesordnungspunkt',
  vote: 'Abstimmung',
  consultation: 'Beratung',
  addendum: 'Ergänzung',
  attendance: 'Anwesenheit',
  conflict: 'Befangenheit',
  rapporteur: 'Berichterstattung',
  feedback: 'Rückmeldung',
};
