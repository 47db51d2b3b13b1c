/**
 * The back office (Verwaltung) pages of accounts and sessions: login, logout, start page, own password,
 * accounts (admins). Registered through `route()` (router.tsx): each with its permission.
 */
import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { isDomainError } from '../../domain/errors.ts';
import { ROLES, type Role, roleLabel, rolesIn } from '../../domain/permissions.ts';
import {
  type AccountView,
  bodyNames,
  changePassword,
  createAccount,
  getAccount,
  linkablePersons,
  listManagedAccounts,
  login,
  logout,
  mayManage,
  PASSWORD_MIN_LENGTH,
  type RoleGrant,
  resetPassword,
  setRoles,
  temporaryPassword,
  updateAccount,
} from '../../services/accounts.ts';
import type { ServiceContext } from '../../services/context.ts';
import type { AppEnv } from '../env.ts';
import { OnceField } from './forms.tsx';
import { OfficeLayout } from './layout.tsx';
import { refusePage, route } from './router.tsx';
import {
  clearLoginCookie,
  clearSessionCookie,
  clientAddress,
  LOGIN_COOKIE,
  LOGIN_PATH,
  PASSWORD_PATH,
  setLoginCookie,
  setSessionCookie,
} from './session.ts';

const ctxOf = (c: Context<AppEnv>): ServiceContext => ({
  db: c.var.db,
  actor: c.var.session ? `user:${c.var.session.account.id}` : 'anonymous',
});

const field = (form: Record<string, unknown>, name: string) => {
  const value = form[name];
  return typeof value === 'string' ? value : '';
};

function CsrfField(props: { token: string }) {
  return (
    <>
      <input type="hidden" name="_csrf" value={props.token} />
      <OnceField />
    </>
  );
}

/** A labelled input with its error (aria-invalid, aria-describedby). */
function Field(props: {
  id: string;
  label: string;
  type?: string;
  value?: string;
  error?: string | undefined;
  autocomplete?: string;
  hint?: string;
  required?: boolean;
}) {
  const described = [props.hint ? `${props.id}-hinweis` : '', props.error ? `${props.id}-fehler` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div>
      <label for={props.id}>{props.label}</label>
      {props.hint ? (
        <span id={`${props.id}-hinweis`} class="muted">
          {props.hint}
        </span>
      ) : null}
      <input
        id={props.id}
        name={props.id}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        autocomplete={props.autocomplete}
        required={props.required ?? true}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={described || undefined}
      />
      {props.error ? (
        <p id={`${props.id}-fehler`} class="error">
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

/** A local back office path to return to after login; anything else becomes the start page. */
function safeNext(value: string | undefined): string {
  if (!value) return '/verwaltung';
  if (!/^\/verwaltung(\/[A-Za-z0-9\-._~%/]*)?(\?[A-Za-z0-9\-._~%=&]*)?$/.test(value) || value.includes('//')) {
    return '/verwaltung';
  }
  return value;
}

// ---------------------------------------------------------------------------------------------------
// Login and logout

function loginPage(
  c: Context<AppEnv>,
  options: { status?: 200 | 401 | 403 | 429; error?: string; login?: string; next?: string; notice?: string },
) {
  // The login form's token: the existing double-submit cookie, or a new one.
  const existing = getCookie(c, LOGIN_COOKIE);
  const token = existing && /^[A-Za-z0-9_-]{43}$/.test(existing) ? existing : randomBytes(32).toString('base64url');
  if (token !== existing) setLoginCookie(c, token);
  return c.html(
    <OfficeLayout title="Anmelden">
      <h1>Anmeldung zur Verwaltung</h1>
      {options.notice ? (
        <p class="notice" role="status">
          {options.notice}
        </p>
      ) : null}
      {options.error ? (
        <p class="error" role="alert" id="anmeldung-fehler">
          {options.error}
        </p>
      ) : null}
      <form method="post" action={LOGIN_PATH} aria-describedby={options.error ? 'anmeldung-fehler' : undefined}>
        <CsrfField token={token} />
        <input type="hidden" name="weiter" value={safeNext(options.next)} />
        <Field id="anmeldename" label="Anmeldename" value={options.login ?? ''} autocomplete="username" />
        <Field id="passwort" label="Passwort" type="password" autocomplete="current-password" />
        <button type="submit">Anmelden</button>
      </form>
      <p class="muted">
        Passwort vergessen? Wenden Sie sich an die Administration Ihrer Körperschaft; sie setzt es zurück.
      </p>
    </OfficeLayout>,
    options.status ?? 200,
  );
}

route('GET', LOGIN_PATH, 'public', (c) => {
  if (c.var.session) return c.redirect(safeNext(c.req.query('weiter')), 303);
  return loginPage(c, {
    next: c.req.query('weiter'),
    ...(c.req.query('abgemeldet') !== undefined ? { notice: 'Sie haben sich abgemeldet.' } : {}),
  });
});

route('POST', LOGIN_PATH, 'public', async (c) => {
  const form = await c.req.parseBody();
  const name = field(form, 'anmeldename');
  const next = safeNext(field(form, 'weiter'));
  try {
    const result = await login(ctxOf(c), {
      login: name,
      password: field(form, 'passwort'),
      address: clientAddress(c),
    });
    setSessionCookie(c, result.session);
    clearLoginCookie(c);
    return c.redirect(result.account.mustChangePassword ? PASSWORD_PATH : next, 303);
  } catch (error) {
    if (isDomainError(error) && (error.id === 'auth.failed' || error.id === 'auth.throttled')) {
      const throttled = error.id === 'auth.throttled';
      if (throttled) c.header('Retry-After', String(error.details.retryAfterSeconds ?? 60));
      return loginPage(c, { status: throttled ? 429 : 401, error: error.message, login: name, next });
    }
    throw error;
  }
});

route('POST', '/verwaltung/abmelden', 'login', async (c) => {
  const session = c.var.session;
  if (session) await logout(ctxOf(c), session);
  clearSessionCookie(c);
  return c.redirect(`${LOGIN_PATH}?abgemeldet`, 303);
});

// ---------------------------------------------------------------------------------------------------
// Start page

function rolesList(roles: Role[]) {
  return roles.map((r) => roleLabel[r]).join(', ');
}

route('GET', '/verwaltung', 'office.enter', async (c) => {
  const session = c.var.session;
  if (!session) return c.redirect(LOGIN_PATH, 303);
  const names = await bodyNames(c.var.db);
  const bodyIds = session.account.installationAdmin
    ? [...names.keys()]
    : [...new Set(session.account.roles.map((r) => r.bodyId))];
  return c.html(
    <OfficeLayout title="Übersicht" session={session}>
      <h1>Verwaltung</h1>
      {c.req.query('passwort') !== undefined ? (
        <p class="notice" role="status">
          Ihr Passwort wurde geändert.
        </p>
      ) : null}
      <p>
        Angemeldet als <strong>{session.account.displayName}</strong> ({session.account.login}).
        {session.account.installationAdmin ? ' Sie verwalten die gesamte Installation.' : ''}
      </p>
      <h2>Ihre Körperschaften und Rollen</h2>
      {bodyIds.length === 0 ? (
        <p>Es gibt noch keine Körperschaft.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Körperschaft</th>
              <th scope="col">Rollen</th>
            </tr>
          </thead>
          <tbody>
            {bodyIds.map((id) => (
              <tr>
                <td>{names.get(id) ?? `Körperschaft ${id}`}</td>
                <td>{rolesList(rolesIn(session.actor, id))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </OfficeLayout>,
  );
});

// ---------------------------------------------------------------------------------------------------
// Own password

function passwordPage(c: Context<AppEnv>, errors: Record<string, string> = {}, status: 200 | 422 | 429 = 200) {
  const session = c.var.session;
  if (!session) return c.redirect(LOGIN_PATH, 303);
  const forced = session.account.mustChangePassword;
  return c.html(
    <OfficeLayout title="Passwort ändern" session={session}>
      <h1>Passwort ändern</h1>
      {forced ? (
        <p class="notice" role="status">
          Ihr Passwort wurde von der Administration zurückgesetzt. Bitte wählen Sie jetzt ein eigenes Passwort.
        </p>
      ) : null}
      <form method="post" action={PASSWORD_PATH}>
        <CsrfField token={session.csrfToken} />
        <Field
          id="bisher"
          label={forced ? 'Vorläufiges Passwort' : 'Bisheriges Passwort'}
          type="password"
          autocomplete="current-password"
          error={errors.current}
        />
        <Field
          id="neu"
          label="Neues Passwort"
          type="password"
          autocomplete="new-password"
          hint={`Mindestens ${PASSWORD_MIN_LENGTH} Zeichen.`}
          error={errors.next}
        />
        <Field
          id="wiederholung"
          label="Neues Passwort wiederholen"
          type="password"
          autocomplete="new-password"
          error={errors.repeat}
        />
        <button type="submit">Passwort ändern</button>
      </form>
    </OfficeLayout>,
    status,
  );
}

route('GET', PASSWORD_PATH, 'login', (c) => passwordPage(c));

route('POST', PASSWORD_PATH, 'login', async (c) => {
  const session = c.var.session;
  if (!session) return c.redirect(LOGIN_PATH, 303);
  const form = await c.req.parseBody();
  const next = field(form, 'neu');
  if (next !== field(form, 'wiederholung')) {
    return passwordPage(c, { repeat: 'Die beiden neuen Passwörter stimmen nicht überein.' }, 422);
  }
  try {
    const fresh = await changePassword(ctxOf(c), session.account.id, {
      current: field(form, 'bisher'),
      next,
      address: clientAddress(c),
    });
    setSessionCookie(c, fresh);
    return c.redirect('/verwaltung?passwort=geaendert', 303);
  } catch (error) {
    if (isDomainError(error) && error.id === 'auth.throttled') {
      c.header('Retry-After', String(error.details.retryAfterSeconds ?? 60));
      return passwordPage(c, { current: error.message }, 429);
    }
    if (isDomainError(error) && (error.id === 'auth.wrong_password' || error.id === 'validation.invalid_input')) {
      const problems = (error.details.problems ?? {}) as Record<string, string>;
      return passwordPage(c, Object.keys(problems).length > 0 ? problems : { next: error.message }, 422);
    }
    throw error;
  }
});

// ---------------------------------------------------------------------------------------------------
// Accounts (admins)

const roleOptions = ROLES;

function accountStatus(account: AccountView): string {
  if (account.disabled) return 'gesperrt';
  if (account.mustChangePassword) return 'Passwortwechsel ausstehend';
  return 'aktiv';
}

async function accountsPage(
  c: Context<AppEnv>,
  options: { status?: 200 | 403 | 404 | 409 | 422; error?: string; created?: { login: string; password: string } },
) {
  const session = c.var.session;
  if (!session) return c.redirect(LOGIN_PATH, 303);
  const [accounts, names] = await Promise.all([listManagedAccounts(c.var.db, session.actor), bodyNames(c.var.db)]);
  const manageable = [...names.entries()].filter(([id]) => rolesIn(session.actor, id).includes('admin'));
  return c.html(
    <OfficeLayout title="Konten" session={session}>
      <h1>Konten</h1>
      {options.error ? (
        <p class="error" role="alert">
          {options.error}
        </p>
      ) : null}
      {options.created ? (
        <div class="notice" role="status">
          <p>
            Vorläufiges Passwort für <strong>{options.created.login}</strong>:{' '}
            <span class="secret">{options.created.password}</span>
          </p>
          <p>
            Geben Sie es der Person auf sicherem Weg weiter. Es wird nur jetzt angezeigt und muss bei der ersten
            Anmeldung geändert werden.
          </p>
        </div>
      ) : null}
      <table>
        <caption class="muted">Konten, die Sie verwalten</caption>
        <thead>
          <tr>
            <th scope="col">Anmeldename</th>
            <th scope="col">Name</th>
            <th scope="col">Rollen</th>
            <th scope="col">Status</th>
            <th scope="col">Aktion</th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((a) => (
            <tr>
              <td>
                <a href={`/verwaltung/konten/${a.id}`}>{a.login}</a>
              </td>
              <td>{a.displayName}</td>
              <td>
                {a.installationAdmin ? 'Administration der Installation' : ''}
                {a.roles.map((r) => (
                  <div>
                    {roleLabel[r.role]} – {names.get(r.bodyId) ?? r.bodyId}
                  </div>
                ))}
              </td>
              <td>{accountStatus(a)}</td>
              <td>
                <form method="post" action={`/verwaltung/konten/${a.id}/passwort`}>
                  <CsrfField token={session.csrfToken} />
                  <button type="submit" aria-label={`Passwort zurücksetzen: ${a.displayName}`}>
                    Passwort zurücksetzen
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {manageable.length > 0 ? (
        <>
          <h2>Konto anlegen</h2>
          <form method="post" action="/verwaltung/konten">
            <CsrfField token={session.csrfToken} />
            <Field id="anmeldename" label="Anmeldename" autocomplete="off" />
            <Field id="name" label="Name" autocomplete="off" />
            <label for="koerperschaft">Körperschaft</label>
            <select id="koerperschaft" name="koerperschaft">
              {manageable.map(([id, name]) => (
                <option value={String(id)}>{name}</option>
              ))}
            </select>
            <label for="rolle">Rolle</label>
            <select id="rolle" name="rolle">
              {roleOptions.map((r) => (
                <option value={r}>{roleLabel[r]}</option>
              ))}
            </select>
            <button type="submit">Konto anlegen</button>
          </form>
        </>
      ) : null}
    </OfficeLayout>,
    options.status ?? 200,
  );
}

route('GET', '/verwaltung/konten', 'account.manage', (c) => accountsPage(c, {}));

route('POST', '/verwaltung/konten', 'account.manage', async (c) => {
  const session = c.var.session;
  if (!session) return c.redirect(LOGIN_PATH, 303);
  const form = await c.req.parseBody();
  const bodyId = Number(field(form, 'koerperschaft'));
  const role = field(form, 'rolle') as Role;
  if (!ROLES.includes(role)) return accountsPage(c, { status: 422, error: `Unbekannte Rolle „${role}“.` });
  if (!rolesIn(session.actor, bodyId).includes('admin')) {
    return accountsPage(c, {
      status: 403,
      error: 'Konten dürfen Sie nur in Körperschaften anlegen, die Sie verwalten.',
    });
  }
  const password = temporaryPassword();
  try {
    const account = await createAccount(ctxOf(c), {
      login: field(form, 'anmeldename'),
      displayName: field(form, 'name'),
      password,
      mustChangePassword: true,
      roles: [{ bodyId, role }],
    });
    return accountsPage(c, { created: { login: account.login, password } });
  } catch (error) {
    if (
      isDomainError(error) &&
      ['validation.invalid_input', 'account.login_taken', 'storage.reference_missing'].includes(error.id)
    ) {
      return accountsPage(c, { status: error.id === 'account.login_taken' ? 409 : 422, error: error.message });
    }
    throw error;
  }
});

function accountId(c: Context<AppEnv>): number | undefined {
  const id = Number(c.req.param('id'));
  return Number.isInteger(id) && id > 0 ? id : undefined;
}

route('POST', '/verwaltung/konten/:id/passwort', 'account.manage', async (c) => {
  const session = c.var.session;
  if (!session) return c.redirect(LOGIN_PATH, 303);
  const id = accountId(c);
  const target = id === undefined ? undefined : await getAccount(c.var.db, id);
  if (id === undefined || !target) return accountsPage(c, { status: 404, error: 'Dieses Konto gibt es nicht.' });
  try {
    const result = await resetPassword(ctxOf(c), session.actor, id);
    return accountsPage(c, { created: { login: result.account.login, password: result.temporaryPassword } });
  } catch (error) {
    if (isDomainError(error) && error.id === 'permission.denied') {
      return refusePage(c, 403, error.id, error.message);
    }
    throw error;
  }
});

async function accountPage(
  c: Context<AppEnv>,
  options: { status?: 200 | 403 | 422; error?: string; saved?: boolean } = {},
) {
  const session = c.var.session;
  if (!session) return c.redirect(LOGIN_PATH, 303);
  const id = accountId(c);
  const account = id === undefined ? undefined : await getAccount(c.var.db, id);
  if (!account) return accountsPage(c, { status: 404, error: 'Dieses Konto gibt es nicht.' });
  if (!mayManage(session.actor, account)) {
    return refusePage(c, 403, 'permission.denied', 'Dieses Konto dürfen Sie nicht verwalten.');
  }
  const names = await bodyNames(c.var.db);
  const manageable = [...names.entries()].filter(([bodyId]) => rolesIn(session.actor, bodyId).includes('admin'));
  const people = await linkablePersons(
    c.var.db,
    manageable.map(([bodyId]) => bodyId),
  );
  const has = (bodyId: number, role: Role) => account.roles.some((r) => r.bodyId === bodyId && r.role === role);
  return c.html(
    <OfficeLayout title={`Konto ${account.login}`} session={session}>
      <h1>Konto {account.login}</h1>
      {options.error ? (
        <p class="error" role="alert">
          {options.error}
        </p>
      ) : null}
      {options.saved ? (
        <p class="notice" role="status">
          Gespeichert.
        </p>
      ) : null}
      <p>
        {account.displayName} · {accountStatus(account)}
        {account.installationAdmin ? ' · Administration der Installation' : ''}
      </p>
      <h2>Angaben</h2>
      <form method="post" action={`/verwaltung/konten/${account.id}`}>
        <CsrfField token={session.csrfToken} />
        <Field id="name" label="Name" value={account.displayName} autocomplete="off" />
        <label for="person">Person (für Unterschriften und Anwesenheit)</label>
        <select id="person" name="person">
          <option value="">– keine –</option>
          {manageable.map(([bodyId, name]) => (
            <optgroup label={name}>
              {people
                .filter((p) => p.bodyId === bodyId)
                .map((p) => (
                  <option value={String(p.id)} selected={p.id === account.personId}>
                    {p.name}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
        <div>
          <input type="checkbox" id="gesperrt" name="gesperrt" value="1" checked={account.disabled} />{' '}
          <label for="gesperrt" class="inline">
            Konto gesperrt (keine Anmeldung möglich)
          </label>
        </div>
        <button type="submit">Angaben speichern</button>
      </form>
      <h2>Rollen</h2>
      <form method="post" action={`/verwaltung/konten/${account.id}/rollen`}>
        <CsrfField token={session.csrfToken} />
        {manageable.map(([bodyId, name]) => (
          <fieldset>
            <legend>{name}</legend>
            {ROLES.map((role) => (
              <div>
                <input
                  type="checkbox"
                  id={`rolle-${bodyId}-${role}`}
                  name="rolle"
                  value={`${bodyId}:${role}`}
                  checked={has(bodyId, role)}
                />{' '}
                <label for={`rolle-${bodyId}-${role}`} class="inline">
                  {roleLabel[role]}
                </label>
              </div>
            ))}
          </fieldset>
        ))}
        <button type="submit">Rollen speichern</button>
      </form>
      <p>
        <a href={`/verwaltung/konten/${account.id}/token`}>API-Zugänge dieses Kontos</a>
        {session.actor.installationAdmin ? (
          <>
            {' · '}
            <a href={`/verwaltung/verlauf/account/${account.id}`}>Verlauf dieses Kontos</a>
          </>
        ) : null}
      </p>
      <p>
        <a href="/verwaltung/konten">Zurück zu den Konten</a>
      </p>
    </OfficeLayout>,
    options.status ?? 200,
  );
}

route('GET', '/verwaltung/konten/:id', 'account.manage', (c) =>
  accountPage(c, { saved: c.req.query('gespeichert') !== undefined }),
);

route('POST', '/verwaltung/konten/:id', 'account.manage', async (c) => {
  const session = c.var.session;
  if (!session) return c.redirect(LOGIN_PATH, 303);
  const id = accountId(c);
  if (id === undefined || !(await getAccount(c.var.db, id))) {
    return accountsPage(c, { status: 404, error: 'Dieses Konto gibt es nicht.' });
  }
  const form = await c.req.parseBody();
  const person = field(form, 'person');
  try {
    await updateAccount(ctxOf(c), { ...session.actor, accountId: session.account.id }, id, {
      displayName: field(form, 'name'),
      personId: person === '' ? null : Number(person),
      disabled: field(form, 'gesperrt') === '1',
    });
    return c.redirect(`/verwaltung/konten/${id}?gespeichert`, 303);
  } catch (error) {
    if (isDomainError(error) && error.id === 'permission.denied') {
      return refusePage(c, 403, error.id, error.message);
    }
    if (isDomainError(error) && error.id === 'validation.invalid_input') {
      return accountPage(c, { status: 422, error: error.message });
    }
    throw error;
  }
});

route('POST', '/verwaltung/konten/:id/rollen', 'account.manage', async (c) => {
  const session = c.var.session;
  if (!session) return c.redirect(LOGIN_PATH, 303);
  const id = accountId(c);
  if (id === undefined || !(await getAccount(c.var.db, id))) {
    return accountsPage(c, { status: 404, error: 'Dieses Konto gibt es nicht.' });
  }
  const form = await c.req.parseBody({ all: true });
  const raw = form.rolle;
  const values = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter(
    (v): v is string => typeof v === 'string',
  );
  const grants: RoleGrant[] = [];
  for (const value of values) {
    const [body, role] = value.split(':');
    if (!ROLES.includes(role as Role) || !Number.isInteger(Number(body))) {
      return accountPage(c, { status: 422, error: `Unbekannte Rolle „${value}“.` });
    }
    grants.push({ bodyId: Number(body), role: role as Role });
  }
  try {
    await setRoles(ctxOf(c), session.actor, id, grants);
    return c.redirect(`/verwaltung/konten/${id}?gespeichert`, 303);
  } catch (error) {
    if (isDomainError(error) && error.id === 'permission.denied') {
      return refusePage(c, 403, error.id, error.message);
    }
    if (isDomainError(error) && ['validation.invalid_input', 'storage.reference_missing'].includes(error.id)) {
      return accountPage(c, { status: 422, error: error.message });
    }
    throw error;
  }
});
