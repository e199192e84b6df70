import { describe, expect, it } from 'vitest';
import { charWidth, lineCount, textWidth, wrapText } from './measure.ts';

describe('text width model', () => {
  it('counts CJK as one em and Latin as about half', () => {
    expect(charWidth('進')).toBe(1);
    expect(charWidth('（')).toBe(1);
    expect(charWidth('→')).toBe(1);
    expect(charWidth('a')).toBeLessThan(0.7);
    expect(textWidth('AI戦略2022')).toBeGreaterThan(2);
    expect(textWidth('AI戦略2022')).toBeLessThan(6);
  });

  it('wraps CJK anywhere and Latin at spaces, losing no character', () => {
    const text = 'デジタルツインの構築 and open data for everyone、そして公開';
    for (const width of [3, 7, 12, 40]) {
      const lines = wrapText(text, width);
      expect(lines.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
      for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(width);
    }
    expect(wrapText('あいうえお', 2.1)).toEqual(['あい', 'うえ', 'お']);
    expect(lineCount('abc def', 100)).toBe(1);
    expect(lineCount('一\n二', 100)).toBe(2);
  });

  it('breaks a word longer than the line', () => {
    const lines = wrapText('x'.repeat(50), 10);
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.join('')).toBe('x'.repeat(50));
  });
});
