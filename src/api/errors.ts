/**
 * The one place where errors become HTTP responses: {"error":{"code","message","details"}}.
 * User errors keep their message; anything unexpected is logged and answered with a
 * generic 500, never a stack trace.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { z, ZodError } from 'zod';
import {
  isConcurrentWriteFailure,
  isDatabaseUnavailable,
  isUniqueViolation,
  isUnstorableText,
} from '../db/dialect.ts';
import { AppError, type ErrorCode } from '../domain/errors.ts';

const STATUS: Record<ErrorCode, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  published: 409,
  unavailable: 503,
};

/** Codes the HTTP layer adds to the domain's (for what the framework refuses, and crashes). */
const HTTP_CODES = { 413: 'too_large', 415: 'unsupported_media_type', 429: 'rate_limited' } as const;
type HttpCode = (typeof HTTP_CODES)[keyof typeof HTTP_CODES] | 'internal';

export const ERROR_CODES: readonly (ErrorCode | HttpCode)[] = [
  ...(Object.keys(STATUS) as ErrorCode[]),
  ...Object.values(HTTP_CODES),
  'internal',
];

/** Every error response; the API document declares it for every error status. */
export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'Error' });

export type ErrorBody = z.infer<typeof ErrorSchema>;

export function errorBody(code: ErrorBody['error']['code'], message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

export function handleError(err: unknown, request: FastifyRequest, reply: FastifyReply): void {
  if (err instanceof AppError) {
    void reply.status(STATUS[err.code]).send(errorBody(err.code, err.message, err.details));
    return;
  }
  if (err instanceof ZodError) {
    void reply.status(400).send(
      errorBody('invalid', 'the request is not valid', {
        issues: err.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      }),
    );
    return;
  }
  if (isUniqueViolation(err) || isConcurrentWriteFailure(err)) {
    void reply
      .status(409)
      .send(errorBody('conflict', 'someone else created or changed this at the same time; reload and retry'));
    return;
  }
  if (isUnstorableText(err)) {
    void reply.status(400).send(errorBody('invalid', 'the request holds text the database cannot store'));
    return;
  }
  if (isDatabaseUnavailable(err)) {
    request.log.warn({ err }, 'database unavailable');
    void reply
      .status(503)
      .header('retry-after', '5')
      .send(errorBody('unavailable', 'the database did not answer in time; retry shortly'));
    return;
  }
  const fe = err as FastifyError;
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code = HTTP_CODES[fe.statusCode as keyof typeof HTTP_CODES] ?? 'invalid';
    void reply.status(fe.statusCode).send(errorBody(code, fe.message));
    return;
  }
  request.log.error({ err }, 'unhandled error');
  void reply.status(500).send(errorBody('internal', 'internal server error'));
}
