/**
 * One report document, many renderers: the dispatch from a format to its renderer. Each
 * renderer is loaded on first use, so that a command or request for Markdown does not pay
 * for loading the PPTX, chart, spreadsheet and browser libraries.
 */
import type { ReportFormat } from './formats.ts';
import type { ReportDocument } from './model.ts';

export interface RenderOptions {
  /** Chromium for PDF; default: CHROMIUM_PATH or /usr/bin/chromium. */
  chromiumPath?: string;
}

const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');

export async function renderDocument(
  doc: ReportDocument,
  format: ReportFormat,
  opts: RenderOptions = {},
): Promise<Buffer> {
  switch (format) {
    case 'pptx':
      return (await import('./render/pptx.ts')).renderPptx(doc);
    case 'html':
      return utf8((await import('./render/html.ts')).renderHtml(doc));
    case 'pdf': {
      const html = (await import('./render/html.ts')).renderHtml(doc);
      return (await import('./render/pdf.ts')).renderPdf(html, opts);
    }
    case 'md':
      return utf8((await import('./render/md.ts')).renderMarkdown(doc));
    case 'xlsx':
      return (await import('./render/xlsx.ts')).renderXlsx(doc);
    case 'csv':
      return utf8((await import('./render/csv.ts')).renderCsv(doc.data));
    case 'json':
      return utf8((await import('./render/json.ts')).renderJson(doc.data));
  }
}
