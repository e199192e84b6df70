/**
 * The flat ledger behind the spreadsheet: one row per initiative listing (mirrors included,
 * so each place an initiative is shown keeps its node path) for every cycle given.
 */
import { formatPeriod } from '../domain/calendar.ts';
import type { StrategyTree, TreeNode } from '../domain/views.ts';
import { isException } from '../domain/review.ts';
import { initiativeTitle, makeCtx, nodeTitle, ownerNames, term } from './context.ts';
import { inLang, jaText } from './japanese-only.ts';
import { periodLabel } from './kpi.ts';
import { t, type Lang } from './messages.ts';
import type { LedgerRow } from './model.ts';

/** Rows of several cycles' trees, oldest cycle first. */
export function buildLedger(trees: StrategyTree[], lang: Lang): LedgerRow[] {
  const sorted = [...trees].sort((a, b) => a.cycle.fiscalYear - b.cycle.fiscalYear);
  return sorted.flatMap((tree) => ledgerOf(tree, lang));
}

function ledgerOf(tree: StrategyTree, lang: Lang): LedgerRow[] {
  const ctx = makeCtx(tree, lang);
  const fiscalYear = formatPeriod({ kind: 'fy', year: tree.cycle.fiscalYear }, lang);
  const rows: LedgerRow[] = [];
  const visit = (node: TreeNode, path: string[], pillarId: string) => {
    const here = [...path, nodeTitle(node, lang)];
    const a = node.assessment;
    const rating = term(ctx, 'rating', a?.rating ?? null);
    const overview = a
      ? [inLang(lang, a.narrative, a.narrativeEn), jaText(lang, a.remark)]
          .filter((s) => s.trim() !== '')
          .join('\n')
      : '';
    for (const { initiative, entry } of node.items) {
      const stage = term(ctx, 'stage', entry?.stage ?? null);
      rows.push({
        cycleId: tree.cycle.id,
        pillarId,
        nodeId: node.id,
        fiscalYear,
        nodeCode: node.code,
        nodePath: here.join(' › '),
        nodeTitle: nodeTitle(node, lang),
        initiativeId: initiative.id,
        initiative: initiativeTitle(initiative, lang),
        ministries: ownerNames(ctx, initiative.ownerIds).join(t(lang, 'report.owner_separator')),
        stage: stage?.label ?? '',
        text:
          entry && isException(entry.reviewState)
            ? t(lang, 'report.exception_text', {
                kind: t(lang, `report.state.${entry.reviewState}`),
                reason: inLang(lang, entry.text, entry.textEn),
              })
            : entry
              ? inLang(lang, entry.text, entry.textEn)
              : '',
        plans: (entry?.plans ?? [])
          .map((p) =>
            t(lang, 'report.plan', { period: periodLabel(p.period, lang), text: jaText(lang, p.text) }),
          )
          .join('\n'),
        rating: rating?.label ?? '',
        overview,
      });
    }
    for (const child of node.children) visit(child, here, pillarId);
  };
  for (const pillar of tree.nodes) visit(pillar, [], pillar.id);
  return rows;
}
