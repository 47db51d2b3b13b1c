/**
 * The OParl importer against a server with the defects of real ones (test/import/town.ts), on every
 * storage backend: each defect is repaired as reported (assertion on the stored rows AND on the
 * reported defect), list pages failing with 500/429 are retried, a pagination loop ends the list, a
 * slow answer times out and is asked again, an object that cannot be written leaves nothing behind and
 * the import goes on; a second run writes nothing; an incremental run takes a change, a new object and
 * a typeless tombstone.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq, inArray, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../src/db/open.ts';
import {
  agendaItems,
  attendance,
  bodies,
  consultations,
  files,
  importLinks,
  locations,
  meetings,
  memberships,
  organizations,
  paperFiles,
  papers,
  persons,
  rooms,
  votes,
} from '../../src/db/schema.ts';
import { type ImportResult, importOparl } from '../../src/import/crawl.ts';
import type { Defect } from '../../src/import/report.ts';
import { type FixtureServer, startFixtureServer } from '../fixtures/oparl-server.ts';
import { backends } from '../helpers/db.ts';
import { snapshot } from './helpers.ts';
import { beispielhausen, type Town } from './town.ts';

/** Small backoff; a timeout well above a loaded machine's answer time, well below the slow answer's delay. */
const HTTP = { backoffMs: 5, timeoutMs: 2000, attempts: 4 };

function defectsOf(result: ImportResult, code: string, id?: string): Defect[] {
  return result.report.defects.filter((d) => d.code === code && (id === undefined || d.id === id));
}

async function localId(db: Executor, source: string): Promise<number> {
  const [row] = await db.select({ id: importLinks.localId }).from(importLinks).where(eq(importLinks.source, source));
  assert.ok(row, `kein Link für ${source}`);
  return row.id;
}

for (const backend of backends()) {
  describe(`OParl import of a defective server (${backend.name})`, () => {
    let database: Database;
    let db: Executor;
    let server: FixtureServer;
    let town: Town;
    let first: ImportResult;
    let firstMs: number;

    before(async () => {
      database = await backend.open();
      db = database.db;
      server = await startFixtureServer({ pageSize: 2 });
      town = beispielhausen(server);
      const orgList = new URL(town.id('/body/1/organizations')).pathname;
      server.faults.failures.set(orgList, [{ status: 500 }, { status: 503 }]);
      server.faults.failures.set(new URL(town.id('/body/1/people')).pathname, [{ status: 429, retryAfter: '1' }]);
      server.faults.loops.set(new URL(town.id('/body/1/meetings')).pathname, { from: 2, to: 1 });
      server.faults.delays.set(new URL(town.id('/body/1/papers')).pathname, { ms: 6000, times: 1 });
      const started = Date.now();
      first = await importOparl(db, { url: town.system, rate: 1000, http: HTTP });
      firstMs = Date.now() - started;
    });

    after(async () => {
      await server?.close();
      await database?.close();
    });

    test('list pages answered with 500 and 503 are asked again, and the list is read', async () => {
      const orgList = new URL(town.id('/body/1/organizations')).pathname;
      assert.ok(server.requests.filter((r) => r.startsWith(orgList)).length >= 3);
      const names = (await db.select({ name: organizations.name }).from(organizations)).map((o) => o.name).sort();
      assert.deepEqual(names, [
        'Bauausschuss',
        'Fachbereich Planen',
        'Fraktion Grün',
        'Rat der Stadt',
        'Seniorenbeirat',
        'Verwaltung (importiert)',
      ]);
    });

    test('a 429 with Retry-After: 1 is waited out, then the persons are read', async () => {
      assert.ok(firstMs >= 950, `Retry-After nicht abgewartet (${firstMs} ms)`);
      const people = await db.select({ familyName: persons.familyName }).from(persons);
      assert.equal(people.length, 2);
    });

    test('a slow answer times out and is asked again', async () => {
      const paperList = new URL(town.id('/body/1/papers')).pathname;
      // Asked in pages of 100 (the importer's `limit`, which this server ignores), twice: the first timed out.
      assert.ok(server.requests.filter((r) => r === `${paperList}?limit=100`).length >= 2);
      assert.equal((await db.select().from(papers)).length, 2);
    });

    test('a pagination loop ends the list, reported, without duplicates', async () => {
      const loop = defectsOf(first, 'pagination_loop');
      assert.equal(loop.length, 1);
      assert.match(loop[0]?.what ?? '', /schon gelesene Seite/);
      assert.equal(loop[0]?.action, 'Liste beendet');
      // Meeting 1 and 3 (2 has no start, 4 cannot be written).
      const rows = await db.select({ id: meetings.id }).from(meetings);
      assert.equal(rows.length, 2);
    });

    test('"" and "N/A" values are dropped and reported', async () => {
      const [body] = await db.select().from(bodies);
      assert.equal(body?.name, 'Stadt Beispielhausen');
      assert.equal(body?.shortName, null);
      assert.equal(body?.website, null);
      assert.equal(body?.slug, 'stadt-beispielhausen');
      const bodyDefects = defectsOf(first, 'empty_value', town.body).map((d) => d.what);
      assert.ok(bodyDefects.includes('shortName ist „“'));
      assert.ok(bodyDefects.includes('website ist „N/A“'));
      assert.ok(bodyDefects.includes('created ist „“'));
      const [erika] = await db.select().from(persons).where(eq(persons.familyName, 'Muster'));
      assert.equal(erika?.formOfAddress, null);
      assert.equal(erika?.title, 'Dr.');
      assert.deepEqual(
        defectsOf(first, 'empty_value', town.id('/person/1')).map((d) => [d.what, d.action]),
        [['formOfAddress ist „N/A“', 'ignoriert']],
      );
      // paperType "N/A": dropped, then the obligatory value is filled in (reported too).
      const [anfrage] = await db.select().from(papers).where(eq(papers.title, 'Anfrage zum Bebauungsplan'));
      assert.equal(anfrage?.paperType, 'Vorlage');
      assert.equal(defectsOf(first, 'paper_type_missing', town.id('/paper/2')).length, 1);
    });

    test('invalid dates are dropped and reported', async () => {
      const [committee] = await db.select().from(organizations).where(eq(organizations.name, 'Bauausschuss'));
      assert.equal(committee?.startDate, null);
      assert.deepEqual(
        defectsOf(first, 'invalid_date', town.id('/org/2')).map((d) => d.what),
        ['startDate „2020-13-45“ ist kein gültiges Datum'],
      );
      const [meeting] = await db
        .select()
        .from(meetings)
        .where(eq(meetings.id, await localId(db, town.id('/meeting/1'))));
      assert.equal(meeting?.endAt, null);
      assert.equal(meeting?.startAt.toISOString(), '2024-03-01T16:00:00.000Z');
      assert.equal(defectsOf(first, 'invalid_date', town.id('/meeting/1')).length, 1);
      // A person's `created` of "gestern": the creation time is the import's.
      const [erika] = await db.select().from(persons).where(eq(persons.familyName, 'Muster'));
      assert.ok(erika && Date.now() - erika.createdAt.getTime() < 10 * 60_000);
      assert.equal(
        defectsOf(first, 'invalid_date', town.id('/person/1'))[0]?.what,
        'created „gestern“ ist kein gültiger Zeitpunkt',
      );
      // A meeting without a readable start cannot be kept.
      assert.equal(defectsOf(first, 'start_missing', town.id('/meeting/2'))[0]?.action, 'übersprungen');
      assert.equal(
        (
          await db
            .select()
            .from(importLinks)
            .where(eq(importLinks.source, town.id('/meeting/2')))
        ).length,
        0,
      );
    });

    test('an id with the other scheme ("http ids") is read as the same object', async () => {
      const council = await localId(db, town.id('/org/1'));
      const membership = await localId(db, town.id('/membership/2'));
      const [row] = await db.select().from(memberships).where(eq(memberships.id, membership));
      assert.equal(row?.organizationId, council);
      const [defect] = defectsOf(first, 'http_id', town.id('/membership/2'));
      assert.equal(defect?.what, `Verweis ${town.otherScheme('/org/1')} mit https:// statt http://`);
      assert.equal(defect?.action, `als ${town.id('/org/1')} gelesen`);
      // …with its end before its start: the end is dropped.
      assert.equal(row?.startDate, '2021-05-01');
      assert.equal(row?.endDate, null);
      assert.equal(defectsOf(first, 'end_before_start', town.id('/membership/2'))[0]?.action, 'Ende ignoriert');
    });

    test('roles, voting rights and factions of memberships', async () => {
      const [chair] = await db
        .select()
        .from(memberships)
        .where(eq(memberships.id, await localId(db, town.id('/membership/1'))));
      assert.equal(chair?.role, 'chair');
      assert.equal(chair?.roleLabel, 'Vorsitzende');
      assert.equal(chair?.votingRight, true);
      assert.equal(chair?.onBehalfOfId, await localId(db, town.id('/org/3')));
      const [deputy] = await db
        .select()
        .from(memberships)
        .where(eq(memberships.id, await localId(db, town.id('/membership/3'))));
      assert.equal(deputy?.role, 'deputy_member');
      assert.equal(deputy?.votingRight, false);
      const kinds = Object.fromEntries(
        (await db.select({ name: organizations.name, kind: organizations.kind }).from(organizations)).map((o) => [
          o.name,
          o.kind,
        ]),
      );
      assert.deepEqual(kinds, {
        'Rat der Stadt': 'council',
        Bauausschuss: 'committee',
        'Fraktion Grün': 'faction',
        'Fachbereich Planen': 'office',
        Seniorenbeirat: 'committee',
        'Verwaltung (importiert)': 'office',
      });
    });

    test('agenda order from 1 is taken as the position', async () => {
      const meetingId = await localId(db, town.id('/meeting/1'));
      const items = await db
        .select({ number: agendaItems.number, position: agendaItems.position, public: agendaItems.public })
        .from(agendaItems)
        .where(eq(agendaItems.meetingId, meetingId))
        .orderBy(agendaItems.position);
      assert.deepEqual(items, [
        { number: '1', position: 1, public: true },
        { number: '2', position: 2, public: true },
        { number: '3', position: 3, public: false },
      ]);
      const [defect] = defectsOf(first, 'order_from_one', town.id('/meeting/1'));
      assert.deepEqual([defect?.what, defect?.action], ['order beginnt bei 1', 'übernommen']);
    });

    test('results become votes; resolution text, files of items and of the meeting', async () => {
      const item2 = await localId(db, town.id('/item/2'));
      const [item] = await db.select().from(agendaItems).where(eq(agendaItems.id, item2));
      assert.equal(item?.resolutionKind, 'decision');
      assert.equal(item?.resolutionText, 'Der Ausschuss beschließt den Bebauungsplan Nord.');
      const v = await db.select().from(votes).where(eq(votes.agendaItemId, item2));
      assert.deepEqual(
        v.map((x) => [x.outcome, x.unanimous, x.yes]),
        [['accepted', true, null]],
      );
      const noted = await db
        .select()
        .from(votes)
        .where(eq(votes.agendaItemId, await localId(db, town.id('/item/1'))));
      assert.deepEqual(
        noted.map((x) => x.outcome),
        ['noted'],
      );
      const plan = await db
        .select()
        .from(files)
        .where(eq(files.id, await localId(db, town.id('/file/1'))));
      assert.equal(new TextDecoder().decode(plan[0]?.content), '%PDF-1.4 lageplan.pdf');
      assert.equal(plan[0]?.size, '%PDF-1.4 lageplan.pdf'.length);
      // The paper's consultation names the item: the item learns its paper.
      assert.equal(item?.paperId, await localId(db, town.id('/paper/1')));
      const [c] = await db.select().from(consultations);
      assert.equal(c?.agendaItemId, item2);
      assert.equal(c?.role, 'decision');
      const pf = await db.select().from(paperFiles);
      assert.equal(pf.length, 1);
      // Participants as attendance.
      const present = await db
        .select()
        .from(attendance)
        .where(eq(attendance.meetingId, item?.meetingId ?? 0));
      assert.equal(present.length, 1);
    });

    test('GeoJSON [lat, lon] is recognised and swapped; a location with a room becomes building and room', async () => {
      const [building] = await db.select().from(locations);
      assert.deepEqual(building?.geometry, { type: 'Point', coordinates: [7.1, 51.2] });
      assert.equal(building?.name, 'Rathaus');
      const [room] = await db.select().from(rooms);
      assert.equal(room?.name, 'Sitzungssaal');
      const [meeting] = await db
        .select()
        .from(meetings)
        .where(eq(meetings.id, await localId(db, town.id('/meeting/1'))));
      assert.equal(meeting?.roomId, room?.id);
      assert.equal(meeting?.locationId, building?.id);
      const [defect] = defectsOf(first, 'geojson_lat_lon', town.id('/location/1'));
      assert.equal(defect?.what, 'GeoJSON [lat, lon] erkannt ([51.2, 7.1])');
      assert.equal(defect?.action, 'getauscht zu [7.1, 51.2]');
    });

    test('an object linked but missing from its list is fetched by its id, reported', async () => {
      const beirat = await localId(db, town.id('/org/5'));
      const [row] = await db
        .select()
        .from(memberships)
        .where(eq(memberships.id, await localId(db, town.id('/membership/3'))));
      assert.equal(row?.organizationId, beirat);
      const [defect] = defectsOf(first, 'missing_from_list', town.id('/org/5'));
      assert.equal(defect?.what, 'Organization ist verlinkt, fehlt aber in der Liste');
      assert.equal(defect?.action, 'einzeln abgerufen und übernommen');
      // A familyName missing: taken from the name.
      const beispiel = await db.select().from(persons).where(eq(persons.familyName, 'Beispiel'));
      assert.equal(beispiel.length, 1);
      assert.equal(
        defectsOf(first, 'family_name_missing', town.id('/person/2'))[0]?.action,
        'aus name „Hans Beispiel“ gebildet („Beispiel“)',
      );
    });

    test('papers: duplicate references and missing offices are repaired and reported', async () => {
      const rows = await db
        .select({ reference: papers.reference, office: organizations.name })
        .from(papers)
        .innerJoin(organizations, eq(organizations.id, papers.officeId))
        .orderBy(papers.id);
      assert.deepEqual(rows, [
        { reference: 'VO/2024/0012', office: 'Fachbereich Planen' },
        { reference: 'VO/2024/0012 (2)', office: 'Verwaltung (importiert)' },
      ]);
      assert.equal(
        defectsOf(first, 'reference_duplicate', town.id('/paper/2'))[0]?.action,
        'als „VO/2024/0012 (2)“ übernommen',
      );
      assert.equal(defectsOf(first, 'office_missing', town.id('/paper/2')).length, 1);
      assert.equal(defectsOf(first, 'reference_unreachable', town.id('/org/99')).length, 1);
    });

    test('an object that cannot be written leaves nothing behind, and the import goes on', async () => {
      const [defect] = defectsOf(first, 'write_failed', town.id('/meeting/4'));
      assert.ok(defect, 'Fehler nicht berichtet');
      assert.equal(defect.action, 'Objekt übersprungen, Import fortgesetzt');
      assert.equal(first.report.progress.failed, 1);
      const titles = (await db.select({ title: agendaItems.title }).from(agendaItems)).map((i) => i.title);
      assert.ok(!titles.includes('Abstimmung mit zu vielen Stimmen'));
      assert.equal(
        (
          await db
            .select()
            .from(meetings)
            .where(eq(meetings.startAt, new Date('2024-05-02T16:00:00Z')))
        ).length,
        0,
      );
      const links = await db
        .select()
        .from(importLinks)
        .where(eq(importLinks.source, town.id('/meeting/4')));
      assert.equal(links.length, 0);
      // The meetings on the same list page (written together in one transaction, which the broken one
      // made fail) are written again one by one and kept, each with its agenda.
      const kept = await db
        .select({ id: meetings.id })
        .from(meetings)
        .where(
          inArray(meetings.id, [await localId(db, town.id('/meeting/1')), await localId(db, town.id('/meeting/3'))]),
        );
      assert.equal(kept.length, 2);
      assert.equal(first.report.defects.filter((d) => d.code === 'write_failed').length, 1);
      // Papers come after meetings: they were imported.
      assert.equal((await db.select().from(papers)).length, 2);
    });

    test('one audit entry for the run', async () => {
      const rows = (await db.execute(sql`select action, entity, after from audit_log`)) as unknown as {
        rows: { action: string; entity: string; after: { source: string } }[];
      };
      assert.equal(rows.rows.length, 1);
      assert.equal(rows.rows[0]?.action, 'import_oparl');
      assert.equal(rows.rows[0]?.after.source, town.body);
    });

    test('a second full run over unchanged data writes nothing', async () => {
      const before = await snapshot(db);
      const again = await importOparl(db, { url: town.system, rate: 1000, http: HTTP, full: true });
      assert.deepEqual(again.report.progress.written, {});
      assert.equal(again.report.progress.deleted, 0);
      assert.deepEqual(await snapshot(db), before);
    });

    test('an incremental run asks modified_since and takes a change, a new object and a typeless tombstone', async () => {
      const meetingList = new URL(town.id('/body/1/meetings')).pathname;
      server.faults.loops.clear();
      const now = new Date().toISOString().replace(/\.\d+Z$/, '+00:00');
      const changed = structuredClone(town.meetings[0]) as Record<string, unknown>;
      changed.name = '1. Sitzung des Bauausschusses (geändert)';
      changed.start = '2024-03-01T18:00:00+01:00';
      changed.modified = now;
      (changed.agendaItem as Record<string, unknown>[]).splice(0, 1);
      const fresh = {
        id: town.id('/meeting/5'),
        type: 'https://schema.oparl.org/1.0/Meeting',
        name: '3. Sitzung des Rates',
        organization: [town.id('/org/1')],
        start: '2024-07-04T18:00:00+02:00',
        created: now,
        modified: now,
      };
      const gone = town.id('/meeting/3');
      server.list(town.id('/body/1/meetings'), [changed, town.meetings[1] as Record<string, unknown>, fresh]);
      server.tombstones.set(meetingList, [{ id: gone, deleted: true }]);
      const goneId = await localId(db, gone);
      const before = server.requests.length;

      const run = await importOparl(db, { url: town.system, rate: 1000, http: HTTP });
      const asked = server.requests.slice(before).filter((r) => r.startsWith(meetingList));
      assert.ok(asked.length > 0 && asked.every((r) => r.includes('modified_since=')), asked.join(' '));
      assert.ok(run.bodies[0]?.since);

      const [updated] = await db
        .select()
        .from(meetings)
        .where(eq(meetings.id, await localId(db, town.id('/meeting/1'))));
      assert.equal(updated?.startAt.toISOString(), '2024-03-01T17:00:00.000Z');
      const items = await db
        .select({ number: agendaItems.number, position: agendaItems.position })
        .from(agendaItems)
        .where(eq(agendaItems.meetingId, updated?.id ?? 0))
        .orderBy(agendaItems.position);
      // Item 1 left the agenda: deleted with its vote; the others keep their rows.
      assert.deepEqual(items, [
        { number: '2', position: 1 },
        { number: '3', position: 2 },
      ]);
      assert.equal(
        (
          await db
            .select()
            .from(meetings)
            .where(eq(meetings.id, await localId(db, town.id('/meeting/5'))))
        ).length,
        1,
      );
      assert.equal((await db.select().from(meetings).where(eq(meetings.id, goneId))).length, 0);
      assert.equal((await db.select().from(importLinks).where(eq(importLinks.source, gone))).length, 0);
      const [typeless] = defectsOf(run, 'tombstone_without_type', gone);
      assert.equal(typeless?.action, 'über die id zugeordnet');
      assert.equal(run.report.progress.deleted, 2); // meeting 3 and agenda item 1
      // Only what changed was read and written.
      assert.equal(run.report.progress.written.meetings, 2);
      assert.equal(run.report.progress.written.organizations, undefined);
    });
  });
}
