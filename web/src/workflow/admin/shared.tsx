/**
 * Pieces the administrators' screens share: data that reloads after each save without
 * unmounting the open forms, the admin menu, and a banner for one-click actions (move,
 * reorder, open) that met a 409 — showing the record as it now is, with a way to retry.
 */
import { Loading } from '../../components/States.tsx';
import { useEffect, useState, useRef } from 'react';
import { L } from '../../components/Link.tsx';
import { useT } from '../../i18n.ts';
import { ApiError } from '../../api/client.ts';
import { errorText } from '../common.tsx';

export interface Reloadable<T> {
  data: T | null;
  error: unknown;
  reload: () => void;
}

/** Loads on mount and on reload(); keeps showing the last data while reloading. */
export function useData<T>(load: () => Promise<T>, key: string): Reloadable<T> {
  const [round, setRound] = useState(0);
  const [state, setState] = useState<{ key: string; data: T | null; error: unknown }>({
    key,
    data: null,
    error: null,
  });
  // `load` is a new closure each render; the key and the round say when to load again.
  const latest = useRef(load);
  useEffect(() => {
    latest.current = load;
  });
  useEffect(() => {
    let live = true;
    latest.current().then(
      (data) => live && setState({ key, data, error: null }),
      (error: unknown) => live && setState((s) => ({ ...s, key, error })),
    );
    return () => {
      live = false;
    };
  }, [key, round]);
  return {
    data: state.key === key ? state.data : null,
    error: state.key === key ? state.error : null,
    reload: () => setRound((r) => r + 1),
  };
}

/** The loading line or the error of a Reloadable, or null once there is data. */
export function LoadState({ state }: { state: Reloadable<unknown> }) {
  const t = useT();
  if (state.error) return <p role="alert">{errorText(t, state.error)}</p>;
  if (state.data === null) return <Loading />;
  return null;
}

/** The admin screens, in the menu's order: where each is and its title's key. */
const ADMIN_SCREENS = [
  ['/admin', 'workflow.admin.home_title'],
  ['/admin/organisations', 'workflow.admin.orgs.title'],
  ['/admin/accounts', 'workflow.accounts.title'],
  ['/budget', 'workflow.admin.budget'],
  ['/admin/report-imports', 'workflow.admin.report_imports'],
] as const;

export function AdminMenu() {
  const t = useT();
  return (
    <nav aria-label={t('workflow.admin.menu')} className="adm-menu">
      <ul>
        {ADMIN_SCREENS.map(([to, title]) => (
          <li key={to}>
            <L to={to}>{t(title)}</L>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export interface ActionConflict {
  /** What the record is called, for the message. */
  name: string;
  version: number;
  /** The record as it now is, in words (its title, parent, place). */
  state: string;
  retry: (version: number) => Promise<void>;
}

/**
 * Runs a one-click versioned action; a 409 with the current record becomes an
 * ActionConflict (the caller shows it and reloads), anything else an error message.
 */
export async function runAction(
  action: () => Promise<unknown>,
  onConflict: (current: { version: number } & Record<string, unknown>) => void,
): Promise<'ok' | 'conflict' | 'expired' | 'error'> {
  try {
    await action();
    return 'ok';
  } catch (err) {
    if (!(err instanceof ApiError)) return 'error';
    const details = err.details as { current?: { version: number } & Record<string, unknown> } | undefined;
    if (err.status === 409 && details?.current) {
      onConflict(details.current);
      return 'conflict';
    }
    // 401: the sign-in prompt replaces the page (session.expire() ran in request()).
    return err.status === 401 ? 'expired' : 'error';
  }
}

export function ConflictBanner({ conflict, onClose }: { conflict: ActionConflict; onClose: () => void }) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  return (
    <div className="wf-alert adm-conflict" role="alert">
      <h2>{t('workflow.admin.conflict_title')}</h2>
      <p>{t('workflow.admin.action_conflict', { name: conflict.name, version: conflict.version })}</p>
      <p className="adm-conflict__state">{conflict.state}</p>
      <div className="wf-buttons">
        <button
          type="button"
          className="button button--primary"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void conflict.retry(conflict.version).finally(() => setBusy(false));
          }}
        >
          {t('workflow.admin.retry')}
        </button>
        <button type="button" className="button button--secondary" onClick={onClose}>
          {t('workflow.admin.dismiss')}
        </button>
      </div>
    </div>
  );
}
