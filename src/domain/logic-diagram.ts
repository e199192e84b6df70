/**
 * A logic model as it is shown: the stages' names, the columns (activities first) and the
 * diagram's geometry, the same on the page and in the reports. No validation here (that is
 * logic-model.ts, with zod), so that the public pages carry none of it.
 */
import type { Lang } from '../i18n.ts';

/** A box of a stage: its text in Japanese, optionally English, and the indicators measuring it. */
export interface LogicBoxShape {
  text: string;
  textEn: string;
  indicatorIds: string[];
}
/** A logic model's stages (LogicModel in logic-model.ts has this shape). */
export type LogicModelShape = Record<LogicStage, LogicBoxShape[]>;

export const BOXES_PER_STAGE = 8;
export const BOX_TEXT_MAX = 200;

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

export const emptyLogicModel = (): LogicModelShape => ({
  outputs: [],
  shortTerm: [],
  mediumTerm: [],
  longTerm: [],
  impact: [],
});

export const isEmptyLogicModel = (m: LogicModelShape): boolean =>
  LOGIC_STAGES.every((s) => m[s].length === 0);

/** A box's text in `lang`, and whether it is the Japanese standing in for a missing English. */
export function boxText(box: LogicBoxShape, lang: Lang): { text: string; japaneseOnly: boolean } {
  if (lang === 'en' && box.textEn !== '') return { text: box.textEn, japaneseOnly: false };
  return { text: box.text, japaneseOnly: lang === 'en' };
}

export interface LogicColumn {
  stage: 'activities' | LogicStage;
  heading: string;
  boxes: { text: string; japaneseOnly: boolean; indicatorIds: string[] }[];
}

/**
 * The model as columns: activities (given: the initiatives' titles, each saying whether it
 * is Japanese standing in for English) then each stage.
 */
export function logicColumns(
  model: LogicModelShape,
  activities: { text: string; japaneseOnly: boolean }[],
  lang: Lang,
): LogicColumn[] {
  return [
    {
      stage: 'activities' as const,
      heading: STAGE_LABELS.activities[lang],
      boxes: activities.map((a) => ({ ...a, indicatorIds: [] })),
    },
    ...LOGIC_STAGES.map((s) => ({
      stage: s,
      heading: STAGE_LABELS[s][lang],
      boxes: model[s].map((box) => ({ ...boxText(box, lang), indicatorIds: box.indicatorIds })),
    })),
  ];
}

/** The diagram's geometry (px); the same on the page and in the reports. */
export const DIAGRAM = { column: 168, gap: 32, pad: 10, heading: 40, line: 18, boxGap: 10, lineUnits: 22 };

export interface DiagramBox {
  x: number;
  y: number;
  width: number;
  height: number;
  lines: string[];
  japaneseOnly: boolean;
}

export interface LogicDiagram {
  width: number;
  height: number;
  columns: { x: number; heading: string; boxes: DiagramBox[] }[];
  /** One arrow between each pair of neighbouring columns, at the headings' height. */
  arrows: { x1: number; x2: number; y: number }[];
}

/** A wide (CJK) character counts two units, an ASCII one one. */
const units = (s: string): number => [...s].reduce((n, c) => n + (c.charCodeAt(0) < 0x100 ? 1 : 2), 0);

/**
 * Breaks text into lines of at most `max` units: Japanese between any two characters, Latin
 * text between words (a word longer than a line is cut).
 */
export function wrapText(text: string, max: number): string[] {
  const tokens = text.match(/[\x21-\x7e]+\s*|\s+|./gsu) ?? [];
  const lines: string[] = [];
  let line = '';
  for (const token of tokens) {
    if (units(line + token.trimEnd()) <= max) {
      line += token;
      continue;
    }
    if (line.trim() !== '') lines.push(line.trimEnd());
    let rest = token.trimStart();
    while (units(rest.trimEnd()) > max) {
      let cut = '';
      for (const c of rest) {
        if (units(cut + c) > max) break;
        cut += c;
      }
      lines.push(cut);
      rest = rest.slice(cut.length);
    }
    line = rest;
  }
  if (line.trim() !== '') lines.push(line.trimEnd());
  return lines;
}

export function layoutLogicModel(columns: LogicColumn[]): LogicDiagram {
  const d = DIAGRAM;
  let height = d.heading;
  const laid = columns.map((col, i) => {
    const x = i * (d.column + d.gap);
    let y = d.heading;
    const boxes = col.boxes.map((box) => {
      const lines = wrapText(box.text, d.lineUnits);
      const h = lines.length * d.line + 2 * d.pad;
      const laidBox = { x, y, width: d.column, height: h, lines, japaneseOnly: box.japaneseOnly };
      y += h + d.boxGap;
      return laidBox;
    });
    height = Math.max(height, y);
    return { x, heading: col.heading, boxes };
  });
  const arrows = laid.slice(1).map((col) => ({ x1: col.x - d.gap + 4, x2: col.x - 4, y: d.heading / 2 }));
  return { width: columns.length * (d.column + d.gap) - d.gap, height, columns: laid, arrows };
}
