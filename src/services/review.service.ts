/**
 * The secretariat's review work beyond one entry at a time: accepting or returning many
 * submissions at once (all or none), writing an entry on a silent ministry's behalf, and the
 * named exceptions 該当なし (not applicable) and 報告なし (no report) that let a cycle be
 * published without an entry nobody will write.
 */
import type { Kysely } from 'kysely';
import type { Db } from '../db/database.ts';
import * as cyclesRepo from '../db/repositories/cycles.repository.ts';
import * as nodesRepo from '../db/repositories/nodes.repository.ts';
import * as orgRepo from '../db/repositories/organisations.repository.ts';
import * as strategiesRepo from '../db/repositories/strategies.repository.ts';
import * as wf from '../db/repositories/workflow.repository.ts';
import type { Database } from '../db/schema.ts';
import type { Principal } from '../domain/access.ts';
import { invalid, notFound } from '../domain/errors.ts';
import type { Initiative, ProgressEntry } from '../domain/model.ts';
import { EXCEPTION_KINDS, type ExceptionKind } from '../domain/review.ts';
import { periodLabel } from '../reports/kpi.ts';
import { t, type Lang } from '../reports/messages.ts';
import { submissionsWorkbook } from '../reports/render/submissions.ts';
import { userNames } from './accounts.service.ts';
import { type Actor } from './audit.service.ts';
import {
  acceptSpec,
  draftChanges,
  listCycleEntries,
  returnSpec,
  tellEditors,
  entryAction,
  writeAll,
  writeEntry,
  type BulkItem,
  type EntryDraft,
  type WriteSpec,
} from './entries.service.ts';
import { notify } from './notifications.service.ts';
import { defined } from '../domain/defined.ts';

/** The audit reason of a secretariat write: the ministries it was made for. */
async function onBehalfOf(initiative: Initiative, q: Kysely<Database>): Promise<string> {
  const orgs = await orgRepo.listOrganisations(q);
  const names = initiative.ownerIds.map((id) => {
    const o = orgs.find((x) => x.id === id);
    return o ? `${o.shortName} (${id})` : id;
  });
  return `on behalf of ${names.join(', ')}`;
}

/**
 * The secretariat writes an entry's progress for its ministry (代理入力), and submits it for
 * review when asked. The audit row names the ministry it was written for; the ministry is told.
 */
export async function saveOnBehalf(
  db: Db,
  entryId: string,
  basedOn: number,
  draft: EntryDraft & { submit: boolean },
  principal: Principal,
  actor: Actor,
): Promise<ProgressEntry> {
  if (draft.submit && draft.text.trim() === '')
    throw invalid('write the progress before submitting', { issues: [{ path: 'text', message: 'empty' }] });
  return writeEntry(
    db,
    { entryId, basedOn, principal, actor },
    {
      transition: { action: 'entry.save_on_behalf', from: ['draft', 'returned', 'submitted'] },
      changes: (_entry, now) => ({
        ...draftChanges(draft),
        ...(draft.submit && { reviewState: 'submitted', submittedAt: now, reviewComment: '' }),
      }),
      reason: onBehalfOf,
      after: tellEditors('entry_on_behalf'),
    },
  );
}

/**
 * Marks an entry 該当なし or 報告なし with the reason, which becomes its published text
 * (what the ministry had drafted stays in the entry's history). Reversible until publication.
 */
export async function exceptEntry(
  db: Db,
  entryId: string,
  basedOn: number,
  kind: ExceptionKind,
  reason: string,
  principal: Principal,
  actor: Actor,
  /** The reason in English, published as the entry's English text ('' when not translated). */
  reasonEn = '',
): Promise<ProgressEntry> {
  if (!EXCEPTION_KINDS.includes(kind))
    throw invalid(`unknown exception ${String(kind)}`, { issues: [{ path: 'kind', message: 'unknown' }] });
  if (reason.trim() === '')
    throw invalid('say why the item is an exception', { issues: [{ path: 'reason', message: 'empty' }] });
  return writeEntry(
    db,
    { entryId, basedOn, principal, actor },
    {
      transition: { action: 'entry.except', from: ['draft', 'returned', 'submitted'] },
      changes: () => ({
        reviewState: kind,
        text: reason.trim(),
        textEn: reasonEn.trim(),
        stage: null,
        plans: '[]',
        evidence: '[]',
        reviewComment: '',
      }),
      reason: async (initiative, q) => `${kind}: ${reason.trim()} (${await onBehalfOf(initiative, q)})`,
      after: tellEditors('entry_excepted', { kind }),
    },
  );
}

/** Withdraws an exception: the entry is an empty draft again, for its ministry to write. */
export const unexceptEntry = entryAction(() => ({
  transition: { action: 'entry.unexcept', from: [...EXCEPTION_KINDS] },
  changes: () => ({ reviewState: 'draft', text: '', textEn: '', submittedAt: null }),
}));

export type { BulkFailure, BulkItem } from './entries.service.ts';

/**
 * Accepts or returns several submissions in one transaction: all are done, or none is and
 * the refusal (409 `conflict`, details.failures) names every item that failed and why. The
 * ministries of returned items are told after every item has passed.
 */
export async function reviewMany(
  db: Db,
  cycleId: string,
  input: { action: 'accept' | 'return'; items: BulkItem[]; comment: string },
  principal: Principal,
  actor: Actor,
): Promise<ProgressEntry[]> {
  const comment = input.comment.trim();
  if (input.action === 'return' && comment === '')
    throw invalid('say why the submissions are returned', {
      issues: [{ path: 'comment', message: 'empty' }],
    });
  return db.kysely.transaction().execute(async (trx) => {
    const returned: { entryId: string; initiative: string; cycleId: string; owners: string[] }[] = [];
    const inCycle: WriteSpec['validate'] = async (_q, cycle) => {
      if (cycle.id !== cycleId) throw notFound('entry in this cycle', cycle.id);
    };
    const spec: WriteSpec =
      input.action === 'accept'
        ? { ...acceptSpec(), validate: inCycle }
        : {
            ...returnSpec(comment),
            validate: inCycle,
            after: async (_q, { entry, initiative, cycle }) => {
              returned.push({
                entryId: entry.id,
                initiative: initiative.title,
                cycleId: cycle.id,
                owners: initiative.ownerIds,
              });
            },
          };
    const done = await writeAll(trx, input.items, principal, actor, () => spec);
    const now = new Date().toISOString();
    for (const r of returned) {
      await notify(
        trx,
        await wf.editorsOf(trx, r.owners),
        'entry_returned',
        { entryId: r.entryId, initiative: r.initiative, cycleId: r.cycleId, comment },
        now,
      );
    }
    return done;
  });
}

/**
 * Every entry of a cycle that the principal may read, with its state, as an XLSX workbook
 * (a ministry editor gets its own entries only).
 */
export async function submissionsXlsx(
  db: Db,
  cycleId: string,
  principal: Principal,
  lang: Lang,
): Promise<{ body: Buffer; fileName: string; asciiFileName: string }> {
  const list = await listCycleEntries(db, cycleId, principal);
  const cycle = defined(await cyclesRepo.findCycle(db.kysely, cycleId), `the cycle ${cycleId}`);
  const [nodes, orgs, vocabulary] = await Promise.all([
    nodesRepo.listNodes(db.kysely, cycle.strategyId),
    orgRepo.listOrganisations(db.kysely),
    strategiesRepo.listVocabulary(db.kysely, cycle.strategyId),
  ]);
  const names = await userNames(
    db,
    list.map((i) => i.entry.updatedBy),
  );
  const node = new Map(nodes.map((n) => [n.id, n]));
  const pick = (ja: string, en: string) => (lang === 'en' && en.trim() !== '' ? en : ja);
  const path = (id: string | undefined): string => {
    const parts: string[] = [];
    for (let n = id ? node.get(id) : undefined; n; n = n.parentId ? node.get(n.parentId) : undefined)
      parts.unshift(pick(n.title, n.titleEn));
    return parts.join(' › ');
  };
  const stage = new Map(
    vocabulary.filter((v) => v.kind === 'stage').map((v) => [v.code, pick(v.labelJa, v.labelEn)]),
  );
  const shortName = new Map(orgs.map((o) => [o.id, o.shortName]));
  const rows = list.map(({ entry, initiative }) => ({
    entryId: entry.id,
    target: path(initiative.listings[0]?.nodeId),
    initiative: pick(initiative.title, initiative.titleEn),
    ministries: initiative.ownerIds.map((id) => shortName.get(id) ?? id).join('、'),
    state: t(lang, `report.state.${entry.reviewState}`),
    stage: entry.stage === null ? '' : (stage.get(entry.stage) ?? entry.stage),
    text: entry.text,
    plans: entry.plans.map((p) => `${periodLabel(p.period, lang)}：${p.text}`).join('\n'),
    submittedAt: entry.submittedAt ?? '',
    updatedAt: entry.updatedAt,
    updatedBy: names.get(entry.updatedBy) ?? entry.updatedBy,
    reviewComment: entry.reviewComment,
  }));
  const at = new Date().toISOString().slice(0, 10);
  const title = t(lang, 'report.submissions.title', { name: cycle.id, at });
  return {
    body: await submissionsWorkbook(lang, title, rows),
    fileName: `${t(lang, 'report.submissions.sheet')}_${cycle.id}_${at}.xlsx`,
    asciiFileName: `submissions-${cycle.id}-${at}.xlsx`,
  };
}
