/**
 * A node's links to other strategies (issue #24): initiatives of other strategies listed
 * under it (shared initiatives: their ministry reports once a year, every strategy's cycle of
 * that year shows the entry), and the strategy the node stands for (umbrella strategies).
 */
import { useEffect, useState, type FormEvent } from 'react';
import { adminApi, workflowApi } from '../../api/endpoints.ts';
import { useLang, useT } from '../../i18n.ts';
import { isFallback, pick as pickText, titleOf } from '../../lib/format.ts';
import { nodeName, type StructureData } from './structure.ts';
import { Options } from '../../components/Options.tsx';
import { WfSection } from '../Field.tsx';

interface Links {
  items: {
    initiative: { id: string; title: string; titleEn: string };
    strategyTitle: string;
    strategyTitleEn: string;
  }[];
  standsFor: string | null;
}

export function LinksSection({ data, onSaved }: { data: StructureData; onSaved: (what: string) => void }) {
  const t = useT();
  const lang = useLang();
  const strategyId = data.strategy.id;
  const [nodeId, setNodeId] = useState(data.nodes[0]?.id ?? '');
  const [links, setLinks] = useState<Links | null>(null);
  const [others, setOthers] = useState<{ id: string; title: string; titleEn: string; strategyId: string }[]>(
    [],
  );
  const [strategies, setStrategies] = useState<{ id: string; title: string; titleEn: string }[]>([]);
  const [pick, setPick] = useState('');
  const [standsFor, setStandsFor] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void adminApi.allInitiatives().then((all) => setOthers(all.filter((i) => i.strategyId !== strategyId)));
    void workflowApi.strategies().then((all) => setStrategies(all.filter((s) => s.id !== strategyId)));
  }, [strategyId]);
  useEffect(() => {
    if (nodeId === '') return;
    void adminApi.nodeLinks(strategyId, nodeId).then((l) => {
      setLinks(l);
      setStandsFor(l.standsFor ?? '');
    });
  }, [strategyId, nodeId]);

  const node = data.nodes.find((n) => n.id === nodeId);
  const run = async (action: () => Promise<Links | unknown>, what: string) => {
    setError(null);
    try {
      await action();
      const l = await adminApi.nodeLinks(strategyId, nodeId);
      setLinks(l);
      setStandsFor(l.standsFor ?? '');
      onSaved(what);
    } catch {
      setError(t('workflow.admin.links.error'));
    }
  };
  const share = (e: FormEvent) => {
    e.preventDefault();
    if (pick === '') return;
    const chosen = others.find((i) => i.id === pick);
    const title = chosen ? titleOf(lang, chosen) : pick;
    void run(() => adminApi.shareInitiative(strategyId, nodeId, pick), title);
  };
  const saveStandsFor = (e: FormEvent) => {
    e.preventDefault();
    void run(
      () => adminApi.setStandsFor(strategyId, nodeId, standsFor === '' ? null : standsFor),
      node ? nodeName(node) : nodeId,
    );
  };
  const strategyTitle = (id: string) => {
    const s = strategies.find((x) => x.id === id);
    return s ? titleOf(lang, s) : id;
  };

  return (
    <WfSection id="links" title={t('workflow.admin.links.title')}>
      <p className="subtle">{t('workflow.admin.links.lead')}</p>
      {error && (
        <p role="alert" className="wf-error">
          {error}
        </p>
      )}
      <p>
        <label htmlFor="links-node">{t('workflow.admin.links.node')}</label>{' '}
        <select id="links-node" value={nodeId} onChange={(e) => setNodeId(e.target.value)}>
          <Options
            of={data.nodes}
            value={(n) => n.id}
            label={(n) => (
              <>
                {n.code ? `${n.code} ` : ''}
                {nodeName(n)}
              </>
            )}
          />
        </select>
      </p>
      <h3>{t('workflow.admin.links.shared')}</h3>
      {links && links.items.length === 0 && <p>{t('workflow.admin.links.none')}</p>}
      {links && links.items.length > 0 && (
        <ul data-testid="shared-items">
          {links.items.map((i) => (
            <li key={i.initiative.id}>
              <span lang={isFallback(lang, i.initiative.titleEn) ? 'ja' : undefined}>
                {titleOf(lang, i.initiative)}
              </span>
              （{pickText(lang, i.strategyTitle, i.strategyTitleEn)}）{' '}
              <button
                type="button"
                className="link-button"
                onClick={() =>
                  void run(
                    () => adminApi.unshareInitiative(strategyId, nodeId, i.initiative.id),
                    titleOf(lang, i.initiative),
                  )
                }
              >
                {t('workflow.admin.links.remove')}
                <span className="visually-hidden">：{titleOf(lang, i.initiative)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={share}>
        <label htmlFor="links-initiative">{t('workflow.admin.links.initiative')}</label>{' '}
        <select id="links-initiative" value={pick} onChange={(e) => setPick(e.target.value)}>
          <option value="">{t('workflow.admin.links.choose')}</option>
          <Options
            of={others}
            value={(i) => i.id}
            label={(i) => (
              <>
                {titleOf(lang, i)}（{strategyTitle(i.strategyId)}）
              </>
            )}
          />
        </select>{' '}
        <button type="submit" disabled={pick === ''}>
          {t('workflow.admin.links.add')}
        </button>
      </form>
      <h3>{t('workflow.admin.links.stands_for')}</h3>
      <form onSubmit={saveStandsFor}>
        <label htmlFor="links-stands-for">{t('workflow.admin.links.stands_for_label')}</label>{' '}
        <select id="links-stands-for" value={standsFor} onChange={(e) => setStandsFor(e.target.value)}>
          <option value="">{t('workflow.admin.links.stands_for_none')}</option>
          <Options of={strategies} value={(s) => s.id} label={(s) => titleOf(lang, s)} />
        </select>{' '}
        <button type="submit">{t('workflow.admin.save')}</button>
      </form>
    </WfSection>
  );
}
