/**
 * The preview of a chosen file before anything is written (accounts CSV, budget CSV): its
 * heading, whether it is refused or ready, what it holds, and the confirmation that imports
 * it, offered only when nothing refuses it and it has rows.
 */
import type { ReactNode } from 'react';
import { ConfirmButton, type ConfirmProps } from '../components/ConfirmDialog.tsx';

export function ImportPreview({
  id,
  className,
  heading,
  refused,
  ready,
  rows,
  confirm,
  children,
}: {
  /** its test id; its heading is #<id>-heading */
  id: string;
  className?: string;
  heading: string;
  /** why the file cannot be imported; null when it can */
  refused: string | null;
  /** what importing it would do, said while it is not refused */
  ready: string;
  /** how many rows it holds: none, nothing to confirm */
  rows: number;
  confirm: ConfirmProps;
  /** its problems and its rows */
  children: ReactNode;
}) {
  return (
    <div className={className} data-testid={id}>
      <h3 id={`${id}-heading`}>{heading}</h3>
      {refused !== null ? (
        <p className="wf-error" role="alert">
          {refused}
        </p>
      ) : (
        <p role="status">{ready}</p>
      )}
      {children}
      {refused === null && rows > 0 && <ConfirmButton {...confirm} />}
    </div>
  );
}
