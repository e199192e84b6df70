/**
 * Survey sheets (調査票): the Excel workbook a ministry is used to, generated from the
 * cycle's entries and read back. The import checks the sheet belongs to the caller's
 * ministry and the cycle, judges every row (see importers/survey/validate.ts), previews
 * the changes, and writes them in ONE transaction: all or nothing, and a version conflict
 * on any row is reported for that row while nothing is written. Figures go through
 * saveObservation; entries through saveEntryChanges, saveEntry's rules applied to many rows
 * at once (tested against saveEntry), because saveEntry's ten statements a row are too slow
 * for a 5,000-row sheet.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Db } from '../db/database.ts';
import * as cyclesRepo from '../db/repositories/cycles.repository.ts';
import * as indicatorsRepo from '../db/repositories/indicators.repository.ts';
import * as initiativesRepo from '../db/repositories/initiatives.repository.ts';
import * as nodesRepo from '../db/repositories/nodes.repository.ts';
import * as orgRepo from '../db/repositories/organisations.repository.ts';
import * as progressRepo from '../db/repositories/progress.repository.ts';
import * as strategiesRepo from '../db/repositories/strategies.repository.ts';
import * as usersRepo from '../db/repositories/users.repository.ts';
import * as wf from '../db/repositories/workflow.repository.ts';
import type { Database } from '../db/schema.ts';
import { can, isRole, scopeOf, UNSCOPED, type Principal, type ReadScope } from '../domain/access.ts';
import { AppError, invalid, notFound } from '../domain/errors.ts';
import type { Cycle, Organisation, ProgressEntry } from '../domain/model.ts';
import { problem, type Problem } from '../importers/problems.ts';
import { indexOrganisations } from '../importers/report-text/ministries.ts';
import { readSurveyWorkbook, type SurveyMeta } from '../importers/survey/read.ts';
import { cycleLabel, surveyState, templateData, type SurveyScope } from '../importers/survey/scope.ts';
import { writeSurveyTemplate } from '../importers/survey/template.ts';
import {
  validateSurvey,
  type EntryChange,
  type SurveyPlan,
  type SurveyState,
} from '../importers/survey/validate.ts';
import { idOf } from '../importers/survey/judge.ts';
import type { SurveyWorkbook } from '../importers/survey/read.ts';
import { REVIEW_STATE_LABELS } from '../importers/survey/layout.ts';
import { surveyMessage } from '../importers/survey/messages.ts';
import { surveyResult, type SurveyImportResult } from '../importers/survey/result.ts';
import { ZipWriter } from '../reports/render/zip.ts';
import { audit, type Actor, type AuditEvent } from './audit.service.ts';
import { ownsInitiative, submitEntry } from './entries.service.ts';
import { saveObservation } from './indicators.service.ts';
import { reindexEntryRows } from './search.service.ts';

export type { SurveyImportResult };

export interface SurveyFile {
  fileName: string;
  asciiFileName: string;
  body: Buffer;
  organisation: Organisation;
  counts: { entries: number; indicators: number };
}

export interface ImportSurveyOptions {
  dryRun?: boolean;
  /** The cycle the caller means (the API's path); the sheet must be of this cycle. */
  cycleId?: string;
  fileName?: string;
  actor?: Actor;
  /** Submit the sheet's entries for review once the changes are written. */
  submit?: boolean;
  /** Called as rows are checked and written: (done, total). */
  onProgress?: (done: number, total: number) => void;
}

/**
 * An organisation by id, short name, full name or alias.
 * @example findOrganisation(orgs, '総務省')?.id // 'mic'
 */
export function findOrganisation(orgs: readonly Organisation[], ref: string): Organisation | undefined {
  const id = orgs.find((o) => o.id === ref.trim())?.id ?? indexOrganisations(orgs).resolve(ref)?.id;
  return orgs.find((o) => o.id === id);
}

/** The principal of an enabled user, for the CLI's --as; null if there is none. */
export async function principalForLogin(db: Db, login: string): Promise<Principal | null> {
  const user = await usersRepo.findUserByLogin(db.kysely, login);
  if (!user || user.disabled === 1 || !isRole(user.role)) return null;
  return {
    userId: user.id,
    login: user.login,
    displayName: user.displayName,
    role: user.role,
    organisationIds: user.organisationIds,
    via: 'session',
  };
}

async function loadScope(
  q: Kysely<Database>,
  cycle: Cycle,
  organisation: Organisation,
  withPrevious: boolean,
  read: ReadScope,
): Promise<SurveyScope> {
  const strategy = await strategiesRepo.findStrategy(q, cycle.strategyId);
  if (!strategy) throw notFound('strategy', cycle.strategyId);
  const cycles = await cyclesRepo.listCycles(q, strategy.id);
  const before = cycles.filter((c) => c.fiscalYear < cycle.fiscalYear).at(-1);
  const [organisations, nodes, vocabulary, initiatives, entries, indicators] = await Promise.all([
    orgRepo.listOrganisations(q),
    nodesRepo.listNodes(q, strategy.id),
    strategiesRepo.listVocabulary(q, strategy.id),
    initiativesRepo.listInitiatives(q, { strategyId: strategy.id, organisationId: organisation.id }),
    progressRepo.listEntries(q, read, {
      cycleIds: before && withPrevious ? [cycle.id, before.id] : [cycle.id],
    }),
    indicatorsRepo.listIndicators(q, read, { strategyId: strategy.id }),
  ]);
  return {
    strategy,
    cycle,
    cycles,
    organisation,
    organisations,
    nodes,
    vocabulary,
    initiatives,
    entries,
    indicators,
  };
}

/** May this caller have this ministry's sheet? Its editors and the secretariat; null is the CLI. */
function maySeeSurvey(requester: Principal | null, organisationId: string): boolean {
  if (requester === null) return true;
  if (!can(requester, 'drafts:read')) return false;
  if (requester.role === 'editor') return requester.organisationIds.includes(organisationId);
  return requester.role === 'reviewer' || requester.role === 'admin';
}

/**
 * The survey workbook of one ministry for one cycle.
 * @example await surveyTemplate(db, 'ai2022-fy2023', '総務省', principal) // { fileName: '進捗調査票_総務省_2023年度.xlsx', body, … }
 */
export async function surveyTemplate(
  db: Db,
  cycleId: string,
  organisationRef: string,
  requester: Principal | null,
  opts: { now?: string } = {},
): Promise<SurveyFile> {
  const cycle = await cyclesRepo.findCycle(db.kysely, cycleId);
  if (!cycle) throw notFound('cycle', cycleId);
  const organisation = findOrganisation(await orgRepo.listOrganisations(db.kysely), organisationRef);
  if (!organisation) {
    throw invalid(surveyMessage('ja', 'cli.unknown_organisation', { value: organisationRef }), {
      issues: [{ path: 'organisation', message: 'unknown organisation' }],
    });
  }
  if (!maySeeSurvey(requester, organisation.id)) {
    throw new AppError(
      'forbidden',
      surveyMessage('ja', 'api.forbidden_organisation', { organisation: organisation.nameJa }),
    );
  }
  if (cycle.state === 'draft') {
    throw invalid(surveyMessage('ja', 'api.draft_cycle', { cycle: cycle.id }), {
      issues: [{ path: 'cycleId', message: 'cycle not started' }],
    });
  }
  const scope = await loadScope(
    db.kysely,
    cycle,
    organisation,
    true,
    requester ? scopeOf(requester) : UNSCOPED,
  );
  const data = templateData(scope, opts.now ?? new Date().toISOString());
  const body = await writeSurveyTemplate(data);
  return {
    fileName: `進捗調査票_${organisation.shortName}_${cycleLabel(cycle)}.xlsx`,
    asciiFileName: `survey-${organisation.id}-${cycle.id}.xlsx`,
    body,
    organisation,
    counts: { entries: data.rows.length, indicators: data.indicators.length },
  };
}

/**
 * Every ministry's survey sheet of a cycle in one ZIP (the secretariat's): one workbook per
 * organisation owning an initiative of the strategy, named as its own download is.
 * @example await surveyBundle(db, 'ai2022-fy2023', reviewer) // { fileName: '進捗調査票_2023年度.zip', body, count: 9 }
 */
export async function surveyBundle(
  db: Db,
  cycleId: string,
  requester: Principal,
): Promise<{ fileName: string; asciiFileName: string; body: Buffer; count: number }> {
  if (requester.role !== 'reviewer' && requester.role !== 'admin') {
    throw new AppError('forbidden', 'only the secretariat may download every ministry’s sheet');
  }
  const cycle = await cyclesRepo.findCycle(db.kysely, cycleId);
  if (!cycle) throw notFound('cycle', cycleId);
  const initiatives = await initiativesRepo.listInitiatives(db.kysely, { strategyId: cycle.strategyId });
  const owners = new Set(initiatives.flatMap((i) => i.ownerIds));
  const organisations = (await orgRepo.listOrganisations(db.kysely)).filter((o) => owners.has(o.id));
  const zip = new ZipWriter();
  for (const organisation of organisations) {
    const file = await surveyTemplate(db, cycleId, organisation.id, requester);
    // a workbook is compressed already
    zip.add(file.fileName, file.body, { store: true });
    await zip.drain();
  }
  return {
    fileName: `進捗調査票_${cycleLabel(cycle)}.zip`,
    asciiFileName: `surveys-${cycle.id}.zip`,
    body: await zip.finish(),
    count: organisations.length,
  };
}

interface Checked {
  cycle: Cycle;
  organisation: Organisation;
}

/** The sheet's own claims (cycle, ministry) against the caller and the database. */
async function checkMeta(
  db: Db,
  meta: SurveyMeta,
  principal: Principal,
  expectedCycle: string | undefined,
): Promise<Checked | Problem> {
  const cycle = await cyclesRepo.findCycle(db.kysely, meta.cycleId);
  if (expectedCycle !== undefined && meta.cycleId !== expectedCycle) {
    const found = cycle ? `${cycleLabel(cycle)}（${cycle.id}）` : meta.cycleId;
    return problem('error', 'survey.meta.cycle', { found, expected: expectedCycle });
  }
  if (!cycle || cycle.strategyId !== meta.strategyId) {
    return problem('error', 'survey.meta.unknown_cycle', { cycle: meta.cycleId });
  }
  const organisation = await orgRepo.findOrganisation(db.kysely, meta.organisationId);
  if (!organisation)
    return problem('error', 'survey.meta.unknown_organisation', { organisation: meta.organisationId });
  if (principal.role !== 'editor' || !can(principal, 'entry:edit')) {
    return problem('error', 'survey.meta.not_editor', { login: principal.login });
  }
  if (!principal.organisationIds.includes(organisation.id)) {
    return problem('error', 'survey.meta.organisation', {
      organisation: organisation.nameJa,
      login: principal.login,
    });
  }
  if (cycle.state !== 'open') {
    const state = surveyMessage('ja', `state.${cycle.state}`);
    return problem('error', 'survey.cycle.not_open', { cycle: `${cycleLabel(cycle)}（${cycle.id}）`, state });
  }
  return { cycle, organisation };
}

class Rollback extends Error {}

/**
 * Kysely has no nested transactions, and every service opens its own. Inside the import's
 * one transaction the services get this stand-in, whose transaction() runs their work in
 * the outer transaction: each row's write commits or rolls back with all the others.
 */
function joined(trx: Transaction<Database>): Kysely<Database> {
  const proxy: Kysely<Database> = new Proxy(trx, {
    get(target, prop) {
      if (prop === 'transaction') {
        return () => ({ execute: <T>(fn: (t: Kysely<Database>) => Promise<T>) => fn(proxy) });
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return proxy;
}

const PROGRESS_SHEET = '進捗調査票';
const KPI_SHEET = 'KPI';
/** Audit events per insert: both engines cap the parameters of one statement. */
const AUDIT_CHUNK = 500;

/**
 * saveEntry for many rows at once, with saveEntry's rules — an editor of an owning ministry
 * (ownsInitiative), an open cycle, the version the sheet was made from, a draft or returned
 * entry, a stage of the strategy's vocabulary — its audit events and its search-index
 * upkeep. saveEntry spends ten statements on a row; this spends a few bulk reads, one
 * versioned UPDATE per thousand rows, one audit insert per 500 and one re-index, which is
 * what makes a 5,000-row sheet import in seconds (`npm run bench`). Run it in
 * the caller's transaction, and roll that back when problems come back: every refused row
 * is reported, and no row is written after the first refusal.
 */
export async function saveEntryChanges(
  q: Kysely<Database>,
  cycleId: string,
  changes: readonly EntryChange[],
  principal: Principal,
  actor: Actor,
  progress: () => void = () => undefined,
): Promise<Problem[]> {
  if (changes.length === 0) return [];
  const cycle = await cyclesRepo.findCycle(q, cycleId);
  if (!cycle || cycle.state !== 'open') {
    const state = surveyMessage('ja', `state.${cycle?.state ?? 'draft'}`);
    return [problem('error', 'survey.cycle.not_open', { cycle: cycleId, state })];
  }
  const [entries, vocabulary, initiatives] = await Promise.all([
    progressRepo.listEntries(q, UNSCOPED, { cycleIds: [cycleId] }),
    strategiesRepo.listVocabulary(q, cycle.strategyId),
    initiativesRepo.listInitiatives(q, { ids: [...new Set(changes.map((c) => c.initiativeId))] }),
  ]);
  const byId = new Map(entries.map((e) => [e.id, e]));
  const owners = new Map(initiatives.map((i) => [i.id, i]));
  const stages = new Set(vocabulary.filter((t) => t.kind === 'stage').map((t) => t.code));
  const mayEdit = can(principal, 'entry:edit');
  const now = new Date().toISOString();
  const problems: Problem[] = [];
  const events: AuditEvent[] = [];
  const accepted: { change: EntryChange; entry: ProgressEntry }[] = [];
  for (const c of changes) {
    const where = { sheet: PROGRESS_SHEET, row: c.row };
    const entry = byId.get(c.entryId);
    const initiative = entry && owners.get(entry.initiativeId);
    progress();
    if (!entry || !initiative || !mayEdit || !ownsInitiative(principal, initiative)) {
      problems.push(problem('error', 'survey.row.unknown_entry', { id: c.entryId }, where));
    } else if (entry.version !== c.basedOn) {
      problems.push(
        problem('error', 'survey.entry.conflict', { based: c.basedOn, current: entry.version }, where),
      );
    } else if (entry.reviewState !== 'draft' && entry.reviewState !== 'returned') {
      problems.push(
        problem(
          'error',
          'survey.entry.locked',
          { state: REVIEW_STATE_LABELS[entry.reviewState] ?? '' },
          where,
        ),
      );
    } else if (c.after.stage !== null && !stages.has(c.after.stage)) {
      problems.push(problem('error', 'survey.stage.unknown', { value: c.after.stage }, where));
    } else if (problems.length === 0) {
      accepted.push({ change: c, entry });
    }
  }
  if (problems.length) return problems;
  const written = await wf.updateEntries(
    q,
    accepted.map(({ change: c }) => ({
      id: c.entryId,
      basedOn: c.basedOn,
      text: c.after.text,
      textEn: c.after.textEn,
      stage: c.after.stage,
      plans: JSON.stringify(c.after.plans),
      evidence: JSON.stringify(c.evidence),
    })),
    { updatedAt: now, updatedBy: actor.id },
  );
  const saved: ProgressEntry[] = [];
  for (const { change: c, entry } of accepted) {
    if (!written.has(entry.id)) {
      // changed by someone else between the read above and the write
      const where = { sheet: PROGRESS_SHEET, row: c.row };
      problems.push(problem('error', 'survey.entry.conflict', { based: c.basedOn, current: '?' }, where));
      continue;
    }
    const after: ProgressEntry = {
      ...entry,
      ...c.after,
      evidence: c.evidence,
      updatedAt: now,
      updatedBy: actor.id,
      version: c.basedOn + 1,
    };
    saved.push(after);
    events.push({
      action: 'entry.save',
      entityType: 'progress_entry',
      entityId: entry.id,
      cycleId,
      before: entry,
      after,
    });
  }
  if (problems.length) return problems;
  for (let i = 0; i < events.length; i += AUDIT_CHUNK)
    await audit(q, actor, events.slice(i, i + AUDIT_CHUNK), now);
  // staff search finds the new drafts at once, as after a save in the form (from the rows
  // written: nothing to read again)
  await reindexEntryRows(q, cycle, [...owners.values()], saved);
  return [];
}

/** A service's refusal of one figure, as that row's problem. */
function refusal(err: unknown, row: number, based: number | null): Problem {
  if (!(err instanceof AppError)) throw err;
  const where = { sheet: KPI_SHEET, row };
  const current = (err.details as { current?: { version?: number } } | undefined)?.current?.version;
  if (err.code === 'conflict' && current !== undefined) {
    return problem('error', 'survey.kpi.conflict', { based: based ?? '?', current }, where);
  }
  return problem('error', 'survey.entry.rejected', { reason: err.message }, where);
}

async function apply(
  db: Db,
  plan: SurveyPlan,
  checked: Checked,
  principal: Principal,
  actor: Actor,
  progress: () => void,
): Promise<Problem[]> {
  const problems: Problem[] = [];
  try {
    await db.kysely.transaction().execute(async (trx) => {
      problems.push(
        ...(await saveEntryChanges(trx, checked.cycle.id, plan.entries, principal, actor, progress)),
      );
      const inner: Db = { ...db, kysely: joined(trx) };
      for (const o of plan.observations) {
        const input = { cycleId: checked.cycle.id, period: o.period, ...o.after, version: o.version };
        try {
          await saveObservation(inner, o.indicatorId, input, principal, actor);
        } catch (err) {
          problems.push(refusal(err, o.row, o.version));
        }
        progress();
      }
      if (problems.length) throw new Rollback();
    });
  } catch (err) {
    if (!(err instanceof Rollback)) throw err;
  }
  return problems;
}

/**
 * Reads a filled-in survey and, unless a dry run, writes its changes as the principal.
 * Never throws on bad input: the result carries the problems, and nothing is written then.
 * @example await importSurvey(db, bytes, principal, { dryRun: true }) // { ok: true, entries: [...], … }
 */
export async function importSurvey(
  db: Db,
  bytes: Uint8Array,
  principal: Principal,
  opts: ImportSurveyOptions = {},
): Promise<SurveyImportResult> {
  const dryRun = opts.dryRun ?? false;
  const read = await readSurveyWorkbook(bytes, opts.fileName ?? 'survey.xlsx');
  if (!read.ok) return surveyResult(dryRun, read.problems);
  const wb = read.value;
  const checked = await checkMeta(db, wb.meta, principal, opts.cycleId);
  if ('severity' in checked) return surveyResult(dryRun, [checked]);
  const scope = await loadScope(db.kysely, checked.cycle, checked.organisation, false, scopeOf(principal));
  const state = surveyState(scope);
  const meta = { ...wb.meta, organisation: checked.organisation.nameJa, cycle: cycleLabel(checked.cycle) };
  const stageLabels = Object.fromEntries(state.stages.map((s) => [s.code, s.label]));
  const report = opts.onProgress ?? (() => undefined);
  const { plan, problems } = validateSurvey(wb, state, report);
  const toSubmit = submittable(wb, state, plan);
  const base = { meta, stageLabels, toSubmit };
  if (problems.length || dryRun) return surveyResult(dryRun, problems, base, plan);
  const writes = plan.entries.length + plan.observations.length;
  const actor = opts.actor ?? { id: principal.userId, ip: '' };
  let done = 0;
  const refused = await apply(db, plan, checked, principal, actor, () => {
    done++;
    if (done % 100 === 0 || done === writes) report(plan.rows + done, plan.rows + writes);
  });
  const applied = refused.length === 0;
  if (!applied || !opts.submit) return surveyResult(false, refused, { ...base, applied }, plan);
  const submitted: SurveyImportResult['submitted'] = [];
  const submitFailed: SurveyImportResult['submitFailed'] = [];
  const versions = new Map(
    (await progressRepo.listEntries(db.kysely, scopeOf(principal), { cycleIds: [checked.cycle.id] })).map(
      (e) => [e.id, e.version],
    ),
  );
  // one submission at a time, each as the form's: a refusal is reported for its row only
  for (const item of toSubmit) {
    try {
      await submitEntry(db, item.entryId, versions.get(item.entryId) ?? 0, principal, actor);
      submitted.push(item);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      submitFailed.push({ ...item, reason: err.code });
    }
  }
  return surveyResult(false, [], { ...base, applied, toSubmit: [], submitted, submitFailed }, plan);
}

/**
 * The sheet's rows whose entries would still need submitting once its changes are in: draft
 * or returned, with text (written now or before).
 */
function submittable(
  wb: SurveyWorkbook,
  state: SurveyState,
  plan: SurveyPlan,
): SurveyImportResult['toSubmit'] {
  const changed = new Map(plan.entries.map((c) => [c.entryId, c]));
  return wb.progress.flatMap((r) => {
    const id = idOf(r.cells.entryId);
    const current = id === null ? undefined : state.entries.get(id);
    if (id === null || !current) return [];
    const { entry, initiative } = current;
    if (entry.reviewState !== 'draft' && entry.reviewState !== 'returned') return [];
    const text = changed.get(id)?.after.text ?? entry.text;
    return text.trim() === '' ? [] : [{ row: r.row, entryId: id, initiative }];
  });
}
