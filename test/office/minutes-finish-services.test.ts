/**
 * Finishing the minutes (issue 6, part 6) on every storage backend: the state machine (attendance makes a
 * meeting held; submit needs the attendance; submitted minutes refuse edits until withdrawn, which drops the
 * signatures), who signs (a member, the wrong person, an account without a person, the same signature twice
 * refused: nothing written), both signatures → signed and version 1 with a verified SHA-256, frozen
 * (part 5's writes refused, versions neither changed nor deleted), a correction → version 2 with its reason
 * and version 1 kept, publishing (only signed, once), optimistic locking and the audit log.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../src/db/open.ts';
import { auditLog, meetings, minutesSignatures, minutesVersions, organizations, persons } from '../../src/db/schema.ts';
import { canonicalJson, contentHash } from '../../src/documents/canonical.ts';
import { renderText } from '../../src/documents/render-text.ts';
import { isDomainError } from '../../src/domain/errors.ts';
import { nextState } from '../../src/domain/meeting-state.ts';
import type { Actor } from '../../src/domain/permissions.ts';
import type { ServiceContext } from '../../src/services/context.ts';
import { importDataset } from '../../src/services/dataset/import.ts';
import { addOfficeAgendaItem, createOfficeMeeting } from '../../src/services/meetings-office.ts';
import { loadMeetingRecord, saveAttendance, saveItemTexts } from '../../src/services/meetings-record.ts';
import {
  correctMinutes,
  listMinutesVersions,
  loadMinutesStatus,
  loadMinutesVersion,
  publishMinutes,
  signatoriesOf,
  signMinutes,
  submitMinutes,
  withdrawMinutes,
} from '../../src/services/minutes-finish.ts';
import { backends } from '../helpers/db.ts';
import { rowCounts } from '../helpers/fixtures.ts';
import { townWithSecretary } from './minutes-fixtures.ts';

async function refused(promise: Promise<unknown>, id: string, message?: RegExp) {
  try {
    await promise;
  } catch (error) {
    assert.ok(isDomainError(error), String(error));
    assert.equal(error.id, id, error.message);
    if (message) assert.match(error.message, message);
    return error;
  }
  assert.fail(`expected ${id}`);
}

test('the state machine: record, submit, withdraw, sign', () => {
  assert.equal(nextState('planned', 'record'), 'held');
  assert.equal(nextState('invited', 'record'), 'held');
  assert.equal(nextState('held', 'submit'), 'minutes_drafted');
  assert.equal(nextState('minutes_drafted', 'withdraw'), 'held');
  assert.equal(nextState('minutes_drafted', 'sign'), 'minutes_drafted');
  assert.equal(nextState('minutes_drafted', 'sign', true), 'minutes_signed');
  assert.equal(nextState('minutes_signed', 'record'), undefined);
  assert.equal(nextState('minutes_drafted', 'record'), undefined);
  assert.equal(nextState('planned', 'submit'), undefined);
  assert.equal(nextState('minutes_signed', 'withdraw'), undefined);
});

test('the canonical serialization does not depend on key order', () => {
  assert.equal(canonicalJson({ b: [1, { d: 'ä', c: null }], a: true }), '{"a":true,"b":[1,{"c":null,"d":"ä"}]}');
  assert.equal(contentHash({ b: 1, a: 2 }), contentHash({ a: 2, b: 1 }));
  assert.notEqual(contentHash({ a: 'x' }), contentHash({ a: 'y' }));
  assert.match(contentHash({}), /^[0-9a-f]{64}$/);
});

for (const backend of backends()) {
  test(`the dataset format: signed minutes are published unless minutesPublished is false, at the last signature (${backend.name})`, async () => {
    const database = await backend.open();
    try {
      const signedAt = '2024-11-20T12:00:00+01:00';
      const dataset = (minutesPublished?: boolean) => {
        const data = townWithSecretary();
        const [m] = data.meetings ?? [];
        assert.ok(m);
        data.meetings = [
          {
            ...m,
            state: 'minutes_signed',
            ...(minutesPublished === undefined ? {} : { minutesPublished }),
            signatures: [
              { role: 'chair', person: 'a', signedAt: '2024-11-19T12:00:00+01:00' },
              { role: 'secretary', person: 'g', signedAt },
            ],
          },
        ];
        return data;
      };
      for (const [flag, expected] of [
        [undefined, new Date(signedAt)],
        [true, new Date(signedAt)],
        [false, null],
      ] as const) {
        const { bodyId } = await importDataset({ db: database.db, actor: 'test' }, dataset(flag));
        const [m] = await database.db.select().from(meetings).where(eq(meetings.bodyId, bodyId));
        assert.deepEqual(m?.minutesPublishedAt ?? null, expected, `minutesPublished: ${flag}`);
      }
    } finally {
      await database.close();
    }
  });

  describe(`finishing the minutes (${backend.name})`, () => {
    let database: Database;
    let ctx: ServiceContext;
    let bodyId: number;
    let meetingId: number;
    let clerk: Actor;
    let member: Actor;
    let chairRole: Actor;
    const person: Record<string, number> = {};
    const item: Record<string, number> = {};

    const meeting = async () => {
      const [m] = await database.db.select().from(meetings).where(eq(meetings.id, meetingId));
      assert.ok(m);
      return m;
    };
    const version = async () => (await meeting()).version;
    /** Runs a refused write and checks that no row anywhere changed. */
    async function unchanged(run: () => Promise<unknown>, id: string, message?: RegExp) {
      const counts = await rowCounts(database.db);
      const m = await meeting();
      const error = await refused(run(), id, message);
      assert.deepEqual(await rowCounts(database.db), counts, `${id}: nothing written`);
      assert.equal((await meeting()).version, m.version);
      assert.equal((await meeting()).state, m.state);
      return error;
    }

    before(async () => {
      database = await backend.open();
      ctx = { db: database.db, actor: 'user:1' };
      bodyId = (await importDataset({ db: database.db, actor: 'test' }, townWithSecretary())).bodyId;
      clerk = { installationAdmin: false, roles: [{ bodyId, role: 'clerk' }] };
      member = { installationAdmin: false, roles: [{ bodyId, role: 'member' }] };
      chairRole = { installationAdmin: false, roles: [{ bodyId, role: 'chair' }] };
      const [m] = await database.db.select().from(meetings).where(eq(meetings.bodyId, bodyId));
      assert.ok(m);
      meetingId = m.id;
      for (const p of await database.db.select().from(persons).where(eq(persons.bodyId, bodyId))) {
        person[p.familyName] = p.id;
      }
      const r = await loadMeetingRecord(database.db, meetingId);
      for (const i of r?.items ?? []) item[i.number] = i.id;
      await saveItemTexts(ctx, clerk, meetingId, item['2'] as number, {
        version: await version(),
        minutesText: 'Die Kämmerin erläutert den Entwurf.',
        resolutionText: 'Der Ausschuss empfiehlt die Haushaltssatzung.',
      });
    });
    after(async () => {
      await database?.close();
    });

    test('attendance moves a planned meeting to held; without attendance nothing can be submitted', async () => {
      const committee = (await database.db.select().from(organizations).where(eq(organizations.bodyId, bodyId))).find(
        (o) => o.kind === 'committee',
      );
      assert.ok(committee);
      const planned = await createOfficeMeeting(ctx, clerk, {
        bodyId,
        organizationId: committee.id,
        date: '2024-12-05',
        startTime: '17:00',
      });
      const { meeting: withItem } = await addOfficeAgendaItem(ctx, clerk, planned.id, {
        version: planned.version,
        title: 'Eröffnung',
        public: true,
      });
      const counts = await rowCounts(database.db);
      await refused(submitMinutes(ctx, clerk, planned.id, { version: withItem.version }), 'minutes.no_attendance');
      assert.deepEqual(await rowCounts(database.db), counts);
      const status = await loadMinutesStatus(database.db, planned.id);
      assert.ok(status?.missing.includes('Die Anwesenheit ist noch nicht erfasst.'));
      const saved = await saveAttendance(ctx, clerk, planned.id, {
        version: withItem.version,
        entries: [{ personId: person.Acker as number, role: 'chair', status: 'present' }],
      });
      assert.equal(saved.meeting.state, 'held');
    });

    test('who may sign: those the attendance names as chairing and keeping the minutes, else the office holders present', async () => {
      const committee = (await database.db.select().from(organizations).where(eq(organizations.bodyId, bodyId))).find(
        (o) => o.kind === 'committee',
      );
      assert.ok(committee);
      const names = async (id: number) => {
        const [m] = await database.db.select().from(meetings).where(eq(meetings.id, id));
        assert.ok(m);
        const s = await signatoriesOf(database.db, m);
        return { chair: s.chair.map((p) => p.name), secretary: s.secretary.map((p) => p.name) };
      };
      const meetingWith = async (entries: Parameters<typeof saveAttendance>[3]['entries']) => {
        const planned = await createOfficeMeeting(ctx, clerk, {
          bodyId,
          organizationId: committee.id,
          date: '2024-12-12',
          startTime: '17:00',
        });
        await saveAttendance(ctx, clerk, planned.id, { version: planned.version, entries });
        return planned.id;
      };
      // The chair excused, Böhm chairs, Çelik keeps the minutes: only they sign.
      const chaired = await meetingWith([
        { personId: person.Acker as number, role: 'chair', status: 'excused' },
        { personId: person.Böhm as number, role: 'chair', status: 'present' },
        { personId: person.Çelik as number, role: 'member', status: 'present', function: 'Schriftführerin' },
        { personId: person.Gast as number, role: 'administration', status: 'excused' },
      ]);
      assert.deepEqual(await names(chaired), { chair: ['Bernd Böhm'], secretary: ['Dr. Clara Çelik'] });
      // Nobody named: the office holders, but not the excused secretary.
      const unnamed = await meetingWith([
        { personId: person.Acker as number, role: 'member', status: 'present' },
        { personId: person.Gast as number, role: 'administration', status: 'excused' },
      ]);
      assert.deepEqual(await names(unnamed), { chair: ['Anna Acker'], secretary: [] });
    });

    test('a member cannot submit; a stale form is refused; submit freezes the record until withdrawn', async () => {
      await unchanged(() => submitMinutes(ctx, member, meetingId, { version: 0 }), 'permission.denied');
      const v = await version();
      await unchanged(() => submitMinutes(ctx, clerk, meetingId, { version: v - 1 }), 'conflict.stale');
      const { meeting: submitted } = await submitMinutes(ctx, clerk, meetingId, { version: v });
      assert.equal(submitted.state, 'minutes_drafted');
      assert.ok(submitted.minutesDate, 'the minutes are dated when submitted');
      await unchanged(
        () => submitMinutes(ctx, clerk, meetingId, { version: submitted.version }),
        'minutes.already_submitted',
      );
      await unchanged(
        () =>
          saveItemTexts(ctx, clerk, meetingId, item['2'] as number, {
            version: submitted.version,
            minutesText: 'Geändert',
          }),
        'minutes.submitted',
        /zur Unterschrift vor/,
      );
      // The chair signs; then the clerk withdraws: the signature is dropped, the record editable again.
      await signMinutes(ctx, { actor: chairRole, personId: person.Acker as number }, meetingId, {
        version: submitted.version,
      });
      // The signature touched the meeting (trigger of 0014/0015): a page loaded before is stale.
      await unchanged(() => withdrawMinutes(ctx, clerk, meetingId, { version: submitted.version }), 'conflict.stale');
      const { meeting: withdrawn, droppedSignatures } = await withdrawMinutes(ctx, clerk, meetingId, {
        version: await version(),
      });
      assert.equal(withdrawn.state, 'held');
      assert.equal(droppedSignatures, 1);
      const rows = await database.db.select().from(minutesSignatures).where(eq(minutesSignatures.meetingId, meetingId));
      assert.equal(rows.length, 0);
      await unchanged(
        () => withdrawMinutes(ctx, clerk, meetingId, { version: withdrawn.version }),
        'minutes.not_submitted',
      );
      const [log] = await database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entity, 'meeting'), eq(auditLog.entityId, String(meetingId))))
        .orderBy(desc(auditLog.id))
        .limit(1);
      assert.equal(log?.action, 'withdraw');
      assert.equal((log?.before as { signatures?: unknown[] } | undefined)?.signatures?.length, 1);
      await submitMinutes(ctx, clerk, meetingId, { version: withdrawn.version });
    });

    test('who signs: a member, the wrong person, an account without a person and a second signature refused', async () => {
      const v = await version();
      await unchanged(
        () => signMinutes(ctx, { actor: member, personId: person.Böhm as number }, meetingId, { version: v }),
        'permission.denied',
      );
      await unchanged(
        () => signMinutes(ctx, { actor: chairRole, personId: person.Böhm as number }, meetingId, { version: v }),
        'minutes.signer',
        /Bernd Böhm hat in dieser Sitzung weder den Vorsitz noch die Schriftführung/,
      );
      await unchanged(
        () => signMinutes(ctx, { actor: chairRole, personId: null }, meetingId, { version: v }),
        'minutes.signer',
        /mit keiner Person verknüpft/,
      );
      await unchanged(
        () =>
          signMinutes(ctx, { actor: chairRole, personId: person.Acker as number }, meetingId, {
            version: v,
            role: 'secretary',
          }),
        'minutes.signer',
        /Anna Acker kann nicht als Schriftführung unterschreiben; das kann Gustav Gast/,
      );
      const first = await signMinutes(ctx, { actor: chairRole, personId: person.Acker as number }, meetingId, {
        version: v,
      });
      assert.equal(first.role, 'chair');
      assert.equal(first.signed, false);
      assert.equal(first.meeting.state, 'minutes_drafted');
      // The signature changed the meeting: the other signer's page, loaded before, is stale (409).
      await unchanged(
        () => signMinutes(ctx, { actor: clerk, personId: person.Gast as number }, meetingId, { version: v }),
        'conflict.stale',
      );
      await unchanged(
        async () =>
          signMinutes(ctx, { actor: chairRole, personId: person.Acker as number }, meetingId, {
            version: await version(),
          }),
        'minutes.already_signed',
        /Anna Acker hat die Niederschrift bereits am/,
      );
      const status = await loadMinutesStatus(database.db, meetingId, person.Gast as number);
      assert.deepEqual(status?.viewerMaySign, ['secretary']);
      assert.deepEqual(status?.missing, ['Es fehlt die Unterschrift der Schriftführung (Gustav Gast).']);
      assert.equal(await listMinutesVersions(database.db, meetingId).then((l) => l.length), 0);
    });

    test('the second signature: signed, version 1 with a verified hash, frozen', async () => {
      const v = await version();
      const second = await signMinutes(ctx, { actor: clerk, personId: person.Gast as number }, meetingId, {
        version: v,
      });
      assert.equal(second.role, 'secretary');
      assert.equal(second.signed, true);
      assert.equal(second.meeting.state, 'minutes_signed');
      assert.equal(second.version?.number, 1);
      const v1 = await loadMinutesVersion(database.db, meetingId, 1);
      assert.ok(v1);
      assert.equal(v1.reason, null);
      assert.equal(v1.hashValid, true);
      assert.equal(v1.contentHash, contentHash(v1.model));
      assert.deepEqual(
        v1.signatures.map((s) => `${s.role} ${s.name}`),
        ['chair Anna Acker', 'secretary Gustav Gast'],
      );
      const text = renderText(v1.model);
      assert.match(text, /gez\.\s+Anna Acker/);
      assert.match(text, /gez\.\s+Gustav Gast/);
      assert.match(text, /Die Kämmerin erläutert den Entwurf\./);
      assert.doesNotMatch(text, /Entwurf\)/, 'no longer a draft');
      const signed = await meeting();
      // Part 5's writes are refused now.
      await unchanged(
        () =>
          saveItemTexts(ctx, clerk, meetingId, item['2'] as number, { version: signed.version, minutesText: 'Neu' }),
        'minutes.signed',
      );
      await unchanged(() => withdrawMinutes(ctx, clerk, meetingId, { version: signed.version }), 'minutes.signed');
      await unchanged(
        () =>
          signMinutes(ctx, { actor: chairRole, personId: person.Acker as number }, meetingId, {
            version: signed.version,
          }),
        'minutes.signed',
      );
      // Versions are never changed or deleted, not even by SQL.
      await assert.rejects(
        database.db.execute(sql`update minutes_versions set reason = 'x' where meeting_id = ${meetingId}`),
      );
      await assert.rejects(database.db.execute(sql`delete from minutes_versions where meeting_id = ${meetingId}`));
      assert.equal((await listMinutesVersions(database.db, meetingId)).length, 1);
    });

    test('a correction: reason required, version 2 with its reason, version 1 kept', async () => {
      const v = await version();
      const itemId = item['2'] as number;
      await unchanged(
        () =>
          correctMinutes(ctx, clerk, meetingId, { version: v, reason: ' ', changes: [{ itemId, minutesText: 'X' }] }),
        'validation.failed',
        /begründen/,
      );
      await unchanged(
        () =>
          correctMinutes(ctx, clerk, meetingId, {
            version: v,
            reason: 'Tippfehler',
            changes: [{ itemId, minutesText: 'Die Kämmerin erläutert den Entwurf.' }],
          }),
        'validation.failed',
        /nichts geändert/,
      );
      await unchanged(
        () =>
          correctMinutes(ctx, member, meetingId, { version: v, reason: 'x', changes: [{ itemId, minutesText: 'X' }] }),
        'permission.denied',
      );
      await unchanged(
        () =>
          correctMinutes(ctx, clerk, meetingId, {
            version: v - 1,
            reason: 'x',
            changes: [{ itemId, minutesText: 'X' }],
          }),
        'conflict.stale',
      );
      const v1Before = await loadMinutesVersion(database.db, meetingId, 1);
      const { version: v2 } = await correctMinutes(ctx, clerk, meetingId, {
        version: v,
        reason: 'Name der Kämmerin berichtigt',
        changes: [{ itemId, minutesText: 'Die Kämmerin, Frau Zahl, erläutert den Entwurf.' }],
      });
      assert.equal(v2.number, 2);
      const versions = await listMinutesVersions(database.db, meetingId);
      assert.deepEqual(
        versions.map((x) => [x.number, x.reason, x.hashValid]),
        [
          [1, null, true],
          [2, 'Name der Kämmerin berichtigt', true],
        ],
      );
      assert.deepEqual(await loadMinutesVersion(database.db, meetingId, 1), v1Before, 'version 1 unchanged');
      const stored = await loadMinutesVersion(database.db, meetingId, 2);
      assert.ok(stored);
      const text = renderText(stored.model);
      assert.match(text, /Frau Zahl/);
      assert.match(text, /Berichtigt am \d\d\.\d\d\.\d{4}\./);
      assert.doesNotMatch(text, /Name der Kämmerin berichtigt/, 'the reason is not printed');
      const r = await loadMeetingRecord(database.db, meetingId);
      assert.equal(
        r?.items.find((i) => i.id === itemId)?.minutesText,
        'Die Kämmerin, Frau Zahl, erläutert den Entwurf.',
      );
      const [log] = await database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entity, 'meeting'), eq(auditLog.entityId, String(meetingId))))
        .orderBy(desc(auditLog.id))
        .limit(1);
      assert.equal(log?.action, 'correct');
      assert.equal((log?.after as { reason?: string } | undefined)?.reason, 'Name der Kämmerin berichtigt');
    });

    test('publish: only signed minutes, once', async () => {
      const status = await loadMinutesStatus(database.db, meetingId);
      assert.equal(status?.published, false);
      // Another meeting, not signed: refused.
      const [other] = await database.db
        .select()
        .from(meetings)
        .where(and(eq(meetings.bodyId, bodyId), sql`${meetings.id} <> ${meetingId}`));
      assert.ok(other);
      const counts = await rowCounts(database.db);
      await refused(publishMinutes(ctx, clerk, other.id, { version: other.version }), 'permission.denied');
      assert.deepEqual(await rowCounts(database.db), counts);
      const before = await meeting();
      await unchanged(() => publishMinutes(ctx, member, meetingId, { version: before.version }), 'permission.denied');
      const { meeting: published } = await publishMinutes(ctx, clerk, meetingId, { version: before.version });
      assert.ok(published.minutesPublishedAt);
      assert.ok(published.modifiedAt > before.modifiedAt, 'modified moves (OParl)');
      await unchanged(
        () => publishMinutes(ctx, clerk, meetingId, { version: published.version }),
        'minutes.already_published',
      );
      assert.equal((await loadMinutesStatus(database.db, meetingId))?.published, true);
      const rows = await database.db.select().from(minutesVersions).where(eq(minutesVersions.meetingId, meetingId));
      assert.equal(rows.length, 2);
    });

    test('a version whose stored content was tampered with is reported, not trusted', async () => {
      // Only the database owner can get past the trigger; the hash check still tells.
      await database.db.execute(sql`alter table minutes_versions disable trigger minutes_versions_frozen`);
      await database.db.execute(
        sql`update minutes_versions set content = jsonb_set(content, '{meta,title}', '"Gefälscht"') where meeting_id = ${meetingId} and number = 2`,
      );
      await database.db.execute(sql`alter table minutes_versions enable trigger minutes_versions_frozen`);
      const versions = await listMinutesVersions(database.db, meetingId);
      assert.deepEqual(
        versions.map((x) => x.hashValid),
        [true, false],
      );
      assert.equal((await loadMinutesVersion(database.db, meetingId, 2))?.hashValid, false);
    });
  });
}
