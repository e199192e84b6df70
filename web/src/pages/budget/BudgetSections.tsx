/**
 * Budget beside results on the public pages: an initiative's projects of the administrative
 * project review (行政事業レビュー) per fiscal year, and a node's roll-up for its cycle's year.
 * A published cycle shows the links it was published with. Nothing is shown while there is
 * nothing to show (no linked project, or the read failed: the page stands without it).
 */
import { api } from '../../api/endpoints.ts';
import { useLang, useT } from '../../i18n.ts';
import { BudgetDownload, BudgetFigures, ProjectHeader } from '../../components/BudgetCells.tsx';
import { DataTable, num } from '../../components/DataTable.tsx';
import { lineTotal, rateLabel, yenLabel } from '../../lib/budget.ts';
import { dateLabel } from '../../lib/format.ts';
import { useLoad } from '../../lib/hooks.ts';
import { useStrategy } from '../../lib/strategy-context.ts';

/** The newest import time among lines, as a date. */
const importedOn = (times: string[]) => [...times].sort().at(-1) ?? null;

export function InitiativeBudgetSection({ initiativeId }: { initiativeId: string }) {
  const t = useT();
  const lang = useLang();
  const state = useLoad(() => api.initiativeBudget(initiativeId), initiativeId);
  if (state.status !== 'ok' || state.data.projects.length === 0) return null;
  const budget = state.data;
  const lines = budget.projects.flatMap((p) =>
    p.lines.map((l) => ({ ...l, projectNumber: p.projectNumber })),
  );
  const imported = importedOn(lines.map((l) => l.importedAt));
  return (
    <section aria-labelledby="budget-heading" data-testid="initiative-budget">
      <h2 id="budget-heading">{t('web.budget.title')}</h2>
      {budget.asOf && (
        <p className="subtle">{t('web.budget.as_published', { cycle: budget.asOf.cycleId })}</p>
      )}
      <div className="table-scroll" role="region" aria-label={t('web.budget.per_year')} tabIndex={0}>
        <DataTable
          keys="web.budget."
          head={['project', 'year', num('initial'), num('total'), num('executed'), num('rate')]}
        >
          {lines.map((l) => (
            <tr key={`${l.projectNumber}-${l.fiscalYear}`}>
              <ProjectHeader number={l.projectNumber} name={l.projectName} />
              <td>{t('web.budget.fy', { year: l.fiscalYear })}</td>
              <td className="num">{yenLabel(l.initialBudget, lang)}</td>
              <BudgetFigures total={lineTotal(l)} executed={l.executed} lang={lang} />
            </tr>
          ))}
        </DataTable>
      </div>
      {imported && <p className="subtle">{t('web.budget.source', { date: dateLabel(imported, lang) })}</p>}
    </section>
  );
}

/** A node's share of its cycle's budget, if it has one. */
export function NodeBudget({ nodeId }: { nodeId: string }) {
  const { strategyId, cycleId } = useStrategy();
  const t = useT();
  const lang = useLang();
  const state = useLoad(() => api.cycleBudget(strategyId, cycleId), `${strategyId}/${cycleId}`);
  if (state.status !== 'ok') return null;
  const totals = state.data.nodes.find((n) => n.nodeId === nodeId)?.totals;
  if (!totals) return null;
  const year = state.data.fiscalYear;
  return (
    <section aria-labelledby="node-budget-heading" className="node-budget" data-testid="node-budget">
      <h2 id="node-budget-heading">
        {t('web.budget.title')} {t('web.budget.fy', { year })}
      </h2>
      <p>{t('web.budget.node_lead', { year })}</p>
      <dl className="kv">
        <dt>{t('web.budget.total')}</dt>
        <dd>{yenLabel(totals.total, lang)}</dd>
        <dt>{t('web.budget.executed')}</dt>
        <dd>{yenLabel(totals.executed, lang)}</dd>
        <dt>{t('web.budget.rate')}</dt>
        <dd>{rateLabel(totals.rate)}</dd>
        <dt>{t('web.budget.projects')}</dt>
        <dd>{totals.projects}</dd>
      </dl>
      {totals.pending > 0 && <p className="subtle">{t('web.budget.pending', { count: totals.pending })}</p>}
      <BudgetDownload strategyId={strategyId} cycleId={cycleId} />
    </section>
  );
}
