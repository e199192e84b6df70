/**
 * The bulk versioned write behind the survey import: only rows still at the version they
 * were based on are written, each exactly once, on both engines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, type TestDb } from '../../../test/helpers/db.ts';
import { sampleDb } from '../../../test/helpers/sample.ts';
import { updateEntries, updateEntryReturning, type EntryWrite } from './workflow.repository.ts';

for (const engine of ENGINES) {
  describe(`updateEntries on ${engine}`, () => {
    let db: TestDb;
    beforeAll(async () => {
      db = await sampleDb(engine);
    });
    afterAll(async () => {
      await db.destroy();
    });

    it('writes the rows at their version, skips stale ones, and reports which were written', async () => {
      const entries = await db.kysely
        .selectFrom('progressEntries')
        .select(['id', 'version'])
        .orderBy('id')
        .limit(3)
        .execute();
      const [a, b, c] = entries as [(typeof entries)[0], (typeof entries)[0], (typeof entries)[0]];
      const write = (id: string, basedOn: number, text: string): EntryWrite => ({
        id,
        basedOn,
        text,
        textEn: '',
        stage: null,
        plans: '[]',
        evidence: '[]',
      });
      const written = await updateEntries(
        db.kysely,
        [
          write(a.id, a.version, "一括で書いた 'quoted' 進捗"),
          write(b.id, b.version + 5, '古い版から'),
          write(c.id, c.version, ''),
        ],
        { updatedAt: '2024-05-01T00:00:00.000Z', updatedBy: 'clerk' },
      );
      expect([...written].sort()).toEqual([a.id, c.id].sort());
      const after = await db.kysely
        .selectFrom('progressEntries')
        .select(['id', 'version', 'text', 'stage', 'updatedBy'])
        .where('id', 'in', [a.id, b.id, c.id])
        .orderBy('id')
        .execute();
      expect(after).toEqual([
        {
          id: a.id,
          version: a.version + 1,
          text: "一括で書いた 'quoted' 進捗",
          stage: null,
          updatedBy: 'clerk',
        },
        expect.objectContaining({ id: b.id, version: b.version }),
        { id: c.id, version: c.version + 1, text: '', stage: null, updatedBy: 'clerk' },
      ]);
      // The same writes again are all stale now: nothing is written twice.
      const again = await updateEntries(
        db.kysely,
        [write(a.id, a.version, 'x'), write(c.id, c.version, 'y')],
        {
          updatedAt: '2024-05-01T00:00:01.000Z',
          updatedBy: 'clerk',
        },
      );
      expect(again.size).toBe(0);
    });

    it('writes more rows than fit in one statement', async () => {
      const all = await db.kysely.selectFrom('progressEntries').select(['id', 'version']).execute();
      // The sample is small: repeat its rows' ids past the chunk size as stale writes, with
      // every real row once at its version at the end, so the last chunk does the work.
      const stale = Array.from({ length: 1500 }, (_, i) => {
        const e = all[i % all.length]!;
        return {
          id: e.id,
          basedOn: e.version + 100,
          text: 'stale',
          textEn: '',
          stage: null,
          plans: '[]',
          evidence: '[]',
        };
      });
      const current = all.map((e) => ({
        id: e.id,
        basedOn: e.version,
        text: '最新',
        textEn: 'Latest',
        stage: null,
        plans: '[]',
        evidence: '[]',
      }));
      const written = await updateEntries(db.kysely, [...stale, ...current], {
        updatedAt: '2024-05-02T00:00:00.000Z',
        updatedBy: 'bulk',
      });
      expect(written.size).toBe(all.length);
      const texts = await db.kysely
        .selectFrom('progressEntries')
        .select(['text', 'textEn'])
        .distinct()
        .execute();
      expect(texts).toEqual([{ text: '最新', textEn: 'Latest' }]);
    });

    it('changes one entry only at its version and, for an editor, only while its cycle is open', async () => {
      const e = await db.kysely
        .selectFrom('progressEntries')
        .select(['id', 'version', 'cycleId'])
        .orderBy('id')
        .limit(1)
        .offset(5)
        .executeTakeFirstOrThrow();
      const set = { text: '一行で書いた進捗', updatedAt: '2024-05-02T00:00:00.000Z', updatedBy: 'clerk' };
      // The sample's cycle is published: a reviewer's change holds, an editor's does not.
      expect(
        await updateEntryReturning(db.kysely, e.id, e.version, set, { whileOpen: true }),
      ).toBeUndefined();
      expect(
        await updateEntryReturning(db.kysely, e.id, e.version + 1, set, { whileOpen: false }),
      ).toBeUndefined();
      const row = await updateEntryReturning(db.kysely, e.id, e.version, set, { whileOpen: false });
      expect(row).toMatchObject({
        id: e.id,
        version: e.version + 1,
        text: '一行で書いた進捗',
        updatedBy: 'clerk',
      });
      await db.kysely.updateTable('cycles').set({ state: 'open' }).where('id', '=', e.cycleId).execute();
      try {
        const again = await updateEntryReturning(db.kysely, e.id, e.version + 1, set, { whileOpen: true });
        expect(again?.version).toBe(e.version + 2);
      } finally {
        await db.kysely
          .updateTable('cycles')
          .set({ state: 'published' })
          .where('id', '=', e.cycleId)
          .execute();
      }
    });
  });
}
