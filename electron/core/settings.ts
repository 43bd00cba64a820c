import Conf from 'conf';
import { AppSettingsSchema, type AppSettings } from '../../shared/settings/schema';

/** The part of conf's API we use; electron-store (a Conf subclass) fits it too. */
export interface KeyValueStore {
  readonly store: Record<string, unknown>;
  set(key: string, value: unknown): void;
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

/** Typed settings over a key-value store; anything unparseable falls back to defaults, never throws. */
export class Settings {
  constructor(private readonly store: KeyValueStore) {}

  get(): AppSettings {
    const parsed = AppSettingsSchema.safeParse(this.store.store);
    if (parsed.success) return parsed.data;
    // Keep what is valid section by section rather than dropping everything.
    const raw = this.store.store;
    const section = <K extends keyof AppSettings>(key: K): AppSettings[K] => {
      const one = AppSettingsSchema.shape[key].safeParse(raw[key]);
      return (one.success ? one.data : AppSettingsSchema.shape[key].parse(undefined)) as AppSettings[K];
    };
    const keys = Object.keys(AppSettingsSchema.shape) as Array<keyof AppSettings>;
    return Object.fromEntries(keys.map((key) => [key, section(key)])) as AppSettings;
  }

  update<K extends keyof AppSettings>(key: K, value: AppSettings[K]): AppSettings {
    this.store.set(key, AppSettingsSchema.shape[key].parse(value));
    return this.get();
  }
}
