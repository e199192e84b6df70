/**
 * The fixes the chosen part allows: an item can be moved, merged, split, retagged or made a
 * target; a node moved, merged, made an item, or its 概況 sent back to check; a text to check
 * made an item, a 概況 or a target, or set aside. Each form sends one edit.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import type { ReportEdit, ReportImport } from '../../api/endpoints.ts';
import { useT } from '../../i18n.ts';
import { Options } from '../../components/Options.tsx';
import { SelectField, TextField } from '../Field.tsx';

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

type FixText = { name: string; title?: string; button?: string };

/**
 * One fix: a form headed by `report_import.fix.<title>` (the name unless told) that sends
 * `edit` when its `report_import.fix.<button>` (the title + `_button` unless told) is pressed.
 */
function Fix({
  name,
  title = name,
  button = `${title}_button`,
  edit,
  busy,
  onEdit,
  children,
}: {
  edit: ReportEdit;
  busy: boolean;
  onEdit: (edit: ReportEdit) => void;
  children?: ReactNode;
} & FixText) {
  const t = useT();
  return (
    <form
      className="ri-fix__form"
      data-fix={name}
      aria-label={t(`report_import.fix.${title}`)}
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        onEdit(edit);
      }}
    >
      <h3>{t(`report_import.fix.${title}`)}</h3>
      {children}
      <button type="submit" className="btn" disabled={busy}>
        {t(`report_import.fix.${button}`)}
      </button>
    </form>
  );
}

/** A choice labelled `report_import.fix.<label>`, with a first empty "top level" option when `top`. */
function Choose({
  id,
  label,
  state: [value, onChange],
  top,
  options,
}: {
  id: string;
  label: string;
  state: [string, (v: string) => void];
  top?: boolean;
  options: { id: string; text: string }[];
}) {
  const t = useT();
  return (
    <SelectField id={id} label={t(`report_import.fix.${label}`)} value={value} onValue={onChange}>
      {top && <option value="">{t('report_import.fix.top_level')}</option>}
      <Options of={options} value={(o) => o.id} label={(o) => o.text} />
    </SelectField>
  );
}

/** The draft's nodes as options, `except` the one being fixed. */
function nodeOptions(data: ReportImport, except?: string) {
  return data.review.draft.nodes
    .filter((n) => n.id !== except)
    .map((n) => ({ id: n.id, text: `${n.code} ${n.title}` }));
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
        <Options of={data.organisations} value={(o) => o.id} label={(o) => o.shortName} />
      </select>
    </div>
  );
}

/** A fix that names the ministries the result belongs to. */
function OwnersFix({
  data,
  selectId,
  initial = [],
  edit,
  ...fix
}: {
  data: ReportImport;
  selectId: string;
  initial?: string[];
  edit: (owners: string[]) => ReportEdit;
  busy: boolean;
  onEdit: (edit: ReportEdit) => void;
} & FixText) {
  const [owners, setOwners] = useState(initial);
  return (
    <Fix {...fix} edit={edit(owners)}>
      <OrgSelect data={data} id={selectId} value={owners} onChange={setOwners} />
    </Fix>
  );
}

/** Merge the part being fixed with another: none to offer, no form. */
function MergeFix({
  op,
  keep,
  selectId,
  options,
  ...act
}: {
  op: 'merge_items' | 'merge_nodes';
  keep: string;
  selectId: string;
  options: { id: string; text: string }[];
  busy: boolean;
  onEdit: (edit: ReportEdit) => void;
}) {
  const [drop, setDrop] = useState(options[0]?.id ?? '');
  if (options.length === 0) return null;
  return (
    <Fix {...act} name="merge" edit={{ op, keep, drop }}>
      <Choose id={selectId} label="merge_with" state={[drop, setDrop]} options={options} />
    </Fix>
  );
}

function ItemFixes({ data, id, ...act }: FixProps) {
  const t = useT();
  const { draft } = data.review;
  const item = draft.initiatives.find((i) => i.id === id);
  const text = draft.cycles[0]?.progress.find((p) => p.initiativeId === id)?.text ?? item?.title ?? '';
  const from = item?.listings[0]?.nodeId ?? '';
  const [to, setTo] = useState(from);
  const others = draft.initiatives.filter((i) => i.id !== id);
  const [first, setFirst] = useState(text);
  const [second, setSecond] = useState('');
  if (!item) return null;
  const split = (key: string, value: string, set: (v: string) => void) => (
    <TextField
      id={`ri-${key.replace('_', '-')}`}
      label={t(`report_import.fix.${key}`)}
      lang="ja"
      value={value}
      onValue={set}
    />
  );
  return (
    <div className="ri-fix__forms">
      <Fix {...act} name="move" edit={{ op: 'move_item', initiativeId: id, from, to }}>
        <Choose id="ri-item-to" label="move_to" state={[to, setTo]} options={nodeOptions(data)} />
      </Fix>
      <MergeFix
        {...act}
        op="merge_items"
        keep={id}
        selectId="ri-item-merge"
        options={others.map((i) => ({ id: i.id, text: i.title }))}
      />
      <Fix {...act} name="split" edit={{ op: 'split_item', initiativeId: id, first, second }}>
        {split('split_first', first, setFirst)}
        {split('split_second', second, setSecond)}
      </Fix>
      <OwnersFix
        {...act}
        data={data}
        name="retag"
        selectId="ri-item-owners"
        initial={item.owners}
        edit={(owners) => ({ op: 'retag_item', initiativeId: id, owners })}
      />
      <Fix {...act} name="kind" button="item_to_target" edit={{ op: 'item_to_target', initiativeId: id }} />
    </div>
  );
}

function NodeFixes({ data, id, ...act }: FixProps) {
  const { draft } = data.review;
  const node = draft.nodes.find((n) => n.id === id);
  const [parent, setParent] = useState(node?.parentId ?? '');
  if (!node) return null;
  const leaf = !draft.nodes.some((n) => n.parentId === id);
  const overview = draft.cycles[0]?.assessments.some((a) => a.nodeId === id) ?? false;
  const move: ReportEdit = { op: 'move_node', nodeId: id, parentId: parent === '' ? null : parent };
  return (
    <div className="ri-fix__forms">
      <Fix {...act} name="move" edit={move}>
        <Choose
          id="ri-node-parent"
          label="parent"
          state={[parent, setParent]}
          top
          options={nodeOptions(data, id)}
        />
      </Fix>
      <MergeFix
        {...act}
        op="merge_nodes"
        keep={id}
        selectId="ri-node-merge"
        options={nodeOptions(data, id)}
      />
      {leaf && node.parentId !== null && (
        <OwnersFix
          {...act}
          data={data}
          name="kind"
          button="target_to_item"
          selectId="ri-node-owners"
          edit={(owners) => ({ op: 'target_to_item', nodeId: id, owners })}
        />
      )}
      {overview && (
        <Fix
          {...act}
          name="overview"
          title="overview_to_check_title"
          button="overview_to_check"
          edit={{ op: 'overview_to_check', nodeId: id }}
        />
      )}
    </div>
  );
}

/** A text to check: where it belongs, then what it becomes. */
function CheckFixes({ data, id, ...act }: FixProps) {
  const check = data.review.toCheck.find((c) => c.id === id);
  const first = data.review.draft.nodes[0]?.id ?? '';
  const [node, setNode] = useState(check?.nodeId ?? first);
  if (!check) return null;
  const fixes: [name: string, button: string, edit: ReportEdit][] = [
    ['overview', 'check_to_overview', { op: 'check_to_overview', checkId: id, nodeId: node }],
    ['target', 'check_to_target', { op: 'check_to_target', checkId: id, parentId: node }],
    ['dismiss', 'dismiss', { op: 'dismiss_check', checkId: id }],
  ];
  return (
    <div className="ri-fix__forms">
      <Choose id="ri-check-node" label="check_node" state={[node, setNode]} options={nodeOptions(data)} />
      <OwnersFix
        {...act}
        data={data}
        name="item"
        title="check_to_item_title"
        button="check_to_item"
        selectId="ri-check-owners"
        edit={(owners) => ({ op: 'check_to_item', checkId: id, nodeId: node, owners })}
      />
      {fixes.map(([name, button, edit]) => (
        <Fix {...act} key={name} name={name} title={`${button}_title`} button={button} edit={edit} />
      ))}
    </div>
  );
}
