/** /admin — the administrators' start: the strategies (structure and cycles of each), a new strategy. */
import { useNavigate } from 'react-router';
import type { Strategy } from '../../../../src/domain/model.ts';
import { L } from '../../components/Link.tsx';
import { cycleName } from '../../lib/format.ts';
import { usePageTitle } from '../../lib/hooks.ts';
import { localPath, useLang, useT } from '../../i18n.ts';
import { workflowApi } from '../../api/endpoints.ts';
import { RequireSession } from '../common.tsx';
import { adminApi } from '../../api/endpoints.ts';
import { EntityForm, text, titleFields, type Values } from './EntityForm.tsx';
import { AdminMenu, LoadState, useData } from './shared.tsx';
import { WfSection } from '../Field.tsx';

export function AdminHome() {
  return <RequireSession action="structure:write">{() => <Home />}</RequireSession>;
}

function Home() {
  const t = useT();
  const lang = useLang();
  const navigate = useNavigate();
  usePageTitle(t('workflow.admin.home_title'));
  const state = useData(() => workflowApi.strategies(), 'strategies');
  const toValues = (c: unknown): Values => {
    const s = c as Strategy;
    return { id: s.id, title: s.title, titleEn: s.titleEn };
  };
  return (
    <>
      <AdminMenu />
      <h1>{t('workflow.admin.home_title')}</h1>
      <p>{t('workflow.admin.home_lead')}</p>
      <WfSection id="strategies" title={t('workflow.admin.strategies')}>
        <LoadState state={state} />
        {state.data && (
          <ul className="wf-cards">
            {state.data.map((s) => (
              <li key={s.id} className="wf-card">
                <p className="adm-initiative__title" lang="ja">
                  {s.title}
                </p>
                <p className="subtle">
                  {s.cycles.length === 0
                    ? t('workflow.admin.no_cycles')
                    : s.cycles
                        .map((c) => `${cycleName(c, lang)}（${t(`workflow.cycle.state.${c.state}`)}）`)
                        .join('、')}
                </p>
                <ul className="wf-actions">
                  <li>
                    <L to={`/admin/strategies/${s.id}`}>
                      {t('workflow.admin.edit_structure')}
                      <span className="visually-hidden">：{s.title}</span>
                    </L>
                  </li>
                  <li>
                    <L to={`/admin/strategies/${s.id}/cycles`}>
                      {t('workflow.admin.cycles.link')}
                      <span className="visually-hidden">：{s.title}</span>
                    </L>
                  </li>
                </ul>
              </li>
            ))}
          </ul>
        )}
      </WfSection>
      <WfSection id="new-strategy" title={t('workflow.admin.new_strategy')}>
        <EntityForm
          id="strategy-new"
          title={t('workflow.admin.new_strategy_form')}
          fields={[
            ...titleFields(t),
            { name: 'id', label: t('workflow.admin.field.id'), hint: t('workflow.admin.field.id_hint') },
          ]}
          initial={{ id: '', title: '', titleEn: '' }}
          version={null}
          submitLabel={t('workflow.admin.create')}
          toValues={toValues}
          send={(v) =>
            adminApi.createStrategy({
              ...(text(v, 'id') && { id: text(v, 'id') }),
              title: text(v, 'title'),
              titleEn: text(v, 'titleEn'),
            })
          }
          onSaved={(s) => void navigate(localPath(lang, `/admin/strategies/${s.id}`))}
        />
      </WfSection>
    </>
  );
}
