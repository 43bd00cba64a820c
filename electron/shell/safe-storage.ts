import type { SafeStorage } from 'electron';
import type { OsEncryption } from '../core/vault/vault';

/** safeStorage's async API (the sync one is deprecated in Electron 45 and removed in 46). */
export function osEncryptionFromSafeStorage(safeStorage: SafeStorage, platform: NodeJS.Platform = process.platform): OsEncryption {
  return {
    isAvailable: () => safeStorage.isAsyncEncryptionAvailable(),
    backendName: () => (platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os'),
    encrypt: (plain) => safeStorage.encryptStringAsync(plain),
    decrypt: async (data) => (await safeStorage.decryptStringAsync(data)).result,
  };
}
