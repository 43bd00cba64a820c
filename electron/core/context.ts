import type { Clock } from './clock';
import type { Db } from './db/database';
import type { EventBus } from './events';
import type { Logger } from './log/logger';
import type { Settings } from './settings';
import type { StatusStore } from './status';
import type { Vault } from './vault/vault';
import type { HostKind } from '../../shared/contract';

/** What every feature module gets. Built once per process by createCore. */
export interface CoreContext {
  host: HostKind;
  version: string;
  profileDir: string;
  shopId: number;
  db: Db;
  settings: Settings;
  vault: Vault;
  events: EventBus;
  status: StatusStore;
  log: Logger;
  /** The one time source (tests pass a fake). */
  clock: Clock;
  /** Background work (pollers, queues) registers its stop here; close() awaits them all. */
  onClose(stop: () => Promise<void> | void): void;
}
