/**
 * The strategy dashboard for one cycle: summary, ratings, heat map, targets to accelerate,
 * KPI highlights and the ministries × pillars matrix.
 */
import { usePageTitle } from '../lib/hooks.ts';
import { cycleName, paren, titleOf } from '../lib/format.ts';
import { ratingCounts } from '../lib/stats.ts';
import { useStrategy } from '../lib/strategy-context.ts';
import { useLang, useT } from '../i18n.ts';
import { Acceleration } from './dashboard/Acceleration.tsx';
import { Budget } from './dashboard/Budget.tsx';
import { Kpis } from './dashboard/Kpis.tsx';
import { MinistryMatrix } from './dashboard/MinistryMatrix.tsx';
import { HeatMap, RatingCounts } from './dashboard/Ratings.tsx';
import { Summary } from './dashboard/Summary.tsx';

function KeyFigures() {
  const { index } = useStrategy();
  const t = useT();
  const targets = [...ratingCounts(index).values()].reduce((a, b) => a + b, 0);
  const owners = new Set([...index.initiatives.values()].flatMap((p) => p.item.initiative.ownerIds));
  const figures = [
    { label: t('web.figures.pillars'), value: index.tree.nodes.length },
    { label: t('web.figures.targets'), value: targets },
    { label: t('web.figures.initiatives'), value: index.initiatives.size },
    { label: t('web.figures.ministries'), value: owners.size },
  ];
  return (
    <dl className="figures">
      {figures.map((f) => (
        <div key={f.label} className="figure">
          <dt>{f.label}</dt>
          <dd>{f.value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Dashboard() {
  const { strategy, index } = useStrategy();
  const lang = useLang();
  const t = useT();
  const title = t('web.dashboard.title', { strategy: titleOf(lang, strategy) });
  usePageTitle(`${title}${paren(lang, cycleName(index.tree.cycle, lang))}`);
  return (
    <>
      <h1>{title}</h1>
      <KeyFigures />
      <div className="dashboard-grid">
        <Summary />
        <Acceleration />
        <RatingCounts />
        <HeatMap />
        <Kpis />
        <MinistryMatrix />
        <Budget />
      </div>
    </>
  );
}
