// ESM stand-in for 'electron' used by the bundle smoke test. Prints a JSON report once the window loads.
import { EventEmitter } from 'node:events';

const report = { windows: [], handle: [], on: [], schemes: [], protocols: [], permissionDenied: null, tray: false, loadedUrl: null };

export const app = Object.assign(new EventEmitter(), {
  isPackaged: true,
  requestSingleInstanceLock: () => true,
  quit: () => {},
  exit: (code) => process.exit(code),
  whenReady: async () => {},
  getPath: (name) => (name === 'userData' ? process.env.DOUBLE_USER_DATA : `/tmp/${name}`),
  getVersion: () => '0.0.0-test',
  setAppUserModelId: () => {},
  setBadgeCount: () => true,
});

class WebContents extends EventEmitter {
  static next = 1;
  id = WebContents.next++;
  send() {}
  setWindowOpenHandler(handler) {
    report.windowOpenDenies = handler({ url: 'https://evil.example/' }).action === 'deny';
  }
}

export class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.webContents = new WebContents();
    report.windows.push(options);
    app.emit('web-contents-created', {}, this.webContents);
  }
  async loadURL(url) {
    report.loadedUrl = url;
    setTimeout(() => {
      process.stdout.write('REPORT ' + JSON.stringify(report) + '\n');
      process.exit(0);
    }, 10);
  }
  isDestroyed() {
    return false;
  }
  isVisible() {
    return true;
  }
  isFocused() {
    return false;
  }
  once(event, fn) {
    return super.once(event, fn);
  }
}

export const ipcMain = {
  handle: (channel) => report.handle.push(channel),
  removeHandler: () => {},
  on: (channel) => report.on.push(channel),
};
export const Menu = { buildFromTemplate: (t) => ({ t }) };
export class Tray extends EventEmitter {
  constructor() {
    super();
    report.tray = true;
  }
  setToolTip() {}
  setContextMenu() {}
  destroy() {}
}
export const nativeImage = { createFromPath: (p) => ({ p }) };
export const protocol = {
  registerSchemesAsPrivileged: (s) => report.schemes.push(...s),
  handle: (scheme) => report.protocols.push(scheme),
};
export const session = {
  defaultSession: {
    setPermissionRequestHandler: (h) => h({}, 'media', (ok) => (report.permissionDenied = ok === false)),
    setPermissionCheckHandler: () => {},
  },
};
export const shell = { openExternal: async () => {}, openPath: async () => '' };
export const dialog = { showMessageBox: async () => ({ response: 0 }) };
export const safeStorage = {
  isAsyncEncryptionAvailable: async () => true,
  getSelectedStorageBackend: () => 'gnome_libsecret',
  encryptStringAsync: async (s) => Buffer.from(s),
  decryptStringAsync: async (b) => ({ result: b.toString(), shouldReEncrypt: false }),
};
export class Notification {}
export const contextBridge = {};
export const ipcRenderer = {};

export default { app, BrowserWindow, ipcMain, Menu, Tray, nativeImage, protocol, session, shell, dialog, safeStorage, Notification };
