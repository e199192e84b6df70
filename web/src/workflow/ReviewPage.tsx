/** /review/:cycleId — submitted entries with the KPI figures reported with them; accept, or return with a required comment. */
import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { L } from '../components/Link.tsx';
import { cycleName, periodLabel, titleOf } from '../lib/format.ts';
import { useLoad, usePageTitle } from '../lib/hooks.ts';
import { Loaded } from '../components/States.tsx';
import { useLang, useT } from '../i18n.ts';
import { adminApi, findCycle, workflowApi, type EntryWithInitiative } from '../api/endpoints.ts';
import { Announce, dateTime, errorText, ministryTag, RequireSession } from './common.tsx';

export function ReviewPage() {
  const { cycleId = '' } = useParams();
  return <RequireSession action="entry:review">{() => <Review cycleId={cycleId} />}</RequireSession>;
}

function Review({ cycleId }: { cycleId: string }) {
  const t = useT();
  const lang = useLang();
  const [round, setRound] = useState(0);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  usePageTitle(t('workflow.review.title'));
  const state = useLoad(async () => {
    const [{ cycle }, entries] = await Promise.all([findCycle(cycleId), workflowApi.cycleEntries(cycleId)]);
    const [tree, indicators] = await Promise.all([
      workflowApi.tree(cycle.strategyId, cycle.id),
      adminApi.indicators(cycle.strategyId),
    ]);
    return { cycle, entries: entries.filter((e) => e.entry.reviewState === 'submitted'), tree, indicators };
  }, `${cycleId}/${round}`);
  const done = (text: string | null, err: string | null) => {
    setMessage(text);
    setError(err);
    setRound((r) => r + 1);
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
      <Loaded state={state} failure={(e) => errorText(t, e)}>
        {(data) =>
          data.entries.length === 0 ? (
            <p>{t('workflow.review.none')}</p>
          ) : (
            <ul className="wf-cards">
              {data.entries.map((item) => (
                <ReviewCard
                  key={item.entry.id}
                  item={item}
                  shortNames={item.initiative.ownerIds.map(
                    (id) => data.tree.organisations.find((o) => o.id === id)?.shortName ?? id,
                  )}
                  figures={figuresOf(data.indicators, item.initiative.id, data.cycle.id)}
                  onDone={done}
                />
              ))}
            </ul>
          )
        }
      </Loaded>
    </>
  );
}

type StrategyIndicator = Awaited<ReturnType<typeof adminApi.indicators>>[number];

interface Figure {
  id: string;
  indicator: string;
  unit: string;
  period: string;
  value: number;
  source: string;
}

/** The KPI figures an initiative's ministry reported in this cycle. */
function figuresOf(indicators: StrategyIndicator[], initiativeId: string, cycleId: string): Figure[] {
  return indicators
    .filter((i) => i.initiativeId === initiativeId)
    .flatMap((i) =>
      i.observations
        .filter((o) => o.cycleId === cycleId)
        .map((o) => ({
          id: o.id,
          indicator: i.name,
          unit: i.unit,
          period: o.period,
          value: o.value,
          source: o.source,
        })),
    );
}

function ReviewCard({
  item,
  shortNames,
  figures,
  onDone,
}: {
  item: EntryWithInitiative;
  shortNames: string[];
  figures: Figure[];
  onDone: (message: string | null, error: string | null) => void;
}) {
  const t = useT();
  const lang = useLang();
  const { entry, initiative } = item;
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const title = titleOf(lang, initiative);
  const headingId = `review-${entry.id}`;
  const commentId = `comment-${entry.id}`;

  const accept = async () => {
    setBusy(true);
    try {
      await workflowApi.accept(entry.id, entry.version);
      onDone(t('workflow.review.accepted', { title }), null);
    } catch (err) {
      onDone(null, errorText(t, err));
    } finally {
      setBusy(false);
    }
  };
  const giveBack = async (e: FormEvent) => {
    e.preventDefault();
    if (!comment.trim()) {
      setProblem(t('workflow.review.comment_required'));
      document.getElementById(commentId)?.focus();
      return;
    }
    setBusy(true);
    try {
      await workflowApi.returnEntry(entry.id, entry.version, comment.trim());
      onDone(t('workflow.review.returned', { title }), null);
    } catch (err) {
      onDone(null, errorText(t, err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <li className="wf-card" aria-labelledby={headingId}>
      <h2 id={headingId}>
        <L to={`/entries/${entry.id}`}>{title}</L>
      </h2>
      {entry.submittedAt && (
        <p className="subtle">
          {t('workflow.review.submitted_at', { at: dateTime(entry.submittedAt, lang) })}
        </p>
      )}
      <p lang="ja" className="wf-preview__text">
        {entry.text}
        {ministryTag(shortNames)}
      </p>
      {figures.length > 0 && (
        <div data-testid="review-figures">
          <h3>{t('workflow.review.figures')}</h3>
          <ul className="wf-plain">
            {figures.map((f) => (
              <li key={f.id}>
                {f.indicator}：{periodLabel(f.period, lang)}{' '}
                {f.value.toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-GB')}
                {f.unit}
                {f.source && <>（{f.source}）</>}
              </li>
            ))}
          </ul>
        </div>
      )}
      <p>
        <L to={`/entries/${entry.id}/history`}>
          {t('workflow.history.link')}
          <span className="visually-hidden">：{title}</span>
        </L>
      </p>
      <form onSubmit={(e) => void giveBack(e)} noValidate className="wf-form">
        <div className="wf-field">
          <label htmlFor={commentId}>{t('workflow.review.comment')}</label>
          {problem && (
            <p id={`${commentId}-error`} className="wf-field-error" role="alert">
              {problem}
            </p>
          )}
          <textarea
            id={commentId}
            rows={2}
            value={comment}
            onChange={(e) => {
              setComment(e.target.value);
              setProblem(null);
            }}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? `${commentId}-error` : undefined}
          />
        </div>
        <div className="wf-buttons">
          <button
            type="button"
            className="button button--primary"
            disabled={busy}
            onClick={() => void accept()}
          >
            {t('workflow.review.accept')}
          </button>
          <button type="submit" className="button button--secondary" disabled={busy}>
            {t('workflow.review.return')}
          </button>
        </div>
      </form>
    </li>
  );
}
