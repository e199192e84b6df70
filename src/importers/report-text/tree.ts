/**
 * Stage 4b of the report-text pipeline: slides → the strategy tree (pillars, goals, targets
 * and deeper levels), each node holding the units printed for it.
 *
 * Headings are read by count. A run of n headings followed by k units (item lists with their
 * overview) before the next run is: n = k, one target per unit; n = k + 1, a goal and its
 * targets; n > k + 1 with one unit, a goal whose targets share one list and one overview (the
 * seed's 政府におけるAI利活用の推進); n > k + 1 with several units, a chain of levels. A run
 * left at the end of a slide labels the targets above it (the seed's pillar-1 goal, printed
 * last). Numbered headings (１．, （１）, ①) give their level outright.
 */
import { problem, type Problem } from '../problems.ts';
import { matchKey } from './text.ts';
import type { Element, Title, Unit } from './units.ts';
import { defined } from '../../domain/defined.ts';

export interface OutlineNode {
  key: string;
  title: string;
  note: string;
  line: number;
  parent: OutlineNode | null;
  children: OutlineNode[];
  units: Unit[];
  mirrorOf: OutlineNode | null;
}

export interface Outline {
  pillars: OutlineNode[];
}

export function newNode(title: string, line: number, parent: OutlineNode | null, note = ''): OutlineNode {
  return { key: matchKey(title), title, note, line, parent, children: [], units: [], mirrorOf: null };
}

/** The child of `parent` with this title, created if there is none yet. */
function child(parent: OutlineNode, t: Title): OutlineNode {
  const key = matchKey(t.text);
  const found = parent.children.find((c) => c.key === key);
  if (found) {
    if (!found.note && t.note) found.note = t.note;
    return found;
  }
  const node = newNode(t.text, t.line, parent, t.note);
  parent.children.push(node);
  return node;
}

interface Group {
  titles: Title[];
  units: Unit[];
}

function groups(elements: readonly Element[]): Group[] {
  const out: Group[] = [];
  for (const e of elements) {
    const last = out.at(-1);
    if (e.kind === 'titles') out.push({ titles: e.titles, units: [] });
    else if (last) last.units.push(e.unit);
    else out.push({ titles: [], units: [e.unit] });
  }
  return out;
}

/** Builds the tree of one pillar's slides into `pillar`. */
export class PillarBuilder {
  private readonly styleDepth = new Map<string, number>();
  private readonly stack: OutlineNode[];

  constructor(
    readonly pillar: OutlineNode,
    private readonly problems: Problem[],
  ) {
    this.stack = [pillar];
  }

  addSlide(elements: readonly Element[]): void {
    let goal: OutlineNode | null = null;
    const loose: OutlineNode[] = [];
    const all = groups(elements);
    all.forEach((g, gi) => {
      if (g.titles.some((t) => t.numbered !== null)) {
        this.numbered(g);
        return;
      }
      const n = g.titles.length;
      const k = g.units.length;
      const parent = goal ?? this.pillar;
      if (n === 0) {
        this.problems.push(
          problem('warning', 'report.unit_without_title', {}, { line: defined(g.units[0], 'a unit').line }),
        );
        parent.units.push(...g.units);
        return;
      }
      if (k === 0 && gi === all.length - 1 && loose.length > 0) {
        goal = this.relabel(g.titles, loose);
        return;
      }
      if (n <= k || k === 0) {
        this.pair(parent, g.titles, g.units, goal === null ? loose : null);
        return;
      }
      // More headings than units: the first is a goal, then levels chain down to the targets.
      goal = child(this.pillar, defined(g.titles[0], 'a heading'));
      let chainParent = goal;
      let rest = g.titles.slice(1);
      if (k > 1) {
        for (const t of rest.slice(0, rest.length - k)) chainParent = child(chainParent, t);
        rest = rest.slice(-k);
      }
      this.pair(chainParent, rest, g.units, null);
    });
  }

  /** Targets get one unit each; several targets and one unit share it on their parent. */
  private pair(
    parent: OutlineNode,
    titles: Title[],
    units: Unit[],
    loose: OutlineNode[] | null,
    given: OutlineNode[] = [],
  ): void {
    const nodes = [...given, ...titles.map((t) => child(parent, t))];
    if (loose) loose.push(...nodes.filter((n) => !loose.includes(n)));
    if (units.length === 1 && nodes.length > 1) {
      parent.units.push(...units);
      return;
    }
    units.forEach((u, i) => nodes[Math.min(i, nodes.length - 1)]?.units.push(u));
    if (units.length > nodes.length && nodes.length > 0)
      this.problems.push(
        problem(
          'warning',
          'report.units_merged',
          {},
          { line: defined(units[nodes.length], 'a merged unit').line },
        ),
      );
  }

  /** A heading printed after the targets it labels (the seed's pillar-1 goal). */
  private relabel(titles: Title[], loose: OutlineNode[]): OutlineNode {
    const goal = child(this.pillar, defined(titles[0], 'a heading'));
    for (const t of titles.slice(1))
      this.problems.push(problem('unplaced', 'report.heading_unplaced', { text: t.text }, { line: t.line }));
    for (const node of loose) {
      if (node === goal) continue;
      this.pillar.children = this.pillar.children.filter((c) => c !== node);
      const same = goal.children.find((c) => c.key === node.key);
      if (same) {
        same.units.push(...node.units);
        same.children.push(...node.children);
      } else {
        node.parent = goal;
        goal.children.push(node);
      }
    }
    return goal;
  }

  /** Numbered headings: each numbering style is one level, in the order the styles appear. */
  private numbered(g: Group): void {
    const created: { node: OutlineNode; depth: number }[] = [];
    for (const t of g.titles) {
      let depth = this.stack.length;
      if (t.numbered !== null) {
        depth = this.styleDepth.get(t.numbered) ?? this.styleDepth.size + 1;
        this.styleDepth.set(t.numbered, depth);
      }
      const parent = defined(this.stack[Math.min(depth - 1, this.stack.length - 1)], 'the open heading');
      const node = child(parent, t);
      this.stack.length = Math.min(depth, this.stack.length);
      this.stack.push(node);
      created.push({ node, depth });
    }
    const deepest = Math.max(...created.map((c) => c.depth));
    const leaves = created.filter((c) => c.depth === deepest).map((c) => c.node);
    this.pair(leaves[0]?.parent ?? this.pillar, [], g.units, null, leaves);
  }
}

/** Depth-first list of every node below (and including) the given roots. */
export function preorder(roots: readonly OutlineNode[]): OutlineNode[] {
  const out: OutlineNode[] = [];
  const seen = new Set<OutlineNode>();
  const visit = (n: OutlineNode) => {
    if (seen.has(n)) return;
    seen.add(n);
    out.push(n);
    n.children.forEach(visit);
  };
  roots.forEach(visit);
  return out;
}
