import { defineConfig } from 'vite';

// Vite 8 transforms TSX with Oxc; React 19 uses the automatic JSX runtime.
export default defineConfig({
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1500 },
  server: { proxy: { '/v1': 'http://localhost:3000' } },
});
