/**
 * The data version (migrations 0007, 0010): the key of the page cache. Every committed change of shown
 * content bumps it exactly once per transaction, whichever writer made it; a rolled-back change does not;
 * a savepoint rolled back does not swallow the bump of a later write in the same transaction.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import type { Database, Executor } from '../../src/db/open.ts';
import { loadDemo } from '../../src/demo/load.ts';
import { backends } from '../helpers/db.ts';

async function version(db: Executor): Promise<bigint> {
  const result = (await db.execute(sql`select version::text as v from data_version`)) as unknown as {
    rows: Array<{ v: string }>;
  };
  return BigInt(result.rows[0]?.v ?? '-1');
}

const touch = (db: Executor) => db.execute(sql`update bodies set name = name`);

for (const backend of backends()) {
  describe(`data version (${backend.name})`, () => {
    let database: Database;

    before(async () => {
      database = await backend.open();
      await loadDemo(database.db);
    });
    after(() => database?.close());

    test('each committed statement outside a transaction bumps it', async () => {
      const start = await version(database.db);
      await touch(database.db);
      await database.db.execute(
        sql`update persons set family_name = family_name where id = (select min(id) from persons)`,
      );
      assert.equal(await version(database.db), start + 2n);
    });

    test('a transaction with many writes bumps it once; reads and unrelated tables do not', async () => {
      const start = await version(database.db);
      await database.db.transaction(async (tx) => {
        await touch(tx as unknown as Executor);
        await tx.execute(sql`update meetings set start_at = start_at where id = 1`);
        await tx.execute(sql`update agenda_items set title = title where meeting_id = 1`);
      });
      assert.equal(await version(database.db), start + 1n);
      await database.db.execute(sql`select count(*) from papers`);
      await database.db.execute(
        sql`insert into audit_log (actor, action, entity, entity_id) values ('test', 'read', 'x', '1')`,
      );
      assert.equal(await version(database.db), start + 1n, 'the audit log is not shown content');
    });

    test('a rolled-back transaction leaves it as it was', async () => {
      const start = await version(database.db);
      await assert.rejects(
        database.db.transaction(async (tx) => {
          await touch(tx as unknown as Executor);
          throw new Error('abbrechen');
        }),
        /abbrechen/,
      );
      assert.equal(await version(database.db), start);
    });

    test('a write after a rolled-back savepoint still bumps it', async () => {
      const start = await version(database.db);
      await database.db.transaction(async (tx) => {
        await assert.rejects(
          tx.transaction(async (savepoint) => {
            await touch(savepoint as unknown as Executor);
            throw new Error('nur der Sicherungspunkt');
          }),
          /nur der Sicherungspunkt/,
        );
        await touch(tx as unknown as Executor);
      });
      assert.equal(await version(database.db), start + 1n);
    });
  });
}
