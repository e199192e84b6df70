/**
 * The English report of a cycle whose every English field is filled (issue #22, "Done
 * when"): in every format people read — HTML, PDF, Markdown, PPTX, XLSX — no Japanese is
 * left but the texts that have no English field (plans, remarks, notes, KPI sources), each
 * shown after its "Japanese only / 日本語のみ" mark. The same checks find the Japanese of
 * the Japanese report, so they are not vacuous. Rendering does not depend on the engine: the
 * sample is read from SQLite only (the engines' trees are compared elsewhere).
 */
import JSZip from 'jszip';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StrategyTree } from '../src/domain/views.ts';
import { buildReportDocument } from '../src/reports/document.ts';
import type { ReportFormat } from '../src/reports/formats.ts';
import { closeRenderers, renderDocument } from '../src/reports/renderers.ts';
import { findChromium } from '../src/reports/render/pdf.ts';
import type { TestDb } from './helpers/db.ts';
import { englishTree } from './helpers/english.ts';
import { sampleTree } from './helpers/reports.ts';

/** Kana, kanji, full-width forms and CJK punctuation: what Japanese text is made of. */
const JAPANESE = /[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]/;
const MARK = '[Japanese only / 日本語のみ]';
const PDF = findChromium() !== null;
if (!PDF && process.env.CI === 'true') throw new Error('no Chromium for the PDF report');

const unescapeXml = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');

/** The texts a document marks Japanese only (its mark characters, see japanese-only.ts). */
const markedTexts = (doc: unknown): string[] =>
  [...JSON.stringify(doc).matchAll(/\uE000((?:[^\uE001\\]|\\.)*)\uE001/g)].map(
    (m) => JSON.parse(`"${m[1]}"`) as string,
  );

/** What is left of a text once every mark and the Japanese after it are taken out. */
function unmarked(text: string, marked: readonly string[], plain = (s: string) => s): string {
  let out = text;
  for (const s of [...marked].sort((a, b) => b.length - a.length))
    out = out.split(plain(`${MARK} ${s}`)).join('');
  return out;
}

/** Units of text as a reader meets them, per format. */
async function texts(format: ReportFormat, bytes: Buffer): Promise<string> {
  switch (format) {
    case 'html':
      // the mark, then the Japanese with lang="ja": both out, the rest (markup too) stays
      return bytes
        .toString('utf8')
        .replace(
          /<span class="ja-only"><span class="ja-only-mark">([^<]*)<\/span> <span lang="ja">([^<]*)<\/span><\/span>/g,
          (_, mark: string, ja: string) => `${unescapeXml(mark)} ${unescapeXml(ja)}`,
        );
    case 'md':
      return bytes
        .toString('utf8')
        .replace(
          /(\[Japanese only \/ 日本語のみ\]) <span lang="ja">([^<]*)<\/span>/g,
          (_, m: string, ja: string) => `${m} ${unescapeXml(ja).replace(/\\(.)/g, '$1')}`,
        );
    case 'pptx':
    case 'xlsx': {
      const zip = await JSZip.loadAsync(bytes);
      const parts = await Promise.all(
        Object.keys(zip.files)
          .filter((n) => n.endsWith('.xml') || n.endsWith('.rels'))
          .sort()
          .map(async (n) => {
            const xml = await zip.file(n)?.async('string');
            // a slide's paragraphs as lines; elsewhere every text node
            return format === 'pptx' && /^ppt\/slides\/slide\d+\.xml$/.test(n)
              ? [...(xml ?? '').matchAll(/<a:p>([\s\S]*?)<\/a:p>/g)]
                  .map((p) => [...p[1]!.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((t) => t[1]).join(''))
                  .map(unescapeXml)
                  .join('\n')
              : [...(xml ?? '').matchAll(/>([^<>]+)</g)].map((m) => unescapeXml(m[1]!)).join('\n');
          }),
      );
      return parts.join('\n');
    }
    case 'pdf': {
      const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
      const pages: string[] = [];
      for (let i = 1; i <= pdf.numPages; i++) {
        const content = await (await pdf.getPage(i)).getTextContent();
        pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(''));
      }
      await pdf.destroy();
      return pages.join('\n');
    }
    default:
      throw new Error(`not a format people read: ${format}`);
  }
}

/** Lines still holding Japanese, shortened, for a readable failure. */
const japaneseLines = (text: string): string[] =>
  text
    .split('\n')
    .filter((l) => JAPANESE.test(l))
    .map((l) => l.slice(0, 200));

const FORMATS = ['html', 'md', 'pptx', 'xlsx', ...(PDF ? (['pdf'] as const) : [])] as const;

describe('the English report of a cycle with every English field filled', () => {
  let db: TestDb;
  let tree: StrategyTree;
  beforeAll(async () => {
    const sample = await sampleTree('sqlite');
    db = sample.db;
    tree = englishTree(sample.tree);
  });
  afterAll(async () => {
    await closeRenderers();
    await db?.destroy();
  });

  for (const format of FORMATS) {
    it(`${format}: no Japanese but after its mark`, async () => {
      const doc = buildReportDocument({ tree, lang: 'en' });
      const marked = markedTexts(doc);
      // the sample's plans and KPI sources have no English: the check has marks to allow
      expect(marked.length).toBeGreaterThan(3);
      const text = await texts(format, await renderDocument(doc, format));
      // PDF text runs break where the page lays them out: compared without white space
      const plain = format === 'pdf' ? (s: string) => s.replace(/\s+/g, '') : (s: string) => s;
      const left = unmarked(plain(text), marked, plain);
      expect(text).toContain(format === 'pdf' ? 'Japanese only' : MARK);
      expect(japaneseLines(left)).toEqual([]);
      expect(text).toContain('achieved this year, in English.');

      // not vacuous: the Japanese report fails the same check
      const ja = buildReportDocument({ tree, lang: 'ja' });
      const jaText = await texts(format, await renderDocument(ja, format));
      expect(japaneseLines(jaText).length).toBeGreaterThan(5);
    }, 120_000);
  }
});
