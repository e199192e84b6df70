/**
 * `shinchoku import-budget` as users run it: --dry-run previews the column mapping and
 * writes nothing; a bad file ends with exit code 1, each problem at its row and column on
 * stderr, nothing written; an import and a re-import of the same file add no duplicates.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../../../test/helpers/cli.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shinchoku-budget-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const env = { DATABASE_URL: `sqlite:${path.join(dir, 'budget.db')}` };
const REVIEW = path.join(ROOT, 'test/fixtures/budget/review-2023.sjis.csv');

describe('shinchoku import-budget', { timeout: 240_000 }, () => {
  it('previews, refuses a bad file, imports, and re-imports without duplicates', async () => {
    expect((await runCli(['seed'], env)).code).toBe(0);
    const dry = await runCli(['import-budget', REVIEW, '--dry-run'], env);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('5. 当初予算（千円） → initialBudget (千円)');
    expect(dry.stdout).toContain('12. 担当部局庁 → —');
    expect(dry.stdout).toContain('15行: 追加 15、更新 0、変更なし 0（施策に結び付いていない事業 8件）');
    expect(dry.stdout).toContain('確認のみ（--dry-run）: 何も書き込んでいません');

    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(
      bad,
      '事業番号,府省庁,事業名,年度,当初予算（千円）,執行額（千円）\nA-1,総務省,事業,2022,abc,1\n',
    );
    const refused = await runCli(['import-budget', bad], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'エラー bad.csv 2行目 当初予算（千円）列: 「abc」は金額として読めません',
    );
    expect(refused.stderr).toContain('問題が 1 件あるため、何も取り込んでいません');

    const first = await runCli(['import-budget', REVIEW], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('15行: 追加 15、更新 0、変更なし 0');
    const again = await runCli(['import-budget', REVIEW, '--dry-run'], env);
    expect(again.stdout).toContain('15行: 追加 0、更新 0、変更なし 15');
  });
});
