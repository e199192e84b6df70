import type { OutlineNode } from '../../../../src/domain/views.ts';
import { L } from '../../components/Link.tsx';
import { titleOf } from '../../lib/format.ts';
import { paths } from '../../lib/paths.ts';
import { useStrategy } from '../../lib/strategy-context.ts';
import { useLang, useT } from '../../i18n.ts';

/** "Also shown at" and a link to each of the other places of a node, by code (and title when `titled`). */
export function AlsoShownAt({ nodes, titled = false }: { nodes: OutlineNode[]; titled?: boolean }) {
  const { strategyId, cycleId } = useStrategy();
  const lang = useLang();
  const t = useT();
  return (
    <>
      {t('web.node.also_shown_at')}{' '}
      {nodes.map((n) => (
        <L key={n.id} to={paths.node(strategyId, cycleId, n.id)}>
          {n.code}
          {titled && <> {titleOf(lang, n)}</>}
        </L>
      ))}
    </>
  );
}
