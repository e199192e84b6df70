/**
 * The layers' boundaries are the linter's (eslint.config.js › BOUNDARIES): an import a layer
 * may not make fails `npm run check`. These cases show that it does, and that the web app
 * reaches no Node module even through the domain modules it imports.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

async function importErrors(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the linter refuses an import across a boundary', () => {
  const cases: [file: string, code: string][] = [
    [
      'src/domain/leak.ts',
      "import { openDatabase } from '../db/database.ts';\nexport const x = openDatabase;\n",
    ],
    ['src/domain/leak.ts', "import fs from 'node:fs';\nexport const x = fs;\n"],
    ['src/domain/leak.ts', "import { loadConfig } from '../config.ts';\nexport const x = loadConfig;\n"],
    [
      'src/db/repositories/leak.ts',
      "import { audit } from '../../services/audit.service.ts';\nexport const x = audit;\n",
    ],
    ['src/services/leak.ts', "import { buildApp } from '../api/app.ts';\nexport const x = buildApp;\n"],
    [
      'src/reports/leak.ts',
      "import { getTree } from '../services/strategies.service.ts';\nexport const x = getTree;\n",
    ],
    ['src/importers/leak.ts', "import type { Db } from '../db/database.ts';\nexport type X = Db;\n"],
    [
      'web/src/leak.ts',
      "import { getTree } from '../../src/services/strategies.service.ts';\nexport const x = getTree;\n",
    ],
    ['web/src/leak.ts', "import { createHash } from 'node:crypto';\nexport const x = createHash;\n"],
  ];
  for (const [file, code] of cases) {
    it(`${file}: ${code.split('\n')[0]}`, async () => {
      expect(await importErrors(file, code)).toHaveLength(1);
    });
  }

  it('lets each layer import what it may', async () => {
    expect(
      await importErrors(
        'src/services/ok.ts',
        "import { newId } from '../domain/ids.ts';\nexport const x = newId;\n",
      ),
    ).toEqual([]);
    expect(
      await importErrors(
        'web/src/ok.ts',
        "import { formatPeriod } from '../../src/domain/calendar.ts';\nexport const x = formatPeriod;\n",
      ),
    ).toEqual([]);
  });
});

/** The relative imports of a source file, resolved to files. */
function importsOf(file: string): { files: string[]; modules: string[] } {
  const text = fs.readFileSync(file, 'utf8');
  const files: string[] = [];
  const modules: string[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s+(type\s+)?[^'";]*?from\s+'([^']+)'/gm)) {
    if (m[1]) continue; // type-only: nothing reaches the bundle
    const spec = m[2]!;
    if (spec.startsWith('.')) files.push(path.resolve(path.dirname(file), spec));
    else modules.push(spec);
  }
  for (const m of text.matchAll(/^import\s+'([^']+)'/gm)) {
    const spec = m[1]!;
    if (spec.startsWith('.')) files.push(path.resolve(path.dirname(file), spec));
  }
  return { files: files.filter((f) => /\.(ts|tsx)$/.test(f)), modules };
}

describe('the web bundle', () => {
  it('reaches no Node module, through the domain modules it imports either', () => {
    const seen = new Set<string>();
    const queue = [path.join(ROOT, 'web/src/main.tsx')];
    const offending: string[] = [];
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      const { files, modules } = importsOf(file);
      for (const m of modules)
        if (m.startsWith('node:')) offending.push(`${path.relative(ROOT, file)} imports ${m}`);
      queue.push(...files.filter((f) => fs.existsSync(f)));
    }
    expect([...seen].some((f) => f.includes(`${path.sep}src${path.sep}domain${path.sep}`))).toBe(true);
    expect(offending).toEqual([]);
  });
});

describe('SQL lives in repositories', () => {
  /** Kysely's statement builders and raw SQL, as a service would call them. */
  const SQL = /\.(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\(|\bsql`/;

  it('no service builds a statement itself', () => {
    const dir = path.resolve(import.meta.dirname, '../src/services');
    const offenders = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .flatMap((f) =>
        fs
          .readFileSync(path.join(dir, f), 'utf8')
          .split('\n')
          .flatMap((line, i) => (SQL.test(line) ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
      );
    expect(offenders).toEqual([]);
  });

  it('would see one (the check can fail)', () => {
    expect(SQL.test("  await trx.deleteFrom('nodes').where('id', '=', id).execute();")).toBe(true);
    expect(SQL.test('  const rows = await sql`select 1`.execute(db);')).toBe(true);
    expect(SQL.test('  await nodesRepo.deleteNodeRow(trx, id);')).toBe(false);
  });
});
