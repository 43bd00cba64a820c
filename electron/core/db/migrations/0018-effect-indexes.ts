import type { Migration } from './migration';

/**
 * 效果 reports (issue 19) read one period at a time, so each table they touch gets an index on time that also covers
 * the columns the report needs (no row lookups):
 *
 * - campaign_recipients_buyer_touch: numbers an order send reached (accepted, with a buyer), by acceptance time.
 *   Phone-list rows (no buyer) stay out of it, so a big phone campaign does not widen it.
 * - campaigns_started: campaigns by start, for their control hold-backs (a hold-back happens when its campaign starts;
 *   the group may be drawn earlier, with the draft).
 * - orders_created_buyer: orders by creation time with what attribution reads (buyer, status, payment, tid).
 */
const migration: Migration = {
  version: 18,
  name: 'effect-indexes',
  up(db) {
    db.exec(`
      CREATE INDEX campaign_recipients_buyer_touch ON campaign_recipients (shop_id, submitted_at, campaign_id, buyer_open_uid, status)
        WHERE status = 'accepted' AND buyer_open_uid IS NOT NULL AND buyer_open_uid <> '';
      CREATE INDEX campaigns_started ON campaigns (shop_id, started_at) WHERE started_at IS NOT NULL;
      CREATE INDEX orders_created_buyer ON orders (shop_id, created_at, buyer_open_uid, status, payment_fen, tid)
        WHERE buyer_open_uid <> '' AND created_at IS NOT NULL;
    `);
  },
};
export default migration;
