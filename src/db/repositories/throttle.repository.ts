import { sql, type Kysely } from 'kysely';
import type { ThrottleCounter } from '../../domain/throttle.ts';
import type { Database } from '../schema.ts';

type Q = Kysely<Database>;

export async function findCounters(db: Q, keys: string[]): Promise<Map<string, ThrottleCounter>> {
  const rows = await db.selectFrom('loginThrottle').selectAll().where('key', 'in', keys).execute();
  return new Map(rows.map((r) => [r.key, { failures: r.failures, lastFailureAt: r.lastFailureAt }]));
}

/**
 * Counts one failure in one statement (simultaneous failures all count); a counter last
 * touched before `forgetBefore` starts again at 1. Returns the new count.
 */
export async function recordFailure(db: Q, key: string, now: string, forgetBefore: string): Promise<number> {
  const row = await db
    .insertInto('loginThrottle')
    .values({ key, failures: 1, lastFailureAt: now })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet((eb) => ({
        failures: sql<number>`case when ${eb.ref('loginThrottle.lastFailureAt')} < ${forgetBefore} then 1 else ${eb.ref('loginThrottle.failures')} + 1 end`,
        lastFailureAt: now,
      })),
    )
    .returning('failures')
    .executeTakeFirstOrThrow();
  return Number(row.failures);
}

export async function clearCounters(db: Q, keys: string[]): Promise<void> {
  await db.deleteFrom('loginThrottle').where('key', 'in', keys).execute();
}

export async function forgetOldCounters(db: Q, before: string): Promise<void> {
  await db.deleteFrom('loginThrottle').where('lastFailureAt', '<', before).execute();
}
