/**
 * The back-office paper services on every storage backend: the next reference number of an office and
 * year (two concurrent creations never share one; a failed creation gives its number back), validation
 * with German messages per field, permissions, optimistic locking (a stale save is refused and changes
 * nothing), the consultation path (add, change, move, reorder, remove), files, the audit log with
 * before/after, the history, and the list's search, filters, sort and pages.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../src/db/open.ts';
import { auditLog, consultations, files, organizations, papers } from '../../src/db/schema.ts';
import { isDomainError } from '../../src/domain/errors.ts';
import type { Actor } from '../../src/domain/permissions.ts';
import type { ServiceContext } from '../../src/services/context.ts';
import { importDataset } from '../../src/services/dataset/import.ts';
import {
  addPaperConsultation,
  addPaperFiles,
  createOfficePaper,
  MAX_FILE_BYTES,
  movePaperConsultation,
  removePaperConsultation,
  reorderPaperConsultations,
  updateOfficePaper,
  updatePaperConsultation,
} from '../../src/services/papers-office.ts';
import { listOfficePapers, loadOfficePaper, paperHistory } from '../../src/services/papers-read.ts';
import { backends } from '../helpers/db.ts';
import { rowCounts, smallTown } from '../helpers/fixtures.ts';

/** Asserts that `promise` fails with the DomainError `id` and returns it. */
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
  describe(`back-office paper services (${backend.name})`, () => {
    let database: Database;
    let ctx: ServiceContext;
    let bodyId: number;
    let otherBodyId: number;
    let office: number;
    let committee: number;
    let council: number;
    let faction: number;
    let foreignOffice: number;
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

    const base = () => ({
      bodyId,
      officeId: office,
      year: 2026,
      paperType: 'Beschlussvorlage',
      title: 'Radweg an der Hauptstraße',
      public: true,
    });

    before(async () => {
      database = await backend.open();
      ctx = { db: database.db, actor: 'user:1' };
      bodyId = (await importDataset(ctx, smallTown())).bodyId;
      otherBodyId = (await importDataset(ctx, smallTown())).bodyId;
      office = await orgId(bodyId, 'Kämmerei');
      committee = await orgId(bodyId, 'Finanzausschuss');
      council = await orgId(bodyId, 'Rat');
      faction = await orgId(bodyId, 'SPD-Fraktion');
      foreignOffice = await orgId(otherBodyId, 'Kämmerei');
      clerk = { installationAdmin: false, roles: [{ bodyId, role: 'clerk' }] };
      member = { installationAdmin: false, roles: [{ bodyId, role: 'member' }] };
    });
    after(async () => {
      await database?.close();
    });

    test('numbers: the next of the office and year; two concurrent creations get different ones', async () => {
      const first = await createOfficePaper(ctx, clerk, base());
      const second = await createOfficePaper(ctx, clerk, { ...base(), title: 'Zweite' });
      assert.equal(first.reference, '20/001/2026');
      assert.equal(second.reference, '20/002/2026');
      const both = await Promise.all([
        createOfficePaper(ctx, clerk, { ...base(), title: 'Gleichzeitig A' }),
        createOfficePaper(ctx, clerk, { ...base(), title: 'Gleichzeitig B' }),
      ]);
      assert.deepEqual(both.map((p) => p.reference).sort(), ['20/003/2026', '20/004/2026']);
      // Another year starts at 1; the 2024 paper of the fixture keeps its number.
      assert.equal((await createOfficePaper(ctx, clerk, { ...base(), year: 2025 })).reference, '20/001/2025');
    });

    test('a failed creation (a file too large) writes nothing and gives its number back', async () => {
      const before = await rowCounts(database.db);
      const error = await refused(
        createOfficePaper(ctx, clerk, {
          ...base(),
          year: 2030,
          files: [{ fileName: 'gross.pdf', mimeType: 'application/pdf', content: new Uint8Array(MAX_FILE_BYTES + 1) }],
        }),
        'validation.failed',
      );
      assert.match(String((error.details.fields as Record<string, string>).files), /zu groß/);
      assert.deepEqual(await rowCounts(database.db), before);
      assert.equal((await createOfficePaper(ctx, clerk, { ...base(), year: 2030 })).reference, '20/001/2030');
    });

    test('validation: German messages per field, nothing written', async () => {
      const before = await rowCounts(database.db);
      const cases: Array<[Record<string, unknown>, string, RegExp]> = [
        [{ title: '   ' }, 'title', /Titel/],
        [{ paperType: '' }, 'paperType', /Art/],
        [{ year: 99 }, 'year', /Jahr/],
        [{ date: '2026-02-30' }, 'date', /Datum/],
        [{ officeId: faction }, 'officeId', /keine Amtsnummer/],
        [{ officeId: foreignOffice }, 'officeId', /gibt es in der Körperschaft nicht/],
      ];
      for (const [change, fieldName, message] of cases) {
        const error = await refused(
          createOfficePaper(ctx, clerk, { ...base(), ...change } as never),
          'validation.failed',
        );
        const fields = error.details.fields as Record<string, string>;
        assert.match(fields[fieldName] ?? '', message, JSON.stringify(change));
      }
      assert.deepEqual(await rowCounts(database.db), before);
    });

    test('permissions: only a clerk of the body creates and edits', async () => {
      const paper = await createOfficePaper(ctx, clerk, base());
      const before = await rowCounts(database.db);
      await refused(createOfficePaper(ctx, member, base()), 'permission.denied');
      const foreignClerk: Actor = { installationAdmin: false, roles: [{ bodyId: otherBodyId, role: 'clerk' }] };
      await refused(createOfficePaper(ctx, foreignClerk, base()), 'permission.denied');
      await refused(
        updateOfficePaper(ctx, member, paper.id, { ...base(), version: paper.version }),
        'permission.denied',
      );
      await refused(
        addPaperConsultation(ctx, foreignClerk, paper.id, { organizationId: committee, role: 'decision' }),
        'permission.denied',
      );
      const root: Actor = { installationAdmin: true, roles: [] };
      await refused(createOfficePaper(ctx, root, base()), 'permission.denied');
      assert.deepEqual(await rowCounts(database.db), before);
    });

    test('optimistic locking: a save against a changed paper is refused, nothing changed; audit before/after', async () => {
      const paper = await createOfficePaper(ctx, clerk, { ...base(), text: 'Erster Absatz.' });
      assert.equal(paper.version, 1);
      const loaded = paper.version;
      const saved = await updateOfficePaper(ctx, clerk, paper.id, {
        version: loaded,
        paperType: 'Mitteilungsvorlage',
        title: 'Radweg Süd',
        text: 'Neuer Text.',
        date: '2026-03-01',
        public: false,
      });
      assert.equal(saved.version, 2);
      assert.equal(saved.title, 'Radweg Süd');
      assert.equal(saved.public, false);
      const [entry] = await database.db
        .select()
        .from(auditLog)
        .where(
          and(eq(auditLog.entity, 'paper'), eq(auditLog.entityId, String(paper.id)), eq(auditLog.action, 'update')),
        );
      assert.ok(entry);
      assert.equal(entry.actor, 'user:1');
      assert.equal((entry.before as { title: string }).title, 'Radweg an der Hauptstraße');
      assert.equal((entry.after as { title: string }).title, 'Radweg Süd');
      assert.equal((entry.after as { public: boolean }).public, false);

      // The second clerk's form was loaded from version 1, too.
      const before = await rowCounts(database.db);
      const error = await refused(
        updateOfficePaper(ctx, clerk, paper.id, { ...base(), version: loaded, title: 'Radweg Nord' }),
        'conflict.stale',
      );
      assert.match(error.message, /inzwischen von einem anderen Konto am \d\d\.\d\d\.\d{4} um \d\d:\d\d Uhr geändert/);
      assert.equal(error.details.currentVersion, 2);
      assert.deepEqual(await rowCounts(database.db), before);
      const [stored] = await database.db.select().from(papers).where(eq(papers.id, paper.id));
      assert.equal(stored?.title, 'Radweg Süd');
      assert.equal(stored?.version, 2);
      // A consultation change with the old version is refused too; with the current one it passes.
      await refused(
        addPaperConsultation(ctx, clerk, paper.id, { organizationId: committee, role: 'decision' }, loaded),
        'conflict.stale',
      );
      await addPaperConsultation(ctx, clerk, paper.id, { organizationId: committee, role: 'decision' }, 2);
      assert.equal((await loadOfficePaper(database.db, paper.id))?.version, 3);
    });

    test('two saves of the same version at once: exactly one wins', async () => {
      const paper = await createOfficePaper(ctx, clerk, base());
      const results = await Promise.allSettled(
        ['A', 'B'].map((title) => updateOfficePaper(ctx, clerk, paper.id, { ...base(), version: 1, title })),
      );
      assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
      const rejected = results.find((r) => r.status === 'rejected');
      assert.equal((rejected as PromiseRejectedResult).reason.id, 'conflict.stale');
    });

    test('consultation path: add, change, move, reorder, remove; positions stay 1…n; history', async () => {
      const paper = await createOfficePaper(ctx, clerk, base());
      const a = await addPaperConsultation(ctx, clerk, paper.id, { organizationId: committee, role: 'preliminary' });
      const b = await addPaperConsultation(ctx, clerk, paper.id, { organizationId: council, role: 'decision' });
      const c = await addPaperConsultation(ctx, clerk, paper.id, { organizationId: committee, role: 'notice' });
      const path = async () =>
        (await loadOfficePaper(database.db, paper.id))?.consultations.map((k) => [k.id, k.position]) ?? [];
      assert.deepEqual(await path(), [
        [a.id, 1],
        [b.id, 2],
        [c.id, 3],
      ]);
      await movePaperConsultation(ctx, clerk, paper.id, c.id, 'up');
      assert.deepEqual(await path(), [
        [a.id, 1],
        [c.id, 2],
        [b.id, 3],
      ]);
      await movePaperConsultation(ctx, clerk, paper.id, a.id, 'up'); // at the top: stays
      await reorderPaperConsultations(ctx, clerk, paper.id, [b.id, a.id, c.id]);
      assert.deepEqual(await path(), [
        [b.id, 1],
        [a.id, 2],
        [c.id, 3],
      ]);
      const before = await rowCounts(database.db);
      await refused(reorderPaperConsultations(ctx, clerk, paper.id, [b.id, a.id]), 'validation.failed');
      await refused(reorderPaperConsultations(ctx, clerk, paper.id, [b.id, a.id, a.id]), 'validation.failed');
      await refused(
        addPaperConsultation(ctx, clerk, paper.id, { organizationId: faction, role: 'decision' }),
        'validation.failed',
      );
      await refused(
        addPaperConsultation(ctx, clerk, paper.id, { organizationId: committee, role: 'approval' }),
        'validation.failed',
      );
      await refused(updatePaperConsultation(ctx, clerk, paper.id, a.id, { status: 'vielleicht' }), 'validation.failed');
      await refused(removePaperConsultation(ctx, clerk, paper.id, 999_999), 'consultation.not_found');
      assert.deepEqual(await rowCounts(database.db), before);

      await updatePaperConsultation(ctx, clerk, paper.id, a.id, { status: 'recommended' });
      await removePaperConsultation(ctx, clerk, paper.id, b.id);
      const loaded = await loadOfficePaper(database.db, paper.id);
      assert.deepEqual(
        loaded?.consultations.map((k) => [k.organization.name, k.position, k.role, k.status]),
        [
          ['Finanzausschuss', 1, 'preliminary', 'recommended'],
          ['Finanzausschuss', 2, 'notice', 'open'],
        ],
      );
      const history = await paperHistory(database.db, paper.id);
      assert.deepEqual(
        history.map((h) => `${h.entity}:${h.action}`),
        [
          'paper:create',
          'consultation:create',
          'consultation:create',
          'consultation:create',
          'paper:reorder_consultations',
          'paper:reorder_consultations',
          'paper:reorder_consultations',
          'consultation:update',
          'consultation:delete',
        ],
      );
      const update = history.find((h) => h.action === 'update');
      assert.equal(update?.before?.status, 'open');
      assert.equal(update?.after?.status, 'recommended');
      assert.equal(history.find((h) => h.action === 'delete')?.before?.organizationId, council);
      assert.ok(history.every((h) => h.actor === 'user:1'));
    });

    test('a consultation already on an agenda is not removed', async () => {
      const [linked] = await database.db
        .select()
        .from(consultations)
        .innerJoin(papers, eq(papers.id, consultations.paperId))
        .where(and(eq(papers.bodyId, bodyId), eq(papers.title, 'Haushaltssatzung 2025')));
      assert.ok(linked?.consultations.agendaItemId);
      const before = await rowCounts(database.db);
      await refused(
        removePaperConsultation(ctx, clerk, linked.papers.id, linked.consultations.id),
        'consultation.on_agenda',
      );
      assert.deepEqual(await rowCounts(database.db), before);
    });

    test('files: stored like the files table does (size, SHA-256), attached in order; limits', async () => {
      const paper = await createOfficePaper(ctx, clerk, {
        ...base(),
        files: [{ fileName: 'C:\\Daten\\Plan.txt', mimeType: 'text/plain', content: new TextEncoder().encode('Plan') }],
      });
      await addPaperFiles(ctx, clerk, paper.id, [
        { fileName: 'Karte.pdf', mimeType: 'application/pdf', content: new Uint8Array([37, 80, 68, 70]) },
      ]);
      const loaded = await loadOfficePaper(database.db, paper.id);
      assert.deepEqual(
        loaded?.files.map((f) => [f.fileName, f.mimeType, f.size]),
        [
          ['Plan.txt', 'text/plain', 4],
          ['Karte.pdf', 'application/pdf', 4],
        ],
      );
      const [stored] = await database.db
        .select()
        .from(files)
        .where(eq(files.id, loaded?.files[0]?.id ?? 0));
      assert.equal(stored?.sha256, createHash('sha256').update('Plan').digest('hex'));
      assert.equal(stored?.text, 'Plan');
      assert.equal(stored?.bodyId, bodyId);
      const before = await rowCounts(database.db);
      await refused(addPaperFiles(ctx, clerk, paper.id, []), 'validation.failed');
      await refused(
        addPaperFiles(ctx, clerk, paper.id, [
          { fileName: 'leer.txt', mimeType: 'text/plain', content: new Uint8Array() },
        ]),
        'validation.failed',
      );
      assert.deepEqual(await rowCounts(database.db), before);
    });

    test('the list: search, filters, derived status, sort and pages, non-public papers included', async () => {
      const fresh = (await importDataset(ctx, smallTown())).bodyId;
      const amt = await orgId(fresh, 'Kämmerei');
      const fa = await orgId(fresh, 'Finanzausschuss');
      const who: Actor = { installationAdmin: false, roles: [{ bodyId: fresh, role: 'clerk' }] };
      const make = (title: string, extra: Record<string, unknown> = {}) =>
        createOfficePaper(ctx, who, { ...base(), bodyId: fresh, officeId: amt, title, ...extra } as never);
      await make('Schulhof Nord', { paperType: 'Antrag', public: false, text: 'Spielgeräte für den Schulhof' });
      const b = await make('Radweg West', { year: 2025 });
      await make('Haushalt 100% sicher');
      await make('Gebühren der Straßenreinigung', { paperType: 'Mitteilungsvorlage', year: 2023 });
      await addPaperConsultation(ctx, who, b.id, { organizationId: fa, role: 'decision', status: 'decided' });
      const list = (query: Record<string, unknown>) => listOfficePapers(database.db, { bodyId: fresh, ...query });
      const titles = async (query: Record<string, unknown>) => (await list(query)).rows.map((r) => r.title);

      assert.equal((await list({})).total, 5, 'the fixture paper and four new ones');
      // Reference, type and title with umlauts in any spelling, as the master data lists.
      for (const q of ['Gebühren', 'gebuehren', 'GEBUHREN', 'strassenreinigung', 'Straßenreinigung', 'mitteilung']) {
        assert.deepEqual(await titles({ q }), ['Gebühren der Straßenreinigung'], q);
      }
      assert.deepEqual(await titles({ q: 'gebuehren 2023' }), ['Gebühren der Straßenreinigung'], 'every word');
      assert.deepEqual(await titles({ q: 'spielgeräte' }), ['Schulhof Nord'], 'text, case-insensitive');
      assert.deepEqual(await titles({ q: '100%' }), ['Haushalt 100% sicher'], '% is a character, not a wildcard');
      assert.deepEqual(await titles({ q: '20/001/2025' }), ['Radweg West'], 'by reference');
      assert.deepEqual(await titles({ type: 'Antrag' }), ['Schulhof Nord']);
      assert.deepEqual(await titles({ year: 2025 }), ['Radweg West']);
      assert.deepEqual(await titles({ status: 'done' }), ['Radweg West']);
      assert.deepEqual(await titles({ status: 'in_consultation' }), ['Haushaltssatzung 2025']);
      assert.deepEqual((await titles({ status: 'new' })).sort(), [
        'Gebühren der Straßenreinigung',
        'Haushalt 100% sicher',
        'Schulhof Nord',
      ]);
      assert.deepEqual(await titles({ officeId: amt, q: 'nichts-passt' }), []);
      assert.deepEqual(await titles({ sort: 'title', direction: 'asc' }), [
        'Gebühren der Straßenreinigung',
        'Haushalt 100% sicher',
        'Haushaltssatzung 2025',
        'Radweg West',
        'Schulhof Nord',
      ]);
      assert.deepEqual(
        (await list({ sort: 'reference', direction: 'desc' })).rows.map((r) => r.reference),
        ['20/002/2026', '20/001/2026', '20/001/2025', '20/001/2024', '20/001/2023'],
      );
      const page2 = await list({ sort: 'title', direction: 'asc', page: 2, pageSize: 3 });
      assert.equal(page2.total, 5);
      assert.deepEqual(
        page2.rows.map((r) => r.title),
        ['Radweg West', 'Schulhof Nord'],
      );
      assert.equal((await list({ type: 'Antrag' })).rows[0]?.public, false, 'non-public papers are listed');
    });
  });
}
