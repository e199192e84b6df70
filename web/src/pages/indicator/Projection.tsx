/**
 * The KPI projection in words and figures (the chart is an image; this carries the same
 * content): the API's sentence (e.g. 「現在のペースでは2024年度に目標に到達する見込み」), its
 * status, the pace per year, and the projected values to the deadline.
 */
import type { IndicatorProjection } from '../../../../src/domain/insight/views.ts';
import type { Indicator } from '../../../../src/domain/model.ts';
import { formatNumber, periodLabel } from '../../lib/format.ts';
import { useLang, useT } from '../../i18n.ts';
import '../../insight/messages.ts';
import { DataTable, num } from '../../components/DataTable.tsx';

export function Projection({
  indicator,
  projection,
}: {
  indicator: Indicator;
  projection: IndicatorProjection;
}) {
  const t = useT();
  const lang = useLang();
  const unit = indicator.unit ? ` ${indicator.unit}` : '';
  const value = (v: number) => `${formatNumber(Math.round(v * 10) / 10, lang)}${unit}`;
  const linear = projection.linear?.series ?? [];
  const log = projection.logLinear?.series ?? [];
  const periods = [...new Set([...linear, ...log].map((p) => p.period))];
  const at = (series: { period: string; value: number }[], period: string) => {
    const p = series.find((x) => x.period === period);
    return p ? value(p.value) : '—';
  };
  return (
    <section aria-labelledby="projection-heading" className="projection">
      <h2 id="projection-heading">{t('insight.web.projection.heading')}</h2>
      <p className="projection__sentence" data-status={projection.status}>
        <strong>{projection.message.text}</strong>
        {projection.statusText && <span className="tag">{projection.statusText}</span>}
      </p>
      {projection.linear && (
        <p>
          {t('insight.web.projection.pace', {
            value: `${projection.linear.perYear >= 0 ? '+' : ''}${value(projection.linear.perYear)}`,
          })}
          {projection.logLinear &&
            ` ${t('insight.web.projection.growth', {
              rate: formatNumber(Math.round((projection.logLinear.perYear - 1) * 1000) / 10, lang),
            })}`}
        </p>
      )}
      <p className="subtle">{t('insight.web.projection.method')}</p>
      {periods.length > 0 && (
        <DataTable
          className="data-table projection__table"
          caption={t('insight.web.projection.table_caption')}
          keys="insight.web.projection."
          head={['web.indicator.period', num('linear'), log.length > 0 && num('log_linear')]}
        >
          {periods.map((period) => (
            <tr key={period}>
              <th scope="row">{periodLabel(period, lang)}</th>
              <td className="num">{at(linear, period)}</td>
              {log.length > 0 && <td className="num">{at(log, period)}</td>}
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
