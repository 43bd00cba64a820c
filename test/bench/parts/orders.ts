// npm run bench -- orders [--json]   (BENCH_ORDERS=backfill npm run bench -- orders: one section)
// 1. Ingest: 10,000 TMC order events (create → pay → ship → success for 2,500 orders, tag = topic, 19-digit tids as
//    JSON numbers) through our poller with every ingest hook of the app (parse, seller check, persist, order state,
//    automation items, ack) on a SQLite file versus the official sample's bare consumeMessage(16) → ackMessage loop,
//    same run, rotating order. Goal ≥ 0.9.
// 2. Backfill: 7 days, 20,000 orders, simulated latency 50 ms, QPS 10 (see backfillBench) — calls vs pages and the
//    wall time against the QPS floor (calls / QPS).
// 3. List: 200,000 orders; first page, status filter, item search (few and many matches), tid search, time range, amount:
//    p95 against the same query written bare (no filter building, no mapping). Goal: ours p95 < 50 ms.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import MQ from '@aliyunmq/mq-http-sdk';
import { openDatabase } from '../../../electron/core/db/database';
import { createLogger } from '../../../electron/core/log/logger';
import type { MqConfig } from '../../../electron/core/mq/config';
import { MqPoller } from '../../../electron/core/mq/poller';
import { MessageStore } from '../../../electron/core/mq/store';
import { OrderStore, type TradeFacts } from '../../../electron/core/orders/store';
import { TRADE_STATUSES } from '../../../shared/orders/status';
import { MqSettingsSchema } from '../../../shared/settings/schema';
import { formatBeijing } from '../../../shared/time/beijing';
import { DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, DEMO_INSTANCE_ID, DEMO_TOPIC } from '../../../electron/sim/mq-http';
import { createTestContext } from '../../integration/mq/helpers';
import { createOrdersModule } from '../../../electron/core/orders';
import { TopClient } from '../../../electron/core/top/client';
import { startTopGateway } from '../../../electron/sim/top-gateway';
import { appServices } from '../app-services';
import type { BenchPart, BenchResult } from '../types';

const EVENTS = 10_000;
const RUNS = 3;
const OURS = 'GID_orders_ours';
const BARE = 'GID_orders_bare';
const SIM_CLI = fileURLToPath(new URL('../../../electron/sim/mq-http/cli.ts', import.meta.url));
const LIST_ORDERS = 200_000;
const LIST_SAMPLES = 200;

// BENCH_ORDERS=backfill (comma list of ingest, backfill, list) runs only those sections; the list section takes minutes.
const SECTIONS = ['ingest', 'backfill', 'list'] as const;

export const run: BenchPart['run'] = async ({ log }) => {
  const wanted = process.env.BENCH_ORDERS?.split(',').map((s) => s.trim()) ?? [...SECTIONS];
  const unknown = wanted.filter((s) => !(SECTIONS as readonly string[]).includes(s));
  if (unknown.length) throw new Error(`BENCH_ORDERS: unknown section(s) ${unknown.join(', ')}; known: ${SECTIONS.join(', ')}`);
  const results: BenchResult[] = [];
  if (wanted.includes('ingest')) results.push(...(await ingestBench(log)));
  if (wanted.includes('backfill')) results.push(...(await backfillBench(log)));
  if (wanted.includes('list')) results.push(...listBench(log));
  return results;
};

// ---- 1. ingest ----

interface SimProcess {
  endpoint: string;
  control(path: string, body?: unknown): Promise<unknown>;
  close(): Promise<void>;
}

const TOPICS = ['taobao_trade_TradeCreate', 'taobao_trade_TradeBuyerPay', 'taobao_trade_TradeSellerShip', 'taobao_trade_TradeSuccess'];

async function publishEvents(sim: SimProcess) {
  const orders = EVENTS / TOPICS.length;
  const base = 4_100_000_000_000_000_000n + BigInt(Date.now() % 1_000_000) * 10_000n;
  const jobs: Array<Promise<unknown>> = [];
  for (let step = 0; step < TOPICS.length; step++) {
    for (let i = 0; i < orders; i++) {
      const tid = (base + BigInt(i)).toString();
      const body = `{"tid":${tid},"oid":${tid},"seller_nick":"bench店","buyer_nick":"买家${i}","buyer_open_uid":"AAbench${i}","payment":"${(i % 500) + 1}.00","type":"fixed","status":""}`;
      jobs.push(sim.control('/__sim/publish', { body, tag: TOPICS[step] }));
      if (jobs.length >= 64) await Promise.all(jobs.splice(0));
    }
  }
  await Promise.all(jobs);
}

async function ingestBench(log: (m: string) => void): Promise<BenchResult[]> {
  const sim = await startSimProcess();
  try {
    const rates: Record<'bare' | 'ours', number[]> = { bare: [], ours: [] };
    for (let r = 0; r <= RUNS; r++) {
      const order: Array<'bare' | 'ours'> = r % 2 ? ['ours', 'bare'] : ['bare', 'ours'];
      for (const which of order) {
        await sim.control('/__sim/reset');
        await publishEvents(sim);
        const rate = which === 'bare' ? await throughputBare(sim) : await throughputOurs(sim);
        if (r > 0) rates[which].push(rate);
        log(`${r === 0 ? 'warm-up' : `run ${r}`}: ${which} ${rate.toFixed(0)} events/s`);
      }
    }
    return [
      {
        name: 'orders ingest 10k events, SQLite file',
        ours: Math.round(median(rates.ours)),
        baseline: Math.round(median(rates.bare)),
        ratio: median(rates.ours.map((rate, i) => rate / rates.bare[i]!)),
        unit: 'events/s',
        runs: RUNS,
        goal: 'ratio ≥ 0.9 (median of per-round ratios; higher is better)',
      },
    ];
  } finally {
    await sim.close();
  }
}

async function throughputOurs(sim: SimProcess): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'jst-orders-bench-'));
  const db = openDatabase(join(dir, 'bench.db'));
  let finished: () => void = () => {};
  const done = new Promise<void>((resolve) => (finished = resolve));
  const config: MqConfig = {
    endpoint: sim.endpoint,
    accessKeyId: DEMO_ACCESS_KEY_ID,
    accessKeySecret: DEMO_ACCESS_KEY_SECRET,
    instanceId: DEMO_INSTANCE_ID,
    consumers: [{ topic: DEMO_TOPIC, groupId: OURS, messageTag: '' }],
    parsing: MqSettingsSchema.parse({}).parsing,
  };
  const log = createLogger({ secrets: () => [], level: 'info' });
  // Every ingest hook and the seller check of the app (history, inbox, orders, automations) commit with each batch.
  const app = await appServices(db, dir, log);
  const poller = new MqPoller(config, config.consumers[0]!, new MessageStore(db, 1), log, {
    onStatus: (status) => {
      if (status.acked >= EVENTS) finished();
    },
  });
  try {
    const started = performance.now();
    poller.start();
    await done;
    const elapsed = performance.now() - started;
    await poller.stop();
    const events = db.prepare('SELECT COUNT(*) FROM order_events').pluck().get() as number;
    const finishedOrders = db.prepare("SELECT COUNT(*) FROM orders WHERE status = 'TRADE_FINISHED'").pluck().get() as number;
    // create, ship and success each start an automation item (written whether or not the rule is on, as in the app).
    const triggers = db.prepare('SELECT COUNT(*) FROM automation_triggers').pluck().get() as number;
    if (events !== EVENTS || finishedOrders !== EVENTS / TOPICS.length || triggers !== (EVENTS / TOPICS.length) * 3)
      throw new Error(`stored ${events} events, ${finishedOrders} finished orders, ${triggers} automation items`);
    return EVENTS / (elapsed / 1000);
  } finally {
    await app.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function throughputBare(sim: SimProcess): Promise<number> {
  const consumer = new MQ.MQClient(sim.endpoint, DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET).getConsumer(DEMO_INSTANCE_ID, DEMO_TOPIC, BARE);
  let acked = 0;
  const started = performance.now();
  while (acked < EVENTS) {
    try {
      const res = await consumer.consumeMessage(16, 30);
      const ack = await consumer.ackMessage(res.body.map((m) => m.ReceiptHandle));
      if (ack.code === 204) acked += res.body.length;
    } catch (error) {
      if ((error as { Code?: string }).Code !== 'MessageNotExist') throw error;
    }
  }
  return EVENTS / ((performance.now() - started) / 1000);
}

async function startSimProcess(): Promise<SimProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', SIM_CLI, '--port', '0', '--group', `${OURS},${BARE}`], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const m = /endpoint\s+(http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  return {
    endpoint,
    async control(path, body) {
      const res = await fetch(`${endpoint}${path}`, { method: 'POST', body: JSON.stringify(body ?? {}) });
      if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
      return res.json();
    },
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

// ---- 2. backfill ----

const BACKFILL_ORDERS = 20_000;
const BACKFILL_DAYS = 7;
const QPS = 10;

async function backfillBench(log: (m: string) => void): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const kind of ['increment', 'initial'] as const) {
    const gateway = await startTopGateway({ latencyMs: 50, qpsLimit: QPS });
    const t = await createTestContext();
    try {
      const now = Date.now();
      for (let i = 0; i < BACKFILL_ORDERS; i++) {
        gateway.trades.create({ createdAt: now - Math.floor(((i + 0.5) * BACKFILL_DAYS * 86_400_000) / BACKFILL_ORDERS) - 1_000 });
      }
      const client = new TopClient({ ...gateway.credentials, gatewayUrl: gateway.url, qps: QPS });
      const orders = createOrdersModule(t.ctx, { client: () => client, syncOnStart: false });
      // increment: the app was not consuming for 7 days (coverage mark 7 days ago); initial: a first import of 7 days.
      if (kind === 'increment') orders.backfill.markConsuming(now - BACKFILL_DAYS * 86_400_000);
      const started = performance.now();
      orders.startSync(kind === 'initial' ? { days: BACKFILL_DAYS } : {});
      const job = await orders.backfill.wait();
      const wallS = (performance.now() - started) / 1000;
      const httpCalls = Object.values(gateway.counters.callsByMethod).reduce((n, c) => n + c, 0);
      if (job?.state !== 'done' || orders.store.count() !== BACKFILL_ORDERS)
        throw new Error(`backfill ${kind}: ${JSON.stringify(job)}, ${orders.store.count()} orders`);
      const floorS = httpCalls / QPS;
      log(`${kind}: ${job.synced} orders, ${job.pages} pages, ${job.calls} calls (${httpCalls} HTTP), ${wallS.toFixed(1)} s, QPS floor ${floorS.toFixed(1)} s`);
      results.push({
        name: `orders backfill 7d 20k (${kind}) calls vs pages`,
        ours: httpCalls,
        baseline: job.pages,
        ratio: httpCalls / job.pages,
        unit: 'calls',
        runs: 1,
        goal: 'calls ≤ pages + details needed (0 here): ratio ≤ 1',
      });
      results.push({
        name: `orders backfill 7d 20k (${kind}) wall vs QPS floor`,
        ours: Math.round(wallS * 10) / 10,
        baseline: Math.round(floorS * 10) / 10,
        ratio: wallS / floorS,
        unit: 's',
        runs: 1,
        goal: 'close to 1 (the floor is calls / QPS 10, latency 50 ms)',
      });
      await orders.stop();
      client.close();
    } finally {
      await t.close();
      await gateway.close();
    }
  }
  return results;
}

// ---- 3. list ----

function listBench(log: (m: string) => void): BenchResult[] {
  const dir = mkdtempSync(join(tmpdir(), 'jst-orders-list-'));
  const db = openDatabase(join(dir, 'list.db'));
  try {
    const store = new OrderStore(db, 1);
    const now = Date.UTC(2026, 11, 7, 4, 0, 0);
    const titles = ['碎花连衣裙', '纯棉T恤', '牛仔裤', '羊毛围巾', '运动鞋', '真皮钱包', '保温杯', '蓝牙耳机'];
    const statuses = TRADE_STATUSES.filter((s) => s !== 'TRADE_NO_CREATE_PAY');
    const seed = db.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const created = now - i * 60_000;
        const trade: TradeFacts = {
          tid: (4_200_000_000_000_000_000n + BigInt(i)).toString(),
          status: statuses[i % statuses.length]!,
          type: 'fixed',
          buyerOpenUid: `AAbuyer${i % 50_000}`,
          buyerNick: '买**',
          payment: `${(i % 900) + 10}.00`,
          postFee: '0.00',
          created,
          payTime: created + 60_000,
          consignTime: null,
          endTime: null,
          modified: created + 120_000,
          items: [{ oid: String(i), title: `${titles[i % titles.length]} ${i % 97}号`, num: (i % 3) + 1 }],
        };
        store.applyTrade(trade, now);
      }
    });
    for (let i = 0; i < LIST_ORDERS; i += 10_000) seed(i, i + 10_000);
    // No ANALYZE: the app never runs it, so the planner works without statistics here as on a seller's PC.
    log(`seeded ${store.count()} orders`);
    const mid = formatBeijing(now - 30 * 86_400_000, true);
    const cases: Array<{ name: string; ours: () => unknown; bare: () => unknown }> = [
      {
        name: 'first page',
        ours: () => store.list({ page: 1, pageSize: 50 }),
        bare: () => db.prepare('SELECT * FROM orders WHERE shop_id = 1 ORDER BY sort_at DESC, tid DESC LIMIT 50').all(),
      },
      {
        name: 'status filter',
        ours: () => store.list({ page: 1, pageSize: 50, status: ['WAIT_SELLER_SEND_GOODS'] }),
        bare: () => db.prepare("SELECT * FROM orders WHERE shop_id = 1 AND status = 'WAIT_SELLER_SEND_GOODS' ORDER BY sort_at DESC, tid DESC LIMIT 50").all(),
      },
      {
        name: 'item search',
        ours: () => store.list({ page: 1, pageSize: 50, item: '围巾 13号' }),
        bare: () => db.prepare("SELECT * FROM orders WHERE shop_id = 1 AND item_text LIKE '%围巾 13号%' ORDER BY sort_at DESC, tid DESC LIMIT 50").all(),
      },
      {
        name: 'tid search',
        ours: () => store.list({ page: 1, pageSize: 50, tid: '42000000000001234' }),
        bare: () => db.prepare("SELECT * FROM orders WHERE shop_id = 1 AND tid LIKE '42000000000001234%' ORDER BY sort_at DESC, tid DESC LIMIT 50").all(),
      },
      {
        name: 'created before + amount',
        ours: () => store.list({ page: 1, pageSize: 50, createdTo: mid, minPayment: 500 }),
        bare: () =>
          db
            .prepare('SELECT * FROM orders WHERE shop_id = 1 AND sort_at <= ? AND payment_fen >= 50000 ORDER BY sort_at DESC, tid DESC LIMIT 50')
            .all(now - 30 * 86_400_000),
      },
      {
        name: 'amount range',
        ours: () => store.list({ page: 1, pageSize: 50, minPayment: 800, maxPayment: 850 }),
        bare: () => db.prepare('SELECT * FROM orders WHERE shop_id = 1 AND payment_fen BETWEEN 80000 AND 85000 ORDER BY sort_at DESC, tid DESC LIMIT 50').all(),
      },
      {
        name: 'status + amount',
        ours: () => store.list({ page: 1, pageSize: 50, status: ['WAIT_BUYER_PAY'], minPayment: 800 }),
        bare: () =>
          db
            .prepare("SELECT * FROM orders WHERE shop_id = 1 AND status = 'WAIT_BUYER_PAY' AND payment_fen >= 80000 ORDER BY sort_at DESC, tid DESC LIMIT 50")
            .all(),
      },
      {
        name: 'item search, many matches',
        ours: () => store.list({ page: 1, pageSize: 50, item: '羊毛围巾' }),
        bare: () => db.prepare("SELECT * FROM orders WHERE shop_id = 1 AND item_text LIKE '%羊毛围巾%' ORDER BY sort_at DESC, tid DESC LIMIT 50").all(),
      },
    ];
    return cases.map((c) => {
      const ours = sample(c.ours);
      const bare = sample(c.bare);
      log(`${c.name}: ours p95 ${ours.toFixed(2)} ms, bare p95 ${bare.toFixed(2)} ms`);
      return {
        name: `orders list 200k: ${c.name} p95`,
        ours: Math.round(ours * 100) / 100,
        baseline: Math.round(bare * 100) / 100,
        ratio: bare > 0 ? ours / bare : 0,
        unit: 'ms',
        runs: LIST_SAMPLES,
        goal: 'ours < 50 ms (lower is better; ours adds the total count and the mapping)',
      };
    });
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function sample(fn: () => unknown): number {
  for (let i = 0; i < 10; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < LIST_SAMPLES; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return pct(times, 95);
}

function median(values: number[]) {
  return pct(values, 50);
}

function pct(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
