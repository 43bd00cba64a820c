import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { Vault, type OsEncryption } from '../../../electron/core/vault/vault';
import { TEST_SCRYPT, tempDir } from '../../helpers/profile';

const dirs: Array<() => void> = [];
afterEach(() => dirs.splice(0).forEach((c) => c()));
function vaultFile() {
  const t = tempDir();
  dirs.push(t.cleanup);
  return join(t.dir, 'vault.json');
}
const passphraseVault = (file: string) => new Vault(file, { kind: 'passphrase', scrypt: TEST_SCRYPT });

async function codeOf(promise: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    return error instanceof AppError ? error.code : `not AppError: ${String(error)}`;
  }
  return 'no error';
}

describe('passphrase vault', () => {
  it('creates, persists encrypted, and unlocks with the same passphrase', async () => {
    const file = vaultFile();
    const vault = passphraseVault(file);
    expect(vault.status().state).toBe('uninitialized');
    await vault.create('correct horse');
    await vault.update({ 'top.appSecret': 'S3cr3t-app-secret-value', 'top.session': '6100a1b2c3session' });

    const onDisk = readFileSync(file, 'utf8');
    expect(onDisk).not.toContain('S3cr3t-app-secret-value');
    expect(onDisk).not.toContain('6100a1b2c3session');
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const reopened = passphraseVault(file);
    expect(reopened.status().state).toBe('locked');
    expect(await codeOf(() => reopened.get('top.appSecret'))).toBe('VAULT_LOCKED');
    await reopened.unlock('correct horse');
    expect(reopened.get('top.appSecret')).toBe('S3cr3t-app-secret-value');
    expect(reopened.values().sort()).toEqual(['6100a1b2c3session', 'S3cr3t-app-secret-value']);
  });

  it('rejects a wrong passphrase with a clear error and stays locked', async () => {
    const file = vaultFile();
    await passphraseVault(file).create('right passphrase');
    const vault = passphraseVault(file);
    expect(await codeOf(vault.unlock('wrong passphrase'))).toBe('WRONG_PASSPHRASE');
    expect(vault.status().state).toBe('locked');
  });

  it('detects a tampered ciphertext', async () => {
    const file = vaultFile();
    const vault = passphraseVault(file);
    await vault.create('right passphrase');
    await vault.update({ 'mq.accessKeySecret': 'ak-secret-value-123' });
    const json = JSON.parse(readFileSync(file, 'utf8'));
    const ct = Buffer.from(json.record.ct, 'base64');
    ct[0] = ct[0]! ^ 0xff;
    json.record.ct = ct.toString('base64');
    writeFileSync(file, JSON.stringify(json));
    expect(await codeOf(passphraseVault(file).unlock('right passphrase'))).toBe('WRONG_PASSPHRASE');
  });

  it('reports a damaged file as corrupt, not as a crash', async () => {
    const file = vaultFile();
    writeFileSync(file, '{not json');
    expect(await codeOf(passphraseVault(file).unlock('whatever1'))).toBe('VAULT_CORRUPT');
    writeFileSync(file, JSON.stringify({ v: 1, backend: 'passphrase', record: { kdf: 'scrypt' } }));
    expect(await codeOf(passphraseVault(file).unlock('whatever1'))).toBe('VAULT_CORRUPT');
  });

  it('keeps stored values when an update leaves them undefined', async () => {
    const vault = passphraseVault(vaultFile());
    await vault.create('passphrase1');
    await vault.update({ 'top.appKey': '12345678', 'top.appSecret': 'first-secret' });
    await vault.update({ 'top.appKey': undefined, 'top.appSecret': 'second-secret' });
    expect(vault.get('top.appKey')).toBe('12345678');
    expect(vault.get('top.appSecret')).toBe('second-secret');
  });

  it('lock forgets the secrets in memory', async () => {
    const vault = passphraseVault(vaultFile());
    await vault.create('passphrase1');
    await vault.update({ 'top.appSecret': 'secret-x-1' });
    vault.lock();
    expect(vault.values()).toEqual([]);
    expect(await codeOf(() => vault.get('top.appSecret'))).toBe('VAULT_LOCKED');
  });

  it('refuses to create over an existing vault', async () => {
    const file = vaultFile();
    await passphraseVault(file).create('passphrase1');
    expect(await codeOf(passphraseVault(file).create('another-pass'))).toBe('CONFLICT');
  });
});

/** An OS keychain double: reversible, with a visible marker so tests can see it was used. */
function fakeOs(backend: string, available = true): OsEncryption & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    isAvailable: async () => available,
    backendName: () => backend,
    encrypt: async (plain) => {
      calls.push('encrypt');
      return Buffer.from('OS:' + Buffer.from(plain).toString('hex'));
    },
    decrypt: async (data) => {
      calls.push('decrypt');
      const text = data.toString();
      if (!text.startsWith('OS:')) throw new Error('bad data');
      return Buffer.from(text.slice(3), 'hex').toString();
    },
  };
}

describe('OS (safeStorage) vault', () => {
  it('stores through the OS encryption and reads back after restart', async () => {
    const file = vaultFile();
    const os = fakeOs('gnome_libsecret');
    const vault = new Vault(file, { kind: 'os', os, allowPlainText: () => false });
    expect((await vault.open()).state).toBe('unlocked');
    await vault.update({ 'top.session': 'session-value-9' });
    expect(readFileSync(file, 'utf8')).not.toContain('session-value-9');
    const again = new Vault(file, { kind: 'os', os, allowPlainText: () => false });
    await again.open();
    expect(again.get('top.session')).toBe('session-value-9');
    expect(os.calls).toContain('decrypt');
  });

  it('refuses Linux basic_text unless the seller opted in', async () => {
    const file = vaultFile();
    let optedIn = false;
    const vault = new Vault(file, { kind: 'os', os: fakeOs('basic_text'), allowPlainText: () => optedIn });
    const status = await vault.open();
    expect(status.state).toBe('unavailable');
    expect(status.osBackend).toBe('basic_text');
    expect(status.reason).toMatch(/钥匙串/);
    expect(await codeOf(vault.update({ 'top.appSecret': 'x-secret' }))).toBe('VAULT_UNAVAILABLE');
    optedIn = true;
    const reopened = await vault.reopen();
    expect(reopened).toMatchObject({ state: 'unlocked', plainText: true });
  });

  it('is unavailable when the OS has no encryption at all', async () => {
    const vault = new Vault(vaultFile(), { kind: 'os', os: fakeOs('unknown', false), allowPlainText: () => true });
    expect((await vault.open()).state).toBe('unavailable');
  });

  it('does not pretend to unlock when the keychain changed', async () => {
    const file = vaultFile();
    writeFileSync(file, JSON.stringify({ v: 1, backend: 'os', osBackend: 'gnome_libsecret', data: Buffer.from('garbage').toString('base64') }));
    const vault = new Vault(file, { kind: 'os', os: fakeOs('gnome_libsecret'), allowPlainText: () => false });
    const status = await vault.open();
    expect(status.state).toBe('unavailable');
    expect(status.reason).toMatch(/解密/);
  });
});
