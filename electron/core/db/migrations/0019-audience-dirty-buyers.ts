import type { Migration } from './migration';

const WATCHED = ['buyer_open_uid', 'status', 'payment_fen', 'created_at', 'sort_at', 'refund_status'];

/**
 * Buyer aggregates refreshed per read instead of per order write (issue 17: the per-row refresh of 0016 cost
 * ~3.5× an order write, so order-event ingest ran at half the speed of the bare consume/ack loop).
 *
 * - audience_dirty: the buyers whose orders changed since their aggregate row was last rebuilt. The triggers on
 *   orders (insert / change of a watched column / move to another buyer / delete) only note the buyer here.
 * - electron/core/audiences/aggregates.ts rebuilds the noted buyers set-based and empties the table; SegmentQuery
 *   does it before every read of audience_buyers, so counts stay exact while ingest and backfill pay only for a note.
 * The trigger names keep the `audience_buyers_` prefix: they are still what keeps the aggregates right.
 */
const migration: Migration = {
  version: 19,
  name: 'audience-dirty-buyers',
  up(db) {
    db.exec(`
      DROP TRIGGER audience_buyers_order_insert;
      DROP TRIGGER audience_buyers_order_moved;
      DROP TRIGGER audience_buyers_order_update;
      DROP TRIGGER audience_buyers_order_delete;

      CREATE TABLE audience_dirty (
        shop_id INTEGER NOT NULL,
        buyer_open_uid TEXT NOT NULL CHECK (buyer_open_uid <> ''),
        PRIMARY KEY (shop_id, buyer_open_uid)
      ) WITHOUT ROWID;

      CREATE TRIGGER audience_buyers_order_insert AFTER INSERT ON orders WHEN NEW.buyer_open_uid <> ''
        BEGIN INSERT OR IGNORE INTO audience_dirty VALUES (NEW.shop_id, NEW.buyer_open_uid); END;
      CREATE TRIGGER audience_buyers_order_moved AFTER UPDATE OF shop_id, buyer_open_uid ON orders
        WHEN OLD.buyer_open_uid <> '' AND (OLD.shop_id, OLD.buyer_open_uid) IS NOT (NEW.shop_id, NEW.buyer_open_uid)
        BEGIN INSERT OR IGNORE INTO audience_dirty VALUES (OLD.shop_id, OLD.buyer_open_uid); END;
      CREATE TRIGGER audience_buyers_order_update AFTER UPDATE ON orders
        WHEN NEW.buyer_open_uid <> '' AND (OLD.shop_id, ${WATCHED.map((c) => `OLD.${c}`).join(', ')}) IS NOT (NEW.shop_id, ${WATCHED.map((c) => `NEW.${c}`).join(', ')})
        BEGIN INSERT OR IGNORE INTO audience_dirty VALUES (NEW.shop_id, NEW.buyer_open_uid); END;
      CREATE TRIGGER audience_buyers_order_delete AFTER DELETE ON orders WHEN OLD.buyer_open_uid <> ''
        BEGIN INSERT OR IGNORE INTO audience_dirty VALUES (OLD.shop_id, OLD.buyer_open_uid); END;
    `);
  },
};
export default migration;
