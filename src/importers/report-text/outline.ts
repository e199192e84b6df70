/**
 * Lines with roles → the report's parts: cover, summary, and the tree of pillars, goals and
 * targets with the items and overviews printed for each. Headings are placed by what they
 * say first (a label such as 柱 1 or 目標 2.1) and by their level second; a table row's label
 * is one level below the open heading. What cannot be placed is reported, never dropped.
 */
import { findPeriods, parseJapanesePeriod, type Period } from '../../domain/calendar.ts';
import { problem, type Problem } from '../problems.ts';
import type { Cover, SummarySlide } from './front.ts';
import { strategyTitleOf } from './front.ts';
import { bulletItem, type OrganisationIndex } from './ministries.ts';
import { isBareLabel, ratingLabel, splitLabel, type RoleLine } from './roles.ts';
import { isSentence, matchKey } from './text.ts';
import { newNode, type OutlineNode } from './tree.ts';
import type { Unit } from './units.ts';
import { defined } from '../../domain/defined.ts';

export interface OutlineRead {
  cover: Cover;
  summary: SummarySlide | null;
  pillars: OutlineNode[];
}

const SUMMARY = /^(?:全体の?(?:状況|概況|概要|評価)|まとめ|総括|概要|総論|サマリー?|ポイント|要旨|全体像)$/u;
const SKIP =
  /^(?:[^：:｜|]{1,80}[：:｜|])?(?:目次|指標(?:（KPI）|\(KPI\))?|KPI(?:一覧)?|主な指標|訂正(?:の)?(?:記録|一覧|履歴)?|報告のなかった(?:取組|項目)|参考(?:資料)?)$/u;
const SUMMARY_PILLARS = /^(?:主な状況|柱ごとの状況|柱別の状況|分野別の状況)$/u;
const ISSUER = /(?:省|庁|府|局|本部|室|会議|委員会)$/u;
const CONTINUED = /[（(]続き[)）]$/u;

const asMonth = (text: string): Period | null => {
  const p = parseJapanesePeriod(text) ?? findPeriods(text)[0]?.period ?? null;
  return p && (p.kind === 'month' || p.kind === 'day') ? p : null;
};
const isRemark = (t: string): boolean => /^(?:[（(](?:注|参考)\d*[)）]|※|注\d*[：:)）])/u.test(t);
const REMARK_MARK = /^(?:[（(]注\d*[)）]|※|注\d*[：:])\s*/u;
const bare = (t: string): string => t.replace(CONTINUED, '').trim();

interface Open {
  node: OutlineNode;
  depth: number;
  fromRow: boolean;
}

/** Reads lines with roles into cover, summary and pillars. */
export function buildOutline(
  all: readonly RoleLine[],
  orgs: OrganisationIndex,
  problems: Problem[],
): OutlineRead {
  const lines = all.filter((l) => l.role !== 'furniture');
  const { cover, end } = readCover(lines);
  const titleKey = cover.title === null ? null : matchKey(cover.title);
  const pillars: OutlineNode[] = [];
  const depthByLevel = new Map<number, number>();
  let stack: Open[] = [];
  const cur: { unit: Unit | null } = { unit: null };
  let mode: 'tree' | 'summary' | 'skip' = 'tree';
  let column: 'none' | 'progress' | 'overview' = 'none';
  let sectionLevel = 0;
  let pendingLabel = '';
  /** Nodes the headings just read opened (several when targets share one list). */
  let fresh: OutlineNode[] = [];
  let summary: SummarySlide | null = null;
  let summaryPillar: SummarySlide['pillars'][number] | null = null;

  const openUnit = (line: number): Unit => {
    if (cur.unit) return cur.unit;
    const u: Unit = { items: [], narratives: [], remarks: [], kpiLines: [], line };
    const [head] = fresh;
    const owner = fresh.length > 1 ? head?.parent : (head ?? stack.at(-1)?.node);
    if (!owner) problems.push(problem('unplaced', 'report.unit_without_title', {}, { line }));
    owner?.units.push(u);
    cur.unit = u;
    return u;
  };
  const place = (title: string, depth: number, line: number, fromRow: boolean): OutlineNode | null => {
    const t = bare(title);
    if (t === '') return null;
    const key = matchKey(t);
    if (depth === 0) {
      const node = pillars.find((p) => p.key === key) ?? newNode(t, line, null);
      if (!pillars.includes(node)) pillars.push(node);
      stack = [{ node, depth: 0, fromRow }];
      return node;
    }
    while ((stack.at(-1)?.depth ?? -Infinity) >= depth) stack.pop();
    const parent = stack.at(-1)?.node;
    if (!parent) {
      problems.push(problem('unplaced', 'report.heading_unplaced', { text: t }, { line }));
      return null;
    }
    const node = parent.children.find((c) => c.key === key) ?? newNode(t, line, parent);
    if (!parent.children.includes(node)) parent.children.push(node);
    stack.push({ node, depth, fromRow });
    return node;
  };
  const headingDepth = (label: ReturnType<typeof splitLabel>['label'], level: number): number => {
    if (label === 'pillar') depthByLevel.set(level, 0);
    if (label === 'goal') depthByLevel.set(level, 1);
    const known = depthByLevel.get(level);
    if (known !== undefined) return known;
    const shallower = [...depthByLevel].filter(([l]) => l < level).map(([, d]) => d);
    const depth = shallower.length === 0 ? 0 : Math.max(...shallower) + 1;
    depthByLevel.set(level, depth);
    return depth;
  };

  for (const line of lines.slice(end)) {
    // A summary's title printed small (a kicker above the verdict) still opens the summary.
    // So does a pillar's name printed small at the top of a continuation slide.
    const asHeading =
      line.role === 'text' &&
      (SUMMARY.test(line.text.replace(/\s/g, '')) ||
        pillars.some((p) => p.key === matchKey(bare(line.text))));
    const l: RoleLine = asHeading ? { ...line, role: 'heading', level: 99 } : line;
    const text = l.text;
    if (l.role === 'heading' || l.role === 'text') {
      // A bare label (柱 3, 目標 2.1) labels the heading that follows it.
      if (isBareLabel(text)) {
        pendingLabel = text;
        continue;
      }
    }
    if (l.role === 'heading') {
      const labelled = pendingLabel === '' ? text : `${pendingLabel} ${text}`;
      pendingLabel = '';
      const key = bare(labelled).replace(/\s/g, '');
      if (titleKey !== null && matchKey(labelled) === titleKey) continue;
      if (mode !== 'tree' && l.level > sectionLevel && splitLabel(labelled).label === null) {
        if (mode === 'summary' && !SUMMARY_PILLARS.test(key)) {
          summaryPillar = { name: bare(text), bullets: [], line: l.line };
          defined(summary, 'the summary slide').pillars.push(summaryPillar);
        }
        continue;
      }
      cur.unit = null;
      column = 'none';
      if (SUMMARY.test(key)) {
        mode = 'summary';
        sectionLevel = l.level;
        summary ??= { overall: [], pillars: [] };
        summaryPillar = null;
        continue;
      }
      if (SKIP.test(key)) {
        mode = 'skip';
        sectionLevel = l.level;
        continue;
      }
      mode = 'tree';
      // A breadcrumb 「柱の名前｜目標 1.1」: the pillar, then the goal whose title follows.
      const crumbs = labelled.split(/[｜|]/u).map((c) => c.trim());
      const [pillarName = '', goalLabel = ''] = crumbs;
      if (crumbs.length === 2 && goalLabel !== '' && isBareLabel(goalLabel)) {
        place(pillarName, 0, l.line, false);
        pendingLabel = goalLabel;
        fresh = [];
        continue;
      }
      const { label, title } = splitLabel(labelled);
      // A pillar's name printed again (a continuation slide's title) reopens that pillar.
      const again = label === null && pillars.some((p) => p.key === matchKey(bare(title)));
      const depth = again ? 0 : headingDepth(label, l.level);
      const titles = depth >= 2 ? splitShared(title) : [title];
      fresh = [];
      for (const t of titles) {
        const node = place(t, depth, l.line, false);
        if (node) fresh.push(node);
        if (titles.length > 1) stack.pop();
      }
      if (titles.length > 1 && fresh[0]?.parent)
        stack.push({ node: fresh[0].parent, depth: depth - 1, fromRow: false });
      continue;
    }
    if (mode === 'skip') continue;
    if (mode === 'summary') {
      if (l.role === 'row-label') {
        summaryPillar = { name: bare(text), bullets: [], line: l.line };
        defined(summary, 'the summary slide').pillars.push(summaryPillar);
      } else if (l.role === 'item' || l.role === 'text' || l.role === 'subitem') {
        if (titleKey !== null && matchKey(text) === titleKey) continue;
        if (SUMMARY_PILLARS.test(text.replace(/\s/g, ''))) continue;
        (summaryPillar?.bullets ?? defined(summary, 'the summary slide').overall).push(text);
      }
      continue;
    }
    switch (l.role) {
      case 'row-label': {
        // Labels printed one after another share the row's list (several targets, one list).
        const sharing = cur.unit === null && fresh.length > 0 && stack.at(-1)?.fromRow === true;
        if (!sharing) {
          while (stack.length > 1 && stack.at(-1)?.fromRow === true) stack.pop();
          fresh = [];
        } else stack.pop();
        // A row label may carry its own label (目標 2.1 …): that says its level outright.
        const split = splitLabel(text);
        const depth = split.label === 'goal' ? 1 : Math.max((stack.at(-1)?.depth ?? -1) + 1, 1);
        if (split.label === 'goal') while (stack.length > 1) stack.pop();
        const node = place(split.title, depth, l.line, true);
        if (node) fresh.push(node);
        cur.unit = null;
        column = 'none';
        break;
      }
      case 'progress-header':
        if (cur.unit && cur.unit.items.length > 0) cur.unit = null;
        column = 'progress';
        break;
      case 'overview-header':
        column = 'overview';
        break;
      case 'rating':
        openUnit(l.line).rating = ratingLabel(text) ?? text;
        break;
      case 'subitem': {
        const last = cur.unit?.items.at(-1);
        if (last) last.subLines.push(text);
        else openUnit(l.line).kpiLines.push(text);
        break;
      }
      case 'item':
      case 'text': {
        if (fresh.length === 0 && stack.length === 0) {
          problems.push(
            problem('unplaced', 'report.cover_content', { text: text.slice(0, 80) }, { line: l.line }),
          );
          break;
        }
        const label = ratingLabel(text);
        if (label !== null) {
          openUnit(l.line).rating = label;
          break;
        }
        const item = bulletItem(text, l.line, orgs);
        const u = openUnit(l.line);
        if (isRemark(text)) u.remarks.push({ text: text.replace(REMARK_MARK, ''), line: l.line });
        else if (item.names !== null && column !== 'overview') u.items.push(item);
        else if (l.role === 'item' && column !== 'overview') u.kpiLines.push(text);
        else if (column === 'progress' && !isSentence(text)) u.kpiLines.push(text);
        else if (
          /^[（(].*[)）]$/u.test(text) &&
          u.items.length === 0 &&
          u.narratives.length === 0 &&
          fresh[0]
        )
          fresh[0].note ||= text;
        else u.narratives.push({ text, line: l.line });
        break;
      }
    }
  }
  return { cover, summary, pillars };
}

/** The cover: the first heading (or line) is the title, then a month, then the issuer. */
function readCover(lines: readonly RoleLine[]): { cover: Cover; end: number } {
  const first = lines.findIndex((l) => l.role === 'heading' || l.role === 'text');
  const head = lines[first];
  const title = head?.text ?? null;
  let end = first + 1;
  // A date and an issuer printed large on a cover are still the date and the issuer.
  const page = (l: RoleLine) => (l.line >= 1000 ? Math.floor(l.line / 1000) : 0);
  const coverLine = (l: RoleLine | undefined) =>
    l !== undefined &&
    head !== undefined &&
    page(l) === page(head) &&
    !SUMMARY.test(l.text.replace(/\s/g, '')) &&
    (l.role === 'text' || (l.role === 'heading' && (asMonth(l.text) !== null || ISSUER.test(l.text))));
  while (coverLine(lines[end]) && end - first <= 6) end++;
  const rest = lines.slice(first + 1, end).map((l) => l.text);
  const dateAt = rest.findIndex((t) => asMonth(t) !== null);
  const issuer = (dateAt >= 0 ? rest.slice(dateAt + 1) : []).join(' ');
  const notes = dateAt > 0 ? rest.slice(0, dateAt) : [];
  const cover: Cover = {
    title,
    strategyTitle: title === null ? null : strategyTitleOf(title),
    asOf: dateAt >= 0 ? asMonth(rest[dateAt] ?? '') : null,
    issuer: issuer || notes.filter((n) => ISSUER.test(n)).join(' '),
  };
  return { cover, end };
}

/** 「A / B」: targets a row prints together, each long enough not to be a name like AI/IoT. */
function splitShared(title: string): string[] {
  const parts = title.split(/\s*\/\s*/u);
  return parts.length > 1 && parts.every((p) => p.length >= 8) ? parts : [title];
}
