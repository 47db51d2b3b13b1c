/**
 * Starts Ratsinfo: opens the database (applying migrations), loads the demo data into a fresh
 * embedded database, and serves the app. Stops cleanly on SIGINT/SIGTERM.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Config } from './config.ts';
import { openDatabase } from './db/open.ts';
import { isEmpty } from './db/repositories/bodies.ts';
import { createApp } from './http/app.tsx';
import { scheduleCleanup } from './services/account-access.ts';

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

export async function startServer(config: Config, log: (line: string) => void = console.log): Promise<RunningServer> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  let stopCleanup: (() => Promise<void>) | undefined;
  try {
    // A fresh embedded installation shows the demo meeting; a production PostgreSQL gets it only by `ratsinfo demo`.
    if (database.kind === 'pglite' && (await isEmpty(database.db))) {
      log('Leere Datenbank: lade die Demodaten (Kreis Mettmann) …');
      const { loadDemo } = await import('./demo/load.ts');
      await loadDemo(database.db);
    }
    const app = createApp({
      db: database.db,
      publicUrl: config.publicUrl,
      pageCacheBytes: config.pageCacheMb > 0 ? Math.round(config.pageCacheMb * 1024 * 1024) : false,
    });
    // Ended sessions and old login failures are deleted now and every 15 minutes (an unref'd timer).
    stopCleanup = scheduleCleanup(database.db, log);
    const stopTimer = stopCleanup;
    const server = serve({ fetch: app.fetch, port: config.port, ...(config.host ? { hostname: config.host } : {}) });
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    const address = server.address() as AddressInfo;
    const url = `http://${config.host ?? 'localhost'}:${address.port}`;
    log(
      `Ratsinfo läuft auf ${url} (${database.kind === 'pglite' ? `eingebettete Datenbank in ${config.dataDir}` : 'PostgreSQL'})`,
    );
    let stopping: Promise<void> | undefined;
    return {
      url,
      stop() {
        stopping ??= new Promise<void>((resolve) => server.close(() => resolve()))
          .then(stopTimer)
          .then(() => database.close());
        return stopping;
      },
    };
  } catch (error) {
    await stopCleanup?.();
    await database.close();
    throw error;
  }
}
