/**
 * The report's one stylesheet, inlined into the HTML: screen and A4-landscape print.
 * Colours keep WCAG AA contrast; the rating badge carries its label, not colour alone.
 */
import { BADGE } from './layout.ts';

const FONTS = "'Noto Sans CJK JP', 'Noto Sans JP', 'Yu Gothic', 'Meiryo', sans-serif";
/**
 * Print (and so the PDF) prefers BIZ UDPGothic: a TrueType face with a real bold, on Windows
 * and in Debian's fonts-morisawa-bizud-gothic. Chromium embeds TrueType as named fonts, but
 * writes CFF faces (Noto Sans CJK) and synthesised bold as unnamed Type 3 glyphs.
 */
const PRINT_FONTS = `'BIZ UDPGothic', ${FONTS}`;

const badges = Object.entries(BADGE)
  .map(
    ([category, [fill, text]]) => `.badge-${category || 'none'} { background: #${fill}; color: #${text}; }`,
  )
  .join('\n');

export const REPORT_CSS = `
:root { --accent: #1f4e79; --text: #1a1a1a; --muted: #595959; --rule: #a6a6a6; --label: #eef3f8; }
* { box-sizing: border-box; }
html { font-family: ${FONTS}; color: var(--text); background: #fff; line-height: 1.6; }
body { margin: 0 auto; max-width: 1200px; padding: 24px; font-size: 15px; }
a { color: var(--accent); }
.cover { border-top: 8px solid var(--accent); padding: 48px 0 32px; text-align: center; }
.cover h1 { color: var(--accent); font-size: 2.2rem; margin: 0 0 16px; }
.cover p { margin: 4px 0; font-size: 1.15rem; }
.draft { color: #b00020; font-weight: bold; }
.kicker { display: block; color: var(--accent); font-size: 0.8em; font-weight: normal; }
h2 { font-size: 1.6rem; border-bottom: 2px solid var(--accent); padding-bottom: 4px; margin-top: 48px; }
h3 { font-size: 1.3rem; margin-top: 32px; }
h4 { font-size: 1.1rem; margin: 20px 0 8px; }
.note { color: var(--muted); margin-top: -8px; }
.overall li { font-weight: bold; font-size: 1.1rem; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; }
caption { text-align: left; font-weight: bold; padding: 4px 0; }
th, td { border: 1px solid var(--rule); padding: 6px 8px; vertical-align: top; text-align: left; }
thead th { background: var(--accent); color: #fff; }
tbody th { background: var(--label); width: 22%; }
tbody th p { margin: 0 0 6px; }
table.progress td:nth-child(2) { width: 44%; }
td ul { margin: 0; padding-left: 1.2em; }
td li { margin-bottom: 4px; }
td ul ul { list-style: '– '; }
td p { margin: 0 0 6px; }
.owners { white-space: nowrap; }
.unreported { color: var(--muted); }
.ja-only-mark { font-size: 0.8em; font-weight: normal; border: 1px solid currentColor; border-radius: 3px; padding: 0 0.3em; white-space: nowrap; }
.badge { display: inline-block; font-weight: bold; font-size: 0.85em; padding: 1px 8px; border-radius: 3px; }
${badges}
.remark { color: var(--muted); font-size: 0.9em; }
.cover .hash { font-size: 0.8rem; color: var(--muted); overflow-wrap: anywhere; }
.corrections { border: 2px solid #b00020; padding: 0 16px 8px; margin-top: 24px; }
.corrections h2 { border-bottom-color: #b00020; margin-top: 16px; }
.corrected { color: #b00020; font-weight: bold; font-size: 0.85em; white-space: nowrap; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
figure { margin: 0; }
figcaption { font-size: 0.85em; max-width: 320px; }
nav ol { columns: 2; }
footer { border-top: 1px solid var(--rule); margin-top: 48px; padding-top: 8px; color: var(--muted); font-size: 0.85em; }
.logic-model svg { max-width: 100%; height: auto; }
.logic-model figcaption { max-width: none; }
.lm-box { fill: var(--label); stroke: var(--accent); }
.lm-heading { font-weight: bold; font-size: 14px; fill: var(--text); }
.lm-text { font-size: 13px; fill: var(--text); }
.lm-arrow { stroke: var(--muted); stroke-width: 2; fill: none; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@page { size: A4 landscape; margin: 12mm 12mm 14mm; }
@media print {
  html { font-family: ${PRINT_FONTS}; }
  svg text { font-family: ${PRINT_FONTS} !important; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  .cover { min-height: 170mm; display: flex; flex-direction: column; justify-content: center; }
  nav, .pillar, #summary, .corrections, #logic-models, #logic-models .page + .page { break-before: page; }
  h2, h3, h4 { break-after: avoid; }
  tr, figure { break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
}
`;
