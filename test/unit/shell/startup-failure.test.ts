// Issue 16 audit: a damaged database or settings.json crashed start-up with a raw stack, and the desktop app would
// just vanish (start-up failures only reached console.error). The shell now shows a native dialog for any start-up
// failure; a damaged file can be set aside (kept, renamed) for a fresh start. Quit is the default.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openNodeSettingsStore } from '../../../electron/core/settings';
import { startElectronApp, StartupDeclined } from '../../../electron/shell/app';
import { createElectronDouble } from '../../helpers/electron-double';
import { tempDir } from '../../helpers/profile';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function setup(dialogResponse: number, damage: (userData: string) => void) {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const userData = join(t.dir, 'userData');
  mkdirSync(userData, { recursive: true });
  damage(userData);
  const rendererDir = join(t.dir, 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>x</title>');
  const double = createElectronDouble({ userData, dialogResponse });
  const started = startElectronApp({
    electron: double.electron,
    createSettingsStore: (dir) => openNodeSettingsStore(dir),
    rendererDir,
    preloadPath: '/app/out/preload/index.cjs',
    trayIconPath: '/app/resources/tray.png',
    env: {},
    platform: 'linux',
  }).then((shell) => {
    if (shell) cleanups.push(() => shell.core.close());
    return shell;
  });
  return { double, userData, started };
}

const garbageSettings = (dir: string) => writeFileSync(join(dir, 'settings.json'), '{"top": {"gatewayUrl": ');

describe('start-up failures in the desktop shell', () => {
  it('a damaged settings file: a native dialog names it; Quit (the default) ends start-up without touching the file', async () => {
    const { double, userData, started } = setup(0, garbageSettings);
    await expect(started).rejects.toBeInstanceOf(StartupDeclined);
    expect(double.dialogs).toHaveLength(1);
    const shown = double.dialogs[0]!.options as { message?: string; buttons?: string[]; defaultId?: number; cancelId?: number };
    expect(shown.message).toContain('设置文件已损坏或无法读取');
    expect(shown.message).toContain(join(userData, 'settings.json'));
    expect(shown).toMatchObject({ defaultId: 0, cancelId: 0 });
    expect(readFileSync(join(userData, 'settings.json'), 'utf8')).toBe('{"top": {"gatewayUrl": ');
  });

  it('Start fresh: the damaged file is kept beside a new one and the app starts', async () => {
    const { double, userData, started } = setup(1, garbageSettings);
    const shell = await started;
    expect(shell).not.toBeNull();
    expect(double.windows).toHaveLength(1);
    const kept = readdirSync(userData).filter((f) => f.startsWith('settings.json.damaged-'));
    expect(kept).toHaveLength(1);
    expect(readFileSync(join(userData, kept[0]!), 'utf8')).toBe('{"top": {"gatewayUrl": ');
  });

  it('a damaged database: the same choice, naming the database file', async () => {
    const { double, userData, started } = setup(0, (dir) => writeFileSync(join(dir, 'jst-sms.db'), 'not a database '.repeat(200)));
    await expect(started).rejects.toBeInstanceOf(StartupDeclined);
    expect((double.dialogs[0]!.options as { message?: string }).message).toContain(join(userData, 'jst-sms.db'));
  });
});

describe('unhandled promise rejections in a long-running host', () => {
  it('are logged and the process keeps running; the guard can be removed', async () => {
    const { logUnhandledRejections } = await import('../../../electron/core/process-guards');
    const { EventEmitter } = await import('node:events');
    const fakeProcess = new EventEmitter();
    const lines: Array<[string, unknown]> = [];
    const log = { error: (message: string, fields: unknown) => lines.push([message, fields]) } as unknown as Parameters<typeof logUnhandledRejections>[0];
    const remove = logUnhandledRejections(log, fakeProcess as unknown as NodeJS.Process);
    fakeProcess.emit('unhandledRejection', new Error('ENOSPC while writing'), Promise.resolve());
    expect(lines).toEqual([['unhandled promise rejection (kept running)', { error: expect.objectContaining({ message: 'ENOSPC while writing' }) }]]);
    remove();
    expect(fakeProcess.listenerCount('unhandledRejection')).toBe(0);
  });
});
