/**
 * Vite configuration of the web app (root web/, output web/dist). `shinchoku serve` builds
 * with it when the build is missing or stale; `npx vite --config web/vite.config.ts` runs a
 * dev server that proxies /api to a running `shinchoku serve` on port 3000.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 800,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
