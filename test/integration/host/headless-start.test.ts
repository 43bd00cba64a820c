import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Vault } from '../../../electron/core/vault/vault';
import { TEST_SCRYPT, tempDir } from '../../helpers/profile';

const root = resolve(import.meta.dirname, '../../..');
const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/** Runs the browser host entry (what npm start falls back to) until it exits. */
function startHost(profileDir: string, passphrase: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const rendererDir = join(profileDir, '..', 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>x</title>');
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'electron/host/main.ts')], {
      cwd: root,
      env: { ...process.env, JST_SMS_PROFILE: profileDir, JST_SMS_PASSPHRASE: passphrase, JST_RENDERER_DIR: rendererDir, JST_HOST_PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => {
      stdout += c;
      // Started: that is all a test needs to know; stop it.
      if (stdout.includes('127.0.0.1')) child.kill('SIGTERM');
    });
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

  async function configuredProfile() {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const profileDir = join(t.dir, 'profile');
    await new Vault(join(profileDir, 'vault.json'), { kind: 'passphrase', scrypt: TEST_SCRYPT }).create('the-right-passphrase');
    return profileDir;
  }

  it('a damaged database: names the file, keeps it, exits 2 without a stack; JST_SMS_FRESH_START=1 sets it aside', async () => {
    const profileDir = await configuredProfile();
    const db = join(profileDir, 'jst-sms.db');
    writeFileSync(db, Buffer.from('this is not an SQLite database, just bytes that once were one '.repeat(100)));
    const run = await startHost(profileDir, 'the-right-passphrase');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`无法启动：数据库文件已损坏或无法读取`);
    expect(run.stderr).toContain(db);
    expect(run.stderr).toMatch(/JST_SMS_FRESH_START=1/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(db, 'utf8')).toMatch(/^this is not an SQLite/);

    const fresh = await startHost(profileDir, 'the-right-passphrase', { JST_SMS_FRESH_START: '1' });
    expect(fresh.stdout).toContain('127.0.0.1');
    const kept = readdirSync(profileDir).filter((f) => f.startsWith('jst-sms.db.damaged-'));
    expect(kept).toHaveLength(1);
    expect(readFileSync(join(profileDir, kept[0]!), 'utf8')).toMatch(/^this is not an SQLite/);
  }, 60_000);

  it('a zero-length database in a configured profile is refused, not opened as new (history and opt-outs would vanish)', async () => {
    const profileDir = await configuredProfile();
    writeFileSync(join(profileDir, 'jst-sms.db'), '');
    const run = await startHost(profileDir, 'the-right-passphrase');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/数据库文件已损坏或无法读取（文件大小为 0，发送记录和免打扰名单都在其中）/);
    expect(statSync(join(profileDir, 'jst-sms.db')).size).toBe(0);
  }, 30_000);

  it('a damaged settings.json: names the file, exits 2 without a stack', async () => {
    const profileDir = await configuredProfile();
    writeFileSync(join(profileDir, 'settings.json'), '{"top": {"gatewayUrl": ');
    const run = await startHost(profileDir, 'the-right-passphrase');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`设置文件已损坏或无法读取`);
    expect(run.stderr).toContain(join(profileDir, 'settings.json'));
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }, 30_000);
});
