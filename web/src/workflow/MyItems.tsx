/**
 * "My items" on /tasks: every item of my ministries in the cycle with its state (nothing
 * vanishes once submitted), and, while the cycle is open, the drafts and returned items
 * selected and submitted at once — all or none, each refused item named with its reason.
 */
import type { Dispatch, SetStateAction } from 'react';
import { ConfirmButton } from '../components/ConfirmDialog.tsx';
import { L } from '../components/Link.tsx';
import { titleOf } from '../lib/format.ts';
import { useLang, useT } from '../i18n.ts';
import { bulkFailures, workflowApi, type CycleTasks } from '../api/endpoints.ts';
import { Announce, EntryTitles, errorText, ReviewState } from './common.tsx';
import { DataTable } from '../components/DataTable.tsx';

export type Selection = [ReadonlySet<string>, Dispatch<SetStateAction<ReadonlySet<string>>>];

/** What a bulk action said: shown above the tasks, which are read again. */
export interface Outcome {
  message: string | null;
  error: string | null;
  failed: string[];
}

/** The outcome of the last bulk action, with the items that failed and why. */
export function OutcomeNotice({ outcome }: { outcome: Outcome }) {
  const t = useT();
  return (
    <>
      <Announce message={outcome.message} error={outcome.error} />
      {outcome.failed.length > 0 && (
        <ul className="wf-failures" aria-label={t('workflow.review.bulk.failures')}>
          {outcome.failed.map((f) => (
            <li key={f}>{f}</li>
          ))}
        </ul>
      )}
    </>
  );
}

const STATE_ORDER = ['returned', 'draft', 'submitted', 'accepted'];
const SUBMITTABLE = ['draft', 'returned'];
/** The reasons the server gives for a refused item (AppError codes) that have their own text. */
const REASONS = ['conflict', 'invalid', 'not_found', 'forbidden'];

/** A cycle's tasks as a list the clerk can act on in bulk. */
export interface TaskListProps {
  task: CycleTasks;
  /** The entries chosen for submission: kept while the tasks are read again after a refusal. */
  selection: Selection;
  /** Called after a bulk action with what to say; the tasks are read again. */
  onDone: (outcome: Outcome) => void;
}

export function MyItems({ task, id, selection, onDone }: TaskListProps & { id: string }) {
  const t = useT();
  const lang = useLang();
  const [selected, setSelected] = selection;
  const rank = (state: string) => {
    const i = STATE_ORDER.indexOf(state);
    return i === -1 ? STATE_ORDER.length : i;
  };
  const items = [...task.mine].sort((a, b) => rank(a.entry.reviewState) - rank(b.entry.reviewState));
  const counts = new Map<string, number>();
  for (const { entry } of items) counts.set(entry.reviewState, (counts.get(entry.reviewState) ?? 0) + 1);
  if (items.length === 0) return null;
  const open = task.cycle.state === 'open';
  const selectable = open ? items.filter((i) => SUBMITTABLE.includes(i.entry.reviewState)) : [];
  const chosen = selectable.filter((i) => selected.has(i.entry.id));
  const titleOfId = (entryId: string) => {
    const found = items.find((i) => i.entry.id === entryId);
    return found ? titleOf(lang, found.initiative) : entryId;
  };

  const submit = async () => {
    const list = chosen.map((i) => ({ id: i.entry.id, version: i.entry.version }));
    try {
      const done = await workflowApi.submitMany(task.cycle.id, list);
      setSelected(new Set());
      onDone({
        message: t('workflow.tasks.bulk.done', {
          count: done.length,
          titles: done.map((e) => titleOfId(e.id)).join('、'),
        }),
        error: null,
        failed: [],
      });
    } catch (err) {
      const failures = bulkFailures(err);
      onDone({
        message: null,
        error: failures
          ? t('workflow.review.bulk.refused', { count: failures.length, total: list.length })
          : errorText(t, err),
        failed: (failures ?? []).map((f) =>
          t('workflow.review.bulk.failure', {
            title: titleOfId(f.id),
            reason: t(`workflow.tasks.bulk.reason.${REASONS.includes(f.code) ? f.code : 'conflict'}`),
          }),
        ),
      });
    }
  };

  const toggle = (entryId: string, on: boolean) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(entryId);
      else next.delete(entryId);
      return next;
    });

  return (
    <>
      <h3 id={id}>{t('workflow.tasks.mine', { count: items.length })}</h3>
      <p className="subtle">
        {[...counts.entries()]
          .sort((a, b) => rank(a[0]) - rank(b[0]))
          .map(([state, n]) => `${t(`workflow.state.${state}`)} ${n}`)
          .join('・')}
      </p>
      <DataTable
        scroll={id}
        testId="my-items"
        keys="workflow.tasks."
        head={[selectable.length > 0 && 'bulk.col', 'col.item', 'col.state']}
      >
        {items.map(({ entry, initiative }) => {
          const title = titleOf(lang, initiative);
          return (
            <tr key={entry.id} data-state={entry.reviewState}>
              {selectable.length > 0 && (
                <td>
                  {SUBMITTABLE.includes(entry.reviewState) && (
                    <input
                      type="checkbox"
                      aria-label={t('workflow.tasks.bulk.select', { title })}
                      checked={selected.has(entry.id)}
                      onChange={(e) => toggle(entry.id, e.target.checked)}
                    />
                  )}
                </td>
              )}
              <th scope="row">
                <L to={`/entries/${entry.id}`}>{title}</L>
              </th>
              <td>
                <ReviewState state={entry.reviewState} />
              </td>
            </tr>
          );
        })}
      </DataTable>
      {selectable.length > 0 && (
        <div className="wf-buttons">
          <p aria-live="polite">{t('workflow.review.bulk.selected', { count: chosen.length })}</p>
          <ConfirmButton
            label={t('workflow.tasks.bulk.submit', { count: chosen.length })}
            title={t('workflow.tasks.bulk.submit_title', { count: chosen.length })}
            confirmLabel={t('workflow.tasks.bulk.confirm')}
            disabled={chosen.length === 0}
            onConfirm={submit}
          >
            <p>{t('workflow.tasks.bulk.submit_body')}</p>
            <EntryTitles items={chosen} />
          </ConfirmButton>
        </div>
      )}
    </>
  );
}
