import { join } from 'node:path';
import { systemClock, type Clock } from '../../../electron/core/clock';
import { AppSettingsSchema, type AppSettings } from '../../../shared/settings/schema';
import type { CoreContext } from '../../../electron/core/context';
import { openDatabase, type Db } from '../../../electron/core/db/database';
import { EventBus } from '../../../electron/core/events';
import { createLogger } from '../../../electron/core/log/logger';
import { SendingModule, type SendingModuleOptions } from '../../../electron/core/sending';
import { Settings } from '../../../electron/core/settings';
import { StatusStore } from '../../../electron/core/status';
import { SuppressionStore } from '../../../electron/core/suppression/store';
import { TopClient } from '../../../electron/core/top/client';
import { RateLimiter } from '../../../electron/core/top/limiter';
import type { TopGateway } from '../../../electron/sim/top-gateway';

export const SIGN = '张三男装淘宝店';

/** A light core context (in-memory DB, in-memory settings) with the sending module on the simulator. */
export function sendingEnv(
  gw: TopGateway,
  opts: {
    settings?: Partial<{ [K in keyof AppSettings]: Partial<AppSettings[K]> }>;
    module?: Partial<SendingModuleOptions>;
    qps?: number;
    /** A database file shared with another env (two processes on one profile); default in memory. */
    dbPath?: string;
    /** The core's clock (default the system clock); tests that wait for a time pass a FakeClock. */
    clock?: Clock;
  } = {},
) {
  const db: Db = openDatabase(opts.dbPath ?? ':memory:');
  const store: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(opts.settings ?? {})) store[k] = v;
  const settings = new Settings({ store, set: (key, value) => (store[key] = value) });
  settings.update('top', { ...AppSettingsSchema.shape.top.parse({}), qps: opts.qps ?? 50, ...(opts.settings?.top ?? {}) });
  const events = new EventBus();
  const emitted: Array<{ name: string; payload: unknown }> = [];
  events.subscribe((name, payload) => emitted.push({ name, payload }));
  const stops: Array<() => unknown> = [];
  const log = createLogger({ level: 'warn', sink: (line) => (process.env.SEND_DEBUG ? console.error(line) : undefined), secrets: () => [] });
  const ctx = {
    host: 'browser',
    version: 'test',
    profileDir: '/nonexistent',
    shopId: 1,
    db,
    settings,
    vault: {} as CoreContext['vault'],
    events,
    status: new StatusStore(events, { vault: 'unlocked' }),
    log,
    clock: opts.clock ?? systemClock,
    onClose: (stop: () => unknown) => stops.push(stop),
  } as CoreContext;
  const limiter = new RateLimiter(settings.get().top.qps);
  const client = new TopClient({ ...gw.credentials, gatewayUrl: gw.url, limiter, retry: { baseDelayMs: 20, maxDelayMs: 50 }, readTimeoutMs: 3_000 });
  const suppression = new SuppressionStore(ctx);
  const module = new SendingModule(ctx, { client: () => client, limiter: () => limiter, suppression, env: { JST_RECONCILE_AFTER_S: '0' }, ...opts.module });
  return {
    ctx,
    module,
    suppression,
    client,
    limiter,
    emitted,
    /** Seeds an approved local template (as templates.import would leave it) and returns its id. */
    template(code: string, content: string, type = 1): number {
      const now = new Date().toISOString();
      gw.control.seedTemplate({ code, content, type, status: 'approved' });
      return Number(
        db
          .prepare(
            "INSERT INTO sms_templates (shop_id, name, type, content, status, platform_code, origin, created_at, updated_at) VALUES (1, ?, ?, ?, 'approved', ?, 'imported', ?, ?)",
          )
          .run(`模板 ${code}`, type, content, code, now, now).lastInsertRowid,
      );
    },
    signature(name = SIGN) {
      const now = new Date().toISOString();
      gw.control.seedSignature({ name, status: 'approved' });
      db.prepare("INSERT OR IGNORE INTO sms_signatures (shop_id, name, source, status, created_at, updated_at) VALUES (1, ?, 4, 'approved', ?, ?)").run(
        name,
        now,
        now,
      );
    },
    async close() {
      await module.engine.stop();
      for (const s of stops) await s();
      client.close();
      db.close();
    },
  };
}

export function phones(n: number, prefix = '138'): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(8, '0')}`);
}

/**
 * A profile database as a spawned `jst-sms` finds it: the approved template `code` imported, and the context drafts
 * are created with (no core). The caller closes `db` before a CLI opens the profile.
 */
export function offlineProfile(
  profileDir: string,
  code: string,
  content: string,
): { db: Db; ctx: CoreContext; suppression: SuppressionStore; templateId: number; now: string } {
  const db: Db = openDatabase(join(profileDir, 'jst-sms.db'));
  const now = new Date().toISOString();
  const templateId = Number(
    db
      .prepare(
        "INSERT INTO sms_templates (shop_id, name, type, content, status, platform_code, origin, created_at, updated_at) VALUES (1, '发货通知', 1, ?, 'approved', ?, 'imported', ?, ?)",
      )
      .run(content, code, now, now).lastInsertRowid,
  );
  const ctx = { db, shopId: 1, events: new EventBus(), clock: systemClock, settings: { get: () => AppSettingsSchema.parse({}) } } as unknown as CoreContext;
  return { db, ctx, suppression: new SuppressionStore(ctx), templateId, now };
}

/** The environment of a spawned `jst-sms` on this profile and simulator: TOP by env, a fast limiter, reconciliation due at once. */
export function cliEnv(profileDir: string, gw: TopGateway): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: profileDir,
    JST_SMS_PROFILE: profileDir,
    JST_TOP_GATEWAY: gw.url,
    JST_TOP_APP_KEY: gw.credentials.appKey,
    JST_TOP_APP_SECRET: gw.credentials.appSecret,
    JST_TOP_SESSION: gw.credentials.session,
    JST_TOP_QPS: '1000',
    JST_RECONCILE_AFTER_S: '0',
  };
}
