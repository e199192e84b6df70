/**
 * The tree carries entries as outlines (state, stage, a digest of the text); the texts come
 * with a node (GET …/nodes/:nodeId/entries), to the same readers and scoped the same way.
 * Every writer keeps the digest with the text, on both engines.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.ts';
import { countQueries } from '../src/db/database.ts';
import { SYSTEM, UNSCOPED } from '../src/domain/access.ts';
import { getOutline, getTree, getTreeJson } from '../src/services/strategies.service.ts';
import * as digestMigration from '../src/db/migrations/20261129T1400_entry_text_digest.ts';
import * as progressRepo from '../src/db/repositories/progress.repository.ts';
import * as wf from '../src/db/repositories/workflow.repository.ts';
import type { Indicator, ProgressEntry } from '../src/domain/model.ts';
import { outlineOfTree, textDigest } from '../src/domain/outline.ts';
import { flatten } from '../src/domain/tree-builder.ts';
import type { OutlineNode, OutlineTree } from '../src/domain/views.ts';
import { createTestUsers, sessionsFor, type TestRole, type TestSession } from './helpers/accounts.ts';
import { ENGINES, type TestDb } from './helpers/db.ts';
import { openFy2023, sampleDb } from './helpers/sample.ts';

const PUBLISHED = 'ai2022-fy2022';
const DRAFT = 'ai2022-fy2023';
const base = (cycle: string) => `/api/strategies/ai2022/cycles/${cycle}`;

for (const engine of ENGINES) {
  describe(`node entries and text digests on ${engine}`, () => {
    let db: TestDb;
    let app: FastifyInstance;
    let s: Record<TestRole, TestSession>;

    beforeAll(async () => {
      db = await sampleDb(engine);
      app = await buildApp({ db });
      const users = await createTestUsers(db);
      await openFy2023(db, users.admin);
      s = await sessionsFor(db, users);
    });
    afterAll(async () => {
      await app.close();
      await db.destroy();
    });

    const get = async <T>(url: string, as?: TestRole) => {
      const res = await app.inject({ method: 'GET', url, headers: as ? s[as].headers : {} });
      return { status: res.statusCode, body: res.body, json: () => res.json() as T };
    };
    const tree = async (cycle: string, as?: TestRole) =>
      (await get<OutlineTree>(`${base(cycle)}/tree`, as)).json();
    const texts = async (cycle: string, node: string, as?: TestRole) =>
      get<{ entries: ProgressEntry[] }>(`${base(cycle)}/nodes/${node}/entries`, as);

    it('serves the tree without texts, and a node its items’ entries in full', async () => {
      const res = await get<OutlineTree>(`${base(PUBLISHED)}/tree`);
      const nodes = flatten(res.json().nodes);
      const node = nodes.find((n) => n.mirrorOf === null && n.items.length >= 2)!;
      const first = node.items[0]!.entry!;
      expect(Object.keys(first)).not.toContain('text');
      expect(Object.keys(first)).not.toContain('plans');
      expect(first.textDigest).toMatch(/^[0-9a-f]{32}$/);
      // Initiatives and indicators come without their edit records (their own APIs have them).
      expect(Object.keys(node.items[0]!.initiative).sort()).toEqual([
        'id',
        'listings',
        'ownerIds',
        'title',
        'titleEn',
      ]);
      const indicator = res.json().indicators[0]!;
      expect(indicator.observations.length).toBeGreaterThan(0);
      for (const key of ['version', 'createdAt', 'updatedAt', 'updatedBy', 'strategyId']) {
        expect(Object.keys(indicator)).not.toContain(key);
      }
      // Its figures are what the charts draw: the indicator page's figures, in order, as
      // period and value (their source and note are on that page).
      const own = (await get<Indicator>(`/api/indicators/${indicator.id}`)).json();
      expect(indicator.observations).toEqual(
        own.observations.map(({ period, value }) => ({ period, value })),
      );

      const answer = await texts(PUBLISHED, node.id);
      expect(answer.status).toBe(200);
      const entries = answer.json().entries;
      expect(entries.map((e) => e.id).sort()).toEqual(
        node.items.flatMap((i) => (i.entry ? [i.entry.id] : [])).sort(),
      );
      for (const e of entries) {
        expect(e.text.length).toBeGreaterThan(0);
        // The tree's digest is the digest of the text the node serves.
        const outline = node.items.find((i) => i.entry?.id === e.id)!.entry!;
        expect(outline.textDigest).toBe(textDigest(e.text));
        // …and the text is not in the tree's bytes.
        expect(res.body).not.toContain(e.text);
      }
    });

    it('serves a mirror node the entries of the node it mirrors', async () => {
      const nodes = flatten((await tree(PUBLISHED)).nodes);
      const mirror = nodes.find((n) => n.mirrorOf !== null && n.items.length > 0)!;
      const original = (await texts(PUBLISHED, mirror.mirrorOf!)).json().entries;
      const mirrored = (await texts(PUBLISHED, mirror.id)).json().entries;
      expect(mirrored.length).toBeGreaterThan(0);
      expect(mirrored).toEqual(original);
    });

    it('outlines a frozen tree exactly as it outlines one built from the rows', async () => {
      // A published cycle's outline is derived from its snapshot; a draft's is read as such.
      // Both must be the same document for the same data.
      const fromRows = await getOutline(db, 'ai2022', DRAFT, SYSTEM);
      const fromFull = outlineOfTree(await getTree(db, 'ai2022', DRAFT, SYSTEM));
      expect(fromFull).toEqual(fromRows);
      expect(flatten(fromRows.nodes).some((n) => n.items.some((i) => i.entry !== null))).toBe(true);
    });

    it('asks whether a draft cycle has a snapshot at most once a second', async () => {
      await getTreeJson(db, 'ai2022', DRAFT, SYSTEM);
      const again = await countQueries(() => getTreeJson(db, 'ai2022', DRAFT, SYSTEM));
      const built = await countQueries(() => getTree(db, 'ai2022', DRAFT, SYSTEM));
      // The same statements as building the tree, none more.
      expect(again.queries).toBe(built.queries);
      // (one of them reads the strategy's shared initiatives, issue #24)
      expect(again.queries).toBeLessThanOrEqual(11);
    });

    it('answers 404 for an unknown node, and hides a draft cycle from the public', async () => {
      expect((await texts(PUBLISHED, 'no-such-node')).status).toBe(404);
      const anyNode = flatten((await tree(DRAFT, 'reviewer')).nodes).find((n) => n.items.length > 0)!;
      expect((await texts(DRAFT, anyNode.id)).status).toBe(404);
      expect((await texts(DRAFT, anyNode.id, 'reviewer')).status).toBe(200);
    });

    it('shows a ministry editor only its own ministries’ draft entries, as the tree does', async () => {
      const nodes = flatten((await tree(DRAFT, 'reviewer')).nodes);
      const mixed = nodes.find(
        (n: OutlineNode) =>
          n.mirrorOf === null &&
          n.items.some((i) => i.initiative.ownerIds.includes('mic')) &&
          n.items.some((i) => !i.initiative.ownerIds.includes('mic')),
      )!;
      expect(mixed).toBeDefined();
      const all = (await texts(DRAFT, mixed.id, 'reviewer')).json().entries;
      const mine = (await texts(DRAFT, mixed.id, 'editor')).json().entries;
      const owned = new Set(
        mixed.items.filter((i) => i.initiative.ownerIds.includes('mic')).map((i) => i.initiative.id),
      );
      expect(all.length).toBe(mixed.items.filter((i) => i.entry).length);
      expect(mine.length).toBeGreaterThan(0);
      expect(mine.length).toBeLessThan(all.length);
      expect(mine.every((e) => owned.has(e.initiativeId))).toBe(true);
      // The editor's tree has the same entries under that node.
      const editorNode = flatten((await tree(DRAFT, 'editor')).nodes).find((n) => n.id === mixed.id)!;
      expect(editorNode.items.flatMap((i) => (i.entry ? [i.entry.id] : [])).sort()).toEqual(
        mine.map((e) => e.id).sort(),
      );
    });

    /** Every stored digest is its row's text's (58 entries: FY2022's and the opened FY2023's). */
    const checkDigests = async () => {
      const rows = await db.kysely
        .selectFrom('progressEntries')
        .select(['id', 'text', 'textDigest'])
        .execute();
      expect(rows.length).toBeGreaterThanOrEqual(58);
      for (const r of rows) expect(r.textDigest, r.id).toBe(textDigest(r.text));
    };

    it('keeps every stored digest equal to its text’s, through each way an entry is written', async () => {
      await checkDigests(); // as loaded (insertEntries)
      const [a, b, c] = await progressRepo.listEntries(db.kysely, UNSCOPED, { cycleIds: [DRAFT] });
      expect(await wf.updateEntry(db.kysely, a!.id, a!.version, { text: '一つずつ書き換えた本文' })).toBe(
        true,
      );
      const returned = await wf.updateEntryReturning(
        db.kysely,
        b!.id,
        b!.version,
        { text: '版を確かめて書き換えた本文' },
        { whileOpen: false },
      );
      expect(returned?.textDigest).toBe(textDigest('版を確かめて書き換えた本文'));
      const written = await wf.updateEntries(
        db.kysely,
        [
          {
            id: c!.id,
            basedOn: c!.version,
            text: '調査票から取り込んだ本文',
            textEn: '',
            stage: null,
            plans: '[]',
            evidence: '[]',
          },
        ],
        { updatedAt: '2023-05-01T00:00:00.000Z', updatedBy: 'test' },
      );
      expect([...written]).toEqual([c!.id]);
      // A change without a text keeps the digest of the text it has.
      expect(await wf.updateEntry(db.kysely, a!.id, a!.version + 1, { stage: 'done' })).toBe(true);
      await checkDigests();
      // Through the API: a ministry's save changes the digest the tree shows.
      const node = flatten((await tree(DRAFT, 'reviewer')).nodes).find((n) =>
        n.items.some((i) => i.entry?.id === c!.id),
      )!;
      const outline = node.items.find((i) => i.entry?.id === c!.id)!.entry!;
      expect(outline.textDigest).toBe(textDigest('調査票から取り込んだ本文'));
    });

    it('digests the rows already stored when the column is added (PostgreSQL md5 = ours)', async () => {
      await digestMigration.down(db.kysely);
      await digestMigration.up(db.kysely);
      await checkDigests();
    });

    // Last: it changes the structure.
    it('serves a published node the entries it was published with, though the structure changed', async () => {
      const published = flatten((await tree(PUBLISHED)).nodes).find(
        (n) => n.mirrorOf === null && n.items.filter((i) => i.entry).length >= 2,
      )!;
      const moved = published.items.find((i) => i.entry)!;
      await db.kysely
        .deleteFrom('initiativeListings')
        .where('nodeId', '=', published.id)
        .where('initiativeId', '=', moved.initiative.id)
        .execute();
      // The published record still lists it there…
      const asPublished = (await texts(PUBLISHED, published.id)).json().entries.map((e) => e.id);
      expect(asPublished).toContain(moved.entry!.id);
      expect(asPublished.sort()).toEqual(
        published.items.flatMap((i) => (i.entry ? [i.entry.id] : [])).sort(),
      );
      // …while the open cycle follows the structure as it is now.
      const draft = (await texts(DRAFT, published.id, 'reviewer')).json().entries;
      expect(draft.map((e) => e.initiativeId)).not.toContain(moved.initiative.id);
      expect(draft.length).toBeGreaterThan(0);
    });
  });
}
