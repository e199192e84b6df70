/**
 * Backup and restore of the whole database in a portable form: every strategy in the
 * interchange format, read inside one transaction so that the copy is consistent while
 * writes go on. The same file restores into SQLite or PostgreSQL.
 */
import { z } from 'zod';
import type { Db } from '../db/database.ts';
import * as strategiesRepo from '../db/repositories/strategies.repository.ts';
import { conflict, invalid } from '../domain/errors.ts';
import { exportStrategy, importStrategy, jsonPath, refuseNulCharacters } from './interchange.service.ts';

export const BACKUP_FORMAT = 'shinchoku.backup';

const Backup = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.literal(1),
  createdAt: z.string(),
  strategies: z.array(z.unknown()),
});

export async function createBackup(db: Db, now = new Date().toISOString()): Promise<string> {
  // One snapshot for every statement: PostgreSQL's default READ COMMITTED lets each query
  // see writes committed after the one before (test/hardening/backup.test.ts caught it).
  // SQLite ignores the setting; its read transaction in WAL mode is a snapshot already.
  const snapshot = db.kysely.transaction().setIsolationLevel('repeatable read').setAccessMode('read only');
  const strategies = await snapshot.execute(async (trx) => {
    const scoped: Db = { ...db, kysely: trx };
    const list = await strategiesRepo.listStrategies(trx);
    const out = [];
    for (const s of list) out.push(await exportStrategy(scoped, s.id));
    return out;
  });
  return `${JSON.stringify({ format: BACKUP_FORMAT, formatVersion: 1, createdAt: now, strategies }, null, 2)}\n`;
}

/** Restores a backup into a database that holds no strategy yet. */
export async function restoreBackup(db: Db, text: string): Promise<{ strategies: number }> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw invalid(`the backup file is not JSON: ${(err as Error).message}`);
  }
  refuseNulCharacters(json);
  const parsed = Backup.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(`not a shinchoku backup: ${jsonPath(issue?.path ?? [])}: ${issue?.message}`);
  }
  const existing = await strategiesRepo.listStrategies(db.kysely);
  if (existing.length > 0) {
    throw conflict(
      `the database already holds ${existing.length} strategies; restore needs an empty database`,
    );
  }
  // Validate every strategy before writing any of them.
  for (const s of parsed.data.strategies) {
    await importStrategy(db, s, { actor: 'system:restore', dryRun: true });
  }
  for (const s of parsed.data.strategies) {
    await importStrategy(db, s, { actor: 'system:restore' });
  }
  return { strategies: parsed.data.strategies.length };
}
