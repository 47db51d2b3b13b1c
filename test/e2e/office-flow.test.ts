/**
 * Issue 6 end to end, in a real browser (Debian chromium): ONE continuous flow on the demo data, each step
 * through the back office's pages as a clerk, the chair and the Schriftführer would do it, with keyboard and
 * mouse. The clerk creates a committee with a chair, members, the Schriftführer and a deputy, a paper, a
 * meeting with a two-part agenda, invites, records the attendance with the deputy standing in for an absent
 * member, a vote with one abstention (first with counts that do not add up: said at the field), the minutes
 * texts of both parts and an addendum, and submits the minutes; the chair signs in his own browser, the
 * Schriftführer signs (first on a page made stale by the chair's signature: refused, said so), the clerk
 * publishes. Logged out, the portal's meeting page, the minutes (HTML, text, PDF), the search and the OParl
 * meeting show the public part with its vote and addendum and nothing of the non-public part. axe (WCAG 2.1
 * A/AA) checks every back-office page on the way, error states included. Only the final checks read the
 * database.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { Database } from '../../src/db/open.ts';
import { meetings, minutesSignatures } from '../../src/db/schema.ts';
import { demoAccounts } from '../../src/demo/accounts.ts';
import { loadDemo } from '../../src/demo/load.ts';
import { createApp } from '../../src/http/app.tsx';
import { hasPoppler, POPPLER_HINT, pdfText } from '../helpers/crawler.ts';
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

const COMMITTEE = 'Ausschuss für Bürgerhaushalt und Beteiligung';
const PAPER_TITLE = 'Bürgerhaushalt 2027: Vorschläge der Einwohnerinnen und Einwohner';
const PUBLIC_TEXT = 'Die Kämmerin stellt die 41 eingegangenen Vorschläge zum Bürgerhaushalt vor.';
const RESOLUTION = 'Der Ausschuss empfiehlt dem Kreistag, die Vorschläge 3, 7 und 12 umzusetzen.';
const ADDENDUM = 'Die zugesagte Aufstellung der Kosten je Vorschlag liegt der Niederschrift als Anlage bei.';
/** A word only the non-public item carries (its subtitle and its minutes text). */
const MARKER = 'Zitronenfalterwiese';
const SECRET_TEXT = `Der Kaufpreis für das Grundstück an der ${MARKER} wird vertraulich erörtert.`;

describe('issue 6 end to end in Chromium: committee to published minutes', { skip: skipWithoutChromium() }, () => {
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

  const visited: string[] = [];
  async function expectAccessible(page: Page, what: string) {
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], `axe (WCAG 2.1 AA) on ${what} (${page.url()}):\n${violations.join('\n')}`);
    assert.equal(await page.locator('h1').count(), 1, `exactly one h1 on ${what}`);
    visited.push(what);
  }

  async function newContext(): Promise<BrowserContext> {
    assert.ok(browser);
    return offlineContext(browser, blocked);
  }

  /** Logs in through the form, with the keyboard, and lands on the start page. */
  async function login(page: Page, name: string) {
    await page.goto(`${origin}/verwaltung/anmelden`);
    await page.getByLabel('Anmeldename').fill(name);
    await page.getByLabel('Passwort', { exact: true }).fill(password(name));
    await page.getByLabel('Passwort', { exact: true }).press('Enter');
    await page.waitForURL(`${origin}/verwaltung`);
  }

  test('clerk, chair and Schriftführer take a new meeting from the committee to the published minutes; the public sees the public part only', async () => {
    const clerkContext = await newContext();
    const page = await clerkContext.newPage();
    page.setDefaultTimeout(10_000);
    await login(page, 'gramenz');
    await expectAccessible(page, 'the start page');
    const nav = page.getByRole('navigation', { name: 'Verwaltung' });

    // 1. The committee, with its chair, two members, the Schriftführer and a deputy.
    await nav.getByRole('link', { name: 'Stammdaten' }).click();
    await page.waitForURL(`${origin}/verwaltung/stammdaten`);
    await page.getByRole('link', { name: 'Gremien und Organisationen' }).click();
    await page.waitForURL(/\/organisationen$/);
    await expectAccessible(page, 'the list of organisations');
    await page.getByRole('link', { name: 'Organisation anlegen' }).click();
    await page.waitForURL(/\/organisationen\/neu$/);
    await expectAccessible(page, 'the form for a new organisation');
    await page.getByLabel('Name (Pflichtfeld)').fill(COMMITTEE);
    await page.getByLabel('Kurzname').fill('ABB');
    await page.getByLabel('Gehört zu').selectOption({ label: 'Kreistag' });
    await page.getByRole('button', { name: 'Organisation anlegen' }).click();
    await page.waitForURL(/\/organisationen\/\d+\?angelegt$/);
    await expectAccessible(page, 'the new committee');

    const addMember = async (person: string, role: string, options: { deputyOf?: string; vote?: boolean } = {}) => {
      await page.getByRole('link', { name: 'Mitglied hinzufügen' }).click();
      await page.waitForURL(/\/mitgliedschaften\/neu\?organisation=\d+$/);
      if (role === 'Vorsitz') await expectAccessible(page, 'the form for a new membership');
      await page.getByLabel('Person (Pflichtfeld)').selectOption({ label: person });
      await page.getByLabel('Rolle (Pflichtfeld)').selectOption({ label: role });
      if (options.deputyOf) await page.getByLabel('Vertritt').selectOption({ label: options.deputyOf });
      if (options.vote === false) await page.getByLabel('Stimmberechtigt').uncheck();
      await page.getByRole('button', { name: 'Mitgliedschaft anlegen' }).click();
      await page.waitForURL(/mitglied=gespeichert/);
    };
    await addMember('Weiß, Dietmar', 'Vorsitz');
    await expectAccessible(page, 'the committee with its chair');
    await addMember('Anfang, Nicole', 'Mitglied');
    await addMember('Bösel, Markus', 'Mitglied');
    await addMember('Gramenz, Rüdiger', 'Schriftführung', { vote: false });
    await addMember('Buchholz, Marlon', 'stellv. Mitglied', { deputyOf: 'Anfang, Nicole' });
    const members = await textOf(page.getByRole('region', { name: 'Mitglieder' }));
    assert.match(members, /Mitglieder: 5/);
    assert.match(members, /Dietmar Weiß Vorsitz/);
    assert.match(members, /Rüdiger Gramenz Schriftführung .* nein/);
    assert.match(members, /stellv\. Mitglied .*Nicole Anfang/);
    await expectAccessible(page, 'the committee with its members');

    // 2. A public paper for the committee.
    await nav.getByRole('link', { name: 'Vorlagen' }).click();
    await page.waitForURL(`${origin}/verwaltung/vorlagen`);
    await expectAccessible(page, 'the papers list');
    await page.getByRole('link', { name: 'Neue Vorlage anlegen' }).click();
    await page.waitForURL(`${origin}/verwaltung/vorlagen/neu`);
    await expectAccessible(page, 'the form for a new paper');
    const office = await page
      .locator('#amt option', { hasText: /^20 – / })
      .first()
      .getAttribute('value');
    await page.getByLabel('Amt', { exact: true }).selectOption(office ?? '');
    await page.getByLabel('Art').selectOption('Beschlussvorlage');
    await page.getByLabel('Titel').fill(PAPER_TITLE);
    await page.getByLabel('Text').fill('Die Verwaltung legt die Vorschläge vor.\n\nBeschlussvorschlag: …');
    await page.getByRole('button', { name: 'Vorlage anlegen' }).click();
    await page.waitForURL(/\/verwaltung\/vorlagen\/\d+\?meldung=angelegt$/);
    const reference = /^Vorlage (\S+):/.exec(await textOf(page.locator('h1')))?.[1] ?? '';
    assert.match(reference, /^\d+\/\d{3}\/\d{4}$/);
    await page.getByLabel('Gremium').selectOption({ label: COMMITTEE });
    await page.getByLabel('Rolle', { exact: true }).selectOption({ label: 'Vorberatung' });
    await page.getByRole('button', { name: 'Beratung hinzufügen' }).click();
    await page.waitForURL(/meldung=beratung#beratungsfolge$/);
    await expectAccessible(page, 'the new paper with its consultation');

    // 3. The meeting, today (what happened at a meeting is recorded from its day on), with a two-part agenda;
    // the invitation went out two weeks ago (the invitation deadline is kept).
    await nav.getByRole('link', { name: 'Sitzungen' }).click();
    await page.waitForURL(`${origin}/verwaltung/sitzungen`);
    await expectAccessible(page, 'the meetings list');
    await page.getByRole('link', { name: 'Neue Sitzung planen' }).click();
    await page.waitForURL(`${origin}/verwaltung/sitzungen/neu`);
    await expectAccessible(page, 'the form for a new meeting');
    const day = new Date().toISOString().slice(0, 10);
    const dispatched = new Date(Date.now() - 14 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('Gremium').selectOption({ label: COMMITTEE });
    await page.getByLabel('Datum').fill(day);
    await page.getByLabel('Beginn (Uhrzeit)').fill('17:00');
    await page.getByRole('button', { name: 'Sitzung anlegen' }).click();
    await page.waitForURL(/\/verwaltung\/sitzungen\/\d+\?meldung=angelegt$/);
    const meetingPath = new URL(page.url()).pathname;
    const meetingId = Number(meetingPath.split('/').pop());

    await page.getByLabel('Titel', { exact: true }).fill('Bürgerhaushalt 2027');
    const paper = await page.locator('#vorlage option', { hasText: reference }).getAttribute('value');
    await page.getByLabel('Vorlage (freiwillig)').selectOption(paper ?? '');
    await page.getByRole('button', { name: 'Punkt hinzufügen' }).click();
    await page.waitForURL(/meldung=punkt/);
    await page.getByLabel('Titel', { exact: true }).fill('Grundstücksangelegenheit');
    await page.getByLabel('Zusatz (zweite Zeile, freiwillig)').fill(`hier: Ankauf an der ${MARKER}`);
    await page.getByLabel('nicht öffentlich', { exact: true }).check();
    await page.getByRole('button', { name: 'Punkt hinzufügen' }).click();
    await page.waitForURL(/meldung=punkt/);
    const publicPart = page.getByRole('region', { name: 'Öffentlicher Teil', exact: true });
    assert.match(await textOf(publicPart), new RegExp(`1 Bürgerhaushalt 2027 Vorlage ${reference}`));
    const closedPart = page.getByRole('region', { name: 'Nicht öffentlicher Teil', exact: true });
    assert.match(await textOf(closedPart), new RegExp(`2 Grundstücksangelegenheit hier: Ankauf an der ${MARKER}`));
    await expectAccessible(page, 'the meeting with its two-part agenda');

    // 4. The invitation.
    await page.getByLabel('Versanddatum').fill(dispatched);
    await page.getByRole('button', { name: 'Einladung versenden' }).click();
    await page.waitForURL(/meldung=eingeladen/);
    assert.match(await textOf(page.locator('dl.facts')), /Die Ladungsfrist von 7 Kalendertagen ist eingehalten/);
    await expectAccessible(page, 'the invited meeting');

    // 5. Attendance: Nicole Anfang is excused, her deputy Marlon Buchholz stands in for her.
    await page.getByRole('link', { name: 'Anwesenheit, Abstimmungen und Niederschrift' }).click();
    await page.waitForURL(/\/niederschrift$/);
    await expectAccessible(page, 'the attendance form');
    await page.getByLabel('Anwesenheit Dietmar Weiß', { exact: true }).selectOption('present');
    await page.getByLabel('Anwesenheit Markus Bösel', { exact: true }).selectOption('present');
    await page.getByLabel('Anwesenheit Nicole Anfang', { exact: true }).selectOption('excused');
    const buchholz = await page.locator('#x0-person option', { hasText: 'Buchholz' }).getAttribute('value');
    await page.getByLabel('weitere Person 1: Person').selectOption(buchholz ?? '');
    await page.getByLabel('weitere Person 1: Rolle').selectOption({ label: 'Vertretung' });
    await page.getByLabel('weitere Person 1: vertritt').selectOption({ label: 'Nicole Anfang' });
    // The Schriftführer keeps the minutes for the administration (his membership makes him a signatory).
    const gramenz = await page.locator('#x1-person option', { hasText: 'Gramenz' }).getAttribute('value');
    await page.getByLabel('weitere Person 2: Person').selectOption(gramenz ?? '');
    await page.getByLabel('weitere Person 2: Rolle').selectOption({ label: 'Verwaltung' });
    await page.getByLabel('weitere Person 2: Funktion').fill('Schriftführer');
    await page.getByRole('button', { name: 'Anwesenheit speichern' }).click();
    await page.waitForURL(/meldung=anwesenheit/);
    assert.match(await textOf(page.getByRole('status')), /Die Anwesenheit wurde gespeichert/);
    assert.match(
      await textOf(page.locator('#beschlussfaehigkeit ~ p')),
      /Beschlussfähig: 3 von 3 stimmberechtigten Mitgliedern anwesend/,
    );
    await expectAccessible(page, 'the saved attendance');

    // 6. The public item: a vote (first three votes too many), the texts, an addendum.
    await page.getByRole('link', { name: 'Bürgerhaushalt 2027' }).click();
    await page.waitForURL(/\/niederschrift\/\d+$/);
    const publicItemPath = new URL(page.url()).pathname;
    await expectAccessible(page, 'the public item');
    await page.getByLabel('Ja-Stimmen').fill('3');
    await page.getByLabel('Nein-Stimmen').fill('0');
    await page.getByLabel('Enthaltungen', { exact: true }).fill('1');
    await page.getByRole('button', { name: 'Abstimmung speichern' }).click();
    await page.waitForLoadState();
    assert.match(
      await textOf(page.locator('main')),
      /Es wurden 4 Stimmen gezählt, aber nur 3 Personen sind anwesend und stimmberechtigt\./,
    );
    assert.equal(await page.getByLabel('Ja-Stimmen').getAttribute('aria-invalid'), 'true');
    await expectAccessible(page, 'the public item with a refused vote');
    await page.getByLabel('Ja-Stimmen').fill('2');
    await page.getByRole('button', { name: 'Abstimmung speichern' }).click();
    await page.waitForURL(/meldung=abstimmung/);
    const voteLine = /einstimmig bei 1 Enthaltung angenommen \(2 Ja, 0 Nein, 1 Enthaltung\)/;
    assert.match(await textOf(page.locator('#abstimmung ~ ol')), voteLine);
    await page.getByLabel('Verlauf der Beratung (Absätze durch eine Leerzeile trennen)').fill(PUBLIC_TEXT);
    await page.getByLabel('Beschlusstext').fill(RESOLUTION);
    await page.getByRole('button', { name: 'Texte speichern' }).click();
    await page.waitForURL(/meldung=texte/);
    await page.getByLabel('Text der Ergänzung').fill(ADDENDUM);
    await page.getByRole('button', { name: 'Ergänzung speichern' }).click();
    await page.waitForURL(/meldung=ergaenzung/);
    assert.match(await textOf(page.locator('main')), new RegExp(ADDENDUM));
    await expectAccessible(page, 'the public item with vote, texts and addendum');

    // 7. The non-public item's minutes text.
    await page.goto(`${origin}${meetingPath}/niederschrift`);
    await page.getByRole('link', { name: 'Grundstücksangelegenheit' }).click();
    await page.waitForURL(/\/niederschrift\/\d+$/);
    await page.getByLabel('Verlauf der Beratung (Absätze durch eine Leerzeile trennen)').fill(SECRET_TEXT);
    await page.getByRole('button', { name: 'Texte speichern' }).click();
    await page.waitForURL(/meldung=texte/);
    await expectAccessible(page, 'the non-public item with its text');

    // 8. Submit for signature.
    await page.getByRole('link', { name: /^Abschluss der Niederschrift/ }).click();
    await page.waitForURL(/\/niederschrift\/abschluss$/);
    await expectAccessible(page, 'the minutes status before submitting');
    await page.getByRole('button', { name: 'Zur Unterschrift vorlegen' }).click();
    await page.waitForURL(/\/abschluss\?meldung=vorgelegt$/);
    assert.match(await textOf(page.getByRole('status')), /Die Niederschrift wurde zur Unterschrift vorgelegt/);
    await expectAccessible(page, 'the submitted minutes');
    // The Schriftführer's page stays open while the chair signs elsewhere.

    // 9. The chair signs in his own browser.
    const chairContext = await newContext();
    const chair = await chairContext.newPage();
    chair.setDefaultTimeout(10_000);
    await login(chair, 'weiss');
    await expectAccessible(chair, "the chair's start page");
    await chair.getByRole('navigation', { name: 'Verwaltung' }).getByRole('link', { name: 'Sitzungen' }).click();
    await chair.waitForURL(`${origin}/verwaltung/sitzungen`);
    await expectAccessible(chair, 'the meetings list, read by the chair');
    await chair.getByRole('row').filter({ hasText: COMMITTEE }).getByRole('link').click();
    await chair.waitForURL(`${origin}${meetingPath}`);
    await expectAccessible(chair, 'the meeting, read by the chair');
    await chair.getByRole('link', { name: 'Anwesenheit, Abstimmungen und Niederschrift' }).click();
    await chair.waitForURL(/\/niederschrift$/);
    await expectAccessible(chair, 'the attendance and results, read by the chair');
    await chair.getByRole('link', { name: /^Abschluss der Niederschrift/ }).click();
    await chair.waitForURL(/\/niederschrift\/abschluss$/);
    await expectAccessible(chair, "the chair's view of the submitted minutes");
    assert.equal(await chair.getByRole('button', { name: 'Als Schriftführung unterschreiben' }).count(), 0);
    await chair.getByRole('button', { name: 'Als Vorsitz unterschreiben' }).click();
    await chair.waitForURL(/\/abschluss\?meldung=unterschrieben$/);
    assert.match(await textOf(chair.getByRole('status')), /Ihre Unterschrift wurde gespeichert/);
    await expectAccessible(chair, 'the minutes signed by the chair');
    await chairContext.close();

    // 10. The Schriftführer signs: first on the page opened before the chair signed (stale), then anew.
    const refused = page.waitForResponse((r) => r.request().method() === 'POST' && /unterschreiben$/.test(r.url()));
    await page.getByRole('button', { name: 'Als Schriftführung unterschreiben' }).click();
    assert.equal((await refused).status(), 409);
    await page.waitForLoadState();
    assert.match(await textOf(page.locator('main')), /inzwischen/);
    await expectAccessible(page, 'a signature refused on a stale page');
    await page.goto(`${origin}${meetingPath}/niederschrift/abschluss`);
    await page.getByRole('button', { name: 'Als Schriftführung unterschreiben' }).click();
    await page.waitForURL(/\/abschluss\?meldung=abgeschlossen$/);
    assert.match(await textOf(page.getByRole('status')), /Beide Unterschriften liegen vor/);
    await expectAccessible(page, 'the signed minutes');

    // 11. The clerk publishes.
    await page.getByRole('button', { name: 'Veröffentlichen' }).click();
    await page.waitForURL(/\/abschluss\?meldung=veroeffentlicht$/);
    assert.match(await textOf(page.getByRole('status')), /Die Niederschrift ist veröffentlicht/);
    await expectAccessible(page, 'the published minutes');
    await page.goto(`${origin}${publicItemPath}`);
    assert.equal(await page.getByRole('button', { name: 'Abstimmung speichern' }).count(), 0);
    await expectAccessible(page, 'the public item of the signed minutes');
    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.waitForURL(/\/verwaltung\/anmelden\?abgemeldet$/);
    await clerkContext.close();

    // The stored result (read only).
    assert.ok(database);
    const [stored] = await database.db.select().from(meetings).where(eq(meetings.id, meetingId));
    assert.equal(stored?.state, 'minutes_signed');
    assert.ok(stored?.minutesPublishedAt);
    const signatures = await database.db
      .select()
      .from(minutesSignatures)
      .where(eq(minutesSignatures.meetingId, meetingId));
    assert.deepEqual(signatures.map((s) => s.role).sort(), ['chair', 'secretary']);

    // 12. Logged out: the public part, its vote and addendum; nothing of the non-public part.
    const visitorContext = await newContext();
    const visitor = await visitorContext.newPage();
    visitor.setDefaultTimeout(10_000);
    const portalPath = `/kreis-mettmann/sitzungen/${meetingId}`;
    assert.equal((await visitor.goto(`${origin}${portalPath}`))?.status(), 200);
    const portal = await textOf(visitor.locator('main'));
    assert.match(portal, /Bürgerhaushalt 2027/);
    assert.match(portal, /einstimmig bei 1 Enthaltung angenommen/);
    assert.doesNotMatch(portal, new RegExp(MARKER));
    // The minutes as the portal's page links them: HTML, text and PDF.
    assert.ok(hasPoppler(), POPPLER_HINT);
    const documents: Record<string, string> = {};
    for (const format of ['html', 'txt', 'pdf']) {
      const link = visitor.locator(`main a[href$="/sitzungen/${meetingId}/niederschrift.${format}"]`);
      assert.equal(await link.count(), 1, `the meeting page links the minutes as ${format}`);
      const res = await visitorContext.request.get(new URL((await link.getAttribute('href')) ?? '', origin).href);
      assert.equal(res.status(), 200, `niederschrift.${format}`);
      const body = await res.body();
      documents[format] = format === 'pdf' ? pdfText(body) : body.toString('utf8');
    }
    for (const [format, text] of Object.entries(documents)) {
      const plain = text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
      assert.match(plain, /Kämmerin stellt die 41 eingegangenen Vorschläge/, `${format}: public minutes text`);
      assert.match(plain, /1 Enthaltung/, `${format}: the vote with its abstention`);
      assert.match(plain, /Aufstellung der Kosten je Vorschlag/, `${format}: the addendum`);
      assert.doesNotMatch(plain, new RegExp(MARKER), `${format}: nothing of the non-public item`);
      assert.doesNotMatch(plain, /vertraulich erörtert/, `${format}: nothing of the non-public text`);
    }
    // The search: the public minutes are found, the non-public item's word is not.
    await visitor.goto(`${origin}/kreis-mettmann/suche`);
    await visitor.getByLabel('Suchbegriffe').fill('eingegangenen Vorschläge Bürgerhaushalt');
    await visitor.getByLabel('Suchbegriffe').press('Enter');
    await visitor.waitForURL(/q=/);
    assert.match(await textOf(visitor.locator('main')), /Bürgerhaushalt 2027/);
    await visitor.getByLabel('Suchbegriffe').fill(MARKER);
    await visitor.getByLabel('Suchbegriffe').press('Enter');
    await visitor.waitForURL(new RegExp(`q=${MARKER}`));
    const searched = await textOf(visitor.locator('main'));
    assert.match(searched, new RegExp(`Für „${MARKER}“ gibt es keine Treffer`));
    assert.doesNotMatch(searched, /Grundstücksangelegenheit|vertraulich erörtert/);
    const oparl = await visitorContext.request.get(`${origin}/oparl/v1.1/meeting/${meetingId}`);
    assert.equal(oparl.status(), 200);
    const oparlText = await oparl.text();
    const oparlItems = (JSON.parse(oparlText) as { agendaItem?: Array<{ name: string; result?: string }> }).agendaItem;
    assert.deepEqual(
      oparlItems?.map((i) => [i.name, i.result]),
      [['Bürgerhaushalt 2027', 'einstimmig bei 1 Enthaltung angenommen']],
    );
    assert.doesNotMatch(oparlText, new RegExp(MARKER));
    assert.doesNotMatch(oparlText, /vertraulich erörtert/);
    await visitorContext.close();

    assert.ok(visited.length >= 32, `axe checked ${visited.length} back-office pages`);
  });
});
