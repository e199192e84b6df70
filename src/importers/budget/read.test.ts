import { describe, expect, it } from 'vitest';
import { readAmount, readBudgetCsv, readFiscalYear, readHeader } from './read.ts';

const HEAD = '事業番号,府省庁,事業名,年度,当初予算（千円）,補正予算（千円）,執行額（千円）';
const where = { sheet: 'b.csv', row: 2, column: '当初予算（千円）' };

describe('the review CSV’s columns', () => {
  it('reads names with their units in any bracket, and leaves unknown columns unmapped', () => {
    expect(readHeader('当初予算（千円）')).toEqual({ field: 'initialBudget', unit: '千円' });
    expect(readHeader('執行額(単位:百万円)')).toEqual({ field: 'executed', unit: '百万円' });
    expect(readHeader(' 補正予算額 [円]')).toEqual({ field: 'supplementaryBudget', unit: '円' });
    expect(readHeader('予算事業ID')).toEqual({ field: 'projectNumber', unit: null });
    expect(readHeader('担当部局庁')).toEqual({ field: null, unit: null });
  });

  it('reports a missing column and an unknown one, and reads no rows then', () => {
    const r = readBudgetCsv(
      '事業番号,府省庁,事業名,年度,当初予算（千円）,備考\n0001,総務省,事業,2022,100,',
      'b.csv',
    );
    expect(r.rows).toEqual([]);
    expect(r.problems.map((p) => [p.severity, p.code, p.column ?? p.params.column])).toEqual([
      ['warning', 'budget.unknown_column', '備考'],
      ['error', 'budget.missing_column', '執行額'],
    ]);
  });
});

describe('amounts', () => {
  it('reads 千円 and 百万円 columns in yen, 全角 digits with a warning, △ as a reduction', () => {
    expect(readAmount('1,234', '千円', where, false)).toEqual({ ok: true, yen: 1_234_000, fullWidth: false });
    expect(readAmount('１２．５', '百万円', where, false)).toEqual({
      ok: true,
      yen: 12_500_000,
      fullWidth: true,
    });
    expect(readAmount('△3,000', '千円', where, true)).toEqual({
      ok: true,
      yen: -3_000_000,
      fullWidth: false,
    });
    expect(readAmount('-', '千円', where, false)).toEqual({ ok: true, yen: null, fullWidth: false });
    expect(readAmount('５００千円', null, where, false)).toEqual({ ok: true, yen: 500_000, fullWidth: true });
  });

  it('refuses a unit other than the column’s, no unit at all, text and a negative budget', () => {
    const code = (cell: string, unit: string | null) => {
      const r = readAmount(cell, unit, where, false);
      return r.ok ? null : [r.problem.code, r.problem.row, r.problem.column];
    };
    expect(code('1,200円', '千円')).toEqual(['budget.unit_mismatch', 2, '当初予算（千円）']);
    expect(code('1200', null)).toEqual(['budget.no_unit', 2, '当初予算（千円）']);
    expect(code('約100', '千円')).toEqual(['budget.not_a_number', 2, '当初予算（千円）']);
    expect(code('1.2.3', '千円')).toEqual(['budget.not_a_number', 2, '当初予算（千円）']);
    expect(code('△100', '千円')).toEqual(['budget.negative', 2, '当初予算（千円）']);
  });
});

describe('rows', () => {
  it('reads fiscal years in the ways the review and people write them', () => {
    expect(
      ['2023', '2023年度', '令和5年度', 'R5', 'R5年度', 'FY2023', '２０２３'].map(readFiscalYear),
    ).toEqual(Array(7).fill(2023));
    expect(readFiscalYear('令和?年度')).toBeNull();
    expect(readFiscalYear('1800')).toBeNull();
  });

  it('names every problem by row and column and keeps only clean rows', () => {
    const csv = [
      HEAD,
      '0001,総務省,観測事業,2022,"１，０００",0,900',
      '0002,総務省,点検事業,2022,,0,0',
      '0003,総務省,基盤事業,令和?年度,100,0,90',
      '00 04,総務省,研究事業,2022,100,0,90',
      '0005,総務省,育成事業,2022,120円,,',
      '0001,総務省,観測事業,R4,500,0,400',
    ].join('\n');
    const r = readBudgetCsv(csv, 'b.csv');
    const shown = r.problems.map((p) => `${p.severity} ${p.row} ${p.column} ${p.code}`);
    expect(shown).toEqual([
      'warning 2 当初予算（千円） budget.full_width',
      'error 3 当初予算（千円） budget.blank',
      'error 4 年度 budget.bad_year',
      'error 5 事業番号 budget.bad_project_number',
      'error 6 当初予算（千円） budget.unit_mismatch',
      'warning 6 補正予算（千円） budget.blank_as_zero',
      'warning 6 執行額（千円） budget.blank_executed',
      'error 7 事業番号 budget.duplicate_row',
    ]);
    expect(r.rows).toEqual([
      {
        row: 2,
        projectNumber: '0001',
        ministry: '総務省',
        projectName: '観測事業',
        fiscalYear: 2022,
        initialBudget: 1_000_000,
        supplementaryBudget: 0,
        carriedOver: 0,
        reserveFund: 0,
        executed: 900_000,
      },
    ]);
  });

  it('warns when a stated total does not add up', () => {
    const r = readBudgetCsv(
      '事業番号,府省庁,事業名,年度,当初予算（千円）,計（千円）,執行額（千円）\nA1,総務省,x,2022,100,1000,90',
      'b.csv',
    );
    expect(r.problems.map((p) => [p.code, p.row, p.column])).toEqual([
      ['budget.total_mismatch', 2, '計（千円）'],
    ]);
    expect(r.rows).toHaveLength(1);
  });
});
