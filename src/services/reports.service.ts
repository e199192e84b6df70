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
import { ANONYMOUS, PUBLIC_SCOPE, type Viewer } from '../domain/access.ts';
import { notFound } from '../domain/errors.ts';
import type { StrategyTree } from '../domain/views.ts';
import type { Lang } from '../i18n.ts';
import { buildReportDocument } from '../reports/document.ts';
import { treeBudget } from './budget.service.ts';
import { CONTENT_TYPES, safeFileName, type ReportFormat } from '../reports/formats.ts';
import { buildOpenData, openCorrections } from '../reports/open-data.ts';
import { renderDocument } from '../reports/renderers.ts';

/** Stops the PDF browser the renderers keep warm (server shutdown, end of a CLI command). */
export { closeRenderers as closeReportRenderers } from '../reports/renderers.ts';
import { publicationOf } from './publication.service.ts';
import { etagOf, publishedGeneration } from './snapshots.service.ts';
import { getCycle, getTree, visibleCycles } from './strategies.service.ts';

export interface ReportRequest {
  strategyId: string;
  cycleId: string;
  format: ReportFormat;
  lang?: Lang;
  viewer?: Viewer;
  chromiumPath?: string;
  /** PUBLIC_URL: the JSON names its schema there. */
  publicUrl?: string;
  /** A published cycle's revision (default: the newest); earlier revisions stay downloadable. */
  revision?: number | undefined;
}

export interface ReportFile {
  body: Buffer;
  contentType: string;
  /** In the report's language, e.g. AI戦略2022_進捗状況_2022年度.pptx */
  fileName: string;
  /** ASCII fallback, e.g. ai2022_ai2022-fy2022.pptx */
  asciiFileName: string;
  /** The published revision the file shows; null for a draft. */
  revision: number | null;
}

/**
 * The revision a download of a published cycle would show, and its ETag (per revision,
 * format and language): answered before anything is rendered, for If-None-Match. Null for
 * an unpublished cycle. Not found when the cycle has no such revision.
 */
export async function reportRevision(
  db: Db,
  req: Pick<ReportRequest, 'strategyId' | 'cycleId' | 'format' | 'lang' | 'viewer' | 'revision'>,
): Promise<{ revision: number; etag: string } | null> {
  const cycle = await getCycle(db, req.strategyId, req.cycleId, req.viewer ?? ANONYMOUS);
  const publication = await publicationOf(db.kysely, cycle, req.revision);
  if (!publication) return null;
  if (!publication.revisions.some((r) => r.revision === publication.revision))
    throw notFound('revision', `${cycle.id}.r${publication.revision}`);
  const etag = etagOf(cycle.id, publication.revision).replace(/"$/, `.${req.format}.${req.lang ?? 'ja'}"`);
  return { revision: publication.revision, etag };
}

/** Trees of the visible cycles before this one (for the per-cycle spreadsheet). */
async function earlierTrees(db: Db, tree: StrategyTree, viewer: Viewer): Promise<StrategyTree[]> {
  const cycles = await visibleCycles(db, tree.strategy.id, viewer);
  const earlier = cycles.filter((c) => c.fiscalYear < tree.cycle.fiscalYear);
  return Promise.all(earlier.map((c) => getTree(db, tree.strategy.id, c.id, viewer)));
}

/**
 * The published record first, then the tree of exactly that revision (a correction made
 * meanwhile does not mix two revisions in one file).
 */
async function revisionTree(
  db: Db,
  req: Pick<ReportRequest, 'strategyId' | 'cycleId' | 'viewer' | 'revision'>,
) {
  const viewer = req.viewer ?? ANONYMOUS;
  const cycle = await getCycle(db, req.strategyId, req.cycleId, viewer);
  const publication = await publicationOf(db.kysely, cycle, req.revision);
  if (!publication && req.revision !== undefined) throw notFound('revision', `${cycle.id}.r${req.revision}`);
  const tree = await getTree(db, req.strategyId, req.cycleId, viewer, {
    ...(publication && { revision: publication.revision }),
  });
  return { viewer, publication, tree };
}

/**
 * Files of published revisions, rendered once: a revision never changes, and a PDF costs a
 * browser print (seconds) while the public asks for the same file again and again. Per
 * database, least recently used first out, within CACHE_BYTES. Every viewer gets the same
 * file of a revision except the spreadsheet, whose earlier years follow the viewer: it is
 * kept for the public only.
 */
const CACHE_BYTES = 64 * 1024 * 1024;
const fileCaches = new WeakMap<
  object,
  { generation: number; bytes: number; files: Map<string, ReportFile> }
>();

function fileCacheOf(db: Db) {
  let cache = fileCaches.get(db.kysely);
  if (!cache || cache.generation !== publishedGeneration()) {
    cache = { generation: publishedGeneration(), bytes: 0, files: new Map() };
    fileCaches.set(db.kysely, cache);
  }
  return cache;
}

function keepFile(db: Db, key: string, file: ReportFile): void {
  const cache = fileCacheOf(db);
  if (file.body.length > CACHE_BYTES / 4) return;
  cache.files.set(key, file);
  cache.bytes += file.body.length;
  for (const [oldKey, old] of cache.files) {
    if (cache.bytes <= CACHE_BYTES) break;
    cache.files.delete(oldKey);
    cache.bytes -= old.body.length;
  }
}

/** The key of a published revision's file, or null when the file is not kept. */
function fileKey(req: ReportRequest, publication: { revision: number } | null): string | null {
  if (!publication) return null;
  if (req.format === 'xlsx' && (req.viewer ?? ANONYMOUS).scope !== PUBLIC_SCOPE) return null;
  return [
    req.strategyId,
    req.cycleId,
    publication.revision,
    req.format,
    req.lang ?? 'ja',
    req.publicUrl ?? '',
  ].join(' ');
}

export async function generateReport(db: Db, req: ReportRequest): Promise<ReportFile> {
  // Who may see the cycle is checked before anything kept is handed out.
  const viewer = req.viewer ?? ANONYMOUS;
  const cycle = await getCycle(db, req.strategyId, req.cycleId, viewer);
  const publication = await publicationOf(db.kysely, cycle, req.revision);
  const key = fileKey(req, publication);
  const cache = fileCacheOf(db);
  const kept = key === null ? undefined : cache.files.get(key);
  if (key !== null && kept) {
    cache.files.delete(key); // most recently used last
    cache.files.set(key, kept);
    return kept;
  }
  const file = await renderReport(db, req, req.lang ?? 'ja');
  if (key !== null && file.revision === publication?.revision) keepFile(db, key, file);
  return file;
}

async function renderReport(db: Db, req: ReportRequest, lang: Lang): Promise<ReportFile> {
  const { viewer, publication, tree } = await revisionTree(db, req);
  const history = req.format === 'xlsx' ? await earlierTrees(db, tree, viewer) : [];
  const doc = buildReportDocument({
    tree,
    lang,
    history,
    publication,
    budget: await treeBudget(db, tree),
    ...(req.publicUrl !== undefined && { publicUrl: req.publicUrl }),
  });
  const body = await renderDocument(doc, req.format, { chromiumPath: req.chromiumPath });
  // A corrected edition says so in its file name too: …_r2.pdf
  const suffix = publication && publication.revision > 0 ? `_r${publication.revision}` : '';
  const ascii = safeFileName(
    `${tree.strategy.id}_${tree.cycle.id}${doc.meta.draft ? '_draft' : ''}${suffix}`,
  );
  return {
    body,
    contentType: CONTENT_TYPES[req.format],
    fileName: `${safeFileName(doc.meta.fileBase + suffix)}.${req.format}`,
    asciiFileName: `${ascii}.${req.format}`,
    revision: publication?.revision ?? null,
  };
}

/**
 * The corrections of a cycle as CSV, the companion file of report.csv: one row per
 * corrected field up to the revision (the newest by default); only the header for a cycle
 * never corrected or not published.
 */
export async function generateCorrectionsCsv(
  db: Db,
  req: Pick<ReportRequest, 'strategyId' | 'cycleId' | 'viewer' | 'revision'>,
): Promise<{ body: Buffer; revision: number | null }> {
  const cycle = await getCycle(db, req.strategyId, req.cycleId, req.viewer ?? ANONYMOUS);
  const publication = await publicationOf(db.kysely, cycle, req.revision);
  if (!publication && req.revision !== undefined) throw notFound('revision', `${cycle.id}.r${req.revision}`);
  if (publication && !publication.revisions.some((r) => r.revision === publication.revision))
    throw notFound('revision', `${cycle.id}.r${publication.revision}`);
  const { renderCorrectionsCsv } = await import('../reports/render/csv.ts');
  const text = renderCorrectionsCsv({
    strategyId: cycle.strategyId,
    cycleId: cycle.id,
    corrections: openCorrections(publication),
  });
  return { body: Buffer.from(text, 'utf8'), revision: publication?.revision ?? null };
}

/** Every indicator's figures as CSV (the companion of report.csv), of the revision asked for. */
export async function generateIndicatorsCsv(
  db: Db,
  req: Pick<ReportRequest, 'strategyId' | 'cycleId' | 'viewer' | 'revision' | 'publicUrl'>,
): Promise<{ body: Buffer; revision: number | null }> {
  const { publication, tree } = await revisionTree(db, req);
  const { renderIndicatorsCsv } = await import('../reports/render/csv.ts');
  const data = buildOpenData(tree, publication, req.publicUrl);
  return { body: Buffer.from(renderIndicatorsCsv(data), 'utf8'), revision: publication?.revision ?? null };
}
