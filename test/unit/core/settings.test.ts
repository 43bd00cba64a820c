import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Settings, openNodeSettingsStore } from '../../../electron/core/settings';
import { resolveProfileDir } from '../../../electron/core/profile';
import { DEFAULT_TOP_GATEWAY } from '../../../shared/settings/schema';
import { tempDir } from '../../helpers/profile';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

describe('settings', () => {
  it('starts with defaults and persists updates in the profile directory', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const settings = new Settings(openNodeSettingsStore(t.dir));
    expect(settings.get().top).toMatchObject({ gatewayUrl: DEFAULT_TOP_GATEWAY, signMethod: 'hmac-sha256', simplify: true });
    expect(settings.get().preferences.language).toBe('zh-CN');
    settings.update('preferences', { language: 'en', closeToTray: false, notifyReplies: false });
    expect(new Settings(openNodeSettingsStore(t.dir)).get().preferences.language).toBe('en');
  });

  it('keeps valid sections when another section is damaged', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    writeFileSync(
      join(t.dir, 'settings.json'),
      JSON.stringify({ top: { signMethod: 'rot13' }, preferences: { language: 'en', closeToTray: true, notifyReplies: true } }),
    );
    const settings = new Settings(openNodeSettingsStore(t.dir));
    expect(settings.get().top.signMethod).toBe('hmac-sha256');
    expect(settings.get().preferences.language).toBe('en');
  });
});

describe('profile directory', () => {
  it('JST_SMS_PROFILE wins', () => {
    expect(resolveProfileDir({ JST_SMS_PROFILE: '/data/shop1' }, 'linux', '/home/u')).toBe('/data/shop1');
  });
  it.each([
    ['linux', {}, '/home/u/.config/jst-sms-desk'],
    ['linux', { XDG_CONFIG_HOME: '/xdg' }, '/xdg/jst-sms-desk'],
    ['darwin', {}, '/home/u/Library/Application Support/jst-sms-desk'],
    ['win32', { APPDATA: 'C:/Users/u/AppData/Roaming' }, 'C:/Users/u/AppData/Roaming/jst-sms-desk'],
  ] as const)('defaults to the OS app-data folder on %s', (platform, env, expected) => {
    expect(resolveProfileDir(env, platform, '/home/u').replace(/\\/g, '/')).toBe(expected);
  });
});
