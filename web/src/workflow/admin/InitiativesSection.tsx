/**
 * The strategy's initiatives (施策): title, owning ministries, and the nodes they are listed
 * under — ticking a second node cross-lists an initiative, unticking removes a listing.
 */
import { useState } from 'react';
import type { Initiative } from '../../../../src/domain/model.ts';
import { useT } from '../../i18n.ts';
import { ministryTag } from '../common.tsx';
import { adminApi } from '../../api/endpoints.ts';
import { EntityForm, list, text, type FieldSpec, type Values } from './EntityForm.tsx';
import { nodeName, ordered, type StructureData } from './structure.ts';

export function InitiativesSection({
  data,
  onSaved,
}: {
  data: StructureData;
  onSaved: (what: string) => void;
}) {
  const t = useT();
  const [editing, setEditing] = useState<string | null>(null);
  const orgName = (id: string) => data.organisations.find((o) => o.id === id)?.shortName ?? id;
  const node = (id: string) => data.nodes.find((n) => n.id === id);
  const fields: FieldSpec[] = [
    { name: 'title', label: t('workflow.admin.field.title'), required: true, ja: true },
    { name: 'titleEn', label: t('workflow.admin.field.title_en') },
    {
      name: 'ownerIds',
      label: t('workflow.admin.initiatives.owners'),
      kind: 'checks',
      required: true,
      options: data.organisations.map((o) => ({
        value: o.id,
        label: o.shortName === o.nameJa ? o.nameJa : `${o.nameJa}（${o.shortName}）`,
      })),
    },
    {
      name: 'nodeIds',
      label: t('workflow.admin.initiatives.listed_under'),
      kind: 'checks',
      required: true,
      hint: t('workflow.admin.initiatives.listed_hint'),
      options: ordered(data.nodes)
        .filter(({ node: n }) => !n.mirrorOf)
        .map(({ node: n, depth }) => ({ value: n.id, label: `${'　'.repeat(depth)}${nodeName(n)}` })),
    },
  ];
  const toValues = (c: unknown): Values => {
    const i = c as Initiative;
    return {
      title: i.title,
      titleEn: i.titleEn,
      ownerIds: i.ownerIds,
      nodeIds: i.listings.map((l) => l.nodeId),
    };
  };
  const input = (v: Values) => ({
    title: text(v, 'title'),
    titleEn: text(v, 'titleEn'),
    ownerIds: list(v, 'ownerIds'),
    nodeIds: list(v, 'nodeIds'),
  });
  const sid = data.strategy.id;
  return (
    <section aria-labelledby="initiatives-heading" className="wf-section">
      <h2 id="initiatives-heading">{t('workflow.admin.initiatives.title')}</h2>
      {data.initiatives.length === 0 ? (
        <p>{t('workflow.admin.initiatives.empty')}</p>
      ) : (
        <ul className="wf-cards">
          {data.initiatives.map((i) => (
            <li key={i.id} className="wf-card adm-initiative" data-initiative-id={i.id}>
              <p className="adm-initiative__title" lang="ja">
                {i.title}
                {ministryTag(i.ownerIds.map(orgName))}
              </p>
              <p className="subtle">
                {t('workflow.admin.initiatives.listed_under')}：
                {i.listings.map((l) => (node(l.nodeId) ? nodeName(node(l.nodeId)!) : l.nodeId)).join(' ／ ')}
              </p>
              <button
                type="button"
                className="link-button"
                onClick={() => setEditing(editing === i.id ? null : i.id)}
              >
                {t('workflow.admin.edit')}
                <span className="visually-hidden">：{i.title}</span>
              </button>
              {editing === i.id && (
                <EntityForm
                  id={`initiative-${i.id}`}
                  title={t('workflow.admin.initiatives.edit_title', { title: i.title })}
                  fields={fields}
                  initial={toValues(i)}
                  version={i.version}
                  submitLabel={t('workflow.admin.save')}
                  toValues={toValues}
                  send={(v, version) => adminApi.saveInitiative(sid, i.id, version, input(v))}
                  onSaved={(saved) => {
                    setEditing(null);
                    onSaved(saved.title);
                  }}
                  onCancel={() => setEditing(null)}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {data.nodes.length === 0 ? (
        <p className="notice">{t('workflow.admin.initiatives.need_nodes')}</p>
      ) : (
        <EntityForm
          key={`new-initiative-${data.initiatives.length}`}
          id="initiative-new"
          title={t('workflow.admin.initiatives.add')}
          fields={fields}
          initial={{ title: '', titleEn: '', ownerIds: [], nodeIds: [] }}
          version={null}
          submitLabel={t('workflow.admin.add')}
          toValues={toValues}
          send={(v) => adminApi.saveInitiative(sid, null, null, input(v))}
          onSaved={(saved) => onSaved(saved.title)}
        />
      )}
    </section>
  );
}
