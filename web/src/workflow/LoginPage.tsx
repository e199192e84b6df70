/** /login: labelled fields, errors read out in the reader's language, then on to ?next or /tasks. */
import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { usePageTitle } from '../lib/hooks.ts';
import { localPath, useLang, useT } from '../i18n.ts';
import { workflowApi } from '../api/endpoints.ts';
import { ApiError } from '../api/client.ts';
import { errorText } from './common.tsx';
import { session } from './session.ts';

export function LoginPage() {
  const t = useT();
  const lang = useLang();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  usePageTitle(t('workflow.login.title'));
  const reason = params.get('reason');
  const next = params.get('next');
  const target = next && next.startsWith('/') && !next.startsWith('//') ? next : '/tasks';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!login.trim() || !password) {
      setError(t('workflow.login.required'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const me = await workflowApi.login(login.trim(), password);
      session.signedIn(me.user, me.csrfToken);
      void navigate(localPath(lang, target));
    } catch (err) {
      const reasonCode =
        err instanceof ApiError ? (err.details as { reason?: string } | undefined)?.reason : undefined;
      if (err instanceof ApiError && err.status === 401) {
        setError(reasonCode === 'locked' ? t('workflow.login.locked') : t('workflow.login.wrong'));
      } else if (err instanceof ApiError && err.status === 429) {
        setError(t('workflow.login.rate_limited'));
      } else setError(errorText(t, err));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="wf-narrow">
      <h1>{t('workflow.login.title')}</h1>
      {reason === 'expired' && <p className="notice">{t('workflow.login.expired')}</p>}
      {reason === 'signed_out' && (
        <p className="notice" role="status">
          {t('workflow.login.signed_out')}
        </p>
      )}
      <p>{t('workflow.login.lead')}</p>
      <div
        role="alert"
        aria-live="assertive"
        className={error ? 'wf-error' : 'visually-hidden'}
        id="login-error"
      >
        {error ?? ''}
      </div>
      <form onSubmit={(e) => void submit(e)} noValidate className="wf-form">
        <div className="wf-field">
          <label htmlFor="login">{t('workflow.login.login')}</label>
          <input
            id="login"
            name="login"
            autoComplete="username"
            value={login}
            onChange={(e) => setLogin(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'login-error' : undefined}
            required
          />
        </div>
        <div className="wf-field">
          <label htmlFor="password">{t('workflow.login.password')}</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'login-error' : undefined}
            required
          />
        </div>
        <button type="submit" className="button button--primary" disabled={busy}>
          {t('workflow.login.submit')}
        </button>
      </form>
    </div>
  );
}
