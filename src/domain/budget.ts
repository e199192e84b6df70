/**
 * Budget beside results (予算と執行): the administrative project review's (行政事業レビュー)
 * figures per project number and fiscal year, and their roll-ups over a strategy's tree.
 *
 * A project can fund several initiatives, and an initiative can be listed under several
 * targets: every roll-up counts each project once (a union of project numbers), never once
 * per initiative or listing, so a cross-listed initiative does not double a pillar's budget.
 */
import { z } from 'zod';

/** One project's budget and execution in one fiscal year, in yen. */
export const BudgetLine = z
  .object({
    projectNumber: z.string(),
    fiscalYear: z.number().int(),
    ministry: z.string(),
    organisationId: z.string().nullable(),
    projectName: z.string(),
    initialBudget: z.number(),
    supplementaryBudget: z.number(),
    carriedOver: z.number(),
    reserveFund: z.number(),
    /** Null while the year's execution is not known (the budget year itself). */
    executed: z.number().nullable(),
    importedAt: z.string(),
  })
  .meta({ id: 'BudgetLine' });
export type BudgetLine = z.infer<typeof BudgetLine>;

/** What a line of the review says about a project and year (a re-import compares these). */
export const BUDGET_LINE_FIELDS = [
  'ministry',
  'organisationId',
  'projectName',
  'initialBudget',
  'supplementaryBudget',
  'carriedOver',
  'reserveFund',
  'executed',
] as const;

/** Budget figures summed over distinct projects. */
export const BudgetTotals = z
  .object({
    /** Distinct projects counted. */
    projects: z.number().int(),
    initialBudget: z.number(),
    supplementaryBudget: z.number(),
    carriedOver: z.number(),
    reserveFund: z.number(),
    /** 予算現額: initial + supplementary + carried over + reserve funds. */
    total: z.number(),
    /** Execution of the lines whose execution is known. */
    executed: z.number(),
    /** Lines whose execution is not known yet (in `total`, not in `executed`). */
    pending: z.number().int(),
    /** executed ÷ the total of the lines whose execution is known; null when none is. */
    rate: z.number().nullable(),
  })
  .meta({ id: 'BudgetTotals' });
export type BudgetTotals = z.infer<typeof BudgetTotals>;

/** 予算現額 of one line. */
export const lineTotal = (l: BudgetLine): number =>
  l.initialBudget + l.supplementaryBudget + l.carriedOver + l.reserveFund;

/**
 * Sums lines, each project counted once per fiscal year however often it is passed.
 * @example sumLines([line, line]).projects // 1
 */
export function sumLines(lines: readonly BudgetLine[]): BudgetTotals {
  const seen = new Map<string, BudgetLine>();
  for (const l of lines) seen.set(`${l.projectNumber}\u0000${l.fiscalYear}`, l);
  const t: BudgetTotals = {
    projects: new Set([...seen.values()].map((l) => l.projectNumber)).size,
    initialBudget: 0,
    supplementaryBudget: 0,
    carriedOver: 0,
    reserveFund: 0,
    total: 0,
    executed: 0,
    pending: 0,
    rate: null,
  };
  let knownTotal = 0;
  for (const l of seen.values()) {
    t.initialBudget += l.initialBudget;
    t.supplementaryBudget += l.supplementaryBudget;
    t.carriedOver += l.carriedOver;
    t.reserveFund += l.reserveFund;
    t.total += lineTotal(l);
    if (l.executed === null) t.pending++;
    else {
      t.executed += l.executed;
      knownTotal += lineTotal(l);
    }
  }
  t.rate = knownTotal > 0 ? t.executed / knownTotal : null;
  return t;
}

/** The part of a tree node a roll-up reads (a TreeNode or OutlineNode). */
export interface RollupNode {
  id: string;
  items: readonly { initiative: { id: string } }[];
  children: readonly RollupNode[];
}

export const MinistryTotals = z
  .object({
    /** The organisation the review's 府省庁 resolved to, else null (then `ministry` names it). */
    organisationId: z.string().nullable(),
    ministry: z.string(),
    totals: BudgetTotals,
  })
  .meta({ id: 'MinistryBudget' });
export type MinistryTotals = z.infer<typeof MinistryTotals>;

export interface BudgetRollup {
  strategy: BudgetTotals;
  /** Every node with at least one funded initiative in its subtree (pillars, goals, targets). */
  byNode: Record<string, BudgetTotals>;
  byInitiative: Record<string, BudgetTotals>;
  /** By the ministry the review names for each project, largest total first. */
  byMinistry: MinistryTotals[];
}

/**
 * Rolls one fiscal year's lines up a tree: per initiative, per node (its own items and its
 * subtree's), the whole strategy and per ministry — each a union of projects.
 * @example rollUpBudget(tree.nodes, new Map([['i1', ['0001']]]), lines).byNode['p1']?.total
 */
export function rollUpBudget(
  nodes: readonly RollupNode[],
  projectsOf: ReadonlyMap<string, readonly string[]>,
  lines: readonly BudgetLine[],
): BudgetRollup {
  const linesOf = new Map<string, BudgetLine[]>();
  for (const l of lines) linesOf.set(l.projectNumber, [...(linesOf.get(l.projectNumber) ?? []), l]);
  const projectLines = (projects: Iterable<string>) => [...projects].flatMap((p) => linesOf.get(p) ?? []);

  const byInitiative: Record<string, BudgetTotals> = {};
  for (const [initiativeId, projects] of projectsOf) {
    const own = projectLines(new Set(projects));
    if (own.length > 0) byInitiative[initiativeId] = sumLines(own);
  }

  const byNode: Record<string, BudgetTotals> = {};
  const all = new Set<string>();
  const visit = (node: RollupNode): Set<string> => {
    const projects = new Set<string>();
    for (const item of node.items) for (const p of projectsOf.get(item.initiative.id) ?? []) projects.add(p);
    for (const child of node.children) for (const p of visit(child)) projects.add(p);
    const own = projectLines(projects);
    if (own.length > 0) byNode[node.id] = sumLines(own);
    for (const p of projects) all.add(p);
    return projects;
  };
  for (const n of nodes) visit(n);

  const funded = projectLines(all);
  // by ministry: its first line names it
  const ministries = new Map<string, { first: BudgetLine; lines: BudgetLine[] }>();
  for (const l of funded) {
    const key = l.organisationId ?? `name:${l.ministry}`;
    const group = ministries.get(key);
    if (group) group.lines.push(l);
    else ministries.set(key, { first: l, lines: [l] });
  }
  const byMinistry = [...ministries.values()]
    .map(({ first, lines }) => ({
      organisationId: first.organisationId,
      ministry: first.ministry,
      totals: sumLines(lines),
    }))
    .sort((a, b) => b.totals.total - a.totals.total || a.ministry.localeCompare(b.ministry));
  return { strategy: sumLines(funded), byNode, byInitiative, byMinistry };
}
