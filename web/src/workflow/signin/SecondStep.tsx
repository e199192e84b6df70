/** The sign-in's second step: a code from the authenticator app, or a recovery code. */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useT } from '../../i18n.ts';
import { workflowApi, type Me } from '../../api/endpoints.ts';
import { ApiError } from '../../api/client.ts';
import { errorText } from '../common.tsx';
import { CodeError, CodeField } from './CodeField.tsx';

export function SecondStep({
  onSignedIn,
  onExpired,
  onRestart,
}: {
  onSignedIn: (me: Me) => void;
  /** the challenge ran out (time, or too many wrong codes) */
  onExpired: () => void;
  onRestart: () => void;
}) {
  const t = useT();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const field = useRef<HTMLDivElement>(null);
  useEffect(() => field.current?.querySelector('input')?.focus(), []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!code.trim()) {
      setError(t('workflow.mfa.code_required'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await workflowApi.mfaVerify(code.trim()));
    } catch (err) {
      const details =
        err instanceof ApiError
          ? (err.details as { reason?: string; retryAfterSeconds?: number } | undefined)
          : undefined;
      if (details?.reason === 'mfa_expired') onExpired();
      else if (details?.reason === 'mfa_code') {
        const wait = details.retryAfterSeconds ?? 0;
        setError(
          [t('workflow.mfa.wrong_code'), wait > 0 ? t('workflow.login.wait', { seconds: wait }) : '']
            .join(' ')
            .trim(),
        );
      } else setError(errorText(t, err));
      setCode('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <p>{t('workflow.mfa.verify_lead')}</p>
      <CodeError error={error} />
      <form onSubmit={(e) => void submit(e)} noValidate className="wf-form">
        <div ref={field} className="wf-field-wrap">
          <CodeField value={code} onChange={setCode} error={error} recovery />
        </div>
        <button type="submit" className="button button--primary" disabled={busy}>
          {t('workflow.mfa.submit')}
        </button>
      </form>
      <p>
        <button type="button" className="link-button" onClick={onRestart}>
          {t('workflow.mfa.restart')}
        </button>
      </p>
    </>
  );
}
