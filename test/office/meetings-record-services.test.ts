/**
 * Attendance and votes (issue 6, part 5) on every storage backend: the quorum explained in German from
 * the attendance list (a substitute counted for the member), a vote with one abstention decided and
 * phrased right, counts over the present entitled voters refused, a roll call with a conflicted person
 * refused, signed minutes refused (nothing written each time), optimistic locking and the audit log.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, desc, eq } from 'drizzle-orm';
import type { Database } from '../../src/db/open.ts';
import { auditLog, meetings, persons } from '../../src/db/schema.ts';
import { isDomainError } from '../../src/domain/errors.ts';
import type { Actor } from '../../src/domain/permissions.ts';
import type { ServiceContext } from '../../src/services/context.ts';
import { importDataset } from '../../src/services/dataset/import.ts';
import {
  addItemAddendum,
  declareItemConflict,
  loadMeetingRecord,
  recordItemVote,
  saveAttendance,
  saveItemTexts,
} from '../../src/services/meetings-record.ts';
import { backends } from '../helpers/db.ts';
import { rowCounts, smallTown } from '../helpers/fixtures.ts';

async function refused(promise: Promise<unknown>, id: string) {
  try {
    await promise;
  } catch (error) {
    assert.ok(isDomainError(error), String(error));
    assert.equal(error.id, id, error.message);
    return error;
  }
  assert.fail(`expected ${id}`);
}

for (const backend of backends()) {
  describe(`attendance and votes services (${backend.name})`, () => {
    let database: Database;
    let ctx: ServiceContext;
    let bodyId: number;
    let meetingId: number;
    let clerk: Actor;
    let member: Actor;
    const person: Record<string, number> = {};
    const item: Record<string, number> = {};

    const record = async () => {
      const r = await loadMeetingRecord(database.db, meetingId);
      assert.ok(r);
      return r;
    };
    const version = async () => (await record()).version;

    before(async () => {
      database = await backend.open();
      ctx = { db: database.db, actor: 'user:1' };
      bodyId = (await importDataset({ db: database.db, actor: 'test' }, smallTown())).bodyId;
      clerk = { installationAdmin: false, roles: [{ bodyId, role: 'clerk' }] };
      member = { installationAdmin: false, roles: [{ bodyId, role: 'member' }] };
      const [m] = await database.db.select().from(meetings).where(eq(meetings.bodyId, bodyId));
      assert.ok(m);
      meetingId = m.id;
      for (const p of await database.db.select().from(persons).where(eq(persons.bodyId, bodyId))) {
        person[p.familyName] = p.id;
      }
      for (const i of (await record()).items) item[i.number] = i.id;
    });
    after(async () => {
      await database?.close();
    });

    test('the roster and the quorum from the attendance, explained in German', async () => {
      const r = await record();
      assert.deepEqual(
        r.roster.map((x) => `${x.name} ${x.role}`),
        ['Anna Acker chair', 'Bernd Böhm member', 'Dr. Clara Çelik member', 'Dieter Dörr member', 'Eva Eßer member'],
      );
      assert.equal(r.statutoryMembers, 5);
      assert.equal(
        r.quorum?.explanation,
        'Beschlussfähig: 4 von 5 stimmberechtigten Mitgliedern anwesend, erforderlich sind mehr als die Hälfte (mindestens 3).',
      );
    });

    test('attendance saved with a substitute and times: quorum counts the substitute; audit before/after', async () => {
      const v = await version();
      const entries = [
        { personId: person.Acker ?? 0, role: 'chair' as const, status: 'present' as const, arrivedAt: '17:00' },
        { personId: person.Böhm ?? 0, role: 'member' as const, status: 'present' as const },
        { personId: person.Çelik ?? 0, role: 'member' as const, status: 'present' as const, leftAt: '18:30' },
        { personId: person.Dörr ?? 0, role: 'member' as const, status: 'excused' as const },
        { personId: person.Eßer ?? 0, role: 'member' as const, status: 'present' as const },
        {
          personId: person.Gast ?? 0,
          role: 'substitute' as const,
          status: 'present' as const,
          substituteForPersonId: person.Dörr ?? 0,
          arrivedAt: '17:15',
        },
      ];
      // Bad rows: all errors at once, nothing written.
      const counts = await rowCounts(database.db);
      const error = await refused(
        saveAttendance(ctx, clerk, meetingId, {
          version: v,
          entries: [
            ...entries.slice(0, 5),
            {
              ...(entries[5] as (typeof entries)[number]),
              substituteForPersonId: person.Acker ?? 0,
              arrivedAt: '7 Uhr',
            },
          ],
        }),
        'validation.failed',
      );
      const fields = error.details.fields as Record<string, string>;
      assert.match(fields['entries.5.substituteForPersonId'] ?? '', /Anna Acker ist selbst anwesend/);
      assert.equal(fields['entries.5.arrivedAt'], 'Ankunft von Gustav Gast: Die Uhrzeit muss die Form HH:MM haben.');
      // Times of someone not present, and a departure before the arrival: the person named too.
      const times = await refused(
        saveAttendance(ctx, clerk, meetingId, {
          version: v,
          entries: [
            ...entries.slice(0, 4),
            { ...(entries[4] as (typeof entries)[number]), status: 'excused', arrivedAt: '17:00' },
            { ...(entries[5] as (typeof entries)[number]), arrivedAt: '18:00', leftAt: '17:30' },
          ],
        }),
        'validation.failed',
      );
      const timeFields = times.details.fields as Record<string, string>;
      assert.match(timeFields['entries.4.arrivedAt'] ?? '', /^Ankunft von .+: Uhrzeiten gibt es nur für Anwesende\.$/);
      assert.equal(
        timeFields['entries.5.leftAt'],
        'Weggang von Gustav Gast: Das Ende der Teilnahme liegt vor dem Beginn.',
      );
      assert.deepEqual(await rowCounts(database.db), counts);
      await refused(saveAttendance(ctx, clerk, meetingId, { version: v - 1, entries }), 'conflict.stale');
      await refused(saveAttendance(ctx, member, meetingId, { version: v, entries }), 'permission.denied');
      assert.deepEqual(await rowCounts(database.db), counts);

      const saved = await saveAttendance(ctx, clerk, meetingId, { version: v, entries });
      assert.ok(saved.meeting.version > v);
      const r = await record();
      const gast = r.attendance.find((a) => a.personId === person.Gast);
      assert.equal(gast?.substituteForName, 'Dieter Dörr');
      assert.equal(gast?.votingRight, true);
      assert.equal(gast?.arrivedAt, '17:15');
      assert.equal(r.attendance.find((a) => a.personId === person.Çelik)?.leftAt, '18:30');
      assert.equal(
        r.quorum?.explanation,
        'Beschlussfähig: 5 von 5 stimmberechtigten Mitgliedern anwesend, erforderlich sind mehr als die Hälfte (mindestens 3).',
      );
      const [entry] = await database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entity, 'meeting'), eq(auditLog.action, 'attendance')))
        .orderBy(desc(auditLog.id))
        .limit(1);
      assert.equal((entry?.before as { attendance: unknown[] } | undefined)?.attendance.length, 6);
      assert.equal(
        (entry?.after as { attendance: Array<{ role: string }> } | undefined)?.attendance[5]?.role,
        'substitute',
      );
    });

    test('a vote with one abstention: accepted unanimously, phrased with the faction line', async () => {
      const spd = (await record()).factions.find((f) => f.name === 'SPD-Fraktion');
      assert.ok(spd);
      const result = await recordItemVote(ctx, clerk, meetingId, item['2'] ?? 0, {
        version: await version(),
        yes: 4,
        no: 0,
        abstain: 1,
        byFaction: [{ factionId: spd.id, abstain: 1 }],
      });
      assert.equal(result.vote.outcome, 'accepted');
      assert.equal(result.vote.unanimous, true);
      assert.equal(result.phrase, 'einstimmig bei 1 Enthaltung angenommen (4 Ja, 0 Nein, 1 Enthaltung)');
      const vote = (await record()).items.find((i) => i.number === '2')?.votes[0];
      assert.equal(vote?.phrase, 'einstimmig bei 1 Enthaltung angenommen (4 Ja, 0 Nein, 1 Enthaltung)');
      assert.deepEqual(vote?.factionLines, ['1 Enthaltung SPD-Fraktion']);
    });

    test('counts over the present entitled voters refused with a German message, nothing written', async () => {
      const counts = await rowCounts(database.db);
      const error = await refused(
        recordItemVote(ctx, clerk, meetingId, item['1'] ?? 0, { version: await version(), yes: 5, no: 1, abstain: 0 }),
        'validation.failed',
      );
      assert.equal(
        (error.details.fields as Record<string, string>).yes,
        'Es wurden 6 Stimmen gezählt, aber nur 5 Personen sind anwesend und stimmberechtigt.',
      );
      await refused(
        recordItemVote(ctx, clerk, meetingId, item['1'] ?? 0, { version: await version(), yes: -1, no: 0, abstain: 0 }),
        'validation.failed',
      );
      const foreign = await refused(
        recordItemVote(ctx, clerk, meetingId, item['1'] ?? 0, {
          version: await version(),
          yes: 3,
          no: 0,
          abstain: 0,
          byFaction: [{ factionId: 999999, yes: 1 }],
        }),
        'validation.failed',
      );
      assert.match(
        (foreign.details.fields as Record<string, string>).byFaction ?? '',
        /Fraktionen dieser Körperschaft/,
      );
      await refused(
        recordItemVote(ctx, clerk, meetingId, item['1'] ?? 0, {
          version: await version(),
          yes: 3,
          no: 1,
          abstain: 0,
          unanimous: true,
        }),
        'validation.failed',
      );
      assert.deepEqual(await rowCounts(database.db), counts);
    });

    test('roll call: a person with a declared conflict cannot vote; the others decide', async () => {
      await declareItemConflict(ctx, clerk, meetingId, item['3'] ?? 0, {
        version: await version(),
        personId: person.Böhm ?? 0,
        note: 'Eigentümer des Nachbargrundstücks',
      });
      const r = await record();
      assert.deepEqual(r.items.find((i) => i.number === '3')?.conflicts, [
        { personId: person.Böhm, name: 'Bernd Böhm', note: 'Eigentümer des Nachbargrundstücks' },
      ]);
      const counts = await rowCounts(database.db);
      const ballot = (name: string, choice: 'yes' | 'no' | 'abstain') => ({ personId: person[name] ?? 0, choice });
      const error = await refused(
        recordItemVote(ctx, clerk, meetingId, item['3'] ?? 0, {
          version: await version(),
          method: 'roll_call',
          ballots: [ballot('Acker', 'yes'), ballot('Böhm', 'yes'), ballot('Çelik', 'no')],
        }),
        'validation.failed',
      );
      assert.equal(
        (error.details.fields as Record<string, string>)['ballots.1'],
        'Bernd Böhm hat sich für befangen erklärt und darf nicht mitstimmen.',
      );
      // Open counts are bounded by the 4 voters left.
      await refused(
        recordItemVote(ctx, clerk, meetingId, item['3'] ?? 0, { version: await version(), yes: 5, no: 0, abstain: 0 }),
        'validation.failed',
      );
      assert.deepEqual(await rowCounts(database.db), counts);
      const result = await recordItemVote(ctx, clerk, meetingId, item['3'] ?? 0, {
        version: await version(),
        method: 'roll_call',
        ballots: [ballot('Acker', 'yes'), ballot('Çelik', 'no'), ballot('Eßer', 'yes'), ballot('Gast', 'abstain')],
      });
      assert.equal(result.phrase, 'mehrheitlich angenommen (2 Ja, 1 Nein, 1 Enthaltung)');
      const vote = (await record()).items.find((i) => i.number === '3')?.votes[0];
      assert.deepEqual(
        vote?.ballots.map((b) => `${b.name}: ${b.choice}`),
        ['Anna Acker: yes', 'Dr. Clara Çelik: no', 'Eva Eßer: yes', 'Gustav Gast: abstain'],
      );
    });

    test('minutes and resolution texts, addenda; stale version refused', async () => {
      const v = await version();
      await saveItemTexts(ctx, clerk, meetingId, item['2'] ?? 0, {
        version: v,
        minutesText: 'Der Kämmerer erläutert den Entwurf.',
        resolutionText: 'Der Ausschuss empfiehlt dem Rat, die Haushaltssatzung zu beschließen.',
      });
      await refused(
        saveItemTexts(ctx, clerk, meetingId, item['2'] ?? 0, { version: v, minutesText: 'alt' }),
        'conflict.stale',
      );
      await refused(
        addItemAddendum(ctx, clerk, meetingId, item['2'] ?? 0, { version: await version(), text: '  ' }),
        'validation.failed',
      );
      await addItemAddendum(ctx, clerk, meetingId, item['2'] ?? 0, {
        version: await version(),
        text: 'Die Zahlen wurden nachgereicht.',
      });
      const i = (await record()).items.find((x) => x.number === '2');
      assert.equal(i?.minutesText, 'Der Kämmerer erläutert den Entwurf.');
      assert.match(i?.resolutionText ?? '', /empfiehlt dem Rat/);
      assert.deepEqual(
        i?.addenda.map((a) => `${a.heading}: ${a.text}`),
        ['Ergänzende Antwort zur Niederschrift: Die Zahlen wurden nachgereicht.'],
      );
    });

    test('signed minutes: every write refused with minutes.signed, nothing written', async () => {
      await database.db.update(meetings).set({ state: 'minutes_signed' }).where(eq(meetings.id, meetingId));
      try {
        const v = await version();
        const counts = await rowCounts(database.db);
        const error = await refused(
          recordItemVote(ctx, clerk, meetingId, item['1'] ?? 0, { version: v, yes: 1, no: 0, abstain: 0 }),
          'minutes.signed',
        );
        assert.match(error.message, /unterschrieben/);
        await refused(saveAttendance(ctx, clerk, meetingId, { version: v, entries: [] }), 'minutes.signed');
        await refused(
          saveItemTexts(ctx, clerk, meetingId, item['1'] ?? 0, { version: v, minutesText: 'x' }),
          'minutes.signed',
        );
        await refused(
          declareItemConflict(ctx, clerk, meetingId, item['1'] ?? 0, { version: v, personId: person.Acker ?? 0 }),
          'minutes.signed',
        );
        await refused(
          addItemAddendum(ctx, clerk, meetingId, item['1'] ?? 0, { version: v, text: 'x' }),
          'minutes.signed',
        );
        assert.deepEqual(await rowCounts(database.db), counts);
        assert.equal(await version(), v);
      } finally {
        await database.db.update(meetings).set({ state: 'held' }).where(eq(meetings.id, meetingId));
      }
    });

    test('a meeting still to come: attendance, votes, conflicts and addenda refused until its day; texts may be prepared', async () => {
      const [before] = await database.db.select().from(meetings).where(eq(meetings.id, meetingId));
      assert.ok(before);
      const tomorrow = new Date(Date.now() + 36 * 3_600_000);
      await database.db.update(meetings).set({ startAt: tomorrow, state: 'invited' }).where(eq(meetings.id, meetingId));
      try {
        const r = await record();
        assert.equal(r.upcoming, true);
        const v = r.version;
        const counts = await rowCounts(database.db);
        const error = await refused(
          saveAttendance(ctx, clerk, meetingId, {
            version: v,
            entries: [{ personId: person.Acker ?? 0, role: 'member', status: 'present' }],
          }),
          'meeting.not_yet_held',
        );
        assert.match(
          error.message,
          /^Die Sitzung findet erst am \d\d\.\d\d\.\d{4} statt; die Anwesenheit lässt sich ab dem Sitzungstag erfassen\.$/,
        );
        await refused(
          recordItemVote(ctx, clerk, meetingId, item['1'] ?? 0, { version: v, yes: 1, no: 0, abstain: 0 }),
          'meeting.not_yet_held',
        );
        await refused(
          declareItemConflict(ctx, clerk, meetingId, item['1'] ?? 0, { version: v, personId: person.Acker ?? 0 }),
          'meeting.not_yet_held',
        );
        await refused(
          addItemAddendum(ctx, clerk, meetingId, item['1'] ?? 0, { version: v, text: 'x' }),
          'meeting.not_yet_held',
        );
        assert.deepEqual(await rowCounts(database.db), counts, 'nothing written');
        const [still] = await database.db.select().from(meetings).where(eq(meetings.id, meetingId));
        assert.equal(still?.state, 'invited', 'not held');
        // The texts may be prepared before the meeting.
        await saveItemTexts(ctx, clerk, meetingId, item['1'] ?? 0, { version: v, minutesText: 'Vorbereitet.' });
        // On the meeting's day recording is possible.
        await database.db.update(meetings).set({ startAt: new Date() }).where(eq(meetings.id, meetingId));
        assert.equal((await record()).upcoming, false);
      } finally {
        await database.db
          .update(meetings)
          .set({ startAt: before.startAt, state: before.state })
          .where(eq(meetings.id, meetingId));
      }
    });
  });
}
