/**
 * Asks before an action that cannot be undone (publish, open, close, return, withdraw):
 * a modal <dialog> that says what will happen, who is told and what becomes public.
 * The browser's own modal keeps focus inside and Esc cancels; focus goes back to the
 * button that opened it.
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useT } from '../i18n.ts';

export interface ConfirmProps {
  /** The button that opens the dialog. */
  label: ReactNode;
  title: string;
  /** What will happen: who is notified, what becomes public, whether it can be undone. */
  children: ReactNode;
  /** The confirming button's text; the opening label when absent. */
  confirmLabel?: string;
  onConfirm: () => void | Promise<void>;
  disabled?: boolean;
  /** 'danger' for actions that discard or cannot be reversed. */
  tone?: 'primary' | 'danger';
  className?: string;
  /** Runs before the dialog opens; false keeps it closed (the form shows what is missing). */
  check?: () => boolean;
}

export function ConfirmButton({
  label,
  title,
  children,
  confirmLabel,
  onConfirm,
  disabled,
  tone = 'primary',
  className,
  check,
}: ConfirmProps) {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const titleId = useId();
  const bodyId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  const confirm = async () => {
    setBusy(true);
    try {
      await onConfirm();
    } finally {
      setBusy(false);
      setOpen(false);
    }
  };

  return (
    <>
      <button
        type="button"
        className={className ?? `button button--${tone === 'danger' ? 'secondary' : 'primary'}`}
        disabled={disabled || busy}
        aria-haspopup="dialog"
        onClick={() => {
          if (!check || check()) setOpen(true);
        }}
      >
        {label}
      </button>
      <dialog
        ref={ref}
        className="confirm"
        aria-labelledby={titleId}
        aria-describedby={bodyId}
        onClose={() => setOpen(false)}
      >
        <h2 id={titleId}>{title}</h2>
        <div id={bodyId} className="confirm__body">
          {children}
        </div>
        <div className="confirm__actions">
          <button
            type="button"
            className={`button ${tone === 'danger' ? 'button--danger' : 'button--primary'}`}
            disabled={busy}
            onClick={() => void confirm()}
          >
            {confirmLabel ?? label}
          </button>
          <button
            type="button"
            className="button button--secondary"
            disabled={busy}
            autoFocus
            onClick={() => setOpen(false)}
          >
            {t('web.confirm.cancel')}
          </button>
        </div>
      </dialog>
    </>
  );
}
