/**
 * The start page: upcoming meetings, the latest published minutes, the latest public papers.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Database } from '../../src/db/open.ts';
import { loadDemo } from '../../src/demo/load.ts';
import { createApp } from '../../src/http/app.tsx';
import { importDataset } from '../../src/services/dataset/import.ts';
import { backends } from '../helpers/db.ts';
import { smallTown } from '../helpers/fixtures.ts';

for (const backend of backends()) {
  describe(`start page (${backend.name})`, () => {
    let database: Database;
    let app: ReturnType<typeof createApp>;

    before(async () => {
      database = await backend.open();
      await loadDemo(database.db);
      const town = smallTown();
      const meeting = town.meetings?.[0];
      assert.ok(meeting);
      // A meeting next year, and a non-public paper that must not be listed.
      meeting.startAt = `${new Date().getFullYear() + 1}-03-05T17:00:00+01:00`;
      meeting.state = 'invited';
      town.papers?.push({
        key: 'geheim',
        office: 'amt20',
        year: 2024,
        paperType: 'Beschlussvorlage',
        title: 'STARTGEHEIM Grundstücksankauf',
        public: false,
      });
      await importDataset({ db: database.db, actor: 'test' }, town);
      app = createApp({ db: database.db });
    });
    after(() => database?.close());

    test('upcoming meetings, new minutes and new papers, each linked', async () => {
      const res = await app.request('/');
      assert.equal(res.status, 200);
      const html = await res.text();
      assert.match(html, /<h1>Ratsinformationssystem<\/h1>/);
      assert.match(html, /Nächste Sitzungen[\s\S]*Finanzausschuss/);
      assert.ok(
        !/Nächste Sitzungen[\s\S]*18\.02\.2021[\s\S]*Neue Niederschriften/.test(html),
        'past meetings are not upcoming',
      );
      assert.match(
        html,
        /href="\/kreis-mettmann\/sitzungen\/1\/niederschrift\.pdf">Niederschrift Ausschuss für Digitalisierung, 18\.02\.2021/,
      );
      assert.match(html, /Neue Vorlagen[\s\S]*20\/001\/2024: Haushaltssatzung 2025/);
      assert.match(html, /10\/009\/2021: Software-Umstellung Gesundheitsamt/);
      assert.ok(!html.includes('STARTGEHEIM'), 'a non-public paper is not listed');
      assert.match(html, /href="\/sitzungen"/);
      assert.match(html, /<a href="\/kreis-mettmann">Kreis Mettmann<\/a>/, 'the bodies are linked');
      const meeting = await (await app.request('/kreis-mettmann/sitzungen/1')).text();
      assert.match(meeting, /<a href="\/kreis-mettmann">Kreis Mettmann<\/a>/, 'breadcrumbs lead to the body');
    });
  });
}
