/**
 * The master data use cases of the back office on every storage backend: field-by-field validation in
 * German (nothing written), optimistic locking (a save against a changed row is refused with
 * `conflict.stale`, naming who changed it, and writes nothing), the audit log with before and after,
 * the tenant boundary, and search, German sort order and pages of the lists.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../src/db/open.ts';
import { germanSortKey } from '../../src/db/repositories/persons.ts';
import { auditLog, organizations, persons } from '../../src/db/schema.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { importDataset } from '../../src/services/dataset/import.ts';
import {
  createLocationIn,
  createMembershipIn,
  createOrganizationIn,
  createPersonIn,
  createRoomIn,
  createTermIn,
  getOrganizationOf,
  getPersonOf,
  listLocations,
  listMemberships,
  listOrganizations,
  listPersons,
  listTerms,
  updateLocationIn,
  updateMembershipIn,
  updateOrganizationIn,
  updatePersonIn,
  updateRoomIn,
  updateTermIn,
} from '../../src/services/masterdata-edit.ts';
import { backends } from '../helpers/db.ts';
import { rowCounts, smallTown } from '../helpers/fixtures.ts';
import { makeAccount } from './helpers.ts';

async function refused(
  db: Database['db'],
  id: string,
  run: () => Promise<unknown>,
): Promise<DomainError & { details: { fields?: Record<string, string> } }> {
  const before = await rowCounts(db);
  let caught: unknown;
  try {
    await run();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof DomainError, `expected ${id}, got ${String(caught)}`);
  assert.equal(caught.id, id, caught.message);
  assert.deepEqual(await rowCounts(db), before, 'nothing written');
  return caught as DomainError & { details: { fields?: Record<string, string> } };
}

for (const backend of backends()) {
  describe(`master data use cases (${backend.name})`, () => {
    let database: Database;
    let bodyId: number;
    let otherBodyId: number;
    let ctx: { db: Database['db']; actor: string };
    let other: { db: Database['db']; actor: string };
    const id = async (table: typeof organizations | typeof persons, column: 'name' | 'familyName', value: string) => {
      const rows =
        table === organizations
          ? await database.db
              .select({ id: organizations.id })
              .from(organizations)
              .where(and(eq(organizations.bodyId, bodyId), eq(organizations.name, value)))
          : await database.db
              .select({ id: persons.id })
              .from(persons)
              .where(and(eq(persons.bodyId, bodyId), eq(persons.familyName, value)));
      assert.ok(rows[0], `${column} ${value}`);
      return rows[0].id;
    };

    before(async () => {
      database = await backend.open();
      bodyId = (await importDataset({ db: database.db, actor: 'test' }, smallTown())).bodyId;
      otherBodyId = (await importDataset({ db: database.db, actor: 'test' }, smallTown())).bodyId;
      const clerk = await makeAccount(database.db, 'sd-gramenz', [{ bodyId, role: 'clerk' }]);
      const second = await makeAccount(database.db, 'sd-zweite', [{ bodyId, role: 'clerk' }]);
      ctx = { db: database.db, actor: `user:${clerk.id}` };
      other = { db: database.db, actor: `user:${second.id}` };
    });
    after(async () => {
      await database?.close();
    });

    test('create an organisation: every field problem at once, in German, nothing written', async () => {
      const error = await refused(database.db, 'validation.failed', () =>
        createOrganizationIn(ctx, bodyId, {
          kind: 'kaiserreich',
          name: '  ',
          officeNumber: '20',
          statutoryMembers: 'elf',
          startDate: '31.02.2026',
          website: 'beispiel',
        }),
      );
      assert.deepEqual(error.details.fields, {
        kind: 'Bitte wählen Sie die Art.',
        name: 'Bitte geben Sie den Namen an.',
        officeNumber: 'Die Amtsnummer „20“ ist bereits an „Kämmerei“ vergeben.',
        statutoryMembers: 'Die Sollstärke ist eine ganze Zahl von 1 bis 999.',
        startDate: '„31.02.2026“ ist kein gültiges Datum; bitte im Format TT.MM.JJJJ angeben.',
        website: 'Bitte eine vollständige Adresse angeben, die mit https:// oder http:// beginnt.',
      });
      await refused(database.db, 'validation.failed', () =>
        createOrganizationIn(ctx, bodyId, {
          kind: 'committee',
          name: 'X',
          startDate: '2026-02-01',
          endDate: '01.01.2026',
        }),
      );
      // A parent of another body is not offered and not accepted.
      const foreign = (await listOrganizations(database.db, otherBodyId, {})).rows[0]?.id;
      const e = await refused(database.db, 'validation.failed', () =>
        createOrganizationIn(ctx, bodyId, { kind: 'committee', name: 'X', parentId: String(foreign) }),
      );
      assert.match(e.details.fields?.parentId ?? '', /gibt es in dieser Körperschaft nicht/);
    });

    test('create an organisation: German dates accepted, audit log entry with the row', async () => {
      const rat = await id(organizations, 'name', 'Rat');
      const created = await createOrganizationIn(ctx, bodyId, {
        kind: 'committee',
        name: '  Ausschuss für Umwelt und Klimaschutz ',
        shortName: 'UKA',
        parentId: String(rat),
        statutoryMembers: '15',
        startDate: '01.11.2020',
      });
      assert.equal(created.name, 'Ausschuss für Umwelt und Klimaschutz');
      assert.equal(created.startDate, '2020-11-01');
      assert.equal(created.statutoryMembers, 15);
      assert.match(created.version, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
      const [entry] = await database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entity, 'organization'), eq(auditLog.entityId, String(created.id))));
      assert.equal(entry?.action, 'create');
      assert.equal(entry?.actor, ctx.actor);
      assert.equal(entry?.bodyId, bodyId);
      assert.equal((entry?.after as { name?: string } | undefined)?.name, 'Ausschuss für Umwelt und Klimaschutz');
    });

    test('update with optimistic locking: the second save from the same version is refused, nothing lost', async () => {
      const created = await createOrganizationIn(ctx, bodyId, { kind: 'committee', name: 'Sozialausschuss' });
      const loaded = await getOrganizationOf(database.db, bodyId, created.id);
      // Two clerks opened the form at the same version; the first saves.
      const first = await updateOrganizationIn(other, bodyId, created.id, loaded.version, {
        kind: 'committee',
        name: 'Ausschuss für Soziales',
      });
      assert.notEqual(first.version, loaded.version);
      const error = await refused(database.db, 'conflict.stale', () =>
        updateOrganizationIn(ctx, bodyId, created.id, loaded.version, {
          kind: 'committee',
          name: 'Sozialausschuss (neu)',
        }),
      );
      assert.match(
        error.message,
        /^Die Organisation „Ausschuss für Soziales“ wurde inzwischen von Konto sd-zweite am \d\d\.\d\d\.\d{4} um \d\d:\d\d Uhr geändert/,
      );
      assert.match(error.message, /Ihre Änderungen wurden nicht gespeichert/);
      assert.equal((error.details as { current: string }).current, first.version);
      assert.equal((await getOrganizationOf(database.db, bodyId, created.id)).name, 'Ausschuss für Soziales');
      // With the version of now, the save goes through; the audit log holds before and after.
      const second = await updateOrganizationIn(ctx, bodyId, created.id, first.version, {
        kind: 'committee',
        name: 'Sozialausschuss (neu)',
      });
      assert.equal(second.name, 'Sozialausschuss (neu)');
      const [entry] = await database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entity, 'organization'), eq(auditLog.entityId, String(created.id))))
        .orderBy(desc(auditLog.id))
        .limit(1);
      assert.equal(entry?.action, 'update');
      assert.equal((entry?.before as { name?: string } | undefined)?.name, 'Ausschuss für Soziales');
      assert.equal((entry?.after as { name?: string } | undefined)?.name, 'Sozialausschuss (neu)');
      // A validation error on update writes nothing either, and a version from nowhere is stale.
      await refused(database.db, 'validation.failed', () =>
        updateOrganizationIn(ctx, bodyId, created.id, second.version, { kind: 'committee', name: '' }),
      );
      await refused(database.db, 'conflict.stale', () =>
        updateOrganizationIn(ctx, bodyId, created.id, '2020-01-01T00:00:00.000000Z', { kind: 'committee', name: 'Y' }),
      );
    });

    test('two saves at once from the same version: exactly one wins', async () => {
      const person = await createPersonIn(ctx, bodyId, { familyName: 'Zweifach' });
      const results = await Promise.allSettled([
        updatePersonIn(ctx, bodyId, person.id, person.version, { familyName: 'Erster' }),
        updatePersonIn(other, bodyId, person.id, person.version, { familyName: 'Zweiter' }),
      ]);
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      const rejected = results.find((r) => r.status === 'rejected');
      assert.equal((rejected as PromiseRejectedResult).reason.id, 'conflict.stale');
    });

    test('a row of another body is missing, for reading and writing', async () => {
      const foreign = (await listPersons(database.db, otherBodyId, {})).rows[0];
      assert.ok(foreign);
      await refused(database.db, 'person.not_found', () => getPersonOf(database.db, bodyId, foreign.id));
      const row = await getPersonOf(database.db, otherBodyId, foreign.id);
      await refused(database.db, 'person.not_found', () =>
        updatePersonIn(ctx, bodyId, foreign.id, row.version, { familyName: 'Übernommen' }),
      );
    });

    test('persons: validation, partial update keeps the rest', async () => {
      const error = await refused(database.db, 'validation.failed', () =>
        createPersonIn(ctx, bodyId, { formOfAddress: 'Exzellenz', familyName: '', email: 'kein-at', phone: 'abc' }),
      );
      assert.deepEqual(Object.keys(error.details.fields ?? {}).sort(), [
        'email',
        'familyName',
        'formOfAddress',
        'phone',
      ]);
      const p = await createPersonIn(ctx, bodyId, {
        formOfAddress: 'Frau',
        givenName: 'Jördis',
        familyName: 'Ölschläger',
        email: 'j.oelschlaeger@example.org',
      });
      const updated = await updatePersonIn(ctx, bodyId, p.id, p.version, { title: 'Dr.' }, { partial: true });
      assert.equal(updated.familyName, 'Ölschläger');
      assert.equal(updated.email, 'j.oelschlaeger@example.org');
      assert.equal(updated.title, 'Dr.');
    });

    test('memberships: roles, deputies (who for whom), on behalf of a faction, within the term', async () => {
      const fa = await id(organizations, 'name', 'Finanzausschuss');
      const spd = await id(organizations, 'name', 'SPD-Fraktion');
      const amt = await id(organizations, 'name', 'Kämmerei');
      const acker = await id(persons, 'familyName', 'Acker');
      const gast = await id(persons, 'familyName', 'Gast');
      const terms = await listTerms(database.db, bodyId, {});
      const term = terms.rows[0];
      assert.ok(term);
      const error = await refused(database.db, 'validation.failed', () =>
        createMembershipIn(ctx, bodyId, {
          personId: String(gast),
          organizationId: String(fa),
          role: 'member',
          onBehalfOfId: String(amt),
          deputyOfPersonId: String(acker),
          termId: String(term.id),
          startDate: '2019-01-01',
        }),
      );
      assert.deepEqual(error.details.fields, {
        onBehalfOfId: '„Kämmerei“ ist keine Fraktion.',
        deputyOfPersonId:
          'Wen jemand vertritt, gibt es nur bei den Rollen „stellv. Mitglied“ und „stellv. Schriftführung“.',
        startDate: 'Der Beginn liegt vor dem Beginn der Wahlperiode 2020–2025 (01.11.2020).',
      });
      const selfError = await refused(database.db, 'validation.failed', () =>
        createMembershipIn(ctx, bodyId, {
          personId: String(gast),
          organizationId: String(fa),
          role: 'deputy_member',
          deputyOfPersonId: String(gast),
        }),
      );
      assert.equal(
        selfError.details.fields?.deputyOfPersonId,
        'Eine Person kann nicht ihre eigene Stellvertretung sein.',
      );
      const deputy = await createMembershipIn(ctx, bodyId, {
        personId: String(gast),
        organizationId: String(fa),
        role: 'deputy_member',
        votingRight: 'on',
        onBehalfOfId: String(spd),
        deputyOfPersonId: String(acker),
        termId: String(term.id),
      });
      assert.equal(deputy.deputyOfPersonId, acker);
      assert.equal(deputy.votingRight, true);
      const list = await listMemberships(database.db, bodyId, { organizationId: fa, q: 'gast' });
      assert.equal(list.total, 1);
      assert.equal(list.rows[0]?.deputyOfName, 'Anna Acker');
      assert.equal(list.rows[0]?.onBehalfOfName, 'SPD');
      const moved = await updateMembershipIn(
        ctx,
        bodyId,
        deputy.id,
        deputy.version,
        { endDate: '2024-12-31' },
        { partial: true },
      );
      assert.equal(moved.endDate, '2024-12-31');
      assert.equal(moved.deputyOfPersonId, acker);
      await refused(database.db, 'conflict.stale', () =>
        updateMembershipIn(ctx, bodyId, deputy.id, deputy.version, { endDate: '2025-01-31' }, { partial: true }),
      );
    });

    test('memberships: the same role twice in an overlapping period is refused; one after the other is fine', async () => {
      const fa = await id(organizations, 'name', 'Finanzausschuss');
      const acker = await id(persons, 'familyName', 'Acker');
      const gast = await id(persons, 'familyName', 'Gast');
      const first = await createMembershipIn(ctx, bodyId, {
        personId: String(gast),
        organizationId: String(fa),
        role: 'advisory_member',
        startDate: '2021-01-01',
        endDate: '2021-12-31',
      });
      for (const period of [
        { startDate: '2021-06-01', endDate: '2022-06-30' },
        { startDate: '2020-01-01' },
        { endDate: '2021-01-01' },
        {},
      ]) {
        const error = await refused(database.db, 'validation.failed', () =>
          createMembershipIn(ctx, bodyId, {
            personId: String(gast),
            organizationId: String(fa),
            role: 'advisory_member',
            ...period,
          }),
        );
        assert.equal(
          error.details.fields?.personId,
          'Diese Person hat in diesem Zeitraum schon die Rolle „beratendes Mitglied“ in diesem Gremium (Mitgliedschaft seit 01.01.2021 bis 31.12.2021). Ändern Sie diese Mitgliedschaft oder wählen Sie einen Zeitraum, der sich nicht überschneidet.',
          JSON.stringify(period),
        );
      }
      // After it, another role, or a deputy for another member: fine.
      const next = await createMembershipIn(ctx, bodyId, {
        personId: String(gast),
        organizationId: String(fa),
        role: 'advisory_member',
        startDate: '2022-01-01',
        endDate: '2022-12-31',
      });
      // Moving the later one into the first one's period is refused too; saving a membership unchanged is not.
      await refused(database.db, 'validation.failed', () =>
        updateMembershipIn(ctx, bodyId, next.id, next.version, { startDate: '2021-12-01' }, { partial: true }),
      );
      await updateMembershipIn(ctx, bodyId, first.id, first.version, { roleLabel: 'Sachverstand' }, { partial: true });
      const asDeputy = await createMembershipIn(ctx, bodyId, {
        personId: String(acker),
        organizationId: String(fa),
        role: 'deputy_member',
        deputyOfPersonId: String(gast),
        startDate: '2021-01-01',
        endDate: '2021-12-31',
      });
      assert.ok(asDeputy.id);
    });

    test('terms, locations and rooms: create, duplicates refused, update', async () => {
      await refused(database.db, 'validation.failed', () =>
        createTermIn(ctx, bodyId, { name: 'Wahlperiode 2020–2025', startDate: '2020-11-01' }),
      );
      const term = await createTermIn(ctx, bodyId, { name: 'Wahlperiode 2025–2030', startDate: '01.11.2025' });
      const renamed = await updateTermIn(ctx, bodyId, term.id, term.version, {
        name: 'Wahlperiode 2025–2031',
        startDate: '2025-11-01',
        endDate: '2031-10-31',
      });
      assert.equal(renamed.endDate, '2031-10-31');
      // The term of the fixture: its memberships follow it (no dates of their own), so it can shrink;
      // a membership with its own start date keeps the term from starting after it.
      const fixture = (await listTerms(database.db, bodyId, { q: '2020' })).rows[0];
      assert.ok(fixture);
      const shrunk = await updateTermIn(
        ctx,
        bodyId,
        fixture.id,
        fixture.version,
        { endDate: '2025-10-30' },
        { partial: true },
      );
      assert.equal(shrunk.endDate, '2025-10-30');
      const fa = await id(organizations, 'name', 'Finanzausschuss');
      const boehm = await id(persons, 'familyName', 'Böhm');
      await createMembershipIn(ctx, bodyId, {
        personId: String(boehm),
        organizationId: String(fa),
        role: 'advisory_member',
        termId: String(fixture.id),
        startDate: '2021-01-01',
        endDate: '2021-12-31',
      });
      const late = await refused(database.db, 'validation.failed', () =>
        updateTermIn(ctx, bodyId, fixture.id, shrunk.version, { startDate: '2021-06-01' }, { partial: true }),
      );
      assert.deepEqual(late.details.fields, {
        startDate:
          'Eine Mitgliedschaft dieser Wahlperiode beginnt vor dem neuen Beginn; bitte passen Sie zuerst sie an.',
      });
      const plz = await refused(database.db, 'validation.failed', () =>
        createLocationIn(ctx, bodyId, { name: 'Stadthalle', postalCode: '1234' }),
      );
      assert.equal(plz.details.fields?.postalCode, 'Eine Postleitzahl hat fünf Ziffern.');
      const location = await createLocationIn(ctx, bodyId, { name: 'Stadthalle', postalCode: '40822' });
      const room = await createRoomIn(ctx, bodyId, location.id, { name: 'Großer Saal' });
      await refused(database.db, 'validation.failed', () =>
        createRoomIn(ctx, bodyId, location.id, { name: 'Großer Saal' }),
      );
      const room2 = await updateRoomIn(ctx, bodyId, location.id, room.id, room.version, { name: 'Kleiner Saal' });
      assert.equal(room2.name, 'Kleiner Saal');
      const loc2 = await updateLocationIn(ctx, bodyId, location.id, location.version, { name: 'Neue Stadthalle' });
      assert.equal(loc2.name, 'Neue Stadthalle');
    });

    test('the stored keys fold exactly as the portal orders (ratsinfo_german_key = germanSortKey)', async () => {
      const samples = [
        'Müller',
        'ÇELIK',
        'Eßer',
        'ẞ',
        'Œuvre',
        'Ærø',
        'Łódź',
        'Zoë',
        'u\u0308ber',
        'Škoda',
        'İzmir',
        "O'Brien",
        '',
      ];
      for (const value of samples) {
        const result = (await database.db.execute(
          sql`select ratsinfo_german_key(${value}::text) as stored, ${germanSortKey(sql`${value}::text`)} as portal`,
        )) as unknown as { rows: Array<{ stored: string; portal: string }> };
        const row = result.rows[0];
        assert.equal(row?.stored, row?.portal, value);
      }
      const [stored] = await database.db
        .select({ sortKey: persons.sortKey, searchText: persons.searchText })
        .from(persons)
        .where(and(eq(persons.bodyId, bodyId), eq(persons.familyName, 'Çelik')));
      assert.equal(stored?.sortKey, 'celik\u0001clara');
      assert.equal(stored?.searchText, 'dr. clara celik  ', 'title, given and family name, office title, e-mail');
    });

    test('lists: search without umlauts, German order, pages', async () => {
      const found = await listPersons(database.db, bodyId, { q: 'bohm' });
      assert.deepEqual(
        found.rows.map((r) => r.familyName),
        ['Böhm'],
      );
      const twoWords = await listPersons(database.db, bodyId, { q: 'clara celik' });
      assert.deepEqual(
        twoWords.rows.map((r) => r.familyName),
        ['Çelik'],
      );
      const all = await listPersons(database.db, bodyId, { pageSize: 100 });
      const names = all.rows.map((r) => r.familyName);
      assert.ok(
        names.indexOf('Böhm') < names.indexOf('Çelik') && names.indexOf('Çelik') < names.indexOf('Dörr'),
        names.join(),
      );
      const back = await listPersons(database.db, bodyId, { pageSize: 100, desc: true });
      assert.deepEqual(
        back.rows.map((r) => r.familyName),
        [...names].reverse(),
      );
      const page2 = await listPersons(database.db, bodyId, { pageSize: 2, page: 2 });
      assert.equal(page2.page, 2);
      assert.equal(page2.pages, Math.ceil(all.total / 2));
      assert.deepEqual(
        page2.rows.map((r) => r.familyName),
        names.slice(2, 4),
      );
      const beyond = await listPersons(database.db, bodyId, { pageSize: 2, page: 999 });
      assert.equal(beyond.page, beyond.pages, 'a page beyond the end shows the last');
      assert.equal(found.rows[0]?.currentMemberships, 1);
      assert.equal((await listPersons(database.db, bodyId, { q: 'gast' })).rows[0]?.currentMemberships, 0, 'ended');
      const none = await listPersons(database.db, bodyId, { q: '100%_' });
      assert.equal(none.total, 0);
      const committees = await listOrganizations(database.db, bodyId, { kind: 'faction' });
      assert.deepEqual(
        committees.rows.map((r) => r.name),
        ['CDU-Fraktion', 'SPD-Fraktion'],
      );
      const fa = (await listOrganizations(database.db, bodyId, { q: 'finanz' })).rows[0];
      assert.equal(fa?.currentMembers, 5, 'the ended deputy membership does not count');
    });

    test('lists: the ae/oe/ue spelling finds the umlaut and the umlaut the ae/oe/ue spelling', async () => {
      // A body of its own, so that the other tests' lists stay as they are.
      const own = (await importDataset({ db: database.db, actor: 'test' }, smallTown())).bodyId;
      await createPersonIn(ctx, own, { givenName: 'Aylin', familyName: 'Özdemir' });
      await createPersonIn(ctx, own, { givenName: 'Paul', familyName: 'Guenther' });
      await createPersonIn(ctx, own, { givenName: 'Michael', familyName: 'Viehöver' });
      await createPersonIn(ctx, own, { givenName: 'Jonas', familyName: 'Oelmann' });
      const found = async (q: string) =>
        (await listPersons(database.db, own, { q, pageSize: 100 })).rows.map((r) => r.familyName);
      for (const q of ['Oezdemir', 'oezdemir', 'OEZDEMIR', 'Özdemir', 'özdemir', 'Ozdemir', 'aylin oezdemir']) {
        assert.deepEqual(await found(q), ['Özdemir'], q);
      }
      for (const q of ['Günther', 'günther', 'GÜNTHER', 'Gu\u0308nther', 'Guenther', 'paul günth']) {
        assert.deepEqual(await found(q), ['Guenther'], q);
      }
      for (const q of ['Viehoever', 'Viehöver', 'viehover', 'Michael Viehoever', 'el viehöver']) {
        assert.deepEqual(await found(q), ['Viehöver'], q);
      }
      // Both spellings of what the fixture stores with umlauts and ß, as before.
      assert.deepEqual(await found('Boehm'), ['Böhm']);
      assert.deepEqual(await found('bohm'), ['Böhm']);
      assert.deepEqual(await found('Doerr'), ['Dörr']);
      assert.deepEqual(await found('Esser'), ['Eßer']);
      assert.deepEqual(await found('Eßer'), ['Eßer']);
      assert.deepEqual(await found('Ölmann'), ['Oelmann']);
      assert.deepEqual(await found('Oezdemirs'), [], 'a word that is not there finds nothing');
      assert.deepEqual(await found('Guentter'), []);
      // Organisations (stored search text) and places (folded per row) alike.
      const orgs = async (q: string) => (await listOrganizations(database.db, own, { q })).rows.map((r) => r.name);
      assert.deepEqual(await orgs('Kaemmerei'), ['Kämmerei']);
      assert.deepEqual(await orgs('kämmerei'), ['Kämmerei']);
      await createLocationIn(ctx, own, {
        name: 'Bürgerhaus Süd',
        streetAddress: 'Mühlenstraße 3',
        postalCode: '40822',
      });
      const places = async (q: string) => (await listLocations(database.db, own, { q })).rows.map((r) => r.name);
      assert.deepEqual(await places('Buergerhaus'), ['Bürgerhaus Süd']);
      assert.deepEqual(await places('Muehlenstrasse'), ['Bürgerhaus Süd']);
      assert.deepEqual(await places('mühlenstrasse 3'), ['Bürgerhaus Süd']);
      assert.deepEqual(await places('Buergerhaus Nord'), []);
      // Memberships: found by the person's name in either spelling.
      const members = (await listMemberships(database.db, own, { q: 'Boehm' })).rows;
      assert.ok(members.length > 0 && members.every((m) => m.personName.includes('Böhm')), JSON.stringify(members));
    });
  });
}
