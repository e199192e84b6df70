import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMA_FILES, renderSchema } from './schemas.ts';

describe('committed JSON Schema files', () => {
  for (const entry of SCHEMA_FILES) {
    it(`schemas/${entry.file} is current (run npm run schemas after changing the format)`, () => {
      const committed = fs.readFileSync(
        path.resolve(import.meta.dirname, '../../schemas', entry.file),
        'utf8',
      );
      expect(committed).toBe(renderSchema(entry));
    });
  }
});
