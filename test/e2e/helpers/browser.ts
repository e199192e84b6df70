/**
 * Finds and launches the system Chromium for browser tests (playwright-core never downloads
 * one). Without a browser the tests are skipped with one line, except on CI where that fails.
 */
import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];

export function findChromium(): string | null {
  return CANDIDATES.find((p): p is string => !!p && fs.existsSync(p)) ?? null;
}

/** The browser to test with, or null (with a printed reason) when the tests should skip. */
export function chromiumOrSkip(): string | null {
  const found = findChromium();
  if (found) return found;
  if (process.env.CI === 'true') {
    throw new Error(
      'no Chromium found (CI=true): install it with `apt-get install -y chromium fonts-noto-cjk`',
    );
  }
  console.log('e2e: no Chromium found (/usr/bin/chromium); skipping the browser tests');
  return null;
}

/** Each context created from this browser gets a fresh profile (launch, not persistent). */
export async function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, args: CHROMIUM_FLAGS, headless: true });
}
