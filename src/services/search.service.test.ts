import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, ENGINES, type TestDb } from '../../test/helpers/db.ts';
import { sampleDb } from '../../test/helpers/sample.ts';
import { countQueries } from '../db/database.ts';
import { ANONYMOUS, SYSTEM, UNSCOPED } from '../domain/access.ts';
import * as cyclesRepo from '../db/repositories/cycles.repository.ts';
import * as initiativesRepo from '../db/repositories/initiatives.repository.ts';
import * as progressRepo from '../db/repositories/progress.repository.ts';
import { readSample } from './sample.service.ts';
import { importStrategy } from './interchange.service.ts';
import { measureSearch, reindexAll, reindexEntry, search } from './search.service.ts';

const ids = async (db: TestDb, q: string, extra: object = {}) =>
  (await search(db, { q, limit: 100, ...extra }, ANONYMOUS)).hits.map((h) => h.id);

/** Queries whose ranked ids must be the same on every engine (and the same as here). */
const RANKED: Record<string, string[]> = {
  農業: [
    'indicator:ai2022-k4',
    'initiative:ai2022-i05',
    'assessment:ai2022-fy2022.ai2022-p1-g1-t3',
    'progress:ai2022-fy2022.ai2022-i05',
    'progress:ai2022-fy2022.ai2022-i04',
  ],
  防衛: [
    'initiative:ai2022-i21',
    'initiative:ai2022-i18',
    'progress:ai2022-fy2022.ai2022-i21',
    'progress:ai2022-fy2022.ai2022-i18',
  ],
  デジタルツイン: ['assessment:ai2022-fy2022.ai2022-p1-g1-t1'],
  'GPAI 議長国': ['progress:ai2022-fy2022.ai2022-i29', 'assessment:ai2022-fy2022.ai2022-p3-g4'],
};

/** Queries compared across engines (any order, any content). */
const PROBES = [
  '医療',
  '教育',
  'AI',
  'データ',
  'ﾃﾞｰﾀ',
  '農',
  '研究 開発',
  'セキュリティ',
  'defense',
  '2022年度',
];

for (const engine of ENGINES) {
  describe(`search on ${engine}`, () => {
    let db: TestDb;
    beforeAll(async () => {
      db = await sampleDb(engine);
    });
    afterAll(async () => db.destroy());

    it('finds the sample items for two-character queries', async () => {
      expect(await ids(db, '農業')).toEqual(expect.arrayContaining(['progress:ai2022-fy2022.ai2022-i05']));
      expect(await ids(db, '医療')).toEqual(
        expect.arrayContaining(['progress:ai2022-fy2022.ai2022-i11', 'progress:ai2022-fy2022.ai2022-i16']),
      );
      expect(await ids(db, '教育')).toEqual(
        expect.arrayContaining(['assessment:ai2022-fy2022.ai2022-p3-g1', 'indicator:ai2022-k1']),
      );
      expect(await ids(db, '防衛')).toContain('progress:ai2022-fy2022.ai2022-i21');
    });

    it('ranks the same ids in the same order as pinned here', async () => {
      for (const [q, expected] of Object.entries(RANKED)) expect(await ids(db, q), q).toEqual(expected);
    });

    it('treats width and kana variants as the same text', async () => {
      expect(await ids(db, 'ｶﾞｲﾄﾞﾗｲﾝ')).toEqual(await ids(db, 'ガイドライン'));
      expect(await ids(db, 'がいどらいん')).toEqual(await ids(db, 'ガイドライン'));
      expect(await ids(db, 'ＧＰＡＩ')).toEqual(await ids(db, 'gpai'));
      expect((await ids(db, 'ガイドライン')).length).toBeGreaterThan(2);
    });

    it('marks hits in the title and in a snippet, as data', async () => {
      const { hits } = await search(db, { q: '創薬ターゲット' }, ANONYMOUS);
      const top = hits.find((h) => h.id === 'progress:ai2022-fy2022.ai2022-i19')!;
      expect(top.title.filter((p) => p.hit).map((p) => p.text)).toEqual(['創薬ターゲット']);
      expect(top.snippet.map((p) => p.text).join('')).toContain('「創薬ターゲット探索プラットフォーム」');
      expect(top.snippet.some((p) => p.hit && p.text === '創薬ターゲット')).toBe(true);
    });

    it('filters by strategy, cycle, ministry, node, stage, rating and kind', async () => {
      const all = await ids(db, 'AI');
      const mext = await ids(db, 'AI', { organisationId: 'mext' });
      expect(mext.length).toBeGreaterThan(0);
      expect(mext.length).toBeLessThan(all.length);
      expect(await ids(db, 'AI', { nodeId: 'ai2022-p3' })).not.toContain('initiative:ai2022-i01');
      // A mirror node shows its source's items: the twins target under pillar 2.
      expect(await ids(db, 'データ', { nodeId: 'ai2022-p2-g2-t1' })).toContain(
        'progress:ai2022-fy2022.ai2022-i01',
      );
      expect(await ids(db, '体制', { stage: 'considering' })).toEqual(['progress:ai2022-fy2022.ai2022-i15']);
      expect(await ids(db, '進', { rating: 'accelerate' })).toEqual([
        'assessment:ai2022-fy2022.ai2022-p1-g1-t1',
      ]);
      expect(await ids(db, 'AI', { strategyId: 'other' })).toEqual([]);
      const inCycle = await ids(db, 'AI', { cycleId: 'ai2022-fy2022' });
      expect(inCycle.every((id) => id.startsWith('progress:') || id.startsWith('assessment:'))).toBe(true);
      expect(await ids(db, 'AI', { kinds: ['indicator'] })).toEqual([
        'indicator:ai2022-k1',
        'indicator:ai2022-k2',
      ]);
    });

    it('pages through the ranking', async () => {
      const all = await ids(db, 'AI');
      const page = await search(db, { q: 'AI', limit: 5, offset: 5 }, ANONYMOUS);
      expect(page.hits.map((h) => h.id)).toEqual(all.slice(5, 10));
      expect(page.total).toBe(all.length);
    });

    it('runs at most two statements per search, whatever the query, and one once the statistics sample is kept', async () => {
      const viewer = { ...ANONYMOUS, scope: { drafts: 'ministry' as const, organisationIds: ['mext'] } };
      // a visibility no earlier test searched with: its sample of documents is read first
      const first = await countQueries(() => search(db, { q: '農業', organisationId: 'mext' }, viewer));
      expect(first.queries).toBe(2);
      for (const q of ['農業', 'AI 半導体 データ 研究']) {
        // ... and kept: any terms, any filters, only the matches are looked for
        const again = await countQueries(() => search(db, { q, organisationId: 'mext' }, viewer));
        expect(again.queries).toBe(1);
      }
      const again = await countQueries(() => search(db, { q: '農業', organisationId: 'mext' }, viewer));
      expect(again.result).toEqual(first.result);
      expect((await countQueries(() => search(db, { q: '!!' }, ANONYMOUS))).queries).toBe(0);
    });

    it('hides drafts from anonymous readers and keeps the index in step with a changed entry', async () => {
      const sample = (await readSample()) as { cycles: { state: string }[]; strategy: { id: string } };
      const copy = structuredClone(sample);
      copy.cycles[0]!.state = 'open';
      const draft = await createTestDb(engine);
      try {
        await importStrategy(draft, copy, { actor: 'test' });
        // Not even the structure of a strategy that has no published cycle yet.
        expect((await search(draft, { q: '農業' }, ANONYMOUS)).hits).toEqual([]);
        expect((await search(draft, { q: '農業' }, SYSTEM)).total).toBe(5);
        const entryId = 'ai2022-fy2022.ai2022-i05';
        const key = async () =>
          (
            await draft.kysely
              .selectFrom('searchDocuments')
              .select('seq')
              .where('id', '=', `progress:${entryId}`)
              .executeTakeFirstOrThrow()
          ).seq;
        const keyBefore = await key();
        const rewrite = async (text: string) => {
          await draft.kysely.updateTable('progressEntries').set({ text }).where('id', '=', entryId).execute();
          await reindexEntry(draft.kysely, entryId);
        };
        await rewrite('養殖業の省力化');
        expect((await search(draft, { q: '養殖' }, SYSTEM)).hits.map((h) => h.id)).toEqual([
          `progress:${entryId}`,
        ]);
        // Written over in place: the old words leave the index, the key (its place among the
        // newest) stays.
        await rewrite('漁港の点検');
        expect((await search(draft, { q: '養殖' }, SYSTEM)).total).toBe(0);
        expect((await search(draft, { q: '漁港の点検' }, SYSTEM)).hits.map((h) => h.id)).toEqual([
          `progress:${entryId}`,
        ]);
        expect(await key()).toBe(keyBefore);
        await draft.kysely.deleteFrom('progressEntries').where('id', '=', entryId).execute();
        await reindexEntry(draft.kysely, entryId);
        expect((await search(draft, { q: '養殖' }, SYSTEM)).total).toBe(0);
        expect(await reindexAll(draft)).toBeGreaterThan(60);
      } finally {
        await draft.destroy();
      }
    });

    it('re-indexes a written entry from the rows its writer holds exactly as a full re-index does', async () => {
      const sample = (await readSample()) as { cycles: { state: string }[] };
      const copy = structuredClone(sample);
      copy.cycles[0]!.state = 'open';
      const draft = await createTestDb(engine);
      try {
        await importStrategy(draft, copy, { actor: 'test' });
        const q = draft.kysely;
        const stored = () =>
          q
            .selectFrom('searchDocuments')
            .select(['id', 'nodeIds', 'organisationIds', 'title', 'body', 'context', 'tokens', 'stage'])
            .where('kind', '=', 'progress')
            .orderBy('id')
            .execute();
        const before = await stored();
        const cycle = (await cyclesRepo.findCycle(q, 'ai2022-fy2022'))!;
        const entries = await progressRepo.listEntries(q, UNSCOPED, { cycleIds: [cycle.id] });
        const initiatives = await initiativesRepo.listInitiatives(q, { strategyId: cycle.strategyId });
        // Mirror nodes and cross-listings are among them (the sample has both).
        expect(initiatives.some((i) => i.listings.length > 1)).toBe(true);
        for (const entry of entries) {
          const initiative = initiatives.find((i) => i.id === entry.initiativeId)!;
          const { queries } = await countQueries(() =>
            reindexEntry(q, entry.id, { entry, initiative, cycle }),
          );
          expect(queries).toBeLessThanOrEqual(5);
        }
        expect(await stored()).toEqual(before);
        expect(before.length).toBe(entries.length);
      } finally {
        await draft.destroy();
      }
    });

    it('answers any query text with hits or an empty list, never an engine error', async () => {
      const nasty = [
        '',
        ' ',
        '"',
        '*',
        'NEAR(',
        'OR',
        '-',
        'a OR b',
        "'; drop table x; --",
        '農"業',
        '\u0000',
        '\uD800',
        '🤖',
        'x'.repeat(10_000),
      ];
      for (const q of nasty) await expect(search(db, { q }, ANONYMOUS)).resolves.toBeDefined();
      const unit = fc.oneof(
        fc.constantFrom(...'農業医療教育データ"*()-:^+ORANDNEAR\'\\・ 　\u0000\uD800\uDFFF🤖'),
        fc.string({ unit: 'binary', maxLength: 2 }),
      );
      await fc.assert(
        fc.asyncProperty(fc.string({ unit, maxLength: 40 }), async (q) => {
          const result = await search(db, { q }, ANONYMOUS);
          expect(result.hits.length).toBeLessThanOrEqual(20);
        }),
        { numRuns: 150 },
      );
    });

    it('exposes a latency measurement for the benchmark harness', async () => {
      const m = await measureSearch(db, ['農業', 'AI'], { rounds: 2 });
      expect(m.runs).toBe(4);
      expect(m.medianMs).toBeGreaterThan(0);
    });
  });
}

describe.runIf(ENGINES.length > 1)('search on SQLite and PostgreSQL', () => {
  const dbs: TestDb[] = [];
  beforeAll(async () => {
    for (const engine of ENGINES) dbs.push(await sampleDb(engine));
  });
  afterAll(async () => Promise.all(dbs.map((db) => db.destroy())));

  it('gives the same ranked ids and scores for the same queries', async () => {
    const answer = async (db: TestDb, q: string) =>
      (await search(db, { q, limit: 100 }, ANONYMOUS)).hits.map((h) => [h.id, h.score]);
    for (const q of [...Object.keys(RANKED), ...PROBES]) {
      const [a, b] = await Promise.all(dbs.map((db) => answer(db, q)));
      expect(b, q).toEqual(a);
    }
    const unit = fc.constantFrom(...'農業医療教育研究開発データAIの進展 ・"*');
    await fc.assert(
      fc.asyncProperty(fc.string({ unit, minLength: 1, maxLength: 6 }), async (q) => {
        const [a, b] = await Promise.all(dbs.map((db) => answer(db, q)));
        expect(b).toEqual(a);
      }),
      { numRuns: 100 },
    );
  });
});
