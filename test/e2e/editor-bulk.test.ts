/**
 * Two pieces of the year in the browser (issue #19). An editor of two ministries sees each
 * ministry's survey sheet by name on /tasks, selects three items and submits them at once:
 * one has no text, so none is submitted and the refusal names it; without it the other two
 * are submitted after the confirmation. The admin enters a KPI figure on a ministry's behalf
 * on the entry screen, and the audit trail records it as such. axe on each screen.
 */
import { beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeInBrowser, type BrowserSuiteOptions } from './helpers/browser.ts';
import { accessibilityCheck, open } from './helpers/pages.ts';

const PASSWORD = 'e2e-bulk-password-2023';
const expectAccessible = accessibilityCheck('editor-bulk');

const TITLES = {
  i01: '観測データ提供システムの試作',
  i09: 'WISDOM Xによるインシデント情報収集手法の開発',
  i13: '分散型機械学習技術の研究開発機関の選定',
};

/** The server's data and accounts for this file. */
const SETUP: BrowserSuiteOptions = {
  password: PASSWORD,
  users: [
    ['e2e-admin', '--role', 'admin', '--name', '事務局管理者'],
    ['e2e-two', '--role', 'editor', '--name', '二府省 次郎', '--org', 'mic', 'mhlw'],
  ],
};

describeInBrowser('bulk submission and the on-behalf figure in the browser', SETUP, (suite) => {
  let cycleId = '';

  beforeAll(async () => {
    // Set-up (not the point here): FY2023 opened, two of 総務省's items written.
    const admin = await suite.api('e2e-admin');
    const created = await admin.call<{ id: string; version: number }>(
      'POST',
      '/api/strategies/ai2022/cycles',
      { fiscalYear: 2023, asOf: '2024-04', deadline: '2024-01-31' },
    );
    await admin.call('POST', `/api/cycles/${created.id}/open`, { version: created.version });
    cycleId = created.id;
    const editor = await suite.api('e2e-two');
    for (const i of ['ai2022-i01', 'ai2022-i09']) {
      const { entry } = await editor.call<{ entry: { version: number } }>(
        'GET',
        `/api/entries/${cycleId}.${i}`,
      );
      await editor.call('PUT', `/api/entries/${cycleId}.${i}`, {
        version: entry.version,
        text: `${i}の今年度の進捗。`,
        stage: null,
      });
    }
  }, 120_000);

  const confirmIn = async (page: Page, name: string) => {
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByRole('button', { name, exact: true }).click();
  };
  const settled = (page: Page) => page.waitForFunction(() => !document.querySelector('.loading'));
  const select = (page: Page, title: string) => page.getByRole('checkbox', { name: `「${title}」を選択` });

  it('submits the selected items all at once, or none and names the one that failed', async () => {
    const page = await suite.signIn('e2e-two');
    const context = page.context();
    // each ministry's survey sheet is named, not its id
    await page.getByRole('link', { name: '総務省 の調査票をダウンロード（.xlsx）' }).waitFor();
    await page.getByRole('link', { name: '厚労省 の調査票をダウンロード（.xlsx）' }).waitFor();
    expect(await page.getByRole('link', { name: /mic の調査票/ }).count()).toBe(0);

    for (const title of Object.values(TITLES)) await select(page, title).check();
    await page.getByRole('button', { name: '選択した3件を提出する' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.textContent()).toContain('事務局（確認担当者）に府省ごとにまとめて1件の通知');
    expect(await dialog.textContent()).toContain(TITLES.i13);
    await expectAccessible(page, 'confirm');
    await confirmIn(page, '提出する');
    await page.waitForSelector('.wf-error:has-text("3件のうち1件を処理できなかった")');
    const failures = page.getByRole('list', { name: '処理できなかった項目' });
    expect(await failures.textContent()).toContain(`「${TITLES.i13}」：本文が未記入です`);
    await settled(page);
    const items = page.locator('[data-testid=my-items]');
    expect(await items.locator('tr[data-state=submitted]').count()).toBe(0);
    await expectAccessible(page, 'refused');

    // the selection survives the refusal: take the empty one out and submit the other two
    await select(page, TITLES.i13).uncheck();
    await page.getByRole('button', { name: '選択した2件を提出する' }).click();
    await confirmIn(page, '提出する');
    await page.waitForSelector('.wf-status:has-text("2件を提出しました")');
    await settled(page);
    const submitted = items.locator('tr[data-state=submitted]');
    expect(await submitted.count()).toBe(2);
    expect(await submitted.allTextContents()).toEqual([
      expect.stringContaining(TITLES.i01),
      expect.stringContaining(TITLES.i09),
    ]);
    expect(await select(page, TITLES.i01).count()).toBe(0);
    await expectAccessible(page, 'submitted');
    await context.close();
  });

  it('lets the admin enter a ministry’s figure on its behalf, audited as such', async () => {
    const page = await suite.signIn('e2e-admin');
    const context = page.context();
    const entryId = `${cycleId}.ai2022-i22`;
    await open(page, suite.url, `/entries/${entryId}`);
    await settled(page);
    const k1 = page.locator('[data-indicator="ai2022-k1"]');
    await k1.getByRole('heading', { name: /府省に代わって入力（代理入力）/ }).waitFor();
    await k1.getByLabel('期間').fill('2023年度末');
    await k1.getByLabel('値（数値のみ）').fill('１，２０５');
    await k1.getByLabel('出典（任意）').fill('事務局調べ');
    await k1.getByRole('button', { name: '代理入力として保存する' }).click();
    const row = k1.locator('tr[data-period="FY2023-end"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('1,205');
    expect(await row.textContent()).toContain('事務局調べ');
    await expectAccessible(page, 'figure-on-behalf');

    const admin = await suite.api('e2e-admin');
    const { indicators } = await admin.call<{
      indicators: { id: string; observations: { id: string; period: string; value: number }[] }[];
    }>('GET', `/api/entries/${entryId}`);
    const figure = indicators
      .find((i) => i.id === 'ai2022-k1')!
      .observations.find((o) => o.period === 'FY2023-end')!;
    expect(figure.value).toBe(1205);
    const trail = await admin.call<{ entries: { action: string; reason: string; actor: string }[] }>(
      'GET',
      `/api/audit?entityType=observation&entityId=${figure.id}`,
    );
    expect(trail.entries).toEqual([
      expect.objectContaining({
        action: 'observation.create',
        reason: expect.stringMatching(/^on behalf of /),
      }),
    ]);
    await context.close();
  });
});
