import { z } from 'zod';
import { NoInput, request } from '../contract-kit';
import { VAULT_RESET_PHRASES } from './phrases';

// The secrets vault: OS keychain (Electron safeStorage) or a passphrase file (browser host, AES-256-GCM + scrypt).

export type VaultState = 'uninitialized' | 'locked' | 'unlocked' | 'unavailable';
export interface VaultStatus {
  state: VaultState;
  /** os = Electron safeStorage (DPAPI / Keychain / libsecret); passphrase = AES-256-GCM, scrypt key. */
  backend: 'os' | 'passphrase';
  /** OS backend name when known, e.g. 'gnome_libsecret', 'basic_text'. */
  osBackend?: string;
  /** Human-readable reason when state is 'unavailable'. */
  reason?: string;
  /** True while secrets are stored with Linux basic_text after the seller's opt-in. */
  plainText?: boolean;
  /** A vault file exists that cannot be opened now (locked, or undecryptable): 重置保险箱 can remove its secrets. */
  resettable?: boolean;
}

const Passphrase = z.string().min(8, 'at least 8 characters').max(1024);

export const vaultRequests = {
  'vault.status': request<VaultStatus>()(NoInput),
  'vault.create': request<VaultStatus>()(z.object({ passphrase: Passphrase }).strict()),
  'vault.unlock': request<VaultStatus>()(z.object({ passphrase: z.string().min(1).max(1024) }).strict()),
  'vault.lock': request<VaultStatus>()(NoInput),
  /** Linux: asks main to show its native dialog about basic_text storage; only the seller's answer there switches it. */
  'vault.allowPlainText': request<VaultStatus>()(z.object({ confirm: z.literal(true) }).strict()),
  /** 重置保险箱: removes only the secrets (templates, history, settings stay); the seller types the phrase. */
  'vault.reset': request<VaultStatus>()(z.object({ confirmation: z.enum([VAULT_RESET_PHRASES['zh-CN'], VAULT_RESET_PHRASES.en]) }).strict()),
} as const;
