/**
 * Page helpers for the browser tests: open a page and wait until it has rendered, run axe
 * (WCAG 2.1 A/AA), save a screenshot under test-results/web/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export const SHOTS = path.resolve(import.meta.dirname, '../../../test-results/web');

/** Loads a path and waits for the app to finish rendering it (an h1, no loading line). */
export async function open(page: Page, base: string, urlPath: string): Promise<void> {
  await page.goto(base + urlPath, { waitUntil: 'networkidle' });
  await page.waitForSelector('main h1');
  await page.waitForFunction(() => !document.querySelector('.loading'));
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** axe violations as short lines (rule, impact, first target) for a readable assertion. */
export async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  return result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.length}× e.g. ${JSON.stringify(v.nodes[0]?.target)} ${v.help}`,
  );
}

/** What a screen reader would take from the page outline: the h1–h3 levels in order. */
export async function headingLevels(page: Page): Promise<number[]> {
  return page.$$eval('h1, h2, h3, h4, h5, h6', (hs) => hs.map((h) => Number(h.tagName.slice(1))));
}

/**
 * A check that a page is accessible: a screenshot named `<prefix>-<name>`, no axe violation,
 * one h1 first and no heading level skipped.
 * @example const expectAccessible = accessibilityCheck('admin'); await expectAccessible(page, 'home')
 */
export function accessibilityCheck(prefix: string): (page: Page, name: string) => Promise<void> {
  return async (page, name) => {
    await screenshot(page, `${prefix}-${name}`);
    expect(await axeViolations(page), name).toEqual([]);
    const levels = await headingLevels(page);
    expect(levels[0], `${name}: first heading`).toBe(1);
    levels.forEach((level, i) => {
      if (i > 0)
        expect(level - levels[i - 1]!, `${name}: heading order ${levels.join(',')}`).toBeLessThanOrEqual(1);
    });
  };
}
