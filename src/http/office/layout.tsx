/**
 * The page frame of the back office (Verwaltung): the portal's accessibility rules (lang=de, skip link,
 * header/nav/main/footer landmarks, one h1 per page from the page itself, visible focus), its own
 * navigation, and logout as a form (a POST with the session's CSRF token).
 */
import type { Child } from 'hono/jsx';
import { can } from '../../domain/permissions.ts';
import type { Session } from '../../services/accounts.ts';
import { OnceField } from './forms.tsx';
import { masterdataStyles } from './masterdata-ui.tsx';

const styles = `
:root { color-scheme: light; --fg: #1a1a1a; --muted: #555; --accent: #0b4f8a; --bg: #fff; --line: #d0d7de; }
* { box-sizing: border-box; }
body { margin: 0; font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible { outline: 3px solid #f0b400; outline-offset: 2px; }
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; z-index: 1; }
header.office, footer.office { background: #eef2e6; border-bottom: 1px solid var(--line); padding: .75rem 1rem; }
footer.office { border-top: 1px solid var(--line); border-bottom: 0; margin-top: 2rem; color: var(--muted); }
main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
.muted { color: var(--muted); }
.error { color: #a4000f; font-weight: 600; }
.notice { border-left: 4px solid var(--accent); padding: .25rem .75rem; background: #f3f6f9; }
label { font-weight: 600; display: block; margin-top: .75rem; }
label.inline { display: inline; font-weight: normal; margin: 0; }
fieldset { margin-top: 1rem; border: 1px solid var(--line); }
input, select, button, textarea { font: inherit; }
textarea { width: 100%; }
input[type=text], input[type=password] { min-width: 18rem; padding: .25rem; }
button { margin-top: .75rem; padding: .25rem .75rem; }
.office-nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 1rem; margin: .5rem 0; padding: 0; align-items: center; }
.office-nav form, td form { display: inline; }
.office-nav button, td button { margin-top: 0; }
.secret { font: 1.25rem/1.5 ui-monospace, monospace; letter-spacing: .05em; }
`;

export function OfficeLayout(props: { title: string; session?: Session | undefined; children: Child }) {
  const session = props.session;
  const actor = session?.actor ?? null;
  return (
    <html lang="de">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${props.title} – Verwaltung – Ratsinfo`}</title>
        <style>{styles + masterdataStyles}</style>
      </head>
      <body>
        <a class="skip" href="#inhalt">
          Zum Inhalt springen
        </a>
        <header class="office">
          <a href="/verwaltung">Ratsinfo – Verwaltung</a>
          {session ? (
            <span class="muted"> · angemeldet als {session.account.displayName}</span>
          ) : (
            <span class="muted"> · Sitzungsdienst</span>
          )}
          <nav aria-label="Verwaltung" class="office-nav">
            <ul>
              {session && can(actor, 'office.enter') ? (
                <li>
                  <a href="/verwaltung">Übersicht</a>
                </li>
              ) : null}
              {session && can(actor, 'paper.read') ? (
                <li>
                  <a href="/verwaltung/vorlagen">Vorlagen</a>
                </li>
              ) : null}
              {session && can(actor, 'meeting.read') ? (
                <li>
                  <a href="/verwaltung/sitzungen">Sitzungen</a>
                </li>
              ) : null}
              {session && can(actor, 'resolution.read') ? (
                <li>
                  <a href="/verwaltung/beschlusskontrolle">Beschlusskontrolle</a>
                </li>
              ) : null}
              {session && can(actor, 'masterdata.read') ? (
                <li>
                  <a href="/verwaltung/stammdaten">Stammdaten</a>
                </li>
              ) : null}
              {session && can(actor, 'account.manage') ? (
                <li>
                  <a href="/verwaltung/konten">Konten</a>
                </li>
              ) : null}
              {session && can(actor, 'audit.read') ? (
                <li>
                  <a href="/verwaltung/verlauf">Änderungsprotokoll</a>
                </li>
              ) : null}
              {session ? (
                <li>
                  <a href="/verwaltung/konto">Mein Konto</a>
                </li>
              ) : null}
              {session ? (
                <li>
                  <a href="/verwaltung/passwort">Passwort ändern</a>
                </li>
              ) : null}
              <li>
                <a href="/">Öffentliches Portal</a>
              </li>
              {session ? (
                <li>
                  <form method="post" action="/verwaltung/abmelden">
                    <input type="hidden" name="_csrf" value={session.csrfToken} />
                    <OnceField />
                    <button type="submit">Abmelden</button>
                  </form>
                </li>
              ) : null}
            </ul>
          </nav>
        </header>
        <main id="inhalt">{props.children}</main>
        <footer class="office">
          <p>
            Ratsinfo · <a href="/barrierefreiheit">Erklärung zur Barrierefreiheit</a> ·{' '}
            <a href="/barrierefreiheit/rueckmeldung">Barriere melden</a>
          </p>
        </footer>
      </body>
    </html>
  );
}
