/**
 * The web app the tests' servers serve: `npm run build`'s web part (scripts/build.js --web
 * --if-needed), brought up to date once per test process before a server starts. The servers
 * run the server from its sources (bin/shinchoku.js falls back to tsx without a current
 * dist/); only the bundle has to be built. A lock keeps two test files from building at once.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './cli.ts';

const LOCK = path.join(ROOT, 'web/.build-lock');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function withLock<T>(fn: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      break;
    } catch {
      const age = Date.now() - (fs.statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 180_000) fs.rmSync(LOCK, { recursive: true, force: true });
      await sleep(250);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

let built: Promise<void> | null = null;

/** Builds web/dist when it is missing or older than its sources (at most once per process). */
export function ensureWebBuild(): Promise<void> {
  built ??= withLock(async () => {
    await promisify(execFile)(process.execPath, ['scripts/build.js', '--web', '--if-needed'], {
      cwd: ROOT,
      timeout: 300_000,
    });
  });
  return built;
}
