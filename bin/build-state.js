// Whether the release build (`npm run build`) is current with its sources, for each of its two
// parts: the server (dist/) and the web app (web/dist/). Plain JavaScript: `npm start` and the
// `shinchoku` command read it without any build tool.
import fs from 'node:fs';
import path from 'node:path';

/**
 * Each part: its stamp (written last by the build, naming when it read its sources) and what
 * it is built from. The web app imports the domain and the i18n module from src/.
 */
export const PARTS = {
  server: {
    stamp: 'dist/build.json',
    inputs: ['src', 'locales', 'package.json', 'tsconfig.json', 'tsconfig.build.json'],
  },
  web: { stamp: 'web/dist/build.json', inputs: ['web', 'src', 'locales', 'package.json'] },
};
const SKIP = new Set(['node_modules', 'dist']);

function newestMtime(target) {
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  // Files only: a folder's own time moves when the build writes web/dist into web/.
  let newest = 0;
  for (const entry of fs.readdirSync(target, { withFileTypes: true })) {
    if (SKIP.has(entry.name) || entry.name.endsWith('.test.ts')) continue; // tests are not built
    newest = Math.max(newest, newestMtime(path.join(target, entry.name)));
  }
  return newest;
}

/** The newest modification time of a file among `inputs` under `root` (ms since the epoch). */
export function newestSource(root, inputs) {
  return Math.max(...inputs.map((input) => newestMtime(path.join(root, input))));
}

/** 'missing' (not built), 'stale' (a source changed after the build read it) or 'current'. */
export function buildState(root, part) {
  const { stamp, inputs } = PARTS[part];
  const stampFile = path.join(root, stamp);
  if (!fs.existsSync(stampFile)) return 'missing';
  const { sourcesReadAt } = JSON.parse(fs.readFileSync(stampFile, 'utf8'));
  return newestSource(root, inputs) > sourcesReadAt ? 'stale' : 'current';
}

/** Writes a part's stamp: call when its build is complete, with the time it read its sources. */
export function writeStamp(root, part, sourcesReadAt) {
  const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const body = { version, builtAt: new Date().toISOString(), sourcesReadAt };
  fs.writeFileSync(path.join(root, PARTS[part].stamp), `${JSON.stringify(body, null, 2)}\n`);
}
