import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Vault } from '../../../electron/core/vault/vault';
import { TEST_SCRYPT, tempDir } from '../../helpers/profile';

const root = resolve(import.meta.dirname, '../../..');
const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/** Runs the browser host entry (what npm start falls back to) until it exits. */
function startHost(profileDir: string, passphrase: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const rendererDir = join(profileDir, '..', 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>x</title>');
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'electron/host/main.ts')], {
      cwd: root,
      env: { ...process.env, JST_SMS_PROFILE: profileDir, JST_SMS_PASSPHRASE: passphrase, JST_RENDERER_DIR: rendererDir, JST_HOST_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGTERM'), 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

describe('headless start (JST_SMS_PASSPHRASE)', () => {
  it('a wrong passphrase: a clear message, non-zero exit, no stack trace', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const profileDir = join(t.dir, 'profile');
    await new Vault(join(profileDir, 'vault.json'), { kind: 'passphrase', scrypt: TEST_SCRYPT }).create('the-right-passphrase');
    const run = await startHost(profileDir, 'not-the-passphrase');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/无法启动：口令错误/);
    expect(run.stderr).toMatch(/JST_SMS_PASSPHRASE/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stderr).not.toContain('not-the-passphrase');
  }, 30_000);

  it('a corrupt vault file: a clear message, non-zero exit, no stack trace', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const profileDir = join(t.dir, 'profile');
    mkdirSync(profileDir, { recursive: true });
    writeFileSync(join(profileDir, 'vault.json'), '{"v":1,"backend":"passphrase","rec');
    const run = await startHost(profileDir, 'any-passphrase');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/无法启动：保险箱文件已损坏/);
    expect(run.stderr).toMatch(/重置保险箱/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }, 30_000);
});
