/**
 * The sample's own report, rendered by the product (PPTX, PDF, HTML, Markdown), read back by
 * import-report: the same tree, ministries, listings, progress texts, plans, KPIs with their
 * periods, 概況 with ratings and notes, and summary as the sample it was rendered from.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { StrategyExport } from '../../domain/interchange.ts';
import { buildReportDocument } from '../../reports/document.ts';
import { closeRenderers, renderDocument } from '../../reports/renderers.ts';
import type { ReportFormat } from '../../reports/formats.ts';
import { sampleTree } from '../../../test/helpers/reports.ts';
import type { TestDb } from '../../../test/helpers/db.ts';
import { readReportFile } from './read-file.ts';
import { matchKey } from './text.ts';

const sample = StrategyExport.parse(
  JSON.parse(readFileSync(new URL('../../../data/sample/ai-strategy-2022.json', import.meta.url), 'utf8')),
);

/** What must survive the round trip, texts compared without spaces and punctuation. */
export function essence(d: StrategyExport) {
  const cycle = d.cycles[0]!;
  const k = (t: string) => matchKey(t);
  return {
    strategy: [d.strategy.id, d.strategy.title, d.strategy.ownerOrganisationId],
    cycle: [cycle.id, cycle.fiscalYear, cycle.asOf],
    nodes: d.nodes.map((n) => [n.id, n.parentId, n.mirrorOf, k(n.title), k(n.note)]),
    initiatives: d.initiatives.map((i) => [i.id, i.owners, i.listings.map((l) => l.nodeId)]),
    progress: cycle.progress.map((p) => [
      p.initiativeId,
      k(p.text),
      p.plans.map((x) => [x.period, k(x.text)]),
    ]),
    // Indicators in any order: their ids are not part of what a report prints.
    indicators: d.indicators
      .map((x) => [
        x.nodeId,
        x.initiativeId,
        k(x.name),
        x.unit,
        x.baselineValue,
        x.baselinePeriod,
        k(x.targetText),
        x.targetPeriod,
        x.observations.map((o) => [o.period, o.value]),
      ])
      .map((x) => JSON.stringify(x))
      .sort(),
    assessments: cycle.assessments.map((a) => [a.nodeId, a.rating, k(a.narrative), k(a.remark)]),
    summary: [
      cycle.summary?.overall.map(k),
      cycle.summary?.pillars.map((p) => [p.nodeId, k(p.bullets.join(''))]),
    ],
  };
}

const FORMATS: ReportFormat[] = ['md', 'html', 'pptx', 'pdf'];

describe('the sample report read back from its own formats', () => {
  let db: TestDb;
  const files = new Map<ReportFormat, Buffer>();
  beforeAll(async () => {
    const built = await sampleTree('sqlite');
    db = built.db;
    const doc = buildReportDocument({ tree: built.tree, lang: 'ja' });
    for (const f of FORMATS) files.set(f, await renderDocument(doc, f));
  }, 60_000);
  afterAll(async () => {
    await closeRenderers();
    await db?.destroy();
  });

  it.each(FORMATS)(
    '%s: same structure, tags, KPIs, 概況 and summary, nothing left to check',
    async (format) => {
      const result = await readReportFile(
        { name: `sample.${format}`, bytes: files.get(format)! },
        { organisations: sample.organisations },
      );
      if (!result.ok) throw new Error(JSON.stringify(result.problems.slice(0, 5)));
      expect(result.problems).toEqual([]);
      const got = essence(result.value.draft);
      const want = essence(sample);
      for (const key of Object.keys(want) as (keyof typeof want)[])
        expect([key, got[key]]).toEqual([key, want[key]]);
    },
  );
});
