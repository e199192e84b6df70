/**
 * Structured request logs (pino, through Fastify): one line per answered request with its
 * request id, method, path (no query string), route pattern, status, time and — when signed
 * in — the login name. No addresses, headers, bodies or e-mail addresses: the audit trail
 * keeps who did what from where; the logs keep what happened.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Writable } from 'node:stream';
import { LogController, type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from 'fastify';

/** A request id sent by a proxy is kept when it looks like one (a UUID or a short token). */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The id of a request: a sane `x-request-id` from the caller or proxy, else a new UUID. */
export function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && SANE_REQUEST_ID.test(given) ? given : randomUUID();
}

/** Fastify's logger settings for a level (and a stream, for tests that read the lines). */
export function loggerOptions(
  level: string,
  stream?: Writable,
): Pick<FastifyServerOptions, 'logger' | 'genReqId' | 'requestIdHeader' | 'logController'> {
  return {
    logger: level === 'silent' ? false : { level, ...(stream && { stream }) },
    genReqId: requestId,
    requestIdHeader: false,
    // One line per request, written by the onResponse hook below, instead of Fastify's two
    // (which carry the caller's address and port).
    logController: new LogController({ disableRequestLogging: true }),
  };
}

const logins = new WeakMap<FastifyRequest, string>();

/** Names the signed-in caller of a request in its log line. */
export function noteLogin(request: FastifyRequest, login: string): void {
  logins.set(request, login);
}

export function registerRequestLog(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    const login = logins.get(request);
    request.log.info(
      {
        method: request.method,
        path: request.url.split('?')[0],
        route: request.routeOptions.url ?? null,
        statusCode: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
        ...(login !== undefined && { login }),
      },
      'request completed',
    );
  });
}
