/**
 * Every signed-in screen, as the role that works on it, in English and at a 390 px phone
 * width (the yearly-cycle test walks them in Japanese on a desktop): axe finds nothing, the
 * headings start at one h1 and skip no level. The year is open with a written entry, so the
 * screens show their working state, not an empty one.
 */
import { expect, it } from 'vitest';
import { describeInBrowser } from './helpers/browser.ts';
import { accessibilityCheck, open } from './helpers/pages.ts';
import type { ApiSession } from './helpers/session.ts';

const PASSWORD = 'e2e-screens-password-2024';
const CYCLE = 'ai2022-fy2023';
const ENTRY = `${CYCLE}.ai2022-i01`;
const expectAccessible = accessibilityCheck('screens');

type Who = 'e2e-admin' | 'e2e-reviewer' | 'e2e-mic';
const SCREENS: [path: string, who: Who][] = [
  ['/tasks', 'e2e-mic'],
  [`/tasks/${CYCLE}/survey`, 'e2e-mic'],
  [`/entries/${ENTRY}`, 'e2e-mic'],
  [`/entries/${ENTRY}/history`, 'e2e-mic'],
  ['/notifications', 'e2e-mic'],
  ['/account/security', 'e2e-mic'],
  ['/account/password', 'e2e-mic'],
  [`/review/${CYCLE}`, 'e2e-reviewer'],
  [`/assess/${CYCLE}`, 'e2e-reviewer'],
  [`/publish/${CYCLE}`, 'e2e-admin'],
  ['/admin', 'e2e-admin'],
  ['/admin/accounts', 'e2e-admin'],
  ['/admin/organisations', 'e2e-admin'],
  ['/admin/strategies/ai2022', 'e2e-admin'],
  ['/admin/strategies/ai2022/cycles', 'e2e-admin'],
  ['/admin/strategies/ai2022/nodes/ai2022-p1-g1-t1/logic-model', 'e2e-admin'],
  ['/budget', 'e2e-admin'],
];

describeInBrowser(
  'every signed-in screen in English and on a phone',
  {
    password: PASSWORD,
    users: [
      ['e2e-admin', '--role', 'admin', '--name', '事務局管理者'],
      ['e2e-reviewer', '--role', 'reviewer', '--name', '事務局 審査'],
      ['e2e-mic', '--role', 'editor', '--name', '総務省 担当', '--org', 'mic'],
    ],
  },
  (suite) => {
    it('passes axe on each, in English at 1280 px and in Japanese at 390 px', async () => {
      // Set-up (not the point here): FY2023 opened, two of 総務省's items written, one of
      // them submitted (the review screen shows its card).
      const admin = await suite.api('e2e-admin');
      const created = await admin.call<{ id: string; version: number }>(
        'POST',
        '/api/strategies/ai2022/cycles',
        {
          fiscalYear: 2023,
          asOf: '2024-04',
          deadline: '2024-01-31',
        },
      );
      await admin.call('POST', `/api/cycles/${created.id}/open`, { version: created.version });
      const editor: ApiSession = await suite.api('e2e-mic');
      for (const [id, text] of [
        [ENTRY, '自治体向けのAI導入の手引きを改訂し、研修を全国で開催した。'],
        [`${CYCLE}.ai2022-i09`, '約○機関で実証を行った。'],
      ] as const) {
        const { entry } = await editor.call<{ entry: { version: number } }>('GET', `/api/entries/${id}`);
        const saved = await editor.call<{ version: number }>('PUT', `/api/entries/${id}`, {
          version: entry.version,
          text,
          stage: null,
        });
        if (id !== ENTRY) await editor.call('POST', `/api/entries/${id}/submit`, { version: saved.version });
      }

      for (const who of ['e2e-mic', 'e2e-reviewer', 'e2e-admin'] as const) {
        const page = await suite.signIn(who);
        for (const [path] of SCREENS.filter(([, w]) => w === who)) {
          for (const [lang, width] of [
            ['en', 1280],
            ['ja', 390],
          ] as const) {
            await page.setViewportSize({ width, height: 900 });
            await open(page, suite.url, lang === 'en' ? `/en${path}` : path);
            await page.waitForSelector('main h1');
            await page.waitForFunction(() => !document.querySelector('.loading'));
            expect(await page.getAttribute('html', 'lang'), path).toBe(lang);
            await expectAccessible(page, `${path.replaceAll('/', '_')}-${lang}-${width}`);
          }
        }
        await page.context().close();
      }
    }, 900_000);
  },
);
