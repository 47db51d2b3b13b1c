/**
 * The back office in a real browser (Debian chromium): an admin of the demo body logs in with the
 * keyboard, opens the accounts, creates an account and resets a password; the new person logs in
 * with the temporary password and is made to choose their own; a member is refused the accounts page;
 * logout. axe (WCAG 2.1 A/AA) checks every back office page on the way, error states included. The app
 * runs in-process on 127.0.0.1 on the demo data; the browser may reach nothing else.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { desc, eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { Database } from '../../src/db/open.ts';
import { meetings } from '../../src/db/schema.ts';
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

  test('clerk: master data – searches and sorts, creates a committee and adds members; a conflict; axe on every page', async () => {
    const context = await newContext();
    const page = await context.newPage();
    await login(page, 'gramenz', password('gramenz'));
    await page.waitForURL(`${origin}/verwaltung`);
    await page.getByRole('navigation', { name: 'Verwaltung' }).getByRole('link', { name: 'Stammdaten' }).click();
    await page.waitForURL(`${origin}/verwaltung/stammdaten`);
    await expectAccessible(page, 'the master data overview');
    await page.getByRole('link', { name: 'Gremien und Organisationen' }).click();
    await page.waitForURL(`${origin}/verwaltung/stammdaten/kreis-mettmann/organisationen`);
    await expectAccessible(page, 'the list of organisations');

    // Search and sort.
    const search = page.getByLabel('Name, Kurzname oder Amtsnummer');
    await search.fill('digital');
    await search.press('Enter');
    await page.waitForURL(/q=digital/);
    const found = await textOf(page.locator('tbody'));
    assert.match(found, /Ausschuss für Digitalisierung/);
    assert.doesNotMatch(found, /Kreisausschuss/);
    await expectAccessible(page, 'a search result');
    await page.getByRole('columnheader', { name: /Name/ }).getByRole('link').click();
    await page.waitForURL(/richtung=ab/);
    assert.equal(await page.getByRole('columnheader', { name: /Name/ }).getAttribute('aria-sort'), 'descending');
    await page.getByRole('link', { name: 'Suche zurücksetzen' }).click();

    // A new committee: first without a name, then properly.
    await page.getByRole('link', { name: 'Organisation anlegen' }).click();
    await page.waitForURL(/\/organisationen\/neu$/);
    await expectAccessible(page, 'the form for a new organisation');
    await page.getByRole('button', { name: 'Organisation anlegen' }).click();
    await page.waitForLoadState();
    assert.match(await textOf(page.getByRole('alert')), /Name: Bitte geben Sie den Namen an\./);
    assert.equal(await page.getByLabel('Name (Pflichtfeld)').getAttribute('aria-invalid'), 'true');
    await expectAccessible(page, 'the organisation form with an error');
    await page.getByLabel('Name (Pflichtfeld)').fill('Ausschuss für Klimaschutz und Mobilität');
    await page.getByLabel('Kurzname').fill('AKM');
    await page.getByLabel('Gehört zu').selectOption({ label: 'Kreistag' });
    await page.getByLabel('Sollstärke (Sitze)').fill('15');
    await page.getByRole('button', { name: 'Organisation anlegen' }).click();
    await page.waitForURL(/\/organisationen\/\d+\?angelegt$/);
    const committeeUrl = page.url().replace(/\?angelegt$/, '');
    assert.match(await textOf(page.getByRole('status')), /Angelegt/);
    await expectAccessible(page, 'the new committee');

    // Members: a chair, a member, and a deputy for the member (first with the wrong role).
    const addMember = async (person: string, role: string, faction: string, deputyOf?: string) => {
      await page.getByRole('link', { name: 'Mitglied hinzufügen' }).click();
      await page.waitForURL(/\/mitgliedschaften\/neu\?organisation=\d+$/);
      await page.getByLabel('Person (Pflichtfeld)').selectOption({ label: person });
      await page.getByLabel('Rolle (Pflichtfeld)').selectOption({ label: role });
      await page.getByLabel('Für die Fraktion').selectOption({ label: faction });
      if (deputyOf) await page.getByLabel('Vertritt').selectOption({ label: deputyOf });
      await page.getByRole('button', { name: 'Mitgliedschaft anlegen' }).click();
      await page.waitForLoadState();
    };
    await addMember('Weiß, Dietmar', 'Vorsitz', 'CDU-Fraktion');
    await page.waitForURL(/mitglied=gespeichert/);
    await expectAccessible(page, 'the committee with a member');
    await addMember('Anfang, Nicole', 'Mitglied', 'CDU-Fraktion');
    await addMember('Bösel, Markus', 'Mitglied', 'CDU-Fraktion', 'Anfang, Nicole');
    assert.match(await textOf(page.getByRole('alert')), /Wen jemand vertritt, gibt es nur bei den Rollen/);
    await expectAccessible(page, 'the membership form with an error');
    await page.getByLabel('Rolle (Pflichtfeld)').selectOption({ label: 'stellv. Mitglied' });
    await page.getByRole('button', { name: 'Mitgliedschaft anlegen' }).click();
    await page.waitForURL(/mitglied=gespeichert/);
    const members = await textOf(page.getByRole('region', { name: 'Mitglieder' }));
    assert.match(members, /Mitglieder: 3/);
    assert.match(members, /Dietmar Weiß Vorsitz CDU – ja/);
    assert.match(members, /Nicole Anfang Mitglied CDU – ja/);
    assert.match(members, /Markus Bösel stellv\. Mitglied CDU Nicole Anfang ja/);

    // Two people edit the committee at once: the second save is refused and keeps the input.
    await page.goto(committeeUrl);
    const other = await newContext();
    const admin = await other.newPage();
    await login(admin, 'demo-admin', password('demo-admin'));
    await admin.goto(committeeUrl);
    await admin.getByLabel('Sollstärke (Sitze)').fill('13');
    await admin.getByRole('button', { name: 'Änderungen speichern' }).click();
    await admin.waitForURL(/\?gespeichert$/);
    await other.close();
    await page.getByLabel('Kurzname').fill('KliMo');
    await page.getByRole('button', { name: 'Änderungen speichern' }).click();
    await page.waitForLoadState();
    assert.match(
      await textOf(page.getByRole('alert')),
      /wurde inzwischen von Demo-Administration am .* geändert.*Ihre Änderungen wurden nicht gespeichert/,
    );
    assert.equal(await page.getByLabel('Kurzname').inputValue(), 'KliMo');
    assert.match(await textOf(page.locator('#statutoryMembers-gespeichert')), /Inzwischen gespeichert: 13/);
    await expectAccessible(page, 'the conflict after a concurrent change');
    await page.getByLabel('Sollstärke (Sitze)').fill('13');
    await page.getByRole('button', { name: 'Änderungen speichern' }).click();
    await page.waitForURL(/\?gespeichert$/);

    // The other lists and pages, each checked by axe.
    const sections = page.getByRole('navigation', { name: 'Stammdaten Kreis Mettmann' });
    await sections.getByRole('link', { name: 'Personen' }).click();
    await expectAccessible(page, 'the list of persons');
    await page.getByLabel('Name, Amtsbezeichnung oder E-Mail').fill('weiss');
    await page.getByLabel('Name, Amtsbezeichnung oder E-Mail').press('Enter');
    await page.getByRole('link', { name: 'Weiß, Dietmar' }).click();
    await page.waitForURL(/\/personen\/\d+$/);
    assert.match(
      await textOf(page.getByRole('region', { name: 'Mitgliedschaften' })),
      /Ausschuss für Klimaschutz und Mobilität Vorsitz/,
    );
    await expectAccessible(page, 'a person');
    await page.getByRole('link', { name: 'Ausschuss für Klimaschutz und Mobilität' }).click();
    await page.waitForURL(/\/mitgliedschaften\/\d+$/);
    await expectAccessible(page, 'a membership');
    await sections.getByRole('link', { name: 'Mitgliedschaften' }).click();
    await expectAccessible(page, 'the list of memberships');
    await sections.getByRole('link', { name: 'Wahlperioden' }).click();
    await expectAccessible(page, 'the list of terms');
    await page.getByRole('link', { name: 'Wahlperiode anlegen' }).click();
    await expectAccessible(page, 'the form for a new term');
    await sections.getByRole('link', { name: 'Sitzungsorte und Räume' }).click();
    await expectAccessible(page, 'the list of locations');
    await page.getByRole('link', { name: 'Kreishaus Mettmann' }).click();
    await expectAccessible(page, 'a location with its rooms');
    await page.getByRole('link', { name: 'Zimmer 1.601' }).click();
    await page.waitForURL(/\/raeume\/\d+$/);
    await expectAccessible(page, 'a room');
    await context.close();
  });

  test('the chair reads master data without forms', async () => {
    const context = await newContext();
    const page = await context.newPage();
    await login(page, 'weiss', password('weiss'));
    await page.goto(`${origin}/verwaltung/stammdaten/kreis-mettmann/organisationen`);
    assert.equal(await page.getByRole('link', { name: 'Organisation anlegen' }).count(), 0);
    await page.getByRole('link', { name: 'Ausschuss für Digitalisierung' }).click();
    assert.equal(await page.getByRole('button', { name: 'Änderungen speichern' }).count(), 0);
    await expectAccessible(page, 'an organisation, read only');
    await context.close();
  });

  test('clerk: papers – list, search, sort; creates a non-public paper with a file and a consultation path; edits; axe on every page', async () => {
    const context = await newContext();
    const page = await context.newPage();
    await login(page, 'gramenz', password('gramenz'));
    await page.getByRole('navigation', { name: 'Verwaltung' }).getByRole('link', { name: 'Vorlagen' }).click();
    await page.waitForURL(`${origin}/verwaltung/vorlagen`);
    assert.match(await textOf(page.locator('main')), /10\/002\/2021/);
    await expectAccessible(page, 'the papers list');

    await page.getByLabel('Suche (Nummer, Titel, Text)').fill('Schriftführers');
    await page.getByRole('button', { name: 'Suchen' }).click();
    await page.waitForURL(/q=Schriftf/);
    assert.match(await textOf(page.getByRole('status')), /^1 Vorlage$/);
    await page.getByRole('link', { name: /^Titel/ }).click();
    await page.waitForURL(/sortierung=titel/);
    assert.equal(await page.getByRole('columnheader', { name: /Titel/ }).getAttribute('aria-sort'), 'ascending');
    await page.getByLabel('Suche (Nummer, Titel, Text)').fill('gibt es nicht');
    await page.getByRole('button', { name: 'Suchen' }).click();
    await page.waitForURL(/q=gibt/);
    assert.match(await textOf(page.getByRole('status')), /Keine Vorlage passt/);
    await expectAccessible(page, 'the papers list, sorted and empty');

    await page.getByRole('link', { name: 'Neue Vorlage anlegen' }).click();
    await page.waitForURL(`${origin}/verwaltung/vorlagen/neu`);
    await expectAccessible(page, 'the new paper form');
    const office = await page.locator('#amt option', { hasText: /^10 – Amt 10/ }).getAttribute('value');
    await page.getByLabel('Amt', { exact: true }).selectOption(office ?? '');
    await page.getByRole('button', { name: 'Vorlage anlegen' }).click();
    await page.waitForLoadState();
    assert.match(await textOf(page.getByRole('alert')), /Bitte geben Sie einen Titel an/);
    assert.equal(await page.getByLabel('Titel').getAttribute('aria-invalid'), 'true');
    await expectAccessible(page, 'the new paper form with an error');

    await page.getByLabel('Art').selectOption('Beschlussvorlage');
    await page.getByLabel('Titel').fill('Digitale Sitzungsunterlagen für alle Gremien');
    await page.getByLabel('Text').fill('Die Verwaltung schlägt vor …\n\nBeschlussvorschlag: …');
    await page.getByLabel('nicht öffentlich (nur für Mitglieder und Verwaltung)').check();
    await page.getByLabel('Dateien (Anlagen)').setInputFiles({
      name: 'Kostenschaetzung.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Kosten: 12.000 Euro'),
    });
    await page.getByRole('button', { name: 'Vorlage anlegen' }).click();
    await page.waitForURL(/\/verwaltung\/vorlagen\/\d+\?meldung=angelegt$/);
    const heading = await textOf(page.locator('h1'));
    assert.match(heading, /^Vorlage 10\/\d{3}\/\d{4}: Digitale Sitzungsunterlagen für alle Gremien$/);
    assert.match(await textOf(page.getByRole('status')), /Die Vorlage wurde angelegt/);
    assert.match(await textOf(page.locator('main')), /Kostenschaetzung\.txt \(19 Byte\)/);
    await expectAccessible(page, 'a new paper');

    // The consultation path: committee (preliminary), council (decision), then the Kreisausschuss moved before it.
    for (const [body, role] of [
      ['Ausschuss für Digitalisierung', 'Vorberatung'],
      ['Kreistag', 'Entscheidung'],
      ['Kreisausschuss', 'Vorberatung'],
    ]) {
      await page.getByLabel('Gremium').selectOption({ label: body });
      await page.getByLabel('Rolle', { exact: true }).selectOption({ label: role });
      await page.getByRole('button', { name: 'Beratung hinzufügen' }).click();
      await page.waitForURL(/meldung=beratung#beratungsfolge$/);
    }
    await page.getByRole('button', { name: 'Nach oben: Kreisausschuss' }).click();
    await page.waitForURL(/meldung=reihenfolge/);
    await page.getByLabel('Status: Ausschuss für Digitalisierung').selectOption({ label: 'empfohlen' });
    await page.getByRole('button', { name: 'Rolle und Status speichern: Ausschuss für Digitalisierung' }).click();
    await page.waitForURL(/meldung=beratung-geaendert/);
    const rows = page.locator('table').first().locator('tbody tr');
    assert.deepEqual(await rows.locator('th').allInnerTexts(), [
      'Ausschuss für Digitalisierung',
      'Kreisausschuss',
      'Kreistag',
    ]);
    assert.equal(await page.getByLabel('Status: Ausschuss für Digitalisierung').inputValue(), 'recommended');
    const history = await textOf(page.locator('main ol'));
    assert.match(history, /Rüdiger Gramenz: Vorlage angelegt/);
    assert.match(
      history,
      /Reihenfolge der Beratungsfolge geändert: Ausschuss für Digitalisierung → Kreisausschuss → Kreistag/,
    );
    await expectAccessible(page, 'a paper with its consultation path and history');

    await page.getByRole('link', { name: 'Vorlage bearbeiten' }).click();
    await page.waitForURL(/\/bearbeiten$/);
    await expectAccessible(page, 'the paper edit form');
    await page.getByLabel('Titel').fill('Digitale Sitzungsunterlagen');
    await page.getByRole('button', { name: 'Änderungen speichern' }).click();
    await page.waitForURL(/meldung=gespeichert/);
    assert.match(
      await textOf(page.locator('main ol')),
      /Titel: „Digitale Sitzungsunterlagen für alle Gremien“ → „Digitale Sitzungsunterlagen“/,
    );
    const paperPath = new URL(page.url()).pathname;
    await context.close();

    // Non-public: the portal does not know it.
    const visitor = await (await newContext()).newPage();
    const portal = await visitor.goto(`${origin}/kreis-mettmann/vorlagen/${paperPath.split('/').pop()}`);
    assert.equal(portal?.status(), 404);
    await visitor.context().close();
  });

  test('clerk: meetings – plans a meeting, builds a two-part agenda (a public item with a paper, a non-public item), invites; axe on every page; the portal shows the public part only', async () => {
    const context = await newContext();
    const page = await context.newPage();
    await login(page, 'gramenz', password('gramenz'));
    await page.getByRole('navigation', { name: 'Verwaltung' }).getByRole('link', { name: 'Sitzungen' }).click();
    await page.waitForURL(`${origin}/verwaltung/sitzungen`);
    assert.match(await textOf(page.locator('main')), /18\.02\.2021/);
    await expectAccessible(page, 'the meetings list');

    await page.getByRole('link', { name: 'Neue Sitzung planen' }).click();
    await page.waitForURL(`${origin}/verwaltung/sitzungen/neu`);
    await expectAccessible(page, 'the new meeting form');
    await page.getByRole('button', { name: 'Sitzung anlegen' }).click();
    await page.waitForLoadState();
    assert.match(await textOf(page.getByRole('alert')), /Bitte wählen Sie das Gremium, das tagt/);
    assert.equal(await page.getByLabel('Datum').getAttribute('aria-invalid'), 'true');
    await expectAccessible(page, 'the new meeting form with errors');

    // Sixty days ahead: the 7-day deadline is kept when inviting today.
    const day = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('Gremium').selectOption({ label: 'Ausschuss für Digitalisierung' });
    await page.getByLabel('Datum').fill(day);
    await page.getByLabel('Beginn (Uhrzeit)').fill('17:00');
    await page.getByRole('button', { name: 'Sitzung anlegen' }).click();
    await page.waitForURL(/\/verwaltung\/sitzungen\/\d+\?meldung=angelegt$/);
    const meetingPath = new URL(page.url()).pathname;
    assert.match(await textOf(page.getByRole('status')), /Die Sitzung wurde angelegt/);
    await expectAccessible(page, 'a new meeting');

    await page.getByRole('button', { name: 'Formalien hinzufügen' }).click();
    await page.waitForURL(/meldung=punkt/);
    await page.getByLabel('Titel', { exact: true }).fill('Vertragsangelegenheit');
    await page.getByLabel('Zusatz (zweite Zeile, freiwillig)').fill('hier: Angebot der Firma Muster GmbH');
    await page.getByLabel('nicht öffentlich', { exact: true }).check();
    await page.getByRole('button', { name: 'Punkt hinzufügen' }).click();
    await page.waitForURL(/meldung=punkt/);
    await page.getByLabel('Titel', { exact: true }).fill('Digitale Sitzungsunterlagen');
    const paper = await page.locator('#vorlage option', { hasText: /^10\/002\/2021/ }).getAttribute('value');
    await page.getByLabel('Vorlage (freiwillig)').selectOption(paper ?? '');
    await page.getByRole('button', { name: 'Punkt hinzufügen' }).click();
    await page.waitForURL(/meldung=punkt/);
    // Public items come first: the new public item is TOP 2, the non-public one TOP 3.
    await page.getByRole('button', { name: 'TOP 2 nach oben' }).click();
    await page.waitForURL(/meldung=reihenfolge/);
    const publicPart = page.getByRole('region', { name: 'Öffentlicher Teil', exact: true });
    assert.deepEqual(await publicPart.locator('tbody th').allInnerTexts(), ['1', '2']);
    assert.match(
      await textOf(publicPart.locator('tbody tr').first()),
      /^1 Digitale Sitzungsunterlagen Vorlage 10\/002\/2021/,
    );
    await expectAccessible(page, 'a meeting with a two-part agenda');
    await page.getByRole('button', { name: 'TOP 3 nach oben' }).click();
    await page.waitForLoadState();
    assert.match(await textOf(page.getByRole('alert')), /Öffentliche Punkte stehen vor den nicht öffentlichen/);
    await expectAccessible(page, 'a meeting with a refused move');

    await page.getByRole('link', { name: 'TOP 3 bearbeiten' }).click();
    await page.waitForURL(/\/punkte\/\d+$/);
    await expectAccessible(page, 'the agenda item form');
    await page.goto(`${origin}${meetingPath}/bearbeiten`);
    await expectAccessible(page, 'the meeting edit form');
    await page.goto(`${origin}${meetingPath}`);

    assert.match(
      await textOf(page.locator('#einladung ~ p').first()),
      /Die Ladungsfrist von 7 Kalendertagen ist eingehalten/,
    );
    await page.getByRole('button', { name: 'Einladung versenden' }).click();
    await page.waitForURL(/meldung=eingeladen/);
    assert.match(await textOf(page.locator('dl.facts')), /versandt am \d\d\.\d\d\.\d{4}/);
    assert.match(await textOf(page.locator('dl.facts')), /Die Ladungsfrist von 7 Kalendertagen ist eingehalten/);
    await expectAccessible(page, 'an invited meeting');
    await page.goto(`${origin}/verwaltung/sitzungen?stand=eingeladen`);
    assert.match(await textOf(page.getByRole('status')), /^1 Sitzung$/);
    await expectAccessible(page, 'the meetings list filtered');
    await context.close();

    // The portal: the public part with its paper; of the non-public item (this body publishes titles) no more.
    const visitor = await (await newContext()).newPage();
    const portal = await visitor.goto(`${origin}/kreis-mettmann/sitzungen/${meetingPath.split('/').pop()}`);
    assert.equal(portal?.status(), 200);
    const portalText = await textOf(visitor.locator('main'));
    assert.match(portalText, /Digitale Sitzungsunterlagen/);
    assert.doesNotMatch(portalText, /Muster GmbH/);
    await visitor.context().close();
  });

  test('clerk: attendance with a substitute and a vote with one abstention on a meeting of the term; errors said; axe on every page', async () => {
    const context = await newContext();
    const page = await context.newPage();
    await login(page, 'gramenz', password('gramenz'));
    await page.goto(`${origin}/verwaltung/sitzungen/neu`);
    await page.getByLabel('Gremium').selectOption({ label: 'Ausschuss für Digitalisierung' });
    await page.getByLabel('Datum').fill('2025-06-12');
    await page.getByLabel('Beginn (Uhrzeit)').fill('17:00');
    await page.getByRole('button', { name: 'Sitzung anlegen' }).click();
    await page.waitForURL(/\/verwaltung\/sitzungen\/\d+\?meldung=angelegt$/);
    await page.getByLabel('Titel', { exact: true }).fill('Digitale Sitzungsunterlagen');
    await page.getByRole('button', { name: 'Punkt hinzufügen' }).click();
    await page.waitForURL(/meldung=punkt/);

    await page.getByRole('link', { name: 'Anwesenheit, Abstimmungen und Niederschrift' }).click();
    await page.waitForURL(/\/niederschrift$/);
    assert.match(await textOf(page.locator('#beschlussfaehigkeit ~ p')), /sobald die Anwesenheit erfasst ist/);
    await expectAccessible(page, 'the attendance page');
    const statuses = page.locator('select[id^="p"][id$="-status"]');
    for (let i = 0; i < (await statuses.count()); i++) await statuses.nth(i).selectOption('present');
    await page.getByLabel('Anwesenheit Burghaus', { exact: true }).selectOption('excused');
    const buchholz = await page.locator('#x0-person option', { hasText: 'Buchholz' }).getAttribute('value');
    await page.getByLabel('weitere Person 1: Person').selectOption(buchholz ?? '');
    await page.getByLabel('weitere Person 1: Rolle').selectOption({ label: 'Vertretung' });
    // First for the chair, who is present himself: refused in words at the row.
    await page.getByLabel('weitere Person 1: vertritt').selectOption({ label: 'Dietmar Weiß' });
    await page.getByLabel('weitere Person 1: gekommen um').fill('17:10');
    await page.getByRole('button', { name: 'Anwesenheit speichern' }).click();
    await page.waitForLoadState();
    assert.match(await textOf(page.locator('.error-summary')), /Dietmar Weiß ist selbst anwesend/);
    assert.equal(await page.getByLabel('weitere Person 1: vertritt').getAttribute('aria-invalid'), 'true');
    await expectAccessible(page, 'the attendance page with an error');
    await page.getByLabel('weitere Person 1: vertritt').selectOption({ label: 'Burghaus' });
    await page.getByRole('button', { name: 'Anwesenheit speichern' }).click();
    await page.waitForURL(/meldung=anwesenheit/);
    assert.match(await textOf(page.getByRole('status')), /Die Anwesenheit wurde gespeichert/);
    const quorum = await textOf(page.locator('#beschlussfaehigkeit ~ p'));
    const counted = Number(/Beschlussfähig: (\d+) von 17 stimmberechtigten Mitgliedern anwesend/.exec(quorum)?.[1]);
    assert.ok(counted >= 9, quorum);
    assert.equal(
      await page.getByLabel('weitere Person 1: vertritt').inputValue(),
      await page.locator('#x0-vertritt option', { hasText: 'Burghaus' }).getAttribute('value'),
    );
    await expectAccessible(page, 'the attendance page saved');

    await page.getByRole('link', { name: 'Digitale Sitzungsunterlagen' }).click();
    await page.waitForURL(/\/niederschrift\/\d+$/);
    await expectAccessible(page, 'an item with its vote form');
    await page.getByLabel('Ja-Stimmen').fill(String(counted + 1));
    await page.getByLabel('Nein-Stimmen').fill('0');
    await page.getByLabel('Enthaltungen', { exact: true }).fill('0');
    await page.getByRole('button', { name: 'Abstimmung speichern' }).click();
    await page.waitForLoadState();
    assert.match(await textOf(page.getByRole('alert').first()), /Nicht gespeichert|stimmberechtigt/);
    assert.match(
      await textOf(page.locator('main')),
      new RegExp(`aber nur ${counted} Personen sind anwesend und stimmberechtigt\\.`),
    );
    await expectAccessible(page, 'an item with a refused vote');
    await page.getByLabel('Ja-Stimmen').fill(String(counted - 1));
    await page.getByLabel('Enthaltungen', { exact: true }).fill('1');
    await page.getByRole('button', { name: 'Abstimmung speichern' }).click();
    await page.waitForURL(/meldung=abstimmung/);
    assert.match(
      await textOf(page.locator('#abstimmung ~ ol')),
      new RegExp(`einstimmig bei 1 Enthaltung angenommen \\(${counted - 1} Ja, 0 Nein, 1 Enthaltung\\)`),
    );
    await page
      .getByLabel('Verlauf der Beratung (Absätze durch eine Leerzeile trennen)')
      .fill('Die Verwaltung berichtet.');
    await page.getByRole('button', { name: 'Texte speichern' }).click();
    await page.waitForURL(/meldung=texte/);
    await expectAccessible(page, 'an item with its vote');
    // An attachment to the minutes uploaded; the vote removed after its confirmation page.
    await page
      .getByLabel('Dateien', { exact: true })
      .setInputFiles({ name: 'Folien.txt', mimeType: 'text/plain', buffer: Buffer.from('Folien') });
    await page.getByLabel('Bezeichnung (bei einer Datei, freiwillig)').fill('Anlage 1 – Präsentation');
    await page.getByRole('button', { name: 'Anlagen hochladen' }).click();
    await page.waitForURL(/meldung=anlagen/);
    assert.match(await textOf(page.locator('#anlagen ~ ol')), /Anlage 1 – Präsentation \(Folien\.txt/);
    await expectAccessible(page, 'an item with an attachment');
    await page.getByRole('link', { name: 'Abstimmung 1 entfernen' }).click();
    await page.waitForURL(/\/entfernen$/);
    await expectAccessible(page, 'the confirmation of removing a vote');
    await page.getByRole('button', { name: 'Abstimmung 1 endgültig entfernen' }).click();
    await page.waitForURL(/meldung=abstimmung-entfernt/);

    // The demo meeting's minutes are signed: the pages show the record without forms.
    assert.ok(database);
    const [signed] = await database.db.select().from(meetings).where(eq(meetings.state, 'minutes_signed')).limit(1);
    await page.goto(`${origin}/verwaltung/sitzungen/${signed?.id}/niederschrift`);
    assert.match(await textOf(page.locator('main')), /Die Niederschrift ist unterschrieben/);
    assert.equal(await page.getByRole('button', { name: 'Anwesenheit speichern' }).count(), 0);
    await expectAccessible(page, 'the attendance of signed minutes');
    await page.getByRole('table', { name: 'Ergebnisse je Tagesordnungspunkt' }).getByRole('link').first().click();
    await page.waitForURL(/\/niederschrift\/\d+$/);
    assert.equal(await page.getByRole('button', { name: 'Abstimmung speichern' }).count(), 0);
    await expectAccessible(page, 'an item of signed minutes');
    await context.close();
  });
  test('clerk: the audit log of a meeting and of the body, Mein Konto with sessions and an API token; axe on every page', async () => {
    const context = await newContext();
    const page = await context.newPage();
    await login(page, 'gramenz', password('gramenz'));
    assert.ok(database);
    const [meeting] = await database.db.select().from(meetings).where(eq(meetings.state, 'minutes_signed')).limit(1);
    await page.goto(`${origin}/verwaltung/sitzungen/${meeting?.id}`);
    await page.getByRole('link', { name: /^Verlauf: alle Änderungen/ }).click();
    await page.waitForURL(/\/verwaltung\/verlauf\/meeting\/\d+$/);
    assert.match(await textOf(page.locator('h1')), /^Verlauf: Sitzung /);
    assert.match(await textOf(page.locator('main')), /Demodaten: Abstimmung/);
    await expectAccessible(page, "a meeting's log");
    await page.getByRole('link', { name: 'Änderungsprotokoll' }).first().click();
    await page.getByLabel('Art des Objekts').selectOption('vote');
    await page.getByLabel('von (Datum)').fill('2001-01-01');
    await page.getByRole('button', { name: 'Filtern' }).click();
    await page.waitForURL(/art=vote/);
    assert.match(await textOf(page.locator('main')), /Einträge 1–\d+ von \d+/);
    await expectAccessible(page, "the body's log, filtered");
    await page.getByRole('link', { name: 'Mein Konto' }).click();
    assert.match(await textOf(page.locator('main')), /diese Sitzung/);
    await expectAccessible(page, 'Mein Konto');
    await page.getByRole('link', { name: /^API-Zugänge/ }).click();
    await page.getByLabel('Name (wofür der Zugang ist)').fill('Haushaltssoftware');
    await page.getByLabel('Gültig bis einschließlich (freiwillig)').fill('2001-01-01');
    await page.getByRole('button', { name: 'API-Zugang anlegen' }).click();
    assert.match(await textOf(page.locator('main')), /Das Ablaufdatum muss heute oder später sein\./);
    await page.getByLabel('Gültig bis einschließlich (freiwillig)').fill('');
    await expectAccessible(page, 'the token form with an error');
    await page.getByRole('button', { name: 'API-Zugang anlegen' }).click();
    const token = await page.getByLabel('Schlüssel (zum Kopieren markieren)').inputValue();
    assert.match(token, /^ratsinfo_/);
    await expectAccessible(page, 'the new token shown once');
    await page.getByRole('button', { name: 'API-Zugang „Haushaltssoftware“ widerrufen' }).click();
    await page.waitForURL(/meldung=widerrufen/);
    assert.match(await textOf(page.locator('main')), /Es gibt keine API-Zugänge\./);
    await context.close();
  });

  test('clerk: Beschlusskontrolle – overview with filters and sort, a status with Sachstand, tracking from an item, print view; axe on every page', async () => {
    const context = await newContext();
    const page = await context.newPage();
    await login(page, 'gramenz', password('gramenz'));
    await page.getByRole('link', { name: 'Beschlusskontrolle' }).first().click();
    await page.waitForURL(/\/verwaltung\/beschlusskontrolle$/);
    const overview = await textOf(page.locator('main'));
    assert.match(overview, /Anbindung des DMS an die elektronische Ausländerakte/);
    assert.match(overview, /\(überfällig\)/);
    await expectAccessible(page, 'the Beschlusskontrolle overview');
    await page.getByLabel('Status').selectOption({ label: 'alle' });
    await page.getByRole('button', { name: 'Anzeigen' }).click();
    await page.waitForURL(/status=alle/);
    assert.match(await textOf(page.locator('main')), /Zahl der bisher freigeschalteten e-ID/);
    await page.getByRole('link', { name: /^Zuständiges Amt/ }).click();
    await page.waitForURL(/sortierung=amt/);
    assert.equal(await page.locator('th[aria-sort="ascending"]').count(), 1);
    await expectAccessible(page, 'the overview, all, sorted by office');

    await page.getByRole('link', { name: 'Anbindung des DMS an die elektronische Ausländerakte' }).click();
    await page.waitForURL(/\/verwaltung\/beschlusskontrolle\/\d+$/);
    await expectAccessible(page, 'a tracked task');
    await page.getByLabel('Status', { exact: true }).selectOption({ label: 'in Bearbeitung' });
    await page.getByRole('button', { name: 'Status speichern' }).click();
    await page.waitForLoadState();
    assert.match(await textOf(page.locator('.error-summary')), /Bitte geben Sie den Sachstand an/);
    assert.equal(await page.getByLabel('Sachstand', { exact: true }).getAttribute('aria-invalid'), 'true');
    await expectAccessible(page, 'the status form with an error');
    await page.getByLabel('Sachstand', { exact: true }).fill('Die Anbindung ist beim KRZN beauftragt.');
    await page.getByRole('button', { name: 'Status speichern' }).click();
    await page.waitForURL(/meldung=status/);
    assert.match(await textOf(page.getByRole('status')), /Status und Sachstand wurden gespeichert/);

    assert.ok(database);
    const [meeting] = await database.db.select().from(meetings).where(eq(meetings.state, 'minutes_signed')).limit(1);
    await page.goto(`${origin}/verwaltung/sitzungen/${meeting?.id}`);
    await page.getByRole('link', { name: 'Anwesenheit, Abstimmungen und Niederschrift' }).click();
    await page.getByRole('link', { name: /^Informationen aus dem Kommunalen Rechenzentrum/ }).click();
    await page.getByRole('link', { name: 'Beschluss oder Auftrag verfolgen (Beschlusskontrolle)' }).click();
    await page.waitForURL(/\/verwaltung\/beschlusskontrolle\/neu\/\d+$/);
    await expectAccessible(page, 'tracking a task from an item');
    await page.getByLabel('Art').selectOption({ label: 'Prüfauftrag' });
    await page.getByLabel('Kurzer Titel').fill('Administratoren aus der Bund-Länder-Vereinbarung beantragen');
    await page.getByLabel('Frist (TT.MM.JJJJ, freiwillig)').fill('31.04.2021');
    await page.getByRole('button', { name: 'Eintrag anlegen' }).click();
    await page.waitForLoadState();
    assert.match(await textOf(page.locator('.error-summary')), /Die Frist muss ein gültiges Datum sein/);
    assert.equal(await page.getByLabel('Frist (TT.MM.JJJJ, freiwillig)').getAttribute('aria-invalid'), 'true');
    await expectAccessible(page, 'tracking a task with an error');
    await page.getByLabel('Frist (TT.MM.JJJJ, freiwillig)').fill('30.04.2021');
    await page.getByRole('button', { name: 'Eintrag anlegen' }).click();
    await page.waitForLoadState();
    assert.match(await textOf(page.locator('.error-summary')), /Der Tagesordnungspunkt hat keinen Beschlusstext/);
    await page.getByLabel('Beschluss- oder Auftragstext').fill('Die 500 Mio. € für Administratoren beantragen.');
    await page.getByLabel('Zuständiges Amt').selectOption({ label: 'IT-Steuerung' });
    await page.getByRole('button', { name: 'Eintrag anlegen' }).click();
    await page.waitForURL(/meldung=angelegt/);
    assert.match(await textOf(page.locator('h1')), /^Prüfauftrag: Administratoren/);

    await page.goto(`${origin}/verwaltung/beschlusskontrolle/druck`);
    assert.match(await textOf(page.locator('h1')), /^Übersicht über die offenen Beschlüsse, Prüf- und Arbeitsaufträge/);
    await expectAccessible(page, 'the print view');
    await context.close();
  });

  test('clerk and chair: finishing the minutes – submit, sign each with their own login, publish, correct, versions; axe on every page', async () => {
    // The meeting of the term from the attendance test above: held, with attendance, a vote and texts.
    assert.ok(database);
    const [held] = await database.db
      .select()
      .from(meetings)
      .where(eq(meetings.state, 'held'))
      .orderBy(desc(meetings.id))
      .limit(1);
    assert.ok(held, 'a held meeting');
    const finish = `${origin}/verwaltung/sitzungen/${held.id}/niederschrift/abschluss`;
    const clerkContext = await newContext();
    const clerk = await clerkContext.newPage();
    await login(clerk, 'gramenz', password('gramenz'));
    await clerk.goto(`${origin}/verwaltung/sitzungen/${held.id}/niederschrift`);
    await clerk.getByRole('link', { name: /Abschluss der Niederschrift/ }).click();
    await clerk.waitForURL(/\/abschluss$/);
    assert.match(await textOf(clerk.locator('main')), /Es fehlt die Unterschrift des Vorsitzes \(Dietmar Weiß/);
    await expectAccessible(clerk, 'the minutes’ status page');
    await clerk.getByRole('button', { name: 'Zur Unterschrift vorlegen' }).click();
    await clerk.waitForURL(/meldung=vorgelegt/);
    assert.match(await textOf(clerk.getByRole('status')), /zur Unterschrift vorgelegt/);
    // The Schriftführer signs as himself.
    await clerk.getByRole('button', { name: 'Als Schriftführung unterschreiben' }).click();
    await clerk.waitForURL(/meldung=unterschrieben/);
    assert.match(await textOf(clerk.locator('main')), /Schriftführung: Rüdiger Gramenz, unterschrieben am/);
    await expectAccessible(clerk, 'the status page after the first signature');

    const chairContext = await newContext();
    const chair = await chairContext.newPage();
    await login(chair, 'weiss', password('weiss'));
    await chair.goto(finish);
    assert.equal(await chair.getByRole('button', { name: 'Als Schriftführung unterschreiben' }).count(), 0);
    await chair.getByRole('button', { name: 'Als Vorsitz unterschreiben' }).click();
    await chair.waitForURL(/meldung=abgeschlossen/);
    assert.match(await textOf(chair.getByRole('status')), /Beide Unterschriften liegen vor/);
    assert.equal(await chair.getByRole('button', { name: 'Veröffentlichen' }).count(), 0, 'the chair does not publish');
    await expectAccessible(chair, 'the status page of signed minutes (chair)');
    await chairContext.close();

    await clerk.goto(finish);
    await clerk.getByRole('button', { name: 'Veröffentlichen' }).click();
    await clerk.waitForURL(/meldung=veroeffentlicht/);
    assert.match(await textOf(clerk.locator('main')), /veröffentlicht am/);
    await clerk.getByRole('link', { name: 'Niederschrift berichtigen' }).click();
    await clerk.waitForURL(/\/berichtigung$/);
    await expectAccessible(clerk, 'the correction form');
    await clerk.getByLabel('Verlauf der Beratung').fill('Die Verwaltung berichtet ausführlich.');
    await clerk.getByRole('button', { name: 'Berichtigung speichern' }).click();
    await clerk.waitForLoadState();
    assert.match(await textOf(clerk.getByRole('alert').first()), /Bitte begründen Sie die Berichtigung/);
    assert.equal(
      await clerk.getByLabel('Begründung der Berichtigung (Pflichtfeld)').getAttribute('aria-invalid'),
      'true',
    );
    await expectAccessible(clerk, 'the correction form with an error');
    await clerk.getByLabel('Begründung der Berichtigung (Pflichtfeld)').fill('Bericht vervollständigt');
    await clerk.getByRole('button', { name: 'Berichtigung speichern' }).click();
    await clerk.waitForURL(/\/fassungen\?meldung=berichtigt$/);
    const versions = await textOf(clerk.getByRole('table', { name: 'Gespeicherte Fassungen (unveränderlich)' }));
    assert.match(versions, /Fassung 1.*unterschriebene Fassung.*geprüft/s);
    assert.match(versions, /Fassung 2.*Bericht vervollständigt.*geprüft/s);
    await expectAccessible(clerk, 'the versions');
    await clerk.getByRole('link', { name: 'Fassung 2' }).click();
    await clerk.waitForURL(/\/fassungen\/2$/);
    assert.match(await textOf(clerk.getByRole('status')), /Prüfsumme geprüft/);
    await expectAccessible(clerk, 'version 2');
    await clerk.getByRole('link', { name: 'Fassung 2 als HTML' }).click();
    await clerk.waitForURL(/\/fassungen\/2\/niederschrift\.html$/);
    assert.match(await textOf(clerk.locator('main')), /Die Verwaltung berichtet ausführlich\./);
    assert.match(await textOf(clerk.locator('main')), /Berichtigt am/);
    await expectAccessible(clerk, 'version 2 as HTML');
    await clerkContext.close();
  });
});
