/**
 * What the file routes share: a raw request body read up to a size limit (the budget CSV,
 * the survey workbook), the import problem as the API shows it, and a file sent back as a
 * download.
 */
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../domain/errors.ts';
import { contentDisposition } from '../reports/formats.ts';

/** An importer's problem, located in the file, with its message in the asked language. */
export const ImportProblem = z.object({
  severity: z.string(),
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  sheet: z.string().optional(),
  row: z.number().optional(),
  column: z.string().optional(),
  message: z.string(),
});

/** A query flag: `?dryRun=1` or `?dryRun=true`. */
export const QueryFlag = z.enum(['0', '1', 'true', 'false']).optional();
export const isOn = (v: string | undefined): boolean => v === '1' || v === 'true';

const tooLarge = (what: string, maxBytes: number) =>
  Object.assign(new Error(`the ${what} file is larger than ${maxBytes} bytes`), { statusCode: 413 });

/** Reads a request body, refusing (413) one declared or found larger than `maxBytes`. */
async function readBody(
  payload: NodeJS.ReadableStream,
  declared: number,
  maxBytes: number,
  what: string,
): Promise<Buffer> {
  if (declared > maxBytes) throw tooLarge(what, maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of payload) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += b.length;
    if (size > maxBytes) throw tooLarge(what, maxBytes);
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

/**
 * Lets upload routes receive their file as the raw body (bytes, up to each route's
 * `maxBytes`). Any other route sent one of `types` answers 415, as it would without the
 * parser; a second call for the same first type does nothing.
 *
 * @example registerRawUpload(app, ['text/csv'], [{ url: '/api/budget/import', maxBytes, what: 'CSV' }])
 */
export function registerRawUpload(
  app: FastifyInstance,
  types: string[],
  routes: { url: string; maxBytes: number; what: string }[],
): void {
  const [first] = types;
  if (first === undefined || app.hasContentTypeParser(first)) return;
  app.addContentTypeParser(types, async (request: FastifyRequest, payload: IncomingMessage) => {
    const upload = routes.find((r) => r.url === request.routeOptions.url);
    if (!upload) {
      throw Object.assign(new Error(`unsupported media type ${request.headers['content-type'] ?? ''}`), {
        statusCode: 415,
      });
    }
    return readBody(payload, Number(request.headers['content-length'] ?? 0), upload.maxBytes, upload.what);
  });
}

/** Sends a private file as a download (never cached, never sniffed). */
export function sendDownload(
  reply: FastifyReply,
  contentType: string,
  file: { fileName: string; asciiFileName: string; body: Buffer | string },
): undefined {
  void reply
    .header('content-type', contentType)
    .header('content-disposition', contentDisposition(file.fileName, file.asciiFileName))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
    .send(file.body);
  return undefined;
}

/** The uploaded bytes, or a 400 with `message` when the request carried no file. */
export function uploadedBytes(body: unknown, message: string, contentType: string): Buffer {
  if (Buffer.isBuffer(body)) return body;
  throw new AppError('invalid', message, {
    issues: [{ path: 'body', message: `send the file as ${contentType}` }],
  });
}
