#!/usr/bin/env node
// Entry point of the `shinchoku` command: runs the compiled release (dist/, `npm run build`).
// In a development checkout whose build is missing or older than its sources, it runs the
// TypeScript sources through tsx instead (a devDependency), so that tests and development
// never run a stale build. A release installed without devDependencies never compiles.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildState } from './build-state.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const compiled = path.join(root, 'dist/src/cli/main.js');

function hasTsx() {
  try {
    createRequire(import.meta.url).resolve('tsx/esm/api');
    return fs.existsSync(path.join(root, 'src/cli/main.ts'));
  } catch {
    return false;
  }
}

async function loadMain() {
  const state = buildState(root, 'server');
  if (state === 'current') return import(compiled);
  if (hasTsx()) {
    const { register } = await import('tsx/esm/api');
    register();
    return import('../src/cli/main.ts');
  }
  if (fs.existsSync(compiled)) {
    process.stderr.write(`shinchoku: the build is ${state}: run npm run build\n`);
    return import(compiled);
  }
  process.stderr.write('shinchoku: no build found: run npm run build (needs the devDependencies)\n');
  process.exit(1);
}

const { main } = await loadMain();
process.exitCode = await main(process.argv);
