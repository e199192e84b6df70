import type { OutlineIndicator } from '../../../../src/domain/views.ts';
import { L, Text } from '../../components/Link.tsx';
import { Sparkline } from '../../components/Sparkline.tsx';
import { formatNumber, isFallback, paren, periodLabel, periodShort, pick } from '../../lib/format.ts';
import { sortedObservations } from '../../lib/indicator.ts';
import { paths } from '../../lib/paths.ts';
import { useStrategy } from '../../lib/strategy-context.ts';
import { useLang, useT, type Translate } from '../../i18n.ts';
import type { Lang } from '../../../../src/i18n.ts';
import { Localised } from '../../components/Localised.tsx';
import { Panel } from './Panel.tsx';

function latestLine(ind: OutlineIndicator, lang: Lang, t: Translate): string {
  const obs = sortedObservations(ind);
  const last = obs[obs.length - 1];
  if (!last) return t('web.kpi.no_observations');
  return `${formatNumber(last.value, lang)}${ind.unit ? ` ${ind.unit}` : ''}${paren(lang, periodShort(last.period, lang))}`;
}

function Kpi({ ind }: { ind: OutlineIndicator }) {
  const lang = useLang();
  const t = useT();
  const obs = sortedObservations(ind);
  const first = obs[0];
  const last = obs[obs.length - 1];
  const trend = obs.map((o) => `${periodShort(o.period, lang)} ${formatNumber(o.value, lang)}`).join(' → ');
  return (
    <li className="kpi">
      <p className="kpi__name">
        <L to={paths.indicator(ind.id)}>
          <Text fallback={isFallback(lang, ind.nameEn)}>{pick(lang, ind.name, ind.nameEn)}</Text>
        </L>
      </p>
      <p className={obs.length > 0 ? 'kpi__value' : 'kpi__empty'}>{latestLine(ind, lang, t)}</p>
      {obs.length > 0 && <Sparkline values={obs.map((o) => o.value)} label={t('web.kpi.trend', { trend })} />}
      {first && last && first !== last && (
        <p className="kpi__change">
          {t('web.kpi.change', {
            from: formatNumber(first.value, lang),
            to: formatNumber(last.value, lang),
            period: periodShort(first.period, lang),
          })}
        </p>
      )}
      {(ind.targetValue !== null || ind.targetText) && (
        <p className="kpi__target">
          {t('web.kpi.target')}: {ind.targetValue !== null ? formatNumber(ind.targetValue, lang) : ''}
          {ind.targetText && <Localised ja={ind.targetText} />}
          {ind.targetPeriod && paren(lang, periodLabel(ind.targetPeriod, lang))}
        </p>
      )}
    </li>
  );
}

/** KPI highlights: the latest value, the trend as a sparkline, the target. */
export function Kpis() {
  const { index } = useStrategy();
  const indicators = [...index.tree.indicators].sort((a, b) => a.position - b.position);
  return (
    <Panel name="kpis" look="wide" none={indicators.length === 0 && 'web.dashboard.kpis_none'}>
      <ul className="kpi-grid">
        {indicators.map((ind) => (
          <Kpi key={ind.id} ind={ind} />
        ))}
      </ul>
    </Panel>
  );
}
