/**
 * The survey importer's benchmark hook, called by bench/run.ts: a ministry's sheet of
 * `rows` initiatives, every row filled in as a clerk would, imported for real (one
 * transaction through the import's checks). Returns rows per second of the import alone —
 * generating and filling the workbook is not timed.
 */
import ExcelJS from 'exceljs';
import type { Db } from '../src/db/database.ts';
import type { Principal } from '../src/domain/access.ts';
import { importStrategy } from '../src/services/interchange.service.ts';
import { importSurvey, surveyTemplate } from '../src/services/survey.service.ts';
import { LARGE_CYCLE, LARGE_ORG, largeStrategy } from '../test/fixtures/survey/large.ts';

export async function measureSurveyImport(db: Db, rows: number): Promise<number> {
  await importStrategy(db, largeStrategy(rows), { actor: 'bench', replace: true });
  const clerk: Principal = {
    userId: 'bench-survey-clerk',
    login: 'bench-survey-clerk',
    displayName: '調査票ベンチ',
    role: 'editor',
    organisationIds: [LARGE_ORG],
    via: 'session',
  };
  const sheet = (await surveyTemplate(db, LARGE_CYCLE, LARGE_ORG, clerk)).body;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(sheet as never);
  const ws = wb.getWorksheet('進捗調査票');
  if (!ws) throw new Error('the survey sheet has no 進捗調査票 worksheet');
  for (let r = 5; r < 5 + rows; r++) {
    ws.getCell(r, 6).value = `今年度は${r}行目の施策を全国で実施し、関係機関との連携を進めた。`;
    ws.getCell(r, 7).value = '実施中';
    ws.getCell(r, 8).value = 'R6年度: 全国展開';
  }
  const filled = Buffer.from(await wb.xlsx.writeBuffer());
  const started = performance.now();
  const result = await importSurvey(db, filled, clerk, { actor: { id: clerk.userId, ip: '' } });
  const seconds = (performance.now() - started) / 1000;
  if (!result.ok || result.counts.entries !== rows) {
    throw new Error(`survey import failed: ${JSON.stringify(result.problems.slice(0, 3))}`);
  }
  return rows / seconds;
}
