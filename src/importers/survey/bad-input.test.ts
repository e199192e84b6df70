/**
 * Bad survey sheets: each problem gets its own Japanese message saying where it is (sheet,
 * row, column) and what is wrong, and nothing is written — not a single row of a sheet
 * whose other rows are fine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getEntry } from '../../services/entries.service.ts';
import { importSurvey, surveyTemplate } from '../../services/survey.service.ts';
import { ENGINES, type TestDb } from '../../../test/helpers/db.ts';
import { sampleDb } from '../../../test/helpers/sample.ts';
import {
  blankKpiRows,
  CYCLE,
  editWorkbook,
  K,
  kpiSheet,
  openSurveyCycle,
  P,
  progressSheet,
  rowOf,
  type SurveyPeople,
} from '../../../test/fixtures/survey/setup.ts';
import { zip } from '../../../test/fixtures/survey/zip-writer.ts';
import { formatSurveyProblem, formatSurveyProblems } from './messages.ts';
import { readSurveyWorkbook } from './read.ts';

/** Deterministic pseudo-random bytes (xorshift), so failures can be replayed. */
function noise(size: number, seed = 42): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

const I01 = `${CYCLE}.ai2022-i01`;
const I09 = `${CYCLE}.ai2022-i09`;

for (const engine of ENGINES) {
  describe(`bad survey sheets on ${engine}`, () => {
    let db: TestDb;
    let people: SurveyPeople;
    let sheet: Buffer;
    let kpi: Buffer;
    beforeAll(async () => {
      db = await sampleDb(engine);
      people = await openSurveyCycle(db);
      sheet = (await surveyTemplate(db, CYCLE, 'mic', people.mic)).body;
      kpi = (await surveyTemplate(db, CYCLE, 'mext', people.mext)).body;
    });
    afterAll(async () => db.destroy());

    const lines = async (bytes: Uint8Array, who: keyof SurveyPeople = 'mic') => {
      const auditBefore = (await db.kysely.selectFrom('auditLog').select('id').execute()).length;
      const r = await importSurvey(db, bytes, people[who], { fileName: '調査票.xlsx' });
      expect(r.ok).toBe(false);
      expect(r.applied).toBe(false);
      const auditAfter = (await db.kysely.selectFrom('auditLog').select('id').execute()).length;
      expect(auditAfter, 'something was written').toBe(auditBefore);
      return formatSurveyProblems('ja', r.problems);
    };

    it.each([
      ['an empty file', new Uint8Array(), 'エラー 調査票.xlsx: 調査票.xlsx は空です'],
      [
        '10 MB of noise',
        noise(10 * 1024 * 1024),
        'エラー 調査票.xlsx: 調査票.xlsx は XLSX ファイルではありません（ダウンロードした調査票 .xlsx を指定してください）',
      ],
      [
        'more than 10 MB',
        noise(10 * 1024 * 1024 + 1),
        'エラー 調査票.xlsx: 調査票.xlsx は大きすぎます（10.0 MB。上限は 10.0 MB）',
      ],
      [
        'a password-protected workbook',
        Buffer.concat([
          Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
          Buffer.from(noise(8192)),
        ]),
        'エラー 調査票.xlsx: 調査票.xlsx はパスワードで保護（暗号化）されたブックか、古い .xls 形式です。パスワードを解除し、.xlsx 形式で保存し直してください',
      ],
    ])('refuses %s with one message', async (_, bytes, message) => {
      expect(await lines(bytes)).toEqual([message]);
    });

    it('refuses truncated and corrupt workbooks, and noise that starts like a ZIP', async () => {
      expect(await lines(sheet.subarray(0, Math.floor(sheet.length * 0.7)))).toEqual([
        'エラー 調査票.xlsx: 調査票.xlsx は壊れているか、途中で切れています（no ZIP end record）',
      ]);
      const damaged = Buffer.from(sheet);
      for (let i = 400; i < 480; i++) damaged[i] = 0;
      expect(await lines(damaged)).toEqual([
        expect.stringMatching(/^エラー 調査票\.xlsx: 調査票\.xlsx は壊れているか、途中で切れています/),
      ]);
      const pk = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from(noise(4096))]);
      expect(await lines(pk)).toEqual([expect.stringMatching(/は壊れているか、途中で切れています/)]);
    });

    it('refuses zip bombs before exceljs unpacks them', async () => {
      const bomb = zip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(16 * 1024 * 1024) }]);
      expect(await lines(bomb)).toEqual([
        expect.stringMatching(
          /^エラー 調査票\.xlsx: 調査票\.xlsx の中の xl\/worksheets\/sheet1\.xml は圧縮率が異常です（\d+倍）/,
        ),
      ]);
      const huge = zip([
        { name: 'xl/sharedStrings.xml', data: Buffer.alloc(10), declared: 60 * 1024 * 1024 },
      ]);
      expect(await lines(huge)).toEqual([
        'エラー 調査票.xlsx: 調査票.xlsx は展開すると大きすぎます（展開後 60.0 MB。上限は 50.0 MB）。調査票のファイルか確認してください',
      ]);
    });

    it('refuses a ZIP that is no survey, and a survey whose control sheet was removed', async () => {
      const docx = zip([{ name: 'word/document.xml', data: Buffer.from('<w:document/>') }]);
      expect(await lines(docx)).toEqual([
        'エラー: 調査票の管理情報（非表示の _meta シート）がないか壊れています。shinchoku でダウンロードした調査票を使ってください',
      ]);
      const noMeta = await editWorkbook(sheet, (wb) => {
        wb.removeWorksheet(wb.getWorksheet('_meta')!.id);
      });
      expect(await lines(noMeta)).toEqual([
        'エラー: 調査票の管理情報（非表示の _meta シート）がないか壊れています。shinchoku でダウンロードした調査票を使ってください',
      ]);
      const oldVersion = await editWorkbook(sheet, (wb) => {
        wb.getWorksheet('_meta')!.getCell(2, 2).value = 0;
      });
      expect(await lines(oldVersion)).toEqual([
        'エラー: 調査票の様式の版が違います（このファイル: 版0、現在: 版1）。調査票をダウンロードし直して記入してください',
      ]);
      const renamed = await editWorkbook(sheet, (wb) => {
        wb.getWorksheet('KPI')!.name = '実績';
      });
      expect(await lines(renamed)).toEqual([
        'エラー 「KPI」シート: 「KPI」シートがありません。ダウンロードした調査票のシート名を変えずに使ってください',
      ]);
    });

    it('refuses a sheet of another cycle or ministry, or one naming an unknown cycle', async () => {
      const unknown = await editWorkbook(sheet, (wb) => {
        wb.getWorksheet('_meta')!.getCell(4, 2).value = 'ai2022-fy2031';
      });
      expect(await lines(unknown)).toEqual([
        'エラー: この調査票のフォローアップ（ai2022-fy2031）が見つかりません',
      ]);
      expect(await lines(sheet, 'mhlw')).toEqual([
        'エラー: この調査票は総務省の調査票です。mhlw-editor は総務省の担当ではないため取り込めません',
      ]);
      const mhlw = await editWorkbook(sheet, (wb) => {
        wb.getWorksheet('_meta')!.getCell(5, 2).value = 'mhlw';
      });
      // Rows of 総務省's initiatives in a sheet claiming to be 厚労省's do not belong to it.
      expect((await lines(mhlw, 'mhlw')).slice(0, 1)).toEqual([
        expect.stringMatching(
          /^エラー 「進捗調査票」シート 5行目: この行の施策（ai2022-fy2023\.ai2022-i01）は、この調査票の府省・フォローアップのものではありません$/,
        ),
      ]);
    });

    it('says which cell holds an unknown stage, a formula, an error value or a malformed plan', async () => {
      const bad = await editWorkbook(sheet, (wb) => {
        const ws = progressSheet(wb);
        const a = rowOf(ws, I01);
        a.getCell(P.stage).value = '完了';
        a.getCell(P.plans).value = '2024年度: 全国展開\n来年やる\n来期: 続ける';
        const b = rowOf(ws, I09);
        b.getCell(P.text).value = { formula: 'E6&"を実施した"', result: '前年の文を実施した' };
        ws.getCell(7, P.stage).value = { error: '#N/A' };
      });
      expect(await lines(bad)).toEqual([
        'エラー 「進捗調査票」シート 5行目 G列: 段階「完了」は選択肢にありません（一覧から選んでください）',
        'エラー 「進捗調査票」シート 5行目 H列: 予定の2行目「来年やる」が「期間: 内容」の形ではありません（例: 2024年度: 全国で運用を開始）',
        'エラー 「進捗調査票」シート 5行目 H列: 予定の3行目の期間「来期」を読めません（例: 令和6年度、R6年度、2024年度、FY2024、令和6年度末、令和6年4月、2024-04）',
        expect.stringMatching(
          /^エラー 「進捗調査票」シート \d+行目 F列: 数式（=E6&"を実施した"）は使えません。値として貼り付けてください$/,
        ),
        'エラー 「進捗調査票」シート 7行目 G列: セルがエラー値（#N/A）です',
      ]);
      expect((await getEntry(db, I09, people.mic)).entry.version).toBe(1);
    });

    it('refuses added, copied and tampered rows', async () => {
      const bad = await editWorkbook(sheet, (wb) => {
        const ws = progressSheet(wb);
        const added = ws.getRow(20);
        added.getCell(3).value = '新しい施策';
        added.getCell(P.text).value = '追加した行の進捗';
        const copy = ws.getRow(21);
        copy.getCell(P.text).value = '複写した行';
        copy.getCell(P.entryId).value = I01;
        copy.getCell(P.version).value = 1;
        ws.getCell(6, P.version).value = 'いち';
      });
      expect(await lines(bad)).toEqual([
        'エラー 「進捗調査票」シート 6行目: 行の識別情報（非表示の列）が読めません。行をコピー・移動したり、非表示の列を編集したりしないでください',
        'エラー 「進捗調査票」シート 20行目: 施策の行は追加できません（施策の追加は事務局に依頼してください）',
        'エラー 「進捗調査票」シート 21行目: 同じ施策の行が2つあります（5行目と重複）',
      ]);
    });

    it('refuses moved columns', async () => {
      const moved = await editWorkbook(sheet, (wb) => {
        progressSheet(wb).spliceColumns(5, 1);
      });
      expect((await lines(moved))[0]).toBe(
        'エラー 「進捗調査票」シート 4行目 E列: 見出しが「主な進捗（今回記入）」になっています（正しくは「前回の主な進捗（参考）」）。列を追加・削除・移動しないでください',
      );
    });

    it('never names a hidden column to the clerk', async () => {
      const moved = await editWorkbook(sheet, (wb) => {
        progressSheet(wb).spliceColumns(3, 1);
      });
      const out = await lines(moved);
      expect(out).toContain(
        'エラー 「進捗調査票」シート: 非表示の列が変更されています。列を追加・削除・移動しないでください。調査票をダウンロードし直して記入してください',
      );
      expect(out.join('\n')).not.toMatch(/digest|version|entry_?id/i);
    });

    it('offers the stage a near-miss meant', async () => {
      const bad = await editWorkbook(sheet, (wb) => {
        rowOf(progressSheet(wb), I01).getCell(P.stage).value = '実施済';
      });
      expect(await lines(bad)).toEqual([
        'エラー 「進捗調査票」シート 5行目 G列: 段階「実施済」は選択肢にありません。「実施済み」のことですか（一覧から選んでください）',
      ]);
    });

    it('says which KPI cell holds text instead of a number, a bad period or a formula', async () => {
      const bad = await editWorkbook(kpi, (wb) => {
        const ws = kpiSheet(wb);
        const [a, b] = blankKpiRows(ws, 'ai2022-k1');
        a!.getCell(K.period).value = '2023年度末';
        a!.getCell(K.value).value = '約200件';
        b!.getCell(K.period).value = 'そのうち';
        b!.getCell(K.value).value = 5;
        const [c, d] = blankKpiRows(ws, 'ai2022-k2');
        c!.getCell(K.value).value = { formula: 'F5*2', result: 434 };
        c!.getCell(K.period).value = '2023年度末';
        d!.getCell(K.period).value = '2022年度末';
        d!.getCell(K.value).value = 70;
      });
      const out = await lines(bad, 'mext');
      expect(out).toEqual([
        'エラー 「KPI」シート 7行目 F列: 「約200件」は数値ではありません（数値だけを入れてください。単位は不要です）',
        'エラー 「KPI」シート 8行目 E列: 期間「そのうち」を読めません（例: 令和6年度、R6年度、2024年度、FY2024、令和6年度末、令和6年4月、2024-04）',
        'エラー 「KPI」シート 10行目 F列: 数式（=F5*2）は使えません。値として貼り付けてください',
        'エラー 「KPI」シート 11行目 E列: 指標「数理・データサイエンス・AI教育プログラムの認定件数（応用基礎レベル）」の期間「2022年度末」が2回あります（9行目と重複）',
      ]);
    });

    it('formats problems in English too', async () => {
      const r = await readSurveyWorkbook(new Uint8Array(), 'survey.xlsx');
      expect(r.ok).toBe(false);
      expect(formatSurveyProblem('en', r.problems[0]!)).toBe('error survey.xlsx: survey.xlsx is empty');
    });
  });
}
