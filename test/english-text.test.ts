/**
 * English text (issue #22, item 7), on both engines through the API: a cycle whose titles,
 * level names, progress texts, 概況, summary and KPI names are all given in English is
 * published and corrected (with an English reason). Its English reports (Markdown, HTML)
 * then carry no Japanese but what they mark "Japanese only / 日本語のみ" (the plans, which
 * have no English field); its Japanese report carries the Japanese; the public JSON the
 * /en pages read carries every English twin; and the English text is part of the frozen
 * record, changed only by a correction.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.ts';
import type { ProgressEntry } from '../src/domain/model.ts';
import { flatten } from '../src/domain/tree-builder.ts';
import type { OutlineTree } from '../src/domain/views.ts';
import { createTestUsers, sessionsFor, type TestRole, type TestSession } from './helpers/accounts.ts';
import { ENGINES, type TestDb } from './helpers/db.ts';
import { sampleDb } from './helpers/sample.ts';

const SID = 'entest';
/** Kana, kanji and full-width forms: what Japanese narrative is made of. */
const JAPANESE = /[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]/;
const MARK = '[Japanese only / 日本語のみ]';

/** The report with every marked Japanese-only text (mark and text) taken out. */
const unmarkedHtml = (html: string) =>
  html.replace(
    /<span class="ja-only"><span class="ja-only-mark">[^<]*<\/span> <span lang="ja">[^<]*<\/span><\/span>/g,
    '',
  );
const unmarkedMd = (md: string) =>
  md.replace(/\[Japanese only \/ 日本語のみ\] <span lang="ja">[^<]*<\/span>/g, '');
/** Lines that still hold Japanese, for a readable failure. */
const japaneseLines = (text: string) => text.split('\n').filter((l) => JAPANESE.test(l));

for (const engine of ENGINES) {
  describe(`English text on ${engine}`, () => {
    let db: TestDb;
    let app: FastifyInstance;
    let s: Record<TestRole, TestSession>;
    let cycleId = '';
    const nodes: Record<'pillar' | 'goal' | 'target', string> = { pillar: '', goal: '', target: '' };

    const call = async <T = unknown>(
      as: TestRole | null,
      method: 'GET' | 'POST' | 'PUT' | 'PATCH',
      url: string,
      payload?: object,
    ): Promise<T> => {
      const res: LightMyRequestResponse = await app.inject({
        method,
        url,
        headers: as ? s[as].headers : {},
        ...(payload && { payload }),
      });
      if (res.statusCode >= 300) throw new Error(`${method} ${url} → ${res.statusCode}: ${res.body}`);
      return (res.headers['content-type']?.toString().includes('json') ? res.json() : res.body) as T;
    };
    const report = (format: 'md' | 'html', lang: 'ja' | 'en') =>
      call<string>(null, 'GET', `/api/strategies/${SID}/cycles/${cycleId}/report.${format}?lang=${lang}`);

    beforeAll(async () => {
      db = await sampleDb(engine);
      app = await buildApp({ db });
      s = await sessionsFor(db, await createTestUsers(db));
      // The structure, every title in both languages (the level names come with English).
      await call('admin', 'POST', '/api/strategies', {
        id: SID,
        title: '英語試験戦略',
        titleEn: 'English Test Strategy',
      });
      const node = async (parentId: string | null, title: string, titleEn: string) =>
        (
          await call<{ id: string }>('admin', 'POST', `/api/strategies/${SID}/nodes`, {
            parentId,
            title,
            titleEn,
          })
        ).id;
      nodes.pillar = await node(null, '差し迫った危機への対処', 'Dealing with imminent crises');
      nodes.goal = await node(nodes.pillar, '国家強靱化のためのAI', 'AI for national resilience');
      nodes.target = await node(nodes.goal, 'デジタルツインの構築', 'Building digital twins');
      const initiative = (title: string, titleEn: string, nodeIds: string[]) =>
        call<{ id: string }>('admin', 'POST', `/api/strategies/${SID}/initiatives`, {
          title,
          titleEn,
          ownerIds: ['mic'],
          nodeIds,
        });
      const i1 = await initiative('防災デジタルツインの試作', 'Prototype of a disaster digital twin', [
        nodes.target,
      ]);
      await initiative('データ連携基盤の整備', 'A data-sharing platform', [nodes.target, nodes.goal]);
      await call('admin', 'POST', `/api/strategies/${SID}/indicators`, {
        name: '公開したデータセット数',
        nameEn: 'Datasets published',
        unit: 'sets',
        initiativeId: i1.id,
        targetValue: 10,
        targetPeriod: 'FY2025',
      });
      // A cycle, every entry written in both languages, submitted and accepted.
      const cycle = await call<{ id: string; version: number }>(
        'admin',
        'POST',
        `/api/strategies/${SID}/cycles`,
        {
          fiscalYear: 2023,
          asOf: '2024-04',
        },
      );
      cycleId = cycle.id;
      await call('admin', 'POST', `/api/cycles/${cycleId}/open`, { version: cycle.version });
      const { entries } = await call<{ entries: { entry: ProgressEntry }[] }>(
        'editor',
        'GET',
        `/api/cycles/${cycleId}/entries`,
      );
      expect(entries).toHaveLength(2);
      for (const [n, { entry }] of entries.entries()) {
        const saved = await call<ProgressEntry>('editor', 'PUT', `/api/entries/${entry.id}`, {
          version: entry.version,
          text: `第${n + 1}の取組を実施した。`,
          textEn: `Carried out the work, part ${n + 1}.`,
          stage: null,
          // plans have no English field: the English report marks them
          plans: [{ period: 'FY2024', text: '全国展開を予定' }],
        });
        const submitted = await call<ProgressEntry>('editor', 'POST', `/api/entries/${entry.id}/submit`, {
          version: saved.version,
        });
        await call('reviewer', 'POST', `/api/entries/${entry.id}/accept`, { version: submitted.version });
      }
      await call('reviewer', 'PUT', `/api/cycles/${cycleId}/summary`, {
        version: null,
        overall: ['概ね順調に進展している。'],
        overallEn: ['Mostly on track.'],
        pillars: [{ nodeId: nodes.pillar, bullets: ['試作が進んだ。'], bulletsEn: ['Prototypes advanced.'] }],
      });
      const checklist = await call<{ ready: boolean; assessments: { missing: string[] } }>(
        'reviewer',
        'GET',
        `/api/cycles/${cycleId}/checklist`,
      );
      for (const nodeId of checklist.assessments.missing)
        await call('reviewer', 'PUT', `/api/cycles/${cycleId}/assessments/${nodeId}`, {
          version: null,
          rating: 'steady',
          narrative: '着実に進展している。',
          narrativeEn: 'Progressing steadily.',
        });
      const now = await call<{ version: number }>('admin', 'GET', `/api/strategies/${SID}/cycles`).then((r) =>
        (r as unknown as { cycles: { id: string; version: number }[] }).cycles.find((c) => c.id === cycleId)!,
      );
      await call('admin', 'POST', `/api/cycles/${cycleId}/publish`, { version: now.version });
    });
    afterAll(async () => {
      await app?.close();
      await db?.destroy();
    });

    const publicTree = () => call<OutlineTree>(null, 'GET', `/api/strategies/${SID}/cycles/${cycleId}/tree`);
    const publicEntries = async (nodeId: string) =>
      (
        await call<{ entries: ProgressEntry[] }>(
          null,
          'GET',
          `/api/strategies/${SID}/cycles/${cycleId}/nodes/${nodeId}/entries`,
        )
      ).entries;

    it('publishes the English beside the Japanese in the JSON the /en pages read', async () => {
      const tree = await publicTree();
      expect(tree.strategy.levelLabels.every((l) => l.en !== '')).toBe(true);
      const all = flatten(tree.nodes);
      expect(all.every((n) => n.titleEn !== '')).toBe(true);
      expect(all.flatMap((n) => n.items).every((i) => i.initiative.titleEn !== '')).toBe(true);
      expect(all.filter((n) => n.assessment).map((n) => n.assessment!.narrativeEn)).toContain(
        'Progressing steadily.',
      );
      expect(all.every((n) => !n.assessment || n.assessment.narrativeEn !== '')).toBe(true);
      expect(tree.summary?.overallEn).toEqual(['Mostly on track.']);
      expect(tree.summary?.pillars[0]?.bulletsEn).toEqual(['Prototypes advanced.']);
      const entries = await publicEntries(nodes.target);
      expect(entries.map((e) => e.textEn).sort()).toEqual([
        'Carried out the work, part 1.',
        'Carried out the work, part 2.',
      ]);
      const detail = await call<{ timeline: { entry: ProgressEntry | null }[] }>(
        null,
        'GET',
        `/api/initiatives/${entries[0]!.initiativeId}`,
      );
      expect(detail.timeline.map((t) => t.entry?.textEn)).toEqual([entries[0]!.textEn]);
    });

    it('English reports carry no Japanese narrative but what they mark Japanese only', async () => {
      for (const [format, unmarked] of [
        ['md', unmarkedMd],
        ['html', unmarkedHtml],
      ] as const) {
        const en = await report(format, 'en');
        expect(en).toContain('Carried out the work, part 1.');
        expect(en).toContain('Progressing steadily.');
        expect(en).toContain('Mostly on track.');
        expect(en).toContain('Datasets published');
        // the plans have no English: shown in Japanese, marked, with lang="ja"
        expect(en).toContain(MARK);
        expect(en).toContain('<span lang="ja">全国展開を予定</span>');
        expect(japaneseLines(unmarked(en)).map((l) => l.slice(0, 300))).toEqual([]);
        // not vacuous: the same check finds the Japanese report's narrative
        const ja = await report(format, 'ja');
        expect(ja).toContain('第1の取組を実施した。');
        expect(ja).not.toContain('Carried out the work');
        expect(japaneseLines(unmarked(ja)).length).toBeGreaterThan(5);
      }
    });

    it('freezes the English at publication: it changes only by a correction, whose English reason is published', async () => {
      const [entry] = await publicEntries(nodes.target);
      // a write to the published cycle is refused
      const refused = await app.inject({
        method: 'PUT',
        url: `/api/entries/${entry!.id}`,
        headers: s.admin.headers,
        payload: { version: entry!.version, text: entry!.text, textEn: 'Rewritten', stage: null },
      });
      expect(refused.statusCode).toBeGreaterThanOrEqual(400);
      const tree = await publicTree();
      const assessed = flatten(tree.nodes).find((n) => n.id === nodes.target)!.assessment!;
      const correction = await call<{ revision: number; reasonEn: string; changes: { field: string }[] }>(
        'admin',
        'POST',
        `/api/cycles/${cycleId}/corrections`,
        {
          reason: '英訳の誤りを訂正',
          reasonEn: 'Corrected the English translation',
          entries: [{ id: entry!.id, version: entry!.version, textEn: 'Carried out the corrected work.' }],
          assessments: [{ nodeId: nodes.target, version: assessed.version, narrativeEn: 'On track.' }],
        },
      );
      expect(correction.revision).toBe(1);
      expect(correction.reasonEn).toBe('Corrected the English translation');
      expect(correction.changes.map((c) => c.field).sort()).toEqual(['narrativeEn', 'textEn']);
      expect((await publicEntries(nodes.target)).find((e) => e.id === entry!.id)!.textEn).toBe(
        'Carried out the corrected work.',
      );
      const list = await call<{ corrections: { reasonEn: string }[] }>(
        null,
        'GET',
        `/api/strategies/${SID}/cycles/${cycleId}/corrections`,
      );
      expect(list.corrections.map((c) => c.reasonEn)).toEqual(['Corrected the English translation']);
      const json = await call<{ corrections: { reasonEn: string }[]; items: { textEn: string }[] }>(
        null,
        'GET',
        `/api/strategies/${SID}/cycles/${cycleId}/report.json`,
      );
      expect(json.corrections[0]!.reasonEn).toBe('Corrected the English translation');
      expect(json.items.map((i) => i.textEn)).toContain('Carried out the corrected work.');
      for (const format of ['md', 'html'] as const) {
        const en = await report(format, 'en');
        expect(en).toContain('Corrected the English translation');
        expect(en).toContain('On track.');
        expect(en).not.toContain('英訳の誤りを訂正');
      }
    });
  });
}
