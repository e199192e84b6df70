/**
 * A form over a versioned record: the draft being typed, the record it was based on, and
 * what happens to a write —
 *
 * - every write names the version it was based on (null creates the record);
 * - a 409 keeps the draft and shows the other person's record (`conflict`): keep mine
 *   (write again over their version) or take theirs;
 * - a 401 keeps the draft in localStorage (`expired`) and carries on once signed in again;
 *   a reload restores it (`restored`);
 * - a network or server error keeps the draft (and its local copy) and says so;
 * - with `autosaveMs`, a write follows a pause in typing, unless a conflict or an ended
 *   session waits for the person.
 *
 * Nothing typed is lost: the local copy is removed only when the server holds the draft.
 *
 * @example
 *   const form = useVersionedDraft({
 *     record: entry, storageKey: `shinchoku.draft.${entry.id}`,
 *     fromRecord: (e) => ({ text: e.text }), save: (d, v) => api.saveEntry(entry.id, v, d),
 *     autosaveMs: 1500, editable: (e) => e?.reviewState === 'draft',
 *   });
 *   <textarea value={form.draft.text} onChange={(e) => form.change({ text: e.target.value })} />
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/client.ts';
import { useSession } from '../workflow/session.ts';

export interface Versioned {
  version: number;
}

export interface VersionedDraftOptions<R extends Versioned, D> {
  /** The record as loaded (null: not created yet). */
  record: R | null;
  /** The draft a record gives (and the empty draft when there is none). */
  fromRecord: (record: R | null) => D;
  /** Writes the draft over `version` (null creates); resolves with the record written. */
  save: (draft: D, version: number | null) => Promise<R>;
  /** Where the local copy is kept (localStorage). */
  storageKey: string;
  /** Whether the person may change the record as it now is. */
  editable: (record: R | null) => boolean;
  /** Write this long after the last change (no autosave when omitted). */
  autosaveMs?: number;
  /** The record a 409 carries (`details.current`) as this form holds records; by default as it is. */
  conflictOf?: (current: unknown) => R | null;
}

export type SaveState = 'idle' | 'saving' | 'saved' | 'failed';

export interface VersionedDraft<R extends Versioned, D> {
  record: R | null;
  draft: D;
  /** The draft differs from what the server holds. */
  dirty: boolean;
  state: SaveState;
  /** The last failure, other than a conflict or an ended session. */
  error: unknown;
  /** The other person's record, after a 409. */
  conflict: R | null;
  /** The session ended during a write: the draft is kept locally. */
  expired: boolean;
  /** The draft was restored from the local copy when the form opened. */
  restored: boolean;
  change: (next: Partial<D>) => void;
  /** Writes now; resolves with the record written, or null when the write failed. */
  saveNow: () => Promise<R | null>;
  keepMine: () => Promise<R | null>;
  takeTheirs: () => void;
  /** Drops the draft and its local copy: the form shows the record again. */
  discard: () => void;
  /** After another action changed the record (submit, withdraw): the form follows it. */
  replaceRecord: (record: R, opts?: { resetDraft?: boolean }) => void;
}

function readLocal<D>(key: string): D | null {
  try {
    const raw = window.localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as D) : null;
  } catch {
    return null;
  }
}

function writeLocal<D>(key: string, draft: D | null): void {
  try {
    if (draft === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, JSON.stringify(draft));
  } catch {
    // storage disabled: the form itself still holds the draft
  }
}

export function useVersionedDraft<R extends Versioned, D>(
  opts: VersionedDraftOptions<R, D>,
): VersionedDraft<R, D> {
  const { storageKey, autosaveMs } = opts;
  const session = useSession();
  const [initialLocal] = useState(() => readLocal<D>(storageKey));
  const [record, setRecord] = useState<R | null>(opts.record);
  const [draft, setDraft] = useState<D>(() => initialLocal ?? opts.fromRecord(opts.record));
  const [dirty, setDirty] = useState(initialLocal !== null);
  const [state, setState] = useState<SaveState>('idle');
  const [error, setError] = useState<unknown>(null);
  const [conflict, setConflict] = useState<R | null>(null);
  // A write met an ended session; signed in again (here or in another tab), the form carries on.
  const [sessionEnded, setExpired] = useState(false);
  const expired = sessionEnded && session.status !== 'signed-in';
  const editable = opts.editable(record);

  // The latest values for callbacks that outlive a render (autosave timers, awaited writes).
  const conflictOf = opts.conflictOf ?? ((current: unknown) => (current as R | undefined) ?? null);
  const latest = useRef({ draft, record, save: opts.save, fromRecord: opts.fromRecord, conflictOf });
  useEffect(() => {
    latest.current = { draft, record, save: opts.save, fromRecord: opts.fromRecord, conflictOf };
  });

  const write = useCallback(
    async (overVersion?: number): Promise<R | null> => {
      const sent = latest.current.draft;
      setState('saving');
      setError(null);
      try {
        const written = await latest.current.save(
          sent,
          overVersion ?? latest.current.record?.version ?? null,
        );
        latest.current.record = written;
        setRecord(written);
        setConflict(null);
        setExpired(false);
        setState('saved');
        if (latest.current.draft === sent) {
          setDirty(false);
          writeLocal(storageKey, null);
        }
        return written;
      } catch (err) {
        writeLocal(storageKey, latest.current.draft);
        if (err instanceof ApiError && err.status === 401) {
          setExpired(true);
          setState('idle');
        } else if (err instanceof ApiError && err.status === 409) {
          const details = err.details as { current?: unknown; by?: unknown } | undefined;
          const current = latest.current.conflictOf(details?.current);
          setConflict(current);
          if (!current) setError(err);
          setState(current ? 'idle' : 'failed');
        } else {
          setError(err);
          setState('failed');
        }
        return null;
      }
    },
    [storageKey],
  );

  // Autosave after a pause, while nothing waits for the person.
  useEffect(() => {
    if (!dirty || !editable || conflict || expired) return;
    writeLocal(storageKey, draft);
    if (autosaveMs === undefined) return;
    const timer = window.setTimeout(() => void write(), autosaveMs);
    return () => window.clearTimeout(timer);
  }, [draft, dirty, editable, conflict, expired, autosaveMs, storageKey, write]);

  const change = useCallback((next: Partial<D>) => {
    setDraft((d) => ({ ...d, ...next }));
    setDirty(true);
    setState((s) => (s === 'saved' ? 'idle' : s));
  }, []);

  const takeTheirs = useCallback(() => {
    if (!conflict) return;
    setRecord(conflict);
    setDraft(latest.current.fromRecord(conflict));
    setDirty(false);
    setConflict(null);
    writeLocal(storageKey, null);
  }, [conflict, storageKey]);

  const discard = useCallback(() => {
    setDraft(latest.current.fromRecord(latest.current.record));
    setDirty(false);
    setConflict(null);
    writeLocal(storageKey, null);
  }, [storageKey]);

  const replaceRecord = useCallback(
    (next: R, { resetDraft = false } = {}) => {
      latest.current.record = next;
      setRecord(next);
      setConflict(null);
      if (resetDraft) {
        setDraft(latest.current.fromRecord(next));
        setDirty(false);
        writeLocal(storageKey, null);
      }
    },
    [storageKey],
  );

  return {
    record,
    draft,
    dirty,
    state,
    error,
    conflict,
    expired,
    restored: initialLocal !== null,
    change,
    saveNow: () => write(),
    keepMine: () => (conflict ? write(conflict.version) : Promise.resolve(null)),
    takeTheirs,
    discard,
    replaceRecord,
  };
}
