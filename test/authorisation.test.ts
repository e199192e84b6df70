/**
 * The authorisation matrix: every route of the route table, called as every role — and as
 * the editor of another ministry — against one table of expected outcomes (test/helpers/matrix.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../src/api/routes/index.ts';
import { ENGINES } from './helpers/db.ts';
import { key, MATRIX, sendRow, setUpMatrix, WHO, type MatrixApp } from './helpers/matrix.ts';

describe('the authorisation matrix covers every route', () => {
  it('has exactly one row per route of the route table', () => {
    const table = routes.map(key).sort();
    expect(Object.keys(MATRIX).sort()).toEqual(table);
  });
});

for (const engine of ENGINES) {
  describe(`authorisation on ${engine}`, () => {
    let m: MatrixApp;
    beforeAll(async () => {
      m = await setUpMatrix(engine);
    });
    afterAll(async () => {
      await m.app.close();
      await m.db.destroy();
    });

    for (const route of routes) {
      const row = MATRIX[key(route)];
      if (!row) continue;
      it(`${key(route)}`, async () => {
        for (const who of WHO) {
          const auditBefore = await m.db.kysely.selectFrom('auditLog').select('id').execute();
          const res = await sendRow(m, route.method, row, who);
          const expected = row.expect[who];
          const label = `${key(route)} as ${who}: ${res.statusCode} ${res.body.slice(0, 200)}`;
          if (expected === 'allow') expect([401, 403], label).not.toContain(res.statusCode);
          if (expected === 'hide') expect(res.statusCode, label).toBe(404);
          if (expected === 'deny') {
            expect([401, 403], label).toContain(res.statusCode);
            const auditAfter = await m.db.kysely.selectFrom('auditLog').select('id').execute();
            expect(auditAfter.length, `${label} wrote to the audit trail`).toBe(auditBefore.length);
          }
        }
      });
    }
  });
}
