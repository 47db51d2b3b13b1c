/**
 * Browser tests: the Debian chromium (never a browser download), driven by playwright-core, and axe
 * for WCAG 2.1 AA. The app runs in-process on 127.0.0.1; every request of a page to another host is
 * aborted and recorded, so a test can never reach the internet (and a page that tries to fails).
 *
 * No chromium: with CI=true the tests fail with a clear message, otherwise they are skipped with a
 * hint how to install it. CHROMIUM_PATH overrides where it is looked for.
 */
import { accessSync, constants } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { delimiter, join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { serve } from '@hono/node-server';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

const INSTALL_HINT =
  'Chromium fehlt: Debian/Ubuntu `apt-get install chromium`, oder CHROMIUM_PATH=/pfad/zu/chromium setzen ' +
  '(nie `npx playwright install`).';

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The chromium to use: CHROMIUM_PATH, else the first of the usual names on PATH; undefined if none. */
export function findChromium(): string | undefined {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) return executable(configured) ? configured : undefined;
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of CANDIDATES) {
    for (const dir of dirs) {
      const path = join(dir, name);
      if (executable(path)) return path;
    }
  }
  return undefined;
}

/**
 * The `skip` option for a browser suite: a message when chromium is missing outside CI, else false.
 * In CI (CI=true) it never skips: `launchChromium` then fails with the install hint.
 */
export function skipWithoutChromium(): string | false {
  if (findChromium() || process.env.CI === 'true') return false;
  return process.env.CHROMIUM_PATH
    ? `CHROMIUM_PATH=${process.env.CHROMIUM_PATH} ist keine ausführbare Datei. ${INSTALL_HINT}`
    : INSTALL_HINT;
}

/** Flags that keep chromium offline and quiet. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchChromium(): Promise<Browser> {
  const path = findChromium();
  if (!path) {
    throw new Error(
      process.env.CHROMIUM_PATH
        ? `CHROMIUM_PATH=${process.env.CHROMIUM_PATH} ist keine ausführbare Datei. ${INSTALL_HINT}`
        : INSTALL_HINT,
    );
  }
  return chromium.launch({ executablePath: path, args: FLAGS, headless: true });
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * A browser context that only talks to the loopback: every other request is aborted and its URL
 * added to `blocked` (data: and about: URLs never reach the network and pass).
 */
export async function offlineContext(browser: Browser, blocked: string[]): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if ((url.protocol === 'http:' || url.protocol === 'https:') && !LOCAL_HOSTS.has(url.hostname)) {
      blocked.push(url.href);
      return route.abort('blockedbyclient');
    }
    return route.continue();
  });
  return context;
}

export interface RunningApp {
  /** "http://127.0.0.1:<port>" */
  origin: string;
  close(): Promise<void>;
}

/** Serves a Hono app's fetch on 127.0.0.1 at a free port. */
export async function serveApp(fetch: (request: Request) => Response | Promise<Response>): Promise<RunningApp> {
  const server = serve({ fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve, reject) => {
    if (server.listening) return resolve();
    server.once('listening', () => resolve());
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Keep-alive connections of the browser would hold the server open.
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * axe (WCAG 2.1 A and AA) on the page as it is; the violations as readable lines (rule, impact, help,
 * the elements by selector), empty when there are none.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  return result.violations.map((v) => {
    const nodes = v.nodes
      .slice(0, 5)
      .map((n) => `    - ${n.target.map(String).join(' ')}${n.failureSummary ? `: ${oneLine(n.failureSummary)}` : ''}`);
    if (v.nodes.length > 5) nodes.push(`    - … and ${v.nodes.length - 5} more`);
    return [`${v.id} (${v.impact ?? 'n/a'}): ${v.help} – ${v.helpUrl}`, ...nodes].join('\n');
  });
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}
