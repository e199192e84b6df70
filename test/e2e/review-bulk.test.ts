/**
 * The secretariat's review work in the browser (issue #19): a reviewer filters the queue by
 * ministry, sees a placeholder flagged, bulk-accepts, returns one after confirming; marks a
 * silent ministry's item 該当なし with a reason and enters another on its behalf (which the
 * ministry then sees on its entry); the admin's checklist names the exception, counts agree,
 * and the cycle is published with it; the public initiative page says 該当なし. axe on every
 * screen, in Japanese and English and at a 390 px phone width. (Set-up of the other
 * ministries' entries goes through the API: not the point of the test.)
 */
import { expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { describeInBrowser, type BrowserSuiteOptions } from './helpers/browser.ts';
import { accessibilityCheck, open } from './helpers/pages.ts';

const PASSWORD = 'e2e-review-password-2023';
const ALL_ORGS = ['csti', 'mic', 'mext', 'mhlw', 'maff', 'meti', 'mlit', 'env', 'mod'];
const expectAccessible = accessibilityCheck('review');

interface Entry {
  id: string;
  version: number;
  reviewState: string;
  initiativeId: string;
}
interface Item {
  entry: Entry;
  initiative: { id: string; title: string; ownerIds: string[] };
}

/** The server's data and accounts for this file. */
const SETUP: BrowserSuiteOptions = {
  password: PASSWORD,
  users: [
    ['e2e-admin', '--role', 'admin', '--name', '事務局管理者'],
    ['e2e-reviewer', '--role', 'reviewer', '--name', '事務局 審査'],
    ['e2e-mhlw', '--role', 'editor', '--name', '厚労省 担当', '--org', 'mhlw'],
    ['e2e-all', '--role', 'editor', '--org', ...ALL_ORGS],
  ],
};

describeInBrowser('review work in the browser', SETUP, (suite) => {
  /** The page in Japanese, in English, and at a phone's width, each checked by axe. */
  const everyWay = async (context: BrowserContext, path: string, name: string) => {
    const page = await context.newPage();
    await open(page, suite.url, `/en${path}`);
    await expectAccessible(page, `${name}-en`);
    await page.setViewportSize({ width: 390, height: 844 });
    await open(page, suite.url, path);
    await expectAccessible(page, `${name}-390`);
    await page.close();
  };

  it('filters, bulk-accepts, returns, excepts and writes on behalf; publishes with the exception', async () => {
    const admin = await suite.api('e2e-admin');
    const reviewerApi = await suite.api('e2e-reviewer');
    const allApi = await suite.api('e2e-all');

    // Set-up: FY2023 opened; 総務省's items submitted (one with a placeholder); every other
    // item submitted and accepted, except two of 厚労省's alone, which stay unreported.
    const created = await admin.call<{ id: string; version: number }>(
      'POST',
      '/api/strategies/ai2022/cycles',
      {
        fiscalYear: 2023,
        asOf: '2024-04',
      },
    );
    await admin.call('POST', `/api/cycles/${created.id}/open`, { version: created.version });
    const cycleId = created.id;
    const items = (await reviewerApi.call<{ entries: Item[] }>('GET', `/api/cycles/${cycleId}/entries`))
      .entries;
    const mic = items.filter((i) => i.initiative.ownerIds.includes('mic'));
    const [silentA, silentB] = items.filter((i) => i.initiative.ownerIds.join() === 'mhlw');
    expect(mic.length).toBeGreaterThanOrEqual(3);
    expect(silentB).toBeDefined();
    for (const [n, { entry }] of items.entries()) {
      if (entry.id === silentA!.entry.id || entry.id === silentB!.entry.id) continue;
      const text =
        n === items.indexOf(mic[0]!) ? '約○機関で実証を行った。' : `${entry.initiativeId}の2023年度の進捗。`;
      let e = await allApi.call<Entry>('PUT', `/api/entries/${entry.id}`, {
        version: entry.version,
        text,
        stage: 'ongoing',
      });
      e = await allApi.call<Entry>('POST', `/api/entries/${entry.id}/submit`, { version: e.version });
      if (!mic.includes(items[n]!))
        await reviewerApi.call('POST', `/api/entries/${entry.id}/accept`, { version: e.version });
    }

    // The reviewer filters the queue to 総務省.
    const reviewer = await suite.signIn('e2e-reviewer');
    const secretariat = reviewer.context();
    await open(reviewer, suite.url, `/review/${cycleId}`);
    await reviewer.selectOption('#filter-ministry', 'mic');
    await reviewer.waitForURL(`**/review/${cycleId}?ministry=mic`);
    const cards = reviewer.locator('[data-testid=review-card]');
    await expect.poll(() => cards.count()).toBe(mic.length);
    // The placeholder is flagged on its card.
    const flagged = cards.filter({ hasText: '約○機関' });
    expect(await flagged.locator('[data-testid=placeholder-flag]').textContent()).toContain('「約○」');
    await expectAccessible(reviewer, 'queue-mic');

    // Every card but the flagged one is selected and accepted at once.
    const title = (i: Item) => i.initiative.title;
    const others = mic.slice(1);
    for (const i of others)
      await cards
        .filter({ hasText: title(i) })
        .getByRole('checkbox', { name: /選択/ })
        .check();
    expect(await reviewer.textContent('.wf-bulk')).toContain(`${others.length}件を選択中`);
    await reviewer.getByRole('button', { name: `選択した${others.length}件を受理する` }).click();
    await reviewer.waitForSelector(`.wf-status:has-text("${others.length}件を受理しました")`);
    await expect.poll(() => cards.count()).toBe(1);

    // The flagged one is returned, after the dialog says the ministry is told.
    const last = cards.first();
    await last.getByRole('button', { name: '差し戻す' }).click();
    await last.locator('.wf-field-error').waitFor();
    expect(await last.textContent()).toContain('差し戻すにはコメントを入力してください');
    await last.getByLabel('差し戻しのコメント（必須）').fill('「約○」を確定した数に直してください');
    await last.getByRole('button', { name: '差し戻す' }).click();
    const dialog = reviewer.getByRole('dialog');
    expect(await dialog.textContent()).toContain('担当府省の編集者にコメント付きで通知');
    await expectAccessible(reviewer, 'return-confirm');
    await dialog.getByRole('button', { name: '差し戻す' }).click();
    await reviewer.waitForSelector('.wf-status:has-text("差し戻しました")');
    const returned = await reviewerApi.call<{ entry: Entry }>('GET', `/api/entries/${mic[0]!.entry.id}`);
    expect(returned.entry.reviewState).toBe('returned');
    // (The ministry resubmits it, through the API.)
    const fixed = await allApi.call<Entry>('PUT', `/api/entries/${returned.entry.id}`, {
      version: returned.entry.version,
      text: '12機関で実証を行った。',
      stage: 'ongoing',
    });
    const again = await allApi.call<Entry>('POST', `/api/entries/${fixed.id}/submit`, {
      version: fixed.version,
    });
    await reviewerApi.call('POST', `/api/entries/${fixed.id}/accept`, { version: again.version });

    // 厚労省 never reported: one item is 該当なし, with the reason it needs.
    await open(reviewer, suite.url, `/review/${cycleId}?ministry=mhlw&state=draft`);
    await expect.poll(() => cards.count()).toBe(2);
    const a = cards.filter({ hasText: title(silentA!) });
    await a.locator('summary', { hasText: '例外として記録する' }).click();
    await a.getByRole('radio', { name: '該当なし' }).check();
    await a.getByRole('button', { name: '例外として記録する', exact: true }).click();
    await a.locator('.wf-field-error').waitFor();
    expect(await a.locator('.wf-field-error').textContent()).toContain('理由を入力してください');
    await a.getByLabel('理由（必須・公開されます）').fill('本年度は事業を実施していない');
    await a.getByRole('button', { name: '例外として記録する', exact: true }).click();
    await reviewer.waitForSelector('.wf-status:has-text("該当なしとして記録しました")');

    // …and the secretariat enters the other on the ministry's behalf, submitted.
    const b = cards.filter({ hasText: title(silentB!) });
    await b.locator('summary', { hasText: '府省に代わって入力する' }).click();
    await b.getByLabel('主な進捗', { exact: true }).fill('事務局が聞き取った進捗：研修を3回実施した。');
    await expectAccessible(reviewer, 'on-behalf-form');
    await b.getByRole('button', { name: '代理入力を保存する' }).click();
    await reviewer.waitForSelector('.wf-status:has-text("代理入力し、提出済みにしました")');
    await open(reviewer, suite.url, `/review/${cycleId}?ministry=mhlw`);
    const proxied = cards.filter({ hasText: title(silentB!) });
    await proxied.getByRole('button', { name: '受理する' }).click();
    await reviewer.waitForSelector('.wf-status:has-text("受理しました")');
    await everyWay(secretariat, `/review/${cycleId}?ministry=mhlw&state=all`, 'queue');

    // The ministry sees who wrote its entry, and when.
    const clerk = await suite.signIn('e2e-mhlw');
    await open(clerk, suite.url, `/entries/${silentB!.entry.id}`);
    expect(await clerk.textContent('[data-testid=on-behalf]')).toContain(
      '事務局が代理入力しました（事務局 審査、',
    );
    await open(clerk, suite.url, `/entries/${silentA!.entry.id}`);
    expect(await clerk.textContent('[data-testid=exception]')).toContain('本年度は事業を実施していない');

    // Assessments and the summary through the API.
    const list = await reviewerApi.call<{ assessments: { missing: string[] } }>(
      'GET',
      `/api/cycles/${cycleId}/checklist`,
    );
    for (const nodeId of list.assessments.missing) {
      await reviewerApi.call('PUT', `/api/cycles/${cycleId}/assessments/${nodeId}`, {
        version: null,
        rating: 'steady',
        narrative: '着実に進展している。',
      });
    }
    await reviewerApi.call('PUT', `/api/cycles/${cycleId}/summary`, {
      version: null,
      overall: ['全体として着実に進展している。'],
      pillars: [],
    });

    // The admin's checklist: counts that agree, the exception named; publish after confirming.
    const adminPage = await suite.signIn('e2e-admin');
    const office = adminPage.context();
    await open(adminPage, suite.url, `/publish/${cycleId}`);
    const checklist = await adminPage.textContent('[data-testid=checklist]');
    expect(checklist).toContain(
      `（${items.length}/${items.length}件：受理済み${items.length - 1}件、例外1件）`,
    );
    expect(checklist).not.toContain('未達成');
    const exception = adminPage.locator('[data-testid=exceptions] tbody tr');
    expect(await exception.count()).toBe(1);
    const row = await exception.textContent();
    for (const part of [title(silentA!), '厚労省', '該当なし', '本年度は事業を実施していない', '事務局 審査'])
      expect(row).toContain(part);
    const mhlwRow = adminPage.locator('[data-testid=status-table] tbody tr', { hasText: '厚労省' });
    expect(await mhlwRow.locator('a').getAttribute('href')).toBe(
      `/review/${cycleId}?ministry=mhlw&state=all`,
    );
    await expectAccessible(adminPage, 'publish');
    await everyWay(office, `/publish/${cycleId}`, 'publish');
    await adminPage.getByRole('button', { name: '公開する' }).click();
    const confirm = adminPage.getByRole('dialog');
    expect(await confirm.textContent()).toContain('例外（該当なし・報告なし）とその理由');
    await confirm.getByRole('button', { name: '公開する' }).click();
    await adminPage.waitForSelector('text=公開ページを見る');

    // The public page of the excepted item says so, with the reason.
    const reader = await (await suite.context()).newPage();
    await open(reader, suite.url, `/initiatives/${silentA!.initiative.id}`);
    expect(await reader.textContent('main')).toContain('該当なし');
    expect(await reader.textContent('main')).toContain('本年度は事業を実施していない');
  }, 400_000);
});
