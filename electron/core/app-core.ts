import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HostKind } from '../../shared/contract';
import type { Envelope } from '../../shared/errors';
import { systemClock, type Clock } from './clock';
import type { CoreContext } from './context';
import { openDatabase } from './db/database';
import { DEFAULT_SHOP_ID } from './db/migrations/0001-shops';
import { createDispatcher, outboundEvents, type Handlers } from './dispatch';
import { EventBus } from './events';
import { demoHandlers, type DemoSwitch } from './features/demo';
import { historyHandlers } from './features/history';
import { inboxHandlers } from './features/inbox';
import { messageHandlers } from './features/messages';
import { recipientHandlers } from './features/recipients';
import { sendingHandlers } from './features/sending';
import { settingsHandlers } from './features/settings';
import { templateHandlers } from './features/templates';
import { topHandlers } from './features/top';
import { intervalsFromEnv } from './templates';
import { vaultHandlers } from './features/vault';
import { createLogger, type Logger } from './log/logger';
import { redactOutbound } from './log/redact';
import { profilePaths } from './profile';
import { openSettingsGuarded } from './profile-damage';
import { ensurePrivateDir } from './profile-files';
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
  /** Tuning knobs read by features (JST_* variables); default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Given by a host that can switch to 体验演示模式 (electron/demo/switcher.ts). */
  demo?: DemoSwitch;
  /** Time source for every feature; default the system clock. */
  clock?: Clock;
}

export interface Core {
  ctx: CoreContext;
  dispatch(method: unknown, input: unknown): Promise<Envelope<unknown>>;
  /** For transports: every payload they receive has passed the vault-wide redactor. */
  events: Pick<EventBus, 'emit' | 'subscribe'>;
  log: Logger;
  close(): Promise<void>;
}

export function appVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export async function createCore(options: CoreOptions): Promise<Core> {
  const paths = profilePaths(options.profileDir);
  ensurePrivateDir(options.profileDir);
  const settings = new Settings(
    options.settingsStore ??
      openSettingsGuarded(join(options.profileDir, `${paths.settingsName}.json`), () => openNodeSettingsStore(options.profileDir, paths.settingsName)),
  );
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
  const db = openDatabase(paths.database, undefined, { profileConfigured: existsSync(paths.vault) });
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
    clock: options.clock ?? systemClock,
    onClose: (stop) => stops.push(stop),
  };

  const handlers: Handlers = {
    'app.info': () => ({ name: 'jst-sms-desk', version: ctx.version, host: ctx.host, profileDir: ctx.profileDir, platform: process.platform }),
    'app.status': () => status.get(),
    ...vaultHandlers(ctx),
    ...settingsHandlers(ctx),
    // feature modules (one line each):
    ...templateHandlers(ctx, intervalsFromEnv(options.env ?? process.env)),
    ...historyHandlers(ctx), // before messages: its ingest hook matches reports inside each consumed batch
    ...inboxHandlers(ctx), // before messages: its ingest hook must exist before the pollers start
    ...messageHandlers(ctx),
    ...topHandlers(ctx),
    ...recipientHandlers(ctx),
    ...sendingHandlers(ctx),
    ...demoHandlers(options.demo),
  };

  let closed = false;
  const redact = (value: unknown) => redactOutbound(value, vault.outboundSecrets());
  return {
    ctx,
    dispatch: createDispatcher(handlers, log, redact),
    events: outboundEvents(events, redact),
    log,
    async close() {
      if (closed) return;
      closed = true;
      for (const stop of stops.reverse()) await stop();
      db.close();
    },
  };
}
