/**
 * Structure import from CSV files and from one XLSX workbook: a small fictional strategy
 * (test/fixtures/structure/dx), and the sample's own structure written out as CSV and read
 * back, compared node by node and initiative by initiative.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { StrategyExport } from '../../domain/interchange.ts';
import { importStrategy } from '../../services/interchange.service.ts';
import { createTestDb, ENGINES } from '../../../test/helpers/db.ts';
import { dxFiles, dxWorkbook } from '../../../test/helpers/structure-fixtures.ts';
import { importStructure, readTables, treeLines, type InputFile, type StructureImport } from './index.ts';

const sample = StrategyExport.parse(
  JSON.parse(readFileSync(new URL('../../../data/sample/ai-strategy-2022.json', import.meta.url), 'utf8')),
);
const known = sample.organisations;

async function load(
  files: InputFile[],
  opts: { strategyId?: string; title?: string } = {},
): Promise<StructureImport> {
  const tables = await readTables(files);
  if (!tables.ok) throw new Error(JSON.stringify(tables.problems));
  const result = importStructure(tables.value, { knownOrganisations: known, ...opts });
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  return result.value;
}

function expectDx(value: StructureImport): void {
  const d = value.draft;
  expect(d.strategy).toMatchObject({ id: 'dx2024', ownerOrganisationId: 'digital' });
  expect(d.strategy.levelLabels.map((l) => l.ja)).toEqual(['柱', '目標', '具体目標']);
  expect(value.counts).toEqual({ nodes: 9, organisations: 3, initiatives: 5, indicators: 3, depth: 3 });
  expect(d.nodes.find((n) => n.id === 'dx-p2-g2')?.title).toBe('デジタル人材の確保\n（自治体職員を含む）');
  expect(d.initiatives.find((i) => i.id === 'dx-i03')).toMatchObject({
    owners: ['mic', 'governors'],
    listings: [
      { nodeId: 'dx-p1-g2', position: 0 },
      { nodeId: 'dx-p1-g1-t1', position: 1 },
    ],
  });
  expect(d.initiatives.find((i) => i.id === 'dx-i04')?.owners).toEqual(['mic']);
  expect(d.indicators.map((k) => [k.baselinePeriod, k.targetValue, k.targetPeriod, k.direction])).toEqual([
    ['FY2022', 100, 'FY2025', 'increase'],
    ['FY2022-end', 99.9, 'FY2027-end', 'increase'],
    [null, 10000, '2025', 'increase'],
  ]);
  expect(d.cycles).toEqual([]);
}

describe('structure import', () => {
  it('reads a folder of CSV files, one per kind', async () => {
    expectDx(await load(dxFiles()));
  });

  it('reads the same tables from one XLSX workbook', async () => {
    expectDx(await load([await dxWorkbook()]));
  });

  it('tells a CSV kind by its header when the file name does not say', async () => {
    const files = dxFiles().map((f) => (f.name === 'nodes.csv' ? { ...f, name: 'tree-2024.csv' } : f));
    expect((await load(files)).counts.nodes).toBe(9);
  });

  it('lets options name the strategy when there is no strategy table', async () => {
    const files = dxFiles().filter((f) => f.name !== 'strategy.csv');
    const value = await load(files, { strategyId: 'dx-test', title: '地域DX' });
    expect(value.draft.strategy).toMatchObject({ id: 'dx-test', title: '地域DX', ownerOrganisationId: null });
  });

  it('previews the tree with codes, ids and listing counts', async () => {
    const lines = treeLines((await load(dxFiles())).draft);
    expect(lines[0]).toBe('1 行政サービスのデジタル化 [dx-p1]');
    expect(lines[2]).toBe('    1.1.1 子育て関連手続のオンライン化 [dx-p1-g1-t1] (2)');
    expect(lines).toHaveLength(9);
  });

  it("round-trips the sample's structure through CSV", async () => {
    const value = await load(sampleAsCsv());
    const pick = (d: StrategyExport) => ({
      nodes: d.nodes.map((n) => [n.id, n.parentId, n.code, n.title, n.mirrorOf]),
      initiatives: d.initiatives.map((i) => [i.id, i.owners, i.listings]),
      indicators: d.indicators.map((k) => [k.id, k.nodeId, k.initiativeId, k.baselineValue, k.targetPeriod]),
    });
    expect(pick(value.draft)).toEqual(pick(sample));
  });

  for (const engine of ENGINES) {
    it(`loads into ${engine} with importStrategy`, async () => {
      const db = await createTestDb(engine);
      try {
        const result = await importStrategy(db, (await load(dxFiles())).draft, { actor: 'test' });
        expect(result.counts).toMatchObject({ nodes: 9, initiatives: 5, indicators: 3, cycles: 0 });
      } finally {
        await db.destroy();
      }
    });
  }
});

const csvField = (v: unknown): string =>
  v === null || v === undefined ? '' : `"${String(v).replaceAll('"', '""')}"`;
const csv = (rows: unknown[][]): Uint8Array =>
  Buffer.from(rows.map((r) => r.map(csvField).join(',')).join('\r\n'));

function sampleAsCsv(): InputFile[] {
  const short = new Map(sample.organisations.map((o) => [o.id, o.shortName]));
  return [
    {
      name: 'strategy.csv',
      bytes: csv([
        ['id', 'title'],
        [sample.strategy.id, sample.strategy.title],
      ]),
    },
    {
      name: 'nodes.csv',
      bytes: csv([
        ['id', 'parent_id', 'code', 'title', 'title_en', 'note', 'mirror_of'],
        ...sample.nodes.map((n) => [n.id, n.parentId, n.code, n.title, n.titleEn, n.note, n.mirrorOf]),
      ]),
    },
    {
      name: 'initiatives.csv',
      bytes: csv([
        ['id', 'title', 'owners', 'listed_under'],
        ...sample.initiatives.map((i) => [
          i.id,
          i.title,
          i.owners.map((o) => short.get(o)).join('、'),
          i.listings.map((l) => l.nodeId).join('、'),
        ]),
      ]),
    },
    {
      name: 'indicators.csv',
      bytes: csv([
        [
          'id',
          'node_id',
          'initiative_id',
          'name',
          'unit',
          'direction',
          'baseline_value',
          'baseline_period',
          'target_value',
          'target_period',
        ],
        ...sample.indicators.map((k) => [
          k.id,
          k.nodeId,
          k.initiativeId,
          k.name,
          k.unit,
          k.direction,
          k.baselineValue,
          k.baselinePeriod,
          k.targetValue,
          k.targetPeriod,
        ]),
      ]),
    },
  ];
}
