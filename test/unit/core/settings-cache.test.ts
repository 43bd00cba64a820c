import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Settings, openNodeSettingsStore } from '../../../electron/core/settings';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('Settings cache', () => {
  it('a second process on the same profile (another Settings over the same file) sees every change at its next read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jst-settings-cache-'));
    dirs.push(dir);
    const app = new Settings(openNodeSettingsStore(dir));
    const cli = new Settings(openNodeSettingsStore(dir));
    app.update('sending', app.get().sending);
    const before = app.get();
    expect(app.get()).toBe(before); // unchanged file: the same parsed value, not read again
    for (let i = 1; i <= 5; i++) {
      // Several writes within one millisecond still differ: conf renames a new file into place (a new inode).
      cli.update('sending', { ...cli.get().sending, frequencyDays: i });
      expect(app.get().sending.frequencyDays).toBe(i);
    }
  });

  it('the shared value cannot be changed by one reader behind the others', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jst-settings-cache-'));
    dirs.push(dir);
    const settings = new Settings(openNodeSettingsStore(dir));
    const value = settings.get();
    expect(() => {
      (value.sending as { frequencyDays: number }).frequencyDays = 99;
    }).toThrow(TypeError);
    expect(settings.get().sending.frequencyDays).toBe(value.sending.frequencyDays);
  });
});
