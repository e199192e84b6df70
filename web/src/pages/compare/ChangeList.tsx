import type { ReactNode } from 'react';
import type { EntryChange, ItemRef, TreeDiff } from '../../../../src/domain/insight/tree-diff.ts';
import { StageLabel } from '../../components/Badges.tsx';
import { L, Text } from '../../components/Link.tsx';
import { isFallback, titleOf } from '../../lib/format.ts';
import { paths } from '../../lib/paths.ts';
import { FromTo, NoChanges } from '../../components/Changes.tsx';
import { useStrategy } from '../../lib/strategy-context.ts';
import { useLang, useT } from '../../i18n.ts';

function Heading({ level, children }: { level: 2 | 3; children: string }) {
  return level === 2 ? <h2>{children}</h2> : <h3>{children}</h3>;
}

function Initiative({ x, showNode }: { x: ItemRef; showNode: boolean }) {
  const { strategyId, cycleId } = useStrategy();
  const lang = useLang();
  return (
    <>
      {showNode && (
        <span className="change__node">
          <L to={paths.node(strategyId, cycleId, x.node.id)}>{x.node.code}</L>
        </span>
      )}
      <L to={paths.initiative(x.initiative.id)}>
        <Text fallback={isFallback(lang, x.initiative.titleEn)}>{titleOf(lang, x.initiative)}</Text>
      </L>
    </>
  );
}

/** One group of the list: its heading with the count, then its items (or "none"). */
function Group<T extends ItemRef>({
  kind,
  items,
  headingLevel,
  showNode,
  detail,
}: {
  kind: 'added' | 'dropped' | 'changed';
  items: T[];
  headingLevel: 2 | 3;
  showNode: boolean;
  detail?: (x: T) => ReactNode;
}) {
  const t = useT();
  return (
    <div>
      <Heading level={headingLevel}>{t(`web.compare.${kind}`, { count: items.length })}</Heading>
      {items.length === 0 ? (
        <NoChanges />
      ) : (
        <ul className={`change-list change-list--${kind}`}>
          {items.map((x) => (
            <li key={`${x.node.id}/${x.initiative.id}`}>
              <Initiative x={x} showNode={showNode} />
              {detail?.(x)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function ChangeDetail({ x }: { x: EntryChange }) {
  const { index } = useStrategy();
  const t = useT();
  return (
    <span className="change__detail">
      {x.fromStage !== x.toStage && !x.entryDropped && !x.entryAdded && (
        <FromTo
          from={<StageLabel code={x.fromStage} term={index.term('stage', x.fromStage)} />}
          to={<StageLabel code={x.toStage} term={index.term('stage', x.toStage)} />}
        />
      )}
      {x.entryDropped && <span className="tag">{t('web.compare.entry_dropped')}</span>}
      {x.entryAdded && <span className="tag">{t('web.compare.entry_added')}</span>}
      {x.textChanged && !x.entryDropped && !x.entryAdded && (
        <span className="tag">{t('web.compare.text_changed')}</span>
      )}
    </span>
  );
}

/** Items (or initiatives) added, dropped and changed between two cycles; those `only` keeps when given. */
export function ChangeList({
  diff,
  only = () => true,
  headingLevel,
  showNode = false,
}: {
  diff: Pick<TreeDiff, 'initiativesAdded' | 'initiativesDropped' | 'initiativesChanged'>;
  only?: (x: ItemRef) => boolean;
  headingLevel: 2 | 3;
  showNode?: boolean;
}) {
  const shared = { headingLevel, showNode };
  return (
    <div className="change-groups">
      <Group kind="added" items={diff.initiativesAdded.filter(only)} {...shared} />
      <Group kind="dropped" items={diff.initiativesDropped.filter(only)} {...shared} />
      <Group
        kind="changed"
        items={diff.initiativesChanged.filter(only)}
        {...shared}
        detail={(x) => <ChangeDetail x={x} />}
      />
    </div>
  );
}
