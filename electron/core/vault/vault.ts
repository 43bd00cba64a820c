import { existsSync, statSync, type Stats } from 'node:fs';
import { chmod, readFile, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { SECRET_NAMES, type SecretName } from '../../../shared/settings/schema';
import type { VaultStatus } from '../../../shared/vault/contract';
import { ensurePrivateDir, writeFileDurably, type DurableIo } from '../profile-files';
import { DEFAULT_SCRYPT, openWithPassphrase, PassphraseRecordSchema, sealWithPassphrase } from './passphrase-cipher';
import { storageError } from '../storage-errors';

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
  | {
      kind: 'os';
      os: OsEncryption;
      allowPlainText: () => boolean;
      /** Asks the seller in a native dialog (main process) whether basic_text storage is acceptable. Absent = never. */
      confirmPlainText?: () => Promise<boolean>;
    };

/** The two groups of secrets, each bound to the origin (scheme://host:port) it was entered for. */
export type SecretSection = 'top' | 'mq';
/** The secrets that must be typed again before a section's origin may change (identifiers like the App Key may stay). */
const REBIND_SECRETS: Record<SecretSection, readonly SecretName[]> = {
  top: ['top.appSecret', 'top.session'],
  mq: ['mq.accessKeyId', 'mq.accessKeySecret'],
};
const REBIND_MESSAGE: Record<SecretSection, string> = {
  top: '更换网关地址需要重新输入 App Secret 和 sessionKey。',
  mq: '更换 MQ 接入点需要重新输入 AccessKey ID 和 AccessKey Secret。',
};

const SecretFields = Object.fromEntries(SECRET_NAMES.map((n) => [n, z.string().optional()])) as Record<SecretName, z.ZodOptional<z.ZodString>>;
/** Plaintext inside the encrypted file: the secrets plus the origins they are bound to (absent in files written before binding). */
const ContentsSchema = z.object({ ...SecretFields, origins: z.object({ top: z.string().optional(), mq: z.string().optional() }).strict().optional() }).strict();
export type Secrets = Partial<Record<SecretName, string>>;
const IDENTIFIER_NAMES: ReadonlySet<SecretName> = new Set(['top.appKey', 'mq.accessKeyId']);
type Origins = Partial<Record<SecretSection, string>>;

export interface VaultOptions {
  now?: () => number;
  /** File operations of the durable write (tests pass one that fails like a full disk). */
  io?: DurableIo;
}

/** Unlock throttling: free attempts, then an exponential wait, per vault file and process. */
export const UNLOCK_THROTTLE = { freeAttempts: 5, baseDelayMs: 2_000, maxDelayMs: 5 * 60_000 } as const;
const unlockFailures = new Map<string, { failures: number; blockedUntil: number }>();

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
  private origins: Origins = {};
  private passphrase: string | null = null;
  private unavailableReason: string | undefined;
  /** The OS backend found a file it cannot read (other backend, changed keychain, damaged): 重置 is the way out. */
  private unreadableFile = false;
  private osBackendName: string | undefined;
  private readonly changeListeners = new Set<(cause: 'vault' | 'file') => void>();
  /** Serialises writes so two saves never interleave their read-modify-write. */
  private writing: Promise<void> = Promise.resolve();
  private pendingWrites = 0;
  /** Identity of the file the in-memory secrets came from or were last written to. */
  private fileIdentity: Pick<Stats, 'ino' | 'size' | 'mtimeMs'> | null = null;
  private readonly now: () => number;

  private readonly io: DurableIo | undefined;

  constructor(
    private readonly file: string,
    private readonly backend: VaultBackend,
    options: VaultOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.io = options.io;
  }

  /** OS backend: decrypts what is stored (or starts empty). No-op for the passphrase backend. */
  async open(): Promise<VaultStatus> {
    if (this.backend.kind === 'os') await this.openWithOs();
    return this.status();
  }

  /** cause 'file': the vault file was deleted or replaced behind our back and memory followed the file. */
  onChange(listener: (cause: 'vault' | 'file') => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  status(): VaultStatus {
    this.syncWithFile();
    if (this.backend.kind === 'os') {
      const osBackend = this.osBackendName;
      if (this.unavailableReason)
        return { state: 'unavailable', backend: 'os', osBackend, reason: this.unavailableReason, ...(this.unreadableFile ? { resettable: true } : {}) };
      if (!this.secrets) return { state: 'locked', backend: 'os', osBackend };
      return { state: 'unlocked', backend: 'os', osBackend, plainText: osBackend === 'basic_text' };
    }
    // Unlocked secrets win over a missing file: syncWithFile is already writing them back.
    if (this.secrets) return { state: 'unlocked', backend: 'passphrase' };
    if (!existsSync(this.file)) return { state: 'uninitialized', backend: 'passphrase' };
    return { state: 'locked', backend: 'passphrase', resettable: true };
  }

  isUnlocked(): boolean {
    this.syncWithFile();
    return this.secrets !== null;
  }

  /** First run in the browser host / CLI: choose the passphrase. */
  async create(passphrase: string): Promise<VaultStatus> {
    this.requirePassphraseBackend();
    // Never start empty over live secrets, even if their file just vanished.
    if (this.secrets || existsSync(this.file)) throw new AppError('CONFLICT', '保险箱已存在，请输入口令解锁。');
    this.passphrase = passphrase;
    this.secrets = {};
    this.origins = {};
    await this.persist();
    this.changed();
    return this.status();
  }

  async unlock(passphrase: string): Promise<VaultStatus> {
    this.requirePassphraseBackend();
    this.checkUnlockThrottle();
    const file = await this.readFile();
    if (!file) throw new AppError('VAULT_UNINITIALIZED', MSG_UNINITIALIZED);
    const contents = file.contents;
    if (contents.backend !== 'passphrase') throw new AppError('VAULT_CORRUPT', '保险箱由桌面版（系统钥匙串）创建，请在桌面版中打开。');
    let plain: Buffer;
    try {
      plain = await openWithPassphrase(contents.record, passphrase);
    } catch (error) {
      if (error instanceof AppError && error.code === 'WRONG_PASSPHRASE') this.recordUnlockFailure();
      throw error;
    }
    unlockFailures.delete(this.throttleKey());
    this.load(parseContents(plain));
    this.fileIdentity = file.identity;
    this.passphrase = passphrase;
    this.changed();
    return this.status();
  }

  lock(): VaultStatus {
    if (this.backend.kind === 'passphrase' && this.secrets) {
      this.forget();
      this.changed();
    }
    return this.status();
  }

  /**
   * 重置保险箱: deletes the vault file, i.e. only the secrets (templates, history and settings live elsewhere).
   * Passphrase backend: back to 'uninitialized' (choose a new passphrase). OS backend: an empty, usable vault.
   */
  async reset(): Promise<VaultStatus> {
    await this.writing;
    await rm(this.file, { force: true });
    this.forget();
    this.unreadableFile = false;
    unlockFailures.delete(this.throttleKey());
    if (this.backend.kind === 'os') await this.openWithOs();
    this.changed();
    return this.status();
  }

  /** Linux basic_text: true only when the seller said yes in main's own dialog (never on the renderer's word). */
  async confirmPlainText(): Promise<boolean> {
    if (this.backend.kind !== 'os' || !this.backend.confirmPlainText) return false;
    return this.backend.confirmPlainText();
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
    this.syncWithFile();
    return this.requireSecrets()[name];
  }

  /** The origin a section's secrets were entered for; undefined for files written before binding existed. */
  boundOrigin(section: SecretSection): string | undefined {
    return this.secrets ? this.origins[section] : undefined;
  }

  /**
   * Throws FORBIDDEN unless the section's stored secrets may be used with `origin`: it is the origin they were
   * entered for, or `supplied` re-enters all of them. `legacyOrigin` stands in for files without a binding.
   */
  assertOriginAllowed(section: SecretSection, origin: string, supplied: Secrets, legacyOrigin?: string): void {
    const stored = this.requireSecrets();
    const bound = this.origins[section] ?? legacyOrigin;
    const names = REBIND_SECRETS[section];
    const holdsSecrets = names.some((n) => Boolean(stored[n]));
    if (!holdsSecrets || bound === undefined || bound === origin) return;
    if (names.every((n) => Boolean(supplied[n]))) return;
    throw new AppError('FORBIDDEN', REBIND_MESSAGE[section]);
  }

  /**
   * At call time: stored secrets go only to the origin they were bound to. Editing settings.json (or a JST_*_GATEWAY /
   * ENDPOINT override without the secrets themselves) must not carry the sessionKey or the MQ signature elsewhere.
   * Vaults written before binding have no origin to compare (they were bound when next saved).
   */
  assertStoredSecretsMayGo(section: SecretSection, origin: string): void {
    const bound = this.boundOrigin(section);
    if (bound === undefined || bound === origin) return;
    const where = section === 'top' ? '“设置 → 淘宝开放平台”重新输入 App Secret 和 sessionKey' : '“设置 → 消息队列”重新输入 AccessKey ID 和 AccessKey Secret';
    throw new AppError(
      'FORBIDDEN',
      `当前地址 ${origin} 与保存密钥时的地址 ${bound} 不一致，为安全起见已保存的密钥不会发往新地址。确认新地址可信后，请在${where}。`,
      { detail: { bound, origin } },
    );
  }

  /**
   * Saves a section's secrets bound to `origin` (undefined entries keep their stored value). The origin check and
   * the in-memory update happen synchronously, before the returned write, so two saves cannot interleave them.
   */
  updateSection(section: SecretSection, origin: string, changes: Secrets, legacyOrigin?: string): Promise<void> {
    this.syncWithFile();
    this.assertOriginAllowed(section, origin, changes, legacyOrigin);
    const previousOrigins = this.origins;
    this.origins = { ...this.origins, [section]: origin };
    return this.update(changes).catch((error: unknown) => {
      if (this.origins[section] === origin) this.origins = previousOrigins;
      throw error;
    });
  }

  /** Vault values split for redactOutbound: identifiers (App Key, AccessKey ID) are cut only as whole tokens. */
  outboundSecrets(): { secrets: string[]; identifiers: string[] } {
    const all = Object.entries(this.secrets ?? {}) as [SecretName, string | undefined][];
    const pick = (identifier: boolean) => all.filter(([n, v]) => Boolean(v) && IDENTIFIER_NAMES.has(n) === identifier).map(([, v]) => v!);
    return { secrets: pick(false), identifiers: pick(true) };
  }

  /** Every stored secret value (for log redaction). Empty while locked. */
  values(): string[] {
    return Object.values(this.secrets ?? {}).filter((v): v is string => typeof v === 'string' && v.length > 0);
  }

  /** Undefined entries keep their stored value. */
  update(changes: Secrets): Promise<void> {
    this.syncWithFile();
    let next: Secrets;
    try {
      next = { ...this.requireSecrets() };
    } catch (error) {
      return Promise.reject(error);
    }
    for (const [name, value] of Object.entries(changes) as [SecretName, string | undefined][]) {
      if (value !== undefined) next[name] = value;
    }
    const previous = this.secrets;
    this.secrets = next;
    return this.persist().then(
      () => this.changed(),
      (error: unknown) => {
        // Memory must not hold secrets the file does not: a restart would silently bring the old ones back.
        if (this.secrets === next) this.secrets = previous;
        throw storageError(error) ?? error;
      },
    );
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
    this.forget();
    this.unavailableReason = undefined;
    this.unreadableFile = false;
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
    const unreadable = (reason: string) => {
      this.unavailableReason = `${reason}可以“重置保险箱”后重新填写密钥。`;
      this.unreadableFile = true;
    };
    let file: { contents: VaultFile; identity: Stats } | null;
    try {
      file = await this.readFile();
    } catch (error) {
      if (error instanceof AppError && error.code === 'VAULT_CORRUPT') return unreadable(`${error.message}。`);
      throw error;
    }
    if (!file) {
      this.secrets = {};
      return;
    }
    if (file.contents.backend !== 'os') return unreadable('保险箱由浏览器版（口令加密）创建，桌面版无法直接读取。');
    let plain: string;
    try {
      plain = await os.decrypt(Buffer.from(file.contents.data, 'base64'));
    } catch {
      return unreadable('无法用系统钥匙串解密已保存的密钥（钥匙串可能已更换）。');
    }
    try {
      this.load(parseContents(Buffer.from(plain, 'utf8')));
    } catch (error) {
      if (error instanceof AppError) return unreadable(`${error.message}`);
      throw error;
    }
    this.fileIdentity = file.identity;
  }

  private async readFile(): Promise<{ contents: VaultFile; identity: Stats } | null> {
    let text: string;
    let identity: Stats;
    try {
      identity = statSync(this.file);
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
    return { contents: parsed.data, identity };
  }

  private load(contents: z.infer<typeof ContentsSchema>) {
    const { origins, ...secrets } = contents;
    this.secrets = secrets;
    this.origins = origins ?? {};
  }

  private forget() {
    this.secrets = null;
    this.origins = {};
    this.passphrase = null;
    this.fileIdentity = null;
  }

  /**
   * Keeps memory and file in agreement when someone else touched the file while we are unlocked:
   * deleted → the live secrets are written back (a later 'create' must not start empty over them);
   * replaced → memory is dropped and the new file is what counts (unlock it, or 重置保险箱).
   */
  private syncWithFile() {
    if (!this.secrets || this.pendingWrites > 0 || !this.fileIdentity) return;
    const now = statSync(this.file, { throwIfNoEntry: false });
    if (!now) {
      void this.persist().then(
        () => this.changed('file'),
        () => undefined,
      );
      return;
    }
    const known = this.fileIdentity;
    if (now.ino === known.ino && now.size === known.size && now.mtimeMs === known.mtimeMs) return;
    this.forget();
    if (this.backend.kind === 'os')
      void this.openWithOs().then(
        () => this.changed('file'),
        () => this.changed('file'),
      );
    else this.changed('file');
  }

  private throttleKey() {
    return resolve(this.file);
  }

  private checkUnlockThrottle() {
    const entry = unlockFailures.get(this.throttleKey());
    const waitMs = entry ? entry.blockedUntil - this.now() : 0;
    if (waitMs > 0) {
      throw new AppError('FORBIDDEN', `口令错误次数过多，请 ${Math.ceil(waitMs / 1000)} 秒后再试。`, {
        detail: { retryAfterSeconds: Math.ceil(waitMs / 1000) },
      });
    }
  }

  private recordUnlockFailure() {
    const key = this.throttleKey();
    const failures = (unlockFailures.get(key)?.failures ?? 0) + 1;
    const over = failures - UNLOCK_THROTTLE.freeAttempts;
    const delay = over < 0 ? 0 : Math.min(UNLOCK_THROTTLE.maxDelayMs, UNLOCK_THROTTLE.baseDelayMs * 2 ** over);
    unlockFailures.set(key, { failures, blockedUntil: this.now() + delay });
  }

  private persist(): Promise<void> {
    const snapshot = JSON.stringify({ ...(this.secrets ?? {}), origins: this.origins });
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
      ensurePrivateDir(dirname(this.file));
      // fsync, then rename: a crash or power cut never leaves a half vault behind.
      await writeFileDurably(this.file, JSON.stringify(file), 0o600, this.io);
      await chmod(this.file, 0o600);
      this.fileIdentity = statSync(this.file);
    };
    this.pendingWrites++;
    const run = this.writing.then(write, write).finally(() => this.pendingWrites--);
    this.writing = run.catch(() => undefined);
    return run;
  }

  private changed(cause: 'vault' | 'file' = 'vault') {
    for (const listener of this.changeListeners) listener(cause);
  }
}

function parseContents(plain: Buffer): z.infer<typeof ContentsSchema> {
  let raw: unknown;
  try {
    raw = JSON.parse(plain.toString('utf8'));
  } catch {
    throw new AppError('VAULT_CORRUPT', '保险箱内容无法解析。');
  }
  const parsed = ContentsSchema.safeParse(raw);
  if (!parsed.success) throw new AppError('VAULT_CORRUPT', '保险箱内容格式不正确。');
  return parsed.data;
}
