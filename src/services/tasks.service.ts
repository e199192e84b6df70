/**
 * "My tasks": what a ministry editor still owes in open cycles, and what waits for the
 * secretariat (submissions to review, ministries that have not reported).
 */
import type { Db } from '../db/database.ts';
import * as cyclesRepo from '../db/repositories/cycles.repository.ts';
import * as strategiesRepo from '../db/repositories/strategies.repository.ts';
import { can, scopeOf, seesSecretariatDrafts, type Principal } from '../domain/access.ts';
import type { Cycle } from '../domain/model.ts';
import type { Checklist } from '../domain/views.ts';
import { isOverdue } from '../domain/deadlines.ts';
import { entryDeadline, japanToday, ministryDeadlines } from './cycle-control.service.ts';
import { checklist } from './cycles.service.ts';
import { listCycleEntries, type CycleEntry } from './entries.service.ts';

export interface CycleTasks {
  cycle: Cycle;
  strategyTitle: string;
  /** Every entry of my ministries in the cycle, whatever its state (editors): my year at a glance. */
  mine: CycleEntry[];
  /** Entries I must still write or fix (editors), each with its deadline and whether it is past. */
  toWrite: (CycleEntry & { deadline: string | null; overdue: boolean })[];
  /** Submissions waiting for review (reviewers). */
  toReview: CycleEntry[];
  /** Completion per ministry (secretariat). */
  checklist: Checklist | null;
}

export async function myTasks(db: Db, principal: Principal, today = japanToday()): Promise<CycleTasks[]> {
  const strategies = await strategiesRepo.listStrategies(db.kysely);
  const scope = scopeOf(principal);
  const out: CycleTasks[] = [];
  for (const strategy of strategies) {
    const cycles = (await cyclesRepo.listCycles(db.kysely, strategy.id)).filter(
      (c) => c.state === 'open' || c.state === 'closed',
    );
    for (const cycle of cycles) {
      const shown = await listCycleEntries(db, cycle.id, principal);
      // A shared initiative's entry is the ministry's one item, under the cycle that holds it
      // (with the strategies using it); the secretariats review it in each of theirs.
      const entries = shown.filter((e) => e.entry.cycleId === cycle.id);
      const editing = can(principal, 'entry:edit') && cycle.state === 'open';
      const { deadlineOf } = await ministryDeadlines(db.kysely, cycle);
      out.push({
        cycle,
        strategyTitle: strategy.title,
        mine: can(principal, 'entry:edit') ? entries : [],
        toWrite: editing
          ? entries
              .filter((e) => e.entry.reviewState === 'draft' || e.entry.reviewState === 'returned')
              .map((e) => {
                const deadline = entryDeadline(e.initiative.ownerIds, deadlineOf);
                return { ...e, deadline, overdue: isOverdue(e.entry.reviewState, deadline, today) };
              })
          : [],
        toReview: can(principal, 'entry:review')
          ? shown.filter((e) => e.entry.reviewState === 'submitted')
          : [],
        checklist: seesSecretariatDrafts(scope) ? await checklist(db, cycle.id, scope, today) : null,
      });
    }
  }
  return out;
}
