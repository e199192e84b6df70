/**
 * PPTX (16:9) written from the measured slide plan: each slide's XML, and each KPI chart
 * with its embedded workbook, goes into a streaming ZIP as soon as it is drawn, so that
 * memory holds the plan and the compressed package, never the whole deck's XML. (A
 * general-purpose library that builds every slide as objects and zips them in memory took
 * 600 MB and 5 s for the largest strategy.)
 */
import type { ReportDocument } from '../model.ts';
import { chartWorkbook, chartXml } from './pptx-chart.ts';
import { packageParts, relsXml, relType, type Relationship } from './pptx-package.ts';
import { planDeck } from './pptx-plan.ts';
import { slideXml } from './pptx-slide.ts';
import { ZipWriter } from './zip.ts';

/** The deck as a PPTX file. */
export async function renderPptx(doc: ReportDocument): Promise<Buffer> {
  const plans = planDeck(doc);
  const zip = new ZipWriter();
  const deck = {
    slides: plans.length,
    charts: plans.reduce((n, p) => n + p.charts.length, 0),
    title: doc.meta.title,
    subject: doc.meta.asOf,
    author: doc.meta.issuer,
    company: doc.meta.issuer,
  };
  for (const [name, xml] of packageParts(deck)) zip.add(name, xml);
  const ctx = { doc, lang: doc.lang === 'ja' ? 'ja-JP' : 'en-GB' };
  let chartNo = 0;
  for (const [i, plan] of plans.entries()) {
    const slideNo = i + 1;
    const rels: Relationship[] = [
      { id: 'rId1', type: relType('slideLayout'), target: '../slideLayouts/slideLayout1.xml' },
    ];
    const chartRelIds: string[] = [];
    for (const chart of plan.charts) {
      chartNo++;
      const id = `rId${rels.length + 1}`;
      rels.push({ id, type: relType('chart'), target: `../charts/chart${chartNo}.xml` });
      chartRelIds.push(id);
      const workbook = `Microsoft_Excel_Worksheet${chartNo}.xlsx`;
      zip.add(`ppt/charts/chart${chartNo}.xml`, chartXml(chart.kpi, doc.lang, ctx.lang));
      zip.add(
        `ppt/charts/_rels/chart${chartNo}.xml.rels`,
        relsXml([{ id: 'rId1', type: relType('package'), target: `../embeddings/${workbook}` }]),
      );
      zip.add(`ppt/embeddings/${workbook}`, await chartWorkbook(chart.kpi, doc.lang));
    }
    zip.add(`ppt/slides/slide${slideNo}.xml`, slideXml(ctx, plan, slideNo, chartRelIds));
    zip.add(`ppt/slides/_rels/slide${slideNo}.xml.rels`, relsXml(rels));
    await zip.drain();
  }
  return zip.finish();
}
