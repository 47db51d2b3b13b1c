/**
 * Benchmark: start-up time of `ratsinfo serve` on an EXISTING embedded data dir, from spawning the
 * process to the first `200` of `GET /healthz`.
 *
 *   node --import tsx bench/startup.ts [--runs=10] [--no-phases] [--from-source]    (or env BENCH_RUNS=10)
 *
 * 0. Builds dist/ (`npm run build`, as `npm install` does), so that `npm start` runs the compiled code.
 * 1. Prepares a temp data dir: starts the real CLI once (fresh dir: initdb, migrations, demo data), stops it.
 * 2. N times: spawns `node bin/ratsinfo.js serve` exactly as `npm start` does (PORT=<free port>,
 *    HOST=127.0.0.1, DATA_DIR=<temp dir>), polls http://127.0.0.1:<port>/healthz every ~10 ms until 200,
 *    then sends SIGTERM and waits for the exit (the data dir lock must be gone before the next run).
 * 3. Unless --no-phases: N times runs bench/startup-phases.ts, which does the same steps in-process with a
 *    timer around each (Node + tsx boot, module loading, PGlite open, migration check, listen, first request),
 *    and N times a bare `node -e 0` for the cost of spawning Node itself.
 * 4. With --from-source: N starts with RATSINFO_FROM_SOURCE=1 (the TypeScript source through tsx, as when
 *    dist/ is missing or stale), to show what the build saves.
 *
 * Only ever connects to 127.0.0.1. Removes the temp dir and kills any child on exit or error.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  formatMachineFacts,
  freePort,
  intOption,
  isAborting,
  isMain,
  machineFacts,
  ms,
  onCleanup,
  projectRoot,
  type Stats,
  stats,
  table,
} from './lib.ts';

export const STARTUP_TARGET_MS = 2000;
const POLL_INTERVAL_MS = 10;
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 30_000;
const LOCK_FILE = 'ratsinfo.lock'; // src/db/lock.ts

export interface StartupOptions {
  runs: number;
  phases: boolean;
  /** Also start from source (RATSINFO_FROM_SOURCE=1, tsx) the same way, to compare with the build. */
  fromSource?: boolean;
  log?: (line: string) => void;
}

export interface StartRun {
  /** spawn → first 200 from /healthz */
  healthyMs: number;
  /** spawn → the "Ratsinfo läuft auf …" log line */
  logLineMs: number | undefined;
  /** SIGTERM → process exit */
  stopMs: number;
  exitCode: number | null;
  /** /healthz requests made (incl. the successful one) */
  polls: number;
}

export interface PhaseRun {
  spawnToProcessStart: number;
  marks: Record<string, number>;
  readyMs: number;
  wallToExit: number;
}

export interface StartupResult {
  firstStart: StartRun;
  runs: StartRun[];
  healthy: Stats;
  stop: Stats;
  phases: PhaseRun[] | undefined;
  bareNode: Stats | undefined;
  /** spawn → /healthz 200 from source (only with `fromSource`). */
  fromSource: Stats | undefined;
}

/** Environment of a child: like `npm start`, but never PostgreSQL (DATABASE_URL would bypass DATA_DIR). */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.DATABASE_URL;
  return env;
}

interface Tracked {
  child: ChildProcess;
  output: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stillRunning: () => boolean;
  dispose: () => void;
}

/** The end of a child's output, for error messages (a failed import can print a whole transpiled file). */
function tail(output: readonly string[], chars = 2000): string {
  const text = output.join('');
  return text.length > chars ? `…${text.slice(-chars)}` : text;
}

function track(child: ChildProcess): Tracked {
  const output: string[] = [];
  let running = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      running = false;
      resolve({ code, signal });
    });
    child.once('error', (error) => {
      running = false;
      output.push(String(error));
      resolve({ code: null, signal: null });
    });
  });
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString('utf8'));
    if (output.length > 200) output.splice(0, output.length - 200);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const dispose = onCleanup(() => {
    if (running) child.kill('SIGKILL');
  });
  return { child, output, exited, stillRunning: () => running, dispose };
}

/** One GET /healthz on 127.0.0.1 without keep-alive: the status, or 0 when the connection failed. */
function healthz(port: number): Promise<number> {
  return new Promise((resolve) => {
    const request = get({ host: '127.0.0.1', port, path: '/healthz', agent: false, timeout: 5000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve(0));
    });
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', () => resolve(0));
  });
}

const sleep = (msec: number) => new Promise((resolve) => setTimeout(resolve, msec));

async function stopAndWait(tracked: Tracked, dataDir: string): Promise<{ stopMs: number; exitCode: number | null }> {
  const t = performance.now();
  tracked.child.kill('SIGTERM');
  const timeout = sleep(STOP_TIMEOUT_MS).then(() => 'timeout' as const);
  const result = await Promise.race([tracked.exited, timeout]);
  const stopMs = performance.now() - t;
  if (result === 'timeout') {
    tracked.child.kill('SIGKILL');
    await tracked.exited;
    throw new Error(`server did not exit within ${STOP_TIMEOUT_MS} ms after SIGTERM\n${tail(tracked.output)}`);
  }
  tracked.dispose();
  if (existsSync(join(dataDir, LOCK_FILE))) {
    throw new Error(`the data dir lock ${join(dataDir, LOCK_FILE)} is still there after the server exited`);
  }
  return { stopMs, exitCode: result.code };
}

/** How `npm start` runs the server: `node bin/ratsinfo.js serve` in the project root. */
export const NPM_START_ARGS = ['bin/ratsinfo.js', 'serve'];

/** Spawns the server (by default as `npm start` does), waits for the first 200 from /healthz, stops it. */
export async function startOnce(
  dataDir: string,
  nodeArgs: readonly string[] = NPM_START_ARGS,
  extraEnv: Record<string, string> = {},
): Promise<StartRun> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, nodeArgs, {
    cwd: projectRoot,
    env: childEnv({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, ...extraEnv }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tracked = track(child);
  let logLineMs: number | undefined;
  child.stdout?.on('data', (chunk: Buffer) => {
    if (logLineMs === undefined && chunk.toString('utf8').includes('Ratsinfo läuft')) {
      logLineMs = performance.now() - t0;
    }
  });
  let polls = 0;
  let healthyMs: number | undefined;
  while (healthyMs === undefined) {
    if (!tracked.stillRunning()) {
      const { code } = await tracked.exited;
      throw new Error(`server exited (code ${code}) before /healthz answered\n${tail(tracked.output)}`);
    }
    if (performance.now() - t0 > START_TIMEOUT_MS) {
      child.kill('SIGKILL');
      throw new Error(`no 200 from /healthz within ${START_TIMEOUT_MS} ms\n${tail(tracked.output)}`);
    }
    const pollStart = performance.now();
    polls++;
    const status = await healthz(port);
    if (status === 200) {
      healthyMs = performance.now() - t0;
      break;
    }
    const wait = POLL_INTERVAL_MS - (performance.now() - pollStart);
    if (wait > 0) await sleep(wait);
  }
  const { stopMs, exitCode } = await stopAndWait(tracked, dataDir);
  if (exitCode !== 0) throw new Error(`server exited with code ${exitCode} after SIGTERM\n${tail(tracked.output)}`);
  return { healthyMs, logLineMs, stopMs, exitCode, polls };
}

async function phaseOnce(dataDir: string): Promise<PhaseRun> {
  const port = await freePort();
  const spawnedAt = performance.timeOrigin + performance.now();
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/startup-phases.ts'], {
    cwd: projectRoot,
    env: childEnv({ PORT: String(port), DATA_DIR: dataDir }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tracked = track(child);
  const { code } = await tracked.exited;
  const wallToExit = performance.now() - t0;
  tracked.dispose();
  const output = tracked.output.join('');
  const line = output.split('\n').find((l) => l.startsWith('{"timeOrigin"'));
  if (code !== 0 || !line) throw new Error(`startup-phases.ts failed (code ${code})\n${tail(tracked.output)}`);
  const parsed = JSON.parse(line) as { timeOrigin: number; marks: Record<string, number>; readyMs: number };
  return {
    spawnToProcessStart: parsed.timeOrigin - spawnedAt,
    marks: parsed.marks,
    readyMs: parsed.readyMs,
    wallToExit,
  };
}

async function bareNodeOnce(): Promise<number> {
  const t0 = performance.now();
  const tracked = track(spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' }));
  await tracked.exited;
  tracked.dispose();
  return performance.now() - t0;
}

export async function benchStartup(options: StartupOptions): Promise<StartupResult> {
  const log = options.log ?? ((line: string) => console.error(line));
  const dataDir = mkdtempSync(join(tmpdir(), 'ratsinfo-bench-startup-'));
  const removeDir = () => rmSync(dataDir, { recursive: true, force: true });
  const disposeDir = onCleanup(removeDir);
  try {
    log('startup: npm run build (dist/ for npm start) …');
    const build = spawnSync(process.execPath, [join(projectRoot, 'scripts/build.mjs')], {
      cwd: projectRoot,
      encoding: 'utf8',
    });
    if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
    log(`startup: preparing ${dataDir} (first start: initdb, migrations, demo data) …`);
    const firstStart = await startOnce(dataDir);
    log(`startup: first start ${ms(firstStart.healthyMs)} ms; now ${options.runs} starts on the existing data dir`);
    const runs: StartRun[] = [];
    for (let i = 0; i < options.runs; i++) {
      const run = await startOnce(dataDir);
      runs.push(run);
      log(`  run ${i + 1}/${options.runs}: ${ms(run.healthyMs)} ms to healthy, ${ms(run.stopMs)} ms to stop`);
    }
    let phases: PhaseRun[] | undefined;
    let bareNode: Stats | undefined;
    if (options.phases) {
      log(`startup: ${options.runs} × phase breakdown (bench/startup-phases.ts) and bare \`node -e 0\``);
      phases = [];
      for (let i = 0; i < options.runs; i++) phases.push(await phaseOnce(dataDir));
      const bare: number[] = [];
      for (let i = 0; i < options.runs; i++) bare.push(await bareNodeOnce());
      bareNode = stats(bare);
    }
    let fromSource: Stats | undefined;
    if (options.fromSource) {
      log(`startup: ${options.runs} starts from source (RATSINFO_FROM_SOURCE=1: tsx, no dist/)`);
      const samples: number[] = [];
      for (let i = 0; i < options.runs; i++) {
        samples.push((await startOnce(dataDir, NPM_START_ARGS, { RATSINFO_FROM_SOURCE: '1' })).healthyMs);
      }
      fromSource = stats(samples);
    }
    return {
      firstStart,
      runs,
      healthy: stats(runs.map((r) => r.healthyMs)),
      stop: stats(runs.map((r) => r.stopMs)),
      phases,
      bareNode,
      fromSource,
    };
  } finally {
    removeDir();
    disposeDir();
  }
}

const PHASE_LABELS: Record<string, string> = {
  boot: 'Node + tsx boot (process start → first line of script)',
  importModules: 'load module graph (src/server.ts, drizzle, PGlite, hono, pg …)',
  openPglite: 'open PGlite (lock file + PGlite.create on the data dir)',
  migrationCheck: 'migration check (drizzle migrate, nothing to apply)',
  isEmpty: 'isEmpty (demo data check)',
  listen: 'createApp + listen',
  firstHealthz: 'first GET /healthz in-process',
  close: '(shutdown: server.close + PGlite close)',
};

export function formatStartup(result: StartupResult): string {
  const h = result.healthy;
  const s = result.stop;
  const out: string[] = [];
  out.push(
    `Start-up to first 200 from GET /healthz, existing data dir (${h.n} runs), target < ${STARTUP_TARGET_MS} ms`,
  );
  out.push(
    table(
      ['measure', 'min', 'median', 'p90', 'max'],
      [
        ['spawn → /healthz 200 (ms)', ms(h.min), ms(h.median), ms(h.p90), ms(h.max)],
        [
          'spawn → "läuft auf" log line (ms)',
          ...(() => {
            const l = stats(result.runs.flatMap((r) => (r.logLineMs === undefined ? [] : [r.logLineMs])));
            return [ms(l.min), ms(l.median), ms(l.p90), ms(l.max)];
          })(),
        ],
        ['SIGTERM → exit (ms)', ms(s.min), ms(s.median), ms(s.p90), ms(s.max)],
      ],
    ),
  );
  out.push(
    `first start on a fresh data dir (initdb + migrations + demo data, 1 run): ${ms(result.firstStart.healthyMs)} ms; ` +
      `SIGTERM → exit ${ms(result.firstStart.stopMs)} ms`,
  );
  out.push(
    `target: median ${ms(h.median)} ms, max ${ms(h.max)} ms → ${h.max < STARTUP_TARGET_MS ? 'MET (every run under 2 s)' : h.median < STARTUP_TARGET_MS ? 'median met, but not every run under 2 s' : 'MISSED'}`,
  );
  if (result.phases && result.bareNode) {
    const names = Object.keys(result.phases[0]?.marks ?? {});
    const rows: string[][] = [];
    const row = (label: string, values: number[]) => {
      const st = stats(values);
      rows.push([label, ms(st.min), ms(st.median), ms(st.max)]);
    };
    row(
      'spawn → process start (timeOrigin)',
      result.phases.map((p) => p.spawnToProcessStart),
    );
    for (const name of names)
      row(
        PHASE_LABELS[name] ?? name,
        result.phases.map((p) => p.marks[name] ?? Number.NaN),
      );
    row(
      '= process start → ready (sum without shutdown)',
      result.phases.map((p) => p.readyMs),
    );
    const b = result.bareNode;
    rows.push(['for comparison: bare `node -e 0`, spawn → exit', ms(b.min), ms(b.median), ms(b.max)]);
    out.push('');
    out.push(`Where the start-up time goes (bench/startup-phases.ts, ${result.phases.length} runs, ms)`);
    out.push(table(['phase', 'min', 'median', 'max'], rows));
  }
  if (result.fromSource) {
    const c = result.fromSource;
    out.push('');
    out.push(`From source (RATSINFO_FROM_SOURCE=1: tsx, as when dist/ is missing or stale), ${c.n} runs`);
    out.push(
      `  spawn → /healthz 200: min ${ms(c.min)} / median ${ms(c.median)} / p90 ${ms(c.p90)} / max ${ms(c.max)} ms`,
    );
  }

  return out.join('\n');
}

if (isMain(import.meta.url)) {
  const argv = process.argv.slice(2);
  const runs = intOption(argv, 'runs', 'BENCH_RUNS', 10);
  console.log(formatMachineFacts(machineFacts()));
  console.log('');
  benchStartup({ runs, phases: !argv.includes('--no-phases'), fromSource: argv.includes('--from-source') }).then(
    (result) => console.log(formatStartup(result)),
    (error: unknown) => {
      if (!isAborting()) console.error(error);
      process.exitCode = 1;
    },
  );
}
