/**
 * A KPI as a native PowerPoint chart (DrawingML chart part): observations as columns with
 * their values, the numeric target (when there is one) as a line. Each chart embeds the small
 * workbook its figures come from, so that "Edit Data" opens them in Excel.
 */
import { t, type Lang } from '../messages.ts';
import type { KpiBlock } from '../model.ts';
import { escapeXml } from './escape.ts';
import { NS_A, NS_C, NS_R, relsXml, relType, XML_HEAD } from './pptx-package.ts';
import { ACCENT, FONT } from './pptx-slide.ts';
import { ZipWriter } from './zip.ts';

const TEXT = '1A1A1A';
const TARGET = 'C00000';
const AXIS = '888888';
const CAT_AXIS = 500000001;
const VAL_AXIS = 500000002;

interface Series {
  name: string;
  /** Worksheet column of the values. */
  col: 'B' | 'C';
  values: number[];
}

const fill = (rgb: string): string => `<a:solidFill><a:srgbClr val="${rgb}"/></a:solidFill>`;
const font = `<a:latin typeface="${FONT}"/><a:ea typeface="${FONT}"/><a:cs typeface="${FONT}"/>`;
const txPr = (sz: number, rgb = '000000'): string =>
  `<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="${sz}" b="0">${fill(rgb)}${font}</a:defRPr>` +
  '</a:pPr><a:endParaRPr lang="en-US"/></a:p></c:txPr>';
const axisLine = `<c:spPr><a:ln w="12700" cap="flat">${fill(AXIS)}<a:prstDash val="solid"/><a:round/></a:ln></c:spPr>`;
const noFill = '<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>';

function dataLabels(position: 'outEnd' | 't'): string {
  return (
    `<c:dLbls><c:numFmt formatCode="#,##0" sourceLinked="0"/>${txPr(900)}<c:dLblPos val="${position}"/>` +
    '<c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/>' +
    '<c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>'
  );
}

function seriesXml(s: Series, idx: number, labels: string[], kind: 'bar' | 'line'): string {
  const last = labels.length + 1;
  const cats = labels.map((l, i) => `<c:pt idx="${i}"><c:v>${escapeXml(l)}</c:v></c:pt>`).join('');
  const vals = s.values.map((v, i) => `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>`).join('');
  const style =
    kind === 'bar'
      ? `<c:spPr>${fill(ACCENT)}</c:spPr><c:invertIfNegative val="0"/>${dataLabels('outEnd')}`
      : `<c:spPr><a:ln w="25400" cap="rnd">${fill(TARGET)}<a:round/></a:ln></c:spPr>` +
        `<c:marker><c:symbol val="none"/></c:marker>${dataLabels('t')}`;
  return (
    `<c:ser><c:idx val="${idx}"/><c:order val="${idx}"/>` +
    `<c:tx><c:strRef><c:f>Sheet1!$${s.col}$1</c:f><c:strCache><c:ptCount val="1"/>` +
    `<c:pt idx="0"><c:v>${escapeXml(s.name)}</c:v></c:pt></c:strCache></c:strRef></c:tx>${style}` +
    `<c:cat><c:strRef><c:f>Sheet1!$A$2:$A$${last}</c:f><c:strCache><c:ptCount val="${labels.length}"/>` +
    `${cats}</c:strCache></c:strRef></c:cat>` +
    `<c:val><c:numRef><c:f>Sheet1!$${s.col}$2:$${s.col}$${last}</c:f><c:numCache>` +
    `<c:formatCode>General</c:formatCode><c:ptCount val="${labels.length}"/>${vals}</c:numCache></c:numRef></c:val>` +
    `${kind === 'line' ? '<c:smooth val="0"/>' : ''}</c:ser>`
  );
}

function chartData(kpi: KpiBlock, lang: Lang): { labels: string[]; observed: Series; target: Series | null } {
  const labels = kpi.points.map((p) => p.label);
  const observed: Series = {
    name: t(lang, 'report.kpi_observed'),
    col: 'B',
    values: kpi.points.map((p) => p.value),
  };
  const { targetValue } = kpi;
  const target: Series | null =
    targetValue === null
      ? null
      : { name: t(lang, 'report.kpi_target_series'), col: 'C', values: labels.map(() => targetValue) };
  return { labels, observed, target };
}

/** The chart part of one KPI; its relationship rId1 is the embedded workbook. */
export function chartXml(kpi: KpiBlock, lang: Lang, langTag: string): string {
  const { labels, observed, target } = chartData(kpi, lang);
  const axes = `<c:axId val="${CAT_AXIS}"/><c:axId val="${VAL_AXIS}"/>`;
  const bar =
    '<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>' +
    `${seriesXml(observed, 0, labels, 'bar')}<c:gapWidth val="150"/>${axes}</c:barChart>`;
  const line = target
    ? '<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>' +
      `${seriesXml(target, 1, labels, 'line')}<c:marker val="1"/>${axes}</c:lineChart>`
    : '';
  const title =
    '<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p>' +
    `<a:pPr><a:defRPr sz="1000" b="0">${fill(TEXT)}${font}</a:defRPr></a:pPr>` +
    `<a:r><a:rPr lang="${langTag}" sz="1000" b="0">${fill(TEXT)}${font}</a:rPr>` +
    `<a:t>${escapeXml(kpi.name)}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>`;
  const catAx =
    `<c:catAx><c:axId val="${CAT_AXIS}"/><c:scaling><c:orientation val="minMax"/></c:scaling>` +
    '<c:delete val="0"/><c:axPos val="b"/><c:numFmt formatCode="General" sourceLinked="1"/>' +
    '<c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="low"/>' +
    `${axisLine}${txPr(900)}<c:crossAx val="${VAL_AXIS}"/><c:crosses val="autoZero"/>` +
    '<c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="1"/></c:catAx>';
  const valAx =
    `<c:valAx><c:axId val="${VAL_AXIS}"/><c:scaling><c:orientation val="minMax"/><c:min val="0"/></c:scaling>` +
    `<c:delete val="0"/><c:axPos val="l"/><c:majorGridlines>${axisLine}</c:majorGridlines>` +
    '<c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="out"/>' +
    `<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>${axisLine}${txPr(900)}` +
    `<c:crossAx val="${CAT_AXIS}"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>`;
  return (
    `${XML_HEAD}<c:chartSpace xmlns:c="${NS_C}" xmlns:a="${NS_A}" xmlns:r="${NS_R}">` +
    '<c:date1904 val="0"/><c:roundedCorners val="0"/>' +
    `<c:chart>${title}<c:autoTitleDeleted val="0"/>` +
    `<c:plotArea><c:layout/>${bar}${line}${catAx}${valAx}${noFill}</c:plotArea>` +
    `<c:legend><c:legendPos val="b"/><c:overlay val="0"/>${txPr(900)}</c:legend>` +
    '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>' +
    `${noFill}<c:externalData r:id="rId1"><c:autoUpdate val="0"/></c:externalData></c:chartSpace>`
  );
}

const NS_S = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const SML = 'application/vnd.openxmlformats-officedocument.spreadsheetml';

const WORKBOOK_PARTS: [string, string][] = [
  [
    '[Content_Types].xml',
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      `<Override PartName="/xl/workbook.xml" ContentType="${SML}.sheet.main+xml"/>` +
      `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="${SML}.worksheet+xml"/>` +
      `<Override PartName="/xl/styles.xml" ContentType="${SML}.styles+xml"/></Types>`,
  ],
  ['_rels/.rels', relsXml([{ id: 'rId1', type: relType('officeDocument'), target: 'xl/workbook.xml' }])],
  [
    'xl/workbook.xml',
    `${XML_HEAD}<workbook xmlns="${NS_S}" xmlns:r="${NS_R}">` +
      '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
  ],
  [
    'xl/_rels/workbook.xml.rels',
    relsXml([
      { id: 'rId1', type: relType('worksheet'), target: 'worksheets/sheet1.xml' },
      { id: 'rId2', type: relType('styles'), target: 'styles.xml' },
    ]),
  ],
  [
    'xl/styles.xml',
    `${XML_HEAD}<styleSheet xmlns="${NS_S}">` +
      `<fonts count="1"><font><sz val="11"/><name val="${FONT}"/></font></fonts>` +
      '<fills count="2"><fill><patternFill patternType="none"/></fill>' +
      '<fill><patternFill patternType="gray125"/></fill></fills>' +
      '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>' +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>',
  ],
];

/**
 * The workbook behind a chart: categories in column A, observations in B, the target in C,
 * with the series names in row 1 (the cells the chart's formulas name). Stored uncompressed:
 * the deck's package deflates it as a whole.
 */
export function chartWorkbook(kpi: KpiBlock, lang: Lang): Promise<Buffer> {
  const { labels, observed, target } = chartData(kpi, lang);
  const series = target ? [observed, target] : [observed];
  const text = (ref: string, s: string) => `<c r="${ref}" t="inlineStr"><is><t>${escapeXml(s)}</t></is></c>`;
  const rows = [`<row r="1">${series.map((s) => text(`${s.col}1`, s.name)).join('')}</row>`];
  labels.forEach((label, i) => {
    const r = i + 2;
    const values = series.map((s) => `<c r="${s.col}${r}"><v>${s.values[i]}</v></c>`).join('');
    rows.push(`<row r="${r}">${text(`A${r}`, label)}${values}</row>`);
  });
  const sheet = `${XML_HEAD}<worksheet xmlns="${NS_S}"><sheetData>${rows.join('')}</sheetData></worksheet>`;
  const zip = new ZipWriter();
  for (const [name, xml] of WORKBOOK_PARTS) zip.add(name, xml, { store: true });
  zip.add('xl/worksheets/sheet1.xml', sheet, { store: true });
  return zip.finish();
}
