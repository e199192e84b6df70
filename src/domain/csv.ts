/**
 * Spreadsheet-safe text: what every file a spreadsheet program opens (the open-data CSV, the
 * XLSX report, the audit trail's CSV) does to a user's text.
 */

/**
 * A spreadsheet cell that would start a formula (= + - @, or a tab or carriage return that
 * some programs skip before one) is prefixed with an apostrophe so that it stays text.
 * @example neutraliseFormula('=HYPERLINK("x")') // "'=HYPERLINK(\"x\")"
 * @example neutraliseFormula('-5') // "'-5"
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/**
 * One CSV field (RFC 4180): quoted when needed, after neutralising formulas.
 * @example csvField('a,"b"') // '"a,""b"""'
 */
export function csvField(value: string | number): string {
  const text = typeof value === 'number' ? String(value) : neutraliseFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
