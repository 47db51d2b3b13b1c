/**
 * An account's ways in, as its holder (and its admins) see them: API tokens (list, create with a name and
 * an optional expiry, revoke), the active sessions ("Überall abmelden"), and the periodic cleanup of ended
 * sessions and old login failures. Creating a token and the login itself are in accounts.ts.
 *
 * Tokens: the holder manages their own; an admin sees and revokes the tokens of accounts they manage
 * (`mayManage`), never creates one for someone else (a token acts as its account: whoever creates it
 * would hold that account's rights). Every creation and revocation is one audit entry (`api_token`,
 * without a body: installation admins read them), never the token or its hash.
 *
 * @example
 *   const { token } = await createOwnApiToken(ctx, accountId, { name: 'Haushaltssoftware', expiresOn: '2027-12-31' });
 *   await revokeApiToken(ctx, { ...actor, accountId }, tokenId);
 *   await cleanupExpired(db); // { sessions: 3, loginFailures: 12 }
 */
import { and, asc, desc, eq, lt, lte, ne, or } from 'drizzle-orm';
import type { Executor } from '../db/open.ts';
import { apiTokens, loginFailures, sessions, submissions } from '../db/schema.ts';
import { DomainError } from '../domain/errors.ts';
import type { Actor } from '../domain/permissions.ts';
import { addDays } from '../domain/rules/dates.ts';
import { createApiToken, getAccount, mayManage, SESSION, THROTTLE } from './accounts.ts';
import { audit, inTransaction, type ServiceContext } from './context.ts';
import { localToInstant, parseDateInput } from './meetings-office.ts';

export interface ApiTokenView {
  id: number;
  accountId: number;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  /** Expired tokens are refused by the API; they stay listed until revoked. */
  expired: boolean;
}

/** The tokens of an account, newest first (never their hashes). */
export async function listApiTokens(db: Executor, accountId: number, now = new Date()): Promise<ApiTokenView[]> {
  const rows = await db
    .select({
      id: apiTokens.id,
      accountId: apiTokens.accountId,
      name: apiTokens.name,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      expiresAt: apiTokens.expiresAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.accountId, accountId))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
  return rows.map((r) => ({ ...r, expired: r.expiresAt !== null && r.expiresAt <= now }));
}

function validationFailed(fields: Record<string, string>): DomainError {
  return new DomainError('validation.failed', 'Bitte prüfen Sie Ihre Angaben.', { fields });
}

/**
 * Creates a token for the account itself. `expiresOn` is the last local day it works ("2027-12-31" or
 * "31.12.2027": valid until the end of that day in Europe/Berlin); empty: no expiry. Returns the token
 * once; only its SHA-256 is stored.
 */
export async function createOwnApiToken(
  ctx: ServiceContext,
  accountId: number,
  input: { name: string; expiresOn?: string | null | undefined },
  now = new Date(),
): Promise<{ id: number; token: string; expiresAt: Date | null }> {
  const fields: Record<string, string> = {};
  const name = input.name.trim();
  if (!name) fields.name = 'Bitte benennen Sie den Zugang, z. B. nach dem Programm, das ihn nutzt.';
  else if (name.length > 200) fields.name = 'Der Name darf höchstens 200 Zeichen lang sein.';
  let expiresAt: Date | null = null;
  const raw = (input.expiresOn ?? '').trim();
  if (raw) {
    const day = parseDateInput(raw);
    if (!day) fields.expiresOn = 'Bitte geben Sie das Datum als TT.MM.JJJJ an.';
    else {
      expiresAt = localToInstant(addDays(day, 1), '00:00');
      if (expiresAt <= now) fields.expiresOn = 'Das Ablaufdatum muss heute oder später sein.';
    }
  }
  if (Object.keys(fields).length > 0) throw validationFailed(fields);
  const created = await createApiToken(ctx, accountId, name, expiresAt);
  return { ...created, expiresAt };
}

/**
 * Revokes (deletes) a token: the holder their own, an admin those of accounts they manage. A token of
 * another account the actor does not manage is "not found" (its existence is not confirmed).
 */
export async function revokeApiToken(
  ctx: ServiceContext,
  actor: Actor & { accountId: number },
  tokenId: number,
  /** When given, the token must belong to this account (the admin's page of one account). */
  ownerId?: number,
): Promise<ApiTokenView> {
  return inTransaction(ctx, async (tx) => {
    const [row] = await tx.db.select().from(apiTokens).where(eq(apiTokens.id, tokenId)).for('update');
    const notFound = new DomainError('api_token.not_found', 'Diesen API-Zugang gibt es nicht (mehr).', {
      id: tokenId,
    });
    if (!row || (ownerId !== undefined && row.accountId !== ownerId)) throw notFound;
    if (row.accountId !== actor.accountId) {
      const owner = await getAccount(tx.db, row.accountId);
      if (!owner || !mayManage(actor, owner)) throw notFound;
    }
    await tx.db.delete(apiTokens).where(eq(apiTokens.id, tokenId));
    const view = {
      id: row.id,
      accountId: row.accountId,
      name: row.name,
      createdAt: row.createdAt,
      lastUsedAt: row.lastUsedAt,
      expiresAt: row.expiresAt,
    };
    await audit(tx, { bodyId: null, action: 'delete', entity: 'api_token', entityId: row.id, before: view });
    return { ...view, expired: row.expiresAt !== null && row.expiresAt <= new Date() };
  });
}

// ---------------------------------------------------------------------------------------------------
// Sessions

export interface SessionView {
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  /** The session of the request asking. */
  current: boolean;
}

/** The account's sessions that have not ended (idle or absolute), newest first. */
export async function listActiveSessions(
  db: Executor,
  accountId: number,
  currentTokenHash: string,
  now = new Date(),
): Promise<SessionView[]> {
  const rows = await db
    .select({
      tokenHash: sessions.tokenHash,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
    })
    .from(sessions)
    .where(eq(sessions.accountId, accountId))
    .orderBy(desc(sessions.lastSeenAt), asc(sessions.createdAt));
  return rows
    .filter((r) => r.expiresAt > now && r.lastSeenAt.getTime() + SESSION.idleMs > now.getTime())
    .map(({ tokenHash, ...r }) => ({ ...r, current: tokenHash === currentTokenHash }));
}

/** Ends every session of the account but the one asking ("Überall abmelden"); audited with the count. */
export function endOtherSessions(ctx: ServiceContext, accountId: number, keepTokenHash: string): Promise<number> {
  return inTransaction(ctx, async (tx) => {
    const ended = await tx.db
      .delete(sessions)
      .where(and(eq(sessions.accountId, accountId), ne(sessions.tokenHash, keepTokenHash)))
      .returning({ tokenHash: sessions.tokenHash });
    await audit(tx, {
      bodyId: null,
      action: 'logout_others',
      entity: 'account',
      entityId: accountId,
      after: { sessions: ended.length },
    });
    return ended.length;
  });
}

// ---------------------------------------------------------------------------------------------------
// Cleanup

/**
 * Deletes ended sessions (idle for SESSION.idleMs, or past their absolute end) and login failures older
 * than the throttling window (they no longer count). Live sessions and counting failures stay. Not
 * audited: nothing anyone did, only rows that no longer mean anything.
 */
export async function cleanupExpired(
  db: Executor,
  now = new Date(),
): Promise<{ sessions: number; loginFailures: number; submissions: number }> {
  const ended = await db
    .delete(sessions)
    .where(or(lte(sessions.expiresAt, now), lte(sessions.lastSeenAt, new Date(now.getTime() - SESSION.idleMs))))
    .returning({ tokenHash: sessions.tokenHash });
  const old = await db
    .delete(loginFailures)
    .where(lt(loginFailures.at, new Date(now.getTime() - THROTTLE.windowMs)))
    .returning({ id: loginFailures.id });
  const keys = await db
    .delete(submissions)
    .where(lt(submissions.createdAt, new Date(now.getTime() - ONCE_KEEP_MS)))
    .returning({ key: submissions.key });
  return { sessions: ended.length, loginFailures: old.length, submissions: keys.length };
}

/** How long the one-time key of a form or API request is remembered (src/http/office/once.ts). */
export const ONCE_KEEP_MS = 24 * 60 * 60_000;

/** How often the server cleans up (and once at start). */
export const CLEANUP_INTERVAL_MS = 15 * 60_000;

/**
 * Runs `cleanupExpired` now and then every CLEANUP_INTERVAL_MS on an unref'd timer (it never keeps the
 * process alive). A failed run is logged and tried again at the next interval. Returns a stop function.
 */
export function scheduleCleanup(
  db: Executor,
  log: (line: string) => void,
  intervalMs = CLEANUP_INTERVAL_MS,
): () => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const run = () => {
    if (stopped) return;
    running = cleanupExpired(db).then(
      () => undefined,
      (error: unknown) => log(`Aufräumen abgelaufener Sitzungen fehlgeschlagen: ${String(error)}`),
    );
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
