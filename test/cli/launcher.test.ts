/**
 * bin/ratsinfo.js, the command `npm start` and `npx ratsinfo` run: it runs dist/ only when dist/ was
 * built from exactly the current source, and the TypeScript source otherwise.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** A copy of the project (node_modules linked) where dist/ can be built or broken without touching the tree. */
function projectCopy() {
  const dir = mkdtempSync(join(tmpdir(), 'ratsinfo-launcher-'));
  for (const entry of ['bin', 'scripts', 'src', 'package.json', 'tsconfig.json', 'tsconfig.build.json']) {
    cpSync(join(root, entry), join(dir, entry), { recursive: true });
  }
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

const run = (cwd: string, env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['bin/ratsinfo.js', 'help'], { cwd, env: { ...process.env, ...env }, encoding: 'utf8' });

test('runs dist/ when it was built from the current source, the source when not', () => {
  const dir = projectCopy();
  try {
    // No dist/: from source.
    let result = run(dir);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /Aufruf: ratsinfo <befehl>/);

    const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: dir, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
    // Mark the built CLI so we can tell which one ran.
    writeFileSync(join(dir, 'dist', 'cli.js'), "console.log('DIST');\n");
    result = run(dir);
    assert.equal(result.stdout.trim(), 'DIST', 'the current build is used');

    result = run(dir, { RATSINFO_FROM_SOURCE: '1' });
    assert.match(result.stdout, /Aufruf: ratsinfo <befehl>/, 'RATSINFO_FROM_SOURCE=1 runs the source');

    // A change to the source makes the build stale: the source runs.
    writeFileSync(join(dir, 'src', 'extra.ts'), 'export const changed = true;\n');
    result = run(dir);
    assert.match(result.stdout, /Aufruf: ratsinfo <befehl>/, 'a stale build is not used');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
