/** The sign-in's second step: a code from the authenticator app, or a recovery code. */
import { useEffect, useRef } from 'react';
import { useT } from '../../i18n.ts';
import { workflowApi, type Me } from '../../api/endpoints.ts';
import { errorText } from '../common.tsx';
import { CodeError, CodeField, useCodeForm } from './CodeField.tsx';

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
  const { code, setCode, error, busy, submit } = useCodeForm({
    recovery: true,
    send: async (typed) => onSignedIn(await workflowApi.mfaVerify(typed)),
    refused: (err, details) => {
      if (details?.reason === 'mfa_expired') {
        onExpired();
        return null;
      }
      if (details?.reason !== 'mfa_code') return errorText(t, err);
      const wait = details.retryAfterSeconds ?? 0;
      return [t('workflow.mfa.wrong_code'), wait > 0 ? t('workflow.login.wait', { seconds: wait }) : '']
        .join(' ')
        .trim();
    },
  });
  const field = useRef<HTMLDivElement>(null);
  useEffect(() => field.current?.querySelector('input')?.focus(), []);

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
