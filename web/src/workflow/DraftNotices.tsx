/**
 * What a versioned form shows when a write could not land (useVersionedDraft): the other
 * person's version after a 409, with the choice to keep mine or take theirs, and the
 * ended-session notice with the way back in. Both say the input is kept.
 */
import type { ReactNode } from 'react';
import { L } from '../components/Link.tsx';
import { useT } from '../i18n.ts';
import { Button, loginPath } from './common.tsx';
import type { Versioned, VersionedDraft } from '../lib/useVersionedDraft.ts';

/**
 * Who wrote the version a 409 carries, by name and ministry (the API adds updatedByName to
 * it); undefined when it does not say.
 */
export function updaterName(record: unknown): string | undefined {
  const name = (record as { updatedByName?: unknown } | null)?.updatedByName;
  return typeof name === 'string' && name !== '' ? name : undefined;
}

export function ConflictNotice({
  id,
  theirs,
  version,
  who,
  onKeepMine,
  onTakeTheirs,
}: {
  id: string;
  /** The other person's version, as the form shows it. */
  theirs: ReactNode;
  version: number;
  /** The other person's name and ministry (updaterName); never their internal id. */
  who: string | undefined;
  /** Omitted when mine can no longer be written (e.g. the entry was submitted meanwhile). */
  onKeepMine?: () => void;
  onTakeTheirs: () => void;
}) {
  const t = useT();
  return (
    <section className="wf-alert" aria-labelledby={`${id}-conflict`} role="alert">
      <h2 id={`${id}-conflict`}>{t('workflow.entry.conflict_title')}</h2>
      <p>{t('workflow.entry.conflict_body')}</p>
      <h3>
        {t('workflow.entry.conflict_theirs', { who: who ?? t('workflow.entry.someone_else'), version })}
      </h3>
      {theirs}
      <div className="wf-buttons">
        {onKeepMine && (
          <Button tone="primary" onClick={onKeepMine}>
            {t('workflow.entry.conflict_keep_mine')}
          </Button>
        )}
        <Button onClick={onTakeTheirs}>{t('workflow.entry.conflict_take_theirs')}</Button>
      </div>
    </section>
  );
}

/** The session ended during a write: the input is kept in this browser. */
export function ExpiredNotice({ returnTo }: { returnTo: string }) {
  const t = useT();
  return (
    <div className="wf-alert" role="alert">
      <h2>{t('workflow.auth.expired_title')}</h2>
      <p>{t('workflow.auth.expired_body')}</p>
      <p>
        <L to={loginPath(returnTo, 'expired')} className="button button--primary">
          {t('workflow.auth.sign_in_again')}
        </L>
      </p>
    </div>
  );
}

/** A draft form's save button: off while saving, in a conflict, or signed out. */
export function DraftSaveButton({
  form,
  children,
}: {
  form: Pick<VersionedDraft<Versioned, unknown>, 'state' | 'conflict' | 'expired'>;
  children: ReactNode;
}) {
  return (
    <button
      type="submit"
      className="button button--primary"
      disabled={form.state === 'saving' || !!form.conflict || form.expired}
    >
      {children}
    </button>
  );
}
