import { describe, expect, it } from 'vitest';
import { textDiff } from './textDiff.ts';

const rebuild = (parts: ReturnType<typeof textDiff>, side: 'before' | 'after') =>
  parts
    .filter((p) => p.kind === 'same' || p.kind === (side === 'before' ? 'del' : 'ins'))
    .map((p) => p.text)
    .join('');

describe('textDiff', () => {
  it('marks a replaced word and an added ending in Japanese text', () => {
    expect(textDiff('本格運用を開始', '試験運用を開始した')).toEqual([
      { kind: 'del', text: '本格' },
      { kind: 'ins', text: '試験' },
      { kind: 'same', text: '運用を開始' },
      { kind: 'ins', text: 'した' },
    ]);
  });

  it('gives back both texts, whatever they are', () => {
    const pairs: [string, string][] = [
      ['', '新しい記載'],
      ['消える記載', ''],
      ['同じ', '同じ'],
      ['配信量は前年度の2倍となった。', '配信量は前年度の1.5倍となり、利用者も増えた。'],
      ['絵文字😀を含む', '絵文字😃を含む'],
    ];
    for (const [a, b] of pairs) {
      const parts = textDiff(a, b);
      expect(rebuild(parts, 'before')).toBe(a);
      expect(rebuild(parts, 'after')).toBe(b);
    }
  });

  it('keeps unchanged text as one piece and reports no change for equal texts', () => {
    expect(textDiff('同じ文章', '同じ文章')).toEqual([{ kind: 'same', text: '同じ文章' }]);
    expect(textDiff('', '')).toEqual([]);
  });

  it('falls back to one replacement for very long, wholly different texts', () => {
    const a = 'あ'.repeat(3000);
    const b = 'い'.repeat(3000);
    expect(textDiff(a, b)).toEqual([
      { kind: 'del', text: a },
      { kind: 'ins', text: b },
    ]);
  });
});
