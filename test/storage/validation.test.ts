/**
 * Invalid domain input is rejected with a stable error id, and nothing is written (not even to the
 * audit log).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../src/db/open.ts';
import { agendaItems, bodies, legislativeTerms, meetings, organizations, persons } from '../../src/db/schema.ts';
import { DomainError } from '../../src/domain/errors.ts';
import type { ServiceContext } from '../../src/services/context.ts';
import { importDataset } from '../../src/services/dataset/import.ts';
import { createBody, createMembership } from '../../src/services/masterdata.ts';
import { addAgendaItem, declareConflict, recordVote } from '../../src/services/meetings.ts';
import { createPaper } from '../../src/services/papers.ts';
import { backends } from '../helpers/db.ts';
import { rowCounts, smallTown } from '../helpers/fixtures.ts';

async function rejects(ctx: ServiceContext, id: string, action: () => Promise<unknown>) {
  const before = await rowCounts(ctx.db);
  await assert.rejects(action, (error: unknown) => {
    assert.ok(error instanceof DomainError, `expected DomainError, got ${String(error)}`);
    assert.equal(error.id, id);
    assert.ok(error.message.length > 10, 'a German message for the user');
    return true;
  });
  assert.deepEqual(await rowCounts(ctx.db), before, 'nothing written');
}

for (const backend of backends()) {
  describe(`invalid domain input is rejected and changes nothing (${backend.name})`, () => {
    let database: Database;
    let ctx: ServiceContext;
    let bodyId: number;
    let meetingId: number;
    const ids = { person: {} as Record<string, number>, org: {} as Record<string, number> };

    before(async () => {
      database = await backend.open();
      ctx = { db: database.db, actor: 'test' };
      const town = smallTown();
      ({ bodyId } = await importDataset(ctx, town));
      for (const p of await database.db.select().from(persons).where(eq(persons.bodyId, bodyId))) {
        ids.person[p.familyName] = p.id;
      }
      for (const o of await database.db.select().from(organizations).where(eq(organizations.bodyId, bodyId))) {
        ids.org[o.name] = o.id;
      }
      const [m] = await database.db.select().from(meetings).where(eq(meetings.bodyId, bodyId));
      assert.ok(m);
      meetingId = m.id;
    });
    after(() => database?.close());

    const item = async (number: string) => {
      const [row] = await database.db
        .select()
        .from(agendaItems)
        .where(and(eq(agendaItems.meetingId, meetingId), eq(agendaItems.number, number)));
      assert.ok(row, `item ${number}`);
      return row;
    };

    test('a body whose slug would shadow a portal route, or is malformed', async () => {
      for (const slug of ['suche', 'kalender', 'sitzungen', 'api', 'Großstadt', 'a--b']) {
        await rejects(ctx, 'body.invalid_slug', () =>
          createBody(ctx, { slug, name: 'Stadt Test', jurisdiction: 'nrw-gemeinde' }),
        );
      }
      const [existing] = await database.db.select().from(bodies).where(eq(bodies.id, bodyId));
      assert.ok(existing);
      await rejects(ctx, 'body.slug_taken', () =>
        createBody(ctx, { slug: existing.slug, name: 'Nochmal', jurisdiction: 'nrw-gemeinde' }),
      );
    });

    test('an agenda number twice', async () => {
      await rejects(ctx, 'agenda_item.number_taken', () =>
        addAgendaItem(ctx, { meetingId, number: '2', public: true, title: 'Noch ein Punkt 2' }),
      );
    });

    test('a sub-item numbered outside its parent, a sub-item without parent, a public item under a non-public one', async () => {
      const parent = await item('2');
      await rejects(ctx, 'agenda_item.number_outside_parent', () =>
        addAgendaItem(ctx, { meetingId, parentId: parent.id, number: '3.1', public: true, title: 'Falsch' }),
      );
      await rejects(ctx, 'agenda_item.parent_missing', () =>
        addAgendaItem(ctx, { meetingId, number: '4.1', public: true, title: 'Ohne Eltern' }),
      );
      const secret = await item('3');
      await rejects(ctx, 'agenda_item.public_under_non_public', () =>
        addAgendaItem(ctx, { meetingId, parentId: secret.id, number: '3.1', public: true, title: 'Öffentlich?' }),
      );
      await rejects(ctx, 'agenda_item.invalid_number', () =>
        addAgendaItem(ctx, { meetingId, number: '5a', public: true, title: 'Nummer' }),
      );
    });

    test('a membership outside the legislative term', async () => {
      const [term] = await database.db.select().from(legislativeTerms).where(eq(legislativeTerms.bodyId, bodyId));
      assert.ok(term);
      const base = {
        personId: ids.person.Gast as number,
        organizationId: ids.org.Finanzausschuss as number,
        termId: term.id,
        role: 'member' as const,
        votingRight: true,
      };
      await rejects(ctx, 'membership.outside_term', () => createMembership(ctx, { ...base, startDate: '2019-05-01' }));
      await rejects(ctx, 'membership.outside_term', () =>
        createMembership(ctx, { ...base, startDate: '2024-01-01', endDate: '2026-01-01' }),
      );
      await rejects(ctx, 'membership.invalid_dates', () =>
        createMembership(ctx, { ...base, startDate: '2024-01-01', endDate: '2023-01-01' }),
      );
      await rejects(ctx, 'membership.on_behalf_of_not_faction', () =>
        createMembership(ctx, { ...base, onBehalfOfId: ids.org.Kämmerei as number }),
      );
    });

    test('a membership or attendance across bodies', async () => {
      const other = await importDataset(ctx, smallTown());
      const [stranger] = await database.db.select().from(persons).where(eq(persons.bodyId, other.bodyId));
      assert.ok(stranger);
      await rejects(ctx, 'membership.body_mismatch', () =>
        createMembership(ctx, {
          personId: stranger.id,
          organizationId: ids.org.Finanzausschuss as number,
          role: 'member',
          votingRight: true,
        }),
      );
    });

    test('a vote with more votes than members entitled', async () => {
      const target = await item('2');
      // Present with a vote: Acker, Böhm, Çelik, Eßer (Dörr excused, the guest has no vote) = 4.
      await rejects(ctx, 'vote.more_votes_than_entitled', () =>
        recordVote(ctx, { agendaItemId: target.id, yes: 4, no: 1, abstain: 0 }),
      );
      await rejects(ctx, 'vote.invalid_counts', () => recordVote(ctx, { agendaItemId: target.id, yes: -1, no: 0 }));
      await rejects(ctx, 'vote.outcome_mismatch', () =>
        recordVote(ctx, { agendaItemId: target.id, yes: 2, no: 2, abstain: 0, outcome: 'accepted' }),
      );
      await rejects(ctx, 'vote.not_unanimous', () =>
        recordVote(ctx, { agendaItemId: target.id, yes: 3, no: 1, unanimous: true }),
      );
      await rejects(ctx, 'vote.noted_with_counts', () =>
        recordVote(ctx, { agendaItemId: target.id, yes: 3, outcome: 'noted' }),
      );
      await rejects(ctx, 'vote.result_missing', () => recordVote(ctx, { agendaItemId: target.id }));
      await rejects(ctx, 'vote.faction_counts_exceed', () =>
        recordVote(ctx, {
          agendaItemId: target.id,
          yes: 3,
          no: 0,
          abstain: 1,
          byFaction: [{ factionId: ids.org['CDU-Fraktion'] as number, yes: 0, no: 0, abstain: 2 }],
        }),
      );
    });

    test('a member declared biased is not entitled to vote on that item', async () => {
      const target = await item('1');
      await declareConflict(ctx, { agendaItemId: target.id, personId: ids.person.Böhm as number });
      await rejects(ctx, 'vote.more_votes_than_entitled', () =>
        recordVote(ctx, { agendaItemId: target.id, yes: 3, no: 1, abstain: 0 }),
      );
      const vote = await recordVote(ctx, { agendaItemId: target.id, yes: 2, no: 1, abstain: 0 });
      assert.equal(vote.outcome, 'accepted');
      const tie = await recordVote(ctx, {
        agendaItemId: target.id,
        yes: 1,
        no: 1,
        abstain: 1,
        subject: 'Änderungsantrag',
      });
      assert.equal(tie.outcome, 'rejected', 'a tie rejects');
    });

    test('a duplicate the database refuses is a stable error, not a raw SQL error', async () => {
      const target = await item('2');
      await declareConflict(ctx, { agendaItemId: target.id, personId: ids.person.Eßer as number });
      await rejects(ctx, 'storage.duplicate', () =>
        declareConflict(ctx, { agendaItemId: target.id, personId: ids.person.Eßer as number }),
      );
    });

    test('a paper reference that does not match its office or is taken', async () => {
      const office = ids.org.Kämmerei as number;
      await rejects(ctx, 'paper.reference_mismatch', () =>
        createPaper(ctx, {
          bodyId,
          officeId: office,
          year: 2024,
          reference: '10/001/2024',
          paperType: 'Vorlage',
          title: 'X',
        }),
      );
      await rejects(ctx, 'paper.reference_mismatch', () =>
        createPaper(ctx, {
          bodyId,
          officeId: office,
          year: 2024,
          reference: '20/001/2023',
          paperType: 'Vorlage',
          title: 'X',
        }),
      );
      await rejects(ctx, 'paper.reference_taken', () =>
        createPaper(ctx, {
          bodyId,
          officeId: office,
          year: 2024,
          reference: '20/001/2024',
          paperType: 'Vorlage',
          title: 'X',
        }),
      );
      await rejects(ctx, 'paper.office_without_number', () =>
        createPaper(ctx, { bodyId, officeId: ids.org.Rat as number, year: 2024, paperType: 'Vorlage', title: 'X' }),
      );
    });

    test('a dataset that fails late leaves nothing behind', async () => {
      const broken = smallTown();
      const meeting = broken.meetings?.[0];
      assert.ok(meeting?.agenda);
      meeting.agenda.push({ number: '1', public: true, title: 'Doppelte Nummer am Ende' });
      const slug = broken.body.slug;
      await rejects(ctx, 'agenda_item.number_taken', () => importDataset(ctx, broken));
      assert.equal((await database.db.select().from(bodies).where(eq(bodies.slug, slug))).length, 0);
    });

    test('a malformed dataset is rejected with every problem listed', async () => {
      const malformed = { body: { slug: 'Groß Buchstaben', name: '', jurisdiction: 'bayern' }, meetings: [{}] };
      await rejects(ctx, 'validation.invalid_input', () => importDataset(ctx, malformed));
      try {
        await importDataset(ctx, malformed);
      } catch (error) {
        assert.ok(error instanceof DomainError);
        const paths = (error.details.problems as { path: string[] }[]).map((p) => p.path.join('.'));
        for (const path of ['body.slug', 'body.name', 'body.jurisdiction', 'meetings.0.key']) {
          assert.ok(paths.includes(path), `problem at ${path} in ${paths.join(', ')}`);
        }
      }
    });

    test('body settings that are not valid', async () => {
      const town = smallTown();
      town.body.settings = {
        invitationDeadline: { days: 'sieben', unit: 'calendar', urgentDays: 3, urgentUnit: 'working' },
      };
      await rejects(ctx, 'body.invalid_settings', () => importDataset(ctx, town));
    });

    test('a dataset key used twice, or a key that points nowhere', async () => {
      const twice = smallTown();
      twice.persons?.push({ key: 'a', familyName: 'Doppelt' });
      await rejects(ctx, 'dataset.duplicate_key', () => importDataset(ctx, twice));
      const dangling = smallTown();
      dangling.memberships?.push({ person: 'niemand', organization: 'fa', role: 'member', votingRight: true });
      await rejects(ctx, 'dataset.unknown_key', () => importDataset(ctx, dangling));
    });
  });
}
