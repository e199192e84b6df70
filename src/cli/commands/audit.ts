/**
 * `shinchoku audit verify`: walks the audit trail's hash chain and exits 1 naming the first
 * bad row. `shinchoku db grant ROLE`: the PostgreSQL privileges of a server role that cannot
 * rewrite the trail (SECURITY.md › The audit trail).
 */
import type { Command } from 'commander';
import type { Checkpoint } from '../../domain/audit-chain.ts';
import { grantServerRole, verifyAuditTrail } from '../../services/audit.service.ts';
import { chainHeadOfBackup } from '../../services/backup.service.ts';
import { CliError, readTextFile, withDatabase } from '../context.ts';

async function headOf(file: string): Promise<Checkpoint> {
  return chainHeadOfBackup(await readTextFile(file), file);
}

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('the audit trail (監査ログ)');
  audit
    .command('verify')
    .description(
      "walk the audit trail's hash chain: exit 1 naming the first altered, missing, inserted or reordered row, or rows cut from its end",
    )
    .option('--json', 'print the result as JSON')
    .option('--backup <files...>', 'also check against the chain heads these backup files recorded')
    .action(async (opts: { json?: boolean; backup?: string[] }) => {
      const also = await Promise.all((opts.backup ?? []).map(headOf));
      await withDatabase(async (db) => {
        const result = await verifyAuditTrail(db, { also });
        if (opts.json) console.log(JSON.stringify(result, null, 2));
        if (result.problem) throw new CliError(`audit trail broken: ${result.problem.message}`);
        if (!opts.json)
          console.log(
            `ok: ${result.rows} rows, head seq ${result.head.seq} ${result.head.hash} (${result.checkpoints} recorded heads checked)`,
          );
      });
    });

  const db = program.command('db').description('database administration');
  db.command('grant <role>')
    .description(
      'PostgreSQL: let ROLE run the server without the rights to rewrite the audit trail (run as the owner of the tables, after migrate)',
    )
    .action(async (role: string) => {
      await withDatabase(async (database) => {
        const { schema } = await grantServerRole(database, role);
        console.log(
          `granted ${role} in schema ${schema}: read and write on every table; audit_log and audit_checkpoints read and append only; audit_chain_head read and update; no TRUNCATE or TRIGGER`,
        );
      });
    });
}
