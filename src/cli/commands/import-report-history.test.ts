/**
 * `shinchoku import-report FILE --into STRATEGY_ID` as users run it (a child process per
 * run) on both engines: the matches printed, nothing written without --yes, one more cycle
 * with it, and a year imported twice or a report of another strategy refused.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/helpers/cli.ts';
import { ENGINES, type TestDb } from '../../../test/helpers/db.ts';
import { OTHER, strategyFromReport, YEAR2 } from '../../../test/helpers/history.ts';

/** Each run starts the real command (several seconds on a busy machine). */
const SLOW = 240_000;

const open: TestDb[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((db) => db.destroy()));
});

const cycles = async (db: TestDb) =>
  (await db.kysely.selectFrom('cycles').select(['id']).orderBy('fiscalYear').execute()).map((c) => c.id);

for (const engine of ENGINES) {
  describe(`shinchoku import-report --into on ${engine}`, { timeout: SLOW }, () => {
    it('prints the matches, writes only with --yes, and refuses the same year again', async () => {
      const db = await strategyFromReport(engine);
      open.push(db);
      const env = { DATABASE_URL: db.url };
      const look = await runCli(['import-report', YEAR2, '--into', 'quantum'], env);
      expect(look.code).toBe(0);
      expect(look.stdout).toContain(
        '「量子未来社会ビジョン」（quantum）の 2024年度のサイクル quantum-fy2024 として取り込みます',
      );
      expect(look.stdout).toMatch(/名称変更 0\.\d\d 量子人材の育成 → 量子人材の育成・確保/);
      expect(look.stdout).toContain('新規        → 量子センシングの実用化');
      expect(look.stdout).toContain('何も書き込んでいません（書き込むには --yes を付けてください）');
      expect(await cycles(db)).toEqual(['quantum-fy2023']);

      const write = await runCli(['import-report', YEAR2, '--into', 'quantum', '--yes'], env);
      expect(write.code).toBe(0);
      expect(write.stdout).toContain('quantum-fy2024 として書き込みました');
      expect(await cycles(db)).toEqual(['quantum-fy2023', 'quantum-fy2024']);

      const again = await runCli(['import-report', YEAR2, '--into', 'quantum', '--yes', '--lang', 'en'], env);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain(
        'error: this strategy already has a cycle for fiscal year 2024 (quantum-fy2024); a year cannot be imported twice',
      );
      expect(again.stderr).toContain('Cannot import; nothing was written (1 errors)');
      expect(await cycles(db)).toEqual(['quantum-fy2023', 'quantum-fy2024']);
    });

    it('refuses a report of another strategy, or a strategy that does not exist, and writes nothing', async () => {
      const db = await strategyFromReport(engine);
      open.push(db);
      const r = await runCli(['import-report', OTHER, '--into', 'quantum', '--yes'], {
        DATABASE_URL: db.url,
      });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/戦略「量子未来社会ビジョン」のものではないようです/);
      expect(await cycles(db)).toEqual(['quantum-fy2023']);
      const none = await runCli(['import-report', YEAR2, '--into', 'nosuch', '--yes'], {
        DATABASE_URL: db.url,
      });
      expect(none.code).toBe(1);
      expect(none.stderr).toContain('strategy not found: nosuch');
    });
  });
}
