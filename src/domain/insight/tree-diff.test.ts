import { describe, expect, it } from 'vitest';
import { assessment, initiative, item, node, tree } from '../../../web/src/lib/fixtures.ts';
import { diffTrees, isEmptyDiff } from './tree-diff.ts';

const i1 = initiative('i1');
const i2 = initiative('i2', ['meti']);
const i3 = initiative('i3');

function before() {
  return tree('c1', [
    node('p1', {
      children: [
        node('t1', {
          items: [item(i1, 'c1', { stage: 'planned' }), item(i2, 'c1')],
          assessment: assessment('t1', 'c1', 'gradual'),
        }),
        node('t2', { items: [item(i2, 'c1')], assessment: assessment('t2', 'c1', 'steady') }),
      ],
    }),
    node('p2', { children: [node('m1', { mirrorOf: 't1', items: [item(i1, 'c1'), item(i2, 'c1')] })] }),
  ]);
}

describe('diffTrees', () => {
  it('finds nothing between a tree and itself', () => {
    expect(isEmptyDiff(diffTrees(before(), before()))).toBe(true);
  });

  it('reports items added, dropped and changed, per node and per initiative', () => {
    const after = tree('c2', [
      node('p1', {
        children: [
          node('t1', {
            items: [item(i1, 'c2', { stage: 'done' }), item(i3, 'c2')],
            assessment: assessment('t1', 'c2', 'gradual'),
          }),
          node('t2', {
            items: [item(i2, 'c2', { text: '新しい進捗' })],
            assessment: assessment('t2', 'c2', 'steady'),
          }),
        ],
      }),
      node('p2', { children: [node('m1', { mirrorOf: 't1', items: [item(i1, 'c2'), item(i3, 'c2')] })] }),
    ]);
    const d = diffTrees(before(), after);
    expect(d.itemsAdded.map((x) => `${x.node.id}/${x.initiative.id}`)).toEqual(['t1/i3']);
    expect(d.itemsDropped.map((x) => `${x.node.id}/${x.initiative.id}`)).toEqual(['t1/i2']);
    expect(
      d.itemsChanged.map((x) => [x.node.id, x.initiative.id, x.fromStage, x.toStage, x.textChanged]),
    ).toEqual([
      ['t1', 'i1', 'planned', 'done', false],
      ['t2', 'i2', 'done', 'done', true],
    ]);
    // i2 is still listed (under t2), so as an initiative it was not dropped, only changed.
    expect(d.initiativesAdded.map((x) => x.initiative.id)).toEqual(['i3']);
    expect(d.initiativesDropped).toEqual([]);
    expect(d.initiativesChanged.map((x) => x.initiative.id)).toEqual(['i1', 'i2']);
    expect(d.listingsAdded).toEqual([]);
    expect(d.listingsDropped.map((x) => `${x.node.id}/${x.initiative.id}`)).toEqual(['t1/i2']);
  });

  it('counts a new cross-listing of an existing initiative as structure, and a changed initiative once', () => {
    const after = tree('c2', [
      node('p1', {
        children: [
          node('t1', {
            items: [item(i1, 'c2', { stage: 'planned', text: '更新' }), item(i2, 'c2')],
            assessment: assessment('t1', 'c2', 'gradual'),
          }),
          node('t2', {
            items: [item(i2, 'c2'), item(i1, 'c2', { stage: 'planned', text: '更新' })],
            assessment: assessment('t2', 'c2', 'steady'),
          }),
        ],
      }),
      node('p2', { children: [node('m1', { mirrorOf: 't1', items: [item(i1, 'c2'), item(i2, 'c2')] })] }),
    ]);
    const d = diffTrees(before(), after);
    expect(d.initiativesAdded).toEqual([]);
    expect(d.listingsAdded.map((x) => `${x.node.id}/${x.initiative.id}`)).toEqual(['t2/i1']);
    // Listed twice, changed once: the count agrees with the per-initiative text diff.
    expect(d.initiativesChanged.map((x) => x.initiative.id)).toEqual(['i1']);
    expect(d.itemsChanged).toHaveLength(1);
    expect(d.itemsAdded).toHaveLength(1);
  });

  it('reports rating and acceleration changes once, not again for mirror nodes', () => {
    const b = before();
    const after = before();
    after.cycle.id = 'c2';
    after.nodes[0]!.children[0]!.assessment = assessment('t1', 'c2', 'accelerate', true);
    after.nodes[1]!.children[0]!.assessment = assessment('t1', 'c2', 'accelerate', true);
    const d = diffTrees(b, after);
    expect(d.ratingChanges).toEqual([
      {
        node: { id: 't1', code: 't1', title: '目標t1', titleEn: '' },
        from: 'gradual',
        to: 'accelerate',
        accelerationFrom: false,
        accelerationTo: true,
      },
    ]);
  });

  it('reports nodes added, dropped and renamed, and the items that went with them', () => {
    const after = tree('c2', [
      node('p1', {
        title: '新しい柱',
        children: [node('t3', { items: [item(i1, 'c2')], assessment: assessment('t3', 'c2', null) })],
      }),
    ]);
    const d = diffTrees(before(), after);
    expect(d.nodesAdded.map((n) => n.id)).toEqual(['t3']);
    expect(d.nodesDropped.map((n) => n.id)).toEqual(['t1', 't2', 'p2', 'm1']);
    expect(d.nodesRenamed.map((r) => [r.before.title, r.after.title])).toEqual([['目標p1', '新しい柱']]);
    expect(d.itemsAdded.map((x) => `${x.node.id}/${x.initiative.id}`)).toEqual(['t3/i1']);
    expect(d.itemsDropped.map((x) => `${x.node.id}/${x.initiative.id}`)).toEqual(['t1/i1', 't1/i2', 't2/i2']);
    expect(d.initiativesDropped.map((x) => x.initiative.id)).toEqual(['i2']);
    expect(d.ratingChanges).toEqual([]);
  });

  it('treats a missing entry as a change of stage and text', () => {
    const after = tree('c2', [
      node('p1', {
        children: [
          node('t1', {
            items: [item(i1, 'c2', null), item(i2, 'c2')],
            assessment: assessment('t1', 'c2', 'gradual'),
          }),
          node('t2', { items: [item(i2, 'c2')], assessment: assessment('t2', 'c2', 'steady') }),
        ],
      }),
      node('p2', { children: [node('m1', { mirrorOf: 't1' })] }),
    ]);
    const d = diffTrees(before(), after);
    expect(d.itemsChanged).toHaveLength(1);
    expect(d.itemsChanged[0]).toMatchObject({
      fromStage: 'planned',
      toStage: null,
      textChanged: true,
      entryDropped: true,
      entryAdded: false,
    });
    const back = diffTrees(after, before());
    expect(back.itemsChanged[0]).toMatchObject({ entryDropped: false, entryAdded: true });
  });
});
