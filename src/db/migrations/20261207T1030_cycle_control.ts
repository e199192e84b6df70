import { childOf, createTables, dropTables, VERSIONED, type Db } from './lib.ts';

// Cycle control (issue #19): per-ministry deadlines and reminders (督促).
//
// cycle_deadlines: a ministry's own deadline in a cycle, overriding the cycle's (an
// extension); versioned like every edited record.
//
// cycle_reminders: the last reminder sent to a ministry in a cycle, one row per pair,
// overwritten by the next.

const CYCLE_AND_MINISTRY = {
  cycle_id: childOf('cycles'),
  organisation_id: childOf('organisations'),
} as const;

export async function up(db: Db): Promise<void> {
  await createTables(db, {
    cycle_deadlines: {
      ...CYCLE_AND_MINISTRY,
      deadline: 'text not null',
      ...VERSIONED,
      cycle_deadlines_pk: 'primary key (cycle_id, organisation_id)',
    },

    cycle_reminders: {
      ...CYCLE_AND_MINISTRY,
      reminded_at: 'text not null',
      reminded_by: 'text not null',
      cycle_reminders_pk: 'primary key (cycle_id, organisation_id)',
    },
  });
}

export async function down(db: Db): Promise<void> {
  await dropTables(db, ['cycle_reminders', 'cycle_deadlines']);
}
