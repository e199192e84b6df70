/**
 * Whole tables for backups, beside the strategies (which travel in the interchange format):
 * accounts (with second factors and identity-provider links), API tokens, the audit trail and
 * its checkpoints, notifications, corrections, published snapshots, the links between
 * strategies (shared initiatives, umbrella nodes) and the budget lines with their links.
 * Rows are read in a stable order and written back as they were. Sessions are left out on
 * purpose: a restored system asks everyone to sign in again.
 */
import { sql, type Kysely } from 'kysely';
import { insertMany } from '../bulk.ts';
import type { Database } from '../schema.ts';

type Q = Kysely<Database>;
type Columns<T extends keyof Database> = Record<keyof Database[T] & string, true>;

const cols = <T extends keyof Database>(columns: Columns<T>): string[] => Object.keys(columns);

/**
 * The tables, in the order a restore writes them (organisations first: strategies and
 * accounts refer to them), each with its columns (the compiler holds these lists to the
 * table types) and its sort order.
 */
export const BACKUP_TABLES = {
  organisations: {
    columns: cols<'organisations'>({
      id: true,
      shortName: true,
      nameJa: true,
      nameEn: true,
      aliases: true,
      position: true,
      contactEmail: true,
      version: true,
      createdAt: true,
      updatedAt: true,
      updatedBy: true,
    }),
    order: ['id'],
  },
  users: {
    columns: cols<'users'>({
      id: true,
      login: true,
      displayName: true,
      email: true,
      passwordHash: true,
      role: true,
      disabled: true,
      failedLogins: true,
      lockedUntil: true,
      version: true,
      createdAt: true,
      updatedAt: true,
      updatedBy: true,
      lastLoginAt: true,
      mustChangePassword: true,
    }),
    order: ['id'],
  },
  userOrganisations: {
    columns: cols<'userOrganisations'>({ userId: true, organisationId: true }),
    order: ['userId', 'organisationId'],
  },
  // Second factors (secrets encrypted with MFA_SECRET_KEY: a restore needs the same key) and
  // links to the identity provider: without them a restore would let the password alone in.
  userMfa: {
    columns: cols<'userMfa'>({
      userId: true,
      secret: true,
      confirmedAt: true,
      lastStep: true,
      createdAt: true,
    }),
    order: ['userId'],
  },
  mfaRecoveryCodes: {
    columns: cols<'mfaRecoveryCodes'>({ userId: true, codeHash: true, usedAt: true }),
    order: ['userId', 'codeHash'],
  },
  userIdentities: {
    columns: cols<'userIdentities'>({
      issuer: true,
      subject: true,
      userId: true,
      createdAt: true,
      lastLoginAt: true,
    }),
    order: ['issuer', 'subject'],
  },
  apiTokens: {
    columns: cols<'apiTokens'>({
      id: true,
      userId: true,
      name: true,
      tokenHash: true,
      scopes: true,
      createdAt: true,
      expiresAt: true,
      lastUsedAt: true,
      revokedAt: true,
    }),
    order: ['id'],
  },
  corrections: {
    columns: cols<'corrections'>({
      id: true,
      cycleId: true,
      revision: true,
      reason: true,
      reasonEn: true,
      changes: true,
      createdAt: true,
      createdBy: true,
    }),
    order: ['cycleId', 'revision'],
  },
  cycleSnapshots: {
    columns: cols<'cycleSnapshots'>({
      cycleId: true,
      revision: true,
      createdAt: true,
      tree: true,
      contentHash: true,
    }),
    order: ['cycleId', 'revision'],
  },
  cycleDeadlines: {
    columns: cols<'cycleDeadlines'>({
      cycleId: true,
      organisationId: true,
      deadline: true,
      version: true,
      updatedAt: true,
      updatedBy: true,
    }),
    order: ['cycleId', 'organisationId'],
  },
  cycleReminders: {
    columns: cols<'cycleReminders'>({
      cycleId: true,
      organisationId: true,
      remindedAt: true,
      remindedBy: true,
    }),
    order: ['cycleId', 'organisationId'],
  },
  // Links between strategies (issue #24): they refer to other strategies, so they travel
  // beside the strategies' interchange files, restored once every strategy is in.
  sharedListings: {
    columns: cols<'sharedListings'>({
      initiativeId: true,
      nodeId: true,
      strategyId: true,
      position: true,
      createdAt: true,
      createdBy: true,
    }),
    order: ['initiativeId', 'nodeId'],
  },
  umbrellaNodes: {
    columns: cols<'umbrellaNodes'>({
      nodeId: true,
      strategyId: true,
      subStrategyId: true,
      updatedAt: true,
      updatedBy: true,
    }),
    order: ['nodeId'],
  },
  // The administrative project review's budget lines and the initiatives they fund.
  budgetLines: {
    columns: cols<'budgetLines'>({
      projectNumber: true,
      fiscalYear: true,
      ministry: true,
      organisationId: true,
      projectName: true,
      initialBudget: true,
      supplementaryBudget: true,
      carriedOver: true,
      reserveFund: true,
      executed: true,
      sourceFile: true,
      importedAt: true,
      importedBy: true,
    }),
    order: ['projectNumber', 'fiscalYear'],
  },
  initiativeProjects: {
    columns: cols<'initiativeProjects'>({
      id: true,
      initiativeId: true,
      projectNumber: true,
      linkedAt: true,
      linkedBy: true,
      unlinkedAt: true,
      unlinkedBy: true,
    }),
    order: ['id'],
  },
  notifications: {
    columns: cols<'notifications'>({
      id: true,
      userId: true,
      kind: true,
      params: true,
      createdAt: true,
      readAt: true,
      emailedAt: true,
    }),
    order: ['createdAt', 'id'],
  },
  auditLog: {
    columns: cols<'auditLog'>({
      id: true,
      at: true,
      actor: true,
      ip: true,
      action: true,
      entityType: true,
      entityId: true,
      cycleId: true,
      before: true,
      after: true,
      reason: true,
      seq: true,
      prevHash: true,
      hash: true,
    }),
    order: ['seq'],
  },
  auditCheckpoints: {
    columns: cols<'auditCheckpoints'>({ id: true, seq: true, hash: true, kind: true, ref: true, at: true }),
    order: ['seq', 'id'],
  },
} as const satisfies Partial<Record<keyof Database, { columns: string[]; order: string[] }>>;

export type BackupTable = keyof typeof BACKUP_TABLES;
export type BackupRow = Record<string, string | number | null>;

const BIGINT_COLUMNS = ['initialBudget', 'supplementaryBudget', 'carriedOver', 'reserveFund', 'executed'];

/** Every row of `table`, in its backup order. */
export async function readTable(q: Q, table: BackupTable): Promise<BackupRow[]> {
  let query = q.selectFrom(table).selectAll();
  // Kysely cannot follow a table name chosen at run time to its column names; they are
  // the literal lists above.
  for (const column of BACKUP_TABLES[table].order) query = query.orderBy(sql.ref(column));
  const rows = (await query.execute()) as BackupRow[];
  // PostgreSQL's driver reads bigint as text: the file holds numbers, whichever engine wrote it.
  if (table !== 'budgetLines') return rows;
  return rows.map((row) => {
    const out = { ...row };
    for (const c of BIGINT_COLUMNS) if (typeof out[c] === 'string') out[c] = Number(out[c]);
    return out;
  });
}

/** Writes rows back as they were read. */
export async function writeTable(q: Q, table: BackupTable, rows: BackupRow[]): Promise<void> {
  // The rows were checked against BACKUP_TABLES[table].columns by the caller.
  await insertMany(q, table, rows as never[]);
}

/**
 * The published record, and the per-ministry deadlines and reminders of the cycles, that a
 * restore replaces with the backup's rows: the strategies' import
 * froze (or carried) the same cycles a moment before.
 */
export async function clearSnapshots(q: Q): Promise<void> {
  await q.deleteFrom('corrections').execute();
  await q.deleteFrom('snapshotDigests').execute();
  await q.deleteFrom('cycleSnapshots').execute();
  await q.deleteFrom('cycleDeadlines').execute();
  await q.deleteFrom('cycleReminders').execute();
}

/** How many strategies and accounts the database holds (a restore needs none of either). */
export async function contentCounts(q: Q): Promise<{ strategies: number; users: number }> {
  const count = async (table: 'strategies' | 'users') =>
    Number(
      (
        await q
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { strategies: await count('strategies'), users: await count('users') };
}
