/**
 * Writes the PDF and PPTX versions of two corpus reports (test/fixtures/report-corpus/), in
 * layouts of their own — not the product's renderers' — so that the importer is tried on
 * other hands' decks: the PDF a landscape table per section with a running header and page
 * numbers (Chromium prints it), the PPTX one slide per target with a table whose columns are
 * 取組 | 概況 | 主な進捗 (overview first) and a footer. Run: node --import tsx scripts/report-corpus.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { launchChromium } from '../src/reports/render/pdf.ts';
import { ZipWriter } from '../src/reports/render/zip.ts';

const DIR = new URL('../test/fixtures/report-corpus/', import.meta.url);
const STEMS = ['quantum-2024', 'green-2022'];

interface Item {
  text: string;
  details: string[];
}
interface Section {
  pillar: string;
  goal: string;
  title: string;
  items: Item[];
  overview: string[];
}
interface Report {
  title: string;
  front: string[];
  summary: string[];
  sections: Section[];
}

/** The corpus's Markdown, read by its own few rules (#, ##, ###, ####, bullets, bold headers). */
function readMarkdown(text: string): Report {
  const r: Report = { title: '', front: [], summary: [], sections: [] };
  let pillar = '';
  let goal = '';
  let part: 'front' | 'summary' | 'progress' | 'overview' | 'skip' = 'front';
  let section: Section | null = null;
  const open = (title: string) => {
    section = { pillar, goal, title, items: [], overview: [] };
    r.sections.push(section);
  };
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    const t = line.trim();
    if (t === '') continue;
    const h = /^(#+)\s+(.*)$/.exec(t);
    if (h) {
      const level = (h[1] ?? '').length;
      const title = h[2] ?? '';
      if (level === 1) r.title = title;
      else if (level === 2 && /^(?:全体の状況|概要)$/.test(title)) part = 'summary';
      else if (level === 2) {
        pillar = title;
        goal = '';
        part = 'skip';
      } else if (part === 'summary') continue;
      else if (/^目標/.test(title)) {
        goal = title;
        open(title);
      } else open(title);
      continue;
    }
    if (t === '**主な進捗**') part = 'progress';
    else if (t === '**概況**') part = 'overview';
    else if (part === 'front') r.front.push(t);
    else if (part === 'summary' && t.startsWith('- ')) r.summary.push(t.slice(2));
    else if (section && part === 'progress') {
      const s: Section = section;
      if (line.startsWith('  - ')) s.items.at(-1)?.details.push(t.slice(2));
      else if (t.startsWith('- ')) s.items.push({ text: t.slice(2), details: [] });
    } else if (section && part === 'overview') (section as Section).overview.push(t);
  }
  // A goal heading with targets under it prints no list of its own.
  r.sections = r.sections.filter((s) => s.items.length > 0 || s.overview.length > 0);
  return r;
}

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function html(r: Report): string {
  const byPillar = new Map<string, Section[]>();
  for (const s of r.sections) byPillar.set(s.pillar, [...(byPillar.get(s.pillar) ?? []), s]);
  const table = (sections: Section[]): string => {
    const rows = sections
      .map(
        (s) =>
          `<tr><th>${esc(s.title)}</th>` +
          `<td><ul>${s.items.map((i) => `<li>${esc(i.text)}${i.details.length ? `<ul>${i.details.map((d) => `<li>${esc(d)}</li>`).join('')}</ul>` : ''}</li>`).join('')}</ul></td>` +
          `<td>${s.overview.map((p) => `<p>${esc(p)}</p>`).join('')}</td></tr>`,
      )
      .join('');
    return `<table><thead><tr><th>取組</th><th>主な進捗</th><th>概況</th></tr></thead><tbody>${rows}</tbody></table>`;
  };
  // Targets under a goal get the goal as a heading above their table.
  const tables = [...byPillar]
    .map(([pillar, sections]) => {
      const goals = [...new Set(sections.map((s) => (s.goal !== s.title ? s.goal : '')))];
      const parts = goals.map((g) => {
        const under = sections.filter((s) => (s.goal !== s.title ? s.goal : '') === g);
        return `${g ? `<h3>${esc(g)}</h3>` : ''}${table(under)}`;
      });
      return `<section><h2>${esc(pillar)}</h2>${parts.join('')}</section>`;
    })
    .join('');
  return `<!doctype html><html lang="ja"><head><meta charset="utf-8"><style>
body{font-family:"Noto Sans CJK JP",sans-serif;font-size:10.5pt;margin:0}
.cover{height:170mm;display:flex;flex-direction:column;justify-content:center;align-items:center;page-break-after:always}
.cover h1{font-size:26pt}.cover p{font-size:14pt;margin:4pt}
h2{font-size:18pt;page-break-before:always;margin:0 0 8pt}h3{font-size:14pt;margin:10pt 0 6pt}
.summary h2{page-break-before:auto}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #888;padding:8pt;vertical-align:top;text-align:left}
thead th{background:#dde}tbody th{width:22%;font-weight:bold}td:nth-child(2){width:48%}
ul{margin:0;padding-left:14pt}ul ul{padding-left:16pt;list-style:"– "}p{margin:0 0 6pt}
tr{page-break-inside:avoid}
</style></head><body>
<div class="cover"><h1>${esc(r.title)}</h1>${r.front.map((f) => `<p>${esc(f)}</p>`).join('')}</div>
<section class="summary"><h2>全体の状況</h2><ul>${r.summary.map((b) => `<li>${esc(b)}</li>`).join('')}</ul></section>
${tables}</body></html>`;
}

async function pdf(r: Report): Promise<Buffer> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.setContent(html(r));
    return await page.pdf({
      format: 'A4',
      landscape: true,
      margin: { top: '18mm', bottom: '16mm', left: '12mm', right: '12mm' },
      displayHeaderFooter: true,
      headerTemplate: `<div style="font-size:8pt;width:100%;text-align:right;margin-right:12mm">${esc(r.title)}</div>`,
      footerTemplate:
        '<div style="font-size:8pt;width:100%;text-align:center">- <span class="pageNumber"></span> -</div>',
    });
  } finally {
    await browser.close();
  }
}

const EMU = 12700;
const para = (text: string, sz: number, opts: { bullet?: boolean; lvl?: number } = {}): string =>
  `<a:p><a:pPr${opts.lvl ? ` lvl="${opts.lvl}"` : ''}>${opts.bullet ? '<a:buChar char="・"/>' : '<a:buNone/>'}</a:pPr>` +
  `<a:r><a:rPr lang="ja-JP" sz="${sz * 100}"/><a:t>${esc(text)}</a:t></a:r></a:p>`;
const box = (id: number, name: string, y: number, h: number, body: string): string =>
  `<p:sp><p:nvSpPr><p:cNvPr id="${id}" name="${name}"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>` +
  `<p:spPr><a:xfrm><a:off x="${30 * EMU}" y="${y * EMU}"/><a:ext cx="${900 * EMU}" cy="${h * EMU}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr>` +
  `<p:txBody><a:bodyPr/><a:lstStyle/>${body}</p:txBody></p:sp>`;
const cell = (body: string): string =>
  `<a:tc><a:txBody><a:bodyPr/><a:lstStyle/>${body}</a:txBody><a:tcPr/></a:tc>`;
const slide = (shapes: string): string =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><p:sld xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>${shapes}</p:spTree></p:cSld></p:sld>`;

async function pptx(r: Report): Promise<Buffer> {
  const footer = (n: number) =>
    box(90, 'Footer 90', 510, 20, para(`${r.title}（フォローアップ資料）`, 9)) +
    box(91, 'Slide Number 91', 510, 20, para(String(n), 9));
  const slides: string[] = [
    slide(
      box(2, 'Title 2', 150, 60, para(r.title, 32)) +
        box(3, 'Text 3', 230, 60, r.front.map((f) => para(f, 18)).join('')),
    ),
    slide(
      box(2, 'Title 2', 20, 40, para('まとめ', 28)) +
        box(3, 'Text 3', 80, 300, r.summary.map((b) => para(b, 14, { bullet: true })).join('')) +
        footer(2),
    ),
  ];
  for (const s of r.sections) {
    const crumb = [s.pillar, s.goal && s.goal !== s.title ? s.goal : ''].filter(Boolean);
    const items = s.items
      .map(
        (i) =>
          para(i.text, 12, { bullet: true }) +
          i.details.map((d) => para(d, 11, { bullet: true, lvl: 1 })).join(''),
      )
      .join('');
    const table =
      `<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="5" name="Table 5"/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr>` +
      `<p:xfrm><a:off x="${30 * EMU}" y="${130 * EMU}"/><a:ext cx="${900 * EMU}" cy="${360 * EMU}"/></p:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/table"><a:tbl><a:tblGrid><a:gridCol w="${200 * EMU}"/><a:gridCol w="${300 * EMU}"/><a:gridCol w="${400 * EMU}"/></a:tblGrid>` +
      `<a:tr h="${30 * EMU}">${cell(para('取組', 12))}${cell(para('概況', 12))}${cell(para('主な進捗', 12))}</a:tr>` +
      `<a:tr h="${300 * EMU}">${cell(para(s.title, 12))}${cell(s.overview.map((p) => para(p, 12)).join(''))}${cell(items)}</a:tr>` +
      `</a:tbl></a:graphicData></a:graphic></p:graphicFrame>`;
    slides.push(
      slide(
        box(3, 'Title 3', 30, 80, crumb.map((c) => para(c, 24)).join('')) + table + footer(slides.length + 1),
      ),
    );
  }
  const zip = new ZipWriter();
  const ct = 'application/vnd.openxmlformats-officedocument.presentationml';
  zip.add(
    '[Content_Types].xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/ppt/presentation.xml" ContentType="${ct}.presentation.main+xml"/>${slides.map((_, i) => `<Override PartName="/ppt/slides/slide${i + 1}.xml" ContentType="${ct}.slide+xml"/>`).join('')}</Types>`,
  );
  zip.add(
    '_rels/.rels',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="ppt/presentation.xml"/></Relationships>`,
  );
  zip.add(
    'ppt/presentation.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><p:presentation xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:sldIdLst>${slides.map((_, i) => `<p:sldId id="${256 + i}" r:id="rId${i + 1}"/>`).join('')}</p:sldIdLst><p:sldSz cx="12192000" cy="6858000"/></p:presentation>`,
  );
  zip.add(
    'ppt/_rels/presentation.xml.rels',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${slides.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide" Target="slides/slide${i + 1}.xml"/>`).join('')}</Relationships>`,
  );
  slides.forEach((s, i) => zip.add(`ppt/slides/slide${i + 1}.xml`, s));
  return zip.finish();
}

for (const stem of STEMS) {
  const report = readMarkdown(readFileSync(new URL(`${stem}.md`, DIR), 'utf8'));
  writeFileSync(new URL(`${stem}.pdf`, DIR), await pdf(report));
  writeFileSync(new URL(`${stem}.pptx`, DIR), await pptx(report));
  console.log(`${stem}: ${report.sections.length} sections → .pdf, .pptx`);
}
