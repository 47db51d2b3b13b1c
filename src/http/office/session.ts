/**
 * Back office and API plumbing: the session cookie, loading the session into `c.var.session`, CSRF
 * protection (same-origin check plus a per-session token), `requirePermission(action)`, and the
 * client address for login throttling. See docs/office.md for the decisions.
 */
import { timingSafeEqual } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { type Action, can, refusal, type Target } from '../../domain/permissions.ts';
import { lookupApiToken, lookupSession, type NewSession, type Session } from '../../services/accounts.ts';
import type { AppEnv } from '../env.ts';

export const SESSION_COOKIE = 'ratsinfo_session';
/** Double-submit token of the login form (there is no session yet to hold one). */
export const LOGIN_COOKIE = 'ratsinfo_login';
export const LOGIN_PATH = '/verwaltung/anmelden';
export const PASSWORD_PATH = '/verwaltung/passwort';

/** What an API call without a session or token is told (401 `auth.required`). */
const API_LOGIN_MESSAGE = 'Bitte melden Sie sich an (Sitzung oder API-Token).';

const isApi = (path: string) => path === '/api/v1' || path.startsWith('/api/v1/');
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether cookies must be Secure: the request came over https, or the installation's PUBLIC_URL is https. */
export function secureCookies(c: Context<AppEnv>): boolean {
  return new URL(c.req.url).protocol === 'https:' || (c.var.publicUrl ?? '').startsWith('https:');
}

export function setSessionCookie(c: Context<AppEnv>, session: NewSession) {
  setCookie(c, SESSION_COOKIE, session.token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: secureCookies(c),
    path: '/',
    maxAge: Math.max(0, Math.floor((session.expiresAt.getTime() - Date.now()) / 1000)),
  });
}

export function clearSessionCookie(c: Context<AppEnv>) {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: secureCookies(c), httpOnly: true, sameSite: 'Lax' });
}

/** The client's address (the TCP peer; X-Forwarded-For is not trusted), "unknown" outside a server. */
export function clientAddress(c: Context<AppEnv>): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Constant-time string comparison. */
export function sameSecret(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Security headers of every back office response: never cached (also not by the public page cache,
 * which skips responses with cookies anyway), never framed (clickjacking), no referrer to other sites.
 */
export const officeHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  c.res.headers.set('Cache-Control', 'no-store');
  c.res.headers.set('X-Frame-Options', 'DENY');
  c.res.headers.set('Content-Security-Policy', "frame-ancestors 'none'");
  c.res.headers.set('Referrer-Policy', 'same-origin');
  c.res.headers.set('X-Content-Type-Options', 'nosniff');
};

/**
 * Loads the session of the cookie (or, under /api/v1, of an `Authorization: Bearer` API token) into
 * `c.var.session`. An ended session's cookie is removed.
 */
export const loadSession: MiddlewareHandler<AppEnv> = async (c, next) => {
  const authorization = c.req.header('authorization');
  if (isApi(c.req.path) && authorization?.startsWith('Bearer ')) {
    const found = await lookupApiToken(c.var.db, authorization.slice(7).trim());
    if (found) {
      c.set('session', { via: 'token', tokenHash: '', csrfToken: '', expiresAt: new Date(8.64e15), ...found });
    }
    await next();
    return;
  }
  const token = getCookie(c, SESSION_COOKIE);
  if (token) {
    const session = await lookupSession(c.var.db, token);
    if (session) c.set('session', session);
    else clearSessionCookie(c);
  }
  await next();
};

/** Whether an unsafe request comes from a page of this installation (Origin, else Referer). */
export function sameOrigin(c: Context<AppEnv>): boolean {
  if (c.req.header('sec-fetch-site') === 'cross-site') return false;
  const allowed = new Set([new URL(c.req.url).origin]);
  if (c.var.publicUrl) allowed.add(c.var.publicUrl);
  const origin = c.req.header('origin');
  if (origin !== undefined) return allowed.has(origin);
  const referer = c.req.header('referer');
  if (referer === undefined) return false;
  try {
    return allowed.has(new URL(referer).origin);
  } catch {
    return false;
  }
}

/** The CSRF token a request carries: the form field `_csrf` or the header `X-CSRF-Token`. */
async function sentToken(c: Context<AppEnv>): Promise<string | undefined> {
  const header = c.req.header('x-csrf-token');
  if (header) return header;
  const type = c.req.header('content-type') ?? '';
  if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
    const form = await c.req.parseBody();
    return typeof form._csrf === 'string' ? form._csrf : undefined;
  }
  return undefined;
}

/** How a refusal is shown: the office renders a page, the API answers JSON. */
export type Refuse = (
  c: Context<AppEnv>,
  status: 401 | 403 | 409 | 413 | 422,
  id: string,
  message: string,
) => Response | Promise<Response>;

/** Largest body of a request without a session (the login form). */
export const MAX_LOGIN_BODY_BYTES = 64 * 1024;
/** Largest body of a logged-in request (forms with files: papers take up to 10 files of 10 MB). */
export const MAX_BODY_BYTES = 110 * 1024 * 1024;

/**
 * Refuses request bodies over the limit with 413 before anything reads them (the CSRF check reads the
 * form): without a session only a login form is accepted, so anyone on the internet can make the server
 * read at most MAX_LOGIN_BODY_BYTES. Runs after `loadSession`.
 */
export function limitBody(refuse: Refuse): MiddlewareHandler<AppEnv> {
  const tooLarge = (max: number) =>
    bodyLimit({
      maxSize: max,
      onError: (c) =>
        refuse(
          c,
          413,
          'request.too_large',
          `Die Anfrage ist zu groß (höchstens ${max >= 1024 * 1024 ? `${max / 1024 / 1024} MB` : `${max / 1024} KB`}).`,
        ),
    });
  const small = tooLarge(MAX_LOGIN_BODY_BYTES);
  const large = tooLarge(MAX_BODY_BYTES);
  return (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    return (c.var.session ? large : small)(c, next);
  };
}

/**
 * CSRF protection for every unsafe method: the request must come from this installation's own pages
 * (Origin/Referer) AND carry the session's token (the login form: its double-submit cookie). API
 * requests with a bearer token carry no cookie and need neither.
 */
export function csrfProtection(refuse: Refuse): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    const session = c.var.session;
    if (session?.via === 'token') return next();
    // An API call without a session or token carries no credentials a forged request could use: it is
    // told to authenticate (401), as a GET is.
    if (!session && isApi(c.req.path)) return refuse(c, 401, 'auth.required', API_LOGIN_MESSAGE);
    if (!sameOrigin(c)) {
      return refuse(
        c,
        403,
        'csrf.invalid',
        'Die Anfrage kam nicht von einer Seite dieser Installation und wurde deshalb abgelehnt. Bitte öffnen Sie die Seite neu und senden Sie das Formular erneut.',
      );
    }
    if (c.req.path === LOGIN_PATH) {
      if (!sameSecret(await sentToken(c), getCookie(c, LOGIN_COOKIE))) {
        return refuse(
          c,
          403,
          'csrf.invalid',
          'Das Anmeldeformular ist abgelaufen oder unvollständig. Bitte laden Sie die Seite neu und melden Sie sich erneut an.',
        );
      }
      return next();
    }
    if (!session) {
      return refuse(
        c,
        403,
        'auth.required',
        'Sie sind nicht (mehr) angemeldet, etwa weil Ihre Sitzung abgelaufen ist. Bitte melden Sie sich an und wiederholen Sie den Vorgang.',
      );
    }
    if (!sameSecret(await sentToken(c), session.csrfToken)) {
      return refuse(
        c,
        403,
        'csrf.invalid',
        'Das Formular ist abgelaufen oder gehört zu einer früheren Anmeldung. Bitte öffnen Sie die Seite neu und senden Sie es erneut.',
      );
    }
    return next();
  };
}

/** Where a refused GET of an office page sends a visitor without a session: the login, then back. */
export function loginRedirect(c: Context<AppEnv>): Response {
  const url = new URL(c.req.url);
  return c.redirect(`${LOGIN_PATH}?weiter=${encodeURIComponent(url.pathname + url.search)}`, 303);
}

/**
 * Guards a route: logged in, password changed when an admin reset it, and `can(actor, action, target)`.
 * Without a session, office pages redirect to the login (GET) or refuse (403); the API answers 401.
 * `action` null: any logged-in account (own password, logout).
 */
export function requirePermission(
  action: Action | null,
  refuse: Refuse,
  target?: (c: Context<AppEnv>) => Target | Promise<Target>,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const session = c.var.session;
    const api = isApi(c.req.path);
    if (!session) {
      if (api) return refuse(c, 401, 'auth.required', API_LOGIN_MESSAGE);
      if (SAFE_METHODS.has(c.req.method)) return loginRedirect(c);
      return refuse(c, 403, 'auth.required', 'Bitte melden Sie sich an.');
    }
    if (session.account.mustChangePassword && c.req.path !== PASSWORD_PATH && action !== null) {
      if (!api && SAFE_METHODS.has(c.req.method)) return c.redirect(PASSWORD_PATH, 303);
      return refuse(
        c,
        403,
        'account.password_change_required',
        'Ihr Passwort wurde zurückgesetzt. Bitte wählen Sie zuerst ein neues Passwort.',
      );
    }
    if (action !== null) {
      const t = target ? await target(c) : {};
      if (!can(session.actor, action, t)) return refuse(c, 403, 'permission.denied', refusal(session.actor, action, t));
    }
    return next();
  };
}

/** Refusals of the JSON API: `{ error: { id, message } }`. */
export const refuseJson: Refuse = (c, status, id, message) => c.json({ error: { id, message } }, status);

export function clearLoginCookie(c: Context<AppEnv>) {
  deleteCookie(c, LOGIN_COOKIE, { path: LOGIN_PATH, secure: secureCookies(c), httpOnly: true, sameSite: 'Strict' });
}

export function setLoginCookie(c: Context<AppEnv>, token: string) {
  setCookie(c, LOGIN_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Strict',
    secure: secureCookies(c),
    path: LOGIN_PATH,
    maxAge: 2 * 60 * 60,
  });
}

export type { Session };
