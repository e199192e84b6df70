/**
 * The PDF report as poppler and pdf.js read it: tagged, with bookmarks from the headings,
 * its Japanese text in named embedded fonts (no Type 3); printed by one warm browser that a
 * crash does not take down for good, with a bounded queue. Needs Chromium and the print font
 * (fonts-morisawa-bizud-gothic): without them the file is skipped with one line, except in CI.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleTree } from '../../../test/helpers/reports.ts';
import { buildReportDocument } from '../document.ts';
import { renderHtml } from './html.ts';
import {
  CHROMIUM_MISSING,
  closePdfBrowsers,
  findChromium,
  MAX_PRINTING,
  MAX_WAITING,
  pdfBrowserLaunches,
  renderPdf,
} from './pdf.ts';

const hasFont = (() => {
  try {
    return execFileSync('fc-list', [':family=BIZ UDPGothic'], { encoding: 'utf8' }).trim() !== '';
  } catch {
    return false;
  }
})();
const missing =
  findChromium() === null
    ? CHROMIUM_MISSING
    : hasFont
      ? null
      : 'no BIZ UDPGothic (fonts-morisawa-bizud-gothic)';
if (missing !== null) {
  if (process.env.CI === 'true') throw new Error(missing);
  console.log(`skipping the PDF checks: ${missing}`);
}

/** A poppler tool's output for a PDF held in memory. */
function poppler(tool: 'pdfinfo' | 'pdffonts', pdf: Buffer): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'shinchoku-pdf-')), 'report.pdf');
  fs.writeFileSync(file, pdf);
  try {
    return execFileSync(tool, [file], { encoding: 'utf8' });
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

/** The Chromium processes this test process started (the warm browser's main process). */
function browserProcesses(): number[] {
  const out = execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([, comm]) => comm !== undefined && /chrom/.test(comm))
    .map(([pid]) => Number(pid));
}

const tiny = (n: number) => `<!doctype html><html lang="ja"><title>t</title><h1>進捗 ${n}</h1></html>`;

describe.skipIf(missing !== null)('PDF report', () => {
  let pdf: Buffer;
  let coldMs: number;
  beforeAll(async () => {
    const { db, tree } = await sampleTree('sqlite');
    await db.destroy();
    const html = renderHtml(buildReportDocument({ tree, lang: 'ja' }));
    const started = performance.now();
    pdf = await renderPdf(html);
    coldMs = performance.now() - started;
  }, 120_000);
  afterAll(() => closePdfBrowsers());

  it('is tagged, with bookmarks from the headings', async () => {
    expect(poppler('pdfinfo', pdf)).toMatch(/^Tagged:\s+yes$/m);
    const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
    expect((await doc.getMarkInfo())?.Marked).toBe(true);
    const outline = (await doc.getOutline()) ?? [];
    const titles = (items: typeof outline): string[] => items.flatMap((i) => [i.title, ...titles(i.items)]);
    expect(titles(outline)).toEqual(
      expect.arrayContaining([
        '全体の状況',
        '柱 1\u3000差し迫った危機への対処',
        '目標 2.1\u3000AIの信頼性の向上',
      ]),
    );
    const struct = await (await doc.getPage(2)).getStructTree();
    expect(JSON.stringify(struct)).toMatch(/"role":"(?:H1|H2|Table|P)"/);
    await doc.destroy();
  });

  it('embeds named fonts, none of them Type 3', () => {
    const rows = poppler('pdffonts', pdf).trim().split('\n').slice(2);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((row) => /Type 3/.test(row))).toEqual([]);
    expect(rows.some((row) => /^[A-Z]{6}\+BIZUDPGothic/.test(row))).toBe(true);
    for (const row of rows) expect(row).toMatch(/\byes\s+yes\s+yes\s+\d+\s+\d+$/); // embedded, subset, unicode
  });

  it('prints further PDFs from the same warm browser, faster than the first', async () => {
    const launches = pdfBrowserLaunches();
    const started = performance.now();
    const pdfs = await Promise.all([1, 2, 3].map((n) => renderPdf(tiny(n))));
    const warmMs = (performance.now() - started) / 3;
    for (const p of pdfs) expect(p.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdfBrowserLaunches()).toBe(launches);
    expect(warmMs).toBeLessThan(coldMs);
  });

  it('starts a new browser after the warm one crashed', async () => {
    await renderPdf(tiny(0));
    const launches = pdfBrowserLaunches();
    const pids = browserProcesses();
    expect(pids.length).toBeGreaterThan(0);
    for (const pid of pids) process.kill(pid, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const again = await renderPdf(tiny(1));
    expect(again.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdfBrowserLaunches()).toBe(launches + 1);
  }, 60_000);

  it('refuses PDFs beyond its queue with 503 and prints the others', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: MAX_PRINTING + MAX_WAITING + 2 }, (_, n) => renderPdf(tiny(n))),
    );
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused).toHaveLength(2);
    for (const r of refused) expect((r.reason as { code: string }).code).toBe('unavailable');
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(MAX_PRINTING + MAX_WAITING);
  }, 120_000);
});
