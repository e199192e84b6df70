/**
 * Reports as the benchmark makes them: through the reports service, as the system.
 */
import type { Db } from '../src/db/database.ts';
import { SYSTEM } from '../src/domain/access.ts';
import type { ReportFormat } from '../src/domain/formats.ts';
import type { Lang } from '../src/i18n.ts';
import { generateReport, type ReportFile } from '../src/services/reports.service.ts';

export { REPORT_FORMATS, type ReportFormat } from '../src/domain/formats.ts';

export interface RenderReportOptions {
  strategyId: string;
  cycleId: string;
  format: ReportFormat;
  lang?: Lang;
  chromiumPath?: string;
}

/**
 * Generates one report as the system (drafts included). The CLI and the API go through
 * the reports service with the caller's viewer instead.
 *
 * @example const { body } = await renderReport(db, { strategyId: 'ai2022', cycleId: 'ai2022-fy2022', format: 'pptx' })
 */
export async function renderReport(db: Db, opts: RenderReportOptions): Promise<ReportFile> {
  return generateReport(db, { ...opts, viewer: SYSTEM });
}

/**
 * Times one generation (tree read + document + render), for the benchmark.
 * @example const { ms, bytes } = await timeReport(db, { strategyId, cycleId, format: 'html' })
 */
export async function timeReport(db: Db, opts: RenderReportOptions): Promise<{ ms: number; bytes: number }> {
  const start = performance.now();
  const file = await renderReport(db, opts);
  return { ms: performance.now() - start, bytes: file.body.length };
}
