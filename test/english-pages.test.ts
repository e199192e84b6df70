/**
 * The public pages in English as a reader without JavaScript gets them (server-rendered,
 * plain HTTP), after a correction of the published cycle: a reason given in English shows in
 * English on /en (and the Japanese reason on the Japanese page); a reason given only in
 * Japanese shows in Japanese, marked "Japanese only / 日本語のみ" with lang="ja". The level
 * names (Pillar, Goal) come in English too.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.ts';
import { registerWebApp } from '../src/api/static.ts';
import { WEB_DIST } from '../src/paths.ts';
import { createTestUsers, sessionFor } from './helpers/accounts.ts';
import { ENGINES, type TestDb } from './helpers/db.ts';
import { sampleDb } from './helpers/sample.ts';
import { ensureWebBuild } from './helpers/web-build.ts';

const CYCLE = 'ai2022-fy2022';
const S = `/strategies/ai2022/cycles/${CYCLE}`;
const ENTRY = `${CYCLE}.ai2022-i01`;

const main = (html: string) => /<main[^>]*>([\s\S]*?)<\/main>/.exec(html)?.[1] ?? '';

for (const engine of ENGINES) {
  describe(`English public pages on ${engine}`, () => {
    let db: TestDb;
    let app: FastifyInstance;
    let adminHeaders: Record<string, string>;

    beforeAll(async () => {
      await ensureWebBuild();
      db = await sampleDb(engine);
      app = await buildApp({ db });
      expect(await registerWebApp(app, WEB_DIST, {})).toBe(true);
      const admin = await sessionFor(db, (await createTestUsers(db)).admin);
      adminHeaders = admin.headers;
      // Each correction gives entry i01 a new English text, with a reason.
      const correct = async (reason: { reason: string; reasonEn?: string }, textEn: string) => {
        const nodeEntries = await app.inject({
          url: `/api/strategies/ai2022/cycles/${CYCLE}/nodes/ai2022-p1-g1-t1/entries`,
        });
        const { entries } = nodeEntries.json<{ entries: { id: string; version: number }[] }>();
        const version = entries.find((e) => e.id === ENTRY)?.version;
        const res = await app.inject({
          method: 'POST',
          url: `/api/cycles/${CYCLE}/corrections`,
          headers: { ...admin.headers, 'content-type': 'application/json' },
          payload: JSON.stringify({ ...reason, entries: [{ id: ENTRY, version, textEn }] }),
        });
        expect(res.statusCode, res.body).toBeLessThan(300);
      };
      await correct({ reason: '英訳を追加した', reasonEn: 'Added the English translation' }, 'Built it.');
      await correct({ reason: '英訳をさらに直した' }, 'Built the prototype.');
      // the web bundle may have to be built first
    }, 300_000);
    afterAll(async () => {
      await app?.close();
      await db?.destroy();
    });

    const page = async (path: string) => {
      const res = await app.inject({ url: path });
      expect(res.statusCode, path).toBe(200);
      return main(res.body);
    };

    it('shows a correction’s English reason on /en, and marks a reason that has none', async () => {
      const en = await page(`/en${S}`);
      expect(en).toContain('Added the English translation');
      expect(en).not.toContain('英訳を追加した');
      expect(en).toMatch(
        /<span class="ja-only"><span class="ja-only-mark">Japanese only \/ 日本語のみ<\/span>\s*<span lang="ja">英訳をさらに直した<\/span><\/span>/,
      );
      const ja = await page(S);
      expect(ja).toContain('英訳を追加した');
      expect(ja).toContain('英訳をさらに直した');
      expect(ja).not.toContain('Added the English translation');
    });

    it('names the levels in English on /en', async () => {
      const en = await page(`/en${S}/tree`);
      expect(en).toContain('>Pillar<');
      expect(en).not.toMatch(/>(柱|目標|具体目標)</);
    });

    it('takes the level names in both languages, and refuses a level without its Japanese', async () => {
      const patch = async (levelLabels: { ja: string; en: string }[]) => {
        const current = (await app.inject({ url: '/api/strategies/ai2022', headers: adminHeaders })).json<{
          version: number;
        }>();
        return app.inject({
          method: 'PATCH',
          url: '/api/strategies/ai2022',
          headers: { ...adminHeaders, 'content-type': 'application/json' },
          payload: JSON.stringify({ version: current.version, levelLabels }),
        });
      };
      const refused = await patch([
        { ja: '柱', en: 'Pillar' },
        { ja: ' ', en: 'Objective' },
      ]);
      expect(refused.statusCode).toBe(400);
      expect(JSON.stringify(refused.json())).toContain('levelLabels.1.ja');
      expect(await page(`/en${S}/tree`)).not.toContain('Objective');
      const saved = await patch([
        { ja: '柱', en: 'Pillar' },
        { ja: '目標', en: 'Objective' },
        { ja: '具体目標', en: 'Target' },
      ]);
      expect(saved.statusCode, saved.body).toBe(200);
      expect(await page(`/en${S}/tree`)).toContain('>Objective<');
    });
  });
}
