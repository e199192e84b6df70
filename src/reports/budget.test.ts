/**
 * Budget beside results in the report formats that are text: the table per pillar and
 * target with budget lines, beside the rating, in Japanese and in English.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BudgetTotals } from '../domain/budget.ts';
import type { StrategyTree } from '../domain/views.ts';
import { sampleTree } from '../../test/helpers/reports.ts';
import type { TestDb } from '../../test/helpers/db.ts';
import { buildReportDocument } from './document.ts';
import { renderHtml } from './render/html.ts';
import { renderMarkdown } from './render/md.ts';
import { planDeck } from './render/pptx-plan.ts';

const totals = (total: number, executed: number): BudgetTotals => ({
  projects: 1,
  initialBudget: total,
  supplementaryBudget: 0,
  carriedOver: 0,
  reserveFund: 0,
  total,
  executed,
  pending: 0,
  rate: executed / total,
});

describe('the budget in the reports', () => {
  let db: TestDb;
  let tree: StrategyTree;
  beforeAll(async () => {
    ({ db, tree } = await sampleTree('sqlite'));
  });
  afterAll(() => db.destroy());

  const budget = () => {
    const pillar = tree.nodes[0];
    if (!pillar) throw new Error('the sample has pillars');
    return {
      strategy: totals(575_000_000, 541_230_000),
      nodes: [{ nodeId: pillar.id, totals: totals(575_000_000, 541_230_000) }],
    };
  };

  it('prints a table of the pillars with budget lines in Markdown, HTML and the deck', () => {
    const ja = buildReportDocument({ tree, lang: 'ja', budget: budget() });
    expect(ja.budget?.rows).toHaveLength(1);
    const md = renderMarkdown(ja);
    expect(md).toContain('予算と執行');
    expect(md).toContain('575百万円');
    expect(md).toContain('94.1%');
    expect(renderHtml(ja)).toContain('<section id="budget"');
    expect(planDeck(ja).filter((s) => s.kind === 'budget')).toHaveLength(1);
  });

  it('labels it in English in an English report, and leaves it out without budget lines', () => {
    const en = renderMarkdown(buildReportDocument({ tree, lang: 'en', budget: budget() }));
    expect(en).toContain('Budget and execution');
    expect(en).toContain('¥575 million');
    expect(en).not.toContain('百万円');
    expect(buildReportDocument({ tree, lang: 'ja' }).budget).toBeNull();
  });
});
