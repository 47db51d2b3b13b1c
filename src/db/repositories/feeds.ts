/**
 * Reads for the public calendars (iCalendar) and feeds (Atom). Public visibility is applied HERE, in
 * SQL: only agenda items with `public = true` are selected at all (not even the titles of non-public
 * items leave the database, whatever the body's settings say), and only once the meeting is invited
 * (state not `planned`): the same rule as the meeting page. Papers: public papers only (the rule of
 * repositories/papers.ts).
 */
import { and, asc, desc, eq, gte, lt, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../open.ts';
import { bodies, locations, meetings, organizations, papers, rooms } from '../schema.ts';
import { agendaItemFindable, minutesPublicSql, paperReadable } from './visibility.ts';

export interface FeedBody {
  id: number;
  slug: string;
  name: string;
  modifiedAt: Date;
}

/** The body with this portal slug, or undefined. */
export async function findBodyBySlug(db: Executor, slug: string): Promise<FeedBody | undefined> {
  const [row] = await db
    .select({ id: bodies.id, slug: bodies.slug, name: bodies.name, modifiedAt: bodies.modifiedAt })
    .from(bodies)
    .where(eq(bodies.slug, slug));
  return row;
}

export interface PublicAgendaLine {
  number: string;
  title: string;
}

export interface FeedMeeting {
  id: number;
  state: (typeof meetings.$inferSelect)['state'];
  cancelled: boolean;
  startAt: Date;
  endAt: Date | null;
  modifiedAt: Date;
  /**
   * The latest change of anything the calendar or feed shows of the meeting: the meeting, its body,
   * organisation, location, room and published public agenda items (for Last-Modified).
   */
  contentModifiedAt: Date;
  version: number;
  /** ISO calendar date ("2021-03-03") the minutes were written, when known. */
  minutesDate: string | null;
  body: { slug: string; name: string };
  organization: { name: string };
  location: { name: string; streetAddress: string | null; postalCode: string | null; locality: string | null } | null;
  room: { name: string; description: string | null } | null;
  /** Whether the agenda is published (the invitation went out). */
  agendaPublished: boolean;
  /** Public agenda items in agenda order; empty while the agenda is unpublished. */
  agenda: PublicAgendaLine[];
}

const columns = {
  id: meetings.id,
  state: meetings.state,
  cancelled: meetings.cancelled,
  startAt: meetings.startAt,
  endAt: meetings.endAt,
  modifiedAt: meetings.modifiedAt,
  version: meetings.version,
  minutesDate: meetings.minutesDate,
  bodySlug: bodies.slug,
  bodyName: bodies.name,
  organizationName: organizations.name,
  locationName: locations.name,
  streetAddress: locations.streetAddress,
  postalCode: locations.postalCode,
  locality: locations.locality,
  roomName: rooms.name,
  roomDescription: rooms.description,
  // greatest() skips nulls (no location, no room, no public item); the result is never null.
  contentModifiedAt: sql<Date>`greatest(${meetings.modifiedAt}, ${bodies.modifiedAt},
    ${organizations.modifiedAt}, ${locations.modifiedAt}, ${rooms.modifiedAt},
    (select max(a.modified_at) from agenda_items a
      where a.meeting_id = ${meetings.id} and ${agendaItemFindable('public', { item: 'a' })}))`.mapWith(
    meetings.modifiedAt,
  ),
  // The visibility gate: public items only, and only once the meeting is invited.
  agenda: sql<PublicAgendaLine[]>`(select coalesce(json_agg(json_build_object('number', a.number, 'title', a.title)
      order by a.position), '[]'::json)
    from agenda_items a where a.meeting_id = ${meetings.id} and ${agendaItemFindable('public', { item: 'a' })})`,
};

async function selectMeetings(db: Executor, where: SQL | undefined, order: SQL[], limit: number) {
  if (limit <= 0) return [];
  const rows = await db
    .select(columns)
    .from(meetings)
    .innerJoin(bodies, eq(bodies.id, meetings.bodyId))
    .innerJoin(organizations, eq(organizations.id, meetings.organizationId))
    .leftJoin(locations, eq(locations.id, meetings.locationId))
    .leftJoin(rooms, eq(rooms.id, meetings.roomId))
    .where(where)
    .orderBy(...order)
    .limit(limit);
  return rows.map(
    (r): FeedMeeting => ({
      id: r.id,
      state: r.state,
      cancelled: r.cancelled,
      startAt: r.startAt,
      endAt: r.endAt,
      modifiedAt: r.modifiedAt,
      contentModifiedAt: r.contentModifiedAt,
      version: r.version,
      minutesDate: r.minutesDate,
      body: { slug: r.bodySlug, name: r.bodyName },
      organization: { name: r.organizationName },
      location:
        r.locationName != null
          ? {
              name: r.locationName,
              streetAddress: r.streetAddress,
              postalCode: r.postalCode,
              locality: r.locality,
            }
          : null,
      room: r.roomName != null ? { name: r.roomName, description: r.roomDescription } : null,
      agendaPublished: r.state !== 'planned',
      agenda: r.state === 'planned' ? [] : r.agenda,
    }),
  );
}

/** Upper bound of events in one calendar (iCalendar has no pagination). */
export const CALENDAR_MAX_EVENTS = 1000;

/**
 * The meetings of a calendar, oldest first: every upcoming meeting (from `now` on, nearest first) and
 * then the most recent past meetings, at most `limit` in all. Past meetings are not cut off by age, so
 * a body with few meetings shows its whole history; a large one shows its recent past. `total` is the
 * number of meetings in scope (cast: `count(*)` is a string from node-postgres).
 */
export async function calendarMeetings(
  db: Executor,
  options: { bodyId?: number; now: Date; limit?: number },
): Promise<{ total: number; meetings: FeedMeeting[] }> {
  const limit = options.limit ?? CALENDAR_MAX_EVENTS;
  const scope = options.bodyId != null ? eq(meetings.bodyId, options.bodyId) : undefined;
  const [totalRow] = await db.select({ n: sql<number>`cast(count(*) as integer)` }).from(meetings).where(scope);
  const upcoming = await selectMeetings(
    db,
    and(scope, gte(meetings.startAt, options.now)),
    [asc(meetings.startAt), asc(meetings.id)],
    limit,
  );
  const past = await selectMeetings(
    db,
    and(scope, lt(meetings.startAt, options.now)),
    [desc(meetings.startAt), desc(meetings.id)],
    limit - upcoming.length,
  );
  return { total: Number(totalRow?.n ?? 0), meetings: [...past.reverse(), ...upcoming] };
}

/** Upper bound of entries in an Atom feed. */
export const FEED_MAX_ENTRIES = 50;

/**
 * Meetings of a body whose minutes are published (signed and published), newest minutes first (by the
 * minutes' date, else the meeting day).
 */
export async function publishedMinutes(
  db: Executor,
  options: { bodyId: number; limit?: number },
): Promise<FeedMeeting[]> {
  return selectMeetings(
    db,
    and(eq(meetings.bodyId, options.bodyId), minutesPublicSql()),
    [sql`coalesce(${meetings.minutesDate}, ${meetings.startAt}) desc`, desc(meetings.startAt), desc(meetings.id)],
    options.limit ?? FEED_MAX_ENTRIES,
  );
}

export interface FeedPaper {
  id: number;
  reference: string;
  paperType: string;
  title: string;
  text: string | null;
  /** ISO calendar date ("2021-02-11"), when the paper has one. */
  date: string | null;
  createdAt: Date;
  modifiedAt: Date;
}

/**
 * The newest public papers of a body: by the paper's date (else the day it was recorded), then the
 * most recently recorded first.
 */
export async function latestPublicPapers(
  db: Executor,
  options: { bodyId: number; limit?: number },
): Promise<FeedPaper[]> {
  return db
    .select({
      id: papers.id,
      reference: papers.reference,
      paperType: papers.paperType,
      title: papers.title,
      text: papers.text,
      date: papers.date,
      createdAt: papers.createdAt,
      modifiedAt: papers.modifiedAt,
    })
    .from(papers)
    .where(and(eq(papers.bodyId, options.bodyId), paperReadable('public')))
    .orderBy(
      sql`coalesce(${papers.date}, (${papers.createdAt} at time zone 'Europe/Berlin')::date) desc`,
      desc(papers.createdAt),
      desc(papers.id),
    )
    .limit(options.limit ?? FEED_MAX_ENTRIES);
}
