/**
 * Recovers a draft strategy from a progress report's text (a slide deck extracted to plain
 * text, like the seed 「AI戦略2022」の進捗状況). The pipeline, each stage a small pure module:
 *
 *   text ─lines.ts→ classified lines ─blocks.ts→ paragraphs, bullets, rows
 *        ─slides.ts→ cover, summary, slides ─units.ts→ headings and item lists per slide
 *        ─tree.ts→ pillars/goals/targets ─repeats.ts→ mirrors ─draft.ts→ interchange format
 *
 * No database here: the caller passes the organisations tags are mapped to. Never throws on
 * bad input; returns the draft with what it could not place, or the errors that stop it.
 */
import { isPeriodCode } from '../../domain/calendar.ts';
import { StrategyExport, type OrganisationRecord } from '../../domain/interchange.ts';
import { checkReferences } from '../../domain/interchange-check.ts';
import { hasErrors, problem, type ImportResult, type Problem } from '../problems.ts';
import { toBlocks } from './blocks.ts';
import { buildDraft, type DraftCounts, type DraftSources } from './draft.ts';
import { readCover, readSummary, type Cover, type SummarySlide } from './front.ts';
import { buildOutline } from './outline.ts';
import type { RoleLine } from './roles.ts';
import { toLines } from './lines.ts';
import { indexOrganisations } from './ministries.ts';
import { markMirrors } from './repeats.ts';
import { toDeck } from './slides.ts';
import { matchKey } from './text.ts';
import { newNode, PillarBuilder, type OutlineNode } from './tree.ts';
import { toElements } from './units.ts';

export interface ReportImportOptions {
  organisations: readonly OrganisationRecord[];
  strategyId?: string;
  asOf?: string;
  /** Take in organisations nobody knows as new ones (default), with a warning each. */
  addUnknownOrganisations?: boolean;
  /** Refuse instead: an unknown organisation is an error and nothing is written. */
  strict?: boolean;
  /** Called as the work advances: `done` of `total` steps (one per slide, plus fixed stages). */
  onProgress?: (done: number, total: number) => void;
}

export interface ReportImport {
  draft: StrategyExport;
  counts: DraftCounts;
  /** Where each node and initiative was read (for the review screen's source view). */
  sources: DraftSources;
}

/**
 * Reads a report's text into a draft strategy.
 * @example parseReport(seedText, { organisations }).ok // true, with 29 initiatives
 */
export function parseReport(text: string, opts: ReportImportOptions): ImportResult<ReportImport> {
  const problems: Problem[] = [];
  if (opts.asOf !== undefined && !isPeriodCode(opts.asOf)) {
    return { ok: false, problems: [problem('error', 'report.bad_as_of', { value: opts.asOf })] };
  }
  const orgs = indexOrganisations(opts.organisations);
  const deck = toDeck(toBlocks(toLines(text)));
  // Not a report of this form at all: one message says so, rather than one per stray line.
  if (deck.slides.length === 0) return { ok: false, problems: [problem('error', 'report.no_slides')] };
  const total = deck.slides.length + 3;
  let done = 1;
  opts.onProgress?.(done, total);
  const cover = readCover(deck.cover, problems);
  const summaries = deck.summaries.map((s) => readSummary(s, problems));
  const pillars: OutlineNode[] = [];
  const builders = new Map<string, PillarBuilder>();
  for (const slide of deck.slides) {
    opts.onProgress?.(++done, total);
    if (slide.pillar === null) {
      problems.push(problem('unplaced', 'report.slide_without_pillar', {}, { line: slide.line }));
      continue;
    }
    const key = matchKey(slide.pillar);
    let builder = builders.get(key);
    if (!builder) {
      const node = newNode(slide.pillar, slide.line, null);
      pillars.push(node);
      builder = new PillarBuilder(node, problems);
      builders.set(key, builder);
    }
    builder.addSlide(toElements(slide.blocks, orgs));
  }
  const summary = summaries.length === 0 ? null : mergeSummaries(summaries);
  return finish(cover, summary, pillars, opts, problems, () => opts.onProgress?.(total, total));
}

/**
 * Lines with roles (from any format: markup.ts, pdf.ts, pptx.ts) → a draft strategy.
 * @example parseRoles(markdownRoles(md), { organisations }).ok // true
 */
export function parseRoles(
  lines: readonly RoleLine[],
  opts: ReportImportOptions,
): ImportResult<ReportImport> {
  if (opts.asOf !== undefined && !isPeriodCode(opts.asOf)) {
    return { ok: false, problems: [problem('error', 'report.bad_as_of', { value: opts.asOf })] };
  }
  const problems: Problem[] = [];
  opts.onProgress?.(1, 3);
  const { cover, summary, pillars } = buildOutline(lines, indexOrganisations(opts.organisations), problems);
  opts.onProgress?.(2, 3);
  return finish(cover, summary, pillars, opts, problems, () => opts.onProgress?.(3, 3));
}

function finish(
  cover: Cover,
  summary: SummarySlide | null,
  pillars: OutlineNode[],
  opts: ReportImportOptions,
  problems: Problem[],
  done: () => void,
): ImportResult<ReportImport> {
  const orgs = indexOrganisations(opts.organisations);
  const mirrors = markMirrors(pillars);
  const built = buildDraft(
    cover,
    summary,
    pillars,
    {
      ...(opts.strategyId !== undefined && { strategyId: opts.strategyId }),
      ...(opts.asOf !== undefined && { asOf: opts.asOf }),
      orgs,
      addUnknownOrganisations: opts.addUnknownOrganisations ?? !(opts.strict ?? false),
      mirrors,
    },
    problems,
  );
  if (!built || hasErrors(problems)) return { ok: false, problems };
  const parsed = StrategyExport.safeParse(built.draft);
  if (!parsed.success) {
    for (const i of parsed.error.issues.slice(0, 20))
      problems.push(problem('error', 'report.invalid_draft', { path: jsonPath(i.path), message: i.message }));
    return { ok: false, problems };
  }
  const known = new Set(opts.organisations.map((o) => o.id));
  for (const i of checkReferences(parsed.data, known).slice(0, 20))
    problems.push(problem('error', 'report.invalid_draft', { path: i.path, message: i.message }));
  done();
  if (hasErrors(problems)) return { ok: false, problems };
  return { ok: true, value: { draft: parsed.data, counts: built.counts, sources: built.sources }, problems };
}

const jsonPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : `${acc}.${String(p)}`), '$');

function mergeSummaries(summaries: ReturnType<typeof readSummary>[]): ReturnType<typeof readSummary> {
  return {
    overall: summaries.flatMap((s) => s.overall),
    pillars: summaries.flatMap((s) => s.pillars),
  };
}
