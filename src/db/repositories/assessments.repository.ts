import type { Kysely, Selectable } from 'kysely';
import type { ReadScope } from '../../domain/access.ts';
import type { Assessment, Summary, SummaryPillar } from '../../domain/model.ts';
import { insertMany } from '../bulk.ts';
import { parseJson, toJson } from '../json.ts';
import type { AssessmentTable, Database } from '../schema.ts';
import { assessmentsIn, summariesIn } from './scope.ts';

type Q = Kysely<Database>;

const toAssessment = (r: Selectable<AssessmentTable>): Assessment => ({
  ...r,
  needsAcceleration: r.needsAcceleration === 1,
});

/** Assessments (概況) of the given cycles that the scope may read. */
export async function listAssessments(db: Q, scope: ReadScope, cycleIds: string[]): Promise<Assessment[]> {
  if (cycleIds.length === 0) return [];
  const rows = await db
    .selectFrom('assessments')
    .selectAll()
    .where('cycleId', 'in', cycleIds)
    .where((eb) => assessmentsIn(eb, scope))
    .orderBy('cycleId')
    .orderBy('nodeId')
    .execute();
  return rows.map(toAssessment);
}

export async function insertAssessments(db: Q, items: Assessment[]): Promise<void> {
  await insertMany(
    db,
    'assessments',
    items.map((a) => ({ ...a, needsAcceleration: a.needsAcceleration ? 1 : 0 })),
  );
}

export async function listSummaries(db: Q, scope: ReadScope, cycleIds: string[]): Promise<Summary[]> {
  if (cycleIds.length === 0) return [];
  const rows = await db
    .selectFrom('summaries')
    .selectAll()
    .where('cycleId', 'in', cycleIds)
    .where((eb) => summariesIn(eb, scope))
    .orderBy('cycleId')
    .execute();
  return rows.map((r) => ({
    ...r,
    overall: parseJson<string[]>(r.overall, []),
    overallEn: parseJson<string[]>(r.overallEn, []),
    // rows written before the English text have no bulletsEn
    pillars: parseJson<Partial<SummaryPillar>[]>(r.pillars, []).map((p) => ({
      nodeId: p.nodeId ?? '',
      bullets: p.bullets ?? [],
      bulletsEn: p.bulletsEn ?? [],
    })),
  }));
}

export async function insertSummaries(db: Q, items: Summary[]): Promise<void> {
  await insertMany(
    db,
    'summaries',
    items.map((s) => ({
      ...s,
      overall: toJson(s.overall),
      overallEn: toJson(s.overallEn),
      pillars: toJson(s.pillars),
    })),
  );
}
