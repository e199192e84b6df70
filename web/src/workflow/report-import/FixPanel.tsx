/**
 * The fixes the chosen part allows: an item can be moved, merged, split, retagged or made a
 * target; a node moved, merged, made an item, or its 概況 sent back to check; a text to check
 * made an item, a 概況 or a target, or set aside. Each form sends one edit.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import type { ReportEdit, ReportImport } from '../../api/endpoints.ts';
import { useT } from '../../i18n.ts';

export interface Selection {
  kind: 'node' | 'item' | 'check';
  id: string;
}

interface Props {
  data: ReportImport;
  selection: Selection;
  busy: boolean;
  onEdit: (edit: ReportEdit) => void;
}

export function FixPanel({ data, selection, busy, onEdit }: Props) {
  const t = useT();
  const { draft, toCheck } = data.review;
  const heading =
    selection.kind === 'node'
      ? draft.nodes.find((n) => n.id === selection.id)?.title
      : selection.kind === 'item'
        ? draft.initiatives.find((i) => i.id === selection.id)?.title
        : toCheck.find((c) => c.id === selection.id)?.text;
  if (heading === undefined) return null;
  return (
    <section className="wf-section ri-fix" aria-labelledby="ri-fix-heading" data-testid="ri-fix">
      <h2 id="ri-fix-heading">
        {t(`report_import.fix.${selection.kind}`)}：<span lang="ja">{heading}</span>
      </h2>
      {selection.kind === 'item' && <ItemFixes data={data} id={selection.id} busy={busy} onEdit={onEdit} />}
      {selection.kind === 'node' && <NodeFixes data={data} id={selection.id} busy={busy} onEdit={onEdit} />}
      {selection.kind === 'check' && <CheckFixes data={data} id={selection.id} busy={busy} onEdit={onEdit} />}
    </section>
  );
}

type FixProps = { data: ReportImport; id: string; busy: boolean; onEdit: (edit: ReportEdit) => void };

function Fix({
  name,
  title,
  button,
  busy,
  onSubmit,
  children,
}: {
  name: string;
  title: string;
  button: string;
  busy: boolean;
  onSubmit: () => void;
  children?: ReactNode;
}) {
  return (
    <form
      className="ri-fix__form"
      data-fix={name}
      aria-label={title}
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <h3>{title}</h3>
      {children}
      <button type="submit" className="btn" disabled={busy}>
        {button}
      </button>
    </form>
  );
}

function NodeSelect({
  data,
  id,
  label,
  value,
  onChange,
  top,
  except,
}: {
  data: ReportImport;
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  top?: boolean;
  except?: string;
}) {
  const t = useT();
  return (
    <div className="wf-field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {top && <option value="">{t('report_import.fix.top_level')}</option>}
        {data.review.draft.nodes
          .filter((n) => n.id !== except)
          .map((n) => (
            <option key={n.id} value={n.id}>
              {n.code} {n.title}
            </option>
          ))}
      </select>
    </div>
  );
}

function OrgSelect({
  data,
  id,
  value,
  onChange,
}: {
  data: ReportImport;
  id: string;
  value: string[];
  onChange: (v: string[]) => void;
}) {
  const t = useT();
  return (
    <div className="wf-field">
      <label htmlFor={id}>{t('report_import.fix.ministries')}</label>
      <select
        id={id}
        multiple
        size={6}
        value={value}
        onChange={(e) => onChange([...e.target.selectedOptions].map((o) => o.value))}
      >
        {data.organisations.map((o) => (
          <option key={o.id} value={o.id}>
            {o.shortName}
          </option>
        ))}
      </select>
    </div>
  );
}

function ItemFixes({ data, id, busy, onEdit }: FixProps) {
  const t = useT();
  const { draft } = data.review;
  const item = draft.initiatives.find((i) => i.id === id);
  const text = draft.cycles[0]?.progress.find((p) => p.initiativeId === id)?.text ?? item?.title ?? '';
  const from = item?.listings[0]?.nodeId ?? '';
  const [to, setTo] = useState(from);
  const others = draft.initiatives.filter((i) => i.id !== id);
  const [other, setOther] = useState(others[0]?.id ?? '');
  const [first, setFirst] = useState(text);
  const [second, setSecond] = useState('');
  const [owners, setOwners] = useState<string[]>(item?.owners ?? []);
  if (!item) return null;
  return (
    <div className="ri-fix__forms">
      <Fix
        name="move"
        title={t('report_import.fix.move')}
        button={t('report_import.fix.move_button')}
        busy={busy}
        onSubmit={() => onEdit({ op: 'move_item', initiativeId: id, from, to })}
      >
        <NodeSelect
          data={data}
          id="ri-item-to"
          label={t('report_import.fix.move_to')}
          value={to}
          onChange={setTo}
        />
      </Fix>
      {others.length > 0 && (
        <Fix
          name="merge"
          title={t('report_import.fix.merge')}
          button={t('report_import.fix.merge_button')}
          busy={busy}
          onSubmit={() => onEdit({ op: 'merge_items', keep: id, drop: other })}
        >
          <div className="wf-field">
            <label htmlFor="ri-item-merge">{t('report_import.fix.merge_with')}</label>
            <select id="ri-item-merge" value={other} onChange={(e) => setOther(e.target.value)}>
              {others.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.title}
                </option>
              ))}
            </select>
          </div>
        </Fix>
      )}
      <Fix
        name="split"
        title={t('report_import.fix.split')}
        button={t('report_import.fix.split_button')}
        busy={busy}
        onSubmit={() => onEdit({ op: 'split_item', initiativeId: id, first, second })}
      >
        <div className="wf-field">
          <label htmlFor="ri-split-first">{t('report_import.fix.split_first')}</label>
          <textarea id="ri-split-first" lang="ja" value={first} onChange={(e) => setFirst(e.target.value)} />
        </div>
        <div className="wf-field">
          <label htmlFor="ri-split-second">{t('report_import.fix.split_second')}</label>
          <textarea
            id="ri-split-second"
            lang="ja"
            value={second}
            onChange={(e) => setSecond(e.target.value)}
          />
        </div>
      </Fix>
      <Fix
        name="retag"
        title={t('report_import.fix.retag')}
        button={t('report_import.fix.retag_button')}
        busy={busy}
        onSubmit={() => onEdit({ op: 'retag_item', initiativeId: id, owners })}
      >
        <OrgSelect data={data} id="ri-item-owners" value={owners} onChange={setOwners} />
      </Fix>
      <Fix
        name="kind"
        title={t('report_import.fix.kind')}
        button={t('report_import.fix.item_to_target')}
        busy={busy}
        onSubmit={() => onEdit({ op: 'item_to_target', initiativeId: id })}
      />
    </div>
  );
}

function NodeFixes({ data, id, busy, onEdit }: FixProps) {
  const t = useT();
  const { draft } = data.review;
  const node = draft.nodes.find((n) => n.id === id);
  const [parent, setParent] = useState(node?.parentId ?? '');
  const others = draft.nodes.filter((n) => n.id !== id);
  const [other, setOther] = useState(others[0]?.id ?? '');
  const [owners, setOwners] = useState<string[]>([]);
  if (!node) return null;
  const leaf = !draft.nodes.some((n) => n.parentId === id);
  const overview = draft.cycles[0]?.assessments.some((a) => a.nodeId === id) ?? false;
  return (
    <div className="ri-fix__forms">
      <Fix
        name="move"
        title={t('report_import.fix.move')}
        button={t('report_import.fix.move_button')}
        busy={busy}
        onSubmit={() => onEdit({ op: 'move_node', nodeId: id, parentId: parent === '' ? null : parent })}
      >
        <NodeSelect
          data={data}
          id="ri-node-parent"
          label={t('report_import.fix.parent')}
          value={parent}
          onChange={setParent}
          top
          except={id}
        />
      </Fix>
      {others.length > 0 && (
        <Fix
          name="merge"
          title={t('report_import.fix.merge')}
          button={t('report_import.fix.merge_button')}
          busy={busy}
          onSubmit={() => onEdit({ op: 'merge_nodes', keep: id, drop: other })}
        >
          <NodeSelect
            data={data}
            id="ri-node-merge"
            label={t('report_import.fix.merge_with')}
            value={other}
            onChange={setOther}
            except={id}
          />
        </Fix>
      )}
      {leaf && node.parentId !== null && (
        <Fix
          name="kind"
          title={t('report_import.fix.kind')}
          button={t('report_import.fix.target_to_item')}
          busy={busy}
          onSubmit={() => onEdit({ op: 'target_to_item', nodeId: id, owners })}
        >
          <OrgSelect data={data} id="ri-node-owners" value={owners} onChange={setOwners} />
        </Fix>
      )}
      {overview && (
        <Fix
          name="overview"
          title={t('report_import.fix.overview_to_check_title')}
          button={t('report_import.fix.overview_to_check')}
          busy={busy}
          onSubmit={() => onEdit({ op: 'overview_to_check', nodeId: id })}
        />
      )}
    </div>
  );
}

function CheckFixes({ data, id, busy, onEdit }: FixProps) {
  const t = useT();
  const check = data.review.toCheck.find((c) => c.id === id);
  const first = data.review.draft.nodes[0]?.id ?? '';
  const [node, setNode] = useState(check?.nodeId ?? first);
  const [owners, setOwners] = useState<string[]>([]);
  if (!check) return null;
  return (
    <div className="ri-fix__forms">
      <NodeSelect
        data={data}
        id="ri-check-node"
        label={t('report_import.fix.check_node')}
        value={node}
        onChange={setNode}
      />
      <Fix
        name="item"
        title={t('report_import.fix.check_to_item_title')}
        button={t('report_import.fix.check_to_item')}
        busy={busy}
        onSubmit={() => onEdit({ op: 'check_to_item', checkId: id, nodeId: node, owners })}
      >
        <OrgSelect data={data} id="ri-check-owners" value={owners} onChange={setOwners} />
      </Fix>
      <Fix
        name="overview"
        title={t('report_import.fix.check_to_overview_title')}
        button={t('report_import.fix.check_to_overview')}
        busy={busy}
        onSubmit={() => onEdit({ op: 'check_to_overview', checkId: id, nodeId: node })}
      />
      <Fix
        name="target"
        title={t('report_import.fix.check_to_target_title')}
        button={t('report_import.fix.check_to_target')}
        busy={busy}
        onSubmit={() => onEdit({ op: 'check_to_target', checkId: id, parentId: node })}
      />
      <Fix
        name="dismiss"
        title={t('report_import.fix.dismiss_title')}
        button={t('report_import.fix.dismiss')}
        busy={busy}
        onSubmit={() => onEdit({ op: 'dismiss_check', checkId: id })}
      />
    </div>
  );
}
