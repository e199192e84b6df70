// Rewrites web/src/api/schema.d.ts, the web app's API types, from the route table.
import fs from 'node:fs';
import path from 'node:path';
import { generateSchemaTypes, SCHEMA_TYPES_FILE } from './contract-types.ts';

fs.writeFileSync(SCHEMA_TYPES_FILE, await generateSchemaTypes());
console.log(`wrote ${path.relative(process.cwd(), SCHEMA_TYPES_FILE)}`);
