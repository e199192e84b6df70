/** The one-time code field of the second step and of enrolment: labelled, hinted, its error read out. */
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client.ts';
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

/** Why the server refused a code, as its error details say. */
export interface CodeRefusal {
  reason?: string;
  retryAfterSeconds?: number;
}

const SIX_DIGITS = /^\d{6}$/;

/**
 * The state and submit of a code form: checks the code (six digits, or anything with
 * `recovery`), sends it, and on a refusal shows what `refused` makes of it (null: nothing)
 * and empties the field for the next try.
 */
export function useCodeForm({
  recovery = false,
  send,
  refused,
}: {
  recovery?: boolean;
  send: (code: string) => Promise<void>;
  refused: (err: unknown, details: CodeRefusal | undefined) => string | null;
}) {
  const t = useT();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const typed = code.trim();
    if (recovery ? !typed : !SIX_DIGITS.test(typed)) {
      setError(t('workflow.mfa.code_required'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await send(typed);
    } catch (err) {
      setError(refused(err, err instanceof ApiError ? (err.details as CodeRefusal | undefined) : undefined));
      setCode('');
    } finally {
      setBusy(false);
    }
  };
  return { code, setCode, error, busy, submit };
}
