/**
 * CSV (RFC 4180) → rows of strings, each with the line it starts on. Quoted fields may hold
 * commas, quotes ("") and line breaks. A tab-separated file is recognised by its header.
 */
import { problem, type ImportResult } from '../problems.ts';

export interface CsvRecord {
  line: number;
  cells: string[];
}

/**
 * @example parseCsv('id,title\nn1,"a, b"', 'nodes.csv') // ok, records [{ line: 1, … }, { line: 2, cells: ['n1', 'a, b'] }]
 */
export function parseCsv(text: string, file: string): ImportResult<CsvRecord[]> {
  const body = text.replace(/^\uFEFF/, '');
  const firstLine = body.slice(0, body.search(/\r?\n|$/));
  const sep = (firstLine.match(/\t/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? '\t' : ',';
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let field = '';
  let line = 1;
  let start = 1;
  let quoted = false;
  let quoteLine = 0;
  let fieldStart = true;
  for (let i = 0; i < body.length; i++) {
    const ch = body.charAt(i);
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && fieldStart) {
      quoted = true;
      quoteLine = line;
      fieldStart = false;
    } else if (ch === sep) {
      cells.push(field);
      field = '';
      fieldStart = true;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      cells.push(field);
      if (cells.some((c) => c.trim() !== '')) records.push({ line: start, cells });
      cells = [];
      field = '';
      fieldStart = true;
      line++;
      start = line;
    } else {
      field += ch;
      fieldStart = false;
    }
  }
  if (quoted) {
    return {
      ok: false,
      problems: [problem('error', 'csv.unclosed_quote', {}, { sheet: file, row: quoteLine })],
    };
  }
  cells.push(field);
  if (cells.some((c) => c.trim() !== '')) records.push({ line: start, cells });
  return { ok: true, value: records, problems: [] };
}
