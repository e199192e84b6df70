import type { Kysely } from 'kysely';
import type { Direction, Indicator, Observation } from '../../domain/model.ts';
import { insertMany } from '../bulk.ts';
import type { Database } from '../schema.ts';

type Q = Kysely<Database>;

/**
 * Indicators with their observations, in one statement (a left join: an indicator with no
 * figure yet is one row with empty observation columns). `visibleCycleIds` limits the
 * observations to those reported in the given cycles (plus those outside any cycle).
 */
export async function listIndicators(
  db: Q,
  where: { strategyId?: string; ids?: string[]; initiativeId?: string },
  visibleCycleIds?: string[],
): Promise<Indicator[]> {
  if (where.ids !== undefined && where.ids.length === 0) return [];
  let q = db
    .selectFrom('indicators as k')
    .leftJoin('observations as o', (join) => {
      const on = join.onRef('o.indicatorId', '=', 'k.id');
      if (visibleCycleIds === undefined) return on;
      const cycles = visibleCycleIds;
      return on.on((eb) =>
        cycles.length === 0
          ? eb('o.cycleId', 'is', null)
          : eb.or([eb('o.cycleId', 'is', null), eb('o.cycleId', 'in', cycles)]),
      );
    })
    .selectAll('k')
    .select([
      'o.id as obsId',
      'o.cycleId as obsCycleId',
      'o.period as obsPeriod',
      'o.value as obsValue',
      'o.source as obsSource',
      'o.note as obsNote',
      'o.version as obsVersion',
      'o.createdAt as obsCreatedAt',
      'o.updatedAt as obsUpdatedAt',
      'o.updatedBy as obsUpdatedBy',
    ]);
  if (where.strategyId !== undefined) q = q.where('k.strategyId', '=', where.strategyId);
  if (where.ids !== undefined) q = q.where('k.id', 'in', where.ids);
  if (where.initiativeId !== undefined) q = q.where('k.initiativeId', '=', where.initiativeId);
  const rows = await q.orderBy('k.position').orderBy('k.id').orderBy('o.period').execute();

  const indicators: Indicator[] = [];
  for (const row of rows) {
    const {
      obsId,
      obsCycleId,
      obsPeriod,
      obsValue,
      obsSource,
      obsNote,
      obsVersion,
      obsCreatedAt,
      obsUpdatedAt,
      obsUpdatedBy,
      ...k
    } = row;
    let indicator = indicators.at(-1);
    if (indicator?.id !== k.id) {
      indicator = { ...k, direction: k.direction as Direction, observations: [] };
      indicators.push(indicator);
    }
    if (obsId === null) continue;
    indicator.observations.push({
      id: obsId,
      indicatorId: k.id,
      cycleId: obsCycleId,
      period: obsPeriod as string,
      value: obsValue as number,
      source: obsSource as string,
      note: obsNote as string,
      version: obsVersion as number,
      createdAt: obsCreatedAt as string,
      updatedAt: obsUpdatedAt as string,
      updatedBy: obsUpdatedBy as string,
    });
  }
  for (const indicator of indicators) indicator.observations.sort(byPeriod);
  return indicators;
}

/** Period codes sort as text except that 'FY2022-end' must follow 'FY2022'; both do. */
function byPeriod(a: Observation, b: Observation): number {
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
