/**
 * First-load JavaScript of the web app: the scripts web/dist/index.html loads (entry and
 * modulepreloads) plus every chunk they import statically, gzipped. Dynamic imports (the
 * indicator page with ECharts) are not part of the first load. Budget: 300 KB gzip.
 *
 * @example measureWebBundle().totalGzipBytes // 119_000
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const WEB_BUNDLE_BUDGET_BYTES = 300 * 1024;

export interface WebBundleSize {
  files: { file: string; bytes: number; gzipBytes: number }[];
  totalBytes: number;
  totalGzipBytes: number;
}

const DEFAULT_DIST = fileURLToPath(new URL('../web/dist', import.meta.url));

/** Scripts referenced by index.html, as paths relative to dist. */
function entryScripts(html: string): string[] {
  const refs = [
    ...html.matchAll(/<script[^>]*\bsrc="([^"]+\.js)"/g),
    ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+\.js)"/g),
  ];
  return refs.flatMap((m) => (m[1] === undefined ? [] : [m[1].replace(/^\//, '')]));
}

/** Static imports of an ES module chunk (import … from "./x.js", import "./x.js"). */
function staticImports(code: string): string[] {
  const found = code.matchAll(
    /(?:\bimport|\bexport)\s*(?:[\w*${}\s,]+from\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g,
  );
  return [...found].flatMap((m) => (m[1] === undefined ? [] : [m[1]]));
}

/** Measures the gzip size of the JS the app's index.html loads; throws if there is no build. */
export function measureWebBundle(distDir: string = DEFAULT_DIST): WebBundleSize {
  const html = fs.readFileSync(path.join(distDir, 'index.html'), 'utf8');
  const seen = new Set<string>();
  const queue = entryScripts(html);
  const files: WebBundleSize['files'] = [];
  while (queue.length > 0) {
    const next = queue.shift();
    if (next === undefined) break;
    const rel = path.normalize(next);
    if (seen.has(rel)) continue;
    seen.add(rel);
    const code = fs.readFileSync(path.join(distDir, rel));
    files.push({ file: rel, bytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length });
    for (const imp of staticImports(code.toString('utf8'))) queue.push(path.join(path.dirname(rel), imp));
  }
  const totalBytes = files.reduce((n, f) => n + f.bytes, 0);
  const totalGzipBytes = files.reduce((n, f) => n + f.gzipBytes, 0);
  return { files, totalBytes, totalGzipBytes };
}
