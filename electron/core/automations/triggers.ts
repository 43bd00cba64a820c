import type { Statement } from 'better-sqlite3';
import { UNPAID_CLOSE_MINUTES, type AutomationKind, type RefundTrigger, type SkipReason } from '../../../shared/automations/contract';
import type { OrderTopic } from '../../../shared/orders/status';
import type { Db } from '../db/database';
import type { StoredOrderEvent } from '../orders/parse';
import { STALE_AFTER_MINUTES, type Rule } from './rules';

/** The refund topics 退款提醒 can fire on, by the seller's choice. */
export const REFUND_TRIGGER_BY_TOPIC: Readonly<Partial<Record<OrderTopic, RefundTrigger>>> = {
  taobao_refund_RefundCreated: 'created',
  taobao_refund_RefundSellerAgreeAgreement: 'seller-agree',
  taobao_refund_RefundSuccess: 'success',
};

/** A trigger the engine will decide: one row per (shop, kind, tid, key). */
export interface NewTrigger {
  kind: AutomationKind;
  tid: string;
  key: string;
  topic: string;
  buyerOpenUid: string;
  /** The fact the delay counts from. */
  baseAt: number;
}

/**
 * When a trigger comes due under a rule: base + delay (a delay minute lasts settings.automations.delayMinuteMs);
 * 预关闭催付 counts back from the platform's 72 h close.
 */
export function dueAt(rule: Pick<Rule, 'delayMinutes' | 'preCloseMinutes'>, kind: AutomationKind, key: string, baseAt: number, minuteMs: number): number {
  if (kind === 'urge-pay' && key === 'pre-close') return baseAt + (UNPAID_CLOSE_MINUTES - (rule.preCloseMinutes ?? 0)) * 60_000;
  return baseAt + rule.delayMinutes * minuteMs;
}

/** The rules of the shop as the trigger writer needs them. */
export interface RuleSet {
  rules: ReadonlyMap<AutomationKind, Rule>;
  minuteMs: number;
}

/** Whether a trigger is already past its usefulness at `now` (then it is not worth persisting from a backfill). */
export function isStaleAt(kind: AutomationKind, due: number, now: number): boolean {
  return now > due + STALE_AFTER_MINUTES[kind] * 60_000;
}

/** The triggers one order event starts (none for most topics). */
export function triggersOf(e: StoredOrderEvent, rules: RuleSet['rules']): NewTrigger[] {
  const base = { tid: e.tid, topic: e.topic, buyerOpenUid: e.buyerOpenUid, baseAt: e.at };
  switch (e.topic) {
    case 'taobao_trade_TradeCreate': {
      const out: NewTrigger[] = [{ ...base, kind: 'urge-pay', key: 'create' }];
      if (rules.get('urge-pay')?.preCloseMinutes != null) out.push({ ...base, kind: 'urge-pay', key: 'pre-close' });
      return out;
    }
    case 'taobao_trade_TradeSellerShip':
    case 'taobao_trade_TradePartlySellerShip':
      // A partial and a full shipment of one order are one 发货提醒.
      return [{ ...base, kind: 'shipped', key: 'ship' }];
    case 'taobao_logistics_LogsticDetailTrace':
      return e.detail.action === 'SIGNED' ? [{ ...base, kind: 'signed', key: 'signed' }] : [];
    case 'taobao_trade_TradeSuccess':
      return [{ ...base, kind: 'review', key: 'success' }];
    default: {
      const state = REFUND_TRIGGER_BY_TOPIC[e.topic];
      if (!state || !rules.get('refund')?.refundStates.includes(state)) return [];
      // One notice per refund state (of each refund of the order).
      return [{ ...base, kind: 'refund', key: `${state}:${e.detail.refund_id ?? ''}` }];
    }
  }
}

/** What the engine needs to know of an order to decide (a subset of the orders row). */
export interface OrderFacts {
  tid: string;
  status: string;
  status_rank: number;
  buyer_open_uid: string;
  created_at: number | null;
  pay_at: number | null;
  consign_at: number | null;
  end_at: number | null;
  signed_at: number | null;
  refund_status: string;
}

const REFUND_OVER = new Set(['', 'CLOSED']);

export function isPaid(o: OrderFacts): boolean {
  return o.pay_at !== null || (o.status_rank >= 2 && o.status !== 'TRADE_CLOSED_BY_TAOBAO');
}

/**
 * The reasons the order itself gives not to send (whatever the rule says): the same test cancels a pending trigger
 * when the event arrives and decides it at its due time.
 */
export function orderReason(kind: AutomationKind, o: OrderFacts | null, rated: () => boolean): SkipReason | null {
  if (!o) return null;
  const closed = o.status === 'TRADE_CLOSED' || o.status === 'TRADE_CLOSED_BY_TAOBAO';
  const refund = !REFUND_OVER.has(o.refund_status);
  switch (kind) {
    case 'urge-pay':
      if (isPaid(o)) return 'paid';
      return closed ? 'closed' : null;
    case 'shipped':
      return closed ? 'closed' : null;
    case 'signed':
      if (refund) return 'refund';
      return closed ? 'closed' : null;
    case 'refund':
      return null;
    case 'review':
      if (refund || o.status === 'TRADE_CLOSED') return 'refund';
      if (closed) return 'closed';
      return rated() ? 'rated' : null;
  }
}

/** Topics after which pending triggers of the order may have lost their point. */
const CANCELLING_TOPICS = new Set<string>([
  'taobao_trade_TradeBuyerPay',
  'taobao_trade_TradeClose',
  'taobao_trade_TradeRated',
  'taobao_refund_RefundCreated',
  'taobao_refund_RefundSellerAgreeAgreement',
  'taobao_refund_RefundBuyerReturnGoods',
  'taobao_refund_RefundSuccess',
]);

export const ORDER_FACT_COLUMNS = 'tid, status, status_rank, buyer_open_uid, created_at, pay_at, consign_at, end_at, signed_at, refund_status';

/** Persists triggers and cancels pending ones, inside the caller's transaction (a consumed batch or a backfill page). */
export class TriggerWriter {
  private readonly insert: Statement;
  private readonly pendingOf: Statement;
  private readonly skip: Statement;
  private readonly order: Statement;
  private readonly ratedStmt: Statement;

  constructor(
    private readonly db: Db,
    private readonly shopId: number,
  ) {
    this.insert = db.prepare(
      `INSERT INTO automation_triggers (shop_id, kind, tid, trigger_key, topic, buyer_open_uid, base_at, due_at, seen_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (shop_id, tid, kind, trigger_key) DO NOTHING`,
    );
    this.pendingOf = db.prepare("SELECT id, kind FROM automation_triggers WHERE shop_id = ? AND tid = ? AND state = 'pending'");
    this.skip = db.prepare("UPDATE automation_triggers SET state = 'skipped', reason = ?, decided_at = ? WHERE id = ? AND state = 'pending'");
    this.order = db.prepare(`SELECT ${ORDER_FACT_COLUMNS} FROM orders WHERE shop_id = ? AND tid = ?`);
    this.ratedStmt = ratedStatement(db);
  }

  /** Returns the kinds that got a new or a cancelled trigger. */
  applyEvents(events: StoredOrderEvent[], set: RuleSet, now: number): Set<AutomationKind> {
    const touched = new Set<AutomationKind>();
    const recheck = new Set<string>();
    for (const e of events) {
      for (const t of triggersOf(e, set.rules)) if (this.write(t, set, now)) touched.add(t.kind);
      if (CANCELLING_TOPICS.has(e.topic)) recheck.add(e.tid);
    }
    for (const tid of recheck) for (const kind of this.cancel(tid, now)) touched.add(kind);
    return touched;
  }

  /** Triggers found in an order's current facts (backfill, a detail fetch): only those still worth sending. */
  applyOrders(tids: readonly string[], set: RuleSet, now: number): Set<AutomationKind> {
    const { rules } = set;
    const touched = new Set<AutomationKind>();
    for (const tid of tids) {
      const o = this.order.get(this.shopId, tid) as OrderFacts | undefined;
      if (!o) continue;
      const found: NewTrigger[] = [];
      const base = { tid, buyerOpenUid: o.buyer_open_uid, topic: 'sync' };
      if (o.status_rank === 1 && o.created_at !== null) {
        found.push({ ...base, kind: 'urge-pay', key: 'create', baseAt: o.created_at });
        if (rules.get('urge-pay')?.preCloseMinutes != null) found.push({ ...base, kind: 'urge-pay', key: 'pre-close', baseAt: o.created_at });
      }
      if (o.consign_at !== null) found.push({ ...base, kind: 'shipped', key: 'ship', baseAt: o.consign_at });
      if (o.signed_at !== null) found.push({ ...base, kind: 'signed', key: 'signed', baseAt: o.signed_at });
      if (o.status === 'TRADE_FINISHED' && o.end_at !== null) found.push({ ...base, kind: 'review', key: 'success', baseAt: o.end_at });
      for (const t of found) {
        if (isStaleAt(t.kind, dueAt(rules.get(t.kind)!, t.kind, t.key, t.baseAt, set.minuteMs), now)) continue;
        if (this.write(t, set, now)) touched.add(t.kind);
      }
      for (const kind of this.cancel(tid, now)) touched.add(kind);
    }
    return touched;
  }

  write(t: NewTrigger, set: RuleSet, now: number): boolean {
    const due = dueAt(set.rules.get(t.kind)!, t.kind, t.key, t.baseAt, set.minuteMs);
    return this.insert.run(this.shopId, t.kind, t.tid, t.key, t.topic, t.buyerOpenUid, t.baseAt, due, now).changes > 0;
  }

  /** Pending triggers of the order that its facts now rule out are logged as skipped with that reason. */
  cancel(tid: string, now: number): AutomationKind[] {
    const pending = this.pendingOf.all(this.shopId, tid) as Array<{ id: number; kind: AutomationKind }>;
    if (!pending.length) return [];
    const o = this.order.get(this.shopId, tid) as OrderFacts | undefined;
    if (!o) return [];
    const out: AutomationKind[] = [];
    for (const p of pending) {
      const reason = orderReason(p.kind, o, () => this.ratedStmt.get(this.shopId, tid) !== undefined);
      if (reason && this.skip.run(reason, now, p.id).changes) out.push(p.kind);
    }
    return out;
  }
}

/** Rated by the buyer (TradeRated whose rater is not the seller). */
export function ratedStatement(db: Db): Statement {
  return db.prepare(
    "SELECT 1 FROM order_events WHERE shop_id = ? AND tid = ? AND topic = 'taobao_trade_TradeRated' AND COALESCE(json_extract(detail, '$.rater'), 'buyer') <> 'seller' LIMIT 1",
  );
}
