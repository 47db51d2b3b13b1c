#!/usr/bin/env node
// The `ratsinfo` command. Runs the compiled dist/ when it was built from exactly the current src/
// (npm run build; done by npm install), else the TypeScript source through tsx (a runtime dependency):
// always the current code, fast when built.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sourceHash } from '../scripts/source-hash.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

function builtFromCurrentSource() {
  try {
    const stamp = JSON.parse(readFileSync(new URL('../dist/.build-stamp', import.meta.url), 'utf8'));
    return stamp.sourceHash === sourceHash(root);
  } catch {
    return false;
  }
}

if (process.env.RATSINFO_FROM_SOURCE !== '1' && builtFromCurrentSource()) {
  await import('../dist/cli.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
