/**
 * What importers report back: problems as values with a message key (locales/<lang>/import.json,
 * keys `import.<code>`) and where they were found. Importers never throw on bad input; they
 * return problems, and the caller decides what to print and whether to write anything.
 */

export type Severity =
  /** Nothing can be written. */
  | 'error'
  /** Written, but someone should look. */
  | 'warning'
  /** Text the importer found but could not place in the draft. */
  | 'unplaced';

export interface Problem {
  severity: Severity;
  /** Message key without the `import.` prefix, e.g. `report.unknown_organisation`. */
  code: string;
  params: Record<string, string | number>;
  /** Where: a line of a text file, or a sheet/file with a row and a column. */
  line?: number;
  sheet?: string;
  row?: number;
  column?: string;
}

export type ImportResult<T> =
  { ok: true; value: T; problems: Problem[] } | { ok: false; problems: Problem[] };

export const problem = (
  severity: Severity,
  code: string,
  params: Record<string, string | number> = {},
  where: Pick<Problem, 'line' | 'sheet' | 'row' | 'column'> = {},
): Problem => ({ severity, code, params, ...where });

export const hasErrors = (problems: readonly Problem[]): boolean =>
  problems.some((p) => p.severity === 'error');
