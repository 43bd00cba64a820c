import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_MINUTE_MS, startDemoShop, type DemoShop, type DemoShopOptions } from '../../../electron/demo/shop';
import { startDemoWorld } from '../../../electron/demo/world';
import { startTopGateway, type TopGateway } from '../../../electron/sim/top-gateway';

// The demo shop's buyers: seeded, clock-driven, the same story for the same seed and clock.
let cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

const START = Date.UTC(2026, 11, 7, 6, 0, 0); // 14:00 Beijing
const DAY = 86_400_000;

async function shopOnFakeClock(seed: number, options: Partial<DemoShopOptions> = {}) {
  let now = START;
  const top = await startTopGateway({ now: () => now, tradeSeed: seed });
  const events: string[] = [];
  top.trades.onEvent((e) => events.push(`${e.pubTime} ${e.topic} ${String(e.content.tid)}`));
  const shop = startDemoShop(top.trades, { seed, tickMs: null, orderEveryMs: 20_000, ...options });
  cleanups.push(
    () => shop.stop(),
    () => top.close(),
  );
  /** Moves the fake clock in steps, running due steps like the app's timer would. */
  const run = (ms: number, step = 1_000) => {
    for (let t = 0; t < ms; t += step) {
      now += step;
      shop.advance();
    }
  };
  return { top, shop, events, run };
}

function summary(top: TopGateway, shop: DemoShop) {
  return shop.tids().map((tid) => {
    const t = top.trades.get(tid)!;
    return `${tid} ${t.status} ${t.buyerNick} ${t.payment} ${t.created}`;
  });
}

describe('demo shop', () => {
  it('seeds ~30 orders over the last 7 days whose stories already happened', async () => {
    const { top, shop } = await shopOnFakeClock(1);
    const trades = shop.tids().map((tid) => top.trades.get(tid)!);
    expect(trades).toHaveLength(30);
    expect(trades.every((t) => t.created <= START && t.created >= START - 7 * DAY)).toBe(true);
    const statuses = new Set(trades.map((t) => t.status));
    expect(statuses.has('TRADE_FINISHED')).toBe(true);
    expect(statuses.has('TRADE_CLOSED_BY_TAOBAO')).toBe(true);
    expect(trades.some((t) => t.refund !== undefined)).toBe(true);
    expect(trades.some((t) => t.buyerRate)).toBe(true);
    expect(trades.every((t) => t.modified <= START && t.modified >= t.created)).toBe(true);
  });

  it('places a live order within seconds, then keeps the stories moving on the clock', async () => {
    const { top, shop, run } = await shopOnFakeClock(2);
    const seeded = shop.tids().length;
    run(3_000);
    expect(shop.tids().length).toBe(seeded + 1);
    const live = top.trades.get(shop.tids()[seeded]!)!;
    expect(live.created).toBeGreaterThan(START);
    run(2 * 3_600_000, 10_000);
    const liveTrades = shop
      .tids()
      .slice(seeded)
      .map((tid) => top.trades.get(tid)!);
    // ~20 s apart for two hours: hundreds of orders, most paid and moving, some never paid.
    expect(liveTrades.length).toBeGreaterThan(200);
    const paid = liveTrades.filter((t) => t.payTime !== undefined).length;
    expect(paid / liveTrades.length).toBeGreaterThan(0.7);
    expect(liveTrades.some((t) => t.status === 'TRADE_CLOSED_BY_TAOBAO')).toBe(true);
    expect(liveTrades.some((t) => t.signTime !== undefined)).toBe(true);
    expect(liveTrades.some((t) => t.status === 'TRADE_FINISHED')).toBe(true);
  });

  it('is deterministic per seed and clock, different across seeds, and stops', async () => {
    const one = await shopOnFakeClock(7);
    const two = await shopOnFakeClock(7);
    const other = await shopOnFakeClock(8);
    for (const s of [one, two, other]) s.run(600_000, 5_000);
    expect(summary(two.top, two.shop)).toEqual(summary(one.top, one.shop));
    expect(two.events).toEqual(one.events);
    expect(summary(other.top, other.shop)).not.toEqual(summary(one.top, one.shop));
    one.shop.stop();
    const count = one.shop.tids().length;
    one.run(600_000, 5_000);
    expect(one.shop.tids().length).toBe(count);
  });

  it('the demo world links the shop to the MQ simulator', async () => {
    const world = await startDemoWorld({ shop: { tickMs: null } });
    cleanups.push(() => world.close());
    expect(world.shop.tids()).toHaveLength(30);
    const state = world.mq.control.state();
    expect(state.counters.published).toBeGreaterThanOrEqual(30 * 2);
  });

  it('a buyer the SMS reached orders again within the compressed window; chances are the base rate plus the uplift', async () => {
    // No live stream after the first order, so every new order is a response.
    const { top, shop, run } = await shopOnFakeClock(3, { orderEveryMs: 100 * DAY, response: { basePercent: 0, upliftPoints: 100 } });
    run(3_000);
    const [tid] = shop.tids();
    const buyer = top.trades.get(tid!)!.buyerOpenUid;
    const before = shop.tids().length;
    expect(shop.respond(tid!, false)).toBeNull();
    const at = shop.respond(tid!, true)!;
    expect(at).toBeGreaterThanOrEqual(START + 3_000 + 5 * DEMO_MINUTE_MS);
    expect(at).toBeLessThanOrEqual(START + 3_000 + 45 * DEMO_MINUTE_MS);
    run(45 * DEMO_MINUTE_MS);
    const placed = shop.tids().slice(before);
    expect(placed).toHaveLength(1);
    const order = top.trades.get(placed[0]!)!;
    expect(order.buyerOpenUid).toBe(buyer);
    expect(order.created).toBe(at);
    // Its story runs in the same compressed minutes: paid (or closed unpaid) within a few seconds, not minutes.
    run(5 * DEMO_MINUTE_MS);
    expect(top.trades.get(placed[0]!)!.status).not.toBe('WAIT_BUYER_PAY');

    // The defaults: 5 % for a buyer held back (or not reached), 13 % for one reached; seeded, so exact per seed.
    const { shop: other } = await shopOnFakeClock(4, { orderEveryMs: 100 * DAY });
    const anyTid = other.tids()[0]!;
    const rate = (reached: boolean) => Array.from({ length: 4000 }, () => other.respond(anyTid, reached)).filter((a) => a !== null).length / 4000;
    expect(rate(false)).toBeGreaterThan(0.035);
    expect(rate(false)).toBeLessThan(0.065);
    expect(rate(true)).toBeGreaterThan(0.11);
    expect(rate(true)).toBeLessThan(0.15);
  });
});
