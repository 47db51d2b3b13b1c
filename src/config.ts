/**
 * Configuration from the environment: PORT (3000), HOST (all interfaces), DATA_DIR (./data),
 * DATABASE_URL (PostgreSQL; when set, the embedded PGlite is not used).
 */
import { resolve } from 'node:path';
import { DomainError } from './domain/errors.ts';

export interface Config {
  port: number;
  host: string | undefined;
  dataDir: string;
  databaseUrl: string | undefined;
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
  return {
    port,
    host: env.HOST?.trim() || undefined,
    dataDir: resolve(env.DATA_DIR?.trim() || './data'),
    databaseUrl,
  };
}
