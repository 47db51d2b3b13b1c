/**
 * The portal in a real browser (Debian chromium): a reader walks from the start page to a meeting, its
 * paper, the committee and a person, and searches; axe (WCAG 2.1 A/AA) checks every page type; the
 * skip link works with the keyboard. The app runs in-process on 127.0.0.1 on the demo data plus a
 * small town with an upcoming meeting; the browser may reach nothing else.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { Database } from '../../src/db/open.ts';
import { loadDemo } from '../../src/demo/load.ts';
import { createApp } from '../../src/http/app.tsx';
import { importDataset } from '../../src/services/dataset/import.ts';
import { backends } from '../helpers/db.ts';
import { smallTown } from '../helpers/fixtures.ts';
import {
  axeViolations,
  launchChromium,
  offlineContext,
  type RunningApp,
  serveApp,
  skipWithoutChromium,
} from './browser.ts';

const DEMO = 'kreis-mettmann';
const TOWN = 'teststadt-e2e';

/** A date `days` from now, "2031-05-06". */
function daysFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** The rendered text of an element, as a reader sees it, whitespace collapsed. */
async function textOf(locator: Locator): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the rendered text, with line breaks between blocks.
  return (await locator.innerText()).replace(/\s+/g, ' ').trim();
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('portal in Chromium', { skip: skipWithoutChromium() }, () => {
  let database: Database | undefined;
  let server: RunningApp | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext;
  const blocked: string[] = [];
  const errors: string[] = [];
  let origin = '';

  before(async () => {
    browser = await launchChromium();
    const backend = backends()[0];
    assert.ok(backend);
    database = await backend.open();
    await loadDemo(database.db);
    // A small town whose meeting is upcoming (invited): the start page and the calendar have an entry.
    const town = smallTown({ slug: TOWN });
    const upcoming = daysFromNow(10);
    for (const m of town.meetings ?? []) {
      Object.assign(m, { state: 'invited', startAt: `${upcoming}T17:00:00+01:00`, invitationSentOn: daysFromNow(-1) });
    }
    await importDataset({ db: database.db, actor: 'test' }, town);
    server = await serveApp(createApp({ db: database.db, logError: (e) => errors.push(String(e)) }).fetch);
    origin = server.origin;
    context = await offlineContext(browser, blocked);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  /** A fresh page at `path`, its status checked. */
  async function open(path: string, status = 200): Promise<Page> {
    const page = await context.newPage();
    const response = await page.goto(`${origin}${path}`);
    assert.equal(response?.status(), status, `status of ${path}`);
    return page;
  }

  async function expectAccessible(page: Page, what: string) {
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], `axe (WCAG 2.1 AA) on ${what} (${page.url()}):\n${violations.join('\n')}`);
  }

  async function h1(page: Page): Promise<string> {
    const headings = page.locator('h1');
    assert.equal(await headings.count(), 1, `exactly one h1 on ${page.url()}`);
    return ((await headings.textContent()) ?? '').trim();
  }

  const main = (page: Page) => page.locator('main');

  test('walk: start page → meeting → paper → committee → person', async () => {
    const page = await open('/');
    assert.equal(await h1(page), 'Ratsinformationssystem');
    await expectAccessible(page, 'the start page');

    // Start page → the demo meeting (from "Neue Niederschriften").
    await page.getByRole('region', { name: 'Neue Niederschriften' }).getByRole('link', { name: 'zur Sitzung' }).click();
    await page.waitForURL(new RegExp(`/${DEMO}/sitzungen/\\d+$`));
    assert.equal(await h1(page), 'Sitzung des Ausschusses für Digitalisierung');
    const meetingUrl = page.url();
    assert.match(await textOf(main(page)), /Donnerstag, den 18\.02\.2021, 16:30 Uhr/);
    assert.ok(await page.getByRole('heading', { name: 'Öffentlicher Teil', exact: true }).isVisible());
    await expectAccessible(page, 'the meeting page');

    // Meeting → the paper of an agenda item.
    const paperLink = main(page)
      .getByRole('link', { name: /^Vorlage \d+\/\d+\/\d{4}$/ })
      .first();
    const reference = ((await paperLink.textContent()) ?? '').replace(/^Vorlage /, '');
    await paperLink.click();
    await page.waitForURL(new RegExp(`/${DEMO}/vorlagen/\\d+$`));
    const paperTitle = await h1(page);
    assert.ok(paperTitle.length > 0);
    assert.match(await textOf(main(page)), new RegExp(`Vorlage Nr\\.\\s+${escapeRegExp(reference)}`));
    assert.ok(await page.getByRole('heading', { name: 'Beratungsfolge' }).isVisible());
    await expectAccessible(page, 'the paper page');

    // Paper → back to the meeting through its consultation path.
    await main(page)
      .getByRole('table')
      .getByRole('link', { name: /18\.02\.2021/ })
      .first()
      .click();
    await page.waitForURL(meetingUrl);

    // Meeting → its committee (breadcrumb).
    await page
      .getByRole('navigation', { name: 'Brotkrumen' })
      .getByRole('link', { name: 'Ausschuss für Digitalisierung' })
      .click();
    await page.waitForURL(new RegExp(`/${DEMO}/gremien/\\d+$`));
    assert.equal(await h1(page), 'Ausschuss für Digitalisierung');
    const chart = main(page).locator('svg[role="img"]').first();
    assert.match((await chart.getAttribute('aria-label')) ?? '', /^Sitzverteilung: /);
    await expectAccessible(page, 'the committee page');

    // Committee → a member's person page.
    const members = page.getByRole('region', { name: 'Mitglieder' });
    const memberLink = members.getByRole('link', { name: 'Dietmar Weiß' });
    assert.equal(
      await memberLink.count(),
      1,
      'the committee page links its members to their person pages (the chair "Dietmar Weiß")',
    );
    await memberLink.click();
    await page.waitForURL(new RegExp(`/${DEMO}/personen/\\d+$`));
    assert.equal(await h1(page), 'Dietmar Weiß');
    assert.ok(await page.getByRole('heading', { name: 'Mandate und Funktionen' }).isVisible());
    assert.ok(await main(page).getByRole('link', { name: 'Ausschuss für Digitalisierung' }).first().isVisible());
    await page.close();
  });

  test('person list and person page', async () => {
    const page = await open(`/${DEMO}/personen`);
    assert.equal(await h1(page), 'Personen');
    await expectAccessible(page, 'the person list');
    await main(page).getByRole('link', { name: 'Dietmar Weiß' }).click();
    await page.waitForURL(new RegExp(`/${DEMO}/personen/\\d+$`));
    assert.equal(await h1(page), 'Dietmar Weiß');
    assert.ok(await main(page).getByRole('table').first().isVisible(), 'the mandates as a table');
    await expectAccessible(page, 'the person page');
    // Person → the person list (breadcrumb).
    await page.getByRole('navigation', { name: 'Brotkrumen' }).getByRole('link', { name: 'Personen' }).click();
    await page.waitForURL(new RegExp(`/${DEMO}/personen$`));
    await page.close();
  });

  test('walk: search from the header form → a result', async () => {
    const page = await open(`/${DEMO}/vorlagen`);
    assert.equal(await h1(page), 'Vorlagen');
    await expectAccessible(page, 'the paper list');
    const title = 'Nachtragshaushalt 2021';
    assert.ok(await main(page).getByText(title).isVisible(), 'the paper to search for is listed');

    const field = page.locator('header form[role="search"] input[name="q"]');
    await field.fill('Nachtragshaushalt');
    const [response] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/suche'),
      field.press('Enter'),
    ]);
    await page.waitForLoadState();
    const url = new URL(page.url());
    assert.equal(url.pathname, '/suche');
    assert.equal(url.searchParams.get('q'), 'Nachtragshaushalt');
    assert.equal(response.status(), 200, 'the search page answers');
    assert.equal(
      await page.locator('form[role="search"] input[name="q"]').first().inputValue(),
      'Nachtragshaushalt',
      'the search field keeps the query',
    );
    await expectAccessible(page, 'the search page with results');

    // The paper among the results (the agenda item of the same name is a result too).
    const result = main(page).locator(`a[href^="/${DEMO}/vorlagen/"]`, { hasText: title }).first();
    assert.ok(await result.isVisible(), `a result links the paper "${title}"`);
    await result.click();
    await page.waitForURL(new RegExp(`/${DEMO}/vorlagen/\\d+$`));
    assert.equal(await h1(page), title);
    await page.close();
  });

  test('search without results says so in German', async () => {
    const page = await open('/suche?q=Xylophonorchesterprobe');
    assert.match(await textOf(main(page)), /kein|nichts gefunden/i);
    assert.equal(
      await main(page)
        .getByRole('link', { name: /Xylophon/ })
        .count(),
      0,
    );
    await expectAccessible(page, 'the search page without results');
    await page.close();
  });

  test('start page, meeting list and body page', async () => {
    const start = await open('/');
    const upcoming = start.getByRole('region', { name: 'Nächste Sitzungen' });
    assert.match(await textOf(upcoming), /Finanzausschuss/, 'the upcoming meeting is listed');
    await start.close();

    const list = await open('/sitzungen');
    assert.equal(await h1(list), 'Sitzungen');
    assert.equal(await list.locator('main table caption').count(), 1);
    await expectAccessible(list, 'the meeting list');
    await list.close();

    const body = await open(`/${DEMO}`);
    assert.equal(await h1(body), 'Kreis Mettmann');
    assert.ok(await body.getByRole('link', { name: 'Kreistag' }).isVisible());
    await expectAccessible(body, 'the body page');
    await body.close();
  });

  test('calendar: month view and list view', async () => {
    const month = await open('/kalender?monat=2021-02');
    assert.match(await month.title(), /Kalender|Februar 2021/);
    assert.match(await textOf(main(month)), /Februar 2021/);
    assert.match(await textOf(main(month)), /Ausschuss für Digitalisierung/);
    await expectAccessible(month, 'the calendar month (February 2021)');
    await month.close();

    const current = await open('/kalender');
    await expectAccessible(current, 'the calendar month (current)');
    await current.close();

    const list = await open('/kalender/liste');
    assert.match(await textOf(main(list)), /Finanzausschuss/, 'the upcoming meeting is in the list');
    await expectAccessible(list, 'the calendar list');
    await list.close();
  });

  test('faction page', async () => {
    const page = await open(`/${DEMO}/fraktionen`);
    await expectAccessible(page, 'the faction list');
    await main(page).getByRole('link', { name: 'CDU-Fraktion' }).first().click();
    await page.waitForURL(new RegExp(`/${DEMO}/fraktionen/\\d+$`));
    assert.equal(await h1(page), 'CDU-Fraktion');
    await expectAccessible(page, 'the faction page');
    await page.close();
  });

  test('accessibility statement and the feedback form, also with an error', async () => {
    const statement = await open('/barrierefreiheit');
    assert.equal(await h1(statement), 'Erklärung zur Barrierefreiheit');
    await expectAccessible(statement, 'the accessibility statement');
    await statement.getByRole('link', { name: 'Formular für Rückmeldungen' }).click();
    await statement.waitForURL(/\/barrierefreiheit\/rueckmeldung$/);
    assert.equal(await h1(statement), 'Barriere melden');
    await expectAccessible(statement, 'the feedback form');

    // Too short: the form comes back with the message, linked to the field.
    await statement.getByLabel('Welche Barriere ist Ihnen begegnet? (Pflichtfeld)').fill('kurz');
    const [response] = await Promise.all([
      statement.waitForResponse((r) => r.request().method() === 'POST'),
      statement.getByRole('button', { name: 'Rückmeldung senden' }).click(),
    ]);
    assert.equal(response.status(), 422);
    await statement.waitForLoadState();
    assert.ok(await statement.getByRole('alert').isVisible());
    const field = statement.getByLabel('Welche Barriere ist Ihnen begegnet? (Pflichtfeld)');
    assert.equal(await field.inputValue(), 'kurz', 'the input is kept');
    const describedBy = (await field.getAttribute('aria-describedby')) ?? '';
    assert.match(await textOf(statement.locator(`[id="${describedBy}"]`)), /mindestens 10 Zeichen/);
    await expectAccessible(statement, 'the feedback form with an error');
    await statement.close();
  });

  test('404 pages', async () => {
    for (const path of ['/gibt-es-nicht', `/${DEMO}/sitzungen/999999`, `/${DEMO}/gibt/es/nicht`]) {
      const page = await open(path, 404);
      assert.match(await h1(page), /nicht gefunden/i, path);
      assert.ok(await main(page).getByRole('link', { name: 'Zur Startseite' }).isVisible(), path);
      await expectAccessible(page, `the 404 page of ${path}`);
      await page.close();
    }
  });

  test('HTML documents of the meeting: invitation, minutes, resolution extract', async () => {
    const meeting = await open('/sitzungen');
    await main(meeting)
      .getByRole('link', { name: /18\.02\.2021/ })
      .first()
      .click();
    await meeting.waitForURL(new RegExp(`/${DEMO}/sitzungen/\\d+$`));
    const base = new URL(meeting.url()).pathname;
    for (const [file, label, heading] of [
      ['einladung.html', 'Einladung als HTML', /Einladung/],
      ['niederschrift.html', 'Niederschrift als HTML', /Niederschrift/],
      ['top/2/beschlussauszug.html', 'Beschlussauszug zu TOP 2 als HTML', /Beschlussauszug/],
    ] as const) {
      const link = meeting.getByRole('link', { name: label });
      assert.equal(await link.getAttribute('href'), `${base}/${file}`);
      const page = await open(`${base}/${file}`);
      assert.equal(await page.locator('html').getAttribute('lang'), 'de');
      assert.match(await h1(page), heading);
      await expectAccessible(page, file);
      await page.close();
    }
    await meeting.close();
  });

  test('keyboard: the skip link is the first stop and leads into the main content', async () => {
    for (const path of ['/', `/${DEMO}`, '/barrierefreiheit']) {
      const page = await open(path);
      await page.keyboard.press('Tab');
      const first = page.locator(':focus');
      assert.equal(await textOf(first), 'Zum Inhalt springen', `${path}: the first Tab stop is the skip link`);
      assert.equal(await first.getAttribute('href'), '#inhalt', path);
      const box = await first.boundingBox();
      assert.ok(box && box.x >= 0 && box.y >= 0, `${path}: the focused skip link is on screen`);
      await page.keyboard.press('Enter');
      assert.equal(new URL(page.url()).hash, '#inhalt', path);
      // The next Tab continues inside main, not in the header.
      await page.keyboard.press('Tab');
      assert.equal(
        await page.locator('main#inhalt :focus').count(),
        1,
        `${path}: after the skip link, focus moves on inside main`,
      );
      await page.close();
    }
  });

  test('the axe check fails on a violation', async () => {
    // Proof that the checks above can fail: the search field without its label.
    const page = await open('/barrierefreiheit');
    await page.locator('label[for="site-search-q"]').evaluate((label) => label.remove());
    const violations = await axeViolations(page);
    assert.equal(violations.length, 1, violations.join('\n'));
    assert.match(violations[0] ?? '', /^label \(critical\): .*\n {4}- #site-search-q/);
    await page.close();
  });

  test('no page reached beyond the loopback and no server error', () => {
    assert.deepEqual(blocked, []);
    assert.deepEqual(errors, []);
  });
});
