/**
 * The committed JSON Schema is generated from the zod schema: this test fails when it is
 * stale. Regenerate with: UPDATE_SCHEMAS=1 npx vitest run src/reports/open-data.test.ts
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { reportCycleJsonSchema } from './open-data.ts';

const FILE = new URL('../../schemas/report-cycle.v1.json', import.meta.url);

describe('schemas/report-cycle.v1.json', () => {
  it('is the JSON Schema generated from ReportCycleV1', () => {
    const generated = `${JSON.stringify(reportCycleJsonSchema(), null, 2)}\n`;
    if (process.env.UPDATE_SCHEMAS === '1') fs.writeFileSync(FILE, generated);
    expect(fs.readFileSync(FILE, 'utf8')).toBe(generated);
  });
});
