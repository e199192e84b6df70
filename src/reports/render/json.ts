/**
 * Open data as JSON, validated against its own schema before it leaves (the committed
 * schemas/report-cycle.v1.json is generated from the same zod schema).
 */
import { ReportCycleV1 } from '../open-data.ts';

export function renderJson(data: ReportCycleV1): string {
  return `${JSON.stringify(ReportCycleV1.parse(data), null, 2)}\n`;
}
