/**
 * The published record in the interchange format: export carries every revision of a
 * published cycle (its stored tree and hash) and its corrections; import checks them,
 * restores them as they were, and freezes a published cycle that comes without them.
 *
 * `import --replace` never rewrites what was published: the stored revisions and
 * corrections of the strategy's published cycles are kept (a file may only add later
 * revisions to them), and a file that would remove, unpublish or contradict a published
 * cycle is refused with one line saying which.
 */
import type { Kysely } from 'kysely';
import type { Db } from '../db/database.ts';
import * as cyclesRepo from '../db/repositories/cycles.repository.ts';
import * as snapshotsRepo from '../db/repositories/snapshots.repository.ts';
import type { Database } from '../db/schema.ts';
import { sameValue } from '../domain/corrections.ts';
import { conflict } from '../domain/errors.ts';
import type { PublicationRecord, StrategyExport } from '../domain/interchange.ts';
import type { Cycle } from '../domain/model.ts';
import { flatten } from '../domain/tree-builder.ts';
import { StrategyTree } from '../domain/views.ts';
import { freezeCycle } from './publication.service.ts';
import { contentHashOf, writeSnapshot } from './snapshots.service.ts';
import { defined } from '../domain/defined.ts';

type Q = Kysely<Database>;

export interface StoredRecord {
  snapshots: snapshotsRepo.SnapshotRow[];
  corrections: snapshotsRepo.CorrectionRow[];
}

/** The stored published records of cycles, by cycle id. */
async function readRecords(q: Q, cycleIds: string[]): Promise<Map<string, StoredRecord>> {
  const [snapshots, corrections] = await Promise.all([
    snapshotsRepo.listSnapshots(q, cycleIds),
    snapshotsRepo.listCorrections(q, cycleIds),
  ]);
  const out = new Map<string, StoredRecord>();
  const of = (id: string) => {
    let r = out.get(id);
    if (!r) out.set(id, (r = { snapshots: [], corrections: [] }));
    return r;
  };
  for (const s of snapshots) of(s.cycleId).snapshots.push(s);
  for (const c of corrections) of(c.cycleId).corrections.push(c);
  return out;
}

/** The published records of a strategy's published cycles as stored (what a replacement keeps). */
export async function readPublishedRecords(q: Q, strategyId: string): Promise<Map<string, StoredRecord>> {
  const cycles = (await cyclesRepo.listCycles(q, strategyId)).filter((c) => c.state === 'published');
  return readRecords(
    q,
    cycles.map((c) => c.id),
  );
}

/** The published records of the cycles as export writes them, by cycle id. */
export async function exportRecords(q: Q, cycleIds: string[]): Promise<Map<string, PublicationRecord>> {
  const stored = await readRecords(q, cycleIds);
  return new Map(
    [...stored].map(([id, r]) => [
      id,
      {
        snapshots: r.snapshots.map((s) => ({
          revision: s.revision,
          createdAt: s.createdAt,
          contentHash: s.contentHash,
          tree: JSON.parse(s.tree) as Record<string, unknown>,
        })),
        corrections: r.corrections.map((c) => ({
          id: c.id,
          revision: c.revision,
          reason: c.reason,
          reasonEn: c.reasonEn,
          changes: JSON.parse(c.changes) as Record<string, unknown>[],
          createdAt: c.createdAt,
          createdBy: c.createdBy,
        })),
      },
    ]),
  );
}

/**
 * Problems of the file's published records, with their JSON paths: revisions 0…n in order,
 * each tree a strategy tree of its own cycle whose JSON text has the stated hash, and one
 * correction for every revision after the first.
 */
export function publicationIssues(data: StrategyExport): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  data.cycles.forEach((c, i) => {
    const p = c.publication;
    if (!p) return;
    const at = `$.cycles[${i}].publication`;
    if (c.state !== 'published')
      issues.push({ path: at, message: 'only a published cycle has a published record' });
    p.snapshots.forEach((s, j) => {
      if (s.revision !== j) issues.push({ path: `${at}.snapshots[${j}].revision`, message: `expected ${j}` });
      if (contentHashOf(JSON.stringify(s.tree)) !== s.contentHash)
        issues.push({ path: `${at}.snapshots[${j}].contentHash`, message: 'does not match the tree' });
      const tree = StrategyTree.safeParse(s.tree);
      if (!tree.success || tree.data.cycle.id !== c.id)
        issues.push({ path: `${at}.snapshots[${j}].tree`, message: `not a published tree of ${c.id}` });
    });
    const last = defined(p.snapshots.at(-1), `the last snapshot of ${c.id}`);
    const what = StrategyTree.safeParse(last.tree).success
      ? contradiction(data, c, last.tree as unknown as StrategyTree)
      : null;
    if (what)
      issues.push({
        path: `$.cycles[${i}]`,
        message: `its ${what} differs from its published revision ${last.revision}`,
      });
    const revisions = p.corrections.map((x) => x.revision).join(',');
    const expected = p.snapshots
      .slice(1)
      .map((s) => s.revision)
      .join(',');
    if (revisions !== expected)
      issues.push({
        path: `${at}.corrections`,
        message: 'one correction for every revision after the first',
      });
  });
  return issues;
}

type CycleData = StrategyExport['cycles'][number];

/**
 * The first fact of a published cycle in which the file's rows differ from its published
 * tree (an entry's text, an assessment, the summary, a figure the cycle reported), in
 * words; null when the rows are what was published. Structure is not compared: it may
 * change after publication, the published tree keeps its own.
 */
export function contradiction(data: StrategyExport, cycle: CycleData, tree: StrategyTree): string | null {
  const nodes = flatten(tree.nodes);
  const entries = new Map(
    nodes.flatMap((n) => n.items.flatMap((i) => (i.entry ? [[i.entry.id, i.entry] as const] : []))),
  );
  for (const e of cycle.progress) {
    const id = e.id ?? `${cycle.id}.${e.initiativeId}`;
    const published = entries.get(id) as Record<string, unknown> | undefined;
    const fields = ['text', 'stage', 'plans', 'evidence', 'reviewState', 'reviewComment'] as const;
    const field = published && fields.find((f) => !sameValue(published[f], e[f]));
    if (field) return `progress entry ${id} (${field})`;
  }
  for (const a of cycle.assessments) {
    const published = nodes.find((n) => n.id === a.nodeId && n.mirrorOf === null)?.assessment;
    const fields = ['rating', 'narrative', 'needsAcceleration', 'remark'] as const;
    const field = published && fields.find((f) => !sameValue(published[f], a[f]));
    if (field) return `assessment of ${a.nodeId} (${field})`;
  }
  const summary = (s: { overall: string[]; pillars: unknown[] } | null) =>
    s && { overall: s.overall, pillars: s.pillars };
  if (!sameValue(summary(tree.summary), summary(cycle.summary))) return 'summary';
  const points = new Map(tree.indicators.flatMap((k) => k.observations.map((o) => [o.id, o] as const)));
  for (const k of data.indicators)
    for (const o of k.observations.filter((x) => x.cycleId === cycle.id)) {
      const id = o.id ?? `${k.id}.${o.period}`;
      const published = points.get(id);
      const field =
        published && (['value', 'source', 'note'] as const).find((f) => !sameValue(published[f], o[f]));
      if (field) return `figure ${id} (${field})`;
    }
  return null;
}

/**
 * Why replacing the strategy with the file would change a published record, in one line;
 * null when it would not.
 */
export function replacementRefusal(data: StrategyExport, stored: Map<string, StoredRecord>): string | null {
  for (const [id, record] of stored) {
    const cycle = data.cycles.find((c) => c.id === id);
    const revision = record.snapshots.at(-1)?.revision ?? 0;
    if (!cycle)
      return `cycle ${id} is published (revision ${revision}); the file leaves it out, and import --replace does not remove a published cycle`;
    if (cycle.state !== 'published')
      return `cycle ${id} is published (revision ${revision}); the file has it ${cycle.state}, and import --replace does not unpublish a cycle`;
    const differs = (cycle.publication?.snapshots ?? []).find(
      (s) =>
        s.revision < record.snapshots.length && record.snapshots[s.revision]?.contentHash !== s.contentHash,
    );
    if (differs)
      return `cycle ${id}: the file's published revision ${differs.revision} differs from the stored one; change a published cycle with a correction, not an import`;
    // The rows the file brings must be what the newest revision (stored, or the file's later one) shows.
    const later = (cycle.publication?.snapshots ?? [])
      .filter((s) => s.revision >= record.snapshots.length)
      .at(-1);
    const newest = later
      ? (later.tree as unknown as StrategyTree)
      : (JSON.parse(defined(record.snapshots.at(-1), `the last snapshot of ${id}`).tree) as StrategyTree);
    const what = contradiction(data, cycle, newest);
    if (what)
      return `cycle ${id}: the file's ${what} differs from the published record (revision ${later?.revision ?? revision}); change a published cycle with a correction, not an import`;
  }
  return null;
}

/**
 * Writes the published record of every published cycle of the file: the stored one kept by
 * a replacement, then the file's later revisions; a cycle with neither is frozen now.
 */
export async function writePublishedRecords(
  db: Db,
  q: Q,
  data: StrategyExport,
  cycles: Cycle[],
  stored: Map<string, StoredRecord>,
  now: string,
): Promise<void> {
  for (const cycle of cycles.filter((c) => c.state === 'published')) {
    const kept = stored.get(cycle.id) ?? { snapshots: [], corrections: [] };
    const file = data.cycles.find((c) => c.id === cycle.id)?.publication;
    const snapshots = [
      ...kept.snapshots.map((s) => ({ ...s })),
      ...(file?.snapshots ?? [])
        .filter((s) => s.revision >= kept.snapshots.length)
        .map((s) => ({
          cycleId: cycle.id,
          revision: s.revision,
          createdAt: s.createdAt,
          tree: JSON.stringify(s.tree),
        })),
    ];
    const corrections = [
      ...kept.corrections,
      ...(file?.corrections ?? [])
        .filter((c) => c.revision >= kept.snapshots.length)
        .map((c) => ({ ...c, cycleId: cycle.id, changes: JSON.stringify(c.changes) })),
    ];
    if (snapshots.length === 0) {
      await freezeCycle(db, q, cycle, now);
      continue;
    }
    for (const s of snapshots)
      await writeSnapshot(
        q,
        { cycleId: s.cycleId, revision: s.revision, createdAt: s.createdAt, tree: s.tree },
        { newRevision: false },
      );
    for (const c of corrections) await snapshotsRepo.insertCorrection(q, c);
  }
}

/** A replacement that would change a published record is refused before anything is written. */
export function refuseReplacement(data: StrategyExport, stored: Map<string, StoredRecord>): void {
  const why = replacementRefusal(data, stored);
  if (why) throw conflict(why, { strategyId: data.strategy.id });
}
