/**
 * The portfolio dashboard's API on both engines: the latest published cycle of every
 * strategy (or a fiscal year's), per ministry, filtered by ministry, strategy, rating and
 * fiscal year; a draft never reaches the published part, staff see the open cycle's counts
 * through the read policy; a ministry's page across strategies with its budget; a bounded
 * number of statements however many strategies there are.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePortfolio } from '../bench/generate.ts';
import { buildApp } from '../src/api/app.ts';
import { countQueries } from '../src/db/database.ts';
import { ANONYMOUS, SYSTEM } from '../src/domain/access.ts';
import type { Portfolio, PortfolioMinistryPage } from '../src/domain/portfolio.ts';
import { setInitiativeProjects } from '../src/services/budget.service.ts';
import { importStrategy } from '../src/services/interchange.service.ts';
import { ministryPage, portfolio } from '../src/services/portfolio.service.ts';
import { createTestUsers, sessionsFor, type TestRole, type TestSession } from './helpers/accounts.ts';
import { ENGINES, type TestDb } from './helpers/db.ts';
import { openFy2023, sampleDb } from './helpers/sample.ts';

const REVIEW = fs.readFileSync(path.join(import.meta.dirname, 'fixtures/budget/review-2023.sjis.csv'));
const K = 1000; // the review file is in 千円

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
      // Linked before the FY2022 cycle was published (2023-04-01): part of its record.
      await setInitiativeProjects(
        db,
        'ai2022-i17',
        ['2022-厚労-0512'],
        { id: users.admin.id, ip: '' },
        '2023-03-01T00:00:00.000Z',
      );
      const imported = await app.inject({
        method: 'POST',
        url: '/api/budget/import?name=review-2023.csv',
        headers: { ...s.admin.headers, 'content-type': 'text/csv' },
        payload: REVIEW,
      });
      expect(imported.statusCode, imported.body).toBe(200);
    });
    afterAll(async () => {
      await app?.close();
      await db?.destroy();
    });
    const get = async <T = Portfolio>(url: string, as: TestRole | null = null) => {
      const res = await app.inject({ url, headers: as ? s[as].headers : {} });
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      return res.json<T>();
    };

    it('shows the latest published cycle: its ratings, the target to accelerate, KPIs, per ministry', async () => {
      const p = await get('/api/portfolio');
      expect(p.strategies.map((x) => [x.strategy.id, x.cycle.id])).toEqual([['ai2022', 'ai2022-fy2022']]);
      const ai = p.strategies[0]!;
      expect(ai.targets).toBe(16);
      expect(ai.ratings.reduce((n, r) => n + r.count, 0) + ai.unrated).toBe(ai.targets);
      expect(ai.acceleration.map((a) => [a.code, a.rating])).toEqual([['1.1.1', 'accelerate']]);
      expect(ai.kpis.total).toBe(ai.kpis.reached + ai.kpis.onTrack + ai.kpis.offTrack + ai.kpis.unknown);
      expect(ai.kpis.total).toBeGreaterThan(0);
      expect(ai.offTrack).toHaveLength(ai.kpis.offTrack);
      expect(ai.latest).toBeNull();
      const mic = p.ministries.find((m) => m.organisationId === 'mic')!;
      expect(mic).toMatchObject({ strategies: 1, initiatives: 7, acceleration: 1, rated: null });
      expect(p.choices.fiscalYears).toEqual([2022]);
      expect(p.choices.ratings.map((r) => r.code)).toContain('accelerate');
    });

    it('filters by ministry, strategy, rating and fiscal year, and refuses an unknown one', async () => {
      const mhlw = await get('/api/portfolio?ministry=mhlw');
      expect(mhlw.ministries.map((m) => m.organisationId)).toEqual(['mhlw']);
      expect(mhlw.strategies[0]!.acceleration).toEqual([]);
      expect(mhlw.strategies[0]!.targets).toBeLessThan(16);
      expect((await get('/api/portfolio?strategy=ai2022')).strategies).toHaveLength(1);
      const slow = await get('/api/portfolio?rating=accelerate');
      expect(slow.strategies[0]!.rated.map((t) => t.code)).toEqual(['1.1.1']);
      expect(slow.ministries.find((m) => m.organisationId === 'mic')?.rated).toBe(1);
      expect((await get('/api/portfolio?fiscalYear=2022')).strategies).toHaveLength(1);
      expect((await get('/api/portfolio?fiscalYear=2023')).strategies).toEqual([]);
      expect((await app.inject({ url: '/api/portfolio?ministry=nowhere' })).statusCode).toBe(404);
      expect((await app.inject({ url: '/api/portfolio?fiscalYear=二〇二二' })).statusCode).toBe(400);
    });

    it('is the published record for everyone; staff also see the open cycle, through the read policy', async () => {
      const before = await get('/api/portfolio');
      const res = await app.inject({
        method: 'PUT',
        url: '/api/cycles/ai2022-fy2023/assessments/ai2022-p2-g2-t2',
        headers: s.reviewer.headers,
        payload: { version: null, rating: 'accelerate', narrative: '下書き', needsAcceleration: true },
      });
      expect(res.statusCode, res.body).toBeLessThan(300);
      expect(await get('/api/portfolio')).toEqual(before);
      const staff = await get('/api/portfolio', 'reviewer');
      expect(staff.strategies.map((x) => ({ ...x, latest: null }))).toEqual(before.strategies);
      const open = staff.strategies[0]!.latest!;
      expect(open.cycle).toEqual({ id: 'ai2022-fy2023', fiscalYear: 2023, state: 'open' });
      const all = open.entries.reduce((n, e) => n + e.count, 0);
      expect(all).toBeGreaterThan(0);
      // A ministry editor counts its own initiatives' entries only.
      const mine = (await get('/api/portfolio', 'editor')).strategies[0]!.latest!;
      const own = mine.entries.reduce((n, e) => n + e.count, 0);
      expect(own).toBeGreaterThan(0);
      expect(own).toBeLessThan(all);
    });

    it('lists a ministry its initiatives across strategies with rating, KPIs and the budget of the cycle', async () => {
      const mhlw = await get<PortfolioMinistryPage>('/api/portfolio/ministries/mhlw');
      expect(mhlw.organisation.id).toBe('mhlw');
      expect(mhlw.strategies.map((x) => x.cycle.id)).toEqual(['ai2022-fy2022']);
      const tool = mhlw.strategies[0]!.initiatives.find((i) => i.id === 'ai2022-i17')!;
      expect(tool.projectNumbers).toEqual(['2022-厚労-0512']);
      expect(tool.budget).toMatchObject({ projects: 1, total: 86_000 * K });
      expect(tool.targets.length).toBeGreaterThan(0);
      expect(mhlw.strategies[0]!.budget).toMatchObject({ total: 86_000 * K });
      // Linked after publication: not part of the published record.
      const mic = await get<PortfolioMinistryPage>('/api/portfolio/ministries/mic');
      expect(mic.strategies[0]!.budget).toBeNull();
      expect(mic.strategies[0]!.initiatives).toHaveLength(7);
      expect(
        (await get<PortfolioMinistryPage>('/api/portfolio/ministries/mic?fiscalYear=2021')).strategies,
      ).toEqual([]);
      expect((await app.inject({ url: '/api/portfolio/ministries/nowhere' })).statusCode).toBe(404);
    });

    it('writes the digests of a snapshot that has none on first read, the same as publication wrote', async () => {
      const before = await get('/api/portfolio');
      const kept = await db.kysely
        .selectFrom('snapshotDigests')
        .selectAll()
        .orderBy('organisationId')
        .execute();
      await db.kysely.deleteFrom('snapshotDigests').execute();
      expect(await get('/api/portfolio')).toEqual(before);
      expect(
        await db.kysely.selectFrom('snapshotDigests').selectAll().orderBy('organisationId').execute(),
      ).toEqual(kept);
    });

    it('takes the same few statements for one strategy as for many', async () => {
      const one = await countQueries(() => portfolio(db, {}, ANONYMOUS));
      const staffOne = await countQueries(() => portfolio(db, {}, SYSTEM));
      const pageOne = await countQueries(() => ministryPage(db, 'mic', {}));
      for (const strategy of generatePortfolio({
        strategies: 4,
        cycles: 3,
        largest: 60,
        initiatives: 200,
        indicators: 40,
        observationsPerIndicator: 4,
        seed: 24,
      }))
        await importStrategy(db, strategy, { actor: 'test' });
      const many = await countQueries(() => portfolio(db, {}, ANONYMOUS));
      expect(many.result.strategies).toHaveLength(5);
      expect(many.queries).toBe(one.queries);
      expect(many.queries).toBeLessThanOrEqual(4);
      const staffMany = await countQueries(() => portfolio(db, {}, SYSTEM));
      expect(staffMany.result.strategies.filter((x) => x.latest !== null)).toHaveLength(5);
      expect(staffMany.queries).toBe(staffOne.queries);
      expect(staffMany.queries).toBeLessThanOrEqual(5);
      const pageMany = await countQueries(() => ministryPage(db, 'mic', {}));
      expect(pageMany.result.strategies.length).toBeGreaterThan(1);
      expect(pageMany.queries).toBe(pageOne.queries);
      expect(pageMany.queries).toBeLessThanOrEqual(6);
    });
  });
}
