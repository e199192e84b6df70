/**
 * Accounts from a CSV file (the accounts screen's bulk creation): one account per line under a
 * header naming the columns login, name (may be left out), role, organisations and email.
 * Reads the shape only — which organisations exist and which logins are taken is the
 * service's check. Problems carry the line and column; their messages are
 * `workflow.accounts.csv.<code>` in the locale files.
 */
import { ROLES, type Role } from '../domain/access.ts';
import { parseCsv } from './structure/csv.ts';
import { problem, type Problem } from './problems.ts';

export const ACCOUNT_COLUMNS = ['login', 'name', 'role', 'organisations', 'email'] as const;
const REQUIRED = ['login', 'role', 'organisations', 'email'] as const;
/** At most this many accounts in one file. */
export const MAX_ACCOUNT_ROWS = 500;

export interface AccountLine {
  line: number;
  login: string;
  displayName: string;
  role: Role | null;
  /** As written: organisation ids, short names (総務省) or full names. */
  organisations: string[];
  email: string;
}

/** Roles as the file may name them: the codes, or their Japanese names on the screen. */
const ROLE_NAMES: Record<string, Role> = {
  ...Object.fromEntries(ROLES.map((r) => [r, r])),
  管理者: 'admin',
  事務局: 'reviewer',
  府省担当: 'editor',
  閲覧者: 'viewer',
};

/** Organisations in one cell: separated by ; ； 、 or |. */
export const splitOrganisations = (cell: string): string[] =>
  cell
    .split(/[;；、|]/)
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * @example readAccountsCsv('login,role,organisations,email\nsato,editor,総務省,sato@example.go.jp')
 * // { lines: [{ line: 2, login: 'sato', role: 'editor', organisations: ['総務省'], … }], problems: [] }
 */
export function readAccountsCsv(text: string): { lines: AccountLine[]; problems: Problem[] } {
  const parsed = parseCsv(text, 'accounts.csv');
  if (!parsed.ok) {
    const problems = parsed.problems.map((p) => ({ ...p, code: p.code.replace(/^csv\./, '') }));
    return { lines: [], problems };
  }
  const [header, ...records] = parsed.value;
  if (!header) return { lines: [], problems: [problem('error', 'empty')] };
  const names = header.cells.map((c) => c.trim().toLowerCase());
  const missing = REQUIRED.filter((c) => !names.includes(c));
  if (missing.length > 0) {
    return {
      lines: [],
      problems: missing.map((column) =>
        problem('error', 'missing_column', { column }, { line: header.line }),
      ),
    };
  }
  if (records.length === 0) return { lines: [], problems: [problem('error', 'no_rows')] };
  if (records.length > MAX_ACCOUNT_ROWS) {
    return { lines: [], problems: [problem('error', 'too_many_rows', { max: MAX_ACCOUNT_ROWS })] };
  }
  const cell = (cells: string[], column: string) => (cells[names.indexOf(column)] ?? '').trim();
  const problems: Problem[] = [];
  const lines = records.map(({ line, cells }) => {
    const at = (column: string) => ({ line, column });
    const login = cell(cells, 'login');
    const roleText = cell(cells, 'role');
    const role = ROLE_NAMES[roleText] ?? ROLE_NAMES[roleText.toLowerCase()] ?? null;
    if (login === '') problems.push(problem('error', 'required', { column: 'login' }, at('login')));
    if (roleText === '') problems.push(problem('error', 'required', { column: 'role' }, at('role')));
    else if (role === null) problems.push(problem('error', 'role', { value: roleText }, at('role')));
    return {
      line,
      login,
      displayName: names.includes('name') ? cell(cells, 'name') : '',
      role,
      organisations: splitOrganisations(cell(cells, 'organisations')),
      email: cell(cells, 'email'),
    };
  });
  return { lines, problems };
}
