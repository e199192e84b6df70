/**
 * Where the static copy of the public site (`shinchoku export-site`) keeps each URL of the
 * live site, and the relative links between its files, so that the folder can be served
 * from any path by any static server. Pure: used by the exporter and by the web app's
 * static mode (web/src/lib/static-site.ts) alike.
 */

/**
 * An app page of the public site: home, a strategy, a cycle's pages, an initiative, an
 * indicator, the portfolio, a ministry's page across strategies, search and signing in.
 */
const ID = '[A-Za-z0-9][A-Za-z0-9._%-]*';
const PUBLIC_PAGE = new RegExp(
  `^(?:/en)?(?:/|/strategies/${ID}|/strategies/${ID}/cycles/${ID}(?:/(?:tree|compare|downloads|nodes/${ID}|organisations/${ID}))?` +
    `|/initiatives/${ID}|/indicators/${ID}|/portfolio(?:/ministries/${ID})?|/search|/login)?/?$`,
);

/** True for a path the static copy holds as an HTML page (query and fragment ignored). */
export const isPagePath = (pathAndQuery: string): boolean => PUBLIC_PAGE.test(splitUrl(pathAndQuery).path);

/** Path, query (without "?") and fragment (with "#") of a root-relative URL. */
export function splitUrl(url: string): { path: string; query: string; hash: string } {
  const hashAt = url.indexOf('#');
  const hash = hashAt < 0 ? '' : url.slice(hashAt);
  const rest = hashAt < 0 ? url : url.slice(0, hashAt);
  const queryAt = rest.indexOf('?');
  return {
    path: queryAt < 0 ? rest : rest.slice(0, queryAt),
    query: queryAt < 0 ? '' : rest.slice(queryAt + 1),
    hash,
  };
}

/** A query string as a file-name part: `lang=en&revision=1` → `lang-en.revision-1`. */
const queryPart = (query: string): string =>
  [...new URLSearchParams(query)]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}-${v}`.replace(/[^A-Za-z0-9_-]/g, '_'))
    .join('.');

/**
 * The file of the static copy that holds a root-relative URL of the live site, relative to
 * the copy's root. A page is a folder's index.html (its query is dropped: a page of the
 * copy has one state); a file keeps its path, its query folded into its name before the
 * extension; an API path without an extension is JSON.
 * @example staticFile('/en/strategies/ai2022') // 'en/strategies/ai2022/index.html'
 * @example staticFile('/api/strategies/a/cycles/c/report.pptx?lang=en') // 'api/strategies/a/cycles/c/report.lang-en.pptx'
 */
export function staticFile(url: string): string {
  const { path, query } = splitUrl(url);
  const bare = path.replace(/^\/+/, '').replace(/\/+$/, '');
  if (isPagePath(path)) return bare === '' ? 'index.html' : `${bare}/index.html`;
  const ext = /\.[A-Za-z0-9]+$/.exec(bare)?.[0] ?? (bare.startsWith('api/') ? '.json' : '');
  const stem = bare.endsWith(ext) ? bare.slice(0, bare.length - ext.length) : bare;
  const extra = query === '' ? '' : `.${queryPart(query)}`;
  return `${stem}${extra}${ext}`;
}

/**
 * The relative link from one file of the copy to another (both relative to its root).
 * @example relativeHref('strategies/a/index.html', 'indicators/k1/index.html') // '../../indicators/k1/index.html'
 */
export function relativeHref(fromFile: string, toFile: string): string {
  const from = fromFile.split('/').slice(0, -1);
  const to = toFile.split('/');
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common += 1;
  const up = from.length - common;
  return [...Array<string>(up).fill('..'), ...to.slice(common)].join('/');
}

const ATTRIBUTE = /(\s(?:href|src|action)=")(\/(?!\/)[^"]*)"/g;

const unescapeAttr = (s: string) => s.replace(/&amp;/g, '&');
const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/** Every root-relative URL an HTML document links to (href, src, action), unescaped. */
export function rootLinks(html: string): string[] {
  return [...html.matchAll(ATTRIBUTE)].map((m) => unescapeAttr(m[2] ?? ''));
}

/**
 * Rewrites the root-relative links of an HTML document of the copy (the file `fromFile`):
 * to a relative link where `held` says the copy holds the URL, else to the live site
 * (`baseUrl` + the URL), so that no link depends on where the copy is served.
 * @example rewriteLinks('<a href="/tree">', 'index.html', () => true, 'https://x') // '<a href="tree/index.html">'
 */
export function rewriteLinks(
  html: string,
  fromFile: string,
  held: (url: string) => boolean,
  baseUrl: string,
): string {
  return html.replace(ATTRIBUTE, (_all, before: string, raw: string) => {
    const url = unescapeAttr(raw);
    if (!held(url)) return `${before}${escapeAttr(baseUrl + url)}"`;
    const target = relativeHref(fromFile, staticFile(url));
    const { hash } = splitUrl(url);
    // A page's query stays: the copy's page ignores it, a script may read it.
    const { query } = splitUrl(url);
    const keep = isPagePath(url) && query !== '' ? `?${query}` : '';
    return `${before}${escapeAttr(target + keep + hash)}"`;
  });
}
