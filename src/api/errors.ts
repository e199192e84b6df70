/**
 * The one place where errors become HTTP responses: {"error":{"code","message","details"}}.
 * User errors keep their message; anything unexpected is logged and answered with a
 * generic 500, never a stack trace.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { isUniqueViolation, isUnstorableText } from '../db/dialect.ts';
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

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
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
  if (isUniqueViolation(err)) {
    void reply
      .status(409)
      .send(errorBody('conflict', 'someone else created or changed this at the same time; reload and retry'));
    return;
  }
  if (isUnstorableText(err)) {
    void reply.status(400).send(errorBody('invalid', 'the request holds text the database cannot store'));
    return;
  }
  const fe = err as FastifyError;
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code =
      fe.statusCode === 413 ? 'too_large' : fe.statusCode === 415 ? 'unsupported_media_type' : 'invalid';
    void reply.status(fe.statusCode).send(errorBody(code, fe.message));
    return;
  }
  request.log.error({ err }, 'unhandled error');
  void reply.status(500).send(errorBody('internal', 'internal server error'));
}
