/**
 * Resolution tracking (Beschlusskontrolle, issue 6 part 7) on every storage backend: tracking from an
 * agenda item (its resolution text and publicity carried over), refused for a meeting not yet held and for
 * members (nothing written), editing and status changes with the Sachstand, optimistic locking
 * (`conflict.stale`), the audit log, and the overview's filters (open by default, office, committee, year,
 * overdue, umlaut-aware search), sort and pages.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, desc, eq } from 'drizzle-orm';
import type { Database } from '../../src/db/open.ts';
import { agendaItems, auditLog, meetings, organizations, trackedResolutions } from '../../src/db/schema.ts';
import { isDomainError } from '../../src/domain/errors.ts';
import type { Actor } from '../../src/domain/permissions.ts';
import type { ServiceContext } from '../../src/services/context.ts';
import { importDataset } from '../../src/services/dataset/import.ts';
import { addOfficeAgendaItem, createOfficeMeeting } from '../../src/services/meetings-office.ts';
import {
  changeResolutionStatus,
  createTrackedResolution,
  foldGerman,
  listTrackedResolutions,
  loadTrackedResolution,
  resolutionOptions,
  updateTrackedResolution,
} from '../../src/services/resolutions.ts';
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
  describe(`resolution tracking services (${backend.name})`, () => {
    let database: Database;
    let ctx: ServiceContext;
    let bodyId: number;
    let clerk: Actor;
    let member: Actor;
    let officeId: number;
    let committeeId: number;
    const item: Record<string, number> = {};

    before(async () => {
      database = await backend.open();
      ctx = { db: database.db, actor: 'user:1' };
      bodyId = (await importDataset({ db: database.db, actor: 'test' }, smallTown())).bodyId;
      clerk = { installationAdmin: false, roles: [{ bodyId, role: 'clerk' }] };
      member = { installationAdmin: false, roles: [{ bodyId, role: 'member' }] };
      const orgs = await database.db.select().from(organizations).where(eq(organizations.bodyId, bodyId));
      officeId = orgs.find((o) => o.kind === 'office')?.id ?? 0;
      committeeId = orgs.find((o) => o.kind === 'committee')?.id ?? 0;
      const [m] = await database.db.select().from(meetings).where(eq(meetings.bodyId, bodyId));
      assert.ok(m);
      for (const i of await database.db.select().from(agendaItems).where(eq(agendaItems.meetingId, m.id))) {
        item[i.number] = i.id;
      }
      await database.db
        .update(agendaItems)
        .set({
          resolutionKind: 'recommendation',
          resolutionText: 'Der Finanzausschuss empfiehlt dem Rat, die Haushaltssatzung 2025 zu beschließen.',
        })
        .where(eq(agendaItems.id, item['2'] ?? 0));
      await database.db
        .update(agendaItems)
        .set({ minutesText: 'Die Verwaltung prüft den Verkauf des Grundstücks an der Mühlenstraße.' })
        .where(eq(agendaItems.id, item['3'] ?? 0));
    });
    after(async () => {
      await database?.close();
    });

    test('a resolution from an item: its text, committee and publicity carried over; audit entry', async () => {
      const created = await createTrackedResolution(ctx, clerk, {
        agendaItemId: item['2'] ?? 0,
        officeId,
        dueDate: '15.03.2025',
      });
      assert.equal(created.kind, 'decision');
      assert.equal(created.title, 'Haushaltssatzung 2025');
      assert.match(created.text ?? '', /empfiehlt dem Rat/);
      assert.equal(created.organizationId, committeeId);
      assert.equal(created.dueDate, '2025-03-15');
      assert.equal(created.status, 'open');
      assert.equal(created.public, true);
      assert.equal(created.version, 1);
      const [entry] = await database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entity, 'resolution'), eq(auditLog.entityId, String(created.id))));
      assert.equal(entry?.action, 'create');
      assert.equal(entry?.actor, 'user:1');
      assert.equal((entry?.after as { title?: string } | undefined)?.title, 'Haushaltssatzung 2025');

      const task = await createTrackedResolution(ctx, clerk, {
        agendaItemId: item['3'] ?? 0,
        kind: 'review',
        title: 'Prüfauftrag Grundstück Mühlenstraße',
        text: 'Die Verwaltung prüft den Verkauf des Grundstücks an der Mühlenstraße.',
      });
      assert.equal(task.public, false, 'the non-public item makes the task non-public');
      const loaded = await loadTrackedResolution(database.db, task.id);
      assert.equal(loaded?.public, false);
      assert.equal(loaded?.item?.number, '3');
      assert.equal(loaded?.committee.name, 'Finanzausschuss');
    });

    test('refused: no text, a meeting not held, an office of another body, a member; nothing written', async () => {
      const before = await rowCounts(database.db);
      const noText = await refused(
        createTrackedResolution(ctx, clerk, { agendaItemId: item['1'] ?? 0 }),
        'validation.failed',
      );
      assert.match(noText.message, /keinen Beschlusstext/);
      await refused(
        createTrackedResolution(ctx, clerk, { agendaItemId: item['2'] ?? 0, dueDate: '31.02.2025' }),
        'validation.failed',
      );
      const both = await refused(
        createTrackedResolution(ctx, clerk, {
          agendaItemId: item['1'] ?? 0,
          officeId: committeeId,
          dueDate: '1.13.2025',
        }),
        'validation.failed',
      );
      assert.deepEqual(
        Object.keys(both.details.fields as object).sort(),
        ['dueDate', 'officeId', 'text'],
        'every wrong field at once',
      );
      const textAndOffice = await refused(
        createTrackedResolution(ctx, clerk, { agendaItemId: item['1'] ?? 0, officeId: committeeId }),
        'validation.failed',
      );
      assert.deepEqual(Object.keys(textAndOffice.details.fields as object).sort(), ['officeId', 'text']);
      const edit = await refused(
        updateTrackedResolution(ctx, clerk, 999_999, { version: 1, kind: 'task', title: '', officeId: committeeId }),
        'resolution.not_found',
      );
      assert.match(edit.message, /gibt es nicht/);
      const denied = await refused(
        createTrackedResolution(ctx, member, { agendaItemId: item['2'] ?? 0 }),
        'permission.denied',
      );
      assert.match(denied.message, /Beschlusskontrolle pflegen/);
      assert.deepEqual(await rowCounts(database.db), before);

      const planned = await createOfficeMeeting(ctx, clerk, {
        bodyId,
        organizationId: committeeId,
        date: '2030-05-06',
        startTime: '17:00',
      });
      const added = await addOfficeAgendaItem(ctx, clerk, planned.id, {
        version: planned.version,
        title: 'Radweg',
        public: true,
      });
      const counts = await rowCounts(database.db);
      const notHeld = await refused(
        createTrackedResolution(ctx, clerk, { agendaItemId: added.item.id, text: 'Radweg planen' }),
        'resolution.meeting_not_held',
      );
      assert.match(notHeld.message, /noch nicht stattgefunden/);
      assert.deepEqual(await rowCounts(database.db), counts);
    });

    test('edit and status with Sachstand; stale versions refused with 409 and nothing written', async () => {
      const created = await createTrackedResolution(ctx, clerk, {
        agendaItemId: item['2'] ?? 0,
        kind: 'task',
        title: 'Satzung ausfertigen',
        text: 'Die Verwaltung fertigt die Satzung aus.',
      });
      const edited = await updateTrackedResolution(ctx, clerk, created.id, {
        version: created.version,
        kind: 'task',
        title: 'Haushaltssatzung ausfertigen und bekannt machen',
        text: 'Die Verwaltung fertigt die Satzung aus und macht sie bekannt.',
        officeId,
        dueDate: '2025-01-31',
      });
      assert.equal(edited.version, created.version + 1);
      assert.equal(edited.dueDate, '2025-01-31');
      const stale = await refused(
        updateTrackedResolution(ctx, clerk, created.id, { version: created.version, kind: 'task', title: 'Alt' }),
        'conflict.stale',
      );
      assert.equal(stale.details.currentVersion, edited.version);
      assert.match(stale.message, /inzwischen .* geändert/);

      const inProgress = await changeResolutionStatus(ctx, clerk, created.id, {
        version: edited.version,
        status: 'in_progress',
        report: 'Der Entwurf liegt der Kämmerei vor.',
        reportDate: '2025-01-10',
      });
      assert.equal(inProgress.status, 'in_progress');
      assert.equal(inProgress.reportDate, '2025-01-10');
      assert.equal(inProgress.doneDate, null);
      const done = await changeResolutionStatus(ctx, clerk, created.id, {
        version: inProgress.version,
        status: 'done',
        report: 'Bekannt gemacht im Amtsblatt Nr. 3.',
        reportDate: '2025-01-28',
      });
      assert.equal(done.doneDate, '2025-01-28');
      const [entry] = await database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entity, 'resolution'), eq(auditLog.entityId, String(created.id))))
        .orderBy(desc(auditLog.id))
        .limit(1);
      assert.equal(entry?.action, 'status');
      assert.equal((entry?.before as { status?: string } | undefined)?.status, 'in_progress');
      assert.equal((entry?.after as { status?: string } | undefined)?.status, 'done');

      const before = await rowCounts(database.db);
      const missing = await refused(
        changeResolutionStatus(ctx, clerk, created.id, { version: done.version, status: 'open', report: '  ' }),
        'validation.failed',
      );
      assert.match(missing.message, /Sachstand/);
      await refused(
        changeResolutionStatus(ctx, clerk, created.id, { version: inProgress.version, status: 'open', report: 'x' }),
        'conflict.stale',
      );
      await refused(
        changeResolutionStatus(ctx, member, created.id, { version: done.version, status: 'open', report: 'x' }),
        'permission.denied',
      );
      await refused(
        changeResolutionStatus(ctx, clerk, 999_999, { version: 1, status: 'open', report: 'x' }),
        'resolution.not_found',
      );
      assert.deepEqual(await rowCounts(database.db), before);
      assert.equal((await loadTrackedResolution(database.db, created.id))?.version, done.version);
    });

    test('the overview: open by default, filters, overdue, umlaut-aware search, sort and pages', async () => {
      const other = smallTown();
      const otherBody = (await importDataset({ db: database.db, actor: 'test' }, other)).bodyId;
      const list = (q: Omit<Parameters<typeof listTrackedResolutions>[1], 'bodyId'>) =>
        listTrackedResolutions(database.db, { bodyId, today: '2025-02-01', ...q });
      const open = await list({});
      assert.ok(open.rows.every((r) => r.status === 'open' || r.status === 'in_progress'));
      assert.ok(
        !open.rows.some((r) => r.title === 'Haushaltssatzung ausfertigen und bekannt machen'),
        'done is not open',
      );
      const all = await list({ statuses: ['open', 'in_progress', 'done', 'dropped'] });
      assert.equal(all.total, open.total + 1);
      assert.equal((await listTrackedResolutions(database.db, { bodyId: otherBody })).total, 0, 'per body');

      const overdue = await list({ overdue: true });
      assert.deepEqual(
        overdue.rows.map((r) => r.title),
        [],
        'due 15.03.2025 is not overdue on 01.02.2025',
      );
      const later = await listTrackedResolutions(database.db, { bodyId, today: '2025-03-16', overdue: true });
      assert.deepEqual(
        later.rows.map((r) => [r.title, r.overdue]),
        [['Haushaltssatzung 2025', true]],
      );
      assert.equal((await list({ officeId })).total, 1);
      assert.equal((await list({ organizationId: committeeId })).total, open.total);
      assert.equal((await list({ year: 2024 })).total, open.total);
      assert.equal((await list({ year: 2023 })).total, 0);
      assert.equal((await list({ kind: 'review' })).total, 1);

      for (const q of ['Mühlenstraße', 'muhlenstrasse', 'MUEHLENSTRASSE', 'prüfauftrag grundstück', 'Pruefauftrag']) {
        const found = await list({ q });
        assert.deepEqual(
          found.rows.map((r) => r.title),
          ['Prüfauftrag Grundstück Mühlenstraße'],
          q,
        );
      }
      assert.equal((await list({ q: 'Haushalt Mühlenstraße' })).total, 0, 'every word must match');
      assert.equal((await list({ q: '100%_' })).total, 0, 'wildcards are literal');
      assert.equal(foldGerman('Äußerung Œuvre'), 'ausserung oeuvre');

      const byDue = await list({ sort: 'due' });
      assert.deepEqual(
        byDue.rows.map((r) => r.dueDate),
        [...byDue.rows.map((r) => r.dueDate)].sort((a, b) => (a ?? '9').localeCompare(b ?? '9')),
      );
      const desc2 = await list({ sort: 'due', direction: 'desc' });
      assert.equal(desc2.rows[0]?.dueDate, '2025-03-15');
      const page2 = await list({ pageSize: 1, page: 2, sort: 'meeting' });
      assert.equal(page2.rows.length, 1);
      assert.equal(page2.total, open.total);
      assert.equal((await list({ sort: 'office' })).rows[0]?.office?.id, officeId);
      assert.ok((await list({ sort: 'status' })).rows.length > 0);
    });

    test('an entry whose agenda item is gone (an import removed it) is filed under the year it was tracked', async () => {
      const all = { statuses: ['open', 'in_progress', 'done', 'dropped'] as const };
      const before = await listTrackedResolutions(database.db, { bodyId, ...all, statuses: [...all.statuses] });
      const entry = before.rows[0];
      assert.ok(entry);
      await database.db
        .update(trackedResolutions)
        .set({ agendaItemId: null, createdAt: new Date('2022-06-01T10:00:00Z') })
        .where(eq(trackedResolutions.id, entry.id));
      const in2022 = await listTrackedResolutions(database.db, { bodyId, statuses: [...all.statuses], year: 2022 });
      assert.deepEqual(
        in2022.rows.map((r) => r.id),
        [entry.id],
      );
      assert.ok((await resolutionOptions(database.db, bodyId)).years.includes(2022));
    });
  });
}
