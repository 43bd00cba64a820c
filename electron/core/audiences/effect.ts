import type { EffectReport } from '../../../shared/audiences/contract';
import { AppError } from '../../../shared/errors';
import { DAY_MS } from '../../../shared/time/beijing';
import type { CoreContext } from '../context';
import type { CostLedger } from '../costs/ledger';
import { PURCHASE_STATUSES } from '../db/migrations/0016-audiences-costs';

/** A buyer reached (or held back, for the control group) by a send at a time (epoch ms). */
export interface Touch {
  buyer: string;
  campaignId: number;
  control: boolean;
  at: number;
}

export interface AttributableOrder {
  buyer: string;
  tid: string;
  created: number;
  paid: boolean;
  paymentFen: number;
}

export interface Attribution {
  orders: number;
  buyers: number;
  amountFen: number;
  controlOrders: number;
  controlBuyers: number;
  controlAmountFen: number;
}

/**
 * The attribution rule, once: an order belongs to the latest touch of its buyer before it (any campaign's send, or a
 * control hold-back) when it was created after that touch and at most `days` × 24 h later (the end included); else to
 * none. So one order counts for at most one send. Calls `onMatch` for each attributed order with its touch.
 */
export function attributeOrders<T extends Touch>(
  touches: readonly T[],
  orders: readonly AttributableOrder[],
  days: number,
  onMatch: (order: AttributableOrder, touch: T) => void,
): void {
  const byBuyer = new Map<string, T[]>();
  for (const t of touches) {
    const list = byBuyer.get(t.buyer) ?? [];
    list.push(t);
    byBuyer.set(t.buyer, list);
  }
  for (const list of byBuyer.values()) list.sort((a, b) => a.at - b.at || a.campaignId - b.campaignId);
  const window = days * DAY_MS;
  for (const o of orders) {
    const list = byBuyer.get(o.buyer);
    if (!list) continue;
    let latest: T | null = null;
    for (const t of list) {
      if (t.at < o.created) latest = t;
      else break;
    }
    if (latest && o.created <= latest.at + window) onMatch(o, latest);
  }
}

/** Orders attributed to one campaign (attributeOrders). Paid amount = payment of attributed orders paid and not closed. */
export function attribute(touches: readonly Touch[], orders: readonly AttributableOrder[], campaignId: number, days: number): Attribution {
  const result: Attribution = { orders: 0, buyers: 0, amountFen: 0, controlOrders: 0, controlBuyers: 0, controlAmountFen: 0 };
  const buyers = new Set<string>();
  const controlBuyers = new Set<string>();
  attributeOrders(touches, orders, days, (o, touch) => {
    if (touch.campaignId !== campaignId) return;
    const amount = o.paid ? o.paymentFen : 0;
    if (touch.control) {
      result.controlOrders++;
      result.controlAmountFen += amount;
      controlBuyers.add(o.buyer);
    } else {
      result.orders++;
      result.amountFen += amount;
      buyers.add(o.buyer);
    }
  });
  result.buyers = buyers.size;
  result.controlBuyers = controlBuyers.size;
  return result;
}

const yuan = (fen: number) => Math.round(fen) / 100;
const BATCH = 500;

/**
 * 效果 of one campaign from the local ledger and order store. Attribution key: buyer_open_uid (order sends record it on
 * each recipient row); a phone-list campaign has none and says so.
 */
export function campaignEffect(ctx: Pick<CoreContext, 'db' | 'shopId'>, costs: CostLedger, campaignId: number, days: number): EffectReport {
  const db = ctx.db;
  const campaign = db.prepare('SELECT id, name, started_at FROM campaigns WHERE shop_id = ? AND id = ?').get(ctx.shopId, campaignId) as
    { id: number; name: string; started_at: string | null } | undefined;
  if (!campaign) throw new AppError('NOT_FOUND', `没有找到群发 ${campaignId}。`);
  const own = db
    .prepare(
      "SELECT buyer_open_uid AS buyer, submitted_at AS at FROM campaign_recipients WHERE campaign_id = ? AND status = 'accepted' AND buyer_open_uid <> ''",
    )
    .all(campaignId) as Array<{ buyer: string; at: string }>;
  const control = db.prepare('SELECT buyer_open_uid AS buyer FROM audience_control WHERE campaign_id = ?').all(campaignId) as Array<{ buyer: string }>;
  const accepted = db.prepare("SELECT COUNT(*) FROM campaign_recipients WHERE campaign_id = ? AND status = 'accepted'").pluck().get(campaignId) as number;
  const attributable = own.length > 0 || control.length > 0 || accepted === 0;

  const buyers = [...new Set([...own, ...control].map((t) => t.buyer))];
  const touches: Touch[] = [];
  const orders: AttributableOrder[] = [];
  const paid = new Set<string>(PURCHASE_STATUSES);
  for (let i = 0; i < buyers.length; i += BATCH) {
    const slice = buyers.slice(i, i + BATCH);
    const marks = slice.map(() => '?').join(', ');
    // Every touch of these buyers, whichever campaign: the latest before an order takes it.
    const sent = db
      .prepare(
        `SELECT buyer_open_uid AS buyer, campaign_id AS campaignId, submitted_at AS at FROM campaign_recipients
         WHERE shop_id = ? AND status = 'accepted' AND buyer_open_uid IN (${marks})`,
      )
      .all(ctx.shopId, ...slice) as Array<{ buyer: string; campaignId: number; at: string }>;
    for (const t of sent) touches.push({ buyer: t.buyer, campaignId: t.campaignId, control: false, at: Date.parse(t.at) });
    // A hold-back happens when its campaign starts (a draft's control group is drawn earlier); one never started holds nobody back.
    const held = db
      .prepare(
        `SELECT a.buyer_open_uid AS buyer, a.campaign_id AS campaignId, c.started_at AS at FROM audience_control a JOIN campaigns c ON c.id = a.campaign_id
         WHERE a.shop_id = ? AND a.buyer_open_uid IN (${marks}) AND c.started_at IS NOT NULL`,
      )
      .all(ctx.shopId, ...slice) as Array<{ buyer: string; campaignId: number; at: string }>;
    for (const t of held) touches.push({ buyer: t.buyer, campaignId: t.campaignId, control: true, at: Date.parse(t.at) });
    const rows = db
      .prepare(
        `SELECT buyer_open_uid AS buyer, tid, created_at AS created, status, payment_fen AS fen FROM orders
         WHERE shop_id = ? AND buyer_open_uid IN (${marks}) AND buyer_open_uid <> '' AND created_at IS NOT NULL`,
      )
      .all(ctx.shopId, ...slice) as Array<{ buyer: string; tid: string; created: number; status: string; fen: number | null }>;
    for (const o of rows) orders.push({ buyer: o.buyer, tid: o.tid, created: o.created, paid: paid.has(o.status), paymentFen: o.fen ?? 0 });
  }
  const a = attribute(touches, orders, campaignId, days);
  const cost = costs.campaignSpend(campaignId).yuan;
  const amount = yuan(a.amountFen);
  return {
    campaignId,
    name: campaign.name,
    days,
    attributable,
    recipients: own.length,
    control: control.length,
    orders: a.orders,
    buyers: a.buyers,
    amount,
    cost,
    roi: cost > 0 ? Math.round((amount / cost) * 100) / 100 : null,
    controlOrders: a.controlOrders,
    controlBuyers: a.controlBuyers,
    controlAmount: yuan(a.controlAmountFen),
  };
}
