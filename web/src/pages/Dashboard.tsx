/**
 * The strategy dashboard for one cycle: summary, ratings, heat map, targets to accelerate,
 * KPI highlights and the ministries × pillars matrix.
 */
import { useContext } from 'react';
import { LICENCES } from '../../../src/domain/licences.ts';
import { CONTENT_TYPES, REPORT_FORMATS } from '../../../src/domain/formats.ts';
import { reportUrl } from '../api/endpoints.ts';
import { useJsonLd, usePageTitle } from '../lib/hooks.ts';
import { cycleName, orgName, paren, titleOf } from '../lib/format.ts';
import { RenderContext } from '../lib/ssr.ts';
import { ratingCounts } from '../lib/stats.ts';
import { useCycleDescription, useStrategy } from '../lib/strategy-context.ts';
import { localPath, useLang, useT } from '../i18n.ts';
import { paths } from '../lib/paths.ts';
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
  const description = useCycleDescription('dashboard');
  usePageTitle(`${title}${paren(lang, cycleName(index.tree.cycle, lang))}`, description);
  useDatasetJsonLd(`${title}${paren(lang, cycleName(index.tree.cycle, lang))}`, description);
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

/** The cycle's published follow-up as a schema.org Dataset, with a download per report format. */
function useDatasetJsonLd(name: string, description: string) {
  const { strategy, index, strategyId, cycleId } = useStrategy();
  const lang = useLang();
  const base = useContext(RenderContext)?.publicUrl ?? '';
  const cycle = index.tree.cycle;
  const publisher = strategy.ownerOrganisationId ? index.orgs.get(strategy.ownerOrganisationId) : undefined;
  useJsonLd('dataset', () => ({
    '@type': 'Dataset',
    name,
    description,
    url: base + localPath(lang, paths.dashboard(strategyId, cycleId)),
    inLanguage: lang,
    isAccessibleForFree: true,
    license: LICENCES[strategy.licenceId].url,
    temporalCoverage: `${cycle.fiscalYear}-04-01/${cycle.fiscalYear + 1}-03-31`,
    spatialCoverage: { '@type': 'Country', name: 'JP' },
    ...(cycle.publishedAt ? { datePublished: cycle.publishedAt } : {}),
    ...(publisher
      ? { publisher: { '@type': 'GovernmentOrganization', name: orgName(lang, publisher) } }
      : {}),
    includedInDataCatalog: { '@type': 'DataCatalog', url: `${base}/catalog.jsonld` },
    distribution: REPORT_FORMATS.map((format) => ({
      '@type': 'DataDownload',
      encodingFormat: CONTENT_TYPES[format].split(';')[0],
      contentUrl: base + reportUrl(strategyId, cycleId, format, lang),
    })),
  }));
}
