/**
 * The permission rules as a matrix: every role (and the public) × every action × public/non-public
 * target × signed/unsigned minutes, against the policy written out here in words (docs/office.md), not
 * derived from the rules table. Plus the cases the issue names: a member editing minutes, the public
 * opening a non-public paper, anyone editing signed minutes; and the tenant boundary between bodies.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ACTIONS, type Action, type Actor, can, ROLES, type Role, refusal } from '../../src/domain/permissions.ts';

type Who = Role | 'public';

/** Who may, per action; `publicReads`: anyone may when the target is public; `signed`: state condition. */
const policy: Record<Action, { who: string; publicReads?: true; signed?: 'unsigned' | 'signed' }> = {
  'office.enter': { who: 'admin clerk chair member' },
  'paper.read': { who: 'admin clerk chair member', publicReads: true },
  'paper.create': { who: 'clerk' },
  'paper.edit': { who: 'clerk' },
  'meeting.read': { who: 'admin clerk chair member', publicReads: true },
  'meeting.plan': { who: 'clerk' },
  'agenda.edit': { who: 'clerk' },
  'meeting.invite': { who: 'clerk' },
  'attendance.record': { who: 'clerk' },
  'vote.record': { who: 'clerk', signed: 'unsigned' },
  'minutes.read': { who: 'admin clerk chair member', publicReads: true },
  'minutes.edit': { who: 'clerk', signed: 'unsigned' },
  'minutes.submit': { who: 'clerk', signed: 'unsigned' },
  'minutes.sign': { who: 'clerk chair', signed: 'unsigned' },
  'minutes.correct': { who: 'clerk', signed: 'signed' },
  'minutes.publish': { who: 'clerk', signed: 'signed' },
  'minutes.unpublish': { who: 'clerk', signed: 'signed' },
  'resolution.read': { who: 'admin clerk chair member' },
  'resolution.track': { who: 'clerk' },
  'masterdata.read': { who: 'admin clerk chair member' },
  'masterdata.edit': { who: 'admin clerk' },
  'audit.read': { who: 'admin clerk' },
  'account.manage': { who: 'admin' },
};

const BODY = 1;
const OTHER = 2;
const actorFor = (who: Who): Actor | null =>
  who === 'public' ? null : { installationAdmin: false, roles: [{ bodyId: BODY, role: who }] };

describe('permissions: can()', () => {
  test('the policy covers every action of the rules table and nothing else', () => {
    assert.deepEqual(Object.keys(policy).sort(), [...ACTIONS].sort());
  });

  for (const action of ACTIONS) {
    test(`${action}: role × public/non-public × signed/unsigned`, () => {
      const rule = policy[action];
      for (const who of ['public', ...ROLES] as Who[]) {
        for (const isPublic of [true, false]) {
          for (const signed of [false, true]) {
            const stateOk =
              rule.signed === undefined || (rule.signed === 'signed' ? signed === true : signed === false);
            const roleOk = who !== 'public' && rule.who.split(' ').includes(who);
            const expected = stateOk && (roleOk || (rule.publicReads === true && isPublic));
            const actual = can(actorFor(who), action, { bodyId: BODY, public: isPublic, signed });
            assert.equal(actual, expected, `${who} ${action} public=${isPublic} signed=${signed}`);
          }
        }
      }
    });
  }

  test('the issue’s forbidden cases', () => {
    const member = actorFor('member');
    assert.equal(can(member, 'minutes.edit', { bodyId: BODY, signed: false }), false, 'member edits minutes');
    assert.equal(can(null, 'paper.read', { bodyId: BODY, public: false }), false, 'public opens non-public paper');
    assert.equal(can(null, 'paper.read', { bodyId: BODY, public: true }), true, 'public opens public paper');
    const everyone: Array<Actor | null> = [
      null,
      ...ROLES.map((r) => actorFor(r)),
      { installationAdmin: true, roles: [{ bodyId: BODY, role: 'clerk' }] },
    ];
    for (const actor of everyone) {
      assert.equal(can(actor, 'minutes.edit', { bodyId: BODY, signed: true }), false, 'signed minutes are frozen');
      assert.equal(can(actor, 'vote.record', { bodyId: BODY, signed: true }), false);
    }
  });

  test('roles hold in their own body only', () => {
    const clerk = actorFor('clerk');
    assert.equal(can(clerk, 'paper.edit', { bodyId: BODY }), true);
    assert.equal(can(clerk, 'paper.edit', { bodyId: OTHER }), false);
    assert.equal(can(clerk, 'paper.read', { bodyId: OTHER, public: false }), false);
    assert.equal(can(clerk, 'paper.read', { bodyId: OTHER, public: true }), true);
    // No body named: in any body (the start page of the back office).
    assert.equal(can(clerk, 'office.enter'), true);
    assert.equal(can({ installationAdmin: false, roles: [] }, 'office.enter'), false);
    assert.equal(can(null, 'office.enter'), false);
    // Two bodies, two roles.
    const both: Actor = {
      installationAdmin: false,
      roles: [
        { bodyId: BODY, role: 'member' },
        { bodyId: OTHER, role: 'clerk' },
      ],
    };
    assert.equal(can(both, 'paper.edit', { bodyId: BODY }), false);
    assert.equal(can(both, 'paper.edit', { bodyId: OTHER }), true);
  });

  test('an installation admin is admin in every body, and no more', () => {
    const root: Actor = { installationAdmin: true, roles: [] };
    for (const bodyId of [BODY, OTHER, 99]) {
      assert.equal(can(root, 'account.manage', { bodyId }), true);
      assert.equal(can(root, 'masterdata.edit', { bodyId }), true);
      assert.equal(can(root, 'paper.read', { bodyId, public: false }), true);
      assert.equal(can(root, 'minutes.edit', { bodyId }), false, 'the Sitzungsdienst writes the minutes');
      assert.equal(can(root, 'minutes.sign', { bodyId }), false, 'signing is personal');
    }
  });

  test('refusals explain in German', () => {
    assert.match(refusal(null, 'paper.read', { public: false }), /angemeldet/);
    assert.match(refusal(actorFor('member'), 'minutes.edit', { bodyId: BODY }), /Rolle Sitzungsdienst/);
    assert.match(refusal(actorFor('clerk'), 'minutes.edit', { bodyId: BODY, signed: true }), /unterschrieben/);
    assert.match(
      refusal(actorFor('member'), 'masterdata.edit', { bodyId: BODY }),
      /Rollen Administration, Sitzungsdienst/,
    );
  });
});
