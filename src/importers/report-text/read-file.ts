/**
 * One report file of any kind → a draft strategy: PDF and PPTX by their signature, HTML and
 * Markdown/text by their content. Every kind is read into lines with roles (or, for text laid
 * out like the seed's slide extraction, through the slide reader) and comes out as the same
 * draft. A file of another kind, or one that holds no readable text, gets one clear error.
 */
import { decodeText } from '../decode.ts';
import { problem, type ImportResult } from '../problems.ts';
import type { InputFile } from '../structure/index.ts';
import { parseReport, parseRoles, type ReportImport, type ReportImportOptions } from './index.ts';
import { hasHeadingMarks, htmlRoles, markdownRoles } from './markup.ts';

const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d];
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const CFB = [0xd0, 0xcf, 0x11, 0xe0];
const MAX_BINARY_BYTES = 50 * 1024 * 1024;

const startsWith = (bytes: Uint8Array, sig: readonly number[], from = 0): boolean =>
  sig.every((b, i) => bytes[from + i] === b);

/**
 * Reads a report file (.pdf, .pptx, .html, .md, .txt) into a draft.
 * @example (await readReportFile({ name: 'r.pdf', bytes }, { organisations })).ok
 */
export async function readReportFile(
  file: InputFile,
  opts: ReportImportOptions,
): Promise<ImportResult<ReportImport>> {
  const { bytes, name } = file;
  const where = { sheet: name };
  const refuse = (code: string): ImportResult<ReportImport> => ({
    ok: false,
    problems: [problem('error', code, { file: name }, where)],
  });
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
  if (bytes.length > MAX_BINARY_BYTES) return refuse('file.too_large_report');
  // PDF files may start after a few bytes of junk; the signature must be in the first 1 KB.
  const pdfAt = bytes.subarray(0, 1024).findIndex((_, i) => startsWith(bytes, PDF, i));
  if (pdfAt >= 0) {
    const { pdfRoles } = await import('./pdf.ts');
    const roles = await pdfRoles(bytes, name);
    return roles.ok ? parseRoles(roles.value, opts) : roles;
  }
  if (ext === 'pdf') return refuse('report.pdf_unreadable');
  if (startsWith(bytes, ZIP)) {
    const { pptxRoles } = await import('./pptx.ts');
    const roles = pptxRoles(bytes, name);
    return roles.ok ? parseRoles(roles.value, opts) : roles;
  }
  if (startsWith(bytes, CFB))
    return refuse(ext === 'pptx' ? 'report.pptx_encrypted' : 'report.not_a_report_file');
  if (ext === 'pptx') return refuse('report.pptx_unreadable');
  const decoded = decodeText(bytes, name);
  if (!decoded.ok) return decoded;
  const text = decoded.value.text;
  if (ext === 'html' || ext === 'htm' || /^\s*(?:<!doctype html|<html\b)/i.test(text))
    return parseRoles(htmlRoles(text), opts);
  if (ext !== 'md' && !hasHeadingMarks(text)) return parseReport(text, opts);
  // Headings marked in the text: the outline reader; the slide reader too, unless Markdown, and the better wins.
  const outline = parseRoles(markdownRoles(text), opts);
  if (ext === 'md') return outline;
  const slides = parseReport(text, opts);
  if (!outline.ok) return slides;
  if (!slides.ok) return outline;
  return placed(outline.value, outline.problems) >= placed(slides.value, slides.problems) ? outline : slides;
}

/** How much of a report a reading placed: listed items, assessments and figures, less what it could not place. */
function placed(r: ReportImport, problems: readonly { severity: string }[]): number {
  const c = r.counts;
  return (
    c.listings * 2 + c.assessments + c.kpiFigures - problems.filter((p) => p.severity === 'unplaced').length
  );
}

/** A report file's kind, by its signature (as readReportFile tells them apart). */
export function reportKind(file: InputFile): 'pdf' | 'pptx' | 'text' {
  const { bytes } = file;
  if (bytes.subarray(0, 1024).some((_, i) => startsWith(bytes, PDF, i))) return 'pdf';
  return startsWith(bytes, ZIP) ? 'pptx' : 'text';
}

/**
 * The printed lines of a PPTX's slides or a text file's lines, numbered as the draft's sources
 * are (slide × 1000 + position, or the line), for showing beside the recovered tree. A PDF's
 * pages are drawn from the file itself, so none for a PDF.
 */
export async function reportSourceLines(file: InputFile): Promise<{ line: number; text: string }[]> {
  const kind = reportKind(file);
  if (kind === 'pdf') return [];
  if (kind === 'pptx') {
    const { pptxRoles } = await import('./pptx.ts');
    const roles = pptxRoles(file.bytes, file.name);
    return roles.ok ? roles.value.map((r) => ({ line: r.line, text: r.text })) : [];
  }
  const decoded = decodeText(file.bytes, file.name);
  if (!decoded.ok) return [];
  return decoded.value.text.split(/\r\n|\r|\n/).map((text, i) => ({ line: i + 1, text }));
}
