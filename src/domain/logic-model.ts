/**
 * A target's logic model (ロジックモデル), as EBPM asks of every measure: the activities (the
 * initiatives listed under the target, never typed twice), then what they produce and what
 * should follow — outputs, short-, medium- and long-term outcomes, impact — each box a
 * sentence in Japanese (English optional) that may name the indicators that measure it.
 */
import { z } from 'zod';
import type { Lang } from '../i18n.ts';

export const LOGIC_STAGES = ['outputs', 'shortTerm', 'mediumTerm', 'longTerm', 'impact'] as const;
export type LogicStage = (typeof LOGIC_STAGES)[number];

/** Column headings, the activities' first. */
export const STAGE_LABELS: Record<'activities' | LogicStage, Record<Lang, string>> = {
  activities: { ja: '活動（取組）', en: 'Activities (initiatives)' },
  outputs: { ja: 'アウトプット', en: 'Outputs' },
  shortTerm: { ja: '短期アウトカム', en: 'Short-term outcomes' },
  mediumTerm: { ja: '中期アウトカム', en: 'Medium-term outcomes' },
  longTerm: { ja: '長期アウトカム', en: 'Long-term outcomes' },
  impact: { ja: 'インパクト', en: 'Impact' },
};

export const BOXES_PER_STAGE = 8;
export const BOX_TEXT_MAX = 200;

export const LogicBox = z.object({
  text: z.string().trim().min(1).max(BOX_TEXT_MAX),
  textEn: z.string().trim().max(BOX_TEXT_MAX).default(''),
  /** Indicators of the strategy that measure this box. */
  indicatorIds: z.array(z.string().min(1)).max(10).default([]),
});
export type LogicBox = z.infer<typeof LogicBox>;

const stage = z.array(LogicBox).max(BOXES_PER_STAGE).default([]);
export const LogicModel = z.object({
  outputs: stage,
  shortTerm: stage,
  mediumTerm: stage,
  longTerm: stage,
  impact: stage,
});
export type LogicModel = z.infer<typeof LogicModel>;

export const emptyLogicModel = (): LogicModel => ({
  outputs: [],
  shortTerm: [],
  mediumTerm: [],
  longTerm: [],
  impact: [],
});

export const isEmptyLogicModel = (m: LogicModel): boolean => LOGIC_STAGES.every((s) => m[s].length === 0);

/** Problems a stored model would have, as field paths and messages; empty when it may be saved. */
export function logicModelProblems(
  model: LogicModel,
  indicatorIds: ReadonlySet<string>,
): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  for (const s of LOGIC_STAGES) {
    model[s].forEach((box, i) => {
      for (const id of box.indicatorIds) {
        if (!indicatorIds.has(id))
          problems.push({ path: `${s}.${i}.indicatorIds`, message: `no indicator ${id} in this strategy` });
      }
    });
  }
  return problems;
}

/** A box's text in `lang`, and whether it is the Japanese standing in for a missing English. */
export function boxText(box: LogicBox, lang: Lang): { text: string; japaneseOnly: boolean } {
  if (lang === 'en' && box.textEn !== '') return { text: box.textEn, japaneseOnly: false };
  return { text: box.text, japaneseOnly: lang === 'en' };
}

/** The model as columns: activities (given: the initiatives' titles) then each stage. */
export function logicColumns(
  model: LogicModel,
  activities: string[],
  lang: Lang,
): {
  stage: 'activities' | LogicStage;
  heading: string;
  boxes: { text: string; japaneseOnly: boolean; indicatorIds: string[] }[];
}[] {
  return [
    {
      stage: 'activities' as const,
      heading: STAGE_LABELS.activities[lang],
      boxes: activities.map((text) => ({ text, japaneseOnly: false, indicatorIds: [] })),
    },
    ...LOGIC_STAGES.map((s) => ({
      stage: s,
      heading: STAGE_LABELS[s][lang],
      boxes: model[s].map((box) => ({ ...boxText(box, lang), indicatorIds: box.indicatorIds })),
    })),
  ];
}
