#!/usr/bin/env node
// Runs the TypeScript CLI through tsx (a runtime dependency), so `npx ratsinfo …` needs no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
