/**
 * /entries/:entryId/history — every recorded change of one progress entry, oldest first:
 * who, when, what was done, and for the text the before and after with a character diff
 * (deletions struck through, insertions underlined, both also named for screen readers).
 */
import { useParams } from 'react-router';
import { L } from '../components/Link.tsx';
import { titleOf } from '../lib/format.ts';
import { useLoad, usePageTitle } from '../lib/hooks.ts';
import { Loaded } from '../components/States.tsx';
import { useLang, useT, type Translate } from '../i18n.ts';
import { workflowApi, type HistoryEvent } from '../api/endpoints.ts';
import { dateTime, errorText, RequireSession } from './common.tsx';
import { diffText } from '../../../src/domain/insight/text-diff.ts';

export function HistoryPage() {
  const { entryId = '' } = useParams();
  return <RequireSession>{() => <History entryId={entryId} />}</RequireSession>;
}

function History({ entryId }: { entryId: string }) {
  const t = useT();
  const lang = useLang();
  const state = useLoad(async () => {
    const [context, history] = await Promise.all([workflowApi.entry(entryId), workflowApi.history(entryId)]);
    return { context, history };
  }, entryId);
  const title = state.status === 'ok' ? titleOf(lang, state.data.context.initiative) : null;
  usePageTitle(title ? `${t('workflow.history.title')}: ${title}` : t('workflow.history.title'));
  return (
    <>
      <p className="wf-back">
        <L to={`/entries/${entryId}`}>{t('workflow.history.back')}</L>
      </p>
      <h1>
        <span className="wf-kicker">{t('workflow.history.title')}</span>
        {title ?? ''}
      </h1>
      <Loaded state={state} failure={(e) => errorText(t, e)}>
        {(data) =>
          data.history.length === 0 ? (
            <p>{t('workflow.history.none')}</p>
          ) : (
            <ol className="wf-cards wf-history">
              {data.history.map((h) => (
                <Event key={h.id} event={h} />
              ))}
            </ol>
          )
        }
      </Loaded>
    </>
  );
}

function actionLabel(t: Translate, action: string): string {
  const key = `workflow.history.action.${action}`;
  const label = t(key);
  return label === key ? action : label;
}

function Event({ event: h }: { event: HistoryEvent }) {
  const t = useT();
  const lang = useLang();
  const before = h.before ?? {};
  const after = h.after ?? {};
  const textChanged = (before.text ?? '') !== (after.text ?? '');
  const others = h.changed.filter((f) => f !== 'text');
  const headingId = `event-${h.id}`;
  return (
    <li className="wf-card wf-history__event" aria-labelledby={headingId}>
      <h2 id={headingId} className="wf-history__heading">
        {actionLabel(t, h.action)}
      </h2>
      <p className="subtle wf-history__who">
        {t('workflow.history.who', { name: h.actorName, at: dateTime(h.at, lang) })}
      </p>
      {h.reason && <p>{t('workflow.history.reason', { reason: h.reason })}</p>}
      {others.length > 0 && (
        <p>
          {t('workflow.history.fields', {
            list: others.map((f) => fieldLabel(t, f)).join('、'),
          })}
        </p>
      )}
      {after.reviewState && before.reviewState !== after.reviewState && (
        <p>
          {t('workflow.history.state', {
            from: before.reviewState ? t(`workflow.state.${before.reviewState}`) : '—',
            to: t(`workflow.state.${after.reviewState}`),
          })}
        </p>
      )}
      {textChanged && <TextChange before={before.text ?? ''} after={after.text ?? ''} id={h.id} />}
    </li>
  );
}

function fieldLabel(t: Translate, field: string): string {
  const key = `workflow.history.field.${field}`;
  const label = t(key);
  return label === key ? field : label;
}

function TextChange({ before, after, id }: { before: string; after: string; id: string }) {
  const t = useT();
  return (
    <div className="wf-diff">
      <h3 id={`diff-${id}`}>{t('workflow.history.diff')}</h3>
      <p className="wf-diff__text" lang="ja" data-testid="diff">
        {diffText(before, after).map((p, i) =>
          p.op === 'equal' ? (
            <span key={i}>{p.text}</span>
          ) : p.op === 'delete' ? (
            <del key={i}>
              <span className="visually-hidden">{t('workflow.history.deleted')}</span>
              {p.text}
            </del>
          ) : (
            <ins key={i}>
              <span className="visually-hidden">{t('workflow.history.inserted')}</span>
              {p.text}
            </ins>
          ),
        )}
      </p>
      <dl className="wf-facts wf-diff__sides">
        <dt>{t('workflow.history.before')}</dt>
        <dd lang="ja" className="wf-diff__before">
          {before || t('workflow.history.empty')}
        </dd>
        <dt>{t('workflow.history.after')}</dt>
        <dd lang="ja" className="wf-diff__after">
          {after || t('workflow.history.empty')}
        </dd>
      </dl>
    </div>
  );
}
