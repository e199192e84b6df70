/**
 * The deck from the sample, read back from its slide XML: structure (cover, summary, every
 * pillar/goal/target, every item with its ministries' tag, KPI figures), slide numbers and
 * footers, fonts; geometry (every shape inside the 16:9 slide, every table's measured rows
 * above the footer, long content continued on （続き） slides); escaping.
 */
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flatten } from '../../domain/tree-builder.ts';
import type { StrategyTree } from '../../domain/views.ts';
import { ENGINES, type TestDb } from '../../../test/helpers/db.ts';
import { HOSTILE, hostileTree, longTree, sampleTree } from '../../../test/helpers/reports.ts';
import { buildReportDocument } from '../document.ts';
import { CONTENT_BOTTOM, planDeck, SLIDE_H, SLIDE_W, type SlidePlan } from './pptx-plan.ts';
import { renderPptx } from './pptx.ts';

const EMU = 914400;
const W = 12192000;
const H = 6858000;

const unescape = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** The slides' XML in slide order. */
async function slides(buf: Buffer): Promise<string[]> {
  const zip = await JSZip.loadAsync(buf);
  const names = Object.keys(zip.files)
    .filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n))
    .sort((a, b) => Number(/(\d+)\.xml/.exec(a)![1]) - Number(/(\d+)\.xml/.exec(b)![1]));
  return Promise.all(names.map((n) => zip.file(n)!.async('string')));
}

/** The text of each paragraph of a slide. */
const paragraphs = (xml: string): string[] =>
  [...xml.matchAll(/<a:p>([\s\S]*?)<\/a:p>/g)].map((m) =>
    unescape([...m[1]!.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((t) => t[1]).join('')),
  );

function checkGeometry(xml: string, where: string): void {
  for (const m of xml.matchAll(/<a:off x="(\d+)" y="(\d+)"\/>\s*<a:ext cx="(\d+)" cy="(\d+)"\/>/g)) {
    const [x, y, cx, cy] = m.slice(1).map(Number) as [number, number, number, number];
    expect(x + cx, `${where}: shape right edge`).toBeLessThanOrEqual(W);
    expect(y + cy, `${where}: shape bottom edge`).toBeLessThanOrEqual(H);
  }
  for (const frame of xml.matchAll(/<p:graphicFrame>[\s\S]*?<\/p:graphicFrame>/g)) {
    const y = Number(/<a:off x="\d+" y="(\d+)"/.exec(frame[0])?.[1] ?? 0);
    const rows = [...frame[0].matchAll(/<a:tr h="(\d+)"/g)].reduce((s, r) => s + Number(r[1]), 0);
    expect(y + rows, `${where}: table bottom`).toBeLessThanOrEqual(Math.round(CONTENT_BOTTOM * EMU) + 1);
  }
}

function checkPlan(plan: SlidePlan[]): void {
  for (const [i, s] of plan.entries()) {
    for (const b of s.boxes) {
      expect(b.x + b.w, `slide ${i + 1} box`).toBeLessThanOrEqual(SLIDE_W);
      expect(b.y + b.h, `slide ${i + 1} box`).toBeLessThanOrEqual(CONTENT_BOTTOM);
    }
    if (s.table) {
      const bottom = s.table.y + s.table.headerH + s.table.rows.reduce((sum, r) => sum + r.h, 0);
      expect(bottom, `slide ${i + 1} (${s.title}) table`).toBeLessThanOrEqual(CONTENT_BOTTOM + 1e-9);
    }
    for (const c of s.charts) expect(c.y + c.h).toBeLessThanOrEqual(CONTENT_BOTTOM);
  }
  expect(SLIDE_W * EMU).toBeCloseTo(W, -4);
  expect(SLIDE_H * EMU).toBe(H);
}

for (const engine of ENGINES) {
  describe(`PPTX (${engine})`, () => {
    let db: TestDb;
    let tree: StrategyTree;
    let xml: string[];
    let paras: string[][];
    beforeAll(async () => {
      ({ db, tree } = await sampleTree(engine));
      xml = await slides(await renderPptx(buildReportDocument({ tree, lang: 'ja' })));
      paras = xml.map(paragraphs);
    });
    afterAll(() => db.destroy());

    const allText = () => paras.flat();

    it('opens with the cover: title, era date, issuer', () => {
      const owner = tree.organisations.find((o) => o.id === tree.strategy.ownerOrganisationId)!;
      expect(paras[0]).toEqual(
        expect.arrayContaining([`「${tree.strategy.title}」の進捗状況`, owner.nameJa]),
      );
      expect(paras[0]!.some((p) => /^令和\d+年\d+月$/.test(p))).toBe(true);
    });

    it('has the summary: the overall verdict and every pillar bullet', () => {
      for (const text of [...tree.summary!.overall, ...tree.summary!.pillars.flatMap((p) => p.bullets)]) {
        expect(paras[1]).toContain(text);
      }
    });

    it('shows every pillar, goal and target, and every item with its ministries', () => {
      const text = allText();
      const orgs = new Map(tree.organisations.map((o) => [o.id, o.shortName]));
      for (const node of flatten(tree.nodes)) {
        expect(
          text.some((p) => p.includes(node.title)),
          node.title,
        ).toBe(true);
        for (const { initiative, entry } of node.items) {
          const line = `${entry!.text}（${initiative.ownerIds.map((id) => orgs.get(id)).join('、')}）`;
          // Each listing is its own bullet: cross-listed items appear once per node showing them.
          expect(text.filter((p) => p === line).length, initiative.id).toBeGreaterThanOrEqual(1);
        }
      }
      const shown = flatten(tree.nodes).flatMap((n) => n.items);
      const first = shown.find((i) => shown.filter((j) => j.initiative.id === i.initiative.id).length > 1)!;
      expect(text.filter((p) => p.startsWith(first.entry!.text)).length).toBeGreaterThan(1);
    });

    it('prints the KPI figures with their periods and charts them', () => {
      const text = allText().join('\n');
      for (const k of tree.indicators.filter((i) => i.observations.length > 0)) {
        const values = [...k.observations]
          .sort((a, b) => a.period.localeCompare(b.period))
          .map((o) => o.value);
        const figure =
          values.length > 1 ? `${values[0]}→${values[values.length - 1]}${k.unit}` : `${values[0]}${k.unit}`;
        expect(text).toContain(`${k.name}：${figure}（`);
        expect(text).toMatch(/（\d{4}年度末→\d{4}年度末）/);
      }
      expect(xml.some((s) => s.includes('<c:chart '))).toBe(true);
    });

    it('numbers every slide but the cover, with the source in the footer, in Meiryo', () => {
      for (const [i, s] of xml.entries()) {
        if (i === 0) continue;
        expect(s, `slide ${i + 1}`).toContain('type="slidenum"');
        expect(paras[i]!.some((p) => p.startsWith('出典：'))).toBe(true);
      }
      expect(xml.every((s) => s.includes('typeface="Meiryo"'))).toBe(true);
    });

    it('keeps every shape and table inside the slide and above the footer', () => {
      for (const [i, s] of xml.entries()) checkGeometry(s, `slide ${i + 1}`);
      checkPlan(planDeck(buildReportDocument({ tree, lang: 'ja' })));
      checkPlan(planDeck(buildReportDocument({ tree, lang: 'en' })));
    });

    it('continues long content on （続き） slides, losing no text', async () => {
      const long = longTree(tree, 40);
      const doc = buildReportDocument({ tree: long, lang: 'ja' });
      const plan = planDeck(doc);
      checkPlan(plan);
      const page = doc.sections[0]!.pages[0]!;
      const continued = plan.filter((s) => s.title === `${page.title}（続き）`);
      expect(continued.length).toBeGreaterThan(2);
      const deck = await slides(await renderPptx(doc));
      for (const [i, s] of deck.entries()) checkGeometry(s, `long slide ${i + 1}`);
      const item = long.nodes[0]!.children[0]!.children[0]!.items[0]!;
      const joined = deck.map(paragraphs).flat().join('');
      expect(joined).toContain(item.entry!.text.slice(0, 200));
      expect(joined.length).toBeGreaterThan(item.entry!.text.length);
    });

    it('escapes user text in the slide XML', async () => {
      const deck = await slides(
        await renderPptx(buildReportDocument({ tree: hostileTree(tree), lang: 'ja' })),
      );
      const joined = deck.join('');
      expect(joined).not.toContain('<script>');
      expect(joined).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&apos;&quot;');
      expect(
        deck
          .map(paragraphs)
          .flat()
          .some((p) => p.includes(HOSTILE)),
      ).toBe(true);
    });
  });
}
