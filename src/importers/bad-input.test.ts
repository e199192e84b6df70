/**
 * Bad input to both importers: each problem gets its own clear message saying where it is,
 * and no result comes back (so the commands write nothing).
 */
import { readFileSync } from 'node:fs';
import type ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { StrategyExport } from '../domain/interchange.ts';
import { recoverReport, readStructure } from '../services/imports.service.ts';
import { dxFiles, dxWorkbook } from '../../test/helpers/structure-fixtures.ts';
import { ZipWriter } from '../reports/render/zip.ts';
import { formatProblem, formatProblems } from './messages.ts';
import type { ImportResult, Problem } from './problems.ts';
import type { InputFile } from './structure/index.ts';

const sample = StrategyExport.parse(
  JSON.parse(readFileSync(new URL('../../data/sample/ai-strategy-2022.json', import.meta.url), 'utf8')),
);
const organisations = sample.organisations;
const seed = readFileSync(
  new URL('../../test/fixtures/ai-strategy-2022-progress.txt', import.meta.url),
  'utf8',
);

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

const codes = <T>(r: ImportResult<T>): string[] =>
  r.problems.filter((p) => p.severity === 'error').map((p) => p.code);
const report = (text: string | Uint8Array, name = 'report.txt', strict = false) =>
  recoverReport(
    { name, bytes: typeof text === 'string' ? Buffer.from(text) : text },
    { organisations, strict },
  );
const structure = (files: InputFile[]) => readStructure(files, { knownOrganisations: organisations });

describe('bad report text', () => {
  it.each([
    ['an empty file', new Uint8Array(), 'file.empty'],
    ['a file of blank lines', Buffer.from('\n \n\u3000\n'), 'file.empty'],
    ['binary garbage', noise(4096), 'file.binary'],
    ['10 MB of noise', noise(10 * 1024 * 1024), 'file.too_large'],
    [
      'text that is no report',
      Buffer.from('これは報告書ではありません。\n- 項目\n'.repeat(500)),
      'report.no_slides',
    ],
  ])('refuses %s with one message', async (_, bytes, code) => {
    const result = await report(bytes);
    expect(result.ok).toBe(false);
    expect(codes(result)).toEqual([code]);
    expect(formatProblem('ja', result.problems[0]!)).toMatch(/^エラー/);
  });

  it('with --strict, names each unknown ministry with its line and returns no draft', async () => {
    const text = seed.replace('（総務省）', '（未来省）').replace('（環境省）', '（科技、宇宙庁）');
    const result = await report(text, 'report.txt', true);
    expect(result.ok).toBe(false);
    const unknown = result.problems.filter((p) => p.code === 'report.unknown_organisation');
    expect(unknown.map((p) => [p.params.name, p.line])).toEqual([
      ['未来省', 50],
      ['宇宙庁', 82],
    ]);
    expect(formatProblem('ja', unknown[0]!)).toBe(
      'エラー 50行目: 府省名「未来省」が組織一覧にありません（組織の別名に追加するか、--strict を外して新しい組織として取り込んでください）',
    );
  });

  it('without --strict, proposes unknown ministries as new organisations, with a warning each', async () => {
    const text = seed.replace('（総務省）', '（未来省）');
    const result = await report(text);
    expect(result.ok && result.value.draft.organisations.filter((o) => o.nameJa === '未来省')).toHaveLength(
      1,
    );
    expect(result.problems).toContainEqual(
      expect.objectContaining({ severity: 'warning', code: 'report.new_organisation', line: 50 }),
    );
  });

  it('reads reports in Shift_JIS (CRLF) and in UTF-16', async () => {
    const bytes = readFileSync(new URL('../../test/fixtures/reports/mini-sjis.txt', import.meta.url));
    const sjis = await report(bytes, 'mini-sjis.txt');
    expect(
      sjis.ok && [
        sjis.value.draft.strategy.title,
        sjis.value.counts.items,
        sjis.value.draft.cycles[0]?.fiscalYear,
      ],
    ).toEqual(['防災DX計画', 2, 2023]);
    const utf16 = await report(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(seed, 'utf16le')]));
    expect(utf16.ok && utf16.value.counts.items).toBe(29);
  });

  it('says which line holds an item without a ministry tag, and still imports the rest', async () => {
    const result = await report(seed.replace('を試作。（総務省）', 'を試作。'));
    expect(result.ok).toBe(true);
    expect(result.problems).toContainEqual(
      expect.objectContaining({ code: 'report.item_without_tag', line: 50 }),
    );
  });
});

/** A one-page PDF whose page draws `content`; `trailer` adds entries such as an /Encrypt dictionary. */
function pdfWith(content: string, extra = '', trailer = ''): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    ...(extra ? [extra] : []),
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const at of offsets) body += `${String(at).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailer} >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

async function pptxWith(parts: Record<string, string>): Promise<Buffer> {
  const zip = new ZipWriter();
  for (const [name, text] of Object.entries(parts)) zip.add(name, text);
  return zip.finish();
}

const PRESENTATION_TYPES =
  '<Types><Override PartName="/ppt/presentation.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/></Types>';

describe('bad report files of other kinds', () => {
  const hex32 = 'ab'.repeat(32);
  it.each([
    [
      'an encrypted PDF',
      'r.pdf',
      () =>
        pdfWith(
          '0 0 m 100 100 l S',
          `<< /Filter /Standard /V 1 /R 2 /O <${hex32}> /U <${hex32}> /P -4 >>`,
          `/Encrypt 5 0 R /ID [<${hex32.slice(0, 32)}> <${hex32.slice(0, 32)}>]`,
        ),
      'report.pdf_encrypted',
    ],
    ['an image-only PDF', 'scan.pdf', () => pdfWith('0 0 m 100 100 l S'), 'report.pdf_no_text'],
    [
      'a damaged PDF',
      'broken.pdf',
      () => Buffer.from('%PDF-1.7\n\u0000\u0001 nothing here'),
      'report.pdf_unreadable',
    ],
    [
      'a PDF name on other bytes',
      'fake.pdf',
      () => Buffer.from('PK\u0003\u0004'.padEnd(64, '\u0000')),
      'report.pdf_unreadable',
    ],
    [
      'a PPTX with no text',
      'empty.pptx',
      () =>
        pptxWith({
          '[Content_Types].xml': PRESENTATION_TYPES,
          'ppt/slides/slide1.xml':
            '<p:sld><p:cSld><p:spTree><p:sp><p:txBody><a:p></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>',
        }),
      'report.pptx_no_text',
    ],
    [
      'a Word document',
      'notes.docx',
      () =>
        pptxWith({
          '[Content_Types].xml':
            '<Types><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
          'word/document.xml': '<w:document/>',
        }),
      'report.not_a_report_file',
    ],
    [
      'a password-protected PPTX (an OLE file)',
      'locked.pptx',
      () => Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array<number>(504).fill(0)]),
      'report.pptx_encrypted',
    ],
  ])('refuses %s with one message', async (_, name, make, code) => {
    const result = await report(await make(), name);
    expect(result.ok).toBe(false);
    expect(codes(result)).toEqual([code]);
    expect(formatProblem('ja', result.problems[0]!)).toMatch(/^エラー.*\S/);
  });
});

async function workbook(edit: (wb: ExcelJS.Workbook) => void): Promise<InputFile> {
  return dxWorkbook(edit);
}

describe('bad structure files', () => {
  it('refuses a corrupt, a truncated, a password-protected and a non-XLSX file, one message each', async () => {
    const good = (await dxWorkbook()).bytes;
    const corrupt = Uint8Array.from(good);
    corrupt.set(noise(2000, 7), 400);
    const cfb = Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...noise(4000)]);
    const cases: [string, Uint8Array, string][] = [
      ['corrupt.xlsx', corrupt, 'xlsx.corrupt'],
      ['truncated.xlsx', good.slice(0, Math.floor(good.length / 2)), 'xlsx.corrupt'],
      ['protected.xlsx', cfb, 'xlsx.encrypted'],
      ['noise.xlsx', noise(10 * 1024 * 1024), 'xlsx.not_xlsx'],
      ['empty.xlsx', new Uint8Array(), 'file.empty'],
      ['noise.csv', noise(10 * 1024 * 1024), 'file.too_large'],
      ['garbage.csv', noise(3000), 'file.binary'],
    ];
    for (const [name, bytes, code] of cases) {
      const result = await structure([{ name, bytes }]);
      expect(result.ok, name).toBe(false);
      expect(codes(result), name).toEqual([code]);
      expect(result.problems[0]?.sheet, name).toBe(name);
    }
  });

  it('names sheet, row, column and reason for text in number cells, formulas, errors and unknown owners', async () => {
    const file = await workbook((wb) => {
      const indicators = wb.getWorksheet('indicators')!;
      indicators.getCell('G2').value = 'たくさん';
      indicators.getCell('I3').value = { formula: 'SUM(A1:A2)', result: 3 };
      indicators.getCell('G4').value = { error: '#N/A' };
      wb.getWorksheet('initiatives')!.getCell('C3').value = 'デジタル庁、宇宙省';
    });
    const result = await structure([file]);
    expect(result.ok).toBe(false);
    expect(formatProblems('ja', result.problems)).toEqual([
      'エラー indicators 2行目 baseline_value（G）列: 「たくさん」は数値ではありません',
      'エラー indicators 3行目 target_value（I）列: 数式（SUM(A1:A2)）は使えません。値として貼り付けてください',
      'エラー indicators 4行目 baseline_value（G）列: セルがエラー値（#N/A）です',
      'エラー initiatives 3行目 owners（C）列: 府省「宇宙省」が organisations にもデータベースにもありません（略称・正式名称・別名のいずれかで指定してください）',
    ]);
  });

  it('reports every broken reference in CSV files at once', async () => {
    const edit = (name: string, from: string, to: string) =>
      dxFiles().map((f) =>
        f.name === name ? { ...f, bytes: Buffer.from(Buffer.from(f.bytes).toString().replace(from, to)) } : f,
      );
    const files = edit('nodes.csv', 'dx-p1-g2,dx-p1,', 'dx-p1-g2,dx-p9,').map((f) =>
      f.name === 'initiatives.csv'
        ? { ...f, bytes: Buffer.from(`${Buffer.from(f.bytes)}dx-i01,重複,総務省,dx-p8\n`) }
        : f,
    );
    const result = await structure(files);
    const found = result.problems.map((p: Problem) => [p.code, p.sheet, p.row, p.column]);
    expect(found).toEqual([
      ['structure.unknown_parent', 'nodes.csv', 6, 'parent_id（B）'],
      ['structure.duplicate_id', 'initiatives.csv', 7, 'id（A）'],
    ]);
  });

  it('refuses a table it cannot place and a CSV with an open quote', async () => {
    const result = await structure([...dxFiles(), { name: 'memo.csv', bytes: Buffer.from('a,b\n1,2\n') }]);
    expect(codes(result)).toEqual(['structure.unknown_table']);
    const quote = await structure([{ name: 'nodes.csv', bytes: Buffer.from('id,title\nn1,"open\n') }]);
    expect(quote.problems.map((p) => [p.code, p.row])).toEqual([['csv.unclosed_quote', 2]]);
  });
});
