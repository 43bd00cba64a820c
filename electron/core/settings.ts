import { statSync } from 'node:fs';
import Conf from 'conf';
import { AppSettingsSchema, type AppSettings } from '../../shared/settings/schema';

/** The part of conf's API we use; electron-store (a Conf subclass) fits it too. */
export interface KeyValueStore {
  readonly store: Record<string, unknown>;
  set(key: string, value: unknown): void;
  /** The file behind the store (conf, electron-store): lets a reader tell cheaply whether it changed. */
  readonly path?: string;
}

/**
 * Plain Node (browser host, CLI, tests): conf in the profile directory. conf writes through `atomically`
 * (temp file, fsync, rename), so a crash never leaves half a settings file; 0600 like every profile file.
 */
export function openNodeSettingsStore(profileDir: string, name = 'settings'): KeyValueStore {
  return new Conf<Record<string, unknown>>({
    cwd: profileDir,
    configName: name,
    projectName: 'jst-sms-desk',
    projectVersion: '1',
    configFileMode: SETTINGS_FILE_MODE,
  });
}
export const SETTINGS_FILE_MODE = 0o600;

/**
 * Typed settings over a key-value store; anything unparseable falls back to defaults, never throws.
 * Reading conf's `store` reads and parses the file, and the schema parse is not free either, while hot paths (each
 * consumed MQ batch, each send) ask often: the parsed value is kept until the file changes (conf replaces it by an
 * atomic rename, so a write always changes the inode), or for a store without a file until its object changes.
 * The value is frozen: it is shared by every reader.
 */
export class Settings {
  private cached: { key: unknown; value: AppSettings } | null = null;

  constructor(private readonly store: KeyValueStore) {}

  get(): AppSettings {
    const fileKey = this.fileKey();
    if (fileKey !== null && this.cached?.key === fileKey) return this.cached.value;
    const raw = this.store.store;
    if (fileKey === null && this.cached?.key === raw) return this.cached.value;
    const value = deepFreeze(this.parse(raw));
    // A store without a file is keyed by its object (set replaces it); one whose file vanished is not cached.
    this.cached = fileKey !== null ? { key: fileKey, value } : typeof this.store.path === 'string' ? null : { key: raw, value };
    return value;
  }

  update<K extends keyof AppSettings>(key: K, value: AppSettings[K]): AppSettings {
    this.store.set(key, AppSettingsSchema.shape[key].parse(value));
    this.cached = null;
    return this.get();
  }

  private fileKey(): string | null {
    if (typeof this.store.path !== 'string') return null;
    try {
      const st = statSync(this.store.path, { bigint: true });
      return `${st.ino}:${st.mtimeNs}:${st.size}`;
    } catch {
      return null;
    }
  }

  private parse(raw: Record<string, unknown>): AppSettings {
    const parsed = AppSettingsSchema.safeParse(raw);
    if (parsed.success) return parsed.data;
    // Keep what is valid section by section rather than dropping everything.
    const section = <K extends keyof AppSettings>(key: K): AppSettings[K] => {
      const one = AppSettingsSchema.shape[key].safeParse(raw[key]);
      return (one.success ? one.data : AppSettingsSchema.shape[key].parse(undefined)) as AppSettings[K];
    };
    const keys = Object.keys(AppSettingsSchema.shape) as Array<keyof AppSettings>;
    return Object.fromEntries(keys.map((key) => [key, section(key)])) as AppSettings;
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
