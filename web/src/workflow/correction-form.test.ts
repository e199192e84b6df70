import { describe, expect, it } from 'vitest';
import { buildRequest, parsePlans, type FormValues } from './correction-form.ts';

const form = (v: Partial<FormValues>): FormValues => ({
  kind: 'entry',
  reason: '誤記の訂正',
  item: '',
  figure: '',
  fields: {},
  ...v,
});

describe('the correction form', () => {
  it('reads plans as PERIOD: text lines, and refuses other lines', () => {
    expect(parsePlans('FY2024: 本格運用\n\n2025-03：評価\n令和6年度末：完了\nR7年4月: 開始')).toEqual([
      { period: 'FY2024', text: '本格運用' },
      { period: '2025-03', text: '評価' },
      { period: 'FY2024-end', text: '完了' },
      { period: '2025-04', text: '開始' },
    ]);
    expect(parsePlans('来年度：本格運用')).toBe('bad');
  });

  it('asks for a reason and an item before anything is sent', () => {
    const built = buildRequest(form({ reason: ' ', kind: 'indicator' }), {}, 0);
    expect(built).toEqual({
      problems: {
        'correction-reason': 'workflow.correct.reason_required',
        'correction-indicator': 'workflow.correct.item_required',
      },
    });
  });

  it('turns each kind into its part of the request, with the revision it was made on', () => {
    const entry = buildRequest(
      form({ item: 'c.i06', fields: { text: '本文', stage: '', plans: 'FY2024: 予定' } }),
      { entry: 3 },
      2,
    );
    expect(entry).toEqual({
      request: {
        reason: '誤記の訂正',
        revision: 2,
        entries: [
          { id: 'c.i06', version: 3, text: '本文', stage: null, plans: [{ period: 'FY2024', text: '予定' }] },
        ],
      },
    });
    const indicator = buildRequest(
      form({
        kind: 'indicator',
        item: 'k1',
        fields: { baselineValue: '1,200', targetValue: '', targetPeriod: '令和7年' },
      }),
      {},
      0,
    );
    expect(indicator).toMatchObject({
      request: { indicators: [{ id: 'k1', baselineValue: 1200, targetValue: null, targetPeriod: '2025' }] },
    });
    const summary = buildRequest(
      form({ kind: 'summary', fields: { overall: '一行目\n\n二行目' } }),
      { summary: 4 },
      1,
    );
    expect(summary).toMatchObject({ request: { summary: { version: 4, overall: ['一行目', '二行目'] } } });
  });

  it('names the field of a value that is not a number or a period', () => {
    expect(
      buildRequest(
        form({ kind: 'observation', item: 'k1', figure: 'k1.FY2022-end', fields: { value: '二百' } }),
        {},
        0,
      ),
    ).toEqual({ problems: { 'correction-value': 'workflow.correct.number_invalid' } });
    expect(
      buildRequest(form({ kind: 'indicator', item: 'k1', fields: { baselinePeriod: '来年度' } }), {}, 0),
    ).toEqual({ problems: { 'correction-baseline-period': 'workflow.correct.period_invalid' } });
  });
});
