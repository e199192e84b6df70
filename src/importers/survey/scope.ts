/**
 * What one ministry's survey of one cycle is made of — its initiatives in tree order with
 * their entries, last cycle's text, the stage choices and the indicators — turned into the
 * template's rows (for writing) and into the state rows are judged against (for reading).
 * Pure: the service loads the records once and hands them over.
 */
import { formatPeriod, parsePeriodCode } from '../../domain/calendar.ts';
import type {
  Cycle,
  Indicator,
  Initiative,
  Organisation,
  ProgressEntry,
  Strategy,
  StrategyNode,
  VocabularyTerm,
} from '../../domain/model.ts';
import { orderTree } from '../../domain/tree.ts';
import { periodLabel } from './cells.ts';
import type { SurveyIndicator, SurveyTemplateData } from './template.ts';
import type { SurveyState } from './validate.ts';
import { defined } from '../../domain/defined.ts';

export interface SurveyScope {
  strategy: Strategy;
  cycle: Cycle;
  cycles: Cycle[];
  organisation: Organisation;
  organisations: Organisation[];
  nodes: StrategyNode[];
  vocabulary: VocabularyTerm[];
  /** Initiatives the organisation owns (alone or jointly). */
  initiatives: Initiative[];
  /** Entries of this cycle and of the cycle before, any initiative. */
  entries: ProgressEntry[];
  /** Indicators of the strategy (all observations). */
  indicators: Indicator[];
}

/** A cycle for people: 2023年度. */
export function cycleLabel(cycle: Pick<Cycle, 'fiscalYear'>): string {
  return formatPeriod({ kind: 'fy', year: cycle.fiscalYear }, 'ja');
}

export function previousCycle(scope: Pick<SurveyScope, 'cycle' | 'cycles'>): Cycle | null {
  return scope.cycles.filter((c) => c.fiscalYear < scope.cycle.fiscalYear).at(-1) ?? null;
}

export function stageChoices(vocabulary: readonly VocabularyTerm[]): { code: string; label: string }[] {
  return vocabulary
    .filter((t) => t.kind === 'stage')
    .sort((a, b) => a.position - b.position)
    .map((t) => ({ code: t.code, label: t.labelJa }));
}

/** Where an initiative is listed, as 「1 柱 ＞ 1.1 目標 ＞ 1.1.1 具体目標」 lines, and its sort key. */
function placements(scope: SurveyScope) {
  const ordered = orderTree(scope.nodes);
  const index = new Map(ordered.map((n, i) => [n.id, i]));
  const byId = new Map(scope.nodes.map((n) => [n.id, n]));
  const pathOf = (id: string): string => {
    const chain: string[] = [];
    const guard = new Set<string>();
    for (let n = byId.get(id); n && !guard.has(n.id); n = n.parentId ? byId.get(n.parentId) : undefined) {
      guard.add(n.id);
      chain.unshift(`${n.code} ${n.title}`.trim());
    }
    return chain.join(' ＞ ');
  };
  return (i: Initiative) => {
    const listings = [...i.listings].sort(
      (a, b) => (index.get(a.nodeId) ?? 1e9) - (index.get(b.nodeId) ?? 1e9) || a.position - b.position,
    );
    const first = listings[0];
    return {
      path: listings.map((l) => pathOf(l.nodeId)).join('\n'),
      key: [first ? (index.get(first.nodeId) ?? 1e9) : 1e9, first?.position ?? 0] as const,
    };
  };
}

function target(ind: Indicator): string {
  const when = ind.targetPeriod ? periodLabel(ind.targetPeriod) : '';
  const what = ind.targetValue !== null ? `${ind.targetValue}${ind.unit}` : ind.targetText;
  return [when, what].filter((s) => s !== '').join(' ');
}

function ownIndicators(scope: SurveyScope): Indicator[] {
  const own = new Set(scope.initiatives.map((i) => i.id));
  return scope.indicators.filter((ind) => ind.initiativeId !== null && own.has(ind.initiativeId));
}

/** Cycle labels by id, for 「報告」 cells and messages. */
function cycleNamer(scope: SurveyScope): (id: string | null) => string {
  const labels = new Map(scope.cycles.map((c) => [c.id, cycleLabel(c)]));
  return (id) =>
    id === null ? '—' : id === scope.cycle.id ? `今回（${cycleLabel(scope.cycle)}）` : (labels.get(id) ?? id);
}

/** The template's content. */
export function templateData(scope: SurveyScope, generatedAt: string): SurveyTemplateData {
  const place = placements(scope);
  const stages = stageChoices(scope.vocabulary);
  const stageLabel = new Map(stages.map((s) => [s.code, s.label]));
  const shortName = new Map(scope.organisations.map((o) => [o.id, o.shortName]));
  const before = previousCycle(scope);
  const current = new Map<string, ProgressEntry>();
  const previous = new Map<string, ProgressEntry>();
  for (const e of scope.entries) {
    if (e.cycleId === scope.cycle.id) current.set(e.initiativeId, e);
    else if (before && e.cycleId === before.id) previous.set(e.initiativeId, e);
  }
  const placed = scope.initiatives
    .filter((i) => current.has(i.id))
    .map((i) => ({ i, ...place(i) }))
    .sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || (a.i.id < b.i.id ? -1 : 1));
  const rows = placed.map(({ i, path }) => {
    const entry = defined(current.get(i.id), `the entry of ${i.id}`);
    return {
      entryId: entry.id,
      version: entry.version,
      path,
      initiative: i.title,
      owners: i.ownerIds.map((o) => shortName.get(o) ?? o).join('、'),
      previous: previous.get(i.id)?.text ?? '',
      text: entry.text,
      textEn: entry.textEn,
      stage: entry.stage === null ? '' : (stageLabel.get(entry.stage) ?? entry.stage),
      plans: entry.plans,
      reviewState: entry.reviewState,
      reviewComment: entry.reviewComment,
      editable: entry.reviewState === 'draft' || entry.reviewState === 'returned',
    };
  });
  const titles = new Map(scope.initiatives.map((i) => [i.id, i.title]));
  const name = cycleNamer(scope);
  const indicators: SurveyIndicator[] = ownIndicators(scope).map((ind) => ({
    id: ind.id,
    name: ind.name,
    unit: ind.unit,
    initiative: titles.get(ind.initiativeId ?? '') ?? '',
    target: target(ind),
    observations: ind.observations.map((o) => ({
      id: o.id,
      version: o.version,
      period: periodLabel(o.period),
      value: o.value,
      source: o.source,
      note: o.note,
      reported: name(o.cycleId),
      editable: o.cycleId === scope.cycle.id,
    })),
  }));
  return {
    strategyId: scope.strategy.id,
    strategyTitle: scope.strategy.title,
    cycleId: scope.cycle.id,
    cycleLabel: cycleLabel(scope.cycle),
    deadline: scope.cycle.deadline ? deadlineLabel(scope.cycle.deadline) : null,
    organisationId: scope.organisation.id,
    organisationName: scope.organisation.nameJa,
    stages: stages.map((s) => s.label),
    rows,
    indicators,
    generatedAt,
  };
}

function deadlineLabel(iso: string): string {
  try {
    return formatPeriod(parsePeriodCode(iso.slice(0, 10)), 'ja');
  } catch {
    return iso;
  }
}

/** What import rows are judged against. */
export function surveyState(scope: SurveyScope): SurveyState {
  const own = new Map(scope.initiatives.map((i) => [i.id, i.title]));
  const entries: SurveyState['entries'] = new Map();
  for (const e of scope.entries) {
    const title = own.get(e.initiativeId);
    if (e.cycleId === scope.cycle.id && title !== undefined)
      entries.set(e.id, { entry: e, initiative: title });
  }
  return {
    stages: stageChoices(scope.vocabulary),
    entries,
    indicators: new Map(ownIndicators(scope).map((i) => [i.id, i])),
    cycleId: scope.cycle.id,
    cycleLabel: cycleNamer(scope),
  };
}
