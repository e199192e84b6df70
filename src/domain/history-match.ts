/**
 * One history from several years' reports: the nodes (pillars, goals, targets), initiatives
 * and indicators of a report recovered for one year, matched to those of the strategy
 * already stored, by the similarity of their titles (normalised Japanese text) and of their
 * place (the same parent, the same ministries). Pure: the service reads the rows and writes
 * what a reviewer confirms.
 *
 * A match is `matched` when the titles are the same once normalised, `renamed` when they
 * differ but the score still says it is the same thing (kept as the same node; the title of
 * the later year wins), and `new` when nothing stored is close enough. What is stored and
 * matched by nothing is `absent` this year.
 */
import { foldKana } from './search/normalize.ts';

export interface SideNode {
  id: string;
  parentId: string | null;
  title: string;
  mirrorOf: string | null;
}

export interface SideInitiative {
  id: string;
  title: string;
  ownerIds: readonly string[];
  /** The nodes it is listed under. */
  nodeIds: readonly string[];
}

export interface SideIndicator {
  id: string;
  name: string;
  unit: string;
  nodeId: string | null;
  initiativeId: string | null;
}

/** One side of the comparison: the stored strategy, or the year's draft. */
export interface HistorySide {
  nodes: readonly SideNode[];
  initiatives: readonly SideInitiative[];
  indicators: readonly SideIndicator[];
}

export type MatchKind = 'matched' | 'renamed' | 'new';

export interface MatchCandidate {
  id: string;
  title: string;
  score: number;
}

export interface Match {
  /** The id in the draft. */
  draftId: string;
  /** The title (or indicator name) in the draft. */
  title: string;
  /** The stored record it continues; null for a new one. */
  existingId: string | null;
  existingTitle: string | null;
  /** 0…1: how sure the match is (1 for the same title at the same place). */
  score: number;
  kind: MatchKind;
  /** The reviewer's answer: false takes the record in as new whatever it matched. */
  accepted: boolean;
  /** The closest stored records (best first), for a reviewer who picks another one. */
  candidates: MatchCandidate[];
}

export interface AbsentRecord {
  id: string;
  title: string;
}

export interface HistoryProposal {
  nodes: Match[];
  initiatives: Match[];
  indicators: Match[];
  /** Stored records the year's report does not mention. */
  absent: { nodes: AbsentRecord[]; initiatives: AbsentRecord[]; indicators: AbsentRecord[] };
}

/** Scores below these are not the same record. */
export const NODE_THRESHOLD = 0.55;
export const INITIATIVE_THRESHOLD = 0.5;
export const INDICATOR_THRESHOLD = 0.6;
const CANDIDATES = 3;

/**
 * A title as it is compared: NFKC, katakana folded to hiragana, lower case, without spaces,
 * punctuation, brackets and a leading number or pillar label.
 * @example normaliseTitle('柱 1\u3000量子技術の「研究開発」') // '量子技術の研究開発'
 */
export function normaliseTitle(title: string): string {
  return foldKana(title.normalize('NFKC'))
    .toLowerCase()
    .trim()
    .replace(/^(?:柱|第)\s*[0-9ivx]+(?:の柱)?[.、:)\s]*/u, '')
    .replace(/^(?:[0-9]+(?:[.-][0-9]+)*|[ivx]+)[.、:)\s]+/u, '')
    .replace(/^\([0-9]+\)\s*/u, '')
    .replace(/[\s\p{P}\p{S}]/gu, '');
}

const bigrams = (s: string): string[] => {
  const chars = [...s];
  if (chars.length < 2) return chars;
  return chars.slice(1).map((c, i) => `${chars[i] ?? ''}${c}`);
};

/**
 * How alike two titles are, 0…1: the Dice coefficient of their character bigrams after
 * normalisation (1 when the normalised titles are equal).
 * @example titleSimilarity('量子人材の育成', '量子人材の育成と確保') // ≈ 0.8
 */
export function titleSimilarity(a: string, b: string): number {
  const x = normaliseTitle(a);
  const y = normaliseTitle(b);
  if (x === y) return 1;
  if (x === '' || y === '') return 0;
  const counts = new Map<string, number>();
  const bx = bigrams(x);
  const by = bigrams(y);
  for (const g of bx) counts.set(g, (counts.get(g) ?? 0) + 1);
  let shared = 0;
  for (const g of by) {
    const n = counts.get(g) ?? 0;
    if (n > 0) {
      shared++;
      counts.set(g, n - 1);
    }
  }
  return (2 * shared) / (bx.length + by.length);
}

const round = (n: number) => Math.round(n * 1000) / 1000;

interface Scored {
  draftId: string;
  existingId: string;
  score: number;
}

/** Highest score first, each side used once, only pairs at or above the threshold. */
function assign(pairs: Scored[], threshold: number, taken: Set<string>): Map<string, Scored> {
  const out = new Map<string, Scored>();
  const sorted = [...pairs].sort(
    (a, b) =>
      b.score - a.score ||
      (a.draftId < b.draftId ? -1 : a.draftId > b.draftId ? 1 : 0) ||
      (a.existingId < b.existingId ? -1 : 1),
  );
  for (const p of sorted) {
    if (p.score < threshold) break;
    if (out.has(p.draftId) || taken.has(p.existingId)) continue;
    out.set(p.draftId, p);
    taken.add(p.existingId);
  }
  return out;
}

function toMatch(
  draftId: string,
  title: string,
  chosen: Scored | undefined,
  pairs: readonly Scored[],
  titleOf: (id: string) => string,
): Match {
  const candidates = pairs
    .filter((p) => p.draftId === draftId && p.score > 0.2)
    .sort((a, b) => b.score - a.score)
    .slice(0, CANDIDATES)
    .map((p) => ({ id: p.existingId, title: titleOf(p.existingId), score: round(p.score) }));
  if (!chosen) {
    return {
      draftId,
      title,
      existingId: null,
      existingTitle: null,
      score: 0,
      kind: 'new',
      accepted: true,
      candidates,
    };
  }
  const existingTitle = titleOf(chosen.existingId);
  const same = normaliseTitle(existingTitle) === normaliseTitle(title);
  return {
    draftId,
    title,
    existingId: chosen.existingId,
    existingTitle,
    score: round(chosen.score),
    kind: same ? 'matched' : 'renamed',
    accepted: true,
    candidates,
  };
}

function depths(nodes: readonly SideNode[]): Map<string, number> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const out = new Map<string, number>();
  const depth = (n: SideNode, seen: number): number => {
    const known = out.get(n.id);
    if (known !== undefined) return known;
    const parent = n.parentId === null ? undefined : byId.get(n.parentId);
    const d = parent && seen < 50 ? depth(parent, seen + 1) + 1 : 0;
    out.set(n.id, d);
    return d;
  };
  for (const n of nodes) depth(n, 0);
  return out;
}

/** Nodes, level by level: a title's likeness counts 0.8, being under the matched parent 0.2. */
function matchNodes(existing: readonly SideNode[], draft: readonly SideNode[]): Map<string, Scored> {
  const de = depths(existing);
  const dd = depths(draft);
  const chosen = new Map<string, Scored>();
  const taken = new Set<string>();
  const levels = [...new Set(dd.values())].sort((a, b) => a - b);
  for (const level of levels) {
    const pairs: Scored[] = [];
    for (const d of draft.filter((n) => dd.get(n.id) === level)) {
      for (const e of existing) {
        if (de.get(e.id) !== level || (e.mirrorOf === null) !== (d.mirrorOf === null)) continue;
        const sameParent =
          d.parentId === null ? e.parentId === null : chosen.get(d.parentId)?.existingId === e.parentId;
        const score = 0.8 * titleSimilarity(d.title, e.title) + (sameParent ? 0.2 : 0);
        pairs.push({ draftId: d.id, existingId: e.id, score });
      }
    }
    for (const [k, v] of assign(pairs, NODE_THRESHOLD, taken)) chosen.set(k, v);
  }
  return chosen;
}

/** Every stored/draft pair of nodes, scored as matchNodes scores them (for candidates). */
function nodePairs(
  existing: readonly SideNode[],
  draft: readonly SideNode[],
  chosen: Map<string, Scored>,
): Scored[] {
  return draft.flatMap((d) =>
    existing.map((e) => {
      const sameParent =
        d.parentId === null ? e.parentId === null : chosen.get(d.parentId)?.existingId === e.parentId;
      return {
        draftId: d.id,
        existingId: e.id,
        score: 0.8 * titleSimilarity(d.title, e.title) + (sameParent ? 0.2 : 0),
      };
    }),
  );
}

const overlap = (a: readonly string[], b: readonly string[]): number => {
  if (a.length === 0 && b.length === 0) return 1;
  const sb = new Set(b);
  const shared = new Set(a.filter((x) => sb.has(x))).size;
  return shared / new Set([...a, ...b]).size;
};

/**
 * A second look at the nodes left new: a target reworded beyond likeness is still the same
 * target when most of its items continue items of one stored node under the same parent
 * (items 0.5, title 0.3, parent 0.2).
 */
function matchByItems(
  existing: HistorySide,
  draft: HistorySide,
  nodes: Map<string, Scored>,
  initiatives: Map<string, Scored>,
): Map<string, Scored> {
  const taken = new Set([...nodes.values()].map((m) => m.existingId));
  const stockListings = new Map(existing.initiatives.map((i) => [i.id, i.nodeIds]));
  const pairs: Scored[] = [];
  for (const d of draft.nodes) {
    if (nodes.has(d.id) || d.mirrorOf !== null) continue;
    const items = draft.initiatives.filter((i) => i.nodeIds.includes(d.id));
    if (items.length === 0) continue;
    for (const e of existing.nodes) {
      if (taken.has(e.id) || e.mirrorOf !== null) continue;
      const continued = items.filter((i) => {
        const m = initiatives.get(i.id);
        return m !== undefined && (stockListings.get(m.existingId) ?? []).includes(e.id);
      }).length;
      if (continued === 0) continue;
      const sameParent =
        d.parentId === null ? e.parentId === null : nodes.get(d.parentId)?.existingId === e.parentId;
      const score =
        (0.5 * continued) / items.length + 0.3 * titleSimilarity(d.title, e.title) + (sameParent ? 0.2 : 0);
      pairs.push({ draftId: d.id, existingId: e.id, score });
    }
  }
  return assign(pairs, NODE_THRESHOLD, taken);
}

/**
 * Proposes how a year's draft continues the stored strategy.
 * @example proposeHistory(stored, draft).nodes[0] // { draftId: 'q-p1', existingId: 'quantum-p1', kind: 'matched', … }
 */
export function proposeHistory(existing: HistorySide, draft: HistorySide): HistoryProposal {
  const nodeTitle = new Map(existing.nodes.map((n) => [n.id, n.title]));
  const chosenNodes = matchNodes(existing.nodes, draft.nodes);
  const mapNode = (id: string) => chosenNodes.get(id)?.existingId;

  const initiativeTitle = new Map(existing.initiatives.map((i) => [i.id, i.title]));
  const initiativePairs: Scored[] = draft.initiatives.flatMap((d) => {
    const under = new Set(d.nodeIds.map(mapNode).filter((x) => x !== undefined));
    return existing.initiatives.map((e) => ({
      draftId: d.id,
      existingId: e.id,
      score:
        0.7 * titleSimilarity(d.title, e.title) +
        0.15 * overlap(d.ownerIds, e.ownerIds) +
        (e.nodeIds.some((n) => under.has(n)) ? 0.15 : 0),
    }));
  });
  const chosenInitiatives = assign(initiativePairs, INITIATIVE_THRESHOLD, new Set());
  for (const [k, v] of matchByItems(existing, draft, chosenNodes, chosenInitiatives)) chosenNodes.set(k, v);
  const nodes = draft.nodes.map((d) =>
    toMatch(
      d.id,
      d.title,
      chosenNodes.get(d.id),
      nodePairs(existing.nodes, [d], chosenNodes),
      (id) => nodeTitle.get(id) ?? id,
    ),
  );
  const initiatives = draft.initiatives.map((d) =>
    toMatch(
      d.id,
      d.title,
      chosenInitiatives.get(d.id),
      initiativePairs,
      (id) => initiativeTitle.get(id) ?? id,
    ),
  );

  const indicatorName = new Map(existing.indicators.map((k) => [k.id, k.name]));
  const indicatorPairs: Scored[] = draft.indicators.flatMap((d) =>
    existing.indicators.map((e) => {
      const place =
        (d.nodeId !== null && mapNode(d.nodeId) === e.nodeId) ||
        (d.initiativeId !== null && chosenInitiatives.get(d.initiativeId)?.existingId === e.initiativeId);
      const unit = normaliseTitle(d.unit) === normaliseTitle(e.unit);
      return {
        draftId: d.id,
        existingId: e.id,
        score: 0.8 * titleSimilarity(d.name, e.name) + (unit ? 0.1 : 0) + (place ? 0.1 : 0),
      };
    }),
  );
  const chosenIndicators = assign(indicatorPairs, INDICATOR_THRESHOLD, new Set());
  const indicators = draft.indicators.map((d) =>
    toMatch(d.id, d.name, chosenIndicators.get(d.id), indicatorPairs, (id) => indicatorName.get(id) ?? id),
  );

  return withAbsent(existing, { nodes, initiatives, indicators });
}

/** The matches with the stored records none of them continues (absent from the year's report). */
export function withAbsent(
  existing: {
    nodes: readonly AbsentRecord[];
    initiatives: readonly AbsentRecord[];
    indicators: readonly { id: string; name: string }[];
  },
  matches: Pick<HistoryProposal, 'nodes' | 'initiatives' | 'indicators'>,
): HistoryProposal {
  const absent = <T extends { id: string }>(rows: readonly T[], ms: Match[], title: (r: T) => string) => {
    const used = new Set(ms.map((m) => m.existingId));
    return rows.filter((r) => !used.has(r.id)).map((r) => ({ id: r.id, title: title(r) }));
  };
  return {
    ...matches,
    absent: {
      nodes: absent(existing.nodes, matches.nodes, (n) => n.title),
      initiatives: absent(existing.initiatives, matches.initiatives, (i) => i.title),
      indicators: absent(existing.indicators, matches.indicators, (k) => k.name),
    },
  };
}
