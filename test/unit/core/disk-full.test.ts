// Issue 16 audit: a full disk made settings.saveTop answer INTERNAL and then crashed the process on an unhandled
// ENOSPC from the vault write, with the new secrets already in memory. Now: the write is awaited, memory rolls
// back, and every write failure says 磁盘空间不足 (or names the unwritable profile) — nothing unhandled.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { open, rename } from 'node:fs/promises';
import { AppError } from '../../../shared/errors';
import type { DurableIo } from '../../../electron/core/profile-files';
import { openNodeSettingsStore, type KeyValueStore } from '../../../electron/core/settings';
import { storageError } from '../../../electron/core/storage-errors';
import { Vault } from '../../../electron/core/vault/vault';
import { TEST_SCRYPT, tempDir, testCore } from '../../helpers/profile';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });

/** Real file operations until `full` is set; then every write fails like a full disk. */
function fillableDisk() {
  const disk = { full: false };
  const io: DurableIo = {
    open: async (path, flags, mode) => {
      const handle = await open(path, flags, mode);
      return {
        writeFile: async (data: Parameters<typeof handle.writeFile>[0]) => {
          if (disk.full && flags === 'w') throw enospc();
          return handle.writeFile(data);
        },
        sync: () => handle.sync(),
        close: () => handle.close(),
      };
    },
    rename,
  };
  return { disk, io };
}

const TOP = {
  appKey: '12345678',
  appSecret: 'first-app-secret',
  session: 'first-session-key',
  gatewayUrl: 'https://eco.taobao.com/router/rest',
  signMethod: 'hmac-sha256' as const,
};

describe('a full disk', () => {
  it('vault: the failed write is reported as 磁盘空间不足 and memory keeps what the file holds', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const file = join(t.dir, 'vault.json');
    const { disk, io } = fillableDisk();
    const vault = new Vault(file, { kind: 'passphrase', scrypt: TEST_SCRYPT }, { io });
    await vault.create('a-long-passphrase');
    await vault.updateSection('top', 'https://eco.taobao.com', { 'top.appKey': '12345678', 'top.appSecret': 'old-secret' });
    const before = readFileSync(file, 'utf8');

    disk.full = true;
    const error = await vault
      .updateSection('top', 'https://gw.api.taobao.com', { 'top.appSecret': 'new-secret', 'top.session': 'new-session' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'STORAGE', message: expect.stringContaining('磁盘空间不足') });
    expect(vault.get('top.appSecret')).toBe('old-secret');
    expect(readFileSync(file, 'utf8')).toBe(before);

    // The origin binding rolled back too: the old gateway still works without re-typing, the new one still asks.
    disk.full = false;
    await vault.updateSection('top', 'https://eco.taobao.com', { 'top.appKey': '12345678' });
    await expect((async () => vault.updateSection('top', 'https://gw.api.taobao.com', { 'top.appKey': '12345678' }))()).rejects.toThrow(/重新输入/);
  });

  it('settings.saveTop through the contract: STORAGE envelope, settings unchanged, no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    cleanups.push(() => process.off('unhandledRejection', onUnhandled));

    const t0 = tempDir();
    cleanups.push(t0.cleanup);
    const real = openNodeSettingsStore(t0.dir, 'settings');
    const store = {
      full: false as boolean,
      get store() {
        return real.store;
      },
      set(key: string, value: unknown) {
        if (store.full) throw enospc();
        real.set(key, value);
      },
    } satisfies KeyValueStore & { full: boolean };
    const t = await testCore({ settingsStore: store });
    cleanups.push(t.cleanup);
    await t.core.dispatch('vault.create', { passphrase: 'a-long-passphrase' });
    expect(await t.core.dispatch('settings.saveTop', TOP)).toMatchObject({ ok: true });

    store.full = true;
    const reply = await t.core.dispatch('settings.saveTop', { ...TOP, signMethod: 'md5' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'STORAGE', message: expect.stringContaining('磁盘空间不足') } });
    await new Promise((r) => setImmediate(r));
    expect(unhandled).toEqual([]);
    store.full = false;
    expect(await t.core.dispatch('settings.get', {})).toMatchObject({ ok: true, result: { top: { signMethod: 'hmac-sha256' } } });
  });

  it('maps disk and SQLite codes to one storage error, and nothing else', () => {
    expect(storageError(enospc())).toMatchObject({ code: 'STORAGE', message: expect.stringContaining('磁盘空间不足') });
    expect(storageError(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }))?.message).toContain('磁盘空间不足');
    expect(storageError(Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_WRITE' }))?.message).toContain('SQLITE_IOERR');
    expect(storageError(Object.assign(new Error('read-only'), { code: 'EROFS' }))?.code).toBe('STORAGE');
    expect(storageError(new Error('x'))).toBeNull();
    expect(storageError(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBeNull();
  });
});
