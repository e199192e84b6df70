/**
 * Structure editing by the secretariat's administrators: strategies, the node tree (add,
 * rename, reorder, move), initiatives and their cross-listing, organisations, indicators.
 * Every change is versioned and audited.
 */
import type { Kysely } from 'kysely';
import type { Db } from '../db/database.ts';
import * as cyclesRepo from '../db/repositories/cycles.repository.ts';
import * as initiativesRepo from '../db/repositories/initiatives.repository.ts';
import * as nodesRepo from '../db/repositories/nodes.repository.ts';
import * as orgRepo from '../db/repositories/organisations.repository.ts';
import * as progressRepo from '../db/repositories/progress.repository.ts';
import * as strategiesRepo from '../db/repositories/strategies.repository.ts';
import { updateVersioned, type VersionedTable } from '../db/repositories/versioned.repository.ts';
import type { Database } from '../db/schema.ts';
import { conflict, invalid, notFound } from '../domain/errors.ts';
import { StrategyExport } from '../domain/interchange.ts';
import { newId } from '../domain/ids.ts';
import { EMAIL_PATTERN } from '../domain/inputs.ts';
import { initiativeIdFor, nodeCodeFor, nodeIdFor } from '../domain/numbering.ts';
import { DEFAULT_LICENCE } from '../domain/licences.ts';
import {
  vocabularyRows,
  type Initiative,
  type LevelLabel,
  type Organisation,
  type Strategy,
  type StrategyNode,
} from '../domain/model.ts';
import { audit, type Actor } from './audit.service.ts';
import { readSample } from './sample.service.ts';
import { emptyDraft } from './cycles.service.ts';
import { reindexEntry, reindexInitiative, reindexStrategy } from './search.service.ts';
import { defined } from '../domain/defined.ts';

type Q = Kysely<Database>;
const stamp = (actor: Actor, now: string) => ({
  version: 1,
  createdAt: now,
  updatedAt: now,
  updatedBy: actor.id,
});

async function saveVersioned(
  q: Q,
  table: VersionedTable,
  entity: string,
  id: string,
  basedOn: number,
  before: unknown,
  changes: Record<string, unknown>,
  actor: Actor,
  now: string,
): Promise<void> {
  if (!(await updateVersioned(q, table, id, basedOn, { ...changes, updatedAt: now, updatedBy: actor.id }))) {
    throw conflict(`the ${entity} was changed by someone else`, { current: before });
  }
  await audit(
    q,
    actor,
    [
      {
        action: `${entity}.update`,
        entityType: entity,
        entityId: id,
        before,
        after: { ...(before as object), ...changes },
      },
    ],
    now,
  );
}

export async function createStrategy(
  db: Db,
  input: {
    id?: string;
    title: string;
    titleEn: string;
    levelLabels: LevelLabel[];
    ownerOrganisationId: string | null;
  },
  actor: Actor,
): Promise<Strategy> {
  const id = input.id ?? newId();
  if (await strategiesRepo.findStrategy(db.kysely, id)) throw conflict(`strategy ${id} exists already`);
  const owner = input.ownerOrganisationId;
  if (owner !== null && !(await orgRepo.findOrganisation(db.kysely, owner)))
    throw invalid(`unknown organisation ${owner}`, {
      issues: [{ path: 'ownerOrganisationId', message: 'unknown organisation' }],
    });
  const sample = StrategyExport.parse(await readSample());
  const now = new Date().toISOString();
  const strategy: Strategy = {
    id,
    title: input.title,
    titleEn: input.titleEn,
    ownerOrganisationId: input.ownerOrganisationId,
    levelLabels: input.levelLabels,
    description: '',
    position: 0,
    licenceId: DEFAULT_LICENCE,
    attribution: '',
    ...stamp(actor, now),
  };
  await db.kysely.transaction().execute(async (trx) => {
    await strategiesRepo.insertStrategy(trx, strategy);
    // New strategies start from the sample's stage and rating vocabularies.
    await strategiesRepo.insertVocabulary(
      trx,
      vocabularyRows(id, sample.vocabularies).map(({ row }) => ({ ...row, ...stamp(actor, now) })),
    );
    await audit(
      trx,
      actor,
      [{ action: 'strategy.create', entityType: 'strategy', entityId: id, after: strategy }],
      now,
    );
  });
  return strategy;
}

export async function updateStrategy(
  db: Db,
  id: string,
  basedOn: number,
  changes: Partial<
    Pick<Strategy, 'title' | 'titleEn' | 'levelLabels' | 'description' | 'licenceId' | 'attribution'>
  >,
  actor: Actor,
): Promise<Strategy> {
  return db.kysely.transaction().execute(async (trx) => {
    const before = await strategiesRepo.findStrategy(trx, id);
    if (!before) throw notFound('strategy', id);
    const row = {
      ...changes,
      ...(changes.levelLabels && { levelLabels: JSON.stringify(changes.levelLabels) }),
    };
    await saveVersioned(
      trx,
      'strategies',
      'strategy',
      id,
      basedOn,
      before,
      row,
      actor,
      new Date().toISOString(),
    );
    await reindexStrategy(trx, id);
    return defined(await strategiesRepo.findStrategy(trx, id), `the strategy ${id} just written`);
  });
}

export async function createNode(
  db: Db,
  strategyId: string,
  input: { parentId: string | null; title: string; titleEn: string; note: string; code: string },
  actor: Actor,
): Promise<StrategyNode> {
  return db.kysely.transaction().execute(async (trx) => {
    if (!(await strategiesRepo.findStrategy(trx, strategyId))) throw notFound('strategy', strategyId);
    const nodes = await nodesRepo.listNodes(trx, strategyId);
    if (input.parentId !== null && !nodes.some((n) => n.id === input.parentId))
      throw invalid(`unknown parent ${input.parentId}`, {
        issues: [{ path: 'parentId', message: 'unknown node' }],
      });
    const siblings = nodes.filter((n) => n.parentId === input.parentId);
    const parent = nodes.find((n) => n.id === input.parentId);
    const ids = new Set(nodes.map((n) => n.id));
    const readable = nodeIdFor(
      input.parentId ?? strategyId,
      siblings.map((n) => n.id),
      (id) => ids.has(id),
    );
    // Another strategy could hold the readable id already: then an opaque one.
    const id = (await nodesRepo.findNode(trx, readable)) ? newId() : readable;
    // A new node without a code is numbered after its siblings (under a numbered parent).
    const code =
      input.code.trim() !== '' || (parent && parent.code.trim() === '')
        ? input.code.trim()
        : nodeCodeFor(
            parent?.code ?? '',
            siblings.map((n) => n.code),
          );
    const now = new Date().toISOString();
    const node: StrategyNode = {
      id,
      strategyId,
      parentId: input.parentId,
      position: siblings.length,
      code,
      title: input.title,
      titleEn: input.titleEn,
      note: input.note,
      mirrorOf: null,
      ...stamp(actor, now),
    };
    await nodesRepo.insertNodes(trx, [node]);
    await audit(
      trx,
      actor,
      [{ action: 'node.create', entityType: 'node', entityId: node.id, after: node }],
      now,
    );
    await reindexStrategy(trx, strategyId);
    return node;
  });
}

export async function updateNode(
  db: Db,
  id: string,
  basedOn: number,
  changes: Partial<Pick<StrategyNode, 'title' | 'titleEn' | 'note' | 'code'>>,
  actor: Actor,
): Promise<StrategyNode> {
  return db.kysely.transaction().execute(async (trx) => {
    const before = await nodesRepo.findNode(trx, id);
    if (!before) throw notFound('node', id);
    await saveVersioned(trx, 'nodes', 'node', id, basedOn, before, changes, actor, new Date().toISOString());
    const updated = defined(await nodesRepo.findNode(trx, id), `the node ${id} just written`);
    await reindexStrategy(trx, updated.strategyId);
    return updated;
  });
}

/** Moves a node under another parent (or to the top) at a position; siblings are renumbered. */
export async function moveNode(
  db: Db,
  id: string,
  basedOn: number,
  to: { parentId: string | null; position: number },
  actor: Actor,
): Promise<StrategyNode> {
  return db.kysely.transaction().execute(async (trx) => {
    const node = await nodesRepo.findNode(trx, id);
    if (!node) throw notFound('node', id);
    if (node.version !== basedOn) throw conflict('the node was changed by someone else', { current: node });
    const nodes = await nodesRepo.listNodes(trx, node.strategyId);
    const byId = new Map(nodes.map((n) => [n.id, n]));
    if (to.parentId !== null && !byId.has(to.parentId))
      throw invalid(`unknown parent ${to.parentId}`, {
        issues: [{ path: 'parentId', message: 'unknown node' }],
      });
    for (let p = to.parentId; p !== null; p = byId.get(p)?.parentId ?? null) {
      if (p === id)
        throw invalid('a node cannot move under itself or its descendants', {
          issues: [{ path: 'parentId', message: 'loop' }],
        });
    }
    const now = new Date().toISOString();
    const siblings = nodes
      .filter((n) => n.parentId === to.parentId && n.id !== id)
      .sort((a, b) => a.position - b.position);
    const at = Math.max(0, Math.min(to.position, siblings.length));
    siblings.splice(at, 0, { ...node, parentId: to.parentId });
    for (const [position, sibling] of siblings.entries()) {
      if (sibling.id === id) continue;
      if (sibling.position !== position) await nodesRepo.setNodePosition(trx, sibling.id, position);
    }
    await saveVersioned(
      trx,
      'nodes',
      'node',
      id,
      basedOn,
      node,
      { parentId: to.parentId, position: at },
      actor,
      now,
    );
    const updated = defined(await nodesRepo.findNode(trx, id), `the node ${id} just written`);
    await reindexStrategy(trx, updated.strategyId);
    return updated;
  });
}

export async function deleteNode(db: Db, id: string, basedOn: number, actor: Actor): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    const node = await nodesRepo.findNode(trx, id);
    if (!node) throw notFound('node', id);
    if (node.version !== basedOn) throw conflict('the node was changed by someone else', { current: node });
    const dependents = await nodesRepo.countDependents(trx, id);
    if (dependents.children + dependents.listings + dependents.assessments > 0) {
      throw conflict('move or delete what hangs under this node first', dependents);
    }
    await nodesRepo.deleteNodeRow(trx, id);
    await audit(
      trx,
      actor,
      [{ action: 'node.delete', entityType: 'node', entityId: id, before: node }],
      new Date().toISOString(),
    );
    await reindexStrategy(trx, node.strategyId);
  });
}

async function checkInitiativeRefs(
  q: Q,
  strategyId: string,
  ownerIds: string[],
  nodeIds: string[],
): Promise<void> {
  const orgs = new Set((await orgRepo.listOrganisations(q)).map((o) => o.id));
  const nodes = new Map((await nodesRepo.listNodes(q, strategyId)).map((n) => [n.id, n]));
  const issues = [
    ...ownerIds
      .filter((o) => !orgs.has(o))
      .map((o) => ({ path: 'ownerIds', message: `unknown organisation ${o}` })),
    ...nodeIds.filter((n) => !nodes.has(n)).map((n) => ({ path: 'nodeIds', message: `unknown node ${n}` })),
    ...nodeIds
      .filter((n) => nodes.get(n)?.mirrorOf)
      .map((n) => ({ path: 'nodeIds', message: `${n} mirrors another node; list the initiative there` })),
  ];
  if (ownerIds.length === 0) issues.push({ path: 'ownerIds', message: 'at least one owning organisation' });
  if (nodeIds.length === 0) issues.push({ path: 'nodeIds', message: 'listed under at least one node' });
  if (issues.length) throw invalid('the initiative refers to unknown things', { issues });
}

export async function saveInitiative(
  db: Db,
  strategyId: string,
  id: string | null,
  basedOn: number | null,
  input: { title: string; titleEn: string; ownerIds: string[]; nodeIds: string[] },
  actor: Actor,
): Promise<Initiative> {
  return db.kysely.transaction().execute(async (trx) => {
    await checkInitiativeRefs(trx, strategyId, input.ownerIds, input.nodeIds);
    const now = new Date().toISOString();
    const [before] = id ? await initiativesRepo.listInitiatives(trx, { ids: [id] }) : [];
    if (id && (!before || before.strategyId !== strategyId)) throw notFound('initiative', id);
    const listings = input.nodeIds.map((nodeId) => ({
      nodeId,
      position: before?.listings.find((l) => l.nodeId === nodeId)?.position ?? 1000,
    }));
    if (!before) {
      const ids = (await initiativesRepo.listInitiatives(trx, { strategyId })).map((i) => i.id);
      const readable = initiativeIdFor(strategyId, ids, (x) => ids.includes(x));
      const taken = (await initiativesRepo.listInitiatives(trx, { ids: [readable] })).length > 0;
      const created: Initiative = {
        id: taken ? newId() : readable,
        strategyId,
        title: input.title,
        titleEn: input.titleEn,
        ownerIds: input.ownerIds,
        listings,
        ...stamp(actor, now),
      };
      await initiativesRepo.insertInitiatives(trx, [created]);
      // Added while a cycle is open: its ministries can report on it in this cycle too.
      const open = (await cyclesRepo.listCycles(trx, strategyId)).filter((c) => c.state === 'open');
      const drafts = open.map((c) => emptyDraft(c.id, created.id, now, actor));
      await progressRepo.insertEntries(trx, drafts);
      await audit(
        trx,
        actor,
        [
          { action: 'initiative.create', entityType: 'initiative', entityId: created.id, after: created },
          ...drafts.map((d) => ({
            action: 'entry.create',
            entityType: 'progress_entry',
            entityId: d.id,
            cycleId: d.cycleId,
            after: d,
          })),
        ],
        now,
      );
      await reindexInitiative(trx, created.id);
      for (const d of drafts) await reindexEntry(trx, d.id);
      return created;
    }
    await saveVersioned(
      trx,
      'initiatives',
      'initiative',
      before.id,
      basedOn ?? -1,
      before,
      { title: input.title, titleEn: input.titleEn },
      actor,
      now,
    );
    await initiativesRepo.replaceOwnersAndListings(trx, before.id, input.ownerIds, listings);
    await reindexInitiative(trx, before.id);
    const [after] = await initiativesRepo.listInitiatives(trx, { ids: [before.id] });
    return defined(after, `the initiative ${before.id} just written`);
  });
}

export async function saveOrganisation(
  db: Db,
  id: string | null,
  basedOn: number | null,
  input: {
    id?: string;
    shortName: string;
    nameJa: string;
    nameEn: string;
    aliases: string[];
    /** The ministry's contact address; left as it is when absent. */
    contactEmail?: string;
  },
  actor: Actor,
): Promise<Organisation> {
  const contactEmail = input.contactEmail?.trim();
  if (contactEmail && !EMAIL_PATTERN.test(contactEmail)) {
    throw invalid('the contact address is not an e-mail address', {
      issues: [{ path: 'contactEmail', code: 'email', message: 'not an e-mail address' }],
    });
  }
  return db.kysely.transaction().execute(async (trx) => {
    const now = new Date().toISOString();
    const existing = await orgRepo.listOrganisations(trx);
    if (existing.some((o) => o.shortName === input.shortName && o.id !== id))
      throw conflict(`another organisation is called ${input.shortName}`);
    if (id === null) {
      const org: Organisation = {
        id: input.id ?? newId(),
        shortName: input.shortName,
        nameJa: input.nameJa,
        nameEn: input.nameEn,
        aliases: input.aliases,
        position: existing.length,
        ...stamp(actor, now),
      };
      if (existing.some((o) => o.id === org.id)) throw conflict(`organisation ${org.id} exists already`);
      await orgRepo.upsertOrganisations(trx, [org]);
      if (contactEmail) await orgRepo.setContactEmail(trx, org.id, contactEmail);
      await audit(
        trx,
        actor,
        [
          {
            action: 'organisation.create',
            entityType: 'organisation',
            entityId: org.id,
            after: { ...org, contactEmail: contactEmail ?? '' },
          },
        ],
        now,
      );
      return org;
    }
    const before = existing.find((o) => o.id === id);
    if (!before) throw notFound('organisation', id);
    await saveVersioned(
      trx,
      'organisations',
      'organisation',
      id,
      basedOn ?? -1,
      before,
      {
        shortName: input.shortName,
        nameJa: input.nameJa,
        nameEn: input.nameEn,
        aliases: JSON.stringify(input.aliases),
        ...(contactEmail !== undefined && { contactEmail }),
      },
      actor,
      now,
    );
    // Organisation names are searchable in every strategy's documents.
    for (const strategy of await strategiesRepo.listStrategies(trx)) await reindexStrategy(trx, strategy.id);
    return defined(await orgRepo.findOrganisation(trx, id), `the organisation ${id} just written`);
  });
}

/** Each organisation's contact address ('' when none), for administrators. */
export async function organisationContacts(
  db: Db,
): Promise<{ organisationId: string; contactEmail: string }[]> {
  return orgRepo.listContacts(db.kysely);
}
