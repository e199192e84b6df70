/**
 * Strategies linked through the screens (issue #24): on an umbrella strategy's structure
 * screen the administrator lists an initiative of the AI strategy under one target and makes
 * another target stand for the AI strategy. The initiative's ministry clerk reports once, on
 * an entry page that names both strategies and their items; both strategies' cycles of the
 * year show that entry. Once the umbrella strategy publishes its year, the target standing
 * for the AI strategy rolls it up on its public page. axe on the screens, in Japanese and
 * English.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { smallStrategy } from '../helpers/small-strategy.ts';
import { describeInBrowser, type BrowserSuiteOptions } from './helpers/browser.ts';
import { accessibilityCheck, open } from './helpers/pages.ts';
import { runCli } from './helpers/server.ts';

const PASSWORD = 'e2e-shared-initiatives-2025';
const SAMPLE = path.resolve(import.meta.dirname, '../../data/sample/ai-strategy-2022.json');
const UMBRELLA = '統合イノベーション戦略（試験）';
const SHARED = 'ai2022-i01'; // 総務省's 観測データ提供システムの試作
const ENTRY = `ai2022-fy2023.${SHARED}`;
const TEXT = '観測データ提供システムを二つの戦略のために一度だけ報告する。';
const expectAccessible = accessibilityCheck('shared');

function umbrellaFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shinchoku-umbrella-'));
  const file = path.join(dir, 'umbrella.json');
  fs.writeFileSync(file, JSON.stringify(smallStrategy('umbrella', { title: UMBRELLA })));
  return file;
}

const SETUP: BrowserSuiteOptions = {
  password: PASSWORD,
  users: [
    ['e2e-admin', '--role', 'admin', '--name', '事務局管理者'],
    ['e2e-reviewer', '--role', 'reviewer', '--name', '事務局 確認'],
    ['e2e-mic', '--role', 'editor', '--name', '総務省 担当', '--org', 'mic'],
  ],
  viewport: { width: 1280, height: 1000 },
  prepare: async (url) => {
    await runCli(['import', SAMPLE], url);
    await runCli(['import', umbrellaFile()], url);
  },
};

interface Cycle {
  id: string;
  version: number;
}

describeInBrowser('initiatives shared across strategies in the browser', SETUP, (suite) => {
  beforeAll(async () => {
    // set-up: both strategies collect FY2023, the AI strategy first (its cycle holds the entry)
    const admin = await suite.api('e2e-admin');
    for (const strategyId of ['ai2022', 'umbrella']) {
      const c = await admin.call<Cycle>('POST', `/api/strategies/${strategyId}/cycles`, {
        fiscalYear: 2023,
        asOf: '2024-04',
      });
      await admin.call('POST', `/api/cycles/${c.id}/open`, { version: c.version });
    }
  }, 120_000);

  it('links an initiative and an umbrella target on the structure screen', async () => {
    const page = await suite.signIn('e2e-admin');
    await open(page, suite.url, '/admin/strategies/umbrella');
    const links = page.locator('section[aria-labelledby="links-heading"]');
    await links.locator('#links-node').selectOption('umbrella-t2');
    await links.getByText('ありません。').waitFor();
    await links.locator('#links-initiative').selectOption(SHARED);
    await links.getByRole('button', { name: 'この項目に載せる' }).click();
    const items = links.getByTestId('shared-items');
    await items.getByText('観測データ提供システムの試作', { exact: true }).waitFor();
    expect(await items.textContent()).toContain('AI戦略2022');
    await expectAccessible(page, 'links-ja');

    await links.locator('#links-node').selectOption('umbrella-t1');
    await links.locator('#links-stands-for').selectOption('ai2022');
    await links.getByRole('button', { name: '保存する' }).click();
    await page.getByText('「1.1 計算資源の確保」を保存しました。').waitFor();
    const admin = await suite.api('e2e-admin');
    const t1 = await admin.call<{ standsFor: string | null }>(
      'GET',
      '/api/strategies/umbrella/nodes/umbrella-t1/shared-initiatives',
    );
    expect(t1.standsFor).toBe('ai2022');

    await open(page, suite.url, '/en/admin/strategies/umbrella');
    await page.locator('#links-heading').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    // the English screen names the linked initiative and its strategy in English
    const en = page.locator('section[aria-labelledby="links-heading"]');
    await en.locator('#links-node').selectOption('umbrella-t2');
    const enItems = en.getByTestId('shared-items');
    await enItems
      .getByText('Prototype system delivering observation data with AI', { exact: true })
      .waitFor();
    expect(await enItems.textContent()).toContain('AI Strategy 2022');
    expect(await enItems.textContent()).not.toContain('AI戦略2022');
    await expectAccessible(page, 'links-en');
    await page.context().close();
  }, 300_000);

  it('takes the ministry’s one report into both strategies’ cycles', async () => {
    const clerk = await suite.signIn('e2e-mic');
    const task = clerk.locator('li.wf-task', { hasText: '観測データ提供システムの試作' });
    expect(await task.getByTestId('used-in').textContent()).toContain(UMBRELLA);
    await task.getByRole('link', { name: '観測データ提供システムの試作' }).click();
    await clerk.waitForURL(`**/entries/${ENTRY}`);
    await clerk.waitForSelector('#entry-text');
    const usedIn = clerk.getByTestId('entry-used-in');
    const uses = await usedIn.locator('li').allTextContents();
    expect(uses).toHaveLength(2);
    expect(uses.find((u) => u.includes('AI戦略2022'))).toContain('1.1.1');
    expect(uses.find((u) => u.includes(UMBRELLA))).toContain('1.2 人材の育成');
    expect(await usedIn.textContent()).toContain('どの戦略でも同じ');
    await expectAccessible(clerk, 'entry-ja');
    await clerk.fill('#entry-text', TEXT);
    await clerk.waitForSelector('.wf-status:has-text("下書きを保存しました")');
    await clerk.getByRole('button', { name: '事務局に提出する' }).click();
    await clerk.waitForSelector('.wf-status:has-text("提出しました")');

    await open(clerk, suite.url, `/en/entries/${ENTRY}`);
    await clerk.getByTestId('entry-used-in').waitFor();
    expect(await clerk.textContent('#used-in-heading')).toBe('Strategies using this entry');
    await expectAccessible(clerk, 'entry-en');
    await clerk.context().close();

    // Both strategies' cycles of the year show the one entry, each under its own item.
    const admin = await suite.api('e2e-admin');
    for (const [cycleId, nodeId] of [
      ['ai2022-fy2023', 'ai2022-p1-g1-t1'],
      ['umbrella-fy2023', 'umbrella-t2'],
    ] as const) {
      const { entries } = await admin.call<{ entries: { entry: { id: string; text: string } }[] }>(
        'GET',
        `/api/cycles/${cycleId}/entries`,
      );
      expect(entries.find((e) => e.entry.id === ENTRY)?.entry.text, cycleId).toBe(TEXT);
      const staff = await suite.signIn('e2e-admin');
      await open(staff, suite.url, `/strategies/${cycleId.split('-')[0]}/cycles/${cycleId}/nodes/${nodeId}`);
      await staff.getByText(TEXT).first().waitFor();
      await staff.context().close();
    }
  }, 300_000);

  it('rolls the AI strategy up on the umbrella target’s public page once published', async () => {
    const admin = await suite.api('e2e-admin');
    const reviewer = await suite.api('e2e-reviewer');
    const cycleId = 'umbrella-fy2023';
    const shared = await admin.call<{ entry: { version: number } }>('GET', `/api/entries/${ENTRY}`);
    await reviewer.call('POST', `/api/entries/${ENTRY}/accept`, { version: shared.entry.version });
    for (const initiativeId of ['umbrella-i1', 'umbrella-i2']) {
      const id = `${cycleId}.${initiativeId}`;
      const { entry } = await admin.call<{ entry: { version: number } }>('GET', `/api/entries/${id}`);
      await reviewer.call('POST', `/api/entries/${id}/exception`, {
        version: entry.version,
        kind: 'no_report',
        reason: '今年度は報告なし。',
      });
    }
    const list = await admin.call<{ assessments: { missing: string[] } }>(
      'GET',
      `/api/cycles/${cycleId}/checklist`,
    );
    for (const nodeId of list.assessments.missing)
      await reviewer.call('PUT', `/api/cycles/${cycleId}/assessments/${nodeId}`, {
        version: null,
        rating: 'steady',
        narrative: '着実に進展している。',
      });
    await reviewer.call('PUT', `/api/cycles/${cycleId}/summary`, {
      version: null,
      overall: ['全体として着実に進展している。'],
      pillars: [],
    });
    const { cycles } = await admin.call<{ cycles: Cycle[] }>('GET', '/api/strategies/umbrella/cycles');
    const version = cycles.find((c) => c.id === cycleId)?.version;
    await admin.call('POST', `/api/cycles/${cycleId}/publish`, { version });

    const visitor = await suite.context();
    const page = await visitor.newPage();
    await open(page, suite.url, `/strategies/umbrella/cycles/${cycleId}/nodes/umbrella-t1`);
    const rollup = page.getByTestId('umbrella-rollup');
    await rollup.waitFor();
    expect(await rollup.locator('h2').textContent()).toBe('AI戦略2022 のまとめ');
    expect(await rollup.textContent()).toContain('2022年度のフォローアップ（公表済み）');
    expect(await rollup.locator('ul').first().locator('li').count()).toBeGreaterThan(0);
    await expectAccessible(page, 'rollup-ja');
    await open(page, suite.url, `/en/strategies/umbrella/cycles/${cycleId}/nodes/umbrella-t1`);
    await rollup.waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await expectAccessible(page, 'rollup-en');

    // The borrowing target's public page shows the ministry's one report.
    await open(page, suite.url, `/strategies/umbrella/cycles/${cycleId}/nodes/umbrella-t2`);
    await page.getByText(TEXT).first().waitFor();
    await visitor.close();
  }, 300_000);
});
