/**
 * PostgreSQL privileges for the role the server runs as, when the migrations run as the
 * tables' owner (SECURITY.md › The audit trail). Only the owner (or a superuser) can drop or
 * disable a trigger, or truncate a table it has not been granted TRUNCATE on, so a server
 * role that owns nothing and may only read and append to the audit trail cannot erase it.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

type Q = Kysely<Database>;

export interface RoleFacts {
  exists: boolean;
  superuser: boolean;
  /** Whether the role owns the audit trail's table (then it could drop its triggers). */
  ownsTrail: boolean;
  schema: string;
}

/** What the database says about a role, in the connection's schema. */
export async function roleFacts(q: Q, role: string): Promise<RoleFacts> {
  const { rows } = await sql<{ schema: string; superuser: boolean | null; owner: string | null }>`
    select current_schema() as schema,
      (select rolsuper from pg_roles where rolname = ${role}) as superuser,
      (select tableowner from pg_tables where schemaname = current_schema() and tablename = 'audit_log') as owner`.execute(
    q,
  );
  const row = rows[0];
  if (!row) throw new Error('the privileges query returned no row');
  return {
    exists: row.superuser !== null,
    superuser: row.superuser === true,
    ownsTrail: row.owner === role,
    schema: row.schema,
  };
}

/**
 * Grants `role` what the server needs in `schema` and no more: read and write on every
 * table, except the audit trail and its checkpoints (read and append), the chain head (read
 * and move forward) and the migrations' bookkeeping (read). No TRUNCATE, REFERENCES or
 * TRIGGER anywhere. Running it again (after new migrations) grants the new tables too.
 */
export async function grantServerRole(q: Q, schema: string, role: string): Promise<void> {
  const r = sql.id(role);
  const s = sql.id(schema);
  const t = (table: string) => sql.id(schema, table);
  await sql`grant usage on schema ${s} to ${r}`.execute(q);
  await sql`revoke all on all tables in schema ${s} from ${r}`.execute(q);
  await sql`grant select, insert, update, delete on all tables in schema ${s} to ${r}`.execute(q);
  await sql`grant usage, select on all sequences in schema ${s} to ${r}`.execute(q);
  await sql`revoke update, delete on ${t('audit_log')}, ${t('audit_checkpoints')} from ${r}`.execute(q);
  await sql`revoke insert, delete on ${t('audit_chain_head')} from ${r}`.execute(q);
  await sql`revoke insert, update, delete on ${t('kysely_migration')}, ${t('kysely_migration_lock')} from ${r}`.execute(
    q,
  );
}
