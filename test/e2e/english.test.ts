/**
 * English text in the browser (issue #22, item 7): a 総務省 clerk writes the progress text in
 * Japanese and in English on the entry form and submits it; once the cycle is published (the
 * rest through the API), the English initiative page shows the English text, and marks what
 * has no English "Japanese only / 日本語のみ" with lang="ja". axe on both screens. The
 * structure editor names the levels (Pillar, Goal, Target) in English on /en.
 */
import { expect, it } from 'vitest';
import { describeInBrowser, type BrowserSuiteOptions } from './helpers/browser.ts';
import { accessibilityCheck, open } from './helpers/pages.ts';

const PASSWORD = 'e2e-english-password-2023';
const ALL_ORGS = ['csti', 'mic', 'mext', 'mhlw', 'maff', 'meti', 'mlit', 'env', 'mod'];
const INITIATIVE = 'ai2022-i01';
const JA = '防災デジタルツインのデータ提供システムを構築した。';
const EN = 'Built the data service for the disaster-prevention digital twin.';
const expectAccessible = accessibilityCheck('english');

interface Entry {
  id: string;
  version: number;
  initiativeId: string;
}

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

describeInBrowser('English text in the browser', SETUP, (suite) => {
  it('an English progress text entered on the form shows on the /en initiative page once published', async () => {
    const base = suite.url;
    const admin = await suite.api('e2e-admin');
    const reviewerApi = await suite.api('e2e-reviewer');
    const allApi = await suite.api('e2e-all');
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
    const all = (
      await reviewerApi.call<{ entries: { entry: Entry }[] }>('GET', `/api/cycles/${cycleId}/entries`)
    ).entries;
    const target = all.find((e) => e.entry.initiativeId === INITIATIVE)!.entry;

    // The clerk writes both languages on the entry form and submits.
    const editor = await suite.signIn('e2e-mic');
    const clerk = editor.context();
    await open(editor, base, `/entries/${target.id}`);
    await editor.waitForSelector('#entry-text-en');
    await editor.fill('#entry-text', JA);
    await editor.fill('#entry-text-en', EN);
    expect(await editor.getAttribute('#entry-text-en', 'lang')).toBe('en');
    await expectAccessible(editor, 'entry-form');
    await editor.getByRole('button', { name: '事務局に提出する' }).click();
    await editor.waitForSelector('.wf-status:has-text("提出しました")');
    await clerk.close();

    // The rest through the API: accept, the other entries, assessments, summary, publish.
    const mine = await reviewerApi.call<{ entry: Entry & { textEn: string } }>(
      'GET',
      `/api/entries/${target.id}`,
    );
    expect(mine.entry.textEn).toBe(EN);
    await reviewerApi.call('POST', `/api/entries/${target.id}/accept`, { version: mine.entry.version });
    for (const { entry } of all) {
      if (entry.id === target.id) continue;
      let e = await allApi.call<Entry>('PUT', `/api/entries/${entry.id}`, {
        version: entry.version,
        text: `${entry.initiativeId}の2023年度の進捗。`,
        stage: null,
      });
      e = await allApi.call<Entry>('POST', `/api/entries/${entry.id}/submit`, { version: e.version });
      await reviewerApi.call('POST', `/api/entries/${entry.id}/accept`, { version: e.version });
    }
    const list = await reviewerApi.call<{ assessments: { missing: string[] } }>(
      'GET',
      `/api/cycles/${cycleId}/checklist`,
    );
    for (const nodeId of list.assessments.missing)
      await reviewerApi.call('PUT', `/api/cycles/${cycleId}/assessments/${nodeId}`, {
        version: null,
        rating: 'steady',
        narrative: '着実に進展している。',
        narrativeEn: 'Progressing steadily.',
      });
    await reviewerApi.call('PUT', `/api/cycles/${cycleId}/summary`, {
      version: null,
      overall: ['全体として着実に進展している。'],
      overallEn: ['Steady progress overall.'],
      pillars: [],
    });
    const { cycles } = await admin.call<{ cycles: { id: string; version: number }[] }>(
      'GET',
      '/api/strategies/ai2022/cycles',
    );
    const version = cycles.find((c) => c.id === cycleId)!.version;
    await admin.call('POST', `/api/cycles/${cycleId}/publish`, { version });

    // An anonymous reader of the English initiative page.
    const reader = await suite.context();
    const page = await reader.newPage();
    await open(page, base, `/en/initiatives/${INITIATIVE}`);
    const english = page.locator('.timeline__entry p', { hasText: EN });
    await english.waitFor({ timeout: 15_000 });
    // the English text is not marked, and not in lang="ja"
    expect(await english.evaluate((el) => el.closest('[lang="ja"]') === null)).toBe(true);
    expect(await english.locator('.ja-only-mark').count()).toBe(0);
    // last year's entry has no English: shown in Japanese, marked, in lang="ja"
    const marked = page.locator('.timeline__entry .ja-only').first();
    await marked.waitFor();
    expect(await marked.locator('.ja-only-mark').textContent()).toBe('Japanese only / 日本語のみ');
    expect(await marked.locator('[lang="ja"]').count()).toBe(1);
    expect(await page.textContent('main')).not.toContain(JA);
    await expectAccessible(page, 'initiative-en');
    await reader.close();
    // many API calls to publish a cycle: slow on a loaded machine
  }, 120_000);

  it('the English structure editor names the levels in English', async () => {
    const admin = await suite.signIn('e2e-admin');
    await open(admin, suite.url, '/en/admin/strategies/ai2022');
    await admin.waitForSelector('.adm-node__level');
    const levels = await admin.locator('.adm-node__level').allTextContents();
    expect(new Set(levels)).toEqual(new Set(['Pillar', 'Goal', 'Target']));
    // the level names are edited on the strategy's form, the English beside the Japanese
    expect(await admin.inputValue('#strategy-levelLabels')).toBe('柱\n目標\n具体目標');
    await admin.fill('#strategy-levelLabelsEn', 'Pillar\nObjective\nTarget');
    await admin.locator('form:has(#strategy-levelLabelsEn)').getByRole('button', { name: 'Save' }).click();
    await admin.locator('.adm-node__level', { hasText: 'Objective' }).first().waitFor();
    await expectAccessible(admin, 'structure-en');
    await admin.goto(`${suite.url}/admin/strategies/ai2022`);
    await admin.waitForSelector('.adm-node__level');
    expect(new Set(await admin.locator('.adm-node__level').allTextContents())).toEqual(
      new Set(['柱', '目標', '具体目標']),
    );
    await admin.context().close();
  }, 120_000);
});
