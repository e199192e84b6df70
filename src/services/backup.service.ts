/**
 * Backup and restore of the whole database in a portable form: every strategy in the
 * interchange format, and beside them the accounts (password hashes, organisations, API
 * token hashes), the audit trail with its chain head and checkpoints, notifications,
 * corrections and published snapshots as rows — all read inside one transaction so that the
 * copy is consistent while writes go on. A trail that does not verify against the head the
 * file records is refused.
 * The same file restores into SQLite or PostgreSQL, in one transaction: a restored system
 * is the one that was backed up, where the same people sign in with the same passwords.
 * Sessions are not kept: everyone signs in again.
 */
import { z } from 'zod';
import type { Db } from '../db/database.ts';
import * as auditRepo from '../db/repositories/audit.repository.ts';
import * as backupRepo from '../db/repositories/backup.repository.ts';
import * as notificationsRepo from '../db/repositories/notifications.repository.ts';
import * as strategiesRepo from '../db/repositories/strategies.repository.ts';
import { AuditContent, EMPTY_HEAD, walkRows, type Checkpoint } from '../domain/audit-chain.ts';
import { conflict, invalid } from '../domain/errors.ts';
import { audit, recordCheckpoint, restoreAuditTrail, SYSTEM_ACTOR } from './audit.service.ts';
import { exportStrategy, importStrategy, jsonPath, refuseNulCharacters } from './interchange.service.ts';
import { contentHashOf } from './snapshots.service.ts';

export const BACKUP_FORMAT = 'shinchoku.backup';

type TableVersion = 2 | 3;
const CHAIN_COLUMNS: readonly string[] = ['seq', 'prevHash', 'hash'];

/** The tables a backup of this format version holds (version 3 adds the audit checkpoints). */
function tablesIn(version: TableVersion): backupRepo.BackupTable[] {
  return (Object.keys(backupRepo.BACKUP_TABLES) as backupRepo.BackupTable[]).filter(
    (t) => version === 3 || t !== 'auditCheckpoints',
  );
}

/** A table's columns in this format version (version 3 adds the audit chain's). */
function columnsIn(table: backupRepo.BackupTable, version: TableVersion): readonly string[] {
  const columns: readonly string[] = backupRepo.BACKUP_TABLES[table].columns;
  return version === 2 && table === 'auditLog' ? columns.filter((c) => !CHAIN_COLUMNS.includes(c)) : columns;
}

/** Columns added after a format version: a backup made before them lacks them (the default applies). */
const ADDED_LATER: readonly string[] = ['corrections.reasonEn'];

const Row = z.record(z.string(), z.union([z.string(), z.number(), z.null()]));
type Rows = Partial<Record<backupRepo.BackupTable, backupRepo.BackupRow[]>>;
// A table newer than the backup (e.g. second factors, 20261207T0200) is simply empty in it.
const tablesSchema = (version: TableVersion) =>
  z.object(
    Object.fromEntries(tablesIn(version).map((t) => [t, z.array(Row).default([])])),
  ) as unknown as z.ZodType<Rows>;

const Head = z.object({ seq: z.number().int().min(0), hash: z.string() });

/**
 * Version 1 held the strategies only; version 2 adds the tables; version 3 the audit chain:
 * the head of the trail when it was copied (`auditHead`), every row's place and hashes, and
 * the checkpoints.
 */
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
    tables: tablesSchema(2),
  }),
  z.object({
    format: z.literal(BACKUP_FORMAT),
    formatVersion: z.literal(3),
    createdAt: z.string(),
    auditHead: Head,
    strategies: z.array(z.unknown()),
    tables: tablesSchema(3),
  }),
]);

const ChainedAuditRow = AuditContent.extend({ seq: z.number(), prevHash: z.string(), hash: z.string() });
const CheckpointRow = Head.extend({ id: z.string(), kind: z.string(), ref: z.string(), at: z.string() });

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
    const tables: Rows = {};
    for (const table of tablesIn(3)) tables[table] = await backupRepo.readTable(trx, table);
    const auditHead = (await auditRepo.readChainHead(trx)) ?? EMPTY_HEAD;
    return { auditHead, strategies: out, tables };
  });
  // The database remembers the head this file holds: a trail cut back behind it shows.
  await recordCheckpoint(db.kysely, 'backup', now, now, snapshot.auditHead);
  const body = { format: BACKUP_FORMAT, formatVersion: 3, createdAt: now, ...snapshot };
  return `${JSON.stringify(body, null, 2)}\n`;
}

/**
 * The chain head a backup file records, as a checkpoint to verify the live trail against
 * (`shinchoku audit verify --backup FILE`): rows cut from the end since, or rewritten, show.
 */
export function chainHeadOfBackup(text: string, name: string): Checkpoint {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw invalid(`${name} is not JSON: ${(err as Error).message}`);
  }
  const parsed = z
    .object({
      format: z.literal(BACKUP_FORMAT),
      formatVersion: z.literal(3),
      createdAt: z.string(),
      auditHead: Head,
    })
    .safeParse(json);
  if (!parsed.success)
    throw invalid(`${name} is not a shinchoku backup of format 3 (the first that records the audit chain)`);
  return { ...parsed.data.auditHead, kind: 'backup file', ref: name, at: parsed.data.createdAt };
}

/** Snapshots from backups made before they carried their hash get it (of the text they hold). */
function withContentHashes(tables: Rows): Rows {
  const cycleSnapshots = (tables.cycleSnapshots ?? []).map((row) =>
    'contentHash' in row || typeof row.tree !== 'string'
      ? row
      : { ...row, contentHash: contentHashOf(row.tree) },
  );
  return { ...tables, cycleSnapshots };
}

/** Problems of the table rows: unknown or missing columns, with their JSON paths. */
function tableIssues(tables: Rows, version: TableVersion): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  for (const table of tablesIn(version)) {
    const columns = columnsIn(table, version);
    (tables[table] ?? []).forEach((row, i) => {
      const keys = Object.keys(row);
      const extra = keys.filter((k) => !columns.includes(k));
      const missing = columns.filter((c) => !keys.includes(c) && !ADDED_LATER.includes(`${table}.${c}`));
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

/** Rows of a table that must have these types, or the first one that does not. */
function typed<T>(schema: z.ZodType<T>, table: string, rows: backupRepo.BackupRow[]): T[] {
  return rows.map((row, i) => {
    const parsed = schema.safeParse(row);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    throw invalid(
      `not a shinchoku backup: $.tables.${table}[${i}]${jsonPath(issue?.path ?? []).slice(1)}: ${issue?.message}`,
    );
  });
}

/**
 * The backup's audit trail in chain order, and its checkpoints. A version 3 trail must
 * verify against its own head and checkpoints: a file whose trail was edited is refused.
 * Older trails had no chain: their rows are taken in the order of their times.
 */
function auditTrailOf(backup: z.infer<typeof Backup>): {
  rows: AuditContent[];
  checkpoints: (Checkpoint & { id: string })[];
} {
  if (backup.formatVersion === 1) return { rows: [], checkpoints: [] };
  if (backup.formatVersion === 2) {
    const rows = typed(AuditContent, 'auditLog', backup.tables.auditLog ?? []);
    const byTime = (a: AuditContent, b: AuditContent) =>
      a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    return { rows: rows.sort(byTime), checkpoints: [] };
  }
  const rows = typed(ChainedAuditRow, 'auditLog', backup.tables.auditLog ?? []);
  const checkpoints = typed(CheckpointRow, 'auditCheckpoints', backup.tables.auditCheckpoints ?? []);
  const { problem } = walkRows(rows, backup.auditHead, checkpoints);
  if (problem)
    throw invalid(`the audit trail in the backup does not verify: ${problem.message}`, { problem });
  return {
    rows: rows
      .sort((a, b) => a.seq - b.seq)
      .map(({ seq: _seq, prevHash: _prev, hash: _hash, ...content }) => content),
    checkpoints,
  };
}

/** Tables a restore writes before the strategies (the others follow them). */
const RESTORED_FIRST: readonly backupRepo.BackupTable[] = ['organisations', 'auditLog', 'auditCheckpoints'];

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
  const tables = backup.formatVersion === 1 ? undefined : withContentHashes(backup.tables);
  const issues = tables && backup.formatVersion !== 1 ? tableIssues(tables, backup.formatVersion) : [];
  if (issues.length > 0) throw invalid('the backup has rows that do not fit the database', { issues });
  const trail = auditTrailOf(backup);
  const now = new Date().toISOString();
  await db.kysely.transaction().execute(async (trx) => {
    const held = await backupRepo.contentCounts(trx);
    if (held.strategies > 0 || held.users > 0) {
      throw conflict(
        `the database already holds ${held.strategies} strategies and ${held.users} accounts; restore needs an empty database`,
      );
    }
    // The trail first, so that it takes the same places (and hashes) it had.
    await restoreAuditTrail(trx, trail.rows, trail.checkpoints);
    if (tables) await backupRepo.writeTable(trx, 'organisations', tables.organisations ?? []);
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
        if (!RESTORED_FIRST.includes(table)) await backupRepo.writeTable(trx, table, tables[table] ?? []);
      await notificationsRepo.recordRemindersFromNotifications(trx);
    }
    await audit(
      trx,
      { ...SYSTEM_ACTOR, id: 'system:restore' },
      [
        {
          action: 'backup.restore',
          entityType: 'backup',
          entityId: '',
          after: {
            createdAt: backup.createdAt,
            formatVersion: backup.formatVersion,
            ...(backup.formatVersion === 3 && { auditHead: backup.auditHead }),
          },
        },
      ],
      now,
    );
  });
  return { strategies: backup.strategies.length, users: tables?.users?.length ?? 0 };
}
