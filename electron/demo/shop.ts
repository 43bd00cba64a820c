import type { TradeWorld } from '../sim/top-gateway';
import { DAY_MS } from '../../shared/time/beijing';

/**
 * The demo shop's simulated buyers: a seeded stream of orders on the TOP simulator's trade world. Some are never paid
 * (closed by Taobao later), most are paid, shipped, signed and finished, a few refund, some are rated. Everything is a
 * function of the seed and the clock: a plan of timed steps that `advance()` runs when they fall due (a timer calls it
 * in the app; tests move a fake clock and call it themselves).
 */
export interface DemoShopOptions {
  /** Same seed, same buyers, orders and outcomes. Default 1. */
  seed?: number;
  /** Average gap between live orders. Default 20 s; the first arrives within a few seconds. */
  orderEveryMs?: number;
  /** Divides every lifecycle delay (pay, ship, sign, …): 1 = minutes, 10 = tens of seconds. Default 1. */
  speed?: number;
  /** Orders placed over the last `pastDays` before the start, with their whole history. Default 30. */
  pastOrders?: number;
  pastDays?: number;
  /** Default the world's clock. */
  now?: () => number;
  /** How often the app's timer runs due steps; null = no timer (call advance()). Default 1000. */
  tickMs?: number | null;
  /** How buyers answer an SMS with a new order (respond()). */
  response?: Partial<DemoResponse>;
}

/**
 * Buyers who got an SMS order again with a higher chance than those held back: a base rate for every buyer of a
 * segment send (the control group included) plus an uplift for those an SMS reached. The order comes 5–45 "minutes"
 * later and is paid (or not) in the same minutes, a minute lasting `minuteMs` (the demo's time compression, as
 * automations' delayMinuteMs), so 效果 has orders and paid amounts within a minute, well inside any attribution window.
 */
export interface DemoResponse {
  /** Chance in % that a buyer orders again anyway (the control group's rate). Default 5. */
  basePercent: number;
  /** Points added for a buyer the SMS reached. Default 8 (13 % in all). */
  upliftPoints: number;
  /** Length of one response-delay minute. Default 1000 (the demo's DEMO_MINUTE_MS). */
  minuteMs: number;
}

/** One minute of the demo's compressed delays (automation rules, buyers' responses): a second. */
export const DEMO_MINUTE_MS = 1_000;
export const DEMO_RESPONSE_DEFAULTS: DemoResponse = { basePercent: 5, upliftPoints: 8, minuteMs: DEMO_MINUTE_MS };

export interface DemoShop {
  /** Runs every step due by now, in time order; returns how many ran. */
  advance(): number;
  /** Tids the shop created, oldest first. */
  tids(): string[];
  /**
   * The buyer of `tid` heard from the shop (reached: an SMS was delivered; else held back or not delivered): they may
   * place a new order later, with the response's chances. Returns when it will be placed, or null (no order).
   */
  respond(tid: string, reached: boolean): number | null;
  stop(): void;
}

interface Step {
  at: number;
  seq: number;
  run: () => void;
}

const CATALOG = [
  { title: '纯棉修身衬衫 男士长袖', price: '129.00' },
  { title: '加绒休闲裤 冬季款', price: '159.00' },
  { title: '羊毛混纺针织开衫', price: '239.00' },
  { title: '轻薄羽绒服 连帽', price: '399.00' },
  { title: '商务皮带 头层牛皮', price: '89.00' },
  { title: '棉袜 五双装', price: '29.90' },
];
const NICKS = [
  '碎花小裙子',
  '阿杰不吃香菜',
  '晴天娃娃88',
  '老王的店铺粉',
  'momo妈咪',
  '追风少年',
  '小鹿乱撞',
  '橘子汽水',
  '程序员小李',
  '北方的狼',
  '栀子花开',
  '一只喵',
];
const CARRIERS = ['中通快递', '圆通速递', '韵达快递', '申通快递', '顺丰速运'];
const MINUTE = 60_000;

/** mulberry32: a small seeded PRNG, so a demo run (and a test) replays exactly. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function startDemoShop(world: TradeWorld, options: DemoShopOptions = {}): DemoShop {
  const seed = options.seed ?? 1;
  const random = seededRandom(seed);
  const now = options.now ?? (() => world.now());
  const speed = options.speed ?? 1;
  const orderEveryMs = options.orderEveryMs ?? 20_000;
  const queue: Step[] = [];
  const tids: string[] = [];
  let seq = 0;
  let stopped = false;

  const between = (min: number, max: number) => min + random() * (max - min);
  const schedule = (at: number, run: () => void) => {
    const step = { at, seq: seq++, run };
    // Sorted insert (binary search): steps are few hundred at most.
    let lo = 0;
    let hi = queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const m = queue[mid]!;
      if (m.at < at || (m.at === at && m.seq < step.seq)) lo = mid + 1;
      else hi = mid;
    }
    queue.splice(lo, 0, step);
  };
  const buyers = NICKS.map((nick, i) => ({ nick, openUid: `AAH${(seed * 7919 + i * 104_729).toString(36).padStart(6, '0')}Demo${i.toString(36)}Buyer` }));

  /** One order's whole life, decided up front from the PRNG (so the same seed gives the same story). */
  /** `response`: a buyer answering an SMS (`respond`), whose order then lives in the response's compressed minutes. */
  const planOrder = (createdAt: number, response?: { buyer: { openUid: string; nick: string }; minuteMs: number }) => {
    const picked = buyers[Math.floor(random() * buyers.length)]!;
    const buyer = response?.buyer ?? picked;
    const lines = random() < 0.2 ? 2 : 1;
    const items = Array.from({ length: lines }, () => {
      const item = CATALOG[Math.floor(random() * CATALOG.length)]!;
      return { title: item.title, price: item.price, num: random() < 0.15 ? 2 : 1 };
    });
    const fate = random();
    const minute = response?.minuteMs ?? MINUTE / speed;
    const d = (minMinutes: number, maxMinutes: number) => between(minMinutes, maxMinutes) * minute;
    const payAt = createdAt + d(0.3, 4);
    const shipAt = payAt + d(2, 15);
    const signAt = shipAt + d(5, 40);
    const finishAt = signAt + d(2, 20);
    const rateAt = finishAt + d(1, 30);
    const rates = random() < 0.4;
    const carrier = CARRIERS[Math.floor(random() * CARRIERS.length)]!;
    const refundGranted = random() < 0.5;
    const closeAt = createdAt + d(20, 60);
    const refundAt = payAt + d(1, 10);
    const refundDecidedAt = refundAt + d(1, 10);
    const lateShipAt = refundDecidedAt + d(5, 20);
    const afterSaleAt = shipAt + d(5, 30);
    const afterSaleAgreedAt = afterSaleAt + d(2, 10);
    let tid = '';
    schedule(createdAt, () => {
      tid = world.create({ buyerOpenUid: buyer.openUid, buyerNick: buyer.nick, items, createdAt }).tid;
      tids.push(tid);
    });
    const later = (at: number, run: () => void) => schedule(at, () => tid && run());
    if (fate < 0.15) {
      // Never paid: Taobao closes it (real: 72 h; shortened with the rest of the story).
      later(closeAt, () => world.close(tid, closeAt));
      return;
    }
    later(payAt, () => world.pay(tid, payAt));
    if (fate < 0.22) {
      // Refund before shipping: granted (a full refund closes the trade) or withdrawn and then shipped.
      later(refundAt, () => world.refund(tid, 'created', { at: refundAt }));
      later(refundDecidedAt, () => world.refund(tid, refundGranted ? 'success' : 'closed', { at: refundDecidedAt }));
      if (!refundGranted) later(lateShipAt, () => world.ship(tid, { companyName: carrier, at: lateShipAt }));
      return;
    }
    later(shipAt, () => world.ship(tid, { companyName: carrier, at: shipAt }));
    if (fate < 0.3) {
      // After-sale refund of one item on a shipped order, agreed by the seller.
      later(afterSaleAt, () => world.refund(tid, 'created', { at: afterSaleAt, refundFee: items[0]!.price }));
      later(afterSaleAgreedAt, () => world.refund(tid, 'agreed', { at: afterSaleAgreedAt }));
      return;
    }
    later(signAt, () => world.sign(tid, signAt));
    later(finishAt, () => world.succeed(tid, finishAt));
    if (rates) later(rateAt, () => world.rate(tid, rateAt));
  };

  const start = now();
  const pastOrders = options.pastOrders ?? 30;
  const pastDays = options.pastDays ?? 7;
  const pastTimes = Array.from({ length: pastOrders }, () => start - random() * pastDays * DAY_MS).sort((a, b) => a - b);
  for (const at of pastTimes) planOrder(at);

  const planNextLive = (after: number) => {
    const at = after + between(0.4, 1.6) * orderEveryMs;
    schedule(at, () => {
      planOrder(at);
      planNextLive(at);
    });
  };
  // The first live order comes within seconds, so a new user sees the shop move.
  const firstAt = start + between(1_000, 3_000);
  schedule(firstAt, () => {
    planOrder(firstAt);
    planNextLive(firstAt);
  });

  const advance = () => {
    let ran = 0;
    const t = now();
    while (!stopped && queue.length && queue[0]!.at <= t) {
      const step = queue.shift()!;
      // A step that no longer fits (e.g. someone moved the order by hand through the control API) is skipped.
      try {
        step.run();
      } catch {
        /* the order went another way */
      }
      ran++;
    }
    return ran;
  };

  const response = { ...DEMO_RESPONSE_DEFAULTS, ...options.response };
  // Its own PRNG: who responds does not change the rest of the shop's story.
  const responseRandom = seededRandom(seed + 0x5eed);
  const respond = (tid: string, reached: boolean): number | null => {
    const trade = world.get(tid);
    if (!trade || stopped) return null;
    const chance = (response.basePercent + (reached ? response.upliftPoints : 0)) / 100;
    if (responseRandom() >= chance) return null;
    const at = now() + (5 + responseRandom() * 40) * response.minuteMs;
    const buyer = { openUid: trade.buyerOpenUid, nick: trade.buyerNick };
    schedule(at, () => planOrder(at, { buyer, minuteMs: response.minuteMs }));
    return at;
  };

  const tickMs = options.tickMs === undefined ? 1_000 : options.tickMs;
  const timer = tickMs === null ? null : setInterval(advance, tickMs);
  timer?.unref();
  advance();

  return {
    advance,
    tids: () => [...tids],
    respond,
    stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      queue.length = 0;
    },
  };
}
