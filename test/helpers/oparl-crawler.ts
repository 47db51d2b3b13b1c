/**
 * OParl conformance crawler: starts at the System object, follows every external list through all its
 * pages and every referenced URL of the API, and checks each object against the OParl 1.1 JSON schemas
 * (draft 7, `../shared/oparl/schema-draft-7/`) and the stricter rules of the spec text:
 *
 * - `created` and `modified` on every object, embedded ones included, `modified` ≥ `created`; date-times
 *   exactly `yyyy-mm-ddThh:mm:ss±hh:mm`, dates `yyyy-mm-dd` (spec 2.4);
 * - no `null`, no `""`, no `[]` except for obligatory properties (2.4);
 * - lists: `data`, `pagination`, `links`; `self` is the page's URL, `first` the list's first page, `next`
 *   on every page but the last, `prev` on every page but the first (and that page's `next` leads back),
 *   `last` is a page without `next`; the same `elementsPerPage` on every page but the last; filters kept
 *   in every link; no object twice (2.5);
 * - every referenced URL answers 200 with the object of that id and the expected type; every object is
 *   in its body's list, and there the same object; every embedded object is its standalone object without
 *   the back-reference, which the standalone object has and which points to the parent (3.0); a parent's
 *   `modified` is not older than an embedded child's (2.8); `AgendaItem.order` is its position;
 * - no tombstone (`deleted: true`) in a list without `modified_since` (2.5, 2.8);
 * - `Access-Control-Allow-Origin: *` and a JSON content type on every answer (2.6);
 * - none of the given non-public markers anywhere in any answer.
 *
 * It reports findings instead of stopping at the first: a conforming server has none.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { Ajv, type ValidateFunction } from 'ajv';
import { SHARED_DIR } from './shared.ts';

export interface Finding {
  url: string;
  rule: string;
  message: string;
}

export type Fetcher = (url: string) => Response | Promise<Response>;

export interface CrawlOptions {
  /** Strings that must not appear in any answer (markers of non-public content). */
  forbidden?: string[];
  /** Query string appended to every list's first page, e.g. `modified_since=…` (kept by the links). */
  listQuery?: string;
  /** Safety net against a server that links endlessly. */
  maxRequests?: number;
}

export interface CrawlResult {
  findings: Finding[];
  /** Standalone objects by id. */
  objects: Map<string, Json>;
  /** Ids of the objects in the lists, by OParl type name ("Meeting"). */
  listed: Map<string, Set<string>>;
  /** Tombstones seen in lists, by id. */
  tombstones: Map<string, Json>;
  requests: number;
}

// biome-ignore lint/suspicious/noExplicitAny: JSON of any shape.
export type Json = any;

const SCHEMA_BASE = 'https://schema.oparl.org/1.1/';
const TYPE_NAMES = [
  'System',
  'Body',
  'LegislativeTerm',
  'Organization',
  'Person',
  'Membership',
  'Meeting',
  'AgendaItem',
  'Paper',
  'Consultation',
  'File',
  'Location',
] as const;

/** The shared OParl material (see ../shared/oparl/SOURCE.md). */
export const SCHEMA_DIR = `${SHARED_DIR}/oparl/schema-draft-7/schema/`;

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})[+-](\d{2}):(\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function validCalendarDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** OParl's date-time: exactly yyyy-mm-ddThh:mm:ss±hh:mm (spec 2.4), a real date and time. */
export function isOparlDateTime(value: string): boolean {
  const m = DATE_TIME.exec(value);
  if (!m) return false;
  const [y, mo, d, h, mi, s, oh, om] = m.slice(1).map(Number) as number[];
  return (
    validCalendarDate(y as number, mo as number, d as number) &&
    (h as number) < 24 &&
    (mi as number) < 60 &&
    (s as number) < 60 &&
    (oh as number) < 24 &&
    (om as number) < 60
  );
}

export function isOparlDate(value: string): boolean {
  const m = DATE.exec(value);
  return m != null && validCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

interface Schemas {
  validators: Map<string, ValidateFunction>;
  raw: Map<string, Json>;
}

let schemas: Schemas | undefined;

/** The draft-7 schemas, loaded as SOURCE.md describes: strict off, a "url" format, `$ref`s rewritten. */
export function loadSchemas(): Schemas {
  if (schemas) return schemas;
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat('url', (value: string) => {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  });
  ajv.addFormat('date-time', isOparlDateTime);
  ajv.addFormat('date', isOparlDate);
  const raw = new Map<string, Json>();
  const files = readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.json'));
  if (files.length < TYPE_NAMES.length) throw new Error(`OParl schemas missing in ${SCHEMA_DIR}`);
  for (const file of files) {
    const text = readFileSync(`${SCHEMA_DIR}${file}`, 'utf8').replace(
      /"\$ref":\s*"([A-Za-z]+)\.json"/g,
      (_m, name: string) => `"$ref": "${SCHEMA_BASE}${name}"`,
    );
    const schema = JSON.parse(text);
    raw.set(schema.title, schema);
    ajv.addSchema(schema);
  }
  const validators = new Map<string, ValidateFunction>();
  for (const name of TYPE_NAMES) {
    const validate = ajv.getSchema(`${SCHEMA_BASE}${name}`);
    if (!validate) throw new Error(`OParl schema ${name} did not load`);
    validators.set(name, validate);
  }
  schemas = { validators, raw };
  return schemas;
}

/** Properties that hold embedded objects, and the type embedded there. */
const EMBEDDED: Record<string, Record<string, string>> = {
  Body: { legislativeTerm: 'LegislativeTerm', location: 'Location' },
  Organization: { location: 'Location' },
  Person: { membership: 'Membership', locationObject: 'Location', image: 'File' },
  Meeting: {
    location: 'Location',
    invitation: 'File',
    resultsProtocol: 'File',
    verbatimProtocol: 'File',
    auxiliaryFile: 'File',
    agendaItem: 'AgendaItem',
  },
  AgendaItem: { resolutionFile: 'File', auxiliaryFile: 'File' },
  Paper: { consultation: 'Consultation', mainFile: 'File', auxiliaryFile: 'File', location: 'Location' },
};

/** Back-references an embedded object leaves out (and its standalone version has), by type. */
const BACK_REFERENCES: Record<string, string[]> = {
  LegislativeTerm: ['body'],
  Membership: ['person'],
  AgendaItem: ['meeting'],
  Consultation: ['paper'],
  File: ['meeting', 'agendaItem', 'paper', 'person'],
  Location: ['bodies', 'organizations', 'persons', 'meetings', 'papers'],
};

/** The back-reference of a child to its parent type, where the standalone object must have it. */
const PARENT_REFERENCE: Record<string, Record<string, string>> = {
  Body: { LegislativeTerm: 'body' },
  Person: { Membership: 'person' },
  Meeting: { AgendaItem: 'meeting', File: 'meeting' },
  AgendaItem: { File: 'agendaItem' },
  Paper: { Consultation: 'paper', File: 'paper' },
};

/** The list of a body (or the System) that holds every object of a type. */
const LIST_OF_TYPE: Record<string, string> = {
  Body: 'body',
  Organization: 'organization',
  Person: 'person',
  Meeting: 'meeting',
  Paper: 'paper',
  LegislativeTerm: 'legislativeTermList',
  AgendaItem: 'agendaItem',
  Consultation: 'consultation',
  File: 'file',
  Location: 'locationList',
  Membership: 'membership',
};

/** Vendor properties of Ratsinfo that reference objects (path inside the property → type). */
const VENDOR_REFERENCES: Record<string, string> = {
  'ratsinfo:parent': 'AgendaItem',
  'ratsinfo:deputyOf': 'Person',
  'ratsinfo:legislativeTerm': 'LegislativeTerm',
  'ratsinfo:attendance[].person': 'Person',
  'ratsinfo:attendance[].substituteFor': 'Person',
  'ratsinfo:votes[].byFaction[].organization': 'Organization',
  'ratsinfo:votes[].ballots[].person': 'Person',
  'ratsinfo:conflictsOfInterest[].person': 'Person',
};

interface Expectation {
  kind: 'object' | 'list';
  /** Expected OParl type of the object (or of the list's items). */
  type?: string | undefined;
  from: string;
}

interface Embedding {
  parentId: string;
  parentType: string;
  parentModified: string | undefined;
  property: string;
  index: number | undefined;
  child: Json;
  childType: string;
}

export async function crawlOparl(
  fetcher: Fetcher,
  systemUrl: string,
  options: CrawlOptions = {},
): Promise<CrawlResult> {
  const { validators, raw } = loadSchemas();
  const findings: Finding[] = [];
  const find = (url: string, rule: string, message: string) => findings.push({ url, rule, message });
  const base = systemUrl.replace(/\/$/, '');
  const maxRequests = options.maxRequests ?? 100_000;
  let requests = 0;

  const objects = new Map<string, Json>();
  const listed = new Map<string, Map<string, Json>>();
  const tombstones = new Map<string, Json>();
  const embeddings: Embedding[] = [];
  const expected = new Map<string, Expectation[]>();
  const queue: string[] = [];
  const visited = new Set<string>();

  function expect(url: string, e: Expectation) {
    const list = expected.get(url) ?? [];
    list.push(e);
    expected.set(url, list);
    if (!visited.has(url)) queue.push(url);
  }

  async function get(url: string): Promise<{ json: Json; text: string } | undefined> {
    requests += 1;
    if (requests > maxRequests) throw new Error(`more than ${maxRequests} requests: the API links endlessly`);
    const res = await fetcher(url);
    const text = await res.text();
    if (res.headers.get('access-control-allow-origin') !== '*') {
      find(url, 'cors', 'Access-Control-Allow-Origin: * fehlt');
    }
    if (!/^application\/json/.test(res.headers.get('content-type') ?? '')) {
      find(url, 'content-type', `Content-Type ${res.headers.get('content-type')}`);
    }
    for (const marker of options.forbidden ?? []) {
      if (text.includes(marker)) find(url, 'leak', `nicht öffentlicher Inhalt „${marker}“ in der Antwort`);
    }
    if (res.status !== 200) {
      find(url, 'status', `HTTP ${res.status}: ${text.slice(0, 200)}`);
      return undefined;
    }
    try {
      return { json: JSON.parse(text), text };
    } catch {
      find(url, 'json', 'keine gültige JSON-Antwort');
      return undefined;
    }
  }

  /** Every null, "" and optional [] anywhere; required = the schema's obligatory properties. */
  function checkValues(url: string, value: Json, path: string, required: Set<string>) {
    if (value === null) {
      find(url, 'null', `${path} ist null`);
      return;
    }
    if (value === '') find(url, 'empty-string', `${path} ist ""`);
    if (Array.isArray(value)) {
      const key = path.split('.').at(-1) ?? '';
      if (value.length === 0 && !required.has(key)) find(url, 'empty-array', `${path} ist []`);
      value.forEach((v, i) => {
        checkValues(url, v, `${path}[${i}]`, new Set());
      });
      return;
    }
    if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) checkValues(url, v, `${path}.${k}`, new Set());
    }
  }

  function typeName(object: Json): string | undefined {
    const type = object?.type;
    if (typeof type !== 'string' || !type.startsWith(SCHEMA_BASE)) return undefined;
    const name = type.slice(SCHEMA_BASE.length);
    return (TYPE_NAMES as readonly string[]).includes(name) ? name : undefined;
  }

  /** Checks an object (and, recursively, what it embeds); queues every URL it references. */
  function checkObject(url: string, object: Json, path: string, embedded: boolean) {
    const name = typeName(object);
    if (!name) {
      find(url, 'type', `${path}: unbekannter Typ ${JSON.stringify(object?.type)}`);
      return;
    }
    if (typeof object.id !== 'string' || (!object.id.startsWith(`${base}/`) && object.id !== base)) {
      find(url, 'id', `${path}: id ${JSON.stringify(object.id)} liegt nicht unter ${base}`);
    } else if (/[?#]|\/$/.test(object.id)) {
      find(url, 'id', `${path}: id ${object.id} ist keine kanonische Objekt-URL`);
    }
    if (object.deleted === true) {
      for (const key of ['id', 'type', 'created', 'modified']) {
        if (!(key in object)) find(url, 'tombstone', `${path}: gelöschtes Objekt ohne ${key}`);
      }
      return;
    }
    const validate = validators.get(name) as ValidateFunction;
    // With omit_internal the internal lists are left out even where the schema calls them obligatory.
    if (!validate(object)) {
      for (const error of validate.errors ?? []) {
        find(url, 'schema', `${path}${error.instancePath} ${error.message} (${name})`);
      }
    }
    for (const key of ['created', 'modified']) {
      if (typeof object[key] !== 'string') find(url, 'times', `${path}: ${key} fehlt (${name})`);
    }
    if (typeof object.created === 'string' && typeof object.modified === 'string') {
      if (Date.parse(object.modified) < Date.parse(object.created)) {
        find(url, 'times', `${path}: modified ${object.modified} vor created ${object.created}`);
      }
    }
    const schema = raw.get(name);
    const required = new Set<string>(schema?.required ?? []);
    for (const [key, value] of Object.entries(object)) checkValues(url, value, `${path}.${key}`, required);

    // References: from the schema's "references" (external lists and objects) and Ratsinfo's vendor fields.
    for (const [key, value] of Object.entries(object)) {
      const prop = schema?.properties?.[key];
      const embeds = EMBEDDED[name]?.[key];
      if (embeds) {
        const children = Array.isArray(value) ? value : [value];
        children.forEach((child, index) => {
          const childPath = `${path}.${key}${Array.isArray(value) ? `[${index}]` : ''}`;
          checkObject(url, child, childPath, true);
          embeddings.push({
            parentId: object.id,
            parentType: name,
            parentModified: object.modified,
            property: key,
            index: Array.isArray(value) ? index : undefined,
            child,
            childType: embeds,
          });
          if (typeof child?.id === 'string') expect(child.id, { kind: 'object', type: embeds, from: childPath });
        });
        continue;
      }
      const references = prop?.references ?? prop?.items?.references;
      if (references === 'externalList') {
        const itemType = String(prop.items?.$ref ?? '').replace(SCHEMA_BASE, '');
        if (typeof value === 'string') expect(value, { kind: 'list', type: itemType, from: `${path}.${key}` });
      } else if (references && key !== 'id') {
        for (const ref of Array.isArray(value) ? value : [value]) {
          if (typeof ref === 'string') expect(ref, { kind: 'object', type: references, from: `${path}.${key}` });
        }
      }
    }
    for (const [spec, type] of Object.entries(VENDOR_REFERENCES)) {
      for (const ref of pick(object, spec)) {
        if (typeof ref === 'string') expect(ref, { kind: 'object', type, from: `${path}.${spec}` });
        else find(url, 'vendor', `${path}.${spec} ist keine URL`);
      }
    }
    if (embedded) {
      for (const key of BACK_REFERENCES[name] ?? []) {
        if (key in object) find(url, 'back-reference', `${path}: eingebettetes ${name} mit Rückreferenz ${key}`);
      }
    }
    if (name === 'Meeting' && Array.isArray(object.agendaItem)) {
      object.agendaItem.forEach((item: Json, index: number) => {
        if (item?.order !== index) {
          find(url, 'order', `${path}.agendaItem[${index}].order ist ${item?.order}, nicht ${index}`);
        }
      });
    }
  }

  async function crawlList(firstUrl: string) {
    let url: string | undefined = firstUrl;
    let pageSize: number | undefined;
    let previous: { url: string; json: Json } | undefined;
    const seen = new Set<string>();
    const filtersGiven = new URL(firstUrl).searchParams.has('modified_since');
    while (url) {
      visited.add(url);
      const page = await get(url);
      if (!page) return;
      const { json } = page;
      if (!Array.isArray(json.data) || typeof json.pagination !== 'object' || typeof json.links !== 'object') {
        find(url, 'list', 'Listenseite ohne data, pagination oder links');
        return;
      }
      const links = json.links;
      if (links.self !== url) find(url, 'links', `self ist ${links.self}`);
      if (links.first !== firstUrl) find(url, 'links', `first ist ${links.first}, nicht ${firstUrl}`);
      if (typeof links.last !== 'string') find(url, 'links', 'last fehlt');
      const query = new URL(firstUrl).searchParams;
      for (const [key, link] of Object.entries(links)) {
        if (key === 'web' || typeof link !== 'string') continue;
        const params = new URL(link).searchParams;
        for (const name of ['created_since', 'created_until', 'modified_since', 'modified_until', 'omit_internal']) {
          if (query.get(name) !== params.get(name)) find(url, 'links', `${key} verliert den Filter ${name}`);
        }
      }
      if (previous) {
        if (typeof links.prev !== 'string') find(url, 'links', 'prev fehlt');
        else {
          const back = await get(links.prev);
          if (back && back.json.links?.next !== url) {
            find(url, 'links', `prev führt zu ${links.prev}, dessen next nicht hierher führt`);
          }
        }
      } else if (links.prev !== undefined) find(url, 'links', 'prev auf der ersten Seite');
      const perPage = json.pagination.elementsPerPage;
      if (perPage !== undefined) {
        if (pageSize !== undefined && perPage !== pageSize) find(url, 'pagination', 'elementsPerPage wechselt');
        pageSize = perPage;
        if (links.next && json.data.length !== perPage) {
          find(url, 'pagination', `${json.data.length} Objekte statt ${perPage} auf einer Seite mit next`);
        }
        if (json.data.length > perPage) find(url, 'pagination', `mehr als ${perPage} Objekte`);
      }
      json.data.forEach((object: Json, index: number) => {
        const path = `data[${index}]`;
        checkObject(url as string, object, path, false);
        const id = object?.id;
        if (typeof id !== 'string') return;
        if (seen.has(id)) find(url as string, 'duplicate', `${id} zweimal in der Liste`);
        seen.add(id);
        if (object.deleted === true) {
          if (!filtersGiven) find(url as string, 'tombstone', `${id} gelöscht in einer Liste ohne modified_since`);
          tombstones.set(id, object);
          return;
        }
        const name = typeName(object);
        if (!name) return;
        const byId = listed.get(name) ?? new Map<string, Json>();
        if (byId.has(id) && !isDeepStrictEqual(byId.get(id), object)) {
          find(url as string, 'consistency', `${id} erscheint in Listen unterschiedlich`);
        }
        byId.set(id, object);
        listed.set(name, byId);
        expect(id, { kind: 'object', type: name, from: `${url} ${path}` });
      });
      if (!links.next) {
        if (links.last !== url) {
          const last = await get(links.last);
          if (last?.json.links?.next) find(url, 'links', `last (${links.last}) hat ein next`);
        }
        return;
      }
      if (visited.has(links.next)) {
        find(url, 'links', `next führt im Kreis (${links.next})`);
        return;
      }
      previous = { url, json };
      url = links.next;
    }
  }

  expect(systemUrl, { kind: 'object', type: 'System', from: 'start' });
  while (queue.length > 0) {
    const url = queue.shift() as string;
    if (visited.has(url)) continue;
    const expectations = expected.get(url) ?? [];
    const wantsList = expectations.some((e) => e.kind === 'list');
    if (wantsList) {
      const withQuery = options.listQuery ? `${url}${url.includes('?') ? '&' : '?'}${options.listQuery}` : url;
      await crawlList(withQuery);
      visited.add(url);
      continue;
    }
    visited.add(url);
    const answer = await get(url);
    if (!answer) continue;
    const object = answer.json;
    if (Array.isArray(object?.data)) {
      find(url, 'reference', `als Objekt verlinkt, aber eine Liste (${expectations[0]?.from})`);
      continue;
    }
    if (object?.id !== url) find(url, 'reference', `liefert das Objekt ${object?.id}`);
    if (object?.deleted === true) {
      find(url, 'reference', `verlinkt von ${expectations[0]?.from}, aber gelöscht`);
      continue;
    }
    const name = typeName(object);
    for (const e of expectations) {
      if (e.type && name && e.type !== name) find(url, 'reference', `${e.from} erwartet ${e.type}, bekommt ${name}`);
    }
    checkObject(url, object, '', false);
    objects.set(url, object);
  }

  // Every object in its list, and there the same object.
  for (const [id, object] of objects) {
    const name = typeName(object);
    if (!name || name === 'System') continue;
    const inList = listed.get(name)?.get(id);
    if (!inList) find(id, 'listed', `${name} fehlt in der Liste ${LIST_OF_TYPE[name]}`);
    else if (!isDeepStrictEqual(inList, object)) {
      find(id, 'listed', `${name} in der Liste weicht vom Objekt ab: ${diff(inList, object)}`);
    }
  }
  // Embedded objects: the standalone object without its back-reference, which points to the parent.
  for (const e of embeddings) {
    const id = e.child?.id;
    const standalone = typeof id === 'string' ? objects.get(id) : undefined;
    if (!standalone) continue;
    const stripped = { ...standalone };
    for (const key of BACK_REFERENCES[e.childType] ?? []) delete stripped[key];
    if (!isDeepStrictEqual(stripped, e.child)) {
      find(id, 'embedded', `eingebettet in ${e.parentId} (${e.property}) anders: ${diff(e.child, stripped)}`);
    }
    const backKey = PARENT_REFERENCE[e.parentType]?.[e.childType];
    if (backKey) {
      const back = standalone[backKey];
      const points = Array.isArray(back) ? back.includes(e.parentId) : back === e.parentId;
      if (!points) find(id, 'back-reference', `${backKey} zeigt nicht auf ${e.parentId}`);
    }
    if (e.parentModified && typeof e.child?.modified === 'string') {
      if (Date.parse(e.child.modified) > Date.parse(e.parentModified)) {
        find(
          e.parentId,
          'modified',
          `${e.property}: eingebettetes ${id} ist neuer (${e.child.modified}) als das Elternobjekt`,
        );
      }
    }
  }

  return {
    findings,
    objects,
    listed: new Map([...listed].map(([k, v]) => [k, new Set(v.keys())])),
    tombstones,
    requests,
  };
}

/** Values at a path like "a[].b[].c" (arrays flattened). */
function pick(object: Json, path: string): Json[] {
  let values: Json[] = [object];
  for (const part of path.split('.')) {
    const many = part.endsWith('[]');
    const key = many ? part.slice(0, -2) : part;
    values = values.flatMap((v) => {
      const next = v?.[key];
      if (next === undefined) return [];
      return many ? (Array.isArray(next) ? next : []) : [next];
    });
  }
  return values;
}

/** The first differing key of two objects, for a readable finding. */
function diff(a: Json, b: Json): string {
  const keys = new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})]);
  for (const key of keys) {
    if (!isDeepStrictEqual(a?.[key], b?.[key])) {
      return `${key}: ${JSON.stringify(a?.[key])?.slice(0, 120)} ≠ ${JSON.stringify(b?.[key])?.slice(0, 120)}`;
    }
  }
  return 'gleich';
}

/** Findings as readable lines (for assertion messages). */
export function formatFindings(findings: Finding[], max = 40): string {
  const lines = findings.slice(0, max).map((f) => `${f.rule} ${f.url}: ${f.message}`);
  if (findings.length > max) lines.push(`… und ${findings.length - max} weitere`);
  return lines.join('\n');
}
