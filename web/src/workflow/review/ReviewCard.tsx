/**
 * One item of the review queue: the entry with what a reviewer weighs it against (stage,
 * plans, last year's text, the initiative's KPI figures, placeholders left in the text),
 * accept or return it (a return asks first: the ministry is told), and the secretariat's
 * on-behalf entry and named exceptions.
 */
import { useState } from 'react';
import type { VocabularyTerm } from '../../../../src/domain/model.ts';
import type { OutlineIndicator } from '../../../../src/domain/views.ts';
import { ConfirmButton } from '../../components/ConfirmDialog.tsx';
import { L } from '../../components/Link.tsx';
import { formatNumber, periodLabel, titleOf } from '../../lib/format.ts';
import { sortedObservations } from '../../lib/indicator.ts';
import { useLang, useT } from '../../i18n.ts';
import { workflowApi, type EntryWithInitiative } from '../../api/endpoints.ts';
import { dateTime, errorText, ministryTag, ReviewState } from '../common.tsx';
import { can, type SessionUser } from '../session.ts';
import { ExceptionForm, OnBehalfForm, WithdrawException } from './SecretariatForms.tsx';
import { RequiredTextField, useRequiredText } from '../Field.tsx';

export interface CardContext {
  shortName: (organisationId: string) => string;
  stageLabel: (code: string) => string;
  /** Last cycle's text of the initiative, if it had an entry. */
  previousText: (initiativeId: string) => string | null;
  indicators: (initiativeId: string) => OutlineIndicator[];
  vocabulary: VocabularyTerm[];
}

export function ReviewCard({
  item,
  ctx,
  user,
  selected,
  onSelect,
  onDone,
}: {
  item: EntryWithInitiative;
  ctx: CardContext;
  user: SessionUser;
  selected: boolean;
  onSelect: (on: boolean) => void;
  onDone: (message: string | null, error: string | null) => void;
}) {
  const t = useT();
  const lang = useLang();
  const { entry, initiative } = item;
  const comment = useRequiredText(`comment-${entry.id}`);
  const [busy, setBusy] = useState(false);
  const title = titleOf(lang, initiative);
  const headingId = `review-${entry.id}`;
  const reviewer = can(user, 'entry:review');
  const secretariat = can(user, 'entry:proxy');
  const state = entry.reviewState;
  const excepted = state === 'not_applicable' || state === 'no_report';
  // the server's placeholder check (domain entryPlaceholders), the same one the API reports
  const flags = item.placeholders;
  const previous = ctx.previousText(initiative.id);
  const kpis = ctx.indicators(initiative.id);

  const act = async (run: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await run();
      onDone(done, null);
    } catch (err) {
      onDone(null, errorText(t, err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <li className="wf-card" aria-labelledby={headingId} data-testid="review-card">
      {reviewer && state === 'submitted' && (
        <p className="wf-select">
          <label>
            <input type="checkbox" checked={selected} onChange={(e) => onSelect(e.target.checked)} />{' '}
            {t('workflow.review.bulk.select_one')}
            <span className="visually-hidden">：{title}</span>
          </label>
        </p>
      )}
      <h2 id={headingId}>
        <L to={`/entries/${entry.id}`}>{title}</L>
      </h2>
      <p className="wf-card__meta">
        <ReviewState state={state} /> {ministryTag(initiative.ownerIds.map(ctx.shortName))}
        {entry.stage && <> {t('workflow.review.stage', { stage: ctx.stageLabel(entry.stage) })}</>}
        {entry.submittedAt && (
          <> {t('workflow.review.submitted_at', { at: dateTime(entry.submittedAt, lang) })}</>
        )}
      </p>
      {excepted ? (
        <p>{t('workflow.review.exception_reason', { reason: entry.text })}</p>
      ) : entry.text.trim() === '' ? (
        <p className="subtle">{t('workflow.review.no_text')}</p>
      ) : (
        <p lang="ja" className="wf-preview__text">
          {entry.text}
        </p>
      )}
      {flags.length > 0 && (
        <p className="wf-flag" data-testid="placeholder-flag">
          <strong>{t('workflow.review.placeholders_title')}</strong>{' '}
          {t('workflow.review.placeholders', { marks: flags.map((f) => `「${f}」`).join('') })}
        </p>
      )}
      {entry.plans.length > 0 && (
        <>
          <h3>{t('workflow.review.plans')}</h3>
          <ul>
            {entry.plans.map((p, i) => (
              <li key={i}>
                {periodLabel(p.period, lang)}：{p.text}
              </li>
            ))}
          </ul>
        </>
      )}
      {kpis.length > 0 && (
        <>
          <h3>{t('workflow.review.kpis')}</h3>
          <ul data-testid="review-figures">
            {kpis.map((k) => {
              const points = sortedObservations(k);
              const last = points.at(-1);
              return (
                <li key={k.id}>
                  {lang === 'en' && k.nameEn ? k.nameEn : k.name}：
                  {last
                    ? `${points.map((p) => formatNumber(p.value, lang)).join('→')}${k.unit}（${periodLabel(last.period, lang)}）`
                    : t('workflow.review.no_figures')}
                </li>
              );
            })}
          </ul>
        </>
      )}
      <details>
        <summary>{t('workflow.review.previous')}</summary>
        <p lang="ja" className="wf-preview__text">
          {previous ?? t('workflow.review.no_previous')}
        </p>
      </details>
      <p>
        <L to={`/entries/${entry.id}/history`}>
          {t('workflow.history.link')}
          <span className="visually-hidden">：{title}</span>
        </L>
      </p>
      {reviewer && state === 'submitted' && (
        <form onSubmit={(e) => e.preventDefault()} noValidate className="wf-form">
          <RequiredTextField text={comment} label={t('workflow.review.comment')} rows={2} />
          <div className="wf-buttons">
            <button
              type="button"
              className="button button--primary"
              disabled={busy}
              onClick={() =>
                void act(
                  () => workflowApi.accept(entry.id, entry.version),
                  t('workflow.review.accepted', { title }),
                )
              }
            >
              {t('workflow.review.accept')}
            </button>
            <ConfirmButton
              label={t('workflow.review.return')}
              title={t('workflow.review.return_title', { title })}
              tone="danger"
              disabled={busy}
              check={() => comment.require(t('workflow.review.comment_required'))}
              onConfirm={() =>
                act(
                  () => workflowApi.returnEntry(entry.id, entry.version, comment.value.trim()),
                  t('workflow.review.returned', { title }),
                )
              }
            >
              <p>{t('workflow.review.return_body')}</p>
            </ConfirmButton>
          </div>
        </form>
      )}
      {secretariat && !excepted && state !== 'accepted' && (
        <>
          <OnBehalfForm item={item} ctx={ctx} onDone={onDone} />
          <ExceptionForm item={item} onDone={onDone} />
        </>
      )}
      {secretariat && excepted && <WithdrawException item={item} onDone={onDone} />}
    </li>
  );
}
