/**
 * The report formats' media types and the download file names.
 */
export { CONTENT_TYPES, isReportFormat, REPORT_FORMATS, type ReportFormat } from '../domain/formats.ts';

/**
 * A file name safe on every system: no path separators, reserved or control characters.
 * @example safeFileName('AI戦略/2022: 進捗') // 'AI戦略_2022_ 進捗'
 */
export function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  const cleaned = name.replace(/[\u0000-\u001F\u007F/\\:*?"<>|]/g, '_').trim();
  return cleaned.replace(/^\.+/, '').slice(0, 180) || 'report';
}

/**
 * Content-Disposition with a UTF-8 file name (RFC 6266 / RFC 5987) and an ASCII fallback
 * for old clients.
 * @example contentDisposition('進捗.pdf', 'report.pdf') // "attachment; filename=\"report.pdf\"; filename*=UTF-8''%E9%80%B2%E6%8D%97.pdf"
 */
export function contentDisposition(fileName: string, asciiFallback: string, inline = false): string {
  const ascii = asciiFallback.replace(/[^\x20-\x7E]|["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
