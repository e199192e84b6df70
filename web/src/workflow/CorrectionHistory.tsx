/**
 * The corrections made so far to a published cycle, newest last: date, revision and reason,
 * then each changed fact (item, kind of fact, field).
 */
import type { Correction } from '../../../src/domain/corrections.ts';
import { useT } from '../i18n.ts';
import { CorrectionList } from './CorrectionList.tsx';

export function CorrectionHistory({ history }: { history: Correction[] }) {
  const t = useT();
  if (history.length === 0) return null;
  return (
    <>
      <h3>{t('workflow.correct.history')}</h3>
      <CorrectionList list={history} lineKey="workflow.public.correction_item" reason={(c) => c.reason}>
        {(c) => (
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
        )}
      </CorrectionList>
    </>
  );
}
