import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../electron/core/renderer-files';

const root = join(import.meta.dirname, '../../..');
const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown> & { electronFuses?: Record<string, boolean> };

describe('packaging (electron-builder.yml)', () => {
  it('sets the Electron fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
    });
  });

  it('rebuilds native modules for Electron (a better-sqlite3 built for Node would not load)', () => {
    expect(config.npmRebuild).not.toBe(false);
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['node_modules/better-sqlite3/**']));
  });

  it('targets Windows NSIS x64, macOS dmg arm64+x64, Linux AppImage, and says npm run dist needs internet', () => {
    const target = (os: string) => (config[os] as { target: Array<{ target: string; arch: string[] }> }).target[0]!;
    expect(target('win')).toEqual({ target: 'nsis', arch: ['x64'] });
    expect(target('mac')).toEqual({ target: 'dmg', arch: ['arm64', 'x64'] });
    expect(target('linux').target).toBe('AppImage');
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme).toMatch(/`npm run dist` \*\*需要联网\*\*/);
    expect(readme).toMatch(/`npm run dist` needs internet/);
  });

  it('is a configuration electron-builder itself accepts', async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
      validateConfiguration: (config: unknown, logger: { isEnabled: boolean; add(): void }) => Promise<void>;
    };
    await expect(validateConfiguration(config, { isEnabled: false, add: () => undefined })).resolves.toBeUndefined();
  });
});

describe('renderer page', () => {
  it('carries the CSP as a <meta> too (defence in depth): the header policy without frame-ancestors', () => {
    const html = readFileSync(join(root, 'renderer/index.html'), 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    const directives = (policy: string) =>
      policy
        .split(';')
        .map((d) => d.trim())
        .filter(Boolean);
    expect(meta).toBeDefined();
    expect(directives(meta!)).toEqual(directives(CONTENT_SECURITY_POLICY).filter((d) => !d.startsWith('frame-ancestors')));
    // zod must be jitless before the app's first schema: its own entry, ahead of main.tsx.
    expect(html.indexOf('src/zod-jitless.ts')).toBeGreaterThan(0);
    expect(html.indexOf('src/zod-jitless.ts')).toBeLessThan(html.indexOf('src/main.tsx'));
    // zod/v4/core holds the one globalConfig the classic API reads; importing it keeps the classic API out of this chunk.
    const entry = readFileSync(join(root, 'renderer/src/zod-jitless.ts'), 'utf8');
    expect(entry).toMatch(/import \{ config \} from 'zod\/v4\/core'/);
    expect(entry).toMatch(/\bconfig\(\{ jitless: true \}\)/);
  });
});
