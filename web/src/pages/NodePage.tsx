/**
 * A target (or goal, or pillar) laid out like the report's slide: 主な進捗 on the left,
 * 概況 on the right, with ministries as chips, stages, and the other places the target or
 * its items appear (mirror nodes, cross-listings).
 */
import { useParams } from 'react-router';
import { shown } from '../../../src/domain/english.ts';
import type { ProgressEntry } from '../../../src/domain/model.ts';
import type { OutlineNode } from '../../../src/domain/views.ts';
import { api } from '../api/endpoints.ts';
import { AccelerationFlag, RatingBadge } from '../components/Badges.tsx';
import { Breadcrumbs } from '../components/Breadcrumbs.tsx';
import { L, Text } from '../components/Link.tsx';
import { LogicModelDiagram } from '../components/LogicModelDiagram.tsx';
import { Loaded, NotFoundContent } from '../components/States.tsx';
import { isFallback, titleOf } from '../lib/format.ts';
import { useLoad, usePageTitle } from '../lib/hooks.ts';
import { paths } from '../lib/paths.ts';
import { useCycleDescription, useStrategy } from '../lib/strategy-context.ts';
import { ancestors, otherPlaces } from '../lib/tree.ts';
import { useLang, useT } from '../i18n.ts';
import { ProgressItem } from './node/ProgressItem.tsx';
import { CorrectedMark } from '../components/CorrectedMark.tsx';
import { EmbedSnippet } from '../components/EmbedSnippet.tsx';
import { useCorrections } from '../lib/corrections.ts';
import { Localised } from '../components/Localised.tsx';
import { NodeBudget } from './budget/BudgetSections.tsx';
import { IndicatorLinks } from '../components/IndicatorLinks.tsx';
import { UmbrellaSection } from './node/UmbrellaSection.tsx';
import { AlsoShownAt } from './node/AlsoShownAt.tsx';

export function NodePage() {
  const { nodeId = '' } = useParams();
  const lang = useLang();
  const node = useStrategy().index.byId.get(nodeId);
  const heading = node ? `${node.code} ${titleOf(lang, node)}` : null;
  usePageTitle(heading, useCycleDescription('node', heading ?? ''));
  return node ? <NodeContent node={node} /> : <NotFoundContent />;
}

function NodeContent({ node }: { node: OutlineNode }) {
  const { strategy, index, strategyId, cycleId } = useStrategy();
  const lang = useLang();
  const t = useT();
  const corrections = useCorrections(strategyId, cycleId);
  // The items' texts come with the node, not with the tree.
  const entries = useLoad(
    () =>
      node.items.length > 0
        ? api.nodeEntries(strategyId, cycleId, node.id).then((list) => new Map(list.map((e) => [e.id, e])))
        : Promise.resolve(new Map<string, ProgressEntry>()),
    `${strategyId}/${cycleId}/${node.id}`,
  );
  const level = strategy.levelLabels[node.depth];
  const original = node.mirrorOf ? index.byId.get(node.mirrorOf) : undefined;
  const mirrors = otherPlaces(index, node).filter((n) => n.id !== original?.id);
  const assessment = node.assessment;
  const indicators = index.tree.indicators.filter((i) => node.indicatorIds.includes(i.id));
  const crumbs = [
    { to: paths.dashboard(strategyId, cycleId), label: titleOf(lang, strategy) },
    { to: paths.tree(strategyId, cycleId), label: t('web.nav.tree') },
    ...ancestors(index, node).map((a) => ({
      to: paths.node(strategyId, cycleId, a.id),
      label: `${a.code} ${titleOf(lang, a)}`,
    })),
  ];
  const hasSlide = node.items.length > 0 || assessment !== null;
  const parent = index.parent.get(node.id);

  return (
    <>
      <Breadcrumbs items={crumbs} current={node.code} />
      <p className="eyebrow">{level ? `${lang === 'en' ? level.en : level.ja} ${node.code}` : node.code}</p>
      <h1>
        <Text fallback={isFallback(lang, node.titleEn)}>{titleOf(lang, node)}</Text>
        {(corrections.has('node', node.id) ||
          (node.mirrorOf !== null && corrections.has('node', node.mirrorOf))) && (
          <CorrectedMark strategyId={strategyId} cycleId={cycleId} />
        )}
      </h1>
      <div className="node-status">
        {assessment && <RatingBadge term={index.term('rating', assessment.rating)} />}
        {assessment?.needsAcceleration && <AccelerationFlag />}
      </div>
      {(original || mirrors.length > 0) && (
        <aside className="notice" aria-label={t('web.node.places')}>
          {original && (
            <p>
              {t('web.node.is_mirror')}{' '}
              <L to={paths.node(strategyId, cycleId, original.id)}>
                {original.code} {titleOf(lang, original)}
              </L>
            </p>
          )}
          {mirrors.length > 0 && (
            <p>
              <AlsoShownAt nodes={mirrors} titled />
            </p>
          )}
        </aside>
      )}
      {node.note && <Localised as="p" ja={node.note} />}
      {!hasSlide && parent && (parent.items.length > 0 || parent.assessment) && (
        <p className="notice">
          {t('web.node.reported_in_parent')}{' '}
          <L to={paths.node(strategyId, cycleId, parent.id)}>
            {parent.code} {titleOf(lang, parent)}
          </L>
        </p>
      )}
      {hasSlide && (
        <div className="slide">
          <section aria-labelledby="progress-heading" className="slide__progress">
            <h2 id="progress-heading">{t('web.node.progress')}</h2>
            {node.items.length === 0 ? (
              <p>{t('web.node.no_items')}</p>
            ) : (
              <Loaded state={entries}>
                {(full) => (
                  <ol className="progress-list">
                    {node.items.map((item) => (
                      <ProgressItem
                        key={item.initiative.id}
                        item={item}
                        node={node}
                        entry={(item.entry && full.get(item.entry.id)) ?? null}
                        corrected={corrections.has('initiative', item.initiative.id)}
                      />
                    ))}
                  </ol>
                )}
              </Loaded>
            )}
          </section>
          <section aria-labelledby="overview-heading" className="slide__overview">
            <h2 id="overview-heading">{t('web.node.overview')}</h2>
            {assessment?.narrative ? (
              <Localised as="p" ja={assessment.narrative} en={assessment.narrativeEn} />
            ) : (
              <p>{t('web.node.no_overview')}</p>
            )}
            {assessment?.remark && (
              <>
                <h3>{t('web.node.remark')}</h3>
                <Localised as="p" ja={assessment.remark} />
              </>
            )}
            {indicators.length > 0 && (
              <>
                <h3>{t('web.node.indicators')}</h3>
                <IndicatorLinks indicators={indicators} />
              </>
            )}
          </section>
        </div>
      )}
      {node.logicModel && (
        <section aria-labelledby="logic-heading">
          <h2 id="logic-heading">{t('web.logic_model.heading')}</h2>
          <LogicModelDiagram
            model={node.logicModel}
            activities={node.items.map((item) => {
              const title = shown(lang, item.initiative.title, item.initiative.titleEn);
              return { text: title.text, japaneseOnly: title.jaOnly };
            })}
          />
        </section>
      )}
      {node.standsFor && <UmbrellaSection strategyId={strategyId} nodeId={node.id} />}
      <NodeBudget nodeId={node.id} />
      {node.children.length > 0 && (
        <section aria-labelledby="children-heading">
          <h2 id="children-heading">{t('web.node.children')}</h2>
          <ul className="child-list">
            {node.children.map((c) => (
              <li key={c.id}>
                <L to={paths.node(strategyId, cycleId, c.id)}>
                  {c.code} <Text fallback={isFallback(lang, c.titleEn)}>{titleOf(lang, c)}</Text>
                </L>
                {c.assessment && <RatingBadge term={index.term('rating', c.assessment.rating)} />}
                {c.assessment?.needsAcceleration && <AccelerationFlag />}
              </li>
            ))}
          </ul>
        </section>
      )}
      <EmbedSnippet
        kind="target"
        id={node.id}
        page={paths.node(strategyId, cycleId, node.id)}
        title={`${node.code} ${titleOf(lang, node)}`}
      />
    </>
  );
}
