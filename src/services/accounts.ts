/**
 * Back office accounts: creation, roles per body, passwords (scrypt), login with throttling, sessions,
 * admin password reset, API tokens. See docs/office.md for the model and the security decisions.
 *
 * Secrets never leave this module in clear except to the person they belong to: the password is only
 * hashed, the session and API tokens are returned once (for the cookie, for the admin's screen) and
 * stored as SHA-256. The audit log gets who did what to which account, never a password or a hash.
 */
import { createHash, randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';
import { and, asc, count, eq, gt, inArray, lt, min, or } from 'drizzle-orm';
import type { Executor } from '../db/open.ts';
import { accountRoles, accounts, apiTokens, bodies, loginFailures, persons, sessions } from '../db/schema.ts';
import { DomainError } from '../domain/errors.ts';
import { type Actor, can, ROLES, type Role } from '../domain/permissions.ts';
import { audit, found, inTransaction, type ServiceContext } from './context.ts';

// ---------------------------------------------------------------------------------------------------
// Passwords

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

/** scrypt cost: N=2^15, r=8, p=3 (32 MiB; one of OWASP's recommended equivalents). Stored with each hash. */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}
export const SCRYPT_DEFAULT: ScryptParams = { N: 2 ** 15, r: 8, p: 3 };
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

function scryptAsync(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize('NFC'),
      salt,
      KEY_LENGTH,
      { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

/** German reason why a new password is not acceptable, or undefined. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < PASSWORD_MIN_LENGTH) {
    return `Das Passwort muss mindestens ${PASSWORD_MIN_LENGTH} Zeichen lang sein.`;
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    return `Das Passwort darf höchstens ${PASSWORD_MAX_LENGTH} Zeichen lang sein.`;
  }
  if (password.trim() !== password) return 'Das Passwort darf nicht mit Leerzeichen beginnen oder enden.';
  return undefined;
}

/** `scrypt$N$r$p$salt$hash` with a fresh random salt. */
export async function hashPassword(password: string, params: ScryptParams = SCRYPT_DEFAULT): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await scryptAsync(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Whether `password` matches a stored hash (constant-time comparison; false for a malformed hash). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (
    scheme !== 'scrypt' ||
    !salt ||
    !hash ||
    !Number.isInteger(params.N) ||
    params.N < 2 ||
    params.N > 2 ** 20 ||
    !(params.r >= 1 && params.r <= 32) ||
    !(params.p >= 1 && params.p <= 16) ||
    password.length > PASSWORD_MAX_LENGTH
  ) {
    return false;
  }
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64url'), params);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

let dummyHash: Promise<string> | undefined;
/** A hash to verify against when the login does not exist: the same work, so timing tells nothing. */
function dummy(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return dummyHash;
}

const TEMPORARY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
/** A temporary password: 16 characters in groups of four (about 79 bits), easy to read out. */
export function temporaryPassword(): string {
  const chars = Array.from({ length: 16 }, () => TEMPORARY_ALPHABET[randomInt(TEMPORARY_ALPHABET.length)]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

// ---------------------------------------------------------------------------------------------------
// Accounts and roles

const LOGIN_PATTERN = /^[a-z0-9][a-z0-9._@-]{1,63}$/;

export function normalizeLogin(login: string): string {
  return login.trim().toLowerCase();
}

export interface RoleGrant {
  bodyId: number;
  role: Role;
}

/** An account as the application sees it: never the password hash. */
export interface AccountView {
  id: number;
  login: string;
  displayName: string;
  personId: number | null;
  mustChangePassword: boolean;
  installationAdmin: boolean;
  disabled: boolean;
  lastLoginAt: Date | null;
  roles: RoleGrant[];
}

export interface CreateAccountInput {
  login: string;
  displayName: string;
  /** The password, hashed here … */
  password?: string | undefined;
  /** … or a hash made by `hashPassword` (the demo data ships precomputed hashes). */
  passwordHash?: string | undefined;
  personId?: number | null | undefined;
  installationAdmin?: boolean | undefined;
  /** True for accounts an admin creates with a temporary password. */
  mustChangePassword?: boolean | undefined;
  roles?: RoleGrant[] | undefined;
}

function invalid(message: string, field: string): DomainError {
  return new DomainError('validation.invalid_input', message, { problems: { [field]: message } });
}

function checkRoles(roles: RoleGrant[]) {
  for (const grant of roles) {
    if (!Number.isInteger(grant.bodyId) || grant.bodyId <= 0) throw invalid('Unbekannte Körperschaft.', 'bodyId');
    if (!ROLES.includes(grant.role)) throw invalid(`Unbekannte Rolle „${String(grant.role)}“.`, 'role');
  }
}

const accountColumns = {
  id: accounts.id,
  login: accounts.login,
  displayName: accounts.displayName,
  personId: accounts.personId,
  mustChangePassword: accounts.mustChangePassword,
  installationAdmin: accounts.installationAdmin,
  disabled: accounts.disabled,
  lastLoginAt: accounts.lastLoginAt,
};

async function rolesOf(db: Executor, accountIds: number[]): Promise<Map<number, RoleGrant[]>> {
  const map = new Map<number, RoleGrant[]>();
  if (accountIds.length === 0) return map;
  const rows = await db
    .select({ accountId: accountRoles.accountId, bodyId: accountRoles.bodyId, role: accountRoles.role })
    .from(accountRoles)
    .where(inArray(accountRoles.accountId, accountIds))
    .orderBy(asc(accountRoles.bodyId), asc(accountRoles.role));
  for (const row of rows) {
    const list = map.get(row.accountId) ?? [];
    list.push({ bodyId: row.bodyId, role: row.role });
    map.set(row.accountId, list);
  }
  return map;
}

export async function getAccount(db: Executor, id: number): Promise<AccountView | undefined> {
  const [row] = await db.select(accountColumns).from(accounts).where(eq(accounts.id, id));
  if (!row) return undefined;
  return { ...row, roles: (await rolesOf(db, [id])).get(id) ?? [] };
}

export function actorOf(account: Pick<AccountView, 'installationAdmin' | 'roles'>): Actor {
  return { installationAdmin: account.installationAdmin, roles: account.roles };
}

/** The audit's picture of an account: no secrets. */
function auditView(account: AccountView | Omit<AccountView, 'roles'>) {
  const { lastLoginAt: _lastLogin, ...rest } = account;
  return rest;
}

export async function createAccount(
  ctx: ServiceContext,
  input: CreateAccountInput,
  params: ScryptParams = SCRYPT_DEFAULT,
): Promise<AccountView> {
  const login = normalizeLogin(input.login);
  if (!LOGIN_PATTERN.test(login)) {
    throw invalid(
      'Der Anmeldename besteht aus 2 bis 64 Kleinbuchstaben, Ziffern und den Zeichen . _ - @ und beginnt mit einem Buchstaben oder einer Ziffer.',
      'login',
    );
  }
  const displayName = input.displayName.trim();
  if (!displayName || displayName.length > 200) {
    throw invalid('Bitte geben Sie einen Namen an (höchstens 200 Zeichen).', 'displayName');
  }
  if (input.passwordHash === undefined) {
    const problem = passwordProblem(input.password ?? '');
    if (problem) throw invalid(problem, 'password');
  } else if (!input.passwordHash.startsWith('scrypt$')) {
    throw invalid('Der Passwort-Hash ist kein scrypt-Hash.', 'password');
  }
  const roles = input.roles ?? [];
  checkRoles(roles);
  const passwordHash = input.passwordHash ?? (await hashPassword(input.password ?? '', params));
  return inTransaction(ctx, async (tx) => {
    const [taken] = await tx.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.login, login));
    if (taken) {
      throw new DomainError('account.login_taken', `Den Anmeldenamen „${login}“ gibt es bereits.`, { login });
    }
    if (input.personId != null) {
      found(
        (await tx.db.select({ id: persons.id }).from(persons).where(eq(persons.id, input.personId)))[0],
        'person',
        input.personId,
      );
    }
    const [row] = await tx.db
      .insert(accounts)
      .values({
        login,
        displayName,
        personId: input.personId ?? null,
        passwordHash,
        mustChangePassword: input.mustChangePassword ?? false,
        installationAdmin: input.installationAdmin ?? false,
      })
      .returning(accountColumns);
    const account = found(row, 'account', login);
    if (roles.length > 0) {
      await tx.db.insert(accountRoles).values(roles.map((r) => ({ accountId: account.id, ...r })));
    }
    const view = { ...account, roles };
    await audit(tx, {
      bodyId: null,
      action: 'create',
      entity: 'account',
      entityId: account.id,
      after: auditView(view),
    });
    return view;
  });
}

/**
 * Whether an actor may manage an account: an installation admin always; a body's admin only when
 * every role of the account lies in bodies the actor administers, and never an installation admin
 * or an account without roles (that would reach beyond the actor's bodies).
 */
export function mayManage(actor: Actor, target: Pick<AccountView, 'installationAdmin' | 'roles'>): boolean {
  if (actor.installationAdmin) return true;
  if (target.installationAdmin || target.roles.length === 0) return false;
  return target.roles.every((r) => can(actor, 'account.manage', { bodyId: r.bodyId }));
}

function accountFound<T>(account: T | undefined, id: number): T {
  if (account === undefined) {
    throw new DomainError('account.not_found', `Das Konto ${id} wurde nicht gefunden.`, { id });
  }
  return account;
}

function refuse(message: string): DomainError {
  return new DomainError('permission.denied', message);
}

/** Replaces the roles of an account. The actor must be allowed to manage both the old and the new ones. */
export async function setRoles(
  ctx: ServiceContext,
  actor: Actor,
  accountId: number,
  roles: RoleGrant[],
): Promise<AccountView> {
  checkRoles(roles);
  return inTransaction(ctx, async (tx) => {
    const before = accountFound(await getAccount(tx.db, accountId), accountId);
    if (!mayManage(actor, before)) throw refuse('Dieses Konto dürfen Sie nicht verwalten.');
    if (!roles.every((r) => can(actor, 'account.manage', { bodyId: r.bodyId }))) {
      throw refuse('Rollen dürfen Sie nur in Körperschaften vergeben, die Sie verwalten.');
    }
    await tx.db.delete(accountRoles).where(eq(accountRoles.accountId, accountId));
    const unique = [...new Map(roles.map((r) => [`${r.bodyId}:${r.role}`, r])).values()];
    if (unique.length > 0) await tx.db.insert(accountRoles).values(unique.map((r) => ({ accountId, ...r })));
    const after = accountFound(await getAccount(tx.db, accountId), accountId);
    await audit(tx, {
      bodyId: null,
      action: 'update',
      entity: 'account',
      entityId: accountId,
      before: { roles: before.roles },
      after: { roles: after.roles },
    });
    return after;
  });
}

export interface AccountUpdate {
  displayName: string;
  personId: number | null;
  disabled: boolean;
}

/**
 * Changes an account's name, linked person and whether it is disabled. The person must belong to a
 * body the actor administers; nobody disables their own account (no lock-out). Disabling ends the
 * account's sessions (its API tokens stop working with it).
 */
export async function updateAccount(
  ctx: ServiceContext,
  actor: Actor & { accountId?: number },
  accountId: number,
  input: AccountUpdate,
): Promise<AccountView> {
  const displayName = input.displayName.trim();
  if (!displayName || displayName.length > 200) {
    throw invalid('Bitte geben Sie einen Namen an (höchstens 200 Zeichen).', 'displayName');
  }
  return inTransaction(ctx, async (tx) => {
    const before = accountFound(await getAccount(tx.db, accountId), accountId);
    if (!mayManage(actor, before)) throw refuse('Dieses Konto dürfen Sie nicht verwalten.');
    if (input.disabled && actor.accountId === accountId) {
      throw invalid('Ihr eigenes Konto können Sie nicht sperren.', 'disabled');
    }
    if (input.personId !== null) {
      if (!Number.isInteger(input.personId)) throw invalid('Diese Person gibt es nicht.', 'personId');
      const [person] = await tx.db
        .select({ bodyId: persons.bodyId })
        .from(persons)
        .where(eq(persons.id, input.personId));
      if (!person) throw invalid('Diese Person gibt es nicht.', 'personId');
      if (!can(actor, 'account.manage', { bodyId: person.bodyId })) {
        throw refuse('Verknüpfen dürfen Sie nur Personen der Körperschaften, die Sie verwalten.');
      }
    }
    await tx.db
      .update(accounts)
      .set({ displayName, personId: input.personId, disabled: input.disabled, modifiedAt: new Date() })
      .where(eq(accounts.id, accountId));
    if (input.disabled) await tx.db.delete(sessions).where(eq(sessions.accountId, accountId));
    const after = accountFound(await getAccount(tx.db, accountId), accountId);
    await audit(tx, {
      bodyId: null,
      action: 'update',
      entity: 'account',
      entityId: accountId,
      before: { displayName: before.displayName, personId: before.personId, disabled: before.disabled },
      after: { displayName: after.displayName, personId: after.personId, disabled: after.disabled },
    });
    return after;
  });
}

/** Persons an account may be linked to: those of the given bodies, by name. */
export async function linkablePersons(
  db: Executor,
  bodyIds: number[],
): Promise<Array<{ id: number; bodyId: number; name: string }>> {
  if (bodyIds.length === 0) return [];
  const rows = await db
    .select({ id: persons.id, bodyId: persons.bodyId, givenName: persons.givenName, familyName: persons.familyName })
    .from(persons)
    .where(inArray(persons.bodyId, bodyIds))
    .orderBy(asc(persons.familyName), asc(persons.givenName), asc(persons.id));
  return rows.map((r) => ({
    id: r.id,
    bodyId: r.bodyId,
    name: [r.familyName, r.givenName].filter(Boolean).join(', '),
  }));
}

/** Accounts the actor may manage, by login. */
export async function listManagedAccounts(db: Executor, actor: Actor): Promise<AccountView[]> {
  const rows = await db.select(accountColumns).from(accounts).orderBy(asc(accounts.login));
  const roles = await rolesOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ ...r, roles: roles.get(r.id) ?? [] })).filter((a) => mayManage(actor, a));
}

/** Names of bodies by id (for showing roles). */
export async function bodyNames(db: Executor): Promise<Map<number, string>> {
  const rows = await db.select({ id: bodies.id, name: bodies.name }).from(bodies).orderBy(asc(bodies.name));
  return new Map(rows.map((r) => [r.id, r.name]));
}

// ---------------------------------------------------------------------------------------------------
// Login throttling

export const THROTTLE = {
  windowMs: 15 * 60_000,
  /** Failures per login name in the window. */
  perLogin: 5,
  /** Failures per client address in the window (higher: an office behind one address). */
  perAddress: 20,
};

export interface LoginInput {
  login: string;
  password: string;
  /** The client's address, for throttling ("unknown" when not known). */
  address: string;
  now?: Date | undefined;
}

const loginKey = (login: string) => normalizeLogin(login).slice(0, 200);

function throttled(wait: number): DomainError {
  const minutes = Math.ceil(wait / 60);
  return new DomainError(
    'auth.throttled',
    `Zu viele fehlgeschlagene Anmeldeversuche. Bitte versuchen Sie es in ${minutes} ${
      minutes === 1 ? 'Minute' : 'Minuten'
    } erneut.`,
    { retryAfterSeconds: wait },
  );
}

/** Seconds until another attempt is allowed, or 0 when attempts are allowed now. */
export async function throttledFor(db: Executor, login: string, address: string, now: Date): Promise<number> {
  const since = new Date(now.getTime() - THROTTLE.windowMs);
  const wait = async (kind: string, key: string, limit: number) => {
    const [row] = await db
      .select({ n: count(), oldest: min(loginFailures.at) })
      .from(loginFailures)
      .where(and(eq(loginFailures.kind, kind), eq(loginFailures.key, key), gt(loginFailures.at, since)));
    if (!row || Number(row.n) < limit || !row.oldest) return 0;
    const oldest = row.oldest instanceof Date ? row.oldest : new Date(row.oldest);
    return Math.max(1, Math.ceil((oldest.getTime() + THROTTLE.windowMs - now.getTime()) / 1000));
  };
  return Math.max(
    await wait('login', loginKey(login), THROTTLE.perLogin),
    await wait('address', address.slice(0, 100), THROTTLE.perAddress),
  );
}

async function recordFailure(ctx: ServiceContext, login: string, address: string, now: Date) {
  await inTransaction(ctx, async (tx) => {
    await tx.db.delete(loginFailures).where(lt(loginFailures.at, new Date(now.getTime() - THROTTLE.windowMs)));
    await tx.db.insert(loginFailures).values([
      { kind: 'login', key: loginKey(login), at: now },
      { kind: 'address', key: address.slice(0, 100), at: now },
    ]);
  });
}

// ---------------------------------------------------------------------------------------------------
// Sessions

export const SESSION = {
  /** A session ends after this long without a request. */
  idleMs: 2 * 60 * 60_000,
  /** A session ends this long after login, used or not. */
  absoluteMs: 12 * 60 * 60_000,
  /** `last_seen_at` is written at most this often (not on every request). */
  touchMs: 60_000,
};

/** A logged-in request's session: the account, what it may do, the form token. */
export interface Session {
  /** 'cookie': a browser session (forms carry `csrfToken`); 'token': an API token (no cookie, no CSRF). */
  via: 'cookie' | 'token';
  /** SHA-256 of the cookie's token ('' for API tokens). */
  tokenHash: string;
  csrfToken: string;
  expiresAt: Date;
  account: AccountView;
  actor: Actor;
}

export interface NewSession {
  /** For the cookie; shown nowhere else, stored only as its SHA-256. */
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

const newToken = () => randomBytes(32).toString('base64url');

async function insertSession(ctx: ServiceContext, accountId: number, now: Date): Promise<NewSession> {
  const token = newToken();
  const csrfToken = newToken();
  const expiresAt = new Date(now.getTime() + SESSION.absoluteMs);
  await ctx.db.insert(sessions).values({
    tokenHash: sha256(token),
    accountId,
    csrfToken,
    createdAt: now,
    lastSeenAt: now,
    expiresAt,
  });
  return { token, csrfToken, expiresAt };
}

/** Starts a session for an account (after a verified login). */
export function createSession(ctx: ServiceContext, accountId: number, now = new Date()): Promise<NewSession> {
  return inTransaction(ctx, async (tx) => {
    // Ended sessions of the account are cleared on the way.
    await tx.db
      .delete(sessions)
      .where(
        and(
          eq(sessions.accountId, accountId),
          or(lt(sessions.lastSeenAt, new Date(now.getTime() - SESSION.idleMs)), lt(sessions.expiresAt, now)),
        ),
      );
    return insertSession(tx, accountId, now);
  });
}

export type LoginResult = { session: NewSession; account: AccountView };

/**
 * Verifies a login. Refuses with `auth.throttled` (429) after too many failures for the name or the
 * address, with `auth.failed` when the name is unknown, the password wrong or the account disabled
 * (one message for all three: it does not tell whether an account exists).
 */
export async function login(ctx: ServiceContext, input: LoginInput): Promise<LoginResult> {
  const now = input.now ?? new Date();
  const name = normalizeLogin(input.login);
  const wait = await throttledFor(ctx.db, name, input.address, now);
  if (wait > 0) throw throttled(wait);
  const [row] = name
    ? await ctx.db
        .select({ id: accounts.id, passwordHash: accounts.passwordHash, disabled: accounts.disabled })
        .from(accounts)
        .where(eq(accounts.login, name))
    : [];
  const ok = await verifyPassword(input.password, row?.passwordHash ?? (await dummy()));
  if (!row || !ok || row.disabled) {
    await recordFailure(ctx, name, input.address, now);
    throw new DomainError('auth.failed', 'Anmeldename oder Passwort ist falsch.');
  }
  return inTransaction({ ...ctx, actor: `user:${row.id}` }, async (tx) => {
    const session = await createSession(tx, row.id, now);
    await tx.db.update(accounts).set({ lastLoginAt: now }).where(eq(accounts.id, row.id));
    await tx.db.delete(loginFailures).where(and(eq(loginFailures.kind, 'login'), eq(loginFailures.key, name)));
    await audit(tx, { bodyId: null, action: 'login', entity: 'account', entityId: row.id });
    return { session, account: accountFound(await getAccount(tx.db, row.id), row.id) };
  });
}

/**
 * The session of a cookie's token, or undefined when there is none, it has ended (idle or absolute
 * expiry) or the account is disabled. Marks it used (at most once a minute).
 */
export async function lookupSession(db: Executor, token: string, now = new Date()): Promise<Session | undefined> {
  if (!token || token.length > 100) return undefined;
  const tokenHash = sha256(token);
  const [row] = await db
    .select({
      csrfToken: sessions.csrfToken,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      accountId: sessions.accountId,
    })
    .from(sessions)
    .where(eq(sessions.tokenHash, tokenHash));
  if (!row) return undefined;
  if (row.expiresAt <= now || row.lastSeenAt.getTime() + SESSION.idleMs <= now.getTime()) {
    await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
    return undefined;
  }
  const account = await getAccount(db, row.accountId);
  if (!account || account.disabled) return undefined;
  if (now.getTime() - row.lastSeenAt.getTime() >= SESSION.touchMs) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, tokenHash));
  }
  return {
    via: 'cookie',
    tokenHash,
    csrfToken: row.csrfToken,
    expiresAt: row.expiresAt,
    account,
    actor: actorOf(account),
  };
}

/** Ends a session (logout). */
export function logout(ctx: ServiceContext, session: Pick<Session, 'tokenHash' | 'account'>): Promise<void> {
  return inTransaction(ctx, async (tx) => {
    await tx.db.delete(sessions).where(eq(sessions.tokenHash, session.tokenHash));
    await audit(tx, { bodyId: null, action: 'logout', entity: 'account', entityId: session.account.id });
  });
}

// ---------------------------------------------------------------------------------------------------
// Password changes

/**
 * An admin resets an account's password: a temporary password (returned once, to be handed over),
 * which must be changed at the next login; every session of the account ends.
 */
export async function resetPassword(
  ctx: ServiceContext,
  actor: Actor,
  accountId: number,
  params: ScryptParams = SCRYPT_DEFAULT,
): Promise<{ account: AccountView; temporaryPassword: string }> {
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password, params);
  return inTransaction(ctx, async (tx) => {
    const account = accountFound(await getAccount(tx.db, accountId), accountId);
    if (!mayManage(actor, account)) throw refuse('Dieses Konto dürfen Sie nicht verwalten.');
    await tx.db
      .update(accounts)
      .set({ passwordHash, mustChangePassword: true, modifiedAt: new Date() })
      .where(eq(accounts.id, accountId));
    await tx.db.delete(sessions).where(eq(sessions.accountId, accountId));
    await audit(tx, {
      bodyId: null,
      action: 'password_reset',
      entity: 'account',
      entityId: accountId,
      after: { mustChangePassword: true },
    });
    return { account: { ...account, mustChangePassword: true }, temporaryPassword: password };
  });
}

/**
 * The account holder changes their own password (the current one proves it is them). Every session of
 * the account ends; the returned new session replaces the caller's.
 */
export async function changePassword(
  ctx: ServiceContext,
  accountId: number,
  input: { current: string; next: string; address?: string | undefined; now?: Date | undefined },
  params: ScryptParams = SCRYPT_DEFAULT,
): Promise<NewSession> {
  const now = input.now ?? new Date();
  const address = input.address ?? 'unknown';
  const [row] = await ctx.db
    .select({ login: accounts.login, passwordHash: accounts.passwordHash })
    .from(accounts)
    .where(eq(accounts.id, accountId));
  const stored = accountFound(row, accountId);
  // Guessing the current password (with a session left open somewhere) is throttled like a login.
  const wait = await throttledFor(ctx.db, stored.login, address, now);
  if (wait > 0) throw throttled(wait);
  if (!(await verifyPassword(input.current, stored.passwordHash))) {
    await recordFailure(ctx, stored.login, address, now);
    throw new DomainError('auth.wrong_password', 'Das bisherige Passwort ist nicht richtig.', {
      problems: { current: 'Das bisherige Passwort ist nicht richtig.' },
    });
  }
  const problem = passwordProblem(input.next);
  if (problem) throw invalid(problem, 'next');
  if (input.next === input.current) {
    throw invalid('Das neue Passwort muss sich vom bisherigen unterscheiden.', 'next');
  }
  const passwordHash = await hashPassword(input.next, params);
  return inTransaction(ctx, async (tx) => {
    await tx.db
      .update(accounts)
      .set({ passwordHash, mustChangePassword: false, modifiedAt: now })
      .where(eq(accounts.id, accountId));
    await tx.db.delete(sessions).where(eq(sessions.accountId, accountId));
    await audit(tx, { bodyId: null, action: 'password_change', entity: 'account', entityId: accountId });
    return insertSession(tx, accountId, now);
  });
}

// ---------------------------------------------------------------------------------------------------
// API tokens

/** Creates an API token for an account; the token is returned once and stored as its SHA-256. */
export async function createApiToken(
  ctx: ServiceContext,
  accountId: number,
  name: string,
  expiresAt: Date | null = null,
): Promise<{ id: number; token: string }> {
  const label = name.trim();
  if (!label || label.length > 200) throw invalid('Bitte benennen Sie den Zugang (höchstens 200 Zeichen).', 'name');
  const token = `ratsinfo_${newToken()}`;
  return inTransaction(ctx, async (tx) => {
    accountFound(await getAccount(tx.db, accountId), accountId);
    const [row] = await tx.db
      .insert(apiTokens)
      .values({ accountId, name: label, tokenHash: sha256(token), expiresAt })
      .returning({ id: apiTokens.id });
    const created = found(row, 'api_token', label);
    await audit(tx, {
      bodyId: null,
      action: 'create',
      entity: 'api_token',
      entityId: created.id,
      after: { accountId, name: label, expiresAt },
    });
    return { id: created.id, token };
  });
}

/** The account acting through an API token, or undefined (unknown, expired, disabled account). */
export async function lookupApiToken(
  db: Executor,
  token: string,
  now = new Date(),
): Promise<{ account: AccountView; actor: Actor } | undefined> {
  if (!token.startsWith('ratsinfo_') || token.length > 100) return undefined;
  const [row] = await db
    .select({
      id: apiTokens.id,
      accountId: apiTokens.accountId,
      expiresAt: apiTokens.expiresAt,
      lastUsedAt: apiTokens.lastUsedAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.tokenHash, sha256(token)));
  if (!row || (row.expiresAt && row.expiresAt <= now)) return undefined;
  const account = await getAccount(db, row.accountId);
  if (!account || account.disabled) return undefined;
  // Written at most once a minute, as a session's last request (an integration's every call need not write).
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= SESSION.touchMs) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
  }
  return { account, actor: actorOf(account) };
}
