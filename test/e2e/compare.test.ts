/**
 * Year-over-year views with two published cycles: the sample's FY2022 follow-up plus a
 * synthetic FY2023 one (a stage moved on, an entry missing, a rating improved), imported
 * through the CLI before the server starts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { describeInBrowser, type BrowserSuiteOptions } from './helpers/browser.ts';
import { axeViolations, open, screenshot } from './helpers/pages.ts';
import { runCli } from './helpers/server.ts';

const SAMPLE = path.resolve(import.meta.dirname, '../../data/sample/ai-strategy-2022.json');
const S = '/strategies/ai2022/cycles/ai2022-fy2023';

interface SampleCycle {
  id: string;
  fiscalYear: number;
  asOf: string;
  progress: { initiativeId: string; stage: string | null }[];
  assessments: { nodeId: string; rating: string | null; needsAcceleration: boolean }[];
}

/** The sample with a second, changed cycle (FY2023) added. */
function twoCycles(): string {
  const data = JSON.parse(fs.readFileSync(SAMPLE, 'utf8')) as { cycles: SampleCycle[] };
  const next = structuredClone(data.cycles[0]!);
  next.id = 'ai2022-fy2023';
  next.fiscalYear = 2023;
  next.asOf = '2024-04';
  next.progress = next.progress.filter((p) => p.initiativeId !== 'ai2022-i03');
  next.progress.find((p) => p.initiativeId === 'ai2022-i01')!.stage = 'implemented';
  const twin = next.assessments.find((a) => a.nodeId === 'ai2022-p1-g1-t1')!;
  twin.rating = 'progressing';
  twin.needsAcceleration = false;
  data.cycles.push(next);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'shinchoku-two-')), 'two.json');
  fs.writeFileSync(file, JSON.stringify(data));
  return file;
}

/** The server's data and accounts for this file. */
const SETUP: BrowserSuiteOptions = {
  prepare: async (url) => void (await runCli(['import', twoCycles()], url)),
};

describeInBrowser('comparing two published cycles in the browser', SETUP, (suite) => {
  it('shows rating changes and changed items between the two cycles', async () => {
    const context = await suite.context({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await open(page, suite.url, `${S}/compare`);
    await page.waitForSelector('#rating-changes');
    await screenshot(page, 'ja-compare-two-cycles');
    const main = (await page.textContent('main')) ?? '';
    expect(main).toContain('評価の変化（1件）');
    expect(main).toContain('内容が更新された取組（2件）');
    // The text diff counts the same two initiatives: i01's stage, i03's missing report.
    await page.waitForSelector('#diff-texts');
    expect(await page.textContent('#diff-texts')).toBe('本文・段階の変更（2件）');
    expect(main).not.toMatch(/掲載先の追加/);
    const ratings = await page.textContent('#rating-changes + table');
    expect(ratings).toContain('1.1.1');
    expect(ratings).toContain('拡充・加速の余地大');
    expect(ratings).toContain('進展');
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  }, 120_000);

  it('shows what changed for a ministry, and switches cycle from the selector', async () => {
    const context = await suite.context();
    const page = await context.newPage();
    await open(page, suite.url, `${S}/organisations/mic`);
    await page.waitForSelector('#changes-heading ~ .change-groups');
    const changes = (await page.textContent('#changes-heading ~ .change-groups')) ?? '';
    expect(changes).toContain('観測データ提供システムの試作');
    expect(changes).not.toContain('数理・量子技術'); // MEXT's initiative, not MIC's
    expect(await axeViolations(page)).toEqual([]);
    await page.selectOption('.strategy-bar select', 'ai2022-fy2022');
    await page.click('.strategy-bar button[type=submit]');
    await page.waitForURL('**/cycles/ai2022-fy2022/organisations/mic');
    await page.waitForSelector('main h1');
    expect(await page.textContent('main')).toContain('比較できる前回のフォローアップがありません');
    await context.close();
  }, 120_000);
});
