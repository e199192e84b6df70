/**
 * Kysely table types. Columns are snake_case in SQL and camelCase here (CamelCasePlugin).
 * Timestamps are ISO-8601 text and JSON columns are text on both engines, so that a value
 * reads back byte-identical whichever engine stored it.
 */
import type { Generated } from 'kysely';
import type { ChainedAuditRow } from '../domain/audit-chain.ts';

/** Columns every mutable row carries: optimistic-lock version, timestamps and actor. */
interface Tracked {
  version: number;
  createdAt: string;
  updatedAt: string;
  /** Who made the last change: a user id, or `system:seed`, `system:import` … */
  updatedBy: string;
}

export interface OrganisationTable extends Tracked {
  id: string;
  /** The name used in report tags: 科技, 農水省 … */
  shortName: string;
  nameJa: string;
  nameEn: string;
  /** JSON string[]: other spellings found in documents (科学技術・イノベーション推進事務局 …) */
  aliases: string;
  position: number;
  /** The organisation's contact address for the follow-up ('' when none); never public. */
  contactEmail: Generated<string>;
}

export interface StrategyTable extends Tracked {
  id: string;
  title: string;
  titleEn: string;
  /** The secretariat (事務局) that owns the strategy and issues its report. */
  ownerOrganisationId: string | null;
  /** JSON {ja,en}[]: the name of each tree level (柱 / 目標 / 具体目標 …). */
  levelLabels: string;
  description: string;
  position: number;
  /** The licence of the published data (domain/licences.ts). */
  licenceId: string;
  /** The credit line reusers give; empty: generated from publisher and title. */
  attribution: string;
}

export interface VocabularyTermTable extends Tracked {
  strategyId: string;
  /** 'stage' (取組の段階) or 'rating' (概況の評価) */
  kind: string;
  code: string;
  labelJa: string;
  labelEn: string;
  /** stage: planned | underway | done; rating: good | neutral | attention */
  category: string;
  position: number;
}

export interface NodeTable extends Tracked {
  id: string;
  strategyId: string;
  parentId: string | null;
  position: number;
  /** Human-facing number within the strategy, e.g. "1", "1.2". */
  code: string;
  title: string;
  titleEn: string;
  /** A line shown under the title, e.g. （国家規模の危機への対処）. */
  note: string;
  /**
   * When set, this node is the same target shown in a second place of the tree: its items
   * and assessments are those of the node it mirrors.
   */
  mirrorOf: string | null;
}

export interface InitiativeTable extends Tracked {
  id: string;
  strategyId: string;
  title: string;
  titleEn: string;
}

export interface InitiativeOwnerTable {
  initiativeId: string;
  organisationId: string;
  position: number;
}

export interface InitiativeListingTable {
  initiativeId: string;
  nodeId: string;
  position: number;
}

export interface CycleTable extends Tracked {
  id: string;
  strategyId: string;
  fiscalYear: number;
  /** As-of date of the report as a period code: '2023-04' (令和5年4月). */
  asOf: string;
  /** draft | open | closed | published */
  state: string;
  publishedAt: string | null;
  /** Submission deadline for ministries (ISO date), if set. */
  deadline: Generated<string | null>;
}

export interface ProgressEntryTable extends Tracked {
  id: string;
  initiativeId: string;
  cycleId: string;
  /** 主な進捗: what was done this cycle. */
  text: string;
  /** The progress text in English ('' when not translated). */
  textEn: Generated<string>;
  /** MD5 of `text` (domain/outline.ts), written with it: what the strategy tree carries. */
  textDigest: string;
  stage: string | null;
  /** JSON {period,text}[]: dated plans and milestones. */
  plans: string;
  /** JSON {url,title}[] */
  evidence: string;
  /** draft | submitted | returned | accepted */
  reviewState: string;
  reviewComment: string;
  /** Added by the workflow migration; optional on insert. */
  submittedAt: Generated<string | null>;
}

export interface IndicatorTable extends Tracked {
  id: string;
  strategyId: string;
  nodeId: string | null;
  initiativeId: string | null;
  name: string;
  nameEn: string;
  unit: string;
  /** increase | decrease | maintain */
  direction: string;
  baselineValue: number | null;
  baselinePeriod: string | null;
  targetValue: number | null;
  /** A target that is not a number: ほぼすべて … */
  targetText: string;
  targetPeriod: string | null;
  position: number;
}

export interface ObservationTable extends Tracked {
  id: string;
  indicatorId: string;
  /** The cycle that reported it; null for figures that belong to the structure. */
  cycleId: string | null;
  period: string;
  value: number;
  source: string;
  note: string;
}

export interface AssessmentTable extends Tracked {
  id: string;
  nodeId: string;
  cycleId: string;
  rating: string | null;
  /** 概況 */
  narrative: string;
  /** 概況 in English ('' when not translated). */
  narrativeEn: Generated<string>;
  needsAcceleration: number;
  /** The secretariat's side remark, e.g. a note that two targets overlap. */
  remark: string;
}

export interface SummaryTable extends Tracked {
  cycleId: string;
  /** JSON string[]: the overall verdict. */
  overall: string;
  /** JSON string[]: the overall verdict in English ([] when not translated). */
  overallEn: Generated<string>;
  /** JSON {nodeId, bullets: string[], bulletsEn?: string[]}[]: bullets per pillar. */
  pillars: string;
}

export interface UserTable {
  id: string;
  login: string;
  displayName: string;
  email: string;
  /** argon2id, PHC string */
  passwordHash: string;
  /** admin | reviewer | editor | viewer */
  role: string;
  disabled: number;
  /** Unused since 20261207T0200_signin: failed logins are counted in login_throttle. */
  failedLogins: number;
  /** Unused since 20261207T0200_signin (there is no hard lock any more). */
  lockedUntil: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
  /** The last completed sign-in (password, second factor or identity provider). */
  lastLoginAt: string | null;
  /** 1: the password is a temporary one that must be changed at the next sign-in. */
  mustChangePassword: number;
}

export interface UserOrganisationTable {
  userId: string;
  organisationId: string;
}

export interface SessionTable {
  /** sha-256 (hex) of the cookie value */
  id: string;
  userId: string;
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
  lastSeenAt: string;
  ip: string;
}

export interface ApiTokenTable {
  id: string;
  userId: string;
  name: string;
  tokenHash: string;
  /** JSON string[] */
  scopes: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/**
 * Failed sign-in attempts per key — `pair:LOGIN|ADDRESS`, `account:LOGIN`, `address:ADDRESS`
 * (domain/throttle.ts) — from which the wait before the next attempt is computed.
 */
export interface LoginThrottleTable {
  key: string;
  failures: number;
  lastFailureAt: string;
}

/**
 * Short-lived sign-in state kept on the server, found by the SHA-256 of a cookie value:
 * `mfa` (password accepted, second factor due), `mfa_enrol` (password accepted, enrolment
 * due) and `oidc` (state, nonce and PKCE verifier of a redirect to the identity provider).
 */
export interface AuthChallengeTable {
  id: string;
  kind: string;
  userId: string | null;
  /** JSON */
  data: string;
  attempts: number;
  createdAt: string;
  expiresAt: string;
}

/** A TOTP secret (RFC 6238), AES-256-GCM encrypted; active once confirmed with a code. */
export interface UserMfaTable {
  userId: string;
  secret: string;
  confirmedAt: string | null;
  /** The 30-second step of the last accepted code: a code is accepted once. */
  lastStep: number | null;
  createdAt: string;
}

/** One-time recovery codes, SHA-256 (the codes carry 80 random bits). */
export interface MfaRecoveryCodeTable {
  userId: string;
  codeHash: string;
  usedAt: string | null;
}

/** A local account linked to an identity provider's subject. */
export interface UserIdentityTable {
  issuer: string;
  subject: string;
  userId: string;
  createdAt: string;
  lastLoginAt: string;
}

/**
 * The audit trail: each row's content (`before`/`after` as JSON of the row before and after
 * the change) and its place in the hash chain (domain/audit-chain.ts: seq 1, 2, 3, … in
 * append order, the hash of the row before or the genesis hash, SHA-256 over prevHash and
 * the row's content).
 */
export type AuditTable = ChainedAuditRow;

/** The one row (id 1) holding the last seq and hash of the audit chain; appends lock it. */
export interface AuditChainHeadTable {
  id: number;
  seq: number;
  hash: string;
}

/** Chain heads recorded at publications, corrections and backups (append-only). */
export interface AuditCheckpointTable {
  id: string;
  seq: number;
  hash: string;
  /** snapshot | backup */
  kind: string;
  /** what was recorded: `<cycle>.r<revision>`, or the backup's createdAt */
  ref: string;
  at: string;
}

export interface NotificationTable {
  id: string;
  userId: string;
  kind: string;
  params: string;
  createdAt: string;
  readAt: string | null;
  /** When the notification was e-mailed (SMTP configured and the user has an address). */
  emailedAt: Generated<string | null>;
}

/** A server's claim on e-mailing one notification (only one server wins it). */
export interface MailClaimTable {
  notificationId: string;
  /** Which server process claimed it (host and process id). */
  claimedBy: string;
  claimedAt: string;
}

/** An editor reminded of a cycle's deadline: at most one reminder per cycle and editor. */
export interface DeadlineReminderTable {
  cycleId: string;
  userId: string;
  remindedAt: string;
}

/** A ministry's own deadline in a cycle, overriding the cycle's. */
export interface CycleDeadlineTable {
  cycleId: string;
  organisationId: string;
  /** ISO date */
  deadline: string;
  version: number;
  updatedAt: string;
  updatedBy: string;
}

/** A node's logic model: its stages as JSON text (LogicModel in src/domain/logic-model.ts). */
export interface LogicModelTable {
  nodeId: string;
  strategyId: string;
  model: string;
  version: number;
  updatedAt: string;
  updatedBy: string;
}

/** A report uploaded for review on screen (src/services/report-imports.service.ts). */
export interface ReportImportTable {
  id: string;
  fileName: string;
  fileKind: string;
  /** The file, base64. */
  fileData: string;
  /** ReviewDraft (src/domain/report-review.ts) as JSON text. */
  review: string;
  problems: string;
  sourceLines: string;
  state: string;
  strategyId: string | null;
  cycleId: string | null;
  version: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

/** The last reminder (督促) sent to a ministry in a cycle. */
export interface CycleReminderTable {
  cycleId: string;
  organisationId: string;
  remindedAt: string;
  remindedBy: string;
}

export interface CorrectionTable {
  id: string;
  cycleId: string;
  revision: number;
  reason: string;
  /** The reason in English ('' when not translated). */
  reasonEn: Generated<string>;
  /** JSON CorrectionChange[] (domain/corrections.ts); older rows hold {entityType, entityId}[] */
  changes: string;
  createdAt: string;
  createdBy: string;
}

/** The search index (services/search.service.ts); derived data, rebuilt by `shinchoku reindex`. */
export interface SearchDocumentTable {
  /** Integer key the SQLite FTS table points at. */
  seq: Generated<number>;
  /** `${kind}:${refId}` */
  id: string;
  /** initiative | progress | assessment | indicator */
  kind: string;
  refId: string;
  strategyId: string;
  cycleId: string | null;
  /** '|a|b|': owning organisations */
  organisationIds: string;
  /** '|a|b|': nodes the item shows under, mirrors and ancestors included */
  nodeIds: string;
  stage: string | null;
  rating: string | null;
  title: string;
  body: string;
  /** Searchable but not shown: the owners' full names in Japanese and English */
  context: string;
  /** Space-separated tokens (domain/search/tokenizer.ts) of title, body and context */
  tokens: string;
  tokenCount: number;
}

export interface CycleSnapshotTable {
  cycleId: string;
  revision: number;
  createdAt: string;
  /** JSON of the StrategyTree as published */
  tree: string;
  /** SHA-256 of `tree` (its UTF-8), hex: what downloads of this revision name */
  contentHash: string;
}

/** What the portfolio reads of a snapshot (domain/portfolio-digest.ts), as JSON text. */
export interface SnapshotDigestTable {
  cycleId: string;
  revision: number;
  /** '' for the whole cycle, else the ministry whose initiatives it lists. */
  organisationId: string;
  digest: string;
}

/** Budget and execution of one project of the administrative project review in one fiscal year. */
export interface BudgetLineTable {
  /** 事業番号, as the review writes it (NFKC, trimmed). */
  projectNumber: string;
  fiscalYear: number;
  /** 府省庁 as written in the file. */
  ministry: string;
  /** The organisation that name resolves to, when one does. */
  organisationId: string | null;
  projectName: string;
  /** Amounts in yen; bigint columns (the pg driver reads them as strings: repositories convert). */
  initialBudget: number | string;
  supplementaryBudget: number | string;
  carriedOver: number | string;
  reserveFund: number | string;
  /** Null while the year's execution is not known. */
  executed: number | string | null;
  sourceFile: string;
  importedAt: string;
  importedBy: string;
}

/** An initiative funded by a project; undone links keep their row (unlinkedAt). */
export interface InitiativeProjectTable {
  id: string;
  initiativeId: string;
  projectNumber: string;
  linkedAt: string;
  linkedBy: string;
  unlinkedAt: string | null;
  unlinkedBy: string | null;
}

/** An initiative of one strategy listed under a node of another (shared initiative). */
export interface SharedListingTable {
  initiativeId: string;
  nodeId: string;
  /** The node's strategy (the one that borrows the initiative). */
  strategyId: string;
  position: number;
  createdAt: string;
  createdBy: string;
}

/** A node standing for a whole other strategy (an umbrella strategy's target). */
export interface UmbrellaNodeTable {
  nodeId: string;
  strategyId: string;
  subStrategyId: string;
  updatedAt: string;
  updatedBy: string;
}

export interface Database {
  sharedListings: SharedListingTable;
  umbrellaNodes: UmbrellaNodeTable;
  budgetLines: BudgetLineTable;
  initiativeProjects: InitiativeProjectTable;
  cycleSnapshots: CycleSnapshotTable;
  snapshotDigests: SnapshotDigestTable;
  users: UserTable;
  userOrganisations: UserOrganisationTable;
  sessions: SessionTable;
  apiTokens: ApiTokenTable;
  loginThrottle: LoginThrottleTable;
  authChallenges: AuthChallengeTable;
  userMfa: UserMfaTable;
  mfaRecoveryCodes: MfaRecoveryCodeTable;
  userIdentities: UserIdentityTable;
  auditLog: AuditTable;
  auditChainHead: AuditChainHeadTable;
  auditCheckpoints: AuditCheckpointTable;
  notifications: NotificationTable;
  mailClaims: MailClaimTable;
  deadlineReminders: DeadlineReminderTable;
  cycleDeadlines: CycleDeadlineTable;
  logicModels: LogicModelTable;
  reportImports: ReportImportTable;
  cycleReminders: CycleReminderTable;
  corrections: CorrectionTable;
  organisations: OrganisationTable;
  strategies: StrategyTable;
  vocabularyTerms: VocabularyTermTable;
  nodes: NodeTable;
  initiatives: InitiativeTable;
  initiativeOwners: InitiativeOwnerTable;
  initiativeListings: InitiativeListingTable;
  cycles: CycleTable;
  progressEntries: ProgressEntryTable;
  indicators: IndicatorTable;
  observations: ObservationTable;
  assessments: AssessmentTable;
  summaries: SummaryTable;
  searchDocuments: SearchDocumentTable;
}
