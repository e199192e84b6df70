/**
 * Errors are values with codes; the API maps each code to an HTTP status in one place
 * (api/errors.ts) and the UI translates the code through the locale files.
 */
export type ErrorCode =
  | 'not_found'
  | 'invalid'
  | 'conflict'
  | 'forbidden'
  | 'unauthorized'
  | 'unavailable'
  /** a write that would change what a published cycle shows (a correction is the way) */
  | 'published';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: unknown = undefined,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string, id: string): AppError =>
  new AppError('not_found', `${what} not found: ${id}`, { what, id });

export const invalid = (message: string, details?: unknown): AppError =>
  new AppError('invalid', message, details);

export const conflict = (message: string, details?: unknown): AppError =>
  new AppError('conflict', message, details);

/** A write refused because the cycle is published: only a correction changes it. */
export const published = (message: string, details?: unknown): AppError =>
  new AppError('published', message, details);
