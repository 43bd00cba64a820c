import { describe, expect, it } from 'vitest';
import type { SegmentRule } from '../../../shared/audiences/contract';
import { SEGMENT_PRESETS } from '../../../shared/audiences/contract';
import { orderRecipientKey } from '../../../shared/orders/fields';
import { TRADE_STATUSES, type TradeStatus } from '../../../shared/orders/status';
import { openDatabase, type Db } from '../../../electron/core/db/database';
import { PURCHASE_STATUSES } from '../../../electron/core/db/migrations/0016-audiences-costs';
import { SegmentQuery } from '../../../electron/core/audiences/query';
import { OrderStore, type TradeFacts } from '../../../electron/core/orders/store';
import type { StoredOrderEvent } from '../../../electron/core/orders/parse';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 7, 4, 0, 0);
const TITLES = ['碎花连衣裙', '纯棉T恤', '牛仔裤', '羊毛围巾', '运动鞋', 'ab'];

/** Small deterministic PRNG (mulberry32) so a failing case can be replayed. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface RawOrder {
  tid: string;
  buyer_open_uid: string;
  status: string;
  payment_fen: number | null;
  created_at: number | null;
  sort_at: number;
  refund_status: string;
  item_text: string;
}

/** The reference: the rule's meaning written directly over every order row, no aggregates, no SQL filters. */
function bruteForce(orders: RawOrder[], rule: SegmentRule, now: number): { buyers: number; orders: number } {
  const byBuyer = new Map<string, RawOrder[]>();
  for (const o of orders) if (o.buyer_open_uid) byBuyer.set(o.buyer_open_uid, [...(byBuyer.get(o.buyer_open_uid) ?? []), o]);
  const isPurchase = (o: RawOrder) => (PURCHASE_STATUSES as readonly string[]).includes(o.status);
  const amountOf = (list: RawOrder[]) => list.filter(isPurchase).reduce((sum, o) => sum + (o.payment_fen ?? 0), 0);
  let threshold: number | null = null;
  if (rule.topAmountPercent !== undefined) {
    const amounts = [...byBuyer.values()]
      .filter((list) => list.some(isPurchase))
      .map(amountOf)
      .sort((a, b) => b - a);
    threshold = amounts.length ? amounts[Math.max(1, Math.ceil((amounts.length * rule.topAmountPercent) / 100)) - 1]! : null;
  }
  let buyers = 0;
  let count = 0;
  for (const list of byBuyer.values()) {
    const purchases = list.filter(isPurchase);
    const times = purchases.map((o) => o.created_at ?? o.sort_at);
    const last = times.length ? Math.max(...times) : null;
    const first = times.length ? Math.min(...times) : null;
    const refunded = list.some((o) => o.refund_status === 'SUCCESS' || o.status === 'TRADE_CLOSED');
    if (rule.lastOrderWithinDays !== undefined && !(last !== null && last >= now - rule.lastOrderWithinDays * DAY)) continue;
    if (rule.lastOrderBeforeDays !== undefined && !(last !== null && last < now - rule.lastOrderBeforeDays * DAY)) continue;
    if (rule.firstOrderWithinDays !== undefined && !(first !== null && first >= now - rule.firstOrderWithinDays * DAY)) continue;
    if (rule.minOrders !== undefined && purchases.length < rule.minOrders) continue;
    if (rule.minAmount !== undefined && amountOf(list) < Math.round(rule.minAmount * 100)) continue;
    if (rule.topAmountPercent !== undefined && !(threshold !== null && purchases.length > 0 && amountOf(list) >= threshold)) continue;
    if (rule.refunded !== undefined && refunded !== rule.refunded) continue;
    const matching = list.filter(
      (o) =>
        (!rule.status || rule.status.includes(o.status as TradeStatus)) &&
        (!rule.boughtItem || o.item_text.toLowerCase().includes(rule.boughtItem.toLowerCase())),
    );
    if (!matching.length) continue;
    buyers++;
    count += matching.length;
  }
  return { buyers, orders: count };
}

function seed(db: Db, random: () => number, orderCount: number, buyerCount: number) {
  const store = new OrderStore(db, 1);
  const statuses = TRADE_STATUSES.filter((s) => s !== 'TRADE_NO_CREATE_PAY');
  db.transaction(() => {
    for (let i = 0; i < orderCount; i++) {
      const created = NOW - Math.floor(random() * 400 * DAY);
      const trade: TradeFacts = {
        tid: (4_300_000_000_000_000_000n + BigInt(i)).toString(),
        status: statuses[Math.floor(random() * statuses.length)]!,
        type: 'fixed',
        // A few orders have no buyer yet (only a refund event was seen): they belong to no segment.
        buyerOpenUid: random() < 0.03 ? '' : `AAbuyer${Math.floor(random() * buyerCount)}`,
        buyerNick: '买**',
        payment: `${Math.floor(random() * 500)}.${String(Math.floor(random() * 100)).padStart(2, '0')}`,
        postFee: '0.00',
        created: random() < 0.05 ? null : created,
        payTime: null,
        consignTime: null,
        endTime: null,
        modified: created + 60_000,
        items: [{ oid: String(i), title: `${TITLES[Math.floor(random() * TITLES.length)]} ${i % 7}号`, num: 1 }],
      };
      store.applyTrade(trade, NOW);
    }
  })();
}

const rows = (db: Db) =>
  db
    .prepare('SELECT tid, buyer_open_uid, status, payment_fen, created_at, sort_at, refund_status, item_text FROM orders WHERE shop_id = 1')
    .all() as RawOrder[];

function randomRule(random: () => number): SegmentRule {
  const rule: SegmentRule = {};
  const maybe = (p: number) => random() < p;
  if (maybe(0.3)) rule.lastOrderWithinDays = 1 + Math.floor(random() * 200);
  if (maybe(0.3)) rule.lastOrderBeforeDays = 1 + Math.floor(random() * 200);
  if (maybe(0.2)) rule.firstOrderWithinDays = 1 + Math.floor(random() * 300);
  if (maybe(0.3)) rule.minOrders = Math.floor(random() * 4);
  if (maybe(0.3)) rule.minAmount = Math.floor(random() * 80_000) / 100;
  if (maybe(0.15)) rule.topAmountPercent = 1 + Math.floor(random() * 60);
  if (maybe(0.25)) rule.boughtItem = TITLES[Math.floor(random() * TITLES.length)]!.slice(0, 1 + Math.floor(random() * 3));
  if (maybe(0.3)) rule.status = TRADE_STATUSES.filter(() => random() < 0.3);
  if (rule.status && !rule.status.length) delete rule.status;
  if (maybe(0.25)) rule.refunded = random() < 0.5;
  return rule;
}

describe('segment counts against a brute-force reference', () => {
  it('agrees on 400 random rules over 3,000 orders of 600 buyers', () => {
    const db = openDatabase(':memory:');
    const random = prng(19);
    seed(db, random, 3_000, 600);
    const query = new SegmentQuery(db, 1);
    const orders = rows(db);
    for (let i = 0; i < 400; i++) {
      const rule = randomRule(random);
      expect({ rule, ...query.count(rule, NOW) }).toEqual({ rule, ...bruteForce(orders, rule, NOW) });
    }
    for (const preset of SEGMENT_PRESETS) expect(query.count(preset.rule, NOW)).toEqual(bruteForce(orders, preset.rule, NOW));
    // Sanity: the reference is not trivially empty.
    expect(bruteForce(orders, {}, NOW).buyers).toBeGreaterThan(550);
    expect(bruteForce(orders, { refunded: true }, NOW).buyers).toBeGreaterThan(0);
  });

  it('stays in step when orders change: status moves, payments, refunds, a buyer filled in later', () => {
    const db = openDatabase(':memory:');
    const random = prng(7);
    seed(db, random, 800, 150);
    const store = new OrderStore(db, 1);
    const query = new SegmentQuery(db, 1);
    const later = NOW + 3_600_000;
    db.transaction(() => {
      for (const o of rows(db).slice(0, 300)) {
        // Events move orders along (never backwards) and refunds arrive.
        const topic = (['taobao_trade_TradeBuyerPay', 'taobao_trade_TradeSuccess', 'taobao_trade_TradeClose', 'taobao_refund_RefundSuccess'] as const)[
          Math.floor(random() * 4)
        ];
        const event = {
          id: 0,
          messageId: `M${o.tid}`,
          topic,
          tid: o.tid,
          sellerNick: '店',
          buyerOpenUid: o.buyer_open_uid || 'AAlate',
          buyerNick: '买**',
          status:
            topic === 'taobao_trade_TradeBuyerPay'
              ? 'WAIT_SELLER_SEND_GOODS'
              : topic === 'taobao_trade_TradeSuccess'
                ? 'TRADE_FINISHED'
                : topic === 'taobao_trade_TradeClose'
                  ? 'TRADE_CLOSED_BY_TAOBAO'
                  : null,
          at: later,
          detail: { payment: '12.34' },
          eventKey: `k${o.tid}`,
          receivedAt: later,
        } as unknown as StoredOrderEvent;
        store.applyEvents([event], later);
      }
    })();
    db.prepare('DELETE FROM orders WHERE tid IN (SELECT tid FROM orders ORDER BY tid DESC LIMIT 20)').run();
    const orders = rows(db);
    expect(orders.some((o) => o.buyer_open_uid === 'AAlate')).toBe(true);
    for (let i = 0; i < 200; i++) {
      const rule = randomRule(random);
      expect({ rule, ...query.count(rule, later) }).toEqual({ rule, ...bruteForce(orders, rule, later) });
    }
    // One aggregate row per buyer left (the deleted orders' buyers without orders are gone).
    const aggregates = db.prepare('SELECT COUNT(*) FROM audience_buyers').pluck().get();
    expect(aggregates).toBe(new Set(orders.filter((o) => o.buyer_open_uid).map((o) => o.buyer_open_uid)).size);
  });

  it('window edges: exactly N days ago is inside lastOrderWithinDays and outside lastOrderBeforeDays', () => {
    const db = openDatabase(':memory:');
    const store = new OrderStore(db, 1);
    const trade = (tid: string, buyer: string, created: number, status: TradeStatus = 'TRADE_FINISHED'): TradeFacts => ({
      tid,
      status,
      type: 'fixed',
      buyerOpenUid: buyer,
      buyerNick: '买**',
      payment: '10.00',
      postFee: '0.00',
      created,
      payTime: created,
      consignTime: null,
      endTime: null,
      modified: created,
    });
    store.applyTrade(trade('1001', 'edge', NOW - 30 * DAY), NOW);
    store.applyTrade(trade('1002', 'past', NOW - 30 * DAY - 1), NOW);
    store.applyTrade(trade('1003', 'unpaid', NOW - DAY, 'WAIT_BUYER_PAY'), NOW);
    const query = new SegmentQuery(db, 1);
    expect(query.count({ lastOrderWithinDays: 30 }, NOW)).toEqual({ buyers: 1, orders: 1 });
    expect(query.count({ lastOrderBeforeDays: 30 }, NOW)).toEqual({ buyers: 1, orders: 1 });
    expect(query.members({ lastOrderBeforeDays: 30 }, NOW)).toEqual([{ buyerOpenUid: 'past', tid: '1002' }]);
    // An unpaid order is not a purchase: only order-level conditions reach it.
    expect(query.count({ status: ['WAIT_BUYER_PAY'] }, NOW)).toEqual({ buyers: 1, orders: 1 });
    expect(query.count({ minOrders: 1 }, NOW)).toEqual({ buyers: 2, orders: 2 });
    expect(query.count({}, NOW)).toEqual({ buyers: 3, orders: 3 });
  });

  it('members: each buyer once with their most recent matching order', () => {
    const db = openDatabase(':memory:');
    const store = new OrderStore(db, 1);
    const add = (tid: string, buyer: string, daysAgo: number, status: TradeStatus) =>
      store.applyTrade(
        {
          tid,
          status,
          type: 'fixed',
          buyerOpenUid: buyer,
          buyerNick: '买**',
          payment: '10.00',
          postFee: '0.00',
          created: NOW - daysAgo * DAY,
          payTime: null,
          consignTime: null,
          endTime: null,
          modified: NOW,
        },
        NOW,
      );
    add('4000000000000000001', 'A', 10, 'TRADE_FINISHED');
    add('4000000000000000002', 'A', 2, 'WAIT_BUYER_PAY');
    add('4000000000000000003', 'A', 5, 'TRADE_FINISHED');
    add('4000000000000000004', 'B', 1, 'WAIT_SELLER_SEND_GOODS');
    const query = new SegmentQuery(db, 1);
    expect(query.members({}, NOW)).toEqual([
      { buyerOpenUid: 'A', tid: '4000000000000000002' },
      { buyerOpenUid: 'B', tid: '4000000000000000004' },
    ]);
    expect(query.members({ status: ['TRADE_FINISHED'] }, NOW)).toEqual([{ buyerOpenUid: 'A', tid: '4000000000000000003' }]);
  });

  it('notMessagedDays: an order send accepted within N days excludes its buyer; a phone send names no buyer and excludes nobody', () => {
    const db = openDatabase(':memory:');
    const store = new OrderStore(db, 1);
    const buyers: Array<[tid: string, buyer: string]> = [
      ['4100000000000000001', 'recent'],
      ['4100000000000000002', 'edge'],
      ['4100000000000000003', 'older'],
      ['4100000000000000004', 'rejected'],
      ['4100000000000000005', 'phoneOnly'],
    ];
    for (const [tid, buyer] of buyers)
      store.applyTrade(
        {
          tid,
          status: 'TRADE_FINISHED',
          type: 'fixed',
          buyerOpenUid: buyer,
          buyerNick: '买**',
          payment: '10.00',
          postFee: '0.00',
          created: NOW - 20 * DAY,
          payTime: null,
          consignTime: null,
          endTime: null,
          modified: NOW,
        },
        NOW,
      );
    const campaign = db.prepare("INSERT INTO campaigns (shop_id, name, created_at, updated_at) VALUES (1, 'c', '', '') RETURNING id").pluck().get() as number;
    let row = 0;
    // Order rows are keyed tid:<tid> in the phone column, as the send path stores them.
    const recipient = (buyer: string, tid: string | null, phone: string, status: string, at: number) =>
      db
        .prepare(
          'INSERT INTO campaign_recipients (shop_id, campaign_id, row_no, phone, status, buyer_open_uid, tid, submitted_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(campaign, ++row, tid ? orderRecipientKey(tid) : phone, status, buyer, tid, new Date(at).toISOString());
    recipient('recent', '4100000000000000001', '', 'accepted', NOW - DAY);
    recipient('edge', '4100000000000000002', '', 'accepted', NOW - 7 * DAY);
    recipient('older', '4100000000000000003', '', 'accepted', NOW - 7 * DAY - 1);
    recipient('rejected', '4100000000000000004', '', 'rejected', NOW - DAY);
    // A phone-list send: the number may well be this buyer's, but nothing says so.
    recipient('', null, '13800000005', 'accepted', NOW - DAY);
    const query = new SegmentQuery(db, 1);
    expect(query.members({ notMessagedDays: 7 }, NOW).map((m) => m.buyerOpenUid)).toEqual(['older', 'phoneOnly', 'rejected']);
    expect(query.count({ notMessagedDays: 1 }, NOW)).toEqual({ buyers: 4, orders: 4 });
  });
});
