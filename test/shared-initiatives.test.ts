/**
 * Shared initiatives (issue #24, item 1), on both engines, with two small strategies built
 * through the interchange import: an initiative of "alpha" listed under a target of "beta".
 * Its ministry reports once for the fiscal year and both strategies' cycles of that year show
 * the same entry, each with its own 概況; a year only one strategy has keeps entries of its
 * own; another ministry's editor never reads the draft; and publishing one strategy's cycle
 * never changes the other's published record.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS, SYSTEM, viewerFor, type Principal } from '../src/domain/access.ts';
import type { PublicUser } from '../src/services/accounts.service.ts';
import { saveAssessment, saveSummary } from '../src/services/assessments.service.ts';
import { createCycle, openCycle, publishCycle } from '../src/services/cycles.service.ts';
import {
  acceptEntry,
  getEntry,
  returnEntry,
  saveEntry,
  submitEntry,
} from '../src/services/entries.service.ts';
import { importStrategy } from '../src/services/interchange.service.ts';
import { linkInitiative, listSharedItems, unlinkInitiative } from '../src/services/shared.service.ts';
import { getTree, listNodeEntries } from '../src/services/strategies.service.ts';
import { myTasks } from '../src/services/tasks.service.ts';
import { flatten } from '../src/domain/tree-builder.ts';
import { createTestUsers, type TestRole } from './helpers/accounts.ts';
import { ENGINES, type TestDb } from './helpers/db.ts';
import { sampleDb } from './helpers/sample.ts';
import { smallStrategy } from './helpers/small-strategy.ts';

const SHARED = 'alpha-i1'; // 総務省's, listed under alpha-t1
const BORROWING_NODE = 'beta-t2';
const A24 = 'alpha-fy2024';
const B24 = 'beta-fy2024';
const ENTRY = `${A24}.${SHARED}`;

for (const engine of ENGINES) {
  describe(`shared initiatives on ${engine}`, () => {
    let db: TestDb;
    let who: Record<TestRole, Principal>;
    const actor = { id: 'test', ip: '' };

    const asPrincipal = (
      u: PublicUser,
      role: Principal['role'],
      organisationIds: string[] = [],
    ): Principal => ({
      userId: u.id,
      login: u.login,
      displayName: u.displayName,
      role,
      organisationIds,
      via: 'session',
    });
    const open = async (strategyId: string, fiscalYear: number) => {
      const c = await createCycle(
        db,
        strategyId,
        { fiscalYear, asOf: `${fiscalYear + 1}-04` },
        who.admin,
        actor,
      );
      return openCycle(db, c.id, c.version, who.admin, actor);
    };
    const itemIn = async (strategyId: string, cycleId: string, nodeId: string, viewer = SYSTEM) =>
      flatten((await getTree(db, strategyId, cycleId, viewer)).nodes)
        .find((n) => n.id === nodeId)
        ?.items.find((i) => i.initiative.id === SHARED);
    /** Writes, submits and accepts an entry as its ministry and the secretariat. */
    const report = async (entryId: string, text: string, editor: Principal) => {
      const { entry } = await getEntry(db, entryId, editor);
      const saved = await saveEntry(
        db,
        entryId,
        entry.version,
        { text, stage: null, plans: [], evidence: [] },
        editor,
        actor,
      );
      const submitted = await submitEntry(db, entryId, saved.version, editor, actor);
      return acceptEntry(db, entryId, submitted.version, who.reviewer, actor);
    };
    const assess = (cycleId: string, nodeId: string, narrative: string) =>
      saveAssessment(
        db,
        cycleId,
        nodeId,
        null,
        { rating: 'steady', narrative, narrativeEn: '', needsAcceleration: false, remark: '' },
        who.reviewer,
        actor,
      );
    const summarise = (cycleId: string) =>
      saveSummary(
        db,
        cycleId,
        null,
        { overall: ['試験の総括'], overallEn: [], pillars: [] },
        who.reviewer,
        actor,
      );

    beforeAll(async () => {
      db = await sampleDb(engine);
      const users = await createTestUsers(db);
      who = {
        admin: asPrincipal(users.admin, 'admin'),
        reviewer: asPrincipal(users.reviewer, 'reviewer'),
        editor: asPrincipal(users.editor, 'editor', ['mic']),
        editorOther: asPrincipal(users.editorOther, 'editor', ['mhlw']),
        viewer: asPrincipal(users.viewer, 'viewer'),
        editorAll: asPrincipal(users.editorAll, 'editor', ['mic', 'mhlw']),
      };
      await importStrategy(db, smallStrategy('alpha'), { actor: 'test' });
      await importStrategy(db, smallStrategy('beta'), { actor: 'test' });
      await open('alpha', 2024);
    });
    afterAll(async () => db?.destroy());

    it('lists an initiative of another strategy under a node, refusing its own and a second time', async () => {
      await linkInitiative(db, 'beta', BORROWING_NODE, SHARED, actor);
      const listed = await listSharedItems(db, 'beta', BORROWING_NODE);
      expect(listed.map((l) => [l.initiative.id, l.strategyId])).toEqual([[SHARED, 'alpha']]);
      await expect(linkInitiative(db, 'beta', BORROWING_NODE, SHARED, actor)).rejects.toMatchObject({
        code: 'conflict',
      });
      await expect(linkInitiative(db, 'beta', BORROWING_NODE, 'beta-i1', actor)).rejects.toMatchObject({
        code: 'invalid',
      });
      await expect(linkInitiative(db, 'beta', 'alpha-t1', SHARED, actor)).rejects.toMatchObject({
        code: 'not_found',
      });
    });

    it('opens the other strategy’s cycle of the same year without a second entry: both show the one entry', async () => {
      await open('beta', 2024);
      const inAlpha = await itemIn('alpha', A24, 'alpha-t1');
      const inBeta = await itemIn('beta', B24, BORROWING_NODE);
      expect(inAlpha?.entry?.id).toBe(ENTRY);
      expect(inBeta?.entry?.id).toBe(ENTRY);
      // the borrowed item sits under the borrowing node only, beside beta's own
      const beta = flatten((await getTree(db, 'beta', B24, SYSTEM)).nodes);
      expect(beta.find((n) => n.id === 'beta-t1')?.items.map((i) => i.initiative.id)).toEqual(['beta-i1']);
      expect(beta.find((n) => n.id === BORROWING_NODE)?.items.map((i) => i.initiative.id)).toEqual([
        'beta-i2',
        SHARED,
      ]);
      const rows = await db.kysely
        .selectFrom('progressEntries')
        .select('id')
        .where('initiativeId', '=', SHARED)
        .execute();
      expect(rows.map((r) => r.id)).toEqual([ENTRY]);
    });

    it('takes the ministry’s one report into both cycles; its task names both strategies', async () => {
      const { entry, usedIn } = await getEntry(db, ENTRY, who.editor);
      expect(usedIn.map((u) => u.cycleId).sort()).toEqual([A24, B24]);
      // the entry page names the nodes listing it in each strategy
      expect(usedIn.map((u) => [u.strategyId, u.nodes.map((n) => n.id)]).sort()).toEqual([
        ['alpha', ['alpha-t1']],
        ['beta', [BORROWING_NODE]],
      ]);
      await saveEntry(
        db,
        ENTRY,
        entry.version,
        { text: '一度だけの報告', stage: 'built', plans: [], evidence: [] },
        who.editor,
        actor,
      );
      expect((await itemIn('alpha', A24, 'alpha-t1'))?.entry?.text).toBe('一度だけの報告');
      expect((await itemIn('beta', B24, BORROWING_NODE))?.entry?.text).toBe('一度だけの報告');
      const reviewerView = viewerFor(who.reviewer);
      expect(
        (await listNodeEntries(db, 'beta', B24, BORROWING_NODE, reviewerView)).map((e) => e.id),
      ).toContain(ENTRY);

      const tasks = await myTasks(db, who.editor);
      const mine = tasks.flatMap((t) => t.toWrite.map((w) => ({ cycle: t.cycle.id, w })));
      const shared = mine.filter((m) => m.w.initiative.id === SHARED);
      expect(shared.map((m) => m.cycle)).toEqual([A24]);
      expect(shared[0]?.w.usedIn?.map((u) => u.strategyId).sort()).toEqual(['alpha', 'beta']);
    });

    it('never shows the draft to another ministry’s editor or the public', async () => {
      const other = viewerFor(who.editorOther);
      expect((await itemIn('beta', B24, BORROWING_NODE, other))?.entry).toBeNull();
      expect((await listNodeEntries(db, 'beta', B24, BORROWING_NODE, other)).map((e) => e.id)).not.toContain(
        ENTRY,
      );
      await expect(getEntry(db, ENTRY, who.editorOther)).rejects.toMatchObject({ code: 'not_found' });
      await expect(getTree(db, 'beta', B24, ANONYMOUS)).rejects.toMatchObject({ code: 'not_found' });
    });

    it('keeps entries of its own for a year the other strategy has no cycle of', async () => {
      await open('beta', 2025);
      expect((await itemIn('beta', 'beta-fy2025', BORROWING_NODE))?.entry?.id).toBe(`beta-fy2025.${SHARED}`);
    });

    it('publishes each strategy with its own 概況; one publication never changes the other’s record', async () => {
      const accepted = await (async () => {
        const { entry } = await getEntry(db, ENTRY, who.editor);
        const submitted = await submitEntry(db, ENTRY, entry.version, who.editor, actor);
        return acceptEntry(db, ENTRY, submitted.version, who.reviewer, actor);
      })();
      // One review of the one text: the decision shows the same in both strategies' cycles.
      expect((await itemIn('beta', B24, BORROWING_NODE))?.entry?.reviewState).toBe('accepted');
      expect((await itemIn('alpha', A24, 'alpha-t1'))?.entry?.version).toBe(accepted.version);
      // beta: its own items reported, its targets assessed (the shared one's in beta's words)
      await report(`${B24}.beta-i1`, 'ベータの計算機', who.editor);
      await report(`${B24}.beta-i2`, 'ベータの研修', who.editorOther);
      await assess(B24, 'beta-t1', 'ベータの概況1');
      await assess(B24, BORROWING_NODE, 'ベータから見た概況');
      await summarise(B24);
      const beta = (await getTree(db, 'beta', B24, SYSTEM)).cycle;
      await publishCycle(db, B24, beta.version, who.reviewer, actor);
      const betaPublished = JSON.stringify(await getTree(db, 'beta', B24, ANONYMOUS));
      expect((await itemIn('beta', B24, BORROWING_NODE, ANONYMOUS))?.entry?.text).toBe('一度だけの報告');

      // alpha goes on: the entry is returned, rewritten and accepted again
      const returned = await returnEntry(
        db,
        ENTRY,
        accepted.version,
        '年度の数字を入れてください',
        who.reviewer,
        actor,
      );
      const rewritten = await saveEntry(
        db,
        ENTRY,
        returned.version,
        { text: '書き直した報告', stage: 'built', plans: [], evidence: [] },
        who.editor,
        actor,
      );
      await acceptEntry(
        db,
        ENTRY,
        (await submitEntry(db, ENTRY, rewritten.version, who.editor, actor)).version,
        who.reviewer,
        actor,
      );
      expect(JSON.stringify(await getTree(db, 'beta', B24, ANONYMOUS))).toBe(betaPublished);

      await report(`${A24}.alpha-i2`, 'アルファの研修', who.editorOther);
      await assess(A24, 'alpha-t1', 'アルファから見た概況');
      await assess(A24, 'alpha-t2', 'アルファの概況2');
      await summarise(A24);
      const alpha = (await getTree(db, 'alpha', A24, SYSTEM)).cycle;
      await publishCycle(db, A24, alpha.version, who.reviewer, actor);

      const alphaNode = flatten((await getTree(db, 'alpha', A24, ANONYMOUS)).nodes).find(
        (n) => n.id === 'alpha-t1',
      );
      const betaNode = flatten((await getTree(db, 'beta', B24, ANONYMOUS)).nodes).find(
        (n) => n.id === BORROWING_NODE,
      );
      expect(alphaNode?.items[0]?.entry?.text).toBe('書き直した報告');
      expect(alphaNode?.assessment?.narrative).toBe('アルファから見た概況');
      expect(betaNode?.items.find((i) => i.initiative.id === SHARED)?.entry?.text).toBe('一度だけの報告');
      expect(betaNode?.assessment?.narrative).toBe('ベータから見た概況');
      expect(JSON.stringify(await getTree(db, 'beta', B24, ANONYMOUS))).toBe(betaPublished);
    });

    it('takes the initiative off the node again', async () => {
      await unlinkInitiative(db, 'beta', BORROWING_NODE, SHARED, actor);
      expect(await listSharedItems(db, 'beta', BORROWING_NODE)).toEqual([]);
      await expect(unlinkInitiative(db, 'beta', BORROWING_NODE, SHARED, actor)).rejects.toMatchObject({
        code: 'not_found',
      });
    });
  });
}
