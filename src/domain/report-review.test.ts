/** The review's fixes, one by one: each changes what it says and refuses what it cannot do. */
import { describe, expect, it } from 'vitest';
import { AppError } from './errors.ts';
import { StrategyExport } from './interchange.ts';
import { applyEdit, sourcePage, type ReviewDraft, type ReviewEdit } from './report-review.ts';

const org = (id: string, shortName: string) => ({
  id,
  shortName,
  nameJa: shortName,
  nameEn: '',
  aliases: [],
});

function review(): ReviewDraft {
  const draft = StrategyExport.parse({
    format: 'shinchoku.strategy',
    formatVersion: 1,
    organisations: [org('mext', '文科省')],
    strategy: { id: 's', title: '試しの戦略', levelLabels: [{ ja: '柱' }] },
    vocabularies: { stages: [], ratings: [] },
    nodes: [
      { id: 's-p1', parentId: null, code: '1', title: '柱一' },
      { id: 's-p1-g1', parentId: 's-p1', code: '1.1', title: '目標一' },
      { id: 's-p1-g2', parentId: 's-p1', code: '1.2', title: '目標二' },
    ],
    initiatives: [
      {
        id: 's-i01',
        title: '講座を開いた',
        owners: ['mext'],
        listings: [{ nodeId: 's-p1-g1', position: 0 }],
      },
      {
        id: 's-i02',
        title: '教材を作った',
        owners: ['mext'],
        listings: [{ nodeId: 's-p1-g1', position: 1 }],
      },
    ],
    indicators: [{ id: 's-k1', nodeId: 's-p1-g1', initiativeId: 's-i02', name: '教材の数' }],
    cycles: [
      {
        id: 's-fy2023',
        fiscalYear: 2023,
        asOf: '2024-07',
        state: 'closed',
        progress: [
          { initiativeId: 's-i01', text: '講座を開いた。受講者を募った。' },
          { initiativeId: 's-i02', text: '教材を作った。' },
        ],
        assessments: [{ nodeId: 's-p1-g2', narrative: '順調である。' }],
      },
    ],
  });
  return {
    draft,
    toCheck: [{ id: 'c1', text: '会合を三回開いた。', line: 3012, nodeId: 's-p1-g2' }],
    sources: {
      nodes: { 's-p1': 2001, 's-p1-g1': 2005, 's-p1-g2': 3001 },
      initiatives: { 's-i01': 2006, 's-i02': 2007 },
    },
  };
}

const known = [org('maff', '農水省')];
const edit = (e: ReviewEdit, r = review()) => applyEdit(r, e, known);
const refusal = (e: ReviewEdit) => {
  try {
    edit(e);
  } catch (err) {
    return err instanceof AppError ? (err.details as { code: string }).code : String(err);
  }
  return 'applied';
};

describe('fixes of a recovered report', () => {
  it('tells the page of a source line', () => {
    expect(sourcePage(3012)).toBe(3);
    expect(sourcePage(42)).toBeNull();
  });

  it('moves a node (codes renumbered) and refuses a move under itself', () => {
    const r = edit({ op: 'move_node', nodeId: 's-p1-g2', parentId: 's-p1-g1' });
    expect(r.draft.nodes.find((n) => n.id === 's-p1-g2')).toMatchObject({
      parentId: 's-p1-g1',
      code: '1.1.1',
    });
    expect(refusal({ op: 'move_node', nodeId: 's-p1', parentId: 's-p1-g1' })).toBe('move_into_itself');
  });

  it('moves an item to another node', () => {
    const r = edit({ op: 'move_item', initiativeId: 's-i01', from: 's-p1-g1', to: 's-p1-g2' });
    expect(r.draft.initiatives[0]?.listings).toEqual([{ nodeId: 's-p1-g2', position: 0 }]);
    expect(refusal({ op: 'move_item', initiativeId: 's-i01', from: 's-p1-g2', to: 's-p1' })).toBe(
      'not_listed',
    );
  });

  it('merges two items (texts, KPIs and lists) and two nodes (children, items, 概況)', () => {
    const items = edit({ op: 'merge_items', keep: 's-i01', drop: 's-i02' });
    expect(items.draft.initiatives.map((i) => i.id)).toEqual(['s-i01']);
    expect(items.draft.cycles[0]?.progress[0]?.text).toBe('講座を開いた。受講者を募った。\n教材を作った。');
    expect(items.draft.indicators[0]?.initiativeId).toBe('s-i01');
    const nodes = edit({ op: 'merge_nodes', keep: 's-p1-g2', drop: 's-p1-g1' });
    expect(nodes.draft.nodes.map((n) => n.id)).toEqual(['s-p1', 's-p1-g2']);
    expect(nodes.draft.initiatives.every((i) => i.listings[0]?.nodeId === 's-p1-g2')).toBe(true);
    expect(nodes.sources.nodes['s-p1-g1']).toBeUndefined();
    expect(refusal({ op: 'merge_items', keep: 's-i01', drop: 's-i01' })).toBe('merge_same');
  });

  it('splits an item in two, both listed where it was, with its ministries', () => {
    const r = edit({
      op: 'split_item',
      initiativeId: 's-i01',
      first: '講座を開いた。',
      second: '受講者を募った。',
    });
    const made = r.draft.initiatives.at(-1);
    expect(made).toMatchObject({
      title: '受講者を募った',
      owners: ['mext'],
      listings: [{ nodeId: 's-p1-g1', position: 2 }],
    });
    expect(r.draft.cycles[0]?.progress.find((p) => p.initiativeId === 's-i01')?.text).toBe('講座を開いた。');
    expect(r.sources.initiatives[made?.id ?? '']).toBe(2006);
  });

  it('retags an item with a known ministry (taken into the draft) and refuses an unknown one', () => {
    const r = edit({ op: 'retag_item', initiativeId: 's-i01', owners: ['maff'] });
    expect(r.draft.initiatives[0]?.owners).toEqual(['maff']);
    expect(r.draft.organisations.map((o) => o.id)).toEqual(['mext', 'maff']);
    expect(refusal({ op: 'retag_item', initiativeId: 's-i01', owners: ['nobody'] })).toBe(
      'unknown_organisation',
    );
  });

  it('changes kinds: item ↔ target, text ↔ 概況, text → item or target', () => {
    const target = edit({ op: 'item_to_target', initiativeId: 's-i02' });
    const node = target.draft.nodes.find((n) => n.title === '教材を作った');
    expect(node?.parentId).toBe('s-p1-g1');
    expect(target.draft.indicators[0]).toMatchObject({ nodeId: node?.id, initiativeId: null });
    const item = edit({ op: 'target_to_item', nodeId: 's-p1-g2', owners: ['mext'] });
    expect(item.draft.initiatives.at(-1)).toMatchObject({ title: '目標二', listings: [{ nodeId: 's-p1' }] });
    expect(item.toCheck.map((c) => c.text)).toContain('順調である。');
    expect(refusal({ op: 'target_to_item', nodeId: 's-p1', owners: ['mext'] })).toBe('has_children');
    const back = edit({ op: 'overview_to_check', nodeId: 's-p1-g2' });
    expect(back.draft.cycles[0]?.assessments).toEqual([]);
    const overview = edit({ op: 'check_to_overview', checkId: 'c1', nodeId: 's-p1-g2' });
    expect(overview.draft.cycles[0]?.assessments[0]?.narrative).toBe('順調である。\n会合を三回開いた。');
    expect(overview.toCheck).toEqual([]);
    const made = edit({ op: 'check_to_item', checkId: 'c1', nodeId: 's-p1-g2', owners: ['maff'] });
    expect(made.draft.initiatives.at(-1)).toMatchObject({ title: '会合を三回開いた', owners: ['maff'] });
    expect(made.sources.initiatives[made.draft.initiatives.at(-1)?.id ?? '']).toBe(3012);
    const node2 = edit({ op: 'check_to_target', checkId: 'c1', parentId: 's-p1' });
    expect(node2.draft.nodes.at(-1)).toMatchObject({
      title: '会合を三回開いた',
      parentId: 's-p1',
      code: '1.3',
    });
    expect(edit({ op: 'dismiss_check', checkId: 'c1' }).toCheck).toEqual([]);
    expect(refusal({ op: 'dismiss_check', checkId: 'c9' })).toBe('unknown_check');
  });

  it('leaves the review it was given unchanged, and the result loads as a strategy', () => {
    const before = review();
    const after = applyEdit(
      before,
      { op: 'check_to_item', checkId: 'c1', nodeId: 's-p1-g2', owners: ['maff'] },
      known,
    );
    expect(before.toCheck).toHaveLength(1);
    expect(StrategyExport.safeParse(after.draft).success).toBe(true);
  });
});
