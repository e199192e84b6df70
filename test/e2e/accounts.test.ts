/**
 * The accounts screen in the browser (issue #19): an administrator creates accounts for the
 * editors of three ministries — two with the form, one from a CSV file whose first version
 * is refused line by line — edits one, disables and enables another; a new editor signs in
 * with the temporary password, is made to choose a new one, and reaches /tasks. axe on every
 * screen, in Japanese and English and at a 390 px phone width.
 */
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeInBrowser, type BrowserSuiteOptions } from './helpers/browser.ts';
import { accessibilityCheck, open } from './helpers/pages.ts';

const PASSWORD = 'e2e-accounts-password-2025';
const expectAccessible = accessibilityCheck('accounts');

/** The account's row in the list of accounts. */
const row = (page: Page, login: string) =>
  page.locator(`[data-testid="accounts-table"] tr[data-login="${login}"]`);

/** Fills and sends the create form; answers with the temporary password shown once. */
async function createAccount(
  page: Page,
  a: { login: string; name: string; ministry: string; email: string },
): Promise<string> {
  const form = page.locator('form[aria-labelledby="account-new-heading"]');
  await form.locator('#account-new-login').fill(a.login);
  await form.locator('#account-new-displayName').fill(a.name);
  await form.locator('#account-new-role').selectOption({ label: '府省担当' });
  await form.getByLabel(a.ministry, { exact: true }).check();
  await form.locator('#account-new-email').fill(a.email);
  await form.getByRole('button', { name: '作成する' }).click();
  const panel = page.getByTestId('temporary-password-panel');
  await panel.getByRole('heading', { name: `${a.login} の仮パスワード` }).waitFor();
  await row(page, a.login).waitFor();
  return (await panel.getByTestId('temporary-password').textContent()) ?? '';
}

/** The server's data and accounts for this file. */
const SETUP: BrowserSuiteOptions = {
  password: PASSWORD,
  users: [['e2e-admin', '--role', 'admin', '--name', '事務局管理者']],
  viewport: { width: 1280, height: 1000 },
};

describeInBrowser('the accounts screen in the browser', SETUP, (suite) => {
  it('creates accounts for three ministries, and a new editor changes the temporary password', async () => {
    const page = await suite.signIn('e2e-admin');
    const office = page.context();
    await page.click('.session-nav__admin');
    await page.getByRole('link', { name: 'アカウント管理' }).click();
    await page.waitForURL('**/admin/accounts');
    await row(page, 'e2e-admin').waitFor();
    expect(await page.textContent('main h1')).toBe('アカウント管理');
    await expectAccessible(page, 'list');

    // 総務省 with the form; the same login again is refused at its field.
    const micPassword = await createAccount(page, {
      login: 'mic-sato',
      name: '佐藤 一郎',
      ministry: '総務省',
      email: 'sato@soumu.example.go.jp',
    });
    expect(micPassword).toMatch(/^[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}$/);
    await expectAccessible(page, 'created');
    const form = page.locator('form[aria-labelledby="account-new-heading"]');
    await form.locator('#account-new-login').fill('mic-sato');
    await form.getByRole('button', { name: '作成する' }).click();
    expect(await page.locator('#account-new-organisationIds-error').textContent()).toContain('府省');
    await form.getByLabel('総務省', { exact: true }).check();
    await form.getByRole('button', { name: '作成する' }).click();
    await page.locator('#account-new-login-error').waitFor();
    expect(await page.textContent('#account-new-login-error')).toBe(
      'このログインIDは既に使われています。別のIDにしてください。',
    );
    await form.locator('#account-new-login').fill('mext-suzuki');
    await form.getByLabel('総務省', { exact: true }).uncheck();
    await form.getByLabel('文部科学省', { exact: true }).check();
    await form.locator('#account-new-displayName').fill('鈴木 花子');
    await form.locator('#account-new-email').fill('suzuki@mext.example.go.jp');
    await form.getByRole('button', { name: '作成する' }).click();
    await row(page, 'mext-suzuki').waitFor();

    // 厚生労働省 from CSV: a file with problems is previewed line by line and creates nothing.
    const upload = (name: string, text: string) =>
      page.setInputFiles('#accounts-csv-file', { name, mimeType: 'text/csv', buffer: Buffer.from(text) });
    await upload(
      'bad.csv',
      'login,name,role,organisations,email\nmhlw-tanaka,田中 三郎,府省担当,厚生省,tanaka@example\nmic-sato,重複,府省担当,総務省,x@example.go.jp\n',
    );
    const preview = page.getByTestId('csv-preview');
    await preview.locator('tr[data-line="2"]').waitFor();
    expect(await preview.locator('tr[data-line="2"]').textContent()).toContain(
      '府省「厚生省」は登録されていません',
    );
    expect(await preview.locator('tr[data-line="2"]').textContent()).toContain(
      'メールアドレス「tanaka@example」の形式',
    );
    expect(await preview.locator('tr[data-line="3"]').textContent()).toContain(
      'ログインID「mic-sato」は既に使われています',
    );
    expect(await preview.textContent()).toContain('3件の問題があります');
    expect(await preview.getByRole('button', { name: /アカウントを作成する/ }).count()).toBe(0);
    await expectAccessible(page, 'csv-problems');
    await upload(
      'mhlw.csv',
      'login,name,role,organisations,email\nmhlw-tanaka,田中 三郎,府省担当,厚生労働省,tanaka@mhlw.example.go.jp\n',
    );
    await preview.getByText('1件のアカウントを作成できます').waitFor();
    await preview.getByRole('button', { name: '1件のアカウントを作成する' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '1件のアカウントを作成する' }).click();
    const created = page.getByTestId('csv-created');
    await created.waitFor();
    expect(await created.locator('tr[data-login="mhlw-tanaka"]').textContent()).toContain('田中 三郎');
    expect(await created.getByTestId('csv-temporary-password').textContent()).toMatch(/^[A-Za-z2-9-]{19}$/);
    await row(page, 'mhlw-tanaka').waitFor();

    // Edit the e-mail address over its version; disable and enable after confirming.
    const suzuki = row(page, 'mext-suzuki');
    await suzuki.getByRole('button', { name: /^編集.*鈴木 花子/ }).click();
    const edit = page.locator('form[aria-labelledby$="-heading"]', {
      hasText: '鈴木 花子 さんのアカウントを編集',
    });
    await edit.locator('input[id$="-email"]').fill('hanako.suzuki@mext.example.go.jp');
    await edit.getByRole('button', { name: '保存する' }).click();
    await page.locator('main [role=status]', { hasText: '鈴木 花子' }).first().waitFor();
    expect(await suzuki.textContent()).toContain('文部科学省');
    await suzuki.getByRole('button', { name: /^無効にする.*鈴木 花子/ }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.textContent()).toContain('ログインできなくなります');
    await dialog.getByRole('button', { name: '無効にする' }).click();
    await suzuki.getByText('無効', { exact: true }).waitFor();
    await suzuki.getByRole('button', { name: /^有効にする.*鈴木 花子/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: '有効にする' }).click();
    await suzuki.getByText('有効（仮パスワード）').waitFor();
    expect(await row(page, 'mic-sato').textContent()).toContain('未ログイン');
    await expectAccessible(page, 'edited');

    // The new 総務省 editor: the temporary password opens only the change of password.
    const clerk = await suite.context();
    const editor = await clerk.newPage();
    await open(editor, suite.url, '/login');
    await editor.fill('#login', 'mic-sato');
    await editor.fill('#password', micPassword);
    await editor.click('main button[type=submit]');
    await editor.waitForURL('**/account/password?**');
    await editor.waitForSelector('#newPassword');
    expect(await editor.textContent('main h1')).toBe('パスワードの変更');
    await expectAccessible(editor, 'change-password');
    await open(editor, suite.url, '/tasks');
    await editor.waitForURL('**/account/password?**');
    await editor.waitForSelector('#newPassword');
    await editor.fill('#currentPassword', micPassword);
    await editor.fill('#newPassword', 'short');
    await editor.fill('#confirmPassword', 'short');
    await editor.getByRole('button', { name: 'パスワードを変更する' }).click();
    expect(await editor.textContent('#newPassword-error')).toBe(
      '新しいパスワードは12文字以上にしてください。',
    );
    await editor.fill('#newPassword', 'sato-new-password-2025');
    await editor.fill('#confirmPassword', 'sato-new-password-2025');
    await editor.getByRole('button', { name: 'パスワードを変更する' }).click();
    await editor.waitForURL('**/tasks');
    await editor.waitForSelector('main h1');
    expect(await editor.textContent('.session-nav')).toContain('佐藤 一郎');

    // The list now shows the sign-in, in Japanese date style.
    await open(page, suite.url, '/admin/accounts');
    await row(page, 'mic-sato').waitFor();
    expect(await row(page, 'mic-sato').textContent()).toMatch(/令和\d+年\d+月\d+日（.）/);
    expect(await row(page, 'mic-sato').locator('td').nth(4).textContent()).toBe('有効');

    // English, and a 390 px phone.
    await open(page, suite.url, '/en/admin/accounts');
    await row(page, 'mic-sato').waitFor();
    expect(await page.textContent('main h1')).toBe('Accounts');
    await expectAccessible(page, 'list-en');
    const small = await suite.signIn('e2e-admin', { viewport: { width: 390, height: 1000 } });
    const phone = small.context();
    await open(small, suite.url, '/admin/accounts');
    await row(small, 'mic-sato').waitFor();
    await expectAccessible(small, 'list-390');
    const overflow = await small.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    for (const context of [office, clerk, phone]) await context.close();
  }, 300_000);
});
