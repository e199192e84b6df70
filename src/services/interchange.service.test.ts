import { afterEach, describe, expect, it } from 'vitest';
import { ENGINES, createTestDb, type TestDb } from '../../test/helpers/db.ts';
import { sampleDb } from '../../test/helpers/sample.ts';
import { exportStrategy, importStrategy, serialiseExport } from './interchange.service.ts';
import { readSample } from './sample.service.ts';
import { AppError } from '../domain/errors.ts';
import { StrategyExport } from '../domain/interchange.ts';

const open: TestDb[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((db) => db.destroy()));
});
const track = <T extends TestDb>(db: T): T => {
  open.push(db);
  return db;
};

for (const engine of ENGINES) {
  describe(`interchange on ${engine}`, () => {
    it('round-trips: export → import into an empty database → export is byte-identical', async () => {
      const source = track(await sampleDb(engine));
      const first = serialiseExport(await exportStrategy(source, 'ai2022'));
      const target = track(await createTestDb(engine));
      await importStrategy(target, JSON.parse(first), { actor: 'test' });
      const second = serialiseExport(await exportStrategy(target, 'ai2022'));
      expect(second).toBe(first);
      // The export is itself valid input, and carries every row of the sample.
      const parsed = StrategyExport.parse(JSON.parse(first));
      const sample = StrategyExport.parse(await readSample());
      expect(parsed.nodes.map((n) => n.id).sort()).toEqual(sample.nodes.map((n) => n.id).sort());
      expect(parsed.initiatives).toHaveLength(sample.initiatives.length);
      expect(parsed.cycles[0]?.progress).toHaveLength(sample.cycles[0]?.progress.length ?? -1);
    });

    it('round-trips across engines too (sqlite export loads anywhere)', async () => {
      const source = track(await sampleDb('sqlite'));
      const text = serialiseExport(await exportStrategy(source, 'ai2022'));
      const target = track(await createTestDb(engine));
      await importStrategy(target, JSON.parse(text), { actor: 'test' });
      expect(serialiseExport(await exportStrategy(target, 'ai2022'))).toBe(text);
    });

    it('refuses an invalid file, names the JSON path and writes nothing', async () => {
      const db = track(await createTestDb(engine));
      const data = (await readSample()) as { nodes: { title: unknown }[] };
      data.nodes[3]!.title = 42;
      const err = await importStrategy(db, data, { actor: 'test' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      const details = (err as AppError).details as { issues: { path: string }[] };
      expect(details.issues.map((i) => i.path)).toContain('$.nodes[3].title');
      expect(await db.kysely.selectFrom('strategies').select('id').execute()).toEqual([]);
    });

    it('refuses dangling references with their paths, and writes nothing', async () => {
      const db = track(await createTestDb(engine));
      const data = (await readSample()) as {
        initiatives: { owners: string[]; listings: { nodeId: string }[] }[];
      };
      data.initiatives[0]!.owners = ['no-such-ministry'];
      data.initiatives[1]!.listings[0]!.nodeId = 'no-such-node';
      const err = (await importStrategy(db, data, { actor: 'test' }).catch((e: unknown) => e)) as AppError;
      const paths = (err.details as { issues: { path: string }[] }).issues.map((i) => i.path);
      expect(paths).toEqual(['$.initiatives[0].owners[0]', '$.initiatives[1].listings[0].nodeId']);
      expect(await db.kysely.selectFrom('organisations').select('id').execute()).toEqual([]);
    });

    it('refuses to overwrite an existing strategy unless asked, then replaces it whole', async () => {
      const db = track(await sampleDb(engine));
      const data = await readSample();
      await expect(importStrategy(db, data, { actor: 'test' })).rejects.toMatchObject({ code: 'conflict' });
      const changed = structuredClone(data) as { strategy: { title: string } };
      changed.strategy.title = '差し替え後の戦略';
      await importStrategy(db, changed, { actor: 'test', replace: true });
      const exported = await exportStrategy(db, 'ai2022');
      expect(exported.strategy.title).toBe('差し替え後の戦略');
      expect(exported.initiatives).toHaveLength(29);
    });

    it('rolls back a half-written import (the transaction is all or nothing)', async () => {
      const db = track(await createTestDb(engine));
      const data = (await readSample()) as { cycles: { progress: { id?: string }[] }[] };
      // Two entries with the same id pass validation but break a primary key mid-way.
      const progress = data.cycles[0]!.progress;
      progress[0]!.id = 'duplicate';
      progress[1]!.id = 'duplicate';
      await expect(importStrategy(db, data, { actor: 'test' })).rejects.toThrow();
      expect(await db.kysely.selectFrom('nodes').select('id').execute()).toEqual([]);
      expect(await db.kysely.selectFrom('strategies').select('id').execute()).toEqual([]);
    });
  });
}
