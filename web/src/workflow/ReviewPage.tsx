/**
 * /review/:cycleId — the review queue: filtered by ministry, state and target (in the
 * address), each card with what a reviewer needs (stage, plans, last year's text, KPI
 * figures, placeholder warnings); accept or return one or many (all or none), and for the
 * secretariat, write on a ministry's behalf or record a named exception.
 */
import { useMemo, useState, type ReactNode } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { ConfirmButton } from '../components/ConfirmDialog.tsx';
import { Loaded } from '../components/States.tsx';
import { cycleName, titleOf } from '../lib/format.ts';
import { useLoad, usePageTitle } from '../lib/hooks.ts';
import { flatten } from '../lib/tree.ts';
import { useLang, useT } from '../i18n.ts';
import {
  bulkFailures,
  findCycle,
  reviewApi,
  workflowApi,
  type EntryWithInitiative,
} from '../api/endpoints.ts';
import { Announce, EntryTitles, errorText, RequireSession } from './common.tsx';
import { ReviewCard, type CardContext } from './review/ReviewCard.tsx';
import { applyFilter, filterQuery, readFilter, STATES, type QueueFilter } from './review/filters.ts';
import { can, type SessionUser } from './session.ts';
import { Options } from '../components/Options.tsx';
import { RequiredTextField, SelectField, useRequiredText } from './Field.tsx';

export function ReviewPage() {
  const { cycleId = '' } = useParams();
  return (
    <RequireSession action="entry:proxy">{(user) => <Review cycleId={cycleId} user={user} />}</RequireSession>
  );
}

async function loadQueue(cycleId: string) {
  const [{ cycle }, entries] = await Promise.all([findCycle(cycleId), workflowApi.cycleEntries(cycleId)]);
  const tree = await workflowApi.tree(cycle.strategyId, cycle.id);
  const previous = tree.previousCycleId ? await workflowApi.cycleEntries(tree.previousCycleId) : [];
  return { cycle, entries, tree, previous };
}

function Review({ cycleId, user }: { cycleId: string; user: SessionUser }) {
  const t = useT();
  const lang = useLang();
  const [params, setParams] = useSearchParams();
  const filter = readFilter(params);
  const [round, setRound] = useState(0);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [failed, setFailed] = useState<string[]>([]);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const comment = useRequiredText('bulk-comment');
  const reviewer = can(user, 'entry:review');
  usePageTitle(t('workflow.review.title'));
  const state = useLoad(() => loadQueue(cycleId), `${cycleId}/${round}`);

  const done = (text: string | null, err: string | null) => {
    setMessage(text);
    setError(err);
    setFailed([]);
    setRound((r) => r + 1);
  };
  const setFilter = (next: QueueFilter) => {
    setSelected(new Set());
    setParams(new URLSearchParams(filterQuery(next).slice(1)), { replace: true });
  };

  return (
    <>
      <h1>
        {t('workflow.review.title')}
        {state.status === 'ok' && (
          <span className="wf-kicker-after">{cycleName(state.data.cycle, lang)}</span>
        )}
      </h1>
      <p>{t('workflow.review.lead')}</p>
      <Announce message={message} error={error} />
      {failed.length > 0 && (
        <ul className="wf-failures" aria-label={t('workflow.review.bulk.failures')}>
          {failed.map((f) => (
            <li key={f}>{f}</li>
          ))}
        </ul>
      )}
      <Loaded state={state} failure={(e) => errorText(t, e)}>
        {(data) => {
          const ctx = cardContext(data, lang);
          const visible = applyFilter(data.entries, filter, ctx.below);
          const selectable = visible.filter((i) => i.entry.reviewState === 'submitted');
          const chosen = selectable.filter((i) => selected.has(i.entry.id));
          const titleOfId = (id: string) => {
            const found = data.entries.find((i) => i.entry.id === id);
            return found ? titleOf(lang, found.initiative) : id;
          };
          const bulk = async (action: 'accept' | 'return') => {
            const items = chosen.map((i) => ({ id: i.entry.id, version: i.entry.version }));
            try {
              const result = await reviewApi.reviewMany(cycleId, action, items, comment.value.trim());
              setSelected(new Set());
              if (action === 'return') comment.set('');
              done(
                t(`workflow.review.bulk.${action}_done`, {
                  count: result.length,
                  titles: result.map((e) => titleOfId(e.id)).join('、'),
                }),
                null,
              );
            } catch (err) {
              const failures = bulkFailures(err);
              setMessage(null);
              setError(
                failures
                  ? t('workflow.review.bulk.refused', { count: failures.length, total: items.length })
                  : errorText(t, err),
              );
              setFailed(
                (failures ?? []).map((f) =>
                  t('workflow.review.bulk.failure', {
                    title: titleOfId(f.id),
                    reason: t(
                      `workflow.review.bulk.reason.${f.code === 'not_found' ? 'not_found' : 'conflict'}`,
                    ),
                  }),
                ),
              );
              setRound((r) => r + 1);
            }
          };
          return (
            <>
              <Filters data={data} filter={filter} onChange={setFilter} />
              <p>
                <a href={reviewApi.submissionsXlsxUrl(cycleId, lang)} download>
                  {t('workflow.review.export')}
                </a>
              </p>
              {reviewer && selectable.length > 0 && (
                <section className="wf-bulk" aria-labelledby="bulk-heading">
                  <h2 id="bulk-heading">{t('workflow.review.bulk.title')}</h2>
                  <p>
                    <label>
                      <input
                        type="checkbox"
                        checked={chosen.length === selectable.length}
                        onChange={(e) =>
                          setSelected(new Set(e.target.checked ? selectable.map((i) => i.entry.id) : []))
                        }
                      />{' '}
                      {t('workflow.review.bulk.select_all', { count: selectable.length })}
                    </label>
                  </p>
                  <p aria-live="polite">{t('workflow.review.bulk.selected', { count: chosen.length })}</p>
                  <div className="wf-buttons">
                    <button
                      type="button"
                      className="button button--primary"
                      disabled={chosen.length === 0}
                      onClick={() => void bulk('accept')}
                    >
                      {t('workflow.review.bulk.accept', { count: chosen.length })}
                    </button>
                  </div>
                  <RequiredTextField text={comment} label={t('workflow.review.bulk.comment')} rows={2} />
                  <ConfirmButton
                    label={t('workflow.review.bulk.return', { count: chosen.length })}
                    title={t('workflow.review.bulk.return_title', { count: chosen.length })}
                    tone="danger"
                    disabled={chosen.length === 0}
                    check={() => comment.require(t('workflow.review.comment_required'))}
                    onConfirm={() => bulk('return')}
                  >
                    <p>{t('workflow.review.return_body')}</p>
                    <EntryTitles items={chosen} />
                  </ConfirmButton>
                </section>
              )}
              <p role="status" aria-live="polite">
                {t('workflow.review.showing', { count: visible.length, total: data.entries.length })}
              </p>
              {visible.length === 0 ? (
                <p>
                  {filterQuery(filter) === ''
                    ? t('workflow.review.none_submitted')
                    : t('workflow.review.none')}
                </p>
              ) : (
                <ul className="wf-cards">
                  {visible.map((item) => (
                    <ReviewCard
                      key={item.entry.id}
                      item={item}
                      ctx={ctx}
                      user={user}
                      selected={selected.has(item.entry.id)}
                      onSelect={(on) =>
                        setSelected((prev) => {
                          const next = new Set(prev);
                          if (on) next.add(item.entry.id);
                          else next.delete(item.entry.id);
                          return next;
                        })
                      }
                      onDone={done}
                    />
                  ))}
                </ul>
              )}
            </>
          );
        }}
      </Loaded>
    </>
  );
}

type Queue = Awaited<ReturnType<typeof loadQueue>>;

function cardContext(
  data: Queue,
  lang: 'ja' | 'en',
): CardContext & {
  below: (nodeId: string) => ReadonlySet<string>;
} {
  const nodes = flatten(data.tree.nodes);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const below = (id: string): ReadonlySet<string> => {
    const out = new Set<string>();
    const walk = (n: (typeof nodes)[number]) => {
      out.add(n.id);
      n.children.forEach(walk);
    };
    const start = byId.get(id);
    if (start) walk(start);
    return out;
  };
  return {
    below,
    shortName: (id) => data.tree.organisations.find((o) => o.id === id)?.shortName ?? id,
    stageLabel: (code) => {
      const term = data.tree.vocabulary.find((v) => v.kind === 'stage' && v.code === code);
      return term ? (lang === 'en' && term.labelEn ? term.labelEn : term.labelJa) : code;
    },
    previousText: (initiativeId) =>
      data.previous.find((p: EntryWithInitiative) => p.entry.initiativeId === initiativeId)?.entry.text ??
      null,
    indicators: (initiativeId) => data.tree.indicators.filter((k) => k.initiativeId === initiativeId),
    vocabulary: data.tree.vocabulary,
  };
}

function Filters({
  data,
  filter,
  onChange,
}: {
  data: Queue;
  filter: QueueFilter;
  onChange: (f: QueueFilter) => void;
}) {
  const t = useT();
  const lang = useLang();
  const owners = useMemo(() => new Set(data.entries.flatMap((i) => i.initiative.ownerIds)), [data.entries]);
  const listed = useMemo(
    () => new Set(data.entries.flatMap((i) => i.initiative.listings.map((l) => l.nodeId))),
    [data.entries],
  );
  const nodes = flatten(data.tree.nodes).filter((n) => n.mirrorOf === null);
  /** One select of the filter: #filter-<key>, labelled workflow.review.filter.<key>. */
  const select = (key: keyof QueueFilter, all: string | undefined, options: ReactNode) => (
    <SelectField
      id={`filter-${key}`}
      label={t(`workflow.review.filter.${key}`)}
      value={filter[key]}
      onValue={(v) => onChange({ ...filter, [key]: v } as QueueFilter)}
      all={all}
    >
      {options}
    </SelectField>
  );
  return (
    <form
      className="wf-filters"
      role="search"
      aria-label={t('workflow.review.filter.label')}
      onSubmit={(e) => e.preventDefault()}
    >
      {select(
        'ministry',
        t('workflow.review.filter.every_ministry'),
        <Options
          of={data.tree.organisations.filter((o) => owners.has(o.id))}
          value={(o) => o.id}
          label={(o) => (lang === 'en' && o.nameEn ? o.nameEn : o.shortName)}
        />,
      )}
      {select(
        'state',
        undefined,
        <Options
          of={STATES}
          value={(s) => s}
          label={(s) => (s === 'all' ? t('workflow.review.filter.every_state') : t(`workflow.state.${s}`))}
        />,
      )}
      {select(
        'target',
        t('workflow.review.filter.every_target'),
        <Options
          of={nodes.filter((n) => n.depth > 0 || listed.has(n.id))}
          value={(n) => n.id}
          label={(n) => `${'　'.repeat(n.depth)}${n.code} ${titleOf(lang, n)}`}
        />,
      )}
    </form>
  );
}
