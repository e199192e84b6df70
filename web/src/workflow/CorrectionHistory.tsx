/**
 * The corrections made so far to a published cycle, newest last: date, revision and reason,
 * then each changed fact (item, kind of fact, field).
 */
import type { Correction } from '../../../src/domain/corrections.ts';
import { useLang, useT } from '../i18n.ts';
import { dateTime } from './common.tsx';

export function CorrectionHistory({ history }: { history: Correction[] }) {
  const t = useT();
  const lang = useLang();
  if (history.length === 0) return null;
  return (
    <>
      <h3>{t('workflow.correct.history')}</h3>
      <ul>
        {history.map((c) => (
          <li key={c.id}>
            {t('workflow.public.correction_item', {
              date: dateTime(c.createdAt, lang),
              revision: c.revision,
              reason: c.reason,
            })}
            <ul>
              {c.changes.map((x, i) => (
                <li key={i}>
                  {t('workflow.correct.change', {
                    item: x.subject.title || x.itemId,
                    kind: t(`workflow.correct.kind_${x.kind}`),
                    field: t(`workflow.correct.field_${x.field}`),
                  })}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </>
  );
}
