/** Reports uploaded for review: one row per upload, the file as base64, the review as JSON text. */
import type { Kysely } from 'kysely';
import type { ReviewDraft } from '../../domain/report-review.ts';
import { parseJson, toJson } from '../json.ts';
import type { Database, ReportImportTable } from '../schema.ts';

type Q = Kysely<Database>;

export type ReportImportState = 'open' | 'accepted';

/** What the importer reported (src/importers/problems.ts Problem), stored as it was. */
export interface StoredProblem {
  severity: 'error' | 'warning' | 'unplaced';
  code: string;
  params: Record<string, string | number>;
  line?: number;
  sheet?: string;
  row?: number;
  column?: string;
}

/** A row as stored, its JSON text read back. */
export type ReportImportRow = Omit<
  ReportImportTable,
  'fileData' | 'fileKind' | 'review' | 'problems' | 'sourceLines' | 'state'
> & {
  fileKind: 'pdf' | 'pptx' | 'text';
  review: ReviewDraft;
  problems: StoredProblem[];
  sourceLines: { line: number; text: string }[];
  state: ReportImportState;
};

/** What a listing shows of each upload: no file, no draft. */
const SUMMARY_COLUMNS = [
  'id',
  'fileName',
  'fileKind',
  'state',
  'strategyId',
  'cycleId',
  'version',
  'createdAt',
  'createdBy',
  'updatedAt',
  'updatedBy',
] as const;

export type ReportImportSummary = Pick<ReportImportRow, (typeof SUMMARY_COLUMNS)[number]>;

const toRow = (r: Omit<Database['reportImports'], 'fileData'>): ReportImportRow => ({
  ...r,
  fileKind: r.fileKind as ReportImportRow['fileKind'],
  state: r.state as ReportImportState,
  review: parseJson<ReviewDraft>(r.review, {
    draft: {} as ReviewDraft['draft'],
    toCheck: [],
    sources: { nodes: {}, initiatives: {} },
  }),
  problems: parseJson<StoredProblem[]>(r.problems, []),
  sourceLines: parseJson<{ line: number; text: string }[]>(r.sourceLines, []),
});

const COLUMNS = [...SUMMARY_COLUMNS, 'review', 'problems', 'sourceLines'] as const;

export async function insertReportImport(q: Q, row: ReportImportRow, file: Uint8Array): Promise<void> {
  await q
    .insertInto('reportImports')
    .values({
      ...row,
      fileData: Buffer.from(file).toString('base64'),
      review: toJson(row.review),
      problems: toJson(row.problems),
      sourceLines: toJson(row.sourceLines),
    })
    .execute();
}

export async function findReportImport(q: Q, id: string): Promise<ReportImportRow | undefined> {
  const row = await q.selectFrom('reportImports').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  return row && toRow(row);
}

/** The uploaded file's bytes. */
export async function reportImportFile(q: Q, id: string): Promise<Buffer | undefined> {
  const row = await q.selectFrom('reportImports').select('fileData').where('id', '=', id).executeTakeFirst();
  return row && Buffer.from(row.fileData, 'base64');
}

/** Newest first, without the files and drafts. */
export async function listReportImports(q: Q): Promise<ReportImportSummary[]> {
  const rows = await q
    .selectFrom('reportImports')
    .select(SUMMARY_COLUMNS)
    .orderBy('createdAt', 'desc')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    ...r,
    fileKind: r.fileKind as ReportImportRow['fileKind'],
    state: r.state as ReportImportState,
  }));
}

/** Saves a changed review (and state) if the row is still at `basedOn`; false when someone changed it first. */
export async function updateReportImport(
  q: Q,
  id: string,
  basedOn: number,
  changes: Partial<Pick<ReportImportRow, 'review' | 'state' | 'strategyId' | 'cycleId'>> & {
    updatedAt: string;
    updatedBy: string;
  },
): Promise<boolean> {
  const { review, ...rest } = changes;
  const r = await q
    .updateTable('reportImports')
    .set({ ...rest, ...(review !== undefined && { review: toJson(review) }), version: basedOn + 1 })
    .where('id', '=', id)
    .where('version', '=', basedOn)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
