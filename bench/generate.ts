/**
 * Deterministic synthetic portfolio for benchmarks: many strategies, each a tree of
 * pillars / goals / targets with initiatives (cross-listed, jointly owned), yearly cycles
 * with Japanese progress texts of realistic length, indicators with observations and an
 * assessment for every node. The same options always give the same data (seeded PRNG).
 */
import type { StrategyExportInput } from '../src/domain/interchange.ts';

export interface PortfolioOptions {
  strategies: number;
  cycles: number;
  /** Initiatives of the largest strategy; the others share the rest. */
  largest: number;
  /** Initiatives in all strategies together. */
  initiatives: number;
  indicators: number;
  observationsPerIndicator: number;
  seed: number;
  /** Ministries and agencies owning initiatives (the ten named ones, then synthetic agencies); 10 when absent. */
  ministries?: number;
  /** Lines of the administrative project review (projects × fiscal years of the cycles); none when absent. */
  budgetLines?: number;
}

/**
 * A whole government (issue #24): 30 strategies, 50 ministries and agencies, 10 fiscal years,
 * 5,000 budget lines. The largest strategy keeps 2,000 initiatives and the portfolio 200,000
 * progress entries (20,000 initiatives × 10 years), so the tree and search targets measure
 * the same sizes as before.
 */
/** Raise when the generator makes other data from the same options (`--reuse` keys on it). */
export const GENERATOR_VERSION = 1;

export const FULL: PortfolioOptions = {
  strategies: 30,
  cycles: 10,
  largest: 2000,
  initiatives: 20_000,
  indicators: 10_000,
  observationsPerIndicator: 10,
  seed: 20230401,
  ministries: 50,
  budgetLines: 5_000,
};

export const QUICK: PortfolioOptions = {
  strategies: 4,
  cycles: 3,
  largest: 500,
  initiatives: 1_200,
  indicators: 600,
  observationsPerIndicator: 6,
  seed: 20230401,
  ministries: 20,
  budgetLines: 600,
};

/** mulberry32: small, fast, good enough for test data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SUBJECTS = [
  '農業',
  '医療',
  '教育',
  '防衛',
  '防災',
  '交通',
  '環境',
  '行政',
  '金融',
  'エネルギー',
  '観光',
  '物流',
  '介護',
  '研究開発',
  '製造業',
  '中小企業',
  'スタートアップ',
  'サイバーセキュリティ',
  'データ連携',
  '人材育成',
];
const OBJECTS = [
  'データ基盤',
  'AIモデル',
  '実証事業',
  'ガイドライン',
  'プラットフォーム',
  '共通仕様',
  '評価手法',
  '支援制度',
  '研修プログラム',
  'オープンデータ',
  'デジタルツイン',
  '認定制度',
];
const VERBS = [
  'を構築',
  'を試作',
  'を公開',
  'の実証を実施',
  'の検討を開始',
  'を改定',
  'の公募を実施し実施機関を選定',
  'の運用を開始',
  'を開発',
  'の整備に着手',
];
const TAILS = [
  'し、関係機関との連携を強化した。',
  'した。来年度以降の全国展開に向けて課題を整理している。',
  'し、利用者の評価を踏まえた改善を進めている。',
  'した。成果は報告書として取りまとめ、公表する予定である。',
  'し、地方公共団体への横展開を図っている。',
];
const ASSESS = [
  '着実に進展している。',
  '徐々に進展している。',
  '改善しつつあるが、拡充や加速の余地は大きい。',
  'これから本格的に取り組まれる見通し。',
  '今後具体化の予定。',
];
export const ORGS = ['csti', 'mic', 'mext', 'mhlw', 'maff', 'meti', 'mlit', 'env', 'mod', 'digital'];
const ORG_NAMES = [
  '科技',
  '総務省',
  '文科省',
  '厚労省',
  '農水省',
  '経産省',
  '国交省',
  '環境省',
  '防衛省',
  'デジタル庁',
];
/** The ministries and agencies: the ten named ones, then synthetic agencies up to `count`. */
export function organisationsOf(count = ORGS.length): { id: string; name: string }[] {
  return Array.from({ length: Math.max(count, 1) }, (_, i) =>
    i < ORGS.length
      ? { id: ORGS[i] ?? '', name: ORG_NAMES[i] ?? '' }
      : { id: `agency${String(i).padStart(2, '0')}`, name: `合成第${i}庁` },
  );
}

/** The initiatives of each generated strategy, as generatePortfolio numbers them. */
export function initiativeIds(opts: PortfolioOptions): string[] {
  const perOther = Math.max(
    1,
    Math.floor((opts.initiatives - opts.largest) / Math.max(1, opts.strategies - 1)),
  );
  return Array.from({ length: opts.strategies }, (_, s) =>
    Array.from(
      { length: s === 0 ? opts.largest : perOther },
      (_x, i) => `bench-s${String(s).padStart(2, '0')}-i${i}`,
    ),
  ).flat();
}

/**
 * The administrative project review's CSV for the portfolio (as the review publishes it, in
 * 千円): `budgetLines` lines, a project per ministry in turn with a line per fiscal year of the
 * cycles, and each project's initiatives (1–3, in any strategy).
 */
export function generateBudget(opts: PortfolioOptions): { csv: string; links: Map<string, string[]> } {
  const rand = prng(opts.seed + 1);
  const orgs = organisationsOf(opts.ministries);
  const ids = initiativeIds(opts);
  const projects = Math.floor((opts.budgetLines ?? 0) / opts.cycles);
  const rows = [
    '事業番号,府省庁,事業名,年度,当初予算（千円）,補正予算（千円）,前年度から繰越し（千円）,予備費等（千円）,計（千円）,執行額（千円）,執行率',
  ];
  const links = new Map<string, string[]>();
  for (let p = 0; p < projects; p++) {
    const org = orgs[p % orgs.length] ?? { id: '', name: '' };
    const number = `2021-${org.id}-${String(p).padStart(4, '0')}`;
    const name = `${SUBJECTS[p % SUBJECTS.length] ?? ''}${OBJECTS[p % OBJECTS.length] ?? ''}推進事業${p + 1}`;
    const base = 10_000 + Math.floor(rand() * 990_000);
    for (let c = 0; c < opts.cycles; c++) {
      const initial = base + Math.floor(rand() * 50_000);
      const supplementary = rand() < 0.2 ? Math.floor(rand() * 100_000) : 0;
      const total = initial + supplementary;
      // The last year's execution is not known yet.
      const executed = c === opts.cycles - 1 ? '' : String(Math.floor(total * (0.7 + rand() * 0.3)));
      const rate = executed === '' ? '' : `${((Number(executed) / total) * 100).toFixed(1)}%`;
      rows.push(
        [number, org.name, name, 2021 + c, initial, supplementary, 0, 0, total, executed, rate].join(','),
      );
    }
    for (let k = 0, n = 1 + Math.floor(rand() * 3); k < n; k++) {
      const initiative = ids[Math.floor(rand() * ids.length)] ?? '';
      const own = links.get(initiative) ?? [];
      if (!own.includes(number)) links.set(initiative, [...own, number]);
    }
  }
  return { csv: `${rows.join('\r\n')}\r\n`, links };
}

const STAGES = ['planned', 'considering', 'started', 'piloted', 'implemented', 'built', 'published'];
const RATINGS = ['steady', 'gradual', 'improving', 'starting', 'accelerate'];

export function* generatePortfolio(opts: PortfolioOptions): Generator<StrategyExportInput> {
  const rand = prng(opts.seed);
  const pick = <T>(list: readonly T[]): T => {
    const v = list[Math.floor(rand() * list.length)];
    if (v === undefined) throw new Error('pick from an empty list');
    return v;
  };
  const orgs = organisationsOf(opts.ministries);
  const orgIds = orgs.map((o) => o.id);
  const rest = opts.initiatives - opts.largest;
  const perOther = Math.max(1, Math.floor(rest / Math.max(1, opts.strategies - 1)));
  const indicatorsPer = Math.max(1, Math.floor(opts.indicators / opts.strategies));
  for (let s = 0; s < opts.strategies; s++) {
    const id = `bench-s${String(s).padStart(2, '0')}`;
    const count = s === 0 ? opts.largest : perOther;
    const nodes: StrategyExportInput['nodes'] = [];
    const targets: string[] = [];
    const pillars = 4;
    const goals = 5;
    const targetsPerGoal = Math.max(1, Math.ceil(count / (pillars * goals * 8)));
    for (let p = 0; p < pillars; p++) {
      nodes.push({
        id: `${id}-p${p}`,
        parentId: null,
        code: `${p + 1}`,
        title: `${pick(SUBJECTS)}分野の推進（柱${p + 1}）`,
      });
      for (let g = 0; g < goals; g++) {
        const gid = `${id}-p${p}-g${g}`;
        nodes.push({
          id: gid,
          parentId: `${id}-p${p}`,
          code: `${p + 1}.${g + 1}`,
          title: `${pick(SUBJECTS)}における${pick(OBJECTS)}の充実`,
        });
        for (let t = 0; t < targetsPerGoal; t++) {
          const tid = `${gid}-t${t}`;
          nodes.push({
            id: tid,
            parentId: gid,
            code: `${p + 1}.${g + 1}.${t + 1}`,
            title: `${pick(SUBJECTS)}の${pick(OBJECTS)}${pick(VERBS)}`,
          });
          targets.push(tid);
        }
      }
    }
    const initiatives: StrategyExportInput['initiatives'] = [];
    for (let i = 0; i < count; i++) {
      const home = targets[i % targets.length];
      if (home === undefined) throw new Error('a strategy without targets');
      const listings = [{ nodeId: home, position: Math.floor(i / targets.length) }];
      if (rand() < 0.1) {
        const other = pick(targets);
        if (other !== home) listings.push({ nodeId: other, position: 1000 + i });
      }
      const owners = [pick(orgIds)];
      if (rand() < 0.2) {
        const second = pick(orgIds);
        if (!owners.includes(second)) owners.push(second);
      }
      initiatives.push({
        id: `${id}-i${i}`,
        title: `${pick(SUBJECTS)}${pick(OBJECTS)}事業${i + 1}`,
        owners,
        listings,
      });
    }
    const cycles: NonNullable<StrategyExportInput['cycles']> = [];
    for (let c = 0; c < opts.cycles; c++) {
      const year = 2021 + c;
      cycles.push({
        id: `${id}-fy${year}`,
        fiscalYear: year,
        asOf: `${year + 1}-04`,
        state: c === opts.cycles - 1 ? 'open' : 'published',
        progress: initiatives.map((it) => ({
          initiativeId: it.id,
          // The open cycle is being written by the ministries; earlier ones were accepted.
          reviewState: c === opts.cycles - 1 ? ('draft' as const) : ('accepted' as const),
          text: sentence(pick, 2 + Math.floor(rand() * 3)),
          stage: pick(STAGES),
        })),
        assessments: nodes.map((n) => ({
          nodeId: n.id,
          rating: pick(RATINGS),
          narrative: `${pick(SUBJECTS)}に関する取組は${pick(ASSESS)}`,
        })),
        summary: { overall: ['各目標に向けた取組は全体として進展している。'], pillars: [] },
      });
    }
    const indicators: NonNullable<StrategyExportInput['indicators']> = [];
    for (let k = 0; k < indicatorsPer; k++) {
      const base = 10 + Math.floor(rand() * 500);
      const step = Math.floor(rand() * 40) - 5;
      indicators.push({
        id: `${id}-k${k}`,
        nodeId: pick(targets),
        name: `${pick(SUBJECTS)}の${pick(OBJECTS)}件数`,
        unit: '件',
        baselineValue: base,
        baselinePeriod: `FY${2012}-end`,
        targetValue: base + step * 15,
        targetPeriod: `FY${2030}`,
        observations: Array.from({ length: opts.observationsPerIndicator }, (_, o) => ({
          period: `FY${2012 + o}-end`,
          value: base + step * o + Math.floor(rand() * 5),
          cycleId: null,
        })),
      });
    }
    yield {
      format: 'shinchoku.strategy',
      formatVersion: 1,
      organisations: orgs.map((o) => ({ id: o.id, shortName: o.name, nameJa: o.name })),
      strategy: {
        id,
        title: `合成戦略${s + 1}`,
        titleEn: `Synthetic strategy ${s + 1}`,
        ownerOrganisationId: 'csti',
      },
      vocabularies: {
        stages: STAGES.map((code) => ({
          code,
          labelJa: code,
          category: code === 'planned' || code === 'considering' ? 'planned' : 'done',
        })),
        ratings: RATINGS.map((code) => ({
          code,
          labelJa: code,
          category: code === 'steady' ? 'good' : code === 'accelerate' ? 'attention' : 'neutral',
        })),
      },
      nodes,
      initiatives,
      indicators,
      cycles,
    };
  }
}

function sentence(pick: <T>(list: readonly T[]) => T, parts: number): string {
  let text = '';
  for (let i = 0; i < parts; i++)
    text += `${pick(SUBJECTS)}分野において${pick(OBJECTS)}${pick(VERBS)}${pick(TAILS)}`;
  return text;
}
