/**
 * Every unsafe request is carried out at most once per key: a double click on a form's button, a form
 * sent again with the browser's reload, an API call retried after a lost answer. The key is the `_once`
 * field every back-office form carries (a fresh one each time the page is rendered) or the API's
 * `Idempotency-Key` header (chosen by the client; optional).
 *
 * The first request with a key claims it (a row in `submissions`) in a transaction that also holds
 * everything the request writes (the services run in savepoints of it) and its outcome: a refused or
 * failed request (4xx/5xx) leaves no row, so the corrected form can be sent again with its key. A
 * repeat waits for the first to finish (the primary key) and gets its outcome: a form the redirect of the
 * first (where the first would have led), the API the stored status and JSON with
 * `Idempotent-Replayed: true`. A form whose outcome was a page (an API token shown once) is answered with
 * a short page instead of showing it twice.
 *
 * A repeat with other content: a form (changed and sent again after going back) is carried out as a new
 * request; the API refuses with 422 `idempotency.key_reused`, as a client that reuses a key has a bug.
 * Keys are kept a day (`cleanupExpired`, src/services/account-access.ts).
 *
 * @example
 *   office.use('/verwaltung/*', …, csrfProtection(refusePage), once(refusePage));
 *   // curl -X POST -H 'Idempotency-Key: 4f1c…' -H 'Authorization: Bearer …' /api/v1/papers …
 */
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Context, MiddlewareHandler } from 'hono';
import type { Executor } from '../../db/open.ts';
import { submissions } from '../../db/schema.ts';
import type { AppEnv } from '../env.ts';
import type { Refuse } from './session.ts';

/** The form field of the key (src/http/office/forms.tsx `OnceField`). */
export const ONCE_FIELD = '_once';
export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** Longest stored API answer; a longer one is not kept (its repeat is refused as unavailable). */
const MAX_STORED_BODY = 1024 * 1024;
const KEY = /^[\x21-\x7e]{8,200}$/;

const isApi = (path: string) => path === '/api/v1' || path.startsWith('/api/v1/');

/** Thrown inside the transaction to roll it back when the request was refused or failed. */
class Undo extends Error {}

/** SHA-256 over the method, the path with query, and the content (a form's fields, files by content). */
async function fingerprint(c: Context<AppEnv>): Promise<string> {
  const hash = createHash('sha256');
  const url = new URL(c.req.url);
  hash.update(`${c.req.method} ${url.pathname}${url.search}\n`);
  const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'multipart/form-data' || type === 'application/x-www-form-urlencoded') {
    // Two sendings of one multipart form differ in their boundary: hash the fields, not the bytes.
    for (const [name, value] of await c.req.formData()) {
      hash.update(`${name.length}:${name}=`);
      if (typeof value === 'string') hash.update(`s${value.length}:${value}`);
      else {
        hash.update(`f${value.name.length}:${value.name};${value.type};${value.size}:`);
        hash.update(new Uint8Array(await value.arrayBuffer()));
      }
      hash.update('\n');
    }
  } else {
    hash.update(new Uint8Array(await c.req.arrayBuffer()));
  }
  return hash.digest('hex');
}

async function keyOf(c: Context<AppEnv>, api: boolean): Promise<string | undefined> {
  if (api) return c.req.header(IDEMPOTENCY_HEADER);
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) return;
  const value = (await c.req.parseBody())[ONCE_FIELD];
  return typeof value === 'string' ? value : undefined;
}

/** The middleware; runs after the session and the CSRF check. `refuse` answers in the office's way. */
export function once(refuse: Refuse): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const session = c.var.session;
    if (c.req.method !== 'POST' || !session) return next();
    const api = isApi(c.req.path);
    const key = await keyOf(c, api);
    if (key === undefined) return next();
    if (!KEY.test(key)) {
      if (!api) return next();
      return refuse(
        c,
        422,
        'idempotency.key_invalid',
        'Der Idempotency-Key muss 8 bis 200 druckbare ASCII-Zeichen ohne Leerzeichen lang sein.',
      );
    }
    const accountId = session.account.id;
    const requestHash = await fingerprint(c);
    const db = c.var.db;
    const mine = and(eq(submissions.accountId, accountId), eq(submissions.key, key));
    let answer: Response | undefined;
    let asNew = false;
    try {
      await db.transaction(async (txRaw) => {
        const tx = txRaw as unknown as Executor;
        const claimed = await tx
          .insert(submissions)
          .values({ accountId, key, requestHash })
          .onConflictDoNothing()
          .returning({ key: submissions.key });
        if (claimed.length === 0) {
          // Sent before (and finished: the claim waited for the first transaction to end).
          const [prior] = await tx.select().from(submissions).where(mine);
          if (!prior) {
            // Forgotten meanwhile (the cleanup): a new request.
            asNew = true;
            throw new Undo();
          }
          if (prior.requestHash !== requestHash) {
            if (api) {
              answer = await refuse(
                c,
                422,
                'idempotency.key_reused',
                'Dieser Idempotency-Key wurde schon für eine andere Anfrage verwendet.',
              );
            } else asNew = true;
            throw new Undo();
          }
          answer = await replay(c, prior, api, refuse);
          throw new Undo();
        }
        c.set('db', tx);
        try {
          await next();
        } finally {
          c.set('db', db);
        }
        const res = c.res;
        if (res.status >= 400) throw new Undo();
        let body: string | null = null;
        const contentType = res.headers.get('content-type');
        if (api && contentType?.startsWith('application/json')) {
          const text = await res.clone().text();
          body = text.length <= MAX_STORED_BODY ? text : null;
        }
        await tx
          .update(submissions)
          .set({ status: res.status, location: res.headers.get('location'), contentType, body })
          .where(mine);
      });
    } catch (error) {
      if (!(error instanceof Undo)) throw error;
    }
    if (answer) return answer;
    if (asNew) return next();
  };
}

async function replay(
  c: Context<AppEnv>,
  prior: typeof submissions.$inferSelect,
  api: boolean,
  refuse: Refuse,
): Promise<Response> {
  if (api) {
    if (prior.status !== null && (prior.body !== null || prior.contentType === null)) {
      const headers = new Headers({ 'Idempotent-Replayed': 'true', 'Cache-Control': 'no-store' });
      if (prior.contentType) headers.set('Content-Type', prior.contentType);
      if (prior.location) headers.set('Location', prior.location);
      return new Response(prior.body, { status: prior.status, headers });
    }
    return refuse(
      c,
      409,
      'idempotency.replay_unavailable',
      'Diese Anfrage wurde bereits ausgeführt; ihre Antwort ist nicht gespeichert.',
    );
  }
  if (prior.location && prior.status !== null && prior.status >= 300 && prior.status < 400) {
    return c.redirect(prior.location, 303);
  }
  return refuse(
    c,
    409,
    'form.already_sent',
    'Dieses Formular wurde bereits abgeschickt und ausgeführt; es wird kein zweites Mal ausgeführt. Öffnen Sie die Seite neu, um den aktuellen Stand zu sehen.',
  );
}
