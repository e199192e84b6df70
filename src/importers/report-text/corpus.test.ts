/**
 * The importer scored on a corpus of follow-up reports written for these tests (fictional
 * content, test/fixtures/report-corpus/): other strategies, years and authors' habits —
 * Markdown headings, ■/◆ marks, 【】 column headers, numbered chapters, page numbers and
 * running headers, overviews before items, KPI lines in several shapes — each with a
 * hand-written expected structure. Every report must score at least 95%.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { StrategyExport } from '../../domain/interchange.ts';
import { readReportFile } from './read-file.ts';
import { scoreReport, type Expected } from './score.ts';

const DIR = new URL('../../../test/fixtures/report-corpus/', import.meta.url);
const sample = StrategyExport.parse(
  JSON.parse(readFileSync(new URL('../../../data/sample/ai-strategy-2022.json', import.meta.url), 'utf8')),
);
const files = readdirSync(DIR).filter((f) => /\.(?:txt|md|pdf|pptx)$/.test(f));
const rows: string[] = [];

describe('report corpus', () => {
  it('has at least eight reports, and at least two also as PDF and PPTX', () => {
    const stems = (ext: string) => files.filter((f) => f.endsWith(ext)).map((f) => f.slice(0, -ext.length));
    expect(new Set([...stems('.txt'), ...stems('.md')]).size).toBeGreaterThanOrEqual(8);
    expect(stems('.pdf').filter((s) => stems('.pptx').includes(s)).length).toBeGreaterThanOrEqual(2);
  });

  it.each(files)('%s scores at least 95 per cent', async (file) => {
    const stem = file.replace(/\.[a-z]+$/, '');
    const expected = JSON.parse(readFileSync(new URL(`${stem}.expected.json`, DIR), 'utf8')) as Expected;
    const result = await readReportFile(
      { name: file, bytes: readFileSync(new URL(file, DIR)) },
      { organisations: sample.organisations },
    );
    if (!result.ok) throw new Error(JSON.stringify(result.problems.slice(0, 5)));
    const score = scoreReport(result.value.draft, expected);
    rows.push(
      `| ${file} | ${score.parts.map((p) => `${p.got}/${p.of}`).join(' | ')} | ${(score.total * 100).toFixed(1)}% |`,
    );
    expect(score.misses).toEqual([]);
    expect(score.total).toBeGreaterThanOrEqual(0.95);
  });

  it('prints the scores (for the README)', () => {
    const head = '| report | pillars | nodes | items | ministries | KPIs | 概況 | plans | score |';
    console.log([head, '| --- | --- | --- | --- | --- | --- | --- | --- | --- |', ...rows.sort()].join('\n'));
    expect(rows.length).toBe(files.length);
  });
});
