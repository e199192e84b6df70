/**
 * Synthetic trees for unit tests: small, explicit builders for the API's own types.
 */
import type { Assessment } from '../../../src/domain/model.ts';
import type {
  EntryOutline,
  OutlineInitiative,
  OutlineItem,
  OutlineNode,
  OutlineTree,
} from '../../../src/domain/views.ts';

const tracked = { version: 1, createdAt: '2023-04-01', updatedAt: '2023-04-01', updatedBy: 'test' };

export function initiative(id: string, ownerIds: string[] = ['mic']): OutlineInitiative {
  return { id, title: `施策${id}`, titleEn: '', ownerIds, listings: [] };
}

export function item(
  init: OutlineInitiative,
  cycleId: string,
  entry: { stage?: string | null; text?: string } | null = {},
): OutlineItem {
  const e: EntryOutline | null =
    entry === null
      ? null
      : {
          id: `${cycleId}.${init.id}`,
          initiativeId: init.id,
          version: 1,
          updatedAt: '2023-04-01',
          // Stands for the server's MD5: equal texts, equal digests.
          textDigest: `digest:${entry.text ?? `進捗${init.id}`}`,
          stage: entry.stage ?? 'done',
          reviewState: 'accepted',
          submittedAt: null,
        };
  return { initiative: init, entry: e, alsoListedUnder: [] };
}

export function assessment(nodeId: string, cycleId: string, rating: string | null, accelerate = false) {
  const a: Assessment = {
    ...tracked,
    id: `${cycleId}.${nodeId}`,
    nodeId,
    cycleId,
    rating,
    narrative: '',
    narrativeEn: '',
    needsAcceleration: accelerate,
    remark: '',
  };
  return a;
}

export function node(
  id: string,
  opts: Partial<
    Pick<OutlineNode, 'items' | 'assessment' | 'children' | 'mirrorOf' | 'title' | 'parentId'>
  > = {},
): OutlineNode {
  return {
    ...tracked,
    id,
    strategyId: 's',
    parentId: opts.parentId ?? null,
    position: 0,
    code: id,
    title: opts.title ?? `目標${id}`,
    titleEn: '',
    note: '',
    mirrorOf: opts.mirrorOf ?? null,
    depth: 0,
    items: opts.items ?? [],
    assessment: opts.assessment ?? null,
    indicatorIds: [],
    children: opts.children ?? [],
  };
}

export function tree(cycleId: string, nodes: OutlineNode[], fiscalYear = 2022): OutlineTree {
  return {
    strategy: {
      ...tracked,
      id: 's',
      title: '戦略',
      titleEn: 'Strategy',
      ownerOrganisationId: null,
      levelLabels: [],
      description: '',
      position: 0,
      licenceId: 'gov-jp-2.0',
      attribution: '',
    },
    cycle: {
      ...tracked,
      id: cycleId,
      strategyId: 's',
      fiscalYear,
      asOf: `${fiscalYear + 1}-04`,
      state: 'published',
      publishedAt: null,
      deadline: null,
    },
    previousCycleId: null,
    vocabulary: [],
    organisations: [],
    nodes,
    indicators: [],
    summary: null,
  };
}
