/**
 * Helpers for the back office tests: accounts with a cheap scrypt cost (the cost is stored with each
 * hash, so verification is cheap too; the default cost is tested on its own), and a small browser that
 * keeps cookies, sends the Origin header of a same-site form and picks the CSRF token from the last page.
 */
import assert from 'node:assert/strict';
import type { Executor } from '../../src/db/open.ts';
import type { Role } from '../../src/domain/permissions.ts';
import { type AccountView, createAccount, type ScryptParams } from '../../src/services/accounts.ts';

export const FAST: ScryptParams = { N: 1024, r: 8, p: 1 };
export const PASSWORD = 'richtig-langes-passwort';

export async function makeAccount(
  db: Executor,
  login: string,
  roles: Array<{ bodyId: number; role: Role }>,
  options: { installationAdmin?: boolean; mustChangePassword?: boolean; password?: string } = {},
): Promise<AccountView> {
  return createAccount(
    { db, actor: 'test' },
    {
      login,
      displayName: `Konto ${login}`,
      password: options.password ?? PASSWORD,
      roles,
      installationAdmin: options.installationAdmin ?? false,
      mustChangePassword: options.mustChangePassword ?? false,
    },
    FAST,
  );
}

interface App {
  request(path: string, init?: RequestInit, env?: unknown): Response | Promise<Response>;
}

/** The value of `<input type="hidden" name="_csrf" value="…">` in a page. */
export function csrfOf(html: string): string | undefined {
  return /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
}

/** Cookies of a response as name → { value, attributes (lower-case) }. */
export function setCookies(res: Response): Map<string, { value: string; attributes: string[] }> {
  const map = new Map<string, { value: string; attributes: string[] }>();
  for (const line of res.headers.getSetCookie()) {
    const [pair = '', ...attributes] = line.split(';').map((s) => s.trim());
    const eq = pair.indexOf('=');
    map.set(pair.slice(0, eq), { value: pair.slice(eq + 1), attributes: attributes.map((a) => a.toLowerCase()) });
  }
  return map;
}

export class Browser {
  readonly cookies = new Map<string, string>();
  csrf: string | undefined;
  origin = 'http://localhost';

  constructor(
    private readonly app: App,
    readonly address = '192.0.2.1',
  ) {}

  private env() {
    return { incoming: { socket: { remoteAddress: this.address } } };
  }

  private remember(res: Response) {
    for (const [name, { value, attributes }] of setCookies(res)) {
      if (attributes.includes('max-age=0') || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  private cookieHeader(): Record<string, string> {
    if (this.cookies.size === 0) return {};
    return { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
  }

  async get(path: string): Promise<{ res: Response; html: string }> {
    const res = await this.app.request(path, { headers: this.cookieHeader() }, this.env());
    this.remember(res);
    const html = await res.text();
    this.csrf = csrfOf(html) ?? this.csrf;
    return { res, html };
  }

  async post(
    path: string,
    form: Record<string, string | string[]>,
    options: { csrf?: string | null; headers?: Record<string, string> } = {},
  ): Promise<{ res: Response; html: string }> {
    const body = new URLSearchParams();
    const token = options.csrf === undefined ? this.csrf : options.csrf;
    if (token !== null && token !== undefined) body.append('_csrf', token);
    for (const [k, v] of Object.entries(form)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    const res = await this.app.request(
      path,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          origin: this.origin,
          ...this.cookieHeader(),
          ...options.headers,
        },
        body,
      },
      this.env(),
    );
    this.remember(res);
    const html = await res.text();
    this.csrf = csrfOf(html) ?? this.csrf;
    return { res, html };
  }

  /** Opens the login form and logs in; asserts the redirect. */
  async login(login: string, password = PASSWORD): Promise<Response> {
    await this.get('/verwaltung/anmelden');
    const { res } = await this.post('/verwaltung/anmelden', { anmeldename: login, passwort: password });
    assert.equal(res.status, 303, `login of ${login}`);
    // The session's token comes with the next page.
    await this.get(res.headers.get('location') ?? '/verwaltung');
    return res;
  }
}
