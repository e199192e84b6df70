/**
 * Folders of the installation, found from this file whether it runs as source (src/paths.ts
 * under tsx or vitest) or compiled (dist/src/paths.js): the root is the nearest folder above
 * holding package.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/** Where package.json, data/ and web/ are. */
export const PROJECT_ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)));
/** The built web app (`npm run build`). */
export const WEB_DIST = path.join(PROJECT_ROOT, 'web', 'dist');
