/**
 * The insight screens in the browser (issue #7): search with highlighted hits and the query in
 * the URL, hostile queries, the KPI projection on the indicator chart, the API-backed cycle
 * diff on the compare page, and the secretariat's possible-overlaps list. axe on each page in
 * Japanese and English.
 *
 * Data: the sample plus, imported before the server starts, a target for KPI ai2022-k1 (400
 * by the end of FY2025) and an FY2020 figure (three points, so the log-linear fit shows), a
 * target for ai2022-k2 (which has one figure only, too few to project), and
 * a second published cycle (FY2023) in which one progress text grew a sentence, one rating
 * improved and KPI ai2022-k3 gained an FY2023 figure.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { LINEAR_COLOR, LOG_LINEAR_COLOR } from '../../web/src/pages/indicator/projection-style.ts';
import { describeInBrowser, type BrowserSuiteOptions } from './helpers/browser.ts';
import { accessibilityCheck, open } from './helpers/pages.ts';
import { runCli } from './helpers/server.ts';

const SAMPLE = path.resolve(import.meta.dirname, '../../data/sample/ai-strategy-2022.json');
const PASSWORD = 'e2e-insight-password-2023';
const S = '/strategies/ai2022/cycles/ai2022-fy2023';
const ADDED = 'さらに、道路点検データベースの利用件数が前年度の2倍に増えた。';

interface SampleData {
  indicators: {
    id: string;
    targetValue: number | null;
    targetPeriod: string | null;
    observations: { cycleId: string | null; period: string; value: number }[];
  }[];
  cycles: {
    id: string;
    fiscalYear: number;
    asOf: string;
    progress: { initiativeId: string; text: string }[];
    assessments: { nodeId: string; rating: string | null; needsAcceleration: boolean }[];
  }[];
}

function insightSample(): string {
  const data = JSON.parse(fs.readFileSync(SAMPLE, 'utf8')) as SampleData;
  const k1 = data.indicators.find((k) => k.id === 'ai2022-k1')!;
  k1.targetValue = 400;
  k1.targetPeriod = 'FY2025-end';
  k1.observations.unshift({ cycleId: 'ai2022-fy2022', period: 'FY2020-end', value: 30 });
  const k2 = data.indicators.find((k) => k.id === 'ai2022-k2')!;
  k2.targetValue = 200;
  k2.targetPeriod = 'FY2025-end';
  const next = structuredClone(data.cycles[0]!);
  next.id = 'ai2022-fy2023';
  next.fiscalYear = 2023;
  next.asOf = '2024-04';
  const i02 = next.progress.find((p) => p.initiativeId === 'ai2022-i02')!;
  i02.text = `${i02.text}${ADDED}`;
  const twin = next.assessments.find((a) => a.nodeId === 'ai2022-p1-g1-t1')!;
  twin.rating = 'progressing';
  twin.needsAcceleration = false;
  data.cycles.push(next);
  data.indicators
    .find((k) => k.id === 'ai2022-k3')!
    .observations.push({ cycleId: 'ai2022-fy2023', period: 'FY2023-end', value: 250 });
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'shinchoku-insight-')), 'insight.json');
  fs.writeFileSync(file, JSON.stringify(data));
  return file;
}

/** axe finds nothing and the headings go down one level at a time. */
const expectAccessible = accessibilityCheck('insight');

/** The search page's answer has arrived (a count, a "no results" line or an error). */
async function results(page: Page): Promise<string> {
  await page.waitForSelector('.search-results__count, .search-results [role=alert]');
  return (await page.textContent('.search-results')) ?? '';
}

/** The sample with the insight data imported first, and two accounts. */
const SETUP: BrowserSuiteOptions = {
  prepare: async (url) => void (await runCli(['import', insightSample()], url)),
  password: PASSWORD,
  users: [
    ['e2e-reviewer', '--role', 'reviewer', '--name', '事務局 審査'],
    ['e2e-editor', '--role', 'editor', '--org', 'mic'],
  ],
};

describeInBrowser('insight in the browser: search, projection, diff, overlaps', SETUP, (suite) => {
  it('finds a two-character word from the header, highlights it, keeps the query in the URL', async () => {
    const context = await suite.context();
    const page = await context.newPage();
    await open(page, suite.url, '/');
    await page.fill('header [role=search] input[name=q]', '農業');
    await page.press('header [role=search] input[name=q]', 'Enter');
    await page.waitForURL((u) => u.pathname === '/search' && u.searchParams.get('q') === '農業');
    const text = await results(page);
    expect(text).toMatch(/「農業」の検索結果：\d+件/);
    // The MAFF initiative, linked to its page, with 農業 marked in its title.
    const link = page.locator('.search-hit a[href="/initiatives/ai2022-i05"]').first();
    expect(await link.textContent()).toContain('スマート農業の実証とAIを活用した育種システムの開発');
    expect(await link.locator('mark').allTextContents()).toEqual(['農業']);
    const marks = await page.locator('.search-hits mark').allTextContents();
    expect(marks.length).toBeGreaterThan(3);
    expect(new Set(marks)).toEqual(new Set(['農業']));
    await expectAccessible(page, 'ja-search');

    // Another two-character query, then Back returns to the first one.
    await page.fill('main input[name=q]', '医療');
    await page.click('main button[type=submit]');
    await page.waitForURL((u) => u.searchParams.get('q') === '医療');
    expect(await results(page)).toMatch(/「医療」の検索結果：\d+件/);
    expect(await page.locator('.search-hits mark').first().textContent()).toBe('医療');
    await page.goBack();
    await page.waitForURL((u) => u.searchParams.get('q') === '農業');
    expect(await results(page)).toContain('「農業」の検索結果');
    expect(await page.inputValue('main input[name=q]')).toBe('農業');

    // A filter from the form goes into the URL and narrows the hits.
    await page.selectOption('main select[name=kind]', 'initiative');
    await page.click('main button[type=submit]');
    await page.waitForURL((u) => u.searchParams.get('kind') === 'initiative');
    await results(page);
    const kinds = await page.locator('.search-hit__meta .tag').allTextContents();
    expect(kinds.length).toBeGreaterThan(0);
    expect(new Set(kinds)).toEqual(new Set(['取組']));
    await context.close();
  }, 180_000);

  it('answers long, SQL, FTS, emoji and control-character queries with "no results", never an error', async () => {
    const context = await suite.context();
    const page = await context.newPage();
    await open(page, suite.url, '/search');
    expect(await page.textContent('.search-results')).toContain('キーワードを入力して検索してください');
    await expectAccessible(page, 'ja-search-empty');
    const hostile = [
      '農業'.repeat(5000),
      "' OR 1=1; DROP TABLE initiatives; --",
      '"農業" NEAR/2 OR * AND title:(^x)',
      '🌾🚜🤖',
      '\u0007\u001b🌾\u0000',
    ];
    for (const q of hostile) {
      await page.fill('main input[name=q]', q);
      await page.click('main button[type=submit]');
      const text = await results(page);
      expect(text, q.slice(0, 20)).toContain('に一致するものは見つかりませんでした');
      expect(await page.locator('.search-results [role=alert]').count()).toBe(0);
    }
    // The 10,000-character query went out cut to what the server reads.
    await page.fill('main input[name=q]', '農業'.repeat(5000));
    await page.click('main button[type=submit]');
    await page.waitForURL((u) => (u.searchParams.get('q') ?? '').length === 1000);
    // And the server still answers a normal query afterwards.
    await page.fill('main input[name=q]', '農業');
    await page.click('main button[type=submit]');
    expect(await results(page)).toMatch(/「農業」の検索結果：\d+件/);
    await context.close();
  }, 180_000);

  it('searches in English under /en', async () => {
    const context = await suite.context();
    const page = await context.newPage();
    await open(page, suite.url, `/en/search?q=${encodeURIComponent('農業')}`);
    const text = await results(page);
    expect(text).toMatch(/\d+ results for “農業”/);
    expect(await page.locator('.search-hits mark').count()).toBeGreaterThan(0);
    await expectAccessible(page, 'en-search');
    await open(page, suite.url, `/en/search?q=${encodeURIComponent('🌾')}`);
    expect(await results(page)).toContain('No results for “🌾”');
    await context.close();
  }, 120_000);

  it('draws the projection to the deadline and says when the target is reached', async () => {
    const context = await suite.context();
    const page = await context.newPage();
    await open(page, suite.url, '/indicators/ai2022-k1');
    await page.waitForSelector('.projection__sentence');
    // 30, 78, 217 at FY2020–22 ends: a line of +93.5 a year reaches 400 during FY2025.
    expect(await page.textContent('.projection__sentence')).toContain(
      '現在のペースでは2025年度に目標に到達する見込み',
    );
    expect(await page.textContent('.projection__sentence')).toContain('期限までに達成の見込み');
    const linear = page.locator(`.chart svg path[stroke="${LINEAR_COLOR}"]`);
    await linear.first().waitFor();
    expect(await linear.first().getAttribute('stroke-dasharray')).toBeTruthy();
    expect(await page.locator(`.chart svg path[stroke="${LOG_LINEAR_COLOR}"]`).count()).toBeGreaterThan(0);
    expect(await page.getAttribute('.chart', 'aria-label')).toContain('2025年度に目標に到達する見込み');
    const rows = await page.locator('.projection__table tbody th').allTextContents();
    expect(rows.at(-1)).toContain('2025');
    await expectAccessible(page, 'ja-projection');

    await open(page, suite.url, '/en/indicators/ai2022-k1');
    await page.waitForSelector('.projection__sentence');
    expect(await page.textContent('.projection__sentence')).toContain(
      'Target reached in FY2025 at the current pace',
    );
    await page.locator(`.chart svg path[stroke="${LINEAR_COLOR}"]`).first().waitFor();
    await expectAccessible(page, 'en-projection');

    // One observation only: no projected series, and the page says why.
    await open(page, suite.url, '/indicators/ai2022-k2');
    await page.waitForSelector('.projection__sentence');
    expect(await page.textContent('.projection__sentence')).toContain('観測値が2点に満たない');
    await page.waitForSelector('.chart svg path', { state: 'attached' });
    expect(await page.locator(`.chart svg path[stroke="${LINEAR_COLOR}"]`).count()).toBe(0);
    await context.close();
  }, 180_000);

  it('shows the text, 概況 and KPI changes between two cycles from the diff API', async () => {
    const context = await suite.context();
    const page = await context.newPage();
    await open(page, suite.url, `${S}/compare`);
    await page.waitForSelector('#diff-kpis');
    const texts = (await page.textContent('#diff-texts ~ .diff-list')) ?? '';
    expect(await page.textContent('#diff-texts')).toBe('本文・段階の変更（1件）');
    expect(texts).toContain('国土交通データの連携と道路点検データベースの公開');
    expect(await page.locator('#diff-texts ~ .diff-list ins').allTextContents()).toEqual([
      `［追加：${ADDED}］`,
    ]);
    const assessments = (await page.textContent('#diff-assessments ~ .diff-list')) ?? '';
    expect(assessments).toContain('1.1.1');
    expect(assessments).toContain('拡充・加速の余地大');
    expect(assessments).toContain('拡充・加速の指摘なしに');
    const kpis = (await page.textContent('#diff-kpis ~ table')) ?? '';
    expect(kpis).toContain('認定制度に賛同・協力する企業の数');
    expect(kpis).toContain('+85');
    await expectAccessible(page, 'ja-diff');
    await open(page, suite.url, `/en${S}/compare`);
    await page.waitForSelector('#diff-kpis');
    expect(await page.textContent('#diff-texts')).toBe('Changes in text and stage (1)');
    await expectAccessible(page, 'en-diff');
    await context.close();
  }, 180_000);

  it('lists possible overlaps for a reviewer and refuses anonymous readers and editors', async () => {
    const overlapsApi = `${suite.url}/api/strategies/ai2022/cycles/ai2022-fy2023/overlaps?threshold=0.1`;
    // The list is the secretariat's working material: not for anonymous callers.
    expect((await fetch(overlapsApi)).status).toBe(401);

    const anonymous = await suite.context();
    const anon = await anonymous.newPage();
    await open(anon, suite.url, S);
    expect(await anon.locator('.section-nav a[href$="/overlaps"]').count()).toBe(0);
    await open(anon, suite.url, `${S}/overlaps?threshold=0.1`);
    expect(await anon.textContent('main h1')).toBe('ログインが必要です');
    expect(await anon.locator('table.overlaps').count()).toBe(0);
    await anonymous.close();

    const clerk = await suite.signIn('e2e-editor');
    await open(clerk, suite.url, S);
    expect(await clerk.locator('.section-nav a[href$="/overlaps"]').count()).toBe(0);
    await open(clerk, suite.url, `${S}/overlaps?threshold=0.1`);
    expect(await clerk.textContent('main h1')).toBe('権限がありません');
    expect(await clerk.locator('table.overlaps').count()).toBe(0);
    await clerk.context().close();

    const page = await suite.signIn('e2e-reviewer');
    const context = page.context();
    const expected = (await (await context.request.get(overlapsApi)).json()) as {
      pairs: { a: { title: string }; b: { title: string } }[];
    };
    expect(expected.pairs.length).toBeGreaterThan(0);
    // The reviewer finds the page in the strategy's navigation; the default threshold (0.3)
    // finds no pair in the sample, and the page says so.
    await open(page, suite.url, S);
    await page.click('.section-nav a[href$="/overlaps"]');
    await page.waitForURL(`**${S}/overlaps`);
    await page.waitForSelector('main p[role=status].notice');
    expect(await page.textContent('main h1')).toBe('重複の可能性がある取組');
    expect(await page.textContent('main')).toContain('類似度0.3以上の組はありません');
    expect(await page.locator('table.overlaps').count()).toBe(0);

    // Lowering the threshold lists the API's pairs, most similar first.
    await page.fill('.overlap-threshold input[name=threshold]', '0.1');
    await page.click('.overlap-threshold button[type=submit]');
    await page.waitForURL((u) => u.searchParams.get('threshold') === '0.1');
    await page.waitForSelector('table.overlaps');
    const rows = page.locator('table.overlaps tbody tr');
    expect(await rows.count()).toBe(expected.pairs.length);
    const first = (await rows.first().textContent()) ?? '';
    expect(first).toContain(expected.pairs[0]!.a.title);
    expect(first).toContain(expected.pairs[0]!.b.title);
    await expectAccessible(page, 'ja-overlaps');

    await open(page, suite.url, `/en${S}/overlaps?threshold=0.1`);
    await page.waitForSelector('table.overlaps');
    expect(await page.textContent('main h1')).toBe('Possible overlaps');
    await expectAccessible(page, 'en-overlaps');
    await context.close();
  }, 180_000);
});
