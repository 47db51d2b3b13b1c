/**
 * Reads for the public calendar pages (month grid, list, meetings per month) and the meeting lists of a
 * council or committee.
 *
 * What a public reader gets of a meeting here: its date and time, Gremium, body, place and whether it is
 * cancelled, for every meeting, planned ones included, as in the iCalendar feed. No agenda content is
 * selected at all: the meeting page applies the agenda rules (`loadMeeting(…, 'public')`).
 */
import { and, asc, desc, eq, gte, inArray, lt, type SQL, sql } from 'drizzle-orm';
import { TIME_ZONE } from '../../domain/format.ts';
import type { Executor } from '../open.ts';
import { bodies, locations, meetings, organizations } from '../schema.ts';
import { germanSortKey } from './persons.ts';

export interface CalendarMeeting {
  id: number;
  startAt: Date;
  cancelled: boolean;
  organization: { id: number; name: string };
  body: { id: number; slug: string; name: string };
  locationName: string | null;
}

export interface CalendarFilter {
  bodyId?: number | undefined;
  organizationId?: number | undefined;
}

/** Councils and committees: the organisations that meet. */
const GREMIUM_KINDS = ['council', 'committee'] as const;

const offsetFormat = new Intl.DateTimeFormat('en-US', { timeZone: TIME_ZONE, timeZoneName: 'longOffset' });

/**
 * The instant of midnight at the start of a calendar day in the councils' time zone (Europe/Berlin),
 * e.g. "2024-11-01" → 2024-10-31T23:00:00Z. Offsets change at 01:00 UTC, so the offset at 00:00 UTC of
 * the day is the one of local midnight.
 */
export function localMidnight(isoDate: string): Date {
  const utc = new Date(`${isoDate}T00:00:00Z`);
  const name = offsetFormat.formatToParts(utc).find((p) => p.type === 'timeZoneName')?.value ?? '';
  const match = /^GMT([+-])(\d{2}):(\d{2})$/.exec(name);
  if (!match) return utc;
  const minutes = (Number(match[2]) * 60 + Number(match[3])) * (match[1] === '-' ? -1 : 1);
  return new Date(utc.getTime() - minutes * 60_000);
}

function filterCondition(filter: CalendarFilter): SQL | undefined {
  return and(
    filter.bodyId != null ? eq(meetings.bodyId, filter.bodyId) : undefined,
    filter.organizationId != null ? eq(meetings.organizationId, filter.organizationId) : undefined,
  );
}

/**
 * Meetings in a period (`from` inclusive, `to` exclusive; either open), optionally of one body and one
 * Gremium, by start time (`order`), one page of them, with the number of meetings in the period.
 */
export async function listCalendarMeetings(
  db: Executor,
  options: CalendarFilter & {
    from?: Date | undefined;
    to?: Date | undefined;
    order?: 'asc' | 'desc';
    limit: number;
    offset: number;
  },
): Promise<{ total: number; entries: CalendarMeeting[] }> {
  const where = and(
    filterCondition(options),
    options.from ? gte(meetings.startAt, options.from) : undefined,
    options.to ? lt(meetings.startAt, options.to) : undefined,
  );
  const [totalRow] = await db.select({ n: sql<number>`cast(count(*) as integer)` }).from(meetings).where(where);
  const total = Number(totalRow?.n ?? 0);
  if (total <= options.offset || options.limit <= 0) return { total, entries: [] };
  const direction = options.order === 'desc' ? desc : asc;
  const entries = await db
    .select({
      id: meetings.id,
      startAt: meetings.startAt,
      cancelled: meetings.cancelled,
      organization: { id: organizations.id, name: organizations.name },
      body: { id: bodies.id, slug: bodies.slug, name: bodies.name },
      locationName: locations.name,
    })
    .from(meetings)
    .innerJoin(organizations, eq(organizations.id, meetings.organizationId))
    .innerJoin(bodies, eq(bodies.id, meetings.bodyId))
    .leftJoin(locations, eq(locations.id, meetings.locationId))
    .where(where)
    .orderBy(direction(meetings.startAt), direction(meetings.id))
    .limit(options.limit)
    .offset(options.offset);
  return { total, entries };
}

/**
 * The number of meetings in each month (January … December) of a year in the councils' time zone,
 * cancelled meetings not counted, optionally of one body and one Gremium.
 */
export async function meetingsPerMonth(db: Executor, options: CalendarFilter & { year: number }): Promise<number[]> {
  // The zone as a literal: a bound parameter would differ between SELECT and GROUP BY.
  const zone = sql.raw(`'${TIME_ZONE.replace(/'/g, "''")}'`);
  const month = sql<number>`cast(extract(month from ${meetings.startAt} at time zone ${zone}) as integer)`;
  const rows = await db
    .select({ month, n: sql<number>`cast(count(*) as integer)` })
    .from(meetings)
    .where(
      and(
        filterCondition(options),
        eq(meetings.cancelled, false),
        gte(meetings.startAt, localMidnight(`${String(options.year).padStart(4, '0')}-01-01`)),
        lt(meetings.startAt, localMidnight(`${String(options.year + 1).padStart(4, '0')}-01-01`)),
      ),
    )
    .groupBy(month);
  const counts = Array.from({ length: 12 }, () => 0);
  for (const row of rows) {
    const index = Number(row.month) - 1;
    if (index >= 0 && index < 12) counts[index] = Number(row.n);
  }
  return counts;
}

export interface CalendarGremium {
  id: number;
  name: string;
  kind: 'council' | 'committee';
  body: { id: number; slug: string; name: string };
}

/**
 * The councils and committees that can be chosen as a filter: of one body, or of all bodies (by body
 * name); in each body the council(s) first, then the committees in German alphabetical order.
 */
export async function listCalendarGremien(db: Executor, bodyId?: number): Promise<CalendarGremium[]> {
  const rows = await db
    .select({
      id: organizations.id,
      name: organizations.name,
      kind: organizations.kind,
      body: { id: bodies.id, slug: bodies.slug, name: bodies.name },
    })
    .from(organizations)
    .innerJoin(bodies, eq(bodies.id, organizations.bodyId))
    .where(and(inArray(organizations.kind, [...GREMIUM_KINDS]), bodyId != null ? eq(bodies.id, bodyId) : undefined))
    .orderBy(
      germanSortKey(bodies.name),
      asc(bodies.id),
      sql`case when ${organizations.kind} = 'council' then 0 else 1 end`,
      germanSortKey(organizations.name),
      asc(organizations.id),
    );
  return rows as CalendarGremium[];
}

/** A council or committee by id (of any body); undefined for other kinds or ids. */
export async function findCalendarGremium(db: Executor, id: number): Promise<CalendarGremium | undefined> {
  const [row] = await db
    .select({
      id: organizations.id,
      name: organizations.name,
      kind: organizations.kind,
      body: { id: bodies.id, slug: bodies.slug, name: bodies.name },
    })
    .from(organizations)
    .innerJoin(bodies, eq(bodies.id, organizations.bodyId))
    .where(and(eq(organizations.id, id), inArray(organizations.kind, [...GREMIUM_KINDS])));
  return row as CalendarGremium | undefined;
}
