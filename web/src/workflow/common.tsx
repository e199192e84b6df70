/**
 * Shared pieces of the signed-in screens: the session check, the header's sign-in links,
 * error messages in the reader's language, and the guard that shows only what a role may do.
 */
import './messages.ts';
import './workflow.css';
import { useEffect, useState, type ReactNode } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import type { Action } from '../../../src/domain/access.ts';
import { L } from '../components/Link.tsx';
import { Loading } from '../components/States.tsx';
import { titleOf } from '../lib/format.ts';
import { usePageTitle } from '../lib/hooks.ts';
import { localPath, useLang, useT, type Translate } from '../i18n.ts';
import { workflowApi } from '../api/endpoints.ts';
import { ApiError } from '../api/client.ts';
import { inbox, useUnread } from './notifications.ts';
import { can, hasSignedInBefore, session, useSession, type SessionUser } from './session.ts';

type Titled = Parameters<typeof titleOf>[1];

let pending: Promise<void> | null = null;

/** Asks the server who is signed in (once; again after a reload, since nothing is stored). */
export function ensureSession(): Promise<void> {
  const status = session.get().status;
  if (status !== 'unknown') return Promise.resolve();
  pending ??= (async () => {
    session.checking();
    try {
      const me = await workflowApi.me();
      session.signedIn(me.user, me.csrfToken);
    } catch {
      session.signedOut();
    } finally {
      pending = null;
    }
  })();
  return pending;
}

export function roleLabel(t: Translate, user: SessionUser): string {
  return t(`workflow.role.${user.role}`);
}

/** A message for a failed request, in the reader's language. */
export function errorText(t: Translate, err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 403) return t('workflow.error.forbidden');
    if (err.status === 404) return t('workflow.error.not_found');
    if (err.code === 'published') return t('workflow.error.published');
    if (err.status === 409) return t('workflow.error.conflict');
    if (err.status === 400) return t('workflow.error.invalid', { message: err.message });
  }
  return t('workflow.error.generic');
}

/** The current path (without the /en prefix) for ?next= after signing in. */
export function useHere(): string {
  const location = useLocation();
  return location.pathname.replace(/^\/en(?=\/|$)/, '') + location.search;
}

export function loginPath(next: string, reason?: 'expired'): string {
  const q = new URLSearchParams({ next });
  if (reason) q.set('reason', reason);
  return `/login?${q.toString()}`;
}

/**
 * Renders its children for a signed-in user allowed to do `action`; otherwise says why
 * (sign-in required, session expired, role not allowed) with a way forward.
 */
export function RequireSession({
  action,
  children,
  allowPasswordChange,
}: {
  action?: Action;
  children: (user: SessionUser) => ReactNode;
  /** The change-password page: open to a session that still has a temporary password. */
  allowPasswordChange?: boolean;
}) {
  const t = useT();
  const lang = useLang();
  const state = useSession();
  const here = useHere();
  useEffect(() => void ensureSession(), []);
  const title =
    state.status === 'anonymous'
      ? t('workflow.auth.required_title')
      : state.status === 'expired'
        ? t('workflow.auth.expired_title')
        : null;
  usePageTitle(title);
  if (state.status === 'unknown' || state.status === 'checking') {
    return <Loading />;
  }
  if (state.status === 'anonymous' || state.status === 'expired' || !state.user) {
    const expired = state.status === 'expired';
    return (
      <div role="alert">
        <h1>{title}</h1>
        <p>{expired ? t('workflow.auth.expired_body') : t('workflow.auth.required_body')}</p>
        <p>
          <L to={loginPath(here, expired ? 'expired' : undefined)} className="button button--primary">
            {expired ? t('workflow.auth.sign_in_again') : t('workflow.nav.sign_in')}
          </L>
        </p>
      </div>
    );
  }
  if (state.user.mustChangePassword && !allowPasswordChange) {
    return (
      <Navigate replace to={localPath(lang, `/account/password?${new URLSearchParams({ next: here })}`)} />
    );
  }
  if (action && !can(state.user, action)) {
    return (
      <>
        <h1>{t('workflow.auth.forbidden_title')}</h1>
        <p>{t('workflow.auth.forbidden_body', { role: roleLabel(t, state.user) })}</p>
        <p>
          <L to="/tasks">{t('workflow.nav.tasks')}</L>
        </p>
      </>
    );
  }
  return <>{children(state.user)}</>;
}

/** The header's sign-in link, or the signed-in user's tasks link and sign-out button. */
export function SessionNav() {
  const t = useT();
  const lang = useLang();
  const state = useSession();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const unread = useUnread();
  // A temporary password opens nothing but the change of password: no inbox, no links.
  const restricted = state.user?.mustChangePassword === true;
  const signedIn = state.status === 'signed-in' && !restricted;
  useEffect(() => {
    if (hasSignedInBefore()) void ensureSession();
  }, []);
  useEffect(() => {
    if (signedIn) void inbox.refresh();
    else inbox.clear();
  }, [signedIn]);
  const signOut = async () => {
    setBusy(true);
    try {
      await workflowApi.logout();
    } catch {
      // the session may already be gone; the browser forgets it either way
    }
    session.signedOut();
    setBusy(false);
    void navigate(localPath(lang, '/login?reason=signed_out'));
  };
  return (
    <nav aria-label={t('workflow.nav.label')} className="session-nav">
      {state.status === 'signed-in' && state.user ? (
        <>
          <span className="session-nav__user">
            {t('workflow.nav.user', {
              name: state.user.displayName || state.user.login,
              role: roleLabel(t, state.user),
            })}
          </span>
          {!restricted && (
            <>
              <Link to={localPath(lang, '/tasks')}>{t('workflow.nav.tasks')}</Link>
              <Link to={localPath(lang, '/notifications')} className="session-nav__inbox">
                {unread
                  ? t('workflow.nav.notifications_unread', { count: unread })
                  : t('workflow.nav.notifications')}
              </Link>
              <Link to={localPath(lang, '/account/security')}>{t('workflow.account.nav')}</Link>
            </>
          )}
          {!restricted && can(state.user, 'structure:write') && (
            <Link to={localPath(lang, '/admin')} className="session-nav__admin">
              {t('workflow.nav.admin')}
            </Link>
          )}
          <button type="button" className="link-button" onClick={() => void signOut()} disabled={busy}>
            {t('workflow.nav.sign_out')}
          </button>
        </>
      ) : (
        <Link to={localPath(lang, '/login')}>{t('workflow.nav.sign_in')}</Link>
      )}
    </nav>
  );
}

/** A review state as a badge: `<ReviewState state="submitted" />` reads 提出済み. */
export function ReviewState({ state }: { state: string }) {
  const t = useT();
  return <span className={`wf-state wf-state--${state}`}>{t(`workflow.state.${state}`)}</span>;
}

/**
 * An action's words and, for screen readers only, what it acts on: 編集：総務省. Many
 * buttons and links of a list read alike; the hidden name tells them apart.
 */
export function Named({ text, name }: { text: ReactNode; name: ReactNode }) {
  return (
    <>
      {text}
      <span className="visually-hidden">：{name}</span>
    </>
  );
}

/** The entries a bulk action will act on, by title, as its confirmation lists them. */
export function EntryTitles({ items }: { items: { entry: { id: string }; initiative: Titled }[] }) {
  const lang = useLang();
  return (
    <ul>
      {items.map((i) => (
        <li key={i.entry.id}>{titleOf(lang, i.initiative)}</li>
      ))}
    </ul>
  );
}

/**
 * Which one of many rows has its form open in place (an account's edit, a ministry's
 * deadline): `toggle(key)` gives the props of the button that opens and closes it.
 */
export function useOpenRow() {
  const [open, setOpen] = useState<string | null>(null);
  return {
    open,
    close: () => setOpen(null),
    toggle: (key: string) => ({
      'aria-expanded': open === key,
      onClick: () => setOpen(open === key ? null : key),
    }),
  };
}

/** A button that acts on the page (not a form's submit): secondary unless `tone` says. */
export function Button({
  tone = 'secondary',
  onClick,
  children,
}: {
  tone?: 'primary' | 'secondary';
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <button type="button" className={`button button--${tone}`} onClick={onClick}>
      {children}
    </button>
  );
}

/** An error said at once (role="alert"); nothing while there is none. */
export function ErrorNote({ children }: { children: ReactNode }) {
  return children ? (
    <p className="wf-error" role="alert">
      {children}
    </p>
  ) : null;
}

/** A polite live region for "saved" and similar messages, and an assertive one for errors. */
export function Announce({ message, error }: { message: string | null; error: string | null }) {
  return (
    <>
      <p role="status" aria-live="polite" className={message ? 'wf-status' : 'visually-hidden'}>
        {message ?? ''}
      </p>
      <div role="alert" aria-live="assertive" className={error ? 'wf-error' : 'visually-hidden'}>
        {error ?? ''}
      </div>
    </>
  );
}

/** Formats an ISO timestamp as local date and time. */
export function dateTime(iso: string, lang: string): string {
  return new Date(iso).toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
}

/** The report's ministry tag: （科技、農水省）. */
export function ministryTag(shortNames: string[]): string {
  return `（${shortNames.join('、')}）`;
}
