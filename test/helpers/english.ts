/**
 * The sample's tree with every English field filled: what a secretariat that translated
 * everything it can would publish. Texts that have no English field (plans, remarks, notes,
 * KPI sources) stay Japanese, for the English outputs to mark.
 */
import { LOGIC_STAGES } from '../../src/domain/logic-model.ts';
import type { StrategyTree, TreeNode } from '../../src/domain/views.ts';

const fill = (en: string, fallback: string): string => (en.trim() === '' ? fallback : en);

function englishNode(n: TreeNode): TreeNode {
  return {
    ...n,
    titleEn: fill(n.titleEn, `Node ${n.code}`),
    children: n.children.map(englishNode),
    items: n.items.map((item) => ({
      ...item,
      initiative: {
        ...item.initiative,
        titleEn: fill(item.initiative.titleEn, `Initiative ${item.initiative.id}`),
      },
      entry: item.entry && {
        ...item.entry,
        textEn: fill(item.entry.textEn, `What ${item.initiative.id} achieved this year, in English.`),
      },
    })),
    assessment: n.assessment && {
      ...n.assessment,
      narrativeEn: fill(n.assessment.narrativeEn, `Overview of ${n.code} in English.`),
    },
    ...(n.logicModel && {
      logicModel: Object.fromEntries(
        LOGIC_STAGES.map((s) => [
          s,
          n.logicModel![s].map((box, i) => ({ ...box, textEn: fill(box.textEn, `Box ${s} ${i + 1}`) })),
        ]),
      ) as TreeNode['logicModel'],
    }),
  };
}

export function englishTree(tree: StrategyTree): StrategyTree {
  return {
    ...tree,
    strategy: {
      ...tree.strategy,
      titleEn: fill(tree.strategy.titleEn, 'AI Strategy 2022'),
      levelLabels: tree.strategy.levelLabels.map((l, i) => ({ ...l, en: fill(l.en, `Level ${i + 1}`) })),
    },
    organisations: tree.organisations.map((o) => ({ ...o, nameEn: fill(o.nameEn, `Organisation ${o.id}`) })),
    vocabulary: tree.vocabulary.map((v) => ({ ...v, labelEn: fill(v.labelEn, v.code) })),
    nodes: tree.nodes.map(englishNode),
    indicators: tree.indicators.map((k) => ({ ...k, nameEn: fill(k.nameEn, `Indicator ${k.id}`) })),
    summary: tree.summary && {
      ...tree.summary,
      overallEn: tree.summary.overall.map((_, i) => `Overall verdict, line ${i + 1}.`),
      pillars: tree.summary.pillars.map((p) => ({
        ...p,
        bulletsEn: p.bullets.map((_, i) => `Pillar ${p.nodeId}, point ${i + 1}.`),
      })),
    },
  };
}
