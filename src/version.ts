import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/** The package version, shown by the CLI and in the OpenAPI document. */
export const VERSION: string = (require('../package.json') as { version: string }).version;
