import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { IPC_EVENT_CHANNEL, IPC_REQUEST_CHANNEL } from '../../../shared/contract';
import { openNodeSettingsStore } from '../../../electron/core/settings';
import { APP_USER_MODEL_ID, DEV_MODE_FLAG, startElectronApp, type ElectronShell } from '../../../electron/shell/app';
import { CONTENT_SECURITY_POLICY } from '../../../electron/core/renderer-files';
import { createElectronDouble } from '../../helpers/electron-double';
import { tempDir } from '../../helpers/profile';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function start(
  options: {
    platform?: NodeJS.Platform;
    singleInstance?: boolean;
    storageBackend?: string;
    isPackaged?: boolean;
    env?: NodeJS.ProcessEnv;
    argv?: string[];
  } = {},
) {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const rendererDir = join(t.dir, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>x</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  const double = createElectronDouble({
    userData: join(t.dir, 'userData'),
    singleInstance: options.singleInstance,
    storageBackend: options.storageBackend,
    isPackaged: options.isPackaged,
  });
  const shell = await startElectronApp({
    electron: double.electron,
    createSettingsStore: (dir) => openNodeSettingsStore(dir),
    rendererDir,
    preloadPath: '/app/out/preload/index.cjs',
    trayIconPath: '/app/resources/tray.png',
    env: options.env ?? {},
    argv: options.argv,
    platform: options.platform ?? 'linux',
  });
  if (shell) cleanups.push(() => shell.core.close());
  return { double, shell: shell as ElectronShell, dir: t.dir };
}

const trustedEvent = (double: ReturnType<typeof createElectronDouble>, overrides: Record<string, unknown> = {}) => ({
  sender: { id: double.windows[0]!.webContents.id },
  senderFrame: { url: 'app://renderer/index.html', parent: null },
  ...overrides,
});

describe('Electron shell', () => {
  it('creates the window with the security checklist options', async () => {
    const { double } = await start();
    const prefs = double.windows[0]!.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      nodeIntegrationInWorker: false,
      experimentalFeatures: false,
      preload: '/app/out/preload/index.cjs',
      devTools: false,
    });
    expect(double.windows[0]!.loadedUrl).toBe('app://renderer/index.html');
    expect(double.registeredSchemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  });

  it('keeps DevTools for development from source only (a packaged build has none)', async () => {
    const packaged = await start({ isPackaged: true });
    expect((packaged.double.windows[0]!.options.webPreferences as Record<string, unknown>).devTools).toBe(false);
    const fromSource = await start({ isPackaged: false });
    expect((fromSource.double.windows[0]!.options.webPreferences as Record<string, unknown>).devTools).toBe(true);
  });

  it('serves the renderer over app:// with a strict CSP and refuses traversal', async () => {
    const { double } = await start();
    const handler = double.protocolHandlers.get('app')!;
    const ok = await handler(new Request('app://renderer/index.html'));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:/);
    expect((await handler(new Request('app://renderer/assets/app.js'))).headers.get('content-type')).toContain('javascript');
    expect((await handler(new Request('app://renderer/..%2f..%2fetc%2fpasswd'))).status).toBe(404);
    expect((await handler(new Request('app://evil/index.html'))).status).toBe(404);
  });

  it('denies every permission request and check', async () => {
    const { double } = await start();
    let granted: boolean | undefined;
    double.permission.request!({}, 'notifications', (ok) => (granted = ok));
    expect(granted).toBe(false);
    expect(double.permission.check!()).toBe(false);
  });

  it('blocks navigation away from the app and denies window.open (opening only allow-listed https externally)', async () => {
    const { double } = await start();
    const wc = double.windows[0]!.webContents;
    let prevented = false;
    wc.emit('will-navigate', { preventDefault: () => (prevented = true) }, 'https://evil.example/');
    expect(prevented).toBe(true);
    prevented = false;
    wc.emit('will-navigate', { preventDefault: () => (prevented = true) }, 'app://renderer/index.html#/settings');
    expect(prevented).toBe(false);
    let webviewPrevented = false;
    wc.emit('will-attach-webview', { preventDefault: () => (webviewPrevented = true) });
    expect(webviewPrevented).toBe(true);

    expect(wc.windowOpenHandler!({ url: 'https://open.taobao.com/doc.htm' })).toEqual({ action: 'deny' });
    expect(wc.windowOpenHandler!({ url: 'http://open.taobao.com/doc.htm' })).toEqual({ action: 'deny' });
    expect(wc.windowOpenHandler!({ url: 'https://taobao.com.evil.example/' })).toEqual({ action: 'deny' });
    expect(wc.windowOpenHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    await new Promise((r) => setImmediate(r));
    expect(double.openedExternal).toEqual(['https://open.taobao.com/doc.htm']);
  });

  it('blocks redirects and sub-frame navigation away from the app', async () => {
    const { double } = await start();
    const wc = double.windows[0]!.webContents;
    let redirectPrevented = false;
    wc.emit('will-redirect', { preventDefault: () => (redirectPrevented = true) }, 'https://evil.example/');
    expect(redirectPrevented).toBe(true);
    redirectPrevented = false;
    wc.emit('will-redirect', { preventDefault: () => (redirectPrevented = true) }, 'app://renderer/index.html');
    expect(redirectPrevented).toBe(false);

    const frameNavigation = (url: string, isMainFrame: boolean) => {
      let prevented = false;
      wc.emit('will-frame-navigate', { url, isMainFrame, preventDefault: () => (prevented = true) });
      return prevented;
    };
    expect(frameNavigation('https://evil.example/phish', false)).toBe(true);
    expect(frameNavigation('file:///etc/passwd', true)).toBe(true);
    expect(frameNavigation('app://renderer/index.html#/templates', false)).toBe(false);
  });

  it('opens externally only seller hosts: no CDN or mirror, no look-alike or punycode host', async () => {
    const { double } = await start();
    const wc = double.windows[0]!.webContents;
    const allowed = [
      'https://open.taobao.com/api.htm?docId=1',
      'https://fuwu.taobao.com/ser/detail.htm',
      'https://myseller.taobao.com/home.htm',
      'https://help.aliyun.com/zh/apsaramq-for-rocketmq/',
      'https://ons.console.aliyun.com/region/cn-hangzhou',
      'https://developer.alibaba.com/docs/api.htm?apiId=1',
    ];
    const refused = [
      'https://img.alicdn.com/imgextra/evil.html', // CDN with user uploads
      'https://registry.npmmirror.com/evil/-/evil.tgz', // mirror
      'https://npmmirror.com/',
      'https://shop123.taobao.com/', // a shop: seller-made content
      'https://item.taobao.com/item.htm?id=1',
      'https://open.taobao.com.evil.example/',
      'https://opentaobao.com/',
      'https://evilconsole.aliyun.com/', // not a *.console.aliyun.com subdomain
      'https://xn--pen-taobao-ie6i.com/',
      'https://ореn.taobao.com/', // Cyrillic о and р: URL turns it into punycode
      'https://open.taobao.com:8443/',
      'https://user:pass@open.taobao.com/',
      'https://open.taobao.com./',
      'http://open.taobao.com/',
      'javascript:alert(1)',
    ];
    for (const url of [...allowed, ...refused]) expect(wc.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
    await new Promise((r) => setImmediate(r));
    expect(double.openedExternal).toEqual(allowed);
  });

  it('honours ELECTRON_RENDERER_URL only in explicit dev mode (npm run dev), never for npm start or a packaged app', async () => {
    const env = { ELECTRON_RENDERER_URL: 'http://localhost:5173/' };
    const devEvent = (double: ReturnType<typeof createElectronDouble>) =>
      trustedEvent(double, { senderFrame: { url: 'http://localhost:5173/index.html', parent: null } });

    // npm start: from source, not packaged, but no dev flag.
    const plain = await start({ isPackaged: false, env, argv: ['electron', '.'] });
    expect(plain.double.windows[0]!.loadedUrl).toBe('app://renderer/index.html');
    expect(await plain.double.ipcHandlers.get(IPC_REQUEST_CHANNEL)!(devEvent(plain.double), 'vault.status', {})).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });

    // A packaged app ignores even the flag.
    const packaged = await start({ isPackaged: true, env, argv: ['app', DEV_MODE_FLAG] });
    expect(packaged.double.windows[0]!.loadedUrl).toBe('app://renderer/index.html');

    const dev = await start({ isPackaged: false, env, argv: ['electron', '.', DEV_MODE_FLAG] });
    expect(dev.double.windows[0]!.loadedUrl).toBe('http://localhost:5173/');
    expect(await dev.double.ipcHandlers.get(IPC_REQUEST_CHANNEL)!(devEvent(dev.double), 'vault.status', {})).toMatchObject({ ok: true });
  });

  it('answers IPC only from the main frame of its own window', async () => {
    const { double } = await start();
    const handler = double.ipcHandlers.get(IPC_REQUEST_CHANNEL)!;
    expect(await handler(trustedEvent(double), 'vault.status', {})).toMatchObject({ ok: true, result: { backend: 'os', state: 'unlocked' } });

    const rejected = [
      trustedEvent(double, { senderFrame: { url: 'app://renderer/index.html', parent: {} } }), // sub-frame
      trustedEvent(double, { senderFrame: { url: 'https://evil.example/', parent: null } }), // foreign page
      trustedEvent(double, { senderFrame: null }), // frame gone
      trustedEvent(double, { sender: { id: 9999 } }), // another webContents
    ];
    for (const event of rejected) {
      expect(await handler(event, 'vault.status', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
  });

  it('validates IPC payloads with the contract', async () => {
    const { double } = await start();
    const handler = double.ipcHandlers.get(IPC_REQUEST_CHANNEL)!;
    const result = await handler(trustedEvent(double), 'settings.savePreferences', { language: 'fr' });
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('forwards core events to the window as (name, payload)', async () => {
    const { double, shell } = await start();
    shell.core.events.emit('settings.changed', { section: 'top' });
    expect(double.windows[0]!.webContents.sent).toContainEqual([IPC_EVENT_CHANNEL, 'settings.changed', { section: 'top' }]);
  });

  it('hides to the tray on close when the setting is on, and closes when it is off', async () => {
    const { double, shell } = await start();
    const win = double.windows[0]!;
    expect(win.tryClose()).toBe(true);
    shell.core.ctx.settings.update('preferences', { ...shell.core.ctx.settings.get().preferences, closeToTray: false });
    expect(win.tryClose()).toBe(false);
    expect(double.calls).toContain('tray.create');
  });

  it('quits cleanly from the tray menu', async () => {
    const { double } = await start();
    const tray = double.calls.includes('tray.create');
    expect(tray).toBe(true);
    let prevented = false;
    double.app.emit('before-quit', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    await expect.poll(() => double.calls).toEqual(expect.arrayContaining(['tray.destroy', 'app.quit']));
    expect(double.ipcHandlers.has(IPC_REQUEST_CHANNEL)).toBe(false);
  });

  it('keeps secrets with safeStorage in the profile, never in plain text', async () => {
    const { double, dir } = await start();
    const handler = double.ipcHandlers.get(IPC_REQUEST_CHANNEL)!;
    const saved = await handler(trustedEvent(double), 'settings.saveTop', {
      appKey: '12345678',
      appSecret: 'electron-app-secret',
      session: 'electron-session-key',
      gatewayUrl: 'https://eco.taobao.com/router/rest',
      signMethod: 'hmac-sha256',
    });
    expect(JSON.stringify(saved)).not.toContain('electron-app-secret');
    const { readFileSync } = await import('node:fs');
    const vault = readFileSync(join(dir, 'userData', 'vault.json'), 'utf8');
    expect(vault).toContain('"backend":"os"');
    expect(vault).not.toContain('electron-app-secret');
  });

  it('refuses Linux basic_text until the seller agrees in a native dialog; the contract call alone cannot switch it', async () => {
    const { double, shell } = await start({ storageBackend: 'basic_text' });
    const handler = double.ipcHandlers.get(IPC_REQUEST_CHANNEL)!;
    expect(await handler(trustedEvent(double), 'vault.status', {})).toMatchObject({ ok: true, result: { state: 'unavailable', osBackend: 'basic_text' } });

    // The renderer asks; main shows its own dialog and the seller cancels (the default button).
    expect(await handler(trustedEvent(double), 'vault.allowPlainText', { confirm: true })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(double.dialogs).toHaveLength(1);
    expect(double.dialogs[0]!.parent).toBe(shell.window);
    expect(double.dialogs[0]!.options.buttons).toHaveLength(2);
    expect(shell.core.ctx.settings.get().allowPlainTextSecrets).toBe(false);
    expect(await handler(trustedEvent(double), 'vault.status', {})).toMatchObject({ ok: true, result: { state: 'unavailable' } });

    double.dialog.response = 1;
    expect(await handler(trustedEvent(double), 'vault.allowPlainText', { confirm: true })).toMatchObject({
      ok: true,
      result: { state: 'unlocked', plainText: true },
    });
    expect(double.dialogs).toHaveLength(2);
    expect(shell.core.ctx.settings.get().allowPlainTextSecrets).toBe(true);
  });

  it('notifies replies from main with inert, masked text, unless turned off', async () => {
    const { double, shell } = await start();
    const reply = {
      id: 1,
      smsSeq: '1001',
      phone: '13812345678',
      content: '退订\u202e<img src=x onerror=alert(1)>\u0007' + '很长'.repeat(100),
      destCode: '',
      signName: '测试店',
      senderTime: '2026-11-25 12:00:00',
      repliedAt: null,
      messageId: 'm1',
      receivedAt: '2026-11-25T04:00:00Z',
    };
    double.windows[0]!.hide();
    shell.core.events.emit('reply.received', { reply, notify: true });
    expect(double.notifications).toHaveLength(1);
    const shown = double.notifications[0]!;
    expect(shown.title).toBe('买家回复 138****5678');
    expect(shown.body).not.toMatch(/[\u0000-\u001f\u202e]/);
    expect(shown.body).not.toContain('<img'); // Linux daemons may render markup: escaped
    expect([...shown.body.replace(/&lt;|&gt;|&amp;/g, '_')].length).toBeLessThanOrEqual(121);
    shown.click();
    expect(double.windows[0]!.visible).toBe(true);

    shell.core.ctx.settings.update('preferences', { ...shell.core.ctx.settings.get().preferences, notifyReplies: false });
    shell.core.events.emit('reply.received', { reply, notify: true });
    expect(double.notifications).toHaveLength(1);
  });

  it('sets the Windows AppUserModelId', async () => {
    const { double } = await start({ platform: 'win32' });
    expect(double.calls).toContain(`setAppUserModelId:${APP_USER_MODEL_ID}`);
  });

  it('a second instance quits and focuses the first', async () => {
    const { double, shell } = await start({ singleInstance: false });
    expect(shell).toBeNull();
    expect(double.calls).toContain('app.quit');
    expect(double.windows).toHaveLength(0);
  });
});
