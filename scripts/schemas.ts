// Rewrites schemas/*.json from the zod schemas (see src/domain/schemas.ts).
import fs from 'node:fs';
import path from 'node:path';
import { SCHEMA_FILES, renderSchema } from '../src/domain/schemas.ts';

const dir = path.resolve(import.meta.dirname, '../schemas');
fs.mkdirSync(dir, { recursive: true });
for (const entry of SCHEMA_FILES) {
  fs.writeFileSync(path.join(dir, entry.file), renderSchema(entry));
  console.log(`wrote schemas/${entry.file}`);
}
