/**
 * New rows of the import are written at the end of their transaction as one JSON parameter per table
 * (store.ts, `Tx`). They must arrive as a normal insert would store them: text with lone UTF-16
 * surrogates (broken source data) is stored with U+FFFD instead of failing the object, dates and
 * nulls as they are, ids from the table's sequence.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import type { Database } from '../../src/db/open.ts';
import { bodies, persons } from '../../src/db/schema.ts';
import { Report } from '../../src/import/report.ts';
import { type StoreContext, wellFormed, withTransaction } from '../../src/import/store.ts';
import { backends } from '../helpers/db.ts';

for (const backend of backends()) {
  describe(`the import's queued rows (${backend.name})`, () => {
    let database: Database;
    let ctx: StoreContext;

    before(async () => {
      database = await backend.open();
      const [body] = await database.db
        .insert(bodies)
        .values({ slug: 'queued', name: 'Stadt Queued', jurisdiction: 'nrw-gemeinde' })
        .returning({ id: bodies.id });
      assert.ok(body);
      ctx = {
        sourceBody: 'https://example.org/body/1',
        bodyId: body.id,
        report: new Report(),
        links: new Map(),
        children: new Map(),
        organizations: new Map(),
        fileContents: new Map(),
        noFiles: true,
        roomLocations: new Map(),
        genitives: new Set(),
      };
    });
    after(() => database?.close());

    test('lone surrogates become U+FFFD; pairs, umlauts, nulls and dates stay as they are', async () => {
      const created = new Date('2021-02-18T16:00:00.000Z');
      const { result } = await withTransaction(database.db, ctx, (tx) =>
        tx.insertRows(persons, [
          { bodyId: ctx.bodyId, familyName: 'Kaputt\ud800', givenName: '\udc00Anna', createdAt: created },
          { bodyId: ctx.bodyId, familyName: 'Weiß 😀', givenName: null, createdAt: created },
        ]),
      );
      assert.equal(result.length, 2);
      const rows = await database.db.select().from(persons).where(eq(persons.bodyId, ctx.bodyId)).orderBy(persons.id);
      assert.deepEqual(
        rows.map((r) => [r.id, r.familyName, r.givenName, r.createdAt.toISOString()]),
        [
          [result[0], 'Kaputt\ufffd', '\ufffdAnna', created.toISOString()],
          [result[1], 'Weiß 😀', null, created.toISOString()],
        ],
      );
    });

    test('wellFormed leaves well-formed text alone', () => {
      assert.equal(wellFormed('Ausschuss für Digitalisierung 😀'), 'Ausschuss für Digitalisierung 😀');
      assert.equal(wellFormed('a\ud83d'), 'a\ufffd');
    });
  });
}
