/**
 * The cycle's budget beside its ratings: the strategy's total and execution for the cycle's
 * fiscal year, per pillar and per ministry (行政事業レビュー; each project counted once).
 * Nothing is shown while no initiative of the cycle is linked to a project.
 */
import { api } from '../../api/endpoints.ts';
import { useLang, useT } from '../../i18n.ts';
import { BudgetDownload, BudgetFigures } from '../../components/BudgetCells.tsx';
import { DataTable, num } from '../../components/DataTable.tsx';
import { rateLabel, yenLabel } from '../../lib/budget.ts';
import { titleOf } from '../../lib/format.ts';
import { useLoad } from '../../lib/hooks.ts';
import { useStrategy } from '../../lib/strategy-context.ts';

export function Budget() {
  const { index, strategyId, cycleId } = useStrategy();
  const lang = useLang();
  const t = useT();
  const state = useLoad(() => api.cycleBudget(strategyId, cycleId), `${strategyId}/${cycleId}`);
  if (state.status !== 'ok' || state.data.strategy.projects === 0) return null;
  const b = state.data;
  const byNode = new Map(b.nodes.map((n) => [n.nodeId, n.totals]));
  const rows = [
    ...index.tree.nodes.flatMap((p) => {
      const totals = byNode.get(p.id);
      return totals ? [{ key: p.id, label: `${p.code}. ${titleOf(lang, p)}`, totals }] : [];
    }),
  ];
  const ministries = b.ministries.map((m) => {
    const org = index.tree.organisations.find((o) => o.id === m.organisationId);
    return {
      key: m.organisationId ?? m.ministry,
      label: org ? titleOf(lang, { title: org.nameJa, titleEn: org.nameEn }) : m.ministry,
      totals: m.totals,
    };
  });
  const table = (id: string, caption: string, items: typeof rows) => (
    <DataTable
      scroll
      keys="web.budget."
      caption={caption}
      captionId={id}
      head={[
        <th key="label" scope="col">
          {caption}
        </th>,
        num('total'),
        num('executed'),
        num('rate'),
      ]}
    >
      {items.map((r) => (
        <tr key={r.key}>
          <th scope="row">{r.label}</th>
          <BudgetFigures {...r.totals} lang={lang} />
        </tr>
      ))}
    </DataTable>
  );
  return (
    <section aria-labelledby="budget-panel-heading" className="panel" data-testid="dashboard-budget">
      <h2 id="budget-panel-heading">
        {t('web.budget.title')} {t('web.budget.fy', { year: b.fiscalYear })}
      </h2>
      <p>
        {t('web.budget.strategy_total', {
          total: yenLabel(b.strategy.total, lang),
          executed: yenLabel(b.strategy.executed, lang),
          rate: rateLabel(b.strategy.rate),
          projects: b.strategy.projects,
        })}
      </p>
      {table('budget-by-pillar', t('web.pillar'), rows)}
      {table('budget-by-ministry', t('web.budget.ministry'), ministries)}
      <BudgetDownload strategyId={strategyId} cycleId={cycleId} />
    </section>
  );
}
