// A shop for automation tests: a real database with the orders and automations ingest hooks, events fed through the
// same MessageStore path as the poller, a recording sender double and a re-check double (the real send path and the
// simulators are exercised in test/integration/automations).
import { createAutomationsModule, type AutomationsModule, type SendBatch } from '../../../electron/core/automations';
import type { CoreContext } from '../../../electron/core/context';
import { openDatabase, type Db } from '../../../electron/core/db/database';
import { EventBus } from '../../../electron/core/events';
import { createLogger } from '../../../electron/core/log/logger';
import { MessageStore } from '../../../electron/core/mq/store';
import { registerOrderIngest } from '../../../electron/core/orders/ingest';
import { MqParsingSchema } from '../../../shared/settings/schema';
import type { AutomationRuleInput } from '../../../shared/automations/contract';
import { formatBeijing } from '../../../shared/time/beijing';
import { FakeClock } from '../../helpers/fake-clock';
import { memorySettings, message, SELLER } from '../orders/fixtures';

export const TEMPLATE = 'SMS_AUTO_1';
export const MARKETING_TEMPLATE = 'SMS_AUTO_PROMO';
export const SIGN = '麦包包旗舰店';
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
const parsing = MqParsingSchema.parse({});

export interface World {
  db: Db;
  clock: FakeClock;
  ctx: CoreContext;
  auto: AutomationsModule;
  batches: SendBatch[];
  /** tid → answer of the re-check double ('ok', 'no-oaid', or an Error to throw). */
  recheck: Map<string, 'ok' | 'no-oaid' | Error>;
  rechecked: Array<{ tid: string; live: boolean }>;
  /** Runs inside the re-check (before it answers): lets a test ingest an event "during" the call. */
  duringRecheck: ((tid: string) => void) | null;
  optedOut: Set<string>;
  started: number[];
  /** The hand-over to the send engine fails (as when the process dies right after the decision's commit). */
  startFails: boolean;
  /** Feeds one TMC event (fact time = now unless given) through the poller's store. */
  event(topic: string, fields: Record<string, unknown>, at?: number): void;
  enable(kind: AutomationRuleInput['kind'], over?: Partial<AutomationRuleInput>): void;
  /** Moves the fake clock (nothing sleeps in these tests). */
  at(text: string): Promise<void>;
  close(): void;
}

export function order(tid: string, buyer = `buyer-${tid.slice(-4)}`, over: Record<string, unknown> = {}) {
  return { tid, oid: tid, seller_nick: SELLER, buyer_nick: '碎花裙子', buyer_open_uid: buyer, payment: '100.00', type: 'fixed', ...over };
}

export function createWorld(start = '2026-12-01 10:00:00', settings: Record<string, unknown> = {}): World {
  const db = openDatabase(':memory:');
  const clock = new FakeClock(start);
  const closers: Array<() => unknown> = [];
  const ctx = {
    db,
    shopId: 1,
    settings: memorySettings(settings),
    log: createLogger({ secrets: () => [], sink: () => {} }),
    clock,
    events: new EventBus(),
    onClose: (stop: () => unknown) => closers.push(stop),
  } as unknown as CoreContext;
  const now = new Date(clock.now()).toISOString();
  const insertTemplate = db.prepare(
    "INSERT INTO sms_templates (shop_id, name, type, content, status, platform_code, origin, created_at, updated_at) VALUES (1, ?, ?, ?, 'approved', ?, 'imported', ?, ?)",
  );
  insertTemplate.run('订单提醒', 1, '亲，您的订单${tid}有新进展', TEMPLATE, now, now);
  insertTemplate.run('好评有礼', 2, '亲，好评有礼，回TD退订', MARKETING_TEMPLATE, now, now);
  db.prepare("INSERT INTO sms_signatures (shop_id, name, source, status, created_at, updated_at) VALUES (1, ?, 4, 'approved', ?, ?)").run(SIGN, now, now);

  const messages = new MessageStore(db, 1);
  const unOrders = registerOrderIngest(ctx);
  let nextCampaign = 1000;
  const world: World = {
    db,
    clock,
    ctx,
    batches: [],
    recheck: new Map(),
    rechecked: [],
    duringRecheck: null,
    optedOut: new Set(),
    started: [],
    startFails: false,
    auto: null as unknown as AutomationsModule,
    event(topic, fields, at = clock.now()) {
      const m = message(topic, fields, 'envelope');
      const envelope = JSON.parse(m.body) as Record<string, unknown>;
      messages.persistBatch([{ ...m, body: JSON.stringify({ ...envelope, pub_time: formatBeijing(at, true) }) }], parsing);
    },
    enable(kind, over = {}) {
      world.auto.save({ kind, enabled: true, coverOpen: true, template: TEMPLATE, sign: SIGN, ...over });
    },
    async at(text) {
      const target = Date.parse(text.replace(' ', 'T') + '+08:00');
      await clock.advance(target - clock.now());
    },
    close() {
      unOrders();
      for (const c of closers) void c();
      db.close();
    },
  };
  world.auto = createAutomationsModule(ctx, {
    sender: {
      create(batch) {
        world.batches.push(batch);
        return nextCampaign++;
      },
      async start(id) {
        if (world.startFails) throw new Error('killed before the hand-over');
        world.started.push(id);
      },
      settled: () => true,
    },
    async recheck(tid, live) {
      world.rechecked.push({ tid, live });
      world.duringRecheck?.(tid);
      const answer = world.recheck.get(tid) ?? 'ok';
      if (answer instanceof Error) throw answer;
      return answer;
    },
    optedOut: (uid) => world.optedOut.has(uid),
  });
  return world;
}

/** Every tid the sender was asked to send, in order. */
export const sentTids = (w: World) => w.batches.flatMap((b) => b.tids);
