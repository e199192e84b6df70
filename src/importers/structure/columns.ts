/**
 * What each table of a structure import holds: its kind, the names a sheet or file may have,
 * and its columns with their types. Reading a table checks every cell against its column and
 * reports each problem with the table, row and column it was found in.
 */
import { parseJapanesePeriod, periodCode } from '../../domain/calendar.ts';
import { problem, type Problem } from '../problems.ts';
import { columnLetter, type Cell, type Table } from './tables.ts';

export type Kind = 'strategy' | 'nodes' | 'organisations' | 'initiatives' | 'indicators';
type ColumnType = 'id' | 'text' | 'list' | 'number' | 'period' | 'direction';

interface Column {
  name: string;
  type: ColumnType;
  required?: boolean;
  max?: number;
}

const col = (name: string, type: ColumnType, required = false, max = 1000): Column => ({
  name,
  type,
  required,
  max,
});

export const KINDS: Record<Kind, { names: string[]; columns: Column[] }> = {
  strategy: {
    names: ['strategy', '戦略'],
    columns: [
      col('id', 'id', true),
      col('title', 'text', true),
      col('title_en', 'text'),
      col('owner', 'text'),
      col('levels', 'list'),
    ],
  },
  nodes: {
    names: ['nodes', 'node', 'tree', 'ノード', '構造', '体系'],
    columns: [
      col('id', 'id', true),
      col('parent_id', 'id'),
      col('code', 'text', false, 40),
      col('title', 'text', true),
      col('title_en', 'text'),
      col('note', 'text'),
      col('mirror_of', 'id'),
    ],
  },
  organisations: {
    names: ['organisations', 'organizations', 'orgs', '組織', '府省', '府省庁'],
    columns: [
      col('id', 'id', true),
      col('short_name', 'text', true, 100),
      col('name_ja', 'text', true),
      col('name_en', 'text'),
      col('aliases', 'list'),
    ],
  },
  initiatives: {
    names: ['initiatives', '施策', '取組'],
    columns: [
      col('id', 'id', true),
      col('title', 'text', true),
      col('owners', 'list', true),
      col('listed_under', 'list', true),
    ],
  },
  indicators: {
    names: ['indicators', 'kpi', 'kpis', '指標'],
    columns: [
      col('id', 'id', true),
      col('node_id', 'id'),
      col('initiative_id', 'id'),
      col('name', 'text', true),
      col('unit', 'text', false, 40),
      col('direction', 'direction'),
      col('baseline_value', 'number'),
      col('baseline_period', 'period'),
      col('target_value', 'number'),
      col('target_period', 'period'),
    ],
  },
};

/** The kind of a table: by its sheet or file name, else by its header. */
export function kindOf(table: Table): Kind | null {
  const byName = (Object.keys(KINDS) as Kind[]).find((k) => KINDS[k].names.includes(table.name));
  if (byName) return byName;
  const header = new Set(table.header.map((h) => h.trim().toLowerCase()));
  // The kind whose columns the header uses most, among those whose required columns are all there.
  const scored = (Object.keys(KINDS) as Kind[])
    .filter((k) => KINDS[k].columns.filter((c) => c.required).every((c) => header.has(c.name)))
    .map((k) => ({ k, score: KINDS[k].columns.filter((c) => header.has(c.name)).length }))
    .sort((a, b) => b.score - a.score);
  const [best, next] = scored;
  return best && (!next || next.score < best.score) ? best.k : null;
}

export type Value = string | number | string[] | null;

export interface Row {
  no: number;
  values: Record<string, Value>;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const DIRECTIONS: Record<string, string> = {
  increase: 'increase',
  decrease: 'decrease',
  maintain: 'maintain',
  増加: 'increase',
  減少: 'decrease',
  維持: 'maintain',
};

export const splitList = (text: string): string[] =>
  text
    .split(/[、,，;；\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');

export interface ReadTable {
  rows: Row[];
  /** How messages name each column: 'owners（C）'. */
  labels: Record<string, string>;
}

/** Reads a table's rows as typed values; every bad cell becomes a problem. */
export function readTable(table: Table, kind: Kind, problems: Problem[]): ReadTable | null {
  const columns = KINDS[kind].columns;
  const header = table.header.map((h) => h.trim().toLowerCase());
  const index = columns.map((c) => header.indexOf(c.name));
  const labels = Object.fromEntries(
    columns.map((c, i) => [
      c.name,
      (index[i] ?? -1) >= 0 ? `${c.name}（${columnLetter(index[i] ?? -1)}）` : c.name,
    ]),
  );
  const where = (row: number, i: number) => ({
    sheet: table.source,
    row,
    column: labels[columns[i]?.name ?? ''],
  });
  let ok = true;
  columns.forEach((c, i) => {
    if (c.required && index[i] === -1) {
      problems.push(
        problem('error', 'structure.missing_column', { column: c.name }, { sheet: table.source, row: 1 }),
      );
      ok = false;
    }
  });
  header.forEach((h, i) => {
    if (h !== '' && !columns.some((c) => c.name === h))
      problems.push(
        problem(
          'warning',
          'structure.unknown_column',
          { column: h },
          { sheet: table.source, row: 1, column: columnLetter(i) },
        ),
      );
  });
  if (!ok) return null;
  const rows = table.rows.map((r) => {
    const values: Record<string, Value> = {};
    columns.forEach((c, i) => {
      const at = index[i] ?? -1;
      const cell: Cell = at >= 0 ? (r.cells[at] ?? { text: '' }) : { text: '' };
      values[c.name] = readCell(cell, c, (code, params = {}) =>
        problems.push(problem('error', code, params, where(r.no, i))),
      );
    });
    return { no: r.no, values };
  });
  return { rows, labels };
}

type Report = (code: string, params?: Record<string, string | number>) => void;

function readCell(cell: Cell, c: Column, report: Report): Value {
  const bad = (code: string, params?: Record<string, string | number>): null => {
    report(code, params);
    return null;
  };
  if (cell.formula !== undefined) return bad('structure.formula', { formula: cell.formula });
  if (cell.error !== undefined) return bad('structure.cell_error', { error: cell.error });
  const text = cell.text.trim();
  if (text === '') {
    if (c.required) report('structure.required');
    return c.type === 'list' ? [] : null;
  }
  const max = c.max ?? 1000;
  if ([...text].length > max) return bad('structure.too_long', { max });
  switch (c.type) {
    case 'id':
      return ID.test(text) && text.length <= 100 ? text : bad('structure.bad_id', { value: text });
    case 'list':
      return splitList(text);
    case 'number': {
      const plain = text.normalize('NFKC').replaceAll(',', '');
      const n = cell.number ?? (/^[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?$/i.test(plain) ? Number(plain) : NaN);
      return Number.isFinite(n) ? n : bad('structure.not_number', { value: text });
    }
    case 'period': {
      const p = parseJapanesePeriod(cell.number !== undefined ? String(cell.number) : text);
      return p ? periodCode(p) : bad('structure.bad_period', { value: text });
    }
    case 'direction':
      return DIRECTIONS[text.toLowerCase()] ?? bad('structure.bad_direction', { value: text });
    default:
      return text;
  }
}
