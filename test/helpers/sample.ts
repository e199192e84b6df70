import { loadSample } from '../../src/services/sample.service.ts';
import { createTestDb, type TestDb } from './db.ts';
import type { Engine } from '../../src/db/database.ts';

/** A migrated test database with the AI Strategy 2022 sample loaded, at a fixed time. */
export async function sampleDb(engine: Engine): Promise<TestDb> {
  const db = await createTestDb(engine);
  await loadSample(db, { now: '2023-04-01T00:00:00.000Z' });
  return db;
}
