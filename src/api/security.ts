/**
 * Security headers on every response (OWASP ASVS 14.4). Scripts only from this origin —
 * no inline script; inline style attributes are allowed because charts and React use them.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The embed pages (src/api/routes/embed.ts): any site may frame them, and they need nothing
 * but this origin's stylesheet and script — no inline style, no inline script.
 */
export const EMBED_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  'frame-ancestors *',
].join('; ');

const EMBED_PAGE = /^\/(?:en\/)?embed\/(?:targets|indicators)\//;
/** Whether the request is for an embed page (found or not: its 404 page is framed too). */
export const isEmbedPage = (url: string): boolean => EMBED_PAGE.test(url);

export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    applySecurityHeaders(request, reply);
    return payload;
  });
}

/** The headers themselves; also called where no hook runs (errors of the router itself). */
export function applySecurityHeaders(request: FastifyRequest, reply: FastifyReply): void {
  const embed = isEmbedPage(request.url);
  void reply.header(
    'content-security-policy',
    embed ? EMBED_CONTENT_SECURITY_POLICY : CONTENT_SECURITY_POLICY,
  );
  void reply.header('x-content-type-options', 'nosniff');
  void reply.header('referrer-policy', 'strict-origin-when-cross-origin');
  if (embed) void reply.removeHeader('x-frame-options');
  else void reply.header('x-frame-options', 'DENY');
  void reply.header('cross-origin-opener-policy', 'same-origin');
  void reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=()');
  if (request.protocol === 'https') {
    void reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
  }
  if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) {
    void reply.header('cache-control', 'no-store');
  }
}
