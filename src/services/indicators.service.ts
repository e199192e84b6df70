/**
 * Indicators (KPI) and their observations. Administrators define indicators and targets;
 * ministry editors report observations for indicators of their own initiatives while a
 * cycle is open.
 */
import type { Db } from '../db/database.ts';
import * as cyclesRepo from '../db/repositories/cycles.repository.ts';
import * as indicatorsRepo from '../db/repositories/indicators.repository.ts';
import * as initiativesRepo from '../db/repositories/initiatives.repository.ts';
import * as nodesRepo from '../db/repositories/nodes.repository.ts';
import { updateVersioned } from '../db/repositories/versioned.repository.ts';
import { can, UNSCOPED, type Principal } from '../domain/access.ts';
import { AppError, conflict, invalid, notFound } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import type { Direction, Indicator, Observation } from '../domain/model.ts';
import { audit, type Actor } from './audit.service.ts';
import { assertUnpublished } from './publication.service.ts';
import { reindexIndicator } from './search.service.ts';
import { defined } from '../domain/defined.ts';

export interface IndicatorInput {
  nodeId: string | null;
  initiativeId: string | null;
  name: string;
  nameEn: string;
  unit: string;
  direction: Direction;
  baselineValue: number | null;
  baselinePeriod: string | null;
  targetValue: number | null;
  targetText: string;
  targetPeriod: string | null;
}

export async function saveIndicator(
  db: Db,
  strategyId: string,
  id: string | null,
  basedOn: number | null,
  input: IndicatorInput,
  actor: Actor,
): Promise<Indicator> {
  return db.kysely.transaction().execute(async (trx) => {
    if (input.nodeId !== null) {
      const node = await nodesRepo.findNode(trx, input.nodeId);
      if (!node || node.strategyId !== strategyId)
        throw invalid(`unknown node ${input.nodeId}`, {
          issues: [{ path: 'nodeId', message: 'unknown node' }],
        });
    }
    if (input.initiativeId !== null) {
      const [it] = await initiativesRepo.listInitiatives(trx, { ids: [input.initiativeId] });
      if (!it || it.strategyId !== strategyId)
        throw invalid(`unknown initiative ${input.initiativeId}`, {
          issues: [{ path: 'initiativeId', message: 'unknown initiative' }],
        });
    }
    const now = new Date().toISOString();
    if (id === null) {
      const count = (await indicatorsRepo.listIndicators(trx, UNSCOPED, { strategyId }, [])).length;
      const created: Indicator = {
        id: newId(),
        strategyId,
        ...input,
        position: count,
        observations: [],
        version: 1,
        createdAt: now,
        updatedAt: now,
        updatedBy: actor.id,
      };
      await indicatorsRepo.insertIndicators(trx, [created]);
      await audit(
        trx,
        actor,
        [{ action: 'indicator.create', entityType: 'indicator', entityId: created.id, after: created }],
        now,
      );
      await reindexIndicator(trx, created.id);
      return created;
    }
    const [before] = await indicatorsRepo.listIndicators(trx, UNSCOPED, { ids: [id] });
    if (!before || before.strategyId !== strategyId) throw notFound('indicator', id);
    if (
      !(await updateVersioned(trx, 'indicators', id, basedOn ?? -1, {
        ...input,
        updatedAt: now,
        updatedBy: actor.id,
      }))
    ) {
      throw conflict('the indicator was changed by someone else', { current: before });
    }
    const [after] = await indicatorsRepo.listIndicators(trx, UNSCOPED, { ids: [id] });
    await audit(
      trx,
      actor,
      [{ action: 'indicator.update', entityType: 'indicator', entityId: id, before, after }],
      now,
    );
    await reindexIndicator(trx, id);
    return defined(after, 'the indicator just written');
  });
}

/** Reports (or corrects) the value of an indicator for a period within an open cycle. */
export async function saveObservation(
  db: Db,
  indicatorId: string,
  input: {
    cycleId: string;
    period: string;
    value: number;
    source: string;
    note: string;
    version: number | null;
  },
  principal: Principal,
  actor: Actor,
  /** The secretariat enters the figure for the owning ministry (代理入力), audited as such. */
  opts: { onBehalf?: boolean } = {},
): Promise<Observation> {
  return db.kysely.transaction().execute(async (trx) => {
    const [indicator] = await indicatorsRepo.listIndicators(trx, UNSCOPED, { ids: [indicatorId] });
    if (!indicator) throw notFound('indicator', indicatorId);
    const cycle = await cyclesRepo.lockCycle(trx, input.cycleId);
    if (!cycle || cycle.strategyId !== indicator.strategyId) throw notFound('cycle', input.cycleId);
    assertUnpublished(cycle, 'report or change its figures');
    if (cycle.state !== 'open')
      throw new AppError(
        'forbidden',
        `the cycle is ${cycle.state}; figures can be reported only while it is open`,
      );
    const [initiative] = indicator.initiativeId
      ? await initiativesRepo.listInitiatives(trx, { ids: [indicator.initiativeId] })
      : [];
    const owns = initiative?.ownerIds.some((o) => principal.organisationIds.includes(o)) ?? false;
    if (opts.onBehalf) {
      if (!can(principal, 'cycle:manage') || !initiative)
        throw new AppError('forbidden', 'only the secretariat may enter a ministry’s figure on its behalf');
    } else if (!can(principal, 'entry:edit') || !owns)
      throw new AppError('forbidden', 'only an editor of the owning ministry may report this figure');
    const reason = opts.onBehalf && initiative ? `on behalf of ${initiative.ownerIds.join(', ')}` : undefined;
    const before = indicator.observations.find((o) => o.period === input.period);
    const now = new Date().toISOString();
    if (!before) {
      if (input.version !== null)
        throw conflict('there is no figure for this period yet (send version null)');
      const created: Observation = {
        id: newId(),
        indicatorId,
        cycleId: cycle.id,
        period: input.period,
        value: input.value,
        source: input.source,
        note: input.note,
        version: 1,
        createdAt: now,
        updatedAt: now,
        updatedBy: actor.id,
      };
      await indicatorsRepo.insertObservation(trx, created);
      await audit(
        trx,
        actor,
        [
          {
            action: 'observation.create',
            entityType: 'observation',
            entityId: created.id,
            cycleId: cycle.id,
            after: created,
            reason,
          },
        ],
        now,
      );
      await reindexIndicator(trx, indicatorId);
      return created;
    }
    if (before.cycleId !== cycle.id)
      throw new AppError('forbidden', 'this figure was reported in another cycle');
    const changes = {
      value: input.value,
      source: input.source,
      note: input.note,
      updatedAt: now,
      updatedBy: actor.id,
    };
    if (
      input.version === null ||
      !(await updateVersioned(trx, 'observations', before.id, input.version, changes))
    ) {
      throw conflict('the figure was changed by someone else', { current: before });
    }
    const after = { ...before, ...changes, version: before.version + 1 };
    await audit(
      trx,
      actor,
      [
        {
          action: 'observation.update',
          entityType: 'observation',
          entityId: before.id,
          cycleId: cycle.id,
          before,
          after,
          reason,
        },
      ],
      now,
    );
    await reindexIndicator(trx, indicatorId);
    return after;
  });
}
