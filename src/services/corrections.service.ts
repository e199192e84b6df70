/**
 * Corrections of a published cycle (訂正): the only way its published record changes. A
 * correction names a reason and any of the facts the cycle published — an entry's text,
 * stage or plans; an assessment; the summary; an indicator's baseline or target; a figure;
 * a node's or an initiative's title — and makes the next revision: the newest snapshot
 * patched, stored with its hash, the change listed (before → after) and audited, in one
 * transaction. Facts that belong to the cycle (entries, assessments, summary, its own
 * figures) are corrected in their rows too; facts shared with later cycles (indicator
 * definitions, titles) only in the published record, which is what the cycle showed.
 */
import type { Kysely } from 'kysely';
import type { Db } from '../db/database.ts';
import * as cyclesRepo from '../db/repositories/cycles.repository.ts';
import * as indicatorsRepo from '../db/repositories/indicators.repository.ts';
import * as snapshotsRepo from '../db/repositories/snapshots.repository.ts';
import * as strategiesRepo from '../db/repositories/strategies.repository.ts';
import { updateVersioned } from '../db/repositories/versioned.repository.ts';
import * as wf from '../db/repositories/workflow.repository.ts';
import type { Database } from '../db/schema.ts';
import { can, UNSCOPED, type Principal } from '../domain/access.ts';
import {
  applyChanges,
  CORRECTABLE_FIELDS,
  entityTypeOf,
  findRecord,
  replaceRecords,
  sameValue,
  type Correction,
  type CorrectionChange,
  type CorrectionKind,
  type CorrectionRequest,
  type CorrectionSubject,
} from '../domain/corrections.ts';
import { AppError, conflict, invalid, notFound } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { flatten } from '../domain/tree-builder.ts';
import type { StrategyTree } from '../domain/views.ts';
import type { SummaryPillar } from '../domain/model.ts';
import { writeAssessment, type AssessmentInput } from './assessments.service.ts';
import { audit, type Actor, type AuditEvent } from './audit.service.ts';
import { toEntry } from './entries.service.ts';
import { reindexEntry, reindexIndicator } from './search.service.ts';
import { writeSnapshot } from './snapshots.service.ts';
import { defined } from '../domain/defined.ts';

/** What a correction may change (POST /api/cycles/:cycleId/corrections). */
export type CorrectionInput = CorrectionRequest;

type Q = Kysely<Database>;

/** The changed fields of one record: proposed values that differ from the published ones. */
function changesOf(
  kind: CorrectionKind,
  itemId: string,
  published: Record<string, unknown>,
  proposed: Record<string, unknown>,
  subject: CorrectionSubject,
): CorrectionChange[] {
  // A record published before the English text has no English field: it had none ('' or []).
  const was = (f: string) =>
    published[f] === undefined && f.endsWith('En') ? (Array.isArray(proposed[f]) ? [] : '') : published[f];
  return CORRECTABLE_FIELDS[kind]
    .filter((f) => proposed[f] !== undefined && !sameValue(was(f), proposed[f]))
    .map((field) => ({
      kind,
      itemId,
      field,
      before: was(field) ?? null,
      after: proposed[field],
      subject,
      entityType: entityTypeOf(kind),
      entityId: itemId,
    }));
}

/** The published record that a correction item names, or 404 when the cycle did not publish it. */
function published(
  tree: StrategyTree,
  kind: CorrectionKind,
  id: string,
  what = kind,
): Record<string, unknown> {
  const record = findRecord(tree, kind, id);
  if (!record) throw notFound(`${what} in the published cycle`, id);
  return record;
}

const title = (r: { title?: unknown; name?: unknown }): string => String(r.title ?? r.name ?? '');

/** Corrects a published cycle: the changes, the next revision and the reason, atomically. */
export async function correctCycle(
  db: Db,
  cycleId: string,
  input: CorrectionInput,
  principal: Principal,
  actor: Actor,
): Promise<Correction> {
  if (!can(principal, 'cycle:correct'))
    throw new AppError('forbidden', 'only the secretariat may correct a published cycle');
  if (input.reason.trim() === '')
    throw invalid('a correction needs a reason', { issues: [{ path: 'reason', message: 'empty' }] });
  return db.kysely.transaction().execute(async (trx) => {
    const cycle = await cyclesRepo.lockCycle(trx, cycleId);
    if (!cycle) throw notFound('cycle', cycleId);
    if (cycle.state !== 'published') throw conflict('only a published cycle takes corrections');
    const latest = await snapshotsRepo.latestSnapshot(trx, cycleId);
    if (!latest) throw new AppError('unavailable', `the published cycle ${cycleId} has no snapshot`);
    if (input.revision !== undefined && input.revision !== latest.revision)
      throw conflict(`the published cycle was corrected meanwhile: it is at revision ${latest.revision}`, {
        revision: latest.revision,
      });
    const tree = JSON.parse(latest.tree) as StrategyTree;
    const now = new Date().toISOString();
    const work: Work = {
      trx,
      tree,
      cycleId,
      strategyId: cycle.strategyId,
      actor,
      now,
      reason: input.reason,
      changes: [],
      records: [],
      events: [],
    };
    await correctEntries(work, input.entries ?? []);
    await correctAssessments(work, cycle, input.assessments ?? []);
    await correctSummary(work, input.summary ?? null);
    correctIndicators(work, input.indicators ?? []);
    await correctObservations(work, input.observations ?? []);
    correctTitles(work, 'node', input.nodes ?? []);
    correctTitles(work, 'initiative', input.initiatives ?? []);
    if (work.changes.length === 0)
      throw invalid('the correction changes nothing: every value given is as published');
    const next = applyChanges(tree, work.changes);
    replaceRecords(next, work.records);
    const revision = latest.revision + 1;
    const snapshot = await writeSnapshot(trx, {
      cycleId,
      revision,
      createdAt: now,
      tree: JSON.stringify(next),
    });
    const correction: Correction = {
      id: newId(),
      cycleId,
      revision,
      reason: input.reason,
      reasonEn: input.reasonEn ?? '',
      changes: work.changes,
      createdAt: now,
      contentHash: snapshot.contentHash,
    };
    await snapshotsRepo.insertCorrection(trx, {
      id: correction.id,
      cycleId,
      revision,
      reason: input.reason,
      reasonEn: input.reasonEn ?? '',
      changes: JSON.stringify(work.changes),
      createdAt: now,
      createdBy: actor.id,
    });
    if (work.events.length > 0) await audit(trx, actor, work.events, now);
    return correction;
  });
}

interface Work {
  trx: Q;
  tree: StrategyTree;
  cycleId: string;
  strategyId: string;
  actor: Actor;
  now: string;
  reason: string;
  changes: CorrectionChange[];
  records: Parameters<typeof replaceRecords>[1];
  events: AuditEvent[];
}

async function correctEntries(w: Work, items: NonNullable<CorrectionInput['entries']>): Promise<void> {
  const initiatives = new Map(
    flatten(w.tree.nodes).flatMap((n) => n.items.map((i) => [i.initiative.id, i.initiative] as const)),
  );
  for (const [index, e] of items.entries()) {
    const record = published(w.tree, 'entry', e.id);
    const initiative = initiatives.get(String(record.initiativeId));
    const subject = {
      type: 'initiative' as const,
      id: String(record.initiativeId),
      title: initiative?.title ?? '',
    };
    const found = changesOf(
      'entry',
      e.id,
      record,
      { text: e.text, textEn: e.textEn, stage: e.stage, plans: e.plans },
      subject,
    );
    if (found.length === 0) continue;
    if (e.stage !== undefined && e.stage !== null)
      await checkTerm(w, 'stage', e.stage, `entries.${index}.stage`);
    const before = await wf.findEntry(w.trx, e.id);
    if (before) {
      const set = Object.fromEntries(
        found.map((c) => [c.field, c.field === 'plans' ? JSON.stringify(c.after) : c.after]),
      );
      if (
        !(await wf.updateEntry(w.trx, e.id, e.version, { ...set, updatedAt: w.now, updatedBy: w.actor.id }))
      )
        throw conflict('the entry was changed by someone else', { current: toEntry(before) });
      const after = toEntry(defined(await wf.findEntry(w.trx, e.id), `the entry ${e.id} just written`));
      w.records.push({ kind: 'entry', record: after });
      w.events.push({
        action: 'entry.correct',
        entityType: 'progress_entry',
        entityId: e.id,
        cycleId: w.cycleId,
        before: toEntry(before),
        after,
        reason: w.reason,
      });
      await reindexEntry(w.trx, e.id);
    }
    w.changes.push(...found);
  }
}

async function correctAssessments(
  w: Work,
  cycle: Parameters<typeof writeAssessment>[1],
  items: NonNullable<CorrectionInput['assessments']>,
): Promise<void> {
  for (const a of items) {
    const node = flatten(w.tree.nodes).find((n) => n.id === a.nodeId && n.mirrorOf === null);
    if (!node) throw notFound('node in the published cycle', a.nodeId);
    if (!node.assessment) throw invalid(`the published cycle has no assessment of ${a.nodeId} to correct`);
    const record = node.assessment as unknown as Record<string, unknown>;
    const subject = { type: 'node' as const, id: node.id, title: node.title };
    const proposed = {
      rating: a.rating,
      narrative: a.narrative,
      narrativeEn: a.narrativeEn,
      needsAcceleration: a.needsAcceleration,
      remark: a.remark,
    };
    const found = changesOf('assessment', node.assessment.id, record, proposed, subject);
    if (found.length === 0) continue;
    const merged: AssessmentInput = {
      rating: a.rating === undefined ? node.assessment.rating : a.rating,
      narrative: a.narrative ?? node.assessment.narrative,
      // a snapshot made before the English text has none
      narrativeEn: a.narrativeEn ?? (node.assessment.narrativeEn as string | undefined) ?? '',
      needsAcceleration: a.needsAcceleration ?? node.assessment.needsAcceleration,
      remark: a.remark ?? node.assessment.remark,
    };
    // writeAssessment checks the rating, writes the row and audits the correction with its reason.
    const saved = await writeAssessment(w.trx, cycle, a.nodeId, a.version, merged, w.actor, w.now, w.reason);
    w.records.push({ kind: 'assessment', record: saved });
    w.changes.push(...found);
  }
}

async function correctSummary(w: Work, input: CorrectionInput['summary']): Promise<void> {
  if (!input) return;
  const summary = w.tree.summary;
  if (!summary) throw invalid('the published cycle has no summary to correct');
  const pillars = new Set(w.tree.nodes.map((n) => n.id));
  const bad = (input.pillars ?? []).findIndex((p) => !pillars.has(p.nodeId));
  if (bad >= 0)
    throw invalid('summary bullets belong to a pillar of this strategy', {
      issues: [{ path: `summary.pillars.${bad}.nodeId`, message: 'not a pillar' }],
    });
  const subject = { type: 'summary' as const, id: w.cycleId, title: '' };
  const found = changesOf(
    'summary',
    w.cycleId,
    summary as unknown as Record<string, unknown>,
    {
      overall: input.overall,
      overallEn: input.overallEn,
      pillars: pillarsWithEnglish(summary, input.pillars),
    },
    subject,
  );
  if (found.length === 0) return;
  const before = await wf.findSummary(w.trx, w.cycleId);
  const set = Object.fromEntries(found.map((c) => [c.field, JSON.stringify(c.after)]));
  if (
    !before ||
    !(await wf.updateSummary(w.trx, w.cycleId, input.version, {
      ...set,
      updatedAt: w.now,
      updatedBy: w.actor.id,
    }))
  )
    throw conflict('the summary was changed by someone else', { current: summary });
  const after = {
    ...summary,
    ...Object.fromEntries(found.map((c) => [c.field, c.after])),
    version: input.version + 1,
    updatedAt: w.now,
    updatedBy: w.actor.id,
  };
  w.records.push({ kind: 'summary', record: after });
  w.events.push({
    action: 'summary.correct',
    entityType: 'summary',
    entityId: w.cycleId,
    cycleId: w.cycleId,
    before: summary,
    after,
    reason: w.reason,
  });
  w.changes.push(...found);
}

/**
 * Corrected pillar bullets: a pillar sent without its English keeps the English it was
 * published with (a snapshot made before the English text has none).
 */
function pillarsWithEnglish(
  summary: NonNullable<StrategyTree['summary']>,
  pillars: NonNullable<NonNullable<CorrectionInput['summary']>['pillars']> | undefined,
): SummaryPillar[] | undefined {
  if (pillars === undefined) return undefined;
  const english = new Map(summary.pillars.map((p) => [p.nodeId, p.bulletsEn as string[] | undefined]));
  return pillars.map((p) => ({
    nodeId: p.nodeId,
    bullets: p.bullets,
    bulletsEn: p.bulletsEn ?? english.get(p.nodeId) ?? [],
  }));
}

function correctIndicators(w: Work, items: NonNullable<CorrectionInput['indicators']>): void {
  for (const k of items) {
    const record = published(w.tree, 'indicator', k.id);
    const subject = { type: 'indicator' as const, id: k.id, title: title(record) };
    const { id: _id, ...proposed } = k;
    const found = changesOf('indicator', k.id, record, proposed, subject);
    if (found.length === 0) continue;
    w.events.push(snapshotEvent(w, 'indicator', k.id, record, found));
    w.changes.push(...found);
  }
}

async function correctObservations(
  w: Work,
  items: NonNullable<CorrectionInput['observations']>,
): Promise<void> {
  for (const o of items) {
    const record = published(w.tree, 'observation', o.id, 'observation');
    const indicator = defined(
      w.tree.indicators.find((k) => k.observations.some((p) => p.id === o.id)),
      `the indicator of the figure ${o.id}`,
    );
    const subject = { type: 'indicator' as const, id: indicator.id, title: indicator.name };
    const { id: _id, ...proposed } = o;
    const found = changesOf('observation', o.id, record, proposed, subject);
    if (found.length === 0) continue;
    // A figure this cycle reported is corrected in its row too; an earlier cycle's figure
    // (shown here as history) only in this cycle's published record.
    const [live] = await indicatorsRepo.listIndicators(w.trx, UNSCOPED, { ids: [indicator.id] });
    const row = live?.observations.find((p) => p.id === o.id);
    if (row && row.cycleId === w.cycleId) {
      const set = Object.fromEntries(found.map((c) => [c.field, c.after]));
      if (
        !(await updateVersioned(w.trx, 'observations', o.id, row.version, {
          ...set,
          updatedAt: w.now,
          updatedBy: w.actor.id,
        }))
      )
        throw conflict('the figure was changed by someone else', { current: row });
      await reindexIndicator(w.trx, indicator.id);
    }
    w.events.push(snapshotEvent(w, 'observation', o.id, record, found));
    w.changes.push(...found);
  }
}

function correctTitles(
  w: Work,
  kind: 'node' | 'initiative',
  items: { id: string; title?: string | undefined; titleEn?: string | undefined }[],
): void {
  for (const item of items) {
    const record = published(w.tree, kind, item.id);
    const subject = { type: kind, id: item.id, title: title(record) };
    const found = changesOf(kind, item.id, record, { title: item.title, titleEn: item.titleEn }, subject);
    if (found.length === 0) continue;
    w.events.push(snapshotEvent(w, kind, item.id, record, found));
    w.changes.push(...found);
  }
}

/** The audit event of a fact corrected in the published record only: its fields before and after. */
function snapshotEvent(
  w: Work,
  kind: CorrectionKind,
  id: string,
  record: Record<string, unknown>,
  found: CorrectionChange[],
): AuditEvent {
  return {
    action: `${kind}.correct`,
    entityType: entityTypeOf(kind),
    entityId: id,
    cycleId: w.cycleId,
    before: Object.fromEntries(found.map((c) => [c.field, record[c.field] ?? null])),
    after: Object.fromEntries(found.map((c) => [c.field, c.after])),
    reason: w.reason,
  };
}

async function checkTerm(w: Work, kind: 'stage' | 'rating', code: string, path: string): Promise<void> {
  const vocab = await strategiesRepo.listVocabulary(w.trx, w.strategyId);
  if (!vocab.some((t) => t.kind === kind && t.code === code))
    throw invalid(`unknown ${kind} ${code}`, { issues: [{ path, message: `unknown ${kind}` }] });
}
