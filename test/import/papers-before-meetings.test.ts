/**
 * Papers are read before meetings (src/import/crawl.ts): a consultation at an agenda item that is not
 * imported yet waits for it (`itemsAwaited`, src/import/store.ts) and gets the item when its meeting is
 * written. Two papers consulted at the same agenda item (a motion and its amendment at one TOP) both get
 * it, as they did when meetings came first.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import type { Database, Executor } from '../../src/db/open.ts';
import { agendaItems, consultations, importLinks } from '../../src/db/schema.ts';
import { importOparl } from '../../src/import/crawl.ts';
import { type FixtureServer, startFixtureServer } from '../fixtures/oparl-server.ts';
import { backends } from '../helpers/db.ts';
import { beispielhausen, type Town } from './town.ts';

const HTTP = { backoffMs: 5, timeoutMs: 2000, attempts: 4 };

async function localId(db: Executor, source: string): Promise<number> {
  const [row] = await db.select({ id: importLinks.localId }).from(importLinks).where(eq(importLinks.source, source));
  assert.ok(row, `kein Link für ${source}`);
  return row.id;
}

for (const backend of backends()) {
  describe(`import: two papers consulted at one agenda item (${backend.name})`, () => {
    let database: Database;
    let db: Executor;
    let server: FixtureServer;
    let town: Town;

    before(async () => {
      database = await backend.open();
      db = database.db;
      server = await startFixtureServer({ pageSize: 2 });
      town = beispielhausen(server);
      const amendment = town.papers[1] as Record<string, unknown>;
      amendment.consultation = [
        {
          id: town.id('/consultation/2'),
          type: 'https://schema.oparl.org/1.0/Consultation',
          agendaItem: town.id('/item/2'),
          meeting: town.id('/meeting/1'),
          organization: [town.id('/org/2')],
          role: 'Kenntnisnahme',
        },
      ];
      server.add(amendment);
      server.list(town.id('/body/1/papers'), town.papers as Record<string, unknown>[]);
      await importOparl(db, { url: town.system, rate: 1000, http: HTTP });
    });

    after(async () => {
      await server?.close();
      await database?.close();
    });

    test('both consultations are held at the item, the item is treated under a paper', async () => {
      const itemId = await localId(db, town.id('/item/2'));
      for (const source of ['/consultation/1', '/consultation/2']) {
        const [row] = await db
          .select({ agendaItemId: consultations.agendaItemId })
          .from(consultations)
          .where(eq(consultations.id, await localId(db, town.id(source))));
        assert.equal(row?.agendaItemId, itemId, source);
      }
      const [item] = await db
        .select({ paperId: agendaItems.paperId })
        .from(agendaItems)
        .where(eq(agendaItems.id, itemId));
      const papers = [await localId(db, town.id('/paper/1')), await localId(db, town.id('/paper/2'))];
      assert.ok(item?.paperId != null && papers.includes(item.paperId), String(item?.paperId));
    });
  });
}
