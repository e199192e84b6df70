/**
 * Past reports reviewed on screen (issue #23): an administrator uploads a report file, the
 * importer recovers a draft (nothing else is written when it cannot), the upload is kept with
 * its draft, "to check" items and sources; small edits fix the draft, each checked against
 * the version it was read at; then the draft is accepted as a new strategy, in one
 * transaction with marking the upload accepted, or as a past cycle of a stored strategy
 * (report-history.service.ts), after the proposed matches were shown.
 */
import type { Kysely } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import * as repo from '../db/repositories/report-imports.repository.ts';
import type { ReportImportRow, ReportImportSummary } from '../db/repositories/report-imports.repository.ts';
import { conflict, invalid, notFound } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import type { OrganisationRecord } from '../domain/interchange.ts';
import { applyEdit, type ReviewDraft, type ReviewEdit, type ToCheck } from '../domain/report-review.ts';
import type { Problem } from '../importers/problems.ts';
import { reportKind, reportSourceLines } from '../importers/report-text/read-file.ts';
import { audit, type Actor } from './audit.service.ts';
import { knownOrganisations, recoverReport } from './imports.service.ts';
import { importStrategy } from './interchange.service.ts';
import { acceptPastCycle, planPastCycle, type HistoryPlan } from './report-history.service.ts';

export type { HistoryPlan, ReportImportRow, ReportImportSummary };

/** Largest report file taken (the importer's own limit is larger; a browser upload is not). */
export const MAX_REPORT_BYTES = 10 * 1024 * 1024;

/** "To check" items: the text the importer kept but could not place, each near the node read before it. */
export function toCheckItems(problems: readonly Problem[], sources: ReviewDraft['sources']): ToCheck[] {
  const nodes = Object.entries(sources.nodes).sort((a, b) => a[1] - b[1]);
  const out: ToCheck[] = [];
  for (const p of problems) {
    const text = p.params.text;
    if (p.severity !== 'unplaced' || typeof text !== 'string' || text.trim() === '') continue;
    const line = p.line ?? 0;
    const before = nodes.filter(([, at]) => at <= line).at(-1);
    out.push({ id: `c${out.length + 1}`, text, line, nodeId: before?.[0] ?? null });
  }
  return out;
}

/**
 * Reads an uploaded report and keeps it for review; a file the importer refuses is an
 * `invalid` error carrying its problems, and nothing is written.
 */
export async function uploadReport(
  db: Db,
  file: { name: string; bytes: Uint8Array },
  opts: { strategyId?: string },
  actor: Actor,
): Promise<ReportImportRow> {
  if (file.bytes.length === 0) throw invalid('the file is empty', { code: 'empty_file', problems: [] });
  if (file.bytes.length > MAX_REPORT_BYTES)
    throw invalid('the file is too large', { code: 'too_large', problems: [] });
  const organisations = await knownOrganisations(db);
  const result = await recoverReport(file, {
    organisations,
    ...(opts.strategyId !== undefined && { strategyId: opts.strategyId }),
  });
  if (!result.ok)
    throw invalid('the file could not be read as a report', {
      code: 'unreadable',
      problems: result.problems,
    });
  const { draft, sources } = result.value;
  const review: ReviewDraft = { draft, sources, toCheck: toCheckItems(result.problems, sources) };
  const now = new Date().toISOString();
  const row: ReportImportRow = {
    id: newId(),
    fileName: file.name,
    fileKind: reportKind(file),
    review,
    problems: result.problems,
    sourceLines: await reportSourceLines(file),
    state: 'open',
    strategyId: null,
    cycleId: null,
    version: 1,
    createdAt: now,
    createdBy: actor.id,
    updatedAt: now,
    updatedBy: actor.id,
  };
  await db.kysely.transaction().execute(async (trx) => {
    await repo.insertReportImport(trx, row, file.bytes);
    await audit(
      trx,
      actor,
      [
        {
          action: 'report_import.upload',
          entityType: 'report_import',
          entityId: row.id,
          after: { fileName: file.name, strategyId: draft.strategy.id },
        },
      ],
      now,
    );
  });
  return row;
}

export async function getReportImport(db: Db, id: string): Promise<ReportImportRow> {
  return (await repo.findReportImport(db.kysely, id)) ?? fail(id);
}

export const listReportImports = (db: Db): Promise<ReportImportSummary[]> =>
  repo.listReportImports(db.kysely);

/** The uploaded file, for the source view. */
export async function reportImportFile(
  db: Db,
  id: string,
): Promise<{ name: string; kind: ReportImportRow['fileKind']; bytes: Buffer }> {
  const row = await getReportImport(db, id);
  const bytes = (await repo.reportImportFile(db.kysely, id)) ?? fail(id);
  return { name: row.fileName, kind: row.fileKind, bytes };
}

/** Organisations a retag may choose: the database's (or the sample's) and the draft's new ones. */
export async function organisationChoices(db: Db, row: ReportImportRow): Promise<OrganisationRecord[]> {
  const known = await knownOrganisations(db);
  return [...known, ...row.review.draft.organisations.filter((o) => !known.some((k) => k.id === o.id))];
}

const fail = (id: string): never => {
  throw notFound('report import', id);
};

/** Checks the version and state a write is based on (409 when someone changed it first, or it was accepted). */
function checkWritable(row: ReportImportRow, version: number): void {
  if (row.state !== 'open')
    throw conflict('the report was already accepted', { code: 'accepted', current: summary(row) });
  if (row.version !== version)
    throw conflict('the review was changed by someone else', { code: 'changed', current: summary(row) });
}

const summary = (r: ReportImportRow): ReportImportSummary => ({
  id: r.id,
  fileName: r.fileName,
  fileKind: r.fileKind,
  state: r.state,
  strategyId: r.strategyId,
  cycleId: r.cycleId,
  version: r.version,
  createdAt: r.createdAt,
  createdBy: r.createdBy,
  updatedAt: r.updatedAt,
  updatedBy: r.updatedBy,
});

/** Applies one fix if the review is still at `version`. */
export async function editReportImport(
  db: Db,
  id: string,
  version: number,
  edit: ReviewEdit,
  actor: Actor,
): Promise<ReportImportRow> {
  const row = await getReportImport(db, id);
  checkWritable(row, version);
  const review = applyEdit(row.review, edit, await knownOrganisations(db));
  const now = new Date().toISOString();
  await db.kysely
    .transaction()
    .execute((trx) =>
      writeReview(trx, id, version, { review }, { action: 'report_import.edit', after: edit }, actor, now),
    );
  return getReportImport(db, id);
}

/** Writes the review if it is still at `version`, with its audit row; 409 `changed` otherwise. */
async function writeReview(
  trx: Kysely<Database>,
  id: string,
  version: number,
  changes: Partial<Pick<ReportImportRow, 'review' | 'state' | 'strategyId' | 'cycleId'>>,
  record: { action: string; after: unknown },
  actor: Actor,
  now: string,
): Promise<void> {
  if (!(await repo.updateReportImport(trx, id, version, { ...changes, updatedAt: now, updatedBy: actor.id })))
    throw conflict('the review was changed by someone else', { code: 'changed' });
  await audit(trx, actor, [{ ...record, entityType: 'report_import', entityId: id }], now);
}

/** Marks the upload accepted as the strategy and cycle it was written into. */
function markAccepted(
  trx: Kysely<Database>,
  id: string,
  version: number,
  written: { strategyId: string; cycleId: string | null },
  actor: Actor,
  now: string,
): Promise<void> {
  const record = { action: 'report_import.accept', after: written };
  return writeReview(trx, id, version, { state: 'accepted', ...written }, record, actor, now);
}

/** Loads the reviewed draft as a new strategy (the interchange import), and marks the upload accepted. */
export async function acceptAsNewStrategy(
  db: Db,
  id: string,
  version: number,
  actor: Actor,
): Promise<ReportImportRow> {
  const row = await getReportImport(db, id);
  checkWritable(row, version);
  const draft = row.review.draft;
  const cycleId = draft.cycles[0]?.id ?? null;
  const now = new Date().toISOString();
  await db.kysely.transaction().execute(async (trx) => {
    await importStrategy(db, draft, { actor: actor.id, within: trx, now });
    await markAccepted(trx, id, version, { strategyId: draft.strategy.id, cycleId }, actor, now);
  });
  return getReportImport(db, id);
}

/**
 * How the reviewed draft would continue the stored strategy `strategyId` as one of its past
 * cycles: the proposed matches with their scores, and what would stop it. Writes nothing.
 */
export async function planReportPastCycle(db: Db, id: string, strategyId: string): Promise<HistoryPlan> {
  const row = await getReportImport(db, id);
  return planPastCycle(db, strategyId, row.review.draft);
}

/**
 * Writes the reviewed draft as a past cycle of `strategyId` following the proposed matches
 * (report-history.service.ts, one transaction), then marks the upload accepted.
 */
export async function acceptAsPastCycle(
  db: Db,
  id: string,
  version: number,
  strategyId: string,
  actor: Actor,
): Promise<ReportImportRow> {
  const row = await getReportImport(db, id);
  checkWritable(row, version);
  const draft = row.review.draft;
  const plan = await planPastCycle(db, strategyId, draft);
  const { cycleId } = await acceptPastCycle(db, strategyId, draft, plan, actor);
  const now = new Date().toISOString();
  // The cycle is written; a review changed meanwhile is still the one accepted.
  await db.kysely
    .transaction()
    .execute((trx) => markAccepted(trx, id, version, { strategyId, cycleId }, actor, now));
  return getReportImport(db, id);
}
