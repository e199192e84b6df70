/**
 * Structure import: the tree, organisations, initiatives and indicators of a new strategy
 * from one XLSX workbook (a sheet per kind) or from CSV files (a file per kind), checked
 * cell by cell and turned into the interchange format. Pure apart from reading the bytes
 * it is given; never throws on bad input.
 */
import { StrategyExport, type OrganisationRecord } from '../../domain/interchange.ts';
import { checkReferences } from '../../domain/interchange-check.ts';
import { decodeText } from '../decode.ts';
import { hasErrors, problem, type ImportResult, type Problem } from '../problems.ts';
import { buildStructure, type RowsByKind } from './build.ts';
import { kindOf, readTable, type Kind } from './columns.ts';
import { csvTable, type Table } from './tables.ts';
import { readWorkbook } from './xlsx.ts';

export interface InputFile {
  name: string;
  bytes: Uint8Array;
}

export interface StructureImport {
  draft: StrategyExport;
  counts: { nodes: number; organisations: number; initiatives: number; indicators: number; depth: number };
}

/** Reads every input file into tables: .xlsx by sheets, anything else as CSV. */
export async function readTables(files: readonly InputFile[]): Promise<ImportResult<Table[]>> {
  const tables: Table[] = [];
  const problems: Problem[] = [];
  for (const f of files) {
    const result = /\.xlsx$/i.test(f.name) ? await readWorkbook(f.bytes, f.name) : csvFile(f);
    problems.push(...result.problems);
    if (result.ok) tables.push(...result.value);
  }
  return hasErrors(problems) ? { ok: false, problems } : { ok: true, value: tables, problems };
}

function csvFile(f: InputFile): ImportResult<Table[]> {
  const decoded = decodeText(f.bytes, f.name);
  if (!decoded.ok) return decoded;
  const table = csvTable(decoded.value.text, f.name);
  return table.ok ? { ok: true, value: [table.value], problems: [] } : table;
}

export interface StructureImportOptions {
  strategyId?: string;
  title?: string;
  knownOrganisations: readonly OrganisationRecord[];
  onProgress?: (done: number, total: number) => void;
}

/**
 * Checks the tables and builds the strategy.
 * @example importStructure(tables, { strategyId: 'gx', title: 'GX', knownOrganisations }).ok
 */
export function importStructure(
  tables: readonly Table[],
  opts: StructureImportOptions,
): ImportResult<StructureImport> {
  const problems: Problem[] = [];
  const rows: RowsByKind = {};
  const total = tables.reduce((n, t) => n + t.rows.length, 0) + 1;
  let done = 0;
  for (const t of tables) {
    if (t.header.length === 0 && t.rows.length === 0) continue;
    const kind: Kind | null = kindOf(t);
    if (kind === null) {
      problems.push(problem('error', 'structure.unknown_table', {}, { sheet: t.source }));
      continue;
    }
    if (rows[kind]) {
      problems.push(
        problem(
          'error',
          'structure.duplicate_table',
          { kind, first: rows[kind].source },
          { sheet: t.source },
        ),
      );
      continue;
    }
    const read = readTable(t, kind, problems);
    if (read) rows[kind] = { source: t.source, ...read };
    done += t.rows.length;
    opts.onProgress?.(done, total);
  }
  if (!rows.nodes && !problems.some((p) => p.code === 'structure.missing_column'))
    problems.push(problem('error', 'structure.no_nodes'));
  // Bad cells do not stop the reference checks, so one run lists every problem; bad tables do.
  const tableLevel = ['structure.unknown_table', 'structure.duplicate_table', 'structure.missing_column'];
  if (!rows.nodes || problems.some((p) => tableLevel.includes(p.code))) return { ok: false, problems };
  const built = buildStructure(
    rows,
    {
      ...(opts.strategyId !== undefined && { strategyId: opts.strategyId }),
      ...(opts.title !== undefined && { title: opts.title }),
      knownOrganisations: opts.knownOrganisations,
    },
    problems,
  );
  if (!built) return { ok: false, problems };
  const parsed = StrategyExport.safeParse(built);
  const issues = parsed.success
    ? checkReferences(parsed.data, new Set(opts.knownOrganisations.map((o) => o.id)))
    : parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  for (const i of issues.slice(0, 50))
    problems.push(problem('error', 'structure.invalid', { path: i.path, message: i.message }));
  opts.onProgress?.(total, total);
  if (!parsed.success || hasErrors(problems)) return { ok: false, problems };
  const d = parsed.data;
  const depth = levelsOf(d);
  return {
    ok: true,
    value: {
      draft: d,
      counts: {
        nodes: d.nodes.length,
        organisations: d.organisations.length,
        initiatives: d.initiatives.length,
        indicators: d.indicators.length,
        depth,
      },
    },
    problems,
  };
}

function levelsOf(d: StrategyExport): number {
  const parent = new Map(d.nodes.map((n) => [n.id, n.parentId]));
  let max = 0;
  for (const n of d.nodes) {
    let depth = 1;
    for (let p = n.parentId; p !== null && depth < 100; p = parent.get(p) ?? null) depth++;
    max = Math.max(max, depth);
  }
  return max;
}

/**
 * The tree as indented lines, for a dry-run preview: code, title, id and the number of
 * initiatives listed under each node.
 * @example treeLines(draft)[0] // '1 差し迫った危機への対処 [ai-p1]'
 */
export function treeLines(d: StrategyExport, maxLines = 500): string[] {
  const children = new Map<string | null, typeof d.nodes>();
  for (const n of d.nodes) {
    const list = children.get(n.parentId);
    if (list) list.push(n);
    else children.set(n.parentId, [n]);
  }
  const listed = new Map<string, number>();
  for (const i of d.initiatives)
    for (const l of i.listings) listed.set(l.nodeId, (listed.get(l.nodeId) ?? 0) + 1);
  const out: string[] = [];
  const visit = (parent: string | null, depth: number) => {
    for (const n of children.get(parent) ?? []) {
      if (out.length >= maxLines) return;
      const count = listed.get(n.id);
      out.push(
        `${'  '.repeat(depth)}${n.code ? `${n.code} ` : ''}${n.title} [${n.id}]${count ? ` (${count})` : ''}`,
      );
      visit(n.id, depth + 1);
    }
  };
  visit(null, 0);
  return out;
}
