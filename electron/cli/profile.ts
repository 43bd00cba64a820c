import { profilePaths, resolveProfileDir } from '../core/profile';
import { ensurePrivateDir } from '../core/profile-files';
import { Settings, openNodeSettingsStore } from '../core/settings';
import { Vault } from '../core/vault/vault';
import { createLogger, type Logger } from '../core/log/logger';
import type { CliIo } from './io';

export interface CliProfile {
  profileDir: string;
  settings: Settings;
  /** Unlocked when JST_SMS_PASSPHRASE is set and right; otherwise locked or uninitialized. */
  vault: Vault;
  log: Logger;
}

/** The same profile the app uses (JST_SMS_PROFILE overrides the location). Logs go to the profile's log file only. */
export async function openCliProfile(io: CliIo, opts: { verbose?: boolean } = {}): Promise<CliProfile> {
  const profileDir = resolveProfileDir(io.env);
  const paths = profilePaths(profileDir);
  ensurePrivateDir(profileDir);
  const settings = new Settings(openNodeSettingsStore(profileDir, paths.settingsName));
  const vault = new Vault(paths.vault, { kind: 'passphrase' });
  const passphrase = io.env.JST_SMS_PASSPHRASE;
  if (passphrase && vault.status().state === 'locked') await vault.unlock(passphrase);
  const log = createLogger(
    {
      file: paths.log,
      secrets: () => [...vault.values(), ...envSecrets(io.env)],
      level: opts.verbose ? 'debug' : 'info',
      sink: opts.verbose ? (line) => io.stderr.write(line + '\n') : undefined,
    },
    'cli',
  );
  return { profileDir, settings, vault, log };
}

/** Secret values given through the environment, so they are redacted too. */
export function envSecrets(env: NodeJS.ProcessEnv): string[] {
  return ['JST_TOP_APP_SECRET', 'JST_TOP_SESSION', 'JST_MQ_ACCESS_KEY_SECRET', 'JST_SMS_PASSPHRASE'].map((k) => env[k]).filter((v): v is string => Boolean(v));
}
