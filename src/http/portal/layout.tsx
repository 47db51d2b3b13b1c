import type { Child } from 'hono/jsx';

const styles = `
:root { color-scheme: light; --fg: #1a1a1a; --muted: #555; --accent: #0b4f8a; --bg: #fff; --line: #d0d7de; }
* { box-sizing: border-box; }
body { margin: 0; font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--accent); }
a:focus-visible, button:focus-visible { outline: 3px solid #f0b400; outline-offset: 2px; }
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; z-index: 1; }
header.site, footer.site { background: #f3f6f9; border-bottom: 1px solid var(--line); padding: .75rem 1rem; }
footer.site { border-top: 1px solid var(--line); border-bottom: 0; margin-top: 2rem; color: var(--muted); }
main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
.muted { color: var(--muted); }
ol.agenda, ol.agenda ol { list-style: none; padding-left: 0; }
ol.agenda ol { padding-left: 2.5rem; }
ol.agenda li { margin: .35rem 0; }
.results { margin: .25rem 0 .5rem 2.5rem; }
.result p { margin: .2rem 0; }
.vote-bar { display: block; border: 1px solid var(--line); }
.error { color: #a4000f; font-weight: 600; }
label { font-weight: 600; }
input, textarea, button { font: inherit; }
.num { display: inline-block; min-width: 2.5rem; font-variant-numeric: tabular-nums; }
nav.pages { margin-top: 1rem; display: flex; gap: 1rem; }
.main-nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 1rem; margin: .5rem 0; padding: 0; }
.site-search { margin: .25rem 0; }
.site-search input { min-width: 14rem; }
@media print { header.site, .site-search, footer.site, nav.pages, .skip, form.filters { display: none; } a { color: inherit; text-decoration: none; } }
`;

export function Layout(props: {
  title: string;
  children: Child /** Pre-fills the header's search field. */;
  query?: string;
  /** Feeds of the page, announced in <head> (`<link rel="alternate">`) for feed readers. */
  alternates?: { href: string; type: string; title: string }[];
}) {
  return (
    <html lang="de">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} – Ratsinfo`}</title>
        <style>{styles}</style>
        {(props.alternates ?? []).map((a) => (
          <link rel="alternate" type={a.type} title={a.title} href={a.href} />
        ))}
      </head>
      <body>
        <a class="skip" href="#inhalt">
          Zum Inhalt springen
        </a>
        <header class="site">
          <a href="/">Ratsinfo</a> <span class="muted">– Ratsinformationssystem</span>
          <nav aria-label="Hauptnavigation" class="main-nav">
            <ul>
              <li>
                <a href="/sitzungen">Sitzungen</a>
              </li>
              <li>
                <a href="/kalender">Kalender</a>
              </li>
              <li>
                <a href="/suche">Suche</a>
              </li>
            </ul>
          </nav>
          {/* biome-ignore lint/a11y/useSemanticElements: <search> is too new for older screen readers; a form with role="search" is the established search landmark. */}
          <form role="search" action="/suche" method="get" class="site-search">
            <label for="site-search-q">Suchbegriff</label>{' '}
            <input id="site-search-q" name="q" type="search" value={props.query ?? ''} />{' '}
            <button type="submit">Suchen</button>
          </form>
        </header>
        <main id="inhalt">{props.children}</main>
        <footer class="site">
          <p>
            Ratsinfo · <a href="/barrierefreiheit">Erklärung zur Barrierefreiheit</a> ·{' '}
            <a href="/barrierefreiheit/rueckmeldung">Barriere melden</a>
          </p>
        </footer>
      </body>
    </html>
  );
}
