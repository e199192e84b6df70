/**
 * The data formats read back: XLSX with exceljs (sheets, Japanese headers, frozen header
 * row, auto-filter, widths, formula neutralisation), CSV (BOM, RFC 4180 round trip,
 * neutralisation, one row per node × initiative), JSON (valid against its schema), Markdown.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flatten } from '../../domain/tree-builder.ts';
import type { StrategyTree } from '../../domain/views.ts';
import { ENGINES, type TestDb } from '../../../test/helpers/db.ts';
import { FORMULA, HOSTILE, hostileTree, sampleTree } from '../../../test/helpers/reports.ts';
import { buildReportDocument } from '../document.ts';
import { ReportCycleV1 } from '../open-data.ts';
import { CSV_COLUMNS, renderCsv } from './csv.ts';
import { renderJson } from './json.ts';
import { renderMarkdown } from './md.ts';
import { renderXlsx } from './xlsx.ts';

/** A strict RFC 4180 reader, enough to read our own output back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (quoted && c === '"') {
      quoted = false;
    } else if (quoted || (c !== '"' && c !== ',' && c !== '\r')) {
      field += c;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else {
      // CRLF ends a record (a lone CR outside quotes does not occur in our output).
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    }
  }
  return rows;
}

async function readXlsx(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
}

for (const engine of ENGINES) {
  describe(`data formats (${engine})`, () => {
    let db: TestDb;
    let tree: StrategyTree;
    beforeAll(async () => {
      ({ db, tree } = await sampleTree(engine));
    });
    afterAll(() => db.destroy());
    const listings = () => flatten(tree.nodes).flatMap((n) => n.items.map((i) => ({ node: n, item: i })));

    it('XLSX: a flat sheet, a sheet per pillar, a KPI sheet; frozen headers and filters', async () => {
      const wb = await readXlsx(await renderXlsx(buildReportDocument({ tree, lang: 'ja' })));
      const names = wb.worksheets.map((w) => w.name);
      expect(names).toHaveLength(tree.nodes.length + 2);
      expect(names[0]).toBe('全取組');
      expect(names[names.length - 1]).toBe('指標');
      const all = wb.worksheets[0]!;
      expect(all.getRow(1).values).toEqual(
        expect.arrayContaining(['年度', '主な進捗', '府省', '段階', '概況']),
      );
      expect(all.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(all.autoFilter).toBeTruthy();
      expect(all.getColumn(8).width).toBeGreaterThan(40);
      expect(all.rowCount - 1).toBe(listings().length);
      const perPillar = wb.worksheets.slice(1, -1).reduce((s, w) => s + w.rowCount - 1, 0);
      expect(perPillar).toBe(listings().length);
      const kpi = wb.worksheets[wb.worksheets.length - 1]!;
      const observations = tree.indicators.reduce((s, k) => s + Math.max(1, k.observations.length), 0);
      expect(kpi.rowCount - 1).toBe(observations);
      expect(kpi.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    });

    it('XLSX: prints on A4 landscape, one page wide, the header row on every page, with real properties', async () => {
      const buf = await renderXlsx(buildReportDocument({ tree, lang: 'ja' }));
      const zip = await JSZip.loadAsync(buf);
      const sheets = Object.keys(zip.files).filter((f) => /^xl\/worksheets\/sheet\d+\.xml$/.test(f));
      expect(sheets.length).toBe(tree.nodes.length + 2);
      for (const f of sheets) {
        const xml = await zip.file(f)!.async('string');
        // fitToWidth only works with the sheet's fitToPage flag (Excel ignores it otherwise).
        expect(xml).toMatch(/<pageSetUpPr[^>]*fitToPage="1"/);
        const setup = /<pageSetup [^>]*>/.exec(xml)?.[0] ?? '';
        expect(setup).toContain('paperSize="9"');
        expect(setup).toContain('orientation="landscape"');
        expect(setup).toContain('fitToWidth="1"');
        expect(setup).toContain('fitToHeight="0"');
        expect(xml).toMatch(/<oddFooter>[^<]*&amp;P/);
      }
      const book = await zip.file('xl/workbook.xml')!.async('string');
      const titles = [...book.matchAll(/<definedName name="_xlnm.Print_Titles"[^>]*>([^<]*)</g)];
      expect(titles).toHaveLength(sheets.length);
      for (const [, ref] of titles) expect(ref).toMatch(/!\$1:\$1$/);
      const core = await zip.file('docProps/core.xml')!.async('string');
      expect(core).not.toContain('1970-01-01');
      expect(core).toContain(`<dc:title>「AI戦略2022」の進捗状況</dc:title>`);
      expect(core).not.toContain('ExcelJS');
    });

    it('XLSX: formulas stay text, markup stays as entered', async () => {
      const wb = await readXlsx(
        await renderXlsx(buildReportDocument({ tree: hostileTree(tree), lang: 'ja' })),
      );
      const cells: ExcelJS.Cell[] = [];
      wb.eachSheet((ws) => ws.eachRow((r) => r.eachCell((c) => void cells.push(c))));
      expect(cells.some((c) => c.type === ExcelJS.ValueType.Formula)).toBe(false);
      expect(cells.some((c) => c.value === `'${FORMULA}`)).toBe(true);
      expect(cells.some((c) => String(c.value).includes(HOSTILE))).toBe(true);
    });

    it('CSV: BOM, CRLF, one row per node × initiative, parses back, formulas neutralised', () => {
      const csv = renderCsv(buildReportDocument({ tree, lang: 'ja' }).data);
      expect(csv.charCodeAt(0)).toBe(0xfeff);
      const rows = parseCsv(csv.slice(1));
      expect(rows[0]).toEqual([...CSV_COLUMNS]);
      expect(rows).toHaveLength(listings().length + 1);
      const col = (name: string) => CSV_COLUMNS.indexOf(name as (typeof CSV_COLUMNS)[number]);
      const orgs = new Map(tree.organisations.map((o) => [o.id, o]));
      for (const [i, { node, item }] of listings().entries()) {
        const row = rows[i + 1]!;
        expect(row[col('node_id')]).toBe(node.id);
        expect(row[col('text')]).toBe(item.entry!.text);
        expect(row[col('text_en')]).toBe(item.entry!.textEn);
        expect(row[col('initiative_title_en')]).toBe(item.initiative.titleEn);
        const owners = item.initiative.ownerIds.map((id) => orgs.get(id));
        expect(row[col('ministries')]).toBe(owners.map((o) => o?.shortName).join('、'));
        expect(row[col('ministries_en')]).toBe(owners.map((o) => o?.nameEn).join('; '));
        // the sample's titles all have their English
        expect(row[col('node_path_en')]).toMatch(/^[^\u3000-\u9fff]+$/);
      }
      const hostile = parseCsv(
        renderCsv(buildReportDocument({ tree: hostileTree(tree), lang: 'ja' }).data).slice(1),
      );
      const texts = hostile.slice(1).map((r) => r[col('text')]);
      expect(texts).toContain(`'${FORMULA}`);
      expect(texts.some((t) => t?.includes(HOSTILE))).toBe(true);
      expect(texts.some((t) => /^[=+\-@]/.test(t ?? ''))).toBe(false);
    });

    it('JSON: valid against ReportCycleV1, every listing and indicator present', () => {
      const json = JSON.parse(renderJson(buildReportDocument({ tree, lang: 'ja' }).data)) as unknown;
      const data = ReportCycleV1.parse(json);
      expect(data.cycle).toMatchObject({ id: tree.cycle.id, fiscalYear: tree.cycle.fiscalYear });
      expect(data.items).toHaveLength(listings().length);
      expect(data.nodes).toHaveLength(flatten(tree.nodes).length);
      expect(data.indicators.map((k) => k.id)).toEqual(tree.indicators.map((k) => k.id));
      expect(data.summary?.overall).toEqual(tree.summary?.overall);
    });

    it('Markdown: the deck structure, escaped', () => {
      const md = renderMarkdown(buildReportDocument({ tree, lang: 'ja' }));
      expect(md.startsWith(`# 「${tree.strategy.title}」の進捗状況\n`)).toBe(true);
      for (const pillar of tree.nodes) expect(md).toContain(`\n## 柱 ${pillar.code} ${pillar.title}\n`);
      expect(md).toContain('**主な進捗**');
      const hostile = renderMarkdown(buildReportDocument({ tree: hostileTree(tree), lang: 'ja' }));
      expect(hostile).not.toContain('<script>');
      expect(hostile).toContain('&lt;script&gt;');
    });
  });
}
