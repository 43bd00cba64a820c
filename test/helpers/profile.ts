import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core, type CoreOptions } from '../../electron/core/app-core';

export function tempDir(prefix = 'jst-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Cheap scrypt for tests; production uses N=2^15. */
export const TEST_SCRYPT = { N: 1024, r: 8, p: 1 } as const;

/** A core like the browser host's, with a fast passphrase vault, in a fresh profile. */
export async function testCore(overrides: Partial<CoreOptions> = {}): Promise<{ core: Core; dir: string; logLines: string[]; cleanup: () => Promise<void> }> {
  const { dir, cleanup } = tempDir();
  const logLines: string[] = [];
  const core = await createCore({
    host: 'browser',
    profileDir: dir,
    vaultBackend: () => ({ kind: 'passphrase', scrypt: TEST_SCRYPT }),
    logSink: (line) => logLines.push(line),
    logLevel: 'debug',
    ...overrides,
  });
  return {
    core,
    dir,
    logLines,
    cleanup: async () => {
      await core.close();
      cleanup();
    },
  };
}
