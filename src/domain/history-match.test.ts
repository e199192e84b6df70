import { describe, expect, it } from 'vitest';
import {
  normaliseTitle,
  proposeHistory,
  titleSimilarity,
  type HistorySide,
  type SideNode,
} from './history-match.ts';

const node = (
  id: string,
  parentId: string | null,
  title: string,
  mirrorOf: string | null = null,
): SideNode => ({
  id,
  parentId,
  title,
  mirrorOf,
});

const stored: HistorySide = {
  nodes: [
    node('s-p1', null, '量子技術の研究開発'),
    node('s-p1-t1', 's-p1', '国産量子コンピュータの開発'),
    node('s-p1-t2', 's-p1', '量子暗号通信の実装'),
    node('s-p2', null, '量子人材と産業化'),
    node('s-p2-t1', 's-p2', '量子人材の育成'),
    node('s-p2-t2', 's-p2', '量子産業の創出'),
  ],
  initiatives: [
    {
      id: 's-i1',
      title: '超伝導方式の国産量子コンピュータ初号機を稼働させ、クラウドでの試験公開を開始',
      ownerIds: ['mext'],
      nodeIds: ['s-p1-t1'],
    },
    {
      id: 's-i2',
      title: '量子暗号通信のテストベッドを都市間に拡張',
      ownerIds: ['mic'],
      nodeIds: ['s-p1-t2'],
    },
    {
      id: 's-i3',
      title: '大学院生向けの量子ソフトウェア講座を全国の拠点で開講',
      ownerIds: ['mext'],
      nodeIds: ['s-p2-t1'],
    },
  ],
  indicators: [
    { id: 's-k1', name: '受講者数', unit: '人', nodeId: null, initiativeId: 's-i3' },
    { id: 's-k2', name: '利用登録機関数', unit: '機関', nodeId: null, initiativeId: 's-i1' },
  ],
};

describe('normaliseTitle and titleSimilarity', () => {
  it('ignores width, spaces, punctuation, kana script and leading numbers', () => {
    expect(normaliseTitle('柱 1　量子技術の「研究開発」')).toBe('量子技術の研究開発');
    expect(normaliseTitle('（２）デジタル・ツイン')).toBe(normaliseTitle('でじたるついん'));
    expect(normaliseTitle('ICT活用')).toBe('ict活用');
    expect(titleSimilarity('１．ＡＩ人材の育成', 'AI人材の育成')).toBe(1);
  });

  it('scores a lengthened title high and an unrelated one low', () => {
    expect(titleSimilarity('量子人材の育成', '量子人材の育成と確保')).toBeGreaterThan(0.7);
    expect(titleSimilarity('量子人材の育成', '宇宙輸送の低コスト化')).toBeLessThan(0.2);
    expect(titleSimilarity('', 'a')).toBe(0);
  });
});

describe('proposeHistory', () => {
  it('matches the same tree in another order, renames kept as the same node, new and absent targets', () => {
    const draft: HistorySide = {
      // pillars and targets in another order; one target renamed, one new, one gone
      nodes: [
        node('d-p1', null, '量子人材と産業化'),
        node('d-p1-t1', 'd-p1', '量子産業の創出'),
        node('d-p1-t2', 'd-p1', '量子人材の育成と確保'),
        node('d-p2', null, '量子技術の研究開発'),
        node('d-p2-t1', 'd-p2', '国産量子コンピュータの開発'),
        node('d-p2-t2', 'd-p2', '量子センシングの社会実装'),
      ],
      initiatives: [
        {
          id: 'd-i1',
          title: '超伝導方式の国産量子コンピュータ2号機の開発に着手し、クラウド公開を拡大',
          ownerIds: ['mext'],
          nodeIds: ['d-p2-t1'],
        },
        {
          id: 'd-i2',
          title: '大学院生向けの量子ソフトウェア講座を全国の拠点で開講',
          ownerIds: ['mext'],
          nodeIds: ['d-p1-t2'],
        },
        {
          id: 'd-i3',
          title: '量子センサの医療応用に向けた実証を開始',
          ownerIds: ['mhlw'],
          nodeIds: ['d-p2-t2'],
        },
      ],
      indicators: [
        { id: 'd-k1', name: '利用登録機関数', unit: '機関', nodeId: null, initiativeId: 'd-i1' },
        { id: 'd-k2', name: '受講者数', unit: '人', nodeId: null, initiativeId: 'd-i2' },
        { id: 'd-k3', name: '実証件数', unit: '件', nodeId: null, initiativeId: 'd-i3' },
      ],
    };
    const p = proposeHistory(stored, draft);
    const of = (id: string) => p.nodes.find((m) => m.draftId === id);
    expect(of('d-p1')).toMatchObject({ existingId: 's-p2', kind: 'matched', score: 1 });
    expect(of('d-p2')).toMatchObject({ existingId: 's-p1', kind: 'matched' });
    expect(of('d-p1-t1')).toMatchObject({ existingId: 's-p2-t2', kind: 'matched' });
    expect(of('d-p1-t2')).toMatchObject({
      existingId: 's-p2-t1',
      existingTitle: '量子人材の育成',
      kind: 'renamed',
    });
    expect(of('d-p1-t2')?.score).toBeLessThan(1);
    expect(of('d-p2-t2')).toMatchObject({ existingId: null, kind: 'new' });
    expect(p.absent.nodes).toEqual([{ id: 's-p1-t2', title: '量子暗号通信の実装' }]);

    const item = (id: string) => p.initiatives.find((m) => m.draftId === id);
    expect(item('d-i1')).toMatchObject({ existingId: 's-i1', kind: 'renamed' });
    expect(item('d-i2')).toMatchObject({ existingId: 's-i3', kind: 'matched' });
    expect(item('d-i3')).toMatchObject({ existingId: null, kind: 'new' });
    expect(p.absent.initiatives.map((i) => i.id)).toEqual(['s-i2']);

    expect(p.indicators.map((m) => [m.draftId, m.existingId])).toEqual([
      ['d-k1', 's-k2'],
      ['d-k2', 's-k1'],
      ['d-k3', null],
    ]);
    expect(p.absent.indicators).toEqual([]);
  });

  it('keeps a target reworded beyond likeness when its items continue', () => {
    const draft: HistorySide = {
      nodes: [
        node('d-p1', null, '量子技術の研究開発'),
        node('d-p1-t1', 'd-p1', '国産量子コンピュータの開発'),
        node('d-p1-t2', 'd-p1', '安全な通信網の構築'),
      ],
      initiatives: [
        {
          id: 'd-i1',
          title: '量子暗号通信のテストベッドを都市間に拡張し、重要インフラで実証',
          ownerIds: ['mic'],
          nodeIds: ['d-p1-t2'],
        },
      ],
      indicators: [],
    };
    const p = proposeHistory(stored, draft);
    expect(p.nodes.find((m) => m.draftId === 'd-p1-t2')).toMatchObject({
      existingId: 's-p1-t2',
      existingTitle: '量子暗号通信の実装',
      kind: 'renamed',
    });
    expect(p.initiatives[0]?.existingId).toBe('s-i2');
  });

  it('offers candidates for a reviewer, best first', () => {
    const draft: HistorySide = {
      nodes: [node('d-p1', null, '量子技術の研究と開発')],
      initiatives: [],
      indicators: [],
    };
    const [m] = proposeHistory(stored, draft).nodes;
    expect(m?.candidates[0]?.id).toBe('s-p1');
    expect(m?.candidates.map((c) => c.score)).toEqual(
      [...(m?.candidates.map((c) => c.score) ?? [])].sort((a, b) => b - a),
    );
  });

  it('does not match a report of another strategy', () => {
    const draft: HistorySide = {
      nodes: [node('x-p1', null, '宇宙輸送の自立性の確保'), node('x-p1-t1', 'x-p1', '基幹ロケットの高度化')],
      initiatives: [
        { id: 'x-i1', title: '基幹ロケットの打上げを実施', ownerIds: ['mext'], nodeIds: ['x-p1-t1'] },
      ],
      indicators: [],
    };
    const p = proposeHistory(stored, draft);
    expect(p.nodes.every((m) => m.kind === 'new')).toBe(true);
    expect(p.initiatives.every((m) => m.kind === 'new')).toBe(true);
    expect(p.absent.nodes).toHaveLength(6);
  });

  it('keeps mirrors apart from the targets they repeat', () => {
    const withMirror: HistorySide = {
      ...stored,
      nodes: [...stored.nodes, node('s-p2-t3', 's-p2', '国産量子コンピュータの開発', 's-p1-t1')],
    };
    const draft: HistorySide = {
      nodes: [
        node('d-p1', null, '量子技術の研究開発'),
        node('d-p1-t1', 'd-p1', '国産量子コンピュータの開発'),
        node('d-p2', null, '量子人材と産業化'),
        node('d-p2-t1', 'd-p2', '国産量子コンピュータの開発', 'd-p1-t1'),
      ],
      initiatives: [],
      indicators: [],
    };
    const p = proposeHistory(withMirror, draft);
    expect(p.nodes.find((m) => m.draftId === 'd-p1-t1')?.existingId).toBe('s-p1-t1');
    expect(p.nodes.find((m) => m.draftId === 'd-p2-t1')?.existingId).toBe('s-p2-t3');
  });
});
