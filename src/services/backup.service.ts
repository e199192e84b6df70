/**
 * Backup and restore of the whole database in a portable form: every strategy in the
 * interchange format, and beside them the accounts (password hashes, organisations, API
 * token hashes), the audit trail, notifications, corrections and published snapshots as
 * rows — all read inside one transaction so that the copy is consistent while writes go on.
 * The same file restores into SQLite or PostgreSQL, in one transaction: a restored system
 * is the one that was backed up, where the same people sign in with the same passwords.
 * Sessions are not kept: everyone signs in again.
 */
import { z } from 'zod';
import type { Db } from '../db/database.ts';
import * as backupRepo from '../db/repositories/backup.repository.ts';
import * as strategiesRepo from '../db/repositories/strategies.repository.ts';
import { conflict, invalid } from '../domain/errors.ts';
import { audit, SYSTEM_ACTOR } from './audit.service.ts';
import { exportStrategy, importStrategy, jsonPath, refuseNulCharacters } from './interchange.service.ts';
import { contentHashOf } from './snapshots.service.ts';

export const BACKUP_FORMAT = 'shinchoku.backup';

const Row = z.record(z.string(), z.union([z.string(), z.number(), z.null()]));
const Tables = z.object(
  Object.fromEntries(
    (Object.keys(backupRepo.BACKUP_TABLES) as backupRepo.BackupTable[]).map((t) => [t, z.array(Row)]),
  ) as Record<backupRepo.BackupTable, z.ZodArray<typeof Row>>,
);

/** Version 1 held the strategies only; version 2 adds the tables. */
const Backup = z.discriminatedUnion('formatVersion', [
  z.object({
    format: z.literal(BACKUP_FORMAT),
    formatVersion: z.literal(1),
    createdAt: z.string(),
    strategies: z.array(z.unknown()),
  }),
  z.object({
    format: z.literal(BACKUP_FORMAT),
    formatVersion: z.literal(2),
    createdAt: z.string(),
    strategies: z.array(z.unknown()),
    tables: Tables,
  }),
]);

export async function createBackup(db: Db, now = new Date().toISOString()): Promise<string> {
  // One snapshot for every statement: PostgreSQL's default READ COMMITTED lets each query
  // see writes committed after the one before (test/hardening/backup.test.ts caught it).
  // SQLite ignores the setting; its read transaction in WAL mode is a snapshot already.
  const reading = db.kysely.transaction().setIsolationLevel('repeatable read').setAccessMode('read only');
  const snapshot = await reading.execute(async (trx) => {
    const scoped: Db = { ...db, kysely: trx };
    const list = await strategiesRepo.listStrategies(trx);
    const out = [];
    for (const s of list) out.push(await exportStrategy(scoped, s.id));
    const tables: Partial<Record<backupRepo.BackupTable, backupRepo.BackupRow[]>> = {};
    for (const table of Object.keys(backupRepo.BACKUP_TABLES) as backupRepo.BackupTable[])
      tables[table] = await backupRepo.readTable(trx, table);
    return { strategies: out, tables };
  });
  const body = { format: BACKUP_FORMAT, formatVersion: 2, createdAt: now, ...snapshot };
  return `${JSON.stringify(body, null, 2)}\n`;
}

/** Snapshots from backups made before they carried their hash get it (of the text they hold). */
function withContentHashes(tables: z.infer<typeof Tables>): z.infer<typeof Tables> {
  const cycleSnapshots = tables.cycleSnapshots.map((row) =>
    'contentHash' in row || typeof row.tree !== 'string'
      ? row
      : { ...row, contentHash: contentHashOf(row.tree) },
  );
  return { ...tables, cycleSnapshots };
}

/** Problems of the table rows: unknown or missing columns, with their JSON paths. */
function tableIssues(tables: z.infer<typeof Tables>): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  for (const [table, rows] of Object.entries(tables) as [backupRepo.BackupTable, backupRepo.BackupRow[]][]) {
    const columns: readonly string[] = backupRepo.BACKUP_TABLES[table].columns;
    rows.forEach((row, i) => {
      const keys = Object.keys(row);
      const extra = keys.filter((k) => !columns.includes(k));
      const missing = columns.filter((c) => !keys.includes(c));
      if (extra.length || missing.length)
        issues.push({
          path: `$.tables.${table}[${i}]`,
          message: [
            extra.length ? `unknown ${extra.join(', ')}` : '',
            missing.length ? `missing ${missing.join(', ')}` : '',
          ]
            .filter(Boolean)
            .join('; '),
        });
    });
  }
  return issues.slice(0, 50);
}

/**
 * Restores a backup into a database that holds no strategy and no account yet, in one
 * transaction: a file that fails any check leaves the database as it was.
 */
export async function restoreBackup(db: Db, text: string): Promise<{ strategies: number; users: number }> {
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
  const backup = parsed.data;
  const tables = backup.formatVersion === 2 ? withContentHashes(backup.tables) : undefined;
  const issues = tables ? tableIssues(tables) : [];
  if (issues.length > 0) throw invalid('the backup has rows that do not fit the database', { issues });
  const now = new Date().toISOString();
  await db.kysely.transaction().execute(async (trx) => {
    const held = await backupRepo.contentCounts(trx);
    if (held.strategies > 0 || held.users > 0) {
      throw conflict(
        `the database already holds ${held.strategies} strategies and ${held.users} accounts; restore needs an empty database`,
      );
    }
    if (tables) await backupRepo.writeTable(trx, 'organisations', tables.organisations);
    for (const [i, s] of backup.strategies.entries()) {
      try {
        await importStrategy(db, s, { actor: 'system:restore', within: trx, now });
      } catch (err) {
        if (err instanceof Error && 'code' in err) err.message = `$.strategies[${i}]: ${err.message}`;
        throw err;
      }
    }
    if (tables) {
      await backupRepo.clearSnapshots(trx);
      for (const table of Object.keys(backupRepo.BACKUP_TABLES) as backupRepo.BackupTable[])
        if (table !== 'organisations') await backupRepo.writeTable(trx, table, tables[table]);
    }
    await audit(
      trx,
      { ...SYSTEM_ACTOR, id: 'system:restore' },
      [
        {
          action: 'backup.restore',
          entityType: 'backup',
          entityId: '',
          after: { createdAt: backup.createdAt, formatVersion: backup.formatVersion },
        },
      ],
      now,
    );
  });
  return { strategies: backup.strategies.length, users: tables?.users.length ?? 0 };
}
