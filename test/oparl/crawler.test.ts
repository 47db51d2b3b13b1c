/**
 * The conformance crawler must be able to fail: served through a fetcher that breaks the real API's
 * answers in known ways, it reports each defect where it is.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Database } from '../../src/db/open.ts';
import { createApp } from '../../src/http/app.tsx';
import { importDataset } from '../../src/services/dataset/import.ts';
import { backends } from '../helpers/db.ts';
import { type CrawlResult, crawlOparl, type Finding, type Json } from '../helpers/oparl-crawler.ts';
import { markedTown } from './fixtures.ts';

const SYSTEM = 'http://localhost/oparl/v1.1';

let database: Database;
let app: ReturnType<typeof createApp>;

before(async () => {
  const [backend] = backends();
  assert.ok(backend);
  database = await backend.open();
  await importDataset({ db: database.db, actor: 'test' }, markedTown('kaputtstadt'));
  app = createApp({ db: database.db });
});

after(async () => {
  await database?.close();
});

type Mutation = (url: string, json: Json, headers: Headers) => void;

async function crawlWith(mutate: Mutation, listQuery?: string): Promise<CrawlResult> {
  return crawlOparl(
    async (url) => {
      const res = await app.request(url);
      const json = await res.json();
      const headers = new Headers(res.headers);
      mutate(url, json, headers);
      return new Response(JSON.stringify(json), { status: res.status, headers });
    },
    SYSTEM,
    listQuery ? { listQuery, forbidden: ['ZZVERTRAULICH'] } : { forbidden: ['ZZVERTRAULICH'] },
  );
}

function rules(findings: Finding[]): Set<string> {
  return new Set(findings.map((f) => f.rule));
}

test('an unbroken API has no findings (the baseline of the tests below)', async () => {
  const result = await crawlWith(() => {});
  assert.deepEqual(result.findings, []);
});

test('broken objects: null, "", a bad date, no created, a leak, no CORS header, a wrong type', async () => {
  const result = await crawlWith((url, json, headers) => {
    if (url.endsWith('/paper/1')) json.reference = null;
    if (url.endsWith('/organization/1')) json.shortName = '';
    if (url.endsWith('/meeting/1')) json.start = '2024-11-14T16:00:00Z';
    if (url.endsWith('/legislativeTerm/1')) delete json.created;
    if (url.endsWith('/person/1')) json.life = 'ZZVERTRAULICH-geheim';
    if (url.endsWith('/location/1')) headers.delete('access-control-allow-origin');
    if (url.endsWith('/consultation/1')) json.type = 'https://schema.oparl.org/1.1/Kaputt';
  });
  const found = rules(result.findings);
  for (const rule of ['null', 'empty-string', 'schema', 'times', 'leak', 'cors', 'type']) {
    assert.ok(found.has(rule), `${rule}: ${JSON.stringify(result.findings)}`);
  }
  const at = (rule: string) => result.findings.filter((f) => f.rule === rule).map((f) => f.url);
  assert.ok(at('null').some((u) => u.endsWith('/paper/1')));
  assert.ok(at('leak').some((u) => u.endsWith('/person/1')));
  assert.ok(at('cors').some((u) => u.endsWith('/location/1')));
});

test('broken structure: an object missing from its list, an embedded object unlike its own, wrong order, no back-reference', async () => {
  const result = await crawlWith((url, json) => {
    if (/\/body\/\d+\/organization$/.test(url)) json.data = json.data.slice(1);
    if (/\/body\/\d+\/meeting$/.test(url)) {
      const meeting = json.data.find((m: Json) => Array.isArray(m.agendaItem) && m.agendaItem.length > 1);
      meeting.agendaItem[0].name = 'Anders';
      meeting.agendaItem[1].order = 7;
    }
    if (/\/consultation\/\d+$/.test(url)) delete json.paper;
  });
  const found = rules(result.findings);
  for (const rule of ['listed', 'embedded', 'order', 'back-reference']) {
    assert.ok(found.has(rule), `${rule}: ${JSON.stringify(result.findings.slice(0, 5))}`);
  }
});

test('broken pagination: a lost limit, a wrong self link, a tombstone without modified_since, an unreachable reference', async () => {
  const result = await crawlWith((url, json) => {
    if (/\/body\/\d+\/person\?limit=2&after=/.test(url) && json.links.next) {
      json.links.next = json.links.next.replace('limit=2&', '');
    }
    if (/\/body\/\d+\/person\?limit=2$/.test(url)) json.links.self = `${url}&x=1`;
    if (/\/body\/\d+\/membership\?limit=2$/.test(url)) json.data[0] = { ...json.data[0], deleted: true };
    if (url.endsWith('/agendaItem/1')) json.consultation = `${SYSTEM}/consultation/999999`;
  }, 'limit=2');
  const found = rules(result.findings);
  for (const rule of ['pagination', 'links', 'tombstone', 'status']) {
    assert.ok(found.has(rule), `${rule}: ${JSON.stringify(result.findings.slice(0, 5))}`);
  }
});
