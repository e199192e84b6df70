import { useState, type ReactNode, type TextareaHTMLAttributes } from 'react';

/**
 * A labelled form field (`.wf-field`): the label for the control `id`, an optional hint
 * (`hintId`, by default `<id>-hint`), the field's error (`<id>-error`) if any, then the
 * control, which names both in its aria-describedby.
 */
export function Field({
  id,
  label,
  hint,
  hintId = `${id}-hint`,
  error,
  errorId = `${id}-error`,
  announce,
  grow,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  hintId?: string;
  error?: ReactNode;
  errorId?: string;
  /** the error is announced when it appears (role="alert") */
  announce?: boolean;
  /** the field takes the row's free width */
  grow?: boolean;
  children: ReactNode;
}) {
  return (
    <div className={grow ? 'wf-field wf-field--grow' : 'wf-field'}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={hintId} className="wf-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="wf-field-error" role={announce ? 'alert' : undefined}>
          {error}
        </p>
      )}
      {children}
    </div>
  );
}

/** A Field holding a file input that names its hint (and error); `onFile` gets the chosen file. */
export function FileField({
  id,
  label,
  hint,
  hintId = `${id}-hint`,
  error,
  accept,
  disabled,
  onFile,
}: {
  id: string;
  label: ReactNode;
  hint: ReactNode;
  hintId?: string;
  error?: ReactNode;
  accept: string;
  disabled?: boolean;
  onFile: (file: File | null) => void;
}) {
  return (
    <Field id={id} label={label} hint={hint} hintId={hintId} error={error}>
      <input
        id={id}
        type="file"
        accept={accept}
        aria-describedby={error ? `${id}-error ${hintId}` : hintId}
        aria-invalid={error ? true : undefined}
        disabled={disabled}
        onChange={(e) => onFile(e.target.files?.[0] ?? null)}
      />
    </Field>
  );
}

/** A Field holding a select; `all` is a first option with the empty value. */
export function SelectField({
  id,
  label,
  value,
  onValue,
  all,
  children,
}: {
  id: string;
  label: ReactNode;
  value: string;
  onValue: (value: string) => void;
  all?: string;
  children: ReactNode;
}) {
  return (
    <Field id={id} label={label}>
      <select id={id} value={value} onChange={(e) => onValue(e.target.value)}>
        {all !== undefined && <option value="">{all}</option>}
        {children}
      </select>
    </Field>
  );
}

/**
 * A Field holding a textarea that names its hint and error; `children` follow the
 * textarea (a flag about what was typed, say).
 */
export function TextField({
  id,
  label,
  hint,
  error,
  onValue,
  children,
  ...area
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: ReactNode;
  onValue: (value: string) => void;
  children?: ReactNode;
} & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'onChange' | 'children'>) {
  const describedBy = [error && `${id}-error`, hint && `${id}-hint`].filter(Boolean).join(' ');
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <textarea
        id={id}
        {...(describedBy && { 'aria-describedby': describedBy })}
        {...(error && { 'aria-invalid': true })}
        {...area}
        onChange={(e) => onValue(e.target.value)}
      />
      {children}
    </Field>
  );
}

/** A Japanese text and its English: two TextFields with ids `<id>` and `<id>-en`. */
export function TextPair({
  id,
  labels: [label, labelEn],
  values: [value, valueEn],
  onValues: [onValue, onValueEn],
  rows = 3,
}: {
  id: string;
  labels: [ReactNode, ReactNode];
  values: [string, string];
  onValues: [(value: string) => void, (value: string) => void];
  rows?: number;
}) {
  return (
    <>
      <TextField id={id} label={label} lang="ja" rows={rows} value={value} onValue={onValue} />
      <TextField id={`${id}-en`} label={labelEn} lang="en" rows={rows} value={valueEn} onValue={onValueEn} />
    </>
  );
}

/** A titled part of a workflow screen: `<WfSection id="x" title=…>` is headed by h2#x-heading. */
export function WfSection({ id, title, children }: { id: string; title: ReactNode; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-heading`} className="wf-section">
      <h2 id={`${id}-heading`}>{title}</h2>
      {children}
    </section>
  );
}

/**
 * A text a form requires (a comment when returning an entry, say): its value, and the problem
 * shown at its field (`id`) until the reader types again.
 */
export interface RequiredText {
  id: string;
  value: string;
  problem: string | null;
  set: (value: string) => void;
  /** true when something is written; otherwise shows `problem` and focuses the field */
  require: (problem: string) => boolean;
}

export function useRequiredText(id: string, initial = ''): RequiredText {
  const [value, setValue] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);
  return {
    id,
    value,
    problem,
    set: (v) => {
      setValue(v);
      setProblem(null);
    },
    require: (message) => {
      if (value.trim()) return true;
      setProblem(message);
      document.getElementById(id)?.focus();
      return false;
    },
  };
}

/** The textarea of a RequiredText: its problem stands at the field and is announced. */
export function RequiredTextField({
  text,
  label,
  rows,
  errorId = `${text.id}-error`,
}: {
  text: RequiredText;
  label: ReactNode;
  rows: number;
  errorId?: string;
}) {
  const { id, problem } = text;
  return (
    <Field id={id} label={label} error={problem} errorId={errorId} announce>
      <textarea
        id={id}
        rows={rows}
        value={text.value}
        onChange={(e) => text.set(e.target.value)}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? errorId : undefined}
      />
    </Field>
  );
}
