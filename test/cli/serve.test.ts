/**
 * The `ratsinfo` command as an operator runs it: real processes, a real port on 127.0.0.1, an
 * embedded database in a temporary DATA_DIR.
 */

import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const STARTUP_TIMEOUT_MS = 60_000;
const LOCK_FILE = 'ratsinfo.lock';

const children = new Set<ChildProcess>();
const tempDirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ratsinfo-cli-'));
  tempDirs.push(dir);
  return dir;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  assert.ok(address && typeof address === 'object');
  return address.port;
}

function cliEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.DATABASE_URL; // the embedded database, whatever the test run uses
  delete env.NODE_TEST_CONTEXT;
  delete env.DEBUG;
  return env;
}

interface Cli {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function cli(args: string[], env: Record<string, string> = {}): Cli {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: root,
    env: cliEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once('error', reject);
    // 'close': the process has exited and its output is fully read.
    child.once('close', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    });
  });
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Rejects after `ms` (a guard against a hanging process, not a timing assertion). */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result after ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function run(args: string[], env: Record<string, string> = {}) {
  const p = cli(args, env);
  const { code, signal } = await within(p.exited, STARTUP_TIMEOUT_MS, `ratsinfo ${args.join(' ')}`);
  return { code, signal, stdout: p.stdout(), stderr: p.stderr() };
}

/** Starts `ratsinfo serve` and waits until it says where it runs. */
async function serve(dataDir: string, port: number): Promise<Cli & { url: string }> {
  const p = cli(['serve'], { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir });
  const started = new Promise<string>((resolve, reject) => {
    const onData = () => {
      const match = /Ratsinfo läuft auf (\S+)/.exec(p.stdout());
      if (match?.[1]) {
        p.child.stdout?.off('data', onData);
        resolve(match[1]);
      }
    };
    p.child.stdout?.on('data', onData);
    p.exited.then(
      ({ code }) => reject(new Error(`serve exited (${code}) before it started:\n${p.stdout()}\n${p.stderr()}`)),
      reject,
    );
  });
  const url = await within(started, STARTUP_TIMEOUT_MS, 'ratsinfo serve');
  return { ...p, url };
}

async function stop(p: Cli) {
  p.child.kill('SIGTERM');
  return within(p.exited, STARTUP_TIMEOUT_MS, 'stopping ratsinfo serve');
}

function assertNoStackTrace(output: string) {
  assert.doesNotMatch(output, /^ {4}at /m, output);
}

after(async () => {
  for (const child of [...children]) {
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((resolve) => child.once('close', resolve));
      child.kill('SIGKILL');
      await gone;
    }
  }
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe('ratsinfo serve', () => {
  test('serves the demo, refuses a second process on the same DATA_DIR, stops on SIGTERM, keeps its data', async () => {
    const dataDir = tempDir();
    const port = await freePort();
    const first = await serve(dataDir, port);
    assert.equal(first.url, `http://127.0.0.1:${port}`);
    assert.ok(first.stdout().includes('lade die Demodaten'), 'a fresh installation loads the demo data');
    assert.ok(first.stdout().includes(dataDir), 'the start line names the data directory');

    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok' });
    const home = await fetch(`http://127.0.0.1:${port}/sitzungen`);
    assert.equal(home.status, 200);
    const html = await home.text();
    assert.ok(html.includes('Donnerstag, den 18.02.2021, 16:30 Uhr'));
    assert.ok(html.includes('Ausschuss für Digitalisierung'));
    assert.ok(existsSync(join(dataDir, LOCK_FILE)));
    const lockOfFirst = readFileSync(join(dataDir, LOCK_FILE), 'utf8');

    // A second instance on the same data directory must not start (PGlite would corrupt the data).
    const second = await run(['serve'], { PORT: String(await freePort()), HOST: '127.0.0.1', DATA_DIR: dataDir });
    assert.notEqual(second.code, 0, 'the second process fails');
    assert.ok(second.stderr.includes('wird bereits von einem anderen Ratsinfo-Prozess verwendet'), second.stderr);
    assert.ok(second.stderr.includes(dataDir), 'the message names the directory');
    assertNoStackTrace(second.stderr);
    assert.ok(!second.stdout.includes('Ratsinfo läuft auf'));
    // … and leaves the first one alone.
    assert.equal(readFileSync(join(dataDir, LOCK_FILE), 'utf8'), lockOfFirst);
    assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200);

    const stopped = await stop(first);
    assert.deepEqual(stopped, { code: 0, signal: null }, first.stderr());
    assert.ok(first.stdout().includes('Ratsinfo wird beendet'));
    assert.equal(existsSync(join(dataDir, LOCK_FILE)), false, 'the lock is released on shutdown');

    // Restart on the same directory: the data is still there, the demo is not loaded again.
    const port2 = await freePort();
    const again = await serve(dataDir, port2);
    assert.ok(!again.stdout().includes('lade die Demodaten'), again.stdout());
    const html2 = await (await fetch(`http://127.0.0.1:${port2}/sitzungen`)).text();
    assert.ok(html2.includes('Donnerstag, den 18.02.2021, 16:30 Uhr'));
    assert.ok(html2.includes('1 Sitzung, neueste zuerst'), 'the demo meeting exists once');
    assert.deepEqual(await stop(again), { code: 0, signal: null }, again.stderr());
    assert.equal(existsSync(join(dataDir, LOCK_FILE)), false);
  });
});

describe('ratsinfo help and unknown commands', () => {
  test('help prints the usage and exits 0', async () => {
    for (const args of [['help'], []]) {
      const result = await run(args);
      assert.equal(result.code, 0, result.stderr);
      assert.ok(result.stdout.includes('Aufruf: ratsinfo <befehl>'), result.stdout);
      for (const command of ['serve', 'migrate', 'demo', 'help'])
        assert.match(result.stdout, new RegExp(`^ {2}${command} `, 'm'));
      assert.equal(result.stderr, '');
    }
  });

  test('an unknown command exits 2 with a German message and the usage', async () => {
    const result = await run(['frobnicate']);
    assert.equal(result.code, 2);
    assert.ok(result.stderr.includes('Unbekannter Befehl „frobnicate“'), result.stderr);
    assert.ok(result.stderr.includes('Aufruf: ratsinfo <befehl>'));
    assertNoStackTrace(result.stderr);
  });
});

describe('ratsinfo migrate and demo', () => {
  test('migrate creates the database; demo loads the demo data once', async () => {
    const dataDir = join(tempDir(), 'neu'); // does not exist yet
    const env = { DATA_DIR: dataDir };

    const migrated = await run(['migrate'], env);
    assert.equal(migrated.code, 0, migrated.stderr);
    assert.ok(migrated.stdout.includes('Die Datenbank ist auf dem neuesten Stand.'), migrated.stdout);
    assert.ok(existsSync(join(dataDir, 'PG_VERSION')), 'a database was created in DATA_DIR');
    assert.equal(existsSync(join(dataDir, LOCK_FILE)), false, 'the lock is released');

    const loaded = await run(['demo'], env);
    assert.equal(loaded.code, 0, loaded.stderr);
    assert.ok(loaded.stdout.includes('Demodaten geladen'), loaded.stdout);
    assert.equal(existsSync(join(dataDir, LOCK_FILE)), false);

    const again = await run(['demo'], env);
    assert.equal(again.code, 0, again.stderr);
    assert.ok(again.stdout.includes('bereits vorhanden'), again.stdout);
    assert.ok(!again.stdout.includes('Demodaten geladen'));
  });
});
