import { systemClock } from '../../../electron/core/clock';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventName, EventPayload } from '../../../shared/contract';
import type { MqSettings } from '../../../shared/settings/schema';
import type { CoreContext } from '../../../electron/core/context';
import { openDatabase } from '../../../electron/core/db/database';
import { DEFAULT_SHOP_ID } from '../../../electron/core/db/migrations/0001-shops';
import { EventBus } from '../../../electron/core/events';
import { createLogger } from '../../../electron/core/log/logger';
import { Settings, type KeyValueStore } from '../../../electron/core/settings';
import { StatusStore } from '../../../electron/core/status';
import { Vault } from '../../../electron/core/vault/vault';
import type { MqConfig } from '../../../electron/core/mq/config';
import { MqSettingsSchema } from '../../../shared/settings/schema';
import type { MqSimulator } from '../../../electron/sim/mq-http';

export class MemoryStore implements KeyValueStore {
  store: Record<string, unknown> = {};
  set(key: string, value: unknown) {
    this.store = { ...this.store, [key]: value };
  }
}

export interface TestContext {
  ctx: CoreContext;
  logs: string[];
  events: Array<{ name: EventName; payload: unknown }>;
  close(): Promise<void>;
}

/** A real CoreContext on an in-memory database and a cheap passphrase vault in a temp dir. */
export async function createTestContext(
  opts: {
    mq?: Partial<MqSettings>;
    secrets?: { accessKeyId?: string; accessKeySecret?: string };
    unlocked?: boolean;
    /** Database and log as files in the profile directory (jst.db, app.log), as the app keeps them. */
    files?: boolean;
  } = {},
): Promise<TestContext> {
  const dir = mkdtempSync(join(tmpdir(), 'jst-mq-'));
  const settings = new Settings(new MemoryStore());
  if (opts.mq) settings.update('mq', MqSettingsSchema.parse(opts.mq));
  const vault = new Vault(join(dir, 'vault.json'), { kind: 'passphrase', scrypt: { N: 1024, r: 8, p: 1 } });
  await vault.open();
  await vault.create('correct horse battery');
  if (opts.secrets) await vault.update({ 'mq.accessKeyId': opts.secrets.accessKeyId, 'mq.accessKeySecret': opts.secrets.accessKeySecret });
  if (opts.unlocked === false) vault.lock();
  const logs: string[] = [];
  const log = createLogger({
    secrets: () => vault.values(),
    sink: (line) => logs.push(line),
    level: 'debug',
    ...(opts.files ? { file: join(dir, 'app.log') } : {}),
  });
  const events = new EventBus();
  const seen: TestContext['events'] = [];
  events.subscribe((name, payload) => seen.push({ name, payload }));
  const db = openDatabase(opts.files ? join(dir, 'jst.db') : ':memory:');
  const stops: Array<() => Promise<void> | void> = [];
  const ctx: CoreContext = {
    host: 'browser',
    version: 'test',
    profileDir: dir,
    shopId: DEFAULT_SHOP_ID,
    db,
    settings,
    vault,
    events,
    status: new StatusStore(events, { vault: vault.status().state }),
    log,
    clock: systemClock,
    onClose: (stop) => stops.push(stop),
  };
  return {
    ctx,
    logs,
    events: seen,
    async close() {
      for (const stop of stops.reverse()) await stop();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function simSettings(sim: MqSimulator, extra: Partial<MqSettings> = {}): Partial<MqSettings> {
  return { endpoint: sim.endpoint, instanceId: sim.instanceId, topics: sim.topics, groupId: sim.groups[0]!, messageTag: '', enabled: true, ...extra };
}

export function simConfig(sim: MqSimulator, extra: Partial<MqConfig> = {}): MqConfig {
  return {
    endpoint: sim.endpoint,
    accessKeyId: sim.accessKeyId,
    accessKeySecret: sim.accessKeySecret,
    instanceId: sim.instanceId,
    consumers: sim.topics.map((topic) => ({ topic, groupId: sim.groups[0]!, messageTag: '' })),
    parsing: MqSettingsSchema.parse({}).parsing,
    ...extra,
  };
}

export function eventsOf<E extends EventName>(events: TestContext['events'], name: E): Array<EventPayload<E>> {
  return events.filter((e) => e.name === name).map((e) => e.payload as EventPayload<E>);
}

export async function waitFor<T>(probe: () => T | undefined | null | false, what: string, timeoutMs = 8_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export function count(db: CoreContext['db'], table: string): number {
  return db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
}

/** Logger for poller-level tests (no context). */
export function testLogger(lines: string[] = []) {
  return createLogger({ secrets: () => [], sink: (line) => lines.push(line), level: 'debug' });
}
