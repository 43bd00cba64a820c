import type { Migration } from './migration';

/**
 * Opt-out replies of buyers reached by OAID (issue 17 §5, orders-oaid.md §0).
 *
 * - campaign_recipients.extend_num: the extension code an order row was sent with (digits), so a reply's dest_code
 *   names the order it answers. Assigned from `order_extend_seq` (one counter per shop, see sending/README.md).
 * - reply_order_links: what a reply was linked to: `code` (its dest_code matched one order row), `time` (no code,
 *   and exactly one OAID send could have been answered), or `none` with the reason it stays unlinked. The partial
 *   index on accepted order rows by time keeps the no-code lookup off the phone rows.
 */
const migration: Migration = {
  version: 20,
  name: 'order-reply-links',
  up(db) {
    db.exec(`
      ALTER TABLE campaign_recipients ADD COLUMN extend_num TEXT CHECK (extend_num IS NULL OR (extend_num <> '' AND extend_num NOT GLOB '*[^0-9]*'));
      CREATE INDEX campaign_recipients_extend_num ON campaign_recipients (shop_id, extend_num) WHERE extend_num IS NOT NULL;
      CREATE INDEX campaign_recipients_order_submitted ON campaign_recipients (shop_id, submitted_at) WHERE status = 'accepted' AND tid IS NOT NULL;

      CREATE TABLE order_extend_seq (
        shop_id INTEGER PRIMARY KEY REFERENCES shops(id),
        next INTEGER NOT NULL CHECK (next >= 0)
      );

      CREATE TABLE reply_order_links (
        reply_id INTEGER PRIMARY KEY REFERENCES replies(id) ON DELETE CASCADE,
        shop_id INTEGER NOT NULL REFERENCES shops(id),
        method TEXT NOT NULL CHECK (method IN ('code', 'time', 'none')),
        recipient_id INTEGER REFERENCES campaign_recipients(id) ON DELETE SET NULL,
        tid TEXT CHECK (tid IS NULL OR (tid <> '' AND tid NOT GLOB '*[^0-9]*')),
        buyer_open_uid TEXT,
        note TEXT NOT NULL DEFAULT '',
        CHECK ((method = 'none') = (tid IS NULL))
      );
      CREATE INDEX reply_order_links_tid ON reply_order_links (shop_id, tid) WHERE tid IS NOT NULL;
    `);
  },
};
export default migration;
