/**
 * /admin/strategies/:strategyId/cycles — create a follow-up cycle (fiscal year, as-of
 * month, deadline) and open it. Before opening, the page says what opening does: which
 * initiatives are carried forward from the last cycle and which are new, that last cycle's
 * text is offered as a starting draft, and which ministries are told; opening asks first.
 * An open or closed cycle is controlled here too (CycleControl.tsx): deadlines, closing and
 * reopening intake, reminders.
 */
import { useState } from 'react';
import { useParams } from 'react-router';
import type { Cycle } from '../../../../src/domain/model.ts';
import { ConfirmButton } from '../../components/ConfirmDialog.tsx';
import { showPeriod } from '../../../../src/domain/periods.ts';
import { L } from '../../components/Link.tsx';
import { cycleName, dateLabel } from '../../lib/format.ts';
import { usePageTitle } from '../../lib/hooks.ts';
import { useLang, useT } from '../../i18n.ts';
import { workflowApi } from '../../api/endpoints.ts';
import { Announce, Named, RequireSession } from '../common.tsx';
import { adminApi } from '../../api/endpoints.ts';
import { CycleControl } from './CycleControl.tsx';
import { EntityForm, num, text, type Values } from './EntityForm.tsx';
import { AdminMenu, ConflictBanner, LoadState, runAction, useData, type ActionConflict } from './shared.tsx';
import { WfSection } from '../Field.tsx';

export function CyclesPage() {
  const { strategyId = '' } = useParams();
  return <RequireSession action="cycle:manage">{() => <Cycles strategyId={strategyId} />}</RequireSession>;
}

async function load(strategyId: string) {
  const [strategy, initiatives, organisations] = await Promise.all([
    adminApi.strategy(strategyId),
    adminApi.initiatives(strategyId),
    adminApi.organisations(),
  ]);
  const cycles = [...strategy.cycles].sort((a, b) => a.fiscalYear - b.fiscalYear);
  // What each cycle's entries are: the carried-forward set of the one before it.
  const entries = await Promise.all(
    cycles.map((c) => (c.state === 'draft' ? Promise.resolve(null) : workflowApi.cycleEntries(c.id))),
  );
  const checklists = await Promise.all(
    cycles.map((c) =>
      c.state === 'open' || c.state === 'closed' ? workflowApi.checklist(c.id) : Promise.resolve(null),
    ),
  );
  return { strategy, initiatives, organisations, cycles, entries, checklists };
}

function Cycles({ strategyId }: { strategyId: string }) {
  const t = useT();
  const lang = useLang();
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<ActionConflict | null>(null);
  const state = useData(() => load(strategyId), strategyId);
  const data = state.data;
  usePageTitle(t('workflow.admin.cycles.title'));

  const step = async (cycle: Cycle, version: number, to: 'open' | 'close') => {
    setError(null);
    setMessage(null);
    let done: Cycle | null = null;
    const outcome = await runAction(
      async () =>
        (done = await (to === 'open' ? adminApi.openCycle : adminApi.closeCycle)(cycle.id, version)),
      (current) => {
        const c = current as unknown as Cycle;
        setConflict({
          name: cycleName(cycle, lang),
          version: c.version,
          state: t('workflow.admin.cycles.now', { state: t(`workflow.cycle.state.${c.state}`) }),
          retry: async (v) => {
            setConflict(null);
            await step(cycle, v, to);
          },
        });
        state.reload();
      },
    );
    if (outcome === 'error') setError(t('workflow.error.generic'));
    if (outcome !== 'ok' || !done) return;
    const name = cycleName(cycle, lang);
    if (to === 'close') setMessage(t('workflow.admin.control.closed', { name }));
    else if (cycle.state === 'closed') setMessage(t('workflow.admin.control.reopened', { name }));
    else {
      const entries = await workflowApi.cycleEntries(cycle.id);
      setMessage(t('workflow.admin.cycles.opened', { name, count: entries.length }));
    }
    state.reload();
  };
  const announce = (m: string | null, e: string | null = null) => {
    setMessage(m);
    setError(e);
  };

  return (
    <>
      <AdminMenu />
      <h1>
        <span className="wf-kicker">{data?.strategy.title ?? ''}</span>
        {t('workflow.admin.cycles.title')}
      </h1>
      <Announce message={message} error={error} />
      {conflict && <ConflictBanner conflict={conflict} onClose={() => setConflict(null)} />}
      <LoadState state={state} />
      {data && (
        <>
          <p>
            <L to={`/admin/strategies/${strategyId}`}>{t('workflow.admin.edit_structure')}</L>
          </p>
          <WfSection id="cycles" title={t('workflow.admin.cycles.list')}>
            {data.cycles.length === 0 && <p>{t('workflow.admin.no_cycles')}</p>}
            <ul className="wf-cards">
              {data.cycles.map((c, i) => {
                const previous = data.cycles[i - 1];
                const before = data.entries[i - 1] ?? null;
                const carried = new Set(before?.map((e) => e.entry.initiativeId) ?? []);
                const fresh = data.initiatives.filter((x) => !carried.has(x.id));
                const orgs = new Set(data.initiatives.flatMap((x) => x.ownerIds));
                // What opening does, said on the card and again in the confirmation.
                const effectEntries = t('workflow.admin.cycles.effect_entries', {
                  count: data.initiatives.length,
                  carried: data.initiatives.length - fresh.length,
                  fresh: fresh.length,
                });
                const effectNotify = t('workflow.admin.cycles.effect_notify', { count: orgs.size });
                const deadline = c.deadline
                  ? t('workflow.cycle.deadline', { date: dateLabel(c.deadline, lang) })
                  : t('workflow.admin.cycles.no_deadline');
                return (
                  <li key={c.id} className="wf-card adm-cycle" data-cycle-id={c.id}>
                    <h3>{cycleName(c, lang)}</h3>
                    <p>
                      <span className={`wf-state wf-state--${c.state}`}>
                        {t(`workflow.cycle.state.${c.state}`)}
                      </span>{' '}
                      {deadline}
                    </p>
                    {c.state === 'open' && (
                      <p>{t('workflow.admin.cycles.entries', { count: data.entries[i]?.length ?? 0 })}</p>
                    )}
                    {(c.state === 'open' || c.state === 'closed') && data.checklists[i] && (
                      <CycleControl
                        cycle={c}
                        checklist={data.checklists[i]}
                        transition={(to) => step(c, c.version, to)}
                        announce={announce}
                        reload={state.reload}
                      />
                    )}
                    {c.state === 'draft' && (
                      <>
                        <h4>{t('workflow.admin.cycles.what_opening_does')}</h4>
                        <ul className="adm-effects">
                          <li>{effectEntries}</li>
                          {fresh.length > 0 && (
                            <li>
                              {t('workflow.admin.cycles.effect_new', {
                                list: fresh.map((x) => x.title).join('、'),
                              })}
                            </li>
                          )}
                          <li>
                            {previous
                              ? t('workflow.admin.cycles.effect_previous', {
                                  name: cycleName(previous, lang),
                                })
                              : t('workflow.admin.cycles.effect_no_previous')}
                          </li>
                          <li>{effectNotify}</li>
                        </ul>
                        <ConfirmButton
                          label={<Named text={t('workflow.admin.cycles.open')} name={cycleName(c, lang)} />}
                          confirmLabel={t('workflow.admin.cycles.open')}
                          title={t('workflow.admin.control.open_title', { name: cycleName(c, lang) })}
                          onConfirm={() => step(c, c.version, 'open')}
                        >
                          <ul>
                            <li>{effectEntries}</li>
                            <li>{effectNotify}</li>
                            <li>{deadline}</li>
                          </ul>
                        </ConfirmButton>
                      </>
                    )}
                  </li>
                );
              })}
            </ul>
          </WfSection>
          <WfSection id="cycle-new" title={t('workflow.admin.cycles.add')}>
            <EntityForm
              key={`cycle-new-${data.cycles.length}`}
              id="cycle-new"
              title={t('workflow.admin.cycles.add_form')}
              fields={[
                {
                  name: 'fiscalYear',
                  label: t('workflow.admin.cycles.fiscal_year'),
                  kind: 'number',
                  required: true,
                  hint: t('workflow.admin.cycles.fiscal_year_hint'),
                },
                {
                  name: 'asOf',
                  label: t('workflow.admin.cycles.as_of'),
                  kind: 'period',
                  required: true,
                  hint: t('workflow.admin.cycles.as_of_hint'),
                },
                {
                  name: 'deadline',
                  label: t('workflow.admin.cycles.deadline'),
                  kind: 'date',
                  hint: t('workflow.admin.control.deadline_hint'),
                },
              ]}
              initial={{ fiscalYear: '', asOf: '', deadline: '' }}
              version={null}
              submitLabel={t('workflow.admin.create')}
              toValues={(c): Values => {
                const x = c as Cycle;
                return {
                  fiscalYear: String(x.fiscalYear),
                  asOf: showPeriod(x.asOf, lang),
                  deadline: x.deadline ?? '',
                };
              }}
              send={(v) =>
                adminApi.createCycle(strategyId, {
                  fiscalYear: num(v, 'fiscalYear') ?? 0,
                  asOf: text(v, 'asOf'),
                  deadline: text(v, 'deadline') || null,
                })
              }
              onSaved={(c) => {
                setMessage(t('workflow.admin.cycles.created', { name: cycleName(c, lang) }));
                state.reload();
              }}
            />
          </WfSection>
        </>
      )}
    </>
  );
}
