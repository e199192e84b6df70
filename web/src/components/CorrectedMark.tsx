/**
 * 「訂正あり」: a published fact on this page was corrected after publication. The mark is
 * text (not colour alone) and links to the cycle's list of corrections.
 */
import { paths } from '../lib/paths.ts';
import { useT } from '../i18n.ts';
import { L } from './Link.tsx';

export function CorrectedMark({ strategyId, cycleId }: { strategyId: string; cycleId: string }) {
  const t = useT();
  return (
    <L to={`${paths.dashboard(strategyId, cycleId)}#corrections`} className="corrected-mark">
      {t('web.correction.mark')}
    </L>
  );
}
