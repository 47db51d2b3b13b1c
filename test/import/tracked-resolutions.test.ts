/**
 * The importer and the back office's own rows (issue 6, part 7): a resolution tracked from an imported
 * agenda item (Beschlusskontrolle) does not keep that item alive. When the item leaves the source's agenda
 * in an incremental run, it is deleted like any other and the tracked resolution stays (with its title,
 * text and committee, without the item); the meeting's other items keep their numbers and positions.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import type { Database, Executor } from '../../src/db/open.ts';
import { agendaItems, importLinks, meetings, trackedResolutions } from '../../src/db/schema.ts';
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
  describe(`import: an agenda item with a tracked resolution leaves the agenda (${backend.name})`, () => {
    let database: Database;
    let db: Executor;
    let server: FixtureServer;
    let town: Town;

    before(async () => {
      database = await backend.open();
      db = database.db;
      server = await startFixtureServer({ pageSize: 2 });
      town = beispielhausen(server);
      await importOparl(db, { url: town.system, rate: 1000, http: HTTP });
    });

    after(async () => {
      await server?.close();
      await database?.close();
    });

    test('the item is deleted, the tracked resolution stays without it, no defect', async () => {
      const meetingId = await localId(db, town.id('/meeting/1'));
      const itemId = await localId(db, town.id('/item/1'));
      const [meeting] = await db.select().from(meetings).where(eq(meetings.id, meetingId));
      assert.ok(meeting);
      const [tracked] = await db
        .insert(trackedResolutions)
        .values({
          bodyId: meeting.bodyId,
          organizationId: meeting.organizationId,
          agendaItemId: itemId,
          kind: 'task',
          title: 'Eröffnung',
          text: 'Die Verwaltung berichtet zur nächsten Sitzung.',
          status: 'open',
          public: true,
        })
        .returning();
      assert.ok(tracked);

      const now = new Date().toISOString().replace(/\.\d+Z$/, '+00:00');
      const changed = structuredClone(town.meetings[0]) as Record<string, unknown>;
      changed.modified = now;
      (changed.agendaItem as Record<string, unknown>[]).splice(0, 1);
      server.list(town.id('/body/1/meetings'), [changed, ...(town.meetings.slice(1) as Record<string, unknown>[])]);

      const run = await importOparl(db, { url: town.system, rate: 1000, http: HTTP });
      assert.ok(run.bodies[0]?.since, 'incremental');
      assert.deepEqual(
        run.report.defects.filter((d) => d.code === 'still_referenced'),
        [],
      );
      assert.deepEqual(await db.select().from(agendaItems).where(eq(agendaItems.id, itemId)), []);
      const items = await db
        .select({ number: agendaItems.number, position: agendaItems.position })
        .from(agendaItems)
        .where(eq(agendaItems.meetingId, meetingId))
        .orderBy(agendaItems.position);
      assert.deepEqual(items, [
        { number: '2', position: 1 },
        { number: '3', position: 2 },
      ]);
      const [kept] = await db.select().from(trackedResolutions).where(eq(trackedResolutions.id, tracked.id));
      assert.equal(kept?.agendaItemId, null);
      assert.equal(kept?.text, 'Die Verwaltung berichtet zur nächsten Sitzung.');
    });
  });
}
