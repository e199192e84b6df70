/**
 * Signing in, in the browser (issue #18): an administrator whose role needs a second factor
 * sets up TOTP at the first sign-in (QR code and key, a code computed here, recovery codes
 * shown once), then signs in with a code, and in English with a recovery code; the account
 * page shows the state. A ministry user signs in with the organisation's identity provider —
 * a real OpenID Connect provider started here — through the login page's button; an account
 * the provider gives no role here comes back with the reason. axe on every screen.
 */
import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import { startIdp, type TestIdp } from '../helpers/idp.ts';
import { describeInBrowser, type BrowserSuiteOptions } from './helpers/browser.ts';
import { accessibilityCheck, open } from './helpers/pages.ts';
import { freePort } from './helpers/server.ts';

const PASSWORD = 'e2e-signin-password-2026';
const expectAccessible = accessibilityCheck('signin');

const codeFor = (secret: string, offset = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + offset * 30_000 });

let idp: TestIdp | undefined;

/** An identity provider started first: the server is configured with its address. */
async function setUp(): Promise<BrowserSuiteOptions> {
  const port = await freePort();
  const redirect = `http://127.0.0.1:${port}/api/auth/oidc/callback`;
  idp = await startIdp({ redirectUris: [redirect] });
  idp.accounts.set('sato@example.go.jp', {
    sub: 'sub-sato',
    claims: {
      preferred_username: 'sato@example.go.jp',
      name: '佐藤 花子',
      roles: ['shinchoku-editor'],
      ministry: '総務省',
    },
  });
  idp.accounts.set('suzuki@example.go.jp', {
    sub: 'sub-suzuki',
    claims: { preferred_username: 'suzuki@example.go.jp', roles: ['staff'] },
  });
  return {
    password: PASSWORD,
    users: [['e2e-chief', '--role', 'admin', '--name', '事務局長']],
    port,
    env: {
      MFA_SECRET_KEY: Buffer.alloc(32, 9).toString('base64'),
      MFA_REQUIRED_ROLES: 'admin',
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: idp.clientId,
      OIDC_CLIENT_SECRET: idp.clientSecret,
      OIDC_REDIRECT_URI: redirect,
      OIDC_ROLE_MAP: JSON.stringify({ 'shinchoku-editor': 'editor', 'shinchoku-admin': 'admin' }),
      OIDC_ORG_CLAIM: 'ministry',
      OIDC_ORG_MAP: JSON.stringify({ 総務省: 'mic' }),
    },
  };
}

describeInBrowser('signing in, in the browser', setUp, (suite) => {
  afterAll(async () => {
    await idp?.close();
  });

  const passwordStep = async (page: Page, prefix = '') => {
    await open(page, suite.url, `${prefix}/login`);
    await page.fill('#login', 'e2e-chief');
    await page.fill('#password', PASSWORD);
    await page.click('main form button[type=submit]');
  };
  const signedInAs = async (page: Page, name: string) => {
    await page.waitForURL(/\/tasks$/, { timeout: 15_000 });
    await page.waitForSelector('main h1');
    expect(await page.textContent('.session-nav__user')).toContain(name);
  };

  it('sets up TOTP at an administrator’s first sign-in, then signs in with a code or a recovery code', async () => {
    const context = await suite.context();
    const page = await context.newPage();
    await passwordStep(page);
    await page.waitForSelector('img.mfa-qr');
    expect(await page.textContent('main h1')).toBe('2段階認証の設定');
    expect(await page.getAttribute('img.mfa-qr', 'src')).toMatch(/^data:image\/svg\+xml;base64,/);
    await expectAccessible(page, 'enrol');
    const secret = (await page.getAttribute('code.mfa-secret', 'data-secret'))!;
    expect((await page.textContent('code.mfa-secret'))!.replaceAll(' ', '')).toBe(secret);

    await page.fill('#mfa-code', '000000');
    await page.click('main form button[type=submit]');
    await page.waitForSelector('#mfa-error:has-text("確認コードが正しくありません")');
    await page.fill('#mfa-code', codeFor(secret));
    await page.click('main form button[type=submit]');
    await page.waitForSelector('ol.mfa-recovery-codes');
    const codes = await page.$$eval('ol.mfa-recovery-codes code', (els) =>
      els.map((e) => e.textContent ?? ''),
    );
    expect(codes).toHaveLength(10);
    await expectAccessible(page, 'recovery-codes');
    await page.click('main button:has-text("保管しました")');
    await signedInAs(page, '事務局長');

    // networkidle: the page asks for its state once, not on every render.
    await open(page, suite.url, '/account/security');
    await page.waitForSelector('.mfa-status');
    expect(await page.textContent('main')).toContain('未使用の回復コード: 10 個');
    await expectAccessible(page, 'account-security');

    // Signed out, the password is no longer enough: a code from the next 30 seconds.
    await page.click('.session-nav button');
    await page.waitForURL(/\/login\?reason=signed_out/);
    await passwordStep(page);
    await page.waitForSelector('#mfa-code');
    expect(await page.textContent('main h1')).toBe('確認コードの入力');
    await expectAccessible(page, 'second-step');
    await page.fill('#mfa-code', codeFor(secret, 1));
    await page.click('main form button[type=submit]');
    await signedInAs(page, '事務局長');

    // In English, with a recovery code.
    await page.click('.session-nav button');
    await page.waitForURL(/\/login\?reason=signed_out/);
    await passwordStep(page, '/en');
    await page.waitForSelector('#mfa-code');
    expect(await page.textContent('main h1')).toBe('Enter your verification code');
    await expectAccessible(page, 'second-step-en');
    await page.fill('#mfa-code', codes[0]!);
    await page.click('main form button[type=submit]');
    await page.waitForURL(/\/en\/tasks$/);
    await open(page, suite.url, '/en/account/security');
    await page.waitForSelector('.mfa-status');
    expect(await page.textContent('main')).toContain('Unused recovery codes: 9');
    await context.close();
  }, 120_000);

  it('signs a ministry user in with the organisation’s identity provider, and explains a refusal', async () => {
    const context = await suite.context();
    const page = await context.newPage();
    await open(page, suite.url, '/login');
    const button = page.locator('a:has-text("組織のアカウントでログイン")');
    await button.waitFor();
    await expectAccessible(page, 'login-sso');
    await button.click();
    await page.waitForSelector('#idp-login');
    expect(idp && page.url().startsWith(idp.issuer)).toBe(true);
    await page.fill('#idp-login', 'sato@example.go.jp');
    await page.click('button:has-text("Sign in at the provider")');
    await signedInAs(page, '佐藤 花子');
    expect(await page.textContent('.session-nav__user')).toContain('府省');

    const other = await suite.context();
    const refused = await other.newPage();
    await open(refused, suite.url, '/login');
    await refused.click('a:has-text("組織のアカウントでログイン")');
    await refused.waitForSelector('#idp-login');
    await refused.fill('#idp-login', 'suzuki@example.go.jp');
    await refused.click('button:has-text("Sign in at the provider")');
    await refused.waitForURL(/\/login\?sso_error=oidc_no_role$/);
    await refused.waitForSelector('main [role=alert]:has-text("役割が割り当てられていません")');
    expect(await refused.context().cookies()).not.toContainEqual(
      expect.objectContaining({ name: 'shinchoku_session' }),
    );
    await expectAccessible(refused, 'login-sso-refused');
    await other.close();
    await context.close();
  }, 120_000);
});
