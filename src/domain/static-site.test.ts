import { describe, expect, it } from 'vitest';
import { isPagePath, relativeHref, rewriteLinks, rootLinks, staticFile } from './static-site.ts';

describe('staticFile', () => {
  it('keeps a page as its folder’s index.html, in either language, without its query', () => {
    expect(staticFile('/')).toBe('index.html');
    expect(staticFile('/en')).toBe('en/index.html');
    expect(staticFile('/strategies/ai2022/cycles/c1/tree')).toBe(
      'strategies/ai2022/cycles/c1/tree/index.html',
    );
    expect(staticFile('/en/strategies/ai2022/cycles/c1/compare?from=c0')).toBe(
      'en/strategies/ai2022/cycles/c1/compare/index.html',
    );
    expect(staticFile('/indicators/k1/')).toBe('indicators/k1/index.html');
    expect(staticFile('/search?q=AI')).toBe('search/index.html');
  });

  it('keeps a file at its path, its query folded into the name, API paths as JSON', () => {
    expect(staticFile('/catalog.jsonld')).toBe('catalog.jsonld');
    expect(staticFile('/api/strategies/a/cycles/c/report.csv')).toBe('api/strategies/a/cycles/c/report.csv');
    expect(staticFile('/api/strategies/a/cycles/c/report.pptx?revision=1&lang=en')).toBe(
      'api/strategies/a/cycles/c/report.lang-en.revision-1.pptx',
    );
    expect(staticFile('/api/strategies/a/cycles/c/tree')).toBe('api/strategies/a/cycles/c/tree.json');
    expect(staticFile('/strategies/a/feed.atom')).toBe('strategies/a/feed.atom');
  });

  it('tells pages from files', () => {
    expect(isPagePath('/en/initiatives/x#top')).toBe(true);
    expect(isPagePath('/strategies/a/cycles/c/report.csv')).toBe(false);
    expect(isPagePath('/admin')).toBe(false);
    expect(isPagePath('/en/portfolio/ministries/mhlw?fiscalYear=2022')).toBe(true);
    expect(staticFile('/portfolio?ministry=mic')).toBe('portfolio/index.html');
  });
});

describe('relativeHref', () => {
  it('climbs out of the source folder and into the target', () => {
    expect(relativeHref('index.html', 'index.html')).toBe('index.html');
    expect(relativeHref('en/index.html', 'index.html')).toBe('../index.html');
    expect(relativeHref('strategies/a/cycles/c/index.html', 'strategies/a/cycles/c/tree/index.html')).toBe(
      'tree/index.html',
    );
    expect(relativeHref('strategies/a/cycles/c/tree/index.html', 'assets/x.js')).toBe(
      '../../../../../assets/x.js',
    );
    expect(relativeHref('a/b/index.html', 'a/c/index.html')).toBe('../c/index.html');
  });
});

describe('rewriteLinks', () => {
  const html =
    '<a href="/strategies/a/cycles/c/tree#n1">t</a><script src="/assets/x.js"></script>' +
    '<a href="/api/strategies/a/cycles/c/report.csv?revision=1&amp;lang=en">r</a>' +
    '<a href="/admin">a</a><a href="https://elsewhere.example/x">e</a><a href="//cdn.example/y">c</a>' +
    '<form action="/search?q=x"></form>';
  const out = rewriteLinks(
    html,
    'strategies/a/cycles/c/index.html',
    (u) => u !== '/admin',
    'https://live.example',
  );

  it('makes held URLs relative and sends the rest to the live site', () => {
    expect(out).toContain('href="tree/index.html#n1"');
    expect(out).toContain('src="../../../../assets/x.js"');
    expect(out).toContain('href="../../../../api/strategies/a/cycles/c/report.lang-en.revision-1.csv"');
    expect(out).toContain('href="https://live.example/admin"');
    expect(out).toContain('action="../../../../search/index.html?q=x"');
  });

  it('leaves absolute and protocol-relative URLs alone', () => {
    expect(out).toContain('href="https://elsewhere.example/x"');
    expect(out).toContain('href="//cdn.example/y"');
    expect(rootLinks(out)).toEqual([]);
  });

  it('lists the root-relative links of a document, unescaped', () => {
    expect(rootLinks(html)).toEqual([
      '/strategies/a/cycles/c/tree#n1',
      '/assets/x.js',
      '/api/strategies/a/cycles/c/report.csv?revision=1&lang=en',
      '/admin',
      '/search?q=x',
    ]);
  });
});
