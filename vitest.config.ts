import { defineConfig } from 'vitest/config';

// Separate from vite.config.ts: that one's root is the renderer.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    server: { deps: { inline: ['electron-store'] } },
  },
});
