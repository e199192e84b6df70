/**
 * The yearly cycle in the browser, as test/workflow.test.ts does it through the API: a
 * 総務省 clerk signs in, fills and submits an entry; the secretariat returns it with a
 * comment; the clerk fixes and resubmits; it is accepted; (the other 28 entries and the
 * other assessments go through the API to keep the test fast); the reviewer writes one
 * assessment in the form; the admin publishes from the checklist; an anonymous reader sees
 * the new cycle; a correction is made and shows on the public pages. axe on every screen.
 */
import { expect, it } from 'vitest';
import { describeInBrowser, type BrowserSuiteOptions } from './helpers/browser.ts';
import { accessibilityCheck, open, screenshot } from './helpers/pages.ts';
import { signIn } from './helpers/session.ts';

const PASSWORD = 'e2e-workflow-password-2023';
const ALL_ORGS = ['csti', 'mic', 'mext', 'mhlw', 'maff', 'meti', 'mlit', 'env', 'mod'];

interface Entry {
  id: string;
  version: number;
  reviewState: string;
  initiativeId: string;
}

const expectAccessible = accessibilityCheck('workflow');

/** The server's data and accounts for this file. */
const SETUP: BrowserSuiteOptions = {
  password: PASSWORD,
  users: [
    ['e2e-admin', '--role', 'admin', '--name', '事務局管理者'],
    ['e2e-reviewer', '--role', 'reviewer', '--name', '事務局 審査'],
    ['e2e-mic', '--role', 'editor', '--name', '総務省 担当', '--org', 'mic'],
    ['e2e-all', '--role', 'editor', '--org', ...ALL_ORGS],
  ],
};

describeInBrowser('the yearly cycle in the browser', SETUP, (suite) => {
  it('runs a follow-up from a clerk’s entry to a published, corrected report', async () => {
    const admin = await suite.api('e2e-admin');
    const reviewerApi = await suite.api('e2e-reviewer');
    const allApi = await suite.api('e2e-all');

    // Set-up: the secretariat creates and opens FY2023.
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
    const all = (
      await reviewerApi.call<{ entries: { entry: Entry }[] }>('GET', `/api/cycles/${cycleId}/entries`)
    ).entries;
    expect(all).toHaveLength(29);
    const target = all.find((e) => e.entry.initiativeId === 'ai2022-i01')!.entry;

    // The 総務省 clerk: a wrong password first, then signs in and finds the entry.
    const clerk = await suite.context();
    const login = await clerk.newPage();
    await open(login, suite.url, '/login');
    await expectAccessible(login, 'login');
    await login.fill('#login', 'e2e-mic');
    await login.fill('#password', 'not-the-password');
    await login.click('button[type=submit]');
    await login.waitForSelector('#login-error.wf-error');
    expect(await login.textContent('#login-error')).toContain('ログイン名またはパスワードが正しくありません');
    await expectAccessible(login, 'login-error');
    await login.close();

    const editor = await signIn(clerk, suite.url, 'e2e-mic', PASSWORD);
    expect(await editor.textContent('main')).toContain('記入が必要な取組');
    expect(await editor.textContent('.session-nav')).toContain('ログアウト');
    await expectAccessible(editor, 'tasks-editor');
    await editor.click(`a[href="/entries/${target.id}"]`);
    await editor.waitForSelector('#entry-text');
    await editor.waitForFunction(() => !document.querySelector('.loading'));
    expect(await editor.textContent('main')).toContain('観測データ提供システムの試作');
    await expectAccessible(editor, 'entry');

    // Validation: submitting an empty text says what is missing.
    await editor.fill('#entry-text', '');
    await editor.getByRole('button', { name: '事務局に提出する' }).click();
    await editor.waitForSelector('.wf-error-summary');
    expect(await editor.textContent('.wf-error-summary')).toContain('主な進捗を入力してください');
    expect(await editor.getAttribute('#entry-text', 'aria-invalid')).toBe('true');

    // Last year's text as a starting draft, then this year's text, a stage and a plan.
    await editor.getByRole('button', { name: '前回の記載を下書きとして使う' }).click();
    const previous = await editor.textContent('.wf-previous');
    expect(await editor.inputValue('#entry-text')).toBe(previous);
    const first = '観測データ配信システムの本格運用を開始した。';
    await editor.fill('#entry-text', first);
    await editor.selectOption('#entry-stage', 'implemented');
    await editor.getByRole('button', { name: '予定を追加' }).click();
    await editor.fill('#plan-period-0', 'FY2024');
    await editor.fill('#plan-text-0', '全国の自治体への提供を開始予定。');
    expect(await editor.textContent('[data-testid=preview]')).toBe(`${first}（総務省）`);
    await editor.waitForSelector('.wf-status:has-text("下書きを保存しました")');
    await expectAccessible(editor, 'entry-filled');
    await editor.getByRole('button', { name: '事務局に提出する' }).click();
    await editor.waitForSelector('.wf-status:has-text("提出しました")');
    expect(await editor.textContent('main')).toContain('提出済み');

    // The reviewer returns it; a return without a comment is refused in the form.
    const reviewer = await suite.signIn('e2e-reviewer');
    const secretariat = reviewer.context();
    expect(await reviewer.textContent('main')).toContain('確認待ちの提出（1件）');
    expect(await reviewer.textContent('main')).toContain('府省別の提出状況');
    await expectAccessible(reviewer, 'tasks-reviewer');
    await open(reviewer, suite.url, `/review/${cycleId}`);
    const card = reviewer.locator('li.wf-card', { has: reviewer.locator(`[id="comment-${target.id}"]`) });
    expect(await card.textContent()).toContain(first);
    expect(await card.textContent()).toContain('（総務省）');
    await expectAccessible(reviewer, 'review');
    await card.getByRole('button', { name: '差し戻す' }).click();
    await card.locator('.wf-field-error').waitFor();
    expect(await card.textContent()).toContain('差し戻すにはコメントを入力してください');
    const comment = '成果の数値を追記してください';
    await reviewer.fill(`[id="comment-${target.id}"]`, comment);
    await card.getByRole('button', { name: '差し戻す' }).click();
    // It asks first, saying the ministry is told.
    const sendBack = reviewer.getByRole('dialog');
    expect(await sendBack.textContent()).toContain('担当府省の編集者にコメント付きで通知');
    await sendBack.getByRole('button', { name: '差し戻す' }).click();
    await reviewer.waitForSelector('.wf-status:has-text("差し戻しました")');

    // The clerk sees the comment, fixes the text and resubmits.
    await open(editor, suite.url, '/tasks');
    const returned = editor.locator('li.wf-task--returned');
    expect(await returned.textContent()).toContain(comment);
    await screenshot(editor, 'workflow-tasks-returned');
    await returned.locator('a').click();
    await editor.waitForSelector('#entry-text');
    await editor.waitForFunction(() => !document.querySelector('.loading'));
    expect(await editor.textContent('.wf-alert--returned')).toContain(comment);
    const fixed = '観測データ配信システムの本格運用を開始し、配信量は前年度の2倍となった。';
    await editor.fill('#entry-text', fixed);
    await editor.waitForSelector('.wf-status:has-text("下書きを保存しました")');
    await editor.getByRole('button', { name: '事務局に提出する' }).click();
    await editor.waitForSelector('.wf-status:has-text("提出しました")');

    // The reviewer accepts it.
    await open(reviewer, suite.url, `/review/${cycleId}`);
    await card.getByRole('button', { name: '受理する' }).click();
    await reviewer.waitForSelector('.wf-status:has-text("受理しました")');
    await reviewer.waitForSelector('main p:has-text("確認待ちの提出はありません")');

    // Bulk through the API: the other 28 entries, and every assessment but one.
    for (const { entry } of all) {
      if (entry.id === target.id) continue;
      let e = await allApi.call<Entry>('PUT', `/api/entries/${entry.id}`, {
        version: entry.version,
        text: `${entry.initiativeId}の2023年度の進捗。`,
        stage: 'ongoing',
      });
      e = await allApi.call<Entry>('POST', `/api/entries/${entry.id}/submit`, { version: e.version });
      await reviewerApi.call('POST', `/api/entries/${entry.id}/accept`, { version: e.version });
    }
    const list = await reviewerApi.call<{ assessments: { missing: string[] } }>(
      'GET',
      `/api/cycles/${cycleId}/checklist`,
    );
    const [mine, ...rest] = list.assessments.missing;
    expect(mine).toBeDefined();
    for (const nodeId of rest) {
      await reviewerApi.call('PUT', `/api/cycles/${cycleId}/assessments/${nodeId}`, {
        version: null,
        rating: 'steady',
        narrative: '着実に進展している。',
        needsAcceleration: false,
      });
    }
    await reviewerApi.call('PUT', `/api/cycles/${cycleId}/summary`, {
      version: null,
      overall: ['全体として着実に進展している。'],
      pillars: [{ nodeId: 'ai2022-p1', bullets: ['危機対応のAIが進展。'] }],
    });

    // The admin's checklist is not ready until the last assessment is written.
    const adminPage = await suite.signIn('e2e-admin');
    const office = adminPage.context();
    expect(await adminPage.textContent('main')).not.toContain('確認待ちの提出'); // not a reviewer
    await open(adminPage, suite.url, `/publish/${cycleId}`);
    expect(await adminPage.textContent('.wf-checklist')).toContain('未達成');
    expect(await adminPage.getByRole('button', { name: '公開する' }).isDisabled()).toBe(true);
    await expectAccessible(adminPage, 'publish-not-ready');

    // The reviewer writes the last assessment in the form.
    await open(reviewer, suite.url, `/assess/${cycleId}`);
    await reviewer.waitForSelector(`#node-${mine}-rating`);
    await expectAccessible(reviewer, 'assess');
    // The target's progress texts are read when its list is opened (the tree has none).
    const { entries: texts } = await reviewerApi.call<{ entries: { text: string }[] }>(
      'GET',
      `/api/strategies/ai2022/cycles/${cycleId}/nodes/${mine}/entries`,
    );
    expect(texts.length).toBeGreaterThan(0);
    const nodeCard = reviewer.locator('li.wf-card', { has: reviewer.locator(`#node-${mine}-rating`) });
    await nodeCard.locator('details > summary').click();
    await nodeCard.locator('details li', { hasText: texts[0]!.text }).first().waitFor();
    await reviewer.selectOption(`#node-${mine}-rating`, 'steady');
    await reviewer.fill(
      `#node-${mine}-narrative`,
      '取組は着実に進展しており、今後は成果の普及が課題である。',
    );
    await reviewer.check(`#node-${mine}-accelerate`);
    await nodeCard.getByRole('button', { name: 'この目標の評価を保存' }).click();
    await nodeCard.locator('.wf-status:has-text("評価を保存しました")').waitFor();
    await screenshot(reviewer, 'workflow-assess-saved');

    // The admin publishes from the checklist.
    await open(adminPage, suite.url, `/publish/${cycleId}`);
    expect(await adminPage.textContent('.wf-checklist')).not.toContain('未達成');
    await expectAccessible(adminPage, 'publish-ready');
    await adminPage.getByRole('button', { name: '公開する' }).click();
    // It asks first, saying what becomes public; cancelling changes nothing.
    const confirm = adminPage.getByRole('dialog');
    expect(await confirm.textContent()).toContain('誰でも読める');
    await expectAccessible(adminPage, 'publish-confirm');
    await confirm.getByRole('button', { name: '公開する' }).click();
    await adminPage.waitForSelector('text=公開ページを見る');
    expect(await adminPage.textContent('main')).toContain('公開済み');

    // An anonymous reader sees the new cycle and the clerk's text.
    const reader = await suite.context();
    const pub = await reader.newPage();
    await open(pub, suite.url, '/');
    // the home page lists the cycles once its second request is answered
    await pub.locator('main').getByText('令和5年度').first().waitFor({ timeout: 15_000 });
    expect(await pub.textContent('main')).toContain('令和5年度');
    expect(await pub.textContent('.session-nav')).toContain('ログイン');
    await open(pub, suite.url, `/strategies/ai2022/cycles/${cycleId}/nodes/ai2022-p1-g1-t1`);
    expect(await pub.textContent('main')).toContain('配信量は前年度の2倍');
    expect(await pub.$('.wf-corrections')).toBeNull();
    await reader.close();

    // A correction (with its required reason) on the publish screen.
    await open(adminPage, suite.url, `/publish/${cycleId}`);
    await adminPage.waitForSelector('#correction-entry');
    await adminPage.getByRole('button', { name: '訂正を登録する' }).click();
    await adminPage.waitForSelector('#correction-reason-error');
    await adminPage.selectOption('#correction-entry', target.id);
    expect(await adminPage.inputValue('#correction-text')).toBe(fixed);
    await adminPage.fill(
      '#correction-text',
      '観測データ配信システムの本格運用を開始し、配信量は前年度の1.5倍となった。',
    );
    await adminPage.fill('#correction-reason', '配信量の数値に誤りがあったため訂正');
    await adminPage.getByRole('button', { name: '訂正を登録する' }).click();
    await adminPage.waitForSelector('.wf-status:has-text("訂正（第1版）を登録しました")');
    await expectAccessible(adminPage, 'publish-corrected');

    // The public pages show the corrected text and the 訂正 notice.
    const later = await suite.context();
    const pub2 = await later.newPage();
    await open(pub2, suite.url, `/strategies/ai2022/cycles/${cycleId}/nodes/ai2022-p1-g1-t1`);
    await pub2.waitForSelector('.wf-corrections');
    const notice = (await pub2.textContent('.wf-corrections')) ?? '';
    expect(notice).toContain('訂正');
    expect(notice).toContain('配信量の数値に誤りがあったため訂正');
    expect(await pub2.textContent('main')).toContain('配信量は前年度の1.5倍');
    await expectAccessible(pub2, 'public-corrected');
    await later.close();

    // Signing out ends the session; the signed-in screens then ask to sign in.
    await adminPage.getByRole('button', { name: 'ログアウト' }).click();
    await adminPage.waitForURL('**/login?reason=signed_out');
    await open(adminPage, suite.url, '/tasks');
    expect(await adminPage.textContent('main h1')).toBe('ログインが必要です');

    await clerk.close();
    await secretariat.close();
    await office.close();
  }, 300_000);
});
