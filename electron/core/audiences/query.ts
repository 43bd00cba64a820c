import type { Statement } from 'better-sqlite3';
import type { SegmentCount, SegmentRule } from '../../../shared/audiences/contract';
import { DAY_MS } from '../../../shared/time/beijing';
import type { Db } from '../db/database';
import { refreshBuyerAggregates } from './aggregates';

type Params = Record<string, string | number>;

/** One buyer of a segment and the order a send to them uses (their most recent matching order). */
export interface SegmentMember {
  buyerOpenUid: string;
  tid: string;
}

/**
 * A segment rule as SQL over audience_buyers (per-buyer aggregates, migration 0016, brought up to date before each read:
 * migration 0019) and orders.
 * Statements are prepared once per rule shape. "N days" is N × 24 h back from now, the edge included.
 */
export class SegmentQuery {
  private readonly statements = new Map<string, Statement>();

  constructor(
    private readonly db: Db,
    private readonly shopId: number,
  ) {}

  private statement(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }

  count(rule: SegmentRule, now: number): SegmentCount {
    refreshBuyerAggregates(this.db);
    const { buyerWhere, orderWhere, itemMatch, params } = this.build(rule, now);
    const row =
      orderWhere.length || itemMatch
        ? this.statement(
            `${this.ordersFrom(itemMatch, 'SELECT COUNT(DISTINCT o.buyer_open_uid) AS buyers, COUNT(*) AS orders')}
             WHERE o.shop_id = @shop AND o.buyer_open_uid <> '' AND ${[...orderWhere, ...buyerWhere].join(' AND ')}`,
          ).get(params)
        : this.statement(`SELECT COUNT(*) AS buyers, COALESCE(SUM(a.order_count), 0) AS orders FROM audience_buyers a WHERE ${buyerWhere.join(' AND ')}`).get(
            params,
          );
    const { buyers, orders } = row as SegmentCount;
    return { buyers, orders };
  }

  /** Each matching buyer once, with their most recent matching order (created, else first seen; then the higher tid). */
  members(rule: SegmentRule, now: number): SegmentMember[] {
    refreshBuyerAggregates(this.db);
    const { buyerWhere, orderWhere, itemMatch, params } = this.build(rule, now);
    const select = `SELECT o.buyer_open_uid, o.tid,
           ROW_NUMBER() OVER (PARTITION BY o.buyer_open_uid ORDER BY COALESCE(o.created_at, o.sort_at) DESC, length(o.tid) DESC, o.tid DESC) AS n`;
    return this.statement(
      `SELECT buyer_open_uid AS buyerOpenUid, tid FROM (
         ${this.ordersFrom(itemMatch, select)}
         WHERE o.shop_id = @shop AND o.buyer_open_uid <> '' AND ${[...orderWhere, ...buyerWhere].join(' AND ')}
       ) WHERE n = 1 ORDER BY buyer_open_uid`,
    ).all(params) as SegmentMember[];
  }

  /**
   * The orders joined to their buyers. With an item phrase the trigram index's matches drive the loop (CROSS JOIN keeps
   * SQLite from walking every order of the shop and probing the match list for each).
   */
  private ordersFrom(itemMatch: boolean, select: string): string {
    const buyers = 'audience_buyers a ON a.shop_id = o.shop_id AND a.buyer_open_uid = o.buyer_open_uid';
    return itemMatch
      ? `WITH m AS MATERIALIZED (SELECT rowid AS id FROM order_items_fts WHERE order_items_fts MATCH @item)
         ${select} FROM m CROSS JOIN orders o ON o.id = m.id CROSS JOIN ${buyers}`
      : `${select} FROM orders o JOIN ${buyers}`;
  }

  private build(rule: SegmentRule, now: number): { buyerWhere: string[]; orderWhere: string[]; itemMatch: boolean; params: Params } {
    const params: Params = { shop: this.shopId };
    const buyerWhere = ['a.shop_id = @shop'];
    const orderWhere: string[] = [];
    let itemMatch = false;
    const daysAgo = (days: number) => now - days * DAY_MS;
    if (rule.lastOrderWithinDays !== undefined) {
      buyerWhere.push('a.last_purchase_at >= @recentFrom');
      params.recentFrom = daysAgo(rule.lastOrderWithinDays);
    }
    if (rule.lastOrderBeforeDays !== undefined) {
      buyerWhere.push('a.last_purchase_at < @lapsedBefore');
      params.lapsedBefore = daysAgo(rule.lastOrderBeforeDays);
    }
    if (rule.firstOrderWithinDays !== undefined) {
      buyerWhere.push('a.first_purchase_at >= @newFrom');
      params.newFrom = daysAgo(rule.firstOrderWithinDays);
    }
    if (rule.minOrders !== undefined) {
      buyerWhere.push('a.purchases >= @minOrders');
      params.minOrders = rule.minOrders;
    }
    if (rule.minAmount !== undefined) {
      buyerWhere.push('a.amount_fen >= @minFen');
      params.minFen = Math.round(rule.minAmount * 100);
    }
    if (rule.topAmountPercent !== undefined) {
      const threshold = this.topAmountThreshold(rule.topAmountPercent);
      if (threshold === null) buyerWhere.push('0');
      else {
        buyerWhere.push('a.purchases > 0 AND a.amount_fen >= @topFen');
        params.topFen = threshold;
      }
    }
    if (rule.refunded !== undefined) buyerWhere.push(rule.refunded ? 'a.refunded > 0' : 'a.refunded = 0');
    if (rule.notMessagedDays !== undefined) {
      // Recipient rows of order sends carry the buyer (campaign_recipients.buyer_open_uid); ISO UTC times compare as text.
      buyerWhere.push(
        `a.buyer_open_uid NOT IN (SELECT r.buyer_open_uid FROM campaign_recipients r
           WHERE r.shop_id = @shop AND r.status = 'accepted' AND r.buyer_open_uid <> '' AND r.submitted_at >= @messagedSince)`,
      );
      params.messagedSince = new Date(daysAgo(rule.notMessagedDays)).toISOString();
    }
    if (rule.status?.length) {
      orderWhere.push(`o.status IN (${rule.status.map((_, i) => `@status${i}`).join(', ')})`);
      rule.status.forEach((s, i) => (params[`status${i}`] = s));
    }
    if (rule.boughtItem) {
      const item = rule.boughtItem.trim();
      if (Array.from(item).length >= 3) {
        // The orders' trigram index: a quoted phrase matches the substring (quotes inside are doubled).
        itemMatch = true;
        params.item = `"${item.replace(/"/g, '""')}"`;
      } else {
        orderWhere.push("o.item_text LIKE @item ESCAPE '\\'");
        params.item = `%${item.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      }
    }
    return { buyerWhere, orderWhere, itemMatch, params };
  }

  /** Purchase amount (fen) of the buyer ranked at the top `percent` edge, null when nobody has bought. */
  private topAmountThreshold(percent: number): number | null {
    const buyers = this.statement('SELECT COUNT(*) FROM audience_buyers WHERE shop_id = ? AND purchases > 0').pluck().get(this.shopId) as number;
    if (buyers === 0) return null;
    const rank = Math.max(1, Math.ceil((buyers * percent) / 100));
    return this.statement('SELECT amount_fen FROM audience_buyers WHERE shop_id = ? AND purchases > 0 ORDER BY amount_fen DESC LIMIT 1 OFFSET ?')
      .pluck()
      .get(this.shopId, rank - 1) as number;
  }
}
