/**
 * Shared helpers for the benchmark scripts: statistics, tables, free ports, machine facts, clean-up.
 * Plain scripts, not tests: run with `npm run bench` or `node --import tsx bench/<name>.ts`.
 */
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The project root (the directory `npm start` runs in). */
export const projectRoot = fileURLToPath(new URL('..', import.meta.url));

/** True when the module with this `import.meta.url` is the script node was started with. */
export function isMain(moduleUrl: string): boolean {
  const entry = process.argv[1];
  return entry !== undefined && pathToFileURL(resolve(entry)).href === moduleUrl;
}

/** Nearest-rank percentile of an ascending sorted list. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number;
}

export interface Stats {
  n: number;
  min: number;
  median: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export function stats(samples: readonly number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    min: sorted[0] ?? Number.NaN,
    median: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    mean: sorted.reduce((sum, x) => sum + x, 0) / (sorted.length || 1),
  };
}

/** Milliseconds with a precision that suits the magnitude. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return '–';
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** A plain-text table; numeric-looking cells are right-aligned. */
export function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  options: { alignNumbersRight?: boolean } = {},
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = (s: string) => (options.alignNumbersRight ?? true) && /^[-+]?[\d.,]+( ?\w+)?$|^–$/.test(s);
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (numeric(c) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** A port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolvePort(port) : reject(new Error('no port'))));
    });
  });
}

/** A positive integer from `--name=N` in argv, or env, or the default. */
export function intOption(argv: readonly string[], flag: string, envName: string, fallback: number): number {
  const fromArgv = argv.find((a) => a.startsWith(`--${flag}=`))?.slice(flag.length + 3);
  const raw = fromArgv ?? process.env[envName];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`--${flag} / ${envName} must be a positive integer, not "${raw}"`);
  return value;
}

export interface MachineFacts {
  node: string;
  cpuModel: string;
  cpuCount: number;
  totalMemoryGiB: number;
  platform: string;
  /** 1, 5 and 15 minute load averages: others' work on the machine skews the numbers. */
  loadAverage: [number, number, number];
  /** The code measured: commit, and the files of src/ and package.json that differ from it. */
  code: string;
  date: string;
}

function codeState(): string {
  const git = (...args: string[]) =>
    spawnSync('git', args, { cwd: projectRoot, encoding: 'utf8', timeout: 5000 }).stdout?.trim() ?? '';
  const commit = git('rev-parse', '--short', 'HEAD') || 'unknown';
  const changed = git('status', '--porcelain', '--', 'src', 'package.json').split('\n').filter(Boolean).length;
  return changed ? `${commit} + ${changed} uncommitted change(s) in src/, package.json` : `${commit} (clean src/)`;
}

export function machineFacts(): MachineFacts {
  const list = cpus();
  return {
    node: process.version,
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cpuCount: list.length,
    totalMemoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    platform: `${process.platform} ${process.arch}`,
    loadAverage: loadavg().map((x) => Math.round(x * 100) / 100) as [number, number, number],
    code: codeState(),
    date: new Date().toISOString(),
  };
}

export function formatMachineFacts(facts: MachineFacts): string {
  return table(
    ['fact', 'value'],
    [
      ['Node.js', facts.node],
      ['CPU model', facts.cpuModel],
      ['CPU count (os.cpus)', String(facts.cpuCount)],
      ['total memory', `${facts.totalMemoryGiB} GiB`],
      ['platform', facts.platform],
      ['load average 1/5/15 min', facts.loadAverage.join(' / ')],
      ['code', facts.code],
      ['date', facts.date],
    ],
    { alignNumbersRight: false },
  );
}

/**
 * Busy share of all CPUs (from os.cpus() times) between `start()` and the returned function's call, in %
 * of all cores: the benchmark's own processes plus anything else running. Much above what the benchmark
 * needs by itself means others were using the machine.
 */
export function cpuBusy(): () => number {
  const total = () =>
    cpus().reduce(
      (acc, c) => {
        const t = c.times;
        acc.busy += t.user + t.nice + t.sys + t.irq;
        acc.all += t.user + t.nice + t.sys + t.irq + t.idle;
        return acc;
      },
      { busy: 0, all: 0 },
    );
  const before = total();
  return () => {
    const after = total();
    const all = after.all - before.all;
    return all > 0 ? Math.round(((after.busy - before.busy) / all) * 100) : Number.NaN;
  };
}

type Cleanup = () => void | Promise<void>;
const cleanups = new Set<Cleanup>();
const syncCleanups = new Set<() => void>();
let handlersInstalled = false;
let aborting = false;

/** True once SIGINT/SIGTERM arrived: errors from work torn down by the clean-up are expected then. */
export function isAborting(): boolean {
  return aborting;
}

/**
 * Registers clean-up work. `sync` runs on any exit (also process.exit and crashes; it must be
 * synchronous: kill children, remove temp dirs). `async` additionally runs on SIGINT/SIGTERM before exiting
 * (drop a database). Returns a function that unregisters both.
 */
export function onCleanup(sync: () => void, async?: Cleanup): () => void {
  installHandlers();
  syncCleanups.add(sync);
  if (async) cleanups.add(async);
  return () => {
    syncCleanups.delete(sync);
    if (async) cleanups.delete(async);
  };
}

function runSync() {
  for (const fn of [...syncCleanups].reverse()) {
    try {
      fn();
    } catch {
      // best effort
    }
  }
  syncCleanups.clear();
}

function installHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', runSync);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      aborting = true;
      console.error(`\n${signal}: cleaning up …`);
      const pending = [...cleanups].reverse();
      cleanups.clear();
      (async () => {
        for (const fn of pending) {
          try {
            await fn();
          } catch {
            // best effort
          }
        }
      })().finally(() => {
        runSync();
        process.exit(signal === 'SIGINT' ? 130 : 143);
      });
    });
  }
}
