import type { Statement } from 'better-sqlite3';
import type { OrderDetail, OrderEventView, OrderItem, OrdersListQuery, OrderSummary, OrdersPage } from '../../../shared/orders/contract';
import { FINAL_RANK, isTradeStatus, REFUND_STATUS_BY_TOPIC, STATUS_RANK, TOPIC_ORDER, type OrderTopic, type TradeStatus } from '../../../shared/orders/status';
import { formatBeijing, parseBeijingDateTime } from '../../../shared/time/beijing';
import type { Db } from '../db/database';
import type { TradeRecord } from '../top/trade-apis';
import type { StoredOrderEvent } from './parse';

/** What the trade APIs say about one order (already free of receiver fields: see trade-apis.ts). */
export type TradeFacts = TradeRecord;

interface OrderRow {
  id: number;
  shop_id: number;
  tid: string;
  status: string;
  status_rank: number;
  fact_at: number;
  type: string;
  buyer_open_uid: string;
  buyer_nick: string;
  payment: string;
  payment_fen: number | null;
  post_fee: string;
  created_at: number | null;
  pay_at: number | null;
  consign_at: number | null;
  end_at: number | null;
  modified_at: number | null;
  signed_at: number | null;
  refund_status: string;
  refund_fee: string;
  refund_at: number | null;
  logistics_action: string;
  logistics_company: string;
  logistics_out_sid: string;
  logistics_at: number | null;
  items: string;
  item_text: string;
  event_count: number;
  last_event_at: number | null;
  detail_at: number | null;
  sort_at: number;
  updated_at: number;
}

const WRITABLE: Array<keyof OrderRow> = [
  'status',
  'status_rank',
  'fact_at',
  'type',
  'buyer_open_uid',
  'buyer_nick',
  'payment',
  'payment_fen',
  'post_fee',
  'created_at',
  'pay_at',
  'consign_at',
  'end_at',
  'modified_at',
  'signed_at',
  'refund_status',
  'refund_fee',
  'refund_at',
  'logistics_action',
  'logistics_company',
  'logistics_out_sid',
  'logistics_at',
  'items',
  'item_text',
  'event_count',
  'last_event_at',
  'detail_at',
  'sort_at',
  'updated_at',
];

/** Yuan text ("100.00") → fen, null when it is not an amount. */
export function yuanToFen(text: string): number | null {
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(text.trim());
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : null;
}

/** How far past the requested page a filtered count goes (then the list says "2000+" and counts on as it scrolls). */
export const COUNT_CAP = 2_000;

const minDefined = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));

/** Which status a fact may set: a higher rank always, the same rank only when the fact is not older. */
function advances(row: Pick<OrderRow, 'status_rank' | 'fact_at'>, status: TradeStatus, at: number): boolean {
  const rank = STATUS_RANK[status];
  return rank > row.status_rank || (rank === row.status_rank && at >= row.fact_at);
}

/**
 * Orders of one shop: state derived from events and trade API answers (never backwards), the timeline, the list.
 * Every write method is synchronous and meant to run inside the caller's transaction (the consumed MQ batch, or one
 * backfill page).
 */
export class OrderStore {
  private readonly selectRow: Statement;
  private readonly insertRow: Statement;
  private readonly selectRows: Statement;
  private readonly insertRows: Statement;
  /** UPDATEs by the set of columns they write (see save). */
  private readonly updates = new Map<string, Statement>();
  private readonly insertSyncEvent: Statement;
  private readonly dropOaid: Statement;

  constructor(
    private readonly db: Db,
    readonly shopId: number,
  ) {
    this.selectRow = db.prepare('SELECT * FROM orders WHERE shop_id = ? AND tid = ?');
    this.insertRow = db.prepare('INSERT INTO orders (shop_id, tid, sort_at, updated_at) VALUES (?, ?, ?, ?) RETURNING *');
    // A consumed batch reads and creates its orders with one statement each (a JSON array of tids / [tid, sort_at]):
    // the per-order statement calls cost more than the B-tree lookups. Both search the orders_tid index.
    this.selectRows = db.prepare('SELECT * FROM orders WHERE shop_id = ? AND tid IN (SELECT value FROM json_each(?))');
    this.insertRows = db.prepare('INSERT INTO orders (shop_id, tid, sort_at, updated_at) SELECT ?, value ->> 0, value ->> 1, ? FROM json_each(?) RETURNING *');
    this.insertSyncEvent = db.prepare(
      `INSERT INTO order_events (shop_id, tid, topic, source, event_key, status, at, detail, received_at)
       VALUES (?, ?, 'sync', 'sync', ?, ?, ?, '{}', ?) ON CONFLICT (shop_id, event_key) DO NOTHING`,
    );
    this.dropOaid = db.prepare('DELETE FROM order_oaids WHERE shop_id = ? AND tid = ?');
  }

  private load(tid: string, at: number, now: number): OrderRow {
    return (this.selectRow.get(this.shopId, tid) ?? this.insertRow.get(this.shopId, tid, at, now)) as OrderRow;
  }

  /** The rows of these orders, created (sort_at = the first event's time) where they do not exist yet. */
  private loadMany(first: Map<string, number>, now: number): Map<string, OrderRow> {
    const rows = new Map<string, OrderRow>();
    for (const row of this.selectRows.all(this.shopId, JSON.stringify([...first.keys()])) as OrderRow[]) rows.set(row.tid, row);
    const missing: Array<[string, number]> = [];
    for (const [tid, at] of first) if (!rows.has(tid)) missing.push([tid, at]);
    if (missing.length) for (const row of this.insertRows.all(this.shopId, now, JSON.stringify(missing)) as OrderRow[]) rows.set(row.tid, row);
    return rows;
  }

  /**
   * Writes the columns that differ from `before` (the row as read). An UPDATE that names an indexed column rewrites that
   * index entry even when the value stays, so an event that only moves the status leaves orders_recent and orders_buyer
   * alone. Statements are prepared once per column set; positional binding (named costs more per call).
   */
  private save(row: OrderRow, before: OrderRow) {
    const changed = WRITABLE.filter((c) => row[c] !== before[c]);
    if (!changed.length) return;
    const key = changed.join(',');
    let update = this.updates.get(key);
    if (!update) this.updates.set(key, (update = this.db.prepare(`UPDATE orders SET ${changed.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`)));
    update.run(...changed.map((c) => row[c]), row.id);
  }

  /** Applies new MQ events (each one already stored in order_events). Returns the tids that changed. */
  applyEvents(events: StoredOrderEvent[], now: number): string[] {
    // One read and one write per order, however many of its events the batch holds.
    const first = new Map<string, number>();
    for (const e of events) if (!first.has(e.tid)) first.set(e.tid, e.at);
    const rows = this.loadMany(first, now);
    const before = new Map<string, OrderRow>();
    for (const [tid, row] of rows) before.set(tid, { ...row });
    for (const e of events) {
      applyEvent(rows.get(e.tid)!, e);
      if (e.topic === 'taobao_trade_TradeLogisticsAddressChanged' || e.topic === 'taobao_trade_TradeChanged') this.dropOaid.run(this.shopId, e.tid);
    }
    for (const [tid, row] of rows) {
      row.updated_at = now;
      this.save(row, before.get(tid)!);
    }
    return [...rows.keys()];
  }

  /**
   * Applies what a trade API said. A status change it reveals becomes a 'sync' entry in the timeline.
   * `detail` marks a trade.fullinfo.get answer (the order's details are now known).
   */
  applyTrade(t: TradeFacts, now: number, opts: { detail?: boolean } = {}): boolean {
    const at = t.modified ?? now;
    const row = this.load(t.tid, t.created ?? at, now);
    const read = { ...row };
    const before = row.status;
    if (t.status && advances(row, t.status, at)) {
      row.status = t.status;
      row.status_rank = STATUS_RANK[t.status];
      row.fact_at = at;
    }
    // The platform's own times are exact: they replace times inferred from events.
    row.created_at = t.created ?? row.created_at;
    row.pay_at = t.payTime ?? row.pay_at;
    row.consign_at = t.consignTime ?? row.consign_at;
    row.end_at = t.endTime ?? row.end_at;
    if (t.modified !== null && (row.modified_at === null || t.modified >= row.modified_at)) {
      row.modified_at = t.modified;
      if (t.payment) {
        row.payment = t.payment;
        row.payment_fen = yuanToFen(t.payment);
      }
      if (t.postFee) row.post_fee = t.postFee;
    }
    if (!row.payment && t.payment) {
      row.payment = t.payment;
      row.payment_fen = yuanToFen(t.payment);
    }
    row.type ||= t.type;
    row.buyer_open_uid ||= t.buyerOpenUid;
    row.buyer_nick ||= t.buyerNick;
    if (t.items && t.items.length) {
      row.items = JSON.stringify(t.items.map((i) => ({ oid: i.oid, title: i.title, num: i.num })));
      row.item_text = t.items.map((i) => i.title).join('\n');
    }
    row.sort_at = row.created_at ?? row.sort_at;
    if (opts.detail) row.detail_at = now;
    const changed = row.status !== before;
    if (changed) {
      const inserted = this.insertSyncEvent.run(this.shopId, t.tid, `sync:${t.tid}:${row.status}:${at}`, row.status, at, now);
      row.event_count += inserted.changes;
      row.last_event_at = Math.max(row.last_event_at ?? 0, at);
    }
    row.updated_at = now;
    this.save(row, read);
    return changed;
  }

  private readonly statements = new Map<string, Statement>();
  /** List queries are built from the filters given: each shape is prepared once. */
  private statement(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }

  get(tid: string): OrderRow | undefined {
    return this.selectRow.get(this.shopId, tid) as OrderRow | undefined;
  }

  /** Every order of the shop (kept by triggers: migration 0015). */
  count(): number {
    return this.statement('SELECT COALESCE((SELECT orders FROM order_counts WHERE shop_id = @shopId), 0)').pluck().get({ shopId: this.shopId }) as number;
  }

  lastEventAt(): number | null {
    return (this.db.prepare("SELECT MAX(received_at) FROM order_events WHERE shop_id = ? AND source = 'mq'").pluck().get(this.shopId) as number | null) ?? null;
  }

  /**
   * One page, newest first. Each filter has an index (migration 0015; test/unit/orders/list.test.ts):
   * the count stops COUNT_CAP rows past the page, and a selective filter (order number, item words) then decides the
   * plan: few matches are read through that filter's index and sorted; many are found walking the newest orders.
   */
  list(q: OrdersListQuery): OrdersPage {
    const where: string[] = [];
    const params: Record<string, unknown> = { shopId: this.shopId };
    if (q.status?.length) {
      where.push(`o.status IN (${q.status.map((_, i) => `@s${i}`).join(', ')})`);
      q.status.forEach((s, i) => (params[`s${i}`] = s));
    }
    const from = q.createdFrom ? parseBeijingDateTime(q.createdFrom) : null;
    const to = q.createdTo ? parseBeijingDateTime(q.createdTo) : null;
    if (from !== null) {
      where.push('o.sort_at >= @from');
      params.from = from;
    }
    if (to !== null) {
      where.push('o.sort_at <= @to');
      params.to = to;
    }
    if (q.minPayment !== undefined) {
      where.push('o.payment_fen >= @minFen');
      params.minFen = Math.round(q.minPayment * 100);
    }
    if (q.maxPayment !== undefined) {
      where.push('o.payment_fen <= @maxFen');
      params.maxFen = Math.round(q.maxPayment * 100);
    }
    if (q.buyerOpenUid) {
      where.push('o.buyer_open_uid = @buyer');
      params.buyer = q.buyerOpenUid;
    }
    if (q.tid) {
      // A prefix as a range on the (shop, tid) index (LIKE cannot use it): digits sort before ':'.
      where.push('o.tid >= @tidFrom AND o.tid < @tidTo');
      params.tidFrom = q.tid;
      params.tidTo = `${q.tid}:`;
    }
    const item = q.item?.trim() ?? '';
    // Trigram index for 3 characters or more (a quoted phrase matches the substring; quotes inside are doubled).
    const fts = Array.from(item).length >= 3;
    if (item) {
      where.push("o.item_text LIKE @like ESCAPE '\\'");
      params.like = `%${item.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      if (fts) params.match = `"${item.replace(/"/g, '""')}"`;
    }
    const filtered = where.length > 0;
    const clause = ['o.shop_id = @shopId', ...where].join(' AND ');
    // The selective filter's own index: the order number's range, or the item words' trigram index.
    const driven = q.tid
      ? `FROM orders o INDEXED BY orders_tid WHERE ${clause}`
      : fts
        ? `FROM order_items_fts f CROSS JOIN orders o ON o.id = f.rowid WHERE order_items_fts MATCH @match AND ${clause}`
        : null;
    const offset = (q.page - 1) * q.pageSize;
    const cap = offset + q.pageSize + COUNT_CAP;
    const counted = filtered
      ? (this.statement(`SELECT COUNT(*) FROM (SELECT 1 ${driven ?? `FROM orders o WHERE ${clause}`} LIMIT @cap)`)
          .pluck()
          .get({ ...params, cap }) as number)
      : this.count();
    const capped = filtered && counted >= cap;
    // Few matches: through the filter's index, then sorted (at most `cap` rows). Many: the newest orders in index order.
    const source = driven && !capped ? driven : `FROM orders o${driven ? ' INDEXED BY orders_recent' : ''} WHERE ${clause}`;
    const rows = this.statement(`SELECT o.* ${source} ORDER BY o.sort_at DESC, o.tid DESC LIMIT @limit OFFSET @offset`).all({
      ...params,
      limit: q.pageSize,
      offset,
    }) as OrderRow[];
    return { items: rows.map(summaryOf), total: counted, totalCapped: capped, page: q.page, pageSize: q.pageSize };
  }

  /** Every order with this status, newest first (CLI). */
  all(status?: TradeStatus): OrderSummary[] {
    const rows = status
      ? this.db.prepare('SELECT * FROM orders WHERE shop_id = ? AND status = ? ORDER BY sort_at DESC, tid DESC').all(this.shopId, status)
      : this.db.prepare('SELECT * FROM orders WHERE shop_id = ? ORDER BY sort_at DESC, tid DESC').all(this.shopId);
    return (rows as OrderRow[]).map(summaryOf);
  }

  timeline(tid: string): OrderEventView[] {
    const rows = this.db
      .prepare('SELECT id, topic, source, status, at, detail, received_at FROM order_events WHERE shop_id = ? AND tid = ? ORDER BY at, id')
      .all(this.shopId, tid) as Array<{
      id: number;
      topic: string;
      source: 'mq' | 'sync';
      status: string;
      at: number | null;
      detail: string;
      received_at: number;
    }>;
    // TMC times have whole seconds: within one second the lifecycle decides (a create before its payment).
    rows.sort((a, b) => (a.at ?? 0) - (b.at ?? 0) || (TOPIC_ORDER[a.topic] ?? 99) - (TOPIC_ORDER[b.topic] ?? 99) || a.id - b.id);
    return rows.map((r) => ({
      id: r.id,
      topic: r.topic,
      source: r.source,
      status: r.status,
      at: r.at === null ? null : formatBeijing(r.at, true),
      receivedAt: formatBeijing(r.received_at, true),
      detail: parseDetail(r.detail),
    }));
  }

  detail(tid: string): Omit<OrderDetail, 'detailSource' | 'detailError' | 'messages'> | null {
    const row = this.get(tid);
    if (!row) return null;
    return {
      ...summaryOf(row),
      type: row.type,
      postFee: row.post_fee,
      refundFee: row.refund_fee,
      logistics: row.logistics_action ? { action: row.logistics_action, company: row.logistics_company, outSid: row.logistics_out_sid } : null,
      timeline: this.timeline(tid),
      detailFetchedAt: row.detail_at === null ? null : formatBeijing(row.detail_at, true),
    };
  }
}

/** One MQ event's facts folded into the row (pure, so the rules are testable). */
export function applyEvent(row: OrderRow, e: StoredOrderEvent): void {
  const topic: OrderTopic = e.topic;
  row.event_count += 1;
  row.last_event_at = Math.max(row.last_event_at ?? 0, e.at);
  row.buyer_open_uid ||= e.buyerOpenUid;
  row.buyer_nick ||= e.buyerNick;
  row.type ||= e.detail.type ?? '';
  if (e.detail.payment && (!row.payment || (topic.startsWith('taobao_trade_') && e.at >= row.fact_at && row.modified_at === null))) {
    row.payment = e.detail.payment;
    row.payment_fen = yuanToFen(e.detail.payment);
  }
  if (e.detail.post_fee && !row.post_fee) row.post_fee = e.detail.post_fee;

  // Times implied by the event, only where the platform has not said better.
  if (topic === 'taobao_trade_TradeCreate') row.created_at ??= e.at;
  if (topic === 'taobao_trade_TradeBuyerPay') row.pay_at ??= e.at;
  if (topic === 'taobao_trade_TradeSellerShip' || topic === 'taobao_trade_TradePartlySellerShip') row.consign_at ??= e.at;
  if (topic === 'taobao_trade_TradeSuccess' || topic === 'taobao_trade_TradeClose') row.end_at ??= e.at;

  let status = e.status;
  // TradeClose says "closed"; whether before or after payment follows from what is known of the order.
  const paid = row.pay_at !== null || (row.status_rank >= 2 && row.status !== 'TRADE_CLOSED_BY_TAOBAO');
  if (status === 'TRADE_CLOSED_BY_TAOBAO' && paid) status = 'TRADE_CLOSED';
  if (status && advances(row, status, e.at)) {
    row.status = status;
    row.status_rank = STATUS_RANK[status];
    row.fact_at = e.at;
  } else if (row.status === 'TRADE_CLOSED_BY_TAOBAO' && topic === 'taobao_trade_TradeBuyerPay') {
    // The payment arrived after the close: it was closed after payment after all.
    row.status = 'TRADE_CLOSED';
  }
  if (isTradeStatus(row.status) && STATUS_RANK[row.status] === FINAL_RANK) row.end_at ??= row.fact_at || e.at;

  const refund = REFUND_STATUS_BY_TOPIC[topic];
  if (refund && (row.refund_at === null || e.at >= row.refund_at)) {
    row.refund_status = refund;
    row.refund_at = e.at;
    if (e.detail.refund_fee) row.refund_fee = e.detail.refund_fee;
  }
  if (topic === 'taobao_logistics_LogsticDetailTrace' && e.detail.action) {
    if (row.logistics_at === null || e.at >= row.logistics_at) {
      row.logistics_action = e.detail.action;
      row.logistics_company = e.detail.company_name ?? row.logistics_company;
      row.logistics_out_sid = e.detail.out_sid ?? row.logistics_out_sid;
      row.logistics_at = e.at;
    }
    if (e.detail.action === 'SIGNED') row.signed_at = minDefined(row.signed_at, e.at);
  }
  row.sort_at = row.created_at ?? Math.min(row.sort_at, e.at);
}

function parseDetail(text: string): Record<string, string> {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, string>) : {};
  } catch {
    return {};
  }
}

const beijing = (ms: number | null) => (ms === null ? null : formatBeijing(ms, true));

function summaryOf(row: OrderRow): OrderSummary {
  let items: OrderItem[];
  try {
    items = (JSON.parse(row.items) as Array<{ title: string; num: number }>).map((i) => ({ title: i.title, num: i.num }));
  } catch {
    items = []; // a damaged items column shows no items rather than failing the whole list
  }
  return {
    tid: row.tid,
    status: isTradeStatus(row.status) ? row.status : '',
    buyerOpenUid: row.buyer_open_uid,
    buyerNick: row.buyer_nick,
    payment: row.payment,
    created: beijing(row.created_at),
    payTime: beijing(row.pay_at),
    consignTime: beijing(row.consign_at),
    endTime: beijing(row.end_at),
    items,
    events: row.event_count,
    refundStatus: row.refund_status,
    signedTime: beijing(row.signed_at),
  };
}
