/**
 * A target's logic model (ロジックモデル), as EBPM asks of every measure: the activities (the
 * initiatives listed under the target, never typed twice), then what they produce and what
 * should follow — outputs, short-, medium- and long-term outcomes, impact — each box a
 * sentence in Japanese (English optional) that may name the indicators that measure it.
 */
import { z } from 'zod';
import { BOX_TEXT_MAX, BOXES_PER_STAGE, LOGIC_STAGES, type LogicModelShape } from './logic-diagram.ts';

export * from './logic-diagram.ts';

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

/** Problems a stored model would have, as field paths and messages; empty when it may be saved. */
export function logicModelProblems(
  model: LogicModelShape,
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
