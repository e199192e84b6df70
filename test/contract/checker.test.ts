/**
 * The contract check can fail: routes that answer other than they declare — a body of the
 * wrong shape, a field the schema does not have, an undocumented status, a file of another
 * content type — are each reported, naming the operation, the caller, the status and why.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildApp } from '../../src/api/app.ts';
import { defineRoute } from '../../src/api/route.ts';
import { notFound } from '../../src/domain/errors.ts';
import { ContractChecker } from '../helpers/contract.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';

const Count = z.object({ n: z.number() });

const LIARS = [
  defineRoute({
    method: 'GET',
    url: '/api/liars/shape',
    summary: 'Declares a number, answers a string',
    tags: ['system'],
    response: Count,
    handler: async () => ({ n: 'one' }) as unknown as z.infer<typeof Count>,
  }),
  defineRoute({
    method: 'GET',
    url: '/api/liars/extra',
    summary: 'Answers a field its schema does not have',
    tags: ['system'],
    response: Count,
    handler: async () => ({ n: 1, secret: 'x' }),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/liars/status',
    summary: 'Answers 404 without path parameters (so none is documented)',
    tags: ['system'],
    response: Count,
    handler: async () => {
      throw notFound('thing', 'x');
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/liars/file',
    summary: 'Declares CSV, sends plain text',
    tags: ['system'],
    produces: ['text/csv'],
    handler: async ({ reply }) => {
      void reply.header('content-type', 'text/plain').send('a,b');
      return undefined;
    },
  }),
];

describe('the contract check', () => {
  let db: TestDb;
  let app: FastifyInstance;
  let checker: ContractChecker;
  beforeAll(async () => {
    db = await createTestDb('sqlite');
    app = await buildApp({ db, extraRoutes: LIARS });
    checker = new ContractChecker((await app.inject({ url: '/api/openapi.json' })).json());
  });
  afterAll(async () => {
    await app.close();
    await db.destroy();
  });

  const check = async (url: string) =>
    checker.check('GET', url, 'anonymous', await app.inject({ url, headers: {} }));

  it('reports a body of the wrong shape with the validator’s error', async () => {
    const [problem, ...rest] = await check('/api/liars/shape');
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ operation: 'GET /api/liars/shape', who: 'anonymous', status: 200 });
    expect(problem!.message).toMatch(/does not match the schema: \/n must be number/);
  });

  it('reports a field the schema does not declare', async () => {
    const [problem] = await check('/api/liars/extra');
    expect(problem!.message).toMatch(/must NOT have additional properties.*secret/);
  });

  it('reports an undocumented status', async () => {
    const [problem] = await check('/api/liars/status');
    expect(problem).toMatchObject({ status: 404 });
    expect(problem!.message).toMatch(/undocumented status \(documented: 200, 401, 500\)/);
  });

  it('reports a file of another content type', async () => {
    const [problem] = await check('/api/liars/file');
    expect(problem!.message).toMatch(/content type "text\/plain.*" is not one of text\/csv/);
  });

  it('passes an answer that is what the document says', async () => {
    expect(await check('/api/health')).toEqual([]);
  });
});
