// Builds the renderer into renderer/dist. `base: './'` keeps every asset path relative, so the same
// build works when Electron loads it from file:// and when `ml-connector serve` serves it at `/`.
// No inline scripts are emitted (the CSP set by Electron and the HTTP server forbids them).
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 2000,
    target: 'es2022',
  },
  server: { host: '127.0.0.1' },
});
