/** The one-time code field of the second step and of enrolment: labelled, hinted, its error read out. */
import { useT } from '../../i18n.ts';
import { Field } from '../Field.tsx';

export function CodeField({
  value,
  onChange,
  error,
  recovery = false,
}: {
  value: string;
  onChange: (value: string) => void;
  error: string | null;
  /** accept a recovery code too (the sign-in step), not only six digits */
  recovery?: boolean;
}) {
  const t = useT();
  return (
    <Field id="mfa-code" label={t('workflow.mfa.code')} hint={recovery && t('workflow.mfa.code_hint')}>
      <input
        id="mfa-code"
        name="code"
        className="mfa-code"
        autoComplete="one-time-code"
        inputMode={recovery ? 'text' : 'numeric'}
        spellCheck={false}
        maxLength={40}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={
          [recovery ? 'mfa-code-hint' : '', error ? 'mfa-error' : ''].join(' ').trim() || undefined
        }
        required
      />
    </Field>
  );
}

/** The error region of the code forms, referenced by the field. */
export function CodeError({ error }: { error: string | null }) {
  return (
    <div role="alert" aria-live="assertive" className={error ? 'wf-error' : 'visually-hidden'} id="mfa-error">
      {error ?? ''}
    </div>
  );
}
