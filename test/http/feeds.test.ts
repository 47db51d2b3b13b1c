/**
 * Public calendars (iCalendar, RFC 5545) and minutes feeds (Atom, RFC 4287), through `app.request` on
 * every storage backend: structure checked by small strict checkers, and nothing non-public leaks.
 */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { asc, eq, like } from 'drizzle-orm';
import type { Database } from '../../src/db/open.ts';
import { calendarMeetings } from '../../src/db/repositories/feeds.ts';
import { files, meetings, papers } from '../../src/db/schema.ts';
import { loadDemo } from '../../src/demo/load.ts';
import { createApp } from '../../src/http/app.tsx';
import { foldLine } from '../../src/presenters/ical.ts';
import { importDataset } from '../../src/services/dataset/import.ts';
import type { DatasetInput } from '../../src/services/dataset/schema.ts';
import { backends } from '../helpers/db.ts';
import { getHtml } from '../helpers/html.ts';
import { assertConditional } from '../helpers/http-cache.ts';
import { checkXml, xmlText } from '../helpers/xml.ts';

/** Must never appear in any calendar or feed. */
const MARKER = 'ZZFEEDGEHEIM';
/** The title of a planned meeting's (draft) agenda item: must not appear either. */
const DRAFT = 'ZZENTWURF';

type App = ReturnType<typeof createApp>;
const ORIGIN = 'http://localhost';

/** A paper text of two paragraphs, longer than a feed summary. */
const LONG_TEXT = [
  `Der Rat möge beschließen: ${'Die Kita wird erweitert, der Spielplatz erneuert. '.repeat(12)}`,
  'Begründung: Die Zahl der Kinder steigt.',
];

/**
 * A body that publishes non-public agenda titles on its pages (calendars and feeds still must not),
 * with signed minutes, an invited, a cancelled and a planned meeting; public papers (dated with a long
 * text, undated without one), a non-public paper with a file, and attachments of a public and a
 * non-public item of the signed minutes.
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
      { key: 'amt', kind: 'office', name: 'Hauptamt', officeNumber: '10' },
    ],
    files: [
      {
        key: 'f-lageplan',
        name: 'Lageplan Kita',
        fileName: 'Lageplan_Kita.txt',
        mimeType: 'text/plain',
        content: 'Plan',
      },
      {
        key: 'f-secret-paper',
        name: `${MARKER}-anlage-vorlage`,
        fileName: `${MARKER}-vorlage.txt`,
        mimeType: 'text/plain',
        content: `${MARKER}-inhalt`,
      },
      {
        key: 'f-secret-item',
        name: `${MARKER}-anlage-top`,
        fileName: `${MARKER}-top.txt`,
        mimeType: 'text/plain',
        content: `${MARKER}-inhalt`,
      },
    ],
    papers: [
      {
        key: 'p-kita',
        office: 'amt',
        reference: '10/002/2024',
        year: 2024,
        paperType: 'Beschlussvorlage',
        title: 'Kita <Sonnenschein> & Spielplatz "Am Bach"',
        date: '2024-06-10',
        text: LONG_TEXT,
      },
      {
        key: 'p-rad',
        office: 'amt',
        reference: '10/001/2024',
        year: 2024,
        paperType: 'Mitteilungsvorlage',
        title: 'Radwegekonzept',
      },
      {
        key: 'p-secret',
        office: 'amt',
        reference: '10/003/2024',
        year: 2024,
        paperType: 'Beschlussvorlage',
        title: `${MARKER}-vorlage`,
        text: [`${MARKER}-text`],
        date: '2024-06-30',
        public: false,
        files: ['f-secret-paper'],
      },
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
          {
            number: '1',
            public: true,
            title: 'Kita <Sonnenschein> & Spielplatz "Am Bach"',
            paper: 'p-kita',
            attachments: [{ file: 'f-lageplan', label: 'Anlage 1' }],
          },
          {
            number: '2',
            public: true,
            title: 'Öffentlicher Oberpunkt',
            items: [{ number: '2.1', public: false, title: `${MARKER}-titel-2-1` }],
          },
          {
            number: '3',
            public: false,
            title: `${MARKER}-titel-3`,
            paper: 'p-secret',
            attachments: [{ file: 'f-secret-item', label: 'Anlage 2' }],
          },
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

/** GET an Atom feed and check it: well-formed XML, the required Atom elements, links from `origin`. */
async function getAtom(app: App, path: string, origin = ORIGIN, headers: Record<string, string> = {}) {
  const res = await app.request(`${ORIGIN}${path}`, { headers });
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
  assert.ok(head.includes(`<link rel="self" href="${origin}${path}" type="application/atom+xml"/>`), head);
  assert.ok(head.includes(`<link rel="alternate" href="${origin}/`), head);
  for (const entry of entries) {
    for (const required of ['id', 'title', 'updated']) {
      assert.equal(entry.match(new RegExp(`<${required}>[^<]+</${required}>`, 'g'))?.length, 1, `entry ${required}`);
    }
    assert.match(entry, /<updated>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)<\/updated>/);
    assert.match(entry, new RegExp(`<link rel="alternate" href="${origin}/[^"]+" type="text/html"/>`));
  }
  return { xml, entries, res };
}

async function paperIdOf(database: Database, reference: string): Promise<number> {
  const [row] = await database.db.select({ id: papers.id }).from(papers).where(eq(papers.reference, reference));
  assert.ok(row, reference);
  return row.id;
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
        '/gibt-es-nicht/vorlagen.atom',
        '/Kreis-Mettmann/kalender.ics',
      ]) {
        const res = await app.request(`${ORIGIN}${path}`);
        const body = await res.text();
        assert.equal(res.status, 404, path);
        assert.ok(body.includes('Diese Körperschaft gibt es nicht.'), path);
      }
    });

    test('/{body}/vorlagen.atom: the newest public papers, with reference, type, date and summary', async () => {
      const { xml, entries } = await getAtom(app, '/feedstadt/vorlagen.atom');
      const kitaId = await paperIdOf(database, '10/002/2024');
      const radId = await paperIdOf(database, '10/001/2024');
      assert.ok(xml.includes('<id>tag:ratsinfo,2026:feedstadt:vorlagen</id>'));
      assert.ok(xml.includes('<title>Neue Vorlagen – Stadt Feedstadt &amp; Umland</title>'));
      assert.ok(xml.includes(`<link rel="alternate" href="${ORIGIN}/feedstadt/vorlagen" type="text/html"/>`));
      // The undated paper was recorded today: newer than the paper of June 2024.
      assert.deepEqual(
        entries.map((e) => /<id>([^<]+)<\/id>/.exec(e)?.[1]),
        [`tag:ratsinfo,2026:feedstadt:vorlage:${radId}`, `tag:ratsinfo,2026:feedstadt:vorlage:${kitaId}`],
      );
      const kita = entries[1] as string;
      assert.ok(
        kita.includes('<title>10/002/2024: Kita &lt;Sonnenschein&gt; &amp; Spielplatz &quot;Am Bach&quot;</title>'),
        kita,
      );
      assert.ok(kita.includes('<published>2024-06-10T00:00:00+02:00</published>'), kita);
      assert.ok(kita.includes('<category term="Beschlussvorlage"/>'), kita);
      assert.ok(
        kita.includes(`<link rel="alternate" href="${ORIGIN}/feedstadt/vorlagen/${kitaId}" type="text/html"/>`),
      );
      const summary = xmlText(/<summary type="text">([\s\S]*?)<\/summary>/.exec(kita)?.[1] ?? '');
      const [heading, excerpt] = summary.split('\n\n') as [string, string];
      assert.equal(heading, 'Beschlussvorlage vom 10.06.2024, Vorlage Nr. 10/002/2024');
      assert.ok(excerpt.startsWith('Der Rat möge beschließen: Die Kita wird erweitert'), excerpt);
      assert.ok(excerpt.endsWith(' …') && excerpt.length <= 602, `cut at a word: ${excerpt.length}`);
      assert.ok(!excerpt.includes('Begründung'), 'only the start of a long text');
      const rad = entries[0] as string;
      assert.ok(rad.includes('<title>10/001/2024: Radwegekonzept</title>'), rad);
      assert.ok(rad.includes('<summary type="text">Mitteilungsvorlage, Vorlage Nr. 10/001/2024</summary>'), rad);
      assert.ok(!xml.includes(MARKER), 'no non-public paper');
      assert.ok(!xml.includes('10/003/2024'));

      // The entry links lead to the paper pages.
      await getHtml(app, `/feedstadt/vorlagen/${kitaId}`);
      const demo = await getAtom(app, '/kreis-mettmann/vorlagen.atom');
      assert.equal(demo.entries.length, 7, 'the seven public papers of the demo');
    });

    test('the paper list and the body page announce their feeds', async () => {
      const alternate = (title: string, href: string) =>
        `<link rel="alternate" type="application/atom+xml" title="${title}" href="${href}"/>`;
      const list = await getHtml(app, '/feedstadt/vorlagen');
      assert.ok(list.includes(alternate('Neue Vorlagen – Stadt Feedstadt &amp; Umland', '/feedstadt/vorlagen.atom')));
      assert.ok(list.includes('<a href="/feedstadt/vorlagen.atom" type="application/atom+xml">'));
      const body = await getHtml(app, '/feedstadt');
      const head = body.slice(0, body.indexOf('</head>'));
      assert.ok(head.includes(alternate('Neue Vorlagen – Stadt Feedstadt &amp; Umland', '/feedstadt/vorlagen.atom')));
      assert.ok(
        head.includes(
          alternate('Neue Niederschriften – Stadt Feedstadt &amp; Umland', '/feedstadt/niederschriften.atom'),
        ),
      );
      assert.ok(body.includes('<a href="/feedstadt/vorlagen.atom" type="application/atom+xml">'));
      // Announced feeds exist.
      for (const href of ['/feedstadt/vorlagen.atom', '/feedstadt/niederschriften.atom']) {
        assert.equal((await app.request(href)).status, 200, href);
      }
    });

    test('no file of a non-public paper or item, nor its URL, appears in any feed or calendar', async () => {
      const secretFiles = await database.db
        .select({ id: files.id })
        .from(files)
        .where(like(files.name, `${MARKER}%`));
      assert.equal(secretFiles.length, 2);
      for (const path of [
        '/feedstadt/vorlagen.atom',
        '/feedstadt/niederschriften.atom',
        '/feedstadt/kalender.ics',
        '/kalender.ics',
      ]) {
        const text = await (await app.request(path)).text();
        assert.ok(!text.includes(MARKER), path);
        for (const { id } of secretFiles) assert.ok(!text.includes(`/dateien/${id}/`), `${path}: file ${id}`);
      }
    });

    test('feeds and calendars answer conditional requests with 304', async () => {
      for (const path of [
        '/feedstadt/vorlagen.atom',
        '/feedstadt/niederschriften.atom',
        '/feedstadt/kalender.ics',
        '/kalender.ics',
      ]) {
        await assertConditional(app, path);
      }
    });

    test('PUBLIC_URL: absolute links use the configured origin; X-Forwarded-* is ignored', async () => {
      const publicUrl = 'https://ratsinfo.feedstadt.example';
      const proxied = createApp({ db: database.db, publicUrl, logError: (error) => assert.fail(String(error)) });
      const forwarded = { 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-Proto': 'http', Host: 'intern:3000' };
      for (const path of ['/feedstadt/vorlagen.atom', '/feedstadt/niederschriften.atom']) {
        const { xml } = await getAtom(proxied, path, publicUrl, forwarded);
        assert.ok(!xml.includes('localhost') && !xml.includes('evil') && !xml.includes('intern'), path);
      }
      const ics = await (await proxied.request(`${ORIGIN}/feedstadt/kalender.ics`, { headers: forwarded })).text();
      const calendar = parseCalendar(ics);
      assert.equal(
        prop(eventByUid(calendar, signedId) as Component, 'URL'),
        `${publicUrl}/feedstadt/sitzungen/${signedId}`,
      );
      assert.ok(!ics.includes('localhost') && !ics.includes('evil'));

      // Without PUBLIC_URL: the request's own origin, still not the forwarded host.
      const { xml } = await getAtom(app, '/feedstadt/vorlagen.atom', ORIGIN, forwarded);
      assert.ok(!xml.includes('evil'));
    });

    test('a changed paper changes the feed: new ETag and Last-Modified, the old ETag gets a 200', async () => {
      const path = '/feedstadt/vorlagen.atom';
      const before = await app.request(path);
      const etag = before.headers.get('etag') as string;
      const lastModified = Date.parse(before.headers.get('last-modified') as string);
      const id = await paperIdOf(database, '10/001/2024');
      await database.db
        .update(papers)
        .set({ title: 'Radwegekonzept 2030', modifiedAt: new Date(lastModified + 60_000) })
        .where(eq(papers.id, id));
      const after = await app.request(path, { headers: { 'If-None-Match': etag } });
      assert.equal(after.status, 200);
      assert.notEqual(after.headers.get('etag'), etag);
      assert.equal(Date.parse(after.headers.get('last-modified') as string), lastModified + 60_000);
      assert.ok((await after.text()).includes('<title>10/001/2024: Radwegekonzept 2030</title>'));
    });
  });
}
