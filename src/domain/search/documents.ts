/**
 * What gets indexed: one search document per initiative (施策), progress entry (主な進捗),
 * assessment (概況) and indicator (KPI), with the fields the search filters on.
 *
 * - node ids hold every node where the item shows in the tree: its nodes, the mirror nodes
 *   that show them again, and all their ancestors — so filtering on a pillar finds
 *   everything under it.
 * - organisation ids are the owning ministries; an assessment belongs to the secretariat
 *   that owns the strategy. The body of an owned item ends with the owners' tag as the
 *   report prints it — （科技、農水省） — and the hidden `context` holds their full names in
 *   Japanese and English, so 防衛 or "defense" find the 防衛省's items.
 */
import type {
  Assessment,
  Indicator,
  Initiative,
  Organisation,
  ProgressEntry,
  Strategy,
  StrategyNode,
} from '../model.ts';
import { FIELD_SEPARATOR, tokenize } from './tokenizer.ts';

export const DOCUMENT_KINDS = ['initiative', 'progress', 'assessment', 'indicator'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export interface SearchDocument {
  /** `${kind}:${refId}` */
  id: string;
  kind: DocumentKind;
  refId: string;
  strategyId: string;
  cycleId: string | null;
  organisationIds: string[];
  nodeIds: string[];
  stage: string | null;
  rating: string | null;
  title: string;
  body: string;
  /** Searched, never shown. */
  context: string;
  /** Stored token form of title, body and context, in that order, FIELD_SEPARATOR between. */
  tokens: string[];
}

/** Everything the documents of one strategy are built from. */
export interface IndexSource {
  strategy: Pick<Strategy, 'id' | 'ownerOrganisationId'>;
  nodes: readonly StrategyNode[];
  organisations: readonly Organisation[];
  initiatives: readonly Initiative[];
  entries: readonly ProgressEntry[];
  assessments: readonly Assessment[];
  indicators: readonly Indicator[];
}

export const documentId = (kind: DocumentKind, refId: string): string => `${kind}:${refId}`;

/**
 * For each node id: the ids of the nodes it shows under (itself, its mirrors, ancestors of both).
 * @example placements(nodes).get('t1') // ['t1', 'g1', 'p1', 'mirror-of-t1', …]
 */
export function placements(nodes: readonly StrategyNode[]): Map<string, string[]> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const ancestry = (id: string): string[] => {
    const out: string[] = [];
    for (let n = byId.get(id); n && !out.includes(n.id); n = n.parentId ? byId.get(n.parentId) : undefined) {
      out.push(n.id);
    }
    return out;
  };
  const result = new Map<string, string[]>();
  for (const n of nodes) {
    const ids = new Set(ancestry(n.id));
    for (const m of nodes) if (m.mirrorOf === n.id) for (const a of ancestry(m.id)) ids.add(a);
    result.set(n.id, [...ids].sort());
  }
  return result;
}

function nodeIdsOf(nodeIds: readonly (string | null)[], places: Map<string, string[]>): string[] {
  const out = new Set<string>();
  for (const id of nodeIds) if (id !== null) for (const p of places.get(id) ?? [id]) out.add(p);
  return [...out].sort();
}

type Base = Omit<SearchDocument, 'id' | 'tokens' | 'title' | 'body' | 'context'>;

function make(
  base: Base,
  title: string,
  bodyParts: readonly string[],
  orgs: readonly Organisation[],
): SearchDocument {
  const tag = orgs.length > 0 ? `（${orgs.map((o) => o.shortName).join('、')}）` : '';
  const body = [...bodyParts.filter((p) => p.trim() !== ''), tag].filter((p) => p !== '').join('\n');
  const context = orgs.map((o) => `${o.nameJa} ${o.nameEn}`).join('\n');
  return {
    ...base,
    id: documentId(base.kind, base.refId),
    title,
    body,
    context,
    tokens: [...tokenize(title), FIELD_SEPARATOR, ...tokenize(body), FIELD_SEPARATOR, ...tokenize(context)],
  };
}

/**
 * The search documents of a strategy, or of the rows given (an entry needs its initiative
 * among `initiatives`, an assessment its node among `nodes`).
 */
export function buildDocuments(src: IndexSource): SearchDocument[] {
  const places = placements(src.nodes);
  const nodes = new Map(src.nodes.map((n) => [n.id, n]));
  const initiatives = new Map(src.initiatives.map((i) => [i.id, i]));
  const orgs = new Map(src.organisations.map((o) => [o.id, o]));
  const owners = (ids: readonly string[]) =>
    ids.map((id) => orgs.get(id)).filter((o): o is Organisation => o !== undefined);
  const listedAt = (i: Initiative | undefined) => i?.listings.map((l) => l.nodeId) ?? [];
  const base = { strategyId: src.strategy.id, cycleId: null, stage: null, rating: null };
  const docs: SearchDocument[] = [];
  for (const i of src.initiatives) {
    const fields = { ...base, kind: 'initiative' as const, refId: i.id, organisationIds: i.ownerIds };
    const nodeIds = nodeIdsOf(listedAt(i), places);
    docs.push(make({ ...fields, nodeIds }, i.title, [i.titleEn], owners(i.ownerIds)));
  }
  for (const e of src.entries) {
    const i = initiatives.get(e.initiativeId);
    if (!i) continue;
    const fields = { ...base, kind: 'progress' as const, refId: e.id, cycleId: e.cycleId, stage: e.stage };
    const placed = { organisationIds: i.ownerIds, nodeIds: nodeIdsOf(listedAt(i), places) };
    const texts = [e.text, ...e.plans.map((p) => p.text)];
    docs.push(make({ ...fields, ...placed }, i.title, texts, owners(i.ownerIds)));
  }
  const secretariat = src.strategy.ownerOrganisationId;
  for (const a of src.assessments) {
    const node = nodes.get(a.nodeId);
    if (!node) continue;
    const fields = {
      ...base,
      kind: 'assessment' as const,
      refId: a.id,
      cycleId: a.cycleId,
      rating: a.rating,
    };
    const placed = {
      organisationIds: secretariat ? [secretariat] : [],
      nodeIds: nodeIdsOf([a.nodeId], places),
    };
    docs.push(make({ ...fields, ...placed }, node.title, [a.narrative, a.remark], []));
  }
  for (const k of src.indicators) {
    const i = k.initiativeId ? initiatives.get(k.initiativeId) : undefined;
    const ownerIds = i?.ownerIds ?? [];
    const fields = { ...base, kind: 'indicator' as const, refId: k.id, organisationIds: ownerIds };
    const nodeIds = nodeIdsOf([k.nodeId, ...listedAt(i)], places);
    docs.push(make({ ...fields, nodeIds }, k.name, [k.nameEn, k.targetText], owners(ownerIds)));
  }
  return docs;
}
