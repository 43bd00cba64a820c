import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/database';
import { PURCHASE_STATUSES } from '../db/migrations/0016-audiences-costs';

const purchase = `o.status IN (${PURCHASE_STATUSES.map((s) => `'${s}'`).join(', ')})`;

/** The aggregate rows of the noted buyers go first (a buyer without orders left gets none back). */
export const DROP_NOTED_SQL = 'DELETE FROM audience_buyers WHERE (shop_id, buyer_open_uid) IN (SELECT shop_id, buyer_open_uid FROM audience_dirty)';
/** orders_buyer (shop_id, buyer_open_uid, …) WHERE buyer_open_uid <> '' serves the join: the condition is repeated for it. */
export const REBUILD_NOTED_SQL = `
  INSERT INTO audience_buyers (shop_id, buyer_open_uid, order_count, purchases, amount_fen, first_purchase_at, last_purchase_at, refunded)
    SELECT o.shop_id, o.buyer_open_uid, COUNT(*),
      SUM(${purchase}),
      COALESCE(SUM(CASE WHEN ${purchase} THEN COALESCE(o.payment_fen, 0) END), 0),
      MIN(CASE WHEN ${purchase} THEN COALESCE(o.created_at, o.sort_at) END),
      MAX(CASE WHEN ${purchase} THEN COALESCE(o.created_at, o.sort_at) END),
      SUM(o.refund_status = 'SUCCESS' OR o.status = 'TRADE_CLOSED')
    FROM audience_dirty d CROSS JOIN orders o ON o.shop_id = d.shop_id AND o.buyer_open_uid = d.buyer_open_uid AND o.buyer_open_uid <> ''
    GROUP BY o.shop_id, o.buyer_open_uid`;

interface Refresh {
  pending: Statement;
  run: () => void;
}
const byDb = new WeakMap<Db, Refresh>();

/**
 * Rebuilds the aggregate rows (audience_buyers) of the buyers noted in audience_dirty by the order triggers (migration
 * 0019), set-based, and clears the notes: a buyer without orders left loses its row. Cheap when nothing changed (one
 * probe of an empty table). Call before reading audience_buyers; it runs in its own transaction (a savepoint inside one).
 */
export function refreshBuyerAggregates(db: Db): void {
  let refresh = byDb.get(db);
  if (!refresh) {
    const drop = db.prepare(DROP_NOTED_SQL);
    const rebuild = db.prepare(REBUILD_NOTED_SQL);
    const clear = db.prepare('DELETE FROM audience_dirty');
    const pending = db.prepare('SELECT 1 FROM audience_dirty LIMIT 1').pluck();
    const run = db.transaction(() => {
      drop.run();
      rebuild.run();
      clear.run();
    });
    byDb.set(db, (refresh = { pending, run }));
  }
  if (refresh.pending.get() !== undefined) refresh.run();
}
