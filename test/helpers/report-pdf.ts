/**
 * A small follow-up report printed to PDF by Chromium, for the review screen's tests: a cover,
 * a summary and one table per pillar (取組 | 主な進捗 | 概況). One progress item names no
 * ministry, so the importer keeps it as a "to check" item. Written in our own words.
 */
import { renderPdf } from '../../src/reports/render/pdf.ts';

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

interface Row {
  title: string;
  items: string[];
  overview: string;
}

const PILLARS: { name: string; rows: Row[] }[] = [
  {
    name: '柱 1 海の観測網',
    rows: [
      {
        title: '沿岸観測ブイの整備',
        items: [
          '観測ブイを新たに12基設置した。（国交省）',
          '観測データの公開範囲を広げた。（文科省、国交省）',
        ],
        overview: '整備は計画どおりに進んでいる。',
      },
      {
        title: '漁業者とのデータ共有',
        items: ['漁協向けの閲覧サービスを試行した。（農水省）', '利用者の声を集める会合を三回開いた。'],
        overview: '利用の広がりにはなお工夫が要る。',
      },
    ],
  },
  {
    name: '柱 2 人材の育成',
    rows: [
      {
        title: '海洋データ人材の育成',
        items: ['大学院での実習講座を新設した。（文科省）'],
        overview: '受講者は増えている。',
      },
    ],
  },
];

/** What the next year's report says differently: one item's progress moved on. */
const NEXT_YEAR: [string, string][] = [['観測ブイを新たに12基設置した。', '観測ブイを新たに20基設置した。']];

/**
 * The report as HTML (Chromium prints it; the importer reads the PDF back), dated `date`
 * (令和5年7月 by default); any other date gives the next year's report, one item moved on.
 */
export function reviewReportHtml(date = '令和5年7月'): string {
  const edit = (s: string) =>
    date === '令和5年7月' ? s : NEXT_YEAR.reduce((out, [from, to]) => out.replace(from, to), s);
  const table = (rows: Row[]) =>
    `<table><thead><tr><th>取組</th><th>主な進捗</th><th>概況</th></tr></thead><tbody>${rows
      .map(
        (r) =>
          `<tr><th>${esc(r.title)}</th><td><ul>${r.items.map((i) => `<li>${esc(edit(i))}</li>`).join('')}</ul></td>` +
          `<td><p>${esc(r.overview)}</p></td></tr>`,
      )
      .join('')}</tbody></table>`;
  return `<!doctype html><html lang="ja"><head><meta charset="utf-8"><style>
body{font-family:"Noto Sans CJK JP",sans-serif;font-size:10.5pt;margin:0}
.cover{height:170mm;display:flex;flex-direction:column;justify-content:center;align-items:center;page-break-after:always}
.cover h1{font-size:26pt}.cover p{font-size:14pt;margin:4pt}
h2{font-size:18pt;page-break-before:always;margin:0 0 8pt}.summary h2{page-break-before:auto}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #888;padding:8pt;vertical-align:top;text-align:left}
thead th{background:#dde}tbody th{width:22%;font-weight:bold}td:nth-child(2){width:48%}
ul{margin:0;padding-left:14pt}p{margin:0 0 6pt}tr{page-break-inside:avoid}
</style></head><body>
<div class="cover"><h1>「海洋データ戦略」の進捗状況</h1><p>${date}</p><p>内閣府</p></div>
<section class="summary"><h2>全体の状況</h2><ul><li>観測網の整備は着実に進んでいる。</li><li>人材の育成は始まったばかりである。</li></ul></section>
${PILLARS.map((p) => `<section><h2>${esc(p.name)}</h2>${table(p.rows)}</section>`).join('')}
</body></html>`;
}

/** The report printed to PDF; the next year's with `date` '令和6年7月'. */
export const reviewReportPdf = (date?: string): Promise<Buffer> => renderPdf(reviewReportHtml(date));
