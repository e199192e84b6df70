import { describe, expect, it } from 'vitest';
import { rollUpBudget, sumLines, type BudgetLine } from './budget.ts';

const line = (
  projectNumber: string,
  total: number,
  executed: number | null,
  ministry = '総務省',
): BudgetLine => ({
  projectNumber,
  fiscalYear: 2022,
  ministry,
  organisationId: ministry === '総務省' ? 'mic' : null,
  projectName: projectNumber,
  initialBudget: total - 10,
  supplementaryBudget: 10,
  carriedOver: 0,
  reserveFund: 0,
  executed,
  importedAt: '2026-12-08T00:00:00.000Z',
});

describe('budget totals', () => {
  it('counts each project once, keeps unknown execution out of the rate', () => {
    const a = line('A', 1000, 900);
    const t = sumLines([a, a, line('B', 500, null)]);
    expect(t).toMatchObject({ projects: 2, total: 1500, executed: 900, pending: 1, rate: 0.9 });
    expect(sumLines([line('B', 500, null)]).rate).toBeNull();
  });
});

describe('roll-ups over a tree', () => {
  // Pillar p1 (targets t1, t2) and p2 (target t3). i1 is cross-listed under t1 and t3; project S
  // funds both i2 and i3.
  const item = (id: string) => ({ initiative: { id } });
  const nodes = [
    {
      id: 'p1',
      items: [],
      children: [
        { id: 't1', items: [item('i1'), item('i2')], children: [] },
        { id: 't2', items: [item('i3')], children: [] },
      ],
    },
    { id: 'p2', items: [], children: [{ id: 't3', items: [item('i1'), item('i4')], children: [] }] },
  ];
  const links = new Map([
    ['i1', ['X']],
    ['i2', ['S']],
    ['i3', ['S', 'Y']],
    ['i4', ['Z']],
  ]);
  const lines = [
    line('X', 100, 90),
    line('S', 1000, 800),
    line('Y', 50, null, '文部科学省'),
    line('Z', 10, 10),
  ];

  it('sums targets, pillars and the strategy as unions of projects', () => {
    const r = rollUpBudget(nodes, links, lines);
    const total = (id: string) => r.byNode[id]?.total;
    expect([total('t1'), total('t2'), total('t3')]).toEqual([1100, 1050, 110]);
    // S funds two initiatives of p1: once. X is under both pillars: once in the strategy.
    expect(total('p1')).toBe(1150);
    expect(total('p2')).toBe(110);
    expect(r.strategy).toMatchObject({ projects: 4, total: 1160, executed: 900, pending: 1 });
    expect(r.byInitiative.i3).toMatchObject({ projects: 2, total: 1050 });
  });

  it('sums per ministry of the project, largest first, a ministry not registered by its name', () => {
    const r = rollUpBudget(nodes, links, lines);
    expect(r.byMinistry.map((m) => [m.organisationId, m.ministry, m.totals.total])).toEqual([
      ['mic', '総務省', 1110],
      [null, '文部科学省', 50],
    ]);
  });

  it('leaves out nodes and initiatives without funded projects', () => {
    const r = rollUpBudget(nodes, new Map([['i4', ['Z']]]), lines);
    expect(Object.keys(r.byNode).sort()).toEqual(['p2', 't3']);
    expect(Object.keys(r.byInitiative)).toEqual(['i4']);
  });
});
