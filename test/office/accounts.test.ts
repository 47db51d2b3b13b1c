/**
 * Accounts, passwords, sessions and login throttling as services, on every storage backend: what is
 * stored (a scrypt hash with its parameters, token hashes, never a secret in the audit log), what a
 * login needs, when sessions end, and that refused writes leave nothing behind.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import type { Database } from '../../src/db/open.ts';
import { accounts, auditLog, loginFailures, sessions } from '../../src/db/schema.ts';
import { isDomainError } from '../../src/domain/errors.ts';
import {
  changePassword,
  createAccount,
  createApiToken,
  createSession,
  hashPassword,
  linkablePersons,
  login,
  lookupApiToken,
  lookupSession,
  mayManage,
  resetPassword,
  SCRYPT_DEFAULT,
  SESSION,
  setRoles,
  sha256,
  THROTTLE,
  updateAccount,
  verifyPassword,
} from '../../src/services/accounts.ts';
import { importDataset } from '../../src/services/dataset/import.ts';
import { backends } from '../helpers/db.ts';
import { rowCounts, smallTown } from '../helpers/fixtures.ts';
import { FAST, makeAccount, PASSWORD } from './helpers.ts';

async function rejects(promise: Promise<unknown>, id: string) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(isDomainError(error), String(error));
    assert.equal(error.id, id, error.message);
    return true;
  });
}

test('passwords: scrypt with the default cost, a salt per hash, parameters stored, constant-time check', async () => {
  const a = await hashPassword('ein-langes-passwort');
  const b = await hashPassword('ein-langes-passwort');
  assert.match(a, /^scrypt\$32768\$8\$3\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
  assert.deepEqual(SCRYPT_DEFAULT, { N: 32768, r: 8, p: 3 });
  assert.notEqual(a, b, 'a fresh salt each time');
  assert.equal(await verifyPassword('ein-langes-passwort', a), true);
  assert.equal(await verifyPassword('ein-langes-passwort!', a), false);
  // Cheaper parameters verify by what is stored with the hash.
  const cheap = await hashPassword('ein-langes-passwort', FAST);
  assert.match(cheap, /^scrypt\$1024\$8\$1\$/);
  assert.equal(await verifyPassword('ein-langes-passwort', cheap), true);
  // Malformed or absurd stored parameters never verify (and never run a huge scrypt).
  for (const bad of ['', 'plain', 'scrypt$4194304$8$1$abc$def', 'bcrypt$10$x$y$z$w', cheap.replace(/\$[^$]+$/, '$')]) {
    assert.equal(await verifyPassword('ein-langes-passwort', bad), false, bad);
  }
});

for (const backend of backends()) {
  describe(`accounts (${backend.name})`, () => {
    let database: Database;
    let bodyId: number;
    let otherBodyId: number;

    before(async () => {
      database = await backend.open();
      bodyId = (await importDataset({ db: database.db, actor: 'test' }, smallTown())).bodyId;
      otherBodyId = (await importDataset({ db: database.db, actor: 'test' }, smallTown())).bodyId;
    });
    after(async () => {
      await database?.close();
    });

    test('create: login lower-cased, roles per body, audited without secrets', async () => {
      const account = await makeAccount(database.db, 'Sabine.Schreiber', [{ bodyId, role: 'clerk' }]);
      assert.equal(account.login, 'sabine.schreiber');
      assert.deepEqual(account.roles, [{ bodyId, role: 'clerk' }]);
      const [row] = await database.db.select().from(accounts).where(eq(accounts.id, account.id));
      assert.ok(row?.passwordHash.startsWith('scrypt$'));
      assert.ok(!row?.passwordHash.includes(PASSWORD));
      const entries = await database.db.select().from(auditLog).where(eq(auditLog.entity, 'account'));
      const created = entries.find((e) => e.entityId === String(account.id) && e.action === 'create');
      assert.ok(created, 'audited');
      const logged = JSON.stringify(entries);
      assert.ok(!logged.includes(PASSWORD) && !logged.includes(row?.passwordHash ?? 'x'), 'no secret in the audit');
    });

    test('create refused (taken name, short password, bad name, unknown person): nothing written', async () => {
      await makeAccount(database.db, 'doppelt', []);
      const before = await rowCounts(database.db);
      await rejects(makeAccount(database.db, 'DOPPELT', []), 'account.login_taken');
      await rejects(makeAccount(database.db, 'kurz', [], { password: 'zu-kurz' }), 'validation.invalid_input');
      await rejects(makeAccount(database.db, 'mit leerzeichen', []), 'validation.invalid_input');
      await rejects(
        createAccount({ db: database.db, actor: 'test' }, { login: 'p', displayName: 'P', password: PASSWORD }, FAST),
        'validation.invalid_input',
      );
      await rejects(
        createAccount(
          { db: database.db, actor: 'test' },
          { login: 'niemand', displayName: 'N', password: PASSWORD, personId: 999_999 },
          FAST,
        ),
        'person.not_found',
      );
      assert.deepEqual(await rowCounts(database.db), before);
    });

    test('login: right password opens a session (token stored as SHA-256 only); wrong or unknown: one message', async () => {
      const account = await makeAccount(database.db, 'lena', [{ bodyId, role: 'member' }]);
      const ok = await login(
        { db: database.db, actor: 'anonymous' },
        { login: ' Lena ', password: PASSWORD, address: 'a1' },
      );
      assert.equal(ok.account.id, account.id);
      assert.match(ok.session.token, /^[A-Za-z0-9_-]{43}$/);
      const stored = await database.db.select().from(sessions).where(eq(sessions.accountId, account.id));
      assert.equal(stored.length, 1);
      assert.equal(stored[0]?.tokenHash, sha256(ok.session.token));
      assert.ok(!JSON.stringify(stored).includes(ok.session.token), 'the token itself is not stored');
      const session = await lookupSession(database.db, ok.session.token);
      assert.equal(session?.account.login, 'lena');
      assert.deepEqual(session?.actor, { installationAdmin: false, roles: [{ bodyId, role: 'member' }] });

      const messages = new Set<string>();
      for (const attempt of [
        { login: 'lena', password: 'falsches-passwort-123' },
        { login: 'gibt-es-nicht', password: PASSWORD },
      ]) {
        await assert.rejects(
          login({ db: database.db, actor: 'anonymous' }, { ...attempt, address: 'a2' }),
          (e: unknown) => {
            assert.ok(isDomainError(e) && e.id === 'auth.failed');
            messages.add(e.message);
            return true;
          },
        );
      }
      assert.deepEqual([...messages], ['Anmeldename oder Passwort ist falsch.']);
    });

    test('a disabled account cannot log in, and its sessions end', async () => {
      const account = await makeAccount(database.db, 'gesperrt', [{ bodyId, role: 'member' }]);
      const { token } = await createSession({ db: database.db, actor: 'test' }, account.id);
      await database.db.update(accounts).set({ disabled: true }).where(eq(accounts.id, account.id));
      assert.equal(await lookupSession(database.db, token), undefined);
      await rejects(
        login({ db: database.db, actor: 'x' }, { login: 'gesperrt', password: PASSWORD, address: 'a3' }),
        'auth.failed',
      );
    });

    test('throttling: after the limit per name even the right password is refused, until the window passes', async () => {
      await makeAccount(database.db, 'ziel', [{ bodyId, role: 'member' }]);
      await makeAccount(database.db, 'nachbar', [{ bodyId, role: 'member' }]);
      const t0 = new Date('2030-01-01T10:00:00Z');
      const ctx = { db: database.db, actor: 'anonymous' };
      for (let i = 0; i < THROTTLE.perLogin; i++) {
        await rejects(
          login(ctx, { login: 'ziel', password: `falsch-falsch-${i}`, address: `10.0.0.${i}`, now: t0 }),
          'auth.failed',
        );
      }
      await assert.rejects(
        login(ctx, { login: 'ziel', password: PASSWORD, address: '10.0.1.1', now: t0 }),
        (e: unknown) => {
          assert.ok(isDomainError(e) && e.id === 'auth.throttled');
          assert.match(
            e.message,
            /Zu viele fehlgeschlagene Anmeldeversuche\. Bitte versuchen Sie es in 15 Minuten erneut\./,
          );
          assert.equal(e.details.retryAfterSeconds, THROTTLE.windowMs / 1000);
          return true;
        },
      );
      // Another name from another address is not affected.
      await login(ctx, { login: 'nachbar', password: PASSWORD, address: '10.0.2.1', now: t0 });
      // After the window, the right password works again and clears the name's failures.
      const later = new Date(t0.getTime() + THROTTLE.windowMs + 1000);
      await login(ctx, { login: 'ziel', password: PASSWORD, address: '10.0.1.1', now: later });
      const left = await database.db.select().from(loginFailures).where(eq(loginFailures.key, 'ziel'));
      assert.equal(left.length, 0);
    });

    test('throttling per address: many names from one address', async () => {
      const t0 = new Date('2031-01-01T10:00:00Z');
      const ctx = { db: database.db, actor: 'anonymous' };
      for (let i = 0; i < THROTTLE.perAddress; i++) {
        await rejects(
          login(ctx, { login: `rate-${i}`, password: 'falsch-falsch-x', address: '203.0.113.9', now: t0 }),
          'auth.failed',
        );
      }
      await rejects(
        login(ctx, { login: 'lena', password: PASSWORD, address: '203.0.113.9', now: t0 }),
        'auth.throttled',
      );
      await login(ctx, { login: 'lena', password: PASSWORD, address: '203.0.113.10', now: t0 });
    });

    test('sessions end after the idle time and at the absolute expiry', async () => {
      const account = await makeAccount(database.db, 'uhr', [{ bodyId, role: 'member' }]);
      const t0 = new Date('2032-01-01T08:00:00Z');
      const ctx = { db: database.db, actor: 'test' };
      const idle = await createSession(ctx, account.id, t0);
      const almost = new Date(t0.getTime() + SESSION.idleMs - 1000);
      assert.ok(await lookupSession(database.db, idle.token, almost), 'used before the idle time is up');
      // The use moved the idle limit.
      assert.ok(await lookupSession(database.db, idle.token, new Date(almost.getTime() + SESSION.idleMs - 1000)));
      assert.equal(
        await lookupSession(database.db, idle.token, new Date(almost.getTime() + 2 * SESSION.idleMs)),
        undefined,
        'idle too long',
      );
      // Kept busy, it still ends at the absolute expiry.
      const busy = await createSession(ctx, account.id, t0);
      let now = t0;
      while (now.getTime() + SESSION.idleMs / 2 < t0.getTime() + SESSION.absoluteMs) {
        now = new Date(now.getTime() + SESSION.idleMs / 2);
        assert.ok(await lookupSession(database.db, busy.token, now), `alive at ${now.toISOString()}`);
      }
      assert.equal(
        await lookupSession(database.db, busy.token, new Date(t0.getTime() + SESSION.absoluteMs)),
        undefined,
      );
      const left = await database.db.select().from(sessions).where(eq(sessions.accountId, account.id));
      assert.equal(left.length, 0, 'ended sessions are deleted');
    });

    test('admin reset: temporary password, must change, sessions ended; the change clears the flag', async () => {
      const admin = await makeAccount(database.db, 'chefin', [{ bodyId, role: 'admin' }]);
      const member = await makeAccount(database.db, 'vergesslich', [{ bodyId, role: 'member' }]);
      const ctx = { db: database.db, actor: `user:${admin.id}` };
      const old = await createSession(ctx, member.id);
      const { temporaryPassword } = await resetPassword(ctx, admin, member.id, FAST);
      assert.match(temporaryPassword, /^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
      assert.equal(await lookupSession(database.db, old.token), undefined, 'old sessions ended');
      await rejects(login(ctx, { login: 'vergesslich', password: PASSWORD, address: 'r1' }), 'auth.failed');
      const result = await login(ctx, { login: 'vergesslich', password: temporaryPassword, address: 'r1' });
      assert.equal(result.account.mustChangePassword, true);
      await rejects(
        changePassword(ctx, member.id, { current: 'nicht-das-richtige', next: 'mein-neues-passwort' }, FAST),
        'auth.wrong_password',
      );
      await rejects(
        changePassword(ctx, member.id, { current: temporaryPassword, next: 'kurz' }, FAST),
        'validation.invalid_input',
      );
      const fresh = await changePassword(
        ctx,
        member.id,
        { current: temporaryPassword, next: 'mein-neues-passwort' },
        FAST,
      );
      assert.equal(await lookupSession(database.db, result.session.token), undefined, 'the old session is replaced');
      const session = await lookupSession(database.db, fresh.token);
      assert.equal(session?.account.mustChangePassword, false);
      const audit = await database.db
        .select()
        .from(auditLog)
        .where(eq(auditLog.entityId, String(member.id)));
      assert.ok(audit.some((e) => e.action === 'password_reset' && e.actor === `user:${admin.id}`));
      assert.ok(audit.some((e) => e.action === 'password_change'));
      assert.ok(!JSON.stringify(audit).includes(temporaryPassword));
    });

    test('a body admin manages accounts of their body only', async () => {
      const admin = await makeAccount(database.db, 'admin-a', [{ bodyId, role: 'admin' }]);
      const here = await makeAccount(database.db, 'hier', [{ bodyId, role: 'member' }]);
      const there = await makeAccount(database.db, 'dort', [{ bodyId: otherBodyId, role: 'member' }]);
      const both = await makeAccount(database.db, 'beide', [
        { bodyId, role: 'member' },
        { bodyId: otherBodyId, role: 'clerk' },
      ]);
      const root = await makeAccount(database.db, 'root', [], { installationAdmin: true });
      assert.equal(mayManage(admin, here), true);
      assert.equal(mayManage(admin, there), false);
      assert.equal(mayManage(admin, both), false, 'a role elsewhere puts the account out of reach');
      assert.equal(mayManage(admin, root), false);
      assert.equal(mayManage(root, there), true);
      const ctx = { db: database.db, actor: `user:${admin.id}` };
      const before = await rowCounts(database.db);
      await rejects(resetPassword(ctx, admin, there.id, FAST), 'permission.denied');
      await rejects(setRoles(ctx, admin, here.id, [{ bodyId: otherBodyId, role: 'clerk' }]), 'permission.denied');
      assert.deepEqual(await rowCounts(database.db), before, 'refusals write nothing');
      const updated = await setRoles(ctx, admin, here.id, [
        { bodyId, role: 'chair' },
        { bodyId, role: 'member' },
      ]);
      assert.deepEqual(
        updated.roles.map((r) => r.role),
        ['chair', 'member'],
      );
    });

    test('update: name, linked person, disable (sessions end); not oneself, not a person of another body', async () => {
      const admin = await makeAccount(database.db, 'upd-admin', [{ bodyId, role: 'admin' }]);
      const member = await makeAccount(database.db, 'upd-member', [{ bodyId, role: 'member' }]);
      const ctx = { db: database.db, actor: `user:${admin.id}` };
      const actor = { ...admin, accountId: admin.id };
      const [own] = await linkablePersons(database.db, [bodyId]);
      const [foreign] = await linkablePersons(database.db, [otherBodyId]);
      assert.ok(own && foreign);
      const { token } = await createSession(ctx, member.id);
      const updated = await updateAccount(ctx, actor, member.id, {
        displayName: 'Maria Mitglied',
        personId: own.id,
        disabled: true,
      });
      assert.equal(updated.displayName, 'Maria Mitglied');
      assert.equal(updated.personId, own.id);
      assert.equal(await lookupSession(database.db, token), undefined, 'a disabled account’s sessions end');
      await rejects(login(ctx, { login: 'upd-member', password: PASSWORD, address: 'u1' }), 'auth.failed');
      const before = await rowCounts(database.db);
      await rejects(
        updateAccount(ctx, actor, member.id, { displayName: 'X', personId: foreign.id, disabled: false }),
        'permission.denied',
      );
      await rejects(
        updateAccount(ctx, actor, admin.id, { displayName: 'Ich', personId: null, disabled: true }),
        'validation.invalid_input',
      );
      await rejects(
        updateAccount(ctx, actor, member.id, { displayName: ' ', personId: null, disabled: false }),
        'validation.invalid_input',
      );
      assert.deepEqual(await rowCounts(database.db), before);
      await updateAccount(ctx, actor, member.id, { displayName: 'Maria Mitglied', personId: null, disabled: false });
      await login(ctx, { login: 'upd-member', password: PASSWORD, address: 'u1' });
    });

    test('changing the password: wrong current passwords are throttled like logins', async () => {
      const account = await makeAccount(database.db, 'rater', [{ bodyId, role: 'member' }]);
      const ctx = { db: database.db, actor: `user:${account.id}` };
      const now = new Date('2033-01-01T10:00:00Z');
      for (let i = 0; i < THROTTLE.perLogin; i++) {
        await rejects(
          changePassword(
            ctx,
            account.id,
            { current: `geraten-${i}-xxxxxx`, next: 'neues-passwort-123', address: `c${i}`, now },
            FAST,
          ),
          'auth.wrong_password',
        );
      }
      await rejects(
        changePassword(ctx, account.id, { current: PASSWORD, next: 'neues-passwort-123', address: 'c9', now }, FAST),
        'auth.throttled',
      );
    });

    test('API tokens: shown once, stored hashed, expire', async () => {
      const account = await makeAccount(database.db, 'robot', [{ bodyId, role: 'clerk' }]);
      const ctx = { db: database.db, actor: 'test' };
      const { token } = await createApiToken(ctx, account.id, 'Schnittstelle Test');
      assert.match(token, /^ratsinfo_[A-Za-z0-9_-]{43}$/);
      assert.equal((await lookupApiToken(database.db, token))?.account.id, account.id);
      assert.equal(await lookupApiToken(database.db, `${token}x`), undefined);
      const expiring = await createApiToken(ctx, account.id, 'Kurz', new Date('2020-01-01T00:00:00Z'));
      assert.equal(await lookupApiToken(database.db, expiring.token), undefined);
      const audit = await database.db.select().from(auditLog).where(eq(auditLog.entity, 'api_token'));
      assert.ok(!JSON.stringify(audit).includes(token));
    });
  });
}
