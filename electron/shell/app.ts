import type * as ElectronModule from 'electron';
import { join } from 'node:path';
import { AppError } from '../../shared/errors';
import { IPC_EVENT_CHANNEL, IPC_REQUEST_CHANNEL } from '../../shared/contract';
import { createCore, type Core } from '../core/app-core';
import { createSwitchableCore } from '../demo/switcher';
import { systemClock } from '../core/clock';
import { resolveProfileDir } from '../core/profile';
import { damagedAdvice, openSettingsGuarded, setAsideDamaged } from '../core/profile-damage';
import { logUnhandledRejections } from '../core/process-guards';
import type { KeyValueStore } from '../core/settings';
import { attachInboxAttention } from './inbox-attention';
import { osEncryptionFromSafeStorage } from './safe-storage';
import { readRendererFile, rendererResponseHeaders } from '../core/renderer-files';
import { APP_HOST, APP_ORIGIN, APP_SCHEME, isAllowedExternalUrl, isAppUrl, isTrustedSender, secureWebPreferences } from './security';

/** The slice of Electron the shell uses; tests inject a double with the same shape. */
export type ElectronApi = Pick<
  typeof ElectronModule,
  'app' | 'BrowserWindow' | 'ipcMain' | 'Menu' | 'Tray' | 'nativeImage' | 'protocol' | 'session' | 'shell' | 'safeStorage' | 'Notification' | 'dialog'
>;

/** `npm run dev` passes this (electron-vite dev -- --jst-dev); only then is ELECTRON_RENDERER_URL trusted. */
export const DEV_MODE_FLAG = '--jst-dev';

export const APP_USER_MODEL_ID = 'com.jstsms.desk';

export interface ShellOptions {
  electron: ElectronApi;
  createSettingsStore(profileDir: string): KeyValueStore;
  rendererDir: string;
  preloadPath: string;
  trayIconPath: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** Command line of the Electron process (DEV_MODE_FLAG). */
  argv?: readonly string[];
}

export interface ElectronShell {
  core: Core;
  window: ElectronModule.BrowserWindow;
  quit(): Promise<void>;
}

/** Must run before the app is ready: our renderer is served from app://renderer, never file://. */
export function registerAppScheme(electron: Pick<ElectronApi, 'protocol'>) {
  electron.protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** Returns null when another instance already runs (that one is focused instead). */
export async function startElectronApp(options: ShellOptions): Promise<ElectronShell | null> {
  const { electron, env = process.env, platform = process.platform } = options;
  const { app, BrowserWindow, ipcMain, session } = electron;

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  if (platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
  registerAppScheme(electron);
  await app.whenReady();

  // The dev server only in explicit dev mode from source: a stray ELECTRON_RENDERER_URL in the environment of
  // `npm start` or of a packaged app must not decide what page gets the IPC bridge.
  const devMode = !app.isPackaged && (options.argv ?? []).includes(DEV_MODE_FLAG);
  const devServerUrl = devMode ? env.ELECTRON_RENDERER_URL : undefined;
  const profileDir = env.JST_SMS_PROFILE?.trim() ? resolveProfileDir(env, platform) : app.getPath('userData');
  let mainWindow: ElectronModule.BrowserWindow | null = null;
  // 体验演示模式 swaps the core behind this object (`npm run demo` starts there); the shell never notices.
  const core = await startWithRecovery(electron.dialog, async () =>
    createSwitchableCore({
      createCore,
      startInDemo: env.JST_DEMO === '1',
      options: {
        host: 'electron',
        profileDir,
        settingsStore: openSettingsGuarded(join(profileDir, 'settings.json'), () => options.createSettingsStore(profileDir)),
        vaultBackend: (settings) => ({
          kind: 'os',
          os: osEncryptionFromSafeStorage(electron.safeStorage, platform),
          allowPlainText: () => settings.get().allowPlainTextSecrets,
          // Decided here in main with a native dialog; the renderer can only ask for it to be shown.
          confirmPlainText: () => askPlainTextConsent(electron.dialog, mainWindow),
        }),
      },
    }),
  );
  const log = core.log.child('shell');
  const stopLoggingRejections = logUnhandledRejections(core.log);

  electron.protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return new Response('Not found', { status: 404 });
    const file = await readRendererFile(options.rendererDir, url.pathname);
    if (!file) return new Response('Not found', { status: 404 });
    return new Response(new Uint8Array(file.body), { status: 200, headers: rendererResponseHeaders(file.path) });
  });

  // Checklist 5: the renderer needs no web permission (notifications come from main).
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

  const trustedIds = new Set<number>();
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (e) => e.preventDefault());
    contents.on('will-navigate', (e, url) => {
      if (!isAppUrl(url, devServerUrl)) {
        e.preventDefault();
        log.warn('navigation blocked', { url });
      }
    });
    contents.on('will-redirect', (e, url) => {
      if (!isAppUrl(url, devServerUrl)) {
        e.preventDefault();
        log.warn('redirect blocked', { url });
      }
    });
    // Sub-frames too (will-navigate covers only the main frame); the app has no frames of its own.
    contents.on('will-frame-navigate', (e) => {
      if (!isAppUrl(e.url, devServerUrl)) {
        e.preventDefault();
        log.warn('frame navigation blocked', { url: e.url, mainFrame: e.isMainFrame });
      }
    });
    contents.setWindowOpenHandler(({ url }) => {
      if (isAllowedExternalUrl(url)) void electron.shell.openExternal(url);
      else log.warn('window.open blocked', { url });
      return { action: 'deny' };
    });
  });

  const window: ElectronModule.BrowserWindow = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: '聚石塔短信助手',
    backgroundColor: '#ffffff',
    webPreferences: secureWebPreferences(options.preloadPath, { devTools: !app.isPackaged }),
  });
  mainWindow = window;
  const webContentsId = window.webContents.id;
  trustedIds.add(webContentsId);
  window.on('closed', () => trustedIds.delete(webContentsId));
  window.once('ready-to-show', () => window.show());

  ipcMain.handle(IPC_REQUEST_CHANNEL, async (event, method: unknown, input: unknown) => {
    if (!isTrustedSender(event, trustedIds, devServerUrl)) {
      log.warn('IPC from untrusted sender rejected', { url: event.senderFrame?.url ?? null });
      return { ok: false, error: { code: 'FORBIDDEN', message: '请求来源不可信。' } };
    }
    return core.dispatch(method, input);
  });
  const showWindow = () => {
    if (window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };
  const unsubscribe = core.events.subscribe((name, payload) => {
    if (!window.isDestroyed()) window.webContents.send(IPC_EVENT_CHANNEL, name, payload);
  });

  let quitting = false;
  const tray = new electron.Tray(electron.nativeImage.createFromPath(options.trayIconPath));
  tray.setToolTip('聚石塔短信助手');
  // Replies notify from main (grouped, click opens the thread), so the renderer needs no notification permission.
  const detachInbox = attachInboxAttention({ electron, core, window, tray, showWindow, platform });
  const quit = async () => {
    if (quitting) return;
    quitting = true;
    unsubscribe();
    detachInbox();
    ipcMain.removeHandler(IPC_REQUEST_CHANNEL);
    stopLoggingRejections();
    await core.close();
    tray.destroy();
    app.quit();
  };
  tray.setContextMenu(
    electron.Menu.buildFromTemplate([
      { label: '显示窗口 / Show', click: showWindow },
      { type: 'separator' },
      { label: '退出 / Quit', click: () => void quit() },
    ]),
  );
  tray.on('click', showWindow);
  app.on('second-instance', showWindow);

  // Closing hides to the tray so delivery reports and replies keep arriving (a setting).
  window.on('close', (event) => {
    if (!quitting && core.ctx.settings.get().preferences.closeToTray) {
      event.preventDefault();
      window.hide();
    }
  });
  app.on('before-quit', (event) => {
    if (!quitting) {
      event.preventDefault();
      void quit();
    }
  });
  app.on('window-all-closed', () => void quit());

  await window.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`);
  log.info('desktop shell started', { profileDir });
  return { core, window, quit };
}

/** The seller said no to a fresh start: the app quits without another message. */
export class StartupDeclined extends Error {
  constructor() {
    super('start-up declined');
  }
}

/**
 * Start-up failures reach the seller as a native dialog (a desktop app must not just vanish). A damaged database
 * or settings file can be set aside (kept, renamed) for a fresh start; Quit is the default.
 */
export async function startWithRecovery<T>(dialog: ElectronApi['dialog'], open: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await open();
    } catch (error) {
      const file = error instanceof AppError && error.code === 'PROFILE_DAMAGED' ? error.detail?.file : undefined;
      if (error instanceof AppError && typeof file === 'string') {
        const { response } = await dialog.showMessageBox({
          type: 'error',
          title: '资料文件已损坏',
          message: error.message,
          detail: `${damagedAdvice(error)}\n\nA profile file is damaged. Start fresh keeps the damaged file beside the new one.`,
          buttons: ['退出 / Quit', '以新文件启动 / Start fresh'],
          defaultId: 0,
          cancelId: 0,
          noLink: true,
        });
        if (response !== 1) throw new StartupDeclined();
        setAsideDamaged(file, systemClock.now());
        continue;
      }
      await dialog.showMessageBox({
        type: 'error',
        title: '无法启动',
        message: error instanceof AppError ? error.message : '启动时发生错误，程序将退出。',
        detail: `${error instanceof Error ? error.message : String(error)}\n\nThe app could not start.`,
        buttons: ['退出 / Quit'],
        noLink: true,
      });
      throw error;
    }
  }
}

/** The Linux basic_text warning as a native, window-modal dialog; Cancel is the default. */
export async function askPlainTextConsent(dialog: ElectronApi['dialog'], parent: ElectronModule.BrowserWindow | null): Promise<boolean> {
  const options: ElectronModule.MessageBoxOptions = {
    type: 'warning',
    title: '以明文方式保存密钥？',
    message: '本机没有可用的系统钥匙串，密钥将以明文方式保存。',
    detail:
      '本机上任何能读取您用户目录的程序都能读到 App Secret、sessionKey 和 AccessKey Secret。建议先安装并解锁 gnome-keyring 或 KWallet 后重启本程序。\n\nNo system keyring is available: secrets would be stored in plain text.',
    buttons: ['取消 / Cancel', '以明文方式保存 / Store in plain text'],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  };
  const { response } = parent && !parent.isDestroyed() ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options);
  return response === 1;
}
