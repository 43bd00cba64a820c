import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../../electron/cli/index';
import { createCore } from '../../../electron/core/app-core';
import { DEMO_PASSPHRASE, DEMO_PROFILE_SUBDIR, isDemoProfile } from '../../../electron/core/demo-profile';
import { TEST_SCRYPT, tempDir } from '../../helpers/profile';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function cli(args: string[], env: NodeJS.ProcessEnv) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env });
  return { code, stdout, stderr };
}

/** A seller's profile with the demo profile inside it, each vault created the way its host creates it. */
async function profiles() {
  const { dir, cleanup } = tempDir('jst-demo-cli-');
  cleanups.push(cleanup);
  const make = async (profileDir: string, passphrase: string) =>
    (
      await createCore({ host: 'browser', profileDir, vaultBackend: () => ({ kind: 'passphrase', scrypt: TEST_SCRYPT }), passphrase, logSink: () => undefined })
    ).close();
  await make(dir, 'seller-passphrase');
  const demo = join(dir, DEMO_PROFILE_SUBDIR);
  await make(demo, DEMO_PASSPHRASE);
  return { seller: dir, demo };
}

describe('the CLI on the demo profile', () => {
  it('opens it whatever JST_SMS_PASSPHRASE says (the demo vault is locked with the demo passphrase, not the seller’s)', async () => {
    const { seller, demo } = await profiles();
    expect(isDemoProfile(demo)).toBe(true);
    expect(isDemoProfile(seller)).toBe(false);
    for (const passphrase of ['seller-passphrase', undefined]) {
      const env = { JST_SMS_PROFILE: demo, ...(passphrase ? { JST_SMS_PASSPHRASE: passphrase } : {}) };
      const run = await cli(['suppression', 'list'], env);
      expect(run.stderr).not.toContain('WRONG_PASSPHRASE');
      expect(run).toMatchObject({ code: 0, stdout: '名单为空。\n' });
    }
    // The seller's own profile still wants the seller's passphrase.
    const wrong = await cli(['suppression', 'list'], { JST_SMS_PROFILE: seller, JST_SMS_PASSPHRASE: DEMO_PASSPHRASE });
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain('口令错误');
    expect((await cli(['suppression', 'list'], { JST_SMS_PROFILE: seller, JST_SMS_PASSPHRASE: 'seller-passphrase' })).code).toBe(0);
  });

  it('a folder merely named demo, outside a profile, is not the demo profile', () => {
    const { dir, cleanup } = tempDir('jst-demo-cli-');
    cleanups.push(cleanup);
    expect(isDemoProfile(join(dir, DEMO_PROFILE_SUBDIR))).toBe(false);
  });
});
