import { defineConfig } from 'vite';

// Vite 8 transforms TSX with Oxc; React 19 uses the automatic JSX runtime.
// Source maps only outside production builds: served, they would publish the app's source.
export default defineConfig(({ mode }) => ({
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: mode !== 'production', chunkSizeWarningLimit: 1500 },
  server: { proxy: { '/v1': 'http://localhost:3000' } },
}));
