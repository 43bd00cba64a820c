import { EventEmitter } from 'node:events';
import type { ElectronApi } from '../../electron/shell/app';

/** A recording stand-in for the parts of Electron the shell touches. */
export function createElectronDouble(opts: {
  userData: string;
  singleInstance?: boolean;
  storageBackend?: string;
  isPackaged?: boolean;
  dialogResponse?: number;
}) {
  const calls: string[] = [];
  const ipcHandlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response> | Response>();
  const windows: FakeWindow[] = [];
  const webContentsCreated: FakeWebContents[] = [];
  const openedExternal: string[] = [];
  const notifications: Array<{ title: string; body: string; click: () => void; closed: () => boolean }> = [];
  const registeredSchemes: unknown[] = [];
  /** Every native message box shown, with the button index the double answers (dialogResponse, default 0 = Cancel). */
  const dialogs: Array<{ parent: unknown; options: { buttons?: string[]; message?: string } }> = [];
  const dialog = { response: opts.dialogResponse ?? 0 };
  const permission: { request?: (wc: unknown, permission: string, cb: (ok: boolean) => void) => void; check?: () => boolean } = {};
  let nextId = 1;

  class FakeWebContents extends EventEmitter {
    id = nextId++;
    sent: Array<[string, ...unknown[]]> = [];
    windowOpenHandler?: (details: { url: string }) => { action: string };
    send(channel: string, ...args: unknown[]) {
      this.sent.push([channel, ...args]);
    }
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
      this.windowOpenHandler = handler;
    }
  }

  const app = Object.assign(new EventEmitter(), {
    isPackaged: opts.isPackaged ?? true,
    requestSingleInstanceLock: () => opts.singleInstance ?? true,
    quit: () => calls.push('app.quit'),
    exit: (code: number) => calls.push(`app.exit:${code}`),
    whenReady: async () => undefined,
    getPath: (name: string) => (name === 'userData' ? opts.userData : `/tmp/${name}`),
    setAppUserModelId: (id: string) => calls.push(`setAppUserModelId:${id}`),
    setBadgeCount: (count: number) => {
      calls.push(`app.badge:${count}`);
      return true;
    },
  });

  class FakeWindow extends EventEmitter {
    webContents = new FakeWebContents();
    destroyed = false;
    visible = false;
    loadedUrl = '';
    constructor(public options: Record<string, unknown>) {
      super();
      windows.push(this);
      webContentsCreated.push(this.webContents);
      app.emit('web-contents-created', {}, this.webContents);
    }
    async loadURL(url: string) {
      this.loadedUrl = url;
      this.emit('ready-to-show');
    }
    isDestroyed() {
      return this.destroyed;
    }
    isMinimized() {
      return false;
    }
    restore() {}
    focused = false;
    show() {
      this.visible = true;
    }
    hide() {
      this.visible = false;
      this.focused = false;
    }
    focus() {
      this.focused = true;
    }
    isVisible() {
      return this.visible;
    }
    isFocused() {
      return this.focused;
    }
    /** Simulates the user closing the window; returns whether it was prevented. */
    tryClose(): boolean {
      let prevented = false;
      this.emit('close', { preventDefault: () => (prevented = true) });
      return prevented;
    }
  }

  class FakeTray extends EventEmitter {
    menu: unknown;
    constructor(public image: unknown) {
      super();
      calls.push('tray.create');
    }
    setToolTip(text: string) {
      calls.push(`tray.tooltip:${text}`);
    }
    setContextMenu(menu: unknown) {
      this.menu = menu;
    }
    destroy() {
      calls.push('tray.destroy');
    }
  }

  const electron = {
    app,
    BrowserWindow: FakeWindow,
    ipcMain: {
      handle: (channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) => ipcHandlers.set(channel, handler),
      removeHandler: (channel: string) => ipcHandlers.delete(channel),
      on: () => undefined,
    },
    Menu: { buildFromTemplate: (template: unknown[]) => ({ template }) },
    Tray: FakeTray,
    nativeImage: { createFromPath: (path: string) => ({ path }) },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => registeredSchemes.push(...schemes),
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => protocolHandlers.set(scheme, handler),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: typeof permission.request) => (permission.request = h),
        setPermissionCheckHandler: (h: typeof permission.check) => (permission.check = h),
      },
    },
    shell: { openExternal: async (url: string) => void openedExternal.push(url) },
    dialog: {
      showMessageBox: async (...args: unknown[]) => {
        const [parent, options] = args.length > 1 ? args : [null, args[0]];
        dialogs.push({ parent, options: options as { buttons?: string[]; message?: string } });
        return { response: dialog.response, checkboxChecked: false };
      },
    },
    safeStorage: {
      isAsyncEncryptionAvailable: async () => true,
      getSelectedStorageBackend: () => opts.storageBackend ?? 'gnome_libsecret',
      encryptStringAsync: async (plain: string) => Buffer.from(`enc:${Buffer.from(plain).toString('base64')}`),
      decryptStringAsync: async (data: Buffer) => ({ result: Buffer.from(data.toString().slice(4), 'base64').toString(), shouldReEncrypt: false }),
    },
    Notification: class extends EventEmitter {
      static isSupported() {
        return true;
      }
      constructor(public options: { title: string; body: string }) {
        super();
      }
      private isClosed = false;
      show() {
        notifications.push({ ...this.options, click: () => this.emit('click'), closed: () => this.isClosed });
      }
      close() {
        this.isClosed = true;
      }
    },
  };

  return {
    electron: electron as unknown as ElectronApi,
    calls,
    ipcHandlers,
    protocolHandlers,
    windows,
    webContentsCreated,
    openedExternal,
    notifications,
    registeredSchemes,
    dialogs,
    dialog,
    permission,
    app,
  };
}
