/**
 * The archive check that runs before exceljs: real workbooks pass; encrypted workbooks,
 * noise, truncated archives and zip bombs (too big, too compressed, or lying about their
 * size) are refused without unpacking more than the limit.
 */
import { describe, expect, it } from 'vitest';
import { zip } from '../../../test/fixtures/survey/zip-writer.ts';
import { writeSurveyTemplate } from './template.ts';
import { inspectXlsx, ZIP_LIMITS } from './zip.ts';

const template = () =>
  writeSurveyTemplate({
    strategyId: 's',
    strategyTitle: '試験戦略',
    cycleId: 's-fy2023',
    cycleLabel: '2023年度',
    deadline: null,
    organisationId: 'mic',
    organisationName: '総務省',
    stages: ['開始予定', '実施中'],
    rows: [],
    indicators: [],
    generatedAt: '2023-11-01T00:00:00.000Z',
  });

describe('inspectXlsx', () => {
  it('passes a workbook written by the template and counts what it unpacks to', async () => {
    const bytes = await template();
    const verdict = inspectXlsx(bytes);
    expect(verdict).toMatchObject({ ok: true });
    expect(verdict.ok && verdict.unpacked).toBeGreaterThan(bytes.length);
  });

  it('tells an encrypted workbook (an OLE file) from noise', () => {
    const ole = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(4096, 7),
    ]);
    expect(inspectXlsx(ole)).toEqual({ ok: false, code: 'encrypted' });
    expect(inspectXlsx(Buffer.from('これは表計算のファイルではありません'))).toEqual({
      ok: false,
      code: 'not_xlsx',
    });
    const flagged = zip([{ name: 'xl/workbook.xml', data: Buffer.from('<workbook/>'), flags: 1 }]);
    expect(inspectXlsx(flagged)).toEqual({ ok: false, code: 'encrypted' });
  });

  it('refuses truncated and damaged archives', async () => {
    const bytes = await template();
    expect(inspectXlsx(bytes.subarray(0, bytes.length - 30))).toMatchObject({ ok: false, code: 'corrupt' });
    expect(inspectXlsx(bytes.subarray(0, Math.floor(bytes.length / 2)))).toMatchObject({
      ok: false,
      code: 'corrupt',
    });
    const damaged = Buffer.from(bytes);
    for (let i = 200; i < 260; i++) damaged[i] = 0x55;
    expect(inspectXlsx(damaged)).toMatchObject({ ok: false, code: 'corrupt' });
    const stored = zip([{ name: 'a.xml', data: Buffer.from('<a/>'), method: 12 }]);
    expect(inspectXlsx(stored)).toMatchObject({
      ok: false,
      code: 'corrupt',
      reason: expect.stringMatching(/method 12/),
    });
  });

  it('refuses archives that unpack to more than the limit, before unpacking them', () => {
    const big = zip([
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(1024), declared: 40 * 1024 * 1024 },
      { name: 'xl/worksheets/sheet2.xml', data: Buffer.alloc(1024), declared: 40 * 1024 * 1024 },
    ]);
    expect(inspectXlsx(big)).toEqual({
      ok: false,
      code: 'too_large_unpacked',
      size: 80 * 1024 * 1024,
      limit: ZIP_LIMITS.maxUnpacked,
    });
  });

  it('refuses an entry compressed a thousandfold (a zip bomb)', () => {
    const bomb = zip([{ name: 'xl/sharedStrings.xml', data: Buffer.alloc(8 * 1024 * 1024) }]);
    expect(bomb.length).toBeLessThan(20_000);
    expect(inspectXlsx(bomb)).toMatchObject({ ok: false, code: 'ratio', entry: 'xl/sharedStrings.xml' });
  });

  it('stops inflating an entry that is larger than its directory says', () => {
    const liar = zip([
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(3 * 1024 * 1024, 1), declared: 1000 },
    ]);
    const started = performance.now();
    expect(inspectXlsx(liar)).toMatchObject({
      ok: false,
      code: 'corrupt',
      reason: expect.stringMatching(/larger than declared/),
    });
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
