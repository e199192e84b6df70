/**
 * The embeddable widgets in a real browser (issue #22, item 6): the embed code shown on a
 * target's page is copied into a page served from another origin (a plain node http server
 * on its own port); there /embed.js turns the placeholder into an iframe that shows the
 * card at the height its content needs, and the plain iframe code shows the indicator's
 * chart. No CSP error in any frame; the embed pages have no axe violation in either language.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser } from './helpers/browser.ts';
import { axeViolations, open, screenshot } from './helpers/pages.ts';

const S = '/strategies/ai2022/cycles/ai2022-fy2022';
const NODE = 'ai2022-p1-g1-t1';

/** A ministry's page on another origin, with whatever embed code it is given. */
function hostSite(): {
  start: () => Promise<string>;
  set: (html: string) => void;
  stop: () => Promise<void>;
} {
  let body = '';
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      `<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>府省のページ</title></head>` +
        `<body><main><h1>府省のページ</h1>${body}</main></body></html>`,
    );
  });
  return {
    start: () =>
      new Promise((resolve) =>
        server.listen(0, '127.0.0.1', () =>
          resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
        ),
      ),
    set: (html) => (body = html),
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function frameOf(page: Page, selector: string): Promise<Frame> {
  const handle = await page.waitForSelector(selector);
  const frame = await handle.contentFrame();
  if (!frame) throw new Error(`no frame in ${selector}`);
  await frame.waitForSelector('main h1');
  return frame;
}

// No accounts: only public pages. The other origin is started beside the suite's server.
describeInBrowser('embeddable widgets on another site', {}, (suite) => {
  let context: BrowserContext;
  let page: Page;
  const host = hostSite();
  let hostUrl: string;
  const cspErrors: string[] = [];

  beforeAll(async () => {
    hostUrl = await host.start();
    context = await suite.browser.newContext({ viewport: { width: 1024, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: suite.url });
    page = await context.newPage();
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) cspErrors.push(m.text());
    });
  });

  afterAll(async () => {
    await context?.close();
    await host.stop();
  });

  it('shows the embed code on the target page, with a copy button', async () => {
    await open(page, suite.url, `${S}/nodes/${NODE}`);
    const box = page.getByLabel('埋め込みコード（高さを自動で合わせるスクリプト付き）');
    const code = await box.inputValue();
    expect(code).toContain(`<div data-shinchoku-embed="/embed/targets/${NODE}"`);
    expect(code).toContain(`<script src="${suite.url}/embed.js" async></script>`);
    expect(await box.isVisible()).toBe(true);
    expect(await box.getAttribute('readonly')).not.toBeNull();
    await page.getByRole('button', { name: 'コードをコピー' }).first().click();
    const status = page.locator('.code-box [role="status"]').first();
    await page.waitForFunction((el) => el!.textContent !== '', await status.elementHandle(), {
      timeout: 5000,
    });
    expect(await status.textContent()).toBe('コピーしました');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code);
  }, 60_000);

  it('the script snippet becomes an iframe of the card, as tall as its content, on another origin', async () => {
    await open(page, suite.url, `${S}/nodes/${NODE}`);
    const script = await page.getByLabel('埋め込みコード（高さを自動で合わせるスクリプト付き）').inputValue();
    await open(page, suite.url, `/indicators/ai2022-k1`);
    const iframe = await page.getByLabel('埋め込みコード（iframe のみ）').inputValue();
    expect(iframe).toMatch(
      /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/embed\/indicators\/ai2022-k1" title="[^"]+"/,
    );
    host.set(`${script}\n<section>${iframe}</section>`);

    await page.goto(hostUrl, { waitUntil: 'load' });
    const card = await frameOf(page, '[data-shinchoku-embed] iframe');
    expect(await card.textContent('main h2')).toBe('概況');
    expect(await card.locator('.badge').first().textContent()).toMatch(/^評価：/);
    // /embed.js sets the iframe's height to what the card reports (not the 360 it starts with).
    await page.waitForFunction(() => {
      const f = document.querySelector('[data-shinchoku-embed] iframe') as HTMLIFrameElement;
      return f.height !== '360';
    });
    const sizes = await page.evaluate(() => {
      const f = document.querySelector('[data-shinchoku-embed] iframe') as HTMLIFrameElement;
      return { height: Number(f.height), inner: f.contentDocument?.documentElement.scrollHeight ?? null };
    });
    expect(sizes.inner).toBeNull(); // another origin: the host cannot read the frame
    const inner = await card.evaluate(() => document.documentElement.scrollHeight);
    expect(Math.abs(sizes.height - inner)).toBeLessThanOrEqual(2);

    const chart = await frameOf(page, 'section iframe');
    expect(await chart.locator('svg[role="img"] title').textContent()).toMatch(/の推移$/);
    expect(await chart.locator('svg path').count()).toBeGreaterThan(0);
    await screenshot(page, 'embed-host');
    expect(cspErrors).toEqual([]);
  });

  it.each([
    ['target-ja', `/embed/targets/${NODE}`],
    ['target-en', `/en/embed/targets/${NODE}`],
    ['indicator-ja', '/embed/indicators/ai2022-k1'],
    ['indicator-en', '/en/embed/indicators/ai2022-k1'],
    ['missing', '/embed/targets/nope'],
  ])('%s: the embed page has no axe violation and no CSP error', async (name, path) => {
    await page.goto(suite.url + path, { waitUntil: 'load' });
    await page.waitForSelector('main h1');
    await screenshot(page, `embed-${name}`);
    expect(await axeViolations(page)).toEqual([]);
    expect(cspErrors).toEqual([]);
  });
});
