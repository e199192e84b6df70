/**
 * Builds the renderer-neutral report document from a strategy tree (services.getTree): a
 * section per pillar, a page per goal, and on each page the rows of the 主な進捗 | 概況
 * table. A goal that carries items itself (several targets shown together, as in the seed's
 * 政府におけるAI利活用の推進) becomes one row whose label lists those targets.
 */
import { formatAsOf, formatPeriod } from '../domain/calendar.ts';
import type { StrategyTree, TreeItem, TreeNode } from '../domain/views.ts';
import { buildBudget, type ReportBudget } from './budget.ts';
import { initiativeTitle, makeCtx, nodeTitle, ownerNames, term, type Ctx } from './context.ts';
import { inLang, jaText, linesInLang } from './japanese-only.ts';
import { periodLabel } from './kpi.ts';
import { buildLedger } from './ledger.ts';
import { buildOpenData } from './open-data.ts';
import { t, type Lang } from './messages.ts';
import { buildEdition, type ReportPublication } from './publication.ts';
import { isException } from '../domain/review.ts';
import { shown } from '../domain/english.ts';
import { logicColumns } from '../domain/logic-diagram.ts';
import { flatten } from '../domain/tree-builder.ts';
import type {
  ExceptionNote,
  Item,
  KpiBlock,
  LogicModelNote,
  Overview,
  Page,
  ReportDocument,
  ReportMeta,
  Row,
  Section,
} from './model.ts';

export interface DocumentInput {
  tree: StrategyTree;
  lang: Lang;
  /** Trees of earlier visible cycles, for the per-cycle ledger (XLSX); may be empty. */
  history?: StrategyTree[];
  /** The published record the tree is a revision of (null or absent for a draft). */
  publication?: ReportPublication | null;
  /** Where the server is reached (PUBLIC_URL): the open data names its served schema there. */
  publicUrl?: string;
  /** The cycle's budget rolled up by node (none: no budget section). */
  budget?: ReportBudget | null;
}

export function buildReportDocument(input: DocumentInput): ReportDocument {
  const { tree, lang } = input;
  const publication = input.publication ?? null;
  const ctx = makeCtx(tree, lang);
  for (const c of publication?.corrections ?? [])
    for (const x of c.changes) ctx.corrected.add(`${x.subject.type}:${x.subject.id}`);
  const meta = buildMeta(tree, lang, publication);
  const titles = new Map(tree.nodes.map((n) => [n.id, nodeTitle(n, lang)]));
  return {
    lang,
    meta,
    summary: tree.summary && {
      // a snapshot made before the English text has no overallEn or bulletsEn
      overall: linesInLang(lang, tree.summary.overall, tree.summary.overallEn as string[] | undefined),
      pillars: tree.summary.pillars.map((p) => ({
        nodeId: p.nodeId,
        title: titles.get(p.nodeId) ?? '',
        bullets: linesInLang(lang, p.bullets, p.bulletsEn as string[] | undefined),
      })),
    },
    sections: tree.nodes.map((pillar) => buildSection(pillar, meta, ctx)),
    indicators: [...ctx.kpis.values()],
    ledger: buildLedger([...(input.history ?? []), tree], lang),
    data: buildOpenData(tree, publication, input.publicUrl),
    edition: buildEdition(publication, lang, (kind, code) => term(ctx, kind, code)?.label),
    exceptions: buildExceptions(tree, ctx),
    logicModels: buildLogicModels(tree, meta, lang),
    budget: buildBudget(tree, input.budget, ctx),
  };
}

/** A page per node with a logic model (a mirror node's model is its source's: listed once). */
function buildLogicModels(tree: StrategyTree, meta: ReportMeta, lang: Lang): LogicModelNote[] {
  return flatten(tree.nodes).flatMap((node) =>
    node.logicModel && node.mirrorOf === null
      ? [
          {
            nodeId: node.id,
            kicker: kicker(meta, node),
            title: nodeTitle(node, lang),
            columns: logicColumns(
              node.logicModel,
              node.items.map((i) => {
                const title = shown(lang, i.initiative.title, i.initiative.titleEn);
                return { text: title.text, japaneseOnly: title.jaOnly };
              }),
              lang,
            ),
          },
        ]
      : [],
  );
}

/** Every excepted item once (a cross-listed one is listed under several nodes), tree order. */
function buildExceptions(tree: StrategyTree, ctx: Ctx): ExceptionNote[] {
  const seen = new Map<string, ExceptionNote>();
  const visit = (node: TreeNode) => {
    for (const { initiative, entry } of node.items) {
      if (!entry || !isException(entry.reviewState) || seen.has(initiative.id)) continue;
      const item = buildItem({ initiative, entry, alsoListedUnder: [] }, ctx, []);
      seen.set(initiative.id, {
        initiativeId: initiative.id,
        title: item.title,
        ownerTag: item.ownerTag,
        kind: t(ctx.lang, `report.state.${entry.reviewState}`),
        reason: inLang(ctx.lang, entry.text, entry.textEn),
      });
    }
    node.children.forEach(visit);
  };
  tree.nodes.forEach(visit);
  return [...seen.values()];
}

function buildMeta(tree: StrategyTree, lang: Lang, publication: ReportPublication | null): ReportMeta {
  const { strategy, cycle } = tree;
  const issuedAt =
    publication?.corrections.find((c) => c.revision === publication.revision)?.createdAt ??
    publication?.publishedAt ??
    cycle.publishedAt ??
    cycle.updatedAt;
  const strategyTitle = lang === 'en' && strategy.titleEn.trim() !== '' ? strategy.titleEn : strategy.title;
  const owner = tree.organisations.find((o) => o.id === strategy.ownerOrganisationId);
  const issuer = owner ? (lang === 'en' ? owner.nameEn : owner.nameJa) : '';
  const title = t(lang, 'report.title', { strategy: strategyTitle });
  let asOf: string;
  try {
    asOf = formatAsOf(cycle.asOf, lang);
  } catch {
    asOf = periodLabel(cycle.asOf, lang);
  }
  const fiscalYearLabel = formatPeriod({ kind: 'fy', year: cycle.fiscalYear }, lang);
  const draft = cycle.state !== 'published';
  const base = t(lang, 'report.file_name', { strategy: strategyTitle, fiscalYear: fiscalYearLabel });
  return {
    strategyId: strategy.id,
    cycleId: cycle.id,
    fiscalYear: cycle.fiscalYear,
    fiscalYearLabel,
    title,
    strategyTitle,
    asOf,
    issuer,
    draft,
    source: t(lang, 'report.footer', { issuer, title, asOf }),
    fileBase: draft ? `${base}_${t(lang, 'report.draft')}` : base,
    levelLabels: strategy.levelLabels.map((l) => inLang(lang, l.ja, l.en)),
    issuedAt,
  };
}

function kicker(meta: ReportMeta, node: TreeNode): string {
  const level = meta.levelLabels[node.depth];
  return level === undefined ? node.code : `${level} ${node.code}`;
}

function buildSection(pillar: TreeNode, meta: ReportMeta, ctx: Ctx): Section {
  const title = nodeTitle(pillar, ctx.lang);
  const pages: Page[] = [];
  if (hasContent(pillar)) pages.push(buildPage(pillar, title, meta, ctx, false));
  for (const goal of pillar.children) pages.push(buildPage(goal, title, meta, ctx, true));
  return { nodeId: pillar.id, code: pillar.code, kicker: kicker(meta, pillar), title, pages };
}

function buildPage(node: TreeNode, sectionTitle: string, meta: ReportMeta, ctx: Ctx, deep: boolean): Page {
  const rows = deep ? rowsOfGoal(node, ctx) : [buildRow(node, [nodeTitle(node, ctx.lang)], ctx)];
  const kpis = new Map<string, KpiBlock>();
  for (const row of rows) {
    for (const k of [...row.items.flatMap((i) => i.kpis), ...row.kpis]) kpis.set(k.id, k);
  }
  return {
    nodeId: node.id,
    code: node.code,
    kicker: kicker(meta, node),
    title: nodeTitle(node, ctx.lang),
    note: jaText(ctx.lang, node.note),
    sectionTitle,
    rows,
    kpis: [...kpis.values()],
  };
}

const hasContent = (n: TreeNode): boolean =>
  n.items.length > 0 || n.assessment !== null || n.indicatorIds.length > 0;
const hasContentDeep = (n: TreeNode): boolean => hasContent(n) || n.children.some(hasContentDeep);

/**
 * The rows of a goal's table. Content on the goal itself makes one row labelled with the
 * targets that have nothing of their own (they are "shown together"); every target with
 * content gets its own row; deeper nodes are labelled with their path below the goal.
 */
function rowsOfGoal(goal: TreeNode, ctx: Ctx): Row[] {
  const title = (n: TreeNode) => nodeTitle(n, ctx.lang);
  const rows: Row[] = [];
  const together = hasContent(goal) ? goal.children.filter((c) => !hasContentDeep(c)) : [];
  if (hasContent(goal)) {
    const labels = together.length > 0 ? together.map(title) : [title(goal)];
    rows.push(buildRow(goal, labels, ctx, together));
  }
  const under = (n: TreeNode, prefix: string[]): Row[] => {
    const path = [...prefix, title(n)];
    const below = n.children.flatMap((c) => under(c, path));
    if (hasContent(n) || below.length === 0) return [buildRow(n, [path.join(' › ')], ctx), ...below];
    return below;
  };
  for (const child of goal.children) if (!together.includes(child)) rows.push(...under(child, []));
  if (rows.length === 0) rows.push(buildRow(goal, [title(goal)], ctx));
  return rows;
}

function buildRow(node: TreeNode, labels: string[], ctx: Ctx, together: TreeNode[] = []): Row {
  const nodeKpis = node.indicatorIds.map((id) => ctx.kpis.get(id)).filter((k): k is KpiBlock => !!k);
  const itemIds = new Set(node.items.map((i) => i.initiative.id));
  const items = node.items.map((item) =>
    buildItem(item, ctx, [
      ...nodeKpis.filter((k) => k.initiativeId === item.initiative.id),
      ...(ctx.byInitiative.get(item.initiative.id) ?? []),
    ]),
  );
  return {
    nodeIds: [node.id, ...together.map((n) => n.id)],
    labels,
    items,
    overview: buildOverview(node, ctx),
    kpis: nodeKpis.filter((k) => k.initiativeId === null || !itemIds.has(k.initiativeId)),
  };
}

function buildItem(item: TreeItem, ctx: Ctx, kpis: KpiBlock[]): Item {
  const { initiative, entry } = item;
  const owners = ownerNames(ctx, initiative.ownerIds);
  const fallback = initiativeTitle(initiative, ctx.lang);
  const excepted = entry !== null && isException(entry.reviewState);
  const text = excepted
    ? t(ctx.lang, 'report.exception_item', {
        kind: t(ctx.lang, `report.state.${entry.reviewState}`),
        title: fallback,
        reason: inLang(ctx.lang, entry.text, entry.textEn),
      })
    : entry && entry.text.trim() !== ''
      ? inLang(ctx.lang, entry.text, entry.textEn)
      : fallback;
  return {
    initiativeId: initiative.id,
    title: fallback,
    text,
    reported: !excepted && entry !== null && entry.text.trim() !== '',
    owners,
    ownerTag:
      owners.length === 0
        ? ''
        : t(ctx.lang, 'report.owner_tag', { owners: owners.join(t(ctx.lang, 'report.owner_separator')) }),
    stage: term(ctx, 'stage', entry?.stage ?? null),
    plans: (entry?.plans ?? []).map((p) =>
      t(ctx.lang, 'report.plan', { period: periodLabel(p.period, ctx.lang), text: jaText(ctx.lang, p.text) }),
    ),
    kpis,
    corrected: ctx.corrected.has(`initiative:${initiative.id}`),
  };
}

function buildOverview(node: TreeNode, ctx: Ctx): Overview | null {
  const a = node.assessment;
  if (!a) return null;
  return {
    narrative: inLang(ctx.lang, a.narrative, a.narrativeEn),
    remark: jaText(ctx.lang, a.remark),
    rating: term(ctx, 'rating', a.rating),
    needsAcceleration: a.needsAcceleration,
    corrected: ctx.corrected.has(`node:${node.mirrorOf ?? node.id}`),
  };
}
