/**
 * The importer on the shared fixtures, served by the local fixture server with their hosts rewritten:
 * the OParl 1.1 spec examples, the System and Body objects of 29 real municipalities (OParl 1.0, SD.NET,
 * ALLRIS, Somacos …), and Wuppertal's meeting whose committees are missing from the lists. Also the
 * clear errors: a server that is not reachable, an answer that is not OParl.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import type { Database, Executor } from '../../src/db/open.ts';
import {
  agendaItems,
  bodies,
  files,
  importLinks,
  legislativeTerms,
  locations,
  meetings,
  memberships,
  organizations,
  papers,
  persons,
} from '../../src/db/schema.ts';
import { isDomainError } from '../../src/domain/errors.ts';
import { type ImportResult, importOparl } from '../../src/import/crawl.ts';
import {
  type FixtureServer,
  fixtureFiles,
  readJson,
  serveFileUrls,
  specWorld,
  startFixtureServer,
  TESTDATA,
} from '../fixtures/oparl-server.ts';
import { backends } from '../helpers/db.ts';

const HTTP = { backoffMs: 5, timeoutMs: 2000, attempts: 3 };

async function localId(db: Executor, source: string): Promise<number> {
  const [row] = await db.select({ id: importLinks.localId }).from(importLinks).where(eq(importLinks.source, source));
  assert.ok(row, `kein Link für ${source}`);
  return row.id;
}

const codes = (result: ImportResult, id: string) => result.report.defects.filter((d) => d.id === id).map((d) => d.code);

for (const backend of backends()) {
  describe(`OParl import of the shared fixtures (${backend.name})`, () => {
    let database: Database;
    let db: Executor;
    let server: FixtureServer;

    before(async () => {
      database = await backend.open();
      db = database.db;
      server = await startFixtureServer({ pageSize: 2 });
    });

    after(async () => {
      await server?.close();
      await database?.close();
    });

    test('the OParl 1.1 spec examples', async () => {
      const world = specWorld(server);
      const result = await importOparl(db, { url: world.system.id as string, rate: 1000, http: HTTP });
      const bodyId = await localId(db, world.body.id as string);
      const [body] = await db.select().from(bodies).where(eq(bodies.id, bodyId));
      assert.equal(body?.name, world.body.name);
      assert.equal(body?.shortName, 'Köln');
      const [term] = await db.select().from(legislativeTerms).where(eq(legislativeTerms.bodyId, bodyId));
      assert.deepEqual([term?.name, term?.startDate, term?.endDate], ['21. Wahlperiode', '2010-12-03', '2013-12-03']);
      const [committee] = await db
        .select()
        .from(organizations)
        .where(eq(organizations.id, await localId(db, world.organization.id as string)));
      assert.deepEqual(
        [committee?.name, committee?.shortName, committee?.kind],
        ['Ausschuss für Haushalt und Finanzen', 'Finanzausschuss', 'committee'],
      );
      const [person] = await db
        .select()
        .from(persons)
        .where(eq(persons.id, await localId(db, world.person.id as string)));
      assert.deepEqual(
        [person?.title, person?.givenName, person?.familyName, person?.officeTitle],
        ['Prof. Dr.', 'Max', 'Mustermann', 'Bezirksbürgermeister'],
      );
      // The memberships name organisations the example server does not have: reported, skipped.
      assert.ok(
        result.report.defects.some((d) => d.code === 'reference_unreachable' && d.id.endsWith('/organizations/5')),
      );
      assert.equal(
        (
          await db
            .select()
            .from(memberships)
            .where(eq(memberships.personId, person?.id ?? 0))
        ).length,
        0,
      );

      const meetingId = await localId(db, world.meeting.id as string);
      const [meeting] = await db.select().from(meetings).where(eq(meetings.id, meetingId));
      assert.equal(meeting?.startAt.toISOString(), '2013-01-04T07:00:00.000Z');
      assert.equal(meeting?.organizationId, committee?.id);
      const items = await db.select().from(agendaItems).where(eq(agendaItems.meetingId, meetingId));
      assert.deepEqual(
        items.map((i) => [i.number, i.title, i.resolutionText]),
        [['10.1', 'Satzungsänderung für Ausschreibungen', 'Der Beschluss weicht wie folgt vom Antrag ab: ...']],
      );
      // The example's location is given [lat, lon].
      const [place] = await db
        .select()
        .from(locations)
        .where(eq(locations.id, meeting?.locationId ?? 0));
      assert.deepEqual(place?.geometry, { type: 'Point', coordinates: [10.4321, 50.1234] });
      assert.ok(codes(result, server.url('/oparl.example.org/location/0')).includes('geojson_lat_lon'));

      const [paper] = await db
        .select()
        .from(papers)
        .where(eq(papers.id, await localId(db, world.paper.id as string)));
      assert.deepEqual(
        [paper?.reference, paper?.paperType, paper?.date],
        ['1234/2014', 'Beantwortung einer Anfrage', '2014-04-04'],
      );
      // The paper's main file was downloaded from its (rewritten) downloadUrl.
      const [main] = await db
        .select()
        .from(files)
        .where(eq(files.id, await localId(db, server.url('/oparl.example.org/files/57737'))));
      assert.equal(
        new TextDecoder().decode(main?.content),
        '%PDF-1.4 Testinhalt /oparl.example.org/files/download/57737.pdf',
      );
      assert.equal(main?.mimeType, 'application/pdf');
      assert.equal(result.report.progress.failed, 0);
      // The examples use location/0 for two different places: the first one is kept, reported.
      assert.ok(codes(result, server.url('/oparl.example.org/location/0')).includes('id_conflict'));
      const again = await importOparl(db, { url: world.system.id as string, rate: 1000, http: HTTP, full: true });
      assert.deepEqual(again.report.progress.written, {});
    });

    test('29 real municipalities (OParl 1.0 System and Body objects)', async () => {
      const systems = fixtureFiles('systems/');
      assert.equal(systems.length, 29);
      const bodyObjects = fixtureFiles('bodies/').map((f) => server.add(readJson(new URL(`bodies/${f}`, TESTDATA))));
      const results: ImportResult[] = [];
      for (const f of systems) {
        const system = server.add(readJson(new URL(`systems/${f}`, TESTDATA)));
        const own = bodyObjects.filter((b) => b.system === system.id);
        assert.equal(own.length, 1, f);
        server.list(system.body as string, own);
        for (const b of own) {
          for (const key of ['organization', 'person', 'meeting', 'paper']) server.list(b[key] as string, []);
        }
        results.push(await importOparl(db, { url: system.id as string, rate: 1000, http: HTTP }));
      }
      const imported = await Promise.all(bodyObjects.map(async (b) => localId(db, b.id as string)));
      const rows = await db.select().from(bodies);
      const mine = rows.filter((r) => imported.includes(r.id));
      assert.equal(mine.length, 29);
      assert.equal(new Set(mine.map((r) => r.slug)).size, 29);
      const bySlug = Object.fromEntries(mine.map((r) => [r.slug, r]));
      assert.equal(bySlug['stadt-leipzig']?.name, 'Stadt Leipzig');
      assert.equal(bySlug['stadt-leipzig']?.shortName, null);
      assert.equal(bySlug['gemeinde-vettweiss']?.name, 'Gemeinde Vettweiß');
      assert.equal(bySlug['kreisverwaltung-euskirchen']?.jurisdiction, 'nrw-kreis');
      assert.equal(bySlug['landkreis-maerkisch-oderland']?.jurisdiction, 'nrw-kreis');
      assert.equal(bySlug['stadt-krefeld']?.jurisdiction, 'nrw-gemeinde');
      // Leipzig (ALLRIS): "created": "" and "shortName": "", both reported; its two terms.
      const leipzig = results.find((r) => r.bodies[0]?.source.includes('leipzig'));
      const leipzigBody = leipzig?.bodies[0]?.source as string;
      assert.deepEqual(
        leipzig?.report.defects.filter((d) => d.id === leipzigBody).map((d) => d.what),
        ['shortName ist „“', 'created ist „“'],
      );
      const terms = await db
        .select()
        .from(legislativeTerms)
        .where(eq(legislativeTerms.bodyId, bySlug['stadt-leipzig']?.id ?? 0));
      assert.deepEqual(terms.map((t) => t.name).sort(), ['Wahlperiode V', 'Wahlperiode VI']);
      // The seats of the bodies with an address became locations, their GeoJSON kept as [lon, lat].
      const seats = await db
        .select()
        .from(locations)
        .where(eq(locations.bodyId, bySlug['stadt-bruehl']?.id ?? 0));
      assert.equal(seats.length, 1);
      const point = seats[0]?.geometry as { coordinates: number[] } | null;
      assert.ok(point && (point.coordinates[0] as number) < 8 && (point.coordinates[1] as number) > 50);
      // Krefeld's seat is a bare id: nothing to store, reported.
      const krefeld = results.find((r) => r.bodies[0]?.source.includes('krefeld'));
      assert.ok(krefeld?.report.defects.some((d) => d.code === 'name_missing' && d.id.endsWith('/location/0-1')));
    });

    test("Wuppertal: a meeting's committees and participant are missing from the lists", async () => {
      const read = (f: string) => server.add(readJson(new URL(`oparl-missing/${f}`, TESTDATA)));
      const system = read('system.json');
      const body = read('body.json');
      const meeting = read('meeting.json');
      server.list(system.body as string, [body]);
      server.list(body.organization as string, []);
      server.list(body.person as string, []);
      server.list(body.meeting as string, [meeting]);
      server.list(body.paper as string, []);
      const [first, second] = meeting.organization as string[];
      for (const [url, name] of [
        [first, 'Hauptausschuss'],
        [second, 'Ausschuss für Finanzen'],
      ] as const) {
        server.add({
          id: url,
          type: 'https://schema.oparl.org/1.0/Organization',
          body: body.id,
          name,
          organizationType: 'Gremium',
        });
      }
      const participant = (meeting.participant as string[])[0] as string;
      server.add({
        id: participant,
        type: 'https://schema.oparl.org/1.0/Person',
        body: body.id,
        name: 'Anna Beispiel',
        familyName: 'Beispiel',
        givenName: 'Anna',
      });
      serveFileUrls(server, meeting);

      // A slug reserved for the portal's own pages is not given to a body.
      const result = await importOparl(db, { url: system.id as string, rate: 1000, http: HTTP, bodySlug: 'suche' });
      const [wuppertal] = await db
        .select()
        .from(bodies)
        .where(eq(bodies.id, await localId(db, body.id as string)));
      assert.equal(wuppertal?.slug, 'suche-2');
      assert.ok(codes(result, body.id as string).includes('slug_taken'));
      for (const url of [first, second, participant] as string[]) {
        assert.ok(codes(result, url).includes('missing_from_list'), url);
      }
      const [row] = await db
        .select()
        .from(meetings)
        .where(eq(meetings.id, await localId(db, meeting.id as string)));
      assert.equal(row?.organizationId, await localId(db, first as string));
      assert.ok(codes(result, meeting.id as string).includes('several_organizations'));
      // Its three documents (Einladung, Niederschrift, Ergebnisse) with their content.
      const docs = await db
        .select()
        .from(importLinks)
        .where(eq(importLinks.parent, meeting.id as string));
      assert.equal(docs.length, 3);
      const [einladung] = await db.select().from(files).where(eq(files.name, 'Einladung gesamt'));
      assert.match(new TextDecoder().decode(einladung?.content), /^%PDF-1\.4 Testinhalt \/oparl\.wuppertal\.de\//);
      // `"equivalent": [""]`
      assert.ok(codes(result, body.id as string).includes('empty_value'));
    });

    test('a server that does not answer: a clear error, nothing written', async () => {
      const closed = await startFixtureServer();
      const url = closed.url('/oparl/v1.1');
      await closed.close();
      const before = (await db.select().from(bodies)).length;
      await assert.rejects(
        importOparl(db, { url, rate: 1000, http: { ...HTTP, attempts: 2 } }),
        (error: unknown) =>
          isDomainError(error) &&
          error.id === 'import.unreachable' &&
          error.message.includes(`Die OParl-Schnittstelle ${url} ist nicht erreichbar`) &&
          error.message.includes('Verbindung abgelehnt'),
      );
      assert.equal((await db.select().from(bodies)).length, before);
    });

    test('--since that is not a time: a clear error', async () => {
      const world = specWorld(server);
      await assert.rejects(
        importOparl(db, { url: world.system.id as string, rate: 1000, http: HTTP, since: 'letzte Woche' }),
        (error: unknown) =>
          isDomainError(error) && error.id === 'import.invalid_since' && /kein Zeitpunkt/.test(error.message),
      );
    });

    test('an answer that is not OParl: a clear error', async () => {
      server.add({ id: server.url('/kein-oparl'), hello: 'world' });
      await assert.rejects(
        importOparl(db, { url: server.url('/kein-oparl'), rate: 1000, http: HTTP }),
        (error: unknown) =>
          isDomainError(error) &&
          error.id === 'import.not_oparl' &&
          /weder ein OParl-System noch eine OParl-Körperschaft/.test(error.message),
      );
      await assert.rejects(
        importOparl(db, { url: server.url('/gibt-es-nicht'), rate: 1000, http: HTTP }),
        (error: unknown) => isDomainError(error) && error.id === 'import.unreachable' && /HTTP 404/.test(error.message),
      );
    });
  });
}
