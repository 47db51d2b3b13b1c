/**
 * An account's ways in, on every storage backend: API tokens created on "Mein Konto" are shown once and
 * stored only as their SHA-256; revoking one (audited) makes the API answer 401; an expired token is
 * refused; a token cannot create tokens; an admin sees and revokes the tokens of an account they manage,
 * not of others; "Überall sonst abmelden" ends the other sessions; the cleanup deletes ended sessions
 * and old login failures and keeps live ones; `ratsinfo admin cleanup` as a process.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import type { Database } from '../../src/db/open.ts';
import { openDatabase } from '../../src/db/open.ts';
import { apiTokens, auditLog, loginFailures, sessions } from '../../src/db/schema.ts';
import { createApp } from '../../src/http/app.tsx';
import { cleanupExpired, createOwnApiToken, scheduleCleanup } from '../../src/services/account-access.ts';
import {
  createApiToken,
  createSession,
  lookupApiToken,
  SESSION,
  sha256,
  THROTTLE,
} from '../../src/services/accounts.ts';
import { importDataset } from '../../src/services/dataset/import.ts';
import { runCli } from '../helpers/cli.ts';
import { backends } from '../helpers/db.ts';
import { rowCounts, smallTown } from '../helpers/fixtures.ts';
import { textOf } from '../helpers/html.ts';
import { Browser, makeAccount } from './helpers.ts';

for (const backend of backends()) {
  describe(`API tokens, sessions and cleanup (${backend.name})`, () => {
    let database: Database;
    let app: ReturnType<typeof createApp>;
    let bodyId: number;
    let clerkId: number;

    before(async () => {
      database = await backend.open();
      app = createApp({ db: database.db, logError: (e) => console.error(e), pageCacheBytes: false });
      bodyId = (await importDataset({ db: database.db, actor: 'test' }, smallTown())).bodyId;
      clerkId = (await makeAccount(database.db, 'sd', [{ bodyId, role: 'clerk' }])).id;
      await makeAccount(database.db, 'verwaltung', [{ bodyId, role: 'admin' }]);
    });
    after(async () => {
      await database?.close();
    });

    const api = (path: string, token: string, init: RequestInit = {}) =>
      app.request(path, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers ?? {}) } });

    test('a token is created on the page, shown once, stored as its hash; revoked (audited), the API refuses it', async () => {
      const browser = new Browser(app);
      await browser.login('sd');
      const account = await browser.get('/verwaltung/konto');
      assert.equal(account.res.status, 200);
      assert.match(textOf(account.html), /Mein Konto .* Angemeldete Sitzungen .* diese Sitzung/);
      let page = await browser.get('/verwaltung/konto/token');
      assert.equal(page.res.status, 200);
      assert.match(textOf(page.html), /Es gibt keine API-Zugänge\./);
      // Bad input: said at the field, nothing written.
      const counts = await rowCounts(database.db);
      page = await browser.post('/verwaltung/konto/token', { name: '  ', ablauf: '01.01.2001' });
      assert.equal(page.res.status, 422);
      assert.match(textOf(page.html), /Bitte benennen Sie den Zugang/);
      assert.match(textOf(page.html), /Das Ablaufdatum muss heute oder später sein\./);
      assert.match(page.html, /id="ablauf"[^>]*aria-invalid="true"/);
      assert.deepEqual(await rowCounts(database.db), counts);
      page = await browser.post('/verwaltung/konto/token', { name: 'Haushaltssoftware', ablauf: '' });
      assert.equal(page.res.status, 200);
      const token = /value="(ratsinfo_[A-Za-z0-9_-]+)"/.exec(page.html)?.[1];
      assert.ok(token, 'the token is shown');
      assert.match(textOf(page.html), /nur dieses eine Mal angezeigt/);
      const [row] = await database.db.select().from(apiTokens).where(eq(apiTokens.accountId, clerkId));
      assert.ok(row);
      assert.equal(row.tokenHash, sha256(token));
      assert.equal(row.expiresAt, null);
      // Never again: the list shows the name only.
      const again = await browser.get('/verwaltung/konto/token');
      assert.ok(!again.html.includes(token));
      assert.match(textOf(again.html), /Haushaltssoftware .* noch nie .* unbefristet/);
      const [created] = await database.db.select().from(auditLog).where(eq(auditLog.entity, 'api_token'));
      assert.ok(!JSON.stringify(created).includes(token), 'the audit entry does not hold the token');
      // It works, and is listed with its last use.
      const me = await api('/api/v1/konto', token);
      assert.equal(me.status, 200);
      const list = (await (await api('/api/v1/konto/tokens', token)).json()) as {
        items: Array<{ id: number; name: string; lastUsedAt: string | null }>;
      };
      assert.equal(list.items[0]?.name, 'Haushaltssoftware');
      assert.ok(list.items[0]?.lastUsedAt);
      // Revoked on the page: audited, the API answers 401.
      const revoked = await browser.post(`/verwaltung/konto/token/${row.id}/widerrufen`, {});
      assert.equal(revoked.res.status, 303);
      const after = await api('/api/v1/konto', token);
      assert.equal(after.status, 401);
      assert.equal(((await after.json()) as { error: { id: string } }).error.id, 'auth.required');
      const entries = await database.db
        .select()
        .from(auditLog)
        .where(eq(auditLog.entityId, String(row.id)));
      assert.deepEqual(
        entries.filter((e) => e.entity === 'api_token').map((e) => e.action),
        ['create', 'delete'],
      );
      assert.equal(
        (entries.find((e) => e.action === 'delete')?.before as { name?: string } | null)?.name,
        'Haushaltssoftware',
      );
    });

    test('an expired token is refused; a token cannot create tokens; the session can (JSON)', async () => {
      const past = await createApiToken(
        { db: database.db, actor: 'test' },
        clerkId,
        'Alt',
        new Date(Date.now() - 60_000),
      );
      const expired = await api('/api/v1/konto', past.token);
      assert.equal(expired.status, 401);
      const live = await createOwnApiToken({ db: database.db, actor: 'test' }, clerkId, {
        name: 'Morgen noch',
        expiresOn: new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10),
      });
      assert.ok(live.expiresAt && live.expiresAt.getTime() > Date.now());
      assert.equal((await api('/api/v1/konto', live.token)).status, 200);
      const counts = await rowCounts(database.db);
      const minted = await api('/api/v1/konto/tokens', live.token, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Noch einer' }),
      });
      assert.equal(minted.status, 403);
      assert.equal(((await minted.json()) as { error: { id: string } }).error.id, 'api_token.session_required');
      assert.deepEqual(await rowCounts(database.db), counts);
      // With the session (and its CSRF header): 201 with the token; bad input 422 with fields.
      const session = await createSession({ db: database.db, actor: 'test' }, clerkId);
      const headers = {
        cookie: `ratsinfo_session=${session.token}`,
        'x-csrf-token': session.csrfToken,
        origin: 'http://localhost',
        'content-type': 'application/json',
      };
      const bad = await app.request('/api/v1/konto/tokens', {
        method: 'POST',
        headers,
        body: JSON.stringify({ name: '', expiresOn: '2020-01-01' }),
      });
      assert.equal(bad.status, 422);
      const badBody = (await bad.json()) as { error: { id: string; fields: Record<string, string> } };
      assert.equal(badBody.error.id, 'validation.failed');
      assert.deepEqual(Object.keys(badBody.error.fields).sort(), ['expiresOn', 'name']);
      const good = await app.request('/api/v1/konto/tokens', {
        method: 'POST',
        headers,
        body: JSON.stringify({ name: 'Über die API' }),
      });
      assert.equal(good.status, 201);
      const made = (await good.json()) as { id: number; token: string };
      assert.equal((await api('/api/v1/konto', made.token)).status, 200);
      // A token may revoke (its own account's) tokens, itself included.
      const del = await api(`/api/v1/konto/tokens/${made.id}`, made.token, { method: 'DELETE' });
      assert.equal(del.status, 200);
      assert.equal((await api('/api/v1/konto', made.token)).status, 401);
      assert.equal((await api(`/api/v1/konto/tokens/${made.id}`, live.token, { method: 'DELETE' })).status, 404);
    });

    test('admins see and revoke the tokens of accounts they manage, not of others', async () => {
      const own = await createApiToken({ db: database.db, actor: 'test' }, clerkId, 'Fachverfahren');
      const admin = new Browser(app);
      await admin.login('verwaltung');
      const page = await admin.get(`/verwaltung/konten/${clerkId}/token`);
      assert.equal(page.res.status, 200);
      assert.match(textOf(page.html), /Fachverfahren/);
      assert.ok(!page.html.includes(own.token));
      const accountPage = await admin.get(`/verwaltung/konten/${clerkId}`);
      assert.match(accountPage.html, new RegExp(`href="/verwaltung/konten/${clerkId}/token"`));
      // An installation admin's tokens are out of a body admin's reach; under another account's address a
      // token is not found; nothing deleted.
      const root = await makeAccount(database.db, 'root', [], { installationAdmin: true });
      const rootToken = await createApiToken({ db: database.db, actor: 'test' }, root.id, 'Wartung');
      assert.equal((await admin.get(`/verwaltung/konten/${root.id}/token`)).res.status, 403);
      const refused = await admin.post(`/verwaltung/konten/${root.id}/token/${rootToken.id}/widerrufen`, {});
      assert.equal(refused.res.status, 403);
      const elsewhere = await admin.post(`/verwaltung/konten/${clerkId}/token/${rootToken.id}/widerrufen`, {});
      assert.equal(elsewhere.res.status, 404);
      assert.equal((await api('/api/v1/konto', rootToken.token)).status, 200);
      const res = await admin.post(`/verwaltung/konten/${clerkId}/token/${own.id}/widerrufen`, {});
      assert.equal(res.res.status, 303);
      assert.equal((await api('/api/v1/konto', own.token)).status, 401);
      // A clerk cannot reach the admin page of an account.
      const clerk = new Browser(app);
      await clerk.login('sd');
      assert.equal((await clerk.get(`/verwaltung/konten/${clerkId}/token`)).res.status, 403);
    });

    test("a token's last use is written at most once a minute, not on every request", async () => {
      const { id, token } = await createApiToken({ db: database.db, actor: 'test' }, clerkId, 'Takt');
      const lastUse = async () => {
        const [row] = await database.db.select().from(apiTokens).where(eq(apiTokens.id, id));
        return row?.lastUsedAt?.getTime() ?? null;
      };
      const start = new Date('2031-01-01T10:00:00Z');
      assert.ok(await lookupApiToken(database.db, token, start));
      assert.equal(await lastUse(), start.getTime());
      assert.ok(await lookupApiToken(database.db, token, new Date(start.getTime() + SESSION.touchMs - 1)));
      assert.equal(await lastUse(), start.getTime(), 'within the minute: not written again');
      const later = new Date(start.getTime() + SESSION.touchMs);
      assert.ok(await lookupApiToken(database.db, token, later));
      assert.equal(await lastUse(), later.getTime());
    });

    test('"Überall sonst abmelden" ends the other sessions and keeps this one', async () => {
      const first = new Browser(app);
      await first.login('sd');
      const second = new Browser(app, '192.0.2.7');
      await second.login('sd');
      const page = await second.get('/verwaltung/konto');
      assert.match(textOf(page.html), /Überall sonst abmelden/);
      const res = await second.post('/verwaltung/konto/sitzungen', {});
      assert.equal(res.res.status, 303);
      assert.equal((await second.get('/verwaltung/konto')).res.status, 200);
      assert.match(textOf((await second.get('/verwaltung/konto?meldung=abgemeldet')).html), /Alle anderen Sitzungen/);
      const gone = await first.get('/verwaltung/konto');
      assert.equal(gone.res.status, 303, 'the other browser is logged out');
      const left = await database.db.select().from(sessions).where(eq(sessions.accountId, clerkId));
      assert.equal(left.length, 1);
    });

    test('cleanup: ended sessions and old login failures deleted, live ones kept', async () => {
      const now = new Date();
      const live = await createSession({ db: database.db, actor: 'test' }, clerkId, now);
      const idle = await createSession(
        { db: database.db, actor: 'test' },
        clerkId,
        new Date(now.getTime() - SESSION.idleMs - 60_000),
      );
      const old = await createSession(
        { db: database.db, actor: 'test' },
        clerkId,
        new Date(now.getTime() - SESSION.absoluteMs - 60_000),
      );
      await database.db.insert(loginFailures).values([
        { kind: 'login', key: 'alt', at: new Date(now.getTime() - THROTTLE.windowMs - 60_000) },
        { kind: 'login', key: 'neu', at: new Date(now.getTime() - 60_000) },
      ]);
      const removed = await cleanupExpired(database.db, now);
      assert.ok(removed.sessions >= 2);
      assert.ok(removed.loginFailures >= 1);
      const hashes = (await database.db.select().from(sessions)).map((s) => s.tokenHash);
      assert.ok(hashes.includes(sha256(live.token)), 'the live session stays');
      assert.ok(!hashes.includes(sha256(idle.token)));
      assert.ok(!hashes.includes(sha256(old.token)));
      const keys = (await database.db.select().from(loginFailures)).map((f) => f.key);
      assert.ok(keys.includes('neu'));
      assert.ok(!keys.includes('alt'));
    });

    test('the server cleans up at start and on its interval, and stops cleanly', async () => {
      const ended = await createSession(
        { db: database.db, actor: 'test' },
        clerkId,
        new Date(Date.now() - SESSION.absoluteMs - 60_000),
      );
      const lines: string[] = [];
      const stop = scheduleCleanup(database.db, (line) => lines.push(line), 20);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await stop();
      const hashes = (await database.db.select().from(sessions)).map((s) => s.tokenHash);
      assert.ok(!hashes.includes(sha256(ended.token)));
      assert.deepEqual(lines, []);
    });
  });
}

describe('ratsinfo admin cleanup (command)', () => {
  let dataDir: string;
  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'ratsinfo-cleanup-'));
  });
  after(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('deletes ended sessions and says how many (exit 0); wrong arguments exit 2', async () => {
    const database = await openDatabase({ dataDir });
    try {
      const account = await makeAccount(database.db, 'cli', []);
      // The live one first: starting a session clears the account's ended ones on the way.
      await createSession({ db: database.db, actor: 'test' }, account.id);
      await createSession({ db: database.db, actor: 'test' }, account.id, new Date(Date.now() - 13 * 3_600_000));
    } finally {
      await database.close();
    }
    const result = await runCli(['admin', 'cleanup'], { DATA_DIR: dataDir });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Aufgeräumt: 1 abgelaufene Sitzung\(en\)/);
    const reopened = await openDatabase({ dataDir });
    try {
      assert.equal((await reopened.db.select().from(sessions)).length, 1);
    } finally {
      await reopened.close();
    }
    const wrong = await runCli(['admin', 'cleanup', '--alles'], { DATA_DIR: dataDir });
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /Unbekannte Option „--alles“/);
  });
});
