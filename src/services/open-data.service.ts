/**
 * What a data portal and a search engine harvest: the DCAT catalogue of every published
 * cycle with its distributions (size and SHA-256 of the served bytes), the CSVW metadata of
 * the CSV files, the served JSON Schemas, robots.txt and the sitemap. Only published data
 * appears here: everything is read as an anonymous visitor.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../db/database.ts';
import { ANONYMOUS } from '../domain/access.ts';
import { notFound } from '../domain/errors.ts';
import { LICENCES } from '../domain/licences.ts';
import type { Cycle } from '../domain/model.ts';
import { CORRECTION_CSV_COLUMNS, CSV_COLUMNS, INDICATOR_CSV_COLUMNS } from '../reports/render/csv.ts';
import { PROJECT_ROOT } from '../paths.ts';
import { BUDGET_CSV_COLUMNS, budgetCsv } from './budget.service.ts';
import { publicationOf } from './publication.service.ts';
import { generateIndicatorsCsv, generateReport, type ReportFile } from './reports.service.ts';
import { etagOf } from './snapshots.service.ts';
import { getTree, listStrategies, visibleCycles } from './strategies.service.ts';
import { defined } from '../domain/defined.ts';

const SCHEMA_DIR = path.join(PROJECT_ROOT, 'schemas');
/** The schema files served under /schemas/, by name. */
export const SERVED_SCHEMAS = [
  'report-cycle.v1.json',
  'strategy-export.v1.json',
  'report-cycle.csv.md',
  'budget.csv.md',
] as const;

/** A served schema (JSON: its `$id` where it is served) or the CSV's column description. */
export async function schemaFile(
  name: string,
  publicUrl: string,
): Promise<{ text: string; contentType: string }> {
  if (!(SERVED_SCHEMAS as readonly string[]).includes(name)) throw notFound('schema', name);
  const text = await fs.readFile(path.join(SCHEMA_DIR, name), 'utf8');
  if (name.endsWith('.md')) return { text, contentType: 'text/markdown; charset=utf-8' };
  const { $schema, ...rest } = JSON.parse(text) as Record<string, unknown>;
  return {
    text: `${JSON.stringify({ $schema, $id: `${publicUrl}/schemas/${name}`, ...rest }, null, 2)}\n`,
    contentType: 'application/schema+json',
  };
}

export interface Distribution {
  /** Path under the public URL, e.g. /api/strategies/ai2022/cycles/ai2022-fy2022/report.json */
  path: string;
  mediaType: string;
  format: 'JSON' | 'CSV';
  title: string;
  titleEn: string;
  byteSize: number;
  sha256: string;
  conformsTo: string;
}

interface PublishedCycle {
  cycle: Cycle;
  revision: number;
  /** The last correction's date, else the publication's. */
  modified: string;
  distributions: Distribution[];
}

/**
 * Distributions per database and cycle revision: the files of a revision never change. Per
 * database, because two databases (a test's two engines, a restored copy) can each have a
 * revision 1 of the same cycle with different bytes.
 */
const distributionCaches = new WeakMap<Db, Map<string, Distribution[]>>();

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

const baseOf = (cycle: Cycle) => `/api/strategies/${cycle.strategyId}/cycles/${cycle.id}`;

function distribution(
  cycle: Cycle,
  f: Pick<ReportFile, 'body'>,
  p: string,
  format: Distribution['format'],
  title: string,
  titleEn: string,
  conformsTo: string,
): Distribution {
  return {
    path: `${baseOf(cycle)}/${p}`,
    mediaType: format === 'JSON' ? 'application/json' : 'text/csv',
    format,
    title,
    titleEn,
    byteSize: f.body.length,
    sha256: sha256(f.body),
    conformsTo,
  };
}

async function distributionsOf(db: Db, cycle: Cycle, revision: number, publicUrl: string) {
  const key = `${publicUrl} ${etagOf(cycle.id, revision)}`;
  let distributionCache = distributionCaches.get(db);
  if (!distributionCache) distributionCaches.set(db, (distributionCache = new Map()));
  const cached = distributionCache.get(key);
  if (cached) return cached;
  const base = baseOf(cycle);
  const req = { strategyId: cycle.strategyId, cycleId: cycle.id, viewer: ANONYMOUS, revision, publicUrl };
  const json = await generateReport(db, { ...req, format: 'json' });
  const csv = await generateReport(db, { ...req, format: 'csv' });
  const figures = await generateIndicatorsCsv(db, req);
  const list = [
    distribution(
      cycle,
      json,
      'report.json',
      'JSON',
      '進捗状況（JSON）',
      'Progress (JSON)',
      `${publicUrl}/schemas/report-cycle.v1.json`,
    ),
    distribution(
      cycle,
      csv,
      'report.csv',
      'CSV',
      '進捗状況（CSV）',
      'Progress (CSV)',
      `${publicUrl}${base}/report.csv-metadata.json`,
    ),
    distribution(
      cycle,
      figures,
      'indicators.csv',
      'CSV',
      'KPIの実績値（CSV）',
      'KPI figures (CSV)',
      `${publicUrl}${base}/report.csv-metadata.json`,
    ),
  ];
  distributionCache.set(key, list);
  return list;
}

/**
 * budget.csv: read each time, not kept with the revision's files, because a re-import of the
 * review's figures changes its amounts without a new revision of the cycle.
 */
async function budgetDistribution(db: Db, cycle: Cycle, publicUrl: string): Promise<Distribution> {
  const { body } = await budgetCsv(db, cycle.strategyId, cycle.id, ANONYMOUS);
  return distribution(
    cycle,
    { body: Buffer.from(body, 'utf8') },
    'budget.csv',
    'CSV',
    '予算と執行（行政事業レビュー、CSV）',
    'Budget and execution (administrative project review, CSV)',
    `${publicUrl}${baseOf(cycle)}/report.csv-metadata.json`,
  );
}

async function publishedCycles(db: Db, publicUrl: string) {
  const strategies = await listStrategies(db, ANONYMOUS);
  const out: { strategyId: string; cycles: PublishedCycle[] }[] = [];
  for (const s of strategies) {
    const cycles: PublishedCycle[] = [];
    for (const cycle of await visibleCycles(db, s.id, ANONYMOUS)) {
      const publication = await publicationOf(db.kysely, cycle);
      if (!publication) continue;
      const modified = publication.revisions.at(-1)?.createdAt ?? cycle.publishedAt ?? cycle.updatedAt;
      cycles.push({
        cycle,
        revision: publication.revision,
        modified,
        distributions: [
          ...(await distributionsOf(db, cycle, publication.revision, publicUrl)),
          await budgetDistribution(db, cycle, publicUrl),
        ],
      });
    }
    out.push({ strategyId: s.id, cycles });
  }
  return out;
}

const fiscalYearPeriod = (fy: number) => ({
  '@type': 'dct:PeriodOfTime',
  'dcat:startDate': { '@value': `${fy}-04-01`, '@type': 'xsd:date' },
  'dcat:endDate': { '@value': `${fy + 1}-03-31`, '@type': 'xsd:date' },
});

/**
 * The DCAT catalogue (DCAT 3 vocabulary, as DCAT-AP profiles it) as JSON-LD: one dataset
 * per published cycle, one distribution per open-data file.
 */
export async function catalogue(db: Db, publicUrl: string): Promise<Record<string, unknown>> {
  const strategies = await listStrategies(db, ANONYMOUS);
  const published = await publishedCycles(db, publicUrl);
  const datasets: unknown[] = [];
  for (const { strategyId, cycles } of published) {
    const s = defined(
      strategies.find((x) => x.id === strategyId),
      `the strategy ${strategyId}`,
    );
    for (const { cycle, modified, distributions } of cycles) {
      const tree = await getTree(db, s.id, cycle.id, ANONYMOUS);
      const owner = tree.organisations.find((o) => o.id === s.ownerOrganisationId) ?? null;
      const licence = LICENCES[s.licenceId];
      const page = `${publicUrl}/strategies/${s.id}/cycles/${cycle.id}`;
      const fy = cycle.fiscalYear;
      datasets.push({
        '@id': `${page}#dataset`,
        '@type': 'dcat:Dataset',
        'dct:identifier': cycle.id,
        'dct:title': [
          { '@value': `「${s.title}」の進捗状況（${fy}年度）`, '@language': 'ja' },
          { '@value': `Progress of "${s.titleEn || s.title}" (FY${fy})`, '@language': 'en' },
        ],
        'dct:description': [
          {
            '@value': `「${s.title}」のフォローアップ（${fy}年度）：施策ごとの主な進捗、目標ごとの概況と評価、KPIの実績値。`,
            '@language': 'ja',
          },
          {
            '@value': `Follow-up of "${s.titleEn || s.title}" for FY${fy}: the main progress of each initiative, the assessment and rating of each target, and the KPI figures.`,
            '@language': 'en',
          },
        ],
        'dct:issued': { '@value': cycle.publishedAt ?? modified, '@type': 'xsd:dateTime' },
        'dct:modified': { '@value': modified, '@type': 'xsd:dateTime' },
        'dct:publisher': {
          '@type': 'foaf:Agent',
          'foaf:name': owner
            ? [
                { '@value': owner.nameJa, '@language': 'ja' },
                { '@value': owner.nameEn, '@language': 'en' },
              ]
            : s.title,
        },
        'dcat:contactPoint': {
          '@type': 'vcard:Organization',
          'vcard:fn': owner?.nameJa ?? s.title,
          'vcard:hasURL': { '@id': page },
        },
        'dcat:theme': { '@id': 'http://publications.europa.eu/resource/authority/data-theme/GOVE' },
        'dcat:keyword': [
          { '@value': 'フォローアップ', '@language': 'ja' },
          { '@value': s.title, '@language': 'ja' },
          { '@value': 'follow-up', '@language': 'en' },
        ],
        'dct:spatial': { '@id': 'http://publications.europa.eu/resource/authority/country/JPN' },
        'dct:temporal': fiscalYearPeriod(fy),
        'dct:language': [
          { '@id': 'http://publications.europa.eu/resource/authority/language/JPN' },
          { '@id': 'http://publications.europa.eu/resource/authority/language/ENG' },
        ],
        'dct:license': { '@id': licence.compatibleUrl },
        'dct:rights': { '@type': 'dct:RightsStatement', 'rdfs:label': `${licence.nameJa} ${licence.url}` },
        'dcat:landingPage': { '@id': page },
        'dcat:distribution': distributions.map((d) => ({
          '@id': `${publicUrl}${d.path}`,
          '@type': 'dcat:Distribution',
          'dct:title': [
            { '@value': d.title, '@language': 'ja' },
            { '@value': d.titleEn, '@language': 'en' },
          ],
          'dcat:accessURL': { '@id': `${publicUrl}${d.path}` },
          'dcat:downloadURL': { '@id': `${publicUrl}${d.path}` },
          'dcat:mediaType': { '@id': `https://www.iana.org/assignments/media-types/${d.mediaType}` },
          'dct:format': {
            '@id': `http://publications.europa.eu/resource/authority/file-type/${d.format}`,
          },
          'dcat:byteSize': { '@value': String(d.byteSize), '@type': 'xsd:nonNegativeInteger' },
          'spdx:checksum': {
            '@type': 'spdx:Checksum',
            'spdx:algorithm': { '@id': 'spdx:checksumAlgorithm_sha256' },
            'spdx:checksumValue': { '@value': d.sha256, '@type': 'xsd:hexBinary' },
          },
          'dct:conformsTo': { '@id': d.conformsTo },
          'dct:license': { '@id': licence.compatibleUrl },
          'dct:issued': { '@value': cycle.publishedAt ?? modified, '@type': 'xsd:dateTime' },
          'dct:modified': { '@value': modified, '@type': 'xsd:dateTime' },
        })),
      });
    }
  }
  return {
    '@context': {
      dcat: 'http://www.w3.org/ns/dcat#',
      dct: 'http://purl.org/dc/terms/',
      foaf: 'http://xmlns.com/foaf/0.1/',
      vcard: 'http://www.w3.org/2006/vcard/ns#',
      spdx: 'http://spdx.org/rdf/terms#',
      rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
      xsd: 'http://www.w3.org/2001/XMLSchema#',
    },
    '@id': `${publicUrl}/catalog.jsonld`,
    '@type': 'dcat:Catalog',
    'dct:title': [
      { '@value': '戦略フォローアップのオープンデータ', '@language': 'ja' },
      { '@value': 'Open data of strategy follow-ups', '@language': 'en' },
    ],
    'dct:description': [
      { '@value': '公表済みのフォローアップ（年度ごと）の進捗とKPIのデータ。', '@language': 'ja' },
      { '@value': 'Progress and KPI data of each published yearly follow-up.', '@language': 'en' },
    ],
    'dct:publisher': { '@type': 'foaf:Agent', 'foaf:name': 'shinchoku' },
    'foaf:homepage': { '@id': `${publicUrl}/` },
    'dct:language': { '@id': 'http://publications.europa.eu/resource/authority/language/JPN' },
    'dcat:dataset': datasets,
  };
}

/**
 * CSVW metadata (W3C "Metadata Vocabulary for Tabular Data") of a cycle's four CSV files:
 * the progress rows, the KPI figures, the corrections and the budget lines, with their
 * columns and licence.
 * Text is Japanese but in the `_en` columns (English, empty when not translated).
 */
export async function csvMetadata(
  db: Db,
  strategyId: string,
  cycleId: string,
  publicUrl: string,
): Promise<Record<string, unknown>> {
  const tree = await getTree(db, strategyId, cycleId, ANONYMOUS);
  const licence = LICENCES[tree.strategy.licenceId];
  const base = `${publicUrl}/api/strategies/${strategyId}/cycles/${cycleId}`;
  const integers = new Set([
    'fiscal_year',
    'revision',
    ...BUDGET_CSV_COLUMNS.filter((c) => c.endsWith('_yen')),
  ]);
  const numbers = new Set(['value']);
  const columns = (names: readonly string[], required: readonly string[]) =>
    names.map((name) => ({
      name,
      titles: name,
      datatype: integers.has(name) ? 'integer' : numbers.has(name) ? 'number' : 'string',
      required: required.includes(name),
      ...(name.endsWith('_en') && { lang: 'en' }),
    }));
  return {
    '@context': ['http://www.w3.org/ns/csvw', { '@language': 'ja' }],
    'dc:title': `「${tree.strategy.title}」の進捗状況（${tree.cycle.fiscalYear}年度）`,
    'dc:license': { '@id': licence.compatibleUrl },
    'dc:rights': licence.nameJa,
    dialect: { encoding: 'utf-8', header: true, lineTerminators: ['\r\n'], doubleQuote: true },
    tables: [
      {
        url: `${base}/report.csv`,
        'dc:description': `${publicUrl}/schemas/report-cycle.csv.md`,
        tableSchema: {
          columns: columns(CSV_COLUMNS, ['strategy_id', 'cycle_id', 'node_id', 'initiative_id']),
          primaryKey: ['node_id', 'initiative_id'],
        },
      },
      {
        url: `${base}/indicators.csv`,
        tableSchema: {
          columns: columns(INDICATOR_CSV_COLUMNS, ['strategy_id', 'cycle_id', 'indicator_id', 'period']),
          primaryKey: ['indicator_id', 'period'],
        },
      },
      {
        url: `${base}/corrections.csv`,
        'dc:description': `${publicUrl}/schemas/report-cycle.csv.md`,
        tableSchema: {
          columns: columns(CORRECTION_CSV_COLUMNS, [
            'strategy_id',
            'cycle_id',
            'revision',
            'kind',
            'item_id',
          ]),
          primaryKey: ['revision', 'kind', 'item_id', 'field'],
        },
      },
      {
        url: `${base}/budget.csv`,
        'dc:description': `${publicUrl}/schemas/budget.csv.md`,
        tableSchema: {
          columns: columns(BUDGET_CSV_COLUMNS, [
            'cycle_id',
            'fiscal_year',
            'initiative_id',
            'project_number',
            'initial_budget_yen',
          ]),
          primaryKey: ['initiative_id', 'project_number'],
        },
      },
    ],
  };
}

const PRIVATE_PATHS = [
  '/api/',
  '/login',
  '/tasks',
  '/notifications',
  '/account',
  '/entries',
  '/review',
  '/assess',
  '/publish',
  '/admin',
];

export function robotsTxt(publicUrl: string): string {
  const lines = ['User-agent: *', ...PRIVATE_PATHS.map((p) => `Disallow: ${p}`)];
  // The open data and the catalogue are for harvesters, though under /api.
  lines.push('Allow: /api/strategies/', `Sitemap: ${publicUrl}/sitemap.xml`);
  return `${lines.join('\n')}\n`;
}

const xml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Every public page of every published cycle, the portfolio and each ministry's page across
 * strategies, in Japanese with its English alternate.
 */
export async function sitemapXml(db: Db, publicUrl: string): Promise<string> {
  const strategies = await listStrategies(db, ANONYMOUS);
  const pages: { path: string; modified?: string }[] = [{ path: '/' }, { path: '/portfolio' }];
  const ministries = new Set<string>();
  for (const s of strategies) {
    pages.push({ path: `/strategies/${s.id}` });
    for (const cycle of await visibleCycles(db, s.id, ANONYMOUS)) {
      if (cycle.state !== 'published') continue;
      const modified = (cycle.publishedAt ?? cycle.updatedAt).slice(0, 10);
      const dash = `/strategies/${s.id}/cycles/${cycle.id}`;
      const tree = await getTree(db, s.id, cycle.id, ANONYMOUS);
      pages.push(
        ...[dash, `${dash}/tree`, `${dash}/downloads`, `${dash}/compare`].map((p) => ({ path: p, modified })),
      );
      const visit = (nodes: typeof tree.nodes) => {
        for (const n of nodes) {
          pages.push({ path: `${dash}/nodes/${encodeURIComponent(n.id)}`, modified });
          visit(n.children);
        }
      };
      visit(tree.nodes);
      for (const o of tree.organisations) ministries.add(o.id);
    }
  }
  for (const id of [...ministries].sort())
    pages.push({ path: `/portfolio/ministries/${encodeURIComponent(id)}` });
  const url = ({ path: p, modified }: (typeof pages)[number]) =>
    [
      '  <url>',
      `    <loc>${xml(publicUrl + p)}</loc>`,
      ...(modified ? [`    <lastmod>${modified}</lastmod>`] : []),
      `    <xhtml:link rel="alternate" hreflang="ja" href="${xml(publicUrl + p)}"/>`,
      `    <xhtml:link rel="alternate" hreflang="en" href="${xml(`${publicUrl}/en${p === '/' ? '' : p}`)}"/>`,
      '  </url>',
    ].join('\n');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ...[...new Map(pages.map((p) => [p.path, p])).values()].map(url),
    '</urlset>',
    '',
  ].join('\n');
}

/**
 * An Atom feed of a strategy's publications and corrections, newest first: what a portal,
 * a journalist's reader or a ministry's site subscribes to.
 */
export async function atomFeed(db: Db, strategyId: string, publicUrl: string): Promise<string> {
  const strategy = (await listStrategies(db, ANONYMOUS)).find((s) => s.id === strategyId);
  if (!strategy) throw notFound('strategy', strategyId);
  const entries: { id: string; title: string; updated: string; link: string; summary: string }[] = [];
  for (const cycle of await visibleCycles(db, strategyId, ANONYMOUS)) {
    const publication = await publicationOf(db.kysely, cycle);
    if (!publication) continue;
    const page = `${publicUrl}/strategies/${strategyId}/cycles/${cycle.id}`;
    const name = `${cycle.fiscalYear}年度`;
    entries.push({
      id: `${page}#r0`,
      title: `「${strategy.title}」の進捗状況（${name}）を公表しました`,
      updated: cycle.publishedAt ?? cycle.updatedAt,
      link: page,
      summary: `${name}のフォローアップ結果を公表しました。`,
    });
    for (const c of publication.corrections)
      entries.push({
        id: `${page}#r${c.revision}`,
        title: `「${strategy.title}」の進捗状況（${name}）を訂正しました（第${c.revision}版）`,
        updated: c.createdAt,
        link: `${page}/downloads`,
        summary: c.reason,
      });
  }
  entries.sort((a, b) => (a.updated < b.updated ? 1 : a.updated > b.updated ? -1 : 0));
  const self = `${publicUrl}/strategies/${strategyId}/feed.atom`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ja">',
    `  <id>${xml(self)}</id>`,
    `  <title>${xml(`「${strategy.title}」フォローアップの公表と訂正`)}</title>`,
    `  <updated>${entries[0]?.updated ?? strategy.updatedAt}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${xml(self)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xml(`${publicUrl}/strategies/${strategyId}`)}"/>`,
    `  <author><name>${xml(strategy.title)}</name></author>`,
    ...entries.map((e) =>
      [
        '  <entry>',
        `    <id>${xml(e.id)}</id>`,
        `    <title>${xml(e.title)}</title>`,
        `    <updated>${e.updated}</updated>`,
        `    <link rel="alternate" type="text/html" href="${xml(e.link)}"/>`,
        `    <summary>${xml(e.summary)}</summary>`,
        '  </entry>',
      ].join('\n'),
    ),
    '</feed>',
    '',
  ].join('\n');
}
