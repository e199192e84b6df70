/**
 * A logic model written in the browser: the administrator opens a target's logic model from
 * the structure screen, is told of an empty box, writes outputs and an impact (one box tied
 * to a KPI), saves, and sees the diagram on the target's page of the year being prepared;
 * the published year keeps its page as published. axe on the editor and the target page, in
 * Japanese and English.
 */
import { beforeAll, expect, it } from 'vitest';
import { describeInBrowser } from './helpers/browser.ts';
import { accessibilityCheck, open } from './helpers/pages.ts';

const PASSWORD = 'e2e-logic-model-2025';
const NODE = 'ai2022-p1-g1-t1';
const expectAccessible = accessibilityCheck('logic-model');

describeInBrowser(
  'a logic model in the browser',
  {
    password: PASSWORD,
    users: [['e2e-admin', '--role', 'admin', '--name', '事務局管理者']],
    viewport: { width: 1280, height: 1000 },
  },
  (suite) => {
    beforeAll(async () => {
      // set-up: the year being prepared, where the live model shows
      const api = await suite.api('e2e-admin');
      await api.call('POST', '/api/strategies/ai2022/cycles', { fiscalYear: 2023, asOf: '2024-04' });
    }, 60_000);

    it('is written on its screen and drawn on the target page', async () => {
      const base = suite.url;
      const page = await suite.signIn('e2e-admin');
      const context = page.context();

      await open(page, base, '/admin/strategies/ai2022');
      await page.waitForSelector(`li.adm-node[data-node-id="${NODE}"]`);
      await page
        .locator(`li.adm-node[data-node-id="${NODE}"] > .adm-node__line`)
        .getByRole('link', { name: /ロジックモデル/ })
        .click();
      await page.waitForURL(`**/admin/strategies/ai2022/nodes/${NODE}/logic-model`);
      await page.waitForSelector('#lm-activities');
      await page.waitForFunction(() => !document.querySelector('.loading'));
      // the activities are the target's initiatives, listed, not typed
      expect(await page.locator('section[aria-labelledby="lm-activities"] li').count()).toBeGreaterThan(0);

      // An empty box is refused with a message; nothing is saved.
      await page.getByRole('button', { name: 'アウトプットを追加' }).click();
      await page.getByRole('button', { name: 'ロジックモデルを保存する' }).click();
      expect(await page.locator('[role="alert"]').allTextContents()).toContain(
        'アウトプットに空の項目があります。文章を入力するか、項目を削除してください。',
      );

      await page.getByLabel('アウトプット 1（日本語）').fill('AI研修を年100回開催する');
      await page.getByLabel('アウトプット 1（英語、任意）').fill('100 AI training sessions a year');
      await page.getByText(/アウトプット 1 を測る指標/).click();
      await page.locator('fieldset:has(legend:text-is("アウトプット")) input[type=checkbox]').first().check();
      await page.getByRole('button', { name: 'インパクトを追加' }).click();
      await page.getByLabel('インパクト 1（日本語）').fill('社会全体の生産性が高まる');
      await expectAccessible(page, 'editor');
      await page.getByRole('button', { name: 'ロジックモデルを保存する' }).click();
      await page.getByText('ロジックモデルを保存しました。').waitFor();
      expect(await page.textContent('section[aria-labelledby="lm-preview"] svg')).toContain(
        'AI研修を年100回開催',
      );

      const saved = await suite
        .api('e2e-admin')
        .then((s) =>
          s.call<{ version: number; model: { outputs: { text: string; indicatorIds: string[] }[] } }>(
            'GET',
            `/api/strategies/ai2022/nodes/${NODE}/logic-model`,
          ),
        );
      expect(saved.version).toBe(1);
      expect(saved.model.outputs[0]?.text).toBe('AI研修を年100回開催する');
      expect(saved.model.outputs[0]?.indicatorIds).toHaveLength(1);

      // The year being prepared shows it on the target page, in Japanese and in English.
      await open(page, base, `/strategies/ai2022/cycles/ai2022-fy2023/nodes/${NODE}`);
      await page.waitForSelector('#logic-heading');
      const figure = page.locator('figure.logic-model');
      expect(await figure.locator('svg').textContent()).toContain('社会全体の生産性が高まる');
      await figure.getByText('ロジックモデルを文章で見る').click();
      expect(await figure.locator('ol').textContent()).toContain('AI研修を年100回開催する');
      await expectAccessible(page, 'target-ja');
      await open(page, base, `/en/strategies/ai2022/cycles/ai2022-fy2023/nodes/${NODE}`);
      await page.waitForSelector('#logic-heading');
      const svg = await page.locator('figure.logic-model svg').textContent();
      // the diagram wraps the text into lines; the text version keeps it whole
      expect(svg).toContain('100 AI training');
      expect(await page.locator('figure.logic-model ol').textContent()).toContain(
        '100 AI training sessions a year',
      );
      expect(svg).toContain('Impact');
      await expectAccessible(page, 'target-en');

      // On a phone the diagram scrolls sideways within its frame; the page does not.
      await page.setViewportSize({ width: 390, height: 844 });
      await open(page, base, `/strategies/ai2022/cycles/ai2022-fy2023/nodes/${NODE}`);
      await page.waitForSelector('#logic-heading');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(await page.$eval('.logic-model__scroll', (el) => el.scrollWidth > el.clientWidth)).toBe(true);
      await expectAccessible(page, 'target-390');
      await page.setViewportSize({ width: 1280, height: 1000 });

      // The published year's page is as it was published: no logic model.
      await open(page, base, `/strategies/ai2022/cycles/ai2022-fy2022/nodes/${NODE}`);
      await page.waitForSelector('main h1');
      await page.waitForFunction(() => !document.querySelector('.loading'));
      expect(await page.locator('#logic-heading').count()).toBe(0);
      await context.close();
    }, 300_000);
  },
);
