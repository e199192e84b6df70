/**
 * Cycle control in the browser: the secretariat creates FY2023 and opens it after the
 * confirmation says what opening does, changes the cycle's deadline (typed the Japanese
 * way), extends 総務省's, closes intake and reopens it (each confirmed), and sends a 督促 to
 * every ministry with unsubmitted items; the 総務省 editor then finds the reminder naming
 * the item and the deadline, and /tasks flags the overdue items; the reviewer's /tasks
 * names the ministries that are late. axe on every screen, in Japanese, in English and at
 * a phone's width.
 */
import { expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { describeInBrowser, type BrowserSuiteOptions } from './helpers/browser.ts';
import { accessibilityCheck, open } from './helpers/pages.ts';

const PASSWORD = 'e2e-cycle-control-2025';
const CYCLE = 'ai2022-fy2023';
const expectAccessible = accessibilityCheck('cycle-control');

/** Checks a page in Japanese, then in English and at 390 px, and goes back. */
async function everyWay(page: Page, base: string, path: string, name: string): Promise<void> {
  await expectAccessible(page, `${name}-ja`);
  await open(page, base, `/en${path}`);
  await expectAccessible(page, `${name}-en`);
  await page.setViewportSize({ width: 390, height: 844 });
  await open(page, base, path);
  await expectAccessible(page, `${name}-390`);
  await page.setViewportSize({ width: 1280, height: 1000 });
  await open(page, base, path);
}

/** Opens a confirmation, checks what it says, and confirms. */
async function confirm(scope: Locator, button: string, says: string[], confirmLabel = button): Promise<void> {
  await scope.getByRole('button', { name: button }).first().click();
  const dialog = scope.page().getByRole('dialog');
  await dialog.waitFor();
  const text = (await dialog.textContent()) ?? '';
  for (const s of says) expect(text).toContain(s);
  await dialog.getByRole('button', { name: confirmLabel, exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
}

/** The server's data and accounts for this file. */
const SETUP: BrowserSuiteOptions = {
  password: PASSWORD,
  users: [
    ['e2e-admin', '--role', 'admin', '--name', '事務局管理者'],
    ['e2e-reviewer', '--role', 'reviewer', '--name', '事務局審査担当'],
    ['e2e-mic', '--role', 'editor', '--name', '総務省 担当', '--org', 'mic'],
  ],
  viewport: { width: 1280, height: 1000 },
};

describeInBrowser('cycle control in the browser', SETUP, (suite) => {
  it('opens, extends, closes, reopens and reminds; the editor sees the reminder naming the item', async () => {
    const path = '/admin/strategies/ai2022/cycles';
    const page = await suite.signIn('e2e-admin');
    const adminContext = page.context();

    // FY2023 is created, then opened after the confirmation says what happens.
    await open(page, suite.url, path);
    await page.fill('#cycle-new-fiscalYear', '2023');
    await page.fill('#cycle-new-asOf', '2024-04');
    // the deadline typed as an official writes it: first one the form cannot read, named at the field
    await page.fill('#cycle-new-deadline', '1月末');
    await page.getByRole('button', { name: '作成する' }).click();
    expect(await page.textContent('#cycle-new-deadline-error')).toContain('令和6年3月15日 のいずれかの形');
    await page.fill('#cycle-new-deadline', '令和6年1月31日');
    expect(await page.textContent('[data-testid="cycle-new-deadline-reading"]')).toContain(
      '令和6年1月31日（水）',
    );
    await page.getByRole('button', { name: '作成する' }).click();
    const card = page.locator(`li.adm-cycle[data-cycle-id="${CYCLE}"]`);
    await card.locator('.wf-state--draft').waitFor();
    await confirm(card, '受付を開始する', [
      '記入欄（下書き）を作ります',
      'お知らせを送ります',
      '令和6年1月31日（水）',
    ]);
    await page.waitForSelector('.wf-status:has-text("受付を開始しました")');
    await card.locator('.wf-state--open').waitFor();

    // The whole cycle's deadline, typed as an official writes it.
    const deadlineField = page.locator(`#cycle-deadline-${CYCLE}-deadline`);
    await deadlineField.fill('令和6年2月29日');
    await card
      .locator(`form:has(#cycle-deadline-${CYCLE}-deadline)`)
      .getByRole('button', { name: '変更する' })
      .click();
    await page.waitForSelector('.wf-status:has-text("提出期限を令和6年2月29日（木）にしました")');
    await card.locator('p', { hasText: '提出期限：令和6年2月29日（木）' }).first().waitFor();

    // 総務省 gets until 15 March.
    const mic = card.locator('tr[data-organisation-id="mic"]');
    await mic.getByRole('button', { name: '期限を変更' }).click();
    await page.locator(`#ministry-deadline-${CYCLE}-mic-deadline`).fill('2024/3/15');
    await card
      .locator(`form:has(#ministry-deadline-${CYCLE}-mic-deadline)`)
      .getByRole('button', { name: '変更する' })
      .click();
    await page.waitForSelector('.wf-status:has-text("総務省の提出期限を令和6年3月15日（金）にしました")');
    await mic.locator('td', { hasText: '令和6年3月15日（金）' }).first().waitFor();
    expect(await mic.textContent()).toContain('個別の期限');
    const mhlw = card.locator('tr[data-organisation-id="mhlw"]');
    expect(await mhlw.textContent()).toContain('令和6年2月29日（木）');
    expect(await mic.textContent()).toContain('未督促');

    // Intake closed and reopened, each confirmed.
    await confirm(card, '受付を締め切る', [
      '保存・提出できなくなります',
      '「受付締切」のお知らせとメール',
      '再開',
    ]);
    await page.waitForSelector('.wf-status:has-text("受付を締め切りました")');
    await card.locator('.wf-state--closed').waitFor();
    await confirm(card, '受付を再開する', ['再び記入欄を保存・提出できる']);
    await page.waitForSelector('.wf-status:has-text("受付を再開しました")');
    await card.locator('.wf-state--open').waitFor();

    await everyWay(page, suite.url, path, 'cycles');

    // 督促 to every ministry with unsubmitted items, after saying how many are told.
    await confirm(
      card,
      '未提出の府省・機関すべてに督促する',
      ['府省・機関の担当者', '総務省：未提出'],
      '未提出の府省・機関すべてに督促する',
    );
    await page.waitForSelector('.wf-status:has-text("督促しました")');
    await page.waitForFunction(
      () => !document.querySelector('tr[data-organisation-id="mic"]')?.textContent?.includes('未督促'),
    );
    await adminContext.close();

    // The 総務省 editor: the reminder names the item and the deadline; /tasks says overdue.
    const editor = await suite.signIn('e2e-mic');
    const editorContext = editor.context();
    const overdue = editor.locator('[data-testid="overdue"]');
    await overdue.first().waitFor();
    const title = (await editor.locator('.wf-task a').first().textContent()) ?? '';
    expect(title).not.toBe('');
    expect(await editor.locator('main').textContent()).toContain('令和6年3月15日（金）');
    await everyWay(editor, suite.url, '/tasks', 'editor-tasks');
    await open(editor, suite.url, '/notifications');
    const reminder = editor.locator('main li', { hasText: '督促' }).first();
    await reminder.waitFor();
    const said = (await reminder.textContent()) ?? '';
    expect(said).toContain(`「${title}」`);
    expect(said).toContain('令和6年3月15日（金）');
    await everyWay(editor, suite.url, '/notifications', 'editor-notifications');
    await editorContext.close();

    // The reviewer's /tasks names the ministries that are late.
    const reviewer = await suite.signIn('e2e-reviewer');
    const reviewerContext = reviewer.context();
    const late = reviewer.locator('[data-testid="overdue-ministries"]');
    await late.waitFor();
    expect(await late.textContent()).toContain('総務省');
    await everyWay(reviewer, suite.url, '/tasks', 'reviewer-tasks');
    await reviewerContext.close();
  }, 600_000);
});
