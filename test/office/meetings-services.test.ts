/**
 * The back-office meeting services on every storage backend: planning with German field errors,
 * permissions, optimistic locking (a stale write is refused and changes nothing; of two concurrent
 * writes from one version exactly one wins), the agenda (numbers follow the order, one level of
 * sub-items, public before non-public, reorder, remove), the invitation deadline (computed right; a
 * late invitation refused without confirmation and reason), supplements, cancel and move, the audit log.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../../src/db/open.ts';
import { agendaItems, auditLog, bodies, consultations, meetings, organizations } from '../../src/db/schema.ts';
import { isDomainError } from '../../src/domain/errors.ts';
import type { Actor } from '../../src/domain/permissions.ts';
import type { ServiceContext } from '../../src/services/context.ts';
import { importDataset } from '../../src/services/dataset/import.ts';
import {
  addOfficeAgendaItem,
  cancelMeeting,
  createOfficeMeeting,
  inviteMeeting,
  issueSupplement,
  listOfficeMeetings,
  loadOfficeMeeting,
  localToInstant,
  moveMeeting,
  moveOfficeAgendaItem,
  removeOfficeAgendaItem,
  updateOfficeAgendaItem,
  updateOfficeMeeting,
} from '../../src/services/meetings-office.ts';
import { addPaperConsultation, createOfficePaper } from '../../src/services/papers-office.ts';
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
  describe(`back-office meeting services (${backend.name})`, () => {
    let database: Database;
    let ctx: ServiceContext;
    let bodyId: number;
    let otherBodyId: number;
    let committee: number;
    let faction: number;
    let office: number;
    let clerk: Actor;
    let member: Actor;

    const orgId = async (body: number, name: string) => {
      const [row] = await database.db
        .select({ id: organizations.id })
        .from(organizations)
        .where(and(eq(organizations.bodyId, body), eq(organizations.name, name)));
      assert.ok(row, name);
      return row.id;
    };
    const agenda = async (meetingId: number) =>
      (
        await database.db
          .select()
          .from(agendaItems)
          .where(eq(agendaItems.meetingId, meetingId))
          .orderBy(asc(agendaItems.position))
      ).map((i) => `${i.number} ${i.title}${i.public ? '' : ' (nö)'}${i.supplement ? ' [N]' : ''}`);
    const version = async (id: number) => (await loadOfficeMeeting(database.db, id))?.version ?? 0;
    const plan = (date = '2027-03-04', startTime = '17:00') =>
      createOfficeMeeting(ctx, clerk, { bodyId, organizationId: committee, date, startTime, endTime: '19:00' });
    const add = async (meetingId: number, title: string, isPublic = true, extra: Record<string, unknown> = {}) =>
      (
        await addOfficeAgendaItem(ctx, clerk, meetingId, {
          version: await version(meetingId),
          title,
          public: isPublic,
          ...extra,
        })
      ).item;

    before(async () => {
      database = await backend.open();
      ctx = { db: database.db, actor: 'user:1' };
      bodyId = (await importDataset({ db: database.db, actor: 'test' }, smallTown())).bodyId;
      otherBodyId = (await importDataset({ db: database.db, actor: 'test' }, smallTown())).bodyId;
      committee = await orgId(bodyId, 'Finanzausschuss');
      faction = await orgId(bodyId, 'SPD-Fraktion');
      office = await orgId(bodyId, 'Kämmerei');
      clerk = { installationAdmin: false, roles: [{ bodyId, role: 'clerk' }] };
      member = { installationAdmin: false, roles: [{ bodyId, role: 'member' }] };
    });
    after(async () => {
      await database?.close();
    });

    test('plan: German field errors all at once, nothing written; Berlin local time stored as the instant', async () => {
      const counts = await rowCounts(database.db);
      const error = await refused(
        createOfficeMeeting(ctx, clerk, {
          bodyId,
          organizationId: faction,
          date: '31.02.2027',
          startTime: '25:00',
          endTime: 'bald',
        }),
        'validation.failed',
      );
      const fields = error.details.fields as Record<string, string>;
      assert.deepEqual(Object.keys(fields).sort(), ['date', 'endTime', 'organizationId', 'startTime']);
      assert.match(fields.organizationId ?? '', /kein Gremium, das tagt/);
      await refused(
        createOfficeMeeting(ctx, clerk, {
          bodyId,
          organizationId: committee,
          date: '2027-03-04',
          startTime: '18:00',
          endTime: '17:00',
        }),
        'validation.failed',
      );
      await refused(
        createOfficeMeeting(ctx, clerk, {
          bodyId,
          organizationId: await orgId(otherBodyId, 'Finanzausschuss'),
          date: '2027-03-04',
          startTime: '17:00',
        }),
        'validation.failed',
      );
      assert.deepEqual(await rowCounts(database.db), counts);
      await refused(
        createOfficeMeeting(ctx, member, { bodyId, organizationId: committee, date: '2027-03-04', startTime: '17:00' }),
        'permission.denied',
      );
      const winter = await createOfficeMeeting(ctx, clerk, {
        bodyId,
        organizationId: committee,
        date: '04.03.2027',
        startTime: '17:00',
      });
      assert.equal(winter.startAt.toISOString(), '2027-03-04T16:00:00.000Z');
      const summer = await createOfficeMeeting(ctx, clerk, {
        bodyId,
        organizationId: committee,
        date: '2027-07-01',
        startTime: '9:30',
      });
      assert.equal(summer.startAt.toISOString(), '2027-07-01T07:30:00.000Z');
      const [entry] = await database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entity, 'meeting'), eq(auditLog.entityId, String(winter.id))));
      assert.equal(entry?.action, 'create');
      assert.equal(entry?.actor, 'user:1');
    });

    test('agenda: numbers follow the order, one level of sub-items, public before non-public, reorder, nest, remove', async () => {
      const m = await plan('2027-04-08');
      const formalities = await add(m.id, 'Formalien');
      const secret = await add(m.id, 'Grundstücksangelegenheit', false);
      const budget = await add(m.id, 'Haushalt 2028');
      assert.deepEqual(await agenda(m.id), ['1 Formalien', '2 Haushalt 2028', '3 Grundstücksangelegenheit (nö)']);
      await add(m.id, 'Teilplan Schulen', true, { parentId: budget.id });
      const roads = await add(m.id, 'Teilplan Straßen', true, { parentId: budget.id });
      assert.deepEqual(await agenda(m.id), [
        '1 Formalien',
        '2 Haushalt 2028',
        '2.1 Teilplan Schulen',
        '2.2 Teilplan Straßen',
        '3 Grundstücksangelegenheit (nö)',
      ]);
      // One level only; a sub-item stays in its parent's part.
      await refused(add(m.id, 'Tiefer', true, { parentId: roads.id }), 'validation.failed');
      await refused(add(m.id, 'Gemischt', false, { parentId: budget.id }), 'validation.failed');
      // Reorder with the sub-items travelling along.
      await moveOfficeAgendaItem(ctx, clerk, m.id, budget.id, { version: await version(m.id), direction: 'up' });
      assert.deepEqual(await agenda(m.id), [
        '1 Haushalt 2028',
        '1.1 Teilplan Schulen',
        '1.2 Teilplan Straßen',
        '2 Formalien',
        '3 Grundstücksangelegenheit (nö)',
      ]);
      await moveOfficeAgendaItem(ctx, clerk, m.id, roads.id, { version: await version(m.id), direction: 'up' });
      assert.deepEqual((await agenda(m.id)).slice(1, 3), ['1.1 Teilplan Straßen', '1.2 Teilplan Schulen']);
      // Public before non-public: said so, nothing changed.
      const v = await version(m.id);
      const order = await agenda(m.id);
      const error = await refused(
        moveOfficeAgendaItem(ctx, clerk, m.id, secret.id, { version: v, direction: 'up' }),
        'agenda_item.public_order',
      );
      assert.match(error.message, /Öffentliche Punkte stehen vor den nicht öffentlichen/);
      assert.deepEqual(await agenda(m.id), order);
      assert.equal(await version(m.id), v);
      await refused(
        moveOfficeAgendaItem(ctx, clerk, m.id, formalities.id, { version: v, direction: 'down' }),
        'agenda_item.public_order',
      );
      // Indent and outdent.
      await moveOfficeAgendaItem(ctx, clerk, m.id, formalities.id, { version: v, direction: 'in' });
      assert.deepEqual((await agenda(m.id)).slice(0, 4), [
        '1 Haushalt 2028',
        '1.1 Teilplan Straßen',
        '1.2 Teilplan Schulen',
        '1.3 Formalien',
      ]);
      await moveOfficeAgendaItem(ctx, clerk, m.id, roads.id, { version: await version(m.id), direction: 'out' });
      assert.deepEqual(await agenda(m.id), [
        '1 Haushalt 2028',
        '1.1 Teilplan Schulen',
        '1.2 Formalien',
        '2 Teilplan Straßen',
        '3 Grundstücksangelegenheit (nö)',
      ]);
      // A public item made non-public moves to the start of the non-public part.
      await updateOfficeAgendaItem(ctx, clerk, m.id, roads.id, {
        version: await version(m.id),
        title: 'Straßen',
        public: false,
      });
      assert.deepEqual((await agenda(m.id)).slice(3), ['2 Straßen (nö)', '3 Grundstücksangelegenheit (nö)']);
      // Removing an item takes its sub-items along and renumbers.
      await removeOfficeAgendaItem(ctx, clerk, m.id, budget.id, { version: await version(m.id) });
      assert.deepEqual(await agenda(m.id), ['1 Straßen (nö)', '2 Grundstücksangelegenheit (nö)']);
      const actions = await database.db
        .select({ action: auditLog.action, entity: auditLog.entity })
        .from(auditLog)
        .where(eq(auditLog.bodyId, bodyId));
      assert.ok(actions.some((a) => a.entity === 'meeting' && a.action === 'reorder_agenda'));
      assert.ok(actions.some((a) => a.entity === 'agenda_item' && a.action === 'delete'));
    });

    test('a paper of the body is linked (its consultation in the committee too); a non-public paper only in the non-public part', async () => {
      const paper = await createOfficePaper(ctx, clerk, {
        bodyId,
        officeId: office,
        year: 2027,
        paperType: 'Beschlussvorlage',
        title: 'Radweg',
        public: true,
      });
      const consultation = await addPaperConsultation(ctx, clerk, paper.id, {
        organizationId: committee,
        role: 'decision',
      });
      const secretPaper = await createOfficePaper(ctx, clerk, {
        bodyId,
        officeId: office,
        year: 2027,
        paperType: 'Beschlussvorlage',
        title: 'Grundstück',
        public: false,
      });
      const m = await plan('2027-05-06');
      const item = await add(m.id, 'Radweg', true, { paperId: paper.id });
      const [linked] = await database.db.select().from(consultations).where(eq(consultations.id, consultation.id));
      assert.equal(linked?.agendaItemId, item.id);
      const error = await refused(add(m.id, 'Grundstück', true, { paperId: secretPaper.id }), 'validation.failed');
      assert.match(String((error.details.fields as Record<string, string>).public), /nicht öffentlich/);
      // A non-public parent cannot become public while a sub-item links a non-public paper.
      const parent = await add(m.id, 'Liegenschaften', false);
      await add(m.id, 'Grundstück', false, { paperId: secretPaper.id, parentId: parent.id });
      const leak = await refused(
        updateOfficeAgendaItem(ctx, clerk, m.id, parent.id, {
          version: await version(m.id),
          title: 'Liegenschaften',
          public: true,
        }),
        'validation.failed',
      );
      assert.match(leak.message, /nicht öffentliche Vorlage/);
      await removeOfficeAgendaItem(ctx, clerk, m.id, parent.id, { version: await version(m.id) });
      await removeOfficeAgendaItem(ctx, clerk, m.id, item.id, { version: await version(m.id) });
      const [unlinked] = await database.db.select().from(consultations).where(eq(consultations.id, consultation.id));
      assert.equal(unlinked?.agendaItemId, null);
    });

    test('optimistic locking: a stale write is refused and changes nothing; two writes from one version, one wins', async () => {
      const m = await plan('2027-06-10');
      const v = await version(m.id);
      await add(m.id, 'Erster Punkt');
      const counts = await rowCounts(database.db);
      const error = await refused(
        addOfficeAgendaItem(ctx, clerk, m.id, { version: v, title: 'Zu spät', public: true }),
        'conflict.stale',
      );
      assert.match(error.message, /Die Sitzung wurde inzwischen von .* geändert/);
      await refused(
        updateOfficeMeeting(ctx, clerk, m.id, {
          version: v,
          organizationId: committee,
          date: '2027-06-11',
          startTime: '17:00',
        }),
        'conflict.stale',
      );
      assert.deepEqual(await rowCounts(database.db), counts);
      const now = await version(m.id);
      const results = await Promise.allSettled([
        addOfficeAgendaItem(ctx, clerk, m.id, { version: now, title: 'A', public: true }),
        addOfficeAgendaItem(ctx, clerk, m.id, { version: now, title: 'B', public: true }),
      ]);
      assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
      const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      assert.equal(rejected.reason.id, 'conflict.stale');
      assert.equal((await agenda(m.id)).length, 2);
      // A write that does not know about the version (as the OParl import writes) makes the form stale too.
      const loaded = await version(m.id);
      await database.db.update(meetings).set({ endAt: null }).where(eq(meetings.id, m.id));
      await refused(
        addOfficeAgendaItem(ctx, clerk, m.id, { version: loaded, title: 'Nach dem Import', public: true }),
        'conflict.stale',
      );
    });

    test('invitation: the deadline computed and said; a late invitation refused without confirmation and reason', async () => {
      // 7 calendar days by default (NRW profile): meeting Thursday 04.03.2027 → latest dispatch 24.02.2027.
      const m = await plan('2027-03-04');
      await refused(
        inviteMeeting(ctx, clerk, m.id, { version: await version(m.id), date: '2027-02-20' }),
        'meeting.agenda_empty',
      );
      await add(m.id, 'Formalien');
      await refused(
        inviteMeeting(ctx, member, m.id, { version: await version(m.id), date: '2027-02-20' }),
        'permission.denied',
      );
      const counts = await rowCounts(database.db);
      const late = await refused(
        inviteMeeting(ctx, clerk, m.id, { version: await version(m.id), date: '2027-02-25' }),
        'meeting.deadline_missed',
      );
      assert.match(late.message, /^Die Ladungsfrist von 7 Kalendertagen ist nicht eingehalten\./);
      assert.match(late.message, /Dazwischen liegen 6 volle Kalendertage, erforderlich sind 7/);
      assert.match(late.message, /Spätester Versand: Mittwoch, 24\.02\.2027|Spätester Versand: .*24\.02\.2027/);
      // Confirmation without a reason is not enough.
      await refused(
        inviteMeeting(ctx, clerk, m.id, { version: await version(m.id), date: '2027-02-25', confirm: true }),
        'meeting.deadline_missed',
      );
      assert.deepEqual(await rowCounts(database.db), counts);
      const stored = await loadOfficeMeeting(database.db, m.id);
      assert.equal(stored?.invitationSentOn, null);
      // On time: the latest day.
      const { check } = await inviteMeeting(ctx, clerk, m.id, { version: await version(m.id), date: '24.02.2027' });
      assert.equal(check.ok, true);
      assert.equal(check.countedDays, 7);
      assert.match(check.message, /^Die Ladungsfrist von 7 Kalendertagen ist eingehalten\./);
      const invited = await loadOfficeMeeting(database.db, m.id);
      assert.equal(invited?.invitationSentOn, '2027-02-24');
      assert.equal(invited?.status, 'invited');
      await refused(
        inviteMeeting(ctx, clerk, m.id, { version: await version(m.id), date: '2027-02-24' }),
        'meeting.already_invited',
      );

      // Late, confirmed with a reason: recorded with the check in the audit log.
      const m2 = await plan('2027-03-11');
      await add(m2.id, 'Eilsache');
      const { check: lateCheck } = await inviteMeeting(ctx, clerk, m2.id, {
        version: await version(m2.id),
        date: '2027-03-08',
        confirm: true,
        reason: 'Fristablauf der Förderung am 12.03.',
      });
      assert.equal(lateCheck.ok, false);
      const [entry] = await database.db
        .select()
        .from(auditLog)
        .where(
          and(eq(auditLog.entity, 'meeting'), eq(auditLog.entityId, String(m2.id)), eq(auditLog.action, 'invite')),
        );
      const afterEntry = entry?.after as { reason: string; confirmedLate: boolean; invitationSentOn: string };
      assert.equal(afterEntry.reason, 'Fristablauf der Förderung am 12.03.');
      assert.equal(afterEntry.confirmedLate, true);
      assert.equal(afterEntry.invitationSentOn, '2027-03-08');
      assert.ok(entry?.before);

      // The body's own deadline (working days) counts; urgent uses the shortened one and needs a reason.
      await database.db
        .update(bodies)
        .set({ settings: { invitationDeadline: { days: 10, unit: 'working', urgentDays: 2, urgentUnit: 'working' } } })
        .where(eq(bodies.id, bodyId));
      const m3 = await plan('2027-03-18');
      await add(m3.id, 'Punkt');
      const strict = await refused(
        inviteMeeting(ctx, clerk, m3.id, { version: await version(m3.id), date: '2027-03-08' }),
        'meeting.deadline_missed',
      );
      assert.match(strict.message, /Die Ladungsfrist von 10 Arbeitstagen ist nicht eingehalten/);
      await refused(
        inviteMeeting(ctx, clerk, m3.id, { version: await version(m3.id), date: '2027-03-15', urgent: true }),
        'validation.failed',
      );
      const urgent = await inviteMeeting(ctx, clerk, m3.id, {
        version: await version(m3.id),
        date: '2027-03-15',
        urgent: true,
        reason: 'Eilbedürftige Vergabe',
      });
      assert.equal(urgent.check.ok, true);
      assert.match(urgent.check.message, /verkürzte Ladungsfrist \(Dringlichkeit\) von 2 Arbeitstagen ist eingehalten/);
      await database.db.update(bodies).set({ settings: {} }).where(eq(bodies.id, bodyId));
    });

    test('supplement: items added after the invitation are marked; the Nachtrag records its day', async () => {
      const m = await plan('2027-09-16');
      await add(m.id, 'Formalien');
      await refused(
        issueSupplement(ctx, clerk, m.id, { version: await version(m.id), date: '2027-09-01' }),
        'meeting.not_invited',
      );
      await inviteMeeting(ctx, clerk, m.id, { version: await version(m.id), date: '2027-09-01' });
      await refused(
        issueSupplement(ctx, clerk, m.id, { version: await version(m.id), date: '2027-09-05' }),
        'meeting.no_supplement_items',
      );
      await add(m.id, 'Dringender Antrag');
      await add(m.id, 'Personalsache', false);
      assert.deepEqual(await agenda(m.id), ['1 Formalien', '2 Dringender Antrag [N]', '3 Personalsache (nö) [N]']);
      await refused(
        issueSupplement(ctx, clerk, m.id, { version: await version(m.id), date: '2027-08-30' }),
        'validation.failed',
      );
      const late = await refused(
        issueSupplement(ctx, clerk, m.id, { version: await version(m.id), date: '2027-09-17' }),
        'validation.failed',
      );
      assert.equal(
        (late.details.fields as Record<string, string> | undefined)?.date,
        'Der Nachtrag kann nicht nach dem Tag der Sitzung (16.09.2027) versandt werden.',
      );
      await issueSupplement(ctx, clerk, m.id, { version: await version(m.id), date: '2027-09-08' });
      const stored = await loadOfficeMeeting(database.db, m.id);
      assert.equal(stored?.supplementSentOn, '2027-09-08');
      assert.ok(stored?.events.some((e) => e.action === 'supplement'));
    });

    test('cancel with a reason, move (the invitation must be issued again); edits after that are refused', async () => {
      const m = await plan('2027-10-07');
      await add(m.id, 'Formalien');
      await inviteMeeting(ctx, clerk, m.id, { version: await version(m.id), date: '2027-09-20' });
      await add(m.id, 'Nachgereicht');
      // The date of an invited meeting does not change by editing.
      const edit = await refused(
        updateOfficeMeeting(ctx, clerk, m.id, {
          version: await version(m.id),
          organizationId: committee,
          date: '2027-10-14',
          startTime: '17:00',
        }),
        'validation.failed',
      );
      assert.match(String((edit.details.fields as Record<string, string>).date), /verlegen/);
      await moveMeeting(ctx, clerk, m.id, {
        version: await version(m.id),
        date: '2027-10-14',
        startTime: '18:00',
        reason: 'Raum belegt',
      });
      const moved = await loadOfficeMeeting(database.db, m.id);
      assert.equal(moved?.date, '2027-10-14');
      assert.equal(moved?.startTime, '18:00');
      assert.equal(moved?.invitationSentOn, null);
      assert.equal(moved?.status, 'planned');
      assert.deepEqual(await agenda(m.id), ['1 Formalien', '2 Nachgereicht']);
      const reinvite = await inviteMeeting(ctx, clerk, m.id, { version: await version(m.id), date: '2027-10-01' });
      assert.equal(reinvite.check.ok, true);
      await refused(
        cancelMeeting(ctx, clerk, m.id, { version: await version(m.id), reason: '  ' }),
        'validation.failed',
      );
      await cancelMeeting(ctx, clerk, m.id, { version: await version(m.id), reason: 'Keine Beratungsgegenstände' });
      const cancelled = await loadOfficeMeeting(database.db, m.id);
      assert.equal(cancelled?.status, 'cancelled');
      const event = cancelled?.events.find((e) => e.action === 'cancel');
      assert.equal(event?.after?.reason, 'Keine Beratungsgegenstände');
      await refused(add(m.id, 'Noch einer'), 'meeting.cancelled');
      // A held meeting keeps its agenda.
      const held = await plan('2027-01-14');
      const item = await add(held.id, 'Formalien');
      await database.db.update(meetings).set({ state: 'held' }).where(eq(meetings.id, held.id));
      await refused(
        removeOfficeAgendaItem(ctx, clerk, held.id, item.id, { version: await version(held.id) }),
        'meeting.held',
      );
    });

    test('list: filters by committee, dates and state; sort; pages', async () => {
      const all = await listOfficeMeetings(database.db, { bodyId, pageSize: 100 });
      assert.ok(all.total >= 8);
      const dates = all.rows.map((r) => r.startAt.getTime());
      assert.deepEqual(
        dates,
        [...dates].sort((a, b) => b - a),
        'newest first',
      );
      const march = await listOfficeMeetings(database.db, {
        bodyId,
        from: '2027-03-01',
        to: '2027-03-31',
        sort: 'date',
        direction: 'asc',
      });
      assert.ok(march.rows.length >= 3);
      assert.ok(
        march.rows.every(
          (r) =>
            r.startAt >= localToInstant('2027-03-01', '00:00') && r.startAt < localToInstant('2027-04-01', '00:00'),
        ),
      );
      const cancelled = await listOfficeMeetings(database.db, { bodyId, status: 'cancelled' });
      assert.ok(cancelled.rows.length >= 1 && cancelled.rows.every((r) => r.status === 'cancelled'));
      const invited = await listOfficeMeetings(database.db, { bodyId, status: 'invited' });
      assert.ok(invited.rows.every((r) => r.status === 'invited' && r.invitationSentOn));
      const byCouncil = await listOfficeMeetings(database.db, { bodyId, organizationId: await orgId(bodyId, 'Rat') });
      assert.equal(byCouncil.total, 0);
      const page2 = await listOfficeMeetings(database.db, { bodyId, pageSize: 3, page: 2 });
      assert.equal(page2.rows.length, 3);
      assert.deepEqual(
        page2.rows.map((r) => r.id),
        all.rows.slice(3, 6).map((r) => r.id),
      );
      const other = await listOfficeMeetings(database.db, { bodyId: otherBodyId });
      assert.ok(other.rows.every((r) => !all.rows.some((a) => a.id === r.id)));
    });
  });
}
