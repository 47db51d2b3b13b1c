/**
 * Parents' `modified_at` moves when a link row without times of its own changes, or a child is deleted
 * (OParl 2.8; migrations 0005, 0014): one touch per statement and parent, for inserts, updates (old and
 * new parent) and deletions; a parent already carrying the transaction's time is not written again.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import type { Database, Executor } from '../../src/db/open.ts';
import { loadDemo } from '../../src/demo/load.ts';
import { backends } from '../helpers/db.ts';

const OLD = '2020-01-01T00:00:00Z';

async function rows<T>(db: Executor, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

/** `modified_at` of rows of a table, as ISO strings, by id. */
async function times(db: Executor, table: string, ids: number[]): Promise<Map<number, string>> {
  const list = await rows<{ id: number; t: string }>(
    db,
    sql`select id, to_char(modified_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as t from ${sql.identifier(table)}
        where id in (${sql.join(
          ids.map((id) => sql`${id}`),
          sql`, `,
        )})`,
  );
  return new Map(list.map((r) => [Number(r.id), r.t]));
}

for (const backend of backends()) {
  describe(`parents touched by their children (${backend.name})`, () => {
    let database: Database;
    let votes: number[];
    let factions: number[];
    let papers: number[];
    let file: number;

    before(async () => {
      database = await backend.open();
      await loadDemo(database.db);
      const db = database.db;
      votes = (await rows<{ id: number }>(db, sql`select id from votes order by id limit 2`)).map((r) => Number(r.id));
      factions = (
        await rows<{ id: number }>(db, sql`select id from organizations where kind = 'faction' order by id limit 2`)
      ).map((r) => Number(r.id));
      papers = (await rows<{ id: number }>(db, sql`select id from papers order by id limit 2`)).map((r) =>
        Number(r.id),
      );
      const [f] = await rows<{ id: number }>(db, sql`select id from files order by id limit 1`);
      assert.ok(votes.length === 2 && factions.length === 2 && papers.length === 2 && f);
      file = Number(f.id);
    });
    after(() => database?.close());

    beforeEach(async () => {
      const db = database.db;
      await db.execute(sql`delete from vote_faction_results where vote_id in (${votes[0]}, ${votes[1]})`);
      await db.execute(sql`delete from paper_files where file_id = ${file}`);
      await db.execute(sql`update votes set modified_at = ${OLD} where id in (${votes[0]}, ${votes[1]})`);
      await db.execute(sql`update papers set modified_at = ${OLD} where id in (${papers[0]}, ${papers[1]})`);
    });

    test('rows inserted in one statement touch each of their parents', async () => {
      const db = database.db;
      await db.execute(
        sql`insert into vote_faction_results (vote_id, faction_id, yes) values
            (${votes[0]}, ${factions[0]}, 1), (${votes[0]}, ${factions[1]}, 2), (${votes[1]}, ${factions[0]}, 3)`,
      );
      const after = await times(db, 'votes', votes as number[]);
      for (const id of votes) assert.notEqual(after.get(id), OLD, `vote ${id} not touched`);
    });

    test('an update touches the old and the new parent; a deletion touches the parent', async () => {
      const db = database.db;
      await db.execute(sql`insert into paper_files (paper_id, file_id, position) values (${papers[0]}, ${file}, 99)`);
      await db.execute(sql`update papers set modified_at = ${OLD} where id in (${papers[0]}, ${papers[1]})`);
      await db.execute(sql`update paper_files set paper_id = ${papers[1]} where file_id = ${file}`);
      let after = await times(db, 'papers', papers as number[]);
      assert.notEqual(after.get(papers[0] as number), OLD, 'the old parent');
      assert.notEqual(after.get(papers[1] as number), OLD, 'the new parent');

      await db.execute(sql`update papers set modified_at = ${OLD} where id in (${papers[0]}, ${papers[1]})`);
      await db.execute(sql`delete from paper_files where file_id = ${file}`);
      after = await times(db, 'papers', papers as number[]);
      assert.equal(after.get(papers[0] as number), OLD, 'not its parent any more');
      assert.notEqual(after.get(papers[1] as number), OLD, 'the parent of the deleted row');
    });

    test('a parent already written in the transaction is not written again', async () => {
      await database.db.transaction(async (tx) => {
        const t = tx as unknown as Executor;
        await t.execute(sql`update votes set subject = subject where id = ${votes[0]}`);
        const [before] = await rows<{ ctid: string }>(t, sql`select ctid::text from votes where id = ${votes[0]}`);
        await t.execute(
          sql`insert into vote_faction_results (vote_id, faction_id, yes) values (${votes[0]}, ${factions[0]}, 1)`,
        );
        const [afterInsert] = await rows<{ ctid: string }>(t, sql`select ctid::text from votes where id = ${votes[0]}`);
        assert.equal(afterInsert?.ctid, before?.ctid, 'the vote row was rewritten');
      });
    });
  });
}
