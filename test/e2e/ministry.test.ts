/**
 * Two ministries report in the browser alone. Editor A (文科省) fills the web form with a KPI
 * figure and submits, withdraws the submission and submits again. Editor B (総務省)
 * downloads the survey sheet on /tasks, fills it as a clerk would in Excel (exceljs here),
 * uploads it on 「調査票の取り込み」, checks the preview and imports it with submission; the
 * same file again says 変更はありません. The secretariat sees the figure in review, the
 * batch notice, and downloads every sheet as one ZIP. axe in ja and en and at 390 px.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeInBrowser, type BrowserSuiteOptions } from './helpers/browser.ts';
import { accessibilityCheck, open } from './helpers/pages.ts';
import { editWorkbook, P, progressSheet, rowOf } from '../fixtures/survey/setup.ts';

const PASSWORD = 'e2e-ministry-password-2023';
const expectAccessible = accessibilityCheck('ministry');

/** The server's data and accounts for this file. */
const SETUP: BrowserSuiteOptions = {
  password: PASSWORD,
  users: [
    ['e2e-admin', '--role', 'admin', '--name', '事務局管理者'],
    ['e2e-reviewer', '--role', 'reviewer', '--name', '事務局 審査'],
    ['e2e-mext', '--role', 'editor', '--name', '文科 花子', '--org', 'mext'],
    ['e2e-mic', '--role', 'editor', '--name', '総務 太郎', '--org', 'mic'],
  ],
};

describeInBrowser('a ministry’s year in the browser', SETUP, (suite) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shinchoku-ministry-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const confirmIn = async (page: Page, name: string) => {
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByRole('button', { name, exact: true }).click();
  };

  it('runs both ministries’ reporting: the web form with a figure, and the survey sheet', async () => {
    // Set-up (not the point here): the secretariat opens FY2023.
    const admin = await suite.api('e2e-admin');
    const created = await admin.call<{ id: string; version: number }>(
      'POST',
      '/api/strategies/ai2022/cycles',
      {
        fiscalYear: 2023,
        asOf: '2024-04',
        deadline: '2024-01-31',
      },
    );
    await admin.call('POST', `/api/cycles/${created.id}/open`, { version: created.version });
    const cycleId = created.id;
    const i22 = `${cycleId}.ai2022-i22`;

    // Editor A (文科省): my items, the entry with its KPIs, a figure, the text, submit.
    const a = await suite.signIn('e2e-mext');
    const contextA = a.context();
    const itemsA = a.locator('[data-testid=my-items]');
    expect(await itemsA.textContent()).toContain('数理・データサイエンス・AI教育プログラム認定制度');
    await expectAccessible(a, 'tasks-editor');
    await itemsA.getByRole('link', { name: '数理・データサイエンス・AI教育プログラム認定制度' }).click();
    await a.waitForSelector('#entry-text');
    await a.waitForFunction(() => !document.querySelector('.loading'));
    const k1 = a.locator('[data-indicator="ai2022-k1"]');
    expect(await a.textContent('[data-testid=entry-kpis]')).toContain('認定制度に賛同・協力する企業の数');
    // a period the form cannot read is named at the field
    await k1.getByLabel('期間').fill('来年');
    await k1.getByLabel('値（数値のみ）').fill('350');
    await k1.getByRole('button', { name: '実績値を保存する' }).click();
    expect(await k1.locator('.wf-field-error').textContent()).toContain('期間「来年」を読めません');
    await k1.getByLabel('期間').fill('R5年度末');
    await k1.getByLabel('出典（任意）').fill('文部科学省調べ');
    await k1.getByRole('button', { name: '実績値を保存する' }).click();
    await k1.locator('tr[data-period="FY2023-end"]').waitFor();
    expect(await k1.locator('tr[data-period="FY2023-end"]').textContent()).toContain('350');
    expect(await k1.locator('tr[data-period="FY2023-end"]').textContent()).toContain('文部科学省調べ');
    const textA = '認定プログラムを全国の大学に広げた。';
    await a.fill('#entry-text', textA);
    await a.waitForSelector('.wf-status:has-text("下書きを保存しました")');
    await expectAccessible(a, 'entry-kpi');
    await a.getByRole('button', { name: '事務局に提出する' }).click();
    await a.waitForSelector('.wf-status:has-text("提出しました")');
    // Withdraw before review: the dialog says it goes back to draft.
    await a.getByRole('button', { name: '提出を取り下げる' }).click();
    expect(await a.getByRole('dialog').textContent()).toContain('下書きに戻します');
    await expectAccessible(a, 'withdraw-confirm');
    await confirmIn(a, '提出を取り下げる');
    await a.waitForSelector('.wf-status:has-text("提出を取り下げました")');
    expect(await a.textContent('.wf-facts')).toContain('下書き');
    await a.getByRole('button', { name: '事務局に提出する' }).click();
    await a.waitForSelector('.wf-status:has-text("提出しました")');

    // Editor B (総務省): download the sheet on /tasks, fill it as in Excel, import it.
    const b = await suite.signIn('e2e-mic');
    const contextB = b.context();
    const [download] = await Promise.all([
      b.waitForEvent('download'),
      b.getByRole('link', { name: '調査票をダウンロード（.xlsx）' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('進捗調査票_総務省_2023年度.xlsx');
    const blank = path.join(dir, 'blank.xlsx');
    await download.saveAs(blank);
    const texts = {
      i01: '観測データ提供システムを本格運用に移し、利用機関は12機関に増えた。',
      i09: 'WISDOM X の分析対象を災害情報全般に広げた。',
    };
    const filled = await editWorkbook(fs.readFileSync(blank), (wb) => {
      const ws = progressSheet(wb);
      rowOf(ws, `${cycleId}.ai2022-i01`).getCell(P.text).value = texts.i01;
      rowOf(ws, `${cycleId}.ai2022-i09`).getCell(P.text).value = texts.i09;
      rowOf(ws, `${cycleId}.ai2022-i09`).getCell(P.stage).value = '実施中';
    });
    const filledPath = path.join(dir, '進捗調査票_総務省_記入済み.xlsx');
    fs.writeFileSync(filledPath, filled);

    await b.getByRole('link', { name: '調査票の取り込み' }).click();
    await b.waitForSelector('#survey-file');
    expect(await b.textContent('main h1')).toBe('調査票の取り込み');
    // nothing chosen: said at the field
    await b.getByRole('button', { name: '変更点を確認する' }).click();
    expect(await b.textContent('#survey-file-error')).toContain('ファイルを選んでください');
    await b.setInputFiles('#survey-file', filledPath);
    await b.getByRole('button', { name: '変更点を確認する' }).click();
    const entries = b.locator('[data-testid=survey-entries]');
    await entries.waitFor();
    expect(await entries.textContent()).toContain(texts.i01);
    expect(await entries.textContent()).toContain(texts.i09);
    expect(await entries.textContent()).toContain('観測データ提供システムの試作');
    expect(await b.getByLabel(/取り込んだあと、次の取組を事務局に提出する（2件）/).isChecked()).toBe(true);
    await expectAccessible(b, 'survey-preview');
    await b.getByRole('button', { name: '取り込む' }).click();
    expect(await b.getByRole('dialog').textContent()).toContain('2件を事務局に提出します');
    await confirmIn(b, '取り込む');
    const result = b.locator('[data-testid=survey-result]');
    await result.waitFor();
    expect(await result.textContent()).toContain('2件を事務局に提出しました');
    await expectAccessible(b, 'survey-result');

    // The same file again: no change, not an error.
    await b.setInputFiles('#survey-file', filledPath);
    await b.getByRole('button', { name: '変更点を確認する' }).click();
    await b.locator('[data-testid=survey-no-change]').waitFor();
    expect(await b.textContent('[data-testid=survey-no-change]')).toBe('変更はありません');
    expect(await b.locator('[data-testid=survey-problems]').count()).toBe(0);
    await expectAccessible(b, 'survey-no-change');

    // A damaged sheet: per-cell problems in Japanese, never a hidden column's name.
    const broken = await editWorkbook(filled, (wb) => {
      const ws = progressSheet(wb);
      rowOf(ws, `${cycleId}.ai2022-i13`).getCell(P.stage).value = '完了';
      // a formula typed into a hidden cell of another row
      rowOf(ws, `${cycleId}.ai2022-i20`).getCell(P.version).value = { formula: '1+1' } as never;
    });
    const brokenPath = path.join(dir, 'broken.xlsx');
    fs.writeFileSync(brokenPath, broken);
    await b.setInputFiles('#survey-file', brokenPath);
    await b.getByRole('button', { name: '変更点を確認する' }).click();
    const problems = b.locator('[data-testid=survey-problems]');
    await problems.waitFor();
    const problemText = (await problems.textContent()) ?? '';
    expect(problemText).toContain('段階「完了」は選択肢にありません');
    expect(problemText).toContain('数式（=1+1）は使えません');
    expect(problemText).not.toMatch(/digest|version|K列|L列/);
    await expectAccessible(b, 'survey-problems');

    // My items keep the submitted ones, each with its state.
    await open(b, suite.url, '/tasks');
    const submittedB = b.locator('[data-testid=my-items] tr[data-state=submitted]');
    expect(await submittedB.count()).toBe(2);
    expect(await b.textContent('[data-testid=my-items]')).toContain('下書き');

    // The secretariat: one notice per ministry batch, the figure in review, every sheet as a ZIP.
    const reviewer = await suite.signIn('e2e-reviewer');
    const office = reviewer.context();
    const [zip] = await Promise.all([
      reviewer.waitForEvent('download'),
      reviewer.getByRole('link', { name: '全府省の調査票をまとめてダウンロード（.zip）' }).click(),
    ]);
    expect(zip.suggestedFilename()).toBe('進捗調査票_2023年度.zip');
    await open(reviewer, suite.url, '/notifications');
    const batch = reviewer.locator('li.wf-notification--unread', {
      hasText: '総務省から2件の提出がありました',
    });
    expect(await batch.count()).toBe(1);
    await batch.getByRole('link', { name: '総務省の提出を確認する' }).click();
    await reviewer.waitForSelector('li.wf-card');
    await reviewer.waitForFunction(() => !document.querySelector('.loading'));
    const card = reviewer.locator('li.wf-card', { hasText: textA });
    expect(await card.locator('[data-testid=review-figures]').textContent()).toContain('350');
    await card.getByRole('button', { name: '受理する' }).click();
    await reviewer.waitForSelector('.wf-status:has-text("受理しました")');

    // Editor A is told which item was accepted, with a link to it.
    await open(a, suite.url, '/notifications');
    const accepted = a.locator('li.wf-notification--unread', { hasText: '受理されました' });
    expect(await accepted.textContent()).toContain('数理・データサイエンス・AI教育プログラム認定制度');
    await expectAccessible(a, 'notifications');
    await accepted.getByRole('link').click();
    await a.waitForSelector('#entry-text');
    expect(a.url()).toContain(`/entries/${i22}`);

    // English, and a phone's width.
    await open(b, suite.url, `/en/tasks/${cycleId}/survey`);
    expect(await b.textContent('main h1')).toBe('Import a survey sheet');
    await expectAccessible(b, 'survey-en');
    await open(a, suite.url, `/en/entries/${i22}`);
    await expectAccessible(a, 'entry-en');
    await open(b, suite.url, '/en/tasks');
    await expectAccessible(b, 'tasks-en');
    const p = await suite.signIn('e2e-mic', { viewport: { width: 390, height: 844 } });
    const phone = p.context();
    await expectAccessible(p, 'tasks-390');
    await open(p, suite.url, `/tasks/${cycleId}/survey`);
    await p.setInputFiles('#survey-file', filledPath);
    await p.getByRole('button', { name: '変更点を確認する' }).click();
    await p.locator('[data-testid=survey-no-change]').waitFor();
    await expectAccessible(p, 'survey-390');
    await open(p, suite.url, `/entries/${cycleId}.ai2022-i01`);
    await expectAccessible(p, 'entry-390');
    const pa = await suite.signIn('e2e-mext', { viewport: { width: 390, height: 844 } });
    const phoneA = pa.context();
    await open(pa, suite.url, `/entries/${i22}`);
    await expectAccessible(pa, 'entry-kpi-390');
    for (const c of [contextA, contextB, office, phone, phoneA]) await c.close();
  }, 600_000);
});
