/**
 * One form for every structure record (strategy, node, initiative, organisation, indicator,
 * cycle): fields described as data, required fields checked before sending, the server's
 * 400 field paths shown next to their fields in the reader's language, a 409 shown with
 * the record as it now is (the admin's input stays; they may reapply it on top of the
 * current version or take the current one), a 401 keeps the input until the admin has
 * signed in again (useVersionedDraft, as every versioned form).
 */
import { useState, type FormEvent } from 'react';
import { readPeriod, showPeriod } from '../../../../src/domain/periods.ts';
import { parseDate, periodCode } from '../../../../src/domain/calendar.ts';
import { useLang, useT, type Translate } from '../../i18n.ts';
import { ApiError } from '../../api/client.ts';
import { useVersionedDraft } from '../../lib/useVersionedDraft.ts';
import { dateLabel } from '../../lib/format.ts';
import { ErrorNote, errorText } from '../common.tsx';
import { Options } from '../../components/Options.tsx';

export type Values = Record<string, string | string[]>;

/** The message of a field the server refused, by the field's kind. */
const ISSUE_TEXT: Partial<Record<NonNullable<FieldSpec['kind']>, string>> = {
  period: 'workflow.admin.period',
  date: 'workflow.admin.date',
};

export interface FieldSpec {
  /** The API body's field name: the server's 400 issues name it in their path. */
  name: string;
  label: string;
  /** 'period': any form domain/periods.ts reads (令和6年度, R6年度, 2024-04 …); 'date': a day as
   * officials type it (2024/3/15, 令和6年3月15日 …), read by domain/calendar.ts's parseDate. */
  kind?: 'text' | 'number' | 'date' | 'period' | 'select' | 'checks' | 'lines';
  options?: { value: string; label: string }[];
  required?: boolean;
  hint?: string;
  /** Japanese text fields carry lang="ja" (for English pages). */
  ja?: boolean;
}

export interface EntityFormProps<T> {
  /** Unique on the page: prefixes the field ids and names the stored draft. */
  id: string;
  title: string;
  fields: FieldSpec[];
  initial: Values;
  /** The version the edit is based on; null when creating. */
  version: number | null;
  submitLabel: string;
  send: (values: Values, version: number | null) => Promise<T>;
  /** The record a 409 carries, as form values (to show what it is now). */
  toValues: (current: unknown) => Values;
  onSaved: (saved: T) => void;
  onCancel?: () => void;
  /** The message for a server issue's code at a field (e.g. login_taken), when there is one. */
  issueText?: (code: string, label: string) => string | undefined;
}

/** The record as the form holds it: its version and its values. */
interface Held {
  version: number;
  values: Values;
}

/**
 * A name in Japanese (required) and in English, as most records have:
 * `namePair('name', label, labelEn)` gives the fields name and nameEn.
 */
export function namePair(name: string, label: string, labelEn: string, nameEn = `${name}En`): FieldSpec[] {
  return [
    { name, label, required: true, ja: true },
    { name: nameEn, label: labelEn },
  ];
}

/** The title and English title of a strategy, a node or an initiative. */
export const titleFields = (t: Translate): FieldSpec[] =>
  namePair('title', t('workflow.admin.field.title'), t('workflow.admin.field.title_en'));

/** A text value of a form ('' for none). */
export const text = (v: Values, name: string): string => {
  const x = v[name];
  return typeof x === 'string' ? x.trim() : '';
};
/** A list value of a form (checked boxes, or one line each). */
export const list = (v: Values, name: string): string[] => {
  const x = v[name];
  if (Array.isArray(x)) return x;
  return (x ?? '')
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
};
/** A number field: null when empty. */
export const num = (v: Values, name: string): number | null =>
  text(v, name) === '' ? null : Number(text(v, name));

export function EntityForm<T extends { version: number }>(props: EntityFormProps<T>) {
  const t = useT();
  const [checked, setChecked] = useState<Record<string, string>>({});
  const form = useVersionedDraft<Held, Values>({
    record: props.version === null ? null : { version: props.version, values: props.initial },
    fromRecord: (held) => held?.values ?? props.initial,
    save: async (values, version) => {
      const saved = await props.send(values, version);
      props.onSaved(saved);
      return { version: saved.version, values };
    },
    storageKey: `shinchoku.admin.${props.id}`,
    editable: () => true,
    conflictOf: (current) => {
      const version = (current as { version?: unknown } | undefined)?.version;
      return typeof version === 'number' ? { version, values: props.toValues(current) } : null;
    },
  });
  const values = form.draft;
  const busy = form.state === 'saving';
  const current = form.conflict;

  const fieldId = (name: string) => `${props.id}-${name}`;

  const check = (v: Values): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const f of props.fields) {
      const value = f.kind === 'checks' || f.kind === 'lines' ? list(v, f.name).join('') : text(v, f.name);
      if (f.required && value === '') out[f.name] = t('workflow.admin.required', { label: f.label });
      else if (f.kind === 'number' && value !== '' && !Number.isFinite(Number(value)))
        out[f.name] = t('workflow.admin.number', { label: f.label });
      else if (f.kind === 'period' && value !== '' && readPeriod(value) === null)
        out[f.name] = t('workflow.admin.period', { label: f.label });
      else if (f.kind === 'date' && value.trim() !== '' && parseDate(value) === null)
        out[f.name] = t('workflow.admin.date', { label: f.label });
    }
    return out;
  };

  // The server's 400 (or a 409 that names a field) names fields by their body paths: shown beside them.
  const withIssues = (err: unknown) =>
    err instanceof ApiError &&
    (err.status === 400 ||
      (err.status === 409 && Array.isArray((err.details as { issues?: unknown } | undefined)?.issues)));
  const refused = withIssues(form.error) ? (form.error as ApiError) : null;
  const issues =
    (refused?.details as { issues?: { path: string; code?: string }[] } | undefined)?.issues ?? [];
  const byServer: Record<string, string> = {};
  const other: string[] = [];
  for (const issue of issues) {
    const name = issue.path.split('.')[0] ?? '';
    const field = props.fields.find((f) => f.name === name);
    if (field)
      byServer[name] =
        (issue.code && props.issueText?.(issue.code, field.label)) ??
        t(ISSUE_TEXT[field.kind ?? 'text'] ?? 'workflow.admin.invalid_field', {
          label: field.label,
        });
    else other.push(issue.path);
  }
  const errors = { ...byServer, ...checked };
  const general =
    other.length > 0
      ? t('workflow.admin.invalid_other')
      : form.error && !(refused && issues.length > 0)
        ? form.error instanceof ApiError && form.error.status === 409
          ? t('workflow.admin.conflict_other')
          : errorText(t, form.error)
        : form.restored && form.dirty
          ? t('workflow.admin.restored')
          : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = check(values);
    setChecked(found);
    if (Object.keys(found).length > 0) {
      window.setTimeout(() => document.getElementById(fieldId(Object.keys(found)[0] ?? ''))?.focus(), 0);
      return;
    }
    void form.saveNow();
  };

  const shown = (f: FieldSpec, v: Values): string => {
    if (f.kind === 'checks' || f.kind === 'select') {
      const picked = f.kind === 'checks' ? list(v, f.name) : [text(v, f.name)].filter(Boolean);
      return picked.map((p) => f.options?.find((o) => o.value === p)?.label ?? p).join('、');
    }
    return f.kind === 'lines' ? list(v, f.name).join('、') : text(v, f.name);
  };

  return (
    <form className="wf-form adm-form" onSubmit={submit} noValidate aria-labelledby={`${props.id}-heading`}>
      <h3 id={`${props.id}-heading`} className="adm-form__title">
        {props.title}
      </h3>
      <ErrorNote>{general}</ErrorNote>
      {current && (
        <div className="wf-alert adm-conflict" role="alert">
          <h4>{t('workflow.admin.conflict_title')}</h4>
          <p>{t('workflow.admin.conflict_body', { version: current.version })}</p>
          <dl className="wf-facts">
            {props.fields.map((f) => (
              <div key={f.name} className="adm-conflict__row">
                <dt>{f.label}</dt>
                <dd>{shown(f, current.values) || '—'}</dd>
              </div>
            ))}
          </dl>
          <div className="wf-buttons">
            <button
              type="button"
              className="button button--primary"
              disabled={busy}
              onClick={() => void form.keepMine()}
            >
              {t('workflow.admin.reapply')}
            </button>
            <button type="button" className="button button--secondary" onClick={form.takeTheirs}>
              {t('workflow.admin.take_current')}
            </button>
          </div>
        </div>
      )}
      <fieldset className="wf-fieldset" disabled={busy}>
        {props.fields.map((f) => (
          <Field
            key={f.name}
            field={f}
            id={fieldId(f.name)}
            value={values[f.name] ?? (f.kind === 'checks' ? [] : '')}
            error={errors[f.name]}
            onChange={(value) => {
              form.change({ [f.name]: value });
              if (checked[f.name]) setChecked(({ [f.name]: _, ...rest }) => rest);
            }}
          />
        ))}
      </fieldset>
      <div className="wf-buttons">
        <button type="submit" className="button button--primary" disabled={busy || !!current}>
          {props.submitLabel}
        </button>
        {props.onCancel && (
          <button
            type="button"
            className="button button--secondary"
            onClick={() => {
              form.discard();
              props.onCancel?.();
            }}
          >
            {t('workflow.admin.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}

function Field({
  field: f,
  id,
  value,
  error,
  onChange,
}: {
  field: FieldSpec;
  id: string;
  value: string | string[];
  error: string | undefined;
  onChange: (value: string | string[]) => void;
}) {
  const t = useT();
  const lang = useLang();
  const reading = f.kind === 'period' && typeof value === 'string' ? readPeriod(value) : null;
  const day = f.kind === 'date' && typeof value === 'string' && value.trim() !== '' ? parseDate(value) : null;
  const describedBy =
    [error && `${id}-error`, (f.hint || reading || day) && `${id}-hint`].filter(Boolean).join(' ') ||
    undefined;
  const common = {
    id,
    'aria-invalid': error ? (true as const) : undefined,
    'aria-describedby': describedBy,
    'aria-required': f.required ? (true as const) : undefined,
    ...(f.ja && { lang: 'ja' }),
  };
  const hint =
    f.hint || reading || day ? (
      <p id={`${id}-hint`} className="wf-hint">
        {f.hint}
        {reading && (
          <>
            {' '}
            <span data-testid={`${id}-reading`}>
              {t('workflow.admin.period_reads', { period: showPeriod(periodCode(reading), lang) })}
            </span>
          </>
        )}
        {day && (
          <>
            {' '}
            <span data-testid={`${id}-reading`}>
              {t('workflow.admin.period_reads', { period: dateLabel(day, lang) })}
            </span>
          </>
        )}
      </p>
    ) : null;
  const errorLine = error ? (
    <p id={`${id}-error`} className="wf-field-error">
      {error}
    </p>
  ) : null;
  const labelText = f.required ? `${f.label}${t('workflow.admin.required_mark')}` : f.label;
  if (f.kind === 'checks') {
    const picked = Array.isArray(value) ? value : [];
    return (
      <fieldset
        className="wf-rows adm-checks"
        id={id}
        tabIndex={-1}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
      >
        <legend>{labelText}</legend>
        {hint}
        {errorLine}
        {(f.options ?? []).map((o, i) => (
          <div className="wf-check" key={o.value}>
            <input
              type="checkbox"
              id={`${id}-${i}`}
              checked={picked.includes(o.value)}
              onChange={(e) =>
                onChange(e.target.checked ? [...picked, o.value] : picked.filter((p) => p !== o.value))
              }
            />
            <label htmlFor={`${id}-${i}`}>{o.label}</label>
          </div>
        ))}
      </fieldset>
    );
  }
  const str = Array.isArray(value) ? value.join('\n') : value;
  return (
    <div className="wf-field">
      <label htmlFor={id}>{labelText}</label>
      {hint}
      {errorLine}
      {f.kind === 'select' ? (
        <select {...common} value={str} onChange={(e) => onChange(e.target.value)}>
          <Options of={f.options ?? []} value={(o) => o.value} label={(o) => o.label} />
        </select>
      ) : f.kind === 'lines' ? (
        <textarea {...common} rows={3} value={str} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input
          {...common}
          type="text"
          inputMode={f.kind === 'number' ? 'decimal' : undefined}
          value={str}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </div>
  );
}
