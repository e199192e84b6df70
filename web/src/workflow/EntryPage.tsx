/**
 * /entries/:entryId — a ministry clerk's form for one initiative's 主な進捗: last cycle's
 * text as a starting draft, autosave with the version (a 409 shows the other person's
 * version and keeps mine), validation, a preview as the report prints the item, submit.
 * When the session has ended, unsaved input is kept in localStorage until the next sign-in.
 */
import { entryPlaceholders } from '../../../src/domain/review.ts';
import { useRef, useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import type { ProgressEntry } from '../../../src/domain/model.ts';
import type { OutlineTree } from '../../../src/domain/views.ts';
import { L } from '../components/Link.tsx';
import { Loaded } from '../components/States.tsx';
import { cycleName, pick, titleOf } from '../lib/format.ts';
import { useLoad, usePageTitle } from '../lib/hooks.ts';
import { periodCodeFrom } from '../../../src/domain/periods.ts';
import { flatten } from '../lib/tree.ts';
import { useVersionedDraft } from '../lib/useVersionedDraft.ts';
import { useLang, useT } from '../i18n.ts';
import { workflowApi, type EntryContext, type EntryDraft } from '../api/endpoints.ts';
import { ApiError } from '../api/client.ts';
import { Announce, dateTime, errorText, ministryTag, RequireSession, ReviewState } from './common.tsx';
import { ConflictNotice, ExpiredNotice, updaterName } from './DraftNotices.tsx';
import { EntryIndicators } from './EntryIndicators.tsx';
import { EntryUsedIn } from './EntryUsedIn.tsx';
import { ConfirmButton } from '../components/ConfirmDialog.tsx';
import { can, type SessionUser } from './session.ts';
import { SelectField, TextField, WfSection } from './Field.tsx';
import { EntryRows } from './EntryRows.tsx';
import { Options } from '../components/Options.tsx';

const AUTOSAVE_MS = 1500;
const storageKey = (entryId: string) => `shinchoku.draft.${entryId}`;

export function EntryPage() {
  const { entryId = '' } = useParams();
  return <RequireSession>{(user) => <EntryLoader entryId={entryId} user={user} />}</RequireSession>;
}

function EntryLoader({ entryId, user }: { entryId: string; user: SessionUser }) {
  const t = useT();
  const state = useLoad(async () => {
    const context = await workflowApi.entry(entryId);
    const tree = await workflowApi.tree(context.cycle.strategyId, context.cycle.id);
    return { context, tree };
  }, entryId);
  return (
    <Loaded state={state} title={t('workflow.entry.title')} failure={(e) => errorText(t, e)}>
      {({ context, tree }) => <EntryForm key={entryId} context={context} tree={tree} user={user} />}
    </Loaded>
  );
}

function fromEntry(e: ProgressEntry | null): EntryDraft {
  return e
    ? { text: e.text, textEn: e.textEn, stage: e.stage, plans: e.plans, evidence: e.evidence }
    : { text: '', textEn: '', stage: null, plans: [], evidence: [] };
}

interface Problem {
  field: string;
  message: string;
}

function validate(t: (k: string, p?: Record<string, string | number>) => string, d: EntryDraft): Problem[] {
  const out: Problem[] = [];
  if (!d.text.trim()) out.push({ field: 'entry-text', message: t('workflow.entry.error.text_required') });
  d.plans.forEach((p, i) => {
    if (periodCodeFrom(p.period) === null)
      out.push({ field: `plan-period-${i}`, message: t('workflow.entry.error.period', { n: i + 1 }) });
    if (!p.text.trim())
      out.push({ field: `plan-text-${i}`, message: t('workflow.entry.error.plan_text', { n: i + 1 }) });
  });
  d.evidence.forEach((ev, i) => {
    if (!/^https?:\/\/\S+$/.test(ev.url.trim()))
      out.push({ field: `evidence-url-${i}`, message: t('workflow.entry.error.url', { n: i + 1 }) });
  });
  return out;
}

/** What autosave sends: complete rows only (incomplete ones stay in the form). */
function sendable(d: EntryDraft): EntryDraft {
  return {
    text: d.text,
    // a draft kept in the browser before the English field existed has none
    textEn: d.textEn ?? '',
    stage: d.stage,
    plans: d.plans
      .map((p) => ({ period: periodCodeFrom(p.period) ?? '', text: p.text.trim() }))
      .filter((p) => p.period && p.text),
    evidence: d.evidence
      .map((e) => ({ url: e.url.trim(), title: e.title.trim() }))
      .filter((e) => /^https?:\/\/\S+$/.test(e.url)),
  };
}

function EntryForm({ context, tree, user }: { context: EntryContext; tree: OutlineTree; user: SessionUser }) {
  const t = useT();
  const lang = useLang();
  const { initiative, cycle, previous } = context;
  const [problems, setProblems] = useState<Problem[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const errorsRef = useRef<HTMLDivElement>(null);
  const mayEdit = (e: ProgressEntry | null) =>
    can(user, 'entry:edit') &&
    cycle.state === 'open' &&
    (e?.reviewState === 'draft' || e?.reviewState === 'returned');
  const form = useVersionedDraft<ProgressEntry, EntryDraft>({
    record: context.entry,
    fromRecord: fromEntry,
    save: (d, version) =>
      workflowApi.saveEntry(context.entry.id, version ?? context.entry.version, sendable(d)),
    storageKey: storageKey(context.entry.id),
    editable: mayEdit,
    autosaveMs: AUTOSAVE_MS,
  });
  const entry = form.record ?? context.entry;
  const draft = form.draft;
  // the same check review makes on the server: a warning while writing, never a refusal
  const marks = entryPlaceholders({ reviewState: entry.reviewState, text: draft.text, plans: draft.plans });
  const saving = form.state === 'saving';
  const status =
    message ??
    (form.state === 'saved'
      ? t('workflow.entry.saved', { time: dateTime(entry.updatedAt, lang) })
      : form.restored && form.dirty
        ? t('workflow.entry.restored')
        : null);
  const failed = failure ?? form.error;

  usePageTitle(`${t('workflow.entry.title')}: ${titleOf(lang, initiative)}`);

  const editable = mayEdit(entry);
  const { conflict, expired, dirty } = form;

  const owners = initiative.ownerIds.map((id) => ({ id, org: tree.organisations.find((o) => o.id === id) }));
  const shortNames = owners.map(({ id, org }) => org?.shortName ?? id);
  const nodes = flatten(tree.nodes);
  const listings = initiative.listings
    .map((l) => nodes.find((n) => n.id === l.nodeId))
    .filter((n) => n !== undefined);
  const stages = tree.vocabulary.filter((v) => v.kind === 'stage').sort((a, b) => a.position - b.position);

  const change = (next: Partial<EntryDraft>) => {
    form.change(next);
    setFailure(null);
    // Once the errors are shown, they follow the input (a fixed field loses its message).
    if (problems.length > 0) setProblems(validate(t, { ...draft, ...next }));
    setMessage(null);
  };

  /** Submit or withdraw: the entry as it comes back, or on a 409 as it now is. */
  const move = async (send: () => Promise<ProgressEntry>, done: string) => {
    try {
      form.replaceRecord(await send());
      setMessage(t(done));
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        const latest = (err.details as { current?: ProgressEntry } | undefined)?.current;
        if (latest) form.replaceRecord(latest);
      }
      setFailure(err);
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = validate(t, draft);
    setProblems(found);
    if (found.length > 0) {
      window.setTimeout(() => errorsRef.current?.focus(), 0);
      return;
    }
    const current = form.dirty ? await form.saveNow() : entry;
    if (!current) return;
    await move(() => workflowApi.submit(current.id, current.version), 'workflow.entry.submitted');
  };

  const mayWithdraw = can(user, 'entry:edit') && cycle.state === 'open' && entry.reviewState === 'submitted';
  const withdraw = async () => {
    setFailure(null);
    await move(() => workflowApi.withdraw(entry.id, entry.version), 'workflow.entry.withdrawn');
  };

  const problemFor = (field: string) => problems.find((p) => p.field === field);
  const errorOf = (field: string) => problemFor(field)?.message;

  const title = titleOf(lang, initiative);
  return (
    <>
      <p className="wf-back">
        <L to="/tasks">{t('workflow.entry.history_link')}</L>
        {' ・ '}
        <L to={`/entries/${context.entry.id}/history`}>{t('workflow.history.link')}</L>
      </p>
      <h1>
        <span className="wf-kicker">{t('workflow.entry.title')}</span>
        {title}
      </h1>
      <Announce
        message={saving ? t('workflow.entry.saving') : status}
        error={failed ? errorText(t, failed) : null}
      />
      {expired && <ExpiredNotice returnTo={`/entries/${context.entry.id}`} />}
      <WfSection id="about" title={t('workflow.entry.about')}>
        <dl className="wf-facts">
          <dt>{t('workflow.entry.ministries')}</dt>
          <dd>{owners.map(({ id, org }) => (org ? pick(lang, org.nameJa, org.nameEn) : id)).join('、')}</dd>
          <dt>{t('workflow.entry.listed_under')}</dt>
          <dd>
            <ul className="wf-plain">
              {listings.map((n) => (
                <li key={n.id}>
                  {n.code} {titleOf(lang, n)}
                </li>
              ))}
            </ul>
          </dd>
          <dt>{t('workflow.entry.cycle')}</dt>
          <dd>{cycleName(cycle, lang)}</dd>
          <dt>{t('workflow.entry.state')}</dt>
          <dd>
            <ReviewState state={entry.reviewState} />
          </dd>
        </dl>
        {context.onBehalf && (
          <p className="wf-alert" data-testid="on-behalf">
            {t('workflow.entry.on_behalf', {
              by: context.onBehalf.by,
              at: dateTime(context.onBehalf.at, lang),
            })}
          </p>
        )}
        {(entry.reviewState === 'not_applicable' || entry.reviewState === 'no_report') && (
          <div className="wf-alert" data-testid="exception">
            <h3>{t('workflow.entry.excepted', { kind: t(`workflow.state.${entry.reviewState}`) })}</h3>
            <p className="wf-comment">{t('workflow.review.exception_reason', { reason: entry.text })}</p>
          </div>
        )}
        {entry.reviewState === 'returned' && entry.reviewComment && (
          <div className="wf-alert wf-alert--returned">
            <h3>{t('workflow.entry.returned')}</h3>
            <p className="wf-comment">{entry.reviewComment}</p>
          </div>
        )}
      </WfSection>
      <EntryUsedIn usedIn={context.usedIn} />

      <WfSection id="previous" title={t('workflow.entry.previous')}>
        {previous && previous.text ? (
          <>
            <blockquote className="wf-previous" lang="ja">
              {previous.text}
            </blockquote>
            {editable && (
              <button
                type="button"
                className="button button--secondary"
                onClick={() =>
                  change({ text: previous.text, stage: draft.stage ?? previous.stage, plans: draft.plans })
                }
              >
                {t('workflow.entry.use_previous')}
              </button>
            )}
          </>
        ) : (
          <p>{t('workflow.entry.previous_none')}</p>
        )}
      </WfSection>

      {conflict && (
        <ConflictNotice
          id="entry"
          who={updaterName(conflict)}
          version={conflict.version}
          theirs={
            <blockquote className="wf-previous" lang="ja">
              {conflict.text}
            </blockquote>
          }
          onKeepMine={mayEdit(conflict) ? () => void form.keepMine() : undefined}
          onTakeTheirs={form.takeTheirs}
        />
      )}

      <WfSection id="form" title={t('workflow.entry.form')}>
        {!editable && (
          <p className="notice">
            {t('workflow.entry.readonly', { state: t(`workflow.state.${entry.reviewState}`) })}
          </p>
        )}
        {problems.length > 0 && (
          <div className="wf-error-summary" tabIndex={-1} ref={errorsRef} aria-labelledby="errors-heading">
            <h3 id="errors-heading">{t('workflow.entry.errors')}</h3>
            <ul>
              {problems.map((p) => (
                <li key={p.field}>
                  <a href={`#${p.field}`}>{p.message}</a>
                </li>
              ))}
            </ul>
          </div>
        )}
        <form onSubmit={(e) => void submit(e)} noValidate className="wf-form">
          <fieldset disabled={!editable} className="wf-fieldset">
            <TextField
              id="entry-text"
              label={t('workflow.entry.text')}
              hint={t('workflow.entry.text_hint')}
              error={errorOf('entry-text')}
              lang="ja"
              rows={6}
              value={draft.text}
              onValue={(text) => change({ text })}
              required
            >
              {marks.length > 0 && (
                <p className="wf-flag" data-testid="placeholder-flag">
                  {t('workflow.entry.placeholders', { marks: marks.map((m) => `「${m}」`).join('') })}
                </p>
              )}
            </TextField>
            <TextField
              id="entry-text-en"
              label={t('workflow.entry.text_en')}
              hint={t('workflow.entry.text_en_hint')}
              lang="en"
              rows={4}
              value={draft.textEn ?? ''}
              onValue={(textEn) => change({ textEn })}
            />
            <SelectField
              id="entry-stage"
              label={t('workflow.entry.stage')}
              value={draft.stage ?? ''}
              onValue={(v) => change({ stage: v || null })}
              all={t('workflow.entry.stage_none')}
            >
              <Options of={stages} value={(s) => s.code} label={(s) => pick(lang, s.labelJa, s.labelEn)} />
            </SelectField>
            <EntryRows
              legend={t('workflow.entry.plans')}
              item="plan"
              rows={draft.plans}
              onChange={(plans) => change({ plans })}
              inputs={[
                { key: 'period', size: 12 },
                { key: 'text', lang: 'ja', grow: true },
              ]}
              errorOf={errorOf}
            />
            <EntryRows
              legend={t('workflow.entry.evidence')}
              item="evidence"
              rows={draft.evidence}
              onChange={(evidence) => change({ evidence })}
              inputs={[
                { key: 'url', type: 'url', grow: true },
                { key: 'title', grow: true },
              ]}
              errorOf={errorOf}
            />
          </fieldset>

          <section aria-labelledby="preview-heading" className="wf-preview">
            <h3 id="preview-heading">{t('workflow.entry.preview')}</h3>
            <p lang="ja" className="wf-preview__text" data-testid="preview">
              {draft.text.trim() ? draft.text.trim() : t('workflow.entry.preview_empty')}
              {ministryTag(shortNames)}
            </p>
          </section>

          {mayWithdraw && (
            <div className="wf-buttons">
              <ConfirmButton
                label={t('workflow.entry.withdraw')}
                title={t('workflow.entry.withdraw_title')}
                onConfirm={withdraw}
                tone="danger"
              >
                <p>{t('workflow.entry.withdraw_body')}</p>
              </ConfirmButton>
            </div>
          )}
          {editable && (
            <div className="wf-buttons">
              <button
                type="submit"
                className="button button--primary"
                disabled={saving || !!conflict || expired}
              >
                {t('workflow.entry.submit')}
              </button>
              <button
                type="button"
                className="button button--secondary"
                disabled={saving || !dirty || !!conflict || expired}
                onClick={() => void form.saveNow()}
              >
                {t('workflow.entry.save_now')}
              </button>
              {dirty && !saving && <span className="subtle">{t('workflow.entry.unsaved')}</span>}
            </div>
          )}
        </form>
      </WfSection>

      <EntryIndicators
        indicators={context.indicators}
        cycleId={cycle.id}
        mode={
          cycle.state !== 'open'
            ? null
            : can(user, 'entry:edit')
              ? 'editor'
              : can(user, 'cycle:manage')
                ? 'proxy'
                : null
        }
      />
    </>
  );
}
