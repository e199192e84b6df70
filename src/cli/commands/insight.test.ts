import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/helpers/cli.ts';
import { createTestDb, ENGINES, type TestDb } from '../../../test/helpers/db.ts';
import { FY2022, FY2023, twoCycleSample } from '../../../test/helpers/two-cycles.ts';
import { importStrategy } from '../../services/interchange.service.ts';

const SLOW = 180_000;

for (const engine of ENGINES) {
  describe(`search and insight commands on ${engine}`, () => {
    let db: TestDb;
    let env: Record<string, string>;
    beforeAll(async () => {
      db = await createTestDb(engine);
      await importStrategy(db, await twoCycleSample(), { actor: 'test' });
      env = { DATABASE_URL: db.url };
    });
    afterAll(async () => db.destroy());

    it(
      'searches with a filter and marks the hits',
      async () => {
        const r = await runCli(['search', '医療', '--kind', 'progress', '--cycle', FY2022], env, SLOW);
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout.split('\n')[0]).toBe('2 hits');
        expect(r.stdout).toContain('【医療】');
        const bad = await runCli(['search', 'x', '--kind', 'nope'], env, SLOW);
        expect([bad.code, bad.stderr.trim()]).toEqual([
          1,
          'shinchoku: unknown kind nope (use initiative, progress, assessment, indicator)',
        ]);
      },
      SLOW,
    );

    it(
      'diffs two cycles and rebuilds the index',
      async () => {
        const d = await runCli(['diff', '--strategy', 'ai2022', '--from', FY2022, '--to', FY2023], env, SLOW);
        expect(d.code, d.stderr).toBe(0);
        expect(d.stdout).toContain('データ提供システムを[-試作][+構築]した。');
        expect(d.stdout).toContain(
          'rating AIによる利活用の基礎となるデジタル・ツインの構築: accelerate → steady (better)',
        );
        const r = await runCli(['reindex'], env, SLOW);
        // 29 initiatives, 29 + 28 entries, 16 + 16 assessments, 4 indicators
        expect([r.code, r.stdout.trim()]).toEqual([0, 'indexed 122 documents']);
      },
      SLOW,
    );
  });
}
