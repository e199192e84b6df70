/**
 * /tasks: a ministry editor's entries still owed (returned ones first, with the comment),
 * every item of the ministry with its state, and the survey sheet (download, import); the
 * secretariat's review queue and the per-ministry completion table with each ministry's
 * sheet and all of them in one ZIP.
 */
import { useState } from 'react';
import type { Checklist } from '../../../src/domain/views.ts';
import { L } from '../components/Link.tsx';
import { cycleName, dateLabel, orgShort, titleOf } from '../lib/format.ts';
import { useLoad, usePageTitle } from '../lib/hooks.ts';
import { Loaded } from '../components/States.tsx';
import { useLang, useT } from '../i18n.ts';
import { api, surveysZipUrl, surveyUrl, workflowApi } from '../api/endpoints.ts';
import { errorText, RequireSession, ReviewState, roleLabel } from './common.tsx';
import { MyItems, OutcomeNotice, type Outcome, type TaskListProps } from './MyItems.tsx';
import { can, type SessionUser } from './session.ts';
import { DataTable, num } from '../components/DataTable.tsx';

export function TasksPage() {
  return <RequireSession>{(user) => <Tasks user={user} />}</RequireSession>;
}

function Tasks({ user }: { user: SessionUser }) {
  const t = useT();
  usePageTitle(t('workflow.tasks.title'));
  const [round, setRound] = useState(0);
  const [outcome, setOutcome] = useState<Outcome>({ message: null, error: null, failed: [] });
  const selection = useState<ReadonlySet<string>>(new Set());
  const state = useLoad(() => workflowApi.tasks(), `tasks/${user.id}/${round}`);
  const done = (next: Outcome) => {
    setOutcome(next);
    setRound((r) => r + 1);
  };
  return (
    <>
      <h1>{t('workflow.tasks.title')}</h1>
      <p className="subtle">
        {t('workflow.tasks.greeting', { name: user.displayName || user.login, role: roleLabel(t, user) })}
      </p>
      <OutcomeNotice outcome={outcome} />
      <Loaded state={state} failure={(e) => errorText(t, e)}>
        {(data) =>
          data.length === 0 ? (
            <p>{t('workflow.tasks.none')}</p>
          ) : (
            data.map((task) => (
              <CycleSection key={task.cycle.id} task={task} user={user} selection={selection} onDone={done} />
            ))
          )
        }
      </Loaded>
    </>
  );
}

function CycleSection({ task, user, selection, onDone }: TaskListProps & { user: SessionUser }) {
  const t = useT();
  const lang = useLang();
  const { cycle } = task;
  const headingId = `cycle-${cycle.id}`;
  const owed = [...task.toWrite].sort(
    (a, b) => Number(b.entry.reviewState === 'returned') - Number(a.entry.reviewState === 'returned'),
  );
  return (
    <section aria-labelledby={headingId} className="wf-section">
      <h2 id={headingId}>
        {task.strategyTitle} {cycleName(cycle, lang)}
      </h2>
      <p className="subtle">
        {t(`workflow.cycle.state.${cycle.state}`)}
        {cycle.deadline && <> ・{t('workflow.cycle.deadline', { date: dateLabel(cycle.deadline, lang) })}</>}
      </p>
      {can(user, 'entry:edit') && (
        <>
          <h3>{t('workflow.tasks.to_write', { count: owed.length })}</h3>
          {owed.length === 0 ? (
            <p>{t('workflow.tasks.to_write_none')}</p>
          ) : (
            <ul className="wf-list">
              {owed.map(({ entry, initiative, deadline, overdue, usedIn }) => (
                <li key={entry.id} className={`wf-task wf-task--${entry.reviewState}`}>
                  <L to={`/entries/${entry.id}`}>{titleOf(lang, initiative)}</L>{' '}
                  {usedIn && usedIn.length > 1 && (
                    <span className="subtle" data-testid="used-in">
                      {t('workflow.tasks.used_in', {
                        strategies: usedIn
                          .map((u) => (lang === 'en' && u.titleEn ? u.titleEn : u.title))
                          .join('、'),
                      })}{' '}
                    </span>
                  )}
                  <ReviewState state={entry.reviewState} />
                  {overdue && (
                    <>
                      {' '}
                      <span className="wf-overdue" data-testid="overdue">
                        {t('workflow.tasks.overdue')}
                      </span>
                    </>
                  )}
                  {deadline && deadline !== cycle.deadline && (
                    <span className="subtle">
                      {' '}
                      {t('workflow.cycle.deadline', { date: dateLabel(deadline, lang) })}
                    </span>
                  )}
                  {entry.reviewState === 'returned' && entry.reviewComment && (
                    <p className="wf-comment">
                      <strong>{t('workflow.tasks.returned_comment')}</strong> {entry.reviewComment}
                    </p>
                  )}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {can(user, 'entry:edit') && (
        <MyItems task={task} id={`${headingId}-mine`} selection={selection} onDone={onDone} />
      )}
      {can(user, 'entry:edit') && cycle.state === 'open' && (
        <SurveyLinks cycleId={cycle.id} organisationIds={user.organisationIds} id={`${headingId}-survey`} />
      )}
      {can(user, 'entry:review') && (
        <>
          <h3>{t('workflow.tasks.to_review', { count: task.toReview.length })}</h3>
          {task.toReview.length === 0 ? (
            <p>{t('workflow.tasks.to_review_none')}</p>
          ) : (
            <p>
              <L to={`/review/${cycle.id}`}>{t('workflow.tasks.open_review')}</L>
            </p>
          )}
        </>
      )}
      {(can(user, 'assessment:write') || can(user, 'cycle:publish')) && (
        <ul className="wf-actions">
          {can(user, 'assessment:write') && (
            <li>
              <L to={`/assess/${cycle.id}`}>{t('workflow.tasks.open_assess')}</L>
            </li>
          )}
          {can(user, 'cycle:publish') && (
            <li>
              <L to={`/publish/${cycle.id}`}>{t('workflow.tasks.open_publish')}</L>
            </li>
          )}
        </ul>
      )}
      {task.checklist && (
        <Completion checklist={task.checklist} id={`${headingId}-progress`} cycleId={cycle.id} />
      )}
      {task.checklist && <Overdue checklist={task.checklist} />}
    </section>
  );
}

/** Ministries with entries still owed after their deadline (期限超過). */
function Overdue({ checklist }: { checklist: Checklist }) {
  const t = useT();
  const lang = useLang();
  const late = checklist.byOrganisation.filter((o) => o.overdue > 0);
  if (late.length === 0) return null;
  return (
    <div className="wf-alert" data-testid="overdue-ministries">
      <p>{t('workflow.tasks.overdue_ministries', { count: late.length })}</p>
      <ul>
        {late.map((o) => (
          <li key={o.organisationId}>
            {t('workflow.tasks.overdue_row', {
              ministry: o.shortName,
              count: o.overdue,
              date: o.deadline ? dateLabel(o.deadline, lang) : '',
            })}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The ministry's survey sheet: download it, fill it in Excel, import it on the next screen. */
function SurveyLinks({
  cycleId,
  organisationIds,
  id,
}: {
  cycleId: string;
  organisationIds: string[];
  id: string;
}) {
  const t = useT();
  const lang = useLang();
  const orgs = useLoad(() => api.organisations(), 'organisations');
  const nameOf = (o: string) => {
    const found = orgs.status === 'ok' ? orgs.data.find((x) => x.id === o) : undefined;
    return found ? orgShort(lang, found) : o;
  };
  return (
    <>
      <h3 id={id}>{t('workflow.tasks.survey')}</h3>
      <p>{t('workflow.tasks.survey_hint')}</p>
      <ul className="wf-actions">
        {organisationIds.length <= 1 ? (
          <li>
            <a href={surveyUrl(cycleId)} download="">
              {t('workflow.tasks.survey_download')}
            </a>
          </li>
        ) : (
          organisationIds.map((o) => (
            <li key={o}>
              <a href={surveyUrl(cycleId, o)} download="">
                {t('workflow.tasks.survey_download_for', { organisation: nameOf(o) })}
              </a>
            </li>
          ))
        )}
        <li>
          <L to={`/tasks/${cycleId}/survey`}>{t('workflow.tasks.survey_import')}</L>
        </li>
      </ul>
    </>
  );
}

/** Who has not reported yet: one row per ministry, with its survey sheet. */
export function Completion({
  checklist,
  id,
  cycleId,
}: {
  checklist: Checklist;
  id: string;
  cycleId?: string;
}) {
  const t = useT();
  return (
    <>
      <h3 id={id}>{t('workflow.tasks.progress')}</h3>
      {cycleId && (
        <p>
          <a href={surveysZipUrl(cycleId)} download="">
            {t('workflow.tasks.survey_zip')}
          </a>
        </p>
      )}
      <DataTable
        scroll={id}
        caption={t('workflow.tasks.progress_caption')}
        keys="workflow.tasks.col."
        head={[
          'ministry',
          num('total'),
          num('submitted'),
          num('accepted'),
          num('outstanding'),
          cycleId && 'survey',
        ]}
      >
        {checklist.byOrganisation.map((row) => (
          <tr key={row.organisationId}>
            <th scope="row">{row.shortName}</th>
            <td className="num">{row.total}</td>
            <td className="num">{row.submitted}</td>
            <td className="num">{row.accepted}</td>
            <td className="num">
              {row.outstanding > 0 ? (
                <strong>{row.outstanding}</strong>
              ) : (
                <>
                  0 <span className="wf-ok">✓ {t('workflow.tasks.all_reported')}</span>
                </>
              )}
            </td>
            {cycleId && (
              <td>
                <a href={surveyUrl(cycleId, row.organisationId)} download="">
                  {t('workflow.tasks.survey_of', { organisation: row.shortName })}
                </a>
              </td>
            )}
          </tr>
        ))}
      </DataTable>
    </>
  );
}
