/**
 * /search?q=… — full-text search over initiatives, progress (主な進捗), assessments (概況)
 * and indicators. The query and the filters live in the URL, so a result page can be
 * shared and Back returns to the previous search.
 */
import { Link, useSearchParams } from 'react-router';
import type { SearchResult } from '../../../src/domain/search/results.ts';
import { api } from '../api/endpoints.ts';
import { Loading } from '../components/States.tsx';
import { latestCycle } from '../lib/format.ts';
import { useLoad, usePageTitle } from '../lib/hooks.ts';
import { indexTree } from '../lib/tree.ts';
import { useT } from '../i18n.ts';
import { MAX_QUERY_LENGTH } from './limits.ts';
import { insightApi, SEARCH_FILTERS, type SearchFilter } from '../api/endpoints.ts';
import { SearchForm, type FilterOptions } from './search/Filters.tsx';
import { HitList } from './search/HitList.tsx';
import './messages.ts';
import './insight.css';

const PAGE_SIZE = 20;
/** The API pages up to this offset. */
const MAX_OFFSET = 10_000;
/** How much of a long query the messages repeat. */
const ECHO_LENGTH = 40;

const echo = (q: string) => (q.length > ECHO_LENGTH ? `${q.slice(0, ECHO_LENGTH)}…` : q);

type Filters = Partial<Record<SearchFilter, string>>;

async function loadOptions(filters: Filters): Promise<FilterOptions> {
  const strategies = await api.strategies();
  const strategy =
    strategies.find((s) => s.id === filters.strategy) ??
    (strategies.length === 1 ? strategies[0] : undefined);
  const cycle =
    strategy && (strategy.cycles.find((c) => c.id === filters.cycle) ?? latestCycle(strategy.cycles));
  const index = strategy && cycle ? indexTree(await api.tree(strategy.id, cycle.id)) : null;
  return { strategies, strategy, index };
}

function Results({
  q,
  offset,
  result,
  options,
  pageLink,
}: {
  q: string;
  offset: number;
  result: SearchResult;
  options: FilterOptions | null;
  pageLink: (offset: number) => string;
}) {
  const t = useT();
  const { total, hits } = result;
  const more = offset + hits.length < total && offset + PAGE_SIZE <= MAX_OFFSET;
  return (
    <>
      {q.length > MAX_QUERY_LENGTH && (
        <p className="notice">{t('insight.web.search.cut', { max: MAX_QUERY_LENGTH })}</p>
      )}
      <p role="status" className="search-results__count">
        {total === 0
          ? t('insight.web.search.no_results', { q: echo(q) })
          : t('insight.web.search.count', {
              q: echo(q),
              total,
              from: Math.min(offset + 1, total),
              to: Math.min(offset + hits.length, total),
            })}
      </p>
      {total === 0 && <p>{t('insight.web.search.no_results_hint')}</p>}
      {result.truncated && <p className="notice">{t('insight.web.search.truncated', { total })}</p>}
      {hits.length > 0 && (
        <HitList hits={hits} strategies={options?.strategies ?? []} index={options?.index ?? null} />
      )}
      {(offset > 0 || more) && (
        <nav aria-label={t('insight.web.search.pages')} className="search-pages">
          {offset > 0 && (
            <Link to={pageLink(Math.max(0, offset - PAGE_SIZE))}>{t('insight.web.search.previous')}</Link>
          )}
          {more && <Link to={pageLink(offset + PAGE_SIZE)}>{t('insight.web.search.next')}</Link>}
        </nav>
      )}
    </>
  );
}

export function SearchPage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  const filters: Filters = {};
  for (const name of SEARCH_FILTERS) {
    const value = params.get(name);
    if (value) filters[name] = value;
  }
  const offset = Math.min(MAX_OFFSET, Math.max(0, Math.floor(Number(params.get('offset')) || 0)));
  usePageTitle(q === '' ? t('insight.web.search.title') : t('insight.web.search.title_for', { q: echo(q) }));

  const options = useLoad(
    () => loadOptions(filters).catch(() => null),
    `${filters.strategy ?? ''}/${filters.cycle ?? ''}`,
  );
  const results = useLoad(
    () =>
      q === ''
        ? Promise.resolve(null)
        : insightApi.search({ q: q.slice(0, MAX_QUERY_LENGTH), filters, offset, limit: PAGE_SIZE }),
    params.toString(),
  );
  const pageLink = (at: number) => {
    const next = new URLSearchParams(params);
    if (at === 0) next.delete('offset');
    else next.set('offset', String(at));
    return `?${next.toString()}`;
  };

  return (
    <>
      <h1>{t('insight.web.search.title')}</h1>
      <p className="lead">{t('insight.web.search.lead')}</p>
      <SearchForm
        key={params.toString()}
        q={q}
        filters={filters}
        options={options.status === 'ok' ? options.data : null}
        onSearch={(next) => setParams(next)}
      />
      <section aria-labelledby="search-results" className="search-results">
        <h2 id="search-results">{t('insight.web.search.results')}</h2>
        {q === '' ? (
          <p className="notice">{t('insight.web.search.empty')}</p>
        ) : results.status === 'loading' ? (
          <Loading />
        ) : results.status === 'error' ? (
          <p role="alert" className="notice">
            {t('insight.web.search.error')}
          </p>
        ) : (
          results.data && (
            <Results
              q={q}
              offset={offset}
              result={results.data}
              options={options.status === 'ok' ? options.data : null}
              pageLink={pageLink}
            />
          )
        )}
      </section>
    </>
  );
}
