/**
 * A page that mounts `useVersionedDraft` over a record held in the page (`window.store`), so
 * that the test can play the server: answer a write, refuse it with 409 or 401, or fail.
 */
import { createRoot } from 'react-dom/client';
import { ApiError } from '../api/client.ts';
import { useVersionedDraft } from './useVersionedDraft.ts';
import { session } from '../workflow/session.ts';

interface Note {
  id: string;
  version: number;
  text: string;
  locked: boolean;
}

type Answer = 'ok' | '409' | '401' | '500';

interface Store {
  record: Note;
  /** How the next writes are answered. */
  answer: Answer;
  /** The versions each write was based on, in order. */
  writes: (number | null)[];
}

declare global {
  interface Window {
    store: Store;
    signIn: () => void;
  }
}

window.store = { record: { id: 'n1', version: 1, text: '初版', locked: false }, answer: 'ok', writes: [] };
window.signIn = () =>
  session.signedIn(
    { id: 'u1', login: 'clerk', displayName: 'Clerk', role: 'editor', organisationIds: [] },
    'csrf',
  );
window.signIn();

function save(draft: { text: string }, version: number | null): Promise<Note> {
  const store = window.store;
  store.writes.push(version);
  return new Promise((resolve, reject) =>
    window.setTimeout(() => {
      if (store.answer === '401') {
        session.expire();
        return reject(new ApiError(401, 'unauthenticated', 'signed out'));
      }
      if (store.answer === '500') return reject(new ApiError(500, 'internal', 'server failed'));
      if (store.answer === '409' || version !== store.record.version)
        return reject(new ApiError(409, 'conflict', 'changed', { current: { ...store.record } }));
      store.record = { ...store.record, version: store.record.version + 1, text: draft.text };
      resolve({ ...store.record });
    }, 20),
  );
}

function Form({ autosaveMs }: { autosaveMs?: number }) {
  const form = useVersionedDraft<Note, { text: string }>({
    record: { ...window.store.record },
    fromRecord: (r) => ({ text: r?.text ?? '' }),
    save,
    storageKey: 'harness.note',
    editable: (r) => !!r && !r.locked,
    ...(autosaveMs !== undefined && { autosaveMs }),
  });
  return (
    <form
      data-state={form.state}
      data-dirty={String(form.dirty)}
      data-expired={String(form.expired)}
      data-restored={String(form.restored)}
      data-version={form.record?.version ?? ''}
      onSubmit={(e) => {
        e.preventDefault();
        void form.saveNow();
      }}
    >
      <label>
        text <textarea value={form.draft.text} onChange={(e) => form.change({ text: e.target.value })} />
      </label>
      {form.conflict && (
        <div id="conflict">
          <p id="theirs">{form.conflict.text}</p>
          <button type="button" id="keep-mine" onClick={() => void form.keepMine()}>
            keep mine
          </button>
          <button type="button" id="take-theirs" onClick={form.takeTheirs}>
            take theirs
          </button>
        </div>
      )}
      {form.error !== null && <p id="error">{String((form.error as Error).message)}</p>}
      <button type="submit">save</button>
      <button type="button" id="discard" onClick={form.discard}>
        discard
      </button>
    </form>
  );
}

const autosave = new URLSearchParams(window.location.search).get('autosave');
const root = document.getElementById('root');
if (root) createRoot(root).render(<Form {...(autosave !== null && { autosaveMs: Number(autosave) })} />);
