// One report generation in a fresh process, so that its peak memory is its own:
// node --import tsx bench/report-child.ts DATABASE_URL STRATEGY CYCLE FORMAT
import { parseDatabaseUrl } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { REPORT_FORMATS, timeReport, type ReportFormat } from '../src/reports/index.ts';

const [url, strategyId, cycleId, format] = process.argv.slice(2);
if (!url || !strategyId || !cycleId || !REPORT_FORMATS.includes(format as ReportFormat)) {
  throw new Error('usage: report-child DATABASE_URL STRATEGY CYCLE FORMAT');
}
const db = await openDatabase(parseDatabaseUrl(url));
const before = process.memoryUsage().rss;
const opts = { strategyId, cycleId, format: format as ReportFormat };
// The first report of a process also loads its renderer's modules (exceljs, ECharts,
// Chromium for PDF); a server pays that once. Both times are reported; the
// second is what a reader downloading from a running server waits.
const cold = await timeReport(db, opts);
const warm = await timeReport(db, opts);
await db.close();
process.stdout.write(
  `${JSON.stringify({ ms: warm.ms, coldMs: cold.ms, bytes: warm.bytes, peakRssMb: process.resourceUsage().maxRSS / 1024, baseRssMb: before / 1024 / 1024 })}\n`,
);
