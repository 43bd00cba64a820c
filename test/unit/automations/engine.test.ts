import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, DAY, HOUR, MINUTE, order, sentTids, TEMPLATE, type World } from './world';

let w: World;
afterEach(() => w?.close());

const tid = (i: number) => `40123456789${String(i).padStart(8, '0')}`;
const log = (w: World, kind?: 'urge-pay' | 'shipped') => w.auto.log({ page: 1, pageSize: 500, kind }).items;

describe('automation engine', () => {
  it('次日发送: an item due at night goes out in the first hour of the window; one that misses that hour is dropped as stale', async () => {
    w = createWorld('2026-12-01 23:00:00');
    w.enable('shipped');
    w.event('taobao_trade_TradeSellerShip', order(tid(1), 'b1'));
    w.event('taobao_trade_TradeSellerShip', order(tid(2), 'b2'));
    await w.auto.runOnce();
    expect(sentTids(w)).toEqual([]);
    expect(log(w).map((i) => [i.outcome, i.dueAt])).toEqual([
      ['waiting', '2026-12-02 09:00:00'],
      ['waiting', '2026-12-02 09:00:00'],
    ]);
    // The app runs at 09:30 for one of them…
    await w.at('2026-12-02 09:30:00');
    w.db.prepare('UPDATE automation_triggers SET due_at = due_at + 3600000 WHERE tid = ?').run(tid(2));
    await w.auto.runOnce();
    expect(sentTids(w)).toEqual([tid(1)]);
    // …and the other one is looked at only after 11:00 (its next-morning hour is gone): dropped and logged.
    await w.at('2026-12-02 11:01:00');
    await w.auto.runOnce();
    expect(sentTids(w)).toEqual([tid(1)]);
    expect(log(w).find((i) => i.tid === tid(2))).toMatchObject({ outcome: 'skipped', reason: 'stale', decidedAt: '2026-12-02 11:01:00' });
  });

  it('enabling covers the open items after the seller saw the count, or starts fresh; changing a rule never re-sends', async () => {
    w = createWorld('2026-12-01 10:00:00');
    for (let i = 1; i <= 3; i++) w.event('taobao_trade_TradeSellerShip', order(tid(i), `b${i}`));
    w.event('taobao_trade_TradeSellerShip', order(tid(9), 'b9'), w.clock.now() - 30 * HOUR); // stale already
    await w.auto.runOnce();
    expect(sentTids(w)).toEqual([]);
    // An item that went stale while the rule was off is closed as 'disabled' (it was never going to be sent).
    expect(log(w).find((i) => i.tid === tid(9))).toMatchObject({ outcome: 'skipped', reason: 'disabled' });
    expect(w.auto.enableCheck('shipped').blockers).toEqual(['还没有选择模板。', '还没有选择签名。']);
    w.auto.save({ kind: 'shipped', template: TEMPLATE, sign: '麦包包旗舰店' });
    w.optedOut.add('b3');
    expect(w.auto.enableCheck('shipped')).toMatchObject({ open: 3, wouldSendNow: 2, later: 0, wouldSkip: { 'opted-out': 1 }, blockers: [] });
    w.optedOut.delete('b3');
    expect(() => w.auto.save({ kind: 'shipped', enabled: true })).toThrow(/coverOpen/);
    w.auto.save({ kind: 'shipped', enabled: true, coverOpen: true });
    await w.auto.runOnce();
    expect(sentTids(w).sort()).toEqual([tid(1), tid(2), tid(3)]);
    expect(w.batches).toHaveLength(1);

    // Off and on again, window and delay changed: nothing decided is decided again.
    w.auto.save({ kind: 'shipped', enabled: false });
    w.auto.save({ kind: 'shipped', enabled: true, coverOpen: true, delayMinutes: 5, window: { start: '08:00', end: '23:00' } });
    await w.clock.advance(HOUR);
    await w.auto.runOnce();
    expect(sentTids(w)).toHaveLength(3);

    // Starting fresh: items seen while it was off are closed as 'disabled'.
    w.auto.save({ kind: 'shipped', enabled: false });
    w.event('taobao_trade_TradeSellerShip', order(tid(4), 'b4'));
    w.auto.save({ kind: 'shipped', enabled: true, coverOpen: false });
    w.event('taobao_trade_TradeSellerShip', order(tid(5), 'b5'));
    await w.clock.advance(5 * MINUTE);
    await w.auto.runOnce();
    expect(sentTids(w)).toEqual([...sentTids(w).slice(0, 3), tid(5)]);
    expect(log(w).find((i) => i.tid === tid(4))).toMatchObject({ outcome: 'skipped', reason: 'disabled' });
  });

  it('a changed delay moves the open items, not the decided ones', async () => {
    w = createWorld('2026-12-01 10:00:00');
    w.enable('urge-pay');
    w.event('taobao_trade_TradeCreate', order(tid(1), 'b1'));
    expect(log(w)[0]!.dueAt).toBe('2026-12-01 10:30:00');
    w.auto.save({ kind: 'urge-pay', delayMinutes: 60 });
    expect(log(w)[0]!.dueAt).toBe('2026-12-01 11:00:00');
    await w.at('2026-12-01 10:45:00');
    await w.auto.runOnce();
    expect(sentTids(w)).toEqual([]);
    await w.at('2026-12-01 11:00:00');
    await w.auto.runOnce();
    expect(sentTids(w)).toEqual([tid(1)]);
    w.auto.save({ kind: 'urge-pay', delayMinutes: 10 });
    expect(log(w)[0]).toMatchObject({ dueAt: '2026-12-01 11:00:00', outcome: 'sent', decidedAt: '2026-12-01 11:00:00' });
  });

  it('sends at most 50 orders per batch and caps each buyer across kinds', async () => {
    w = createWorld('2026-12-01 10:00:00');
    w.enable('shipped');
    w.enable('refund');
    for (let i = 1; i <= 120; i++) w.event('taobao_trade_TradeSellerShip', order(tid(i), `buyer-${i}`));
    // Buyer 7 also has a refund notice due: the cap (1 a day) keeps it to one SMS.
    w.event('taobao_refund_RefundCreated', { ...order(tid(7), 'buyer-7'), refund_id: '5501' });
    const result = await w.auto.runOnce();
    expect(w.batches.map((b) => b.tids.length)).toEqual([50, 50, 20]);
    expect(result).toMatchObject({ decided: 121, sent: 120, skipped: { capped: 1 } });
    expect(new Set(sentTids(w)).size).toBe(120);
    expect(w.started).toEqual(result.campaigns);
  });

  it('race: a TradeBuyerPay ingested while the 催付 re-check is in flight wins — the 催付 is skipped as paid', async () => {
    w = createWorld('2026-12-01 10:00:00');
    w.enable('urge-pay');
    w.event('taobao_trade_TradeCreate', order(tid(1), 'b1'));
    w.event('taobao_trade_TradeCreate', order(tid(2), 'b2'));
    await w.at('2026-12-01 10:30:00');
    w.duringRecheck = (t) => {
      if (t === tid(1)) w.event('taobao_trade_TradeBuyerPay', order(tid(1), 'b1'));
    };
    const result = await w.auto.runOnce();
    expect(w.rechecked.map((r) => r.live)).toEqual([true, true]);
    expect(sentTids(w)).toEqual([tid(2)]);
    // The payment's ingest closed the item itself (before the batch's transaction looked at it again).
    expect(result).toMatchObject({ sent: 1, skipped: {} });
    expect(log(w).find((i) => i.tid === tid(1))).toMatchObject({ outcome: 'skipped', reason: 'paid' });
  });

  it('race: the live re-check finding the order paid (applied to the local order) skips the 催付 as paid', async () => {
    w = createWorld('2026-12-01 10:00:00');
    w.enable('urge-pay');
    w.event('taobao_trade_TradeCreate', order(tid(1), 'b1'));
    await w.at('2026-12-01 10:30:00');
    // What orders.oaidFor(tid, { fresh: true }) does with a fullinfo answer that says paid: the order row moves on.
    w.duringRecheck = (t) =>
      w.db.prepare("UPDATE orders SET status = 'WAIT_SELLER_SEND_GOODS', status_rank = 2, pay_at = ? WHERE tid = ?").run(w.clock.now(), t);
    const result = await w.auto.runOnce();
    expect(sentTids(w)).toEqual([]);
    expect(result).toMatchObject({ decided: 1, sent: 0, skipped: { paid: 1 } });
  });

  it('race: a payment after the decision committed cannot recall the SMS — it went out once, and counts as a 催付 response', async () => {
    w = createWorld('2026-12-01 10:00:00');
    w.enable('urge-pay');
    w.event('taobao_trade_TradeCreate', order(tid(1), 'b1', { payment: '59.90' }));
    await w.at('2026-12-01 10:30:00');
    await w.auto.runOnce();
    w.event('taobao_trade_TradeBuyerPay', order(tid(1), 'b1', { payment: '59.90' }));
    await w.at('2026-12-01 10:40:00');
    await w.auto.runOnce();
    expect(sentTids(w)).toEqual([tid(1)]);
    expect(log(w)).toMatchObject([{ outcome: 'sent' }]);
    expect(w.auto.effect(7)).toEqual({ days: 7, urged: 1, responded: 1, rate: 1, amount: '59.90' });
  });

  it('a re-check the platform cannot answer leaves the item waiting and tries again later', async () => {
    w = createWorld('2026-12-01 10:00:00');
    w.enable('urge-pay');
    w.event('taobao_trade_TradeCreate', order(tid(1), 'b1'));
    w.recheck.set(tid(1), new Error('网络不通'));
    await w.at('2026-12-01 10:30:00');
    await w.auto.runOnce();
    await w.auto.runOnce(); // too soon: not asked again
    expect(w.rechecked).toHaveLength(1);
    expect(log(w)).toMatchObject([{ outcome: 'waiting' }]);
    w.recheck.delete(tid(1));
    await w.clock.advance(MINUTE);
    await w.auto.runOnce();
    expect(sentTids(w)).toEqual([tid(1)]);
  });

  it('a decision committed but not handed to the send engine (crash) is handed over at start-up, once', async () => {
    w = createWorld('2026-12-01 10:00:00');
    w.enable('shipped');
    w.event('taobao_trade_TradeSellerShip', order(tid(1), 'b1'));
    w.startFails = true;
    await w.auto.runOnce();
    expect(w.started).toEqual([]);
    w.startFails = false;
    expect(await w.auto.engine.recover()).toEqual([1000]);
    expect(await w.auto.engine.recover()).toEqual([]);
    expect(w.started).toEqual([1000]);
    expect(w.batches).toHaveLength(1);
  });

  it('preview decides at a given Beijing time without sending or storing anything', async () => {
    w = createWorld('2026-12-01 10:00:00');
    w.enable('urge-pay');
    w.event('taobao_trade_TradeCreate', order(tid(1), 'b1'));
    w.event('taobao_trade_TradeCreate', order(tid(2), 'b1')); // same buyer: the second would be capped
    w.event('taobao_trade_TradeCreate', order(tid(3), 'b3'));
    w.event('taobao_trade_TradeBuyerPay', order(tid(3), 'b3'));
    const now = w.auto.preview({});
    expect(now.items.filter((i) => i.kind === 'urge-pay').map((i) => i.decision)).toEqual(['wait', 'wait']);
    const later = w.auto.preview({ at: '2026-12-01 10:31:00' });
    expect(later.items.map((i) => [i.tid, i.decision, i.reason])).toEqual([
      [tid(1), 'send', undefined],
      [tid(2), 'skip', 'capped'],
    ]);
    const night = w.auto.preview({ at: '2026-12-01 23:00:00', kind: 'urge-pay' });
    expect(night.items[0]).toMatchObject({ decision: 'wait', dueAt: '2026-12-02 09:00:00' });
    expect(sentTids(w)).toEqual([]);
    expect(log(w).filter((i) => i.outcome === 'waiting')).toHaveLength(2);
    expect(log(w).find((i) => i.tid === tid(3))).toMatchObject({ outcome: 'skipped', reason: 'paid' });
  });

  it('the loop runs on the injected clock: new triggers wake it, due items are decided when the fake time comes', async () => {
    w = createWorld('2026-12-01 10:00:00');
    w.enable('urge-pay');
    w.enable('shipped');
    w.auto.start();
    w.event('taobao_trade_TradeSellerShip', order(tid(1), 'b1'));
    w.event('taobao_trade_TradeCreate', order(tid(2), 'b2'));
    const until = async (cond: () => boolean) => {
      while (!cond()) await w.clock.advance(0);
    };
    await until(() => sentTids(w).length === 1);
    expect(sentTids(w)).toEqual([tid(1)]);
    await w.clock.advance(29 * MINUTE);
    expect(sentTids(w)).toEqual([tid(1)]);
    await w.clock.advance(MINUTE);
    await until(() => sentTids(w).length === 2);
    expect(w.auto.list().find((r) => r.kind === 'urge-pay')!.counts.today).toMatchObject({ triggered: 1, sent: 1, skipped: 0 });
    await w.auto.stop();
  });

  it('counts today and the last 7 days by kind and reason', async () => {
    w = createWorld('2026-12-01 10:00:00');
    w.enable('shipped');
    w.event('taobao_trade_TradeSellerShip', order(tid(1), 'b1'));
    w.event('taobao_trade_TradeSellerShip', order(tid(2), 'b1'));
    await w.auto.runOnce();
    await w.clock.advance(DAY);
    w.event('taobao_trade_TradeSellerShip', order(tid(3), 'b3'));
    await w.auto.runOnce();
    const shipped = w.auto.list().find((r) => r.kind === 'shipped')!;
    expect(shipped.counts.today).toEqual({ triggered: 1, sent: 1, skipped: 0, skippedBy: {} });
    expect(shipped.counts.week).toEqual({ triggered: 3, sent: 2, skipped: 1, skippedBy: { capped: 1 } });
    expect(shipped).toMatchObject({ enabled: true, template: TEMPLATE, templateState: { approved: true, marketing: false }, waiting: 0 });
  });

  it('a long pass yields to the event loop between slices of ≤ 50 items and commits each batch of ≤ 50 alone', async () => {
    w = createWorld('2026-12-01 10:00:00');
    w.enable('shipped');
    for (let i = 1; i <= 300; i++) w.event('taobao_trade_TradeSellerShip', order(tid(i), `b${i}`));
    // Another task on the loop: which batch counts it saw while the pass ran.
    const seen = new Set<number>();
    let turnsBeforeFirstBatch = 0;
    let running = true;
    const tick = () => {
      seen.add(w.batches.length);
      if (!w.batches.length) turnsBeforeFirstBatch++;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    const result = await w.auto.runOnce();
    running = false;
    expect(result.sent).toBe(300);
    expect(w.batches.map((b) => b.tids.length)).toEqual([50, 50, 50, 50, 50, 50]);
    // It ran between every two batch commits (the pass ends right after the last one).
    expect([...seen].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5]);
    // The first page of 200 is looked at in 4 slices: the loop ran in between.
    expect(turnsBeforeFirstBatch).toBeGreaterThanOrEqual(4);
  });

  it('items of a disabled rule that went stale are all closed in one pass, however many', async () => {
    w = createWorld('2026-12-01 10:00:00');
    for (let i = 1; i <= 120; i++) w.event('taobao_trade_TradeSellerShip', order(tid(i), `b${i}`), w.clock.now() - 30 * HOUR);
    const result = await w.auto.runOnce();
    expect(result.skipped).toEqual({ disabled: 120 });
    expect(w.db.prepare("SELECT COUNT(*) FROM automation_triggers WHERE state = 'pending'").pluck().get()).toBe(0);
  });
});

describe('items from backfilled facts', () => {
  it('an order found by a backfill starts the items still worth sending, and closes the ones its facts rule out', async () => {
    w = createWorld('2026-12-01 10:00:00');
    w.enable('shipped');
    w.enable('urge-pay');
    const now = w.clock.now();
    const row = w.db.prepare(
      'INSERT INTO orders (shop_id, tid, status, status_rank, buyer_open_uid, created_at, pay_at, consign_at, sort_at, updated_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    row.run(tid(1), 'WAIT_BUYER_CONFIRM_GOODS', 4, 'b1', now - 3 * HOUR, now - 2 * HOUR, now - HOUR, now, now); // shipped an hour ago
    row.run(tid(2), 'WAIT_BUYER_CONFIRM_GOODS', 4, 'b2', now - 4 * DAY, now - 4 * DAY, now - 3 * DAY, now, now); // long past
    row.run(tid(3), 'WAIT_BUYER_PAY', 1, 'b3', now - 20 * MINUTE, null, null, now, now); // unpaid: 催付 due in 10 min
    w.db.transaction(() => w.auto.applyOrders([tid(1), tid(2), tid(3)]))();
    expect(log(w).map((i) => [i.tid, i.kind, i.outcome])).toEqual([
      [tid(3), 'urge-pay', 'waiting'],
      [tid(1), 'shipped', 'waiting'],
    ]);
    // A later sync finds the unpaid order paid: its 催付 is closed in that transaction.
    w.db.prepare("UPDATE orders SET status = 'WAIT_SELLER_SEND_GOODS', status_rank = 2, pay_at = ? WHERE tid = ?").run(now, tid(3));
    w.db.transaction(() => w.auto.applyOrders([tid(3)]))();
    await w.auto.runOnce();
    expect(sentTids(w)).toEqual([tid(1)]);
    expect(log(w).find((i) => i.tid === tid(3))).toMatchObject({ outcome: 'skipped', reason: 'paid' });
  });
});
