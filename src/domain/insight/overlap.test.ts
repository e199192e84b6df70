import { describe, expect, it } from 'vitest';
import { findOverlaps, sharedPassages, tfidf } from './overlap.ts';

const texts = [
  {
    id: 'a',
    organisationIds: ['mhlw'],
    text: '医療データの匿名加工に関するガイドラインを作成するため、医療機関のニーズを調査した。',
  },
  {
    id: 'b',
    organisationIds: ['meti'],
    text: '医療データの匿名加工に関するガイドラインを作成するため、医療機関のニーズを調べた。',
  },
  {
    id: 'c',
    organisationIds: ['mhlw'],
    text: '医療データの匿名加工に関するガイドラインの作成に向け、医療機関のニーズを調査した。',
  },
  { id: 'd', organisationIds: ['mod'], text: '装備品へのAI技術の適用について研究を進めている。' },
  {
    id: 'e',
    organisationIds: ['mic', 'meti'],
    text: '多言語翻訳技術の高度化に向けて言語データベースを整えた。',
  },
];

describe('findOverlaps', () => {
  it('lists near-duplicates of different ministries, not of the same one, most similar first', () => {
    const pairs = findOverlaps(texts, 0.3);
    expect(pairs.map((p) => [p.a, p.b])).toEqual([
      ['a', 'b'],
      ['b', 'c'],
    ]);
    expect(pairs[0]!.similarity).toBeGreaterThan(0.7);
    // a and c are as alike, but both belong to 厚労省.
    expect(findOverlaps(texts, 0.01).some((p) => p.a === 'a' && p.b === 'c')).toBe(false);
    expect(pairs[0]!.similarity).toBeLessThanOrEqual(1);
    expect(pairs[0]!.sharedTerms[0]).toContain('医療データの匿名加工に関するガイドラインを作成するため');
  });

  it('honours the threshold and ignores words every text uses', () => {
    expect(findOverlaps(texts, 0.99)).toEqual([]);
    expect(findOverlaps(texts, 0.01).every((p) => p.similarity >= 0.01)).toBe(true);
    const [v] = tfidf([
      ['ai', 'x'],
      ['ai', 'y'],
    ]);
    expect([...v!.keys()]).toEqual(['x']);
    expect(findOverlaps([], 0.3)).toEqual([]);
  });

  it('quotes shared passages as written, merging touching bigrams', () => {
    expect(
      sharedPassages(
        '創薬プラットフォームを構築',
        new Map([
          ['ぷら', 1],
          ['らっ', 1],
          ['っと', 1],
        ]),
      ),
    ).toEqual(['プラット']);
    expect(sharedPassages('GPAIサミット', new Map([['gpai', 2]]))).toEqual(['GPAI']);
  });
});
