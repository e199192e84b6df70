import { sql, type Kysely } from 'kysely';
import type { ThrottleCounter } from '../../domain/throttle.ts';
import type { Database } from '../schema.ts';

type Q = Kysely<Database>;

export async function findCounters(db: Q, keys: string[]): Promise<Map<string, ThrottleCounter>> {
  const rows = await db.selectFrom('loginThrottle').selectAll().where('key', 'in', keys).execute();
  return new Map(rows.map((r) => [r.key, { failures: r.failures, lastFailureAt: r.lastFailureAt }]));
}

/**
 * Counts one failure on every key in one statement (simultaneous failures all count); a
 * counter last touched before `forgetBefore` starts again at 1. Returns the new counts.
 */
export async function recordFailure(
  db: Q,
  keys: string[],
  now: string,
  forgetBefore: string,
): Promise<Map<string, number>> {
  const rows = await db
    .insertInto('loginThrottle')
    .values(keys.map((key) => ({ key, failures: 1, lastFailureAt: now })))
    .onConflict((oc) =>
      oc.column('key').doUpdateSet((eb) => ({
        failures: sql<number>`case when ${eb.ref('loginThrottle.lastFailureAt')} < ${forgetBefore} then 1 else ${eb.ref('loginThrottle.failures')} + 1 end`,
        lastFailureAt: now,
      })),
    )
    .returning(['key', 'failures'])
    .execute();
  return new Map(rows.map((r) => [r.key, Number(r.failures)]));
}

export async function clearCounters(db: Q, keys: string[]): Promise<void> {
  await db.deleteFrom('loginThrottle').where('key', 'in', keys).execute();
}

export async function forgetOldCounters(db: Q, before: string): Promise<void> {
  await db.deleteFrom('loginThrottle').where('lastFailureAt', '<', before).execute();
}
