/**
 * The changes an import would make, as lines for people: per entry the old and new text
 * (Japanese and English), stage and plans; per figure the old and new value.
 */
import type { Lang } from '../../i18n.ts';
import { clip, plansText } from './cells.ts';
import { surveyMessage } from './messages.ts';
import type { EntryChange, ObservationChange } from './validate.ts';

export interface PreviewInput {
  entries: readonly EntryChange[];
  observations: readonly ObservationChange[];
  stageLabels: Record<string, string>;
}

/**
 * @example previewLines('ja', result)
 * // ['5行目 観測データ提供システムの試作', '  主な進捗: （なし） → 新しい観測システムを…', '  段階: （なし） → 試作']
 */
export function previewLines(lang: Lang, r: PreviewInput, width = 60): string[] {
  const none = surveyMessage(lang, 'preview.none');
  const shown = (text: string) => (text.trim() === '' ? none : clip(text, width));
  const stage = (code: string | null) => (code === null ? none : (r.stageLabels[code] ?? code));
  const lines: string[] = [];
  for (const e of r.entries) {
    lines.push(surveyMessage(lang, 'preview.entry', { row: e.row, initiative: clip(e.initiative, 40) }));
    if (e.before.text !== e.after.text) {
      lines.push(
        `  ${surveyMessage(lang, 'preview.text', { from: shown(e.before.text), to: shown(e.after.text) })}`,
      );
    }
    if (e.before.textEn !== e.after.textEn) {
      lines.push(
        `  ${surveyMessage(lang, 'preview.text_en', { from: shown(e.before.textEn), to: shown(e.after.textEn) })}`,
      );
    }
    if (e.before.stage !== e.after.stage) {
      lines.push(
        `  ${surveyMessage(lang, 'preview.stage', { from: stage(e.before.stage), to: stage(e.after.stage) })}`,
      );
    }
    const [from, to] = [plansText(e.before.plans), plansText(e.after.plans)];
    if (from !== to)
      lines.push(`  ${surveyMessage(lang, 'preview.plans', { from: shown(from), to: shown(to) })}`);
  }
  for (const o of r.observations) {
    const params = { row: o.row, indicator: clip(o.indicator, 40), period: o.period };
    lines.push(
      o.before === null
        ? surveyMessage(lang, 'preview.observation_added', { ...params, value: o.after.value })
        : surveyMessage(lang, 'preview.observation_changed', {
            ...params,
            from: o.before.value,
            to: o.after.value,
          }),
    );
  }
  return lines;
}
