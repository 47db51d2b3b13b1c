/**
 * Optimistic locking for edit forms and API updates: every edit carries the version of the row it was
 * loaded from; a save against a row that changed since is refused with `conflict.stale` (HTTP 409) and
 * a German message naming who changed it and when, and writes nothing.
 *
 * The version is the row's `modified_at` to the microsecond, as text ("2026-11-28T21:16:37.123456Z"),
 * computed in SQL (a JS Date would drop the microseconds). Every versioned save sets `modified_at` to
 * a strictly later value, so two saves never share a version. The row is locked (`for update`) while
 * it is compared and written, so of two concurrent saves loaded from the same version exactly one wins.
 * Any table with `id` and `modified_at` works: master data, papers, meetings, agenda items, minutes.
 *
 * @example
 *   const row = await ctx.db.select({ ...getTableColumns(papers), version: versionOf(papers) }).from(papers)…;
 *   // the form carries row.version in a hidden field "version"; on save:
 *   await updateVersioned(ctx, { table: papers, entity: 'paper', id, version: form.version,
 *     bodyId: (before) => before.bodyId, change: async (before) => ({ title: form.title }) });
 */
import { and, desc, eq, getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { accounts, auditLog } from '../db/schema.ts';
import { DomainError } from '../domain/errors.ts';
import { formatDate, formatTime } from '../domain/format.ts';
import { audit, found, inTransaction, type ServiceContext } from './context.ts';

/** A table whose rows can be edited with optimistic locking. */
export type VersionedTable = PgTable & { id: PgColumn; modifiedAt: PgColumn };

/** The stable error id of a refused save against a changed row. */
export const STALE = 'conflict.stale';

/** The version of a row, as SQL: select it next to the row and put it into the edit form. */
export function versionOf(table: VersionedTable): SQL<string> {
  return sql<string>`to_char(${table.modifiedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/** The value `modified_at` gets on a versioned save: now, and always later than before. */
export function nextVersion(table: VersionedTable): SQL<Date> {
  return sql<Date>`greatest(clock_timestamp(), ${table.modifiedAt} + interval '1 microsecond')`;
}

/** Who wrote a row last, from the audit log: a German phrase ("Rüdiger Gramenz", "einem Import"). */
export async function lastWriter(
  ctx: ServiceContext,
  entity: string,
  id: number,
): Promise<{ who: string; at: Date | undefined }> {
  const [entry] = await ctx.db
    .select({ actor: auditLog.actor, at: auditLog.at })
    .from(auditLog)
    .where(and(eq(auditLog.entity, entity), eq(auditLog.entityId, String(id))))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(1);
  if (!entry) return { who: 'einer anderen Stelle', at: undefined };
  const user = /^user:(\d+)$/.exec(entry.actor);
  if (user) {
    const [account] = await ctx.db
      .select({ name: accounts.displayName })
      .from(accounts)
      .where(eq(accounts.id, Number(user[1])));
    return { who: account?.name ?? 'einem gelöschten Konto', at: entry.at };
  }
  if (entry.actor.startsWith('import')) return { who: 'einem Import', at: entry.at };
  if (entry.actor.startsWith('cli:')) return { who: 'der Kommandozeile', at: entry.at };
  return { who: 'einem automatischen Vorgang', at: entry.at };
}

/**
 * Locks the row (`for update`), compares its version with the one the form was loaded from and returns
 * the row; throws `{entity}.not_found` or `conflict.stale` (with `details.current`, the row's version now).
 */
export async function lockVersion<T extends VersionedTable>(
  ctx: ServiceContext,
  options: {
    table: T;
    entity: string;
    /** German name of the object for the conflict message: „Die Person Anna Acker“. */
    label: string | ((row: T['$inferSelect']) => string);
    id: number;
    version: string;
  },
): Promise<T['$inferSelect'] & { version: string }> {
  const { table, entity, id } = options;
  const [row] = (await ctx.db
    .select({ ...getTableColumns(table), version: versionOf(table) })
    .from(table as PgTable)
    .where(eq(table.id, id))
    .for('update')) as Array<T['$inferSelect'] & { version: string }>;
  const current = found(row, entity, id);
  if (current.version !== options.version) {
    const { who, at } = await lastWriter(ctx, entity, id);
    const when = at ? ` am ${formatDate(at)} um ${formatTime(at)} Uhr` : '';
    throw new DomainError(
      STALE,
      `${typeof options.label === 'function' ? options.label(current) : options.label} wurde inzwischen von ${who}${when} geändert, nachdem Sie das Formular geöffnet haben. ` +
        'Ihre Änderungen wurden nicht gespeichert. Bitte prüfen Sie den aktuellen Stand und tragen Sie Ihre Änderungen erneut ein.',
      { entity, id, expected: options.version, current: current.version, changedBy: who, changedAt: at ?? null },
    );
  }
  return current;
}

/**
 * A versioned save in one transaction: lock and compare (`lockVersion`), compute the change from the
 * row as it is (`change` may validate and throw: nothing is written), update with a new version, and
 * write the audit log entry with before and after. Returns the row with its new version.
 */
export function updateVersioned<T extends VersionedTable>(
  ctx: ServiceContext,
  options: {
    table: T;
    entity: string;
    /** German name of the object for the conflict message: „Die Person Anna Acker“. */
    label: string | ((before: T['$inferSelect']) => string);
    id: number;
    version: string;
    bodyId: (before: T['$inferSelect']) => number | null;
    change: (
      before: T['$inferSelect'] & { version: string },
      tx: ServiceContext,
    ) => Promise<Partial<T['$inferInsert']>>;
  },
): Promise<T['$inferSelect'] & { version: string }> {
  return inTransaction(ctx, async (tx) => {
    const { table, entity, id } = options;
    const before = await lockVersion(tx, { table, entity, label: options.label, id, version: options.version });
    const values = await options.change(before, tx);
    const [after] = (await tx.db
      .update(table)
      .set({ ...values, modifiedAt: nextVersion(table) } as never)
      .where(eq(table.id, id))
      .returning({ ...getTableColumns(table), version: versionOf(table) })) as Array<
      T['$inferSelect'] & { version: string }
    >;
    const saved = found(after, entity, id);
    const { version: _v1, ...beforeRow } = before;
    const { version: _v2, ...afterRow } = saved;
    await audit(tx, {
      bodyId: options.bodyId(before),
      action: 'update',
      entity,
      entityId: id,
      before: beforeRow,
      after: afterRow,
    });
    return saved;
  });
}
