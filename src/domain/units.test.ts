import { describe, expect, it } from 'vitest';
import { unitAfterNumber } from './units.ts';

describe('a KPI unit after a number', () => {
  it('stays as typed in Japanese', () => {
    expect(unitAfterNumber('ja', '社')).toEqual({ text: '社', jaOnly: false });
    expect(unitAfterNumber('ja', '万人')).toEqual({ text: '万人', jaOnly: false });
  });

  it('is English in English: a word after a space, a plain count nothing, Japanese it cannot say marked', () => {
    expect(unitAfterNumber('en', '社')).toEqual({ text: ' companies', jaOnly: false });
    expect(unitAfterNumber('en', '件')).toEqual({ text: '', jaOnly: false });
    expect(unitAfterNumber('en', '%')).toEqual({ text: '%', jaOnly: false });
    expect(unitAfterNumber('en', '％')).toEqual({ text: '%', jaOnly: false });
    expect(unitAfterNumber('en', 'programmes')).toEqual({ text: ' programmes', jaOnly: false });
    expect(unitAfterNumber('en', '万人')).toEqual({ text: '万人', jaOnly: true });
    expect(unitAfterNumber('en', '')).toEqual({ text: '', jaOnly: false });
  });
});
