import type { Organisation, ProgressEntry } from '../../../../src/domain/model.ts';
import type { OutlineItem, OutlineNode } from '../../../../src/domain/views.ts';
import { OrgChips, StageLabel } from '../../components/Badges.tsx';
import { L, Text } from '../../components/Link.tsx';
import { isFallback, periodLabel, titleOf } from '../../lib/format.ts';
import { paths } from '../../lib/paths.ts';
import { useStrategy } from '../../lib/strategy-context.ts';
import { useLang, useT } from '../../i18n.ts';
import { CorrectedMark } from '../../components/CorrectedMark.tsx';
import { EntryText } from '../../components/EntryText.tsx';
import { Localised } from '../../components/Localised.tsx';

/** The other nodes an item appears under: its cross-listings and the mirrors of its node. */
export function otherListings(
  item: OutlineItem,
  node: OutlineNode,
  placements: OutlineNode[] | undefined,
  byId: Map<string, OutlineNode>,
) {
  const ids = new Set([...item.alsoListedUnder, ...(placements ?? []).map((n) => n.id)]);
  ids.delete(node.id);
  return [...ids].map((id) => byId.get(id)).filter((n): n is OutlineNode => n !== undefined);
}

/**
 * One 主な進捗 item as the report lays it out, plus where else it appears. The tree carries
 * the item's outline; `entry` is the entry in full (GET …/nodes/:nodeId/entries).
 */
export function ProgressItem({
  item,
  node,
  entry,
  corrected = false,
}: {
  item: OutlineItem;
  node: OutlineNode;
  entry: ProgressEntry | null;
  /** A correction changed this item (its entry or its initiative) after publication. */
  corrected?: boolean;
}) {
  const { index, strategyId, cycleId } = useStrategy();
  const lang = useLang();
  const t = useT();
  const init = item.initiative;
  const owners = init.ownerIds
    .map((id) => index.orgs.get(id))
    .filter((o): o is Organisation => o !== undefined);
  const others = otherListings(item, node, index.initiatives.get(init.id)?.nodes, index.byId);
  const stage = item.entry?.stage ?? null;
  return (
    <li className="progress-item">
      <h3 className="progress-item__title">
        <L to={paths.initiative(init.id)}>
          <Text fallback={isFallback(lang, init.titleEn)}>{titleOf(lang, init)}</Text>
        </L>
        {corrected && <CorrectedMark strategyId={strategyId} cycleId={cycleId} />}
      </h3>
      <div className="progress-item__meta">
        <StageLabel code={stage} term={index.term('stage', stage)} />
        <OrgChips orgs={owners} strategyId={strategyId} cycleId={cycleId} />
      </div>
      {entry ? <EntryText entry={entry} /> : <p className="subtle">{t('web.item.no_entry')}</p>}
      {entry && entry.plans.length > 0 && (
        <ul className="plans" aria-label={t('web.item.plans')}>
          {entry.plans.map((p, i) => (
            <li key={i}>
              <span className="plans__period">{periodLabel(p.period, lang)}</span> <Localised ja={p.text} />
            </li>
          ))}
        </ul>
      )}
      {others.length > 0 && (
        <p className="also-listed">
          <span>{t('web.item.also_listed')}</span>
          {others.map((n) => (
            <L key={n.id} to={paths.node(strategyId, cycleId, n.id)}>
              {n.code} <Text fallback={isFallback(lang, n.titleEn)}>{titleOf(lang, n)}</Text>
            </L>
          ))}
        </p>
      )}
    </li>
  );
}
