/**
 * One KPI: definition, a chart of its observations on a fiscal-year axis (plain SVG, in a
 * box of fixed height) with the projection at the current pace, the same data as tables,
 * and a CSV download.
 */
import { useParams } from 'react-router';
import type { IndicatorProjection } from '../../../src/domain/insight/views.ts';
import type { Indicator } from '../../../src/domain/model.ts';
import type { StrategyListItem } from '../../../src/domain/views.ts';
import { api } from '../api/endpoints.ts';
import { Breadcrumbs } from '../components/Breadcrumbs.tsx';
import { L, Text } from '../components/Link.tsx';
import { Loaded } from '../components/States.tsx';
import { formatNumber, isFallback, latestCycle, paren, periodLabel, pick, titleOf } from '../lib/format.ts';
import { useLoad, usePageTitle } from '../lib/hooks.ts';
import { indicatorCsv, sortedObservations } from '../lib/indicator.ts';
import { paths } from '../lib/paths.ts';
import { indexTree, type TreeIndex } from '../lib/tree.ts';
import { useLang, useT } from '../i18n.ts';
import { insightApi } from '../api/endpoints.ts';
import { IndicatorChart } from './indicator/IndicatorChart.tsx';
import { Projection } from './indicator/Projection.tsx';
import { CorrectedMark } from '../components/CorrectedMark.tsx';
import { EmbedSnippet } from '../components/EmbedSnippet.tsx';
import { useCorrections } from '../lib/corrections.ts';
import { Localised } from '../components/Localised.tsx';
import { DataTable, num } from '../components/DataTable.tsx';

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The indicator, its strategy, and the tree of the strategy's latest cycle (if it has one). */
interface IndicatorView {
  indicator: Indicator;
  strategy: StrategyListItem;
  index: TreeIndex | null;
}

async function load(indicatorId: string): Promise<IndicatorView> {
  const indicator = await api.indicator(indicatorId);
  const strategy = await api.strategy(indicator.strategyId);
  const cycle = latestCycle(strategy.cycles);
  const index = cycle ? indexTree(await api.tree(strategy.id, cycle.id)) : null;
  return { indicator, strategy, index };
}

function Body({ indicator, strategy, index }: IndicatorView) {
  const lang = useLang();
  const t = useT();
  const name = pick(lang, indicator.name, indicator.nameEn);
  usePageTitle(name, t('web.meta.indicator', { strategy: titleOf(lang, strategy), name }));
  const obs = sortedObservations(indicator);
  // The projection is extra: without it (an error, or still loading) the page shows the data.
  const projected = useLoad<IndicatorProjection | null>(
    () => insightApi.projection(indicator.id, lang).catch(() => null),
    `${indicator.id}/${lang}`,
  );
  const projection = projected.status === 'ok' ? projected.data : null;
  const node = indicator.nodeId ? index?.byId.get(indicator.nodeId) : undefined;
  const nodeLabel = node ? `${node.code} ${titleOf(lang, node)}` : t('web.indicator.open_target');
  const initiative = indicator.initiativeId
    ? index?.initiatives.get(indicator.initiativeId)?.item.initiative
    : undefined;
  const initiativeLabel = initiative ? titleOf(lang, initiative) : t('web.indicator.open_initiative');
  const cycle = latestCycle(strategy.cycles);
  const corrected = useCorrections(strategy.id, cycle?.id).has('indicator', indicator.id);
  const unit = indicator.unit ? ` ${indicator.unit}` : '';
  const value = (v: number | null) => (v === null ? '—' : `${formatNumber(v, lang)}${unit}`);
  const headers = [
    'period',
    t('web.indicator.period'),
    t('web.indicator.value'),
    t('web.indicator.unit'),
    t('web.indicator.source'),
    t('web.indicator.note'),
  ];
  const trend = obs.map((o) => `${periodLabel(o.period, lang)} ${value(o.value)}`).join('、');
  const crumbs = [
    { to: paths.home(), label: t('web.nav.home') },
    {
      to: cycle ? paths.dashboard(strategy.id, cycle.id) : paths.strategy(strategy.id),
      label: titleOf(lang, strategy),
    },
  ];
  return (
    <>
      <Breadcrumbs items={crumbs} current={name} />
      <p className="eyebrow">{t('web.indicator.eyebrow')}</p>
      <h1>
        <Text fallback={isFallback(lang, indicator.nameEn)}>{name}</Text>
        {corrected && cycle && <CorrectedMark strategyId={strategy.id} cycleId={cycle.id} />}
      </h1>
      <dl className="definition">
        <dt>{t('web.indicator.baseline')}</dt>
        <dd>
          {indicator.baselinePeriod
            ? `${value(indicator.baselineValue)}${paren(lang, periodLabel(indicator.baselinePeriod, lang))}`
            : '—'}
        </dd>
        <dt>{t('web.indicator.target')}</dt>
        <dd>
          {indicator.targetValue !== null ? (
            value(indicator.targetValue)
          ) : indicator.targetText ? (
            <Localised ja={indicator.targetText} />
          ) : (
            '—'
          )}
        </dd>
        <dt>{t('web.indicator.deadline')}</dt>
        <dd>{indicator.targetPeriod ? periodLabel(indicator.targetPeriod, lang) : '—'}</dd>
        <dt>{t('web.indicator.direction')}</dt>
        <dd>{t(`web.indicator.direction_${indicator.direction}`)}</dd>
        {cycle && indicator.nodeId && (
          <>
            <dt>{t('web.indicator.node')}</dt>
            <dd>
              <L to={paths.node(strategy.id, cycle.id, indicator.nodeId)}>{nodeLabel}</L>
            </dd>
          </>
        )}
        {indicator.initiativeId && (
          <>
            <dt>{t('web.initiative.eyebrow')}</dt>
            <dd>
              <L to={paths.initiative(indicator.initiativeId)}>{initiativeLabel}</L>
            </dd>
          </>
        )}
      </dl>
      <section aria-labelledby="chart-heading">
        <h2 id="chart-heading">{t('web.indicator.chart')}</h2>
        {obs.length === 0 ? (
          <p className="notice">{t('web.kpi.no_observations')}</p>
        ) : (
          <IndicatorChart
            indicator={indicator}
            projection={projection}
            label={[t('web.indicator.chart_label', { name, trend }), projection?.message.text]
              .filter(Boolean)
              .join(' ')}
          />
        )}
      </section>
      {projection && projection.points.length > 0 && (
        <Projection indicator={indicator} projection={projection} />
      )}
      {obs.length > 0 && (
        <section aria-labelledby="table-heading">
          <h2 id="table-heading">{t('web.indicator.table')}</h2>
          <DataTable
            caption={t('web.indicator.table_caption', { name })}
            keys="web.indicator."
            head={['period', num('value'), 'source', 'note']}
          >
            {obs.map((o) => (
              <tr key={o.id}>
                <th scope="row">{periodLabel(o.period, lang)}</th>
                <td className="num">{value(o.value)}</td>
                <td>{o.source ? <Localised ja={o.source} /> : '—'}</td>
                <td>{o.note ? <Localised ja={o.note} /> : '—'}</td>
              </tr>
            ))}
          </DataTable>
          <p>
            <button
              type="button"
              className="button button--secondary"
              onClick={() =>
                download(
                  `${indicator.id}.csv`,
                  indicatorCsv(indicator, headers, (c) => periodLabel(c, lang)),
                )
              }
            >
              {t('web.indicator.csv')}
            </button>
          </p>
        </section>
      )}
      {cycle && (
        <EmbedSnippet kind="indicator" id={indicator.id} page={paths.indicator(indicator.id)} title={name} />
      )}
    </>
  );
}

export function IndicatorPage() {
  const { indicatorId = '' } = useParams();
  const state = useLoad(() => load(indicatorId), indicatorId);
  return <Loaded state={state}>{(d) => <Body {...d} />}</Loaded>;
}
