/**
 * One form for every structure record (strategy, node, initiative, organisation, indicator,
 * cycle): fields described as data, required fields checked before sending, the server's
 * 400 field paths shown next to their fields in the reader's language, a 409 shown with
 * the record as it now is (the admin's input stays; they may reapply it on top of the
 * current version or take the current one), a 401 keeps the input in sessionStorage until
 * the admin has signed in again.
 */
import { useRef, useState, type FormEvent } from 'react';
import { useT } from '../../i18n.ts';
import { ApiError } from '../../api/client.ts';
import { errorText } from '../common.tsx';

export type Values = Record<string, string | string[]>;

export interface FieldSpec {
  /** The API body's field name: the server's 400 issues name it in their path. */
  name: string;
  label: string;
  kind?: 'text' | 'number' | 'date' | 'select' | 'checks' | 'lines';
  options?: { value: string; label: string }[];
  required?: boolean;
  hint?: string;
  /** Japanese text fields carry lang="ja" (for English pages). */
  ja?: boolean;
}

interface Props<T> {
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
}

const STORE = 'shinchoku.admin.';

function stored(id: string): Values | null {
  try {
    const raw = window.sessionStorage.getItem(STORE + id);
    return raw ? (JSON.parse(raw) as Values) : null;
  } catch {
    return null;
  }
}

function keep(id: string, values: Values | null) {
  try {
    if (values) window.sessionStorage.setItem(STORE + id, JSON.stringify(values));
    else window.sessionStorage.removeItem(STORE + id);
  } catch {
    // storage disabled: the input is lost with the page
  }
}

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

export function EntityForm<T>(props: Props<T>) {
  const t = useT();
  const restored = useRef(stored(props.id));
  const [values, setValues] = useState<Values>(restored.current ?? props.initial);
  const [version, setVersion] = useState(props.version);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(
    restored.current ? t('workflow.admin.restored') : null,
  );
  const [current, setCurrent] = useState<{ values: Values; version: number } | null>(null);
  const [busy, setBusy] = useState(false);

  const fieldId = (name: string) => `${props.id}-${name}`;
  const label = (name: string) => props.fields.find((f) => f.name === name)?.label ?? name;

  const check = (v: Values): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const f of props.fields) {
      const value = f.kind === 'checks' || f.kind === 'lines' ? list(v, f.name).join('') : text(v, f.name);
      if (f.required && value === '') out[f.name] = t('workflow.admin.required', { label: f.label });
      else if (f.kind === 'number' && value !== '' && !Number.isFinite(Number(value)))
        out[f.name] = t('workflow.admin.number', { label: f.label });
    }
    return out;
  };

  const save = async (basedOn: number | null) => {
    const found = check(values);
    setErrors(found);
    setGeneral(null);
    if (Object.keys(found).length > 0) {
      window.setTimeout(() => document.getElementById(fieldId(Object.keys(found)[0]!))?.focus(), 0);
      return;
    }
    setBusy(true);
    try {
      const saved = await props.send(values, basedOn);
      keep(props.id, null);
      setCurrent(null);
      props.onSaved(saved);
    } catch (err) {
      failed(err);
    } finally {
      setBusy(false);
    }
  };

  const failed = (err: unknown) => {
    if (!(err instanceof ApiError)) return setGeneral(errorText(t, err));
    if (err.status === 401) {
      // The session ended: the sign-in prompt replaces this form; the input waits here.
      keep(props.id, values);
      return;
    }
    const details = err.details as
      { current?: { version?: number }; issues?: { path: string; message: string }[] } | undefined;
    if (err.status === 409 && details?.current && typeof details.current.version === 'number') {
      setCurrent({ values: props.toValues(details.current), version: details.current.version });
      return;
    }
    if (err.status === 409) return setGeneral(t('workflow.admin.conflict_other'));
    if (err.status === 400 && details?.issues?.length) {
      const byField: Record<string, string> = {};
      const other: string[] = [];
      for (const issue of details.issues) {
        const name = issue.path.split('.')[0] ?? '';
        if (props.fields.some((f) => f.name === name))
          byField[name] = t('workflow.admin.invalid_field', { label: label(name) });
        else other.push(issue.path);
      }
      setErrors(byField);
      setGeneral(other.length ? t('workflow.admin.invalid_other') : null);
      return;
    }
    setGeneral(errorText(t, err));
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save(version);
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
      {general && (
        <p role="alert" className="wf-error">
          {general}
        </p>
      )}
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
              onClick={() => {
                setVersion(current.version);
                void save(current.version);
              }}
            >
              {t('workflow.admin.reapply')}
            </button>
            <button
              type="button"
              className="button button--secondary"
              onClick={() => {
                setValues(current.values);
                setVersion(current.version);
                setCurrent(null);
                keep(props.id, null);
              }}
            >
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
              setValues((v) => ({ ...v, [f.name]: value }));
              if (errors[f.name]) setErrors(({ [f.name]: _, ...rest }) => rest);
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
              keep(props.id, null);
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
  const describedBy = [error && `${id}-error`, f.hint && `${id}-hint`].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    'aria-invalid': error ? (true as const) : undefined,
    'aria-describedby': describedBy,
    'aria-required': f.required ? (true as const) : undefined,
    ...(f.ja && { lang: 'ja' }),
  };
  const hint = f.hint ? (
    <p id={`${id}-hint`} className="wf-hint">
      {f.hint}
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
          {(f.options ?? []).map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      ) : f.kind === 'lines' ? (
        <textarea {...common} rows={3} value={str} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input
          {...common}
          type={f.kind === 'date' ? 'date' : 'text'}
          inputMode={f.kind === 'number' ? 'decimal' : undefined}
          value={str}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </div>
  );
}
