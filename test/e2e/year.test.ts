/**
 * A whole follow-up year of the bundled AI Strategy 2022 sample (FY2023) in the browser
 * alone (issue #19): the admin creates accounts (two with the form, one from CSV, and the
 * reviewer), creates and opens the cycle, extends a ministry's deadline and sends 督促;
 * 文科省's editor fills the web form with a KPI figure; 総務省's editor imports the survey
 * sheet filled in "Excel" (exceljs); 厚労省 never reports, so the secretariat records one
 * item 該当なし and enters the rest on its behalf (as for every ministry without an editor
 * here); the reviewer returns one item, bulk-accepts the rest, accepts the fixed one,
 * assesses every target the checklist needs and writes the summary; the admin publishes with
 * the exception listed, then corrects the KPI figure. No API call, no CLI beyond the first
 * admin account. axe on every screen; key screens also in English and at 390 px.
 * With SHINCHOKU_SCREENSHOTS=1 the main steps are saved as docs/year/NN-name.png.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { chromiumOrSkip, launchChromium } from './helpers/browser.ts';
import { accessibilityCheck, open } from './helpers/pages.ts';
import { startServer, type RunningServer } from './helpers/server.ts';
import { addUsers, signIn } from './helpers/session.ts';
import { editWorkbook, P, progressSheet } from '../fixtures/survey/setup.ts';

const chromium = chromiumOrSkip();
const PASSWORD = 'e2e-year-password-2023';
const CYCLE = 'ai2022-fy2023';
const expectAccessible = accessibilityCheck('year');
const DOCS = path.resolve(import.meta.dirname, '../../docs/year');
const I22 = `${CYCLE}.ai2022-i22`;
/** 文科省's items; i15 and i22 are shared with other ministries. */
const MEXT = ['i03', 'i08', 'i10', 'i14', 'i15', 'i22'].map((i) => `${CYCLE}.ai2022-${i}`);
/** 総務省's items not already reported by 文科省 (i29 is shared with 経産省). */
const MIC = ['i01', 'i09', 'i13', 'i20', 'i24', 'i29'].map((i) => `${CYCLE}.ai2022-${i}`);
/** What the clerks write, per item (a line of the report each). */
const PROGRESS: Record<string, string> = {
  i01: '観測データ提供システムを本格運用に移し、利用機関は12機関に増えた。',
  i03: 'シミュレーション基盤を共用に供し、利用課題は40件となった。',
  i08: '頑健な学習アルゴリズムの評価手法を公開した。',
  i09: 'WISDOM X の分析対象を災害情報全般に広げた。',
  i10: '研究データ基盤に全国の大学の接続が進み、登録は1万件を超えた。',
  i13: '研究開発機関を選定し、分散型機械学習の実証を始めた。',
  i14: '若手研究者15人の移籍型渡航を支援した。',
  i15: '3中核センターの連携会議を4回開催した。',
  i20: '多言語翻訳の対応言語を21言語に広げた。',
  i24: '多話者音声の文字化の精度を向上させ、実証を行った。',
  i29: 'GPAIサミットの成果を国内の議論に反映した。',
};
const progress = (entryId: string) => PROGRESS[entryId.slice(-3)]!;

/** A viewport screenshot for the README, only when asked for (SHINCHOKU_SCREENSHOTS=1). */
async function shot(page: Page, name: string, top?: Locator): Promise<void> {
  if (process.env.SHINCHOKU_SCREENSHOTS !== '1') return;
  // the part of the page the step is about, at the top of the window
  if (top) await top.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  fs.mkdirSync(DOCS, { recursive: true });
  await page.screenshot({ path: path.join(DOCS, `${name}.png`) });
}

async function newContext(browser: Browser, width = 1280): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  context.setDefaultTimeout(30_000);
  return context;
}

/** Opens a confirmation dialog with `button`, checks what it says, and confirms. */
async function confirm(scope: Locator | Page, button: string, says: string[], confirmLabel = button) {
  await scope.getByRole('button', { name: button }).first().click();
  const page = 'page' in scope ? scope.page() : scope;
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  const text = (await dialog.textContent()) ?? '';
  for (const s of says) expect(text).toContain(s);
  await dialog.getByRole('button', { name: confirmLabel, exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
}

/** A new account's first sign-in: the temporary password leads to the change of password. */
async function firstSignIn(context: BrowserContext, base: string, login: string, temporary: string) {
  const page = await context.newPage();
  await open(page, base, '/login');
  await page.fill('#login', login);
  await page.fill('#password', temporary);
  await page.click('main button[type=submit]');
  await page.waitForURL('**/account/password?**');
  await page.waitForSelector('#newPassword');
  await page.fill('#currentPassword', temporary);
  await page.fill('#newPassword', `${login}-own-password`);
  await page.fill('#confirmPassword', `${login}-own-password`);
  await page.getByRole('button', { name: 'パスワードを変更する' }).click();
  await page.waitForURL('**/tasks');
  await page.waitForSelector('main h1');
  await page.waitForFunction(() => !document.querySelector('.loading'));
  return page;
}

describe.skipIf(!chromium)('a whole follow-up year in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shinchoku-year-'));

  beforeAll(async () => {
    let databaseUrl = '';
    server = await startServer(240_000, async (url) => {
      databaseUrl = url;
    });
    await addUsers(databaseUrl, PASSWORD, [['e2e-admin', '--role', 'admin', '--name', '事務局管理者']]);
    browser = await launchChromium(chromium!);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs FY2023 from accounts to a published, corrected report', async () => {
    const base = server.url;
    /** The page in English and at a phone's width, each checked by axe. */
    const everyWay = async (context: BrowserContext, urlPath: string, name: string) => {
      const page = await context.newPage();
      await open(page, base, `/en${urlPath}`);
      await expectAccessible(page, `${name}-en`);
      await page.setViewportSize({ width: 390, height: 844 });
      await open(page, base, urlPath);
      await expectAccessible(page, `${name}-390`);
      await page.close();
    };

    // 1. The admin creates the accounts on アカウント管理.
    const office = await newContext(browser);
    const admin = await signIn(office, base, 'e2e-admin', PASSWORD);
    await admin.click('.session-nav__admin');
    await admin.getByRole('link', { name: 'アカウント管理' }).click();
    await admin.waitForURL('**/admin/accounts');
    const row = (login: string) => admin.locator(`[data-testid="accounts-table"] tr[data-login="${login}"]`);
    await row('e2e-admin').waitFor();
    await expectAccessible(admin, 'accounts');
    const form = admin.locator('form[aria-labelledby="account-new-heading"]');
    const create = async (login: string, name: string, role: string, email: string, ministry?: string) => {
      await form.locator('#account-new-login').fill(login);
      await form.locator('#account-new-displayName').fill(name);
      await form.locator('#account-new-role').selectOption({ label: role });
      if (ministry) await form.getByLabel(ministry, { exact: true }).check();
      await form.locator('#account-new-email').fill(email);
      await form.getByRole('button', { name: '作成する' }).click();
      const panel = admin.getByTestId('temporary-password-panel');
      await panel.getByRole('heading', { name: `${login} の仮パスワード` }).waitFor();
      await row(login).waitFor();
      return (await panel.getByTestId('temporary-password').textContent()) ?? '';
    };
    const temporary = {
      mext: await create('mext-suzuki', '鈴木 花子', '府省担当', 'suzuki@mext.example.go.jp', '文部科学省'),
      mic: await create('mic-sato', '佐藤 一郎', '府省担当', 'sato@soumu.example.go.jp', '総務省'),
      reviewer: await create('cao-yamada', '山田 審査', '事務局', 'yamada@cao.example.go.jp'),
    };
    await shot(admin, '01-accounts-form');
    await admin.setInputFiles('#accounts-csv-file', {
      name: 'mhlw.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'login,name,role,organisations,email\nmhlw-tanaka,田中 三郎,府省担当,厚生労働省,tanaka@mhlw.example.go.jp\n',
      ),
    });
    const preview = admin.getByTestId('csv-preview');
    await preview.getByRole('button', { name: '1件のアカウントを作成する' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: '1件のアカウントを作成する' }).click();
    await admin.getByTestId('csv-created').locator('tr[data-login="mhlw-tanaka"]').waitFor();
    await row('mhlw-tanaka').waitFor();
    expect(await row('mhlw-tanaka').textContent()).toContain('厚生労働省');
    await expectAccessible(admin, 'accounts-created');
    await shot(admin, '02-accounts-csv');
    await everyWay(office, '/admin/accounts', 'accounts');

    // 2. The admin creates FY2023 and opens it, after the confirmation.
    const cyclesPath = '/admin/strategies/ai2022/cycles';
    await open(admin, base, cyclesPath);
    await admin.fill('#cycle-new-fiscalYear', '2023');
    await admin.fill('#cycle-new-asOf', '令和6年4月');
    await admin.fill('#cycle-new-deadline', '2024-01-31');
    await admin.getByRole('button', { name: '作成する' }).click();
    const card = admin.locator(`li.adm-cycle[data-cycle-id="${CYCLE}"]`);
    await card.locator('.wf-state--draft').waitFor();
    await confirm(card, '受付を開始する', ['記入欄（下書き）を作ります', 'お知らせを送ります']);
    await admin.waitForSelector('.wf-status:has-text("受付を開始しました")');
    await card.locator('.wf-state--open').waitFor();
    await expectAccessible(admin, 'cycles-open');
    await shot(admin, '03-cycle-open', card);

    // 3. 総務省 gets until 15 March; every ministry with unsubmitted items is reminded.
    const mic = card.locator('tr[data-organisation-id="mic"]');
    await mic.getByRole('button', { name: '期限を変更' }).click();
    await admin.locator(`#ministry-deadline-${CYCLE}-mic-deadline`).fill('令和6年3月15日');
    await card
      .locator(`form:has(#ministry-deadline-${CYCLE}-mic-deadline)`)
      .getByRole('button', { name: '変更する' })
      .click();
    await admin.waitForSelector('.wf-status:has-text("総務省の提出期限を令和6年3月15日（金）にしました")');
    await confirm(card, '未提出の府省・機関すべてに督促する', ['総務省：未提出']);
    await admin.waitForSelector('.wf-status:has-text("督促しました")');
    await admin.waitForFunction(
      () => !document.querySelector('tr[data-organisation-id="mhlw"]')?.textContent?.includes('未督促'),
    );
    await expectAccessible(admin, 'cycles-reminded');
    await shot(admin, '04-deadline-reminder', card.getByTestId('ministry-deadlines'));
    await everyWay(office, cyclesPath, 'cycles');

    // 4. 文科省's editor: first sign-in, the reminder, the KPI figure and the text; submits.
    const contextA = await newContext(browser);
    const a = await firstSignIn(contextA, base, 'mext-suzuki', temporary.mext);
    await a.locator('[data-testid=my-items]').waitFor();
    await a.locator('[data-testid=overdue]').first().waitFor();
    expect(await a.textContent('[data-testid=overdue]')).toContain('期限超過');
    await expectAccessible(a, 'tasks-mext');
    await everyWay(contextA, '/tasks', 'tasks');
    await open(a, base, '/notifications');
    const reminder = a.locator('main li', { hasText: '督促' }).first();
    await reminder.waitFor();
    expect(await reminder.textContent()).toContain('督促：文科省の未提出の取組6件');
    await expectAccessible(a, 'notifications-mext');
    await open(a, base, '/tasks');
    await a.locator('[data-testid=my-items]').waitFor();
    await shot(a, '05-tasks-mext');
    await a
      .locator('[data-testid=my-items]')
      .getByRole('link', { name: '数理・データサイエンス・AI教育プログラム認定制度' })
      .click();
    await a.waitForSelector('#entry-text');
    await a.waitForFunction(() => !document.querySelector('.loading'));
    const k1 = a.locator('[data-indicator="ai2022-k1"]');
    await k1.getByLabel('期間').fill('R5年度末');
    await k1.getByLabel('値（数値のみ）').fill('350');
    await k1.getByLabel('出典（任意）').fill('文部科学省調べ');
    await k1.getByRole('button', { name: '実績値を保存する' }).click();
    await k1.locator('tr[data-period="FY2023-end"]').waitFor();
    expect(await k1.locator('tr[data-period="FY2023-end"]').textContent()).toContain('350');
    const submitEntry = async (text: string) => {
      await a.fill('#entry-text', text);
      await a.waitForSelector('.wf-status:has-text("下書きを保存しました")');
      await a.getByRole('button', { name: '事務局に提出する' }).click();
      await a.waitForSelector('.wf-status:has-text("提出しました")');
    };
    await a.fill('#entry-text', '認定プログラムを全国の大学に広げた。');
    await a.waitForSelector('.wf-status:has-text("下書きを保存しました")');
    await expectAccessible(a, 'entry-kpi');
    await shot(a, '06-entry-kpi', a.getByTestId('entry-kpis'));
    await a.getByRole('button', { name: '事務局に提出する' }).click();
    await a.waitForSelector('.wf-status:has-text("提出しました")');
    for (const id of MEXT.filter((e) => e !== I22)) {
      await open(a, base, `/entries/${id}`);
      await a.waitForSelector('#entry-text');
      await submitEntry(progress(id));
    }
    await open(a, base, '/tasks');
    expect(await a.locator('[data-testid=my-items] tr[data-state=draft]').count()).toBe(0);
    await everyWay(contextA, `/entries/${I22}`, 'entry');

    // 5. 総務省's editor: downloads the sheet, fills it as in Excel, imports and submits.
    const contextB = await newContext(browser);
    const b = await firstSignIn(contextB, base, 'mic-sato', temporary.mic);
    const [download] = await Promise.all([
      b.waitForEvent('download'),
      b.getByRole('link', { name: '調査票をダウンロード（.xlsx）' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('進捗調査票_総務省_2023年度.xlsx');
    const blank = path.join(dir, 'blank.xlsx');
    await download.saveAs(blank);
    const filled = await editWorkbook(fs.readFileSync(blank), (wb) => {
      const ws = progressSheet(wb);
      for (let r = 5; r <= ws.rowCount; r++) {
        const id = ws.getCell(r, P.entryId).value;
        if (typeof id !== 'string' || !MIC.includes(id)) continue;
        ws.getCell(r, P.text).value = progress(id);
        ws.getCell(r, P.stage).value = '実施中';
      }
    });
    const filledPath = path.join(dir, '進捗調査票_総務省_記入済み.xlsx');
    fs.writeFileSync(filledPath, filled);
    await b.getByRole('link', { name: '調査票の取り込み' }).click();
    await b.waitForSelector('#survey-file');
    await b.setInputFiles('#survey-file', filledPath);
    await b.getByRole('button', { name: '変更点を確認する' }).click();
    await b.locator('[data-testid=survey-entries]').waitFor();
    expect(
      await b.getByLabel(`取り込んだあと、次の取組を事務局に提出する（${MIC.length}件）`).isChecked(),
    ).toBe(true);
    await expectAccessible(b, 'survey-preview');
    await shot(b, '07-survey-preview');
    await confirm(b, '取り込む', [`${MIC.length}件を事務局に提出します`]);
    await b.locator('[data-testid=survey-result]').waitFor();
    expect(await b.textContent('[data-testid=survey-result]')).toContain(
      `${MIC.length}件を事務局に提出しました`,
    );
    await expectAccessible(b, 'survey-result');
    await everyWay(contextB, `/tasks/${CYCLE}/survey`, 'survey');
    await contextB.close();

    // 6. 厚労省 never reports: one item 該当なし with its reason; the secretariat enters the
    // rest of the unreported items on the owners' behalf (no editor of theirs in this test).
    const contextR = await newContext(browser);
    const reviewer = await firstSignIn(contextR, base, 'cao-yamada', temporary.reviewer);
    const cards = reviewer.locator('[data-testid=review-card]');
    await open(reviewer, base, `/review/${CYCLE}?ministry=mhlw&state=draft`);
    await expect.poll(() => cards.count()).toBe(4);
    const excepted = cards.filter({ hasText: '保健医療・介護の公的データベース' });
    await excepted.locator('summary', { hasText: '例外として記録する' }).click();
    await excepted.getByRole('radio', { name: '該当なし' }).check();
    const reason = '令和5年度は事業を実施していない';
    await excepted.getByLabel('理由（必須・公開されます）').fill(reason);
    await expectAccessible(reviewer, 'exception-form');
    await shot(reviewer, '08-exception');
    await excepted.getByRole('button', { name: '例外として記録する', exact: true }).click();
    await reviewer.waitForSelector('.wf-status:has-text("該当なしとして記録しました")');
    await expect.poll(() => cards.count()).toBe(3);
    await open(reviewer, base, `/review/${CYCLE}?state=draft`);
    let left = await cards.count();
    expect(left).toBe(29 - MEXT.length - MIC.length - 1);
    for (let n = 0; left > 0; n++) {
      const first = cards.first();
      await first.locator('summary', { hasText: '府省に代わって入力する' }).click();
      await first
        .getByLabel('主な進捗', { exact: true })
        .fill('事務局が聞き取った進捗：計画どおり実施した。');
      if (n === 0) {
        await expectAccessible(reviewer, 'on-behalf-form');
        await shot(reviewer, '09-on-behalf');
      }
      await first.getByRole('button', { name: '代理入力を保存する' }).click();
      await expect.poll(() => cards.count()).toBe(left - 1);
      left -= 1;
    }
    await everyWay(contextR, `/review/${CYCLE}?state=all`, 'review');

    // 7. The reviewer returns 文科省's KPI item, then bulk-accepts the rest.
    await open(reviewer, base, `/review/${CYCLE}`);
    await expect.poll(() => cards.count()).toBe(28);
    const returning = cards.filter({ hasText: '認定プログラムを全国の大学に広げた。' });
    expect(await returning.locator('[data-testid=review-figures]').textContent()).toContain('350');
    await returning.getByLabel('差し戻しのコメント（必須）').fill('対象大学の数を書き添えてください');
    await confirm(returning, '差し戻す', ['担当府省の編集者にコメント付きで通知']);
    await reviewer.waitForSelector('.wf-status:has-text("差し戻しました")');
    await expect.poll(() => cards.count()).toBe(27);
    await reviewer.getByLabel('表示中の確認待ち27件をすべて選択').check();
    await shot(reviewer, '10-bulk-accept', reviewer.locator('.wf-bulk'));
    await reviewer.getByRole('button', { name: '選択した27件を受理する' }).click();
    await reviewer.waitForSelector('.wf-status:has-text("27件を受理しました")');
    await expectAccessible(reviewer, 'review-accepted');

    // 8. 文科省 fixes the returned item and resubmits; the reviewer accepts it.
    await open(a, base, '/tasks');
    const returned = a.locator('[data-testid=my-items] tr[data-state=returned]');
    expect(await returned.textContent()).toContain('数理・データサイエンス・AI教育プログラム認定制度');
    await returned.getByRole('link').click();
    await a.waitForSelector('.wf-alert--returned');
    expect(await a.textContent('.wf-alert--returned')).toContain('対象大学の数を書き添えてください');
    await shot(a, '11-returned');
    await submitEntry('認定プログラムを全国の大学に広げ、認定は350件となった。');
    await open(reviewer, base, `/review/${CYCLE}`);
    await expect.poll(() => cards.count()).toBe(1);
    await cards.first().getByRole('button', { name: '受理する' }).click();
    await reviewer.waitForSelector('.wf-status:has-text("受理しました")');
    await contextA.close();

    // 9. The reviewer assesses every target the checklist needs and writes the summary.
    await open(reviewer, base, `/assess/${CYCLE}`);
    await expectAccessible(reviewer, 'assess');
    const missing = reviewer.locator('li.wf-card--assess', { has: reviewer.locator('.wf-state--returned') });
    const needed = await missing.count();
    expect(needed).toBeGreaterThan(0);
    for (let n = needed; n > 0; n--) {
      const target = missing.first();
      await target.locator('select[id$="-rating"]').selectOption('steady');
      await target.locator('textarea[id$="-narrative"]').fill('取組は着実に進展している。');
      await target.getByRole('button', { name: 'この目標の評価を保存' }).click();
      await expect.poll(() => missing.count()).toBe(n - 1);
    }
    await reviewer.fill('#summary-overall', '全体として着実に進展している。');
    await reviewer.getByRole('button', { name: '概要を保存' }).click();
    await reviewer.waitForSelector('.wf-status:has-text("全体の概要を保存しました")');
    await shot(reviewer, '12-assess', reviewer.locator('main h1'));
    await everyWay(contextR, `/assess/${CYCLE}`, 'assess');
    await contextR.close();

    // 10. The admin publishes, the exception named in the checklist and the confirmation.
    await open(admin, base, `/publish/${CYCLE}`);
    const checklist = (await admin.textContent('[data-testid=checklist]')) ?? '';
    expect(checklist).toContain('（29/29件：受理済み28件、例外1件）');
    expect(checklist).not.toContain('未達成');
    const exception = admin.locator('[data-testid=exceptions] tbody tr');
    expect(await exception.count()).toBe(1);
    for (const part of ['保健医療・介護の公的データベース', '該当なし', reason, '山田 審査'])
      expect(await exception.textContent()).toContain(part);
    await expectAccessible(admin, 'publish');
    await shot(admin, '13-publish');
    await everyWay(office, `/publish/${CYCLE}`, 'publish');
    await confirm(admin, '公開する', ['例外（該当なし・報告なし）とその理由']);
    await admin.waitForSelector('text=公開ページを見る');

    // 11. A correction of the KPI figure on the same screen.
    await admin.waitForSelector('#correction-kind');
    await admin.selectOption('#correction-kind', 'observation');
    await admin.selectOption('#correction-indicator', 'ai2022-k1');
    const figure = admin.locator('#correction-figure option', { hasText: '350' });
    await figure.waitFor({ state: 'attached' });
    await admin.selectOption('#correction-figure', (await figure.getAttribute('value')) ?? '');
    expect(await admin.inputValue('#correction-value')).toBe('350');
    await admin.fill('#correction-value', '352');
    await admin.fill('#correction-reason', '集計漏れ2件を反映');
    await admin.getByRole('button', { name: '訂正を登録する' }).click();
    await admin.waitForSelector('.wf-status:has-text("訂正（第1版）を登録しました")');
    await expectAccessible(admin, 'publish-corrected');
    expect(await admin.textContent('main')).toContain('集計漏れ2件を反映');
    expect(await admin.textContent('main')).toContain('指標の実績値（実績値）');
    await shot(admin, '14-correction', admin.getByRole('heading', { name: '公開後の訂正' }));
    await office.close();

    // The public: the year is published, the figure corrected and marked, the exception said.
    const reader = await newContext(browser);
    const pub = await reader.newPage();
    await open(pub, base, '/indicators/ai2022-k1');
    await pub.waitForSelector('h1 .corrected-mark');
    expect(await pub.textContent('main')).toContain('352');
    await expectAccessible(pub, 'indicator-corrected');
    await shot(pub, '15-public-indicator');
    await open(pub, base, `/strategies/ai2022/cycles/${CYCLE}`);
    await pub.waitForSelector('.wf-corrections');
    expect(await pub.textContent('.wf-corrections')).toContain('集計漏れ2件を反映');
    await expectAccessible(pub, 'dashboard');
    await open(pub, base, '/initiatives/ai2022-i11');
    expect(await pub.textContent('main')).toContain(reason);
    await reader.close();
  }, 600_000);
});
