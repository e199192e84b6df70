/**
 * The portfolio dashboard's API on both engines: the latest published cycle of every
 * strategy, per ministry, filtered; a draft assessment of an open cycle never reaches it.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.ts';
import type { Portfolio } from '../src/domain/portfolio.ts';
import { createTestUsers, sessionsFor, type TestRole, type TestSession } from './helpers/accounts.ts';
import { ENGINES, type TestDb } from './helpers/db.ts';
import { openFy2023, sampleDb } from './helpers/sample.ts';

for (const engine of ENGINES) {
  describe(`the portfolio on ${engine}`, () => {
    let db: TestDb;
    let app: FastifyInstance;
    let s: Record<TestRole, TestSession>;
    beforeAll(async () => {
      db = await sampleDb(engine);
      app = await buildApp({ db });
      const users = await createTestUsers(db);
      s = await sessionsFor(db, users);
      await openFy2023(db, users.admin);
    });
    afterAll(async () => {
      await app?.close();
      await db?.destroy();
    });
    const get = async (url: string, as: TestRole | null = null) => {
      const res = await app.inject({ url, headers: as ? s[as].headers : {} });
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      return res.json<Portfolio>();
    };

    it('shows the latest published cycle: its ratings, the target to accelerate, per ministry', async () => {
      const p = await get('/api/portfolio');
      expect(p.strategies.map((x) => [x.strategy.id, x.cycle.id])).toEqual([['ai2022', 'ai2022-fy2022']]);
      const ai = p.strategies[0]!;
      expect(ai.targets).toBe(16);
      expect(ai.ratings.reduce((n, r) => n + r.count, 0) + ai.unrated).toBe(ai.targets);
      expect(ai.acceleration.map((a) => [a.code, a.rating])).toEqual([['1.1.1', 'accelerate']]);
      const mic = p.ministries.find((m) => m.organisationId === 'mic')!;
      expect(mic).toMatchObject({ strategies: 1, initiatives: 7, acceleration: 1 });
    });

    it('filters by ministry and strategy, and refuses an unknown one', async () => {
      const mhlw = await get('/api/portfolio?ministry=mhlw');
      expect(mhlw.ministries.map((m) => m.organisationId)).toEqual(['mhlw']);
      expect(mhlw.strategies[0]!.acceleration).toEqual([]);
      expect(mhlw.strategies[0]!.targets).toBeLessThan(16);
      expect((await get('/api/portfolio?strategy=ai2022')).strategies).toHaveLength(1);
      const unknown = await app.inject({ url: '/api/portfolio?ministry=nowhere' });
      expect(unknown.statusCode).toBe(404);
    });

    it('is the published record for everyone: a draft flag of the open cycle is not in it', async () => {
      const before = await get('/api/portfolio', 'reviewer');
      const res = await app.inject({
        method: 'PUT',
        url: '/api/cycles/ai2022-fy2023/assessments/ai2022-p2-g2-t2',
        headers: s.reviewer.headers,
        payload: { version: null, rating: 'accelerate', narrative: '下書き', needsAcceleration: true },
      });
      expect(res.statusCode, res.body).toBeLessThan(300);
      expect(await get('/api/portfolio', 'reviewer')).toEqual(before);
      expect(await get('/api/portfolio')).toEqual(before);
    });
  });
}
