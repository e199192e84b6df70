/**
 * KPI charts against a numeric target (bar + target line), and goals with nothing to
 * tabulate: neither occurs in the sample, both occur in real strategies.
 */
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StrategyTree } from '../../domain/views.ts';
import { type TestDb } from '../../../test/helpers/db.ts';
import { sampleTree } from '../../../test/helpers/reports.ts';
import { buildReportDocument } from '../document.ts';
import { renderPptx } from './pptx.ts';

describe('PPTX beyond the sample', () => {
  let db: TestDb;
  let tree: StrategyTree;
  beforeAll(async () => {
    ({ db, tree } = await sampleTree('sqlite'));
  });
  afterAll(async () => db.destroy());

  it('draws an indicator with a numeric target as bars with a target line', async () => {
    const withTarget: StrategyTree = structuredClone(tree);
    const k1 = withTarget.indicators.find((k) => k.id === 'ai2022-k1')!;
    k1.targetValue = 300;
    k1.targetPeriod = 'FY2025';
    const deck = await renderPptx(buildReportDocument({ tree: withTarget, lang: 'ja' }));
    const zip = await JSZip.loadAsync(deck);
    const charts = await Promise.all(
      Object.keys(zip.files)
        .filter((n) => /^ppt\/charts\/chart\d+\.xml$/.test(n))
        .map((n) => zip.file(n)!.async('string')),
    );
    const combined = charts.filter((xml) => xml.includes('<c:barChart>') && xml.includes('<c:lineChart>'));
    expect(combined).toHaveLength(1);
    expect(combined[0]).toContain('<c:v>300</c:v>');
  });

  it('renders a goal whose targets have no items or assessment yet', async () => {
    const empty: StrategyTree = structuredClone(tree);
    const strip = (nodes: StrategyTree['nodes']): void =>
      nodes.forEach((n) => {
        n.items = [];
        n.assessment = null;
        strip(n.children);
      });
    strip(empty.nodes);
    const deck = await renderPptx(buildReportDocument({ tree: empty, lang: 'ja' }));
    expect(deck.length).toBeGreaterThan(1000);
  });
});
