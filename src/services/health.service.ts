/**
 * Readiness: whether the database answers, decided within a bounded time, so that a load
 * balancer's probe never hangs on a database that has stopped answering.
 */
import type { Db } from '../db/database.ts';
import * as systemRepo from '../db/repositories/system.repository.ts';

/** How long the readiness check waits for the database. */
export const READY_TIMEOUT_MS = 2000;

/**
 * Resolves to true when the database answers a trivial statement within `timeoutMs`, false
 * when it fails or is late (the late statement is left to the pool's own timeouts).
 */
export async function databaseReady(db: Db, timeoutMs = READY_TIMEOUT_MS): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  try {
    return await Promise.race([
      systemRepo.ping(db.kysely).then(
        () => true,
        () => false,
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
