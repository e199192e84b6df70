/**
 * HTTP caching and compression. If-None-Match is compared weakly (RFC 9110 §13.1.2):
 * `W/"x"` matches `"x"` and the other way round, since a compressing proxy turns the server's
 * strong ETag into a weak one and its clients send that back. Bodies kept in memory are
 * compressed once per encoding.
 */
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

const opaque = (tag: string): string => tag.trim().replace(/^W\//, '');

/**
 * Whether the request's If-None-Match names `etag` (or is `*`): the caller answers 304.
 * @example notModified(request, '"c1.r2"') // true for If-None-Match: W/"c1.r2", "other"
 */
export function notModified(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match'];
  if (!header) return false;
  if (header.trim() === '*') return true;
  const wanted = opaque(etag);
  return header.split(',').some((tag) => opaque(tag) === wanted);
}

type Encoding = 'br' | 'gzip';
const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);
/** Compressed copies of bodies that stay in memory (a published revision's tree): made once. */
const copies = new WeakMap<Buffer, Map<Encoding, Promise<Buffer>>>();

/** The encoding to answer with: brotli, else gzip, when the client accepts it (q > 0). */
export function acceptedEncoding(request: FastifyRequest): Encoding | null {
  const accepted = new Map<string, number>();
  for (const part of (request.headers['accept-encoding'] ?? '').split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const takes = (name: Encoding) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  return takes('br') ? 'br' : takes('gzip') ? 'gzip' : null;
}

function compressedCopy(body: Buffer, encoding: Encoding): Promise<Buffer> {
  let byEncoding = copies.get(body);
  if (!byEncoding) copies.set(body, (byEncoding = new Map()));
  let copy = byEncoding.get(encoding);
  if (!copy) {
    copy =
      encoding === 'br'
        ? brotli(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9 } })
        : gzip(body, { level: 9 });
    byEncoding.set(encoding, copy);
  }
  return copy;
}

/**
 * Sends a body that is kept in memory and sent many times (a published tree) compressed once
 * per encoding and then reused, instead of compressing it again for every request.
 */
export async function sendKept(request: FastifyRequest, reply: FastifyReply, body: Buffer): Promise<void> {
  void reply.header('vary', 'accept-encoding');
  const encoding = acceptedEncoding(request);
  if (encoding === null) return void reply.send(body);
  void reply.header('content-encoding', encoding).send(await compressedCopy(body, encoding));
}
