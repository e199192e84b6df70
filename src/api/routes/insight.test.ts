import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, type TestDb } from '../../../test/helpers/db.ts';
import { createTestUsers, sessionFor } from '../../../test/helpers/accounts.ts';
import { sampleDb } from '../../../test/helpers/sample.ts';
import type { OverlapList, SuggestionList } from '../../domain/insight/views.ts';
import type { SearchResult } from '../../domain/search/results.ts';
import { buildApp } from '../app.ts';

for (const engine of ENGINES) {
  describe(`insight API on ${engine}`, () => {
    let db: TestDb;
    let app: FastifyInstance;
    beforeAll(async () => {
      db = await sampleDb(engine);
      app = await buildApp({ db });
    });
    afterAll(async () => {
      await app.close();
      await db.destroy();
    });

    const get = (url: string) => app.inject({ method: 'GET', url });

    it('searches with filters and returns highlighted parts, not HTML', async () => {
      const res = await get(
        `/api/search?q=${encodeURIComponent('医療')}&strategy=ai2022&kind=progress,initiative&limit=3`,
      );
      expect(res.statusCode).toBe(200);
      const body = res.json() as SearchResult;
      expect(body.hits.length).toBe(3);
      expect(body.total).toBe(4);
      expect(body.hits.every((h) => h.kind === 'progress' || h.kind === 'initiative')).toBe(true);
      expect(body.hits[0]!.title.some((p) => p.hit && p.text === '医療')).toBe(true);
      const mod = (await get(`/api/search?q=AI&organisation=mod`)).json() as SearchResult;
      expect(new Set(mod.hits.map((h) => h.refId.replace(/^.*\./, '')))).toEqual(
        new Set(['ai2022-i18', 'ai2022-i21']),
      );
    });

    it('answers any query text with 200, and bad parameters with 400', async () => {
      for (const q of ['', '"', 'NEAR(', '<script>', '🤖', '\u0000', 'a'.repeat(10_000)]) {
        const res = await get(`/api/search?q=${encodeURIComponent(q)}`);
        expect(res.statusCode, JSON.stringify(q.slice(0, 10))).toBe(200);
      }
      expect((await get('/api/search?q=x&limit=0')).statusCode).toBe(400);
      expect((await get('/api/search?q=x&kind=nope')).statusCode).toBe(400);
    });

    it('serves suggestions, projections, overlaps and diffs', async () => {
      const s = (
        await get('/api/strategies/ai2022/cycles/ai2022-fy2022/suggestions?lang=en')
      ).json() as SuggestionList;
      expect(s.targets[0]).toMatchObject({
        nodeId: 'ai2022-p1-g1-t1',
        suggested: { needsAcceleration: true },
      });
      expect(s.targets[0]!.reasons[0]!.text).toMatch(/^3 initiatives reported/);
      const p = await get('/api/indicators/ai2022-k3/projection');
      expect(p.statusCode).toBe(200);
      expect(p.json()).toMatchObject({ status: 'no_target', linear: { perYear: 99 } });
      // Possible overlaps are the secretariat's working list: signed-in reviewers and admins.
      const overlaps = '/api/strategies/ai2022/cycles/ai2022-fy2022/overlaps';
      expect((await get(`${overlaps}?threshold=0.1`)).statusCode).toBe(401);
      const reviewer = await sessionFor(db, (await createTestUsers(db)).reviewer);
      const asReviewer = (url: string) => app.inject({ method: 'GET', url, headers: reviewer.headers });
      const o = (await asReviewer(`${overlaps}?threshold=0.1`)).json() as OverlapList;
      expect(o.pairs.length).toBe(3);
      expect((await asReviewer(`${overlaps}?threshold=2`)).statusCode).toBe(400);
      const d = await get('/api/strategies/ai2022/diff?from=ai2022-fy2022&to=ai2022-fy2022');
      expect(d.json()).toMatchObject({ items: { added: [], removed: [], changed: [], unchanged: 29 } });
      expect((await get('/api/strategies/ai2022/diff?from=ai2022-fy2022&to=nope')).statusCode).toBe(404);
      expect((await get('/api/strategies/ai2022/diff?from=ai2022-fy2022')).statusCode).toBe(400);
    });

    it('documents the routes in OpenAPI', async () => {
      const doc = (await get('/api/openapi.json')).json() as { paths: Record<string, unknown> };
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining([
          '/api/search',
          '/api/strategies/{strategyId}/cycles/{cycleId}/suggestions',
          '/api/indicators/{indicatorId}/projection',
          '/api/strategies/{strategyId}/cycles/{cycleId}/overlaps',
          '/api/strategies/{strategyId}/diff',
        ]),
      );
    });
  });
}
