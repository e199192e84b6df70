/**
 * The embeddable widgets as server-rendered HTML pages: a target's status card and an
 * indicator's chart, for ministries' own sites (in an iframe). A few kilobytes each, no
 * inline script or style (one served stylesheet, one served script that reports the
 * page's height to its host), in Japanese or English; Japanese text on an English page is
 * marked lang="ja" and labelled as such.
 */
import enEmbed from '../../../locales/en/embed.json' with { type: 'json' };
import jaEmbed from '../../../locales/ja/embed.json' with { type: 'json' };
import { formatAsOf, formatPeriod } from '../../domain/calendar.ts';
import type { Cycle, Indicator, Strategy, VocabularyTerm } from '../../domain/model.ts';
import type { TreeIndicator, TreeNode } from '../../domain/views.ts';
import { registerMessages } from '../../i18n.ts';
import { formatNumber, kpiBlock, periodLabel } from '../kpi.ts';
import { t, type Lang } from '../messages.ts';
import { EMBED_ASSETS } from './embed-assets.ts';
import { chartText, embedChartSvg } from './embed-chart.ts';
import { escapeHtml as h } from './escape.ts';

registerMessages('ja', jaEmbed);
registerMessages('en', enEmbed);

/** Text in the page's language, or the Japanese marked as such when no English is given. */
function localized(lang: Lang, ja: string, en: string): string {
  if (lang === 'ja' || en.trim() !== '') return h(lang === 'ja' ? ja : en);
  return `<span lang="ja">${h(ja)}</span>`;
}

const s = encodeURIComponent;
/** A public page of the web app, in the embed's language. */
function pageUrl(publicUrl: string, lang: Lang, path: string): string {
  return `${publicUrl}${lang === 'en' ? '/en' : ''}${path}`;
}

function page(lang: Lang, title: string, canonical: string | null, body: string): string {
  const { css, frame } = EMBED_ASSETS;
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${h(title)}</title>
${canonical ? `<link rel="canonical" href="${h(canonical)}">\n` : ''}<link rel="stylesheet" href="/embed/embed.css?v=${css.version}">
<script src="/embed/frame.js?v=${frame.version}" defer></script>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

function correctedMark(lang: Lang, href: string): string {
  return `<a class="corrected" href="${h(href)}" target="_blank" rel="noopener" title="${h(t(lang, 'embed.corrected_title'))}">${h(t(lang, 'embed.corrected'))}</a>`;
}

function footer(lang: Lang, strategy: Strategy, cycle: Cycle, more: string): string {
  const source = t(lang, 'embed.source', {
    strategy: lang === 'en' && strategy.titleEn.trim() !== '' ? strategy.titleEn : strategy.title,
    fiscalYear: formatPeriod({ kind: 'fy', year: cycle.fiscalYear }, lang),
    asOf: formatAsOf(cycle.asOf, lang),
  });
  return `<footer><p>${h(source)} <a href="${h(more)}" target="_blank" rel="noopener">${h(t(lang, 'embed.more'))}</a></p></footer>`;
}

export interface TargetCard {
  strategy: Strategy;
  cycle: Cycle;
  node: TreeNode;
  indicators: TreeIndicator[];
  vocabulary: VocabularyTerm[];
  corrected: boolean;
}

/** A target's status card: rating, 概況, its items by stage, its indicators. */
export function targetCardHtml(card: TargetCard, lang: Lang, publicUrl: string): string {
  const { strategy, cycle, node, vocabulary } = card;
  const term = (kind: string, code: string | null) =>
    code === null ? undefined : vocabulary.find((v) => v.kind === kind && v.code === code);
  const label = (v: VocabularyTerm) => (lang === 'en' && v.labelEn.trim() !== '' ? v.labelEn : v.labelJa);
  const title = lang === 'en' && node.titleEn.trim() !== '' ? node.titleEn : node.title;
  const level = strategy.levelLabels[node.depth];
  const dashboard = pageUrl(publicUrl, lang, `/strategies/${s(strategy.id)}/cycles/${s(cycle.id)}`);
  const full = `${dashboard}/nodes/${s(node.id)}`;
  const assessment = node.assessment;
  const rating = term('rating', assessment?.rating ?? null);
  const parts: string[] = [];
  const eyebrow = level ? `${lang === 'en' ? level.en : level.ja} ${node.code}` : node.code;
  parts.push(`<p class="eyebrow">${h(eyebrow)}</p>`);
  parts.push(
    `<h1><a href="${h(full)}" target="_blank" rel="noopener">${localized(lang, node.title, node.titleEn)}</a>${card.corrected ? correctedMark(lang, `${dashboard}#corrections`) : ''}</h1>`,
  );
  parts.push(
    `<p class="status"><span class="badge badge-${h(rating?.category ?? 'none')}">${h(
      rating ? t(lang, 'embed.rating', { label: label(rating) }) : t(lang, 'embed.rating_none'),
    )}</span>${assessment?.needsAcceleration ? `<span class="badge flag">${h(t(lang, 'embed.acceleration'))}</span>` : ''}</p>`,
  );
  parts.push(`<h2>${h(t(lang, 'embed.overview'))}</h2>`);
  parts.push(
    assessment?.narrative
      ? `<p lang="ja">${h(assessment.narrative)}</p>${lang === 'en' ? `<p class="note">${h(t(lang, 'embed.japanese_only'))}</p>` : ''}`
      : `<p>${h(t(lang, 'embed.no_overview'))}</p>`,
  );
  parts.push(`<h2>${h(t(lang, 'embed.progress'))}</h2>`);
  if (node.items.length === 0) {
    parts.push(`<p>${h(t(lang, 'embed.no_items'))}</p>`);
  } else {
    const stages = vocabulary
      .filter((v) => v.kind === 'stage')
      .sort((a, b) => a.position - b.position)
      .map((v) => ({ v, count: node.items.filter((i) => i.entry?.stage === v.code).length }))
      .filter((x) => x.count > 0)
      .map((x) => t(lang, 'embed.stage_count', { label: label(x.v), count: x.count }));
    const counts =
      stages.length > 0
        ? `${lang === 'en' ? ' (' : '（'}${stages.join(lang === 'en' ? ', ' : '、')}${lang === 'en' ? ')' : '）'}`
        : '';
    parts.push(`<p>${h(t(lang, 'embed.items', { count: node.items.length }))}${h(counts)}</p>`);
  }
  if (card.indicators.length > 0) {
    parts.push(`<h2>${h(t(lang, 'embed.indicators'))}</h2><ul>`);
    for (const k of card.indicators) {
      const line = kpiBlock(k, lang).line;
      const href = pageUrl(publicUrl, lang, `/indicators/${s(k.id)}`);
      parts.push(
        `<li><a href="${h(href)}" target="_blank" rel="noopener"${lang === 'en' && k.nameEn.trim() === '' ? ' lang="ja"' : ''}>${h(line)}</a></li>`,
      );
    }
    parts.push('</ul>');
  }
  parts.push(footer(lang, strategy, cycle, full));
  return page(lang, t(lang, 'embed.target_title', { code: node.code, title }), full, parts.join('\n'));
}

export interface IndicatorChartPage {
  strategy: Strategy;
  indicator: Indicator;
  cycle: Cycle;
  /** The cycle with a correction of this indicator; null: none. */
  correctedIn: string | null;
}

/** An indicator's chart: the SVG with its title and description, and the figures as a table. */
export function indicatorChartHtml(data: IndicatorChartPage, lang: Lang, publicUrl: string): string {
  const { indicator, strategy, cycle } = data;
  const kpi = kpiBlock(indicator, lang);
  const full = pageUrl(publicUrl, lang, `/indicators/${s(indicator.id)}`);
  const parts: string[] = [];
  const corrected =
    data.correctedIn === null
      ? ''
      : correctedMark(
          lang,
          `${pageUrl(publicUrl, lang, `/strategies/${s(strategy.id)}/cycles/${s(data.correctedIn)}`)}#corrections`,
        );
  parts.push(
    `<h1><a href="${h(full)}" target="_blank" rel="noopener">${localized(lang, indicator.name, indicator.nameEn)}</a>${corrected}</h1>`,
  );
  const svg = embedChartSvg(kpi, indicator.baselineValue, lang);
  if (!svg) {
    parts.push(`<p>${h(t(lang, 'embed.no_observations'))}</p>`);
  } else {
    const text = chartText(kpi, lang);
    parts.push(svg, `<p class="note">${h(text.desc)}</p>`);
    const unit = indicator.unit ? ` ${indicator.unit}` : '';
    const rows = [...indicator.observations]
      .map((o) => ({ o, label: periodLabel(o.period, lang) }))
      .sort(
        (a, b) =>
          kpi.points.findIndex((p) => p.period === a.o.period) -
          kpi.points.findIndex((p) => p.period === b.o.period),
      )
      .map(
        ({ o, label }) =>
          `<tr><th scope="row">${h(label)}</th><td class="num">${h(`${formatNumber(o.value, lang)}${unit}`)}</td><td lang="ja">${h(o.source || '—')}</td></tr>`,
      );
    parts.push(
      `<details><summary>${h(t(lang, 'embed.table'))}</summary><table><caption>${h(
        t(lang, 'embed.table_caption', { name: kpi.name }),
      )}</caption><thead><tr><th scope="col">${h(t(lang, 'embed.period'))}</th><th scope="col">${h(
        t(lang, 'embed.value'),
      )}</th><th scope="col">${h(t(lang, 'embed.observation_source'))}</th></tr></thead><tbody>${rows.join('')}</tbody></table></details>`,
    );
  }
  parts.push(footer(lang, strategy, cycle, full));
  return page(lang, t(lang, 'embed.indicator_title', { name: kpi.name }), full, parts.join('\n'));
}

/** What an embed of something unpublished or unknown shows (with status 404). */
export function embedNotFoundHtml(lang: Lang): string {
  return page(
    lang,
    t(lang, 'embed.not_found_title'),
    null,
    `<h1>${h(t(lang, 'embed.not_found_title'))}</h1>\n<p>${h(t(lang, 'embed.not_found'))}</p>`,
  );
}
