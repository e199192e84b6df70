import { describe, expect, it } from 'vitest';
import { assessment, initiative, item, node, tree } from './fixtures.ts';
import {
  heatLevel,
  ministryMatrix,
  needsAcceleration,
  NO_RATING,
  pillarRatingMatrix,
  ratingCounts,
} from './stats.ts';
import { indexTree } from './tree.ts';

const a = initiative('a', ['mic', 'meti']);
const b = initiative('b', ['mic']);

function sample() {
  const t = tree('c', [
    node('p1', {
      children: [
        node('t1', {
          items: [item(a, 'c'), item(b, 'c')],
          assessment: assessment('t1', 'c', 'steady', true),
        }),
        node('t2', { items: [item(b, 'c')], assessment: assessment('t2', 'c', null) }),
      ],
    }),
    node('p2', {
      children: [
        node('m1', {
          mirrorOf: 't1',
          items: [item(a, 'c'), item(b, 'c')],
          assessment: assessment('t1', 'c', 'steady', true),
        }),
      ],
    }),
  ]);
  t.organisations = [
    {
      version: 1,
      createdAt: '',
      updatedAt: '',
      updatedBy: '',
      id: 'meti',
      shortName: '経産省',
      nameJa: '経済産業省',
      nameEn: 'METI',
      aliases: [],
      position: 2,
    },
    {
      version: 1,
      createdAt: '',
      updatedAt: '',
      updatedBy: '',
      id: 'mic',
      shortName: '総務省',
      nameJa: '総務省',
      nameEn: 'MIC',
      aliases: [],
      position: 1,
    },
  ];
  return indexTree(t);
}

describe('dashboard figures', () => {
  it('counts each target once overall, and mirrors in the pillar showing them', () => {
    const index = sample();
    expect(Object.fromEntries(ratingCounts(index))).toEqual({ steady: 1, [NO_RATING]: 1 });
    const matrix = pillarRatingMatrix(index).map((r) => [r.pillar.id, Object.fromEntries(r.counts)]);
    expect(matrix).toEqual([
      ['p1', { steady: 1, [NO_RATING]: 1 }],
      ['p2', { steady: 1 }],
    ]);
  });

  it('lists targets needing acceleration without their mirrors', () => {
    expect(needsAcceleration(sample()).map((n) => n.id)).toEqual(['t1']);
  });

  it('counts distinct initiatives per ministry and pillar, in ministry order', () => {
    const rows = ministryMatrix(sample()).map((r) => [r.org.id, Object.fromEntries(r.perPillar), r.total]);
    expect(rows).toEqual([
      ['mic', { p1: 2, p2: 2 }, 2],
      ['meti', { p1: 1, p2: 1 }, 1],
    ]);
  });

  it('maps counts to heat levels', () => {
    expect([0, 1, 2, 3, 4].map((n) => heatLevel(n, 4))).toEqual([0, 1, 2, 3, 4]);
    expect(heatLevel(1, 10)).toBe(1);
    expect(heatLevel(3, 0)).toBe(0);
  });
});
