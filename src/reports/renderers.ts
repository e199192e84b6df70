/**
 * One report document, many renderers: the dispatch from a format to its renderer. Each
 * renderer is loaded on first use, so that a command or request for Markdown does not pay
 * for loading the PPTX, chart, spreadsheet and browser libraries.
 */
import type { ReportFormat } from './formats.ts';
import type * as PdfRenderer from './render/pdf.ts';
import { withPlainMarks } from './japanese-only.ts';
import type { ReportDocument } from './model.ts';

export interface RenderOptions {
  /** Chromium for PDF (the configured CHROMIUM_PATH); default /usr/bin/chromium. */
  chromiumPath?: string;
}

const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');

/** The PDF renderer, loaded once asked for: it keeps a browser running (render/pdf.ts). */
let pdf: Promise<typeof PdfRenderer> | null = null;
const pdfRenderer = () => (pdf ??= import('./render/pdf.ts'));

/** Stops what renderers keep running (the PDF browser): at shutdown, at the end of a command. */
export async function closeRenderers(): Promise<void> {
  if (pdf) await (await pdf).closePdfBrowsers();
}

export async function renderDocument(
  doc: ReportDocument,
  format: ReportFormat,
  opts: RenderOptions = {},
): Promise<Buffer> {
  switch (format) {
    // HTML and Markdown mark Japanese-only text themselves (lang="ja"); the office formats
    // get the mark as plain text
    case 'pptx':
      return (await import('./render/pptx.ts')).renderPptx(withPlainMarks(doc));
    case 'html':
      return utf8((await import('./render/html.ts')).renderHtml(doc));
    case 'pdf': {
      const html = (await import('./render/html.ts')).renderHtml(doc);
      return (await pdfRenderer()).renderPdf(html, opts);
    }
    case 'md':
      return utf8((await import('./render/md.ts')).renderMarkdown(doc));
    case 'xlsx':
      return (await import('./render/xlsx.ts')).renderXlsx(withPlainMarks(doc));
    case 'csv':
      return utf8((await import('./render/csv.ts')).renderCsv(doc.data));
    case 'json':
      return utf8((await import('./render/json.ts')).renderJson(doc.data));
  }
}
