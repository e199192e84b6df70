/**
 * An entry's text on the public pages: the ministry's 主な進捗, or — for an item the
 * secretariat published as a named exception — that it is 該当なし or 報告なし, and why.
 */
import { useT } from '../i18n.ts';

export function EntryText({ entry }: { entry: { text: string; reviewState: string } }) {
  const t = useT();
  if (entry.reviewState === 'not_applicable' || entry.reviewState === 'no_report') {
    return (
      <p className="entry-exception">
        <strong className="entry-exception__kind">{t(`web.item.${entry.reviewState}`)}</strong>{' '}
        <span lang="ja">{t('web.item.exception_reason', { reason: entry.text })}</span>
      </p>
    );
  }
  return <p lang="ja">{entry.text}</p>;
}
