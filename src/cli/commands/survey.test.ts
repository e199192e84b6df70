/**
 * The survey commands as users run them (a child process per run), on every engine:
 * `template` writes a ministry's workbook, a clerk fills it in, `import-survey --dry-run`
 * previews and writes nothing, `import-survey` writes; a bad sheet ends with exit code 1,
 * its located messages on stderr, and nothing written.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getEntry } from '../../services/entries.service.ts';
import { runCli } from '../../../test/helpers/cli.ts';
import { ENGINES, type TestDb } from '../../../test/helpers/db.ts';
import { sampleDb } from '../../../test/helpers/sample.ts';
import {
  CYCLE,
  editWorkbook,
  loadWorkbook,
  openSurveyCycle,
  P,
  progressSheet,
  rowOf,
  type SurveyPeople,
} from '../../../test/fixtures/survey/setup.ts';

/** Each run starts the real command (several seconds on a busy machine). */
const SLOW = 240_000;
const I01 = `${CYCLE}.ai2022-i01`;

for (const engine of ENGINES) {
  describe(`shinchoku template and import-survey on ${engine}`, { timeout: SLOW }, () => {
    let db: TestDb;
    let people: SurveyPeople;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shinchoku-survey-'));
    const file = path.join(dir, '総務省.xlsx');
    const run = (args: string[]) => runCli(args, { DATABASE_URL: db.url }, SLOW);
    beforeAll(async () => {
      db = await sampleDb(engine);
      people = await openSurveyCycle(db);
    }, SLOW);
    afterAll(async () => {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('writes the sheet of a ministry named by its short name, and keeps an existing file', async () => {
      const r = await run(['template', '--cycle', CYCLE, '--org', '総務省', '--out', file]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.trim()).toBe(`${file} に調査票を書き出しました（総務省、施策 7件・指標 0件）`);
      const wb = await loadWorkbook(fs.readFileSync(file));
      expect(rowOf(progressSheet(wb), I01).getCell(3).value).toBe('観測データ提供システムの試作');
      const again = await run(['template', '--cycle', CYCLE, '--org', 'mic', '--out', file]);
      expect(again.code).toBe(1);
      expect(again.stderr).toBe(`shinchoku: ${file} already exists (add --force to overwrite it)\n`);
      const foreign = await run([
        'template',
        '--cycle',
        CYCLE,
        '--org',
        'mic',
        '--out',
        file,
        '--force',
        '--as',
        'mhlw-editor',
      ]);
      expect(foreign.code).toBe(1);
      expect(foreign.stderr).toMatch(/^shinchoku: 総務省の調査票はダウンロードできません/);
    });

    it('previews with --dry-run, then imports as the editor', async () => {
      const filled = path.join(dir, 'filled.xlsx');
      fs.writeFileSync(
        filled,
        await editWorkbook(fs.readFileSync(file), (wb) => {
          const row = rowOf(progressSheet(wb), I01);
          row.getCell(P.text).value = 'コマンドから取り込んだ進捗';
          row.getCell(P.stage).value = '試作';
          row.getCell(P.plans).value = 'R6年度: 全国展開';
        }),
      );
      const dry = await run(['import-survey', filled, '--as', 'mic-editor', '--dry-run']);
      expect(dry.code, dry.stderr).toBe(0);
      expect(dry.stdout.trim().split('\n')).toEqual([
        '5行目 観測データ提供システムの試作',
        '  主な進捗: （なし） → コマンドから取り込んだ進捗',
        '  段階: （なし） → 試作',
        '  予定: （なし） → 2024年度: 全国展開',
        '進捗の変更 1件（変更なし 6件）、KPI 実績値の追加 0件・変更 0件',
        '確認のみ（何も書き込んでいません）',
      ]);
      expect((await getEntry(db, I01, people.mic)).entry.version).toBe(1);
      const done = await run(['import-survey', filled, '--as', 'mic-editor', '--json']);
      expect(done.code, done.stderr).toBe(0);
      expect(JSON.parse(done.stdout)).toMatchObject({ ok: true, applied: true, counts: { entries: 1 } });
      const entry = (await getEntry(db, I01, people.mic)).entry;
      expect(entry).toMatchObject({ version: 2, text: 'コマンドから取り込んだ進捗', stage: 'prototyped' });
      expect(entry.updatedBy).toBe(people.mic.userId);
    });

    it('refuses a bad sheet with located messages and exit code 1, writing nothing', async () => {
      const bad = path.join(dir, 'bad.xlsx');
      fs.writeFileSync(
        bad,
        await editWorkbook(fs.readFileSync(file), (wb) => {
          const ws = progressSheet(wb);
          ws.getCell(5, P.stage).value = '完了';
          ws.getCell(6, P.text).value = '他の行は正しい';
        }),
      );
      const r = await run(['import-survey', bad, '--as', 'mic-editor']);
      expect(r.code).toBe(1);
      expect(r.stderr.split('\n')).toEqual([
        'エラー 「進捗調査票」シート 5行目 G列: 段階「完了」は選択肢にありません（一覧から選んでください）',
        'shinchoku: 取り込めませんでした。何も書き込んでいません（エラー 1件）',
        '',
      ]);
      expect(r.stdout).toBe('');
      const sixth = String(
        progressSheet(await loadWorkbook(fs.readFileSync(bad))).getCell(6, P.entryId).value,
      );
      expect((await getEntry(db, sixth, people.mic)).entry).toMatchObject({ version: 1, text: '' });
      const unknown = await run(['import-survey', bad, '--as', 'nobody']);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toBe('shinchoku: ユーザー nobody がいないか、無効になっています\n');
    });
  });
}
