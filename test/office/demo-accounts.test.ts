/**
 * The demo accounts as README.md lists them ("Verwaltung und Demo-Zugänge"): each logs in through the
 * login form with the documented password and sees its role in Kreis Mettmann; the accounts are linked
 * to their persons of the reference meeting; an installation's own account of the same name is left alone.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import type { Database } from '../../src/db/open.ts';
import { accounts, persons } from '../../src/db/schema.ts';
import { demoAccounts } from '../../src/demo/accounts.ts';
import { loadDemo } from '../../src/demo/load.ts';
import { createApp } from '../../src/http/app.tsx';
import { verifyPassword } from '../../src/services/accounts.ts';
import { backends } from '../helpers/db.ts';
import { textOf } from '../helpers/html.ts';
import { Browser, makeAccount } from './helpers.ts';

/** The rows of the README's demo table: login, password, role label. */
function documented(): Array<{ login: string; password: string; role: string }> {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Verwaltung und Demo-Zugänge'));
  const rows = [...section.matchAll(/^\| `([^`]+)` +\| `([^`]+)` +\| [^|]+\| ([^|]+?) +\|$/gm)];
  return rows.map((m) => ({ login: m[1] ?? '', password: m[2] ?? '', role: m[3] ?? '' }));
}

for (const backend of backends()) {
  describe(`demo accounts (${backend.name})`, () => {
    let database: Database;
    let app: ReturnType<typeof createApp>;

    before(async () => {
      database = await backend.open();
      // An installation's own account named like a demo account keeps its own password and roles.
      await makeAccount(database.db, 'demo-admin', [], { password: 'eigenes-passwort-123' });
      await loadDemo(database.db);
      app = createApp({ db: database.db, logError: () => {} });
    });
    after(async () => {
      await database?.close();
    });

    test('README lists the Schriftführer, the chair and a member (and an admin), with their passwords', async () => {
      for (const demo of documented()) {
        const shipped = demoAccounts.find((d) => d.login === demo.login);
        assert.ok(shipped && (await verifyPassword(demo.password, shipped.passwordHash)), demo.login);
      }
      assert.deepEqual(
        documented().map((d) => [d.login, d.role]),
        [
          ['gramenz', 'Sitzungsdienst'],
          ['weiss', 'Vorsitz'],
          ['anfang', 'Mitglied'],
          ['demo-admin', 'Administration'],
        ],
      );
    });

    test('each documented account logs in with its password and sees its role in Kreis Mettmann', async () => {
      for (const [i, demo] of documented().entries()) {
        if (demo.login === 'demo-admin') continue; // taken by the installation's own account here
        const browser = new Browser(app, `192.0.2.${10 + i}`);
        await browser.login(demo.login, demo.password);
        const start = await browser.get('/verwaltung');
        assert.equal(start.res.status, 200, demo.login);
        assert.match(textOf(start.html), new RegExp(`Kreis Mettmann ${demo.role}`), demo.login);
      }
    });

    test('the accounts are linked to their persons; an existing name is left alone', async () => {
      const rows = await database.db
        .select({ login: accounts.login, family: persons.familyName, installationAdmin: accounts.installationAdmin })
        .from(accounts)
        .leftJoin(persons, eq(persons.id, accounts.personId))
        .orderBy(accounts.login);
      assert.deepEqual(
        rows.map((r) => [r.login, r.family]),
        [
          ['anfang', 'Anfang'],
          ['demo-admin', null],
          ['gramenz', 'Gramenz'],
          ['weiss', 'Weiß'],
        ],
      );
      const own = new Browser(app, '192.0.2.40');
      await own.login('demo-admin', 'eigenes-passwort-123');
      const start = await own.get('/verwaltung');
      assert.equal(start.res.status, 403, 'no role was added to the existing account');
    });
  });
}
