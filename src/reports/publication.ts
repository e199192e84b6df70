/**
 * What every download of a published cycle states about its edition: the revision it shows,
 * when the cycle was published, the hash of the snapshot it was made from, and every
 * correction made up to that revision, each change in words (item, field, before → after).
 */
import type { Correction, CorrectionChange } from '../domain/corrections.ts';
import { t, type Lang } from './messages.ts';
import { inLang, jaText } from './japanese-only.ts';

/** The published record a report is made from (null: an unpublished draft). */
export interface ReportPublication {
  revision: number;
  publishedAt: string | null;
  contentHash: string;
  corrections: Correction[];
}

/** One correction, resolved for the report's language. */
export interface CorrectionBlock {
  revision: number;
  /** 第1版（2024年6月1日訂正） */
  heading: string;
  correctedAt: string;
  reason: string;
  changes: ChangeLine[];
}

export interface ChangeLine {
  subject: string;
  field: string;
  before: string;
  after: string;
  /** 「subject（field）：before → after」 */
  text: string;
}

/** The edition as the cover and every footer name it. */
export interface Edition {
  revision: number;
  /** 公開版（初版） / 訂正版（第2版） */
  label: string;
  /** 2023年4月1日 */
  publishedOn: string;
  contentHash: string;
  corrections: CorrectionBlock[];
}

/** A day in Japan's time zone: 2024年6月1日 / 1 June 2024. */
export function formatDay(iso: string | null, lang: Lang): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'ja-JP', {
    dateStyle: 'long',
    timeZone: 'Asia/Tokyo',
  }).format(date);
}

/** A corrected value in words: text as it is, lists joined, nothing as （なし）. */
export function valueText(value: unknown, lang: Lang): string {
  if (value === null || value === undefined || value === '') return t(lang, 'report.value_none');
  if (typeof value === 'boolean') return t(lang, value ? 'report.value_yes' : 'report.value_no');
  if (typeof value === 'number' || typeof value === 'string') return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return t(lang, 'report.value_none');
    return value.map((v) => valueText(v, lang)).join(' / ');
  }
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.period === 'string' && typeof o.text === 'string') return `${o.period}: ${o.text}`;
    if (typeof o.nodeId === 'string' && Array.isArray(o.bullets))
      return `${o.nodeId}: ${valueText(o.bullets, lang)}`;
  }
  return JSON.stringify(value);
}

/** Fields whose values are Japanese text (their English twins end in En). */
const JAPANESE_FIELDS = new Set([
  'text',
  'plans',
  'narrative',
  'remark',
  'overall',
  'pillars',
  'title',
  'source',
  'note',
  'targetText',
]);
const isNone = (v: unknown) =>
  v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/** The label of a vocabulary term (stage, rating) in the report's language; undefined when unknown. */
export type TermLabel = (kind: 'stage' | 'rating', code: string) => string | undefined;

function changeLine(c: CorrectionChange, lang: Lang, label: TermLabel): ChangeLine {
  // The subject's title and a Japanese field's values are Japanese: marked in English.
  const subject =
    c.subject.type === 'summary'
      ? t(lang, 'report.subject_summary')
      : c.subject.title
        ? jaText(lang, c.subject.title)
        : c.itemId;
  const japanese = JAPANESE_FIELDS.has(c.field);
  const key = `report.fix.${c.kind}.${c.field}`;
  const fieldLabel = t(lang, key);
  const field = fieldLabel === key ? c.field : fieldLabel;
  const term = c.field === 'stage' || c.field === 'rating' ? c.field : null;
  const show = (v: unknown) =>
    (term && typeof v === 'string' ? label(term, v) : undefined) ??
    (japanese && !isNone(v) ? jaText(lang, valueText(v, lang)) : valueText(v, lang));
  const before = show(c.before);
  const after = show(c.after);
  return {
    subject,
    field,
    before,
    after,
    text: t(lang, 'report.correction_change', { subject, field, before, after }),
  };
}

export function buildEdition(
  publication: ReportPublication | null,
  lang: Lang,
  label: TermLabel = () => undefined,
): Edition | null {
  if (!publication) return null;
  const { revision } = publication;
  return {
    revision,
    label:
      revision === 0
        ? t(lang, 'report.revision_initial')
        : t(lang, 'report.revision_corrected', { revision }),
    publishedOn: formatDay(publication.publishedAt, lang),
    contentHash: publication.contentHash,
    corrections: publication.corrections.map((c) => {
      const correctedAt = formatDay(c.createdAt, lang);
      return {
        revision: c.revision,
        heading: t(lang, 'report.correction_heading', { revision: c.revision, date: correctedAt }),
        correctedAt,
        reason: inLang(lang, c.reason, c.reasonEn),
        changes: c.changes.map((x) => changeLine(x, lang, label)),
      };
    }),
  };
}
