/**
 * /entries/:entryId — a ministry clerk's form for one initiative's 主な進捗: last cycle's
 * text as a starting draft, autosave with the version (a 409 shows the other person's
 * version and keeps mine), validation, a preview as the report prints the item, submit.
 * When the session has ended, unsaved input is kept in localStorage until the next sign-in.
 */
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import type { ProgressEntry } from '../../../src/domain/model.ts';
import type { OutlineTree } from '../../../src/domain/views.ts';
import { L } from '../components/Link.tsx';
import { cycleName, pick, titleOf } from '../lib/format.ts';
import { useLoad, usePageTitle } from '../lib/hooks.ts';
import { flatten } from '../lib/tree.ts';
import { useLang, useT } from '../i18n.ts';
import { workflowApi, type EntryContext, type EntryDraft } from '../api/endpoints.ts';
import { ApiError } from '../api/client.ts';
import { Announce, dateTime, errorText, loginPath, ministryTag, RequireSession } from './common.tsx';
import { can, useSession, type SessionUser } from './session.ts';

const PERIOD = /^(FY\d{4}(-end)?|\d{4}(-\d{2}(-\d{2})?)?)$/;
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
  if (state.status === 'loading')
    return (
      <p role="status" className="loading">
        {t('workflow.loading')}
      </p>
    );
  if (state.status === 'error')
    return (
      <div role="alert">
        <h1>{t('workflow.entry.title')}</h1>
        <p>{errorText(t, state.error)}</p>
      </div>
    );
  return <EntryForm key={entryId} context={state.data.context} tree={state.data.tree} user={user} />;
}

function fromEntry(e: ProgressEntry): EntryDraft {
  return { text: e.text, stage: e.stage, plans: e.plans, evidence: e.evidence };
}

function readStored(entryId: string): EntryDraft | null {
  try {
    const raw = window.localStorage.getItem(storageKey(entryId));
    return raw ? (JSON.parse(raw) as EntryDraft) : null;
  } catch {
    return null;
  }
}

function store(entryId: string, draft: EntryDraft | null) {
  try {
    if (draft) window.localStorage.setItem(storageKey(entryId), JSON.stringify(draft));
    else window.localStorage.removeItem(storageKey(entryId));
  } catch {
    // storage disabled: nothing more we can keep
  }
}

interface Problem {
  field: string;
  message: string;
}

function validate(t: (k: string, p?: Record<string, string | number>) => string, d: EntryDraft): Problem[] {
  const out: Problem[] = [];
  if (!d.text.trim()) out.push({ field: 'entry-text', message: t('workflow.entry.error.text_required') });
  d.plans.forEach((p, i) => {
    if (!PERIOD.test(p.period.trim()))
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
    stage: d.stage,
    plans: d.plans
      .map((p) => ({ period: p.period.trim(), text: p.text.trim() }))
      .filter((p) => PERIOD.test(p.period) && p.text),
    evidence: d.evidence
      .map((e) => ({ url: e.url.trim(), title: e.title.trim() }))
      .filter((e) => /^https?:\/\/\S+$/.test(e.url)),
  };
}

function EntryForm({ context, tree, user }: { context: EntryContext; tree: OutlineTree; user: SessionUser }) {
  const t = useT();
  const lang = useLang();
  const sessionState = useSession();
  const { initiative, cycle, previous } = context;
  const [entry, setEntry] = useState<ProgressEntry>(context.entry);
  const stored = useRef(readStored(context.entry.id));
  const [draft, setDraft] = useState<EntryDraft>(stored.current ?? fromEntry(context.entry));
  const [dirty, setDirty] = useState(stored.current !== null);
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<string | null>(stored.current ? t('workflow.entry.restored') : null);
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<ProgressEntry | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [expired, setExpired] = useState(false);
  const draftRef = useRef(draft);
  draftRef.current = draft;
  const entryRef = useRef(entry);
  entryRef.current = entry;
  const errorsRef = useRef<HTMLDivElement>(null);

  usePageTitle(`${t('workflow.entry.title')}: ${titleOf(lang, initiative)}`);

  const editable =
    can(user, 'entry:edit') &&
    cycle.state === 'open' &&
    (entry.reviewState === 'draft' || entry.reviewState === 'returned');

  const orgs = initiative.ownerIds.map((id) => tree.organisations.find((o) => o.id === id));
  const shortNames = orgs.map((o, i) => o?.shortName ?? initiative.ownerIds[i]!);
  const nodes = flatten(tree.nodes);
  const listings = initiative.listings
    .map((l) => nodes.find((n) => n.id === l.nodeId))
    .filter((n) => n !== undefined);
  const stages = tree.vocabulary.filter((v) => v.kind === 'stage').sort((a, b) => a.position - b.position);

  const handleFailure = useCallback(
    (err: unknown) => {
      if (err instanceof ApiError && err.status === 401) {
        store(context.entry.id, draftRef.current);
        setExpired(true);
        return;
      }
      if (err instanceof ApiError && err.status === 409) {
        const current = (err.details as { current?: ProgressEntry } | undefined)?.current;
        if (current) {
          setConflict(current);
          if (current.reviewState !== entryRef.current.reviewState) setEntry(current);
          return;
        }
      }
      setError(errorText(t, err));
    },
    [context.entry.id, t],
  );

  const save = useCallback(
    async (overVersion?: number): Promise<ProgressEntry | null> => {
      const snapshot = draftRef.current;
      setSaving(true);
      setError(null);
      try {
        const saved = await workflowApi.saveEntry(
          context.entry.id,
          overVersion ?? entryRef.current.version,
          sendable(snapshot),
        );
        setEntry(saved);
        entryRef.current = saved;
        setConflict(null);
        if (draftRef.current === snapshot) {
          setDirty(false);
          store(context.entry.id, null);
        }
        setMessage(t('workflow.entry.saved', { time: dateTime(saved.updatedAt, lang) }));
        return saved;
      } catch (err) {
        handleFailure(err);
        return null;
      } finally {
        setSaving(false);
      }
    },
    [context.entry.id, handleFailure, lang, t],
  );

  // Autosave: a while after the last change, unless a conflict waits for a decision.
  useEffect(() => {
    if (!dirty || !editable || conflict || expired) return;
    store(context.entry.id, draft);
    const timer = window.setTimeout(() => void save(), AUTOSAVE_MS);
    return () => window.clearTimeout(timer);
  }, [draft, dirty, editable, conflict, expired, save, context.entry.id]);

  // Signed in again in another tab or after expiry: carry on.
  useEffect(() => {
    if (expired && sessionState.status === 'signed-in') setExpired(false);
  }, [expired, sessionState.status]);

  const change = (next: Partial<EntryDraft>) => {
    const updated = { ...draft, ...next };
    setDraft(updated);
    // Once the errors are shown, they follow the input (a fixed field loses its message).
    if (problems.length > 0) setProblems(validate(t, updated));
    setDirty(true);
    setMessage(null);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = validate(t, draft);
    setProblems(found);
    if (found.length > 0) {
      window.setTimeout(() => errorsRef.current?.focus(), 0);
      return;
    }
    let current: ProgressEntry | null = entryRef.current;
    if (dirty) current = await save();
    if (!current) return;
    try {
      const submitted = await workflowApi.submit(current.id, current.version);
      setEntry(submitted);
      setMessage(t('workflow.entry.submitted'));
    } catch (err) {
      handleFailure(err);
    }
  };

  const problemFor = (field: string) => problems.find((p) => p.field === field);
  const fieldProps = (field: string) => {
    const p = problemFor(field);
    return p ? { 'aria-invalid': true as const, 'aria-describedby': `${field}-error` } : {};
  };
  const fieldError = (field: string) => {
    const p = problemFor(field);
    return p ? (
      <p id={`${field}-error`} className="wf-field-error">
        {p.message}
      </p>
    ) : null;
  };

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
      <Announce message={saving ? t('workflow.entry.saving') : message} error={error} />
      {expired && (
        <div className="wf-alert" role="alert">
          <h2>{t('workflow.auth.expired_title')}</h2>
          <p>{t('workflow.auth.expired_body')}</p>
          <p>
            <L to={loginPath(`/entries/${context.entry.id}`, 'expired')} className="button button--primary">
              {t('workflow.auth.sign_in_again')}
            </L>
          </p>
        </div>
      )}
      <section aria-labelledby="about-heading" className="wf-section">
        <h2 id="about-heading">{t('workflow.entry.about')}</h2>
        <dl className="wf-facts">
          <dt>{t('workflow.entry.ministries')}</dt>
          <dd>{orgs.map((o, i) => (o ? pick(lang, o.nameJa, o.nameEn) : shortNames[i])).join('、')}</dd>
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
            <span className={`wf-state wf-state--${entry.reviewState}`}>
              {t(`workflow.state.${entry.reviewState}`)}
            </span>
          </dd>
        </dl>
        {entry.reviewState === 'returned' && entry.reviewComment && (
          <div className="wf-alert wf-alert--returned">
            <h3>{t('workflow.entry.returned')}</h3>
            <p className="wf-comment">{entry.reviewComment}</p>
          </div>
        )}
      </section>

      <section aria-labelledby="previous-heading" className="wf-section">
        <h2 id="previous-heading">{t('workflow.entry.previous')}</h2>
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
      </section>

      {conflict && (
        <section className="wf-alert" aria-labelledby="conflict-heading" role="alert">
          <h2 id="conflict-heading">{t('workflow.entry.conflict_title')}</h2>
          <p>{t('workflow.entry.conflict_body')}</p>
          <h3>
            {t('workflow.entry.conflict_theirs', { who: conflict.updatedBy, version: conflict.version })}
          </h3>
          <blockquote className="wf-previous" lang="ja">
            {conflict.text}
          </blockquote>
          <div className="wf-buttons">
            {conflict.reviewState === 'draft' || conflict.reviewState === 'returned' ? (
              <button
                type="button"
                className="button button--primary"
                onClick={() => void save(conflict.version)}
              >
                {t('workflow.entry.conflict_keep_mine')}
              </button>
            ) : null}
            <button
              type="button"
              className="button button--secondary"
              onClick={() => {
                setEntry(conflict);
                setDraft(fromEntry(conflict));
                setDirty(false);
                store(context.entry.id, null);
                setConflict(null);
              }}
            >
              {t('workflow.entry.conflict_take_theirs')}
            </button>
          </div>
        </section>
      )}

      <section aria-labelledby="form-heading" className="wf-section">
        <h2 id="form-heading">{t('workflow.entry.form')}</h2>
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
            <div className="wf-field">
              <label htmlFor="entry-text">{t('workflow.entry.text')}</label>
              <p id="entry-text-hint" className="wf-hint">
                {t('workflow.entry.text_hint')}
              </p>
              {fieldError('entry-text')}
              <textarea
                id="entry-text"
                lang="ja"
                rows={6}
                value={draft.text}
                onChange={(e) => change({ text: e.target.value })}
                aria-describedby={
                  problemFor('entry-text') ? 'entry-text-error entry-text-hint' : 'entry-text-hint'
                }
                aria-invalid={problemFor('entry-text') ? true : undefined}
                required
              />
            </div>
            <div className="wf-field">
              <label htmlFor="entry-stage">{t('workflow.entry.stage')}</label>
              <select
                id="entry-stage"
                value={draft.stage ?? ''}
                onChange={(e) => change({ stage: e.target.value || null })}
              >
                <option value="">{t('workflow.entry.stage_none')}</option>
                {stages.map((s) => (
                  <option key={s.code} value={s.code}>
                    {pick(lang, s.labelJa, s.labelEn)}
                  </option>
                ))}
              </select>
            </div>
            <fieldset className="wf-rows">
              <legend>{t('workflow.entry.plans')}</legend>
              {draft.plans.map((p, i) => (
                <div
                  key={i}
                  className="wf-row"
                  role="group"
                  aria-label={t('workflow.entry.row', { n: i + 1 })}
                >
                  <div className="wf-field">
                    <label htmlFor={`plan-period-${i}`}>{t('workflow.entry.plan_period')}</label>
                    {fieldError(`plan-period-${i}`)}
                    <input
                      id={`plan-period-${i}`}
                      value={p.period}
                      size={12}
                      onChange={(e) =>
                        change({
                          plans: draft.plans.map((x, j) => (j === i ? { ...x, period: e.target.value } : x)),
                        })
                      }
                      {...fieldProps(`plan-period-${i}`)}
                    />
                  </div>
                  <div className="wf-field wf-field--grow">
                    <label htmlFor={`plan-text-${i}`}>{t('workflow.entry.plan_text')}</label>
                    {fieldError(`plan-text-${i}`)}
                    <input
                      id={`plan-text-${i}`}
                      lang="ja"
                      value={p.text}
                      onChange={(e) =>
                        change({
                          plans: draft.plans.map((x, j) => (j === i ? { ...x, text: e.target.value } : x)),
                        })
                      }
                      {...fieldProps(`plan-text-${i}`)}
                    />
                  </div>
                  <button
                    type="button"
                    className="button button--secondary wf-remove"
                    onClick={() => change({ plans: draft.plans.filter((_, j) => j !== i) })}
                  >
                    {t('workflow.entry.plan_remove', { n: i + 1 })}
                  </button>
                </div>
              ))}
              <button
                type="button"
                className="button button--secondary"
                onClick={() => change({ plans: [...draft.plans, { period: '', text: '' }] })}
              >
                {t('workflow.entry.plan_add')}
              </button>
            </fieldset>
            <fieldset className="wf-rows">
              <legend>{t('workflow.entry.evidence')}</legend>
              {draft.evidence.map((ev, i) => (
                <div
                  key={i}
                  className="wf-row"
                  role="group"
                  aria-label={t('workflow.entry.row', { n: i + 1 })}
                >
                  <div className="wf-field wf-field--grow">
                    <label htmlFor={`evidence-url-${i}`}>{t('workflow.entry.evidence_url')}</label>
                    {fieldError(`evidence-url-${i}`)}
                    <input
                      id={`evidence-url-${i}`}
                      type="url"
                      value={ev.url}
                      onChange={(e) =>
                        change({
                          evidence: draft.evidence.map((x, j) =>
                            j === i ? { ...x, url: e.target.value } : x,
                          ),
                        })
                      }
                      {...fieldProps(`evidence-url-${i}`)}
                    />
                  </div>
                  <div className="wf-field wf-field--grow">
                    <label htmlFor={`evidence-title-${i}`}>{t('workflow.entry.evidence_title')}</label>
                    <input
                      id={`evidence-title-${i}`}
                      value={ev.title}
                      onChange={(e) =>
                        change({
                          evidence: draft.evidence.map((x, j) =>
                            j === i ? { ...x, title: e.target.value } : x,
                          ),
                        })
                      }
                    />
                  </div>
                  <button
                    type="button"
                    className="button button--secondary wf-remove"
                    onClick={() => change({ evidence: draft.evidence.filter((_, j) => j !== i) })}
                  >
                    {t('workflow.entry.evidence_remove', { n: i + 1 })}
                  </button>
                </div>
              ))}
              <button
                type="button"
                className="button button--secondary"
                onClick={() => change({ evidence: [...draft.evidence, { url: '', title: '' }] })}
              >
                {t('workflow.entry.evidence_add')}
              </button>
            </fieldset>
          </fieldset>

          <section aria-labelledby="preview-heading" className="wf-preview">
            <h3 id="preview-heading">{t('workflow.entry.preview')}</h3>
            <p lang="ja" className="wf-preview__text" data-testid="preview">
              {draft.text.trim() ? draft.text.trim() : t('workflow.entry.preview_empty')}
              {ministryTag(shortNames)}
            </p>
          </section>

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
                onClick={() => void save()}
              >
                {t('workflow.entry.save_now')}
              </button>
              {dirty && !saving && <span className="subtle">{t('workflow.entry.unsaved')}</span>}
            </div>
          )}
        </form>
      </section>
    </>
  );
}
