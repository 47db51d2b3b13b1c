/**
 * Configuration from the environment: PORT (3000), HOST (all interfaces), DATA_DIR (./data),
 * DATABASE_URL (PostgreSQL; when set, the embedded PGlite is not used), PUBLIC_URL (the external base
 * URL for absolute links in feeds, calendars and sitemaps; when unset, the request's own origin),
 * PAGE_CACHE_MB (memory for the cache of rendered public pages, 64; 0 turns it off).
 */
import { resolve } from 'node:path';
import { DomainError } from './domain/errors.ts';

export interface Config {
  port: number;
  host: string | undefined;
  dataDir: string;
  databaseUrl: string | undefined;
  /** External origin without a trailing slash ("https://ratsinfo.kreis-mettmann.de"), or undefined. */
  publicUrl: string | undefined;
  /** Memory budget of the cache of rendered public pages in MiB; 0 = off. */
  pageCacheMb: number;
}

/**
 * PUBLIC_URL as an origin: http or https, a host, no credentials, no path (the portal's links are
 * relative to the host's root), no query, no fragment. A trailing slash is dropped.
 */
export function parsePublicUrl(raw: string | undefined): string | undefined {
  const value = raw?.trim();
  if (!value) return undefined;
  // Credentials are not echoed back into logs.
  const shown = value.replace(/\/\/[^/?#]*@/, '//…@');
  const invalid = (problem: string) =>
    new DomainError(
      'config.invalid_public_url',
      `PUBLIC_URL muss eine http- oder https-Adresse ohne Pfad und ohne Abfrage sein, etwa https://ratsinfo.kreis-mettmann.de; „${shown}“ ${problem}.`,
    );
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid('ist keine gültige Adresse');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid('beginnt nicht mit http:// oder https://');
  if (!/^https?:\/\/[^/?#]/i.test(value)) throw invalid('hat keinen Rechnernamen');
  if (url.username || url.password) throw invalid('enthält Benutzername oder Passwort');
  if (url.search || value.includes('?')) throw invalid('enthält eine Abfrage („?…“)');
  if (url.hash || value.includes('#')) throw invalid('enthält einen Anker („#…“)');
  if (url.pathname !== '/') throw invalid('enthält einen Pfad (Ratsinfo läuft in der Wurzel des Rechners)');
  return url.origin;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new DomainError('config.invalid_port', `PORT muss eine Zahl von 0 bis 65535 sein, nicht „${env.PORT}“.`);
  }
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new DomainError(
      'config.invalid_database_url',
      'DATABASE_URL muss mit postgres:// oder postgresql:// beginnen.',
    );
  }
  const pageCacheMb = Number(env.PAGE_CACHE_MB?.trim() || 64);
  if (!Number.isFinite(pageCacheMb) || pageCacheMb < 0 || pageCacheMb > 65536) {
    throw new DomainError(
      'config.invalid_page_cache',
      `PAGE_CACHE_MB muss eine Zahl von 0 (aus) bis 65536 sein, nicht „${env.PAGE_CACHE_MB}“.`,
    );
  }
  return {
    port,
    host: env.HOST?.trim() || undefined,
    dataDir: resolve(env.DATA_DIR?.trim() || './data'),
    databaseUrl,
    publicUrl: parsePublicUrl(env.PUBLIC_URL),
    pageCacheMb,
  };
}
