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
const result = await timeReport(db, { strategyId, cycleId, format: format as ReportFormat });
await db.close();
process.stdout.write(
  `${JSON.stringify({ ...result, peakRssMb: process.resourceUsage().maxRSS / 1024, baseRssMb: before / 1024 / 1024 })}\n`,
);
