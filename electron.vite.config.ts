import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { rendererOutDir, rendererRoot } from './vite.config';

export default defineConfig({
  main: {
    build: { rollupOptions: { input: { index: 'electron/main.ts' } } },
  },
  preload: {
    // Sandboxed preloads must be CommonJS and dependency-free.
    build: { rollupOptions: { input: { index: 'electron/preload.ts' }, output: { format: 'cjs', entryFileNames: '[name].cjs' } } },
  },
  renderer: {
    root: rendererRoot,
    base: './',
    plugins: [react()],
    build: { outDir: rendererOutDir, minify: true, rollupOptions: { input: { index: `${rendererRoot}/index.html` } } },
  },
});
