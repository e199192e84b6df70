/**
 * Checks an interchange file beyond its schema: every reference resolves, ids are unique,
 * the tree has no loops, vocabulary codes exist. Each problem names its JSON path.
 */
import type { StrategyExport } from './interchange.ts';

export interface Issue {
  path: string;
  message: string;
}

const MAX_NUL_ISSUES = 20;

/** Deeper than any file shinchoku writes (an export is about 6 levels deep, a backup 4). */
export const MAX_JSON_DEPTH = 64;

/** `$.a.b` for a plain key, `$["a b"]` for any other. */
const childPath = (path: string, key: string) =>
  /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;

/**
 * The path of the first value nested deeper than `maxDepth` arrays and objects, or null.
 * Iterative, so that a file of any depth is judged without exhausting the stack (JSON.parse
 * reads deep files; walking them recursively would not).
 * @example findDeepNesting({ a: [[1]] }, 2) // '$.a[0]'
 */
export function findDeepNesting(value: unknown, maxDepth = MAX_JSON_DEPTH): string | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '$', depth: 0 }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (item.value === null || typeof item.value !== 'object') continue;
    if (item.depth >= maxDepth) return item.path;
    const entries = Array.isArray(item.value)
      ? item.value.map((v, i) => [`${item.path}[${i}]`, v] as const)
      : Object.entries(item.value).map(([k, v]) => [childPath(item.path, k), v] as const);
    for (const [path, v] of entries) stack.push({ value: v, path, depth: item.depth + 1 });
  }
  return null;
}

/**
 * Where the NUL character (U+0000) occurs in a parsed JSON value, keys included: PostgreSQL
 * text cannot hold it (SQLite can), so a file is refused on both engines before anything is
 * written, the same way the API refuses such text. Iterative, in document order.
 * @example findNulCharacters({ nodes: [{ title: 'a\u0000b' }] }) // [{ path: '$.nodes[0].title', … }]
 */
export function findNulCharacters(value: unknown): Issue[] {
  type Item = { value: unknown; path: string } | { issue: Issue };
  const issues: Issue[] = [];
  const message = 'contains the NUL character (U+0000)';
  const stack: Item[] = [{ value, path: '$' }];
  for (let item = stack.pop(); item !== undefined && issues.length < MAX_NUL_ISSUES; item = stack.pop()) {
    if ('issue' in item) {
      issues.push(item.issue);
      continue;
    }
    if (typeof item.value === 'string') {
      if (item.value.includes('\u0000')) issues.push({ path: item.path, message });
      continue;
    }
    if (item.value === null || typeof item.value !== 'object') continue;
    const children: Item[] = [];
    if (Array.isArray(item.value)) {
      item.value.forEach((v, i) => children.push({ value: v, path: `${item.path}[${i}]` }));
    } else {
      for (const [key, v] of Object.entries(item.value)) {
        const at = childPath(item.path, key);
        if (key.includes('\u0000')) children.push({ issue: { path: at, message: `the key ${message}` } });
        children.push({ value: v, path: at });
      }
    }
    // Pushed in reverse, popped in document order.
    for (const child of children.toReversed()) stack.push(child);
  }
  return issues;
}

export function checkReferences(data: StrategyExport, knownOrganisationIds: Set<string>): Issue[] {
  const issues: Issue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });

  const orgIds = new Set(knownOrganisationIds);
  data.organisations.forEach((o, i) => {
    if (data.organisations.findIndex((x) => x.id === o.id) !== i)
      add(`$.organisations[${i}].id`, `duplicate id ${o.id}`);
    orgIds.add(o.id);
  });
  const owner = data.strategy.ownerOrganisationId;
  if (owner !== null && !orgIds.has(owner))
    add('$.strategy.ownerOrganisationId', `unknown organisation ${owner}`);

  const stages = new Set(data.vocabularies.stages.map((t) => t.code));
  const ratings = new Set(data.vocabularies.ratings.map((t) => t.code));
  duplicates(
    data.vocabularies.stages.map((t) => t.code),
    '$.vocabularies.stages',
    'code',
    add,
  );
  duplicates(
    data.vocabularies.ratings.map((t) => t.code),
    '$.vocabularies.ratings',
    'code',
    add,
  );

  const nodeIds = new Set<string>();
  const parents = new Map<string, string | null>();
  data.nodes.forEach((n, i) => {
    if (nodeIds.has(n.id)) add(`$.nodes[${i}].id`, `duplicate id ${n.id}`);
    nodeIds.add(n.id);
    parents.set(n.id, n.parentId);
  });
  data.nodes.forEach((n, i) => {
    if (n.parentId !== null && !nodeIds.has(n.parentId))
      add(`$.nodes[${i}].parentId`, `unknown node ${n.parentId}`);
    if (n.mirrorOf !== null) {
      const source = data.nodes.find((x) => x.id === n.mirrorOf);
      if (!source) add(`$.nodes[${i}].mirrorOf`, `unknown node ${n.mirrorOf}`);
      else if (source.mirrorOf !== null || source.id === n.id)
        add(`$.nodes[${i}].mirrorOf`, 'a node can only mirror a node that is not itself a mirror');
    }
    if (inLoop(n.id, parents)) add(`$.nodes[${i}].parentId`, 'the parent chain loops back to this node');
  });
  const mirrors = new Set(data.nodes.filter((n) => n.mirrorOf !== null).map((n) => n.id));

  const initiativeIds = new Set<string>();
  data.initiatives.forEach((it, i) => {
    if (initiativeIds.has(it.id)) add(`$.initiatives[${i}].id`, `duplicate id ${it.id}`);
    initiativeIds.add(it.id);
    it.owners.forEach((o, j) => {
      if (!orgIds.has(o)) add(`$.initiatives[${i}].owners[${j}]`, `unknown organisation ${o}`);
    });
    duplicates(it.owners, `$.initiatives[${i}].owners`, '', add);
    it.listings.forEach((l, j) => {
      if (!nodeIds.has(l.nodeId))
        add(`$.initiatives[${i}].listings[${j}].nodeId`, `unknown node ${l.nodeId}`);
      else if (mirrors.has(l.nodeId))
        add(
          `$.initiatives[${i}].listings[${j}].nodeId`,
          'list initiatives under the node a mirror shows, not the mirror',
        );
    });
    duplicates(
      it.listings.map((l) => l.nodeId),
      `$.initiatives[${i}].listings`,
      'nodeId',
      add,
    );
  });

  const cycleIds = new Set<string>();
  const years = new Set<number>();
  data.cycles.forEach((c, i) => {
    if (cycleIds.has(c.id)) add(`$.cycles[${i}].id`, `duplicate id ${c.id}`);
    if (years.has(c.fiscalYear)) add(`$.cycles[${i}].fiscalYear`, `a second cycle for FY${c.fiscalYear}`);
    cycleIds.add(c.id);
    years.add(c.fiscalYear);
    const seenEntries = new Set<string>();
    c.progress.forEach((e, j) => {
      const p = `$.cycles[${i}].progress[${j}]`;
      if (!initiativeIds.has(e.initiativeId))
        add(`${p}.initiativeId`, `unknown initiative ${e.initiativeId}`);
      if (seenEntries.has(e.initiativeId)) add(`${p}.initiativeId`, `a second entry for ${e.initiativeId}`);
      seenEntries.add(e.initiativeId);
      if (e.stage !== null && !stages.has(e.stage)) add(`${p}.stage`, `unknown stage ${e.stage}`);
    });
    const seenNodes = new Set<string>();
    c.assessments.forEach((a, j) => {
      const p = `$.cycles[${i}].assessments[${j}]`;
      if (!nodeIds.has(a.nodeId)) add(`${p}.nodeId`, `unknown node ${a.nodeId}`);
      else if (mirrors.has(a.nodeId)) add(`${p}.nodeId`, 'assess the node a mirror shows, not the mirror');
      if (seenNodes.has(a.nodeId)) add(`${p}.nodeId`, `a second assessment for ${a.nodeId}`);
      seenNodes.add(a.nodeId);
      if (a.rating !== null && !ratings.has(a.rating)) add(`${p}.rating`, `unknown rating ${a.rating}`);
    });
    c.summary?.pillars.forEach((s, j) => {
      if (!nodeIds.has(s.nodeId))
        add(`$.cycles[${i}].summary.pillars[${j}].nodeId`, `unknown node ${s.nodeId}`);
    });
  });

  const indicatorIds = new Set<string>();
  data.indicators.forEach((k, i) => {
    const p = `$.indicators[${i}]`;
    if (indicatorIds.has(k.id)) add(`${p}.id`, `duplicate id ${k.id}`);
    indicatorIds.add(k.id);
    if (k.nodeId !== null && !nodeIds.has(k.nodeId)) add(`${p}.nodeId`, `unknown node ${k.nodeId}`);
    if (k.initiativeId !== null && !initiativeIds.has(k.initiativeId))
      add(`${p}.initiativeId`, `unknown initiative ${k.initiativeId}`);
    duplicates(
      k.observations.map((o) => o.period),
      `${p}.observations`,
      'period',
      add,
    );
    k.observations.forEach((o, j) => {
      if (o.cycleId !== null && !cycleIds.has(o.cycleId))
        add(`${p}.observations[${j}].cycleId`, `unknown cycle ${o.cycleId}`);
    });
  });
  return issues;
}

function inLoop(id: string, parents: Map<string, string | null>): boolean {
  const seen = new Set<string>();
  let current = parents.get(id) ?? null;
  while (current !== null) {
    if (current === id || seen.has(current)) return current === id;
    seen.add(current);
    current = parents.get(current) ?? null;
  }
  return false;
}

function duplicates(
  values: string[],
  path: string,
  field: string,
  add: (path: string, message: string) => void,
): void {
  const seen = new Set<string>();
  values.forEach((v, i) => {
    if (seen.has(v)) add(`${path}[${i}]${field ? `.${field}` : ''}`, `duplicate ${v}`);
    seen.add(v);
  });
}
