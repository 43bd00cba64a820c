import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registerIngestHook } from '../../../electron/core/mq/ingest-hooks';
import { MqPoller } from '../../../electron/core/mq/poller';
import { MessageStore } from '../../../electron/core/mq/store';
import { ReportMatcher } from '../../../electron/core/history/matching';
import { HistoryQueries } from '../../../electron/core/history/queries';
import { createOrdersModule, type OrdersModule } from '../../../electron/core/orders';
import type { OrderSource } from '../../../electron/core/sending/orders';
import { linkTrades } from '../../../electron/sim/link-trades';
import { startMqSimulator, type MqSimulator } from '../../../electron/sim/mq-http';
import { startTopGateway, type SendEvent, type TopGateway } from '../../../electron/sim/top-gateway';
import { orderRecipientKey } from '../../../shared/orders/fields';
import { ImportOrdersInput } from '../../../shared/sending/contract';
import { checkCampaign } from '../../../electron/core/sending/check';
import { simConfig } from '../mq/helpers';
import { SIGN, sendingEnv } from './helpers';
import { CostLedger } from '../../../electron/core/costs/ledger';

// Issue 17 §5: sending to the buyers of chosen orders by OAID (≤ 50 a call, order_ids aligned, sign_name arrays),
// through the same crash-safe ledger; unknown OAID chunks settled by delivery reports or after a deadline (未确认).
let gw: TopGateway;
let mq: MqSimulator;
const sends: SendEvent[] = [];
/** Off: the gateway executes but no report is published (a report lost or late beyond the deadline). */
let publishReports = true;
const HOUR = 3_600_000;

beforeAll(async () => {
  mq = await startMqSimulator({});
  gw = await startTopGateway({
    reviewDelayMs: null,
    onSend: (send) => {
      sends.push(send);
      if (!publishReports) return;
      mq.reportForSend({ bizId: send.bizId, phone: send.phone, oaid: send.oaid, orderId: send.orderId, sentAt: send.sentAtMs, delivery: send.outcome });
    },
  });
});
afterAll(async () => {
  await gw.close();
  await mq.close();
});

type Env = ReturnType<typeof sendingEnv> & { orders: OrdersModule; source: OrderSource; clock: { now: number }; drain(): Promise<void> };
let env: Env | null = null;
afterEach(async () => {
  await env?.orders.stop();
  await env?.close();
  env = null;
  gw.control.clearFaults();
  publishReports = true;
  sends.length = 0;
});

function setup(): Env {
  const clock = { now: Date.now() };
  let orders: OrdersModule | null = null;
  const source: OrderSource = {
    get store() {
      return orders!.store;
    },
    oaidFor: (tid) => orders!.oaidFor(tid),
    forgetOaids: (tids) => orders!.forgetOaids(tids),
  };
  const base = sendingEnv(gw, { module: { orders: source, now: () => clock.now } });
  orders = createOrdersModule(base.ctx, { client: () => base.client, syncOnStart: false });
  // The history side's ingest hook (history/service.ts registers the same matcher in the app).
  const matcher = new ReportMatcher(base.ctx.db);
  registerIngestHook(base.ctx.db, 'history', (batch) => void matcher.match(1, batch.reports));
  base.signature();
  const config = simConfig(mq);
  return Object.assign(base, {
    orders,
    source,
    clock,
    async drain() {
      const poller = new MqPoller(config, config.consumers[0]!, new MessageStore(base.ctx.db, 1), base.ctx.log.child('mq'), {}, { waitSeconds: 1 });
      try {
        await poller.drain();
      } finally {
        await poller.stop();
      }
    },
  });
}

let buyerSeq = 0;
/** Orders in the simulator's trade world, known locally (fullinfo, as opening the order does). */
async function placeOrders(
  e: Env,
  n: number,
  o: { buyer?: string; paid?: boolean; shipped?: boolean; createdAt?: number; noMobile?: boolean } = {},
): Promise<string[]> {
  const tids: string[] = [];
  for (let i = 0; i < n; i++) {
    const buyer = o.buyer ?? `AAH${String(++buyerSeq).padStart(6, '0')}buyer`;
    const trade = gw.trades.create({
      buyerOpenUid: buyer,
      buyerNick: `买家${buyerSeq}`,
      createdAt: (o.createdAt ?? Date.now() - 2 * HOUR) + i * 1000,
      ...(o.noMobile ? { receiver: { mobile: '' } } : {}),
    });
    if (o.paid || o.shipped) gw.trades.pay(trade.tid);
    if (o.shipped) gw.trades.ship(trade.tid, { companyName: '中通快递', outSid: `7531${String(buyerSeq).padStart(8, '0')}` });
    await e.orders.detail(trade.tid);
    tids.push(trade.tid);
  }
  return tids;
}

async function draft(e: Env, templateId: number, tids: string[], extra: { perOrder?: boolean } = {}) {
  const c = e.module.create('订单群发');
  e.module.update({ id: c.id, templateId, signName: SIGN });
  const input = ImportOrdersInput.parse({ id: c.id, tids, ...extra });
  return e.module.importOrders(c.id, input);
}

async function sendAndSettle(e: Env, id: number) {
  await e.module.start(id);
  return e.module.engine.settled(id);
}

describe('sending to the buyers of orders (OAID)', () => {
  it('120 orders go out in 3 calls of ≤ 50 with order_ids aligned to their OAIDs; reports show as delivered in 发送记录', async () => {
    env = setup();
    const templateId = env.template('SMS_OS_SHIP', '亲，您的订单${tid}已发货', 1);
    const tids = await placeOrders(env, 120, { paid: true });
    const c = await draft(env, templateId, tids);
    expect(c.audience).toBe('orders');
    expect(c.counts).toMatchObject({ rows: 120, valid: 120, orders: 120, buyers: 120, noOaid: 0 });

    const check = await env.module.check(c.id);
    expect(check.ready).toBe(true);
    expect(check.orders).toMatchObject({ orders: 120, buyers: 120, noOaid: 0, oaidLater: 0, missingVariables: 0 });
    expect(check.previews[0]!.phone).toMatch(/^\d{4}\*\*$/);

    const done = await sendAndSettle(env, c.id);
    expect(done?.state).toBe('completed');
    const byBiz = new Map<string, SendEvent[]>();
    for (const s of sends) byBiz.set(s.bizId, [...(byBiz.get(s.bizId) ?? []), s]);
    expect([...byBiz.values()].map((g) => g.length).sort((a, b) => b - a)).toEqual([50, 50, 20]);
    for (const s of sends) {
      expect(s.phone).toBe('');
      expect(s.oaid).toBe(gw.trades.oaidFor(s.orderId!, gw.credentials.appKey));
      expect(s.content).toContain(`${s.orderId!.slice(0, 4)}**`);
      expect(s.content).not.toContain(s.orderId!);
    }
    expect(new Set(sends.map((s) => s.orderId))).toEqual(new Set(tids));
    const outcomes = env.module.orderOutcomes(c.id);
    expect(outcomes).toHaveLength(120);
    expect(outcomes.every((o) => o.status === 'accepted' && o.bizId && byBiz.get(o.bizId)?.some((s) => s.orderId === o.tid))).toBe(true);

    await env.drain();
    const history = new HistoryQueries(env.ctx.db, 1);
    expect(history.counts(c.id)).toMatchObject({ delivered: 120, pending: 0 });
    expect(env.module.sendsForOrder(tids[7]!)).toEqual([
      expect.objectContaining({ campaignId: c.id, templateCode: 'SMS_OS_SHIP', status: 'accepted', delivery: 'delivered' }),
    ]);
    const page = env.module.store.recipientsPage(c.id, undefined, undefined, 1, 5);
    expect(page.items[0]).toMatchObject({ phone: '', tid: tids[0], buyerNick: expect.stringMatching(/^买\*\*$/), delivery: 'delivered', errCode: 'DELIVRD' });
    // The 发送 table shows an order row as 发送记录 and 订单 do: the whole order number (exact) and the masked buyer.
    expect(page.items[0]!.shown).toBe(`订单 ${tids[0]!} · ${page.items[0]!.buyerNick}`);
  });

  it('one SMS per buyer by default (their most recent order); per order when asked', async () => {
    env = setup();
    const templateId = env.template('SMS_OS_PAY', '您的订单${tid}还未付款', 1);
    const base = Date.now() - 5 * HOUR;
    const same = await placeOrders(env, 3, { buyer: 'AAHsamebuyer001', createdAt: base });
    const other = await placeOrders(env, 1);
    const c = await draft(env, templateId, [...same, ...other]);
    expect(c.counts).toMatchObject({ rows: 4, valid: 2, duplicate: 2, orders: 4, buyers: 2 });
    const rows = env.module.store.recipientsPage(c.id, ['valid'], undefined, 1, 10).items.map((r) => r.tid);
    expect(rows).toEqual([same[2], other[0]]);
    await sendAndSettle(env, c.id);
    expect(sends.map((s) => s.orderId).sort()).toEqual([same[2], other[0]].sort());

    sends.length = 0;
    const perOrder = await draft(env, templateId, same, { perOrder: true });
    expect(perOrder.counts).toMatchObject({ valid: 3, duplicate: 0, orders: 3, buyers: 1 });
    await sendAndSettle(env, perOrder.id);
    expect(sends.map((s) => s.orderId).sort()).toEqual([...same].sort());
  });

  it('an order without a value for a template variable is skipped with the reason; the others go', async () => {
    env = setup();
    const templateId = env.template('SMS_OS_WAYBILL', '${buyerNick}，您的包裹已由${company}发出，运单尾号${outSid}', 1);
    // Carrier and waybill come with the logistics events (TMC through MQ).
    const unlink = linkTrades(gw.trades, mq);
    const shipped = await placeOrders(env, 2, { shipped: true });
    const unshipped = await placeOrders(env, 1, { paid: true });
    await env.drain();
    unlink();
    const c = await draft(env, templateId, [...shipped, ...unshipped]);
    const check = await env.module.check(c.id);
    expect(check.items.filter((i) => i.severity === 'error')).toEqual([]);
    expect(check.orders).toMatchObject({ orders: 2, missingVariables: 1, missingReasons: [{ variable: 'company', field: 'company', count: 1 }] });
    expect(check.items.find((i) => i.code === 'variable-missing')?.severity).toBe('warning');
    await sendAndSettle(env, c.id);
    expect(sends.map((s) => s.orderId).sort()).toEqual([...shipped].sort());
    expect(sends[0]!.content).toMatch(/运单尾号\d{4}$/);
    expect(sends[0]!.content).toMatch(/^【.+】买\*\*，/);
    const skipped = env.module.orderOutcomes(c.id).find((o) => o.tid === unshipped[0]);
    expect(skipped).toMatchObject({ status: 'skipped', reason: expect.stringContaining('快递公司') });
  });

  it('an order the platform gives no OAID is counted with its reason; an OAID the platform refuses rejects its chunk and is fetched again next time', async () => {
    env = setup();
    const templateId = env.template('SMS_OS_OAID', '您的订单${tid}已发货', 1);
    const ok = await placeOrders(env, 2, { paid: true });
    const noMobile = await placeOrders(env, 1, { paid: true, noMobile: true });
    const c = await draft(env, templateId, [...ok, ...noMobile]);
    const check = await env.module.check(c.id);
    expect(check.orders).toMatchObject({ orders: 2, noOaid: 1, noOaidReasons: [{ code: 'oaid-field-miss', count: 1 }] });
    expect(env.module.view(c.id).counts.noOaid).toBe(1);

    // A stale OAID in the cache (it changes with the natural week): the platform refuses the whole call.
    env.ctx.db.prepare("UPDATE order_oaids SET oaid = 'stale' || oaid WHERE tid = ?").run(ok[0]);
    await sendAndSettle(env, c.id);
    expect(sends).toHaveLength(0);
    const outcomes = env.module.orderOutcomes(c.id);
    expect(
      outcomes
        .filter((o) => o.status === 'rejected')
        .map((o) => o.tid)
        .sort(),
    ).toEqual([...ok].sort());
    expect(outcomes.find((o) => o.tid === ok[0])?.reason).toMatch(/OAID/);
    expect(outcomes.find((o) => o.tid === noMobile[0])?.status).toBe('skipped');
    expect(env.ctx.db.prepare('SELECT COUNT(*) FROM order_oaids WHERE tid = ?').pluck().get(ok[0])).toBe(0);

    const again = await draft(env, templateId, ok);
    await sendAndSettle(env, again.id);
    expect(sends.map((s) => s.orderId).sort()).toEqual([...ok].sort());
  });

  it('a big selection: the check looks up the first OAIDs only; the rest are fetched before their chunk and skipped there without one', async () => {
    env = setup();
    const templateId = env.template('SMS_OS_MANY', '您的订单${tid}已发货', 1);
    const first = await placeOrders(env, 4, { paid: true });
    const late = await placeOrders(env, 2, { paid: true });
    const lateNoMobile = await placeOrders(env, 1, { paid: true, noMobile: true });
    const c = await draft(env, templateId, [...first, ...late, ...lateNoMobile], { perOrder: true });
    const deps = {
      ctx: env.ctx,
      store: env.module.store,
      suppression: env.suppression,
      now: () => env!.clock.now,
      orders: env.module['orders'],
      oaidLookups: 4,
      costs: new CostLedger(env.ctx),
    };
    const check = await checkCampaign(deps, env.module.mustGet(c.id));
    expect(check.ready).toBe(true);
    expect(check.orders).toMatchObject({ noOaid: 0, oaidLater: 3 });
    expect(check.items.find((i) => i.code === 'oaid-later')?.count).toBe(3);
    expect((await sendAndSettle(env, c.id))?.state).toBe('completed');
    expect(sends.map((s) => s.orderId).sort()).toEqual([...first, ...late].sort());
    expect(env.module.orderOutcomes(c.id).find((o) => o.tid === lateNoMobile[0])).toMatchObject({ status: 'skipped', reason: expect.stringContaining('OAID') });
    expect(env.module.view(c.id).counts.noOaid).toBe(1);
  });

  it('a buyer on the do-not-send list is skipped, at import and when listed after it', async () => {
    env = setup();
    const templateId = env.template('SMS_OS_DND', '您的订单${tid}已发货', 1);
    const [blockedEarly] = await placeOrders(env, 1, { buyer: 'AAHblockedearly', paid: true });
    const [blockedLate] = await placeOrders(env, 1, { buyer: 'AAHblockedlate', paid: true });
    const [fine] = await placeOrders(env, 1, { paid: true });
    env.suppression.addBuyers(['AAHblockedearly'], { reason: 'block', source: 'manual' });
    const c = await draft(env, templateId, [blockedEarly!, blockedLate!, fine!]);
    expect(c.counts).toMatchObject({ suppressed: 1, valid: 2 });
    env.suppression.addBuyers(['AAHblockedlate'], { reason: 'block', source: 'manual' });
    const check = await env.module.check(c.id);
    expect(check.orders?.suppressedBuyers).toBe(1);
    await sendAndSettle(env, c.id);
    expect(sends.map((s) => s.orderId)).toEqual([fine]);
    expect(env.module.orderOutcomes(c.id).find((o) => o.tid === blockedLate)?.status).toBe('skipped');
  });

  it('an unknown OAID chunk is settled by a report naming one of its orders (executed, its biz_id adopted)', async () => {
    env = setup();
    const templateId = env.template('SMS_OS_UNK1', '您的订单${tid}已发货', 1);
    const tids = await placeOrders(env, 3, { paid: true });
    const c = await draft(env, templateId, tids);
    gw.control.inject('taobao.jst.sms.message.direct.batchsend', { kind: 'reset', when: 'after-execute' }, { times: 1 });
    await env.module.start(c.id);
    await expect.poll(() => env!.module.store.chunkStateCounts(c.id).unknown ?? 0, { timeout: 10_000 }).toBe(1);
    expect(sends).toHaveLength(3);
    await env.drain();
    env.clock.now += 30_000; // the next look for its reports
    await env.module.engine.reconcileDue();
    const chunk = env.module.store.chunks(c.id)[0]!;
    expect(chunk).toMatchObject({ state: 'reconciled', bizId: sends[0]!.bizId });
    expect(env.module.orderOutcomes(c.id).every((o) => o.status === 'accepted' && o.bizId === sends[0]!.bizId)).toBe(true);
    expect(new HistoryQueries(env.ctx.db, 1).counts(c.id)).toMatchObject({ delivered: 3 });
    expect((await env.module.engine.settled(c.id))?.state).toBe('completed');
  });

  it('an unknown OAID chunk without any report by the deadline becomes 未确认, never resent by itself', async () => {
    env = setup();
    const templateId = env.template('SMS_OS_UNK2', '您的订单${tid}已发货', 1);
    const tids = await placeOrders(env, 2, { paid: true });
    const c = await draft(env, templateId, tids);
    publishReports = false;
    gw.control.inject('taobao.jst.sms.message.direct.batchsend', { kind: 'reset', when: 'after-execute' }, { times: 1 });
    await env.module.start(c.id);
    await expect.poll(() => env!.module.store.chunkStateCounts(c.id).unknown ?? 0, { timeout: 10_000 }).toBe(1);
    await env.module.engine.reconcileDue();
    expect(env.module.store.chunkStateCounts(c.id).unknown).toBe(1); // still waiting for a report

    env.clock.now += env.ctx.settings.get().sending.oaidSettleMinutes * 60_000;
    await env.module.engine.reconcileDue();
    expect(env.module.orderOutcomes(c.id).map((o) => o.status)).toEqual(['unconfirmed', 'unconfirmed']);
    expect(env.module.orderOutcomes(c.id)[0]!.reason).toMatch(/未确认/);
    const settled = await env.module.engine.settled(c.id);
    expect(settled).toMatchObject({ state: 'paused', reasonCode: 'unconfirmed' });
    expect(sends).toHaveLength(2); // the one executed call, nothing more
  });

  it('top.oaidListEncoding = comma sends comma lists (the encoding is an assumption, orders-oaid.md §0)', async () => {
    env = setup();
    env.ctx.settings.update('top', { ...env.ctx.settings.get().top, oaidListEncoding: 'comma' });
    gw.control.setOaidListEncoding('comma');
    try {
      const templateId = env.template('SMS_OS_COMMA', '您的订单${tid}已发货', 1);
      const tids = await placeOrders(env, 2, { paid: true });
      const c = await draft(env, templateId, tids);
      expect((await sendAndSettle(env, c.id))?.state).toBe('completed');
      expect(sends.map((s) => s.orderId).sort()).toEqual([...tids].sort());
    } finally {
      gw.control.setOaidListEncoding('json');
    }
  });

  it('a report of an OAID send is stored under the order key, one per order of the same biz_id', async () => {
    env = setup();
    const templateId = env.template('SMS_OS_KEY', '您的订单${tid}已发货', 1);
    const tids = await placeOrders(env, 2, { paid: true });
    const c = await draft(env, templateId, tids);
    await sendAndSettle(env, c.id);
    await env.drain();
    const keys = env.ctx.db.prepare('SELECT phone FROM delivery_reports WHERE biz_id = ? ORDER BY phone').pluck().all(sends[0]!.bizId);
    expect(keys).toEqual(tids.map(orderRecipientKey).sort());
  });

  it('the frequency guard keys order rows by buyer: a buyer who got a marketing SMS within N days is skipped, shown in the check', async () => {
    env = setup();
    env.ctx.settings.update('sending', { ...env.ctx.settings.get().sending, frequencyDays: 3, marketingWindow: { start: '00:00', end: '00:00' } });
    const templateId = env.template('SMS_OS_NEW', '新品上架，欢迎回店看看', 2);
    const [first] = await placeOrders(env, 1, { buyer: 'AAHfreqbuyer01', paid: true });
    const c1 = await draft(env, templateId, [first!]);
    expect((await sendAndSettle(env, c1.id))?.state).toBe('completed');

    // A later order of the same buyer and one of another buyer: only the other goes.
    const [again] = await placeOrders(env, 1, { buyer: 'AAHfreqbuyer01', paid: true, createdAt: Date.now() - HOUR });
    const [other] = await placeOrders(env, 1, { paid: true });
    sends.length = 0;
    const c2 = await draft(env, templateId, [again!, other!]);
    const check = await env.module.check(c2.id);
    expect(check.frequencySkipped).toBe(1);
    expect(check.finalRecipients).toBe(1);
    expect(check.items.find((i) => i.code === 'frequency-guard')?.message).toContain('1 笔订单的买家在 3 天内已收到本店营销短信');
    expect((await sendAndSettle(env, c2.id))?.state).toBe('completed');
    expect(sends.map((s) => s.orderId)).toEqual([other]);
    expect(env.module.orderOutcomes(c2.id).find((o) => o.tid === again)).toMatchObject({
      status: 'skipped',
      reason: '同一买家 3 天内已收到本店营销短信（频率保护，已跳过）',
    });

    // Outside the window (4 days later) the buyer is no longer held back.
    env.clock.now += 4 * 24 * HOUR;
    const c3 = await draft(env, templateId, [again!]);
    expect((await env.module.check(c3.id)).frequencySkipped).toBe(0);
  });

  it('orders older than orders.oaidOrderMaxAgeDays have no usable OAID (order too old): counted in the check, skipped by the send', async () => {
    env = setup();
    env.ctx.settings.update('orders', { ...env.ctx.settings.get().orders, oaidOrderMaxAgeDays: 30 });
    const templateId = env.template('SMS_OS_OLD', '感谢您一直以来的支持', 1);
    const [old] = await placeOrders(env, 1, { paid: true, createdAt: Date.now() - 40 * 24 * HOUR });
    const [recent] = await placeOrders(env, 1, { paid: true });
    const c = await draft(env, templateId, [old!, recent!]);
    const check = await env.module.check(c.id);
    expect(check.ready).toBe(true);
    expect(check.orders).toMatchObject({ orders: 1, noOaid: 1, noOaidReasons: [{ code: 'order-too-old', count: 1 }] });
    expect(check.items.find((i) => i.code === 'no-oaid')?.message).toContain('没有可用的 OAID：订单过旧（下单超过 30 天');
    await sendAndSettle(env, c.id);
    expect(sends.map((s) => s.orderId)).toEqual([recent]);
    expect(env.module.orderOutcomes(c.id).find((o) => o.tid === old)).toMatchObject({ status: 'skipped', reason: expect.stringContaining('订单过旧') });
  });

  it('the simulator can refuse OAIDs of old orders (isv.OAID_EXPIRED, assumed): the chunk is rejected with that code', async () => {
    env = setup();
    env.ctx.settings.update('orders', { ...env.ctx.settings.get().orders, oaidOrderMaxAgeDays: 365 });
    gw.control.refuseOldOaids(30);
    try {
      const templateId = env.template('SMS_OS_OLD2', '感谢您一直以来的支持', 1);
      const [old] = await placeOrders(env, 1, { paid: true, createdAt: Date.now() - 40 * 24 * HOUR });
      const c = await draft(env, templateId, [old!]);
      await sendAndSettle(env, c.id);
      expect(sends).toEqual([]);
      expect(env.module.orderOutcomes(c.id)).toEqual([expect.objectContaining({ tid: old, status: 'rejected' })]);
      expect(env.module.store.chunks(c.id)[0]).toMatchObject({ state: 'rejected', subCode: 'isv.OAID_EXPIRED' });
    } finally {
      gw.control.refuseOldOaids(null);
    }
  });
});
