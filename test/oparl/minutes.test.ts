/**
 * The OParl API reads the meetings of a page together (`loadMeetings` of meetings.ts) to render their
 * public minutes: a batch must read for each meeting exactly what `loadMeeting` reads for it alone (the
 * portal's pages and documents), and the text must be the portal's `niederschrift.txt`, for every meeting
 * of the demo data and of a town with non-public items.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { asc } from 'drizzle-orm';
import type { Database } from '../../src/db/open.ts';
import { loadMeeting, loadMeetings } from '../../src/db/repositories/meetings.ts';
import { meetings } from '../../src/db/schema.ts';
import { loadDemo } from '../../src/demo/load.ts';
import { renderText } from '../../src/documents/render-text.ts';
import { meetingDocument } from '../../src/documents/service.ts';
import { publicMinutesTexts } from '../../src/oparl/minutes.ts';
import { importDataset } from '../../src/services/dataset/import.ts';
import { backends } from '../helpers/db.ts';
import { FORBIDDEN, markedTown } from './fixtures.ts';

for (const backend of backends()) {
  describe(`meetings read together for the minutes' text (${backend.name})`, () => {
    let database: Database;
    let ids: number[];

    before(async () => {
      database = await backend.open();
      await loadDemo(database.db);
      await importDataset({ db: database.db, actor: 'test' }, markedTown('protokollstadt'));
      const rows = await database.db.select({ id: meetings.id }).from(meetings).orderBy(asc(meetings.id));
      ids = rows.map((r) => r.id);
      assert.ok(ids.length >= 4);
    });

    after(async () => {
      await database?.close();
    });

    for (const visibility of ['public', 'staff'] as const) {
      test(`every meeting of a batch exactly as loadMeeting reads it alone (${visibility})`, async () => {
        // Unknown ids are left out; a repeated id is read once.
        const together = await loadMeetings(database.db, [...ids, 2_000_000_000, ...ids.slice(0, 2)], visibility);
        assert.equal(together.size, ids.length);
        let items = 0;
        for (const id of ids) {
          const alone = await loadMeeting(database.db, id, visibility);
          assert.ok(alone, `meeting ${id}`);
          assert.deepEqual(together.get(id), alone, `meeting ${id}`);
          items += alone.items.length;
        }
        assert.ok(items > ids.length, 'the meetings have agendas');
        assert.equal(await loadMeeting(database.db, 2_000_000_000, visibility), undefined);
        assert.equal((await loadMeetings(database.db, [], visibility)).size, 0);
      });
    }

    test("the text of the signed minutes is the portal's niederschrift.txt; none for the others", async () => {
      const rows = ids.map((meetingId) => ({ meetingId, modified: 1 }));
      const texts = await publicMinutesTexts(database.db, rows);
      let signed = 0;
      for (const id of ids) {
        const document = await meetingDocument(database.db, { meetingId: id, kind: 'minutes', visibility: 'public' });
        assert.equal(texts.get(id), document ? renderText(document.model) : undefined, `meeting ${id}`);
        if (document) signed += 1;
        for (const marker of FORBIDDEN) assert.ok(!(texts.get(id) ?? '').includes(marker), `meeting ${id}`);
      }
      assert.equal(signed, 2);
    });
  });
}
