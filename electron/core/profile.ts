import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_DIR_NAME = 'jst-sms-desk';

/** Profile directory: JST_SMS_PROFILE wins; otherwise the OS app-data folder (same as Electron's userData). */
export function resolveProfileDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  const override = env.JST_SMS_PROFILE?.trim();
  if (override) return override;
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_DIR_NAME);
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), APP_DIR_NAME);
}

export function profilePaths(profileDir: string) {
  return {
    database: join(profileDir, 'jst-sms.db'),
    vault: join(profileDir, 'vault.json'),
    settingsName: 'settings',
    log: join(profileDir, 'logs', 'main.log'),
  };
}
