/**
 * The candidate query answers "the newest N matches" whichever plan it takes: on
 * PostgreSQL, the newest-rows window used for common terms must give the same rows as the
 * index, whether the window holds enough matches or not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, type TestDb } from '../../../test/helpers/db.ts';
import { sampleDb } from '../../../test/helpers/sample.ts';
import { parseQuery } from '../../domain/search/query.ts';
import { findCandidates, passesFilter, sampleDocuments } from './search.repository.ts';
import { PUBLIC_SCOPE } from '../../domain/access.ts';

const PUBLIC = PUBLIC_SCOPE;

for (const engine of ENGINES) {
  describe(`search candidates on ${engine}`, () => {
    let db: TestDb;
    beforeAll(async () => {
      db = await sampleDb(engine);
    });
    afterAll(async () => {
      await db.destroy();
    });

    it('gives the newest matches alike through the window and through the index', async () => {
      for (const q of ['AI', 'データ', '研究']) {
        const terms = parseQuery(q).terms;
        const all = await findCandidates(db.kysely, terms, {}, PUBLIC, 1000, 0);
        expect(all.length, q).toBeGreaterThan(3);
        expect(all.map((r) => r.seq)).toEqual([...all.map((r) => r.seq)].sort((a, b) => b - a));
        for (const limit of [1, 3, all.length, all.length + 5]) {
          for (const share of [0, 0.05, 0.5, 1]) {
            const rows = await findCandidates(db.kysely, terms, {}, PUBLIC, limit, share);
            expect(
              rows.map((r) => r.id),
              `${q} limit ${limit} share ${share}`,
            ).toEqual(all.slice(0, limit).map((r) => r.id));
          }
        }
      }
    });

    it('filters the sample as the query filters documents', async () => {
      const rows = await sampleDocuments(db.kysely, PUBLIC, 10_000);
      for (const filter of [{ organisationId: 'mext' }, { kinds: ['assessment'] }, { stage: 'running' }]) {
        const terms = parseQuery('AI').terms;
        const viaQuery = await findCandidates(db.kysely, terms, filter, PUBLIC, 10_000);
        const viaSample = rows.filter((r) => passesFilter(r, filter) && r.tokens.split(' ').includes('ai'));
        expect(viaSample.length, JSON.stringify(filter)).toBe(viaQuery.length);
      }
    });
  });
}
