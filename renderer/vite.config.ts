/** Builds the renderer (React + AG Grid) into renderer/dist, served by the browser-mode server or loaded by Electron. */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import path from 'node:path';

export default defineConfig({
  root: path.resolve(__dirname),
  base: './',
  plugins: [react()],
  build: {
    outDir: path.resolve(__dirname, 'dist'),
    emptyOutDir: true,
    // No inline scripts or eval anywhere: the page runs under `script-src 'self'`.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 4000,
    sourcemap: false,
  },
  server: { host: '127.0.0.1' },
});
