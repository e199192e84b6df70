/**
 * The search index follows every write path, not only imports: an entry saved through the
 * workflow, a renamed node, an assessment, a correction.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.ts';
import { countQueries } from '../src/db/database.ts';
import { ANONYMOUS, SYSTEM } from '../src/domain/access.ts';
import { search } from '../src/services/search.service.ts';
import { createTestUsers, sessionFor, type TestSession } from './helpers/accounts.ts';
import { ENGINES, type TestDb } from './helpers/db.ts';
import { sampleDb } from './helpers/sample.ts';

for (const engine of ENGINES) {
  describe(`search stays current on ${engine}`, () => {
    let db: TestDb;
    let app: FastifyInstance;
    let s: Record<'admin' | 'reviewer' | 'editor', TestSession>;
    beforeAll(async () => {
      db = await sampleDb(engine);
      app = await buildApp({ db });
      const users = await createTestUsers(db);
      s = {
        admin: await sessionFor(db, users.admin),
        reviewer: await sessionFor(db, users.reviewer),
        editor: await sessionFor(db, users.editor),
      };
    });
    afterAll(async () => {
      await app.close();
      await db.destroy();
    });
    const ids = async (q: string, viewer = SYSTEM) =>
      (await search(db, { q }, viewer)).hits.map((h) => h.refId);

    it('finds a draft entry saved through the workflow (for staff, not the public)', async () => {
      const cycle = (
        await app.inject({
          method: 'POST',
          url: '/api/strategies/ai2022/cycles',
          headers: s.admin.headers,
          payload: { fiscalYear: 2023, asOf: '2024-04' },
        })
      ).json() as { id: string; version: number };
      await app.inject({
        method: 'POST',
        url: `/api/cycles/${cycle.id}/open`,
        headers: s.admin.headers,
        payload: { version: cycle.version },
      });
      const entryId = `${cycle.id}.ai2022-i01`;
      expect(await ids('量子暗号')).toEqual([]); // its (empty) statistics are now kept
      const saved = await app.inject({
        method: 'PUT',
        url: `/api/entries/${entryId}`,
        headers: s.editor.headers,
        payload: { version: 1, text: '量子暗号通信の試験運用を開始した。', stage: null },
      });
      expect(saved.statusCode, saved.body).toBe(200);
      // The write dropped the kept statistics: they are counted again, with the new entry.
      const again = await countQueries(() => search(db, { q: '量子暗号' }, SYSTEM));
      expect(again.queries).toBe(2);
      expect(again.result.hits.map((h) => h.refId)).toContain(entryId);
      expect(await ids('量子暗号', ANONYMOUS)).not.toContain(entryId);
    });

    it('finds a renamed node and a rewritten assessment', async () => {
      const node = await db.kysely
        .selectFrom('nodes')
        .select('version')
        .where('id', '=', 'ai2022-p3-g1')
        .executeTakeFirstOrThrow();
      const res = await app.inject({
        method: 'PATCH',
        url: '/api/nodes/ai2022-p3-g1',
        headers: s.admin.headers,
        payload: { version: node.version, title: '教育改革と生涯学習' },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect((await search(db, { q: '生涯学習' }, SYSTEM)).total).toBeGreaterThan(0);
      const saved = await app.inject({
        method: 'PUT',
        url: '/api/cycles/ai2022-fy2023/assessments/ai2022-p3-g1',
        headers: s.reviewer.headers,
        payload: { version: null, rating: 'steady', narrative: 'リスキリング講座の受講者が大きく増えた。' },
      });
      expect(saved.statusCode, saved.body).toBe(200);
      expect(await ids('リスキリング')).toContain('ai2022-fy2023.ai2022-p3-g1');
    });
  });
}
