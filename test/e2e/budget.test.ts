/**
 * The budget screen in the browser (issue #24): an administrator chooses a review CSV with
 * bad figures and sees each problem at its row and column with nothing to confirm; links an
 * initiative to its project number; chooses the review's Shift_JIS file, sees how its columns
 * were read and what each row would do, confirms, and finds the budget beside the initiative
 * on its page. The public portfolio page, filtered by ministry and rating, and a ministry's
 * page across strategies, hydrated with no error. axe on every screen, in Japanese and English.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { describeInBrowser, type BrowserSuiteOptions } from './helpers/browser.ts';
import { accessibilityCheck, open } from './helpers/pages.ts';

const PASSWORD = 'e2e-budget-password-2025';
const expectAccessible = accessibilityCheck('budget');
const REVIEW = fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/budget/review-2023.sjis.csv'));
const BAD = [
  '事業番号,府省庁,事業名,年度,当初予算（千円）,補正予算（千円）,執行額（千円）',
  '2022-総務-0101,総務省,観測データ提供基盤の整備事業,2022,455000円,0,541230',
  '2022-国交-0215,国土交通省,インフラ点検データ連携推進事業,2022,,0,287410',
].join('\r\n');

/** The server's data and accounts for this file. */
const SETUP: BrowserSuiteOptions = {
  password: PASSWORD,
  users: [['e2e-admin', '--role', 'admin', '--name', '事務局管理者']],
  viewport: { width: 1280, height: 1000 },
};

describeInBrowser('the budget screen in the browser', SETUP, (suite) => {
  it('previews a refused file, links an initiative, imports the review CSV on confirmation', async () => {
    const page = await suite.signIn('e2e-admin');
    await open(page, suite.url, '/budget');
    await page.locator('#budget-initiative').waitFor();
    expect(await page.textContent('main h1')).toBe('予算と執行（行政事業レビュー）');
    await expectAccessible(page, 'empty');

    // Bad figures: each problem at its row and column, nothing to confirm.
    await page.setInputFiles('#budget-file', {
      name: 'bad.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(BAD),
    });
    const preview = page.getByTestId('budget-preview');
    await preview.getByText('問題が 2 件あります').waitFor();
    const problems = await preview.getByTestId('budget-problems').locator('li').allTextContents();
    expect(problems).toEqual([
      'エラー bad.csv 2行目 当初予算（千円）列: 「455000円」の単位が列の単位（千円）と違います',
      'エラー bad.csv 3行目 当初予算（千円）列: 空欄です（必ず記入してください）',
    ]);
    expect(await preview.getByRole('button', { name: /行を取り込む/ }).count()).toBe(0);
    await expectAccessible(page, 'refused');

    // 総務省's initiative, linked to its project.
    await page.locator('#budget-initiative').selectOption({ label: '観測データ提供システムの試作' });
    await page.locator('#budget-numbers').fill('2022-総務-0101');
    await page.getByRole('button', { name: '結び付けを保存' }).click();
    await page.getByText('保存しました（事業番号 1件）').waitFor();

    // The review's Shift_JIS file: columns, rows, then the confirmation.
    await page.setInputFiles('#budget-file', {
      name: 'review-2023.csv',
      mimeType: 'text/csv',
      buffer: REVIEW,
    });
    await preview.getByText('15行を読みました').waitFor();
    const columns = preview.getByTestId('budget-columns');
    expect(await columns.locator('tr', { hasText: '当初予算（千円）' }).textContent()).toContain('千円');
    expect(await columns.locator('tr', { hasText: '担当部局庁' }).textContent()).toContain('使わない列');
    const first = preview.locator('[data-testid="budget-rows"] tr[data-row="3"]');
    expect(await first.textContent()).toContain('455百万円');
    expect(await first.textContent()).toContain('追加');
    await expectAccessible(page, 'preview');
    await preview.getByRole('button', { name: '15行を取り込む' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '15行を取り込む' }).click();
    await page.getByText('取り込みました：追加 15行、更新 0行、変更なし 0行').waitFor();
    const linked = page.getByTestId('budget-linked');
    await linked.locator('tr', { hasText: '2022' }).first().waitFor();
    expect(await linked.locator('tbody tr').count()).toBe(3);
    await expectAccessible(page, 'imported');

    // The initiative's page shows its budget to staff (linked after publication: not yet public).
    await open(page, suite.url, '/initiatives/ai2022-i01');
    const section = page.getByTestId('initiative-budget');
    await section.waitFor();
    expect(await section.textContent()).toContain('541.2百万円');
    await expectAccessible(page, 'initiative');

    await open(page, suite.url, '/en/budget');
    await page.locator('#budget-initiative').waitFor();
    expect(await page.textContent('main h1')).toBe('Budget and execution (administrative project review)');
    await expectAccessible(page, 'en');
  }, 300_000);

  it('shows the portfolio to the public, filtered by ministry, in Japanese and English', async () => {
    const visitor = await suite.context();
    const page = await visitor.newPage();
    // The pages are server-rendered: a failed hydration (React #418, #423) is an error here.
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await open(page, suite.url, '/portfolio');
    const cards = page.getByTestId('portfolio-strategies');
    await cards.waitFor();
    expect(await page.textContent('main h1')).toBe('戦略ポートフォリオ');
    expect(await cards.textContent()).toContain('AIによる利活用の基礎となるデジタル・ツインの構築');
    await expectAccessible(page, 'portfolio');
    await page.locator('#portfolio-ministry').selectOption({ label: '厚生労働省' });
    await page.waitForURL('**/portfolio?ministry=mhlw');
    const ministries = page.getByTestId('portfolio-ministries');
    // The filtered table replaces the whole one: one row, the chosen ministry's.
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="portfolio-ministries"] tbody tr').length === 1,
    );
    expect(await ministries.locator('tbody tr').textContent()).toContain('厚生労働省');
    expect(await cards.textContent()).not.toContain('デジタル・ツインの構築');
    await expectAccessible(page, 'portfolio-mhlw');

    // A rating chosen too: both filters stay in the address.
    await page.locator('#portfolio-rating').selectOption({ index: 1 });
    await page.waitForURL(/\/portfolio\?ministry=mhlw&rating=\w+/);
    await cards.waitFor();
    await expectAccessible(page, 'portfolio-mhlw-rating');

    // The ministry's page across strategies, from its row.
    await open(page, suite.url, '/portfolio?ministry=mhlw');
    await ministries.getByRole('link', { name: '厚生労働省' }).click();
    await page.waitForURL('**/portfolio/ministries/mhlw');
    await page.getByTestId('ministry-strategy').first().waitFor();
    expect(await page.textContent('main h1')).toContain('厚生労働省');
    await expectAccessible(page, 'portfolio-ministry');
    await open(page, suite.url, '/en/portfolio/ministries/mhlw');
    await page.getByTestId('ministry-strategy').first().waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await expectAccessible(page, 'portfolio-ministry-en');

    await open(page, suite.url, '/en/portfolio');
    await cards.waitFor();
    expect(await page.textContent('main h1')).toBe('Strategy portfolio');
    await expectAccessible(page, 'portfolio-en');
    expect(errors).toEqual([]);
    await visitor.close();
  }, 300_000);
});
