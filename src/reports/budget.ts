/**
 * Budget beside results in the reports (issue #24): the cycle's fiscal year's budget and
 * execution (the administrative project review's figures for the projects linked to the
 * initiatives) per pillar and target, beside each node's rating — only where budget lines
 * exist. Every label and figure resolved for the report's language; renderers lay it out.
 */
import type { BudgetTotals } from '../domain/budget.ts';
import { flatten } from '../domain/tree-builder.ts';
import type { StrategyTree } from '../domain/views.ts';
import type { Lang } from '../i18n.ts';
import { nodeTitle, term, type Ctx } from './context.ts';
import { t } from './messages.ts';
import type { BudgetNote } from './model.ts';

/** The cycle's budget rolled up (budget.service's CycleBudget has this shape). */
export interface ReportBudget {
  strategy: BudgetTotals;
  nodes: { nodeId: string; totals: BudgetTotals }[];
}

/** @example yen(575_000_000, 'ja') // '575百万円'; yen(575_000_000, 'en') // '¥575 million' */
export function yen(value: number, lang: Lang): string {
  const millions = (value / 1_000_000).toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-GB', {
    maximumFractionDigits: 1,
  });
  return t(lang, 'report.budget_yen', { millions });
}

const rate = (r: number | null): string => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

export function buildBudget(
  tree: StrategyTree,
  budget: ReportBudget | null | undefined,
  ctx: Ctx,
): BudgetNote | null {
  if (!budget || budget.strategy.projects === 0) return null;
  const { lang } = ctx;
  const byNode = new Map(budget.nodes.map((n) => [n.nodeId, n.totals]));
  const cells = (totals: BudgetTotals) => [
    String(totals.projects),
    yen(totals.total, lang),
    yen(totals.executed, lang),
    rate(totals.rate),
  ];
  const rows = flatten(tree.nodes).flatMap((node) => {
    const totals = byNode.get(node.id);
    if (node.mirrorOf !== null || !totals || totals.projects === 0) return [];
    const rating = term(ctx, 'rating', node.assessment?.rating ?? null)?.label ?? '—';
    return [
      {
        nodeId: node.id,
        depth: node.depth,
        cells: [`${node.code} ${nodeTitle(node, lang)}`.trim(), rating, ...cells(totals)],
      },
    ];
  });
  return {
    title: t(lang, 'report.budget_title', { year: String(tree.cycle.fiscalYear) }),
    lead: t(lang, 'report.budget_lead'),
    headers: [
      t(lang, 'report.budget_node'),
      t(lang, 'report.budget_rating'),
      t(lang, 'report.budget_projects'),
      t(lang, 'report.budget_total'),
      t(lang, 'report.budget_executed'),
      t(lang, 'report.budget_rate'),
    ],
    rows,
    total: [t(lang, 'report.budget_strategy_total'), '', ...cells(budget.strategy)],
  };
}
