import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './paths.ts';

/** The package version, shown by the CLI and in the OpenAPI document. */
export const VERSION: string = (
  JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;
