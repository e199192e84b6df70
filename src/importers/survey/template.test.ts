/**
 * The template and the reader agree: whatever an entry holds (line breaks of any kind,
 * control characters, blanks at either end, plans of every period kind), the row written
 * into the template reads back as untouched — so an import of an unedited sheet never
 * bumps a version. Plus the small readers a clerk's typing goes through.
 */
import fc from 'fast-check';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../domain/model.ts';
import {
  cellText,
  parseNumber,
  parsePlans,
  periodLabel,
  plansText,
  progressCells,
  readCell,
  rowDigest,
} from './cells.ts';
import { readSurveyWorkbook } from './read.ts';
import { writeSurveyTemplate, type SurveyProgressRow, type SurveyTemplateData } from './template.ts';

const STAGES = ['開始予定', '実施中', '構築'];
const period = fc.oneof(
  fc.integer({ min: 1990, max: 2100 }).map((y) => `FY${y}`),
  fc.integer({ min: 1990, max: 2100 }).map((y) => `FY${y}-end`),
  fc.integer({ min: 1990, max: 2100 }).map(String),
  fc
    .tuple(fc.integer({ min: 1990, max: 2100 }), fc.integer({ min: 1, max: 12 }))
    .map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`),
);
const words = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== '');
const anyText = fc.oneof(
  words,
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constantFrom('', ' 前後に空白 ', '改行\r\nCRLF', '改行\rCR', 'タブ\tあり', '\u0000NUL\u0007BEL', '=1+1'),
);
const plan: fc.Arbitrary<Plan> = fc.record({
  period,
  text: fc.oneof(
    words,
    words.map((w) => `${w}\r${w}`),
    words.map((w) => ` ${w}\n${w} `),
  ),
});
const row: fc.Arbitrary<SurveyProgressRow> = fc.record({
  entryId: fc.nat().map((n) => `c.i${n}`),
  version: fc.integer({ min: 1, max: 99 }),
  path: words,
  initiative: words,
  owners: fc.constant('総務省'),
  previous: anyText,
  text: anyText,
  textEn: fc.oneof(anyText, fc.constant('Built the prototype.')),
  stage: fc.constantFrom('', ...STAGES),
  plans: fc.array(plan, { maxLength: 4 }),
  reviewState: fc.constantFrom('draft', 'returned', 'submitted'),
  reviewComment: anyText,
  editable: fc.boolean(),
});

const data = (rows: SurveyProgressRow[]): SurveyTemplateData => ({
  strategyId: 's',
  strategyTitle: '試験戦略',
  cycleId: 's-fy2023',
  cycleLabel: '2023年度',
  deadline: '2024年1月31日',
  organisationId: 'mic',
  organisationName: '総務省',
  stages: STAGES,
  rows,
  indicators: [],
  generatedAt: '2023-11-01T00:00:00.000Z',
});

describe('the template read back', () => {
  it('reads every row it wrote as untouched, whatever the entry holds', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(row, { minLength: 1, maxLength: 6, selector: (r) => r.entryId }),
        async (rows) => {
          const read = await readSurveyWorkbook(await writeSurveyTemplate(data(rows)), 't.xlsx');
          expect(read.ok).toBe(true);
          if (!read.ok) return;
          expect(read.value.meta).toMatchObject({ cycleId: 's-fy2023', organisationId: 'mic' });
          expect(read.value.english).toBe(true);
          expect(read.value.progress.map((r) => cellText(r.cells.entryId))).toEqual(
            rows.map((r) => r.entryId),
          );
          for (const r of read.value.progress) {
            const cells = [cellText(r.cells.text), cellText(r.cells.stage), cellText(r.cells.plans)] as const;
            expect(rowDigest(progressCells(cells, cellText(r.cells.textEn)))).toBe(cellText(r.cells.digest));
          }
          // Plans come back as they were written.
          rows.forEach((w, i) => {
            const back = parsePlans(cellText(read.value.progress[i]!.cells.plans));
            expect(back.problems).toEqual([]);
            expect(back.plans).toEqual(
              w.plans.map((p) => ({ period: p.period, text: p.text.replace(/\s*[\r\n]+\s*/g, ' ').trim() })),
            );
          });
        },
      ),
      { seed: 20_231_101, numRuns: 25 },
    );
  }, 120_000);
});

describe('the template on paper', () => {
  it('prints on A4 landscape, one page wide, the header row on every page, with real properties', async () => {
    const zip = await JSZip.loadAsync(await writeSurveyTemplate(data([])));
    const book = await zip.file('xl/workbook.xml')!.async('string');
    const names = [...book.matchAll(/<sheet [^>]*name="([^"]+)"/g)].map((m) => m[1]);
    expect(names).toEqual(['記入要領', '進捗調査票', 'KPI', '_meta']);
    // The three sheets people print (sheet1–3); _meta is hidden.
    for (const n of [1, 2, 3]) {
      const xml = await zip.file(`xl/worksheets/sheet${n}.xml`)!.async('string');
      // fitToWidth only works with the sheet's fitToPage flag (Excel ignores it otherwise).
      expect(xml, `sheet${n}`).toMatch(/<pageSetUpPr[^>]*fitToPage="1"/);
      const setup = /<pageSetup [^>]*>/.exec(xml)?.[0] ?? '';
      expect(setup).toContain('paperSize="9"');
      expect(setup).toContain('orientation="landscape"');
      expect(setup).toContain('fitToWidth="1"');
      expect(setup).toContain('fitToHeight="0"');
      expect(xml).toContain(
        '<oddFooter>&amp;L「試験戦略」フォローアップ 2023年度 進捗調査票 — 総務省&amp;R&amp;P / &amp;N</oddFooter>',
      );
    }
    // The column headers (row 4) repeat on every printed page of the two data sheets.
    const titles = [
      ...book.matchAll(/<definedName name="_xlnm.Print_Titles" localSheetId="(\d)"[^>]*>([^<]*)</g),
    ];
    expect(titles.map(([, sheet, ref]) => [sheet, ref])).toEqual([
      ['1', '&apos;進捗調査票&apos;!$4:$4'],
      ['2', '&apos;KPI&apos;!$4:$4'],
    ]);
    const core = await zip.file('docProps/core.xml')!.async('string');
    expect(core).toContain('<dc:title>「試験戦略」フォローアップ 2023年度 進捗調査票 — 総務省</dc:title>');
    expect(core).toContain(
      '<dcterms:created xsi:type="dcterms:W3CDTF">2023-11-01T00:00:00Z</dcterms:created>',
    );
    expect(core).toContain(
      '<dcterms:modified xsi:type="dcterms:W3CDTF">2023-11-01T00:00:00Z</dcterms:modified>',
    );
    expect(core).not.toContain('1970');
    expect(core).not.toContain('ExcelJS');
  });
});

describe('reading what a clerk typed', () => {
  it('reads plans written in any of the usual ways', () => {
    expect(
      parsePlans('・R6年度：全国展開\n\n- 2025年度末: 効果検証\n2026: 見直し\n2024年4月: 公募開始'),
    ).toEqual({
      plans: [
        { period: 'FY2024', text: '全国展開' },
        { period: 'FY2025-end', text: '効果検証' },
        { period: '2026', text: '見直し' },
        { period: '2024-04', text: '公募開始' },
      ],
      problems: [],
    });
    expect(parsePlans('未定\n来期: 続ける\n2024年度:')).toEqual({
      plans: [],
      problems: [
        { code: 'survey.plan.format', line: 1, text: '未定' },
        { code: 'survey.plan.bad_period', line: 2, value: '来期' },
        { code: 'survey.plan.format', line: 3, text: '2024年度:' },
      ],
    });
    expect(plansText([{ period: 'FY2024', text: '全国\nで展開' }])).toBe('2024年度: 全国 で展開');
    expect(periodLabel('FY2022-end')).toBe('2022年度末');
    expect(periodLabel('not-a-code')).toBe('not-a-code');
  });

  it('reads numbers typed as text, and nothing else', () => {
    expect(parseNumber({ kind: 'number', value: 217 })).toBe(217);
    expect(parseNumber({ kind: 'text', text: '１，２３４' })).toBe(1234);
    expect(parseNumber({ kind: 'text', text: ' +12.5 ' })).toBe(12.5);
    for (const text of ['約200', '200件', '1,2,3x', '', 'Infinity', '1e400']) {
      expect(parseNumber({ kind: 'text', text })).toBeNull();
    }
    expect(parseNumber({ kind: 'formula', formula: '1+1' })).toBeNull();
  });

  it('keeps formulas and error values apart from data', () => {
    expect(readCell({ formula: 'A1', result: 3 } as never)).toEqual({ kind: 'formula', formula: 'A1' });
    expect(readCell({ error: '#REF!' } as never)).toEqual({ kind: 'error', error: '#REF!' });
    expect(readCell({ richText: [{ text: 'a' }, { text: 'b' }] } as never)).toEqual({
      kind: 'text',
      text: 'ab',
    });
    expect(readCell(new Date('2024-03-31T00:00:00Z'))).toEqual({ kind: 'text', text: '2024-03-31' });
    expect(readCell(Number.NaN)).toEqual({ kind: 'empty' });
    expect(readCell('')).toEqual({ kind: 'empty' });
  });
});
