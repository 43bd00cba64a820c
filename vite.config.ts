import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Renderer build, shared by the browser host (vite build) and the Electron app (electron-vite reuses it).
export const rendererRoot = fileURLToPath(new URL('./renderer', import.meta.url));
export const rendererOutDir = fileURLToPath(new URL('./out/renderer', import.meta.url));

export default defineConfig({
  root: rendererRoot,
  base: './',
  plugins: [react()],
  build: {
    outDir: rendererOutDir,
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
  },
});
