/**
 * Stage 5 of the report-text pipeline: the tree and the front matter → a draft strategy in
 * the interchange format (what `shinchoku import` loads), with the counts the CLI prints.
 */
import { formatPeriod, parsePeriodCode, periodCode, type Period } from '../../domain/calendar.ts';
import type { z } from 'zod';
import {
  FORMAT_NAME,
  FORMAT_VERSION,
  type AssessmentRecord,
  type StrategyExportInput,
} from '../../domain/interchange.ts';
import { problem, type Problem } from '../problems.ts';
import { findPlans, findTargets } from './figures.ts';
import type { Cover, SummarySlide } from './front.ts';
import { InitiativeCollector } from './initiatives.ts';
import type { OrganisationIndex } from './ministries.ts';
import { asciiSlug, matchKey, shorten } from './text.ts';
import { newNode, preorder, type OutlineNode } from './tree.ts';
import { RATINGS, ratingByLabel, STAGES, suggestRating } from './vocabulary.ts';
import { defined } from '../../domain/defined.ts';

export interface DraftOptions {
  strategyId?: string;
  /** Used when the cover has no date: '2023-04'. */
  asOf?: string;
  orgs: OrganisationIndex;
  addUnknownOrganisations: boolean;
  mirrors: number;
}

export interface DraftCounts {
  pillars: number;
  goals: number;
  targets: number;
  mirrors: number;
  items: number;
  listings: number;
  ministryTags: number;
  kpiFigures: number;
  indicators: number;
  plans: number;
  assessments: number;
  summaryBullets: number;
}

const LEVELS = [
  { ja: '柱', en: 'Pillar' },
  { ja: '目標', en: 'Goal' },
  { ja: '具体目標', en: 'Target' },
  { ja: '取組', en: 'Measure' },
  { ja: '細目', en: 'Detail' },
];
const LETTERS = ['p', 'g', 't', 'm', 'd', 'e', 'f'];
const LABEL_MAX = 1000;

/** The fiscal year a follow-up as of this month reports on (April–June look back a year). */
export function fiscalYearReported(p: Period): number {
  const month = p.kind === 'month' || p.kind === 'day' ? p.month : 4;
  return month <= 6 ? p.year - 1 : p.year;
}

function nodeIds(
  pillars: readonly OutlineNode[],
  sid: string,
): Map<OutlineNode, { id: string; code: string }> {
  const ids = new Map<OutlineNode, { id: string; code: string }>();
  const visit = (n: OutlineNode, i: number, depth: number, parent: { id: string; code: string } | null) => {
    const letter = defined(LETTERS[Math.min(depth, LETTERS.length - 1)], 'a level letter');
    const me = {
      id: `${parent ? parent.id : sid}-${letter}${i + 1}`,
      code: parent ? `${parent.code}.${i + 1}` : String(i + 1),
    };
    ids.set(n, me);
    n.children.forEach((c, j) => visit(c, j, depth + 1, me));
  };
  pillars.forEach((p, i) => visit(p, i, 0, null));
  return ids;
}

/** Where each node and initiative of a draft was read: a line, or page × 1000 + position. */
export interface DraftSources {
  nodes: Record<string, number>;
  initiatives: Record<string, number>;
}

export function buildDraft(
  cover: Cover,
  summary: SummarySlide | null,
  pillars: OutlineNode[],
  opts: DraftOptions,
  problems: Problem[],
): { draft: StrategyExportInput; counts: DraftCounts; sources: DraftSources } | null {
  const title = cover.strategyTitle ?? '';
  const slug = asciiSlug(title);
  const sid = opts.strategyId ?? (/[a-z]/.test(slug) ? slug : `strategy${slug ? `-${slug}` : ''}`);
  const asOf = opts.asOf !== undefined ? parsePeriodCode(opts.asOf) : cover.asOf;
  if (pillars.length === 0) {
    // Not a report of this form at all: one message says so, rather than one per missing part.
    problems.push(problem('error', 'report.no_slides'));
    return null;
  }
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,59}$/.test(sid))
    problems.push(problem('error', 'report.bad_strategy_id', { id: sid }));
  if (title === '') problems.push(problem('error', 'report.no_title'));
  if (asOf === null) problems.push(problem('error', 'report.no_date'));
  if (asOf === null || title === '') return null;

  const fiscalYear = fiscalYearReported(asOf);
  const cycleId = `${sid}-fy${fiscalYear}`;
  const summaryPillars = matchSummary(summary, pillars, problems);
  const ids = nodeIds(pillars, sid);
  const idOf = (n: OutlineNode) => defined(ids.get(n), `the id of ${n.title}`);
  const all = preorder(pillars);
  const collector = new InitiativeCollector(
    {
      strategyId: sid,
      cycleId,
      asOf,
      orgs: opts.orgs,
      addUnknownOrganisations: opts.addUnknownOrganisations,
    },
    problems,
  );
  const assessments: z.input<typeof AssessmentRecord>[] = [];
  // A layout that prints rating badges prints none where there is no rating: nothing is guessed then.
  const printsRatings = all.some((n) => n.units.some((u) => u.rating !== undefined));
  for (const n of all) {
    const nodeId = idOf(n).id;
    for (const u of n.units) for (const item of u.items) collector.add(item, nodeId);
    for (const u of n.units) for (const line of u.kpiLines) collector.addNodeLine(line, nodeId, u.line);
    const narrative = n.units.flatMap((u) => u.narratives.map((p) => p.text)).join('\n');
    const remark = n.units.flatMap((u) => u.remarks.map((p) => p.text)).join('\n');
    const printed = n.units.find((u) => u.rating !== undefined)?.rating;
    if (narrative !== '' || remark !== '' || printed !== undefined) {
      const suggested = printsRatings ? { rating: null, needsAcceleration: false } : suggestRating(narrative);
      const term = printed === undefined ? undefined : ratingByLabel(printed);
      const rating = term?.code ?? suggested.rating;
      const needsAcceleration = term ? term.code === 'accelerate' : suggested.needsAcceleration;
      assessments.push({ nodeId, rating, narrative: shorten(narrative, 20_000), needsAcceleration, remark });
    }
  }
  const out = collector.out;
  // Targets with deadlines quoted in overviews, and dated plans an overview ties to one item.
  for (const n of all) {
    const text = n.units.flatMap((u) => u.narratives.map((p) => p.text)).join('\n');
    for (const t of findTargets(text)) {
      out.indicators.push({
        id: `${sid}-k${out.indicators.length + 1}`,
        nodeId: idOf(n).id,
        name: shorten(t.name, LABEL_MAX),
        targetText: shorten(t.targetText, LABEL_MAX),
        targetPeriod: t.targetPeriod,
      });
    }
    attachOverviewPlans(n, asOf, out);
  }
  const nodes: StrategyExportInput['nodes'] = all.map((n) => ({
    id: idOf(n).id,
    parentId: n.parent ? idOf(n.parent).id : null,
    code: idOf(n).code,
    title: shorten(n.title, LABEL_MAX),
    titleEn: '',
    note: shorten(n.note, LABEL_MAX),
    mirrorOf: n.mirrorOf ? idOf(n.mirrorOf).id : null,
  }));
  const owner = cover.issuer ? opts.orgs.resolve(cover.issuer) : undefined;
  if (owner && !out.organisations.includes(owner)) out.organisations.push(owner);
  const depth = all.reduce((m, n) => Math.max(m, depthOf(n)), 0);
  const draft: StrategyExportInput = {
    format: FORMAT_NAME,
    formatVersion: FORMAT_VERSION,
    organisations: out.organisations,
    strategy: {
      id: sid,
      title: shorten(title, LABEL_MAX),
      ownerOrganisationId: owner?.id ?? null,
      levelLabels: LEVELS.slice(0, depth + 1),
      description: `${cover.title ?? title}（${[formatPeriod(asOf, 'ja', { era: true }), cover.issuer].filter(Boolean).join('、')}）から復元した下書き。`,
    },
    vocabularies: { stages: [...STAGES], ratings: [...RATINGS] },
    nodes,
    initiatives: out.initiatives,
    indicators: out.indicators,
    cycles: [
      {
        id: cycleId,
        fiscalYear,
        asOf: periodCode(asOf.kind === 'day' ? { kind: 'month', year: asOf.year, month: asOf.month } : asOf),
        state: 'closed',
        progress: out.progress,
        assessments,
        summary: summary
          ? {
              overall: summary.overall,
              pillars: summaryPillars.map((s) => ({ nodeId: idOf(s.node).id, bullets: s.bullets })),
            }
          : null,
      },
    ],
  };
  const counts: DraftCounts = {
    pillars: pillars.length,
    goals: all.filter((n) => n.parent !== null && n.children.length > 0).length,
    targets: all.filter((n) => n.parent !== null && n.children.length === 0).length,
    mirrors: opts.mirrors,
    items: out.initiatives.length,
    listings: out.initiatives.reduce((s, i) => s + i.listings.length, 0),
    ministryTags: out.tags,
    kpiFigures: out.indicators.reduce((s, k) => s + (k.observations?.length ?? 0), 0),
    indicators: out.indicators.length,
    plans: out.progress.reduce((s, p) => s + (p.plans?.length ?? 0), 0),
    assessments: assessments.length,
    summaryBullets: summary
      ? summary.overall.length + summary.pillars.reduce((s, p) => s + p.bullets.length, 0)
      : 0,
  };
  const sources: DraftSources = {
    nodes: Object.fromEntries(nodes.map((n, i) => [n.id, all[i]?.line ?? 0])),
    initiatives: { ...out.lines },
  };
  return { draft, counts, sources };
}

const depthOf = (n: OutlineNode): number => (n.parent ? depthOf(n.parent) + 1 : 0);

function matchSummary(
  summary: SummarySlide | null,
  pillars: OutlineNode[],
  problems: Problem[],
): { node: OutlineNode; bullets: string[] }[] {
  if (!summary) return [];
  return summary.pillars.map((s) => {
    let node = pillars.find((p) => p.key === matchKey(s.name));
    if (!node) {
      // A pillar the summary names but no slide shows: keep it, so its bullets have a home.
      node = newNode(s.name, s.line, null);
      pillars.push(node);
      problems.push(problem('warning', 'report.pillar_only_in_summary', { name: s.name }, { line: s.line }));
    }
    return { node, bullets: s.bullets };
  });
}

/** '2023年度はGPAIの議長国として…予定' in an overview → a plan of the one item naming GPAI. */
function attachOverviewPlans(n: OutlineNode, asOf: Period, out: InitiativeCollector['out']): void {
  for (const u of n.units) {
    for (const para of u.narratives) {
      for (const plan of findPlans(para.text, asOf)) {
        const words = plan.text.match(/[A-Za-z][A-Za-z0-9]{2,}/g) ?? [];
        const items = u.items.filter((i) => words.some((w) => i.text.includes(w)));
        const [only] = items;
        const id = items.length === 1 && only ? out.byKey.get(matchKey(only.text)) : undefined;
        const entry = id === undefined ? undefined : out.progress.find((p) => p.initiativeId === id);
        if (entry && !entry.plans?.some((p) => p.period === plan.period)) entry.plans?.push(plan);
      }
    }
  }
}
