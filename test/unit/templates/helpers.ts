import { systemClock } from '../../../electron/core/clock';
import type { CoreContext } from '../../../electron/core/context';
import { openDatabase } from '../../../electron/core/db/database';
import { EventBus } from '../../../electron/core/events';
import { createLogger } from '../../../electron/core/log/logger';
import { Settings, type KeyValueStore } from '../../../electron/core/settings';
import { StatusStore } from '../../../electron/core/status';
import { createTemplatesModule, type TemplatesModuleOptions } from '../../../electron/core/templates';
import type { Vault } from '../../../electron/core/vault/vault';
import type { EventName } from '../../../shared/contract';
import { FakePlatform } from './fake-platform';

/** A CoreContext on an in-memory database, recording every event. */
export function memoryContext() {
  const events = new EventBus();
  const seen: Array<{ name: EventName; payload: any }> = [];
  events.subscribe((name, payload) => seen.push({ name, payload }));
  const data: Record<string, unknown> = {};
  const store: KeyValueStore = {
    get store() {
      return data;
    },
    set(key, value) {
      data[key] = value;
    },
  };
  const closers: Array<() => unknown> = [];
  const logLines: string[] = [];
  const ctx: CoreContext = {
    host: 'browser',
    version: '0.0.0-test',
    profileDir: '/nonexistent',
    shopId: 1,
    db: openDatabase(':memory:'),
    settings: new Settings(store),
    vault: {} as Vault,
    events,
    status: new StatusStore(events, { vault: 'unlocked' }),
    log: createLogger({ secrets: () => [], sink: (line) => logLines.push(line), level: 'debug' }),
    clock: systemClock,
    onClose: (stop) => closers.push(stop),
  };
  return {
    ctx,
    seen,
    logLines,
    close: async () => {
      for (const c of closers.reverse()) await c();
      ctx.db.close();
    },
  };
}

/**
 * The templates module on a fake platform, with a controllable clock. Background timers are real but the
 * intervals are long, so tests drive the worker and the poller explicitly.
 */
export function fakeModule(options: Partial<TemplatesModuleOptions> = {}) {
  const env = memoryContext();
  const platform = new FakePlatform();
  const clock = { now: Date.UTC(2025, 2, 1, 2, 0, 0) };
  const module = createTemplatesModule(env.ctx, {
    platform: () => platform,
    now: () => clock.now,
    random: () => 0.5,
    auditPoll: { initialMs: 3_600_000, maxMs: 3_600_000 },
    outboxRetry: { initialMs: 3_600_000, maxMs: 3_600_000 },
    ...options,
  });
  return { ...env, platform, clock, module };
}

export const GOOD_NOTICE = { name: '发货通知', type: 1 as const, content: '亲，您的订单${tid}已发货，请注意查收。', remark: '买家下单后发货提醒' };
export const GOOD_MARKETING = { name: '上新活动', type: 2 as const, content: '亲，店铺上新全场8折，戳 ${url} 查看，回T退订', remark: '老客户上新推广' };
