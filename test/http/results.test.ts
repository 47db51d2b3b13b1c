/**
 * Results per item on the public meeting page: in words and as a bar with a text alternative, once the
 * minutes are signed; never for non-public items.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import type { Database } from '../../src/db/open.ts';
import { bodies, meetings } from '../../src/db/schema.ts';
import { loadDemo } from '../../src/demo/load.ts';
import { createApp } from '../../src/http/app.tsx';
import { importDataset } from '../../src/services/dataset/import.ts';
import { backends } from '../helpers/db.ts';
import { smallTown } from '../helpers/fixtures.ts';

const [backend] = backends();
assert.ok(backend);

describe('results per item on the meeting page', () => {
  let database: Database;
  let app: ReturnType<typeof createApp>;

  before(async () => {
    database = await backend.open();
    await loadDemo(database.db);
    app = createApp({ db: database.db });
  });
  after(() => database?.close());

  test('the demo meeting shows each result in words and as a bar', async () => {
    const html = await (await app.request('/kreis-mettmann/sitzungen/1')).text();
    assert.equal(html.match(/Abstimmungsergebnis: einstimmig angenommen/g)?.length, 4, 'items 2, 7, 10, 11.1');
    assert.equal(html.match(/Abstimmungsergebnis: zur Kenntnis genommen/g)?.length, 3, 'items 4, 8, 9');
    assert.match(html, /1 Enthaltung AfD-Fraktion/);
    const bar =
      /<svg class="vote-bar" role="img" aria-label="Abstimmungsergebnis: 16 Ja, 0 Nein, 1 Enthaltung"[^>]*>(.*?)<\/svg>/s.exec(
        html,
      );
    assert.ok(bar, 'the bar of item 7 with its text alternative');
    const widths = [...(bar[1] ?? '').matchAll(/<rect [^>]*width="([\d.]+)"[^>]*fill="(#[0-9a-f]+)"/g)].map((m) => [
      Number(m[1]),
      m[2],
    ]);
    assert.deepEqual(widths, [
      [Number(((16 / 17) * 240).toFixed(2)), '#1b7a3a'],
      [Number(((1 / 17) * 240).toFixed(2)), '#6b6b6b'],
    ]);
    assert.match(html, /16 Ja, 0 Nein, 1 Enthaltung/);
  });

  test('no results before the minutes are signed', async () => {
    const town = smallTown();
    const meeting = town.meetings?.[0];
    assert.ok(meeting);
    meeting.agenda = [
      { number: '1', public: true, title: 'Eröffnung der Sitzung' },
      { number: '2', public: true, title: 'Haushaltssatzung 2025', votes: [{ yes: 3, no: 1, abstain: 0 }] },
      { number: '3', public: false, title: 'Grundstück', votes: [{ yes: 2, no: 0, abstain: 0 }] },
    ];
    const { bodyId } = await importDataset({ db: database.db, actor: 'test' }, town);
    const [m] = await database.db.select({ id: meetings.id }).from(meetings).where(eq(meetings.bodyId, bodyId));
    const [b] = await database.db.select({ slug: bodies.slug }).from(bodies).where(eq(bodies.id, bodyId));
    const path = `/${b?.slug}/sitzungen/${m?.id}`;
    assert.doesNotMatch(await (await app.request(path)).text(), /Abstimmungsergebnis/, 'state held: not yet');
    await database.db
      .update(meetings)
      .set({ state: 'minutes_signed', minutesPublishedAt: new Date() })
      .where(eq(meetings.bodyId, bodyId));
    const html = await (await app.request(path)).text();
    assert.equal(html.match(/Abstimmungsergebnis: mehrheitlich angenommen/g)?.length, 1, 'the public item only');
    assert.doesNotMatch(html, /2 Ja, 0 Nein/, 'nothing of the non-public vote');
  });
});
