/**
 * The leak scan: every GET route of the route table, with every sample value of its
 * parameters, as every kind of caller, and the text of each response (office files unzipped,
 * PDFs through pdftotext) searched for marker strings. A marker found where the read policy
 * does not allow it is a leak.
 */
import { execFileSync } from 'node:child_process';
import type { FastifyInstance } from 'fastify';
import JSZip from 'jszip';
import type { RouteDef } from '../../src/api/route.ts';

export type Who = 'anonymous' | 'viewer' | 'editor' | 'editorOther' | 'reviewer' | 'admin';
export const WHO: Who[] = ['anonymous', 'viewer', 'editor', 'editorOther', 'reviewer', 'admin'];

export interface Request {
  route: string;
  url: string;
}

export interface Finding {
  who: Who;
  url: string;
  status: number;
  marker: string;
}

/**
 * The concrete requests for a set of routes: each path parameter takes every value `params`
 * lists for its name, and each route every query `queries` lists for it (none by default).
 * Throws for a parameter without sample values, so that a new read route cannot pass the
 * scan untested.
 */
export function requestsFor(
  routes: readonly RouteDef[],
  params: Record<string, readonly string[]>,
  queries: Record<string, readonly string[]>,
): Request[] {
  const out: Request[] = [];
  for (const route of routes) {
    if (route.method !== 'GET') continue;
    let urls = [route.url];
    for (const name of route.url.match(/:[A-Za-z]+/g) ?? []) {
      const values = params[name.slice(1)];
      if (!values)
        throw new Error(`no sample values for ${name} of GET ${route.url}: add them to the leak test`);
      urls = urls.flatMap((u) => values.map((v) => u.replace(name, encodeURIComponent(v))));
    }
    for (const url of urls) {
      for (const query of queries[route.url] ?? ['']) out.push({ route: route.url, url: `${url}${query}` });
    }
  }
  return out;
}

let pdftotext: boolean | undefined;

/** pdftotext (poppler-utils) reads the PDFs; without it outside CI, PDFs are not searched. */
function hasPdftotext(): boolean {
  if (pdftotext === undefined) {
    try {
      execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
      pdftotext = true;
    } catch {
      if (process.env.CI === 'true') throw new Error('pdftotext is missing (apt-get install poppler-utils)');
      console.warn(
        'pdftotext is missing: PDF reports are not searched for leaks (apt-get install poppler-utils)',
      );
      pdftotext = false;
    }
  }
  return pdftotext;
}

/** The readable text of a response body, whatever its format. */
export async function textOf(contentType: string, body: Buffer): Promise<string> {
  if (
    contentType.includes('spreadsheetml') ||
    contentType.includes('presentationml') ||
    contentType.includes('zip')
  ) {
    const zip = await JSZip.loadAsync(body);
    const parts = await Promise.all(Object.values(zip.files).map((f) => (f.dir ? '' : f.async('string'))));
    return parts.join('\n');
  }
  if (contentType.includes('pdf')) {
    if (!hasPdftotext()) return '';
    return execFileSync('pdftotext', ['-q', '-', '-'], {
      input: body,
      maxBuffer: 64 * 1024 * 1024,
    }).toString();
  }
  return body.toString('utf8');
}

/**
 * Makes every request as every caller and returns the markers each response carried that
 * the caller may not see, and which allowed markers each caller saw somewhere (so that a
 * test can tell a scan that found nothing because nothing was there).
 */
export async function scan(
  app: FastifyInstance,
  requests: readonly Request[],
  headers: Record<Who, Record<string, string>>,
  markers: Record<string, string>,
  allowed: Record<Who, readonly string[]>,
): Promise<{ leaks: Finding[]; seen: Record<Who, Set<string>>; errors: Finding[] }> {
  const leaks: Finding[] = [];
  const errors: Finding[] = [];
  const seen = Object.fromEntries(WHO.map((w) => [w, new Set<string>()])) as Record<Who, Set<string>>;
  for (const who of WHO) {
    for (const { url } of requests) {
      const res = await app.inject({ method: 'GET', url, headers: headers[who] });
      if (res.statusCode >= 500)
        errors.push({ who, url, status: res.statusCode, marker: res.body.slice(0, 200) });
      const text = await textOf(String(res.headers['content-type'] ?? ''), res.rawPayload);
      for (const [name, marker] of Object.entries(markers)) {
        if (!text.includes(marker)) continue;
        if (allowed[who].includes(name)) seen[who].add(name);
        else leaks.push({ who, url, status: res.statusCode, marker: name });
      }
    }
  }
  return { leaks, seen, errors };
}
