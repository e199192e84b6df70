/**
 * JSON request bodies must be UTF-8. Fastify would decode broken bytes as U+FFFD and store
 * the replacement characters as if they had been typed; here they are refused with 400
 * before the body is parsed. The parsing itself stays Fastify's (prototype-poisoning
 * protection included).
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from '../domain/errors.ts';

export function registerStrictJson(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = decoder.decode(body as Buffer);
    } catch {
      done(new AppError('invalid', 'the request body is not valid UTF-8'), undefined);
      return;
    }
    parse(request, text, done);
  });
}
