/**
 * Probe for bench/startup.ts, run as its own process (`node --import tsx bench/startup-phases.ts`,
 * env DATA_DIR and PORT): does what `ratsinfo serve` does (server.ts `startServer`) step by step and
 * prints one JSON line with the time of each step, so that the start-up time can be split into
 * Node + tsx boot, loading the module graph, opening PGlite, the migration check, and the rest.
 *
 * Only node: built-ins are imported statically: a static import would be evaluated before the first
 * line below runs and so hide the module-loading time in "boot".
 */
import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PgliteDatabase } from 'drizzle-orm/pglite'; // a type only: erased, loads nothing

const bootMs = performance.now(); // since this process started: Node start-up + tsx register + this file

async function probe() {
  const dataDir = process.env.DATA_DIR;
  const port = Number(process.env.PORT ?? 0);
  if (!dataDir) throw new Error('DATA_DIR is required');
  const marks: Record<string, number> = { boot: bootMs };
  let last = performance.now();
  const mark = (name: string) => {
    const now = performance.now();
    marks[name] = now - last;
    last = now;
  };

  // The modules cli.ts → server.ts load (open.ts, the bodies repository, http/app.tsx, hono's node server; the
  // PGlite driver, which open.ts loads on first use, is imported here too so that it counts as module loading).
  const [{ openDatabase }, { isEmpty }, { createApp }, { serve }, { migrate }, { fileURLToPath }] = await Promise.all([
    import('../src/db/open.ts'),
    import('../src/db/repositories/bodies.ts'),
    import('../src/http/app.tsx'),
    import('@hono/node-server'),
    import('drizzle-orm/pglite/migrator'),
    import('node:url'),
    import('../src/config.ts'),
    import('../src/server.ts'),
  ]);
  mark('importModules');

  // openDatabase without migrations = lock file + PGlite.create (WASM instantiation + postgres start-up).
  const database = await openDatabase({ dataDir, migrate: false });
  mark('openPglite');

  // The migration check openDatabase runs on every start (drizzle reads the migration files, compares hashes).
  const migrationsFolder = fileURLToPath(new URL('../src/db/migrations', import.meta.url));
  await migrate(database.db as unknown as PgliteDatabase, { migrationsFolder });
  mark('migrationCheck');

  const empty = await isEmpty(database.db);
  mark('isEmpty');

  const app = createApp({ db: database.db });
  const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  mark('listen');

  const { port: actualPort } = server.address() as AddressInfo;
  const status = await new Promise<number>((resolve, reject) => {
    get({ host: '127.0.0.1', port: actualPort, path: '/healthz', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    }).on('error', reject);
  });
  if (status !== 200) throw new Error(`/healthz answered ${status}`);
  mark('firstHealthz');
  const readyMs = performance.now();

  await new Promise<void>((resolve) => server.close(() => resolve()));
  await database.close();
  mark('close');

  process.stdout.write(
    `${JSON.stringify({ timeOrigin: performance.timeOrigin, marks, readyMs, empty, pid: process.pid })}\n`,
  );
}

probe().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
