import type { Engine } from '../../src/db/database.ts';
import type { Cycle } from '../../src/domain/model.ts';
import type { PublicUser } from '../../src/services/accounts.service.ts';
import type { Actor } from '../../src/services/audit.service.ts';
import { createCycle, openCycle } from '../../src/services/cycles.service.ts';
import { loadSample } from '../../src/services/sample.service.ts';
import { createTestDb, type TestDb } from './db.ts';

/** A migrated test database with the AI Strategy 2022 sample loaded, at a fixed time. */
export async function sampleDb(engine: Engine): Promise<TestDb> {
  const db = await createTestDb(engine);
  await loadSample(db, { now: '2023-04-01T00:00:00.000Z' });
  return db;
}

/**
 * The sample's FY2023 cycle, created and opened by `admin` (every initiative gets a draft
 * entry, from last year's), and the actor it was done as.
 */
export async function openFy2023(db: TestDb, admin: PublicUser): Promise<{ cycle: Cycle; actor: Actor }> {
  const principal = {
    userId: admin.id,
    login: admin.login,
    displayName: admin.displayName,
    role: 'admin' as const,
    organisationIds: [],
    via: 'session' as const,
  };
  const actor = { id: admin.id, ip: '' };
  const created = await createCycle(db, 'ai2022', { fiscalYear: 2023, asOf: '2024-04' }, principal, actor);
  const cycle = await openCycle(db, created.id, created.version, principal, actor);
  return { cycle, actor };
}
