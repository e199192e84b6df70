/**
 * The deck as an Office Open XML package: every part has a content type, every relationship
 * points at a part that exists, the presentation lists every slide, every text body has a
 * paragraph, and each chart's embedded workbook holds the figures the chart shows. (A
 * dangling relationship or a missing content type is what makes PowerPoint offer to repair.)
 */
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StrategyTree } from '../../domain/views.ts';
import type { TestDb } from '../../../test/helpers/db.ts';
import { longTree, sampleTree } from '../../../test/helpers/reports.ts';
import { buildReportDocument } from '../document.ts';
import { renderPptx } from './pptx.ts';

/** Resolves a relationship target against the part that holds the relationship. */
function resolve(source: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const dir = source.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') dir.pop();
    else if (seg !== '.') dir.push(seg);
  }
  return dir.join('/');
}

/** The part whose relationships `dir/_rels/x.rels` holds: dir/x ('' for the package). */
const owner = (relsPath: string): string => relsPath.replace(/_rels\/([^/]*)\.rels$/, '$1');

describe('PPTX package', () => {
  let db: TestDb;
  let tree: StrategyTree;
  let zip: JSZip;
  const read = (name: string) => zip.file(name)!.async('string');
  beforeAll(async () => {
    ({ db, tree } = await sampleTree('sqlite'));
    // A numeric target adds a combined (bar + line) chart; a long text adds continued slides.
    const withTarget: StrategyTree = structuredClone(longTree(tree, 30));
    withTarget.indicators.find((k) => k.id === 'ai2022-k1')!.targetValue = 300;
    zip = await JSZip.loadAsync(await renderPptx(buildReportDocument({ tree: withTarget, lang: 'ja' })));
  });
  afterAll(() => db.destroy());

  const parts = () => Object.keys(zip.files).filter((n) => !zip.files[n]!.dir);

  it('gives every part a content type, and overrides only parts that exist', async () => {
    const types = await read('[Content_Types].xml');
    const defaults = new Set([...types.matchAll(/<Default Extension="([^"]+)"/g)].map((m) => m[1]));
    const overrides = [...types.matchAll(/<Override PartName="\/([^"]+)"/g)].map((m) => m[1]!);
    for (const part of parts().filter((p) => p !== '[Content_Types].xml')) {
      const ext = part.split('.').pop()!;
      expect(overrides.includes(part) || defaults.has(ext), part).toBe(true);
    }
    for (const part of overrides) expect(zip.file(part), part).not.toBeNull();
  });

  it('resolves every relationship to a part in the package', async () => {
    const rels = parts().filter((p) => p.endsWith('.rels'));
    expect(rels.length).toBeGreaterThan(10);
    for (const path of rels) {
      const ids = new Set<string>();
      for (const m of (await read(path)).matchAll(
        /<Relationship Id="([^"]+)" Type="[^"]+" Target="([^"]+)"/g,
      )) {
        expect(ids.has(m[1]!), `${path}: ${m[1]} twice`).toBe(false);
        ids.add(m[1]!);
        expect(zip.file(resolve(owner(path), m[2]!)), `${path} → ${m[2]}`).not.toBeNull();
      }
      // Every r:id the part itself uses is one of its relationships.
      const part = owner(path);
      if (part === '') continue; // the package's own relationships
      for (const m of (await read(part)).matchAll(/r:id="([^"]+)"/g)) {
        expect(ids.has(m[1]!), `${part}: ${m[1]}`).toBe(true);
      }
    }
  });

  it('lists every slide in the presentation, in order, and every text body has a paragraph', async () => {
    const slides = parts().filter((p) => /^ppt\/slides\/slide\d+\.xml$/.test(p));
    const presentation = await read('ppt/presentation.xml');
    expect([...presentation.matchAll(/<p:sldId /g)]).toHaveLength(slides.length);
    for (const slide of slides) {
      const xml = await read(slide);
      for (const body of xml.matchAll(/<(?:p|a):txBody>([\s\S]*?)<\/(?:p|a):txBody>/g)) {
        expect(body[1], slide).toMatch(/<a:p[ />]/);
      }
    }
  });

  it('embeds with each chart a workbook holding the figures it shows', async () => {
    const charts = parts().filter((p) => /^ppt\/charts\/chart\d+\.xml$/.test(p));
    expect(charts.length).toBeGreaterThan(0);
    for (const chart of charts) {
      const xml = await read(chart);
      const rels = await read(chart.replace('charts/', 'charts/_rels/') + '.rels');
      const target = /Target="([^"]+)"/.exec(rels)![1]!;
      const book = await JSZip.loadAsync(await zip.file(resolve(chart, target))!.async('uint8array'));
      const sheet = await book.file('xl/worksheets/sheet1.xml')!.async('string');
      const shown = [...xml.matchAll(/<c:numCache>[\s\S]*?<\/c:numCache>/g)].flatMap((m) =>
        [...m[0].matchAll(/<c:v>([^<]*)<\/c:v>/g)].map((v) => v[1]),
      );
      const stored = [...sheet.matchAll(/<v>([^<]*)<\/v>/g)].map((v) => v[1]);
      expect([...stored].sort(), chart).toEqual([...shown].sort());
    }
    const combined = await Promise.all(charts.map(read));
    expect(combined.filter((x) => x.includes('<c:lineChart>'))).toHaveLength(1);
  });
});
