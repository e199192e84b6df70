/**
 * The static copy of the sample's public site (`shinchoku export-site`) as a reader gets it
 * from a plain static file server, under a sub-path, with no application server listening:
 * the application answers the export in-process only and is closed before the browser
 * starts. Every page is walked in Chromium: every link and asset of the page resolves, no
 * request leaves the static server, no script error; axe finds nothing on the first page of
 * each kind in each language (all pages of a kind come from one component). With JavaScript off a
 * page shows its content; with it on, a page hydrates as rendered (no console error) and a link
 * loads the copy's next page, or the live site's for a state the copy does not hold (a filter).
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.ts';
import { siteSource } from '../../src/api/site-source.ts';
import { WEB_DIST } from '../../src/paths.ts';
import { exportSite } from '../../src/services/export-site.service.ts';
import { sampleDb } from '../helpers/sample.ts';
import { ensureWebBuild } from '../helpers/web-build.ts';
import { chromiumOrSkip, launchChromium } from './helpers/browser.ts';
import { axeViolations } from './helpers/pages.ts';

const BASE = 'https://followup.example.go.jp';
const PREFIX = '/mirror/ai/';
const C = 'strategies/ai2022/cycles/ai2022-fy2022';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.jsonld': 'application/ld+json',
  '.xml': 'application/xml',
  '.atom': 'application/atom+xml',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
};

/** A plain static file server of `root` under PREFIX: files as they are, a folder's index.html. */
function staticServer(root: string): Promise<{ url: string; misses: string[]; close: () => Promise<void> }> {
  const misses: string[] = [];
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = pathname.startsWith(PREFIX) ? path.join(root, pathname.slice(PREFIX.length)) : null;
    if (file && !file.startsWith(root)) file = null;
    if (file && fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!file || !fs.existsSync(file)) {
      misses.push(pathname);
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    res.writeHead(200, { 'content-type': type }).end(fs.readFileSync(file));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}${PREFIX}`,
        misses,
        close: () => new Promise((done) => server.close(() => done())),
      });
    }),
  );
}

const executable = chromiumOrSkip();

describe.skipIf(!executable)('the static copy of the public site, from a plain static server', () => {
  let out: string;
  let site: Awaited<ReturnType<typeof staticServer>>;
  let browser: Browser;
  let pages: string[];

  beforeAll(async () => {
    await ensureWebBuild();
    const db = await sampleDb('sqlite');
    const app = await buildApp({ db, config: { publicUrl: BASE } as never });
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'shinchoku-export-e2e-'));
    try {
      await exportSite(db, await siteSource(app, WEB_DIST, BASE), { out, baseUrl: BASE });
    } finally {
      // The application never listened, and is gone before the first page is read.
      await app.close();
      await db.destroy();
    }
    pages = fs
      .readdirSync(out, { recursive: true, encoding: 'utf8' })
      .map((f) => f.split(path.sep).join('/'))
      .filter((f) => f.endsWith('index.html'))
      .sort();
    site = await staticServer(out);
    browser = await launchChromium(executable ?? '');
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    if (out) fs.rmSync(out, { recursive: true, force: true });
  });

  it('walks every page: every link and asset resolves, nothing else is asked, axe finds nothing', async () => {
    expect(pages.length).toBeGreaterThan(100);
    const context = await browser.newContext();
    const page = await context.newPage();
    const origin = new URL(site.url).origin;
    const failures: string[] = [];
    const checked = new Map<string, number>();
    const kinds = new Set<string>();
    page.on('pageerror', (e) => failures.push(`${page.url()}: script error ${e.message}`));
    // A page that does not hydrate as rendered (React #418, #423) says so in the console.
    page.on('console', (m) => {
      if (m.type() === 'error') failures.push(`${page.url()}: console error ${m.text()}`);
    });
    page.on('requestfailed', (r) => {
      // A page that leads on at once (meta refresh) cancels its own pending requests.
      if (r.failure()?.errorText !== 'net::ERR_ABORTED') failures.push(`${page.url()}: ${r.url()} failed`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400) failures.push(`${page.url()}: ${r.url()} → ${r.status()}`);
    });
    page.on('request', (r) => {
      if (!r.url().startsWith(origin) && !r.url().startsWith('data:'))
        failures.push(`${page.url()}: asked ${r.url()}`);
    });
    try {
      for (const file of pages) {
        await page.goto(site.url + file, { waitUntil: 'load' });
        // axe on the first page of each kind (per language): pages of a kind share their markup.
        const kind = file.replace(
          /\/(nodes|organisations|initiatives|indicators|ministries)\/[^/]+\//,
          '/$1/*/',
        );
        if (!kinds.has(kind)) {
          kinds.add(kind);
          await page.waitForLoadState('networkidle');
          const violations = await axeViolations(page);
          if (violations.length > 0) failures.push(`${file}: ${violations.join('; ')}`);
        }
        const urls = await page.$$eval('a[href], link[href], script[src], img[src], form[action]', (els) =>
          els.map((e) =>
            e instanceof HTMLFormElement
              ? e.action
              : (e as HTMLAnchorElement).href || (e as HTMLScriptElement).src || '',
          ),
        );
        for (const raw of urls) {
          if (!raw.startsWith(origin)) continue;
          const url = raw.replace(/[?#].*$/, '');
          if (!checked.has(url)) checked.set(url, (await fetch(url)).status);
          if (checked.get(url) !== 200) failures.push(`${file}: link ${raw} → ${checked.get(url)}`);
        }
      }
    } finally {
      await context.close();
    }
    expect(failures).toEqual([]);
    expect(site.misses).toEqual([]);
    expect(checked.size).toBeGreaterThan(pages.length);
    expect(kinds.size).toBeGreaterThan(20);
    for (const lang of ['', 'en/']) {
      expect(pages).toContain(`${lang}portfolio/index.html`);
      expect(pages).toContain(`${lang}portfolio/ministries/mhlw/index.html`);
    }
  }, 1_200_000);

  it('shows a page’s content with JavaScript off', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    try {
      await page.goto(`${site.url}en/${C}/nodes/ai2022-p1-g1-t1/index.html`);
      expect(await page.locator('main h1').first().textContent()).toMatch(/digital twins/i);
      await page.goto(`${site.url}${C}/tree/index.html`);
      await page.locator('main a[href*="/nodes/"]').first().click();
      await page.waitForURL(/\/nodes\/[^/]+\/index\.html$/);
      expect(await page.locator('main h1').first().textContent()).toMatch(/\S/);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('with JavaScript on, hydrates and follows a link to the copy’s next page', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await page.goto(`${site.url}${C}/index.html`, { waitUntil: 'networkidle' });
      await page.locator('.section-nav a', { hasText: 'ダウンロード' }).click();
      await page.waitForURL(`${site.url}${C}/downloads/index.html`);
      expect(await page.locator('main h1').first().textContent()).toMatch(/ダウンロード|データ/);
      // The header's search leads to the copy's note, which links to the live site.
      await page.locator('header input[type="search"]').fill('AI');
      await page.locator('header input[type="submit"]').click();
      await page.waitForURL(/\/search\/index\.html\?q=AI$/);
      expect(await page.locator(`main a[href="${BASE}/search"]`).count()).toBe(1);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('hydrates the portfolio, leads to a ministry’s page in the copy and a filter to the live site', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    // The live site is not there: its address is answered here, to see that it is asked.
    await context.route(`${BASE}/**`, (route) => route.fulfill({ body: 'live', contentType: 'text/plain' }));
    try {
      await page.goto(`${site.url}en/portfolio/index.html`, { waitUntil: 'networkidle' });
      await page.waitForFunction(() =>
        Object.keys(document.querySelector('.site-header') ?? {}).some((k) => k.startsWith('__reactFiber')),
      );
      await page
        .getByTestId('portfolio-ministries')
        .getByRole('link', { name: /Health, Labour/ })
        .click();
      await page.waitForURL(`${site.url}en/portfolio/ministries/mhlw/index.html`);
      await page.getByTestId('ministry-strategy').first().waitFor();
      expect(await page.locator('main h1').textContent()).toMatch(/Ministry of Health/);
      await page.locator('#ministry-fiscalYear').selectOption({ index: 1 });
      await page.waitForURL(new RegExp(`^${BASE}/en/portfolio/ministries/mhlw\\?fiscalYear=\\d+$`));
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
