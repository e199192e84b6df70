/**
 * Property tests: the report parser and the structure importer fed random and mutated input
 * (the seed with lines deleted, duplicated, shuffled or replaced by random Unicode; CSV and
 * XLSX bytes with random edits). Whatever comes in, they return a result or problems — never
 * throw, never hang — and any result they return is a valid, self-consistent strategy.
 * Fixed seeds and bounded runs keep the suite fast and failures replayable.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StrategyExport } from '../domain/interchange.ts';
import { checkReferences } from '../domain/interchange-check.ts';
import { dxFiles, dxWorkbook } from '../../test/helpers/structure-fixtures.ts';
import type { ImportResult } from './problems.ts';
import { parseReport } from './report-text/index.ts';
import { importStructure, readTables, type InputFile } from './structure/index.ts';

const sample = StrategyExport.parse(
  JSON.parse(readFileSync(new URL('../../data/sample/ai-strategy-2022.json', import.meta.url), 'utf8')),
);
const organisations = sample.organisations;
const seedLines = readFileSync(
  new URL('../../test/fixtures/ai-strategy-2022-progress.txt', import.meta.url),
  'utf8',
).split('\n');
/** Longest any single run may take, in milliseconds: a parser that slows down this much has a problem. */
const RUN_LIMIT_MS = 3_000;
const SEED = 20_230_401;

/** A result is fine if it is problems, or a draft that passes the schema and the reference checks. */
function expectWellFormed<T extends { draft: StrategyExport }>(result: ImportResult<T>): void {
  if (!result.ok) {
    expect(result.problems.some((p) => p.severity === 'error')).toBe(true);
    return;
  }
  expect(StrategyExport.safeParse(JSON.parse(JSON.stringify(result.value.draft))).success).toBe(true);
  expect(checkReferences(result.value.draft, new Set())).toEqual([]);
}

function timed<T>(fn: () => T): T {
  const start = performance.now();
  const value = fn();
  expect(performance.now() - start).toBeLessThan(RUN_LIMIT_MS);
  return value;
}

type Edit =
  | { op: 'delete'; at: number }
  | { op: 'duplicate'; at: number }
  | { op: 'swap'; at: number; with: number }
  | { op: 'replace'; at: number; text: string }
  | { op: 'insert'; at: number; text: string };

const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '主な進捗',
    '概況',
    '- ',
    '・（総務省）',
    '（科技、未来省）',
    '<li>',
    '\t主な進捗\t概況',
    '78→217件（2021年度末→2022年度末）',
  ),
);
const index = fc.nat({ max: seedLines.length - 1 });
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: index }),
  fc.record({ op: fc.constant('duplicate' as const), at: index }),
  fc.record({ op: fc.constant('swap' as const), at: index, with: index }),
  fc.record({ op: fc.constant('replace' as const), at: index, text: anyText }),
  fc.record({ op: fc.constant('insert' as const), at: index, text: anyText }),
);

function applyEdits(lines: readonly string[], edits: readonly Edit[]): string {
  const out = [...lines];
  for (const e of edits) {
    const at = Math.min(e.at, out.length - 1);
    if (at < 0) break;
    if (e.op === 'delete') out.splice(at, 1);
    else if (e.op === 'duplicate') out.splice(at, 0, out[at]!);
    else if (e.op === 'swap')
      [out[at], out[Math.min(e.with, out.length - 1)]] = [out[Math.min(e.with, out.length - 1)]!, out[at]!];
    else if (e.op === 'replace') out[at] = e.text;
    else out.splice(at, 0, e.text);
  }
  return out.join('\n');
}

describe('report parser under random input', () => {
  it('returns a draft or problems for random Unicode text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 2000 }), (text) => {
        expectWellFormed(timed(() => parseReport(text, { organisations })));
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('returns a draft or problems for the seed with lines deleted, duplicated, swapped or replaced', () => {
    let drafts = 0;
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 25 }), (edits) => {
        const text = applyEdits(seedLines, edits);
        const result = timed(() => parseReport(text, { organisations }));
        expectWellFormed(result);
        if (result.ok) drafts++;
      }),
      { seed: SEED, numRuns: 120 },
    );
    // Most mutants still read as a report: the property is exercised on drafts, not only on refusals.
    expect(drafts).toBeGreaterThan(60);
  });

  it('returns a draft or problems for the seed with its lines shuffled', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(seedLines, { minLength: 1 }), (lines) => {
        expectWellFormed(
          timed(() => parseReport(lines.join('\n'), { organisations, addUnknownOrganisations: true })),
        );
      }),
      { seed: SEED, numRuns: 60 },
    );
  });
});

const csvCell = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom(
    '',
    'dx-p1',
    'dx-p1-g1',
    '総務省',
    'R6年度',
    '12,000',
    '=SUM(A1)',
    '"',
    ',',
    '\n',
    'increase',
    '-1e309',
  ),
);

describe('structure importer under random input', () => {
  it('returns a strategy or problems for CSV files with random cells', async () => {
    const base = dxFiles();
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: base.length - 1 }),
        fc.array(fc.tuple(fc.nat({ max: 12 }), fc.nat({ max: 9 }), csvCell), { minLength: 1, maxLength: 10 }),
        async (fileIndex, edits) => {
          const files = base.map((f, i) => (i === fileIndex ? { ...f, bytes: editCsv(f.bytes, edits) } : f));
          const tables = await readTables(files);
          if (!tables.ok) return;
          expectWellFormed(timed(() => importStructure(tables.value, { knownOrganisations: organisations })));
        },
      ),
      { seed: SEED, numRuns: 120 },
    );
  });

  it('returns problems, never a crash, for random and damaged XLSX bytes', async () => {
    const good = (await dxWorkbook()).bytes;
    const damaged = fc.array(fc.tuple(fc.nat({ max: good.length - 1 }), fc.integer({ min: 0, max: 255 })), {
      minLength: 1,
      maxLength: 8,
    });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          damaged.map((edits) => patch(good, edits)),
          fc.uint8Array({ maxLength: 4096 }).map((b) => Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...b])),
          fc.nat({ max: good.length }).map((n) => good.slice(0, n)),
        ),
        async (bytes) => {
          const file: InputFile = { name: 'fuzz.xlsx', bytes };
          const tables = await withTimeout(readTables([file]), RUN_LIMIT_MS * 3);
          if (!tables.ok) {
            expect(tables.problems.length).toBeGreaterThan(0);
            return;
          }
          expectWellFormed(timed(() => importStructure(tables.value, { knownOrganisations: organisations })));
        },
      ),
      { seed: SEED, numRuns: 40 },
    );
  });
});

function editCsv(bytes: Uint8Array, edits: [number, number, string][]): Uint8Array {
  const rows = Buffer.from(bytes)
    .toString('utf8')
    .split('\n')
    .map((r) => r.split(','));
  for (const [r, c, text] of edits) {
    const row = rows[r % rows.length]!;
    row[c % Math.max(1, row.length)] = text;
  }
  return Buffer.from(rows.map((r) => r.join(',')).join('\n'));
}

function patch(bytes: Uint8Array, edits: [number, number][]): Uint8Array {
  const out = Uint8Array.from(bytes);
  for (const [at, value] of edits) out[at] = value;
  return out;
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
