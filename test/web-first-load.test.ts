/**
 * What a reader of the public pages downloads first: the modules web/src/main.tsx reaches
 * through static imports (the entry chunk). The signed-in screens and search are loaded on
 * demand (`import()`), and no chart library is loaded at all (the indicator chart is SVG).
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const ENTRY = path.join(ROOT, 'web/src/main.tsx');

/** Module specifiers imported statically (type-only imports are erased and skipped). */
function staticImports(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const out: string[] = [];
  for (const s of source.statements) {
    if (ts.isImportDeclaration(s) && !s.importClause?.isTypeOnly) {
      out.push((s.moduleSpecifier as ts.StringLiteral).text);
    } else if (ts.isExportDeclaration(s) && s.moduleSpecifier && !s.isTypeOnly) {
      out.push((s.moduleSpecifier as ts.StringLiteral).text);
    }
  }
  return out;
}

/** Every project file and package reached from `entry` by static imports. */
function reachable(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    if (!/\.tsx?$/.test(file)) continue;
    for (const spec of staticImports(file)) {
      if (spec.startsWith('.')) queue.push(path.resolve(path.dirname(file), spec));
      else packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
  }
  return { files, packages };
}

const rel = (file: string) => path.relative(ROOT, file).split(path.sep).join('/');

describe('the public first load', () => {
  const { files, packages } = reachable(ENTRY);
  const loaded = [...files].map(rel);

  it('carries the public pages', () => {
    const pages = ['Home', 'Dashboard', 'NodePage', 'InitiativePage', 'IndicatorPage', 'ComparePage'];
    for (const page of [...pages, 'PortfolioPage', 'PortfolioMinistryPage']) {
      expect(loaded).toContain(`web/src/pages/${page}.tsx`);
    }
  });

  it('does not carry the signed-in screens', () => {
    const screens = fs
      .readdirSync(path.join(ROOT, 'web/src/workflow'), { recursive: true, encoding: 'utf8' })
      .filter((f) => /Page\.tsx$|^admin[/\\]/.test(f))
      .map((f) => `web/src/workflow/${f.split(path.sep).join('/')}`);
    expect(screens.length).toBeGreaterThan(5);
    expect(loaded.filter((f) => screens.includes(f))).toEqual([]);
  });

  // Schemas are for the server: zod is over 100 KB of the first load, and building an object
  // schema runs its check for eval (new Function), which the CSP refuses and reports.
  it('carries no zod', () => {
    const usingZod = [...files].filter((f) => /\.tsx?$/.test(f) && staticImports(f).includes('zod')).map(rel);
    expect(usingZod).toEqual([]);
  });

  it('does not carry the chart library or the search page', () => {
    expect([...packages].filter((p) => p === 'echarts' || p === 'zrender')).toEqual([]);
    expect(loaded).not.toContain('web/src/insight/SearchPage.tsx');
  });
});
