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
import type { AutomationHooks } from './automations';
import { automationsHandlers } from './features/automations';
import { audiencesHandlers } from './features/audiences';
import { costsHandlers } from './features/costs';
import { demoHandlers, type DemoSwitch } from './features/demo';
import { historyHandlers } from './features/history';
import { inboxHandlers } from './features/inbox';
import { messageHandlers } from './features/messages';
import { ordersHandlers } from './features/orders';
import { recipientHandlers } from './features/recipients';
import { sendingHandlers } from './features/sending';
import { settingsHandlers } from './features/settings';
import { suppressionHandlers } from './features/suppression';
import { templateHandlers } from './features/templates';
import { topHandlers } from './features/top';
import { vaultHandlers } from './features/vault';
import { createLogger, type Logger } from './log/logger';
import { redactOutbound } from './log/redact';
import { profilePaths } from './profile';
import { openSettingsGuarded } from './profile-damage';
import { ensurePrivateDir } from './profile-files';
import { createServices, startBackground, type CoreServices } from './services';
import type { SendHooks } from './sending/engine';
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
  /** false: the passphrase only unlocks an existing vault, never creates one (the CLI). Default true. */
  createVault?: boolean;
  logSink?: (line: string) => void;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** Scope of the core's log lines (default 'app'). */
  logScope?: string;
  /** Tuning knobs read by features (JST_* variables); default process.env. */
  env?: NodeJS.ProcessEnv;
  /**
   * The CLI: JST_TOP_APP_KEY / APP_SECRET / SESSION / GATEWAY / SIGN_METHOD / QPS and JST_MQ_* in `env` override the
   * profile's TOP and MQ settings and secrets (in the one TOP service and MQ config resolution), and are redacted.
   */
  envOverrides?: boolean;
  /**
   * No background work starts by itself (pollers, audit polling, outbox, reconciliation, the send engine's recovery
   * and resume, import clean-up): a headless host starts what it needs through core.services.
   */
  headless?: boolean;
  /** Crash-test seam of the send engine (the CLI's JST_SEND_TEST_HOOKS). */
  sendHooks?: SendHooks;
  /** Crash-test seam of the automations engine (CLI JST_SEND_TEST_HOOKS=gate). */
  automationHooks?: AutomationHooks;
  /** Given by a host that can switch to 体验演示模式 (electron/demo/switcher.ts). */
  demo?: DemoSwitch;
  /** Time source for every feature; default the system clock. */
  clock?: Clock;
}

export interface Core {
  ctx: CoreContext;
  /** Every feature service, built once (electron/core/services.ts). */
  services: CoreServices;
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
  const clock = options.clock ?? systemClock;
  const vault = new Vault(paths.vault, options.vaultBackend(settings), { now: () => clock.now() });
  const env = options.env ?? process.env;
  const envSecrets = options.envOverrides ? overrideSecrets(env) : [];
  const log = createLogger(
    { file: paths.log, secrets: () => [...vault.values(), ...envSecrets], sink: options.logSink, level: options.logLevel },
    options.logScope,
  );
  const events = new EventBus();
  await vault.open();
  if (options.passphrase) {
    const state = vault.status().state;
    if (state === 'uninitialized' && options.createVault !== false) await vault.create(options.passphrase);
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
    clock,
    onClose: (stop) => stops.push(stop),
  };

  const services = createServices(ctx, {
    env,
    envOverrides: options.envOverrides ?? false,
    sendHooks: options.sendHooks,
    automationHooks: options.automationHooks,
  });
  const handlers: Handlers = {
    'app.info': () => ({ name: 'jst-sms-desk', version: ctx.version, host: ctx.host, profileDir: ctx.profileDir, platform: process.platform }),
    'app.status': () => status.get(),
    ...vaultHandlers(ctx),
    ...settingsHandlers(ctx),
    // feature modules (one line each):
    ...templateHandlers(services.templates),
    ...historyHandlers(ctx, services),
    ...inboxHandlers(ctx, services.inbox),
    ...ordersHandlers(ctx, services.orders, services.sending),
    ...automationsHandlers(services.automations),
    ...audiencesHandlers(ctx, services.audiences, services.sending, services.costs),
    ...costsHandlers(ctx, services.costs),
    ...messageHandlers(ctx, services.messages),
    ...topHandlers(services.top),
    ...recipientHandlers(ctx),
    ...suppressionHandlers(ctx, services.suppression),
    ...sendingHandlers(ctx, services.sending, services.suppression),
    ...demoHandlers(options.demo),
  };
  if (!options.headless) startBackground(ctx, services);

  let closed = false;
  const redact = (value: unknown) => redactOutbound(value, vault.outboundSecrets());
  return {
    ctx,
    services,
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

/** Secret values the CLI gives through the environment, so the logger redacts them too. */
function overrideSecrets(env: NodeJS.ProcessEnv): string[] {
  return ['JST_TOP_APP_SECRET', 'JST_TOP_SESSION', 'JST_MQ_ACCESS_KEY_SECRET', 'JST_SMS_PASSPHRASE'].map((k) => env[k]).filter((v): v is string => Boolean(v));
}
