// `npm run build`: the release. Compiles the server (tsc → dist/) and the web app (Vite →
// web/dist/ with hashed file names), writes a brotli and a gzip copy beside every text asset
// of the web app (served as they are, never compressed per request), and stamps each part
// (bin/build-state.js). The web part includes the server renderer of the public pages
// (web/dist/ssr/entry-server.js, self-contained: a release has no React installed).
//   --if-needed  build only the parts missing or older than their sources (`npm start`); a
//                release installed without the build tools starts as it is
//   --web        the web app only (the tests' servers run the server from its sources)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { buildState, PARTS, writeStamp } from '../bin/build-state.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);

/** Text assets worth compressing; images and fonts are compressed already. */
const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|txt|xml|webmanifest|map)$/;
const MIN_BYTES = 1024;

/** A package's file by path, past its "exports" map. */
const fileOf = (pkg, file) => path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);

function run(bin, args, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, ...env },
    });
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(bin)} exited with ${code}`)),
    );
  });
}

function precompress(dir) {
  let files = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (!entry.isFile() || !COMPRESSIBLE.test(entry.name)) continue;
    const body = fs.readFileSync(file);
    if (body.length < MIN_BYTES) continue;
    const quality = { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 };
    fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(body, { params: quality }));
    fs.writeFileSync(`${file}.gz`, zlib.gzipSync(body, { level: 9 }));
    files += 1;
  }
  return files;
}

const BUILDERS = {
  async server() {
    const sourcesReadAt = Date.now();
    fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
    await run(fileOf('typescript', 'bin/tsc'), ['-p', 'tsconfig.build.json']);
    writeStamp(root, 'server', sourcesReadAt);
    return 'dist/';
  },
  async web() {
    const sourcesReadAt = Date.now();
    // Vite takes NODE_ENV over its mode: an inherited NODE_ENV=test or development would
    // produce React's development build.
    const vite = (...extra) =>
      run(
        fileOf('vite', 'bin/vite.js'),
        ['build', '--config', 'web/vite.config.ts', '--logLevel', 'warn', ...extra],
        {
          NODE_ENV: 'production',
        },
      );
    await vite();
    const compressed = precompress(path.join(root, 'web/dist'));
    // The server renderer of the public pages, after the client build (which empties web/dist).
    await vite('--ssr', 'src/entry-server.tsx');
    writeStamp(root, 'web', sourcesReadAt);
    return `web/dist/ (${compressed} assets precompressed) and its server renderer web/dist/ssr/`;
  },
};

function hasBuildTools() {
  try {
    fileOf('typescript', 'bin/tsc');
    fileOf('vite', 'bin/vite.js');
    return true;
  } catch {
    return false;
  }
}

const args = process.argv.slice(2);
const parts = args.includes('--web') ? ['web'] : Object.keys(PARTS);
const todo = args.includes('--if-needed') ? parts.filter((p) => buildState(root, p) !== 'current') : parts;
if (todo.length === 0) process.exit(0);
if (!hasBuildTools()) {
  const missing = todo.filter((p) => buildState(root, p) === 'missing');
  if (missing.length > 0) {
    console.error(`not built: ${missing.join(', ')}; install the devDependencies, then npm run build`);
    process.exit(1);
  }
  console.error(`older than its sources: ${todo.join(', ')} (install the devDependencies to rebuild)`);
  process.exit(0);
}
const started = performance.now();
const built = await Promise.all(todo.map((part) => BUILDERS[part]()));
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`built ${built.join(' and ')} in ${seconds} s`);
