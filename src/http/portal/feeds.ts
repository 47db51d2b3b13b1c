/**
 * Public calendars (iCalendar) and feeds (Atom):
 * - `GET /kalender.ics`: meetings of all bodies;
 * - `GET /:body/kalender.ics`: meetings of one body;
 * - `GET /:body/niederschriften.atom`: the body's published minutes, newest first;
 * - `GET /:body/vorlagen.atom`: the body's newest public papers.
 *
 * Calendar window: every upcoming meeting plus the most recent past ones, at most
 * CALENDAR_MAX_EVENTS (1,000) in all (iCalendar cannot be paginated; past meetings are not cut off by
 * age, so small bodies show their whole history). Links are absolute, built from PUBLIC_URL, else the
 * request's origin. Visibility is applied by the queries (repositories/feeds.ts): only public agenda
 * items, and only once the meeting is invited, as on the meeting page; only public papers.
 * Every response carries ETag, Last-Modified and Cache-Control and answers conditional requests (304).
 */
import { type Context, Hono } from 'hono';
import type { Executor } from '../../db/open.ts';
import {
  CALENDAR_MAX_EVENTS,
  calendarMeetings,
  type FeedBody,
  type FeedMeeting,
  type FeedPaper,
  findBodyBySlug,
  latestPublicPapers,
  publishedMinutes,
} from '../../db/repositories/feeds.ts';
import { DomainError } from '../../domain/errors.ts';
import { formatDate, formatIsoDate, TIME_ZONE } from '../../domain/format.ts';
import { type AtomEntry, type AtomFeed, renderAtom } from '../../presenters/atom.ts';
import { type CalendarEvent, renderCalendar } from '../../presenters/ical.ts';
import { cachedResponse, latest, MAX_AGE } from '../cache.ts';
import { type AppEnv, publicOrigin } from '../env.ts';
import { minutesFeedLink, papersFeedLink } from './feed-links.ts';

export const feeds = new Hono<AppEnv>();

/** When a meeting has no end time, calendars show it as this long. */
const ASSUMED_DURATION_MS = 3 * 60 * 60 * 1000;

/**
 * First year of the tag URIs (RFC 4151). Fixed for ever: ids must never change. Tag and UID domains
 * are host-independent ("ratsinfo-<slug>"), so moving the portal to another host keeps subscriptions.
 */
const TAG = 'tag:ratsinfo,2026';

const meetingPath = (m: { id: number; body: { slug: string } }) => `/${m.body.slug}/sitzungen/${m.id}`;

async function bodyOf(db: Executor, slug: string): Promise<FeedBody> {
  const body = /^[a-z0-9-]{1,100}$/.test(slug) ? await findBodyBySlug(db, slug) : undefined;
  if (!body) throw new DomainError('body.not_found', 'Diese Körperschaft gibt es nicht.');
  return body;
}

/** "Kreishaus Mettmann, Düsseldorfer Straße 26, 40822 Mettmann, Zimmer 1.601 (großer Sitzungssaal)" */
function place(m: FeedMeeting): string {
  return [
    m.location?.name,
    m.location?.streetAddress,
    [m.location?.postalCode, m.location?.locality].filter(Boolean).join(' '),
    m.room ? [m.room.name, m.room.description ? `(${m.room.description})` : ''].join(' ').trim() : '',
  ]
    .filter(Boolean)
    .join(', ');
}

/** "1.1 Eröffnung der Sitzung", one line per public agenda item. */
const agendaLines = (m: FeedMeeting) => m.agenda.map((i) => `${i.number} ${i.title}`);

function eventDescription(m: FeedMeeting, url: string): string {
  const lines: string[] = [];
  if (m.cancelled) lines.push('Die Sitzung ist abgesagt.', '');
  if (!m.agendaPublished) lines.push('Die Tagesordnung ist noch nicht veröffentlicht.');
  else if (m.agenda.length === 0) lines.push('Die Tagesordnung hat keinen öffentlichen Teil.');
  else lines.push('Tagesordnung (öffentlicher Teil):', ...agendaLines(m));
  lines.push('', `Sitzungsseite: ${url}`);
  return lines.join('\n');
}

function toEvent(m: FeedMeeting, origin: string, allBodies: boolean): CalendarEvent {
  const url = `${origin}${meetingPath(m)}`;
  return {
    uid: `meeting-${m.id}@ratsinfo-${m.body.slug}`,
    modifiedAt: m.modifiedAt,
    start: m.startAt,
    // The end time is often unknown (minutes rarely give one): assume three hours, so that the event
    // blocks a sensible slot in the subscriber's calendar.
    end: m.endAt ?? new Date(m.startAt.getTime() + ASSUMED_DURATION_MS),
    // In the calendar of all bodies, "Rat" alone would be ambiguous.
    summary: allBodies ? `${m.organization.name} – ${m.body.name}` : m.organization.name,
    location: place(m) || undefined,
    description: eventDescription(m, url),
    url,
    cancelled: m.cancelled,
    sequence: m.version - 1,
  };
}

async function calendarResponse(c: Context<AppEnv>, body: FeedBody | undefined) {
  const origin = publicOrigin(c);
  const { total, meetings } = await calendarMeetings(c.var.db, {
    ...(body ? { bodyId: body.id } : {}),
    now: new Date(),
    limit: CALENDAR_MAX_EVENTS,
  });
  const ics = renderCalendar({
    name: `Sitzungen – ${body ? body.name : 'alle Körperschaften'}`,
    description:
      total > meetings.length
        ? `Alle kommenden und die letzten vergangenen Sitzungen (${meetings.length} von ${total}).`
        : undefined,
    events: meetings.map((m) => toEvent(m, origin, !body)),
  });
  return cachedResponse(c, {
    body: ics,
    headers: {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': `attachment; filename="sitzungen${body ? `-${body.slug}` : ''}.ics"`,
      'X-Content-Type-Options': 'nosniff',
    },
    lastModified: latest(body?.modifiedAt, ...meetings.map((m) => m.contentModifiedAt)),
    maxAge: MAX_AGE.calendar,
  });
}

feeds.get('/kalender.ics', (c) => calendarResponse(c, undefined));

feeds.get('/:body/kalender.ics', async (c) => calendarResponse(c, await bodyOf(c.var.db, c.req.param('body'))));

const berlinOffset = new Intl.DateTimeFormat('en-US', { timeZone: TIME_ZONE, timeZoneName: 'longOffset' });

/** Midnight of a calendar day in Berlin, RFC 3339: "2021-03-03T00:00:00+01:00". */
function berlinMidnight(isoDate: string): string {
  // Offsets change at 01:00 UTC, so the offset at 00:00 UTC of the day is the one of local midnight.
  const name = berlinOffset.formatToParts(new Date(`${isoDate}T00:00:00Z`)).find((p) => p.type === 'timeZoneName');
  const offset = /^GMT([+-]\d{2}:\d{2})$/.exec(name?.value ?? '')?.[1] ?? 'Z';
  return `${isoDate}T00:00:00${offset}`;
}

/** An Atom feed response: UTF-8, cacheable, Last-Modified = the feed's `updated`. */
function atomResponse(c: Context<AppEnv>, feed: AtomFeed) {
  return cachedResponse(c, {
    body: renderAtom(feed),
    headers: {
      'Content-Type': 'application/atom+xml; charset=utf-8',
      'X-Content-Type-Options': 'nosniff',
    },
    lastModified: feed.updated,
    maxAge: MAX_AGE.feed,
  });
}

feeds.get('/:body/niederschriften.atom', async (c) => {
  const body = await bodyOf(c.var.db, c.req.param('body'));
  const origin = publicOrigin(c);
  const minutes = await publishedMinutes(c.var.db, { bodyId: body.id });
  const entries: AtomEntry[] = minutes.map((m) => {
    const page = `${origin}${meetingPath(m)}`;
    const agenda = agendaLines(m);
    return {
      id: `${TAG}:${body.slug}:sitzung:${m.id}:niederschrift`,
      title: `Niederschrift: ${m.organization.name}, ${formatDate(m.startAt)}`,
      updated: m.modifiedAt,
      published: m.minutesDate ? berlinMidnight(m.minutesDate) : undefined,
      links: [
        { rel: 'alternate', href: page, type: 'text/html' },
        { rel: 'enclosure', href: `${page}/niederschrift.pdf`, type: 'application/pdf', title: 'Niederschrift (PDF)' },
      ],
      summary:
        agenda.length > 0
          ? ['Tagesordnung (öffentlicher Teil):', ...agenda].join('\n')
          : 'Die Tagesordnung hat keinen öffentlichen Teil.',
    };
  });
  return atomResponse(c, {
    id: `${TAG}:${body.slug}:niederschriften`,
    title: minutesFeedLink(body).title,
    updated: latest(body.modifiedAt, ...minutes.map((m) => m.contentModifiedAt)) ?? body.modifiedAt,
    author: body.name,
    links: [
      { rel: 'self', href: `${origin}${minutesFeedLink(body).href}`, type: 'application/atom+xml' },
      { rel: 'alternate', href: `${origin}/${body.slug}`, type: 'text/html' },
    ],
    entries,
  });
});

/** Longest summary taken from a paper's text, in characters. */
const SUMMARY_MAX = 600;

/** The start of a text, whitespace collapsed, cut at a word boundary with "…". */
function excerpt(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.–-]+$/, '')} …`;
}

function paperEntry(p: FeedPaper, body: FeedBody, origin: string): AtomEntry {
  const page = `${origin}/${body.slug}/vorlagen/${p.id}`;
  const heading = `${p.paperType}${p.date ? ` vom ${formatIsoDate(p.date)}` : ''}, Vorlage Nr. ${p.reference}`;
  return {
    id: `${TAG}:${body.slug}:vorlage:${p.id}`,
    title: `${p.reference}: ${p.title}`,
    updated: p.modifiedAt,
    published: p.date ? berlinMidnight(p.date) : p.createdAt,
    links: [{ rel: 'alternate', href: page, type: 'text/html' }],
    categories: [p.paperType],
    summary: p.text ? `${heading}\n\n${excerpt(p.text, SUMMARY_MAX)}` : heading,
  };
}

feeds.get('/:body/vorlagen.atom', async (c) => {
  const body = await bodyOf(c.var.db, c.req.param('body'));
  const origin = publicOrigin(c);
  const papers = await latestPublicPapers(c.var.db, { bodyId: body.id });
  const link = papersFeedLink(body);
  return atomResponse(c, {
    id: `${TAG}:${body.slug}:vorlagen`,
    title: link.title,
    updated: latest(body.modifiedAt, ...papers.map((p) => p.modifiedAt)) ?? body.modifiedAt,
    author: body.name,
    links: [
      { rel: 'self', href: `${origin}${link.href}`, type: 'application/atom+xml' },
      { rel: 'alternate', href: `${origin}/${body.slug}/vorlagen`, type: 'text/html' },
    ],
    entries: papers.map((p) => paperEntry(p, body, origin)),
  });
});
