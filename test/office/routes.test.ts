/**
 * The back office through HTTP, as a browser uses it, on every storage backend: login and logout,
 * the session cookie's flags, CSRF refusals (missing or wrong token, foreign origin, login form without
 * its cookie), throttling with 429, session expiry, an admin's password reset with the forced change,
 * no open redirect after login, and the JSON API's refusals.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import type { Database } from '../../src/db/open.ts';
import { sessions } from '../../src/db/schema.ts';
import { createApp } from '../../src/http/app.tsx';
import type { AppEnv } from '../../src/http/env.ts';
import { csrfProtection, loadSession, refuseJson, requirePermission } from '../../src/http/office/session.ts';
import { createSession, SESSION, THROTTLE } from '../../src/services/accounts.ts';
import { importDataset } from '../../src/services/dataset/import.ts';
import { backends } from '../helpers/db.ts';
import { rowCounts, smallTown } from '../helpers/fixtures.ts';
import { textOf } from '../helpers/html.ts';
import { Browser, makeAccount, PASSWORD, setCookies } from './helpers.ts';

for (const backend of backends()) {
  describe(`back office over HTTP (${backend.name})`, () => {
    let database: Database;
    let app: ReturnType<typeof createApp>;
    let bodyId: number;

    before(async () => {
      database = await backend.open();
      app = createApp({ db: database.db, logError: () => {} });
      bodyId = (await importDataset({ db: database.db, actor: 'test' }, smallTown())).bodyId;
      await makeAccount(database.db, 'mia', [{ bodyId, role: 'member' }]);
      await makeAccount(database.db, 'admina', [{ bodyId, role: 'admin' }]);
    });
    after(async () => {
      await database?.close();
    });

    test('a visitor is sent to the login; login, start page with body and role, logout', async () => {
      const browser = new Browser(app);
      const first = await browser.get('/verwaltung');
      assert.equal(first.res.status, 303);
      assert.equal(first.res.headers.get('location'), '/verwaltung/anmelden?weiter=%2Fverwaltung');
      const form = await browser.get('/verwaltung/anmelden');
      assert.equal(form.res.status, 200);
      assert.match(form.html, /<html lang="de"/);
      assert.match(form.html, /<label for="anmeldename">Anmeldename<\/label>/);
      assert.match(form.html, /<label for="passwort">Passwort<\/label>/);
      assert.equal(form.html.match(/<h1[\s>]/g)?.length, 1);
      assert.equal(form.res.headers.get('cache-control'), 'no-store');
      assert.equal(form.res.headers.get('x-frame-options'), 'DENY');

      const res = await browser.login('mia');
      assert.equal(res.headers.get('location'), '/verwaltung');
      const start = await browser.get('/verwaltung');
      assert.equal(start.res.status, 200);
      const text = textOf(start.html);
      assert.match(text, /Angemeldet als Konto mia \(mia\)/);
      assert.match(text, /Stadt Teststadt Mitglied/);
      assert.doesNotMatch(start.html, /href="\/verwaltung\/konten"/, 'no accounts link for a member');

      const out = await browser.post('/verwaltung/abmelden', {});
      assert.equal(out.res.status, 303);
      assert.equal(out.res.headers.get('location'), '/verwaltung/anmelden?abgemeldet');
      assert.equal(browser.cookies.has('ratsinfo_session'), false, 'cookie removed');
      const again = await browser.get('/verwaltung');
      assert.equal(again.res.status, 303, 'logged out');
    });

    test('the session cookie: random token, HttpOnly, SameSite=Lax, Path=/, Secure under https', async () => {
      const browser = new Browser(app);
      const res = await browser.login('mia');
      const cookie = setCookies(res).get('ratsinfo_session');
      assert.ok(cookie);
      assert.match(cookie.value, /^[A-Za-z0-9_-]{43}$/, '32 random bytes');
      assert.ok(cookie.attributes.includes('httponly'));
      assert.ok(cookie.attributes.includes('samesite=lax'));
      assert.ok(cookie.attributes.includes('path=/'));
      assert.ok(!cookie.attributes.includes('secure'), 'plain http in development');
      const maxAge = Number(cookie.attributes.find((a) => a.startsWith('max-age='))?.slice(8));
      assert.ok(maxAge > SESSION.absoluteMs / 1000 - 60 && maxAge <= SESSION.absoluteMs / 1000);

      // PUBLIC_URL https: Secure (also behind a proxy that speaks http to Ratsinfo).
      const secureApp = createApp({ db: database.db, publicUrl: 'https://rat.example', logError: () => {} });
      const secure = new Browser(secureApp);
      secure.origin = 'https://rat.example';
      const secureRes = await secure.login('mia');
      assert.ok(setCookies(secureRes).get('ratsinfo_session')?.attributes.includes('secure'));
    });

    test('wrong password and unknown name: the same answer; no session', async () => {
      const answers: string[] = [];
      for (const [name, password] of [
        ['mia', 'falsches-passwort-1'],
        ['unbekannt', PASSWORD],
      ] as const) {
        const browser = new Browser(app, `198.51.100.${answers.length + 1}`);
        await browser.get('/verwaltung/anmelden');
        const { res, html } = await browser.post('/verwaltung/anmelden', { anmeldename: name, passwort: password });
        assert.equal(res.status, 401);
        assert.equal(browser.cookies.has('ratsinfo_session'), false);
        answers.push(textOf(html.slice(html.indexOf('<main'), html.indexOf('</main>'))).replace(name, 'NAME'));
      }
      assert.equal(answers[0], answers[1]);
      assert.match(answers[0] ?? '', /Anmeldename oder Passwort ist falsch\./);
    });

    test('throttling: 429 with Retry-After and a German message, also for the right password', async () => {
      await makeAccount(database.db, 'bedraengt', [{ bodyId, role: 'member' }]);
      for (let i = 0; i < THROTTLE.perLogin; i++) {
        const browser = new Browser(app, `192.0.2.${100 + i}`);
        await browser.get('/verwaltung/anmelden');
        const { res } = await browser.post('/verwaltung/anmelden', {
          anmeldename: 'bedraengt',
          passwort: `falsch-${i}-xxxxxx`,
        });
        assert.equal(res.status, 401);
      }
      const browser = new Browser(app, '192.0.2.200');
      await browser.get('/verwaltung/anmelden');
      const { res, html } = await browser.post('/verwaltung/anmelden', {
        anmeldename: 'bedraengt',
        passwort: PASSWORD,
      });
      assert.equal(res.status, 429);
      assert.ok(Number(res.headers.get('retry-after')) > 0);
      assert.match(
        textOf(html),
        /Zu viele fehlgeschlagene Anmeldeversuche\. Bitte versuchen Sie es in \d+ Minuten erneut\./,
      );
      assert.equal(browser.cookies.has('ratsinfo_session'), false);
    });

    test('CSRF: forms without the token, with a wrong one or from a foreign origin are refused and change nothing', async () => {
      const browser = new Browser(app);
      await browser.login('admina');
      const konten = await browser.get('/verwaltung/konten');
      assert.equal(konten.res.status, 200);
      const form = { anmeldename: 'neu-csrf', name: 'Neu', koerperschaft: String(bodyId), rolle: 'member' };
      const before = await rowCounts(database.db);
      const cases: Array<[string, Parameters<Browser['post']>[2], RegExp]> = [
        ['no token', { csrf: null }, /Formular ist abgelaufen/],
        ['wrong token', { csrf: 'x'.repeat(43) }, /Formular ist abgelaufen/],
        [
          'foreign origin',
          { headers: { origin: 'https://evil.example' } },
          /nicht von einer Seite dieser Installation/,
        ],
        [
          'cross-site fetch',
          { headers: { 'sec-fetch-site': 'cross-site' } },
          /nicht von einer Seite dieser Installation/,
        ],
      ];
      for (const [name, options, message] of cases) {
        const { res, html } = await browser.post('/verwaltung/konten', form, options);
        assert.equal(res.status, 403, name);
        assert.match(textOf(html), message, name);
      }
      // Neither Origin nor Referer: refused as well.
      const bare = await app.request('/verwaltung/konten', {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        },
        body: new URLSearchParams({ ...form, _csrf: browser.csrf ?? '' }),
      });
      assert.equal(bare.status, 403);
      assert.deepEqual(await rowCounts(database.db), before, 'nothing written');
      // A same-origin Referer stands in for a missing Origin; the right token passes.
      const ok = await browser.post('/verwaltung/konten', form, {
        headers: { origin: '', referer: 'http://localhost/verwaltung/konten' },
      });
      assert.equal(ok.res.status, 403, 'an empty Origin is not this origin');
      const good = await browser.post('/verwaltung/konten', form);
      assert.equal(good.res.status, 200);
      assert.match(textOf(good.html), /Vorläufiges Passwort für neu-csrf/);
    });

    test('CSRF on the login form: its cookie and field must match, and the origin', async () => {
      const browser = new Browser(app, '192.0.2.50');
      await browser.get('/verwaltung/anmelden');
      const noCookie = await app.request('/verwaltung/anmelden', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
        body: new URLSearchParams({ _csrf: browser.csrf ?? '', anmeldename: 'mia', passwort: PASSWORD }),
      });
      assert.equal(noCookie.status, 403);
      assert.equal(setCookies(noCookie).has('ratsinfo_session'), false);
      const foreign = await browser.post(
        '/verwaltung/anmelden',
        { anmeldename: 'mia', passwort: PASSWORD },
        { headers: { origin: 'https://evil.example' } },
      );
      assert.equal(foreign.res.status, 403);
      const wrong = await browser.post(
        '/verwaltung/anmelden',
        { anmeldename: 'mia', passwort: PASSWORD },
        { csrf: 'y'.repeat(43) },
      );
      assert.equal(wrong.res.status, 403);
      assert.equal(browser.cookies.has('ratsinfo_session'), false);
    });

    test('an idle or expired session sends back to the login', async () => {
      const browser = new Browser(app);
      await browser.login('mia');
      const token = browser.cookies.get('ratsinfo_session') ?? '';
      assert.equal((await browser.get('/verwaltung')).res.status, 200);
      await database.db
        .update(sessions)
        .set({ lastSeenAt: new Date(Date.now() - SESSION.idleMs - 1000) })
        .where(eq(sessions.csrfToken, browser.csrf ?? ''));
      const idle = await browser.get('/verwaltung');
      assert.equal(idle.res.status, 303);
      assert.match(idle.res.headers.get('location') ?? '', /^\/verwaltung\/anmelden/);
      assert.equal(browser.cookies.has('ratsinfo_session'), false, 'the ended session’s cookie is removed');
      assert.ok(token);

      const other = new Browser(app);
      await other.login('mia');
      await database.db
        .update(sessions)
        .set({ expiresAt: new Date(Date.now() - 1000) })
        .where(eq(sessions.csrfToken, other.csrf ?? ''));
      assert.equal((await other.get('/verwaltung')).res.status, 303);
    });

    test('admin reset through the pages: the temporary password logs in and must be changed first', async () => {
      const target = await makeAccount(database.db, 'timo', [{ bodyId, role: 'member' }]);
      const timo = new Browser(app, '192.0.2.60');
      await timo.login('timo');
      const admin = new Browser(app, '192.0.2.61');
      await admin.login('admina');
      await admin.get('/verwaltung/konten');
      const reset = await admin.post(`/verwaltung/konten/${target.id}/passwort`, {});
      assert.equal(reset.res.status, 200);
      const temporary = /class="secret">([a-z2-9-]{19})</.exec(reset.html)?.[1];
      assert.ok(temporary, 'the temporary password is shown once');
      assert.equal((await timo.get('/verwaltung')).res.status, 303, 'timo’s session ended');

      const again = new Browser(app, '192.0.2.62');
      await again.get('/verwaltung/anmelden');
      const login = await again.post('/verwaltung/anmelden', { anmeldename: 'timo', passwort: temporary });
      assert.equal(login.res.headers.get('location'), '/verwaltung/passwort');
      const forced = await again.get('/verwaltung');
      assert.equal(forced.res.status, 303);
      assert.equal(forced.res.headers.get('location'), '/verwaltung/passwort');
      const page = await again.get('/verwaltung/passwort');
      assert.match(textOf(page.html), /zurückgesetzt/);
      const mismatch = await again.post('/verwaltung/passwort', {
        bisher: temporary,
        neu: 'mein-eigenes-passwort',
        wiederholung: 'anders-anders-anders',
      });
      assert.equal(mismatch.res.status, 422);
      assert.match(textOf(mismatch.html), /stimmen nicht überein/);
      assert.match(mismatch.html, /aria-invalid="true"/);
      const changed = await again.post('/verwaltung/passwort', {
        bisher: temporary,
        neu: 'mein-eigenes-passwort',
        wiederholung: 'mein-eigenes-passwort',
      });
      assert.equal(changed.res.status, 303);
      assert.equal(changed.res.headers.get('location'), '/verwaltung?passwort=geaendert');
      const start = await again.get('/verwaltung?passwort=geaendert');
      assert.equal(start.res.status, 200);
      assert.match(textOf(start.html), /Ihr Passwort wurde geändert/);
      await new Browser(app, '192.0.2.63').login('timo', 'mein-eigenes-passwort');
    });

    test('after login only back office paths are followed (no open redirect)', async () => {
      for (const [next, expected] of <Array<[string, string]>>[
        ['/verwaltung/passwort', '/verwaltung/passwort'],
        ['https://evil.example/', '/verwaltung'],
        ['//evil.example/verwaltung', '/verwaltung'],
        ['/verwaltung//evil.example', '/verwaltung'],
        ['/sitzungen', '/verwaltung'],
      ]) {
        const browser = new Browser(app, '192.0.2.70');
        await browser.get(`/verwaltung/anmelden?weiter=${encodeURIComponent(next)}`);
        const { res } = await browser.post('/verwaltung/anmelden', {
          anmeldename: 'mia',
          passwort: PASSWORD,
          weiter: next,
        });
        assert.equal(res.headers.get('location'), expected, next);
      }
    });

    test('the API: 401 JSON without login, the account with a session or a bearer token', async () => {
      const anonymous = await app.request('/api/v1/konto');
      assert.equal(anonymous.status, 401);
      assert.deepEqual(await anonymous.json(), {
        error: { id: 'auth.required', message: 'Bitte melden Sie sich an (Sitzung oder API-Token).' },
      });
      const account = await makeAccount(database.db, 'api-nutzer', [{ bodyId, role: 'clerk' }]);
      const { token } = await createSession({ db: database.db, actor: 'test' }, account.id);
      const me = await app.request('/api/v1/konto', { headers: { cookie: `ratsinfo_session=${token}` } });
      assert.equal(me.status, 200);
      assert.deepEqual(((await me.json()) as { roles: unknown }).roles, [{ bodyId, role: 'clerk' }]);
      const { createApiToken } = await import('../../src/services/accounts.ts');
      const api = await createApiToken({ db: database.db, actor: 'test' }, account.id, 'Test');
      const bearer = await app.request('/api/v1/konto', { headers: { authorization: `Bearer ${api.token}` } });
      assert.equal(bearer.status, 200);
      assert.equal(((await bearer.json()) as { login: string }).login, 'api-nutzer');
      const bad = await app.request('/api/v1/konto', { headers: { authorization: 'Bearer ratsinfo_falsch' } });
      assert.equal(bad.status, 401);
    });

    test('requirePermission under /api/v1: 401, 403 permission.denied, password change first; CSRF header with a cookie', async () => {
      // A guarded API route as later parts add them.
      const probe = new Hono<AppEnv>();
      probe.use('*', async (c, next) => {
        c.set('db', database.db);
        c.set('publicUrl', undefined);
        await next();
      });
      probe.use('/api/v1/*', loadSession, csrfProtection(refuseJson));
      probe.get('/api/v1/konten', requirePermission('account.manage', refuseJson), (c) => c.json({ ok: true }));
      probe.post('/api/v1/konten', requirePermission('account.manage', refuseJson), (c) => c.json({ ok: true }));
      const member = await makeAccount(database.db, 'api-mitglied', [{ bodyId, role: 'member' }]);
      const admin = await makeAccount(database.db, 'api-admin', [{ bodyId, role: 'admin' }]);
      const reset = await makeAccount(database.db, 'api-reset', [{ bodyId, role: 'admin' }], {
        mustChangePassword: true,
      });
      const ctx = { db: database.db, actor: 'test' };
      const as = async (account: { id: number }) => {
        const s = await createSession(ctx, account.id);
        return { cookie: `ratsinfo_session=${s.token}`, csrf: s.csrfToken };
      };
      const json = async (res: Response) => ((await res.json()) as { error?: { id: string; message: string } }).error;

      assert.equal((await json(await probe.request('/api/v1/konten')))?.id, 'auth.required');
      const m = await as(member);
      const refused = await probe.request('/api/v1/konten', { headers: { cookie: m.cookie } });
      assert.equal(refused.status, 403);
      assert.deepEqual(await json(refused), {
        id: 'permission.denied',
        message:
          'Ihr Konto hat keine Berechtigung für „Konten verwalten (anlegen, Rollen, Passwort zurücksetzen)“. Erlaubt ist das nur mit der Rolle Administration.',
      });
      const r = await as(reset);
      const first = await probe.request('/api/v1/konten', { headers: { cookie: r.cookie } });
      assert.equal(first.status, 403);
      assert.equal((await json(first))?.id, 'account.password_change_required');
      const a = await as(admin);
      assert.equal((await probe.request('/api/v1/konten', { headers: { cookie: a.cookie } })).status, 200);
      // With the session cookie, an unsafe API request needs the same origin and the X-CSRF-Token header.
      const post = (headers: Record<string, string>) =>
        probe.request('/api/v1/konten', {
          method: 'POST',
          headers: { cookie: a.cookie, origin: 'http://localhost', ...headers },
        });
      assert.equal((await json(await post({})))?.id, 'csrf.invalid');
      assert.equal((await post({ 'x-csrf-token': a.csrf })).status, 200);
      assert.equal((await post({ 'x-csrf-token': a.csrf, origin: 'https://evil.example' })).status, 403);
    });

    test('bad form input on the account pages: a German message, 4xx, nothing written', async () => {
      await makeAccount(database.db, 'wurzel', [], { installationAdmin: true });
      const target = await makeAccount(database.db, 'formziel', [{ bodyId, role: 'member' }]);
      const browser = new Browser(app, '192.0.2.80');
      await browser.login('wurzel');
      await browser.get(`/verwaltung/konten/${target.id}`);
      const before = await rowCounts(database.db);
      const cases: Array<[string, Record<string, string>, number, RegExp]> = [
        [
          '/verwaltung/konten',
          { anmeldename: 'x1', name: 'X', koerperschaft: 'abc', rolle: 'member' },
          422,
          /Unbekannte Körperschaft/,
        ],
        [
          '/verwaltung/konten',
          { anmeldename: 'x2', name: 'X', koerperschaft: '999999', rolle: 'member' },
          422,
          /fehlt/,
        ],
        [
          '/verwaltung/konten',
          { anmeldename: 'x3', name: 'X', koerperschaft: String(bodyId), rolle: 'kaiser' },
          422,
          /Unbekannte Rolle „kaiser“/,
        ],
        [
          '/verwaltung/konten',
          { anmeldename: 'X Y', name: 'X', koerperschaft: String(bodyId), rolle: 'member' },
          422,
          /Anmeldename/,
        ],
        [`/verwaltung/konten/${target.id}/rollen`, { rolle: '999999:member' }, 422, /fehlt/],
        [`/verwaltung/konten/${target.id}/rollen`, { rolle: `${bodyId}:kaiser` }, 422, /Unbekannte Rolle/],
        [`/verwaltung/konten/${target.id}`, { name: 'Neu', person: 'abc' }, 422, /Person gibt es nicht/],
        [`/verwaltung/konten/${target.id}`, { name: '', person: '' }, 422, /Namen/],
        ['/verwaltung/konten/999999/passwort', {}, 404, /Dieses Konto gibt es nicht/],
      ];
      for (const [path, form, status, message] of cases) {
        const { res, html } = await browser.post(path, form);
        assert.equal(res.status, status, `${path} ${JSON.stringify(form)}: ${textOf(html).slice(0, 300)}`);
        assert.match(textOf(html), message, path);
      }
      assert.deepEqual(await rowCounts(database.db), before);
    });

    test('cookies are Secure when the request itself came over https', async () => {
      const res = await app.request('https://localhost/verwaltung/anmelden');
      assert.ok(setCookies(res).get('ratsinfo_login')?.attributes.includes('secure'));
      const plain = await app.request('http://localhost/verwaltung/anmelden');
      assert.ok(!setCookies(plain).get('ratsinfo_login')?.attributes.includes('secure'));
    });

    test('public pages stay cacheable and never carry the session', async () => {
      const browser = new Browser(app);
      await browser.login('mia');
      const res = await app.request('/', {
        headers: { cookie: `ratsinfo_session=${browser.cookies.get('ratsinfo_session')}` },
      });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('x-cache'), null, 'a request with a cookie bypasses the page cache');
      const office = await app.request('/verwaltung/anmelden');
      assert.equal(office.headers.get('x-cache'), null, 'the back office is never cached');
    });
  });
}
