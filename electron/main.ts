// Electron entry: wires the real electron module into the (unit-tested) shell.
import * as electron from 'electron';
import Store from 'electron-store';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SETTINGS_FILE_MODE } from './core/settings';
import { startElectronApp, StartupDeclined } from './shell/app';

const here = dirname(fileURLToPath(import.meta.url));

startElectronApp({
  electron,
  createSettingsStore: (profileDir) => new Store<Record<string, unknown>>({ cwd: profileDir, name: 'settings', configFileMode: SETTINGS_FILE_MODE }),
  rendererDir: join(here, '../renderer'),
  preloadPath: join(here, '../preload/index.cjs'),
  trayIconPath: join(here, '../../resources/tray.png'),
  argv: process.argv,
}).catch((error: unknown) => {
  // The seller has already seen a native dialog (startWithRecovery); this only ends the process.
  if (!(error instanceof StartupDeclined)) console.error('Failed to start', error);
  electron.app.exit(1);
});
