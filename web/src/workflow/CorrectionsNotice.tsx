/**
 * The public cycle pages' 「訂正」 notice: lists the corrections made after publication
 * (nothing at all when there are none).
 */
import { useLoad } from '../lib/hooks.ts';
import { useLang, useT } from '../i18n.ts';
import './messages.ts';
import { workflowApi } from '../api/endpoints.ts';
import { dateTime } from './common.tsx';

export function CorrectionsNotice({ strategyId, cycleId }: { strategyId: string; cycleId: string }) {
  const t = useT();
  const lang = useLang();
  const state = useLoad(() => workflowApi.corrections(strategyId, cycleId), `${strategyId}/${cycleId}`);
  if (state.status !== 'ok' || state.data.length === 0) return null;
  return (
    <div className="notice wf-corrections" id="corrections">
      <p>
        <strong className="wf-corrections__label">{t('workflow.public.corrections')}</strong>{' '}
        {t('workflow.public.correction_count', { count: state.data.length })}
      </p>
      <ul>
        {state.data.map((c) => (
          <li key={c.id}>
            {t('workflow.public.correction_item', {
              date: dateTime(c.createdAt, lang),
              revision: c.revision,
              reason: c.reason,
            })}
          </li>
        ))}
      </ul>
    </div>
  );
}
