import { existsSync, readFileSync, renameSync, writeFileSync, mkdirSync, chmodSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { SECRET_NAMES, type SecretName } from '../../../shared/settings';
import type { VaultStatus } from '../../../shared/contract';
import { DEFAULT_SCRYPT, openWithPassphrase, PassphraseRecordSchema, sealWithPassphrase } from './passphrase-cipher';

/** OS encryption as the Electron shell provides it (safeStorage); core never imports electron. */
export interface OsEncryption {
  isAvailable(): boolean;
  /** Linux backend name ('basic_text', 'gnome_libsecret', 'kwallet5', …); 'os' elsewhere. */
  backendName(): string;
  encrypt(plain: string): Buffer;
  decrypt(data: Buffer): string;
}

export type VaultBackend =
  | { kind: 'passphrase'; scrypt?: { N: number; r: number; p: number } }
  | { kind: 'os'; os: OsEncryption; allowPlainText: () => boolean };

const SecretsSchema = z.object(Object.fromEntries(SECRET_NAMES.map((n) => [n, z.string().optional()])) as Record<SecretName, z.ZodOptional<z.ZodString>>).strict();
export type Secrets = Partial<Record<SecretName, string>>;

const VaultFileSchema = z.discriminatedUnion('backend', [
  z.object({ v: z.literal(1), backend: z.literal('passphrase'), record: PassphraseRecordSchema }),
  z.object({ v: z.literal(1), backend: z.literal('os'), osBackend: z.string(), data: z.string() }),
]);
type VaultFile = z.infer<typeof VaultFileSchema>;

/**
 * Holds the seller's secrets in memory only while unlocked and persists them encrypted.
 * Secrets leave this class only to core services (TOP client, MQ poller), never to the contract.
 */
export class Vault {
  private secrets: Secrets | null = null;
  private passphrase: string | null = null;
  private unavailableReason: string | undefined;
  private readonly changeListeners = new Set<() => void>();

  constructor(
    private readonly file: string,
    private readonly backend: VaultBackend,
  ) {
    if (backend.kind === 'os') this.tryOpenWithOs();
  }

  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  status(): VaultStatus {
    if (this.backend.kind === 'os') {
      const osBackend = this.backend.os.isAvailable() ? this.backend.os.backendName() : undefined;
      if (this.unavailableReason) return { state: 'unavailable', backend: 'os', osBackend, reason: this.unavailableReason };
      return { state: 'unlocked', backend: 'os', osBackend, plainText: osBackend === 'basic_text' };
    }
    if (!existsSync(this.file)) return { state: 'uninitialized', backend: 'passphrase' };
    return { state: this.secrets ? 'unlocked' : 'locked', backend: 'passphrase' };
  }

  isUnlocked(): boolean {
    return this.secrets !== null;
  }

  /** First run in the browser host / CLI: choose the passphrase. */
  create(passphrase: string): VaultStatus {
    this.requirePassphraseBackend();
    if (existsSync(this.file)) throw new AppError('CONFLICT', '保险箱已存在，请输入口令解锁。');
    this.passphrase = passphrase;
    this.secrets = {};
    this.persist();
    this.changed();
    return this.status();
  }

  unlock(passphrase: string): VaultStatus {
    this.requirePassphraseBackend();
    const file = this.readFile();
    if (!file) throw new AppError('VAULT_UNINITIALIZED', '尚未创建保险箱，请先设置口令。');
    if (file.backend !== 'passphrase') throw new AppError('VAULT_CORRUPT', '保险箱由桌面版（系统钥匙串）创建，请在桌面版中打开。');
    this.secrets = parseSecrets(openWithPassphrase(file.record, passphrase));
    this.passphrase = passphrase;
    this.changed();
    return this.status();
  }

  lock(): VaultStatus {
    if (this.backend.kind === 'passphrase') {
      this.secrets = null;
      this.passphrase = null;
      this.changed();
    }
    return this.status();
  }

  /** Re-evaluates the OS backend after the seller's basic_text opt-in. */
  reopen(): VaultStatus {
    if (this.backend.kind === 'os') {
      this.tryOpenWithOs();
      this.changed();
    }
    return this.status();
  }

  get(name: SecretName): string | undefined {
    return this.requireSecrets()[name];
  }

  /** Every stored secret value (for log redaction). Empty while locked. */
  values(): string[] {
    return Object.values(this.secrets ?? {}).filter((v): v is string => typeof v === 'string' && v.length > 0);
  }

  has(name: SecretName): boolean {
    return Boolean(this.secrets?.[name]);
  }

  /** Undefined entries are left as they are. */
  update(changes: Secrets): void {
    const current = this.requireSecrets();
    const next: Secrets = { ...current };
    for (const [name, value] of Object.entries(changes) as [SecretName, string | undefined][]) {
      if (value !== undefined) next[name] = value;
    }
    this.secrets = next;
    this.persist();
    this.changed();
  }

  private requirePassphraseBackend() {
    if (this.backend.kind !== 'passphrase') throw new AppError('BAD_REQUEST', '桌面版使用系统钥匙串保护密钥，无需口令。');
  }

  private requireSecrets(): Secrets {
    if (this.secrets) return this.secrets;
    const status = this.status();
    if (status.state === 'uninitialized') throw new AppError('VAULT_UNINITIALIZED', '尚未创建保险箱，请先设置口令。');
    if (status.state === 'unavailable') throw new AppError('VAULT_UNAVAILABLE', status.reason ?? '系统加密不可用。');
    throw new AppError('VAULT_LOCKED', '保险箱已锁定，请先输入口令解锁。');
  }

  private tryOpenWithOs() {
    if (this.backend.kind !== 'os') return;
    const { os, allowPlainText } = this.backend;
    this.secrets = null;
    this.unavailableReason = undefined;
    if (!os.isAvailable()) {
      this.unavailableReason = '系统加密不可用（未找到系统钥匙串），无法安全保存密钥。';
      return;
    }
    if (os.backendName() === 'basic_text' && !allowPlainText()) {
      this.unavailableReason =
        '本机没有可用的系统钥匙串（gnome-keyring / KWallet），密钥只能以固定口令“加密”，等同明文。请安装并解锁钥匙串后重启，或以 --password-store=gnome-libsecret 启动；也可以明确同意以明文方式保存。';
      return;
    }
    const file = this.readFile();
    if (!file) {
      this.secrets = {};
      return;
    }
    if (file.backend !== 'os') {
      this.unavailableReason = '保险箱由浏览器版（口令加密）创建，桌面版无法直接读取。';
      return;
    }
    try {
      this.secrets = parseSecrets(Buffer.from(os.decrypt(Buffer.from(file.data, 'base64')), 'utf8'));
    } catch (error) {
      if (error instanceof AppError) throw error;
      this.unavailableReason = '无法用系统钥匙串解密已保存的密钥（钥匙串可能已更换）。请重新填写密钥。';
    }
  }

  private readFile(): VaultFile | null {
    if (!existsSync(this.file)) return null;
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch {
      throw new AppError('VAULT_CORRUPT', `保险箱文件已损坏（不是有效的 JSON）：${this.file}`);
    }
    const parsed = VaultFileSchema.safeParse(raw);
    if (!parsed.success) throw new AppError('VAULT_CORRUPT', `保险箱文件格式不正确：${this.file}`);
    return parsed.data;
  }

  private persist() {
    const plain = Buffer.from(JSON.stringify(this.secrets ?? {}), 'utf8');
    let file: VaultFile;
    if (this.backend.kind === 'passphrase') {
      if (!this.passphrase) throw new AppError('VAULT_LOCKED', '保险箱已锁定。');
      file = { v: 1, backend: 'passphrase', record: sealWithPassphrase(plain, this.passphrase, this.backend.scrypt ?? DEFAULT_SCRYPT) };
    } else {
      const { os } = this.backend;
      file = { v: 1, backend: 'os', osBackend: os.backendName(), data: os.encrypt(plain.toString('utf8')).toString('base64') };
    }
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(file), { mode: 0o600 });
    renameSync(tmp, this.file);
    chmodSync(this.file, 0o600);
  }

  private changed() {
    for (const listener of this.changeListeners) listener();
  }
}

function parseSecrets(plain: Buffer): Secrets {
  let raw: unknown;
  try {
    raw = JSON.parse(plain.toString('utf8'));
  } catch {
    throw new AppError('VAULT_CORRUPT', '保险箱内容无法解析。');
  }
  const parsed = SecretsSchema.safeParse(raw);
  if (!parsed.success) throw new AppError('VAULT_CORRUPT', '保险箱内容格式不正确。');
  return parsed.data;
}
