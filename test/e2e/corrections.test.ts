/**
 * Corrections in the browser (issue #18, part 4): the secretariat corrects an indicator's
 * baseline and target on the publish screen in Japanese, is told in Japanese what is wrong
 * with a figure that is not a number (nothing is recorded), corrects a target's title on
 * the English screen; the public then finds the corrected indicator marked 「訂正あり」,
 * the notice naming and linking each corrected item, and every revision downloadable.
 */
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeInBrowser, type BrowserSuiteOptions } from './helpers/browser.ts';
import { accessibilityCheck, open } from './helpers/pages.ts';

const PASSWORD = 'e2e-corrections-password-2023';
const CYCLE = 'ai2022-fy2022';
const K1 = '数理・データサイエンス・AI教育プログラムの認定件数（リテラシーレベル）';
const expectAccessible = accessibilityCheck('corrections');

/** The server's data and accounts for this file. */
const SETUP: BrowserSuiteOptions = {
  password: PASSWORD,
  users: [['e2e-reviewer', '--role', 'reviewer', '--name', '事務局 審査']],
};

describeInBrowser('corrections in the browser', SETUP, (suite) => {
  const corrections = async () =>
    (
      (await (await fetch(`${suite.url}/api/strategies/ai2022/cycles/${CYCLE}/corrections`)).json()) as {
        corrections: { revision: number }[];
      }
    ).corrections;

  const submit = async (page: Page, label: string) => {
    await page.getByRole('button', { name: label }).click();
  };

  it('corrects an indicator and a title, and the public sees both, marked and listed', async () => {
    const page = await suite.signIn('e2e-reviewer');
    const context = page.context();

    // An indicator's baseline and target, in Japanese, from the published values.
    await open(page, suite.url, `/publish/${CYCLE}`);
    await page.waitForSelector('#correction-kind');
    await page.selectOption('#correction-kind', 'indicator');
    await page.selectOption('#correction-indicator', 'ai2022-k1');
    await page.waitForSelector('#correction-baseline');
    expect(await page.inputValue('#correction-baseline')).toBe('78');
    await page.fill('#correction-baseline', '80');
    await page.fill('#correction-target', '300');
    await page.fill('#correction-target-period', 'FY2025');
    await page.fill('#correction-reason', '基準値の集計誤りを訂正');
    await submit(page, '訂正を登録する');
    await page.waitForSelector('.wf-status:has-text("訂正（第1版）を登録しました")');
    await expectAccessible(page, 'publish-indicator');

    // A figure that is not a number: a message in Japanese on the field, nothing recorded.
    await page.selectOption('#correction-kind', 'observation');
    await page.selectOption('#correction-indicator', 'ai2022-k1');
    await page.waitForSelector('#correction-figure option[value="ai2022-k1.FY2022-end"]', {
      state: 'attached',
    });
    await page.selectOption('#correction-figure', 'ai2022-k1.FY2022-end');
    expect(await page.inputValue('#correction-value')).toBe('217');
    await page.fill('#correction-value', '二百十八');
    await page.fill('#correction-reason', '実績値の訂正');
    await submit(page, '訂正を登録する');
    expect(await page.textContent('#correction-value-error')).toBe('数値を半角数字で入力してください。');
    expect(await page.getAttribute('#correction-value', 'aria-invalid')).toBe('true');
    expect((await corrections()).map((c) => c.revision)).toEqual([1]);

    // A target's title, on the English screen.
    await open(page, suite.url, `/en/publish/${CYCLE}`);
    await page.waitForSelector('#correction-kind');
    await page.selectOption('#correction-kind', 'node');
    await page.selectOption('#correction-node', 'ai2022-p1-g1-t3');
    await page.fill('#correction-title', '訂正後の具体目標名');
    await page.fill('#correction-reason', '名称の誤記を訂正');
    await submit(page, 'Record the correction');
    await page.waitForSelector('.wf-status:has-text("Correction recorded (revision 2).")');
    expect((await corrections()).map((c) => c.revision)).toEqual([1, 2]);
    await context.close();

    // The public: the indicator page carries the mark and the corrected figures.
    const reader = await suite.context();
    const pub = await reader.newPage();
    await open(pub, suite.url, '/indicators/ai2022-k1');
    await pub.waitForSelector('h1 .corrected-mark');
    expect(await pub.textContent('h1 .corrected-mark')).toBe('訂正あり');
    expect(await pub.textContent('.definition')).toContain('80');
    await expectAccessible(pub, 'indicator-marked');

    // The dashboard's notice names each corrected item and links to it.
    await open(pub, suite.url, `/strategies/ai2022/cycles/${CYCLE}`);
    await pub.waitForSelector('.wf-corrections');
    const notice = (await pub.textContent('.wf-corrections')) ?? '';
    expect(notice).toContain('基準値の集計誤りを訂正');
    expect(notice).toContain('名称の誤記を訂正');
    expect(notice).toContain('現在の内容は第2版です');
    const toNode = pub.locator('.wf-corrections a[href$="/nodes/ai2022-p1-g1-t3"]');
    expect(await toNode.count()).toBe(1);
    await expectAccessible(pub, 'dashboard-notice');
    await pub.locator('.wf-corrections a', { hasText: K1 }).click();
    await pub.waitForURL('**/indicators/ai2022-k1');
    await pub.waitForSelector('h1 .corrected-mark');

    // The node page shows the corrected title, marked.
    await open(pub, suite.url, `/strategies/ai2022/cycles/${CYCLE}/nodes/ai2022-p1-g1-t3`);
    expect(await pub.textContent('h1')).toContain('訂正後の具体目標名');
    expect(await pub.textContent('h1 .corrected-mark')).toBe('訂正あり');

    // Downloads: every revision, each with its own links.
    await open(pub, suite.url, `/strategies/ai2022/cycles/${CYCLE}/downloads`);
    await pub.waitForSelector('#editions-heading');
    const rows = pub.locator('section:has(#editions-heading) tbody tr');
    expect(await rows.count()).toBe(3);
    expect(await rows.first().textContent()).toContain('第2版（現在の版）');
    const oldest = await rows.last().locator('a', { hasText: 'JSON' }).getAttribute('href');
    expect(oldest).toBe(`/api/strategies/ai2022/cycles/${CYCLE}/report.json?lang=ja&revision=0`);
    const json = (await (await fetch(`${suite.url}${oldest}`)).json()) as {
      revision: number;
      corrections: unknown[];
    };
    expect(json).toMatchObject({ revision: 0, corrections: [] });
    await expectAccessible(pub, 'downloads-revisions');
    await reader.close();
  }, 300_000);
});
