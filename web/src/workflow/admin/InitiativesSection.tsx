/**
 * The strategy's initiatives (施策): title, owning ministries, and the nodes they are listed
 * under — ticking a second node cross-lists an initiative, unticking removes a listing.
 */
import type { Initiative } from '../../../../src/domain/model.ts';
import { useT } from '../../i18n.ts';
import { ministryTag } from '../common.tsx';
import { adminApi } from '../../api/endpoints.ts';
import { list, text, titleFields, type FieldSpec, type Values } from './EntityForm.tsx';
import { RecordSection, type RecordForm } from './RecordCards.tsx';
import { nodeName, ordered, type StructureData } from './structure.ts';

export function InitiativesSection({
  data,
  onSaved,
}: {
  data: StructureData;
  onSaved: (what: string) => void;
}) {
  const t = useT();
  const orgName = (id: string) => data.organisations.find((o) => o.id === id)?.shortName ?? id;
  const nodeLabel = (id: string) => {
    const node = data.nodes.find((n) => n.id === id);
    return node ? nodeName(node) : id;
  };
  const fields: FieldSpec[] = [
    ...titleFields(t),
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
  const toValues = (i: Initiative): Values => ({
    title: i.title,
    titleEn: i.titleEn,
    ownerIds: i.ownerIds,
    nodeIds: i.listings.map((l) => l.nodeId),
  });
  const input = (v: Values) => ({
    title: text(v, 'title'),
    titleEn: text(v, 'titleEn'),
    ownerIds: list(v, 'ownerIds'),
    nodeIds: list(v, 'nodeIds'),
  });
  const sid = data.strategy.id;
  const form: RecordForm<Initiative> = {
    fields,
    toValues,
    save: (id, version, v) => adminApi.saveInitiative(sid, id, version, input(v)),
    onSaved: (saved) => onSaved(saved.title),
  };
  return (
    <RecordSection
      section="initiatives"
      kind="initiative"
      records={data.initiatives}
      name={[(i) => i.title, (name) => t('workflow.admin.initiatives.edit_title', { title: name })]}
      form={form}
      initial={{ title: '', titleEn: '', ownerIds: [], nodeIds: [] }}
      cannotAdd={data.nodes.length === 0 && t('workflow.admin.initiatives.need_nodes')}
    >
      {(i) => (
        <>
          <p className="adm-initiative__title" lang="ja">
            {i.title}
            {ministryTag(i.ownerIds.map(orgName))}
          </p>
          <p className="subtle">
            {t('workflow.admin.initiatives.listed_under')}：
            {i.listings.map((l) => nodeLabel(l.nodeId)).join(' ／ ')}
          </p>
        </>
      )}
    </RecordSection>
  );
}
