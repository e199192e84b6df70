/**
 * The strategy's tree as nested lists: each node can be renamed, moved up or down among its
 * siblings, moved under another parent, or given a child. A move that meets a 409 shows
 * the node as it now is, with a button to do it again on top of that version.
 */
import { L } from '../../components/Link.tsx';
import { useState, type FormEvent } from 'react';
import type { StrategyNode } from '../../../../src/domain/model.ts';
import { useLang, useT, type Lang } from '../../i18n.ts';
import { adminApi } from '../../api/endpoints.ts';
import { EntityForm, text, titleFields, type FieldSpec, type Values } from './EntityForm.tsx';
import { ConflictBanner, runAction, type ActionConflict } from './shared.tsx';
import { childrenOf, nodeName, ordered, type StructureData } from './structure.ts';
import { SelectField, WfSection } from '../Field.tsx';

type Mode = 'rename' | 'add' | 'move';

interface Ctx {
  data: StructureData;
  open: { id: string; mode: Mode } | null;
  setOpen: (o: { id: string; mode: Mode } | null) => void;
  onSaved: (what: string) => void;
  move: (node: StrategyNode, parentId: string | null, position: number) => Promise<void>;
}

export function TreeSection({
  data,
  onSaved,
  reload,
}: {
  data: StructureData;
  onSaved: (what: string) => void;
  reload: () => void;
}) {
  const t = useT();
  const lang = useLang();
  const [open, setOpen] = useState<{ id: string; mode: Mode } | null>(null);
  const [conflict, setConflict] = useState<ActionConflict | null>(null);
  const [error, setError] = useState<string | null>(null);

  const parentName = (id: string | null) => {
    const p = data.nodes.find((n) => n.id === id);
    return p ? nodeName(p) : t('workflow.admin.tree.top');
  };
  const move = async (node: StrategyNode, parentId: string | null, position: number) => {
    const attempt = async (version: number) => {
      setError(null);
      const outcome = await runAction(
        () => adminApi.moveNode(node.id, version, parentId, position),
        (current) => {
          const c = current as unknown as StrategyNode;
          setConflict({
            name: nodeName(node),
            version: c.version,
            state: t('workflow.admin.tree.now', {
              title: nodeName(c),
              parent: parentName(c.parentId),
              position: c.position + 1,
            }),
            retry: async (v) => {
              setConflict(null);
              await attempt(v);
            },
          });
          reload();
        },
      );
      if (outcome === 'error') setError(t('workflow.error.generic'));
      if (outcome !== 'ok') return;
      setOpen(null);
      onSaved(nodeName(node));
    };
    await attempt(node.version);
  };

  const ctx: Ctx = { data, open, setOpen, onSaved, move };
  const top = childrenOf(data.nodes, null);
  return (
    <WfSection id="tree" title={t('workflow.admin.tree.title')}>
      <p className="subtle">{t('workflow.admin.tree.lead')}</p>
      {conflict && <ConflictBanner conflict={conflict} onClose={() => setConflict(null)} />}
      {error && (
        <p role="alert" className="wf-error">
          {error}
        </p>
      )}
      {top.length === 0 ? (
        <p>{t('workflow.admin.tree.empty')}</p>
      ) : (
        <ul className="adm-tree">
          {top.map((n, i) => (
            <NodeItem key={n.id} node={n} depth={0} index={i} count={top.length} ctx={ctx} />
          ))}
        </ul>
      )}
      <NodeForm
        key={`top-${data.nodes.length}`}
        ctx={ctx}
        id="add-top"
        parent={null}
        title={t('workflow.admin.tree.add_top', { level: levelName(data, 0, t, lang) })}
      />
    </WfSection>
  );
}

/** The level's name (柱, 目標 …) in the screen's language: its English label when it has one. */
function levelName(data: StructureData, depth: number, t: ReturnType<typeof useT>, lang: Lang): string {
  const label = data.strategy.levelLabels[depth];
  if (!label) return t('workflow.admin.tree.level', { n: depth + 1 });
  return lang === 'en' && label.en.trim() !== '' ? label.en : label.ja;
}

function NodeItem({
  node,
  depth,
  index,
  count,
  ctx,
}: {
  node: StrategyNode;
  depth: number;
  index: number;
  count: number;
  ctx: Ctx;
}) {
  const t = useT();
  const lang = useLang();
  const { data, open, setOpen, move } = ctx;
  const kids = childrenOf(data.nodes, node.id);
  const mode = open?.id === node.id ? open.mode : null;
  const name = nodeName(node);
  const toggle = (m: Mode) => setOpen(mode === m ? null : { id: node.id, mode: m });
  const hidden = <span className="visually-hidden">：{name}</span>;
  return (
    <li className="adm-node" data-node-id={node.id}>
      <div className="adm-node__line">
        <span className="adm-node__level">{levelName(data, depth, t, lang)}</span>
        <span className="adm-node__title" lang="ja">
          {name}
        </span>
        <span className="adm-node__actions">
          <button type="button" className="link-button" onClick={() => toggle('rename')}>
            {t('workflow.admin.tree.rename')}
            {hidden}
          </button>
          <button
            type="button"
            className="link-button"
            disabled={index === 0}
            onClick={() => void move(node, node.parentId, index - 1)}
          >
            {t('workflow.admin.tree.up')}
            {hidden}
          </button>
          <button
            type="button"
            className="link-button"
            disabled={index === count - 1}
            onClick={() => void move(node, node.parentId, index + 1)}
          >
            {t('workflow.admin.tree.down')}
            {hidden}
          </button>
          <button type="button" className="link-button" onClick={() => toggle('move')}>
            {t('workflow.admin.tree.move')}
            {hidden}
          </button>
          <button type="button" className="link-button" onClick={() => toggle('add')}>
            {t('workflow.admin.tree.add_child', { level: levelName(data, depth + 1, t, lang) })}
            {hidden}
          </button>
          <L to={`/admin/strategies/${data.strategy.id}/nodes/${node.id}/logic-model`}>
            {t('workflow.admin.logic_model.link')}
            {hidden}
          </L>
        </span>
      </div>
      {mode === 'rename' && <RenameForm ctx={ctx} node={node} />}
      {mode === 'add' && (
        <NodeForm
          ctx={ctx}
          id={`add-${node.id}`}
          parent={node}
          title={t('workflow.admin.tree.add_under', { name, level: levelName(data, depth + 1, t, lang) })}
        />
      )}
      {mode === 'move' && <MoveForm ctx={ctx} node={node} />}
      {kids.length > 0 && (
        <ul>
          {kids.map((k, i) => (
            <NodeItem key={k.id} node={k} depth={depth + 1} index={i} count={kids.length} ctx={ctx} />
          ))}
        </ul>
      )}
    </li>
  );
}

function nodeFields(t: ReturnType<typeof useT>): FieldSpec[] {
  return [
    ...titleFields(t),
    { name: 'code', label: t('workflow.admin.field.code'), hint: t('workflow.admin.field.code_hint') },
  ];
}

const nodeValues = (c: unknown): Values => {
  const n = c as StrategyNode;
  return { title: n.title, titleEn: n.titleEn, code: n.code };
};

const nodeInput = (v: Values) => ({
  title: text(v, 'title'),
  titleEn: text(v, 'titleEn'),
  code: text(v, 'code'),
});

function RenameForm({ ctx, node }: { ctx: Ctx; node: StrategyNode }) {
  const t = useT();
  return (
    <EntityForm
      id={`rename-${node.id}`}
      title={t('workflow.admin.tree.rename_title', { name: nodeName(node) })}
      fields={nodeFields(t)}
      initial={nodeValues(node)}
      version={node.version}
      submitLabel={t('workflow.admin.save')}
      toValues={nodeValues}
      send={(v, version) => adminApi.updateNode(node.id, version ?? 0, nodeInput(v))}
      onSaved={(saved) => {
        ctx.setOpen(null);
        ctx.onSaved(nodeName(saved));
      }}
      onCancel={() => ctx.setOpen(null)}
    />
  );
}

function NodeForm({
  ctx,
  id,
  parent,
  title,
}: {
  ctx: Ctx;
  id: string;
  parent: StrategyNode | null;
  title: string;
}) {
  const t = useT();
  return (
    <EntityForm
      id={id}
      title={title}
      fields={nodeFields(t)}
      initial={{ title: '', titleEn: '', code: '' }}
      version={null}
      submitLabel={t('workflow.admin.add')}
      toValues={nodeValues}
      send={(v) => adminApi.createNode(ctx.data.strategy.id, parent?.id ?? null, nodeInput(v))}
      onSaved={(saved) => {
        ctx.setOpen(null);
        ctx.onSaved(nodeName(saved));
      }}
      {...(parent && { onCancel: () => ctx.setOpen(null) })}
    />
  );
}

function MoveForm({ ctx, node }: { ctx: Ctx; node: StrategyNode }) {
  const t = useT();
  const [parentId, setParentId] = useState(node.parentId ?? '');
  // Not under itself or its own descendants.
  const banned = new Set([node.id]);
  const candidates = ordered(ctx.data.nodes).filter(({ node: n }) => {
    if (n.parentId && banned.has(n.parentId)) banned.add(n.id);
    return !banned.has(n.id);
  });
  const id = `move-${node.id}`;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const to = parentId || null;
    void ctx.move(node, to, childrenOf(ctx.data.nodes, to).length);
  };
  return (
    <form className="wf-form adm-form" onSubmit={submit} aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`} className="adm-form__title">
        {t('workflow.admin.tree.move_title', { name: nodeName(node) })}
      </h3>
      <SelectField
        id={`${id}-parent`}
        label={t('workflow.admin.tree.move_to')}
        value={parentId}
        onValue={setParentId}
        all={t('workflow.admin.tree.top')}
      >
        {candidates.map(({ node: n, depth }) => (
          <option key={n.id} value={n.id}>
            {'　'.repeat(depth)}
            {nodeName(n)}
          </option>
        ))}
      </SelectField>
      <div className="wf-buttons">
        <button type="submit" className="button button--primary">
          {t('workflow.admin.tree.move_submit')}
        </button>
        <button type="button" className="button button--secondary" onClick={() => ctx.setOpen(null)}>
          {t('workflow.admin.cancel')}
        </button>
      </div>
    </form>
  );
}
