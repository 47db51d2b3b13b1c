/**
 * "Mein Konto" (every logged-in account, for itself): the active sessions with "Überall sonst abmelden",
 * and the API tokens (list with created, last used, expires; create with a name and an optional expiry,
 * the token shown once; revoke). Admins see and revoke the tokens of the accounts they manage under
 * /verwaltung/konten/{id}/token. Services: src/services/account-access.ts.
 */
import type { Context } from 'hono';
import { isDomainError } from '../../domain/errors.ts';
import { roleLabel } from '../../domain/permissions.ts';
import {
  type ApiTokenView,
  createOwnApiToken,
  endOtherSessions,
  listActiveSessions,
  listApiTokens,
  revokeApiToken,
} from '../../services/account-access.ts';
import { type AccountView, bodyNames, getAccount, mayManage, type Session } from '../../services/accounts.ts';
import { germanDateTime } from '../../services/audit-read.ts';
import type { ServiceContext } from '../../services/context.ts';
import type { AppEnv } from '../env.ts';
import { CsrfField } from './forms.tsx';
import { OfficeLayout } from './layout.tsx';
import { positiveId } from './request.ts';
import { refusePage, route } from './router.tsx';
import { PASSWORD_PATH } from './session.ts';

export const ACCOUNT_PATH = '/verwaltung/konto';
const TOKENS_PATH = `${ACCOUNT_PATH}/token`;

const ctxOf = (c: Context<AppEnv>): ServiceContext => ({
  db: c.var.db,
  actor: `user:${(c.var.session as Session).account.id}`,
});

const field = (form: Record<string, unknown>, name: string) => {
  const value = form[name];
  return typeof value === 'string' ? value : '';
};

const when = (at: Date | null) => (at ? germanDateTime(at) : '–');

/** After an admin's reset, the own pages wait for the new password too (as every other page). */
function passwordFirst(c: Context<AppEnv>): Response | Promise<Response> | undefined {
  const session = c.var.session as Session;
  if (!session.account.mustChangePassword) return undefined;
  if (c.req.method === 'GET') return c.redirect(PASSWORD_PATH, 303);
  return refusePage(
    c,
    403,
    'account.password_change_required',
    'Ihr Passwort wurde zurückgesetzt. Bitte wählen Sie zuerst ein neues Passwort.',
  );
}

const NOTICES: Record<string, string> = {
  abgemeldet: 'Alle anderen Sitzungen wurden beendet.',
  widerrufen: 'Der API-Zugang wurde widerrufen. Er funktioniert nicht mehr.',
};

// ---------------------------------------------------------------------------------------------------
// Own account: sessions

route('GET', ACCOUNT_PATH, 'login', async (c) => {
  const redirect = passwordFirst(c);
  if (redirect) return redirect;
  const session = c.var.session as Session;
  const account = session.account;
  const [active, names, tokens] = await Promise.all([
    listActiveSessions(c.var.db, account.id, session.tokenHash),
    bodyNames(c.var.db),
    listApiTokens(c.var.db, account.id),
  ]);
  const notice = NOTICES[c.req.query('meldung') ?? ''];
  const others = active.filter((s) => !s.current).length;
  return c.html(
    <OfficeLayout title="Mein Konto" session={session}>
      <h1>Mein Konto</h1>
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      <dl>
        <dt>Name</dt>
        <dd>{account.displayName}</dd>
        <dt>Anmeldename</dt>
        <dd>{account.login}</dd>
        <dt>Rollen</dt>
        <dd>
          {account.installationAdmin ? 'Administration der Installation' : ''}
          {account.roles.length === 0 && !account.installationAdmin ? 'keine' : ''}
          {account.roles.map((r) => (
            <div>
              {roleLabel[r.role]} – {names.get(r.bodyId) ?? `Körperschaft ${r.bodyId}`}
            </div>
          ))}
        </dd>
      </dl>
      <p>
        <a href={PASSWORD_PATH}>Passwort ändern</a> · <a href={TOKENS_PATH}>API-Zugänge ({tokens.length})</a>
      </p>
      <h2>Angemeldete Sitzungen</h2>
      <p class="muted">
        Eine Sitzung endet nach 2 Stunden ohne Aktivität und spätestens 12 Stunden nach der Anmeldung.
      </p>
      <table>
        <caption class="muted">Ihre laufenden Sitzungen ({active.length})</caption>
        <thead>
          <tr>
            <th scope="col">Angemeldet</th>
            <th scope="col">Zuletzt aktiv</th>
            <th scope="col">Endet spätestens</th>
            <th scope="col">Hinweis</th>
          </tr>
        </thead>
        <tbody>
          {active.map((s) => (
            <tr>
              <td>{when(s.createdAt)}</td>
              <td>{when(s.lastSeenAt)}</td>
              <td>{when(s.expiresAt)}</td>
              <td>{s.current ? 'diese Sitzung' : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {session.via === 'cookie' ? (
        <form method="post" action={`${ACCOUNT_PATH}/sitzungen`}>
          <CsrfField session={session} />
          <p class="muted" id="ueberall-hinweis">
            Beendet alle Sitzungen auf anderen Geräten und in anderen Browsern; diese bleibt angemeldet. API-Zugänge
            bleiben gültig.
          </p>
          <button type="submit" aria-describedby="ueberall-hinweis" disabled={others === 0}>
            Überall sonst abmelden
          </button>
        </form>
      ) : null}
    </OfficeLayout>,
  );
});

route('POST', `${ACCOUNT_PATH}/sitzungen`, 'login', async (c) => {
  const refused = passwordFirst(c);
  if (refused) return refused;
  const session = c.var.session as Session;
  await endOtherSessions(ctxOf(c), session.account.id, session.tokenHash);
  return c.redirect(`${ACCOUNT_PATH}?meldung=abgemeldet`, 303);
});

// ---------------------------------------------------------------------------------------------------
// Tokens

function TokenTable(props: { tokens: ApiTokenView[]; session: Session; revokeBase: string; owner: string }) {
  const { tokens, session } = props;
  if (tokens.length === 0) return <p>Es gibt keine API-Zugänge.</p>;
  return (
    <table>
      <caption class="muted">API-Zugänge {props.owner}</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Angelegt</th>
          <th scope="col">Zuletzt benutzt</th>
          <th scope="col">Gültig bis</th>
          <th scope="col">Aktion</th>
        </tr>
      </thead>
      <tbody>
        {tokens.map((t) => (
          <tr>
            <td>{t.name}</td>
            <td>{when(t.createdAt)}</td>
            <td>{t.lastUsedAt ? when(t.lastUsedAt) : 'noch nie'}</td>
            <td>
              {t.expiresAt ? when(t.expiresAt) : 'unbefristet'}
              {t.expired ? ' (abgelaufen)' : ''}
            </td>
            <td>
              <form method="post" action={`${props.revokeBase}/${t.id}/widerrufen`}>
                <CsrfField session={session} />
                <button type="submit" aria-label={`API-Zugang „${t.name}“ widerrufen`}>
                  Widerrufen
                </button>
              </form>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

async function tokensPage(
  c: Context<AppEnv>,
  options: {
    status?: 200 | 404 | 422;
    errors?: Record<string, string>;
    values?: { name: string; expiresOn: string };
    created?: { name: string; token: string; expiresAt: Date | null };
    error?: string;
  } = {},
) {
  const session = c.var.session as Session;
  const tokens = await listApiTokens(c.var.db, session.account.id);
  const errors = options.errors ?? {};
  const notice = NOTICES[c.req.query('meldung') ?? ''];
  const described = (id: string, hint?: string) =>
    [hint, errors[id] ? `${id}-fehler` : ''].filter(Boolean).join(' ') || undefined;
  return c.html(
    <OfficeLayout title="API-Zugänge" session={session}>
      <nav aria-label="Brotkrumen">
        <a href={ACCOUNT_PATH}>Mein Konto</a> › API-Zugänge
      </nav>
      <h1>API-Zugänge</h1>
      <p>
        Mit einem API-Zugang greift ein Programm über die JSON-Schnittstelle <code>/api/v1</code> mit den Rechten Ihres
        Kontos zu (Kopfzeile <code>Authorization: Bearer …</code>). Legen Sie für jedes Programm einen eigenen Zugang an
        und widerrufen Sie ihn, sobald er nicht mehr gebraucht wird.
      </p>
      {options.error ? (
        <p class="error" role="alert">
          {options.error}
        </p>
      ) : null}
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      {options.created ? (
        <div class="notice" role="status">
          <p>
            Der API-Zugang „{options.created.name}“ wurde angelegt
            {options.created.expiresAt ? ` (gültig bis ${when(options.created.expiresAt)})` : ''}. Der Schlüssel:
          </p>
          <p>
            <label for="neuer-schluessel">Schlüssel (zum Kopieren markieren)</label>
            <input id="neuer-schluessel" type="text" readonly value={options.created.token} class="secret" size={60} />
          </p>
          <p>
            Kopieren Sie ihn jetzt und bewahren Sie ihn sicher auf (etwa in der Konfiguration des Programms): er wird
            nur dieses eine Mal angezeigt und ist nirgends sonst gespeichert. Geht er verloren, widerrufen Sie den
            Zugang und legen einen neuen an.
          </p>
        </div>
      ) : null}
      <h2>Ihre Zugänge</h2>
      <TokenTable tokens={tokens} session={session} revokeBase={TOKENS_PATH} owner="Ihres Kontos" />
      {session.via === 'cookie' ? (
        <>
          <h2>Neuer API-Zugang</h2>
          {Object.keys(errors).length > 0 ? (
            <div class="error-summary" role="alert">
              <p>Der Zugang wurde nicht angelegt:</p>
              <ul>
                {Object.entries(errors).map(([k, m]) => (
                  <li>
                    <a href={`#${k === 'expiresOn' ? 'ablauf' : 'name'}`}>{m}</a>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <form method="post" action={TOKENS_PATH}>
            <CsrfField session={session} />
            <div class="field">
              <label for="name">Name (wofür der Zugang ist)</label>
              <span id="name-hinweis" class="muted hint">
                z. B. „Schnittstelle Haushaltssoftware“
              </span>
              <input
                type="text"
                id="name"
                name="name"
                required
                maxlength={200}
                value={options.values?.name ?? ''}
                aria-invalid={errors.name ? 'true' : undefined}
                aria-describedby={described('name', 'name-hinweis')}
              />
              {errors.name ? (
                <p id="name-fehler" class="error">
                  {errors.name}
                </p>
              ) : null}
            </div>
            <div class="field">
              <label for="ablauf">Gültig bis einschließlich (freiwillig)</label>
              <span id="ablauf-hinweis" class="muted hint">
                Leer lassen für einen unbefristeten Zugang.
              </span>
              <input
                type="date"
                id="ablauf"
                name="ablauf"
                value={options.values?.expiresOn ?? ''}
                aria-invalid={errors.expiresOn ? 'true' : undefined}
                aria-describedby={['ablauf-hinweis', errors.expiresOn ? 'ablauf-fehler' : ''].filter(Boolean).join(' ')}
              />
              {errors.expiresOn ? (
                <p id="ablauf-fehler" class="error">
                  {errors.expiresOn}
                </p>
              ) : null}
            </div>
            <button type="submit">API-Zugang anlegen</button>
          </form>
        </>
      ) : null}
    </OfficeLayout>,
    options.status ?? 200,
  );
}

route('GET', TOKENS_PATH, 'login', (c) => passwordFirst(c) ?? tokensPage(c));

route('POST', TOKENS_PATH, 'login', async (c) => {
  const refused = passwordFirst(c);
  if (refused) return refused;
  const session = c.var.session as Session;
  const form = await c.req.parseBody();
  const values = { name: field(form, 'name'), expiresOn: field(form, 'ablauf') };
  try {
    const created = await createOwnApiToken(ctxOf(c), session.account.id, {
      name: values.name,
      expiresOn: values.expiresOn,
    });
    return tokensPage(c, { created: { name: values.name.trim(), token: created.token, expiresAt: created.expiresAt } });
  } catch (error) {
    if (isDomainError(error) && error.id === 'validation.failed') {
      return tokensPage(c, { status: 422, errors: (error.details.fields ?? {}) as Record<string, string>, values });
    }
    throw error;
  }
});

route('POST', `${TOKENS_PATH}/:tokenId/widerrufen`, 'login', async (c) => {
  const refused = passwordFirst(c);
  if (refused) return refused;
  const session = c.var.session as Session;
  const tokenId = positiveId(c.req.param('tokenId'));
  try {
    if (tokenId === undefined) return tokensPage(c, { status: 404, error: 'Diesen API-Zugang gibt es nicht (mehr).' });
    await revokeApiToken(ctxOf(c), { ...session.actor, accountId: session.account.id }, tokenId, session.account.id);
    return c.redirect(`${TOKENS_PATH}?meldung=widerrufen`, 303);
  } catch (error) {
    if (isDomainError(error) && error.id === 'api_token.not_found') {
      return tokensPage(c, { status: 404, error: error.message });
    }
    throw error;
  }
});

// ---------------------------------------------------------------------------------------------------
// An account's tokens (admins)

/** The managed account of the path, or a refusal/404 response. */
async function managedAccount(c: Context<AppEnv>): Promise<AccountView | Response> {
  const session = c.var.session as Session;
  const id = positiveId(c.req.param('id'));
  const account = id === undefined ? undefined : await getAccount(c.var.db, id);
  if (!account) {
    return c.html(
      <OfficeLayout title="Nicht gefunden" session={session}>
        <h1>Nicht gefunden</h1>
        <p>Dieses Konto gibt es nicht.</p>
        <p>
          <a href="/verwaltung/konten">Zu den Konten</a>
        </p>
      </OfficeLayout>,
      404,
    );
  }
  if (!mayManage(session.actor, account)) {
    return refusePage(c, 403, 'permission.denied', 'Dieses Konto dürfen Sie nicht verwalten.');
  }
  return account;
}

async function accountTokensPage(c: Context<AppEnv>, account: AccountView, error?: string) {
  const session = c.var.session as Session;
  const tokens = await listApiTokens(c.var.db, account.id);
  const notice = NOTICES[c.req.query('meldung') ?? ''];
  return c.html(
    <OfficeLayout title={`API-Zugänge von ${account.login}`} session={session}>
      <nav aria-label="Brotkrumen">
        <a href="/verwaltung/konten">Konten</a> › <a href={`/verwaltung/konten/${account.id}`}>{account.login}</a> ›
        API-Zugänge
      </nav>
      <h1>API-Zugänge von {account.displayName}</h1>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      <p>
        Sie können Zugänge dieses Kontos widerrufen (etwa wenn ein Schlüssel in falsche Hände geraten ist). Anlegen kann
        sie nur die Person selbst.
      </p>
      <TokenTable
        tokens={tokens}
        session={session}
        revokeBase={`/verwaltung/konten/${account.id}/token`}
        owner={`von ${account.login}`}
      />
    </OfficeLayout>,
    error ? 404 : 200,
  );
}

route('GET', '/verwaltung/konten/:id/token', 'account.manage', async (c) => {
  const account = await managedAccount(c);
  if (account instanceof Response) return account;
  return accountTokensPage(c, account);
});

route('POST', '/verwaltung/konten/:id/token/:tokenId/widerrufen', 'account.manage', async (c) => {
  const account = await managedAccount(c);
  if (account instanceof Response) return account;
  const session = c.var.session as Session;
  const tokenId = positiveId(c.req.param('tokenId'));
  try {
    if (tokenId === undefined) return accountTokensPage(c, account, 'Diesen API-Zugang gibt es nicht (mehr).');
    await revokeApiToken(ctxOf(c), { ...session.actor, accountId: session.account.id }, tokenId, account.id);
    return c.redirect(`/verwaltung/konten/${account.id}/token?meldung=widerrufen`, 303);
  } catch (error) {
    if (isDomainError(error) && error.id === 'api_token.not_found') return accountTokensPage(c, account, error.message);
    throw error;
  }
});
