/**
 * /account/password: choose a new password. After signing in with a temporary password this
 * is the only page that opens (RequireSession sends every other one here); afterwards the
 * user goes on to ?next or /tasks. Errors are shown at their fields.
 */
import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { usePageTitle } from '../../lib/hooks.ts';
import { localPath, useLang, useT } from '../../i18n.ts';
import { workflowApi } from '../../api/endpoints.ts';
import { ApiError } from '../../api/client.ts';
import { errorText, RequireSession } from '../common.tsx';
import { session, type SessionUser } from '../session.ts';
import './signin.css';
import { Field } from '../Field.tsx';

const MIN_LENGTH = 12;

export function ChangePasswordPage() {
  const t = useT();
  usePageTitle(t('workflow.password.title'));
  return <RequireSession allowPasswordChange>{(user) => <ChangePassword user={user} />}</RequireSession>;
}

type PasswordField = 'currentPassword' | 'newPassword' | 'confirmPassword';

function ChangePassword({ user }: { user: SessionUser }) {
  const t = useT();
  const lang = useLang();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = params.get('next');
  const target = next && next.startsWith('/') && !next.startsWith('//') ? next : '/tasks';
  const [values, setValues] = useState<Record<PasswordField, string>>({
    currentPassword: '',
    newPassword: '',
    confirmPassword: '',
  });
  const [errors, setErrors] = useState<Partial<Record<PasswordField, string>>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const focusFirst = (found: Partial<Record<PasswordField, string>>) => {
    const first = (['currentPassword', 'newPassword', 'confirmPassword'] as PasswordField[]).find(
      (f) => found[f],
    );
    if (first) window.setTimeout(() => document.getElementById(first)?.focus(), 0);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: Partial<Record<PasswordField, string>> = {};
    if (!values.currentPassword) found.currentPassword = t('workflow.password.error.current_required');
    if (values.newPassword.length < MIN_LENGTH)
      found.newPassword = t('workflow.password.error.password_short', { min: MIN_LENGTH });
    else if (values.newPassword === values.currentPassword)
      found.newPassword = t('workflow.password.error.password_same');
    if (values.confirmPassword !== values.newPassword)
      found.confirmPassword = t('workflow.password.error.mismatch');
    setErrors(found);
    setGeneral(null);
    if (Object.keys(found).length > 0) return focusFirst(found);
    setBusy(true);
    try {
      const me = await workflowApi.changePassword(values.currentPassword, values.newPassword);
      session.signedIn(me.user, me.csrfToken);
      void navigate(localPath(lang, target));
    } catch (err) {
      const issues =
        err instanceof ApiError && err.status === 400
          ? ((err.details as { issues?: { path: string; code?: string }[] } | undefined)?.issues ?? [])
          : [];
      const byServer: Partial<Record<PasswordField, string>> = {};
      for (const issue of issues) {
        if (issue.path === 'currentPassword' || issue.path === 'newPassword') {
          byServer[issue.path] = t(`workflow.password.error.${issue.code ?? 'invalid'}`, { min: MIN_LENGTH });
        }
      }
      if (Object.keys(byServer).length > 0) {
        setErrors(byServer);
        focusFirst(byServer);
      } else setGeneral(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };

  const field = (name: PasswordField, label: string, autoComplete: string, hint?: string) => {
    const error = errors[name];
    const describedBy =
      [error && `${name}-error`, hint && `${name}-hint`].filter(Boolean).join(' ') || undefined;
    return (
      <Field id={name} label={label} hint={hint} error={error}>
        <input
          id={name}
          name={name}
          type="password"
          autoComplete={autoComplete}
          value={values[name]}
          onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          required
        />
      </Field>
    );
  };

  return (
    <div className="wf-narrow">
      <h1>{t('workflow.password.title')}</h1>
      <p className={user.mustChangePassword ? 'notice' : undefined}>
        {user.mustChangePassword ? t('workflow.password.required_lead') : t('workflow.password.lead')}
      </p>
      {general && (
        <p className="wf-error" role="alert">
          {general}
        </p>
      )}
      <form onSubmit={(e) => void submit(e)} noValidate className="wf-form">
        <input type="hidden" name="username" autoComplete="username" value={user.login} />
        {field(
          'currentPassword',
          user.mustChangePassword ? t('workflow.password.current_temporary') : t('workflow.password.current'),
          'current-password',
        )}
        {field(
          'newPassword',
          t('workflow.password.new'),
          'new-password',
          t('workflow.password.new_hint', { min: MIN_LENGTH }),
        )}
        {field('confirmPassword', t('workflow.password.confirm'), 'new-password')}
        <button type="submit" className="button button--primary" disabled={busy}>
          {t('workflow.password.submit')}
        </button>
      </form>
    </div>
  );
}
