/**
 * The data-dir lock: a PGlite data directory must never be opened by two Ratsinfo processes at
 * once (PGlite would corrupt it), but a lock left behind by a crashed process must not block a restart.
 */

import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { acquireDataDirLock, LOCK_FILE } from '../../src/db/lock.ts';
import { DomainError } from '../../src/domain/errors.ts';

const tempDirs: string[] = [];
const children = new Set<ChildProcess>();

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ratsinfo-lock-'));
  tempDirs.push(dir);
  return dir;
}

function lockPath(dir: string) {
  return join(dir, LOCK_FILE);
}

function readLock(dir: string): { pid: number; host: string; since: string } {
  return JSON.parse(readFileSync(lockPath(dir), 'utf8'));
}

/** The PID of a process that has run and exited (so no process with this PID runs now). */
async function pidOfExitedProcess(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  const pid = child.pid;
  assert.ok(pid, 'child process got no PID');
  await new Promise<void>((resolve, reject) => {
    child.once('exit', () => resolve());
    child.once('error', reject);
  });
  return pid;
}

/** A separate, long-running process that takes the lock on `dir` through the real module. */
async function lockHolder(dir: string): Promise<ChildProcess> {
  const script = `
    import { acquireDataDirLock } from './src/db/lock.ts';
    acquireDataDirLock(process.argv[1]);
    console.log('locked');
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, dir], {
    cwd: new URL('../..', import.meta.url),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  await new Promise<void>((resolve, reject) => {
    let stdout = '';
    child.stdout?.on('data', (chunk) => {
      stdout += chunk;
      if (stdout.includes('locked')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`lock holder exited (${code}) before locking: ${stderr}`)));
  });
  return child;
}

async function kill(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  await exited;
}

after(async () => {
  for (const child of children) await kill(child, 'SIGKILL');
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function assertLocked(error: unknown, dir: string): true {
  assert.ok(error instanceof DomainError, `expected a DomainError, got ${String(error)}`);
  assert.equal(error.id, 'storage.data_dir_locked');
  assert.ok(error.message.includes(dir), `message should name ${dir}: ${error.message}`);
  assert.match(error.message, /wird bereits von einem anderen Ratsinfo-Prozess verwendet/);
  return true;
}

describe('data directory lock', () => {
  test('acquiring writes a lock file with this process as owner; release removes it', () => {
    const dir = tempDir();
    const release = acquireDataDirLock(dir);
    assert.ok(existsSync(lockPath(dir)));
    const owner = readLock(dir);
    assert.equal(owner.pid, process.pid);
    assert.equal(owner.host, hostname());
    release();
    assert.equal(existsSync(lockPath(dir)), false);
    // Released means free again.
    const again = acquireDataDirLock(dir);
    again();
    assert.equal(existsSync(lockPath(dir)), false);
  });

  test('a lock held by another running process is respected: DomainError naming the directory', async () => {
    const dir = tempDir();
    const holder = await lockHolder(dir);
    const before = readFileSync(lockPath(dir), 'utf8');
    assert.equal(readLock(dir).pid, holder.pid);
    assert.throws(
      () => acquireDataDirLock(dir),
      (error) => assertLocked(error, dir),
    );
    // The failed attempt leaves the holder's lock untouched.
    assert.equal(readFileSync(lockPath(dir), 'utf8'), before);
    await kill(holder, 'SIGTERM');
  });

  test('the lock file of a crashed (SIGKILLed) holder is taken over', async () => {
    const dir = tempDir();
    const holder = await lockHolder(dir);
    await kill(holder, 'SIGKILL');
    // Killed without a chance to clean up: the file is still there.
    assert.equal(readLock(dir).pid, holder.pid);
    const release = acquireDataDirLock(dir);
    assert.equal(readLock(dir).pid, process.pid);
    release();
    assert.equal(existsSync(lockPath(dir)), false);
  });

  test('a second acquire in the same process while the lock is held throws', () => {
    const dir = tempDir();
    const release = acquireDataDirLock(dir);
    try {
      assert.throws(
        () => acquireDataDirLock(dir),
        (error) => assertLocked(error, dir),
      );
    } finally {
      release();
    }
  });

  test('a stale lock of a process that no longer runs on this host is taken over', async () => {
    const dir = tempDir();
    const deadPid = await pidOfExitedProcess();
    writeFileSync(lockPath(dir), JSON.stringify({ pid: deadPid, host: hostname(), since: '2020-01-01T00:00:00Z' }));
    const release = acquireDataDirLock(dir);
    assert.equal(readLock(dir).pid, process.pid);
    release();
    assert.equal(existsSync(lockPath(dir)), false);
  });

  test('a lock owned by a process on another host is respected (its liveness cannot be checked)', async () => {
    const dir = tempDir();
    const deadPid = await pidOfExitedProcess();
    const foreign = JSON.stringify({ pid: deadPid, host: `${hostname()}-elsewhere`, since: '2020-01-01T00:00:00Z' });
    writeFileSync(lockPath(dir), foreign);
    assert.throws(
      () => acquireDataDirLock(dir),
      (error) => assertLocked(error, dir),
    );
    assert.equal(readFileSync(lockPath(dir), 'utf8'), foreign);
  });

  for (const [label, content] of [
    ['an empty file', ''],
    ['a half-written file', '{"pid": 12'],
    ['garbage', '\u0000\u0001not json at all'],
    ['JSON without a numeric pid', JSON.stringify({ pid: 'abc', host: hostname() })],
  ] as const) {
    test(`a lock file with ${label} is treated as stale`, () => {
      const dir = tempDir();
      writeFileSync(lockPath(dir), content);
      const release = acquireDataDirLock(dir);
      assert.equal(readLock(dir).pid, process.pid);
      release();
      assert.equal(existsSync(lockPath(dir)), false);
    });
  }

  test('release does not remove a lock that meanwhile belongs to someone else', async () => {
    const dir = tempDir();
    const release = acquireDataDirLock(dir);
    const holder = await lockHolder(tempDir()); // just a live process whose PID we can put in the file
    const other = JSON.stringify({ pid: holder.pid, host: hostname(), since: '2030-01-01T00:00:00Z' });
    writeFileSync(lockPath(dir), other);
    release();
    assert.equal(readFileSync(lockPath(dir), 'utf8'), other);
    // And the other owner's lock still blocks us.
    assert.throws(
      () => acquireDataDirLock(dir),
      (error) => assertLocked(error, dir),
    );
    await kill(holder, 'SIGTERM');
  });

  test('release is idempotent: a second call does not remove a lock taken after the first', () => {
    const dir = tempDir();
    const first = acquireDataDirLock(dir);
    first();
    const second = acquireDataDirLock(dir);
    first();
    assert.equal(readLock(dir).pid, process.pid);
    assert.ok(existsSync(lockPath(dir)));
    second();
    assert.equal(existsSync(lockPath(dir)), false);
  });
});
