/**
 * /admin/strategies/:strategyId — the structure editor: the strategy's name, its tree (add
 * a node at any level, rename, reorder, move under another parent), its initiatives and
 * indicators. Every write names the version it was based on.
 */
import { useState } from 'react';
import { useParams } from 'react-router';
import { L } from '../../components/Link.tsx';
import { usePageTitle } from '../../lib/hooks.ts';
import { useLang, useT } from '../../i18n.ts';
import { isLicenceId, LICENCE_IDS, LICENCES } from '../../../../src/domain/licences.ts';
import type { Strategy } from '../../../../src/domain/model.ts';
import { Announce, RequireSession } from '../common.tsx';
import { adminApi } from '../../api/endpoints.ts';
import { EntityForm, list, text, titleFields, type FieldSpec, type Values } from './EntityForm.tsx';
import { IndicatorsSection } from './IndicatorsSection.tsx';
import { InitiativesSection } from './InitiativesSection.tsx';
import { LinksSection } from './LinksSection.tsx';
import { AdminMenu, LoadState, useData } from './shared.tsx';
import { loadStructure, type StructureData } from './structure.ts';
import { TreeSection } from './TreeSection.tsx';
import { WfSection } from '../Field.tsx';

export function StructurePage() {
  const { strategyId = '' } = useParams();
  return (
    <RequireSession action="structure:write">{() => <Structure strategyId={strategyId} />}</RequireSession>
  );
}

function Structure({ strategyId }: { strategyId: string }) {
  const t = useT();
  const [message, setMessage] = useState<string | null>(null);
  const state = useData(() => loadStructure(strategyId), strategyId);
  const data = state.data;
  usePageTitle(data ? t('workflow.admin.structure.title', { title: data.strategy.title }) : null);
  const saved = (what: string) => {
    setMessage(t('workflow.admin.saved', { what }));
    state.reload();
  };
  return (
    <>
      <AdminMenu />
      <h1>
        <span className="wf-kicker">{t('workflow.admin.structure.kicker')}</span>
        {data ? data.strategy.title : t('workflow.admin.structure.kicker')}
      </h1>
      <Announce message={message} error={null} />
      <LoadState state={state} />
      {data && (
        <>
          <p>
            <L to={`/admin/strategies/${strategyId}/cycles`}>{t('workflow.admin.cycles.link')}</L>
          </p>
          <StrategyNameSection data={data} onSaved={saved} />
          <TreeSection data={data} onSaved={saved} reload={state.reload} />
          <InitiativesSection data={data} onSaved={saved} />
          <IndicatorsSection data={data} onSaved={saved} />
          <LinksSection data={data} onSaved={saved} />
        </>
      )}
    </>
  );
}

function StrategyNameSection({ data, onSaved }: { data: StructureData; onSaved: (what: string) => void }) {
  const t = useT();
  const lang = useLang();
  const s = data.strategy;
  const fields: FieldSpec[] = [
    ...titleFields(t),
    {
      name: 'levelLabels',
      label: t('workflow.admin.field.level_labels'),
      kind: 'lines',
      required: true,
      hint: t('workflow.admin.field.level_labels_hint'),
      ja: true,
    },
    {
      name: 'levelLabelsEn',
      label: t('workflow.admin.field.level_labels_en'),
      kind: 'lines',
      hint: t('workflow.admin.field.level_labels_en_hint'),
    },
    {
      name: 'licenceId',
      label: t('workflow.admin.field.licence'),
      kind: 'select',
      options: LICENCE_IDS.map((id) => ({
        value: id,
        label: lang === 'en' ? LICENCES[id].nameEn : LICENCES[id].nameJa,
      })),
      hint: t('workflow.admin.field.licence_hint'),
    },
    {
      name: 'attribution',
      label: t('workflow.admin.field.attribution'),
      hint: t('workflow.admin.field.attribution_hint'),
      ja: true,
    },
  ];
  const toValues = (c: unknown): Values => {
    const x = c as Pick<Strategy, 'title' | 'titleEn' | 'levelLabels' | 'licenceId' | 'attribution'>;
    return {
      title: x.title,
      titleEn: x.titleEn,
      levelLabels: x.levelLabels.map((l) => l.ja).join('\n'),
      levelLabelsEn: x.levelLabels.map((l) => l.en).join('\n'),
      licenceId: x.licenceId,
      attribution: x.attribution,
    };
  };
  return (
    <WfSection id="strategy" title={t('workflow.admin.structure.strategy')}>
      <EntityForm
        key={`${s.id}-${s.version}`}
        id="strategy"
        title={t('workflow.admin.structure.rename_strategy')}
        fields={fields}
        initial={toValues(s)}
        version={s.version}
        submitLabel={t('workflow.admin.save')}
        toValues={toValues}
        send={(v, version) => {
          // the select offers the known licences only; anything else leaves the licence as it is
          const licenceId = text(v, 'licenceId');
          // one level per line, the English in the same order; an English line without its
          // Japanese is sent as such, for the server to refuse at that field
          const ja = list(v, 'levelLabels');
          const en = list(v, 'levelLabelsEn');
          const levels = Array.from({ length: Math.max(ja.length, en.length) }, (_, i) => ({
            ja: ja[i] ?? '',
            en: en[i] ?? '',
          }));
          return adminApi.updateStrategy(s.id, version ?? 0, {
            title: text(v, 'title'),
            titleEn: text(v, 'titleEn'),
            levelLabels: levels,
            ...(isLicenceId(licenceId) && { licenceId }),
            attribution: text(v, 'attribution'),
          });
        }}
        onSaved={(saved) => onSaved(saved.title)}
      />
    </WfSection>
  );
}
