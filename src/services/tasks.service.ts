/**
 * "My tasks": what a ministry editor still owes in open cycles, and what waits for the
 * secretariat (submissions to review, ministries that have not reported).
 */
import type { Db } from '../db/database.ts';
import * as cyclesRepo from '../db/repositories/cycles.repository.ts';
import * as strategiesRepo from '../db/repositories/strategies.repository.ts';
import { can, scopeOf, seesSecretariatDrafts, type Principal } from '../domain/access.ts';
import type { Cycle, Initiative, ProgressEntry } from '../domain/model.ts';
import type { Checklist } from '../domain/views.ts';
import { checklist } from './cycles.service.ts';
import { listCycleEntries } from './entries.service.ts';

export interface CycleTasks {
  cycle: Cycle;
  strategyTitle: string;
  /** Every entry of my ministries in the cycle, whatever its state (editors): my year at a glance. */
  mine: { entry: ProgressEntry; initiative: Initiative }[];
  /** Entries I must still write or fix (editors). */
  toWrite: { entry: ProgressEntry; initiative: Initiative }[];
  /** Submissions waiting for review (reviewers). */
  toReview: { entry: ProgressEntry; initiative: Initiative }[];
  /** Completion per ministry (secretariat). */
  checklist: Checklist | null;
}

export async function myTasks(db: Db, principal: Principal): Promise<CycleTasks[]> {
  const strategies = await strategiesRepo.listStrategies(db.kysely);
  const scope = scopeOf(principal);
  const out: CycleTasks[] = [];
  for (const strategy of strategies) {
    const cycles = (await cyclesRepo.listCycles(db.kysely, strategy.id)).filter(
      (c) => c.state === 'open' || c.state === 'closed',
    );
    for (const cycle of cycles) {
      const entries = await listCycleEntries(db, cycle.id, principal);
      const editing = can(principal, 'entry:edit') && cycle.state === 'open';
      out.push({
        cycle,
        strategyTitle: strategy.title,
        mine: can(principal, 'entry:edit') ? entries : [],
        toWrite: editing
          ? entries.filter((e) => e.entry.reviewState === 'draft' || e.entry.reviewState === 'returned')
          : [],
        toReview: can(principal, 'entry:review')
          ? entries.filter((e) => e.entry.reviewState === 'submitted')
          : [],
        checklist: seesSecretariatDrafts(scope) ? await checklist(db, cycle.id, scope) : null,
      });
    }
  }
  return out;
}
