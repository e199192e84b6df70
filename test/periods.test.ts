/**
 * One period syntax through the API, on both engines: bodies take a period in any form
 * officials type and store its code; anything else is refused at its field with the
 * Japanese message naming the accepted forms.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.ts';
import { PERIOD_MESSAGE_JA } from '../src/domain/periods.ts';
import { createTestUsers, sessionsFor, type TestRole, type TestSession } from './helpers/accounts.ts';
import { ENGINES, type TestDb } from './helpers/db.ts';
import { sampleDb } from './helpers/sample.ts';

for (const engine of ENGINES) {
  describe(`periods in request bodies on ${engine}`, () => {
    let db: TestDb;
    let app: FastifyInstance;
    let s: Record<TestRole, TestSession>;
    beforeAll(async () => {
      db = await sampleDb(engine);
      app = await buildApp({ db });
      s = await sessionsFor(db, await createTestUsers(db));
    });
    afterAll(async () => {
      await app.close();
      await db.destroy();
    });

    const post = (url: string, payload: object) =>
      app.inject({ method: 'POST', url, headers: s.admin.headers, payload });

    it('creates a cycle as of 令和6年4月 and stores 2024-04', async () => {
      const res = await post('/api/strategies/ai2022/cycles', { fiscalYear: 2023, asOf: '令和6年4月' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ fiscalYear: 2023, asOf: '2024-04' });
    });

    it('refuses a period it cannot read, at its field, in Japanese', async () => {
      const res = await post('/api/strategies/ai2022/cycles', { fiscalYear: 2024, asOf: '来年度' });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({
        error: { code: 'invalid', details: { issues: [{ path: 'asOf', message: PERIOD_MESSAGE_JA }] } },
      });
    });

    it('stores an indicator’s baseline and target periods as codes', async () => {
      const res = await post('/api/strategies/ai2022/indicators', {
        name: '期間の書き方の確認',
        baselinePeriod: 'R6年度',
        targetPeriod: '令和12年度末',
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ baselinePeriod: 'FY2024', targetPeriod: 'FY2030-end' });
      const bad = await post('/api/strategies/ai2022/indicators', { name: 'x', targetPeriod: '2030-13' });
      expect(bad.json()).toMatchObject({
        error: { details: { issues: [{ path: 'targetPeriod', message: PERIOD_MESSAGE_JA }] } },
      });
    });
  });
}
