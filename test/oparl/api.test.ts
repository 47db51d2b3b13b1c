/**
 * Behaviour of the OParl API that clients rely on beyond the conformance crawl: stable keyset
 * pagination while data changes, the update mechanism (modified_since with tombstones, parents moving
 * with their children), 404 for everything non-public (indistinguishable from unknown ids), error
 * objects for bad parameters, CORS, conditional GET, gzip, omit_internal, limit bounds, PUBLIC_URL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../src/db/open.ts';
import { changedIdsRead } from '../../src/db/repositories/oparl.ts';
import {
  agendaItems,
  bodies,
  consultations,
  files,
  meetings,
  organizations,
  paperFiles,
  papers,
  persons,
  votes,
} from '../../src/db/schema.ts';
import { createApp } from '../../src/http/app.tsx';
import { importDataset } from '../../src/services/dataset/import.ts';
import { createPaper } from '../../src/services/papers.ts';
import { backends } from '../helpers/db.ts';
import type { Json } from '../helpers/oparl-crawler.ts';
import { markedTown, marker } from './fixtures.ts';

const API = 'http://localhost/oparl/v1.1';
type App = ReturnType<typeof createApp>;

async function getJson(app: App, url: string, status = 200, headers: Record<string, string> = {}): Promise<Json> {
  const res = await app.request(url, { headers });
  const text = await res.text();
  assert.equal(res.status, status, `${url}: ${text.slice(0, 300)}`);
  assert.equal(res.headers.get('access-control-allow-origin'), '*', `${url}: CORS`);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json; charset=utf-8$/);
  return JSON.parse(text);
}

/** Every page of a list, following `next`; `between` runs after each page. */
async function walk(app: App, first: string, between: (page: number) => Promise<void> = async () => {}) {
  const ids: string[] = [];
  let url: string | undefined = first;
  let page = 0;
  while (url) {
    const json = await getJson(app, url);
    ids.push(...json.data.map((o: Json) => o.id));
    page += 1;
    await between(page);
    url = json.links.next;
  }
  return ids;
}

async function idOf(db: Executor, table: typeof papers | typeof persons, where: ReturnType<typeof eq>) {
  const [row] = await db.select({ id: table.id }).from(table).where(where);
  assert.ok(row);
  return row.id;
}

/** Moves every row of the tables the API reads back to 2020, so that a later change stands out. */
async function ageEverything(db: Executor) {
  for (const table of [
    'bodies',
    'legislative_terms',
    'organizations',
    'persons',
    'memberships',
    'locations',
    'rooms',
    'files',
    'papers',
    'consultations',
    'meetings',
    'agenda_items',
    'votes',
    'conflicts',
    'addenda',
    'attendance',
  ]) {
    await db.execute(sql`update ${sql.raw(table)} set modified_at = '2020-01-01T00:00:00+00:00'`);
  }
}

for (const backend of backends()) {
  describe(`OParl API (${backend.name})`, () => {
    let database: Database;
    let app: App;
    let bodyId: number;

    before(async () => {
      database = await backend.open();
      const result = await importDataset({ db: database.db, actor: 'test' }, markedTown('oparlstadt'));
      bodyId = result.bodyId;
      app = createApp({ db: database.db });
    });

    after(async () => {
      await database?.close();
    });

    test('non-public objects answer 404, exactly like unknown ids', async () => {
      const db = database.db;
      const secretPaper = await idOf(db, papers, eq(papers.title, marker('vorlage')));
      const staff = await idOf(db, persons, eq(persons.familyName, 'Sachbearbeiter'));
      const [secretItem] = await db
        .select({ id: agendaItems.id })
        .from(agendaItems)
        .where(eq(agendaItems.title, marker('top-titel')));
      const [draftItem] = await db
        .select({ id: agendaItems.id })
        .from(agendaItems)
        .where(eq(agendaItems.title, marker('entwurf-top')));
      const [secretFile] = await db
        .select({ id: files.id })
        .from(files)
        .where(eq(files.name, marker('anlage')));
      const [consultationAtSecret] = await db
        .select({ id: consultations.id })
        .from(consultations)
        .where(eq(consultations.agendaItemId, secretItem?.id ?? 0));
      assert.ok(secretItem && draftItem && secretFile && consultationAtSecret);
      const unknown = await getJson(app, `${API}/paper/2147483647`, 404);
      assert.equal(unknown.type, 'https://schema.oparl.org/1.1/Error');
      assert.equal(unknown.debug.id, 'oparl.not_found');
      for (const path of [
        `/paper/${secretPaper}`,
        `/person/${staff}`,
        `/agendaItem/${secretItem.id}`,
        `/agendaItem/${draftItem.id}`,
        `/file/${secretFile.id}`,
        `/consultation/${consultationAtSecret.id}`,
        `/agendaItem/${secretItem.id}/extract`,
      ]) {
        assert.deepEqual(await getJson(app, `${API}${path}`, 404), unknown, path);
      }
      // The System object has one URL: the one with a slash redirects there.
      const slash = await app.request(`${API}/`);
      assert.equal(slash.status, 301);
      assert.equal(slash.headers.get('location'), API);
      // Non-canonical spellings of an id and unknown paths are no objects either.
      for (const path of [`/paper/0${secretPaper}`, '/paper/1.0', '/vorlage/1', `/body/${bodyId}/papers`]) {
        assert.equal((await getJson(app, `${API}${path}`, 404)).debug.id, 'oparl.not_found', path);
      }
    });

    test('bad list parameters: 400 with an error object naming the parameter, in German', async () => {
      const list = `${API}/body/${bodyId}/paper`;
      for (const [query, parameter] of [
        ['modified_since=gestern', 'modified_since'],
        ['created_since=2024-13-01T00:00:00%2B01:00', 'created_since'],
        ['created_until=2024-02-30T00:00:00%2B01:00', 'created_until'],
        ['modified_until=2024-01-01', 'modified_until'],
        ['limit=0', 'limit'],
        ['limit=-5', 'limit'],
        ['limit=zehn', 'limit'],
        ['omit_internal=ja', 'omit_internal'],
        ['after=x', 'after'],
        ['after=0', 'after'],
        ['after=7-1', 'after'],
        ['limit=5&limit=6', 'limit'],
        ['page=first', 'page'],
        ['page=last&after=1', 'page'],
        ['page=last&page=last', 'page'],
      ] as const) {
        const error = await getJson(app, `${list}?${query}`, 400);
        assert.equal(error.type, 'https://schema.oparl.org/1.1/Error', query);
        assert.equal(error.debug.id, 'oparl.invalid_parameter', query);
        assert.equal(error.debug.parameter, parameter, query);
        assert.ok(error.message.includes(`„${parameter}“`), error.message);
        assert.doesNotMatch(JSON.stringify(error), /\bat \w+ \(|\.ts:\d+/);
      }
      // An unencoded "+" arrives as a space: still read as the offset.
      const lenient = await getJson(app, `${list}?modified_since=2020-01-01T00:00:00+01:00`);
      assert.ok(Array.isArray(lenient.data));
      assert.match(lenient.links.self, /modified_since=2020-01-01T00%3A00%3A00%2B01%3A00/);
      // Writing is not possible.
      const res = await app.request(list, { method: 'POST' });
      assert.equal(res.status, 405);
      assert.equal(((await res.json()) as Json).debug.id, 'oparl.method_not_allowed');
      assert.equal(res.headers.get('access-control-allow-origin'), '*');
    });

    test('CORS: a preflight is answered, every answer allows any origin', async () => {
      const res = await app.request(`${API}/body`, {
        method: 'OPTIONS',
        headers: { Origin: 'https://example.org', 'Access-Control-Request-Method': 'GET' },
      });
      assert.equal(res.status, 204);
      assert.equal(res.headers.get('access-control-allow-origin'), '*');
      assert.match(res.headers.get('access-control-allow-methods') ?? '', /\bGET\b/);
      assert.match(res.headers.get('access-control-allow-headers') ?? '', /If-None-Match/);
    });

    test('conditional GET: 304 for the same ETag or an unchanged Last-Modified, 200 after a change', async () => {
      const url = `${API}/body/${bodyId}`;
      const first = await app.request(url);
      const etag = first.headers.get('etag');
      const lastModified = first.headers.get('last-modified');
      assert.ok(etag && lastModified);
      const again = await app.request(url, { headers: { 'If-None-Match': etag } });
      assert.equal(again.status, 304);
      assert.equal(await again.text(), '');
      assert.equal(again.headers.get('access-control-allow-origin'), '*');
      assert.equal(again.headers.get('etag'), etag);
      assert.equal((await app.request(url, { headers: { 'If-Modified-Since': lastModified } })).status, 304);
      const list = await app.request(`${API}/body/${bodyId}/meeting`);
      const listTag = list.headers.get('etag') ?? '';
      assert.equal(
        (await app.request(`${API}/body/${bodyId}/meeting`, { headers: { 'If-None-Match': listTag } })).status,
        304,
      );

      await database.db.update(bodies).set({ name: 'Stadt Teststadt (neu)' }).where(eq(bodies.id, bodyId));
      const changed = await app.request(url, { headers: { 'If-None-Match': etag } });
      assert.equal(changed.status, 200);
      assert.notEqual(changed.headers.get('etag'), etag);
      assert.equal(((await changed.json()) as Json).name, 'Stadt Teststadt (neu)');
    });

    test('gzip when the client accepts it: the same JSON, smaller', async () => {
      const url = `${API}/body/${bodyId}/meeting`;
      const plain = await (await app.request(url)).text();
      const res = await app.request(url, { headers: { 'Accept-Encoding': 'gzip' } });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-encoding'), 'gzip');
      const zipped = Buffer.from(await res.arrayBuffer());
      assert.ok(zipped.length < Buffer.byteLength(plain));
      assert.deepEqual(JSON.parse(gunzipSync(zipped).toString('utf8')), JSON.parse(plain));
    });

    test('omit_internal leaves out the internal lists and is kept in every link', async () => {
      const meetingsPage = await getJson(app, `${API}/body/${bodyId}/meeting?omit_internal=true&limit=1`);
      for (const meeting of meetingsPage.data) {
        assert.equal(meeting.agendaItem, undefined);
        assert.equal(meeting.auxiliaryFile, undefined);
      }
      for (const link of ['first', 'self', 'next', 'last']) {
        assert.match(meetingsPage.links[link], /omit_internal=true/, link);
      }
      const full = await getJson(app, `${API}/body/${bodyId}/meeting`);
      assert.ok(full.data.some((m: Json) => Array.isArray(m.agendaItem)));
      const bodiesPage = await getJson(app, `${API}/body?omit_internal=true`);
      assert.equal(bodiesPage.data[0].legislativeTerm, undefined);
      const personsPage = await getJson(app, `${API}/body/${bodyId}/person?omit_internal=true`);
      assert.ok(personsPage.data.length > 0);
      for (const person of personsPage.data) assert.equal(person.membership, undefined);
    });

    test('limit: honoured up to the maximum, kept in the links; pages are complete but the last', async () => {
      const huge = await getJson(app, `${API}/body/${bodyId}/membership?limit=100000`);
      assert.equal(huge.pagination.elementsPerPage, 500);
      assert.match(huge.links.self, /limit=500/);
      // Meetings embed their agenda and minutes: smaller pages.
      const meetingsPage = await getJson(app, `${API}/body/${bodyId}/meeting?limit=1000`);
      assert.equal(meetingsPage.pagination.elementsPerPage, 100);
      assert.equal((await getJson(app, `${API}/body/${bodyId}/meeting`)).pagination.elementsPerPage, 10);
      // Persons and organisations embed or list their memberships: pages of 25 unless asked otherwise.
      for (const list of ['person', 'organization']) {
        assert.equal((await getJson(app, `${API}/body/${bodyId}/${list}`)).pagination.elementsPerPage, 25, list);
        const asked = await getJson(app, `${API}/body/${bodyId}/${list}?limit=1000`);
        assert.equal(asked.pagination.elementsPerPage, 100, list);
      }
      const small = await getJson(app, `${API}/body/${bodyId}/membership?limit=2`);
      assert.equal(small.data.length, 2);
      assert.equal(small.pagination.elementsPerPage, 2);
      assert.match(small.links.next, /limit=2&after=\d+$/);
      // The last page has a name of its own: no page has to find the end of its list to link to it.
      assert.match(small.links.last, /membership\?limit=2&page=last$/);
      const last = await getJson(app, small.links.last);
      assert.equal(last.links.next, undefined);
      assert.equal(last.links.last, small.links.last);
      assert.deepEqual(
        last.data.map((m: Json) => m.id),
        huge.data.slice(-2).map((m: Json) => m.id),
      );
      // Its self link is the cursor it stands for; the page before it leads there with `next`.
      assert.match(last.links.self, /limit=2&after=\d+$/);
      assert.deepEqual((await getJson(app, last.links.self)).data, last.data);
      const before = await getJson(app, last.links.prev);
      assert.equal(before.data.length, 2);
      assert.equal(before.links.next, last.links.self);
      // A list that fits on one page: the last page is the first.
      const whole = await getJson(app, `${API}/body/${bodyId}/membership?limit=500&page=last`);
      assert.equal(whole.links.prev, undefined);
      assert.equal(whole.links.self, `${whole.links.first}`);
      assert.deepEqual(whole.data, huge.data);
    });

    test('PUBLIC_URL: absolute URLs use the configured origin', async () => {
      const configured = createApp({ db: database.db, publicUrl: 'https://rats.example.org' });
      const system = await getJson(configured, `${API}`);
      assert.equal(system.id, 'https://rats.example.org/oparl/v1.1');
      assert.equal(system.body, 'https://rats.example.org/oparl/v1.1/body');
      const page = await getJson(configured, `${API}/body/${bodyId}/paper?limit=1`);
      assert.match(
        page.links.next,
        /^https:\/\/rats\.example\.org\/oparl\/v1\.1\/body\/\d+\/paper\?limit=1&after=\d+$/,
      );
      assert.match(page.data[0].web, /^https:\/\/rats\.example\.org\//);
    });

    test('keyset pagination: no duplicates and no gaps while papers are added and deleted', async () => {
      const db = database.db;
      const ctx = { db, actor: 'test' };
      const [office] = await db
        .select({ id: organizations.id })
        .from(organizations)
        .where(and(eq(organizations.bodyId, bodyId), eq(organizations.officeNumber, '20')));
      assert.ok(office);
      const created: number[] = [];
      for (let i = 1; i <= 12; i++) {
        const paper = await createPaper(ctx, {
          bodyId,
          officeId: office.id,
          year: 2030,
          paperType: 'Mitteilungsvorlage',
          title: `Mitteilung ${i}`,
        });
        created.push(paper.id);
      }
      const url = (id: number) => `${API}/paper/${id}`;
      const initial = await walk(app, `${API}/body/${bodyId}/paper?limit=4`);
      const deletedSeen = created[1] as number;
      const deletedUnseen = created[9] as number;
      const added: number[] = [];
      const ids = await walk(app, `${API}/body/${bodyId}/paper?limit=4`, async (page) => {
        if (page !== 2) return;
        // After the second page: one paper already seen and one not yet seen go, two new ones come.
        await db.delete(papers).where(eq(papers.id, deletedSeen));
        await db.delete(papers).where(eq(papers.id, deletedUnseen));
        for (const title of ['Neu A', 'Neu B']) {
          const paper = await createPaper(ctx, { bodyId, officeId: office.id, year: 2030, paperType: 'Antrag', title });
          added.push(paper.id);
        }
      });
      assert.equal(new Set(ids).size, ids.length, 'no paper twice');
      const survivors = initial.filter((id) => id !== url(deletedUnseen));
      assert.deepEqual(
        survivors.filter((id) => !ids.includes(id)),
        [],
        'every paper that was there throughout is listed',
      );
      assert.ok(!ids.includes(url(deletedUnseen)), 'a paper deleted before its page is not listed');
      for (const id of added) assert.ok(ids.includes(url(id)), 'papers added behind the cursor are listed');
    });

    describe('the update mechanism', () => {
      let since: string;
      const q = () => `modified_since=${encodeURIComponent(since)}`;
      let ids: Record<string, number>;

      before(async () => {
        const db = database.db;
        await ageEverything(db);
        since = '2023-01-01T00:00:00+01:00';
        const paper = (title: string) => idOf(db, papers, eq(papers.title, title));
        ids = {
          bplan: await paper('Bebauungsplan Nord'),
          haushalt: await paper('Haushaltssatzung 2025'),
          grundstueck: await paper('Grundstücksverkehr'),
          radwege: await paper('Neue Radwege'),
        };
        const [radwegeConsultation] = await db
          .select({ id: consultations.id })
          .from(consultations)
          .where(eq(consultations.paperId, ids.radwege as number));
        const [item] = await db
          .select({ id: agendaItems.id, meetingId: agendaItems.meetingId })
          .from(agendaItems)
          .where(eq(agendaItems.title, 'Bericht der Verwaltung'));
        const [voted] = await db
          .select({ id: agendaItems.id, voteId: votes.id })
          .from(agendaItems)
          .innerJoin(votes, eq(votes.agendaItemId, agendaItems.id))
          .where(eq(agendaItems.title, 'Bebauungsplan Nord'));
        assert.ok(radwegeConsultation && item && voted);
        ids.radwegeConsultation = radwegeConsultation.id;
        ids.item = item.id;
        ids.meeting = item.meetingId;
        ids.voted = voted.id;

        // Changes after `since`: an edit, a depublication, a deletion, a child's edit, a child's deletion.
        await db
          .update(papers)
          .set({ title: 'Bebauungsplan Nord (geändert)' })
          .where(eq(papers.id, ids.bplan as number));
        await db
          .update(papers)
          .set({ public: false })
          .where(eq(papers.id, ids.grundstueck as number));
        await db.delete(consultations).where(eq(consultations.paperId, ids.radwege as number));
        await db
          .update(agendaItems)
          .set({ paperId: null })
          .where(eq(agendaItems.paperId, ids.radwege as number));
        await db.delete(papers).where(eq(papers.id, ids.radwege as number));
        await db
          .update(agendaItems)
          .set({ title: 'Bericht der Verwaltung (ergänzt)' })
          .where(eq(agendaItems.id, item.id));
        await db.delete(votes).where(eq(votes.id, voted.voteId));
      });

      test('without modified_since: current objects only, no tombstones', async () => {
        const page = await getJson(app, `${API}/body/${bodyId}/paper`);
        assert.ok(page.data.every((p: Json) => p.deleted === undefined));
        const listed = page.data.map((p: Json) => p.id);
        assert.ok(listed.includes(`${API}/paper/${ids.bplan}`));
        assert.ok(!listed.includes(`${API}/paper/${ids.grundstueck}`));
        assert.ok(!listed.includes(`${API}/paper/${ids.radwege}`));
      });

      test('with modified_since: the changed objects and tombstones of the deleted and depublished ones', async () => {
        const page = await getJson(app, `${API}/body/${bodyId}/paper?${q()}`);
        const byId = new Map(page.data.map((p: Json) => [p.id, p]));
        assert.equal((byId.get(`${API}/paper/${ids.bplan}`) as Json)?.name, 'Bebauungsplan Nord (geändert)');
        assert.ok(!byId.has(`${API}/paper/${ids.haushalt}`), 'an unchanged paper is not listed');
        for (const id of [ids.grundstueck, ids.radwege]) {
          const tombstone = byId.get(`${API}/paper/${id}`) as Json;
          assert.ok(tombstone, `tombstone of paper ${id}`);
          assert.deepEqual(Object.keys(tombstone).sort(), ['created', 'deleted', 'id', 'modified', 'type']);
          assert.equal(tombstone.deleted, true);
          assert.equal(tombstone.type, 'https://schema.oparl.org/1.1/Paper');
          assert.ok(Date.parse(tombstone.modified) >= Date.parse(since));
        }
        // The consultations of both are gone as well.
        const consultationsPage = await getJson(app, `${API}/body/${bodyId}/consultation?${q()}`);
        const gone = consultationsPage.data.filter((c: Json) => c.deleted).map((c: Json) => c.id);
        assert.ok(gone.includes(`${API}/consultation/${ids.radwegeConsultation}`));
        assert.ok(gone.length >= 3, `tombstones: ${gone}`);
      });

      test('a deleted object keeps answering with its tombstone, a depublished one is 404', async () => {
        const tombstone = await getJson(app, `${API}/paper/${ids.radwege}`);
        assert.equal(tombstone.deleted, true);
        assert.equal(tombstone.id, `${API}/paper/${ids.radwege}`);
        assert.equal((await getJson(app, `${API}/consultation/${ids.radwegeConsultation}`)).deleted, true);
        await getJson(app, `${API}/paper/${ids.grundstueck}`, 404);
      });

      test("a child's change moves its parent: the meeting of an edited item, of an item that lost a vote", async () => {
        const page = await getJson(app, `${API}/body/${bodyId}/meeting?${q()}`);
        const listed = page.data.map((m: Json) => m.id);
        assert.ok(listed.includes(`${API}/meeting/${ids.meeting}`));
        const meeting = page.data.find((m: Json) => m.id === `${API}/meeting/${ids.meeting}`);
        assert.ok(Date.parse(meeting.modified) >= Date.parse(since));
        // The meeting where nothing changed is not listed.
        const all = await getJson(app, `${API}/body/${bodyId}/meeting`);
        const unchanged = all.data.filter((m: Json) => m['ratsinfo:state'] === 'held').map((m: Json) => m.id);
        assert.equal(unchanged.length, 1);
        assert.ok(!listed.includes(unchanged[0]));
        const items = await getJson(app, `${API}/body/${bodyId}/agendaItem?${q()}`);
        const changed = items.data.map((i: Json) => i.id);
        assert.ok(changed.includes(`${API}/agendaItem/${ids.item}`));
        assert.ok(changed.includes(`${API}/agendaItem/${ids.voted}`), 'the item that lost its vote');
        const voted = items.data.find((i: Json) => i.id === `${API}/agendaItem/${ids.voted}`);
        assert.equal(voted['ratsinfo:votes'], undefined);
      });

      test('modified_until and created_since/until select by the other ends', async () => {
        const old = await getJson(app, `${API}/body/${bodyId}/paper?modified_until=${encodeURIComponent(since)}`);
        const oldIds = old.data.map((p: Json) => p.id);
        assert.ok(oldIds.includes(`${API}/paper/${ids.haushalt}`));
        assert.ok(!oldIds.includes(`${API}/paper/${ids.bplan}`));
        const none = await getJson(app, `${API}/body/${bodyId}/paper?created_until=2019-12-31T23:59:59%2B01:00`);
        assert.deepEqual(none.data, []);
        const all = await getJson(app, `${API}/body/${bodyId}/paper?created_since=2019-12-31T23:59:59Z`);
        assert.ok(all.data.length >= 3);
      });
      test('modified_since lists exactly the objects modified since then, by the changed ids or by a scan', async () => {
        // Changes that reach objects only through a part, a second apart (the API's times are whole
        // seconds): a meeting's own row (its items, their consultations and papers), then a file (its paper).
        const db = database.db;
        const [meeting] = await db
          .select({ id: meetings.id })
          .from(meetings)
          .where(
            and(
              ne(meetings.id, ids.meeting as number),
              sql`exists (select 1 from agenda_items a where a.meeting_id = ${meetings.id} and a.public)`,
            ),
          )
          .limit(1);
        const [file] = await db
          .select({ id: paperFiles.fileId })
          .from(paperFiles)
          .innerJoin(papers, eq(papers.id, paperFiles.paperId))
          .where(eq(papers.public, true))
          .limit(1);
        assert.ok(meeting && file);
        await db.execute(sql`update meetings set end_at = end_at where id = ${meeting.id}`);
        await new Promise((resolve) => setTimeout(resolve, 1100));
        await db.execute(sql`update files set name = name where id = ${file.id}`);
        const objects = async (url: string) => {
          const out: Json[] = [];
          const seen = new Set<string>();
          for (let next: string | undefined = url; next; ) {
            assert.ok(!seen.has(next), `${next} zweimal`);
            seen.add(next);
            const page = await getJson(app, next);
            out.push(...page.data);
            next = page.links.next;
          }
          return out;
        };
        const byIds = changedIdsRead.atMost;
        for (const [list, atMost] of ['meeting', 'agendaItem', 'paper', 'consultation', 'file'].flatMap((l) => [
          [l, byIds] as const,
          [l, 0] as const,
        ])) {
          changedIdsRead.atMost = atMost;
          const all = await objects(`${API}/body/${bodyId}/${list}?limit=500`);
          const times = [...new Set(all.map((o) => Date.parse(o.modified)))].sort((a, b) => a - b);
          // Before everything, at the changes, just after the latest one, and between.
          const probes = [times[0] as number, since, ...times.slice(-3), (times.at(-1) as number) + 1000];
          for (const probe of probes) {
            const at = typeof probe === 'string' ? Date.parse(probe) : probe;
            const iso = new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
            const expected = all.filter((o) => Date.parse(o.modified) >= at).map((o) => o.id);
            for (const limit of [2, 500]) {
              const listed = await objects(
                `${API}/body/${bodyId}/${list}?modified_since=${encodeURIComponent(iso)}&limit=${limit}`,
              );
              assert.deepEqual(
                listed.filter((o) => !o.deleted).map((o) => o.id),
                expected,
                `${list} seit ${iso}, Seiten von ${limit}, ${atMost ? 'nach geänderten ids' : 'alle Zeilen'}`,
              );
            }
          }
        }
        changedIdsRead.atMost = byIds;
      });
    });
  });
}
