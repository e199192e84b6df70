/**
 * Every problem code the importers can report has a message in both languages, and the two
 * locale files hold the same keys with the same placeholders.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../../locales/en/import.json' with { type: 'json' };
import ja from '../../locales/ja/import.json' with { type: 'json' };
import { formatProblem } from './messages.ts';

const ROOT = path.dirname(new URL(import.meta.url).pathname);
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(path.join(dir, e.name))
      : /\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name)
        ? [readFileSync(path.join(dir, e.name), 'utf8')]
        : [],
  );
const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

describe('import messages', () => {
  it('has the same keys and placeholders in Japanese and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(ja).sort());
    for (const [key, text] of Object.entries(ja)) {
      expect(placeholders((en as Record<string, string>)[key] ?? ''), key).toEqual(placeholders(text));
    }
  });

  it('has a message for every code the importers report', () => {
    const used = new Set<string>();
    for (const src of [
      ...sources(path.join(ROOT, 'report-text')),
      ...sources(path.join(ROOT, 'structure')),
      readFileSync(path.join(ROOT, 'decode.ts'), 'utf8'),
    ]) {
      for (const m of src.matchAll(/'((?:file|xlsx|csv|structure|report)\.[a-z_]+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(30);
    expect([...used].filter((code) => !(`import.${code}` in ja))).toEqual([]);
  });

  it('formats a problem with its place', () => {
    const p = {
      severity: 'warning',
      code: 'structure.unknown_column',
      params: { column: 'memo' },
      sheet: 'nodes',
      row: 1,
      column: 'G',
    } as const;
    expect(formatProblem('ja', p)).toBe('警告 nodes 1行目 G列: 列「memo」は使いません（無視します）');
    expect(formatProblem('en', p)).toBe('warning nodes row 1 column G: column "memo" is not used (ignored)');
  });
});
