/**
 * The report document against the sample tree: every pillar, goal and target is shown,
 * every item under every node it is listed under (mirrors included) with its ministries'
 * tag, KPI figures with their periods, the summary. Expectations come from the tree.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPeriod, parsePeriodCode } from '../domain/calendar.ts';
import { flatten } from '../domain/tree-builder.ts';
import type { StrategyTree } from '../domain/views.ts';
import { ENGINES, type TestDb } from '../../test/helpers/db.ts';
import { sampleTree } from '../../test/helpers/reports.ts';
import { buildReportDocument } from './document.ts';
import type { ReportDocument } from './model.ts';
import { plainMarks } from './japanese-only.ts';

for (const engine of ENGINES) {
  describe(`report document (${engine})`, () => {
    let db: TestDb;
    let tree: StrategyTree;
    let doc: ReportDocument;
    beforeAll(async () => {
      ({ db, tree } = await sampleTree(engine));
      doc = buildReportDocument({ tree, lang: 'ja' });
    });
    afterAll(() => db.destroy());

    const rows = () => doc.sections.flatMap((s) => s.pages.flatMap((p) => p.rows));

    it('has the cover facts: title, era date, issuer', () => {
      const owner = tree.organisations.find((o) => o.id === tree.strategy.ownerOrganisationId)!;
      expect(doc.meta.title).toBe(`「${tree.strategy.title}」の進捗状況`);
      expect(doc.meta.asOf).toBe(formatPeriod(parsePeriodCode(tree.cycle.asOf), 'ja', { era: true }));
      expect(doc.meta.asOf).toMatch(/^令和\d+年\d+月$/);
      expect(doc.meta.issuer).toBe(owner.nameJa);
      expect(doc.meta.draft).toBe(false);
    });

    it('has a section per pillar, a page per goal, every target in a row label', () => {
      expect(doc.sections.map((s) => s.title)).toEqual(tree.nodes.map((n) => n.title));
      for (const [i, pillar] of tree.nodes.entries()) {
        expect(doc.sections[i]!.pages.map((p) => p.title)).toEqual(pillar.children.map((g) => g.title));
      }
      const labels = new Set(rows().flatMap((r) => r.labels));
      for (const node of flatten(tree.nodes).filter((n) => n.depth === 2))
        expect(labels).toContain(node.title);
    });

    it('lists every item under every node that shows it, with its ministries in tag order', () => {
      const orgs = new Map(tree.organisations.map((o) => [o.id, o.shortName]));
      for (const node of flatten(tree.nodes).filter((n) => n.items.length > 0)) {
        const row = rows().find((r) => r.nodeIds[0] === node.id);
        expect(row, node.id).toBeDefined();
        expect(row!.items.map((i) => i.initiativeId)).toEqual(node.items.map((i) => i.initiative.id));
        for (const [k, item] of node.items.entries()) {
          const tag = `（${item.initiative.ownerIds.map((id) => orgs.get(id)).join('、')}）`;
          expect(row!.items[k]!.ownerTag).toBe(tag);
          expect(row!.items[k]!.text).toBe(item.entry!.text);
        }
      }
      // Cross-listed initiatives (and mirrored targets) appear more than once.
      const counts = new Map<string, number>();
      for (const r of rows())
        for (const i of r.items) counts.set(i.initiativeId, (counts.get(i.initiativeId) ?? 0) + 1);
      const shown = flatten(tree.nodes).flatMap((n) => n.items.map((i) => i.initiative.id));
      for (const id of new Set(shown)) expect(counts.get(id)).toBe(shown.filter((s) => s === id).length);
      expect([...counts.values()].some((c) => c > 1)).toBe(true);
    });

    it('shows the KPI figures with their periods', () => {
      const lines = rows().flatMap((r) => [...r.kpis, ...r.items.flatMap((i) => i.kpis)]);
      for (const k of tree.indicators.filter((i) => i.observations.length >= 2)) {
        const obs = [...k.observations].sort((a, b) => a.period.localeCompare(b.period));
        const [first, last] = [obs[0]!, obs[obs.length - 1]!];
        const periods = [first, last].map((o) => formatPeriod(parsePeriodCode(o.period), 'ja')).join('→');
        const block = lines.find((l) => l.id === k.id)!;
        expect(block.figure).toBe(`${first.value}→${last.value}${k.unit}（${periods}）`);
        expect(block.line).toContain(k.name);
      }
      expect(lines.map((l) => l.id).sort()).toEqual(tree.indicators.map((k) => k.id).sort());
    });

    it('carries the summary and the assessments with their rating labels', () => {
      expect(doc.summary!.overall).toEqual(tree.summary!.overall);
      expect(doc.summary!.pillars.map((p) => p.bullets)).toEqual(tree.summary!.pillars.map((p) => p.bullets));
      const rated = rows().filter((r) => r.overview?.rating);
      expect(rated.length).toBeGreaterThan(0);
      for (const r of rated) {
        const term = tree.vocabulary.find((v) => v.kind === 'rating' && v.code === r.overview!.rating!.code)!;
        expect(r.overview!.rating!.label).toBe(term.labelJa);
      }
    });

    it('in English: English titles, ministry names and dates; untranslated content as entered, marked Japanese only', () => {
      const en = buildReportDocument({ tree, lang: 'en' });
      expect(en.meta.asOf).toBe(formatPeriod(parsePeriodCode(tree.cycle.asOf), 'en'));
      expect(en.sections.map((s) => plainMarks(s.title))).toEqual(
        tree.nodes.map((n) => n.titleEn || `[Japanese only / 日本語のみ] ${n.title}`),
      );
      const item = en.sections[0]!.pages[0]!.rows[0]!.items[0]!;
      const node = tree.nodes[0]!.children[0]!.children[0]!.items[0]!;
      const names = node.initiative.ownerIds.map((id) => tree.organisations.find((o) => o.id === id)!.nameEn);
      expect(item.owners).toEqual(names);
      expect(node.entry!.textEn).toBe('');
      expect(plainMarks(item.text)).toBe(`[Japanese only / 日本語のみ] ${node.entry!.text}`);
      expect(
        plainMarks(buildReportDocument({ tree, lang: 'ja' }).sections[0]!.pages[0]!.rows[0]!.items[0]!.text),
      ).toBe(node.entry!.text);
    });
  });
}
