/**
 * The Hono application: one onError maps DomainError → status + German page (or JSON for API
 * clients); nothing else ever reaches a user, least of all a stack trace.
 */
import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import type { Executor } from '../db/open.ts';
import { isDomainError, statusForError } from '../domain/errors.ts';
import { oparl } from '../oparl/app.ts';
import { noStoreOnError } from './cache.ts';
import type { AppEnv } from './env.ts';
import { api } from './office/api.ts';
import { office } from './office/index.ts';
import { pageCache } from './page-cache.ts';
import { accessibility } from './portal/accessibility.tsx';
import { bodiesPortal } from './portal/bodies.tsx';
import { calendarPortal } from './portal/calendar.tsx';
import { documents } from './portal/documents.tsx';
import { factionsPortal } from './portal/factions.tsx';
import { feeds } from './portal/feeds.ts';
import { filesPortal } from './portal/files.tsx';
import { Layout } from './portal/layout.tsx';
import { portal } from './portal/pages.tsx';
import { papers } from './portal/papers.tsx';
import { personsPortal } from './portal/persons.tsx';
import { searchPortal } from './portal/search.tsx';
import { sitemap } from './portal/sitemap.ts';

export interface AppDeps {
  db: Executor;
  /** Where unexpected errors are reported (default: stderr). */
  logError?: (error: unknown) => void;
  /** External origin for absolute links (PUBLIC_URL); default: each request's own origin. */
  publicUrl?: string | undefined;
  /**
   * The cache of rendered public responses (src/http/page-cache.ts): its memory budget in bytes, or
   * false to render every request. Default: 64 MiB.
   */
  pageCacheBytes?: number | false;
}

/**
 * Reads the data version (migration 0007) as text (bigints are compared, never computed with): on the
 * driver's client directly, a hit costs no query building.
 */
function dataVersionReader(db: Executor): () => Promise<string> {
  const text = 'select version::text as version from data_version';
  const client = (db as unknown as { $client?: { query?: unknown } }).$client;
  if (client && typeof client.query === 'function') {
    const query = client.query.bind(client) as (text: string) => Promise<{ rows: Array<{ version: string }> }>;
    return async () => (await query(text)).rows[0]?.version ?? '0';
  }
  return async () => {
    const result = (await db.execute(sql.raw(text))) as unknown as { rows: Array<{ version: string }> };
    return result.rows[0]?.version ?? '0';
  };
}

function wantsJson(path: string, accept: string | undefined) {
  return (
    path.startsWith('/api/') ||
    path.startsWith('/oparl/') ||
    path === '/healthz' ||
    (accept ?? '').startsWith('application/json')
  );
}

export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const logError = deps.logError ?? ((error: unknown) => console.error(error));

  app.use('*', async (c, next) => {
    c.set('db', deps.db);
    c.set('publicUrl', deps.publicUrl);
    await next();
  });
  app.use('*', noStoreOnError);
  const cacheBytes = deps.pageCacheBytes ?? 64 * 1024 * 1024;
  if (cacheBytes !== false && cacheBytes > 0) {
    app.use(
      '*',
      pageCache({
        version: dataVersionReader(deps.db),
        maxBytes: cacheBytes,
        // OParl has its own validators and compression; health checks must reach the database.
        skip: ['/oparl', '/api', '/healthz', '/verwaltung'],
      }),
    );
  }

  app.get('/healthz', async (c) => {
    await deps.db.execute(sql`select 1`);
    return c.json({ status: 'ok' });
  });

  app.route('/', office);
  app.route('/', api);
  app.route('/', accessibility);
  app.route('/', calendarPortal);
  app.route('/', searchPortal);
  app.route('/', sitemap);
  app.route('/', filesPortal);
  app.route('/', documents);
  app.route('/', papers);
  app.route('/', feeds);
  app.route('/', personsPortal);
  app.route('/', factionsPortal);
  app.route('/oparl/v1.1', oparl);
  app.route('/', bodiesPortal);
  app.route('/', portal);

  app.notFound((c) => {
    if (wantsJson(c.req.path, c.req.header('accept'))) {
      return c.json({ error: { id: 'not_found', message: 'Nicht gefunden.' } }, 404);
    }
    return c.html(
      <Layout title="Nicht gefunden">
        <h1>Seite nicht gefunden</h1>
        <p>
          Diese Adresse gibt es nicht. <a href="/">Zur Startseite</a>
        </p>
      </Layout>,
      404,
    );
  });

  app.onError((error, c) => {
    const known = isDomainError(error);
    if (!known) logError(error);
    const status = known ? statusForError(error.id) : 500;
    const id = known ? error.id : 'internal_error';
    const message = known
      ? error.message
      : 'Ein interner Fehler ist aufgetreten. Bitte versuchen Sie es später erneut.';
    if (wantsJson(c.req.path, c.req.header('accept'))) {
      return c.json({ error: { id, message } }, status as 400);
    }
    return c.html(
      <Layout title={status === 404 ? 'Nicht gefunden' : 'Fehler'}>
        <h1>{status === 404 ? 'Nicht gefunden' : 'Das hat nicht geklappt'}</h1>
        <p>{message}</p>
        <p>
          <a href="/">Zur Startseite</a>
        </p>
      </Layout>,
      status as 400,
    );
  });
  return app;
}
