/**
 * The HTML report: self-contained (no request leaves the page), accessible (axe-core, zero
 * violations), structured like the deck, escaped; and the PDF printed from it. Browser
 * checks need Chromium: without it they are skipped with one line, except in CI.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flatten } from '../../domain/tree-builder.ts';
import type { StrategyTree } from '../../domain/views.ts';
import { ENGINES, type TestDb } from '../../../test/helpers/db.ts';
import { HOSTILE, hostileTree, sampleTree } from '../../../test/helpers/reports.ts';
import { buildReportDocument } from '../document.ts';
import { escapeHtml } from './escape.ts';
import { renderHtml } from './html.ts';
import { CHROMIUM_MISSING, findChromium, launchChromium, renderPdf } from './pdf.ts';

const chromium = findChromium();
if (chromium === null) {
  if (process.env.CI === 'true') throw new Error(CHROMIUM_MISSING);
  console.log(`skipping browser checks of the HTML report: ${CHROMIUM_MISSING}`);
}

for (const engine of ENGINES) {
  describe(`HTML report (${engine})`, () => {
    let db: TestDb;
    let tree: StrategyTree;
    let html: string;
    beforeAll(async () => {
      ({ db, tree } = await sampleTree(engine));
      html = renderHtml(buildReportDocument({ tree, lang: 'ja' }));
    });
    afterAll(() => db.destroy());

    it('is one file with the deck structure, real table headers and a language', () => {
      expect(html).toMatch(/^<!doctype html>\n<html lang="ja">/);
      expect(html).not.toMatch(/<(link|script|img|iframe)\b/i);
      expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
      expect(html.match(/<h2 /g)!.length).toBe(tree.nodes.length + 2); // contents, summary, pillars
      for (const node of flatten(tree.nodes)) expect(html).toContain(escapeHtml(node.title));
      expect(html).toContain('<th scope="col">主な進捗</th><th scope="col">概況</th>');
      expect(html).toContain('<th scope="row">');
      expect(html).toContain('<svg role="img" aria-label="');
      expect(html).toContain('@page { size: A4 landscape;');
    });

    it('escapes user text', () => {
      const hostile = renderHtml(buildReportDocument({ tree: hostileTree(tree), lang: 'ja' }));
      expect(hostile).not.toContain('<script>');
      expect(hostile).toContain(escapeHtml(HOSTILE));
    });

    describe.skipIf(chromium === null)('in Chromium', () => {
      let browser: Browser;
      beforeAll(async () => {
        browser = await launchChromium();
      }, 120_000);
      afterAll(() => browser?.close());

      for (const lang of ['ja', 'en'] as const) {
        it(`has no axe violations and makes no request (${lang})`, async () => {
          const page = await (await browser.newContext()).newPage();
          const requests: string[] = [];
          page.on('request', (r) => requests.push(r.url()));
          await page.setContent(renderHtml(buildReportDocument({ tree, lang })), { waitUntil: 'load' });
          const result = await new AxeBuilder({ page }).analyze();
          const summary = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`);
          expect(summary).toEqual([]);
          expect(requests.filter((u) => !u.startsWith('data:') && u !== 'about:blank')).toEqual([]);
          await page.context().close();
        }, 120_000);
      }

      it('prints to an A4-landscape PDF', async () => {
        const pdf = await renderPdf(html);
        expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
        const box = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(pdf.toString('latin1'));
        expect(Number(box![1])).toBeGreaterThan(Number(box![2])); // landscape
        expect(Number(box![1])).toBeCloseTo(841.9, 0); // A4 long side in points
      }, 120_000);
    });
  });
}
