/**
 * OParl conformance: the crawler (test/helpers/oparl-crawler.ts) walks the whole API from the System
 * object and must find nothing to complain about, on the demo data and on a town full of non-public
 * content carrying markers, on every storage backend; with the default page size and with tiny pages.
 * The crawl must also reach every public object the database holds, and nothing else. A generated city
 * (`ratsinfo generate large-city` at a tiny scale) brings the variety of real data: states, votes, files.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import type { Database, Executor } from '../../src/db/open.ts';
import { loadDemo } from '../../src/demo/load.ts';
import { generateLargeCity } from '../../src/generate/large-city.ts';
import { createApp } from '../../src/http/app.tsx';
import { importDataset } from '../../src/services/dataset/import.ts';
import { backends } from '../helpers/db.ts';
import { type CrawlResult, crawlOparl, formatFindings, type Json } from '../helpers/oparl-crawler.ts';
import { FORBIDDEN, markedTown } from './fixtures.ts';

const SYSTEM = 'http://localhost/oparl/v1.1';

async function count(db: Executor, query: ReturnType<typeof sql>): Promise<number> {
  const result = (await db.execute(query)) as unknown as { rows: { n: number }[] };
  return Number(result.rows[0]?.n);
}

/** Object counts straight from the tables, by the portal's visibility rules (docs/oparl.md). */
async function expectedCounts(db: Executor): Promise<Record<string, number>> {
  const publicPerson = sql`exists (select 1 from memberships m join organizations o on o.id = m.organization_id
    where m.person_id = p.id and o.body_id = p.body_id and o.kind in ('council', 'committee', 'faction'))`;
  return {
    Body: await count(db, sql`select count(*)::int as n from bodies`),
    LegislativeTerm: await count(db, sql`select count(*)::int as n from legislative_terms`),
    Organization: await count(db, sql`select count(*)::int as n from organizations`),
    Person: await count(db, sql`select count(*)::int as n from persons p where ${publicPerson}`),
    Membership: await count(
      db,
      sql`select count(*)::int as n from memberships m join organizations o on o.id = m.organization_id
        join persons p on p.id = m.person_id
        where o.kind in ('council', 'committee', 'faction') and o.body_id = p.body_id`,
    ),
    Meeting: await count(db, sql`select count(*)::int as n from meetings`),
    AgendaItem: await count(
      db,
      sql`select count(*)::int as n from agenda_items a join meetings m on m.id = a.meeting_id
        where a.public and m.state <> 'planned'`,
    ),
    Paper: await count(db, sql`select count(*)::int as n from papers where public`),
    Consultation: await count(
      db,
      sql`select count(*)::int as n from consultations c join papers p on p.id = c.paper_id
        left join agenda_items a on a.id = c.agenda_item_id where p.public and (a.id is null or a.public)`,
    ),
    Location: await count(db, sql`select (select count(*) from locations) + (select count(*) from rooms) as n`),
    // Stored files of public papers or of public items with signed minutes, and the meetings' documents.
    File: await count(
      db,
      sql`select (select count(*) from files f where exists (select 1 from paper_files pf join papers p on p.id = pf.paper_id
            where pf.file_id = f.id and p.public)
          or exists (select 1 from agenda_item_attachments x join agenda_items a on a.id = x.agenda_item_id
            join meetings m on m.id = a.meeting_id where x.file_id = f.id and a.public and m.state = 'minutes_signed'))
        + (select count(*) from meetings where state <> 'planned')
        + (select count(*) from meetings m where state <> 'planned'
            and exists (select 1 from agenda_items a where a.meeting_id = m.id and a.supplement and a.public))
        + (select count(*) from meetings where state = 'minutes_signed')
        + (select count(*) from agenda_items a join meetings m on m.id = a.meeting_id
            where a.public and m.state = 'minutes_signed'
              and (a.resolution_text is not null or exists (select 1 from votes v where v.agenda_item_id = a.id)))
        as n`,
    ),
  };
}

function assertComplete(result: CrawlResult, expected: Record<string, number>) {
  for (const [type, n] of Object.entries(expected)) {
    assert.equal(result.listed.get(type)?.size ?? 0, n, `${type} in the lists`);
  }
  const reached = new Map<string, number>();
  for (const object of result.objects.values()) {
    const type = String(object.type).split('/').at(-1) as string;
    reached.set(type, (reached.get(type) ?? 0) + 1);
  }
  for (const [type, n] of Object.entries(expected)) assert.equal(reached.get(type) ?? 0, n, `${type} fetched`);
}

function objectsOfType(result: CrawlResult, type: string): Json[] {
  return [...result.objects.values()].filter((o) => o.type === `https://schema.oparl.org/1.1/${type}`);
}

for (const backend of backends()) {
  describe(`OParl conformance (${backend.name})`, () => {
    let database: Database;
    let app: ReturnType<typeof createApp>;
    const fetcher = (url: string) => app.request(url);

    before(async () => {
      database = await backend.open();
      await loadDemo(database.db);
      app = createApp({ db: database.db });
    });

    after(async () => {
      await database?.close();
    });

    test('the demo data: no findings, every public object reached and listed', async () => {
      const result = await crawlOparl(fetcher, SYSTEM);
      assert.deepEqual(result.findings, [], formatFindings(result.findings));
      assertComplete(result, await expectedCounts(database.db));
      // The signed minutes are published with their public text.
      const [meeting] = objectsOfType(result, 'Meeting');
      assert.match(meeting.resultsProtocol.text, /Niederschrift/);
      assert.match(meeting.resultsProtocol.accessUrl, /\/niederschrift\.pdf$/);
    });

    test('the demo data in pages of two: the same objects, no findings', async () => {
      const result = await crawlOparl(fetcher, SYSTEM, { listQuery: 'limit=2' });
      assert.deepEqual(result.findings, [], formatFindings(result.findings));
      assertComplete(result, await expectedCounts(database.db));
    });

    describe('a town with non-public content', () => {
      let result: CrawlResult;

      before(async () => {
        await importDataset({ db: database.db, actor: 'test' }, markedTown());
        result = await crawlOparl(fetcher, SYSTEM, { forbidden: FORBIDDEN, listQuery: 'limit=3' });
      });

      test('no findings and no marker anywhere, every public object reached', async () => {
        assert.deepEqual(result.findings, [], formatFindings(result.findings));
        assertComplete(result, await expectedCounts(database.db));
      });

      test('the public content is there', () => {
        const names = new Set(objectsOfType(result, 'Paper').map((p) => p.name));
        for (const name of ['Bebauungsplan Nord', 'Grundstücksverkehr', 'Neue Radwege', 'Haushaltssatzung 2025']) {
          assert.ok(names.has(name), `paper ${name}`);
        }
        const item = objectsOfType(result, 'AgendaItem').find((i) => i.name === 'Bebauungsplan Nord');
        assert.ok(item, 'the public item of the signed meeting');
        // As the minutes phrase it: no votes against, the abstention named by its faction.
        assert.equal(item.result, 'einstimmig angenommen');
        assert.equal(item.resolutionText, 'Der Ausschuss beschließt den Bebauungsplan Nord.');
        assert.equal(item['ratsinfo:votes'][0].yes, 2);
        assert.equal(item['ratsinfo:votes'][0].byFaction.length, 2);
        assert.equal(item['ratsinfo:conflictsOfInterest'][0].note, 'Grundstück in der Nachbarschaft');
        assert.equal(item.auxiliaryFile[0].name, 'Präsentation Nord');
        assert.match(item.resolutionFile.accessUrl, /\/top\/2\/beschlussauszug\.pdf$/);
      });

      test('what is not public is not there: draft minutes, planned agendas, staff, contact data', () => {
        const meetings = objectsOfType(result, 'Meeting').filter((m) => String(m.web).includes('teststadt'));
        const byState = new Map(meetings.map((m) => [m['ratsinfo:state'], m]));
        const held = byState.get('held');
        assert.ok(held);
        assert.equal(held.resultsProtocol, undefined);
        assert.equal(held.participant, undefined);
        for (const item of held.agendaItem) {
          assert.equal(item['ratsinfo:minutesText'], undefined);
          assert.equal(item.resolutionText, undefined);
        }
        const planned = byState.get('planned');
        assert.ok(planned);
        assert.equal(planned.agendaItem, undefined);
        assert.equal(planned.invitation, undefined);
        const signed = byState.get('minutes_signed');
        assert.ok(signed);
        assert.deepEqual(
          signed.agendaItem.map((i: Json) => i.number),
          ['1', '2'],
        );
        // Present members only: not the excused member, not the administration.
        assert.equal(signed.participant.length, 4);
        const persons = objectsOfType(result, 'Person').filter((p) => String(p.web).includes('teststadt'));
        assert.equal(persons.length, 5);
        assert.ok(!persons.some((p) => p.familyName === 'Sachbearbeiter' || p.familyName === 'Gast'));
        // The consultation at the planned meeting names the meeting but no agenda item.
        const radwege = objectsOfType(result, 'Paper').find((p) => p.name === 'Neue Radwege');
        assert.equal(radwege.consultation.length, 1);
        assert.equal(radwege.consultation[0].meeting, planned.id);
        assert.equal(radwege.consultation[0].agendaItem, undefined);
        // The consultation at the non-public item is left out, the rest of the paper's path is there.
        const grundstueck = objectsOfType(result, 'Paper').find((p) => p.name === 'Grundstücksverkehr');
        assert.deepEqual(
          grundstueck.consultation.map((c: Json) => c.role),
          ['Entscheidung'],
        );
      });
    });
  });

  describe(`OParl conformance of a generated city (${backend.name})`, () => {
    let database: Database;
    let app: ReturnType<typeof createApp>;

    before(async () => {
      database = await backend.open();
      await generateLargeCity(database, { scale: 0.001, seed: 1 }, () => {});
      app = createApp({ db: database.db });
    });

    after(async () => {
      await database?.close();
    });

    test('no findings, every public object reached and listed', async () => {
      const result = await crawlOparl((url) => app.request(url), SYSTEM);
      assert.deepEqual(result.findings, [], formatFindings(result.findings));
      const expected = await expectedCounts(database.db);
      assertComplete(result, expected);
      assert.ok((expected.AgendaItem ?? 0) > 100 && (expected.File ?? 0) > 50, JSON.stringify(expected));
    });
  });
}
