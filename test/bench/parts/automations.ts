// npm run bench -- automations [--json]
// 1. Decide: 100,000 due 发货提醒 items (one order and one buyer each) decided by one engine pass with the live re-check
//    stubbed at 0 ms and a sender that only hands out campaign ids (batches of 50, each committed with its decisions).
//    Goal: ≥ 5,000 decisions/s and no event-loop stall > 50 ms (the longest gap of a 5 ms timer during the pass; p99 too).
//    The same timer on an idle worker thread in the same window shows what the machine itself stalls (noise floor).
//    Baseline: the bare minimum for the same items — read the order, mark the item, 50 per transaction.
// 2. Burst: 10,000 TradeCreate events persisted through the poller's store in batches of 16 with the orders hook only
//    (baseline) versus orders + automations hooks (ours: every event also persists its 催付 item). Goal ≥ 0.9.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { createAutomationsModule } from '../../../electron/core/automations';
import { systemClock, type Clock } from '../../../electron/core/clock';
import type { CoreContext } from '../../../electron/core/context';
import { openDatabase, type Db } from '../../../electron/core/db/database';
import { EventBus } from '../../../electron/core/events';
import { createLogger } from '../../../electron/core/log/logger';
import { MessageStore, type ConsumedMessage } from '../../../electron/core/mq/store';
import { registerOrderIngest } from '../../../electron/core/orders/ingest';
import { Settings } from '../../../electron/core/settings';
import { MqParsingSchema } from '../../../shared/settings/schema';
import { parseBeijingDateTime } from '../../../shared/time/beijing';
import { MemoryStore } from '../../integration/mq/helpers';
import type { BenchPart, BenchResult } from '../types';

const ITEMS = 100_000;
const BURST = 10_000;
const RUNS = 3;
const NOW = parseBeijingDateTime('2026-12-01 10:00')!;
const fixedClock: Clock = { now: () => NOW, sleep: (ms, signal) => systemClock.sleep(ms, signal), random: () => 0.5 };

export const run: BenchPart['run'] = async ({ log }) => [await decideBench(log), burstBench(log)];

function context(db: Db, clock: Clock): CoreContext {
  return {
    db,
    shopId: 1,
    settings: new Settings(new MemoryStore()),
    log: createLogger({ secrets: () => [], sink: () => {} }),
    clock,
    events: new EventBus(),
    onClose: () => {},
  } as unknown as CoreContext;
}

function tempDb(): { db: Db; close(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'jst-auto-bench-'));
  const db = openDatabase(join(dir, 'bench.db'));
  return {
    db,
    close: () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const tidOf = (i: number) => (4_100_000_000_000_000_000n + BigInt(i)).toString();

/** 100k shipped orders, each with its due 发货提醒 item; an approved template. */
function seed(db: Db) {
  const iso = new Date(NOW).toISOString();
  db.prepare(
    "INSERT INTO sms_templates (shop_id, name, type, content, status, platform_code, origin, created_at, updated_at) VALUES (1, '发货', 1, '您的订单已发货', 'approved', 'SMS_BENCH', 'imported', ?, ?)",
  ).run(iso, iso);
  const order = db.prepare(
    "INSERT INTO orders (shop_id, tid, status, status_rank, buyer_open_uid, pay_at, consign_at, sort_at, updated_at) VALUES (1, ?, 'WAIT_BUYER_CONFIRM_GOODS', 4, ?, ?, ?, ?, ?)",
  );
  const item = db.prepare(
    "INSERT INTO automation_triggers (shop_id, kind, tid, trigger_key, topic, buyer_open_uid, base_at, due_at, seen_at) VALUES (1, 'shipped', ?, 'ship', 'taobao_trade_TradeSellerShip', ?, ?, ?, ?)",
  );
  db.transaction(() => {
    for (let i = 0; i < ITEMS; i++) {
      const at = NOW - 60_000 - (i % 600) * 1000;
      order.run(tidOf(i), `AAbench${i}`, at - 3_600_000, at, at, at);
      item.run(tidOf(i), `AAbench${i}`, at, at, at);
    }
  })();
}

interface Stall {
  /** The longest gap between ticks of a 5 ms timer (beyond its 5 ms). */
  max: number;
  p99: number;
}

function stallOf(gaps: number[]): Stall {
  const sorted = [...gaps].sort((a, b) => a - b);
  return { max: sorted[sorted.length - 1] ?? 0, p99: sorted[Math.floor(sorted.length * 0.99)] ?? 0 };
}

// The same 5 ms timer on a thread that does nothing else: what the machine itself (other processes, the scheduler)
// costs in the same window. On a busy shared machine it is far from 0, and our own stall cannot be below it.
const IDLE_TIMER = `
const { parentPort } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
const gaps = [];
let last = performance.now();
const timer = setInterval(() => { const now = performance.now(); gaps.push(now - last - 5); last = now; }, 5);
parentPort.on('message', () => { clearInterval(timer); parentPort.postMessage(gaps); });
parentPort.postMessage('ready');
`;

/** Event-loop stalls while `work` runs (a 5 ms timer's gaps), and the idle timer's on another thread meanwhile. */
async function withStallWatch<T>(work: () => Promise<T>): Promise<{ value: T; ours: Stall; machine: Stall }> {
  const idle = new Worker(IDLE_TIMER, { eval: true });
  await once(idle, 'message');
  const gaps: number[] = [];
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    gaps.push(now - last - 5);
    last = now;
  }, 5);
  try {
    const value = await work();
    gaps.push(performance.now() - last - 5);
    clearInterval(timer);
    idle.postMessage('stop');
    const [idleGaps] = (await once(idle, 'message')) as [number[]];
    return { value, ours: stallOf(gaps), machine: stallOf(idleGaps) };
  } finally {
    clearInterval(timer);
    await idle.terminate();
  }
}

async function decideOurs(): Promise<{ rate: number; stall: Stall; machine: Stall }> {
  const t = tempDb();
  try {
    seed(t.db);
    const ctx = context(t.db, fixedClock);
    let campaign = 0;
    const auto = createAutomationsModule(ctx, {
      sender: { create: () => ++campaign, start: async () => {}, settled: () => true },
      recheck: async () => 'ok',
      optedOut: () => false,
    });
    auto.save({ kind: 'shipped', enabled: true, coverOpen: true, template: 'SMS_BENCH', sign: '麦包包' });
    const started = performance.now();
    const { value, ours, machine } = await withStallWatch(() => auto.runOnce());
    const elapsed = performance.now() - started;
    if (value.sent !== ITEMS || campaign !== ITEMS / 50) throw new Error(`sent ${value.sent} in ${campaign} batches`);
    await auto.stop();
    return { rate: ITEMS / (elapsed / 1000), stall: ours, machine };
  } finally {
    t.close();
  }
}

async function decideBare(): Promise<number> {
  const t = tempDb();
  try {
    seed(t.db);
    const db = t.db;
    const due = db.prepare(
      "SELECT id, tid FROM automation_triggers WHERE shop_id = 1 AND kind = 'shipped' AND state = 'pending' AND due_at <= ? ORDER BY due_at, id",
    );
    const order = db.prepare('SELECT status FROM orders WHERE shop_id = 1 AND tid = ?');
    const batch = db.prepare("INSERT INTO automation_batches (shop_id, kind, size, created_at) VALUES (1, 'shipped', 50, ?)");
    const mark = db.prepare("UPDATE automation_triggers SET state = 'sent', batch_id = ?, decided_at = ? WHERE id = ?");
    const started = performance.now();
    const items = due.all(NOW) as Array<{ id: number; tid: string }>;
    for (let i = 0; i < items.length; i += 50) {
      db.transaction(() => {
        const id = batch.run(NOW).lastInsertRowid;
        for (const it of items.slice(i, i + 50)) {
          order.get(it.tid);
          mark.run(id, NOW, it.id);
        }
      })();
      if (i % 500 === 0) await new Promise((r) => setImmediate(r));
    }
    return ITEMS / ((performance.now() - started) / 1000);
  } finally {
    t.close();
  }
}

async function decideBench(log: (m: string) => void): Promise<BenchResult> {
  const ours: number[] = [];
  const bare: number[] = [];
  const stalls: Stall[] = [];
  const machine: Stall[] = [];
  for (let r = 0; r < RUNS; r++) {
    const o = await decideOurs();
    const b = await decideBare();
    ours.push(o.rate);
    bare.push(b);
    stalls.push(o.stall);
    machine.push(o.machine);
    log(
      `run ${r + 1}: ours ${o.rate.toFixed(0)} decisions/s (stall max ${o.stall.max.toFixed(1)} ms, p99 ${o.stall.p99.toFixed(1)} ms; ` +
        `idle thread meanwhile max ${o.machine.max.toFixed(1)} ms, p99 ${o.machine.p99.toFixed(1)} ms), bare ${b.toFixed(0)}/s`,
    );
  }
  const rate = median(ours);
  const worst = (values: Stall[], key: keyof Stall) => Math.max(...values.map((v) => v[key])).toFixed(1);
  return {
    name:
      `automations decide ${ITEMS / 1000}k due items (stall max ${worst(stalls, 'max')} ms, p99 ${worst(stalls, 'p99')} ms; ` +
      `idle thread max ${worst(machine, 'max')} ms, p99 ${worst(machine, 'p99')} ms)`,
    ours: Math.round(rate),
    baseline: Math.round(median(bare)),
    ratio: rate / median(bare),
    unit: 'decisions/s',
    runs: RUNS,
    goal: 'ours ≥ 5,000 decisions/s and stall ≤ 50 ms (ratio for reference; the idle thread shows the machine’s own stalls)',
  };
}

function burstMessages(round: number): ConsumedMessage[] {
  const out: ConsumedMessage[] = [];
  for (let i = 0; i < BURST; i++) {
    const tid = (4_200_000_000_000_000_000n + BigInt(round * BURST + i)).toString();
    out.push({
      messageId: `B${round}-${i}`,
      topic: 'jst',
      tag: 'taobao_trade_TradeCreate',
      body: `{"tid":${tid},"oid":${tid},"seller_nick":"bench店","buyer_nick":"买家${i}","buyer_open_uid":"AAburst${i}","payment":"9.90","type":"fixed","status":"WAIT_BUYER_PAY","modified":"2026-12-01 10:00:00"}`,
      publishTime: null,
      consumedTimes: 1,
    });
  }
  return out;
}

function burstOnce(withAutomations: boolean, round: number): number {
  const t = tempDb();
  try {
    const ctx = context(t.db, systemClock);
    registerOrderIngest(ctx);
    if (withAutomations)
      createAutomationsModule(ctx, {
        sender: { create: () => 1, start: async () => {}, settled: () => true },
        recheck: async () => 'ok',
        optedOut: () => false,
      });
    const store = new MessageStore(t.db, 1);
    const parsing = MqParsingSchema.parse({});
    const messages = burstMessages(round);
    const started = performance.now();
    for (let i = 0; i < messages.length; i += 16) store.persistBatch(messages.slice(i, i + 16), parsing);
    const elapsed = performance.now() - started;
    const events = t.db.prepare('SELECT COUNT(*) FROM order_events').pluck().get() as number;
    const items = t.db.prepare('SELECT COUNT(*) FROM automation_triggers').pluck().get() as number;
    if (events !== BURST || items !== (withAutomations ? BURST : 0)) throw new Error(`stored ${events} events, ${items} items`);
    return BURST / (elapsed / 1000);
  } finally {
    t.close();
  }
}

function burstBench(log: (m: string) => void): BenchResult {
  const ours: number[] = [];
  const bare: number[] = [];
  for (let r = 0; r <= RUNS; r++) {
    const order = r % 2 ? [true, false] : [false, true];
    const rates = new Map<boolean, number>();
    for (const withAutomations of order) rates.set(withAutomations, burstOnce(withAutomations, r));
    log(`${r === 0 ? 'warm-up' : `run ${r}`}: with triggers ${rates.get(true)!.toFixed(0)} events/s, without ${rates.get(false)!.toFixed(0)} events/s`);
    if (r > 0) {
      ours.push(rates.get(true)!);
      bare.push(rates.get(false)!);
    }
  }
  return {
    name: 'automations 10k TradeCreate burst, triggers persisted',
    ours: Math.round(median(ours)),
    baseline: Math.round(median(bare)),
    ratio: median(ours.map((o, i) => o / bare[i]!)),
    unit: 'events/s',
    runs: RUNS,
    goal: 'ratio ≥ 0.9 (median of per-round ratios; higher is better)',
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
