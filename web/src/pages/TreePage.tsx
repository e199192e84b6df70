import type { OutlineNode } from '../../../src/domain/views.ts';
import { AccelerationFlag, RatingBadge } from '../components/Badges.tsx';
import { L, Text } from '../components/Link.tsx';
import { isFallback, titleOf } from '../lib/format.ts';
import { usePageTitle } from '../lib/hooks.ts';
import { paths } from '../lib/paths.ts';
import { useCycleDescription, useStrategy } from '../lib/strategy-context.ts';
import { useLang, useT } from '../i18n.ts';

function Branch({ nodes }: { nodes: OutlineNode[] }) {
  const { strategy, index, strategyId, cycleId } = useStrategy();
  const lang = useLang();
  const t = useT();
  return (
    <ul className="tree">
      {nodes.map((node) => {
        const level = strategy.levelLabels[node.depth];
        const original = node.mirrorOf ? index.byId.get(node.mirrorOf) : undefined;
        return (
          <li key={node.id} className={`tree__node tree__node--d${node.depth}`}>
            <div className="tree__row">
              {level && <span className="level-label">{lang === 'en' ? level.en : level.ja}</span>}
              <L to={paths.node(strategyId, cycleId, node.id)} className="tree__title">
                {node.code} <Text fallback={isFallback(lang, node.titleEn)}>{titleOf(lang, node)}</Text>
              </L>
              {node.assessment && <RatingBadge term={index.term('rating', node.assessment.rating)} />}
              {node.assessment?.needsAcceleration && <AccelerationFlag />}
              {node.items.length > 0 && (
                <span className="count">{t('web.tree.items', { count: node.items.length })}</span>
              )}
              {original && (
                <span className="mirror-mark">
                  {t('web.node.mirror_of')}{' '}
                  <L to={paths.node(strategyId, cycleId, original.id)}>{original.code}</L>
                </span>
              )}
            </div>
            {node.children.length > 0 && <Branch nodes={node.children} />}
          </li>
        );
      })}
    </ul>
  );
}

export function TreePage() {
  const { index } = useStrategy();
  const t = useT();
  usePageTitle(t('web.tree.title'), useCycleDescription('tree'));
  return (
    <>
      <h1>{t('web.tree.title')}</h1>
      <p className="lead">{t('web.tree.lead')}</p>
      <Branch nodes={index.tree.nodes} />
    </>
  );
}
