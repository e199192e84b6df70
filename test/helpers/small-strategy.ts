/**
 * A small second strategy in the interchange format, for tests that need several strategies
 * (shared initiatives, umbrella nodes): a pillar with two targets, one initiative of its own
 * per target (総務省's, then 厚労省's), one KPI, and optionally a published cycle. It uses the
 * sample's organisations, so the sample must be loaded first.
 */
import type { StrategyExportInput } from '../../src/domain/interchange.ts';

export interface SmallStrategyOptions {
  /** A published cycle of this fiscal year, with both entries accepted and both targets rated. */
  publishedYear?: number;
  title?: string;
}

export function smallStrategy(id: string, opts: SmallStrategyOptions = {}): StrategyExportInput {
  const fy = opts.publishedYear;
  return {
    format: 'shinchoku.strategy',
    formatVersion: 1,
    organisations: [],
    strategy: {
      id,
      title: opts.title ?? `試験戦略 ${id}`,
      titleEn: `Test strategy ${id}`,
      ownerOrganisationId: 'csti',
      levelLabels: [
        { ja: '柱', en: 'Pillar' },
        { ja: '具体目標', en: 'Target' },
      ],
    },
    vocabularies: {
      stages: [
        { code: 'planned', labelJa: '開始予定', labelEn: 'Planned', category: 'planned' },
        { code: 'built', labelJa: '構築・実施', labelEn: 'Built', category: 'done' },
      ],
      ratings: [
        { code: 'steady', labelJa: '着実に進展', labelEn: 'Steady progress', category: 'good' },
        { code: 'accelerate', labelJa: '加速の余地', labelEn: 'Room to accelerate', category: 'attention' },
      ],
    },
    nodes: [
      { id: `${id}-p1`, parentId: null, code: '1', title: '基盤の整備', titleEn: 'Foundations' },
      { id: `${id}-t1`, parentId: `${id}-p1`, code: '1.1', title: '計算資源の確保', titleEn: 'Computing' },
      { id: `${id}-t2`, parentId: `${id}-p1`, code: '1.2', title: '人材の育成', titleEn: 'Skills' },
    ],
    initiatives: [
      {
        id: `${id}-i1`,
        title: '共用計算機の整備',
        titleEn: 'Shared computers',
        owners: ['mic'],
        listings: [{ nodeId: `${id}-t1`, position: 0 }],
      },
      {
        id: `${id}-i2`,
        title: '研修講座の開設',
        titleEn: 'Training courses',
        owners: ['mhlw'],
        listings: [{ nodeId: `${id}-t2`, position: 0 }],
      },
    ],
    indicators: [
      {
        id: `${id}-k1`,
        nodeId: `${id}-t1`,
        name: '整備した計算機の台数',
        unit: '台',
        baselineValue: 10,
        baselinePeriod: 'FY2020-end',
        targetValue: 100,
        targetPeriod: 'FY2025-end',
        observations:
          fy === undefined ? [] : [{ cycleId: `${id}-fy${fy}`, period: `FY${fy}-end`, value: 12 }],
      },
    ],
    cycles:
      fy === undefined
        ? []
        : [
            {
              id: `${id}-fy${fy}`,
              fiscalYear: fy,
              asOf: `${fy + 1}-04`,
              state: 'published',
              publishedAt: `${fy + 1}-04-30T00:00:00.000Z`,
              progress: [
                {
                  initiativeId: `${id}-i1`,
                  text: '共用計算機の調達を始めた。',
                  stage: 'planned',
                  plans: [{ period: `FY${fy - 1}`, text: '調達を終える' }],
                },
                { initiativeId: `${id}-i2`, text: '研修講座を二つ開いた。', stage: 'built' },
              ],
              assessments: [
                {
                  nodeId: `${id}-t1`,
                  rating: 'accelerate',
                  narrative: '調達が遅れている。',
                  needsAcceleration: true,
                },
                { nodeId: `${id}-t2`, rating: 'steady', narrative: '研修は着実に進んでいる。' },
              ],
              summary: { overall: ['おおむね進展している。'], pillars: [] },
            },
          ],
  };
}
