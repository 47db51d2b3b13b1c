/**
 * Where the shared reference material lives (OParl spec, schemas and real-world fixtures): the folder
 * `shared/` beside the project's checkout (`../shared`); for a clone made elsewhere from a local checkout
 * (say `git clone -q /work/main /tmp/x`), the folder beside the checkout it was cloned from; or
 * `RATSINFO_SHARED_DIR`, which wins over both.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The checkout this one was cloned from, when that is a folder on this machine. */
function localOrigin(): string | undefined {
  try {
    const url = execFileSync('git', ['config', '--get', 'remote.origin.url'], {
      cwd: projectRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    const path = url.startsWith('file://') ? fileURLToPath(url) : url;
    return isAbsolute(path) && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

function findShared(): string {
  const configured = process.env.RATSINFO_SHARED_DIR?.trim();
  if (configured) return resolve(configured);
  const beside = resolve(projectRoot, '..', 'shared');
  if (existsSync(beside)) return beside;
  const origin = localOrigin();
  const besideOrigin = origin ? resolve(origin, '..', 'shared') : undefined;
  return besideOrigin && existsSync(besideOrigin) ? besideOrigin : beside;
}

export const SHARED_DIR = findShared();
