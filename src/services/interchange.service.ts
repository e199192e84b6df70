/**
 * Export and import of a whole strategy with all its cycles (the interchange format,
 * domain/interchange.ts). Import validates everything first and writes in one transaction.
 */
import type { Kysely } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import * as assessmentsRepo from '../db/repositories/assessments.repository.ts';
import * as cyclesRepo from '../db/repositories/cycles.repository.ts';
import * as indicatorsRepo from '../db/repositories/indicators.repository.ts';
import * as initiativesRepo from '../db/repositories/initiatives.repository.ts';
import * as logicModelsRepo from '../db/repositories/logic-models.repository.ts';
import type { LogicModelRow } from '../db/repositories/logic-models.repository.ts';
import * as nodesRepo from '../db/repositories/nodes.repository.ts';
import * as orgRepo from '../db/repositories/organisations.repository.ts';
import * as progressRepo from '../db/repositories/progress.repository.ts';
import * as strategiesRepo from '../db/repositories/strategies.repository.ts';
import { UNSCOPED } from '../domain/access.ts';
import { conflict, invalid, notFound } from '../domain/errors.ts';
import {
  assessmentContent,
  entryContent,
  FORMAT_NAME,
  FORMAT_VERSION,
  StrategyExport,
} from '../domain/interchange.ts';
import {
  indicatorDefinition,
  observationPoint,
  vocabularyRows,
  type Assessment,
  type Cycle,
  type Indicator,
  type Initiative,
  type Organisation,
  type ProgressEntry,
  type StrategyNode,
  type Summary,
  type VocabularyTerm,
} from '../domain/model.ts';
import { orderTree } from '../domain/tree.ts';
import {
  exportRecords,
  publicationIssues,
  readPublishedRecords,
  refuseReplacement,
  writePublishedRecords,
} from './interchange.publication.ts';
import {
  checkReferences,
  findDeepNesting,
  findNulCharacters,
  MAX_JSON_DEPTH,
} from '../domain/interchange-check.ts';
import { refreshPlannerStatistics } from '../db/dialect.ts';
import { reindexStrategy } from './search.service.ts';
import { forgetPublishedTrees } from './snapshots.service.ts';

type Stamp = { version: number; createdAt: string; updatedAt: string; updatedBy: string };
const pickStamp = (r: Stamp): Stamp => ({
  version: r.version,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
  updatedBy: r.updatedBy,
});

/** Reads a whole strategy, every cycle included, into the interchange format. */
export async function exportStrategy(db: Db, strategyId: string): Promise<StrategyExport> {
  const q = db.kysely;
  const strategy = await strategiesRepo.findStrategy(q, strategyId);
  if (!strategy) throw notFound('strategy', strategyId);
  const [orgs, vocab, nodes, initiatives, cycles, indicators, logicModels] = await Promise.all([
    orgRepo.listOrganisations(q),
    strategiesRepo.listVocabulary(q, strategyId),
    nodesRepo.listNodes(q, strategyId),
    initiativesRepo.listInitiatives(q, { strategyId }),
    cyclesRepo.listCycles(q, strategyId),
    indicatorsRepo.listIndicators(q, UNSCOPED, { strategyId }),
    logicModelsRepo.listLogicModels(q, strategyId),
  ]);
  const cycleIds = cycles.map((c) => c.id);
  const [entries, assessments, summaries, published] = await Promise.all([
    // A strategy's own initiatives only: an entry its cycle holds for an initiative borrowed
    // from another strategy (issue #24) is not part of this strategy's file.
    progressRepo.listEntries(q, UNSCOPED, { cycleIds, initiativeIds: initiatives.map((i) => i.id) }),
    assessmentsRepo.listAssessments(q, UNSCOPED, cycleIds),
    assessmentsRepo.listSummaries(q, UNSCOPED, cycleIds),
    exportRecords(
      q,
      cycles.filter((c) => c.state === 'published').map((c) => c.id),
    ),
  ]);
  const term = (t: VocabularyTerm) => ({
    code: t.code,
    labelJa: t.labelJa,
    labelEn: t.labelEn,
    category: t.category,
    ...pickStamp(t),
  });
  return {
    format: FORMAT_NAME,
    formatVersion: FORMAT_VERSION,
    organisations: orgs.map((o) => ({
      id: o.id,
      shortName: o.shortName,
      nameJa: o.nameJa,
      nameEn: o.nameEn,
      aliases: o.aliases,
      ...pickStamp(o),
    })),
    strategy: {
      id: strategy.id,
      title: strategy.title,
      titleEn: strategy.titleEn,
      ownerOrganisationId: strategy.ownerOrganisationId,
      levelLabels: strategy.levelLabels.map((l) => ({ ja: l.ja, en: l.en })),
      description: strategy.description,
      licenceId: strategy.licenceId,
      attribution: strategy.attribution,
      ...pickStamp(strategy),
    },
    vocabularies: {
      stages: vocab.filter((t) => t.kind === 'stage').map(term),
      ratings: vocab.filter((t) => t.kind === 'rating').map(term),
    },
    nodes: orderTree(nodes).map((n) => ({
      id: n.id,
      parentId: n.parentId,
      code: n.code,
      title: n.title,
      titleEn: n.titleEn,
      note: n.note,
      mirrorOf: n.mirrorOf,
      ...(logicModels.has(n.id) && { logicModel: logicModels.get(n.id) }),
      ...pickStamp(n),
    })),
    initiatives: initiatives.map((i) => ({
      id: i.id,
      title: i.title,
      titleEn: i.titleEn,
      owners: i.ownerIds,
      listings: i.listings.map((l) => ({ nodeId: l.nodeId, position: l.position })),
      ...pickStamp(i),
    })),
    indicators: indicators.map((k) => ({
      ...indicatorDefinition(k),
      observations: k.observations.map((o) => ({ ...observationPoint(o), ...pickStamp(o) })),
      ...pickStamp(k),
    })),
    cycles: cycles.map((c) => {
      const summary = summaries.find((s) => s.cycleId === c.id);
      const publication = published.get(c.id);
      return {
        id: c.id,
        fiscalYear: c.fiscalYear,
        asOf: c.asOf,
        state: c.state,
        publishedAt: c.publishedAt,
        deadline: c.deadline,
        progress: entries
          .filter((e) => e.cycleId === c.id)
          .map((e) => ({
            id: e.id,
            initiativeId: e.initiativeId,
            text: e.text,
            textEn: e.textEn,
            stage: e.stage,
            plans: e.plans.map((p) => ({ period: p.period, text: p.text })),
            evidence: e.evidence.map((v) => ({ url: v.url, title: v.title })),
            reviewState: e.reviewState,
            reviewComment: e.reviewComment,
            submittedAt: e.submittedAt,
            ...pickStamp(e),
          })),
        assessments: assessments
          .filter((a) => a.cycleId === c.id)
          .map((a) => ({
            id: a.id,
            nodeId: a.nodeId,
            rating: a.rating,
            narrative: a.narrative,
            narrativeEn: a.narrativeEn,
            needsAcceleration: a.needsAcceleration,
            remark: a.remark,
            ...pickStamp(a),
          })),
        summary: summary
          ? {
              overall: summary.overall,
              overallEn: summary.overallEn,
              pillars: summary.pillars.map((p) => ({
                nodeId: p.nodeId,
                bullets: p.bullets,
                bulletsEn: p.bulletsEn,
              })),
              ...pickStamp(summary),
            }
          : null,
        ...(publication && { publication }),
        ...pickStamp(c),
      };
    }),
  };
}

/** The export as text: stable key order, two-space indent, trailing newline. */
export function serialiseExport(data: StrategyExport): string {
  return `${JSON.stringify(data, null, 2)}\n`;
}

export interface ImportOptions {
  /** Written into updatedBy of rows the file does not stamp itself. */
  actor: string;
  /** Replace a strategy with the same id instead of refusing. */
  replace?: boolean;
  /** Validate only: report what would be written, write nothing. */
  dryRun?: boolean;
  now?: string;
  /** Write in this transaction, the caller's (restore loads a whole backup in one). */
  within?: Kysely<Database>;
}

export interface ImportResult {
  strategyId: string;
  counts: Record<string, number>;
}

/**
 * Refuses, in one line naming where, a file that no check could walk (nested deeper than
 * MAX_JSON_DEPTH) or that holds U+0000 (PostgreSQL text cannot).
 */
export function refuseNulCharacters(input: unknown): void {
  const deep = findDeepNesting(input);
  if (deep !== null) {
    throw invalid(`the file is nested more than ${MAX_JSON_DEPTH} levels deep, at ${shorten(deep)}`);
  }
  const nul = findNulCharacters(input);
  if (nul.length === 0) return;
  throw invalid(
    `the file holds the NUL character (U+0000), which cannot be stored, at ${nul.map((i) => i.path).join(', ')}`,
  );
}

/** A path cut to its first and last steps, so that a message stays one readable line. */
function shorten(path: string): string {
  if (path.length <= 120) return path;
  const steps = path.match(/^\$|\.[A-Za-z_$][\w$]*|\[(?:\d+|"(?:[^"\\]|\\.)*")\]/g) ?? [path];
  let head = '';
  let tail = '';
  for (const step of steps) {
    if (head.length + step.length > 60) break;
    head += step;
  }
  for (const step of [...steps].reverse()) {
    if (tail.length + step.length > 40) break;
    tail = step + tail;
  }
  return `${head}…${tail}`;
}

/**
 * Validates `input` (parsed JSON of any shape) and loads it in one transaction. Nothing is
 * written when any check fails; the error lists every problem with its JSON path.
 */
/** Rows from which an import counts as a bulk load (planner statistics are refreshed). */
const BULK_ROWS = 1_000;

export async function importStrategy(db: Db, input: unknown, opts: ImportOptions): Promise<ImportResult> {
  refuseNulCharacters(input);
  const parsed = StrategyExport.safeParse(input);
  if (!parsed.success) {
    throw invalid('the file does not match the strategy format', {
      issues: parsed.error.issues.slice(0, 50).map((i) => ({
        path: jsonPath(i.path),
        message: i.message,
      })),
    });
  }
  const data = parsed.data;
  const q = opts.within ?? db.kysely;
  const existingOrgs = await orgRepo.listOrganisations(q);
  const issues = [
    ...checkReferences(data, new Set(existingOrgs.map((o) => o.id))),
    ...publicationIssues(data),
  ];
  if (issues.length > 0) {
    throw invalid('the file has references that do not resolve', { issues: issues.slice(0, 50) });
  }
  const now = opts.now ?? new Date().toISOString();
  const rows = toRows(data, opts.actor, now);
  const refuse = () =>
    conflict(`strategy ${data.strategy.id} already exists (import with --replace to overwrite it)`, {
      strategyId: data.strategy.id,
    });
  const write = async (trx: Kysely<Database>) => {
    const existing = await strategiesRepo.findStrategy(trx, data.strategy.id);
    if (existing && !opts.replace) throw refuse();
    // What was published stays as it was published: a replacement keeps it, or is refused.
    const stored = existing ? await readPublishedRecords(trx, data.strategy.id) : new Map();
    refuseReplacement(data, stored);
    if (existing) await strategiesRepo.deleteStrategy(trx, data.strategy.id);
    await writeRows(trx, rows, new Set(existingOrgs.map((o) => o.id)));
    await writePublishedRecords(db, trx, data, rows.cycles, stored, now);
  };
  if (opts.dryRun) {
    const existing = await strategiesRepo.findStrategy(q, data.strategy.id);
    if (existing && !opts.replace) throw refuse();
    if (existing) refuseReplacement(data, await readPublishedRecords(q, data.strategy.id));
  } else if (opts.within) {
    await write(opts.within);
  } else {
    await db.kysely.transaction().execute(write);
    // A large load changes the tables more than PostgreSQL's planner statistics know until
    // autovacuum comes by (a minute or more): meanwhile it plans the new strategy's reads as
    // if it were empty — seconds instead of milliseconds. Refresh them now.
    if (rows.entries.length + rows.initiatives.length >= BULK_ROWS) await refreshPlannerStatistics(q);
  }
  return {
    strategyId: data.strategy.id,
    counts: {
      organisations: rows.organisations.length,
      nodes: rows.nodes.length,
      initiatives: rows.initiatives.length,
      indicators: rows.indicators.length,
      observations: rows.indicators.reduce((n, k) => n + k.observations.length, 0),
      cycles: rows.cycles.length,
      progressEntries: rows.entries.length,
      assessments: rows.assessments.length,
    },
  };
}

interface Rows {
  organisations: Organisation[];
  strategy: Parameters<typeof strategiesRepo.insertStrategy>[1];
  vocabulary: VocabularyTerm[];
  nodes: StrategyNode[];
  logicModels: LogicModelRow[];
  initiatives: Initiative[];
  indicators: Indicator[];
  cycles: Cycle[];
  entries: ProgressEntry[];
  assessments: Assessment[];
  summaries: Summary[];
}

function toRows(data: StrategyExport, actor: string, now: string): Rows {
  const stamp = (r: Partial<Stamp>): Stamp => ({
    version: r.version ?? 1,
    createdAt: r.createdAt ?? now,
    updatedAt: r.updatedAt ?? r.createdAt ?? now,
    updatedBy: r.updatedBy ?? actor,
  });
  const sid = data.strategy.id;
  const siblingIndex = new Map<string | null, number>();
  const nodes = data.nodes.map((n) => {
    const position = siblingIndex.get(n.parentId) ?? 0;
    siblingIndex.set(n.parentId, position + 1);
    const { version: _v, createdAt: _c, updatedAt: _u, updatedBy: _b, logicModel: _m, ...rest } = n;
    return { ...rest, strategyId: sid, position, ...stamp(n) };
  });
  const logicModels = data.nodes.flatMap((n) =>
    n.logicModel
      ? [{ nodeId: n.id, strategyId: sid, model: n.logicModel, version: 1, updatedAt: now, updatedBy: actor }]
      : [],
  );
  return {
    organisations: data.organisations.map(
      ({ version: _v, createdAt: _c, updatedAt: _u, updatedBy: _b, ...o }, position) => ({
        ...o,
        position,
        ...stamp(data.organisations[position] ?? {}),
      }),
    ),
    strategy: {
      id: sid,
      title: data.strategy.title,
      titleEn: data.strategy.titleEn,
      ownerOrganisationId: data.strategy.ownerOrganisationId,
      levelLabels: data.strategy.levelLabels,
      description: data.strategy.description,
      licenceId: data.strategy.licenceId,
      attribution: data.strategy.attribution,
      position: 0,
      ...stamp(data.strategy),
    },
    vocabulary: vocabularyRows(sid, data.vocabularies).map(({ row, term }) => ({ ...row, ...stamp(term) })),
    nodes,
    logicModels,
    initiatives: data.initiatives.map((i) => ({
      id: i.id,
      strategyId: sid,
      title: i.title,
      titleEn: i.titleEn,
      ownerIds: i.owners,
      listings: i.listings,
      ...stamp(i),
    })),
    indicators: data.indicators.map((k, position) => ({
      ...indicatorDefinition(k),
      strategyId: sid,
      position,
      observations: k.observations.map((o) => ({
        id: o.id ?? `${k.id}.${o.period}`,
        indicatorId: k.id,
        cycleId: o.cycleId,
        period: o.period,
        value: o.value,
        source: o.source,
        note: o.note,
        ...stamp(o),
      })),
      ...stamp(k),
    })),
    cycles: data.cycles.map((c) => ({
      id: c.id,
      strategyId: sid,
      fiscalYear: c.fiscalYear,
      asOf: c.asOf,
      state: c.state,
      // A published cycle names when it was published: a file that does not, its last change.
      publishedAt: c.state === 'published' ? (c.publishedAt ?? stamp(c).updatedAt) : c.publishedAt,
      deadline: c.deadline,
      ...stamp(c),
    })),
    entries: data.cycles.flatMap((c) =>
      c.progress.map((e) => ({
        id: e.id ?? `${c.id}.${e.initiativeId}`,
        initiativeId: e.initiativeId,
        cycleId: c.id,
        ...entryContent(e),
        ...stamp(e),
      })),
    ),
    assessments: data.cycles.flatMap((c) =>
      c.assessments.map((a) => ({
        id: a.id ?? `${c.id}.${a.nodeId}`,
        nodeId: a.nodeId,
        cycleId: c.id,
        ...assessmentContent(a),
        ...stamp(a),
      })),
    ),
    summaries: data.cycles.flatMap((c) =>
      c.summary
        ? [
            {
              cycleId: c.id,
              overall: c.summary.overall,
              overallEn: c.summary.overallEn,
              pillars: c.summary.pillars,
              ...stamp(c.summary),
            },
          ]
        : [],
    ),
  };
}

async function writeRows(q: Kysely<Database>, rows: Rows, existingOrgIds: Set<string>): Promise<void> {
  // Organisations are shared by every strategy: add the missing ones, keep the rest as they are.
  await orgRepo.upsertOrganisations(
    q,
    rows.organisations.filter((o) => !existingOrgIds.has(o.id)),
  );
  await strategiesRepo.insertStrategy(q, rows.strategy);
  await strategiesRepo.insertVocabulary(q, rows.vocabulary);
  await nodesRepo.insertNodes(q, rows.nodes);
  for (const row of rows.logicModels) await logicModelsRepo.insertLogicModel(q, row);
  await initiativesRepo.insertInitiatives(q, rows.initiatives);
  await cyclesRepo.insertCycles(q, rows.cycles);
  await indicatorsRepo.insertIndicators(q, rows.indicators);
  await progressRepo.insertEntries(q, rows.entries);
  await assessmentsRepo.insertAssessments(q, rows.assessments);
  await assessmentsRepo.insertSummaries(q, rows.summaries);
  await reindexStrategy(q, rows.strategy.id);
  // a replaced strategy's published cycles start their snapshots again from revision 0
  forgetPublishedTrees();
}

/** zod issue path → JSON path: ['nodes', 3, 'title'] → $.nodes[3].title */
export function jsonPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : `${acc}.${String(p)}`),
    '$',
  );
}
