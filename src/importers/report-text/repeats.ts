/**
 * Content the report prints twice. A whole target repeated elsewhere with the same items and
 * the same overview becomes a mirror of the first (one node shown in two places, so its
 * progress and assessment are kept once); a goal whose targets are all such repeats and whose
 * shared list is theirs together mirrors them one by one. Items repeated on their own are
 * matched later by text and cross-listed (initiatives.ts).
 */
import { matchKey } from './text.ts';
import { preorder, type OutlineNode } from './tree.ts';
import type { Unit } from './units.ts';

interface Content {
  items: Set<string>;
  texts: Set<string>;
}

export const itemKey = (text: string): string => matchKey(text);

function content(units: readonly Unit[]): Content {
  const items = new Set<string>();
  const texts = new Set<string>();
  for (const u of units) {
    u.items.forEach((i) => items.add(itemKey(i.text)));
    [...u.narratives, ...u.remarks].forEach((p) => texts.add(matchKey(p.text)));
  }
  return { items, texts };
}

const sameSet = (a: Set<string>, b: Set<string>): boolean =>
  a.size === b.size && [...a].every((x) => b.has(x));

function union(cs: readonly Content[]): Content {
  return {
    items: new Set(cs.flatMap((c) => [...c.items])),
    texts: new Set(cs.flatMap((c) => [...c.texts])),
  };
}

const same = (a: Content, b: Content): boolean =>
  a.items.size > 0 && sameSet(a.items, b.items) && sameSet(a.texts, b.texts);

/** Marks repeated targets as mirrors and empties them. Returns how many mirrors were made. */
export function markMirrors(pillars: readonly OutlineNode[]): number {
  const nodes = preorder(pillars).filter((n) => n.parent !== null);
  const firstByKey = new Map<string, OutlineNode>();
  const original = (n: OutlineNode): OutlineNode | undefined => {
    const first = firstByKey.get(n.key);
    return first && first !== n && first.mirrorOf === null && first.units.length > 0 ? first : undefined;
  };
  let made = 0;
  for (const n of nodes) {
    if (!firstByKey.has(n.key)) firstByKey.set(n.key, n);
    if (n.children.length > 0) {
      made += mirrorSharedTargets(n, original);
      continue;
    }
    const o = original(n);
    if (o && n.units.length > 0 && same(content(n.units), content(o.units))) {
      n.mirrorOf = o;
      n.units = [];
      made++;
    }
  }
  return made;
}

/** A goal printing one list for targets that all repeat earlier targets (the seed's AIの信頼性の向上). */
function mirrorSharedTargets(
  goal: OutlineNode,
  original: (n: OutlineNode) => OutlineNode | undefined,
): number {
  if (goal.units.length === 0 || goal.children.some((c) => c.units.length > 0 || c.children.length > 0))
    return 0;
  const originals = goal.children.map(original);
  const found = originals.filter((o): o is OutlineNode => o !== undefined);
  if (found.length !== originals.length) return 0;
  const theirs = union(found.map((o) => content(o.units)));
  if (!same(content(goal.units), theirs)) return 0;
  goal.children.forEach((c, i) => (c.mirrorOf = found[i] ?? null));
  goal.units = [];
  return goal.children.length;
}
