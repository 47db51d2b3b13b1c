/**
 * Parameters of external lists (spec 2.5): `created_since`, `created_until`, `modified_since`,
 * `modified_until` (full date-times), `omit_internal` (true/false), `limit` (bounded), and `after`, the
 * keyset cursor of Ratsinfo's pages, or `page=last` (the list's last `limit` objects: the `last` link, so
 * that no other page has to find the end of its list). Invalid values are a 400 with an error object naming the
 * parameter; unknown parameters are ignored (and left out of the list's links).
 */
import type { Cursor, TimeFilter } from '../db/repositories/oparl.ts';
import { dateTime, parseDateTime } from './format.ts';
import { invalidParameter } from './http.ts';

/** Objects per page unless the client asks for fewer or more, and the most it gets whatever it asks for. */
export interface PageSize {
  default: number;
  max: number;
}

export const PAGE_SIZE: PageSize = { default: 100, max: 500 };
/**
 * Meetings embed their agenda (with votes, attachments and extracts), attendance and the text of their
 * minutes: a page of 10 is about as much work as 100 objects of the other lists (about 180 embedded
 * objects), so that no kind of page is much slower than the others.
 */
export const MEETING_PAGE_SIZE: PageSize = { default: 10, max: 100 };
/**
 * Persons embed their memberships: a council member has dozens (committees, deputyships, terms), so a
 * page of 100 of them held about 2,000 memberships (1.2 MB of JSON, 50–70 ms); 25 keeps a page near the
 * others.
 */
export const PERSON_PAGE_SIZE: PageSize = { default: 25, max: 100 };
/**
 * Organisations list their memberships' URLs: a council has hundreds, so a page of 100 of a large city's
 * organisations held 8,858 of them (520 KB of JSON, 70–120 ms); 25 as for persons.
 */
export const ORGANIZATION_PAGE_SIZE: PageSize = { default: 25, max: 100 };

const FILTERS = [
  ['created_since', 'createdSince'],
  ['created_until', 'createdUntil'],
  ['modified_since', 'modifiedSince'],
  ['modified_until', 'modifiedUntil'],
] as const;

export interface ListParams {
  filter: TimeFilter;
  omitInternal: boolean;
  limit: number;
  /** Whether the client chose the limit (then it is kept in every link). */
  limitGiven: boolean;
  after: Cursor | undefined;
  /** `page=last`: the last `limit` objects (never together with `after`). */
  lastPage: boolean;
}

const MAX_ID = 2_147_483_647;

export function parseCursor(raw: string, segments: number): Cursor | undefined {
  const m = /^(?:([0-9])-)?([1-9][0-9]{0,9})$/.exec(raw);
  if (!m) return undefined;
  const segment = m[1] ? Number(m[1]) : 0;
  const id = Number(m[2]);
  if (segment >= segments || id > MAX_ID || (m[1] !== undefined && segment === 0)) return undefined;
  return { segment, id };
}

export function formatCursor(cursor: Cursor): string {
  return cursor.segment === 0 ? String(cursor.id) : `${cursor.segment}-${cursor.id}`;
}

/** The list parameters of a request; throws a 400 error object for an invalid one. */
export function parseListParams(
  query: Record<string, string[]>,
  segments: number,
  size: PageSize = PAGE_SIZE,
): ListParams {
  const single = (name: string): string | undefined => {
    const values = query[name];
    if (!values || values.length === 0) return undefined;
    if (values.length > 1) throw invalidParameter(name, `Der Parameter „${name}“ darf nur einmal angegeben werden.`);
    return values[0];
  };
  const filter: TimeFilter = {};
  for (const [name, key] of FILTERS) {
    const raw = single(name);
    if (raw === undefined) continue;
    const value = parseDateTime(raw);
    if (value === undefined) {
      throw invalidParameter(
        name,
        `„${name}“ muss ein Zeitpunkt mit Zeitzone sein, etwa 2024-01-31T12:00:00+01:00 (mit „+“ als %2B kodiert).`,
      );
    }
    filter[key] = value;
  }
  const omitRaw = single('omit_internal');
  if (omitRaw !== undefined && omitRaw !== 'true' && omitRaw !== 'false') {
    throw invalidParameter('omit_internal', '„omit_internal“ muss „true“ oder „false“ sein.');
  }
  const limitRaw = single('limit');
  let limit = size.default;
  if (limitRaw !== undefined) {
    if (!/^[1-9][0-9]{0,8}$/.test(limitRaw)) {
      throw invalidParameter('limit', '„limit“ muss eine positive ganze Zahl sein.');
    }
    limit = Math.min(Number(limitRaw), size.max);
  }
  const afterRaw = single('after');
  let after: Cursor | undefined;
  if (afterRaw !== undefined) {
    after = parseCursor(afterRaw, segments);
    if (!after) {
      throw invalidParameter('after', '„after“ ist keine gültige Listenposition; bitte den Links der Liste folgen.');
    }
  }
  const pageRaw = single('page');
  if (pageRaw !== undefined && pageRaw !== 'last') {
    throw invalidParameter(
      'page',
      '„page“ kennt nur den Wert „last“ (die letzte Seite); sonst den Links der Liste folgen.',
    );
  }
  if (pageRaw !== undefined && after) {
    throw invalidParameter('page', 'Die Parameter „page“ und „after“ schließen einander aus.');
  }
  return {
    filter,
    omitInternal: omitRaw === 'true',
    limit,
    limitGiven: limitRaw !== undefined,
    after,
    lastPage: pageRaw === 'last',
  };
}

/**
 * The canonical query string of a list page (spec 2.3: one spelling per URL): the filters in a fixed
 * order and in the API's date-time format, `omit_internal` only when true, `limit` when the client
 * chose it, then the cursor (`after`, or `page=last` for the last page).
 */
export function listQuery(params: ListParams, after: Cursor | 'last' | undefined): string {
  const parts: string[] = [];
  for (const [name, key] of FILTERS) {
    const value = params.filter[key];
    if (value != null) parts.push(`${name}=${encodeURIComponent(dateTime(value))}`);
  }
  if (params.omitInternal) parts.push('omit_internal=true');
  if (params.limitGiven) parts.push(`limit=${params.limit}`);
  if (after === 'last') parts.push('page=last');
  else if (after) parts.push(`after=${formatCursor(after)}`);
  return parts.length ? `?${parts.join('&')}` : '';
}
