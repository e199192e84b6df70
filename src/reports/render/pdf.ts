/**
 * PDF printed from the report HTML by headless Chromium (playwright-core drives the system
 * browser; nothing is downloaded). Every network request from the page is refused: the
 * HTML is self-contained, so a request would be a bug, never a dependency.
 */
import fs from 'node:fs';
import { chromium } from 'playwright-core';
import { loadConfig } from '../../config.ts';
import { AppError } from '../../domain/errors.ts';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The Chromium to use: CHROMIUM_PATH, else /usr/bin/chromium; null when neither exists. */
export function findChromium(explicit?: string): string | null {
  const candidates = [explicit, loadConfig().chromiumPath, '/usr/bin/chromium'];
  for (const path of candidates) if (path && fs.existsSync(path)) return path;
  return null;
}

export const CHROMIUM_MISSING =
  'PDF needs Chromium and Japanese fonts: apt-get install chromium fonts-noto-cjk (or set CHROMIUM_PATH)';

export async function launchChromium(explicit?: string) {
  const executablePath = findChromium(explicit);
  if (executablePath === null) throw new AppError('unavailable', CHROMIUM_MISSING);
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
}

/** Prints HTML to an A4-landscape PDF (the page size comes from the HTML's @page rule). */
export async function renderPdf(html: string, opts: { chromiumPath?: string } = {}): Promise<Buffer> {
  const browser = await launchChromium(opts.chromiumPath);
  try {
    const context = await browser.newContext({ offline: true, javaScriptEnabled: false });
    await context.route('**/*', (route) => route.abort());
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    const pdf = await page.pdf({
      preferCSSPageSize: true,
      printBackground: true,
      landscape: true,
      format: 'A4',
    });
    await context.close();
    return pdf;
  } finally {
    await browser.close();
  }
}
