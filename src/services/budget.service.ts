/**
 * Budget beside results (issue #24): importing the administrative project review's CSV with a
 * preview, linking initiatives to its project numbers, and reading budgets beside a cycle.
 *
 * The published record: an initiative's links are kept with the time they were made and
 * undone. A published cycle shows the links in force when it was published, so linking or
 * unlinking later changes open and future cycles, never a published cycle's pages or files.
 * The review's own figures are the review's open data, shown with the time they were
 * imported; a re-import updates them in place (by project number and fiscal year).
 */
import type { Db } from '../db/database.ts';
import * as budgetRepo from '../db/repositories/budget.repository.ts';
import * as initiativesRepo from '../db/repositories/initiatives.repository.ts';
import * as orgRepo from '../db/repositories/organisations.repository.ts';
import * as strategiesRepo from '../db/repositories/strategies.repository.ts';
import { canSeeStrategy, seesDrafts, type Viewer } from '../domain/access.ts';
import {
  BUDGET_LINE_FIELDS,
  rollUpBudget,
  sumLines,
  type BudgetLine,
  type BudgetTotals,
} from '../domain/budget.ts';
import type { StrategyTree } from '../domain/views.ts';
import { csvField } from '../domain/csv.ts';
import { invalid, notFound } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import type { Cycle, Initiative, Organisation } from '../domain/model.ts';
import { flatten } from '../domain/tree-builder.ts';
import { decodeText } from '../importers/decode.ts';
import { readBudgetCsv, readProjectNumber, type BudgetColumn } from '../importers/budget/read.ts';
import { hasErrors, problem, type Problem } from '../importers/problems.ts';
import { audit, type Actor } from './audit.service.ts';
import { getCycle, getOutline } from './strategies.service.ts';

export type RowStatus = 'added' | 'changed' | 'unchanged';

export interface BudgetImportRow extends Omit<BudgetLine, 'importedAt'> {
  row: number;
  status: RowStatus;
  /** Whether an initiative is linked to the project now. */
  linked: boolean;
}

export interface BudgetImportResult {
  ok: boolean;
  dryRun: boolean;
  applied: boolean;
  encoding: string | null;
  columns: BudgetColumn[];
  counts: { rows: number; added: number; changed: number; unchanged: number; unlinked: number };
  rows: BudgetImportRow[];
  problems: Problem[];
}

/** A ministry name as the review writes it → the organisation, by any of its names. */
function ministryIndex(orgs: readonly Organisation[]): (name: string) => string | null {
  const byName = new Map<string, string>();
  const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');
  for (const o of orgs) {
    for (const n of [o.nameJa, o.shortName, o.nameEn, ...o.aliases]) if (n) byName.set(norm(n), o.id);
  }
  return (name) => byName.get(norm(name)) ?? null;
}

/**
 * Reads a review CSV (UTF-8 or Shift_JIS) and, unless `dryRun` or a problem is an error,
 * writes every line in one transaction: a line of a project and year already stored is
 * replaced, never doubled. Problems name their row and column; warnings do not stop it.
 */
export async function importBudget(
  db: Db,
  bytes: Uint8Array,
  opts: { fileName: string; dryRun: boolean; actor: Actor; now?: string },
): Promise<BudgetImportResult> {
  const empty = { rows: 0, added: 0, changed: 0, unchanged: 0, unlinked: 0 };
  const decoded = decodeText(bytes, opts.fileName);
  if (!decoded.ok) {
    return {
      ok: false,
      dryRun: opts.dryRun,
      applied: false,
      encoding: null,
      columns: [],
      counts: empty,
      rows: [],
      problems: decoded.problems,
    };
  }
  const read = readBudgetCsv(decoded.value.text, opts.fileName);
  const problems = [...read.problems];
  const q = db.kysely;
  const [orgs, stored, linked] = await Promise.all([
    orgRepo.listOrganisations(q),
    budgetRepo.findLines(q, read.rows),
    budgetRepo.linkedProjects(q, [...new Set(read.rows.map((r) => r.projectNumber))]),
  ]);
  const ministryOf = ministryIndex(orgs);
  const header = (field: string) => read.columns.find((c) => c.field === field)?.header ?? field;
  const warned = new Set<string>();
  const rows: BudgetImportRow[] = read.rows.map((r) => {
    const organisationId = ministryOf(r.ministry);
    const at = (field: string) => ({ sheet: opts.fileName, row: r.row, column: header(field) });
    if (organisationId === null) {
      problems.push(problem('warning', 'budget.unknown_ministry', { value: r.ministry }, at('ministry')));
    }
    const isLinked = linked.has(r.projectNumber);
    if (!isLinked && !warned.has(r.projectNumber)) {
      warned.add(r.projectNumber);
      problems.push(
        problem('warning', 'budget.unlinked_project', { value: r.projectNumber }, at('projectNumber')),
      );
    }
    const { row, ...fields } = r;
    const line = { ...fields, organisationId };
    const before = stored.get(`${r.projectNumber}\u0000${r.fiscalYear}`);
    const status: RowStatus = !before
      ? 'added'
      : BUDGET_LINE_FIELDS.every((f) => before[f] === line[f])
        ? 'unchanged'
        : 'changed';
    return { row, ...line, status, linked: isLinked };
  });
  const counts = {
    rows: rows.length,
    added: rows.filter((r) => r.status === 'added').length,
    changed: rows.filter((r) => r.status === 'changed').length,
    unchanged: rows.filter((r) => r.status === 'unchanged').length,
    unlinked: new Set(rows.filter((r) => !r.linked).map((r) => r.projectNumber)).size,
  };
  const ok = !hasErrors(problems);
  const result = {
    ok,
    dryRun: opts.dryRun,
    applied: false,
    encoding: decoded.value.encoding,
    columns: read.columns,
    counts,
    rows,
    problems,
  };
  if (!ok || opts.dryRun) return result;

  const now = opts.now ?? new Date().toISOString();
  const changed = rows.filter((r) => r.status !== 'unchanged');
  await q.transaction().execute(async (trx) => {
    await budgetRepo.upsertLines(
      trx,
      changed.map((r) => ({
        projectNumber: r.projectNumber,
        fiscalYear: r.fiscalYear,
        ministry: r.ministry,
        organisationId: r.organisationId,
        projectName: r.projectName,
        initialBudget: r.initialBudget,
        supplementaryBudget: r.supplementaryBudget,
        carriedOver: r.carriedOver,
        reserveFund: r.reserveFund,
        executed: r.executed,
        sourceFile: opts.fileName,
        importedAt: now,
        importedBy: opts.actor.id,
      })),
    );
    await audit(
      trx,
      opts.actor,
      [
        {
          action: 'budget.import',
          entityType: 'budget',
          entityId: opts.fileName,
          after: { added: counts.added, changed: counts.changed, unchanged: counts.unchanged },
        },
      ],
      now,
    );
  });
  return { ...result, applied: true };
}

/** Max project numbers one initiative may be linked to. */
const MAX_LINKS = 50;

/**
 * Sets the project numbers an initiative is funded by: new ones are linked now, dropped ones
 * unlinked now (kept, for the cycles published while they were in force).
 */
export async function setInitiativeProjects(
  db: Db,
  initiativeId: string,
  numbers: readonly string[],
  actor: Actor,
  now = new Date().toISOString(),
): Promise<InitiativeBudget> {
  const q = db.kysely;
  const [initiative] = await initiativesRepo.listInitiatives(q, { ids: [initiativeId] });
  if (!initiative) throw notFound('initiative', initiativeId);
  const wanted: string[] = [];
  const issues: { path: string; message: string }[] = [];
  numbers.forEach((n, i) => {
    const p = readProjectNumber(n);
    if (p === null) issues.push({ path: `projectNumbers.${i}`, message: `事業番号「${n}」は使えません` });
    else if (!wanted.includes(p)) wanted.push(p);
  });
  if (issues.length > 0) {
    throw invalid('事業番号に誤りがあります（空欄・空白を含むもの・40文字を超えるものは使えません）', {
      issues,
    });
  }
  if (wanted.length > MAX_LINKS) throw invalid(`事業番号は ${MAX_LINKS} 件までです`);
  await q.transaction().execute(async (trx) => {
    const current = (await budgetRepo.listLinks(trx, [initiativeId], null)).map((l) => l.projectNumber);
    const added = wanted.filter((p) => !current.includes(p));
    const removed = current.filter((p) => !wanted.includes(p));
    if (added.length === 0 && removed.length === 0) return;
    await budgetRepo.endLinks(trx, initiativeId, removed, now, actor.id);
    await budgetRepo.insertLinks(
      trx,
      added.map((projectNumber) => ({
        id: newId(),
        initiativeId,
        projectNumber,
        linkedAt: now,
        linkedBy: actor.id,
      })),
    );
    await audit(
      trx,
      actor,
      [
        {
          action: 'initiative.projects',
          entityType: 'initiative',
          entityId: initiativeId,
          before: current,
          after: wanted,
        },
      ],
      now,
    );
  });
  return budgetOf(db, initiative, null);
}

export interface InitiativeBudget {
  initiativeId: string;
  /** The published cycle whose links are shown; null: the links in force now (staff). */
  asOf: { cycleId: string; publishedAt: string } | null;
  projects: {
    projectNumber: string;
    linkedAt: string;
    /** From the review's lines (empty until a file with the project is imported). */
    projectName: string;
    ministry: string;
    lines: BudgetLine[];
  }[];
  /** Per fiscal year, each project once. */
  years: { fiscalYear: number; totals: BudgetTotals }[];
}

/** The moment whose links a published cycle shows. */
const publishedMoment = (c: Pick<Cycle, 'publishedAt'>): string => c.publishedAt ?? '';

async function budgetOf(
  db: Db,
  initiative: Pick<Initiative, 'id'>,
  asOf: { cycleId: string; publishedAt: string } | null,
): Promise<InitiativeBudget> {
  const q = db.kysely;
  const links = await budgetRepo.listLinks(q, [initiative.id], asOf?.publishedAt ?? null);
  const lines = await budgetRepo.listLines(
    q,
    links.map((l) => l.projectNumber),
  );
  const projects = links.map((l) => {
    const own = lines.filter((x) => x.projectNumber === l.projectNumber).map(strip);
    return {
      projectNumber: l.projectNumber,
      linkedAt: l.linkedAt,
      projectName: own.at(-1)?.projectName ?? '',
      ministry: own.at(-1)?.ministry ?? '',
      lines: own,
    };
  });
  const years = [...new Set(lines.map((l) => l.fiscalYear))]
    .sort((a, b) => a - b)
    .map((fiscalYear) => ({
      fiscalYear,
      totals: sumLines(lines.filter((l) => l.fiscalYear === fiscalYear)),
    }));
  return { initiativeId: initiative.id, asOf, projects, years };
}

const strip = ({ sourceFile, ...l }: BudgetLine & { sourceFile: string }): BudgetLine => {
  void sourceFile;
  return l;
};

/**
 * An initiative's projects and their budget per year. Readers of drafts see the links in
 * force now; everyone else those of the strategy's latest published cycle (none before one).
 */
export async function initiativeBudget(
  db: Db,
  initiativeId: string,
  viewer: Viewer,
): Promise<InitiativeBudget> {
  const q = db.kysely;
  const [initiative] = await initiativesRepo.listInitiatives(q, { ids: [initiativeId] });
  if (!initiative) throw notFound('initiative', initiativeId);
  const scope = await strategiesRepo.findStrategyScope(q, initiative.strategyId);
  if (!scope || !canSeeStrategy(viewer, scope.cycles)) throw notFound('initiative', initiativeId);
  if (seesDrafts(viewer.scope)) return budgetOf(db, initiative, null);
  const latest = scope.cycles.filter((c) => c.state === 'published').at(-1);
  // canSeeStrategy let a reader without drafts in: the strategy has a published cycle
  if (!latest) throw notFound('initiative', initiativeId);
  return budgetOf(db, initiative, { cycleId: latest.id, publishedAt: publishedMoment(latest) });
}

export interface CycleBudget {
  cycleId: string;
  fiscalYear: number;
  /** When the links shown were in force: the publication time, or null for now (drafts). */
  linksAsOf: string | null;
  strategy: BudgetTotals;
  nodes: { nodeId: string; totals: BudgetTotals }[];
  initiatives: { initiativeId: string; projectNumbers: string[]; totals: BudgetTotals | null }[];
  ministries: { organisationId: string | null; ministry: string; totals: BudgetTotals }[];
}

/** Links of every initiative of a cycle's tree, as the cycle shows them. */
async function cycleLinks(db: Db, cycle: Cycle, initiativeIds: string[]) {
  const asOf = cycle.state === 'published' ? publishedMoment(cycle) : null;
  const links = await budgetRepo.listLinks(db.kysely, initiativeIds, asOf);
  const projectsOf = new Map<string, string[]>();
  for (const l of links)
    projectsOf.set(l.initiativeId, [...(projectsOf.get(l.initiativeId) ?? []), l.projectNumber]);
  return { asOf, projectsOf };
}

/**
 * A cycle's budget for its fiscal year, rolled up by node (target, goal, pillar), strategy
 * and ministry. The tree is the cycle's (a published cycle's as published), and so are the links.
 */
export async function cycleBudget(
  db: Db,
  strategyId: string,
  cycleId: string,
  viewer: Viewer,
): Promise<CycleBudget> {
  const cycle = await getCycle(db, strategyId, cycleId, viewer);
  const tree = await getOutline(db, strategyId, cycleId, viewer);
  const initiativeIds = [...new Set(flatten(tree.nodes).flatMap((n) => n.items.map((i) => i.initiative.id)))];
  const { asOf, projectsOf } = await cycleLinks(db, cycle, initiativeIds);
  const lines = await budgetRepo.listLines(
    db.kysely,
    [...new Set([...projectsOf.values()].flat())],
    cycle.fiscalYear,
  );
  const r = rollUpBudget(tree.nodes, projectsOf, lines.map(strip));
  return {
    cycleId: cycle.id,
    fiscalYear: cycle.fiscalYear,
    linksAsOf: asOf,
    strategy: r.strategy,
    nodes: Object.entries(r.byNode).map(([nodeId, totals]) => ({ nodeId, totals })),
    initiatives: initiativeIds.flatMap((id) => {
      const projectNumbers = projectsOf.get(id);
      return projectNumbers ? [{ initiativeId: id, projectNumbers, totals: r.byInitiative[id] ?? null }] : [];
    }),
    ministries: r.byMinistry,
  };
}

/**
 * A tree's budget for its cycle's fiscal year, with the links the cycle shows (a published
 * cycle's as it was published), rolled up by node: what the reports print beside the ratings.
 */
export async function treeBudget(
  db: Db,
  tree: Pick<StrategyTree, 'cycle' | 'nodes'>,
): Promise<{ strategy: BudgetTotals; nodes: { nodeId: string; totals: BudgetTotals }[] }> {
  const initiativeIds = [...new Set(flatten(tree.nodes).flatMap((n) => n.items.map((i) => i.initiative.id)))];
  const { projectsOf } = await cycleLinks(db, tree.cycle, initiativeIds);
  const lines = await budgetRepo.listLines(
    db.kysely,
    [...new Set([...projectsOf.values()].flat())],
    tree.cycle.fiscalYear,
  );
  const r = rollUpBudget(tree.nodes, projectsOf, lines.map(strip));
  return {
    strategy: r.strategy,
    nodes: Object.entries(r.byNode).map(([nodeId, totals]) => ({ nodeId, totals })),
  };
}

/** Why an initiative with money spent counts as having reported nothing. */
export type Silence = 'no_entry' | 'empty' | 'draft' | 'returned' | 'no_report' | 'not_applicable';

export interface UnreportedSpending {
  cycleId: string;
  fiscalYear: number;
  items: {
    initiativeId: string;
    title: string;
    titleEn: string;
    ownerIds: string[];
    nodeIds: string[];
    projectNumbers: string[];
    executed: number;
    total: number;
    reason: Silence;
  }[];
}

/** MD5 of the empty text: an entry whose text was never written. */
const EMPTY_DIGEST = 'd41d8cd98f00b204e9800998ecf8427e';

/**
 * The secretariat's view: initiatives whose projects spent money in the cycle's fiscal year
 * while their entry reports no progress (none, empty, not submitted, or an exception).
 */
export async function unreportedSpending(
  db: Db,
  strategyId: string,
  cycleId: string,
  viewer: Viewer,
): Promise<UnreportedSpending> {
  const cycle = await getCycle(db, strategyId, cycleId, viewer);
  const tree = await getOutline(db, strategyId, cycleId, viewer);
  const items = new Map<string, { item: (typeof tree.nodes)[number]['items'][number]; nodeIds: string[] }>();
  for (const n of flatten(tree.nodes)) {
    for (const item of n.items) {
      const seen = items.get(item.initiative.id);
      if (seen) seen.nodeIds.push(n.id);
      else items.set(item.initiative.id, { item, nodeIds: [n.id] });
    }
  }
  const { projectsOf } = await cycleLinks(db, cycle, [...items.keys()]);
  const lines = (
    await budgetRepo.listLines(db.kysely, [...new Set([...projectsOf.values()].flat())], cycle.fiscalYear)
  ).map(strip);
  const out: UnreportedSpending['items'] = [];
  for (const [id, { item, nodeIds }] of items) {
    const projects = projectsOf.get(id) ?? [];
    const totals = sumLines(lines.filter((l) => projects.includes(l.projectNumber)));
    if (totals.executed <= 0) continue;
    const e = item.entry;
    const reason: Silence | null = !e
      ? 'no_entry'
      : e.reviewState === 'draft' || e.reviewState === 'returned'
        ? e.textDigest === EMPTY_DIGEST
          ? 'empty'
          : e.reviewState
        : e.reviewState === 'no_report' || e.reviewState === 'not_applicable'
          ? e.reviewState
          : e.textDigest === EMPTY_DIGEST
            ? 'empty'
            : null;
    if (reason === null) continue;
    out.push({
      initiativeId: id,
      title: item.initiative.title,
      titleEn: item.initiative.titleEn,
      ownerIds: item.initiative.ownerIds,
      nodeIds,
      projectNumbers: projects,
      executed: totals.executed,
      total: totals.total,
      reason,
    });
  }
  out.sort((a, b) => b.executed - a.executed);
  return { cycleId: cycle.id, fiscalYear: cycle.fiscalYear, items: out };
}

/** The columns of budget.csv (schemas/budget.csv.md). */
export const BUDGET_CSV_COLUMNS = [
  'cycle_id',
  'fiscal_year',
  'initiative_id',
  'initiative_title',
  'project_number',
  'project_name',
  'ministry',
  'initial_budget_yen',
  'supplementary_budget_yen',
  'carried_over_yen',
  'reserve_fund_yen',
  'executed_yen',
  'imported_at',
] as const;

/**
 * Open data: a cycle's initiatives with their projects' budget and execution for its fiscal
 * year, one row per initiative and project (a project funding two initiatives is on two rows;
 * sum by project_number). UTF-8 with BOM, CRLF, like the other CSV files.
 */
export async function budgetCsv(
  db: Db,
  strategyId: string,
  cycleId: string,
  viewer: Viewer,
): Promise<{ body: string; cycle: Cycle }> {
  const cycle = await getCycle(db, strategyId, cycleId, viewer);
  const tree = await getOutline(db, strategyId, cycleId, viewer);
  const initiatives = new Map(
    flatten(tree.nodes).flatMap((n) => n.items.map((i) => [i.initiative.id, i.initiative] as const)),
  );
  const { projectsOf } = await cycleLinks(db, cycle, [...initiatives.keys()]);
  const lines = await budgetRepo.listLines(
    db.kysely,
    [...new Set([...projectsOf.values()].flat())],
    cycle.fiscalYear,
  );
  const rows: string[] = [BUDGET_CSV_COLUMNS.join(',')];
  for (const [id, initiative] of initiatives) {
    for (const p of projectsOf.get(id) ?? []) {
      const l = lines.find((x) => x.projectNumber === p);
      if (!l) continue;
      rows.push(
        [
          cycle.id,
          cycle.fiscalYear,
          id,
          initiative.title,
          p,
          l.projectName,
          l.ministry,
          l.initialBudget,
          l.supplementaryBudget,
          l.carriedOver,
          l.reserveFund,
          l.executed ?? '',
          l.importedAt,
        ]
          .map((v) => csvField(v))
          .join(','),
      );
    }
  }
  return { body: `\uFEFF${rows.join('\r\n')}\r\n`, cycle };
}
