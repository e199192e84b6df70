/**
 * /publish/:cycleId — the publication checklist with pass/fail marks (icon and text), the
 * Publish button when ready, then the link to the public pages and the corrections form.
 */
import { useState } from 'react';
import { useParams } from 'react-router';
import type { Checklist } from '../../../src/domain/views.ts';
import { ConfirmButton } from '../components/ConfirmDialog.tsx';
import { L } from '../components/Link.tsx';
import { cycleName } from '../lib/format.ts';
import { useLoad, usePageTitle } from '../lib/hooks.ts';
import { paths } from '../lib/paths.ts';
import { useLang, useT } from '../i18n.ts';
import { findCycle, workflowApi } from '../api/endpoints.ts';
import { CorrectionForm } from './CorrectionForm.tsx';
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
            <ConfirmButton
              label={t('workflow.publish.button')}
              title={t('workflow.publish.confirm_title', { name: cycleName(cycle, lang) })}
              disabled={!checklist.ready || busy}
              onConfirm={publish}
            >
              <p>{t('workflow.publish.confirm_body')}</p>
            </ConfirmButton>
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
      <Completion checklist={checklist} id="completion-heading" cycleId={cycle.id} />
      {published && can(user, 'cycle:correct') && <CorrectionForm cycle={cycle} />}
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
