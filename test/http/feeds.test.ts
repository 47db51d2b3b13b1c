/**
 * Public calendars (iCalendar, RFC 5545) and minutes feeds (Atom, RFC 4287), through `app.request` on
 * every storage backend: structure checked by small strict checkers, and nothing non-public leaks.
 */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { asc, eq } from 'drizzle-orm';
import type { Database } from '../../src/db/open.ts';
import { calendarMeetings } from '../../src/db/repositories/feeds.ts';
import { meetings } from '../../src/db/schema.ts';
import { loadDemo } from '../../src/demo/load.ts';
import { createApp } from '../../src/http/app.tsx';
import { foldLine } from '../../src/presenters/ical.ts';
import { importDataset } from '../../src/services/dataset/import.ts';
import type { DatasetInput } from '../../src/services/dataset/schema.ts';
import { backends } from '../helpers/db.ts';

/** Must never appear in any calendar or feed. */
const MARKER = 'ZZFEEDGEHEIM';
/** The title of a planned meeting's (draft) agenda item: must not appear either. */
const DRAFT = 'ZZENTWURF';

type App = ReturnType<typeof createApp>;
const ORIGIN = 'http://localhost';

/**
 * A body that publishes non-public agenda titles on its pages (calendars and feeds still must not),
 * with signed minutes, an invited, a cancelled and a planned meeting.
 */
function feedstadt(): DatasetInput {
  return {
    body: {
      slug: 'feedstadt',
      name: 'Stadt Feedstadt & Umland',
      jurisdiction: 'nrw-gemeinde',
      settings: { publishNonPublicAgendaTitles: true },
    },
    organizations: [
      { key: 'rat', kind: 'council', name: 'Rat', nameGenitive: 'des Rates' },
      { key: 'bau', kind: 'committee', name: 'Bauausschuss; Planung, Umwelt', parent: 'rat' },
    ],
    locations: [
      {
        key: 'rh',
        name: 'Rathaus Feedstadt – Großer Sitzungssaal im Erdgeschoss neben dem Bürgerbüro (Eingang Süd)',
        streetAddress: 'Straße der Einheit 1',
        postalCode: '54321',
        locality: 'Feedstadt',
        rooms: [{ key: 'r1', name: 'Saal 1', description: 'barrierefrei' }],
      },
    ],
    meetings: [
      {
        key: 'signed',
        organization: 'rat',
        state: 'minutes_signed',
        startAt: '2024-06-20T17:00:00+02:00',
        endAt: '2024-06-20T19:30:00+02:00',
        location: 'rh',
        room: 'r1',
        minutesDate: '2024-07-01',
        agenda: [
          { number: '1', public: true, title: 'Kita <Sonnenschein> & Spielplatz "Am Bach"' },
          {
            number: '2',
            public: true,
            title: 'Öffentlicher Oberpunkt',
            items: [{ number: '2.1', public: false, title: `${MARKER}-titel-2-1` }],
          },
          { number: '3', public: false, title: `${MARKER}-titel-3` },
        ],
      },
      {
        key: 'invited',
        organization: 'bau',
        state: 'invited',
        startAt: '2024-07-04T16:00:00+02:00',
        location: 'rh',
        agenda: [
          { number: '1', public: true, title: 'Bebauungsplan Nr. 7\\Nord; Änderung, Offenlage' },
          { number: '2', public: false, title: `${MARKER}-titel-bau` },
        ],
      },
      {
        key: 'cancelled',
        organization: 'bau',
        state: 'invited',
        cancelled: true,
        startAt: '2024-08-01T16:00:00+02:00',
        agenda: [{ number: '1', public: true, title: 'Radwegekonzept' }],
      },
      {
        key: 'planned',
        organization: 'rat',
        state: 'planned',
        startAt: '2024-09-12T17:00:00+02:00',
        agenda: [
          { number: '1', public: true, title: `${DRAFT}-oeffentlich` },
          { number: '2', public: false, title: `${MARKER}-geplant` },
        ],
      },
    ],
  };
}

// --- a strict iCalendar checker -----------------------------------------------------------------

interface Component {
  name: string;
  props: Array<{ name: string; params: string; value: string }>;
  children: Component[];
}

const octets = (s: string) => new TextEncoder().encode(s).length;

/** Checks the physical form (CRLF, folding, 75 octets), unfolds, and parses into components. */
function parseCalendar(text: string): Component {
  assert.ok(text.endsWith('\r\n'), 'ends with CRLF');
  assert.ok(!text.includes('\uFFFD'), 'no broken UTF-8 (a multi-byte character split by folding)');
  const physical = text.slice(0, -2).split('\r\n');
  const logical: string[] = [];
  for (const [i, line] of physical.entries()) {
    assert.ok(!/[\r\n]/.test(line), `line ${i + 1}: bare CR or LF`);
    assert.ok(octets(line) <= 75, `line ${i + 1} has ${octets(line)} octets: ${line}`);
    assert.ok(line.length > 0, `line ${i + 1} is empty`);
    if (line.startsWith(' ')) {
      assert.ok(logical.length > 0, 'the first line is not a continuation');
      logical[logical.length - 1] += line.slice(1);
    } else {
      logical.push(line);
    }
  }
  const root: Component = { name: '', props: [], children: [] };
  const stack: Component[] = [root];
  for (const line of logical) {
    const match = /^([A-Z][A-Z0-9-]*)((?:;[A-Z0-9-]+=[^:;]*)*):(.*)$/.exec(line);
    assert.ok(match, `malformed content line: ${line}`);
    const [, name, params, value] = match as unknown as [string, string, string, string];
    const current = stack.at(-1) as Component;
    if (name === 'BEGIN') {
      const child: Component = { name: value, props: [], children: [] };
      current.children.push(child);
      stack.push(child);
    } else if (name === 'END') {
      assert.equal(value, current.name, `END:${value} closes BEGIN:${current.name}`);
      stack.pop();
    } else {
      assert.ok(stack.length > 1, `property outside any component: ${line}`);
      current.props.push({ name, params, value });
    }
  }
  assert.equal(stack.length, 1, 'BEGIN/END balanced');
  assert.equal(root.children.length, 1, 'exactly one VCALENDAR');
  const calendar = root.children[0] as Component;
  assert.equal(calendar.name, 'VCALENDAR');
  for (const required of ['VERSION', 'PRODID']) {
    assert.equal(calendar.props.filter((p) => p.name === required).length, 1, `one ${required}`);
  }
  assert.equal(prop(calendar, 'VERSION'), '2.0');
  const uids = new Set<string>();
  for (const event of calendar.children) {
    assert.equal(event.name, 'VEVENT');
    for (const required of ['UID', 'DTSTAMP', 'DTSTART']) {
      assert.equal(event.props.filter((p) => p.name === required).length, 1, `VEVENT has one ${required}`);
    }
    for (const utc of ['DTSTAMP', 'DTSTART', 'DTEND', 'LAST-MODIFIED']) {
      const value = prop(event, utc);
      if (value !== undefined) assert.match(value, /^\d{8}T\d{6}Z$/, `${utc} in UTC`);
    }
    const uid = prop(event, 'UID') as string;
    assert.ok(!uids.has(uid), `UID ${uid} is unique`);
    uids.add(uid);
    assert.ok((prop(event, 'DTEND') as string) > (prop(event, 'DTSTART') as string), 'DTEND after DTSTART');
  }
  return calendar;
}

function prop(component: Component, name: string): string | undefined {
  return component.props.find((p) => p.name === name)?.value;
}

/** A TEXT value unescaped. */
function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

async function getCalendar(app: App, path: string) {
  const res = await app.request(`${ORIGIN}${path}`);
  const text = await res.text();
  assert.equal(res.status, 200, `${path}: ${text.slice(0, 300)}`);
  assert.equal(res.headers.get('content-type'), 'text/calendar; charset=utf-8');
  assert.match(res.headers.get('content-disposition') ?? '', /filename="[a-z0-9-]+\.ics"/);
  return { text, calendar: parseCalendar(text) };
}

const eventByUid = (calendar: Component, id: number) =>
  calendar.children.find((e) => prop(e, 'UID')?.startsWith(`meeting-${id}@`));

// --- a strict (small) XML checker ---------------------------------------------------------------

/** Well-formedness: one root, balanced tags, quoted attributes, every `&` an entity, no stray `<`/`>`. */
function checkXml(xml: string): void {
  assert.ok(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n'), 'XML declaration');
  const entity = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;
  const body = xml.slice(xml.indexOf('\n') + 1);
  const stack: string[] = [];
  let roots = 0;
  const token = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let position = 0;
  for (let m = token.exec(body); m; m = token.exec(body)) {
    position = token.lastIndex;
    const [, closing, name, attributes, selfClosing, text] = m;
    if (text !== undefined) {
      assert.ok(stack.length > 0 || text.trim() === '', `text outside the root: ${text}`);
      assert.ok(!text.replace(entity, '').includes('&'), `unescaped & in ${text}`);
      assert.ok(!text.includes('>'), `unescaped > in ${text}`);
      continue;
    }
    assert.ok(!(attributes ?? '').replace(entity, '').includes('&'), `unescaped & in ${attributes}`);
    if (closing) {
      assert.equal(stack.pop(), name, `</${name}> closes the open element`);
    } else {
      if (stack.length === 0) roots += 1;
      if (!selfClosing) stack.push(name as string);
    }
  }
  assert.equal(position, body.length, `unparsable XML at ${body.slice(position, position + 80)}`);
  assert.equal(stack.length, 0, 'all elements closed');
  assert.equal(roots, 1, 'one root element');
}

function xmlText(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

async function getAtom(app: App, path: string) {
  const res = await app.request(`${ORIGIN}${path}`);
  const xml = await res.text();
  assert.equal(res.status, 200, `${path}: ${xml.slice(0, 300)}`);
  assert.equal(res.headers.get('content-type'), 'application/atom+xml; charset=utf-8');
  checkXml(xml);
  assert.equal(xml.match(/<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom"[ >]/g)?.length, 1, 'one Atom feed element');
  const entries = [...xml.matchAll(/<entry>([\s\S]*?)<\/entry>/g)].map((m) => m[1] as string);
  const head = xml.replace(/<entry>[\s\S]*?<\/entry>/g, '');
  for (const required of ['id', 'title', 'updated']) {
    assert.equal(head.match(new RegExp(`<${required}>[^<]+</${required}>`, 'g'))?.length, 1, `feed ${required}`);
  }
  assert.match(head, /<author>\s*<name>[^<]+<\/name>\s*<\/author>/);
  assert.match(head, /<link rel="self" href="http:\/\/localhost\/[^"]+"/);
  assert.match(head, /<link rel="alternate" href="http:\/\/localhost\/[^"]*"/);
  for (const entry of entries) {
    for (const required of ['id', 'title', 'updated']) {
      assert.equal(entry.match(new RegExp(`<${required}>[^<]+</${required}>`, 'g'))?.length, 1, `entry ${required}`);
    }
    assert.match(entry, /<updated>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)<\/updated>/);
  }
  return { xml, entries };
}

async function meetingIdsOf(database: Database, bodyId: number): Promise<number[]> {
  const rows = await database.db
    .select({ id: meetings.id })
    .from(meetings)
    .where(eq(meetings.bodyId, bodyId))
    .orderBy(asc(meetings.startAt));
  return rows.map((r) => r.id);
}

test('foldLine: 75 octets, continuation with a space, multi-byte characters kept whole', () => {
  const line = `DESCRIPTION:${'ä'.repeat(100)}`;
  const folded = foldLine(line);
  const parts = folded.slice(0, -2).split('\r\n');
  assert.ok(parts.every((p) => octets(p) <= 75));
  assert.ok(parts.slice(1).every((p) => p.startsWith(' ')));
  assert.equal(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join(''), line);
  assert.equal(foldLine('SHORT:x'), 'SHORT:x\r\n');
});

for (const backend of backends()) {
  describe(`calendars and feeds (${backend.name})`, () => {
    let database: Database;
    let app: App;
    let demoId: number;
    let signedId: number;
    let invitedId: number;
    let cancelledId: number;
    let plannedId: number;
    let feedstadtIds: number[];

    before(async () => {
      database = await backend.open();
      const demo = await loadDemo(database.db);
      [demoId] = (await meetingIdsOf(database, demo.bodyId)) as [number];
      const second = await importDataset({ db: database.db, actor: 'test' }, feedstadt());
      feedstadtIds = await meetingIdsOf(database, second.bodyId);
      [signedId, invitedId, cancelledId, plannedId] = feedstadtIds as [number, number, number, number];
      app = createApp({ db: database.db, logError: (error) => assert.fail(String(error)) });
    });

    after(async () => {
      await database?.close();
    });

    test('/kalender.ics: a valid calendar of all bodies with the demo meeting', async () => {
      const { text, calendar } = await getCalendar(app, '/kalender.ics');
      assert.ok(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Ratsinfo//Ratsinfo//DE\r\n'));
      assert.equal(prop(calendar, 'METHOD'), 'PUBLISH');
      assert.equal(prop(calendar, 'CALSCALE'), 'GREGORIAN');
      assert.equal(calendar.children.length, 1 + feedstadtIds.length);

      const demo = eventByUid(calendar, demoId);
      assert.ok(demo, 'the demo meeting is in the calendar');
      assert.equal(prop(demo, 'UID'), `meeting-${demoId}@ratsinfo-kreis-mettmann`);
      assert.equal(prop(demo, 'DTSTART'), '20210218T153000Z'); // 16:30 in Berlin, winter time
      assert.equal(prop(demo, 'DTEND'), '20210218T183000Z'); // no end time known: three hours
      assert.equal(prop(demo, 'STATUS'), 'CONFIRMED');
      assert.match(prop(demo, 'SUMMARY') ?? '', /^Ausschuss für Digitalisierung/);
      assert.equal(prop(demo, 'URL'), `${ORIGIN}/kreis-mettmann/sitzungen/${demoId}`);
      const location = unescapeText(prop(demo, 'LOCATION') ?? '');
      assert.ok(location.includes('Zimmer 1.601'), location);
      assert.ok(location.startsWith('Kreishaus Mettmann, Düsseldorfer Straße 26, 40822 Mettmann'), location);
      const description = unescapeText(prop(demo, 'DESCRIPTION') ?? '');
      assert.ok(description.includes('\n11.1 Software-Umstellung Gesundheitsamt\n'), description);
      assert.ok(description.includes('\n1.1 Eröffnung der Sitzung\n'), description);
      // Items 12 and 13 are non-public; Mettmann publishes their titles on its pages, calendars never.
      assert.ok(!description.includes('12 Informationen der Verwaltung'), description);
      assert.ok(!description.includes('13 Nachträge'), description);
      assert.ok(!text.includes(MARKER));
      assert.ok(!text.includes(DRAFT));
    });

    test('/{body}/kalender.ics: only that body, with escaping, cancelled and planned meetings', async () => {
      const { text, calendar } = await getCalendar(app, '/feedstadt/kalender.ics');
      assert.equal(prop(calendar, 'X-WR-CALNAME'), 'Sitzungen – Stadt Feedstadt & Umland');
      assert.deepEqual(
        calendar.children.map((e) => prop(e, 'UID')),
        feedstadtIds.map((id) => `meeting-${id}@ratsinfo-feedstadt`),
      );
      assert.ok(!text.includes('kreis-mettmann'));
      assert.ok(!text.includes(MARKER), 'no non-public title, although the body publishes them on its pages');
      assert.ok(!text.includes(DRAFT), 'no draft agenda of a planned meeting');

      const invited = eventByUid(calendar, invitedId) as Component;
      assert.equal(prop(invited, 'SUMMARY'), 'Bauausschuss\\; Planung\\, Umwelt');
      const description = unescapeText(prop(invited, 'DESCRIPTION') ?? '');
      assert.ok(description.includes('\n1 Bebauungsplan Nr. 7\\Nord; Änderung, Offenlage\n'), description);
      assert.ok(prop(invited, 'DESCRIPTION')?.includes('7\\\\Nord\\; Änderung\\, Offenlage\\n'));
      assert.equal(prop(invited, 'DTSTART'), '20240704T140000Z'); // summer time
      assert.equal(prop(invited, 'STATUS'), 'CONFIRMED');

      const signed = eventByUid(calendar, signedId) as Component;
      assert.equal(prop(signed, 'DTEND'), '20240620T173000Z', 'the known end time');
      const signedText = unescapeText(prop(signed, 'DESCRIPTION') ?? '');
      assert.ok(signedText.includes('\n2 Öffentlicher Oberpunkt\n'), signedText);
      assert.ok(!signedText.includes('2.1') && !signedText.includes('\n3 '), 'no non-public item, not even its number');
      assert.equal(
        unescapeText(prop(signed, 'LOCATION') ?? ''),
        'Rathaus Feedstadt – Großer Sitzungssaal im Erdgeschoss neben dem Bürgerbüro (Eingang Süd), ' +
          'Straße der Einheit 1, 54321 Feedstadt, Saal 1 (barrierefrei)',
      );

      const cancelled = eventByUid(calendar, cancelledId) as Component;
      assert.equal(prop(cancelled, 'STATUS'), 'CANCELLED');
      assert.equal(prop(cancelled, 'LOCATION'), undefined, 'no place known');

      const planned = eventByUid(calendar, plannedId) as Component;
      const plannedText = unescapeText(prop(planned, 'DESCRIPTION') ?? '');
      assert.ok(plannedText.startsWith('Die Tagesordnung ist noch nicht veröffentlicht.'), plannedText);
      assert.doesNotMatch(plannedText, /^\d/m, 'no agenda line');
      assert.equal(prop(planned, 'DTSTART'), '20240912T150000Z');
    });

    test('the calendar window: upcoming meetings first, then the most recent past ones', async () => {
      const now = new Date('2024-07-15T00:00:00Z');
      const result = await calendarMeetings(database.db, { now, limit: 3 });
      assert.equal(result.total, 1 + feedstadtIds.length);
      assert.equal(typeof result.total, 'number');
      // Two upcoming (cancelled, planned) and the latest past one (invited), oldest first.
      assert.deepEqual(
        result.meetings.map((m) => m.id),
        [invitedId, cancelledId, plannedId],
      );
      const all = await calendarMeetings(database.db, { now });
      assert.deepEqual(
        all.meetings.map((m) => m.id),
        [demoId, ...feedstadtIds],
      );
    });

    test('/{body}/niederschriften.atom: the published minutes as a well-formed Atom feed', async () => {
      const { xml, entries } = await getAtom(app, '/kreis-mettmann/niederschriften.atom');
      assert.equal(entries.length, 1);
      const entry = entries[0] as string;
      assert.ok(entry.includes('<title>Niederschrift: Ausschuss für Digitalisierung, 18.02.2021</title>'), entry);
      assert.ok(
        entry.includes(
          `<link rel="enclosure" href="${ORIGIN}/kreis-mettmann/sitzungen/${demoId}/niederschrift.pdf" type="application/pdf"`,
        ),
        entry,
      );
      assert.ok(entry.includes(`<link rel="alternate" href="${ORIGIN}/kreis-mettmann/sitzungen/${demoId}"`), entry);
      assert.ok(entry.includes('<published>2021-03-03T00:00:00+01:00</published>'), entry);
      assert.ok(entry.includes(`<id>tag:ratsinfo,2026:kreis-mettmann:sitzung:${demoId}:niederschrift</id>`), entry);
      const summary = xmlText(/<summary type="text">([\s\S]*?)<\/summary>/.exec(entry)?.[1] ?? '');
      assert.ok(summary.includes('11.1 Software-Umstellung Gesundheitsamt'), summary);
      assert.ok(!summary.includes('12 Informationen der Verwaltung') && !summary.includes('13 Nachträge'), summary);
      assert.ok(xml.includes('<id>tag:ratsinfo,2026:kreis-mettmann:niederschriften</id>'));
      assert.ok(xml.includes(`<link rel="self" href="${ORIGIN}/kreis-mettmann/niederschriften.atom"`));

      // The enclosure is really there.
      const pdf = await app.request(`${ORIGIN}/kreis-mettmann/sitzungen/${demoId}/niederschrift.pdf`);
      assert.equal(pdf.status, 200);
      assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    });

    test('the Atom feed escapes XML and leaks nothing non-public', async () => {
      const { xml, entries } = await getAtom(app, '/feedstadt/niederschriften.atom');
      assert.equal(entries.length, 1, 'only the meeting with signed minutes');
      assert.ok(xml.includes('<name>Stadt Feedstadt &amp; Umland</name>'));
      assert.ok(xml.includes('Kita &lt;Sonnenschein&gt; &amp; Spielplatz &quot;Am Bach&quot;'));
      assert.ok(xml.includes('2 Öffentlicher Oberpunkt'));
      assert.ok(!xml.includes('2.1 '));
      assert.ok(xml.includes(`/feedstadt/sitzungen/${signedId}/niederschrift.pdf`));
      assert.ok(!xml.includes(MARKER));
      assert.ok(!xml.includes(DRAFT));
      assert.ok(xml.includes('<published>2024-07-01T00:00:00+02:00</published>'));
    });

    test('an unknown body is a 404 for calendars and feeds', async () => {
      for (const path of [
        '/gibt-es-nicht/kalender.ics',
        '/gibt-es-nicht/niederschriften.atom',
        '/Kreis-Mettmann/kalender.ics',
      ]) {
        const res = await app.request(`${ORIGIN}${path}`);
        const body = await res.text();
        assert.equal(res.status, 404, path);
        assert.ok(body.includes('Diese Körperschaft gibt es nicht.'), path);
      }
    });
  });
}
