/** /notifications — the signed-in user's notifications (お知らせ), newest first; mark as read. */
import { Loading } from '../components/States.tsx';
import { useEffect, useState } from 'react';
import { L } from '../components/Link.tsx';
import { dateLabel, fiscalYearLabel } from '../lib/format.ts';
import { usePageTitle } from '../lib/hooks.ts';
import { useLang, useT, type Lang, type Translate } from '../i18n.ts';
import { workflowApi, type AppNotification } from '../api/endpoints.ts';
import { Announce, dateTime, errorText, RequireSession } from './common.tsx';
import { inbox } from './notifications.ts';

export function NotificationsPage() {
  return <RequireSession>{() => <Notifications />}</RequireSession>;
}

/** The notification's sentence: 「令和5年度のフォローアップの受付が始まりました。」 */
export function notificationText(t: Translate, lang: Lang, n: AppNotification): string {
  const fy = /fy(\d{4})$/.exec(n.params.cycleId ?? '')?.[1];
  const params = {
    // notices written before they named the item or the batch
    initiative: '',
    comment: '',
    organisation: '',
    count: '1',
    ...n.params,
    cycle: fy ? fiscalYearLabel(Number(fy), lang) : (n.params.cycleId ?? ''),
    deadline: n.params.deadline
      ? dateLabel(n.params.deadline, lang)
      : t('workflow.notifications.no_deadline'),
  };
  const key = `workflow.notifications.kind.${n.kind}`;
  const text = t(key, params);
  return text === key ? t('workflow.notifications.kind.other', { kind: n.kind }) : text;
}

/** Where a notification leads: the item it names, the review of a ministry's batch, or my tasks. */
function NotificationLink({ n }: { n: AppNotification }) {
  const t = useT();
  const { entryId, cycleId, initiative, organisation } = n.params;
  if (n.kind === 'entry_submitted' && cycleId) {
    return (
      <L to={`/review/${cycleId}`}>
        {t('workflow.notifications.open_review', { organisation: organisation ?? '' })}
      </L>
    );
  }
  if (entryId) {
    return (
      <L to={`/entries/${entryId}`}>
        {t('workflow.notifications.open_item', { initiative: initiative ?? '' })}
      </L>
    );
  }
  return <L to="/tasks">{t('workflow.nav.tasks')}</L>;
}

function Notifications() {
  const t = useT();
  const lang = useLang();
  const [list, setList] = useState<AppNotification[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  usePageTitle(t('workflow.notifications.title'));
  useEffect(() => {
    workflowApi.notifications().then(
      (l) => {
        setList(l);
        inbox.seen(l);
      },
      (err: unknown) => setError(err),
    );
    // Loaded once per visit; marking read updates the list in place.
  }, []);
  const markRead = async (n: AppNotification) => {
    try {
      await workflowApi.markRead(n.id);
      const next = (list ?? []).map((x) => (x.id === n.id ? { ...x, readAt: new Date().toISOString() } : x));
      setList(next);
      inbox.seen(next);
      setMessage(t('workflow.notifications.marked'));
    } catch (err) {
      setError(err);
    }
  };
  const unread = list?.filter((n) => n.readAt === null).length ?? 0;
  return (
    <>
      <h1>{t('workflow.notifications.title')}</h1>
      <Announce message={message} error={error ? errorText(t, error) : null} />
      {list === null && !error && <Loading />}
      {list && (
        <>
          <p className="adm-unread">{t('workflow.notifications.unread', { count: unread })}</p>
          {list.length === 0 ? (
            <p>{t('workflow.notifications.none')}</p>
          ) : (
            <ul className="wf-cards">
              {list.map((n) => (
                <li
                  key={n.id}
                  className={`wf-card wf-notification${n.readAt ? '' : ' wf-notification--unread'}`}
                >
                  <p>
                    {!n.readAt && <strong>{t('workflow.notifications.new')} </strong>}
                    {notificationText(t, lang, n)}
                  </p>
                  <p className="subtle">{dateTime(n.createdAt, lang)}</p>
                  <p>
                    <NotificationLink n={n} />
                  </p>
                  {!n.readAt && (
                    <button
                      type="button"
                      className="button button--secondary"
                      onClick={() => void markRead(n)}
                    >
                      {t('workflow.notifications.mark_read')}
                      <span className="visually-hidden">：{notificationText(t, lang, n)}</span>
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </>
  );
}
