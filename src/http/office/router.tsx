/**
 * The router of the back office (Verwaltung) under /verwaltung. Every page is registered through
 * `route()`, which records it in OFFICE_ROUTES with the access it needs and puts the guard in front:
 * no route without a rule (test/office/matrix.test.ts walks this table and checks it against the
 * routes Hono knows). The middleware of every /verwaltung request: security headers, the session,
 * CSRF protection.
 *
 * @example
 *   route('POST', '/verwaltung/vorlagen', 'paper.create', async (c) => …);
 *   route('POST', '/verwaltung/vorlagen/:id', 'paper.edit', handler, async (c) => ({ bodyId: … }));
 */
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import type { Action, Target } from '../../domain/permissions.ts';
import type { AppEnv } from '../env.ts';
import { OfficeLayout } from './layout.tsx';
import { once } from './once.ts';
import {
  csrfProtection,
  LOGIN_PATH,
  limitBody,
  loadSession,
  officeHeaders,
  type Refuse,
  requirePermission,
} from './session.ts';

/** Who may use a route: anyone, any logged-in account, or an action of the rules table. */
export type Access = 'public' | 'login' | Action;

export interface OfficeRoute {
  method: 'GET' | 'POST';
  path: string;
  access: Access;
}

export const OFFICE_ROUTES: OfficeRoute[] = [];

export const office = new Hono<AppEnv>();

const title403 = 'Keine Berechtigung';
const REFUSAL_TITLES: Partial<Record<number, string>> = {
  401: 'Anmeldung erforderlich',
  409: 'Formular bereits abgeschickt',
  413: 'Anfrage zu groß',
};

/** A refusal as a German page (status 401/403) in the office frame. */
export const refusePage: Refuse = (c, status, _id, message) =>
  c.html(
    <OfficeLayout title={title403} session={c.var.session}>
      <h1>{REFUSAL_TITLES[status] ?? title403}</h1>
      <p>{message}</p>
      <p>{c.var.session ? <a href="/verwaltung">Zur Übersicht</a> : <a href={LOGIN_PATH}>Zur Anmeldung</a>}</p>
    </OfficeLayout>,
    status,
  );

// '/verwaltung/*' also matches '/verwaltung' itself.
office.use(
  '/verwaltung/*',
  officeHeaders,
  loadSession,
  limitBody(refusePage),
  csrfProtection(refusePage),
  once(refusePage),
);

export function route(
  method: 'GET' | 'POST',
  path: string,
  access: Access,
  handler: (c: Context<AppEnv>) => Response | Promise<Response>,
  /** The object the action is done to, when the rule depends on its body, publicity or state. */
  target?: (c: Context<AppEnv>) => Target | Promise<Target>,
) {
  OFFICE_ROUTES.push({ method, path, access });
  const guard: MiddlewareHandler<AppEnv> =
    access === 'public'
      ? async (_c, next) => next()
      : requirePermission(access === 'login' ? null : access, refusePage, target);
  if (method === 'GET') office.get(path, guard, handler);
  else office.post(path, guard, handler);
}
