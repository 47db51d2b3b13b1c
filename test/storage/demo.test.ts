/**
 * The demo data against the reference minutes: the meeting of the Ausschuss für Digitalisierung of
 * Kreis Mettmann on 18.02.2021 must be held completely as data. Everything below is parsed from the
 * reference text itself and compared with what the database returns.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { and, count, eq } from 'drizzle-orm';
import type { Database } from '../../src/db/open.ts';
import { listMeetings, loadMeeting, type MeetingRecord } from '../../src/db/repositories/meetings.ts';
import { auditLog, memberships, organizations, papers } from '../../src/db/schema.ts';
import { loadDemo } from '../../src/demo/load.ts';
import { addressedName, formatIsoDate, formatTime, formatWeekdayDate, fullName } from '../../src/domain/format.ts';
import { phraseFactionBreakdown, phraseVoteResult } from '../../src/domain/rules/vote.ts';
import { backends } from '../helpers/db.ts';

const reference = readFileSync(
  new URL('../fixtures/reference/niederschrift-digitalisierung-2021-02-18.txt', import.meta.url),
  'utf8',
).replace(/\r/g, '');
const lines = reference.split('\n').map((l) => l.trim());
const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * Artefacts of the PDF's text layer, not of the minutes: the data holds the real text.
 * - "buer-gerservice.org": a hyphenation at a line break in the heading of item 10; the agenda prints
 *   "buergerservice.org".
 */
const PDF_ARTEFACTS: [string, string][] = [['buer-gerservice.org', 'buergerservice.org']];
const undoArtefacts = (s: string) => PDF_ARTEFACTS.reduce((t, [from, to]) => t.replaceAll(from, to), s);

function between(start: string, end: string, from = 0): string[] {
  const i = lines.indexOf(start, from);
  const j = lines.indexOf(end, i + 1);
  assert.ok(i >= 0 && j > i, `reference section ${start} … ${end}`);
  return lines.slice(i + 1, j).filter((l) => l !== '');
}

/** "Anwesend waren:" grouped by heading. */
function referenceAttendance() {
  const groups = new Map<string, string[]>();
  let current = '';
  const annotations: string[] = [];
  for (const line of between('Anwesend waren:', 'Tagesordnung')) {
    if (['Vorsitz', 'Mitglieder', 'Verwaltung', 'Gäste'].includes(line)) {
      current = line;
      groups.set(current, []);
    } else if (line.startsWith('Stellvertreter für ') || line.startsWith('Stellvertreterin für ')) {
      annotations.push(line);
    } else {
      groups.get(current)?.push(line);
    }
  }
  return { groups, annotations };
}

interface RefAgendaItem {
  number: string;
  title: string;
  paper: string | null;
  public: boolean;
}

function referenceAgenda(): RefAgendaItem[] {
  const start = lines.indexOf('Tagesordnung');
  const end = lines.findIndex((l) => l.startsWith('Zu Punkt 1:'));
  const items: RefAgendaItem[] = [];
  let isPublic = true;
  for (const line of lines.slice(start + 1, end)) {
    if (line === 'Öffentlicher Teil') isPublic = true;
    else if (line === 'Nicht öffentlicher Teil') isPublic = false;
    else if (line.startsWith('hier: ')) {
      const last = items.at(-1);
      assert.ok(last);
      last.title = `${last.title} ${line}`;
    } else {
      const m = /^(?:-\s*)?(\d+(?:\.\d+)*)\.\s+(.*?)(?:\s+(\d+\/\d{3}\/\d{4}))?$/.exec(line);
      if (m) items.push({ number: m[1] as string, title: m[2] as string, paper: m[3] ?? null, public: isPublic });
    }
  }
  return items;
}

interface RefSection {
  number: string;
  title: string;
  paper: string | null;
  paragraphs: string[];
  headings: string[];
  result: string | null;
  factionLines: string[];
}

/** The "Zu Punkt N" sections of the public part. */
function referenceSections(): RefSection[] {
  const start = lines.findIndex((l) => l.startsWith('Zu Punkt 1:'));
  const end = lines.lastIndexOf('Nicht öffentlicher Teil');
  const sections: RefSection[] = [];
  for (const line of lines.slice(start, end)) {
    const heading = /^Zu Punkt (\d+(?:\.\d+)*):\s*(.*?)(?: - Vorlage Nr\. (\S+))?$/.exec(line);
    if (heading) {
      sections.push({
        number: heading[1] as string,
        title: undoArtefacts(heading[2] as string),
        paper: heading[3] ?? null,
        paragraphs: [],
        headings: [],
        result: null,
        factionLines: [],
      });
      continue;
    }
    const section = sections.at(-1);
    if (!section || line === '' || /^-+\s*-*$/.test(line)) continue; // "-----  ---": table rule of the PDF
    const result = /^Abstimmungsergebnis: (.*)$/.exec(line);
    if (result) section.result = result[1] as string;
    else if (/^\d+ (Enthaltung|Enthaltungen|Gegenstimme|Gegenstimmen) /.test(line)) section.factionLines.push(line);
    else if (['Beschluss:', 'Beschlussvorschlag:', 'Ergänzende Antwort zur Niederschrift:'].includes(line))
      section.headings.push(line);
    else section.paragraphs.push(line);
  }
  return sections;
}

const paragraphsOf = (text: string | null | undefined) => (text ? text.split('\n\n').map(norm) : []);

for (const backend of backends()) {
  describe(`demo data = reference minutes (${backend.name})`, () => {
    let database: Database;
    let meeting: MeetingRecord;

    before(async () => {
      database = await backend.open();
      const loaded = await loadDemo(database.db);
      assert.equal(loaded.loaded, true);
      const { entries } = await listMeetings(database.db, { limit: 10, offset: 0 });
      assert.equal(entries.length, 1);
      const record = await loadMeeting(database.db, (entries[0] as { id: number }).id, 'staff');
      assert.ok(record);
      meeting = record;
    });
    after(() => database?.close());

    test('header: body, council, committee, contact, place and date, time, location', () => {
      const head = lines.filter((l) => l !== '').slice(0, 20);
      assert.equal(head[0], meeting.body.name);
      assert.equal(head[1], `Der ${meeting.organization.parent?.name}`);
      assert.equal(head[2], meeting.organization.name);
      assert.ok(meeting.contact);
      assert.equal(norm(head[3] as string), `Es informiert Sie: ${fullName(meeting.contact)}`);
      assert.equal(norm(head[4] as string), `Telefon: ${meeting.contact.phone}`);
      assert.equal(norm(head[5] as string), 'Fax:');
      assert.equal(meeting.contact.fax, null);
      assert.equal(norm(head[6] as string), `E-Mail: ${meeting.contact.email}`);
      assert.ok(meeting.minutesDate);
      assert.equal(head[7], `${meeting.minutesPlace}, den ${formatIsoDate(meeting.minutesDate)}`);
      assert.equal(head[9], `zur Sitzung ${meeting.organization.nameGenitive}`);
      assert.equal(
        head[10],
        `Sitzungstermin ${formatWeekdayDate(meeting.startAt)}, ${formatTime(meeting.startAt)} Uhr`,
      );
      const { location, room } = meeting;
      assert.ok(location && room);
      assert.equal(
        head[11],
        `Sitzungsort ${location.name}, ${location.streetAddress}, ${location.postalCode} ${location.locality}, ${room.name} (${room.description})`,
      );
      assert.equal(meeting.state, 'minutes_signed');
    });

    test('attendance: every person present, by group, the substitute and the excused member', () => {
      const { groups, annotations } = referenceAttendance();
      const present = (roles: string[]) =>
        meeting.attendance
          .filter((a) => a.status === 'present' && roles.includes(a.role))
          .map((a) => fullName(a.person));
      assert.deepEqual(present(['chair']), groups.get('Vorsitz'));
      assert.deepEqual(present(['member', 'substitute']), groups.get('Mitglieder'));
      assert.deepEqual(present(['administration']), groups.get('Verwaltung'));
      assert.deepEqual(present(['guest']), groups.get('Gäste'));
      assert.equal(groups.get('Mitglieder')?.length, 16);

      const substitutes = meeting.attendance.filter((a) => a.substituteFor);
      assert.deepEqual(
        substitutes.map((a) => `Stellvertreter für ${addressedName(a.substituteFor ?? { familyName: '' })}`),
        annotations,
      );
      assert.equal(substitutes[0]?.person.familyName, 'Buchholz');
      const replaced = meeting.attendance.find((a) => a.person.familyName === 'Burghaus');
      assert.equal(replaced?.status, 'excused');
      // 17 with a vote: the chair and 16 members (Buchholz in Burghaus' seat).
      assert.equal(meeting.attendance.filter((a) => a.status === 'present' && a.votingRight).length, 17);
    });

    test('the deputies named absent in item 4 are recorded as absent', () => {
      const sentence = lines.find((l) => l.startsWith('Nicht anwesend waren die stellvertretenden'));
      assert.ok(sentence);
      const names = (sentence.split(': ')[1] as string)
        .replace(/\.$/, '')
        .split(/, | und /)
        .map((n) => n.trim());
      assert.equal(names.length, 9);
      const absent = meeting.attendance
        .filter((a) => a.status === 'absent')
        .map((a) => `${a.person.formOfAddress} ${a.person.familyName}`);
      assert.deepEqual([...absent].sort(), [...names].sort());
    });

    test('agenda: every item of both parts with number, title, paper and part', () => {
      const expected = referenceAgenda();
      assert.equal(expected.filter((i) => i.public).length, 18);
      assert.equal(expected.filter((i) => !i.public).length, 2);
      const actual = meeting.items.map((i) => ({
        number: i.number,
        title: i.subtitle ? `${i.title} ${i.subtitle}` : i.title,
        paper: i.paper?.reference ?? null,
        public: i.public,
      }));
      assert.deepEqual(actual, expected);
      const byNumber = new Map(meeting.items.map((i) => [i.number, i]));
      for (const item of meeting.items.filter((i) => i.number.includes('.'))) {
        const parent = byNumber.get(item.number.split('.').slice(0, -1).join('.'));
        assert.equal(item.parentId, parent?.id, `parent of ${item.number}`);
      }
      assert.equal(byNumber.get('11.1')?.supplement, true);
    });

    test('papers: seven papers with their reference numbers and offices', async () => {
      const rows = await database.db
        .select({ reference: papers.reference, office: organizations.officeNumber, year: papers.referenceYear })
        .from(papers)
        .innerJoin(organizations, eq(organizations.id, papers.officeId));
      const expected = referenceAgenda()
        .flatMap((i) => (i.paper ? [i.paper] : []))
        .sort();
      assert.deepEqual(rows.map((r) => r.reference).sort(), expected);
      for (const r of rows) assert.equal(r.reference, `${r.office}/${r.reference.split('/')[1]}/${r.year}`);
    });

    test('every paragraph of the minutes is stored verbatim, in order, at its item', () => {
      const sections = referenceSections();
      assert.equal(sections.length, 12); // items 1 to 11 and 11.1
      const publicItems = meeting.items.filter((i) => i.public);
      for (const section of sections) {
        const item = meeting.items.find((i) => i.number === section.number);
        assert.ok(item, `item ${section.number}`);
        assert.equal(norm(item.subtitle ? `${item.title} ${item.subtitle}` : item.title), norm(section.title));
        assert.equal(item.paper?.reference ?? null, section.paper);
        const stored = [
          ...paragraphsOf(item.minutesText),
          ...item.addenda.flatMap((a) => paragraphsOf(a.text)),
          ...paragraphsOf(item.resolutionText),
        ];
        // The note that closes the public part follows the last public item.
        if (item === publicItems.at(-1)) stored.push(...paragraphsOf(meeting.publicPartClosingNote));
        assert.deepEqual(stored, section.paragraphs.map(norm), `paragraphs of item ${section.number}`);

        const expectedHeadings = [
          ...item.addenda.map((a) => `${a.heading}:`),
          ...(item.resolutionKind === 'decision' ? ['Beschluss:'] : []),
          ...(item.resolutionKind === 'recommendation' ? ['Beschlussvorschlag:'] : []),
        ];
        assert.deepEqual(section.headings, expectedHeadings, `headings of item ${section.number}`);
      }
    });

    test('every vote result as structured data, phrased as in the minutes', () => {
      for (const section of referenceSections()) {
        const item = meeting.items.find((i) => i.number === section.number);
        assert.ok(item);
        if (section.result === null) {
          assert.equal(item.votes.length, 0, `item ${section.number} has no vote`);
          continue;
        }
        assert.equal(item.votes.length, 1, `item ${section.number} has one vote`);
        const vote = item.votes[0];
        assert.ok(vote);
        const phrase =
          vote.outcome === 'noted'
            ? phraseVoteResult({ kind: 'noted' })
            : phraseVoteResult(
                { yes: vote.yes ?? 0, no: vote.no ?? 0, abstain: vote.abstain ?? 0 },
                { mentionAbstentions: false },
              );
        assert.equal(phrase, section.result, `result of item ${section.number}`);
        const factionLines = phraseFactionBreakdown(
          vote.byFaction.map((f) => ({ faction: f.faction.name, yes: f.yes, no: f.no, abstain: f.abstain })),
        );
        assert.deepEqual(factionLines, section.factionLines, `faction lines of item ${section.number}`);
      }
      const item7 = meeting.items.find((i) => i.number === '7')?.votes[0];
      assert.deepEqual([item7?.yes, item7?.no, item7?.abstain, item7?.unanimous], [16, 0, 1, true]);
    });

    test('attachments named in the text are stored at their items', () => {
      for (const section of referenceSections()) {
        const item = meeting.items.find((i) => i.number === section.number);
        const mentioned = [...section.paragraphs.join(' ').matchAll(/\((Anlage \d+)\)/g)].map((m) => m[1]);
        assert.deepEqual(
          item?.attachments.map((a) => a.label),
          mentioned,
          `attachments of item ${section.number}`,
        );
        for (const a of item?.attachments ?? []) assert.ok(a.file.size > 0 && a.file.fileName.length > 0);
      }
    });

    test('rapporteur, signatures and the empty non-public part', () => {
      assert.deepEqual(
        meeting.rapporteurs.map((r) => ({ name: r.person.familyName, to: r.toOrganization.name })),
        [{ name: 'Gartmann', to: 'Kreistag' }],
      );
      const signed = lines.flatMap((l, i) => (l === 'gez.' ? [lines[i + 1]] : []));
      assert.deepEqual(
        meeting.signatures.map((s) => fullName(s.person)),
        signed,
      );
      assert.deepEqual(
        meeting.signatures.map((s) => s.role),
        ['chair', 'secretary'],
      );
      const nonPublic = meeting.items.filter((i) => !i.public);
      assert.deepEqual(
        nonPublic.map((i) => [i.number, i.minutesText, i.resolutionText, i.votes.length, i.addenda.length]),
        [
          ['12', null, null, 0, 0],
          ['13', null, null, 0, 0],
        ],
      );
    });

    test('memberships of the committee by role; seats match the statutory size', async () => {
      const [committee] = await database.db
        .select()
        .from(organizations)
        .where(eq(organizations.name, 'Ausschuss für Digitalisierung'));
      assert.ok(committee);
      const rows = await database.db
        .select({ role: memberships.role, appointedCitizen: memberships.appointedCitizen, n: count() })
        .from(memberships)
        .where(eq(memberships.organizationId, committee.id))
        .groupBy(memberships.role, memberships.appointedCitizen);
      const byRole = Object.fromEntries(
        rows.map((r) => [`${r.role}${r.appointedCitizen ? ' (SB)' : ''}`, Number(r.n)]),
      );
      assert.deepEqual(byRole, {
        chair: 1,
        member: 13,
        'member (SB)': 3,
        deputy_member: 1,
        'deputy_member (SB)': 9,
        secretary: 1,
        deputy_secretary: 1,
      });
      assert.equal(committee.statutoryMembers, 1 + 13 + 3);
    });

    test('the public reading of the demo meeting lists the non-public titles only', async () => {
      const publicView = await loadMeeting(database.db, meeting.id, 'public');
      assert.ok(publicView);
      assert.deepEqual(
        publicView.items.filter((i) => !i.public).map((i) => [i.number, i.title, i.redacted]),
        [
          ['12', 'Informationen der Verwaltung', true],
          ['13', 'Nachträge', true],
        ],
      );
      assert.deepEqual(
        publicView.items.filter((i) => i.public),
        meeting.items.filter((i) => i.public),
      );
    });

    test('loading the demo again changes nothing', async () => {
      const [before] = await database.db.select({ n: count() }).from(auditLog);
      const again = await loadDemo(database.db);
      assert.equal(again.loaded, false);
      const [afterwards] = await database.db.select({ n: count() }).from(auditLog);
      assert.equal(Number(afterwards?.n), Number(before?.n));
      const created = await database.db
        .select({ n: count() })
        .from(auditLog)
        .where(and(eq(auditLog.actor, 'system:demo'), eq(auditLog.action, 'create')));
      assert.ok(Number(created[0]?.n) > 100, 'every demo write is in the audit log');
    });
  });
}
