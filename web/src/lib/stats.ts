/**
 * Dashboard figures computed from one cycle's tree. Mirror nodes (a target shown again
 * under another pillar) count once in totals and in each pillar where they are shown.
 */
import type { Organisation } from '../../../src/domain/model.ts';
import type { OutlineNode } from '../../../src/domain/views.ts';
import { assessedNodes, assessedUnder, flatten, type TreeIndex } from './tree.ts';

/** The key for assessments without a rating. */
export const NO_RATING = '';

const ratingKey = (n: OutlineNode): string => n.assessment?.rating ?? NO_RATING;

function countBy(nodes: OutlineNode[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const n of nodes) counts.set(ratingKey(n), (counts.get(ratingKey(n)) ?? 0) + 1);
  return counts;
}

/** Assessed targets per rating, each target once (mirrors excluded). */
export function ratingCounts(index: TreeIndex): Map<string, number> {
  return countBy(assessedNodes(index.all).filter((n) => n.mirrorOf === null));
}

/** Per pillar, assessed targets per rating (a mirror counts in the pillar that shows it). */
export function pillarRatingMatrix(index: TreeIndex): { pillar: OutlineNode; counts: Map<string, number> }[] {
  return index.tree.nodes.map((pillar) => ({ pillar, counts: countBy(assessedUnder(pillar)) }));
}

/** Rating columns to show: the vocabulary in order, plus "no rating" when it occurs. */
export function ratingColumns(index: TreeIndex): string[] {
  const used = ratingCounts(index);
  const codes = index.ratings.map((r) => r.code);
  return used.has(NO_RATING) ? [...codes, NO_RATING] : codes;
}

/** Targets the secretariat flagged as needing acceleration (originals only). */
export function needsAcceleration(index: TreeIndex): OutlineNode[] {
  return index.all.filter((n) => n.mirrorOf === null && n.assessment?.needsAcceleration === true);
}

export interface MinistryRow {
  org: Organisation;
  /** Distinct initiatives per pillar id. */
  perPillar: Map<string, number>;
  total: number;
}

/** Ministries × pillars: how many distinct initiatives each ministry has under each pillar. */
export function ministryMatrix(index: TreeIndex): MinistryRow[] {
  const sets = new Map<string, { perPillar: Map<string, Set<string>>; all: Set<string> }>();
  for (const pillar of index.tree.nodes) {
    for (const node of flatten([pillar])) {
      for (const item of node.items) {
        for (const orgId of item.initiative.ownerIds) {
          let row = sets.get(orgId);
          if (!row) sets.set(orgId, (row = { perPillar: new Map(), all: new Set() }));
          let cell = row.perPillar.get(pillar.id);
          if (!cell) row.perPillar.set(pillar.id, (cell = new Set()));
          cell.add(item.initiative.id);
          row.all.add(item.initiative.id);
        }
      }
    }
  }
  const rows: MinistryRow[] = [];
  for (const org of [...index.orgs.values()].sort((a, b) => a.position - b.position)) {
    const row = sets.get(org.id);
    if (!row) continue;
    const perPillar = new Map([...row.perPillar].map(([id, set]) => [id, set.size]));
    rows.push({ org, perPillar, total: row.all.size });
  }
  return rows;
}

/** Background level 0–4 for a heat-map cell, relative to the largest count. */
export function heatLevel(count: number, max: number): number {
  if (count <= 0 || max <= 0) return 0;
  return Math.max(1, Math.min(4, Math.ceil((count / max) * 4)));
}
