/**
 * The parts of a PPTX package around its slides (ECMA-376 PresentationML): content types,
 * relationships, presentation, document properties, and one theme, master and blank layout.
 * The deck draws everything on the slides themselves, so master and layout are empty.
 */
import { escapeXml } from './escape.ts';

export const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
export const NS_A = 'http://schemas.openxmlformats.org/drawingml/2006/main';
export const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
export const NS_P = 'http://schemas.openxmlformats.org/presentationml/2006/main';
export const NS_C = 'http://schemas.openxmlformats.org/drawingml/2006/chart';
const NS_RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const CT = 'application/vnd.openxmlformats-officedocument';
const PML = `${CT}.presentationml`;

/** Slide size in EMU (13.333 × 7.5 in). */
export const SLIDE_CX = 12192000;
export const SLIDE_CY = 6858000;

export interface Relationship {
  id: string;
  type: string;
  target: string;
}

/** Relationship types by their last word. */
export const relType = (name: string): string =>
  name === 'core-properties'
    ? 'http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties'
    : `${REL}/${name}`;

export function relsXml(rels: Relationship[]): string {
  const items = rels.map((r) => `<Relationship Id="${r.id}" Type="${r.type}" Target="${r.target}"/>`);
  return `${XML_HEAD}<Relationships xmlns="${NS_RELS}">${items.join('')}</Relationships>`;
}

export interface DeckInfo {
  slides: number;
  charts: number;
  title: string;
  subject: string;
  author: string;
  company: string;
}

export function contentTypesXml(deck: DeckInfo): string {
  const override = (part: string, type: string) => `<Override PartName="${part}" ContentType="${type}"/>`;
  const parts = [
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>',
    '<Default Extension="xml" ContentType="application/xml"/>',
    `<Default Extension="xlsx" ContentType="${CT}.spreadsheetml.sheet"/>`,
    override('/ppt/presentation.xml', `${PML}.presentation.main+xml`),
    override('/ppt/slideMasters/slideMaster1.xml', `${PML}.slideMaster+xml`),
    override('/ppt/slideLayouts/slideLayout1.xml', `${PML}.slideLayout+xml`),
    override('/ppt/theme/theme1.xml', `${CT}.theme+xml`),
    override('/ppt/presProps.xml', `${PML}.presProps+xml`),
    override('/ppt/viewProps.xml', `${PML}.viewProps+xml`),
    override('/ppt/tableStyles.xml', `${PML}.tableStyles+xml`),
    override('/docProps/core.xml', 'application/vnd.openxmlformats-package.core-properties+xml'),
    override('/docProps/app.xml', `${CT}.extended-properties+xml`),
  ];
  for (let i = 1; i <= deck.slides; i++)
    parts.push(override(`/ppt/slides/slide${i}.xml`, `${PML}.slide+xml`));
  for (let i = 1; i <= deck.charts; i++) {
    parts.push(override(`/ppt/charts/chart${i}.xml`, `${CT}.drawingml.chart+xml`));
  }
  return `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">${parts.join('')}</Types>`;
}

/** Every part but the slides and charts, by path. */
export function packageParts(deck: DeckInfo): [string, string][] {
  const slideIds: string[] = [];
  const presRels: Relationship[] = [
    { id: 'rId1', type: relType('slideMaster'), target: 'slideMasters/slideMaster1.xml' },
    { id: 'rId2', type: relType('theme'), target: 'theme/theme1.xml' },
    { id: 'rId3', type: relType('presProps'), target: 'presProps.xml' },
    { id: 'rId4', type: relType('viewProps'), target: 'viewProps.xml' },
    { id: 'rId5', type: relType('tableStyles'), target: 'tableStyles.xml' },
  ];
  for (let i = 1; i <= deck.slides; i++) {
    const id = `rId${i + 5}`;
    presRels.push({ id, type: relType('slide'), target: `slides/slide${i}.xml` });
    slideIds.push(`<p:sldId id="${255 + i}" r:id="${id}"/>`);
  }
  const presentation =
    `${XML_HEAD}<p:presentation xmlns:a="${NS_A}" xmlns:r="${NS_R}" xmlns:p="${NS_P}" saveSubsetFonts="1">` +
    '<p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst>' +
    `<p:sldIdLst>${slideIds.join('')}</p:sldIdLst>` +
    `<p:sldSz cx="${SLIDE_CX}" cy="${SLIDE_CY}"/><p:notesSz cx="${SLIDE_CY}" cy="${SLIDE_CX}"/>` +
    '</p:presentation>';
  return [
    ['[Content_Types].xml', contentTypesXml(deck)],
    [
      '_rels/.rels',
      relsXml([
        { id: 'rId1', type: relType('officeDocument'), target: 'ppt/presentation.xml' },
        { id: 'rId2', type: relType('core-properties'), target: 'docProps/core.xml' },
        { id: 'rId3', type: relType('extended-properties'), target: 'docProps/app.xml' },
      ]),
    ],
    ['docProps/core.xml', coreXml(deck)],
    ['docProps/app.xml', appXml(deck)],
    ['ppt/presentation.xml', presentation],
    ['ppt/_rels/presentation.xml.rels', relsXml(presRels)],
    [
      'ppt/presProps.xml',
      `${XML_HEAD}<p:presentationPr xmlns:a="${NS_A}" xmlns:r="${NS_R}" xmlns:p="${NS_P}"/>`,
    ],
    ['ppt/viewProps.xml', `${XML_HEAD}<p:viewPr xmlns:a="${NS_A}" xmlns:r="${NS_R}" xmlns:p="${NS_P}"/>`],
    [
      'ppt/tableStyles.xml',
      // The default ("no style") table style: cells carry their own borders and fills.
      `${XML_HEAD}<a:tblStyleLst xmlns:a="${NS_A}" def="{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"/>`,
    ],
    ['ppt/theme/theme1.xml', THEME],
    ['ppt/slideMasters/slideMaster1.xml', MASTER],
    [
      'ppt/slideMasters/_rels/slideMaster1.xml.rels',
      relsXml([
        { id: 'rId1', type: relType('slideLayout'), target: '../slideLayouts/slideLayout1.xml' },
        { id: 'rId2', type: relType('theme'), target: '../theme/theme1.xml' },
      ]),
    ],
    ['ppt/slideLayouts/slideLayout1.xml', LAYOUT],
    [
      'ppt/slideLayouts/_rels/slideLayout1.xml.rels',
      relsXml([{ id: 'rId1', type: relType('slideMaster'), target: '../slideMasters/slideMaster1.xml' }]),
    ],
  ];
}

function coreXml(deck: DeckInfo): string {
  return (
    `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"` +
    ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"' +
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${escapeXml(deck.title)}</dc:title><dc:subject>${escapeXml(deck.subject)}</dc:subject>` +
    `<dc:creator>${escapeXml(deck.author)}</dc:creator>` +
    `<cp:lastModifiedBy>${escapeXml(deck.author)}</cp:lastModifiedBy><cp:revision>1</cp:revision>` +
    '</cp:coreProperties>'
  );
}

function appXml(deck: DeckInfo): string {
  return (
    `${XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"` +
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">' +
    `<Application>shinchoku</Application><Slides>${deck.slides}</Slides><Notes>0</Notes>` +
    `<Company>${escapeXml(deck.company)}</Company></Properties>`
  );
}

/** An empty shape tree (the group every slide, layout and master starts with). */
export const SP_TREE_HEAD =
  '<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>' +
  '<p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/>' +
  '<a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>';

const LAYOUT =
  `${XML_HEAD}<p:sldLayout xmlns:a="${NS_A}" xmlns:r="${NS_R}" xmlns:p="${NS_P}" type="blank" preserve="1">` +
  `<p:cSld name="Blank"><p:spTree>${SP_TREE_HEAD}</p:spTree></p:cSld>` +
  '<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>';

// Text defaults of the master: Meiryo through the theme fonts (+mn-lt / +mn-ea).
const lvl = (tag: string, sz: number, extra = ''): string =>
  `<a:${tag} algn="l" eaLnBrk="1" latinLnBrk="0" hangingPunct="1"${extra}><a:defRPr sz="${sz}" kern="1200">` +
  '<a:solidFill><a:schemeClr val="tx1"/></a:solidFill><a:latin typeface="+mn-lt"/>' +
  `<a:ea typeface="+mn-ea"/><a:cs typeface="+mn-cs"/></a:defRPr></a:${tag}>`;

const MASTER =
  `${XML_HEAD}<p:sldMaster xmlns:a="${NS_A}" xmlns:r="${NS_R}" xmlns:p="${NS_P}">` +
  '<p:cSld><p:bg><p:bgRef idx="1001"><a:schemeClr val="bg1"/></p:bgRef></p:bg>' +
  `<p:spTree>${SP_TREE_HEAD}</p:spTree></p:cSld>` +
  '<p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" accent3="accent3"' +
  ' accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"/>' +
  '<p:sldLayoutIdLst><p:sldLayoutId id="2147483649" r:id="rId1"/></p:sldLayoutIdLst>' +
  `<p:txStyles><p:titleStyle>${lvl('lvl1pPr', 4400)}</p:titleStyle>` +
  `<p:bodyStyle>${lvl('lvl1pPr', 2000)}</p:bodyStyle>` +
  `<p:otherStyle>${lvl('lvl1pPr', 1800)}</p:otherStyle></p:txStyles></p:sldMaster>`;

// The Office colour scheme, Meiryo for Latin and East Asian text, and the three-of-each
// format lists the theme schema requires.
const fonts = (tag: string) =>
  `<a:${tag}><a:latin typeface="Meiryo"/><a:ea typeface="Meiryo"/><a:cs typeface=""/></a:${tag}>`;
const solid = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>';
const line = (w: number) =>
  `<a:ln w="${w}" cap="flat" cmpd="sng" algn="ctr">${solid}<a:prstDash val="solid"/><a:miter lim="800000"/></a:ln>`;
const colour = (name: string, rgb: string) => `<a:${name}><a:srgbClr val="${rgb}"/></a:${name}>`;

const THEME =
  `${XML_HEAD}<a:theme xmlns:a="${NS_A}" name="shinchoku"><a:themeElements>` +
  '<a:clrScheme name="Office">' +
  '<a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1>' +
  '<a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>' +
  colour('dk2', '44546A') +
  colour('lt2', 'E7E6E6') +
  colour('accent1', '4472C4') +
  colour('accent2', 'ED7D31') +
  colour('accent3', 'A5A5A5') +
  colour('accent4', 'FFC000') +
  colour('accent5', '5B9BD5') +
  colour('accent6', '70AD47') +
  colour('hlink', '0563C1') +
  colour('folHlink', '954F72') +
  '</a:clrScheme>' +
  `<a:fontScheme name="Meiryo">${fonts('majorFont')}${fonts('minorFont')}</a:fontScheme>` +
  '<a:fmtScheme name="Office">' +
  `<a:fillStyleLst>${solid}${solid}${solid}</a:fillStyleLst>` +
  `<a:lnStyleLst>${line(6350)}${line(12700)}${line(19050)}</a:lnStyleLst>` +
  '<a:effectStyleLst><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle>' +
  '<a:effectStyle><a:effectLst/></a:effectStyle></a:effectStyleLst>' +
  `<a:bgFillStyleLst>${solid}${solid}${solid}</a:bgFillStyleLst>` +
  '</a:fmtScheme></a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>';
