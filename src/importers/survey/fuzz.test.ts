/**
 * Property tests: a real generated survey, mutated the way people and accidents mutate
 * files — random cell edits (text, numbers, formulas, error values, dates, rich text, stage
 * labels, plan lines) in any cell of any sheet, deleted rows, random bytes in the archive,
 * truncation — and imported. The result is always a report of problems or a successful
 * import: never another exception, never a hang, and a refused import writes nothing.
 * Damaged XML inside an intact archive reaches exceljs itself (the archive check passes).
 * Fixed seeds and bounded runs keep the suite fast and failures replayable.
 */
import type ExcelJS from 'exceljs';
import fc from 'fast-check';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../domain/access.ts';
import { importSurvey, surveyTemplate, type SurveyImportResult } from '../../services/survey.service.ts';
import { ENGINES, type TestDb } from '../../../test/helpers/db.ts';
import { sampleDb } from '../../../test/helpers/sample.ts';
import { CYCLE, editWorkbook, openSurveyCycle } from '../../../test/fixtures/survey/setup.ts';
import { formatSurveyProblem } from './messages.ts';

const SEED = 20_231_101;
/** Longest a single import may take, in milliseconds, on a busy machine. */
const RUN_LIMIT_MS = 15_000;
const SHEETS = ['進捗調査票', 'KPI', '_meta', '記入要領'] as const;

type CellValue = ExcelJS.CellValue;

const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom(
    '',
    '完了',
    '運用中',
    '試作',
    'R6年度: 全国展開',
    '今年度は実証を終え、全国で運用を始めた。',
    '実施中',
    '2023年度末',
    '2024年度：続ける\n来年: 未定',
    'FY2023-end',
    '約200件',
    '１，２３４',
    'ai2022-fy2023.ai2022-i01',
    'ai2022-k1',
    'shinchoku-survey',
    '=SUM(A1:A3)',
    '\u0000\u0007制御文字',
    'x'.repeat(21_000),
  ),
);
const value: fc.Arbitrary<CellValue> = fc.oneof(
  { weight: 5, arbitrary: text },
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: -5, max: 5_000 }),
  fc.constant(null),
  fc.boolean(),
  fc.date({ min: new Date('1990-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
  fc.constantFrom<CellValue>(
    { formula: 'A1&B1', result: '計算結果' },
    { formula: '1+1', result: 2 },
    { error: '#N/A' },
    { error: '#DIV/0!' },
    { richText: [{ text: '太字' }, { text: 'と普通' }] },
    { text: 'リンク', hyperlink: 'https://example.go.jp' },
  ),
);

type Edit =
  | { op: 'set'; sheet: number; row: number; col: number; value: CellValue }
  | { op: 'delete'; sheet: number; row: number; count: number };

/** Mostly the cells people fill in (進捗 F–H, KPI E–H), sometimes anything anywhere. */
const edit: fc.Arbitrary<Edit> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.oneof(
      fc.record({
        op: fc.constant('set' as const),
        sheet: fc.constant(0),
        row: fc.integer({ min: 5, max: 12 }),
        col: fc.integer({ min: 6, max: 8 }),
        value,
      }),
      fc.record({
        op: fc.constant('set' as const),
        sheet: fc.constant(1),
        row: fc.integer({ min: 5, max: 16 }),
        col: fc.integer({ min: 5, max: 8 }),
        value,
      }),
    ),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('set' as const),
      sheet: fc.nat({ max: 3 }),
      row: fc.integer({ min: 1, max: 20 }),
      col: fc.integer({ min: 1, max: 14 }),
      value,
    }),
  },
  fc.record({
    op: fc.constant('delete' as const),
    sheet: fc.nat({ max: 1 }),
    row: fc.integer({ min: 1, max: 14 }),
    count: fc.integer({ min: 1, max: 3 }),
  }),
);

function applyEdits(wb: ExcelJS.Workbook, edits: readonly Edit[]): void {
  for (const e of edits) {
    const ws = wb.getWorksheet(SHEETS[e.sheet]!);
    if (!ws) continue;
    if (e.op === 'delete') ws.spliceRows(e.row, e.count);
    else ws.getCell(e.row, e.col).value = e.value;
  }
}

function patch(bytes: Uint8Array, edits: readonly [number, number][]): Uint8Array {
  const out = Uint8Array.from(bytes);
  for (const [at, v] of edits) out[at % out.length] = v;
  return out;
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A report of problems, each a located Japanese line, or a consistent success. */
function expectWellFormed(r: SurveyImportResult): void {
  if (!r.ok) {
    expect(r.problems.length).toBeGreaterThan(0);
    expect(r.applied).toBe(false);
    for (const p of r.problems) expect(formatSurveyProblem('ja', p)).toMatch(/^エラー.*: \S/);
    return;
  }
  expect(r.problems).toEqual([]);
  expect(r.counts.entries + r.counts.unchanged).toBeLessThanOrEqual(r.counts.rows);
  for (const e of r.entries) expect(e.after.text.length).toBeLessThanOrEqual(20_000);
}

for (const engine of ENGINES) {
  describe(`survey import under random input on ${engine}`, () => {
    let db: TestDb;
    let mic: Principal;
    let mext: Principal;
    let micSheet: Buffer;
    let mextSheet: Buffer;
    const audits = async () => (await db.kysely.selectFrom('auditLog').select('id').execute()).length;
    beforeAll(async () => {
      db = await sampleDb(engine);
      const people = await openSurveyCycle(db);
      mic = people.mic;
      mext = people.mext;
      micSheet = (await surveyTemplate(db, CYCLE, 'mic', mic)).body;
      mextSheet = (await surveyTemplate(db, CYCLE, 'mext', mext)).body;
    });
    afterAll(async () => db.destroy());

    it('returns problems or a preview for random cell edits and deleted rows', async () => {
      let previews = 0;
      await fc.assert(
        fc.asyncProperty(fc.boolean(), fc.array(edit, { minLength: 1, maxLength: 8 }), async (kpi, edits) => {
          const bytes = await editWorkbook(kpi ? mextSheet : micSheet, (wb) => applyEdits(wb, edits));
          const r = await withTimeout(
            importSurvey(db, bytes, kpi ? mext : mic, { dryRun: true }),
            RUN_LIMIT_MS,
          );
          expectWellFormed(r);
          if (r.ok) previews++;
        }),
        { seed: SEED, numRuns: engine === 'sqlite' ? 60 : 20 },
      );
      // Some mutants are still good sheets: the property is exercised on successes too.
      expect(previews).toBeGreaterThan(0);
    }, 600_000);

    it('writes all or nothing when random edits are imported for real', async () => {
      const outcomes = { written: 0, refused: 0 };
      await fc.assert(
        fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 5 }), async (edits) => {
          // A fresh sheet each run: earlier runs may have changed what the old one shows.
          const sheet = (await surveyTemplate(db, CYCLE, 'mic', mic)).body;
          const bytes = await editWorkbook(sheet, (wb) => applyEdits(wb, edits));
          const before = await audits();
          const r = await withTimeout(importSurvey(db, bytes, mic), RUN_LIMIT_MS);
          expectWellFormed(r);
          expect(await audits()).toBe(r.ok ? before + r.counts.entries + r.observations.length : before);
          if (!r.ok) outcomes.refused++;
          else if (r.counts.entries + r.observations.length > 0) outcomes.written++;
        }),
        { seed: SEED, numRuns: engine === 'sqlite' ? 30 : 12 },
      );
      expect(outcomes.written).toBeGreaterThan(0);
      expect(outcomes.refused).toBeGreaterThan(0);
    }, 600_000);

    it('returns problems, never a crash or a hang, for random bytes in the archive', async () => {
      const damaged = fc.array(
        fc.tuple(fc.nat({ max: micSheet.length - 1 }), fc.integer({ min: 0, max: 255 })),
        {
          minLength: 1,
          maxLength: 12,
        },
      );
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            damaged.map((edits) => patch(micSheet, edits)),
            fc.nat({ max: micSheet.length }).map((n) => micSheet.subarray(0, n)),
            fc.uint8Array({ maxLength: 4096 }).map((b) => Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...b])),
          ),
          async (bytes) => {
            const before = await audits();
            const r = await withTimeout(importSurvey(db, bytes, mic), RUN_LIMIT_MS);
            expectWellFormed(r);
            if (!r.ok) expect(await audits()).toBe(before);
          },
        ),
        { seed: SEED, numRuns: engine === 'sqlite' ? 60 : 20 },
      );
    }, 600_000);
    it('returns problems, never a crash or a hang, for damaged XML inside an intact archive', async () => {
      const archive = await JSZip.loadAsync(micSheet);
      const names = Object.keys(archive.files).filter((n) => n.endsWith('.xml'));
      const texts = new Map<string, string>();
      for (const n of names) texts.set(n, await archive.file(n)!.async('string'));
      const damage = fc.record({
        entry: fc.constantFrom(...names),
        cut: fc.option(fc.nat(), { nil: undefined }),
        edits: fc.array(
          fc.tuple(fc.nat(), fc.constantFrom('<', '>', '"', '&', '/', ' ', '', 'x', '\u0000', '<c>')),
          {
            maxLength: 6,
          },
        ),
      });
      await fc.assert(
        fc.asyncProperty(damage, async ({ entry, cut, edits }) => {
          let xml = texts.get(entry)!;
          for (const [at, piece] of edits) {
            const i = at % (xml.length + 1);
            xml = xml.slice(0, i) + piece + xml.slice(i + 1);
          }
          if (cut !== undefined) xml = xml.slice(0, cut % (xml.length + 1));
          const copy = await JSZip.loadAsync(micSheet);
          copy.file(entry, xml);
          const bytes = await copy.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
          const before = await audits();
          const r = await withTimeout(importSurvey(db, bytes, mic), RUN_LIMIT_MS);
          expectWellFormed(r);
          if (!r.ok) expect(await audits()).toBe(before);
        }),
        { seed: SEED, numRuns: engine === 'sqlite' ? 60 : 20 },
      );
    }, 600_000);
  });
}
