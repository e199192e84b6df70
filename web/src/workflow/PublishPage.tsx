/**
 * /publish/:cycleId — the publication checklist with pass/fail marks (icon and text), the
 * Publish button when ready, then the link to the public pages and the corrections form.
 */
import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import type { Cycle } from '../../../src/domain/model.ts';
import type { Checklist } from '../../../src/domain/views.ts';
import { L } from '../components/Link.tsx';
import { cycleName, titleOf } from '../lib/format.ts';
import { useLoad, usePageTitle } from '../lib/hooks.ts';
import { paths } from '../lib/paths.ts';
import { useLang, useT } from '../i18n.ts';
import { findCycle, workflowApi, type EntryWithInitiative } from '../api/endpoints.ts';
import { Announce, dateTime, errorText, RequireSession } from './common.tsx';
import { can, type SessionUser } from './session.ts';
import { Completion } from './TasksPage.tsx';

export function PublishPage() {
  const { cycleId = '' } = useParams();
  return (
    <RequireSession action="cycle:publish">
      {(user) => <Publish cycleId={cycleId} user={user} />}
    </RequireSession>
  );
}

function Mark({ ok }: { ok: boolean }) {
  const t = useT();
  return (
    <span className={`wf-mark ${ok ? 'wf-mark--pass' : 'wf-mark--fail'}`}>
      <span aria-hidden="true">{ok ? '✓' : '✗'}</span>{' '}
      {ok ? t('workflow.publish.pass') : t('workflow.publish.fail')}
    </span>
  );
}

function Publish({ cycleId, user }: { cycleId: string; user: SessionUser }) {
  const t = useT();
  const lang = useLang();
  const [round, setRound] = useState(0);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  usePageTitle(t('workflow.publish.title'));
  const state = useLoad(async () => {
    const { cycle } = await findCycle(cycleId);
    const checklist = await workflowApi.checklist(cycleId);
    return { cycle, checklist };
  }, `${cycleId}/${round}`);
  if (state.status === 'loading')
    return (
      <p role="status" className="loading">
        {t('workflow.loading')}
      </p>
    );
  if (state.status === 'error')
    return (
      <div role="alert">
        <h1>{t('workflow.publish.title')}</h1>
        <p>{errorText(t, state.error)}</p>
      </div>
    );
  const { cycle, checklist } = state.data;
  const published = cycle.state === 'published';
  const publish = async () => {
    setBusy(true);
    setError(null);
    try {
      await workflowApi.publish(cycle.id, cycle.version);
      setMessage(t('workflow.publish.done'));
      setRound((r) => r + 1);
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <h1>
        {t('workflow.publish.title')}
        <span className="wf-kicker-after">{cycleName(cycle, lang)}</span>
      </h1>
      <Announce message={message} error={error} />
      <section aria-labelledby="checklist-heading" className="wf-section">
        <h2 id="checklist-heading">{t('workflow.publish.checklist')}</h2>
        <ChecklistItems checklist={checklist} />
        {!published && (
          <>
            <p className={checklist.ready ? 'wf-ready' : 'wf-not-ready'}>
              <Mark ok={checklist.ready} />{' '}
              {checklist.ready ? t('workflow.publish.ready') : t('workflow.publish.not_ready')}
            </p>
            <button
              type="button"
              className="button button--primary"
              disabled={!checklist.ready || busy}
              aria-describedby="checklist-heading"
              onClick={() => void publish()}
            >
              {t('workflow.publish.button')}
            </button>
          </>
        )}
        {published && (
          <p className="wf-ready">
            {t('workflow.publish.published', {
              at: cycle.publishedAt ? dateTime(cycle.publishedAt, lang) : '',
            })}{' '}
            <L to={paths.dashboard(cycle.strategyId, cycle.id)}>{t('workflow.publish.view')}</L>
          </p>
        )}
      </section>
      <Completion checklist={checklist} id="completion-heading" />
      {published && can(user, 'cycle:correct') && <Corrections cycle={cycle} />}
    </>
  );
}

function ChecklistItems({ checklist }: { checklist: Checklist }) {
  const t = useT();
  const e = checklist.entries;
  const submitted = e.submitted + e.accepted;
  const rows: [boolean, string][] = [
    [submitted === e.total, t('workflow.publish.all_submitted', { done: submitted, total: e.total })],
    [e.accepted === e.total, t('workflow.publish.all_accepted', { done: e.accepted, total: e.total })],
    [
      checklist.assessments.missing.length === 0,
      t('workflow.publish.all_assessed', {
        done: checklist.assessments.done,
        total: checklist.assessments.needed,
      }),
    ],
    [checklist.summary, t('workflow.publish.summary')],
  ];
  return (
    <ul className="wf-checklist">
      {rows.map(([ok, text]) => (
        <li key={text}>
          <Mark ok={ok} /> {text}
        </li>
      ))}
    </ul>
  );
}

function Corrections({ cycle }: { cycle: Cycle }) {
  const t = useT();
  const lang = useLang();
  const [round, setRound] = useState(0);
  const state = useLoad(
    () =>
      Promise.all([workflowApi.cycleEntries(cycle.id), workflowApi.corrections(cycle.strategyId, cycle.id)]),
    `${cycle.id}/${round}`,
  );
  const [entryId, setEntryId] = useState('');
  const [text, setText] = useState('');
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const entries: EntryWithInitiative[] = state.status === 'ok' ? state.data[0] : [];
  const chosen = entries.find((e) => e.entry.id === entryId);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (!chosen) found['correction-entry'] = t('workflow.correct.entry_required');
    if (!reason.trim()) found['correction-reason'] = t('workflow.correct.reason_required');
    setProblems(found);
    const first = Object.keys(found)[0];
    if (first) {
      document.getElementById(first)?.focus();
      return;
    }
    try {
      const result = await workflowApi.correct(cycle.id, reason.trim(), [
        { id: chosen!.entry.id, version: chosen!.entry.version, text, stage: chosen!.entry.stage },
      ]);
      setMessage(t('workflow.correct.done', { revision: result.revision }));
      setError(null);
      setReason('');
      setRound((r) => r + 1);
    } catch (err) {
      setError(errorText(t, err));
    }
  };
  const invalid = (id: string) =>
    problems[id] ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-error` } : {};
  const problem = (id: string) =>
    problems[id] ? (
      <p id={`${id}-error`} className="wf-field-error">
        {problems[id]}
      </p>
    ) : null;
  return (
    <section aria-labelledby="corrections-heading" className="wf-section">
      <h2 id="corrections-heading">{t('workflow.correct.title')}</h2>
      <p>{t('workflow.correct.lead')}</p>
      <Announce message={message} error={error} />
      <form onSubmit={(e) => void submit(e)} noValidate className="wf-form">
        <div className="wf-field">
          <label htmlFor="correction-entry">{t('workflow.correct.entry')}</label>
          {problem('correction-entry')}
          <select
            id="correction-entry"
            value={entryId}
            onChange={(e) => {
              setEntryId(e.target.value);
              setText(entries.find((x) => x.entry.id === e.target.value)?.entry.text ?? '');
            }}
            {...invalid('correction-entry')}
          >
            <option value="">{t('workflow.correct.entry_none')}</option>
            {entries.map(({ entry, initiative }) => (
              <option key={entry.id} value={entry.id}>
                {titleOf(lang, initiative)}
              </option>
            ))}
          </select>
        </div>
        <div className="wf-field">
          <label htmlFor="correction-text">{t('workflow.correct.text')}</label>
          <textarea
            id="correction-text"
            lang="ja"
            rows={4}
            value={text}
            disabled={!chosen}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
        <div className="wf-field">
          <label htmlFor="correction-reason">{t('workflow.correct.reason')}</label>
          {problem('correction-reason')}
          <textarea
            id="correction-reason"
            lang="ja"
            rows={2}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            {...invalid('correction-reason')}
          />
        </div>
        <button type="submit" className="button button--primary">
          {t('workflow.correct.submit')}
        </button>
      </form>
      {state.status === 'ok' && state.data[1].length > 0 && (
        <>
          <h3>{t('workflow.correct.history')}</h3>
          <ul>
            {state.data[1].map((c) => (
              <li key={c.id}>
                {t('workflow.public.correction_item', {
                  date: dateTime(c.createdAt, lang),
                  revision: c.revision,
                  reason: c.reason,
                })}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
