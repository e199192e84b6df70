/**
 * /publish/:cycleId — the publication checklist with pass/fail marks (icon and text), the
 * Publish button when ready, then the link to the public pages and the corrections form.
 */
import { useState } from 'react';
import { useParams } from 'react-router';
import type { Cycle } from '../../../src/domain/model.ts';
import type { Checklist } from '../../../src/domain/views.ts';
import { ConfirmButton } from '../components/ConfirmDialog.tsx';
import { L } from '../components/Link.tsx';
import { Loaded } from '../components/States.tsx';
import { cycleName } from '../lib/format.ts';
import { useLoad, usePageTitle } from '../lib/hooks.ts';
import { paths } from '../lib/paths.ts';
import { useLang, useT } from '../i18n.ts';
import { findCycle, workflowApi } from '../api/endpoints.ts';
import { CorrectionForm } from './CorrectionForm.tsx';
import { Announce, dateTime, errorText, RequireSession } from './common.tsx';
import { can, type SessionUser } from './session.ts';
import { ExceptionList, StatusTable } from './review/StatusTable.tsx';
import { WfSection } from './Field.tsx';

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
  const publish = async (cycle: Cycle) => {
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
    <Loaded state={state} title={t('workflow.publish.title')} failure={(e) => errorText(t, e)}>
      {({ cycle, checklist }) => (
        <PublishView
          cycle={cycle}
          checklist={checklist}
          user={user}
          busy={busy}
          message={message}
          error={error}
          onPublish={() => publish(cycle)}
        />
      )}
    </Loaded>
  );
}

/** The checklist and the publish button; after publishing, the correction form. */
function PublishView({
  cycle,
  checklist,
  user,
  busy,
  message,
  error,
  onPublish,
}: {
  cycle: Cycle;
  checklist: Checklist;
  user: SessionUser;
  busy: boolean;
  message: string | null;
  error: string | null;
  onPublish: () => Promise<void>;
}) {
  const t = useT();
  const lang = useLang();
  const published = cycle.state === 'published';
  return (
    <>
      <h1>
        {t('workflow.publish.title')}
        <span className="wf-kicker-after">{cycleName(cycle, lang)}</span>
      </h1>
      <Announce message={message} error={error} />
      <WfSection id="checklist" title={t('workflow.publish.checklist')}>
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
              onConfirm={onPublish}
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
      </WfSection>
      {!published && <ExceptionList checklist={checklist} />}
      <StatusTable checklist={checklist} cycleId={cycle.id} />
      {published && can(user, 'cycle:correct') && <CorrectionForm cycle={cycle} />}
    </>
  );
}

function ChecklistItems({ checklist }: { checklist: Checklist }) {
  const t = useT();
  const e = checklist.entries;
  const excepted = e.not_applicable + e.no_report;
  // Reported: no longer owed by the ministry (awaiting review, accepted, or excepted).
  const reported = e.submitted + e.accepted + excepted;
  const rows: [boolean, string][] = [
    [reported === e.total, t('workflow.publish.all_reported', { done: reported, total: e.total })],
    [
      e.settled === e.total,
      t('workflow.publish.all_settled', { done: e.settled, total: e.total, accepted: e.accepted, excepted }),
    ],
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
    <ul className="wf-checklist" data-testid="checklist">
      {rows.map(([ok, text]) => (
        <li key={text}>
          <Mark ok={ok} /> {text}
        </li>
      ))}
    </ul>
  );
}
