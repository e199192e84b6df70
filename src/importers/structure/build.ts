/**
 * Typed rows of a structure import → a new strategy in the interchange format: its tree,
 * organisations, initiatives (owners by short name, listed under node ids) and indicators.
 * Every reference is checked here so that each problem can name its table, row and column.
 */
import {
  FORMAT_NAME,
  FORMAT_VERSION,
  type OrganisationRecord,
  type StrategyExportInput,
} from '../../domain/interchange.ts';
import { orderTree } from '../../domain/tree.ts';
import { problem, type Problem } from '../problems.ts';
import { indexOrganisations } from '../report-text/ministries.ts';
import { RATINGS, STAGES } from '../report-text/vocabulary.ts';
import type { Kind, Row, Value } from './columns.ts';

export interface StructureOptions {
  strategyId?: string;
  title?: string;
  /** Organisations already in the database (or the sample's), for owners' short names. */
  knownOrganisations: readonly OrganisationRecord[];
}

export type RowsByKind = Partial<
  Record<Kind, { source: string; rows: Row[]; labels: Record<string, string> }>
>;

const str = (v: Value | undefined): string => (typeof v === 'string' ? v : '');
const num = (v: Value | undefined): number | null => (typeof v === 'number' ? v : null);
const list = (v: Value | undefined): string[] => (Array.isArray(v) ? v : []);
const LEVELS = ['柱', '目標', '具体目標', '取組', '細目'];

type In<T> = T extends readonly (infer U)[] ? U : never;
type NodeIn = In<StrategyExportInput['nodes']>;

export function buildStructure(
  tables: RowsByKind,
  opts: StructureOptions,
  problems: Problem[],
): StrategyExportInput | null {
  const at = (kind: Kind, row: number, column: string) => ({
    sheet: tables[kind]?.source ?? kind,
    row,
    column: tables[kind]?.labels[column] ?? column,
  });
  const err = (code: string, params: Record<string, string | number>, where: ReturnType<typeof at>) =>
    problems.push(problem('error', code, params, where));
  const firstRow = new Map<string, number>();
  const unique = (kind: Kind, r: Row): string | null => {
    const id = str(r.values.id);
    if (id === '') return null;
    const seen = firstRow.get(`${kind}:${id}`);
    if (seen !== undefined)
      return (err('structure.duplicate_id', { id, first: seen }, at(kind, r.no, 'id')), null);
    firstRow.set(`${kind}:${id}`, r.no);
    return id;
  };

  const strategyRow = tables.strategy?.rows[0]?.values ?? {};
  const sid = opts.strategyId ?? str(strategyRow.id);
  const title = opts.title ?? str(strategyRow.title);
  if (sid === '') err('structure.no_strategy_id', {}, at('strategy', 0, 'id'));
  if (title === '') err('structure.no_title', {}, at('strategy', 0, 'title'));

  const orgs: OrganisationRecord[] = [];
  for (const r of tables.organisations?.rows ?? []) {
    const id = unique('organisations', r);
    if (id === null) continue;
    const aliases = list(r.values.aliases);
    orgs.push({
      id,
      shortName: str(r.values.short_name),
      nameJa: str(r.values.name_ja),
      nameEn: str(r.values.name_en),
      aliases,
    });
  }
  const index = indexOrganisations([...orgs, ...opts.knownOrganisations]);
  const byId = new Map([...opts.knownOrganisations, ...orgs].map((o) => [o.id, o]));
  const used = new Map<string, OrganisationRecord>();

  const nodes: (NodeIn & { position: number })[] = [];
  for (const r of tables.nodes?.rows ?? []) {
    const id = unique('nodes', r);
    if (id === null) continue;
    const v = r.values;
    nodes.push({
      id,
      parentId: str(v.parent_id) || null,
      code: str(v.code),
      title: str(v.title),
      titleEn: str(v.title_en),
      note: str(v.note),
      mirrorOf: str(v.mirror_of) || null,
      position: nodes.length,
    });
  }
  const nodeRow = (id: string) => firstRow.get(`nodes:${id}`) ?? 0;
  const nodeIds = new Set(nodes.map((n) => n.id));
  const parents = new Map(nodes.map((n) => [n.id, n.parentId ?? null]));
  for (const n of nodes) {
    if (n.parentId !== null && !nodeIds.has(n.parentId))
      err('structure.unknown_parent', { id: n.parentId }, at('nodes', nodeRow(n.id), 'parent_id'));
    else if (loops(n.id, parents))
      err('structure.loop', { id: n.id }, at('nodes', nodeRow(n.id), 'parent_id'));
    const shown = n.mirrorOf ? nodes.find((x) => x.id === n.mirrorOf) : undefined;
    if (n.mirrorOf && (!shown || shown.mirrorOf || shown.id === n.id))
      err('structure.bad_mirror', { id: n.mirrorOf }, at('nodes', nodeRow(n.id), 'mirror_of'));
  }
  const mirrors = new Set(nodes.filter((n) => n.mirrorOf).map((n) => n.id));

  const initiatives: StrategyExportInput['initiatives'] = [];
  const positions = new Map<string, number>();
  for (const r of tables.initiatives?.rows ?? []) {
    const id = unique('initiatives', r);
    if (id === null) continue;
    const owners: string[] = [];
    for (const name of list(r.values.owners)) {
      const org = byId.get(name) ?? index.resolve(name);
      if (!org) err('structure.unknown_owner', { name }, at('initiatives', r.no, 'owners'));
      else if (!owners.includes(org.id)) {
        owners.push(org.id);
        used.set(org.id, org);
      }
    }
    const listings = list(r.values.listed_under).flatMap((nodeId) => {
      const where = at('initiatives', r.no, 'listed_under');
      if (!nodeIds.has(nodeId)) return (err('structure.unknown_node', { id: nodeId }, where), []);
      if (mirrors.has(nodeId)) return (err('structure.listed_under_mirror', { id: nodeId }, where), []);
      const position = positions.get(nodeId) ?? 0;
      positions.set(nodeId, position + 1);
      return [{ nodeId, position }];
    });
    initiatives.push({ id, title: str(r.values.title), owners, listings });
  }
  const initiativeIds = new Set(initiatives.map((i) => i.id));

  const indicators: StrategyExportInput['indicators'] = [];
  for (const r of tables.indicators?.rows ?? []) {
    const id = unique('indicators', r);
    if (id === null) continue;
    const v = r.values;
    const nodeId = str(v.node_id) || null;
    const initiativeId = str(v.initiative_id) || null;
    if (nodeId !== null && !nodeIds.has(nodeId))
      err('structure.unknown_node', { id: nodeId }, at('indicators', r.no, 'node_id'));
    if (initiativeId !== null && !initiativeIds.has(initiativeId))
      err('structure.unknown_initiative', { id: initiativeId }, at('indicators', r.no, 'initiative_id'));
    indicators.push({
      id,
      nodeId,
      initiativeId,
      name: str(v.name),
      unit: str(v.unit),
      direction: (str(v.direction) || 'increase') as 'increase',
      baselineValue: num(v.baseline_value),
      baselinePeriod: str(v.baseline_period) || null,
      targetValue: num(v.target_value),
      targetPeriod: str(v.target_period) || null,
    });
  }
  if (problems.some((p) => p.severity === 'error')) return null;

  const owner = str(strategyRow.owner);
  const ownerOrg = owner ? (byId.get(owner) ?? index.resolve(owner)) : undefined;
  if (ownerOrg) used.set(ownerOrg.id, ownerOrg);
  const depth = maxDepth(nodes);
  const levels = list(strategyRow.levels);
  return {
    format: FORMAT_NAME,
    formatVersion: FORMAT_VERSION,
    organisations: [...orgs, ...[...used.values()].filter((o) => !orgs.some((x) => x.id === o.id))],
    strategy: {
      id: sid,
      title,
      titleEn: str(strategyRow.title_en),
      ownerOrganisationId: ownerOrg?.id ?? null,
      levelLabels: (levels.length > 0 ? levels : LEVELS.slice(0, depth)).map((ja) => ({ ja })),
    },
    vocabularies: { stages: [...STAGES], ratings: [...RATINGS] },
    nodes: orderTree(nodes).map(({ position: _p, ...n }) => n),
    initiatives,
    indicators,
    cycles: [],
  };
}

function loops(id: string, parent: ReadonlyMap<string, string | null>): boolean {
  const seen = new Set<string>();
  for (let cur = parent.get(id) ?? null; cur !== null; cur = parent.get(cur) ?? null) {
    if (cur === id) return true;
    if (seen.has(cur)) return false;
    seen.add(cur);
  }
  return false;
}

function maxDepth(nodes: readonly { id: string; parentId: string | null | undefined }[]): number {
  const parent = new Map(nodes.map((n) => [n.id, n.parentId ?? null]));
  const memo = new Map<string, number>();
  const depth = (id: string, guard: number): number => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    const p = parent.get(id) ?? null;
    const d = p === null || guard > 50 ? 1 : depth(p, guard + 1) + 1;
    memo.set(id, d);
    return d;
  };
  return nodes.reduce((m, n) => Math.max(m, depth(n.id, 0)), 1);
}
