/**
 * /login: the password (or the organisation's identity provider), then — when the account
 * has one, or its role needs one — the second factor or its set-up, then on to ?next or
 * /tasks. Labelled fields; errors read out in the reader's language.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { usePageTitle } from '../lib/hooks.ts';
import { localPath, useLang, useT } from '../i18n.ts';
import { workflowApi, type Me } from '../api/endpoints.ts';
import { ApiError } from '../api/client.ts';
import { ErrorNote, errorText } from './common.tsx';
import { session } from './session.ts';
import { Enrolment, type Enrolled } from './signin/Enrolment.tsx';
import { RecoveryCodes } from './signin/RecoveryCodes.tsx';
import { SecondStep } from './signin/SecondStep.tsx';
import { Field } from './Field.tsx';
import './signin/signin.css';

type Step = 'password' | 'verify' | 'enrol' | 'codes';

const SSO_ERRORS = [
  'oidc_state',
  'oidc_refused',
  'oidc_failed',
  'oidc_unavailable',
  'oidc_no_role',
  'oidc_no_organisation',
  'oidc_mfa',
  'oidc_disabled',
];

export function LoginPage() {
  const t = useT();
  const lang = useLang();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [step, setStep] = useState<Step>('password');
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [sso, setSso] = useState(false);
  const [recoveryCodes, setRecoveryCodes] = useState<string[]>([]);
  const [signedIn, setSignedIn] = useState<Me | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const title =
    step === 'verify'
      ? t('workflow.mfa.verify_title')
      : step === 'enrol' || step === 'codes'
        ? t('workflow.mfa.enrol_title')
        : t('workflow.login.title');
  usePageTitle(title);
  const reason = params.get('reason');
  const ssoError = params.get('sso_error');
  const next = params.get('next');
  const target = next && next.startsWith('/') && !next.startsWith('//') ? next : '/tasks';

  useEffect(() => {
    workflowApi.authOptions().then(
      (o) => setSso(o.oidc),
      () => setSso(false),
    );
  }, []);
  useEffect(() => {
    if (step !== 'password') heading.current?.focus();
  }, [step]);

  const finish = (me: Me) => {
    session.signedIn(me.user, me.csrfToken);
    // A temporary password: a new one first, then on to where the user was going.
    const next = me.user.mustChangePassword
      ? `/account/password?${new URLSearchParams({ next: target }).toString()}`
      : target;
    void navigate(localPath(lang, next));
  };
  const restart = (message: string | null) => {
    setStep('password');
    setPassword('');
    setNotice(message);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!login.trim() || !password) {
      setError(t('workflow.login.required'));
      return;
    }
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const reply = await workflowApi.login(login.trim(), password);
      setPassword('');
      if ('mfa' in reply) setStep(reply.mfa);
      else finish(reply);
    } catch (err) {
      const details =
        err instanceof ApiError ? (err.details as { retryAfterSeconds?: number } | undefined) : undefined;
      if (err instanceof ApiError && err.status === 401) {
        const wait = details?.retryAfterSeconds ?? 0;
        setError(
          [t('workflow.login.wrong'), wait > 0 ? t('workflow.login.wait', { seconds: wait }) : '']
            .join(' ')
            .trim(),
        );
      } else if (err instanceof ApiError && err.status === 429) {
        setError(t('workflow.login.rate_limited'));
      } else setError(errorText(t, err));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  const enrolled = (result: Enrolled) => {
    setRecoveryCodes(result.recoveryCodes);
    setSignedIn(result.me);
    setStep('codes');
  };

  const ssoHref = `/api/auth/oidc/start?${new URLSearchParams({ next: localPath(lang, target) }).toString()}`;

  // name (and label key), value, setter, autocomplete token, input type
  const credentials = [
    ['login', login, setLogin, 'username', undefined],
    ['password', password, setPassword, 'current-password', 'password'],
  ] as const;
  return (
    <div className="wf-narrow">
      <h1 tabIndex={-1} ref={heading}>
        {title}
      </h1>
      {step === 'verify' && (
        <SecondStep
          onSignedIn={finish}
          onExpired={() => restart(t('workflow.mfa.expired'))}
          onRestart={() => restart(null)}
        />
      )}
      {step === 'enrol' && (
        <>
          <p>{t('workflow.mfa.enrol_required')}</p>
          <Enrolment onEnrolled={enrolled} onExpired={() => restart(t('workflow.mfa.expired'))} />
        </>
      )}
      {step === 'codes' && (
        <RecoveryCodes
          codes={recoveryCodes}
          onContinue={() => (signedIn ? finish(signedIn) : restart(null))}
        />
      )}
      {step === 'password' && (
        <>
          {reason === 'expired' && <p className="notice">{t('workflow.login.expired')}</p>}
          {reason === 'signed_out' && (
            <p className="notice" role="status">
              {t('workflow.login.signed_out')}
            </p>
          )}
          {notice && (
            <p className="notice" role="status">
              {notice}
            </p>
          )}
          {ssoError && (
            <ErrorNote>
              {SSO_ERRORS.includes(ssoError)
                ? t(`workflow.login.sso_error.${ssoError}`)
                : t('workflow.login.sso_error.oidc_failed')}
            </ErrorNote>
          )}
          <p>{t('workflow.login.lead')}</p>
          {sso && (
            <div className="signin-sso">
              <a className="button button--primary" href={ssoHref}>
                {t('workflow.login.sso')}
              </a>
              <p className="wf-hint">{t('workflow.login.sso_hint')}</p>
              <p className="signin-or">{t('workflow.login.or')}</p>
            </div>
          )}
          <div
            role="alert"
            aria-live="assertive"
            className={error ? 'wf-error' : 'visually-hidden'}
            id="login-error"
          >
            {error ?? ''}
          </div>
          <form onSubmit={(e) => void submit(e)} noValidate className="wf-form">
            {credentials.map(([name, value, onValue, autoComplete, type]) => (
              <Field key={name} id={name} label={t(`workflow.login.${name}`)}>
                <input
                  id={name}
                  name={name}
                  type={type}
                  autoComplete={autoComplete}
                  value={value}
                  onChange={(e) => onValue(e.target.value)}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={error ? 'login-error' : undefined}
                  required
                />
              </Field>
            ))}
            <button
              type="submit"
              className={sso ? 'button button--secondary' : 'button button--primary'}
              disabled={busy}
            >
              {t('workflow.login.submit')}
            </button>
          </form>
        </>
      )}
    </div>
  );
}
