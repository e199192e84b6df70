import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkHits } from './match.ts';
import { normalize } from './normalize.ts';
import { MAX_TERMS, parseQuery } from './query.ts';
import { bm25 } from './rank.ts';
import { needsPhraseCheck, rankCandidates, runBigrams } from './results.ts';
import {
  displayToken,
  FIELD_SEPARATOR,
  MAX_WORD,
  segments,
  segmentsOfTokens,
  tokenize,
  tokenText,
} from './tokenizer.ts';

const texts = (s: string) => segments(s).map((g) => g.chars.join(''));

describe('normalize', () => {
  it('folds width, case and katakana, and keeps a map back to the original', () => {
    expect(normalize('ＡＩ戦略２０２２').text).toBe('ai戦略2022');
    expect(normalize('ﾃﾞｰﾀ').text).toBe('でーた');
    expect(normalize('ガイドライン').text).toBe('がいどらいん');
    expect(normalize('ヴァ').text).toBe('ゔぁ');
    const n = normalize('ｶﾞｲﾄﾞ');
    expect(n.text).toBe('がいど');
    // が comes from the two half-width characters ｶﾞ.
    expect([n.from[0], n.to[0]]).toEqual([0, 2]);
  });
});

describe('tokenize', () => {
  it('makes overlapping bigrams plus the last character of each CJK run, and words of Latin text', () => {
    expect(tokenize('農業分野')).toEqual(['農業', '業分', '分野', '野']);
    expect(tokenize('農業分野のAI活用')).toEqual(['農業', '業分', '分野', '野の', 'の', 'ai', '活用', '用']);
    expect(tokenize('GOSAT-GW向け')).toEqual(['gosat', 'gw', '向け', 'け']);
    expect(tokenize('医')).toEqual(['医']);
  });

  it('indexes full-width, half-width and kana spellings alike', () => {
    expect(tokenize('ｶﾞｲﾄﾞﾗｲﾝ')).toEqual(tokenize('ガイドライン'));
    expect(tokenize('がいどらいん')).toEqual(tokenize('ガイドライン'));
    expect(tokenize('ＡＩ　２０２５')).toEqual(['ai', '2025']);
    expect(tokenize('デジタル・ツイン')).toEqual(tokenize('デジタルツイン'));
  });

  it('drops symbols, emoji and control characters, and ignores variation selectors after kanji', () => {
    expect(tokenize('🤖\u0000AI!!')).toEqual(['ai']);
    expect(tokenize('葛\u{E0100}飾')).toEqual(tokenize('葛飾'));
    expect(tokenize('\uD800農業\uDC00')).toEqual(['農業', '業']);
  });

  it('escapes characters the engines might read differently, reversibly', () => {
    expect(tokenize('café')).toEqual([tokenText('café')]);
    expect(tokenText('café')).toBe('caf\uE000c3a9');
    expect(displayToken(tokenText('café𠮷a'))).toBe('café𠮷a');
    expect(tokenize('a'.repeat(500))).toEqual(['a'.repeat(MAX_WORD)]);
  });

  it('can rebuild the segments from the stored tokens (the phrase check relies on it)', () => {
    const shape = (segs: ReturnType<typeof segments>) =>
      segs.map(
        (g) => `${g.kind}:${g.kind === 'word' ? g.chars.slice(0, MAX_WORD).join('') : g.chars.join('')}`,
      );
    const unit = fc.oneof(
      fc.constantFrom(...'農業デジタル・ツインAIé𠮷 、ｶﾞ\u0301'),
      fc.string({ unit: 'binary', maxLength: 1 }),
    );
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 40 }), (s) => {
        expect(shape(segmentsOfTokens(tokenize(s)))).toEqual(shape(segments(s)));
      }),
    );
  });

  it('only ever produces tokens made of letters, digits and the escape character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (s) => {
        for (const t of tokenize(s))
          expect(t).toMatch(/^[a-z0-9\u3005-\u3007\u3041-\u30ff\u3400-\u9fcb\uac00-\ud7a3\uE000]+$/);
      }),
    );
  });
});

describe('queries and phrase matching', () => {
  it('turns a one-character CJK query into a prefix term and longer runs into bigrams', () => {
    expect(parseQuery('農').terms).toEqual([{ text: '農', prefix: true }]);
    expect(parseQuery('農業').terms).toEqual([{ text: '農業', prefix: false }]);
    expect(parseQuery('デジタル ツイン').terms.map((t) => t.text)).toEqual([
      'でじ',
      'じた',
      'たる',
      'つい',
      'いん',
    ]);
    expect(parseQuery('  "*()- ').terms).toEqual([]);
    expect(parseQuery('あ'.repeat(10_000)).terms.length).toBeLessThanOrEqual(MAX_TERMS);
  });

  it('finds a query chunk as a phrase and reports where, in original offsets', () => {
    const doc = segments('分野別のデジタル・ツインを構築');
    expect(chunkHits(doc, parseQuery('デジタルツイン').chunks[0]!)).toEqual([{ start: 4, end: 12 }]);
    expect(chunkHits(doc, parseQuery('ツイン').chunks[0]!)).toEqual([{ start: 9, end: 12 }]);
    expect(chunkHits(doc, parseQuery('構').chunks[0]!)).toEqual([{ start: 13, end: 14 }]);
    expect(chunkHits(doc, parseQuery('ツイン構築').chunks[0]!)).toEqual([]);
    const mixed = segments('AI・データ活用');
    expect(chunkHits(mixed, parseQuery('AIデータ').chunks[0]!)).toEqual([{ start: 0, end: 6 }]);
    expect(chunkHits(segments('maintain'), parseQuery('ai').chunks[0]!)).toEqual([]);
  });

  it('never reports a phrase hit the token filter would have missed', () => {
    const alphabet = fc.constantFrom(...'農業分野AIaiデータでーた・ 、1');
    fc.assert(
      fc.property(
        fc.string({ unit: alphabet, maxLength: 30 }),
        fc.string({ unit: alphabet, maxLength: 6 }),
        (d, q) => {
          const query = parseQuery(q);
          const doc = segments(d);
          const tokens = tokenize(d);
          const hit = query.chunks.every((c) => chunkHits(doc, c).length > 0);
          if (!hit || query.terms.length === 0) return;
          for (const term of query.terms) {
            expect(tokens.some((t) => (term.prefix ? t.startsWith(term.text) : t === term.text))).toBe(true);
          }
        },
      ),
    );
  });

  it('needs no phrase check for one word or one run of up to two characters: the tokens decide', () => {
    const alphabet = fc.constantFrom(...'農業分野AIaiデータでーた・ 、1');
    fc.assert(
      fc.property(
        fc.string({ unit: alphabet, maxLength: 30 }),
        fc.string({ unit: alphabet, maxLength: 3 }),
        (d, q) => {
          const query = parseQuery(q);
          if (query.terms.length === 0 || needsPhraseCheck(query)) return;
          const tokens = tokenize(d);
          const byTokens = query.terms.every((t) =>
            tokens.some((x) => (t.prefix ? x.startsWith(t.text) : x === t.text)),
          );
          const byPhrase = query.chunks.every((c) => chunkHits(segments(d), c).length > 0);
          expect(byTokens).toBe(byPhrase);
        },
      ),
    );
  });

  it('keeps exactly the documents where every chunk occurs in one field (CJK runs checked on the tokens)', () => {
    // Fields made of pieces of the queries, so that all of a query's bigrams are often
    // present without being next to each other; random text besides.
    const piece = fc.constantFrom(
      'データ',
      'タ基',
      '基盤',
      'でー',
      '農業',
      '業分',
      '分野',
      '野',
      ' ',
      '・',
      'AI',
      '1',
    );
    const alphabet = fc.constantFrom(...'農業分野AIaiデータでーた・ 、1基盤');
    const field = fc.oneof(
      fc.array(piece, { maxLength: 8 }).map((p) => p.join('')),
      fc.string({ unit: alphabet, maxLength: 20 }),
    );
    const query = fc.oneof(
      fc.constantFrom('データ基盤', '農業分野', 'ータ基', '業分野', 'AI農業', 'データ 農業', 'タ基盤', '野'),
      fc.string({ unit: alphabet, maxLength: 8 }),
    );
    fc.assert(
      fc.property(field, field, field, query, (title, body, context, q) => {
        const parsed = parseQuery(q);
        if (parsed.terms.length === 0) return;
        const tokens = [
          ...tokenize(title),
          FIELD_SEPARATOR,
          ...tokenize(body),
          FIELD_SEPARATOR,
          ...tokenize(context),
        ];
        const doc = { id: 'd', title, body, context, tokens: tokens.join(' ') };
        // What the engines would pass on: every term present.
        if (!parsed.terms.every((t) => tokens.some((x) => (t.prefix ? x.startsWith(t.text) : x === t.text))))
          return;
        const kept = rankCandidates(parsed, [doc], {
          documents: 1,
          tokens: tokens.length,
          documentFrequency: [],
        });
        const bySegments = parsed.chunks.every((c) =>
          [title, body, context].some((f) => chunkHits(segments(f), c).length > 0),
        );
        expect(kept.length === 1).toBe(bySegments);
      }),
      { numRuns: 2000 },
    );
    expect(runBigrams(parseQuery('データ基盤').chunks[0]!)).toEqual(['でー', 'ーた', 'た基', '基盤']);
    expect(runBigrams(parseQuery('AIデータ').chunks[0]!)).toBeNull();
    expect(runBigrams(parseQuery('農').chunks[0]!)).toBeNull();
  });

  it('scores a candidate from its stored token string exactly as BM25 over its token lists', () => {
    const alphabet = fc.constantFrom(...'農業分野AIaiデータでーた・ 、1基盤');
    const field = fc.string({ unit: alphabet, maxLength: 24 });
    const query = fc.oneof(
      fc.constantFrom('農業', 'データ', 'AI', 'a', '1', '農', 'データ基盤', 'ai 農業'),
      fc.string({ unit: alphabet, maxLength: 6 }),
    );
    fc.assert(
      fc.property(field, field, field, query, (title, body, context, q) => {
        const parsed = parseQuery(q);
        if (parsed.terms.length === 0) return;
        const [t, b, c] = [tokenize(title), tokenize(body), tokenize(context)];
        const tokens = [...t, FIELD_SEPARATOR, ...b, FIELD_SEPARATOR, ...c];
        const stats = { documents: 10, tokens: 120, documentFrequency: parsed.terms.map((_, i) => i + 1) };
        const doc = { id: 'd', title, body, context, tokens: tokens.join(' ') };
        const [kept] = rankCandidates({ ...parsed, chunks: [] }, [doc], stats);
        expect(kept!.score).toBeCloseTo(bm25(parsed.terms, t, [...b, ...c], stats), 12);
      }),
      { numRuns: 2000 },
    );
  });

  it('cuts text into CJK runs and words', () => {
    expect(texts('AI戦略2022（内閣府）')).toEqual(['ai', '戦略', '2022', '内閣府']);
  });
});
