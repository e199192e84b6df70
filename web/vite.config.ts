/**
 * Vite configuration of the web app (root web/, output web/dist). `shinchoku serve` builds
 * with it when the build is missing or stale; `npx vite --config web/vite.config.ts` runs a
 * dev server that proxies /api to a running `shinchoku serve` on port 3000. With `--ssr` it
 * builds the server renderer (web/src/entry-server.tsx → web/dist/ssr/), self-contained so
 * that a release without the devDependencies (React is one) can import it.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig(({ isSsrBuild }) => ({
  root,
  base: '/',
  plugins: [react()],
  build: isSsrBuild
    ? { outDir: 'dist/ssr', emptyOutDir: true, target: 'node20', copyPublicDir: false }
    : // source maps: readers and auditors can see the sources the bundle came from
      { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 800, sourcemap: true },
  // The server bundle carries React and the router (not installed in a release).
  ssr: { noExternal: true, target: 'node' },
  // Scripts and stylesheets find the files they load relative to themselves (import.meta.url),
  // so that the same assets work under any path (the static copy, `shinchoku export-site`);
  // the HTML, served at every page's path, names them from the root.
  experimental: {
    renderBuiltUrl: (filename: string, { hostType }: { hostType: 'js' | 'css' | 'html' }) =>
      hostType === 'html' ? `/${filename}` : { relative: true },
  },
  ...(isSsrBuild ? { define: { 'process.env.NODE_ENV': JSON.stringify('production') } } : {}),
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
}));
