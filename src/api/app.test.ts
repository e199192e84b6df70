import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ENGINES, type TestDb } from '../../test/helpers/db.ts';
import { sampleDb } from '../../test/helpers/sample.ts';
import { buildApp } from './app.ts';

for (const engine of ENGINES) {
  describe(`read API on ${engine}`, () => {
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

    it('answers health with the engine', async () => {
      const res = await get('/api/health');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'ok', engine });
    });

    it('lists the sample and serves its FY2022 tree', async () => {
      const list = (await get('/api/strategies')).json() as {
        strategies: { id: string; cycles: { id: string }[] }[];
      };
      expect(list.strategies.map((s) => s.id)).toEqual(['ai2022']);
      const tree = await get('/api/strategies/ai2022/cycles/ai2022-fy2022/tree');
      expect(tree.statusCode).toBe(200);
      expect(tree.headers['content-type']).toMatch(/application\/json/);
      const body = tree.json() as { nodes: { title: string }[] };
      expect(body.nodes.map((n) => n.title)).toEqual([
        '差し迫った危機への対処',
        '社会実装の推進',
        '「すべてにAI」を目指した着実な取組',
      ]);
    });

    it('serves initiatives, organisations and indicators', async () => {
      const initiative = (await get('/api/initiatives/ai2022-i04')).json() as {
        owners: { shortName: string }[];
      };
      expect(initiative.owners.map((o) => o.shortName)).toEqual(['科技', '農水省']);
      const orgs = (await get('/api/organisations')).json() as { organisations: { shortName: string }[] };
      expect(orgs.organisations.map((o) => o.shortName)).toContain('個人情報保護委員会');
      const mext = (await get('/api/organisations/mext')).json() as { initiatives: unknown[] };
      expect(mext.initiatives.length).toBeGreaterThan(0);
      const byOrg = (await get('/api/initiatives?organisation=maff')).json() as {
        initiatives: { id: string }[];
      };
      expect(byOrg.initiatives.map((i) => i.id)).toEqual(['ai2022-i04', 'ai2022-i05']);
      const kpis = (await get('/api/strategies/ai2022/indicators')).json() as {
        indicators: { observations: { value: number }[] }[];
      };
      expect(
        kpis.indicators.flatMap((k) => k.observations.map((o) => o.value)).sort((a, b) => a - b),
      ).toEqual([66, 68, 78, 165, 217]);
      const one = await get('/api/indicators/ai2022-k1');
      expect(one.statusCode).toBe(200);
    });

    it('answers unknown ids with 404 and malformed ones with 400, as JSON without stack traces', async () => {
      for (const url of [
        '/api/strategies/nope',
        '/api/strategies/ai2022/cycles/nope/tree',
        '/api/initiatives/nope',
        '/api/indicators/nope',
        '/api/organisations/nope',
        '/api/no-such-route',
      ]) {
        const res = await get(url);
        expect(res.statusCode, url).toBe(404);
        const body = res.json() as { error: { code: string; message: string } };
        expect(body.error.code).toBe('not_found');
        expect(res.body).not.toMatch(/at .*\.ts:\d+/);
      }
      for (const url of [
        '/api/strategies/%27%3B%20drop',
        '/api/initiatives/' + 'x'.repeat(300),
        '/api/initiatives?strategy=a%20b',
        '/api/initiatives/%00',
      ]) {
        const res = await get(url);
        expect(res.statusCode, url).toBe(400);
        expect((res.json() as { error: { code: string } }).error.code).toBe('invalid');
      }
    });

    it('sends security headers on every response, errors included', async () => {
      for (const url of ['/api/health', '/api/no-such-route', '/api/strategies/nope']) {
        const res = await get(url);
        expect(res.headers['content-security-policy'], url).toMatch(/script-src 'self'(;|$)/);
        expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
        expect(res.headers['content-security-policy']).not.toMatch(/script-src[^;]*unsafe-inline/);
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
        expect(res.headers['strict-transport-security']).toBeUndefined();
      }
    });

    it('accepts a raw .xlsx body on the survey upload route (then asks who is calling)', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/cycles/ai2022-fy2022/survey',
        headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
        payload: Buffer.from('PK'),
      });
      expect(res.statusCode).toBe(401);
    });

    it('publishes an OpenAPI 3.1 document that covers every route', async () => {
      const doc = (await get('/api/openapi.json')).json() as {
        openapi: string;
        paths: Record<string, Record<string, unknown>>;
        components: { schemas: Record<string, unknown> };
      };
      expect(doc.openapi).toBe('3.1.0');
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining([
          '/api/health',
          '/api/strategies',
          '/api/strategies/{strategyId}/cycles/{cycleId}/tree',
          '/api/strategies/{strategyId}/cycles/{cycleId}/nodes/{nodeId}/entries',
          '/api/initiatives/{initiativeId}',
        ]),
      );
      expect(Object.keys(doc.components.schemas)).toEqual(
        expect.arrayContaining(['OutlineTree', 'OutlineNode', 'EntryOutline', 'ProgressEntry', 'Error']),
      );
      // Every $ref points at a schema that exists.
      const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map(
        (m) => m[1],
      );
      for (const ref of refs) expect(doc.components.schemas, ref).toHaveProperty(ref!);
    });
  });
}
