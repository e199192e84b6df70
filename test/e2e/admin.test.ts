/**
 * The administrators' screens in the browser: a strategy is built from nothing (pillars,
 * goals, a target, a renamed, reordered and moved node, an initiative cross-listed under
 * two nodes, an organisation, an indicator with a target — a 400 and a 409 on the way),
 * a cycle is created and opened; the ministry editor then finds the initiative in /tasks
 * and the "cycle opened" notification, writes twice and reads the diff in the history;
 * two tabs on one entry give the 409 that keeps the clerk's text; an expired session keeps
 * the unsaved text until the clerk has signed in again. axe on every new screen.
 */
import { expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { describeInBrowser, type BrowserSuiteOptions } from './helpers/browser.ts';
import { accessibilityCheck, open } from './helpers/pages.ts';

const PASSWORD = 'e2e-admin-password-2025';
const SID = 'e2e2025';

interface Node {
  id: string;
  parentId: string | null;
  position: number;
  title: string;
  version: number;
}

const expectAccessible = accessibilityCheck('admin');

/** The tree item whose own line (not a descendant's) shows this name. */
const nodeItem = (page: Page, name: string): Locator =>
  page.locator(`li.adm-node:has(> .adm-node__line > .adm-node__title:text-is("${name}"))`);

/** The names of a node's direct children, in order. */
async function childNames(item: Locator): Promise<string[]> {
  return item.locator(':scope > ul > li > .adm-node__line > .adm-node__title').allTextContents();
}

async function addNode(page: Page, under: string | null, title: string, code: string): Promise<void> {
  let form: Locator;
  if (under === null) form = page.locator('form[aria-labelledby="add-top-heading"]');
  else {
    const item = nodeItem(page, under);
    await item.locator(':scope > .adm-node__line button', { hasText: 'を追加' }).click();
    form = item.locator(':scope > form');
  }
  await form.locator('input[id$="-title"]').fill(title);
  await form.locator('input[id$="-code"]').fill(code);
  await form.getByRole('button', { name: '追加する' }).click();
  await nodeItem(page, `${code} ${title}`).waitFor();
}

/** The server's data and accounts for this file. */
const SETUP: BrowserSuiteOptions = {
  password: PASSWORD,
  users: [
    ['e2e-admin', '--role', 'admin', '--name', '事務局管理者'],
    ['e2e-mic', '--role', 'editor', '--name', '総務省 担当', '--org', 'mic'],
  ],
  viewport: { width: 1280, height: 1000 },
};

describeInBrowser('structure editing, cycles, history and notifications in the browser', SETUP, (suite) => {
  it('builds a strategy, opens its cycle, and the ministry works in it', async () => {
    const adminApi = await suite.api('e2e-admin');

    // A ministry editor sees no admin menu and is refused at the admin URL.
    const editor = await suite.signIn('e2e-mic');
    const clerk = editor.context();
    expect(await editor.locator('.session-nav__admin').count()).toBe(0);
    await open(editor, suite.url, '/admin');
    expect(await editor.textContent('main h1')).toBe('権限がありません');
    await open(editor, suite.url, `/admin/strategies/ai2022`);
    expect(await editor.textContent('main h1')).toBe('権限がありません');

    // The admin has the menu; a new strategy (the empty title is refused in the form).
    const page = await suite.signIn('e2e-admin');
    const office = page.context();
    await page.click('.session-nav__admin');
    await page.waitForSelector('#strategy-new-title');
    await page.waitForFunction(() => !document.querySelector('.loading'));
    expect(await page.textContent('main')).toContain('AI戦略');
    await expectAccessible(page, 'home');
    await page.getByRole('button', { name: '作成する' }).click();
    expect(await page.textContent('#strategy-new-title-error')).toBe('名称を入力してください。');
    await page.fill('#strategy-new-title', '試験戦略2025');
    await page.fill('#strategy-new-id', SID);
    await page.getByRole('button', { name: '作成する' }).click();
    await page.waitForURL(`**/admin/strategies/${SID}`);
    await page.waitForSelector('form[aria-labelledby="add-top-heading"]');
    // Its open data carries the government's standard terms unless the admin picks another.
    expect(await page.inputValue('#strategy-licenceId')).toBe('gov-jp-2.0');
    await page.selectOption('#strategy-licenceId', 'cc-by-4.0');
    await page.fill('#strategy-attribution', '出典：試験事務局');
    await page.locator('form:has(#strategy-licenceId)').getByRole('button', { name: '保存する' }).click();
    await page.waitForFunction(async (sid) => {
      const r = await fetch(`/api/strategies/${sid}`);
      const s = (await r.json()) as { strategy?: { licenceId?: string }; licenceId?: string };
      return (s.strategy ?? s).licenceId === 'cc-by-4.0';
    }, SID);

    // The tree: two pillars, two goals under the first, a target under a goal.
    await addNode(page, null, '柱A', '1');
    await addNode(page, null, '柱B', '2');
    await addNode(page, '1 柱A', '目標A1', '1-1');
    await addNode(page, '1 柱A', '目標A2', '1-2');
    await addNode(page, '1-1 目標A1', '具体目標X', '1-1-1');
    await expectAccessible(page, 'structure');

    // Rename, reorder, move.
    const a2 = nodeItem(page, '1-2 目標A2');
    await a2.locator(':scope > .adm-node__line').getByRole('button', { name: '名称変更' }).click();
    await a2.locator(':scope > form input[id$="-title"]').fill('目標A2改');
    await a2.locator(':scope > form').getByRole('button', { name: '保存する' }).click();
    await nodeItem(page, '1-2 目標A2改').waitFor();
    await nodeItem(page, '1-2 目標A2改')
      .locator(':scope > .adm-node__line')
      .getByRole('button', { name: '上へ' })
      .click();
    await page.waitForFunction(
      () => document.querySelector('li.adm-node > ul > li .adm-node__title')?.textContent === '1-2 目標A2改',
    );
    expect(await childNames(nodeItem(page, '1 柱A'))).toEqual(['1-2 目標A2改', '1-1 目標A1']);
    const a1 = nodeItem(page, '1-1 目標A1');
    await a1.locator(':scope > .adm-node__line').getByRole('button', { name: '移動' }).click();
    await a1.locator(':scope > form select').selectOption({ label: '2 柱B' });
    await a1.locator(':scope > form').getByRole('button', { name: '移動する' }).click();
    await nodeItem(page, '2 柱B').locator('li .adm-node__title:text-is("1-1 目標A1")').waitFor();
    expect(await childNames(nodeItem(page, '1 柱A'))).toEqual(['1-2 目標A2改']);
    expect(await childNames(nodeItem(page, '2 柱B'))).toEqual(['1-1 目標A1']);
    let nodes = (await adminApi.call<{ nodes: Node[] }>('GET', `/api/strategies/${SID}/nodes`)).nodes;
    const byTitle = (t: string) => nodes.find((n) => n.title === t)!;
    expect(byTitle('目標A1').parentId).toBe(byTitle('柱B').id);
    expect(byTitle('目標A2改').parentId).toBe(byTitle('柱A').id);
    expect(byTitle('目標A2改').position).toBe(0);

    // A rename that meets someone else's change: the current title is shown, mine reapplied.
    const pillarB = byTitle('柱B');
    await page
      .locator('li.adm-node:has(> .adm-node__line > .adm-node__title:text-is("2 柱B"))')
      .locator(':scope > .adm-node__line')
      .getByRole('button', { name: '名称変更' })
      .click();
    await adminApi.call('PATCH', `/api/nodes/${pillarB.id}`, {
      version: pillarB.version,
      title: '柱B（他者）',
    });
    const renameB = nodeItem(page, '2 柱B').locator(':scope > form');
    await renameB.locator('input[id$="-title"]').fill('柱B改');
    await renameB.getByRole('button', { name: '保存する' }).click();
    await renameB.locator('.adm-conflict').waitFor();
    expect(await renameB.locator('.adm-conflict').textContent()).toContain('柱B（他者）');
    expect(await renameB.locator('input[id$="-title"]').inputValue()).toBe('柱B改');
    await expectAccessible(page, 'structure-conflict');
    await renameB.getByRole('button', { name: '自分の変更を再適用して保存' }).click();
    await nodeItem(page, '2 柱B改').waitFor();
    nodes = (await adminApi.call<{ nodes: Node[] }>('GET', `/api/strategies/${SID}/nodes`)).nodes;
    expect(nodes.find((n) => n.id === pillarB.id)!.title).toBe('柱B改');

    // An initiative owned by 総務省 under the target, then cross-listed under 目標A2改.
    const newInitiative = page.locator('form[aria-labelledby="initiative-new-heading"]');
    await newInitiative.locator('#initiative-new-title').fill('試験の取組（e2e）');
    await newInitiative.getByLabel('総務省', { exact: true }).check();
    await newInitiative.getByLabel('1-1-1 具体目標X').check();
    await newInitiative.getByRole('button', { name: '追加する' }).click();
    const card = page.locator('li.adm-initiative', { hasText: '試験の取組（e2e）' });
    await card.waitFor();
    expect(await card.textContent()).toContain('試験の取組（e2e）（総務省）');
    await card.getByRole('button', { name: '編集' }).click();
    await card.locator('form').getByLabel('1-2 目標A2改').check();
    await card.locator('form').getByRole('button', { name: '保存する' }).click();
    const listed = card.locator('p.subtle');
    await listed.filter({ hasText: '1-2 目標A2改' }).waitFor();
    expect(await listed.textContent()).toContain('1-1-1 具体目標X');
    const [initiative] = (
      await adminApi.call<{ initiatives: { id: string; listings: unknown[] }[] }>(
        'GET',
        `/api/initiatives?strategy=${SID}`,
      )
    ).initiatives;
    expect(initiative!.listings).toHaveLength(2);

    // An indicator: a target year that is no period (refused at the field, naming the
    // accepted forms), then an era year, read back before it is sent.
    const newIndicator = page.locator('form[aria-labelledby="indicator-new-heading"]');
    await newIndicator.locator('#indicator-new-name').fill('試験指標の件数');
    await newIndicator.locator('#indicator-new-unit').fill('件');
    await newIndicator.locator('#indicator-new-nodeId').selectOption({ label: '　　1-1-1 具体目標X' });
    await newIndicator.locator('#indicator-new-targetValue').fill('100');
    await newIndicator.locator('#indicator-new-targetPeriod').fill('来年度');
    await newIndicator.getByRole('button', { name: '追加する' }).click();
    await page.waitForSelector('#indicator-new-targetPeriod-error');
    expect(await page.textContent('#indicator-new-targetPeriod-error')).toContain(
      '令和6年度、R6年度、2024年度、FY2024、令和6年度末、令和6年4月、2024-04 のいずれかの形で入力してください',
    );
    expect(await page.getAttribute('#indicator-new-targetPeriod', 'aria-invalid')).toBe('true');
    await expectAccessible(page, 'structure-invalid');
    await newIndicator.locator('#indicator-new-targetPeriod').fill('令和12年度');
    expect(await page.textContent('[data-testid="indicator-new-targetPeriod-reading"]')).toBe(
      '「令和12年度」として登録します。',
    );
    await newIndicator.getByRole('button', { name: '追加する' }).click();
    const kpi = page.locator('li.adm-indicator', { hasText: '試験指標の件数' });
    await kpi.waitFor();
    expect(await kpi.textContent()).toContain('目標値：100件');
    expect(await kpi.textContent()).toContain('2030');

    // An organisation with an alias.
    await open(page, suite.url, '/admin/organisations');
    await page.fill('#org-new-shortName', '試験庁');
    await page.fill('#org-new-nameJa', '試験庁（e2e）');
    await page.fill('#org-new-aliases', 'しけん庁\n試験の庁');
    await page.getByRole('button', { name: '追加する' }).click();
    const org = page.locator('li.adm-org', { hasText: '試験庁（e2e）' });
    await org.waitFor();
    expect(await org.textContent()).toContain('しけん庁、試験の庁');
    await expectAccessible(page, 'organisations');
    const orgs = (
      await adminApi.call<{ organisations: { shortName: string }[] }>('GET', '/api/organisations')
    ).organisations;
    expect(orgs.map((o) => o.shortName)).toContain('試験庁');

    // A cycle: created (draft), what opening does is said, then opened.
    await open(page, suite.url, `/admin/strategies/${SID}/cycles`);
    await page.fill('#cycle-new-fiscalYear', '2025');
    await page.fill('#cycle-new-asOf', '令和8年4月');
    expect(await page.textContent('[data-testid="cycle-new-asOf-reading"]')).toBe(
      '「令和8年4月」として登録します。',
    );
    await page.fill('#cycle-new-deadline', '2026-01-31');
    await page.getByRole('button', { name: '作成する' }).click();
    const cycleCard = page.locator('li.adm-cycle', { hasText: '2025' });
    await cycleCard.waitFor();
    expect(await cycleCard.textContent()).toContain('準備中');
    expect(await cycleCard.textContent()).toContain('取組1件それぞれに記入欄');
    expect(await cycleCard.textContent()).toContain('新しい取組：試験の取組（e2e）');
    await expectAccessible(page, 'cycles');
    await cycleCard.getByRole('button', { name: '受付を開始する' }).click();
    await cycleCard.getByRole('dialog').getByRole('button', { name: '受付を開始する' }).click();
    await page.waitForSelector('.wf-status:has-text("受付を開始しました。記入欄を1件用意しました。")');
    await cycleCard.locator('.wf-state--open').waitFor();
    expect(await cycleCard.textContent()).toContain('受付中');
    expect(await cycleCard.textContent()).toContain('記入欄：1件');
    const cycleId = `${SID}-fy2025`;
    const entryId = `${cycleId}.${initiative!.id}`;
    // A readable id for the new initiative, numbered within its strategy.
    expect(initiative!.id).toBe(`${SID}-i1`);

    // The staff view of the cycle's dashboard says it is not published.
    await open(page, suite.url, `/strategies/${SID}/cycles/${cycleId}`);
    await page.waitForSelector('[data-testid="unpublished-banner"]');
    expect(await page.textContent('[data-testid="unpublished-banner"]')).toBe(
      '未公開 令和7年度（2025年度）フォローアップはまだ公開されていません（受付中）。この画面は権限のある職員にだけ表示される作業中の内容で、公開までに変わることがあります。',
    );
    expect(await page.textContent('.strategy-bar__cycle')).toContain('令和8年4月');
    await expectAccessible(page, 'unpublished-dashboard');

    // The structure as the tree API shows it for the new cycle.
    const tree = await adminApi.call<{
      nodes: { title: string; children: { title: string; items: { initiative: { id: string } }[] }[] }[];
    }>('GET', `/api/strategies/${SID}/cycles/${cycleId}/tree`);
    expect(tree.nodes.map((n) => n.title)).toEqual(['柱A', '柱B改']);
    expect(tree.nodes[0]!.children.map((c) => c.title)).toEqual(['目標A2改']);
    expect(tree.nodes[0]!.children[0]!.items.map((i) => i.initiative.id)).toEqual([initiative!.id]);
    expect(tree.nodes[1]!.children.map((c) => c.title)).toEqual(['目標A1']);

    // The ministry editor: the notification (unread in the header), marked read.
    await open(editor, suite.url, '/notifications');
    expect(await editor.textContent('.session-nav__inbox')).toBe('お知らせ（未読1件）');
    const note = editor.locator('li.wf-notification--unread');
    expect(await note.textContent()).toContain('令和7年度（2025年度）のフォローアップの受付が始まりました');
    expect(await note.textContent()).toContain('提出期限：令和8年1月31日（土）');
    await expectAccessible(editor, 'notifications');
    await note.getByRole('button', { name: '既読にする' }).click();
    await editor.waitForSelector('.adm-unread:has-text("未読：0件")');
    expect(await editor.textContent('.session-nav__inbox')).toBe('お知らせ');
    expect(await editor.locator('li.wf-notification--unread').count()).toBe(0);

    // The new initiative in /tasks; two saves; the history shows the diff.
    await open(editor, suite.url, '/tasks');
    await editor.click(`a[href="/entries/${entryId}"]`);
    await editor.waitForSelector('#entry-text');
    await editor.waitForFunction(() => !document.querySelector('.loading'));
    const textOf = async () =>
      (await adminApi.call<{ entry: { text: string } }>('GET', `/api/entries/${entryId}`)).entry.text;
    await editor.fill('#entry-text', '試験運用を開始した。');
    await expect.poll(textOf, { timeout: 45_000 }).toBe('試験運用を開始した。');
    await editor.fill('#entry-text', '本格運用を開始し、利用者が増えた。');
    await expect.poll(textOf, { timeout: 45_000 }).toBe('本格運用を開始し、利用者が増えた。');
    await editor.getByRole('link', { name: '変更履歴を見る' }).click();
    await editor.waitForSelector('[data-testid=diff]');
    await editor.waitForFunction(() => !document.querySelector('.loading'));
    const diffs = editor.locator('[data-testid=diff]');
    expect(await diffs.count()).toBe(2);
    const last = diffs.nth(1);
    expect(await last.locator('del').allTextContents()).toEqual(['［削除］試験']);
    expect(await last.locator('ins').allTextContents()).toEqual(['［追加］本格', '［追加］、利用者が増え']);
    expect(await editor.textContent('main')).toContain('総務省 担当');
    await expectAccessible(editor, 'history');

    // Two tabs on one entry: the second save meets the first's and keeps its own text.
    const tabA = await clerk.newPage();
    const tabB = await clerk.newPage();
    for (const tab of [tabA, tabB]) {
      await open(tab, suite.url, `/entries/${entryId}`);
      await tab.waitForSelector('#entry-text');
    }
    await tabA.fill('#entry-text', 'タブAで書いた記載。');
    await tabA.waitForSelector('.wf-status:has-text("下書きを保存しました")');
    await tabB.fill('#entry-text', 'タブBで書いた記載。');
    await tabB.waitForSelector('#entry-conflict');
    expect(await tabB.textContent('section.wf-alert blockquote')).toBe('タブAで書いた記載。');
    expect(await tabB.inputValue('#entry-text')).toBe('タブBで書いた記載。');
    await expectAccessible(tabB, 'entry-conflict');
    await tabB.getByRole('button', { name: '自分の入力で上書き保存する' }).click();
    await tabB.waitForSelector('#entry-conflict', { state: 'detached' });
    await tabB.waitForSelector('.wf-status:has-text("下書きを保存しました")');
    expect(await textOf()).toBe('タブBで書いた記載。');
    await tabA.close();
    await tabB.close();

    // The session ends (cookie gone); the unsaved text waits for the next sign-in.
    const entry = await suite.signIn('e2e-mic');
    const laptop = entry.context();
    await open(entry, suite.url, `/entries/${entryId}`);
    await entry.waitForSelector('#entry-text');
    await laptop.clearCookies();
    const unsaved = '期限切れの間に書いた、まだ保存されていない記載。';
    await entry.fill('#entry-text', unsaved);
    await entry.waitForSelector('text=セッションの有効期限が切れました');
    expect(await entry.textContent('main')).toContain('保存されていない入力はこのブラウザに保管しました');
    expect(await textOf()).toBe('タブBで書いた記載。');
    await entry.getByRole('link', { name: 'もう一度ログインする' }).click();
    await entry.waitForSelector('#password');
    await entry.fill('#login', 'e2e-mic');
    await entry.fill('#password', PASSWORD);
    await entry.click('main button[type=submit]');
    await entry.waitForURL(`**/entries/${entryId}`);
    await entry.waitForSelector('#entry-text');
    expect(await entry.inputValue('#entry-text')).toBe(unsaved);
    await entry.waitForSelector('.wf-status:has-text("下書きを保存しました")');
    await expect.poll(textOf, { timeout: 45_000 }).toBe(unsaved);

    await laptop.close();
    await clerk.close();
    await office.close();
  }, 600_000);
});
