/**
 * Every report format of the cycle, one click away, in both languages; plus the open data
 * the read API serves.
 */
import { REPORT_FORMATS, type ReportFormat } from '../../../src/domain/formats.ts';
import { api, correctionsCsvUrl, reportUrl, treeUrl } from '../api/endpoints.ts';
import { useCorrections } from '../lib/corrections.ts';
import { dateTime } from '../workflow/common.tsx';
import { TableScroll } from '../components/TableScroll.tsx';
import { cycleName } from '../lib/format.ts';
import { useLoad, usePageTitle } from '../lib/hooks.ts';
import { useCycleDescription, useStrategy } from '../lib/strategy-context.ts';
import { LANGS } from '../../../src/i18n.ts';
import { attributionText, LICENCES } from '../../../src/domain/licences.ts';
import { useLang, useT } from '../i18n.ts';
import { DataTable } from '../components/DataTable.tsx';
import { Section } from '../components/Section.tsx';

const LABELS: Record<ReportFormat, string> = {
  pptx: 'PowerPoint (.pptx)',
  pdf: 'PDF (.pdf)',
  html: 'HTML (.html)',
  md: 'Markdown (.md)',
  xlsx: 'Excel (.xlsx)',
  csv: 'CSV (.csv)',
  json: 'JSON (.json)',
};

/** Whether the server documents a report route (the reports module may not be deployed). */
function hasReportRoute(paths: Record<string, unknown>): boolean {
  return Object.keys(paths).some((p) => p.includes('/report'));
}

/** The open data of a cycle: where each file is and the locale key of its name. */
function openData(strategyId: string, cycleId: string) {
  const strategy = `/api/strategies/${encodeURIComponent(strategyId)}`;
  const base = `${strategy}/cycles/${encodeURIComponent(cycleId)}`;
  return [
    { href: treeUrl(strategyId, cycleId), label: 'web.downloads.tree_json' },
    { href: `${strategy}/indicators`, label: 'web.downloads.indicators_json' },
    { href: `${base}/indicators.csv`, label: 'web.downloads.indicators_csv', download: '' },
    { href: `${base}/budget.csv`, label: 'web.budget.download', download: '' },
    { href: `${base}/report.csv-metadata.json`, label: 'web.downloads.csvw' },
    { href: '/schemas/report-cycle.v1.json', label: 'web.downloads.schema' },
    { href: '/catalog.jsonld', label: 'web.downloads.catalogue' },
    {
      href: `/strategies/${encodeURIComponent(strategyId)}/feed.atom`,
      label: 'web.downloads.feed',
      type: 'application/atom+xml',
    },
    { href: '/api/openapi.json', label: 'web.downloads.openapi' },
  ];
}

export function DownloadsPage() {
  const { index, strategyId, cycleId } = useStrategy();
  const lang = useLang();
  const t = useT();
  usePageTitle(t('web.downloads.title'), useCycleDescription('downloads'));
  const openapi = useLoad(() => api.openapi(), 'openapi');
  const unavailable = openapi.status === 'ok' && !hasReportRoute(openapi.data.paths);
  return (
    <>
      <h1>{t('web.downloads.title')}</h1>
      <p className="lead">{t('web.downloads.lead', { cycle: cycleName(index.tree.cycle, lang) })}</p>
      {unavailable && (
        <p className="notice" role="status">
          {t('web.downloads.not_available')}
        </p>
      )}
      <section aria-labelledby="reports-heading">
        <h2 id="reports-heading">{t('web.downloads.reports')}</h2>
        <TableScroll labelledBy="reports-heading">
          <DataTable
            className="data-table downloads"
            keys="web.downloads."
            head={['format', 'use', ...LANGS.map((l) => `lang_${l}`)]}
          >
            {REPORT_FORMATS.map((format) => (
              <tr key={format}>
                <th scope="row">{LABELS[format]}</th>
                <td>{t(`web.downloads.use_${format}`)}</td>
                {LANGS.map((l) => (
                  <td key={l}>
                    <a
                      href={reportUrl(strategyId, cycleId, format, l)}
                      download={format === 'html' ? undefined : ''}
                      className="download-link"
                    >
                      {t('web.downloads.link', {
                        format: format.toUpperCase(),
                        lang: t(`web.downloads.lang_${l}`),
                      })}
                    </a>
                  </td>
                ))}
              </tr>
            ))}
          </DataTable>
        </TableScroll>
      </section>
      <Editions />
      <Licence />
      <Section id="data-heading" title={t('web.downloads.open_data')}>
        <ul>
          {openData(strategyId, cycleId).map((link) => (
            <li key={link.label}>
              <a href={link.href} download={link.download} type={link.type}>
                {t(link.label)}
              </a>
            </li>
          ))}
        </ul>
      </Section>
    </>
  );
}

/** The terms of reuse and the credit line to give, for every file on this page. */
function Licence() {
  const { index } = useStrategy();
  const lang = useLang();
  const t = useT();
  const { strategy, organisations } = index.tree;
  const licence = LICENCES[strategy.licenceId];
  const owner = organisations.find((o) => o.id === strategy.ownerOrganisationId) ?? null;
  const title = lang === 'en' && strategy.titleEn !== '' ? strategy.titleEn : strategy.title;
  const publisher = owner ? (lang === 'en' ? owner.nameEn : owner.nameJa) : null;
  return (
    <section aria-labelledby="licence-heading">
      <h2 id="licence-heading">{t('web.downloads.licence')}</h2>
      <p>
        {t('web.downloads.licence_lead')}{' '}
        <a href={licence.url} rel="license">
          {lang === 'en' ? licence.nameEn : licence.nameJa}
        </a>{' '}
        {t('web.downloads.licence_compatible')}
      </p>
      <p>
        {t('web.downloads.attribution')}{' '}
        <q>{attributionText(lang, publisher, title, strategy.attribution)}</q>
      </p>
    </section>
  );
}

/** Formats offered for every revision (the others are a click away from these). */
const EDITION_FORMATS: ReportFormat[] = ['pdf', 'html', 'json', 'csv'];

/**
 * Every revision of the published report, each downloadable as it was (a revision never
 * changes), with its time and content hash; and the corrections as CSV.
 */
function Editions() {
  const { strategyId, cycleId } = useStrategy();
  const lang = useLang();
  const t = useT();
  const { publication } = useCorrections(strategyId, cycleId);
  if (!publication) return null;
  const newest = publication.revision;
  return (
    <section aria-labelledby="editions-heading">
      <h2 id="editions-heading">{t('web.downloads.edition')}</h2>
      <p>{t('web.downloads.edition_lead')}</p>
      <TableScroll labelledBy="editions-heading">
        <DataTable
          className="data-table downloads"
          keys="web.downloads."
          head={['revision', 'created', 'hash', 'files']}
        >
          {[...publication.revisions].reverse().map((r) => (
            <tr key={r.revision}>
              <th scope="row">
                {r.revision === 0
                  ? t('web.downloads.revision_initial')
                  : t('web.downloads.revision_n', { revision: r.revision })}
                {r.revision === newest && t('web.downloads.current')}
              </th>
              <td>{dateTime(r.createdAt, lang)}</td>
              <td>
                <code className="hash">{r.contentHash}</code>
              </td>
              <td>
                <ul className="inline-links">
                  {EDITION_FORMATS.map((format) => (
                    <li key={format}>
                      <a
                        href={reportUrl(strategyId, cycleId, format, lang, r.revision)}
                        download={format === 'html' ? undefined : ''}
                      >
                        {format.toUpperCase()}
                      </a>
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </DataTable>
      </TableScroll>
      <p>
        <a href={correctionsCsvUrl(strategyId, cycleId)} download="">
          {t('web.downloads.corrections_csv')}
        </a>
      </p>
    </section>
  );
}
