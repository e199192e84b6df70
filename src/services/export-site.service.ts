/**
 * `shinchoku export-site`: a static copy of the public site that any web server or CDN can
 * serve from any path. Every public page of every published cycle (ja and en) as the server
 * renders it, with the API responses its hydration reads embedded (the script then needs no
 * API; a link or a choice loads the copy's file of the next page), the downloads, catalogue,
 * feeds, schemas, robots.txt, sitemap.xml and the built web assets; every root-relative link
 * made relative (src/domain/static-site.ts). Pages that need the live server (search, signing
 * in) are short notes linking to it.
 *
 * Pages are found from the published structure and by following every link of every page,
 * so each link of the copy resolves to a file of it, or to the live site. A second run
 * writes only files whose bytes changed and removes files no longer produced.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../db/database.ts';
import { ANONYMOUS } from '../domain/access.ts';
import {
  isPagePath,
  relativeHref,
  rewriteLinks,
  rootLinks,
  splitUrl,
  staticFile,
} from '../domain/static-site.ts';
import { registerMessages, t, type Lang } from '../i18n.ts';
import exportEn from '../../locales/en/export.json' with { type: 'json' };
import exportJa from '../../locales/ja/export.json' with { type: 'json' };
import { SERVED_SCHEMAS } from './open-data.service.ts';
import { getTree, listStrategies, visibleCycles } from './strategies.service.ts';

registerMessages('ja', exportJa);
registerMessages('en', exportEn);

/** The live site, read in-process (src/api/site-source.ts). */
export interface SiteSource {
  /** The built web app (web/dist): its assets are copied. */
  distDir: string;
  /** The built index.html, for the pages the copy writes itself. */
  template: string;
  /** A page as an anonymous reader gets it, its seed naming the page; null when not public. */
  page(url: string): Promise<{ html: string } | { redirect: string } | null>;
  /**
   * Any other GET of the application; with the ETag of an earlier export, 304 when that
   * file is still current (a report of a revision is the same document, though rebuilt
   * with other timestamps).
   */
  file(url: string, etag?: string): Promise<{ status: number; body: Buffer; etag?: string }>;
}

export interface ExportResult {
  written: number;
  unchanged: number;
  removed: number;
  /** Files in the copy, pages among them. */
  files: number;
  pages: number;
  /** Root-relative links the copy sends to the live site, because it cannot hold them. */
  live: string[];
}

/**
 * A folder the exporter made, the only kind it will empty of stale files; the file also
 * keeps the ETag of each download, to ask the next run whether it changed.
 */
const MARKER = '.shinchoku-export';
const ABOUT = 'A static copy of the public site written by `shinchoku export-site`';

/** What an earlier export left: its downloads' ETags and a reader of its files. */
interface Previous {
  etags: Record<string, string>;
  read(file: string): Promise<Buffer | null>;
}

async function previousExport(out: string, baseUrl: string): Promise<Previous> {
  const read = (file: string) => fs.readFile(path.join(out, ...file.split('/'))).catch(() => null);
  const marker = await read(MARKER);
  let etags: Record<string, string> = {};
  try {
    const saved = JSON.parse(marker?.toString('utf8') ?? '{}') as {
      baseUrl?: string;
      etags?: Record<string, string>;
    };
    // The files name the base URL: another one makes them all stale.
    if (saved.baseUrl === baseUrl) etags = saved.etags ?? {};
  } catch {
    // an older or damaged marker: every file is asked for afresh
  }
  return { etags, read };
}

/** Pages that need the live server: the copy holds a note linking there. */
const LIVE_ONLY = /^(?:\/en)?\/(search|login)\/?$/;

const bare = (url: string): string => {
  const p = splitUrl(url).path.replace(/(.)\/+$/, '$1');
  return p === '' ? '/' : p;
};
const langOf = (url: string): Lang => (url === '/en' || url.startsWith('/en/') ? 'en' : 'ja');
const inLang = (lang: Lang, p: string) => (lang === 'ja' ? p : p === '/' ? '/en' : `/en${p}`);
const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Where the crawl starts: the home pages, the portfolio, and every page of every published
 * cycle with each of its ministries' pages across strategies.
 */
async function startPages(db: Db): Promise<{ pages: string[]; files: string[] }> {
  const pages = ['/', '/portfolio'];
  const files = ['/catalog.jsonld', '/robots.txt', '/sitemap.xml', '/api/openapi.json'];
  files.push(...SERVED_SCHEMAS.map((name) => `/schemas/${name}`));
  for (const s of await listStrategies(db, ANONYMOUS)) {
    pages.push(`/strategies/${encodeURIComponent(s.id)}`);
    files.push(`/strategies/${encodeURIComponent(s.id)}/feed.atom`);
    for (const cycle of await visibleCycles(db, s.id, ANONYMOUS)) {
      if (cycle.state !== 'published') continue;
      const dash = `/strategies/${encodeURIComponent(s.id)}/cycles/${encodeURIComponent(cycle.id)}`;
      pages.push(dash, `${dash}/tree`, `${dash}/compare`, `${dash}/downloads`);
      // The open data at the URLs the catalogue and the CSVW metadata name.
      const data = ['report.json', 'report.csv', 'indicators.csv', 'budget.csv', 'report.csv-metadata.json'];
      files.push(...data.map((name) => `/api${dash}/${name}`));
      const tree = await getTree(db, s.id, cycle.id, ANONYMOUS);
      const visit = (nodes: typeof tree.nodes) => {
        for (const n of nodes) {
          pages.push(`${dash}/nodes/${encodeURIComponent(n.id)}`);
          for (const item of n.items) pages.push(`/initiatives/${encodeURIComponent(item.initiative.id)}`);
          visit(n.children);
        }
      };
      visit(tree.nodes);
      for (const o of tree.organisations) {
        pages.push(`${dash}/organisations/${encodeURIComponent(o.id)}`);
        pages.push(`/portfolio/ministries/${encodeURIComponent(o.id)}`);
      }
      for (const k of tree.indicators) pages.push(`/indicators/${encodeURIComponent(k.id)}`);
    }
  }
  return { pages: pages.flatMap((p) => [p, inLang('en', p)]), files };
}

/** The built index.html with a small page of our own in #root and no script. */
function plainPage(template: string, lang: Lang, title: string, body: string): string {
  return template
    .replace(/<html lang="ja">/, `<html lang="${lang}">`)
    .replace(
      /<title>[^<]*<\/title>/,
      () => `<title>${escapeHtml(title)} | ${escapeHtml(t(lang, 'common.app_name'))}</title>`,
    )
    .replace(/\s*<script type="module"[^>]*><\/script>/, '')
    .replace(/\s*<noscript[\s\S]*?<\/noscript\s*>/, '')
    .replace(
      '<div id="root"></div>',
      () => `<div id="root"><main id="main" class="container site-main">${body}</main></div>`,
    );
}

/** The note the copy holds where the live server is needed (search, signing in). */
function liveOnlyPage(template: string, url: string, baseUrl: string): string {
  const lang = langOf(url);
  const what = LIVE_ONLY.exec(url)?.[1] ?? 'search';
  const live = `${baseUrl}${url}`;
  const body = [
    `<h1>${escapeHtml(t(lang, `export.${what}.title`))}</h1>`,
    `<p>${escapeHtml(t(lang, 'export.live_only'))}</p>`,
    `<p><a href="${escapeHtml(live)}">${escapeHtml(t(lang, 'export.open_live', { url: live }))}</a></p>`,
    `<p><a href="${inLang(lang, '/')}">${escapeHtml(t(lang, 'export.home'))}</a></p>`,
  ].join('\n');
  return plainPage(template, lang, t(lang, `export.${what}.title`), body);
}

/** A page that only leads to another (a strategy to its newest cycle). */
function redirectPage(template: string, url: string, to: string): string {
  const lang = langOf(url);
  const body = `<h1>${escapeHtml(t(lang, 'export.moved'))}</h1>\n<p><a href="${escapeHtml(to)}">${escapeHtml(t(lang, 'export.moved_link'))}</a></p>`;
  const html = plainPage(template, lang, t(lang, 'export.moved'), body);
  const relative = relativeHref(staticFile(url), staticFile(to));
  return html.replace(
    '</title>',
    () => `</title>\n    <meta http-equiv="refresh" content="0; url=${escapeHtml(relative)}" />`,
  );
}

/** Reads the whole site into memory: file of the copy → bytes. */
async function collect(db: Db, source: SiteSource, baseUrl: string, previous: Previous) {
  const start = await startPages(db);
  const html = new Map<string, string>(); // page URL → HTML, links not yet rewritten
  const heldFiles = new Map<string, Buffer>(); // file URL → bytes
  const etags: Record<string, string> = {};
  const held = new Set<string>(); // URLs the copy holds (pages bare, files as linked)
  const refused = new Set<string>();
  const queue: string[] = [...start.pages, ...start.files];
  const seen = new Set<string>();

  const assetFile = async (url: string) => {
    const rel = splitUrl(url).path.replace(/^\/+/, '');
    try {
      return await fs.readFile(path.join(source.distDir, rel));
    } catch {
      return null;
    }
  };

  while (queue.length > 0) {
    const url = queue.shift() ?? '/';
    const page = isPagePath(url);
    const key = page ? bare(url) : url.replace(/#.*$/, '');
    if (seen.has(key)) continue;
    seen.add(key);
    if (page) {
      let text: string | null = null;
      if (LIVE_ONLY.test(key)) text = liveOnlyPage(source.template, key, baseUrl);
      else {
        const rendered = await source.page(key);
        if (rendered !== null && 'redirect' in rendered) {
          text = redirectPage(source.template, key, rendered.redirect);
          queue.push(rendered.redirect);
        } else if (rendered !== null) text = rendered.html;
      }
      if (text === null) {
        refused.add(key);
        continue;
      }
      html.set(key, text);
      held.add(key);
      queue.push(...rootLinks(text));
      continue;
    }
    const fromDist = key.startsWith('/assets/') || key === '/favicon.svg' ? await assetFile(key) : null;
    if (fromDist) {
      held.add(key);
      continue; // every asset is copied below
    }
    const known = previous.etags[key];
    let res = await source.file(key, known);
    const kept = res.status === 304 ? await previous.read(staticFile(key)) : null;
    if (res.status === 304 && kept === null) res = await source.file(key);
    if (res.status !== 200 && kept === null) {
      refused.add(key);
      continue;
    }
    heldFiles.set(key, kept ?? res.body);
    const etag = res.etag ?? (kept ? known : undefined);
    if (etag !== undefined) etags[key] = etag;
    held.add(key);
  }
  return { html, heldFiles, held, refused, etags };
}

/** Every file of the web build but the page template, the server renderer and compressed copies. */
async function assetFiles(distDir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const entry of await fs.readdir(distDir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const rel = path.relative(distDir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/');
    if (rel === 'index.html' || rel === 'build.json' || rel.startsWith('ssr/') || /\.(?:br|gz)$/.test(rel))
      continue;
    out.set(rel, await fs.readFile(path.join(distDir, rel)));
  }
  return out;
}

/** The files a copy consists of, by path relative to its root. */
async function buildSite(
  db: Db,
  source: SiteSource,
  baseUrl: string,
  previous: Previous,
): Promise<{ files: Map<string, Buffer>; pages: number; live: string[] }> {
  const base = baseUrl.replace(/\/+$/, '');
  const { html, heldFiles, held, refused, etags } = await collect(db, source, base, previous);
  const isHeld = (url: string) => held.has(isPagePath(url) ? bare(url) : url.replace(/#.*$/, ''));
  const files = await assetFiles(source.distDir);
  const sorted = Object.fromEntries(Object.entries(etags).sort(([a], [b]) => (a < b ? -1 : 1)));
  files.set(
    MARKER,
    Buffer.from(`${JSON.stringify({ about: ABOUT, baseUrl: base, etags: sorted }, null, 2)}\n`),
  );
  for (const [url, body] of heldFiles) files.set(staticFile(url), body);
  for (const [url, text] of html) {
    const file = staticFile(url);
    files.set(file, Buffer.from(rewriteLinks(text, file, isHeld, base)));
  }
  return { files, pages: html.size, live: [...refused].sort() };
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function listFiles(dir: string): Promise<string[]> {
  try {
    const entries = await fs.readdir(dir, { withFileTypes: true, recursive: true });
    return entries
      .filter((e) => e.isFile())
      .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** Removes the empty folders under `dir` (deepest first). */
async function pruneFolders(dir: string): Promise<void> {
  const entries = await fs.readdir(dir, { withFileTypes: true, recursive: true });
  const folders = entries
    .filter((e) => e.isDirectory())
    .map((e) => path.join(e.parentPath, e.name))
    .sort((a, b) => b.length - a.length);
  for (const folder of folders) if ((await fs.readdir(folder)).length === 0) await fs.rmdir(folder);
}

/** Thrown when --out names a folder with files the exporter did not write. */
export class NotAnExportError extends Error {}

/** The files of `out`, refused when it is a non-empty folder the exporter did not write. */
async function exportedFiles(out: string): Promise<string[]> {
  const existing = await listFiles(out);
  if (existing.length > 0 && !existing.includes(MARKER))
    throw new NotAnExportError(`${out} is not empty and was not written by export-site (no ${MARKER} file)`);
  return existing;
}

/**
 * Makes `out` hold exactly `files`: writes the new and changed ones (by content hash),
 * leaves the rest untouched (their modification times too), removes what is no longer
 * produced. Refuses a non-empty folder that is not an earlier export.
 */
export async function syncFolder(
  out: string,
  files: Map<string, Buffer>,
): Promise<{ written: number; unchanged: number; removed: number }> {
  const existing = await exportedFiles(out);
  let written = 0;
  let unchanged = 0;
  for (const [rel, body] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const target = path.join(out, ...rel.split('/'));
    const current = await fs.readFile(target).catch(() => null);
    if (current !== null && sha256(current) === sha256(body)) {
      unchanged += 1;
      continue;
    }
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, body);
    written += 1;
  }
  let removed = 0;
  for (const rel of existing) {
    if (files.has(rel)) continue;
    await fs.rm(path.join(out, ...rel.split('/')), { force: true });
    removed += 1;
  }
  if (removed > 0) await pruneFolders(out);
  return { written, unchanged, removed };
}

/** Writes (or brings up to date) the static copy of the public site in `out`. */
export async function exportSite(
  db: Db,
  source: SiteSource,
  opts: { out: string; baseUrl: string },
): Promise<ExportResult> {
  await exportedFiles(opts.out); // refused before the long part
  const previous = await previousExport(opts.out, opts.baseUrl.replace(/\/+$/, ''));
  const { files, pages, live } = await buildSite(db, source, opts.baseUrl, previous);
  const counts = await syncFolder(opts.out, files);
  return { ...counts, files: files.size, pages, live };
}
