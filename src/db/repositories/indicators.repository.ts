import { sql, type Insertable, type Kysely } from 'kysely';
import type { ReadScope } from '../../domain/access.ts';
import {
  observationPoint,
  type Direction,
  type Indicator,
  type ObservationPoint,
} from '../../domain/model.ts';
import type { OutlineIndicator, OutlinePoint, TreeIndicator } from '../../domain/views.ts';
import { insertMany } from '../bulk.ts';
import { engineOf } from '../dialect.ts';
import type { Database } from '../schema.ts';
import { groupBy } from './initiatives.repository.ts';
import { observationsIn } from './scope.ts';

type Q = Kysely<Database>;

/**
 * Indicators with their observations (two statements; one left join would repeat every
 * indicator's columns for each of its figures, and measured three times slower). The
 * observations are those the scope may read; `visibleCycleIds` limits them further to those
 * reported in the given cycles (plus those outside any cycle).
 */
export async function listIndicators(
  db: Q,
  scope: ReadScope,
  where: IndicatorFilter,
  visibleCycleIds?: string[],
): Promise<Indicator[]> {
  const [rows, observations] = await Promise.all([
    indicatorRows(db, where),
    observationQuery(db, scope, where, visibleCycleIds)?.selectAll().execute() ?? [],
  ]);
  const byIndicator = groupBy(observations, (o) => o.indicatorId);
  return rows.map((r) => ({ ...r, observations: (byIndicator.get(r.id) ?? []).sort(byPeriod) }));
}

/**
 * Indicators with their figures as points (the strategy tree's): the same rows as
 * `listIndicators`, each figure without its edit record.
 */
export async function listIndicatorPoints(
  db: Q,
  scope: ReadScope,
  where: IndicatorFilter,
  visibleCycleIds?: string[],
): Promise<TreeIndicator[]> {
  const [rows, points] = await Promise.all([
    indicatorRows(db, where),
    pointsOf(db, scope, where, visibleCycleIds),
  ]);
  return rows.map((r) => ({ ...r, observations: (points.get(r.id) ?? []).sort(byPeriod) }));
}

/** The figures of the indicators `where` names, as points, by indicator (unordered). */
async function pointsOf(
  db: Q,
  scope: ReadScope,
  where: IndicatorFilter,
  visibleCycleIds?: string[],
): Promise<Map<string, ObservationPoint[]>> {
  const observations =
    (await observationQuery(db, scope, where, visibleCycleIds)
      ?.select(['indicatorId', 'id', 'cycleId', 'period', 'value', 'source', 'note'])
      .execute()) ?? [];
  return groupBy(observations, (o) => o.indicatorId, observationPoint);
}

/** The figures as the API's tree draws them (period and value), by indicator (unordered). */
async function outlinePointsOf(
  db: Q,
  scope: ReadScope,
  where: IndicatorFilter,
  visibleCycleIds?: string[],
): Promise<Map<string, OutlinePoint[]>> {
  const observations =
    (await observationQuery(db, scope, where, visibleCycleIds)
      ?.select(['indicatorId', 'period', 'value'])
      .execute()) ?? [];
  return groupBy(
    observations,
    (o) => o.indicatorId,
    (o) => ({ period: o.period, value: o.value }),
  );
}

/**
 * The indicators of the API's tree: what they measure and their figures as points of period
 * and value, without their edit record (the same rows and order as `listIndicatorPoints`).
 */
export async function listIndicatorOutlines(
  db: Q,
  scope: ReadScope,
  where: IndicatorFilter,
  visibleCycleIds?: string[],
): Promise<OutlineIndicator[]> {
  const [rows, points] = await Promise.all([
    where.ids !== undefined && where.ids.length === 0
      ? []
      : db
          .selectFrom('indicators')
          .select([
            'id',
            'nodeId',
            'initiativeId',
            'name',
            'nameEn',
            'unit',
            'direction',
            'baselineValue',
            'baselinePeriod',
            'targetValue',
            'targetText',
            'targetPeriod',
            'position',
          ])
          .where('id', 'in', matching(db, where))
          .orderBy('position')
          .orderBy('id')
          .execute(),
    outlinePointsOf(db, scope, where, visibleCycleIds),
  ]);
  return rows.map((r) => ({
    ...r,
    direction: r.direction as Direction,
    observations: (points.get(r.id) ?? []).sort(byPeriod),
  }));
}

interface IndicatorFilter {
  strategyId?: string;
  ids?: string[];
  initiativeId?: string;
}

/** The ids of the indicators `where` names, as a sub-select. */
function matching(db: Q, where: IndicatorFilter) {
  let q = db.selectFrom('indicators').select('indicators.id');
  if (where.strategyId !== undefined) q = q.where('strategyId', '=', where.strategyId);
  if (where.ids !== undefined) q = q.where('id', 'in', where.ids);
  if (where.initiativeId !== undefined) q = q.where('initiativeId', '=', where.initiativeId);
  return q;
}

async function indicatorRows(db: Q, where: IndicatorFilter): Promise<Omit<Indicator, 'observations'>[]> {
  if (where.ids !== undefined && where.ids.length === 0) return [];
  const rows = await db
    .selectFrom('indicators')
    .selectAll()
    .where('id', 'in', matching(db, where))
    .orderBy('position')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ ...r, direction: r.direction as Direction }));
}

/**
 * The observations of the indicators `where` names (columns still to choose), unordered —
 * each indicator's figures are put in order by the caller: sorting them all in SQL cost
 * more. Null when no indicator is named.
 */
function observationQuery(db: Q, scope: ReadScope, where: IndicatorFilter, visibleCycleIds?: string[]) {
  if (where.ids !== undefined && where.ids.length === 0) return null;
  // PostgreSQL hashes the whole observations table against an IN (…) list of the strategy's
  // indicators; `= any(array(…))` makes it walk the (indicator, period) index instead: 2 ms
  // instead of 15 for 5,000 figures among 100,000.
  const viaArray = engineOf(db) === 'postgres';
  let q = db
    .selectFrom('observations')
    .where((eb) =>
      viaArray
        ? eb('indicatorId', '=', sql<string>`any(array(${matching(db, where)}))`)
        : eb('indicatorId', 'in', matching(db, where)),
    )
    .where((eb) => observationsIn(eb, scope));
  if (visibleCycleIds !== undefined) {
    const cycles = visibleCycleIds;
    q = q.where((eb) =>
      cycles.length === 0
        ? eb('cycleId', 'is', null)
        : eb.or([eb('cycleId', 'is', null), eb('cycleId', 'in', cycles)]),
    );
  }
  return q;
}

/** Period codes sort as text except that 'FY2022-end' must follow 'FY2022'; both do. */
function byPeriod(a: { period: string }, b: { period: string }): number {
  return a.period < b.period ? -1 : a.period > b.period ? 1 : 0;
}

export async function insertIndicators(db: Q, indicators: Indicator[]): Promise<void> {
  await insertMany(
    db,
    'indicators',
    indicators.map(({ observations: _o, ...row }) => row),
  );
  await insertMany(
    db,
    'observations',
    indicators.flatMap((i) => i.observations),
  );
}

export async function insertObservation(db: Q, row: Insertable<Database['observations']>): Promise<void> {
  await db.insertInto('observations').values(row).execute();
}
