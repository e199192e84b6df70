/**
 * Logic models, on both engines: saved whole from the version read, refused when stale or
 * naming an unknown indicator (nothing written), carried by the live tree and by export and
 * import, and never changing what a published cycle shows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUsers } from '../../test/helpers/accounts.ts';
import { createTestDb, ENGINES, type TestDb } from '../../test/helpers/db.ts';
import { openFy2023, sampleDb } from '../../test/helpers/sample.ts';
import { ANONYMOUS, SYSTEM } from '../domain/access.ts';
import type { LogicModel } from '../domain/logic-model.ts';
import { flatten } from '../domain/tree-builder.ts';
import { exportStrategy, importStrategy, serialiseExport } from './interchange.service.ts';
import { getLogicModel, saveLogicModel } from './logic-models.service.ts';
import { generateReport } from './reports.service.ts';
import { getTree } from './strategies.service.ts';

const NODE = 'ai2022-p1-g1-t1';
const actor = { id: 'admin', ip: '' };
const model: LogicModel = {
  outputs: [
    { text: '研修を年100回実施', textEn: '100 training sessions a year', indicatorIds: ['ai2022-k1'] },
  ],
  shortTerm: [{ text: '受講者の技能の向上', textEn: '', indicatorIds: [] }],
  mediumTerm: [],
  longTerm: [{ text: '地域の企業でAIが使われる', textEn: '', indicatorIds: [] }],
  impact: [{ text: '生産性の向上', textEn: 'Higher productivity', indicatorIds: [] }],
};

for (const engine of ENGINES) {
  describe(`logic models on ${engine}`, () => {
    let db: TestDb;
    beforeAll(async () => {
      db = await sampleDb(engine);
      await openFy2023(db, (await createTestUsers(db)).admin);
    });
    afterAll(async () => db.destroy());

    const nodeIn = async (cycleId: string) =>
      flatten(
        (await getTree(db, 'ai2022', cycleId, cycleId === 'ai2022-fy2022' ? ANONYMOUS : SYSTEM)).nodes,
      ).find((n) => n.id === NODE);

    it("starts empty at version 0, with the node's initiatives as its activities", async () => {
      const view = await getLogicModel(db, 'ai2022', NODE);
      expect(view.version).toBe(0);
      expect(view.model.outputs).toEqual([]);
      expect(view.activities.length).toBeGreaterThan(0);
      expect(view.indicators.map((k) => k.id)).toContain('ai2022-k1');
      expect((await nodeIn('ai2022-fy2023'))?.logicModel).toBeUndefined();
    });

    it('saves from the version read, then refuses the same stale version and an unknown indicator', async () => {
      const saved = await saveLogicModel(db, 'ai2022', NODE, { version: 0, model }, actor);
      expect(saved.version).toBe(1);
      expect(saved.model).toEqual(model);
      await expect(saveLogicModel(db, 'ai2022', NODE, { version: 0, model }, actor)).rejects.toMatchObject({
        code: 'conflict',
      });
      const bad = { ...model, impact: [{ text: 'x', textEn: '', indicatorIds: ['no-such-kpi'] }] };
      await expect(
        saveLogicModel(db, 'ai2022', NODE, { version: 1, model: bad }, actor),
      ).rejects.toMatchObject({
        code: 'invalid',
      });
      expect((await getLogicModel(db, 'ai2022', NODE)).model).toEqual(model);
      const trail = await db.kysely
        .selectFrom('auditLog')
        .select(['action', 'after'])
        .where('entityId', '=', NODE)
        .where('action', '=', 'logic_model.save')
        .execute();
      expect(trail).toHaveLength(1);
      expect(JSON.parse(trail[0]?.after ?? 'null')).toEqual(model);
    });

    it('shows in the open cycle and not in the cycle published before it was written', async () => {
      expect((await nodeIn('ai2022-fy2023'))?.logicModel).toEqual(model);
      expect((await nodeIn('ai2022-fy2022'))?.logicModel).toBeUndefined();
    });

    it('is in the reports of the open cycle: a part in Markdown and HTML, a slide, the open data', async () => {
      const req = { strategyId: 'ai2022', cycleId: 'ai2022-fy2023', viewer: SYSTEM } as const;
      const md = (await generateReport(db, { ...req, format: 'md' })).body.toString();
      expect(md).toContain('## ロジックモデル');
      expect(md).toContain('- **アウトプット**\n  - 研修を年100回実施');
      expect(md).toContain('- **中期アウトカム**\n  - （記載なし）');
      const en = (await generateReport(db, { ...req, format: 'md', lang: 'en' })).body.toString();
      expect(en).toContain('- **Impact**\n  - Higher productivity');
      const html = (await generateReport(db, { ...req, format: 'html' })).body.toString();
      expect(html).toMatch(
        /<svg role="img" aria-labelledby="lm-[^"]+-t"[^>]*><title[^>]*>[^<]*のロジックモデル<\/title>/,
      );
      expect(html).toContain('<tspan');
      const json = JSON.parse((await generateReport(db, { ...req, format: 'json' })).body.toString()) as {
        nodes: { id: string; mirrorOf: string | null; logicModel: LogicModel | null }[];
      };
      expect(json.nodes.find((n) => n.id === NODE)?.logicModel).toEqual(model);
      // the node, and the node that shows it again elsewhere in the tree
      const withModel = json.nodes.filter((n) => n.logicModel !== null);
      expect(withModel.map((n) => n.mirrorOf ?? n.id)).toEqual([NODE, NODE]);
      const { planDeck } = await import('../reports/render/pptx-plan.ts');
      const { buildReportDocument } = await import('../reports/document.ts');
      const doc = buildReportDocument({
        tree: await getTree(db, 'ai2022', 'ai2022-fy2023', SYSTEM),
        lang: 'ja',
      });
      const slide = planDeck(doc).find((p) => p.kind === 'logic');
      expect(slide?.nodeId).toBe(NODE);
      expect(slide?.table?.rows[0]?.cells.flat().map((p) => p.text)).toContain('生産性の向上');
    });

    it('travels with the strategy through export and import', async () => {
      const text = serialiseExport(await exportStrategy(db, 'ai2022'));
      const other = await createTestDb(engine);
      try {
        await importStrategy(other, JSON.parse(text), { actor: 'test' });
        expect((await getLogicModel(other, 'ai2022', NODE)).model).toEqual(model);
        expect(serialiseExport(await exportStrategy(other, 'ai2022'))).toBe(text);
      } finally {
        await other.destroy();
      }
    });
  });
}
