/**
 * Structure records (initiatives, indicators, organisations) listed as cards, each with an
 * edit button that opens its EntityForm in place, and the form that adds one more.
 */
import { useState, type ReactNode } from 'react';
import { useT } from '../../i18n.ts';
import { EntityForm, type EntityFormProps, type FieldSpec, type Values } from './EntityForm.tsx';

/** How one kind of record is edited: its fields, a record as form values, and its save call. */
export interface RecordForm<S> {
  fields: FieldSpec[];
  /** a record, or the one a 409 answers with (the record as it is now), as form values */
  toValues: (record: S) => Values;
  /** `id` and `version` are null for a new record. */
  save: (id: string | null, version: number | null, values: Values) => Promise<S>;
  onSaved: (saved: S) => void;
}

export function RecordCards<S extends { version: number }, R extends S & { id: string }>({
  records,
  kind,
  idAttr = `data-${kind}-id`,
  name,
  form,
  empty,
  children,
}: {
  records: readonly R[];
  /** names the card's class (adm-<kind>), its id attribute (data-<kind>-id) and its edit form's id */
  kind: string;
  idAttr?: string;
  /** the record's name: the edit button's hidden text and the edit form's title */
  name: [of: (record: R) => string, title: (name: string) => string];
  form: RecordForm<S>;
  /** said instead of the list when there are no records */
  empty?: string;
  /** what the card says about the record */
  children: (record: R) => ReactNode;
}) {
  const t = useT();
  const [editing, setEditing] = useState<string | null>(null);
  if (records.length === 0 && empty !== undefined) return <p>{empty}</p>;
  return (
    <ul className="wf-cards">
      {records.map((r) => (
        <li key={r.id} className={`wf-card adm-${kind}`} {...{ [idAttr]: r.id }}>
          {children(r)}
          <button
            type="button"
            className="link-button"
            onClick={() => setEditing(editing === r.id ? null : r.id)}
          >
            {t('workflow.admin.edit')}
            <span className="visually-hidden">：{name[0](r)}</span>
          </button>
          {editing === r.id && (
            <EntityForm
              id={`${kind}-${r.id}`}
              title={name[1](name[0](r))}
              fields={form.fields}
              initial={form.toValues(r)}
              version={r.version}
              submitLabel={t('workflow.admin.save')}
              toValues={(c) => form.toValues(c as S)}
              send={(v, version) => form.save(r.id, version, v)}
              onSaved={(saved) => {
                setEditing(null);
                form.onSaved(saved);
              }}
              onCancel={() => setEditing(null)}
            />
          )}
        </li>
      ))}
    </ul>
  );
}

/** The form that adds a record; `count` (how many there are) empties it after each one added. */
export function AddRecord<S extends { version: number }>({
  form,
  count,
  ...shown
}: {
  form: RecordForm<S>;
  count: number;
} & Pick<EntityFormProps<S>, 'id' | 'title' | 'initial'>) {
  const t = useT();
  return (
    <EntityForm
      key={`${shown.id}-${count}`}
      {...shown}
      fields={form.fields}
      version={null}
      submitLabel={t('workflow.admin.add')}
      toValues={(c) => form.toValues(c as S)}
      send={(v) => form.save(null, null, v)}
      onSaved={form.onSaved}
    />
  );
}

/**
 * A section of the structure page for one kind of record: its heading, the cards and the
 * add form, their texts under `workflow.admin.<section>.` (title, empty, add). While
 * `cannotAdd` says why, the add form is left out.
 */
export function RecordSection<S extends { version: number }, R extends S & { id: string }>({
  section,
  initial,
  cannotAdd,
  ...cards
}: {
  section: string;
  initial: Values;
  cannotAdd?: string | false;
  records: readonly R[];
  kind: string;
  name: [of: (record: R) => string, title: (name: string) => string];
  form: RecordForm<S>;
  children: (record: R) => ReactNode;
}) {
  const t = useT();
  return (
    <section aria-labelledby={`${section}-heading`} className="wf-section">
      <h2 id={`${section}-heading`}>{t(`workflow.admin.${section}.title`)}</h2>
      <RecordCards {...cards} empty={t(`workflow.admin.${section}.empty`)} />
      {cannotAdd ? (
        <p className="notice">{cannotAdd}</p>
      ) : (
        <AddRecord
          form={cards.form}
          count={cards.records.length}
          id={`${cards.kind}-new`}
          title={t(`workflow.admin.${section}.add`)}
          initial={initial}
        />
      )}
    </section>
  );
}
