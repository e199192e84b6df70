/**
 * The small pure pieces of the report-text pipeline, one behaviour each.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { StrategyExport } from '../../domain/interchange.ts';
import { toBlocks } from './blocks.ts';
import { parseReport } from './index.ts';
import { fiscalYearReported } from './draft.ts';
import { findFigure, findPlans, findTargets } from './figures.ts';
import { strategyTitleOf } from './front.ts';
import { toLines } from './lines.ts';
import { bulletItem, findTags, indexOrganisations, splitRunTogether } from './ministries.ts';
import { toDeck } from './slides.ts';
import { cleanInline, isSentence, joinWrapped, matchKey } from './text.ts';
import { RATINGS, STAGES, suggestRating, suggestStage } from './vocabulary.ts';

const sample = StrategyExport.parse(
  JSON.parse(readFileSync(new URL('../../../data/sample/ai-strategy-2022.json', import.meta.url), 'utf8')),
);
const orgs = indexOrganisations(sample.organisations);

describe('text clean-up', () => {
  it('drops bold markers, joins spaced letters and removes spaces next to Japanese', () => {
    expect(cleanInline('政府における A I 利活用の **推進**')).toBe('政府におけるAI利活用の推進');
    expect(cleanInline('大規模WEB情報分析システム（WISDOM X）')).toBe(
      '大規模WEB情報分析システム（WISDOM X）',
    );
    expect(cleanInline('Global Partnership on AI（GPAI）')).toBe('Global Partnership on AI（GPAI）');
  });

  it('joins wrapped lines, Japanese without a space and Latin words with one', () => {
    expect(joinWrapped(['**持続的な改善サイ', 'クルの形成**'])).toBe('持続的な改善サイクルの形成');
    expect(joinWrapped(['Global Partnership', 'on AI'])).toBe('Global Partnership on AI');
  });

  it('matches repeats whatever their dots, spaces and markup', () => {
    expect(matchKey('AIによる利活用の基礎となるデジタル・ツインの構築')).toBe(
      matchKey('AIによる利活用の基礎となる**デジタルツイン**の構築'),
    );
    expect(matchKey('教育改革')).not.toBe(matchKey('研究開発'));
  });

  it('tells overview sentences from headings', () => {
    expect(isSentence('個別の省庁の業務におけるAIの導入が徐々に進展している')).toBe(true);
    expect(isSentence('技術情報の積極的な提供等については今後具体化の予定。')).toBe(true);
    expect(isSentence('信頼性の向上につながる、サイバーセキュリティとAIの融合領域の技術開発等を推進')).toBe(
      false,
    );
  });
});

describe('lines, blocks and slides', () => {
  it('classifies headers, bullets, indented details, footnotes and table rows', () => {
    const kinds = toLines('主な進捗\n- 試作。（総務省）\n　- 件数が1→2件\n※注\n\t主な進捗\t概況\n本文').map(
      (l) => l.kind,
    );
    expect(kinds).toEqual(['progress-header', 'bullet', 'subbullet', 'footnote', 'row', 'text']);
  });

  it('turns a multi-line HTML table into one row per <tr>', () => {
    const lines = toLines(
      '<table>\n<tr><th></th><th>主な進捗</th><th>概況</th></tr>\n<tr><td>教育</td>\n<td><ul><li>a（文科省）</li></ul></td><td><p>b。</p></td></tr>\n</table>',
    );
    expect(lines.map((l) => [l.no, l.kind, l.cells?.length])).toEqual([
      [2, 'row', 3],
      [3, 'row', 3],
    ]);
  });

  it('cuts a deck into cover, summary and slides with their pillars', () => {
    const text =
      '「X戦略」の進捗状況\n\n令和5年4月\n\n「X戦略」の進捗状況\n\n- 全体\n\n柱A\n\n主な進捗\n\n概況\n\n目標\n\n- 項目。（総務省）\n\n柱B\n\n主な進捗\n\n目標2';
    const deck = toDeck(toBlocks(toLines(text)));
    expect(deck.cover.length).toBe(2);
    expect(deck.summaries).toHaveLength(1);
    expect(deck.slides.map((s) => [s.pillar, s.blocks.length])).toEqual([
      ['柱A', 3],
      ['柱B', 1],
    ]);
  });

  it('reads the strategy name out of a report title', () => {
    expect(strategyTitleOf('「AI戦略2022」の進捗状況')).toBe('AI戦略2022');
    expect(strategyTitleOf('GX推進戦略フォローアップ結果')).toBe('GX推進戦略');
  });
});

describe('ministry tags', () => {
  it('finds tags and maps short names and aliases, leaving other parentheses alone', () => {
    expect(
      findTags('…（WISDOM X）を活用…（自動質問生成等）を開発。（総務省）', orgs).map((t) => t.names),
    ).toEqual([['総務省']]);
    expect(bulletItem('…を実証。（科技、農水省）', 1, orgs)).toMatchObject({
      text: '…を実証。',
      names: ['科技', '農水省'],
    });
    expect(orgs.resolve('文部科学省')?.id).toBe('mext');
    expect(findTags('（2021年度末→2022年度末）（NICT、理研、産総研）', orgs)).toEqual([]);
  });

  it('splits a run-together table cell into items, keeping figures with their item', () => {
    const items = splitRunTogether(
      'A制度が進展（科技、文科省） 件数が1→2件へと拡大（2021年度末→2022年度末）B技術を開発（総務省）',
      9,
      orgs,
    );
    expect(items.map((i) => [i.text, i.names, i.subLines])).toEqual([
      ['A制度が進展', ['科技', '文科省'], ['件数が1→2件へと拡大（2021年度末→2022年度末）']],
      ['B技術を開発', ['総務省'], []],
    ]);
    const dated = splitRunTogether('A事業（2023年度開始）を実施（総務省）B（経産省）', 1, orgs);
    expect(dated.map((i) => i.text)).toEqual(['A事業（2023年度開始）を実施', 'B']);
  });
});

describe('figures, targets and plans', () => {
  it('reads a change with its periods and a single figure', () => {
    expect(findFigure('リテラシーレベルの認定件数が78→217件へと拡大（2021年度末→2022年度末）')).toEqual({
      name: 'リテラシーレベルの認定件数',
      unit: '件',
      observations: [
        { period: 'FY2021-end', value: 78 },
        { period: 'FY2022-end', value: 217 },
      ],
    });
    expect(
      findFigure('新たに応用基礎レベルの認定を開始し、68件のプログラムを認定（2022年度末）')?.observations,
    ).toEqual([{ period: 'FY2022-end', value: 68 }]);
  });

  it('leaves numbers without matching periods as prose', () => {
    expect(findFigure('GPAIサミット2022を東京で開催')).toBeNull();
    expect(findFigure('件数が1→2件へと拡大（2022年度末）')).toBeNull();
    expect(findFigure('3中核センター（NICT、理研、産総研）')).toBeNull();
  });

  it('reads a deadline target quoted in an overview', () => {
    expect(
      findTargets('「2025年までに農業の担い手のほぼすべてがデータを活用した農業を実践」という政府目標'),
    ).toEqual([
      {
        name: '農業の担い手のほぼすべてがデータを活用した農業を実践',
        targetText: '2025年までに農業の担い手のほぼすべてがデータを活用した農業を実践',
        targetPeriod: '2025',
      },
    ]);
  });

  it('reads future dated plans only', () => {
    const asOf = { kind: 'month', year: 2023, month: 4 } as const;
    expect(findPlans('R6年度の全国運用開始を目指し、データベースの構築を実施', asOf)).toEqual([
      { period: 'FY2024', text: '全国運用開始' },
    ]);
    expect(findPlans('2021年度末に運用開始を目指し', asOf)).toEqual([]);
  });

  it('takes the fiscal year before an April–June as-of month', () => {
    const at = (month: number) => fiscalYearReported({ kind: 'month', year: 2023, month });
    expect([at(1), at(4), at(6), at(7), at(12)]).toEqual([2022, 2022, 2022, 2023, 2023]);
  });
});

describe('vocabulary', () => {
  it("is the sample's stages and ratings", () => {
    expect(STAGES).toEqual(sample.vocabularies.stages);
    expect(RATINGS).toEqual(sample.vocabularies.ratings);
  });

  it('suggests stages from how an item ends', () => {
    expect(suggestStage('道路点検に関する基礎的なデータベースの一般公開などを実施。')).toBe('implemented');
    expect(suggestStage('高度なシミュレーション等を行う取組を開始予定。')).toBe('planned');
    expect(suggestStage('研究データ基盤の構築に着手。')).toBe('started');
    expect(suggestStage('有効性について検証する研究を実施')).toBe('conducted');
    expect(suggestStage('何かについて述べた文')).toBeNull();
  });

  it('suggests ratings, cautionary wording first', () => {
    expect(suggestRating('取組が進んでいる。しかしながら、まだ拡充や加速の余地は大きい。')).toEqual({
      rating: 'accelerate',
      needsAcceleration: true,
    });
    expect(suggestRating('AIの導入は徐々に進展している').rating).toBe('gradual');
    expect(suggestRating('特記事項なし').rating).toBeNull();
  });
});

describe('tree', () => {
  it('keeps a target whose heading is repeated as the slide’s last line', () => {
    const text =
      '「X」の進捗状況\n\n令和5年4月\n\n柱A\n\n主な進捗\n\n概況\n\n目標T\n\n- 項目。（総務省）\n\n進んでいる。\n\n目標T\n';
    const result = parseReport(text, { organisations: sample.organisations });
    expect(result.ok && result.value.draft.nodes.map((n) => n.title)).toEqual(['柱A', '目標T']);
    expect(result.ok && result.value.draft.initiatives[0]?.listings).toEqual([
      { nodeId: 'x-p1-g1', position: 0 },
    ]);
  });
});
