import type { ReactNode } from 'react';

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
  grow,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  hintId?: string;
  error?: ReactNode;
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
        <p id={`${id}-error`} className="wf-field-error">
          {error}
        </p>
      )}
      {children}
    </div>
  );
}
