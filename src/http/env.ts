import type { Context } from 'hono';
import type { Executor } from '../db/open.ts';
import type { Session } from '../services/accounts.ts';

/** What every request handler gets from the app. */
export interface AppEnv {
  Variables: {
    db: Executor;
    /** The configured external origin (PUBLIC_URL), without a trailing slash; undefined when not configured. */
    publicUrl: string | undefined;
    /** The logged-in account of a back office or API request (src/http/office/session.ts); else undefined. */
    session: Session | undefined;
  };
}

/**
 * The origin for absolute links (feeds, calendars, sitemaps): PUBLIC_URL when configured, else the
 * request's own origin. X-Forwarded-* headers are deliberately ignored: behind a reverse proxy, set
 * PUBLIC_URL.
 */
export function publicOrigin(c: Context<AppEnv>): string {
  return c.var.publicUrl ?? new URL(c.req.url).origin;
}
