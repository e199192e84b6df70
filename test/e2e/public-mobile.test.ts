/**
 * The public pages on a phone (390 px wide) and on paper: no sideways scrolling of the page
 * (wide tables scroll inside their own box), axe with 0 violations in Japanese and English;
 * printed, the header and navigation are gone and link targets are written out; the
 * favicon is served.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { describeInBrowser } from './helpers/browser.ts';
import { axeViolations, open, screenshot } from './helpers/pages.ts';

const S = '/strategies/ai2022/cycles/ai2022-fy2022';
const PHONE = { width: 390, height: 844 };

const PAGES: [name: string, path: string][] = [
  ['home', '/'],
  ['dashboard', S],
  ['tree', `${S}/tree`],
  ['target', `${S}/nodes/ai2022-p1-g1-t4`],
  ['goal', `${S}/nodes/ai2022-p2-g4`],
  ['initiative', '/initiatives/ai2022-i17'],
  ['ministry', `${S}/organisations/mic`],
  ['indicator', '/indicators/ai2022-k1'],
  ['compare', `${S}/compare`],
  ['downloads', `${S}/downloads`],
  ['search', '/search?q=%E4%BA%BA%E6%9D%90'], // 人材
];

describeInBrowser('public pages on a phone and in print', {}, (suite) => {
  describe.each(['ja', 'en'] as const)('at 390 px in %s', (lang) => {
    let context: BrowserContext;
    let page: Page;
    const errors: string[] = [];

    beforeAll(async () => {
      context = await suite.context({ viewport: PHONE, deviceScaleFactor: 1, isMobile: true });
      page = await context.newPage();
      page.on('pageerror', (e) => errors.push(e.message));
    });
    afterAll(async () => {
      await context?.close();
    });

    it.each(PAGES)(
      '%s: no sideways scroll, no axe violation',
      async (name, path) => {
        await open(page, suite.url, lang === 'en' ? `/en${path === '/' ? '' : path}` : path);
        if (name === 'indicator') await page.waitForSelector('.chart svg');
        if (name === 'search') await page.waitForSelector('.search-hit');
        await screenshot(page, `phone-${lang}-${name}`);
        const widths = await page.evaluate(
          (phone) => ({
            page: document.documentElement.scrollWidth,
            // what sticks out, for a readable failure
            wide: [...document.querySelectorAll('main *, header *')]
              .filter((el) => el.getBoundingClientRect().right > phone + 1)
              .filter((el) => !el.closest('.table-scroll'))
              .slice(0, 5)
              .map((el) => `${el.tagName.toLowerCase()}.${el.className}`),
          }),
          PHONE.width,
        );
        expect(widths.wide, name).toEqual([]);
        expect(widths.page, name).toBeLessThanOrEqual(PHONE.width);
        expect(await axeViolations(page)).toEqual([]);
        expect(errors).toEqual([]);
      },
      90_000,
    );
  });

  it('keeps a wide table scrolling inside its own box on a phone', async () => {
    const context = await suite.context({ viewport: PHONE, isMobile: true });
    const page = await context.newPage();
    await open(page, suite.url, S);
    const boxes = await page.$$eval('.table-scroll', (els) =>
      els.map((el) => ({
        scroll: el.scrollWidth,
        client: el.clientWidth,
        overflow: getComputedStyle(el).overflowX,
      })),
    );
    expect(boxes.length).toBeGreaterThan(0);
    // the ratings heat map is wider than a phone: it scrolls within its box
    expect(boxes.some((b) => b.scroll > b.client && b.overflow === 'auto')).toBe(true);
    await context.close();
  });

  it('prints without header or navigation, with link targets written out, on A4', async () => {
    const context = await suite.context({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await open(page, suite.url, `${S}/nodes/ai2022-p1-g1-t4`);
    expect(await page.isVisible('header.site-header')).toBe(true);
    await page.emulateMedia({ media: 'print' });
    expect(await page.isVisible('header.site-header')).toBe(false);
    expect(await page.isVisible('nav.section-nav')).toBe(false);
    expect(await page.isVisible('nav.breadcrumbs')).toBe(false);
    expect(await page.isVisible('footer.site-footer')).toBe(false);
    expect(await page.isVisible('main h1')).toBe(true);
    const after = await page.$eval(
      'main p a[href], main li a[href], main dd a[href]',
      (a) => getComputedStyle(a, '::after').content,
    );
    expect(after).toMatch(/^" <\/.+>"$/);
    const pdf = await page.pdf({ preferCSSPageSize: true });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // A4 is 595 × 842 points
    const box = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(pdf.toString('latin1'));
    expect(Number(box?.[1])).toBeCloseTo(595, -1);
    expect(Number(box?.[2])).toBeCloseTo(842, -1);
    await page.emulateMedia({ media: 'screen' });
    expect(await page.isVisible('header.site-header')).toBe(true);
    await context.close();
  });

  it('serves the favicon the pages link', async () => {
    const html = await (await fetch(`${suite.url}/`)).text();
    const href = /<link rel="icon" href="([^"]+)" type="image\/svg\+xml"/.exec(html)?.[1];
    expect(href).toBe('/favicon.svg');
    const res = await fetch(suite.url + href!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/image\/svg\+xml/);
    expect(await res.text()).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });
});
