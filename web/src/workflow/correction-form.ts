/**
 * The correction form's rules, apart from its markup: which fields each kind of fact has,
 * and how the fields become a correction request — or the problems to show, by field id.
 */
import type { CorrectionKind, CorrectionRequest } from '../../../src/domain/corrections.ts';
import { periodCodeFrom } from '../../../src/domain/periods.ts';

export const FORM_KINDS: CorrectionKind[] = [
  'entry',
  'assessment',
  'summary',
  'indicator',
  'observation',
  'node',
  'initiative',
];

/** The form's values: every field as typed (ids of the chosen items, texts, numbers as text). */
export interface FormValues {
  kind: CorrectionKind;
  reason: string;
  /** The reason in English ('' when not translated). */
  reasonEn?: string;
  /** entry id, node id, indicator id or initiative id; '' for the summary */
  item: string;
  /** the figure (observation id), for kind observation */
  figure: string;
  fields: Record<string, string>;
}

/** What the chosen item is at (versions of the rows a correction writes). */
export interface Versions {
  entry?: number;
  assessment?: number;
  summary?: number;
}

export type Problems = Record<string, string>;

/** A number as typed: '' is none (null); anything else must be a number. */
function numberOf(text: string): number | null | 'bad' {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const n = Number(trimmed.replace(/,/g, ''));
  return Number.isFinite(n) ? n : 'bad';
}

/** Lines of `period: text` (今後の予定), e.g. `FY2024: 本格運用` or `令和6年度：本格運用`; periods stored as codes. */
export function parsePlans(text: string): { period: string; text: string }[] | 'bad' {
  const plans: { period: string; text: string }[] = [];
  for (const line of text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')) {
    const [, head, rest] = /^([^:：]+?)\s*[:：]\s*(.+)$/.exec(line) ?? [];
    const period = head === undefined ? null : periodCodeFrom(head);
    if (period === null || rest === undefined) return 'bad';
    plans.push({ period, text: rest });
  }
  return plans;
}

const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');

export const formatPlans = (plans: { period: string; text: string }[]): string =>
  plans.map((p) => `${p.period}: ${p.text}`).join('\n');

/**
 * The request the form asks for, or the problems (message keys by field id). `revision` is
 * the published revision the form was filled in on.
 */
export function buildRequest(
  v: FormValues,
  versions: Versions,
  revision: number,
): { request: CorrectionRequest } | { problems: Problems } {
  const problems: Problems = {};
  const f = v.fields;
  if (v.reason.trim() === '') problems['correction-reason'] = 'workflow.correct.reason_required';
  if (v.kind !== 'summary' && v.item === '')
    problems[`correction-${itemField(v.kind)}`] = 'workflow.correct.item_required';
  if (v.kind === 'observation' && v.figure === '')
    problems['correction-figure'] = 'workflow.correct.item_required';
  const request: CorrectionRequest = { reason: v.reason.trim(), revision };
  const reasonEn = (v.reasonEn ?? '').trim();
  if (reasonEn !== '') request.reasonEn = reasonEn;
  switch (v.kind) {
    case 'entry': {
      const plans = parsePlans(f.plans ?? '');
      if (plans === 'bad') problems['correction-plans'] = 'workflow.correct.plans_invalid';
      else
        request.entries = [
          {
            id: v.item,
            version: versions.entry ?? 1,
            text: f.text ?? '',
            ...(f.textEn !== undefined && { textEn: f.textEn }),
            stage: f.stage || null,
            plans,
          },
        ];
      break;
    }
    case 'assessment':
      request.assessments = [
        {
          nodeId: v.item,
          version: versions.assessment ?? 1,
          rating: f.rating || null,
          narrative: f.narrative ?? '',
          ...(f.narrativeEn !== undefined && { narrativeEn: f.narrativeEn }),
        },
      ];
      break;
    case 'summary':
      request.summary = {
        version: versions.summary ?? 1,
        overall: lines(f.overall ?? ''),
        ...(f.overallEn !== undefined && { overallEn: lines(f.overallEn) }),
      };
      break;
    case 'indicator': {
      const baseline = numberOf(f.baselineValue ?? '');
      const target = numberOf(f.targetValue ?? '');
      if (baseline === 'bad') problems['correction-baseline'] = 'workflow.correct.number_invalid';
      if (target === 'bad') problems['correction-target'] = 'workflow.correct.number_invalid';
      for (const [field, id] of [
        ['baselinePeriod', 'correction-baseline-period'],
        ['targetPeriod', 'correction-target-period'],
      ] as const)
        if ((f[field] ?? '').trim() !== '' && periodCodeFrom(f[field] ?? '') === null)
          problems[id] = 'workflow.correct.period_invalid';
      if (baseline !== 'bad' && target !== 'bad')
        request.indicators = [
          {
            id: v.item,
            baselineValue: baseline,
            baselinePeriod: periodCodeFrom(f.baselinePeriod ?? ''),
            targetValue: target,
            targetText: f.targetText ?? '',
            targetPeriod: periodCodeFrom(f.targetPeriod ?? ''),
          },
        ];
      break;
    }
    case 'observation': {
      const value = numberOf(f.value ?? '');
      if (value === 'bad' || value === null) problems['correction-value'] = 'workflow.correct.number_invalid';
      else request.observations = [{ id: v.figure, value, note: f.note ?? '' }];
      break;
    }
    case 'node':
    case 'initiative':
      if ((f.title ?? '').trim() === '') problems['correction-title'] = 'workflow.correct.title_required';
      request[v.kind === 'node' ? 'nodes' : 'initiatives'] = [
        { id: v.item, title: (f.title ?? '').trim(), titleEn: (f.titleEn ?? '').trim() },
      ];
      break;
  }
  return Object.keys(problems).length > 0 ? { problems } : { request };
}

/** The id (after `correction-`) of the field that chooses the item of a kind. */
export function itemField(kind: CorrectionKind): string {
  return {
    entry: 'entry',
    assessment: 'node',
    summary: 'overall',
    indicator: 'indicator',
    observation: 'indicator',
    node: 'node',
    initiative: 'initiative',
  }[kind];
}
