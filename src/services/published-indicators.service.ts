/**
 * Indicators (KPI) as the public reads them: from the published record, not from the rows
 * administrators keep editing for the open and future cycles.
 *
 * Why from the snapshots rather than per-cycle copies of indicator values: every snapshot
 * already holds the strategy's indicators as that cycle published them (definition,
 * baseline, target and figures), and a correction patches exactly that copy. A second
 * store would be a second truth to keep in step.
 *
 * An indicator reads as its newest published cycle shows it; each figure as the cycle it
 * was reported in published (and corrected) it, so that a correction of FY2022's figure
 * shows even once FY2023 is published. An indicator no published cycle holds does not
 * exist for the public.
 */
import type { Db } from '../db/database.ts';
import * as indicatorsRepo from '../db/repositories/indicators.repository.ts';
import * as snapshotsRepo from '../db/repositories/snapshots.repository.ts';
import { PUBLIC_SCOPE } from '../domain/access.ts';
import type { Indicator, Observation, ObservationPoint } from '../domain/model.ts';
import type { StrategyTree, TreeIndicator } from '../domain/views.ts';

/** Parsed indicators of one snapshot revision; revisions never change, so neither do these. */
const kept = new WeakMap<object, Map<string, Map<string, TreeIndicator>>>();
const KEEP_LIMIT = 128;

async function indicatorsOf(db: Db, cycleId: string, revision: number): Promise<Map<string, TreeIndicator>> {
  let cache = kept.get(db.kysely);
  if (!cache) kept.set(db.kysely, (cache = new Map()));
  const key = `${cycleId}\u0000${revision}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const row = await snapshotsRepo.findSnapshot(db.kysely, cycleId, revision);
  const tree = row ? (JSON.parse(row.tree) as StrategyTree) : null;
  const byId = new Map((tree?.indicators ?? []).map((k) => [k.id, k]));
  if (cache.size >= KEEP_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, byId);
  return byId;
}

/** The published indicators of a strategy (all of them, or the one `id` names), in order. */
async function published(db: Db, strategyId: string, id?: string): Promise<Indicator[]> {
  const revisions = await snapshotsRepo.publishedRevisions(db.kysely, strategyId);
  const snapshots = await Promise.all(
    revisions.map(async (r) => ({
      cycleId: r.cycleId,
      indicators: await indicatorsOf(db, r.cycleId, r.revision),
    })),
  );
  const newest = new Map<string, TreeIndicator>();
  const figures = new Map<string, Map<string, { point: ObservationPoint; own: boolean }>>();
  for (const snapshot of snapshots) {
    for (const k of snapshot.indicators.values()) {
      if (id !== undefined && k.id !== id) continue;
      newest.set(k.id, k);
      let points = figures.get(k.id);
      if (!points) figures.set(k.id, (points = new Map()));
      for (const point of k.observations) {
        // A figure as the cycle that reported it published it; else as the newest cycle shows it.
        const own = point.cycleId === snapshot.cycleId;
        const before = points.get(point.id);
        if (!before || own || !before.own) points.set(point.id, { point, own });
      }
    }
  }
  if (newest.size === 0) return [];
  // The figures' edit records (version, times) come from their rows while these exist.
  const live = await indicatorsRepo.listIndicators(
    db.kysely,
    PUBLIC_SCOPE,
    id === undefined ? { strategyId } : { ids: [id] },
    revisions.map((r) => r.cycleId),
  );
  const rows = new Map(live.flatMap((k) => k.observations).map((o) => [o.id, o]));
  return [...newest.values()]
    .sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((k) => {
      const { observations: _points, ...definition } = k;
      const observations: Observation[] = [...(figures.get(k.id)?.values() ?? [])]
        .map(({ point }) => {
          const row = rows.get(point.id);
          return {
            ...point,
            indicatorId: k.id,
            version: row?.version ?? k.version,
            createdAt: row?.createdAt ?? k.createdAt,
            updatedAt: row?.updatedAt ?? k.updatedAt,
            updatedBy: row?.updatedBy ?? k.updatedBy,
          };
        })
        .sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
      return { ...definition, observations };
    });
}

export async function publishedIndicators(db: Db, strategyId: string): Promise<Indicator[]> {
  return published(db, strategyId);
}

export async function publishedIndicator(
  db: Db,
  strategyId: string,
  id: string,
): Promise<Indicator | undefined> {
  return (await published(db, strategyId, id))[0];
}
