/**
 * An agenda item's search vectors (migrations 0004, 0016) follow its texts: computed on insert, again
 * when a text changes, left alone by updates that change no text (linking a paper, moving the item).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import type { Database, Executor } from '../../src/db/open.ts';
import { loadDemo } from '../../src/demo/load.ts';
import { backends } from '../helpers/db.ts';

async function vectors(db: Executor, id: number) {
  const result = (await db.execute(
    sql`select search_vector::text as s, minutes_vector::text as m from agenda_items where id = ${id}`,
  )) as unknown as { rows: { s: string; m: string }[] };
  const [row] = result.rows;
  assert.ok(row);
  return row;
}

for (const backend of backends()) {
  describe(`agenda item search vectors (${backend.name})`, () => {
    let database: Database;
    let item: number;

    before(async () => {
      database = await backend.open();
      await loadDemo(database.db);
      const result = (await database.db.execute(
        sql`select id from agenda_items where minutes_text is not null order by id limit 1`,
      )) as unknown as { rows: { id: number }[] };
      item = Number(result.rows[0]?.id);
      assert.ok(item);
    });
    after(() => database?.close());

    test('a new item gets both vectors from its texts', async () => {
      const db = database.db;
      const result = (await db.execute(
        sql`insert into agenda_items (meeting_id, number, position, public, title, minutes_text)
            select meeting_id, '99', 999, true, 'Zebrastreifen an der Grundschule', 'Der Ausschuss berät über Verkehrsberuhigung.'
            from agenda_items where id = ${item} returning id`,
      )) as unknown as { rows: { id: number }[] };
      const fresh = await vectors(db, Number(result.rows[0]?.id));
      assert.match(fresh.s, /'zebrastreif/);
      assert.match(fresh.m, /'verkehrsberuh/);
    });

    test('changing a text changes its vector; linking a paper or moving leaves them as they are', async () => {
      const db = database.db;
      const before = await vectors(db, item);
      await db.execute(sql`update agenda_items set position = position + 1000 where id = ${item}`);
      await db.execute(sql`update agenda_items set paper_id = (select min(id) from papers) where id = ${item}`);
      const moved = await vectors(db, item);
      assert.equal(moved.s, before.s);
      assert.equal(moved.m, before.m);
      await db.execute(sql`update agenda_items set minutes_text = 'Windkraftanlagen am Stadtrand' where id = ${item}`);
      const changed = await vectors(db, item);
      assert.match(changed.m, /'windkraftanlag/);
      await db.execute(sql`update agenda_items set title = 'Umbenannt: Glasfaserausbau' where id = ${item}`);
      assert.match((await vectors(db, item)).s, /'glasfaserausbau/);
    });
  });
}
