/**
 * Reviewing a report the importer recovered (issue #23, "review on screen"): the draft
 * strategy, what the importer could not place ("to check"), and where each node and item was
 * read. An administrator fixes it with small edits — move, merge, split, retag, change kind —
 * each a pure function of the review; a refused edit is an `invalid` error whose details
 * carry a code the UI translates (`report_review.error.<code>`), and nothing changes.
 */
import { z } from 'zod';
import { invalid } from './errors.ts';
import { IdParam } from './inputs.ts';
import type { OrganisationRecord, StrategyExport } from './interchange.ts';

export interface ToCheck {
  id: string;
  text: string;
  /** A line of the file, or page × 1000 + position on the page (PDF, PPTX). */
  line: number;
  /** The node read just before it, the likeliest home. */
  nodeId: string | null;
}

export interface ReviewDraft {
  draft: StrategyExport;
  toCheck: ToCheck[];
  /** Where each node and initiative was read (line as in ToCheck). */
  sources: { nodes: Record<string, number>; initiatives: Record<string, number> };
}

/**
 * The page (or slide) of a source line; null for a text file's line.
 * @example sourcePage(3012) // 3
 */
export const sourcePage = (line: number): number | null => (line >= 1000 ? Math.floor(line / 1000) : null);

const Id = IdParam;
const Owners = z.array(Id).min(1).max(20);
const Part = z.string().trim().min(1).max(20_000);

/** One fix, as the screen sends it. */
export const ReviewEdit = z.discriminatedUnion('op', [
  z.object({ op: z.literal('move_node'), nodeId: Id, parentId: Id.nullable() }),
  z.object({ op: z.literal('move_item'), initiativeId: Id, from: Id, to: Id }),
  z.object({ op: z.literal('merge_nodes'), keep: Id, drop: Id }),
  z.object({ op: z.literal('merge_items'), keep: Id, drop: Id }),
  z.object({ op: z.literal('split_item'), initiativeId: Id, first: Part, second: Part }),
  z.object({ op: z.literal('retag_item'), initiativeId: Id, owners: Owners }),
  z.object({ op: z.literal('item_to_target'), initiativeId: Id }),
  z.object({ op: z.literal('target_to_item'), nodeId: Id, owners: Owners }),
  z.object({ op: z.literal('check_to_item'), checkId: Id, nodeId: Id, owners: Owners }),
  z.object({ op: z.literal('check_to_overview'), checkId: Id, nodeId: Id }),
  z.object({ op: z.literal('check_to_target'), checkId: Id, parentId: Id.nullable() }),
  z.object({ op: z.literal('overview_to_check'), nodeId: Id }),
  z.object({ op: z.literal('dismiss_check'), checkId: Id }),
]);
export type ReviewEdit = z.infer<typeof ReviewEdit>;

const refuse = (code: string, params: Record<string, string> = {}) =>
  invalid(`report review: ${code}`, { code, params });

const title = (text: string): string => {
  const plain = text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[。．]+$/u, '');
  return plain.length > 80 ? `${plain.slice(0, 79)}…` : plain;
};

/** An id not used yet: `${base}${n}`. */
function freshId(taken: Iterable<string>, base: string): string {
  const used = new Set(taken);
  let n = 1;
  while (used.has(`${base}${n}`)) n++;
  return `${base}${n}`;
}

/** Renumbers the codes (1, 1.2, …) in tree order after the tree changed. */
function recode(d: StrategyExport): void {
  const visit = (parentId: string | null, prefix: string) => {
    d.nodes
      .filter((n) => n.parentId === parentId)
      .forEach((n, i) => {
        n.code = prefix ? `${prefix}.${i + 1}` : String(i + 1);
        visit(n.id, n.code);
      });
  };
  visit(null, '');
}

/**
 * Applies one edit to a copy of the review; `known` are organisations a tag may name besides
 * the draft's own (the database's).
 * @example applyEdit(review, { op: 'dismiss_check', checkId: 'c1' }, []).toCheck.length
 */
export function applyEdit(
  review: ReviewDraft,
  edit: ReviewEdit,
  known: readonly OrganisationRecord[],
): ReviewDraft {
  const r = structuredClone(review);
  const d = r.draft;
  const cycle = d.cycles[0];
  const node = (id: string) => d.nodes.find((n) => n.id === id) ?? fail('unknown_node', { id });
  const item = (id: string) => d.initiatives.find((i) => i.id === id) ?? fail('unknown_item', { id });
  const check = (id: string) => r.toCheck.find((c) => c.id === id) ?? fail('unknown_check', { id });
  const isUnder = (id: string, ancestor: string): boolean => {
    for (let n = d.nodes.find((x) => x.id === id); n; n = d.nodes.find((x) => x.id === n?.parentId))
      if (n.id === ancestor) return true;
    return false;
  };
  const nextPosition = (nodeId: string) =>
    Math.max(
      -1,
      ...d.initiatives.flatMap((i) => i.listings.filter((l) => l.nodeId === nodeId).map((l) => l.position)),
    ) + 1;
  const owners = (ids: readonly string[]) => {
    for (const id of ids) {
      if (d.organisations.some((o) => o.id === id)) continue;
      const org = known.find((o) => o.id === id) ?? fail('unknown_organisation', { id });
      d.organisations.push(org);
    }
    return [...new Set(ids)];
  };
  const newItem = (text: string, nodeId: string, ownerIds: string[], line: number) => {
    const id = freshId(
      d.initiatives.map((i) => i.id),
      `${d.strategy.id}-r`,
    );
    d.initiatives.push({
      id,
      title: title(text),
      titleEn: '',
      owners: ownerIds,
      listings: [{ nodeId, position: nextPosition(nodeId) }],
    });
    cycle?.progress.push({
      initiativeId: id,
      text,
      textEn: '',
      stage: null,
      plans: [],
      evidence: [],
      reviewState: 'accepted',
      reviewComment: '',
      submittedAt: null,
    });
    r.sources.initiatives[id] = line;
    return id;
  };
  const newNode = (text: string, parentId: string | null, line: number) => {
    const id = freshId(
      d.nodes.map((n) => n.id),
      `${d.strategy.id}-n`,
    );
    d.nodes.push({ id, parentId, code: '', title: title(text), titleEn: '', note: '', mirrorOf: null });
    r.sources.nodes[id] = line;
    recode(d);
    return id;
  };
  const removeItem = (id: string) => {
    d.initiatives = d.initiatives.filter((i) => i.id !== id);
    if (cycle) cycle.progress = cycle.progress.filter((p) => p.initiativeId !== id);
    r.sources.initiatives = without(r.sources.initiatives, id);
  };
  const progressOf = (id: string) => cycle?.progress.find((p) => p.initiativeId === id);
  const lineOf = (id: string) => r.sources.nodes[id] ?? 0;

  switch (edit.op) {
    case 'move_node': {
      node(edit.nodeId);
      if (edit.parentId !== null && isUnder(node(edit.parentId).id, edit.nodeId)) fail('move_into_itself');
      node(edit.nodeId).parentId = edit.parentId;
      recode(d);
      break;
    }
    case 'move_item': {
      const i = item(edit.initiativeId);
      node(edit.to);
      const listing = i.listings.find((l) => l.nodeId === edit.from) ?? fail('not_listed', { id: edit.from });
      if (i.listings.some((l) => l.nodeId === edit.to)) i.listings = i.listings.filter((l) => l !== listing);
      else Object.assign(listing, { nodeId: edit.to, position: nextPosition(edit.to) });
      break;
    }
    case 'merge_nodes': {
      if (edit.keep === edit.drop) fail('merge_same');
      const keep = node(edit.keep);
      node(edit.drop);
      if (isUnder(keep.id, edit.drop)) fail('move_into_itself');
      for (const n of d.nodes) {
        if (n.parentId === edit.drop) n.parentId = keep.id;
        if (n.mirrorOf === edit.drop) n.mirrorOf = keep.id;
      }
      for (const i of d.initiatives) {
        const moved = i.listings.filter((l) => l.nodeId === edit.drop);
        const kept = i.listings.filter((l) => l.nodeId !== edit.drop);
        if (moved.length > 0 && !kept.some((l) => l.nodeId === keep.id))
          kept.push({ nodeId: keep.id, position: nextPosition(keep.id) });
        i.listings = kept;
      }
      for (const k of d.indicators) if (k.nodeId === edit.drop) k.nodeId = keep.id;
      if (cycle) {
        const a = cycle.assessments.find((x) => x.nodeId === keep.id);
        const b = cycle.assessments.find((x) => x.nodeId === edit.drop);
        if (b && a) a.narrative = [a.narrative, b.narrative].filter(Boolean).join('\n');
        else if (b) b.nodeId = keep.id;
        cycle.assessments = cycle.assessments.filter((x) => x.nodeId !== edit.drop);
        for (const p of cycle.summary?.pillars ?? []) if (p.nodeId === edit.drop) p.nodeId = keep.id;
      }
      for (const c of r.toCheck) if (c.nodeId === edit.drop) c.nodeId = keep.id;
      d.nodes = d.nodes.filter((n) => n.id !== edit.drop);
      r.sources.nodes = without(r.sources.nodes, edit.drop);
      recode(d);
      break;
    }
    case 'merge_items': {
      if (edit.keep === edit.drop) fail('merge_same');
      const keep = item(edit.keep);
      const drop = item(edit.drop);
      keep.owners = [...new Set([...keep.owners, ...drop.owners])];
      for (const l of drop.listings)
        if (!keep.listings.some((k) => k.nodeId === l.nodeId))
          keep.listings.push({ nodeId: l.nodeId, position: nextPosition(l.nodeId) });
      const a = progressOf(keep.id);
      const b = progressOf(drop.id);
      if (a && b) {
        a.text = [a.text, b.text].filter(Boolean).join('\n');
        a.plans = [...a.plans, ...b.plans.filter((p) => !a.plans.some((q) => q.period === p.period))];
      }
      for (const k of d.indicators) if (k.initiativeId === drop.id) k.initiativeId = keep.id;
      removeItem(drop.id);
      break;
    }
    case 'split_item': {
      const i = item(edit.initiativeId);
      const line = r.sources.initiatives[i.id] ?? 0;
      const first = progressOf(i.id);
      i.title = title(edit.first);
      if (first) first.text = edit.first;
      // Listed wherever the first part is, at the end of each list.
      const listings = i.listings.map((l) => ({ nodeId: l.nodeId, position: nextPosition(l.nodeId) }));
      const id = newItem(
        edit.second,
        listings[0]?.nodeId ?? fail('not_listed', { id: i.id }),
        [...i.owners],
        line,
      );
      item(id).listings = listings;
      const stage = first?.stage ?? null;
      const entry = progressOf(id);
      if (entry) entry.stage = stage;
      break;
    }
    case 'retag_item': {
      item(edit.initiativeId).owners = owners(edit.owners);
      break;
    }
    case 'item_to_target': {
      const i = item(edit.initiativeId);
      const parent = i.listings[0]?.nodeId ?? fail('not_listed', { id: i.id });
      const id = newNode(progressOf(i.id)?.text || i.title, parent, r.sources.initiatives[i.id] ?? 0);
      for (const k of d.indicators)
        if (k.initiativeId === i.id) Object.assign(k, { initiativeId: null, nodeId: id });
      removeItem(i.id);
      break;
    }
    case 'target_to_item': {
      const n = node(edit.nodeId);
      if (d.nodes.some((x) => x.parentId === n.id || x.mirrorOf === n.id)) fail('has_children');
      const parent = n.parentId ?? fail('top_level');
      const tags = owners(edit.owners);
      const id = newItem(n.title, parent, tags, lineOf(n.id));
      for (const i of d.initiatives)
        if (i.id !== id && i.listings.some((l) => l.nodeId === n.id))
          i.listings = i.listings.some((l) => l.nodeId === parent)
            ? i.listings.filter((l) => l.nodeId !== n.id)
            : i.listings.map((l) =>
                l.nodeId === n.id ? { nodeId: parent, position: nextPosition(parent) } : l,
              );
      for (const k of d.indicators) if (k.nodeId === n.id) k.nodeId = parent;
      const overview = cycle?.assessments.find((a) => a.nodeId === n.id);
      if (overview?.narrative)
        r.toCheck.push({
          id: freshId(
            r.toCheck.map((c) => c.id),
            'c',
          ),
          text: overview.narrative,
          line: lineOf(n.id),
          nodeId: parent,
        });
      if (cycle) {
        cycle.assessments = cycle.assessments.filter((a) => a.nodeId !== n.id);
        if (cycle.summary) cycle.summary.pillars = cycle.summary.pillars.filter((p) => p.nodeId !== n.id);
      }
      for (const c of r.toCheck) if (c.nodeId === n.id) c.nodeId = parent;
      d.nodes = d.nodes.filter((x) => x.id !== n.id);
      r.sources.nodes = without(r.sources.nodes, n.id);
      recode(d);
      break;
    }
    case 'check_to_item': {
      const c = check(edit.checkId);
      node(edit.nodeId);
      newItem(c.text, edit.nodeId, owners(edit.owners), c.line);
      r.toCheck = r.toCheck.filter((x) => x.id !== c.id);
      break;
    }
    case 'check_to_overview': {
      const c = check(edit.checkId);
      node(edit.nodeId);
      if (!cycle) fail('no_cycle');
      const a = cycle.assessments.find((x) => x.nodeId === edit.nodeId);
      if (a) a.narrative = [a.narrative, c.text].filter(Boolean).join('\n');
      else
        cycle.assessments.push({
          nodeId: edit.nodeId,
          rating: null,
          narrative: c.text,
          narrativeEn: '',
          needsAcceleration: false,
          remark: '',
        });
      r.toCheck = r.toCheck.filter((x) => x.id !== c.id);
      break;
    }
    case 'check_to_target': {
      const c = check(edit.checkId);
      if (edit.parentId !== null) node(edit.parentId);
      newNode(c.text, edit.parentId, c.line);
      r.toCheck = r.toCheck.filter((x) => x.id !== c.id);
      break;
    }
    case 'overview_to_check': {
      node(edit.nodeId);
      const a =
        cycle?.assessments.find((x) => x.nodeId === edit.nodeId) ?? fail('no_overview', { id: edit.nodeId });
      r.toCheck.push({
        id: freshId(
          r.toCheck.map((c) => c.id),
          'c',
        ),
        text: a.narrative,
        line: lineOf(edit.nodeId),
        nodeId: edit.nodeId,
      });
      if (cycle) cycle.assessments = cycle.assessments.filter((x) => x !== a);
      break;
    }
    case 'dismiss_check': {
      check(edit.checkId);
      r.toCheck = r.toCheck.filter((x) => x.id !== edit.checkId);
      break;
    }
  }
  return r;
}

const without = (record: Record<string, number>, key: string): Record<string, number> =>
  Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));

function fail(code: string, params: Record<string, string> = {}): never {
  throw refuse(code, params);
}
