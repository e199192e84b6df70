/**
 * The shape of the survey workbook (調査票), shared by the writer (template.ts) and the
 * reader (read.ts): sheet names, where the header row is, and which column holds what.
 * Changing anything here that a filled-in sheet depends on means a new TEMPLATE_VERSION,
 * so that sheets of the old shape are refused with a clear message instead of misread.
 */

/** Bumped whenever a column moves or changes meaning. Stored in the hidden _meta sheet. */
export const TEMPLATE_VERSION = 1;
/** What `kind` in _meta says, so that other workbooks with a _meta sheet are not taken for ours. */
export const TEMPLATE_KIND = 'shinchoku-survey';

export const SHEETS = {
  progress: '進捗調査票',
  kpi: 'KPI',
  guide: '記入要領',
  meta: '_meta',
} as const;

/** Rows 1–3 hold the title and notes; row 4 the headers; data starts on row 5. */
export const HEADER_ROW = 4;
export const FIRST_DATA_ROW = 5;

/** Most data rows a sheet may have (far above any ministry's share of a strategy). */
export const MAX_ROWS = 20_000;

export interface ColumnSpec {
  /** 1-based column number. */
  no: number;
  /** Header text on row 4 (checked on import: a moved column is refused). */
  header: string;
  width: number;
  hidden?: boolean;
  /**
   * Added after version 1 without a new TEMPLATE_VERSION: a sheet made before it has no
   * header there (an empty header means "not in this sheet"), and still imports.
   */
  optional?: boolean;
}

const col = (no: number, header: string, width: number, hidden = false): ColumnSpec => ({
  no,
  header,
  width,
  hidden,
});

/** 進捗調査票: one row per initiative of the ministry in the cycle. */
export const PROGRESS = {
  no: col(1, 'No.', 5),
  path: col(2, '体系（柱 ＞ 目標 ＞ 具体目標）', 36),
  initiative: col(3, '施策', 30),
  owners: col(4, '担当府省（共同）', 14),
  previous: col(5, '前回の主な進捗（参考）', 44),
  text: col(6, '主な進捗（今回記入）', 60),
  stage: col(7, '段階', 14),
  plans: col(8, '今後の予定（1行に1件「期間: 内容」）', 40),
  state: col(9, '状態', 14),
  entryId: col(10, 'entry_id', 10, true),
  version: col(11, 'version', 8, true),
  digest: col(12, 'digest', 10, true),
  // After the hidden columns, so that it shows right of 状態 and sheets made before it keep
  // every column where it was.
  textEn: { ...col(13, '主な進捗（英語・任意） Main progress in English (optional)', 50), optional: true },
} as const;

/** KPI: one row per observation of an indicator attached to the ministry's initiatives. */
export const KPI = {
  indicator: col(1, '指標', 40),
  unit: col(2, '単位', 8),
  initiative: col(3, '施策', 30),
  target: col(4, '目標', 20),
  period: col(5, '期間', 14),
  value: col(6, '値', 12),
  source: col(7, '出典', 30),
  note: col(8, '備考', 24),
  reported: col(9, '報告', 16),
  indicatorId: col(10, 'indicator_id', 10, true),
  observationId: col(11, 'observation_id', 10, true),
  version: col(12, 'version', 8, true),
  digest: col(13, 'digest', 10, true),
} as const;

/** Blank KPI rows offered under each indicator for figures of new periods. */
export const BLANK_KPI_ROWS = 2;

/** _meta: key in column A, value in column B; the stage choices in column D. */
export const META_KEYS = {
  kind: 'kind',
  version: 'template_version',
  strategyId: 'strategy_id',
  cycleId: 'cycle_id',
  organisationId: 'organisation_id',
  generatedAt: 'generated_at',
} as const;
export const META_STAGE_COLUMN = 4;

/** Excel column letters for messages: 1 → A, 27 → AA. */
export function columnLetter(no: number): string {
  let n = no;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** How the review state reads in the sheet. */
export const REVIEW_STATE_LABELS: Record<string, string> = {
  draft: '記入中',
  submitted: '提出済み',
  returned: '差戻し',
  accepted: '確定',
  not_applicable: '該当なし',
  no_report: '報告なし',
};
