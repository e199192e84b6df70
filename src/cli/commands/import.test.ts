/**
 * The import commands as users run them (a child process per run): import-report writes a
 * draft that `shinchoku import` loads; import-structure previews, writes or loads; bad input
 * ends with exit code 1, its messages on stderr, and no file written.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../../../test/helpers/cli.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shinchoku-import-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const SEED = path.join(ROOT, 'test/fixtures/ai-strategy-2022-progress.txt');
const DX = path.join(ROOT, 'test/fixtures/structure/dx');
/** Each run starts the real command (several seconds on a busy machine). */
const SLOW = 180_000;
const env = (name: string) => ({ DATABASE_URL: `sqlite:${path.join(dir, `${name}.db`)}` });

describe('shinchoku import-report', { timeout: SLOW }, () => {
  it('writes a draft and a summary; shinchoku import loads the draft', async () => {
    const out = path.join(dir, 'ai2022.json');
    const r = await runCli(['import-report', SEED, '--json', out], env('report'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('AI戦略2022 → ai2022（2022年度のフォローアップ、令和5年4月時点）');
    expect(r.stdout).toContain('施策 29（掲載 30）・府省タグ 36・KPI 実績値 5（指標 4）');
    expect(fs.existsSync(path.join(dir, 'report.db'))).toBe(false);
    const loaded = await runCli(['import', out], env('report'));
    expect(loaded.code).toBe(0);
    expect(loaded.stdout).toMatch(/^imported ai2022: .*29 initiatives/);
  });

  it('refuses binary garbage: exit 1, one message, nothing written', async () => {
    const bad = path.join(dir, 'garbage.txt');
    fs.writeFileSync(bad, Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 7919) % 256)));
    const out = path.join(dir, 'garbage.json');
    const r = await runCli(['import-report', bad, '--json', out, '--lang', 'en'], env('garbage'));
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      'error garbage.txt: garbage.txt is not a text file (binary data or an unreadable encoding; use UTF-8 or Shift_JIS text)',
      'shinchoku: nothing imported and no file written (errors: 1)',
    ]);
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe('shinchoku import-structure', { timeout: SLOW }, () => {
  it('previews the tree on --dry-run and writes nothing', async () => {
    const r = await runCli(['import-structure', DX, '--dry-run'], env('dry'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ノード 9（3階層）・組織 3・施策 5・指標 3');
    expect(r.stdout).toContain('    1.1.1 子育て関連手続のオンライン化 [dx-p1-g1-t1] (2)');
    expect(r.stdout).toContain('確認のみ（何も書き込んでいません）');
    expect(fs.existsSync(path.join(dir, 'dry.db'))).toBe(false);
  });

  it('loads the structure into the database', async () => {
    const r = await runCli(['import-structure', DX], env('load'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/dx2024 を取り込みました: .*9 nodes, 5 initiatives, 3 indicators/);
  });

  it('names every bad cell and writes nothing', async () => {
    const bad = path.join(dir, 'bad');
    fs.cpSync(DX, bad, { recursive: true });
    const indicators = path.join(bad, 'indicators.csv');
    fs.writeFileSync(indicators, fs.readFileSync(indicators, 'utf8').replace(',35,', ',三十五,'));
    const out = path.join(dir, 'bad.json');
    const r = await runCli(['import-structure', bad, '--json', out], env('bad'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'エラー indicators.csv 2行目 baseline_value（G）列: 「三十五」は数値ではありません',
    );
    expect(fs.existsSync(out)).toBe(false);
  });
});
