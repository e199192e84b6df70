/**
 * The sample with a second, invented follow-up cycle (FY2023, published), for tests that
 * compare cycles. What changes from FY2022 to FY2023:
 * - i01: prototyped → built, text reworded; i03: planned → started, new text;
 * - i29 (GPAI summit) has no FY2023 entry; every other entry is copied unchanged;
 * - the digital-twin target's 概況 goes from accelerate (needs acceleration) to steady;
 * - KPI k1 (literacy programmes) reports 350 for FY2023-end.
 */
import { readSample } from '../../src/services/sample.service.ts';

interface Cycle {
  id: string;
  fiscalYear: number;
  asOf: string;
  state: string;
  publishedAt: string | null;
  progress: { initiativeId: string; text: string; stage: string | null; [k: string]: unknown }[];
  assessments: { nodeId: string; rating: string | null; narrative: string; needsAcceleration: boolean }[];
  summary: unknown;
}

export const FY2022 = 'ai2022-fy2022';
export const FY2023 = 'ai2022-fy2023';

export async function twoCycleSample(): Promise<unknown> {
  const data = structuredClone(await readSample()) as {
    cycles: Cycle[];
    indicators: { id: string; observations: { cycleId: string | null; period: string; value: number }[] }[];
  };
  const first = data.cycles[0]!;
  const progress = first.progress
    .filter((e) => e.initiativeId !== 'ai2022-i29')
    .map((e) => {
      if (e.initiativeId === 'ai2022-i01') {
        return {
          ...e,
          stage: 'built',
          text: e.text.replace('データ提供システムを試作した', 'データ提供システムを構築した'),
        };
      }
      if (e.initiativeId === 'ai2022-i03') {
        return {
          ...e,
          stage: 'started',
          text: '数理技術や量子技術を取り入れた高度なシミュレーションの事業を始めた。',
        };
      }
      return { ...e };
    });
  const assessments = first.assessments.map((a) =>
    a.nodeId === 'ai2022-p1-g1-t1'
      ? {
          ...a,
          rating: 'steady',
          needsAcceleration: false,
          narrative: '分野別のデジタルツインの構築が着実に進んでいる。',
        }
      : { ...a },
  );
  data.cycles.push({
    id: FY2023,
    fiscalYear: 2023,
    asOf: '2024-04',
    state: 'published',
    publishedAt: '2024-04-30T00:00:00.000Z',
    progress,
    assessments,
    summary: null,
  });
  data.indicators
    .find((k) => k.id === 'ai2022-k1')!
    .observations.push({ cycleId: FY2023, period: 'FY2023-end', value: 350 });
  return data;
}
