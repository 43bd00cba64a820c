import * as crypto from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../shared/errors';
import { writeFileDurably, type DurableIo } from '../../../electron/core/profile-files';
import { UNLOCK_THROTTLE, Vault } from '../../../electron/core/vault/vault';
import { sealWithPassphrase } from '../../../electron/core/vault/passphrase-cipher';
import { TEST_SCRYPT, tempDir, testCore } from '../../helpers/profile';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
function vaultFile() {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return join(t.dir, 'vault.json');
}
async function failure(run: () => unknown): Promise<AppError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw new Error(`not an AppError: ${String(error)}`, { cause: error });
  }
  throw new Error('no error');
}

// scrypt is observed (not replaced): the KDF-bounds test checks that nothing was derived.
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>();
  return { ...real, scrypt: vi.fn(real.scrypt) };
});

describe('vault reset (重置保险箱)', () => {
  it('removes only the secrets: templates and settings stay, the seller chooses a new passphrase', async () => {
    const t = await testCore();
    cleanups.push(t.cleanup);
    const c = t.core;
    await c.dispatch('vault.create', { passphrase: 'first-passphrase' });
    await c.dispatch('settings.saveTop', {
      appKey: '12345678',
      appSecret: 'reset-app-secret',
      session: 'reset-session-key',
      gatewayUrl: 'https://eco.taobao.com/router/rest',
      signMethod: 'md5',
    });
    await c.dispatch('settings.savePreferences', { language: 'en', closeToTray: false, notifyReplies: true });
    const draft = await c.dispatch('templates.save', { name: '发货通知', type: 1, content: '您的订单已发货', remark: '发货后通知买家' });
    expect(draft.ok).toBe(true);

    // Locked and the passphrase forgotten: only a typed confirmation resets.
    c.ctx.vault.lock();
    expect(await c.dispatch('vault.status', {})).toMatchObject({ ok: true, result: { state: 'locked', resettable: true } });
    expect(await c.dispatch('vault.reset', { confirmation: '重置' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await c.dispatch('vault.reset', { confirmation: '重置保险箱' })).toMatchObject({ ok: true, result: { state: 'uninitialized' } });

    expect(await c.dispatch('vault.create', { passphrase: 'second-passphrase' })).toMatchObject({ ok: true, result: { state: 'unlocked' } });
    const view = await c.dispatch('settings.get', {});
    expect(view).toMatchObject({
      ok: true,
      result: { top: { appSecret: { set: false }, session: { set: false }, signMethod: 'md5' }, preferences: { language: 'en' } },
    });
    expect(await c.dispatch('templates.list', {})).toMatchObject({ ok: true, result: [expect.objectContaining({ name: '发货通知' })] });
  });

  it('is refused while unlocked (nothing to recover) and accepts the English phrase', async () => {
    const t = await testCore();
    cleanups.push(t.cleanup);
    await t.core.dispatch('vault.create', { passphrase: 'first-passphrase' });
    expect(await t.core.dispatch('vault.reset', { confirmation: 'RESET' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    t.core.ctx.vault.lock();
    expect(await t.core.dispatch('vault.reset', { confirmation: 'RESET' })).toMatchObject({ ok: true, result: { state: 'uninitialized' } });
  });

  it('lets the OS backend start over when its file cannot be decrypted', async () => {
    const file = vaultFile();
    writeFileSync(file, JSON.stringify({ v: 1, backend: 'os', osBackend: 'gnome_libsecret', data: Buffer.from('garbage').toString('base64') }));
    const os = {
      isAvailable: async () => true,
      backendName: () => 'gnome_libsecret',
      encrypt: async (plain: string) => Buffer.from('OS:' + plain),
      decrypt: async (data: Buffer) => {
        if (!data.toString().startsWith('OS:')) throw new Error('bad');
        return data.toString().slice(3);
      },
    };
    const vault = new Vault(file, { kind: 'os', os, allowPlainText: () => false });
    expect(await vault.open()).toMatchObject({ state: 'unavailable', resettable: true });
    expect(await vault.reset()).toMatchObject({ state: 'unlocked' });
    await vault.update({ 'top.appSecret': 'fresh-secret' });
    expect(vault.get('top.appSecret')).toBe('fresh-secret');
  });
});

describe('vault file changed while unlocked', () => {
  it('a deleted file is written back from memory; create never starts empty over live secrets', async () => {
    const file = vaultFile();
    const vault = new Vault(file, { kind: 'passphrase', scrypt: TEST_SCRYPT });
    await vault.create('passphrase-1');
    await vault.update({ 'top.appSecret': 'live-app-secret' });
    rmSync(file);

    expect(vault.status().state).toBe('unlocked');
    expect((await failure(() => vault.create('attacker-pass'))).code).toBe('CONFLICT');
    // Written back from memory in the background: wait for the file, not for a fixed time.
    await vi.waitFor(() => expect(existsSync(file)).toBe(true), { timeout: 10_000, interval: 20 });
    const reopened = new Vault(file, { kind: 'passphrase', scrypt: TEST_SCRYPT });
    await reopened.unlock('passphrase-1');
    expect(reopened.get('top.appSecret')).toBe('live-app-secret');
  });

  it('a replaced file wins: memory is dropped and the new file must be unlocked', async () => {
    const file = vaultFile();
    const vault = new Vault(file, { kind: 'passphrase', scrypt: TEST_SCRYPT });
    await vault.create('passphrase-1');
    await vault.update({ 'top.appSecret': 'old-secret' });
    const otherFile = vaultFile();
    const other = new Vault(otherFile, { kind: 'passphrase', scrypt: TEST_SCRYPT });
    await other.create('passphrase-2');
    await other.update({ 'top.appSecret': 'restored-secret' });
    writeFileSync(file, readFileSync(otherFile));

    expect(vault.status().state).toBe('locked');
    expect((await failure(() => vault.get('top.appSecret'))).code).toBe('VAULT_LOCKED');
    expect((await failure(() => vault.update({ 'top.appSecret': 'x-overwrite' }))).code).toBe('VAULT_LOCKED');
    await vault.unlock('passphrase-2');
    expect(vault.get('top.appSecret')).toBe('restored-secret');
  });
});

describe('vault KDF parameters from the file', () => {
  it.each([
    ['N above 2^17', { N: 1 << 18, r: 8, p: 1 }],
    ['N not a power of two', { N: 3000, r: 8, p: 1 }],
    ['r above 16', { N: 1024, r: 32, p: 1 }],
    ['p above 4', { N: 1024, r: 8, p: 8 }],
  ])('refuses %s with a clear VAULT_CORRUPT before deriving anything', async (_name, params) => {
    const file = vaultFile();
    const record = await sealWithPassphrase(Buffer.from('{}'), 'passphrase-1', TEST_SCRYPT);
    writeFileSync(file, JSON.stringify({ v: 1, backend: 'passphrase', record: { ...record, ...params } }));
    const scrypt = vi.mocked(crypto.scrypt);
    scrypt.mockClear();
    const error = await failure(() => new Vault(file, { kind: 'passphrase' }).unlock('passphrase-1'));
    expect(error.code).toBe('VAULT_CORRUPT');
    expect(error.message).toMatch(/密钥派生参数超出允许范围/);
    expect(scrypt).not.toHaveBeenCalled();
    // The observer works: a vault that is allowed to derive does call it.
    await new Vault(vaultFile(), { kind: 'passphrase', scrypt: TEST_SCRYPT }).create('p-123456789');
    expect(scrypt).toHaveBeenCalled();
  });
});

describe('unlock throttling', () => {
  it('after 5 failures each attempt waits exponentially longer, even with the right passphrase', async () => {
    const file = vaultFile();
    await new Vault(file, { kind: 'passphrase', scrypt: TEST_SCRYPT }).create('right-passphrase');
    let now = 1_000_000;
    const vault = new Vault(file, { kind: 'passphrase', scrypt: TEST_SCRYPT }, { now: () => now });
    for (let i = 0; i < UNLOCK_THROTTLE.freeAttempts; i++) expect((await failure(() => vault.unlock('wrong-passphrase'))).code).toBe('WRONG_PASSPHRASE');

    const blocked = await failure(() => vault.unlock('right-passphrase'));
    expect(blocked.code).toBe('FORBIDDEN');
    expect(blocked.message).toMatch(/口令错误次数过多，请 \d+ 秒后再试/);

    now += UNLOCK_THROTTLE.baseDelayMs;
    expect((await failure(() => vault.unlock('wrong-passphrase'))).code).toBe('WRONG_PASSPHRASE');
    now += UNLOCK_THROTTLE.baseDelayMs; // the wait doubled: still blocked
    expect((await failure(() => vault.unlock('right-passphrase'))).code).toBe('FORBIDDEN');
    now += UNLOCK_THROTTLE.baseDelayMs;
    expect((await vault.unlock('right-passphrase')).state).toBe('unlocked');

    // Success clears the count.
    vault.lock();
    expect((await failure(() => vault.unlock('wrong-passphrase'))).code).toBe('WRONG_PASSPHRASE');
    expect((await vault.unlock('right-passphrase')).state).toBe('unlocked');
  });
});

describe('durable writes', () => {
  it('writeFileDurably syncs the data before the rename and the directory after it', async () => {
    const file = vaultFile();
    const steps: string[] = [];
    const io: DurableIo = {
      open: async (path, flags, mode) => {
        steps.push(`open ${path === file + '.tmp' ? 'tmp' : path === join(file, '..') ? 'dir' : path} ${flags}${mode ? ` ${mode.toString(8)}` : ''}`);
        return {
          writeFile: async () => void steps.push('write'),
          sync: async () => void steps.push('fsync'),
          close: async () => void steps.push('close'),
        };
      },
      rename: async () => void steps.push('rename'),
    };
    await writeFileDurably(file, 'data', 0o600, io);
    expect(steps).toEqual(['open tmp w 600', 'write', 'fsync', 'close', 'rename', 'open dir r', 'fsync', 'close']);
  });

  it('the vault writes through it: 0600, no temp file left', async () => {
    const file = vaultFile();
    const vault = new Vault(file, { kind: 'passphrase', scrypt: TEST_SCRYPT });
    await vault.create('passphrase-1');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(() => statSync(`${file}.tmp`)).toThrow();
  });
});
