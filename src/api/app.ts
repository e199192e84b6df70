/**
 * The HTTP application: the route table registered on Fastify, errors mapped in one place,
 * the OpenAPI document served from the same schemas.
 */
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import type { Writable } from 'node:stream';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { DEFAULT_AUTH, type AuthConfig, type Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import { ANONYMOUS, can } from '../domain/access.ts';
import { AppError } from '../domain/errors.ts';
import { checkCsrf, identify, SESSION_COOKIE, trustProxyOption, type Identity } from './auth.ts';
import { registerStrictJson } from './json-body.ts';
import { loggerOptions, noteLogin, registerRequestLog } from './logging.ts';
import { createMetrics, registerMetrics, type Metrics } from './metrics.ts';
import { applySecurityHeaders, registerSecurityHeaders } from './security.ts';
import { errorBody, handleError } from './errors.ts';
import { buildOpenApi } from './openapi.ts';
import type { RouteDef } from './route.ts';
import { routes } from './routes/index.ts';
import { registerBudgetUpload } from './routes/budget.ts';
import { registerSurveyUpload } from './routes/survey.ts';
import { VERSION } from '../version.ts';

export interface AppOptions {
  db: Db;
  config?: Pick<Config, 'logLevel' | 'trustProxy'> & { auth?: AuthConfig } & Partial<
      Pick<Config, 'metricsToken' | 'publicUrl' | 'chromiumPath'>
    >;
  /** Extra routes (tests, plugins); they join the table and the OpenAPI document. */
  extraRoutes?: RouteDef[];
  /** The metrics to count into (the server shares them with its jobs); a new set by default. */
  metrics?: Metrics;
  /** Where log lines go (tests read them); standard output by default. */
  logStream?: Writable;
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const logLevel = opts.config?.logLevel ?? 'silent';
  const app = Fastify({
    ...loggerOptions(logLevel, opts.logStream),
    trustProxy: trustProxyOption(opts.config?.trustProxy ?? 0),
    bodyLimit: 1024 * 1024,
    // Long ids reach the route and get a 400 from its schema rather than a bare 414.
    routerOptions: { maxParamLength: 1000 },
    // What the router refuses before any route (a malformed %-escape, a parameter over
    // 1000 characters) gets the same JSON error and security headers as everything else.
    frameworkErrors: (err, request, raw) => {
      const reply = raw as unknown as FastifyReply;
      const tooLong = err.code === 'FST_ERR_MAX_PARAM_LENGTH';
      applySecurityHeaders(request as unknown as FastifyRequest, reply);
      void reply
        .status(400)
        .send(errorBody('invalid', tooLong ? 'a path parameter is too long' : 'the URL is malformed'));
    },
  });
  const table = [...routes, ...(opts.extraRoutes ?? [])];
  const auth = opts.config?.auth ?? DEFAULT_AUTH;
  // Never the Host header when configured: a forged one must not reach a cached file's links.
  const configured = opts.config?.publicUrl;
  const publicUrlOf = (request: FastifyRequest): string =>
    (configured ?? `${request.protocol}://${request.host}`).replace(/\/+$/, '');
  const openapi = buildOpenApi(table, VERSION);

  app.setErrorHandler((err, request, reply) => handleError(err, request, reply));
  app.setNotFoundHandler((request, reply) => {
    void reply
      .status(404)
      .send(errorBody('not_found', `no route ${request.method} ${request.url.split('?')[0]}`));
  });

  // Text answers (JSON, HTML, CSV, Markdown) in brotli or gzip when asked: the built web
  // assets carry their own compressed copies, and request bodies are never inflated.
  await app.register(compress, {
    globalCompression: true,
    globalDecompression: false,
    encodings: ['br', 'gzip'],
  });
  registerSecurityHeaders(app);
  registerDraining(app);
  registerRequestLog(app);
  registerMetrics(app, opts.metrics ?? createMetrics(opts.db), opts.config?.metricsToken);
  registerStrictJson(app);
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  // Raw .xlsx bodies, accepted on the survey upload route only.
  registerSurveyUpload(app);
  // Raw CSV bodies, accepted on the budget import route only.
  registerBudgetUpload(app);

  for (const route of table) {
    const access = route.access ?? 'public';
    app.route({
      method: route.method,
      url: route.url,
      ...(route.rateLimit && {
        config: { rateLimit: { max: route.rateLimit.max, timeWindow: route.rateLimit.timeWindowMs } },
      }),
      // Before the body is read: a call without any credentials cannot pass, so it is not
      // made to upload first. Who the credentials belong to is decided in the handler.
      ...(access !== 'public' && { onRequest: refuseWithoutCredentials }),
      handler: async (request, reply) => {
        const identity = await passwordGate(await identify(opts.db, request), route);
        if (identity.principal) noteLogin(request, identity.principal.login);
        if (access !== 'public') {
          if (!identity.principal) throw new AppError('unauthorized', 'log in first');
          if (access !== 'authenticated' && !can(identity.principal, access)) {
            throw new AppError('forbidden', `not allowed: ${access}`);
          }
        }
        checkCsrf(request, identity);
        const params = route.params ? route.params.parse(request.params) : {};
        const query = route.query ? route.query.parse(request.query) : {};
        const body = route.body ? route.body.parse(request.body ?? {}) : undefined;
        if (hasNul(params) || hasNul(body)) {
          // PostgreSQL text cannot hold U+0000 (SQLite can, and its backup would then not
          // restore into PostgreSQL): refuse it on both engines before anything is stored.
          throw new AppError('invalid', 'text must not contain the NUL character (U+0000)');
        }
        // A handler that answers itself (a file, a 304) returns undefined. Its reply may not
        // have ended yet (compression still running), so whether it sent is noted here.
        let answered = false;
        const send = reply.send.bind(reply);
        reply.send = (payload?: unknown) => {
          answered = true;
          return send(payload);
        };
        const result = await route.handler({
          db: opts.db,
          params,
          query,
          body,
          viewer: identity.viewer,
          principal: identity.principal,
          actor: { id: identity.principal?.userId ?? 'anonymous', ip: request.ip },
          request,
          reply,
          auth,
          publicUrl: publicUrlOf(request),
          chromiumPath: opts.config?.chromiumPath,
        });
        if (answered || reply.sent) return reply;
        return reply.send(result);
      },
    });
  }
  app.get('/api/openapi.json', async () => openapi);
  return app;
}

/**
 * A session opened with a temporary password may do nothing but replace it: routes not open
 * to it refuse it (403, reason `password_change`), and public routes see an anonymous reader.
 */
function passwordGate(identity: Identity, route: RouteDef): Identity {
  if (!identity.principal?.mustChangePassword || route.duringPasswordChange) return identity;
  if ((route.access ?? 'public') === 'public') return { principal: null, viewer: ANONYMOUS, csrfToken: null };
  throw new AppError('forbidden', 'choose a new password first', { reason: 'password_change' });
}

/**
 * Once the app is closing, every answer ends its connection: the requests in progress finish,
 * and their keep-alive connections do not hold the shutdown open afterwards.
 */
function registerDraining(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (closing) void reply.header('connection', 'close');
    return payload;
  });
}

async function refuseWithoutCredentials(request: FastifyRequest): Promise<void> {
  if (request.headers.authorization !== undefined || request.cookies[SESSION_COOKIE]) return;
  throw new AppError('unauthorized', 'log in first');
}

/** Whether any string inside a parsed request (objects and arrays, not file bodies) holds U+0000. */
function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(hasNul);
  if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
    return Object.values(value).some(hasNul);
  }
  return false;
}
