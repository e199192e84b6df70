/**
 * Report test data: the sample's tree for one engine, and a copy with hostile text in
 * every kind of field a renderer prints.
 */
import { SYSTEM } from '../../src/domain/access.ts';
import type { Engine } from '../../src/db/database.ts';
import type { StrategyTree, TreeNode } from '../../src/domain/views.ts';
import { getTree } from '../../src/services/strategies.service.ts';
import type { TestDb } from './db.ts';
import { sampleDb } from './sample.ts';

export const STRATEGY = 'ai2022';
export const CYCLE = 'ai2022-fy2022';

export async function sampleTree(engine: Engine): Promise<{ db: TestDb; tree: StrategyTree }> {
  const db = await sampleDb(engine);
  return { db, tree: await getTree(db, STRATEGY, CYCLE, SYSTEM) };
}

/** Markup, entities and formula starts that every format must keep as text. */
export const HOSTILE = `<script>alert("x")</script>&'"`;
export const FORMULA = '=HYPERLINK("http://example.invalid","x")';

function mapNodes(nodes: TreeNode[], fn: (n: TreeNode) => TreeNode): TreeNode[] {
  return nodes.map((n) => fn({ ...n, children: mapNodes(n.children, fn) }));
}

/** The tree with hostile text in titles, progress, assessments and indicator names. */
export function hostileTree(tree: StrategyTree): StrategyTree {
  return {
    ...tree,
    strategy: { ...tree.strategy, title: `${HOSTILE}${tree.strategy.title}` },
    nodes: mapNodes(tree.nodes, (n) => ({
      ...n,
      title: `${HOSTILE}${n.title}`,
      items: n.items.map((item, i) => ({
        ...item,
        entry: item.entry && { ...item.entry, text: i === 0 ? FORMULA : `${HOSTILE}${item.entry.text}` },
      })),
      assessment: n.assessment && { ...n.assessment, narrative: `${HOSTILE}${n.assessment.narrative}` },
    })),
    indicators: tree.indicators.map((k) => ({ ...k, name: `${HOSTILE}${k.name}` })),
  };
}

/** The tree with one progress text long enough to need several slides. */
export function longTree(tree: StrategyTree, repeat = 40): StrategyTree {
  return {
    ...tree,
    nodes: mapNodes(tree.nodes, (n) => ({
      ...n,
      items: n.items.map((item) => ({
        ...item,
        entry:
          item.entry && item.initiative.id === 'ai2022-i01'
            ? { ...item.entry, text: item.entry.text.repeat(repeat) }
            : item.entry,
      })),
    })),
  };
}
