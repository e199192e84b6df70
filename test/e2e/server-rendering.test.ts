/**
 * Server-rendered public pages in a real browser: with JavaScript off the page is readable
 * (its heading and content are in the HTML); with JavaScript on it hydrates without a
 * hydration error and without asking the API again (the responses are in the page), client
 * navigation still works, and axe finds nothing.
 */
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeInBrowser } from './helpers/browser.ts';
import { axeViolations } from './helpers/pages.ts';

const S = '/strategies/ai2022/cycles/ai2022-fy2022';

const PAGES: [path: string, heading: RegExp][] = [
  ['/', /戦略のフォローアップ/],
  [S, /AI戦略2022/],
  [`/en${S}/nodes/ai2022-p1-g1-t1`, /digital twins/i],
  [`${S}/organisations/mic`, /総務省/],
  ['/en/initiatives/ai2022-i17', /\S/],
  ['/indicators/ai2022-k1', /\S/],
  [`/en${S}/compare`, /Compar/],
  [`${S}/downloads`, /ダウンロード|データ/],
  ['/portfolio', /戦略ポートフォリオ/],
  ['/en/portfolio?ministry=mhlw&fiscalYear=2022', /Strategy portfolio/],
  ['/portfolio/ministries/mhlw', /厚生労働省/],
  ['/en/portfolio/ministries/mhlw?fiscalYear=2022', /Ministry of Health/],
];

// No accounts: only public pages. Contexts come from the browser itself, at Playwright's
// default viewport and timeouts.
describeInBrowser('server-rendered public pages', {}, (suite) => {
  it('are readable with JavaScript off', async () => {
    const context = await suite.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    try {
      for (const [path, heading] of PAGES) {
        const res = await page.goto(suite.url + path);
        expect(res?.status(), path).toBe(200);
        expect(await page.locator('main h1').first().textContent(), path).toMatch(heading);
        expect(await page.locator('.loading').count(), path).toBe(0);
      }
      // The tree's links lead to pages that are readable too.
      await page.goto(suite.url + `${S}/tree`);
      await page.locator('main a[href*="/nodes/"]').first().click();
      await page.waitForURL(/\/nodes\//);
      expect(await page.locator('main h1').first().textContent()).toMatch(/\S/);
    } finally {
      await context.close();
    }
  }, 120_000);

  it.each(PAGES)(
    '%s hydrates with no error and no API request, and passes axe',
    async (path) => {
      const context = await suite.browser.newContext();
      const page = await context.newPage();
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('request', (r) => {
        if (new URL(r.url()).pathname.startsWith('/api/')) requests.push(r.url());
      });
      try {
        await page.goto(suite.url + path, { waitUntil: 'networkidle' });
        await hydrated(page);
        expect(problems).toEqual([]);
        expect(requests).toEqual([]);
        expect(await axeViolations(page)).toEqual([]);
      } finally {
        await context.close();
      }
    },
    60_000,
  );

  it('navigates on the client after hydrating, and loads what it has not got', async () => {
    const context = await suite.browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    try {
      // a strategy's address leads to its newest cycle (an HTTP redirect)
      await page.goto(suite.url + '/strategies/ai2022', { waitUntil: 'networkidle' });
      expect(new URL(page.url()).pathname).toBe(S);
      await hydrated(page);
      await page.evaluate(() => ((window as unknown as { kept: number }).kept = 1));
      await page.locator('.section-nav a', { hasText: '目標と取組' }).click();
      await page.waitForURL(/\/tree$/);
      await page.locator('main a[href*="/nodes/ai2022-p1-g1-t1"]').first().click();
      await page.waitForURL(/\/nodes\/ai2022-p1-g1-t1$/);
      await page.waitForSelector('main h1');
      await page.waitForFunction(() => !document.querySelector('.loading'));
      expect(await page.locator('main h1').textContent()).toContain('デジタル・ツイン');
      expect(await page.title()).toContain('1.1.1');
      // the same document: no full page load happened
      expect(await page.evaluate(() => (window as unknown as { kept?: number }).kept)).toBe(1);
      // the head follows: the canonical URL is the new page's, the first page's JSON-LD is gone
      expect(await page.locator('link[rel="canonical"]').getAttribute('href')).toMatch(
        /\/strategies\/ai2022\/cycles\/ai2022-fy2022\/nodes\/ai2022-p1-g1-t1$/,
      );
      expect(await page.locator('script[type="application/ld+json"]').count()).toBe(0);
      await page.locator('.lang-switch a').click();
      await page.waitForURL(/\/en\/strategies\//);
      await page.waitForFunction(() => document.documentElement.lang === 'en');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});

/** Waits until React has hydrated the page (its root carries React's fiber key). */
async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const header = document.querySelector('.site-header');
    return !!header && Object.keys(header).some((k) => k.startsWith('__reactFiber'));
  });
}
