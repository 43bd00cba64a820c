import { existsSync, mkdirSync } from 'node:fs';
import { chmod, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { SECRET_NAMES, type SecretName } from '../../../shared/settings';
import type { VaultStatus } from '../../../shared/contract';
import { DEFAULT_SCRYPT, openWithPassphrase, PassphraseRecordSchema, sealWithPassphrase } from './passphrase-cipher';

/** OS encryption as the Electron shell provides it (safeStorage's async API); core never imports electron. */
export interface OsEncryption {
  isAvailable(): Promise<boolean>;
  /** Linux backend name ('basic_text', 'gnome_libsecret', 'kwallet5', …); 'os' elsewhere. */
  backendName(): string;
  encrypt(plain: string): Promise<Buffer>;
  decrypt(data: Buffer): Promise<string>;
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

const MSG_UNINITIALIZED = '尚未创建保险箱，请先设置口令。';

/**
 * Holds the seller's secrets in memory only while unlocked and persists them encrypted.
 * Secrets leave this class only to core services (TOP client, MQ poller), never to the contract.
 */
export class Vault {
  private secrets: Secrets | null = null;
  private passphrase: string | null = null;
  private unavailableReason: string | undefined;
  private osBackendName: string | undefined;
  private readonly changeListeners = new Set<() => void>();
  /** Serialises writes so two saves never interleave their read-modify-write. */
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly backend: VaultBackend,
  ) {}

  /** OS backend: decrypts what is stored (or starts empty). No-op for the passphrase backend. */
  async open(): Promise<VaultStatus> {
    if (this.backend.kind === 'os') await this.openWithOs();
    return this.status();
  }

  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  status(): VaultStatus {
    if (this.backend.kind === 'os') {
      const osBackend = this.osBackendName;
      if (this.unavailableReason) return { state: 'unavailable', backend: 'os', osBackend, reason: this.unavailableReason };
      if (!this.secrets) return { state: 'locked', backend: 'os', osBackend };
      return { state: 'unlocked', backend: 'os', osBackend, plainText: osBackend === 'basic_text' };
    }
    if (!existsSync(this.file)) return { state: 'uninitialized', backend: 'passphrase' };
    return { state: this.secrets ? 'unlocked' : 'locked', backend: 'passphrase' };
  }

  isUnlocked(): boolean {
    return this.secrets !== null;
  }

  /** First run in the browser host / CLI: choose the passphrase. */
  async create(passphrase: string): Promise<VaultStatus> {
    this.requirePassphraseBackend();
    if (existsSync(this.file)) throw new AppError('CONFLICT', '保险箱已存在，请输入口令解锁。');
    this.passphrase = passphrase;
    this.secrets = {};
    await this.persist();
    this.changed();
    return this.status();
  }

  async unlock(passphrase: string): Promise<VaultStatus> {
    this.requirePassphraseBackend();
    const file = await this.readFile();
    if (!file) throw new AppError('VAULT_UNINITIALIZED', MSG_UNINITIALIZED);
    if (file.backend !== 'passphrase') throw new AppError('VAULT_CORRUPT', '保险箱由桌面版（系统钥匙串）创建，请在桌面版中打开。');
    this.secrets = parseSecrets(await openWithPassphrase(file.record, passphrase));
    this.passphrase = passphrase;
    this.changed();
    return this.status();
  }

  lock(): VaultStatus {
    if (this.backend.kind === 'passphrase' && this.secrets) {
      this.secrets = null;
      this.passphrase = null;
      this.changed();
    }
    return this.status();
  }

  /** Re-evaluates the OS backend, e.g. after the seller's basic_text opt-in. */
  async reopen(): Promise<VaultStatus> {
    if (this.backend.kind === 'os') {
      await this.openWithOs();
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

  /** Undefined entries keep their stored value. */
  async update(changes: Secrets): Promise<void> {
    const next: Secrets = { ...this.requireSecrets() };
    for (const [name, value] of Object.entries(changes) as [SecretName, string | undefined][]) {
      if (value !== undefined) next[name] = value;
    }
    this.secrets = next;
    await this.persist();
    this.changed();
  }

  private requirePassphraseBackend() {
    if (this.backend.kind !== 'passphrase') throw new AppError('BAD_REQUEST', '桌面版使用系统钥匙串保护密钥，无需口令。');
  }

  private requireSecrets(): Secrets {
    if (this.secrets) return this.secrets;
    const status = this.status();
    if (status.state === 'uninitialized') throw new AppError('VAULT_UNINITIALIZED', MSG_UNINITIALIZED);
    if (status.state === 'unavailable') throw new AppError('VAULT_UNAVAILABLE', status.reason ?? '系统加密不可用。');
    throw new AppError('VAULT_LOCKED', '保险箱已锁定，请先输入口令解锁。');
  }

  private async openWithOs() {
    if (this.backend.kind !== 'os') return;
    const { os, allowPlainText } = this.backend;
    this.secrets = null;
    this.unavailableReason = undefined;
    if (!(await os.isAvailable())) {
      this.unavailableReason = '系统加密不可用（未找到系统钥匙串），无法安全保存密钥。';
      return;
    }
    this.osBackendName = os.backendName();
    if (this.osBackendName === 'basic_text' && !allowPlainText()) {
      this.unavailableReason =
        '本机没有可用的系统钥匙串（gnome-keyring / KWallet），密钥只能以固定口令“加密”，等同明文。请安装并解锁钥匙串后重启，或以 --password-store=gnome-libsecret 启动；也可以明确同意以明文方式保存。';
      return;
    }
    const file = await this.readFile();
    if (!file) {
      this.secrets = {};
      return;
    }
    if (file.backend !== 'os') {
      this.unavailableReason = '保险箱由浏览器版（口令加密）创建，桌面版无法直接读取。';
      return;
    }
    let plain: string;
    try {
      plain = await os.decrypt(Buffer.from(file.data, 'base64'));
    } catch {
      this.unavailableReason = '无法用系统钥匙串解密已保存的密钥（钥匙串可能已更换）。请重新填写密钥。';
      return;
    }
    this.secrets = parseSecrets(Buffer.from(plain, 'utf8'));
  }

  private async readFile(): Promise<VaultFile | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      throw new AppError('VAULT_CORRUPT', `保险箱文件已损坏（不是有效的 JSON）：${this.file}`);
    }
    const parsed = VaultFileSchema.safeParse(raw);
    if (!parsed.success) throw new AppError('VAULT_CORRUPT', `保险箱文件格式不正确：${this.file}`);
    return parsed.data;
  }

  private persist(): Promise<void> {
    const snapshot = JSON.stringify(this.secrets ?? {});
    const passphrase = this.passphrase;
    const write = async () => {
      const plain = Buffer.from(snapshot, 'utf8');
      let file: VaultFile;
      if (this.backend.kind === 'passphrase') {
        if (!passphrase) throw new AppError('VAULT_LOCKED', '保险箱已锁定。');
        file = { v: 1, backend: 'passphrase', record: await sealWithPassphrase(plain, passphrase, this.backend.scrypt ?? DEFAULT_SCRYPT) };
      } else {
        const { os } = this.backend;
        file = { v: 1, backend: 'os', osBackend: os.backendName(), data: (await os.encrypt(snapshot)).toString('base64') };
      }
      mkdirSync(dirname(this.file), { recursive: true });
      // Write-then-rename: a crash mid-write never leaves a half vault behind.
      const tmp = `${this.file}.tmp`;
      await writeFile(tmp, JSON.stringify(file), { mode: 0o600 });
      await rename(tmp, this.file);
      await chmod(this.file, 0o600);
    };
    const run = this.writing.then(write, write);
    this.writing = run.catch(() => undefined);
    return run;
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
