/**
 * The renderer-neutral report document: what the report says, laid out as the seed deck is
 * (cover, summary, a section per pillar, a page per goal with rows of 主な進捗 | 概況), with
 * every label and date already resolved for one language. Renderers only lay it out.
 */
import type { LogicColumn } from '../domain/logic-diagram.ts';
import type { Lang } from '../i18n.ts';
import type { ReportCycleV1 } from './open-data.ts';
import type { Edition } from './publication.ts';

export interface ReportDocument {
  lang: Lang;
  meta: ReportMeta;
  summary: SummaryBlock | null;
  sections: Section[];
  /** Every indicator of the strategy with figures visible in this cycle. */
  indicators: KpiBlock[];
  /** One row per initiative listing × cycle (this cycle and the visible ones before it). */
  ledger: LedgerRow[];
  /** The cycle as open data (JSON and CSV). */
  data: ReportCycleV1;
  /** The published edition this report shows (revision, hash, corrections); null for a draft. */
  edition: Edition | null;
  /** Items published as named exceptions (該当なし, 報告なし), in the order of the tree. */
  exceptions: ExceptionNote[];
  /** The logic models of the tree's nodes, in the order of the tree (a page each). */
  logicModels: LogicModelNote[];
  /** The fiscal year's budget and execution per pillar and target; null without budget lines. */
  budget: BudgetNote | null;
}

/**
 * Budget and execution beside the ratings: a row per node (pillar, goal, target) whose
 * initiatives have budget lines, in tree order, and the strategy's total. Cells are text.
 */
export interface BudgetNote {
  title: string;
  lead: string;
  headers: string[];
  rows: { nodeId: string; depth: number; cells: string[] }[];
  total: string[];
}

/** A node's logic model as columns (activities first), labels in the report's language. */
export interface LogicModelNote {
  nodeId: string;
  /** 具体目標 1.1.1 */
  kicker: string;
  title: string;
  columns: LogicColumn[];
}

/** An item the secretariat excepted: which, whose, which exception, and why. */
export interface ExceptionNote {
  initiativeId: string;
  title: string;
  /** （総務省） */
  ownerTag: string;
  /** 該当なし / Not applicable */
  kind: string;
  reason: string;
}

export interface ReportMeta {
  strategyId: string;
  cycleId: string;
  fiscalYear: number;
  /** 2022年度 / FY2022 */
  fiscalYearLabel: string;
  /** 「AI戦略2022」の進捗状況 */
  title: string;
  strategyTitle: string;
  /** 令和5年4月 / April 2023 */
  asOf: string;
  /** The issuing organisation's full name, or '' when the strategy has none. */
  issuer: string;
  /** True when the cycle is not published: every format marks it. */
  draft: boolean;
  /** 出典：… line for footers. */
  source: string;
  /** File name without extension, in the report's language. */
  fileBase: string;
  /** Level names of the tree: 柱, 目標, 具体目標. */
  levelLabels: string[];
  /** When this edition was made: the revision's publication or correction; a draft's last change. */
  issuedAt: string;
}

export interface SummaryBlock {
  overall: string[];
  pillars: { nodeId: string; title: string; bullets: string[] }[];
}

/** A pillar (depth-0 node). */
export interface Section {
  nodeId: string;
  code: string;
  /** 柱 1 */
  kicker: string;
  title: string;
  pages: Page[];
}

/** A goal (depth-1 node), or a pillar that carries items itself. */
export interface Page {
  nodeId: string;
  code: string;
  kicker: string;
  title: string;
  note: string;
  sectionTitle: string;
  rows: Row[];
  /** The page's indicators, for the KPI slide and charts. */
  kpis: KpiBlock[];
}

/** One row of the 主な進捗 | 概況 table. */
export interface Row {
  /** The nodes whose content the row shows (its own node first). */
  nodeIds: string[];
  /** Left label column: one or several target titles shown together. */
  labels: string[];
  items: Item[];
  overview: Overview | null;
  /** Indicators of the row's node not tied to one of its items. */
  kpis: KpiBlock[];
}

export interface Term {
  code: string;
  label: string;
  /** stage: planned | underway | done — rating: good | neutral | attention */
  category: string;
}

/** A progress item (主な進捗) as one bullet. */
export interface Item {
  initiativeId: string;
  /** The initiative's title in the report's language. */
  title: string;
  /** The entry's text, the initiative's title when nothing was reported, or 【該当なし】title：reason. */
  text: string;
  reported: boolean;
  owners: string[];
  /** （科技、農水省） */
  ownerTag: string;
  stage: Term | null;
  /** Resolved lines: 今後の予定（2024年度）：… */
  plans: string[];
  kpis: KpiBlock[];
  /** A correction changed this item (its entry or its initiative) after publication. */
  corrected: boolean;
}

/** 概況 */
export interface Overview {
  narrative: string;
  remark: string;
  rating: Term | null;
  needsAcceleration: boolean;
  /** A correction changed this assessment after publication. */
  corrected: boolean;
}

export interface KpiPoint {
  period: string;
  label: string;
  value: number;
}

export interface KpiBlock {
  id: string;
  nodeId: string | null;
  initiativeId: string | null;
  name: string;
  /** The unit as a chart prints it after a number: 件 in Japanese; ' companies', or '' in English. */
  unit: string;
  /** 78→217件（2021年度末→2022年度末）, or the no-data label. */
  figure: string;
  /** ほぼすべて（2025年まで）, or null. */
  target: string | null;
  /** 名前：figure — the line shown under an item. */
  line: string;
  points: KpiPoint[];
  targetValue: number | null;
}

export interface LedgerRow {
  cycleId: string;
  pillarId: string;
  nodeId: string;
  fiscalYear: string;
  nodeCode: string;
  /** 柱 › 目標 › 具体目標 */
  nodePath: string;
  nodeTitle: string;
  initiativeId: string;
  initiative: string;
  ministries: string;
  stage: string;
  text: string;
  plans: string;
  rating: string;
  overview: string;
}
