// The content hash of src/: the compiled dist/ is used only when it was built from exactly this source.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? files(path) : [path];
  });
}

/** Hash over every file's path and content under `root/src`, and the compiler settings. */
export function sourceHash(root) {
  const hash = createHash('sha256');
  const inputs = [...files(join(root, 'src')), join(root, 'tsconfig.json'), join(root, 'tsconfig.build.json')];
  for (const file of inputs.sort()) {
    hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}
