import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanup, diffText, sides } from './text-diff.ts';

const edits = (parts: ReturnType<typeof diffText>) =>
  parts.filter((p) => p.op !== 'equal').reduce((n, p) => n + Array.from(p.text).length, 0);

describe('diffText', () => {
  it('shows a Japanese rewording as whole replaced words, not scattered characters', () => {
    expect(diffText('データ提供システムを試作した。', 'データ提供システムを構築した。')).toEqual([
      { op: 'equal', text: 'データ提供システムを' },
      { op: 'delete', text: '試作' },
      { op: 'insert', text: '構築' },
      { op: 'equal', text: 'した。' },
    ]);
    expect(
      diffText(
        '研究開発を行った。また、ガイドラインを改定した。',
        '研究開発を進めた。また、ガイドラインを公開した。',
      ),
    ).toEqual([
      { op: 'equal', text: '研究開発を' },
      { op: 'delete', text: '行っ' },
      { op: 'insert', text: '進め' },
      { op: 'equal', text: 'た。また、ガイドラインを' },
      { op: 'delete', text: '改定' },
      { op: 'insert', text: '公開' },
      { op: 'equal', text: 'した。' },
    ]);
    // Where two alignments are equally short, the result is still a complete, readable script.
    const tie = diffText('78件から217件に増えた', '217件から350件に増えた');
    expect(sides(tie)).toEqual({ before: '78件から217件に増えた', after: '217件から350件に増えた' });
    expect(tie[tie.length - 1]).toEqual({ op: 'equal', text: '件に増えた' });
  });

  it('handles additions, removals, empty texts and characters outside the BMP', () => {
    expect(diffText('', 'あ')).toEqual([{ op: 'insert', text: 'あ' }]);
    expect(diffText('あ', '')).toEqual([{ op: 'delete', text: 'あ' }]);
    expect(diffText('同じ', '同じ')).toEqual([{ op: 'equal', text: '同じ' }]);
    expect(diffText('𠮷野家', '𠮷田家')).toEqual([
      { op: 'equal', text: '𠮷' },
      { op: 'delete', text: '野' },
      { op: 'insert', text: '田' },
      { op: 'equal', text: '家' },
    ]);
    expect(diffText('取組を進めた。', '取組を進めた。さらに公開した。')).toEqual([
      { op: 'equal', text: '取組を進めた。' },
      { op: 'insert', text: 'さらに公開した。' },
    ]);
  });

  it('falls back to one replacement beyond the edit limit', () => {
    expect(diffText('abcdef', 'uvwxyz', 3)).toEqual([
      { op: 'delete', text: 'abcdef' },
      { op: 'insert', text: 'uvwxyz' },
    ]);
  });

  it('always rebuilds both texts, with a minimal edit count before clean-up', () => {
    const text = fc.string({ unit: fc.constantFrom(...'あいうアイ漢字ab'), maxLength: 25 });
    fc.assert(
      fc.property(text, text, (a, b) => {
        const parts = diffText(a, b);
        expect(sides(parts)).toEqual({ before: a, after: b });
        for (let i = 1; i < parts.length; i++) expect(parts[i]!.op === parts[i - 1]!.op).toBe(false);
        // An edit script never needs more than deleting all of a and inserting all of b.
        expect(edits(parts)).toBeLessThanOrEqual(Array.from(a).length + Array.from(b).length);
      }),
    );
    // Without clean-up Myers' script is the shortest: one substitution costs two edits.
    expect(edits(diffText('abcd', 'abxd', 1000))).toBe(2);
    expect(cleanup([{ op: 'equal', text: '' }])).toEqual([]);
  });
});
