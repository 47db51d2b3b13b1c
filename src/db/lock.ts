/**
 * A lock file in the PGlite data directory. PGlite itself lets two processes open one data
 * directory and corrupt it; this lock makes the second one fail with a clear message.
 *
 * The file holds the owner's PID and host name. A lock left behind by a process that no longer
 * runs (killed, crashed) is taken over, so a restart after a crash works at once.
 */
import { randomUUID } from 'node:crypto';
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { DomainError } from '../domain/errors.ts';

export const LOCK_FILE = 'ratsinfo.lock';

interface LockOwner {
  pid: number;
  host: string;
  since: string;
  /** Identifies this acquisition; release removes only the lock it took. */
  token?: string;
}

/** Lock files held by this process: a second open of the same directory in-process fails too. */
const heldByThisProcess = new Set<string>();

function lockedError(dataDir: string, owner: LockOwner, path = resolve(dataDir, LOCK_FILE)) {
  const elsewhere =
    owner.host !== hostname()
      ? ` Läuft auf ${owner.host} kein Ratsinfo mehr (etwa nach dem Neustart eines Containers), löschen Sie ${path}.`
      : '';
  return new DomainError(
    'storage.data_dir_locked',
    `Das Datenverzeichnis ${resolve(dataDir)} wird bereits von einem anderen Ratsinfo-Prozess verwendet ` +
      `(PID ${owner.pid} auf ${owner.host}, seit ${owner.since}). Beenden Sie diesen Prozess ` +
      `oder wählen Sie mit DATA_DIR ein anderes Verzeichnis.${elsewhere}`,
  );
}

/** Takes the lock or throws DomainError('storage.data_dir_locked'); returns the release function. */
export function acquireDataDirLock(dataDir: string): () => void {
  const path = resolve(dataDir, LOCK_FILE);
  const me: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString(), token: randomUUID() };
  if (heldByThisProcess.has(path)) throw lockedError(dataDir, readOwner(path) ?? me);
  // The lock is created complete and atomically: written to a file of our own, then hard-linked to the
  // lock name (link fails if the name exists). A second starter never sees a half-written lock.
  const temp = `${path}.${me.pid}.${me.token}`;
  writeFileSync(temp, JSON.stringify(me), { flag: 'wx' });
  let taken = false;
  try {
    for (let attempt = 0; attempt < 2 && !taken; attempt++) {
      try {
        linkSync(temp, path);
        taken = true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const owner = readOwner(path);
        if (owner && ownerIsAlive(owner)) throw lockedError(dataDir, owner, path);
        // Stale lock of a process that is gone: remove it and try once more.
        try {
          unlinkSync(path);
        } catch (unlinkError) {
          if ((unlinkError as NodeJS.ErrnoException).code !== 'ENOENT') throw unlinkError;
        }
      }
    }
  } finally {
    unlinkSync(temp);
  }
  if (taken) {
    heldByThisProcess.add(path);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      heldByThisProcess.delete(path);
      process.off('exit', release);
      const owner = readOwner(path);
      if (owner && owner.token === me.token) {
        try {
          unlinkSync(path);
        } catch {
          // already gone
        }
      }
    };
    process.on('exit', release);
    return release;
  }
  throw new DomainError('storage.data_dir_locked', `Die Sperrdatei ${path} konnte nicht angelegt werden.`);
}

function readOwner(path: string): LockOwner | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
    if (typeof parsed.pid !== 'number') return undefined;
    return {
      pid: parsed.pid,
      host: String(parsed.host ?? ''),
      since: String(parsed.since ?? ''),
      ...(typeof parsed.token === 'string' ? { token: parsed.token } : {}),
    };
  } catch {
    // Unreadable lock (locks are written atomically, so this is damage, not a lock being written): stale.
    return undefined;
  }
}

function ownerIsAlive(owner: LockOwner): boolean {
  // On another host we cannot check; be safe and assume it runs.
  if (owner.host !== hostname()) return true;
  // Our own PID in a file this process does not hold: a previous incarnation (e.g. a container
  // restarted with the same PID). Locks this process holds are caught before via heldByThisProcess.
  if (owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
