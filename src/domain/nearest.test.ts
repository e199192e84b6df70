import { describe, expect, it } from 'vitest';
import { editDistance, nearestChoice } from './nearest.ts';

const STAGES = [
  '開始予定',
  '検討中',
  '着手',
  '試行',
  '実施中',
  '運用中',
  '推進中',
  '実施済み',
  '公開',
  '開催',
];

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['実施済', '実施済み', 1],
    ['実施済', '実施中', 1],
    ['kitten', 'sitting', 3],
    ['𠮷野', '吉野', 1],
  ])('%s ↔ %s = %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe('nearestChoice', () => {
  it.each([
    ['実施済', '実施済み'],
    ['実施ずみ', '実施済み'],
    ['実施済み。', '実施済み'],
    ['実施済みです', '実施済み'],
    ['検討', '検討中'],
    ['運用', '運用中'],
  ])('%s → %s', (typed, meant) => {
    expect(nearestChoice(typed, STAGES)).toBe(meant);
  });

  it.each(['完了', '', 'おわり', '実施'])('offers nothing for %j (too far, or two tie)', (typed) => {
    expect(nearestChoice(typed, STAGES)).toBeNull();
  });
});
