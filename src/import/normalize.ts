/**
 * OParl 1.0 and 1.1 objects → one shape, with the defects of real servers repaired and reported:
 * `""` and `"N/A"` values dropped, dates and date-times checked (a date-time where a date belongs is cut,
 * a date-time without zone read as German time, an unreadable one dropped), GeoJSON as a bare geometry
 * or a Feature, Points given as [lat, lon] swapped, ids whose scheme differs from the entry URL's read
 * with the entry URL's scheme, deleted objects (`deleted: true`) kept as tombstones, also without type.
 */
import type { Report } from './report.ts';

export type Json = Record<string, unknown>;

/** The OParl object types the importer knows, by their short name. */
export const OPARL_TYPES = [
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
export type OparlType = (typeof OPARL_TYPES)[number];

export interface NObject extends Json {
  id: string;
  type: OparlType | undefined;
  deleted?: boolean;
}

/** "https://schema.oparl.org/1.0/Meeting" → "Meeting"; undefined for anything else. */
export function shortType(type: unknown): OparlType | undefined {
  if (typeof type !== 'string') return undefined;
  const match = /^https?:\/\/schema\.oparl\.org\/1\.[01]\/([A-Za-z]+)$/.exec(type.trim());
  const name = match?.[1];
  return (OPARL_TYPES as readonly string[]).includes(name ?? '') ? (name as OparlType) : undefined;
}

/** Values real servers send for "nothing". */
const EMPTY = new Set(['', 'n/a', 'na', '-', 'null', 'undefined']);
export const isEmptyValue = (value: unknown) => typeof value === 'string' && EMPTY.has(value.trim().toLowerCase());

/** Properties holding a date (yyyy-mm-dd) and a date-time, in any object type. */
const DATE_FIELDS = new Set([
  'startDate',
  'endDate',
  'date',
  'licenseValidSince',
  'oparlSince',
  'ratsinfo:invitationSentOn',
  'ratsinfo:supplementSentOn',
  'ratsinfo:minutesDate',
]);
const DATE_TIME_FIELDS = new Set(['created', 'modified', 'start', 'end', 'fileLicenseValidSince']);

/** URL-valued properties that are not references to OParl objects. */
const NOT_REFERENCES = new Set([
  'accessUrl',
  'downloadUrl',
  'website',
  'web',
  'oparlVersion',
  'license',
  'fileLicense',
  'vendor',
  'product',
]);

/** Where objects embed objects (arrays or single objects), by property name. */
const EMBEDDED: Record<string, OparlType> = {
  legislativeTerm: 'LegislativeTerm',
  membership: 'Membership',
  agendaItem: 'AgendaItem',
  consultation: 'Consultation',
  auxiliaryFile: 'File',
  mainFile: 'File',
  invitation: 'File',
  resultsProtocol: 'File',
  verbatimProtocol: 'File',
  resolutionFile: 'File',
  location: 'Location',
};

/** The UTC offset of German time at a moment, as "+01:00" or "+02:00". */
export function berlinOffset(utcMs: number): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: 'Europe/Berlin',
    timeZoneName: 'shortOffset',
  }).formatToParts(new Date(utcMs));
  const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT+1';
  const hours = Number(/GMT([+-]\d+)/.exec(name)?.[1] ?? 1);
  return `${hours < 0 ? '-' : '+'}${String(Math.abs(hours)).padStart(2, '0')}:00`;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME_ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const DATE_TIME_LOCAL = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(:\d{2})?)(\.\d+)?$/;

function validDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text && Number(m[1]) >= 1800;
}

export interface NormalizeContext {
  report: Report;
  /** Scheme of the entry URL ("https:"): ids of the same host with the other scheme are read with this one. */
  scheme: string;
  /** Host (with port) of the entry URL. */
  host: string;
}

/** The id as the importer keys and fetches it: the entry URL's scheme. */
export function canonicalId(id: string, scheme: string): string {
  if (scheme === 'https:' && id.startsWith('http://')) return `https://${id.slice(7)}`;
  if (scheme === 'http:' && id.startsWith('https://')) return `http://${id.slice(8)}`;
  return id;
}

function fixId(ctx: NormalizeContext, owner: string, value: string): string {
  // Only references into the source itself; links to elsewhere (licences, schemas) stay as they are.
  const host = /^https?:\/\/([^/?#]+)/i.exec(value)?.[1]?.toLowerCase();
  if (host !== ctx.host) return value;
  const fixed = canonicalId(value, ctx.scheme);
  if (fixed !== value) {
    ctx.report.defect(
      owner,
      'http_id',
      `Verweis ${value} mit ${value.split(':')[0]}:// statt ${ctx.scheme}//`,
      `als ${fixed} gelesen`,
    );
  }
  return fixed;
}

function fixDate(ctx: NormalizeContext, id: string, key: string, value: string): string | undefined {
  const text = value.trim();
  if (validDate(text)) return text;
  const prefix = /^(\d{4}-\d{2}-\d{2})[T ]/.exec(text)?.[1];
  if (prefix && validDate(prefix) && !Number.isNaN(Date.parse(text.replace(' ', 'T')))) {
    ctx.report.defect(
      id,
      'date_time_as_date',
      `${key} „${value}“ ist eine Zeitangabe statt eines Datums`,
      'Datum übernommen',
    );
    return prefix;
  }
  ctx.report.defect(id, 'invalid_date', `${key} „${value}“ ist kein gültiges Datum`, 'ignoriert');
  return undefined;
}

function fixDateTime(ctx: NormalizeContext, id: string, key: string, value: string): string | undefined {
  const text = value.trim();
  if (DATE_TIME_ZONED.test(text) && !Number.isNaN(Date.parse(text)) && validDate(text.slice(0, 10))) return text;
  const local = DATE_TIME_LOCAL.exec(text);
  if (local && validDate(local[1] as string)) {
    const time = (local[2] as string).length === 5 ? `${local[2]}:00` : (local[2] as string);
    const guess = Date.parse(`${local[1]}T${time}Z`);
    const offset = berlinOffset(guess - 3_600_000);
    const zoned = `${local[1]}T${time}${offset}`;
    ctx.report.defect(
      id,
      'date_time_without_zone',
      `${key} „${value}“ ohne Zeitzone`,
      `als deutsche Zeit gelesen (${zoned})`,
    );
    return zoned;
  }
  if (validDate(text)) {
    const zoned = `${text}T00:00:00${berlinOffset(Date.parse(`${text}T00:00:00Z`))}`;
    ctx.report.defect(id, 'date_as_date_time', `${key} „${value}“ ist ein Datum ohne Uhrzeit`, `als ${zoned} gelesen`);
    return zoned;
  }
  ctx.report.defect(id, 'invalid_date', `${key} „${value}“ ist kein gültiger Zeitpunkt`, 'ignoriert');
  return undefined;
}

/** Longitude and latitude ranges of Germany (with a margin): a Point inside them read the other way round is swapped. */
const inLat = (n: number) => n >= 47 && n <= 55.5;
const inLon = (n: number) => n >= 5.5 && n <= 15.5;

/** GeoJSON as the geometry Ratsinfo stores ([lon, lat] order); a Feature's geometry, a bare geometry. */
export function normalizeGeometry(ctx: NormalizeContext, id: string, value: unknown): Json | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Json;
  const geometry = (v.type === 'Feature' ? v.geometry : v) as Json | undefined;
  if (!geometry || typeof geometry !== 'object' || typeof geometry.type !== 'string') {
    ctx.report.defect(id, 'invalid_geojson', 'geojson ohne Geometrie', 'ignoriert');
    return undefined;
  }
  if (v.type !== 'Feature') {
    ctx.report.defect(
      id,
      'geojson_not_feature',
      `geojson ist eine bloße Geometrie (${geometry.type}) statt eines Feature`,
      'Geometrie übernommen',
    );
  }
  if (geometry.type === 'Point' && Array.isArray(geometry.coordinates)) {
    const [a, b] = geometry.coordinates as unknown[];
    if (typeof a !== 'number' || typeof b !== 'number') {
      ctx.report.defect(id, 'invalid_geojson', 'Punkt ohne Zahlen als Koordinaten', 'ignoriert');
      return undefined;
    }
    if (inLat(a) && inLon(b) && !(inLon(a) && inLat(b))) {
      ctx.report.defect(
        id,
        'geojson_lat_lon',
        `GeoJSON [lat, lon] erkannt ([${a}, ${b}])`,
        `getauscht zu [${b}, ${a}]`,
      );
      return { type: 'Point', coordinates: [b, a] };
    }
    return { type: 'Point', coordinates: [a, b] };
  }
  return geometry;
}

/**
 * Cleans one object (and its embedded objects) in place of a copy. `expected` is the type the context
 * implies (a list of meetings, the `agendaItem` property), used when the object has no readable type.
 */
export function normalize(ctx: NormalizeContext, raw: unknown, expected?: OparlType): NObject | undefined {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const input = raw as Json;
  if (typeof input.id !== 'string' || isEmptyValue(input.id)) {
    ctx.report.defect(String(expected ?? 'Objekt'), 'missing_id', 'Objekt ohne id', 'übersprungen');
    return undefined;
  }
  const id = fixId(ctx, input.id, input.id);
  const type = shortType(input.type);
  if (input.deleted === true) {
    if (!type) {
      ctx.report.defect(id, 'tombstone_without_type', 'gelöschtes Objekt ohne type', 'über die id zugeordnet');
    }
    return { id, type: type ?? expected, deleted: true };
  }
  if (!type) {
    if (input.type !== undefined && !isEmptyValue(input.type)) {
      ctx.report.defect(
        id,
        'unknown_type',
        `unbekannter type „${String(input.type)}“`,
        expected ? `als ${expected} gelesen` : 'übersprungen',
      );
    } else {
      ctx.report.defect(id, 'missing_type', 'Objekt ohne type', expected ? `als ${expected} gelesen` : 'übersprungen');
    }
    if (!expected) return undefined;
  } else if (expected && type !== expected) {
    ctx.report.defect(id, 'unexpected_type', `${type} wo ${expected} erwartet war`, 'übersprungen');
    return undefined;
  }
  const out: NObject = { id, type: type ?? expected };
  for (const [key, value] of Object.entries(input)) {
    if (key === 'id' || key === 'type') continue;
    const cleaned = cleanValue(ctx, out.type, id, key, value);
    if (cleaned !== undefined) out[key] = cleaned;
  }
  return out;
}

function cleanValue(
  ctx: NormalizeContext,
  type: OparlType | undefined,
  id: string,
  key: string,
  value: unknown,
): unknown {
  if (value === null || value === undefined) return undefined;
  if (isEmptyValue(value)) {
    ctx.report.defect(id, 'empty_value', `${key} ist „${String(value)}“`, 'ignoriert');
    return undefined;
  }
  if (key === 'geojson') return normalizeGeometry(ctx, id, value);
  const embedded = EMBEDDED[key];
  const embeddable =
    embedded && !(type === 'Body' && (key === 'membership' || key === 'agendaItem' || key === 'consultation'));
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    let dropped = 0;
    for (const item of value) {
      if (item === null || isEmptyValue(item)) {
        dropped++;
        continue;
      }
      if (typeof item === 'string') items.push(/^https?:\/\//.test(item) ? fixId(ctx, id, item) : item.trim());
      else if (embeddable && typeof item === 'object') {
        const child = normalize(ctx, item, embedded);
        if (child) items.push(child);
      } else if (typeof item === 'object') items.push(cleanVendor(ctx, id, item));
      else items.push(item);
    }
    if (dropped) ctx.report.defect(id, 'empty_value', `${key} enthält ${dropped} leere Einträge`, 'ignoriert');
    return items.length ? items : undefined;
  }
  if (typeof value === 'object') {
    if (embeddable) return normalize(ctx, value, embedded);
    return cleanVendor(ctx, id, value);
  }
  if (typeof value === 'string') {
    if (DATE_FIELDS.has(key)) return fixDate(ctx, id, key, value);
    if (DATE_TIME_FIELDS.has(key)) return fixDateTime(ctx, id, key, value);
    if (/^https?:\/\//.test(value) && !NOT_REFERENCES.has(key)) {
      return fixId(ctx, id, value);
    }
    return value;
  }
  return value;
}

/** Vendor structures (`ratsinfo:votes` …): URLs read with the entry scheme, empty values dropped. */
function cleanVendor(ctx: NormalizeContext, id: string, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => cleanVendor(ctx, id, v));
  if (!value || typeof value !== 'object') {
    if (typeof value === 'string' && /^https?:\/\//.test(value)) return fixId(ctx, id, value);
    return value;
  }
  const out: Json = {};
  for (const [k, v] of Object.entries(value as Json)) {
    if (v === null || v === undefined || isEmptyValue(v)) continue;
    out[k] = cleanVendor(ctx, id, v);
  }
  return out;
}

/** A string property, or undefined. */
export const str = (o: Json, key: string): string | undefined => {
  const v = o[key];
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
};
/** A text property as it is (whitespace kept: texts are verbatim), or undefined when blank. */
export const text = (o: Json, key: string): string | undefined => {
  const v = o[key];
  return typeof v === 'string' && v.trim() ? v : undefined;
};
/** The first string of a string-or-array property. */
export const first = (o: Json, key: string): string | undefined => {
  const v = o[key];
  if (Array.isArray(v)) return v.find((x): x is string => typeof x === 'string');
  return typeof v === 'string' ? v : undefined;
};
/** A reference: a URL, or the id of an embedded object. */
export const ref = (value: unknown): string | undefined => {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as Json).id === 'string') return (value as Json).id as string;
  return undefined;
};
export const refs = (o: Json, key: string): string[] => {
  const v = o[key];
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.map(ref).filter((x): x is string => x !== undefined);
};
/** Embedded objects of a property (objects only; URLs are left to the caller). */
export const embedded = (o: Json, key: string): NObject[] => {
  const v = o[key];
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.filter((x): x is NObject => !!x && typeof x === 'object' && typeof (x as Json).id === 'string');
};
