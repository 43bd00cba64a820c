import { systemClock } from '../../../electron/core/clock';
import type { CoreContext } from '../../../electron/core/context';
import type { Db } from '../../../electron/core/db/database';
import { EventBus } from '../../../electron/core/events';
import { createLogger } from '../../../electron/core/log/logger';
import { Settings, type KeyValueStore } from '../../../electron/core/settings';
import { StatusStore } from '../../../electron/core/status';
import type { Vault } from '../../../electron/core/vault/vault';
import { AppError } from '../../../shared/errors';
import type { SecretName, TopSettings } from '../../../shared/settings/schema';

/** A CoreContext with in-memory settings, a stand-in vault and a capturing logger — enough for the TOP service. */
export function topTestContext(opts: { secrets?: Partial<Record<SecretName, string>>; top?: Partial<TopSettings>; locked?: boolean } = {}) {
  const secrets = opts.secrets ?? {};
  const events = new EventBus();
  const status = new StatusStore(events, { vault: opts.locked ? 'locked' : 'unlocked' });
  const data: Record<string, unknown> = { top: opts.top ?? {} };
  const store: KeyValueStore = {
    get store() {
      return data;
    },
    set(key, value) {
      data[key] = value;
    },
  };
  const vault = {
    get(name: SecretName) {
      if (opts.locked) throw new AppError('VAULT_LOCKED', '保险箱已锁定，请先输入口令解锁。');
      return secrets[name];
    },
    values: () => Object.values(secrets).filter((v): v is string => Boolean(v)),
    isUnlocked: () => !opts.locked,
    // A stand-in vault with no origin binding (like one written before binding): any origin may be used.
    assertStoredSecretsMayGo: () => undefined,
  } as unknown as Vault;
  const logLines: string[] = [];
  const closers: Array<() => unknown> = [];
  const ctx: CoreContext = {
    host: 'browser',
    version: '0.0.0-test',
    profileDir: '/nonexistent',
    shopId: 1,
    db: {} as Db,
    settings: new Settings(store),
    vault,
    events,
    status,
    log: createLogger({ secrets: () => Object.values(secrets).filter((v): v is string => Boolean(v)), sink: (line) => logLines.push(line), level: 'debug' }),
    clock: systemClock,
    onClose: (stop) => closers.push(stop),
  };
  return { ctx, logLines, closers, secrets };
}
