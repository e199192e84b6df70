import { describe, expect, it } from 'vitest';
import {
  DIAGRAM,
  emptyLogicModel,
  layoutLogicModel,
  logicColumns,
  logicModelProblems,
  wrapText,
} from './logic-model.ts';

describe('logic model', () => {
  it('wraps Japanese anywhere and English between words, within the units of a line', () => {
    expect(wrapText('地域の中小企業におけるAI活用の裾野が広がる', 12)).toEqual([
      '地域の中小企',
      '業におけるAI',
      '活用の裾野が',
      '広がる',
    ]);
    expect(wrapText('More firms use AI in their daily work', 12)).toEqual([
      'More firms',
      'use AI in',
      'their daily',
      'work',
    ]);
    expect(wrapText('supercalifragilistic', 8)).toEqual(['supercal', 'ifragili', 'stic']);
  });

  it('lays the activities then the five stages out as columns, boxes stacked, arrows between', () => {
    const model = { ...emptyLogicModel(), outputs: [{ text: '研修の実施', textEn: '', indicatorIds: [] }] };
    const diagram = layoutLogicModel(
      logicColumns(
        model,
        [
          { text: '取組A', japaneseOnly: true },
          { text: 'Initiative B', japaneseOnly: false },
        ],
        'en',
      ),
    );
    expect(diagram.columns.map((c) => c.heading)).toEqual([
      'Activities (initiatives)',
      'Outputs',
      'Short-term outcomes',
      'Medium-term outcomes',
      'Long-term outcomes',
      'Impact',
    ]);
    expect(diagram.arrows).toHaveLength(5);
    const [a, b] = diagram.columns[0]?.boxes ?? [];
    expect(b?.y).toBe((a?.y ?? 0) + (a?.height ?? 0) + DIAGRAM.boxGap);
    // the Japanese box stands in for a missing English text, and says so
    expect(diagram.columns[1]?.boxes[0]).toMatchObject({ lines: ['研修の実施'], japaneseOnly: true });
  });

  it('names each box whose indicator the strategy does not have', () => {
    const model = { ...emptyLogicModel(), impact: [{ text: 'x', textEn: '', indicatorIds: ['k1', 'k9'] }] };
    expect(logicModelProblems(model, new Set(['k1']))).toEqual([
      { path: 'impact.0.indicatorIds', message: 'no indicator k9 in this strategy' },
    ]);
  });
});
