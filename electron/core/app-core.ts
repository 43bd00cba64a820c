import { readFileSync } from 'node:fs';
import type { HostKind } from '../../shared/contract';
import type { Envelope } from '../../shared/errors';
import type { CoreContext } from './context';
import { openDatabase } from './db/database';
import { DEFAULT_SHOP_ID } from './db/migrations/0001-shops';
import { createDispatcher, type Handlers } from './dispatch';
import { EventBus } from './events';
import { messageHandlers } from './features/messages';
import { settingsHandlers } from './features/settings';
import { templateHandlers } from './features/templates';
import { topHandlers } from './features/top';
import { vaultHandlers } from './features/vault';
import { createLogger, type Logger } from './log/logger';
import { profilePaths } from './profile';
import { Settings, openNodeSettingsStore, type KeyValueStore } from './settings';
import { StatusStore } from './status';
import { Vault, type VaultBackend } from './vault/vault';

export interface CoreOptions {
  host: HostKind;
  profileDir: string;
  /** Electron: safeStorage; browser host and CLI: passphrase. */
  vaultBackend: (settings: Settings) => VaultBackend;
  /** Electron passes electron-store; default is conf in the profile directory. */
  settingsStore?: KeyValueStore;
  /** Unlocks (or creates) a passphrase vault headlessly. */
  passphrase?: string;
  logSink?: (line: string) => void;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
}

export interface Core {
  ctx: CoreContext;
  dispatch(method: unknown, input: unknown): Promise<Envelope<unknown>>;
  events: EventBus;
  log: Logger;
  close(): Promise<void>;
}

export function appVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export async function createCore(options: CoreOptions): Promise<Core> {
  const paths = profilePaths(options.profileDir);
  const settings = new Settings(options.settingsStore ?? openNodeSettingsStore(options.profileDir, paths.settingsName));
  const vault = new Vault(paths.vault, options.vaultBackend(settings));
  const log = createLogger({ file: paths.log, secrets: () => vault.values(), sink: options.logSink, level: options.logLevel });
  const events = new EventBus();
  await vault.open();
  if (options.passphrase) {
    const state = vault.status().state;
    if (state === 'uninitialized') await vault.create(options.passphrase);
    else if (state === 'locked') await vault.unlock(options.passphrase);
  }
  const status = new StatusStore(events, { vault: vault.status().state });
  const db = openDatabase(paths.database);
  vault.onChange(() => status.setVault(vault.status().state));

  const stops: Array<() => Promise<void> | void> = [];
  const ctx: CoreContext = {
    host: options.host,
    version: appVersion(),
    profileDir: options.profileDir,
    shopId: DEFAULT_SHOP_ID,
    db,
    settings,
    vault,
    events,
    status,
    log,
    onClose: (stop) => stops.push(stop),
  };

  const handlers: Handlers = {
    'app.info': () => ({ name: 'jst-sms-desk', version: ctx.version, host: ctx.host, profileDir: ctx.profileDir, platform: process.platform }),
    'app.status': () => status.get(),
    ...vaultHandlers(ctx),
    ...settingsHandlers(ctx),
    // feature modules (one line each):
    ...templateHandlers(ctx),
    ...messageHandlers(ctx),
    ...topHandlers(ctx),
  };

  let closed = false;
  return {
    ctx,
    dispatch: createDispatcher(handlers, log),
    events,
    log,
    async close() {
      if (closed) return;
      closed = true;
      for (const stop of stops.reverse()) await stop();
      db.close();
    },
  };
}
