import { RatingBadge } from '../../components/Badges.tsx';
import { L, Text } from '../../components/Link.tsx';
import { isFallback, titleOf } from '../../lib/format.ts';
import { paths } from '../../lib/paths.ts';
import { needsAcceleration } from '../../lib/stats.ts';
import { useStrategy } from '../../lib/strategy-context.ts';
import { otherPlaces, pillarOf } from '../../lib/tree.ts';
import { useLang, useT } from '../../i18n.ts';
import { Localised } from '../../components/Localised.tsx';
import { Panel } from './Panel.tsx';
import { AlsoShownAt } from '../node/AlsoShownAt.tsx';

/** Targets the secretariat flagged: "much room to expand and accelerate". */
export function Acceleration() {
  const { index, strategyId, cycleId } = useStrategy();
  const lang = useLang();
  const t = useT();
  const nodes = needsAcceleration(index);
  return (
    <Panel
      name="acceleration"
      look="attention"
      none={nodes.length === 0 && 'web.dashboard.acceleration_none'}
    >
      <ul className="acceleration-list">
        {nodes.map((node) => {
          const pillar = pillarOf(index, node);
          const also = otherPlaces(index, node);
          return (
            <li key={node.id}>
              <p className="acceleration-list__title">
                <L to={paths.node(strategyId, cycleId, node.id)}>
                  {node.code} <Text fallback={isFallback(lang, node.titleEn)}>{titleOf(lang, node)}</Text>
                </L>
              </p>
              <p className="meta">
                <RatingBadge term={index.term('rating', node.assessment?.rating ?? null)} />
                <span>
                  {t('web.pillar')}: {pillar.code}. {titleOf(lang, pillar)}
                </span>
                {also.length > 0 && (
                  <span>
                    <AlsoShownAt nodes={also} />
                  </span>
                )}
              </p>
              {node.assessment && (
                <Localised as="p" ja={node.assessment.narrative} en={node.assessment.narrativeEn} />
              )}
            </li>
          );
        })}
      </ul>
    </Panel>
  );
}
