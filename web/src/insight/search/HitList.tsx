/** Ranked search hits: kind, highlighted title (a link to its page), snippet, where it belongs. */
import type { SearchHit } from '../../../../src/domain/search/results.ts';
import type { StrategyListItem } from '../../../../src/domain/views.ts';
import { L } from '../../components/Link.tsx';
import { cycleName, orgShort, pick } from '../../lib/format.ts';
import type { TreeIndex } from '../../lib/tree.ts';
import { useLang, useT } from '../../i18n.ts';
import { hitPath } from './links.ts';
import { Marked } from './Marked.tsx';

function Meta({
  hit,
  strategies,
  index,
}: {
  hit: SearchHit;
  strategies: StrategyListItem[];
  index: TreeIndex | null;
}) {
  const lang = useLang();
  const t = useT();
  const cycle = strategies.find((s) => s.id === hit.strategyId)?.cycles.find((c) => c.id === hit.cycleId);
  const own = index?.tree.strategy.id === hit.strategyId ? index : null;
  const stage = own?.term('stage', hit.stage);
  const rating = own?.term('rating', hit.rating);
  const orgs = hit.organisationIds.map((id) => {
    const org = own?.orgs.get(id);
    return org ? orgShort(lang, org) : id;
  });
  const parts = [
    cycle ? cycleName(cycle, lang) : null,
    orgs.length > 0 ? orgs.join(lang === 'ja' ? '、' : ', ') : null,
    stage ? `${t('insight.web.search.stage')}: ${pick(lang, stage.labelJa, stage.labelEn)}` : null,
    rating ? `${t('insight.web.search.rating')}: ${pick(lang, rating.labelJa, rating.labelEn)}` : null,
  ].filter((p): p is string => p !== null);
  return (
    <p className="search-hit__meta">
      <span className="tag">{t(`insight.web.kind.${hit.kind}`)}</span> {parts.join(' ・ ')}
    </p>
  );
}

export function HitList({
  hits,
  strategies,
  index,
}: {
  hits: SearchHit[];
  strategies: StrategyListItem[];
  index: TreeIndex | null;
}) {
  const lang = useLang();
  const ja = lang === 'ja' ? undefined : 'ja';
  return (
    <ol className="search-hits">
      {hits.map((hit) => (
        <li key={hit.id} className="search-hit">
          <h3 className="search-hit__title">
            <L to={hitPath(hit)}>
              <span lang={ja}>
                <Marked parts={hit.title} />
              </span>
            </L>
          </h3>
          <Meta hit={hit} strategies={strategies} index={index} />
          {hit.snippet.length > 0 && (
            <p className="search-hit__snippet" lang={ja}>
              <Marked parts={hit.snippet} />
            </p>
          )}
        </li>
      ))}
    </ol>
  );
}
