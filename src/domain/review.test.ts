import { describe, expect, it } from 'vitest';
import { entryPlaceholders, isException, isSettled, placeholdersIn } from './review.ts';

describe('placeholdersIn', () => {
  it('finds each placeholder once, in the order it appears, 約○ rather than the ○ inside it', () => {
    expect(placeholdersIn('約○機関で実施（時期は未定）')).toEqual(['約○', '未定']);
    expect(placeholdersIn('○件、●件、約○件')).toEqual(['○', '●', '約○']);
    expect(placeholdersIn('件数はXX件、開始はtbd')).toEqual(['XX', 'TBD']);
    expect(placeholdersIn('件数はＸＸ件')).toEqual(['XX']);
    expect(placeholdersIn('〇〇県で試行')).toEqual(['〇']);
  });

  it('passes finished text', () => {
    expect(placeholdersIn('全国217機関で認定プログラムを実施した。')).toEqual([]);
    expect(placeholdersIn('')).toEqual([]);
  });
});

describe('settled states', () => {
  it('counts accepted and the two named exceptions as settled, nothing else', () => {
    expect(isSettled('accepted')).toBe(true);
    expect(isSettled('not_applicable')).toBe(true);
    expect(isSettled('no_report')).toBe(true);
    expect(isSettled('submitted')).toBe(false);
    expect(isSettled('draft')).toBe(false);
    expect(isException('accepted')).toBe(false);
    expect(isException('no_report')).toBe(true);
  });
});

describe('entryPlaceholders', () => {
  it('flags the text and the plans, each mark once; an exception’s reason never', () => {
    const plans = [{ text: '時期は未定' }, { text: '約○機関に拡大' }];
    expect(entryPlaceholders({ reviewState: 'submitted', text: '約○機関で実施。', plans })).toEqual([
      '約○',
      '未定',
    ]);
    expect(entryPlaceholders({ reviewState: 'draft', text: '実施した。', plans: [] })).toEqual([]);
    expect(entryPlaceholders({ reviewState: 'no_report', text: '報告は未定', plans: [] })).toEqual([]);
  });
});
