import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { IPC_EVENT_CHANNEL, IPC_REQUEST_CHANNEL } from '../../../shared/contract';
import { tempDir } from '../../helpers/profile';

// Nothing can launch the real Electron app here, so the built bundles are checked directly:
// bundling mistakes (a dependency in the sandboxed preload, a wrong path) would otherwise only show on a seller's PC.
const root = join(import.meta.dirname, '../../..');
const mainBundle = join(root, 'out/main/index.js');
const preloadBundle = join(root, 'out/preload/index.cjs');

beforeAll(() => {
  if (!existsSync(mainBundle) || !existsSync(preloadBundle)) execFileSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'ignore' });
}, 120_000);

describe('built preload (sandboxed)', () => {
  it('needs nothing but electron and exposes exactly the contract bridge', () => {
    const exposed: Record<string, unknown> = {};
    const invoked: unknown[][] = [];
    const listeners = new Map<string, (...args: unknown[]) => void>();
    const fakeElectron = {
      contextBridge: { exposeInMainWorld: (key: string, value: unknown) => (exposed[key] = value) },
      ipcRenderer: {
        invoke: (...args: unknown[]) => invoked.push(args),
        on: (channel: string, fn: (...args: unknown[]) => void) => listeners.set(channel, fn),
        removeListener: (channel: string) => listeners.delete(channel),
      },
    };
    // What a sandboxed preload may require: electron's renderer modules and a few built-ins, no packages.
    const sandboxRequire = (name: string) => {
      if (name === 'electron') return fakeElectron;
      throw new Error(`sandboxed preload cannot require ${name}`);
    };
    runInNewContext(readFileSync(preloadBundle, 'utf8'), { require: sandboxRequire, module: { exports: {} }, exports: {} });

    expect(Object.keys(exposed)).toEqual(['jstBridge']);
    const bridge = exposed.jstBridge as { request: (m: string, i: unknown) => void; subscribe: (fn: (...a: unknown[]) => void) => () => void };
    expect(Object.keys(bridge).sort()).toEqual(['request', 'subscribe']);

    bridge.request('vault.status', { a: 1 });
    expect(invoked).toEqual([[IPC_REQUEST_CHANNEL, 'vault.status', { a: 1 }]]);

    const got: unknown[][] = [];
    const unsubscribe = bridge.subscribe((...args) => got.push(args));
    listeners.get(IPC_EVENT_CHANNEL)!({ sender: 'IpcRendererEvent must not leak' }, 'status.changed', { x: 1 });
    expect(got).toEqual([['status.changed', { x: 1 }]]);
    unsubscribe();
    expect(listeners.has(IPC_EVENT_CHANNEL)).toBe(false);
  });
});

describe('built main bundle', () => {
  it('starts under an electron double with the secure window and only the contract channel', () => {
    const t = tempDir();
    try {
      const result = spawnSync(process.execPath, ['--import', join(root, 'test/helpers/electron-loader.mjs'), mainBundle], {
        cwd: root,
        env: { ...process.env, DOUBLE_USER_DATA: join(t.dir, 'userData'), JST_SMS_PROFILE: '' },
        encoding: 'utf8',
        timeout: 30_000,
      });
      const line = result.stdout.split('\n').find((l) => l.startsWith('REPORT '));
      expect(line, `stdout: ${result.stdout}\nstderr: ${result.stderr}`).toBeDefined();
      const report = JSON.parse(line!.slice('REPORT '.length));
      expect(report.windows).toHaveLength(1);
      expect(report.windows[0].webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
      expect(report.windows[0].webPreferences.preload).toMatch(/out[/\\]preload[/\\]index\.cjs$/);
      expect(existsSync(report.windows[0].webPreferences.preload)).toBe(true);
      expect(report.handle).toEqual([IPC_REQUEST_CHANNEL]);
      // electron-store's own sync channel (answers only its default cwd/app version; our preload never exposes sendSync).
      expect(report.on.filter((c: string) => c !== 'electron-store-get-data')).toEqual([]);
      expect(report.schemes.map((s: { scheme: string }) => s.scheme)).toEqual(['app']);
      expect(report.protocols).toEqual(['app']);
      expect(report.permissionDenied).toBe(true);
      expect(report.windowOpenDenies).toBe(true);
      expect(report.tray).toBe(true);
      expect(report.loadedUrl).toBe('app://renderer/index.html');
      expect(existsSync(join(t.dir, 'userData', 'jst-sms.db'))).toBe(true);
    } finally {
      t.cleanup();
    }
  });
});
