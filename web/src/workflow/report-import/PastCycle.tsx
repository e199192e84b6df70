/**
 * Accepting the reviewed draft as a past cycle of a stored strategy: the strategy chosen,
 * the proposed matches shown for confirmation (score, stored title → the report's), what
 * would stop it, then the acceptance.
 */
import { useState } from 'react';
import {
  reportImportsApi,
  workflowApi,
  type ReportHistoryPlan,
  type ReportImport,
} from '../../api/endpoints.ts';
import { ConfirmButton } from '../../components/ConfirmDialog.tsx';
import { useLang, useT } from '../../i18n.ts';
import { LoadState, useData } from '../admin/shared.tsx';
import { reviewErrorText } from './shared.ts';
import { Options } from '../../components/Options.tsx';
import { SelectField } from '../Field.tsx';

export function PastCycle({
  data,
  busy,
  onAccept,
}: {
  data: ReportImport;
  busy: boolean;
  onAccept: (strategyId: string) => Promise<void>;
}) {
  const t = useT();
  const lang = useLang();
  const strategies = useData(() => workflowApi.strategies(), 'strategies');
  const [strategyId, setStrategyId] = useState('');
  const [plan, setPlan] = useState<ReportHistoryPlan | null>(null);
  const [error, setError] = useState<string | null>(null);
  const chosen = strategyId || strategies.data?.[0]?.id || '';
  const show = async () => {
    setError(null);
    setPlan(null);
    try {
      setPlan(await reportImportsApi.historyPlan(data.id, chosen, lang));
    } catch (err) {
      setError(reviewErrorText(t, err));
    }
  };
  const errors = plan?.problems.filter((p) => p.severity === 'error') ?? [];
  const rows = plan ? [...plan.nodes, ...plan.initiatives, ...plan.indicators] : [];
  return (
    <div className="ri-past" data-testid="ri-past">
      <h3>{t('report_import.past.title')}</h3>
      <LoadState state={strategies} />
      {strategies.data && (
        <SelectField
          id="ri-past-strategy"
          label={t('report_import.past.strategy')}
          value={chosen}
          onValue={(v) => {
            setStrategyId(v);
            setPlan(null);
          }}
        >
          <Options
            of={strategies.data}
            value={(s) => s.id}
            label={(s) => (
              <>
                {s.title}（{s.id}）
              </>
            )}
          />
        </SelectField>
      )}
      <button type="button" className="btn" disabled={busy || chosen === ''} onClick={() => void show()}>
        {t('report_import.past.show')}
      </button>
      {error && (
        <p role="alert" className="wf-error">
          {error}
        </p>
      )}
      {plan && (
        <>
          <p role="status">
            {t('report_import.past.summary', {
              cycleId: plan.cycleId,
              fiscalYear: plan.fiscalYear,
              ...plan.counts,
            })}
          </p>
          {plan.problems.length > 0 && (
            <ul className="wf-plain" data-testid="ri-past-problems">
              {plan.problems.map((p, i) => (
                <li key={i} className={p.severity === 'error' ? 'wf-field-error' : undefined}>
                  {p.message}
                </li>
              ))}
            </ul>
          )}
          <div className="table-scroll" role="region" aria-labelledby="ri-past-matches" tabIndex={0}>
            <table className="data-table" data-testid="ri-past-matches">
              <caption id="ri-past-matches">{t('report_import.past.matches')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('report_import.past.col.kind')}</th>
                  <th scope="col" className="num">
                    {t('report_import.past.col.score')}
                  </th>
                  <th scope="col">{t('report_import.past.col.old')}</th>
                  <th scope="col">{t('report_import.past.col.new')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((m) => (
                  <tr key={m.draftId} data-kind={m.kind}>
                    <td>{t(`report_import.past.kind.${m.kind}`)}</td>
                    <td className="num">{m.kind === 'new' ? '—' : m.score.toFixed(2)}</td>
                    <td lang="ja">{m.existingTitle ?? '—'}</td>
                    <td lang="ja">{m.title}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {errors.length === 0 && (
            <ConfirmButton
              label={t('report_import.past.accept')}
              title={t('report_import.past.accept_title')}
              disabled={busy}
              onConfirm={() => onAccept(plan.strategyId)}
            >
              <p>
                {t('report_import.past.accept_body', { title: plan.strategyTitle, cycleId: plan.cycleId })}
              </p>
            </ConfirmButton>
          )}
        </>
      )}
    </div>
  );
}
