/**
 * The follow-up vocabulary a recovered draft starts with (the sample's stages and ratings),
 * and the wording that suggests each term. Rules are data: the first rule that matches wins,
 * so more specific wordings come first. A strategy can change its vocabulary after import.
 */
import type { VocabularyTermRecord } from '../../domain/interchange.ts';

type Term = Pick<VocabularyTermRecord, 'code' | 'labelJa' | 'labelEn' | 'category'>;

const term = (code: string, labelJa: string, labelEn: string, category: string): Term => ({
  code,
  labelJa,
  labelEn,
  category,
});

export const STAGES: readonly Term[] = [
  term('planned', '開始予定', 'Planned to start', 'planned'),
  term('considering', '検討中', 'Under consideration', 'planned'),
  term('started', '着手', 'Started', 'underway'),
  term('piloted', '試行', 'Piloted', 'underway'),
  term('in_progress', '実施中', 'In progress', 'underway'),
  term('running', '運用中', 'Running', 'underway'),
  term('ongoing', '推進中', 'Ongoing', 'underway'),
  term('prototyped', '試作', 'Prototyped', 'done'),
  term('demonstrated', '実証', 'Demonstrated', 'done'),
  term('developed', '開発', 'Developed', 'done'),
  term('built', '構築', 'Built', 'done'),
  term('implemented', '実施済み', 'Implemented', 'done'),
  term('conducted', '実施（研究・事業）', 'Conducted', 'done'),
  term('held', '開催', 'Held', 'done'),
  term('selected', '公募・選定', 'Call held and selected', 'done'),
  term('published', '公開', 'Published', 'done'),
];

export const RATINGS: readonly Term[] = [
  term('steady', '着実に進展', 'Steady progress', 'good'),
  term('progressing', '進展', 'Progressing', 'good'),
  term('gradual', '徐々に進展', 'Gradual progress', 'neutral'),
  term('improving', '改善しつつある', 'Improving', 'neutral'),
  term('field_by_field', '分野ごとに改善', 'Improving field by field', 'neutral'),
  term('starting', 'これから本格化', 'About to start in earnest', 'attention'),
  term('to_be_concretised', '今後具体化', 'To be made concrete', 'attention'),
  term('accelerate', '拡充・加速の余地大', 'Much room to expand and accelerate', 'attention'),
];

/**
 * Stage rules, tried on an item's main clause (its text without the ministry tag and the
 * final '。'). Most look at how the clause ends, because the last verb is what was done:
 * '…データベースの一般公開などを実施' was carried out (implemented), not published.
 */
export const STAGE_RULES: readonly { code: string; pattern: RegExp }[] = [
  { code: 'in_progress', pattern: /を目指し.*(?:実施|推進|進め)(?:中|ている)?$/ },
  { code: 'planned', pattern: /(?:開始|実施|着手|公開|開催|運用)?予定$/ },
  { code: 'considering', pattern: /検討(?:中|している|を開始)$/ },
  { code: 'prototyped', pattern: /試作$/ },
  { code: 'piloted', pattern: /試行/ },
  { code: 'selected', pattern: /公募.*選定$|選定$/ },
  { code: 'started', pattern: /(?:着手|開始|始動)$/ },
  { code: 'held', pattern: /開催$/ },
  { code: 'published', pattern: /(?:公開|公表|発行)$/ },
  { code: 'demonstrated', pattern: /実証$/ },
  { code: 'developed', pattern: /開発$/ },
  { code: 'built', pattern: /(?:構築|整備)$/ },
  { code: 'ongoing', pattern: /(?:推進|継続)$/ },
  { code: 'running', pattern: /(?:が進展|運用中|運用|稼働)$/ },
  { code: 'conducted', pattern: /(?:研究|検証|調査|事業|プログラム|実験)(?:等|など)?を実施$/ },
  { code: 'implemented', pattern: /(?:実施|追加|改定|策定|導入)$/ },
];

/**
 * Rating rules, tried on an overview (概況) as a whole. Cautionary wordings first: a text
 * that says work is progressing but much room remains is rated for acceleration.
 */
export const RATING_RULES: readonly { code: string; pattern: RegExp; needsAcceleration?: boolean }[] = [
  { code: 'accelerate', pattern: /(?:拡充|加速)[^。]{0,6}余地[^。]{0,4}大きい/, needsAcceleration: true },
  { code: 'starting', pattern: /これから本格|本格化する見通し|本格的に取り組まれる見通し/ },
  { code: 'to_be_concretised', pattern: /今後具体化|具体化(?:の|が)?予定/ },
  { code: 'gradual', pattern: /徐々に(?:進展|進ん|進め)/ },
  { code: 'improving', pattern: /改善しつつある/ },
  { code: 'field_by_field', pattern: /分野ごとに改善/ },
  { code: 'steady', pattern: /着実に(?:進展|進ん|進め)/ },
  { code: 'progressing', pattern: /進展|進んでいる|進められている/ },
];

/** The stage an item's wording suggests, or null. */
export function suggestStage(text: string): string | null {
  const clause = text
    .replace(/[。．\s]+$/, '')
    .replace(/[「」『』]/g, '')
    .trim();
  return STAGE_RULES.find((r) => r.pattern.test(clause))?.code ?? null;
}

/** The rating an overview's wording suggests, and whether it asks for acceleration. */
export function suggestRating(text: string): { rating: string | null; needsAcceleration: boolean } {
  const rule = RATING_RULES.find((r) => r.pattern.test(text));
  return { rating: rule?.code ?? null, needsAcceleration: rule?.needsAcceleration ?? false };
}

/** The rating a printed badge names (評価：着実に進展), by its Japanese or English label. */
export function ratingByLabel(label: string): Term | undefined {
  const key = label.normalize('NFKC').replace(/\s/g, '').toLowerCase();
  return RATINGS.find(
    (r) => r.labelJa.normalize('NFKC') === key || r.labelEn.replace(/\s/g, '').toLowerCase() === key,
  );
}
