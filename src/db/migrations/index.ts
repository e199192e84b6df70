import type { Migration } from 'kysely';
import * as initial from './20261128T2200_initial.ts';
import * as search from './20261128T2300_search.ts';
import * as workflow from './20261128T2330_workflow.ts';
import * as mail from './20261128T2345_mail.ts';
import * as snapshots from './20261128T2350_snapshots.ts';
import * as searchVector from './20261129T0200_search_vector.ts';
import * as searchVectorInline from './20261129T0900_search_vector_inline.ts';
import * as entryTextDigest from './20261129T1400_entry_text_digest.ts';
import * as auditChain from './20261207T0100_audit_chain.ts';
import * as signin from './20261207T0200_signin.ts';
import * as publication from './20261207T0300_publication.ts';
import * as jobs from './20261207T0400_jobs.ts';
import * as openData from './20261207T0900_open_data.ts';
import * as accounts from './20261207T1000_accounts.ts';
import * as cycleControl from './20261207T1030_cycle_control.ts';
import * as englishText from './20261208T0100_english_text.ts';
import * as budgetLines from './20261208T0200_budget_lines.ts';
import * as logicModels from './20261208T0300_logic_models.ts';
import * as reportImports from './20261209T0400_report_imports.ts';
import * as snapshotDigests from './20261209T0600_snapshot_digests.ts';
import * as portfolioScale from './20261209T0700_portfolio_scale.ts';
import * as sharedInitiatives from './20261209T0500_shared_initiatives.ts';

/** Every migration, by name; names sort in the order they must run. */
export const migrations: Record<string, Migration> = {
  '20261128T2200_initial': initial,
  '20261128T2300_search': search,
  '20261128T2330_workflow': workflow,
  '20261128T2345_mail': mail,
  '20261128T2350_snapshots': snapshots,
  '20261129T0200_search_vector': searchVector,
  '20261129T0900_search_vector_inline': searchVectorInline,
  '20261129T1400_entry_text_digest': entryTextDigest,
  '20261207T0100_audit_chain': auditChain,
  '20261207T0200_signin': signin,
  '20261207T0300_publication': publication,
  '20261207T0400_jobs': jobs,
  '20261207T0900_open_data': openData,
  '20261207T1000_accounts': accounts,
  '20261207T1030_cycle_control': cycleControl,
  '20261208T0100_english_text': englishText,
  '20261208T0200_budget_lines': budgetLines,
  '20261208T0300_logic_models': logicModels,
  '20261209T0400_report_imports': reportImports,
  '20261209T0500_shared_initiatives': sharedInitiatives,
  '20261209T0600_snapshot_digests': snapshotDigests,
  '20261209T0700_portfolio_scale': portfolioScale,
};
