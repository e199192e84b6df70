/**
 * An entry's text on the public pages: the ministry's 主な進捗, or — for an item the
 * secretariat published as a named exception — that it is 該当なし or 報告なし, and why.
 */
import { useT } from '../i18n.ts';
import { Localised } from './Localised.tsx';

/** `textEn` is absent in entries published before the English text existed. */
export function EntryText({ entry }: { entry: { text: string; textEn?: string; reviewState: string } }) {
  const t = useT();
  if (entry.reviewState === 'not_applicable' || entry.reviewState === 'no_report') {
    return (
      <p className="entry-exception">
        <strong className="entry-exception__kind">{t(`web.item.${entry.reviewState}`)}</strong>{' '}
        {t('web.item.exception_reason')}
        <Localised ja={entry.text} en={entry.textEn} />
      </p>
    );
  }
  return <Localised as="p" ja={entry.text} en={entry.textEn} />;
}
