/**
 * Setting up TOTP: the QR code and its key as text, then a first code to confirm. Used at
 * sign-in (when the role needs a second factor) and on the account page.
 */
import { useEffect, useRef, useState } from 'react';
import { Loaded } from '../../components/States.tsx';
import type { Loadable } from '../../lib/hooks.ts';
import { useT } from '../../i18n.ts';
import { workflowApi, type Enrolment as Secret, type Me } from '../../api/endpoints.ts';
import { ApiError } from '../../api/client.ts';
import { errorText } from '../common.tsx';
import { CodeError, CodeField, useCodeForm } from './CodeField.tsx';

export interface Enrolled {
  recoveryCodes: string[];
  me: Me | null;
}

/** The key in groups of four, as authenticator apps show it. */
const grouped = (secret: string) => secret.match(/.{1,4}/g)?.join(' ') ?? secret;

export function Enrolment({
  onEnrolled,
  onExpired,
}: {
  onEnrolled: (result: Enrolled) => void;
  /** the sign-in's challenge has run out (enrolment at sign-in only) */
  onExpired?: () => void;
}) {
  const t = useT();
  const [enrolment, setEnrolment] = useState<Loadable<Secret>>({ status: 'loading' });
  const started = useRef(false);

  useEffect(() => {
    // Once: a second start would replace the secret the QR code shows.
    if (started.current) return;
    started.current = true;
    workflowApi.mfaEnrol().then(
      (data) => setEnrolment({ status: 'ok', data }),
      (err: unknown) => {
        if (err instanceof ApiError && err.status === 401 && onExpired) onExpired();
        else setEnrolment({ status: 'error', error: err instanceof Error ? err : new Error(String(err)) });
      },
    );
  }, [onExpired]);

  const failure = (err: Error) =>
    err instanceof ApiError && err.status === 503 ? t('workflow.mfa.not_available') : errorText(t, err);
  return (
    <Loaded state={enrolment} failure={failure}>
      {(secret) => <EnrolmentForm secret={secret} onEnrolled={onEnrolled} onExpired={onExpired} />}
    </Loaded>
  );
}

/** The QR code and key of a started enrolment, and the first code that confirms it. */
function EnrolmentForm({
  secret,
  onEnrolled,
  onExpired,
}: {
  secret: Secret;
  onEnrolled: (result: Enrolled) => void;
  onExpired?: () => void;
}) {
  const t = useT();
  const { code, setCode, error, busy, submit } = useCodeForm({
    send: async (typed) => onEnrolled(await workflowApi.mfaConfirm(typed)),
    refused: (err, details) => {
      if (details?.reason === 'mfa_expired' && onExpired) {
        onExpired();
        return null;
      }
      return details?.reason === 'mfa_code' ? t('workflow.mfa.wrong_code') : errorText(t, err);
    },
  });

  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="wf-form mfa-enrol">
      <CodeError error={error} />
      <ol className="mfa-steps">
        <li>
          <p>{t('workflow.mfa.enrol_step1')}</p>
          <img
            src={secret.qrCode}
            alt={t('workflow.mfa.qr_alt')}
            width={200}
            height={200}
            className="mfa-qr"
          />
          <p>{t('workflow.mfa.manual')}</p>
          <p>
            <span className="mfa-secret-label">{t('workflow.mfa.secret_label')}: </span>
            <code className="mfa-secret" data-secret={secret.secret}>
              {grouped(secret.secret)}
            </code>
          </p>
        </li>
        <li>
          <p>{t('workflow.mfa.enrol_step2')}</p>
          <CodeField value={code} onChange={setCode} error={error} />
        </li>
      </ol>
      <button type="submit" className="button button--primary" disabled={busy}>
        {t('workflow.mfa.confirm')}
      </button>
    </form>
  );
}
