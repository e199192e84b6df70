/**
 * The text of the 記入要領 (instructions) sheet, from the locale file: what the survey is,
 * how to fill in each sheet, and the rules the importer applies.
 */
import { TEMPLATE_VERSION } from './layout.ts';
import { surveyMessage } from './messages.ts';

export interface GuideContext {
  strategyTitle: string;
  cycleLabel: string;
  organisationName: string;
  stages: string[];
  generatedAt: string;
}

const KEYS = [
  'h_overview',
  'overview_1',
  'overview_2',
  '',
  'h_progress',
  'progress_1',
  'progress_2',
  'progress_3',
  'progress_4',
  'progress_5',
  'progress_6',
  '',
  'h_kpi',
  'kpi_1',
  'kpi_2',
  '',
  'h_rules',
  'rules_1',
  'rules_2',
  'rules_3',
  'rules_4',
  'rules_5',
  '',
  'footer',
];

/** The lines of the sheet, title first; '' for a blank line. */
export function guideLines(c: GuideContext): string[] {
  const params = {
    strategy: c.strategyTitle,
    cycle: c.cycleLabel,
    organisation: c.organisationName,
    stages: c.stages.join('、'),
    version: TEMPLATE_VERSION,
    generatedAt: c.generatedAt,
  };
  return [
    surveyMessage('ja', 'guide.title', params),
    '',
    ...KEYS.map((k) => (k === '' ? '' : surveyMessage('ja', `guide.${k}`, params))),
  ];
}
