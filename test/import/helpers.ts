/** Helpers of the importer's tests. */
import { sql } from 'drizzle-orm';
import type { Executor } from '../../src/db/open.ts';

/** Row counts of every content table, the audit log and the data version: what "nothing written" means. */
export async function snapshot(db: Executor): Promise<Record<string, number>> {
  const tables = [
    'bodies',
    'legislative_terms',
    'organizations',
    'persons',
    'memberships',
    'locations',
    'rooms',
    'files',
    'papers',
    'paper_files',
    'meetings',
    'agenda_items',
    'votes',
    'conflicts',
    'consultations',
    'attendance',
    'agenda_item_attachments',
    'import_links',
    'audit_log',
  ];
  const out: Record<string, number> = {};
  for (const t of tables) {
    const r = (await db.execute(sql.raw(`select count(*)::int as n from ${t}`))) as unknown as {
      rows: { n: number }[];
    };
    out[t] = Number(r.rows[0]?.n);
  }
  const modified = (await db.execute(
    sql.raw(
      `select greatest(${tables
        .filter((t) => !['paper_files', 'agenda_item_attachments', 'audit_log'].includes(t))
        .map((t) => `(select max(modified_at) from ${t})`)
        .join(', ')})::text as m`,
    ),
  )) as unknown as { rows: { m: string }[] };
  out.lastModified = Date.parse(modified.rows[0]?.m ?? '') || 0;
  const version = (await db.execute(sql`select version from data_version`)) as unknown as {
    rows: { version: string | number }[];
  };
  out.dataVersion = Number(version.rows[0]?.version);
  return out;
}
