/**
 * /budget — 予算と執行 (行政事業レビュー): administrators import the review's CSV and link
 * initiatives to its project numbers; the secretariat sees the initiatives whose projects
 * spent money in a cycle's fiscal year while their entry reports no progress.
 */
import { useState, type FormEvent } from 'react';
import type { Cycle } from '../../../../src/domain/model.ts';
import { budgetApi, workflowApi, type InitiativeBudget } from '../../api/endpoints.ts';
import { adminApi } from '../../api/endpoints.ts';
import { L } from '../../components/Link.tsx';
import { useLang, useT } from '../../i18n.ts';
import { BudgetFigures, ProjectHeader } from '../../components/BudgetCells.tsx';
import { DataTable, num } from '../../components/DataTable.tsx';
import { lineTotal, yenLabel } from '../../lib/budget.ts';
import { cycleName } from '../../lib/format.ts';
import { usePageTitle } from '../../lib/hooks.ts';
import { paths } from '../../lib/paths.ts';
import { Announce, errorText, RequireSession } from '../common.tsx';
import { can } from '../session.ts';
import { AdminMenu, LoadState, useData } from '../admin/shared.tsx';
import { BudgetImport } from './BudgetImport.tsx';
import { SelectField, TextField, WfSection } from '../Field.tsx';
import { Options } from '../../components/Options.tsx';

export function BudgetPage() {
  return (
    <RequireSession>
      {(user) => {
        const admin = can(user, 'structure:write');
        return <Budget admin={admin} secretariat={can(user, 'insight:read')} />;
      }}
    </RequireSession>
  );
}

function Budget({ admin, secretariat }: { admin: boolean; secretariat: boolean }) {
  const t = useT();
  usePageTitle(t('workflow.budget.title'));
  const strategies = useData(() => workflowApi.strategies(), 'strategies');
  const [strategyId, setStrategyId] = useState('');
  const [round, setRound] = useState(0);
  const chosen = strategyId || strategies.data?.[0]?.id || '';
  const strategy = strategies.data?.find((s) => s.id === chosen);
  return (
    <>
      {admin && <AdminMenu />}
      <h1>{t('workflow.budget.title')}</h1>
      <p>{t('workflow.budget.lead')}</p>
      {!admin && !secretariat && <p className="notice">{t('workflow.budget.staff_only')}</p>}
      {admin && <BudgetImport onImported={() => setRound((r) => r + 1)} />}
      <LoadState state={strategies} />
      {strategies.data && strategies.data.length > 1 && (admin || secretariat) && (
        <SelectField
          id="budget-strategy"
          label={t('workflow.budget.strategy')}
          value={chosen}
          onValue={setStrategyId}
        >
          <Options of={strategies.data} value={(s) => s.id} label={(s) => s.title} />
        </SelectField>
      )}
      {admin && chosen && <Links strategyId={chosen} round={round} />}
      {secretariat && strategy && strategy.cycles.length > 0 && (
        <Unreported strategyId={chosen} cycles={strategy.cycles} />
      )}
    </>
  );
}

const splitNumbers = (text: string) =>
  text
    .split(/[\s,、，;；]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/** One form: choose an initiative, write its project numbers, save; its budget shown below. */
function Links({ strategyId, round }: { strategyId: string; round: number }) {
  const t = useT();
  const lang = useLang();
  const initiatives = useData(() => adminApi.initiatives(strategyId), `initiatives:${strategyId}`);
  const [initiativeId, setInitiativeId] = useState('');
  const chosen = initiativeId || initiatives.data?.[0]?.id || '';
  const budget = useData(
    () => (chosen ? budgetApi.initiative(chosen) : Promise.resolve(null)),
    `budget:${chosen}:${round}`,
  );
  const [text, setText] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const current = budget.data?.projects.map((p) => p.projectNumber).join('\n') ?? '';

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    setFailure(null);
    try {
      const saved = await budgetApi.setProjects(chosen, splitNumbers(text ?? current));
      setText(null);
      budget.reload();
      setMessage(t('workflow.budget.links_saved', { count: saved.projects.length }));
    } catch (err) {
      setFailure(err);
    }
  };
  return (
    <WfSection id="budget-links" title={t('workflow.budget.links_title')}>
      <p>{t('workflow.budget.links_lead')}</p>
      <LoadState state={initiatives} />
      {initiatives.data && (
        <form onSubmit={(e) => void save(e)} className="wf-form" noValidate>
          <SelectField
            id="budget-initiative"
            label={t('workflow.budget.initiative')}
            value={chosen}
            onValue={(v) => {
              setInitiativeId(v);
              setText(null);
              setMessage(null);
            }}
          >
            <Options of={initiatives.data} value={(i) => i.id} label={(i) => i.title} />
          </SelectField>
          <TextField
            id="budget-numbers"
            label={t('workflow.budget.numbers')}
            hint={t('workflow.budget.numbers_hint')}
            rows={3}
            value={text ?? current}
            onValue={setText}
          />
          <div className="wf-buttons">
            <button type="submit" className="button">
              {t('workflow.budget.save_links')}
            </button>
          </div>
          <Announce message={message} error={failure ? errorText(t, failure) : null} />
        </form>
      )}
      {budget.data && <ProjectTable budget={budget.data} lang={lang} />}
    </WfSection>
  );
}

function ProjectTable({ budget, lang }: { budget: InitiativeBudget; lang: 'ja' | 'en' }) {
  const t = useT();
  if (budget.projects.length === 0) return <p>{t('workflow.budget.no_links')}</p>;
  return (
    <DataTable
      id="budget-linked"
      scroll
      caption={t('workflow.budget.linked')}
      keys="workflow.budget.field."
      head={['projectNumber', 'fiscalYear', num('web.budget.total'), num('executed'), num('web.budget.rate')]}
    >
      {budget.projects.flatMap((p) =>
        p.lines.length === 0
          ? [
              <tr key={p.projectNumber}>
                <ProjectHeader number={p.projectNumber} />
                <td colSpan={4}>{t('workflow.budget.not_imported')}</td>
              </tr>,
            ]
          : p.lines.map((l) => (
              <tr key={`${p.projectNumber}-${l.fiscalYear}`}>
                <ProjectHeader number={p.projectNumber} name={l.projectName} />
                <td>{l.fiscalYear}</td>
                <BudgetFigures total={lineTotal(l)} executed={l.executed} lang={lang} />
              </tr>
            )),
      )}
    </DataTable>
  );
}

/** 予算を執行し、進捗の報告がない施策 — for one cycle of the strategy. */
function Unreported({ strategyId, cycles }: { strategyId: string; cycles: Cycle[] }) {
  const t = useT();
  const lang = useLang();
  const [cycleId, setCycleId] = useState('');
  const chosen = cycleId || cycles.at(-1)?.id || '';
  const list = useData(() => budgetApi.unreported(strategyId, chosen), `unreported:${strategyId}:${chosen}`);
  return (
    <WfSection id="budget-unreported" title={t('workflow.budget.unreported_title')}>
      <p>{t('workflow.budget.unreported_lead')}</p>
      <SelectField id="budget-cycle" label={t('workflow.budget.cycle')} value={chosen} onValue={setCycleId}>
        <Options of={cycles} value={(c) => c.id} label={(c) => cycleName(c, lang)} />
      </SelectField>
      <LoadState state={list} />
      {list.error !== null && list.error !== undefined && <p role="alert">{errorText(t, list.error)}</p>}
      {list.data &&
        (list.data.items.length === 0 ? (
          <p data-testid="budget-unreported-none">{t('workflow.budget.unreported_none')}</p>
        ) : (
          <DataTable
            id="budget-unreported"
            scroll
            caption={t('workflow.budget.unreported_count', { count: list.data.items.length })}
            keys="workflow.budget."
            head={['initiative', num('field.executed'), 'col.reason']}
          >
            {list.data.items.map((i) => (
              <tr key={i.initiativeId}>
                <th scope="row" lang="ja">
                  <L to={paths.initiative(i.initiativeId)}>{i.title}</L>
                </th>
                <td className="num">{yenLabel(i.executed, lang)}</td>
                <td>{t(`workflow.budget.reason.${i.reason}`)}</td>
              </tr>
            ))}
          </DataTable>
        ))}
    </WfSection>
  );
}
