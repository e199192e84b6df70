/**
 * Reports: the one entry the CLI and the API call. Reads the tree through the strategies
 * service (never the database directly), builds the report document and renders it.
 *
 * Access: the caller's viewer decides which cycles exist. The API passes the request's
 * viewer, so an unpublished cycle is a 404 for anonymous callers; the CLI uses the same
 * anonymous view unless --draft is given. A report of an unpublished cycle is marked as a
 * draft (未公開（下書き）) on its cover, footer and file name.
 */
import type { Db } from '../db/database.ts';
import { ANONYMOUS, type Viewer } from '../domain/access.ts';
import type { StrategyTree } from '../domain/views.ts';
import type { Lang } from '../i18n.ts';
import { buildReportDocument } from '../reports/document.ts';
import { CONTENT_TYPES, safeFileName, type ReportFormat } from '../reports/formats.ts';
import { renderDocument } from '../reports/renderers.ts';
import { getTree, visibleCycles } from './strategies.service.ts';

export interface ReportRequest {
  strategyId: string;
  cycleId: string;
  format: ReportFormat;
  lang?: Lang;
  viewer?: Viewer;
  chromiumPath?: string;
}

export interface ReportFile {
  body: Buffer;
  contentType: string;
  /** In the report's language, e.g. AI戦略2022_進捗状況_2022年度.pptx */
  fileName: string;
  /** ASCII fallback, e.g. ai2022_ai2022-fy2022.pptx */
  asciiFileName: string;
}

/** Trees of the visible cycles before this one (for the per-cycle spreadsheet). */
async function earlierTrees(db: Db, tree: StrategyTree, viewer: Viewer): Promise<StrategyTree[]> {
  const cycles = await visibleCycles(db, tree.strategy.id, viewer);
  const earlier = cycles.filter((c) => c.fiscalYear < tree.cycle.fiscalYear);
  return Promise.all(earlier.map((c) => getTree(db, tree.strategy.id, c.id, viewer)));
}

export async function generateReport(db: Db, req: ReportRequest): Promise<ReportFile> {
  const viewer = req.viewer ?? ANONYMOUS;
  const lang = req.lang ?? 'ja';
  const tree = await getTree(db, req.strategyId, req.cycleId, viewer);
  const history = req.format === 'xlsx' ? await earlierTrees(db, tree, viewer) : [];
  const doc = buildReportDocument({ tree, lang, history });
  const body = await renderDocument(doc, req.format, { chromiumPath: req.chromiumPath });
  const ascii = safeFileName(`${tree.strategy.id}_${tree.cycle.id}${doc.meta.draft ? '_draft' : ''}`);
  return {
    body,
    contentType: CONTENT_TYPES[req.format],
    fileName: `${safeFileName(doc.meta.fileBase)}.${req.format}`,
    asciiFileName: `${ascii}.${req.format}`,
  };
}
