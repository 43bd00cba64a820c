// The app's services (createServices, as createCore builds them) on a bench database, nothing started: every ingest hook
// and order screen the app registers then runs in each batch a bench's own poller commits, so ingest is measured with
// the app's full per-batch work (history matching, inbox threads, orders, automation triggers), not a chosen subset.
import { join } from 'node:path';
import { systemClock } from '../../electron/core/clock';
import type { CoreContext } from '../../electron/core/context';
import type { Db } from '../../electron/core/db/database';
import { EventBus } from '../../electron/core/events';
import type { Logger } from '../../electron/core/log/logger';
import { createServices, type CoreServices } from '../../electron/core/services';
import { Settings } from '../../electron/core/settings';
import { StatusStore } from '../../electron/core/status';
import { Vault } from '../../electron/core/vault/vault';
import { MemoryStore } from '../integration/mq/helpers';

export interface AppServices {
  ctx: CoreContext;
  services: CoreServices;
  close(): Promise<void>;
}

/** `dir` holds the vault file; the caller owns `db` (and closes it after close()). */
export async function appServices(db: Db, dir: string, log: Logger): Promise<AppServices> {
  const vault = new Vault(join(dir, 'vault.json'), { kind: 'passphrase', scrypt: { N: 1024, r: 8, p: 1 } });
  await vault.open();
  await vault.create('bench passphrase');
  const events = new EventBus();
  const stops: Array<() => Promise<void> | void> = [];
  const ctx: CoreContext = {
    host: 'cli',
    version: 'bench',
    profileDir: dir,
    shopId: 1,
    db,
    settings: new Settings(new MemoryStore()),
    vault,
    events,
    status: new StatusStore(events, { vault: vault.status().state }),
    log,
    clock: systemClock,
    onClose: (stop) => stops.push(stop),
  };
  const services = createServices(ctx, { env: {}, envOverrides: false });
  return {
    ctx,
    services,
    async close() {
      for (const stop of stops.reverse()) await stop();
    },
  };
}
