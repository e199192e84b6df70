import { describe, expect, it } from 'vitest';
import { operationIdOf, responseStatuses, securityOf } from './openapi-operation.ts';
import type { RouteDef } from './route.ts';
import { routes } from './routes/index.ts';

const route = (method: string, url: string): RouteDef => {
  const found = routes.find((r) => r.method === method && r.url === url);
  if (!found) throw new Error(`no route ${method} ${url}`);
  return found;
};

describe('operationIds', () => {
  it('are unique across the route table, and plain identifiers', () => {
    const ids = routes.map(operationIdOf);
    const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
    expect(repeated).toEqual([]);
    for (const id of ids) expect(id).toMatch(/^(get|post|put|patch|delete)[A-Z][A-Za-z0-9]*$/);
  });

  it('read as the method and the path, a collection before its id in the singular', () => {
    const id = (method: RouteDef['method'], url: string) => operationIdOf({ method, url });
    expect(id('GET', '/api/strategies')).toBe('getStrategies');
    expect(id('GET', '/api/strategies/:strategyId/cycles/:cycleId/tree')).toBe('getStrategyCycleTree');
    expect(id('PUT', '/api/cycles/:cycleId/assessments/:nodeId')).toBe('putCycleAssessment');
    expect(id('POST', '/api/entries/:entryId/submit')).toBe('postEntrySubmit');
    expect(id('GET', '/api/strategies/:strategyId/cycles/:cycleId/report.:format')).toBe(
      'getStrategyCycleReport',
    );
    expect(id('GET', '/api/audit.csv')).toBe('getAuditCsv');
    expect(operationIdOf({ method: 'GET', url: '/api/audit.csv', operationId: 'auditCsv' })).toBe('auditCsv');
  });
});

describe('the statuses of an operation', () => {
  it('follow from its declaration', () => {
    expect(responseStatuses(route('GET', '/api/health'))).toEqual([200, 401, 500]);
    expect(responseStatuses(route('GET', '/api/strategies/:strategyId/cycles/:cycleId/tree'))).toEqual([
      200, 304, 400, 401, 404, 500,
    ]);
    // public, rate-limited write
    expect(responseStatuses(route('POST', '/api/auth/login'))).toEqual([
      200, 400, 401, 403, 413, 415, 429, 500,
    ]);
    // versioned write
    expect(responseStatuses(route('PUT', '/api/entries/:entryId'))).toEqual([
      200, 400, 401, 403, 404, 409, 413, 415, 500,
    ]);
    // declared: PDF needs Chromium
    expect(
      responseStatuses(route('GET', '/api/strategies/:strategyId/cycles/:cycleId/report.:format')),
    ).toContain(503);
  });
});

describe('the security of an operation', () => {
  it('lets anyone read a public route, with or without a session or token', () => {
    expect(securityOf(route('GET', '/api/strategies'))).toEqual([{}, { session: [] }, { bearer: [] }]);
  });

  it('asks a cookie write for its CSRF token, and a token for a scope that opens the action', () => {
    expect(securityOf(route('PUT', '/api/entries/:entryId'))).toEqual([
      { session: [], csrf: [] },
      { bearer: ['progress'] },
      { bearer: ['admin'] },
    ]);
    expect(securityOf(route('GET', '/api/audit'))).toEqual([
      { session: [] },
      { bearer: ['read'] },
      { bearer: ['admin'] },
    ]);
    expect(securityOf(route('GET', '/api/auth/me'))).toEqual([{ session: [] }, { bearer: [] }]);
  });
});
