/**
 * Where the shared reference material lives (OParl spec, schemas and real-world fixtures): the folder
 * `shared/` beside the project's checkout (`../shared`), or `RATSINFO_SHARED_DIR`. A clone elsewhere (say
 * under /tmp) would not find it: clone beside the project (`mktemp -d ../ci.XXXX`) or set the variable.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

export const SHARED_DIR = resolve(process.env.RATSINFO_SHARED_DIR?.trim() || resolve(projectRoot, '..', 'shared'));

/** A path inside the shared folder; throws a clear message when the folder is not there. */
export function sharedPath(...parts: string[]): string {
  if (!existsSync(SHARED_DIR)) {
    throw new Error(
      `shared reference material not found at ${SHARED_DIR}: clone the project beside ../shared or set RATSINFO_SHARED_DIR`,
    );
  }
  return resolve(SHARED_DIR, ...parts);
}
