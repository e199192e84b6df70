// One report's generation in a fresh process, so that its peak memory is its own:
// node --import tsx bench/report-child.ts DATABASE_URL STRATEGY CYCLE FORMAT RUNS
import { parseDatabaseUrl } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { closeReportRenderers } from '../src/services/reports.service.ts';
import { REPORT_FORMATS, timeReport, type ReportFormat } from './reports.ts';
import { median } from './lib/stats.ts';

const [url, strategyId, cycleId, format, runsArg] = process.argv.slice(2);
const runs = Number(runsArg);
if (!url || !strategyId || !cycleId || !REPORT_FORMATS.includes(format as ReportFormat) || !(runs >= 1)) {
  throw new Error('usage: report-child DATABASE_URL STRATEGY CYCLE FORMAT RUNS');
}
const db = await openDatabase(parseDatabaseUrl(url));
const before = process.memoryUsage().rss;
const opts = { strategyId, cycleId, format: format as ReportFormat };
// The first report of a process also loads its renderer's modules (exceljs, ECharts,
// Chromium for PDF); a server pays that once. Both are reported: the first, and the median
// of the `runs` after it, what a reader downloading from a running server waits.
const cold = await timeReport(db, opts);
const warm: Awaited<ReturnType<typeof timeReport>>[] = [];
for (let run = 0; run < runs; run++) warm.push(await timeReport(db, opts));
await db.close();
await closeReportRenderers(); // the warm PDF browser would keep the process alive
process.stdout.write(
  `${JSON.stringify({ ms: median(warm.map((w) => w.ms)), coldMs: cold.ms, bytes: warm[0]?.bytes ?? 0, peakRssMb: process.resourceUsage().maxRSS / 1024, baseRssMb: before / 1024 / 1024 })}\n`,
);
