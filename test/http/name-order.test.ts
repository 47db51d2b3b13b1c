/**
 * Names inside the public meeting page and its record in German alphabetical order (umlauts as their base
 * letter, as the persons list): the names of a roll-call vote, the factions of a vote, conflicts of interest
 * and rapporteurs. The database's own order of the raw text put "Bösel" after "Burghaus" and "Bündnis"
 * after "BVB".
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import type { Database } from '../../src/db/open.ts';
import { loadMeeting } from '../../src/db/repositories/meetings.ts';
import { meetings } from '../../src/db/schema.ts';
import { createApp } from '../../src/http/app.tsx';
import { importDataset } from '../../src/services/dataset/import.ts';
import type { DatasetInput } from '../../src/services/dataset/schema.ts';
import { backends } from '../helpers/db.ts';
import { getHtml, textOf } from '../helpers/html.ts';

/** Persons written in the wrong order on purpose, so that neither the id nor the raw text sorts them right. */
function nameTown(): DatasetInput {
  const people = [
    ['burghaus', 'Karl', 'Burghaus'],
    ['buchholz', 'Marlon', 'Buchholz'],
    ['boesel', 'Markus', 'Bösel'],
    ['anfang', 'Nicole', 'Anfang'],
    ['zander', 'Zoe', 'Zander'],
    ['oelmann', 'Olaf', 'Ölmann'],
    ['oberle', 'Otto', 'Oberle'],
    ['brandt', 'Berta', 'Brandt'],
    ['boehme', 'Bruno', 'Böhme'],
    ['bode', 'Birgit', 'Bode'],
  ] as const;
  return {
    body: { slug: 'namensstadt', name: 'Stadt Namensstadt', jurisdiction: 'nrw-gemeinde' },
    organizations: [
      { key: 'rat', kind: 'council', name: 'Rat der Stadt' },
      { key: 'bvb', kind: 'faction', name: 'BVB-Fraktion', parent: 'rat' },
      { key: 'gruene', kind: 'faction', name: 'Bündnis 90/Die Grünen', parent: 'rat' },
      { key: 'bau', kind: 'committee', name: 'Bauausschuss', parent: 'rat' },
    ],
    persons: people.map(([key, givenName, familyName]) => ({ key, givenName, familyName })),
    meetings: [
      {
        key: 'm',
        organization: 'rat',
        state: 'minutes_signed',
        startAt: '2024-03-07T17:00:00+01:00',
        minutesDate: '2024-03-20',
        attendance: people.map(([key]) => ({ person: key, role: 'member' as const, votingRight: true })),
        agenda: [
          {
            number: '1',
            public: true,
            title: 'Neubau der Feuerwache',
            votes: [
              {
                method: 'roll_call',
                yes: 4,
                no: 1,
                abstain: 2,
                byFaction: [
                  { faction: 'bvb', abstain: 1 },
                  { faction: 'gruene', abstain: 1 },
                ],
                ballots: [
                  { person: 'burghaus', choice: 'yes' },
                  { person: 'buchholz', choice: 'yes' },
                  { person: 'boesel', choice: 'yes' },
                  { person: 'anfang', choice: 'yes' },
                  { person: 'zander', choice: 'no' },
                  { person: 'oelmann', choice: 'abstain' },
                  { person: 'oberle', choice: 'abstain' },
                ],
              },
            ],
            conflicts: [{ person: 'brandt' }, { person: 'boehme' }, { person: 'bode' }],
          },
        ],
        rapporteurs: [
          { person: 'burghaus', to: 'bau', agendaNumber: '1' },
          { person: 'boesel', to: 'bau', agendaNumber: '1' },
        ],
      },
    ],
  };
}

for (const backend of backends()) {
  describe(`names in German order inside a meeting (${backend.name})`, () => {
    let database: Database;
    let app: ReturnType<typeof createApp>;
    let meetingId: number;

    before(async () => {
      database = await backend.open();
      const { bodyId } = await importDataset({ db: database.db, actor: 'test' }, nameTown());
      const [meeting] = await database.db.select({ id: meetings.id }).from(meetings).where(eq(meetings.bodyId, bodyId));
      assert.ok(meeting);
      meetingId = meeting.id;
      app = createApp({ db: database.db });
    });
    after(async () => {
      await database?.close();
    });

    test('the meeting page names the roll-call votes and the factions in German order', async () => {
      const text = textOf(await getHtml(app, `/namensstadt/sitzungen/${meetingId}`));
      assert.ok(text.includes('Ja: Nicole Anfang, Markus Bösel, Marlon Buchholz, Karl Burghaus'), text);
      assert.ok(text.includes('Enthaltung: Otto Oberle, Olaf Ölmann'), text);
      assert.ok(text.includes('1 Enthaltung Bündnis 90/Die Grünen 1 Enthaltung BVB-Fraktion'), text);
    });

    test('conflicts of interest and rapporteurs in German order', async () => {
      const record = await loadMeeting(database.db, meetingId, 'public');
      const item = record?.items[0];
      assert.ok(item, JSON.stringify(record));
      assert.deepEqual(
        item.conflicts.map((c) => c.person.familyName),
        ['Bode', 'Böhme', 'Brandt'],
      );
      assert.deepEqual(
        record?.rapporteurs.map((r) => r.person.familyName),
        ['Bösel', 'Burghaus'],
      );
    });
  });
}
