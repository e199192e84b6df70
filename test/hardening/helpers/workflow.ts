/**
 * Workflow state the hardening tests start from: the sample with a FY2023 cycle opened
 * (an empty draft entry per initiative), set up through the services as the secretariat would.
 */
import type { Db } from '../../../src/db/database.ts';
import type { Principal } from '../../../src/domain/access.ts';
import type { PublicUser } from '../../../src/services/accounts.service.ts';
import { createCycle, openCycle } from '../../../src/services/cycles.service.ts';

export const FY2023 = 'ai2022-fy2023';

export function principalOf(user: PublicUser): Principal {
  return {
    userId: user.id,
    login: user.login,
    displayName: user.displayName,
    role: user.role,
    organisationIds: user.organisationIds,
    via: 'session',
  };
}

/** Creates and opens a cycle of `strategyId` as `admin`; returns its id. */
export async function openNewCycle(
  db: Db,
  admin: PublicUser,
  strategyId = 'ai2022',
  fiscalYear = 2023,
): Promise<string> {
  const actor = { id: admin.id, ip: '127.0.0.1' };
  const cycle = await createCycle(
    db,
    strategyId,
    { fiscalYear, asOf: `${fiscalYear + 1}-04` },
    principalOf(admin),
    actor,
  );
  await openCycle(db, cycle.id, cycle.version, principalOf(admin), actor);
  return cycle.id;
}

/** The entries of a cycle, as stored. */
export async function cycleEntries(db: Db, cycleId: string) {
  return db.kysely
    .selectFrom('progressEntries')
    .select(['id', 'version', 'text', 'initiativeId'])
    .where('cycleId', '=', cycleId)
    .orderBy('id')
    .execute();
}

/** mulberry32: the same seed gives the same choices on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
