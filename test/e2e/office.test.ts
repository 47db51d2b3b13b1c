/**
 * The back office in a real browser (Debian chromium): an admin of the demo body logs in with the
 * keyboard, opens the accounts, creates an account and resets a password; the new person logs in
 * with the temporary password and is made to choose their own; a member is refused the accounts page;
 * logout. axe (WCAG 2.1 A/AA) checks every back office page on the way, error states included. The app
 * runs in-process on 127.0.0.1 on the demo data; the browser may reach nothing else.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { Database } from '../../src/db/open.ts';
import { demoAccounts } from '../../src/demo/accounts.ts';
import { loadDemo } from '../../src/demo/load.ts';
import { createApp } from '../../src/http/app.tsx';
import { backends } from '../helpers/db.ts';
import {
  axeViolations,
  launchChromium,
  offlineContext,
  type RunningApp,
  serveApp,
  skipWithoutChromium,
} from './browser.ts';

/** The rendered text of an element, as a reader sees it, whitespace collapsed. */
async function textOf(locator: Locator): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the rendered text, with line breaks between blocks.
  return (await locator.innerText()).replace(/\s+/g, ' ').trim();
}

const password = (login: string) => demoAccounts.find((d) => d.login === login)?.password ?? '';

describe('back office in Chromium', { skip: skipWithoutChromium() }, () => {
  let database: Database | undefined;
  let server: RunningApp | undefined;
  let browser: Browser | undefined;
  const blocked: string[] = [];
  const errors: string[] = [];
  let origin = '';

  before(async () => {
    browser = await launchChromium();
    const backend = backends()[0];
    assert.ok(backend);
    database = await backend.open();
    await loadDemo(database.db);
    server = await serveApp(createApp({ db: database.db, logError: (e) => errors.push(String(e)) }).fetch);
    origin = server.origin;
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
    assert.deepEqual(blocked, [], 'no request left the loopback');
    assert.deepEqual(errors, [], 'no server errors');
  });

  async function expectAccessible(page: Page, what: string) {
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], `axe (WCAG 2.1 AA) on ${what} (${page.url()}):\n${violations.join('\n')}`);
    assert.equal(await page.locator('h1').count(), 1, `exactly one h1 on ${what}`);
  }

  async function newContext(): Promise<BrowserContext> {
    assert.ok(browser);
    return offlineContext(browser, blocked);
  }

  /** Logs in through the form, with the keyboard. */
  async function login(page: Page, name: string, secret: string) {
    await page.goto(`${origin}/verwaltung/anmelden`);
    await page.getByLabel('Anmeldename').fill(name);
    await page.getByLabel('Passwort', { exact: true }).fill(secret);
    await page.getByLabel('Passwort', { exact: true }).press('Enter');
    await page.waitForLoadState();
  }

  test('admin: login (with a failed attempt), start page, accounts, create, reset; logout', async () => {
    const context = await newContext();
    const page = await context.newPage();
    const visitor = await page.goto(`${origin}/verwaltung`);
    assert.equal(visitor?.status(), 200);
    assert.match(page.url(), /\/verwaltung\/anmelden\?weiter=%2Fverwaltung$/);
    await expectAccessible(page, 'the login form');

    await login(page, 'demo-admin', 'ganz-falsches-passwort');
    assert.match(await textOf(page.getByRole('alert')), /Anmeldename oder Passwort ist falsch/);
    await expectAccessible(page, 'the login form with an error');

    await login(page, 'demo-admin', password('demo-admin'));
    await page.waitForURL(`${origin}/verwaltung`);
    assert.match(await textOf(page.locator('main')), /Kreis Mettmann\s+Administration/);
    await expectAccessible(page, 'the start page');

    await page.getByRole('navigation', { name: 'Verwaltung' }).getByRole('link', { name: 'Konten' }).click();
    await page.waitForURL(`${origin}/verwaltung/konten`);
    await expectAccessible(page, 'the accounts page');

    await page.getByLabel('Anmeldename').fill('neue.kollegin');
    await page.getByLabel('Name', { exact: true }).fill('Nele Neu');
    await page.getByLabel('Rolle').selectOption('clerk');
    await page.getByRole('button', { name: 'Konto anlegen' }).click();
    await page.waitForLoadState();
    const temporary = await textOf(page.locator('.secret'));
    assert.match(temporary, /^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    await expectAccessible(page, 'the accounts page with a new temporary password');

    await page.getByRole('link', { name: 'anfang' }).click();
    await page.waitForURL(/\/verwaltung\/konten\/\d+$/);
    await expectAccessible(page, 'an account page');
    await page.getByRole('link', { name: 'Zurück zu den Konten' }).click();
    await page.getByRole('button', { name: 'Passwort zurücksetzen: Nicole Anfang' }).click();
    await page.waitForLoadState();
    assert.match(await textOf(page.getByRole('status')), /Vorläufiges Passwort für anfang/);

    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.waitForURL(/\/verwaltung\/anmelden\?abgemeldet$/);
    assert.match(await textOf(page.getByRole('status')), /Sie haben sich abgemeldet/);
    await expectAccessible(page, 'the login form after logout');
    await context.close();

    // The new account: the temporary password, then its own.
    const second = await newContext();
    const newcomer = await second.newPage();
    await login(newcomer, 'neue.kollegin', temporary);
    await newcomer.waitForURL(`${origin}/verwaltung/passwort`);
    await expectAccessible(newcomer, 'the forced password change');
    await newcomer.getByLabel('Vorläufiges Passwort').fill(temporary);
    await newcomer.getByLabel('Neues Passwort', { exact: true }).fill('mein-neues-passwort');
    await newcomer.getByLabel('Neues Passwort wiederholen').fill('etwas-anderes-passwort');
    await newcomer.getByRole('button', { name: 'Passwort ändern' }).click();
    await newcomer.waitForLoadState();
    assert.match(await textOf(newcomer.locator('main')), /stimmen nicht überein/);
    await expectAccessible(newcomer, 'the password form with an error');
    await newcomer.getByLabel('Vorläufiges Passwort').fill(temporary);
    await newcomer.getByLabel('Neues Passwort', { exact: true }).fill('mein-neues-passwort');
    await newcomer.getByLabel('Neues Passwort wiederholen').fill('mein-neues-passwort');
    await newcomer.getByRole('button', { name: 'Passwort ändern' }).click();
    await newcomer.waitForURL(`${origin}/verwaltung?passwort=geaendert`);
    assert.match(await textOf(newcomer.locator('main')), /Kreis Mettmann\s+Sitzungsdienst/);
    await second.close();
  });

  test('a member is refused the accounts page with a clear message', async () => {
    const context = await newContext();
    const page = await context.newPage();
    await login(page, 'weiss', password('weiss'));
    await page.waitForURL(`${origin}/verwaltung`);
    const refused = await page.goto(`${origin}/verwaltung/konten`);
    assert.equal(refused?.status(), 403);
    assert.match(await textOf(page.locator('main')), /keine Berechtigung für „Konten verwalten/);
    await expectAccessible(page, 'the refusal page');
    await context.close();
  });
});
