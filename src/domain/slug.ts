/**
 * A body's slug is the first segment of its portal URLs (`/{slug}/sitzungen/…`). It must not shadow a route
 * of the installation itself, now or later (back office, API, assets).
 */
export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  'abmelden',
  'admin',
  'anmelden',
  'api',
  'assets',
  'barrierefreiheit',
  'dateien',
  'favicon',
  'healthz',
  'hilfe',
  'impressum',
  'kalender',
  'login',
  'logout',
  'oparl',
  'robots',
  'sitemap',
  'sitzungen',
  'static',
  'suche',
  'verwaltung',
  'vorlagen',
  'datenschutz',
]);

/** German reason why `slug` cannot be used, or undefined when it can. */
export function slugProblem(slug: string): string | undefined {
  if (!SLUG_PATTERN.test(slug)) return 'Der Kurzname besteht aus Kleinbuchstaben, Ziffern und Bindestrichen.';
  if (RESERVED_SLUGS.has(slug)) return `Der Kurzname „${slug}“ ist für Seiten von Ratsinfo reserviert.`;
  return undefined;
}
